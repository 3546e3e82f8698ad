/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Barcodes read from files. The images are made here, at test time,
 * with the zint and qrencode programs (the packages of the same names),
 * then laid out on the pages of a PDF with cairo; we decode them and
 * compare with what was encoded. Also mailroom-cli scan decode and scan
 * parse, run as a program. Set MR_TEST_SCAN_KEEP=DIR to keep the files. */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "mr-barcode-decode.h"

#define GS "\x1d"
#define IMPB26 "92612903098765432101234564"
#define IMPB26_AFTER_AI "612903098765432101234564" /* the IMpb's "92" is the GS1 AI */

typedef struct
{
  const char *file;
  const char *program; /* "zint" or "qrencode" */
  const char *args;    /* before the output option */
  const char *data;
  /* Expected */
  const char *symbology;
  const char *text;
  const char *tracking; /* NULL: none */
  const char *courier;  /* a candidate that must be there, or NULL */
} Sample;

static const Sample samples[] = {
  { "impb.png", "zint", "-b GS1_128", "[420]12345[92]" IMPB26_AFTER_AI, "GS1-128",
    "42012345" GS IMPB26, IMPB26, "usps" },
  { "sscc.png", "zint", "-b GS1_128", "[00]106141412345678908[420]98765", "GS1-128",
    "00106141412345678908"
    "42098765",
    "106141412345678908", NULL },
  { "ups.png", "zint", "-b CODE128", "1Z999AA10123456784", "Code 128", "1Z999AA10123456784",
    "1Z999AA10123456784", "ups" },
  /* Transparent background and turned a quarter: alpha is laid over
   * white, and ZBar scans columns too. */
  { "ups-rotated.png", "zint", "-b CODE128 --nobackground --rotate=90", "1Z999AA10123456784",
    "Code 128", "1Z999AA10123456784", "1Z999AA10123456784", "ups" },
  { "s10.png", "qrencode", "-s 4", "RB123456785GB", "QR Code", "RB123456785GB", "RB123456785GB",
    "s10" },
  { "gs1-qr.png", "zint", "-b QRCODE --gs1", "[00]106141412345678908[420]12345", "GS1 QR Code",
    "00106141412345678908"
    "42012345",
    "106141412345678908", NULL },
  { "ean.png", "zint", "-b EANX", "400638133393", "EAN-13", "4006381333931", NULL, NULL },
  { "code39.png", "zint", "-b CODE39", "ABC-123", "Code 39", "ABC-123", "ABC-123", NULL },
  { "databar.png", "zint", "-b DBAR_EXP", "[01]09501101020917[10]ABC", "GS1 DataBar Expanded",
    "010950110102091710ABC", NULL, NULL },
};

static char *workdir;

static gboolean
have_programs (void)
{
  g_autofree char *zint = g_find_program_in_path ("zint");
  g_autofree char *qrencode = g_find_program_in_path ("qrencode");

  return zint != NULL && qrencode != NULL;
}

static void
run_ok (const char *command)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_test_message ("$ %s", command);
  g_spawn_command_line_sync (command, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command, err);
}

static char *
sample_path (const Sample *s)
{
  return g_build_filename (workdir, s->file, NULL);
}

static void
make_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *s = &samples[i];
      g_autofree char *path = sample_path (s);
      g_autofree char *qpath = g_shell_quote (path);
      g_autofree char *qdata = g_shell_quote (s->data);
      g_autofree char *cmd = NULL;

      if (strcmp (s->program, "zint") == 0)
        cmd = g_strdup_printf ("zint %s -o %s -d %s", s->args, qpath, qdata);
      else
        cmd = g_strdup_printf ("qrencode %s -o %s %s", s->args, qpath, qdata);
      run_ok (cmd);
    }
}

static const MrDecodedSymbol *
find_text (GPtrArray *symbols, const char *text)
{
  for (guint i = 0; i < symbols->len; i++)
    {
      const MrDecodedSymbol *s = g_ptr_array_index (symbols, i);

      if (strcmp (s->text, text) == 0)
        return s;
    }
  return NULL;
}

static gboolean
has_courier (const MrScanCode *code, const char *courier)
{
  for (guint i = 0; i < code->candidates->len; i++)
    {
      const MrCarrierMatch *m = g_ptr_array_index (code->candidates, i);

      if (strcmp (m->courier_code, courier) == 0 && m->checksum_verified)
        return TRUE;
    }
  return FALSE;
}

static void
check_symbol (const MrDecodedSymbol *got, const Sample *s, guint page)
{
  g_assert_nonnull (got);
  g_assert_cmpstr (got->text, ==, s->text);
  g_assert_cmpstr (got->symbology, ==, s->symbology);
  g_assert_cmpuint (got->page, ==, page);
  g_assert_cmpint (got->width, >, 0);
  g_assert_cmpint (got->height, >, 0);
  g_assert_nonnull (got->code);
  g_assert_cmpstr (got->code->tracking_number, ==, s->tracking);
  if (s->courier != NULL)
    g_assert_true (has_courier (got->code, s->courier));
}

static void
test_images (gconstpointer rules)
{
  if (!have_programs ())
    {
      g_test_skip ("zint or qrencode is not installed (apt install zint qrencode)");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *s = &samples[i];
      g_autofree char *path = sample_path (s);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) symbols = NULL;

      g_test_message ("%s", s->file);
      symbols = mr_barcode_decode_file (path, 0, (MrCarrierRules *) rules, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (symbols->len, ==, 1);
      check_symbol (g_ptr_array_index (symbols, 0), s, 1);
    }
}

/* Black bars on a transparent background whose pixels are black too
 * (RGBA 0,0,0,0), as some label programs write them: read only if the
 * alpha is laid over white. */
static void
test_transparent (gconstpointer rules)
{
  g_autofree char *src = NULL;
  g_autofree char *dst = g_build_filename (workdir, "transparent.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) symbols = NULL;
  cairo_surface_t *in, *out;
  int w, h;

  if (!have_programs ())
    {
      g_test_skip ("zint or qrencode is not installed");
      return;
    }
  src = sample_path (&samples[2]);
  in = cairo_image_surface_create_from_png (src);
  g_assert_cmpint (cairo_surface_status (in), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (in);
  h = cairo_image_surface_get_height (in);
  out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_surface_flush (in);
  for (int y = 0; y < h; y++)
    {
      const guint32 *a =
        (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (in) +
                                           y * cairo_image_surface_get_stride (in));
      guint32 *b = (guint32 *) (gpointer) (cairo_image_surface_get_data (out) +
                                           y * cairo_image_surface_get_stride (out));

      /* Premultiplied black: only the alpha byte, 255 − luminance. */
      for (int x = 0; x < w; x++)
        b[x] = (guint32) (255 - (a[x] & 0xff)) << 24;
    }
  cairo_surface_mark_dirty (out);
  g_assert_cmpint (cairo_surface_write_to_png (out, dst), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (in);
  cairo_surface_destroy (out);

  symbols = mr_barcode_decode_file (dst, 0, (MrCarrierRules *) rules, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (symbols->len, ==, 1);
  check_symbol (g_ptr_array_index (symbols, 0), &samples[2], 1);
}

/* Two A4 pages: every sample on page 1 at about label size, the first
 * three again on page 2. */
static char *
make_pdf (void)
{
  g_autofree char *path = g_build_filename (workdir, "sheet.pdf", NULL);
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 595.276, 841.89);
  cairo_t *cr = cairo_create (pdf);
  double x = 36, y = 36, row_height = 0;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *png = sample_path (&samples[i]);
      cairo_surface_t *image = cairo_image_surface_create_from_png (png);
      double w = cairo_image_surface_get_width (image);
      double h = cairo_image_surface_get_height (image);
      /* zint draws 2 pixels a module: half a point a pixel makes
       * modules of 0.35 mm, a usual label size. */
      double scale = 0.5;

      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      if (x + w * scale > 560)
        {
          x = 36;
          y += row_height + 24;
          row_height = 0;
        }
      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_paint (cr);
      cairo_restore (cr);
      x += w * scale + 24;
      row_height = MAX (row_height, h * scale);
      cairo_surface_destroy (image);
    }
  cairo_show_page (cr);
  y = 36;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *png = sample_path (&samples[i]);
      cairo_surface_t *image = cairo_image_surface_create_from_png (png);

      cairo_save (cr);
      cairo_translate (cr, 72, y);
      cairo_scale (cr, 0.5, 0.5);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_paint (cr);
      cairo_restore (cr);
      y += cairo_image_surface_get_height (image) * 0.5 + 48;
      cairo_surface_destroy (image);
    }
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  g_assert_cmpint (cairo_surface_status (pdf), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (pdf);
  return g_steal_pointer (&path);
}

static void
test_pdf (gconstpointer rules)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) symbols = NULL;
  gint64 start;
  guint on_page2 = 0;

  if (!have_programs ())
    {
      g_test_skip ("zint or qrencode is not installed");
      return;
    }
  path = make_pdf ();
  start = g_get_monotonic_time ();
  symbols = mr_barcode_decode_file (path, 300, (MrCarrierRules *) rules, NULL, &error);
  g_test_message ("2 pages at 300 dpi: %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_no_error (error);
  for (guint i = 0; i < symbols->len; i++)
    {
      const MrDecodedSymbol *s = g_ptr_array_index (symbols, i);

      g_test_message ("page %u %s %s", s->page, s->symbology, s->text);
      if (s->page == 2)
        on_page2++;
    }
  /* ZBar reports identical symbols on one page once: the rotated copy
   * of the UPS code is not counted twice. */
  g_assert_cmpuint (symbols->len, ==, G_N_ELEMENTS (samples) - 1 + 3);
  g_assert_cmpuint (on_page2, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *s = &samples[i];
      const MrDecodedSymbol *got = NULL;

      g_test_message ("%s", s->file);
      /* The rotated copy has the same text: any page-1 match will do. */
      for (guint j = 0; j < symbols->len && got == NULL; j++)
        {
          const MrDecodedSymbol *c = g_ptr_array_index (symbols, j);

          if (c->page == 1 && strcmp (c->text, s->text) == 0)
            got = c;
        }
      check_symbol (got, s, 1);
    }
  /* Boxes are in page pixels at 300 dpi: inside an A4 page. */
  for (guint i = 0; i < symbols->len; i++)
    {
      const MrDecodedSymbol *s = g_ptr_array_index (symbols, i);

      g_assert_cmpint (s->x, >=, 0);
      g_assert_cmpint (s->x + s->width, <=, 2481);
      g_assert_cmpint (s->y + s->height, <=, 3509);
    }

  /* A lower resolution still reads the larger codes. */
  {
    g_autoptr (GPtrArray) low = mr_barcode_decode_file (path, 150, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (find_text (low, "1Z999AA10123456784"));
  }
}

static void
test_nothing_and_errors (void)
{
  g_autofree char *blank = g_build_filename (workdir, "blank.png", NULL);
  g_autofree char *text = g_build_filename (workdir, "notes.txt", NULL);
  g_autofree char *broken = g_build_filename (workdir, "broken.pdf", NULL);
  g_autofree char *missing = g_build_filename (workdir, "missing.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) symbols = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 100);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, blank), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_true (g_file_set_contents (text, "not an image\n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "%PDF-1.4\ngarbage\n", -1, NULL));

  symbols = mr_barcode_decode_file (blank, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (symbols->len, ==, 0);
  g_clear_pointer (&symbols, g_ptr_array_unref);

  symbols = mr_barcode_decode_file (text, 0, NULL, NULL, &error);
  g_assert_null (symbols);
  g_assert_error (error, MR_BARCODE_DECODE_ERROR, MR_BARCODE_DECODE_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "notes.txt"));
  g_clear_error (&error);

  symbols = mr_barcode_decode_file (broken, 0, NULL, NULL, &error);
  g_assert_null (symbols);
  g_assert_error (error, MR_BARCODE_DECODE_ERROR, MR_BARCODE_DECODE_ERROR_FORMAT);
  g_clear_error (&error);

  symbols = mr_barcode_decode_file (missing, 0, NULL, NULL, &error);
  g_assert_null (symbols);
  g_assert_error (error, MR_BARCODE_DECODE_ERROR, MR_BARCODE_DECODE_ERROR_READ);
  g_clear_error (&error);

  /* A gray buffer with a stride, and an empty one. */
  {
    guint8 pixels[4 * 3];

    memset (pixels, 255, sizeof pixels);
    symbols = mr_barcode_decode_gray (pixels, 3, 3, 4, 1, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (symbols->len, ==, 0);
    g_clear_pointer (&symbols, g_ptr_array_unref);
    symbols = mr_barcode_decode_gray (NULL, 0, 0, 0, 1, NULL, &error);
    g_assert_cmpuint (symbols->len, ==, 0);
  }
}

static void
async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GPtrArray **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = mr_barcode_decode_file_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (gconstpointer rules)
{
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) symbols = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  if (!have_programs ())
    {
      g_test_skip ("zint or qrencode is not installed");
      return;
    }
  path = sample_path (&samples[0]);
  mr_barcode_decode_file_async (path, 0, (MrCarrierRules *) rules, NULL, async_done, &symbols);
  while (symbols == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (symbols->len, ==, 1);
  check_symbol (g_ptr_array_index (symbols, 0), &samples[0], 1);

  /* Cancelled before the first page of a PDF: nothing decoded. */
  g_free (path);
  path = g_build_filename (workdir, "sheet.pdf", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_free (make_pdf ());
  g_cancellable_cancel (cancellable);
  g_assert_null (mr_barcode_decode_file (path, 0, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* mailroom-cli */

static char *
run_cli (int *status, const char *first, ...)
{
  const char *cli = g_getenv ("MAILROOM_CLI");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                NULL, &wait_status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

static JsonArray *
parse_json_array (const char *text, JsonParser *parser)
{
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_node_get_array (json_parser_get_root (parser));
}

static void
test_cli_parse (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonArray *array;
  JsonObject *o, *c;
  int status;

  out = run_cli (&status, "scan", "parse", "--json", "]C142012345\\x1d" IMPB26,
                 "(00)106141412345678907", "hello", NULL);
  g_assert_cmpint (status, ==, 0);
  array = parse_json_array (out, parser);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);

  o = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "input"), ==, "]C142012345" GS IMPB26);
  g_assert_cmpstr (json_object_get_string_member (o, "aim_id"), ==, "]C1");
  g_assert_cmpstr (json_object_get_string_member (o, "aim_symbology"), ==, "GS1-128");
  g_assert_true (json_object_get_boolean_member (o, "gs1"));
  g_assert_cmpstr (json_object_get_string_member (o, "gs1_text"), ==,
                   "(420)12345(92)612903098765432101234564");
  g_assert_cmpstr (json_object_get_string_member (o, "tracking_number"), ==, IMPB26);
  g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "impb");
  g_assert_cmpstr (json_object_get_string_member (o, "check_digit"), ==, "valid");
  g_assert_cmpstr (json_object_get_string_member (o, "postal_code"), ==, "12345");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "elements")), ==, 2);
  c = json_array_get_object_element (json_object_get_array_member (o, "candidates"), 0);
  g_assert_cmpstr (json_object_get_string_member (c, "courier_code"), ==, "usps");
  g_assert_true (json_object_get_boolean_member (c, "verified"));
  g_assert_nonnull (strstr (json_object_get_string_member (c, "tracking_url"), IMPB26));

  o = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "sscc");
  g_assert_cmpstr (json_object_get_string_member (o, "check_digit"), ==, "invalid");
  g_assert_false (json_object_get_null_member (o, "warning"));

  o = json_array_get_object_element (array, 2);
  g_assert_true (json_object_get_null_member (o, "tracking_number"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "candidates")), ==, 0);
  g_free (out);

  /* The table form, and standard input. */
  out = run_cli (&status, "scan", "parse", "]C01Z999AA10123456784", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Code 128 (]C0)"));
  g_assert_nonnull (strstr (out, "Tracking number: 1Z999AA10123456784"));
  g_assert_nonnull (strstr (out, "ups"));
}

static void
test_cli_decode (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *impb = NULL;
  g_autofree char *ups = NULL;
  g_autofree char *missing = g_build_filename (workdir, "missing.png", NULL);
  g_autofree char *out = NULL;
  JsonArray *array, *symbols;
  JsonObject *file, *sym;
  int status;

  if (!have_programs ())
    {
      g_test_skip ("zint or qrencode is not installed");
      return;
    }
  impb = sample_path (&samples[0]);
  ups = sample_path (&samples[2]);
  out = run_cli (&status, "scan", "decode", "--json", impb, ups, NULL);
  g_assert_cmpint (status, ==, 0);
  array = parse_json_array (out, parser);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  file = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (file, "file"), ==, impb);
  g_assert_true (json_object_get_null_member (file, "error"));
  symbols = json_object_get_array_member (file, "symbols");
  g_assert_cmpuint (json_array_get_length (symbols), ==, 1);
  sym = json_array_get_object_element (symbols, 0);
  g_assert_cmpint (json_object_get_int_member (sym, "page"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (sym, "symbology"), ==, "GS1-128");
  g_assert_cmpstr (json_object_get_string_member (sym, "text"), ==, "42012345" GS IMPB26);
  g_assert_cmpstr (json_object_get_string_member (sym, "tracking_number"), ==, IMPB26);
  g_assert_cmpstr (
    json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (sym, "candidates"), 0),
      "courier_code"),
    ==, "usps");

  file = json_array_get_object_element (array, 1);
  sym = json_array_get_object_element (json_object_get_array_member (file, "symbols"), 0);
  g_assert_cmpstr (json_object_get_string_member (sym, "symbology"), ==, "Code 128");
  g_assert_cmpstr (json_object_get_string_member (sym, "tracking_number"), ==,
                   "1Z999AA10123456784");
  g_free (out);

  /* The table form shows GS visibly. */
  out = run_cli (&status, "scan", "decode", impb, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "page 1  GS1-128  42012345<GS>" IMPB26));
  g_assert_nonnull (strstr (out, "USPS IMpb"));
  g_free (out);

  /* A file that cannot be read: status 2, the others still decoded. */
  out = run_cli (&status, "scan", "decode", "--json", missing, ups, NULL);
  g_assert_cmpint (status, ==, 2);
  array = parse_json_array (out, parser);
  g_assert_false (json_object_get_null_member (json_array_get_object_element (array, 0), "error"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (array, 1), "symbols")),
                    ==, 1);
  g_free (out);

  /* Usage errors. */
  out = run_cli (&status, "scan", "decode", NULL);
  g_assert_cmpint (status, ==, 1);
  g_free (out);
  out = run_cli (&status, "scan", "decode", "--dpi", "5", ups, NULL);
  g_assert_cmpint (status, ==, 1);
}

static gboolean
remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  return g_rmdir (path) == 0;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrCarrierRules) rules = NULL;
  const char *keep = g_getenv ("MR_TEST_SCAN_KEEP");
  int status;

  g_test_init (&argc, &argv, NULL);
  rules = mr_carrier_rules_load (BUILD_CARRIERS_DIR, &error);
  g_assert_no_error (error);
  if (keep != NULL && *keep != '\0')
    {
      g_mkdir_with_parents (keep, 0700);
      workdir = g_strdup (keep);
    }
  else
    workdir = g_dir_make_tmp ("mr-scan-XXXXXX", &error);
  g_assert_no_error (error);
  if (have_programs ())
    make_samples ();

  g_test_add_data_func ("/scan-decode/images", rules, test_images);
  g_test_add_data_func ("/scan-decode/transparent", rules, test_transparent);
  g_test_add_data_func ("/scan-decode/pdf", rules, test_pdf);
  g_test_add_func ("/scan-decode/nothing-and-errors", test_nothing_and_errors);
  g_test_add_data_func ("/scan-decode/async", rules, test_async);
  g_test_add_func ("/scan-decode/cli-parse", test_cli_parse);
  g_test_add_func ("/scan-decode/cli-decode", test_cli_decode);
  status = g_test_run ();

  if (keep == NULL || *keep == '\0')
    remove_dir (workdir);
  g_free (workdir);
  return status;
}
