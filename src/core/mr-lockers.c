/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-locker-private.h"
#include "mr-text.h"
#include "mr-uuid.h"

/* Named mutations of the smart lockers' configuration: banks, their
 * settings and layout, doors, dedication, out of service; and the cached
 * status every door derives from what it holds. The status column is a
 * cache (see mr_locker_refresh_status()); it is never set directly and
 * never bumps updated_at, because sync only carries real fields. */

#define MAX_HOURS (24 * 366)

static const char *const status_names[MR_LOCKER_N_STATUSES] = {
  "available", "reserved", "occupied", "expired", "out_of_service",
};
static const char status_letters[MR_LOCKER_N_STATUSES] = { 'A', 'R', 'O', 'E', 'X' };
static const char *const size_names[MR_LOCKER_N_SIZES] = { "XS", "S", "M", "L", "XL", "custom" };
static const int size_heights[MR_LOCKER_N_SIZES] = { 10, 15, 25, 40, 60, 0 };

const char *
mr_locker_status_to_string (MrLockerStatus status)
{
  g_return_val_if_fail (status < MR_LOCKER_N_STATUSES, NULL);
  return status_names[status];
}

gboolean
mr_locker_status_from_string (const char *text, MrLockerStatus *status)
{
  for (guint i = 0; text && i < MR_LOCKER_N_STATUSES; i++)
    if (strcmp (status_names[i], text) == 0)
      {
        *status = (MrLockerStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mr_locker_status_get_label (MrLockerStatus status)
{
  switch (status)
    {
    case MR_LOCKER_AVAILABLE:
      return _ ("Available");
    case MR_LOCKER_RESERVED:
      return _ ("Reserved");
    case MR_LOCKER_OCCUPIED:
      return _ ("Occupied");
    case MR_LOCKER_EXPIRED:
      return _ ("Expired");
    case MR_LOCKER_OUT_OF_SERVICE:
      return _ ("Out of service");
    case MR_LOCKER_N_STATUSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

char
mr_locker_status_get_letter (MrLockerStatus status)
{
  g_return_val_if_fail (status < MR_LOCKER_N_STATUSES, '?');
  return status_letters[status];
}

const char *
mr_locker_size_to_string (MrLockerSize size)
{
  g_return_val_if_fail (size < MR_LOCKER_N_SIZES, NULL);
  return size_names[size];
}

/* Case-insensitive: people type "xl" and "Custom". */
gboolean
mr_locker_size_from_string (const char *text, MrLockerSize *size)
{
  for (guint i = 0; text && i < MR_LOCKER_N_SIZES; i++)
    if (g_ascii_strcasecmp (size_names[i], text) == 0)
      {
        *size = (MrLockerSize) i;
        return TRUE;
      }
  return FALSE;
}

int
mr_locker_size_get_height (MrLockerSize size)
{
  g_return_val_if_fail (size < MR_LOCKER_N_SIZES, 0);
  return size_heights[size];
}

MrLockerSize
mr_locker_door_size_class (MrLockerSize size, int height_cm)
{
  if (size < MR_LOCKER_SIZE_CUSTOM)
    return size;
  for (int s = MR_LOCKER_SIZE_XL; s > MR_LOCKER_SIZE_XS; s--)
    if (height_cm >= size_heights[s])
      return (MrLockerSize) s;
  return MR_LOCKER_SIZE_XS;
}

gboolean
mr_locker_is_accessible (int bottom_cm, int top_cm)
{
  return bottom_cm >= MR_LOCKER_ACCESSIBLE_BOTTOM_CM && top_cm <= MR_LOCKER_ACCESSIBLE_TOP_CM;
}

/* Doors kept for deliveries */

gboolean
mr_locker_parse_keep (const char *text, guint keep[MR_LOCKER_N_SIZES])
{
  g_autofree char *copy = NULL;
  g_auto (GStrv) parts = NULL;

  memset (keep, 0, sizeof (guint) * MR_LOCKER_N_SIZES);
  if (text == NULL || mr_text_is_blank (text))
    return TRUE;
  /* {"S":2} reads as S=2 once the JSON punctuation is gone; a strict
   * parse buys nothing for five keys. */
  copy = g_strdup (text);
  g_strdelimit (copy, "{}\"' \t\n\r", ' ');
  g_strdelimit (copy, ":", '=');
  g_strdelimit (copy, ";", ',');
  parts = g_strsplit (copy, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_auto (GStrv) kv = NULL;
      MrLockerSize size;
      gint64 n;
      char *end = NULL;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      kv = g_strsplit (parts[i], "=", 2);
      if (kv[0] == NULL || kv[1] == NULL)
        return FALSE;
      g_strstrip (kv[0]);
      g_strstrip (kv[1]);
      if (!mr_locker_size_from_string (kv[0], &size) || size == MR_LOCKER_SIZE_CUSTOM)
        return FALSE;
      n = g_ascii_strtoll (kv[1], &end, 10);
      if (end == kv[1] || *end != '\0' || n < 0 || n > MR_LOCKER_MAX_DOORS)
        return FALSE;
      keep[size] = (guint) n;
    }
  return TRUE;
}

char *
mr_locker_keep_to_json (const guint keep[MR_LOCKER_N_SIZES])
{
  GString *out = g_string_new ("{");

  for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
    if (keep[s] > 0)
      g_string_append_printf (out, "%s\"%s\":%u", out->len > 1 ? "," : "", size_names[s], keep[s]);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* Arguments */

/* An optional integer argument within [lo, hi]: unchanged when absent. */
static gboolean
opt_int (MrMutation *m, const char *key, gint64 lo, gint64 hi, int *value, GError **error)
{
  gint64 v;

  if (!mr_args_has (m, key))
    return TRUE;
  v = mr_args_get_int (m, key, G_MININT64);
  if (v < lo || v > hi)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, key,
                          _ ("“%s” must be a whole number between %d and %d."), key, (int) lo,
                          (int) hi);
  *value = (int) v;
  return TRUE;
}

/* An integer argument that must be present and within [lo, hi]. @label
 * names it for people. */
static gboolean
require_int (MrMutation *m,
             const char *key,
             const char *label,
             gint64 lo,
             gint64 hi,
             gint64 *out,
             GError **error)
{
  *out = mr_args_get_int (m, key, G_MININT64);
  if (*out < lo || *out > hi)
    return mr_store_fail (
      error, mr_args_has (m, key) ? MR_STORE_ERROR_INVALID : MR_STORE_ERROR_REQUIRED, key,
      _ ("“%s”: enter a whole number between %d and %d."), label, (int) lo, (int) hi);
  return TRUE;
}

static void
emit_bank_doors_changed (MrMutation *m, const char *bank_id)
{
  mr_store_emit_changed (m->store, "locker_bank", bank_id);
  mr_store_emit_changed (m->store, "locker", NULL);
}

/* Locker banks */

static gboolean
bank_check_name (MrMutation *m, const char *id, const char *name, GError **error)
{
  sqlite3_stmt *stmt;

  if (name == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "name",
                          _ ("Enter a name for the locker bank."));
  stmt = mr_store_prepare (m->store, "SELECT name FROM locker_bank WHERE deleted = 0 AND id <> ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (mr_store_name_taken (stmt, name))
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "name",
                          _ ("A locker bank named “%s” already exists."), name);
  return TRUE;
}

/* Reads the settings given in @m over @b (defaults, or the bank as it
 * is), checking each. */
static gboolean
bank_read_settings (MrMutation *m, MrLockerBank *b, GError **error)
{
  static const char *const pickup_modes[] = { "all", "one", NULL };

  if (mr_args_has (m, "name"))
    {
      g_free (b->name);
      b->name = mr_args_dup_string (m, "name");
    }
  if (mr_args_has (m, "place_id"))
    {
      g_free (b->place_id);
      b->place_id = mr_args_dup_string (m, "place_id");
      if (b->place_id != NULL && !mr_store_live_exists (m->store, "place", b->place_id))
        return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "place_id",
                              _ ("The chosen place does not exist. Choose another one or create "
                                 "it first."));
    }
  if (mr_args_has (m, "controller_address"))
    {
      g_free (b->controller_address);
      b->controller_address = mr_args_dup_string (m, "controller_address");
    }
  if (!opt_int (m, "base_cm", 0, 200, &b->base_cm, error))
    return FALSE;
  /* Up to a year: beyond that a locker is storage, not delivery. */
  if (!opt_int (m, "expiry_hours", G_MININT, G_MAXINT, &b->expiry_hours, error) ||
      b->expiry_hours < 1 || b->expiry_hours > MAX_HOURS)
    {
      g_clear_error (error);
      return mr_store_fail (error, MR_STORE_ERROR_INVALID, "expiry_hours",
                            _ ("The expiry time must be between 1 hour and 366 days."));
    }
  if (!opt_int (m, "reopen_seconds", G_MININT, G_MAXINT, &b->reopen_seconds, error) ||
      b->reopen_seconds < 0 || b->reopen_seconds > 3600)
    {
      g_clear_error (error);
      return mr_store_fail (error, MR_STORE_ERROR_INVALID, "reopen_seconds",
                            _ ("The reopen time must be between 0 and 3,600 seconds."));
    }
  if (mr_args_has (m, "pickup_mode"))
    {
      g_autofree char *mode = mr_args_dup_string (m, "pickup_mode");

      if (mode == NULL || !g_strv_contains (pickup_modes, mode))
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, "pickup_mode",
                              _ ("The pickup mode must be “all” (every door at once) or “one” "
                                 "(one door at a time)."));
      g_free (b->pickup_mode);
      b->pickup_mode = g_steal_pointer (&mode);
    }
  if (mr_args_has (m, "storage_mode"))
    {
      g_autofree char *mode = mr_args_dup_string (m, "storage_mode");

      if (g_strcmp0 (mode, "none") == 0 || g_strcmp0 (mode, "no_end") == 0)
        {
          g_free (mode);
          mode = g_strdup ("unlimited");
        }
      if (mode == NULL || (strcmp (mode, "fixed") != 0 && strcmp (mode, "flexible") != 0 &&
                           strcmp (mode, "unlimited") != 0))
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, "storage_mode",
                              _ ("Storage is “fixed” (a set duration), “flexible” (up to a "
                                 "maximum) or “unlimited” (no end time)."));
      g_free (b->storage_mode);
      b->storage_mode = g_steal_pointer (&mode);
    }
  if (!opt_int (m, "storage_hours", 1, MAX_HOURS, &b->storage_hours, error) ||
      !opt_int (m, "storage_max_hours", 1, MAX_HOURS, &b->storage_max_hours, error))
    return FALSE;
  if (strcmp (b->storage_mode, "flexible") == 0 && b->storage_max_hours < b->storage_hours)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "storage_max_hours",
                          _ ("The longest storage (%d h) cannot be shorter than the usual storage "
                             "(%d h)."),
                          b->storage_max_hours, b->storage_hours);
  b->allow_add_to_existing =
    mr_args_get_bool (m, "allow_add_to_existing", b->allow_add_to_existing);
  b->contactless = mr_args_get_bool (m, "contactless", b->contactless);
  if (mr_args_has (m, "keep_for_delivery"))
    {
      g_autofree char *keep = mr_args_dup_string (m, "keep_for_delivery");

      if (!mr_locker_parse_keep (keep, b->keep_for_delivery))
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, "keep_for_delivery",
                              _ ("Give the doors kept for deliveries as SIZE=COUNT pairs, such as "
                                 "“S=2, M=1”."));
    }
  return TRUE;
}

static gboolean
bank_write (MrMutation *m, MrLockerBank *b, gboolean insert, GError **error)
{
  g_autofree char *keep = mr_locker_keep_to_json (b->keep_for_delivery);
  sqlite3_stmt *stmt;

  if (insert)
    stmt = mr_store_prepare (m->store,
                             "INSERT INTO locker_bank (name, place_id, controller_address, "
                             "base_cm, expiry_hours, reopen_seconds, pickup_mode, "
                             "allow_add_to_existing, storage_mode, storage_hours, "
                             "storage_max_hours, contactless, keep_for_delivery, updated_at, "
                             "workstation_id, id, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                             "?14, ?15, ?16, ?17)",
                             error);
  else
    stmt = mr_store_prepare (m->store,
                             "UPDATE locker_bank SET name = ?1, place_id = ?2, "
                             "controller_address = ?3, base_cm = ?4, expiry_hours = ?5, "
                             "reopen_seconds = ?6, pickup_mode = ?7, allow_add_to_existing = ?8, "
                             "storage_mode = ?9, storage_hours = ?10, storage_max_hours = ?11, "
                             "contactless = ?12, keep_for_delivery = ?13, updated_at = ?14, "
                             "workstation_id = ?15 WHERE id = ?16",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, b->name, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, b->place_id);
  mr_store_bind_text_or_null (stmt, 3, b->controller_address);
  sqlite3_bind_int (stmt, 4, b->base_cm);
  sqlite3_bind_int (stmt, 5, b->expiry_hours);
  sqlite3_bind_int (stmt, 6, b->reopen_seconds);
  sqlite3_bind_text (stmt, 7, b->pickup_mode, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, b->allow_add_to_existing);
  sqlite3_bind_text (stmt, 9, b->storage_mode, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 10, b->storage_hours);
  sqlite3_bind_int (stmt, 11, b->storage_max_hours);
  sqlite3_bind_int (stmt, 12, b->contactless);
  sqlite3_bind_text (stmt, 13, keep, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 14, m->hlc);
  sqlite3_bind_text (stmt, 15, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 16, b->id, -1, SQLITE_TRANSIENT);
  if (insert)
    sqlite3_bind_int64 (stmt, 17, m->now_ms);
  return mr_store_step_done (m->store, stmt, error);
}

/* Doors */

typedef struct
{
  const char *id;
  const char *bank_id;
  const char *number;
  gint64 col;
  gint64 row;
  MrLockerSize size;
  gint64 height_cm;
  gint64 bottom_cm;
  gint64 width_cm;
  gboolean rear;
  gboolean delivery_only;
} DoorRow;

static gboolean
door_insert (MrMutation *m, const DoorRow *d, GError **error)
{
  sqlite3_stmt *stmt =
    mr_store_prepare (m->store,
                      "INSERT INTO locker (id, bank_id, number, col, row, size, height_cm, "
                      "bottom_cm, width_cm, loading, delivery_only, status, created_at, "
                      "updated_at, workstation_id) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'available', ?, ?, ?)",
                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, d->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, d->bank_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, d->number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, d->col);
  sqlite3_bind_int64 (stmt, 5, d->row);
  sqlite3_bind_text (stmt, 6, size_names[d->size], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, d->height_cm);
  sqlite3_bind_int64 (stmt, 8, d->bottom_cm);
  sqlite3_bind_int64 (stmt, 9, d->width_cm);
  sqlite3_bind_text (stmt, 10, d->rear ? "rear" : "front", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 11, d->delivery_only);
  sqlite3_bind_int64 (stmt, 12, m->now_ms);
  sqlite3_bind_int64 (stmt, 13, m->hlc);
  sqlite3_bind_text (stmt, 14, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  return mr_store_step_done (m->store, stmt, error);
}

/* The layout given to a mutation, parsed and checked, and written back
 * normalised so a replay reads exactly the same doors. */
static MrLockerLayout *
layout_from_args (MrMutation *m, GError **error)
{
  g_autofree char *text = mr_args_dup_string (m, "layout");
  g_autoptr (MrLockerLayout) layout = NULL;
  g_autofree char *normal = NULL;

  if (text == NULL)
    {
      mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "layout",
                     _ ("Give the layout of the bank: its columns and their doors."));
      return NULL;
    }
  layout = mr_locker_layout_parse (text, -1, error);
  if (layout == NULL)
    return NULL;
  normal = mr_locker_layout_to_json (layout);
  mr_args_set_value (m, "layout", g_variant_new_string (normal));
  return g_steal_pointer (&layout);
}

static gboolean
insert_layout_door (MrMutation *m,
                    const char *bank_id,
                    const MrLockerLayout *layout,
                    guint c,
                    const MrLockerLayoutDoor *d,
                    MrLockerIds *ids,
                    GError **error)
{
  MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, c);
  const char *id = mr_locker_ids_next (ids, error);
  DoorRow row = { 0 };

  if (id == NULL)
    return FALSE;
  if (!mr_store_check_new_id (m->store, "locker", id, error))
    {
      mr_store_set_error_field (error, "locker_ids");
      return FALSE;
    }
  row.id = id;
  row.bank_id = bank_id;
  row.number = d->number;
  row.col = c;
  row.row = d->row;
  row.size = d->size;
  row.height_cm = d->height_cm;
  row.bottom_cm = d->bottom_cm;
  row.width_cm = col->width_cm;
  row.rear = d->rear_loading;
  row.delivery_only = d->delivery_only;
  return door_insert (m, &row, error);
}

static gboolean
locker_bank_create (MrMutation *m, GError **error)
{
  g_autoptr (MrLockerBank) b = g_new0 (MrLockerBank, 1);
  g_autoptr (MrLockerLayout) layout = NULL;
  g_auto (MrLockerIds) ids = { 0 };

  b->id = mr_args_take_or_new_id (m);
  b->expiry_hours = 72;
  b->reopen_seconds = 60;
  b->pickup_mode = g_strdup ("all");
  b->storage_mode = g_strdup ("fixed");
  b->storage_hours = 24;
  b->storage_max_hours = 168;
  b->allow_add_to_existing = TRUE;

  if (!mr_store_check_new_id (m->store, "locker_bank", b->id, error) ||
      !bank_read_settings (m, b, error) || !bank_check_name (m, b->id, b->name, error))
    return FALSE;
  if (mr_args_has (m, "layout"))
    {
      layout = layout_from_args (m, error);
      if (layout == NULL)
        return FALSE;
      b->base_cm = layout->base_cm;
    }
  if (!bank_write (m, b, TRUE, error))
    return FALSE;

  if (layout != NULL)
    {
      mr_locker_ids_init (&ids, m, "locker_ids");
      for (guint i = 0; i < layout->n_doors; i++)
        {
          guint c;
          const MrLockerLayoutDoor *d = mr_locker_layout_get_door (layout, i, &c);

          if (!insert_layout_door (m, b->id, layout, c, d, &ids, error))
            return FALSE;
        }
      mr_locker_ids_finish (&ids);
      mr_store_emit_changed (m->store, "locker", NULL);
    }

  m->entity = "locker_bank";
  m->entity_id = g_steal_pointer (&b->id);
  return TRUE;
}

static gboolean
locker_bank_set (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autoptr (MrLockerBank) b = mr_locker_bank_load (m->store, id);

  if (b == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This locker bank does not exist (any more)."));
  if (!bank_read_settings (m, b, error) || !bank_check_name (m, b->id, b->name, error) ||
      !bank_write (m, b, FALSE, error))
    return FALSE;
  m->entity = "locker_bank";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* A live door as it is, for matching against a new layout. */
typedef struct
{
  char *id;
  char *number;
  gint64 col;
  gint64 row;
  char *size;
  gint64 height_cm;
  gint64 bottom_cm;
  gboolean matched;
} ExistingDoor;

static void
existing_door_free (gpointer data)
{
  ExistingDoor *d = data;

  g_free (d->id);
  g_free (d->number);
  g_free (d->size);
  g_free (d);
}

static GHashTable *
load_existing_doors (MrStore *store, const char *bank_id, GError **error)
{
  g_autoptr (GHashTable) doors =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, existing_door_free);
  sqlite3_stmt *stmt = mr_store_prepare (store,
                                         "SELECT id, number, col, row, size, height_cm, bottom_cm "
                                         "FROM locker WHERE bank_id = ? AND deleted = 0",
                                         error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, bank_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ExistingDoor *d = g_new0 (ExistingDoor, 1);

      d->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      d->number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      d->col = sqlite3_column_int64 (stmt, 2);
      d->row = sqlite3_column_int64 (stmt, 3);
      d->size = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      d->height_cm = sqlite3_column_int64 (stmt, 5);
      d->bottom_cm = sqlite3_column_int64 (stmt, 6);
      g_hash_table_insert (
        doors, g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, d->col, d->row), d);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&doors);
}

/* Numbers move in two steps (first out of the way, then to their place),
 * so swapping two numbers never trips the unique index. */
static gboolean
park_number (MrMutation *m, const char *locker_id, GError **error)
{
  sqlite3_stmt *stmt =
    mr_store_prepare (m->store, "UPDATE locker SET number = char (1) || id WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (m->store, stmt, error);
}

static gboolean
locker_bank_set_layout (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autoptr (MrLockerBank) b = mr_locker_bank_load (m->store, id);
  g_autoptr (MrLockerLayout) layout = NULL;
  g_autoptr (GHashTable) existing = NULL;
  g_auto (MrLockerIds) ids = { 0 };
  GHashTableIter iter;
  ExistingDoor *old;
  sqlite3_stmt *stmt;

  if (b == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This locker bank does not exist (any more)."));
  layout = layout_from_args (m, error);
  if (layout == NULL)
    return FALSE;
  existing = load_existing_doors (m->store, b->id, error);
  if (existing == NULL)
    return FALSE;

  /* First every check, then every write. */
  for (guint i = 0; i < layout->n_doors; i++)
    {
      guint c;
      const MrLockerLayoutDoor *d = mr_locker_layout_get_door (layout, i, &c);
      g_autofree char *key = g_strdup_printf ("%u:%u", c, d->row);

      old = g_hash_table_lookup (existing, key);
      if (old == NULL)
        continue;
      old->matched = TRUE;
      if ((g_strcmp0 (old->size, size_names[d->size]) != 0 || old->height_cm != d->height_cm ||
           old->bottom_cm != d->bottom_cm) &&
          mr_locker_is_in_use (m->store, old->id))
        return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "layout",
                              _ ("Door %s holds packages or is reserved: empty it or end its "
                                 "reservation before changing its size or height."),
                              old->number);
    }
  g_hash_table_iter_init (&iter, existing);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
    if (!old->matched && mr_locker_is_in_use (m->store, old->id))
      return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "layout",
                            _ ("Door %s holds packages or is reserved: empty it or end its "
                               "reservation before removing it."),
                            old->number);

  g_hash_table_iter_init (&iter, existing);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
    {
      if (old->matched)
        {
          if (!park_number (m, old->id, error))
            return FALSE;
          continue;
        }
      stmt = mr_store_prepare (m->store,
                               "UPDATE locker SET deleted = 1, dedicated_contact_id = NULL, "
                               "dedicated_department_id = NULL, updated_at = ?, "
                               "workstation_id = ? WHERE id = ?",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, m->hlc);
      sqlite3_bind_text (stmt, 2, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, old->id, -1, SQLITE_TRANSIENT);
      if (!mr_store_step_done (m->store, stmt, error) ||
          !mr_locker_append_event_data (m, old->id, "removed_from_layout", m->now_ms, NULL, error))
        return FALSE;
    }

  mr_locker_ids_init (&ids, m, "locker_ids");
  for (guint i = 0; i < layout->n_doors; i++)
    {
      guint c;
      const MrLockerLayoutDoor *d = mr_locker_layout_get_door (layout, i, &c);
      MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, c);
      g_autofree char *key = g_strdup_printf ("%u:%u", c, d->row);

      old = g_hash_table_lookup (existing, key);
      if (old == NULL)
        {
          if (!insert_layout_door (m, b->id, layout, c, d, &ids, error))
            return FALSE;
          continue;
        }
      stmt = mr_store_prepare (m->store,
                               "UPDATE locker SET number = ?, size = ?, height_cm = ?, "
                               "bottom_cm = ?, width_cm = ?, loading = ?, delivery_only = ?, "
                               "updated_at = ?, workstation_id = ? WHERE id = ?",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, d->number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, size_names[d->size], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, d->height_cm);
      sqlite3_bind_int (stmt, 4, d->bottom_cm);
      sqlite3_bind_int (stmt, 5, col->width_cm);
      sqlite3_bind_text (stmt, 6, d->rear_loading ? "rear" : "front", -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 7, d->delivery_only);
      sqlite3_bind_int64 (stmt, 8, m->hlc);
      sqlite3_bind_text (stmt, 9, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, old->id, -1, SQLITE_TRANSIENT);
      if (!mr_store_step_done (m->store, stmt, error))
        return FALSE;
    }
  mr_locker_ids_finish (&ids);

  stmt = mr_store_prepare (m->store,
                           "UPDATE locker_bank SET base_cm = ?, updated_at = ?, "
                           "workstation_id = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, layout->base_cm);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, b->id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  emit_bank_doors_changed (m, b->id);
  m->entity = "locker_bank";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

typedef struct
{
  char *id;
  gint64 col;
  gint64 top;
  gint64 row;
} RenumberDoor;

static int
compare_by_columns (gconstpointer a, gconstpointer b)
{
  const RenumberDoor *x = a, *y = b;

  if (x->col != y->col)
    return x->col < y->col ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* Rows across the bank: the highest doors first, left to right. */
static int
compare_by_rows (gconstpointer a, gconstpointer b)
{
  const RenumberDoor *x = a, *y = b;

  if (x->top != y->top)
    return x->top > y->top ? -1 : 1;
  return compare_by_columns (a, b);
}

static void
renumber_door_clear (gpointer data)
{
  g_free (((RenumberDoor *) data)->id);
}

static gboolean
locker_bank_renumber (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autofree char *order = mr_args_dup_string (m, "order");
  g_autofree char *prefix = mr_args_dup_string (m, "prefix");
  g_autoptr (GArray) doors = g_array_new (FALSE, TRUE, sizeof (RenumberDoor));
  gint64 start = mr_args_get_int (m, "start", 1);
  sqlite3_stmt *stmt;

  g_array_set_clear_func (doors, renumber_door_clear);
  if (!mr_store_live_exists (m->store, "locker_bank", id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This locker bank does not exist (any more)."));
  if (order != NULL && strcmp (order, "columns") != 0 && strcmp (order, "rows") != 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "order",
                          _ ("Number the doors by “columns” (each from the top) or by “rows” "
                             "(left to right, from the top)."));
  if (start < 0 || start > 1000000)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "start",
                          _ ("The first number must be between 0 and 1,000,000."));
  if (prefix != NULL && g_utf8_strlen (prefix, -1) > 8)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "prefix",
                          _ ("A prefix has at most 8 characters."));

  stmt = mr_store_prepare (m->store,
                           "SELECT id, col, bottom_cm + height_cm, row FROM locker "
                           "WHERE bank_id = ? AND deleted = 0",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RenumberDoor d = { g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
                         sqlite3_column_int64 (stmt, 3) };

      g_array_append_val (doors, d);
    }
  sqlite3_reset (stmt);
  g_array_sort (doors, g_strcmp0 (order, "rows") == 0 ? compare_by_rows : compare_by_columns);

  for (guint i = 0; i < doors->len; i++)
    if (!park_number (m, g_array_index (doors, RenumberDoor, i).id, error))
      return FALSE;
  for (guint i = 0; i < doors->len; i++)
    {
      g_autofree char *number =
        g_strdup_printf ("%s%" G_GINT64_FORMAT, prefix ? prefix : "", start + i);

      stmt = mr_store_prepare (m->store,
                               "UPDATE locker SET number = ?, updated_at = ?, workstation_id = ? "
                               "WHERE id = ?",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, m->hlc);
      sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, g_array_index (doors, RenumberDoor, i).id, -1, SQLITE_TRANSIENT);
      if (!mr_store_step_done (m->store, stmt, error))
        return FALSE;
    }

  emit_bank_doors_changed (m, id);
  m->entity = "locker_bank";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* One door at a time (the demo and hand-built banks) */

/* The live locker of @bank_id that matches @sql's extra parameters, or
 * NULL. The statement takes the bank as ?1. */
static char *
bank_locker_number (MrMutation *m,
                    const char *sql,
                    const char *bank_id,
                    gint64 a,
                    gint64 b,
                    gint64 c,
                    const char *text)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store, sql, NULL);
  char *number = NULL;
  int n;

  if (stmt == NULL)
    return NULL;
  n = sqlite3_bind_parameter_count (stmt);
  sqlite3_bind_text (stmt, 1, bank_id, -1, SQLITE_TRANSIENT);
  if (n >= 2)
    sqlite3_bind_int64 (stmt, 2, a);
  if (n >= 3)
    sqlite3_bind_int64 (stmt, 3, b);
  if (n >= 4)
    sqlite3_bind_int64 (stmt, 4, c);
  if (n >= 5)
    sqlite3_bind_text (stmt, 5, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    number = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return number;
}

static gboolean
locker_check_layout (MrMutation *m,
                     const char *bank_id,
                     const char *number,
                     gint64 col,
                     gint64 row,
                     gint64 bottom,
                     gint64 height,
                     GError **error)
{
  g_autofree char *other = NULL;

  other = bank_locker_number (m,
                              "SELECT number FROM locker WHERE bank_id = ?1 AND deleted = 0 "
                              "AND number = ?5",
                              bank_id, 0, 0, 0, number);
  if (other != NULL)
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "number",
                          _ ("This bank already has a locker number %s."), number);

  other = bank_locker_number (m,
                              "SELECT number FROM locker WHERE bank_id = ?1 AND deleted = 0 "
                              "AND col = ?2 AND row = ?3",
                              bank_id, col, row, 0, NULL);
  if (other != NULL)
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "row",
                          _ ("Locker %s is already at column %d, row %d."), other, (int) col,
                          (int) row);

  /* Doors in one column cannot overlap: they are physically stacked. */
  other = bank_locker_number (m,
                              "SELECT number FROM locker WHERE bank_id = ?1 AND deleted = 0 "
                              "AND col = ?2 AND bottom_cm < ?4 AND bottom_cm + height_cm > ?3",
                              bank_id, col, bottom, bottom + height, NULL);
  if (other != NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "bottom_cm",
                          _ ("The door would overlap locker %s in the same column. Check its "
                             "height and its height from the floor."),
                          other);

  /* Row 0 is the top of a column, so rows and heights must agree. */
  other = bank_locker_number (m,
                              "SELECT number FROM locker WHERE bank_id = ?1 AND deleted = 0 "
                              "AND col = ?2 AND ((row < ?3 AND bottom_cm < ?4) OR "
                              "(row > ?3 AND bottom_cm > ?4))",
                              bank_id, col, row, bottom, NULL);
  if (other != NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "row",
                          _ ("Rows are counted from the top of the column: locker %s is in the "
                             "way of this row and height from the floor."),
                          other);
  return TRUE;
}

static gboolean
locker_create (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_take_or_new_id (m);
  g_autofree char *bank = mr_args_dup_string (m, "bank_id");
  g_autofree char *number = mr_args_dup_string (m, "number");
  g_autofree char *size = mr_args_dup_string (m, "size");
  g_autofree char *loading = mr_args_dup_string (m, "loading");
  DoorRow row = { 0 };

  if (!mr_store_check_new_id (m->store, "locker", id, error))
    return FALSE;
  if (bank == NULL || !mr_store_live_exists (m->store, "locker_bank", bank))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "bank_id",
                          _ ("The chosen locker bank does not exist."));
  if (number == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "number", _ ("Enter a locker number."));
  if (size == NULL || !mr_locker_size_from_string (size, &row.size))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "size",
                          _ ("The locker size must be XS, S, M, L, XL or custom."));
  if (loading != NULL && strcmp (loading, "front") != 0 && strcmp (loading, "rear") != 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "loading",
                          _ ("A locker is loaded from the “front” or from the “rear”."));
  if (!require_int (m, "col", _ ("Column"), 0, 999, &row.col, error) ||
      !require_int (m, "row", _ ("Row"), 0, 999, &row.row, error) ||
      !require_int (m, "height_cm", _ ("Door height (cm)"), 1, MR_LOCKER_MAX_CM, &row.height_cm,
                    error) ||
      !require_int (m, "bottom_cm", _ ("Height from the floor (cm)"), 0, MR_LOCKER_MAX_CM - 1,
                    &row.bottom_cm, error))
    return FALSE;
  row.width_cm = MR_LOCKER_DEFAULT_WIDTH_CM;
  if (mr_args_has (m, "width_cm") &&
      !require_int (m, "width_cm", _ ("Door width (cm)"), 10, 300, &row.width_cm, error))
    return FALSE;
  if (row.bottom_cm + row.height_cm > MR_LOCKER_MAX_CM)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "height_cm",
                          _ ("The top of the door would be %d cm from the floor; the limit is %d "
                             "cm."),
                          (int) (row.bottom_cm + row.height_cm), MR_LOCKER_MAX_CM);
  if (!locker_check_layout (m, bank, number, row.col, row.row, row.bottom_cm, row.height_cm, error))
    return FALSE;

  row.id = id;
  row.bank_id = bank;
  row.number = number;
  row.rear = g_strcmp0 (loading, "rear") == 0;
  row.delivery_only = mr_args_get_bool (m, "delivery_only", FALSE);
  if (!door_insert (m, &row, error))
    return FALSE;

  m->entity = "locker";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
locker_set_out_of_service (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  gboolean oos;
  sqlite3_stmt *stmt;

  if (!mr_store_live_exists (m->store, "locker", id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This locker does not exist (any more)."));
  if (!mr_args_has (m, "out_of_service"))
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "out_of_service",
                          _ ("Say whether the locker goes out of service or back into service."));
  oos = mr_args_get_bool (m, "out_of_service", FALSE);

  /* A broken door may still hold a parcel: taking the locker out of
   * service is allowed then, the parcel stays recorded in it. */
  stmt = mr_store_prepare (m->store,
                           "UPDATE locker SET out_of_service = ?, updated_at = ?, "
                           "workstation_id = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, oos);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error) || !mr_locker_refresh_status (m, id, error) ||
      !mr_locker_append_event (m, id, oos ? "out_of_service" : "in_service", m->now_ms, NULL,
                               error))
    return FALSE;

  m->entity = "locker";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* A door kept for one person or one department: their deliveries go
 * there first, nobody else's do. */
static gboolean
locker_dedicate (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autofree char *contact = mr_args_dup_string (m, "contact_id");
  g_autofree char *department = mr_args_dup_string (m, "department_id");
  g_autofree char *number = NULL;
  g_autofree char *data = NULL;
  sqlite3_stmt *stmt;
  gint64 others;

  if (!mr_store_live_exists (m->store, "locker", id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This locker does not exist (any more)."));
  number = mr_locker_get_number (m->store, id);
  if (contact != NULL && department != NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "department_id",
                          _ ("Dedicate a locker to one person or to one department, not both."));
  if (contact != NULL && !mr_store_live_exists (m->store, "contact", contact))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "contact_id",
                          _ ("The chosen contact does not exist."));
  if (department != NULL && !mr_store_live_exists (m->store, "department", department))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "department_id",
                          _ ("The chosen department does not exist. Choose another one or create "
                             "it first."));
  if ((contact != NULL || department != NULL) &&
      mr_store_query_int (m->store, "SELECT delivery_only FROM locker WHERE id = ?", id))
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "id",
                          _ ("Locker %s is kept for deliveries only; choose another locker to "
                             "dedicate."),
                          number);

  /* What the door holds must belong to its new owner. */
  stmt = mr_store_prepare (m->store,
                           "SELECT (SELECT count(*) FROM package WHERE locker_id = ?1 AND "
                           "deleted = 0 AND (recipient_id IS NOT ?2 OR ?2 IS NULL) AND "
                           "(department_id IS NOT ?3 OR ?3 IS NULL OR recipient_id IS NOT NULL)) "
                           "+ (SELECT count(*) FROM reservation WHERE locker_id = ?1 AND "
                           "deleted = 0 AND state = 'active' AND (contact_id IS NOT ?2 OR ?2 IS "
                           "NULL) AND (department_id IS NOT ?3 OR ?3 IS NULL))",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, contact);
  mr_store_bind_text_or_null (stmt, 3, department);
  others = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if ((contact != NULL || department != NULL) && others > 0)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "id",
                          _ ("Locker %s holds packages or a reservation for someone else. Empty "
                             "it first."),
                          number);

  stmt = mr_store_prepare (m->store,
                           "UPDATE locker SET dedicated_contact_id = ?, "
                           "dedicated_department_id = ?, updated_at = ?, workstation_id = ? "
                           "WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  mr_store_bind_text_or_null (stmt, 1, contact);
  mr_store_bind_text_or_null (stmt, 2, department);
  sqlite3_bind_int64 (stmt, 3, m->hlc);
  sqlite3_bind_text (stmt, 4, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_TRANSIENT);
  if (contact != NULL)
    data = g_strdup_printf ("{\"contact_id\":\"%s\"}", contact);
  else if (department != NULL)
    data = g_strdup_printf ("{\"department_id\":\"%s\"}", department);
  if (!mr_store_step_done (m->store, stmt, error) || !mr_locker_refresh_status (m, id, error) ||
      !mr_locker_append_event_data (m, id, data ? "dedicated" : "undedicated", m->now_ms, data,
                                    error))
    return FALSE;

  m->entity = "locker";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

const MrMutationDef mr_locker_mutations[] = {
  { "locker_bank.create", locker_bank_create },
  { "locker_bank.set", locker_bank_set },
  { "locker_bank.set_layout", locker_bank_set_layout },
  { "locker_bank.renumber", locker_bank_renumber },
  { "locker.create", locker_create },
  { "locker.set_out_of_service", locker_set_out_of_service },
  { "locker.dedicate", locker_dedicate },
  { "locker.reserve", mr_locker_reserve },
  { "locker.reservation_extend", mr_locker_reservation_extend },
  { "locker.reservation_end", mr_locker_reservation_end },
  { "locker.dropoff", mr_locker_dropoff_mutation },
  { "locker.pickup", mr_locker_pickup_mutation },
  { "locker.code_attempt", mr_locker_code_attempt_mutation },
  { "locker.expire", mr_locker_expire_mutation },
  { "locker.open", mr_locker_open_mutation },
  { "locker.door_state", mr_locker_door_state_mutation },
  { "locker.empty", mr_locker_empty_mutation },
  { "locker.reopen", mr_locker_reopen_mutation },
  { "locker.remove_expired", mr_locker_remove_expired_mutation },
  { NULL, NULL },
};
