/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-custom-fields-page.h"
#include "mr-preferences-window.h"
#include "widgets/mr-gui-utils.h"

/* Workstation preferences live in GSettings and need no glue: the radio
 * rows activate the settings.* actions. Address-book rules are shared by
 * every workstation, so they are store settings changed by a mutation. */

#define REQUIRE_EMPLOYEE_ID "contacts.require_employee_id"

struct _MrPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* template widgets */
  GtkSwitch *employee_id_switch;

  /* owned */
  MrStore *store;
  GSettings *settings;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (MrPreferencesWindow, mr_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sync_store_settings (MrPreferencesWindow *self)
{
  self->updating = TRUE;
  gtk_switch_set_active (self->employee_id_switch,
                         mr_store_get_setting_bool (self->store, REQUIRE_EMPLOYEE_ID));
  self->updating = FALSE;
}

static void
store_changed_cb (MrPreferencesWindow *self, const char *entity, const char *id)
{
  if (g_strcmp0 (entity, "setting") == 0)
    sync_store_settings (self);
}

static gboolean
employee_id_state_set_cb (MrPreferencesWindow *self, gboolean state)
{
  g_autoptr (GError) error = NULL;

  if (self->updating)
    return FALSE;

  if (!mr_store_apply (self->store, "setting.set",
                       g_variant_new_parsed ("{'key': <%s>, 'value': <%s>}", REQUIRE_EMPLOYEE_ID,
                                             state ? "true" : "false"),
                       NULL, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
      /* Stay as stored. */
      return TRUE;
    }
  return FALSE;
}

/* The barcode scanner (MrScanInput's settings): per workstation, since
 * each has its own scanner. The receiving view follows every change. */

static gboolean
terminator_get_mapping (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "tab") == 0 ? 1 : 0);
  return TRUE;
}

static GVariant *
terminator_set_mapping (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "tab" : "enter");
}

static gboolean
uint_get_mapping (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
uint_set_mapping (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_uint32 ((guint32) MAX (g_value_get_double (value), 0));
}

static GtkWidget *
scanner_entry_row (MrPreferencesWindow *self, const char *key, const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (self->settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  return row;
}

static GtkWidget *
scanner_spin_row (MrPreferencesWindow *self,
                  const char *key,
                  const char *title,
                  const char *subtitle,
                  guint lower,
                  guint upper)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  g_settings_bind_with_mapping (
    self->settings, key, gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)), "value",
    G_SETTINGS_BIND_DEFAULT, uint_get_mapping, uint_set_mapping, NULL, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

static void
add_scanner_page (MrPreferencesWindow *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row;
  g_autoptr (GtkStringList) terminators = gtk_string_list_new (NULL);

  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (page), "receiving");
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _ ("Receiving"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "input-keyboard-symbolic");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _ ("Barcode Scanner"));
  adw_preferences_group_set_description (
    ADW_PREFERENCES_GROUP (group),
    _ ("A USB scanner types each code like a keyboard, only much faster: that speed is how the "
       "receiving view tells a scan from typing. Set these as the scanner is set up."));

  adw_preferences_group_add (
    ADW_PREFERENCES_GROUP (group),
    scanner_entry_row (self, "scanner-prefix", _ ("Prefix Sent Before Each Code")));
  adw_preferences_group_add (
    ADW_PREFERENCES_GROUP (group),
    scanner_entry_row (self, "scanner-suffix", _ ("Suffix Sent After Each Code")));

  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("Key Ending Each Code"));
  /* Translators: the Enter key, as the end of a scanned code. */
  gtk_string_list_append (terminators, C_ ("key", "Enter"));
  /* Translators: the Tab key, as the end of a scanned code. */
  gtk_string_list_append (terminators, C_ ("key", "Tab"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (terminators));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Key Ending Each Code"), -1);
  g_settings_bind_with_mapping (self->settings, "scanner-terminator", row, "selected",
                                G_SETTINGS_BIND_DEFAULT, terminator_get_mapping,
                                terminator_set_mapping, NULL, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  adw_preferences_group_add (
    ADW_PREFERENCES_GROUP (group),
    scanner_spin_row (self, "scanner-max-gap-ms", _ ("Speed Threshold"),
                      _ ("The longest pause between two keys of one scan, in milliseconds. "
                         "People type a key every 100 to 200 ms."),
                      1, 1000));
  adw_preferences_group_add (
    ADW_PREFERENCES_GROUP (group),
    scanner_spin_row (self, "scanner-min-length", _ ("Shortest Code"),
                      _ ("The fewest characters a scan has, prefix and suffix included."), 1, 100));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

static void
mr_preferences_window_constructed (GObject *object)
{
  MrPreferencesWindow *self = (MrPreferencesWindow *) object;

  G_OBJECT_CLASS (mr_preferences_window_parent_class)->constructed (object);

  g_assert (MR_IS_STORE (self->store));
  sync_store_settings (self);
  if (self->settings != NULL)
    add_scanner_page (self);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (mr_custom_fields_page_new (self->store)));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
mr_preferences_window_dispose (GObject *object)
{
  MrPreferencesWindow *self = (MrPreferencesWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (mr_preferences_window_parent_class)->dispose (object);
}

static void
mr_preferences_window_finalize (GObject *object)
{
  MrPreferencesWindow *self = (MrPreferencesWindow *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mr_preferences_window_parent_class)->finalize (object);
}

static void
mr_preferences_window_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  MrPreferencesWindow *self = MR_PREFERENCES_WINDOW (object);

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
mr_preferences_window_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  MrPreferencesWindow *self = MR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_preferences_window_class_init (MrPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_preferences_window_constructed;
  object_class->dispose = mr_preferences_window_dispose;
  object_class->finalize = mr_preferences_window_finalize;
  object_class->get_property = mr_preferences_window_get_property;
  object_class->set_property = mr_preferences_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MrPreferencesWindow, employee_id_switch);
  gtk_widget_class_bind_template_callback (widget_class, employee_id_state_set_cb);
}

static void
mr_preferences_window_init (MrPreferencesWindow *self)
{
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
  static const char *keys[] = { "color-scheme", "language" };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = mr_settings_new ();
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr (GAction) action = g_settings_create_action (self->settings, keys[i]);

      g_action_map_add_action (G_ACTION_MAP (group), action);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
}

GtkWidget *
mr_preferences_window_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_PREFERENCES_WINDOW, "store", store, NULL);
}
