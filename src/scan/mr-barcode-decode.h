/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mr-carriers.h"
#include "mr-scan-code.h"

G_BEGIN_DECLS

/* Reading barcodes from files: a photo of a label, a scanned delivery
 * sheet, a carrier's PDF label. Images are loaded with gdk-pixbuf, PDF
 * pages are rendered with poppler, and ZBar finds the symbols (1D codes,
 * QR Code, GS1 DataBar; not Data Matrix). Each symbol is then understood
 * like a scan (mr-scan-code.h): GS1 elements, tracking number, carriers. */

#define MR_BARCODE_DECODE_ERROR (mr_barcode_decode_error_quark ())

typedef enum
{
  MR_BARCODE_DECODE_ERROR_READ,   /* the file cannot be read */
  MR_BARCODE_DECODE_ERROR_FORMAT, /* not an image or PDF we can open, or a damaged one */
  MR_BARCODE_DECODE_ERROR_ZBAR,   /* the decoder failed */
} MrBarcodeDecodeError;

GQuark mr_barcode_decode_error_quark (void);

#define MR_BARCODE_DECODE_DEFAULT_DPI 300

typedef struct
{
  guint page;      /* 1-based page of a PDF; 1 for an image */
  char *symbology; /* "GS1-128", "Code 128", "QR Code", "EAN-13", … (names, not translated) */
  char *text;      /* the data as decoded, FNC1 as GS (0x1D); UTF-8 */
  gboolean gs1;    /* the symbol had FNC1 in first position */
  int x, y;        /* bounding box, in pixels of the image (PDF: of the page at the dpi used) */
  int width, height;
  MrScanCode *code; /* the data understood; never NULL */
} MrDecodedSymbol;

#define MR_TYPE_DECODED_SYMBOL (mr_decoded_symbol_get_type ())
GType mr_decoded_symbol_get_type (void) G_GNUC_CONST;
MrDecodedSymbol *mr_decoded_symbol_copy (const MrDecodedSymbol *symbol);
void mr_decoded_symbol_free (MrDecodedSymbol *symbol);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrDecodedSymbol, mr_decoded_symbol_free)

/* Every symbol in an 8-bit grayscale image (@stride bytes a row), in the
 * order ZBar reports them, with @page set on each. Identical symbols
 * (same symbology and text) in one image are reported once: ZBar merges
 * them. @rules: for the
 * carrier candidates, or NULL. Returns an array of MrDecodedSymbol. */
GPtrArray *mr_barcode_decode_gray (const guint8 *pixels,
                                   guint width,
                                   guint height,
                                   guint stride,
                                   guint page,
                                   MrCarrierRules *rules,
                                   GError **error);

/* Every symbol in an image file (any format gdk-pixbuf reads; EXIF
 * orientation applied) or on every page of a PDF, rendered at @dpi (0:
 * MR_BARCODE_DECODE_DEFAULT_DPI). The file type is told by its content,
 * not its name. Returns an array of MrDecodedSymbol (empty when there is
 * no barcode), or NULL with @error set (MR_BARCODE_DECODE_ERROR, or
 * G_IO_ERROR_CANCELLED). */
GPtrArray *mr_barcode_decode_file (
  const char *path, guint dpi, MrCarrierRules *rules, GCancellable *cancellable, GError **error);

/* The same in a worker thread, for the receiving window. */
void mr_barcode_decode_file_async (const char *path,
                                   guint dpi,
                                   MrCarrierRules *rules,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
GPtrArray *mr_barcode_decode_file_finish (GAsyncResult *result, GError **error);

G_END_DECLS
