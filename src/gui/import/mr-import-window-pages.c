/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-import-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-import-problems.h"
#include "mr-import-window-private.h"

/* Step 2: preview and mapping */

static const MrImportField *
get_fields (MrImportWindow *self, guint *n_fields)
{
  return mr_import_get_fields (self->kind, n_fields);
}

static guint
field_position (MrImportWindow *self, const char *name)
{
  guint n_fields;
  const MrImportField *fields = get_fields (self, &n_fields);

  if (name == NULL)
    return 0;
  for (guint i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].name, name))
      return i + 1;
  return 0;
}

/* Reads the mapping back from the job: setting one column may move a field
 * away from another. Columns not imported are dimmed in the preview. */
static void
sync_mapping (MrImportWindow *self)
{
  self->updating = TRUE;
  for (guint c = 0; c < self->dropdowns->len; c++)
    {
      const char *field = mr_import_job_get_mapping (self->job, c);
      GPtrArray *cells = g_ptr_array_index (self->column_cells, c);

      gtk_drop_down_set_selected (g_ptr_array_index (self->dropdowns, c),
                                  field_position (self, field));
      for (guint r = 0; r < cells->len; r++)
        {
          if (field == NULL)
            gtk_widget_add_css_class (g_ptr_array_index (cells, r), "dim-label");
          else
            gtk_widget_remove_css_class (g_ptr_array_index (cells, r), "dim-label");
        }
    }
  self->updating = FALSE;
}

static void
mapping_changed_cb (GtkDropDown *dropdown, GParamSpec *pspec, MrImportWindow *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "mr-column"));
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr (GError) error = NULL;
  const MrImportField *fields;
  guint n_fields;

  if (self->updating || self->op != NULL || self->job == NULL)
    return;
  fields = get_fields (self, &n_fields);
  if (selected != GTK_INVALID_LIST_POSITION && selected > n_fields)
    return;
  if (!mr_import_job_set_mapping (
        self->job, column,
        selected == 0 || selected == GTK_INVALID_LIST_POSITION ? NULL : fields[selected - 1].name,
        &error))
    mr_import_window_show_toast (self, error->message);
  sync_mapping (self);
}

static GtkWidget *
cell_label (const char *text, gboolean header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  if (text != NULL && g_utf8_strlen (text, -1) > 28)
    gtk_widget_set_tooltip_text (label, text);
  return label;
}

static void
build_preview (MrImportWindow *self)
{
  guint n_columns = mr_import_job_get_n_columns (self->job);
  guint n_rows = mr_import_job_get_n_rows (self->job);
  guint shown = MIN (n_rows, MR_IMPORT_PREVIEW_ROWS);
  GtkWidget *child;
  GtkWidget *label;
  g_autofree char *caption = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);
  g_ptr_array_set_size (self->dropdowns, 0);
  g_ptr_array_set_size (self->column_cells, 0);

  /* Translators: the first column of the import preview: the line in the file */
  label = cell_label (C_ ("import preview", "Line"), TRUE);
  gtk_grid_attach (self->preview_grid, label, 0, 0, 1, 1);
  for (guint r = 0; r < shown; r++)
    {
      g_autofree char *line = g_strdup_printf ("%u", mr_import_job_get_row_line (self->job, r));

      label = cell_label (line, FALSE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (self->preview_grid, label, 0, (int) r + 2, 1, 1);
    }

  for (guint c = 0; c < n_columns; c++)
    {
      const char *header = mr_import_job_get_header (self->job, c);
      g_autofree char *fallback = NULL;
      g_autofree char *a11y = NULL;
      GPtrArray *cells = g_ptr_array_new ();
      GtkWidget *dropdown;

      if (header == NULL || header[0] == '\0')
        /* Translators: a column of the file with no header; %u is its number */
        header = fallback = g_strdup_printf (_ ("Column %u"), c + 1);
      gtk_grid_attach (self->preview_grid, cell_label (header, TRUE), (int) c + 1, 0, 1, 1);

      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->field_labels)), NULL);
      gtk_widget_set_size_request (dropdown, 170, -1);
      /* Translators: the accessible name of the field chooser of a column;
       * %s is the column's header in the file */
      a11y = g_strdup_printf (_ ("Field for column “%s”"), header);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      a11y, -1);
      gtk_widget_set_tooltip_text (dropdown, a11y);
      g_object_set_data (G_OBJECT (dropdown), "mr-column", GUINT_TO_POINTER (c));
      g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (mapping_changed_cb), self,
                               0);
      gtk_grid_attach (self->preview_grid, dropdown, (int) c + 1, 1, 1, 1);
      g_ptr_array_add (self->dropdowns, dropdown);

      for (guint r = 0; r < shown; r++)
        {
          label = cell_label (mr_import_job_get_value (self->job, r, c), FALSE);
          gtk_grid_attach (self->preview_grid, label, (int) c + 1, (int) r + 2, 1, 1);
          g_ptr_array_add (cells, label);
        }
      g_ptr_array_add (self->column_cells, cells);
    }

  if (n_rows == 0)
    caption = g_strdup (_ ("The file has a header row but no rows to import."));
  else if (n_rows > shown)
    caption = g_strdup_printf (
      ngettext ("The first %u of %u row.", "The first %u of %u rows.", n_rows), shown, n_rows);
  else
    caption = g_strdup_printf (ngettext ("All %u row.", "All %u rows.", n_rows), n_rows);
  gtk_label_set_text (self->preview_caption, caption);

  sync_mapping (self);
}

static const char *
combo_item (AdwComboRow *row, guint position)
{
  GListModel *model = adw_combo_row_get_model (row);

  return gtk_string_list_get_string (GTK_STRING_LIST (model), position);
}

void
mr_import_window_fill_mapping_page (MrImportWindow *self)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *rows = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *detected_encoding = NULL;
  g_autofree char *detected_separator = NULL;
  guint n_rows = mr_import_job_get_n_rows (self->job);
  guint n_columns = mr_import_job_get_n_columns (self->job);
  char separator = mr_import_job_get_separator (self->job);

  rows = g_strdup_printf (ngettext ("%u row", "%u rows", n_rows), n_rows);
  columns = g_strdup_printf (ngettext ("%u column", "%u columns", n_columns), n_columns);
  subtitle = g_strdup_printf ("%s · %s", rows, columns);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), display);
  adw_action_row_set_subtitle (self->file_row, subtitle);

  /* What "Automatic" found, said where it can be changed. */
  if (adw_combo_row_get_selected (self->encoding_row) == 0)
    /* Translators: %s is an encoding, e.g. “UTF-8” */
    detected_encoding = g_strdup_printf (
      _ ("Detected: %s"), combo_item (self->encoding_row, mr_import_job_get_encoding (self->job)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->encoding_row),
                               detected_encoding ? detected_encoding : "");
  for (guint i = 1; i < MR_IMPORT_N_SEPARATORS; i++)
    if (mr_import_window_separators[i] == separator &&
        adw_combo_row_get_selected (self->separator_row) == 0)
      /* Translators: %s is a separator, e.g. “Semicolon (;)” */
      detected_separator =
        g_strdup_printf (_ ("Detected: %s"), combo_item (self->separator_row, i));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->separator_row),
                               detected_separator ? detected_separator : "");

  build_preview (self);
  mr_import_window_show_error (self->mapping_error, NULL);
}

/* The settings of the mapping page that the job reads when it checks. */
void
mr_import_window_apply_options (MrImportWindow *self)
{
  MrImportMode mode = MR_IMPORT_MODE_ADD;

  if (gtk_check_button_get_active (self->mode_update_check))
    mode = MR_IMPORT_MODE_UPDATE;
  else if (gtk_check_button_get_active (self->mode_replace_check))
    mode = MR_IMPORT_MODE_REPLACE;
  mr_import_job_set_mode (self->job, mode);
  mr_import_job_set_valid_rows_only (self->job, gtk_switch_get_active (self->valid_only_switch));
  mr_import_job_set_create_missing (self->job,
                                    self->kind == MR_IMPORT_CONTACTS &&
                                      gtk_switch_get_active (self->create_missing_switch));
}

/* Steps 3 and 5: the check, and the summary */

static char *
counts_text (MrImportJob *job)
{
  guint added = mr_import_job_get_n_added (job);
  guint updated = mr_import_job_get_n_updated (job);
  guint skipped = mr_import_job_get_n_skipped (job);
  guint deleted = mr_import_job_get_n_deleted (job);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  /* Translators: what the import will do, e.g. “12 to add · 3 to update” */
  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u to add", "%u to add", added), added));
  if (updated > 0)
    g_ptr_array_add (parts,
                     g_strdup_printf (ngettext ("%u to update", "%u to update", updated), updated));
  if (skipped > 0)
    g_ptr_array_add (parts,
                     g_strdup_printf (ngettext ("%u unchanged", "%u unchanged", skipped), skipped));
  if (deleted > 0)
    g_ptr_array_add (parts,
                     g_strdup_printf (ngettext ("%u to delete", "%u to delete", deleted), deleted));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static gboolean
has_missing_references (const GPtrArray *problems)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (((MrImportProblem *) g_ptr_array_index ((GPtrArray *) problems, i))->missing_reference)
      return TRUE;
  return FALSE;
}

/* A problem of the whole file (line 0: no column is a name, say): no row
 * can be imported, valid or not, until the mapping or the file changes. */
static const MrImportProblem *
file_problem (const GPtrArray *problems)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (((MrImportProblem *) g_ptr_array_index ((GPtrArray *) problems, i))->line == 0)
      return g_ptr_array_index ((GPtrArray *) problems, i);
  return NULL;
}

static void
set_problems (GtkColumnView *view, GtkWidget *scroller, const GPtrArray *problems)
{
  g_autoptr (GListModel) model = mr_import_problems_model_new (problems);

  gtk_column_view_set_model (
    view, GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&model)))));
  gtk_widget_set_visible (scroller, problems != NULL && problems->len > 0);
}

void
mr_import_window_fill_check_page (MrImportWindow *self)
{
  const GPtrArray *problems = mr_import_job_get_problems (self->job);
  guint n = problems != NULL ? problems->len : 0;
  gboolean valid_only = gtk_switch_get_active (self->valid_only_switch);
  gboolean offer_create = self->kind == MR_IMPORT_CONTACTS &&
                          !gtk_switch_get_active (self->create_missing_switch) &&
                          has_missing_references (problems);
  const MrImportProblem *whole_file = file_problem (problems);
  g_autofree char *counts = counts_text (self->job);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  if (whole_file != NULL)
    {
      gtk_image_set_from_icon_name (self->check_icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->check_icon), "warning");
      title = g_strdup (_ ("The File Cannot Be Imported"));
      description = g_strdup (whole_file->message);
    }
  else if (n == 0)
    {
      gtk_image_set_from_icon_name (self->check_icon, "emblem-ok-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->check_icon), "warning");
      title = g_strdup (_ ("Ready to Import"));
      description = g_strdup (counts);
    }
  else
    {
      gtk_image_set_from_icon_name (self->check_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->check_icon), "warning");
      title = g_strdup_printf (ngettext ("%u Problem Found", "%u Problems Found", n), n);
      if (valid_only)
        description =
          g_strdup_printf ("%s\n%s", _ ("The rows with problems will be skipped."), counts);
      else
        description = g_strdup (_ ("Nothing is imported while the file has problems: correct "
                                   "the file and choose it again, or import the valid rows "
                                   "only."));
    }
  gtk_label_set_text (self->check_title, title);
  gtk_label_set_text (self->check_description, description);

  gtk_widget_set_visible (self->missing_row, offer_create);
  gtk_widget_set_visible (GTK_WIDGET (self->check_valid_only_row), n > 0 && whole_file == NULL);
  gtk_widget_set_visible (self->check_options, offer_create || (n > 0 && whole_file == NULL));
  set_problems (self->check_problems_view, self->check_problems_scroller, problems);

  self->importable = whole_file == NULL && (n == 0 || valid_only);
  self->n_would_delete = mr_import_job_get_n_deleted (self->job);
}

static void
set_count (GtkWidget *row, GtkLabel *label, guint n, gboolean show_zero)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_text (label, text);
  gtk_widget_set_visible (row, n > 0 || show_zero);
}

void
mr_import_window_fill_summary_page (MrImportWindow *self, gboolean ok, const GError *error)
{
  const GPtrArray *problems = mr_import_job_get_problems (self->job);
  guint n = problems != NULL ? problems->len : 0;
  gboolean cancelled = error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_autofree char *description = NULL;

  if (ok)
    {
      gtk_image_set_from_icon_name (self->summary_icon, "emblem-ok-symbolic");
      gtk_label_set_text (self->summary_title, _ ("Import Complete"));
      if (n > 0)
        description = g_strdup_printf (
          ngettext ("%u problem: its row was skipped.", "%u problems: their rows were skipped.", n),
          n);
    }
  else if (cancelled)
    {
      gtk_image_set_from_icon_name (self->summary_icon, "process-stop-symbolic");
      gtk_label_set_text (self->summary_title, _ ("Import Cancelled"));
      description = g_strdup (_ ("Nothing was changed."));
    }
  else
    {
      gtk_image_set_from_icon_name (self->summary_icon, "dialog-error-symbolic");
      gtk_label_set_text (self->summary_title, _ ("Nothing Imported"));
      description = g_strdup_printf ("%s\n%s", error->message, _ ("Nothing was changed."));
    }
  gtk_label_set_text (self->summary_description, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_description), description != NULL);

  gtk_widget_set_visible (self->summary_counts, ok);
  if (ok)
    {
      set_count (self->added_row, self->added_label, mr_import_job_get_n_added (self->job), TRUE);
      set_count (self->updated_row, self->updated_label, mr_import_job_get_n_updated (self->job),
                 TRUE);
      set_count (self->skipped_row, self->skipped_label, mr_import_job_get_n_skipped (self->job),
                 TRUE);
      set_count (self->deleted_row, self->deleted_label, mr_import_job_get_n_deleted (self->job),
                 FALSE);
    }
  set_problems (self->summary_problems_view, self->summary_problems_scroller,
                cancelled ? NULL : problems);
}
