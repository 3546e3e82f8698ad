/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mailroom-cli labels, run as a program: the stock list (table and
 * JSON), rendering packages named by id or received today, a CSV of
 * carrier codes to several PNG pages, layouts saved and chosen by default,
 * and usage and data errors with their exit statuses. Codes are read back
 * with zbarimg. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-store.h"

static char *tmpdir;
static char *db;

typedef struct
{
  int status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* mailroom-cli --db DB ARGS… */
static void
cli (Result *r, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MAILROOM_CLI"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, db);
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (tmpdir, (char **) argv->pdata, NULL, 0, NULL, NULL, &r->out, &r->err,
                     &wait_status, &error))
    g_error ("mailroom-cli: %s", error->message);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  g_test_message ("exit %d\n%s%s", r->status, r->out, r->err);
}

static char *
zbar (const char *png)
{
  const char *argv[] = { "zbarimg", "--nodbus", "-q", png, NULL };
  g_autofree char *out = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, NULL))
    return NULL;
  return g_steal_pointer (&out);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
have_zbar (void)
{
  g_autofree char *path = g_find_program_in_path ("zbarimg");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");

  if (path == NULL || pdftoppm == NULL)
    {
      g_test_skip ("zbarimg or pdftoppm is missing (apt-get install zbar-tools poppler-utils)");
      return FALSE;
    }
  return TRUE;
}

static void
test_templates (void)
{
  g_auto (Result) r = { 0 };
  g_autoptr (JsonNode) root = NULL;
  JsonArray *array;
  gboolean seen_thermal = FALSE;

  cli (&r, "labels", "templates", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), >, 5);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (strcmp (json_object_get_string_member (o, "id"), "Thermal 4x6in") == 0)
        {
          seen_thermal = TRUE;
          g_assert_true (json_object_get_boolean_member (o, "roll"));
          g_assert_cmpint (json_object_get_int_member (o, "labels_per_page"), ==, 1);
          g_assert_cmpfloat (json_object_get_double_member (o, "width_mm"), ==, 101.6);
        }
    }
  g_assert_true (seen_thermal);
  result_clear (&r);

  /* A search in words, and the table's header. */
  cli (&r, "labels", "templates", "avery", "5163", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Avery 5163"));
  g_assert_nonnull (strstr (r.out, "Per page"));
  g_assert_null (strstr (r.out, "Thermal"));
}

/* A package received now, through the store, for --all-today. */
static char *
receive_package (const char *tracking)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = mr_store_open (db, &error);
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  char *id = NULL;

  g_assert_no_error (error);
  g_variant_dict_insert (&d, "tracking_number", "s", tracking);
  g_variant_dict_insert (&d, "carrier", "s", "UPS");
  g_assert_true (mr_store_apply (store, "package.receive", g_variant_dict_end (&d), &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_render_packages (void)
{
  g_auto (Result) r = { 0 };
  g_autofree char *a = receive_package ("1Z999AA10123456784");
  g_autofree char *b = receive_package ("9400111899223100012348");
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *zpl = NULL;
  g_autofree char *png = NULL;
  g_autofree char *decoded = NULL;
  JsonObject *o;

  if (!have_zbar ())
    return;
  /* One package by id, to PNG (the format from the file name). */
  cli (&r, "labels", "render", a, "--output", "one.png", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "png");
  g_assert_cmpint (json_object_get_int_member (o, "labels"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "template_id"), ==, "Thermal 4x6in");
  png = g_build_filename (tmpdir, "one.png", NULL);
  decoded = zbar (png);
  g_assert_nonnull (strstr (decoded, "CODE-128:1Z999AA10123456784\n"));
  g_assert_nonnull (strstr (decoded, "QR-Code:MR-"));
  result_clear (&r);

  /* Every package received today, as ZPL for a 203 dpi printer. */
  cli (&r, "labels", "render", "--all-today", "--format", "zpl", "-o", "today.zpl", "--copies", "2",
       NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autofree char *path = g_build_filename (tmpdir, "today.zpl", NULL);
    g_auto (GStrv) formats = NULL;

    g_assert_true (g_file_get_contents (path, &zpl, NULL, NULL));
    formats = g_strsplit (zpl, "^XA", -1);
    g_assert_cmpuint (g_strv_length (formats) - 1, ==, 2);
    g_assert_nonnull (strstr (zpl, "^FD1Z999AA10123456784^FS"));
    g_assert_nonnull (strstr (zpl, "^FD9400111899223100012348^FS"));
    g_assert_nonnull (strstr (zpl, "^PQ2\n"));
    g_assert_nonnull (strstr (zpl, "^PW812\n"));
  }
  result_clear (&r);

  /* Pickup slips of both, by tracking number, on a sheet, to PDF. */
  cli (&r, "labels", "render", "--kind", "pickup_slip", "--template", "Thermal 4x3in",
       "1z999aa10123456784", "9400 1118 9922 3100 0123 48", "-o", "slips.pdf", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = parse_json (r.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "pages"), ==, 2);
}

static void
test_render_csv (void)
{
  g_auto (Result) r = { 0 };
  g_autofree char *csv = g_build_filename (tmpdir, "codes.csv", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonArray *files;

  if (!have_zbar ())
    return;
  g_file_set_contents (csv, "carrier;code;valid_until\nUPS;CQ-UPS-1;2026-12-31\nDHL;CQ-DHL-2;\n",
                       -1, NULL);
  cli (&r, "labels", "render", "--kind", "carrier_qr", "--csv", "codes.csv", "-o", "codes.png",
       "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  files = json_object_get_array_member (json_node_get_object (root), "files");
  /* Two rolls' worth of pages: codes-1.png and codes-2.png. */
  g_assert_cmpuint (json_array_get_length (files), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = json_array_get_string_element (files, i);
      g_autofree char *path = g_build_filename (tmpdir, name, NULL);
      g_autofree char *decoded = zbar (path);
      g_autofree char *expected =
        g_strdup_printf ("QR-Code:%s\n", i == 0 ? "CQ-UPS-1" : "CQ-DHL-2");

      g_assert_true (g_str_has_suffix (name, i == 0 ? "codes-1.png" : "codes-2.png"));
      g_assert_cmpstr (decoded, ==, expected);
    }
  result_clear (&r);

  /* A single label from values typed on the command line. */
  cli (&r, "labels", "render", "--kind", "carrier_qr", "--field", "code=CQ-X", "--field",
       "carrier=FedEx", "-o", "one-code.pdf", NULL);
  g_assert_cmpint (r.status, ==, 0);
}

static void
test_layouts (void)
{
  g_auto (Result) r = { 0 };
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *id = NULL;
  g_autofree char *def = g_build_filename (tmpdir, "layout.json", NULL);
  JsonArray *array;
  guint found = 0;

  g_file_set_contents (def,
                       "{\"elements\":[{\"type\":\"text\",\"field\":\"number\",\"size\":30},"
                       "{\"type\":\"barcode\",\"field\":\"code\",\"symbology\":\"qr\","
                       "\"beside\":true}]}",
                       -1, NULL);
  cli (&r, "labels", "save-layout", "--kind", "locker_door", "--name", "Big number", "--template",
       "thermal-4x3in", "--definition", "@layout.json", "--default", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  id = g_strdup (json_object_get_string_member (json_node_get_object (root), "id"));
  result_clear (&r);

  cli (&r, "labels", "layouts", "--kind", "locker_door", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = parse_json (r.out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      gboolean is_saved = !json_object_get_null_member (o, "id");

      /* The saved one is the default now, not the built-in one. */
      g_assert_true (json_object_get_boolean_member (o, "is_default") == is_saved);
      if (is_saved)
        {
          g_assert_cmpstr (json_object_get_string_member (o, "template_id"), ==, "Thermal 4x3in");
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 1);
  result_clear (&r);

  /* A broken definition is refused with the element named. */
  cli (&r, "labels", "save-layout", "--kind", "locker_door", "--name", "Bad", "--template",
       "Thermal 4x3in", "--definition",
       "{\"elements\":[{\"type\":\"text\",\"field\":\"tracking\"}]}", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "Element 1"));
  result_clear (&r);

  cli (&r, "labels", "default-layout", "--kind", "locker_door", "--built-in", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  cli (&r, "labels", "delete-layout", "big NUMBER", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (g_strstrip (r.out), ==, id);
}

static void
test_errors (void)
{
  g_auto (Result) r = { 0 };

  /* Usage: exit 1 */
  cli (&r, "labels", "render", "--sample", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "--output"));
  result_clear (&r);
  cli (&r, "labels", "render", "-o", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 1);
  result_clear (&r);
  cli (&r, "labels", "render", "--kind", "parcel", "--sample", "-o", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "parcel"));
  result_clear (&r);
  cli (&r, "labels", "render", "--sample", "--format", "svg", "-o", "x.svg", NULL);
  g_assert_cmpint (r.status, ==, 1);
  result_clear (&r);
  cli (&r, "labels", "render", "--sample", "--template", "Avery 5163", "--start-position", "11",
       "-o", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "1 to 10"));
  result_clear (&r);

  /* Data: exit 2 */
  cli (&r, "labels", "render", "MR-NOSUCH", "-o", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "MR-NOSUCH"));
  result_clear (&r);
  cli (&r, "labels", "render", "--sample", "--template", "Acme 1", "-o", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "Acme 1"));
  result_clear (&r);
  cli (&r, "labels", "render", "--sample", "--template", "custom:30x15mm", "-o", "x.pdf", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, " mm"));
  result_clear (&r);

  /* CUPS that is not there: a clear message, exit 2. */
  g_setenv ("CUPS_SERVER", "127.0.0.1:9", TRUE);
  cli (&r, "labels", "print", "--sample", "--printer", "Nowhere", NULL);
  g_unsetenv ("CUPS_SERVER");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "Nowhere"));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("MAILROOM_CLI") == NULL)
    g_error ("MAILROOM_CLI is not set (run through meson test)");
  tmpdir = g_dir_make_tmp ("mailroom-labels-cli-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "test.db", NULL);
  g_test_add_func ("/labels/cli/templates", test_templates);
  g_test_add_func ("/labels/cli/render-packages", test_render_packages);
  g_test_add_func ("/labels/cli/render-csv", test_render_csv);
  g_test_add_func ("/labels/cli/layouts", test_layouts);
  g_test_add_func ("/labels/cli/errors", test_errors);
  rc = g_test_run ();
  if (rc == 0)
    {
      const char *rm[] = { "rm", "-rf", tmpdir, NULL };

      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                    NULL);
    }
  g_free (db);
  g_free (tmpdir);
  return rc;
}
