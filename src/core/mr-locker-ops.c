/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-locker-private.h"
#include "mr-uuid.h"

/* What happens at a locker: reservations and drop-off (choosing the door;
 * pickup and expiry are in mr-locker-pickup.c). Every rule is checked here, inside the
 * mutation's transaction, so two workstations (or two threads) choosing a
 * door at the same time cannot both get it: the second one sees the
 * first one's door as taken. */

#define HOUR_MS ((gint64) 3600 * 1000)
#define FUTURE_SLACK_MS ((gint64) 5 * 60 * 1000)
#define MAX_AHEAD_MS ((gint64) 366 * 24 * HOUR_MS)

static const char *const reservation_kinds[] = {
  "package", "recipient", "return", "exchange", "department_storage", "personal_storage", NULL,
};

static gboolean
is_storage_kind (const char *kind)
{
  return g_strcmp0 (kind, "personal_storage") == 0 || g_strcmp0 (kind, "department_storage") == 0;
}

/* Kinds that are not a delivery to a recipient: they never take a door
 * kept for deliveries. */
static gboolean
is_non_delivery_kind (const char *kind)
{
  return is_storage_kind (kind) || g_strcmp0 (kind, "return") == 0 ||
         g_strcmp0 (kind, "exchange") == 0;
}

/* Package events inside a locker mutation */

gboolean
mr_locker_run_package_event (MrMutation *m,
                             const char *package_id,
                             const char *kind,
                             const char *locker_id,
                             const char *place_id,
                             const char *handed_to_id,
                             const char *event_id,
                             gint64 at,
                             GError **error)
{
  /* Plain arguments, not an a{sv}: the handler reads them through
   * mr_args_*() and nothing journals them, and building and parsing a
   * dictionary cost as much as a row written (a drop-off runs this). */
  MrArg fields[7];
  guint n = 0;
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GPtrArray) set_keys = g_ptr_array_new_with_free_func (g_free);
  MrMutationFunc func = NULL;
  MrMutation sub = { 0 };
  gboolean ok;

  for (const MrMutationDef *d = mr_package_mutations; d->name && func == NULL; d++)
    if (strcmp (d->name, "package.event") == 0)
      func = d->func;
  g_assert (func != NULL);

  fields[n++] = (MrArg){ "package_id", MR_ARG_STRING, package_id, 0 };
  fields[n++] = (MrArg){ "kind", MR_ARG_STRING, kind, 0 };
  fields[n++] = (MrArg){ "at", MR_ARG_INT, NULL, at };
  if (locker_id != NULL)
    fields[n++] = (MrArg){ "locker_id", MR_ARG_STRING, locker_id, 0 };
  if (place_id != NULL)
    fields[n++] = (MrArg){ "place_id", MR_ARG_STRING, place_id, 0 };
  if (handed_to_id != NULL)
    fields[n++] = (MrArg){ "handed_to_id", MR_ARG_STRING, handed_to_id, 0 };
  if (event_id != NULL)
    fields[n++] = (MrArg){ "event_id", MR_ARG_STRING, event_id, 0 };

  sub.store = m->store;
  sub.name = "package.event";
  sub.args = &args;
  sub.fields = fields;
  sub.n_fields = n;
  sub.set_keys = set_keys;
  sub.hlc = m->hlc;
  sub.now_ms = m->now_ms;
  sub.parent = m;
  ok = func (&sub, error);
  g_free (sub.entity_id);
  /* Lists of packages hear about it like after a package mutation. */
  if (ok)
    mr_store_emit_changed (m->store, "package", package_id);
  return ok;
}

/* The time of an operation: the caller's "at" (not in the future), or
 * now, written back for replay. */
gboolean
mr_locker_op_time (MrMutation *m, gint64 *at, GError **error)
{
  if (!mr_args_has (m, "at"))
    {
      *at = m->now_ms;
      mr_args_set_value (m, "at", g_variant_new_int64 (*at));
      return TRUE;
    }
  *at = mr_args_get_int (m, "at", -1);
  if (*at <= 0 || *at > m->now_ms + FUTURE_SLACK_MS)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "at",
                          _ ("The date of the operation is not valid or is in the future."));
  return TRUE;
}

/* Drop-off */

typedef struct
{
  char *recipient_id;
  char *department_id;
  char *size;
  char *status;
  char *locker_id;
} PackageInfo;

static void
package_info_clear (PackageInfo *p)
{
  g_free (p->recipient_id);
  g_free (p->department_id);
  g_free (p->size);
  g_free (p->status);
  g_free (p->locker_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PackageInfo, package_info_clear)

static gboolean
package_info_load (MrStore *store, const char *id, PackageInfo *p)
{
  sqlite3_stmt *stmt = mr_store_prepare (store,
                                         "SELECT recipient_id, department_id, size, status, "
                                         "locker_id FROM package WHERE id = ? AND deleted = 0",
                                         NULL);
  gboolean found = FALSE;

  if (stmt == NULL || id == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < 5; i++)
        {
          char *v = sqlite3_column_type (stmt, i) == SQLITE_NULL
                      ? NULL
                      : g_strdup ((const char *) sqlite3_column_text (stmt, i));
          char **slots[] = { &p->recipient_id, &p->department_id, &p->size, &p->status,
                             &p->locker_id };

          *slots[i] = v;
        }
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* Who collects a delivery: the recipient, or for a package addressed to a
 * department, its key contact. */
static char *
collector_of (MrStore *store, const PackageInfo *p)
{
  if (p->recipient_id != NULL)
    return g_strdup (p->recipient_id);
  return mr_store_query_text (
    store, "SELECT key_contact_id FROM department WHERE id = ? AND deleted = 0", p->department_id);
}

static gboolean
dropoff_want (MrStore *store,
              const char *package_id,
              const PackageInfo *p,
              MrLockerBank *bank,
              char **collector,
              MrLockerWant *w,
              GError **error)
{
  if (p->locker_id != NULL)
    {
      g_autofree char *number = mr_locker_get_number (store, p->locker_id);

      return mr_store_fail (error, MR_STORE_ERROR_INVALID, "package_id",
                            _ ("This package is already in locker %s."), number);
    }
  if (p->status != NULL &&
      (strcmp (p->status, "picked_up") == 0 || strcmp (p->status, "returned") == 0 ||
       strcmp (p->status, "removed") == 0))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "package_id",
                          _ ("This package has already left the mailroom (picked up, returned or "
                             "removed)."));
  *collector = collector_of (store, p);
  memset (w, 0, sizeof *w);
  w->bank = bank;
  w->contact_id = p->recipient_id;
  w->department_id = p->recipient_id ? NULL : p->department_id;
  w->package_id = package_id;
  w->need = mr_locker_package_size_class (p->size);
  w->accessible = mr_locker_contact_needs_accessibility (store, *collector);
  w->storage = FALSE;
  return TRUE;
}

/* The door for a delivery, by the rules, and which rule gave it. */
static char *
dropoff_choose (MrStore *store, const MrLockerWant *w, const char **reason, GError **error)
{
  char *id;

  if ((id = mr_locker_choose_dedicated (store, w)) != NULL)
    *reason = "dedicated";
  else if ((id = mr_locker_choose_reserved (store, w)) != NULL)
    *reason = "reserved";
  else if ((id = mr_locker_choose_existing (store, w)) != NULL)
    *reason = "existing";
  else if ((id = mr_locker_choose_free (store, w)) != NULL)
    *reason = "free";
  else
    mr_locker_fail_no_locker (store, w, error);
  return id;
}

/* The bank of the operation: bank_id, or the bank of locker_id. */
static MrLockerBank *
op_bank (MrMutation *m, const char *bank_id, const char *locker_id, GError **error)
{
  g_autofree char *locker_bank = NULL;
  MrLockerBank *bank;

  if (locker_id != NULL)
    {
      locker_bank = mr_store_query_text (
        m->store, "SELECT bank_id FROM locker WHERE id = ? AND deleted = 0", locker_id);
      if (locker_bank == NULL)
        {
          mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "locker_id",
                         _ ("This locker does not exist (any more)."));
          return NULL;
        }
      if (bank_id != NULL && strcmp (bank_id, locker_bank) != 0)
        {
          mr_store_fail (error, MR_STORE_ERROR_INVALID, "locker_id",
                         _ ("This locker is not in the chosen locker bank."));
          return NULL;
        }
      bank_id = locker_bank;
    }
  if (bank_id == NULL)
    {
      mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "bank_id", _ ("Choose a locker bank."));
      return NULL;
    }
  bank = mr_locker_bank_load (m->store, bank_id);
  if (bank == NULL)
    mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "bank_id",
                   _ ("The chosen locker bank does not exist."));
  return bank;
}

/* Ends the reservation the delivery used, if any. */
static gboolean
consume_reservation (MrMutation *m, const char *locker_id, const MrLockerWant *w, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "UPDATE reservation SET state = 'ended', ends_at = ?4, "
                                         "updated_at = ?5, workstation_id = ?6 WHERE "
                                         "locker_id = ?1 AND state = 'active' AND deleted = 0 "
                                         "AND ((kind = 'package' AND package_id IS ?2) OR "
                                         "(kind = 'recipient' AND ?3 IS NOT NULL AND "
                                         "contact_id IS ?3))",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, w->package_id);
  mr_store_bind_text_or_null (stmt, 3, w->contact_id);
  sqlite3_bind_int64 (stmt, 4, m->now_ms);
  sqlite3_bind_int64 (stmt, 5, m->hlc);
  sqlite3_bind_text (stmt, 6, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  return mr_store_step_done (m->store, stmt, error);
}

/* The open delivery of @locker_id for the same people, if any. */
static char *
existing_delivery (MrStore *store, const char *locker_id, const char *contact, const char *dept)
{
  sqlite3_stmt *stmt = mr_store_prepare (store,
                                         "SELECT id FROM locker_delivery WHERE locker_id = ?1 AND "
                                         "picked_up_at IS NULL AND deleted = 0 AND "
                                         "contact_id IS ?2 AND department_id IS ?3 LIMIT 1",
                                         NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, contact);
  mr_store_bind_text_or_null (stmt, 3, dept);
  return mr_locker_first_id (stmt);
}

/* A code's tag, or NULL (-1: no code, or one given without its tag). */
static void
bind_tag (sqlite3_stmt *stmt, int idx, gint64 code_tag)
{
  if (code_tag >= 0)
    sqlite3_bind_int64 (stmt, idx, code_tag);
  else
    sqlite3_bind_null (stmt, idx);
}

static gboolean
write_delivery (MrMutation *m,
                const char *locker_id,
                const PackageInfo *p,
                const MrLockerBank *bank,
                const char *code_hash,
                const char *code_salt,
                gint64 code_tag,
                gint64 at,
                GError **error)
{
  const char *dept = p->recipient_id ? NULL : p->department_id;
  g_autofree char *existing = existing_delivery (m->store, locker_id, p->recipient_id, dept);
  g_autofree char *id = NULL;
  g_autofree char *data = NULL;
  sqlite3_stmt *stmt;

  if (existing != NULL)
    {
      /* The recipient's code already opens this door; a delivery put in
       * without a code gets this one. */
      if (code_hash != NULL)
        {
          stmt = mr_store_prepare (m->store,
                                   "UPDATE locker_delivery SET code_hash = ?2, code_salt = ?3, "
                                   "code_tag = ?6, updated_at = ?4, workstation_id = ?5 WHERE "
                                   "id = ?1 AND code_hash IS NULL",
                                   error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, existing, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, code_hash, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 3, code_salt, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 4, m->hlc);
          sqlite3_bind_text (stmt, 5, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
          bind_tag (stmt, 6, code_tag);
          if (!mr_store_step_done (m->store, stmt, error))
            return FALSE;
        }
      id = g_steal_pointer (&existing);
    }
  else
    {
      id = mr_args_dup_string (m, "delivery_id");
      if (id == NULL)
        {
          id = mr_uuid_v7_new ();
          mr_args_set_value (m, "delivery_id", g_variant_new_string (id));
        }
      else if (!mr_store_check_new_id (m->store, "locker_delivery", id, error))
        {
          mr_store_set_error_field (error, "delivery_id");
          return FALSE;
        }
      stmt = mr_store_prepare (m->store,
                               "INSERT INTO locker_delivery (id, locker_id, contact_id, "
                               "department_id, code_hash, code_salt, delivered_at, expires_at, "
                               "created_at, updated_at, workstation_id, code_tag) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, locker_id, -1, SQLITE_TRANSIENT);
      mr_store_bind_text_or_null (stmt, 3, p->recipient_id);
      mr_store_bind_text_or_null (stmt, 4, dept);
      mr_store_bind_text_or_null (stmt, 5, code_hash);
      mr_store_bind_text_or_null (stmt, 6, code_salt);
      sqlite3_bind_int64 (stmt, 7, at);
      sqlite3_bind_int64 (stmt, 8, at + (gint64) bank->expiry_hours * HOUR_MS);
      sqlite3_bind_int64 (stmt, 9, m->now_ms);
      sqlite3_bind_int64 (stmt, 10, m->hlc);
      sqlite3_bind_text (stmt, 11, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
      bind_tag (stmt, 12, code_tag);
      if (!mr_store_step_done (m->store, stmt, error))
        return FALSE;
    }
  data = g_strdup_printf ("{\"delivery_id\":\"%s\"}", id);
  return mr_locker_append_event_data (m, locker_id, "dropoff", at, data, error);
}

gboolean
mr_locker_dropoff_mutation (MrMutation *m, GError **error)
{
  g_autofree char *package_id = mr_args_dup_string (m, "package_id");
  g_autofree char *bank_id = mr_args_dup_string (m, "bank_id");
  g_autofree char *locker_id = mr_args_dup_string (m, "locker_id");
  g_autofree char *code_hash = mr_args_dup_string (m, "code_hash");
  g_autofree char *code_salt = mr_args_dup_string (m, "code_salt");
  gint64 code_tag = mr_args_get_int (m, "code_tag", -1);
  g_autofree char *event_id = mr_args_dup_string (m, "event_id");
  g_autofree char *collector = NULL;
  g_autoptr (MrLockerBank) bank = NULL;
  g_auto (PackageInfo) p = { 0 };
  const char *reason = "chosen";
  MrLockerWant w;
  gint64 at;

  if (!package_info_load (m->store, package_id, &p))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "package_id",
                          _ ("This package does not exist (any more)."));
  if ((code_hash == NULL) != (code_salt == NULL) ||
      (code_hash != NULL && (strlen (code_hash) != 64 || strlen (code_salt) < 16)))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "code_hash",
                          _ ("The pickup code’s hash is not valid."));
  /* The tag comes with a code (mr_locker_dropoff() makes both); a hash
   * given alone has none, and its delivery is checked by its hash. */
  if (mr_args_has (m, "code_tag") &&
      (code_hash == NULL || code_tag < 0 || code_tag > MR_LOCKER_CODE_TAG_MAX))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "code_tag",
                          _ ("The pickup code’s check value is not valid."));
  bank = op_bank (m, bank_id, locker_id, error);
  if (bank == NULL || !mr_locker_op_time (m, &at, error) ||
      !dropoff_want (m->store, package_id, &p, bank, &collector, &w, error))
    return FALSE;

  if (locker_id != NULL)
    {
      if (!mr_locker_check_door (m->store, &w, locker_id, FALSE, error))
        return FALSE;
    }
  else
    {
      locker_id = dropoff_choose (m->store, &w, &reason, error);
      if (locker_id == NULL)
        return FALSE;
      mr_args_set_value (m, "locker_id", g_variant_new_string (locker_id));
    }
  if (event_id == NULL)
    {
      event_id = mr_uuid_v7_new ();
      mr_args_set_value (m, "event_id", g_variant_new_string (event_id));
    }

  if (!mr_locker_run_package_event (m, package_id, "in_locker", locker_id, bank->place_id, NULL,
                                    event_id, at, error) ||
      !consume_reservation (m, locker_id, &w, error) ||
      !write_delivery (m, locker_id, &p, bank, code_hash, code_salt,
                       mr_args_has (m, "code_tag") ? code_tag : -1, at, error) ||
      !mr_locker_refresh_status (m, locker_id, error))
    return FALSE;

  g_debug ("package %s into locker %s (%s)", package_id, locker_id, reason);
  m->entity = "locker";
  m->entity_id = g_steal_pointer (&locker_id);
  return TRUE;
}

void
mr_locker_dropoff_free (MrLockerDropoff *dropoff)
{
  if (dropoff == NULL)
    return;
  g_free (dropoff->locker_id);
  g_free (dropoff->locker_number);
  g_free (dropoff->bank_id);
  g_free (dropoff->delivery_id);
  if (dropoff->code != NULL)
    {
      /* The code is a secret: do not leave it in freed memory. */
      memset (dropoff->code, 0, strlen (dropoff->code));
      g_free (dropoff->code);
    }
  g_free (dropoff->reason);
  g_free (dropoff);
}

/* The HMAC of each open delivery whose code could be the new one (same
 * tag, or none) is computed for each new code, and half of its cost is
 * keying it with the delivery's salt. The keyed states are kept on the
 * store, by salt (salts are not secret and are stored beside the hashes;
 * no code is kept), so the next check against that delivery starts from
 * them. Bounded: emptied when full. */
#define KEYED_SALTS_MAX 16384

static GHashTable *
keyed_salts (MrStore *store)
{
  GHashTable *keyed = g_object_get_data (G_OBJECT (store), "mr-locker-keyed-salts");

  if (keyed == NULL)
    {
      keyed =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hmac_unref);
      g_object_set_data_full (G_OBJECT (store), "mr-locker-keyed-salts", keyed,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return keyed;
}

/* mr_locker_code_verify(), from the keyed state of @salt kept on @store. */
gboolean
mr_locker_code_matches (MrStore *store, const char *salt, const char *hash, const char *code)
{
  GHashTable *keyed = keyed_salts (store);
  g_autoptr (GHmac) hmac = NULL;
  GHmac *salted;
  const char *computed;
  gsize n;
  guint8 diff = 0;

  if (salt == NULL || hash == NULL || code == NULL)
    return FALSE;
  salted = g_hash_table_lookup (keyed, salt);
  if (salted == NULL)
    {
      if (g_hash_table_size (keyed) >= KEYED_SALTS_MAX)
        g_hash_table_remove_all (keyed);
      salted = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) salt, strlen (salt));
      g_hash_table_insert (keyed, g_strdup (salt), salted);
    }
  hmac = g_hmac_copy (salted);
  g_hmac_update (hmac, (const guchar *) code, (gssize) strlen (code));
  computed = g_hmac_get_string (hmac);
  n = strlen (computed);
  if (strlen (hash) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    diff |= (guint8) (computed[i] ^ hash[i]);
  return diff == 0;
}

/* Whether an open delivery of the bank has @code: two recipients must
 * never share one. Every open delivery of the bank that could have it is
 * checked, as the kiosk does (see open_deliveries() in
 * mr-locker-pickup.c: doors of the bank that are not deleted): those
 * whose code has the same tag (through the index of tags), and those
 * from before tags (no tag). TRUE, to be safe, when the database cannot
 * say. */
static gboolean
code_in_use (MrStore *store, const char *bank_id, const char *code, guint tag)
{
  sqlite3_stmt *stmt;
  gboolean taken = FALSE;

  /* Two searches of the index, not "tag = ?2 OR tag IS NULL", which
   * SQLite answers by reading all of it. */
  stmt = mr_store_prepare (store,
                           "SELECT ld.code_salt, ld.code_hash FROM "
                           "locker_delivery ld CROSS JOIN locker l ON l.id = "
                           "ld.locker_id WHERE ld.code_tag = ?2 AND "
                           "ld.picked_up_at IS NULL AND ld.deleted = 0 AND "
                           "ld.code_hash IS NOT NULL AND l.bank_id = ?1 AND "
                           "l.deleted = 0 UNION ALL SELECT ld.code_salt, "
                           "ld.code_hash FROM locker_delivery ld CROSS JOIN "
                           "locker l ON l.id = ld.locker_id WHERE ld.code_tag "
                           "IS NULL AND ld.picked_up_at IS NULL AND "
                           "ld.deleted = 0 AND ld.code_hash IS NOT NULL AND "
                           "l.bank_id = ?1 AND l.deleted = 0",
                           NULL);
  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_text (stmt, 1, bank_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) tag);
  while (!taken && sqlite3_step (stmt) == SQLITE_ROW)
    taken = mr_locker_code_matches (store, (const char *) sqlite3_column_text (stmt, 0),
                                    (const char *) sqlite3_column_text (stmt, 1), code);
  if (sqlite3_reset (stmt) != SQLITE_OK)
    taken = TRUE;
  return taken;
}

gboolean
mr_locker_code_in_use (MrStore *store, const char *bank_id, const char *code)
{
  g_return_val_if_fail (MR_IS_STORE (store), TRUE);
  g_return_val_if_fail (bank_id != NULL && code != NULL, TRUE);

  return code_in_use (store, bank_id, code, mr_locker_code_tag (bank_id, code));
}

/* A new code no open delivery of the bank has, and its tag. */
static char *
unique_code (MrStore *store, const char *bank_id, guint *tag)
{
  for (guint attempt = 0; attempt < 16; attempt++)
    {
      g_autofree char *code = mr_locker_code_new ();

      *tag = mr_locker_code_tag (bank_id, code);
      if (!code_in_use (store, bank_id, code, *tag))
        return g_steal_pointer (&code);
    }
  return NULL;
}

gboolean
mr_locker_dropoff (MrStore *store,
                   const char *package_id,
                   const char *bank_id,
                   const char *locker_id,
                   MrLockerDropoff **out,
                   GError **error)
{
  g_autoptr (MrLockerDropoff) result = g_new0 (MrLockerDropoff, 1);
  g_autoptr (MrLockerBank) bank = NULL;
  g_autofree char *collector = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored_hash = NULL;
  g_autofree char *locker_bank = NULL;
  g_auto (PackageInfo) p = { 0 };
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);
  const char *reason = "chosen";
  guint tag = 0;
  MrLockerWant w;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);
  g_return_val_if_fail (package_id != NULL, FALSE);

  /* Choosing and writing in one transaction: nobody takes the door in
   * between. */
  if (!mr_store_begin_batch (store, error))
    return FALSE;

  if (!package_info_load (store, package_id, &p))
    {
      mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "package_id",
                     _ ("This package does not exist (any more)."));
      goto fail;
    }
  if (locker_id != NULL)
    {
      /* The door's bank when none is named (a wrong pair is the
       * mutation's to refuse). */
      locker_bank = mr_store_query_text (
        store, "SELECT bank_id FROM locker WHERE id = ? AND deleted = 0", locker_id);
      if (locker_bank == NULL)
        {
          mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "locker_id",
                         _ ("This locker does not exist (any more)."));
          goto fail;
        }
    }
  bank = mr_locker_bank_load (store, bank_id ? bank_id : locker_bank);
  if (bank == NULL)
    {
      mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "bank_id",
                     _ ("The chosen locker bank does not exist."));
      goto fail;
    }
  result->bank_id = g_strdup (bank->id);
  if (!dropoff_want (store, package_id, &p, bank, &collector, &w, error))
    goto fail;
  if (locker_id == NULL)
    {
      result->locker_id = dropoff_choose (store, &w, &reason, error);
      if (result->locker_id == NULL)
        goto fail;
    }
  else
    result->locker_id = g_strdup (locker_id);
  result->reason = g_strdup (reason);

  result->code = unique_code (store, bank->id, &tag);
  if (result->code == NULL)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED,
                   _ ("Could not make a unique pickup code. Try again."));
      goto fail;
    }
  salt = mr_locker_code_salt_new ();
  hash = mr_locker_code_hash (salt, result->code);

  g_variant_dict_insert (&args, "package_id", "s", package_id);
  g_variant_dict_insert (&args, "bank_id", "s", bank->id);
  g_variant_dict_insert (&args, "locker_id", "s", result->locker_id);
  g_variant_dict_insert (&args, "code_hash", "s", hash);
  g_variant_dict_insert (&args, "code_salt", "s", salt);
  g_variant_dict_insert (&args, "code_tag", "i", (gint32) tag);
  if (!mr_store_apply (store, "locker.dropoff", g_variant_dict_end (&args), NULL, error))
    goto fail;

  result->locker_number = mr_locker_get_number (store, result->locker_id);
  {
    sqlite3_stmt *stmt = mr_store_prepare (store,
                                           "SELECT id, code_hash, expires_at FROM "
                                           "locker_delivery WHERE locker_id = ?1 AND "
                                           "picked_up_at IS NULL AND deleted = 0 AND "
                                           "contact_id IS ?2 AND department_id IS ?3 LIMIT 1",
                                           error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_text (stmt, 1, result->locker_id, -1, SQLITE_TRANSIENT);
    mr_store_bind_text_or_null (stmt, 2, p.recipient_id);
    mr_store_bind_text_or_null (stmt, 3, p.recipient_id ? NULL : p.department_id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        result->delivery_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        stored_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        result->expires_ms = sqlite3_column_int64 (stmt, 2);
      }
    sqlite3_reset (stmt);
  }
  if (!mr_store_end_batch (store, TRUE, error))
    return FALSE;

  /* Joined an existing delivery: its code (sent before) opens the door;
   * this new one was never stored and means nothing. */
  if (g_strcmp0 (stored_hash, hash) != 0)
    {
      memset (result->code, 0, strlen (result->code));
      g_clear_pointer (&result->code, g_free);
    }
  if (out != NULL)
    *out = g_steal_pointer (&result);
  return TRUE;

fail:
  mr_store_end_batch (store, FALSE, NULL);
  return FALSE;
}

/* Reservations */

static gboolean
reservation_times (MrMutation *m,
                   const char *kind,
                   const MrLockerBank *bank,
                   gint64 *starts,
                   gint64 *ends,
                   gint64 *max_ends,
                   GError **error)
{
  gint64 hours = mr_args_get_int (m, "hours", -1);
  gboolean has_hours = mr_args_has (m, "hours"), has_ends = mr_args_has (m, "ends_at");

  *starts = mr_args_has (m, "starts_at") ? mr_args_get_int (m, "starts_at", -1) : m->now_ms;
  if (*starts <= 0 || *starts > m->now_ms + MAX_AHEAD_MS)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "starts_at",
                          _ ("A reservation starts within the next year."));
  if (!mr_args_has (m, "starts_at"))
    mr_args_set_value (m, "starts_at", g_variant_new_int64 (*starts));
  if (has_hours && (hours < 1 || hours > 24 * 366))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "hours",
                          _ ("The duration must be between 1 hour and 366 days."));
  *ends = has_hours ? *starts + hours * HOUR_MS : mr_args_get_int (m, "ends_at", 0);
  *max_ends = 0;
  if (has_ends && *ends <= *starts)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "ends_at",
                          _ ("A reservation ends after it starts."));

  if (!is_storage_kind (kind))
    return TRUE;
  if (strcmp (bank->storage_mode, "unlimited") == 0)
    {
      if (has_hours || has_ends)
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, has_hours ? "hours" : "ends_at",
                              _ ("Storage in this bank has no end time."));
      *ends = 0;
    }
  else if (strcmp (bank->storage_mode, "fixed") == 0)
    {
      gint64 fixed = *starts + (gint64) bank->storage_hours * HOUR_MS;

      if ((has_hours || has_ends) && *ends != fixed)
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, has_hours ? "hours" : "ends_at",
                              _ ("Storage in this bank lasts a fixed %d hours."),
                              bank->storage_hours);
      *ends = fixed;
    }
  else
    {
      *max_ends = *starts + (gint64) bank->storage_max_hours * HOUR_MS;
      if (!has_hours && !has_ends)
        *ends = *starts + (gint64) bank->storage_hours * HOUR_MS;
      if (*ends > *max_ends)
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, has_hours ? "hours" : "ends_at",
                              _ ("Storage in this bank lasts at most %d hours."),
                              bank->storage_max_hours);
    }
  return TRUE;
}

gboolean
mr_locker_reserve (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_take_or_new_id (m);
  g_autofree char *kind = mr_args_dup_string (m, "kind");
  g_autofree char *bank_id = mr_args_dup_string (m, "bank_id");
  g_autofree char *locker_id = mr_args_dup_string (m, "locker_id");
  g_autofree char *contact = mr_args_dup_string (m, "contact_id");
  g_autofree char *department = mr_args_dup_string (m, "department_id");
  g_autofree char *package = mr_args_dup_string (m, "package_id");
  g_autofree char *size = mr_args_dup_string (m, "size");
  g_autofree char *data = NULL;
  g_autoptr (MrLockerBank) bank = NULL;
  g_auto (PackageInfo) p = { 0 };
  gint64 starts = 0, ends = 0, max_ends = 0;
  sqlite3_stmt *stmt;
  MrLockerSize s;
  MrLockerWant w = { 0 };

  if (!mr_store_check_new_id (m->store, "reservation", id, error))
    return FALSE;
  if (kind == NULL || !g_strv_contains (reservation_kinds, kind))
    return mr_store_fail (error, kind ? MR_STORE_ERROR_INVALID : MR_STORE_ERROR_REQUIRED, "kind",
                          _ ("Say what the reservation is for: package, recipient, return, "
                             "exchange, department_storage or personal_storage."));
  if (contact != NULL && !mr_store_live_exists (m->store, "contact", contact))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "contact_id",
                          _ ("The chosen contact does not exist."));
  if (department != NULL && !mr_store_live_exists (m->store, "department", department))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "department_id",
                          _ ("The chosen department does not exist. Choose another one or create "
                             "it first."));
  if (strcmp (kind, "package") == 0)
    {
      if (package == NULL)
        return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "package_id",
                              _ ("Choose the package the locker is reserved for."));
      if (!package_info_load (m->store, package, &p))
        return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "package_id",
                              _ ("This package does not exist (any more)."));
      if (contact == NULL && p.recipient_id != NULL)
        {
          contact = g_strdup (p.recipient_id);
          mr_args_set_value (m, "contact_id", g_variant_new_string (contact));
        }
      if (size == NULL)
        size = g_strdup (p.size);
    }
  else if (package != NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "package_id",
                          _ ("Only a reservation for a package names a package."));
  if (strcmp (kind, "department_storage") == 0 && department == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "department_id",
                          _ ("Choose the department the storage is for."));
  if (strcmp (kind, "package") != 0 && strcmp (kind, "department_storage") != 0 && contact == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "contact_id",
                          _ ("Choose the person the locker is reserved for."));
  if (size != NULL && !mr_locker_size_from_string (size, &s))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "size",
                          _ ("The size must be XS, S, M, L, XL or custom."));

  bank = op_bank (m, bank_id, locker_id, error);
  if (bank == NULL || !reservation_times (m, kind, bank, &starts, &ends, &max_ends, error))
    return FALSE;

  w.bank = bank;
  w.contact_id = contact;
  w.department_id = department;
  w.package_id = package;
  w.need = mr_locker_package_size_class (size);
  w.accessible = mr_locker_contact_needs_accessibility (m->store, contact);
  w.storage = is_non_delivery_kind (kind);
  if (locker_id != NULL)
    {
      if (!mr_locker_check_door (m->store, &w, locker_id, TRUE, error))
        return FALSE;
      /* A storage reservation by hand keeps the bank's doors for
       * deliveries too. */
      if (w.storage && !mr_locker_leaves_enough_for_delivery (m->store, bank, locker_id))
        {
          g_autofree char *number = mr_locker_get_number (m->store, locker_id);

          return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                                _ ("The last free doors of the size of locker %s are kept for "
                                   "deliveries. Choose another locker."),
                                number);
        }
    }
  else
    {
      locker_id = mr_locker_choose_free (m->store, &w);
      if (locker_id == NULL)
        return mr_locker_fail_no_locker (m->store, &w, error);
      mr_args_set_value (m, "locker_id", g_variant_new_string (locker_id));
    }

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO reservation (id, locker_id, kind, contact_id, "
                           "department_id, package_id, starts_at, ends_at, max_ends_at, state, "
                           "created_at, updated_at, workstation_id) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, locker_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 4, contact);
  mr_store_bind_text_or_null (stmt, 5, department);
  mr_store_bind_text_or_null (stmt, 6, package);
  sqlite3_bind_int64 (stmt, 7, starts);
  if (ends > 0)
    sqlite3_bind_int64 (stmt, 8, ends);
  else
    sqlite3_bind_null (stmt, 8);
  if (max_ends > 0)
    sqlite3_bind_int64 (stmt, 9, max_ends);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_int64 (stmt, 10, m->now_ms);
  sqlite3_bind_int64 (stmt, 11, m->hlc);
  sqlite3_bind_text (stmt, 12, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  data = g_strdup_printf ("{\"reservation_id\":\"%s\",\"kind\":\"%s\"}", id, kind);
  if (!mr_store_step_done (m->store, stmt, error) ||
      !mr_locker_refresh_status (m, locker_id, error) ||
      !mr_locker_append_event_data (m, locker_id, "reserved", m->now_ms, data, error))
    return FALSE;

  m->entity = "reservation";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

typedef struct
{
  char *locker_id;
  char *kind;
  char *bank_id;
  gint64 starts_at;
  gint64 ends_at;
  gint64 max_ends_at;
} ReservationRow;

static void
reservation_row_clear (ReservationRow *r)
{
  g_free (r->locker_id);
  g_free (r->kind);
  g_free (r->bank_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReservationRow, reservation_row_clear)

static gboolean
active_reservation (MrMutation *m, const char *id, ReservationRow *r, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "SELECT r.locker_id, r.kind, l.bank_id, r.starts_at, "
                                         "coalesce (r.ends_at, 0), coalesce (r.max_ends_at, 0) "
                                         "FROM reservation r JOIN locker l ON l.id = r.locker_id "
                                         "WHERE r.id = ? AND r.deleted = 0 AND r.state = 'active'",
                                         error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (id != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          r->locker_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          r->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          r->bank_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          r->starts_at = sqlite3_column_int64 (stmt, 3);
          r->ends_at = sqlite3_column_int64 (stmt, 4);
          r->max_ends_at = sqlite3_column_int64 (stmt, 5);
          found = TRUE;
        }
      sqlite3_reset (stmt);
    }
  if (!found)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This reservation does not exist or has already ended."));
  return TRUE;
}

gboolean
mr_locker_reservation_extend (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_auto (ReservationRow) r = { 0 };
  g_autoptr (MrLockerBank) bank = NULL;
  gint64 ends;
  sqlite3_stmt *stmt;

  if (!active_reservation (m, id, &r, error))
    return FALSE;
  bank = mr_locker_bank_load (m->store, r.bank_id);
  if (!is_storage_kind (r.kind) || bank == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id",
                          _ ("Only storage can be extended; end this reservation and make a new "
                             "one."));
  if (r.ends_at == 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id",
                          _ ("This storage has no end time: there is nothing to extend."));
  if (strcmp (bank->storage_mode, "flexible") != 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id",
                          _ ("Storage in this bank lasts a fixed %d hours and cannot be "
                             "extended."),
                          bank->storage_hours);
  if (mr_args_has (m, "hours"))
    {
      gint64 hours = mr_args_get_int (m, "hours", -1);

      if (hours < 1 || hours > 24 * 366)
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, "hours",
                              _ ("The duration must be between 1 hour and 366 days."));
      ends = r.ends_at + hours * HOUR_MS;
    }
  else if (mr_args_has (m, "ends_at"))
    ends = mr_args_get_int (m, "ends_at", 0);
  else
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "hours",
                          _ ("Say how many hours to add."));
  if (ends <= r.ends_at)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "ends_at",
                          _ ("An extension ends later than the storage does now."));
  if (r.max_ends_at > 0 && ends > r.max_ends_at)
    return mr_store_fail (
      error, MR_STORE_ERROR_INVALID, mr_args_has (m, "hours") ? "hours" : "ends_at",
      _ ("Storage in this bank lasts at most %d hours."), bank->storage_max_hours);

  stmt = mr_store_prepare (m->store,
                           "UPDATE reservation SET ends_at = ?, updated_at = ?, "
                           "workstation_id = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ends);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error) ||
      !mr_locker_refresh_status (m, r.locker_id, error) ||
      !mr_locker_append_event_data (m, r.locker_id, "extended", m->now_ms, NULL, error))
    return FALSE;
  m->entity = "reservation";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
mr_locker_reservation_end (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_auto (ReservationRow) r = { 0 };
  sqlite3_stmt *stmt;

  if (!active_reservation (m, id, &r, error))
    return FALSE;
  stmt = mr_store_prepare (m->store,
                           "UPDATE reservation SET state = 'ended', ends_at = min (coalesce "
                           "(ends_at, ?1), ?1), updated_at = ?2, workstation_id = ?3 WHERE id = ?4",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->now_ms);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error) ||
      !mr_locker_refresh_status (m, r.locker_id, error) ||
      !mr_locker_append_event_data (m, r.locker_id, "reservation_ended", m->now_ms, NULL, error))
    return FALSE;
  m->entity = "reservation";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}
