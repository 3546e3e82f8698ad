/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mr-import.h"

G_BEGIN_DECLS

/* The problems of an import as a list model, and the table that shows them
 * (line, column, value, what is wrong) on the check and summary steps. */

#define MR_TYPE_IMPORT_PROBLEM_ITEM (mr_import_problem_item_get_type ())
G_DECLARE_FINAL_TYPE (MrImportProblemItem, mr_import_problem_item, MR, IMPORT_PROBLEM_ITEM, GObject)

guint mr_import_problem_item_get_line (MrImportProblemItem *self);
const char *mr_import_problem_item_get_column (MrImportProblemItem *self);
const char *mr_import_problem_item_get_value (MrImportProblemItem *self);
const char *mr_import_problem_item_get_message (MrImportProblemItem *self);
gboolean mr_import_problem_item_get_missing_reference (MrImportProblemItem *self);

GListModel *mr_import_problems_model_new (const GPtrArray *problems);
void mr_import_problems_view_setup (GtkColumnView *view);

G_END_DECLS
