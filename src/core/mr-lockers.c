/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-store-private.h"
#include "mr-text.h"
#include "mr-uuid.h"

/* Named mutations of the smart lockers: banks, their lockers, and taking a
 * locker out of service. A locker's status column is a cache derived from
 * what it holds (see mr_locker_refresh_status()); it is never set directly
 * and never bumps updated_at, because sync only carries real fields. */

/* Physical limits of a locker door, in cm from the floor. Generous: a
 * tall parcel wall is about 2 m, a door is at least a few cm. */
#define MAX_CM 250

static const char *const locker_sizes[] = { "XS", "S", "M", "L", "XL", "custom", NULL };

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

static gboolean
locker_bank_create (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_take_or_new_id (m);
  g_autofree char *name = mr_args_dup_string (m, "name");
  g_autofree char *place = mr_args_dup_string (m, "place_id");
  g_autofree char *controller = mr_args_dup_string (m, "controller_address");
  g_autofree char *pickup_mode = mr_args_dup_string (m, "pickup_mode");
  gint64 expiry = mr_args_get_int (m, "expiry_hours", 72);
  gint64 reopen = mr_args_get_int (m, "reopen_seconds", 60);
  gboolean add_to_existing = mr_args_get_bool (m, "allow_add_to_existing", TRUE);
  static const char *const pickup_modes[] = { "all", "one", NULL };
  sqlite3_stmt *stmt;

  if (!mr_store_check_new_id (m->store, "locker_bank", id, error) ||
      !bank_check_name (m, id, name, error))
    return FALSE;
  if (place != NULL && !mr_store_live_exists (m->store, "place", place))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "place_id",
                          _ ("The chosen place does not exist. Choose another one or create it "
                             "first."));
  /* Up to a year: beyond that a locker is storage, not delivery. */
  if (expiry < 1 || expiry > 24 * 366)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "expiry_hours",
                          _ ("The expiry time must be between 1 hour and 366 days."));
  if (reopen < 0 || reopen > 3600)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "reopen_seconds",
                          _ ("The reopen time must be between 0 and 3,600 seconds."));
  if (pickup_mode != NULL && !g_strv_contains (pickup_modes, pickup_mode))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "pickup_mode",
                          _ ("The pickup mode must be “all” (every door at once) or “one” (one "
                             "door at a time)."));

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO locker_bank (id, name, place_id, controller_address, "
                           "expiry_hours, reopen_seconds, pickup_mode, allow_add_to_existing, "
                           "created_at, updated_at, workstation_id) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 3, place);
  mr_store_bind_text_or_null (stmt, 4, controller);
  sqlite3_bind_int64 (stmt, 5, expiry);
  sqlite3_bind_int64 (stmt, 6, reopen);
  sqlite3_bind_text (stmt, 7, pickup_mode ? pickup_mode : "all", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, add_to_existing);
  sqlite3_bind_int64 (stmt, 9, m->now_ms);
  sqlite3_bind_int64 (stmt, 10, m->hlc);
  sqlite3_bind_text (stmt, 11, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  m->entity = "locker_bank";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* Lockers */

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
  gboolean delivery_only = mr_args_get_bool (m, "delivery_only", FALSE);
  static const char *const loadings[] = { "front", "rear", NULL };
  gint64 col, row, height, bottom;
  sqlite3_stmt *stmt;

  if (!mr_store_check_new_id (m->store, "locker", id, error))
    return FALSE;
  if (bank == NULL || !mr_store_live_exists (m->store, "locker_bank", bank))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "bank_id",
                          _ ("The chosen locker bank does not exist."));
  if (number == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "number", _ ("Enter a locker number."));
  if ((size == NULL || !g_strv_contains (locker_sizes, size)))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "size",
                          _ ("The locker size must be XS, S, M, L, XL or custom."));
  if (loading != NULL && !g_strv_contains (loadings, loading))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "loading",
                          _ ("A locker is loaded from the “front” or from the “rear”."));
  if (!require_int (m, "col", _ ("Column"), 0, 999, &col, error) ||
      !require_int (m, "row", _ ("Row"), 0, 999, &row, error) ||
      !require_int (m, "height_cm", _ ("Door height (cm)"), 1, MAX_CM, &height, error) ||
      !require_int (m, "bottom_cm", _ ("Height from the floor (cm)"), 0, MAX_CM - 1, &bottom,
                    error))
    return FALSE;
  if (bottom + height > MAX_CM)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "height_cm",
                          _ ("The top of the door would be %d cm from the floor; the limit is %d "
                             "cm."),
                          (int) (bottom + height), MAX_CM);
  if (!locker_check_layout (m, bank, number, col, row, bottom, height, error))
    return FALSE;

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO locker (id, bank_id, number, col, row, size, height_cm, "
                           "bottom_cm, loading, delivery_only, status, created_at, updated_at, "
                           "workstation_id) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'available', ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, bank, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, col);
  sqlite3_bind_int64 (stmt, 5, row);
  sqlite3_bind_text (stmt, 6, size, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, height);
  sqlite3_bind_int64 (stmt, 8, bottom);
  sqlite3_bind_text (stmt, 9, loading ? loading : "front", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 10, delivery_only);
  sqlite3_bind_int64 (stmt, 11, m->now_ms);
  sqlite3_bind_int64 (stmt, 12, m->hlc);
  sqlite3_bind_text (stmt, 13, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  if (!mr_store_step_done (m->store, stmt, error))
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

/* Derives a locker's cached status from what it holds: out of service
 * wins, then expired contents, then any contents, then an active
 * reservation. */
gboolean
mr_locker_refresh_status (MrMutation *m, const char *locker_id, GError **error)
{
  sqlite3_stmt *stmt;

  if (locker_id == NULL)
    return TRUE;
  stmt = mr_store_prepare (
    m->store,
    "UPDATE locker SET status = CASE"
    " WHEN out_of_service THEN 'out_of_service'"
    " WHEN EXISTS (SELECT 1 FROM package WHERE locker_id = ?1 AND deleted = 0"
    "   AND status = 'expired') THEN 'expired'"
    " WHEN EXISTS (SELECT 1 FROM package WHERE locker_id = ?1 AND deleted = 0) THEN 'occupied'"
    " WHEN EXISTS (SELECT 1 FROM reservation WHERE locker_id = ?1 AND deleted = 0"
    "   AND state = 'active') THEN 'reserved'"
    " ELSE 'available' END "
    "WHERE id = ?1",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (m->store, stmt, error);
}

/* Appends to a locker's history. Events are never updated or deleted. */
gboolean
mr_locker_append_event (MrMutation *m,
                        const char *locker_id,
                        const char *kind,
                        gint64 at,
                        const char *package_id,
                        GError **error)
{
  g_autofree char *id = mr_uuid_v7_new ();
  g_autofree char *data = NULL;
  sqlite3_stmt *stmt;

  if (package_id != NULL)
    data = g_strdup_printf ("{\"package_id\":\"%s\"}", package_id);
  stmt = mr_store_prepare (m->store,
                           "INSERT INTO locker_event (id, locker_id, kind, at, user_id, "
                           "workstation_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, locker_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, at);
  mr_store_bind_text_or_null (stmt, 5, mr_store_get_user_id (m->store));
  sqlite3_bind_text (stmt, 6, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  mr_store_bind_text_or_null (stmt, 7, data);
  return mr_store_step_done (m->store, stmt, error);
}

const MrMutationDef mr_locker_mutations[] = {
  { "locker_bank.create", locker_bank_create },
  { "locker.create", locker_create },
  { "locker.set_out_of_service", locker_set_out_of_service },
  { NULL, NULL },
};
