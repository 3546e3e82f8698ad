/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-custom-fields-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-custom-fields-page.h"
#include "mr-custom-fields.h"
#include "widgets/mr-gui-utils.h"

/* One expander row per field, holding its label, type, choices and a
 * visibility per screen. Each change is applied at once, like every
 * preference. The rows are rebuilt when another window or workstation
 * changes the fields; a change made here only updates its row, so the
 * focus stays where the administrator is working. */

#define N_SCREENS 6

typedef struct
{
  MrCustomFieldsPage *page; /* borrowed */
  char *id;
  char *label;
  char *type;
  GStrv choices;
  GtkWidget *expander;
  GtkWidget *label_row;
  GtkWidget *type_row;
  GtkWidget *choices_row;
  GtkWidget *screen_rows[N_SCREENS];
  GtkWidget *delete_button;
} FieldRows;

struct _MrCustomFieldsPage
{
  AdwPreferencesPage parent_instance;

  /* template widgets */
  AdwPreferencesGroup *fields_group;
  GtkWidget *add_button;
  GtkWidget *empty_row;

  /* owned */
  MrStore *store;
  GPtrArray *fields; /* of FieldRows */
  gboolean applying; /* our own change: the rows are up to date */
  gboolean updating; /* rows being filled: their signals are not edits */
};

G_DEFINE_FINAL_TYPE (MrCustomFieldsPage, mr_custom_fields_page, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rebuild (MrCustomFieldsPage *self);

/* The rows may outlive their FieldRows a moment (the focus, a running
 * signal): then they must not call back into it. */
static void
field_rows_free (FieldRows *f)
{
  GtkWidget *widgets[] = { f->label_row, f->type_row, f->choices_row, f->delete_button };

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    if (widgets[i] != NULL)
      g_signal_handlers_disconnect_by_data (widgets[i], f);
  for (guint i = 0; i < N_SCREENS; i++)
    if (f->screen_rows[i] != NULL)
      g_signal_handlers_disconnect_by_data (f->screen_rows[i], f);
  g_free (f->id);
  g_free (f->label);
  g_free (f->type);
  g_strfreev (f->choices);
  g_free (f);
}

static void
show_toast (MrCustomFieldsPage *self, const char *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (escaped));
  else
    mr_widget_add_toast (GTK_WIDGET (self), adw_toast_new (escaped));
}

static gboolean
apply (MrCustomFieldsPage *self, const char *mutation, GVariant *args, char **out_id)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  self->applying = TRUE;
  ok = mr_store_apply (self->store, mutation, args, out_id, &error);
  self->applying = FALSE;
  if (!ok)
    show_toast (self, error->message);
  return ok;
}

static guint
type_index (const char *type)
{
  const char *const *types = mr_custom_field_types ();

  for (guint i = 0; types[i]; i++)
    if (g_strcmp0 (types[i], type) == 0)
      return i;
  return 0;
}

static void
update_summary (FieldRows *f)
{
  g_autofree char *choices = g_strjoinv (", ", f->choices);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;

  if (g_strcmp0 (f->type, "choice") == 0 && f->choices[0] != NULL)
    /* Translators: a field's type, then its choices: "Choice: Small, Large" */
    subtitle = g_strdup_printf (_ ("%s: %s"), mr_custom_field_type_get_label (f->type), choices);
  else
    subtitle = g_strdup (mr_custom_field_type_get_label (f->type));
  escaped = g_markup_escape_text (f->label, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->expander), escaped);
  g_clear_pointer (&escaped, g_free);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (f->expander), escaped);
  gtk_accessible_update_property (GTK_ACCESSIBLE (f->expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  f->label, -1);
  gtk_widget_set_visible (f->choices_row, g_strcmp0 (f->type, "choice") == 0);
}

/* Edits */

static GStrv
split_choices (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (b, parts[i]);
    }
  return g_strv_builder_end (b);
}

/* custom_field.set with the row's values; @type and @choices may change
 * together (a field becomes a choice once it has choices). */
static gboolean
apply_field (FieldRows *f, const char *label, const char *type, const char *const *choices)
{
  GVariantDict d;

  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "id", "s", f->id);
  g_variant_dict_insert (&d, "label", "s", label);
  g_variant_dict_insert (&d, "type", "s", type);
  g_variant_dict_insert_value (&d, "choices", g_variant_new_strv (choices, -1));
  if (!apply (f->page, "custom_field.set", g_variant_dict_end (&d), NULL))
    return FALSE;
  {
    /* The arguments may be f's own strings. */
    char *new_label = g_strdup (label);
    char *new_type = g_strdup (type);
    GStrv new_choices = g_strdupv ((char **) choices);

    g_free (f->label);
    f->label = new_label;
    g_free (f->type);
    f->type = new_type;
    g_strfreev (f->choices);
    f->choices = new_choices;
  }
  update_summary (f);
  return TRUE;
}

static void
label_apply_cb (GtkWidget *row, FieldRows *f)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (f->page->updating || g_strcmp0 (text, f->label) == 0)
    return;
  if (!apply_field (f, text, f->type, (const char *const *) f->choices))
    {
      f->page->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (row), f->label);
      f->page->updating = FALSE;
    }
}

static void
choices_apply_cb (GtkWidget *row, FieldRows *f)
{
  g_auto (GStrv) choices = split_choices (gtk_editable_get_text (GTK_EDITABLE (row)));
  /* The type chosen in the drop-down, which waits for the choices. */
  const char *type =
    mr_custom_field_types ()[adw_combo_row_get_selected (ADW_COMBO_ROW (f->type_row))];

  if (f->page->updating)
    return;
  apply_field (f, f->label, type, (const char *const *) choices);
}

static void
type_selected_cb (GtkWidget *row, GParamSpec *pspec, FieldRows *f)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
  const char *type;

  if (f->page->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  type = mr_custom_field_types ()[selected];
  if (g_strcmp0 (type, f->type) == 0)
    return;
  if (g_strcmp0 (type, "choice") == 0 && f->choices[0] == NULL)
    {
      /* A choice field needs its choices first: they are asked for, and
       * the type is saved with them. */
      gtk_widget_set_visible (f->choices_row, TRUE);
      gtk_widget_grab_focus (f->choices_row);
      show_toast (f->page, _ ("Type the choices, separated by commas, then apply them."));
      return;
    }
  if (!apply_field (f, f->label, type, (const char *const *) f->choices))
    {
      f->page->updating = TRUE;
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), type_index (f->type));
      f->page->updating = FALSE;
    }
}

static void
screen_selected_cb (GtkWidget *row, GParamSpec *pspec, FieldRows *f)
{
  const char *screen = g_object_get_data (G_OBJECT (row), "mr-screen");
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  if (f->page->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  apply (f->page, "custom_field.screen",
         g_variant_new_parsed ("{'id': <%s>, 'screen': <%s>, 'visibility': <%s>}", f->id, screen,
                               mr_custom_field_visibilities ()[selected]),
         NULL);
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, MrCustomFieldsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "mr-field-id");

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (apply (self, "custom_field.delete", g_variant_new_parsed ("{'id': <%s>}", id), NULL))
    {
      rebuild (self);
      gtk_widget_grab_focus (self->add_button);
    }
}

static void
delete_clicked_cb (GtkWidget *button, FieldRows *f)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (f->page), GTK_TYPE_WINDOW);
  /* Translators: %s is a custom field's label */
  g_autofree char *heading = g_strdup_printf (_ ("Delete “%s”?"), f->label);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (window), heading,
    _ ("The values already saved stay in the history, but no screen shows them any more.")));

  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "delete", _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "mr-field-id", g_strdup (f->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), f->page, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_clicked_cb (MrCustomFieldsPage *self)
{
  g_autofree char *id = NULL;
  g_autofree char *label = NULL;

  /* A free label: "New Field", "New Field 2", … */
  for (guint n = 1; n <= MR_CUSTOM_FIELDS_MAX + 1; n++)
    {
      g_autoptr (GVariant) taken = NULL;

      g_free (label);
      label = n == 1 ? g_strdup (_ ("New Field"))
                     /* Translators: the label of a new custom field when "New
                      * Field" is taken */
                     : g_strdup_printf (_ ("New Field %u"), n);
      taken = mr_store_find_custom_field (self->store, label);
      if (taken == NULL)
        break;
    }
  if (!apply (self, "custom_field.set", g_variant_new_parsed ("{'label': <%s>}", label), &id))
    return;
  rebuild (self);
  /* The new field opens, ready to be named. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldRows *f = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (f->id, id) == 0)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (f->expander), TRUE);
          gtk_widget_grab_focus (f->label_row);
        }
    }
}

/* Rows */

static GtkWidget *
combo_row (const char *title, const char *const *names, const char *(*label) (const char *) )
{
  g_autoptr (GtkStringList) items = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; names[i]; i++)
    gtk_string_list_append (items, label (names[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (items));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

static FieldRows *
add_field_rows (MrCustomFieldsPage *self, GVariant *v)
{
  FieldRows *f = g_new0 (FieldRows, 1);
  g_autoptr (GVariant) choices = g_variant_lookup_value (v, "choices", G_VARIANT_TYPE ("as"));
  g_autoptr (GVariant) screens = g_variant_lookup_value (v, "screens", NULL);
  g_autofree char *choices_text = NULL;
  GtkWidget *row, *button;

  f->page = self;
  g_variant_lookup (v, "id", "s", &f->id);
  g_variant_lookup (v, "label", "s", &f->label);
  g_variant_lookup (v, "type", "s", &f->type);
  f->choices = choices ? g_variant_dup_strv (choices, NULL) : g_new0 (char *, 1);
  choices_text = g_strjoinv (", ", f->choices);

  f->expander = adw_expander_row_new ();

  f->label_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->label_row), C_ ("custom field", "Label"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (f->label_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (f->label_row), f->label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (f->label_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  C_ ("custom field", "Label"), -1);
  g_signal_connect (f->label_row, "apply", G_CALLBACK (label_apply_cb), f);
  g_signal_connect (f->label_row, "entry-activated", G_CALLBACK (label_apply_cb), f);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (f->expander), f->label_row);

  f->type_row = combo_row (_ ("Type"), mr_custom_field_types (), mr_custom_field_type_get_label);
  adw_combo_row_set_selected (ADW_COMBO_ROW (f->type_row), type_index (f->type));
  gtk_accessible_update_property (GTK_ACCESSIBLE (f->type_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Type"), -1);
  g_signal_connect (f->type_row, "notify::selected", G_CALLBACK (type_selected_cb), f);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (f->expander), f->type_row);

  f->choices_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->choices_row),
                                 _ ("Choices, Separated by Commas"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (f->choices_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (f->choices_row), choices_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (f->choices_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Choices, separated by commas"), -1);
  g_signal_connect (f->choices_row, "apply", G_CALLBACK (choices_apply_cb), f);
  g_signal_connect (f->choices_row, "entry-activated", G_CALLBACK (choices_apply_cb), f);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (f->expander), f->choices_row);

  for (guint s = 0; s < N_SCREENS; s++)
    {
      const char *screen = mr_custom_field_screens ()[s];
      const char *visibility = "shown";
      /* Translators: the accessible name of a visibility drop-down:
       * "Cost centre on the Receiving screen" */
      g_autofree char *name = g_strdup_printf (_ ("%s on the %s screen"), f->label,
                                               mr_custom_field_screen_get_label (screen));
      guint index = 0;

      g_variant_lookup (screens, screen, "&s", &visibility);
      for (guint i = 0; mr_custom_field_visibilities ()[i]; i++)
        if (g_strcmp0 (mr_custom_field_visibilities ()[i], visibility) == 0)
          index = i;
      row = combo_row (mr_custom_field_screen_get_label (screen), mr_custom_field_visibilities (),
                       mr_custom_field_visibility_get_label);
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), index);
      g_object_set_data (G_OBJECT (row), "mr-screen", (gpointer) screen);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_signal_connect (row, "notify::selected", G_CALLBACK (screen_selected_cb), f);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (f->expander), row);
      f->screen_rows[s] = row;
    }

  row = adw_action_row_new ();
  button = gtk_button_new_with_mnemonic (_ ("_Delete Field"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "destructive-action");
  {
    /* Translators: the accessible name of a delete button; %s is the field's label */
    g_autofree char *name = g_strdup_printf (_ ("Delete the field %s"), f->label);

    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
  }
  g_signal_connect (button, "clicked", G_CALLBACK (delete_clicked_cb), f);
  f->delete_button = button;
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 _ ("Delete this field and hide its values"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (f->expander), row);

  update_summary (f);
  adw_preferences_group_add (self->fields_group, f->expander);
  return f;
}

static void
rebuild (MrCustomFieldsPage *self)
{
  g_autoptr (GPtrArray) list = mr_store_list_custom_fields (self->store, NULL);
  g_autoptr (GHashTable) expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) old = g_ptr_array_new ();

  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldRows *f = g_ptr_array_index (self->fields, i);

      if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (f->expander)))
        g_hash_table_add (expanded, g_strdup (f->id));
      g_ptr_array_add (old, f->expander);
    }
  /* Their handlers off while the rows are alive, then the rows. */
  g_ptr_array_set_size (self->fields, 0);
  for (guint i = 0; i < old->len; i++)
    adw_preferences_group_remove (self->fields_group, old->pdata[i]);

  self->updating = TRUE;
  for (guint i = 0; i < list->len; i++)
    {
      FieldRows *f = add_field_rows (self, g_ptr_array_index (list, i));

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (f->expander),
                                     g_hash_table_contains (expanded, f->id));
      g_ptr_array_add (self->fields, f);
    }
  self->updating = FALSE;
  gtk_widget_set_visible (self->empty_row, list->len == 0);
  gtk_widget_set_sensitive (self->add_button, list->len < MR_CUSTOM_FIELDS_MAX);
}

static void
store_changed_cb (MrCustomFieldsPage *self, const char *entity, const char *id)
{
  if (g_strcmp0 (entity, "custom_field") == 0 && !self->applying)
    rebuild (self);
}

static void
mr_custom_fields_page_constructed (GObject *object)
{
  MrCustomFieldsPage *self = (MrCustomFieldsPage *) object;

  G_OBJECT_CLASS (mr_custom_fields_page_parent_class)->constructed (object);

  g_assert (MR_IS_STORE (self->store));
  rebuild (self);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
mr_custom_fields_page_dispose (GObject *object)
{
  MrCustomFieldsPage *self = (MrCustomFieldsPage *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  /* While the rows are alive, so that their handlers can be taken off. */
  if (self->fields != NULL)
    g_ptr_array_set_size (self->fields, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_CUSTOM_FIELDS_PAGE);
  G_OBJECT_CLASS (mr_custom_fields_page_parent_class)->dispose (object);
}

static void
mr_custom_fields_page_finalize (GObject *object)
{
  MrCustomFieldsPage *self = (MrCustomFieldsPage *) object;

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (mr_custom_fields_page_parent_class)->finalize (object);
}

static void
mr_custom_fields_page_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  MrCustomFieldsPage *self = MR_CUSTOM_FIELDS_PAGE (object);

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
mr_custom_fields_page_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  MrCustomFieldsPage *self = MR_CUSTOM_FIELDS_PAGE (object);

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
mr_custom_fields_page_class_init (MrCustomFieldsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_custom_fields_page_constructed;
  object_class->dispose = mr_custom_fields_page_dispose;
  object_class->finalize = mr_custom_fields_page_finalize;
  object_class->get_property = mr_custom_fields_page_get_property;
  object_class->set_property = mr_custom_fields_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-custom-fields-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MrCustomFieldsPage, fields_group);
  gtk_widget_class_bind_template_child (widget_class, MrCustomFieldsPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, MrCustomFieldsPage, empty_row);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
mr_custom_fields_page_init (MrCustomFieldsPage *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_rows_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mr_custom_fields_page_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_CUSTOM_FIELDS_PAGE, "store", store, NULL);
}
