/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Batch label printing, side by side with gLabels and zint.
 *
 * 1,000 package labels, each with a Code 128 (tracking number) and a QR
 * code (internal ID) and four lines of text, on Avery 5163 sheets (2 × 5
 * labels of 4 × 2 in: 100 sheets), merged from the same CSV into one PDF:
 *   - mailroom-cli labels render --csv, as a user runs it (process start,
 *     database, CSV, layout, PDF);
 *   - the same through the library, in process (no start-up);
 *   - glabels-3-batch (Debian package glabels) merging the same CSV into an
 *     equivalent gLabels document: same sheet, same objects, same fields;
 *   - the zint command line making the same 2,000 barcodes alone, as SVG
 *     files (barcodes only: no text, no layout, no PDF).
 * Wall time, median of --runs. Then every label is read back: the PDFs are
 * rasterised at 300 dpi with pdftoppm and zbarimg must find each of the
 * 2,000 codes with its exact data: each label's rectangle is read on its
 * own (libzbar, the reader of zbarimg) and must hold exactly its two
 * codes. */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mr-label-job.h"
#include "mr-label-layouts.h"
#include "mr-label-records.h"
#include "mr-store.h"

#include <zbar.h>

#define TARGET_RATIO 10.0

/* The layout both engines print: the same fields at the same sizes. */
static const char layout_json[] =
  "{\"elements\":["
  "{\"type\":\"text\",\"field\":\"recipient\",\"size\":12,\"bold\":true},"
  "{\"type\":\"text\",\"field\":\"department\",\"size\":9},"
  "{\"type\":\"text\",\"field\":\"place\",\"size\":9},"
  "{\"type\":\"barcode\",\"field\":\"tracking_number\",\"symbology\":\"code128\","
  "\"module\":0.25,\"height\":9,\"size\":7},"
  "{\"type\":\"text\",\"field\":\"internal_id\",\"size\":9},"
  "{\"type\":\"barcode\",\"field\":\"internal_id\",\"symbology\":\"qr\",\"module\":0.4,"
  "\"size\":5,\"beside\":true}]}";

static const char *first_names[] = { "Ada",   "Grace", "Alan",    "Katherine", "Margaret",
                                     "Linus", "Hedy",  "Barbara", "Dennis",    "Frances",
                                     "Rémi",  "Zoë",   "Chloé",   "Jürgen",    "Søren" };
static const char *last_names[] = { "Lovelace", "Hopper",  "Turing", "Johnson", "Hamilton",
                                    "Torvalds", "Lamarr",  "Liskov", "Ritchie", "Allen",
                                    "Benali",   "Lefèvre", "Dubois", "Schmidt", "Kierkegaard" };
static const char *departments[] = { "Research", "Finance",         "Legal",      "Facilities",
                                     "IT",       "Human Resources", "Logistique", "Marketing" };
static const char alnum[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

typedef struct
{
  char *workdir;
  char *csv;
  char *db;
  char *glabels_doc;
  GPtrArray *tracking; /* char* per record */
  GPtrArray *internal;
} Bench;

static char *
random_code (GRand *rand, const char *prefix, guint n)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < n; i++)
    g_string_append_c (s, alnum[g_rand_int_range (rand, 0, 32)]);
  return g_string_free (s, FALSE);
}

static void
make_records (Bench *b, guint n, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GString *csv = g_string_new ("recipient,department,place,carrier,tracking_number,internal_id,"
                               "date,pieces\n");
  g_autoptr (GError) error = NULL;

  b->tracking = g_ptr_array_new_with_free_func (g_free);
  b->internal = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      char *tracking = random_code (rand, "1Z", 16);
      char *internal = g_strdup_printf ("MR-%05u%s", i, "K4Z8X2A");

      g_string_append_printf (
        csv, "%s %s,%s,Building %c › Floor %d › MS-%c%03d,UPS,%s,%s,2026-11-21 09:%02u,1\n",
        first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
        last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))],
        departments[g_rand_int_range (rand, 0, G_N_ELEMENTS (departments))],
        'A' + g_rand_int_range (rand, 0, 4), g_rand_int_range (rand, 0, 9),
        'A' + g_rand_int_range (rand, 0, 4), g_rand_int_range (rand, 0, 999), tracking, internal,
        i % 60);
      g_ptr_array_add (b->tracking, tracking);
      g_ptr_array_add (b->internal, internal);
    }
  b->csv = g_build_filename (b->workdir, "records.csv", NULL);
  if (!g_file_set_contents (b->csv, csv->str, csv->len, &error))
    g_error ("%s", error->message);
  g_string_free (csv, TRUE);
}

static void
make_database (Bench *b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  b->db = g_build_filename (b->workdir, "bench.db", NULL);
  store = mr_store_open (b->db, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  g_variant_dict_insert (&d, "kind", "s", "package");
  g_variant_dict_insert (&d, "name", "s", "bench");
  g_variant_dict_insert (&d, "template_id", "s", "Avery 5163");
  g_variant_dict_insert (&d, "definition", "s", layout_json);
  if (!mr_store_apply (store, "label_layout.create", g_variant_dict_end (&d), NULL, &error))
    g_error ("%s", error->message);
}

/* The gLabels document: Avery 5163, the same objects at about the same
 * places (4 × 2 in, 9 pt margin), merged from the same CSV. Code 128 is
 * GNU barcode's in gLabels 3, QR libqrencode's. */
static void
make_glabels_document (Bench *b)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *csv_escaped = g_markup_escape_text (b->csv, -1);
  g_autofree char *doc = g_strdup_printf (
    "<?xml version=\"1.0\"?>\n"
    "<Glabels-document xmlns=\"http://glabels.org/xmlns/3.0/\">\n"
    "  <Template brand=\"Avery\" part=\"5163\" size=\"US-Letter\" description=\"Shipping "
    "Labels\">\n"
    "    <Meta category=\"label\"/>\n"
    "    <Label-rectangle id=\"0\" width=\"4in\" height=\"2in\" round=\"0.125in\" "
    "x_waste=\"0in\" y_waste=\"0in\">\n"
    "      <Markup-margin size=\"0.125in\"/>\n"
    "      <Layout nx=\"2\" ny=\"5\" x0=\"0.1625in\" y0=\"0.5in\" dx=\"4.1875in\" dy=\"2in\"/>\n"
    "    </Label-rectangle>\n"
    "  </Template>\n"
    "  <Objects id=\"0\" rotate=\"False\">\n"
    "%s%s%s"
    "    <Object-barcode x=\"40pt\" y=\"58pt\" w=\"200pt\" h=\"34pt\" backend=\"gnu-barcode\" "
    "style=\"Code128\" text=\"True\" checksum=\"True\" field=\"tracking_number\" "
    "color=\"0xff\" a0=\"1\" a1=\"0\" a2=\"0\" a3=\"1\" a4=\"0\" a5=\"0\"/>\n"
    "%s"
    "    <Object-barcode x=\"224pt\" y=\"84pt\" w=\"46pt\" h=\"46pt\" backend=\"libqrencode\" "
    "style=\"IEC18004\" text=\"False\" checksum=\"True\" field=\"internal_id\" color=\"0xff\" "
    "a0=\"1\" a1=\"0\" a2=\"0\" a3=\"1\" a4=\"0\" a5=\"0\"/>\n"
    "  </Objects>\n"
    "  <Merge type=\"Text/Comma/Line1Keys\" src=\"%s\"/>\n"
    "</Glabels-document>\n",
    "    <Object-text x=\"9pt\" y=\"9pt\" w=\"270pt\" h=\"16pt\" justify=\"left\" "
    "auto_shrink=\"False\" a0=\"1\" a1=\"0\" a2=\"0\" a3=\"1\" a4=\"0\" a5=\"0\"><Span "
    "font_family=\"Sans\" font_size=\"12\" font_weight=\"bold\" font_italic=\"False\" "
    "color=\"0xff\" line_spacing=\"1\"><Field name=\"recipient\"/></Span></Object-text>\n",
    "    <Object-text x=\"9pt\" y=\"27pt\" w=\"270pt\" h=\"12pt\" justify=\"left\" "
    "auto_shrink=\"False\" a0=\"1\" a1=\"0\" a2=\"0\" a3=\"1\" a4=\"0\" a5=\"0\"><Span "
    "font_family=\"Sans\" font_size=\"9\" font_weight=\"normal\" font_italic=\"False\" "
    "color=\"0xff\" line_spacing=\"1\"><Field name=\"department\"/></Span></Object-text>\n",
    "    <Object-text x=\"9pt\" y=\"41pt\" w=\"270pt\" h=\"12pt\" justify=\"left\" "
    "auto_shrink=\"False\" a0=\"1\" a1=\"0\" a2=\"0\" a3=\"1\" a4=\"0\" a5=\"0\"><Span "
    "font_family=\"Sans\" font_size=\"9\" font_weight=\"normal\" font_italic=\"False\" "
    "color=\"0xff\" line_spacing=\"1\"><Field name=\"place\"/></Span></Object-text>\n",
    "    <Object-text x=\"9pt\" y=\"100pt\" w=\"200pt\" h=\"12pt\" justify=\"left\" "
    "auto_shrink=\"False\" a0=\"1\" a1=\"0\" a2=\"0\" a3=\"1\" a4=\"0\" a5=\"0\"><Span "
    "font_family=\"Sans\" font_size=\"9\" font_weight=\"normal\" font_italic=\"False\" "
    "color=\"0xff\" line_spacing=\"1\"><Field name=\"internal_id\"/></Span></Object-text>\n",
    csv_escaped);

  b->glabels_doc = g_build_filename (b->workdir, "bench.glabels", NULL);
  if (!g_file_set_contents (b->glabels_doc, doc, -1, &error))
    g_error ("%s", error->message);
}

/* Runs a program; wall time in seconds, or a negative number when it
 * failed. */
static double
time_run (const char *const *argv, const char *cwd)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return -1;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("%s failed:\n%s\n", argv[0], err);
      return -1;
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double
time_library (Bench *b, const char *out)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLabelLayout) layout =
    mr_label_layout_new_from_definition ("package", layout_json, &error);
  g_autoptr (MrLabelStock) stock =
    mr_label_catalog_lookup (mr_label_catalog_get_default (), "Avery 5163", &error);
  g_autoptr (GPtrArray) records = mr_label_records_from_csv (b->csv, "package", &error);
  g_autoptr (MrLabelJob) job = NULL;

  if (layout == NULL || stock == NULL || records == NULL)
    g_error ("%s", error->message);
  job = mr_label_job_new (stock, layout);
  for (guint i = 0; i < records->len; i++)
    mr_label_job_add_record (job, records->pdata[i]);
  if (!mr_label_job_write (job, MR_LABEL_FORMAT_PDF, out, NULL, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}

/* A page of pdftoppm -gray output (binary PGM). */
static guint8 *
read_pgm (const char *path, int *width, int *height)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  char *p, *end;
  int maxval;
  guint8 *pixels;

  if (!g_file_get_contents (path, &data, &length, NULL) || length < 2 || strncmp (data, "P5", 2))
    return NULL;
  p = data + 2;
  *width = (int) strtol (p, &end, 10);
  *height = (int) strtol (end, &end, 10);
  maxval = (int) strtol (end, &end, 10);
  end++;
  if (*width <= 0 || *height <= 0 || maxval != 255 ||
      (gsize) (end - data) + (gsize) *width * *height > length)
    return NULL;
  pixels = g_malloc ((gsize) *width * *height);
  memcpy (pixels, end, (gsize) *width * *height);
  return pixels;
}

/* The codes zbar reads in one label's rectangle of a page. */
static void
read_label (zbar_image_scanner_t *scanner,
            const guint8 *page,
            int page_w,
            int page_h,
            double x,
            double y,
            double w,
            double h,
            GHashTable *found)
{
  int x0 = MAX (0, (int) floor (x)), y0 = MAX (0, (int) floor (y));
  int x1 = MIN (page_w, (int) ceil (x + w)), y1 = MIN (page_h, (int) ceil (y + h));
  int cw = x1 - x0, ch = y1 - y0;
  guint8 *crop;
  zbar_image_t *image;

  if (cw <= 0 || ch <= 0)
    return;
  crop = g_malloc ((gsize) cw * ch);
  for (int row = 0; row < ch; row++)
    memcpy (crop + (gsize) row * cw, page + (gsize) (y0 + row) * page_w + x0, cw);
  image = zbar_image_create ();
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, cw, ch);
  zbar_image_set_data (image, crop, (unsigned long) cw * ch, zbar_image_free_data);
  zbar_scan_image (scanner, image);
  for (const zbar_symbol_t *sym = zbar_image_first_symbol (image); sym;
       sym = zbar_symbol_next (sym))
    g_hash_table_add (found,
                      g_strdup_printf ("%s:%s", zbar_get_symbol_name (zbar_symbol_get_type (sym)),
                                       zbar_symbol_get_data (sym)));
  zbar_image_destroy (image);
}

/* How many of the expected codes a reader finds in @pdf, label by label:
 * each label's rectangle of each page (rasterised at 300 dpi) is read on
 * its own and must give exactly that label's two codes. */
static guint
count_decoded (Bench *b, const char *pdf, const char *name, guint *n_pages, guint *n_labels_ok)
{
  g_autofree char *dir = g_build_filename (b->workdir, name, NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  const char *raster[] = { "pdftoppm", "-r", "300", "-gray", pdf, prefix, NULL };
  g_autoptr (MrLabelStock) stock =
    mr_label_catalog_lookup (mr_label_catalog_get_default (), "Avery 5163", NULL);
  guint per_page = mr_label_stock_get_n_labels (stock);
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  double k = 300.0 / 72;
  guint n = 0;

  *n_pages = 0;
  *n_labels_ok = 0;
  g_mkdir_with_parents (dir, 0700);
  if (time_run (raster, NULL) < 0)
    return 0;
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 1);
  for (guint page = 0;; page++)
    {
      g_autofree char *path = NULL;
      g_autofree guint8 *pixels = NULL;
      int w = 0, h = 0;

      /* pdftoppm pads page numbers to the width of the last one. */
      for (int digits = 1; digits <= 4 && path == NULL; digits++)
        {
          g_autofree char *try = g_strdup_printf ("%s-%0*u.pgm", prefix, digits, page + 1);

          if (g_file_test (try, G_FILE_TEST_EXISTS))
            path = g_steal_pointer (&try);
        }
      if (path == NULL)
        break;
      (*n_pages)++;
      pixels = read_pgm (path, &w, &h);
      g_unlink (path);
      if (pixels == NULL)
        continue;
      for (guint slot = 0; slot < per_page; slot++)
        {
          guint i = page * per_page + slot;
          g_autoptr (GHashTable) found =
            g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_autofree char *code128 = NULL;
          g_autofree char *qr = NULL;
          double x, y;
          gboolean ok128, okqr;

          if (i >= b->tracking->len)
            break;
          mr_label_stock_get_origin (stock, slot, &x, &y);
          read_label (scanner, pixels, w, h, x * k, y * k, stock->width * k, stock->height * k,
                      found);
          code128 = g_strdup_printf ("CODE-128:%s", (char *) b->tracking->pdata[i]);
          qr = g_strdup_printf ("QR-Code:%s", (char *) b->internal->pdata[i]);
          ok128 = g_hash_table_contains (found, code128);
          okqr = g_hash_table_contains (found, qr);
          n += ok128 + okqr;
          *n_labels_ok += ok128 && okqr && g_hash_table_size (found) == 2;
          if (!ok128)
            g_printerr ("%s: label %u: %s not read\n", name, i + 1, code128);
          if (!okqr)
            g_printerr ("%s: label %u: %s not read\n", name, i + 1, qr);
        }
    }
  zbar_image_scanner_destroy (scanner);
  g_rmdir (dir);
  return n;
}

static double
file_kb (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size / 1024.0 : 0;
}

static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
}

int
main (int argc, char *argv[])
{
  int n_labels = 1000, runs = 3;
  g_autofree char *cli = NULL;
  gboolean keep = FALSE;
  const GOptionEntry entries[] = {
    { "labels", 0, 0, G_OPTION_ARG_INT, &n_labels, "Number of labels (1000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each engine, median taken (3)", "N" },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "mailroom-cli to run", "PATH" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the work folder", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- batch label printing benchmark");
  g_autoptr (GError) error = NULL;
  g_autofree char *glabels = g_find_program_in_path ("glabels-3-batch");
  g_autofree char *zint = g_find_program_in_path ("zint");
  g_autofree char *mr_pdf = NULL, *lib_pdf = NULL, *gl_pdf = NULL;
  g_autofree double *t_cli = NULL, *t_lib = NULL, *t_gl = NULL, *t_zint = NULL;
  double m_cli, m_lib, m_gl = -1, m_zint = -1;
  Bench b = { 0 };
  guint decoded_mr, decoded_gl = 0, pages_mr = 0, pages_gl = 0, labels_mr = 0, labels_gl = 0;
  guint expected;
  int status = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (cli == NULL || n_labels < 10 || runs < 1)
    {
      g_printerr ("bench-labels: --cli PATH is required; --labels ≥ 10, --runs ≥ 1\n");
      return 2;
    }
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  b.workdir = g_dir_make_tmp ("mailroom-bench-labels-XXXXXX", &error);
  if (b.workdir == NULL)
    g_error ("%s", error->message);
  make_records (&b, n_labels, 20261121);
  make_database (&b);
  make_glabels_document (&b);
  expected = 2 * n_labels;
  mr_pdf = g_build_filename (b.workdir, "mailroom.pdf", NULL);
  lib_pdf = g_build_filename (b.workdir, "library.pdf", NULL);
  gl_pdf = g_build_filename (b.workdir, "glabels.pdf", NULL);
  t_cli = g_new0 (double, runs);
  t_lib = g_new0 (double, runs);
  t_gl = g_new0 (double, runs);
  t_zint = g_new0 (double, runs);

  for (int r = 0; r < runs; r++)
    {
      const char *mr_argv[] = { cli,   "--db",     b.db,    "labels", "render", "--csv",
                                b.csv, "--layout", "bench", "-o",     mr_pdf,   NULL };

      t_cli[r] = time_run (mr_argv, b.workdir);
      if (t_cli[r] < 0)
        return 1;
      t_lib[r] = time_library (&b, lib_pdf);
      if (glabels != NULL)
        {
          const char *gl_argv[] = { glabels, "-o", gl_pdf, b.glabels_doc, NULL };

          /* gLabels 3 is a GTK 3 program; it prints without a display. */
          g_unsetenv ("DISPLAY");
          t_gl[r] = time_run (gl_argv, b.workdir);
        }
      if (zint != NULL)
        {
          g_autofree char *codes = g_build_filename (b.workdir, "tracking.txt", NULL);
          g_autofree char *ids = g_build_filename (b.workdir, "internal.txt", NULL);
          g_autofree char *svg_dir = g_build_filename (b.workdir, "zint", NULL);
          g_autofree char *out128 = g_build_filename (svg_dir, "c~~~~.svg", NULL);
          g_autofree char *outqr = g_build_filename (svg_dir, "q~~~~.svg", NULL);
          const char *z128[] = { zint, "--batch", "-b", "20",   "--filetype=svg",
                                 "-i", codes,     "-o", out128, NULL };
          const char *zqr[] = { zint, "--batch", "-b", "58",  "--filetype=svg",
                                "-i", ids,       "-o", outqr, NULL };
          g_autofree char *joined128 = NULL;
          g_autofree char *joinedqr = NULL;
          double a, c;

          g_ptr_array_add (b.tracking, NULL);
          g_ptr_array_add (b.internal, NULL);
          joined128 = g_strjoinv ("\n", (char **) b.tracking->pdata);
          joinedqr = g_strjoinv ("\n", (char **) b.internal->pdata);
          g_ptr_array_set_size (b.tracking, b.tracking->len - 1);
          g_ptr_array_set_size (b.internal, b.internal->len - 1);
          /* zint wants a newline after the last line. */
          {
            g_autofree char *a128 = g_strconcat (joined128, "\n", NULL);
            g_autofree char *aqr = g_strconcat (joinedqr, "\n", NULL);

            g_file_set_contents (codes, a128, -1, NULL);
            g_file_set_contents (ids, aqr, -1, NULL);
          }
          g_mkdir_with_parents (svg_dir, 0700);
          a = time_run (z128, b.workdir);
          c = time_run (zqr, b.workdir);
          t_zint[r] = a < 0 || c < 0 ? -1 : a + c;
          remove_tree (svg_dir);
        }
    }
  m_cli = median (t_cli, runs);
  m_lib = median (t_lib, runs);
  if (glabels != NULL && t_gl[0] >= 0)
    m_gl = median (t_gl, runs);
  if (zint != NULL && t_zint[0] >= 0)
    m_zint = median (t_zint, runs);

  decoded_mr = count_decoded (&b, mr_pdf, "decode-mailroom", &pages_mr, &labels_mr);
  if (m_gl >= 0)
    decoded_gl = count_decoded (&b, gl_pdf, "decode-glabels", &pages_gl, &labels_gl);

  printf ("Batch labels: %d package labels (Code 128 + QR, 4 lines of text) on Avery 5163, "
          "merged from one CSV into one PDF\n",
          n_labels);
  printf ("  wall time, median of %d runs                    %10s %12s\n", runs, "seconds",
          "vs mailroom");
  printf ("  %-48s %10.3f %12s\n", "mailroom-cli labels render --csv (process)", m_cli, "1.00x");
  printf ("  %-48s %10.3f %11.2fx\n", "mailroom library, in process", m_lib, m_lib / m_cli);
  if (m_gl >= 0)
    printf ("  %-48s %10.3f %11.2fx\n", "glabels-3-batch, same CSV and sheet", m_gl, m_gl / m_cli);
  else
    printf ("  %-48s %10s\n", "glabels-3-batch",
            glabels ? "FAILED" : "not installed (apt-get install glabels)");
  if (m_zint >= 0)
    printf ("  %-48s %10.3f %11.2fx\n", "zint CLI, the same barcodes only (SVG)", m_zint,
            m_zint / m_cli);
  else
    printf ("  %-48s %10s\n", "zint CLI", zint ? "FAILED" : "not installed (apt-get install zint)");
  printf ("  PDF: mailroom %u pages, %.0f kB; glabels %u pages, %.0f kB\n", pages_mr,
          file_kb (mr_pdf), pages_gl, m_gl >= 0 ? file_kb (gl_pdf) : 0.0);
  printf ("  check, label by label at 300 dpi (pdftoppm, zbar): mailroom %u of %u codes, %u of "
          "%d labels whole%s\n",
          decoded_mr, expected, labels_mr, n_labels,
          decoded_mr == expected && labels_mr == (guint) n_labels ? ": every label decodes" : "");
  if (m_gl >= 0)
    printf ("         glabels %u of %u codes, %u of %d labels whole\n", decoded_gl, expected,
            labels_gl, n_labels);
  if (decoded_mr != expected || labels_mr != (guint) n_labels)
    status = 1;
  if (m_gl >= 0)
    {
      double ratio = m_gl / m_cli;

      printf ("  target: mailroom-cli at least %.0fx faster than glabels-3-batch: %s (%.1fx)\n",
              TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "MISSED", ratio);
      if (ratio < TARGET_RATIO)
        status = 1;
    }
  if (keep)
    printf ("  work folder kept: %s\n", b.workdir);
  else
    remove_tree (b.workdir);
  return status;
}
