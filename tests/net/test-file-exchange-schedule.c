/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "mr-file-exchange-schedule.h"

/* When the file exchange runs: on its interval, and after a failure
 * again in 1, 5 and 15 minutes before going back to the interval. */

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)

static void
test_retry_delay (void)
{
  g_assert_cmpuint (mr_file_exchange_retry_delay (1, 60), ==, 1);
  g_assert_cmpuint (mr_file_exchange_retry_delay (2, 60), ==, 5);
  g_assert_cmpuint (mr_file_exchange_retry_delay (3, 60), ==, 15);
  g_assert_cmpuint (mr_file_exchange_retry_delay (4, 60), ==, 60);
  g_assert_cmpuint (mr_file_exchange_retry_delay (40, 120), ==, 120);
  /* Schedule off: three retries, then none. */
  g_assert_cmpuint (mr_file_exchange_retry_delay (3, 0), ==, 15);
  g_assert_cmpuint (mr_file_exchange_retry_delay (4, 0), ==, 0);
}

static void
test_start (void)
{
  MrFileExchangeSchedule s = { 7, 12345 };
  gint64 now = (gint64) 1700000000 * G_USEC_PER_SEC;

  /* Off. */
  mr_file_exchange_schedule_start (&s, 0, now - 10 * MINUTE, now);
  g_assert_cmpint (s.next_due, ==, 0);
  g_assert_cmpuint (s.n_failures, ==, 0);
  /* Never ran: a minute after start-up. */
  mr_file_exchange_schedule_start (&s, 60, 0, now);
  g_assert_cmpint (s.next_due, ==, now + MINUTE);
  /* Ran 10 minutes ago, every hour: in 50 minutes. */
  mr_file_exchange_schedule_start (&s, 60, now - 10 * MINUTE, now);
  g_assert_cmpint (s.next_due, ==, now + 50 * MINUTE);
  /* Overdue: soon, not at once. */
  mr_file_exchange_schedule_start (&s, 60, now - 300 * MINUTE, now);
  g_assert_cmpint (s.next_due, ==, now + MINUTE);
}

static void
test_backoff (void)
{
  MrFileExchangeSchedule s = { 0, 0 };
  gint64 now = (gint64) 1700000000 * G_USEC_PER_SEC;

  /* An unreachable server: retried in 1, 5, 15 minutes, then hourly. */
  mr_file_exchange_schedule_ran (&s, MR_FILE_EXCHANGE_FAILED, 60, now);
  g_assert_cmpint (s.next_due, ==, now + MINUTE);
  mr_file_exchange_schedule_ran (&s, MR_FILE_EXCHANGE_FAILED, 60, now);
  g_assert_cmpint (s.next_due, ==, now + 5 * MINUTE);
  mr_file_exchange_schedule_ran (&s, MR_FILE_EXCHANGE_FAILED, 60, now);
  g_assert_cmpint (s.next_due, ==, now + 15 * MINUTE);
  mr_file_exchange_schedule_ran (&s, MR_FILE_EXCHANGE_FAILED, 60, now);
  g_assert_cmpint (s.next_due, ==, now + 60 * MINUTE);
  g_assert_cmpuint (s.n_failures, ==, 4);
  /* Back: the count starts again. */
  mr_file_exchange_schedule_ran (&s, MR_FILE_EXCHANGE_OK, 60, now);
  g_assert_cmpuint (s.n_failures, ==, 0);
  g_assert_cmpint (s.next_due, ==, now + 60 * MINUTE);
  mr_file_exchange_schedule_ran (&s, MR_FILE_EXCHANGE_FAILED, 60, now);
  g_assert_cmpint (s.next_due, ==, now + MINUTE);
  /* A file with problems is not retried early: the file must change. */
  mr_file_exchange_schedule_ran (&s, MR_FILE_EXCHANGE_PARTIAL, 60, now);
  g_assert_cmpint (s.next_due, ==, now + 60 * MINUTE);
  /* A manual run that failed, with no schedule: retried, then left. */
  s.n_failures = 0;
  for (guint i = 0; i < 3; i++)
    {
      mr_file_exchange_schedule_ran (&s, MR_FILE_EXCHANGE_FAILED, 0, now);
      g_assert_cmpint (s.next_due, >, now);
    }
  mr_file_exchange_schedule_ran (&s, MR_FILE_EXCHANGE_FAILED, 0, now);
  g_assert_cmpint (s.next_due, ==, 0);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file-exchange-schedule/retry-delay", test_retry_delay);
  g_test_add_func ("/file-exchange-schedule/start", test_start);
  g_test_add_func ("/file-exchange-schedule/backoff", test_backoff);
  return g_test_run ();
}
