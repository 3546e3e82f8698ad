/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-packages.h"

G_BEGIN_DECLS

/* Bags and pouches: create one, add the packages selected in the list
 * to it or take them out, close and reopen it, move it (and everything
 * in it) to a place, or show its packages in the list. */
#define MR_TYPE_BAGS_DIALOG (mr_bags_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MrBagsDialog, mr_bags_dialog, MR, BAGS_DIALOG, AdwWindow)

/* @package_ids: (nullable): the packages selected in the list, which
 * "Add" and "Remove" act on. The dialog destroys itself when closed. */
MrBagsDialog *
mr_bags_dialog_new (GtkWidget *parent, MrStore *store, const char *const *package_ids);

GtkEditable *mr_bags_dialog_get_label_entry (MrBagsDialog *self);
GtkDropDown *mr_bags_dialog_get_place_drop_down (MrBagsDialog *self);
/* Creates a bag from the form and selects it; its id, or NULL with the
 * reason shown. */
const char *mr_bags_dialog_create_bag (MrBagsDialog *self);

guint mr_bags_dialog_get_n_bags (MrBagsDialog *self);
gboolean mr_bags_dialog_select_bag (MrBagsDialog *self, const char *bag_id);
const char *mr_bags_dialog_get_selected_bag (MrBagsDialog *self);
void mr_bags_dialog_set_show_closed (MrBagsDialog *self, gboolean show_closed);

/* On the selected bag; TRUE when done, FALSE with the reason shown and
 * nothing changed. */
gboolean mr_bags_dialog_add_packages (MrBagsDialog *self);
gboolean mr_bags_dialog_remove_packages (MrBagsDialog *self);
gboolean mr_bags_dialog_close_bag (MrBagsDialog *self);
gboolean mr_bags_dialog_reopen_bag (MrBagsDialog *self);
gboolean mr_bags_dialog_move_bag (MrBagsDialog *self, const char *place_id);
/* The place chooser "Move Bag to a Place…" opened, while it is open. */
AdwMessageDialog *mr_bags_dialog_get_place_dialog (MrBagsDialog *self);

const char *mr_bags_dialog_get_error (MrBagsDialog *self);
const char *mr_bags_dialog_get_status (MrBagsDialog *self);

G_END_DECLS
