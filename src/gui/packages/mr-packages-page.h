/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-package-list.h"

G_BEGIN_DECLS

/* The Packages section: today's intake, what awaits pickup and the
 * history, filtered; the selected package's details and chain of
 * custody; handover with its proof; moves, returns, removals and
 * notifications; bags; handover rules. */
#define MR_TYPE_PACKAGES_PAGE (mr_packages_page_get_type ())
G_DECLARE_FINAL_TYPE (MrPackagesPage, mr_packages_page, MR, PACKAGES_PAGE, AdwBin)

GtkWidget *mr_packages_page_new (MrStore *store);
MrPackageList *mr_packages_page_get_list (MrPackagesPage *self);

MrPackageView mr_packages_page_get_view (MrPackagesPage *self);
void mr_packages_page_set_view (MrPackagesPage *self, MrPackageView view);

/* The filter controls, by name: "place", "status", "department", "bag"
 * (GtkDropDown), "carrier", "from", "to" (GtkEditable), "recipient"
 * (MrContactPicker). Changing one filters the list at once. */
GtkWidget *mr_packages_page_get_filter_widget (MrPackagesPage *self, const char *name);
/* Shows a bag's packages (the bag filter), from the Bags dialog. */
void mr_packages_page_show_bag (MrPackagesPage *self, const char *bag_id);
void mr_packages_page_clear_filters (MrPackagesPage *self);
guint mr_packages_page_get_n_filters (MrPackagesPage *self);

/* What the find entry does with a scanned or typed number: selects the
 * package (switching to the history when the list does not show it).
 * FALSE when no package has that number. */
gboolean mr_packages_page_find (MrPackagesPage *self, const char *text);
GtkEditable *mr_packages_page_get_find_entry (MrPackagesPage *self);
gboolean mr_packages_page_select_package (MrPackagesPage *self, const char *package_id);
/* Adds a package to the selection (for several at once). */
gboolean mr_packages_page_add_to_selection (MrPackagesPage *self, const char *package_id);
/* (element-type utf8): the ids of the selected packages. */
GPtrArray *mr_packages_page_get_selected_ids (MrPackagesPage *self);

GtkWidget *mr_packages_page_get_details (MrPackagesPage *self);
/* The dialogs the page opened, while they are open (NULL otherwise). */
GtkWidget *mr_packages_page_get_handover_dialog (MrPackagesPage *self);
GtkWidget *mr_packages_page_get_bags_dialog (MrPackagesPage *self);
GtkWidget *mr_packages_page_get_rules_dialog (MrPackagesPage *self);
AdwMessageDialog *mr_packages_page_get_message_dialog (MrPackagesPage *self);
/* The last toast the page showed, while it is shown. */
AdwToast *mr_packages_page_get_last_toast (MrPackagesPage *self);

G_END_DECLS
