/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-package-details"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-package-details.h"
#include "mr-packages-utils.h"
#include "widgets/mr-custom-fields-group.h"
#include "widgets/mr-gui-utils.h"

/* The details pane of the Packages section. The snapshot it shows is the
 * page's; the events and signatures are read from the store each time a
 * package is set, so a handover shows at once in its chain of custody. */

struct _MrPackageDetails
{
  AdwBin parent_instance;

  /* template widgets */
  GtkStack *stack;
  AdwStatusPage *several_page;
  GtkLabel *title_label;
  GtkLabel *status_label;
  GtkLabel *subtitle_label;
  GtkWidget *duplicate_box;
  GtkLabel *duplicate_label;
  GtkWidget *needs_label_box;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *events_group;
  GtkWidget *custom_group; /* MrCustomFieldsGroup under fields_group, made in code */

  /* owned */
  MrStore *store;
  MrPackage *package;
  GPtrArray *field_rows; /* of GtkWidget, in fields_group */
  GPtrArray *event_rows; /* of GtkWidget, in events_group */
  GHashTable *fields;    /* field → value shown */
  guint n_signatures;
  gboolean show_back_button;
};

G_DEFINE_FINAL_TYPE (MrPackageDetails, mr_package_details, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SHOW_BACK_BUTTON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_rows (AdwPreferencesGroup *group, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_field (MrPackageDetails *self, const char *field, const char *label, const char *value)
{
  g_autofree char *escaped = NULL;
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  g_hash_table_insert (self->fields, g_strdup (field), g_strdup (value));
  escaped = g_markup_escape_text (value, -1);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "mr-property");
  adw_preferences_group_add (self->fields_group, row);
  g_ptr_array_add (self->field_rows, row);
}

static char *
event_who (MrPackageEvent *e)
{
  if (e->user_name != NULL)
    return g_strdup (e->user_name);
  /* Translators: an event recorded with nobody signed in, on this
   * workstation (its id, shortened) */
  return g_strdup_printf (_ ("workstation %.8s"), e->workstation_id ? e->workstation_id : "?");
}

static const char *
status_label (const char *name)
{
  MrPackageStatus status;

  if (!mr_package_status_from_string (name, &status))
    return NULL;
  return mr_package_status_get_label (status);
}

static GtkWidget *
signature_picture (MrPackageDetails *self, MrPackageEvent *e)
{
  g_autoptr (GBytes) png = mr_store_get_package_signature (self->store, e->id);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *alt = NULL;
  GtkWidget *picture;

  if (png == NULL)
    return NULL;
  texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    {
      g_warning ("Cannot read the signature of event %s: %s", e->id, error->message);
      return NULL;
    }
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, 120, 40);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picture, "card");
  if (e->handed_to_name != NULL)
    /* Translators: the picture of a signature; %s is who signed */
    alt = g_strdup_printf (_ ("Signature of %s"), e->handed_to_name);
  else
    alt = g_strdup (_ ("Signature"));
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), alt);
  gtk_widget_set_tooltip_text (picture, alt);
  self->n_signatures++;
  return picture;
}

static void
add_event (MrPackageDetails *self, MrPackageEvent *e)
{
  g_autofree char *when = mr_format_time_ms (e->at);
  g_autofree char *who = event_who (e);
  g_autofree char *where = NULL;
  g_autofree char *first = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  const char *kind = mr_package_event_kind_get_label (e->kind);
  const char *before = status_label (e->previous_status);
  const char *after = status_label (e->status);
  GString *text = g_string_new (NULL);
  GtkWidget *row;
  GtkWidget *picture;

  if (e->locker_name != NULL && e->place_name != NULL)
    /* Translators: where an event happened: "place, locker" */
    where = g_strdup_printf (_ ("%s, %s"), e->place_name, e->locker_name);
  else
    where = g_strdup (e->locker_name ? e->locker_name : e->place_name);

  if (where != NULL)
    /* Translators: an event in the chain of custody: "when · who · where" */
    first = g_strdup_printf (_ ("%s · %s · %s"), when, who, where);
  else
    /* Translators: an event in the chain of custody: "when · who" */
    first = g_strdup_printf (_ ("%s · %s"), when, who);
  g_string_append (text, first);
  if (before != NULL && after != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: the status before and after an event */
      g_string_append_printf (text, _ ("%s → %s"), before, after);
    }
  else if (after != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, after);
    }
  if (e->handed_to_name != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: who took a package at handover */
      g_string_append_printf (text, _ ("Handed to %s"), e->handed_to_name);
    }
  if (e->id_scan != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: the text of the ID card scanned at handover */
      g_string_append_printf (text, _ ("ID scanned: %s"), e->id_scan);
    }
  if (e->bag_id != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _ ("Moved with its bag"));
    }
  subtitle = g_string_free (text, FALSE);
  escaped = g_markup_escape_text (subtitle, -1);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kind ? kind : e->kind);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  g_object_set_data_full (G_OBJECT (row), "mr-event-text",
                          g_strdup_printf ("%s\n%s", kind ? kind : e->kind, subtitle), g_free);
  if (e->has_signature && (picture = signature_picture (self, e)) != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), picture);
  adw_preferences_group_add (self->events_group, row);
  g_ptr_array_add (self->event_rows, row);
}

static void
show_package (MrPackageDetails *self)
{
  MrPackage *p = self->package;
  g_autofree char *received = NULL;
  g_autofree char *received_line = NULL;
  g_autofree char *pieces = NULL;
  g_autofree char *waiting = NULL;
  g_autoptr (GPtrArray) events = NULL;
  const char *department;
  MrPackageStatus status;

  clear_rows (self->fields_group, self->field_rows);
  clear_rows (self->events_group, self->event_rows);
  g_hash_table_remove_all (self->fields);
  self->n_signatures = 0;

  if (self->custom_group == NULL)
    {
      GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->fields_group));

      /* The 'package' screen's custom fields, editable: each value is
       * saved as it is chosen or when the row is left. */
      self->custom_group = mr_custom_fields_group_new (self->store, "package");
      if (GTK_IS_BOX (box))
        gtk_box_insert_child_after (GTK_BOX (box), self->custom_group,
                                    GTK_WIDGET (self->fields_group));
    }
  mr_custom_fields_group_set_entity (MR_CUSTOM_FIELDS_GROUP (self->custom_group),
                                     p ? mr_package_get_id (p) : NULL);

  if (p == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  status = mr_package_get_status (p);
  gtk_label_set_text (self->title_label, mr_packages_title (p));
  gtk_label_set_text (self->status_label, mr_package_status_get_label (status));
  /* The internal ID under the tracking number; it is the title without one. */
  gtk_label_set_text (self->subtitle_label,
                      mr_package_get_tracking_number (p) ? mr_package_get_internal_id (p) : "");
  if (mr_package_get_duplicate_of (p) != NULL)
    {
      g_autofree char *when = mr_format_time_ms (mr_package_get_duplicate_received_at (p));
      g_autofree char *text =
        /* Translators: a warning on a package; %s are a date and an internal ID */
        g_strdup_printf (_ ("Duplicate: the same tracking number was received on %s (package %s)."),
                         when, mr_package_get_duplicate_internal_id (p));

      gtk_label_set_text (self->duplicate_label, text);
    }
  gtk_widget_set_visible (self->duplicate_box, mr_package_get_duplicate_of (p) != NULL);
  gtk_widget_set_visible (self->needs_label_box, mr_package_needs_label (p));

  received = mr_format_time_ms (mr_package_get_received_at (p));
  if (mr_package_get_received_by_name (p) != NULL)
    /* Translators: when and by whom a package was received */
    received_line = g_strdup_printf (_ ("%s by %s"), received, mr_package_get_received_by_name (p));
  else
    received_line = g_strdup (received);
  pieces = g_strdup_printf ("%u", mr_package_get_pieces (p));
  if (!mr_package_status_is_final (status))
    waiting = mr_package_format_age (mr_package_get_received_at (p), g_get_real_time () / 1000);
  department = mr_package_get_department_name (p);

  add_field (self, "tracking_number", _ ("Tracking number"), mr_package_get_tracking_number (p));
  add_field (self, "internal_id", _ ("Internal ID"), mr_package_get_internal_id (p));
  add_field (self, "carrier", _ ("Carrier"),
             mr_package_get_carrier (p) ? mr_package_get_carrier (p) : _ ("Unknown carrier"));
  add_field (self, "service", _ ("Service"), mr_package_get_service (p));
  add_field (self, "recipient", _ ("Recipient"), mr_package_get_recipient_name (p));
  add_field (self, "department",
             mr_package_get_for_department (p) ? _ ("For the department") : _ ("Department"),
             department);
  add_field (self, "status", _ ("Status"), mr_package_status_get_label (status));
  add_field (self, "place", _ ("Place"), mr_package_get_place_name (p));
  add_field (self, "locker", _ ("Locker"), mr_package_get_locker_name (p));
  add_field (self, "bag", _ ("Bag"), mr_package_get_bag_label (p));
  add_field (self, "size", _ ("Size"), mr_package_get_size (p));
  add_field (self, "pieces", _ ("Pieces"), pieces);
  add_field (self, "received", _ ("Received"), received_line);
  add_field (self, "waiting", _ ("Waiting for"), waiting);
  add_field (self, "handover", _ ("Proof at handover"),
             mr_package_handover_get_label (mr_package_get_handover (p)));
  add_field (self, "notes", _ ("Notes"), mr_package_get_notes (p));

  events = mr_store_list_package_events (self->store, mr_package_get_id (p));
  for (guint i = 0; i < events->len; i++)
    add_event (self, g_ptr_array_index (events, i));

  gtk_stack_set_visible_child_name (self->stack, "package");
}

static void
mr_package_details_dispose (GObject *object)
{
  MrPackageDetails *self = MR_PACKAGE_DETAILS (object);

  g_clear_object (&self->package);
  gtk_widget_dispose_template (GTK_WIDGET (object), MR_TYPE_PACKAGE_DETAILS);
  G_OBJECT_CLASS (mr_package_details_parent_class)->dispose (object);
}

static void
mr_package_details_finalize (GObject *object)
{
  MrPackageDetails *self = MR_PACKAGE_DETAILS (object);

  g_clear_object (&self->store);
  g_ptr_array_unref (self->field_rows);
  g_ptr_array_unref (self->event_rows);
  g_hash_table_unref (self->fields);
  G_OBJECT_CLASS (mr_package_details_parent_class)->finalize (object);
}

static void
mr_package_details_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrPackageDetails *self = MR_PACKAGE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SHOW_BACK_BUTTON:
      g_value_set_boolean (value, self->show_back_button);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_package_details_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  MrPackageDetails *self = MR_PACKAGE_DETAILS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
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
mr_package_details_class_init (MrPackageDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_package_details_dispose;
  object_class->finalize = mr_package_details_finalize;
  object_class->get_property = mr_package_details_get_property;
  object_class->set_property = mr_package_details_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_BACK_BUTTON] =
    g_param_spec_boolean ("show-back-button", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-package-details.ui");
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, several_page);
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, status_label);
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, duplicate_box);
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, duplicate_label);
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, needs_label_box);
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, fields_group);
  gtk_widget_class_bind_template_child (widget_class, MrPackageDetails, events_group);
}

static void
mr_package_details_init (MrPackageDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->field_rows = g_ptr_array_new ();
  self->event_rows = g_ptr_array_new ();
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GtkWidget *
mr_package_details_get_custom_fields (MrPackageDetails *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_DETAILS (self), NULL);
  return self->custom_group;
}

GtkWidget *
mr_package_details_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_PACKAGE_DETAILS, "store", store, NULL);
}

void
mr_package_details_set_package (MrPackageDetails *self, MrPackage *package)
{
  g_return_if_fail (MR_IS_PACKAGE_DETAILS (self));
  g_return_if_fail (package == NULL || MR_IS_PACKAGE (package));

  g_set_object (&self->package, package);
  show_package (self);
}

void
mr_package_details_set_several (MrPackageDetails *self, guint n_selected)
{
  g_autofree char *title = NULL;

  g_return_if_fail (MR_IS_PACKAGE_DETAILS (self));

  g_clear_object (&self->package);
  show_package (self);
  title = g_strdup_printf (ngettext ("%u Package Selected", "%u Packages Selected", n_selected),
                           n_selected);
  adw_status_page_set_title (self->several_page, title);
  adw_status_page_set_description (
    self->several_page, _ ("Hand them over together when they are for the same recipient, or add "
                           "them to a bag."));
  gtk_stack_set_visible_child_name (self->stack, "several");
}

MrPackage *
mr_package_details_get_package (MrPackageDetails *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_DETAILS (self), NULL);
  return self->package;
}

guint
mr_package_details_get_n_events (MrPackageDetails *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_DETAILS (self), 0);
  return self->event_rows->len;
}

guint
mr_package_details_get_n_signatures (MrPackageDetails *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_DETAILS (self), 0);
  return self->n_signatures;
}

const char *
mr_package_details_get_field (MrPackageDetails *self, const char *field)
{
  g_return_val_if_fail (MR_IS_PACKAGE_DETAILS (self), NULL);
  return g_hash_table_lookup (self->fields, field);
}

char *
mr_package_details_dup_event_text (MrPackageDetails *self, guint i)
{
  g_return_val_if_fail (MR_IS_PACKAGE_DETAILS (self), NULL);
  if (i >= self->event_rows->len)
    return NULL;
  return g_strdup (g_object_get_data (g_ptr_array_index (self->event_rows, i), "mr-event-text"));
}
