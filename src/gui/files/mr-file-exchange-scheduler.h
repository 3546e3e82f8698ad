/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mr-file-exchange.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* Runs the SFTP file exchange on its schedule while the app is open, off
 * the main thread with a store of its own, retries failures (1, 5, 15
 * minutes, then the schedule), tells the app's store to re-read what was
 * imported, and notifies the user when a run fails. */

#define MR_TYPE_FILE_EXCHANGE_SCHEDULER (mr_file_exchange_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (
  MrFileExchangeScheduler, mr_file_exchange_scheduler, MR, FILE_EXCHANGE_SCHEDULER, GObject)

/* @application: (nullable): where notifications go */
MrFileExchangeScheduler *
mr_file_exchange_scheduler_new (GApplication *application, MrStore *store, GSettings *settings);

/* Starts a run now unless one is under way; FALSE if one is. */
gboolean
mr_file_exchange_scheduler_run_now (MrFileExchangeScheduler *self, MrFileExchangeTrigger trigger);
/* What the timer does: starts the scheduled run if it is due at @now
 * (unix µs) and the server is configured. TRUE if a run started. */
gboolean mr_file_exchange_scheduler_check_due (MrFileExchangeScheduler *self, gint64 now);
gboolean mr_file_exchange_scheduler_get_running (MrFileExchangeScheduler *self);
/* When the next run is due (unix µs), or 0 when none is planned. */
gint64 mr_file_exchange_scheduler_get_next_run (MrFileExchangeScheduler *self);
/* Cancels the run under way and stops the timer (the app is quitting). */
void mr_file_exchange_scheduler_stop (MrFileExchangeScheduler *self);

G_END_DECLS
