/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contact-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-contact-editor.h"
#include "widgets/mr-custom-fields-group.h"
#include "widgets/mr-gui-utils.h"

/* The dialog that adds or edits a contact. Saving applies contact.create or
 * contact.set; when the store refuses, the message appears right under the
 * field it is about and the dialog stays open with everything as typed. */

typedef enum
{
  F_FIRST_NAME,
  F_LAST_NAME,
  F_EMAIL,
  F_PHONE,
  F_DEPARTMENT,
  F_PLACE,
  F_PERSONNEL_ID,
  F_EMPLOYEE_ID,
  N_FIELDS
} FieldIndex;

static const char *field_names[N_FIELDS] = {
  "first_name",    "last_name", "email",        "phone",
  "department_id", "place_id",  "personnel_id", "employee_id",
};

/* Enter moves through the text fields in this order; on the last it saves. */
static const FieldIndex entry_order[] = {
  F_FIRST_NAME, F_LAST_NAME, F_EMAIL, F_PHONE, F_PERSONNEL_ID, F_EMPLOYEE_ID,
};

typedef struct
{
  GtkWidget *row;        /* borrowed: the field's row in the template */
  GtkWidget *error_row;  /* borrowed: the row under it holding the message */
  GtkLabel *error_label; /* borrowed */
} Field;

struct _MrContactEditor
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkLabel *general_error;
  AdwEntryRow *first_name_row;
  AdwEntryRow *last_name_row;
  AdwEntryRow *email_row;
  AdwEntryRow *phone_row;
  AdwComboRow *department_row;
  AdwComboRow *place_row;
  AdwEntryRow *personnel_id_row;
  AdwEntryRow *employee_id_row;
  GtkSwitch *accessibility_switch;
  GtkSwitch *private_switch;
  GtkTextView *notes_view;
  GtkWidget *custom_group; /* the 'contact' screen's custom fields, made in code */

  /* owned */
  MrStore *store;
  MrContact *contact;
  GPtrArray *department_ids; /* index in the combo → id; NULL for “None” */
  GPtrArray *place_ids;

  Field fields[N_FIELDS];
};

G_DEFINE_FINAL_TYPE (MrContactEditor, mr_contact_editor, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
nonnull (const char *text)
{
  return text ? text : "";
}

static void
clear_field_error (MrContactEditor *self, FieldIndex i)
{
  Field *f = &self->fields[i];

  mr_field_error_clear (f->row, f->error_row, f->error_label);
}

static void
clear_errors (MrContactEditor *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    clear_field_error (self, i);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

static void
show_error (MrContactEditor *self, const GError *error)
{
  const char *field = mr_store_error_get_field (error);

  clear_errors (self);
  for (guint i = 0; field != NULL && i < N_FIELDS; i++)
    {
      Field *f = &self->fields[i];

      if (!g_str_equal (field, field_names[i]))
        continue;
      mr_field_error_show (f->row, f->error_row, f->error_label, error->message);
      gtk_widget_grab_focus (f->row);
      return;
    }

  /* Not about one field (a deleted record, a disk error): above the form. */
  gtk_label_set_label (self->general_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
}

static void
row_changed_cb (GtkWidget *row, MrContactEditor *self)
{
  /* Typing in a field answers its error; the others stay until the next save. */
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i].row == row)
      clear_field_error (self, i);
}

/* notify::selected passes the GParamSpec before the user data. */
static void
combo_changed_cb (GtkWidget *row, GParamSpec *pspec, MrContactEditor *self)
{
  row_changed_cb (row, self);
}

static void
put_string (MrContactEditor *self,
            GVariantDict *dict,
            const char *key,
            const char *value,
            const char *original)
{
  if (self->contact == NULL ? value[0] != '\0' : !g_str_equal (value, nonnull (original)))
    g_variant_dict_insert (dict, key, "s", value);
}

static void
put_bool (
  MrContactEditor *self, GVariantDict *dict, const char *key, gboolean value, gboolean original)
{
  if (self->contact == NULL || value != original)
    g_variant_dict_insert (dict, key, "b", value);
}

static const char *
combo_id (AdwComboRow *row, GPtrArray *ids)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= ids->len)
    return "";
  return nonnull (g_ptr_array_index (ids, selected));
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/**
 * mr_contact_editor_save:
 *
 * Applies the form. On success emits ::saved and closes the dialog; on a
 * validation error shows it under its field and keeps the dialog open.
 *
 * Returns: whether the contact was saved
 */
gboolean
mr_contact_editor_save (MrContactEditor *self)
{
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GVariant) args = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *id = NULL;
  MrContact *c = self->contact;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (MR_IS_CONTACT_EDITOR (self), FALSE);

  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (c != NULL)
    g_variant_dict_insert (&dict, "id", "s", mr_contact_get_id (c));
  put_string (self, &dict, "first_name", entry_text (self->first_name_row),
              c ? mr_contact_get_first_name (c) : NULL);
  put_string (self, &dict, "last_name", entry_text (self->last_name_row),
              c ? mr_contact_get_last_name (c) : NULL);
  put_string (self, &dict, "email", entry_text (self->email_row),
              c ? mr_contact_get_email (c) : NULL);
  put_string (self, &dict, "phone", entry_text (self->phone_row),
              c ? mr_contact_get_phone (c) : NULL);
  put_string (self, &dict, "department_id", combo_id (self->department_row, self->department_ids),
              c ? mr_contact_get_department_id (c) : NULL);
  put_string (self, &dict, "place_id", combo_id (self->place_row, self->place_ids),
              c ? mr_contact_get_place_id (c) : NULL);
  put_string (self, &dict, "personnel_id", entry_text (self->personnel_id_row),
              c ? mr_contact_get_personnel_id (c) : NULL);
  put_string (self, &dict, "employee_id", entry_text (self->employee_id_row),
              c ? mr_contact_get_employee_id (c) : NULL);
  put_string (self, &dict, "notes", notes, c ? mr_contact_get_notes (c) : NULL);
  put_bool (self, &dict, "needs_accessibility", gtk_switch_get_active (self->accessibility_switch),
            c ? mr_contact_get_needs_accessibility (c) : FALSE);
  put_bool (self, &dict, "is_private", gtk_switch_get_active (self->private_switch),
            c ? mr_contact_get_is_private (c) : FALSE);

  args = g_variant_ref_sink (g_variant_dict_end (&dict));
  /* The custom values are checked first: a contact is saved with them,
   * or not at all. */
  if (!mr_custom_fields_group_check (MR_CUSTOM_FIELDS_GROUP (self->custom_group)))
    return FALSE;
  if (c != NULL && g_variant_n_children (args) == 1 &&
      !mr_custom_fields_group_is_modified (MR_CUSTOM_FIELDS_GROUP (self->custom_group)))
    {
      /* Nothing changed: nothing to journal. */
      gtk_window_close (GTK_WINDOW (self));
      return TRUE;
    }

  if (!mr_store_begin_batch (self->store, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  /* An edit of the custom values alone leaves the contact as it is. */
  if ((c == NULL || g_variant_n_children (args) > 1) &&
      !mr_store_apply (self->store, c ? "contact.set" : "contact.create", args, &id, &error))
    {
      mr_store_end_batch (self->store, FALSE, NULL);
      show_error (self, error);
      return FALSE;
    }
  if (id == NULL)
    id = g_strdup (mr_contact_get_id (c));
  if (!mr_custom_fields_group_apply (MR_CUSTOM_FIELDS_GROUP (self->custom_group), id, &error))
    {
      /* Shown under its row. */
      mr_store_end_batch (self->store, FALSE, NULL);
      return FALSE;
    }
  if (!mr_store_end_batch (self->store, TRUE, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  clear_errors (self);
  g_signal_emit (self, signals[SAVED], 0, id, c == NULL);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_contact_editor_save (MR_CONTACT_EDITOR (widget));
}

static void
entry_activated_cb (AdwEntryRow *row, MrContactEditor *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (entry_order); i++)
    {
      if (self->fields[entry_order[i]].row != GTK_WIDGET (row))
        continue;
      if (i + 1 < G_N_ELEMENTS (entry_order))
        gtk_widget_grab_focus (self->fields[entry_order[i + 1]].row);
      else
        mr_contact_editor_save (self);
      return;
    }
}

static void
fill_combo (AdwComboRow *row,
            GPtrArray *ids,
            GListModel *items,
            const char *selected_id,
            gboolean departments)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (items);
  guint selected = 0;

  gtk_string_list_append (labels, C_ ("department or place", "None"));
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (items, i);
      const char *id;

      if (departments)
        {
          id = mr_department_get_id (MR_DEPARTMENT (item));
          gtk_string_list_append (labels, mr_department_get_name (MR_DEPARTMENT (item)));
        }
      else
        {
          id = mr_node_get_id (MR_NODE (item));
          gtk_string_list_append (labels, mr_node_get_path (MR_NODE (item)));
        }
      g_ptr_array_add (ids, g_strdup (id));
      if (g_strcmp0 (id, selected_id) == 0)
        selected = i + 1;
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (row, selected);
}

static void
set_entry (AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), nonnull (text));
}

static void
add_error_row (MrContactEditor *self, FieldIndex i, GtkWidget *row)
{
  Field *f = &self->fields[i];

  f->row = row;
  f->error_row = mr_field_error_row_new (row, &f->error_label);

  if (ADW_IS_ENTRY_ROW (row))
    g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, 0);
  else
    g_signal_connect_object (row, "notify::selected", G_CALLBACK (combo_changed_cb), self, 0);
}

static void
mr_contact_editor_constructed (GObject *object)
{
  MrContactEditor *self = (MrContactEditor *) object;
  MrContact *c = self->contact;
  g_autoptr (GListModel) departments = NULL;
  g_autoptr (GListModel) places = NULL;

  G_OBJECT_CLASS (mr_contact_editor_parent_class)->constructed (object);

  g_assert (MR_IS_STORE (self->store));

  adw_window_title_set_title (self->window_title, c ? _ ("Edit Contact") : _ ("New Contact"));
  gtk_window_set_title (GTK_WINDOW (self), c ? _ ("Edit Contact") : _ ("New Contact"));

  if (mr_store_get_setting_bool (self->store, "contacts.require_employee_id"))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->employee_id_row),
                                   _ ("Employee ID (required)"));

  departments = mr_store_list_departments (self->store);
  places = mr_store_list_places (self->store);
  fill_combo (self->department_row, self->department_ids, departments,
              c ? mr_contact_get_department_id (c) : NULL, TRUE);
  fill_combo (self->place_row, self->place_ids, places, c ? mr_contact_get_place_id (c) : NULL,
              FALSE);

  if (c != NULL)
    {
      set_entry (self->first_name_row, mr_contact_get_first_name (c));
      set_entry (self->last_name_row, mr_contact_get_last_name (c));
      set_entry (self->email_row, mr_contact_get_email (c));
      set_entry (self->phone_row, mr_contact_get_phone (c));
      set_entry (self->personnel_id_row, mr_contact_get_personnel_id (c));
      set_entry (self->employee_id_row, mr_contact_get_employee_id (c));
      gtk_switch_set_active (self->accessibility_switch, mr_contact_get_needs_accessibility (c));
      gtk_switch_set_active (self->private_switch, mr_contact_get_is_private (c));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                                nonnull (mr_contact_get_notes (c)), -1);
    }

  /* Error rows go in after the combo models are set, so that setting them
   * does not count as the user answering an error. */
  add_error_row (self, F_FIRST_NAME, GTK_WIDGET (self->first_name_row));
  add_error_row (self, F_LAST_NAME, GTK_WIDGET (self->last_name_row));
  add_error_row (self, F_EMAIL, GTK_WIDGET (self->email_row));
  add_error_row (self, F_PHONE, GTK_WIDGET (self->phone_row));
  add_error_row (self, F_DEPARTMENT, GTK_WIDGET (self->department_row));
  add_error_row (self, F_PLACE, GTK_WIDGET (self->place_row));
  add_error_row (self, F_PERSONNEL_ID, GTK_WIDGET (self->personnel_id_row));
  add_error_row (self, F_EMPLOYEE_ID, GTK_WIDGET (self->employee_id_row));

  for (guint i = 0; i < G_N_ELEMENTS (entry_order); i++)
    g_signal_connect_object (self->fields[entry_order[i]].row, "entry-activated",
                             G_CALLBACK (entry_activated_cb), self, 0);

  {
    GtkWidget *group =
      gtk_widget_get_ancestor (GTK_WIDGET (self->employee_id_row), ADW_TYPE_PREFERENCES_GROUP);
    GtkWidget *box = group ? gtk_widget_get_parent (group) : NULL;

    /* Saved with the contact, under the identifiers. */
    self->custom_group = mr_custom_fields_group_new (self->store, "contact");
    mr_custom_fields_group_set_deferred (MR_CUSTOM_FIELDS_GROUP (self->custom_group), TRUE);
    mr_custom_fields_group_set_entity (MR_CUSTOM_FIELDS_GROUP (self->custom_group),
                                       c ? mr_contact_get_id (c) : NULL);
    if (GTK_IS_BOX (box))
      gtk_box_insert_child_after (GTK_BOX (box), self->custom_group, group);
  }

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->first_name_row));
}

static void
mr_contact_editor_dispose (GObject *object)
{
  MrContactEditor *self = (MrContactEditor *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_CONTACT_EDITOR);
  G_OBJECT_CLASS (mr_contact_editor_parent_class)->dispose (object);
}

static void
mr_contact_editor_finalize (GObject *object)
{
  MrContactEditor *self = (MrContactEditor *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->contact);
  g_clear_pointer (&self->department_ids, g_ptr_array_unref);
  g_clear_pointer (&self->place_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (mr_contact_editor_parent_class)->finalize (object);
}

static void
mr_contact_editor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrContactEditor *self = MR_CONTACT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONTACT:
      g_value_set_object (value, self->contact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_contact_editor_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  MrContactEditor *self = MR_CONTACT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CONTACT:
      self->contact = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_contact_editor_class_init (MrContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_contact_editor_constructed;
  object_class->dispose = mr_contact_editor_dispose;
  object_class->finalize = mr_contact_editor_finalize;
  object_class->get_property = mr_contact_editor_get_property;
  object_class->set_property = mr_contact_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT] =
    g_param_spec_object ("contact", NULL, NULL, MR_TYPE_CONTACT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MrContactEditor::saved:
   * @id: the contact's id
   * @created: whether it was added (rather than edited)
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-contact-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, general_error);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, email_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, phone_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, department_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, place_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, personnel_id_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, employee_id_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, accessibility_switch);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, private_switch);
  gtk_widget_class_bind_template_child (widget_class, MrContactEditor, notes_view);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_contact_editor_init (MrContactEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->department_ids = g_ptr_array_new_with_free_func (g_free);
  self->place_ids = g_ptr_array_new_with_free_func (g_free);
}

/**
 * mr_contact_editor_new:
 * @contact: (nullable): the contact to edit, or %NULL to add one
 */
MrContactEditor *
mr_contact_editor_new (MrStore *store, MrContact *contact)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (contact == NULL || MR_IS_CONTACT (contact), NULL);

  return g_object_new (MR_TYPE_CONTACT_EDITOR, "store", store, "contact", contact, NULL);
}

MrContact *
mr_contact_editor_get_contact (MrContactEditor *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_EDITOR (self), NULL);
  return self->contact;
}

static Field *
find_field (MrContactEditor *self, const char *field)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (g_str_equal (field_names[i], field))
      return &self->fields[i];
  return NULL;
}

/**
 * mr_contact_editor_get_field_row:
 * @field: a contact field as the store names it, e.g. "personnel_id"
 *
 * Returns: (transfer none) (nullable): the row editing @field
 */
GtkWidget *
mr_contact_editor_get_field_row (MrContactEditor *self, const char *field)
{
  Field *f;

  g_return_val_if_fail (MR_IS_CONTACT_EDITOR (self), NULL);
  f = find_field (self, field);
  return f ? f->row : NULL;
}

/**
 * mr_contact_editor_get_error_label:
 * @field: a contact field as the store names it
 *
 * Returns: (transfer none) (nullable): the label that shows @field's error;
 *   it is visible only while there is one
 */
GtkLabel *
mr_contact_editor_get_error_label (MrContactEditor *self, const char *field)
{
  Field *f;

  g_return_val_if_fail (MR_IS_CONTACT_EDITOR (self), NULL);
  f = find_field (self, field);
  return f ? f->error_label : NULL;
}

GtkWidget *
mr_contact_editor_get_custom_fields (MrContactEditor *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_EDITOR (self), NULL);
  return self->custom_group;
}
