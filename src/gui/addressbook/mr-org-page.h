/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-node-tree-page.h"
#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_ORG_PAGE (mr_org_page_get_type ())
G_DECLARE_FINAL_TYPE (MrOrgPage, mr_org_page, MR, ORG_PAGE, AdwBin)

GtkWidget *mr_org_page_new (MrStore *store);
MrStore *mr_org_page_get_store (MrOrgPage *self);
MrNodeTreePage *mr_org_page_get_tree_page (MrOrgPage *self);

G_END_DECLS
