/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mr-cli-private.h"
#include "mr-file-exchange.h"

/* mailroom-cli sync-files: the scheduled SFTP file exchange, run by hand
 * or from cron, and its log. The settings are the app's (GSettings); the
 * options override them for one run. */

static char *
format_time_us (gint64 unix_us)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

static void
json_run (JsonBuilder *b, const MrFileExchangeRun *run)
{
  json_builder_begin_object (b);
  mr_cli_json_int (b, "id", run->id);
  /* Milliseconds, like every time `mailroom-cli --json` prints. */
  mr_cli_json_int (b, "started_at", run->started_at / 1000);
  if (run->finished_at != 0)
    mr_cli_json_int (b, "finished_at", run->finished_at / 1000);
  else
    {
      json_builder_set_member_name (b, "finished_at");
      json_builder_add_null_value (b);
    }
  mr_cli_json_string (b, "trigger", mr_file_exchange_trigger_to_string (run->trigger));
  mr_cli_json_string (b, "result", mr_file_exchange_result_to_string (run->result));
  mr_cli_json_int (b, "added", run->added);
  mr_cli_json_int (b, "updated", run->updated);
  mr_cli_json_int (b, "skipped", run->skipped);
  mr_cli_json_int (b, "exported", run->exported);
  mr_cli_json_string (b, "details", run->details ? run->details : "");
  json_builder_end_object (b);
}

static char *
counts_text (gint64 added, gint64 updated, gint64 skipped, gint64 exported)
{
  /* Translators: counts of a file exchange run */
  return g_strdup_printf (_ ("%lld added, %lld updated, %lld skipped, %lld exported"),
                          (long long) added, (long long) updated, (long long) skipped,
                          (long long) exported);
}

/* The first line of standard input, without its line end. */
static char *
read_stdin_line (void)
{
  g_autoptr (GString) line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static int
sync_files_run (MrCli *cli, int argc, char **argv)
{
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *key = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *remote_dir = NULL;
  g_autofree char *accept = NULL;
  int port = 0;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_ ("The SFTP server (default: the app's setting)"),
      N_ ("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_ ("Its port (default: the setting, else 22)"),
      N_ ("PORT") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_ ("The user name on the server"), N_ ("USER") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_ ("Sign in with this private key file"),
      N_ ("FILE") },
    { "auth", 0, 0, G_OPTION_ARG_STRING, &auth, N_ ("Sign in with a key or a password"),
      N_ ("key|password") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_ ("Read the password (or the key's passphrase) from standard input instead of the "
          "keyring"),
      NULL },
    { "remote-dir", 0, 0, G_OPTION_ARG_STRING, &remote_dir,
      N_ ("The folder on the server (absolute, or relative to the login folder)"), N_ ("DIR") },
    { "accept-host-key", 0, 0, G_OPTION_ARG_STRING, &accept,
      N_ ("Trust the server if its host key has this fingerprint, and remember it"),
      N_ ("SHA256:…") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Runs the file exchange once, now: imports the organisation, places and "
                        "contacts CSV files found on the SFTP server and uploads the contacts as a "
                        "ZIP. Exits with 2 if anything failed."),
                     entries, 0, 0 };
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (MrFileExchangeConfig) config = NULL;
  g_autoptr (MrFileExchangeReport) report = NULL;
  g_autoptr (MrFileExchangeRun) run = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  if (port < 0 || port > 65535)
    return mr_cli_usage_error (argv[0], _ ("--port takes a number from 1 to 65535."));
  if (accept != NULL && !g_str_has_prefix (accept, "SHA256:"))
    return mr_cli_usage_error (argv[0],
                               _ ("--accept-host-key takes a fingerprint such as "
                                  "“SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8”."));

  settings = mr_file_exchange_settings_new ();
  config = settings ? mr_file_exchange_config_new_from_settings (settings)
                    : mr_file_exchange_config_new ();
  if (host != NULL)
    {
      g_free (config->sftp.host);
      config->sftp.host = g_strdup (host);
    }
  if (port > 0)
    config->sftp.port = (guint) port;
  if (user != NULL)
    {
      g_free (config->sftp.user);
      config->sftp.user = g_strdup (user);
    }
  if (key != NULL)
    {
      g_free (config->sftp.key_file);
      config->sftp.key_file = g_strdup (key);
      config->sftp.auth = MR_SFTP_AUTH_KEY;
    }
  else if (password_stdin && auth == NULL &&
           (config->sftp.key_file == NULL || config->sftp.key_file[0] == '\0'))
    /* A password given and no key anywhere: a password login. */
    config->sftp.auth = MR_SFTP_AUTH_PASSWORD;
  if (auth != NULL && !mr_sftp_auth_from_string (auth, &config->sftp.auth))
    return mr_cli_usage_error (argv[0], _ ("--auth takes “key” or “password”."));
  if (remote_dir != NULL)
    {
      g_free (config->remote_dir);
      config->remote_dir = g_strdup (remote_dir);
    }
  config->sftp.accept_fingerprint = g_strdup (accept);

  if (password_stdin)
    config->sftp.secret = read_stdin_line ();
  else if (mr_file_exchange_config_check (config, NULL) &&
           !mr_file_exchange_config_load_secret (config, NULL, &error))
    {
      /* Not fatal here: the run says what is missing, with its own words. */
      g_printerr (_ ("%s: %s\n"), MR_CLI_NAME, error->message);
      g_clear_error (&error);
    }
  if (config->sftp.auth == MR_SFTP_AUTH_PASSWORD && config->sftp.secret == NULL)
    g_printerr (_ ("%s: no password is saved in the keyring for this server; give it with "
                   "--password-stdin\n"),
                MR_CLI_NAME);

  if (mr_cli_open_store (cli) == NULL)
    return MR_CLI_DATA;
  report = mr_file_exchange_run (cli->store, config, MR_FILE_EXCHANGE_TRIGGER_CLI, NULL);
  if (report->run_id != 0)
    run = mr_file_exchange_log_get (cli->store, report->run_id);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      MrFileExchangeRun fallback = {
        .result = report->result,
        .trigger = MR_FILE_EXCHANGE_TRIGGER_CLI,
        .added = report->added,
        .updated = report->updated,
        .skipped = report->skipped,
        .exported = report->exported,
        .details = report->details,
      };

      json_run (b, run ? run : &fallback);
      root = json_builder_get_root (b);
      /* What a script needs to act on the result. */
      {
        JsonObject *o = json_node_get_object (root);

        if (report->host_fingerprint != NULL)
          json_object_set_string_member (o, "host_key_fingerprint", report->host_fingerprint);
        if (report->export_name != NULL)
          json_object_set_string_member (o, "export_file", report->export_name);
        if (report->error != NULL)
          json_object_set_string_member (o, "error", report->error->message);
      }
      mr_cli_json_print (root);
    }
  else
    {
      g_autofree char *counts =
        counts_text (report->added, report->updated, report->skipped, report->exported);

      /* Translators: "Succeeded: 3 added, 1 updated, 0 skipped, 120 exported" */
      g_print (_ ("%s: %s\n"), mr_file_exchange_result_label (report->result), counts);
      if (report->details != NULL && report->details[0] != '\0')
        g_print ("%s\n", report->details);
    }

  if (report->host_fingerprint != NULL)
    {
      g_printerr (_ ("%s: to trust this server, check the fingerprint %s with its administrator, "
                     "then run again with --accept-host-key %s\n"),
                  MR_CLI_NAME, report->host_fingerprint, report->host_fingerprint);
    }
  else if (report->result != MR_FILE_EXCHANGE_OK && report->error != NULL && cli->json)
    g_printerr (_ ("%s: %s\n"), MR_CLI_NAME, report->error->message);

  return report->result == MR_FILE_EXCHANGE_OK ? MR_CLI_OK : MR_CLI_DATA;
}

static int
sync_files_log (MrCli *cli, int argc, char **argv)
{
  int limit = 20;
  gboolean details = FALSE;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_ ("Show the last N runs (default 20, 0 for all)"),
      N_ ("N") },
    { "details", 0, 0, G_OPTION_ARG_NONE, &details,
      N_ ("Also print what each run did, file by file"), NULL },
    { NULL },
  };
  MrCliSpec spec = { "", _ ("Shows the log of the file exchange runs, newest first."), entries, 0,
                     0 };
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (MrCliTable) table = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (limit < 0)
    return mr_cli_usage_error (argv[0], _ ("--limit takes a positive number."));
  runs = mr_file_exchange_log_list (cli->store, (guint) limit);

  if (cli->json)
    {
      MrCliJsonStream stream;

      mr_cli_json_stream_begin (&stream);
      for (guint i = 0; i < runs->len; i++)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_run (b, g_ptr_array_index (runs, i));
          mr_cli_json_stream_add (&stream, b);
        }
      mr_cli_json_stream_end (&stream);
      return MR_CLI_OK;
    }
  if (runs->len == 0)
    {
      g_print ("%s\n", _ ("No file exchange has run yet."));
      return MR_CLI_OK;
    }
  table = mr_cli_table_new (_ ("#"), _ ("Started"), _ ("Trigger"), _ ("Result"), _ ("Added"),
                            _ ("Updated"), _ ("Skipped"), _ ("Exported"), NULL);
  for (guint i = 0; i < runs->len; i++)
    {
      MrFileExchangeRun *run = g_ptr_array_index (runs, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, run->id);
      g_autofree char *when = format_time_us (run->started_at);
      g_autofree char *added = g_strdup_printf ("%" G_GINT64_FORMAT, run->added);
      g_autofree char *updated = g_strdup_printf ("%" G_GINT64_FORMAT, run->updated);
      g_autofree char *skipped = g_strdup_printf ("%" G_GINT64_FORMAT, run->skipped);
      g_autofree char *exported = g_strdup_printf ("%" G_GINT64_FORMAT, run->exported);

      mr_cli_table_add_row (table, id, when, mr_file_exchange_trigger_label (run->trigger),
                            mr_file_exchange_result_label (run->result), added, updated, skipped,
                            exported);
    }
  mr_cli_table_print (table);
  if (details)
    for (guint i = 0; i < runs->len; i++)
      {
        MrFileExchangeRun *run = g_ptr_array_index (runs, i);
        g_autofree char *when = format_time_us (run->started_at);

        /* Translators: a heading: run number and when it started */
        g_print ("\n");
        g_print (_ ("Run %lld, %s:"), (long long) run->id, when);
        g_print ("\n%s\n", run->details ? run->details : "");
      }
  return MR_CLI_OK;
}

const MrCliCommand mr_cli_sync_files_commands[] = {
  { "run", N_ ("Exchange files with the SFTP server now"), sync_files_run },
  { "log", N_ ("Show the log of file exchange runs"), sync_files_log },
  { NULL },
};
