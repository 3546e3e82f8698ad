/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-places-page"

#include "config.h"

#include "mr-places-page.h"

/* The delivery places: sites, buildings, floors and mail stops.
 * The page is an MrNodeTreePage configured for the "place" tree: both trees
 * share one implementation, and this class only gives the window a page
 * type of its own to host. */

struct _MrPlacesPage
{
  AdwBin parent_instance;

  /* owned */
  MrStore *store;

  /* borrowed: our child */
  MrNodeTreePage *tree_page;
};

G_DEFINE_FINAL_TYPE (MrPlacesPage, mr_places_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mr_places_page_constructed (GObject *object)
{
  MrPlacesPage *self = (MrPlacesPage *) object;

  G_OBJECT_CLASS (mr_places_page_parent_class)->constructed (object);

  g_return_if_fail (MR_IS_STORE (self->store));
  self->tree_page = MR_NODE_TREE_PAGE (mr_node_tree_page_new (self->store, "place"));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->tree_page));
}

static void
mr_places_page_finalize (GObject *object)
{
  MrPlacesPage *self = (MrPlacesPage *) object;

  g_clear_object (&self->store);
  G_OBJECT_CLASS (mr_places_page_parent_class)->finalize (object);
}

static void
mr_places_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrPlacesPage *self = MR_PLACES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_places_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MrPlacesPage *self = MR_PLACES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_places_page_class_init (MrPlacesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mr_places_page_constructed;
  object_class->finalize = mr_places_page_finalize;
  object_class->get_property = mr_places_page_get_property;
  object_class->set_property = mr_places_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mr_places_page_init (MrPlacesPage *self)
{
}

GtkWidget *
mr_places_page_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_PLACES_PAGE, "store", store, NULL);
}

MrStore *
mr_places_page_get_store (MrPlacesPage *self)
{
  g_return_val_if_fail (MR_IS_PLACES_PAGE (self), NULL);
  return self->store;
}

MrNodeTreePage *
mr_places_page_get_tree_page (MrPlacesPage *self)
{
  g_return_val_if_fail (MR_IS_PLACES_PAGE (self), NULL);
  return self->tree_page;
}
