/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-import.h"
#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_IMPORT_WINDOW (mr_import_window_get_type ())
G_DECLARE_FINAL_TYPE (MrImportWindow, mr_import_window, MR, IMPORT_WINDOW, AdwWindow)

GtkWidget *mr_import_window_new (MrStore *store, MrImportKind kind);
MrStore *mr_import_window_get_store (MrImportWindow *self);
MrImportKind mr_import_window_get_kind (MrImportWindow *self);
void mr_import_window_load_file (MrImportWindow *self, GFile *file);
const char *mr_import_window_get_step (MrImportWindow *self);
gboolean mr_import_window_get_busy (MrImportWindow *self);

G_END_DECLS
