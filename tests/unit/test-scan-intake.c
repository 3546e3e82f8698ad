/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "mr-packages.h"
#include "mr-scan-intake.h"
#include "mr-schema.h"
#include "mr-store-private.h"
#include "mr-store.h"
#include "../mr-test-files.h"

/* The scan intake log (mr-scan-intake.c): a scan saved there and then
 * flushed is the package package.receive would have made; a scan saved
 * by a process killed before the flush is received at the next open,
 * once; a scan package.receive refuses holds up no other; and saving a
 * scan commits a few pages, not the twenty of package.receive. */

#define UPS "1Z999AA10123456784"
#define FEDEX "449044304137821"

typedef struct
{
  char *dir;
  char *path;
  MrStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mr-scan-intake-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* A query on a connection of its own, as another program would read. */
static gint64
raw_int (const char *path, const char *sql, const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static GVariant *
scan_args (const char *tracking)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "tracking_number", "s", tracking);
  return g_variant_dict_end (&d);
}

static char *
intake_ok (MrStore *store, GVariant *args)
{
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  g_assert_true (mr_store_intake_scan (store, args, &id, &error));
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

typedef struct
{
  GPtrArray *ids; /* of the "package" changes heard */
} Heard;

static void
on_changed (MrStore *store, const char *entity, const char *id, Heard *heard)
{
  if (g_strcmp0 (entity, "package") == 0)
    g_ptr_array_add (heard->ids, g_strdup (id));
}

static guint
count_events (MrStore *store, const char *package_id, const char *kind)
{
  g_autoptr (GPtrArray) events = mr_store_list_package_events (store, package_id);
  guint n = 0;

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      MrPackageEvent *e = g_ptr_array_index (events, i);

      if (strcmp (e->kind, kind) == 0)
        n++;
    }
  return n;
}

/* Intake then flush makes what package.receive makes: the carrier, the
 * time of the scan (not of the flush), the duplicate flag, who received
 * it, its event and its journal entry, and the ::changed signal. */
static void
test_same_as_receive (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *id = NULL;
  g_autoptr (MrPackage) ref = NULL;
  g_autoptr (MrPackage) p = NULL;
  Heard heard = { g_ptr_array_new_with_free_func (g_free) };
  gint64 before, after;
  guint n_done = 99;

  mr_store_set_user_id (f->store, "clerk-1");
  g_assert_true (mr_store_apply (f->store, "package.receive", scan_args (UPS), &first, &error));
  g_assert_no_error (error);
  ref = mr_store_get_package (f->store, first);

  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), &heard);
  before = g_get_real_time () / 1000;
  id = intake_ok (f->store, scan_args (UPS));
  after = g_get_real_time () / 1000;
  /* Saved, not a package yet: nobody hears of it. */
  g_assert_null (mr_store_get_package (f->store, id));
  g_assert_cmpint (mr_store_intake_count_pending (f->store), ==, 1);
  g_assert_cmpuint (heard.ids->len, ==, 0);

  /* Whoever is signed in at the flush, the scan is the scanning clerk's. */
  mr_store_set_user_id (f->store, "clerk-2");
  g_usleep (20 * 1000);
  g_assert_true (mr_store_intake_flush (f->store, &n_done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_done, ==, 1);
  g_assert_cmpint (mr_store_intake_count_pending (f->store), ==, 0);
  /* The flush commits without waiting for the disk; every other commit
   * still waits (FULL). */
  g_assert_cmpint (mr_store_query_int (f->store, "PRAGMA synchronous", NULL), ==, 2);

  p = mr_store_get_package (f->store, id);
  g_assert_nonnull (p);
  g_assert_cmpstr (mr_package_get_tracking_number (p), ==, UPS);
  g_assert_cmpstr (mr_package_get_carrier (p), ==, mr_package_get_carrier (ref));
  g_assert_nonnull (mr_package_get_carrier (p));
  g_assert_cmpstr (mr_package_get_service (p), ==, mr_package_get_service (ref));
  g_assert_cmpint (mr_package_get_status (p), ==, MR_PACKAGE_RECEIVED);
  g_assert_cmpint (mr_package_get_received_at (p), >=, before);
  g_assert_cmpint (mr_package_get_received_at (p), <=, after);
  g_assert_cmpstr (mr_package_get_received_by (p), ==, "clerk-1");
  g_assert_cmpstr (mr_package_get_duplicate_of (p), ==, first);
  g_assert_nonnull (mr_package_get_internal_id (p));
  g_assert_cmpuint (count_events (f->store, id, "received"), ==, 1);
  g_assert_cmpint (raw_int (f->path,
                            "SELECT count(*) FROM journal WHERE name = 'package.receive' AND "
                            "entity_id = ?",
                            id),
                   ==, 1);
  g_assert_cmpuint (heard.ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (heard.ids, 0), ==, id);

  /* Nothing left: a flush does nothing and says so. */
  g_assert_true (mr_store_intake_flush (f->store, &n_done, &error));
  g_assert_cmpuint (n_done, ==, 0);
  g_assert_cmpuint (heard.ids->len, ==, 1);

  g_signal_handlers_disconnect_by_func (f->store, on_changed, &heard);
  g_ptr_array_unref (heard.ids);
}

/* A process killed after the scan was saved and before the flush: the
 * next open (the app again, or mailroom-cli) receives it, once. */
static void
test_recovered_on_open (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr (MrPackage) p = NULL;

  id = intake_ok (f->store, scan_args (FEDEX));
  /* What a kill leaves: the database file and its WAL as they are now,
   * committed scan and all, copied while the store is still open. */
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (copy, contents, (gssize) len, NULL));
    g_clear_pointer (&contents, g_free);
    if (g_file_get_contents (wal, &contents, &len, NULL))
      g_assert_true (g_file_set_contents (copy_wal, contents, (gssize) len, NULL));
  }
  g_assert_cmpint (raw_int (copy, "SELECT count(*) FROM scan_intake WHERE package_id = ?", id), ==,
                   1);
  g_assert_cmpint (raw_int (copy, "SELECT count(*) FROM package", NULL), ==, 0);

  {
    g_autoptr (MrStore) again = mr_store_open (copy, &error);

    g_assert_no_error (error);
    p = mr_store_get_package (again, id);
    g_assert_nonnull (p);
    g_assert_cmpstr (mr_package_get_tracking_number (p), ==, FEDEX);
    g_assert_cmpint (mr_store_intake_count_pending (again), ==, 0);
  }
  /* Opened again: still one package, one event, one journal entry. */
  {
    g_autoptr (MrStore) third = mr_store_open (copy, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (count_events (third, id, "received"), ==, 1);
  }
  g_assert_cmpint (raw_int (copy, "SELECT count(*) FROM package WHERE tracking_number = ?", FEDEX),
                   ==, 1);
  g_assert_cmpint (
    raw_int (copy, "SELECT count(*) FROM journal WHERE name = 'package.receive'", NULL), ==, 1);
  g_assert_cmpint (raw_int (copy, "SELECT count(*) FROM scan_intake", NULL), ==, 0);

  /* The original, closed without a flush, is recovered the same way. */
  g_clear_object (&f->store);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM scan_intake", NULL), ==, 1);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&p);
  p = mr_store_get_package (f->store, id);
  g_assert_nonnull (p);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM package", NULL), ==, 1);

  {
    g_autofree char *wal = g_strconcat (copy, "-wal", NULL);
    g_autofree char *shm = g_strconcat (copy, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    mr_test_unlink_search (copy);
    g_unlink (copy);
  }
}

/* A package whose row was committed but whose intake row was not deleted
 * (cannot happen in one transaction; be safe): the row is only deleted. */
static void
test_existing_package_only_deleted (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  guint n_done = 0;

  id = intake_ok (f->store, scan_args (UPS));
  g_variant_dict_insert (&d, "id", "s", id);
  g_variant_dict_insert (&d, "tracking_number", "s", UPS);
  g_assert_true (
    mr_store_apply (f->store, "package.receive", g_variant_dict_end (&d), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mr_store_intake_flush (f->store, &n_done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_done, ==, 1);
  g_assert_cmpint (mr_store_intake_count_pending (f->store), ==, 0);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM package", NULL), ==, 1);
  g_assert_cmpint (
    raw_int (f->path, "SELECT count(*) FROM journal WHERE name = 'package.receive'", NULL), ==, 1);
}

/* A scan package.receive refuses stays in the log and is reported; the
 * scans before and after it are received. */
static void
test_bad_row_does_not_block (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *good1 = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *good2 = NULL;
  g_autoptr (MrPackage) p1 = NULL;
  g_autoptr (MrPackage) p2 = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  guint n_done = 0;

  good1 = intake_ok (f->store, scan_args (UPS));
  g_variant_dict_insert (&d, "tracking_number", "s", "BAD-PIECES");
  g_variant_dict_insert (&d, "pieces", "x", (gint64) 0);
  bad = intake_ok (f->store, g_variant_dict_end (&d));
  good2 = intake_ok (f->store, scan_args (FEDEX));

  g_assert_false (mr_store_intake_flush (f->store, &n_done, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "pieces");
  g_clear_error (&error);
  g_assert_cmpuint (n_done, ==, 2);
  p1 = mr_store_get_package (f->store, good1);
  p2 = mr_store_get_package (f->store, good2);
  g_assert_nonnull (p1);
  g_assert_nonnull (p2);
  g_assert_null (mr_store_get_package (f->store, bad));
  g_assert_cmpint (mr_store_intake_count_pending (f->store), ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM scan_intake WHERE package_id = ?", bad),
                   ==, 1);

  /* Tried again, refused again, nothing else touched. */
  g_assert_false (mr_store_intake_flush (f->store, &n_done, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (n_done, ==, 0);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM package", NULL), ==, 2);

  /* A reopen with the refused row left in the log still opens. */
  g_clear_object (&f->store);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mr_store_intake_count_pending (f->store), ==, 1);
}

/* Inside a batch the commit would be the batch's, not durable on return:
 * refused, nothing written. */
static void
test_refused_in_batch (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  char *id = NULL;
  guint n_done = 0;

  g_assert_true (mr_store_begin_batch (f->store, &error));
  g_assert_false (mr_store_intake_scan (f->store, scan_args (UPS), &id, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED);
  g_assert_null (id);
  g_clear_error (&error);
  g_assert_false (mr_store_intake_flush (f->store, &n_done, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mr_store_intake_count_pending (f->store), ==, 0);

  /* A package id that is not a UUID is refused before anything is saved. */
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", "not-an-id");
    g_assert_false (mr_store_intake_scan (f->store, g_variant_dict_end (&d), NULL, &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
    g_assert_cmpint (mr_store_intake_count_pending (f->store), ==, 0);
  }
}

/* The frames (pages) a commit appended to the WAL: the log is emptied
 * (checkpointed and restarted) by another connection first, then counted
 * by a passive checkpoint after the commit. */
static void
wal_reset (sqlite3 *db)
{
  int log = -1, ckpt = -1;

  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &ckpt),
                   ==, SQLITE_OK);
  g_assert_cmpint (log, ==, 0);
}

static int
wal_frames (sqlite3 *db)
{
  int log = -1, ckpt = -1;

  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &ckpt), ==,
                   SQLITE_OK);
  return log;
}

static void
test_few_pages (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  int intake_frames, receive_frames;

  /* Warm: the first package makes every index's first page. */
  g_assert_true (mr_store_apply (f->store, "package.receive", scan_args (FEDEX), NULL, &error));
  g_free (intake_ok (f->store, scan_args (FEDEX)));
  g_assert_true (mr_store_intake_flush (f->store, NULL, &error));

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  /* A connection learns the database is in WAL mode at its first read. */
  g_assert_cmpint (sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  wal_reset (db);
  g_free (intake_ok (f->store, scan_args (UPS)));
  intake_frames = wal_frames (db);

  wal_reset (db);
  g_assert_true (mr_store_apply (f->store, "package.receive", scan_args (UPS), NULL, &error));
  g_assert_no_error (error);
  receive_frames = wal_frames (db);
  sqlite3_close (db);

  g_test_message ("WAL frames per commit: intake %d, package.receive %d", intake_frames,
                  receive_frames);
  g_assert_cmpint (intake_frames, >=, 1);
  g_assert_cmpint (intake_frames, <=, 3);
  g_assert_cmpint (receive_frames, >=, 4 * intake_frames);
}

/* A database of schema v5 (before the intake log) gets the log on open,
 * empty, and takes scans. */
static void
test_upgrade_from_v5 (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "v5.db", NULL);
  g_autofree char *id = NULL;
  g_autoptr (MrStore) store = NULL;
  g_autoptr (MrPackage) p = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpuint (mr_schema_get_n_migrations (), >=, 6);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint v = 0; v < 5; v++)
    g_assert_cmpint (sqlite3_exec (db, mr_schema_get_migration (v), NULL, NULL, NULL), ==,
                     SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 5", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (
    raw_int (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'scan_intake'", NULL), ==, 0);

  store = mr_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mr_store_get_schema_version (store), ==, mr_schema_get_n_migrations ());
  g_assert_cmpint (mr_store_intake_count_pending (store), ==, 0);
  /* Only the rowid: no other index to write at each scan. */
  g_assert_cmpint (raw_int (path,
                            "SELECT count(*) FROM sqlite_schema WHERE tbl_name = "
                            "'scan_intake' AND type = 'index'",
                            NULL),
                   ==, 0);
  id = intake_ok (store, scan_args (UPS));
  g_assert_true (mr_store_intake_flush (store, NULL, &error));
  p = mr_store_get_package (store, id);
  g_assert_nonnull (p);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    mr_test_unlink_search (path);
    g_unlink (path);
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/scan-intake/same-as-receive", Fixture, NULL, fixture_setup, test_same_as_receive,
              fixture_teardown);
  g_test_add ("/scan-intake/recovered-on-open", Fixture, NULL, fixture_setup,
              test_recovered_on_open, fixture_teardown);
  g_test_add ("/scan-intake/existing-package-only-deleted", Fixture, NULL, fixture_setup,
              test_existing_package_only_deleted, fixture_teardown);
  g_test_add ("/scan-intake/bad-row-does-not-block", Fixture, NULL, fixture_setup,
              test_bad_row_does_not_block, fixture_teardown);
  g_test_add ("/scan-intake/refused-in-batch", Fixture, NULL, fixture_setup, test_refused_in_batch,
              fixture_teardown);
  g_test_add ("/scan-intake/upgrade-from-v5", Fixture, NULL, fixture_setup, test_upgrade_from_v5,
              fixture_teardown);
  g_test_add ("/scan-intake/few-pages", Fixture, NULL, fixture_setup, test_few_pages,
              fixture_teardown);
  return g_test_run ();
}
