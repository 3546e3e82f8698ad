/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-split-model"

#include "config.h"

#include "mr-split-model.h"

/* A pass-through GListModel that reports each replacement ("remove R, add A
 * at P") as a removal followed by an addition.
 *
 * Lazy SQLite models re-read after every change and announce it as one
 * replacement of everything. GTK 4.8's list views answer a replacement by
 * looking up every added item, hoping to reuse a row for an item it already
 * shows; on a paged model that reads thousands of rows per keystroke, for
 * nothing, as the re-read items are new objects anyway. A plain removal and
 * addition costs only the rows on screen. Items are never copied or read
 * ahead: it stays as lazy as the model it wraps. */

struct _MrSplitModel
{
  GObject parent_instance;

  GListModel *model;
  guint n_items;
  /* At most this many items are shown until the limit is lifted (the
   * first frame needs only a screenful); G_MAXUINT: no limit. */
  guint limit;
  /* Between the two halves of a split replacement: positions at or after
   * split_position are read split_added further in the wrapped model. */
  gboolean splitting;
  guint split_position;
  guint split_added;
};

static void mr_split_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MrSplitModel,
                               mr_split_model,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, mr_split_model_list_init))

static GType
mr_split_model_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (MR_SPLIT_MODEL (list)->model);
}

static guint
mr_split_model_get_n_items (GListModel *list)
{
  return MR_SPLIT_MODEL (list)->n_items;
}

static gpointer
mr_split_model_get_item (GListModel *list, guint position)
{
  MrSplitModel *self = MR_SPLIT_MODEL (list);

  if (position >= self->n_items)
    return NULL;
  if (self->splitting && position >= self->split_position)
    position += self->split_added;
  return g_list_model_get_item (self->model, position);
}

static void
mr_split_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = mr_split_model_get_item_type;
  iface->get_n_items = mr_split_model_get_n_items;
  iface->get_item = mr_split_model_get_item;
}

static void
items_changed_cb (MrSplitModel *self, guint position, guint removed, guint added, GListModel *model)
{
  if (self->limit != G_MAXUINT)
    {
      /* A change before the limit was lifted: show everything now, as a
       * removal then an addition like any replacement. */
      guint shown = self->n_items;

      self->limit = G_MAXUINT;
      self->n_items = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, shown, 0);
      self->n_items = g_list_model_get_n_items (model);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items);
      return;
    }

  if (removed == 0 || added == 0)
    {
      self->n_items = g_list_model_get_n_items (model);
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  self->splitting = TRUE;
  self->split_position = position;
  self->split_added = added;
  self->n_items -= removed;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, 0);

  self->splitting = FALSE;
  self->n_items = g_list_model_get_n_items (model);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
}

static void
mr_split_model_dispose (GObject *object)
{
  MrSplitModel *self = (MrSplitModel *) object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (mr_split_model_parent_class)->dispose (object);
}

static void
mr_split_model_class_init (MrSplitModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mr_split_model_dispose;
}

static void
mr_split_model_init (MrSplitModel *self)
{
}

/**
 * mr_split_model_new:
 * @model: the model to wrap
 *
 * Returns: (transfer full): a model with the items of @model
 */
MrSplitModel *
mr_split_model_new (GListModel *model)
{
  MrSplitModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (MR_TYPE_SPLIT_MODEL, NULL);
  self->limit = G_MAXUINT;
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/**
 * mr_split_model_get_model:
 *
 * Returns: (transfer none): the wrapped model
 */
GListModel *
mr_split_model_get_model (MrSplitModel *self)
{
  g_return_val_if_fail (MR_IS_SPLIT_MODEL (self), NULL);
  return self->model;
}

/**
 * mr_split_model_is_settled:
 *
 * Returns: whether positions match the wrapped model's, i.e. it is not
 *   between the removal and the addition of a replacement
 */
gboolean
mr_split_model_is_settled (MrSplitModel *self)
{
  g_return_val_if_fail (MR_IS_SPLIT_MODEL (self), FALSE);
  return !self->splitting;
}

/**
 * mr_split_model_set_limit:
 * @limit: the most items to show, or %G_MAXUINT for all
 *
 * Shows at most @limit items of the wrapped model. A list view builds
 * rows for up to 200 items whatever fits on screen; a window shows its
 * first frame sooner with only a screenful, and lifts the limit after
 * it. Lifting is an addition at the end, so nothing on screen moves. Any
 * change of the wrapped model lifts the limit.
 */
void
mr_split_model_set_limit (MrSplitModel *self, guint limit)
{
  guint total, shown;

  g_return_if_fail (MR_IS_SPLIT_MODEL (self));
  g_return_if_fail (!self->splitting);

  total = g_list_model_get_n_items (self->model);
  shown = self->n_items;
  self->limit = limit;
  self->n_items = MIN (total, limit);
  if (self->n_items > shown)
    g_list_model_items_changed (G_LIST_MODEL (self), shown, 0, self->n_items - shown);
  else if (self->n_items < shown)
    g_list_model_items_changed (G_LIST_MODEL (self), self->n_items, shown - self->n_items, 0);
}
