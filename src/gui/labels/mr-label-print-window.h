/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-label-job.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* Where the labels' data comes from. Each kind of label offers some:
 *   package:             GIVEN, TODAY, SEARCH
 *   pickup_slip:         GIVEN, AWAITING, SEARCH
 *   locker_door, shelf:  GIVEN, BANK
 *   asset, carrier_qr:   GIVEN, CSV
 * GIVEN only when the window was opened with records or ids of that kind. */
typedef enum
{
  MR_LABEL_PRINT_SOURCE_GIVEN,    /* the records or ids the window was opened with */
  MR_LABEL_PRINT_SOURCE_TODAY,    /* the packages received today */
  MR_LABEL_PRINT_SOURCE_AWAITING, /* the packages awaiting pickup */
  MR_LABEL_PRINT_SOURCE_SEARCH,   /* packages found by tracking number or internal ID */
  MR_LABEL_PRINT_SOURCE_BANK,     /* every door (or rear-loading shelf) of a locker bank */
  MR_LABEL_PRINT_SOURCE_CSV,      /* the rows of a CSV file */
} MrLabelPrintSource;

#define MR_TYPE_LABEL_PRINT_WINDOW (mr_label_print_window_get_type ())
G_DECLARE_FINAL_TYPE (MrLabelPrintWindow, mr_label_print_window, MR, LABEL_PRINT_WINDOW, AdwWindow)

/* Prints labels of @kind: of @records (GHashTable, field → text) when
 * given, else from the first source the kind offers; one sample label
 * only when there is nothing to print, with a note that says why. The
 * user chooses the source, the layout, the label stock, the first free
 * label of the sheet and the copies, and sees the pages as they will
 * print. */
GtkWidget *mr_label_print_window_new (MrStore *store, const char *kind, GPtrArray *records);
/* The same, for the records named by @ids as mailroom-cli labels takes
 * them (packages: id, internal ID or tracking number; lockers: a locker
 * or a bank; assets: id or tag): the selection of a list. Package ids
 * also print as pickup slips and the other way round. */
GtkWidget *
mr_label_print_window_new_for_ids (MrStore *store, const char *kind, const char *const *ids);

/* The job as the options make it now, or NULL when it cannot be laid out
 * (the window says why). */
MrLabelJob *mr_label_print_window_get_job (MrLabelPrintWindow *self);
guint mr_label_print_window_get_page (MrLabelPrintWindow *self);
const char *mr_label_print_window_get_kind (MrLabelPrintWindow *self);
gboolean mr_label_print_window_set_kind (MrLabelPrintWindow *self, const char *kind);
MrLabelPrintSource mr_label_print_window_get_source (MrLabelPrintWindow *self);
/* FALSE when the kind does not offer @source. */
gboolean mr_label_print_window_set_source (MrLabelPrintWindow *self, MrLabelPrintSource source);
/* Chooses the bank of MR_LABEL_PRINT_SOURCE_BANK. */
gboolean mr_label_print_window_select_bank (MrLabelPrintWindow *self, const char *bank_id);
/* Reads the CSV file of MR_LABEL_PRINT_SOURCE_CSV, as the file chooser
 * does; the error is also shown in the window. */
gboolean
mr_label_print_window_open_csv (MrLabelPrintWindow *self, const char *path, GError **error);
/* Adds the package @key names (id, internal ID or tracking number, typed
 * or scanned) to MR_LABEL_PRINT_SOURCE_SEARCH, as the search row does. */
gboolean
mr_label_print_window_add_package (MrLabelPrintWindow *self, const char *key, GError **error);
/* Whether the preview shows a made-up sample (nothing to print). */
gboolean mr_label_print_window_is_sample (MrLabelPrintWindow *self);
gboolean mr_label_print_window_select_stock (MrLabelPrintWindow *self, const char *stock_id);
void mr_label_print_window_set_start_position (MrLabelPrintWindow *self, guint position);
void mr_label_print_window_set_copies (MrLabelPrintWindow *self, guint copies);
/* Runs the GtkPrintOperation that "Print…" runs, exporting to a PDF
 * file instead of showing the print dialog. */
gboolean
mr_label_print_window_export (MrLabelPrintWindow *self, const char *pdf_path, GError **error);

G_END_DECLS
