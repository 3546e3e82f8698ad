/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mr-store.h"

G_BEGIN_DECLS

/* Choosing one contact by typing: name, email, Personnel ID or
 * department, accent-insensitive; the first matches show under the
 * entry, Enter takes the first, Down goes into the list. */
#define MR_TYPE_CONTACT_PICKER (mr_contact_picker_get_type ())
G_DECLARE_FINAL_TYPE (MrContactPicker, mr_contact_picker, MR, CONTACT_PICKER, GtkWidget)

/* @label: the entry's placeholder and accessible name. */
GtkWidget *mr_contact_picker_new (MrStore *store, const char *label);
/* The chosen contact's id, or NULL. */
const char *mr_contact_picker_get_contact_id (MrContactPicker *self);
/* Chooses a contact (NULL: none, and the entry is emptied). */
void mr_contact_picker_set_contact_id (MrContactPicker *self, const char *contact_id);
GtkEditable *mr_contact_picker_get_entry (MrContactPicker *self);
/* How many matches the list shows for the text typed. */
guint mr_contact_picker_get_n_matches (MrContactPicker *self);

G_END_DECLS
