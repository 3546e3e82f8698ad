/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-locker-controller.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* Pickup from the window: a code typed or scanned (the QR payload works
 * too) opens the doors of its recipient, all at once or one at a time as
 * the bank says; a wrong code says how many attempts are left. */
#define MR_TYPE_LOCKER_PICKUP_DIALOG (mr_locker_pickup_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
  MrLockerPickupDialog, mr_locker_pickup_dialog, MR, LOCKER_PICKUP_DIALOG, AdwWindow)

/* @bank_id: the bank to preselect (NULL: the first). The dialog destroys
 * itself when closed. */
MrLockerPickupDialog *
mr_locker_pickup_dialog_new (GtkWidget *parent, MrStore *store, const char *bank_id);

GtkEditable *mr_locker_pickup_dialog_get_code_entry (MrLockerPickupDialog *self);
/* What the Open button and Enter do: TRUE when the code opened doors. */
gboolean mr_locker_pickup_dialog_open (MrLockerPickupDialog *self);
/* When the bank opens one door at a time: the next door of the same code. */
gboolean mr_locker_pickup_dialog_open_next (MrLockerPickupDialog *self);
/* The message under the code, or NULL. */
const char *mr_locker_pickup_dialog_get_error (MrLockerPickupDialog *self);
/* The numbers of the doors opened for the last code, in order. */
const char *const *mr_locker_pickup_dialog_get_opened (MrLockerPickupDialog *self);
/* Doors of the last code still to open (one at a time). */
guint mr_locker_pickup_dialog_get_remaining (MrLockerPickupDialog *self);
/* The doors are opened through @controller (NULL: they are only
 * recorded as picked up). */
void
mr_locker_pickup_dialog_set_controller (MrLockerPickupDialog *self, MrLockerController *controller);
/* Doors of the last code that the controller failed to open. */
guint mr_locker_pickup_dialog_get_n_failed (MrLockerPickupDialog *self);

G_END_DECLS
