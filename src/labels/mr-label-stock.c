/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-labels"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mr-label-stock.h"

/* gLabels' template database is the catalogue of label stock that people
 * already have on their machines (Debian: glabels-data, MIT-licensed
 * data). Its XML is simple and stable since gLabels 2.x, so it is read
 * here with GMarkup rather than through libglabels, which would pull in
 * libxml2 and a GTK 3 stack. Bad files are outside input: every value is
 * checked and every error names the file and the line. */

G_DEFINE_QUARK (mr - label - error - quark, mr_label_error)

#define PT_PER_IN 72.0
#define PT_PER_MM (72.0 / 25.4)

/* Limits that no real stock comes near; they keep a hostile file from
 * asking for billions of labels. */
#define MAX_LENGTH_PT (100.0 * PT_PER_IN)
#define MAX_PER_GRID 2000
#define MAX_LABELS 10000

/* Stock */

G_DEFINE_BOXED_TYPE (MrLabelStock, mr_label_stock, mr_label_stock_ref, mr_label_stock_unref)

static MrLabelStock *
stock_new (void)
{
  MrLabelStock *stock = g_new0 (MrLabelStock, 1);

  stock->ref_count = 1;
  return stock;
}

MrLabelStock *
mr_label_stock_ref (MrLabelStock *stock)
{
  g_return_val_if_fail (stock != NULL, NULL);
  g_atomic_int_inc (&stock->ref_count);
  return stock;
}

void
mr_label_stock_unref (MrLabelStock *stock)
{
  g_return_if_fail (stock != NULL);
  if (!g_atomic_int_dec_and_test (&stock->ref_count))
    return;
  g_free (stock->id);
  g_free (stock->brand);
  g_free (stock->part);
  g_free (stock->description);
  g_free (stock->paper_id);
  g_free (stock->grids);
  g_free (stock->origins);
  g_strfreev (stock->categories);
  g_free (stock);
}

static int
compare_origins (gconstpointer a, gconstpointer b)
{
  const double *pa = a, *pb = b;

  /* gLabels' order: rows from the top, then left to right; positions
   * closer than a hundredth of a point are the same row. */
  if (fabs (pa[1] - pb[1]) > 0.01)
    return pa[1] < pb[1] ? -1 : 1;
  if (fabs (pa[0] - pb[0]) > 0.01)
    return pa[0] < pb[0] ? -1 : 1;
  return 0;
}

/* Computes the label positions in print order. */
static void
stock_finish (MrLabelStock *stock)
{
  guint n = 0;

  for (guint g = 0; g < stock->n_grids; g++)
    n += stock->grids[g].nx * stock->grids[g].ny;
  stock->n_labels = n;
  g_free (stock->origins);
  stock->origins = g_new (double, 2 * MAX (n, 1));
  n = 0;
  for (guint g = 0; g < stock->n_grids; g++)
    {
      const MrLabelGrid *grid = &stock->grids[g];

      for (guint iy = 0; iy < grid->ny; iy++)
        for (guint ix = 0; ix < grid->nx; ix++)
          {
            stock->origins[2 * n] = grid->x0 + ix * grid->dx;
            stock->origins[2 * n + 1] = grid->y0 + iy * grid->dy;
            n++;
          }
    }
  qsort (stock->origins, n, 2 * sizeof (double), compare_origins);
}

guint
mr_label_stock_get_n_labels (const MrLabelStock *stock)
{
  g_return_val_if_fail (stock != NULL, 0);
  return stock->n_labels;
}

void
mr_label_stock_get_origin (const MrLabelStock *stock, guint index, double *x, double *y)
{
  g_return_if_fail (stock != NULL);
  g_return_if_fail (index < stock->n_labels);
  *x = stock->origins[2 * index];
  *y = stock->origins[2 * index + 1];
}

/* Languages that write a decimal comma: the interface language decides
 * when the system chose no number format (see below). */
static const char *const decimal_comma_languages[] = {
  "bg", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fi", "fr", "gl",
  "hr", "hu", "id", "is", "it", "lt", "lv", "nb", "nl", "nn", "pl", "pt",
  "ro", "ru", "sk", "sl", "sr", "sv", "tr", "uk", "vi", NULL,
};

static gboolean
is_c_locale (const char *locale)
{
  return locale == NULL || strcmp (locale, "C") == 0 || strcmp (locale, "POSIX") == 0 ||
         g_str_has_prefix (locale, "C.");
}

/* The language the interface speaks, as the catalogue in use says in its
 * header ("Language: fr"); "" when the strings are not translated. The
 * catalogue, not $LANGUAGE: it is what the user actually reads. */
static char *
interface_language (void)
{
  const char *header = g_dgettext (GETTEXT_PACKAGE, "");
  const char *line = header ? strstr (header, "Language:") : NULL;
  const char *end;

  if (line == NULL || (line != header && line[-1] != '\n'))
    return g_strdup ("");
  line += strlen ("Language:");
  while (*line == ' ')
    line++;
  for (end = line; g_ascii_isalpha (*end); end++)
    ;
  return g_ascii_strdown (line, end - line);
}

char *
mr_label_format_decimal (double value, guint digits)
{
  char format[16];
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *language = NULL;

  digits = MIN (digits, 6);
  /* The system's number format when it chose one (LC_NUMERIC, which the
   * programs set from the environment): printf follows it. */
  if (!is_c_locale (setlocale (LC_NUMERIC, NULL)))
    return g_strdup_printf ("%.*f", (int) digits, value);

  /* The C locale means no format was chosen (containers, minimal
   * systems, a language picked in Preferences over a bare system): then
   * numbers follow the interface language, so that a French window reads
   * "101,6" and not "101.6". */
  g_snprintf (format, sizeof format, "%%.%uf", digits);
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  language = interface_language ();
  if (g_strv_contains (decimal_comma_languages, language))
    {
      char *dot = strchr (buffer, '.');

      if (dot != NULL)
        *dot = ',';
    }
  return g_strdup (buffer);
}

/* "101.6 × 152.4 mm (4.00 × 6.00 in)". Units as symbols in every
 * language: "in" is the inch's international symbol, and the numbers are
 * written the user's way. */
char *
mr_label_stock_describe_size (const MrLabelStock *stock)
{
  g_autofree char *w_mm = mr_label_format_decimal (stock->width / PT_PER_MM, 1);
  g_autofree char *h_mm = mr_label_format_decimal (stock->height / PT_PER_MM, 1);
  g_autofree char *w_in = mr_label_format_decimal (stock->width / PT_PER_IN, 2);
  g_autofree char *h_in = mr_label_format_decimal (stock->height / PT_PER_IN, 2);

  if (stock->shape == MR_LABEL_SHAPE_ROUND || stock->shape == MR_LABEL_SHAPE_CD)
    return g_strdup_printf ("⌀ %s mm (%s in)", w_mm, w_in);
  return g_strdup_printf ("%s × %s mm (%s × %s in)", w_mm, h_mm, w_in, h_in);
}

MrLabelStock *
mr_label_stock_new_custom (double width, double height)
{
  MrLabelStock *stock;
  g_autofree char *w = NULL, *h = NULL;
  char wbuf[G_ASCII_DTOSTR_BUF_SIZE], hbuf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  stock = stock_new ();
  /* An id, read back by mr_label_parse_size(): never a decimal comma. */
  w = g_strdup (g_ascii_formatd (wbuf, sizeof wbuf, "%.4g", width / PT_PER_MM));
  h = g_strdup (g_ascii_formatd (hbuf, sizeof hbuf, "%.4g", height / PT_PER_MM));
  stock->id = g_strdup_printf ("custom:%sx%smm", w, h);
  stock->brand = g_strdup (_ ("Custom"));
  stock->part = g_strdup_printf ("%sx%smm", w, h);
  stock->description = g_strdup (_ ("Custom size roll"));
  stock->paper_id = g_strdup ("roll");
  stock->page_width = stock->width = width;
  stock->page_height = stock->height = height;
  stock->margin = 2 * PT_PER_MM;
  stock->is_roll = TRUE;
  stock->built_in = TRUE;
  stock->grids = g_new0 (MrLabelGrid, 1);
  stock->grids[0].nx = stock->grids[0].ny = 1;
  stock->n_grids = 1;
  stock->categories = g_new0 (char *, 1);
  stock_finish (stock);
  return stock;
}

MrLabelStock *
mr_label_stock_new_single (const MrLabelStock *stock)
{
  MrLabelStock *s;

  g_return_val_if_fail (stock != NULL, NULL);
  s = mr_label_stock_new_custom (stock->width, stock->height);
  g_free (s->id);
  g_free (s->brand);
  g_free (s->part);
  g_free (s->description);
  s->id = g_strdup (stock->id);
  s->brand = g_strdup (stock->brand);
  s->part = g_strdup (stock->part);
  s->description = g_strdup (stock->description);
  s->shape = stock->shape;
  s->corner_radius = stock->corner_radius;
  s->margin = stock->margin;
  s->built_in = stock->built_in;
  return s;
}

/* Lengths */

gboolean
mr_label_parse_length (const char *text, double *points)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (v))
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (*end == '\0' || g_ascii_strcasecmp (end, "pt") == 0)
    ;
  else if (g_ascii_strcasecmp (end, "in") == 0)
    v *= PT_PER_IN;
  else if (g_ascii_strcasecmp (end, "mm") == 0)
    v *= PT_PER_MM;
  else if (g_ascii_strcasecmp (end, "cm") == 0)
    v *= 10 * PT_PER_MM;
  else if (g_ascii_strcasecmp (end, "pc") == 0)
    v *= 12;
  else
    return FALSE;
  *points = v;
  return TRUE;
}

gboolean
mr_label_parse_size (const char *text, double *width, double *height)
{
  g_autofree char *copy = NULL;
  g_autofree char *unit = NULL;
  char *x, *end;
  const char *u;
  double w, h, scale = 1;

  if (text == NULL)
    return FALSE;
  copy = g_ascii_strdown (text, -1);
  g_strstrip (copy);
  /* The unit is at the end and applies to both numbers. */
  u = copy + strlen (copy);
  while (u > copy && g_ascii_isalpha (u[-1]))
    u--;
  unit = g_strdup (u);
  copy[u - copy] = '\0';
  if (*unit == '\0' || strcmp (unit, "pt") == 0)
    scale = 1;
  else if (strcmp (unit, "in") == 0)
    scale = PT_PER_IN;
  else if (strcmp (unit, "mm") == 0)
    scale = PT_PER_MM;
  else if (strcmp (unit, "cm") == 0)
    scale = 10 * PT_PER_MM;
  else
    return FALSE;

  x = strpbrk (copy, "x*");
  if (x == NULL)
    x = strstr (copy, "×");
  if (x == NULL)
    return FALSE;
  w = g_ascii_strtod (copy, &end);
  if (end == copy || !isfinite (w))
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (end != x)
    return FALSE;
  x += (*x == 'x' || *x == '*') ? 1 : strlen ("×");
  h = g_ascii_strtod (x, &end);
  if (end == x || !isfinite (h))
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0')
    return FALSE;
  w *= scale;
  h *= scale;
  /* From a 5 mm tag to a 100 in banner. */
  if (w < 5 * PT_PER_MM || h < 5 * PT_PER_MM || w > MAX_LENGTH_PT || h > MAX_LENGTH_PT)
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

/* Catalogue */

typedef struct
{
  char *id;
  double width, height;
} Paper;

typedef struct
{
  char *brand, *part, *equiv;
} Equiv;

struct _MrLabelCatalog
{
  gint ref_count;
  GHashTable *by_key; /* folded id → MrLabelStock */
  GHashTable *papers; /* paper id → Paper */
  GPtrArray *equivs;  /* Equiv, resolved by mr_label_catalog_resolve() */
  GPtrArray *sorted;  /* cache of mr_label_catalog_list() */
  char *source_dir;   /* gLabels' folder, or NULL */
};

static void
paper_free (gpointer data)
{
  Paper *p = data;

  g_free (p->id);
  g_free (p);
}

static void
equiv_free (gpointer data)
{
  Equiv *e = data;

  if (e == NULL) /* moved to the catalogue */
    return;
  g_free (e->brand);
  g_free (e->part);
  g_free (e->equiv);
  g_free (e);
}

/* "Avery 5160", "avery-5160" and "AVERY5160" are the same stock. */
static char *
fold_id (const char *id)
{
  GString *s = g_string_new (NULL);

  for (const char *p = id; *p; p++)
    if (!g_ascii_isspace (*p) && *p != '-' && *p != '_')
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static void
add_paper (GHashTable *papers, const char *id, double width, double height)
{
  Paper *p = g_new0 (Paper, 1);

  p->id = g_strdup (id);
  p->width = width;
  p->height = height;
  g_hash_table_replace (papers, p->id, p);
}

static void catalog_add_builtin_thermal (MrLabelCatalog *catalog);

MrLabelCatalog *
mr_label_catalog_new (void)
{
  MrLabelCatalog *catalog = g_new0 (MrLabelCatalog, 1);

  catalog->ref_count = 1;
  catalog->by_key =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) mr_label_stock_unref);
  catalog->papers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, paper_free);
  catalog->equivs = g_ptr_array_new_with_free_func (equiv_free);
  /* The common papers, in case paper-sizes.xml is not there. */
  add_paper (catalog->papers, "A4", 210 * PT_PER_MM, 297 * PT_PER_MM);
  add_paper (catalog->papers, "A5", 148 * PT_PER_MM, 210 * PT_PER_MM);
  add_paper (catalog->papers, "US-Letter", 8.5 * PT_PER_IN, 11 * PT_PER_IN);
  add_paper (catalog->papers, "US-Legal", 8.5 * PT_PER_IN, 14 * PT_PER_IN);
  catalog_add_builtin_thermal (catalog);
  return catalog;
}

MrLabelCatalog *
mr_label_catalog_ref (MrLabelCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  g_atomic_int_inc (&catalog->ref_count);
  return catalog;
}

void
mr_label_catalog_unref (MrLabelCatalog *catalog)
{
  g_return_if_fail (catalog != NULL);
  if (!g_atomic_int_dec_and_test (&catalog->ref_count))
    return;
  g_hash_table_unref (catalog->by_key);
  g_hash_table_unref (catalog->papers);
  g_ptr_array_unref (catalog->equivs);
  g_clear_pointer (&catalog->sorted, g_ptr_array_unref);
  g_free (catalog->source_dir);
  g_free (catalog);
}

const char *
mr_label_catalog_get_source_dir (MrLabelCatalog *catalog)
{
  return catalog->source_dir;
}

static void
catalog_insert (MrLabelCatalog *catalog, MrLabelStock *stock)
{
  g_clear_pointer (&catalog->sorted, g_ptr_array_unref);
  /* A later file (the user's own templates) replaces an earlier one. */
  g_hash_table_replace (catalog->by_key, fold_id (stock->id), stock);
}

/* The parser */

typedef enum
{
  IN_NOTHING,
  IN_TEMPLATE,
  IN_LABEL,
} Where;

typedef struct
{
  MrLabelCatalog *catalog;
  const char *filename;
  const char *data; /* the text parsed, for line numbers */
  gsize length;
  GMarkupParseContext *ctx;
  GPtrArray *stocks;  /* parsed from this file */
  GPtrArray *equivs;  /* declared in this file */
  GHashTable *papers; /* declared in this file: id → Paper */
  Where where;
  gboolean label_seen; /* the current template has its one label */
  gboolean skip;       /* a template that only says "equiv" */
  MrLabelStock *current;
  GArray *grids;
  GPtrArray *categories;
  guint depth_unknown; /* inside elements we do not know */
} Parser;

/* The line of the tag the parser is in. GMarkup reports where it has
 * read to, which for a tag at the end of a line is already the next one:
 * go back to the tag's "<". */
static int
element_line (Parser *p)
{
  int line = 1, ch = 0, want_line = 0;
  gsize offset = 0;

  g_markup_parse_context_get_position (p->ctx, &want_line, &ch);
  /* Walk to the reported line and character (characters, not bytes). */
  while (offset < p->length && line < want_line)
    if (p->data[offset++] == '\n')
      line++;
  for (int c = 1; c < ch && offset < p->length; c++)
    offset = g_utf8_next_char (p->data + offset) - p->data;
  /* The position is past the tag's ">", maybe at the next "<". */
  offset = MIN (offset, p->length);
  while (offset > 0)
    {
      offset--;
      if (p->data[offset] == '<')
        break;
      if (p->data[offset] == '\n')
        line--;
    }
  return MAX (line, 1);
}

static gboolean G_GNUC_PRINTF (3, 4) parse_fail (Parser *p, GError **error, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;
  int line;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  line = element_line (p);
  /* Translators: an error in a file: "file name:line: message" */
  g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_PARSE, _ ("%s:%d: %s"), p->filename, line,
               msg);
  return FALSE;
}

static const char *
find_attr (const char **names, const char **values, const char *name)
{
  for (guint i = 0; names[i]; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

static gboolean
attr_string (Parser *p,
             const char *element,
             const char **names,
             const char **values,
             const char *name,
             const char **out,
             GError **error)
{
  *out = find_attr (names, values, name);
  if (*out == NULL || **out == '\0')
    return parse_fail (p, error, _ ("<%s> needs the attribute “%s”."), element, name);
  return TRUE;
}

/* A length attribute; absent means @fallback, or an error when
 * @fallback is NAN. Negative lengths are refused unless @signed_ok. */
static gboolean
attr_length (Parser *p,
             const char *element,
             const char **names,
             const char **values,
             const char *name,
             double fallback,
             gboolean signed_ok,
             double *out,
             GError **error)
{
  const char *v = find_attr (names, values, name);

  if (v == NULL)
    {
      if (isnan (fallback))
        return parse_fail (p, error, _ ("<%s> needs the attribute “%s”."), element, name);
      *out = fallback;
      return TRUE;
    }
  /* gLabels reads "" and a bare unit ("in") as 0, and its own database
   * has both: so do we. */
  if (*v == '\0' || strcmp (v, "pt") == 0 || strcmp (v, "in") == 0 || strcmp (v, "mm") == 0 ||
      strcmp (v, "cm") == 0 || strcmp (v, "pc") == 0)
    *out = 0;
  else if (!mr_label_parse_length (v, out))
    return parse_fail (p, error,
                       _ ("<%s %s=\"%s\">: not a length (a number, optionally followed by pt, "
                          "in, mm, cm or pc)."),
                       element, name, v);
  if ((!signed_ok && *out < 0) || fabs (*out) > MAX_LENGTH_PT)
    return parse_fail (p, error, _ ("<%s %s=\"%s\">: the length is out of range."), element, name,
                       v);
  return TRUE;
}

static gboolean
attr_count (Parser *p,
            const char *element,
            const char **names,
            const char **values,
            const char *name,
            guint *out,
            GError **error)
{
  const char *v = find_attr (names, values, name);
  guint64 n = 0;

  if (v == NULL)
    return parse_fail (p, error, _ ("<%s> needs the attribute “%s”."), element, name);
  if (!g_ascii_string_to_unsigned (v, 10, 1, MAX_PER_GRID, &n, NULL))
    return parse_fail (p, error, _ ("<%s %s=\"%s\">: expected a whole number from 1 to %d."),
                       element, name, v, MAX_PER_GRID);
  *out = (guint) n;
  return TRUE;
}

static void
parser_drop_current (Parser *p)
{
  g_clear_pointer (&p->current, mr_label_stock_unref);
  g_array_set_size (p->grids, 0);
  g_ptr_array_set_size (p->categories, 0);
}

static const Paper *
parser_find_paper (Parser *p, const char *id)
{
  const Paper *paper = g_hash_table_lookup (p->papers, id);

  return paper ? paper : g_hash_table_lookup (p->catalog->papers, id);
}

static gboolean
start_template (Parser *p, const char **names, const char **values, GError **error)
{
  const char *brand, *part, *size, *equiv, *desc;
  MrLabelStock *s;

  if (!attr_string (p, "Template", names, values, "brand", &brand, error) ||
      !attr_string (p, "Template", names, values, "part", &part, error))
    return FALSE;
  equiv = find_attr (names, values, "equiv");
  p->where = IN_TEMPLATE;
  p->label_seen = FALSE;
  p->skip = FALSE;
  if (equiv != NULL && *equiv != '\0')
    {
      Equiv *e = g_new0 (Equiv, 1);

      e->brand = g_strdup (brand);
      e->part = g_strdup (part);
      e->equiv = g_strdup (equiv);
      g_ptr_array_add (p->equivs, e);
      p->skip = TRUE;
      return TRUE;
    }

  s = p->current = stock_new ();
  s->brand = g_strdup (brand);
  s->part = g_strdup (part);
  s->id = g_strdup_printf ("%s %s", brand, part);
  desc = find_attr (names, values, "_description");
  if (desc != NULL)
    /* gLabels ships translations of its descriptions. */
    s->description = g_strdup (g_dgettext ("glabels-3.0", desc));
  else
    s->description = g_strdup (find_attr (names, values, "description"));
  if (s->description == NULL)
    s->description = g_strdup ("");

  if (!attr_string (p, "Template", names, values, "size", &size, error))
    return FALSE;
  s->paper_id = g_strdup (size);
  if (strcmp (size, "Other") == 0 || strcmp (size, "other") == 0)
    {
      if (!attr_length (p, "Template", names, values, "width", NAN, FALSE, &s->page_width, error) ||
          !attr_length (p, "Template", names, values, "height", NAN, FALSE, &s->page_height, error))
        return FALSE;
    }
  else
    {
      const Paper *paper = parser_find_paper (p, size);

      if (paper == NULL)
        return parse_fail (p, error, _ ("<Template size=\"%s\">: unknown paper size."), size);
      s->page_width = paper->width;
      s->page_height = paper->height;
    }
  if (s->page_width <= 0 || s->page_height <= 0)
    return parse_fail (p, error, _ ("The template “%s” has an empty page."), s->id);
  return TRUE;
}

static gboolean
start_label (
  Parser *p, const char *element, const char **names, const char **values, GError **error)
{
  MrLabelStock *s = p->current;
  double radius = 0;

  if (p->label_seen)
    return parse_fail (p, error, _ ("The template “%s” has more than one label shape."), s->id);
  p->label_seen = TRUE;
  p->where = IN_LABEL;

  if (strcmp (element, "Label-rectangle") == 0)
    {
      s->shape = MR_LABEL_SHAPE_RECTANGLE;
      if (!attr_length (p, element, names, values, "width", NAN, FALSE, &s->width, error) ||
          !attr_length (p, element, names, values, "height", NAN, FALSE, &s->height, error) ||
          !attr_length (p, element, names, values, "round", 0, FALSE, &s->corner_radius, error))
        return FALSE;
    }
  else if (strcmp (element, "Label-ellipse") == 0)
    {
      s->shape = MR_LABEL_SHAPE_ELLIPSE;
      if (!attr_length (p, element, names, values, "width", NAN, FALSE, &s->width, error) ||
          !attr_length (p, element, names, values, "height", NAN, FALSE, &s->height, error))
        return FALSE;
    }
  else
    {
      s->shape = strcmp (element, "Label-cd") == 0 ? MR_LABEL_SHAPE_CD : MR_LABEL_SHAPE_ROUND;
      if (!attr_length (p, element, names, values, "radius", NAN, FALSE, &radius, error))
        return FALSE;
      /* A business-card CD is clipped to a rectangle. */
      if (!attr_length (p, element, names, values, "width", 2 * radius, FALSE, &s->width, error) ||
          !attr_length (p, element, names, values, "height", 2 * radius, FALSE, &s->height, error))
        return FALSE;
    }
  if (s->width <= 0 || s->height <= 0)
    return parse_fail (p, error, _ ("The label of “%s” has no size."), s->id);
  return TRUE;
}

static gboolean
start_layout (Parser *p, const char **names, const char **values, GError **error)
{
  MrLabelGrid grid = { 0 };

  if (!attr_count (p, "Layout", names, values, "nx", &grid.nx, error) ||
      !attr_count (p, "Layout", names, values, "ny", &grid.ny, error) ||
      !attr_length (p, "Layout", names, values, "x0", 0, TRUE, &grid.x0, error) ||
      !attr_length (p, "Layout", names, values, "y0", 0, TRUE, &grid.y0, error) ||
      !attr_length (p, "Layout", names, values, "dx", 0, TRUE, &grid.dx, error) ||
      !attr_length (p, "Layout", names, values, "dy", 0, TRUE, &grid.dy, error))
    return FALSE;
  if (grid.nx * grid.ny > MAX_PER_GRID)
    return parse_fail (p, error, _ ("<Layout>: more than %d labels in one grid."), MAX_PER_GRID);
  g_array_append_val (p->grids, grid);
  return TRUE;
}

static void
on_start (GMarkupParseContext *ctx,
          const char *element,
          const char **names,
          const char **values,
          gpointer user_data,
          GError **error)
{
  Parser *p = user_data;

  if (p->depth_unknown > 0 || p->skip)
    {
      p->depth_unknown += p->skip ? 0 : 1;
      return;
    }

  if (strcmp (element, "Paper-size") == 0 && p->where == IN_NOTHING)
    {
      const char *id;
      double w, h;

      if (attr_string (p, element, names, values, "id", &id, error) &&
          attr_length (p, element, names, values, "width", NAN, FALSE, &w, error) &&
          attr_length (p, element, names, values, "height", NAN, FALSE, &h, error))
        {
          if (w <= 0 || h <= 0)
            parse_fail (p, error, _ ("The paper size “%s” is empty."), id);
          else
            add_paper (p->papers, id, w, h);
        }
    }
  else if (strcmp (element, "Template") == 0)
    {
      if (p->where != IN_NOTHING)
        parse_fail (p, error, _ ("<Template> cannot be inside another template."));
      else
        start_template (p, names, values, error);
    }
  else if (g_str_has_prefix (element, "Label-") && p->where == IN_TEMPLATE &&
           (strcmp (element, "Label-rectangle") == 0 || strcmp (element, "Label-round") == 0 ||
            strcmp (element, "Label-ellipse") == 0 || strcmp (element, "Label-cd") == 0))
    start_label (p, element, names, values, error);
  else if (strcmp (element, "Layout") == 0 && p->where == IN_LABEL)
    start_layout (p, names, values, error);
  else if (strcmp (element, "Markup-margin") == 0 && p->where == IN_LABEL)
    attr_length (p, element, names, values, "size", NAN, FALSE, &p->current->margin, error);
  else if (strcmp (element, "Meta") == 0 && p->where == IN_TEMPLATE)
    {
      const char *category = find_attr (names, values, "category");

      if (category != NULL)
        g_ptr_array_add (p->categories, g_strdup (category));
    }
  else if (strcmp (element, "Template") != 0 && p->where != IN_NOTHING &&
           !g_str_has_prefix (element, "Markup-"))
    /* Newer gLabels elements (such as Label-path) are skipped whole. */
    p->depth_unknown = 1;
}

static gboolean
finish_template (Parser *p, GError **error)
{
  MrLabelStock *s = p->current;
  guint n = 0;

  if (!p->label_seen)
    return parse_fail (p, error, _ ("The template “%s” has no label shape."), s->id);
  if (p->grids->len == 0)
    return parse_fail (p, error, _ ("The template “%s” has no <Layout>."), s->id);
  for (guint i = 0; i < p->grids->len; i++)
    n += g_array_index (p->grids, MrLabelGrid, i).nx * g_array_index (p->grids, MrLabelGrid, i).ny;
  if (n > MAX_LABELS)
    return parse_fail (p, error, _ ("The template “%s” has more than %d labels."), s->id,
                       MAX_LABELS);
  s->n_grids = p->grids->len;
  s->grids = (MrLabelGrid *) g_array_free (g_steal_pointer (&p->grids), FALSE);
  p->grids = g_array_new (FALSE, TRUE, sizeof (MrLabelGrid));
  g_ptr_array_add (p->categories, NULL);
  s->categories = g_strdupv ((char **) p->categories->pdata);
  g_ptr_array_set_size (p->categories, 0);
  /* One label on a page of its own ("Other") size: a roll. A full-sheet
   * label on Letter or A4 is a sheet. */
  s->is_roll = n == 1 && g_ascii_strcasecmp (s->paper_id, "Other") == 0;
  stock_finish (s);
  g_ptr_array_add (p->stocks, g_steal_pointer (&p->current));
  return TRUE;
}

static void
on_end (GMarkupParseContext *ctx, const char *element, gpointer user_data, GError **error)
{
  Parser *p = user_data;

  if (p->depth_unknown > 0)
    {
      p->depth_unknown--;
      return;
    }
  if (strcmp (element, "Template") == 0 && p->where != IN_NOTHING)
    {
      if (!p->skip)
        finish_template (p, error);
      p->where = IN_NOTHING;
      p->skip = FALSE;
      parser_drop_current (p);
    }
  else if (g_str_has_prefix (element, "Label-") && p->where == IN_LABEL)
    p->where = IN_TEMPLATE;
}

static const GMarkupParser markup_parser = {
  .start_element = on_start,
  .end_element = on_end,
};

/* GMarkup says "Error on line 3 char 7: …" in the user's language; we
 * say "file:3: …" like a compiler, so the prefix goes. */
static void
rewrite_markup_error (Parser *p, GError **error)
{
  int line = 0, ch = 0;
  g_autofree char *prefix = NULL;
  g_autofree char *valid = NULL;
  const char *msg;
  GError *e;

  if (error == NULL || *error == NULL || (*error)->domain == MR_LABEL_ERROR)
    return;
  e = *error;
  g_markup_parse_context_get_position (p->ctx, &line, &ch);
  prefix = g_strdup_printf (g_dgettext ("glib20", "Error on line %d char %d: "), line, ch);
  msg = g_str_has_prefix (e->message, prefix) ? e->message + strlen (prefix) : e->message;
  /* GMarkup quotes the bad bytes of a file that is not UTF-8. */
  valid = g_utf8_make_valid (msg, -1);
  *error =
    g_error_new (MR_LABEL_ERROR, MR_LABEL_ERROR_PARSE, _ ("%s:%d: %s"), p->filename, line, valid);
  g_error_free (e);
}

gboolean
mr_label_catalog_parse (
  MrLabelCatalog *catalog, const char *filename, const char *data, gssize length, GError **error)
{
  Parser p = { 0 };
  gboolean ok;

  g_return_val_if_fail (catalog != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (length < 0)
    length = strlen (data);
  p.catalog = catalog;
  p.filename = filename ? filename : "?";
  p.data = data;
  p.length = length;
  p.stocks = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_label_stock_unref);
  p.equivs = g_ptr_array_new_with_free_func (equiv_free);
  p.papers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, paper_free);
  p.grids = g_array_new (FALSE, TRUE, sizeof (MrLabelGrid));
  p.categories = g_ptr_array_new_with_free_func (g_free);
  p.ctx = g_markup_parse_context_new (&markup_parser, 0, &p, NULL);

  ok = g_markup_parse_context_parse (p.ctx, data, length, error) &&
       g_markup_parse_context_end_parse (p.ctx, error);
  if (!ok)
    rewrite_markup_error (&p, error);
  else
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, p.papers);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          g_hash_table_iter_steal (&iter);
          g_hash_table_replace (catalog->papers, ((Paper *) value)->id, value);
        }
      for (guint i = 0; i < p.stocks->len; i++)
        catalog_insert (catalog, mr_label_stock_ref (g_ptr_array_index (p.stocks, i)));
      for (guint i = 0; i < p.equivs->len; i++)
        g_ptr_array_add (catalog->equivs, g_steal_pointer (&p.equivs->pdata[i]));
    }

  parser_drop_current (&p);
  g_markup_parse_context_free (p.ctx);
  g_ptr_array_unref (p.stocks);
  g_ptr_array_unref (p.equivs);
  g_hash_table_unref (p.papers);
  g_array_unref (p.grids);
  g_ptr_array_unref (p.categories);
  return ok;
}

/* A copy of @base under another part number: gLabels' "equiv". */
static MrLabelStock *
stock_new_equiv (const MrLabelStock *base, const char *brand, const char *part)
{
  MrLabelStock *s = stock_new ();

  s->brand = g_strdup (brand);
  s->part = g_strdup (part);
  s->id = g_strdup_printf ("%s %s", brand, part);
  s->description = g_strdup (base->description);
  s->paper_id = g_strdup (base->paper_id);
  s->page_width = base->page_width;
  s->page_height = base->page_height;
  s->shape = base->shape;
  s->width = base->width;
  s->height = base->height;
  s->corner_radius = base->corner_radius;
  s->margin = base->margin;
  s->is_roll = base->is_roll;
  s->built_in = base->built_in;
  s->n_grids = base->n_grids;
  s->grids = g_memdup2 (base->grids, sizeof (MrLabelGrid) * base->n_grids);
  s->categories = g_strdupv (base->categories);
  stock_finish (s);
  return s;
}

void
mr_label_catalog_resolve (MrLabelCatalog *catalog)
{
  gboolean progress = TRUE;

  /* An equiv may point to another equiv: repeat until nothing moves. */
  while (catalog->equivs->len > 0 && progress)
    {
      progress = FALSE;
      for (guint i = 0; i < catalog->equivs->len;)
        {
          Equiv *e = g_ptr_array_index (catalog->equivs, i);
          g_autofree char *base_id = g_strdup_printf ("%s %s", e->brand, e->equiv);
          g_autofree char *key = fold_id (base_id);
          MrLabelStock *base = g_hash_table_lookup (catalog->by_key, key);

          if (base == NULL)
            {
              i++;
              continue;
            }
          catalog_insert (catalog, stock_new_equiv (base, e->brand, e->part));
          g_ptr_array_remove_index_fast (catalog->equivs, i);
          progress = TRUE;
        }
    }
  /* What is left points nowhere; gLabels ignores those too. */
  g_ptr_array_set_size (catalog->equivs, 0);
}

gboolean
mr_label_catalog_add_file (MrLabelCatalog *catalog, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr (GError) local = NULL;

  if (!g_file_get_contents (path, &data, &length, &local))
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return mr_label_catalog_parse (catalog, path, data, length, error);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

guint
mr_label_catalog_add_dir (MrLabelCatalog *catalog, const char *dir, GPtrArray *errors)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *papers = g_build_filename (dir, "paper-sizes.xml", NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  /* Paper sizes first: templates refer to them by name. */
  if (g_file_test (papers, G_FILE_TEST_EXISTS))
    {
      GError *e = NULL;

      if (mr_label_catalog_add_file (catalog, papers, &e))
        n++;
      else if (errors != NULL)
        g_ptr_array_add (errors, e);
      else
        g_error_free (e);
    }
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, "-templates.xml") || g_str_has_suffix (name, ".template"))
      g_ptr_array_add (names, g_strdup (name));
  /* Same order on every machine, so a duplicate resolves the same way. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      GError *e = NULL;

      if (mr_label_catalog_add_file (catalog, path, &e))
        n++;
      else if (errors != NULL)
        g_ptr_array_add (errors, e);
      else
        {
          g_warning ("%s", e->message);
          g_error_free (e);
        }
    }
  mr_label_catalog_resolve (catalog);
  return n;
}

/* Thermal formats every mailroom uses: shipping labels (4×6 in, and its
 * metric twin), half-size labels, small asset tags and the Brother QL
 * 62 mm roll. */
static void
catalog_add_builtin_thermal (MrLabelCatalog *catalog)
{
  static const struct
  {
    const char *part;
    double w, h; /* points */
    const char *description;
  } thermal[] = {
    /* Translators: rolls of labels for thermal printers. Their size is
     * written next to them, with the numbers the user's way. */
    { "4x6in", 4 * PT_PER_IN, 6 * PT_PER_IN, N_ ("Thermal shipping label") },
    { "4x3in", 4 * PT_PER_IN, 3 * PT_PER_IN, N_ ("Thermal half-size shipping label") },
    { "2.25x1.25in", 2.25 * PT_PER_IN, 1.25 * PT_PER_IN, N_ ("Small thermal label") },
    { "62x29mm", 62 * PT_PER_MM, 29 * PT_PER_MM, N_ ("Thermal address label") },
    { "102x152mm", 102 * PT_PER_MM, 152 * PT_PER_MM, N_ ("Thermal shipping label, metric") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (thermal); i++)
    {
      MrLabelStock *s = mr_label_stock_new_custom (thermal[i].w, thermal[i].h);

      g_free (s->id);
      g_free (s->brand);
      g_free (s->part);
      g_free (s->description);
      s->id = g_strdup_printf ("Thermal %s", thermal[i].part);
      s->brand = g_strdup ("Thermal");
      s->part = g_strdup (thermal[i].part);
      s->description = g_strdup (_ (thermal[i].description));
      g_strfreev (s->categories);
      s->categories = g_strsplit ("label thermal", " ", -1);
      catalog_insert (catalog, s);
    }
}

/* A few common sheets from gLabels' database (MIT-licensed data), for
 * machines without it. Parsed by the same code as the real files. */
static const char fallback_sheets[] =
  "<Glabels-templates>"
  "<Template brand=\"Avery\" part=\"5160\" size=\"US-Letter\" description=\"Address Labels\">"
  " <Meta category=\"label\"/><Meta category=\"mail\"/>"
  " <Label-rectangle id=\"0\" width=\"2.625in\" height=\"1in\" round=\"0.0625in\">"
  "  <Markup-margin size=\"0.0625in\"/>"
  "  <Layout nx=\"3\" ny=\"10\" x0=\"0.15625in\" y0=\"0.5in\" dx=\"2.78125in\" dy=\"1in\"/>"
  " </Label-rectangle></Template>"
  "<Template brand=\"Avery\" part=\"5163\" size=\"US-Letter\" description=\"Shipping Labels\">"
  " <Meta category=\"label\"/><Meta category=\"mail\"/>"
  " <Label-rectangle id=\"0\" width=\"4in\" height=\"2in\" round=\"0.125in\">"
  "  <Markup-margin size=\"0.125in\"/>"
  "  <Layout nx=\"2\" ny=\"5\" x0=\"0.1625in\" y0=\"0.5in\" dx=\"4.1875in\" dy=\"2in\"/>"
  " </Label-rectangle></Template>"
  "<Template brand=\"Avery\" part=\"7160\" size=\"A4\" description=\"Mailing labels\">"
  " <Meta category=\"label\"/><Meta category=\"mail\"/>"
  " <Label-rectangle id=\"0\" width=\"181.4\" height=\"108.0\" round=\"5\">"
  "  <Markup-margin size=\"5\"/>"
  "  <Layout nx=\"3\" ny=\"7\" x0=\"21.2\" y0=\"43.9\" dx=\"187.2\" dy=\"108.0\"/>"
  " </Label-rectangle></Template>"
  "<Template brand=\"Avery\" part=\"L7160\" equiv=\"7160\"/>"
  "<Template brand=\"Avery\" part=\"7163\" size=\"A4\" description=\"Mailing labels\">"
  " <Meta category=\"label\"/><Meta category=\"mail\"/>"
  " <Label-rectangle id=\"0\" width=\"280.9\" height=\"108\" round=\"5\">"
  "  <Markup-margin size=\"5\"/>"
  "  <Layout nx=\"2\" ny=\"7\" x0=\"9.5\" y0=\"43\" dx=\"292\" dy=\"108\"/>"
  " </Label-rectangle></Template>"
  "<Template brand=\"Avery\" part=\"L7163\" equiv=\"7163\"/>"
  "</Glabels-templates>";

void
mr_label_catalog_add_fallback_sheets (MrLabelCatalog *catalog)
{
  g_autoptr (GError) error = NULL;

  if (!mr_label_catalog_parse (catalog, "built-in", fallback_sheets, -1, &error))
    g_error ("built-in label sheets: %s", error->message);
  mr_label_catalog_resolve (catalog);
  for (guint i = 0; i < 6; i++)
    {
      static const char *const ids[] = { "avery5160",  "avery5163", "avery7160",
                                         "averyl7160", "avery7163", "averyl7163" };
      MrLabelStock *s = g_hash_table_lookup (catalog->by_key, ids[i]);

      if (s != NULL)
        s->built_in = TRUE;
    }
}

MrLabelCatalog *
mr_label_catalog_get_default (void)
{
  static MrLabelCatalog *catalog;

  if (g_once_init_enter (&catalog))
    {
      MrLabelCatalog *c = mr_label_catalog_new ();
      const char *env = g_getenv ("MAILROOM_GLABELS_TEMPLATES");
      g_autofree char *user_dir =
        g_build_filename (g_get_user_config_dir (), "libglabels", "templates", NULL);
      const char *const *data_dirs = g_get_system_data_dirs ();

      if (env != NULL && *env != '\0')
        {
          if (mr_label_catalog_add_dir (c, env, NULL) > 0)
            c->source_dir = g_strdup (env);
        }
      else
        for (guint i = 0; data_dirs[i] && c->source_dir == NULL; i++)
          {
            /* Debian's glabels-data puts them in libglabels-3.0; some
             * builds of gLabels in glabels-3.0. */
            static const char *const subdirs[] = { "libglabels-3.0", "glabels-3.0" };

            for (guint k = 0; k < G_N_ELEMENTS (subdirs) && c->source_dir == NULL; k++)
              {
                g_autofree char *dir =
                  g_build_filename (data_dirs[i], subdirs[k], "templates", NULL);

                if (mr_label_catalog_add_dir (c, dir, NULL) > 0)
                  c->source_dir = g_steal_pointer (&dir);
              }
          }
      if (c->source_dir == NULL)
        mr_label_catalog_add_fallback_sheets (c);
      /* The user's own templates, made with gLabels' template designer. */
      mr_label_catalog_add_dir (c, user_dir, NULL);
      g_once_init_leave (&catalog, c);
    }
  return catalog;
}

MrLabelStock *
mr_label_catalog_lookup (MrLabelCatalog *catalog, const char *id, GError **error)
{
  g_autofree char *key = NULL;
  MrLabelStock *stock;

  g_return_val_if_fail (catalog != NULL, NULL);

  if (id != NULL && g_ascii_strncasecmp (id, "custom:", 7) == 0)
    {
      double w, h;

      if (!mr_label_parse_size (id + 7, &w, &h))
        {
          g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_INVALID,
                       _ ("“%s” is not a label size. Write the width and the height with a unit, "
                          "such as custom:100x50mm or custom:4x2in (from 5 mm to 100 in)."),
                       id + 7);
          return NULL;
        }
      return mr_label_stock_new_custom (w, h);
    }
  if (catalog->equivs->len > 0)
    mr_label_catalog_resolve (catalog);
  key = fold_id (id ? id : "");
  stock = g_hash_table_lookup (catalog->by_key, key);
  if (stock == NULL)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_NOT_FOUND,
                   _ ("Unknown label stock “%s”. Run “mailroom-cli labels templates” for the "
                      "list, or give a custom size such as custom:100x50mm."),
                   id ? id : "");
      return NULL;
    }
  return mr_label_stock_ref (stock);
}

/* "5160" before "15160", "L7160" before "L71600": runs of digits compare
 * as numbers. */
static int
natural_compare (const char *a, const char *b)
{
  while (*a && *b)
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *ea = a, *eb = b;

          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          for (ea = a; g_ascii_isdigit (*ea); ea++)
            ;
          for (eb = b; g_ascii_isdigit (*eb); eb++)
            ;
          if (ea - a != eb - b)
            return ea - a < eb - b ? -1 : 1;
          for (; a < ea; a++, b++)
            if (*a != *b)
              return *a < *b ? -1 : 1;
          continue;
        }
      if (g_ascii_tolower (*a) != g_ascii_tolower (*b))
        return g_ascii_tolower (*a) < g_ascii_tolower (*b) ? -1 : 1;
      a++;
      b++;
    }
  return *a ? 1 : (*b ? -1 : 0);
}

static int
compare_stocks (gconstpointer a, gconstpointer b)
{
  const MrLabelStock *sa = *(MrLabelStock *const *) a, *sb = *(MrLabelStock *const *) b;
  int ka = sa->built_in && sa->is_roll ? 0 : 1, kb = sb->built_in && sb->is_roll ? 0 : 1;
  int c;

  /* Built-in thermal formats first: they are what a mailroom prints on
   * most. */
  if (ka != kb)
    return ka - kb;
  c = natural_compare (sa->brand, sb->brand);
  return c != 0 ? c : natural_compare (sa->part, sb->part);
}

GPtrArray *
mr_label_catalog_list (MrLabelCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);

  if (catalog->equivs->len > 0)
    mr_label_catalog_resolve (catalog);
  if (catalog->sorted == NULL)
    {
      GHashTableIter iter;
      gpointer value;

      catalog->sorted = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_label_stock_unref);
      g_hash_table_iter_init (&iter, catalog->by_key);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (catalog->sorted, mr_label_stock_ref (value));
      g_ptr_array_sort (catalog->sorted, compare_stocks);
    }
  return g_ptr_array_ref (catalog->sorted);
}

guint
mr_label_catalog_get_n_stocks (MrLabelCatalog *catalog)
{
  if (catalog->equivs->len > 0)
    mr_label_catalog_resolve (catalog);
  return g_hash_table_size (catalog->by_key);
}
