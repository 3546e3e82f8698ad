/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_NODE_TREE_PAGE (mr_node_tree_page_get_type ())
G_DECLARE_FINAL_TYPE (MrNodeTreePage, mr_node_tree_page, MR, NODE_TREE_PAGE, AdwBin)

GtkWidget *mr_node_tree_page_new (MrStore *store, const char *tree);
MrStore *mr_node_tree_page_get_store (MrNodeTreePage *self);
const char *mr_node_tree_page_get_tree (MrNodeTreePage *self);
gboolean mr_node_tree_page_select (MrNodeTreePage *self, const char *id);
const char *mr_node_tree_page_get_selected_id (MrNodeTreePage *self);

G_END_DECLS
