/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The label print window and the layout editor: today's packages on a
 * thermal roll, a layout that does not fit a label (said, and printing
 * disabled), a saved sheet layout with a starting position and copies
 * paginating the preview, GtkPrintOperation exporting the pages to a PDF
 * whose barcodes decode, and a layout edited and saved as the default.
 * Each source of data: packages found by number or passed in, pickup
 * slips of what awaits pickup, every door and shelf of a locker bank
 * printed in one job (the PDF decoded back), assets from a CSV file; the
 * sample only when there is nothing to print.
 * With MAILROOM_SCREENSHOT_DIR set, it saves screenshots there
 * (label-print-sheet-LANG.png, label-print-thermal-LANG.png,
 * label-layout-editor-LANG.png). */
#include "mr-test-display.h"
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "labels/mr-label-layout-editor.h"
#include "labels/mr-label-print-window.h"
#include "mr-label-layouts.h"
#include "mr-label-records.h"
#include "mr-lockers.h"

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
      /* A millisecond apart, so today's packages come in this order (in
       * the same millisecond, their random internal IDs decide). */
      g_variant_dict_insert (&d, "at", "x",
                             g_get_real_time () / 1000 - (gint64) G_N_ELEMENTS (tracking) + i);
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

/* Whether the interface is translated to French now: the catalogue is
 * built with the program, and the tests run in both languages. */
static gboolean
speaks_french (void)
{
  return g_strcmp0 (_ ("Print Labels"), "Print Labels") != 0;
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  return out;
}

static gboolean
have_tools (const char *const *tools)
{
  for (guint i = 0; tools[i]; i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i]);

      if (path == NULL)
        {
          g_autofree char *msg =
            g_strdup_printf ("%s is missing: the PDF is not read back", tools[i]);

          g_test_message ("%s", msg);
          return FALSE;
        }
    }
  return TRUE;
}

static guint
count_occurrences (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
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
  g_assert_cmpint (mr_label_print_window_get_source (self), ==, MR_LABEL_PRINT_SOURCE_TODAY);
  g_assert_false (mr_label_print_window_is_sample (self));
  g_assert_cmpstr (mr_label_job_get_stock (job)->id, ==, "Thermal 4x6in");
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 3);
  g_assert_cmpuint (mr_label_job_get_n_pages (job), ==, 3);
  /* The size in the user's way of writing numbers; inches as "in". */
  g_assert_nonnull (find_label_with (window, speaks_french ()
                                               ? "101,6 × 152,4 mm (4,00 × 6,00 in)"
                                               : "101.6 × 152.4 mm (4.00 × 6.00 in)"));

  /* The next page of the preview, with Page Down's action */
  g_assert_true (gtk_widget_activate_action (window, "labels.next-page", NULL));
  g_assert_cmpuint (mr_label_print_window_get_page (self), ==, 1);
  save_screenshot (window, "label-print-thermal");

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

  /* Named the way its user would, in their language: a saved layout's
   * name is data, printed as typed. */
  const char *name = speaks_french () ? "Planche Avery 5163" : "Avery 5163 sheet";

  g_variant_dict_insert (&d, "kind", "s", "package");
  g_variant_dict_insert (&d, "name", "s", name);
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
  g_assert_cmpstr (mr_label_job_get_layout (job)->name, ==, name);
  g_assert_cmpstr (mr_label_job_get_stock (job)->id, ==, "Avery 5163");
  g_assert_nonnull (find_label_with (window, speaks_french ()
                                               ? "101,6 × 50,8 mm (4,00 × 2,00 in)"
                                               : "101.6 × 50.8 mm (4.00 × 2.00 in)"));
  g_assert_cmpuint (mr_label_job_get_n_pages (job), ==, 1);

  mr_label_print_window_set_start_position (self, 9);
  mr_label_print_window_set_copies (self, 2);
  iterate (50);
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_cmpuint (mr_label_job_get_start_position (job), ==, 9);
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 6);
  g_assert_cmpuint (mr_label_job_get_n_pages (job), ==, 2);
  save_screenshot (window, "label-print-sheet");

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
  /* The module size written the user's way, and read back typed so
   * (a Data Matrix starts at 0.5 mm modules). */
  {
    GtkWidget *module = find_named (element, "module");

    g_assert_nonnull (module);
    g_assert_cmpfloat_with_epsilon (
      ((MrLabelElement *) edited->elements->pdata[barcode])->module_mm, 0.5, 1e-9);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (module)), ==,
                     speaks_french () ? "0,50" : "0.50");
    gtk_editable_set_text (GTK_EDITABLE (module), speaks_french () ? "0,6" : "0.6");
    gtk_spin_button_update (GTK_SPIN_BUTTON (module));
    g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (module)), 0.6,
                                    1e-9);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (module)), ==,
                     speaks_french () ? "0,60" : "0.60");
  }
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

static GtkWidget *
find_with_data (GtkWidget *root, const char *key)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_object_get_data (G_OBJECT (child), key) != NULL)
        return child;
      if ((found = find_with_data (child, key)) != NULL)
        return found;
    }
  return NULL;
}

/* Makes a bank of two columns of three doors, the first two doors of
 * the second column loaded from behind; returns its id. */
static char *
create_bank (MrStore *store, const char *name, const char *layout)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  char *id = NULL;

  g_variant_dict_insert (&d, "name", "s", name);
  g_variant_dict_insert (&d, "layout", "s", layout);
  apply (store, "locker_bank.create", &d, &id);
  return id;
}

#define TWO_COLUMNS                                                                        \
  "{\"columns\":[{\"doors\":[\"S\",\"M\",\"L\"]},{\"doors\":[{\"size\":\"M\",\"loading\":" \
  "\"rear\"},{\"size\":\"M\",\"loading\":\"rear\"},\"L\"]}]}"

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* What Data Matrix codes the pages of @pdf hold, one sorted line each. */
static char *
decode_datamatrix_pages (const char *dir, const char *pdf, guint n_pages)
{
  g_autofree char *prefix = g_build_filename (dir, "door", NULL);
  const char *raster[] = { "pdftoppm", "-r", "200", "-png", pdf, prefix, NULL };
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ignored = run_tool (raster);
  GString *all = g_string_new (NULL);

  for (guint i = 1; i <= n_pages; i++)
    {
      g_autofree char *png = g_strdup_printf ("%s-%u.png", prefix, i);
      const char *read[] = { "dmtxread", "-n", "-N1", "-m", "20000", png, NULL };
      g_autofree char *out = NULL;

      g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
      out = run_tool (read);
      g_ptr_array_add (codes, g_strdup (g_strstrip (out)));
    }
  g_ptr_array_sort (codes, compare_strings);
  for (guint i = 0; i < codes->len; i++)
    g_string_append_printf (all, "%s\n", (char *) codes->pdata[i]);
  return g_string_free (all, FALSE);
}

/* The doors (or the rear-loading ones) of a bank, as the codes printed
 * on their labels: their ids, sorted. */
static char *
door_codes (MrStore *store, const char *bank_id, gboolean rear_only)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLockerMap) map = mr_locker_map_load (store, bank_id, &error);
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  GString *all = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < map->doors->len; i++)
    {
      MrLockerDoor *door = &g_array_index (map->doors, MrLockerDoor, i);

      if (!rear_only || door->rear_loading)
        g_ptr_array_add (ids, door->id);
    }
  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (all, "%s\n", (char *) ids->pdata[i]);
  return g_string_free (all, FALSE);
}

/* Locker doors: with no bank, the sample and why; then every door of
 * the bank chosen in the window, in one job, exported through the print
 * operation and read back (a Data Matrix per door holding its id, the
 * bank's name on each label); the shelves: only its rear-loading doors;
 * a bank without any: the sample again. */
static void
test_bank_doors_print (Fixture *f, gconstpointer data)
{
  GtkWidget *window = mr_label_print_window_new (f->store, "locker_door", NULL);
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (window);
  g_autofree char *bank = NULL, *front = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr (GError) error = NULL;
  const char *tools[] = { "pdftoppm", "pdftotext", "dmtxread", NULL };
  MrLabelJob *job;

  gtk_window_present (GTK_WINDOW (window));
  iterate (100);
  g_assert_cmpint (mr_label_print_window_get_source (self), ==, MR_LABEL_PRINT_SOURCE_BANK);
  g_assert_true (mr_label_print_window_is_sample (self));
  g_assert_false (mr_label_print_window_set_source (self, MR_LABEL_PRINT_SOURCE_TODAY));
  gtk_window_destroy (GTK_WINDOW (window));

  front = create_bank (f->store, "Annex",
                       "{\"columns\":[{\"doors\":[\"M\",\"M\"]},{\"doors\":[\"L\"]}]}");
  bank = create_bank (f->store, "Lobby", TWO_COLUMNS);

  window = mr_label_print_window_new (f->store, "locker_door", NULL);
  self = MR_LABEL_PRINT_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
  iterate (100);
  /* Annex comes first by name; Lobby is chosen in the bank row. */
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_false (mr_label_print_window_is_sample (self));
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 3);
  g_assert_true (mr_label_print_window_select_bank (self, bank));
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_cmpstr (mr_label_job_get_stock (job)->id, ==, "Thermal 4x3in");
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 6);
  g_assert_cmpuint (mr_label_job_get_n_pages (job), ==, 6);
  save_screenshot (window, "label-print-bank");

  pdf = g_build_filename (f->dir, "doors.pdf", NULL);
  g_assert_true (mr_label_print_window_export (self, pdf, &error));
  g_assert_no_error (error);
  if (have_tools (tools))
    {
      const char *text_argv[] = { "pdftotext", pdf, "-", NULL };
      g_autofree char *text = run_tool (text_argv);
      g_autofree char *decoded = decode_datamatrix_pages (f->dir, pdf, 6);
      g_autofree char *expected = door_codes (f->store, bank, FALSE);
      g_autofree char *page7 = g_build_filename (f->dir, "door-7.png", NULL);

      g_assert_cmpuint (count_occurrences (text, "Lobby"), ==, 6);
      g_assert_cmpuint (count_occurrences (text, "Annex"), ==, 0);
      g_assert_false (g_file_test (page7, G_FILE_TEST_EXISTS));
      g_assert_cmpstr (decoded, ==, expected);
    }

  /* The shelves of the same bank: its two rear-loading doors. */
  g_assert_true (mr_label_print_window_set_kind (self, "shelf"));
  iterate (50);
  g_assert_cmpint (mr_label_print_window_get_source (self), ==, MR_LABEL_PRINT_SOURCE_BANK);
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_false (mr_label_print_window_is_sample (self));
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 2);
  g_remove (pdf);
  g_assert_true (mr_label_print_window_export (self, pdf, &error));
  g_assert_no_error (error);
  if (have_tools (tools))
    {
      g_autofree char *decoded = decode_datamatrix_pages (f->dir, pdf, 2);
      g_autofree char *expected = door_codes (f->store, bank, TRUE);

      g_assert_cmpstr (decoded, ==, expected);
    }

  /* Annex has no rear-loading door: nothing to print, the sample says so. */
  g_assert_true (mr_label_print_window_select_bank (self, front));
  g_assert_true (mr_label_print_window_is_sample (self));
  g_assert_nonnull (find_label_with (window, "Annex"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Packages found by tracking number or internal ID, typed in the search
 * row or scanned; an unknown number said and kept for correction;
 * pickup slips of the same packages, and of what awaits pickup; packages
 * passed in by id. */
static void
test_package_sources (Fixture *f, gconstpointer data)
{
  GtkWidget *window = open_window (f);
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (window);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) today = mr_store_list_packages_received (f->store, 0, G_MAXINT64);
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *internal_id = NULL;
  g_autofree char *picked_up = NULL;
  GtkWidget *search;
  MrLabelJob *job;

  g_assert_cmpuint (today->len, ==, 3);
  g_assert_true (mr_label_print_window_set_source (self, MR_LABEL_PRINT_SOURCE_SEARCH));
  iterate (50);
  /* Nothing found yet: the sample, and a note that says what to do. */
  g_assert_true (mr_label_print_window_is_sample (self));

  /* Through the row, as a scanner types: the tracking number and Enter. */
  search = find_named (window, "search");
  g_assert_nonnull (search);
  g_assert_true (gtk_widget_get_visible (search));
  gtk_editable_set_text (GTK_EDITABLE (search), tracking[1]);
  g_signal_emit_by_name (search, "entry-activated");
  iterate (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_false (mr_label_print_window_is_sample (self));
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 1);
  g_assert_nonnull (find_label_with (window, tracking[1]));

  /* An unknown number: said, kept in the row, nothing else changes. */
  gtk_editable_set_text (GTK_EDITABLE (search), "1Z0000000000000000");
  g_signal_emit_by_name (search, "entry-activated");
  iterate (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "1Z0000000000000000");
  g_assert_true (gtk_widget_has_css_class (search, "error"));
  g_assert_nonnull (find_label_with (window, "1Z0000000000000000"));
  g_assert_cmpuint (mr_label_job_get_n_labels (mr_label_print_window_get_job (self)), ==, 1);

  /* By internal ID, and the same package twice: printed once. */
  {
    const char *keys[] = { tracking[2], NULL };
    g_autoptr (GPtrArray) r = mr_label_records_from_store (f->store, "package", keys, &error);

    g_assert_no_error (error);
    internal_id = g_strdup (g_hash_table_lookup (r->pdata[0], "internal_id"));
    g_assert_nonnull (internal_id);
  }
  g_assert_true (mr_label_print_window_add_package (self, internal_id, &error));
  g_assert_no_error (error);
  g_assert_true (mr_label_print_window_add_package (self, tracking[1], &error));
  g_assert_no_error (error);
  job = mr_label_print_window_get_job (self);
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 2);
  save_screenshot (window, "label-print-search");

  /* A package taken off the list with its row's button. */
  {
    GtkWidget *remove = find_with_data (window, "package-id");

    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
    iterate (100);
    job = mr_label_print_window_get_job (self);
    g_assert_nonnull (job);
    g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 1);
    g_assert_true (mr_label_print_window_add_package (self, tracking[1], &error));
    g_assert_no_error (error);
    g_assert_cmpuint (mr_label_job_get_n_labels (mr_label_print_window_get_job (self)), ==, 2);
  }

  /* The same packages as pickup slips. */
  g_assert_true (mr_label_print_window_set_kind (self, "pickup_slip"));
  iterate (50);
  g_assert_cmpint (mr_label_print_window_get_source (self), ==, MR_LABEL_PRINT_SOURCE_SEARCH);
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 2);

  /* What awaits pickup: not the package picked up. */
  picked_up = mr_locker_find_package (f->store, tracking[0]);
  g_assert_nonnull (picked_up);
  g_variant_dict_insert (&d, "package_id", "s", picked_up);
  g_variant_dict_insert (&d, "kind", "s", "picked_up");
  apply (f->store, "package.event", &d, NULL);
  g_assert_true (mr_label_print_window_set_source (self, MR_LABEL_PRINT_SOURCE_AWAITING));
  iterate (50);
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_false (mr_label_print_window_is_sample (self));
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Packages passed in by id: chosen first, as package labels and as
   * pickup slips. */
  {
    const char *ids[] = { tracking[0], tracking[2], NULL };

    window = mr_label_print_window_new_for_ids (f->store, "package", ids);
  }
  self = MR_LABEL_PRINT_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
  iterate (100);
  g_assert_cmpint (mr_label_print_window_get_source (self), ==, MR_LABEL_PRINT_SOURCE_GIVEN);
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 2);
  g_assert_true (mr_label_print_window_set_kind (self, "pickup_slip"));
  iterate (50);
  g_assert_cmpint (mr_label_print_window_get_source (self), ==, MR_LABEL_PRINT_SOURCE_GIVEN);
  g_assert_cmpuint (mr_label_job_get_n_labels (mr_label_print_window_get_job (self)), ==, 2);
  /* Door labels cannot print packages: their own source. */
  g_assert_true (mr_label_print_window_set_kind (self, "locker_door"));
  iterate (50);
  g_assert_cmpint (mr_label_print_window_get_source (self), ==, MR_LABEL_PRINT_SOURCE_BANK);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Assets and carrier codes come from a CSV file: the sample until one
 * is chosen; its rows then; a file that names no field: said, and
 * nothing prints. */
static void
test_csv_assets (Fixture *f, gconstpointer data)
{
  GtkWidget *window = mr_label_print_window_new (f->store, "asset", NULL);
  MrLabelPrintWindow *self = MR_LABEL_PRINT_WINDOW (window);
  g_autofree char *good = g_build_filename (f->dir, "assets.csv", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "other.csv", NULL);
  g_autoptr (GError) error = NULL;
  MrLabelJob *job;

  g_assert_true (g_file_set_contents (good,
                                      "tag,name,owner\n"
                                      "A-1001,ThinkPad T14,Ada Lovelace\n"
                                      "A-1002,Badge printer,Grace Hopper\n"
                                      "A-1003,Monitor,Alan Turing\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (bad, "colour,weight\nred,3\n", -1, NULL));
  gtk_window_present (GTK_WINDOW (window));
  iterate (100);
  g_assert_cmpint (mr_label_print_window_get_source (self), ==, MR_LABEL_PRINT_SOURCE_CSV);
  g_assert_true (mr_label_print_window_is_sample (self));

  g_assert_true (mr_label_print_window_open_csv (self, good, &error));
  g_assert_no_error (error);
  job = mr_label_print_window_get_job (self);
  g_assert_nonnull (job);
  g_assert_false (mr_label_print_window_is_sample (self));
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 3);
  g_assert_nonnull (find_label_with (window, "assets.csv"));

  g_assert_false (mr_label_print_window_open_csv (self, bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "other.csv"));
  g_assert_null (mr_label_print_window_get_job (self));
  g_assert_false (mr_label_print_window_is_sample (self));
  g_assert_nonnull (find_label_with (window, error->message));
  g_assert_false (gtk_widget_activate_action (window, "labels.print", NULL) &&
                  mr_label_print_window_get_job (self) != NULL);

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
  if (!mr_test_init_display ())
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
  g_test_add ("/labels/print-window/bank-doors-print", Fixture, NULL, fixture_set_up,
              test_bank_doors_print, fixture_tear_down);
  g_test_add ("/labels/print-window/package-sources", Fixture, NULL, fixture_set_up,
              test_package_sources, fixture_tear_down);
  g_test_add ("/labels/print-window/csv-assets", Fixture, NULL, fixture_set_up, test_csv_assets,
              fixture_tear_down);
  return g_test_run ();
}
