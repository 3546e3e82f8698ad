/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mr-locker-bank-view.h"
#include "mr-locker-controller.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* The Lockers section: a bank chooser, the legend (count per status, a
 * click dims the other statuses) and the bank's front. */
#define MR_TYPE_LOCKERS_PAGE (mr_lockers_page_get_type ())
G_DECLARE_FINAL_TYPE (MrLockersPage, mr_lockers_page, MR, LOCKERS_PAGE, GtkWidget)

GtkWidget *mr_lockers_page_new (MrStore *store);
/* What drives the doors (the app's controller); NULL: none. */
void mr_lockers_page_set_controller (MrLockersPage *self, MrLockerController *controller);
MrLockerController *mr_lockers_page_get_controller (MrLockersPage *self);
/* Shows the bank @id (FALSE when there is no such bank). */
gboolean mr_lockers_page_set_bank (MrLockersPage *self, const char *id);
const char *mr_lockers_page_get_bank_id (MrLockersPage *self);
MrLockerBankView *mr_lockers_page_get_view (MrLockersPage *self);
const MrLockerMap *mr_lockers_page_get_map (MrLockersPage *self);
/* The legend's toggle of @status, and the count it shows. */
GtkToggleButton *mr_lockers_page_get_legend_button (MrLockersPage *self, MrLockerStatus status);
const char *mr_lockers_page_get_legend_count (MrLockersPage *self, MrLockerStatus status);
/* The popover of the door last activated, or NULL. */
GtkPopover *mr_lockers_page_get_door_popover (MrLockersPage *self);
/* The operation dialog the page opened, while it is open, or NULL. */
GtkWindow *mr_lockers_page_get_dialog (MrLockersPage *self);

G_END_DECLS
