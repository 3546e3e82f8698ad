/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Barcodes as module matrices: zint encodes Code 128, GS1-128 and Data
 * Matrix, libqrencode encodes QR. They are drawn as filled rectangles at
 * an exact module size (never a scaled bitmap), so a printer reproduces
 * every bar at the width it was meant to have. */

typedef enum
{
  MR_BARCODE_CODE128,
  MR_BARCODE_GS1_128,
  MR_BARCODE_QR,
  MR_BARCODE_DATAMATRIX,
} MrBarcodeType;

/* "code128", "gs1-128", "qr", "datamatrix" */
const char *mr_barcode_type_to_string (MrBarcodeType type);
gboolean mr_barcode_type_from_string (const char *text, MrBarcodeType *type);
/* Translated: "Code 128", "QR code", … */
const char *mr_barcode_type_get_label (MrBarcodeType type);
gboolean mr_barcode_type_is_2d (MrBarcodeType type);

typedef struct _MrBarcode MrBarcode;

/* Encodes @data (UTF-8). GS1-128 data is written with its application
 * identifiers in parentheses or brackets: "(01)09501101530003(17)260101".
 * Errors: MR_LABEL_ERROR_BARCODE with a translated message. */
MrBarcode *mr_barcode_encode (MrBarcodeType type, const char *data, GError **error);
void mr_barcode_free (MrBarcode *barcode);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrBarcode, mr_barcode_free)

MrBarcodeType mr_barcode_get_symbology (const MrBarcode *barcode);
const char *mr_barcode_get_data (const MrBarcode *barcode);
/* The human-readable text printed under the code ("(01)0950…" for GS1). */
const char *mr_barcode_get_text (const MrBarcode *barcode);
/* Size in modules, without the quiet zone. A linear code has one row. */
guint mr_barcode_get_columns (const MrBarcode *barcode);
guint mr_barcode_get_rows (const MrBarcode *barcode);
gboolean mr_barcode_get_module (const MrBarcode *barcode, guint row, guint column);
/* The quiet zone on each side, in modules: 10 for Code 128 and GS1-128
 * (ISO/IEC 15417), 4 for QR (ISO/IEC 18004), 2 for Data Matrix (the
 * standard asks for 1; one more costs nothing and helps readers). 2D
 * codes have it above and below too. */
guint mr_barcode_get_quiet_zone (const MrBarcode *barcode);
/* Width of the symbol with its quiet zones, in modules. */
guint mr_barcode_get_total_columns (const MrBarcode *barcode);

/* Draws the dark modules, the symbol's top-left corner (inside its quiet
 * zone) at (@x, @y), each module @module wide and, for a linear code,
 * @bar_height high (2D codes are square and ignore it). One path, one
 * fill: adjacent bars never show seams. */
void mr_barcode_draw (
  const MrBarcode *barcode, cairo_t *cr, double x, double y, double module, double bar_height);

G_END_DECLS
