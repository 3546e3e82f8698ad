/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-locker-layout.h"
#include "mr-lockers.h"
#include "mr-store-private.h"

G_BEGIN_DECLS

/* What the locker modules share: mr-lockers.c (banks, doors, status),
 * mr-locker-ops.c (reservations, drop-off, pickup, expiry), mr-locker-map.c
 * (reading) and mr-locker-code.c (pickup codes). */

/* A door's size class (0 = XS … 4 = XL) in SQL, for the door aliased l. */
#define MR_LOCKER_CLASS_SQL                                                                  \
  "(CASE l.size WHEN 'XS' THEN 0 WHEN 'S' THEN 1 WHEN 'M' THEN 2 WHEN 'L' THEN 3 WHEN 'XL' " \
  "THEN 4 ELSE (CASE WHEN l.height_cm >= 60 THEN 4 WHEN l.height_cm >= 40 THEN 3 "           \
  "WHEN l.height_cm >= 25 THEN 2 WHEN l.height_cm >= 15 THEN 1 ELSE 0 END) END)"

/* Within reach for a recipient who needs accommodations, in SQL. */
#define MR_LOCKER_ACCESSIBLE_SQL "(l.bottom_cm >= 38 AND l.bottom_cm + l.height_cm <= 122)"

/* "S=2,M=1" or {"S":2,"M":1} (blank: none). FALSE when not understood. */
gboolean mr_locker_parse_keep (const char *text, guint keep[MR_LOCKER_N_SIZES]);
char *mr_locker_keep_to_json (const guint keep[MR_LOCKER_N_SIZES]);

/* A bank's settings (no counts). */
MrLockerBank *mr_locker_bank_load (MrStore *store, const char *bank_id);

/* mr_locker_code_verify(), with the HMAC keyed by @salt kept on @store
 * (bounded): a new code is checked against every open delivery of a bank
 * at each drop-off, and keying is half the cost (mr-locker-ops.c). */
gboolean
mr_locker_code_matches (MrStore *store, const char *salt, const char *hash, const char *code);

/* The tag of @code in @bank_id, 0 … 255: what locker_delivery.code_tag
 * holds, so that a new code is checked against the few open deliveries
 * with the same tag (mr-locker-code.c). */
#define MR_LOCKER_CODE_TAG_MAX 255
guint mr_locker_code_tag (const char *bank_id, const char *code);
/* Whether an open delivery of @bank_id has @code (mr-locker-ops.c): what
 * a new code must not be. */
gboolean mr_locker_code_in_use (MrStore *store, const char *bank_id, const char *code);

/* Appends to a door's history with JSON @data (may be NULL). */
gboolean mr_locker_append_event_data (MrMutation *m,
                                      const char *locker_id,
                                      const char *kind,
                                      gint64 at,
                                      const char *data,
                                      GError **error);
/* Whether a door holds packages, an active reservation or an open
 * delivery: then it cannot be removed or rebuilt. */
gboolean mr_locker_is_in_use (MrStore *store, const char *locker_id);
/* The door's number, for messages. */
char *mr_locker_get_number (MrStore *store, const char *locker_id);

/* Runs the package mutation "package.event" inside @m: same rules, same
 * rows, no journal entry of its own (the locker mutation is the one that
 * replays). @event_id may be NULL (a new one). */
gboolean mr_locker_run_package_event (MrMutation *m,
                                      const char *package_id,
                                      const char *kind,
                                      const char *locker_id,
                                      const char *place_id,
                                      const char *handed_to_id,
                                      const char *event_id,
                                      gint64 at,
                                      GError **error);

/* The time of an operation: the caller's "at" (not in the future), or
 * now, written back into the journalled arguments. */
gboolean mr_locker_op_time (MrMutation *m, gint64 *at, GError **error);

/* The ids a mutation creates or uses, journalled as a string array so a
 * replay makes the same ones: taken from the argument @key when given,
 * else made and written back. */
typedef struct
{
  MrMutation *m;
  const char *key;
  GPtrArray *ids;
  guint next;
  gboolean given;
} MrLockerIds;

void mr_locker_ids_init (MrLockerIds *ids, MrMutation *m, const char *key);
/* The next id, or NULL (error set) when the given list is too short or
 * holds a malformed id. */
const char *mr_locker_ids_next (MrLockerIds *ids, GError **error);
/* Writes the ids back into the journalled arguments; frees the list. */
void mr_locker_ids_finish (MrLockerIds *ids);
void mr_locker_ids_clear (MrLockerIds *ids);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MrLockerIds, mr_locker_ids_clear)

/* Mutations of mr-locker-ops.c and mr-locker-pickup.c, listed in
 * mr_locker_mutations. */
gboolean mr_locker_reserve (MrMutation *m, GError **error);
gboolean mr_locker_reservation_extend (MrMutation *m, GError **error);
gboolean mr_locker_reservation_end (MrMutation *m, GError **error);
gboolean mr_locker_dropoff_mutation (MrMutation *m, GError **error);
gboolean mr_locker_pickup_mutation (MrMutation *m, GError **error);
gboolean mr_locker_code_attempt_mutation (MrMutation *m, GError **error);
gboolean mr_locker_expire_mutation (MrMutation *m, GError **error);

/* Mutations of mr-locker-doors.c, listed in mr_locker_mutations. */
gboolean mr_locker_open_mutation (MrMutation *m, GError **error);
gboolean mr_locker_door_state_mutation (MrMutation *m, GError **error);
gboolean mr_locker_empty_mutation (MrMutation *m, GError **error);
gboolean mr_locker_reopen_mutation (MrMutation *m, GError **error);
gboolean mr_locker_remove_expired_mutation (MrMutation *m, GError **error);

/* Choosing a door (mr-locker-choose.c) */

/* What a drop-off or a reservation needs of a door. */
typedef struct
{
  MrLockerBank *bank;
  const char *contact_id;    /* the recipient, or the person storing */
  const char *department_id; /* a department's delivery or storage */
  const char *package_id;
  MrLockerSize need;   /* size class the door must hold */
  gboolean accessible; /* the recipient needs accommodations */
  gboolean storage;    /* not a delivery: never a delivery-only door */
} MrLockerWant;

/* The size class a package of @size needs (a custom parcel: XL). */
MrLockerSize mr_locker_package_size_class (const char *size);
gboolean mr_locker_contact_needs_accessibility (MrStore *store, const char *contact_id);
/* The text of column 0 of @stmt's first row, or NULL; resets @stmt. */
char *mr_locker_first_id (sqlite3_stmt *stmt);
/* The doors the rules try in turn, each NULL when it has none. */
char *mr_locker_choose_dedicated (MrStore *store, const MrLockerWant *w);
char *mr_locker_choose_reserved (MrStore *store, const MrLockerWant *w);
char *mr_locker_choose_existing (MrStore *store, const MrLockerWant *w);
char *mr_locker_choose_free (MrStore *store, const MrLockerWant *w);
/* Whether taking the free door @locker_id for storage leaves the bank the
 * free doors of its size it keeps for deliveries. */
gboolean mr_locker_leaves_enough_for_delivery (MrStore *store,
                                               const MrLockerBank *bank,
                                               const char *locker_id);
/* Fails with why no door is free, in words an operator can act on. */
gboolean mr_locker_fail_no_locker (MrStore *store, const MrLockerWant *w, GError **error);
/* Whether the door @locker_id, chosen by hand, suits @w (@free: it must
 * hold nothing); fails saying why not. */
gboolean mr_locker_check_door (
  MrStore *store, const MrLockerWant *w, const char *locker_id, gboolean free, GError **error);

G_END_DECLS
