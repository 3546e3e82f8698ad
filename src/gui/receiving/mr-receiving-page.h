/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-store.h"

G_BEGIN_DECLS

/* The Receiving section: scan after scan without the mouse. A scan
 * anywhere in the view receives a package (saved before the next key is
 * looked at) and makes it the one being filled in: carrier when the
 * number fits several, recipient by type-ahead or badge scan, size,
 * pieces, place, notes. Barcodes are also read from dropped or opened
 * images and PDF files. Scans that cannot be saved wait in a retry list.
 *
 * With MAILROOM_SCAN_ACK_LOG=path in the environment, each package
 * received appends its tracking number (or internal ID) and a newline to
 * that file once its commit has returned: what the view acknowledged. */

#define MR_TYPE_RECEIVING_PAGE (mr_receiving_page_get_type ())
G_DECLARE_FINAL_TYPE (MrReceivingPage, mr_receiving_page, MR, RECEIVING_PAGE, AdwBin)

GtkWidget *mr_receiving_page_new (MrStore *store);

/* What the scanner hands over, also for codes read from files: a badge
 * when the package being filled in has no recipient yet, else a package
 * to receive. */
void mr_receiving_page_handle_scan (MrReceivingPage *self, const char *text);
/* Receives a package without a tracking number (it gets an internal ID
 * and needs a label). Returns its id, or NULL when it waits for a retry. */
char *mr_receiving_page_receive_without_label (MrReceivingPage *self);
/* Reads the barcodes of an image or PDF file and offers the tracking
 * numbers found in a dialog (mr_receiving_page_get_dialog()). */
void mr_receiving_page_open_files (MrReceivingPage *self, GFile *const *files, guint n_files);

/* The packages received in this view, newest first (MrPackage). */
GListModel *mr_receiving_page_get_intake (MrReceivingPage *self);
/* The package being filled in (the selected row), or NULL. */
const char *mr_receiving_page_get_current_id (MrReceivingPage *self);
gboolean mr_receiving_page_select (MrReceivingPage *self, const char *package_id);
/* The status line, as shown. */
const char *mr_receiving_page_get_status (MrReceivingPage *self);
/* Scans waiting to be saved again, oldest first. */
guint mr_receiving_page_get_n_pending (MrReceivingPage *self);
const char *mr_receiving_page_get_pending (MrReceivingPage *self, guint index);
/* Tries the waiting scans now; TRUE when none is left. */
gboolean mr_receiving_page_retry_now (MrReceivingPage *self);
/* The carrier chooser: how many candidates it offers (0: hidden). */
guint mr_receiving_page_get_n_carrier_choices (MrReceivingPage *self);
/* Controls, for tests and focus handling. */
GtkWidget *mr_receiving_page_get_recipient_row (MrReceivingPage *self);
GtkWidget *mr_receiving_page_get_carrier_list (MrReceivingPage *self);
/* The suggestions under the recipient field: how many, and which is
 * highlighted (-1: none). */
guint mr_receiving_page_get_n_suggestions (MrReceivingPage *self);
int mr_receiving_page_get_suggestion_index (MrReceivingPage *self);
/* The dialog the page opened (found barcodes, file chooser), or NULL. */
GtkWindow *mr_receiving_page_get_dialog (MrReceivingPage *self);

G_END_DECLS
