/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-maintenance"

#include "config.h"

#include <string.h>

#include "mr-maintenance.h"
#include "mr-store-private.h"

static const char *
col_text (sqlite3_stmt *stmt, int i)
{
  const char *s = (const char *) sqlite3_column_text (stmt, i);

  return s ? s : "";
}

/**
 * mr_store_list_journal:
 * @limit: the most entries to return; 0 for all
 *
 * Returns: (transfer full) (element-type GVariant): journal entries, newest
 * first, each an a{sv} with seq, name, at (ms), user_id, workstation_id,
 * entity, entity_id, state and args (JSON).
 */
GPtrArray *
mr_store_list_journal (MrStore *store, guint limit)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), out);

  stmt = mr_store_prepare (store,
                           "SELECT seq, name, at, user_id, workstation_id, entity, entity_id, "
                           "state, args FROM journal ORDER BY seq DESC LIMIT ?",
                           NULL);
  if (stmt == NULL)
    return out;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GVariantDict d;

      g_variant_dict_init (&d, NULL);
      g_variant_dict_insert (&d, "seq", "x", sqlite3_column_int64 (stmt, 0));
      g_variant_dict_insert (&d, "name", "s", col_text (stmt, 1));
      g_variant_dict_insert (&d, "at", "x", sqlite3_column_int64 (stmt, 2));
      g_variant_dict_insert (&d, "user_id", "s", col_text (stmt, 3));
      g_variant_dict_insert (&d, "workstation_id", "s", col_text (stmt, 4));
      g_variant_dict_insert (&d, "entity", "s", col_text (stmt, 5));
      g_variant_dict_insert (&d, "entity_id", "s", col_text (stmt, 6));
      g_variant_dict_insert (&d, "state", "s", col_text (stmt, 7));
      g_variant_dict_insert (&d, "args", "s", col_text (stmt, 8));
      g_ptr_array_add (out, g_variant_ref_sink (g_variant_dict_end (&d)));
    }
  sqlite3_reset (stmt);
  return out;
}

/* "wal" in normal operation: anything else means the database was opened
 * by a tool that changed it, and crash safety is not what we promise. */
char *
mr_store_get_journal_mode (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return mr_store_query_text (store, "PRAGMA journal_mode", NULL);
}

/* Bytes in the main database file (the WAL not included). */
gint64
mr_store_get_size (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), 0);
  return mr_store_query_int (store,
                             "SELECT page_count * page_size FROM pragma_page_count, "
                             "pragma_page_size",
                             NULL);
}

/* Journal entries the server has not confirmed yet. */
gint64
mr_store_count_unsynced (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), 0);
  return mr_store_query_int (
    store, "SELECT count(*) FROM journal WHERE state IN ('pending','sent')", NULL);
}

static void
table_count_clear (gpointer data)
{
  g_free (((MrTableCount *) data)->table);
}

/**
 * mr_store_count_rows:
 *
 * Returns: (transfer full) (element-type MrTableCount): the row count of
 * every table of the schema, by name. The search index's internal tables
 * are left out.
 */
GArray *
mr_store_count_rows (MrStore *store)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (MrTableCount));
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_array_set_clear_func (out, table_count_clear);
  g_return_val_if_fail (MR_IS_STORE (store), out);

  stmt = mr_store_prepare (store,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                           "name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contact_fts_%' "
                           "ORDER BY name",
                           NULL);
  if (stmt == NULL)
    return out;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup (col_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      MrTableCount c = { g_strdup (table), 0, -1 };
      gboolean has_deleted;
      char *sql;

      /* Table names come from the schema itself; %w quotes them anyway. */
      has_deleted = mr_store_query_int (store,
                                        "SELECT count(*) FROM pragma_table_info (?) "
                                        "WHERE name = 'deleted'",
                                        table) > 0;
      sql = sqlite3_mprintf (has_deleted ? "SELECT count(*), coalesce (sum (deleted <> 0), 0) "
                                           "FROM \"%w\""
                                         : "SELECT count(*), -1 FROM \"%w\"",
                             table);
      /* Prepared directly: one-off statements would only fill the cache. */
      {
        sqlite3_stmt *count = NULL;

        if (sqlite3_prepare_v2 (mr_store_get_db (store), sql, -1, &count, NULL) == SQLITE_OK &&
            sqlite3_step (count) == SQLITE_ROW)
          {
            c.rows = sqlite3_column_int64 (count, 0);
            c.deleted = sqlite3_column_int64 (count, 1);
          }
        sqlite3_finalize (count);
      }
      sqlite3_free (sql);
      g_array_append_val (out, c);
    }
  return out;
}
