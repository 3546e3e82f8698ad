/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contact-index"

#include "config.h"

#include "mr-store-private.h"
#include "mr-text.h"

/* The contact search index.
 *
 * contact_fts holds one row per live contact, and its rowid is the
 * contact's sort_rank: a gapped integer in name order. FTS5 returns
 * matches in rowid order for free, so "the first 50 matches of 'du' in
 * name order" is a doclist read with no sort, whatever the result size.
 * New names take the midpoint of their neighbours' ranks; when a gap is
 * used up, ranks are renumbered (rare: 2^32 between neighbours). */

#define RANK_GAP ((gint64) 1 << 32)

#define FTS_SELECT                                                                    \
  "SELECT c.sort_rank, c.first_name || ' ' || c.last_name, coalesce (c.email, ''), " \
  "coalesce (c.phone, ''), coalesce (c.personnel_id, '') || ' ' || "                \
  "coalesce (c.employee_id, ''), coalesce (d.name, '') || ' ' || coalesce (p.name, ''), " \
  "coalesce (c.notes, '') FROM contact c "                                           \
  "LEFT JOIN department d ON d.id = c.department_id AND d.deleted = 0 "              \
  "LEFT JOIN place p ON p.id = c.place_id AND p.deleted = 0 "

#define FTS_INSERT "INSERT INTO contact_fts (rowid, name, email, phone, ids, org, notes) "

static char *
make_sort_key (const char *first,
               const char *last,
               const char *id)
{
  g_autofree char *f = mr_text_fold (first);
  g_autofree char *l = mr_text_fold (last);

  /* Contacts with no last name sort by first name. */
  if (*l == '\0')
    return g_strdup_printf ("%s\x01\x01%s", f, id);
  return g_strdup_printf ("%s\x01%s\x01%s", l, f, id);
}

static gboolean
renumber (MrStore *store,
          GError **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_debug ("Renumbering contact name ranks");

  stmt = mr_store_prepare (store, "SELECT id FROM contact WHERE deleted = 0 ORDER BY sort_key",
                           error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  if (!mr_store_exec (store,
                      "DELETE FROM contact_fts;"
                      "UPDATE contact SET sort_rank = NULL WHERE sort_rank IS NOT NULL;",
                      error))
    return FALSE;

  stmt = mr_store_prepare (store, "UPDATE contact SET sort_rank = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, (gint64) i * RANK_GAP);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (ids, i), -1, SQLITE_STATIC);
      if (!mr_store_step_done (store, stmt, error))
        return FALSE;
    }
  return mr_store_exec (store, FTS_INSERT FTS_SELECT "WHERE c.deleted = 0", error);
}

static gboolean
neighbour_rank (MrStore    *store,
                const char *sql,
                const char *key,
                gint64     *rank)
{
  sqlite3_stmt *stmt = mr_store_prepare (store, sql, NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *rank = sqlite3_column_int64 (stmt, 0);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

static gboolean
choose_rank (MrStore    *store,
             const char *key,
             gint64     *rank,
             GError    **error)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      gint64 lo = 0, hi = 0;
      gboolean has_lo, has_hi;

      has_lo = neighbour_rank (store,
                               "SELECT sort_rank FROM contact WHERE deleted = 0 AND sort_key < ? "
                               "AND sort_rank IS NOT NULL ORDER BY sort_key DESC LIMIT 1",
                               key, &lo);
      has_hi = neighbour_rank (store,
                               "SELECT sort_rank FROM contact WHERE deleted = 0 AND sort_key > ? "
                               "AND sort_rank IS NOT NULL ORDER BY sort_key LIMIT 1",
                               key, &hi);
      if (!has_lo && !has_hi)
        {
          *rank = 0;
          return TRUE;
        }
      if (!has_hi && lo < G_MAXINT64 - RANK_GAP)
        {
          *rank = lo + RANK_GAP;
          return TRUE;
        }
      if (!has_lo && hi > G_MININT64 + RANK_GAP)
        {
          *rank = hi - RANK_GAP;
          return TRUE;
        }
      if (has_lo && has_hi && hi - lo >= 2)
        {
          *rank = lo + (hi - lo) / 2;
          return TRUE;
        }
      if (!renumber (store, error))
        return FALSE;
    }
  g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED, "Cannot place a contact in order");
  return FALSE;
}

/* Brings one contact's sort key, rank and search row up to date. */
gboolean
mr_contact_index_update (MrStore    *store,
                         const char *contact_id,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *old_key = NULL;
  g_autofree char *key = NULL;
  gboolean deleted = FALSE;
  gboolean has_rank = FALSE;
  gint64 rank = 0;

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

  if (has_rank)
    {
      stmt = mr_store_prepare (store, "DELETE FROM contact_fts WHERE rowid = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rank);
      if (!mr_store_step_done (store, stmt, error))
        return FALSE;
    }

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
      stmt = mr_store_prepare (store,
                               "UPDATE contact SET sort_key = ?, sort_rank = NULL WHERE id = ?",
                               error);
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

  stmt = mr_store_prepare (store, FTS_INSERT FTS_SELECT "WHERE c.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, contact_id, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (store, stmt, error);
}

/* Re-indexes the live contacts whose @column equals @value, after a
 * department or place they show was renamed. @column is one of our own
 * column names, never user input. */
gboolean
mr_contact_index_rebuild_where (MrStore    *store,
                                const char *column,
                                const char *value,
                                GError    **error)
{
  g_autofree char *del = NULL;
  g_autofree char *ins = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (g_strcmp0 (column, "department_id") == 0 ||
                          g_strcmp0 (column, "place_id") == 0,
                        FALSE);

  del = g_strdup_printf ("DELETE FROM contact_fts WHERE rowid IN (SELECT sort_rank FROM contact "
                         "WHERE %s = ? AND deleted = 0 AND sort_rank IS NOT NULL)",
                         column);
  ins = g_strdup_printf (FTS_INSERT FTS_SELECT
                         "WHERE c.%s = ? AND c.deleted = 0 AND c.sort_rank IS NOT NULL",
                         column);

  stmt = mr_store_prepare (store, del, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (store, stmt, error))
    return FALSE;
  stmt = mr_store_prepare (store, ins, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (store, stmt, error);
}
