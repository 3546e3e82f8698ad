/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-store.h"

G_BEGIN_DECLS

typedef enum
{
  MR_LOCKER_RESERVE_DIALOG_RESERVE,  /* locker.reserve */
  MR_LOCKER_RESERVE_DIALOG_DEDICATE, /* locker.dedicate */
} MrLockerReserveDialogMode;

/* Reserving a door ahead (for a package, a recipient, a return, an
 * exchange, a department's or a person's storage), or dedicating it to a
 * person or a department: what it is for, who (a search over the address
 * book, or a department), and for how long. */
#define MR_TYPE_LOCKER_RESERVE_DIALOG (mr_locker_reserve_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
  MrLockerReserveDialog, mr_locker_reserve_dialog, MR, LOCKER_RESERVE_DIALOG, AdwWindow)

/* For the door @locker_id. After a change it shows a toast over @parent
 * and closes; it destroys itself when closed. */
MrLockerReserveDialog *mr_locker_reserve_dialog_new (GtkWidget *parent,
                                                     MrStore *store,
                                                     MrLockerReserveDialogMode mode,
                                                     const char *locker_id);

/* Reserving: "package", "recipient", "return", "exchange",
 * "department_storage", "personal_storage". Dedicating: "contact",
 * "department", "none". FALSE for another name. */
gboolean mr_locker_reserve_dialog_set_kind (MrLockerReserveDialog *self, const char *kind);
const char *mr_locker_reserve_dialog_get_kind (MrLockerReserveDialog *self);
GtkEditable *mr_locker_reserve_dialog_get_package_entry (MrLockerReserveDialog *self);
/* The search over the address book; the first match is chosen. */
GtkEditable *mr_locker_reserve_dialog_get_search_entry (MrLockerReserveDialog *self);
const char *mr_locker_reserve_dialog_get_contact_id (MrLockerReserveDialog *self);
gboolean mr_locker_reserve_dialog_set_department (MrLockerReserveDialog *self, const char *id);
void mr_locker_reserve_dialog_set_hours (MrLockerReserveDialog *self, int hours);
/* What the main button does: TRUE when the change is made (the dialog
 * then closes). */
gboolean mr_locker_reserve_dialog_apply (MrLockerReserveDialog *self);
const char *mr_locker_reserve_dialog_get_error (MrLockerReserveDialog *self);

G_END_DECLS
