/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

/* Smart lockers: banks of doors at a place, what each door holds, the
 * rules of drop-off and pickup, and what the locker map draws.
 *
 * Every change goes through mr_store_apply():
 *
 *   locker_bank.create (id?, name, place_id?, controller_address?, base_cm?,
 *       expiry_hours?, reopen_seconds?, pickup_mode? "all"|"one",
 *       allow_add_to_existing? (b), storage_mode? "fixed"|"flexible"|"unlimited",
 *       storage_hours?, storage_max_hours?, contactless? (b),
 *       keep_for_delivery? ("S=2,M=1" or {"S":2,"M":1}),
 *       layout? (JSON, see mr-locker-layout.h), locker_ids? (as, written back))
 *   locker_bank.set (id, any setting of .create, name?)
 *   locker_bank.set_layout (id, layout, base_cm?, locker_ids? (as, new doors, written back))
 *       Doors are matched by position (column, row from the top); a door that
 *       disappears or changes size, height or height from the floor must be
 *       empty and not reserved.
 *   locker_bank.renumber (id, order? "columns"|"rows", start?, prefix?)
 *   locker.create (id?, bank_id, number, col, row, size, height_cm, bottom_cm,
 *       width_cm?, loading?, delivery_only? (b))
 *   locker.set_out_of_service (id, out_of_service (b))
 *   locker.dedicate (id, contact_id? | department_id? — neither: no longer dedicated)
 *   locker.reserve (id?, kind, bank_id | locker_id, contact_id?, department_id?,
 *       package_id?, size?, starts_at?, hours?, ends_at?)
 *       kind: package, recipient, return, exchange, department_storage,
 *       personal_storage. Without locker_id the core chooses the door.
 *   locker.reservation_extend (id, hours? | ends_at?)
 *   locker.reservation_end (id)
 *   locker.dropoff (package_id, bank_id | locker_id, code_hash?, code_salt?, at?)
 *       Use mr_locker_dropoff(), which makes the pickup code.
 *   locker.pickup (bank_id, delivery_ids (as), contact_id? (signed in at the kiosk),
 *       collector_id? (who takes the packages), via? "code"|"operator")
 *       Use mr_locker_pickup(), which checks the code.
 *   locker.code_attempt (bank_id, contact_id?, result "wrong"|"locked")
 *   locker.expire (at?) — use mr_locker_expire_due().
 *   locker.open (id, reason?, at?) — use mr_locker_open_remote().
 *   locker.door_state (id, state "open"|"closed"|"left_open"|"jammed"|
 *       "unreachable"|"failed", reason?, detail?, at?) — what a door's
 *       controller reported; see mr-locker-controller.h.
 *   locker.empty (id, place_id?, at?, event_ids?) — use mr_locker_empty().
 *   locker.reopen (id, delivery_id?, via? "code"|"operator", at?) — use
 *       mr_locker_reopen(), which checks the code.
 *   locker.remove_expired (bank_id?, place_id?, package_ids? (as), at?,
 *       event_ids?) — use mr_locker_remove_expired().
 *
 * The store's ::changed signal says ("locker", door id) when a door's
 * status or contents change, ("locker_bank", bank id) when a bank's
 * settings or layout change, and ("locker", NULL) after a batch that
 * touched many doors. */

typedef enum
{
  MR_LOCKER_AVAILABLE,
  MR_LOCKER_RESERVED,
  MR_LOCKER_OCCUPIED,
  MR_LOCKER_EXPIRED,
  MR_LOCKER_OUT_OF_SERVICE,
  MR_LOCKER_N_STATUSES,
} MrLockerStatus;

/* "available", "reserved", "occupied", "expired", "out_of_service" */
const char *mr_locker_status_to_string (MrLockerStatus status);
gboolean mr_locker_status_from_string (const char *text, MrLockerStatus *status);
/* Translated: "Available", "Reserved", … */
const char *mr_locker_status_get_label (MrLockerStatus status);
/* One letter per status for text maps: A, R, O, E, X. */
char mr_locker_status_get_letter (MrLockerStatus status);

typedef enum
{
  MR_LOCKER_SIZE_XS,
  MR_LOCKER_SIZE_S,
  MR_LOCKER_SIZE_M,
  MR_LOCKER_SIZE_L,
  MR_LOCKER_SIZE_XL,
  MR_LOCKER_SIZE_CUSTOM,
  MR_LOCKER_N_SIZES,
} MrLockerSize;

/* "XS", "S", "M", "L", "XL", "custom" */
const char *mr_locker_size_to_string (MrLockerSize size);
gboolean mr_locker_size_from_string (const char *text, MrLockerSize *size);
/* The height of a door of a standard size: XS 10, S 15, M 25, L 40, XL 60
 * cm. 0 for custom. */
int mr_locker_size_get_height (MrLockerSize size);
/* What a door takes, as a standard size: its own, or for a custom door
 * the largest standard size its height holds (XS for a door lower than
 * 15 cm). Drop-off compares these ranks. */
MrLockerSize mr_locker_door_size_class (MrLockerSize size, int height_cm);

/* A recipient who needs accommodations reaches doors whose bottom is at
 * least 38 cm and whose top is at most 122 cm from the floor. */
#define MR_LOCKER_ACCESSIBLE_BOTTOM_CM 38
#define MR_LOCKER_ACCESSIBLE_TOP_CM 122
gboolean mr_locker_is_accessible (int bottom_cm, int top_cm);

/* Lockout after wrong pickup codes, per bank and recipient. */
#define MR_LOCKER_CODE_MAX_FAILURES 5
#define MR_LOCKER_CODE_LOCKOUT_MS ((gint64) 15 * 60 * 1000)

/* Banks */

typedef struct
{
  char *id;
  char *name;
  char *place_id;
  char *place_name; /* NULL when the bank has no place */
  char *controller_address;
  int base_cm;
  int expiry_hours;
  int reopen_seconds;
  char *pickup_mode;  /* "all" or "one" */
  char *storage_mode; /* "fixed", "flexible" or "unlimited" */
  int storage_hours;
  int storage_max_hours;
  gboolean allow_add_to_existing;
  gboolean contactless;
  guint keep_for_delivery[MR_LOCKER_N_SIZES];
  guint n_doors;
  guint counts[MR_LOCKER_N_STATUSES];
} MrLockerBank;

void mr_locker_bank_free (MrLockerBank *bank);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLockerBank, mr_locker_bank_free)

MrLockerBank *mr_store_get_locker_bank (MrStore *store, const char *id);
/* By id or by name (case and accents ignored). */
MrLockerBank *mr_store_find_locker_bank (MrStore *store, const char *name_or_id);
/* (element-type MrLockerBank): every bank by name, with its counts. */
GPtrArray *mr_store_list_locker_banks (MrStore *store);
/* The number of doors in each status, of one bank or (@bank_id NULL) of
 * all. One indexed query. */
void mr_store_count_locker_statuses (MrStore *store,
                                     const char *bank_id,
                                     guint counts[MR_LOCKER_N_STATUSES]);
/* "S=2, M=1": the doors of each size kept for deliveries. */
char *mr_locker_bank_format_keep (const MrLockerBank *bank);

/* The map of a bank: its front, to scale, for drawing */

typedef struct
{
  char *id;
  char *number;
  guint col;
  guint row; /* 0 = top of the column */
  MrLockerSize size;
  int width_cm;
  int height_cm;
  int bottom_cm; /* from the floor */
  int top_cm;
  int x_cm; /* left edge from the bank's left edge */
  gboolean rear_loading;
  gboolean delivery_only;
  gboolean accessible;
  MrLockerStatus status;
  char *holder;       /* recipient, department or reservation holder, or NULL */
  char *dedicated_to; /* a person or department, or NULL */
  char *reservation_kind;
  guint n_packages;
  gint64 since_ms;   /* 0: none */
  gint64 expires_ms; /* 0: none */
} MrLockerDoor;

typedef struct
{
  int x_cm;
  int width_cm;
  int bottom_cm; /* bottom of its lowest door */
  int top_cm;    /* top of its highest door */
  guint first_door;
  guint n_doors;
} MrLockerColumn;

typedef struct
{
  MrLockerBank *bank;
  GArray *columns; /* MrLockerColumn, left to right */
  GArray *doors;   /* MrLockerDoor, by column, each from the top */
  int width_cm;    /* all columns side by side */
  int height_cm;   /* floor to the top of the highest door */
  guint counts[MR_LOCKER_N_STATUSES];
  GHashTable *index; /* private: door id → index + 1 */
} MrLockerMap;

MrLockerMap *mr_locker_map_load (MrStore *store, const char *bank_id, GError **error);
void mr_locker_map_free (MrLockerMap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLockerMap, mr_locker_map_free)
/* Index of a door in map->doors, or -1. */
int mr_locker_map_find_door (const MrLockerMap *map, const char *locker_id);
/* Re-reads the status and contents of one door (@locker_id) or of every
 * door (NULL), after ::changed ("locker", …), and the counts. Returns
 * FALSE when the door is no longer in the bank: reload the whole map (as
 * after ::changed ("locker_bank", …)). */
gboolean mr_locker_map_refresh (MrLockerMap *map, MrStore *store, const char *locker_id);
/* The map as text, one letter per door (see mr_locker_status_get_letter),
 * one line per row from the top, for a terminal. */
char *mr_locker_map_to_text (const MrLockerMap *map);

/* Translated one-paragraph summary of a door from the map: number, size,
 * status, holder, since, expiry. The tooltip and the accessible name. */
char *mr_locker_door_describe (const MrLockerDoor *door);

/* Everything about one door, for its detail popover. */
typedef struct
{
  char *id;
  char *tracking_number; /* or NULL */
  char *internal_id;
  char *carrier;
  char *status;
  char *recipient;
  gint64 since_ms;
} MrLockerPackage;

typedef struct
{
  MrLockerDoor door;
  char *bank_id;
  char *bank_name;
  GPtrArray *packages; /* MrLockerPackage */
  char *reservation_id;
  gint64 reservation_ends_ms;
  char *delivery_id;
} MrLockerDoorInfo;

MrLockerDoorInfo *mr_store_get_locker_door (MrStore *store, const char *locker_id);
void mr_locker_door_info_free (MrLockerDoorInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLockerDoorInfo, mr_locker_door_info_free)
/* A door by id, or by number within @bank_id. */
char *mr_store_find_locker_door (MrStore *store, const char *bank_id, const char *id_or_number);

/* A package by id, internal ID or tracking number (spaces and case
 * ignored), the most recently received first; NULL when none. */
char *mr_locker_find_package (MrStore *store, const char *key);

/* A reservation as an a{sv}: id, locker_id, locker_number, bank_id, kind,
 * contact_id, department_id, package_id, starts_at, ends_at, max_ends_at
 * (x, 0 = none), state. NULL when there is none. */
GVariant *mr_store_get_locker_reservation (MrStore *store, const char *id);

/* Pickup codes: 8 random digits from the kernel's CSPRNG (getrandom),
 * shown once, stored as HMAC-SHA-256 keyed with a per-code random salt. */
#define MR_LOCKER_CODE_LENGTH 8

char *mr_locker_code_new (void);
char *mr_locker_code_salt_new (void);
char *mr_locker_code_hash (const char *salt, const char *code);
gboolean mr_locker_code_verify (const char *salt, const char *hash, const char *code);
/* What a recipient typed or scanned ("1234 5678", "1234-5678", the QR
 * payload) as a code, or NULL. */
char *mr_locker_code_normalize (const char *input);
/* What the QR code in the email holds: "MRPICKUP:12345678". */
char *mr_locker_code_qr_payload (const char *code);

/* Drop-off */

typedef struct
{
  char *locker_id;
  char *locker_number;
  char *bank_id;
  char *delivery_id;
  char *code;   /* the pickup code, only here, once; NULL when the package joined
               * the recipient's existing delivery (their code opens it) */
  char *reason; /* "dedicated", "reserved", "existing", "free", "chosen" */
  gint64 expires_ms;
} MrLockerDropoff;

void mr_locker_dropoff_free (MrLockerDropoff *dropoff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLockerDropoff, mr_locker_dropoff_free)

/* Puts @package_id into a locker of @bank_id — @locker_id when given, else
 * the one the rules choose: the recipient's dedicated or reserved locker,
 * then (if the bank allows) a locker already holding their packages, then
 * the smallest free door that fits; within reach for a recipient who
 * needs accommodations; never out of service. Makes the pickup code. */
gboolean mr_locker_dropoff (MrStore *store,
                            const char *package_id,
                            const char *bank_id,
                            const char *locker_id,
                            MrLockerDropoff **out,
                            GError **error);

/* Pickup */

typedef struct
{
  char *locker_id;
  char *number;
  guint n_packages;
} MrLockerOpened;

typedef struct
{
  char *contact_id;  /* whose code it was */
  GPtrArray *opened; /* MrLockerOpened, in the order to open them */
  guint remaining;   /* doors still to open (pickup one at a time) */
} MrLockerPickup;

void mr_locker_pickup_free (MrLockerPickup *pickup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLockerPickup, mr_locker_pickup_free)

/* Checks @code at @bank_id for the recipient signed in at the kiosk
 * (@contact_id, or NULL for a code typed alone). Opens every door of the
 * code's recipient (and of the departments they are key contact of) at
 * once, or the next one when the bank opens one at a time. A wrong code
 * is recorded; after MR_LOCKER_CODE_MAX_FAILURES wrong codes in a row
 * the bank refuses codes for that recipient for
 * MR_LOCKER_CODE_LOCKOUT_MS. Errors: MR_STORE_ERROR_INVALID (wrong code,
 * field "code"), MR_STORE_ERROR_IN_USE (locked out, field "code"). */
gboolean mr_locker_pickup (MrStore *store,
                           const char *bank_id,
                           const char *code,
                           const char *contact_id,
                           MrLockerPickup **out,
                           GError **error);
/* Whether codes are refused for (@bank_id, @contact_id) now, and until when. */
gboolean mr_locker_is_locked_out (MrStore *store,
                                  const char *bank_id,
                                  const char *contact_id,
                                  gint64 *until_ms);

/* Expiry: packages left past their bank's period turn "expired",
 * reservations past their end end, personal storage past its end shows
 * "expired". Call it periodically; it writes nothing when nothing is due.
 * @n_expired: packages that expired. */
gboolean mr_locker_expire_due (MrStore *store, guint *n_expired, GError **error);

/* Door operations (mr-locker-doors.c). Each is one journalled mutation
 * that appends an event to the door's history with who (the store's user
 * and workstation), when and which door. Driving the door itself is the
 * controller's job: mr_locker_controller_open() in mr-locker-controller.h. */

/* An operator opens a door remotely ("locker.open"): event "remote_open"
 * with @reason (may be NULL). The door's status does not change. */
gboolean
mr_locker_open_remote (MrStore *store, const char *locker_id, const char *reason, GError **error);

/* Takes everything out of a door ("locker.empty"): each package leaves it
 * ("removed", or "moved" to @place_id when given), the open delivery
 * closes, storage kept in the door ends, and so does a reservation for a
 * package that was in it; a dedication stays. Event "emptied". A door
 * that holds nothing is refused (MR_STORE_ERROR_INVALID). @n_removed:
 * the packages taken out. */
gboolean mr_locker_empty (
  MrStore *store, const char *locker_id, const char *place_id, guint *n_removed, GError **error);

/* Opens again the door of the last pickup from @locker_id, within its
 * bank's reopen window ("reopen_seconds") after that pickup — or after
 * the door's first close following it, when a controller reported one.
 * @code: the pickup code of that delivery (the recipient at the kiosk),
 * or NULL for an operator. Event "reopened". Errors: MR_STORE_ERROR_INVALID
 * (nothing to reopen, window passed: field "id"; wrong code: field
 * "code"), MR_STORE_ERROR_IN_USE (door used again since, out of service,
 * codes locked out). */
gboolean mr_locker_reopen (MrStore *store, const char *locker_id, const char *code, GError **error);
/* Until when (ms since the epoch) the door @locker_id may be reopened; 0
 * when it may not (no pickup, window passed, used again since). */
gint64 mr_locker_get_reopen_deadline (MrStore *store, const char *locker_id);

/* What to take out of the lockers: the doors holding expired packages. */
typedef struct
{
  char *id;
  char *tracking_number; /* or NULL */
  char *internal_id;
  char *recipient; /* person or department, or NULL */
  gint64 expired_ms;
} MrLockerExpiredPackage;

typedef struct
{
  char *locker_id;
  char *number;
  char *bank_id;
  char *bank_name;
  gint64 expired_ms;   /* the earliest expiry of its packages */
  GPtrArray *packages; /* MrLockerExpiredPackage */
} MrLockerExpiredDoor;

void mr_locker_expired_door_free (MrLockerExpiredDoor *door);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLockerExpiredDoor, mr_locker_expired_door_free)

/* (element-type MrLockerExpiredDoor): by bank name, then door number. */
GPtrArray *mr_store_list_expired_doors (MrStore *store, const char *bank_id);
/* Once the operator took them out: every expired package of @bank_id (or
 * of every bank) leaves its door, as in mr_locker_empty(), in one
 * transaction ("locker.remove_expired"); event "expired_removed" on each
 * door. Packages of a door that have not expired stay. @n_removed: the
 * packages taken out (0 and TRUE when nothing had expired). */
gboolean mr_locker_remove_expired (
  MrStore *store, const char *bank_id, const char *place_id, guint *n_removed, GError **error);

/* A door's history */
typedef struct
{
  char *id;
  char *locker_id;
  char *kind; /* "dropoff", "opened", "remote_open", "door_open", "door_closed", … */
  gint64 at;
  char *user_id; /* or NULL */
  char *workstation_id;
  char *data; /* JSON, or NULL */
} MrLockerEvent;

void mr_locker_event_free (MrLockerEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLockerEvent, mr_locker_event_free)
/* (element-type MrLockerEvent): the newest first; @limit 0: all. */
GPtrArray *mr_store_list_locker_events (MrStore *store, const char *locker_id, guint limit);

G_END_DECLS
