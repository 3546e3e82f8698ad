/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-cli-private.h"
#include "mr-contact-list.h"

/* mailroom-cli departments|places|org …: the structure of the address
 * book. Places and organisation units are both trees of named nodes, so
 * they share one implementation driven by a TreeKind. */

/* Departments */

static void
json_department (JsonBuilder *b, MrDepartment *d)
{
  mr_cli_json_string (b, "id", mr_department_get_id (d));
  mr_cli_json_string (b, "name", mr_department_get_name (d));
  mr_cli_json_string (b, "key_contact_id", mr_department_get_key_contact_id (d));
  mr_cli_json_string (b, "key_contact", mr_department_get_key_contact_name (d));
  mr_cli_json_string (b, "place_id", mr_department_get_place_id (d));
  mr_cli_json_int (b, "member_count", mr_department_get_member_count (d));
}

static int
departments_list (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { "", _ ("Lists departments by name."), NULL, 0, 0 };
  g_autoptr (GListModel) list = NULL;
  guint n;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  list = mr_store_list_departments (cli->store);
  n = g_list_model_get_n_items (list);
  if (cli->json)
    mr_cli_json_print_model (list, n, (MrCliJsonMembers) json_department);
  else if (n == 0)
    g_print ("%s\n", _ ("No departments yet."));
  else
    {
      g_autoptr (MrCliTable) table =
        mr_cli_table_new (_ ("Name"), _ ("Key contact"), _ ("Members"), _ ("ID"), NULL);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (MrDepartment) d = g_list_model_get_item (list, i);
          g_autofree char *count = g_strdup_printf ("%u", mr_department_get_member_count (d));

          mr_cli_table_add_row (table, mr_department_get_name (d),
                                mr_department_get_key_contact_name (d), count,
                                mr_department_get_id (d));
        }
      mr_cli_table_print (table);
    }
  return MR_CLI_OK;
}

static int
departments_show (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("DEPARTMENT"), _ ("Shows a department, its members and its history."), NULL,
                     1, 1 };
  g_autoptr (MrDepartment) d = NULL;
  g_autoptr (MrContactList) members = NULL;
  g_autoptr (MrNode) place = NULL;
  guint n;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(d = mr_cli_resolve_department (cli, argv[1])))
    return MR_CLI_DATA;
  members = mr_contact_list_new (cli->store);
  mr_contact_list_set_department_id (members, mr_department_get_id (d));
  n = g_list_model_get_n_items (G_LIST_MODEL (members));
  if (mr_department_get_place_id (d) != NULL)
    place = mr_store_find_place (cli->store, mr_department_get_place_id (d));

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_department (b, d);
      mr_cli_json_string (b, "place_path", place ? mr_node_get_path (place) : NULL);
      json_builder_set_member_name (b, "members");
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (members), i);

          json_builder_begin_object (b);
          mr_cli_json_contact (b, c);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      mr_cli_json_history (b, cli, mr_department_get_id (d));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
      return MR_CLI_OK;
    }

  {
    g_autofree char *count = g_strdup_printf ("%u", n);
    const char *fields[] = {
      _ ("Name"),
      mr_department_get_name (d),
      _ ("Key contact"),
      mr_department_get_key_contact_name (d),
      _ ("Place"),
      place ? mr_node_get_path (place) : NULL,
      _ ("Members"),
      count,
      _ ("ID"),
      mr_department_get_id (d),
      NULL,
    };

    mr_cli_print_fields (fields);
  }
  if (n > 0)
    {
      g_autoptr (MrCliTable) table =
        mr_cli_table_new (_ ("Member"), _ ("Email"), _ ("Personnel ID"), NULL);

      g_print ("\n");
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (members), i);

          mr_cli_table_add_row (table, mr_contact_get_display_name (c), mr_contact_get_email (c),
                                mr_contact_get_personnel_id (c));
        }
      mr_cli_table_print (table);
    }
  mr_cli_print_history (cli, mr_department_get_id (d));
  return MR_CLI_OK;
}

static int
departments_add (MrCli *cli, int argc, char **argv)
{
  g_autofree char *key_contact = NULL;
  g_autofree char *place = NULL;
  const GOptionEntry entries[] = {
    { "key-contact", 0, 0, G_OPTION_ARG_STRING, &key_contact,
      N_ ("Key contact who receives the department's packages (id, Personnel ID or email)"),
      N_ ("CONTACT") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_ ("The department's mail stop or place"),
      N_ ("PLACE") },
    { NULL },
  };
  MrCliSpec spec = { _ ("NAME"), _ ("Adds a department and prints its id."), entries, 1, 1 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  g_variant_dict_insert (&dict, "name", "s", argv[1]);
  if (key_contact != NULL)
    {
      g_autoptr (MrContact) c = mr_cli_resolve_contact (cli, key_contact);

      if (c == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&dict, "key_contact_id", "s", mr_contact_get_id (c));
    }
  if (place != NULL)
    {
      g_autoptr (MrNode) p = mr_cli_resolve_place (cli, place);

      if (p == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&dict, "place_id", "s", mr_node_get_id (p));
    }
  return mr_cli_apply_and_print (cli, "department.create", &dict);
}

static int
departments_rename (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("DEPARTMENT NEW_NAME"), _ ("Renames a department."), NULL, 2, 2 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrDepartment) d = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(d = mr_cli_resolve_department (cli, argv[1])))
    return MR_CLI_DATA;
  g_variant_dict_insert (&dict, "id", "s", mr_department_get_id (d));
  g_variant_dict_insert (&dict, "name", "s", argv[2]);
  return mr_cli_apply_and_print (cli, "department.rename", &dict);
}

static int
departments_delete (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("DEPARTMENT"),
                     _ ("Deletes a department; its members stay in the address book. "
                        "“departments restore ID” brings it back with its members."),
                     NULL, 1, 1 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrDepartment) d = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(d = mr_cli_resolve_department (cli, argv[1])))
    return MR_CLI_DATA;
  g_variant_dict_insert (&dict, "id", "s", mr_department_get_id (d));
  return mr_cli_apply_and_print (cli, "department.delete", &dict);
}

/* The members a department had when it was last deleted, from the
 * journal, so a restore brings them back too. */
static GVariant *
detached_members (MrCli *cli, const char *department_id)
{
  g_autoptr (GPtrArray) history = mr_store_list_history (cli->store, department_id, 100);

  for (guint i = 0; i < history->len; i++)
    {
      g_autoptr (GVariantDict) d = g_variant_dict_new (g_ptr_array_index (history, i));
      g_autoptr (JsonParser) parser = json_parser_new ();
      const char *name = NULL, *args = NULL;
      JsonNode *members;

      if (!g_variant_dict_lookup (d, "name", "&s", &name) ||
          strcmp (name, "department.delete") != 0 ||
          !g_variant_dict_lookup (d, "args", "&s", &args) ||
          !json_parser_load_from_data (parser, args, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      members = json_object_get_member (json_node_get_object (json_parser_get_root (parser)),
                                        "detached_members");
      if (members == NULL)
        return NULL;
      return json_gvariant_deserialize (members, "as", NULL);
    }
  return NULL;
}

static int
departments_restore (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("ID"),
                     _ ("Restores a deleted department, by the id “delete” printed, with the "
                        "members it had."),
                     NULL, 1, 1 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  GVariant *members;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  g_variant_dict_insert (&dict, "id", "s", argv[1]);
  members = detached_members (cli, argv[1]);
  if (members != NULL)
    g_variant_dict_insert_value (&dict, "members", members);
  return mr_cli_apply_and_print (cli, "department.restore", &dict);
}

/* add-member, remove-member: DEPARTMENT CONTACT */
static int
departments_member (MrCli *cli, int argc, char **argv, const char *mutation, const char *summary)
{
  MrCliSpec spec = { _ ("DEPARTMENT CONTACT"), summary, NULL, 2, 2 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrDepartment) d = NULL;
  g_autoptr (MrContact) c = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(d = mr_cli_resolve_department (cli, argv[1])) ||
      !(c = mr_cli_resolve_contact (cli, argv[2])))
    return MR_CLI_DATA;
  g_variant_dict_insert (&dict, "id", "s", mr_department_get_id (d));
  g_variant_dict_insert (&dict, "contact_id", "s", mr_contact_get_id (c));
  return mr_cli_apply_and_print (cli, mutation, &dict);
}

static int
departments_add_member (MrCli *cli, int argc, char **argv)
{
  return departments_member (cli, argc, argv, "department.add_member",
                             _ ("Makes a contact a member of a department."));
}

static int
departments_remove_member (MrCli *cli, int argc, char **argv)
{
  return departments_member (cli, argc, argv, "department.remove_member",
                             _ ("Takes a contact out of a department."));
}

static int
departments_set_key_contact (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("DEPARTMENT CONTACT|none"),
                     _ ("Sets the contact who receives and picks up the department's packages; "
                        "“none” removes it."),
                     NULL, 2, 2 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrDepartment) d = NULL;
  g_autoptr (MrContact) c = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(d = mr_cli_resolve_department (cli, argv[1])))
    return MR_CLI_DATA;
  /* "none" is a keyword, not a name: nobody's badge reads "none". */
  if (strcmp (argv[2], "none") != 0 && !(c = mr_cli_resolve_contact (cli, argv[2])))
    return MR_CLI_DATA;
  g_variant_dict_insert (&dict, "id", "s", mr_department_get_id (d));
  g_variant_dict_insert (&dict, "key_contact_id", "s", c ? mr_contact_get_id (c) : "");
  return mr_cli_apply_and_print (cli, "department.set_key_contact", &dict);
}

const MrCliCommand mr_cli_departments_commands[] = {
  { "list", N_ ("List departments"), departments_list },
  { "show", N_ ("Show a department and its members"), departments_show },
  { "add", N_ ("Add a department"), departments_add },
  { "rename", N_ ("Rename a department"), departments_rename },
  { "delete", N_ ("Delete a department"), departments_delete },
  { "restore", N_ ("Restore a deleted department"), departments_restore },
  { "add-member", N_ ("Add a contact to a department"), departments_add_member },
  { "remove-member", N_ ("Remove a contact from a department"), departments_remove_member },
  { "set-key-contact", N_ ("Set or clear a department's key contact"),
    departments_set_key_contact },
  { "export", N_ ("Export departments to a CSV file"), mr_cli_export_departments },
  { NULL },
};

/* Places and the organisation */

typedef struct
{
  const char *prefix;       /* mutation prefix: "place" or "org" */
  const char *const *kinds; /* as stored */
  GListModel *(*list) (MrStore *store);
  MrNode *(*resolve) (MrCli *cli, const char *key);
} TreeKind;

static const char *const place_kinds[] = { "site", "building", "floor", "mail_stop", NULL };
static const char *const org_kinds[] = { "enterprise", "division", "location", NULL };

static const TreeKind places = { "place", place_kinds, mr_store_list_places, mr_cli_resolve_place };
static const TreeKind org = { "org", org_kinds, mr_store_list_org_units, mr_cli_resolve_org_unit };

static int
tree_list (MrCli *cli, const TreeKind *tree, int argc, char **argv)
{
  MrCliSpec spec = { "",
                     tree == &places ? _ ("Lists delivery places as a tree.")
                                     : _ ("Lists the organisation as a tree."),
                     NULL, 0, 0 };
  g_autoptr (GListModel) list = NULL;
  guint n;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  list = tree->list (cli->store);
  n = g_list_model_get_n_items (list);
  if (cli->json)
    mr_cli_json_print_model (list, n, (MrCliJsonMembers) mr_cli_json_node);
  else if (n == 0)
    g_print ("%s\n", tree == &places ? _ ("No places yet.") : _ ("No organisation units yet."));
  else
    {
      g_autoptr (MrCliTable) table =
        mr_cli_table_new (_ ("Name"), _ ("Kind"), _ ("Code"), _ ("Path"), NULL);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (MrNode) node = g_list_model_get_item (list, i);
          g_autofree char *indent = g_strnfill (2 * mr_node_get_depth (node), ' ');
          g_autofree char *name = g_strconcat (indent, mr_node_get_name (node), NULL);

          mr_cli_table_add_row (table, name, mr_node_get_kind_label (node), mr_node_get_code (node),
                                mr_node_get_path (node));
        }
      mr_cli_table_print (table);
    }
  return MR_CLI_OK;
}

static int
tree_add (MrCli *cli, const TreeKind *tree, int argc, char **argv)
{
  g_autofree char *kind = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *code = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      tree == &places ? N_ ("site, building, floor or mail-stop")
                      : N_ ("enterprise, division or location"),
      N_ ("KIND") },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &parent,
      N_ ("The node it belongs to (name, path, code or id)"), N_ ("PARENT") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_ ("Short code, such as “PAR-A”"), N_ ("CODE") },
    { NULL },
  };
  MrCliSpec spec = { _ ("NAME"),
                     tree == &places ? _ ("Adds a delivery place and prints its id.")
                                     : _ ("Adds an organisation unit and prints its id."),
                     entries, 1, 1 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *mutation = g_strconcat (tree->prefix, ".create", NULL);
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (kind == NULL)
    return mr_cli_usage_error (argv[0], _ ("Missing option: --kind"));
  /* "mail-stop" on the command line, "mail_stop" in the store. */
  g_strdelimit (kind, "-", '_');
  if (!g_strv_contains (tree->kinds, kind))
    return mr_cli_usage_error (argv[0], _ ("Unknown kind “%s”."), kind);
  g_variant_dict_insert (&dict, "kind", "s", kind);
  g_variant_dict_insert (&dict, "name", "s", argv[1]);
  if (code != NULL)
    g_variant_dict_insert (&dict, "code", "s", code);
  if (parent != NULL)
    {
      g_autoptr (MrNode) p = tree->resolve (cli, parent);

      if (p == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&dict, "parent_id", "s", mr_node_get_id (p));
    }
  return mr_cli_apply_and_print (cli, mutation, &dict);
}

/* rename takes NODE NEW_NAME; delete takes NODE; restore takes an id. */
static int
tree_change (MrCli *cli, const TreeKind *tree, const char *action, int argc, char **argv)
{
  gboolean is_rename = strcmp (action, "rename") == 0;
  gboolean is_restore = strcmp (action, "restore") == 0;
  MrCliSpec spec = {
    is_rename    ? _ ("NODE NEW_NAME")
    : is_restore ? _ ("ID")
                 : _ ("NODE"),
    is_rename    ? _ ("Renames a place or unit, found by name, path, code or id.")
    : is_restore ? _ ("Restores a deleted place or unit, by the id “delete” printed.")
                 : _ ("Deletes a place or unit that nothing uses any more."),
    NULL,
    is_rename ? 2 : 1,
    is_rename ? 2 : 1,
  };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *mutation = g_strconcat (tree->prefix, ".", action, NULL);
  g_autoptr (MrNode) node = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (is_restore)
    g_variant_dict_insert (&dict, "id", "s", argv[1]);
  else
    {
      if (!(node = tree->resolve (cli, argv[1])))
        return MR_CLI_DATA;
      g_variant_dict_insert (&dict, "id", "s", mr_node_get_id (node));
    }
  if (is_rename)
    g_variant_dict_insert (&dict, "name", "s", argv[2]);
  return mr_cli_apply_and_print (cli, mutation, &dict);
}

#define TREE_COMMANDS(tree)                                     \
  static int tree##_list (MrCli *cli, int argc, char **argv)    \
  {                                                             \
    return tree_list (cli, &tree, argc, argv);                  \
  }                                                             \
  static int tree##_add (MrCli *cli, int argc, char **argv)     \
  {                                                             \
    return tree_add (cli, &tree, argc, argv);                   \
  }                                                             \
  static int tree##_rename (MrCli *cli, int argc, char **argv)  \
  {                                                             \
    return tree_change (cli, &tree, "rename", argc, argv);      \
  }                                                             \
  static int tree##_delete (MrCli *cli, int argc, char **argv)  \
  {                                                             \
    return tree_change (cli, &tree, "delete", argc, argv);      \
  }                                                             \
  static int tree##_restore (MrCli *cli, int argc, char **argv) \
  {                                                             \
    return tree_change (cli, &tree, "restore", argc, argv);     \
  }

TREE_COMMANDS (places)
TREE_COMMANDS (org)

const MrCliCommand mr_cli_places_commands[] = {
  { "list", N_ ("List delivery places as a tree"), places_list },
  { "add", N_ ("Add a site, building, floor or mail stop"), places_add },
  { "rename", N_ ("Rename a place"), places_rename },
  { "delete", N_ ("Delete a place nothing uses"), places_delete },
  { "restore", N_ ("Restore a deleted place"), places_restore },
  { "import", N_ ("Import places from a CSV file"), mr_cli_import_places },
  { "export", N_ ("Export places to a CSV file"), mr_cli_export_places },
  { NULL },
};

const MrCliCommand mr_cli_org_commands[] = {
  { "list", N_ ("List the organisation as a tree"), org_list },
  { "add", N_ ("Add an enterprise, division or location"), org_add },
  { "rename", N_ ("Rename an organisation unit"), org_rename },
  { "delete", N_ ("Delete an organisation unit nothing uses"), org_delete },
  { "restore", N_ ("Restore a deleted organisation unit"), org_restore },
  { "import", N_ ("Import the organisation from a CSV file"), mr_cli_import_org },
  { "export", N_ ("Export the organisation to a CSV file"), mr_cli_export_org },
  { NULL },
};
