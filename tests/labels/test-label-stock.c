/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Label stock: gLabels' real template database parses whole, its sheets
 * have the geometry the vendors print on the box, "equiv" part numbers
 * resolve, and broken files fail with the file and the line. The built-in
 * thermal formats, custom sizes and the fallback sheets are there when
 * gLabels is not. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "mr-label-stock.h"

#define PT_PER_MM (72.0 / 25.4)
#define GLABELS_DIR "/usr/share/libglabels-3.0/templates"

static void
assert_close (double a, double b)
{
  if (fabs (a - b) > 0.01)
    g_error ("%g is not %g", a, b);
}

static void
test_real_database (void)
{
  g_autoptr (MrLabelCatalog) catalog = mr_label_catalog_new ();
  g_autoptr (GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr (GDir) dir = g_dir_open (GLABELS_DIR, 0, NULL);
  guint n_files = 0, n_read;
  const char *name;

  if (dir == NULL)
    {
      g_test_skip ("gLabels' template database is not installed (apt-get install glabels-data)");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    n_files += g_str_has_suffix (name, "-templates.xml") || strcmp (name, "paper-sizes.xml") == 0;

  n_read = mr_label_catalog_add_dir (catalog, GLABELS_DIR, errors);
  for (guint i = 0; i < errors->len; i++)
    g_test_message ("%s", ((GError *) errors->pdata[i])->message);
  /* Every file of the real database, none refused. */
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (n_read, ==, n_files);
  /* glabels-data 3.4 has about 1,700 templates and equivalents. */
  g_assert_cmpuint (mr_label_catalog_get_n_stocks (catalog), >, 1000);
}

static MrLabelCatalog *
real_catalog (void)
{
  MrLabelCatalog *catalog = mr_label_catalog_new ();

  if (mr_label_catalog_add_dir (catalog, GLABELS_DIR, NULL) == 0)
    mr_label_catalog_add_fallback_sheets (catalog);
  return catalog;
}

/* The sheets every office knows, checked against their boxes. */
static void
test_known_sheets (void)
{
  g_autoptr (MrLabelCatalog) catalog = real_catalog ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLabelStock) avery5160 = NULL;
  g_autoptr (MrLabelStock) equiv = NULL;
  g_autoptr (MrLabelStock) l7163 = NULL;
  double x, y;

  /* Avery 5160: 30 address labels, 2 5/8 × 1 in, on US Letter. */
  avery5160 = mr_label_catalog_lookup (catalog, "avery-5160", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (avery5160->id, ==, "Avery 5160");
  g_assert_cmpuint (mr_label_stock_get_n_labels (avery5160), ==, 30);
  assert_close (avery5160->width, 2.625 * 72);
  assert_close (avery5160->height, 72);
  assert_close (avery5160->page_width, 8.5 * 72);
  assert_close (avery5160->page_height, 11 * 72);
  g_assert_false (avery5160->is_roll);
  /* Print order: along the first row, then down. */
  mr_label_stock_get_origin (avery5160, 0, &x, &y);
  assert_close (x, 0.15625 * 72);
  assert_close (y, 0.5 * 72);
  mr_label_stock_get_origin (avery5160, 1, &x, &y);
  assert_close (x, (0.15625 + 2.78125) * 72);
  assert_close (y, 0.5 * 72);
  mr_label_stock_get_origin (avery5160, 3, &x, &y);
  assert_close (x, 0.15625 * 72);
  assert_close (y, 1.5 * 72);
  mr_label_stock_get_origin (avery5160, 29, &x, &y);
  assert_close (y, 9.5 * 72);

  /* "equiv": the same geometry under another part number. */
  equiv = mr_label_catalog_lookup (catalog, "Avery 5260", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (equiv->part, ==, "5260");
  g_assert_cmpuint (mr_label_stock_get_n_labels (equiv), ==, 30);
  assert_close (equiv->width, avery5160->width);

  /* Avery L7163: 14 per A4 sheet, 99.1 × 38.1 mm. */
  l7163 = mr_label_catalog_lookup (catalog, "AVERY L7163", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mr_label_stock_get_n_labels (l7163), ==, 14);
  assert_close (l7163->page_width, 210 * PT_PER_MM);
  g_assert_cmpfloat (fabs (l7163->width / PT_PER_MM - 99.1), <, 0.1);
}

static void
test_rolls_and_shapes (void)
{
  g_autoptr (MrLabelCatalog) catalog = real_catalog ();
  g_autoptr (GPtrArray) all = mr_label_catalog_list (catalog);
  guint rolls = 0, rounds = 0, sheets_with_two_grids = 0;

  for (guint i = 0; i < all->len; i++)
    {
      MrLabelStock *s = all->pdata[i];

      rolls += s->is_roll && !s->built_in;
      rounds += s->shape == MR_LABEL_SHAPE_ROUND || s->shape == MR_LABEL_SHAPE_CD;
      sheets_with_two_grids += s->n_grids > 1;
      g_assert_cmpuint (mr_label_stock_get_n_labels (s), >=, 1);
      g_assert_cmpfloat (s->width, >, 0);
    }
  if (!g_file_test (GLABELS_DIR, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("gLabels' template database is not installed");
      return;
    }
  /* Brother DK and DYMO rolls, round stickers and CD labels, and sheets
   * with two grids (CD + spine labels) are all in the database. */
  g_assert_cmpuint (rolls, >, 10);
  g_assert_cmpuint (rounds, >, 10);
  g_assert_cmpuint (sheets_with_two_grids, >, 0);
}

static void
test_builtin_thermal (void)
{
  g_autoptr (MrLabelCatalog) catalog = mr_label_catalog_new ();
  static const struct
  {
    const char *id;
    double w_mm, h_mm;
  } thermal[] = {
    { "Thermal 4x6in", 101.6, 152.4 },       { "Thermal 4x3in", 101.6, 76.2 },
    { "Thermal 2.25x1.25in", 57.15, 31.75 }, { "Thermal 62x29mm", 62, 29 },
    { "Thermal 102x152mm", 102, 152 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (thermal); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MrLabelStock) s = mr_label_catalog_lookup (catalog, thermal[i].id, &error);

      g_assert_no_error (error);
      g_assert_true (s->is_roll);
      g_assert_true (s->built_in);
      g_assert_cmpuint (mr_label_stock_get_n_labels (s), ==, 1);
      assert_close (s->width / PT_PER_MM, thermal[i].w_mm);
      assert_close (s->height / PT_PER_MM, thermal[i].h_mm);
      assert_close (s->page_width, s->width);
      assert_close (s->page_height, s->height);
    }
}

static void
test_custom_sizes (void)
{
  g_autoptr (MrLabelCatalog) catalog = mr_label_catalog_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLabelStock) mm = mr_label_catalog_lookup (catalog, "custom:100x50mm", &error);
  g_autoptr (MrLabelStock) in = NULL;
  g_autoptr (MrLabelStock) bad = NULL;
  double w, h;

  g_assert_no_error (error);
  assert_close (mm->width, 100 * PT_PER_MM);
  assert_close (mm->height, 50 * PT_PER_MM);
  g_assert_true (mm->is_roll);
  in = mr_label_catalog_lookup (catalog, "custom:4 x 2 in", &error);
  g_assert_no_error (error);
  assert_close (in->width, 288);
  assert_close (in->height, 144);

  bad = mr_label_catalog_lookup (catalog, "custom:100 by 50", &error);
  g_assert_null (bad);
  g_assert_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_INVALID);
  g_clear_error (&error);
  /* Smaller than 5 mm is not a label. */
  g_assert_false (mr_label_parse_size ("2x2mm", &w, &h));
  g_assert_true (mr_label_parse_size ("62×29mm", &w, &h));
  assert_close (w, 62 * PT_PER_MM);

  g_assert_null (mr_label_catalog_lookup (catalog, "Nobody 0000", &error));
  g_assert_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nobody 0000"));
}

static void
test_fallback_sheets (void)
{
  g_autoptr (MrLabelCatalog) catalog = mr_label_catalog_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLabelStock) s = NULL;

  /* Without gLabels: only the thermal formats… */
  g_assert_null (mr_label_catalog_lookup (catalog, "Avery 5163", NULL));
  /* …and with the fallback, the common sheets. */
  mr_label_catalog_add_fallback_sheets (catalog);
  s = mr_label_catalog_lookup (catalog, "Avery 5163", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mr_label_stock_get_n_labels (s), ==, 10);
  g_assert_true (s->built_in);
  g_clear_pointer (&s, mr_label_stock_unref);
  s = mr_label_catalog_lookup (catalog, "Avery L7160", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mr_label_stock_get_n_labels (s), ==, 21);
}

typedef struct
{
  const char *xml;
  int line;
  const char *needle; /* in the message */
} Broken;

static void
test_broken_files (void)
{
  static const Broken cases[] = {
    /* Not XML at all: GMarkup's error, with our file:line prefix */
    { "<Glabels-templates>\n<Template brand=\"A\" part=\"1\" size=\"A4\">\n</Glabels-templates>\n",
      3, NULL },
    /* A missing attribute */
    { "<Glabels-templates>\n<Template brand=\"A\" size=\"A4\">\n</Template>\n</Glabels-templates>",
      2, "part" },
    /* A length that is not one */
    { "<Glabels-templates>\n<Template brand=\"A\" part=\"1\" size=\"A4\">\n"
      "<Label-rectangle id=\"0\" width=\"wide\" height=\"1in\">\n",
      3, "wide" },
    /* An unknown paper size */
    { "<Glabels-templates>\n\n<Template brand=\"A\" part=\"1\" size=\"Papyrus\">\n", 3, "Papyrus" },
    /* Zero labels across */
    { "<Glabels-templates>\n<Template brand=\"A\" part=\"1\" size=\"A4\">\n"
      "<Label-rectangle id=\"0\" width=\"1in\" height=\"1in\">\n"
      "<Layout nx=\"0\" ny=\"3\" x0=\"0\" y0=\"0\" dx=\"1in\" dy=\"1in\"/>\n",
      4, "nx" },
    /* A hostile number of labels */
    { "<Glabels-templates>\n<Template brand=\"A\" part=\"1\" size=\"A4\">\n"
      "<Label-rectangle id=\"0\" width=\"1in\" height=\"1in\">\n"
      "<Layout nx=\"2000\" ny=\"2000\" x0=\"0\" y0=\"0\" dx=\"1\" dy=\"1\"/>\n",
      4, "2000" },
    /* A template without a layout */
    { "<Glabels-templates>\n<Template brand=\"A\" part=\"1\" size=\"A4\">\n"
      "<Label-rectangle id=\"0\" width=\"1in\" height=\"1in\">\n</Label-rectangle>\n"
      "</Template>\n",
      5, "Layout" },
    /* Not UTF-8 */
    { "<Glabels-templates>\n<Template brand=\"\xe9\" part=\"1\" size=\"A4\"/>\n", 2, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MrLabelCatalog) catalog = mr_label_catalog_new ();
      guint before = mr_label_catalog_get_n_stocks (catalog);
      g_autoptr (GError) error = NULL;
      g_autofree char *prefix = g_strdup_printf ("broken-templates.xml:%d: ", cases[i].line);

      g_test_message ("case %u", i);
      g_assert_false (
        mr_label_catalog_parse (catalog, "broken-templates.xml", cases[i].xml, -1, &error));
      g_assert_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_PARSE);
      g_test_message ("%s", error->message);
      /* The file and the line, like a compiler. */
      g_assert_true (g_str_has_prefix (error->message, prefix));
      if (cases[i].needle != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].needle));
      /* Nothing of a broken file is added. */
      g_assert_cmpuint (mr_label_catalog_get_n_stocks (catalog), ==, before);
    }
}

/* A broken file in a folder is skipped and reported; the others load. */
static void
test_broken_file_in_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mailroom-templates-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "good-templates.xml", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad-templates.xml", NULL);
  g_autoptr (MrLabelCatalog) catalog = mr_label_catalog_new ();
  g_autoptr (GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr (MrLabelStock) s = NULL;
  const char *msg;

  g_assert_no_error (error);
  g_file_set_contents (good,
                       "<Glabels-templates><Template brand=\"Acme\" part=\"7\" size=\"A4\" "
                       "description=\"Tags\"><Label-round id=\"0\" radius=\"10mm\">"
                       "<Layout nx=\"4\" ny=\"5\" x0=\"10mm\" y0=\"10mm\" dx=\"25mm\" "
                       "dy=\"25mm\"/></Label-round></Template></Glabels-templates>",
                       -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bad, "<Glabels-templates>\n<Template\n", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (mr_label_catalog_add_dir (catalog, dir, errors), ==, 1);
  g_assert_cmpuint (errors->len, ==, 1);
  msg = ((GError *) errors->pdata[0])->message;
  g_assert_true (g_str_has_prefix (msg, bad));
  g_assert_nonnull (strstr (msg, "bad-templates.xml:"));
  s = mr_label_catalog_lookup (catalog, "Acme 7", &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->shape, ==, MR_LABEL_SHAPE_ROUND);
  g_assert_cmpuint (mr_label_stock_get_n_labels (s), ==, 20);
  assert_close (s->width, 20 * PT_PER_MM);

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/labels/stock/real-database", test_real_database);
  g_test_add_func ("/labels/stock/known-sheets", test_known_sheets);
  g_test_add_func ("/labels/stock/rolls-and-shapes", test_rolls_and_shapes);
  g_test_add_func ("/labels/stock/builtin-thermal", test_builtin_thermal);
  g_test_add_func ("/labels/stock/custom-sizes", test_custom_sizes);
  g_test_add_func ("/labels/stock/fallback-sheets", test_fallback_sheets);
  g_test_add_func ("/labels/stock/broken-files", test_broken_files);
  g_test_add_func ("/labels/stock/broken-file-in-dir", test_broken_file_in_dir);
  return g_test_run ();
}
