/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-packages-utils"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mr-packages-utils.h"
#include "mr-records.h"

const char *
mr_packages_title (MrPackage *package)
{
  const char *tracking = mr_package_get_tracking_number (package);

  return tracking != NULL ? tracking : mr_package_get_internal_id (package);
}

const char *
mr_packages_for_name (MrPackage *package)
{
  const char *name = mr_package_get_recipient_name (package);

  return name != NULL ? name : mr_package_get_department_name (package);
}

const char *
mr_packages_where (MrPackage *package)
{
  const char *locker = mr_package_get_locker_name (package);

  return locker != NULL ? locker : mr_package_get_place_name (package);
}

/* Drop-downs of ids: the ids ride on the drop-down, in its items' order. */

GtkDropDown *
mr_id_drop_down_new (const char *accessible_label)
{
  GtkStringList *model = gtk_string_list_new (NULL);
  GtkDropDown *drop_down = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (model), NULL));
  g_autoptr (GtkExpression) expr =
    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  /* Long lists (places, departments) are searched by typing. */
  gtk_drop_down_set_expression (drop_down, expr);
  g_object_set_data_full (G_OBJECT (drop_down), "mr-ids", g_ptr_array_new (),
                          (GDestroyNotify) g_ptr_array_unref);
  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible_label, -1);
  return drop_down;
}

void
mr_id_drop_down_set_choices (GtkDropDown *drop_down, GPtrArray *labels, GPtrArray *ids)
{
  GtkStringList *model = GTK_STRING_LIST (gtk_drop_down_get_model (drop_down));
  g_autofree char *keep = g_strdup (mr_id_drop_down_get_id (drop_down));
  guint selected = 0;

  g_return_if_fail (labels->len == ids->len);

  for (guint i = 0; i < ids->len; i++)
    if (keep != NULL && g_strcmp0 (g_ptr_array_index (ids, i), keep) == 0)
      selected = i;
  g_object_set_data_full (G_OBJECT (drop_down), "mr-ids", ids, (GDestroyNotify) g_ptr_array_unref);
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                          (const char *const *) labels->pdata);
  g_ptr_array_remove_index (labels, labels->len - 1);
  gtk_drop_down_set_enable_search (drop_down, ids->len > 12);
  gtk_drop_down_set_selected (drop_down, ids->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
}

const char *
mr_id_drop_down_get_id (GtkDropDown *drop_down)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (drop_down), "mr-ids");
  guint i = gtk_drop_down_get_selected (drop_down);

  if (ids == NULL || i >= ids->len)
    return NULL;
  return g_ptr_array_index (ids, i);
}

gboolean
mr_id_drop_down_set_id (GtkDropDown *drop_down, const char *id)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (drop_down), "mr-ids");

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      {
        gtk_drop_down_set_selected (drop_down, i);
        return TRUE;
      }
  return FALSE;
}

void
mr_place_drop_down_fill (GtkDropDown *drop_down, MrStore *store, const char *first_label)
{
  g_autoptr (GListModel) places = mr_store_list_places (store);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (places);

  if (first_label != NULL)
    {
      g_ptr_array_add (labels, g_strdup (first_label));
      g_ptr_array_add (ids, NULL);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrNode) node = g_list_model_get_item (places, i);

      g_ptr_array_add (labels, g_strdup (mr_node_get_path (node)));
      g_ptr_array_add (ids, g_strdup (mr_node_get_id (node)));
    }
  mr_id_drop_down_set_choices (drop_down, labels, ids);
}

GtkDropDown *
mr_place_drop_down_new (MrStore *store, const char *first_label)
{
  GtkDropDown *drop_down = mr_id_drop_down_new (_ ("Place"));

  mr_place_drop_down_fill (drop_down, store, first_label);
  return drop_down;
}

/* The place dialog */

typedef struct
{
  GtkDropDown *drop_down;
  MrPlaceChosenFunc callback;
  GWeakRef owner;
} PlaceDialogData;

static void
place_dialog_data_free (PlaceDialogData *data)
{
  g_weak_ref_clear (&data->owner);
  g_free (data);
}

static void
place_dialog_response_cb (AdwMessageDialog *dialog, const char *response, PlaceDialogData *data)
{
  g_autoptr (GObject) owner = NULL;
  const char *place_id;

  if (g_strcmp0 (response, "move") != 0)
    return;
  /* The page or dialog that asked may be gone: then nothing to do. */
  owner = g_weak_ref_get (&data->owner);
  place_id = mr_id_drop_down_get_id (data->drop_down);
  if (owner != NULL && place_id != NULL)
    data->callback (place_id, owner);
}

AdwMessageDialog *
mr_choose_place_dialog_new (GtkWidget *parent,
                            MrStore *store,
                            const char *heading,
                            const char *body,
                            const char *current_place_id,
                            MrPlaceChosenFunc callback)
{
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body));
  PlaceDialogData *data = g_new0 (PlaceDialogData, 1);
  GtkDropDown *drop_down = mr_place_drop_down_new (store, NULL);
  guint n = g_list_model_get_n_items (gtk_drop_down_get_model (drop_down));

  data->drop_down = drop_down;
  data->callback = callback;
  g_weak_ref_init (&data->owner, parent);

  if (current_place_id != NULL)
    mr_id_drop_down_set_id (drop_down, current_place_id);
  adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (drop_down));
  adw_message_dialog_add_response (dialog, "cancel", _ ("_Cancel"));
  adw_message_dialog_add_response (dialog, "move", _ ("_Move"));
  adw_message_dialog_set_response_appearance (dialog, "move", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "move");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "move", n > 0);
  if (n == 0)
    adw_message_dialog_set_body (dialog, _ ("There are no places yet: add them in Places first."));
  g_signal_connect_data (dialog, "response", G_CALLBACK (place_dialog_response_cb), data,
                         (GClosureNotify) place_dialog_data_free, 0);
  return dialog;
}

gboolean
mr_parse_day (const char *text, gboolean end_of_day, gint64 *ms)
{
  g_autoptr (GDateTime) day = NULL;
  g_autoptr (GDateTime) dt = NULL;
  int y, mo, d;
  char tail;

  if (text == NULL || sscanf (text, "%d-%d-%d%c", &y, &mo, &d, &tail) != 3)
    return FALSE;
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31)
    return FALSE;
  day = g_date_time_new_local (y, mo, d, 0, 0, 0);
  if (day == NULL || g_date_time_get_day_of_month (day) != d)
    return FALSE;
  dt = end_of_day ? g_date_time_add_days (day, 1) : g_date_time_ref (day);
  *ms = g_date_time_to_unix (dt) * 1000;
  return TRUE;
}

char *
mr_packages_contact_name (MrStore *store, const char *contact_id)
{
  g_autoptr (MrContact) contact = contact_id ? mr_store_get_contact (store, contact_id) : NULL;

  return g_strdup (contact != NULL ? mr_contact_get_display_name (contact) : "");
}
