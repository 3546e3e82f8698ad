/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

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

/* Runs the main loop until @done (@data) or @seconds have passed; whether
 * it is done. */
static inline gboolean
mr_test_wait_until (gboolean (*done) (gpointer), gpointer data, guint seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  return done (data);
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

static inline void
mr_test_xvfb_child_setup (gpointer data)
{
  /* Gone with the test, even when it crashes. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A private X server (Xvfb -displayfd), so that no other test's window
 * takes the focus or crosses the pointer xdotool moves: DISPLAY points at
 * it from now on. NULL, and the display stays as it was, without Xvfb or
 * with MR_TEST_SHARED_DISPLAY set. Stop it with
 * mr_test_stop_private_display(). */
static inline GSubprocess *
mr_test_start_private_display (void)
{
  g_autofree char *program = g_find_program_in_path ("Xvfb");
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) number = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  const char *argv[] = { program,       "-displayfd", "3",   "-screen",  "0",
                         "1280x800x24", "-nolisten",  "tcp", "-noreset", NULL };
  GSubprocess *xvfb;
  int fds[2];

  if (program == NULL || g_getenv ("MR_TEST_SHARED_DISPLAY") != NULL || pipe (fds) != 0)
    return NULL;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_set_child_setup (launcher, mr_test_xvfb_child_setup, NULL, NULL);
  xvfb = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_clear_object (&launcher);
  if (xvfb == NULL)
    {
      g_printerr ("# Xvfb did not start: %s\n", error->message);
      close (fds[0]);
      return NULL;
    }
  while (g_get_monotonic_time () < end)
    {
      char c;
      ssize_t n = read (fds[0], &c, 1);

      if (n <= 0 || c == '\n')
        break;
      g_string_append_c (number, c);
    }
  close (fds[0]);
  if (number->len > 0)
    {
      g_autofree char *display = g_strdup_printf (":%s", number->str);

      g_setenv ("DISPLAY", display, TRUE);
      g_unsetenv ("WAYLAND_DISPLAY");
      g_setenv ("GDK_BACKEND", "x11", TRUE);
    }
  return xvfb;
}

static inline void
mr_test_stop_private_display (GSubprocess **xvfb)
{
  if (*xvfb == NULL)
    return;
  g_subprocess_force_exit (*xvfb);
  g_subprocess_wait (*xvfb, NULL, NULL);
  g_clear_object (xvfb);
}
