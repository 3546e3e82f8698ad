/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-label-print-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-label-layouts.h"
#include "mr-label-print-window-private.h"
#include "mr-label-records.h"
#include "mr-lockers.h"

/* What the labels are printed from: the same records mailroom-cli labels
 * prints (mr-label-records.h), chosen the way each kind is used. Package
 * labels are printed for the day's packages or for packages scanned one
 * after another; pickup slips for what is waiting; door and shelf labels
 * when a bank is installed, all at once; assets and carrier codes come
 * from a CSV file, as they are not kept in the database yet. A sample
 * label shows only when there is nothing to print, and the note under the
 * options says why. */

static gboolean
is_package_kind (const char *kind)
{
  return g_strcmp0 (kind, "package") == 0 || g_strcmp0 (kind, "pickup_slip") == 0;
}

static gboolean
is_locker_kind (const char *kind)
{
  return g_strcmp0 (kind, "locker_door") == 0 || g_strcmp0 (kind, "shelf") == 0;
}

/* Whether what the caller passed in prints as labels of the kind: records
 * as their own kind only; package ids as package labels and as pickup
 * slips alike. */
static gboolean
given_fits (MrLabelPrintWindow *self)
{
  if (self->given_kind == NULL)
    return FALSE;
  if (g_str_equal (self->given_kind, self->kind))
    return TRUE;
  return self->given_ids != NULL && is_package_kind (self->given_kind) &&
         is_package_kind (self->kind);
}

static guint
n_given (MrLabelPrintWindow *self)
{
  if (self->given_records != NULL)
    return self->given_records->len;
  return self->given_ids != NULL ? g_strv_length (self->given_ids) : 0;
}

/* Short: the value of a combo row beside its title. */
static char *
source_label (MrLabelPrintWindow *self, MrLabelPrintSource source)
{
  guint n = n_given (self);

  switch (source)
    {
    case MR_LABEL_PRINT_SOURCE_GIVEN:
      if (is_package_kind (self->kind))
        return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u selected package", "%u selected packages", n), n);
      if (is_locker_kind (self->kind))
        return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u selected locker", "%u selected lockers", n), n);
      if (g_str_equal (self->kind, "asset"))
        return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u selected asset", "%u selected assets", n), n);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u label given", "%u labels given", n),
                              n);
    case MR_LABEL_PRINT_SOURCE_TODAY:
      return g_strdup (_ ("Received today"));
    case MR_LABEL_PRINT_SOURCE_AWAITING:
      return g_strdup (_ ("Awaiting pickup"));
    case MR_LABEL_PRINT_SOURCE_SEARCH:
      return g_strdup (_ ("Scanned or typed"));
    case MR_LABEL_PRINT_SOURCE_BANK:
      return g_strdup (g_str_equal (self->kind, "shelf") ? _ ("Every shelf of a bank")
                                                         : _ ("Every door of a bank"));
    case MR_LABEL_PRINT_SOURCE_CSV:
      return g_strdup (_ ("A CSV file"));
    default:
      g_assert_not_reached ();
    }
}

gboolean
mr_label_print_window_offers (MrLabelPrintWindow *self, MrLabelPrintSource source, guint *position)
{
  for (guint i = 0; self->sources != NULL && i < self->sources->len; i++)
    if (g_array_index (self->sources, MrLabelPrintSource, i) == source)
      {
        if (position != NULL)
          *position = i;
        return TRUE;
      }
  return FALSE;
}

static void
offer (MrLabelPrintWindow *self, GtkStringList *names, MrLabelPrintSource source)
{
  g_autofree char *label = source_label (self, source);

  g_array_append_val (self->sources, source);
  gtk_string_list_append (names, label);
}

static void
update_rows (MrLabelPrintWindow *self)
{
  MrLabelPrintSource s = self->source;

  gtk_widget_set_visible (GTK_WIDGET (self->bank_row), s == MR_LABEL_PRINT_SOURCE_BANK);
  gtk_widget_set_visible (GTK_WIDGET (self->csv_row), s == MR_LABEL_PRINT_SOURCE_CSV);
  gtk_widget_set_visible (GTK_WIDGET (self->search_group), s == MR_LABEL_PRINT_SOURCE_SEARCH);
}

/* The banks, by name, each with its place; the bank chosen before stays
 * chosen. */
static void
fill_banks (MrLabelPrintWindow *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_clear_pointer (&self->banks, g_ptr_array_unref);
  self->banks = self->store ? mr_store_list_locker_banks (self->store)
                            : g_ptr_array_new_with_free_func ((GDestroyNotify) mr_locker_bank_free);
  for (guint i = 0; i < self->banks->len; i++)
    {
      MrLockerBank *bank = self->banks->pdata[i];

      if (g_strcmp0 (bank->id, self->bank_id) == 0)
        selected = i;
      gtk_string_list_append (names, bank->name);
    }
  adw_combo_row_set_model (self->bank_row, G_LIST_MODEL (names));
  gtk_widget_set_sensitive (GTK_WIDGET (self->bank_row), self->banks->len > 0);
  if (self->banks->len > 0)
    {
      MrLockerBank *bank = self->banks->pdata[selected];

      adw_combo_row_set_selected (self->bank_row, selected);
      g_free (self->bank_id);
      self->bank_id = g_strdup (bank->id);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->bank_row),
                                   bank->place_name ? bank->place_name : "");
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->bank_row), _ ("No locker bank yet"));
}

void
mr_label_print_window_fill_sources (MrLabelPrintWindow *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  MrLabelPrintSource previous = self->source;
  guint position = 0;

  g_array_set_size (self->sources, 0);
  if (given_fits (self))
    offer (self, names, MR_LABEL_PRINT_SOURCE_GIVEN);
  if (g_str_equal (self->kind, "package"))
    {
      offer (self, names, MR_LABEL_PRINT_SOURCE_TODAY);
      offer (self, names, MR_LABEL_PRINT_SOURCE_SEARCH);
    }
  else if (g_str_equal (self->kind, "pickup_slip"))
    {
      offer (self, names, MR_LABEL_PRINT_SOURCE_AWAITING);
      offer (self, names, MR_LABEL_PRINT_SOURCE_SEARCH);
    }
  else if (is_locker_kind (self->kind))
    offer (self, names, MR_LABEL_PRINT_SOURCE_BANK);
  else
    offer (self, names, MR_LABEL_PRINT_SOURCE_CSV);

  /* What the caller passed in first; else the choice made for the kind
   * before, when this kind offers it too (searched packages print as
   * labels and as slips alike). */
  if (!given_fits (self) && !mr_label_print_window_offers (self, previous, &position))
    position = 0;
  self->source = g_array_index (self->sources, MrLabelPrintSource, position);
  adw_combo_row_set_model (self->source_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->source_row, position);
  if (self->source == MR_LABEL_PRINT_SOURCE_BANK)
    fill_banks (self);
  update_rows (self);
}

/* The packages found with the search row, as rows that can be removed. */

static gboolean
reload_idle_cb (gpointer data)
{
  MrLabelPrintWindow *self = data;

  if (self->search_group == NULL) /* closed meanwhile */
    return G_SOURCE_REMOVE;
  mr_label_print_window_load_records (self);
  mr_label_print_window_rebuild_job (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_row));
  return G_SOURCE_REMOVE;
}

static void
remove_found_cb (GtkButton *button, MrLabelPrintWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "package-id");

  for (guint i = 0; i < self->search_ids->len; i++)
    if (g_str_equal (self->search_ids->pdata[i], id))
      {
        g_ptr_array_remove_index (self->search_ids, i);
        break;
      }
  /* Reloading removes the row of this button: after its signal. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, reload_idle_cb, g_object_ref (self), g_object_unref);
}

static void
fill_found_rows (MrLabelPrintWindow *self)
{
  for (guint i = 0; i < self->found_rows->len; i++)
    adw_preferences_group_remove (self->search_group, self->found_rows->pdata[i]);
  g_ptr_array_set_size (self->found_rows, 0);
  if (self->source != MR_LABEL_PRINT_SOURCE_SEARCH || self->sample || self->records == NULL)
    return;

  for (guint i = 0; i < self->records->len; i++)
    {
      GHashTable *r = self->records->pdata[i];
      const char *tracking = g_hash_table_lookup (r, "tracking_number");
      const char *internal = g_hash_table_lookup (r, "internal_id");
      const char *recipient = g_hash_table_lookup (r, "recipient");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tracking ? tracking : internal);
      if (tracking != NULL)
        /* Translators: a package in a list: "recipient · internal ID" */
        subtitle = g_strdup_printf (_ ("%s · %s"), recipient ? recipient : _ ("No recipient"),
                                    internal ? internal : "");
      else
        subtitle = g_strdup (recipient ? recipient : _ ("No recipient"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _ ("Do not print this package"));
      {
        g_autofree char *name = NULL;

        /* Translators: the accessible name of a button, %s is a tracking
         * number or an internal ID */
        name = g_strdup_printf (_ ("Do not print %s"), tracking ? tracking : internal);

        gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        name, -1);
      }
      g_object_set_data_full (G_OBJECT (remove), "package-id",
                              g_strdup (g_hash_table_lookup (r, "@id")), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_found_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->search_group, row);
      g_ptr_array_add (self->found_rows, row);
    }
}

/* Reading the records */

static void
use_sample (MrLabelPrintWindow *self, char *note)
{
  g_clear_pointer (&self->records, g_ptr_array_unref);
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_ptr_array_add (self->records, mr_label_sample_record (self->kind));
  self->sample = TRUE;
  g_free (self->note);
  self->note = note;
}

static MrLockerBank *
selected_bank (MrLabelPrintWindow *self)
{
  guint i = adw_combo_row_get_selected (self->bank_row);

  return self->banks != NULL && i < self->banks->len ? self->banks->pdata[i] : NULL;
}

/* Every door of the bank, or every rear-loading one for shelves: the
 * records "mailroom-cli labels print --kind locker_door BANK" prints. */
static GPtrArray *
bank_records (MrLabelPrintWindow *self, char **note, GError **error)
{
  MrLockerBank *bank = selected_bank (self);
  const char *keys[] = { NULL, NULL };
  g_autoptr (GError) local = NULL;
  GPtrArray *records;

  if (bank == NULL)
    {
      *note = g_strdup (_ ("There is no locker bank yet: the preview shows a sample label."));
      return NULL;
    }
  keys[0] = bank->id;
  records = mr_label_records_from_store (self->store, self->kind, keys, &local);
  if (records != NULL)
    return records;
  if (g_error_matches (local, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND))
    {
      *note = g_str_equal (self->kind, "shelf")
                /* Translators: %s is a locker bank */
                ? g_strdup_printf (_ ("“%s” has no rear-loading lockers: the preview shows a "
                                      "sample label."),
                                   bank->name)
                /* Translators: %s is a locker bank */
                : g_strdup_printf (_ ("“%s” has no doors yet: the preview shows a sample label."),
                                   bank->name);
      return NULL;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

void
mr_label_print_window_load_records (MrLabelPrintWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  char *note = NULL;

  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->source_error, g_free);
  self->sample = FALSE;

  if (self->store == NULL && self->source != MR_LABEL_PRINT_SOURCE_GIVEN &&
      self->source != MR_LABEL_PRINT_SOURCE_CSV)
    note = g_strdup (_ ("No database is open: the preview shows a sample label."));
  else
    switch (self->source)
      {
      case MR_LABEL_PRINT_SOURCE_GIVEN:
        if (self->given_records != NULL)
          records = g_ptr_array_ref (self->given_records);
        else
          records = mr_label_records_from_store (self->store, self->kind,
                                                 (const char *const *) self->given_ids, &error);
        break;
      case MR_LABEL_PRINT_SOURCE_TODAY:
        records = mr_label_records_received_today (self->store, self->kind, &error);
        if (records != NULL && records->len == 0)
          note = g_strdup (_ ("No package was received today: the preview shows a sample label."));
        break;
      case MR_LABEL_PRINT_SOURCE_AWAITING:
        records = mr_label_records_awaiting_pickup (self->store, self->kind, &error);
        if (records != NULL && records->len == 0)
          note = g_strdup (_ ("No package is awaiting pickup: the preview shows a sample label."));
        break;
      case MR_LABEL_PRINT_SOURCE_SEARCH:
        if (self->search_ids->len == 0)
          note = g_strdup (_ ("Scan or type the tracking number or internal ID of each package "
                              "to print; until then the preview shows a sample label."));
        else
          {
            g_ptr_array_add (self->search_ids, NULL);
            records = mr_label_records_from_store (
              self->store, self->kind, (const char *const *) self->search_ids->pdata, &error);
            g_ptr_array_set_size (self->search_ids, self->search_ids->len - 1);
          }
        break;
      case MR_LABEL_PRINT_SOURCE_BANK:
        records = bank_records (self, &note, &error);
        break;
      case MR_LABEL_PRINT_SOURCE_CSV:
        if (self->csv_path == NULL)
          note = g_strdup (_ ("Choose a CSV file whose first line names the fields; until then "
                              "the preview shows a sample label."));
        else
          records = mr_label_records_from_csv (self->csv_path, self->kind, &error);
        break;
      default:
        g_assert_not_reached ();
      }

  if (error != NULL)
    /* Nothing prints: what was asked for cannot be read, and a sample in
     * its place would print by mistake. */
    self->source_error = g_strdup (error->message);
  else if (note != NULL || records == NULL || records->len == 0)
    use_sample (self, note ? note
                           : g_strdup (_ ("There is nothing to print: the preview shows a "
                                          "sample label.")));
  else
    self->records = g_steal_pointer (&records);
  fill_found_rows (self);
}

/* Callbacks */

static void
source_changed_cb (MrLabelPrintWindow *self)
{
  guint i = adw_combo_row_get_selected (self->source_row);

  if (self->updating || i >= self->sources->len)
    return;
  self->source = g_array_index (self->sources, MrLabelPrintSource, i);
  if (self->source == MR_LABEL_PRINT_SOURCE_BANK)
    {
      self->updating = TRUE;
      fill_banks (self);
      self->updating = FALSE;
    }
  update_rows (self);
  mr_label_print_window_load_records (self);
  mr_label_print_window_rebuild_job (self);
}

static void
bank_changed_cb (MrLabelPrintWindow *self)
{
  MrLockerBank *bank = selected_bank (self);

  if (self->updating || bank == NULL)
    return;
  g_free (self->bank_id);
  self->bank_id = g_strdup (bank->id);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->bank_row),
                               bank->place_name ? bank->place_name : "");
  mr_label_print_window_load_records (self);
  mr_label_print_window_rebuild_job (self);
}

static gboolean
add_package (MrLabelPrintWindow *self, const char *key, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (key ? key : ""));
  const char *keys[] = { trimmed, NULL };
  g_autoptr (GPtrArray) found = NULL;
  const char *id;

  if (*trimmed == '\0')
    return TRUE;
  if (self->store == NULL)
    {
      g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND,
                           _ ("No database is open."));
      return FALSE;
    }
  found = mr_label_records_from_store (self->store, self->kind, keys, error);
  if (found == NULL)
    return FALSE;
  id = g_hash_table_lookup (found->pdata[0], "@id");
  /* Scanned twice: printed once. */
  for (guint i = 0; i < self->search_ids->len; i++)
    if (g_str_equal (self->search_ids->pdata[i], id))
      return TRUE;
  g_ptr_array_add (self->search_ids, g_strdup (id));
  return TRUE;
}

#define SEARCH_HINT N_ ("Scan each package’s label, or type its number and press Enter.")

static void
search_activated_cb (MrLabelPrintWindow *self)
{
  g_autoptr (GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_row));

  if (!mr_label_print_window_add_package (self, text, &error))
    {
      /* What was typed or scanned stays, to be corrected; why, right
       * above it. */
      gtk_widget_add_css_class (GTK_WIDGET (self->search_row), "error");
      adw_preferences_group_set_description (self->search_group, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->search_row), "");
}

static void
search_changed_cb (MrLabelPrintWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->search_row), "error");
  adw_preferences_group_set_description (self->search_group, _ (SEARCH_HINT));
}

gboolean
mr_label_print_window_add_package (MrLabelPrintWindow *self, const char *key, GError **error)
{
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), FALSE);

  if (self->source != MR_LABEL_PRINT_SOURCE_SEARCH &&
      !mr_label_print_window_set_source (self, MR_LABEL_PRINT_SOURCE_SEARCH))
    {
      g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID,
                           _ ("Only package labels and pickup slips are printed for packages "
                              "found by their number."));
      return FALSE;
    }
  if (!add_package (self, key, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  mr_label_print_window_load_records (self);
  mr_label_print_window_rebuild_job (self);
  return TRUE;
}

/* The CSV file */

gboolean
mr_label_print_window_open_csv (MrLabelPrintWindow *self, const char *path, GError **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->source != MR_LABEL_PRINT_SOURCE_CSV &&
      !mr_label_print_window_set_source (self, MR_LABEL_PRINT_SOURCE_CSV))
    {
      g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID,
                           _ ("Only asset labels and carrier access codes are printed from a CSV "
                              "file here."));
      return FALSE;
    }
  g_free (self->csv_path);
  self->csv_path = g_strdup (path);
  name = g_path_get_basename (path);
  adw_action_row_set_subtitle (self->csv_row, name);
  mr_label_print_window_load_records (self);
  mr_label_print_window_rebuild_job (self);
  if (self->source_error != NULL)
    {
      g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID, self->source_error);
      return FALSE;
    }
  return TRUE;
}

static void
csv_response_cb (GtkNativeDialog *dialog, int response, MrLabelPrintWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      /* An error shows in the window. */
      if (path != NULL)
        mr_label_print_window_open_csv (self, path, NULL);
    }
  g_object_unref (dialog);
}

static void
choose_csv_action (GtkWidget *widget, const char *action, GVariant *param)
{
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_ ("Choose the Data of the Labels"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  gtk_file_filter_set_name (csv, _ ("CSV Files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), csv);
  gtk_file_filter_set_name (all, _ ("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), csv);
  if (self->csv_path != NULL)
    {
      g_autoptr (GFile) file = g_file_new_for_path (self->csv_path);
      g_autoptr (GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (csv_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Public API */

MrLabelPrintSource
mr_label_print_window_get_source (MrLabelPrintWindow *self)
{
  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), MR_LABEL_PRINT_SOURCE_GIVEN);
  return self->source;
}

gboolean
mr_label_print_window_set_source (MrLabelPrintWindow *self, MrLabelPrintSource source)
{
  guint position;

  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), FALSE);

  if (!mr_label_print_window_offers (self, source, &position))
    return FALSE;
  adw_combo_row_set_selected (self->source_row, position);
  return TRUE;
}

gboolean
mr_label_print_window_select_bank (MrLabelPrintWindow *self, const char *bank_id)
{
  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), FALSE);

  if (!mr_label_print_window_set_source (self, MR_LABEL_PRINT_SOURCE_BANK))
    return FALSE;
  for (guint i = 0; self->banks != NULL && i < self->banks->len; i++)
    if (g_strcmp0 (((MrLockerBank *) self->banks->pdata[i])->id, bank_id) == 0)
      {
        adw_combo_row_set_selected (self->bank_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
mr_label_print_window_is_sample (MrLabelPrintWindow *self)
{
  g_return_val_if_fail (MR_IS_LABEL_PRINT_WINDOW (self), FALSE);
  return self->sample;
}

void
mr_label_print_window_class_init_sources (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, source_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bank_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_install_action (widget_class, "labels.choose-csv", NULL, choose_csv_action);
}
