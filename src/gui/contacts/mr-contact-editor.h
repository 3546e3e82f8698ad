/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-records.h"

G_BEGIN_DECLS

#define MR_TYPE_CONTACT_EDITOR (mr_contact_editor_get_type ())
G_DECLARE_FINAL_TYPE (MrContactEditor, mr_contact_editor, MR, CONTACT_EDITOR, AdwWindow)

MrContactEditor *mr_contact_editor_new (MrStore *store, MrContact *contact);
MrContact *mr_contact_editor_get_contact (MrContactEditor *self);
gboolean mr_contact_editor_save (MrContactEditor *self);
GtkWidget *mr_contact_editor_get_field_row (MrContactEditor *self, const char *field);
GtkLabel *mr_contact_editor_get_error_label (MrContactEditor *self, const char *field);
/* The MrCustomFieldsGroup of the 'contact' screen's custom fields. */
GtkWidget *mr_contact_editor_get_custom_fields (MrContactEditor *self);

G_END_DECLS
