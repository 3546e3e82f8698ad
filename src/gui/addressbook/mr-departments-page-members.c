/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-departments-page"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-contact-list.h"
#include "mr-departments-page-private.h"
#include "mr-records.h"
#include "mr-text.h"
#include "widgets/mr-gui-utils.h"

/* The members half of the Departments page: the member list with its key
 * contact star and remove button, the Add Member popover and the member
 * actions. */

/* Member rows: avatar, name, email, a star to make them the key contact
 * and a button to take them out of the department. */

static void
member_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, MrDepartmentsPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *avatar = adw_avatar_new (32, NULL, TRUE);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *second_line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *badge = gtk_label_new (_ ("Key contact"));
  GtkWidget *star = gtk_button_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (badge, "accent");
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_widget_set_valign (star, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (star, "flat");
  /* A target before the name: the action takes a string. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (star), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (star), "departments.set-key-contact");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _ ("Remove from Department"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "departments.remove-member");

  /* The badge goes on the second line, so that a narrow window squeezes
   * the email rather than the name. */
  gtk_box_append (GTK_BOX (second_line), badge);
  gtk_box_append (GTK_BOX (second_line), subtitle);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), second_line);
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), star);
  gtk_box_append (GTK_BOX (box), remove);

  g_object_set_data (G_OBJECT (box), "avatar", avatar);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (box), "badge", badge);
  g_object_set_data (G_OBJECT (box), "star", star);
  g_object_set_data (G_OBJECT (box), "remove", remove);
  gtk_list_item_set_child (item, box);
}

static void
member_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, MrDepartmentsPage *self)
{
  MrContact *contact = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *star = g_object_get_data (G_OBJECT (box), "star");
  GtkWidget *remove = g_object_get_data (G_OBJECT (box), "remove");
  const char *id;
  const char *name;
  const char *detail;
  gboolean is_key;
  g_autofree char *star_label = NULL;
  g_autofree char *remove_label = NULL;

  if (contact == NULL)
    return;
  id = mr_contact_get_id (contact);
  name = mr_contact_get_display_name (contact);
  detail = mr_contact_get_email (contact);
  if (detail == NULL)
    detail = mr_contact_get_phone (contact);
  is_key = self->selected != NULL &&
           g_strcmp0 (mr_department_get_key_contact_id (self->selected), id) == 0;

  adw_avatar_set_text (g_object_get_data (G_OBJECT (box), "avatar"), name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "name"), name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "subtitle"), detail ? detail : "");
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (box), "subtitle"), detail != NULL);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (box), "badge"), is_key);

  /* The star toggles: on the key contact it clears the choice. */
  gtk_button_set_icon_name (GTK_BUTTON (star),
                            is_key ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (star, is_key ? _ ("Remove Key Contact") : _ ("Set as Key Contact"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (star), "s", is_key ? "" : id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", id);

  star_label = is_key ? g_strdup_printf (_ ("Remove %s as key contact"), name)
                      : g_strdup_printf (_ ("Set %s as key contact"), name);
  remove_label = g_strdup_printf (_ ("Remove %s from the department"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL, star_label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
}

/* Add member: a popover searching the whole address book. */

static void
candidate_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, MrDepartmentsPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), subtitle);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  gtk_list_item_set_child (item, box);
}

static void
candidate_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, MrDepartmentsPage *self)
{
  MrContact *contact = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  const char *dept_id;
  const char *dept_name;
  const char *email;
  g_autofree char *subtitle = NULL;

  if (contact == NULL)
    return;
  dept_id = mr_contact_get_department_id (contact);
  dept_name = mr_contact_get_department_name (contact);
  email = mr_contact_get_email (contact);

  /* Adding moves a contact out of its current department: say so. */
  if (self->selected != NULL && g_strcmp0 (dept_id, mr_department_get_id (self->selected)) == 0)
    subtitle = g_strdup (_ ("Already a member"));
  else if (dept_name != NULL && *dept_name != '\0')
    subtitle = g_strdup_printf (_ ("Currently in %s"), dept_name);
  else
    subtitle = g_strdup (email ? email : "");

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "name"),
                      mr_contact_get_display_name (contact));
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "subtitle"), subtitle);
}

static void
update_candidates_stack (MrDepartmentsPage *self)
{
  guint n = self->candidates ? g_list_model_get_n_items (G_LIST_MODEL (self->candidates)) : 0;

  gtk_stack_set_visible_child_name (self->candidates_stack, n > 0 ? "list" : "empty");
}

static void
add_member_popover_show_cb (MrDepartmentsPage *self)
{
  /* Created on demand: a list over the whole address book costs a query on
   * every change while it exists. */
  if (self->candidates == NULL)
    {
      self->candidates = mr_contact_list_new (self->store);
      g_signal_connect_object (self->candidates, "notify::n-items",
                               G_CALLBACK (update_candidates_stack), self, G_CONNECT_SWAPPED);
      self->candidates_selection =
        gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->candidates)));
      gtk_list_view_set_model (self->candidates_view,
                               GTK_SELECTION_MODEL (self->candidates_selection));
    }
  mr_contact_list_set_search (self->candidates,
                              gtk_editable_get_text (GTK_EDITABLE (self->member_search_entry)));
  update_candidates_stack (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->member_search_entry));
}

static void
add_member_popover_closed_cb (MrDepartmentsPage *self)
{
  gtk_list_view_set_model (self->candidates_view, NULL);
  g_clear_object (&self->candidates_selection);
  g_clear_object (&self->candidates);
  gtk_editable_set_text (GTK_EDITABLE (self->member_search_entry), "");
}

static void
member_search_changed_cb (MrDepartmentsPage *self)
{
  if (self->candidates == NULL)
    return;
  mr_contact_list_set_search (self->candidates,
                              gtk_editable_get_text (GTK_EDITABLE (self->member_search_entry)));
  update_candidates_stack (self);
}

static void
add_candidate (MrDepartmentsPage *self, MrContact *contact)
{
  if (contact == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "departments.add-member", "s",
                              mr_contact_get_id (contact));
  gtk_popover_popdown (self->add_member_popover);
}

static void
member_search_activate_cb (MrDepartmentsPage *self)
{
  if (self->candidates_selection == NULL)
    return;
  /* The search may not have run yet for the last keys typed. */
  member_search_changed_cb (self);
  add_candidate (self, gtk_single_selection_get_selected_item (self->candidates_selection));
}

static void
candidate_activate_cb (MrDepartmentsPage *self, guint position)
{
  g_autoptr (MrContact) contact = NULL;

  if (self->candidates == NULL)
    return;
  contact = g_list_model_get_item (G_LIST_MODEL (self->candidates), position);
  add_candidate (self, contact);
}

static gboolean
member_search_key_cb (MrDepartmentsPage *self,
                      guint keyval,
                      guint keycode,
                      GdkModifierType state,
                      GtkEventControllerKey *controller)
{
  /* Down from the search goes into the results, as in GNOME Shell. */
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && self->candidates != NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->candidates)) > 0)
    return gtk_widget_child_focus (GTK_WIDGET (self->candidates_view), GTK_DIR_TAB_FORWARD);
  return FALSE;
}

static void
pick_member_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (widget);

  if (self->selected == NULL)
    return;
  mr_departments_page_show_details_if_folded (self);
  gtk_menu_button_popup (self->add_member_button);
}

static void
add_member_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (widget);
  const char *contact_id = g_variant_get_string (param, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrContact) contact = mr_store_get_contact (self->store, contact_id);
  g_autofree char *previous = NULL;
  g_autofree char *title = NULL;
  GVariantDict args;
  GVariantDict undo;

  if (self->selected == NULL || contact == NULL)
    return;
  if (g_strcmp0 (mr_contact_get_department_id (contact), mr_department_get_id (self->selected)) ==
      0)
    return; /* already a member: nothing to do, nothing to journal */
  previous = g_strdup (mr_contact_get_department_id (contact));

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "id", "s", mr_department_get_id (self->selected));
  g_variant_dict_insert (&args, "contact_id", "s", contact_id);
  if (!mr_store_apply (self->store, "department.add_member", g_variant_dict_end (&args), NULL,
                       &error))
    {
      mr_departments_page_show_error (self, _ ("Cannot Add the Member"), error);
      return;
    }

  /* Undo puts the contact back where they were: in their previous
   * department, or in none. */
  g_variant_dict_init (&undo, NULL);
  g_variant_dict_insert (&undo, "contact_id", "s", contact_id);
  if (previous != NULL)
    g_variant_dict_insert (&undo, "id", "s", previous);
  else
    g_variant_dict_insert (&undo, "id", "s", mr_department_get_id (self->selected));
  title = g_markup_printf_escaped (_ ("%s added to “%s”"), mr_contact_get_display_name (contact),
                                   mr_department_get_name (self->selected));
  mr_widget_add_toast (
    GTK_WIDGET (self),
    mr_undo_toast_new (title, previous ? "department.add_member" : "department.remove_member",
                       g_variant_dict_end (&undo)));
}

typedef struct
{
  MrStore *store;
  char *department_id;
  char *contact_id;
} KeyUndo;

static void
key_undo_free (gpointer data)
{
  KeyUndo *k = data;

  g_object_unref (k->store);
  g_free (k->department_id);
  g_free (k->contact_id);
  g_free (k);
}

static void
restore_key_contact_cb (AdwToast *toast, KeyUndo *k)
{
  g_autoptr (GError) error = NULL;
  GVariantDict args;

  /* win.undo re-adds the member; it was the key contact too. */
  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "id", "s", k->department_id);
  g_variant_dict_insert (&args, "key_contact_id", "s", k->contact_id);
  if (!mr_store_apply (k->store, "department.set_key_contact", g_variant_dict_end (&args), NULL,
                       &error))
    g_warning ("Cannot restore the key contact: %s", error->message);
}

static void
remove_member_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (widget);
  const char *contact_id = g_variant_get_string (param, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrContact) contact = mr_store_get_contact (self->store, contact_id);
  g_autoptr (MrDepartment) d = self->selected ? g_object_ref (self->selected) : NULL;
  g_autofree char *title = NULL;
  gboolean was_key;
  AdwToast *toast;
  GVariantDict args;
  GVariantDict undo;

  if (d == NULL || contact == NULL)
    return;
  was_key = g_strcmp0 (mr_department_get_key_contact_id (d), contact_id) == 0;

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "id", "s", mr_department_get_id (d));
  g_variant_dict_insert (&args, "contact_id", "s", contact_id);
  if (!mr_store_apply (self->store, "department.remove_member", g_variant_dict_end (&args), NULL,
                       &error))
    {
      mr_departments_page_show_error (self, _ ("Cannot Remove the Member"), error);
      return;
    }

  g_variant_dict_init (&undo, NULL);
  g_variant_dict_insert (&undo, "id", "s", mr_department_get_id (d));
  g_variant_dict_insert (&undo, "contact_id", "s", contact_id);
  title = g_markup_printf_escaped (
    _ ("%s removed from “%s”"), mr_contact_get_display_name (contact), mr_department_get_name (d));
  toast = mr_undo_toast_new (title, "department.add_member", g_variant_dict_end (&undo));
  if (was_key)
    {
      KeyUndo *k = g_new0 (KeyUndo, 1);

      k->store = g_object_ref (self->store);
      k->department_id = g_strdup (mr_department_get_id (d));
      k->contact_id = g_strdup (contact_id);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (restore_key_contact_cb), k,
                             (GClosureNotify) (void (*) (void)) key_undo_free, 0);
    }
  mr_widget_add_toast (GTK_WIDGET (self), toast);
}

static void
set_key_contact_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrDepartmentsPage *self = MR_DEPARTMENTS_PAGE (widget);
  const char *contact_id = g_variant_get_string (param, NULL);
  g_autoptr (GError) error = NULL;
  GVariantDict args;

  if (self->selected == NULL)
    return;
  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "id", "s", mr_department_get_id (self->selected));
  g_variant_dict_insert (&args, "key_contact_id", "s", contact_id);
  if (!mr_store_apply (self->store, "department.set_key_contact", g_variant_dict_end (&args), NULL,
                       &error))
    {
      mr_departments_page_show_error (self, _ ("Cannot Change the Key Contact"), error);
      return;
    }
  mr_departments_page_refresh (self);
}

static gboolean
delete_member_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  MrDepartmentsPage *self = user_data;
  MrContact *contact;

  if (self->members_selection == NULL)
    return FALSE;
  contact = gtk_single_selection_get_selected_item (self->members_selection);
  if (contact == NULL)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "departments.remove-member", "s",
                              mr_contact_get_id (contact));
  return TRUE;
}

/* Set-up of the member half of the page, called from the page's class_init
 * and init. */
void
mr_departments_page_members_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, add_member_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_member_popover_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, candidate_activate_cb);

  gtk_widget_class_install_action (widget_class, "departments.pick-member", NULL,
                                   pick_member_action);
  gtk_widget_class_install_action (widget_class, "departments.add-member", "s", add_member_action);
  gtk_widget_class_install_action (widget_class, "departments.remove-member", "s",
                                   remove_member_action);
  gtk_widget_class_install_action (widget_class, "departments.set-key-contact", "s",
                                   set_key_contact_action);
}

void
mr_departments_page_members_init (MrDepartmentsPage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *controller;

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (member_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (member_bind_cb), self);
  gtk_list_view_set_factory (self->members_view, factory);
  g_object_unref (factory);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (candidate_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (candidate_bind_cb), self);
  gtk_list_view_set_factory (self->candidates_view, factory);
  g_object_unref (factory);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (member_search_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->member_search_entry), controller);
  gtk_search_entry_set_key_capture_widget (self->member_search_entry,
                                           GTK_WIDGET (self->add_member_popover));

  /* Delete on the member list removes the member (there is Undo). */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                      gtk_callback_action_new (delete_member_key_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->members_view), controller);
}
