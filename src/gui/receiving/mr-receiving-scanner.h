/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mr-scan-input.h"

G_BEGIN_DECLS

/* A barcode scanner anywhere in a widget: the GTK side of MrScanInput.
 *
 * It watches every key press that reaches the widget (a key controller in
 * the capture phase, so it sees the keys before the focused child does),
 * feeds them to MrScanInput with the events' own timestamps, and:
 *  - holds back the keys that may be the start of a scan;
 *  - gives back, in order, the keys that turned out to be typing: inserted
 *    at the cursor of the focused editable, or offered to the
 *    ::typed signal when the focus is not in one;
 *  - emits ::scan with the text of a completed scan, inside the handler of
 *    its terminating key, so that the scan is handled before the next key.
 * Its settings are the scanner-* keys of @settings, followed as they
 * change. */

#define MR_TYPE_RECEIVING_SCANNER (mr_receiving_scanner_get_type ())
G_DECLARE_FINAL_TYPE (MrReceivingScanner, mr_receiving_scanner, MR, RECEIVING_SCANNER, GObject)

/* Watches the keys of @widget (which keeps the controller; the scanner
 * keeps a weak reference to the widget). */
/* @settings: (nullable): without them, the defaults apply */
MrReceivingScanner *mr_receiving_scanner_new (GtkWidget *widget, GSettings *settings);

/* Gives back whatever is held, now, as typing (focus left, view hidden). */
void mr_receiving_scanner_flush (MrReceivingScanner *self);
guint mr_receiving_scanner_get_n_held (MrReceivingScanner *self);
/* Reloads the scanner-* settings (also done on every change). */
void mr_receiving_scanner_reload_settings (MrReceivingScanner *self);

G_END_DECLS
