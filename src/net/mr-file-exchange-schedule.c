/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-file-exchange-schedule"

#include "config.h"

#include "mr-file-exchange-schedule.h"

guint
mr_file_exchange_retry_delay (guint n_failures, guint interval_minutes)
{
  static const guint backoff[] = { 1, 5, 15 };

  if (n_failures == 0)
    return interval_minutes;
  if (n_failures <= G_N_ELEMENTS (backoff))
    return backoff[n_failures - 1];
  return interval_minutes;
}

/* A minute's grace after start-up or a change of settings: the app opens
 * quickly, and an administrator typing a host name is not interrupted. */
#define START_GRACE_USEC (60 * G_USEC_PER_SEC)

void
mr_file_exchange_schedule_start (MrFileExchangeSchedule *schedule,
                                 guint interval_minutes,
                                 gint64 last_start,
                                 gint64 now)
{
  gint64 due;

  g_return_if_fail (schedule != NULL);

  schedule->n_failures = 0;
  if (interval_minutes == 0)
    {
      schedule->next_due = 0;
      return;
    }
  due = last_start > 0 ? last_start + (gint64) interval_minutes * 60 * G_USEC_PER_SEC : 0;
  schedule->next_due = MAX (due, now + START_GRACE_USEC);
}

void
mr_file_exchange_schedule_ran (MrFileExchangeSchedule *schedule,
                               MrFileExchangeResult result,
                               guint interval_minutes,
                               gint64 now)
{
  guint delay;

  g_return_if_fail (schedule != NULL);

  if (result == MR_FILE_EXCHANGE_FAILED)
    schedule->n_failures++;
  else
    schedule->n_failures = 0;
  delay = mr_file_exchange_retry_delay (schedule->n_failures, interval_minutes);
  schedule->next_due = delay > 0 ? now + (gint64) delay * 60 * G_USEC_PER_SEC : 0;
}
