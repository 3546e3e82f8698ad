/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-contact-picker.h"
#include "mr-package-details.h"
#include "mr-packages-page.h"
#include "widgets/mr-split-model.h"

G_BEGIN_DECLS

/* At most this many selected packages are acted on at once: a handover
 * or a batch of events is one transaction the clerk can follow. */
#define MR_PACKAGES_MAX_SELECTION 200

struct _MrPackagesPage
{
  AdwBin parent_instance;

  /* template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkSearchEntry *find_entry;
  GtkMenuButton *filter_button;
  GtkPopover *filter_popover;
  GtkBox *filter_box;
  GtkToggleButton *today_button;
  GtkToggleButton *awaiting_button;
  GtkToggleButton *history_button;
  GtkWidget *filter_bar;
  GtkLabel *filter_summary;
  GtkLabel *count_label;
  GtkStack *list_stack;
  GtkListView *list_view;
  AdwStatusPage *empty_page;
  AdwBin *details_bin;
  GtkLabel *selection_label;

  /* built in code */
  MrPackageDetails *details;
  GtkDropDown *place_filter;
  GtkDropDown *status_filter;
  GtkEditable *carrier_filter;
  MrContactPicker *recipient_filter;
  GtkDropDown *department_filter;
  GtkDropDown *bag_filter;
  GtkEditable *from_filter;
  GtkEditable *to_filter;

  /* owned */
  MrStore *store;
  MrPackageList *packages;
  MrSplitModel *split;
  GtkMultiSelection *selection;
  GPtrArray *selected_ids; /* of char *, at most MR_PACKAGES_MAX_SELECTION */
  guint n_selected;
  guint n_filters;
  gboolean refreshing;
  gboolean applying_filters;
  guint age_timer_id;

  /* What the selection allows, worked out when it changes. */
  gboolean selection_final;   /* one of them has left the mailroom */
  gboolean selection_one_for; /* all for the same recipient (or department) */
  gboolean selection_in_bag;  /* one of them is in a bag */

  /* borrowed (weak) */
  GtkWidget *handover_dialog;
  GtkWidget *bags_dialog;
  GtkWidget *rules_dialog;
  AdwMessageDialog *message_dialog;
  AdwToast *last_toast;
};

/* mr-packages-page-actions.c */
void mr_packages_page_install_actions (GtkWidgetClass *widget_class);
void mr_packages_page_update_actions (MrPackagesPage *self);
void mr_packages_page_show_toast (MrPackagesPage *self, AdwToast *toast);
void mr_packages_page_show_error (MrPackagesPage *self, const char *message);

G_END_DECLS
