/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-custom-fields-group"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-custom-fields-group.h"
#include "mr-custom-fields.h"
#include "mr-gui-utils.h"

/* The rows are made in code: which rows there are is the administrator's
 * configuration, read from the store, and it changes while the window is
 * open. Text, numbers and dates are entry rows, saved when the clerk
 * applies, presses Enter or leaves the row; choices and yes/no are combo
 * rows with an empty first item (a required yes/no must be answered, so it
 * cannot be a switch that is always one or the other), saved as chosen. */

typedef struct
{
  char *id;
  char *label;
  char *type;
  GStrv choices;
  gboolean required;
  GtkWidget *row;
  GtkWidget *error_row;
  GtkLabel *error_label;
} Field;

struct _MrCustomFieldsGroup
{
  AdwPreferencesGroup parent_instance;

  /* owned */
  MrStore *store;
  char *screen;
  char *entity_id;
  GPtrArray *fields;  /* of Field */
  GHashTable *values; /* field id → stored value, for entity_id */
  gboolean updating;  /* rows are being filled from the store */
  gboolean saving;    /* our own custom.set: no need to re-read */
  gboolean disposing; /* the last save: nobody to tell */
  gboolean deferred;  /* values saved by apply(), with an operation */
};

G_DEFINE_FINAL_TYPE (MrCustomFieldsGroup, mr_custom_fields_group, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SCREEN,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
field_free (Field *f)
{
  g_free (f->id);
  g_free (f->label);
  g_free (f->type);
  g_strfreev (f->choices);
  g_free (f);
}

static gboolean
is_combo (const Field *f)
{
  return g_strcmp0 (f->type, "choice") == 0 || g_strcmp0 (f->type, "boolean") == 0;
}

/* The value a row holds now, as custom.set takes it ("" for none). */
static char *
row_value (const Field *f)
{
  guint selected;

  if (!is_combo (f))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->row)));
  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (f->row));
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return g_strdup ("");
  if (g_strcmp0 (f->type, "boolean") == 0)
    return g_strdup (selected == 1 ? "true" : "false");
  return g_strdup (f->choices[selected - 1]);
}

static void
show_value (MrCustomFieldsGroup *self, Field *f)
{
  const char *value = g_hash_table_lookup (self->values, f->id);
  guint selected = 0;

  if (!is_combo (f))
    {
      gtk_editable_set_text (GTK_EDITABLE (f->row), value ? value : "");
      return;
    }
  if (value != NULL && g_strcmp0 (f->type, "boolean") == 0)
    selected = g_strcmp0 (value, "true") == 0 ? 1 : 2;
  for (guint i = 0; value != NULL && f->choices && f->choices[i]; i++)
    if (g_strcmp0 (f->choices[i], value) == 0)
      selected = i + 1;
  adw_combo_row_set_selected (ADW_COMBO_ROW (f->row), selected);
}

static void
reload_values (MrCustomFieldsGroup *self, gboolean keep_focused)
{
  g_clear_pointer (&self->values, g_hash_table_unref);
  self->values = mr_store_get_custom_values (self->store, self->entity_id);
  self->updating = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      gtk_widget_set_sensitive (f->row, self->entity_id != NULL || self->deferred);
      /* What the clerk is typing stays. */
      if (keep_focused && mr_widget_has_focus_within (f->row))
        continue;
      mr_field_error_clear (f->row, f->error_row, f->error_label);
      show_value (self, f);
    }
  self->updating = FALSE;
}

static gboolean
save_field (MrCustomFieldsGroup *self, Field *f)
{
  g_autofree char *value = NULL;
  const char *stored;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (self->entity_id == NULL || self->updating || self->deferred)
    return TRUE;
  value = row_value (f);
  g_strstrip (value);
  stored = g_hash_table_lookup (self->values, f->id);
  if (g_strcmp0 (value, stored ? stored : "") == 0)
    {
      mr_field_error_clear (f->row, f->error_row, f->error_label);
      return TRUE;
    }

  self->saving = TRUE;
  ok = mr_store_apply (self->store, "custom.set",
                       g_variant_new_parsed ("{'entity_id': <%s>, 'field_id': <%s>, "
                                             "'value': <%s>}",
                                             self->entity_id, f->id, value),
                       NULL, &error);
  self->saving = FALSE;
  if (!ok)
    /* The text stays as typed: the clerk corrects it. */
    mr_field_error_show (f->row, f->error_row, f->error_label, error->message);
  else
    {
      g_autoptr (GHashTable) values = mr_store_get_custom_values (self->store, self->entity_id);
      const char *now = g_hash_table_lookup (values, f->id);

      mr_field_error_clear (f->row, f->error_row, f->error_label);
      g_hash_table_replace (self->values, g_strdup (f->id), g_strdup (now));
      if (now == NULL)
        g_hash_table_remove (self->values, f->id);
      /* Shown as stored: "2,5" becomes "2.5", "large" "Large". */
      if (!is_combo (f) && now != NULL && g_strcmp0 (now, value) != 0)
        {
          self->updating = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (f->row), now);
          self->updating = FALSE;
        }
    }
  if (!self->disposing)
    g_signal_emit (self, signals[CHANGED], 0);
  return ok;
}

static Field *
field_of_row (MrCustomFieldsGroup *self, GtkWidget *row)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      if (f->row == row)
        return f;
    }
  return NULL;
}

static void
entry_apply_cb (GtkWidget *row, MrCustomFieldsGroup *self)
{
  Field *f = field_of_row (self, row);

  if (f != NULL)
    save_field (self, f);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller, MrCustomFieldsGroup *self)
{
  entry_apply_cb (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)), self);
}

static void
combo_selected_cb (GtkWidget *row, GParamSpec *pspec, MrCustomFieldsGroup *self)
{
  entry_apply_cb (row, self);
}

static void
clear_rows (MrCustomFieldsGroup *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), f->error_row);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), f->row);
    }
  g_ptr_array_set_size (self->fields, 0);
}

static GtkWidget *
make_row (Field *f)
{
  g_autofree char *title = NULL;
  GtkWidget *row;

  if (f->required)
    /* Translators: the title of a custom field that must be filled in */
    title = g_strdup_printf (_ ("%s (required)"), f->label);
  else
    title = g_strdup (f->label);

  if (is_combo (f))
    {
      g_autoptr (GtkStringList) items = gtk_string_list_new (NULL);

      /* Translators: the empty choice of a custom field */
      gtk_string_list_append (items, C_ ("custom field", "—"));
      if (g_strcmp0 (f->type, "boolean") == 0)
        {
          gtk_string_list_append (items, _ ("Yes"));
          gtk_string_list_append (items, _ ("No"));
        }
      for (guint i = 0; f->choices && f->choices[i]; i++)
        gtk_string_list_append (items, f->choices[i]);
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (items));
    }
  else
    {
      row = adw_entry_row_new ();
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      if (g_strcmp0 (f->type, "number") == 0)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
      if (g_strcmp0 (f->type, "date") == 0)
        gtk_widget_set_tooltip_text (row, _ ("A date written YYYY-MM-DD"));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, f->label,
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, f->required, -1);
  return row;
}

static void
rebuild (MrCustomFieldsGroup *self)
{
  g_autoptr (GPtrArray) list = mr_store_list_custom_fields (self->store, self->screen);

  clear_rows (self);
  for (guint i = 0; i < list->len; i++)
    {
      GVariant *v = g_ptr_array_index (list, i);
      g_autoptr (GVariant) choices = g_variant_lookup_value (v, "choices", G_VARIANT_TYPE ("as"));
      Field *f = g_new0 (Field, 1);
      const char *visibility = NULL;

      g_variant_lookup (v, "id", "s", &f->id);
      g_variant_lookup (v, "label", "s", &f->label);
      g_variant_lookup (v, "type", "s", &f->type);
      g_variant_lookup (v, "visibility", "&s", &visibility);
      f->choices = choices ? g_variant_dup_strv (choices, NULL) : g_new0 (char *, 1);
      f->required = g_strcmp0 (visibility, "required") == 0;
      f->row = make_row (f);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), f->row);
      f->error_row = mr_field_error_row_new (f->row, &f->error_label);
      if (is_combo (f))
        g_signal_connect (f->row, "notify::selected", G_CALLBACK (combo_selected_cb), self);
      else
        {
          GtkEventController *focus = gtk_event_controller_focus_new ();

          g_signal_connect (f->row, "apply", G_CALLBACK (entry_apply_cb), self);
          g_signal_connect (f->row, "entry-activated", G_CALLBACK (entry_apply_cb), self);
          g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
          gtk_widget_add_controller (f->row, focus);
        }
      g_ptr_array_add (self->fields, f);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->fields->len > 0);
  reload_values (self, FALSE);
}

static void
store_changed_cb (MrCustomFieldsGroup *self, const char *entity, const char *id)
{
  if (g_strcmp0 (entity, "custom_field") == 0)
    {
      rebuild (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  else if (g_strcmp0 (entity, "custom_value") == 0 && !self->saving &&
           g_strcmp0 (id, self->entity_id) == 0)
    {
      reload_values (self, TRUE);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

void
mr_custom_fields_group_set_entity (MrCustomFieldsGroup *self, const char *entity_id)
{
  g_return_if_fail (MR_IS_CUSTOM_FIELDS_GROUP (self));

  if (g_strcmp0 (entity_id, self->entity_id) == 0)
    {
      reload_values (self, TRUE);
      return;
    }
  mr_custom_fields_group_save (self);
  g_free (self->entity_id);
  self->entity_id = g_strdup (entity_id);
  reload_values (self, FALSE);
}

const char *
mr_custom_fields_group_get_entity (MrCustomFieldsGroup *self)
{
  g_return_val_if_fail (MR_IS_CUSTOM_FIELDS_GROUP (self), NULL);
  return self->entity_id;
}

gboolean
mr_custom_fields_group_save (MrCustomFieldsGroup *self)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (MR_IS_CUSTOM_FIELDS_GROUP (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      if (!is_combo (f))
        ok &= save_field (self, f);
    }
  return ok;
}

char *
mr_custom_fields_group_dup_missing (MrCustomFieldsGroup *self)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_auto (GStrv) labels = NULL;

  g_return_val_if_fail (MR_IS_CUSTOM_FIELDS_GROUP (self), NULL);

  for (guint i = 0; self->entity_id != NULL && i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      if (f->required && !g_hash_table_contains (self->values, f->id))
        g_strv_builder_add (b, f->label);
    }
  labels = g_strv_builder_end (b);
  /* Translators: the separator of a list of field labels */
  return labels[0] ? g_strjoinv (_ (", "), labels) : NULL;
}

void
mr_custom_fields_group_set_deferred (MrCustomFieldsGroup *self, gboolean deferred)
{
  g_return_if_fail (MR_IS_CUSTOM_FIELDS_GROUP (self));
  self->deferred = deferred;
  reload_values (self, TRUE);
}

gboolean
mr_custom_fields_group_check (MrCustomFieldsGroup *self)
{
  GtkWidget *first = NULL;

  g_return_val_if_fail (MR_IS_CUSTOM_FIELDS_GROUP (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      g_autofree char *value = g_strstrip (row_value (f));
      g_autoptr (GError) error = NULL;
      g_autofree char *norm = NULL;

      if (*value == '\0' && f->required)
        {
          g_autofree char *message =
            /* Translators: %s is a custom field's label */
            g_strdup_printf (_ ("Fill in “%s”: it is required here."), f->label);

          mr_field_error_show (f->row, f->error_row, f->error_label, message);
          first = first ? first : f->row;
          continue;
        }
      if (*value != '\0' &&
          (norm = mr_custom_value_normalize (f->label, f->type, (const char *const *) f->choices,
                                             value, &error)) == NULL)
        {
          mr_field_error_show (f->row, f->error_row, f->error_label, error->message);
          first = first ? first : f->row;
          continue;
        }
      mr_field_error_clear (f->row, f->error_row, f->error_label);
    }
  if (first != NULL)
    gtk_widget_grab_focus (first);
  return first == NULL;
}

gboolean
mr_custom_fields_group_apply (MrCustomFieldsGroup *self, const char *entity_id, GError **error)
{
  g_return_val_if_fail (MR_IS_CUSTOM_FIELDS_GROUP (self), FALSE);
  g_return_val_if_fail (entity_id != NULL, FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      g_autofree char *value = g_strstrip (row_value (f));
      g_autoptr (GError) local = NULL;
      gboolean ok;

      if (g_strcmp0 (entity_id, self->entity_id) == 0)
        {
          const char *stored = g_hash_table_lookup (self->values, f->id);

          if (g_strcmp0 (value, stored ? stored : "") == 0)
            continue;
        }
      else if (*value == '\0')
        continue;
      self->saving = TRUE;
      ok = mr_store_apply (self->store, "custom.set",
                           g_variant_new_parsed ("{'entity_id': <%s>, 'field_id': <%s>, "
                                                 "'value': <%s>}",
                                                 entity_id, f->id, value),
                           NULL, &local);
      self->saving = FALSE;
      if (!ok)
        {
          mr_field_error_show (f->row, f->error_row, f->error_label, local->message);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
mr_custom_fields_group_is_modified (MrCustomFieldsGroup *self)
{
  g_return_val_if_fail (MR_IS_CUSTOM_FIELDS_GROUP (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      g_autofree char *value = g_strstrip (row_value (f));
      const char *stored = g_hash_table_lookup (self->values, f->id);

      if (g_strcmp0 (value, stored ? stored : "") != 0)
        return TRUE;
    }
  return FALSE;
}

guint
mr_custom_fields_group_get_n_fields (MrCustomFieldsGroup *self)
{
  g_return_val_if_fail (MR_IS_CUSTOM_FIELDS_GROUP (self), 0);
  return self->fields->len;
}

static void
mr_custom_fields_group_constructed (GObject *object)
{
  MrCustomFieldsGroup *self = (MrCustomFieldsGroup *) object;

  G_OBJECT_CLASS (mr_custom_fields_group_parent_class)->constructed (object);

  g_assert (MR_IS_STORE (self->store));
  g_assert (self->screen != NULL);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _ ("Custom Fields"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Custom Fields"), -1);
  rebuild (self);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
mr_custom_fields_group_dispose (GObject *object)
{
  MrCustomFieldsGroup *self = (MrCustomFieldsGroup *) object;

  /* What was typed and not applied yet is kept. */
  self->disposing = TRUE;
  if (self->store != NULL && self->fields != NULL)
    mr_custom_fields_group_save (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  G_OBJECT_CLASS (mr_custom_fields_group_parent_class)->dispose (object);
}

static void
mr_custom_fields_group_finalize (GObject *object)
{
  MrCustomFieldsGroup *self = (MrCustomFieldsGroup *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_free (self->screen);
  g_free (self->entity_id);
  G_OBJECT_CLASS (mr_custom_fields_group_parent_class)->finalize (object);
}

static void
mr_custom_fields_group_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  MrCustomFieldsGroup *self = MR_CUSTOM_FIELDS_GROUP (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SCREEN:
      g_value_set_string (value, self->screen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_custom_fields_group_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  MrCustomFieldsGroup *self = MR_CUSTOM_FIELDS_GROUP (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SCREEN:
      self->screen = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_custom_fields_group_class_init (MrCustomFieldsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mr_custom_fields_group_constructed;
  object_class->dispose = mr_custom_fields_group_dispose;
  object_class->finalize = mr_custom_fields_group_finalize;
  object_class->get_property = mr_custom_fields_group_get_property;
  object_class->set_property = mr_custom_fields_group_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCREEN] =
    g_param_spec_string ("screen", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
mr_custom_fields_group_init (MrCustomFieldsGroup *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GtkWidget *
mr_custom_fields_group_new (MrStore *store, const char *screen)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (screen != NULL, NULL);
  return g_object_new (MR_TYPE_CUSTOM_FIELDS_GROUP, "store", store, "screen", screen, NULL);
}
