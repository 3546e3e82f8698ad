/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

/* Inbound packages: receiving, the chain of custody, bags and handover.
 *
 * Every change goes through mr_store_apply():
 *
 *   package.receive (id?, tracking_number?, carrier?, service?, recipient_id?,
 *       department_id?, place_id?, size?, pieces?, handover?, notes?, internal_id?, at?)
 *       Without carrier, the carrier is recognised from the tracking number (the
 *       best candidate of mr_carrier_rules_identify(); none fits: unknown carrier,
 *       accepted). Without handover, the rules apply (mr_store_resolve_handover()).
 *       Both are written back into the journalled arguments. A tracking number
 *       that was already received is accepted and flagged (mr_package_get_duplicate_of()).
 *       Every package gets an internal ID ("MR-…"); one that came without a tracking
 *       number needs a label with it (mr_package_needs_label()).
 *   package.set (id, tracking_number?, carrier?, service?, recipient_id?, department_id?,
 *       size?, pieces?, handover?, notes?)
 *       What the clerk fills in after the scan. An empty string clears a field. A new
 *       recipient without a handover brings the rules' handover. Not once the package
 *       has left the mailroom.
 *   package.event (package_id, kind, place_id?, handed_to_id?, at?, event_id?)
 *       kind: moved (needs place_id), notified, reminded, picked_up, returned, expired,
 *       removed (in_locker: through locker.dropoff only). Checked against the state
 *       machine, mr_package_check_event(). A picked_up event that names who took the
 *       package is checked like a handover (mr_store_check_package_taker()); the
 *       handover at the counter, with its proof, is package.deliver.
 *   package.deliver (package_id, handed_to_id, signature? (ay: PNG, or s: base64),
 *       id_scan?, place_id?, at?, event_id?)
 *       Hands the package over: to its recipient or the key contact of their
 *       department (or of the department the package is addressed to), with the
 *       proof the package requires (mr_package_get_handover()): a signature (a PNG
 *       image, kept with the event: mr_store_get_package_signature()), the text of
 *       a scanned ID, or none. Proof that was not required is kept too.
 *   handover.set (place_id | contact_id, handover: "none", "signature", "id_scan",
 *       or "" for no rule of its own)
 *   bag.create (id?, label?, place_id?) — without label, one is made ("BAG-…")
 *   bag.add (id, package_id), bag.remove (id, package_id) — open bags only; a
 *       package is in one bag at a time, never while in a locker
 *   bag.close (id), bag.reopen (id)
 *   bag.move (id, place_id, at?, event_ids?) — the bag goes to @place_id with every
 *       package in it still in the mailroom: one "moved" event each.
 *
 * Every event records who (the signed-in user, the workstation), when, where
 * (the place, the locker) and the status before it. The store's ::changed
 * signal says ("package", id) and ("bag", id). */

typedef enum
{
  MR_PACKAGE_RECEIVED,
  MR_PACKAGE_AT_PLACE,
  MR_PACKAGE_IN_LOCKER,
  MR_PACKAGE_NOTIFIED,
  MR_PACKAGE_PICKED_UP,
  MR_PACKAGE_RETURNED,
  MR_PACKAGE_EXPIRED,
  MR_PACKAGE_REMOVED,
  MR_PACKAGE_N_STATUSES,
} MrPackageStatus;

/* "received", "at_place", "in_locker", "notified", "picked_up", "returned",
 * "expired", "removed" */
const char *mr_package_status_to_string (MrPackageStatus status);
gboolean mr_package_status_from_string (const char *text, MrPackageStatus *status);
/* Translated: "Received", "At a place", … */
const char *mr_package_status_get_label (MrPackageStatus status);
/* Picked up, returned or removed: the package has left, its history is closed. */
gboolean mr_package_status_is_final (MrPackageStatus status);

/* The kinds of event, NULL-terminated: "received", "moved", "in_locker",
 * "notified", "reminded", "picked_up", "returned", "expired", "removed". */
const char *const *mr_package_event_kinds (void);
/* Translated: "Received", "Moved", "Put in a locker", …; NULL for an unknown kind. */
const char *mr_package_event_kind_get_label (const char *kind);
/* The state machine: whether an event of @kind may follow @status (with the
 * package in a locker or not). FALSE with MR_STORE_ERROR_INVALID (field
 * "kind") and a message that says why, such as "This package has already
 * left the mailroom". Does not check the event's arguments (place, locker). */
gboolean mr_package_check_event (MrPackageStatus status,
                                 gboolean in_locker,
                                 const char *kind,
                                 GError **error);

/* "none", "signature", "id_scan" */
gboolean mr_package_handover_is_valid (const char *handover);
/* Translated: "None", "Signature", "ID scan". */
const char *mr_package_handover_get_label (const char *handover);

/* How long a package has waited, for lists: "12 min", "3 h", "2 d 4 h". */
char *mr_package_format_age (gint64 since_ms, gint64 now_ms);

/* A package: a read-only snapshot for lists and forms. */

#define MR_TYPE_PACKAGE (mr_package_get_type ())
G_DECLARE_FINAL_TYPE (MrPackage, mr_package, MR, PACKAGE, GObject)

const char *mr_package_get_id (MrPackage *self);
const char *mr_package_get_tracking_number (MrPackage *self); /* NULL: came without one */
const char *mr_package_get_internal_id (MrPackage *self);
const char *mr_package_get_carrier (MrPackage *self); /* NULL: unknown carrier */
const char *mr_package_get_service (MrPackage *self);
const char *mr_package_get_recipient_id (MrPackage *self);
const char *mr_package_get_recipient_name (MrPackage *self);
/* The department the package is for: the one it is addressed to, else its
 * recipient's when it was received. */
const char *mr_package_get_department_id (MrPackage *self);
const char *mr_package_get_department_name (MrPackage *self);
/* TRUE when addressed to the department itself rather than to a person. */
gboolean mr_package_get_for_department (MrPackage *self);
const char *mr_package_get_place_id (MrPackage *self);
const char *mr_package_get_place_name (MrPackage *self);
const char *mr_package_get_locker_id (MrPackage *self);
/* "Hall A · 12" */
const char *mr_package_get_locker_name (MrPackage *self);
const char *mr_package_get_bag_id (MrPackage *self);
const char *mr_package_get_bag_label (MrPackage *self);
const char *mr_package_get_size (MrPackage *self);
guint mr_package_get_pieces (MrPackage *self);
/* The proof its handover requires: "none", "signature" or "id_scan". */
const char *mr_package_get_handover (MrPackage *self);
MrPackageStatus mr_package_get_status (MrPackage *self);
gint64 mr_package_get_received_at (MrPackage *self);
const char *mr_package_get_received_by (MrPackage *self);      /* user id */
const char *mr_package_get_received_by_name (MrPackage *self); /* user name */
const char *mr_package_get_workstation_id (MrPackage *self);
const char *mr_package_get_notes (MrPackage *self);
/* The latest other package recorded with the same tracking number, or
 * NULL: the clerk is warned, nothing is refused. */
const char *mr_package_get_duplicate_of (MrPackage *self);
const char *mr_package_get_duplicate_internal_id (MrPackage *self);
gint64 mr_package_get_duplicate_received_at (MrPackage *self);
/* The package came without a tracking number: print a label with its
 * internal ID (the "package" label kind of mr-label-layouts.h; see
 * mr_store_get_package_label_record()). */
gboolean mr_package_needs_label (MrPackage *self);

MrPackage *mr_store_get_package (MrStore *store, const char *id);
/* A package by id, internal ID or tracking number (spaces and case
 * ignored; the most recently received of several). Returns its id. */
char *mr_store_find_package (MrStore *store, const char *key);
/* The record a "package" label is printed from (field → text, see
 * mr_store_get_label_records()): what the labels code renders for a
 * package that needs a label. NULL with MR_STORE_ERROR_NOT_FOUND. */
GHashTable *mr_store_get_package_label_record (MrStore *store, const char *id, GError **error);

/* The chain of custody */

typedef struct
{
  char *id;
  char *kind;
  gint64 at;
  char *user_id; /* who, when someone was signed in */
  char *user_name;
  char *workstation_id;
  char *place_id; /* where */
  char *place_name;
  char *locker_id;
  char *locker_name; /* "Hall A · 12" */
  char *previous_status;
  char *status; /* after the event */
  char *handed_to_id;
  char *handed_to_name;
  char *id_scan;
  char *bag_id; /* moved with a bag */
  gboolean has_signature;
} MrPackageEvent;

void mr_package_event_free (MrPackageEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrPackageEvent, mr_package_event_free)

/* (element-type MrPackageEvent): the events of a package, oldest first. */
GPtrArray *mr_store_list_package_events (MrStore *store, const char *package_id);
/* The PNG signed at a handover event, or NULL. */
GBytes *mr_store_get_package_signature (MrStore *store, const char *event_id);

/* Handover */

/* The rule of a place or contact itself, or NULL when it has none. */
char *mr_store_get_handover_rule (MrStore *store, const char *subject_id);
/* The proof a package for @recipient_id received at @place_id requires:
 * the recipient's own rule, else the rule of the place or of its nearest
 * parent that has one, else that of the recipient's place (or its
 * parents), else "none". Never NULL. */
char *mr_store_resolve_handover (MrStore *store, const char *recipient_id, const char *place_id);
/* Whether @contact_id may take the package: its recipient, or the key
 * contact of the recipient's department or of the department it is
 * addressed to. FALSE with MR_STORE_ERROR_INVALID (field "handed_to_id")
 * and a message naming the person otherwise. */
gboolean mr_store_check_package_taker (MrStore *store,
                                       const char *package_id,
                                       const char *contact_id,
                                       GError **error);
/* (element-type utf8): the ids of the contacts who may take the package,
 * the recipient first. */
GPtrArray *mr_store_list_package_takers (MrStore *store, const char *package_id);

/* Bags and pouches */

typedef struct
{
  char *id;
  char *label;
  char *place_id;
  char *place_name;
  gint64 created_at;
  gint64 closed_at; /* 0: open */
  guint n_packages;
} MrBag;

void mr_bag_free (MrBag *bag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrBag, mr_bag_free)

/* By id or label. */
MrBag *mr_store_get_bag (MrStore *store, const char *id_or_label);
/* (element-type MrBag): newest first; only the open ones when @open_only. */
GPtrArray *mr_store_list_bags (MrStore *store, gboolean open_only);

G_END_DECLS
