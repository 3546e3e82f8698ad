/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The label print window and the layout editor: today's packages on a
 * thermal roll, a layout that does not fit a label (said, and printing
 * disabled), a saved sheet layout with a starting position and copies
 * paginating the preview, GtkPrintOperation exporting the pages to a PDF
 * whose barcodes decode, and a layout edited and saved as the default.
 * With MAILROOM_SCREENSHOT_DIR set, it saves screenshots there
 * (label-print-LANG.png, label-layout-editor-LANG.png, …). */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "labels/mr-label-layout-editor.h"
#include "labels/mr-label-print-window.h"
#include "mr-label-layouts.h"

static const char *tracking[] = { "1Z999AA10123456784", "9400111899223100012348",
                                  "1Z4RW6520321475560" };

typedef struct
{
  char *dir;
  MrStore *store;
} Fixture;

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
apply (MrStore *store, const char *mutation, GVariantDict *d, char **out_id)
{
  g_autoptr (GError) error = NULL;

  mr_store_apply (store, mutation, g_variant_dict_end (d), out_id, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contact = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  f->dir = g_dir_make_tmp ("mailroom-label-print-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (path, &error);
  g_assert_no_error (error);
  g_variant_dict_insert (&d, "first_name", "s", "Ada");
  g_variant_dict_insert (&d, "last_name", "s", "Lovelace");
  apply (f->store, "contact.create", &d, &contact);
  for (guint i = 0; i < G_N_ELEMENTS (tracking); i++)
    {
      g_variant_dict_init (&d, NULL);
      g_variant_dict_insert (&d, "tracking_number", "s", tracking[i]);
      g_variant_dict_insert (&d, "carrier", "s", "UPS");
      g_variant_dict_insert (&d, "recipient_id", "s", contact);
      apply (f->store, "package.receive", &d, NULL);
    }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  const char *rm[] = { "rm", "-rf", f->dir, NULL };

  g_clear_object (&f->store);
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (f->dir);
}

static GtkWidget *
open_window (Fixture *f)
{
  GtkWidget *window = mr_label_print_window_new (f->store, "package", NULL);

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  iterate (200);
  return window;
}

static GtkWidget *
find_label_with (GtkWidget *root, const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), needle) != NULL)
        return child;
      if ((found = find_label_with (child, needle)) != NULL)
        return found;
    }
  return NULL;
}

static void
save_screenshot (GtkWidget *window, const char *name)
{
  const char *dir = g_getenv ("MAILROOM_SCREENSHOT_DIR");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *lang = g_getenv ("LANGUAGE");
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

  if (dir == NULL)
    return;
  iterate (300);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_strdup_printf ("%s/%s-%s.png", dir, name, lang ? lang : "en");
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Today's packages on the built-in layout: a 4 × 6 in roll, one label a
 * page; on a sheet too small for that layout, a clear message. */
static void
test_roll_and_too_small (Fixture *f, gconstpointer data)
{
  GtkWidget *window = open_window (f);
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (window);
  MrLabelJob *job = mr_label_print_window_get_job (self);

  g_assert_nonnull (job);
  g_assert_cmpstr (mr_label_job_get_stock (job)->id, ==, "Thermal 4x6in");
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 3);
  g_assert_cmpuint (mr_label_job_get_n_pages (job), ==, 3);

  /* The next page of the preview, with Page Down's action */
  g_assert_true (gtk_widget_activate_action (window, "labels.next-page", NULL));
  g_assert_cmpuint (mr_label_print_window_get_page (self), ==, 1);
  save_screenshot (window, "label-print-roll");

  /* 62 × 29 mm is too small for the whole package layout. */
  g_assert_true (mr_label_print_window_select_stock (self, "Thermal 62x29mm"));
  iterate (50);
  g_assert_null (mr_label_print_window_get_job (self));
  g_assert_nonnull (find_label_with (window, "mm"));
  g_assert_false (gtk_widget_activate_action (window, "labels.print", NULL) &&
                  mr_label_print_window_get_job (self) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A saved default layout for sheets: it brings its stock; the first 8
 * labels of the sheet are used, each label twice: 6 labels, 2 on the
 * first sheet and 4 on the second. Printed through GtkPrintOperation. */
static void
test_sheet_start_copies_print (Fixture *f, gconstpointer data)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  GtkWidget *window;
  MrLabelPrintWindow *self;
  MrLabelJob *job;
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *zbar_path = g_find_program_in_path ("zbarimg");
  g_autofree char *ppm_path = g_find_program_in_path ("pdftoppm");

  g_variant_dict_insert (&d, "kind", "s", "package");
  g_variant_dict_insert (&d, "name", "s", "Sheet");
  g_variant_dict_insert (&d, "template_id", "s", "Avery 5163");
  g_variant_dict_insert (
    &d, "definition", "s",
    "{\"elements\":[{\"type\":\"text\",\"field\":\"recipient\",\"size\":12,\"bold\":true},"
    "{\"type\":\"barcode\",\"field\":\"tracking_number\",\"symbology\":\"code128\","
    "\"module\":0.25,\"height\":10},{\"type\":\"text\",\"field\":\"internal_id\",\"size\":9}]}");
  g_variant_dict_insert (&d, "is_default", "b", TRUE);
  apply (f->store, "label_layout.create", &d, NULL);

  window = open_window (f);
  self = MR_LABEL_PRINT_WINDOW (window);
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_cmpstr (mr_label_job_get_layout (job)->name, ==, "Sheet");
  g_assert_cmpstr (mr_label_job_get_stock (job)->id, ==, "Avery 5163");
  g_assert_cmpuint (mr_label_job_get_n_pages (job), ==, 1);

  mr_label_print_window_set_start_position (self, 9);
  mr_label_print_window_set_copies (self, 2);
  iterate (50);
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_cmpuint (mr_label_job_get_start_position (job), ==, 9);
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 6);
  g_assert_cmpuint (mr_label_job_get_n_pages (job), ==, 2);
  save_screenshot (window, "label-print");

  pdf = g_build_filename (f->dir, "printed.pdf", NULL);
  g_assert_true (mr_label_print_window_export (self, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));

  if (zbar_path != NULL && ppm_path != NULL)
    {
      g_autofree char *out1 = NULL, *out2 = NULL;
      g_autofree char *page1 = NULL, *page2 = NULL;
      const char *raster[] = { "pdftoppm", "-r", "300", "-png", pdf, NULL, NULL };

      prefix = g_build_filename (f->dir, "page", NULL);
      raster[5] = prefix;
      g_assert_true (g_spawn_sync (NULL, (char **) raster, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   NULL, NULL, NULL, &error));
      page1 = g_strconcat (prefix, "-1.png", NULL);
      page2 = g_strconcat (prefix, "-2.png", NULL);
      g_assert_true (g_file_test (page2, G_FILE_TEST_EXISTS));
      {
        const char *z1[] = { "zbarimg", "--nodbus", "-q", page1, NULL };
        const char *z2[] = { "zbarimg", "--nodbus", "-q", page2, NULL };

        g_spawn_sync (NULL, (char **) z1, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out1, NULL, NULL, NULL);
        g_spawn_sync (NULL, (char **) z2, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out2, NULL, NULL, NULL);
      }
      /* Positions 9 and 10: the first package twice; the second sheet:
       * the other two, twice each. */
      g_assert_cmpstr (out1, ==, "CODE-128:1Z999AA10123456784\n");
      g_assert_nonnull (strstr (out2, tracking[1]));
      g_assert_nonnull (strstr (out2, tracking[2]));
      g_assert_null (strstr (out2, tracking[0]));
    }
  else
    g_test_message ("zbarimg or pdftoppm missing: the PDF is not read back");

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name)) != NULL)
        return found;
    }
  return NULL;
}

static MrLabelLayoutEditor *
find_editor (void)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (MR_IS_LABEL_LAYOUT_EDITOR (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* The built-in package layout edited: its first barcode printed as a
 * Data Matrix, saved under a name as the default; the print window then
 * prints with it. */
static void
test_edit_layout (Fixture *f, gconstpointer data)
{
  GtkWidget *window = open_window (f);
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (window);
  MrLabelLayoutEditor *editor;
  MrLabelLayout *edited;
  MrLabelJob *job;
  GtkWidget *element, *type_row, *name_row;
  g_autoptr (GVariant) saved = NULL;
  g_autofree char *element_name = NULL;
  guint barcode = G_MAXUINT;
  const char *saved_id = NULL;

  g_assert_true (gtk_widget_activate_action (window, "labels.edit-layout", NULL));
  iterate (300);
  editor = find_editor ();
  g_assert_nonnull (editor);
  edited = mr_label_layout_editor_get_layout (editor);
  g_assert_null (edited->id);
  for (guint i = 0; i < edited->elements->len && barcode == G_MAXUINT; i++)
    if (((MrLabelElement *) edited->elements->pdata[i])->is_barcode)
      barcode = i;
  g_assert_cmpuint (barcode, <, edited->elements->len);

  /* The barcode's row, its "Printed as" choice: Data Matrix. */
  element_name = g_strdup_printf ("element-%u", barcode);
  element = find_named (GTK_WIDGET (editor), element_name);
  g_assert_nonnull (element);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (element), TRUE);
  type_row = find_named (element, "type");
  g_assert_nonnull (type_row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (type_row), 1 + MR_BARCODE_DATAMATRIX);
  g_assert_true (((MrLabelElement *) edited->elements->pdata[barcode])->is_barcode);
  g_assert_cmpint (((MrLabelElement *) edited->elements->pdata[barcode])->symbology, ==,
                   MR_BARCODE_DATAMATRIX);
  name_row = find_named (GTK_WIDGET (editor), "layout-name");
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Data Matrix");
  iterate (100);
  save_screenshot (GTK_WIDGET (editor), "label-layout-editor");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  iterate (200);
  g_assert_null (find_editor ());

  /* Saved through the store, as the default, and printing with it. */
  saved = mr_store_get_default_label_layout (f->store, "package");
  g_assert_nonnull (saved);
  g_variant_lookup (saved, "id", "&s", &saved_id);
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_cmpstr (mr_label_job_get_layout (job)->id, ==, saved_id);
  g_assert_cmpstr (mr_label_job_get_layout (job)->name, ==, "Data Matrix");
  g_assert_cmpint (
    ((MrLabelElement *) mr_label_job_get_layout (job)->elements->pdata[barcode])->symbology, ==,
    MR_BARCODE_DATAMATRIX);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();
  g_test_add ("/labels/print-window/roll-and-too-small", Fixture, NULL, fixture_set_up,
              test_roll_and_too_small, fixture_tear_down);
  g_test_add ("/labels/print-window/sheet-start-copies-print", Fixture, NULL, fixture_set_up,
              test_sheet_start_copies_print, fixture_tear_down);
  g_test_add ("/labels/print-window/edit-layout", Fixture, NULL, fixture_set_up, test_edit_layout,
              fixture_tear_down);
  return g_test_run ();
}
