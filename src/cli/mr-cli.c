/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "mr-cli-private.h"

/* mailroom-cli: every administrative and batch job of Mailroom, for
 * scripts and for people at a terminal. This file sets up the locale,
 * parses the global options and dispatches to a command. */

typedef struct
{
  const char *name;
  const char *summary;          /* N_() */
  const MrCliCommand *commands; /* a group of subcommands … */
  MrCliRunFunc run;             /* … or a command of its own */
} CliGroup;

static const CliGroup groups[] = {
  { "contacts", N_ ("List, search, show, add, edit and delete contacts"), mr_cli_contacts_commands,
    NULL },
  { "departments", N_ ("Departments, their members and key contacts"), mr_cli_departments_commands,
    NULL },
  { "places", N_ ("Delivery places: sites, buildings, floors and mail stops"),
    mr_cli_places_commands, NULL },
  { "org", N_ ("The organisation: enterprise, divisions and locations"), mr_cli_org_commands,
    NULL },
  { "settings", N_ ("Administrator settings"), mr_cli_settings_commands, NULL },
  { "track", N_ ("Tracking numbers: which carrier a number belongs to"), mr_cli_track_commands,
    NULL },
  { "scan", N_ ("Scanned codes and barcodes in image or PDF files: GS1, tracking numbers"),
    mr_cli_scan_commands, NULL },
  { "labels", N_ ("Label stock, layouts, and rendering or printing labels"), mr_cli_labels_commands,
    NULL },
  { "lockers", N_ ("Locker banks, door status, reservations, drop-off and pickup"),
    mr_cli_lockers_commands, NULL },
  { "packages", N_ ("Receive packages, list them, show their history, hand them over"),
    mr_cli_packages_commands, NULL },
  { "custom-fields",
    N_ ("Custom fields: add, change, delete; show, hide or require them per screen"),
    mr_cli_custom_fields_commands, NULL },
  { "templates", N_ ("The header rows CSV imports expect"), NULL, mr_cli_templates },
  { "sync-files", N_ ("Exchange files with the SFTP server: run now, see the log"),
    mr_cli_sync_files_commands, NULL },
  { "journal", N_ ("The audit history of every change"), NULL, mr_cli_journal },
  { "doctor", N_ ("Check the database"), NULL, mr_cli_doctor },
  { "demo", N_ ("Fill a new database with demo data"), NULL, mr_cli_demo },
};

/* Installed translations when there are some, else the build tree's, so
 * an uninstalled build speaks French too. */
static void
setup_locale (void)
{
  const char *env = g_getenv ("MAILROOM_LOCALEDIR");
  g_autofree char *installed_mo =
    g_build_filename (LOCALEDIR, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  const char *dir;

  if (env != NULL && *env != '\0')
    dir = env;
  else if (g_file_test (installed_mo, G_FILE_TEST_EXISTS))
    dir = LOCALEDIR;
  else
    dir = BUILD_LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* "  name    summary" lines, aligned. */
static void
append_command_lines (GString *out, const char *name, const char *summary, guint width)
{
  g_string_append_printf (out, "  %-*s  %s\n", (int) width, name, _ (summary));
}

static char *
main_summary (void)
{
  GString *out = g_string_new (_ ("Commands:"));
  guint width = 0;

  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    width = MAX (width, strlen (groups[i].name));
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    append_command_lines (out, groups[i].name, groups[i].summary, width);
  g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static char *
group_help (const CliGroup *group)
{
  GString *out = g_string_new (NULL);
  guint width = 0;

  g_string_append_printf (out, "%s\n  %s %s %s\n\n%s\n\n", _ ("Usage:"), MR_CLI_NAME, group->name,
                          _ ("COMMAND [OPTION…]"), _ (group->summary));
  g_string_append_printf (out, "%s\n", _ ("Commands:"));
  for (const MrCliCommand *c = group->commands; c->name; c++)
    width = MAX (width, strlen (c->name));
  for (const MrCliCommand *c = group->commands; c->name; c++)
    append_command_lines (out, c->name, c->summary, width);
  g_string_append_c (out, '\n');
  /* Translators: %s is a command such as "mailroom-cli contacts". */
  g_string_append_printf (out, _ ("Run “%s %s COMMAND --help” for the options of a command."),
                          MR_CLI_NAME, group->name);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static int
run_group (MrCli *cli, const CliGroup *group, int argc, char **argv)
{
  g_autofree char *command = NULL;
  g_autofree char **sub_argv = NULL;
  const char *name = argc > 1 ? argv[1] : NULL;
  const MrCliCommand *found = NULL;

  if (group->run != NULL)
    {
      command = g_strdup_printf ("%s %s", MR_CLI_NAME, group->name);
      sub_argv = g_new0 (char *, argc + 1);
      sub_argv[0] = command;
      for (int i = 1; i < argc; i++)
        sub_argv[i] = argv[i];
      return group->run (cli, argc, sub_argv);
    }

  if (name != NULL &&
      (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0))
    {
      g_autofree char *help = group_help (group);

      g_print ("%s", help);
      return MR_CLI_OK;
    }
  for (const MrCliCommand *c = group->commands; name && c->name; c++)
    if (strcmp (c->name, name) == 0)
      found = c;
  if (found == NULL)
    {
      g_autofree char *help = group_help (group);

      if (name == NULL)
        {
          g_printerr (_ ("%s: %s\n"), MR_CLI_NAME, _ ("Missing command."));
          g_printerr ("\n");
        }
      else
        g_printerr (_ ("%s: unknown command “%s %s”.\n\n"), MR_CLI_NAME, group->name, name);
      g_printerr ("%s", help);
      return MR_CLI_USAGE;
    }

  command = g_strdup_printf ("%s %s %s", MR_CLI_NAME, group->name, found->name);
  sub_argv = g_new0 (char *, argc);
  sub_argv[0] = command;
  for (int i = 2; i < argc; i++)
    sub_argv[i - 1] = argv[i];
  return found->run (cli, argc - 1, sub_argv);
}

int
main (int argc, char *argv[])
{
  MrCli cli = { 0 };
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli.db_path,
      N_ ("Database file (default: $MAILROOM_DB, else the app's own database)"), N_ ("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli.json, N_ ("Print JSON instead of a table"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_ ("Print the version and exit"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  const CliGroup *group = NULL;
  int status;

  setup_locale ();
  g_set_prgname (MR_CLI_NAME);

  ctx = g_option_context_new (_ ("COMMAND [ARGUMENT…]"));
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (ctx, TRUE);
  summary = main_summary ();
  g_option_context_set_summary (ctx, summary);
  description = g_strdup_printf (
    _ ("Run “%s COMMAND --help” for the options of a command.\n\nExit status: 0 on success, 1 for "
       "a usage error, 2 when the data is refused or the database cannot be opened."),
    MR_CLI_NAME);
  g_option_context_set_description (ctx, description);

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return mr_cli_usage_error (MR_CLI_NAME, "%s", error->message);
  if (version)
    {
      g_print ("%s %s\n", MR_CLI_NAME, PACKAGE_VERSION);
      return MR_CLI_OK;
    }
  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);

      g_printerr ("%s", help);
      return MR_CLI_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (strcmp (groups[i].name, argv[1]) == 0)
      group = &groups[i];
  if (group == NULL)
    status = mr_cli_usage_error (MR_CLI_NAME, _ ("Unknown command “%s”."), argv[1]);
  else
    status = run_group (&cli, group, argc - 1, argv + 1);

  g_clear_object (&cli.store);
  g_free (cli.db_path);
  return status;
}
