/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-labels"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <string.h>
#include <zint.h>

#include "mr-barcode.h"
#include "mr-label-stock.h"

struct _MrBarcode
{
  MrBarcodeType type;
  char *data;
  char *text;
  guint columns, rows;
  guint8 *modules; /* rows × columns, 1 = dark */
};

static const struct
{
  const char *id;
  const char *label;
} types[] = {
  [MR_BARCODE_CODE128] = { "code128", N_ ("Code 128") },
  [MR_BARCODE_GS1_128] = { "gs1-128", N_ ("GS1-128") },
  [MR_BARCODE_QR] = { "qr", N_ ("QR code") },
  [MR_BARCODE_DATAMATRIX] = { "datamatrix", N_ ("Data Matrix") },
};

const char *
mr_barcode_type_to_string (MrBarcodeType type)
{
  g_return_val_if_fail (type <= MR_BARCODE_DATAMATRIX, NULL);
  return types[type].id;
}

gboolean
mr_barcode_type_from_string (const char *text, MrBarcodeType *type)
{
  for (guint i = 0; text && i < G_N_ELEMENTS (types); i++)
    if (g_ascii_strcasecmp (types[i].id, text) == 0)
      {
        *type = i;
        return TRUE;
      }
  return FALSE;
}

const char *
mr_barcode_type_get_label (MrBarcodeType type)
{
  g_return_val_if_fail (type <= MR_BARCODE_DATAMATRIX, NULL);
  return _ (types[type].label);
}

gboolean
mr_barcode_type_is_2d (MrBarcodeType type)
{
  return type == MR_BARCODE_QR || type == MR_BARCODE_DATAMATRIX;
}

static MrBarcode *
barcode_new (MrBarcodeType type, const char *data, guint columns, guint rows)
{
  MrBarcode *bc = g_new0 (MrBarcode, 1);

  bc->type = type;
  bc->data = g_strdup (data);
  bc->columns = columns;
  bc->rows = rows;
  bc->modules = g_malloc0 ((gsize) columns * rows);
  return bc;
}

static MrBarcode *
encode_zint (MrBarcodeType type, const char *data, GError **error)
{
  struct zint_symbol *symbol = ZBarcode_Create ();
  MrBarcode *bc = NULL;
  int rc;

  if (symbol == NULL)
    g_error ("zint: out of memory");
  switch (type)
    {
    case MR_BARCODE_GS1_128:
      symbol->symbology = BARCODE_GS1_128;
      /* People write AIs in parentheses, as they are printed; zint's own
       * syntax is brackets. */
      symbol->input_mode = GS1_MODE | (data[0] == '(' ? GS1PARENS_MODE : 0);
      break;
    case MR_BARCODE_DATAMATRIX:
      symbol->symbology = BARCODE_DATAMATRIX;
      symbol->input_mode = UNICODE_MODE;
      symbol->option_3 = DM_SQUARE;
      break;
    case MR_BARCODE_CODE128:
    case MR_BARCODE_QR:
    default:
      symbol->symbology = BARCODE_CODE128;
      symbol->input_mode = UNICODE_MODE;
      break;
    }

  rc = ZBarcode_Encode (symbol, (const unsigned char *) data, (int) strlen (data));
  if (rc >= ZINT_ERROR)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_BARCODE,
                   /* Translators: “data” cannot be encoded as Code 128: zint's reason (English) */
                   _ ("“%s” cannot be encoded as %s: %s"), data, mr_barcode_type_get_label (type),
                   symbol->errtxt);
      ZBarcode_Delete (symbol);
      return NULL;
    }
  if (symbol->rows < 1 || symbol->width < 1 || symbol->rows > 200 || symbol->width > 144 * 8)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_BARCODE,
                   _ ("“%s” cannot be encoded as %s: the symbol would be too large."), data,
                   mr_barcode_type_get_label (type));
      ZBarcode_Delete (symbol);
      return NULL;
    }

  /* Code 128 symbols from zint may have several rows only for stacked
   * variants; ours are one row. */
  bc = barcode_new (type, data, symbol->width, type == MR_BARCODE_DATAMATRIX ? symbol->rows : 1);
  for (guint r = 0; r < bc->rows; r++)
    for (guint c = 0; c < bc->columns; c++)
      bc->modules[r * bc->columns + c] = (symbol->encoded_data[r][c >> 3] >> (c & 7)) & 1;
  if (type == MR_BARCODE_GS1_128 && symbol->text[0] != '\0')
    bc->text = g_strdup ((const char *) symbol->text);
  ZBarcode_Delete (symbol);
  return bc;
}

static MrBarcode *
encode_qr (const char *data, GError **error)
{
  QRcode *qr;
  MrBarcode *bc;

  /* Level M (15 % recovery): the usual choice for printed labels, which
   * get scuffed but not torn. */
  qr = QRcode_encodeString8bit (data, 0, QR_ECLEVEL_M);
  if (qr == NULL)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_BARCODE,
                   _ ("“%s” cannot be encoded as %s: %s"), data,
                   mr_barcode_type_get_label (MR_BARCODE_QR), g_strerror (errno));
      return NULL;
    }
  bc = barcode_new (MR_BARCODE_QR, data, qr->width, qr->width);
  for (guint i = 0; i < (guint) (qr->width * qr->width); i++)
    bc->modules[i] = qr->data[i] & 1;
  QRcode_free (qr);
  return bc;
}

MrBarcode *
mr_barcode_encode (MrBarcodeType type, const char *data, GError **error)
{
  MrBarcode *bc;

  g_return_val_if_fail (data != NULL, NULL);

  if (*data == '\0')
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_BARCODE,
                   _ ("There is nothing to encode as %s."), mr_barcode_type_get_label (type));
      return NULL;
    }
  if (!g_utf8_validate (data, -1, NULL))
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_BARCODE,
                   _ ("The data of a %s is not valid text."), mr_barcode_type_get_label (type));
      return NULL;
    }
  bc = type == MR_BARCODE_QR ? encode_qr (data, error) : encode_zint (type, data, error);
  if (bc != NULL && bc->text == NULL)
    bc->text = g_strdup (data);
  return bc;
}

void
mr_barcode_free (MrBarcode *barcode)
{
  if (barcode == NULL)
    return;
  g_free (barcode->data);
  g_free (barcode->text);
  g_free (barcode->modules);
  g_free (barcode);
}

MrBarcodeType
mr_barcode_get_symbology (const MrBarcode *barcode)
{
  return barcode->type;
}

const char *
mr_barcode_get_data (const MrBarcode *barcode)
{
  return barcode->data;
}

const char *
mr_barcode_get_text (const MrBarcode *barcode)
{
  return barcode->text;
}

guint
mr_barcode_get_columns (const MrBarcode *barcode)
{
  return barcode->columns;
}

guint
mr_barcode_get_rows (const MrBarcode *barcode)
{
  return barcode->rows;
}

gboolean
mr_barcode_get_module (const MrBarcode *barcode, guint row, guint column)
{
  g_return_val_if_fail (row < barcode->rows && column < barcode->columns, FALSE);
  return barcode->modules[row * barcode->columns + column];
}

guint
mr_barcode_get_quiet_zone (const MrBarcode *barcode)
{
  switch (barcode->type)
    {
    case MR_BARCODE_QR:
      return 4;
    case MR_BARCODE_DATAMATRIX:
      return 2;
    case MR_BARCODE_CODE128:
    case MR_BARCODE_GS1_128:
    default:
      return 10;
    }
}

guint
mr_barcode_get_total_columns (const MrBarcode *barcode)
{
  return barcode->columns + 2 * mr_barcode_get_quiet_zone (barcode);
}

typedef struct
{
  guint c0, c1; /* columns [c0, c1) */
  guint r0, r1; /* rows [r0, r1) */
} Block;

/* The dark modules as rectangles: runs along each row, merged down while
 * the rows below have the same run. A QR code of 25 × 25 modules becomes
 * about 120 rectangles instead of 300 squares. */
static GArray *
barcode_blocks (const MrBarcode *barcode)
{
  GArray *done = g_array_new (FALSE, FALSE, sizeof (Block));
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (Block));
  g_autoptr (GArray) next = g_array_new (FALSE, FALSE, sizeof (Block));

  for (guint r = 0; r <= barcode->rows; r++)
    {
      const guint8 *row =
        r < barcode->rows ? barcode->modules + (gsize) r * barcode->columns : NULL;
      guint k = 0;

      g_array_set_size (next, 0);
      for (guint c = 0; row && c < barcode->columns;)
        {
          Block b = { 0 };

          if (!row[c])
            {
              c++;
              continue;
            }
          b.c0 = c;
          while (c < barcode->columns && row[c])
            c++;
          b.c1 = c;
          /* Runs are sorted: the open block with the same run, if any, is
           * at or after k. */
          while (k < open->len && g_array_index (open, Block, k).c0 < b.c0)
            g_array_append_val (done, g_array_index (open, Block, k++));
          if (k < open->len && g_array_index (open, Block, k).c0 == b.c0 &&
              g_array_index (open, Block, k).c1 == b.c1)
            {
              b.r0 = g_array_index (open, Block, k++).r0;
            }
          else
            b.r0 = r;
          b.r1 = r + 1;
          g_array_append_val (next, b);
        }
      while (k < open->len)
        g_array_append_val (done, g_array_index (open, Block, k++));
      g_array_set_size (open, 0);
      g_array_append_vals (open, next->data, next->len);
    }
  return done;
}

/* On vector surfaces (PDF, PostScript, SVG) the modules are glyphs of a
 * font of our own. They are still rectangles at the exact module size,
 * but a PDF holds each shape once and a barcode is a string of glyph
 * numbers: eight times faster to write than thousands of rectangles, and
 * a tenth of the size, which is what lets a thousand labels print in a
 * fraction of a second. Raster surfaces (PNG, previews) get plain
 * rectangles on their pixel grid instead.
 *
 * Two kinds of glyph. A linear code's bar is one glyph of its width: bars
 * never touch, so no renderer can show a seam inside a bar. A 2D code's
 * row is cut in pieces of 4 modules; a piece also covers the dark module
 * after it and the dark modules below it that touch its own, so where two
 * pieces meet one of them covers the joint whole, and an anti-aliasing
 * renderer has no edge there to leave a light hairline on. 10 bits name a
 * piece: its 4 modules, the next one, the 5 below. */
#define PIECE 4
#define BAR_GLYPH_BASE 1024

static cairo_status_t
module_font_init (cairo_scaled_font_t *font, cairo_t *cr, cairo_font_extents_t *extents)
{
  extents->ascent = 0;
  extents->descent = 1;
  extents->height = 1;
  extents->max_x_advance = PIECE;
  return CAIRO_STATUS_SUCCESS;
}

/* Runs of set bits of @bits (@n of them) as rectangles on row @y. */
static void
add_runs (cairo_t *cr, unsigned long bits, guint n, double y)
{
  for (guint i = 0; i < n;)
    {
      guint start;

      if (!(bits >> i & 1))
        {
          i++;
          continue;
        }
      start = i;
      while (i < n && (bits >> i & 1))
        i++;
      cairo_rectangle (cr, start, y, i - start, 1);
    }
}

static cairo_status_t
module_font_render (cairo_scaled_font_t *font,
                    unsigned long glyph,
                    cairo_t *cr,
                    cairo_text_extents_t *extents)
{
  if (glyph >= BAR_GLYPH_BASE)
    {
      double width = glyph - BAR_GLYPH_BASE;

      cairo_rectangle (cr, 0, 0, width, 1);
      extents->x_advance = width;
    }
  else
    {
      /* The piece and the next module; the modules below. One path, one
       * fill: the piece has no inner edge either. */
      add_runs (cr, glyph & 0x1f, PIECE + 1, 0);
      add_runs (cr, glyph >> (PIECE + 1), PIECE + 1, 1);
      extents->x_advance = PIECE;
    }
  cairo_fill (cr);
  return CAIRO_STATUS_SUCCESS;
}

static cairo_font_face_t *
module_font (void)
{
  static cairo_font_face_t *face;

  if (g_once_init_enter (&face))
    {
      cairo_font_face_t *f = cairo_user_font_face_create ();

      cairo_user_font_face_set_init_func (f, module_font_init);
      cairo_user_font_face_set_render_glyph_func (f, module_font_render);
      g_once_init_leave (&face, f);
    }
  return face;
}

static gboolean
is_vector_target (cairo_t *cr)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  return type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_PS ||
         type == CAIRO_SURFACE_TYPE_SVG;
}

static void
draw_glyphs (
  const MrBarcode *barcode, cairo_t *cr, double x, double y, double module, double row_height)
{
  gboolean linear = !mr_barcode_type_is_2d (barcode->type);
  g_autoptr (GArray) glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_matrix_t matrix;

  for (guint r = 0; r < barcode->rows; r++)
    {
      const guint8 *row = barcode->modules + (gsize) r * barcode->columns;

      for (guint c = 0; c < barcode->columns;)
        {
          cairo_glyph_t g = { 0, x + c * module, y + r * row_height };

          if (linear)
            {
              guint start = c;

              if (!row[c])
                {
                  c++;
                  continue;
                }
              while (c < barcode->columns && row[c])
                c++;
              g.index = BAR_GLYPH_BASE + (c - start);
            }
          else
            {
              const guint8 *below = r + 1 < barcode->rows ? row + barcode->columns : NULL;
              unsigned long here = 0, down = 0;

              for (guint i = 0; i <= PIECE && c + i < barcode->columns; i++)
                {
                  here |= (unsigned long) (row[c + i] != 0) << i;
                  if (below != NULL && row[c + i] && below[c + i])
                    down |= 1ul << i;
                }
              g.index = here | down << (PIECE + 1);
              c += PIECE;
            }
          g_array_append_val (glyphs, g);
        }
    }
  cairo_save (cr);
  cairo_set_font_face (cr, module_font ());
  cairo_matrix_init_scale (&matrix, module, row_height);
  cairo_set_font_matrix (cr, &matrix);
  /* Positions exactly where they are given, never snapped. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (cr, options);
  cairo_font_options_destroy (options);
  cairo_show_glyphs (cr, (cairo_glyph_t *) glyphs->data, glyphs->len);
  cairo_restore (cr);
}

void
mr_barcode_draw (
  const MrBarcode *barcode, cairo_t *cr, double x, double y, double module, double bar_height)
{
  gboolean linear = !mr_barcode_type_is_2d (barcode->type);
  double row_height = linear ? bar_height : module;
  g_autoptr (GArray) blocks = NULL;

  if (is_vector_target (cr))
    {
      draw_glyphs (barcode, cr, x, y, module, row_height);
      return;
    }
  /* One path, one fill: adjacent modules never show a seam. */
  blocks = barcode_blocks (barcode);
  cairo_new_path (cr);
  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *b = &g_array_index (blocks, Block, i);

      cairo_rectangle (cr, x + b->c0 * module, y + b->r0 * row_height, (b->c1 - b->c0) * module,
                       (b->r1 - b->r0) * row_height);
    }
  cairo_fill (cr);
}
