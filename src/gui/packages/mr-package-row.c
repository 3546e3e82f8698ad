/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-package-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-package-row.h"
#include "mr-packages-utils.h"
#include "widgets/mr-gui-utils.h"

/* Two lines, so a row holds at 360 px: the title with its flags and the
 * age (awaiting) or time of receipt on the first; carrier, recipient and
 * place on the second, with the status at its end. The labels are made
 * once per row and only their text changes when the list view rebinds
 * the row to another package. */

struct _MrPackageRow
{
  GtkWidget parent_instance;

  GtkLabel *title;
  GtkImage *duplicate_icon;
  GtkImage *label_icon;
  GtkLabel *time;
  GtkLabel *details;
  GtkLabel *status;
};

G_DEFINE_FINAL_TYPE (MrPackageRow, mr_package_row, GTK_TYPE_WIDGET)

static GtkLabel *
new_label (GtkWidget *box, gboolean expand, PangoEllipsizeMode ellipsize, const char *css)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_ellipsize (label, ellipsize);
  gtk_label_set_single_line_mode (label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (label), expand);
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), css);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (label));
  return label;
}

static GtkImage *
new_flag (GtkWidget *box, const char *icon_name, const char *css, const char *tooltip)
{
  GtkImage *image = GTK_IMAGE (gtk_image_new_from_icon_name (icon_name));

  gtk_widget_add_css_class (GTK_WIDGET (image), css);
  gtk_widget_set_tooltip_text (GTK_WIDGET (image), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (image), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (image));
  return image;
}

static void
mr_package_row_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (mr_package_row_parent_class)->dispose (object);
}

static void
mr_package_row_class_init (MrPackageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_package_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "packagerow");
}

static void
mr_package_row_init (MrPackageRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *first = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *second = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 3);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  /* Tracking numbers are read from both ends: keep both. */
  self->title = new_label (first, TRUE, PANGO_ELLIPSIZE_MIDDLE, "heading");
  self->duplicate_icon = new_flag (first, "dialog-warning-symbolic", "warning",
                                   _ ("Duplicate: this tracking number was received before"));
  self->label_icon = new_flag (first, "document-print-symbolic", "accent",
                               _ ("Needs a label: it came without a tracking number"));
  self->time = new_label (first, FALSE, PANGO_ELLIPSIZE_NONE, "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->time), "dim-label");

  self->details = new_label (second, TRUE, PANGO_ELLIPSIZE_END, "dim-label");
  self->status = new_label (second, FALSE, PANGO_ELLIPSIZE_NONE, "mr-badge");

  gtk_widget_set_parent (first, GTK_WIDGET (self));
  gtk_widget_set_parent (second, GTK_WIDGET (self));
}

GtkWidget *
mr_package_row_new (void)
{
  return g_object_new (MR_TYPE_PACKAGE_ROW, NULL);
}

static char *
format_time (MrPackage *package, MrPackageView view, gint64 now_ms)
{
  gint64 at = mr_package_get_received_at (package);
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (at / 1000);

  if (view == MR_PACKAGE_VIEW_AWAITING)
    return mr_package_format_age (at, now_ms);
  if (dt == NULL)
    return g_strdup ("");
  if (view == MR_PACKAGE_VIEW_TODAY)
    /* Translators: the time a package was received today, strftime() format */
    return g_date_time_format (dt, _ ("%H:%M"));
  return mr_format_time_ms (at);
}

void
mr_package_row_set_package (MrPackageRow *self,
                            MrPackage *package,
                            MrPackageView view,
                            gint64 now_ms)
{
  g_autofree char *time = NULL;
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;
  const char *carrier, *who, *where;
  GPtrArray *parts;

  g_return_if_fail (MR_IS_PACKAGE_ROW (self));

  if (package == NULL)
    {
      gtk_label_set_text (self->title, "");
      gtk_label_set_text (self->time, "");
      gtk_label_set_text (self->details, "");
      gtk_label_set_text (self->status, "");
      gtk_widget_set_visible (GTK_WIDGET (self->duplicate_icon), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->label_icon), FALSE);
      return;
    }

  carrier = mr_package_get_carrier (package);
  who = mr_packages_for_name (package);
  where = mr_packages_where (package);
  parts = g_ptr_array_new ();
  g_ptr_array_add (parts, (gpointer) (carrier ? carrier : _ ("Unknown carrier")));
  g_ptr_array_add (parts, (gpointer) (who ? who : _ ("No recipient")));
  if (where != NULL)
    g_ptr_array_add (parts, (gpointer) where);
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between a package's carrier, recipient
   * and place in the list */
  details = g_strjoinv (_ (" · "), (char **) parts->pdata);
  g_ptr_array_unref (parts);

  time = format_time (package, view, now_ms);
  gtk_label_set_text (self->title, mr_packages_title (package));
  gtk_label_set_text (self->time, time);
  gtk_label_set_text (self->details, details);
  gtk_label_set_text (self->status, mr_package_status_get_label (mr_package_get_status (package)));
  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_icon),
                          mr_package_get_duplicate_of (package) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->label_icon), mr_package_needs_label (package));

  if (view == MR_PACKAGE_VIEW_AWAITING)
    accessible = g_strdup_printf (
      /* Translators: what a screen reader says for a row of the awaiting
       * list: tracking number, details, status, how long it has waited */
      _ ("%s, %s, %s, waiting %s"), mr_packages_title (package), details,
      mr_package_status_get_label (mr_package_get_status (package)), time);
  else
    accessible = g_strdup_printf (
      /* Translators: what a screen reader says for a row of the package
       * list: tracking number, details, status, time received */
      _ ("%s, %s, %s, received %s"), mr_packages_title (package), details,
      mr_package_status_get_label (mr_package_get_status (package)), time);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

const char *
mr_package_row_get_title (MrPackageRow *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_ROW (self), NULL);
  return gtk_label_get_text (self->title);
}

const char *
mr_package_row_get_time (MrPackageRow *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_ROW (self), NULL);
  return gtk_label_get_text (self->time);
}

const char *
mr_package_row_get_details (MrPackageRow *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_ROW (self), NULL);
  return gtk_label_get_text (self->details);
}

gboolean
mr_package_row_get_duplicate_shown (MrPackageRow *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_ROW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->duplicate_icon));
}

gboolean
mr_package_row_get_needs_label_shown (MrPackageRow *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_ROW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->label_icon));
}
