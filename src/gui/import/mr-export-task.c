/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-export-task"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mr-export-task.h"
#include "widgets/mr-gui-utils.h"

typedef struct
{
  char *db_path;
  MrExportWhat what;
  char *search;
  char *department_id;
  char *place_id;
  GFile *file;
} Export;

static void
export_free (gpointer data)
{
  Export *e = data;

  g_free (e->db_path);
  g_free (e->search);
  g_free (e->department_id);
  g_free (e->place_id);
  g_clear_object (&e->file);
  g_free (e);
}

static const char *
default_name (MrExportWhat what)
{
  switch (what)
    {
    case MR_EXPORT_WHAT_CONTACTS:
      /* Translators: the default name of an exported file */
      return _ ("contacts.csv");
    case MR_EXPORT_WHAT_DEPARTMENTS:
      /* Translators: the default name of an exported file */
      return _ ("departments.csv");
    case MR_EXPORT_WHAT_PLACES:
      /* Translators: the default name of an exported file */
      return _ ("places.csv");
    case MR_EXPORT_WHAT_ORG:
    default:
      /* Translators: the default name of an exported file */
      return _ ("organisation.csv");
    }
}

static char *
dialog_title (MrExportWhat what, const char *search)
{
  switch (what)
    {
    case MR_EXPORT_WHAT_CONTACTS:
      if (search != NULL)
        /* Translators: the title of the save dialog; %s is the search typed
         * in the contacts list, which the export keeps */
        return g_strdup_printf (_ ("Export Contacts Matching “%s”"), search);
      return g_strdup (_ ("Export Contacts"));
    case MR_EXPORT_WHAT_DEPARTMENTS:
      return g_strdup (_ ("Export Departments"));
    case MR_EXPORT_WHAT_PLACES:
      return g_strdup (_ ("Export Places"));
    case MR_EXPORT_WHAT_ORG:
    default:
      return g_strdup (_ ("Export Organisation"));
    }
}

static char *
done_message (MrExportWhat what, guint n)
{
  switch (what)
    {
    case MR_EXPORT_WHAT_CONTACTS:
      return g_strdup_printf (ngettext ("Exported %u contact", "Exported %u contacts", n), n);
    case MR_EXPORT_WHAT_DEPARTMENTS:
      return g_strdup_printf (ngettext ("Exported %u department", "Exported %u departments", n), n);
    case MR_EXPORT_WHAT_PLACES:
      return g_strdup_printf (ngettext ("Exported %u place", "Exported %u places", n), n);
    case MR_EXPORT_WHAT_ORG:
    default:
      return g_strdup_printf (
        ngettext ("Exported %u organisation unit", "Exported %u organisation units", n), n);
    }
}

/* In the thread. GIO writes the file aside and renames it over the old one
 * on a successful close, so a failed or cancelled export leaves the old file
 * as it was, not half of a new one. */
static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Export *e = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = mr_store_open (e->db_path, &error);
  g_autoptr (GFileOutputStream) out = NULL;
  MrExportFilter filter = { e->search, e->department_id, e->place_id };
  gint64 n = -1;

  if (store != NULL)
    out =
      g_file_replace (e->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);
  if (out != NULL)
    {
      switch (e->what)
        {
        case MR_EXPORT_WHAT_DEPARTMENTS:
          n = mr_export_departments_csv (store, G_OUTPUT_STREAM (out), cancellable, &error);
          break;
        case MR_EXPORT_WHAT_CONTACTS:
          n = mr_export_csv (store, MR_IMPORT_CONTACTS, &filter, G_OUTPUT_STREAM (out), cancellable,
                             &error);
          break;
        case MR_EXPORT_WHAT_PLACES:
          n = mr_export_csv (store, MR_IMPORT_PLACES, NULL, G_OUTPUT_STREAM (out), cancellable,
                             &error);
          break;
        case MR_EXPORT_WHAT_ORG:
        default:
          n =
            mr_export_csv (store, MR_IMPORT_ORG, NULL, G_OUTPUT_STREAM (out), cancellable, &error);
          break;
        }
      if (n < 0)
        {
          /* Closing with a cancelled cancellable drops the file aside. */
          g_autoptr (GCancellable) abandon = g_cancellable_new ();

          g_cancellable_cancel (abandon);
          g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
        }
      else if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error))
        n = -1;
    }

  if (n < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n);
}

/* The thread is done: say so in the window, then complete the caller's
 * task with the same result. */
static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) outer = user_data;
  GtkWidget *anchor = GTK_WIDGET (source);
  Export *e = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gint64 n = g_task_propagate_int (G_TASK (result), &error);

  if (error == NULL)
    {
      g_autofree char *message = done_message (e->what, (guint) n);

      mr_widget_add_toast (anchor, adw_toast_new (message));
      g_task_return_int (outer, n);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GtkRoot *root = gtk_widget_get_root (anchor);
      g_autofree char *name = g_file_get_parse_name (e->file);
      /* Translators: %s is a file name, then what went wrong */
      g_autofree char *body =
        g_strdup_printf (_ ("“%s” could not be written: %s"), name, error->message);
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _ ("Export Failed"), body);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_task_return_error (outer, g_steal_pointer (&error));
}

/**
 * mr_export_task_run:
 * @anchor: the widget the export was started from: its window's toast
 *   overlay shows the result, and an error is shown over its window
 * @filter: (nullable): contacts only: the list's search and filters
 * @file: where to write
 *
 * Writes the CSV file in a thread, then shows a toast, or a message if it
 * could not be written. @callback, if given, runs after that.
 */
void
mr_export_task_run (GtkWidget *anchor,
                    MrStore *store,
                    MrExportWhat what,
                    const MrExportFilter *filter,
                    GFile *file,
                    GCancellable *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GTask *outer;
  Export *e;

  g_return_if_fail (GTK_IS_WIDGET (anchor));
  g_return_if_fail (MR_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  e = g_new0 (Export, 1);
  e->db_path = g_strdup (mr_store_get_path (store));
  e->what = what;
  e->file = g_object_ref (file);
  if (filter != NULL && what == MR_EXPORT_WHAT_CONTACTS)
    {
      /* An empty search is no search. */
      if (filter->search != NULL && filter->search[0] != '\0')
        e->search = g_strdup (filter->search);
      e->department_id = g_strdup (filter->department_id);
      e->place_id = g_strdup (filter->place_id);
    }

  /* Both tasks hold the anchor until the end, for the toast. */
  outer = g_task_new (anchor, cancellable, callback, user_data);
  g_task_set_source_tag (outer, mr_export_task_run);
  task = g_task_new (anchor, cancellable, export_done_cb, outer);
  g_task_set_source_tag (task, export_thread);
  g_task_set_task_data (task, e, export_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * mr_export_task_finish:
 *
 * Returns: the number of records written, or -1 with @error set
 */
gint64
mr_export_task_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mr_export_task_run, -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/* The save dialog */

typedef struct
{
  GtkWidget *anchor;
  MrStore *store;
  MrExportWhat what;
  char *search;
  char *department_id;
  char *place_id;
} Choose;

static void
choose_free (Choose *c)
{
  g_clear_object (&c->anchor);
  g_clear_object (&c->store);
  g_free (c->search);
  g_free (c->department_id);
  g_free (c->place_id);
  g_free (c);
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  Choose *c = user_data;
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && gtk_widget_get_root (c->anchor) != NULL)
    {
      MrExportFilter filter = { c->search, c->department_id, c->place_id };

      mr_export_task_run (c->anchor, c->store, c->what, &filter, file, NULL, NULL, NULL);
    }
  choose_free (c);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/**
 * mr_export_task_choose_file:
 * @anchor: the widget the export is started from (see mr_export_task_run())
 * @filter: (nullable): contacts only: the list's search and filters
 *
 * Asks where to save, with a default file name, then exports there.
 */
void
mr_export_task_choose_file (GtkWidget *anchor,
                            MrStore *store,
                            MrExportWhat what,
                            const MrExportFilter *filter)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  g_autofree char *title = NULL;
  Choose *c;

  g_return_if_fail (GTK_IS_WIDGET (anchor));
  g_return_if_fail (MR_IS_STORE (store));

  c = g_new0 (Choose, 1);
  c->anchor = g_object_ref (anchor);
  c->store = g_object_ref (store);
  c->what = what;
  if (filter != NULL && what == MR_EXPORT_WHAT_CONTACTS)
    {
      if (filter->search != NULL && filter->search[0] != '\0')
        c->search = g_strdup (filter->search);
      c->department_id = g_strdup (filter->department_id);
      c->place_id = g_strdup (filter->place_id);
    }

  root = gtk_widget_get_root (anchor);
  title = dialog_title (what, c->search);
  chooser =
    gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), default_name (what));
  gtk_file_filter_set_name (csv, _ ("CSV Files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), c);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
