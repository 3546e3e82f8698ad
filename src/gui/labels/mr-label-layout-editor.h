/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-label-layout.h"
#include "mr-label-stock.h"
#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_LABEL_LAYOUT_EDITOR (mr_label_layout_editor_get_type ())
G_DECLARE_FINAL_TYPE (
  MrLabelLayoutEditor, mr_label_layout_editor, MR, LABEL_LAYOUT_EDITOR, AdwWindow)

/* Edits a copy of @layout for label stock @stock, with a preview of sample
 * data. Saving changes a saved layout (@layout has an id) or saves a new
 * one (the built-in layout stays as it is), through the store's
 * label_layout mutations; ::saved tells the id. */
GtkWidget *
mr_label_layout_editor_new (MrStore *store, const MrLabelLayout *layout, MrLabelStock *stock);

/* For tests: the layout as edited now. */
MrLabelLayout *mr_label_layout_editor_get_layout (MrLabelLayoutEditor *self);
/* Re-reads the element rows' values (after a test changes a row). */
gboolean mr_label_layout_editor_save (MrLabelLayoutEditor *self, GError **error);

G_END_DECLS
