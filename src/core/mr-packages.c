/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-packages"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-package-private.h"
#include "mr-uuid.h"

/* Named mutations of inbound packages. A package's history is an
 * append-only list of package_event rows; its status column is a cache of
 * what the last event implies, and its locker_id says which locker holds
 * it right now. */

/* Events stamped this far in the future are refused: a workstation clock
 * may be a little off, a typed date a year ahead is a mistake. */
#define FUTURE_SLACK_MS (5 * 60 * 1000)

typedef enum
{
  LOCKER_KEEP,  /* the package stays where it is */
  LOCKER_ENTER, /* the package goes into the event's locker */
  LOCKER_LEAVE, /* the package leaves its locker, if any */
} LockerEffect;

typedef struct
{
  const char *kind;
  const char *status;
  LockerEffect locker;
} EventDef;

/* What each event does to the package. A reminder is a second
 * notification, so it keeps the status "notified". */
static const EventDef event_defs[] = {
  { "received", "received", LOCKER_KEEP },    { "moved", "at_place", LOCKER_LEAVE },
  { "in_locker", "in_locker", LOCKER_ENTER }, { "notified", "notified", LOCKER_KEEP },
  { "reminded", "notified", LOCKER_KEEP },    { "picked_up", "picked_up", LOCKER_LEAVE },
  { "returned", "returned", LOCKER_LEAVE },   { "expired", "expired", LOCKER_KEEP },
  { "removed", "removed", LOCKER_LEAVE },
};

static const char *const final_statuses[] = { "picked_up", "returned", "removed", NULL };
static const char *const package_sizes[] = { "XS", "S", "M", "L", "XL", "custom", NULL };
static const char *const handovers[] = { "none", "signature", "id_scan", NULL };

static const EventDef *
find_event_def (const char *kind)
{
  for (guint i = 0; kind && i < G_N_ELEMENTS (event_defs); i++)
    if (strcmp (event_defs[i].kind, kind) == 0)
      return &event_defs[i];
  return NULL;
}

/* The time of an event: the caller's "at", or now. It is written back into
 * the journaled arguments so that a replay stamps the same time. */
static gboolean
event_time (MrMutation *m, gint64 *at, GError **error)
{
  if (!mr_args_has (m, "at"))
    {
      *at = m->now_ms;
      mr_args_set_value (m, "at", g_variant_new_int64 (*at));
      return TRUE;
    }
  *at = mr_args_get_int (m, "at", -1);
  if (*at <= 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "at",
                          _ ("The date of the event is not valid."));
  if (*at > m->now_ms + FUTURE_SLACK_MS)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "at",
                          _ ("The date of the event is in the future. Check the workstation's "
                             "clock or the date you entered."));
  return TRUE;
}

static gboolean
check_reference (
  MrMutation *m, const char *table, const char *field, const char *id, GError **error)
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
  if (strcmp (table, "locker") == 0)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, field,
                          _ ("This locker does not exist (any more)."));
  return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, field,
                        _ ("The chosen place does not exist. Choose another one or create it "
                           "first."));
}

/* Crockford's base32: no I, L, O or U, so a label read aloud or typed by
 * hand is unambiguous. */
static const char base32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* "MR-" + 8 characters of time (40 bits of milliseconds) + 4 random ones
 * (20 bits): short enough to print and type, ordered by time, and unique
 * in practice; uniqueness is still checked. */
static char *
new_internal_id (gint64 now_ms)
{
  char buf[3 + 12 + 1] = "MR-";
  guint8 rnd[3] = { 0 };
  guint64 r;

  mr_random_bytes (rnd, sizeof rnd);
  r = ((guint64) rnd[0] << 16 | (guint64) rnd[1] << 8 | rnd[2]) & 0xfffff;
  for (int i = 0; i < 8; i++)
    buf[3 + i] = base32[((guint64) now_ms >> (35 - 5 * i)) & 31];
  for (int i = 0; i < 4; i++)
    buf[11 + i] = base32[(r >> (15 - 5 * i)) & 31];
  buf[15] = '\0';
  return g_strdup (buf);
}

static gboolean
internal_id_taken (MrMutation *m, const char *internal_id)
{
  return mr_store_query_int (m->store, "SELECT count(*) FROM package WHERE internal_id = ?",
                             internal_id) > 0;
}

/* Scanners send the number as printed; people type it with spaces. */
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

static gboolean
insert_event (MrMutation *m,
              const char *event_id,
              const char *package_id,
              const char *kind,
              gint64 at,
              const char *place_id,
              const char *locker_id,
              const char *previous_status,
              const char *handed_to_id,
              GError **error)
{
  sqlite3_stmt *stmt =
    mr_store_prepare (m->store,
                      "INSERT INTO package_event (id, package_id, kind, at, hlc, user_id, "
                      "workstation_id, place_id, locker_id, previous_status, handed_to_id) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce (?8, (SELECT place_id FROM "
                      "package WHERE id = ?2)), ?9, ?10, ?11)",
                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, event_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, package_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, at);
  sqlite3_bind_int64 (stmt, 5, m->hlc);
  mr_store_bind_text_or_null (stmt, 6, mr_store_get_user_id (m->store));
  sqlite3_bind_text (stmt, 7, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  mr_store_bind_text_or_null (stmt, 8, place_id);
  mr_store_bind_text_or_null (stmt, 9, locker_id);
  mr_store_bind_text_or_null (stmt, 10, previous_status);
  mr_store_bind_text_or_null (stmt, 11, handed_to_id);
  return mr_store_step_done (m->store, stmt, error);
}

/* package.receive */

static gboolean
package_receive_validate (MrMutation *m, const char *id, char **internal_id, GError **error)
{
  g_autofree char *recipient = mr_args_dup_string (m, "recipient_id");
  g_autofree char *department = mr_args_dup_string (m, "department_id");
  g_autofree char *place = mr_args_dup_string (m, "place_id");
  g_autofree char *size = mr_args_dup_string (m, "size");
  g_autofree char *handover = mr_args_dup_string (m, "handover");
  gint64 pieces = mr_args_get_int (m, "pieces", 1);

  if (!mr_store_check_new_id (m->store, "package", id, error))
    return FALSE;
  if (!check_reference (m, "contact", "recipient_id", recipient, error) ||
      !check_reference (m, "department", "department_id", department, error) ||
      !check_reference (m, "place", "place_id", place, error))
    return FALSE;
  if (pieces < 1 || pieces > 999)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "pieces",
                          _ ("The number of pieces must be between 1 and 999."));
  if (size != NULL && !g_strv_contains (package_sizes, size))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "size",
                          _ ("The package size must be XS, S, M, L, XL or custom."));
  if (handover != NULL && !g_strv_contains (handovers, handover))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "handover",
                          _ ("The handover must be “none”, “signature” or “id_scan”."));

  *internal_id = mr_args_dup_string (m, "internal_id");
  if (*internal_id != NULL)
    {
      if (internal_id_taken (m, *internal_id))
        return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "internal_id",
                              _ ("Another package already has the internal ID “%s”."),
                              *internal_id);
      return TRUE;
    }
  for (guint attempt = 0; *internal_id == NULL; attempt++)
    {
      g_autofree char *candidate = new_internal_id (m->now_ms);

      if (!internal_id_taken (m, candidate))
        *internal_id = g_steal_pointer (&candidate);
      else if (attempt > 16)
        return mr_store_fail (error, MR_STORE_ERROR_FAILED, "internal_id",
                              _ ("Could not make a unique internal ID. Try again."));
    }
  mr_args_set_value (m, "internal_id", g_variant_new_string (*internal_id));
  return TRUE;
}

static gboolean
package_receive (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_take_or_new_id (m);
  g_autofree char *internal_id = NULL;
  g_autofree char *raw_tracking = mr_args_dup_string (m, "tracking_number");
  g_autofree char *tracking = normalize_tracking (raw_tracking);
  g_autofree char *event_id = mr_uuid_v7_new ();
  g_autofree char *place = mr_args_dup_string (m, "place_id");
  g_autofree char *handover = NULL;
  g_autofree char *for_department = NULL;
  g_autofree char *duplicate = NULL;
  gint64 at;
  sqlite3_stmt *stmt;

  if (!package_receive_validate (m, id, &internal_id, error) || !event_time (m, &at, error))
    return FALSE;
  if (tracking != NULL)
    mr_args_set_value (m, "tracking_number", g_variant_new_string (tracking));
  mr_args_set_value (m, "event_id", g_variant_new_string (event_id));

  /* What the scan alone tells (the carrier) and what the rules say (the
   * proof at handover), written back for replay; what the lists need
   * (the department it is for, an earlier package with the same number). */
  {
    g_autofree char *recipient = mr_args_dup_string (m, "recipient_id");
    g_autofree char *department = mr_args_dup_string (m, "department_id");

    if (!mr_package_complete_carrier (m, tracking, error) ||
        !mr_package_complete_handover (m, recipient, place, error))
      return FALSE;
    for_department = mr_package_for_department (m->store, recipient, department);
    duplicate = mr_package_find_duplicate (m->store, id, tracking);
    handover = mr_args_dup_string (m, "handover");
  }

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO package (id, tracking_number, internal_id, carrier, "
                           "service, recipient_id, department_id, place_id, size, pieces, "
                           "handover, status, received_at, received_by, notes, created_at, "
                           "updated_at, workstation_id, for_department_id, duplicate_of) VALUES "
                           "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'received', ?12, ?13, "
                           "?14, ?15, ?16, ?17, ?18, ?19)",
                           error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autofree char *carrier = mr_args_dup_string (m, "carrier");
    g_autofree char *service = mr_args_dup_string (m, "service");
    g_autofree char *recipient = mr_args_dup_string (m, "recipient_id");
    g_autofree char *department = mr_args_dup_string (m, "department_id");
    g_autofree char *size = mr_args_dup_string (m, "size");
    g_autofree char *notes = mr_args_dup_string (m, "notes");

    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
    mr_store_bind_text_or_null (stmt, 2, tracking);
    sqlite3_bind_text (stmt, 3, internal_id, -1, SQLITE_TRANSIENT);
    mr_store_bind_text_or_null (stmt, 4, carrier);
    mr_store_bind_text_or_null (stmt, 5, service);
    mr_store_bind_text_or_null (stmt, 6, recipient);
    mr_store_bind_text_or_null (stmt, 7, department);
    mr_store_bind_text_or_null (stmt, 8, place);
    mr_store_bind_text_or_null (stmt, 9, size);
    sqlite3_bind_int64 (stmt, 10, mr_args_get_int (m, "pieces", 1));
    sqlite3_bind_text (stmt, 11, handover ? handover : "none", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 12, at);
    mr_store_bind_text_or_null (stmt, 13, mr_store_get_user_id (m->store));
    mr_store_bind_text_or_null (stmt, 14, notes);
    sqlite3_bind_int64 (stmt, 15, m->now_ms);
    sqlite3_bind_int64 (stmt, 16, m->hlc);
    sqlite3_bind_text (stmt, 17, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
    mr_store_bind_text_or_null (stmt, 18, for_department);
    mr_store_bind_text_or_null (stmt, 19, duplicate);
  }
  if (!mr_store_step_done (m->store, stmt, error) ||
      !insert_event (m, event_id, id, "received", at, place, NULL, NULL, NULL, error))
    return FALSE;

  m->entity = "package";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* package.event */

typedef struct
{
  char *status;
  char *recipient_id;
  char *locker_id;
  gint64 received_at;
} PackageRow;

static void
package_row_clear (PackageRow *r)
{
  g_free (r->status);
  g_free (r->recipient_id);
  g_free (r->locker_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PackageRow, package_row_clear)

static gboolean
package_load (MrStore *store, const char *id, PackageRow *r)
{
  sqlite3_stmt *stmt = mr_store_prepare (store,
                                         "SELECT status, recipient_id, locker_id, received_at "
                                         "FROM package WHERE id = ? AND deleted = 0",
                                         NULL);
  gboolean found = FALSE;

  if (stmt == NULL || id == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      r->status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      r->recipient_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      r->locker_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      r->received_at = sqlite3_column_int64 (stmt, 3);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* Whether @locker_id may take the package: it must be in service, and a
 * locker holds one recipient's packages at a time (and several only when
 * its bank allows adding to an existing locker). */
static gboolean
check_locker_free (
  MrMutation *m, const char *package_id, PackageRow *pkg, const char *locker_id, GError **error)
{
  g_autofree char *number =
    mr_store_query_text (m->store, "SELECT number FROM locker WHERE id = ?", locker_id);
  sqlite3_stmt *stmt;
  gint64 others = 0, strangers = 0, add_allowed = 1;

  if (mr_store_query_int (m->store, "SELECT out_of_service FROM locker WHERE id = ?", locker_id))
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                          _ ("Locker %s is out of service. Choose another locker."), number);

  stmt = mr_store_prepare (m->store,
                           "SELECT count(*), coalesce (sum (recipient_id IS NOT ?2 OR "
                           "recipient_id IS NULL), 0), (SELECT b.allow_add_to_existing FROM "
                           "locker l JOIN locker_bank b ON b.id = l.bank_id WHERE l.id = ?1) "
                           "FROM package WHERE locker_id = ?1 AND deleted = 0 AND id <> ?3",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, pkg->recipient_id);
  sqlite3_bind_text (stmt, 3, package_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      others = sqlite3_column_int64 (stmt, 0);
      strangers = sqlite3_column_int64 (stmt, 1);
      add_allowed = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (strangers > 0)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                          _ ("Locker %s already holds a package for someone else. Choose another "
                             "locker."),
                          number);
  if (others > 0 && !add_allowed)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                          _ ("Locker %s is occupied and this locker bank does not allow adding "
                             "packages to an occupied locker."),
                          number);

  stmt = mr_store_prepare (m->store,
                           "SELECT count(*) FROM reservation WHERE locker_id = ?1 AND deleted = 0 "
                           "AND state = 'active' AND package_id IS NOT ?2 AND "
                           "(contact_id IS NULL OR contact_id IS NOT ?3)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, package_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 3, pkg->recipient_id);
  others = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (others > 0)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                          _ ("Locker %s is reserved for someone else. Choose another locker."),
                          number);
  return TRUE;
}

static gboolean
package_event_validate (MrMutation *m,
                        const char *package_id,
                        PackageRow *pkg,
                        const EventDef *def,
                        const char *place,
                        const char *locker,
                        const char *handed_to,
                        gint64 at,
                        GError **error)
{
  if (pkg->status != NULL && g_strv_contains (final_statuses, pkg->status))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("This package has already left the mailroom (picked up, returned or "
                             "removed); its history is closed."));
  if (at < pkg->received_at)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "at",
                          _ ("The event cannot be dated before the package was received."));
  if (!check_reference (m, "place", "place_id", place, error) ||
      !check_reference (m, "contact", "handed_to_id", handed_to, error))
    return FALSE;
  if (def->locker == LOCKER_ENTER)
    {
      if (locker == NULL)
        return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "locker_id", _ ("Choose a locker."));
      if (!check_reference (m, "locker", "locker_id", locker, error) ||
          !check_locker_free (m, package_id, pkg, locker, error))
        return FALSE;
    }
  else if (locker != NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "locker_id",
                          _ ("Only putting a package in a locker names a locker."));
  if (strcmp (def->kind, "moved") == 0 && place == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "place_id",
                          _ ("Choose the place the package was moved to."));
  /* The state machine (mr-package-query.c), and who may take it. */
  return mr_package_check_event_in (m, package_id, pkg->status, pkg->locker_id, def->kind,
                                    handed_to, error);
}

static gboolean
package_event (MrMutation *m, GError **error)
{
  g_autofree char *package_id = mr_args_dup_string (m, "package_id");
  g_autofree char *kind = mr_args_dup_string (m, "kind");
  g_autofree char *place = mr_args_dup_string (m, "place_id");
  g_autofree char *locker = mr_args_dup_string (m, "locker_id");
  g_autofree char *handed_to = mr_args_dup_string (m, "handed_to_id");
  g_autofree char *event_id = mr_args_dup_string (m, "event_id");
  g_auto (PackageRow) pkg = { 0 };
  const EventDef *def = find_event_def (kind);
  const char *event_locker = NULL;
  const char *new_locker = NULL;
  sqlite3_stmt *stmt;
  gint64 at;

  if (!package_load (m->store, package_id, &pkg))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "package_id",
                          _ ("This package does not exist (any more)."));
  if (def == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("“%s” is not a kind of package event."), kind ? kind : "");
  /* Into a locker only through the drop-off ("locker.dropoff"), which
   * runs this event inside its own mutation: it holds the rules this
   * event does not (out of service, size, reach, reservations,
   * dedication, doors kept for deliveries) and opens the delivery with
   * its pickup code. */
  if (def->locker == LOCKER_ENTER && m->parent == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("A package is put in a locker with the drop-off, which checks the "
                             "locker’s rules and makes the pickup code. Use the drop-off "
                             "instead."));
  if (!event_time (m, &at, error) ||
      !package_event_validate (m, package_id, &pkg, def, place, locker, handed_to, at, error))
    return FALSE;
  if (event_id == NULL)
    {
      event_id = mr_uuid_v7_new ();
      mr_args_set_value (m, "event_id", g_variant_new_string (event_id));
    }
  else if (!mr_uuid_is_valid (event_id) ||
           mr_store_query_int (m->store, "SELECT count(*) FROM package_event WHERE id = ?",
                               event_id) > 0)
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "event_id",
                          _ ("This event was already recorded."));

  /* The event row names the locker involved: the one entered, or the one
   * left, so the history says where the package came out of. */
  switch (def->locker)
    {
    case LOCKER_ENTER:
      event_locker = new_locker = locker;
      break;
    case LOCKER_LEAVE:
      event_locker = pkg.locker_id;
      new_locker = NULL;
      break;
    case LOCKER_KEEP:
    default:
      event_locker = new_locker = pkg.locker_id;
      break;
    }

  stmt = mr_store_prepare (m->store,
                           "UPDATE package SET status = ?1, locker_id = ?2, "
                           "place_id = coalesce (?3, place_id), updated_at = ?4, "
                           "workstation_id = ?5 WHERE id = ?6",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, def->status, -1, SQLITE_STATIC);
  mr_store_bind_text_or_null (stmt, 2, new_locker);
  mr_store_bind_text_or_null (stmt, 3, place);
  sqlite3_bind_int64 (stmt, 4, m->hlc);
  sqlite3_bind_text (stmt, 5, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, package_id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error) ||
      !insert_event (m, event_id, package_id, def->kind, at, place, event_locker, pkg.status,
                     handed_to, error))
    return FALSE;

  /* Both lockers re-derive their status: the one left may now be free,
   * the one entered is occupied, an expiry marks the locker expired. */
  if (pkg.locker_id != NULL && g_strcmp0 (pkg.locker_id, new_locker) != 0)
    {
      if (!mr_locker_refresh_status (m, pkg.locker_id, error) ||
          !mr_locker_append_event (m, pkg.locker_id, def->kind, at, package_id, error))
        return FALSE;
      mr_store_emit_changed (m->store, "locker", pkg.locker_id);
    }
  if (new_locker != NULL)
    {
      if (!mr_locker_refresh_status (m, new_locker, error))
        return FALSE;
      if (g_strcmp0 (pkg.locker_id, new_locker) != 0 || strcmp (def->kind, "expired") == 0)
        {
          if (!mr_locker_append_event (m, new_locker, def->kind, at, package_id, error))
            return FALSE;
          mr_store_emit_changed (m->store, "locker", new_locker);
        }
    }

  m->entity = "package";
  m->entity_id = g_steal_pointer (&package_id);
  return TRUE;
}

const MrMutationDef mr_package_mutations[] = {
  { "package.receive", package_receive },
  { "package.event", package_event },
  /* mr-package-ops.c */
  { "package.set", mr_package_set_mutation },
  { "package.deliver", mr_package_deliver_mutation },
  { "handover.set", mr_handover_set_mutation },
  { "bag.create", mr_bag_create_mutation },
  { "bag.add", mr_bag_add_mutation },
  { "bag.remove", mr_bag_remove_mutation },
  { "bag.close", mr_bag_close_mutation },
  { "bag.reopen", mr_bag_reopen_mutation },
  { "bag.move", mr_bag_move_mutation },
  { NULL, NULL },
};
