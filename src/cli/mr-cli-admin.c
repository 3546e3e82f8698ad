/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "mr-cli-private.h"
#include "mr-demo.h"
#include "mr-maintenance.h"

/* mailroom-cli settings|journal|doctor|demo: administration. */

/* Settings */

static gboolean
check_setting_key (const char *key)
{
  if (g_strv_contains (mr_store_list_setting_keys (), key))
    return TRUE;
  mr_cli_data_error (_ ("Unknown setting “%s”. “mailroom-cli settings list” shows them all."), key);
  return FALSE;
}

static void
json_setting (JsonBuilder *b, const char *key, const char *value)
{
  json_builder_begin_object (b);
  mr_cli_json_string (b, "key", key);
  json_builder_set_member_name (b, "value");
  json_builder_add_string_value (b, value ? value : "");
  json_builder_end_object (b);
}

static int
settings_get (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("KEY"), _ ("Prints the value of a setting."), NULL, 1, 1 };
  g_autofree char *value = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!check_setting_key (argv[1]))
    return MR_CLI_DATA;
  value = mr_store_get_setting (cli->store, argv[1]);
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_setting (b, argv[1], value);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else
    g_print ("%s\n", value ? value : "");
  return MR_CLI_OK;
}

static int
settings_set (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("KEY VALUE"), _ ("Changes a setting."), NULL, 2, 2 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!check_setting_key (argv[1]))
    return MR_CLI_DATA;
  g_variant_dict_insert (&dict, "key", "s", argv[1]);
  g_variant_dict_insert (&dict, "value", "s", argv[2]);
  if (!mr_cli_apply (cli, "setting.set", &dict, NULL))
    return MR_CLI_DATA;
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *value = mr_store_get_setting (cli->store, argv[1]);

      json_setting (b, argv[1], value);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  return MR_CLI_OK;
}

static int
settings_list (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { "", _ ("Lists every setting and its value."), NULL, 0, 0 };
  const char *const *keys = mr_store_list_setting_keys ();
  g_autoptr (MrCliTable) table = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (cli->json)
    {
      g_autoptr (JsonNode) root = NULL;

      b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; keys[i]; i++)
        {
          g_autofree char *value = mr_store_get_setting (cli->store, keys[i]);

          json_setting (b, keys[i], value);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
      return MR_CLI_OK;
    }
  table = mr_cli_table_new (_ ("Setting"), _ ("Value"), NULL);
  for (guint i = 0; keys[i]; i++)
    {
      g_autofree char *value = mr_store_get_setting (cli->store, keys[i]);

      mr_cli_table_add_row (table, keys[i], value);
    }
  mr_cli_table_print (table);
  return MR_CLI_OK;
}

const MrCliCommand mr_cli_settings_commands[] = {
  { "get", N_ ("Print a setting"), settings_get },
  { "set", N_ ("Change a setting"), settings_set },
  { "list", N_ ("List settings"), settings_list },
  { NULL },
};

/* Journal */

int
mr_cli_journal (MrCli *cli, int argc, char **argv)
{
  int limit = 50;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit,
      N_ ("Show the last N changes (default 50, 0 for all)"), N_ ("N") },
    { NULL },
  };
  MrCliSpec spec = { "", _ ("Shows the audit history: every change, newest first."), entries, 0,
                     0 };
  g_autoptr (GPtrArray) entries_list = NULL;
  g_autoptr (MrCliTable) table = NULL;
  MrCliJsonStream stream;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (limit < 0)
    return mr_cli_usage_error (argv[0], _ ("--limit takes a positive number."));
  entries_list = mr_store_list_journal (cli->store, (guint) limit);

  if (cli->json)
    mr_cli_json_stream_begin (&stream);
  else
    table =
      mr_cli_table_new (_ ("#"), _ ("Time"), _ ("Operation"), _ ("Record"), _ ("State"), NULL);
  for (guint i = 0; i < entries_list->len; i++)
    {
      g_autoptr (GVariantDict) d = g_variant_dict_new (g_ptr_array_index (entries_list, i));
      const char *name = "", *entity_id = "", *state = "", *args = "", *user = "",
                 *workstation = "", *entity = "";
      gint64 seq = 0, at = 0;

      g_variant_dict_lookup (d, "seq", "x", &seq);
      g_variant_dict_lookup (d, "at", "x", &at);
      g_variant_dict_lookup (d, "name", "&s", &name);
      g_variant_dict_lookup (d, "entity", "&s", &entity);
      g_variant_dict_lookup (d, "entity_id", "&s", &entity_id);
      g_variant_dict_lookup (d, "state", "&s", &state);
      g_variant_dict_lookup (d, "args", "&s", &args);
      g_variant_dict_lookup (d, "user_id", "&s", &user);
      g_variant_dict_lookup (d, "workstation_id", "&s", &workstation);
      if (cli->json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          mr_cli_json_int (b, "seq", seq);
          mr_cli_json_int (b, "at", at);
          mr_cli_json_string (b, "name", name);
          mr_cli_json_string (b, "entity", entity);
          mr_cli_json_string (b, "entity_id", entity_id);
          mr_cli_json_string (b, "state", state);
          mr_cli_json_string (b, "user_id", user);
          mr_cli_json_string (b, "workstation_id", workstation);
          mr_cli_json_args (b, "args", args);
          json_builder_end_object (b);
          mr_cli_json_stream_add (&stream, b);
        }
      else
        {
          g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
          g_autofree char *when = mr_cli_format_time (at);

          mr_cli_table_add_row (table, seq_text, when, name, entity_id, state);
        }
    }
  if (cli->json)
    mr_cli_json_stream_end (&stream);
  else if (entries_list->len == 0)
    g_print ("%s\n", _ ("No changes yet."));
  else
    mr_cli_table_print (table);
  return MR_CLI_OK;
}

/* Doctor */

int
mr_cli_doctor (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { "",
                     _ ("Checks the database: schema version, integrity, journal mode and the "
                        "number of rows in each table. Exits with 2 if the database is damaged."),
                     NULL, 0, 0 };
  g_autoptr (GError) integrity = NULL;
  g_autoptr (GArray) counts = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *version = NULL;
  g_autofree char *size = NULL;
  g_autofree char *unsynced = NULL;
  gboolean ok;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  ok = mr_store_integrity_check (cli->store, &integrity);
  mode = mr_store_get_journal_mode (cli->store);
  counts = mr_store_count_rows (cli->store);
  version = g_strdup_printf ("%u", mr_store_get_schema_version (cli->store));
  size = g_format_size ((guint64) mr_store_get_size (cli->store));
  unsynced = g_strdup_printf ("%" G_GINT64_FORMAT, mr_store_count_unsynced (cli->store));

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      mr_cli_json_string (b, "path", mr_store_get_path (cli->store));
      mr_cli_json_int (b, "schema_version", mr_store_get_schema_version (cli->store));
      mr_cli_json_string (b, "journal_mode", mode);
      mr_cli_json_int (b, "size_bytes", mr_store_get_size (cli->store));
      mr_cli_json_bool (b, "integrity_ok", ok);
      mr_cli_json_string (b, "integrity_error", ok ? NULL : integrity->message);
      mr_cli_json_int (b, "unsynced_changes", mr_store_count_unsynced (cli->store));
      json_builder_set_member_name (b, "tables");
      json_builder_begin_object (b);
      for (guint i = 0; i < counts->len; i++)
        {
          MrTableCount *c = &g_array_index (counts, MrTableCount, i);

          json_builder_set_member_name (b, c->table);
          json_builder_begin_object (b);
          mr_cli_json_int (b, "rows", c->rows);
          json_builder_set_member_name (b, "deleted");
          if (c->deleted >= 0)
            json_builder_add_int_value (b, c->deleted);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else
    {
      g_autoptr (MrCliTable) table =
        mr_cli_table_new (_ ("Table"), _ ("Rows"), C_ ("table column", "Deleted"), NULL);
      const char *fields[] = {
        _ ("Database"),
        mr_store_get_path (cli->store),
        _ ("Schema version"),
        version,
        _ ("Journal mode"),
        mode,
        _ ("Size"),
        size,
        _ ("Integrity"),
        ok ? _ ("ok") : integrity->message,
        _ ("Changes not yet synced"),
        unsynced,
        NULL,
      };

      mr_cli_print_fields (fields);
      g_print ("\n");
      for (guint i = 0; i < counts->len; i++)
        {
          MrTableCount *c = &g_array_index (counts, MrTableCount, i);
          g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, c->rows);
          g_autofree char *deleted =
            c->deleted >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, c->deleted) : g_strdup ("");

          mr_cli_table_add_row (table, c->table, rows, deleted);
        }
      mr_cli_table_print (table);
    }

  if (g_strcmp0 (mode, "wal") != 0)
    g_printerr (_ ("%s: warning: the journal mode is “%s”, not “wal”: a crash may lose the last "
                   "changes.\n"),
                MR_CLI_NAME, mode ? mode : "?");
  if (!ok)
    return mr_cli_report_error (integrity);
  return MR_CLI_OK;
}

/* Demo */

static const char *
stage_label (MrDemoStage stage)
{
  switch (stage)
    {
    case MR_DEMO_STAGE_ORGANISATION:
      return _ ("Organisation and places");
    case MR_DEMO_STAGE_CONTACTS:
      return _ ("Contacts");
    case MR_DEMO_STAGE_LOCKERS:
      return _ ("Lockers");
    case MR_DEMO_STAGE_PACKAGES:
      return _ ("Packages");
    default:
      return "";
    }
}

static void
demo_progress_cb (MrDemoStage stage, guint done, guint total, gpointer user_data)
{
  /* Only for a person watching: a log file gets no carriage returns. */
  g_printerr ("\r%s: %u/%u\033[K", stage_label (stage), done, total);
  if (done == total)
    g_printerr ("\n");
}

int
mr_cli_demo (MrCli *cli, int argc, char **argv)
{
  int contacts = 1000, lockers = 120, packages = 500;
  gint64 seed = 1;
  const GOptionEntry entries[] = {
    { "contacts", 0, 0, G_OPTION_ARG_INT, &contacts, N_ ("Number of contacts (default 1000)"),
      N_ ("N") },
    { "lockers", 0, 0, G_OPTION_ARG_INT, &lockers,
      N_ ("Number of lockers, in banks of 24 to 60 (default 120)"), N_ ("N") },
    { "packages", 0, 0, G_OPTION_ARG_INT, &packages,
      N_ ("Number of packages received over the last 30 days (default 500)"), N_ ("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_ ("Random seed: the same seed gives the same data (default 1)"), N_ ("SEED") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Fills a new, empty database with a realistic demo: organisation, places, "
                        "departments, contacts, locker banks and a month of packages."),
                     entries, 0, 0 };
  MrDemoOptions opts = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 t0;
  double seconds;
  int status;

  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  /* Demo data must never land in someone's real database by accident. */
  if (cli->db_path == NULL && g_getenv ("MAILROOM_DB") == NULL)
    return mr_cli_usage_error (argv[0], _ ("Say where the demo goes: --db PATH."));
  if (contacts < 0 || lockers < 0 || packages < 0 || seed < 0 || seed > G_MAXUINT32)
    return mr_cli_usage_error (argv[0], _ ("Counts and the seed must be positive numbers."));
  if (mr_cli_open_store (cli) == NULL)
    return MR_CLI_DATA;

  opts.n_contacts = (guint) contacts;
  opts.n_lockers = (guint) lockers;
  opts.n_packages = (guint) packages;
  opts.seed = (guint32) seed;
  if (isatty (STDERR_FILENO))
    opts.progress = demo_progress_cb;

  t0 = g_get_monotonic_time ();
  if (!mr_demo_generate (cli->store, &opts, &error))
    return mr_cli_report_error (error);
  seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      mr_cli_json_string (b, "path", mr_store_get_path (cli->store));
      mr_cli_json_int (b, "contacts", contacts);
      mr_cli_json_int (b, "lockers", lockers);
      mr_cli_json_int (b, "packages", packages);
      mr_cli_json_int (b, "seed", seed);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, seconds);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else
    g_print (_ ("Demo database %s: %d contacts, %d lockers, %d packages (seed %u) in %.1f s.\n"),
             mr_store_get_path (cli->store), contacts, lockers, packages, (guint) seed, seconds);
  return MR_CLI_OK;
}
