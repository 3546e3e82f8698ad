/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-packages.h"

G_BEGIN_DECLS

/* What the Packages section's widgets share. */

/* The name a clerk reads a package by: its tracking number, else its
 * internal ID. */
const char *mr_packages_title (MrPackage *package);
/* Who it is for: the recipient, else the department; NULL for nobody. */
const char *mr_packages_for_name (MrPackage *package);
/* Where it is: the locker, else the place; NULL when unknown. */
const char *mr_packages_where (MrPackage *package);

/* A drop-down of labels whose items stand for ids, kept on the drop-down
 * in the items' order (NULL: an item such as "Any place"). Setting new
 * choices keeps the chosen id when it is still there. */
GtkDropDown *mr_id_drop_down_new (const char *accessible_label);
/* @labels, @ids: as many of each, @ids transfer full. */
void mr_id_drop_down_set_choices (GtkDropDown *drop_down, GPtrArray *labels, GPtrArray *ids);
const char *mr_id_drop_down_get_id (GtkDropDown *drop_down);
gboolean mr_id_drop_down_set_id (GtkDropDown *drop_down, const char *id);

/* Places in tree order, their paths as labels. With @first_label, a
 * first item that stands for no place. */
GtkDropDown *mr_place_drop_down_new (MrStore *store, const char *first_label);
void mr_place_drop_down_fill (GtkDropDown *drop_down, MrStore *store, const char *first_label);

/* A dialog with a heading, a body and a place drop-down, for "Move to
 * Place" (packages and bags). @callback gets the chosen place id and
 * @parent, when it still exists; it is not called when cancelled. */
typedef void (*MrPlaceChosenFunc) (const char *place_id, gpointer parent);
AdwMessageDialog *mr_choose_place_dialog_new (GtkWidget *parent,
                                              MrStore *store,
                                              const char *heading,
                                              const char *body,
                                              const char *current_place_id,
                                              MrPlaceChosenFunc callback);

/* "2024-05-01" as local midnight (with @end_of_day, the midnight after). */
gboolean mr_parse_day (const char *text, gboolean end_of_day, gint64 *ms);

/* A contact's name (for a chooser), "" when unknown. */
char *mr_packages_contact_name (MrStore *store, const char *contact_id);

G_END_DECLS
