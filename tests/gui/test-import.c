/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import window driven in-process through its widgets, on a real
 * display: a French semicolon file with a bad email and an unknown
 * department → preview and mapping → the problems → create the department,
 * import the valid rows only → summary, the store and the contacts list.
 * Also re-reading with another encoding or separator, a file that cannot be
 * imported, and the export of a searched contacts list. Runs with
 * LANGUAGE=en and LANGUAGE=fr. */

#include "mr-test-display.h"
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "contacts/mr-contacts-page.h"
#include "import/mr-export-task.h"
#include "import/mr-import-problems.h"
#include "import/mr-import-window.h"
#include "mr-records.h"
#include "mr-window.h"

/* As HR exports them from a French Excel: semicolons, French headers, a
 * quoted value holding the separator, CRLF. Line 3 has a bad email; line 4
 * names a department the address book does not have. */
static const char french_csv[] =
  "Prénom;Nom;Courriel;Numéro de badge;Service;Remarques\r\n"
  "Ada;Lovelace;ada@example.org;P-100;Finance;\"Bureau 12; porte bleue\"\r\n"
  "Bob;Martin;bob-at-example;P-101;Finance;\r\n"
  "Chloé;Dubois;chloe@example.org;P-102;Achats;\r\n";

typedef struct
{
  char *dir;
  MrStore *store;
  MrWindow *main_window;
  MrImportWindow *window;
  char *finance_id;
} Fixture;

typedef gboolean (*Condition) (gpointer data);

static gboolean
iterate_until (Condition cond, gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static void
iterate_a_little (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gpointer
child (Fixture *f, const char *name)
{
  GObject *object =
    gtk_widget_get_template_child (GTK_WIDGET (f->window), MR_TYPE_IMPORT_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

typedef struct
{
  MrImportWindow *window;
  const char *step;
} StepWait;

static gboolean
at_step (gpointer data)
{
  StepWait *w = data;

  return !mr_import_window_get_busy (w->window) &&
         g_strcmp0 (mr_import_window_get_step (w->window), w->step) == 0;
}

static void
wait_step (Fixture *f, const char *step)
{
  StepWait w = { f->window, step };

  if (!iterate_until (at_step, &w, 20000))
    g_error ("the import window is at step “%s” (busy: %d), not “%s”",
             mr_import_window_get_step (f->window), mr_import_window_get_busy (f->window), step);
  iterate_a_little ();
}

static char *
write_file (Fixture *f, const char *name, const char *data, gssize len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
load (Fixture *f, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  mr_import_window_load_file (f->window, file);
  g_assert_true (mr_import_window_get_busy (f->window));
}

/* What the preview shows at a column and row of its grid (0: line numbers;
 * row 0: headers, 1: the field choosers, 2…: the file's rows). */
static const char *
cell (Fixture *f, int column, int row)
{
  GtkWidget *widget = gtk_grid_get_child_at (child (f, "preview_grid"), column, row);

  g_assert_true (GTK_IS_LABEL (widget));
  return gtk_label_get_label (GTK_LABEL (widget));
}

static GtkDropDown *
chooser (Fixture *f, int column)
{
  GtkWidget *widget = gtk_grid_get_child_at (child (f, "preview_grid"), column + 1, 1);

  g_assert_true (GTK_IS_DROP_DOWN (widget));
  return GTK_DROP_DOWN (widget);
}

static const char *
chosen (Fixture *f, int column)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (chooser (f, column));

  g_assert_nonnull (item);
  return gtk_string_object_get_string (item);
}

static void
choose (Fixture *f, int column, const char *label)
{
  GListModel *model = gtk_drop_down_get_model (chooser (f, column));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        {
          gtk_drop_down_set_selected (chooser (f, column), i);
          iterate_a_little ();
          return;
        }
    }
  g_error ("no “%s” in the field chooser", label);
}

static void
click (Fixture *f, const char *button)
{
  GtkWidget *widget = child (f, button);

  g_assert_true (gtk_widget_get_visible (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));
  /* What a click does; keyboard activation would wait for the press
   * animation before it emits ::clicked. */
  g_signal_emit_by_name (widget, "clicked");
}

static GListModel *
problems (Fixture *f, const char *view)
{
  return G_LIST_MODEL (gtk_column_view_get_model (child (f, view)));
}

static const char *
label_text (Fixture *f, const char *name)
{
  return gtk_label_get_label (child (f, name));
}

static void
fixture_setup (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("mailroom-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (path, &error);
  g_assert_no_error (error);
  mr_store_apply (f->store, "department.create", g_variant_new_parsed ("{'name': <'Finance'>}"),
                  &f->finance_id, &error);
  g_assert_no_error (error);

  f->main_window = mr_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->main_window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->main_window));
  g_assert_true (iterate_until (mapped, f->main_window, 10000));

  /* As the main menu opens it: win.import("contacts"). */
  gtk_widget_activate_action (GTK_WIDGET (f->main_window), "win.import", "s", "contacts");
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (MR_IS_IMPORT_WINDOW (l->data))
      f->window = l->data;
  g_assert_nonnull (f->window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->window)) ==
                 GTK_WINDOW (f->main_window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (f->window)));
  g_assert_true (iterate_until (mapped, f->window, 10000));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  g_assert_cmpstr (mr_import_window_get_step (f->window), ==, "file");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, _ ("Import Contacts"));
}

static void
fixture_teardown (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (f->window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  gtk_window_destroy (GTK_WINDOW (f->main_window));
  iterate_a_little ();
  g_clear_object (&f->store);
  g_free (f->finance_id);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static guint
n_contacts_listed (Fixture *f)
{
  MrContactsPage *page = MR_CONTACTS_PAGE (mr_window_get_page (f->main_window, "contacts"));

  iterate_a_little ();
  return g_list_model_get_n_items (G_LIST_MODEL (mr_contacts_page_get_list (page)));
}

static MrImportProblemItem *
problem_at_line (GListModel *list, guint line)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (MrImportProblemItem) item = g_list_model_get_item (list, i);

      if (mr_import_problem_item_get_line (item) == line)
        return item;
    }
  return NULL;
}

static void
test_french_file (Fixture *f, gconstpointer user_data)
{
  g_autofree char *path = write_file (f, "personnel.csv", french_csv, -1);
  g_autofree char *rows = NULL;
  g_autofree char *detected = NULL;
  g_autofree char *title = NULL;
  g_autoptr (MrContact) ada = NULL;
  g_autoptr (MrContact) bob = NULL;
  g_autoptr (MrContact) chloe = NULL;
  g_autoptr (MrDepartment) achats = NULL;
  MrImportProblemItem *p;
  GListModel *list;

  g_assert_cmpuint (n_contacts_listed (f), ==, 0);

  /* 1. The file */
  load (f, path);
  wait_step (f, "mapping");

  /* 2. Preview: as it will be imported, one column per file column. */
  g_assert_cmpstr (adw_preferences_row_get_title (child (f, "file_row")), ==, "personnel.csv");
  g_assert_cmpstr (cell (f, 1, 0), ==, "Prénom");
  g_assert_cmpstr (cell (f, 6, 0), ==, "Remarques");
  g_assert_cmpstr (cell (f, 0, 2), ==, "2"); /* the line in the file */
  g_assert_cmpstr (cell (f, 1, 2), ==, "Ada");
  g_assert_cmpstr (cell (f, 6, 2), ==, "Bureau 12; porte bleue");
  g_assert_cmpstr (cell (f, 3, 3), ==, "bob-at-example");
  g_assert_cmpstr (cell (f, 1, 4), ==, "Chloé");
  g_assert_null (gtk_grid_get_child_at (child (f, "preview_grid"), 1, 5));
  rows = g_strdup_printf (ngettext ("All %u row.", "All %u rows.", 3), 3);
  g_assert_cmpstr (label_text (f, "preview_caption"), ==, rows);
  /* Read with the separator it detected, and says so. */
  detected = g_strdup_printf (_ ("Detected: %s"), _ ("Semicolon (;)"));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "separator_row")), ==, detected);

  /* The French headers are matched to the fields, in the interface language. */
  g_assert_cmpstr (chosen (f, 0), ==, _ ("First name"));
  g_assert_cmpstr (chosen (f, 1), ==, _ ("Last name"));
  g_assert_cmpstr (chosen (f, 2), ==, _ ("Email"));
  g_assert_cmpstr (chosen (f, 3), ==, _ ("Personnel ID"));
  g_assert_cmpstr (chosen (f, 4), ==, _ ("Department"));
  g_assert_cmpstr (chosen (f, 5), ==, _ ("Notes"));
  g_assert_false (gtk_widget_has_css_class (
    GTK_WIDGET (gtk_grid_get_child_at (child (f, "preview_grid"), 6, 2)), "dim-label"));

  /* One column per field: giving "Last name" to Prénom takes it from Nom. */
  choose (f, 0, _ ("Last name"));
  g_assert_cmpstr (chosen (f, 0), ==, _ ("Last name"));
  g_assert_cmpstr (chosen (f, 1), ==, _ ("Do not import"));
  choose (f, 1, _ ("Last name"));
  choose (f, 0, _ ("First name"));
  g_assert_cmpstr (chosen (f, 0), ==, _ ("First name"));
  g_assert_cmpstr (chosen (f, 1), ==, _ ("Last name"));
  /* A column left out is dimmed in the preview. */
  choose (f, 5, _ ("Do not import"));
  g_assert_true (gtk_widget_has_css_class (
    GTK_WIDGET (gtk_grid_get_child_at (child (f, "preview_grid"), 6, 2)), "dim-label"));
  choose (f, 5, _ ("Notes"));

  /* The mode explains itself; "add new only" is the default. */
  g_assert_true (gtk_check_button_get_active (child (f, "mode_add_check")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "mode_replace_row")), ==,
                   _ ("The file becomes the whole list: contacts that are not in it are deleted."));
  g_assert_true (gtk_widget_get_visible (child (f, "create_missing_row")));
  g_assert_false (gtk_switch_get_active (child (f, "valid_only_switch")));

  /* 3. Check: the bad email and the unknown department, precisely. */
  click (f, "next_button");
  wait_step (f, "check");
  title = g_strdup_printf (ngettext ("%u Problem Found", "%u Problems Found", 2), 2);
  g_assert_cmpstr (label_text (f, "check_title"), ==, title);
  list = problems (f, "check_problems_view");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  p = problem_at_line (list, 3);
  g_assert_nonnull (p);
  g_assert_cmpstr (mr_import_problem_item_get_column (p), ==, "Courriel");
  g_assert_cmpstr (mr_import_problem_item_get_value (p), ==, "bob-at-example");
  g_assert_false (mr_import_problem_item_get_missing_reference (p));
  g_test_message ("line 3: %s", mr_import_problem_item_get_message (p));
  p = problem_at_line (list, 4);
  g_assert_nonnull (p);
  g_assert_cmpstr (mr_import_problem_item_get_column (p), ==, "Service");
  g_assert_cmpstr (mr_import_problem_item_get_value (p), ==, "Achats");
  g_assert_true (mr_import_problem_item_get_missing_reference (p));
  g_test_message ("line 4: %s", mr_import_problem_item_get_message (p));
  /* Nothing can be imported with problems until the user says how. */
  g_assert_false (gtk_widget_is_sensitive (child (f, "next_button")));
  g_assert_true (gtk_widget_get_visible (child (f, "missing_row")));
  g_assert_true (gtk_widget_get_visible (child (f, "check_valid_only_row")));

  /* The unknown department: create it with the import. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "import.create-missing", NULL);
  wait_step (f, "check");
  g_assert_true (gtk_switch_get_active (child (f, "create_missing_switch")));
  list = problems (f, "check_problems_view");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_nonnull (problem_at_line (list, 3));
  g_assert_false (gtk_widget_get_visible (child (f, "missing_row")));
  g_assert_false (gtk_widget_is_sensitive (child (f, "next_button")));

  /* The valid rows only, from the check step itself. */
  gtk_switch_set_active (child (f, "check_valid_only_switch"), TRUE);
  wait_step (f, "check");
  g_assert_true (gtk_switch_get_active (child (f, "valid_only_switch")));
  g_assert_true (gtk_widget_is_sensitive (child (f, "next_button")));
  {
    g_autofree char *to_add = g_strdup_printf (ngettext ("%u to add", "%u to add", 2), 2);

    g_assert_nonnull (strstr (label_text (f, "check_description"), to_add));
  }
  /* A check writes nothing. */
  g_assert_null (mr_store_find_contact (f->store, "P-100"));
  g_assert_null (mr_store_find_department (f->store, "Achats"));

  /* 4 and 5. Import, then the summary. */
  click (f, "next_button");
  wait_step (f, "summary");
  g_assert_cmpstr (label_text (f, "summary_title"), ==, _ ("Import Complete"));
  g_assert_cmpstr (label_text (f, "added_label"), ==, "2");
  g_assert_cmpstr (label_text (f, "updated_label"), ==, "0");
  g_assert_true (gtk_widget_get_visible (child (f, "summary_counts")));
  g_assert_false (gtk_widget_get_visible (child (f, "deleted_row")));
  list = problems (f, "summary_problems_view");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_nonnull (problem_at_line (list, 3));

  /* The store has the valid rows, as read. */
  ada = mr_store_find_contact (f->store, "P-100");
  g_assert_nonnull (ada);
  g_assert_cmpstr (mr_contact_get_first_name (ada), ==, "Ada");
  g_assert_cmpstr (mr_contact_get_email (ada), ==, "ada@example.org");
  g_assert_cmpstr (mr_contact_get_department_id (ada), ==, f->finance_id);
  g_assert_cmpstr (mr_contact_get_notes (ada), ==, "Bureau 12; porte bleue");
  chloe = mr_store_find_contact (f->store, "P-102");
  g_assert_nonnull (chloe);
  g_assert_cmpstr (mr_contact_get_first_name (chloe), ==, "Chloé");
  achats = mr_store_find_department (f->store, "Achats");
  g_assert_nonnull (achats);
  g_assert_cmpstr (mr_contact_get_department_id (chloe), ==, mr_department_get_id (achats));
  bob = mr_store_find_contact (f->store, "P-101");
  g_assert_null (bob);

  /* The main window's list heard of it (written on another connection). */
  g_assert_cmpuint (n_contacts_listed (f), ==, 2);

  /* Close: the window goes, and nothing keeps it alive. */
  click (f, "next_button");
  g_assert_true (iterate_until (is_gone, &f->window, 5000));
}

/* Another encoding or separator re-reads the file. */
static void
test_reread (Fixture *f, gconstpointer user_data)
{
  /* "Prénom;Nom" in Windows-1252: é is 0xE9, not UTF-8. */
  static const char latin[] = "Pr\xe9nom;Nom\r\nJos\xe9;Garc\xed"
                              "a\r\n";
  g_autofree char *path = write_file (f, "latin.csv", latin, sizeof latin - 1);
  g_autofree char *detected = NULL;

  load (f, path);
  wait_step (f, "mapping");
  g_assert_cmpstr (cell (f, 1, 0), ==, "Prénom");
  g_assert_cmpstr (cell (f, 1, 2), ==, "José");
  detected = g_strdup_printf (_ ("Detected: %s"), _ ("Windows-1252 (Western)"));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "encoding_row")), ==, detected);

  /* As UTF-8 it cannot be read: said on the page, the preview kept. */
  adw_combo_row_set_selected (child (f, "encoding_row"), MR_CSV_ENCODING_UTF8);
  g_assert_true (mr_import_window_get_busy (f->window));
  wait_step (f, "mapping");
  g_assert_true (gtk_widget_get_visible (child (f, "mapping_error")));
  g_test_message ("%s", label_text (f, "mapping_error"));
  g_assert_nonnull (strstr (label_text (f, "mapping_error"), "latin.csv"));
  g_assert_cmpstr (cell (f, 1, 2), ==, "José");

  /* As Latin-1 it can. */
  adw_combo_row_set_selected (child (f, "encoding_row"), MR_CSV_ENCODING_LATIN1);
  wait_step (f, "mapping");
  g_assert_false (gtk_widget_get_visible (child (f, "mapping_error")));
  g_assert_cmpstr (cell (f, 2, 2), ==, "García");

  /* With commas, the semicolon file is one column. */
  adw_combo_row_set_selected (child (f, "separator_row"), 1);
  wait_step (f, "mapping");
  g_assert_cmpstr (cell (f, 1, 0), ==, "Prénom;Nom");
  g_assert_null (gtk_grid_get_child_at (child (f, "preview_grid"), 2, 0));
  adw_combo_row_set_selected (child (f, "separator_row"), 0);
  wait_step (f, "mapping");
  g_assert_cmpstr (cell (f, 2, 0), ==, "Nom");

  /* Back to the first step and forward again, without reading anew. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "import.back", NULL);
  g_assert_cmpstr (mr_import_window_get_step (f->window), ==, "file");
  click (f, "next_button");
  g_assert_cmpstr (mr_import_window_get_step (f->window), ==, "mapping");
}

/* A file that is not CSV text, and a mapping without any name. */
static void
test_cannot_import (Fixture *f, gconstpointer user_data)
{
  g_autofree char *empty = write_file (f, "empty.csv", "", 0);
  g_autofree char *path = write_file (f, "codes.csv", "Code;Notes\r\nA1;x\r\n", -1);

  load (f, empty);
  wait_step (f, "file");
  g_assert_true (gtk_widget_get_visible (child (f, "file_error")));
  g_test_message ("%s", label_text (f, "file_error"));
  g_assert_nonnull (strstr (label_text (f, "file_error"), "empty.csv"));
  g_assert_false (gtk_widget_get_visible (child (f, "next_button")));

  load (f, path);
  wait_step (f, "mapping");
  g_assert_false (gtk_widget_get_visible (child (f, "file_error")));
  click (f, "next_button");
  wait_step (f, "check");
  g_assert_cmpstr (label_text (f, "check_title"), ==, _ ("The File Cannot Be Imported"));
  g_assert_false (gtk_widget_get_visible (child (f, "check_valid_only_row")));
  g_assert_false (gtk_widget_is_sensitive (child (f, "next_button")));

  /* Back, map a name, and it can. */
  click (f, "back_button");
  g_assert_cmpstr (mr_import_window_get_step (f->window), ==, "mapping");
  choose (f, 0, _ ("Last name"));
  click (f, "next_button");
  wait_step (f, "check");
  g_assert_cmpstr (label_text (f, "check_title"), ==, _ ("Ready to Import"));
  click (f, "next_button");
  wait_step (f, "summary");
  g_assert_cmpstr (label_text (f, "added_label"), ==, "1");
  g_assert_cmpuint (n_contacts_listed (f), ==, 1);
}

/* Replace all asks before it deletes. */
static void
test_replace (Fixture *f, gconstpointer user_data)
{
  g_autofree char *path = write_file (f, "one.csv", "Last name,Personnel ID\nLovelace,P-1\n", -1);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrContact) left = NULL;
  g_autoptr (MrContact) kept = NULL;
  g_autofree char *heading = NULL;
  GtkWindow *dialog = NULL;

  mr_store_apply (f->store, "contact.create",
                  g_variant_new_parsed ("{'last_name': <'Gone'>, 'personnel_id': <'P-9'>}"), NULL,
                  &error);
  g_assert_no_error (error);

  load (f, path);
  wait_step (f, "mapping");
  gtk_check_button_set_active (child (f, "mode_replace_check"), TRUE);
  g_assert_true (gtk_widget_has_css_class (child (f, "mode_replace_row"), "error"));
  click (f, "next_button");
  wait_step (f, "check");
  click (f, "next_button");
  iterate_a_little ();

  heading = g_strdup_printf (ngettext ("Delete %u Contact?", "Delete %u Contacts?", 1), 1);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      dialog = l->data;
  g_assert_nonnull (dialog);
  /* Nothing happens before the answer. */
  g_assert_cmpstr (mr_import_window_get_step (f->window), ==, "check");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "import");
  wait_step (f, "summary");
  g_assert_cmpstr (label_text (f, "deleted_label"), ==, "1");
  g_assert_true (gtk_widget_get_visible (child (f, "deleted_row")));
  left = mr_store_find_contact (f->store, "P-9");
  g_assert_null (left);
  kept = mr_store_find_contact (f->store, "P-1");
  g_assert_nonnull (kept);
}

/* A file of @n contacts with a Personnel ID each. */
static char *
big_file (Fixture *f, guint n)
{
  g_autoptr (GString) csv = g_string_new ("First name,Last name,Personnel ID\r\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "Person%u,Example,B-%06u\r\n", i, i);
  return write_file (f, "big.csv", csv->str, (gssize) csv->len);
}

/* Cancel while importing: nothing is changed. */
static void
test_cancel (Fixture *f, gconstpointer user_data)
{
  g_autofree char *path = big_file (f, 5000);
  g_autoptr (MrContact) first = NULL;

  load (f, path);
  wait_step (f, "mapping");
  click (f, "next_button");
  wait_step (f, "check");
  g_assert_cmpstr (label_text (f, "check_title"), ==, _ ("Ready to Import"));
  click (f, "next_button");
  /* The progress step, with its Cancel button, at once. */
  g_assert_cmpstr (mr_import_window_get_step (f->window), ==, "progress");
  g_assert_true (mr_import_window_get_busy (f->window));
  g_assert_true (gtk_widget_get_visible (child (f, "cancel_button")));
  click (f, "cancel_button");
  wait_step (f, "summary");
  g_assert_cmpstr (label_text (f, "summary_title"), ==, _ ("Import Cancelled"));
  g_assert_cmpstr (label_text (f, "summary_description"), ==, _ ("Nothing was changed."));
  g_assert_false (gtk_widget_get_visible (child (f, "summary_counts")));
  first = mr_store_find_contact (f->store, "B-000000");
  g_assert_null (first);
  g_assert_cmpuint (n_contacts_listed (f), ==, 0);
}

/* Closing the window while it imports cancels, and closes once stopped. */
static void
test_close_while_importing (Fixture *f, gconstpointer user_data)
{
  g_autofree char *path = big_file (f, 5000);
  g_autoptr (MrContact) first = NULL;

  load (f, path);
  wait_step (f, "mapping");
  click (f, "next_button");
  wait_step (f, "check");
  click (f, "next_button");
  g_assert_true (mr_import_window_get_busy (f->window));
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (is_gone, &f->window, 20000));
  first = mr_store_find_contact (f->store, "B-000000");
  g_assert_null (first);
}

/* Places, from the main menu's Import Places…: a site, its building, a
 * floor and a mail stop from one row. */
static void
test_places (Fixture *f, gconstpointer user_data)
{
  g_autofree char *path = write_file (
    f, "places.csv", "Site,Building,Floor,Mail stop\r\nCampus Nord,Bâtiment A,2,MS-201\r\n", -1);
  g_autoptr (GListModel) places = NULL;

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_null (f->window);
  gtk_widget_activate_action (GTK_WIDGET (f->main_window), "win.import", "s", "places");
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (MR_IS_IMPORT_WINDOW (l->data))
      f->window = l->data;
  g_assert_nonnull (f->window);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  g_assert_cmpint (mr_import_window_get_kind (f->window), ==, MR_IMPORT_PLACES);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, _ ("Import Places"));
  /* Creating departments is a contacts option. */
  g_assert_false (gtk_widget_get_visible (child (f, "create_missing_row")));

  load (f, path);
  wait_step (f, "mapping");
  g_assert_cmpstr (chosen (f, 0), ==, _ ("Site"));
  g_assert_cmpstr (chosen (f, 3), ==, _ ("Mail stop"));
  click (f, "next_button");
  wait_step (f, "check");
  g_assert_cmpstr (label_text (f, "check_title"), ==, _ ("Ready to Import"));
  click (f, "next_button");
  wait_step (f, "summary");
  g_assert_cmpstr (label_text (f, "summary_title"), ==, _ ("Import Complete"));
  places = mr_store_list_places (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (places), ==, 4);
}

/* The template, as the Download Template button writes it, reads back with
 * every column matched. */
static void
test_template (Fixture *f, gconstpointer user_data)
{
  g_autofree char *text = mr_import_template (MR_IMPORT_CONTACTS);
  g_autofree char *with_row = g_strconcat (text, "Ada,Lovelace,,,,,,,,,\r\n", NULL);
  g_autofree char *path = write_file (f, "template.csv", with_row, -1);
  guint n_fields;
  const MrImportField *fields = mr_import_get_fields (MR_IMPORT_CONTACTS, &n_fields);

  load (f, path);
  wait_step (f, "mapping");
  for (guint i = 0; i < n_fields; i++)
    g_assert_cmpstr (chosen (f, (int) i), ==, _ (fields[i].label));
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gint64 *n = user_data;
  g_autoptr (GError) error = NULL;

  *n = mr_export_task_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gint64 *) data != G_MININT64;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The contacts list's search goes with its export. */
static void
test_export (Fixture *f, gconstpointer user_data)
{
  MrContactsPage *page = MR_CONTACTS_PAGE (mr_window_get_page (f->main_window, "contacts"));
  g_autofree char *path = g_build_filename (f->dir, "out.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  MrExportFilter filter = { NULL, NULL, NULL };
  gint64 n = G_MININT64;

  gtk_window_destroy (GTK_WINDOW (f->window));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *args = g_strdup_printf ("{'first_name': <'Person%u'>, 'last_name': <'%s'>}",
                                               i, i == 1 ? "Lovelace" : "Other");

      mr_store_apply (f->store, "contact.create", g_variant_new_parsed (args), NULL, &error);
      g_assert_no_error (error);
    }
  mr_contact_list_set_search (mr_contacts_page_get_list (page), "lovelace");
  filter.search = mr_contact_list_get_search (mr_contacts_page_get_list (page));

  mr_export_task_run (GTK_WIDGET (page), f->store, MR_EXPORT_WHAT_CONTACTS, &filter, file, NULL,
                      export_done_cb, &n);
  g_assert_true (iterate_until (is_set, &n, 20000));
  g_assert_cmpint (n, ==, 1);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Lovelace"));
  g_assert_null (strstr (text, "Other"));

  /* As the user does it: Ctrl+Shift+E (win.export of the page on show),
   * the save dialog, which says the search goes with it, then the file. */
  {
    /* Saved under its default name in the folder chosen. */
    g_autofree char *path2 = g_build_filename (f->dir, _ ("contacts.csv"), NULL);
    g_autoptr (GFile) folder = g_file_new_for_path (f->dir);
    g_autofree char *title = g_strdup_printf (_ ("Export Contacts Matching “%s”"), "lovelace");
    g_autofree char *text2 = NULL;
    GtkWidget *dialog = NULL;

    g_assert_cmpstr (mr_window_get_page_name (f->main_window), ==, "contacts");
    gtk_widget_activate_action (GTK_WIDGET (f->main_window), "win.export", "s", "");
    iterate_a_little ();
    for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
      if (GTK_IS_FILE_CHOOSER (l->data) && gtk_widget_get_visible (l->data))
        dialog = l->data;
    g_assert_nonnull (dialog);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, title);
    g_assert_cmpstr (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog)), ==,
                     _ ("contacts.csv"));
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
    iterate_a_little ();
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    G_GNUC_END_IGNORE_DEPRECATIONS
    g_assert_true (iterate_until (file_exists, path2, 20000));
    g_file_get_contents (path2, &text2, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (text2, "Lovelace"));
    g_assert_null (strstr (text2, "Other"));
  }

  /* Departments: Finance. */
  n = G_MININT64;
  mr_export_task_run (GTK_WIDGET (page), f->store, MR_EXPORT_WHAT_DEPARTMENTS, NULL, file, NULL,
                      export_done_cb, &n);
  g_assert_true (iterate_until (is_set, &n, 20000));
  g_assert_cmpint (n, ==, 1);
  g_clear_pointer (&text, g_free);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_nonnull (strstr (text, "Finance"));
}

static void
test_no_display (void)
{
  g_test_skip ("No display");
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
      g_test_add_func ("/import/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/import/french-file", test_french_file);
  ADD ("/import/reread", test_reread);
  ADD ("/import/cannot-import", test_cannot_import);
  ADD ("/import/replace", test_replace);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/close-while-importing", test_close_while_importing);
  ADD ("/import/places", test_places);
  ADD ("/import/template", test_template);
  ADD ("/import/export", test_export);
#undef ADD

  return g_test_run ();
}
