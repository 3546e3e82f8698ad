/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The locker map's drawing as it shows on screen: the view keeps its
 * doors' render nodes from frame to frame and draws only what is in the
 * viewport, so a scrolled bank must show the doors scrolled into view, and
 * a door whose status changed must show its new status. Checked on the
 * pixels of the window as GTK renders it (the widgets' kept render nodes,
 * not a fresh drawing). No text: runs once. */

#include "mr-test-display.h"
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "lockers/mr-locker-bank-view.h"
#include "mr-lockers.h"
#include "../mr-test-store.h"

typedef struct
{
  char *dir;
  MrStore *store;
  char *bank_id;
  MrLockerMap *map;
  GtkWidget *window;
  GtkWidget *scrolled;
  GtkWidget *view;
} Fixture;

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* 120 columns of 10 doors: far wider than the window. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) layout = g_string_new ("{ \"width_cm\": 40, \"columns\": [");
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *path = NULL;
  gint64 end;

  f->dir = g_dir_make_tmp ("mailroom-bank-view-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (path, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < 120; c++)
    g_string_append (layout, c ? ", {\"doors\": [\"S\", \"S\", \"S\", \"S\", \"S\", \"S\", "
                                 "\"S\", \"S\", \"S\", \"S\"]}"
                               : "{\"doors\": [\"S\", \"S\", \"S\", \"S\", \"S\", \"S\", "
                                 "\"S\", \"S\", \"S\", \"S\"]}");
  g_string_append (layout, "] }");
  g_variant_dict_insert (&d, "name", "s", "Wide");
  g_variant_dict_insert (&d, "layout", "s", layout->str);
  f->bank_id = mr_test_apply_ok (f->store, "locker_bank.create", &d);
  f->map = mr_locker_map_load (f->store, f->bank_id, &error);
  g_assert_no_error (error);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 600, 500);
  f->scrolled = gtk_scrolled_window_new ();
  f->view = mr_locker_bank_view_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (f->scrolled), f->view);
  gtk_window_set_child (GTK_WINDOW (f->window), f->scrolled);
  mr_locker_bank_view_set_map (MR_LOCKER_BANK_VIEW (f->view), f->map);
  gtk_window_present (GTK_WINDOW (f->window));
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((!gtk_widget_get_mapped (f->window) || gtk_widget_get_width (f->view) < 1000) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (f->window));
  iterate (200);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  const char *names[] = { "test.db",        "test.db-wal",        "test.db-shm",
                          "test.db-search", "test.db-search-wal", "test.db-search-shm" };

  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate (50);
  g_clear_pointer (&f->map, mr_locker_map_free);
  g_clear_object (&f->store);
  g_free (f->bank_id);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* The window as GTK shows it: its widgets' kept render nodes, rendered. */
static guchar *
window_pixels (Fixture *f, int *width, int *height, gsize *stride)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (f->window);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  guchar *pixels;

  *width = gtk_widget_get_width (f->window);
  *height = gtk_widget_get_height (f->window);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *width, *height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  *stride = (gsize) *width * 4;
  pixels = g_malloc (*stride * *height);
  gdk_texture_download (texture, pixels, *stride);
  return pixels;
}

/* Whether the pixel at @x, @y (window coordinates) is near @hex. */
static gboolean
pixel_is (const guchar *pixels, gsize stride, int x, int y, const char *hex)
{
  /* gdk_texture_download(): premultiplied ARGB, native endian (BGRA). */
  const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
  GdkRGBA want;

  g_assert_true (gdk_rgba_parse (&want, hex));
  return fabs (p[2] / 255.0 - want.red) < 0.04 && fabs (p[1] / 255.0 - want.green) < 0.04 &&
         fabs (p[0] / 255.0 - want.blue) < 0.04;
}

/* A point in the middle of door @index, in window coordinates. */
static void
door_middle (Fixture *f, int index, int *x, int *y)
{
  GdkRectangle rect;
  graphene_point_t p;

  g_assert_true (mr_locker_bank_view_get_door_rect (MR_LOCKER_BANK_VIEW (f->view), index, &rect));
  g_assert_true (gtk_widget_compute_point (
    f->view, f->window, &GRAPHENE_POINT_INIT (rect.x + rect.width / 2.0f, rect.y + 4), &p));
  *x = (int) p.x;
  *y = (int) p.y;
}

/* Scrolled far right: the doors now on screen are drawn (the view draws
 * only what is in the viewport, and GTK moves a scrolled child without
 * asking it to draw again). */
static void
test_scroll (Fixture *f, gconstpointer data)
{
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (f->scrolled));
  g_autofree guchar *pixels = NULL;
  int width, height, x, y, green = 0, tried = 0;
  gsize stride;

  gtk_adjustment_set_value (h, gtk_adjustment_get_upper (h) * 0.7);
  iterate (300);
  pixels = window_pixels (f, &width, &height, &stride);
  /* The doors of the column in the middle of the window, all available. */
  for (guint i = 0; i < f->map->doors->len; i++)
    {
      door_middle (f, (int) i, &x, &y);
      if (x < width / 3 || x > 2 * width / 3 || y < 0 || y >= height)
        continue;
      tried++;
      green += pixel_is (pixels, stride, x, y, "#8ff0a4");
    }
  g_assert_cmpint (tried, >=, 5);
  g_assert_cmpint (green, ==, tried);
}

/* A door taken out of service, the map refreshed and given again, as the
 * page does on the store's ::changed: that door shows its new status, its
 * neighbour keeps its own. */
static void
test_refresh (Fixture *f, gconstpointer data)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  const char *door = g_array_index (f->map->doors, MrLockerDoor, 1).id;
  g_autofree guchar *before = NULL, *after = NULL;
  int width, height, x, y, nx, ny;
  gsize stride;

  door_middle (f, 1, &x, &y);
  door_middle (f, 2, &nx, &ny);
  before = window_pixels (f, &width, &height, &stride);
  g_assert_true (pixel_is (before, stride, x, y, "#8ff0a4"));

  g_variant_dict_insert (&d, "id", "s", door);
  g_variant_dict_insert (&d, "out_of_service", "b", TRUE);
  g_free (mr_test_apply_ok (f->store, "locker.set_out_of_service", &d));
  g_assert_true (mr_locker_map_refresh (f->map, f->store, door));
  mr_locker_bank_view_set_map (MR_LOCKER_BANK_VIEW (f->view), f->map);
  iterate (200);
  after = window_pixels (f, &width, &height, &stride);
  g_assert_false (pixel_is (after, stride, x, y, "#8ff0a4"));
  g_assert_true (pixel_is (after, stride, nx, ny, "#8ff0a4"));
}

static void
test_no_display (void)
{
  g_test_skip ("no display");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!mr_test_init_display ())
    {
      g_test_add_func ("/locker-bank-view/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();
  /* The light palette, whatever the session prefers. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_test_add ("/locker-bank-view/scroll", Fixture, NULL, fixture_setup, test_scroll,
              fixture_teardown);
  g_test_add ("/locker-bank-view/refresh", Fixture, NULL, fixture_setup, test_refresh,
              fixture_teardown);
  return g_test_run ();
}
