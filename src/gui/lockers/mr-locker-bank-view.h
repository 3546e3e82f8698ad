/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mr-lockers.h"

G_BEGIN_DECLS

/* The front of one locker bank, to scale, every door drawn in one
 * snapshot (a bank can have thousands of doors: no widget per door). */
#define MR_TYPE_LOCKER_BANK_VIEW (mr_locker_bank_view_get_type ())
G_DECLARE_FINAL_TYPE (MrLockerBankView, mr_locker_bank_view, MR, LOCKER_BANK_VIEW, GtkWidget)

GtkWidget *mr_locker_bank_view_new (void);
/* @map is borrowed: it must outlive the view or be replaced first.
 * Call again (with the same map) after refreshing it. */
void mr_locker_bank_view_set_map (MrLockerBankView *self, const MrLockerMap *map);
/* -1: no filter; else the doors of other statuses are dimmed. */
void mr_locker_bank_view_set_filter (MrLockerBankView *self, int status);
int mr_locker_bank_view_get_filter (MrLockerBankView *self);
/* The index of the focused door in map->doors, or -1. */
int mr_locker_bank_view_get_focus_door (MrLockerBankView *self);
void mr_locker_bank_view_set_focus_door (MrLockerBankView *self, int index);
/* Moves the focus like the arrow keys: @dx across columns, @dy within one. */
gboolean mr_locker_bank_view_move_focus (MrLockerBankView *self, int dx, int dy);
/* Where a door is drawn, in the view's coordinates. */
gboolean mr_locker_bank_view_get_door_rect (MrLockerBankView *self, int index, GdkRectangle *rect);
int mr_locker_bank_view_door_at (MrLockerBankView *self, double x, double y);

/* A legend swatch: the colour and mark of a status. */
GtkWidget *mr_locker_swatch_new (MrLockerStatus status);

G_END_DECLS
