/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-barcode-decode"

#include "config.h"

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>
#include <string.h>
#include <zbar.h>

#include "mr-barcode-decode.h"

/* ZBar wants one byte per pixel (Y800), rows packed. Everything is
 * brought to that: pixbufs with their alpha laid over white (a PNG label
 * with a transparent background must not read as black), PDF pages
 * rendered onto white at the requested resolution. A page of A4 at 300
 * dpi is 2480 × 3508 pixels: 35 MB as RGB, 9 MB as gray, one page at a
 * time. */

/* A page larger than this (a poster, a bogus MediaBox) is rendered at a
 * lower resolution, and a larger image scaled down, instead of exhausting
 * memory. */
#define MAX_PIXELS (120 * 1000 * 1000)

GQuark
mr_barcode_decode_error_quark (void)
{
  return g_quark_from_static_string ("mr-barcode-decode-error-quark");
}

G_DEFINE_BOXED_TYPE (MrDecodedSymbol,
                     mr_decoded_symbol,
                     mr_decoded_symbol_copy,
                     mr_decoded_symbol_free)

MrDecodedSymbol *
mr_decoded_symbol_copy (const MrDecodedSymbol *symbol)
{
  MrDecodedSymbol *copy;

  g_return_val_if_fail (symbol != NULL, NULL);
  copy = g_new0 (MrDecodedSymbol, 1);
  *copy = *symbol;
  copy->symbology = g_strdup (symbol->symbology);
  copy->text = g_strdup (symbol->text);
  copy->code = mr_scan_code_copy (symbol->code);
  return copy;
}

void
mr_decoded_symbol_free (MrDecodedSymbol *symbol)
{
  if (symbol == NULL)
    return;
  g_free (symbol->symbology);
  g_free (symbol->text);
  mr_scan_code_free (symbol->code);
  g_free (symbol);
}

/* ZBar's symbol types: our name, and the AIM identifier (without and
 * with FNC1 in first position) that a scanner would have sent. */
typedef struct
{
  zbar_symbol_type_t type;
  const char *name;
  const char *gs1_name;
  const char *aim;
  const char *gs1_aim;
} SymbolType;

static const SymbolType symbol_types[] = {
  { ZBAR_EAN8, "EAN-8", NULL, "]E4", NULL },
  { ZBAR_UPCE, "UPC-E", NULL, "]E0", NULL },
  { ZBAR_ISBN10, "ISBN-10", NULL, "]E0", NULL },
  { ZBAR_UPCA, "UPC-A", NULL, "]E0", NULL },
  { ZBAR_EAN13, "EAN-13", NULL, "]E0", NULL },
  { ZBAR_ISBN13, "ISBN-13", NULL, "]E0", NULL },
  { ZBAR_I25, "Interleaved 2 of 5", NULL, "]I0", NULL },
  { ZBAR_DATABAR, "GS1 DataBar", "GS1 DataBar", "]e0", "]e0" },
  { ZBAR_DATABAR_EXP, "GS1 DataBar Expanded", "GS1 DataBar Expanded", "]e0", "]e0" },
  { ZBAR_CODABAR, "Codabar", NULL, "]F0", NULL },
  { ZBAR_CODE39, "Code 39", NULL, "]A0", NULL },
  { ZBAR_PDF417, "PDF417", NULL, "]L2", NULL },
  { ZBAR_QRCODE, "QR Code", "GS1 QR Code", "]Q1", "]Q3" },
  { ZBAR_CODE93, "Code 93", NULL, "]G0", NULL },
  { ZBAR_CODE128, "Code 128", "GS1-128", "]C0", "]C1" },
};

static const SymbolType *
find_symbol_type (zbar_symbol_type_t type)
{
  for (guint i = 0; i < G_N_ELEMENTS (symbol_types); i++)
    if (symbol_types[i].type == type)
      return &symbol_types[i];
  return NULL;
}

/* ZBar gives QR Code text as UTF-8 but 1D codes as their bytes, which
 * beyond ASCII are Latin-1 (ISO/IEC 15417 for Code 128). */
static char *
symbol_text (const zbar_symbol_t *symbol)
{
  const char *data = zbar_symbol_get_data (symbol);
  gsize len = zbar_symbol_get_data_length (symbol);
  char *text;

  len = strnlen (data, len);
  if (g_utf8_validate (data, len, NULL))
    return g_strndup (data, len);
  text = g_convert (data, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  return text != NULL ? text : g_utf8_make_valid (data, len);
}

static MrDecodedSymbol *
make_symbol (const zbar_symbol_t *zsym, guint page, MrCarrierRules *rules)
{
  zbar_symbol_type_t type = zbar_symbol_get_type (zsym);
  const SymbolType *known = find_symbol_type (type);
  MrDecodedSymbol *symbol = g_new0 (MrDecodedSymbol, 1);
  unsigned n_points = zbar_symbol_get_loc_size (zsym);
  MrAimId aim = { { 0 } };
  const char *aim_id = NULL;
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = G_MININT, y1 = G_MININT;

  symbol->page = page;
  symbol->gs1 = (zbar_symbol_get_modifiers (zsym) & (1u << ZBAR_MOD_GS1)) != 0 ||
                type == ZBAR_DATABAR || type == ZBAR_DATABAR_EXP;
  symbol->text = symbol_text (zsym);
  if (known != NULL)
    {
      symbol->symbology = g_strdup (symbol->gs1 && known->gs1_name ? known->gs1_name : known->name);
      aim_id = symbol->gs1 && known->gs1_aim ? known->gs1_aim : known->aim;
    }
  else
    symbol->symbology = g_strdup (zbar_get_symbol_name (type));

  for (unsigned i = 0; i < n_points; i++)
    {
      int x = zbar_symbol_get_loc_x (zsym, i);
      int y = zbar_symbol_get_loc_y (zsym, i);

      x0 = MIN (x0, x);
      y0 = MIN (y0, y);
      x1 = MAX (x1, x);
      y1 = MAX (y1, y);
    }
  if (n_points > 0)
    {
      symbol->x = x0;
      symbol->y = y0;
      symbol->width = x1 - x0 + 1;
      symbol->height = y1 - y0 + 1;
    }

  if (aim_id != NULL)
    mr_aim_id_parse (aim_id, strlen (aim_id), &aim);
  symbol->code = mr_scan_code_parse (rules, symbol->text, -1, aim_id != NULL ? &aim : NULL);
  return symbol;
}

/* @density: ZBar scans every @density-th row and column. */
static GPtrArray *
decode_gray (const guint8 *pixels,
             guint width,
             guint height,
             guint stride,
             guint page,
             guint density,
             MrCarrierRules *rules,
             GError **error)
{
  g_autoptr (GPtrArray) symbols =
    g_ptr_array_new_with_free_func ((GDestroyNotify) mr_decoded_symbol_free);
  g_autofree guint8 *packed = NULL;
  const guint8 *data = pixels;
  zbar_image_scanner_t *scanner;
  zbar_image_t *image;
  int n;

  if (width == 0 || height == 0)
    return g_steal_pointer (&symbols);
  if (stride != width)
    {
      packed = g_malloc ((gsize) width * height);
      for (guint y = 0; y < height; y++)
        memcpy (packed + (gsize) y * width, pixels + (gsize) y * stride, width);
      data = packed;
    }

  /* ZBar's defaults, as zbarimg has them: every symbology but the
   * ISBN and UPC-A variants of EAN-13, which it then reports as EAN-13. */
  scanner = zbar_image_scanner_create ();
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_X_DENSITY, density);
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_Y_DENSITY, density);
  image = zbar_image_create ();
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, data, (unsigned long) width * height, NULL);
  n = zbar_scan_image (scanner, image);
  if (n < 0)
    g_set_error (error, MR_BARCODE_DECODE_ERROR, MR_BARCODE_DECODE_ERROR_ZBAR,
                 _ ("The barcode decoder failed on page %u."), page);
  else
    for (const zbar_symbol_t *s = zbar_image_first_symbol (image); s != NULL;
         s = zbar_symbol_next (s))
      g_ptr_array_add (symbols, make_symbol (s, page, rules));
  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
  if (n < 0)
    return NULL;
  return g_steal_pointer (&symbols);
}

GPtrArray *
mr_barcode_decode_gray (const guint8 *pixels,
                        guint width,
                        guint height,
                        guint stride,
                        guint page,
                        MrCarrierRules *rules,
                        GError **error)
{
  g_return_val_if_fail (pixels != NULL || width == 0 || height == 0, NULL);
  g_return_val_if_fail (stride >= width, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode_gray (pixels, width, height, stride, page, 1, rules, error);
}

/* Pixbufs: any channel layout gdk-pixbuf gives, alpha over white. */
static guint8 *
pixbuf_to_gray (GdkPixbuf *pixbuf, guint *width, guint *height)
{
  guint w = gdk_pixbuf_get_width (pixbuf);
  guint h = gdk_pixbuf_get_height (pixbuf);
  guint rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  guint channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *gray = g_malloc ((gsize) w * h);

  for (guint y = 0; y < h; y++)
    {
      const guint8 *row = src + (gsize) y * rowstride;
      guint8 *out = gray + (gsize) y * w;

      for (guint x = 0; x < w; x++)
        {
          const guint8 *p = row + (gsize) x * channels;
          guint luma = channels >= 3 ? (p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8 : p[0];

          if (alpha)
            {
              guint a = p[channels - 1];

              luma = (luma * a + 255 * (255 - a)) / 255;
            }
          out[x] = (guint8) luma;
        }
    }
  *width = w;
  *height = h;
  return gray;
}

/* Cairo RGB24: native-endian 0xXXRRGGBB words. */
static guint8 *
surface_to_gray (cairo_surface_t *surface, guint *width, guint *height)
{
  guint w = cairo_image_surface_get_width (surface);
  guint h = cairo_image_surface_get_height (surface);
  guint stride = cairo_image_surface_get_stride (surface);
  const guint8 *src = cairo_image_surface_get_data (surface);
  guint8 *gray = g_malloc ((gsize) w * h);

  for (guint y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (src + (gsize) y * stride);
      guint8 *out = gray + (gsize) y * w;

      for (guint x = 0; x < w; x++)
        {
          guint32 v = row[x];

          out[x] =
            (guint8) ((((v >> 16) & 0xff) * 77 + ((v >> 8) & 0xff) * 150 + (v & 0xff) * 29) >> 8);
        }
    }
  *width = w;
  *height = h;
  return gray;
}

static GPtrArray *
decode_image (const char *path, GBytes *bytes, MrCarrierRules *rules, GError **error)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr (GdkPixbuf) loaded = NULL;
  g_autoptr (GdkPixbuf) oriented = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree guint8 *gray = NULL;
  guint width, height;

  loaded = gdk_pixbuf_new_from_stream (stream, NULL, &local_error);
  if (loaded == NULL)
    {
      g_set_error (error, MR_BARCODE_DECODE_ERROR, MR_BARCODE_DECODE_ERROR_FORMAT,
                   _ ("“%s” is neither an image nor a PDF file that can be opened: %s"), path,
                   local_error->message);
      return NULL;
    }
  /* Phone photos are stored sideways with an EXIF note; ZBar reads
   * 1D codes in either direction but the coordinates should match what
   * people see. */
  oriented = gdk_pixbuf_apply_embedded_orientation (loaded);
  if (oriented == NULL)
    oriented = g_object_ref (loaded);
  g_clear_object (&loaded);
  width = gdk_pixbuf_get_width (oriented);
  height = gdk_pixbuf_get_height (oriented);
  if ((double) width * height > MAX_PIXELS)
    {
      double scale = sqrt (MAX_PIXELS / ((double) width * height));

      loaded = gdk_pixbuf_scale_simple (oriented, MAX (1, (int) (width * scale)),
                                        MAX (1, (int) (height * scale)), GDK_INTERP_BILINEAR);
      if (loaded != NULL)
        g_set_object (&oriented, loaded);
    }
  gray = pixbuf_to_gray (oriented, &width, &height);
  return decode_gray (gray, width, height, width, 1, 1, rules, error);
}

static GPtrArray *
decode_pdf (const char *path,
            GBytes *bytes,
            guint dpi,
            MrCarrierRules *rules,
            GCancellable *cancellable,
            GError **error)
{
  g_autoptr (GPtrArray) symbols =
    g_ptr_array_new_with_free_func ((GDestroyNotify) mr_decoded_symbol_free);
  /* Debian 12's poppler-glib has no g_autoptr support. */
  g_autoptr (GObject) document = NULL;
  g_autoptr (GError) local_error = NULL;
  int n_pages;

  document = (GObject *) poppler_document_new_from_bytes (bytes, NULL, &local_error);
  if (document == NULL)
    {
      g_set_error (error, MR_BARCODE_DECODE_ERROR, MR_BARCODE_DECODE_ERROR_FORMAT,
                   _ ("“%s” is a PDF file that cannot be opened: %s"), path, local_error->message);
      return NULL;
    }
  n_pages = poppler_document_get_n_pages (POPPLER_DOCUMENT (document));
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr (GObject) object =
        (GObject *) poppler_document_get_page (POPPLER_DOCUMENT (document), i);
      PopplerPage *page = (PopplerPage *) object;
      g_autoptr (GPtrArray) found = NULL;
      g_autofree guint8 *gray = NULL;
      double pt_width, pt_height, scale;
      double pixels;
      cairo_surface_t *surface;
      cairo_t *cr;
      guint width, height;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (page == NULL)
        continue;
      poppler_page_get_size (page, &pt_width, &pt_height);
      scale = dpi / 72.0;
      pixels = pt_width * scale * pt_height * scale;
      if (pixels > MAX_PIXELS)
        scale *= sqrt (MAX_PIXELS / pixels);
      width = MAX (1, (guint) ceil (pt_width * scale));
      height = MAX (1, (guint) ceil (pt_height * scale));

      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, MR_BARCODE_DECODE_ERROR, MR_BARCODE_DECODE_ERROR_FORMAT,
                       _ ("Page %d of “%s” cannot be rendered: %s"), i + 1, path,
                       cairo_status_to_string (cairo_surface_status (surface)));
          cairo_surface_destroy (surface);
          return NULL;
        }
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      gray = surface_to_gray (surface, &width, &height);
      cairo_surface_destroy (surface);

      /* At 200 dpi and more the narrowest bar or module is several
       * pixels wide and a barcode many rows tall: scanning every other
       * row and column finds the same symbols in half the time (measured:
       * 110 → 55 ms for an A4 page at 300 dpi). Photos keep every line. */
      found =
        decode_gray (gray, width, height, width, i + 1, scale * 72 >= 200 ? 2 : 1, rules, error);
      if (found == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (symbols, g_steal_pointer (&found));
    }
  return g_steal_pointer (&symbols);
}

GPtrArray *
mr_barcode_decode_file (
  const char *path, guint dpi, MrCarrierRules *rules, GCancellable *cancellable, GError **error)
{
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display = NULL;
  const char *head;
  gsize size;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, MR_BARCODE_DECODE_ERROR, MR_BARCODE_DECODE_ERROR_READ, "%s",
                   local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  head = g_bytes_get_data (bytes, &size);
  if (dpi == 0)
    dpi = MR_BARCODE_DECODE_DEFAULT_DPI;
  /* The header may follow some junk (PDF readers allow 1024 bytes). */
  if (size >= 5 && g_strstr_len (head, MIN (size, 1024), "%PDF-") != NULL)
    return decode_pdf (display, bytes, dpi, rules, cancellable, error);
  return decode_image (display, bytes, rules, error);
}

typedef struct
{
  char *path;
  guint dpi;
  MrCarrierRules *rules;
} DecodeData;

static void
decode_data_free (DecodeData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->rules, mr_carrier_rules_unref);
  g_free (data);
}

static void
decode_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  DecodeData *data = task_data;
  GError *error = NULL;
  GPtrArray *symbols =
    mr_barcode_decode_file (data->path, data->dpi, data->rules, cancellable, &error);

  if (symbols == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, symbols, (GDestroyNotify) g_ptr_array_unref);
}

void
mr_barcode_decode_file_async (const char *path,
                              guint dpi,
                              MrCarrierRules *rules,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  DecodeData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (DecodeData, 1);
  data->path = g_strdup (path);
  data->dpi = dpi;
  data->rules = rules != NULL ? mr_carrier_rules_ref (rules) : NULL;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mr_barcode_decode_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) decode_data_free);
  g_task_run_in_thread (task, decode_thread);
}

GPtrArray *
mr_barcode_decode_file_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
