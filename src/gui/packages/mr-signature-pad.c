/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-signature-pad"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mr-signature-pad.h"

/* The signature pad of the handover dialog.
 *
 * Points are kept in the pad's own box, 0…1 both ways, whatever the
 * widget's size: the box is the largest 3:1 rectangle the allocation
 * holds, so what the person signs is what the stored image shows, only
 * scaled. A pen comes through GtkGestureStylus (with its pressure); a
 * mouse or a finger through GtkGestureDrag, which leaves pen events to the
 * stylus gesture so no stroke is recorded twice.
 *
 * Strokes are drawn smoothed: each segment is a quadratic curve from the
 * middle of one pair of points to the middle of the next, bent by the
 * point between, so a few dozen motion events a second make a round line
 * instead of a polygon. The ink is near black on white in every style:
 * it is paper, and the PNG must read the same on any screen. */

#define INK_WIDTH 0.018 /* of the box's height: 3.6 px in the stored image */
#define MARGIN 6

typedef struct
{
  double x;
  double y;
  double pressure; /* 0…1 */
} Point;

struct _MrSignaturePad
{
  GtkDrawingArea parent_instance;

  /* owned */
  GPtrArray *strokes; /* of GArray of Point */
  GArray *current;    /* the last of strokes while a stroke is drawn */
  GtkGesture *drag;
  GtkGesture *stylus;
  double drag_x;
  double drag_y;
};

G_DEFINE_FINAL_TYPE (MrSignaturePad, mr_signature_pad, GTK_TYPE_DRAWING_AREA)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The 3:1 box in an area of @width × @height, centred. */
static void
get_box (int width, int height, double *x, double *y, double *w, double *h)
{
  double aw = MAX (width - 2 * MARGIN, 1);
  double ah = MAX (height - 2 * MARGIN, 1);

  *w = MIN (aw, ah * 3);
  *h = *w / 3;
  *x = (width - *w) / 2;
  *y = (height - *h) / 2;
}

static Point
to_box (MrSignaturePad *self, double x, double y, double pressure)
{
  double bx, by, bw, bh;
  Point p;

  get_box (gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &bx,
           &by, &bw, &bh);
  p.x = CLAMP ((x - bx) / bw, 0, 1);
  p.y = CLAMP ((y - by) / bh, 0, 1);
  /* A mouse has no pressure: the middle of the range. */
  p.pressure = pressure < 0 ? 0.5 : CLAMP (pressure, 0, 1);
  return p;
}

static double
ink_width (double box_height, double pressure)
{
  return box_height * INK_WIDTH * (0.6 + 0.8 * pressure);
}

/* Draws the strokes into the box at (@bx, @by) of @bw × @bh. */
static void
draw_strokes (MrSignaturePad *self, cairo_t *cr, double bx, double by, double bw, double bh)
{
  cairo_set_source_rgb (cr, 0.08, 0.09, 0.12);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, s);
      const Point *p = (const Point *) stroke->data;
      guint n = stroke->len;

      if (n == 0)
        continue;
      if (n == 1)
        {
          /* A dot, such as the one over an i. */
          cairo_arc (cr, bx + p[0].x * bw, by + p[0].y * bh, ink_width (bh, p[0].pressure) / 2, 0,
                     2 * G_PI);
          cairo_fill (cr);
          continue;
        }
      for (guint i = 0; i + 1 < n; i++)
        {
          /* From the middle of (i-1, i) to the middle of (i, i+1), bent by
           * point i; the first and last pieces start and end on the points. */
          double x0 = i == 0 ? p[0].x : (p[i - 1].x + p[i].x) / 2;
          double y0 = i == 0 ? p[0].y : (p[i - 1].y + p[i].y) / 2;
          double x2 = i + 2 == n ? p[i + 1].x : (p[i].x + p[i + 1].x) / 2;
          double y2 = i + 2 == n ? p[i + 1].y : (p[i].y + p[i + 1].y) / 2;
          double cx = i == 0 ? (x0 + x2) / 2 : p[i].x;
          double cy = i == 0 ? (y0 + y2) / 2 : p[i].y;
          double ax = bx + x0 * bw, ay = by + y0 * bh;
          double ex = bx + x2 * bw, ey = by + y2 * bh;
          double qx = bx + cx * bw, qy = by + cy * bh;

          cairo_set_line_width (cr, ink_width (bh, (p[i].pressure + p[i + 1].pressure) / 2));
          cairo_move_to (cr, ax, ay);
          /* The quadratic curve as cairo's cubic one. */
          cairo_curve_to (cr, ax + 2.0 / 3 * (qx - ax), ay + 2.0 / 3 * (qy - ay),
                          ex + 2.0 / 3 * (qx - ex), ey + 2.0 / 3 * (qy - ey), ex, ey);
          cairo_stroke (cr);
        }
    }
}

static void
draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MrSignaturePad *self = MR_SIGNATURE_PAD (area);
  double bx, by, bw, bh;
  double line_y;

  get_box (width, height, &bx, &by, &bw, &bh);

  /* The paper. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, bx, by, bw, bh);
  cairo_fill (cr);

  /* The line to sign on, and its cross. */
  line_y = floor (by + bh * 0.78) + 0.5;
  cairo_set_source_rgba (cr, 0.2, 0.2, 0.3, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, bx + bw * 0.06, line_y);
  cairo_line_to (cr, bx + bw * 0.94, line_y);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, bx + bw * 0.06, line_y - 14);
  cairo_line_to (cr, bx + bw * 0.06 + 10, line_y - 4);
  cairo_move_to (cr, bx + bw * 0.06 + 10, line_y - 14);
  cairo_line_to (cr, bx + bw * 0.06, line_y - 4);
  cairo_stroke (cr);

  draw_strokes (self, cr, bx, by, bw, bh);
}

/* Strokes */

void
mr_signature_pad_begin_stroke (MrSignaturePad *self, double x, double y, double pressure)
{
  Point p;

  g_return_if_fail (MR_IS_SIGNATURE_PAD (self));

  p = to_box (self, x, y, pressure);
  self->current = g_array_new (FALSE, FALSE, sizeof (Point));
  g_array_append_val (self->current, p);
  g_ptr_array_add (self->strokes, self->current);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

void
mr_signature_pad_extend_stroke (MrSignaturePad *self, double x, double y, double pressure)
{
  Point p;

  g_return_if_fail (MR_IS_SIGNATURE_PAD (self));

  if (self->current == NULL)
    {
      mr_signature_pad_begin_stroke (self, x, y, pressure);
      return;
    }
  p = to_box (self, x, y, pressure);
  /* Motion events closer than a pixel add nothing but work. */
  if (self->current->len > 0)
    {
      const Point *last = &g_array_index (self->current, Point, self->current->len - 1);
      double w = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);

      if (fabs (last->x - p.x) * w < 1 && fabs (last->y - p.y) * w / 3 < 1)
        return;
    }
  g_array_append_val (self->current, p);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mr_signature_pad_end_stroke (MrSignaturePad *self)
{
  g_return_if_fail (MR_IS_SIGNATURE_PAD (self));
  self->current = NULL;
}

void
mr_signature_pad_clear (MrSignaturePad *self)
{
  g_return_if_fail (MR_IS_SIGNATURE_PAD (self));

  self->current = NULL;
  if (self->strokes->len == 0)
    return;
  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
mr_signature_pad_is_empty (MrSignaturePad *self)
{
  g_return_val_if_fail (MR_IS_SIGNATURE_PAD (self), TRUE);
  return self->strokes->len == 0;
}

guint
mr_signature_pad_get_n_strokes (MrSignaturePad *self)
{
  g_return_val_if_fail (MR_IS_SIGNATURE_PAD (self), 0);
  return self->strokes->len;
}

static cairo_status_t
write_png_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
mr_signature_pad_to_png (MrSignaturePad *self)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png;
  cairo_status_t status;

  g_return_val_if_fail (MR_IS_SIGNATURE_PAD (self), NULL);

  if (self->strokes->len == 0)
    return NULL;
  surface =
    cairo_image_surface_create (CAIRO_FORMAT_RGB24, MR_SIGNATURE_WIDTH, MR_SIGNATURE_HEIGHT);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw_strokes (self, cr, 0, 0, MR_SIGNATURE_WIDTH, MR_SIGNATURE_HEIGHT);
  cairo_destroy (cr);

  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, write_png_cb, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_warning ("Cannot encode the signature: %s", cairo_status_to_string (status));
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

/* Gestures */

static gboolean
event_is_from_pen (GtkEventController *controller)
{
  GdkEvent *event = gtk_event_controller_get_current_event (controller);
  GdkDeviceTool *tool = event ? gdk_event_get_device_tool (event) : NULL;

  if (tool == NULL)
    return FALSE;
  switch (gdk_device_tool_get_tool_type (tool))
    {
    case GDK_DEVICE_TOOL_TYPE_PEN:
    case GDK_DEVICE_TOOL_TYPE_ERASER:
    case GDK_DEVICE_TOOL_TYPE_BRUSH:
    case GDK_DEVICE_TOOL_TYPE_PENCIL:
    case GDK_DEVICE_TOOL_TYPE_AIRBRUSH:
      return TRUE;
    case GDK_DEVICE_TOOL_TYPE_UNKNOWN:
    case GDK_DEVICE_TOOL_TYPE_MOUSE:
    case GDK_DEVICE_TOOL_TYPE_LENS:
    default:
      return FALSE;
    }
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, MrSignaturePad *self)
{
  if (event_is_from_pen (GTK_EVENT_CONTROLLER (gesture)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_x = x;
  self->drag_y = y;
  mr_signature_pad_begin_stroke (self, x, y, -1);
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, MrSignaturePad *self)
{
  mr_signature_pad_extend_stroke (self, self->drag_x + dx, self->drag_y + dy, -1);
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, MrSignaturePad *self)
{
  if (self->current != NULL)
    mr_signature_pad_extend_stroke (self, self->drag_x + dx, self->drag_y + dy, -1);
  mr_signature_pad_end_stroke (self);
}

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double pressure;

  if (gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &pressure))
    return pressure;
  return -1;
}

static void
stylus_down_cb (GtkGestureStylus *gesture, double x, double y, MrSignaturePad *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  mr_signature_pad_begin_stroke (self, x, y, stylus_pressure (gesture));
}

static void
stylus_motion_cb (GtkGestureStylus *gesture, double x, double y, MrSignaturePad *self)
{
  /* Motion in the air, above the pad, is no ink. */
  if (self->current != NULL)
    mr_signature_pad_extend_stroke (self, x, y, stylus_pressure (gesture));
}

static void
stylus_up_cb (GtkGestureStylus *gesture, double x, double y, MrSignaturePad *self)
{
  mr_signature_pad_end_stroke (self);
}

/* GObject */

static void
mr_signature_pad_finalize (GObject *object)
{
  MrSignaturePad *self = MR_SIGNATURE_PAD (object);

  g_ptr_array_unref (self->strokes);
  G_OBJECT_CLASS (mr_signature_pad_parent_class)->finalize (object);
}

static void
mr_signature_pad_class_init (MrSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mr_signature_pad_finalize;

  /**
   * MrSignaturePad::changed:
   *
   * A stroke was started or the pad was cleared.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mr_signature_pad_init (MrSignaturePad *self)
{
  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 300);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 150);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (self->drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (self->drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (self->drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag));

  self->stylus = gtk_gesture_stylus_new ();
  g_signal_connect (self->stylus, "down", G_CALLBACK (stylus_down_cb), self);
  g_signal_connect (self->stylus, "motion", G_CALLBACK (stylus_motion_cb), self);
  g_signal_connect (self->stylus, "up", G_CALLBACK (stylus_up_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->stylus));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Signature pad"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _ ("Sign here with a mouse, a pen or a finger"), -1);
}

GtkWidget *
mr_signature_pad_new (void)
{
  return g_object_new (MR_TYPE_SIGNATURE_PAD, NULL);
}
