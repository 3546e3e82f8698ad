/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

/* Locker doors are driven through a controller: the hardware (or the
 * simulated controller, mr-locker-sim-controller.h) that opens a door and
 * reports whether it is open, closed or jammed. A door is named the way
 * the hardware knows it: its bank's controller address and its number.
 *
 * What the store knows about doors (which one holds what) and what the
 * controller reports meet in mr_locker_controller_open(), which opens a
 * door by its record id and journals the outcome, and in
 * MrLockerDoorWatch, which journals the doors that close or are left open. */

typedef enum
{
  MR_LOCKER_DOOR_CLOSED,
  MR_LOCKER_DOOR_OPEN,
  MR_LOCKER_DOOR_JAMMED,
} MrLockerDoorState;

#define MR_TYPE_LOCKER_DOOR_STATE (mr_locker_door_state_get_type ())
GType mr_locker_door_state_get_type (void);

/* "closed", "open", "jammed" */
const char *mr_locker_door_state_to_string (MrLockerDoorState state);
/* Translated: "Closed", "Open", "Jammed" */
const char *mr_locker_door_state_get_label (MrLockerDoorState state);

#define MR_LOCKER_CONTROLLER_ERROR (mr_locker_controller_error_quark ())

typedef enum
{
  MR_LOCKER_CONTROLLER_ERROR_FAILED,
  MR_LOCKER_CONTROLLER_ERROR_JAMMED,      /* the door did not open */
  MR_LOCKER_CONTROLLER_ERROR_UNREACHABLE, /* the controller does not answer */
  MR_LOCKER_CONTROLLER_ERROR_NO_ADDRESS,  /* the bank has no controller address */
} MrLockerControllerError;

GQuark mr_locker_controller_error_quark (void);

#define MR_TYPE_LOCKER_CONTROLLER (mr_locker_controller_get_type ())
G_DECLARE_INTERFACE (MrLockerController, mr_locker_controller, MR, LOCKER_CONTROLLER, GObject)

struct _MrLockerControllerInterface
{
  GTypeInterface parent_iface;

  /* Opens the door (it unlatches; the person closes it). Errors are
   * MR_LOCKER_CONTROLLER_ERROR, with a translated message. */
  gboolean (*open_door) (MrLockerController *self,
                         const char *address,
                         const char *door_number,
                         GError **error);
  MrLockerDoorState (*get_door_state) (MrLockerController *self,
                                       const char *address,
                                       const char *door_number);
};

/* The signal ::door-changed (address, door_number, state) says a door
 * opened, closed or jammed; implementations emit it with
 * mr_locker_controller_emit_door_changed(), from the main loop. */
gboolean mr_locker_controller_open_door (MrLockerController *self,
                                         const char *address,
                                         const char *door_number,
                                         GError **error);
MrLockerDoorState mr_locker_controller_get_door_state (MrLockerController *self,
                                                       const char *address,
                                                       const char *door_number);
void mr_locker_controller_emit_door_changed (MrLockerController *self,
                                             const char *address,
                                             const char *door_number,
                                             MrLockerDoorState state);

/* Where the controller finds the door @locker_id: its bank's controller
 * address and its number (both newly allocated). Errors: MR_STORE_ERROR
 * NOT_FOUND (no such door), MR_LOCKER_CONTROLLER_ERROR_NO_ADDRESS. */
gboolean mr_locker_door_get_address (
  MrStore *store, const char *locker_id, char **address, char **door_number, GError **error);

/* Opens the door @locker_id through @controller and journals what the
 * controller reported ("locker.door_state": open, jammed, unreachable or
 * failed) as an event of the door with who, when and @reason (free text
 * or a word such as "remote", "pickup", "reopen"; may be NULL). Returns
 * FALSE when the door did not open: the controller's error (the failure
 * is journalled too), or the store's when nothing could be sent. */
gboolean mr_locker_controller_open (MrLockerController *controller,
                                    MrStore *store,
                                    const char *locker_id,
                                    const char *reason,
                                    GError **error);
/* The state @controller reports for the door @locker_id; CLOSED when the
 * door or its address is unknown. */
MrLockerDoorState mr_locker_controller_get_locker_state (MrLockerController *controller,
                                                         MrStore *store,
                                                         const char *locker_id);

/* Journals what @controller reports by itself: a door that closes
 * ("locker.door_state" closed) and a door still open @left_open_ms after
 * it opened (left_open; 0: not watched). Opens and jams are journalled by
 * mr_locker_controller_open(), which asked for them. Keep the watch as
 * long as doors should be journalled; freeing it disconnects. */
typedef struct _MrLockerDoorWatch MrLockerDoorWatch;

MrLockerDoorWatch *
mr_locker_door_watch_new (MrLockerController *controller, MrStore *store, guint left_open_ms);
void mr_locker_door_watch_free (MrLockerDoorWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLockerDoorWatch, mr_locker_door_watch_free)

G_END_DECLS
