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

void
mr_barcode_draw (const MrBarcode *barcode,
                 cairo_t *cr,
                 double x,
                 double y,
                 double module,
                 double bar_height)
{
  gboolean linear = !mr_barcode_type_is_2d (barcode->type);
  double row_height = linear ? bar_height : module;

  cairo_new_path (cr);
  for (guint r = 0; r < barcode->rows; r++)
    {
      const guint8 *row = barcode->modules + (gsize) r * barcode->columns;

      for (guint c = 0; c < barcode->columns;)
        {
          guint start;

          if (!row[c])
            {
              c++;
              continue;
            }
          start = c;
          while (c < barcode->columns && row[c])
            c++;
          /* A run of dark modules is one bar. */
          cairo_rectangle (cr, x + start * module, y + r * row_height, (c - start) * module,
                           row_height);
        }
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
}
