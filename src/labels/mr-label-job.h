/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "mr-label-layout.h"
#include "mr-label-stock.h"

G_BEGIN_DECLS

/* A print job of labels: records laid out with one layout on one label
 * stock, paginated (copies, a starting position on a partly used sheet),
 * and written as PDF, PNG or ZPL II, or drawn page by page for
 * GtkPrintOperation and previews. Every length is in points. */

typedef enum
{
  MR_LABEL_FORMAT_PDF,
  MR_LABEL_FORMAT_PNG,
  MR_LABEL_FORMAT_ZPL,
} MrLabelFormat;

gboolean mr_label_format_from_string (const char *text, MrLabelFormat *format);
const char *mr_label_format_to_string (MrLabelFormat format);
/* From a file name's extension (.pdf, .png, .zpl); FALSE when unknown. */
gboolean mr_label_format_from_filename (const char *path, MrLabelFormat *format);

typedef struct _MrLabelJob MrLabelJob;

MrLabelJob *mr_label_job_new (MrLabelStock *stock, MrLabelLayout *layout);
void mr_label_job_free (MrLabelJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLabelJob, mr_label_job_free)

MrLabelStock *mr_label_job_get_stock (MrLabelJob *job);
MrLabelLayout *mr_label_job_get_layout (MrLabelJob *job);

/* Each record printed @copies times, one after the other (default 1). */
void mr_label_job_set_copies (MrLabelJob *job, guint copies);
guint mr_label_job_get_copies (MrLabelJob *job);
/* The first label used on the first sheet, from 1 (default): labels
 * before it were already peeled off. Ignored on rolls. */
void mr_label_job_set_start_position (MrLabelJob *job, guint position);
guint mr_label_job_get_start_position (MrLabelJob *job);
/* The printer's resolution: bars and modules are whole dots of it, and
 * PNG and ZPL are made at it. 0 (default) means 300 dpi for PDF and PNG,
 * 203 dpi for ZPL. */
void mr_label_job_set_dpi (MrLabelJob *job, double dpi);
/* Draws each label's outline, to check the alignment of a sheet. */
void mr_label_job_set_outlines (MrLabelJob *job, gboolean outlines);

/* Adds a record (field → text; "@origin" names it in errors). The job
 * keeps a reference. */
void mr_label_job_add_record (MrLabelJob *job, GHashTable *record);
guint mr_label_job_get_n_records (MrLabelJob *job);

/* Lays out every record for @format: encodes the barcodes and fits the
 * layout on the label. Errors name the record ("package MR-…: …").
 * Drawing and writing call it when needed. */
gboolean mr_label_job_prepare (MrLabelJob *job, MrLabelFormat format, GError **error);

guint mr_label_job_get_n_labels (MrLabelJob *job);
guint mr_label_job_get_n_pages (MrLabelJob *job);
void mr_label_job_get_page_size (MrLabelJob *job, double *width, double *height);
/* Draws page @page (from 0) with its top-left at the origin of @cr, one
 * unit a point. The job must be prepared. */
void mr_label_job_draw_page (MrLabelJob *job, cairo_t *cr, guint page);

/* For previews: the outline of every label position of page @page, the
 * positions before the starting position (labels already used) shaded. */
void mr_label_job_draw_slots (MrLabelJob *job, cairo_t *cr, guint page);

/* Writes the job. PNG writes one file per page: @path itself for a
 * single page, else "name-1.png", "name-2.png", …; @written (of char *)
 * receives the paths written when given. */
gboolean mr_label_job_write (
  MrLabelJob *job, MrLabelFormat format, const char *path, GPtrArray *written, GError **error);
/* The ZPL II program of the job (one ^XA…^XZ format per label). */
GBytes *mr_label_job_to_zpl (MrLabelJob *job, GError **error);

G_END_DECLS
