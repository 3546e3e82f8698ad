/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-store.h"

G_BEGIN_DECLS

/* The Custom Fields page of the Preferences: the administrator adds up to
 * ten fields, edits their label, type and choices, deletes them, and
 * chooses for each screen whether it shows, hides or requires them. */

#define MR_TYPE_CUSTOM_FIELDS_PAGE (mr_custom_fields_page_get_type ())
G_DECLARE_FINAL_TYPE (
  MrCustomFieldsPage, mr_custom_fields_page, MR, CUSTOM_FIELDS_PAGE, AdwPreferencesPage)

GtkWidget *mr_custom_fields_page_new (MrStore *store);

G_END_DECLS
