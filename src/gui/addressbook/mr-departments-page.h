/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_DEPARTMENTS_PAGE (mr_departments_page_get_type ())
G_DECLARE_FINAL_TYPE (MrDepartmentsPage, mr_departments_page, MR, DEPARTMENTS_PAGE, AdwBin)

GtkWidget *mr_departments_page_new (MrStore *store);
MrStore *mr_departments_page_get_store (MrDepartmentsPage *self);
gboolean mr_departments_page_select (MrDepartmentsPage *self, const char *id);
const char *mr_departments_page_get_selected_id (MrDepartmentsPage *self);

G_END_DECLS
