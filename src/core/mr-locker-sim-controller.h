/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-locker-controller.h"

G_BEGIN_DECLS

/* A locker controller without hardware, for demos and tests: every door
 * of every address exists and starts closed. An opened door closes by
 * itself after the close delay (0: only when told, with
 * mr_locker_sim_controller_close_door()); a door may be set to be left
 * open (it does not close by itself) or to jam (opening it fails with
 * MR_LOCKER_CONTROLLER_ERROR_JAMMED); an address may be set unreachable.
 * Everything runs from the main context the controller was made in: no
 * threads. */

#define MR_TYPE_LOCKER_SIM_CONTROLLER (mr_locker_sim_controller_get_type ())
G_DECLARE_FINAL_TYPE (
  MrLockerSimController, mr_locker_sim_controller, MR, LOCKER_SIM_CONTROLLER, GObject)

MrLockerSimController *mr_locker_sim_controller_new (guint close_delay_ms);

guint mr_locker_sim_controller_get_close_delay (MrLockerSimController *self);
void mr_locker_sim_controller_set_close_delay (MrLockerSimController *self, guint close_delay_ms);

/* Closes an open door now (as a person pushing it shut). FALSE when it
 * was not open. */
gboolean mr_locker_sim_controller_close_door (MrLockerSimController *self,
                                              const char *address,
                                              const char *door_number);
/* The door stays open once opened, until closed by hand. */
void mr_locker_sim_controller_set_left_open (MrLockerSimController *self,
                                             const char *address,
                                             const char *door_number,
                                             gboolean left_open);
/* The door is stuck: opening it fails and it reports JAMMED. Unjamming
 * leaves it closed. */
void mr_locker_sim_controller_set_jammed (MrLockerSimController *self,
                                          const char *address,
                                          const char *door_number,
                                          gboolean jammed);
/* Every door of @address fails with MR_LOCKER_CONTROLLER_ERROR_UNREACHABLE. */
void mr_locker_sim_controller_set_unreachable (MrLockerSimController *self,
                                               const char *address,
                                               gboolean unreachable);
/* How many times doors were opened (attempts that reached a door). */
guint mr_locker_sim_controller_get_n_opened (MrLockerSimController *self);

G_END_DECLS
