/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contact-index"

#include "config.h"

#include <string.h>

#include "mr-store-private.h"
#include "mr-text.h"

/* The contact search index.
 *
 * contact_fts holds one row per live contact, and its rowid is the
 * contact's sort_rank: a gapped integer in name order. FTS5 returns
 * matches in rowid order for free, so "the first 50 matches of 'du' in
 * name order" is a doclist read with no sort, whatever the result size.
 * A new name takes a rank just after its lower neighbour; when a gap is
 * used up, the neighbours around it are spread out again (rebalance()).
 *
 * FTS5 flushes its pending data to a new segment whenever a write's rowid
 * is lower than the previous one, and ranks arrive in any order. So the
 * index is not written as contacts change: each changed contact is marked
 * dirty (with the rowid it has in the index), and at commit all deletes
 * and inserts are applied in ascending rowid order (flush()). A bulk
 * import then costs one sorted pass instead of one segment per row. */

/* Room between neighbours when there is room to spare, the step taken
 * after a neighbour, and the sparsest spacing a rebalance must reach.
 * FTS5 stores each rowid as a varint of its distance to the previous one
 * in every doclist, so the spacing is paid in index size and build time:
 * 2^20 (3 bytes between neighbours) rather than 2^36 (6 bytes) makes the
 * index of 100,000 contacts a quarter smaller and about 15 % quicker to
 * build, and still leaves 64 steps, then 14 halvings, between two
 * neighbours before a rebalance (a file in random order rebalances no more
 * often than with 2^36; with 2^13, two bytes, it does, and that costs more
 * than the byte saves), and room for 2^43 contacts. */
#define RANK_GAP ((gint64) 1 << 20)
#define RANK_STEP ((gint64) 1 << 14)
#define RANK_MIN_SPACING ((gint64) 1 << 12)

#define FTS_COLUMNS                                                                       \
  "SELECT c.sort_rank, c.first_name || ' ' || c.last_name, coalesce (c.email, ''), "      \
  "coalesce (c.phone, ''), coalesce (c.personnel_id, '') || ' ' || "                      \
  "coalesce (c.employee_id, ''), coalesce (d.name, '') || ' ' || coalesce (p.name, ''), " \
  "coalesce (c.notes, '') "
#define FTS_JOINS                                                       \
  "LEFT JOIN department d ON d.id = c.department_id AND d.deleted = 0 " \
  "LEFT JOIN place p ON p.id = c.place_id AND p.deleted = 0 "
#define FTS_SELECT FTS_COLUMNS "FROM contact c " FTS_JOINS

#define FTS_INSERT "INSERT INTO contact_fts (rowid, name, email, phone, ids, org, notes) "

static char *
make_sort_key (const char *first, const char *last, const char *id)
{
  g_autofree char *f = mr_text_fold (first);
  g_autofree char *l = mr_text_fold (last);

  /* Contacts with no last name sort by first name. */
  if (*l == '\0')
    return g_strdup_printf ("%s\x01\x01%s", f, id);
  return g_strdup_printf ("%s\x01%s\x01%s", l, f, id);
}

/* What the index must learn about a changed contact: the row it holds
 * for it, if any, as found by the first mark in the transaction, and the
 * rank it was last given here, so that a flush need not read every rank
 * back (a hint: the row inserted takes the rank the contact has). */
typedef struct
{
  gint64 old_rowid;
  gint64 rank;
  gboolean in_index;
  gboolean has_rank;
} Dirty;

static Dirty *
mark_dirty (MrStore *store, const char *contact_id, gboolean in_index, gint64 rowid)
{
  GHashTable *dirty = mr_store_get_fts_dirty (store);
  Dirty *d = g_hash_table_lookup (dirty, contact_id);

  /* The first mark in a transaction records what the index holds. */
  if (d != NULL)
    return d;
  d = g_new0 (Dirty, 1);
  d->in_index = in_index;
  d->old_rowid = rowid;
  g_hash_table_insert (dirty, g_strdup (contact_id), d);
  return d;
}

static void
dirty_set_rank (Dirty *d, gboolean has_rank, gint64 rank)
{
  d->has_rank = has_rank;
  d->rank = rank;
}

/* The last contact given a rank, and its upper neighbour then: nothing
 * lies between them in the order. Rows of a file come in name order more
 * often than not (an export, a sorted spreadsheet), so the next contact
 * usually falls in that same gap, and its neighbours are known without
 * reading the index. Good while the store's write epoch stays the same
 * (no rollback, same transaction) and nothing here moved ranks about
 * (rebalance()). A contact taken out of the order since (deleted,
 * renamed, or whose INSERT failed) only leaves its rank free: ranks
 * between the two are still free and still in order. */
typedef struct
{
  gboolean valid;
  guint epoch;
  char *key;
  gint64 rank;
  char *hi_key; /* NULL: the last one at the end of the order */
  gint64 hi_rank;
} Memo;

static void
memo_free (gpointer data)
{
  Memo *memo = data;

  g_free (memo->key);
  g_free (memo->hi_key);
  g_free (memo);
}

static Memo *
get_memo (MrStore *store)
{
  Memo *memo = g_object_get_data (G_OBJECT (store), "mr-contact-index-memo");

  if (memo == NULL)
    {
      memo = g_new0 (Memo, 1);
      g_object_set_data_full (G_OBJECT (store), "mr-contact-index-memo", memo, memo_free);
    }
  if (memo->valid && memo->epoch != mr_store_get_write_epoch (store))
    memo->valid = FALSE;
  return memo;
}

typedef struct
{
  gint64 rowid;
  const char *id; /* NULL for a delete */
} IndexOp;

static int
index_op_compare (gconstpointer a, gconstpointer b)
{
  const IndexOp *x = a, *y = b;

  if (x->rowid != y->rowid)
    return x->rowid < y->rowid ? -1 : 1;
  /* at the same rowid, the old row leaves before the new one comes */
  return (x->id != NULL) - (y->id != NULL);
}

/* Many changes (an import, a batch): two statements for the lot. FTS5
 * flushes its pending terms to a new segment at the end of every
 * statement inside a transaction, so one statement per row would write
 * one tiny segment per row, then merge them all; the rows go through
 * temporary tables instead. Deletes first: a row that moved leaves its
 * old rowid before anything takes it. Inserts in rank order, each at the
 * rank its contact has (the order is only a hint after a rollback). */
#define FTS_BULK_MIN 16

/* FTS5's default 'hashsize', and the one for a batch of FTS_BIG_BATCH
 * changes or more (see flush_bulk()). */
#define FTS_DEFAULT_HASH 1048576
#define FTS_BIG_HASH 33554432
#define FTS_BIG_BATCH 1000

static gboolean
flush_bulk (MrStore *store, GArray *ops, GError **error)
{
  sqlite3_stmt *del, *ins;

  if (!mr_store_exec (store,
                      "CREATE TEMP TABLE IF NOT EXISTS fts_delete (rowid INTEGER PRIMARY KEY);"
                      "CREATE TEMP TABLE IF NOT EXISTS fts_insert_ids (id TEXT NOT NULL);"
                      "DELETE FROM temp.fts_delete; DELETE FROM temp.fts_insert_ids;",
                      error))
    return FALSE;
  del = mr_store_prepare (store, "INSERT OR IGNORE INTO temp.fts_delete (rowid) VALUES (?)", error);
  if (del == NULL)
    return FALSE;
  ins = mr_store_prepare (store, "INSERT INTO temp.fts_insert_ids (id) VALUES (?)", error);
  if (ins == NULL)
    return FALSE;
  for (guint i = 0; i < ops->len; i++)
    {
      IndexOp *op = &g_array_index (ops, IndexOp, i);

      if (op->id == NULL)
        sqlite3_bind_int64 (del, 1, op->rowid);
      else
        sqlite3_bind_text (ins, 1, op->id, -1, SQLITE_STATIC);
      if (!mr_store_step_done (store, op->id == NULL ? del : ins, error))
        return FALSE;
    }
  /* FTS5 writes its pending terms out as a segment each time they pass
   * 'hashsize' (1 MB by default) and merges the segments as they pile up.
   * With 32 MB for the batch, the index of 100,000 contacts builds in two
   * thirds of the time (fewer, bigger segments, less merging), for 60 MB
   * more memory at most; more than that is slower again, the hash
   * outgrowing the CPU caches. Put back in the same transaction. */
  if (ops->len >= FTS_BIG_BATCH &&
      !mr_store_exec (store,
                      "INSERT INTO contact_fts (contact_fts, rank) "
                      "VALUES ('hashsize', " G_STRINGIFY (FTS_BIG_HASH) ")",
                      error))
    return FALSE;
  if (!mr_store_exec (
        store,
        "DELETE FROM contact_fts WHERE rowid IN (SELECT rowid FROM temp.fts_delete);" FTS_INSERT
          FTS_COLUMNS "FROM temp.fts_insert_ids o "
        "CROSS JOIN contact c ON c.id = o.id " FTS_JOINS
        "WHERE c.deleted = 0 AND c.sort_rank IS NOT NULL ORDER BY o.rowid;"
        "DELETE FROM temp.fts_delete; DELETE FROM temp.fts_insert_ids;",
        error))
    return FALSE;
  return ops->len < FTS_BIG_BATCH ||
         mr_store_exec (store,
                        "INSERT INTO contact_fts (contact_fts, rank) "
                        "VALUES ('hashsize', " G_STRINGIFY (FTS_DEFAULT_HASH) ")",
                        error);
}

gboolean
mr_contact_index_flush (MrStore *store, GError **error)
{
  GHashTable *dirty = mr_store_get_fts_dirty (store);
  g_autoptr (GArray) ops = NULL;
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (g_hash_table_size (dirty) == 0)
    return TRUE;

  ops = g_array_sized_new (FALSE, FALSE, sizeof (IndexOp), 2 * g_hash_table_size (dirty));
  stmt = mr_store_prepare (store,
                           "SELECT sort_rank FROM contact WHERE id = ? AND deleted = 0 "
                           "AND sort_rank IS NOT NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Dirty *d = value;

      if (d->in_index)
        {
          IndexOp del = { d->old_rowid, NULL };

          g_array_append_val (ops, del);
        }
      if (d->has_rank)
        {
          IndexOp ins = { d->rank, key };

          g_array_append_val (ops, ins);
          continue;
        }
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          IndexOp ins = { sqlite3_column_int64 (stmt, 0), key };

          g_array_append_val (ops, ins);
        }
      sqlite3_reset (stmt);
    }
  g_array_sort (ops, index_op_compare);

  if (ops->len > FTS_BULK_MIN)
    ok = flush_bulk (store, ops, error);
  else
    /* Deletes first, as in flush_bulk(). */
    for (guint pass = 0; pass < 2; pass++)
      for (guint i = 0; ok && i < ops->len; i++)
        {
          IndexOp *op = &g_array_index (ops, IndexOp, i);

          if ((op->id == NULL) != (pass == 0))
            continue;
          if (op->id == NULL)
            {
              stmt = mr_store_prepare (store, "DELETE FROM contact_fts WHERE rowid = ?", error);
              if (stmt == NULL)
                {
                  ok = FALSE;
                  break;
                }
              sqlite3_bind_int64 (stmt, 1, op->rowid);
            }
          else
            {
              stmt = mr_store_prepare (store,
                                       FTS_INSERT FTS_SELECT "WHERE c.id = ? AND c.deleted = 0 "
                                                             "AND c.sort_rank IS NOT NULL",
                                       error);
              if (stmt == NULL)
                {
                  ok = FALSE;
                  break;
                }
              sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_STATIC);
            }
          ok = mr_store_step_done (store, stmt, error);
        }
  g_hash_table_remove_all (dirty);
  return ok;
}

typedef struct
{
  char *id;
  gint64 rank;
} Ranked;

static void
ranked_clear (gpointer data)
{
  g_free (((Ranked *) data)->id);
}

static gboolean
fetch_neighbours (
  MrStore *store, const char *sql, const char *key, guint limit, GArray *out, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Ranked r = { g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                   sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (out, r);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
move_rank (MrStore *store,
           const char *id,
           gint64 old_rank,
           gboolean has_new,
           gint64 new_rank,
           GError **error)
{
  sqlite3_stmt *stmt;
  Dirty *d;

  /* Taken out of the order first (marked then), put back after. */
  d = has_new ? g_hash_table_lookup (mr_store_get_fts_dirty (store), id)
              : mark_dirty (store, id, TRUE, old_rank);
  if (d != NULL)
    dirty_set_rank (d, has_new, new_rank);
  stmt = mr_store_prepare (store, "UPDATE contact SET sort_rank = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  if (has_new)
    sqlite3_bind_int64 (stmt, 1, new_rank);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (store, stmt, error);
}

/* The gap at @key is used up: spread a window of neighbours evenly over a
 * wider range, leaving room for the new key, and return its rank. The
 * window grows until it is sparse enough, so the cost is amortised over
 * many inserts into the same spot (same-name contacts always land at the
 * end of their group, since ids grow). */
static gboolean
rebalance (MrStore *store, const char *key, gint64 *out_rank, GError **error)
{
  /* Ranks move: the neighbours remembered may not be where they were. */
  get_memo (store)->valid = FALSE;
  for (guint w = 16;; w *= 4)
    {
      g_autoptr (GArray) below = g_array_new (FALSE, FALSE, sizeof (Ranked));
      g_autoptr (GArray) above = g_array_new (FALSE, FALSE, sizeof (Ranked));
      gboolean below_end, above_end;
      gint64 left, right, spacing;
      guint first, n_below_moved, n_above_moved, k;

      g_array_set_clear_func (below, ranked_clear);
      g_array_set_clear_func (above, ranked_clear);
      if (!fetch_neighbours (store,
                             "SELECT id, sort_rank FROM contact WHERE deleted = 0 "
                             "AND sort_key < ? AND sort_rank IS NOT NULL "
                             "ORDER BY sort_key DESC LIMIT ?",
                             key, w + 1, below, error) ||
          !fetch_neighbours (store,
                             "SELECT id, sort_rank FROM contact WHERE deleted = 0 "
                             "AND sort_key > ? AND sort_rank IS NOT NULL "
                             "ORDER BY sort_key LIMIT ?",
                             key, w + 1, above, error))
        return FALSE;

      /* At an end of the list there is no anchor: the range may grow
       * freely into the int64 space. Otherwise the farthest row fetched is
       * an anchor that stays put. */
      below_end = below->len <= w;
      above_end = above->len <= w;
      n_below_moved = below_end ? below->len : below->len - 1;
      n_above_moved = above_end ? above->len : above->len - 1;
      k = n_below_moved + n_above_moved + 1;

      if (below_end)
        left = (below->len ? g_array_index (below, Ranked, below->len - 1).rank
                           : g_array_index (above, Ranked, 0).rank) -
               (gint64) (k + 1) * RANK_GAP;
      else
        left = g_array_index (below, Ranked, below->len - 1).rank;
      if (above_end)
        right = (above->len ? g_array_index (above, Ranked, above->len - 1).rank
                            : g_array_index (below, Ranked, 0).rank) +
                (gint64) (k + 1) * RANK_GAP;
      else
        right = g_array_index (above, Ranked, above->len - 1).rank;

      spacing = (right - left) / (gint64) (k + 1);
      if (spacing < RANK_MIN_SPACING && !(below_end && above_end))
        continue;
      if (spacing < 2)
        {
          g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED,
                       "Cannot place a contact in order");
          return FALSE;
        }

      g_debug ("Rebalancing %u contact ranks around one insert", k - 1);

      /* Take the moved rows out of the order first so no two rows ever
       * share a rank, then put them back evenly spaced. */
      for (guint i = 0; i < n_below_moved; i++)
        {
          Ranked *r = &g_array_index (below, Ranked, i);

          if (!move_rank (store, r->id, r->rank, FALSE, 0, error))
            return FALSE;
        }
      for (guint i = 0; i < n_above_moved; i++)
        {
          Ranked *r = &g_array_index (above, Ranked, i);

          if (!move_rank (store, r->id, r->rank, FALSE, 0, error))
            return FALSE;
        }
      first = 1;
      for (guint i = n_below_moved; i > 0; i--, first++)
        if (!move_rank (store, g_array_index (below, Ranked, i - 1).id, 0, TRUE,
                        left + spacing * first, error))
          return FALSE;
      *out_rank = left + spacing * first++;
      for (guint i = 0; i < n_above_moved; i++, first++)
        if (!move_rank (store, g_array_index (above, Ranked, i).id, 0, TRUE, left + spacing * first,
                        error))
          return FALSE;
      return TRUE;
    }
}

static gboolean
choose_rank (MrStore *store, const char *key, gint64 *rank, GError **error)
{
  Memo *memo = get_memo (store);
  gint64 lo = 0, hi = 0;
  gboolean has_lo = FALSE, has_hi = FALSE;

  if (memo->valid && strcmp (memo->key, key) < 0 &&
      (memo->hi_key == NULL || strcmp (key, memo->hi_key) < 0))
    {
      /* In the gap after the last one placed. */
      has_lo = TRUE;
      lo = memo->rank;
      has_hi = memo->hi_key != NULL;
      hi = memo->hi_rank;
    }
  else
    {
      /* Both neighbours in one statement (the upper one with its key,
       * for the memo): it runs for every new contact out of order. */
      sqlite3_stmt *stmt =
        mr_store_prepare (store,
                          "SELECT (SELECT sort_rank FROM contact WHERE deleted = 0 "
                          "AND sort_key < ?1 AND sort_rank IS NOT NULL "
                          "ORDER BY sort_key DESC LIMIT 1), h.sort_key, h.sort_rank "
                          "FROM (SELECT 1) LEFT JOIN (SELECT sort_key, sort_rank FROM contact "
                          "WHERE deleted = 0 AND sort_key > ?1 AND sort_rank IS NOT NULL "
                          "ORDER BY sort_key LIMIT 1) h",
                          error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      g_clear_pointer (&memo->hi_key, g_free);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          has_lo = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
          lo = sqlite3_column_int64 (stmt, 0);
          has_hi = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
          hi = sqlite3_column_int64 (stmt, 2);
          if (has_hi)
            memo->hi_key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
    }
  memo->valid = FALSE;
  if (!has_lo && !has_hi)
    *rank = 0;
  else if (!has_hi)
    *rank = lo + RANK_GAP;
  else if (!has_lo)
    *rank = hi - RANK_GAP;
  else if (hi - lo >= 2)
    /* New contacts with a name already present sort after their
     * namesakes (ids grow), so inserts cluster right after one neighbour:
     * take a small step, not half the gap, to keep room for the next. */
    *rank = lo + MIN (RANK_STEP, (hi - lo) / 2);
  else
    return rebalance (store, key, rank, error);
  /* This one is now the lower side of the gap. */
  g_free (memo->key);
  memo->key = g_strdup (key);
  memo->rank = *rank;
  memo->hi_rank = hi;
  memo->epoch = mr_store_get_write_epoch (store);
  memo->valid = TRUE;
  return TRUE;
}

/* Brings one contact's sort key, rank and search row up to date. */
/* For a contact about to be inserted: its sort key and a rank among the
 * others, so the INSERT writes them at once (three updates fewer per new
 * contact, which an import of thousands feels). */
gboolean
mr_contact_index_place_new (MrStore *store,
                            const char *contact_id,
                            const char *first,
                            const char *last,
                            char **out_key,
                            gint64 *out_rank,
                            GError **error)
{
  g_autofree char *key = make_sort_key (first ? first : "", last ? last : "", contact_id);

  if (!choose_rank (store, key, out_rank, error))
    return FALSE;
  dirty_set_rank (mark_dirty (store, contact_id, FALSE, 0), TRUE, *out_rank);
  *out_key = g_steal_pointer (&key);
  return TRUE;
}

gboolean
mr_contact_index_update (MrStore *store, const char *contact_id, GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *old_key = NULL;
  g_autofree char *key = NULL;
  gboolean deleted = FALSE;
  gboolean has_rank = FALSE;
  gint64 rank = 0;
  Dirty *d;

  stmt = mr_store_prepare (store,
                           "SELECT first_name, last_name, sort_key, sort_rank, deleted "
                           "FROM contact WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, contact_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  first = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  last = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  old_key = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  has_rank = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
  rank = sqlite3_column_int64 (stmt, 3);
  deleted = sqlite3_column_int (stmt, 4) != 0;
  sqlite3_reset (stmt);

  d = mark_dirty (store, contact_id, has_rank, rank);
  /* Read back at the flush: this is not the bulk path. */
  dirty_set_rank (d, FALSE, 0);

  if (deleted)
    {
      stmt = mr_store_prepare (store, "UPDATE contact SET sort_rank = NULL WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, contact_id, -1, SQLITE_TRANSIENT);
      return mr_store_step_done (store, stmt, error);
    }

  key = make_sort_key (first, last, contact_id);
  if (!has_rank || g_strcmp0 (key, old_key) != 0)
    {
      /* Out of the order first, so the neighbour search does not see us. */
      stmt = mr_store_prepare (
        store, "UPDATE contact SET sort_key = ?, sort_rank = NULL WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, contact_id, -1, SQLITE_TRANSIENT);
      if (!mr_store_step_done (store, stmt, error))
        return FALSE;
      if (!choose_rank (store, key, &rank, error))
        return FALSE;
      stmt = mr_store_prepare (store, "UPDATE contact SET sort_rank = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rank);
      sqlite3_bind_text (stmt, 2, contact_id, -1, SQLITE_TRANSIENT);
      if (!mr_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Re-indexes the live contacts whose @column equals @value, after a
 * department or place they show was renamed. @column is one of our own
 * column names, never user input. */
gboolean
mr_contact_index_rebuild_where (MrStore *store,
                                const char *column,
                                const char *value,
                                GError **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (
    g_strcmp0 (column, "department_id") == 0 || g_strcmp0 (column, "place_id") == 0, FALSE);

  sql = g_strdup_printf ("SELECT id, sort_rank FROM contact WHERE %s = ? AND deleted = 0 "
                         "AND sort_rank IS NOT NULL",
                         column);
  stmt = mr_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    dirty_set_rank (mark_dirty (store, (const char *) sqlite3_column_text (stmt, 0), TRUE,
                                sqlite3_column_int64 (stmt, 1)),
                    TRUE, sqlite3_column_int64 (stmt, 1));
  sqlite3_reset (stmt);
  return TRUE;
}
