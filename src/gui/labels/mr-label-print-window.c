/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-label-print-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-label-layout-editor.h"
#include "mr-label-layouts.h"
#include "mr-label-print-window-private.h"
#include "mr-label-records.h"

/* The print dialog of labels. The preview draws the pages exactly as they
 * print (the same MrLabelJob draws both), with the outline of every label
 * of the sheet and the labels already used shaded, so a partly used sheet
 * is easy to get right. "Print…" hands the pages to GtkPrintOperation and
 * the system's print dialog; "Save as PDF…" writes them directly. What
 * the labels are printed from is in mr-label-print-window-sources.c. */

#define PREVIEW_MARGIN 16

G_DEFINE_FINAL_TYPE (MrLabelPrintWindow, mr_label_print_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_KIND,
  PROP_RECORDS,
  PROP_IDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MrLabelStock *
selected_stock (MrLabelPrintWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->stock_dropdown);

  return i < self->stocks->len ? self->stocks->pdata[i] : NULL;
}

static MrLabelLayout *
selected_layout (MrLabelPrintWindow *self)
{
  guint i = adw_combo_row_get_selected (self->layout_row);

  return i < self->layouts->len ? self->layouts->pdata[i] : NULL;
}

void
mr_label_print_window_show_error (MrLabelPrintWindow *self, const char *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_summary (MrLabelPrintWindow *self)
{
  g_autofree char *labels = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *text = NULL;
  g_autofree char *page = NULL;
  guint n_labels = self->job ? mr_label_job_get_n_labels (self->job) : 0;
  guint n_pages = self->job ? mr_label_job_get_n_pages (self->job) : 0;
  MrLabelStock *stock = selected_stock (self);

  labels =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u label", "%u labels", n_labels), n_labels);
  if (stock != NULL && !stock->is_roll)
    {
      pages = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "on %u sheet", "on %u sheets", n_pages), n_pages);
      /* Translators: "12 labels on 2 sheets" */
      text = g_strdup_printf (_ ("%s %s"), labels, pages);
    }
  else
    text = g_strdup (labels);
  if (self->records == NULL)
    gtk_label_set_text (self->summary_label, "");
  else if (self->note != NULL)
    {
      g_autofree char *with_note = g_strdup_printf ("%s\n%s", text, self->note);

      gtk_label_set_text (self->summary_label, with_note);
    }
  else
    gtk_label_set_text (self->summary_label, text);

  /* Translators: "Page 1 of 3" */
  page = g_strdup_printf (_ ("Page %u of %u"), n_pages ? self->page + 1 : 0, n_pages);
  gtk_label_set_text (self->page_label, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.next-page",
                                 n_pages > 0 && self->page + 1 < n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.print", self->job != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.save-pdf", self->job != NULL);
}

/* Rebuilds the job from the options; the preview follows. */
void
mr_label_print_window_rebuild_job (MrLabelPrintWindow *self)
{
  g_autoptr (GError) error = NULL;
  MrLabelStock *stock = selected_stock (self);
  MrLabelLayout *layout = selected_layout (self);
  guint per_sheet;

  if (self->updating)
    return;
  g_clear_pointer (&self->job, mr_label_job_free);
  if (stock == NULL || layout == NULL || self->records == NULL)
    {
      /* Nothing to lay out: say why, and print nothing. */
      mr_label_print_window_show_error (self, self->source_error);
      self->page = 0;
      update_summary (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->preview));
      return;
    }

  /* The start position only means something on a sheet. */
  per_sheet = stock->is_roll ? 1 : mr_label_stock_get_n_labels (stock);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_spin), per_sheet > 1);
  gtk_spin_button_set_range (self->start_spin, 1, MAX (per_sheet, 1));

  self->job = mr_label_job_new (stock, layout);
  for (guint i = 0; i < self->records->len; i++)
    mr_label_job_add_record (self->job, self->records->pdata[i]);
  mr_label_job_set_copies (self->job, gtk_spin_button_get_value_as_int (self->copies_spin));
  mr_label_job_set_start_position (self->job, gtk_spin_button_get_value_as_int (self->start_spin));
  mr_label_job_set_outlines (self->job, gtk_switch_get_active (self->outlines_switch));
  if (!mr_label_job_prepare (self->job, MR_LABEL_FORMAT_PDF, &error))
    {
      g_clear_pointer (&self->job, mr_label_job_free);
      mr_label_print_window_show_error (self, error->message);
    }
  else
    mr_label_print_window_show_error (self, NULL);
  if (self->job == NULL || self->page >= mr_label_job_get_n_pages (self->job))
    self->page = 0;
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static void
draw_preview (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  MrLabelPrintWindow *self = user_data;
  MrLabelStock *stock = selected_stock (self);
  double page_w, page_h, scale, x, y;

  if (stock == NULL)
    return;
  page_w = stock->page_width;
  page_h = stock->page_height;
  scale = MIN ((width - 2.0 * PREVIEW_MARGIN) / page_w, (height - 2.0 * PREVIEW_MARGIN) / page_h);
  if (scale <= 0)
    return;
  x = (width - page_w * scale) / 2;
  y = (height - page_h * scale) / 2;

  /* The paper, with a soft edge */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_rectangle (cr, x + 2, y + 2, page_w * scale, page_h * scale);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, page_w * scale, page_h * scale);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, page_w, page_h);
  cairo_clip (cr);
  if (self->job != NULL)
    {
      mr_label_job_draw_slots (self->job, cr, self->page);
      mr_label_job_draw_page (self->job, cr, self->page);
    }
  cairo_restore (cr);
}

/* Options */

static void
fill_layouts (MrLabelPrintWindow *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GPtrArray) saved = NULL;
  guint selected = 0;

  g_ptr_array_set_size (self->layouts, 0);
  g_ptr_array_add (self->layouts, mr_label_layout_new_builtin (self->kind));
  gtk_string_list_append (names, _ ("Built-in"));
  saved = self->store ? mr_store_list_label_layouts (self->store, self->kind) : g_ptr_array_new ();
  for (guint i = 0; i < saved->len; i++)
    {
      g_autoptr (GError) error = NULL;
      MrLabelLayout *layout = mr_label_layout_new_from_variant (saved->pdata[i], &error);
      gboolean is_default = FALSE;

      if (layout == NULL)
        {
          g_warning ("A saved label layout cannot be used: %s", error->message);
          continue;
        }
      g_variant_lookup (saved->pdata[i], "is_default", "b", &is_default);
      if (is_default)
        selected = self->layouts->len;
      g_ptr_array_add (self->layouts, layout);
      gtk_string_list_append (names, layout->name);
    }
  adw_combo_row_set_model (self->layout_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->layout_row, selected);
}

static gboolean
select_stock_id (MrLabelPrintWindow *self, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLabelStock) wanted =
    mr_label_catalog_lookup (mr_label_catalog_get_default (), id, &error);

  if (wanted == NULL)
    return FALSE;
  for (guint i = 0; i < self->stocks->len; i++)
    if (g_str_equal (((MrLabelStock *) self->stocks->pdata[i])->id, wanted->id))
      {
        gtk_drop_down_set_selected (self->stock_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

static void
kind_changed_cb (MrLabelPrintWindow *self)
{
  const char *const *kinds = mr_label_kinds ();
  guint i = adw_combo_row_get_selected (self->kind_row);
  MrLabelLayout *layout;

  if (self->updating || i >= g_strv_length ((char **) kinds))
    return;
  g_free (self->kind);
  self->kind = g_strdup (kinds[i]);
  self->updating = TRUE;
  mr_label_print_window_fill_sources (self);
  mr_label_print_window_load_records (self);
  fill_layouts (self);
  layout = selected_layout (self);
  if (layout != NULL)
    select_stock_id (self, layout->template_id);
  self->updating = FALSE;
  mr_label_print_window_rebuild_job (self);
}

static void
layout_changed_cb (MrLabelPrintWindow *self)
{
  MrLabelLayout *layout = selected_layout (self);

  if (self->updating || layout == NULL)
    return;
  /* Each layout was made for its label stock. */
  self->updating = TRUE;
  select_stock_id (self, layout->template_id);
  self->updating = FALSE;
  mr_label_print_window_rebuild_job (self);
}

static void
stock_changed_cb (MrLabelPrintWindow *self)
{
  MrLabelStock *stock = selected_stock (self);

  if (stock != NULL)
    {
      g_autofree char *size = mr_label_stock_describe_size (stock);
      /* Translators: a label stock's description and size */
      g_autofree char *subtitle = g_strdup_printf (_ ("%s, %s"), stock->description, size);

      adw_action_row_set_subtitle (self->stock_row, subtitle);
    }
  mr_label_print_window_rebuild_job (self);
}

static void
options_changed_cb (MrLabelPrintWindow *self)
{
  mr_label_print_window_rebuild_job (self);
}

/* Editing the layout */

static void
layout_saved_cb (MrLabelLayoutEditor *editor, const char *id, MrLabelPrintWindow *self)
{
  MrLabelLayout *layout;

  self->updating = TRUE;
  fill_layouts (self);
  for (guint i = 0; i < self->layouts->len; i++)
    if (g_strcmp0 (((MrLabelLayout *) self->layouts->pdata[i])->id, id) == 0)
      adw_combo_row_set_selected (self->layout_row, i);
  layout = selected_layout (self);
  if (layout != NULL)
    select_stock_id (self, layout->template_id);
  self->updating = FALSE;
  mr_label_print_window_rebuild_job (self);
}

static void
edit_layout_action (GtkWidget *widget, const char *action, GVariant *param)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (widget);
  MrLabelLayout *layout = selected_layout (self);
  MrLabelStock *stock = selected_stock (self);
  GtkWidget *editor;

  if (self->store == NULL || layout == NULL || stock == NULL)
    return;
  /* The layout with the stock chosen here: a layout is made for a size. */
  editor = mr_label_layout_editor_new (self->store, layout, stock);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (layout_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

/* Printing */

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext *context,
              int page_nr,
              MrLabelPrintWindow *self)
{
  if (self->job != NULL && (guint) page_nr < mr_label_job_get_n_pages (self->job))
    mr_label_job_draw_page (self->job, gtk_print_context_get_cairo_context (context), page_nr);
}

static GtkPrintOperation *
make_operation (MrLabelPrintWindow *self)
{
  GtkPrintOperation *op = gtk_print_operation_new ();
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  MrLabelStock *stock = mr_label_job_get_stock (self->job);
  GtkPaperSize *paper;
  g_autofree char *title = NULL;

  /* Sheets on the paper the printer knows by name; rolls at their own
   * size. */
  if (g_str_equal (stock->paper_id, "US-Letter"))
    paper = gtk_paper_size_new (GTK_PAPER_NAME_LETTER);
  else if (g_str_equal (stock->paper_id, "A4"))
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else
    paper = gtk_paper_size_new_custom (stock->id, stock->description, stock->page_width,
                                       stock->page_height, GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_paper_size_free (paper);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (op, setup);
  /* Positions are relative to the paper's corner, in points, as the job
   * draws them. */
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (op, mr_label_job_get_n_pages (self->job));
  title = g_strdup_printf (_ ("%s labels"), mr_label_kind_get_label (self->kind));
  gtk_print_operation_set_job_name (op, title);
  g_signal_connect_object (op, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  return op;
}

static void
print_done_cb (GtkPrintOperation *op, GtkPrintOperationResult result, MrLabelPrintWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (op, &error);
      mr_label_print_window_show_error (self, error ? error->message
                                                    : _ ("The labels could not be printed."));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    gtk_window_close (GTK_WINDOW (self));
}

static void
print_action (GtkWidget *widget, const char *action, GVariant *param)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (widget);
  g_autoptr (GtkPrintOperation) op = NULL;
  g_autoptr (GError) error = NULL;

  if (self->job == NULL)
    return;
  op = make_operation (self);
  gtk_print_operation_set_allow_async (op, TRUE);
  g_signal_connect_object (op, "done", G_CALLBACK (print_done_cb), self, 0);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self),
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    mr_label_print_window_show_error (self, error->message);
}

gboolean
mr_label_print_window_export (MrLabelPrintWindow *self, const char *pdf_path, GError **error)
{
  g_autoptr (GtkPrintOperation) op = NULL;

  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), FALSE);

  if (self->job == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           gtk_label_get_text (self->error_label));
      return FALSE;
    }
  op = make_operation (self);
  gtk_print_operation_set_export_filename (op, pdf_path);
  return gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (self),
                                  error) != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
save_response_cb (GtkNativeDialog *dialog, int response, MrLabelPrintWindow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->job != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
      if (path != NULL && mr_label_job_write (self->job, MR_LABEL_FORMAT_PDF, path, NULL, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          /* Translators: a toast, %s is a file name */
          g_autofree char *msg = g_strdup_printf (_ ("Labels saved to “%s”"), name);

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (msg));
        }
      else if (error != NULL)
        mr_label_print_window_show_error (self, error->message);
    }
  g_object_unref (dialog);
}

static void
save_pdf_action (GtkWidget *widget, const char *action, GVariant *param)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_ ("Save Labels as PDF"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  /* Translators: the file name offered for a PDF of labels, %s is the
   * kind of label */
  name = g_strdup_printf (_ ("%s labels.pdf"), mr_label_kind_get_label (self->kind));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
page_action (GtkWidget *widget, const char *action, GVariant *param)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (widget);
  guint n_pages = self->job ? mr_label_job_get_n_pages (self->job) : 0;

  if (g_str_equal (action, "labels.next-page") && self->page + 1 < n_pages)
    self->page++;
  else if (g_str_equal (action, "labels.previous-page") && self->page > 0)
    self->page--;
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

/* Public API */

MrLabelJob *
mr_label_print_window_get_job (MrLabelPrintWindow *self)
{
  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), NULL);
  return self->job;
}

guint
mr_label_print_window_get_page (MrLabelPrintWindow *self)
{
  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), 0);
  return self->page;
}

const char *
mr_label_print_window_get_kind (MrLabelPrintWindow *self)
{
  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), NULL);
  return self->kind;
}

gboolean
mr_label_print_window_set_kind (MrLabelPrintWindow *self, const char *kind)
{
  const char *const *kinds = mr_label_kinds ();

  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), FALSE);

  for (guint i = 0; kinds[i]; i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      {
        adw_combo_row_set_selected (self->kind_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
mr_label_print_window_select_stock (MrLabelPrintWindow *self, const char *stock_id)
{
  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), FALSE);
  return select_stock_id (self, stock_id);
}

void
mr_label_print_window_set_start_position (MrLabelPrintWindow *self, guint position)
{
  g_return_if_fail (MR_IS_LABEL_PRINT_WINDOW (self));
  gtk_spin_button_set_value (self->start_spin, position);
}

void
mr_label_print_window_set_copies (MrLabelPrintWindow *self, guint copies)
{
  g_return_if_fail (MR_IS_LABEL_PRINT_WINDOW (self));
  gtk_spin_button_set_value (self->copies_spin, copies);
}

/* The label stock drop-down: the chosen stock in a short, ellipsized
 * label; the list (searchable) with each stock's description and size. */

static void
stock_item_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer compact)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (compact))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 22);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  else
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  gtk_list_item_set_child (item, label);
}

static void
stock_item_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer compact)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  const char *text = gtk_string_object_get_string (string);
  const char *dash = strstr (text, " — ");

  if (GPOINTER_TO_INT (compact) && dash != NULL)
    {
      g_autofree char *id = g_strndup (text, dash - text);

      gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), id);
    }
  else
    gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkListItemFactory *
stock_factory (gboolean compact)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (stock_item_setup_cb), GINT_TO_POINTER (compact));
  g_signal_connect (factory, "bind", G_CALLBACK (stock_item_bind_cb), GINT_TO_POINTER (compact));
  return factory;
}

/* A stock as people read it: its id ("Avery 5160"), except for the
 * built-in thermal rolls, whose id ("Thermal 4x6in") is for files and
 * the command line and whose name is translated. */
static char *
stock_display_name (const MrLabelStock *stock)
{
  if (stock->built_in && g_strcmp0 (stock->brand, "Thermal") == 0)
    /* Translators: a built-in roll of labels for thermal printers, %s is
     * its size: "Thermal 4x6in" */
    return g_strdup_printf (_ ("Thermal %s"), stock->part);
  return g_strdup (stock->id);
}

/* GObject */

static void
mr_label_print_window_constructed (GObject *object)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (object);
  const char *const *kinds = mr_label_kinds ();
  g_autoptr (GtkStringList) kind_names = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) stock_names = gtk_string_list_new (NULL);
  guint kind_index = 0;

  G_OBJECT_CLASS (mr_label_print_window_parent_class)->constructed (object);

  if (self->kind == NULL || !mr_label_kind_is_valid (self->kind))
    {
      g_free (self->kind);
      self->kind = g_strdup ("package");
    }
  if (self->given_records != NULL || self->given_ids != NULL)
    self->given_kind = g_strdup (self->kind);
  for (guint i = 0; kinds[i]; i++)
    {
      gtk_string_list_append (kind_names, mr_label_kind_get_label (kinds[i]));
      if (g_str_equal (kinds[i], self->kind))
        kind_index = i;
    }
  self->stocks = mr_label_catalog_list (mr_label_catalog_get_default ());
  for (guint i = 0; i < self->stocks->len; i++)
    {
      MrLabelStock *s = self->stocks->pdata[i];
      g_autofree char *size = mr_label_stock_describe_size (s);
      /* Translators: a label stock in a list: "Avery 5160 — Address Labels,
       * 66.7 × 25.4 mm" */
      g_autofree char *name = stock_display_name (s);
      g_autofree char *text = g_strdup_printf (_ ("%s — %s, %s"), name, s->description, size);

      gtk_string_list_append (stock_names, text);
    }

  self->updating = TRUE;
  {
    g_autoptr (GtkListItemFactory) compact = stock_factory (TRUE);
    g_autoptr (GtkListItemFactory) full = stock_factory (FALSE);

    gtk_drop_down_set_factory (self->stock_dropdown, compact);
    gtk_drop_down_set_list_factory (self->stock_dropdown, full);
  }
  gtk_drop_down_set_expression (
    self->stock_dropdown, gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_drop_down_set_model (self->stock_dropdown, G_LIST_MODEL (stock_names));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_names));
  adw_combo_row_set_selected (self->kind_row, kind_index);
  self->updating = FALSE;
  kind_changed_cb (self);
}

static void
mr_label_print_window_dispose (GObject *object)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_LABEL_PRINT_WINDOW);
  G_OBJECT_CLASS (mr_label_print_window_parent_class)->dispose (object);
}

static void
mr_label_print_window_finalize (GObject *object)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (object);

  g_clear_pointer (&self->job, mr_label_job_free);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->given_records, g_ptr_array_unref);
  g_clear_pointer (&self->given_ids, g_strfreev);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->banks, g_ptr_array_unref);
  g_clear_pointer (&self->search_ids, g_ptr_array_unref);
  g_clear_pointer (&self->found_rows, g_ptr_array_unref);
  g_clear_pointer (&self->layouts, g_ptr_array_unref);
  g_clear_pointer (&self->stocks, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_free (self->kind);
  g_free (self->given_kind);
  g_free (self->bank_id);
  g_free (self->csv_path);
  g_free (self->note);
  g_free (self->source_error);
  G_OBJECT_CLASS (mr_label_print_window_parent_class)->finalize (object);
}

static void
mr_label_print_window_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_RECORDS:
      g_value_set_boxed (value, self->given_records);
      break;
    case PROP_IDS:
      g_value_set_boxed (value, self->given_ids);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_label_print_window_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_KIND:
      g_free (self->kind);
      self->kind = g_value_dup_string (value);
      break;
    case PROP_RECORDS:
      g_clear_pointer (&self->given_records, g_ptr_array_unref);
      self->given_records = g_value_dup_boxed (value);
      break;
    case PROP_IDS:
      g_clear_pointer (&self->given_ids, g_strfreev);
      self->given_ids = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_label_print_window_class_init (MrLabelPrintWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_label_print_window_constructed;
  object_class->dispose = mr_label_print_window_dispose;
  object_class->finalize = mr_label_print_window_finalize;
  object_class->get_property = mr_label_print_window_get_property;
  object_class->set_property = mr_label_print_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "package",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* (element-type GHashTable): records of the kind to print, or NULL */
  properties[PROP_RECORDS] =
    g_param_spec_boxed ("records", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* What the records of the kind to print are named by, or NULL */
  properties[PROP_IDS] =
    g_param_spec_boxed ("ids", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-label-print-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, source_row);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, bank_row);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, csv_row);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, search_group);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, search_row);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, layout_row);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, stock_row);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, stock_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, start_spin);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, copies_spin);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, outlines_switch);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, MrLabelPrintWindow, page_label);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, layout_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stock_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  mr_label_print_window_class_init_sources (widget_class);

  gtk_widget_class_install_action (widget_class, "labels.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "labels.edit-layout", NULL, edit_layout_action);
  gtk_widget_class_install_action (widget_class, "labels.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "labels.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "labels.previous-page", NULL, page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "labels.next-page",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "labels.previous-page",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "labels.print",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_label_print_window_init (MrLabelPrintWindow *self)
{
  GtkWidget *edit;

  self->layouts = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_label_layout_unref);
  self->sources = g_array_new (FALSE, FALSE, sizeof (MrLabelPrintSource));
  self->search_ids = g_ptr_array_new_with_free_func (g_free);
  self->found_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_tooltip_text (edit, _ ("Edit the layout"));
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "labels.edit-layout");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->layout_row), edit);
  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
}

GtkWidget *
mr_label_print_window_new (MrStore *store, const char *kind, GPtrArray *records)
{
  return g_object_new (MR_TYPE_LABEL_PRINT_WINDOW, "store", store, "kind", kind, "records", records,
                       NULL);
}

GtkWidget *
mr_label_print_window_new_for_ids (MrStore *store, const char *kind, const char *const *ids)
{
  return g_object_new (MR_TYPE_LABEL_PRINT_WINDOW, "store", store, "kind", kind, "ids", ids, NULL);
}
