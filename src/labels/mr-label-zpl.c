/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-labels"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mr-label-job-private.h"

/* ZPL II for Zebra thermal printers: the printer draws the text and
 * encodes the barcodes itself at its native resolution, so a job of a
 * thousand labels prints at full speed instead of waiting for a PDF to be
 * rasterised. Positions and sizes come from the same layout as the PDF,
 * converted to dots. One format (^XA … ^XZ) per record, with ^PQ for its
 * copies. */

static int
dots (double points, double dot)
{
  return (int) lround (points / dot);
}

/* Field data under ^FH: the characters ZPL treats as commands (^ and ~),
 * the escape itself and control characters become _XX. */
static void
append_field_data (GString *out, const char *text)
{
  g_string_append (out, "^FH^FD");
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (*p == '^' || *p == '~' || *p == '_' || *p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "_%02X", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append (out, "^FS\n");
}

/* ^A0 is proportional: about 0.55 em per character on average. Longer
 * text is cut with "..." rather than overprinted by ^FB. */
static char *
fit_text (const char *text, double width_dots, int height_dots, guint lines)
{
  guint max_chars = (guint) MAX (1, floor (width_dots / (0.55 * height_dots))) * MAX (lines, 1);
  glong len = g_utf8_strlen (text, -1);
  g_autofree char *head = NULL;

  if ((guint) len <= max_chars)
    return g_strdup (text);
  if (max_chars <= 3)
    return g_utf8_substring (text, 0, max_chars);
  head = g_utf8_substring (text, 0, max_chars - 3);
  return g_strconcat (head, "...", NULL);
}

static void
append_text (GString *out,
             const char *text,
             double x,
             double y,
             double width,
             double size,
             guint lines,
             gboolean center,
             double dot)
{
  int h = MAX (dots (size, dot), 10);
  int w = MAX (dots (width, dot), 1);
  g_autofree char *fitted = fit_text (text, w, h, lines);

  g_string_append_printf (out, "^FO%d,%d^A0N,%d,%d^FB%d,%u,0,%c,0", dots (x, dot), dots (y, dot), h,
                          h, w, MAX (lines, 1), center ? 'C' : 'L');
  append_field_data (out, fitted);
}

static void
append_barcode (GString *out, const MrLabelItem *item, double dot)
{
  int x = dots (item->symbol_x, dot), y = dots (item->symbol_y, dot);
  int module = MAX (1, dots (item->module, dot));

  switch (mr_barcode_get_symbology (item->barcode))
    {
    case MR_BARCODE_QR:
      {
        g_autofree char *data = g_strconcat ("MA,", mr_barcode_get_data (item->barcode), NULL);

        /* Model 2, magnification = module in dots; "M" error correction
         * and automatic data mode, like libqrencode's encoding. */
        g_string_append_printf (out, "^FO%d,%d^BQN,2,%d", x, y, MIN (module, 10));
        append_field_data (out, data);
        break;
      }
    case MR_BARCODE_DATAMATRIX:
      /* ECC 200, size chosen by the printer, full 8-bit data. */
      g_string_append_printf (out, "^FO%d,%d^BXN,%d,200,0,0,6", x, y, module);
      append_field_data (out, mr_barcode_get_data (item->barcode));
      break;
    case MR_BARCODE_GS1_128:
      /* Mode D: GS1 (UCC/EAN) with FNC1; the printer reads the AIs from
       * the parentheses. */
      g_string_append_printf (out, "^FO%d,%d^BY%d^BCN,%d,N,N,N,D", x, y, module,
                              dots (item->bar_height, dot));
      append_field_data (out, mr_barcode_get_text (item->barcode));
      break;
    case MR_BARCODE_CODE128:
    default:
      /* Mode A: the printer picks subsets like zint does, so the symbol is
       * as wide as the one laid out. */
      g_string_append_printf (out, "^FO%d,%d^BY%d^BCN,%d,N,N,N,A", x, y, module,
                              dots (item->bar_height, dot));
      append_field_data (out, mr_barcode_get_data (item->barcode));
      break;
    }
  append_text (out, item->text, item->hri_x, item->hri_y, item->hri_width, item->size,
               item->hri_lines, TRUE, dot);
}

GBytes *
mr_label_zpl_write (MrLabelJob *job, double dot)
{
  GString *out = g_string_new (NULL);
  const MrLabelStock *stock = job->stock;

  for (guint r = 0; r < job->placed->len; r++)
    {
      GPtrArray *items = job->placed->pdata[r];
      const char *origin = g_hash_table_lookup (job->records->pdata[r], "@origin");

      g_string_append (out, "^XA\n");
      if (origin != NULL)
        {
          /* A comment naming the record; ^ and ~ would end it. */
          g_autofree char *comment = g_strdup (origin);

          g_strdelimit (comment, "^~\n\r", ' ');
          g_string_append_printf (out, "^FX %s^FS\n", comment);
        }
      /* UTF-8, the label's size in dots, origin at its corner. */
      g_string_append_printf (out, "^CI28\n^PW%d\n^LL%d\n^LH0,0\n", dots (stock->width, dot),
                              dots (stock->height, dot));
      for (guint i = 0; i < items->len; i++)
        {
          const MrLabelItem *item = items->pdata[i];

          if (item->text == NULL)
            continue;
          if (item->barcode != NULL)
            append_barcode (out, item, dot);
          else
            append_text (out, item->text, item->x, item->y, item->width, item->size, 1, FALSE, dot);
        }
      g_string_append_printf (out, "^PQ%u\n^XZ\n", job->copies);
    }
  return g_string_free_to_bytes (out);
}
