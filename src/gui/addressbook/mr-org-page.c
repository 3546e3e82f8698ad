/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-org-page"

#include "config.h"

#include "mr-org-page.h"

/* The organisation: the enterprise, its divisions and their locations.
 * The page is an MrNodeTreePage configured for the "org" tree: both trees
 * share one implementation, and this class only gives the window a page
 * type of its own to host. */

struct _MrOrgPage
{
  AdwBin parent_instance;

  /* owned */
  MrStore *store;

  /* borrowed: our child */
  MrNodeTreePage *tree_page;
};

G_DEFINE_FINAL_TYPE (MrOrgPage, mr_org_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mr_org_page_constructed (GObject *object)
{
  MrOrgPage *self = (MrOrgPage *) object;

  G_OBJECT_CLASS (mr_org_page_parent_class)->constructed (object);

  g_return_if_fail (MR_IS_STORE (self->store));
  self->tree_page = MR_NODE_TREE_PAGE (mr_node_tree_page_new (self->store, "org"));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->tree_page));
}

static void
mr_org_page_finalize (GObject *object)
{
  MrOrgPage *self = (MrOrgPage *) object;

  g_clear_object (&self->store);
  G_OBJECT_CLASS (mr_org_page_parent_class)->finalize (object);
}

static void
mr_org_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrOrgPage *self = MR_ORG_PAGE (object);

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
mr_org_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MrOrgPage *self = MR_ORG_PAGE (object);

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
mr_org_page_class_init (MrOrgPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mr_org_page_constructed;
  object_class->finalize = mr_org_page_finalize;
  object_class->get_property = mr_org_page_get_property;
  object_class->set_property = mr_org_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mr_org_page_init (MrOrgPage *self)
{
}

GtkWidget *
mr_org_page_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_ORG_PAGE, "store", store, NULL);
}

MrStore *
mr_org_page_get_store (MrOrgPage *self)
{
  g_return_val_if_fail (MR_IS_ORG_PAGE (self), NULL);
  return self->store;
}

MrNodeTreePage *
mr_org_page_get_tree_page (MrOrgPage *self)
{
  g_return_val_if_fail (MR_IS_ORG_PAGE (self), NULL);
  return self->tree_page;
}
