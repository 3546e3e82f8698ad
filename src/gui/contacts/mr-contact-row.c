/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contact-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-contact-row.h"

/* One line of the contact list. Rows are recycled by the list view, so all
 * state comes from the contact set last. */

struct _MrContactRow
{
  AdwBin parent_instance;

  /* template widgets */
  AdwAvatar *avatar;
  GtkLabel *name_label;
  GtkLabel *subtitle_label;
  GtkImage *accessibility_icon;
  GtkImage *private_icon;

  /* owned */
  MrContact *contact;
};

G_DEFINE_FINAL_TYPE (MrContactRow, mr_contact_row, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
subtitle_for (MrContact *contact)
{
  const char *department = mr_contact_get_department_name (contact);
  const char *email = mr_contact_get_email (contact);
  gboolean has_department = department != NULL && department[0] != '\0';
  gboolean has_email = email != NULL && email[0] != '\0';

  if (has_department && has_email)
    /* Translators: contact list subtitle, "Department · email" */
    return g_strdup_printf (_ ("%s · %s"), department, email);
  if (has_department)
    return g_strdup (department);
  if (has_email)
    return g_strdup (email);
  return g_strdup ("");
}

/* Tooltips are set only on icons that are shown: in GTK 4.8 setting one
 * queries the pointer from the display server, and the list builds a
 * couple of hundred rows at start-up, most without these icons. */
static void
show_icon (GtkImage *icon, gboolean visible, const char *tooltip)
{
  gtk_widget_set_visible (GTK_WIDGET (icon), visible);
  if (visible && gtk_widget_get_tooltip_text (GTK_WIDGET (icon)) == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (icon), tooltip);
}

static void
update (MrContactRow *self)
{
  g_autofree char *subtitle = NULL;
  const char *name;

  if (self->contact == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->subtitle_label, "");
      adw_avatar_set_text (self->avatar, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->accessibility_icon), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->private_icon), FALSE);
      return;
    }

  name = mr_contact_get_display_name (self->contact);
  subtitle = subtitle_for (self->contact);
  gtk_label_set_label (self->name_label, name);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle[0] != '\0');
  adw_avatar_set_text (self->avatar, name);
  show_icon (self->accessibility_icon, mr_contact_get_needs_accessibility (self->contact),
             _ ("Needs accessibility accommodations for locker use"));
  show_icon (self->private_icon, mr_contact_get_is_private (self->contact), _ ("Private contact"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
}

static void
mr_contact_row_dispose (GObject *object)
{
  MrContactRow *self = (MrContactRow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_CONTACT_ROW);
  g_clear_object (&self->contact);
  G_OBJECT_CLASS (mr_contact_row_parent_class)->dispose (object);
}

static void
mr_contact_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrContactRow *self = MR_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      g_value_set_object (value, self->contact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_contact_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MrContactRow *self = MR_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      mr_contact_row_set_contact (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_contact_row_class_init (MrContactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_contact_row_dispose;
  object_class->get_property = mr_contact_row_get_property;
  object_class->set_property = mr_contact_row_set_property;

  properties[PROP_CONTACT] =
    g_param_spec_object ("contact", NULL, NULL, MR_TYPE_CONTACT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-contact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MrContactRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, MrContactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, MrContactRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MrContactRow, accessibility_icon);
  gtk_widget_class_bind_template_child (widget_class, MrContactRow, private_icon);
}

static void
mr_contact_row_init (MrContactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mr_contact_row_new (void)
{
  return g_object_new (MR_TYPE_CONTACT_ROW, NULL);
}

MrContact *
mr_contact_row_get_contact (MrContactRow *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_ROW (self), NULL);
  return self->contact;
}

void
mr_contact_row_set_contact (MrContactRow *self, MrContact *contact)
{
  g_return_if_fail (MR_IS_CONTACT_ROW (self));
  g_return_if_fail (contact == NULL || MR_IS_CONTACT (contact));

  if (!g_set_object (&self->contact, contact))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT]);
}
