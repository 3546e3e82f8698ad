/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mr-cli-private.h"
#include "mr-contact-list.h"

/* mailroom-cli contacts …: the address book's people. */

typedef struct
{
  char *first_name;
  char *last_name;
  char *email;
  char *phone;
  char *department;
  char *place;
  char *personnel_id;
  char *employee_id;
  char *notes;
  gboolean accessibility;
  gboolean no_accessibility;
  gboolean is_private;
  gboolean shared;
} ContactOptions;

static void
contact_options_clear (ContactOptions *o)
{
  g_free (o->first_name);
  g_free (o->last_name);
  g_free (o->email);
  g_free (o->phone);
  g_free (o->department);
  g_free (o->place);
  g_free (o->personnel_id);
  g_free (o->employee_id);
  g_free (o->notes);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ContactOptions, contact_options_clear)

#define N_CONTACT_ENTRIES 14

/* The options of "add" and "edit"; "edit" also takes the negative
 * switches, since an edit only changes what it names. */
static void
contact_entries (ContactOptions *o, gboolean edit, GOptionEntry entries[N_CONTACT_ENTRIES])
{
  const GOptionEntry all[N_CONTACT_ENTRIES] = {
    { "first-name", 0, 0, G_OPTION_ARG_STRING, &o->first_name, N_ ("First name"), N_ ("NAME") },
    { "last-name", 0, 0, G_OPTION_ARG_STRING, &o->last_name, N_ ("Last name"), N_ ("NAME") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &o->email, N_ ("Email address"), N_ ("EMAIL") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &o->phone, N_ ("Phone number"), N_ ("PHONE") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &o->department, N_ ("Department, by name or id"),
      N_ ("DEPARTMENT") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &o->place,
      N_ ("Mail stop or other place, by name, path, code or id"), N_ ("PLACE") },
    { "personnel-id", 0, 0, G_OPTION_ARG_STRING, &o->personnel_id,
      N_ ("Personnel ID (badge or card number, unique)"), N_ ("ID") },
    { "employee-id", 0, 0, G_OPTION_ARG_STRING, &o->employee_id, N_ ("Employee ID"), N_ ("ID") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &o->notes, N_ ("Notes"), N_ ("TEXT") },
    { "accessibility", 0, 0, G_OPTION_ARG_NONE, &o->accessibility,
      N_ ("Needs accessibility accommodations for locker use"), NULL },
    { "private", 0, 0, G_OPTION_ARG_NONE, &o->is_private, N_ ("Private contact"), NULL },
    { "no-accessibility", 0, 0, G_OPTION_ARG_NONE, &o->no_accessibility,
      N_ ("Does not need accessibility accommodations"), NULL },
    { "shared", 0, 0, G_OPTION_ARG_NONE, &o->shared, N_ ("Shared contact (not private)"), NULL },
    { NULL },
  };
  guint n = edit ? N_CONTACT_ENTRIES : N_CONTACT_ENTRIES - 2;

  for (guint i = 0; i < N_CONTACT_ENTRIES; i++)
    entries[i] = all[i];
  /* "add" stops before the negative switches. */
  entries[n - 1] = (GOptionEntry){ NULL };
}

static void
dict_option (GVariantDict *dict, const char *key, const char *value)
{
  /* Absent: unchanged. Empty: cleared (the store stores blanks as NULL). */
  if (value != NULL)
    g_variant_dict_insert (dict, key, "s", value);
}

/* Turns the options into mutation arguments, resolving the department and
 * place names. Returns FALSE after printing why. */
static gboolean
contact_options_to_dict (
  MrCli *cli, const char *command, ContactOptions *o, GVariantDict *dict, int *status)
{
  if ((o->accessibility && o->no_accessibility) || (o->is_private && o->shared))
    {
      *status = mr_cli_usage_error (command, _ ("Contradictory options: choose one of each pair."));
      return FALSE;
    }
  dict_option (dict, "first_name", o->first_name);
  dict_option (dict, "last_name", o->last_name);
  dict_option (dict, "email", o->email);
  dict_option (dict, "phone", o->phone);
  dict_option (dict, "personnel_id", o->personnel_id);
  dict_option (dict, "employee_id", o->employee_id);
  dict_option (dict, "notes", o->notes);
  if (o->department != NULL)
    {
      g_autoptr (MrDepartment) d = NULL;

      if (*o->department != '\0' && !(d = mr_cli_resolve_department (cli, o->department)))
        {
          *status = MR_CLI_DATA;
          return FALSE;
        }
      dict_option (dict, "department_id", d ? mr_department_get_id (d) : "");
    }
  if (o->place != NULL)
    {
      g_autoptr (MrNode) p = NULL;

      if (*o->place != '\0' && !(p = mr_cli_resolve_place (cli, o->place)))
        {
          *status = MR_CLI_DATA;
          return FALSE;
        }
      dict_option (dict, "place_id", p ? mr_node_get_id (p) : "");
    }
  if (o->accessibility || o->no_accessibility)
    g_variant_dict_insert (dict, "needs_accessibility", "b", o->accessibility);
  if (o->is_private || o->shared)
    g_variant_dict_insert (dict, "is_private", "b", o->is_private);
  return TRUE;
}

/* list, search */

static int
print_contact_list (
  MrCli *cli, const char *search, const char *department, const char *place, int limit)
{
  g_autoptr (MrContactList) list = NULL;
  guint n;

  if (mr_cli_open_store (cli) == NULL)
    return MR_CLI_DATA;
  list = mr_contact_list_new (cli->store);
  if (department != NULL)
    {
      g_autoptr (MrDepartment) d = mr_cli_resolve_department (cli, department);

      if (d == NULL)
        return MR_CLI_DATA;
      mr_contact_list_set_department_id (list, mr_department_get_id (d));
    }
  if (place != NULL)
    {
      g_autoptr (MrNode) p = mr_cli_resolve_place (cli, place);

      if (p == NULL)
        return MR_CLI_DATA;
      mr_contact_list_set_place_id (list, mr_node_get_id (p));
    }
  mr_contact_list_set_search (list, search);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (limit > 0)
    n = MIN (n, (guint) limit);

  if (cli->json)
    mr_cli_json_print_model (G_LIST_MODEL (list), n, (MrCliJsonMembers) mr_cli_json_contact);
  else if (n == 0)
    g_print ("%s\n", _ ("No contacts match."));
  else
    {
      g_autoptr (MrCliTable) table =
        mr_cli_table_new (_ ("Name"), _ ("Email"), _ ("Phone"), _ ("Department"), _ ("Place"),
                          _ ("Personnel ID"), _ ("ID"), NULL);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (list), i);

          if (c == NULL)
            break;
          mr_cli_table_add_row (table, mr_contact_get_display_name (c), mr_contact_get_email (c),
                                mr_contact_get_phone (c), mr_contact_get_department_name (c),
                                mr_contact_get_place_name (c), mr_contact_get_personnel_id (c),
                                mr_contact_get_id (c));
        }
      mr_cli_table_print (table);
    }
  return MR_CLI_OK;
}

static int
contacts_list (MrCli *cli, int argc, char **argv)
{
  g_autofree char *search = NULL;
  g_autofree char *department = NULL;
  g_autofree char *place = NULL;
  int limit = 0;
  const GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_ ("Only contacts matching these words (any field, accents ignored)"), N_ ("WORDS") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department,
      N_ ("Only members of this department (name or id)"), N_ ("DEPARTMENT") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place,
      N_ ("Only contacts at this place (name, path, code or id)"), N_ ("PLACE") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_ ("Show at most N contacts (default: all)"),
      N_ ("N") },
    { NULL },
  };
  MrCliSpec spec = { "", _ ("Lists contacts in name order."), entries, 0, 0 };
  int status;

  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  if (limit < 0)
    return mr_cli_usage_error (argv[0], _ ("--limit takes a positive number."));
  return print_contact_list (cli, search, department, place, limit);
}

static int
contacts_search (MrCli *cli, int argc, char **argv)
{
  int limit = 0;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_ ("Show at most N contacts (default: all)"),
      N_ ("N") },
    { NULL },
  };
  MrCliSpec spec = { _ ("WORDS"), _ ("Finds contacts by any field, accents and case ignored."),
                     entries, 1, 1 };
  int status;

  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  if (limit < 0)
    return mr_cli_usage_error (argv[0], _ ("--limit takes a positive number."));
  return print_contact_list (cli, argv[1], NULL, NULL, limit);
}

/* show */

static int
contacts_show (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("ID|PERSONNEL_ID|EMAIL"),
                     _ ("Shows a contact and the history of its changes."), NULL, 1, 1 };
  g_autoptr (MrContact) c = NULL;
  g_autoptr (MrNode) place = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  c = mr_cli_resolve_contact (cli, argv[1]);
  if (c == NULL)
    return MR_CLI_DATA;
  if (mr_contact_get_place_id (c) != NULL)
    place = mr_store_find_place (cli->store, mr_contact_get_place_id (c));

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      mr_cli_json_contact (b, c);
      mr_cli_json_string (b, "place_path", place ? mr_node_get_path (place) : NULL);
      mr_cli_json_history (b, cli, mr_contact_get_id (c));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else
    {
      g_autofree char *created = mr_cli_format_time (mr_contact_get_created_at (c));
      const char *fields[] = {
        _ ("Name"),
        mr_contact_get_display_name (c),
        _ ("Email"),
        mr_contact_get_email (c),
        _ ("Phone"),
        mr_contact_get_phone (c),
        _ ("Department"),
        mr_contact_get_department_name (c),
        _ ("Place"),
        place ? mr_node_get_path (place) : mr_contact_get_place_name (c),
        _ ("Personnel ID"),
        mr_contact_get_personnel_id (c),
        _ ("Employee ID"),
        mr_contact_get_employee_id (c),
        _ ("Accessibility"),
        mr_contact_get_needs_accessibility (c) ? _ ("needs accommodations for locker use") : NULL,
        _ ("Visibility"),
        mr_contact_get_is_private (c) ? _ ("private") : _ ("shared"),
        _ ("Notes"),
        mr_contact_get_notes (c),
        _ ("Created"),
        created,
        _ ("ID"),
        mr_contact_get_id (c),
        NULL,
      };

      mr_cli_print_fields (fields);
      mr_cli_print_history (cli, mr_contact_get_id (c));
    }
  return MR_CLI_OK;
}

/* add, edit */

static int
contacts_add (MrCli *cli, int argc, char **argv)
{
  g_auto (ContactOptions) o = { 0 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  GOptionEntry entries[N_CONTACT_ENTRIES];
  MrCliSpec spec = { "", _ ("Adds a contact and prints its id."), entries, 0, 0 };
  int status;

  contact_entries (&o, FALSE, entries);
  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!contact_options_to_dict (cli, argv[0], &o, &dict, &status))
    return status;
  return mr_cli_apply_and_print (cli, "contact.create", &dict);
}

static int
contacts_edit (MrCli *cli, int argc, char **argv)
{
  g_auto (ContactOptions) o = { 0 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrContact) c = NULL;
  g_autoptr (GVariant) probe = NULL;
  GOptionEntry entries[N_CONTACT_ENTRIES];
  MrCliSpec spec = { _ ("ID|PERSONNEL_ID|EMAIL"),
                     _ ("Changes the given fields of a contact; an empty value clears a field."),
                     entries, 1, 1 };
  int status;

  contact_entries (&o, TRUE, entries);
  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  c = mr_cli_resolve_contact (cli, argv[1]);
  if (c == NULL)
    return MR_CLI_DATA;
  if (!contact_options_to_dict (cli, argv[0], &o, &dict, &status))
    return status;

  /* An edit that names no field is a mistake, not a no-op. */
  probe = g_variant_ref_sink (g_variant_dict_end (&dict));
  if (g_variant_n_children (probe) == 0)
    return mr_cli_usage_error (argv[0], _ ("Nothing to change: give at least one field option."));
  g_variant_dict_init (&dict, probe);
  g_variant_dict_insert (&dict, "id", "s", mr_contact_get_id (c));
  return mr_cli_apply_and_print (cli, "contact.set", &dict);
}

/* delete, restore */

static int
contacts_delete (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("ID|PERSONNEL_ID|EMAIL"),
                     _ ("Deletes a contact. “contacts restore ID” brings it back."), NULL, 1, 1 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrContact) c = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  c = mr_cli_resolve_contact (cli, argv[1]);
  if (c == NULL)
    return MR_CLI_DATA;
  g_variant_dict_insert (&dict, "id", "s", mr_contact_get_id (c));
  return mr_cli_apply_and_print (cli, "contact.delete", &dict);
}

static int
contacts_restore (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("ID"), _ ("Restores a deleted contact, by the id “delete” printed."), NULL,
                     1, 1 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  g_variant_dict_insert (&dict, "id", "s", argv[1]);
  return mr_cli_apply_and_print (cli, "contact.restore", &dict);
}

const MrCliCommand mr_cli_contacts_commands[] = {
  { "list", N_ ("List contacts, optionally filtered"), contacts_list },
  { "search", N_ ("Find contacts by any field"), contacts_search },
  { "show", N_ ("Show a contact and its history"), contacts_show },
  { "add", N_ ("Add a contact"), contacts_add },
  { "edit", N_ ("Change a contact"), contacts_edit },
  { "delete", N_ ("Delete a contact"), contacts_delete },
  { "restore", N_ ("Restore a deleted contact"), contacts_restore },
  { "import", N_ ("Import contacts from a CSV file"), mr_cli_import_contacts },
  { "export", N_ ("Export contacts to a CSV file"), mr_cli_export_contacts },
  { NULL },
};
