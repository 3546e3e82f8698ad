/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-import-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-import-window-private.h"

/* What the buttons and keys do: choosing the file and saving the template
 * (file choosers), moving between the steps, cancelling. */

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, MrImportWindow *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
  if (file == NULL || self->disposed)
    return;

  /* A new file is read the automatic way first. */
  self->updating = TRUE;
  adw_combo_row_set_selected (self->encoding_row, 0);
  adw_combo_row_set_selected (self->separator_row, 0);
  self->updating = FALSE;
  mr_import_window_load (self, file);
}

static void
add_csv_filters (GtkFileChooser *chooser)
{
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _ ("CSV Files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (chooser, csv);
  gtk_file_filter_set_name (all, _ ("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
  gtk_file_chooser_set_filter (chooser, csv);
}

static void
choose_file_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->op != NULL || self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_ ("Choose a CSV File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_csv_filters (GTK_FILE_CHOOSER (chooser));
  if (self->file != NULL)
    {
      g_autoptr (GFile) folder = g_file_get_parent (self->file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

static void
template_saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (MrImportWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    /* Translators: %s is a file name, then what went wrong */
    message =
      g_strdup_printf (_ ("The template could not be saved as “%s”: %s"), display, error->message);
  else
    /* Translators: %s is a file name */
    message = g_strdup_printf (_ ("Template saved as “%s”"), display);
  if (!self->disposed)
    mr_import_window_show_toast (self, message);
}

static void
template_response_cb (GtkNativeDialog *chooser, int response, MrImportWindow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GBytes) bytes = NULL;
  char *text;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
  if (file == NULL || self->disposed)
    return;

  text = mr_import_template (self->kind);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, template_saved_cb, g_object_ref (self));
}

static void
save_template_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_ ("Save Template"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     mr_import_window_template_name (self->kind));
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (template_response_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

static void
start_import (MrImportWindow *self)
{
  mr_import_window_apply_options (self);
  mr_import_window_run_op (self, MR_IMPORT_OP_RUN, NULL);
}

static void
confirm_response_cb (AdwMessageDialog *dialog, const char *response, MrImportWindow *self)
{
  if (g_str_equal (response, "import") && self->op == NULL && !self->disposed)
    start_import (self);
}

static void
next_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (widget);

  if (self->op != NULL)
    return;
  if (g_str_equal (self->step, "file") && self->job != NULL)
    mr_import_window_set_step (self, "mapping");
  else if (g_str_equal (self->step, "mapping"))
    {
      mr_import_window_apply_options (self);
      mr_import_window_run_op (self, MR_IMPORT_OP_CHECK, NULL);
    }
  else if (g_str_equal (self->step, "check") && self->importable)
    {
      GtkWidget *dialog;
      g_autofree char *heading = NULL;

      if (!gtk_check_button_get_active (self->mode_replace_check) || self->n_would_delete == 0)
        {
          start_import (self);
          return;
        }
      /* Replace all deletes what the file lacks: say how much first. */
      heading = mr_import_window_delete_question (self->kind, self->n_would_delete);
      dialog = adw_message_dialog_new (
        GTK_WINDOW (self), heading,
        mr_import_window_mode_explanation (self->kind, MR_IMPORT_MODE_REPLACE));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"),
                                        "import", _ ("_Import and Delete"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (g_str_equal (self->step, "summary"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (widget);

  if (self->op != NULL)
    return;
  if (g_str_equal (self->step, "mapping"))
    mr_import_window_set_step (self, "file");
  else if (g_str_equal (self->step, "check"))
    mr_import_window_set_step (self, "mapping");
}

/* Stops the thread: the job rolls back, so nothing is changed. */
void
mr_import_window_cancel (MrImportWindow *self)
{
  if (self->op == NULL)
    return;
  g_cancellable_cancel (self->op->cancellable);
  adw_status_page_set_title (self->progress_page, _ ("Cancelling…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", FALSE);
}

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_import_window_cancel (MR_IMPORT_WINDOW (widget));
}

static void
escape_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (widget);

  if (self->op != NULL)
    mr_import_window_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
create_missing_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (widget);

  if (self->op != NULL || self->job == NULL)
    return;
  gtk_switch_set_active (self->create_missing_switch, TRUE);
  mr_import_window_apply_options (self);
  mr_import_window_run_op (self, MR_IMPORT_OP_CHECK, NULL);
}

void
mr_import_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "import.save-template", NULL,
                                   save_template_action);
  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "import.create-missing", NULL,
                                   create_missing_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "import.choose-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "import.back",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.escape", NULL);
}
