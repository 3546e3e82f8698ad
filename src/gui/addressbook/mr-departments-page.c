/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-departments-page"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "import/mr-export-task.h"
#include "mr-contact-list.h"
#include "mr-departments-page-private.h"
#include "mr-name-dialog.h"
#include "mr-records.h"
#include "mr-text.h"
#include "widgets/mr-gui-utils.h"

/* The departments of the address book: a list on the left, and on the
 * right the selected department's key contact and members. A mailroom has
 * tens to hundreds of departments (read whole), but a department may have
 * thousands of members, so those come from a lazy MrContactList. */


G_DEFINE_FINAL_TYPE (MrDepartmentsPage, mr_departments_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_details (MrDepartmentsPage *self);

/* Errors the user cannot fix inline (the record vanished meanwhile, the
 * disk is full…) are shown in a dialog, verbatim: core messages are
 * translated and say what to do. */
void
mr_departments_page_show_error (MrDepartmentsPage *self, const char *heading, const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static MrDepartment *
find_department (MrDepartmentsPage *self, const char *id, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->departments));

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr (MrDepartment) d = g_list_model_get_item (G_LIST_MODEL (self->departments), i);

      if (g_strcmp0 (mr_department_get_id (d), id) == 0)
        {
          if (position)
            *position = i;
          return g_steal_pointer (&d);
        }
    }
  return NULL;
}

/* Department list */

static char *
department_subtitle (MrDepartment *d)
{
  guint n = mr_department_get_member_count (d);
  const char *key = mr_department_get_key_contact_name (d);
  g_autofree char *members = g_strdup_printf (ngettext ("%u member", "%u members", n), n);
  g_autofree char *key_text = NULL;

  if (key != NULL && *key != '\0')
    key_text = g_strdup_printf (_ ("Key contact: %s"), key);
  else
    key_text = g_strdup (_ ("No key contact"));
  /* Translators: a department's subtitle: "12 members · Key contact: Ada Lovelace" */
  return g_strdup_printf (_ ("%s · %s"), members, key_text);
}

static GtkWidget *
create_department_row (gpointer item, gpointer user_data)
{
  MrDepartment *d = item;
  g_autofree char *subtitle = department_subtitle (d);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mr_department_get_name (d));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  g_object_set_data_full (G_OBJECT (row), "department-id", g_strdup (mr_department_get_id (d)),
                          g_free);
  return row;
}

static gboolean
department_matches (gpointer item, gpointer user_data)
{
  MrDepartmentsPage *self = user_data;
  MrDepartment *d = item;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;

  if (self->search_key == NULL || *self->search_key == '\0')
    return TRUE;
  name = mr_text_fold (mr_department_get_name (d));
  key = mr_text_fold (mr_department_get_key_contact_name (d));
  return strstr (name, self->search_key) != NULL || strstr (key, self->search_key) != NULL;
}

static void
update_list_stack (MrDepartmentsPage *self)
{
  const char *page = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->departments)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-results";
  gtk_stack_set_visible_child_name (self->list_stack, page);
}

void
mr_departments_page_refresh (MrDepartmentsPage *self)
{
  g_autoptr (GListModel) fresh = mr_store_list_departments (self->store);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (fresh);
  /* Rebuilding the rows destroys the focused one: give the focus back to
   * the same department's new row so the keyboard user stays in place. */
  gboolean had_focus = mr_widget_has_focus_within (GTK_WIDGET (self->list_box));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (fresh, i));

  self->refreshing = TRUE;
  g_list_store_splice (self->departments, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->departments)), items->pdata,
                       items->len);
  self->refreshing = FALSE;

  if (self->selected_id != NULL)
    {
      g_autoptr (MrDepartment) still = find_department (self, self->selected_id, NULL);

      if (still == NULL)
        g_clear_pointer (&self->selected_id, g_free);
    }
  /* Side by side, an empty details pane is wasted space: show the first
   * department, as Settings shows its first panel. */
  if (self->selected_id == NULL && !adw_leaflet_get_folded (self->leaflet))
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list_box, 0);

      if (first != NULL)
        self->selected_id = g_strdup (g_object_get_data (G_OBJECT (first), "department-id"));
    }
  self->refreshing = TRUE;
  if (self->selected_id == NULL ||
      !mr_list_box_select_by_data (self->list_box, "department-id", self->selected_id, had_focus))
    gtk_list_box_unselect_all (self->list_box);
  self->refreshing = FALSE;
  mr_list_box_restore_focus (self->list_box, had_focus);

  update_list_stack (self);
  update_details (self);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  MrDepartmentsPage *self = data;

  self->refresh_id = 0;
  mr_departments_page_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (MrDepartmentsPage *self, const char *entity, const char *id)
{
  /* Contacts matter too: member counts and key contact names. */
  if (g_strcmp0 (entity, "department") != 0 && g_strcmp0 (entity, "contact") != 0)
    return;
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

/* Folded, the details are another screen; side by side they are already
 * shown, and navigating would move the focus away from the list. */
void
mr_departments_page_show_details_if_folded (MrDepartmentsPage *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->details);
}

static void
search_changed_cb (MrDepartmentsPage *self)
{
  g_free (self->search_key);
  self->search_key = mr_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  self->refreshing = TRUE;
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filtered),
                      GTK_FILTER_CHANGE_DIFFERENT);
  if (self->selected_id != NULL)
    mr_list_box_select_by_data (self->list_box, "department-id", self->selected_id, FALSE);
  self->refreshing = FALSE;
  update_list_stack (self);
}

static void
search_activate_cb (MrDepartmentsPage *self)
{
  GtkListBoxRow *row = NULL;

  /* GtkSearchEntry delays ::search-changed; Enter may come first. */
  search_changed_cb (self);

  /* Enter in the search opens the best match, like Settings does. */
  if (self->search_key == NULL || *self->search_key == '\0')
    row = gtk_list_box_get_selected_row (self->list_box);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->list_box, 0);
  if (row == NULL)
    return;
  gtk_list_box_select_row (self->list_box, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  mr_departments_page_show_details_if_folded (self);
}

static void
search_stop_cb (MrDepartmentsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
row_selected_cb (MrDepartmentsPage *self, GtkListBoxRow *row)
{
  if (self->refreshing || row == NULL)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (g_object_get_data (G_OBJECT (row), "department-id"));
  update_details (self);
}

static void
row_activated_cb (MrDepartmentsPage *self, GtkListBoxRow *row)
{
  mr_departments_page_show_details_if_folded (self);
}

static void
back_clicked_cb (MrDepartmentsPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
folded_changed_cb (MrDepartmentsPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), adw_leaflet_get_folded (self->leaflet));
}

/* Details */

static void
update_members_label (MrDepartmentsPage *self)
{
  guint n = self->members ? g_list_model_get_n_items (G_LIST_MODEL (self->members)) : 0;
  g_autofree char *text = g_strdup_printf (ngettext ("%u Member", "%u Members", n), n);

  gtk_label_set_text (self->members_label, text);
  gtk_stack_set_visible_child_name (self->members_stack, n > 0 ? "list" : "empty");
}

static void
update_key_contact (MrDepartmentsPage *self)
{
  const char *key_id = mr_department_get_key_contact_id (self->selected);
  g_autoptr (MrContact) key = key_id ? mr_store_get_contact (self->store, key_id) : NULL;

  if (key != NULL)
    {
      const char *email = mr_contact_get_email (key);
      const char *phone = mr_contact_get_phone (key);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                     mr_contact_get_display_name (key));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->key_row),
                                   email ? email : (phone ? phone : ""));
      adw_avatar_set_text (self->key_avatar, mr_contact_get_display_name (key));
      adw_avatar_set_show_initials (self->key_avatar, TRUE);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _ ("No key contact"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->key_row),
                                   _ ("Choose one with the star next to a member."));
      adw_avatar_set_text (self->key_avatar, NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->key_clear_button), key != NULL);
}

static void
update_actions (MrDepartmentsPage *self)
{
  gboolean has = self->selected != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "departments.rename", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "departments.delete", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "departments.pick-member", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "departments.add-member", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "departments.remove-member", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "departments.set-key-contact", has);
}

static void
update_details (MrDepartmentsPage *self)
{
  g_autoptr (MrDepartment) d = find_department (self, self->selected_id, NULL);
  /* Only the key contact changes what the member rows show (a star);
   * another department re-reads the members anyway. */
  gboolean key_changed =
    d != NULL && self->selected != NULL &&
    g_strcmp0 (mr_department_get_id (self->selected), mr_department_get_id (d)) == 0 &&
    g_strcmp0 (mr_department_get_key_contact_id (self->selected),
               mr_department_get_key_contact_id (d)) != 0;

  g_set_object (&self->selected, d);
  update_actions (self);

  if (d == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      if (adw_leaflet_get_folded (self->leaflet))
        adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
      return;
    }

  gtk_label_set_text (self->title_label, mr_department_get_name (d));
  gtk_stack_set_visible_child_name (self->details_stack, "details");
  update_key_contact (self);

  if (self->members == NULL)
    {
      self->members = mr_contact_list_new (self->store);
      mr_contact_list_set_department_id (self->members, mr_department_get_id (d));
      g_signal_connect_object (self->members, "notify::n-items", G_CALLBACK (update_members_label),
                               self, G_CONNECT_SWAPPED);
      /* No selection until the user moves to a member: the first one is
       * nothing special. The model is set last, or it would be selected. */
      self->members_selection = gtk_single_selection_new (NULL);
      gtk_single_selection_set_autoselect (self->members_selection, FALSE);
      gtk_single_selection_set_can_unselect (self->members_selection, TRUE);
      gtk_single_selection_set_model (self->members_selection, G_LIST_MODEL (self->members));
      gtk_list_view_set_model (self->members_view, GTK_SELECTION_MODEL (self->members_selection));
    }
  else
    {
      mr_contact_list_set_department_id (self->members, mr_department_get_id (d));
      if (key_changed)
        mr_contact_list_refresh (self->members);
    }
  update_members_label (self);
}

/* Actions */

static gboolean
create_department_cb (MrNameDialog *dialog, MrDepartmentsPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  GVariantDict args;

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "name", "s", mr_name_dialog_get_name (dialog));
  if (!mr_store_apply (self->store, "department.create", g_variant_dict_end (&args), &id, &error))
    {
      mr_name_dialog_set_error (dialog, error);
      return FALSE;
    }

  /* Show the new department at once rather than on the next idle, so it
   * can be selected and its (empty) members shown. */
  g_free (self->selected_id);
  self->selected_id = g_steal_pointer (&id);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  mr_departments_page_refresh (self);
  mr_list_box_select_by_data (self->list_box, "department-id", self->selected_id, TRUE);
  mr_departments_page_show_details_if_folded (self);
  return TRUE;
}

static void
add_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (widget);
  MrNameDialog *dialog = mr_name_dialog_new (widget, _ ("New Department"), NULL, _ ("_Add"), FALSE);

  g_signal_connect_object (dialog, "save", G_CALLBACK (create_department_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
rename_department_cb (MrNameDialog *dialog, MrDepartmentsPage *self)
{
  g_autoptr (GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (dialog), "department-id");
  GVariantDict args;

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "id", "s", id);
  g_variant_dict_insert (&args, "name", "s", mr_name_dialog_get_name (dialog));
  if (!mr_store_apply (self->store, "department.rename", g_variant_dict_end (&args), NULL, &error))
    {
      mr_name_dialog_set_error (dialog, error);
      return FALSE;
    }
  mr_departments_page_refresh (self);
  return TRUE;
}

static void
rename_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (widget);
  MrNameDialog *dialog;

  if (self->selected == NULL)
    return;
  dialog = mr_name_dialog_new (widget, _ ("Rename Department"), NULL, _ ("_Rename"), FALSE);
  mr_name_dialog_set_name (dialog, mr_department_get_name (self->selected));
  g_object_set_data_full (G_OBJECT (dialog), "department-id",
                          g_strdup (mr_department_get_id (self->selected)), g_free);
  g_signal_connect_object (dialog, "save", G_CALLBACK (rename_department_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The ids of the members that department.delete detached, as it journaled
 * them. Read from the journal rather than from a contact list because the
 * list hides other users' private contacts, and Undo must bring back every
 * member. */
static GVariant *
read_detached_members (MrDepartmentsPage *self, const char *department_id)
{
  g_autoptr (GPtrArray) history = mr_store_list_history (self->store, department_id, 1);
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (JsonNode) node = NULL;
  const char *name = NULL;
  const char *json = NULL;
  JsonArray *array = NULL;

  if (history->len > 0)
    {
      GVariant *entry = g_ptr_array_index (history, 0);

      g_variant_lookup (entry, "name", "&s", &name);
      g_variant_lookup (entry, "args", "&s", &json);
    }
  if (g_strcmp0 (name, "department.delete") == 0 && json != NULL)
    node = json_from_string (json, NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (json_node_get_object (node), "detached_members"))
    array = json_object_get_array_member (json_node_get_object (node), "detached_members");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (ids, (gpointer) json_array_get_string_element (array, i));
  return g_variant_new_strv ((const char *const *) ids->pdata, ids->len);
}

static void
delete_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (widget);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrDepartment) d = NULL;
  g_autofree char *title = NULL;
  GVariantDict args;
  GVariantDict undo;
  guint position = 0;

  if (self->selected == NULL)
    return;
  d = g_object_ref (self->selected);
  find_department (self, mr_department_get_id (d), &position);

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "id", "s", mr_department_get_id (d));
  if (!mr_store_apply (self->store, "department.delete", g_variant_dict_end (&args), NULL, &error))
    {
      g_autofree char *heading =
        g_strdup_printf (_ ("Cannot Delete “%s”"), mr_department_get_name (d));

      mr_departments_page_show_error (self, heading, error);
      return;
    }

  g_variant_dict_init (&undo, NULL);
  g_variant_dict_insert (&undo, "id", "s", mr_department_get_id (d));
  g_variant_dict_insert_value (&undo, "members",
                               read_detached_members (self, mr_department_get_id (d)));

  /* Select the neighbour, so that Delete pressed again goes on down the
   * list as in a file manager. */
  g_clear_pointer (&self->selected_id, g_free);
  mr_departments_page_refresh (self);
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->departments));

    if (n > 0)
      {
        g_autoptr (MrDepartment) next =
          g_list_model_get_item (G_LIST_MODEL (self->departments), MIN (position, n - 1));

        self->selected_id = g_strdup (mr_department_get_id (next));
        mr_list_box_select_by_data (self->list_box, "department-id", self->selected_id, TRUE);
        update_details (self);
      }
  }

  title = g_markup_printf_escaped (_ ("Department “%s” deleted"), mr_department_get_name (d));
  mr_widget_add_toast (GTK_WIDGET (self),
                       mr_undo_toast_new (title, "department.restore", g_variant_dict_end (&undo)));
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_export_task_choose_file (widget, MR_DEPARTMENTS_PAGE (widget)->store,
                              MR_EXPORT_WHAT_DEPARTMENTS, NULL);
}

/* GObject */

static void
mr_departments_page_constructed (GObject *object)
{
  MrDepartmentsPage *self = (MrDepartmentsPage *) object;

  G_OBJECT_CLASS (mr_departments_page_parent_class)->constructed (object);

  g_return_if_fail (MR_IS_STORE (self->store));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  mr_departments_page_refresh (self);
}

static void
mr_departments_page_dispose (GObject *object)
{
  MrDepartmentsPage *self = (MrDepartmentsPage *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->candidates_view != NULL)
    gtk_list_view_set_model (self->candidates_view, NULL);
  if (self->members_view != NULL)
    gtk_list_view_set_model (self->members_view, NULL);
  g_clear_object (&self->candidates_selection);
  g_clear_object (&self->candidates);
  g_clear_object (&self->members_selection);
  g_clear_object (&self->members);
  g_clear_object (&self->filtered);
  g_clear_object (&self->departments);
  g_clear_object (&self->selected);
  G_OBJECT_CLASS (mr_departments_page_parent_class)->dispose (object);
}

static void
mr_departments_page_finalize (GObject *object)
{
  MrDepartmentsPage *self = (MrDepartmentsPage *) object;

  g_clear_object (&self->store);
  g_free (self->search_key);
  g_free (self->selected_id);
  G_OBJECT_CLASS (mr_departments_page_parent_class)->finalize (object);
}

static void
mr_departments_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_departments_page_set_property (GObject *object,
                                  guint prop_id,
                                  const GValue *value,
                                  GParamSpec *pspec)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The page's first control for a keyboard user is its search entry: the
 * window gives the focus there when the page is shown. */
static gboolean
mr_departments_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MR_DEPARTMENTS_PAGE (widget)->search_entry));
}

static void
mr_departments_page_class_init (MrDepartmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = mr_departments_page_grab_focus;
  object_class->constructed = mr_departments_page_constructed;
  object_class->dispose = mr_departments_page_dispose;
  object_class->finalize = mr_departments_page_finalize;
  object_class->get_property = mr_departments_page_get_property;
  object_class->set_property = mr_departments_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-departments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, details);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, key_avatar);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, key_clear_button);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, members_label);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, add_member_button);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, add_member_popover);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, member_search_entry);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, candidates_stack);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, candidates_view);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, members_stack);
  gtk_widget_class_bind_template_child (widget_class, MrDepartmentsPage, members_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  gtk_widget_class_install_action (widget_class, "departments.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "departments.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "departments.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "departments.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "departments.export", NULL, export_action);
  mr_departments_page_members_class_init (widget_class);

  /* While focus is in the page; Ctrl+N also works from anywhere in the
   * window while the page is shown (see init). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "departments.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "departments.pick-member", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mr_departments_page_init (MrDepartmentsPage *self)
{
  GtkEventController *controller;
  GtkShortcut *shortcut;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->departments = g_list_store_new (MR_TYPE_DEPARTMENT);
  self->filtered =
    gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->departments)),
                               GTK_FILTER (gtk_custom_filter_new (department_matches, self, NULL)));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered), create_department_row,
                           self, NULL);

  mr_departments_page_members_init (self);
  /* Typing in the list filters it, as in Settings. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, self->sidebar);

  /* Delete on the department list deletes the department (there is Undo);
   * on the member list it removes the member. Bound to the lists, not the
   * page, so Delete in a search entry still edits the text. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                      gtk_named_action_new ("departments.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_box), controller);

  /* Managed scope: handled by the window whatever has the focus, but only
   * while the page is mapped, i.e. the visible page of the view stack. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_n, GDK_CONTROL_MASK),
                               gtk_named_action_new ("departments.add"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                               gtk_named_action_new ("departments.search"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->key_clear_button), "s", "");
  folded_changed_cb (self);
}

GtkWidget *
mr_departments_page_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_DEPARTMENTS_PAGE, "store", store, NULL);
}

MrStore *
mr_departments_page_get_store (MrDepartmentsPage *self)
{
  g_return_val_if_fail (MR_IS_DEPARTMENTS_PAGE (self), NULL);
  return self->store;
}

/**
 * mr_departments_page_select:
 * @id: (nullable): a department id
 *
 * Shows the department with @id, e.g. when another page links to it.
 *
 * Returns: whether the department exists
 */
gboolean
mr_departments_page_select (MrDepartmentsPage *self, const char *id)
{
  g_autoptr (MrDepartment) d = NULL;

  g_return_val_if_fail (MR_IS_DEPARTMENTS_PAGE (self), FALSE);

  d = find_department (self, id, NULL);
  if (d == NULL)
    return FALSE;
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  if (!mr_list_box_select_by_data (self->list_box, "department-id", id, FALSE))
    update_details (self);
  return TRUE;
}

const char *
mr_departments_page_get_selected_id (MrDepartmentsPage *self)
{
  g_return_val_if_fail (MR_IS_DEPARTMENTS_PAGE (self), NULL);
  return self->selected ? mr_department_get_id (self->selected) : NULL;
}
