/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contact-details"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mr-contact-details.h"
#include "widgets/mr-gui-utils.h"

/* The content pane of the Contacts section: every field of the selected
 * contact, its recent history, and the Edit and Delete buttons (which
 * activate the page's contacts.edit and contacts.delete actions). */

#define HISTORY_LIMIT 10

struct _MrContactDetails
{
  AdwBin parent_instance;

  /* template widgets */
  GtkStack *stack;
  AdwAvatar *avatar;
  GtkLabel *name_label;
  GtkLabel *subtitle_label;
  GtkWidget *accessibility_badge;
  GtkWidget *private_badge;
  AdwActionRow *email_row;
  AdwActionRow *phone_row;
  AdwActionRow *department_row;
  AdwActionRow *place_row;
  AdwActionRow *personnel_id_row;
  AdwActionRow *employee_id_row;
  AdwActionRow *accessibility_row;
  AdwActionRow *visibility_row;
  GtkWidget *notes_group;
  GtkLabel *notes_label;
  GtkWidget *history_group;
  GtkListBox *history_list;

  /* owned */
  MrStore *store;
  MrContact *contact;
  gboolean show_back_button;
};

G_DEFINE_FINAL_TYPE (MrContactDetails, mr_contact_details, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_CONTACT,
  PROP_SHOW_BACK_BUTTON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* Rows use markup, and names may contain “&”. */
static void
set_value (AdwActionRow *row, const char *value)
{
  g_autofree char *escaped = NULL;

  if (!is_set (value))
    {
      adw_action_row_set_subtitle (row, _ ("Not set"));
      gtk_widget_add_css_class (GTK_WIDGET (row), "mr-unset");
      return;
    }
  escaped = g_markup_escape_text (value, -1);
  adw_action_row_set_subtitle (row, escaped);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "mr-unset");
}

/* "Edited: Email, Phone" from the journal entry's arguments. */
static char *
describe_entry (GVariant *entry)
{
  const char *name = NULL;
  const char *args = NULL;
  const char *label;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GString) fields = NULL;
  JsonNode *root;

  g_variant_lookup (entry, "name", "&s", &name);
  g_variant_lookup (entry, "args", "&s", &args);
  label = mr_mutation_label (name ? name : "");

  if (g_strcmp0 (name, "contact.set") != 0 || args == NULL)
    return g_strdup (label);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, args, -1, NULL))
    return g_strdup (label);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (label);

  fields = g_string_new (NULL);
  {
    g_autoptr (GList) members = json_object_get_members (json_node_get_object (root));

    for (GList *l = members; l != NULL; l = l->next)
      {
        if (g_str_equal (l->data, "id"))
          continue;
        if (fields->len > 0)
          /* Translators: separates field names in a list */
          g_string_append (fields, _ (", "));
        g_string_append (fields, mr_field_label (l->data));
      }
  }
  if (fields->len == 0)
    return g_strdup (label);
  /* Translators: a history entry, e.g. "Edited: Email, Phone" */
  return g_strdup_printf (_ ("%s: %s"), label, fields->str);
}

static void
update_history (MrContactDetails *self)
{
  g_autoptr (GPtrArray) entries = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  if (self->contact == NULL || self->store == NULL)
    return;

  entries = mr_store_list_history (self->store, mr_contact_get_id (self->contact), HISTORY_LIMIT);
  for (guint i = 0; i < entries->len; i++)
    {
      GVariant *entry = g_ptr_array_index (entries, i);
      g_autofree char *title = describe_entry (entry);
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      g_autofree char *when = NULL;
      gint64 at = 0;
      GtkWidget *row;

      g_variant_lookup (entry, "at", "x", &at);
      when = mr_format_time_ms (at);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      gtk_list_box_append (self->history_list, row);
    }
  gtk_widget_set_visible (self->history_group, entries->len > 0);
}

static void
update (MrContactDetails *self)
{
  MrContact *c = self->contact;
  const char *department;
  const char *email;
  g_autofree char *place = NULL;
  g_autofree char *subtitle = NULL;

  if (c == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_history (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "contact");

  department = mr_contact_get_department_name (c);
  email = mr_contact_get_email (c);
  if (is_set (mr_contact_get_place_id (c)) && self->store != NULL)
    {
      g_autoptr (MrNode) node = mr_store_find_place (self->store, mr_contact_get_place_id (c));

      if (node != NULL)
        place = g_strdup (mr_node_get_path (node));
    }
  if (place == NULL)
    place = g_strdup (mr_contact_get_place_name (c));

  adw_avatar_set_text (self->avatar, mr_contact_get_display_name (c));
  gtk_label_set_label (self->name_label, mr_contact_get_display_name (c));
  if (is_set (department) && is_set (place))
    /* Translators: under a contact's name, "Department · Place" */
    subtitle = g_strdup_printf (_ ("%s · %s"), department, place);
  else
    subtitle = g_strdup (is_set (department) ? department : is_set (place) ? place : "");
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle[0] != '\0');
  gtk_widget_set_visible (self->accessibility_badge, mr_contact_get_needs_accessibility (c));
  gtk_widget_set_visible (self->private_badge, mr_contact_get_is_private (c));

  set_value (self->email_row, email);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->email_row), is_set (email));
  set_value (self->phone_row, mr_contact_get_phone (c));
  set_value (self->department_row, department);
  set_value (self->place_row, place);
  set_value (self->personnel_id_row, mr_contact_get_personnel_id (c));
  set_value (self->employee_id_row, mr_contact_get_employee_id (c));
  set_value (self->accessibility_row,
             mr_contact_get_needs_accessibility (c)
               ? _ ("Needs lockers with a door between 38 cm and 122 cm from the floor")
               : _ ("None"));
  set_value (self->visibility_row, mr_contact_get_is_private (c)
                                     ? _ ("Private: only the user who added it sees it")
                                     : _ ("Shared with every user"));

  gtk_widget_set_visible (self->notes_group, is_set (mr_contact_get_notes (c)));
  gtk_label_set_label (self->notes_label, mr_contact_get_notes (c) ? mr_contact_get_notes (c) : "");

  update_history (self);
}

static void
email_activated_cb (MrContactDetails *self)
{
  g_autofree char *uri = NULL;
  const char *email;

  if (self->contact == NULL)
    return;
  email = mr_contact_get_email (self->contact);
  if (!is_set (email))
    return;
  uri = g_strconcat ("mailto:", email, NULL);
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME);
}

static void
mr_contact_details_dispose (GObject *object)
{
  MrContactDetails *self = (MrContactDetails *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_CONTACT_DETAILS);
  g_clear_object (&self->contact);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (mr_contact_details_parent_class)->dispose (object);
}

static void
mr_contact_details_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrContactDetails *self = MR_CONTACT_DETAILS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONTACT:
      g_value_set_object (value, self->contact);
      break;
    case PROP_SHOW_BACK_BUTTON:
      g_value_set_boolean (value, self->show_back_button);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_contact_details_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  MrContactDetails *self = MR_CONTACT_DETAILS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      if (g_set_object (&self->store, g_value_get_object (value)))
        {
          update (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CONTACT:
      mr_contact_details_set_contact (self, g_value_get_object (value));
      break;
    case PROP_SHOW_BACK_BUTTON:
      if (self->show_back_button != g_value_get_boolean (value))
        {
          self->show_back_button = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_contact_details_class_init (MrContactDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_contact_details_dispose;
  object_class->get_property = mr_contact_details_get_property;
  object_class->set_property = mr_contact_details_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT] =
    g_param_spec_object ("contact", NULL, NULL, MR_TYPE_CONTACT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_BACK_BUTTON] =
    g_param_spec_boolean ("show-back-button", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-contact-details.ui");
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, avatar);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, name_label);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, accessibility_badge);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, private_badge);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, email_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, phone_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, department_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, place_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, personnel_id_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, employee_id_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, accessibility_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, visibility_row);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, notes_group);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, notes_label);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, history_group);
  gtk_widget_class_bind_template_child (widget_class, MrContactDetails, history_list);
  gtk_widget_class_bind_template_callback (widget_class, email_activated_cb);
}

static void
mr_contact_details_init (MrContactDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

MrContact *
mr_contact_details_get_contact (MrContactDetails *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_DETAILS (self), NULL);
  return self->contact;
}

/**
 * mr_contact_details_set_contact:
 * @contact: (nullable): the contact to show; a fresh snapshot after each
 *   change, so this is called again with the same id to re-read
 */
void
mr_contact_details_set_contact (MrContactDetails *self, MrContact *contact)
{
  g_return_if_fail (MR_IS_CONTACT_DETAILS (self));
  g_return_if_fail (contact == NULL || MR_IS_CONTACT (contact));

  if (!g_set_object (&self->contact, contact))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT]);
}
