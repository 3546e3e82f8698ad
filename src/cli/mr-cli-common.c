/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mr-cli-private.h"

/* What every command shares: option parsing with --db and --json, the
 * database, error reporting with the right exit status, and looking
 * records up by what people type. */

static void
print_error_line (const char *message)
{
  /* Translators: an error on stderr, "program-name: message" */
  g_printerr (_ ("%s: %s\n"), MR_CLI_NAME, message);
}

int
mr_cli_data_error (const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  print_error_line (msg);
  return MR_CLI_DATA;
}

int
mr_cli_report_error (const GError *error)
{
  print_error_line (error->message);
  return MR_CLI_DATA;
}

/* Prints "mailroom-cli: message" and how to get help, and returns the
 * usage status. */
int
mr_cli_usage_error (const char *command, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  print_error_line (msg);
  /* Translators: %s is a command such as "mailroom-cli contacts add". */
  g_printerr (_ ("Run “%s --help” for usage."), command);
  g_printerr ("\n");
  return MR_CLI_USAGE;
}

/* The database a command works on: --db, else $MAILROOM_DB, else the
 * user's data directory, where the app keeps its own. */
char *
mr_cli_default_db_path (void)
{
  const char *env = g_getenv ("MAILROOM_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "mailroom", "mailroom.db", NULL);
}

/* The "Usage:" paragraph of a command's help, for usage errors. */
static void
print_usage_line (GOptionContext *ctx)
{
  g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);
  char *end = strstr (help, "\n\n");

  if (end != NULL)
    *end = '\0';
  g_printerr ("%s\n", help);
}

gboolean
mr_cli_parse (MrCli *cli, const MrCliSpec *spec, int *argc, char ***argv, int *status)
{
  const GOptionEntry common[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli->db_path,
      N_ ("Database file (default: $MAILROOM_DB, else the app's own database)"), N_ ("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, N_ ("Print JSON instead of a table"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (spec->params);
  g_autoptr (GError) error = NULL;
  g_autofree char *command = g_strdup ((*argv)[0]);

  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, spec->summary);
  if (spec->entries != NULL)
    g_option_context_add_main_entries (ctx, spec->entries, GETTEXT_PACKAGE);
  if (spec->no_json)
    {
      const GOptionEntry db_only[] = { common[0], { NULL } };

      g_option_context_add_main_entries (ctx, db_only, GETTEXT_PACKAGE);
    }
  else
    g_option_context_add_main_entries (ctx, common, GETTEXT_PACKAGE);

  /* The usage line names the command, not just the program. */
  g_set_prgname (command);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    print_error_line (error->message);
  else if ((guint) *argc - 1 < spec->min_args)
    {
      g_autofree char *msg = g_strdup_printf (_ ("Missing argument: %s"), spec->params);

      print_error_line (msg);
    }
  else if ((guint) *argc - 1 > spec->max_args)
    {
      g_autofree char *msg =
        g_strdup_printf (_ ("Unexpected argument “%s”."), (*argv)[1 + spec->max_args]);

      print_error_line (msg);
    }
  else
    {
      g_set_prgname (MR_CLI_NAME);
      return TRUE;
    }

  /* Usage error: what the command looks like, and where to read more. */
  print_usage_line (ctx);
  g_set_prgname (MR_CLI_NAME);
  g_printerr (_ ("Run “%s --help” for usage."), command);
  g_printerr ("\n");
  *status = MR_CLI_USAGE;
  return FALSE;
}

/* mr_cli_parse(), then the database: how most commands begin. */
gboolean
mr_cli_start (MrCli *cli, const MrCliSpec *spec, int *argc, char ***argv, int *status)
{
  if (!mr_cli_parse (cli, spec, argc, argv, status))
    return FALSE;
  if (mr_cli_open_store (cli) == NULL)
    {
      *status = MR_CLI_DATA;
      return FALSE;
    }
  return TRUE;
}

MrStore *
mr_cli_open_store (MrCli *cli)
{
  g_autoptr (GError) error = NULL;

  if (cli->store != NULL)
    return cli->store;
  if (cli->db_path == NULL)
    cli->db_path = mr_cli_default_db_path ();
  cli->store = mr_store_open (cli->db_path, &error);
  if (cli->store == NULL)
    mr_cli_report_error (error);
  return cli->store;
}

gboolean
mr_cli_apply (MrCli *cli, const char *mutation, GVariantDict *args, char **out_id)
{
  g_autoptr (GError) error = NULL;

  if (!mr_store_apply (cli->store, mutation, g_variant_dict_end (args), out_id, &error))
    {
      mr_cli_report_error (error);
      return FALSE;
    }
  return TRUE;
}

/* Applies a mutation on one record and prints the record's id: what
 * every command that changes one record ends with. */
int
mr_cli_apply_and_print (MrCli *cli, const char *mutation, GVariantDict *args)
{
  g_autofree char *id = NULL;

  if (!mr_cli_apply (cli, mutation, args, &id))
    return MR_CLI_DATA;
  mr_cli_print_id (cli, id);
  return MR_CLI_OK;
}

MrContact *
mr_cli_resolve_contact (MrCli *cli, const char *key)
{
  MrContact *c = mr_store_find_contact (cli->store, key);

  if (c == NULL)
    mr_cli_data_error (_ ("No contact has the id, Personnel ID, email or employee ID “%s”."), key);
  return c;
}

MrDepartment *
mr_cli_resolve_department (MrCli *cli, const char *key)
{
  MrDepartment *d = mr_store_find_department (cli->store, key);

  if (d == NULL)
    mr_cli_data_error (_ ("No department is named “%s” or has this id."), key);
  return d;
}

MrNode *
mr_cli_resolve_place (MrCli *cli, const char *key)
{
  MrNode *n = mr_store_find_place (cli->store, key);

  if (n == NULL)
    mr_cli_data_error (_ ("No place has the name, path, code or id “%s”."), key);
  return n;
}

MrNode *
mr_cli_resolve_org_unit (MrCli *cli, const char *key)
{
  MrNode *n = mr_store_find_org_unit (cli->store, key);

  if (n == NULL)
    mr_cli_data_error (_ ("No organisation unit has the name, path or id “%s”."), key);
  return n;
}

/* Runs the subcommand argv[1] of @commands ("mailroom-cli packages bag"
 * + "add" …), or prints their list. */
int
mr_cli_run_subcommand (MrCli *cli, const MrCliCommand *commands, int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;
  g_autofree char *command = NULL;
  g_autofree char **sub_argv = NULL;
  int width = 0;

  for (const MrCliCommand *c = commands; name && c->name; c++)
    if (strcmp (c->name, name) == 0)
      {
        command = g_strdup_printf ("%s %s", argv[0], c->name);
        sub_argv = g_new0 (char *, argc);
        sub_argv[0] = command;
        for (int i = 2; i < argc; i++)
          sub_argv[i - 1] = argv[i];
        return c->run (cli, argc - 1, sub_argv);
      }
  if (name != NULL &&
      (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0))
    {
      for (const MrCliCommand *c = commands; c->name; c++)
        width = MAX (width, (int) strlen (c->name));
      g_print ("%s\n  %s %s\n\n%s\n", _ ("Usage:"), argv[0], _ ("COMMAND [OPTION…]"),
               _ ("Commands:"));
      for (const MrCliCommand *c = commands; c->name; c++)
        g_print ("  %-*s %s\n", width, c->name, _ (c->summary));
      return MR_CLI_OK;
    }
  return mr_cli_usage_error (argv[0], name ? _ ("Unknown command “%s”.") : _ ("Missing command."),
                             name);
}
