/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mr-locker-bank-view.h"

#include <adwaita.h>
#include <math.h>

/* Pixels per centimetre: the front is drawn to scale, at least this size
 * (smaller doors would not hold their number) and at most the larger one
 * (a small bank in a big window would look like a toy). */
#define MIN_SCALE 2.0
#define NATURAL_SCALE 3.0
#define MAX_SCALE 6.0
#define MARGIN 12.0

/* A door's render nodes, made once and appended at every frame: a frame
 * of a bank of thousands of doors then costs one append per door on
 * screen, not the making of its nodes. */
typedef struct
{
  GskRenderNode *door;   /* fill and status mark, at the door's place; NULL: to make */
  GskRenderNode *label;  /* its number, or NULL when it does not fit or is to make */
  gboolean has_label;    /* @label is made (NULL: the number does not fit) */
  MrLockerStatus status; /* what @door shows */
} DoorNodes;

struct _MrLockerBankView
{
  GtkWidget parent_instance;

  const MrLockerMap *map;
  GPtrArray *layouts; /* PangoLayout per door: the numbers, laid out once */
  GArray *nodes;      /* DoorNodes per door, for the geometry and style below */
  gboolean nodes_dark;
  int filter;
  int focus;
  double scale;
  double ox, oy; /* where the bank's top-left corner is drawn */
  gulong dark_handler;
  GtkAdjustment *adjustments[2]; /* the viewport's, when scrolled */
  gulong adjustment_handlers[2];
};

G_DEFINE_FINAL_TYPE (MrLockerBankView, mr_locker_bank_view, GTK_TYPE_WIDGET)

enum
{
  DOOR_ACTIVATED,
  FOCUS_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Colours: GNOME palette tones, lighter ones behind dark marks in the
 * light style, deeper ones behind light marks in the dark style, so the
 * number and the mark keep their contrast in both. */
static const char *light_fills[MR_LOCKER_N_STATUSES] = {
  "#8ff0a4", /* available: green 1 */
  "#99c1f1", /* reserved: blue 1 */
  "#ffbe6f", /* occupied: orange 1 */
  "#f66151", /* expired: red 1 */
  "#c0bfbc", /* out of service: light 4 */
};
static const char *dark_fills[MR_LOCKER_N_STATUSES] = {
  "#26a269", "#1a5fb4", "#c64600", "#a51d2d", "#5e5c64",
};

/* Parsed once (class_init): not for every door of every frame. */
static GdkRGBA fill_colors[2][MR_LOCKER_N_STATUSES];

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
status_colors (MrLockerStatus status, gboolean dark, GdkRGBA *fill, GdkRGBA *ink)
{
  *fill = fill_colors[dark ? 1 : 0][status];
  if (dark)
    *ink = (GdkRGBA){ 1, 1, 1, 0.92f };
  else
    *ink = (GdkRGBA){ 0, 0, 0, 0.8f };
}

static GskRenderNode *
circle_node (float cx, float cy, float r, const GdkRGBA *color)
{
  g_autoptr (GskRenderNode) disc = NULL;
  GskRoundedRect circle;

  gsk_rounded_rect_init_from_rect (&circle, &GRAPHENE_RECT_INIT (cx - r, cy - r, 2 * r, 2 * r), r);
  disc = gsk_color_node_new (color, &circle.bounds);
  return gsk_rounded_clip_node_new (disc, &circle);
}

/* A door's fill and its status mark, which tells the status without the
 * colour: nothing for available, a dot for reserved, a parcel (square)
 * for occupied, a clock for expired, diagonal hatching for out of
 * service. Shared with the legend's swatches. Made as render nodes
 * straight, without a GtkSnapshot: the map keeps them from frame to
 * frame (DoorNodes). */
static GskRenderNode *
door_node (const graphene_rect_t *r, MrLockerStatus status, gboolean dark)
{
  GskRenderNode *nodes[4];
  guint n = 0;
  GdkRGBA fill, ink;
  float m = MIN (r->size.width, r->size.height);
  float size = CLAMP (m * 0.22f, 2.5f, 6.0f);
  float cx = r->origin.x + r->size.width - size - MIN (3.0f, m * 0.12f);
  float cy = r->origin.y + size + MIN (3.0f, m * 0.12f);
  GskRenderNode *node;

  status_colors (status, dark, &fill, &ink);
  nodes[n++] = gsk_color_node_new (&fill, r);

  switch (status)
    {
    case MR_LOCKER_AVAILABLE:
    case MR_LOCKER_N_STATUSES:
    default:
      break;
    case MR_LOCKER_RESERVED:
      nodes[n++] = circle_node (cx, cy, size * 0.7f, &ink);
      break;
    case MR_LOCKER_OCCUPIED:
      nodes[n++] = gsk_color_node_new (
        &ink, &GRAPHENE_RECT_INIT (cx - size * 0.7f, cy - size * 0.7f, size * 1.4f, size * 1.4f));
      break;
    case MR_LOCKER_EXPIRED:
      {
        GskRoundedRect circle;
        float w = MAX (1.0f, size * 0.25f);
        const GdkRGBA inks[4] = { ink, ink, ink, ink };
        const float widths[4] = { w, w, w, w };

        gsk_rounded_rect_init_from_rect (
          &circle, &GRAPHENE_RECT_INIT (cx - size, cy - size, 2 * size, 2 * size), size);
        nodes[n++] = gsk_border_node_new (&circle, widths, inks);
        /* The hands: at twelve and at three. */
        nodes[n++] = gsk_color_node_new (
          &ink, &GRAPHENE_RECT_INIT (cx - w / 2, cy - size * 0.7f, w, size * 0.7f));
        nodes[n++] =
          gsk_color_node_new (&ink, &GRAPHENE_RECT_INIT (cx, cy - w / 2, size * 0.6f, w));
      }
      break;
    case MR_LOCKER_OUT_OF_SERVICE:
      {
        GdkRGBA hatch = ink;
        GskColorStop stops[4];

        hatch.alpha = 0.45f;
        stops[0] = (GskColorStop){ 0.0f, { 0, 0, 0, 0 } };
        stops[1] = (GskColorStop){ 0.6f, { 0, 0, 0, 0 } };
        stops[2] = (GskColorStop){ 0.6f, hatch };
        stops[3] = (GskColorStop){ 1.0f, hatch };
        nodes[n++] = gsk_repeating_linear_gradient_node_new (
          r, &GRAPHENE_POINT_INIT (r->origin.x, r->origin.y),
          &GRAPHENE_POINT_INIT (r->origin.x + 4, r->origin.y + 4), stops, G_N_ELEMENTS (stops));
      }
      break;
    }
  if (n == 1)
    return nodes[0];
  node = gsk_container_node_new (nodes, n);
  for (guint i = 0; i < n; i++)
    gsk_render_node_unref (nodes[i]);
  return node;
}

static void
draw_door (GtkSnapshot *snapshot, const graphene_rect_t *r, MrLockerStatus status, gboolean dark)
{
  g_autoptr (GskRenderNode) node = door_node (r, status, dark);

  gtk_snapshot_append_node (snapshot, node);
}

static const MrLockerDoor *
get_door (MrLockerBankView *self, int index)
{
  if (self->map == NULL || index < 0 || (guint) index >= self->map->doors->len)
    return NULL;
  return &g_array_index (self->map->doors, MrLockerDoor, index);
}

static void
door_graphene_rect (MrLockerBankView *self, const MrLockerDoor *door, graphene_rect_t *r)
{
  double s = self->scale;

  /* One pixel of the bank's body shows between neighbouring doors. */
  graphene_rect_init (
    r, self->ox + door->x_cm * s + 1, self->oy + (self->map->height_cm - door->top_cm) * s + 1,
    MAX (1.0, door->width_cm * s - 2), MAX (1.0, (door->top_cm - door->bottom_cm) * s - 2));
}

gboolean
mr_locker_bank_view_get_door_rect (MrLockerBankView *self, int index, GdkRectangle *rect)
{
  const MrLockerDoor *door;
  graphene_rect_t r;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_VIEW (self), FALSE);
  door = get_door (self, index);
  if (door == NULL)
    return FALSE;
  door_graphene_rect (self, door, &r);
  rect->x = (int) r.origin.x;
  rect->y = (int) r.origin.y;
  rect->width = (int) r.size.width;
  rect->height = (int) r.size.height;
  return TRUE;
}

int
mr_locker_bank_view_door_at (MrLockerBankView *self, double x, double y)
{
  g_return_val_if_fail (MR_IS_LOCKER_BANK_VIEW (self), -1);
  if (self->map == NULL)
    return -1;
  for (guint c = 0; c < self->map->columns->len; c++)
    {
      const MrLockerColumn *col = &g_array_index (self->map->columns, MrLockerColumn, c);
      double left = self->ox + col->x_cm * self->scale;

      if (x < left || x >= left + col->width_cm * self->scale)
        continue;
      for (guint i = col->first_door; i < col->first_door + col->n_doors; i++)
        {
          graphene_rect_t r;

          door_graphene_rect (self, get_door (self, i), &r);
          if (y >= r.origin.y - 1 && y < r.origin.y + r.size.height + 1)
            return (int) i;
        }
    }
  return -1;
}

static void
door_nodes_clear (gpointer data)
{
  DoorNodes *d = data;

  g_clear_pointer (&d->door, gsk_render_node_unref);
  g_clear_pointer (&d->label, gsk_render_node_unref);
  d->has_label = FALSE;
}

/* Every door's nodes are to make again: the geometry or the style changed. */
static void
drop_nodes (MrLockerBankView *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    door_nodes_clear (&g_array_index (self->nodes, DoorNodes, i));
}

static void
update_layout_geometry (MrLockerBankView *self, int width, int height)
{
  double s, ox, oy;

  if (self->map == NULL || self->map->width_cm <= 0 || self->map->height_cm <= 0)
    {
      self->scale = NATURAL_SCALE;
      self->ox = self->oy = MARGIN;
      return;
    }
  s =
    MIN ((width - 2 * MARGIN) / self->map->width_cm, (height - 2 * MARGIN) / self->map->height_cm);
  s = CLAMP (s, MIN_SCALE, MAX_SCALE);
  ox = MAX (MARGIN, (width - self->map->width_cm * s) / 2);
  oy = MAX (MARGIN, (height - self->map->height_cm * s) / 2);
  /* The doors' nodes are made at their place. */
  if (s != self->scale || ox != self->ox || oy != self->oy)
    drop_nodes (self);
  self->scale = s;
  self->ox = ox;
  self->oy = oy;
}

static void
mr_locker_bank_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  update_layout_geometry (MR_LOCKER_BANK_VIEW (widget), width, height);
  /* The door's popover is the view's child. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

static void
mr_locker_bank_view_measure (GtkWidget *widget,
                             GtkOrientation orientation,
                             int for_size,
                             int *minimum,
                             int *natural,
                             int *minimum_baseline,
                             int *natural_baseline)
{
  MrLockerBankView *self = MR_LOCKER_BANK_VIEW (widget);
  int cm = 0;

  if (self->map != NULL)
    cm = orientation == GTK_ORIENTATION_HORIZONTAL ? self->map->width_cm : self->map->height_cm;
  *minimum = (int) (cm * MIN_SCALE + 2 * MARGIN);
  *natural = (int) (cm * NATURAL_SCALE + 2 * MARGIN);
}

/* The part of the view on screen: in a scrolled window, the viewport. */
static void
visible_area (MrLockerBankView *self, graphene_rect_t *area)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (GTK_IS_VIEWPORT (parent) && gtk_widget_compute_bounds (parent, GTK_WIDGET (self), area))
    return;
  graphene_rect_init (area, 0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                      gtk_widget_get_height (GTK_WIDGET (self)));
}

/* The text nodes of @layout with its top-left corner at @x, @y: what
 * gtk_snapshot_append_layout() makes for a plain one-line layout (the
 * door numbers have no attributes), without a GtkSnapshot per door. NULL
 * when nothing shows. */
static GskRenderNode *
label_node (PangoLayout *layout, float x, float y, const GdkRGBA *ink)
{
  /* A door number is one run, seldom a few: no allocation for them. */
  GskRenderNode *texts[8];
  g_autoptr (GPtrArray) more = NULL;
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  GskRenderNode *node = NULL;
  guint n = 0;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle logical;
      GskRenderNode *text;

      if (run == NULL)
        continue;
      pango_layout_iter_get_run_extents (iter, NULL, &logical);
      text = gsk_text_node_new (
        run->item->analysis.font, run->glyphs, ink,
        &GRAPHENE_POINT_INIT (x + (float) logical.x / PANGO_SCALE,
                              y + (float) pango_layout_iter_get_baseline (iter) / PANGO_SCALE));
      if (text == NULL)
        continue;
      if (n < G_N_ELEMENTS (texts))
        texts[n++] = text;
      else
        {
          if (more == NULL)
            more = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);
          g_ptr_array_add (more, text);
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);

  if (more != NULL)
    {
      for (guint i = n; i > 0; i--)
        g_ptr_array_insert (more, 0, texts[i - 1]);
      return gsk_container_node_new ((GskRenderNode **) more->pdata, more->len);
    }
  if (n == 1)
    return texts[0];
  if (n > 1)
    node = gsk_container_node_new (texts, n);
  for (guint i = 0; i < n; i++)
    gsk_render_node_unref (texts[i]);
  return node;
}

/* The door's nodes, made if they are not yet. The number's ink is the
 * same for every status: a new status leaves the label as it is. */
static const DoorNodes *
door_nodes (MrLockerBankView *self,
            guint i,
            const MrLockerDoor *door,
            const graphene_rect_t *r,
            gboolean dark)
{
  DoorNodes *d = &g_array_index (self->nodes, DoorNodes, i);

  if (d->door == NULL)
    {
      d->door = door_node (r, door->status, dark);
      d->status = door->status;
    }
  if (!d->has_label)
    {
      PangoLayout *layout = g_ptr_array_index (self->layouts, i);
      int lw, lh;

      d->has_label = TRUE;
      pango_layout_get_pixel_size (layout, &lw, &lh);
      if (lw + 4 <= r->size.width && lh <= r->size.height)
        {
          GdkRGBA fill, ink;

          status_colors (door->status, dark, &fill, &ink);
          d->label =
            label_node (layout, r->origin.x + 4, r->origin.y + r->size.height - lh - 2, &ink);
        }
    }
  return d;
}

/* The doors in @area: whole columns out of it are skipped, so a frame
 * costs what is on screen, not the size of the bank. */
static void
snapshot_doors (MrLockerBankView *self,
                GtkSnapshot *snapshot,
                const graphene_rect_t *area,
                gboolean dark,
                gboolean dimmed)
{
  for (guint c = 0; c < self->map->columns->len; c++)
    {
      const MrLockerColumn *col = &g_array_index (self->map->columns, MrLockerColumn, c);
      double left = self->ox + col->x_cm * self->scale;

      if (left > area->origin.x + area->size.width ||
          left + col->width_cm * self->scale < area->origin.x)
        continue;
      for (guint i = col->first_door; i < col->first_door + col->n_doors; i++)
        {
          const MrLockerDoor *door = get_door (self, i);
          const DoorNodes *d;
          graphene_rect_t r;

          if (self->filter >= 0 && dimmed != (door->status != (MrLockerStatus) self->filter))
            continue;
          door_graphene_rect (self, door, &r);
          if (!graphene_rect_intersection (&r, area, NULL))
            continue;
          d = door_nodes (self, i, door, &r, dark);
          gtk_snapshot_append_node (snapshot, d->door);
          if (d->label != NULL)
            gtk_snapshot_append_node (snapshot, d->label);
        }
    }
}

static void
mr_locker_bank_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  MrLockerBankView *self = MR_LOCKER_BANK_VIEW (widget);
  gboolean dark = is_dark ();
  graphene_rect_t area;
  GdkRGBA body = dark ? (GdkRGBA){ 0.30f, 0.30f, 0.32f, 1 } : (GdkRGBA){ 0.36f, 0.36f, 0.38f, 1 };
  const MrLockerDoor *focused;

  if (self->map == NULL)
    return;
  visible_area (self, &area);
  if (dark != self->nodes_dark)
    {
      drop_nodes (self);
      self->nodes_dark = dark;
    }

  /* The bank's body behind its doors, column by column down to the floor
   * (the base under the lowest door is part of the front), and the floor. */
  for (guint c = 0; c < self->map->columns->len; c++)
    {
      const MrLockerColumn *col = &g_array_index (self->map->columns, MrLockerColumn, c);
      graphene_rect_t r =
        GRAPHENE_RECT_INIT (self->ox + col->x_cm * self->scale,
                            self->oy + (self->map->height_cm - col->top_cm) * self->scale,
                            col->width_cm * self->scale, col->top_cm * self->scale);

      if (graphene_rect_intersection (&r, &area, NULL))
        gtk_snapshot_append_color (snapshot, &body, &r);
    }
  gtk_snapshot_append_color (snapshot, &body,
                             &GRAPHENE_RECT_INIT (self->ox - MARGIN / 2,
                                                  self->oy + self->map->height_cm * self->scale,
                                                  self->map->width_cm * self->scale + MARGIN, 2));

  if (self->filter >= 0)
    {
      gtk_snapshot_push_opacity (snapshot, 0.25);
      snapshot_doors (self, snapshot, &area, dark, TRUE);
      gtk_snapshot_pop (snapshot);
    }
  snapshot_doors (self, snapshot, &area, dark, FALSE);

  focused = get_door (self, self->focus);
  if (focused != NULL && gtk_widget_has_focus (widget))
    {
      GdkRGBA accent =
        dark ? (GdkRGBA){ 0.47f, 0.68f, 0.93f, 1 } : (GdkRGBA){ 0.11f, 0.44f, 0.85f, 1 };
      const GdkRGBA colors[4] = { accent, accent, accent, accent };
      const float widths[4] = { 3, 3, 3, 3 };
      graphene_rect_t r;
      GskRoundedRect outline;

      door_graphene_rect (self, focused, &r);
      graphene_rect_inset (&r, -2, -2);
      gsk_rounded_rect_init_from_rect (&outline, &r, 3);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
update_accessible (MrLockerBankView *self)
{
  const MrLockerDoor *door = get_door (self, self->focus);
  g_autofree char *text = door ? mr_locker_door_describe (door) : NULL;

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

void
mr_locker_bank_view_set_focus_door (MrLockerBankView *self, int index)
{
  g_return_if_fail (MR_IS_LOCKER_BANK_VIEW (self));
  if (get_door (self, index) == NULL)
    index = -1;
  self->focus = index;
  update_accessible (self);
  /* The tooltip follows the keyboard focus. */
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[FOCUS_MOVED], 0);
}

int
mr_locker_bank_view_get_focus_door (MrLockerBankView *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_BANK_VIEW (self), -1);
  return self->focus;
}

/* Left and right go to the door of the next column whose middle is the
 * nearest in height: columns can have doors of different sizes. */
gboolean
mr_locker_bank_view_move_focus (MrLockerBankView *self, int dx, int dy)
{
  const MrLockerDoor *door;
  const MrLockerColumn *col;
  int target = -1;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_VIEW (self), FALSE);
  if (self->map == NULL || self->map->doors->len == 0)
    return FALSE;
  door = get_door (self, self->focus);
  if (door == NULL)
    {
      mr_locker_bank_view_set_focus_door (self, 0);
      return TRUE;
    }
  col = &g_array_index (self->map->columns, MrLockerColumn, door->col);
  if (dy != 0)
    {
      int i = self->focus + dy;

      if (i >= (int) col->first_door && i < (int) (col->first_door + col->n_doors))
        target = i;
    }
  else if (dx != 0)
    {
      int c = (int) door->col + dx;
      double middle = (door->top_cm + door->bottom_cm) / 2.0;
      double best = G_MAXDOUBLE;

      if (c < 0 || c >= (int) self->map->columns->len)
        return FALSE;
      col = &g_array_index (self->map->columns, MrLockerColumn, c);
      for (guint i = col->first_door; i < col->first_door + col->n_doors; i++)
        {
          const MrLockerDoor *other = get_door (self, i);
          double d = fabs ((other->top_cm + other->bottom_cm) / 2.0 - middle);

          if (d < best)
            {
              best = d;
              target = (int) i;
            }
        }
    }
  if (target < 0)
    return FALSE;
  mr_locker_bank_view_set_focus_door (self, target);
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                MrLockerBankView *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      mr_locker_bank_view_move_focus (self, -1, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      mr_locker_bank_view_move_focus (self, 1, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      mr_locker_bank_view_move_focus (self, 0, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      mr_locker_bank_view_move_focus (self, 0, 1);
      return TRUE;
    case GDK_KEY_Home:
      mr_locker_bank_view_set_focus_door (self, 0);
      return TRUE;
    case GDK_KEY_End:
      if (self->map != NULL)
        mr_locker_bank_view_set_focus_door (self, (int) self->map->doors->len - 1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      if (get_door (self, self->focus) != NULL)
        g_signal_emit (self, signals[DOOR_ACTIVATED], 0, self->focus);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
click_released_cb (
  GtkGestureClick *gesture, int n_press, double x, double y, MrLockerBankView *self)
{
  int index = mr_locker_bank_view_door_at (self, x, y);

  if (index < 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  mr_locker_bank_view_set_focus_door (self, index);
  g_signal_emit (self, signals[DOOR_ACTIVATED], 0, index);
}

static gboolean
mr_locker_bank_view_query_tooltip (
  GtkWidget *widget, int x, int y, gboolean keyboard_mode, GtkTooltip *tooltip)
{
  MrLockerBankView *self = MR_LOCKER_BANK_VIEW (widget);
  int index = keyboard_mode ? self->focus : mr_locker_bank_view_door_at (self, x, y);
  const MrLockerDoor *door = get_door (self, index);
  g_autofree char *text = NULL;
  GdkRectangle rect;

  if (door == NULL)
    return FALSE;
  text = mr_locker_door_describe (door);
  gtk_tooltip_set_text (tooltip, text);
  mr_locker_bank_view_get_door_rect (self, index, &rect);
  gtk_tooltip_set_tip_area (tooltip, &rect);
  return TRUE;
}

static void
focus_enter_cb (GtkEventControllerFocus *controller, MrLockerBankView *self)
{
  /* The view itself, not its popover: the keyboard starts at the first door. */
  if (gtk_event_controller_focus_is_focus (controller) && self->focus < 0)
    mr_locker_bank_view_set_focus_door (self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mr_locker_bank_view_set_map (MrLockerBankView *self, const MrLockerMap *map)
{
  g_return_if_fail (MR_IS_LOCKER_BANK_VIEW (self));

  if (map != self->map || map == NULL || self->layouts->len != map->doors->len)
    {
      g_ptr_array_set_size (self->layouts, 0);
      g_array_set_size (self->nodes, 0);
      self->map = map;
      if (map != NULL)
        {
          for (guint i = 0; i < map->doors->len; i++)
            g_ptr_array_add (self->layouts, gtk_widget_create_pango_layout (
                                              GTK_WIDGET (self),
                                              g_array_index (map->doors, MrLockerDoor, i).number));
          g_array_set_size (self->nodes, map->doors->len);
        }
      if (get_door (self, self->focus) == NULL)
        self->focus = -1;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  else
    /* The same map, refreshed: the doors whose status or number changed
     * are drawn again, the others are kept. */
    for (guint i = 0; i < map->doors->len; i++)
      {
        const MrLockerDoor *door = get_door (self, (int) i);
        DoorNodes *d = &g_array_index (self->nodes, DoorNodes, i);
        PangoLayout *layout = g_ptr_array_index (self->layouts, i);

        if (d->door != NULL && d->status != door->status)
          g_clear_pointer (&d->door, gsk_render_node_unref);
        if (g_strcmp0 (pango_layout_get_text (layout), door->number) != 0)
          {
            pango_layout_set_text (layout, door->number, -1);
            g_clear_pointer (&d->label, gsk_render_node_unref);
            d->has_label = FALSE;
          }
      }
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mr_locker_bank_view_set_filter (MrLockerBankView *self, int status)
{
  g_return_if_fail (MR_IS_LOCKER_BANK_VIEW (self));
  self->filter = status >= 0 && status < MR_LOCKER_N_STATUSES ? status : -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
mr_locker_bank_view_get_filter (MrLockerBankView *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_BANK_VIEW (self), -1);
  return self->filter;
}

/* In a scrolled window, the view draws only what is on screen (see
 * visible_area()); GTK moves a scrolled child without drawing it again, so
 * the view asks for a frame when the viewport scrolls. */
static void
watch_adjustments (MrLockerBankView *self, GtkWidget *viewport)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->adjustments); i++)
    {
      if (self->adjustments[i] != NULL)
        g_clear_signal_handler (&self->adjustment_handlers[i], self->adjustments[i]);
      g_clear_object (&self->adjustments[i]);
      if (viewport != NULL)
        {
          g_object_get (viewport, i == 0 ? "hadjustment" : "vadjustment", &self->adjustments[i],
                        NULL);
          if (self->adjustments[i] != NULL)
            self->adjustment_handlers[i] = g_signal_connect_swapped (
              self->adjustments[i], "value-changed", G_CALLBACK (gtk_widget_queue_draw), self);
        }
    }
}

static void
parent_changed_cb (MrLockerBankView *self, GParamSpec *pspec, gpointer data)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  watch_adjustments (self, GTK_IS_VIEWPORT (parent) ? parent : NULL);
}

static void
mr_locker_bank_view_dispose (GObject *object)
{
  MrLockerBankView *self = MR_LOCKER_BANK_VIEW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_signal_handler (&self->dark_handler, adw_style_manager_get_default ());
  watch_adjustments (self, NULL);
  self->map = NULL;
  G_OBJECT_CLASS (mr_locker_bank_view_parent_class)->dispose (object);
}

static void
mr_locker_bank_view_finalize (GObject *object)
{
  MrLockerBankView *self = MR_LOCKER_BANK_VIEW (object);

  g_ptr_array_unref (self->layouts);
  g_array_unref (self->nodes);
  G_OBJECT_CLASS (mr_locker_bank_view_parent_class)->finalize (object);
}

static void
mr_locker_bank_view_class_init (MrLockerBankViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  for (guint i = 0; i < MR_LOCKER_N_STATUSES; i++)
    {
      gdk_rgba_parse (&fill_colors[0][i], light_fills[i]);
      gdk_rgba_parse (&fill_colors[1][i], dark_fills[i]);
    }

  object_class->dispose = mr_locker_bank_view_dispose;
  object_class->finalize = mr_locker_bank_view_finalize;
  widget_class->measure = mr_locker_bank_view_measure;
  widget_class->size_allocate = mr_locker_bank_view_size_allocate;
  widget_class->snapshot = mr_locker_bank_view_snapshot;
  widget_class->query_tooltip = mr_locker_bank_view_query_tooltip;

  /* Emitted by Enter, Space or a click on a door: show its actions. */
  signals[DOOR_ACTIVATED] =
    g_signal_new ("door-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[FOCUS_MOVED] = g_signal_new ("focus-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* GTK 4.8 has no accessible children for drawn content: the view is one
   * group whose description is the focused door's. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "lockerbank");
}

static void
mr_locker_bank_view_init (MrLockerBankView *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->layouts = g_ptr_array_new_with_free_func (g_object_unref);
  self->nodes = g_array_new (FALSE, TRUE, sizeof (DoorNodes));
  g_array_set_clear_func (self->nodes, door_nodes_clear);
  self->nodes_dark = is_dark ();
  self->filter = -1;
  self->focus = -1;
  self->scale = NATURAL_SCALE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (focus, "enter", G_CALLBACK (focus_enter_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  self->dark_handler = g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                                                 G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect (self, "notify::parent", G_CALLBACK (parent_changed_cb), NULL);
}

GtkWidget *
mr_locker_bank_view_new (void)
{
  return g_object_new (MR_TYPE_LOCKER_BANK_VIEW, NULL);
}

/* The legend's swatch: one door of a status, drawn like the map's. */

#define MR_TYPE_LOCKER_SWATCH (mr_locker_swatch_get_type ())
G_DECLARE_FINAL_TYPE (MrLockerSwatch, mr_locker_swatch, MR, LOCKER_SWATCH, GtkWidget)

struct _MrLockerSwatch
{
  GtkWidget parent_instance;
  MrLockerStatus status;
};

G_DEFINE_FINAL_TYPE (MrLockerSwatch, mr_locker_swatch, GTK_TYPE_WIDGET)

static void
mr_locker_swatch_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  MrLockerSwatch *self = MR_LOCKER_SWATCH (widget);

  draw_door (
    snapshot,
    &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)),
    self->status, is_dark ());
}

static void
mr_locker_swatch_class_init (MrLockerSwatchClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = mr_locker_swatch_snapshot;
}

static void
mr_locker_swatch_init (MrLockerSwatch *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), 20, 20);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
mr_locker_swatch_new (MrLockerStatus status)
{
  MrLockerSwatch *self = g_object_new (MR_TYPE_LOCKER_SWATCH, NULL);

  self->status = status;
  return GTK_WIDGET (self);
}
