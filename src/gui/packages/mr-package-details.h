/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-packages.h"

G_BEGIN_DECLS

/* The selected package: every field, then its chain of custody with the
 * signatures taken at handover. */
#define MR_TYPE_PACKAGE_DETAILS (mr_package_details_get_type ())
G_DECLARE_FINAL_TYPE (MrPackageDetails, mr_package_details, MR, PACKAGE_DETAILS, AdwBin)

GtkWidget *mr_package_details_new (MrStore *store);
/* @package: (nullable): NULL shows the empty state. Re-reads its events. */
void mr_package_details_set_package (MrPackageDetails *self, MrPackage *package);
/* Several packages selected at once: a summary instead of one package. */
void mr_package_details_set_several (MrPackageDetails *self, guint n_selected);
MrPackage *mr_package_details_get_package (MrPackageDetails *self);

/* For tests: the events listed, the signature thumbnails shown, and the
 * value shown for a field ("tracking_number", "status", "recipient", …). */
guint mr_package_details_get_n_events (MrPackageDetails *self);
guint mr_package_details_get_n_signatures (MrPackageDetails *self);
const char *mr_package_details_get_field (MrPackageDetails *self, const char *field);
/* The text of event row @i (its title and subtitle joined by a newline). */
char *mr_package_details_dup_event_text (MrPackageDetails *self, guint i);
/* The MrCustomFieldsGroup of the package's custom fields. */
GtkWidget *mr_package_details_get_custom_fields (MrPackageDetails *self);

G_END_DECLS
