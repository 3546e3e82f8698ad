/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

/* gtk_init_check(), retried for a few seconds: under load, with many GUI
 * tests starting at once against one Xvfb, a first connection can be
 * refused, and a test must not quietly skip because of that. */
static inline gboolean
mr_test_init_display (void)
{
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      if (gtk_init_check ())
        return TRUE;
      if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
        return FALSE;
      g_usleep (250 * 1000);
    }
  return FALSE;
}

/* Runs the main loop for @ms milliseconds. */
static inline void
mr_test_iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static inline gboolean
mr_test_is_french (void)
{
  return g_strcmp0 (g_getenv ("LANGUAGE"), "fr") == 0;
}

/* Saves @window as $MAILROOM_SCREENSHOT_DIR/@name-en.png (or -fr.png);
 * nothing without that variable. */
static inline void
mr_test_save_screenshot (GtkWidget *window, const char *name)
{
  const char *dir = g_getenv ("MAILROOM_SCREENSHOT_DIR");
  g_autoptr (GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w = 0, h = 0;

  if (dir == NULL)
    return;
  mr_test_iterate (300);
  paintable = gtk_widget_paintable_new (window);
  /* A window not drawn yet (a loaded machine) has nothing to paint: wait
   * for its first frame. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      if (attempt > 0)
        mr_test_iterate (100);
      w = gtk_widget_get_width (window);
      h = gtk_widget_get_height (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    g_error ("%s: nothing drawn (%dx%d, mapped %d)", name, w, h, gtk_widget_get_mapped (window));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_strdup_printf ("%s/%s-%s.png", dir, name, mr_test_is_french () ? "fr" : "en");
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%dx%d)", path, w, h);
}
