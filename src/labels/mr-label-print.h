/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Printing without a window, through CUPS (libcups, the library GTK's own
 * print dialog uses). The server is CUPS's usual choice: $CUPS_SERVER,
 * then ~/.cups/client.conf, then the local scheduler. */

/* The queues CUPS knows, default first. (element-type utf8) */
GPtrArray *mr_label_list_printers (GError **error);
/* Sends @path to @printer. @raw sends it untouched (ZPL for a Zebra
 * queue); otherwise CUPS converts it (PDF) for the printer. Returns the
 * CUPS job id, or 0 with @error set. */
int mr_label_print_file (
  const char *printer, const char *path, const char *title, gboolean raw, GError **error);

G_END_DECLS
