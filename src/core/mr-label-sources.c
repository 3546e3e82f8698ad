/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-label-layouts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-label-layouts.h"
#include "mr-store-private.h"

/* The records labels are printed from, read from the store as plain
 * field → text tables: the renderer needs text, and a CSV of data gives
 * the same shape. Read-only. */

static GHashTable *
record_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
record_set (GHashTable *record, const char *field, const char *value)
{
  if (value != NULL && *value != '\0')
    g_hash_table_replace (record, g_strdup (field), g_strdup (value));
}

static const char *
column_text (sqlite3_stmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static char *
format_time (gint64 unix_ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_ms / 1000);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  /* Year first: unambiguous in English and in French. */
  return local ? g_date_time_format (local, _ ("%Y-%m-%d %H:%M")) : NULL;
}

/* "Building A › Floor 2 › MS 2-14": the last three levels of a place,
 * enough to walk there; the site is on every label of a site and
 * crowds the line. Cached per read, places repeat in a batch. */
static const char *
place_text (MrStore *store, GHashTable *cache, const char *place_id)
{
  sqlite3_stmt *stmt;
  GString *path;
  char *text;
  guint depth = 0;

  if (place_id == NULL)
    return NULL;
  text = g_hash_table_lookup (cache, place_id);
  if (text != NULL)
    return text;

  stmt = mr_store_prepare (store,
                           "WITH RECURSIVE up (id, parent_id, name, code, depth) AS ("
                           " SELECT id, parent_id, name, code, 0 FROM place WHERE id = ?"
                           " UNION ALL SELECT p.id, p.parent_id, p.name, p.code, up.depth + 1"
                           " FROM place p JOIN up ON p.id = up.parent_id WHERE up.depth < 8)"
                           " SELECT name, code FROM up ORDER BY depth",
                           NULL);
  if (stmt == NULL)
    return NULL;
  path = g_string_new (NULL);
  sqlite3_bind_text (stmt, 1, place_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW && depth < 3)
    {
      const char *name = column_text (stmt, 0);
      const char *code = column_text (stmt, 1);
      g_autofree char *part = NULL;

      part = code && *code && !strstr (name, code) ? g_strdup_printf ("%s (%s)", name, code)
                                                   : g_strdup (name);
      if (path->len > 0)
        g_string_prepend (path, " › ");
      g_string_prepend (path, part);
      depth++;
    }
  sqlite3_reset (stmt);
  text = g_string_free (path, FALSE);
  g_hash_table_insert (cache, g_strdup (place_id), text);
  return text;
}

static char *
person_name (const char *first, const char *last)
{
  g_autofree char *name = g_strdup_printf ("%s %s", first ? first : "", last ? last : "");

  return g_strdup (g_strstrip (name));
}

/* Packages (and pickup slips, printed from a package) */

#define PACKAGE_SELECT                                                                  \
  "SELECT p.id, p.internal_id, p.tracking_number, p.carrier, p.pieces, p.received_at, " \
  "c.first_name, c.last_name, coalesce (d.name, cd.name), "                             \
  "coalesce (c.place_id, d.place_id, cd.place_id, p.place_id), b.name, l.number "       \
  "FROM package p "                                                                     \
  "LEFT JOIN contact c ON c.id = p.recipient_id "                                       \
  "LEFT JOIN department d ON d.id = p.department_id "                                   \
  "LEFT JOIN department cd ON cd.id = c.department_id "                                 \
  "LEFT JOIN locker l ON l.id = p.locker_id "                                           \
  "LEFT JOIN locker_bank b ON b.id = l.bank_id "

static GHashTable *
package_record (MrStore *store, GHashTable *places, const char *kind, const char *id)
{
  sqlite3_stmt *stmt =
    mr_store_prepare (store, PACKAGE_SELECT "WHERE p.id = ? AND p.deleted = 0", NULL);
  g_autofree char *place_id = NULL;
  GHashTable *r = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *recipient = person_name (column_text (stmt, 6), column_text (stmt, 7));
      g_autofree char *date = format_time (sqlite3_column_int64 (stmt, 5));
      g_autofree char *pieces = g_strdup_printf ("%d", sqlite3_column_int (stmt, 4));
      g_autofree char *origin = NULL;
      g_autofree char *locker = NULL;

      r = record_new ();
      record_set (r, "@id", column_text (stmt, 0));
      /* Translators: names a package in messages, %s is its internal ID */
      origin = g_strdup_printf (_ ("package %s"), column_text (stmt, 1));
      record_set (r, "@origin", origin);
      record_set (r, "internal_id", column_text (stmt, 1));
      record_set (r, "tracking_number", column_text (stmt, 2));
      record_set (r, "carrier", column_text (stmt, 3));
      record_set (r, "pieces", pieces);
      record_set (r, "date", date);
      /* A parcel for a department: the department is who it is for. */
      record_set (r, "recipient", *recipient ? recipient : column_text (stmt, 8));
      record_set (r, "department", column_text (stmt, 8));
      place_id = g_strdup (column_text (stmt, 9));
      if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
        /* Translators: a locker: "bank name · locker number" */
        locker = g_strdup_printf (_ ("%s · %s"), column_text (stmt, 10), column_text (stmt, 11));
      record_set (r, "locker", locker);
      if (g_strcmp0 (kind, "pickup_slip") == 0)
        record_set (r, "notice",
                    _ ("A package is waiting for you at the mailroom. Bring this slip or your "
                       "badge."));
    }
  sqlite3_reset (stmt);
  if (r != NULL)
    record_set (r, "place", place_text (store, places, place_id));
  return r;
}

/* A package by id, internal ID or tracking number (the latest one
 * received with that number). */
static char *
resolve_package (MrStore *store, const char *key)
{
  g_autofree char *upper = g_ascii_strup (key, -1);
  GString *compact = g_string_new (NULL);
  g_autofree char *tracking = NULL;
  char *id;

  id = mr_store_query_text (store, "SELECT id FROM package WHERE id = ? AND deleted = 0", key);
  if (id == NULL)
    id = mr_store_query_text (store, "SELECT id FROM package WHERE internal_id = ? AND deleted = 0",
                              upper);
  for (const char *p = upper; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (compact, *p);
  tracking = g_string_free (compact, FALSE);
  if (id == NULL)
    id = mr_store_query_text (store,
                              "SELECT id FROM package WHERE tracking_number = ? AND deleted = 0 "
                              "ORDER BY received_at DESC LIMIT 1",
                              tracking);
  return id;
}

/* Assets */

static GHashTable *
asset_record (MrStore *store, GHashTable *places, const char *key)
{
  sqlite3_stmt *stmt =
    mr_store_prepare (store,
                      "SELECT a.id, a.tag, a.name, a.serial, c.first_name, c.last_name, "
                      "coalesce (a.place_id, c.place_id) FROM asset a "
                      "LEFT JOIN contact c ON c.id = a.assigned_contact_id "
                      "WHERE a.deleted = 0 AND (a.id = ?1 OR a.tag = ?1) "
                      "ORDER BY a.id = ?1 DESC LIMIT 1",
                      NULL);
  g_autofree char *place_id = NULL;
  GHashTable *r = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *owner = person_name (column_text (stmt, 4), column_text (stmt, 5));
      g_autofree char *origin = NULL;

      r = record_new ();
      record_set (r, "@id", column_text (stmt, 0));
      /* Translators: names an asset in messages, %s is its tag */
      origin = g_strdup_printf (_ ("asset %s"), column_text (stmt, 1));
      record_set (r, "@origin", origin);
      record_set (r, "tag", column_text (stmt, 1));
      record_set (r, "name", column_text (stmt, 2));
      record_set (r, "serial", column_text (stmt, 3));
      record_set (r, "owner", owner);
      place_id = g_strdup (column_text (stmt, 6));
    }
  sqlite3_reset (stmt);
  if (r != NULL)
    record_set (r, "place", place_text (store, places, place_id));
  return r;
}

/* Lockers: one locker by id, or every locker of a bank */

static gboolean
locker_records (
  MrStore *store, GHashTable *places, const char *kind, const char *key, GPtrArray *out)
{
  gboolean shelves = strcmp (kind, "shelf") == 0;
  g_autofree char *bank_id = NULL;
  sqlite3_stmt *stmt;
  guint before = out->len;
  g_autoptr (GPtrArray) place_ids = g_ptr_array_new_with_free_func (g_free);

  bank_id =
    mr_store_query_text (store, "SELECT id FROM locker_bank WHERE id = ? AND deleted = 0", key);
  if (bank_id == NULL)
    {
      /* By name, ignoring case. */
      sqlite3_stmt *s =
        mr_store_prepare (store, "SELECT id, name FROM locker_bank WHERE deleted = 0", NULL);
      g_autofree char *folded = g_utf8_casefold (key, -1);

      while (s && sqlite3_step (s) == SQLITE_ROW && bank_id == NULL)
        {
          g_autofree char *name = g_utf8_casefold (column_text (s, 1), -1);

          if (strcmp (name, folded) == 0)
            bank_id = g_strdup (column_text (s, 0));
        }
      if (s)
        sqlite3_reset (s);
    }

  stmt = mr_store_prepare (store,
                           "SELECT l.id, l.number, l.size, l.loading, b.name, b.place_id "
                           "FROM locker l JOIN locker_bank b ON b.id = l.bank_id "
                           "WHERE l.deleted = 0 AND (l.id = ?1 OR (l.bank_id = ?2 AND "
                           "(?3 = 0 OR l.loading = 'rear'))) ORDER BY l.col, l.row",
                           NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, bank_id);
  sqlite3_bind_int (stmt, 3, shelves);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GHashTable *r = record_new ();
      g_autofree char *origin = NULL;

      record_set (r, "@id", column_text (stmt, 0));
      /* Translators: names a locker in messages: "locker 12 of Bank A" */
      origin =
        g_strdup_printf (_ ("locker %s of %s"), column_text (stmt, 1), column_text (stmt, 4));
      record_set (r, "@origin", origin);
      record_set (r, "number", column_text (stmt, 1));
      record_set (r, "size", column_text (stmt, 2));
      record_set (r, "bank", column_text (stmt, 4));
      record_set (r, "code", column_text (stmt, 0));
      g_ptr_array_add (out, r);
      g_ptr_array_add (place_ids, g_strdup (column_text (stmt, 5)));
    }
  sqlite3_reset (stmt);
  for (guint i = before; i < out->len; i++)
    record_set (out->pdata[i], "place", place_text (store, places, place_ids->pdata[i - before]));
  return out->len > before;
}

GPtrArray *
mr_store_get_label_records (MrStore *store,
                            const char *kind,
                            const char *const *keys,
                            GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr (GHashTable) places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  if (!mr_label_kind_is_valid (kind))
    {
      mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind", _ ("“%s” is not a kind of label."),
                     kind ? kind : "");
      return NULL;
    }
  if (strcmp (kind, "carrier_qr") == 0)
    {
      mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "kind",
                     _ ("Carrier access codes are not kept in the database: print them from a "
                        "CSV file or from values given one by one."));
      return NULL;
    }

  for (guint i = 0; keys && keys[i]; i++)
    {
      const char *key = keys[i];
      GHashTable *r = NULL;

      if (strcmp (kind, "package") == 0 || strcmp (kind, "pickup_slip") == 0)
        {
          g_autofree char *id = resolve_package (store, key);

          if (id != NULL)
            r = package_record (store, places, kind, id);
          if (r == NULL)
            {
              mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                             _ ("No package has the id, internal ID or tracking number “%s”."),
                             key);
              return NULL;
            }
          g_ptr_array_add (out, r);
        }
      else if (strcmp (kind, "asset") == 0)
        {
          r = asset_record (store, places, key);
          if (r == NULL)
            {
              mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                             _ ("No asset has the id or tag “%s”."), key);
              return NULL;
            }
          g_ptr_array_add (out, r);
        }
      else if (!locker_records (store, places, kind, key, out))
        {
          if (strcmp (kind, "shelf") == 0)
            mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                           _ ("“%s” is neither a locker nor a locker bank with rear-loading "
                              "lockers."),
                           key);
          else
            mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                           _ ("“%s” is neither a locker nor a locker bank with lockers."), key);
          return NULL;
        }
    }
  return g_steal_pointer (&out);
}

GPtrArray *
mr_store_list_packages_received (MrStore *store, gint64 from_ms, gint64 to_ms)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), out);

  stmt = mr_store_prepare (store,
                           "SELECT id FROM package WHERE deleted = 0 AND received_at >= ? "
                           "AND received_at < ? ORDER BY received_at, internal_id",
                           NULL);
  if (stmt == NULL)
    return out;
  sqlite3_bind_int64 (stmt, 1, from_ms);
  sqlite3_bind_int64 (stmt, 2, to_ms);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup (column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return out;
}

GPtrArray *
mr_store_list_packages_awaiting_pickup (MrStore *store)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), out);

  /* Every package still in the mailroom or in a locker: the statuses
   * that are not an end. An expired package stays until it is removed or
   * returned, and its recipient may still come for it. */
  stmt = mr_store_prepare (store,
                           "SELECT id FROM package WHERE deleted = 0 AND status NOT IN "
                           "('picked_up','returned','removed') ORDER BY received_at, internal_id",
                           NULL);
  if (stmt == NULL)
    return out;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup (column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return out;
}
