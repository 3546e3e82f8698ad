/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-file-exchange-log"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-file-exchange-log.h"
#include "mr-store-private.h"

/* A run that is still "running" this long after it started belongs to a
 * process that was killed: no exchange takes hours. */
#define STALE_RUN_USEC (6 * G_TIME_SPAN_HOUR)

static const char *const trigger_names[] = { "schedule", "manual", "cli" };
static const char *const result_names[] = { "running", "ok", "partial", "failed" };

const char *
mr_file_exchange_trigger_to_string (MrFileExchangeTrigger trigger)
{
  g_return_val_if_fail ((guint) trigger < G_N_ELEMENTS (trigger_names), NULL);
  return trigger_names[trigger];
}

gboolean
mr_file_exchange_trigger_from_string (const char *name, MrFileExchangeTrigger *out)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (trigger_names); i++)
    if (strcmp (name, trigger_names[i]) == 0)
      {
        *out = (MrFileExchangeTrigger) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mr_file_exchange_result_to_string (MrFileExchangeResult result)
{
  g_return_val_if_fail ((guint) result < G_N_ELEMENTS (result_names), NULL);
  return result_names[result];
}

gboolean
mr_file_exchange_result_from_string (const char *name, MrFileExchangeResult *out)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (result_names); i++)
    if (strcmp (name, result_names[i]) == 0)
      {
        *out = (MrFileExchangeResult) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mr_file_exchange_trigger_label (MrFileExchangeTrigger trigger)
{
  switch (trigger)
    {
    case MR_FILE_EXCHANGE_TRIGGER_SCHEDULE:
      /* Translators: how a file exchange run started */
      return _ ("Scheduled");
    case MR_FILE_EXCHANGE_TRIGGER_MANUAL:
      /* Translators: how a file exchange run started: "Run Now" in Preferences */
      return _ ("Started by hand");
    case MR_FILE_EXCHANGE_TRIGGER_CLI:
      /* Translators: how a file exchange run started */
      return _ ("Command line");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
mr_file_exchange_result_label (MrFileExchangeResult result)
{
  switch (result)
    {
    case MR_FILE_EXCHANGE_RUNNING:
      /* Translators: the state of a file exchange run */
      return _ ("Running");
    case MR_FILE_EXCHANGE_OK:
      /* Translators: the result of a file exchange run */
      return _ ("Succeeded");
    case MR_FILE_EXCHANGE_PARTIAL:
      /* Translators: the result of a file exchange run: some files failed */
      return _ ("Partly failed");
    case MR_FILE_EXCHANGE_FAILED:
      /* Translators: the result of a file exchange run */
      return _ ("Failed");
    default:
      g_return_val_if_reached ("");
    }
}

void
mr_file_exchange_run_free (MrFileExchangeRun *run)
{
  if (run == NULL)
    return;
  g_free (run->details);
  g_free (run);
}

gint64
mr_file_exchange_log_begin (MrStore *store, MrFileExchangeTrigger trigger, GError **error)
{
  gint64 now = g_get_real_time ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), 0);
  g_return_val_if_fail ((guint) trigger < G_N_ELEMENTS (trigger_names), 0);

  /* Runs of a killed process would otherwise show "Running" forever. */
  stmt = mr_store_prepare (store,
                           "UPDATE file_exchange_run SET result = 'failed', finished_at = ?, "
                           "details = coalesce (details || char (10), '') || ? "
                           "WHERE result = 'running' AND started_at < ?",
                           error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_text (stmt, 2, _ ("The run was interrupted before it finished."), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now - STALE_RUN_USEC);
  if (!mr_store_step_done (store, stmt, error))
    return 0;

  stmt = mr_store_prepare (store,
                           "INSERT INTO file_exchange_run (started_at, trigger, result) "
                           "VALUES (?, ?, 'running')",
                           error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_text (stmt, 2, trigger_names[trigger], -1, SQLITE_STATIC);
  if (!mr_store_step_done (store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (mr_store_get_db (store));
}

gboolean
mr_file_exchange_log_finish (MrStore *store,
                             gint64 id,
                             MrFileExchangeResult result,
                             gint64 added,
                             gint64 updated,
                             gint64 skipped,
                             gint64 exported,
                             const char *details,
                             GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);
  g_return_val_if_fail (result != MR_FILE_EXCHANGE_RUNNING, FALSE);
  g_return_val_if_fail ((guint) result < G_N_ELEMENTS (result_names), FALSE);

  stmt = mr_store_prepare (store,
                           "UPDATE file_exchange_run SET finished_at = ?, result = ?, added = ?, "
                           "updated = ?, skipped = ?, exported = ?, details = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  sqlite3_bind_text (stmt, 2, result_names[result], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, added);
  sqlite3_bind_int64 (stmt, 4, updated);
  sqlite3_bind_int64 (stmt, 5, skipped);
  sqlite3_bind_int64 (stmt, 6, exported);
  mr_store_bind_text_or_null (stmt, 7, details);
  sqlite3_bind_int64 (stmt, 8, id);
  if (!mr_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (mr_store_get_db (store)) == 0)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND,
                   _ ("The file exchange run %lld is not in the log."), (long long) id);
      return FALSE;
    }
  return TRUE;
}

#define RUN_COLUMNS                                                                                 \
  "id, started_at, coalesce (finished_at, 0), trigger, result, added, updated, skipped, exported, " \
  "details"

static MrFileExchangeRun *
run_from_row (sqlite3_stmt *stmt)
{
  MrFileExchangeRun *run = g_new0 (MrFileExchangeRun, 1);
  const char *details = (const char *) sqlite3_column_text (stmt, 9);

  run->id = sqlite3_column_int64 (stmt, 0);
  run->started_at = sqlite3_column_int64 (stmt, 1);
  run->finished_at = sqlite3_column_int64 (stmt, 2);
  /* The table's CHECK constraints keep both columns to the known names. */
  if (!mr_file_exchange_trigger_from_string ((const char *) sqlite3_column_text (stmt, 3),
                                             &run->trigger))
    run->trigger = MR_FILE_EXCHANGE_TRIGGER_SCHEDULE;
  if (!mr_file_exchange_result_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                            &run->result))
    run->result = MR_FILE_EXCHANGE_FAILED;
  run->added = sqlite3_column_int64 (stmt, 5);
  run->updated = sqlite3_column_int64 (stmt, 6);
  run->skipped = sqlite3_column_int64 (stmt, 7);
  run->exported = sqlite3_column_int64 (stmt, 8);
  run->details = g_strdup (details);
  return run;
}

GPtrArray *
mr_file_exchange_log_list (MrStore *store, guint limit)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_file_exchange_run_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), out);

  stmt = mr_store_prepare (
    store, "SELECT " RUN_COLUMNS " FROM file_exchange_run ORDER BY id DESC LIMIT ?", NULL);
  if (stmt == NULL)
    return out;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, run_from_row (stmt));
  sqlite3_reset (stmt);
  return out;
}

MrFileExchangeRun *
mr_file_exchange_log_get (MrStore *store, gint64 id)
{
  MrFileExchangeRun *run = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  stmt =
    mr_store_prepare (store, "SELECT " RUN_COLUMNS " FROM file_exchange_run WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    run = run_from_row (stmt);
  sqlite3_reset (stmt);
  return run;
}

gint64
mr_file_exchange_log_get_last_start (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), 0);
  return mr_store_query_int (store,
                             "SELECT coalesce (max (started_at), 0) FROM file_exchange_run "
                             "WHERE result != 'running'",
                             NULL);
}

gboolean
mr_file_exchange_log_prune (MrStore *store, guint keep, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  stmt = mr_store_prepare (store,
                           "DELETE FROM file_exchange_run WHERE id <= "
                           "(SELECT id FROM file_exchange_run ORDER BY id DESC LIMIT 1 OFFSET ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep);
  return mr_store_step_done (store, stmt, error);
}

void
mr_file_exchange_log_notify (MrStore *store, gboolean data_changed)
{
  static const char *const entities[] = { "org_unit", "place", "department", "contact" };

  g_return_if_fail (MR_IS_STORE (store));

  if (data_changed)
    for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
      mr_store_notify_changed (store, entities[i]);
  mr_store_notify_changed (store, "file_exchange_run");
}
