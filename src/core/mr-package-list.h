/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-packages.h"

G_BEGIN_DECLS

/* The lists of packages, as a GListModel of MrPackage read from SQLite a
 * page at a time: a million packages cost a count and the pages on
 * screen. It follows the store's ::changed signal on its own. */

typedef enum
{
  MR_PACKAGE_VIEW_TODAY,    /* received today (local time), newest first */
  MR_PACKAGE_VIEW_AWAITING, /* still in the mailroom or a locker, longest waiting first */
  MR_PACKAGE_VIEW_HISTORY,  /* every package, newest first */
} MrPackageView;

/* What a list shows, on top of its view. NULL strings and 0 times are
 * "any". Times are Unix milliseconds, @from_ms included, @to_ms excluded. */
typedef struct
{
  const char *place_id;
  const char *status;  /* "received", "at_place", … */
  const char *carrier; /* as stored, case ignored */
  const char *recipient_id;
  const char *department_id; /* the department the package is for */
  const char *bag_id;
  gint64 from_ms;
  gint64 to_ms;
} MrPackageFilter;

#define MR_TYPE_PACKAGE_LIST (mr_package_list_get_type ())
G_DECLARE_FINAL_TYPE (MrPackageList, mr_package_list, MR, PACKAGE_LIST, GObject)

MrPackageList *mr_package_list_new (MrStore *store, MrPackageView view);
MrStore *mr_package_list_get_store (MrPackageList *self);
MrPackageView mr_package_list_get_view (MrPackageList *self);
void mr_package_list_set_view (MrPackageList *self, MrPackageView view);
/* Replaces every filter at once (one count); NULL clears them. */
void mr_package_list_set_filter (MrPackageList *self, const MrPackageFilter *filter);
/* Re-reads the count and drops the cached pages. Happens by itself after
 * the store's ::changed about packages (on an idle). */
void mr_package_list_refresh (MrPackageList *self);
/* Where a package sits in the list, to select it. */
gboolean mr_package_list_find (MrPackageList *self, const char *package_id, guint *position);
/* The query plans of the count and of a page, as SQLite's EXPLAIN QUERY
 * PLAN prints them, for tests and diagnostics: every filter must read an
 * index, never scan the table. */
char *mr_package_list_explain (MrPackageList *self);

G_END_DECLS
