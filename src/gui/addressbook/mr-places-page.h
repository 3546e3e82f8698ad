/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-node-tree-page.h"
#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_PLACES_PAGE (mr_places_page_get_type ())
G_DECLARE_FINAL_TYPE (MrPlacesPage, mr_places_page, MR, PLACES_PAGE, AdwBin)

GtkWidget *mr_places_page_new (MrStore *store);
MrStore *mr_places_page_get_store (MrPlacesPage *self);
MrNodeTreePage *mr_places_page_get_tree_page (MrPlacesPage *self);

G_END_DECLS
