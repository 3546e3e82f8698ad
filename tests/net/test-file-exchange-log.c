/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "mr-file-exchange-log.h"
#include "../mr-test-files.h"

/* The local log of file exchange runs (src/core/mr-file-exchange-log.c). */

typedef struct
{
  char *dir;
  char *path;
  MrStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mailroom-log-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  mr_test_unlink_search (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_begin_finish (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (MrFileExchangeRun) run = NULL;
  gint64 before = g_get_real_time ();
  gint64 id, id2;
  gint64 journal = mr_store_count_journal (f->store);

  g_assert_cmpint (mr_file_exchange_log_get_last_start (f->store), ==, 0);
  id = mr_file_exchange_log_begin (f->store, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  run = mr_file_exchange_log_get (f->store, id);
  g_assert_nonnull (run);
  g_assert_cmpint (run->result, ==, MR_FILE_EXCHANGE_RUNNING);
  g_assert_cmpint (run->trigger, ==, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE);
  g_assert_cmpint (run->started_at, >=, before);
  g_assert_cmpint (run->finished_at, ==, 0);
  /* A run still going is not "the last run". */
  g_assert_cmpint (mr_file_exchange_log_get_last_start (f->store), ==, 0);
  g_clear_pointer (&run, mr_file_exchange_run_free);

  g_assert_true (mr_file_exchange_log_finish (f->store, id, MR_FILE_EXCHANGE_PARTIAL, 3, 2, 1, 40,
                                              "contacts.csv, line 4, column “Email”: bad", &error));
  g_assert_no_error (error);
  run = mr_file_exchange_log_get (f->store, id);
  g_assert_cmpint (run->result, ==, MR_FILE_EXCHANGE_PARTIAL);
  g_assert_cmpint (run->added, ==, 3);
  g_assert_cmpint (run->updated, ==, 2);
  g_assert_cmpint (run->skipped, ==, 1);
  g_assert_cmpint (run->exported, ==, 40);
  g_assert_cmpint (run->finished_at, >=, run->started_at);
  g_assert_cmpstr (run->details, ==, "contacts.csv, line 4, column “Email”: bad");
  g_assert_cmpint (mr_file_exchange_log_get_last_start (f->store), ==, run->started_at);

  id2 = mr_file_exchange_log_begin (f->store, MR_FILE_EXCHANGE_TRIGGER_CLI, &error);
  g_assert_no_error (error);
  runs = mr_file_exchange_log_list (f->store, 0);
  g_assert_cmpuint (runs->len, ==, 2);
  /* Newest first. */
  g_assert_cmpint (((MrFileExchangeRun *) runs->pdata[0])->id, ==, id2);
  g_assert_cmpint (((MrFileExchangeRun *) runs->pdata[0])->trigger, ==,
                   MR_FILE_EXCHANGE_TRIGGER_CLI);
  g_assert_cmpint (((MrFileExchangeRun *) runs->pdata[1])->id, ==, id);

  /* Unknown runs cannot be finished. */
  g_assert_false (
    mr_file_exchange_log_finish (f->store, 9999, MR_FILE_EXCHANGE_OK, 0, 0, 0, 0, NULL, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);

  /* The log is local: it neither goes through the journal nor syncs. */
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
}

static void
test_prune (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GError) error = NULL;
  gint64 last = 0;

  for (guint i = 0; i < 12; i++)
    {
      last = mr_file_exchange_log_begin (f->store, MR_FILE_EXCHANGE_TRIGGER_MANUAL, &error);
      g_assert_no_error (error);
      g_assert_true (mr_file_exchange_log_finish (f->store, last, MR_FILE_EXCHANGE_OK, i, 0, 0, 0,
                                                  NULL, &error));
    }
  g_assert_true (mr_file_exchange_log_prune (f->store, 5, &error));
  g_assert_no_error (error);
  runs = mr_file_exchange_log_list (f->store, 0);
  g_assert_cmpuint (runs->len, ==, 5);
  g_assert_cmpint (((MrFileExchangeRun *) runs->pdata[0])->id, ==, last);
  g_assert_cmpint (((MrFileExchangeRun *) runs->pdata[0])->added, ==, 11);
  g_assert_cmpint (((MrFileExchangeRun *) runs->pdata[4])->added, ==, 7);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = mr_file_exchange_log_list (f->store, 2);
  g_assert_cmpuint (runs->len, ==, 2);
}

/* A run left "running" by a process that was killed ends as failed the
 * next time a run begins, once it is clearly stale. */
static void
test_stale (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrFileExchangeRun) old_run = NULL;
  g_autoptr (MrFileExchangeRun) recent_run = NULL;
  gint64 old_id, recent_id;
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;

  old_id = mr_file_exchange_log_begin (f->store, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, &error);
  recent_id = mr_file_exchange_log_begin (f->store, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, &error);
  g_assert_no_error (error);
  /* Age the first one by a day, as if its process died yesterday. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE file_exchange_run SET started_at = started_at - %" G_GINT64_FORMAT
                         " WHERE id = %" G_GINT64_FORMAT,
                         (gint64) G_TIME_SPAN_DAY, old_id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  mr_file_exchange_log_begin (f->store, MR_FILE_EXCHANGE_TRIGGER_MANUAL, &error);
  g_assert_no_error (error);
  old_run = mr_file_exchange_log_get (f->store, old_id);
  recent_run = mr_file_exchange_log_get (f->store, recent_id);
  g_assert_cmpint (old_run->result, ==, MR_FILE_EXCHANGE_FAILED);
  g_assert_nonnull (old_run->details);
  g_assert_cmpint (old_run->finished_at, >, 0);
  /* A recent one may well be another process's run in progress. */
  g_assert_cmpint (recent_run->result, ==, MR_FILE_EXCHANGE_RUNNING);
}

static void
changed_cb (MrStore *store, const char *entity, const char *id, GPtrArray *seen)
{
  g_ptr_array_add (seen, g_strdup (entity));
  g_assert_null (id);
}

static void
test_notify (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), seen);
  mr_file_exchange_log_notify (f->store, FALSE);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (seen->pdata[0], ==, "file_exchange_run");
  g_ptr_array_set_size (seen, 0);
  mr_file_exchange_log_notify (f->store, TRUE);
  g_assert_true (g_ptr_array_find_with_equal_func (seen, "contact", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (seen, "place", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (seen, "org_unit", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (seen, "department", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (seen, "file_exchange_run", g_str_equal, NULL));
}

static void
test_names (void)
{
  MrFileExchangeTrigger t;
  MrFileExchangeResult r;

  for (guint i = MR_FILE_EXCHANGE_TRIGGER_SCHEDULE; i <= MR_FILE_EXCHANGE_TRIGGER_CLI; i++)
    {
      g_assert_true (
        mr_file_exchange_trigger_from_string (mr_file_exchange_trigger_to_string (i), &t));
      g_assert_cmpint (t, ==, i);
      g_assert_cmpstr (mr_file_exchange_trigger_label (i), !=, "");
    }
  for (guint i = MR_FILE_EXCHANGE_RUNNING; i <= MR_FILE_EXCHANGE_FAILED; i++)
    {
      g_assert_true (
        mr_file_exchange_result_from_string (mr_file_exchange_result_to_string (i), &r));
      g_assert_cmpint (r, ==, i);
      g_assert_cmpstr (mr_file_exchange_result_label (i), !=, "");
    }
  g_assert_false (mr_file_exchange_result_from_string ("done", &r));
  g_assert_false (mr_file_exchange_trigger_from_string (NULL, &t));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file-exchange-log/names", test_names);
  g_test_add ("/file-exchange-log/begin-finish", Fixture, NULL, fixture_set_up, test_begin_finish,
              fixture_tear_down);
  g_test_add ("/file-exchange-log/prune", Fixture, NULL, fixture_set_up, test_prune,
              fixture_tear_down);
  g_test_add ("/file-exchange-log/stale", Fixture, NULL, fixture_set_up, test_stale,
              fixture_tear_down);
  g_test_add ("/file-exchange-log/notify", Fixture, NULL, fixture_set_up, test_notify,
              fixture_tear_down);
  return g_test_run ();
}
