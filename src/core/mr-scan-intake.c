/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mr-scan-intake.h"
#include "mr-store-private.h"
#include "mr-uuid.h"

/* Why a log in front of package.receive: a scan must be on disk before
 * the next one is taken (synchronous=FULL), and what a commit costs is
 * the pages it writes, each of them fsynced with the WAL. package.receive
 * writes the package row, a dozen index b-trees, its event and the
 * journal: some twenty pages. A scan_intake row (schema v6) is a rowid
 * table with no other index: a page or two, about what a bare INSERT
 * costs. The clerk waits for that commit only; the package is made from
 * the row right after (mr_store_intake_flush()), and the row deleted in
 * the same transaction as its package, so a scan is never received
 * twice. A row left by a killed process is received when the database
 * is next opened (mr_store_open() flushes). */

static gboolean
intake_fail_in_batch (GError **error)
{
  /* Inside a batch, the commit is the batch's: the scan would not be
   * durable when this returns, which is the whole point. */
  g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED,
                       _ ("A scan cannot be saved while another change is in progress."));
  return FALSE;
}

/**
 * mr_store_intake_scan:
 * @receive_args: (transfer floating): the a{sv} package.receive takes
 * @out_package_id: (out) (optional): the id the package will have
 *
 * Saves a scan durably, in its own transaction, before it is a package:
 * when this returns TRUE the scan survives a crash or a power cut. Fills
 * in the package's "id" (a new UUID, as package.receive would) and its
 * time "at" (now) when @receive_args has none, so that the package made
 * later is the one scanned now. Nothing else is checked here: what
 * package.receive refuses is reported by mr_store_intake_flush().
 */
gboolean
mr_store_intake_scan (MrStore *store, GVariant *receive_args, char **out_package_id, GError **error)
{
  g_autoptr (GVariant) args_ref = NULL;
  g_autoptr (GVariant) full = NULL;
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  if (receive_args == NULL)
    receive_args = g_variant_new ("a{sv}", NULL);
  args_ref = g_variant_ref_sink (receive_args);
  g_return_val_if_fail (g_variant_is_of_type (args_ref, G_VARIANT_TYPE_VARDICT), FALSE);

  if (mr_store_in_batch (store))
    return intake_fail_in_batch (error);

  g_variant_dict_init (&dict, args_ref);
  if (!g_variant_dict_lookup (&dict, "id", "s", &id))
    {
      id = mr_uuid_v7_new ();
      g_variant_dict_insert (&dict, "id", "s", id);
    }
  else if (!mr_uuid_is_valid (id))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id", _ ("“%s” is not a valid record id."),
                          id);
  if (!g_variant_dict_contains (&dict, "at"))
    g_variant_dict_insert (&dict, "at", "x", (gint64) (g_get_real_time () / 1000));
  full = g_variant_ref_sink (g_variant_dict_end (&dict));
  /* With type annotations, g_variant_parse() gives back the same types
   * (an int64 stays an int64). */
  text = g_variant_print (full, TRUE);

  if (!mr_store_begin_batch (store, error))
    return FALSE;
  stmt = mr_store_prepare (
    store, "INSERT INTO scan_intake (package_id, args, user_id) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    {
      mr_store_end_batch (store, FALSE, NULL);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 3, mr_store_get_user_id (store));
  if (!mr_store_step_done (store, stmt, error))
    {
      mr_store_end_batch (store, FALSE, NULL);
      return FALSE;
    }
  if (!mr_store_end_batch (store, TRUE, error))
    return FALSE;

  if (out_package_id != NULL)
    *out_package_id = g_steal_pointer (&id);
  return TRUE;
}

typedef struct
{
  gint64 seq;
  char *package_id;
  char *args;
  char *user_id;
} IntakeRow;

static void
intake_row_clear (gpointer data)
{
  IntakeRow *row = data;

  g_free (row->package_id);
  g_free (row->args);
  g_free (row->user_id);
}

/* Errors of the data (what package.receive refuses) as opposed to the
 * database's (locked, full, damaged): retrying cannot help the former. */
static gboolean
is_data_error (const GError *error)
{
  if (error->domain != MR_STORE_ERROR)
    return FALSE;
  switch (error->code)
    {
    case MR_STORE_ERROR_INVALID:
    case MR_STORE_ERROR_REQUIRED:
    case MR_STORE_ERROR_DUPLICATE:
    case MR_STORE_ERROR_NOT_FOUND:
    case MR_STORE_ERROR_IN_USE:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
delete_row (MrStore *store, gint64 seq, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (store, "DELETE FROM scan_intake WHERE seq = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return mr_store_step_done (store, stmt, error);
}

static gboolean
read_rows (MrStore *store, GArray *rows, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (
    store, "SELECT seq, package_id, args, user_id FROM scan_intake ORDER BY seq", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IntakeRow row = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 3)),
      };

      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      mr_store_set_sql_error (store, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* package.receive for one row, as the user who scanned it. */
static gboolean
receive_row (MrStore *store, const IntakeRow *row, GError **error)
{
  g_autoptr (GVariant) args = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *user = g_strdup (mr_store_get_user_id (store));
  gboolean ok;

  args = g_variant_parse (G_VARIANT_TYPE_VARDICT, row->args, NULL, NULL, &parse_error);
  if (args == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, NULL,
                          _ ("A saved scan cannot be read: %s"), parse_error->message);
  mr_store_set_user_id (store, row->user_id);
  ok = mr_store_apply (store, "package.receive", args, NULL, error);
  mr_store_set_user_id (store, user);
  return ok;
}

static gboolean flush_rows (MrStore *store, guint *n_done, GError **error);

/**
 * mr_store_intake_flush:
 * @n_done: (out) (optional): the scans taken out of the log
 *
 * Receives every scan waiting in the intake log, in the order scanned,
 * in one transaction: each package is made by package.receive (its
 * journal entry and ::changed signal as usual) and its row deleted in the
 * same transaction, so a scan becomes exactly one package. A row whose
 * package already exists is only deleted.
 *
 * A scan that package.receive refuses (a data error: a place deleted
 * since, a value out of range) does not hold up the others: it stays in
 * the log, the others are received and committed, and this returns FALSE
 * with the first such error (the next flush tries it again). A database
 * error (locked, full) takes back the whole flush: every scan stays in
 * the log, safe, for the next try.
 */
gboolean
mr_store_intake_flush (MrStore *store, guint *n_done, GError **error)
{
  gint64 synchronous;
  gboolean ok;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  if (n_done != NULL)
    *n_done = 0;
  if (mr_store_in_batch (store))
    return intake_fail_in_batch (error);
  /* Nearly always empty: one read of the table's root page, no lock. */
  if (mr_store_query_int (store, "SELECT EXISTS (SELECT 1 FROM scan_intake)", NULL) == 0)
    return TRUE;

  /* This commit need not wait for the disk: what it writes is already
   * durable as intake rows, and it deletes them in the same transaction
   * as it makes their packages. A WAL commit with synchronous=NORMAL is
   * lost whole or kept whole (a torn log ends at the last complete
   * commit, by its checksums), so a power cut before the next fsync loses
   * the packages and their deletes together: the rows are still there and
   * are received at the next open. The next commit with synchronous=FULL
   * (the next scan's, any change) syncs this one with it, and SQLite
   * syncs the log before any checkpoint. What it saves: a second fsync
   * per scan, which the clerk would wait for before the next scan.
   * For the sync client to come: the journal entries this commit writes
   * may not be on disk yet, and a lost commit is made again with new
   * entries; push only what a synchronous commit has made durable (e.g.
   * commit "sent" first, FULL, then push), or the server would see the
   * same mutation id with another uuid. */
  synchronous = mr_store_query_int (store, "PRAGMA synchronous", NULL);
  if (synchronous > 1 && !mr_store_exec (store, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  ok = flush_rows (store, n_done, error);
  if (synchronous > 1)
    {
      g_autofree char *restore = g_strdup_printf ("PRAGMA synchronous = %d", (int) synchronous);

      /* Should it fail, every later commit would not wait for the disk:
       * nothing to go on with. */
      if (!mr_store_exec (store, restore, NULL))
        g_error ("Cannot set the database back to synchronous commits: %s",
                 sqlite3_errmsg (mr_store_get_db (store)));
    }
  return ok;
}

static gboolean
flush_rows (MrStore *store, guint *n_done, GError **error)
{
  g_autoptr (GArray) rows = NULL;
  g_autoptr (GError) first_refused = NULL;
  guint done = 0;

  rows = g_array_new (FALSE, TRUE, sizeof (IntakeRow));
  g_array_set_clear_func (rows, intake_row_clear);
  if (!mr_store_begin_batch (store, error))
    return FALSE;
  /* Read again inside the write transaction: another connection (the app
   * and mailroom-cli opening the same file) may have taken them. */
  if (!read_rows (store, rows, error))
    {
      mr_store_end_batch (store, FALSE, NULL);
      return FALSE;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const IntakeRow *row = &g_array_index (rows, IntakeRow, i);
      g_autoptr (GError) local = NULL;

      if (mr_store_query_int (store, "SELECT EXISTS (SELECT 1 FROM package WHERE id = ?)",
                              row->package_id) == 0 &&
          !receive_row (store, row, &local))
        {
          if (is_data_error (local))
            {
              if (first_refused == NULL)
                first_refused = g_steal_pointer (&local);
              continue;
            }
          mr_store_end_batch (store, FALSE, NULL);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (!delete_row (store, row->seq, error))
        {
          mr_store_end_batch (store, FALSE, NULL);
          return FALSE;
        }
      done++;
    }
  if (!mr_store_end_batch (store, TRUE, error))
    return FALSE;
  if (n_done != NULL)
    *n_done = done;
  if (first_refused != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_refused));
      return FALSE;
    }
  return TRUE;
}

/* The scans saved and not yet received. */
gint64
mr_store_intake_count_pending (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), 0);
  return mr_store_query_int (store, "SELECT count(*) FROM scan_intake", NULL);
}
