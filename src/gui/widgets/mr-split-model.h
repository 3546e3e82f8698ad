/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MR_TYPE_SPLIT_MODEL (mr_split_model_get_type ())
G_DECLARE_FINAL_TYPE (MrSplitModel, mr_split_model, MR, SPLIT_MODEL, GObject)

MrSplitModel *mr_split_model_new (GListModel *model);
GListModel *mr_split_model_get_model (MrSplitModel *self);
gboolean mr_split_model_is_settled (MrSplitModel *self);
void mr_split_model_set_limit (MrSplitModel *self, guint limit);

G_END_DECLS
