/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-label-job.h"

G_BEGIN_DECLS

/* One element of one label, placed: what the cairo and the ZPL backends
 * both draw, so the two agree to the dot. Lengths in points, relative to
 * the label's top-left corner. */
typedef struct
{
  const MrLabelElement *element;
  char *text; /* a text element's line, or a barcode's human-readable text */
  MrBarcode *barcode;
  double x, y, width, height; /* the item's box */
  double size;                /* font size of the text */
  /* Barcodes: the symbol's top-left corner inside its quiet zone */
  double symbol_x, symbol_y;
  double module, bar_height;
  /* …and the human-readable text under it: a box, lines of it, a size */
  double hri_x, hri_y, hri_width;
  guint hri_lines;
} MrLabelItem;

struct _MrLabelJob
{
  MrLabelStock *stock;
  MrLabelLayout *layout;
  guint copies;
  guint start_position;
  double dpi;
  gboolean outlines;
  GPtrArray *records; /* GHashTable */
  GPtrArray *placed;  /* per record: GPtrArray of MrLabelItem, when prepared */
  int prepared_format;
  double prepared_dot;
};

/* The size of a printer dot for @format, in points. */
double mr_label_job_get_dot (MrLabelJob *job, MrLabelFormat format);
/* Which record the @index-th label prints. */
guint mr_label_job_get_record_index (MrLabelJob *job, guint index);
GBytes *mr_label_zpl_write (MrLabelJob *job, double dot);

/* Line height of the text, in font sizes */
#define MR_LABEL_LINE_HEIGHT 1.2
/* Advance of a monospace character, in font sizes (DejaVu Sans Mono) */
#define MR_LABEL_MONO_ADVANCE 0.61

G_END_DECLS
