/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-contact-list.h"
#include "mr-departments-page.h"
#include "mr-records.h"

G_BEGIN_DECLS

struct _MrDepartmentsPage
{
  AdwBin parent_instance;

  /* template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkWidget *details;
  GtkSearchEntry *search_entry;
  GtkStack *list_stack;
  GtkListBox *list_box;
  GtkButton *back_button;
  GtkLabel *title_label;
  GtkStack *details_stack;
  AdwActionRow *key_row;
  AdwAvatar *key_avatar;
  GtkButton *key_clear_button;
  GtkLabel *members_label;
  GtkMenuButton *add_member_button;
  GtkPopover *add_member_popover;
  GtkSearchEntry *member_search_entry;
  GtkStack *candidates_stack;
  GtkListView *candidates_view;
  GtkStack *members_stack;
  GtkListView *members_view;

  /* owned */
  MrStore *store;
  GListStore *departments;
  GtkFilterListModel *filtered;
  char *search_key;
  char *selected_id;
  MrDepartment *selected;
  MrContactList *members;
  GtkSingleSelection *members_selection;
  MrContactList *candidates;
  GtkSingleSelection *candidates_selection;
  guint refresh_id;
  gboolean refreshing;
};

/* mr-departments-page.c */
void
mr_departments_page_show_error (MrDepartmentsPage *self, const char *heading, const GError *error);
void mr_departments_page_show_details_if_folded (MrDepartmentsPage *self);
void mr_departments_page_refresh (MrDepartmentsPage *self);

/* mr-departments-page-members.c */
void mr_departments_page_members_class_init (GtkWidgetClass *widget_class);
void mr_departments_page_members_init (MrDepartmentsPage *self);

G_END_DECLS
