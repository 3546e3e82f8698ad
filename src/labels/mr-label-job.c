/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-labels"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mr-label-job-private.h"
#include "mr-label-layouts.h"

/* Laying out a label is done once per record, in points, for a known
 * printer resolution: every module is a whole number of dots and the
 * symbols sit on the dot grid, so a 203 dpi thermal printer gets bars of
 * exactly 2 or 3 dots instead of 2.6 rounded differently on each bar. */

#define PT_PER_MM (72.0 / 25.4)
#define ROW_GAP (1.0 * PT_PER_MM)
#define MAX_ROW_GAP (5.0 * PT_PER_MM)
#define ITEM_GAP (2.0 * PT_PER_MM)
#define MIN_MARGIN (1.5 * PT_PER_MM)
#define MIN_TEXT 5.0
#define MIN_BAR_HEIGHT (5.0 * PT_PER_MM)
/* The narrowest module still read at arm's length by handheld scanners:
 * 2 dots at 203 dpi, 3 at 300. */
#define MIN_MODULE (0.25 * PT_PER_MM)
#define HRI_GAP 1.0

gboolean
mr_label_format_from_string (const char *text, MrLabelFormat *format)
{
  static const char *const names[] = { "pdf", "png", "zpl" };

  for (guint i = 0; text && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

const char *
mr_label_format_to_string (MrLabelFormat format)
{
  static const char *const names[] = { "pdf", "png", "zpl" };

  g_return_val_if_fail (format <= MR_LABEL_FORMAT_ZPL, NULL);
  return names[format];
}

gboolean
mr_label_format_from_filename (const char *path, MrLabelFormat *format)
{
  const char *dot = path ? strrchr (path, '.') : NULL;

  return dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL &&
         mr_label_format_from_string (dot + 1, format);
}

/* Items */

static void
item_free (gpointer data)
{
  MrLabelItem *item = data;

  g_free (item->text);
  mr_barcode_free (item->barcode);
  g_free (item);
}

/* Job */

MrLabelJob *
mr_label_job_new (MrLabelStock *stock, MrLabelLayout *layout)
{
  MrLabelJob *job;

  g_return_val_if_fail (stock != NULL, NULL);
  g_return_val_if_fail (layout != NULL, NULL);

  job = g_new0 (MrLabelJob, 1);
  job->stock = mr_label_stock_ref (stock);
  job->layout = mr_label_layout_ref (layout);
  job->copies = 1;
  job->start_position = 1;
  job->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  job->prepared_format = -1;
  return job;
}

void
mr_label_job_free (MrLabelJob *job)
{
  if (job == NULL)
    return;
  mr_label_stock_unref (job->stock);
  mr_label_layout_unref (job->layout);
  g_ptr_array_unref (job->records);
  g_clear_pointer (&job->placed, g_ptr_array_unref);
  g_free (job);
}

MrLabelStock *
mr_label_job_get_stock (MrLabelJob *job)
{
  return job->stock;
}

MrLabelLayout *
mr_label_job_get_layout (MrLabelJob *job)
{
  return job->layout;
}

static void
unprepare (MrLabelJob *job)
{
  g_clear_pointer (&job->placed, g_ptr_array_unref);
  job->prepared_format = -1;
}

void
mr_label_job_set_copies (MrLabelJob *job, guint copies)
{
  job->copies = MAX (copies, 1);
}

guint
mr_label_job_get_copies (MrLabelJob *job)
{
  return job->copies;
}

void
mr_label_job_set_start_position (MrLabelJob *job, guint position)
{
  job->start_position = CLAMP (position, 1, MAX (mr_label_stock_get_n_labels (job->stock), 1));
}

guint
mr_label_job_get_start_position (MrLabelJob *job)
{
  return job->stock->is_roll ? 1 : job->start_position;
}

void
mr_label_job_set_dpi (MrLabelJob *job, double dpi)
{
  job->dpi = dpi > 0 ? CLAMP (dpi, 72, 2400) : 0;
  unprepare (job);
}

void
mr_label_job_set_outlines (MrLabelJob *job, gboolean outlines)
{
  job->outlines = outlines;
}

void
mr_label_job_add_record (MrLabelJob *job, GHashTable *record)
{
  g_return_if_fail (record != NULL);
  g_ptr_array_add (job->records, g_hash_table_ref (record));
  unprepare (job);
}

guint
mr_label_job_get_n_records (MrLabelJob *job)
{
  return job->records->len;
}

double
mr_label_job_get_dot (MrLabelJob *job, MrLabelFormat format)
{
  double dpi = job->dpi > 0 ? job->dpi : (format == MR_LABEL_FORMAT_ZPL ? 203 : 300);

  return 72.0 / dpi;
}

/* Laying out one record */

typedef struct
{
  double x, y, width, height;
} Box;

/* Where content may go: inside the margin, and for round labels inside
 * the largest square (or rectangle) the circle holds. */
static Box
content_box (const MrLabelStock *stock)
{
  double margin = MAX (stock->margin, MIN_MARGIN);
  Box box = { 0, 0, stock->width, stock->height };

  if (stock->shape != MR_LABEL_SHAPE_RECTANGLE)
    {
      box.width = stock->width / G_SQRT2;
      box.height = stock->height / G_SQRT2;
      box.x = (stock->width - box.width) / 2;
      box.y = (stock->height - box.height) / 2;
    }
  box.x += margin;
  box.y += margin;
  box.width -= 2 * margin;
  box.height -= 2 * margin;
  return box;
}

static double
snap_dots (double length, double dot)
{
  return MAX (1, round (length / dot)) * dot;
}

static const char *
record_origin (GHashTable *record)
{
  const char *origin = g_hash_table_lookup (record, "@origin");

  return origin ? origin : "?";
}

/* The items of a record, before sizes: text, or an encoded barcode. */
static GPtrArray *
make_items (MrLabelJob *job, GHashTable *record, GError **error)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (item_free);
  MrLabelLayout *layout = job->layout;

  for (guint i = 0; i < layout->elements->len; i++)
    {
      const MrLabelElement *el = layout->elements->pdata[i];
      const char *value = g_hash_table_lookup (record, el->field);
      MrLabelItem *item;

      /* An empty field leaves its place empty; a department-less
       * recipient still gets a label. */
      if (value == NULL || *value == '\0')
        {
          item = g_new0 (MrLabelItem, 1);
          item->element = el;
          g_ptr_array_add (items, item);
          continue;
        }
      item = g_new0 (MrLabelItem, 1);
      item->element = el;
      if (el->is_barcode)
        {
          g_autoptr (GError) local = NULL;

          item->barcode = mr_barcode_encode (el->symbology, value, &local);
          if (item->barcode == NULL)
            {
              item_free (item);
              g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_BARCODE,
                           /* Translators: "package MR-…: field name: why" */
                           _ ("%s: %s: %s"), record_origin (record),
                           mr_label_field_get_label (layout->kind, el->field), local->message);
              return NULL;
            }
          item->text = g_strdup (mr_barcode_get_text (item->barcode));
        }
      else if (el->caption)
        /* Translators: a field on a label with its caption: "Carrier: UPS" */
        item->text =
          g_strdup_printf (_ ("%s: %s"), mr_label_field_get_label (layout->kind, el->field), value);
      else
        item->text = g_strdup (value);
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

typedef struct
{
  double dot;
  gboolean zpl;
  double scale;
} Fit;

static double
item_min_module (const MrLabelItem *item, const Fit *fit)
{
  return snap_dots (MIN_MODULE, fit->dot);
}

static double
item_max_module (const MrLabelItem *item, const Fit *fit)
{
  /* ZPL's ^BQ magnifies a QR module 10 dots at most. */
  if (fit->zpl && mr_barcode_get_symbology (item->barcode) == MR_BARCODE_QR)
    return 10 * fit->dot;
  return G_MAXDOUBLE;
}

/* Natural sizes at fit->scale; linear codes keep their module (their
 * width is not the problem when the label is too short). */
static void
size_item (MrLabelItem *item, const Fit *fit)
{
  const MrLabelElement *el = item->element;

  if (item->text == NULL && item->barcode == NULL)
    {
      item->width = item->height = 0;
      return;
    }
  item->size = MAX (MIN_TEXT, el->size * fit->scale);
  if (item->barcode == NULL)
    {
      item->height = item->size * MR_LABEL_LINE_HEIGHT;
      item->width = 0; /* flexible */
      return;
    }

  {
    gboolean two_d = mr_barcode_type_is_2d (el->symbology);
    double module = el->module_mm * PT_PER_MM * (two_d ? fit->scale : 1);

    module = MAX (module, item_min_module (item, fit));
    module = MIN (module, item_max_module (item, fit));
    item->module = snap_dots (module, fit->dot);
    if (item->module > item_max_module (item, fit))
      item->module -= fit->dot;
    item->width = mr_barcode_get_total_columns (item->barcode) * item->module;
    item->bar_height =
      two_d ? mr_barcode_get_rows (item->barcode) * item->module
            : snap_dots (MAX (MIN_BAR_HEIGHT, el->height_mm * PT_PER_MM * fit->scale), fit->dot);
  }
}

/* Shrinks the modules of a row's barcodes so that they fit in @room;
 * FALSE when even the narrowest modules do not. */
static gboolean
shrink_row (GPtrArray *items, guint first, guint n, double room, const Fit *fit)
{
  double fixed = 0;
  double factor;

  for (guint i = first; i < first + n; i++)
    {
      MrLabelItem *item = items->pdata[i];

      if (item->barcode)
        fixed += item->width;
    }
  if (fixed <= room)
    return TRUE;
  factor = room / fixed;
  for (guint i = first; i < first + n; i++)
    {
      MrLabelItem *item = items->pdata[i];
      double module;

      if (!item->barcode)
        continue;
      module = floor (item->module * factor / fit->dot) * fit->dot;
      if (module < item_min_module (item, fit) - 1e-9)
        return FALSE;
      item->module = module;
      item->width = mr_barcode_get_total_columns (item->barcode) * module;
      if (mr_barcode_type_is_2d (item->element->symbology))
        item->bar_height = mr_barcode_get_rows (item->barcode) * module;
    }
  return TRUE;
}

/* The human-readable text under a barcode, in a box @width wide: the
 * number of lines of monospace text it takes. */
static void
size_hri (MrLabelItem *item, double width)
{
  double size = MAX (MIN_TEXT, item->size);
  guint len = g_utf8_strlen (item->text, -1);
  guint per_line;

  /* Smaller, down to the minimum, rather than more than two lines. */
  for (;;)
    {
      per_line = MAX (1, (guint) floor (width / (size * MR_LABEL_MONO_ADVANCE)));
      if ((len + per_line - 1) / per_line <= 2 || size <= MIN_TEXT)
        break;
      size = MAX (MIN_TEXT, size - 0.5);
    }
  item->size = size;
  item->hri_width = width;
  item->hri_lines = MAX (1, (len + per_line - 1) / per_line);
  item->height = item->bar_height + HRI_GAP + item->hri_lines * size * MR_LABEL_LINE_HEIGHT;
  if (mr_barcode_type_is_2d (item->element->symbology))
    item->height += 2 * mr_barcode_get_quiet_zone (item->barcode) * item->module;
}

static double
hri_natural_width (const MrLabelItem *item)
{
  return (g_utf8_strlen (item->text, -1) + 1) * item->size * MR_LABEL_MONO_ADVANCE;
}

typedef enum
{
  FIT_OK,
  FIT_TOO_TALL,
  FIT_TOO_WIDE,
} FitResult;

typedef struct
{
  guint first, end; /* items [first, end) */
  guint n_present;  /* items with something to print */
  double height;
} Row;

/* Across one row: barcodes keep their width, text shares what is left.
 * FALSE when the barcodes do not fit even with the narrowest modules. */
static gboolean
fit_row (GPtrArray *items, Row *row, const Box *box, const Fit *fit)
{
  guint n_flexible = 0;
  double fixed = 0, flexible, x = box->x;

  for (guint i = row->first; i < row->end; i++)
    {
      MrLabelItem *item = items->pdata[i];

      if (item->text != NULL && item->barcode == NULL)
        n_flexible++;
    }
  if (!shrink_row (items, row->first, row->end - row->first,
                   box->width - ITEM_GAP * (row->n_present - 1), fit))
    return FALSE;
  for (guint i = row->first; i < row->end; i++)
    {
      MrLabelItem *item = items->pdata[i];

      if (item->barcode != NULL)
        fixed += item->width;
    }
  flexible = n_flexible ? (box->width - fixed - ITEM_GAP * (row->n_present - 1)) / n_flexible : 0;

  /* A lone barcode is centred; otherwise left to right, with the last
   * element against the right edge. */
  if (row->n_present == 1 && n_flexible == 0)
    x = box->x + (box->width - fixed) / 2;
  row->height = 0;
  for (guint i = row->first, k = 0; i < row->end; i++)
    {
      MrLabelItem *item = items->pdata[i];

      if (item->text == NULL)
        continue;
      k++;
      if (item->barcode == NULL)
        item->width = MAX (flexible, 0);
      else if (row->n_present == 1)
        /* The text under a lone code may use the whole row… */
        size_hri (item, box->width);
      else
        /* …and under a code beside text, up to half of it: the text
         * beside is one line, level with the top of the symbol. */
        size_hri (item, MAX (item->width, MIN (box->width / 2, hri_natural_width (item))));
      if (n_flexible == 0 && row->n_present > 1 && k == row->n_present)
        x = box->x + box->width - item->width;
      item->x = x;
      x += item->width + ITEM_GAP;
      row->height = MAX (row->height, item->height);
    }
  return TRUE;
}

static void
place_barcode (MrLabelItem *item, const Box *box)
{
  gboolean two_d = mr_barcode_type_is_2d (item->element->symbology);
  double qz = mr_barcode_get_quiet_zone (item->barcode) * item->module;
  double symbol_w = mr_barcode_get_columns (item->barcode) * item->module;

  item->symbol_x = item->x + qz;
  item->symbol_y = item->y + (two_d ? qz : 0);
  item->hri_y = item->symbol_y + item->bar_height + (two_d ? qz : 0) + HRI_GAP;
  /* Centred under the symbol, kept inside the content box. */
  item->hri_x = item->symbol_x + symbol_w / 2 - item->hri_width / 2;
  item->hri_x = CLAMP (item->hri_x, box->x, MAX (box->x, box->x + box->width - item->hri_width));
}

/* Lays the items out in rows (an element "beside" the previous one joins
 * its row). @wide_item is set to the barcode that did not fit across. */
static FitResult
try_fit (GPtrArray *items, const Box *box, const Fit *fit, double *needed, MrLabelItem **wide_item)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  double y, total = 0, gap;

  for (guint i = 0; i < items->len; i++)
    {
      MrLabelItem *item = items->pdata[i];

      size_item (item, fit);
      if (rows->len == 0 || !item->element->beside)
        {
          Row row = { i, i, 0, 0 };

          g_array_append_val (rows, row);
        }
      g_array_index (rows, Row, rows->len - 1).end = i + 1;
      if (item->text != NULL)
        g_array_index (rows, Row, rows->len - 1).n_present++;
    }
  /* Rows with nothing to print take no room. */
  for (guint r = 0; r < rows->len;)
    {
      if (g_array_index (rows, Row, r).n_present == 0)
        g_array_remove_index (rows, r);
      else
        r++;
    }

  for (guint r = 0; r < rows->len; r++)
    {
      Row *row = &g_array_index (rows, Row, r);

      if (!fit_row (items, row, box, fit))
        {
          for (guint i = row->first; i < row->end; i++)
            if (((MrLabelItem *) items->pdata[i])->barcode != NULL)
              *wide_item = items->pdata[i];
          return FIT_TOO_WIDE;
        }
      total += row->height;
    }
  total += ROW_GAP * (rows->len > 0 ? rows->len - 1 : 0);
  *needed = total;
  if (total > box->height + 0.01)
    return FIT_TOO_TALL;

  /* Spare height spreads between the rows, a little. */
  gap = rows->len > 1 ? ROW_GAP + MIN (MAX_ROW_GAP, (box->height - total) / (rows->len - 1)) : 0;
  y = box->y;
  for (guint r = 0; r < rows->len; r++)
    {
      Row *row = &g_array_index (rows, Row, r);

      for (guint i = row->first; i < row->end; i++)
        {
          MrLabelItem *item = items->pdata[i];

          if (item->text == NULL)
            continue;
          item->y = y;
          if (item->barcode != NULL)
            place_barcode (item, box);
        }
      y += row->height + gap;
    }
  return FIT_OK;
}

static GPtrArray *
place_record (MrLabelJob *job, GHashTable *record, const Fit *base, GError **error)
{
  g_autoptr (GPtrArray) items = make_items (job, record, error);
  Box box = content_box (job->stock);
  Fit fit = *base;
  double needed = 0;
  MrLabelItem *wide = NULL;

  if (items == NULL)
    return NULL;
  if (box.width <= 0 || box.height <= 0)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_DOES_NOT_FIT,
                   _ ("The label “%s” is too small to print on."), job->stock->id);
      return NULL;
    }
  /* Too tall: everything shrinks a tenth at a time, down to 40 %. */
  for (fit.scale = 1.0; fit.scale > 0.39; fit.scale *= 0.9)
    {
      FitResult result = try_fit (items, &box, &fit, &needed, &wide);

      if (result == FIT_OK)
        return g_steal_pointer (&items);
      if (result == FIT_TOO_WIDE)
        {
          double want = mr_barcode_get_total_columns (wide->barcode) * item_min_module (wide, &fit);

          g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_DOES_NOT_FIT,
                       _ ("%s: the %s of “%s” needs %.0f mm but the label has %.0f mm. Choose a "
                          "wider label, fewer elements beside it, or a 2D code."),
                       record_origin (record), mr_barcode_type_get_label (wide->element->symbology),
                       mr_label_field_get_label (job->layout->kind, wide->element->field),
                       want / PT_PER_MM, box.width / PT_PER_MM);
          return NULL;
        }
    }
  g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_DOES_NOT_FIT,
               _ ("%s: the layout needs %.0f mm of height but the label has %.0f mm. Choose a "
                  "larger label or remove elements from the layout."),
               record_origin (record), needed / PT_PER_MM, box.height / PT_PER_MM);
  return NULL;
}

gboolean
mr_label_job_prepare (MrLabelJob *job, MrLabelFormat format, GError **error)
{
  g_autoptr (GPtrArray) placed = NULL;
  Fit fit = { 0 };

  g_return_val_if_fail (job != NULL, FALSE);

  fit.dot = mr_label_job_get_dot (job, format);
  fit.zpl = format == MR_LABEL_FORMAT_ZPL;
  /* PDF and PNG lay out the same; ZPL has its own limits. */
  if (job->placed != NULL && fabs (job->prepared_dot - fit.dot) < 1e-9 &&
      (job->prepared_format == MR_LABEL_FORMAT_ZPL) == fit.zpl)
    return TRUE;
  unprepare (job);
  if (job->records->len == 0)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_NOT_FOUND,
                   _ ("There is nothing to print."));
      return FALSE;
    }
  placed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < job->records->len; i++)
    {
      GPtrArray *items = place_record (job, job->records->pdata[i], &fit, error);

      if (items == NULL)
        return FALSE;
      g_ptr_array_add (placed, items);
    }
  job->placed = g_steal_pointer (&placed);
  job->prepared_format = format;
  job->prepared_dot = fit.dot;
  return TRUE;
}

/* Pagination */

guint
mr_label_job_get_n_labels (MrLabelJob *job)
{
  return job->records->len * job->copies;
}

guint
mr_label_job_get_record_index (MrLabelJob *job, guint index)
{
  return index / job->copies;
}

static guint
labels_per_page (MrLabelJob *job)
{
  return MAX (1, mr_label_stock_get_n_labels (job->stock));
}

guint
mr_label_job_get_n_pages (MrLabelJob *job)
{
  guint n = mr_label_job_get_n_labels (job);
  guint skip = mr_label_job_get_start_position (job) - 1;

  if (n == 0)
    return 0;
  return (skip + n + labels_per_page (job) - 1) / labels_per_page (job);
}

void
mr_label_job_get_page_size (MrLabelJob *job, double *width, double *height)
{
  *width = job->stock->page_width;
  *height = job->stock->page_height;
}

/* Drawing */

static void
label_path (cairo_t *cr, const MrLabelStock *stock, double x, double y)
{
  double r = MIN (stock->corner_radius, MIN (stock->width, stock->height) / 2);

  cairo_new_path (cr);
  switch (stock->shape)
    {
    case MR_LABEL_SHAPE_ROUND:
    case MR_LABEL_SHAPE_ELLIPSE:
    case MR_LABEL_SHAPE_CD:
      cairo_save (cr);
      cairo_translate (cr, x + stock->width / 2, y + stock->height / 2);
      cairo_scale (cr, stock->width / 2, stock->height / 2);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      break;
    case MR_LABEL_SHAPE_RECTANGLE:
    default:
      if (r <= 0)
        cairo_rectangle (cr, x, y, stock->width, stock->height);
      else
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, x + stock->width - r, y + r, r, -G_PI / 2, 0);
          cairo_arc (cr, x + stock->width - r, y + stock->height - r, r, 0, G_PI / 2);
          cairo_arc (cr, x + r, y + stock->height - r, r, G_PI / 2, G_PI);
          cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
          cairo_close_path (cr);
        }
      break;
    }
}

static PangoContext *
make_pango_context (cairo_t *cr)
{
  PangoContext *ctx = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* The same layout on paper, in a PNG and in a preview: no hinting of
   * metrics to the device. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, options);
  cairo_font_options_destroy (options);
  /* One unit is a point: rounding glyph positions to whole units would
   * make a 6 pt monospace character 4 pt wide instead of 3.6. */
  pango_context_set_round_glyph_positions (ctx, FALSE);
  return ctx;
}

static void
draw_text (cairo_t *cr,
           PangoContext *pctx,
           const char *text,
           const char *family,
           gboolean bold,
           double size,
           double x,
           double y,
           double width,
           guint lines,
           gboolean center)
{
  g_autoptr (PangoLayout) layout = pango_layout_new (pctx);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family_static (font, family);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  if (lines <= 1)
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
    }
  else
    {
      pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
      pango_layout_set_height (layout, -(int) lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_alignment (layout, center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text, -1);
  pango_cairo_update_layout (cr, layout);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_label (
  MrLabelJob *job, cairo_t *cr, PangoContext *pctx, GPtrArray *items, double ox, double oy)
{
  double dot = job->prepared_dot;

  if (job->outlines)
    {
      cairo_save (cr);
      label_path (cr, job->stock, ox, oy);
      cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
      cairo_set_line_width (cr, 0.5);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < items->len; i++)
    {
      MrLabelItem *item = items->pdata[i];

      if (item->text == NULL)
        continue;
      if (item->barcode == NULL)
        {
          draw_text (cr, pctx, item->text, "Sans", item->element->bold, item->size, ox + item->x,
                     oy + item->y, item->width, 1, FALSE);
          continue;
        }
      /* The symbol on the dot grid of the page, so that every bar edge
       * falls between two dots. */
      mr_barcode_draw (item->barcode, cr, round ((ox + item->symbol_x) / dot) * dot,
                       round ((oy + item->symbol_y) / dot) * dot, item->module, item->bar_height);
      draw_text (cr, pctx, item->text, "Monospace", FALSE, item->size, ox + item->hri_x,
                 oy + item->hri_y, item->hri_width, item->hri_lines, TRUE);
    }
}

static void
draw_page (MrLabelJob *job, cairo_t *cr, PangoContext *pctx, guint page)
{
  guint per_page = labels_per_page (job);
  guint skip = mr_label_job_get_start_position (job) - 1;
  guint n = mr_label_job_get_n_labels (job);

  for (guint slot = 0; slot < per_page; slot++)
    {
      guint index = page * per_page + slot;
      double x, y;

      if (index < skip || index - skip >= n)
        continue;
      index -= skip;
      mr_label_stock_get_origin (job->stock, slot, &x, &y);
      cairo_save (cr);
      draw_label (job, cr, pctx, job->placed->pdata[mr_label_job_get_record_index (job, index)], x,
                  y);
      cairo_restore (cr);
    }
}

void
mr_label_job_draw_page (MrLabelJob *job, cairo_t *cr, guint page)
{
  PangoContext *pctx;

  g_return_if_fail (job->placed != NULL);
  g_return_if_fail (page < mr_label_job_get_n_pages (job));

  pctx = make_pango_context (cr);
  draw_page (job, cr, pctx, page);
  g_object_unref (pctx);
}

void
mr_label_job_draw_slots (MrLabelJob *job, cairo_t *cr, guint page)
{
  guint per_page = labels_per_page (job);
  guint skip = mr_label_job_get_start_position (job) - 1;

  cairo_save (cr);
  cairo_set_line_width (cr, 0.75);
  for (guint slot = 0; slot < per_page; slot++)
    {
      double x, y;

      mr_label_stock_get_origin (job->stock, slot, &x, &y);
      label_path (cr, job->stock, x, y);
      if (page * per_page + slot < skip)
        {
          cairo_set_source_rgba (cr, 0, 0, 0, 0.12);
          cairo_fill_preserve (cr);
        }
      cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* Output */

static gboolean
cairo_fail (cairo_status_t status, const char *path, GError **error)
{
  g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_IO, _ ("Cannot write “%s”: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}

static gboolean
write_pdf (MrLabelJob *job, const char *path, GError **error)
{
  cairo_surface_t *surface =
    cairo_pdf_surface_create (path, job->stock->page_width, job->stock->page_height);
  cairo_status_t status = cairo_surface_status (surface);
  g_autofree char *title = NULL;
  PangoContext *pctx;
  cairo_t *cr;

  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return cairo_fail (status, path, error);
    }
  /* Translators: the title of a PDF of labels: "Package labels" with the
   * kind of label */
  title = g_strdup_printf (_ ("%s labels"), mr_label_kind_get_label (job->layout->kind));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mailroom");
  cr = cairo_create (surface);
  pctx = make_pango_context (cr);
  for (guint page = 0; page < mr_label_job_get_n_pages (job); page++)
    {
      draw_page (job, cr, pctx, page);
      cairo_show_page (cr);
    }
  g_object_unref (pctx);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (path);
      return cairo_fail (status, path, error);
    }
  return TRUE;
}

static char *
page_path (const char *path, guint page, guint n_pages)
{
  g_autofree char *stem = NULL;
  const char *ext;

  if (n_pages == 1)
    return g_strdup (path);
  ext = strrchr (path, '.');
  if (ext == NULL || strchr (ext, G_DIR_SEPARATOR) != NULL)
    ext = "";
  stem = g_strndup (path, strlen (path) - strlen (ext));
  return g_strdup_printf ("%s-%u%s", stem, page + 1, ext);
}

static gboolean
write_png (MrLabelJob *job, const char *path, GPtrArray *written, GError **error)
{
  double scale = 1.0 / job->prepared_dot;
  int w = (int) ceil (job->stock->page_width * scale - 1e-6);
  int h = (int) ceil (job->stock->page_height * scale - 1e-6);
  guint n_pages = mr_label_job_get_n_pages (job);

  for (guint page = 0; page < n_pages; page++)
    {
      g_autofree char *file = page_path (path, page, n_pages);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
      PangoContext *pctx;
      cairo_status_t status;
      cairo_t *cr = cairo_create (surface);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      pctx = make_pango_context (cr);
      draw_page (job, cr, pctx, page);
      g_object_unref (pctx);
      status = cairo_status (cr);
      cairo_destroy (cr);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_write_to_png (surface, file);
      cairo_surface_destroy (surface);
      if (status != CAIRO_STATUS_SUCCESS)
        return cairo_fail (status, file, error);
      if (written != NULL)
        g_ptr_array_add (written, g_steal_pointer (&file));
    }
  return TRUE;
}

GBytes *
mr_label_job_to_zpl (MrLabelJob *job, GError **error)
{
  if (!mr_label_job_prepare (job, MR_LABEL_FORMAT_ZPL, error))
    return NULL;
  return mr_label_zpl_write (job, job->prepared_dot);
}

gboolean
mr_label_job_write (
  MrLabelJob *job, MrLabelFormat format, const char *path, GPtrArray *written, GError **error)
{
  g_return_val_if_fail (job != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!mr_label_job_prepare (job, format, error))
    return FALSE;
  switch (format)
    {
    case MR_LABEL_FORMAT_PNG:
      return write_png (job, path, written, error);
    case MR_LABEL_FORMAT_ZPL:
      {
        g_autoptr (GBytes) zpl = mr_label_zpl_write (job, job->prepared_dot);
        g_autoptr (GError) local = NULL;

        if (!g_file_set_contents (path, g_bytes_get_data (zpl, NULL), g_bytes_get_size (zpl),
                                  &local))
          {
            g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_IO, "%s", local->message);
            return FALSE;
          }
        break;
      }
    case MR_LABEL_FORMAT_PDF:
    default:
      if (!write_pdf (job, path, error))
        return FALSE;
      break;
    }
  if (written != NULL)
    g_ptr_array_add (written, g_strdup (path));
  return TRUE;
}
