/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-receiving"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-barcode-decode.h"
#include "mr-receiving-page-private.h"

/* Barcodes read from files: opened with the file chooser or dropped on
 * the view, decoded in a thread, offered in a dialog. */

typedef struct
{
  MrReceivingPage *self;
  char *name;
} DecodeData;

static void
decode_data_free (DecodeData *data)
{
  g_object_unref (data->self);
  g_free (data->name);
  g_free (data);
}

static void
dialog_destroyed_cb (MrReceivingPage *self)
{
  self->dialog = NULL;
}

static void
show_decoded (MrReceivingPage *self, const char *name)
{
  GtkWindow *dialog;

  if (self->decoded->len == 0)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a file name. */
      text = g_strdup_printf (_ ("No tracking number found in “%s”"), name);
      mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_WARNING, text);
      return;
    }
  dialog = mr_receiving_decode_dialog_new (self, self->decoded, name);
  g_ptr_array_set_size (self->decoded, 0);
  gtk_window_set_transient_for (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
}

static void
decode_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DecodeData *data = user_data;
  MrReceivingPage *self = data->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) symbols = mr_barcode_decode_file_finish (result, &error);

  self->decoding--;
  if (symbols == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = NULL;

          /* Translators: a file name, then why it could not be read. */
          text =
            g_strdup_printf (_ ("Cannot read barcodes from “%s”: %s"), data->name, error->message);
          mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_ERROR, text);
        }
      decode_data_free (data);
      return;
    }
  for (guint i = 0; i < symbols->len; i++)
    {
      MrDecodedSymbol *symbol = g_ptr_array_index (symbols, i);

      if (symbol->code->tracking_number != NULL)
        g_ptr_array_add (self->decoded, mr_decoded_symbol_copy (symbol));
    }
  if (self->decoding == 0 && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_decoded (self, data->name);
  decode_data_free (data);
}

void
mr_receiving_page_open_files (MrReceivingPage *self, GFile *const *files, guint n_files)
{
  g_return_if_fail (MR_IS_RECEIVING_PAGE (self));

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      DecodeData *data;

      if (path == NULL)
        continue;
      data = g_new0 (DecodeData, 1);
      data->self = g_object_ref (self);
      data->name = g_file_get_basename (files[i]);
      self->decoding++;
      mr_barcode_decode_file_async (path, 0, mr_carrier_rules_get_default (), self->cancellable,
                                    decode_done_cb, data);
    }
  if (self->decoding > 0)
    mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_READY, _ ("Reading barcodes…"));
}

gboolean
mr_receiving_page_drop_cb (
  GtkDropTarget *target, const GValue *value, double x, double y, MrReceivingPage *self)
{
  GSList *list;
  g_autoptr (GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = g_value_get_boxed (value);
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;
  mr_receiving_page_open_files (self, (GFile *const *) files->pdata, files->len);
  return TRUE;
}

static void
file_chooser_response_cb (GtkNativeDialog *chooser, int response, MrReceivingPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) list = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        g_ptr_array_add (files, g_list_model_get_item (list, i));
      mr_receiving_page_open_files (self, (GFile *const *) files->pdata, files->len);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
mr_receiving_page_open_file_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  MrReceivingPage *self = MR_RECEIVING_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) images = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) pdf = gtk_file_filter_new ();

  chooser =
    gtk_file_chooser_native_new (_ ("Open Image or PDF"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (all, _ ("Images and PDF files"));
  gtk_file_filter_add_pixbuf_formats (all);
  gtk_file_filter_add_mime_type (all, "application/pdf");
  gtk_file_filter_set_name (images, _ ("Images"));
  gtk_file_filter_add_pixbuf_formats (images);
  gtk_file_filter_set_name (pdf, _ ("PDF files"));
  gtk_file_filter_add_mime_type (pdf, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdf);
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
