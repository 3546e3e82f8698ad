/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mr-locker-layout.h"

G_BEGIN_DECLS

/* A bank's layout as it is being built, drawn to scale in the bank
 * editor: columns and doors, a ruler of heights from the floor, the band
 * within reach for recipients who need accommodations, the selected door.
 * Arrow keys move the selection; Delete asks to remove its column. */
#define MR_TYPE_LOCKER_LAYOUT_VIEW (mr_locker_layout_view_get_type ())
G_DECLARE_FINAL_TYPE (MrLockerLayoutView, mr_locker_layout_view, MR, LOCKER_LAYOUT_VIEW, GtkWidget)

GtkWidget *mr_locker_layout_view_new (void);
/* @layout is borrowed: it must outlive the view or be replaced first.
 * Call again after changing it. */
void mr_locker_layout_view_set_layout (MrLockerLayoutView *self, const MrLockerLayout *layout);
/* Door numbers (a set of strings, borrowed) that hold packages or a
 * reservation: drawn with a mark. NULL: none. */
void mr_locker_layout_view_set_busy (MrLockerLayoutView *self, GHashTable *numbers);
gboolean mr_locker_layout_view_is_busy (MrLockerLayoutView *self, const char *number);
/* The selected door: its column and its entry in the column's doors
 * (panels included). FALSE when none. */
gboolean mr_locker_layout_view_get_selected (MrLockerLayoutView *self, guint *column, guint *entry);
/* Selects a door; a panel or a position out of range selects nothing. */
void mr_locker_layout_view_select (MrLockerLayoutView *self, int column, int entry);
/* Moves the selection like the arrow keys: @dx across columns, @dy
 * within one. */
gboolean mr_locker_layout_view_move_selection (MrLockerLayoutView *self, int dx, int dy);
gboolean mr_locker_layout_view_get_door_rect (MrLockerLayoutView *self,
                                              guint column,
                                              guint entry,
                                              GdkRectangle *rect);

/* Translated sentences about a door of the layout: number, size, height,
 * height from the floor, within reach or not, in use. The tooltip and the
 * accessible description. */
char *mr_locker_layout_door_describe (const MrLockerLayoutDoor *door, gboolean busy);

G_END_DECLS
