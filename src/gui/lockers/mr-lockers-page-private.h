/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-locker-controller.h"
#include "mr-lockers-page.h"

G_BEGIN_DECLS

/* Shared by mr-lockers-page.c (the map, the popover, the dialogs) and
 * mr-lockers-page-doors.c (what drives doors: open, reopen, empty,
 * expired packages). */
struct _MrLockersPage
{
  GtkWidget parent_instance;

  MrStore *store;
  MrLockerController *controller; /* NULL: doors are not driven */
  gulong changed_handler;
  GPtrArray *banks; /* MrLockerBank, in the chooser's order */
  MrLockerMap *map;
  gboolean updating;

  GtkDropDown *bank_chooser;
  GtkStringList *bank_names;
  GtkToggleButton *legend[MR_LOCKER_N_STATUSES];
  GtkLabel *legend_counts[MR_LOCKER_N_STATUSES];
  GtkStack *stack;
  MrLockerBankView *view;

  /* The door's actions */
  GtkPopover *popover;
  int popover_door;
  GtkLabel *popover_title;
  GtkLabel *popover_summary;
  GtkButton *service_button;
  GtkLabel *contents_label;
  /* The door's operations, shown when they apply */
  GtkWidget *dropoff_here_button;
  GtkWidget *reserve_button;
  GtkWidget *end_reservation_button;
  GtkWidget *extend_button;
  GtkWidget *open_door_button;
  GtkWidget *reopen_button;
  GtkWidget *empty_button;
  GtkWidget *remove_expired_button;
  char *popover_reservation; /* the door's active reservation, or NULL */

  /* The operation dialog open over the page, if any (weak) */
  GtkWindow *dialog;
};

const MrLockerDoor *mr_lockers_page_get_popover_door (MrLockersPage *self);
void mr_lockers_page_toast (MrLockersPage *self, const char *text);
void mr_lockers_page_present_dialog (MrLockersPage *self, GtkWindow *dialog);

/* mr-lockers-page-doors.c */
void mr_lockers_page_install_door_actions (GtkWidgetClass *widget_class);
GtkWidget *mr_lockers_page_build_door_buttons (MrLockersPage *self);
void mr_lockers_page_update_door_buttons (MrLockersPage *self, const MrLockerDoor *door);
GtkWidget *mr_lockers_page_build_remove_expired_button (MrLockersPage *self);
void mr_lockers_page_update_remove_expired (MrLockersPage *self);

G_END_DECLS
