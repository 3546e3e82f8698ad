/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-locker-private.h"

/* What an operator (or a recipient at the kiosk) does to a door itself:
 * open it remotely, empty it, reopen it after a pickup, take out what has
 * expired; and what a door's controller reported. Each is a mutation, so
 * each is journalled and each leaves an event in the door's history with
 * who, when and which door. Opening the door is the controller's part
 * (mr-locker-controller.c); these record it and keep the rules. */

#define MAX_REASON_CHARS 500
#define MAX_DETAIL_CHARS 1000

static const char *const door_states[] = {
  "open", "closed", "left_open", "jammed", "unreachable", "failed", NULL,
};

/* Event data, as JSON */

static JsonBuilder *
data_begin (void)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  return b;
}

static void
data_string (JsonBuilder *b, const char *key, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value);
}

static void
data_int (JsonBuilder *b, const char *key, gint64 value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

static char *
data_end (JsonBuilder *b)
{
  g_autoptr (JsonNode) root = NULL;

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Arguments */

static gboolean
door_arg (MrMutation *m, char **id, char **number, GError **error)
{
  *id = mr_args_dup_string (m, "id");
  if (*id == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "id", _ ("Choose a locker."));
  if (!mr_store_live_exists (m->store, "locker", *id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This locker does not exist (any more)."));
  if (number != NULL)
    *number = mr_locker_get_number (m->store, *id);
  return TRUE;
}

/* An optional text of at most @max characters, blank as absent. */
static gboolean
text_arg (MrMutation *m, const char *key, guint max, char **out, GError **error)
{
  *out = mr_args_dup_string (m, key);
  if (*out != NULL)
    {
      g_strstrip (*out);
      if (**out == '\0')
        g_clear_pointer (out, g_free);
    }
  if (*out != NULL && g_utf8_strlen (*out, -1) > max)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, key,
                          _ ("This text is too long: keep it to %u characters at most."), max);
  return TRUE;
}

static gboolean
place_arg (MrMutation *m, char **place_id, GError **error)
{
  *place_id = mr_args_dup_string (m, "place_id");
  if (*place_id != NULL && !mr_store_live_exists (m->store, "place", *place_id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "place_id",
                          _ ("The chosen place does not exist. Choose another one or create it "
                             "first."));
  return TRUE;
}

/* locker.open */

gboolean
mr_locker_open_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *data = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  gint64 at;

  if (!door_arg (m, &id, NULL, error) ||
      !text_arg (m, "reason", MAX_REASON_CHARS, &reason, error) ||
      !mr_locker_op_time (m, &at, error))
    return FALSE;
  b = data_begin ();
  data_string (b, "reason", reason);
  data = data_end (b);
  if (!mr_locker_append_event_data (m, id, "remote_open", at, data, error))
    return FALSE;
  m->entity = "locker";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
mr_locker_open_remote (MrStore *store, const char *locker_id, const char *reason, GError **error)
{
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  if (locker_id != NULL)
    g_variant_dict_insert (&args, "id", "s", locker_id);
  if (reason != NULL)
    g_variant_dict_insert (&args, "reason", "s", reason);
  return mr_store_apply (store, "locker.open", g_variant_dict_end (&args), NULL, error);
}

/* locker.door_state */

gboolean
mr_locker_door_state_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *state = mr_args_dup_string (m, "state");
  g_autofree char *reason = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *data = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  gint64 at;

  if (!door_arg (m, &id, NULL, error))
    return FALSE;
  if (state == NULL || !g_strv_contains (door_states, state))
    return mr_store_fail (error, state ? MR_STORE_ERROR_INVALID : MR_STORE_ERROR_REQUIRED, "state",
                          _ ("A door is “open”, “closed”, “left_open”, “jammed”, “unreachable” or "
                             "“failed”."));
  if (!text_arg (m, "reason", MAX_REASON_CHARS, &reason, error) ||
      !text_arg (m, "detail", MAX_DETAIL_CHARS, &detail, error) ||
      !mr_locker_op_time (m, &at, error))
    return FALSE;
  b = data_begin ();
  data_string (b, "reason", reason);
  data_string (b, "detail", detail);
  data = data_end (b);
  kind = g_strconcat ("door_", state, NULL);
  if (!mr_locker_append_event_data (m, id, kind, at, data, error))
    return FALSE;
  m->entity = "locker";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* Taking packages out: locker.empty and locker.remove_expired */

static GPtrArray *
query_strings (MrStore *store, const char *sql, const char *arg)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mr_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return out;
  mr_store_bind_text_or_null (stmt, 1, arg);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return out;
}

/* Ends a reservation; its door (which may be another one) shows it. */
static gboolean
end_reservation (MrMutation *m, const char *reservation_id, gint64 at, GError **error)
{
  g_autofree char *locker_id = mr_store_query_text (
    m->store, "SELECT locker_id FROM reservation WHERE id = ?", reservation_id);
  g_autoptr (JsonBuilder) b = NULL;
  g_autofree char *data = NULL;
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "UPDATE reservation SET state = 'ended', ends_at = min "
                                         "(coalesce (ends_at, ?1), ?1), updated_at = ?2, "
                                         "workstation_id = ?3 WHERE id = ?4",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, reservation_id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  b = data_begin ();
  data_string (b, "reservation_id", reservation_id);
  data = data_end (b);
  return mr_locker_refresh_status (m, locker_id, error) &&
         (locker_id == NULL ||
          mr_locker_append_event_data (m, locker_id, "reservation_ended", at, data, error));
}

/* One package out of its door @locker_id: "removed", or "moved" to
 * @place_id. A reservation made for it ends: in this door (it is not
 * coming back to it), and anywhere once it has left the mailroom
 * ("removed"); moved to a place, it may still go to a door reserved for
 * it elsewhere. Adds the ended reservations to @ended. */
static gboolean
take_out (MrMutation *m,
          const char *package_id,
          const char *locker_id,
          const char *place_id,
          MrLockerIds *events,
          gint64 at,
          GPtrArray *ended,
          GError **error)
{
  const char *event_id = mr_locker_ids_next (events, error);
  g_autoptr (GPtrArray) reservations = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (event_id == NULL ||
      !mr_locker_run_package_event (m, package_id, place_id ? "moved" : "removed", NULL, place_id,
                                    NULL, event_id, at, error))
    return FALSE;
  stmt = mr_store_prepare (m->store,
                           "SELECT id FROM reservation WHERE package_id = ?1 AND kind = "
                           "'package' AND state = 'active' AND deleted = 0 AND (?2 IS NULL OR "
                           "locker_id = ?3) ORDER BY id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, package_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, place_id);
  sqlite3_bind_text (stmt, 3, locker_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (reservations, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  for (guint i = 0; i < reservations->len; i++)
    {
      if (!end_reservation (m, g_ptr_array_index (reservations, i), at, error))
        return FALSE;
      g_ptr_array_add (ended, g_strdup (g_ptr_array_index (reservations, i)));
    }
  return TRUE;
}

static void
data_strings (JsonBuilder *b, const char *key, GPtrArray *values)
{
  if (values->len == 0)
    return;
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; i < values->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (values, i));
  json_builder_end_array (b);
}

gboolean
mr_locker_empty_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *place_id = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GPtrArray) packages = NULL;
  g_autoptr (GPtrArray) storage = NULL;
  g_autoptr (GPtrArray) ended = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonBuilder) b = NULL;
  g_auto (MrLockerIds) events = { 0 };
  gint64 at;

  if (!door_arg (m, &id, &number, error) || !place_arg (m, &place_id, error) ||
      !mr_locker_op_time (m, &at, error))
    return FALSE;

  packages = query_strings (m->store,
                            "SELECT id FROM package WHERE locker_id = ? AND deleted = 0 "
                            "ORDER BY received_at, id",
                            id);
  /* Belongings kept in storage are not packages, but they are what the
   * door holds: emptying it ends the storage. */
  storage = query_strings (m->store,
                           "SELECT id FROM reservation WHERE locker_id = ? AND state = 'active' "
                           "AND deleted = 0 AND kind IN ('personal_storage', "
                           "'department_storage') ORDER BY id",
                           id);
  if (packages->len == 0 && storage->len == 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id",
                          _ ("Locker %s is already empty: there is nothing to take out."), number);

  mr_locker_ids_init (&events, m, "event_ids");
  for (guint i = 0; i < packages->len; i++)
    if (!take_out (m, g_ptr_array_index (packages, i), id, place_id, &events, at, ended, error))
      return FALSE;
  mr_locker_ids_finish (&events);
  for (guint i = 0; i < storage->len; i++)
    {
      if (!end_reservation (m, g_ptr_array_index (storage, i), at, error))
        return FALSE;
      g_ptr_array_add (ended, g_strdup (g_ptr_array_index (storage, i)));
    }

  b = data_begin ();
  data_int (b, "packages", packages->len);
  data_string (b, "place_id", place_id);
  data_strings (b, "reservation_ids", ended);
  data = data_end (b);
  if (!mr_locker_refresh_status (m, id, error) ||
      !mr_locker_append_event_data (m, id, "emptied", at, data, error))
    return FALSE;

  mr_args_set_value (m, "n_packages", g_variant_new_int64 (packages->len));
  m->entity = "locker";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
mr_locker_empty (
  MrStore *store, const char *locker_id, const char *place_id, guint *n_removed, GError **error)
{
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);
  gint64 n;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  if (n_removed != NULL)
    *n_removed = 0;
  /* Counted and emptied in one transaction: what is counted is what
   * leaves. */
  if (!mr_store_begin_batch (store, error))
    return FALSE;
  n = mr_store_query_int (store, "SELECT count(*) FROM package WHERE locker_id = ? AND deleted = 0",
                          locker_id);
  if (locker_id != NULL)
    g_variant_dict_insert (&args, "id", "s", locker_id);
  if (place_id != NULL)
    g_variant_dict_insert (&args, "place_id", "s", place_id);
  if (!mr_store_apply (store, "locker.empty", g_variant_dict_end (&args), NULL, error))
    {
      mr_store_end_batch (store, FALSE, NULL);
      return FALSE;
    }
  if (!mr_store_end_batch (store, TRUE, error))
    return FALSE;
  if (n_removed != NULL)
    *n_removed = (guint) MAX (n, 0);
  return TRUE;
}

#define EXPIRED_PACKAGES_SQL                                                                   \
  "SELECT p.id, p.locker_id FROM package p JOIN locker l ON l.id = p.locker_id JOIN "          \
  "locker_bank b ON b.id = l.bank_id WHERE p.deleted = 0 AND p.status = 'expired' AND "        \
  "l.deleted = 0 AND b.deleted = 0 AND (?1 IS NULL OR l.bank_id = ?1) ORDER BY b.name, b.id, " \
  "length (l.number), l.number, p.received_at, p.id"

gboolean
mr_locker_remove_expired_mutation (MrMutation *m, GError **error)
{
  g_autofree char *bank_id = mr_args_dup_string (m, "bank_id");
  g_autofree char *place_id = NULL;
  g_autoptr (GVariant) given =
    g_variant_dict_lookup_value (m->args, "package_ids", G_VARIANT_TYPE ("as"));
  g_autoptr (GPtrArray) packages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) lockers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ended = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) per_door = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) doors = g_ptr_array_new (); /* in order, borrowed from @lockers */
  g_auto (MrLockerIds) events = { 0 };
  sqlite3_stmt *stmt;
  gint64 at;

  if (bank_id != NULL && !mr_store_live_exists (m->store, "locker_bank", bank_id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "bank_id",
                          _ ("The chosen locker bank does not exist."));
  if (!place_arg (m, &place_id, error) || !mr_locker_op_time (m, &at, error))
    return FALSE;

  if (given != NULL)
    {
      g_autofree const char **ids = g_variant_get_strv (given, NULL);

      /* The list the operator was shown: each must still be expired in a
       * door (of the bank), or what they took out is not what is recorded. */
      stmt = mr_store_prepare (m->store,
                               "SELECT p.locker_id FROM package p JOIN locker l ON l.id = "
                               "p.locker_id WHERE p.id = ?1 AND p.deleted = 0 AND p.status = "
                               "'expired' AND l.deleted = 0 AND (?2 IS NULL OR l.bank_id = ?2)",
                               error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; ids[i]; i++)
        {
          char *locker = NULL;

          if (g_strv_contains (ids + i + 1, ids[i]))
            continue;

          sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_TRANSIENT);
          mr_store_bind_text_or_null (stmt, 2, bank_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            locker = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          sqlite3_reset (stmt);
          if (locker == NULL)
            return mr_store_fail (error, MR_STORE_ERROR_INVALID, "package_ids",
                                  _ ("A package of the list is no longer expired in a locker. "
                                     "List the expired packages again."));
          g_ptr_array_add (packages, g_strdup (ids[i]));
          g_ptr_array_add (lockers, locker);
        }
    }
  else
    {
      stmt = mr_store_prepare (m->store, EXPIRED_PACKAGES_SQL, error);
      if (stmt == NULL)
        return FALSE;
      mr_store_bind_text_or_null (stmt, 1, bank_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_ptr_array_add (packages, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          g_ptr_array_add (lockers, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
        }
      sqlite3_reset (stmt);
      mr_args_set_value (m, "package_ids",
                         g_variant_new_strv ((const char *const *) packages->pdata, packages->len));
    }

  mr_locker_ids_init (&events, m, "event_ids");
  for (guint i = 0; i < packages->len; i++)
    {
      char *locker = g_ptr_array_index (lockers, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (per_door, locker));

      if (n == 0)
        g_ptr_array_add (doors, locker);
      g_hash_table_insert (per_door, locker, GUINT_TO_POINTER (n + 1));
      if (!take_out (m, g_ptr_array_index (packages, i), locker, place_id, &events, at, ended,
                     error))
        return FALSE;
    }
  mr_locker_ids_finish (&events);

  for (guint i = 0; i < doors->len; i++)
    {
      const char *locker = g_ptr_array_index (doors, i);
      g_autoptr (JsonBuilder) b = data_begin ();
      g_autofree char *data = NULL;

      data_int (b, "packages", GPOINTER_TO_UINT (g_hash_table_lookup (per_door, locker)));
      data_string (b, "place_id", place_id);
      data = data_end (b);
      if (!mr_locker_refresh_status (m, locker, error) ||
          !mr_locker_append_event_data (m, locker, "expired_removed", at, data, error))
        return FALSE;
    }

  mr_args_set_value (m, "n_packages", g_variant_new_int64 (packages->len));
  m->entity = "locker";
  return TRUE;
}

gboolean
mr_locker_remove_expired (
  MrStore *store, const char *bank_id, const char *place_id, guint *n_removed, GError **error)
{
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GPtrArray) packages = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  if (n_removed != NULL)
    *n_removed = 0;
  if (!mr_store_begin_batch (store, error))
    return FALSE;
  stmt = mr_store_prepare (store, EXPIRED_PACKAGES_SQL, error);
  if (stmt == NULL)
    goto fail;
  mr_store_bind_text_or_null (stmt, 1, bank_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (packages, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  /* Nothing expired: nothing to journal (but a bank that does not exist
   * is still an error). */
  if (packages->len == 0 &&
      (bank_id == NULL || mr_store_live_exists (store, "locker_bank", bank_id)))
    return mr_store_end_batch (store, TRUE, error);

  if (bank_id != NULL)
    g_variant_dict_insert (&args, "bank_id", "s", bank_id);
  if (place_id != NULL)
    g_variant_dict_insert (&args, "place_id", "s", place_id);
  g_variant_dict_insert_value (
    &args, "package_ids",
    g_variant_new_strv ((const char *const *) packages->pdata, packages->len));
  if (!mr_store_apply (store, "locker.remove_expired", g_variant_dict_end (&args), NULL, error))
    goto fail;
  if (!mr_store_end_batch (store, TRUE, error))
    return FALSE;
  if (n_removed != NULL)
    *n_removed = packages->len;
  return TRUE;

fail:
  mr_store_end_batch (store, FALSE, NULL);
  return FALSE;
}

void
mr_locker_expired_door_free (MrLockerExpiredDoor *door)
{
  if (door == NULL)
    return;
  g_free (door->locker_id);
  g_free (door->number);
  g_free (door->bank_id);
  g_free (door->bank_name);
  g_clear_pointer (&door->packages, g_ptr_array_unref);
  g_free (door);
}

static void
expired_package_free (gpointer data)
{
  MrLockerExpiredPackage *p = data;

  g_free (p->id);
  g_free (p->tracking_number);
  g_free (p->internal_id);
  g_free (p->recipient);
  g_free (p);
}

static char *
column_dup (sqlite3_stmt *stmt, int i)
{
  if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

GPtrArray *
mr_store_list_expired_doors (MrStore *store, const char *bank_id)
{
  GPtrArray *doors = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_locker_expired_door_free);
  MrLockerExpiredDoor *door = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), doors);

  stmt = mr_store_prepare (
    store,
    "SELECT l.id, l.number, b.id, b.name, p.id, p.tracking_number, p.internal_id, coalesce "
    "(nullif (trim (c.first_name || ' ' || c.last_name), ''), d.name), coalesce ((SELECT max "
    "(e.at) FROM package_event e WHERE e.package_id = p.id AND e.kind = 'expired'), 0) FROM "
    "package p JOIN locker l ON l.id = p.locker_id JOIN locker_bank b ON b.id = l.bank_id LEFT "
    "JOIN contact c ON c.id = p.recipient_id LEFT JOIN department d ON d.id = p.department_id "
    "WHERE p.deleted = 0 AND p.status = 'expired' AND l.deleted = 0 AND b.deleted = 0 AND (?1 IS "
    "NULL OR b.id = ?1) ORDER BY b.name COLLATE NOCASE, b.id, length (l.number), l.number, "
    "p.received_at, p.id",
    NULL);
  if (stmt == NULL)
    return doors;
  mr_store_bind_text_or_null (stmt, 1, bank_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *locker_id = (const char *) sqlite3_column_text (stmt, 0);
      MrLockerExpiredPackage *p = g_new0 (MrLockerExpiredPackage, 1);

      if (door == NULL || strcmp (door->locker_id, locker_id) != 0)
        {
          door = g_new0 (MrLockerExpiredDoor, 1);
          door->locker_id = g_strdup (locker_id);
          door->number = column_dup (stmt, 1);
          door->bank_id = column_dup (stmt, 2);
          door->bank_name = column_dup (stmt, 3);
          door->packages = g_ptr_array_new_with_free_func (expired_package_free);
          g_ptr_array_add (doors, door);
        }
      p->id = column_dup (stmt, 4);
      p->tracking_number = column_dup (stmt, 5);
      p->internal_id = column_dup (stmt, 6);
      p->recipient = column_dup (stmt, 7);
      p->expired_ms = sqlite3_column_int64 (stmt, 8);
      if (p->expired_ms > 0 && (door->expired_ms == 0 || p->expired_ms < door->expired_ms))
        door->expired_ms = p->expired_ms;
      g_ptr_array_add (door->packages, p);
    }
  sqlite3_reset (stmt);
  return doors;
}

/* Reopening after a pickup */

typedef struct
{
  char *number;
  char *bank_id;
  char *bank_name;
  char *delivery_id; /* of the last pickup, or NULL */
  gint64 pickup_at;  /* 0: never picked up */
  gint64 window_start;
  int reopen_seconds;
  gboolean out_of_service;
  gboolean used_since; /* holds packages or took a delivery after the pickup */
} ReopenInfo;

static void
reopen_info_clear (ReopenInfo *r)
{
  g_free (r->number);
  g_free (r->bank_id);
  g_free (r->bank_name);
  g_free (r->delivery_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReopenInfo, reopen_info_clear)

/* The last pickup from a door and its reopen window. The window starts at
 * the pickup, or at the door's first close after it when a controller
 * reported one (the recipient notices what they forgot once the door has
 * shut). Later closes (after a reopening) do not start it again. */
static gboolean
reopen_info_load (MrStore *store, const char *locker_id, ReopenInfo *r)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (locker_id == NULL)
    return FALSE;
  stmt = mr_store_prepare (
    store,
    "SELECT l.number, b.id, b.name, b.reopen_seconds, l.out_of_service, e.at, json_extract "
    "(e.data, '$.delivery_id'), (SELECT min (c.at) FROM locker_event c WHERE c.locker_id = l.id "
    "AND c.kind = 'door_closed' AND c.at >= e.at), EXISTS (SELECT 1 FROM package p WHERE "
    "p.locker_id = l.id AND p.deleted = 0) OR EXISTS (SELECT 1 FROM locker_event d WHERE "
    "d.locker_id = l.id AND d.kind = 'dropoff' AND d.at >= e.at) FROM locker l JOIN locker_bank b "
    "ON b.id = l.bank_id LEFT JOIN locker_event e ON e.id = (SELECT x.id FROM locker_event x "
    "WHERE x.locker_id = l.id AND x.kind = 'opened' ORDER BY x.at DESC, x.id DESC LIMIT 1) "
    "WHERE l.id = ? AND l.deleted = 0",
    NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      r->number = column_dup (stmt, 0);
      r->bank_id = column_dup (stmt, 1);
      r->bank_name = column_dup (stmt, 2);
      r->reopen_seconds = sqlite3_column_int (stmt, 3);
      r->out_of_service = sqlite3_column_int (stmt, 4);
      r->pickup_at = sqlite3_column_int64 (stmt, 5);
      r->delivery_id = column_dup (stmt, 6);
      r->window_start = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                          ? r->pickup_at
                          : sqlite3_column_int64 (stmt, 7);
      r->used_since = r->pickup_at > 0 && sqlite3_column_int (stmt, 8);
    }
  sqlite3_reset (stmt);
  return found;
}

static gint64
reopen_deadline (const ReopenInfo *r)
{
  if (r->pickup_at == 0 || r->reopen_seconds <= 0)
    return 0;
  return r->window_start + (gint64) r->reopen_seconds * 1000;
}

/* Whether the door may be reopened at @at: @operator words what to do
 * for the mailroom, else for the recipient. */
static gboolean
reopen_check (const ReopenInfo *r, gint64 at, gboolean operator, GError ** error)
{
  if (r->pickup_at == 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID,
                          "id",
                          operator? _ ("Locker %s has not been opened for a pickup: there is "
                                       "nothing to reopen. Open the door remotely instead.")
                                  : _ ("Locker %s has not been opened for a pickup: there is "
                                       "nothing to reopen. Ask the mailroom for help."),
                          r->number);
  if (r->reopen_seconds <= 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID,
                          "id",
                          operator? _ ("Locker bank “%s” does not allow reopening a door after a "
                                       "pickup. Open the door remotely instead.")
                                  : _ ("Locker bank “%s” does not allow reopening a door after a "
                                       "pickup. Ask the mailroom for help."),
                          r->bank_name);
  if (r->out_of_service)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "id",
                          _ ("Locker %s is out of service. Ask the mailroom for help."), r->number);
  if (r->used_since)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "id",
                          _ ("Locker %s has been used again since the pickup, so it cannot be "
                             "reopened. Ask the mailroom for help."),
                          r->number);
  if (at < r->pickup_at)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "at",
                          _ ("A door cannot be reopened before its pickup."));
  if (at > reopen_deadline (r) && operator)
    return mr_store_fail (
      error, MR_STORE_ERROR_INVALID, "id",
      g_dngettext (GETTEXT_PACKAGE,
                   "The time to reopen locker %s has passed: a door can be reopened up to %d "
                   "second after its pickup. Open the door remotely instead.",
                   "The time to reopen locker %s has passed: a door can be reopened up to %d "
                   "seconds after its pickup. Open the door remotely instead.",
                   (gulong) r->reopen_seconds),
      r->number, r->reopen_seconds);
  if (at > reopen_deadline (r))
    return mr_store_fail (
      error, MR_STORE_ERROR_INVALID, "id",
      g_dngettext (GETTEXT_PACKAGE,
                   "The time to reopen locker %s has passed: a door can be reopened up to %d "
                   "second after its pickup. Ask the mailroom to open it for you.",
                   "The time to reopen locker %s has passed: a door can be reopened up to %d "
                   "seconds after its pickup. Ask the mailroom to open it for you.",
                   (gulong) r->reopen_seconds),
      r->number, r->reopen_seconds);
  return TRUE;
}

gboolean
mr_locker_reopen_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *delivery_id = mr_args_dup_string (m, "delivery_id");
  g_autofree char *via = mr_args_dup_string (m, "via");
  g_autofree char *data = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_auto (ReopenInfo) r = { 0 };
  gint64 at;

  if (!door_arg (m, &id, NULL, error))
    return FALSE;
  if (via != NULL && strcmp (via, "code") != 0 && strcmp (via, "operator") != 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "via",
                          _ ("A door is reopened with a “code” or by an “operator”."));
  if (!mr_locker_op_time (m, &at, error) || !reopen_info_load (m->store, id, &r))
    return FALSE;
  if (!reopen_check (&r, at, g_strcmp0 (via, "code") != 0, error))
    return FALSE;
  /* The code that was checked opened this pickup, not an earlier one. */
  if (delivery_id != NULL && g_strcmp0 (delivery_id, r.delivery_id) != 0)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "id",
                          _ ("Locker %s has been used again since the pickup, so it cannot be "
                             "reopened. Ask the mailroom for help."),
                          r.number);
  if (delivery_id == NULL && r.delivery_id != NULL)
    mr_args_set_value (m, "delivery_id", g_variant_new_string (r.delivery_id));

  b = data_begin ();
  data_string (b, "delivery_id", r.delivery_id);
  data_string (b, "via", via ? via : "operator");
  data = data_end (b);
  if (!mr_locker_append_event_data (m, id, "reopened", at, data, error))
    return FALSE;
  m->entity = "locker";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

gint64
mr_locker_get_reopen_deadline (MrStore *store, const char *locker_id)
{
  g_auto (ReopenInfo) r = { 0 };
  gint64 deadline;

  g_return_val_if_fail (MR_IS_STORE (store), 0);

  if (!reopen_info_load (store, locker_id, &r) || r.out_of_service || r.used_since)
    return 0;
  deadline = reopen_deadline (&r);
  return deadline >= g_get_real_time () / 1000 ? deadline : 0;
}

/* Whether @code is the pickup code of @delivery_id. */
static gboolean
delivery_code_matches (MrStore *store, const char *delivery_id, const char *code)
{
  g_autofree char *normal = mr_locker_code_normalize (code);
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (normal == NULL || delivery_id == NULL)
    return FALSE;
  stmt =
    mr_store_prepare (store, "SELECT code_salt, code_hash FROM locker_delivery WHERE id = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, delivery_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL &&
      sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    ok = mr_locker_code_verify ((const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1), normal);
  sqlite3_reset (stmt);
  memset (normal, 0, strlen (normal));
  return ok;
}

gboolean
mr_locker_reopen (MrStore *store, const char *locker_id, const char *code, GError **error)
{
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);
  g_auto (ReopenInfo) r = { 0 };
  gint64 until;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  if (!mr_store_begin_batch (store, error))
    return FALSE;
  if (locker_id != NULL)
    g_variant_dict_insert (&args, "id", "s", locker_id);
  g_variant_dict_insert (&args, "via", "s", code ? "code" : "operator");

  /* The code is checked here, outside the mutation: the journal never
   * holds it. A door that may not be reopened anyway is refused for that
   * reason first, so a recipient late for the window is told so rather
   * than charged a wrong attempt. */
  if (code != NULL && reopen_info_load (store, locker_id, &r) &&
      reopen_check (&r, g_get_real_time () / 1000, FALSE, NULL))
    {
      if (mr_locker_is_locked_out (store, r.bank_id, NULL, &until))
        {
          g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (until / 1000);
          g_autoptr (GDateTime) local_time = g_date_time_to_local (utc);
          g_autofree char *when = g_date_time_format (local_time, "%H:%M");

          mr_store_end_batch (store, FALSE, NULL);
          return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "code",
                                _ ("Too many wrong codes: this locker bank refuses codes until "
                                   "%s. Ask the mailroom for help."),
                                when);
        }
      if (!delivery_code_matches (store, r.delivery_id, code))
        {
          g_auto (GVariantDict) attempt = G_VARIANT_DICT_INIT (NULL);

          g_variant_dict_insert (&attempt, "bank_id", "s", r.bank_id);
          g_variant_dict_insert (&attempt, "result", "s", "wrong");
          if (!mr_store_apply (store, "locker.code_attempt", g_variant_dict_end (&attempt), NULL,
                               error))
            {
              mr_store_end_batch (store, FALSE, NULL);
              return FALSE;
            }
          if (!mr_store_end_batch (store, TRUE, error))
            return FALSE;
          return mr_store_fail (error, MR_STORE_ERROR_INVALID, "code",
                                _ ("Wrong code for locker %s. Check it and try again."), r.number);
        }
      g_variant_dict_insert (&args, "delivery_id", "s", r.delivery_id);
    }
  if (!mr_store_apply (store, "locker.reopen", g_variant_dict_end (&args), NULL, error))
    {
      mr_store_end_batch (store, FALSE, NULL);
      return FALSE;
    }
  return mr_store_end_batch (store, TRUE, error);
}

/* History */

void
mr_locker_event_free (MrLockerEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->id);
  g_free (event->locker_id);
  g_free (event->kind);
  g_free (event->user_id);
  g_free (event->workstation_id);
  g_free (event->data);
  g_free (event);
}

GPtrArray *
mr_store_list_locker_events (MrStore *store, const char *locker_id, guint limit)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_locker_event_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), events);

  if (locker_id == NULL)
    return events;
  stmt = mr_store_prepare (store,
                           "SELECT id, locker_id, kind, at, user_id, workstation_id, data FROM "
                           "locker_event WHERE locker_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                           NULL);
  if (stmt == NULL)
    return events;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MrLockerEvent *e = g_new0 (MrLockerEvent, 1);

      e->id = column_dup (stmt, 0);
      e->locker_id = column_dup (stmt, 1);
      e->kind = column_dup (stmt, 2);
      e->at = sqlite3_column_int64 (stmt, 3);
      e->user_id = column_dup (stmt, 4);
      e->workstation_id = column_dup (stmt, 5);
      e->data = column_dup (stmt, 6);
      g_ptr_array_add (events, e);
    }
  sqlite3_reset (stmt);
  return events;
}
