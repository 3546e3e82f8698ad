/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-store.h"

G_BEGIN_DECLS

/* Drop-off from the window: the package (scanned or typed), the bank and
 * either the door the rules choose or one picked by hand; then the door
 * and the pickup code, shown once. */
#define MR_TYPE_LOCKER_DROPOFF_DIALOG (mr_locker_dropoff_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
  MrLockerDropoffDialog, mr_locker_dropoff_dialog, MR, LOCKER_DROPOFF_DIALOG, AdwWindow)

/* @bank_id: the bank to preselect (NULL: the first); @locker_id: a door
 * of that bank to preselect instead of "Choose automatically". The
 * dialog destroys itself when closed. */
MrLockerDropoffDialog *mr_locker_dropoff_dialog_new (GtkWidget *parent,
                                                     MrStore *store,
                                                     const char *bank_id,
                                                     const char *locker_id);

/* The package field, as a scanner or the keyboard fills it. */
GtkEditable *mr_locker_dropoff_dialog_get_package_entry (MrLockerDropoffDialog *self);
/* Chooses a door by hand (NULL: automatically). FALSE when the door is
 * not one of the bank's. */
gboolean mr_locker_dropoff_dialog_set_locker (MrLockerDropoffDialog *self, const char *locker_id);
/* The chosen door, or NULL for automatically. */
const char *mr_locker_dropoff_dialog_get_locker (MrLockerDropoffDialog *self);
/* What the Drop Off button and Enter do. TRUE when the package is in. */
gboolean mr_locker_dropoff_dialog_drop_off (MrLockerDropoffDialog *self);
/* The message under the fields, or NULL. */
const char *mr_locker_dropoff_dialog_get_error (MrLockerDropoffDialog *self);
/* After a drop-off: the door's number and the code shown (NULL when the
 * package joined a delivery that already had a code). */
const char *mr_locker_dropoff_dialog_get_door_number (MrLockerDropoffDialog *self);
const char *mr_locker_dropoff_dialog_get_code (MrLockerDropoffDialog *self);

G_END_DECLS
