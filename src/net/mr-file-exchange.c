/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A file exchange run over SFTP (libcurl) with its ZIP export (libarchive).
 * The app loads this as a module on first use: see mr-net-module.c. */
#define G_LOG_DOMAIN "mr-file-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-export.h"
#include "mr-file-exchange.h"
#include "mr-import.h"
#include "mr-known-hosts.h"
#include "mr-secrets.h"
#include "mr-zip.h"

/* The log keeps this many runs: a year of hourly runs would be 8,760. */
#define LOG_KEEP 1000
/* Problems listed per file in the log; the rest are counted. */
#define MAX_PROBLEM_LINES 100

/* A run under way. */
typedef struct
{
  MrStore *store;
  const MrFileExchangeConfig *config;
  GCancellable *cancellable;
  MrSftpClient *client;
  MrFileExchangeReport *report;
  GString *details;
  guint failed_steps;
  gboolean fatal; /* the run stopped there */
} Run;

static void
add_line (Run *run, const char *line)
{
  if (run->details->len > 0)
    g_string_append_c (run->details, '\n');
  g_string_append (run->details, line);
}

static void G_GNUC_PRINTF (2, 3) add_linef (Run *run, const char *format, ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  add_line (run, line);
}

/* Errors after which nothing more can be done in this run. */
static gboolean
is_fatal (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;
  if (error->domain != MR_SFTP_ERROR)
    return FALSE;
  switch ((MrSftpError) error->code)
    {
    case MR_SFTP_ERROR_CONNECT:
    case MR_SFTP_ERROR_HOST_KEY_UNKNOWN:
    case MR_SFTP_ERROR_HOST_KEY_CHANGED:
    case MR_SFTP_ERROR_AUTH:
    case MR_SFTP_ERROR_KEY_FILE:
      return TRUE;
    case MR_SFTP_ERROR_FAILED:
    case MR_SFTP_ERROR_NOT_FOUND:
    case MR_SFTP_ERROR_PERMISSION:
    case MR_SFTP_ERROR_TOO_LARGE:
    case MR_SFTP_ERROR_EXISTS:
    default:
      return FALSE;
    }
}

/* Records a failed step; FALSE when the run cannot go on after it. */
static gboolean
fail_step (Run *run, const GError *error, gboolean fatal)
{
  if (run->report->error == NULL)
    run->report->error = g_error_copy (error);
  run->failed_steps++;
  if (fatal)
    run->fatal = TRUE;
  return !fatal;
}

static void
add_problem (Run *run, const char *file, const MrImportProblem *p)
{
  if (p->line > 0 && p->column != NULL)
    /* Translators: a problem in an imported file: file, line, column, what is wrong */
    add_linef (run, _ ("  %s, line %u, column “%s”: %s"), file, p->line, p->column, p->message);
  else if (p->line > 0)
    /* Translators: a problem in an imported file: file, line, what is wrong */
    add_linef (run, _ ("  %s, line %u: %s"), file, p->line, p->message);
  else
    /* Translators: a problem in an imported file: file, what is wrong */
    add_linef (run, _ ("  %s: %s"), file, p->message);
}

static void
add_problems (Run *run, const char *file, MrImportJob *job)
{
  const GPtrArray *problems = mr_import_job_get_problems (job);

  for (guint i = 0; problems != NULL && i < problems->len && i < MAX_PROBLEM_LINES; i++)
    add_problem (run, file, g_ptr_array_index (problems, i));
  if (problems != NULL && problems->len > MAX_PROBLEM_LINES)
    add_linef (run,
               g_dngettext (GETTEXT_PACKAGE, "  … and %u more problem.",
                            "  … and %u more problems.", problems->len - MAX_PROBLEM_LINES),
               problems->len - MAX_PROBLEM_LINES);
}

/* Imports one file of the remote folder. FALSE only when the run cannot
 * go on (the connection is lost, or the run was cancelled). */
static gboolean
import_file (Run *run, MrImportKind kind, const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autoptr (MrImportJob) job = NULL;
  g_autoptr (GError) error = NULL;
  const GPtrArray *problems;
  guint added, updated, skipped;

  if (name == NULL || name[0] == '\0')
    return TRUE;
  path = mr_sftp_build_path (run->config->remote_dir, name);
  data = mr_sftp_client_download (run->client, path, run->cancellable, &error);
  if (data == NULL)
    {
      if (g_error_matches (error, MR_SFTP_ERROR, MR_SFTP_ERROR_NOT_FOUND))
        {
          /* Translators: %s is a file name on the SFTP server */
          add_linef (run, _ ("%s: not on the server, skipped."), name);
          return TRUE;
        }
      add_linef (run, _ ("%s: %s"), name, error->message);
      return fail_step (run, error, is_fatal (error));
    }

  job =
    mr_import_job_new_from_bytes (run->store, kind, name, data, MR_CSV_ENCODING_AUTO, 0, &error);
  if (job == NULL)
    {
      /* Translators: %s is a file name, then why it cannot be read */
      add_linef (run, _ ("%s: cannot be imported: %s"), name, error->message);
      return fail_step (run, error, FALSE);
    }
  mr_import_job_set_mode (job, MR_IMPORT_MODE_UPDATE);
  mr_import_job_set_valid_rows_only (job, run->config->valid_rows_only);
  if (!mr_import_job_run (job, run->cancellable, NULL, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return fail_step (run, error, TRUE);
      problems = mr_import_job_get_problems (job);
      if (problems != NULL && problems->len > 0)
        add_linef (run,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: %u problem, so nothing was imported. Correct the file, or "
                                "turn on “Import Valid Rows Only”.",
                                "%s: %u problems, so nothing was imported. Correct the file, or "
                                "turn on “Import Valid Rows Only”.",
                                problems->len),
                   name, problems->len);
      else
        /* Translators: %s is a file name, then why nothing of it was imported */
        add_linef (run, _ ("%s: nothing imported: %s"), name, error->message);
      add_problems (run, name, job);
      return fail_step (run, error, FALSE);
    }

  added = mr_import_job_get_n_added (job);
  updated = mr_import_job_get_n_updated (job);
  skipped = mr_import_job_get_n_skipped (job);
  run->report->added += added;
  run->report->updated += updated;
  run->report->skipped += skipped;
  if (added > 0 || updated > 0 || mr_import_job_get_n_deleted (job) > 0)
    run->report->data_changed = TRUE;
  /* Translators: %s is a file name; then counts of records */
  add_linef (run, _ ("%s: %u added, %u updated, %u skipped."), name, added, updated, skipped);
  problems = mr_import_job_get_problems (job);
  if (problems != NULL && problems->len > 0)
    {
      g_autoptr (GError) partly = NULL;

      /* The valid rows went in; the others need someone to fix the file,
       * which the run's result and the notification say. */
      g_set_error (&partly, MR_STORE_ERROR, MR_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%s: %u row with a problem was not imported.",
                                "%s: %u rows with problems were not imported.", problems->len),
                   name, problems->len);
      add_line (run, partly->message);
      add_problems (run, name, job);
      fail_step (run, partly, FALSE);
    }
  return TRUE;
}

/* contacts-YYYYMMDD-HHMMSS.zip, or with "-2", "-3", … when two runs share
 * a second: an export never replaces another. */
static char *
free_export_name (Run *run, GDateTime *now, GError **error)
{
  g_autofree char *base = mr_file_exchange_export_name (now);

  for (guint n = 1; n <= 9; n++)
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      g_autoptr (GError) local_error = NULL;

      if (n == 1)
        name = g_strdup (base);
      else
        name = g_strdup_printf ("%.*s-%u.zip", (int) strlen (base) - 4, base, n);
      path = mr_sftp_build_path (run->config->remote_dir, name);
      if (!mr_sftp_client_exists (run->client, path, run->cancellable, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          return g_steal_pointer (&name);
        }
    }
  g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_EXISTS,
               _ ("“%s” exists on the SFTP server already: it was not replaced."), base);
  return NULL;
}

static gboolean
export_contacts (Run *run)
{
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GBytes) zip = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gint64 n;

  n = mr_export_csv (run->store, MR_IMPORT_CONTACTS, NULL, out, run->cancellable, &error);
  if (n < 0 || !g_output_stream_close (out, run->cancellable, error ? NULL : &error))
    {
      /* Translators: %s is why the contacts could not be exported */
      add_linef (run, _ ("Export of the contacts failed: %s"), error->message);
      return fail_step (run, error, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    }
  csv = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  zip = mr_zip_single_file ("contacts.csv", csv, g_date_time_to_unix (now), &error);
  if (zip != NULL)
    name = free_export_name (run, now, &error);
  if (name != NULL)
    {
      path = mr_sftp_build_path (run->config->remote_dir, name);
      mr_sftp_client_upload (run->client, path, zip, run->cancellable, &error);
    }
  if (error != NULL)
    {
      /* Translators: %s is why the contacts could not be exported */
      add_linef (run, _ ("Export of the contacts failed: %s"), error->message);
      return fail_step (run, error, is_fatal (error));
    }
  run->report->exported = (guint) n;
  run->report->export_name = g_strdup (name);
  add_linef (run,
             g_dngettext (GETTEXT_PACKAGE, "%s: %u contact exported.", "%s: %u contacts exported.",
                          (gulong) n),
             name, (guint) n);
  return TRUE;
}

static void
connect_and_exchange (Run *run)
{
  const MrFileExchangeConfig *config = run->config;
  g_autoptr (GError) error = NULL;
  g_autofree char *where = NULL;
  const char *dir = config->remote_dir && config->remote_dir[0] ? config->remote_dir : "~";
  struct
  {
    MrImportKind kind;
    const char *name;
  } files[] = {
    /* Contacts name their departments and places: those come first. */
    { MR_IMPORT_ORG, config->org_file },
    { MR_IMPORT_PLACES, config->places_file },
    { MR_IMPORT_CONTACTS, config->contacts_file },
  };

  if (!mr_file_exchange_config_check (config, &error))
    {
      add_line (run, error->message);
      fail_step (run, error, TRUE);
      return;
    }

  /* Connecting first makes a wrong host key, login or folder one clear
   * error rather than one per file. */
  run->client = mr_sftp_client_new (&config->sftp);
  where = g_strdup_printf ("%s@%s:%u %s", config->sftp.user, config->sftp.host,
                           config->sftp.port ? config->sftp.port : 22, dir);
  if (!mr_sftp_client_check (run->client, config->remote_dir, run->cancellable, &error))
    {
      add_line (run, error->message);
      fail_step (run, error, TRUE);
      if (g_error_matches (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_UNKNOWN) ||
          g_error_matches (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_CHANGED))
        run->report->host_fingerprint =
          g_strdup (mr_sftp_client_get_host_fingerprint (run->client));
      return;
    }
  /* Translators: %s is user@host:port folder, then the server's key fingerprint */
  add_linef (run, _ ("Connected to %s (host key %s)."), where,
             mr_sftp_client_get_host_fingerprint (run->client));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (!import_file (run, files[i].kind, files[i].name))
      return;
  if (config->export_contacts)
    export_contacts (run);
}

MrFileExchangeReport *
mr_file_exchange_run (MrStore *store,
                      const MrFileExchangeConfig *config,
                      MrFileExchangeTrigger trigger,
                      GCancellable *cancellable)
{
  Run run = { 0 };
  g_autoptr (GError) log_error = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  run.store = store;
  run.config = config;
  run.cancellable = cancellable;
  run.report = g_new0 (MrFileExchangeReport, 1);
  run.details = g_string_new (NULL);

  run.report->run_id = mr_file_exchange_log_begin (store, trigger, &log_error);
  if (run.report->run_id == 0)
    g_warning ("Cannot log the file exchange: %s", log_error->message);

  connect_and_exchange (&run);

  /* Failed: the run could not go on (no server, key or login refused,
   * connection lost, cancelled); the schedule retries soon. Partial: it
   * went through, but a file or the export did not. */
  if (run.failed_steps == 0)
    run.report->result = MR_FILE_EXCHANGE_OK;
  else if (run.fatal)
    run.report->result = MR_FILE_EXCHANGE_FAILED;
  else
    run.report->result = MR_FILE_EXCHANGE_PARTIAL;

  if (g_error_matches (run.report->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    add_line (&run, run.report->error->message);
  run.report->details = g_string_free (g_steal_pointer (&run.details), FALSE);

  if (run.report->run_id != 0)
    {
      g_clear_error (&log_error);
      if (!mr_file_exchange_log_finish (store, run.report->run_id, run.report->result,
                                        run.report->added, run.report->updated, run.report->skipped,
                                        run.report->exported, run.report->details, &log_error) ||
          !mr_file_exchange_log_prune (store, LOG_KEEP, &log_error))
        g_warning ("Cannot log the file exchange: %s", log_error->message);
    }
  g_clear_pointer (&run.client, mr_sftp_client_free);
  return run.report;
}

gboolean
mr_file_exchange_check_connection (const MrFileExchangeConfig *config,
                                   char **fingerprint,
                                   GCancellable *cancellable,
                                   GError **error)
{
  g_autoptr (MrSftpClient) client = NULL;
  gboolean ok;

  g_return_val_if_fail (config != NULL, FALSE);

  if (fingerprint != NULL)
    *fingerprint = NULL;
  if (!mr_file_exchange_config_check (config, error))
    return FALSE;
  client = mr_sftp_client_new (&config->sftp);
  ok = mr_sftp_client_check (client, config->remote_dir, cancellable, error);
  if (fingerprint != NULL)
    *fingerprint = g_strdup (mr_sftp_client_get_host_fingerprint (client));
  return ok;
}
