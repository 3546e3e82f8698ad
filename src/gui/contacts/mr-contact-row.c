/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contact-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-contact-row.h"

/* One line of the contact list, drawn rather than built from child widgets.
 *
 * GTK 4.8's list view keeps about 200 rows alive, most of them off screen,
 * and rebinds them all when a search changes the list. A row made of an
 * AdwAvatar, two labels and two images costs a widget tree, CSS nodes and
 * text measurement per row; this one is a single widget of fixed height
 * that lays out its text only when it is drawn, so rows nobody sees cost
 * nearly nothing. It looks like the AdwAvatar + labels it replaces: same
 * avatar palette and colour choice as AdwAvatar (so the details pane's
 * avatar matches), bold name, dimmed smaller subtitle. */

#define AVATAR_SIZE 36
#define MARGIN_Y 6
#define SPACING 12
#define ICON_SIZE 16
#define ROW_HEIGHT (AVATAR_SIZE + 2 * MARGIN_Y)

struct _MrContactRow
{
  GtkWidget parent_instance;

  /* owned */
  MrContact *contact;
  char *subtitle;
  PangoLayout *name_layout;
  PangoLayout *subtitle_layout;
  PangoLayout *initials_layout;
  guint context_serial;
  gboolean needs_accessibility;
  gboolean is_private;
};

G_DEFINE_FINAL_TYPE (MrContactRow, mr_contact_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* libadwaita 1.2's avatar palette (avatar.colorN: gradient top, bottom, text). */
static const struct
{
  const char *top;
  const char *bottom;
  const char *text;
} palette[] = {
  { "#83b6ec", "#337fdc", "#cfe1f5" }, { "#7ad9f1", "#0f9ac8", "#caeaf2" },
  { "#8de6b1", "#29ae74", "#cef8d8" }, { "#b5e98a", "#6ab85b", "#e6f9d7" },
  { "#f8e359", "#d29d09", "#f9f4e1" }, { "#ffcb62", "#d68400", "#ffead1" },
  { "#ffa95a", "#ed5b00", "#ffe5c5" }, { "#f78773", "#e62d42", "#f8d2ce" },
  { "#e973ab", "#e33b6a", "#fac7de" }, { "#cb78d4", "#9945b5", "#e7c2e8" },
  { "#9e91e8", "#7a59ca", "#d5d2f5" }, { "#e3cf9c", "#b08952", "#f2eade" },
  { "#be916d", "#785336", "#e5d6ca" }, { "#c0bfbc", "#6e6d71", "#d8d7d3" },
};

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

static void
clear_layouts (MrContactRow *self)
{
  g_clear_object (&self->name_layout);
  g_clear_object (&self->subtitle_layout);
  g_clear_object (&self->initials_layout);
}

static PangoLayout *
new_layout (MrContactRow *self, const char *text, PangoWeight weight, double scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_weight_new (weight));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

/* The layouts are made on first draw and follow font changes. */
static void
ensure_layouts (MrContactRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);
  const char *name = self->contact ? mr_contact_get_display_name (self->contact) : "";
  const char *initials = self->contact ? mr_contact_get_initials (self->contact) : "";

  if (serial != self->context_serial)
    {
      clear_layouts (self);
      self->context_serial = serial;
    }
  if (self->name_layout == NULL)
    self->name_layout = new_layout (self, name, PANGO_WEIGHT_BOLD, 1.0);
  if (self->subtitle_layout == NULL)
    self->subtitle_layout =
      new_layout (self, self->subtitle ? self->subtitle : "", PANGO_WEIGHT_NORMAL, 0.8333);
  if (self->initials_layout == NULL)
    {
      self->initials_layout = new_layout (self, initials, PANGO_WEIGHT_BOLD, 1.0);
      /* AdwAvatar sizes its initials to the avatar, not the text size. */
      {
        PangoFontDescription *font = pango_font_description_new ();

        pango_font_description_set_absolute_size (font, AVATAR_SIZE * 0.36 * PANGO_SCALE);
        pango_layout_set_font_description (self->initials_layout, font);
        pango_font_description_free (font);
      }
    }
}

static void
get_foreground (GtkWidget *widget, GdkRGBA *color)
{
#if GTK_CHECK_VERSION(4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

static guint
n_icons (MrContactRow *self)
{
  return (self->needs_accessibility ? 1 : 0) + (self->is_private ? 1 : 0);
}

static void
snapshot_icon (GtkWidget *widget,
               GtkSnapshot *snapshot,
               const char *icon_name,
               float x,
               float y,
               const GdkRGBA *color)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr (GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (
    theme, icon_name, NULL, ICON_SIZE, gtk_widget_get_scale_factor (widget),
    gtk_widget_get_direction (widget), 0);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, ICON_SIZE,
                                            ICON_SIZE, color, 1);
  gtk_snapshot_restore (snapshot);
}

static void
mr_contact_row_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  MrContactRow *self = MR_CONTACT_ROW (widget);
  int width = gtk_widget_get_width (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  float avatar_x = rtl ? width - AVATAR_SIZE : 0;
  int icons_width = (int) n_icons (self) * (ICON_SIZE + SPACING);
  int text_width = MAX (0, width - AVATAR_SIZE - SPACING - icons_width);
  float text_x = rtl ? icons_width : AVATAR_SIZE + SPACING;
  PangoRectangle name_rect, subtitle_rect, initials_rect;
  GdkRGBA fg, dim, top, bottom, initials_color;
  gboolean has_subtitle = self->subtitle != NULL && self->subtitle[0] != '\0';
  float text_y;
  guint color;

  if (self->contact == NULL)
    return;

  ensure_layouts (self);
  get_foreground (widget, &fg);
  dim = fg;
  dim.alpha *= 0.55f;

  /* The avatar: AdwAvatar's colour for this text, flat (the middle of its
   * gradient), with the initials drawn outside the clip: one GL program fewer
   * to prepare for the first frame. */
  color = g_str_hash (mr_contact_get_display_name (self->contact)) % G_N_ELEMENTS (palette);
  gdk_rgba_parse (&top, palette[color].top);
  gdk_rgba_parse (&bottom, palette[color].bottom);
  gdk_rgba_parse (&initials_color, palette[color].text);
  {
    graphene_rect_t bounds = GRAPHENE_RECT_INIT (avatar_x, MARGIN_Y, AVATAR_SIZE, AVATAR_SIZE);
    GskRoundedRect circle;
    GdkRGBA mid = { (top.red + bottom.red) / 2, (top.green + bottom.green) / 2,
                    (top.blue + bottom.blue) / 2, 1 };

    gsk_rounded_rect_init_from_rect (&circle, &bounds, AVATAR_SIZE / 2.f);
    gtk_snapshot_push_rounded_clip (snapshot, &circle);
    gtk_snapshot_append_color (snapshot, &mid, &bounds);
    gtk_snapshot_pop (snapshot);
    pango_layout_get_pixel_extents (self->initials_layout, NULL, &initials_rect);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (
      snapshot, &GRAPHENE_POINT_INIT (
                  avatar_x + (AVATAR_SIZE - initials_rect.width) / 2.f - initials_rect.x,
                  MARGIN_Y + (AVATAR_SIZE - initials_rect.height) / 2.f - initials_rect.y));
    gtk_snapshot_append_layout (snapshot, self->initials_layout, &initials_color);
    gtk_snapshot_restore (snapshot);
  }

  /* Name and subtitle, centred together on the avatar. */
  pango_layout_set_width (self->name_layout, text_width * PANGO_SCALE);
  pango_layout_set_width (self->subtitle_layout, text_width * PANGO_SCALE);
  pango_layout_set_alignment (self->name_layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_alignment (self->subtitle_layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_get_pixel_extents (self->name_layout, NULL, &name_rect);
  pango_layout_get_pixel_extents (self->subtitle_layout, NULL, &subtitle_rect);
  text_y = (ROW_HEIGHT - name_rect.height - (has_subtitle ? 2 + subtitle_rect.height : 0)) / 2.f;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (text_x, text_y));
  gtk_snapshot_append_layout (snapshot, self->name_layout, &fg);
  if (has_subtitle)
    {
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, name_rect.height + 2));
      gtk_snapshot_append_layout (snapshot, self->subtitle_layout, &dim);
    }
  gtk_snapshot_restore (snapshot);

  /* The private and accessibility marks, at the end of the line. */
  {
    float x = rtl ? 0 : width - icons_width + SPACING;
    float y = (ROW_HEIGHT - ICON_SIZE) / 2.f;

    if (self->is_private)
      {
        snapshot_icon (widget, snapshot, "changes-prevent-symbolic", x, y, &dim);
        x += ICON_SIZE + SPACING;
      }
    if (self->needs_accessibility)
      snapshot_icon (widget, snapshot, "preferences-desktop-accessibility-symbolic", x, y, &fg);
  }
}

static void
mr_contact_row_measure (GtkWidget *widget,
                        GtkOrientation orientation,
                        int for_size,
                        int *minimum,
                        int *natural,
                        int *minimum_baseline,
                        int *natural_baseline)
{
  /* Fixed height, no text measured: the list never has to lay text out
   * to know where rows go. */
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = ROW_HEIGHT;
  else
    {
      *minimum = AVATAR_SIZE + SPACING;
      *natural = AVATAR_SIZE + SPACING + 240;
    }
}

/* Tooltips name the marks at the end of the line. */
static gboolean
mr_contact_row_query_tooltip (
  GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  MrContactRow *self = MR_CONTACT_ROW (widget);
  int width = gtk_widget_get_width (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int icons_width = (int) n_icons (self) * (ICON_SIZE + SPACING);
  int pos = rtl ? x : x - (width - icons_width);
  GString *text;

  if (keyboard || self->contact == NULL || n_icons (self) == 0 || pos < 0)
    return FALSE;
  text = g_string_new (NULL);
  if (self->is_private)
    g_string_append (text, _ ("Private contact"));
  if (self->needs_accessibility)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, _ ("Needs accessibility accommodations for locker use"));
    }
  gtk_tooltip_set_text (tooltip, text->str);
  g_string_free (text, TRUE);
  return TRUE;
}

static void
update (MrContactRow *self)
{
  g_autoptr (GString) description = NULL;
  const char *name;

  clear_layouts (self);
  g_clear_pointer (&self->subtitle, g_free);
  self->needs_accessibility = FALSE;
  self->is_private = FALSE;

  if (self->contact != NULL)
    {
      name = mr_contact_get_display_name (self->contact);
      self->subtitle = subtitle_for (self->contact);
      self->needs_accessibility = mr_contact_get_needs_accessibility (self->contact);
      self->is_private = mr_contact_get_is_private (self->contact);

      description = g_string_new (self->subtitle);
      if (self->is_private)
        g_string_append_printf (description, "%s%s", description->len ? ", " : "",
                                _ ("Private contact"));
      if (self->needs_accessibility)
        g_string_append_printf (description, "%s%s", description->len ? ", " : "",
                                _ ("Needs accessibility accommodations for locker use"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);

  /* Setting has-tooltip asks the display server where the pointer is (GTK
   * 4.8): only rows that show a mark need it. */
  if (gtk_widget_get_has_tooltip (GTK_WIDGET (self)) != (n_icons (self) > 0))
    gtk_widget_set_has_tooltip (GTK_WIDGET (self), n_icons (self) > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
mr_contact_row_dispose (GObject *object)
{
  MrContactRow *self = (MrContactRow *) object;

  clear_layouts (self);
  g_clear_object (&self->contact);
  g_clear_pointer (&self->subtitle, g_free);
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

  widget_class->snapshot = mr_contact_row_snapshot;
  widget_class->measure = mr_contact_row_measure;
  widget_class->query_tooltip = mr_contact_row_query_tooltip;

  properties[PROP_CONTACT] =
    g_param_spec_object ("contact", NULL, NULL, MR_TYPE_CONTACT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "mr-contact-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mr_contact_row_init (MrContactRow *self)
{
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
