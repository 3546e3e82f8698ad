/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mr-locker-ops-utils.h"
#include "mr-lockers.h"

GPtrArray *
mr_locker_bank_row_fill (AdwComboRow *row, MrStore *store, const char *select_id)
{
  g_autoptr (GPtrArray) banks = mr_store_list_locker_banks (store);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  for (guint i = 0; i < banks->len; i++)
    {
      MrLockerBank *bank = g_ptr_array_index (banks, i);

      if (g_strcmp0 (bank->id, select_id) == 0)
        selected = i;
      g_ptr_array_add (ids, g_strdup (bank->id));
      gtk_string_list_append (names, bank->name);
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  if (ids->len > 0)
    adw_combo_row_set_selected (row, selected);
  return ids;
}

void
mr_locker_row_set_invalid (GtkWidget *row, gboolean invalid)
{
  if (invalid)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}
