/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-locker-private.h"
#include "mr-uuid.h"

/* What every locker mutation shares: a door's cached status derived from
 * what it holds, its history of events, and the ids written back into a
 * mutation's arguments so that a replay makes the same records. */

/* Derives a locker's cached status from what it holds: out of service
 * wins, then expired contents, then any contents, then storage kept past
 * its end, then an active reservation or a dedication. A delivery whose
 * packages have all left the door is over.
 * The status is derived first and written only when it changes: an
 * operation often refreshes a door twice (the package event, then the
 * locker's own step), and rewriting a row that did not change rewrites
 * every index of its status too (three of them, and the free doors'). */
gboolean
mr_locker_refresh_status (MrMutation *m, const char *locker_id, GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *status = NULL;
  gboolean found = FALSE, changed = FALSE, holds = FALSE;

  if (locker_id == NULL)
    return TRUE;
  stmt = mr_store_prepare (
    m->store,
    "SELECT status, CASE"
    " WHEN out_of_service THEN 'out_of_service'"
    " WHEN EXISTS (SELECT 1 FROM package WHERE locker_id = ?1 AND deleted = 0"
    "   AND status = 'expired') THEN 'expired'"
    " WHEN EXISTS (SELECT 1 FROM package WHERE locker_id = ?1 AND deleted = 0) THEN 'occupied'"
    " WHEN EXISTS (SELECT 1 FROM reservation WHERE locker_id = ?1 AND deleted = 0"
    "   AND state = 'active' AND ends_at IS NOT NULL AND ends_at <= ?2"
    "   AND kind IN ('personal_storage', 'department_storage')) THEN 'expired'"
    " WHEN EXISTS (SELECT 1 FROM reservation WHERE locker_id = ?1 AND deleted = 0"
    "   AND state = 'active') THEN 'reserved'"
    " WHEN dedicated_contact_id IS NOT NULL OR dedicated_department_id IS NOT NULL"
    "   THEN 'reserved'"
    " ELSE 'available' END, "
    "EXISTS (SELECT 1 FROM package WHERE locker_id = ?1 AND deleted = 0) "
    "FROM locker WHERE id = ?1",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, m->now_ms);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      status = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      changed = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), status) != 0;
      holds = sqlite3_column_int (stmt, 2) != 0;
    }
  if (sqlite3_reset (stmt) != SQLITE_OK)
    {
      mr_store_set_sql_error (m->store, error);
      return FALSE;
    }

  if (changed)
    {
      stmt = mr_store_prepare (m->store, "UPDATE locker SET status = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);
      if (!mr_store_step_done (m->store, stmt, error))
        return FALSE;
    }
  if (found && holds)
    return TRUE;

  stmt = mr_store_prepare (m->store,
                           "UPDATE locker_delivery SET picked_up_at = ?2, updated_at = ?3, "
                           "workstation_id = ?4 WHERE locker_id = ?1 AND picked_up_at IS NULL "
                           "AND deleted = 0 AND NOT EXISTS (SELECT 1 FROM package WHERE "
                           "locker_id = ?1 AND deleted = 0)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, m->now_ms);
  sqlite3_bind_int64 (stmt, 3, m->hlc);
  sqlite3_bind_text (stmt, 4, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  return mr_store_step_done (m->store, stmt, error);
}

/* Appends to a locker's history. Events are never updated or deleted. */
gboolean
mr_locker_append_event_data (MrMutation *m,
                             const char *locker_id,
                             const char *kind,
                             gint64 at,
                             const char *data,
                             GError **error)
{
  g_autofree char *id = mr_uuid_v7_new ();
  sqlite3_stmt *stmt;

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO locker_event (id, locker_id, kind, at, user_id, "
                           "workstation_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, locker_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, at);
  mr_store_bind_text_or_null (stmt, 5, mr_store_get_user_id (m->store));
  sqlite3_bind_text (stmt, 6, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  mr_store_bind_text_or_null (stmt, 7, data);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  mr_store_emit_changed (m->store, "locker", locker_id);
  return TRUE;
}

gboolean
mr_locker_append_event (MrMutation *m,
                        const char *locker_id,
                        const char *kind,
                        gint64 at,
                        const char *package_id,
                        GError **error)
{
  g_autofree char *data = NULL;

  if (package_id != NULL)
    data = g_strdup_printf ("{\"package_id\":\"%s\"}", package_id);
  return mr_locker_append_event_data (m, locker_id, kind, at, data, error);
}

gboolean
mr_locker_is_in_use (MrStore *store, const char *locker_id)
{
  return mr_store_query_int (store,
                             "SELECT EXISTS (SELECT 1 FROM package WHERE locker_id = ?1 AND "
                             "deleted = 0) OR EXISTS (SELECT 1 FROM reservation WHERE "
                             "locker_id = ?1 AND deleted = 0 AND state = 'active') OR EXISTS "
                             "(SELECT 1 FROM locker_delivery WHERE locker_id = ?1 AND "
                             "picked_up_at IS NULL AND deleted = 0)",
                             locker_id) != 0;
}

char *
mr_locker_get_number (MrStore *store, const char *locker_id)
{
  char *number = mr_store_query_text (store, "SELECT number FROM locker WHERE id = ?", locker_id);

  return number ? number : g_strdup ("?");
}

/* Ids written back for replay */

void
mr_locker_ids_init (MrLockerIds *ids, MrMutation *m, const char *key)
{
  g_autoptr (GVariant) given = g_variant_dict_lookup_value (m->args, key, G_VARIANT_TYPE ("as"));

  ids->m = m;
  ids->key = key;
  ids->ids = g_ptr_array_new_with_free_func (g_free);
  ids->next = 0;
  ids->given = given != NULL;
  if (given != NULL)
    {
      g_autofree const char **strv = g_variant_get_strv (given, NULL);

      for (guint i = 0; strv[i]; i++)
        g_ptr_array_add (ids->ids, g_strdup (strv[i]));
    }
}

const char *
mr_locker_ids_next (MrLockerIds *ids, GError **error)
{
  const char *id;

  if (!ids->given)
    {
      g_ptr_array_add (ids->ids, mr_uuid_v7_new ());
      return g_ptr_array_index (ids->ids, ids->ids->len - 1);
    }
  if (ids->next >= ids->ids->len)
    {
      mr_store_fail (error, MR_STORE_ERROR_INVALID, ids->key,
                     _ ("The list of ids is shorter than the records it names."));
      return NULL;
    }
  id = g_ptr_array_index (ids->ids, ids->next++);
  if (!mr_uuid_is_valid (id))
    {
      mr_store_fail (error, MR_STORE_ERROR_INVALID, ids->key, _ ("“%s” is not a valid record id."),
                     id);
      return NULL;
    }
  return id;
}

void
mr_locker_ids_finish (MrLockerIds *ids)
{
  if (ids->ids == NULL)
    return;
  if (!ids->given && ids->ids->len > 0)
    mr_args_set_value (ids->m, ids->key,
                       g_variant_new_strv ((const char *const *) ids->ids->pdata, ids->ids->len));
  mr_locker_ids_clear (ids);
}

void
mr_locker_ids_clear (MrLockerIds *ids)
{
  g_clear_pointer (&ids->ids, g_ptr_array_unref);
}
