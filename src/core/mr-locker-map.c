/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-locker-private.h"
#include "mr-text.h"

/* Reading the lockers: banks with their counts, the map of a bank (its
 * front to scale, each door with its status and what it holds), one
 * door in detail. A map of thousands of doors is read with a handful of
 * set queries merged in C, never one query per door. */

#define HOUR_MS ((gint64) 3600 * 1000)

/* Banks */

#define BANK_SELECT                                                                    \
  "SELECT b.id, b.name, b.place_id, p.name, b.controller_address, b.base_cm, "         \
  "b.expiry_hours, b.reopen_seconds, b.pickup_mode, b.storage_mode, b.storage_hours, " \
  "b.storage_max_hours, b.allow_add_to_existing, b.contactless, b.keep_for_delivery "  \
  "FROM locker_bank b LEFT JOIN place p ON p.id = b.place_id "

static char *
column_dup (sqlite3_stmt *stmt, int i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL
           ? NULL
           : g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static MrLockerBank *
bank_from_row (sqlite3_stmt *stmt)
{
  MrLockerBank *b = g_new0 (MrLockerBank, 1);

  b->id = column_dup (stmt, 0);
  b->name = column_dup (stmt, 1);
  b->place_id = column_dup (stmt, 2);
  b->place_name = column_dup (stmt, 3);
  b->controller_address = column_dup (stmt, 4);
  b->base_cm = sqlite3_column_int (stmt, 5);
  b->expiry_hours = sqlite3_column_int (stmt, 6);
  b->reopen_seconds = sqlite3_column_int (stmt, 7);
  b->pickup_mode = column_dup (stmt, 8);
  b->storage_mode = column_dup (stmt, 9);
  b->storage_hours = sqlite3_column_int (stmt, 10);
  b->storage_max_hours = sqlite3_column_int (stmt, 11);
  b->allow_add_to_existing = sqlite3_column_int (stmt, 12);
  b->contactless = sqlite3_column_int (stmt, 13);
  if (!mr_locker_parse_keep ((const char *) sqlite3_column_text (stmt, 14), b->keep_for_delivery))
    memset (b->keep_for_delivery, 0, sizeof b->keep_for_delivery);
  return b;
}

void
mr_locker_bank_free (MrLockerBank *bank)
{
  if (bank == NULL)
    return;
  g_free (bank->id);
  g_free (bank->name);
  g_free (bank->place_id);
  g_free (bank->place_name);
  g_free (bank->controller_address);
  g_free (bank->pickup_mode);
  g_free (bank->storage_mode);
  g_free (bank);
}

MrLockerBank *
mr_locker_bank_load (MrStore *store, const char *bank_id)
{
  sqlite3_stmt *stmt;
  MrLockerBank *b = NULL;

  if (bank_id == NULL)
    return NULL;
  stmt = mr_store_prepare (store, BANK_SELECT "WHERE b.id = ? AND b.deleted = 0", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, bank_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    b = bank_from_row (stmt);
  sqlite3_reset (stmt);
  return b;
}

void
mr_store_count_locker_statuses (MrStore *store,
                                const char *bank_id,
                                guint counts[MR_LOCKER_N_STATUSES])
{
  sqlite3_stmt *stmt;

  memset (counts, 0, sizeof (guint) * MR_LOCKER_N_STATUSES);
  g_return_if_fail (MR_IS_STORE (store));

  /* Two statements, so each reads its own covering index. */
  if (bank_id != NULL)
    stmt = mr_store_prepare (store,
                             "SELECT status, count(*) FROM locker WHERE deleted = 0 AND "
                             "bank_id = ? GROUP BY status",
                             NULL);
  else
    stmt = mr_store_prepare (
      store, "SELECT status, count(*) FROM locker WHERE deleted = 0 GROUP BY status", NULL);
  if (stmt == NULL)
    return;
  if (bank_id != NULL)
    sqlite3_bind_text (stmt, 1, bank_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MrLockerStatus s;

      if (mr_locker_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &s))
        counts[s] = (guint) sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
}

static void
bank_count (MrStore *store, MrLockerBank *b)
{
  mr_store_count_locker_statuses (store, b->id, b->counts);
  b->n_doors = 0;
  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    b->n_doors += b->counts[s];
}

MrLockerBank *
mr_store_get_locker_bank (MrStore *store, const char *id)
{
  MrLockerBank *b;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  b = mr_locker_bank_load (store, id);
  if (b != NULL)
    bank_count (store, b);
  return b;
}

MrLockerBank *
mr_store_find_locker_bank (MrStore *store, const char *name_or_id)
{
  g_autofree char *key = NULL;
  g_autofree char *found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (name_or_id == NULL || *name_or_id == '\0')
    return NULL;
  if (mr_store_live_exists (store, "locker_bank", name_or_id))
    return mr_store_get_locker_bank (store, name_or_id);

  key = mr_text_fold (name_or_id);
  stmt = mr_store_prepare (store, "SELECT id, name FROM locker_bank WHERE deleted = 0", NULL);
  if (stmt == NULL)
    return NULL;
  while (found == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *name = mr_text_fold ((const char *) sqlite3_column_text (stmt, 1));

      if (strcmp (name, key) == 0)
        found = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  return found ? mr_store_get_locker_bank (store, found) : NULL;
}

GPtrArray *
mr_store_list_locker_banks (MrStore *store)
{
  GPtrArray *banks = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_locker_bank_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), banks);

  stmt = mr_store_prepare (store, BANK_SELECT "WHERE b.deleted = 0 ORDER BY b.name COLLATE NOCASE",
                           NULL);
  if (stmt == NULL)
    return banks;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MrLockerBank *b = bank_from_row (stmt);

      g_ptr_array_add (banks, b);
      g_hash_table_insert (by_id, b->id, b);
    }
  sqlite3_reset (stmt);

  stmt = mr_store_prepare (store,
                           "SELECT bank_id, status, count(*) FROM locker WHERE deleted = 0 "
                           "GROUP BY bank_id, status",
                           NULL);
  if (stmt == NULL)
    return banks;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MrLockerBank *b = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      MrLockerStatus s;

      if (b != NULL &&
          mr_locker_status_from_string ((const char *) sqlite3_column_text (stmt, 1), &s))
        {
          b->counts[s] = (guint) sqlite3_column_int (stmt, 2);
          b->n_doors += b->counts[s];
        }
    }
  sqlite3_reset (stmt);
  return banks;
}

char *
mr_locker_bank_format_keep (const MrLockerBank *bank)
{
  GString *out = g_string_new (NULL);

  for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
    if (bank->keep_for_delivery[s] > 0)
      g_string_append_printf (out, "%s%s=%u", out->len ? ", " : "",
                              mr_locker_size_to_string ((MrLockerSize) s),
                              bank->keep_for_delivery[s]);
  return g_string_free (out, FALSE);
}

/* The map */

static void
door_clear (gpointer data)
{
  MrLockerDoor *d = data;

  g_free (d->id);
  g_free (d->number);
  g_free (d->holder);
  g_free (d->dedicated_to);
  g_free (d->reservation_kind);
}

/* A person's name as the address book shows it. */
#define NAME_SQL(c) "nullif (trim (" c ".first_name || ' ' || " c ".last_name), '')"

/* The doors, their contents, their reservations and their deliveries,
 * for every door of a bank or one door (@filter "l.bank_id = ?1" or
 * "l.id = ?1"). */
static char *
doors_sql (const char *filter)
{
  return g_strdup_printf (
    "SELECT l.id, l.number, l.col, l.row, l.size, l.width_cm, l.height_cm, l.bottom_cm, "
    "l.loading, l.delivery_only, l.status, coalesce (" NAME_SQL (
      "dc") ", dd.name) "
            "FROM locker l LEFT JOIN contact dc ON dc.id = l.dedicated_contact_id "
            "LEFT JOIN department dd ON dd.id = l.dedicated_department_id "
            "WHERE %s AND l.deleted = 0 ORDER BY l.col, l.row",
    filter);
}

static char *
contents_sql (const char *filter)
{
  return g_strdup_printf (
    "SELECT p.locker_id, count(*), min (coalesce ((SELECT max (e.at) FROM package_event e "
    "WHERE e.package_id = p.id AND e.kind = 'in_locker'), p.received_at)), "
    "max (coalesce (" NAME_SQL (
      "c") ", d.name)) "
           "FROM package p JOIN locker l ON l.id = p.locker_id "
           "LEFT JOIN contact c ON c.id = p.recipient_id LEFT JOIN department d ON d.id = p.department_id "
           "WHERE %s AND l.deleted = 0 AND p.deleted = 0 GROUP BY p.locker_id",
    filter);
}

static char *
deliveries_sql (const char *filter)
{
  return g_strdup_printf ("SELECT ld.locker_id, min (ld.expires_at), min (ld.delivered_at) "
                          "FROM locker_delivery ld JOIN locker l ON l.id = ld.locker_id "
                          "WHERE %s AND l.deleted = 0 AND ld.picked_up_at IS NULL AND "
                          "ld.deleted = 0 GROUP BY ld.locker_id",
                          filter);
}

static char *
reservations_sql (const char *filter)
{
  return g_strdup_printf (
    "SELECT r.locker_id, r.kind, r.starts_at, r.ends_at, coalesce (" NAME_SQL (
      "c") ", d.name) "
           "FROM reservation r JOIN locker l ON l.id = r.locker_id "
           "LEFT JOIN contact c ON c.id = r.contact_id LEFT JOIN department d ON d.id = r.department_id "
           "WHERE %s AND l.deleted = 0 AND r.state = 'active' AND r.deleted = 0 ORDER BY r.starts_at",
    filter);
}

static void
door_from_row (MrLockerDoor *d, sqlite3_stmt *stmt)
{
  const char *size = (const char *) sqlite3_column_text (stmt, 4);
  const char *status = (const char *) sqlite3_column_text (stmt, 10);

  door_clear (d);
  memset (d, 0, sizeof *d);
  d->id = column_dup (stmt, 0);
  d->number = column_dup (stmt, 1);
  d->col = (guint) sqlite3_column_int (stmt, 2);
  d->row = (guint) sqlite3_column_int (stmt, 3);
  if (!mr_locker_size_from_string (size, &d->size))
    d->size = MR_LOCKER_SIZE_CUSTOM;
  d->width_cm = sqlite3_column_int (stmt, 5);
  d->height_cm = sqlite3_column_int (stmt, 6);
  d->bottom_cm = sqlite3_column_int (stmt, 7);
  d->top_cm = d->bottom_cm + d->height_cm;
  d->rear_loading = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 8), "rear") == 0;
  d->delivery_only = sqlite3_column_int (stmt, 9);
  if (!mr_locker_status_from_string (status, &d->status))
    d->status = MR_LOCKER_AVAILABLE;
  d->dedicated_to = column_dup (stmt, 11);
  d->accessible = mr_locker_is_accessible (d->bottom_cm, d->top_cm);
}

/* Fills what the doors hold, for the doors @filter selects. */
static void
read_contents (MrStore *store,
               const char *filter,
               const char *arg,
               int expiry_hours,
               MrLockerDoor *(*lookup) (gpointer, const char *),
               gpointer data)
{
  g_autofree char *contents = contents_sql (filter);
  g_autofree char *deliveries = deliveries_sql (filter);
  g_autofree char *reservations = reservations_sql (filter);
  sqlite3_stmt *stmt;

  stmt = mr_store_prepare (store, contents, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          MrLockerDoor *d = lookup (data, (const char *) sqlite3_column_text (stmt, 0));

          if (d == NULL)
            continue;
          d->n_packages = (guint) sqlite3_column_int (stmt, 1);
          d->since_ms = sqlite3_column_int64 (stmt, 2);
          g_free (d->holder);
          d->holder = column_dup (stmt, 3);
          /* Without a delivery record (a package put in by hand), the
           * bank's period counts from when it went in. */
          d->expires_ms = d->since_ms + (gint64) expiry_hours * HOUR_MS;
        }
      sqlite3_reset (stmt);
    }

  stmt = mr_store_prepare (store, deliveries, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          MrLockerDoor *d = lookup (data, (const char *) sqlite3_column_text (stmt, 0));

          if (d == NULL || d->n_packages == 0)
            continue;
          if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            d->expires_ms = sqlite3_column_int64 (stmt, 1);
          d->since_ms = MIN (d->since_ms, sqlite3_column_int64 (stmt, 2));
        }
      sqlite3_reset (stmt);
    }

  stmt = mr_store_prepare (store, reservations, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          MrLockerDoor *d = lookup (data, (const char *) sqlite3_column_text (stmt, 0));

          if (d == NULL || d->reservation_kind != NULL)
            continue;
          d->reservation_kind = column_dup (stmt, 1);
          if (d->n_packages == 0)
            {
              d->since_ms = sqlite3_column_int64 (stmt, 2);
              d->expires_ms = sqlite3_column_int64 (stmt, 3);
              g_free (d->holder);
              d->holder = column_dup (stmt, 4);
            }
        }
      sqlite3_reset (stmt);
    }
}

static MrLockerDoor *
map_lookup (gpointer data, const char *id)
{
  MrLockerMap *map = data;
  int i = mr_locker_map_find_door (map, id);

  return i < 0 ? NULL : &g_array_index (map->doors, MrLockerDoor, i);
}

static void
map_count (MrLockerMap *map)
{
  memset (map->counts, 0, sizeof map->counts);
  for (guint i = 0; i < map->doors->len; i++)
    map->counts[g_array_index (map->doors, MrLockerDoor, i).status]++;
  memcpy (map->bank->counts, map->counts, sizeof map->counts);
  map->bank->n_doors = map->doors->len;
}

static void
map_layout (MrLockerMap *map)
{
  int x = 0;

  g_array_set_size (map->columns, 0);
  map->height_cm = 0;
  for (guint i = 0; i < map->doors->len;)
    {
      MrLockerColumn col = { 0 };
      guint c = g_array_index (map->doors, MrLockerDoor, i).col;

      col.x_cm = x;
      col.first_door = i;
      col.bottom_cm = G_MAXINT;
      for (; i < map->doors->len && g_array_index (map->doors, MrLockerDoor, i).col == c; i++)
        {
          MrLockerDoor *d = &g_array_index (map->doors, MrLockerDoor, i);

          d->x_cm = x;
          col.width_cm = MAX (col.width_cm, d->width_cm);
          col.bottom_cm = MIN (col.bottom_cm, d->bottom_cm);
          col.top_cm = MAX (col.top_cm, d->top_cm);
          col.n_doors++;
        }
      x += col.width_cm;
      map->height_cm = MAX (map->height_cm, col.top_cm);
      g_array_append_val (map->columns, col);
    }
  map->width_cm = x;
}

MrLockerMap *
mr_locker_map_load (MrStore *store, const char *bank_id, GError **error)
{
  g_autoptr (MrLockerMap) map = NULL;
  g_autofree char *sql = doors_sql ("l.bank_id = ?1");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  map = g_new0 (MrLockerMap, 1);
  map->doors = g_array_new (FALSE, TRUE, sizeof (MrLockerDoor));
  g_array_set_clear_func (map->doors, door_clear);
  map->columns = g_array_new (FALSE, TRUE, sizeof (MrLockerColumn));
  map->index = g_hash_table_new (g_str_hash, g_str_equal);
  map->bank = mr_locker_bank_load (store, bank_id);
  if (map->bank == NULL)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND,
                   _ ("This locker bank does not exist (any more)."));
      mr_store_set_error_field (error, "bank_id");
      return NULL;
    }

  stmt = mr_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, bank_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MrLockerDoor d = { 0 };

      door_from_row (&d, stmt);
      g_array_append_val (map->doors, d);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < map->doors->len; i++)
    g_hash_table_insert (map->index, g_array_index (map->doors, MrLockerDoor, i).id,
                         GUINT_TO_POINTER (i + 1));

  read_contents (store, "l.bank_id = ?1", bank_id, map->bank->expiry_hours, map_lookup, map);
  map_layout (map);
  map_count (map);
  return g_steal_pointer (&map);
}

void
mr_locker_map_free (MrLockerMap *map)
{
  if (map == NULL)
    return;
  g_clear_pointer (&map->index, g_hash_table_unref);
  g_clear_pointer (&map->doors, g_array_unref);
  g_clear_pointer (&map->columns, g_array_unref);
  g_clear_pointer (&map->bank, mr_locker_bank_free);
  g_free (map);
}

int
mr_locker_map_find_door (const MrLockerMap *map, const char *locker_id)
{
  g_return_val_if_fail (map != NULL, -1);
  if (locker_id == NULL)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (map->index, locker_id)) - 1;
}

static MrLockerDoor *
single_lookup (gpointer data, const char *id)
{
  MrLockerDoor *d = data;

  return g_strcmp0 (d->id, id) == 0 ? d : NULL;
}

/* Re-reads one door into @d; FALSE when it is gone. */
static gboolean
read_one_door (MrStore *store, const char *locker_id, int expiry_hours, MrLockerDoor *d)
{
  g_autofree char *sql = doors_sql ("l.id = ?1");
  sqlite3_stmt *stmt = mr_store_prepare (store, sql, NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      door_from_row (d, stmt);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (found)
    read_contents (store, "l.id = ?1", locker_id, expiry_hours, single_lookup, d);
  return found;
}

gboolean
mr_locker_map_refresh (MrLockerMap *map, MrStore *store, const char *locker_id)
{
  MrLockerDoor fresh = { 0 };
  MrLockerDoor *d;
  int i;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  if (locker_id == NULL)
    {
      g_autoptr (MrLockerMap) reloaded = mr_locker_map_load (store, map->bank->id, NULL);
      gboolean same = reloaded != NULL && reloaded->doors->len == map->doors->len;

      for (guint k = 0; same && k < map->doors->len; k++)
        {
          MrLockerDoor *a = &g_array_index (map->doors, MrLockerDoor, k);
          MrLockerDoor *b = &g_array_index (reloaded->doors, MrLockerDoor, k);

          same = strcmp (a->id, b->id) == 0 && a->col == b->col && a->row == b->row &&
                 a->height_cm == b->height_cm && a->bottom_cm == b->bottom_cm &&
                 a->width_cm == b->width_cm;
        }
      if (!same)
        return FALSE;
      /* Same doors: take the fresh contents, keep the map's identity. */
      for (guint k = 0; k < map->doors->len; k++)
        {
          MrLockerDoor *a = &g_array_index (map->doors, MrLockerDoor, k);
          MrLockerDoor *b = &g_array_index (reloaded->doors, MrLockerDoor, k);

          g_hash_table_remove (map->index, a->id);
          door_clear (a);
          *a = *b;
          memset (b, 0, sizeof *b);
          g_hash_table_insert (map->index, a->id, GUINT_TO_POINTER (k + 1));
        }
      map_layout (map);
      map_count (map);
      return TRUE;
    }

  i = mr_locker_map_find_door (map, locker_id);
  if (i < 0)
    {
      /* A door of another bank is none of this map's business; a new
       * door of this bank needs a reload. */
      g_autofree char *bank =
        mr_store_query_text (store, "SELECT bank_id FROM locker WHERE id = ?", locker_id);

      return g_strcmp0 (bank, map->bank->id) != 0;
    }
  d = &g_array_index (map->doors, MrLockerDoor, i);
  if (!read_one_door (store, locker_id, map->bank->expiry_hours, &fresh))
    return FALSE;
  if (fresh.col != d->col || fresh.row != d->row || fresh.height_cm != d->height_cm ||
      fresh.bottom_cm != d->bottom_cm || fresh.width_cm != d->width_cm)
    {
      door_clear (&fresh);
      return FALSE;
    }
  fresh.x_cm = d->x_cm;
  g_hash_table_remove (map->index, d->id);
  door_clear (d);
  *d = fresh;
  g_hash_table_insert (map->index, d->id, GUINT_TO_POINTER (i + 1));
  map_count (map);
  return TRUE;
}

char *
mr_locker_map_to_text (const MrLockerMap *map)
{
  GString *out = g_string_new (NULL);
  guint rows = 0;

  g_return_val_if_fail (map != NULL, NULL);

  for (guint c = 0; c < map->columns->len; c++)
    rows = MAX (rows, g_array_index (map->columns, MrLockerColumn, c).n_doors);
  for (guint r = 0; r < rows; r++)
    {
      gsize start = out->len;

      for (guint c = 0; c < map->columns->len; c++)
        {
          const MrLockerColumn *col = &g_array_index (map->columns, MrLockerColumn, c);

          if (c > 0)
            g_string_append_c (out, ' ');
          if (r < col->n_doors)
            g_string_append_c (
              out, mr_locker_status_get_letter (
                     g_array_index (map->doors, MrLockerDoor, col->first_door + r).status));
          else
            g_string_append_c (out, ' ');
        }
      while (out->len > start && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static char *
format_time (gint64 ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, _ ("%Y-%m-%d %H:%M")) : g_strdup ("?");
}

char *
mr_locker_door_describe (const MrLockerDoor *door)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (door != NULL, NULL);

  /* Translators: "Door 12, size M: Occupied" */
  g_string_append_printf (out, _ ("Door %s, size %s: %s"), door->number,
                          mr_locker_size_to_string (door->size),
                          mr_locker_status_get_label (door->status));
  if (door->holder != NULL)
    {
      g_string_append (out, ". ");
      /* Translators: who the door's contents or reservation are for */
      g_string_append_printf (out, _ ("For %s"), door->holder);
    }
  if (door->n_packages > 0)
    {
      g_string_append (out, ". ");
      g_string_append_printf (
        out, g_dngettext (GETTEXT_PACKAGE, "%u package", "%u packages", door->n_packages),
        door->n_packages);
    }
  if (door->since_ms > 0)
    {
      g_autofree char *t = format_time (door->since_ms);

      g_string_append (out, ". ");
      g_string_append_printf (out, _ ("Since %s"), t);
    }
  if (door->expires_ms > 0)
    {
      g_autofree char *t = format_time (door->expires_ms);

      g_string_append (out, ". ");
      g_string_append_printf (out, _ ("Expires %s"), t);
    }
  if (door->dedicated_to != NULL)
    {
      g_string_append (out, ". ");
      g_string_append_printf (out, _ ("Dedicated to %s"), door->dedicated_to);
    }
  if (door->delivery_only)
    {
      g_string_append (out, ". ");
      g_string_append (out, C_ ("door", "Kept for deliveries"));
    }
  if (door->accessible)
    {
      g_string_append (out, ". ");
      g_string_append (out, _ ("Within reach for accessibility"));
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

/* One door in detail */

static void
package_free (gpointer data)
{
  MrLockerPackage *p = data;

  g_free (p->id);
  g_free (p->tracking_number);
  g_free (p->internal_id);
  g_free (p->carrier);
  g_free (p->status);
  g_free (p->recipient);
  g_free (p);
}

void
mr_locker_door_info_free (MrLockerDoorInfo *info)
{
  if (info == NULL)
    return;
  door_clear (&info->door);
  g_free (info->bank_id);
  g_free (info->bank_name);
  g_clear_pointer (&info->packages, g_ptr_array_unref);
  g_free (info->reservation_id);
  g_free (info->delivery_id);
  g_free (info);
}

MrLockerDoorInfo *
mr_store_get_locker_door (MrStore *store, const char *locker_id)
{
  g_autoptr (MrLockerDoorInfo) info = g_new0 (MrLockerDoorInfo, 1);
  g_autoptr (MrLockerBank) bank = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (locker_id == NULL)
    return NULL;

  info->bank_id = mr_store_query_text (
    store, "SELECT bank_id FROM locker WHERE id = ? AND deleted = 0", locker_id);
  bank = mr_locker_bank_load (store, info->bank_id);
  if (bank == NULL || !read_one_door (store, locker_id, bank->expiry_hours, &info->door))
    return NULL;
  info->bank_name = g_strdup (bank->name);
  info->packages = g_ptr_array_new_with_free_func (package_free);

  stmt = mr_store_prepare (
    store,
    "SELECT p.id, p.tracking_number, p.internal_id, p.carrier, p.status, "
    "coalesce (" NAME_SQL ("c") ", d.name), coalesce ((SELECT max (e.at) "
                                "FROM package_event e WHERE e.package_id = p.id AND e.kind = "
                                "'in_locker'), p.received_at) FROM package p "
                                "LEFT JOIN contact c ON c.id = p.recipient_id "
                                "LEFT JOIN department d ON d.id = p.department_id "
                                "WHERE p.locker_id = ? AND p.deleted = 0 ORDER BY p.received_at",
    NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          MrLockerPackage *p = g_new0 (MrLockerPackage, 1);

          p->id = column_dup (stmt, 0);
          p->tracking_number = column_dup (stmt, 1);
          p->internal_id = column_dup (stmt, 2);
          p->carrier = column_dup (stmt, 3);
          p->status = column_dup (stmt, 4);
          p->recipient = column_dup (stmt, 5);
          p->since_ms = sqlite3_column_int64 (stmt, 6);
          g_ptr_array_add (info->packages, p);
        }
      sqlite3_reset (stmt);
    }

  stmt = mr_store_prepare (store,
                           "SELECT id, coalesce (ends_at, 0) FROM reservation WHERE "
                           "locker_id = ? AND state = 'active' AND deleted = 0 "
                           "ORDER BY starts_at LIMIT 1",
                           NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          info->reservation_id = column_dup (stmt, 0);
          info->reservation_ends_ms = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
    }
  info->delivery_id = mr_store_query_text (store,
                                           "SELECT id FROM locker_delivery WHERE locker_id = ? "
                                           "AND picked_up_at IS NULL AND deleted = 0 "
                                           "ORDER BY delivered_at LIMIT 1",
                                           locker_id);
  return g_steal_pointer (&info);
}

char *
mr_store_find_locker_door (MrStore *store, const char *bank_id, const char *id_or_number)
{
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (id_or_number == NULL)
    return NULL;

  stmt = mr_store_prepare (store,
                           "SELECT id FROM locker WHERE deleted = 0 AND (?1 IS NULL OR bank_id = "
                           "?1) AND (id = ?2 OR (?1 IS NOT NULL AND number = ?2)) LIMIT 1",
                           NULL);
  if (stmt == NULL)
    return NULL;
  mr_store_bind_text_or_null (stmt, 1, bank_id);
  sqlite3_bind_text (stmt, 2, id_or_number, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

GVariant *
mr_store_get_locker_reservation (MrStore *store, const char *id)
{
  sqlite3_stmt *stmt;
  GVariant *result = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (id == NULL)
    return NULL;
  stmt = mr_store_prepare (store,
                           "SELECT r.id, r.locker_id, l.number, l.bank_id, r.kind, r.contact_id, "
                           "r.department_id, r.package_id, r.starts_at, coalesce (r.ends_at, 0), "
                           "coalesce (r.max_ends_at, 0), r.state FROM reservation r "
                           "JOIN locker l ON l.id = r.locker_id WHERE r.id = ? AND r.deleted = 0",
                           NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      static const char *const keys[] = { "id",   "locker_id",  "locker_number", "bank_id",
                                          "kind", "contact_id", "department_id", "package_id" };
      GVariantDict d;

      g_variant_dict_init (&d, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (sqlite3_column_type (stmt, (int) i) != SQLITE_NULL)
          g_variant_dict_insert (&d, keys[i], "s", sqlite3_column_text (stmt, (int) i));
      g_variant_dict_insert (&d, "starts_at", "x", sqlite3_column_int64 (stmt, 8));
      g_variant_dict_insert (&d, "ends_at", "x", sqlite3_column_int64 (stmt, 9));
      g_variant_dict_insert (&d, "max_ends_at", "x", sqlite3_column_int64 (stmt, 10));
      g_variant_dict_insert (&d, "state", "s", sqlite3_column_text (stmt, 11));
      result = g_variant_ref_sink (g_variant_dict_end (&d));
    }
  sqlite3_reset (stmt);
  return result;
}

char *
mr_locker_find_package (MrStore *store, const char *key)
{
  g_autoptr (GString) tracking = g_string_new (NULL);
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (key == NULL || *key == '\0')
    return NULL;
  /* Tracking numbers are stored as scanned: upper case, no spaces. */
  for (const char *p = key; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (tracking, g_ascii_toupper (*p));
  stmt = mr_store_prepare (store,
                           "SELECT id FROM package WHERE deleted = 0 AND (id = ?1 OR "
                           "internal_id = ?1 OR internal_id = ?2 OR tracking_number = ?2) "
                           "ORDER BY received_at DESC LIMIT 1",
                           NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, tracking->str, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}
