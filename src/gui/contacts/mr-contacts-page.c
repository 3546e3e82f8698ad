/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contacts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "import/mr-export-task.h"
#include "mr-contact-details.h"
#include "mr-contact-row.h"
#include "mr-contacts-page.h"
#include "widgets/mr-gui-utils.h"
#include "widgets/mr-split-model.h"

/* The Contacts section: a searchable list beside the selected contact's
 * details, folding into one column on narrow windows.
 *
 * The list is an MrContactList into a GtkSingleSelection: it pages from
 * SQLite, so 100,000 contacts cost what is on screen. Nothing may wrap it in
 * a sort or filter model, which would read every item; search and sort are
 * done by the list itself in SQL. The only wrapper, MrSplitModel, passes
 * items through and keeps GTK from reading every item after a change.
 *
 * Each store change makes the list re-read (items-changed over everything),
 * with new MrContact objects, so GtkSingleSelection loses the selection; the
 * page remembers the selected id and selects it again. */

struct _MrContactsPage
{
  AdwBin parent_instance;

  /* template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkSearchEntry *search_entry;
  GtkMenuButton *sort_button;
  GMenuModel *sort_menu;
  GtkLabel *count_label;
  GtkStack *list_stack;
  GtkListView *list_view;
  AdwBin *details_bin;

  /* Built on the first selection: start-up shows only the list. */
  MrContactDetails *details;

  /* owned */
  MrStore *store;
  GSettings *settings;
  MrContactList *contacts;
  MrSplitModel *split;
  GtkSingleSelection *selection;
  char *selected_id;
  char *last_deleted_id;
  gboolean refreshing;
  gboolean first_paint_hooked;

  /* borrowed (weak) */
  MrContactEditor *editor;
  AdwToast *last_toast;
};

G_DEFINE_FINAL_TYPE (MrContactsPage, mr_contacts_page, ADW_TYPE_BIN)

/* Rows on the tallest screen (2160 px at about 50 px a row), for a
 * maximised window whose height is not known yet. */
#define FIRST_SCREEN_ROWS_MAX 44
#define ROW_HEIGHT_ESTIMATE 48

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *key;
  MrContactSort sort;
  const char *icon_name;
} sort_keys[] = {
  { "name", MR_CONTACT_SORT_NAME, "view-sort-ascending-symbolic" },
  { "name-desc", MR_CONTACT_SORT_NAME_DESC, "view-sort-descending-symbolic" },
  { "recent", MR_CONTACT_SORT_RECENT, "document-open-recent-symbolic" },
};

static void
show_toast (MrContactsPage *self, AdwToast *toast)
{
  g_set_weak_pointer (&self->last_toast, toast);
  mr_widget_add_toast (GTK_WIDGET (self), toast);
}

static void
show_error_toast (MrContactsPage *self, const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  show_toast (self, adw_toast_new (escaped));
}

static void
update_state (MrContactsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->contacts));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean searching = search[0] != '\0';
  g_autofree char *count = NULL;

  if (searching && mr_contact_list_get_truncated (self->contacts))
    /* Translators: a search matched too many contacts to list them all. */
    count = g_strdup_printf (_ ("First %u results — type more to narrow the search"), n);
  else if (searching)
    count = g_strdup_printf (ngettext ("%u result", "%u results", n), n);
  else
    count = g_strdup_printf (ngettext ("%u contact", "%u contacts", n), n);
  gtk_label_set_label (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), searching || n > 0);

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else
    gtk_stack_set_visible_child_name (self->list_stack, searching ? "no-results" : "empty");
}

static void
update_details (MrContactsPage *self)
{
  MrContact *contact = gtk_single_selection_get_selected_item (self->selection);

  if (contact != NULL && self->details == NULL)
    {
      self->details = g_object_new (MR_TYPE_CONTACT_DETAILS, "store", self->store, NULL);
      g_object_bind_property (self->leaflet, "folded", self->details, "show-back-button",
                              G_BINDING_SYNC_CREATE);
      adw_bin_set_child (self->details_bin, GTK_WIDGET (self->details));
    }
  if (self->details != NULL)
    mr_contact_details_set_contact (self->details, contact);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.edit", contact != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.delete", contact != NULL);
}

static void
selection_changed_cb (MrContactsPage *self)
{
  MrContact *contact;

  if (self->refreshing)
    return;

  contact = gtk_single_selection_get_selected_item (self->selection);
  g_free (self->selected_id);
  self->selected_id = contact ? g_strdup (mr_contact_get_id (contact)) : NULL;
  update_details (self);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet,
                                   contact ? GTK_WIDGET (self->details_bin) : self->sidebar);
}

static void
list_items_changed_before_cb (MrContactsPage *self)
{
  self->refreshing = TRUE;
}

static void
list_items_changed_after_cb (MrContactsPage *self)
{
  guint position;

  /* The first half of a split replacement: wait for the second. */
  if (!mr_split_model_is_settled (self->split))
    return;
  self->refreshing = FALSE;
  if (self->selected_id != NULL &&
      mr_contact_list_find (self->contacts, self->selected_id, &position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  else
    g_clear_pointer (&self->selected_id, g_free);
  update_details (self);
  update_state (self);

  if (self->selected_id == NULL && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
apply_sort (MrContactsPage *self)
{
  g_autofree char *key = g_settings_get_string (self->settings, "contact-sort");

  for (guint i = 0; i < G_N_ELEMENTS (sort_keys); i++)
    if (g_str_equal (key, sort_keys[i].key))
      {
        mr_contact_list_set_sort (self->contacts, sort_keys[i].sort);
        gtk_menu_button_set_icon_name (self->sort_button, sort_keys[i].icon_name);
        return;
      }
  mr_contact_list_set_sort (self->contacts, MR_CONTACT_SORT_NAME);
}

static void
search_changed_cb (MrContactsPage *self)
{
  mr_contact_list_set_search (self->contacts,
                              gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_state (self);
}

static void
stop_search_cb (MrContactsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
search_activate_cb (MrContactsPage *self)
{
  /* Enter in the search: take the first result and go to the list. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->contacts)) == 0)
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

/* List rows */

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  gtk_list_item_set_child (item, mr_contact_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  mr_contact_row_set_contact (MR_CONTACT_ROW (gtk_list_item_get_child (item)),
                              gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  mr_contact_row_set_contact (MR_CONTACT_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Adding, editing, deleting */

static void
editor_saved_cb (MrContactEditor *editor, const char *id, gboolean created, MrContactsPage *self)
{
  g_autoptr (MrContact) saved = mr_store_get_contact (self->store, id);
  g_autofree char *title = NULL;
  const char *name = saved ? mr_contact_get_display_name (saved) : "";
  AdwToast *toast;
  GtkWidget *focus;
  GtkRoot *root;

  if (created)
    {
      /* Translators: a toast; %s is a contact's name */
      title = g_strdup_printf (_ ("“%s” added"), name);
      toast =
        mr_undo_toast_new (title, "contact.delete", g_variant_new_parsed ("{'id': <%s>}", id));
    }
  else
    {
      /* Translators: a toast; %s is a contact's name */
      title = g_strdup_printf (_ ("“%s” updated"), name);
      toast = mr_undo_toast_new (title, "contact.set",
                                 mr_contact_to_variant (mr_contact_editor_get_contact (editor)));
    }
  show_toast (self, toast);

  /* The search may hide what was just saved: show it rather than lose it. */
  if (!mr_contacts_page_select_contact (self, id))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      mr_contacts_page_select_contact (self, id);
    }
  /* The list re-read drops the row that had the focus, and the window would
   * hand the focus to the view switcher, where the page's shortcuts (Ctrl+F,
   * Ctrl+E, Delete) do nothing until a click: keep the keyboard on the page. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
open_editor (MrContactsPage *self, MrContact *contact)
{
  MrContactEditor *editor;
  GtkRoot *root;

  if (self->editor != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->editor));
      return;
    }

  editor = mr_contact_editor_new (self->store, contact);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  g_set_weak_pointer (&self->editor, editor);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  open_editor (MR_CONTACTS_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrContactsPage *self = MR_CONTACTS_PAGE (widget);
  MrContact *contact = gtk_single_selection_get_selected_item (self->selection);

  if (contact != NULL)
    open_editor (self, contact);
}

static void
delete_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrContactsPage *self = MR_CONTACTS_PAGE (widget);
  MrContact *contact = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;

  if (contact == NULL)
    return;

  id = g_strdup (mr_contact_get_id (contact));
  /* Translators: a toast; %s is a contact's name */
  title = g_strdup_printf (_ ("“%s” deleted"), mr_contact_get_display_name (contact));
  if (!mr_store_apply (self->store, "contact.delete", g_variant_new_parsed ("{'id': <%s>}", id),
                       NULL, &error))
    {
      show_error_toast (self, error);
      return;
    }

  g_free (self->last_deleted_id);
  self->last_deleted_id = g_strdup (id);
  show_toast (
    self, mr_undo_toast_new (title, "contact.restore", g_variant_new_parsed ("{'id': <%s>}", id)));
}

static void
store_changed_cb (MrContactsPage *self, const char *entity, const char *id)
{
  g_autoptr (MrContact) contact = NULL;

  /* An undone delete: select the contact again once the list has it. The
   * store announces a change per kind of record, not always with its id. */
  if (self->last_deleted_id == NULL || g_strcmp0 (entity, "contact") != 0)
    return;
  contact = mr_store_get_contact (self->store, self->last_deleted_id);
  if (contact != NULL)
    {
      g_free (self->selected_id);
      self->selected_id = g_steal_pointer (&self->last_deleted_id);
    }
}

static void
list_activate_cb (MrContactsPage *self, guint position)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  edit_action (GTK_WIDGET (self), "contacts.edit", NULL);
}

/* The search entry captures the keys typed anywhere on the page (so typing
 * in the list searches), and Delete with them: the entry would swallow it and
 * the Delete shortcut would never reach the page. In the list, Delete means
 * deleting the selected contact, so take it before the entry does. */
static gboolean
page_key_pressed_cb (MrContactsPage *self, guint keyval, guint keycode, GdkModifierType state)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete)
    return GDK_EVENT_PROPAGATE;
  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_activate_action (GTK_WIDGET (self), "contacts.delete", NULL);
  return GDK_EVENT_STOP;
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrContactsPage *self = MR_CONTACTS_PAGE (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Exports what the list shows: with the search typed, the file has the
 * contacts it finds. */
static void
export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrContactsPage *self = MR_CONTACTS_PAGE (widget);
  MrExportFilter filter = { mr_contact_list_get_search (self->contacts), NULL, NULL };

  mr_export_task_choose_file (widget, self->store, MR_EXPORT_WHAT_CONTACTS, &filter);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrContactsPage *self = MR_CONTACTS_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Once the first frame that shows the list is out: all the rows. */
static gboolean
lift_limit_cb (gpointer data)
{
  MrContactsPage *self = data;

  mr_split_model_set_limit (self->split, G_MAXUINT);
  return G_SOURCE_REMOVE;
}

static void
first_paint_cb (GdkFrameClock *clock, MrContactsPage *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, lift_limit_cb, g_object_ref (self), g_object_unref);
}

static void
mr_contacts_page_map (GtkWidget *widget)
{
  MrContactsPage *self = MR_CONTACTS_PAGE (widget);

  GTK_WIDGET_CLASS (mr_contacts_page_parent_class)->map (widget);
  if (!self->first_paint_hooked)
    {
      self->first_paint_hooked = TRUE;
      g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                               G_CALLBACK (first_paint_cb), self, 0);
    }
  /* Ready to type a name as soon as the section shows. */
  if (self->editor == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The rows the first frame can show: the window opens at its saved size. */
static guint
first_screen_rows (MrContactsPage *self)
{
  int height = g_settings_get_int (self->settings, "window-height");

  if (g_settings_get_boolean (self->settings, "window-maximized") || height <= 0)
    return FIRST_SCREEN_ROWS_MAX;
  return MIN (FIRST_SCREEN_ROWS_MAX, (guint) height / ROW_HEIGHT_ESTIMATE + 4);
}

static void
mr_contacts_page_constructed (GObject *object)
{
  MrContactsPage *self = (MrContactsPage *) object;
  g_autoptr (GSimpleActionGroup) sort_group = g_simple_action_group_new ();
  g_autoptr (GAction) sort_action = NULL;
  g_autoptr (GtkListItemFactory) factory = NULL;
  GtkEventController *key_controller;

  G_OBJECT_CLASS (mr_contacts_page_parent_class)->constructed (object);

  g_assert (MR_IS_STORE (self->store));

  self->contacts = mr_contact_list_new (self->store);
  apply_sort (self);
  sort_action = g_settings_create_action (self->settings, "contact-sort");
  g_action_map_add_action (G_ACTION_MAP (sort_group), sort_action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sort", G_ACTION_GROUP (sort_group));
  g_signal_connect_object (self->settings, "changed::contact-sort", G_CALLBACK (apply_sort), self,
                           G_CONNECT_SWAPPED);

  /* Around the selection's own handler: see the comment at the top. */
  self->split = mr_split_model_new (G_LIST_MODEL (self->contacts));
  /* The first frame needs a screenful of rows, not the 200 a list view
   * builds: the rest come right after it (see first_paint_cb()). */
  mr_split_model_set_limit (self->split, first_screen_rows (self));
  g_signal_connect_object (self->split, "items-changed", G_CALLBACK (list_items_changed_before_cb),
                           self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->split)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  /* Autoselect was on while the model was set. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->split, "items-changed", G_CALLBACK (list_items_changed_after_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* Before the entry's own capture controller: see page_key_pressed_cb(). */
  key_controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key_controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key_controller, "key-pressed", G_CALLBACK (page_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), key_controller);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  update_details (self);
  update_state (self);
}

static void
mr_contacts_page_dispose (GObject *object)
{
  MrContactsPage *self = (MrContactsPage *) object;

  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));
  g_clear_weak_pointer (&self->editor);
  g_clear_weak_pointer (&self->last_toast);
  /* The leaflet is both the bin's child and a template child: let the bin
   * drop it first, or both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_CONTACTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->split);
  g_clear_object (&self->contacts);
  G_OBJECT_CLASS (mr_contacts_page_parent_class)->dispose (object);
}

static void
mr_contacts_page_finalize (GObject *object)
{
  MrContactsPage *self = (MrContactsPage *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_free (self->selected_id);
  g_free (self->last_deleted_id);
  G_OBJECT_CLASS (mr_contacts_page_parent_class)->finalize (object);
}

static void
mr_contacts_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrContactsPage *self = MR_CONTACTS_PAGE (object);

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
mr_contacts_page_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  MrContactsPage *self = MR_CONTACTS_PAGE (object);

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
mr_contacts_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MR_CONTACTS_PAGE (widget)->search_entry));
}

static void
mr_contacts_page_class_init (MrContactsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = mr_contacts_page_grab_focus;
  object_class->constructed = mr_contacts_page_constructed;
  object_class->dispose = mr_contacts_page_dispose;
  object_class->finalize = mr_contacts_page_finalize;
  object_class->get_property = mr_contacts_page_get_property;
  object_class->set_property = mr_contacts_page_set_property;
  widget_class->map = mr_contacts_page_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MR_TYPE_CONTACT_DETAILS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-contacts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MrContactsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MrContactsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MrContactsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MrContactsPage, sort_button);
  gtk_widget_class_bind_template_child (widget_class, MrContactsPage, sort_menu);
  gtk_widget_class_bind_template_child (widget_class, MrContactsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, MrContactsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MrContactsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, MrContactsPage, details_bin);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "contacts.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "contacts.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "contacts.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "contacts.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "contacts.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "contacts.export", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "contacts.add",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "contacts.edit",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "contacts.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "contacts.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "contacts.search",
                                       NULL);
}

static void
mr_contacts_page_init (MrContactsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mr_menu_button_set_menu_model_lazily (self->sort_button, self->sort_menu);
  self->settings = mr_settings_new ();
}

GtkWidget *
mr_contacts_page_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_CONTACTS_PAGE, "store", store, NULL);
}

MrStore *
mr_contacts_page_get_store (MrContactsPage *self)
{
  g_return_val_if_fail (MR_IS_CONTACTS_PAGE (self), NULL);
  return self->store;
}

/**
 * mr_contacts_page_get_list:
 *
 * Returns: (transfer none): the list model the page shows
 */
MrContactList *
mr_contacts_page_get_list (MrContactsPage *self)
{
  g_return_val_if_fail (MR_IS_CONTACTS_PAGE (self), NULL);
  return self->contacts;
}

/**
 * mr_contacts_page_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected contact
 */
MrContact *
mr_contacts_page_get_selected (MrContactsPage *self)
{
  g_return_val_if_fail (MR_IS_CONTACTS_PAGE (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * mr_contacts_page_select_contact:
 *
 * Selects a contact and scrolls to it, if the current search shows it.
 *
 * Returns: whether it is in the list
 */
gboolean
mr_contacts_page_select_contact (MrContactsPage *self, const char *contact_id)
{
  guint position;

  g_return_val_if_fail (MR_IS_CONTACTS_PAGE (self), FALSE);
  g_return_val_if_fail (contact_id != NULL, FALSE);

  g_free (self->selected_id);
  self->selected_id = g_strdup (contact_id);
  /* A change may be waiting for the idle re-read: positions must be current. */
  mr_contact_list_refresh (self->contacts);
  if (!mr_contact_list_find (self->contacts, contact_id, &position))
    return FALSE;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

/**
 * mr_contacts_page_get_editor:
 *
 * Returns: (transfer none) (nullable): the open contact editor
 */
MrContactEditor *
mr_contacts_page_get_editor (MrContactsPage *self)
{
  g_return_val_if_fail (MR_IS_CONTACTS_PAGE (self), NULL);
  return self->editor;
}

/**
 * mr_contacts_page_get_last_toast:
 *
 * Returns: (transfer none) (nullable): the last toast the page showed, while
 *   it is shown
 */
AdwToast *
mr_contacts_page_get_last_toast (MrContactsPage *self)
{
  g_return_val_if_fail (MR_IS_CONTACTS_PAGE (self), NULL);
  return self->last_toast;
}
