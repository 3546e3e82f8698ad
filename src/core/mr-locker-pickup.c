/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-locker-private.h"
#include "mr-uuid.h"

/* Pickup with a code, the lockout after wrong codes, and expiry. A code
 * is checked outside the mutation (the journal must never hold it); what
 * the check finds (which deliveries to hand over, or a wrong attempt) is
 * what is journalled and replayed. */

/* Pickup codes: attempts and lockout */

/* The failures that count towards a lockout of (bank, contact): within
 * the last MR_LOCKER_CODE_LOCKOUT_MS, after the last good code and after
 * the last lockout ended. */
static gint64
recent_failures (MrStore *store, const char *bank_id, const char *contact_id, gint64 now)
{
  sqlite3_stmt *stmt = mr_store_prepare (
    store,
    "SELECT count(*) FROM locker_code_attempt WHERE bank_id = ?1 AND contact_id IS ?2 AND "
    "result = 'wrong' AND at > ?3 - ?4 AND at >= coalesce ((SELECT max (at) FROM "
    "locker_code_attempt WHERE bank_id = ?1 AND contact_id IS ?2 AND result = 'ok'), 0) AND "
    "at >= coalesce ((SELECT max (locked_until) FROM locker_code_attempt WHERE bank_id = ?1 AND "
    "contact_id IS ?2 AND locked_until <= ?3), 0)",
    NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, bank_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, contact_id);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, MR_LOCKER_CODE_LOCKOUT_MS);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gint64
locked_until (MrStore *store, const char *bank_id, const char *contact_id, gint64 now)
{
  sqlite3_stmt *stmt = mr_store_prepare (
    store,
    "SELECT coalesce (max (locked_until), 0) FROM locker_code_attempt WHERE bank_id = ?1 AND "
    "contact_id IS ?2 AND locked_until > ?3 AND at >= coalesce ((SELECT max (at) FROM "
    "locker_code_attempt WHERE bank_id = ?1 AND contact_id IS ?2 AND result = 'ok'), 0)",
    NULL);
  gint64 until = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, bank_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, contact_id);
  sqlite3_bind_int64 (stmt, 3, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    until = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return until;
}

gboolean
mr_locker_is_locked_out (MrStore *store,
                         const char *bank_id,
                         const char *contact_id,
                         gint64 *until_ms)
{
  gint64 until;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);
  until = locked_until (store, bank_id, contact_id, g_get_real_time () / 1000);
  if (until_ms != NULL)
    *until_ms = until;
  return until > 0;
}

static gboolean
insert_attempt (MrMutation *m,
                const char *bank_id,
                const char *contact_id,
                const char *result,
                gint64 lock_until,
                gint64 at,
                GError **error)
{
  g_autofree char *id = mr_uuid_v7_new ();
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "INSERT INTO locker_code_attempt (id, bank_id, "
                                         "contact_id, result, locked_until, at, user_id, "
                                         "workstation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, bank_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 3, contact_id);
  sqlite3_bind_text (stmt, 4, result, -1, SQLITE_STATIC);
  if (lock_until > 0)
    sqlite3_bind_int64 (stmt, 5, lock_until);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, at);
  mr_store_bind_text_or_null (stmt, 7, mr_store_get_user_id (m->store));
  sqlite3_bind_text (stmt, 8, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  return mr_store_step_done (m->store, stmt, error);
}

static gboolean
attempt_args (MrMutation *m, char **bank_id, char **contact_id, GError **error)
{
  *bank_id = mr_args_dup_string (m, "bank_id");
  *contact_id = mr_args_dup_string (m, "contact_id");
  if (!mr_store_live_exists (m->store, "locker_bank", *bank_id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "bank_id",
                          _ ("The chosen locker bank does not exist."));
  if (*contact_id != NULL && !mr_store_live_exists (m->store, "contact", *contact_id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "contact_id",
                          _ ("The chosen contact does not exist."));
  return TRUE;
}

/* A wrong code (or one refused during a lockout), kept with who and when.
 * The failure that reaches MR_LOCKER_CODE_MAX_FAILURES starts a lockout. */
gboolean
mr_locker_code_attempt_mutation (MrMutation *m, GError **error)
{
  g_autofree char *bank_id = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *result = mr_args_dup_string (m, "result");
  gint64 at, lock = 0;

  if (!attempt_args (m, &bank_id, &contact_id, error))
    return FALSE;
  if (g_strcmp0 (result, "wrong") != 0 && g_strcmp0 (result, "locked") != 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "result",
                          _ ("An attempt is “wrong” or “locked”."));
  if (!mr_locker_op_time (m, &at, error))
    return FALSE;
  if (strcmp (result, "wrong") == 0 &&
      recent_failures (m->store, bank_id, contact_id, at) + 1 >= MR_LOCKER_CODE_MAX_FAILURES)
    lock = at + MR_LOCKER_CODE_LOCKOUT_MS;
  if (!insert_attempt (m, bank_id, contact_id, result, lock, at, error))
    return FALSE;
  m->entity = "locker_bank";
  m->entity_id = g_steal_pointer (&bank_id);
  return TRUE;
}

/* Pickup */

gboolean
mr_locker_pickup_mutation (MrMutation *m, GError **error)
{
  g_autofree char *bank_id = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *collector = mr_args_dup_string (m, "collector_id");
  g_autofree char *via = mr_args_dup_string (m, "via");
  g_autoptr (GVariant) given =
    g_variant_dict_lookup_value (m->args, "delivery_ids", G_VARIANT_TYPE ("as"));
  g_autofree const char **deliveries = NULL;
  g_auto (MrLockerIds) events = { 0 };
  gint64 at;

  if (!attempt_args (m, &bank_id, &contact_id, error))
    return FALSE;
  if (given == NULL || g_variant_n_children (given) == 0)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "delivery_ids",
                          _ ("Name the deliveries to hand over."));
  if (collector != NULL && !mr_store_live_exists (m->store, "contact", collector))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "collector_id",
                          _ ("The chosen contact does not exist."));
  if (via != NULL && strcmp (via, "code") != 0 && strcmp (via, "operator") != 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "via",
                          _ ("A pickup is made with a “code” or by an “operator”."));
  if (!mr_locker_op_time (m, &at, error))
    return FALSE;

  deliveries = g_variant_get_strv (given, NULL);
  mr_locker_ids_init (&events, m, "event_ids");
  for (guint i = 0; deliveries[i]; i++)
    {
      g_autofree char *locker_id = NULL;
      g_autofree char *owner = NULL;
      g_autofree char *data = NULL;
      g_autoptr (GPtrArray) packages = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt = mr_store_prepare (
        m->store,
        "SELECT ld.locker_id, coalesce (ld.contact_id, (SELECT key_contact_id FROM department "
        "WHERE id = ld.department_id)) FROM locker_delivery ld JOIN locker l ON "
        "l.id = ld.locker_id WHERE ld.id = ? AND l.bank_id = ? AND ld.picked_up_at IS NULL "
        "AND ld.deleted = 0",
        error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, deliveries[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, bank_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          locker_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            owner = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
      if (locker_id == NULL)
        return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "delivery_ids",
                              _ ("This delivery is not waiting in this locker bank (any more)."));

      stmt = mr_store_prepare (m->store,
                               "SELECT id FROM package WHERE locker_id = ? AND deleted = 0 "
                               "ORDER BY received_at, id",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (packages, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);

      for (guint k = 0; k < packages->len; k++)
        {
          const char *event_id = mr_locker_ids_next (&events, error);

          if (event_id == NULL || !mr_locker_run_package_event (
                                    m, g_ptr_array_index (packages, k), "picked_up", NULL, NULL,
                                    collector ? collector : owner, event_id, at, error))
            return FALSE;
        }

      stmt = mr_store_prepare (m->store,
                               "UPDATE locker_delivery SET picked_up_at = ?, updated_at = ?, "
                               "workstation_id = ? WHERE id = ?",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, at);
      sqlite3_bind_int64 (stmt, 2, m->hlc);
      sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, deliveries[i], -1, SQLITE_TRANSIENT);
      data = g_strdup_printf ("{\"delivery_id\":\"%s\",\"via\":\"%s\"}", deliveries[i],
                              via ? via : "operator");
      if (!mr_store_step_done (m->store, stmt, error) ||
          !mr_locker_append_event_data (m, locker_id, "opened", at, data, error) ||
          !mr_locker_refresh_status (m, locker_id, error))
        return FALSE;
    }
  mr_locker_ids_finish (&events);

  if (g_strcmp0 (via, "code") == 0 && !insert_attempt (m, bank_id, contact_id, "ok", 0, at, error))
    return FALSE;
  m->entity = "locker_bank";
  m->entity_id = g_steal_pointer (&bank_id);
  return TRUE;
}

void
mr_locker_pickup_free (MrLockerPickup *pickup)
{
  if (pickup == NULL)
    return;
  g_free (pickup->contact_id);
  g_clear_pointer (&pickup->opened, g_ptr_array_unref);
  g_free (pickup);
}

static void
opened_free (gpointer data)
{
  MrLockerOpened *o = data;

  g_free (o->locker_id);
  g_free (o->number);
  g_free (o);
}

static gboolean
record_attempt (
  MrStore *store, const char *bank_id, const char *contact_id, const char *result, GError **error)
{
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&args, "bank_id", "s", bank_id);
  if (contact_id != NULL)
    g_variant_dict_insert (&args, "contact_id", "s", contact_id);
  g_variant_dict_insert (&args, "result", "s", result);
  return mr_store_apply (store, "locker.code_attempt", g_variant_dict_end (&args), NULL, error);
}

typedef struct
{
  char *id;
  char *locker_id;
  char *number;
  char *contact_id;
  char *department_id;
  char *owner; /* contact, or the department's key contact */
  gboolean expired;
  guint n_packages;
} OpenDelivery;

static void
open_delivery_free (gpointer data)
{
  OpenDelivery *d = data;

  g_free (d->id);
  g_free (d->locker_id);
  g_free (d->number);
  g_free (d->contact_id);
  g_free (d->department_id);
  g_free (d->owner);
  g_free (d);
}

/* Doors are opened in number order, naturally (numbers of any length). */
static int
compare_deliveries (gconstpointer a, gconstpointer b)
{
  const OpenDelivery *x = *(OpenDelivery **) a, *y = *(OpenDelivery **) b;
  gsize lx = strlen (x->number), ly = strlen (y->number);

  if (lx != ly)
    return lx < ly ? -1 : 1;
  return strcmp (x->number, y->number);
}

/* The open deliveries of a bank, each with whether its code matches. */
static GPtrArray *
open_deliveries (MrStore *store, const char *bank_id, const char *code, OpenDelivery **matched)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (open_delivery_free);
  sqlite3_stmt *stmt = mr_store_prepare (
    store,
    "SELECT ld.id, ld.locker_id, l.number, ld.contact_id, ld.department_id, coalesce "
    "(ld.contact_id, d.key_contact_id), ld.code_salt, ld.code_hash, EXISTS (SELECT 1 FROM "
    "package p WHERE p.locker_id = l.id AND p.deleted = 0 AND p.status = 'expired'), (SELECT "
    "count(*) FROM package p WHERE p.locker_id = l.id AND p.deleted = 0) FROM locker_delivery ld "
    "JOIN locker l ON l.id = ld.locker_id LEFT JOIN department d ON d.id = ld.department_id "
    "WHERE l.bank_id = ? AND l.deleted = 0 AND ld.picked_up_at IS NULL AND ld.deleted = 0",
    NULL);

  *matched = NULL;
  if (stmt == NULL)
    return all;
  sqlite3_bind_text (stmt, 1, bank_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      OpenDelivery *d = g_new0 (OpenDelivery, 1);
      const char *salt = (const char *) sqlite3_column_text (stmt, 6);
      const char *hash = (const char *) sqlite3_column_text (stmt, 7);

      d->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      d->locker_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      d->number = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      d->contact_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      d->department_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      d->owner = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      d->expired = sqlite3_column_int (stmt, 8);
      d->n_packages = (guint) sqlite3_column_int (stmt, 9);
      /* Every hash is computed, matched or not: the time a code takes to
       * check does not depend on which delivery it belongs to. */
      if (mr_locker_code_verify (salt, hash, code) && *matched == NULL)
        *matched = d;
      g_ptr_array_add (all, d);
    }
  sqlite3_reset (stmt);
  return all;
}

static gboolean
is_key_contact_of (MrStore *store, const char *contact_id, const char *department_id)
{
  sqlite3_stmt *stmt;
  gboolean yes = FALSE;

  if (contact_id == NULL || department_id == NULL)
    return FALSE;
  stmt = mr_store_prepare (store,
                           "SELECT count(*) FROM department WHERE id = ? AND key_contact_id = ? "
                           "AND deleted = 0",
                           NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, department_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, contact_id, -1, SQLITE_TRANSIENT);
  yes = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
  sqlite3_reset (stmt);
  return yes;
}

gboolean
mr_locker_pickup (MrStore *store,
                  const char *bank_id,
                  const char *code,
                  const char *contact_id,
                  MrLockerPickup **out,
                  GError **error)
{
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (MrLockerPickup) result = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) mine = g_ptr_array_new ();
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *normal = NULL;
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);
  OpenDelivery *matched = NULL;
  gint64 now = g_get_real_time () / 1000, until;
  GError *local = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  bank = mr_locker_bank_load (store, bank_id);
  if (bank == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "bank_id",
                          _ ("The chosen locker bank does not exist."));
  if (contact_id != NULL && !mr_store_live_exists (store, "contact", contact_id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "contact_id",
                          _ ("The chosen contact does not exist."));

  if (!mr_store_begin_batch (store, error))
    return FALSE;

  until = locked_until (store, bank->id, contact_id, now);
  if (until > 0)
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (until / 1000);
      g_autoptr (GDateTime) local_time = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local_time, "%H:%M");

      if (!record_attempt (store, bank->id, contact_id, "locked", error) ||
          !mr_store_end_batch (store, TRUE, error))
        return FALSE;
      return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "code",
                            _ ("Too many wrong codes: this locker bank refuses codes until %s. "
                               "Ask the mailroom for help."),
                            when);
    }

  normal = mr_locker_code_normalize (code);
  all = open_deliveries (store, bank->id, normal ? normal : "", &matched);
  if (normal == NULL)
    matched = NULL;
  /* Someone signed in at the kiosk may use their own code, or one of a
   * department they collect for. */
  if (matched != NULL && contact_id != NULL && g_strcmp0 (matched->owner, contact_id) != 0 &&
      !is_key_contact_of (store, contact_id, matched->department_id))
    matched = NULL;

  if (matched == NULL)
    {
      gint64 left;

      if (!record_attempt (store, bank->id, contact_id, "wrong", error) ||
          !mr_store_end_batch (store, TRUE, error))
        return FALSE;
      left = MR_LOCKER_CODE_MAX_FAILURES - recent_failures (store, bank->id, contact_id, now);
      if (left <= 0)
        return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "code",
                              _ ("Wrong code. Too many wrong codes: this locker bank refuses "
                                 "codes for %d minutes. Ask the mailroom for help."),
                              (int) (MR_LOCKER_CODE_LOCKOUT_MS / 60000));
      return mr_store_fail (
        error, MR_STORE_ERROR_INVALID, "code",
        g_dngettext (GETTEXT_PACKAGE, "Wrong code. Check it and try again (%d attempt left).",
                     "Wrong code. Check it and try again (%d attempts left).", (gulong) left),
        (int) left);
    }

  /* What the code opens: every open delivery of its owner here, and of
   * the departments the owner is key contact of. */
  for (guint i = 0; i < all->len; i++)
    {
      OpenDelivery *d = g_ptr_array_index (all, i);

      if (d == matched ||
          (matched->owner != NULL && g_strcmp0 (d->contact_id, matched->owner) == 0) ||
          (d->contact_id == NULL && is_key_contact_of (store, matched->owner, d->department_id)))
        {
          if (d != matched && !d->expired)
            g_ptr_array_add (mine, d);
        }
    }
  g_ptr_array_sort (mine, compare_deliveries);
  /* The code's own delivery opens last, so that one at a time the same
   * code still opens the next door. */
  if (!matched->expired)
    g_ptr_array_add (mine, matched);
  if (mine->len == 0)
    {
      mr_store_end_batch (store, FALSE, NULL);
      return mr_store_fail (error, MR_STORE_ERROR_INVALID, "code",
                            _ ("These packages were kept past their pickup period. Ask the "
                               "mailroom for them."));
    }

  result = g_new0 (MrLockerPickup, 1);
  result->contact_id = g_strdup (matched->owner);
  result->opened = g_ptr_array_new_with_free_func (opened_free);
  for (guint i = 0; i < mine->len; i++)
    {
      OpenDelivery *d = g_ptr_array_index (mine, i);
      MrLockerOpened *o;

      if (strcmp (bank->pickup_mode, "one") == 0 && i > 0)
        {
          result->remaining++;
          continue;
        }
      o = g_new0 (MrLockerOpened, 1);
      o->locker_id = g_strdup (d->locker_id);
      o->number = g_strdup (d->number);
      o->n_packages = d->n_packages;
      g_ptr_array_add (result->opened, o);
      g_ptr_array_add (ids, d->id);
    }
  g_ptr_array_add (ids, NULL);

  g_variant_dict_insert (&args, "bank_id", "s", bank->id);
  if (contact_id != NULL)
    g_variant_dict_insert (&args, "contact_id", "s", contact_id);
  if (matched->owner != NULL)
    g_variant_dict_insert (&args, "collector_id", "s", matched->owner);
  g_variant_dict_insert (&args, "via", "s", "code");
  g_variant_dict_insert_value (&args, "delivery_ids",
                               g_variant_new_strv ((const char *const *) ids->pdata, -1));
  if (!mr_store_apply (store, "locker.pickup", g_variant_dict_end (&args), NULL, &local))
    {
      mr_store_end_batch (store, FALSE, NULL);
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!mr_store_end_batch (store, TRUE, error))
    return FALSE;
  if (out != NULL)
    *out = g_steal_pointer (&result);
  return TRUE;
}

/* Expiry */

#define DUE_PACKAGES_SQL                                                                     \
  "SELECT p.id FROM package p JOIN locker l ON l.id = p.locker_id JOIN locker_bank b ON "    \
  "b.id = l.bank_id WHERE p.deleted = 0 AND p.status IN ('in_locker', 'notified') AND "      \
  "l.deleted = 0 AND coalesce ((SELECT min (ld.expires_at) FROM locker_delivery ld WHERE "   \
  "ld.locker_id = l.id AND ld.picked_up_at IS NULL AND ld.deleted = 0 AND ld.contact_id IS " \
  "p.recipient_id), coalesce ((SELECT max (e.at) FROM package_event e WHERE e.package_id = " \
  "p.id AND e.kind = 'in_locker'), p.received_at) + b.expiry_hours * 3600000) <= ?1 "        \
  "ORDER BY p.id"

/* Reservations past their end: the ones to end (not storage), and the
 * storage whose door must now show "expired". */
#define DUE_RESERVATIONS_SQL                                                             \
  "SELECT r.id, r.locker_id, r.kind IN ('personal_storage', 'department_storage') FROM " \
  "reservation r JOIN locker l ON l.id = r.locker_id WHERE r.state = 'active' AND "      \
  "r.deleted = 0 AND r.ends_at IS NOT NULL AND r.ends_at <= ?1 AND (r.kind NOT IN "      \
  "('personal_storage', 'department_storage') OR l.status NOT IN ('expired', "           \
  "'out_of_service', 'occupied')) ORDER BY r.id"

static GPtrArray *
query_ids (MrStore *store, const char *sql, gint64 at, GPtrArray **lockers, GArray **storage)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mr_store_prepare (store, sql, NULL);

  if (lockers != NULL)
    *lockers = g_ptr_array_new_with_free_func (g_free);
  if (storage != NULL)
    *storage = g_array_new (FALSE, FALSE, sizeof (gboolean));
  if (stmt == NULL)
    return ids;
  sqlite3_bind_int64 (stmt, 1, at);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      if (lockers != NULL)
        g_ptr_array_add (*lockers, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      if (storage != NULL)
        {
          gboolean s = sqlite3_column_int (stmt, 2);

          g_array_append_val (*storage, s);
        }
    }
  sqlite3_reset (stmt);
  return ids;
}

gboolean
mr_locker_expire_mutation (MrMutation *m, GError **error)
{
  g_autoptr (GPtrArray) packages = NULL;
  g_autoptr (GPtrArray) reservations = NULL;
  g_autoptr (GPtrArray) lockers = NULL;
  g_autoptr (GArray) storage = NULL;
  g_auto (MrLockerIds) events = { 0 };
  gint64 at;

  if (!mr_locker_op_time (m, &at, error))
    return FALSE;
  packages = query_ids (m->store, DUE_PACKAGES_SQL, at, NULL, NULL);
  reservations = query_ids (m->store, DUE_RESERVATIONS_SQL, at, &lockers, &storage);

  mr_locker_ids_init (&events, m, "event_ids");
  for (guint i = 0; i < packages->len; i++)
    {
      const char *event_id = mr_locker_ids_next (&events, error);

      if (event_id == NULL ||
          !mr_locker_run_package_event (m, g_ptr_array_index (packages, i), "expired", NULL, NULL,
                                        NULL, event_id, at, error))
        return FALSE;
    }
  mr_locker_ids_finish (&events);

  for (guint i = 0; i < reservations->len; i++)
    {
      const char *locker_id = g_ptr_array_index (lockers, i);
      g_autofree char *data = g_strdup_printf ("{\"reservation_id\":\"%s\"}",
                                               (char *) g_ptr_array_index (reservations, i));

      if (!g_array_index (storage, gboolean, i))
        {
          sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                                 "UPDATE reservation SET state = 'ended', "
                                                 "updated_at = ?, workstation_id = ? WHERE id = ?",
                                                 error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, m->hlc);
          sqlite3_bind_text (stmt, 2, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, g_ptr_array_index (reservations, i), -1, SQLITE_TRANSIENT);
          if (!mr_store_step_done (m->store, stmt, error))
            return FALSE;
        }
      if (!mr_locker_refresh_status (m, locker_id, error) ||
          !mr_locker_append_event_data (
            m, locker_id,
            g_array_index (storage, gboolean, i) ? "storage_overdue" : "reservation_expired", at,
            data, error))
        return FALSE;
    }

  mr_args_set_value (m, "n_packages", g_variant_new_int64 (packages->len));
  m->entity = "locker";
  return TRUE;
}

gboolean
mr_locker_expire_due (MrStore *store, guint *n_expired, GError **error)
{
  gint64 now = g_get_real_time () / 1000;
  g_autoptr (GPtrArray) packages = NULL;
  g_autoptr (GPtrArray) reservations = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  if (n_expired != NULL)
    *n_expired = 0;
  packages = query_ids (store, DUE_PACKAGES_SQL, now, NULL, NULL);
  reservations = query_ids (store, DUE_RESERVATIONS_SQL, now, NULL, NULL);
  /* Nothing due: nothing to journal. */
  if (packages->len == 0 && reservations->len == 0)
    return TRUE;
  if (!mr_store_apply (store, "locker.expire", NULL, NULL, error))
    return FALSE;
  if (n_expired != NULL)
    *n_expired = packages->len;
  return TRUE;
}
