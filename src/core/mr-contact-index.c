/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contact-index"

#include "config.h"

#include <string.h>

#include "mr-search-writer.h"
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
 * import then costs one sorted pass instead of one segment per row.
 *
 * The index is a file of its own, the search database ("<db>-search",
 * attached as "search"): it is derived from the contacts, and being
 * separate lets a large batch build it on a second connection, on a
 * second core, while the contacts go into the main file
 * (mr-search-writer.c); an import of 100,000 contacts takes about seven
 * tenths of the time it takes with the index written after the contacts.
 * Both files carry a generation, a random number that every transaction
 * which changes the index writes to both. SQLite commits the main file
 * first (and the search writer commits only after the main file did), so
 * a crash between the two commits, a search file lost or left from
 * another copy of the database, all show as generations that differ when
 * the database is opened, and the index is then rebuilt from the
 * contacts (mr_contact_index_attach()). Search results join the index
 * to the contacts, so an index not yet rebuilt never shows anything the
 * main file does not hold. */

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
#define FTS_INSERT MR_SEARCH_INSERT /* the search writer's INSERT too */


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
  /* With a search writer: the row it was given, at streamed_rank, is
   * still right (see mr_contact_index_stream_new()). */
  gboolean streamed;
  gint64 streamed_rank;
} Dirty;

/* A large batch's search writer, and what it needs. */
typedef struct
{
  MrSearchWriter *writer;
  gint64 generation;   /* written to the main file by the batch's flush */
  GHashTable *names;   /* "d" or "p" + id → the name the index shows */
  guint expected_rows; /* the next batch's size, as its caller expects */
  guint parallel_min;  /* from how many rows a batch gets a writer */
  guint n_parallel;    /* batches that had one */
  GPtrArray *streamed; /* contact ids (the dirty table's keys) given to the
                        * writer, in order, ... */
  guint checked;       /* ... of which the first ones were seen to outlive a
                        * rollback (mr_contact_index_rolled_back()) */
} Search;

#define PARALLEL_MIN 2000

static void
search_free (gpointer data)
{
  Search *search = data;

  g_clear_pointer (&search->names, g_hash_table_unref);
  g_clear_pointer (&search->streamed, g_ptr_array_unref);
  g_free (search);
}

static Search *
get_search (MrStore *store)
{
  Search *search = g_object_get_data (G_OBJECT (store), "mr-contact-index-search");

  if (search == NULL)
    {
      search = g_new0 (Search, 1);
      search->parallel_min = PARALLEL_MIN;
      g_object_set_data_full (G_OBJECT (store), "mr-contact-index-search", search, search_free);
    }
  return search;
}

static MrSearchWriter *
get_writer (MrStore *store)
{
  Search *search = g_object_get_data (G_OBJECT (store), "mr-contact-index-search");

  return search ? search->writer : NULL;
}

/* With a search writer, a row of the index that stops being right is
 * deleted at once, not at the flush: its rank may be given to another
 * contact, whose row the writer may be given before the flush. */
static void
unstream (MrStore *store, Dirty *d)
{
  if (d->streamed)
    {
      mr_search_writer_delete (get_writer (store), d->streamed_rank);
      d->streamed = FALSE;
    }
}

static Dirty *
mark_dirty (MrStore *store, const char *contact_id, gboolean in_index, gint64 rowid)
{
  GHashTable *dirty = mr_store_get_fts_dirty (store);
  Dirty *d = g_hash_table_lookup (dirty, contact_id);

  /* The first mark in a transaction records what the index holds. */
  if (d != NULL)
    {
      unstream (store, d);
      return d;
    }
  d = g_new0 (Dirty, 1);
  d->in_index = in_index;
  d->old_rowid = rowid;
  if (in_index && get_writer (store) != NULL)
    {
      mr_search_writer_delete (get_writer (store), rowid);
      d->in_index = FALSE;
    }
  g_hash_table_insert (dirty, g_strdup (contact_id), d);
  return d;
}

static void
dirty_set_rank (MrStore *store, Dirty *d, gboolean has_rank, gint64 rank)
{
  unstream (store, d);
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

/* From how many changes a batch builds with MR_SEARCH_BIG_HASH. */
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
  /* A bigger hash for the batch (see MR_SEARCH_BIG_HASH), put back in the
   * same transaction. */
  if (ops->len >= FTS_BIG_BATCH &&
      !mr_store_exec (store,
                      "INSERT INTO contact_fts (contact_fts, rank) "
                      "VALUES ('hashsize', " G_STRINGIFY (MR_SEARCH_BIG_HASH) ")",
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
                        "VALUES ('hashsize', " G_STRINGIFY (MR_SEARCH_DEFAULT_HASH) ")",
                        error);
}

static gint64
new_generation (void)
{
  return ((gint64) (g_random_int () & 0x7fffffff) << 32) | g_random_int ();
}

/* Writes @generation to the main file, and to the search file unless a
 * writer does that with its commit. */
static gboolean
set_generation (MrStore *store, gint64 generation, gboolean both, GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, generation);

  stmt = mr_store_prepare (store,
                           "INSERT OR REPLACE INTO main.meta (key, value) "
                           "VALUES ('search_generation', ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (store, stmt, error))
    return FALSE;
  if (!both)
    return TRUE;
  stmt = mr_store_prepare (store,
                           "INSERT OR REPLACE INTO search.search_meta (key, value) "
                           "VALUES ('generation', ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, generation);
  return mr_store_step_done (store, stmt, error);
}

/* The name a department or place shows in the index, as FTS_JOINS finds
 * it ("" when none or deleted), remembered for the batch. */
static const char *
shown_name (MrStore *store, char kind, const char *id)
{
  Search *search = get_search (store);
  g_autofree char *key = NULL;
  const char *name;

  if (id == NULL || *id == '\0')
    return "";
  if (search->names == NULL)
    search->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  key = g_strdup_printf ("%c%s", kind, id);
  name = g_hash_table_lookup (search->names, key);
  if (name == NULL)
    {
      char *found = mr_store_query_text (store,
                                         kind == 'd' ? "SELECT name FROM department "
                                                       "WHERE id = ? AND deleted = 0"
                                                     : "SELECT name FROM place "
                                                       "WHERE id = ? AND deleted = 0",
                                         id);

      name = found ? found : g_strdup ("");
      g_hash_table_insert (search->names, g_steal_pointer (&key), (char *) name);
    }
  return name;
}

static inline const char *
or_empty (const char *text)
{
  return text ? text : "";
}

/* For a contact just inserted at @rank, in a batch with a search writer:
 * gives the writer its row now, the same as FTS_COLUMNS would read back
 * at the flush. */
void
mr_contact_index_stream_new (MrStore *store,
                             const char *contact_id,
                             gint64 rank,
                             const MrContactIndexFields *f)
{
  MrSearchWriter *writer = get_writer (store);
  Dirty *d;
  g_autofree char *name = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *org = NULL;
  const char *columns[MR_SEARCH_COLUMNS];
  gpointer key;

  if (writer == NULL)
    return;
  d = g_hash_table_lookup (mr_store_get_fts_dirty (store), contact_id);
  if (d == NULL || !d->has_rank || d->rank != rank)
    return; /* the flush reads it back */
  name = g_strconcat (or_empty (f->first_name), " ", or_empty (f->last_name), NULL);
  ids = g_strconcat (or_empty (f->personnel_id), " ", or_empty (f->employee_id), NULL);
  org = g_strconcat (shown_name (store, 'd', f->department_id), " ",
                     shown_name (store, 'p', f->place_id), NULL);
  columns[0] = name;
  columns[1] = or_empty (f->email);
  columns[2] = or_empty (f->phone);
  columns[3] = ids;
  columns[4] = org;
  columns[5] = or_empty (f->notes);
  mr_search_writer_insert (writer, rank, columns);
  d->streamed = TRUE;
  d->streamed_rank = rank;
  /* The table's own copy of the id, which lives as long as the entry. */
  if (g_hash_table_lookup_extended (mr_store_get_fts_dirty (store), contact_id, &key, NULL))
    g_ptr_array_add (get_search (store)->streamed, key);
}

/* After a rollback to a savepoint inside a batch with a writer: a contact
 * given to the writer since may be gone (a row of an import taken back),
 * and its rank free for the next one. Its row goes before that can
 * happen. Each contact is looked at once, after the first rollback that
 * follows it: nothing is looked at without rollbacks. */
void
mr_contact_index_rolled_back (MrStore *store)
{
  Search *search = g_object_get_data (G_OBJECT (store), "mr-contact-index-search");
  GHashTable *dirty = mr_store_get_fts_dirty (store);
  sqlite3_stmt *stmt;

  if (search == NULL || search->writer == NULL || search->checked >= search->streamed->len)
    return;
  stmt = mr_store_prepare (
    store, "SELECT 1 FROM contact WHERE id = ? AND deleted = 0 AND sort_rank = ?", NULL);
  for (; stmt != NULL && search->checked < search->streamed->len; search->checked++)
    {
      const char *id = g_ptr_array_index (search->streamed, search->checked);
      Dirty *d = id ? g_hash_table_lookup (dirty, id) : NULL;

      if (d == NULL || !d->streamed)
        continue;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, d->streamed_rank);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          unstream (store, d);
          d->has_rank = FALSE; /* read back at the flush, if there */
        }
      sqlite3_reset (stmt);
    }
}

/* The flush of a batch with a search writer: the rows that stopped being
 * right are deleted already (mark_dirty()), the new contacts streamed;
 * what is left is the row of every other changed contact, read back. */
static gboolean
flush_to_writer (MrStore *store, MrSearchWriter *writer, GError **error)
{
  GHashTable *dirty = mr_store_get_fts_dirty (store);
  Search *search = get_search (store);
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  stmt = mr_store_prepare (store,
                           FTS_SELECT "WHERE c.id = ? AND c.deleted = 0 "
                                      "AND c.sort_rank IS NOT NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, dirty);
  while (ok && g_hash_table_iter_next (&iter, &key, &value))
    {
      Dirty *d = value;
      int rc;

      if (d->streamed)
        continue;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *columns[MR_SEARCH_COLUMNS];

          for (int i = 0; i < MR_SEARCH_COLUMNS; i++)
            columns[i] = (const char *) sqlite3_column_text (stmt, i + 1);
          mr_search_writer_insert (writer, sqlite3_column_int64 (stmt, 0), columns);
        }
      else if (rc != SQLITE_DONE)
        {
          mr_store_set_sql_error (store, error);
          ok = FALSE;
        }
      sqlite3_reset (stmt);
    }
  g_hash_table_remove_all (dirty);
  search->generation = new_generation ();
  return ok && set_generation (store, search->generation, FALSE, error) &&
         mr_search_writer_drain (writer, error);
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

  if (get_writer (store) != NULL)
    return flush_to_writer (store, get_writer (store), error);
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
  return ok && (ops->len == 0 || set_generation (store, new_generation (), TRUE, error));
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
    dirty_set_rank (store, d, has_new, new_rank);
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
  dirty_set_rank (store, mark_dirty (store, contact_id, FALSE, 0), TRUE, *out_rank);
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
  dirty_set_rank (store, d, FALSE, 0);

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
  /* The names shown may be the old ones. */
  if (get_search (store)->names != NULL)
    g_hash_table_remove_all (get_search (store)->names);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    dirty_set_rank (store,
                    mark_dirty (store, (const char *) sqlite3_column_text (stmt, 0), TRUE,
                                sqlite3_column_int64 (stmt, 1)),
                    TRUE, sqlite3_column_int64 (stmt, 1));
  sqlite3_reset (stmt);
  return TRUE;
}

/* The search database. */

#define SEARCH_SCHEMA_VERSION 1

#define SEARCH_TABLES                                                               \
  "CREATE VIRTUAL TABLE search.contact_fts USING fts5 ("                            \
  "  name, email, phone, ids, org, notes,"                                          \
  "  tokenize = 'unicode61 remove_diacritics 2',"                                   \
  "  prefix = '1 2 3 4 5 6'"                                                        \
  ");"                                                                              \
  "CREATE TABLE search.search_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER);" \
  "INSERT INTO search.search_meta (key, value) VALUES ('schema', " G_STRINGIFY (    \
    SEARCH_SCHEMA_VERSION) ");"

char *
mr_contact_index_search_path (const char *db_path)
{
  if (db_path == NULL || *db_path == '\0' || strcmp (db_path, ":memory:") == 0)
    return g_strdup (":memory:");
  return g_strconcat (db_path, "-search", NULL);
}

static gboolean
attach (MrStore *store, const char *path, GError **error)
{
  sqlite3 *db = mr_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  int persist = 1;
  int rc;

  if (sqlite3_prepare_v2 (db, "ATTACH DATABASE ? AS search", -1, &stmt, NULL) != SQLITE_OK)
    {
      mr_store_set_sql_error (store, error);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      mr_store_set_sql_error (store, error);
      return FALSE;
    }
  /* As the main file (see mr_store_open()). The index can be rebuilt
   * from the contacts, so a power cut may lose its last commits
   * (synchronous=NORMAL: no sync at each commit); the generation tells. */
  sqlite3_file_control (db, "search", SQLITE_FCNTL_PERSIST_WAL, &persist);
  if (!mr_store_exec (
        store, "PRAGMA search.journal_mode = WAL; PRAGMA search.synchronous = NORMAL;", error))
    {
      sqlite3_exec (db, "DETACH DATABASE search", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Makes the index again from the contacts, in one transaction. */
static gboolean
rebuild (MrStore *store, GError **error)
{
  gint64 generation = new_generation ();

  if (!mr_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!mr_store_exec (
        store,
        "DROP TABLE IF EXISTS search.contact_fts;"
        "DROP TABLE IF EXISTS search.search_meta;" SEARCH_TABLES
        "INSERT INTO search.contact_fts (contact_fts, rank) "
        "VALUES ('hashsize', " G_STRINGIFY (
          MR_SEARCH_BIG_HASH) ");" FTS_INSERT
          FTS_SELECT "WHERE c.deleted = 0 AND c.sort_rank IS NOT NULL ORDER BY c.sort_rank;"
                              "INSERT INTO search.contact_fts (contact_fts, rank) "
                              "VALUES ('hashsize', " G_STRINGIFY (MR_SEARCH_DEFAULT_HASH) ");",
        error) ||
      !set_generation (store, generation, TRUE, error) || !mr_store_exec (store, "COMMIT", error))
    {
      mr_store_exec (store, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

/* Whether the search file is the index of these contacts. */
static gboolean
in_step (MrStore *store)
{
  sqlite3 *db = mr_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (
    sqlite3_prepare_v2 (
      db,
      "SELECT (SELECT value FROM search.search_meta WHERE key = 'schema') = " G_STRINGIFY (
        SEARCH_SCHEMA_VERSION) " AND (SELECT value FROM search.search_meta WHERE key = 'generation') "
                               "= (SELECT CAST (value AS INTEGER) FROM main.meta "
                               "WHERE key = 'search_generation') "
                               "AND EXISTS (SELECT 1 FROM search.sqlite_schema "
                               "WHERE name = 'contact_fts')",
      -1, &stmt, NULL) == SQLITE_OK &&
    sqlite3_step (stmt) == SQLITE_ROW)
    ok = sqlite3_column_int (stmt, 0) == 1;
  sqlite3_finalize (stmt);
  return ok;
}

/* Attaches the search database next to the main one, and rebuilds the
 * index if it is not the index of these contacts. A search file that
 * cannot be written is replaced by one in memory, rebuilt at each open. */
gboolean
mr_contact_index_attach (MrStore *store, GError **error)
{
  g_autofree char *path = mr_contact_index_search_path (mr_store_get_path (store));
  g_autoptr (GError) local = NULL;

  if (!attach (store, path, &local))
    {
      g_warning ("The search index cannot be kept in %s (%s): it is kept in memory instead", path,
                 local->message);
      g_clear_error (&local);
      g_free (path);
      path = g_strdup (":memory:");
      if (!attach (store, path, error))
        return FALSE;
    }
  if (in_step (store))
    return TRUE;
  g_debug ("Rebuilding the search index %s", path);
  if (!rebuild (store, &local))
    {
      /* A file that cannot be written (a full disk, a read-only folder):
       * searches go on with the index as it is. */
      g_warning ("The search index %s could not be rebuilt: %s", path, local->message);
      return TRUE;
    }
  return TRUE;
}

/* The number of rows the next batch is about to change (an import):
 * from PARALLEL_MIN on, it gets a search writer. */
void
mr_contact_index_expect_rows (MrStore *store, guint n_rows)
{
  get_search (store)->expected_rows = n_rows;
}

/* For tests: from how many expected rows a batch gets a writer. */
void
mr_contact_index_set_parallel_min (MrStore *store, guint n_rows)
{
  get_search (store)->parallel_min = n_rows;
}

/* For tests: how many batches had a search writer. */
guint
mr_contact_index_get_n_parallel (MrStore *store)
{
  return get_search (store)->n_parallel;
}

gboolean
mr_contact_index_has_writer (MrStore *store)
{
  return get_writer (store) != NULL;
}

/* Before a batch's BEGIN: a large batch on a database in a file hands the
 * search database over to a writer of its own. This connection lets go
 * of it (DETACH) so that it takes no lock on it: BEGIN IMMEDIATE locks
 * every database attached. */
void
mr_contact_index_begin_batch (MrStore *store)
{
  Search *search = get_search (store);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  guint expected = search->expected_rows;
  sqlite3 *db = mr_store_get_db (store);

  search->expected_rows = 0;
  g_clear_pointer (&search->names, g_hash_table_unref);
  if (expected < search->parallel_min || search->writer != NULL)
    return;
  path = mr_contact_index_search_path (mr_store_get_path (store));
  if (strcmp (path, ":memory:") == 0 || sqlite3_db_filename (db, "search") == NULL ||
      *sqlite3_db_filename (db, "search") == '\0')
    return;
  if (sqlite3_exec (db, "DETACH DATABASE search", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_debug ("No search writer: %s", sqlite3_errmsg (db));
      return;
    }
  search->writer = mr_search_writer_start (path, &error);
  if (search->writer != NULL)
    {
      search->n_parallel++;
      search->streamed = g_ptr_array_new ();
      search->checked = 0;
    }
  else
    {
      g_warning ("No search writer: %s", error->message);
      g_clear_error (&error);
      if (!attach (store, path, &error))
        g_warning ("The search index is gone until the next start: %s", error->message);
    }
}

/* After the batch's COMMIT (@committed) or ROLLBACK: the writer commits
 * or rolls back in turn, and the search database comes back. If the
 * writer failed after the contacts were committed, the generations
 * differ and the index is rebuilt now. */
void
mr_contact_index_end_batch (MrStore *store, gboolean committed)
{
  Search *search = get_search (store);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&search->names, g_hash_table_unref);
  g_clear_pointer (&search->streamed, g_ptr_array_unref);
  if (search->writer == NULL)
    return;
  /* Rolled back: any error was the batch's (mr_search_writer_drain()). */
  if (!mr_search_writer_finish (g_steal_pointer (&search->writer), committed, search->generation,
                                &error) &&
      committed)
    g_warning ("The search index of the batch could not be written (%s): rebuilding it",
               error->message);
  g_clear_error (&error);
  if (!mr_contact_index_attach (store, &error))
    g_warning ("The search index is gone until the next start: %s", error->message);
}
