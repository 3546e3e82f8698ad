/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checkpoints off the commits (mr-store-checkpoint.c): past the
 * threshold the log is copied into the database by the thread, not by the
 * commit; what was committed is all there, the database is sound; freeing
 * the checkpointer gives SQLite back its own checkpoints; and the store
 * runs its commits this way and loses nothing across a reopen. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "mr-store-checkpoint.h"
#include "mr-store-private.h"

#define ROWS 700
#define ROW_BYTES (24 * 1024)

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mr-checkpoint-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-search", "-search-wal", "-search-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (f->path, suffixes[i], NULL);

      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
exec_ok (sqlite3 *db, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

static gint64
query_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

/* Commits of ~6 pages each, one after the other. */
static void
write_rows (sqlite3 *db, guint from, guint n)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (
    sqlite3_prepare_v2 (db, "INSERT INTO t (n, b) VALUES (?, randomblob (?))", -1, &stmt, NULL), ==,
    SQLITE_OK);
  for (guint i = from; i < from + n; i++)
    {
      sqlite3_bind_int (stmt, 1, (int) i);
      sqlite3_bind_int (stmt, 2, ROW_BYTES);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

static void
test_background (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  MrCheckpointer *checkpointer;
  sqlite3 *db = NULL, *memory = NULL;
  gint64 before;

  /* Nothing to do for a database in memory. */
  g_assert_cmpint (sqlite3_open (":memory:", &memory), ==, SQLITE_OK);
  g_assert_null (mr_checkpointer_new (memory));
  sqlite3_close (memory);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  /* The test's own commits need not wait for the disk; the thread's
   * connection syncs as the store's does. */
  exec_ok (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;"
               "CREATE TABLE t (n INTEGER PRIMARY KEY, b BLOB)");
  checkpointer = mr_checkpointer_new (db);
  g_assert_nonnull (checkpointer);
  /* It took the place of SQLite's automatic checkpoint. */
  g_assert_cmpint (query_int (db, "PRAGMA wal_autocheckpoint"), ==, 0);
  before = file_size (f->path);

  /* Below the threshold (1,000 pages), nothing: the log keeps it all. */
  write_rows (db, 0, 80);
  g_assert_cmpuint (mr_checkpointer_get_n_runs (checkpointer), ==, 0);
  g_assert_cmpint (file_size (f->path), ==, before);

  /* Past it, the commits go on and the thread copies the log. */
  write_rows (db, 80, ROWS - 80);
  g_assert_true (mr_checkpointer_wait (checkpointer, 1, 60 * 1000));
  g_assert_cmpint (file_size (f->path), >, before + 100 * ROW_BYTES);
  g_assert_cmpint (file_size (wal), >, 0);

  /* All there, and sound, read from this connection and another. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM t"), ==, ROWS);
  g_assert_cmpint (query_int (db, "SELECT sum (length (b) = 24576) FROM t"), ==, ROWS);
  {
    sqlite3 *other = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f->path, &other, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (query_int (other, "SELECT count(*) FROM t"), ==, ROWS);
    sqlite3_close (other);
  }

  /* Freed: SQLite's own checkpoints again. */
  mr_checkpointer_free (checkpointer);
  g_assert_cmpint (query_int (db, "PRAGMA wal_autocheckpoint"), ==, 1000);
  {
    sqlite3_stmt *stmt = NULL;
    char *msg = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, &msg), ==,
                     SQLITE_OK);
  }
  sqlite3_close (db);
  g_assert_cmpint (file_size (wal), <=, 0);
}

/* The store, through enough commits to fill the log several times, then
 * closed and opened again: every mutation is there. */
static void
test_store (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  MrStore *store = mr_store_open (f->path, &error);
  g_autofree char *big = g_strnfill (8000, 'x');
  gint64 journal;

  g_assert_no_error (error);
  for (guint i = 0; i < 800; i++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      g_autofree char *first = g_strdup_printf ("Person%u", i);

      g_variant_dict_insert (&d, "first_name", "s", first);
      g_variant_dict_insert (&d, "last_name", "s", "Checkpoint");
      /* Long notes, so that each commit is a few pages. */
      g_variant_dict_insert (&d, "notes", "s", big);
      if (!mr_store_apply (store, "contact.create", g_variant_dict_end (&d), NULL, &error))
        g_error ("%s", error->message);
    }
  journal = mr_store_count_journal (store);
  g_object_unref (store);

  store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mr_store_count_journal (store), ==, journal);
  g_assert_cmpint (
    mr_store_query_int (store, "SELECT count(*) FROM contact WHERE last_name = ?", "Checkpoint"),
    ==, 800);
  g_assert_true (mr_store_integrity_check (store, &error));
  g_assert_no_error (error);
  g_object_unref (store);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-checkpoint/background", Fixture, NULL, fixture_setup, test_background,
              fixture_teardown);
  g_test_add ("/store-checkpoint/store", Fixture, NULL, fixture_setup, test_store,
              fixture_teardown);
  return g_test_run ();
}
