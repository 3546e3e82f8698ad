/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-import-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-import-problems.h"

/* One item per problem: a list of every problem of a 100,000-row file is a
 * list view's job (it builds rows for what is on screen only), and list
 * views want GObjects. The strings are copied: the job that owns the
 * problems may be freed or re-checked while the list is shown. */

struct _MrImportProblemItem
{
  GObject parent_instance;

  guint line;
  char *column;
  char *value;
  char *message;
  gboolean missing_reference;
};

G_DEFINE_FINAL_TYPE (MrImportProblemItem, mr_import_problem_item, G_TYPE_OBJECT)

static void
mr_import_problem_item_finalize (GObject *object)
{
  MrImportProblemItem *self = (MrImportProblemItem *) object;

  g_free (self->column);
  g_free (self->value);
  g_free (self->message);
  G_OBJECT_CLASS (mr_import_problem_item_parent_class)->finalize (object);
}

static void
mr_import_problem_item_class_init (MrImportProblemItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mr_import_problem_item_finalize;
}

static void
mr_import_problem_item_init (MrImportProblemItem *self)
{
}

guint
mr_import_problem_item_get_line (MrImportProblemItem *self)
{
  g_return_val_if_fail (MR_IS_IMPORT_PROBLEM_ITEM (self), 0);
  return self->line;
}

const char *
mr_import_problem_item_get_column (MrImportProblemItem *self)
{
  g_return_val_if_fail (MR_IS_IMPORT_PROBLEM_ITEM (self), NULL);
  return self->column;
}

const char *
mr_import_problem_item_get_value (MrImportProblemItem *self)
{
  g_return_val_if_fail (MR_IS_IMPORT_PROBLEM_ITEM (self), NULL);
  return self->value;
}

const char *
mr_import_problem_item_get_message (MrImportProblemItem *self)
{
  g_return_val_if_fail (MR_IS_IMPORT_PROBLEM_ITEM (self), NULL);
  return self->message;
}

gboolean
mr_import_problem_item_get_missing_reference (MrImportProblemItem *self)
{
  g_return_val_if_fail (MR_IS_IMPORT_PROBLEM_ITEM (self), FALSE);
  return self->missing_reference;
}

/**
 * mr_import_problems_model_new:
 * @problems: (element-type MrImportProblem) (nullable): a job's problems
 *
 * Returns: (transfer full): a list of #MrImportProblemItem
 */
GListModel *
mr_import_problems_model_new (const GPtrArray *problems)
{
  GListStore *store = g_list_store_new (MR_TYPE_IMPORT_PROBLEM_ITEM);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const MrImportProblem *p = g_ptr_array_index ((GPtrArray *) problems, i);
      MrImportProblemItem *item = g_object_new (MR_TYPE_IMPORT_PROBLEM_ITEM, NULL);

      item->line = p->line;
      item->column = g_strdup (p->column);
      item->value = g_strdup (p->value);
      item->message = g_strdup (p->message);
      item->missing_reference = p->missing_reference;
      g_ptr_array_add (items, item);
    }
  /* One splice: one items-changed, however many problems. */
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}

typedef enum
{
  COLUMN_LINE,
  COLUMN_COLUMN,
  COLUMN_VALUE,
  COLUMN_MESSAGE,
} ColumnId;

static void
setup_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  ColumnId id = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), id == COLUMN_LINE ? 1.0 : 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  if (id == COLUMN_MESSAGE)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 30);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 80);
    }
  else
    {
      /* A value may hold line ends (quoted fields) or run long. */
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), id == COLUMN_LINE ? 8 : 24);
    }
  if (id == COLUMN_LINE)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  MrImportProblemItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *line = NULL;
  const char *text = NULL;

  switch ((ColumnId) GPOINTER_TO_INT (data))
    {
    case COLUMN_LINE:
      /* Line 0 is the whole file: no line to show. */
      if (item->line > 0)
        text = line = g_strdup_printf ("%u", item->line);
      break;
    case COLUMN_COLUMN:
      text = item->column;
      break;
    case COLUMN_VALUE:
      text = item->value;
      break;
    case COLUMN_MESSAGE:
    default:
      text = item->message;
      break;
    }
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text != NULL && text[0] != '\0' ? text : NULL);
}

static void
add_column (GtkColumnView *view, const char *title, ColumnId id)
{
  g_autoptr (GtkColumnViewColumn) column = NULL;
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (id));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (id));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, id == COLUMN_MESSAGE);
  gtk_column_view_append_column (view, column);
}

/**
 * mr_import_problems_view_setup:
 *
 * Gives @view its columns: Line, Column, Value, Problem. Set a model of
 * #MrImportProblemItem (in a #GtkNoSelection) to fill it.
 */
void
mr_import_problems_view_setup (GtkColumnView *view)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  /* Translators: a column of the import problems table: the line in the file */
  add_column (view, C_ ("import problems", "Line"), COLUMN_LINE);
  /* Translators: a column of the import problems table: the file's column */
  add_column (view, C_ ("import problems", "Column"), COLUMN_COLUMN);
  /* Translators: a column of the import problems table: the value read */
  add_column (view, C_ ("import problems", "Value"), COLUMN_VALUE);
  /* Translators: a column of the import problems table: what is wrong */
  add_column (view, C_ ("import problems", "Problem"), COLUMN_MESSAGE);
}
