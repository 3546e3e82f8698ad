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
