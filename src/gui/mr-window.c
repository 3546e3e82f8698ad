/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "addressbook/mr-departments-page.h"
#include "addressbook/mr-node-tree-page.h"
#include "contacts/mr-contacts-page.h"
#include "import/mr-import-window.h"
#include "lockers/mr-lockers-page.h"
#include "mr-application.h"
#include "mr-window.h"
#include "packages/mr-packages-page.h"
#include "receiving/mr-receiving-page.h"
#include "widgets/mr-toast-slot.h"
#include "widgets/mr-gui-utils.h"

struct _MrWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  AdwToastOverlay *toast_overlay;
  AdwViewStack *stack;
  GtkMenuButton *primary_menu_button;
  GMenuModel *primary_menu;

  /* owned */
  MrStore *store;
  GSettings *settings;
  gulong after_paint_id;
};

G_DEFINE_FINAL_TYPE (MrWindow, mr_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The order of the view switcher and of Alt+1…7. */
static const char *page_order[] = { "contacts", "departments", "places",  "organisation",
                                    "lockers",  "receiving",   "packages" };

typedef GtkWidget *(*PageFactory) (MrStore *store);

static GtkWidget *
new_contacts_page (MrStore *store)
{
  return mr_contacts_page_new (store);
}

static GtkWidget *
new_departments_page (MrStore *store)
{
  return g_object_new (MR_TYPE_DEPARTMENTS_PAGE, "store", store, NULL);
}

static GtkWidget *
new_places_page (MrStore *store)
{
  return mr_node_tree_page_new (store, "place");
}

static GtkWidget *
new_org_page (MrStore *store)
{
  return mr_node_tree_page_new (store, "org");
}

static GtkWidget *
new_lockers_page (MrStore *store)
{
  return mr_lockers_page_new (store);
}

static GtkWidget *
new_receiving_page (MrStore *store)
{
  return mr_receiving_page_new (store);
}

static GtkWidget *
new_packages_page (MrStore *store)
{
  return mr_packages_page_new (store);
}

/* Pages are built the first time they are shown: start-up builds only the
 * one on screen, and a page nobody opens costs nothing. The stack holds an
 * AdwBin per page from the start, so the view switcher is complete. */
static GtkWidget *
ensure_page (MrWindow *self, GtkWidget *bin)
{
  PageFactory factory;
  GtkWidget *page;

  if (bin == NULL)
    return NULL;
  page = adw_bin_get_child (ADW_BIN (bin));
  if (page != NULL)
    return page;
  factory = g_object_get_data (G_OBJECT (bin), "mr-page-factory");
  page = factory (self->store);
  /* The lockers drive doors through the app's controller. */
  if (MR_IS_LOCKERS_PAGE (page))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (MR_IS_APPLICATION (app))
        mr_lockers_page_set_controller (
          MR_LOCKERS_PAGE (page), mr_application_get_locker_controller (MR_APPLICATION (app)));
    }
  adw_bin_set_child (ADW_BIN (bin), page);
  return page;
}

static void
add_page (
  MrWindow *self, PageFactory factory, const char *name, const char *title, const char *icon_name)
{
  GtkWidget *bin = adw_bin_new ();
  AdwViewStackPage *stack_page;

  g_object_set_data (G_OBJECT (bin), "mr-page-factory", factory);
  stack_page = adw_view_stack_add_titled (self->stack, bin, name, title);
  adw_view_stack_page_set_icon_name (stack_page, icon_name);
}

static void
undo_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  MrWindow *self = user_data;
  g_autoptr (GVariant) args = NULL;
  g_autoptr (GError) error = NULL;
  const char *mutation;

  g_variant_get (param, "(&s@a{sv})", &mutation, &args);
  if (!mr_store_apply (self->store, mutation, args, NULL, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      mr_toast_slot_add (self->toast_overlay, adw_toast_new (escaped));
    }
}

/* win.import("contacts" | "places" | "org"): the import window, over this one. */
static void
import_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  MrWindow *self = user_data;
  MrImportKind kind;
  GtkWidget *window;

  if (!mr_import_kind_from_string (g_variant_get_string (param, NULL), &kind))
    return;
  window = mr_import_window_new (self->store, kind);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

/* win.export(page name, or "" for the page on show): each page exports its
 * own list, the contacts with their current search. */
static void
export_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  MrWindow *self = user_data;
  const char *name = g_variant_get_string (param, NULL);
  const char *page_action;
  GtkWidget *page;

  if (name[0] == '\0')
    name = adw_view_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (name, "contacts") == 0)
    page_action = "contacts.export";
  else if (g_strcmp0 (name, "departments") == 0)
    page_action = "departments.export";
  else if (g_strcmp0 (name, "places") == 0 || g_strcmp0 (name, "organisation") == 0)
    page_action = "tree.export";
  else
    return;
  page = mr_window_get_page (self, name);
  if (page != NULL)
    gtk_widget_activate_action (page, page_action, NULL);
}

/* The keyboard shortcuts window, built when first asked for (GtkApplication
 * would build it with every window, in the first frame). */
static void
show_help_overlay_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *self = user_data;
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/org/gnome/Mailroom/gtk/help-overlay.ui");
  GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  /* Its shortcuts that name actions read their keys from the application. */
  gtk_window_set_application (overlay, gtk_window_get_application (self));
  gtk_window_set_transient_for (overlay, self);
  gtk_window_set_modal (overlay, TRUE);
  gtk_window_present (overlay);
}

static const GActionEntry win_actions[] = {
  { "show-help-overlay", show_help_overlay_activated },
  { "undo", undo_activated, "(sa{sv})" },
  { "import", import_activated, "s" },
  { "export", export_activated, "s" },
};

static gboolean
switch_page_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  MrWindow *self = MR_WINDOW (widget);
  const char *name = page_order[g_variant_get_int32 (args)];

  if (adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    return FALSE;
  adw_view_stack_set_visible_child_name (self->stack, name);
  return TRUE;
}

static gboolean
quit_idle_cb (gpointer data)
{
  GtkWindow *window = data;
  GtkApplication *app = gtk_window_get_application (window);

  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
  else
    gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

/* MAILROOM_EXIT_AFTER_FIRST_FRAME: the start-up benchmark measures the time
 * until the first frame is on screen. */
static void
after_paint_cb (GdkFrameClock *clock, MrWindow *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  fputs ("first-frame\n", stdout);
  fflush (stdout);
  g_idle_add_full (G_PRIORITY_HIGH, quit_idle_cb, g_object_ref (self), g_object_unref);
}

static void
mr_window_realize (GtkWidget *widget)
{
  MrWindow *self = MR_WINDOW (widget);

  GTK_WIDGET_CLASS (mr_window_parent_class)->realize (widget);

  if (g_getenv ("MAILROOM_EXIT_AFTER_FIRST_FRAME") != NULL && self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (after_paint_cb), self);
}

/* Keyboard first: the visible page's first control (its search entry) has
 * the focus, not the view switcher, when the window opens and whenever the
 * page changes, so a clerk can type or scan at once. */
static void
focus_visible_page (MrWindow *self)
{
  GtkWidget *page = ensure_page (self, adw_view_stack_get_visible_child (self->stack));

  if (page != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (page);
}

static void
mr_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (mr_window_parent_class)->map (widget);
  focus_visible_page (MR_WINDOW (widget));
}

static void
mr_window_unrealize (GtkWidget *widget)
{
  MrWindow *self = MR_WINDOW (widget);

  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));
  GTK_WIDGET_CLASS (mr_window_parent_class)->unrealize (widget);
}

static gboolean
mr_window_close_request (GtkWindow *window)
{
  MrWindow *self = MR_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (mr_window_parent_class)->close_request (window);
}

static void
mr_window_constructed (GObject *object)
{
  MrWindow *self = (MrWindow *) object;
  const char *page;

  G_OBJECT_CLASS (mr_window_parent_class)->constructed (object);

  g_assert (MR_IS_STORE (self->store));

  add_page (self, new_contacts_page, "contacts", _ ("Contacts"), "avatar-default-symbolic");
  add_page (self, new_departments_page, "departments", _ ("Departments"), "system-users-symbolic");
  add_page (self, new_places_page, "places", _ ("Places"), "mark-location-symbolic");
  add_page (self, new_org_page, "organisation", _ ("Organisation"), "network-workgroup-symbolic");
  add_page (self, new_lockers_page, "lockers", _ ("Lockers"), "view-grid-symbolic");
  add_page (self, new_receiving_page, "receiving", _ ("Receiving"), "mail-send-receive-symbolic");
  add_page (self, new_packages_page, "packages", _ ("Packages"), "package-x-generic-symbolic");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  page = g_getenv ("MAILROOM_PAGE");
  if (page != NULL && adw_view_stack_get_child_by_name (self->stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);
  ensure_page (self, adw_view_stack_get_visible_child (self->stack));
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (focus_visible_page),
                           self, G_CONNECT_SWAPPED);
}

static void
mr_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MR_TYPE_WINDOW);
  G_OBJECT_CLASS (mr_window_parent_class)->dispose (object);
}

static void
mr_window_finalize (GObject *object)
{
  MrWindow *self = (MrWindow *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mr_window_parent_class)->finalize (object);
}

static void
mr_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrWindow *self = MR_WINDOW (object);

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
mr_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MrWindow *self = MR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The bottom switcher is only for narrow windows, where the title has no
 * room for the buttons; its buttons are built then, not at start-up. */
static void
switcher_title_visible_cb (MrWindow *self)
{
  if (adw_view_switcher_title_get_title_visible (self->switcher_title) &&
      adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->stack);
}

static void
mr_window_class_init (MrWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mr_window_constructed;
  object_class->dispose = mr_window_dispose;
  object_class->finalize = mr_window_finalize;
  object_class->get_property = mr_window_get_property;
  object_class->set_property = mr_window_set_property;
  widget_class->realize = mr_window_realize;
  widget_class->map = mr_window_map;
  widget_class->unrealize = mr_window_unrealize;
  window_class->close_request = mr_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gnome/Mailroom/ui/mr-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MrWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, MrWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, MrWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MrWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, switcher_title_visible_cb);
  gtk_widget_class_bind_template_child (widget_class, MrWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MrWindow, stack);

  for (guint i = 0; i < G_N_ELEMENTS (page_order); i++)
    gtk_widget_class_add_binding (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, switch_page_cb, "i",
                                  (int) i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", "s",
                                       "contacts");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export", "s", "");

  g_type_ensure (MR_TYPE_CONTACTS_PAGE);
}

static void
mr_window_init (MrWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mr_menu_button_set_menu_model_lazily (self->primary_menu_button, self->primary_menu);

  self->settings = mr_settings_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);
}

/**
 * mr_window_new:
 * @application: (nullable): the application, or %NULL in tests
 * @store: the store every page shows and changes
 */
MrWindow *
mr_window_new (MrApplication *application, MrStore *store)
{
  g_return_val_if_fail (application == NULL || MR_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  return g_object_new (MR_TYPE_WINDOW, "application", application, "store", store, NULL);
}

MrStore *
mr_window_get_store (MrWindow *self)
{
  g_return_val_if_fail (MR_IS_WINDOW (self), NULL);
  return self->store;
}

/**
 * mr_window_get_page:
 * @name: "contacts", "departments", "places", "organisation" or "lockers"
 *
 * Returns: (transfer none) (nullable): the page widget
 */
GtkWidget *
mr_window_get_page (MrWindow *self, const char *name)
{
  g_return_val_if_fail (MR_IS_WINDOW (self), NULL);
  return ensure_page (self, adw_view_stack_get_child_by_name (self->stack, name));
}

const char *
mr_window_get_page_name (MrWindow *self)
{
  g_return_val_if_fail (MR_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

void
mr_window_set_page_name (MrWindow *self, const char *name)
{
  g_return_if_fail (MR_IS_WINDOW (self));
  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

/**
 * mr_window_add_toast:
 * @toast: (transfer full): the toast
 */
void
mr_window_add_toast (MrWindow *self, AdwToast *toast)
{
  g_return_if_fail (MR_IS_WINDOW (self));
  mr_toast_slot_add (self->toast_overlay, toast);
}
