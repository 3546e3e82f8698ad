/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mr-locker-layout-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

/* Pixels per centimetre: to scale, but never so small that a door cannot
 * be clicked, nor so large that a one-column bank fills the screen. */
#define MIN_SCALE 1.2
#define NATURAL_SCALE 3.0
#define MAX_SCALE 5.0
#define MARGIN 12.0
#define RULER_WIDTH 44.0
/* The drawing shows at least this height, so the band within reach is
 * always on screen, even above a low bank. */
#define MIN_HEIGHT_CM (MR_LOCKER_ACCESSIBLE_TOP_CM + 8)

struct _MrLockerLayoutView
{
  GtkWidget parent_instance;

  /* borrowed */
  const MrLockerLayout *layout;
  GHashTable *busy;

  int sel_column;
  int sel_entry;
  double scale;
  double ox, oy; /* where the bank's top-left corner is drawn */
  int width_cm;
  int height_cm;
  gulong dark_handler;
  GtkIconPaintable *access_icon;
};

G_DEFINE_FINAL_TYPE (MrLockerLayoutView, mr_locker_layout_view, GTK_TYPE_WIDGET)

enum
{
  SELECTION_CHANGED,
  DELETE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static const MrLockerLayoutColumn *
get_column (MrLockerLayoutView *self, int column)
{
  if (self->layout == NULL || column < 0 || (guint) column >= self->layout->columns->len)
    return NULL;
  return g_ptr_array_index (self->layout->columns, column);
}

static const MrLockerLayoutDoor *
get_entry (MrLockerLayoutView *self, int column, int entry)
{
  const MrLockerLayoutColumn *col = get_column (self, column);

  if (col == NULL || entry < 0 || (guint) entry >= col->doors->len)
    return NULL;
  return &g_array_index (col->doors, MrLockerLayoutDoor, entry);
}

static const MrLockerLayoutDoor *
get_door (MrLockerLayoutView *self, int column, int entry)
{
  const MrLockerLayoutDoor *d = get_entry (self, column, entry);

  return d != NULL && d->panel == NULL ? d : NULL;
}

gboolean
mr_locker_layout_view_is_busy (MrLockerLayoutView *self, const char *number)
{
  g_return_val_if_fail (MR_IS_LOCKER_LAYOUT_VIEW (self), FALSE);
  return self->busy != NULL && number != NULL && g_hash_table_contains (self->busy, number);
}

char *
mr_locker_layout_door_describe (const MrLockerLayoutDoor *door, gboolean busy)
{
  GString *out = g_string_new (NULL);
  int top;

  g_return_val_if_fail (door != NULL && door->panel == NULL, NULL);

  top = door->bottom_cm + door->height_cm;
  if (door->size == MR_LOCKER_SIZE_CUSTOM)
    /* Translators: a door in the bank editor: its number, its height, its
     * bottom and top from the floor. */
    g_string_append_printf (out,
                            _ ("Door %s, custom size, %d cm high, %d to %d cm from the floor."),
                            door->number, door->height_cm, door->bottom_cm, top);
  else
    /* Translators: a door in the bank editor: its number, its size (XS, S,
     * M, L, XL), its height, its bottom and top from the floor. */
    g_string_append_printf (out, _ ("Door %s, size %s, %d cm high, %d to %d cm from the floor."),
                            door->number, mr_locker_size_to_string (door->size), door->height_cm,
                            door->bottom_cm, top);
  g_string_append_c (out, ' ');
  if (mr_locker_is_accessible (door->bottom_cm, top))
    g_string_append (out, _ ("Within reach for recipients who need accommodations."));
  else
    g_string_append (out, _ ("Out of reach for recipients who need accommodations."));
  if (door->rear_loading)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, _ ("Loaded from the rear."));
    }
  if (door->delivery_only)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, _ ("Kept for deliveries only."));
    }
  if (busy)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, _ ("Holds packages or is reserved: it cannot be removed or resized."));
    }
  return g_string_free (out, FALSE);
}

/* Geometry */

static int
column_x_cm (MrLockerLayoutView *self, guint column)
{
  int x = 0;

  for (guint c = 0; c < column; c++)
    x += ((MrLockerLayoutColumn *) g_ptr_array_index (self->layout->columns, c))->width_cm;
  return x;
}

static void
update_extent (MrLockerLayoutView *self)
{
  self->width_cm = 0;
  self->height_cm = MIN_HEIGHT_CM;
  for (guint c = 0; self->layout != NULL && c < self->layout->columns->len; c++)
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (self->layout->columns, c);

      self->width_cm += col->width_cm;
      /* The first entry is the highest. */
      if (col->doors->len > 0)
        {
          const MrLockerLayoutDoor *top = &g_array_index (col->doors, MrLockerLayoutDoor, 0);

          self->height_cm = MAX (self->height_cm, top->bottom_cm + top->height_cm + 5);
        }
    }
}

static void
update_geometry (MrLockerLayoutView *self, int width, int height)
{
  double s;

  if (self->width_cm <= 0)
    {
      self->scale = NATURAL_SCALE;
      self->ox = RULER_WIDTH + MARGIN;
      self->oy = MARGIN;
      return;
    }
  s = MIN ((width - RULER_WIDTH - 2 * MARGIN) / self->width_cm,
           (height - 2 * MARGIN) / self->height_cm);
  self->scale = CLAMP (s, MIN_SCALE, MAX_SCALE);
  self->ox = RULER_WIDTH + MAX (MARGIN, (width - RULER_WIDTH - self->width_cm * self->scale) / 2);
  self->oy = MAX (MARGIN, (height - self->height_cm * self->scale) / 2);
}

static double
y_of_cm (MrLockerLayoutView *self, double cm)
{
  return self->oy + (self->height_cm - cm) * self->scale;
}

static void
entry_rect (MrLockerLayoutView *self, guint column, const MrLockerLayoutDoor *d, graphene_rect_t *r)
{
  const MrLockerLayoutColumn *col = g_ptr_array_index (self->layout->columns, column);
  double s = self->scale;

  /* One pixel of the bank's body shows between neighbouring doors. */
  graphene_rect_init (r, self->ox + column_x_cm (self, column) * s + 1,
                      y_of_cm (self, d->bottom_cm + d->height_cm) + 1,
                      MAX (1.0, col->width_cm * s - 2), MAX (1.0, d->height_cm * s - 2));
}

gboolean
mr_locker_layout_view_get_door_rect (MrLockerLayoutView *self,
                                     guint column,
                                     guint entry,
                                     GdkRectangle *rect)
{
  const MrLockerLayoutDoor *d;
  graphene_rect_t r;

  g_return_val_if_fail (MR_IS_LOCKER_LAYOUT_VIEW (self), FALSE);
  d = get_entry (self, (int) column, (int) entry);
  if (d == NULL)
    return FALSE;
  entry_rect (self, column, d, &r);
  rect->x = (int) r.origin.x;
  rect->y = (int) r.origin.y;
  rect->width = (int) r.size.width;
  rect->height = (int) r.size.height;
  return TRUE;
}

static gboolean
door_at (MrLockerLayoutView *self, double x, double y, int *column, int *entry)
{
  for (guint c = 0; self->layout != NULL && c < self->layout->columns->len; c++)
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (self->layout->columns, c);
      double left = self->ox + column_x_cm (self, c) * self->scale;

      if (x < left || x >= left + col->width_cm * self->scale)
        continue;
      for (guint i = 0; i < col->doors->len; i++)
        {
          const MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);
          graphene_rect_t r;

          entry_rect (self, c, d, &r);
          if (d->panel == NULL && y >= r.origin.y - 1 && y < r.origin.y + r.size.height + 1)
            {
              *column = (int) c;
              *entry = (int) i;
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* Drawing */

static void
door_colors (gboolean accessible, gboolean dark, GdkRGBA *fill, GdkRGBA *ink)
{
  if (dark)
    {
      gdk_rgba_parse (fill, accessible ? "#1a5fb4" : "#5e5c64");
      *ink = (GdkRGBA){ 1, 1, 1, 0.92f };
    }
  else
    {
      gdk_rgba_parse (fill, accessible ? "#c0d8f7" : "#f6f5f4");
      *ink = (GdkRGBA){ 0, 0, 0, 0.8f };
    }
}

static void
accent_color (gboolean dark, GdkRGBA *accent)
{
  gdk_rgba_parse (accent, dark ? "#78aeed" : "#1c71d8");
}

static void
append_text (GtkSnapshot *snapshot, PangoLayout *layout, double x, double y, const GdkRGBA *ink)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, ink);
  gtk_snapshot_restore (snapshot);
}

static PangoLayout *
small_layout (MrLockerLayoutView *self, const char *text, gboolean bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static void
snapshot_ruler (MrLockerLayoutView *self, GtkSnapshot *snapshot, const GdkRGBA *fg, gboolean dark)
{
  GdkRGBA dim = *fg, band;
  double x = self->ox - 10;
  double floor_y = y_of_cm (self, 0);

  dim.alpha *= 0.6f;
  accent_color (dark, &band);
  band.alpha = 0.35f;
  /* The band within reach, beside the ruler. */
  gtk_snapshot_append_color (
    snapshot, &band,
    &GRAPHENE_RECT_INIT (
      (float) x - 2, (float) y_of_cm (self, MR_LOCKER_ACCESSIBLE_TOP_CM), 6,
      (float) ((MR_LOCKER_ACCESSIBLE_TOP_CM - MR_LOCKER_ACCESSIBLE_BOTTOM_CM) * self->scale)));
  gtk_snapshot_append_color (snapshot, &dim,
                             &GRAPHENE_RECT_INIT ((float) x,
                                                  (float) y_of_cm (self, self->height_cm), 1,
                                                  (float) (self->height_cm * self->scale)));
  for (int cm = 0; cm <= self->height_cm; cm += 10)
    {
      gboolean major = cm % 50 == 0;
      double y = y_of_cm (self, cm);

      gtk_snapshot_append_color (
        snapshot, &dim,
        &GRAPHENE_RECT_INIT ((float) (x - (major ? 8 : 4)), (float) y, major ? 8 : 4, 1));
      if (major)
        {
          g_autofree char *text = g_strdup_printf ("%d", cm);
          g_autoptr (PangoLayout) layout = small_layout (self, text, FALSE);
          int lw, lh;

          pango_layout_get_pixel_size (layout, &lw, &lh);
          append_text (snapshot, layout, x - 10 - lw, y - lh / 2.0, fg);
        }
    }
  {
    /* Translators: the unit of the ruler beside the bank in the editor. */
    g_autoptr (PangoLayout) unit = small_layout (self, C_ ("ruler", "cm"), FALSE);
    int lw, lh;

    pango_layout_get_pixel_size (unit, &lw, &lh);
    append_text (snapshot, unit, x - 10 - lw, y_of_cm (self, self->height_cm) - lh - 2, &dim);
  }
  /* The floor. */
  gtk_snapshot_append_color (
    snapshot, fg,
    &GRAPHENE_RECT_INIT ((float) x, (float) floor_y,
                         (float) (self->ox - x + self->width_cm * self->scale + MARGIN), 2));
}

static void
snapshot_door (MrLockerLayoutView *self,
               GtkSnapshot *snapshot,
               guint column,
               const MrLockerLayoutDoor *d,
               gboolean dark)
{
  gboolean accessible = mr_locker_is_accessible (d->bottom_cm, d->bottom_cm + d->height_cm);
  gboolean busy = mr_locker_layout_view_is_busy (self, d->number);
  graphene_rect_t r;
  GdkRGBA fill, ink;
  g_autoptr (PangoLayout) number = NULL;
  g_autoptr (PangoLayout) size = NULL;
  int nw, nh, sw = 0, sh = 0;
  float mark;

  entry_rect (self, column, d, &r);
  door_colors (accessible, dark, &fill, &ink);
  gtk_snapshot_append_color (snapshot, &fill, &r);

  number = small_layout (self, d->number, TRUE);
  pango_layout_get_pixel_size (number, &nw, &nh);
  if (nw + 6 <= r.size.width && nh + 2 <= r.size.height)
    append_text (snapshot, number, r.origin.x + 4, r.origin.y + 1, &ink);
  if (d->size == MR_LOCKER_SIZE_CUSTOM)
    {
      g_autofree char *text = g_strdup_printf (_ ("%d cm"), d->height_cm);

      size = small_layout (self, text, FALSE);
    }
  else
    size = small_layout (self, mr_locker_size_to_string (d->size), FALSE);
  pango_layout_get_pixel_size (size, &sw, &sh);
  if (sw + 6 <= r.size.width && nh + sh + 2 <= r.size.height)
    append_text (snapshot, size, r.origin.x + 4, r.origin.y + r.size.height - sh - 1, &ink);

  mark = (float) MIN (14.0, MIN (r.size.width, r.size.height) - 4);
  if (accessible && self->access_icon != NULL && mark >= 8 && r.size.width >= nw + mark + 10)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (r.origin.x + r.size.width - mark - 3,
                                                    r.origin.y + r.size.height - mark - 3));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (self->access_icon),
                                                GDK_SNAPSHOT (snapshot), mark, mark, &ink, 1);
      gtk_snapshot_restore (snapshot);
    }
  if (busy)
    {
      /* A parcel, as on the locker map. */
      float b = MAX (4.0f, mark * 0.6f);

      gtk_snapshot_append_color (
        snapshot, &ink,
        &GRAPHENE_RECT_INIT (r.origin.x + r.size.width - b - 4, r.origin.y + 4, b, b));
    }
}

static void
snapshot_panel (MrLockerLayoutView *self,
                GtkSnapshot *snapshot,
                guint column,
                const MrLockerLayoutDoor *d,
                const GdkRGBA *fg)
{
  graphene_rect_t r;
  GdkRGBA fill = *fg;

  entry_rect (self, column, d, &r);
  fill.alpha = 0.15f;
  gtk_snapshot_append_color (snapshot, &fill, &r);
  if (d->panel != NULL && *d->panel != '\0')
    {
      g_autoptr (PangoLayout) layout = small_layout (self, d->panel, FALSE);
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      if (lw + 6 <= r.size.width && lh + 2 <= r.size.height)
        append_text (snapshot, layout, r.origin.x + 4, r.origin.y + 1, fg);
    }
}

static void
mr_locker_layout_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  MrLockerLayoutView *self = MR_LOCKER_LAYOUT_VIEW (widget);
  gboolean dark = is_dark ();
  GdkRGBA body, fg, accent;
  const MrLockerLayoutDoor *selected;

  if (self->layout == NULL || self->layout->columns->len == 0)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gdk_rgba_parse (&body, dark ? "#241f31" : "#77767b");
  accent_color (dark, &accent);

  snapshot_ruler (self, snapshot, &fg, dark);
  for (guint c = 0; c < self->layout->columns->len; c++)
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (self->layout->columns, c);
      const MrLockerLayoutDoor *top = &g_array_index (col->doors, MrLockerLayoutDoor, 0);
      int top_cm = top->bottom_cm + top->height_cm;

      /* The body, from the top of the column down to the floor: the base
       * is part of the front. */
      gtk_snapshot_append_color (
        snapshot, &body,
        &GRAPHENE_RECT_INIT ((float) (self->ox + column_x_cm (self, c) * self->scale),
                             (float) y_of_cm (self, top_cm), (float) (col->width_cm * self->scale),
                             (float) (top_cm * self->scale)));
      for (guint i = 0; i < col->doors->len; i++)
        {
          const MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);

          if (d->panel != NULL)
            snapshot_panel (self, snapshot, c, d, &fg);
          else
            snapshot_door (self, snapshot, c, d, dark);
        }
    }

  /* The edges of the band within reach, across the bank. */
  {
    GdkRGBA line = accent;

    line.alpha = 0.7f;
    for (guint k = 0; k < 2; k++)
      {
        int cm = k == 0 ? MR_LOCKER_ACCESSIBLE_BOTTOM_CM : MR_LOCKER_ACCESSIBLE_TOP_CM;

        gtk_snapshot_append_color (
          snapshot, &line,
          &GRAPHENE_RECT_INIT ((float) self->ox - 10, (float) y_of_cm (self, cm),
                               (float) (self->width_cm * self->scale + 10), 1));
      }
  }

  selected = get_door (self, self->sel_column, self->sel_entry);
  if (selected != NULL)
    {
      gboolean focus = gtk_widget_has_focus (widget);
      float w = focus ? 3 : 2;
      const GdkRGBA colors[4] = { accent, accent, accent, accent };
      const float widths[4] = { w, w, w, w };
      graphene_rect_t r;
      GskRoundedRect outline;

      entry_rect (self, (guint) self->sel_column, selected, &r);
      graphene_rect_inset (&r, -2, -2);
      gsk_rounded_rect_init_from_rect (&outline, &r, 3);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
mr_locker_layout_view_measure (GtkWidget *widget,
                               GtkOrientation orientation,
                               int for_size,
                               int *minimum,
                               int *natural,
                               int *minimum_baseline,
                               int *natural_baseline)
{
  MrLockerLayoutView *self = MR_LOCKER_LAYOUT_VIEW (widget);
  double extra = orientation == GTK_ORIENTATION_HORIZONTAL ? RULER_WIDTH + 2 * MARGIN : 2 * MARGIN;
  int cm = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width_cm : self->height_cm;

  *minimum = (int) ceil (cm * MIN_SCALE + extra);
  *natural = (int) ceil (cm * NATURAL_SCALE + extra);
}

static void
mr_locker_layout_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  update_geometry (MR_LOCKER_LAYOUT_VIEW (widget), width, height);
}

/* Selection and keyboard */

static void
update_accessible (MrLockerLayoutView *self)
{
  const MrLockerLayoutDoor *d = get_door (self, self->sel_column, self->sel_entry);
  g_autofree char *text =
    d ? mr_locker_layout_door_describe (d, mr_locker_layout_view_is_busy (self, d->number)) : NULL;

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

void
mr_locker_layout_view_select (MrLockerLayoutView *self, int column, int entry)
{
  g_return_if_fail (MR_IS_LOCKER_LAYOUT_VIEW (self));

  if (get_door (self, column, entry) == NULL)
    column = entry = -1;
  if (column == self->sel_column && entry == self->sel_entry)
    return;
  self->sel_column = column;
  self->sel_entry = entry;
  update_accessible (self);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

gboolean
mr_locker_layout_view_get_selected (MrLockerLayoutView *self, guint *column, guint *entry)
{
  g_return_val_if_fail (MR_IS_LOCKER_LAYOUT_VIEW (self), FALSE);

  if (get_door (self, self->sel_column, self->sel_entry) == NULL)
    return FALSE;
  if (column != NULL)
    *column = (guint) self->sel_column;
  if (entry != NULL)
    *entry = (guint) self->sel_entry;
  return TRUE;
}

static int
first_door_of (MrLockerLayoutView *self, int column)
{
  const MrLockerLayoutColumn *col = get_column (self, column);

  for (guint i = 0; col != NULL && i < col->doors->len; i++)
    if (g_array_index (col->doors, MrLockerLayoutDoor, i).panel == NULL)
      return (int) i;
  return -1;
}

/* Left and right go to the door of the next column whose middle is the
 * nearest in height: columns can have doors of different sizes. */
gboolean
mr_locker_layout_view_move_selection (MrLockerLayoutView *self, int dx, int dy)
{
  const MrLockerLayoutDoor *d;
  const MrLockerLayoutColumn *col;
  int column = -1, entry = -1;

  g_return_val_if_fail (MR_IS_LOCKER_LAYOUT_VIEW (self), FALSE);
  if (self->layout == NULL || self->layout->columns->len == 0)
    return FALSE;
  d = get_door (self, self->sel_column, self->sel_entry);
  if (d == NULL)
    {
      mr_locker_layout_view_select (self, 0, first_door_of (self, 0));
      return TRUE;
    }
  if (dy != 0)
    {
      col = get_column (self, self->sel_column);
      for (int i = self->sel_entry + dy; i >= 0 && (guint) i < col->doors->len; i += dy)
        if (g_array_index (col->doors, MrLockerLayoutDoor, i).panel == NULL)
          {
            column = self->sel_column;
            entry = i;
            break;
          }
    }
  else if (dx != 0)
    {
      double middle = d->bottom_cm + d->height_cm / 2.0;
      double best = G_MAXDOUBLE;

      column = self->sel_column + dx;
      col = get_column (self, column);
      if (col == NULL)
        return FALSE;
      for (guint i = 0; i < col->doors->len; i++)
        {
          const MrLockerLayoutDoor *other = &g_array_index (col->doors, MrLockerLayoutDoor, i);
          double distance = fabs (other->bottom_cm + other->height_cm / 2.0 - middle);

          if (other->panel == NULL && distance < best)
            {
              best = distance;
              entry = (int) i;
            }
        }
    }
  if (entry < 0)
    return FALSE;
  mr_locker_layout_view_select (self, column, entry);
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                MrLockerLayoutView *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      mr_locker_layout_view_move_selection (self, -1, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      mr_locker_layout_view_move_selection (self, 1, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      mr_locker_layout_view_move_selection (self, 0, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      mr_locker_layout_view_move_selection (self, 0, 1);
      return TRUE;
    case GDK_KEY_Home:
      mr_locker_layout_view_select (self, 0, first_door_of (self, 0));
      return TRUE;
    case GDK_KEY_End:
      if (self->layout != NULL && self->layout->columns->len > 0)
        {
          int last = (int) self->layout->columns->len - 1;
          const MrLockerLayoutColumn *col = get_column (self, last);

          mr_locker_layout_view_select (self, last, (int) col->doors->len - 1);
        }
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (get_door (self, self->sel_column, self->sel_entry) != NULL)
        g_signal_emit (self, signals[DELETE_REQUESTED], 0);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
click_pressed_cb (
  GtkGestureClick *gesture, int n_press, double x, double y, MrLockerLayoutView *self)
{
  int column, entry;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (door_at (self, x, y, &column, &entry))
    mr_locker_layout_view_select (self, column, entry);
}

static gboolean
mr_locker_layout_view_query_tooltip (
  GtkWidget *widget, int x, int y, gboolean keyboard_mode, GtkTooltip *tooltip)
{
  MrLockerLayoutView *self = MR_LOCKER_LAYOUT_VIEW (widget);
  int column = self->sel_column, entry = self->sel_entry;
  const MrLockerLayoutDoor *d;
  g_autofree char *text = NULL;
  GdkRectangle rect;

  if (!keyboard_mode && !door_at (self, x, y, &column, &entry))
    return FALSE;
  d = get_door (self, column, entry);
  if (d == NULL)
    return FALSE;
  text = mr_locker_layout_door_describe (d, mr_locker_layout_view_is_busy (self, d->number));
  gtk_tooltip_set_text (tooltip, text);
  mr_locker_layout_view_get_door_rect (self, (guint) column, (guint) entry, &rect);
  gtk_tooltip_set_tip_area (tooltip, &rect);
  return TRUE;
}

static void
focus_enter_cb (GtkEventControllerFocus *controller, MrLockerLayoutView *self)
{
  /* The keyboard starts at the first door. */
  if (get_door (self, self->sel_column, self->sel_entry) == NULL)
    mr_locker_layout_view_select (self, 0, first_door_of (self, 0));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mr_locker_layout_view_set_layout (MrLockerLayoutView *self, const MrLockerLayout *layout)
{
  g_return_if_fail (MR_IS_LOCKER_LAYOUT_VIEW (self));

  self->layout = layout;
  update_extent (self);
  update_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                   gtk_widget_get_height (GTK_WIDGET (self)));
  if (get_door (self, self->sel_column, self->sel_entry) == NULL)
    mr_locker_layout_view_select (self, -1, -1);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mr_locker_layout_view_set_busy (MrLockerLayoutView *self, GHashTable *numbers)
{
  g_return_if_fail (MR_IS_LOCKER_LAYOUT_VIEW (self));

  if (numbers != NULL)
    g_hash_table_ref (numbers);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  self->busy = numbers;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
mr_locker_layout_view_dispose (GObject *object)
{
  MrLockerLayoutView *self = MR_LOCKER_LAYOUT_VIEW (object);

  g_clear_signal_handler (&self->dark_handler, adw_style_manager_get_default ());
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_clear_object (&self->access_icon);
  self->layout = NULL;
  G_OBJECT_CLASS (mr_locker_layout_view_parent_class)->dispose (object);
}

static void
mr_locker_layout_view_class_init (MrLockerLayoutViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_locker_layout_view_dispose;
  widget_class->measure = mr_locker_layout_view_measure;
  widget_class->size_allocate = mr_locker_layout_view_size_allocate;
  widget_class->snapshot = mr_locker_layout_view_snapshot;
  widget_class->query_tooltip = mr_locker_layout_view_query_tooltip;

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /* Delete on the drawing: remove the selected door's column. */
  signals[DELETE_REQUESTED] = g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* GTK 4.8 has no accessible children for drawn content: the view is one
   * group whose description is the selected door's. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "lockerlayout");
}

static void
mr_locker_layout_view_init (MrLockerLayoutView *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  self->sel_column = self->sel_entry = -1;
  self->scale = NATURAL_SCALE;
  self->height_cm = MIN_HEIGHT_CM;
  self->access_icon = gtk_icon_theme_lookup_icon (
    theme, "preferences-desktop-accessibility-symbolic", NULL, 16, 1, GTK_TEXT_DIR_NONE, 0);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (focus, "enter", G_CALLBACK (focus_enter_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  self->dark_handler = g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                                                 G_CALLBACK (gtk_widget_queue_draw), self);
}

GtkWidget *
mr_locker_layout_view_new (void)
{
  return g_object_new (MR_TYPE_LOCKER_LAYOUT_VIEW, NULL);
}
