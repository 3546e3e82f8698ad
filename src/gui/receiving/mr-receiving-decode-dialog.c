/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-receiving"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-barcode-decode.h"
#include "mr-receiving-page-private.h"

/* The tracking numbers read from a file (a scanned delivery sheet holds
 * many): each one offered with a check box, ticked unless a package with
 * that number was already received, and received in the order found. */

typedef struct
{
  MrReceivingPage *page;
  GPtrArray *checks; /* GtkCheckButton, with "mr-number" data */
} DialogData;

static void
dialog_data_free (DialogData *data)
{
  g_object_unref (data->page);
  g_ptr_array_unref (data->checks);
  g_free (data);
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, DialogData *data)
{
  g_autoptr (GPtrArray) numbers = g_ptr_array_new ();
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "receive") != 0)
    return;
  for (guint i = 0; i < data->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (data->checks, i);

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (numbers, g_object_get_data (G_OBJECT (check), "mr-number"));
    }
  for (guint i = 0; i < numbers->len; i++)
    g_free (mr_receiving_page_receive (data->page, g_ptr_array_index (numbers, i),
                                       i + 1 == numbers->len));
  if (numbers->len > 1 && mr_receiving_page_get_n_pending (data->page) == 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u package received from the file",
                                           "%u packages received from the file", numbers->len),
                              numbers->len);
      mr_receiving_page_set_status (data->page, MR_RECEIVING_STATUS_OK, text);
    }
}

static char *
describe (MrReceivingPage *page, MrDecodedSymbol *symbol, gboolean *received)
{
  const MrScanCode *code = symbol->code;
  const char *carrier = _ ("Unknown carrier");
  g_autofree char *found = mr_store_find_package (page->store, code->tracking_number);

  if (code->candidates->len > 0)
    carrier = ((MrCarrierMatch *) g_ptr_array_index (code->candidates, 0))->courier_name;
  *received = found != NULL;
  if (found != NULL)
    /* Translators: carrier · barcode type · page number, for a number that
     * was already received. */
    return g_strdup_printf (_ ("%s · %s · page %u · already received"), carrier, symbol->symbology,
                            symbol->page);
  /* Translators: carrier · barcode type · page number. */
  return g_strdup_printf (_ ("%s · %s · page %u"), carrier, symbol->symbology, symbol->page);
}

GtkWindow *
mr_receiving_decode_dialog_new (MrReceivingPage *page, GPtrArray *symbols, const char *file_name)
{
  GtkWidget *dialog, *list, *scroller;
  DialogData *data = g_new0 (DialogData, 1);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *body = NULL;

  data->page = g_object_ref (page);
  data->checks = g_ptr_array_new ();

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Tracking numbers found"), -1);
  for (guint i = 0; i < symbols->len; i++)
    {
      MrDecodedSymbol *symbol = g_ptr_array_index (symbols, i);
      const char *number = symbol->code->tracking_number;
      GtkWidget *row, *check;
      g_autofree char *subtitle = NULL;
      gboolean received = FALSE;

      if (number == NULL || !g_hash_table_add (seen, (gpointer) number))
        continue;
      subtitle = describe (page, symbol, &received);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), number);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      check = gtk_check_button_new ();
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !received);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, number,
                                      -1);
      g_object_set_data_full (G_OBJECT (check), "mr-number", g_strdup (number), g_free);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (data->checks, check);
    }
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u tracking number was read from “%s”. Choose the "
                                       "packages to receive.",
                                       "%u tracking numbers were read from “%s”. Choose the "
                                       "packages to receive.",
                                       data->checks->len),
                          data->checks->len, file_name);
  dialog = adw_message_dialog_new (NULL, _ ("Receive Packages From the File"), body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "receive",
                                    _ ("_Receive"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "receive",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "receive");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), data,
                         (GClosureNotify) dialog_data_free, 0);
  return GTK_WINDOW (dialog);
}
