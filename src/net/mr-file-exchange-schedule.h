/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mr-file-exchange-log.h"

G_BEGIN_DECLS

/* After failure number @n_failures (1, 2, …) in a row, the minutes until
 * the next attempt: 1, 5, 15, then the schedule's interval (0 when the
 * schedule is off: no more retries). */
guint mr_file_exchange_retry_delay (guint n_failures, guint interval_minutes);

/* When the next run is due. A failed run is retried after 1, 5 and 15
 * minutes, then on the schedule; any other result resets the count. */
typedef struct
{
  guint n_failures; /* failed runs in a row */
  gint64 next_due;  /* unix µs; 0: none planned */
} MrFileExchangeSchedule;

/* (Re)starts the schedule, e.g. when the app starts or the settings
 * change: the next run is an interval after the last one (@last_start,
 * unix µs, 0 if none), but not sooner than a minute from @now. */
void mr_file_exchange_schedule_start (MrFileExchangeSchedule *schedule,
                                      guint interval_minutes,
                                      gint64 last_start,
                                      gint64 now);
/* A run ended at @now with @result: plans the next one. */
void mr_file_exchange_schedule_ran (MrFileExchangeSchedule *schedule,
                                    MrFileExchangeResult result,
                                    guint interval_minutes,
                                    gint64 now);

G_END_DECLS
