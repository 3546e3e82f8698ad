/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Label stock: the physical labels a printer is loaded with. Sheets of
 * labels (Avery and the like) and rolls (Brother, DYMO) come from gLabels'
 * template database, read at run time; thermal rolls and custom sizes are
 * built in. Every length here is in PostScript points (1/72 in). */

#define MR_LABEL_ERROR (mr_label_error_quark ())

typedef enum
{
  MR_LABEL_ERROR_PARSE,     /* a template file is not well formed: "file:line: …" */
  MR_LABEL_ERROR_NOT_FOUND, /* no such label stock, layout or record */
  MR_LABEL_ERROR_INVALID,   /* a value or a definition that cannot be used */
  MR_LABEL_ERROR_DOES_NOT_FIT,
  MR_LABEL_ERROR_BARCODE, /* the data cannot be encoded in that symbology */
  MR_LABEL_ERROR_IO,
  MR_LABEL_ERROR_PRINT,
} MrLabelError;

GQuark mr_label_error_quark (void);

typedef enum
{
  MR_LABEL_SHAPE_RECTANGLE,
  MR_LABEL_SHAPE_ROUND,
  MR_LABEL_SHAPE_ELLIPSE,
  MR_LABEL_SHAPE_CD,
} MrLabelShape;

/* One grid of labels on a sheet: nx × ny labels, the first at (x0, y0),
 * the next ones every dx and dy. A sheet may have several grids. */
typedef struct
{
  guint nx, ny;
  double x0, y0, dx, dy;
} MrLabelGrid;

typedef struct _MrLabelStock MrLabelStock;

struct _MrLabelStock
{
  char *id;          /* "Avery 5160", "Thermal 4x6in", "custom:100x50mm" */
  char *brand;       /* "Avery" */
  char *part;        /* "5160" */
  char *description; /* as the vendor names it, translated when gLabels has it */
  char *paper_id;    /* "US-Letter", "A4", … or "roll" */
  double page_width, page_height;
  MrLabelShape shape;
  double width, height; /* of one label; for round labels, the diameter */
  double corner_radius;
  double margin;     /* keep-out margin inside the label's edge */
  gboolean is_roll;  /* one label per page: thermal printers and rolls */
  gboolean built_in; /* not from gLabels' database */
  MrLabelGrid *grids;
  guint n_grids;
  char **categories; /* gLabels' "label", "mail", "card", … */
  /* private */
  guint n_labels;
  double *origins; /* x, y pairs in print order: top to bottom, left to right */
  gint ref_count;
};

#define MR_TYPE_LABEL_STOCK (mr_label_stock_get_type ())
GType mr_label_stock_get_type (void);
MrLabelStock *mr_label_stock_ref (MrLabelStock *stock);
void mr_label_stock_unref (MrLabelStock *stock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLabelStock, mr_label_stock_unref)

guint mr_label_stock_get_n_labels (const MrLabelStock *stock);
void mr_label_stock_get_origin (const MrLabelStock *stock, guint index, double *x, double *y);
/* "101.6 × 50.8 mm (4.00 × 2.00 in)", numbers as mr_label_format_decimal()
 * writes them. */
char *mr_label_stock_describe_size (const MrLabelStock *stock);
/* @value with @digits decimals (at most 6), written the user's way: with
 * the decimal separator of LC_NUMERIC when the system chose a number
 * format, else with the one of the interface language ("101,6" in
 * French). For people, never for files or ids. */
char *mr_label_format_decimal (double value, guint digits);

/* One label of @stock alone on a page of its size (same shape and
 * margin), for previews of a layout. */
MrLabelStock *mr_label_stock_new_single (const MrLabelStock *stock);
/* A custom roll of @width × @height points. */
MrLabelStock *mr_label_stock_new_custom (double width, double height);

/* "100x50mm", "4x2in", "4 x 6 in", "288x144" (points): a size typed by a
 * person, for custom stock. */
gboolean mr_label_parse_size (const char *text, double *width, double *height);
/* "2.5in", "63.5mm", "12" (points): a gLabels length. */
gboolean mr_label_parse_length (const char *text, double *points);

/* The catalogue of every known stock. */
typedef struct _MrLabelCatalog MrLabelCatalog;

MrLabelCatalog *mr_label_catalog_new (void);
MrLabelCatalog *mr_label_catalog_ref (MrLabelCatalog *catalog);
void mr_label_catalog_unref (MrLabelCatalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLabelCatalog, mr_label_catalog_unref)

/* Parses one gLabels XML file (templates, or paper sizes) into the
 * catalogue. @filename names it in errors ("file:line: message"); nothing
 * of a file with an error is added. */
gboolean mr_label_catalog_parse (
  MrLabelCatalog *catalog, const char *filename, const char *data, gssize length, GError **error);
gboolean mr_label_catalog_add_file (MrLabelCatalog *catalog, const char *path, GError **error);
/* Reads every *-templates.xml (and paper-sizes.xml first) of @dir, and a
 * user's own *.template files. Files that fail are skipped; their errors
 * are appended to @errors (of GError) when given. Returns the number of
 * files read. */
guint mr_label_catalog_add_dir (MrLabelCatalog *catalog, const char *dir, GPtrArray *errors);
/* Adds the small set of sheets built into Mailroom (used when gLabels'
 * database is not installed). */
void mr_label_catalog_add_fallback_sheets (MrLabelCatalog *catalog);
/* Resolves templates declared "equiv" to another one. Call after the
 * last file; lookups do it too. */
void mr_label_catalog_resolve (MrLabelCatalog *catalog);

/* The catalogue every program uses: gLabels' database where it is
 * installed ($MAILROOM_GLABELS_TEMPLATES overrides the folder), the user's
 * own gLabels templates, the built-in thermal formats; the fallback sheets
 * when gLabels' database is missing. Loaded once. */
MrLabelCatalog *mr_label_catalog_get_default (void);
const char *mr_label_catalog_get_source_dir (MrLabelCatalog *catalog);

/* Finds stock by id, ignoring case, spaces and dashes ("avery-5160" is
 * "Avery 5160"), or a custom size "custom:100x50mm". */
MrLabelStock *mr_label_catalog_lookup (MrLabelCatalog *catalog, const char *id, GError **error);
/* Every stock, sorted by brand and part. (element-type MrLabelStock) */
GPtrArray *mr_label_catalog_list (MrLabelCatalog *catalog);
guint mr_label_catalog_get_n_stocks (MrLabelCatalog *catalog);

G_END_DECLS
