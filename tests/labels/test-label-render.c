/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rendering, proven by barcode readers: every kind of label with every
 * barcode type is rendered to PDF and to PNG, and read back — zbarimg for
 * QR, Code 128 and GS1-128, dmtxread for Data Matrix (zbar cannot read
 * it) — and the text read must be the data. The human-readable text is in
 * the PDF. Sheets paginate with a starting position and copies. ZPL II
 * carries the commands and the sizes and positions in dots at 203 and
 * 300 dpi. Data that cannot be printed fails with a message naming the
 * record. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "mr-label-job.h"
#include "mr-label-layouts.h"

static char *tmpdir;

/* Runs a tool; its standard output, or NULL when it failed. */
static char *
run (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  /* zbarimg exits 4 when an image holds no symbol: that is an answer. */
  if (!g_spawn_check_wait_status (status, NULL) &&
      !(WIFEXITED (status) && WEXITSTATUS (status) == 4))
    {
      g_test_message ("%s failed: %s", argv[0], err);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
have_tools (void)
{
  const char *tools[] = { "zbarimg", "dmtxread", "pdftoppm", "pdftotext" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i]);

      if (path == NULL)
        {
          g_autofree char *msg = g_strdup_printf (
            "%s is missing (apt-get install zbar-tools dmtx-utils poppler-utils)", tools[i]);

          g_test_skip (msg);
          return FALSE;
        }
    }
  return TRUE;
}

static int
compare_lines (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* What the readers find in an image: "QR-Code:…", "CODE-128:…",
 * "DATAMATRIX:…", one per line, sorted. */
static char *
decode_png (const char *png, gboolean datamatrix)
{
  GString *all = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;
  g_autofree char *out = NULL;

  if (datamatrix)
    {
      const char *argv[] = { "dmtxread", "-n", "-m", "20000", png, NULL };

      out = run (argv);
      lines = g_strsplit (out ? out : "", "\n", -1);
      for (guint i = 0; lines[i]; i++)
        if (*lines[i])
          g_string_append_printf (all, "DATAMATRIX:%s\n", lines[i]);
    }
  else
    {
      const char *argv[] = { "zbarimg", "--nodbus", "-q", png, NULL };

      out = run (argv);
      g_string_append (all, out ? out : "");
    }
  /* Sorted, so that the order in which a reader finds codes does not
   * matter. */
  {
    g_auto (GStrv) sorted = g_strsplit (all->str, "\n", -1);
    guint n = g_strv_length (sorted);

    qsort (sorted, n, sizeof (char *), compare_lines);
    g_string_free (all, TRUE);
    all = g_string_new (NULL);
    for (guint i = 0; i < n; i++)
      if (*sorted[i])
        g_string_append_printf (all, "%s\n", sorted[i]);
  }
  return g_string_free (all, FALSE);
}

/* The pages of a PDF at 300 dpi, as PNG files. */
static GPtrArray *
rasterise (const char *pdf)
{
  g_autofree char *prefix = g_strconcat (pdf, "-page", NULL);
  const char *argv[] = { "pdftoppm", "-r", "300", "-png", pdf, prefix, NULL };
  g_autofree char *out = run (argv);
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (out);
  for (guint i = 1; i < 100; i++)
    {
      /* pdftoppm pads the page number to the width of the last one. */
      g_autofree char *a = g_strdup_printf ("%s-%u.png", prefix, i);
      g_autofree char *b = g_strdup_printf ("%s-%02u.png", prefix, i);

      if (g_file_test (a, G_FILE_TEST_EXISTS))
        g_ptr_array_add (pages, g_steal_pointer (&a));
      else if (g_file_test (b, G_FILE_TEST_EXISTS))
        g_ptr_array_add (pages, g_steal_pointer (&b));
      else
        break;
    }
  return pages;
}

static char *
expected_line (MrBarcodeType type, const char *data)
{
  switch (type)
    {
    case MR_BARCODE_QR:
      return g_strdup_printf ("QR-Code:%s", data);
    case MR_BARCODE_DATAMATRIX:
      return g_strdup_printf ("DATAMATRIX:%s", data);
    case MR_BARCODE_GS1_128:
      {
        /* Readers give GS1 data as AIs and values run together. */
        GString *s = g_string_new ("CODE-128:");

        for (const char *p = data; *p; p++)
          if (*p != '(' && *p != ')')
            g_string_append_c (s, *p);
        return g_string_free (s, FALSE);
      }
    case MR_BARCODE_CODE128:
    default:
      return g_strdup_printf ("CODE-128:%s", data);
    }
}

static MrLabelStock *
lookup_stock (const char *id)
{
  g_autoptr (GError) error = NULL;
  MrLabelStock *stock = mr_label_catalog_lookup (mr_label_catalog_get_default (), id, &error);

  g_assert_no_error (error);
  return stock;
}

/* Renders @job to PDF and PNG and checks that the readers find exactly
 * @expected (sorted lines) on page @page; and that the PDF has every
 * human-readable text of @hri. */
static void
check_job (MrLabelJob *job,
           const char *name,
           gboolean datamatrix,
           const char *expected,
           const char *const *hri)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", tmpdir, name);
  g_autofree char *png = g_strdup_printf ("%s/%s.png", tmpdir, name);
  g_autoptr (GPtrArray) pngs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) pages = NULL;
  g_autofree char *from_png = NULL;
  g_autofree char *from_pdf = NULL;
  g_autofree char *text = NULL;

  mr_label_job_write (job, MR_LABEL_FORMAT_PDF, pdf, NULL, &error);
  g_assert_no_error (error);
  mr_label_job_write (job, MR_LABEL_FORMAT_PNG, png, pngs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pngs->len, ==, 1);

  from_png = decode_png (pngs->pdata[0], datamatrix);
  g_assert_cmpstr (from_png, ==, expected);
  pages = rasterise (pdf);
  g_assert_cmpuint (pages->len, ==, 1);
  from_pdf = decode_png (pages->pdata[0], datamatrix);
  g_assert_cmpstr (from_pdf, ==, expected);

  {
    const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };

    g_autoptr (GString) compact = g_string_new (NULL);

    text = run (argv);
    g_assert_nonnull (text);
    /* A long text under a small code wraps: compare without the breaks. */
    for (const char *p = text; *p; p++)
      if (!g_ascii_isspace (*p))
        g_string_append_c (compact, *p);
    for (guint i = 0; hri && hri[i]; i++)
      if (strstr (compact->str, hri[i]) == NULL)
        g_error ("“%s” is not printed under its code; the PDF says:\n%s", hri[i], text);
  }
}

/* The built-in layout of every kind, as it comes. */
static void
test_builtin_layouts (void)
{
  if (!have_tools ())
    return;
  for (const char *const *k = mr_label_kinds (); *k; k++)
    {
      g_autoptr (MrLabelLayout) layout = mr_label_layout_new_builtin (*k);
      g_autoptr (MrLabelStock) stock = lookup_stock (layout->template_id);
      g_autoptr (MrLabelJob) job = mr_label_job_new (stock, layout);
      g_autoptr (GHashTable) record = mr_label_sample_record (*k);
      g_autoptr (GString) zbar = g_string_new (NULL);
      g_autoptr (GString) dmtx = g_string_new (NULL);
      g_autoptr (GPtrArray) hri = g_ptr_array_new ();
      gboolean has_dm = FALSE, has_other = FALSE;

      g_test_message ("kind %s on %s", *k, stock->id);
      mr_label_job_add_record (job, record);
      for (guint i = 0; i < layout->elements->len; i++)
        {
          const MrLabelElement *el = layout->elements->pdata[i];
          const char *data = g_hash_table_lookup (record, el->field);
          g_autofree char *line = NULL;

          if (!el->is_barcode)
            continue;
          line = expected_line (el->symbology, data);
          if (el->symbology == MR_BARCODE_DATAMATRIX)
            {
              has_dm = TRUE;
              g_string_append_printf (dmtx, "%s\n", line);
            }
          else
            {
              has_other = TRUE;
              g_string_append_printf (zbar, "%s\n", line);
            }
          g_ptr_array_add (hri, (gpointer) data);
        }
      g_ptr_array_add (hri, NULL);
      g_assert_true (has_dm || has_other);
      /* Layouts have either kind of reader's codes, not both. */
      g_assert_false (has_dm && has_other);
      check_job (job, *k, has_dm, has_dm ? dmtx->str : zbar->str, (const char *const *) hri->pdata);
    }
}

typedef struct
{
  const char *kind;
  const char *text_field;
  const char *linear_field; /* short enough for a linear code on the kind's label */
  const char *square_field;
} KindFields;

static const KindFields kind_fields[] = {
  { "package", "recipient", "tracking_number", "internal_id" },
  { "asset", "name", "tag", "tag" },
  { "locker_door", "bank", "number", "code" },
  { "shelf", "bank", "number", "code" },
  { "carrier_qr", "carrier", "code", "code" },
  { "pickup_slip", "recipient", "internal_id", "internal_id" },
};

/* Every kind × every barcode type, on the kind's built-in stock. */
static void
test_every_kind_every_symbology (void)
{
  static const char gs1[] = "(01)09501101530003(17)261231";

  if (!have_tools ())
    return;
  for (guint k = 0; k < G_N_ELEMENTS (kind_fields); k++)
    for (MrBarcodeType type = MR_BARCODE_CODE128; type <= MR_BARCODE_DATAMATRIX; type++)
      {
        const KindFields *kf = &kind_fields[k];
        const char *field = mr_barcode_type_is_2d (type) ? kf->square_field : kf->linear_field;
        g_autoptr (GError) error = NULL;
        g_autoptr (GHashTable) record = mr_label_sample_record (kf->kind);
        g_autofree char *definition = g_strdup_printf (
          "{\"elements\":[{\"type\":\"text\",\"field\":\"%s\",\"size\":10,\"bold\":true},"
          "{\"type\":\"barcode\",\"field\":\"%s\",\"symbology\":\"%s\",\"module\":%s,"
          "\"height\":10,\"size\":7}]}",
          kf->text_field, field, mr_barcode_type_to_string (type),
          mr_barcode_type_is_2d (type) ? "0.5" : "0.25");
        g_autoptr (MrLabelLayout) layout =
          mr_label_layout_new_from_definition (kf->kind, definition, &error);
        g_autoptr (MrLabelStock) stock = NULL;
        g_autoptr (MrLabelJob) job = NULL;
        g_autofree char *name =
          g_strdup_printf ("%s-%s", kf->kind, mr_barcode_type_to_string (type));
        g_autofree char *expected = NULL;
        g_autofree char *line = NULL;
        const char *hri[2] = { NULL };

        g_assert_no_error (error);
        if (type == MR_BARCODE_GS1_128)
          g_hash_table_replace (record, g_strdup (field), g_strdup (gs1));
        stock = lookup_stock (layout->template_id);
        g_test_message ("%s on %s", name, stock->id);
        job = mr_label_job_new (stock, layout);
        mr_label_job_add_record (job, record);
        line = expected_line (type, g_hash_table_lookup (record, field));
        expected = g_strdup_printf ("%s\n", line);
        /* GS1's human-readable text keeps the parentheses. */
        hri[0] = g_hash_table_lookup (record, field);
        check_job (job, name, type == MR_BARCODE_DATAMATRIX, expected, hri);
      }
}

/* A sheet: the first four labels were already used, each record twice. */
static void
test_sheet_start_and_copies (void)
{
  g_autoptr (MrLabelStock) stock = NULL;
  g_autoptr (MrLabelLayout) layout = NULL;
  g_autoptr (MrLabelJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "sheet.pdf", NULL);
  g_autoptr (GPtrArray) pages = NULL;
  double w, h;

  if (!have_tools ())
    return;
  stock = lookup_stock ("Avery 5163"); /* 2 × 5 labels of 4 × 2 in on US Letter */
  layout = mr_label_layout_new_from_definition (
    "asset",
    "{\"elements\":[{\"type\":\"text\",\"field\":\"name\",\"size\":12},"
    "{\"type\":\"barcode\",\"field\":\"tag\",\"symbology\":\"code128\",\"module\":0.3,"
    "\"height\":12}]}",
    &error);
  g_assert_no_error (error);
  job = mr_label_job_new (stock, layout);
  mr_label_job_set_start_position (job, 5);
  mr_label_job_set_copies (job, 2);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr (GHashTable) r = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autofree char *tag = g_strdup_printf ("A-%06u", 1000 + i);

      g_hash_table_insert (r, g_strdup ("tag"), g_strdup (tag));
      g_hash_table_insert (r, g_strdup ("name"), g_strdup_printf ("Laptop %u", i));
      mr_label_job_add_record (job, r);
    }
  g_assert_true (mr_label_job_write (job, MR_LABEL_FORMAT_PDF, pdf, NULL, &error));
  g_assert_no_error (error);
  /* 14 labels from position 5: 6 on the first sheet, 8 on the second. */
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 14);
  g_assert_cmpuint (mr_label_job_get_n_pages (job), ==, 2);
  mr_label_job_get_page_size (job, &w, &h);
  g_assert_cmpfloat (fabs (w - 612), <, 0.01);
  g_assert_cmpfloat (fabs (h - 792), <, 0.01);
  /* Label by label: each position of each sheet cut out of the PDF's
   * pages and read on its own (a reader reports a code once per image,
   * however many copies it holds). */
  pages = rasterise (pdf);
  g_assert_cmpuint (pages->len, ==, 2);
  for (guint page = 0; page < 2; page++)
    {
      cairo_surface_t *sheet = cairo_image_surface_create_from_png (pages->pdata[page]);

      g_assert_cmpint (cairo_surface_status (sheet), ==, CAIRO_STATUS_SUCCESS);
      for (guint slot = 0; slot < 10; slot++)
        {
          int label = (int) (page * 10 + slot) - 4; /* positions 1–4 were used */
          g_autofree char *cut = g_strdup_printf ("%s/slot-%u-%u.png", tmpdir, page, slot);
          g_autofree char *got = NULL;
          g_autofree char *want = NULL;
          double x, y, k = 300.0 / 72;
          cairo_surface_t *one = cairo_image_surface_create (
            CAIRO_FORMAT_RGB24, (int) ceil (stock->width * k), (int) ceil (stock->height * k));
          cairo_t *cr = cairo_create (one);

          mr_label_stock_get_origin (stock, slot, &x, &y);
          cairo_set_source_surface (cr, sheet, -x * k, -y * k);
          cairo_paint (cr);
          cairo_destroy (cr);
          g_assert_cmpint (cairo_surface_write_to_png (one, cut), ==, CAIRO_STATUS_SUCCESS);
          cairo_surface_destroy (one);
          got = decode_png (cut, FALSE);
          want = label >= 0 && label < 14 ? g_strdup_printf ("CODE-128:A-%06d\n", 1000 + label / 2)
                                          : g_strdup ("");
          g_test_message ("page %u position %u: %s", page + 1, slot + 1, got);
          g_assert_cmpstr (got, ==, want);
        }
      cairo_surface_destroy (sheet);
    }
}

/* ZPL */

static int
find_int_after (const char *zpl, const char *command)
{
  const char *p = strstr (zpl, command);

  g_assert_nonnull (p);
  return atoi (p + strlen (command));
}

static char *
package_zpl (double dpi, guint copies)
{
  g_autoptr (MrLabelLayout) layout = mr_label_layout_new_builtin ("package");
  g_autoptr (MrLabelStock) stock = lookup_stock ("Thermal 4x6in");
  g_autoptr (MrLabelJob) job = mr_label_job_new (stock, layout);
  g_autoptr (GHashTable) record = mr_label_sample_record ("package");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  mr_label_job_add_record (job, record);
  mr_label_job_set_dpi (job, dpi);
  mr_label_job_set_copies (job, copies);
  bytes = mr_label_job_to_zpl (job, &error);
  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static int
mm_to_dots (double mm, double dpi)
{
  return (int) lround (mm / 25.4 * dpi);
}

/* All ^FO positions, in order, as x, y, is-text triples. */
static GArray *
field_origins (const char *zpl)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (int));

  for (const char *p = strstr (zpl, "^FO"); p; p = strstr (p + 3, "^FO"))
    {
      int x = atoi (p + 3);
      int y = atoi (strchr (p, ',') + 1);
      int is_text = strncmp (strchr (p + 3, '^'), "^A0", 3) == 0;

      g_array_append_val (out, x);
      g_array_append_val (out, y);
      g_array_append_val (out, is_text);
    }
  return out;
}

static void
test_zpl_dots (void)
{
  g_autofree char *z203 = package_zpl (203, 1);
  g_autofree char *z300 = package_zpl (300, 3);
  g_autoptr (GArray) o203 = NULL;
  g_autoptr (GArray) o300 = NULL;

  /* One format, UTF-8, the label's size in dots: 4 × 6 in. */
  g_assert_true (g_str_has_prefix (z203, "^XA\n"));
  g_assert_true (g_str_has_suffix (z203, "^XZ\n"));
  g_assert_nonnull (strstr (z203, "^CI28"));
  g_assert_cmpint (find_int_after (z203, "^PW"), ==, 4 * 203);
  g_assert_cmpint (find_int_after (z203, "^LL"), ==, 6 * 203);
  g_assert_cmpint (find_int_after (z300, "^PW"), ==, 4 * 300);
  g_assert_cmpint (find_int_after (z300, "^LL"), ==, 6 * 300);
  /* Copies */
  g_assert_nonnull (strstr (z203, "^PQ1\n"));
  g_assert_nonnull (strstr (z300, "^PQ3\n"));

  /* Code 128: 0.33 mm bars are 3 dots at 203 dpi (2.6 rounded) and 4 at
   * 300 (3.9); bar height 22 mm. */
  g_assert_cmpint (find_int_after (z203, "^BY"), ==, mm_to_dots (0.33, 203));
  g_assert_cmpint (find_int_after (z300, "^BY"), ==, mm_to_dots (0.33, 300));
  g_assert_cmpint (find_int_after (z203, "^BCN,"), ==, mm_to_dots (22, 203));
  g_assert_cmpint (find_int_after (z300, "^BCN,"), ==, mm_to_dots (22, 300));
  g_assert_nonnull (strstr (z203, "^FH^FD1Z999AA10123456784^FS"));
  /* QR: magnification = 0.75 mm modules in dots (6 and 9). */
  g_assert_cmpint (find_int_after (z203, "^BQN,2,"), ==, mm_to_dots (0.75, 203));
  g_assert_cmpint (find_int_after (z300, "^BQN,2,"), ==, mm_to_dots (0.75, 300));
  g_assert_nonnull (strstr (z203, "^FDMA,MR-0KJ4Z8X2A7QF^FS"));
  /* Text: scalable font at the size in dots; the first line at the 2 mm
   * margin. */
  g_assert_cmpint (find_int_after (z203, "^FO"), ==, mm_to_dots (2, 203));
  g_assert_cmpint (find_int_after (z300, "^FO"), ==, mm_to_dots (2, 300));
  g_assert_cmpint (find_int_after (z203, "^A0N,"), ==, (int) lround (22.0 / 72 * 203));
  g_assert_cmpint (find_int_after (z300, "^A0N,"), ==, (int) lround (22.0 / 72 * 300));
  g_assert_nonnull (strstr (z203, "^FDAda Lovelace^FS"));

  /* The same layout at both resolutions: rows are where they were, give
   * or take a millimetre (modules are whole dots, so a code's height
   * differs a little), and left-aligned text starts at the same place. */
  o203 = field_origins (z203);
  o300 = field_origins (z300);
  g_assert_cmpuint (o203->len, ==, o300->len);
  g_assert_cmpuint (o203->len, >=, 3 * 10);
  for (guint i = 0; i < o203->len; i += 3)
    {
      int x203 = g_array_index (o203, int, i), y203 = g_array_index (o203, int, i + 1);
      int x300 = g_array_index (o300, int, i), y300 = g_array_index (o300, int, i + 1);

      g_assert_cmpint (g_array_index (o203, int, i + 2), ==, g_array_index (o300, int, i + 2));
      g_assert_cmpfloat (fabs (y300 - y203 * 300.0 / 203), <=, mm_to_dots (1, 300));
      if (g_array_index (o203, int, i + 2) && x203 == mm_to_dots (2, 203))
        g_assert_cmpint (x300, ==, mm_to_dots (2, 300));
      /* Inside the label */
      g_assert_cmpint (x300, >=, 0);
      g_assert_cmpint (x300, <, 1200);
      g_assert_cmpint (y300, >=, 0);
      g_assert_cmpint (y300, <, 1800);
      g_assert_cmpint (y203, <, 1218);
    }
}

static void
test_zpl_symbologies (void)
{
  static const struct
  {
    const char *symbology;
    const char *command;
    const char *data;
  } cases[] = {
    { "code128", "^BCN,", "^FDA-004217^FS" },
    { "gs1-128", ",N,N,N,D^FH^FD(01)09501101530003^FS", NULL },
    { "qr", "^BQN,2,", "^FDMA,A-004217^FS" },
    { "datamatrix", "^BXN,", "^FDA-004217^FS" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint d = 0; d < 2; d++)
      {
        double dpi = d == 0 ? 203 : 300;
        g_autoptr (GError) error = NULL;
        g_autofree char *definition =
          g_strdup_printf ("{\"elements\":[{\"type\":\"barcode\",\"field\":\"tag\",\"symbology\":"
                           "\"%s\",\"module\":0.5,\"height\":10}]}",
                           cases[i].symbology);
        g_autoptr (MrLabelLayout) layout =
          mr_label_layout_new_from_definition ("asset", definition, &error);
        g_autoptr (MrLabelStock) stock = lookup_stock ("Thermal 4x3in");
        g_autoptr (MrLabelJob) job = mr_label_job_new (stock, layout);
        g_autoptr (GHashTable) r = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        g_autoptr (GBytes) bytes = NULL;
        g_autofree char *zpl = NULL;
        const char *p;

        g_assert_no_error (error);
        g_hash_table_insert (r, g_strdup ("tag"),
                             g_strdup (i == 1 ? "(01)09501101530003" : "A-004217"));
        mr_label_job_add_record (job, r);
        mr_label_job_set_dpi (job, dpi);
        bytes = mr_label_job_to_zpl (job, &error);
        g_assert_no_error (error);
        zpl = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        g_test_message ("%s", zpl);
        p = strstr (zpl, cases[i].command);
        g_assert_nonnull (p);
        if (cases[i].data)
          g_assert_nonnull (strstr (zpl, cases[i].data));
        /* 0.5 mm modules: 4 dots at 203 dpi, 6 at 300. */
        if (strcmp (cases[i].symbology, "qr") == 0)
          g_assert_cmpint (find_int_after (zpl, "^BQN,2,"), ==, mm_to_dots (0.5, dpi));
        else if (strcmp (cases[i].symbology, "datamatrix") == 0)
          g_assert_cmpint (find_int_after (zpl, "^BXN,"), ==, mm_to_dots (0.5, dpi));
        else
          g_assert_cmpint (find_int_after (zpl, "^BY"), ==, mm_to_dots (0.5, dpi));
        /* The human-readable text under the code, centred. */
        g_assert_nonnull (strstr (zpl, ",C,0^FH^FD"));
      }
}

/* ^ and ~ would be ZPL commands inside field data: they are escaped. */
static void
test_zpl_escaping (void)
{
  g_autoptr (MrLabelLayout) layout = mr_label_layout_new_builtin ("asset");
  g_autoptr (MrLabelStock) stock = lookup_stock ("Thermal 4x6in");
  g_autoptr (MrLabelJob) job = mr_label_job_new (stock, layout);
  g_autoptr (GHashTable) r = mr_label_sample_record ("asset");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *zpl = NULL;

  g_hash_table_replace (r, g_strdup ("name"), g_strdup ("a^XZ~JR_b"));
  mr_label_job_add_record (job, r);
  mr_label_job_add_record (job, r);
  bytes = mr_label_job_to_zpl (job, &error);
  g_assert_no_error (error);
  zpl = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (zpl, "^FDa_5EXZ_7EJR_5Fb^FS"));
  g_assert_null (strstr (zpl, "a^XZ"));
  /* One format per record. */
  {
    g_auto (GStrv) formats = g_strsplit (zpl, "^XA", -1);

    g_assert_cmpuint (g_strv_length (formats) - 1, ==, 2);
  }
}

static void
test_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLabelLayout) gs1 = mr_label_layout_new_from_definition (
    "asset", "{\"elements\":[{\"type\":\"barcode\",\"field\":\"tag\",\"symbology\":\"gs1-128\"}]}",
    &error);
  g_autoptr (MrLabelStock) small = lookup_stock ("Thermal 62x29mm");
  g_autoptr (MrLabelJob) job = NULL;
  g_autoptr (GHashTable) r = mr_label_sample_record ("asset");
  g_autoptr (MrLabelLayout) builtin = mr_label_layout_new_builtin ("package");
  g_autoptr (MrLabelJob) tall = NULL;
  g_autoptr (MrLabelStock) tiny = lookup_stock ("custom:30x15mm");
  g_autoptr (MrLabelLayout) wide = NULL;
  g_autoptr (MrLabelJob) wide_job = NULL;

  g_assert_no_error (error);
  /* Not GS1 data: the record and the field are named. */
  job = mr_label_job_new (small, gs1);
  g_hash_table_replace (r, g_strdup ("@origin"), g_strdup ("asset A-004217"));
  mr_label_job_add_record (job, r);
  g_assert_false (mr_label_job_prepare (job, MR_LABEL_FORMAT_PDF, &error));
  g_assert_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_BARCODE);
  g_assert_true (g_str_has_prefix (error->message, "asset A-004217: Asset tag: "));
  g_clear_error (&error);

  /* The whole package layout on a 30 × 15 mm tag. */
  tall = mr_label_job_new (tiny, builtin);
  {
    g_autoptr (GHashTable) p = mr_label_sample_record ("package");

    mr_label_job_add_record (tall, p);
  }
  g_assert_false (mr_label_job_prepare (tall, MR_LABEL_FORMAT_PDF, &error));
  g_assert_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_DOES_NOT_FIT);
  g_assert_nonnull (strstr (error->message, "mm"));
  g_clear_error (&error);

  /* A Code 128 of a 36-character code cannot fit across 62 mm. */
  wide = mr_label_layout_new_from_definition (
    "shelf", "{\"elements\":[{\"type\":\"barcode\",\"field\":\"code\",\"symbology\":\"code128\"}]}",
    &error);
  g_assert_no_error (error);
  wide_job = mr_label_job_new (small, wide);
  {
    g_autoptr (GHashTable) s = mr_label_sample_record ("shelf");

    mr_label_job_add_record (wide_job, s);
  }
  g_assert_false (mr_label_job_prepare (wide_job, MR_LABEL_FORMAT_PDF, &error));
  g_assert_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_DOES_NOT_FIT);
  g_assert_nonnull (strstr (error->message, "Code 128"));
  g_assert_nonnull (strstr (error->message, "2D code"));
}

/* Modules are whole dots and sit on the dot grid: at 300 dpi, every bar
 * of a PNG is a whole number of pixels, no grey edge. */
static void
test_module_grid (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLabelLayout) layout = mr_label_layout_new_from_definition (
    "asset",
    "{\"elements\":[{\"type\":\"barcode\",\"field\":\"tag\",\"symbology\":\"code128\","
    "\"module\":0.33,\"height\":10}]}",
    &error);
  g_autoptr (MrLabelStock) stock = lookup_stock ("Thermal 4x3in");
  g_autoptr (MrLabelJob) job = mr_label_job_new (stock, layout);
  g_autoptr (GHashTable) r = mr_label_sample_record ("asset");
  g_autofree char *png = g_build_filename (tmpdir, "grid.png", NULL);
  cairo_surface_t *surface;
  const guint8 *data;
  int stride, width, height, grey = 0, black = 0;

  g_assert_no_error (error);
  mr_label_job_add_record (job, r);
  g_assert_true (mr_label_job_write (job, MR_LABEL_FORMAT_PNG, png, NULL, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 900);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* A row through the middle of the bars (not the text under them). */
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + y * stride);
      int row_black = 0, row_grey = 0;

      for (int x = 0; x < width; x++)
        {
          guint8 v = row[x] & 0xff;

          row_black += v == 0;
          row_grey += v != 0 && v != 0xff;
        }
      /* The first row that is mostly bars */
      if (row_black > 200)
        {
          black = row_black;
          grey = row_grey;
          break;
        }
    }
  cairo_surface_destroy (surface);
  g_assert_cmpint (black, >, 200);
  g_assert_cmpint (grey, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("mailroom-render-XXXXXX", &error);
  g_assert_no_error (error);
  g_test_add_func ("/labels/render/builtin-layouts", test_builtin_layouts);
  g_test_add_func ("/labels/render/every-kind-every-symbology", test_every_kind_every_symbology);
  g_test_add_func ("/labels/render/sheet-start-and-copies", test_sheet_start_and_copies);
  g_test_add_func ("/labels/render/module-grid", test_module_grid);
  g_test_add_func ("/labels/render/errors", test_errors);
  g_test_add_func ("/labels/zpl/dots", test_zpl_dots);
  g_test_add_func ("/labels/zpl/symbologies", test_zpl_symbologies);
  g_test_add_func ("/labels/zpl/escaping", test_zpl_escaping);
  rc = g_test_run ();
  if (rc == 0 && !g_getenv ("MAILROOM_KEEP_TEST_FILES"))
    {
      const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };

      g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    NULL, NULL);
    }
  g_free (tmpdir);
  return rc;
}
