/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

/* The log of scheduled SFTP file exchanges (table file_exchange_run).
 *
 * Each workstation exchanges files on its own schedule, so its log is
 * local: it is written directly, not through mr_store_apply(), and never
 * journaled or synced. The records the exchange imports do go through
 * the mutation API, like any other import. */

typedef enum
{
  MR_FILE_EXCHANGE_TRIGGER_SCHEDULE,
  MR_FILE_EXCHANGE_TRIGGER_MANUAL,
  MR_FILE_EXCHANGE_TRIGGER_CLI,
} MrFileExchangeTrigger;

typedef enum
{
  MR_FILE_EXCHANGE_RUNNING,
  MR_FILE_EXCHANGE_OK,
  MR_FILE_EXCHANGE_PARTIAL, /* connected, but a file or the export failed */
  MR_FILE_EXCHANGE_FAILED,  /* nothing could be done (server, key, login, …) */
} MrFileExchangeResult;

/* "schedule"/"manual"/"cli" and "running"/"ok"/"partial"/"failed": the
 * values stored in the table and printed by `mailroom-cli --json`. */
const char *mr_file_exchange_trigger_to_string (MrFileExchangeTrigger trigger);
gboolean mr_file_exchange_trigger_from_string (const char *name, MrFileExchangeTrigger *out);
const char *mr_file_exchange_result_to_string (MrFileExchangeResult result);
gboolean mr_file_exchange_result_from_string (const char *name, MrFileExchangeResult *out);
/* Translated, for people: "Scheduled", "Succeeded", … */
const char *mr_file_exchange_trigger_label (MrFileExchangeTrigger trigger);
const char *mr_file_exchange_result_label (MrFileExchangeResult result);

typedef struct
{
  gint64 id;
  gint64 started_at;  /* unix microseconds */
  gint64 finished_at; /* unix microseconds, 0 while running */
  MrFileExchangeTrigger trigger;
  MrFileExchangeResult result;
  gint64 added;
  gint64 updated;
  gint64 skipped;
  gint64 exported;
  char *details; /* translated when it was written; may be NULL */
} MrFileExchangeRun;

void mr_file_exchange_run_free (MrFileExchangeRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrFileExchangeRun, mr_file_exchange_run_free)

/* Starts a run: a "running" row. Returns its id, or 0 with @error. */
gint64 mr_file_exchange_log_begin (MrStore *store, MrFileExchangeTrigger trigger, GError **error);
/* Ends run @id with its result, counts and details. */
gboolean mr_file_exchange_log_finish (MrStore *store,
                                      gint64 id,
                                      MrFileExchangeResult result,
                                      gint64 added,
                                      gint64 updated,
                                      gint64 skipped,
                                      gint64 exported,
                                      const char *details,
                                      GError **error);

/* The newest @limit runs (0: all), newest first. (element-type MrFileExchangeRun) */
GPtrArray *mr_file_exchange_log_list (MrStore *store, guint limit);
MrFileExchangeRun *mr_file_exchange_log_get (MrStore *store, gint64 id);
/* When the last run that was not still running started (unix µs), or 0. */
gint64 mr_file_exchange_log_get_last_start (MrStore *store);
/* Keeps the newest @keep runs; the log would otherwise grow forever. */
gboolean mr_file_exchange_log_prune (MrStore *store, guint keep, GError **error);

/* Another connection (the exchange runs on its own, in a thread) changed
 * the database: tells this store's listeners to re-read the address book
 * when @data_changed, and the run log in any case, as ::changed with no id
 * for each kind ("contact", "department", "place", "org_unit",
 * "file_exchange_run"). */
void mr_file_exchange_log_notify (MrStore *store, gboolean data_changed);

G_END_DECLS
