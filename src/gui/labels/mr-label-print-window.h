/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-label-job.h"
#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_LABEL_PRINT_WINDOW (mr_label_print_window_get_type ())
G_DECLARE_FINAL_TYPE (MrLabelPrintWindow, mr_label_print_window, MR, LABEL_PRINT_WINDOW, AdwWindow)

/* Prints labels of @kind: of @records (GHashTable, field → text) when
 * given, else of the packages received today, else one sample label. The
 * user chooses the layout, the label stock, the first free label of the
 * sheet and the copies, and sees the pages as they will print. */
GtkWidget *mr_label_print_window_new (MrStore *store, const char *kind, GPtrArray *records);

/* The job as the options make it now, or NULL when it cannot be laid out
 * (the window says why). */
MrLabelJob *mr_label_print_window_get_job (MrLabelPrintWindow *self);
guint mr_label_print_window_get_page (MrLabelPrintWindow *self);
gboolean mr_label_print_window_select_stock (MrLabelPrintWindow *self, const char *stock_id);
void mr_label_print_window_set_start_position (MrLabelPrintWindow *self, guint position);
void mr_label_print_window_set_copies (MrLabelPrintWindow *self, guint copies);
/* Runs the GtkPrintOperation that "Print…" runs, exporting to a PDF
 * file instead of showing the print dialog. */
gboolean
mr_label_print_window_export (MrLabelPrintWindow *self, const char *pdf_path, GError **error);

G_END_DECLS
