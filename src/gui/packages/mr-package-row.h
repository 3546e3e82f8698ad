/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mr-package-list.h"

G_BEGIN_DECLS

/* One package in the Packages list: tracking number (or internal ID),
 * flags, age or time; carrier, recipient, where, status. */
#define MR_TYPE_PACKAGE_ROW (mr_package_row_get_type ())
G_DECLARE_FINAL_TYPE (MrPackageRow, mr_package_row, MR, PACKAGE_ROW, GtkWidget)

GtkWidget *mr_package_row_new (void);
/* @package: (nullable); @view decides what the right-hand time says. */
void mr_package_row_set_package (MrPackageRow *self,
                                 MrPackage *package,
                                 MrPackageView view,
                                 gint64 now_ms);
/* The texts shown, for tests: the title, the time, the second line. */
const char *mr_package_row_get_title (MrPackageRow *self);
const char *mr_package_row_get_time (MrPackageRow *self);
const char *mr_package_row_get_details (MrPackageRow *self);
gboolean mr_package_row_get_duplicate_shown (MrPackageRow *self);
gboolean mr_package_row_get_needs_label_shown (MrPackageRow *self);

G_END_DECLS
