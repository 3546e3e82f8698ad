/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contact-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-contact-list.h"
#include "mr-contact-picker.h"

/* The matches are read from an MrContactList searching in SQL, and only
 * the first few: the address book may hold 100,000 people. They show in
 * a list under the entry rather than in a popover, so the keyboard moves
 * into them with Down or Tab like into any other control. */

#define MAX_MATCHES 6

struct _MrContactPicker
{
  GtkWidget parent_instance;

  GtkEntry *entry;
  GtkRevealer *revealer;
  GtkListBox *list;

  /* owned */
  MrStore *store;
  MrContactList *contacts;
  char *contact_id;
  guint n_matches;
  gboolean setting;
};

G_DEFINE_FINAL_TYPE (MrContactPicker, mr_contact_picker, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTACT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_contact_id (MrContactPicker *self, const char *contact_id)
{
  if (g_strcmp0 (self->contact_id, contact_id) == 0)
    return;
  g_free (self->contact_id);
  self->contact_id = g_strdup (contact_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
}

static void
clear_rows (MrContactPicker *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_matches = 0;
}

static GtkWidget *
match_row_new (MrContact *contact)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (mr_contact_get_display_name (contact));
  const char *department = mr_contact_get_department_name (contact);
  const char *pid = mr_contact_get_personnel_id (contact);
  g_autofree char *detail = NULL;

  if (department != NULL && pid != NULL)
    /* Translators: under a contact's name in a chooser: "department · Personnel ID" */
    detail = g_strdup_printf (_ ("%s · %s"), department, pid);
  else
    detail = g_strdup (department ? department : pid ? pid : mr_contact_get_email (contact));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), name);
  if (detail != NULL && *detail != '\0')
    {
      GtkWidget *sub = gtk_label_new (detail);

      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_box_append (GTK_BOX (box), sub);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "mr-contact-id", g_strdup (mr_contact_get_id (contact)),
                          g_free);
  g_object_set_data_full (G_OBJECT (row), "mr-contact-name",
                          g_strdup (mr_contact_get_display_name (contact)), g_free);
  return row;
}

static void
entry_changed_cb (MrContactPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  guint n;

  if (self->setting)
    return;
  /* Typing over a chosen name starts a new choice. */
  set_contact_id (self, NULL);
  clear_rows (self);
  if (*text == '\0')
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }
  mr_contact_list_set_search (self->contacts, text);
  n = MIN (g_list_model_get_n_items (G_LIST_MODEL (self->contacts)), MAX_MATCHES);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrContact) contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), i);

      if (contact == NULL)
        break;
      gtk_list_box_append (self->list, match_row_new (contact));
      self->n_matches++;
    }
  if (self->n_matches == 0)
    {
      GtkWidget *none = gtk_label_new (_ ("No contact matches"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 6);
      gtk_widget_set_margin_bottom (none, 6);
      gtk_list_box_append (self->list, none);
      gtk_list_box_row_set_activatable (
        GTK_LIST_BOX_ROW (gtk_widget_get_first_child (GTK_WIDGET (self->list))), FALSE);
    }
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static void
pick_row (MrContactPicker *self, GtkListBoxRow *row)
{
  /* Copies: clearing the rows frees the row's data. */
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (row), "mr-contact-id"));
  g_autofree char *name = g_strdup (g_object_get_data (G_OBJECT (row), "mr-contact-name"));

  if (id == NULL)
    return;
  self->setting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), name);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->setting = FALSE;
  clear_rows (self);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  set_contact_id (self, id);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
entry_activate_cb (MrContactPicker *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  if (self->n_matches > 0 && first != NULL)
    pick_row (self, first);
}

static void
row_activated_cb (MrContactPicker *self, GtkListBoxRow *row)
{
  pick_row (self, row);
}

static gboolean
entry_key_pressed_cb (MrContactPicker *self, guint keyval, guint keycode, GdkModifierType state)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;
  first = gtk_list_box_get_row_at_index (self->list, 0);
  if (self->n_matches == 0 || first == NULL)
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

static void
mr_contact_picker_dispose (GObject *object)
{
  MrContactPicker *self = MR_CONTACT_PICKER (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->contacts);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (mr_contact_picker_parent_class)->dispose (object);
}

static void
mr_contact_picker_finalize (GObject *object)
{
  g_free (MR_CONTACT_PICKER (object)->contact_id);
  G_OBJECT_CLASS (mr_contact_picker_parent_class)->finalize (object);
}

static void
mr_contact_picker_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrContactPicker *self = MR_CONTACT_PICKER (object);

  switch (prop_id)
    {
    case PROP_CONTACT_ID:
      g_value_set_string (value, self->contact_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
mr_contact_picker_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MR_CONTACT_PICKER (widget)->entry));
}

static void
mr_contact_picker_class_init (MrContactPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_contact_picker_dispose;
  object_class->finalize = mr_contact_picker_finalize;
  object_class->get_property = mr_contact_picker_get_property;
  widget_class->grab_focus = mr_contact_picker_grab_focus;

  properties[PROP_CONTACT_ID] =
    g_param_spec_string ("contact-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "contactpicker");
}

static void
mr_contact_picker_init (MrContactPicker *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_input_hints (self->entry, GTK_INPUT_HINT_NO_SPELLCHECK);
  gtk_entry_set_icon_from_icon_name (self->entry, GTK_ENTRY_ICON_PRIMARY,
                                     "avatar-default-symbolic");
  gtk_widget_set_parent (GTK_WIDGET (self->entry), GTK_WIDGET (self));
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_revealer_set_child (self->revealer, GTK_WIDGET (self->list));
}

GtkWidget *
mr_contact_picker_new (MrStore *store, const char *label)
{
  MrContactPicker *self;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  self = g_object_new (MR_TYPE_CONTACT_PICKER, NULL);
  self->store = g_object_ref (store);
  self->contacts = mr_contact_list_new (store);
  if (label != NULL)
    {
      gtk_entry_set_placeholder_text (self->entry, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }
  return GTK_WIDGET (self);
}

const char *
mr_contact_picker_get_contact_id (MrContactPicker *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_PICKER (self), NULL);
  return self->contact_id;
}

void
mr_contact_picker_set_contact_id (MrContactPicker *self, const char *contact_id)
{
  g_autoptr (MrContact) contact = NULL;

  g_return_if_fail (MR_IS_CONTACT_PICKER (self));

  if (contact_id != NULL)
    contact = mr_store_get_contact (self->store, contact_id);
  self->setting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry),
                         contact ? mr_contact_get_display_name (contact) : "");
  self->setting = FALSE;
  clear_rows (self);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  set_contact_id (self, contact ? mr_contact_get_id (contact) : NULL);
}

GtkEditable *
mr_contact_picker_get_entry (MrContactPicker *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_PICKER (self), NULL);
  return GTK_EDITABLE (self->entry);
}

guint
mr_contact_picker_get_n_matches (MrContactPicker *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_PICKER (self), 0);
  return self->n_matches;
}
