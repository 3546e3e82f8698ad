/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-packages"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-carriers.h"
#include "mr-locker-private.h"
#include "mr-package-private.h"
#include "mr-uuid.h"

/* What happens to a package after the scan: its details filled in, its
 * handover with proof, the handover rules, and bags. The scan itself and
 * the generic events are in mr-packages.c. */

/* A signature is a small drawing; anything larger is not one. */
#define MAX_SIGNATURE_BYTES (2 * 1024 * 1024)

static const char *const package_sizes[] = { "XS", "S", "M", "L", "XL", "custom", NULL };

/* Completing package.receive and package.set */

gboolean
mr_package_complete_carrier (MrMutation *m, const char *tracking, GError **error)
{
  MrCarrierRules *rules;
  g_autoptr (GPtrArray) matches = NULL;
  MrCarrierMatch *best;

  /* A carrier the clerk chose (even "" for unknown) is kept as given. */
  if (mr_args_has (m, "carrier") || tracking == NULL)
    return TRUE;
  rules = mr_carrier_rules_get_default ();
  if (rules == NULL)
    return TRUE; /* no rules: an unknown carrier, as for a number no rule knows */
  matches = mr_carrier_rules_identify (rules, tracking);
  if (matches->len == 0)
    return TRUE;
  /* Verified check digits rank first; among equals, the rules' order. */
  best = g_ptr_array_index (matches, 0);
  mr_args_set_value (m, "carrier", g_variant_new_string (best->courier_name));
  if (!mr_args_has (m, "service"))
    mr_args_set_value (
      m, "service",
      g_variant_new_string (best->service_type ? best->service_type : best->type_name));
  return TRUE;
}

gboolean
mr_package_complete_handover (MrMutation *m,
                              const char *recipient_id,
                              const char *place_id,
                              GError **error)
{
  g_autofree char *handover = NULL;

  if (mr_args_has (m, "handover"))
    return TRUE;
  handover = mr_store_resolve_handover (m->store, recipient_id, place_id);
  mr_args_set_value (m, "handover", g_variant_new_string (handover));
  return TRUE;
}

char *
mr_package_for_department (MrStore *store, const char *recipient_id, const char *department_id)
{
  if (department_id != NULL)
    return g_strdup (department_id);
  if (recipient_id == NULL)
    return NULL;
  return mr_store_query_text (store, "SELECT department_id FROM contact WHERE id = ?",
                              recipient_id);
}

char *
mr_package_find_duplicate (MrStore *store, const char *package_id, const char *tracking)
{
  sqlite3_stmt *stmt;
  char *id = NULL;

  if (tracking == NULL)
    return NULL;
  /* The latest other one recorded, the one the clerk may be seeing
   * again: rowid order is the index's own, so this runs on every scan
   * without sorting anything. */
  stmt = mr_store_prepare (store,
                           "SELECT id FROM package WHERE tracking_number = ?1 AND deleted = 0 "
                           "AND id <> ?2 ORDER BY rowid DESC LIMIT 1",
                           NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, tracking, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, package_id ? package_id : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

gboolean
mr_package_check_event_in (MrMutation *m,
                           const char *package_id,
                           const char *status,
                           const char *locker_id,
                           const char *kind,
                           const char *handed_to_id,
                           GError **error)
{
  MrPackageStatus s = MR_PACKAGE_RECEIVED;

  mr_package_status_from_string (status, &s);
  if (!mr_package_check_event (s, locker_id != NULL, kind, error))
    return FALSE;
  if (g_strcmp0 (kind, "picked_up") == 0 && handed_to_id != NULL)
    return mr_store_check_package_taker (m->store, package_id, handed_to_id, error);
  return TRUE;
}

/* A package as the mutations here need it. */

typedef struct
{
  char *id;
  char *tracking_number;
  char *carrier;
  char *service;
  char *recipient_id;
  char *department_id;
  char *place_id;
  char *locker_id;
  char *bag_id;
  char *size;
  char *handover;
  char *notes;
  char *status;
  gint64 pieces;
  gint64 received_at;
} PackageState;

static void
package_state_clear (PackageState *p)
{
  g_free (p->id);
  g_free (p->tracking_number);
  g_free (p->carrier);
  g_free (p->service);
  g_free (p->recipient_id);
  g_free (p->department_id);
  g_free (p->place_id);
  g_free (p->locker_id);
  g_free (p->bag_id);
  g_free (p->size);
  g_free (p->handover);
  g_free (p->notes);
  g_free (p->status);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PackageState, package_state_clear)

static char *
column_dup (sqlite3_stmt *stmt, int i)
{
  const char *s = (const char *) sqlite3_column_text (stmt, i);

  return (s && *s) ? g_strdup (s) : NULL;
}

static gboolean
package_state_load (
  MrMutation *m, const char *field, const char *id, PackageState *p, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "SELECT tracking_number, carrier, service, recipient_id, "
                                         "department_id, place_id, locker_id, bag_id, size, "
                                         "handover, notes, status, pieces, received_at FROM "
                                         "package WHERE id = ? AND deleted = 0",
                                         error);
  char **slots[] = { &p->tracking_number, &p->carrier,       &p->service,
                     &p->recipient_id,    &p->department_id, &p->place_id,
                     &p->locker_id,       &p->bag_id,        &p->size,
                     &p->handover,        &p->notes,         &p->status };
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (id != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
            *slots[i] = column_dup (stmt, (int) i);
          p->pieces = sqlite3_column_int64 (stmt, 12);
          p->received_at = sqlite3_column_int64 (stmt, 13);
          p->id = g_strdup (id);
          found = TRUE;
        }
      sqlite3_reset (stmt);
    }
  if (!found)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, field,
                          _ ("This package does not exist (any more)."));
  return TRUE;
}

static gboolean
package_has_left (const PackageState *p)
{
  MrPackageStatus s;

  return mr_package_status_from_string (p->status, &s) && mr_package_status_is_final (s);
}

static gboolean
check_exists (MrMutation *m, const char *table, const char *field, const char *id, GError **error)
{
  if (id == NULL || mr_store_live_exists (m->store, table, id))
    return TRUE;
  if (strcmp (table, "contact") == 0)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, field,
                          _ ("The chosen contact does not exist."));
  if (strcmp (table, "department") == 0)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, field,
                          _ ("The chosen department does not exist. Choose another one or create "
                             "it first."));
  return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, field,
                        _ ("The chosen place does not exist. Choose another one or create it "
                           "first."));
}

/* A field given to package.set: TRUE when present, with its new value
 * (NULL when cleared) in @value. */
static gboolean
take_field (MrMutation *m, const char *key, char **value)
{
  if (!mr_args_has (m, key))
    return FALSE;
  g_free (*value);
  *value = mr_args_dup_string (m, key);
  return TRUE;
}

static char *
normalize_tracking (const char *text)
{
  GString *s;

  if (text == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, g_ascii_toupper (*p));
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

/* package.set */

gboolean
mr_package_set_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_auto (PackageState) p = { 0 };
  g_autofree char *for_department = NULL;
  g_autofree char *duplicate = NULL;
  gboolean tracking_changed = FALSE, recipient_changed = FALSE;
  sqlite3_stmt *stmt;

  if (!package_state_load (m, "id", id, &p, error))
    return FALSE;
  if (package_has_left (&p))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id",
                          _ ("This package has already left the mailroom: its details can no "
                             "longer be changed."));

  if (mr_args_has (m, "tracking_number"))
    {
      g_autofree char *raw = mr_args_dup_string (m, "tracking_number");
      g_autofree char *tracking = normalize_tracking (raw);

      tracking_changed = g_strcmp0 (tracking, p.tracking_number) != 0;
      g_free (p.tracking_number);
      p.tracking_number = g_steal_pointer (&tracking);
      mr_args_set_value (m, "tracking_number",
                         g_variant_new_string (p.tracking_number ? p.tracking_number : ""));
      /* A new number brings its own carrier, unless one is given. */
      if (tracking_changed && !mr_args_has (m, "carrier"))
        {
          if (!mr_package_complete_carrier (m, p.tracking_number, error))
            return FALSE;
          if (!mr_args_has (m, "carrier"))
            {
              mr_args_set_value (m, "carrier", g_variant_new_string (""));
              if (!mr_args_has (m, "service"))
                mr_args_set_value (m, "service", g_variant_new_string (""));
            }
        }
    }
  take_field (m, "carrier", &p.carrier);
  take_field (m, "service", &p.service);
  if (mr_args_has (m, "recipient_id"))
    {
      g_autofree char *old = g_strdup (p.recipient_id);

      take_field (m, "recipient_id", &p.recipient_id);
      if (!check_exists (m, "contact", "recipient_id", p.recipient_id, error))
        return FALSE;
      recipient_changed = g_strcmp0 (old, p.recipient_id) != 0;
    }
  if (take_field (m, "department_id", &p.department_id) &&
      !check_exists (m, "department", "department_id", p.department_id, error))
    return FALSE;
  if (take_field (m, "size", &p.size) && p.size != NULL && !g_strv_contains (package_sizes, p.size))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "size",
                          _ ("The package size must be XS, S, M, L, XL or custom."));
  if (mr_args_has (m, "pieces"))
    {
      p.pieces = mr_args_get_int (m, "pieces", 0);
      if (p.pieces < 1 || p.pieces > 999)
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, "pieces",
                              _ ("The number of pieces must be between 1 and 999."));
    }
  if (recipient_changed && !mr_package_complete_handover (m, p.recipient_id, p.place_id, error))
    return FALSE;
  if (take_field (m, "handover", &p.handover) && p.handover != NULL &&
      !mr_package_handover_is_valid (p.handover))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "handover",
                          _ ("The handover must be “none”, “signature” or “id_scan”."));
  take_field (m, "notes", &p.notes);

  for_department = mr_package_for_department (m->store, p.recipient_id, p.department_id);
  duplicate = mr_package_find_duplicate (m->store, id, p.tracking_number);

  stmt = mr_store_prepare (m->store,
                           "UPDATE package SET tracking_number = ?1, carrier = ?2, service = ?3, "
                           "recipient_id = ?4, department_id = ?5, size = ?6, pieces = ?7, "
                           "handover = ?8, notes = ?9, for_department_id = ?10, "
                           "duplicate_of = ?11, updated_at = ?12, workstation_id = ?13 "
                           "WHERE id = ?14",
                           error);
  if (stmt == NULL)
    return FALSE;
  mr_store_bind_text_or_null (stmt, 1, p.tracking_number);
  mr_store_bind_text_or_null (stmt, 2, p.carrier);
  mr_store_bind_text_or_null (stmt, 3, p.service);
  mr_store_bind_text_or_null (stmt, 4, p.recipient_id);
  mr_store_bind_text_or_null (stmt, 5, p.department_id);
  mr_store_bind_text_or_null (stmt, 6, p.size);
  sqlite3_bind_int64 (stmt, 7, p.pieces);
  sqlite3_bind_text (stmt, 8, p.handover ? p.handover : "none", -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 9, p.notes);
  mr_store_bind_text_or_null (stmt, 10, for_department);
  mr_store_bind_text_or_null (stmt, 11, duplicate);
  sqlite3_bind_int64 (stmt, 12, m->hlc);
  sqlite3_bind_text (stmt, 13, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  m->entity = "package";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* Events run inside another mutation: the same rules and rows as
 * "package.event", journalled as part of the outer mutation. */

static gboolean
run_package_event (MrMutation *m,
                   const char *package_id,
                   const char *kind,
                   const char *place_id,
                   const char *handed_to_id,
                   const char *event_id,
                   gint64 at,
                   GError **error)
{
  g_auto (GVariantDict) builder = G_VARIANT_DICT_INIT (NULL);
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GVariant) given = NULL;
  g_autoptr (GPtrArray) set_keys = g_ptr_array_new_with_free_func (g_free);
  MrMutationFunc func = NULL;
  MrMutation sub = { 0 };
  gboolean ok;

  for (const MrMutationDef *d = mr_package_mutations; d->name && func == NULL; d++)
    if (strcmp (d->name, "package.event") == 0)
      func = d->func;
  g_assert (func != NULL);

  g_variant_dict_insert (&builder, "package_id", "s", package_id);
  g_variant_dict_insert (&builder, "kind", "s", kind);
  g_variant_dict_insert (&builder, "at", "x", at);
  g_variant_dict_insert (&builder, "event_id", "s", event_id);
  if (place_id != NULL)
    g_variant_dict_insert (&builder, "place_id", "s", place_id);
  if (handed_to_id != NULL)
    g_variant_dict_insert (&builder, "handed_to_id", "s", handed_to_id);
  given = g_variant_ref_sink (g_variant_dict_end (&builder));
  g_variant_dict_init (&args, given);

  sub.store = m->store;
  sub.name = "package.event";
  sub.args = &args;
  sub.given = given;
  sub.set_keys = set_keys;
  sub.hlc = m->hlc;
  sub.now_ms = m->now_ms;
  sub.parent = m;
  ok = func (&sub, error);
  g_free (sub.entity_id);
  if (ok)
    mr_store_emit_changed (m->store, "package", package_id);
  return ok;
}

static gboolean
set_event_data (MrMutation *m, const char *event_id, JsonBuilder *data, GError **error)
{
  g_autoptr (JsonNode) root = json_builder_get_root (data);
  g_autofree char *text = json_to_string (root, FALSE);
  sqlite3_stmt *stmt =
    mr_store_prepare (m->store, "UPDATE package_event SET data = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, event_id, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (m->store, stmt, error);
}

/* The time of an operation: the caller's "at", or now, written back. The
 * event checks it (not in the future, not before the receipt). */
static gint64
operation_time (MrMutation *m)
{
  if (mr_args_has (m, "at"))
    return mr_args_get_int (m, "at", -1);
  mr_args_set_value (m, "at", g_variant_new_int64 (m->now_ms));
  return m->now_ms;
}

/* The event id a mutation records, journalled so a replay makes the same. */
static char *
event_id_arg (MrMutation *m, GError **error)
{
  char *id = mr_args_dup_string (m, "event_id");

  if (id == NULL)
    {
      id = mr_uuid_v7_new ();
      mr_args_set_value (m, "event_id", g_variant_new_string (id));
    }
  else if (!mr_uuid_is_valid (id))
    {
      mr_store_fail (error, MR_STORE_ERROR_INVALID, "event_id",
                     _ ("“%s” is not a valid record id."), id);
      g_free (id);
      return NULL;
    }
  return id;
}

/* package.deliver */

/* The signature as given: PNG bytes, or the base64 text a replay carries.
 * Written back as base64, which the journal holds compactly. */
static gboolean
signature_arg (MrMutation *m, GBytes **png, GError **error)
{
  g_autoptr (GVariant) v = g_variant_dict_lookup_value (m->args, "signature", NULL);
  static const guint8 magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gconstpointer data;
  gsize len = 0;

  *png = NULL;
  if (v == NULL)
    return TRUE;
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_BYTESTRING))
    {
      data = g_variant_get_fixed_array (v, &len, 1);
      *png = g_bytes_new (data, len);
    }
  else if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    {
      const char *text = g_variant_get_string (v, NULL);
      guchar *decoded;

      if (*text == '\0')
        return TRUE;
      decoded = g_base64_decode (text, &len);
      *png = g_bytes_new_take (decoded, len);
    }
  else
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "signature",
                          _ ("The signature must be a PNG image."));

  data = g_bytes_get_data (*png, &len);
  if (len == 0)
    {
      g_clear_pointer (png, g_bytes_unref);
      return TRUE;
    }
  if (len < sizeof magic || memcmp (data, magic, sizeof magic) != 0)
    {
      g_clear_pointer (png, g_bytes_unref);
      return mr_store_fail (error, MR_STORE_ERROR_INVALID, "signature",
                            _ ("The signature must be a PNG image."));
    }
  if (len > MAX_SIGNATURE_BYTES)
    {
      g_clear_pointer (png, g_bytes_unref);
      return mr_store_fail (error, MR_STORE_ERROR_INVALID, "signature",
                            _ ("The signature image is too large (more than 2 MB)."));
    }
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_BYTESTRING))
    {
      g_autofree char *b64 = g_base64_encode (data, len);

      mr_args_set_value (m, "signature", g_variant_new_string (b64));
    }
  return TRUE;
}

gboolean
mr_package_deliver_mutation (MrMutation *m, GError **error)
{
  g_autofree char *package_id = mr_args_dup_string (m, "package_id");
  g_autofree char *handed_to = mr_args_dup_string (m, "handed_to_id");
  g_autofree char *id_scan = mr_args_dup_string (m, "id_scan");
  g_autofree char *place = mr_args_dup_string (m, "place_id");
  g_autofree char *event_id = NULL;
  g_autoptr (GBytes) png = NULL;
  g_autoptr (JsonBuilder) data = NULL;
  g_auto (PackageState) p = { 0 };
  const char *required;
  gint64 at;

  if (!package_state_load (m, "package_id", package_id, &p, error))
    return FALSE;
  if (!mr_package_check_event_in (m, package_id, p.status, p.locker_id, "picked_up", NULL, error))
    return FALSE;
  if (handed_to == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "handed_to_id",
                          _ ("Choose who takes the package."));
  if (!mr_store_check_package_taker (m->store, package_id, handed_to, error) ||
      !signature_arg (m, &png, error) || !check_exists (m, "place", "place_id", place, error))
    return FALSE;

  required = p.handover ? p.handover : "none";
  if (strcmp (required, "signature") == 0 && png == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "signature",
                          _ ("This package is handed over against a signature: have the person "
                             "who takes it sign."));
  if (strcmp (required, "id_scan") == 0 && id_scan == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "id_scan",
                          _ ("This package is handed over against an ID: scan the ID of the "
                             "person who takes it."));

  event_id = event_id_arg (m, error);
  if (event_id == NULL)
    return FALSE;
  at = operation_time (m);
  if (!run_package_event (m, package_id, "picked_up", place, handed_to, event_id, at, error))
    return FALSE;

  data = json_builder_new ();
  json_builder_begin_object (data);
  json_builder_set_member_name (data, "proof");
  json_builder_add_string_value (data, required);
  if (id_scan != NULL)
    {
      json_builder_set_member_name (data, "id_scan");
      json_builder_add_string_value (data, id_scan);
    }
  json_builder_end_object (data);
  if (!set_event_data (m, event_id, data, error))
    return FALSE;

  if (png != NULL)
    {
      gsize len;
      gconstpointer bytes = g_bytes_get_data (png, &len);
      sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                             "INSERT INTO package_signature (event_id, png, "
                                             "created_at) VALUES (?, ?, ?)",
                                             error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, event_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 2, bytes, (int) len, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, m->now_ms);
      if (!mr_store_step_done (m->store, stmt, error))
        return FALSE;
    }

  m->entity = "package";
  m->entity_id = g_steal_pointer (&package_id);
  return TRUE;
}

/* handover.set */

gboolean
mr_handover_set_mutation (MrMutation *m, GError **error)
{
  g_autofree char *place = mr_args_dup_string (m, "place_id");
  g_autofree char *contact = mr_args_dup_string (m, "contact_id");
  g_autofree char *handover = mr_args_dup_string (m, "handover");
  const char *subject_id = place ? place : contact;
  sqlite3_stmt *stmt;

  if ((place == NULL) == (contact == NULL))
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "place_id",
                          _ ("Choose a place or a contact for the handover rule."));
  if (!check_exists (m, place ? "place" : "contact", place ? "place_id" : "contact_id", subject_id,
                     error))
    return FALSE;
  if (!mr_args_has (m, "handover"))
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "handover",
                          _ ("Choose the proof required at handover."));
  if (handover != NULL && !mr_package_handover_is_valid (handover))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "handover",
                          _ ("The handover must be “none”, “signature” or “id_scan”."));

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO handover_rule (subject_id, subject, handover, updated_at, "
                           "workstation_id) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (subject_id) "
                           "DO UPDATE SET handover = ?3, updated_at = ?4, workstation_id = ?5",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, subject_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, place ? "place" : "contact", -1, SQLITE_STATIC);
  mr_store_bind_text_or_null (stmt, 3, handover);
  sqlite3_bind_int64 (stmt, 4, m->hlc);
  sqlite3_bind_text (stmt, 5, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  m->entity = "handover_rule";
  m->entity_id = g_strdup (subject_id);
  return TRUE;
}

/* Bags */

typedef struct
{
  char *id;
  char *label;
  gboolean closed;
} BagRow;

static void
bag_row_clear (BagRow *b)
{
  g_free (b->id);
  g_free (b->label);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BagRow, bag_row_clear)

static gboolean
bag_load (MrMutation *m, const char *id, BagRow *b, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "SELECT label, closed_at IS NOT NULL FROM bag "
                                         "WHERE id = ? AND deleted = 0",
                                         error);

  if (stmt == NULL)
    return FALSE;
  if (id != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          b->id = g_strdup (id);
          b->label = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          b->closed = sqlite3_column_int (stmt, 1);
        }
      sqlite3_reset (stmt);
    }
  if (b->id == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This bag does not exist (any more)."));
  return TRUE;
}

/* Stamps a bag changed; @closed: -1 keeps it as it is, 0 opens it, 1
 * closes it now. */
static gboolean
bag_update (MrMutation *m, const char *id, int closed, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "UPDATE bag SET closed_at = CASE ?1 WHEN -1 THEN "
                                         "closed_at WHEN 0 THEN NULL ELSE ?2 END, updated_at = ?3, "
                                         "workstation_id = ?4 WHERE id = ?5",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, closed);
  sqlite3_bind_int64 (stmt, 2, m->now_ms);
  sqlite3_bind_int64 (stmt, 3, m->hlc);
  sqlite3_bind_text (stmt, 4, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (m->store, stmt, error);
}

/* "BAG-" and 8 characters of Crockford's base32, from the time and a
 * little randomness; uniqueness is still checked. */
static char *
new_bag_label (gint64 now_ms)
{
  static const char base32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  char buf[4 + 8 + 1] = "BAG-";
  guint8 rnd[2] = { 0 };
  guint64 v;

  mr_random_bytes (rnd, sizeof rnd);
  /* 30 bits of seconds (34 years) and 10 random bits. */
  v = (((guint64) now_ms / 1000) & 0x3fffffff) << 10 | ((rnd[0] << 8 | rnd[1]) & 0x3ff);
  for (int i = 0; i < 8; i++)
    buf[4 + i] = base32[(v >> (35 - 5 * i)) & 31];
  buf[12] = '\0';
  return g_strdup (buf);
}

static gboolean
bag_label_taken (MrMutation *m, const char *label)
{
  return mr_store_query_int (m->store,
                             "SELECT count(*) FROM bag WHERE label = ? COLLATE NOCASE AND "
                             "deleted = 0",
                             label) > 0;
}

gboolean
mr_bag_create_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_take_or_new_id (m);
  g_autofree char *label = mr_args_dup_string (m, "label");
  g_autofree char *place = mr_args_dup_string (m, "place_id");
  sqlite3_stmt *stmt;

  if (!mr_store_check_new_id (m->store, "bag", id, error) ||
      !check_exists (m, "place", "place_id", place, error))
    return FALSE;
  if (label != NULL && bag_label_taken (m, label))
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "label",
                          _ ("Another bag is already labelled “%s”."), label);
  for (guint attempt = 0; label == NULL; attempt++)
    {
      g_autofree char *candidate = new_bag_label (m->now_ms);

      if (!bag_label_taken (m, candidate))
        label = g_steal_pointer (&candidate);
      else if (attempt > 16)
        return mr_store_fail (error, MR_STORE_ERROR_FAILED, "label",
                              _ ("Could not make a unique bag label. Try again."));
      if (label != NULL)
        mr_args_set_value (m, "label", g_variant_new_string (label));
    }

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO bag (id, label, place_id, created_at, updated_at, "
                           "workstation_id) VALUES (?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, label, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 3, place);
  sqlite3_bind_int64 (stmt, 4, m->now_ms);
  sqlite3_bind_int64 (stmt, 5, m->hlc);
  sqlite3_bind_text (stmt, 6, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  m->entity = "bag";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
set_package_bag (MrMutation *m, const char *package_id, const char *bag_id, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "UPDATE package SET bag_id = ?, updated_at = ?, "
                                         "workstation_id = ? WHERE id = ?",
                                         error);

  if (stmt == NULL)
    return FALSE;
  mr_store_bind_text_or_null (stmt, 1, bag_id);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, package_id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  mr_store_emit_changed (m->store, "package", package_id);
  return TRUE;
}

static gboolean
check_bag_open (const BagRow *b, GError **error)
{
  if (b->closed)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id",
                          _ ("Bag %s is closed: reopen it to add or take out packages."), b->label);
  return TRUE;
}

gboolean
mr_bag_add_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autofree char *package_id = mr_args_dup_string (m, "package_id");
  g_auto (BagRow) bag = { 0 };
  g_auto (PackageState) p = { 0 };

  if (!bag_load (m, id, &bag, error) || !check_bag_open (&bag, error) ||
      !package_state_load (m, "package_id", package_id, &p, error))
    return FALSE;
  if (package_has_left (&p))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "package_id",
                          _ ("This package has already left the mailroom: it cannot go into a "
                             "bag."));
  if (p.locker_id != NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "package_id",
                          _ ("This package is in a locker: take it out before putting it in a "
                             "bag."));
  if (g_strcmp0 (p.bag_id, id) == 0)
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "package_id",
                          _ ("This package is already in bag %s."), bag.label);
  if (p.bag_id != NULL)
    {
      g_auto (BagRow) other = { 0 };

      /* From one open bag to another; a closed bag stays as it was sealed. */
      if (bag_load (m, p.bag_id, &other, NULL) && other.closed)
        return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "package_id",
                              _ ("This package is in bag %s, which is closed: reopen that bag "
                                 "to take it out."),
                              other.label);
      if (other.id != NULL)
        mr_store_emit_changed (m->store, "bag", other.id);
    }
  if (!set_package_bag (m, package_id, id, error) || !bag_update (m, id, -1, error))
    return FALSE;
  m->entity = "bag";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
mr_bag_remove_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autofree char *package_id = mr_args_dup_string (m, "package_id");
  g_auto (BagRow) bag = { 0 };
  g_auto (PackageState) p = { 0 };

  if (!bag_load (m, id, &bag, error) || !check_bag_open (&bag, error) ||
      !package_state_load (m, "package_id", package_id, &p, error))
    return FALSE;
  if (g_strcmp0 (p.bag_id, id) != 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "package_id",
                          _ ("This package is not in bag %s."), bag.label);
  if (!set_package_bag (m, package_id, NULL, error) || !bag_update (m, id, -1, error))
    return FALSE;
  m->entity = "bag";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
mr_bag_close_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_auto (BagRow) bag = { 0 };

  if (!bag_load (m, id, &bag, error))
    return FALSE;
  if (bag.closed)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id", _ ("Bag %s is already closed."),
                          bag.label);
  if (!bag_update (m, id, 1, error))
    return FALSE;
  m->entity = "bag";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
mr_bag_reopen_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_auto (BagRow) bag = { 0 };

  if (!bag_load (m, id, &bag, error))
    return FALSE;
  if (!bag.closed)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id", _ ("Bag %s is open."), bag.label);
  if (!bag_update (m, id, 0, error))
    return FALSE;
  m->entity = "bag";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
mr_bag_move_mutation (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autofree char *place = mr_args_dup_string (m, "place_id");
  g_autoptr (GPtrArray) packages = g_ptr_array_new_with_free_func (g_free);
  g_auto (BagRow) bag = { 0 };
  g_auto (MrLockerIds) events = { 0 };
  sqlite3_stmt *stmt;
  gint64 at;

  if (!bag_load (m, id, &bag, error))
    return FALSE;
  if (place == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "place_id",
                          _ ("Choose the place the bag was moved to."));
  if (!check_exists (m, "place", "place_id", place, error))
    return FALSE;
  at = operation_time (m);

  stmt = mr_store_prepare (m->store,
                           "UPDATE bag SET place_id = ?, updated_at = ?, workstation_id = ? "
                           "WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, place, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  /* What is still in the mailroom goes with the bag; a package handed
   * over or put in a locker since it was bagged stays where it is. */
  stmt = mr_store_prepare (m->store,
                           "SELECT id FROM package WHERE bag_id = ? AND deleted = 0 AND "
                           "locker_id IS NULL AND status NOT IN ('picked_up','returned',"
                           "'removed') ORDER BY received_at, rowid",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (packages, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  mr_locker_ids_init (&events, m, "event_ids");
  for (guint i = 0; i < packages->len; i++)
    {
      const char *event_id = mr_locker_ids_next (&events, error);
      g_autoptr (JsonBuilder) data = json_builder_new ();

      if (event_id == NULL || !run_package_event (m, g_ptr_array_index (packages, i), "moved",
                                                  place, NULL, event_id, at, error))
        return FALSE;
      json_builder_begin_object (data);
      json_builder_set_member_name (data, "bag_id");
      json_builder_add_string_value (data, id);
      json_builder_end_object (data);
      if (!set_event_data (m, event_id, data, error))
        return FALSE;
    }
  mr_locker_ids_finish (&events);

  m->entity = "bag";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}
