/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-application.h"
#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_WINDOW (mr_window_get_type ())
G_DECLARE_FINAL_TYPE (MrWindow, mr_window, MR, WINDOW, AdwApplicationWindow)

MrWindow *mr_window_new (MrApplication *application, MrStore *store);
MrStore *mr_window_get_store (MrWindow *self);
GtkWidget *mr_window_get_page (MrWindow *self, const char *name);
const char *mr_window_get_page_name (MrWindow *self);
void mr_window_set_page_name (MrWindow *self, const char *name);
void mr_window_add_toast (MrWindow *self, AdwToast *toast);

G_END_DECLS
