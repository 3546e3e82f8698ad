/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-gui-utils.h"
#include "mr-toast-slot.h"

/**
 * mr_settings_new:
 *
 * The application's settings. When the schema is not installed (the app runs
 * from its build directory), it is read from the build tree, so an uninstalled
 * build works without GSETTINGS_SCHEMA_DIR.
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL if the schema
 *   is nowhere to be found
 */
GSettings *
mr_settings_new (void)
{
  static GSettingsSchemaSource *build_source;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      if (build_source == NULL &&
          g_file_test (BUILD_SCHEMADIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
        {
          g_autoptr (GError) error = NULL;

          build_source =
            g_settings_schema_source_new_from_directory (BUILD_SCHEMADIR, source, FALSE, &error);
          if (build_source == NULL)
            g_warning ("Cannot read the schemas in %s: %s", BUILD_SCHEMADIR, error->message);
        }
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, TRUE);
    }

  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/**
 * mr_widget_add_toast:
 * @widget: a widget inside the window's toast overlay
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the nearest #AdwToastOverlay above @widget, so pages need
 * no pointer to the window.
 */
void
mr_widget_add_toast (GtkWidget *widget, AdwToast *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_debug ("No toast overlay for “%s”", adw_toast_get_title (toast));
      g_object_unref (g_object_ref_sink (toast));
      return;
    }
  mr_toast_slot_add (ADW_TOAST_OVERLAY (overlay), toast);
}

/**
 * mr_undo_toast_new:
 * @title: what happened, e.g. “Ada Lovelace” deleted
 * @undo_mutation: the mutation that reverts it, e.g. "contact.restore"
 * @undo_args: (transfer floating): its arguments (a{sv})
 *
 * A toast whose Undo button activates win.undo, which applies the reverting
 * mutation through the store like any other change (so the undo is itself
 * journalled and synced).
 *
 * Returns: (transfer full): a new toast
 */
AdwToast *
mr_undo_toast_new (const char *title, const char *undo_mutation, GVariant *undo_args)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _ ("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_action_target_value (toast, g_variant_new ("(s@a{sv})", undo_mutation, undo_args));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* Twice the default: an operator who glances back from a parcel still
   * has time to take a mistake back. */
  adw_toast_set_timeout (toast, 10);
  return toast;
}

/**
 * mr_format_time_ms:
 * @unix_ms: milliseconds since the epoch, as the journal stores them
 *
 * Returns: (transfer full): the local date and time, formatted for the
 *   interface language
 */
char *
mr_format_time_ms (gint64 unix_ms)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (unix_ms / 1000);

  if (dt == NULL)
    return g_strdup ("");
  /* Translators: a date and time in history lists, in strftime() format.
   * Use numbers only: month names would follow the system locale, not the
   * interface language. */
  return g_date_time_format (dt, _ ("%Y-%m-%d %H:%M"));
}

/**
 * mr_mutation_label:
 * @mutation: a mutation name such as "contact.set"
 *
 * Returns: what the mutation did, for history lists
 */
const char *
mr_mutation_label (const char *mutation)
{
  const char *verb;

  g_return_val_if_fail (mutation != NULL, NULL);

  verb = strchr (mutation, '.');
  verb = verb ? verb + 1 : mutation;

  if (g_str_equal (verb, "create"))
    return _ ("Created");
  if (g_str_equal (verb, "set"))
    return _ ("Edited");
  if (g_str_equal (verb, "rename"))
    return _ ("Renamed");
  if (g_str_equal (verb, "delete"))
    return C_ ("history", "Deleted");
  if (g_str_equal (verb, "restore"))
    return _ ("Restored");
  if (g_str_equal (verb, "set_key_contact"))
    return _ ("Key contact changed");
  if (g_str_equal (verb, "add_member"))
    return _ ("Member added");
  if (g_str_equal (verb, "remove_member"))
    return _ ("Member removed");
  return mutation;
}

/**
 * mr_field_label:
 * @field: a record field as mutations name it, e.g. "personnel_id"
 *
 * Returns: the field's name as the forms show it
 */
const char *
mr_field_label (const char *field)
{
  static const struct
  {
    const char *field;
    const char *label;
  } labels[] = {
    { "first_name", N_ ("First name") },
    { "last_name", N_ ("Last name") },
    { "email", N_ ("Email") },
    { "phone", N_ ("Phone") },
    { "department_id", N_ ("Department") },
    { "place_id", N_ ("Place") },
    { "personnel_id", N_ ("Personnel ID") },
    { "employee_id", N_ ("Employee ID") },
    { "notes", N_ ("Notes") },
    { "needs_accessibility", N_ ("Accessibility accommodations") },
    { "is_private", N_ ("Private contact") },
    { "name", N_ ("Name") },
    { "key_contact_id", N_ ("Key contact") },
    { "code", N_ ("Code") },
  };

  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].field, field))
      return _ (labels[i].label);
  return field;
}

static void
create_popup_cb (GtkMenuButton *button, gpointer data)
{
  GMenuModel *model = data;

  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
  gtk_menu_button_set_menu_model (button, model);
}

/**
 * mr_menu_button_set_menu_model_lazily:
 *
 * Like gtk_menu_button_set_menu_model(), but builds the menu's widgets the
 * first time it opens rather than now: a window has its menus ready on the
 * first click without paying for them in its first frame.
 */
void
mr_menu_button_set_menu_model_lazily (GtkMenuButton *button, GMenuModel *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  gtk_menu_button_set_create_popup_func (button, create_popup_cb, g_object_ref (model),
                                         g_object_unref);
}

gboolean
mr_widget_has_focus_within (GtkWidget *ancestor)
{
  GtkRoot *root = gtk_widget_get_root (ancestor);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

gboolean
mr_list_box_select_by_data (GtkListBox *list_box,
                            const char *key,
                            const char *id,
                            gboolean grab_focus)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row) ||
          g_strcmp0 (g_object_get_data (G_OBJECT (row), key), id) != 0)
        continue;
      gtk_list_box_select_row (list_box, GTK_LIST_BOX_ROW (row));
      if (grab_focus)
        gtk_widget_grab_focus (row);
      return TRUE;
    }
  return FALSE;
}

void
mr_list_box_restore_focus (GtkListBox *list_box, gboolean had_focus)
{
  GtkListBoxRow *first;

  if (!had_focus || mr_widget_has_focus_within (GTK_WIDGET (list_box)))
    return;
  first = gtk_list_box_get_row_at_index (list_box, 0);
  if (first != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first));
}

GtkWidget *
mr_field_error_row_new (GtkWidget *row, GtkLabel **label)
{
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *error_row = adw_preferences_row_new ();
  GtkWidget *message = gtk_label_new (NULL);

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);

  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_widget_add_css_class (message, "error");
  gtk_widget_add_css_class (message, "mr-field-error");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (error_row), message);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (error_row), FALSE);
  gtk_widget_set_can_focus (error_row, FALSE);
  gtk_widget_set_visible (error_row, FALSE);
  gtk_list_box_insert (GTK_LIST_BOX (list), error_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);

  /* Screen readers announce the message with the field. ERROR_MESSAGE takes
   * one reference, not a NULL-terminated list: a NULL here would be read as
   * the next relation and crash GTK as soon as AT-SPI is active. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE,
                                  message, -1);
  *label = GTK_LABEL (message);
  return error_row;
}

void
mr_field_error_show (GtkWidget *row, GtkWidget *error_row, GtkLabel *label, const char *message)
{
  gtk_widget_add_css_class (row, "error");
  gtk_label_set_label (label, message);
  gtk_widget_set_visible (error_row, TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               GTK_ACCESSIBLE_INVALID_TRUE, -1);
}

void
mr_field_error_clear (GtkWidget *row, GtkWidget *error_row, GtkLabel *label)
{
  gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_visible (error_row, FALSE);
  gtk_label_set_label (label, "");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
}
