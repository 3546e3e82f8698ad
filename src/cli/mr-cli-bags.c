/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-cli-packages-private.h"
#include "mr-package-list.h"

/* mailroom-cli packages bag … and packages handover-rule …: bags and
 * pouches that group packages, and the proof each place or person asks
 * for at handover. Changing several packages is one batch: all of them,
 * or none and the reason. */

/* Bags: output */

static void
json_bag_members (JsonBuilder *b, MrBag *bag)
{
  mr_cli_json_string (b, "id", bag->id);
  mr_cli_json_string (b, "label", bag->label);
  mr_cli_json_string (b, "place_id", bag->place_id);
  mr_cli_json_string (b, "place", bag->place_name);
  mr_cli_json_time (b, "created_at", bag->created_at);
  mr_cli_json_time (b, "closed_at", bag->closed_at);
  mr_cli_json_bool (b, "open", bag->closed_at == 0);
  mr_cli_json_int (b, "packages", bag->n_packages);
}

static const char *
bag_state (MrBag *bag)
{
  return bag->closed_at > 0 ? C_ ("bag", "Closed") : C_ ("bag", "Open");
}

static void
print_bag_fields (MrBag *bag)
{
  g_autofree char *created = mr_cli_format_time (bag->created_at);
  g_autofree char *closed = bag->closed_at > 0 ? mr_cli_format_time (bag->closed_at) : NULL;
  g_autofree char *count = g_strdup_printf ("%u", bag->n_packages);
  const char *fields[] = {
    _ ("Label"),     bag->label,     _ ("Status"), bag_state (bag), _ ("Place"),
    bag->place_name, _ ("Packages"), count,        _ ("Created"),   created,
    _ ("Closed"),    closed,         _ ("ID"),     bag->id,         NULL,
  };

  mr_cli_print_fields (fields);
}

/* The packages of a bag: every one, whatever its status. */
static MrPackageList *
bag_packages (MrCli *cli, MrBag *bag)
{
  MrPackageList *list = mr_package_list_new (cli->store, MR_PACKAGE_VIEW_HISTORY);
  MrPackageFilter filter = { 0 };

  filter.bag_id = bag->id;
  mr_package_list_set_filter (list, &filter);
  return list;
}

/* Prints a bag as "show" does: fields and packages, or one JSON object. */
static void
print_bag (MrCli *cli, MrBag *bag, gboolean with_packages)
{
  g_autoptr (MrPackageList) list = with_packages ? bag_packages (cli, bag) : NULL;
  guint n = list ? g_list_model_get_n_items (G_LIST_MODEL (list)) : 0;

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_bag_members (b, bag);
      if (with_packages)
        {
          json_builder_set_member_name (b, "package_list");
          json_builder_begin_array (b);
          for (guint i = 0; i < n; i++)
            {
              g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (list), i);

              if (p == NULL)
                break;
              json_builder_begin_object (b);
              mr_cli_packages_json_members (b, p);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
      return;
    }

  print_bag_fields (bag);
  if (!with_packages || n == 0)
    return;
  g_print ("\n");
  {
    g_autoptr (MrCliTable) table = mr_cli_table_new (_ ("Internal ID"), _ ("Tracking number"),
                                                     _ ("Recipient"), _ ("Status"), NULL);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (list), i);

        if (p == NULL)
          break;
        mr_cli_table_add_row (
          table, mr_package_get_internal_id (p), mr_package_get_tracking_number (p),
          mr_package_get_recipient_name (p) ? mr_package_get_recipient_name (p)
                                            : mr_package_get_department_name (p),
          mr_package_status_get_label (mr_package_get_status (p)));
      }
    mr_cli_table_print (table);
  }
}

/* Re-reads @id and prints it. */
static int
print_bag_by_id (MrCli *cli, const char *id, gboolean with_packages)
{
  g_autoptr (MrBag) bag = mr_store_get_bag (cli->store, id);

  if (bag == NULL)
    return mr_cli_data_error (_ ("The bag was saved but cannot be read back."));
  print_bag (cli, bag, with_packages);
  return MR_CLI_OK;
}

/* Bags: commands */

static int
bag_create (MrCli *cli, int argc, char **argv)
{
  g_autofree char *place = NULL;
  const GOptionEntry entries[] = {
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_ ("Where the bag is (place name, path or id)"),
      N_ ("PLACE") },
    { NULL },
  };
  MrCliSpec spec = { _ ("[LABEL]"),
                     _ ("Creates a bag (or pouch) to group packages. Without LABEL one is made, "
                        "such as BAG-0A1B2C."),
                     entries, 0, 1 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *id = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (argc > 1)
    g_variant_dict_insert (&d, "label", "s", argv[1]);
  if (place != NULL)
    {
      g_autoptr (MrNode) node = mr_cli_resolve_place (cli, place);

      if (node == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "place_id", "s", mr_node_get_id (node));
    }
  if (!mr_cli_apply (cli, "bag.create", &d, &id))
    return MR_CLI_DATA;
  return print_bag_by_id (cli, id, FALSE);
}

/* bag add / bag remove: every package, or none. */
static int
bag_packages_change (MrCli *cli, int argc, char **argv, gboolean add)
{
  MrCliSpec spec = { _ ("BAG PACKAGE…"),
                     add ? _ ("Puts packages in an open bag (by id, internal ID or tracking "
                              "number). A package is in one bag at a time, never while in a "
                              "locker. All of them or none.")
                         : _ ("Takes packages out of an open bag. All of them or none."),
                     NULL, 2, G_MAXUINT };
  g_autoptr (MrBag) bag = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((bag = mr_cli_packages_resolve_bag (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  for (int i = 2; i < argc; i++)
    {
      char *id = mr_cli_packages_resolve_package (cli, argv[i]);

      if (id == NULL)
        return MR_CLI_DATA;
      g_ptr_array_add (ids, id);
    }

  if (!mr_store_begin_batch (cli->store, &error))
    return mr_cli_report_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&d, "id", "s", bag->id);
      g_variant_dict_insert (&d, "package_id", "s", g_ptr_array_index (ids, i));
      if (!mr_store_apply (cli->store, add ? "bag.add" : "bag.remove", g_variant_dict_end (&d),
                           NULL, &error))
        {
          mr_store_end_batch (cli->store, FALSE, NULL);
          if (ids->len > 1)
            /* Translators: before the reason a package was refused: "1Z999…: reason" */
            g_prefix_error (&error, _ ("%s: "), argv[i + 2]);
          return mr_cli_report_error (error);
        }
    }
  if (!mr_store_end_batch (cli->store, TRUE, &error))
    return mr_cli_report_error (error);

  if (cli->json)
    return print_bag_by_id (cli, bag->id, TRUE);
  if (add)
    g_print (ngettext ("%u package added to bag %s.\n", "%u packages added to bag %s.\n", ids->len),
             ids->len, bag->label);
  else
    g_print (ngettext ("%u package taken out of bag %s.\n", "%u packages taken out of bag %s.\n",
                       ids->len),
             ids->len, bag->label);
  return MR_CLI_OK;
}

static int
bag_add (MrCli *cli, int argc, char **argv)
{
  return bag_packages_change (cli, argc, argv, TRUE);
}

static int
bag_remove (MrCli *cli, int argc, char **argv)
{
  return bag_packages_change (cli, argc, argv, FALSE);
}

static int
bag_state_change (MrCli *cli, int argc, char **argv, const char *mutation, const char *summary)
{
  MrCliSpec spec = { _ ("BAG"), summary, NULL, 1, 1 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrBag) bag = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((bag = mr_cli_packages_resolve_bag (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  g_variant_dict_insert (&d, "id", "s", bag->id);
  if (!mr_cli_apply (cli, mutation, &d, NULL))
    return MR_CLI_DATA;
  return print_bag_by_id (cli, bag->id, FALSE);
}

static int
bag_close (MrCli *cli, int argc, char **argv)
{
  return bag_state_change (cli, argc, argv, "bag.close",
                           _ ("Closes a bag: it takes no more packages until reopened."));
}

static int
bag_reopen (MrCli *cli, int argc, char **argv)
{
  return bag_state_change (cli, argc, argv, "bag.reopen", _ ("Reopens a closed bag."));
}

static int
bag_move (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("BAG PLACE"),
                     _ ("Moves a bag to a place, with every package in it still in the mailroom: "
                        "each gets a “moved” event in its chain of custody."),
                     NULL, 2, 2 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrBag) bag = NULL;
  g_autoptr (MrNode) node = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((bag = mr_cli_packages_resolve_bag (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  if ((node = mr_cli_resolve_place (cli, argv[2])) == NULL)
    return MR_CLI_DATA;
  g_variant_dict_insert (&d, "id", "s", bag->id);
  g_variant_dict_insert (&d, "place_id", "s", mr_node_get_id (node));
  if (!mr_cli_apply (cli, "bag.move", &d, NULL))
    return MR_CLI_DATA;
  if (cli->json)
    return print_bag_by_id (cli, bag->id, TRUE);
  /* Translators: "Bag BAG-0A1B2C moved to Hall B." */
  g_print (_ ("Bag %s moved to %s.\n"), bag->label, mr_node_get_path (node));
  return MR_CLI_OK;
}

static int
bag_list (MrCli *cli, int argc, char **argv)
{
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_ ("Closed bags too"), NULL },
    { NULL },
  };
  MrCliSpec spec = { "", _ ("Lists the open bags, newest first (with --all, the closed ones too)."),
                     entries, 0, 0 };
  g_autoptr (GPtrArray) bags = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  bags = mr_store_list_bags (cli->store, !all);
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < bags->len; i++)
        {
          json_builder_begin_object (b);
          json_bag_members (b, g_ptr_array_index (bags, i));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else if (bags->len == 0)
    g_print ("%s\n", all ? _ ("No bags.") : _ ("No open bags."));
  else
    {
      g_autoptr (MrCliTable) table = mr_cli_table_new (_ ("Label"), _ ("Status"), _ ("Packages"),
                                                       _ ("Place"), _ ("Created"), NULL);

      for (guint i = 0; i < bags->len; i++)
        {
          MrBag *bag = g_ptr_array_index (bags, i);
          g_autofree char *count = g_strdup_printf ("%u", bag->n_packages);
          g_autofree char *created = mr_cli_format_time (bag->created_at);

          mr_cli_table_add_row (table, bag->label, bag_state (bag), count, bag->place_name,
                                created);
        }
      mr_cli_table_print (table);
    }
  return MR_CLI_OK;
}

static int
bag_show (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("BAG"), _ ("Shows a bag and the packages in it."), NULL, 1, 1 };
  g_autoptr (MrBag) bag = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((bag = mr_cli_packages_resolve_bag (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  print_bag (cli, bag, TRUE);
  return MR_CLI_OK;
}

static const MrCliCommand bag_commands[] = {
  { "create", N_ ("Create a bag"), bag_create },
  { "add", N_ ("Put packages in a bag"), bag_add },
  { "remove", N_ ("Take packages out of a bag"), bag_remove },
  { "close", N_ ("Close a bag"), bag_close },
  { "reopen", N_ ("Reopen a closed bag"), bag_reopen },
  { "move", N_ ("Move a bag and its packages to a place"), bag_move },
  { "list", N_ ("List the bags"), bag_list },
  { "show", N_ ("Show a bag and its packages"), bag_show },
  { NULL, NULL, NULL },
};

int
mr_cli_packages_bag (MrCli *cli, int argc, char **argv)
{
  return mr_cli_run_subcommand (cli, bag_commands, argc, argv);
}

/* Handover rules */

/* "inherit" is the word for no rule of its own: the core's "". */
static gboolean
parse_rule (const char *text, const char **rule)
{
  if (g_strcmp0 (text, "inherit") == 0)
    {
      *rule = "";
      return TRUE;
    }
  if (!mr_package_handover_is_valid (text))
    return FALSE;
  *rule = text;
  return TRUE;
}

static const char *
rule_label (const char *rule)
{
  if (rule == NULL || *rule == '\0')
    return C_ ("handover rule", "Inherited");
  return mr_package_handover_get_label (rule);
}

typedef struct
{
  const char *key; /* "place_id" or "contact_id" */
  char *id;
  char *name;
} Subject;

static void
subject_clear (Subject *s)
{
  g_free (s->id);
  g_free (s->name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Subject, subject_clear)

/* --place or --contact, exactly one (or neither when @optional). */
static int
resolve_subject (MrCli *cli,
                 const char *command,
                 const char *place,
                 const char *contact,
                 gboolean optional,
                 Subject *out)
{
  if (place != NULL && contact != NULL)
    return mr_cli_usage_error (command, _ ("Give --place or --contact, not both."));
  if (place == NULL && contact == NULL)
    return optional ? MR_CLI_OK
                    : mr_cli_usage_error (command, _ ("Say whose rule it is with --place or "
                                                      "--contact."));
  if (place != NULL)
    {
      g_autoptr (MrNode) node = mr_cli_resolve_place (cli, place);

      if (node == NULL)
        return MR_CLI_DATA;
      out->key = "place_id";
      out->id = g_strdup (mr_node_get_id (node));
      out->name = g_strdup (mr_node_get_path (node));
    }
  else
    {
      g_autoptr (MrContact) c = mr_cli_packages_resolve_person (cli, contact);

      if (c == NULL)
        return MR_CLI_DATA;
      out->key = "contact_id";
      out->id = g_strdup (mr_contact_get_id (c));
      out->name = g_strdup (mr_contact_get_display_name (c));
    }
  return MR_CLI_OK;
}

/* What a package for (or at) @s needs when nothing else says: the
 * person's own rule else their place's; the place's or its parents'. */
static char *
effective_rule (MrCli *cli, const Subject *s)
{
  if (g_strcmp0 (s->key, "contact_id") == 0)
    return mr_store_resolve_handover (cli->store, s->id, NULL);
  return mr_store_resolve_handover (cli->store, NULL, s->id);
}

static void
json_rule_members (JsonBuilder *b, const Subject *s, const char *rule, const char *effective)
{
  mr_cli_json_string (b, "subject", g_strcmp0 (s->key, "place_id") == 0 ? "place" : "contact");
  mr_cli_json_string (b, "subject_id", s->id);
  mr_cli_json_string (b, "name", s->name);
  mr_cli_json_string (b, "rule", rule);
  mr_cli_json_string (b, "effective", effective);
}

static void
print_rule (MrCli *cli, const Subject *s)
{
  g_autofree char *rule = mr_store_get_handover_rule (cli->store, s->id);
  g_autofree char *effective = effective_rule (cli, s);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_rule_members (b, s, rule, effective);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else
    {
      const char *fields[] = {
        g_strcmp0 (s->key, "place_id") == 0 ? _ ("Place") : _ ("Contact"),
        s->name,
        _ ("Own rule"),
        rule_label (rule),
        _ ("Proof required"),
        mr_package_handover_get_label (effective),
        NULL,
      };

      mr_cli_print_fields (fields);
    }
}

static int
rule_set (MrCli *cli, int argc, char **argv)
{
  g_autofree char *place = NULL;
  g_autofree char *contact = NULL;
  const GOptionEntry entries[] = {
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_ ("The rule of a place (name, path or id)"),
      N_ ("PLACE") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact,
      N_ ("The rule of a person (name, Personnel ID, email or id)"), N_ ("NAME_OR_ID") },
    { NULL },
  };
  MrCliSpec spec = { _ ("none|signature|id_scan|inherit"),
                     _ ("Sets the proof a place or a person requires at handover: “none”, "
                        "“signature”, “id_scan” (an ID scan), or “inherit” (no rule of its own: a "
                        "person follows the places, a place the place it is in). Applies to "
                        "packages received from now on."),
                     entries, 1, 1 };
  g_auto (Subject) subject = { 0 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  const char *rule;
  int status;

  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  if (!parse_rule (argv[1], &rule))
    return mr_cli_usage_error (argv[0],
                               _ ("“%s” is not a handover rule: none, signature, id_scan or "
                                  "inherit."),
                               argv[1]);
  if (mr_cli_open_store (cli) == NULL)
    return MR_CLI_DATA;
  if ((status = resolve_subject (cli, argv[0], place, contact, FALSE, &subject)) != MR_CLI_OK)
    return status;
  g_variant_dict_insert (&d, subject.key, "s", subject.id);
  g_variant_dict_insert (&d, "handover", "s", rule);
  if (!mr_cli_apply (cli, "handover.set", &d, NULL))
    return MR_CLI_DATA;
  print_rule (cli, &subject);
  return MR_CLI_OK;
}

static int
rule_show (MrCli *cli, int argc, char **argv)
{
  g_autofree char *place = NULL;
  g_autofree char *contact = NULL;
  const GOptionEntry entries[] = {
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_ ("One place’s rule"), N_ ("PLACE") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_ ("One person’s rule"), N_ ("NAME_OR_ID") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Shows the handover rules: of one place or person, or of every place (the "
                        "tree), each with its own rule and the proof it requires in effect."),
                     entries, 0, 0 };
  g_auto (Subject) subject = { 0 };
  g_autoptr (GListModel) places = NULL;
  g_autoptr (MrCliTable) table = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  guint n;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((status = resolve_subject (cli, argv[0], place, contact, TRUE, &subject)) != MR_CLI_OK)
    return status;
  if (subject.id != NULL)
    {
      print_rule (cli, &subject);
      return MR_CLI_OK;
    }

  places = mr_store_list_places (cli->store);
  n = g_list_model_get_n_items (places);
  if (cli->json)
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
    }
  else if (n == 0)
    {
      g_print ("%s\n", _ ("No places."));
      return MR_CLI_OK;
    }
  else
    table = mr_cli_table_new (_ ("Place"), _ ("Own rule"), _ ("Proof required"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrNode) node = g_list_model_get_item (places, i);
      g_autofree char *rule = mr_store_get_handover_rule (cli->store, mr_node_get_id (node));
      g_autofree char *effective =
        mr_store_resolve_handover (cli->store, NULL, mr_node_get_id (node));

      if (b != NULL)
        {
          Subject s = { "place_id", (char *) mr_node_get_id (node),
                        (char *) mr_node_get_path (node) };

          json_builder_begin_object (b);
          json_rule_members (b, &s, rule, effective);
          mr_cli_json_int (b, "depth", mr_node_get_depth (node));
          json_builder_end_object (b);
        }
      else
        {
          /* The tree, indented. */
          g_autofree char *indent = g_strnfill (mr_node_get_depth (node) * 2, ' ');
          g_autofree char *name = g_strconcat (indent, mr_node_get_name (node), NULL);

          mr_cli_table_add_row (table, name, rule_label (rule),
                                mr_package_handover_get_label (effective));
        }
    }
  if (b != NULL)
    {
      g_autoptr (JsonNode) root = NULL;

      json_builder_end_array (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else
    mr_cli_table_print (table);
  return MR_CLI_OK;
}

static const MrCliCommand rule_commands[] = {
  { "set", N_ ("Set the proof a place or person requires"), rule_set },
  { "show", N_ ("Show the rules of the places, or of one place or person"), rule_show },
  { NULL, NULL, NULL },
};

int
mr_cli_packages_handover_rule (MrCli *cli, int argc, char **argv)
{
  return mr_cli_run_subcommand (cli, rule_commands, argc, argv);
}
