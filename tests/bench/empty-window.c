/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The baseline for the start-up benchmark: an AdwApplication with an empty
 * 1100×720 AdwApplicationWindow, built and run exactly like mailroom
 * (same toolkit init, same window class, same first-frame hook), so the
 * ratio measures what mailroom adds on top of "libadwaita shows a
 * window".
 *
 * With MAILROOM_EXIT_AFTER_FIRST_FRAME set it prints "first-frame" after
 * the first frame clock "after-paint" and quits, as mailroom does. */

#include "config.h"

#include <stdio.h>

#include <adwaita.h>

static void
after_paint_cb (GdkFrameClock *clock, GtkWindow *window)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (window));

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  printf ("first-frame\n");
  fflush (stdout);
  g_application_quit (app);
}

static void
realize_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb), window, 0);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), "Empty");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  if (g_getenv ("MAILROOM_EXIT_AFTER_FIRST_FRAME"))
    g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr (AdwApplication) app =
    adw_application_new ("org.gnome.Mailroom.BenchEmptyWindow", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
