/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-locker-layout-view.h"
#include "mr-lockers.h"

G_BEGIN_DECLS

/* The window that builds a new locker bank or changes one: its front
 * drawn to scale (add and remove columns, split, merge and resize doors,
 * renumber) beside the bank's settings. Nothing is written before Save,
 * which applies "locker_bank.create", or ".set" and ".set_layout" in one
 * transaction; a refused change leaves everything as it was and shows
 * the core's message next to what it is about. */
#define MR_TYPE_LOCKER_BANK_EDITOR (mr_locker_bank_editor_get_type ())
G_DECLARE_FINAL_TYPE (MrLockerBankEditor, mr_locker_bank_editor, MR, LOCKER_BANK_EDITOR, AdwWindow)

/* @bank_id: (nullable): the bank to change, or NULL for a new one. */
MrLockerBankEditor *mr_locker_bank_editor_new (MrStore *store, const char *bank_id);
/* Opens the editor over @parent's window; ::saved is emitted on success. */
MrLockerBankEditor *
mr_locker_bank_editor_present (GtkWidget *parent, MrStore *store, const char *bank_id);

/* The bank being changed (after a successful save, the new bank's id). */
const char *mr_locker_bank_editor_get_bank_id (MrLockerBankEditor *self);
const MrLockerLayout *mr_locker_bank_editor_get_layout (MrLockerBankEditor *self);
MrLockerLayoutView *mr_locker_bank_editor_get_view (MrLockerBankEditor *self);

/* What the dialogs and shortcuts do, for scripts and tests. Each returns
 * FALSE and shows why (changing nothing) when the layout or the core
 * refuses. They act on the selected door. */
gboolean
mr_locker_bank_editor_add_column (MrLockerBankEditor *self, int width_cm, const char *doors);
gboolean mr_locker_bank_editor_remove_column (MrLockerBankEditor *self);
gboolean mr_locker_bank_editor_split_door (MrLockerBankEditor *self,
                                           MrLockerSize top_size,
                                           int top_height_cm,
                                           MrLockerSize bottom_size,
                                           int bottom_height_cm);
gboolean mr_locker_bank_editor_merge_door (MrLockerBankEditor *self);
gboolean
mr_locker_bank_editor_set_door_size (MrLockerBankEditor *self, MrLockerSize size, int height_cm);
gboolean mr_locker_bank_editor_renumber (MrLockerBankEditor *self,
                                         const char *order,
                                         int start,
                                         const char *prefix);
/* Applies everything. On success emits ::saved (id, created) and closes. */
gboolean mr_locker_bank_editor_save (MrLockerBankEditor *self);

/* The row editing a setting, named as the core names it ("name",
 * "expiry_hours", "keep_for_delivery", …, and "number", "size",
 * "height_cm", "loading", "delivery_only", "width_cm" for the selected
 * door and its column), and the label that shows its error (visible only
 * while there is one). "layout" names the message above the drawing. */
GtkWidget *mr_locker_bank_editor_get_field_row (MrLockerBankEditor *self, const char *field);
GtkLabel *mr_locker_bank_editor_get_error_label (MrLockerBankEditor *self, const char *field);
/* The dialog of the operation in progress (add column, split, renumber),
 * or NULL. */
AdwMessageDialog *mr_locker_bank_editor_get_dialog (MrLockerBankEditor *self);

G_END_DECLS
