/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Contacts section, driven in-process on a real display: list, search,
 * add, inline validation errors, delete and edit with Undo. Runs once with
 * LANGUAGE=en and once with LANGUAGE=fr. */

#include "mr-test-display.h"
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "contacts/mr-contact-details.h"
#include "contacts/mr-contact-editor.h"
#include "contacts/mr-contacts-page.h"
#include "mr-window.h"
#include "widgets/mr-gui-utils.h"
#include "widgets/mr-split-model.h"

#define N_CONTACTS 1000

typedef struct
{
  char *dir;
  MrStore *store;
  MrWindow *window;
  MrContactsPage *page;
  char *department_id;
  char *ada_id;
} Fixture;

static gboolean
is_french (void)
{
  return g_strcmp0 (g_getenv ("LANGUAGE"), "fr") == 0;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @cond holds or @timeout_ms passes. */
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

static char *
create_contact (MrStore *store,
                const char *first,
                const char *last,
                const char *personnel_id,
                const char *department_id)
{
  g_autoptr (GError) error = NULL;
  GVariantDict d;
  char *id = NULL;

  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "first_name", "s", first);
  g_variant_dict_insert (&d, "last_name", "s", last);
  if (personnel_id)
    g_variant_dict_insert (&d, "personnel_id", "s", personnel_id);
  if (department_id)
    g_variant_dict_insert (&d, "department_id", "s", department_id);
  mr_store_apply (store, "contact.create", g_variant_dict_end (&d), &id, &error);
  g_assert_no_error (error);
  return id;
}

static GtkWidget *
template_child (gpointer widget, GType type, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static guint
n_rows (Fixture *f)
{
  GtkListView *view = GTK_LIST_VIEW (template_child (f->page, MR_TYPE_CONTACTS_PAGE, "list_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view)));
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
fixture_setup (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("mailroom-gui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (path, &error);
  g_assert_no_error (error);

  mr_store_apply (f->store, "department.create", g_variant_new_parsed ("{'name': <'Finance'>}"),
                  &f->department_id, &error);
  g_assert_no_error (error);

  g_assert_true (mr_store_begin_batch (f->store, &error));
  for (guint i = 0; i < N_CONTACTS - 2; i++)
    {
      g_autofree char *first = g_strdup_printf ("Person%03u", i);
      g_autofree char *id = create_contact (f->store, first, "Example", NULL, NULL);
    }
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  f->ada_id = create_contact (f->store, "Ada", "Lovelace", "P-0001", f->department_id);
  g_free (create_contact (f->store, "Zed", "Zimmermann", "P-0002", NULL));

  f->window = mr_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = MR_CONTACTS_PAGE (mr_window_get_page (f->window, "contacts"));
  g_assert_true (MR_IS_CONTACTS_PAGE (f->page));
  g_assert_true (iterate_until (window_mapped, f->window, 10000));
  iterate_a_little ();
}

static void
fixture_teardown (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate_a_little ();
  g_clear_object (&f->store);
  g_free (f->department_id);
  g_free (f->ada_id);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* The list */

typedef struct
{
  guint bound;
  guint rows;
} RowCount;

static void
count_rows (GtkWidget *widget, RowCount *count)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_str_equal (G_OBJECT_TYPE_NAME (child), "MrContactRow"))
        {
          MrContact *contact = NULL;

          count->rows++;
          g_object_get (child, "contact", &contact, NULL);
          if (contact != NULL)
            count->bound++;
          g_clear_object (&contact);
        }
      count_rows (child, count);
    }
}

static void
test_list (Fixture *f, gconstpointer user_data)
{
  GtkWidget *count = template_child (f->page, MR_TYPE_CONTACTS_PAGE, "count_label");
  RowCount rows = { 0 };
  g_autofree char *expected = NULL;

  g_assert_cmpuint (n_rows (f), ==, N_CONTACTS);
  /* Nothing is selected until the user picks someone. */
  g_assert_null (mr_contacts_page_get_selected (f->page));
  expected = g_strdup_printf (ngettext ("%u contact", "%u contacts", N_CONTACTS), N_CONTACTS);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, expected);
  if (!is_french ())
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, "1000 contacts");

  /* Rows exist only for what is on screen: the list is lazy. */
  count_rows (GTK_WIDGET (f->page), &rows);
  g_assert_cmpuint (rows.bound, >, 5);
  g_assert_cmpuint (rows.bound, <, N_CONTACTS / 4);

  /* Sorted by last name, then first name. */
  {
    GListModel *list = G_LIST_MODEL (mr_contacts_page_get_list (f->page));
    g_autoptr (MrContact) first = g_list_model_get_item (list, 0);
    g_autoptr (MrContact) last = g_list_model_get_item (list, N_CONTACTS - 1);

    g_assert_cmpstr (mr_contact_get_display_name (first), ==, "Person000 Example");
    g_assert_cmpstr (mr_contact_get_display_name (last), ==, "Zed Zimmermann");
  }
}

static void
test_sort (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GSettings) settings = mr_settings_new ();
  g_autoptr (MrContact) first = NULL;

  g_settings_set_string (settings, "contact-sort", "name-desc");
  iterate_a_little ();
  first = g_list_model_get_item (G_LIST_MODEL (mr_contacts_page_get_list (f->page)), 0);
  g_assert_cmpstr (mr_contact_get_display_name (first), ==, "Zed Zimmermann");
  g_settings_reset (settings, "contact-sort");
}

/* Search */

typedef struct
{
  Fixture *f;
  guint n;
} WaitRows;

static gboolean
has_n_rows (gpointer data)
{
  WaitRows *w = data;

  return n_rows (w->f) == w->n;
}

static void
test_search (Fixture *f, gconstpointer user_data)
{
  GtkWidget *entry = template_child (f->page, MR_TYPE_CONTACTS_PAGE, "search_entry");
  GtkWidget *count = template_child (f->page, MR_TYPE_CONTACTS_PAGE, "count_label");
  GtkWidget *stack = template_child (f->page, MR_TYPE_CONTACTS_PAGE, "list_stack");
  g_autofree char *one_result = g_strdup_printf (ngettext ("%u result", "%u results", 1), 1);
  WaitRows w = { f, 1 };

  gtk_editable_set_text (GTK_EDITABLE (entry), "zimm");
  g_assert_true (iterate_until (has_n_rows, &w, 5000));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, one_result);
  if (!is_french ())
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, "1 result");

  /* Every field is searched: the Personnel ID too. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "P-0001");
  g_assert_true (iterate_until (has_n_rows, &w, 5000));

  gtk_editable_set_text (GTK_EDITABLE (entry), "nobody-by-that-name");
  w.n = 0;
  g_assert_true (iterate_until (has_n_rows, &w, 5000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "no-results");

  /* Escape clears the search. */
  g_signal_emit_by_name (entry, "stop-search");
  w.n = N_CONTACTS;
  g_assert_true (iterate_until (has_n_rows, &w, 5000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "list");
}

/* The editor */

static gboolean
editor_closed (gpointer data)
{
  return mr_contacts_page_get_editor (data) == NULL;
}

static MrContactEditor *
open_editor (Fixture *f, const char *action)
{
  MrContactEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, NULL));
  editor = mr_contacts_page_get_editor (f->page);
  g_assert_nonnull (editor);
  iterate_a_little ();
  return editor;
}

static void
set_field (MrContactEditor *editor, const char *field, const char *text)
{
  GtkWidget *row = mr_contact_editor_get_field_row (editor, field);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
test_add (Fixture *f, gconstpointer user_data)
{
  MrContactEditor *editor = open_editor (f, "contacts.add");
  GtkWidget *department = mr_contact_editor_get_field_row (editor, "department_id");
  g_autoptr (MrContact) saved = NULL;
  MrContact *selected;

  set_field (editor, "first_name", "Grace");
  set_field (editor, "last_name", "Hopper");
  set_field (editor, "email", "grace@example.org");
  set_field (editor, "personnel_id", "P-0100");
  /* 0 is “None”, 1 is Finance. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (department), 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (iterate_until (editor_closed, f->page, 5000));

  saved = mr_store_find_contact (f->store, "P-0100");
  g_assert_nonnull (saved);
  g_assert_cmpstr (mr_contact_get_display_name (saved), ==, "Grace Hopper");
  g_assert_cmpstr (mr_contact_get_email (saved), ==, "grace@example.org");
  g_assert_cmpstr (mr_contact_get_department_id (saved), ==, f->department_id);
  g_assert_cmpuint (n_rows (f), ==, N_CONTACTS + 1);

  /* The new contact is selected and shown. */
  selected = mr_contacts_page_get_selected (f->page);
  g_assert_nonnull (selected);
  g_assert_cmpstr (mr_contact_get_id (selected), ==, mr_contact_get_id (saved));
  {
    GtkWidget *details_bin = template_child (f->page, MR_TYPE_CONTACTS_PAGE, "details_bin");
    GtkWidget *details = adw_bin_get_child (ADW_BIN (details_bin));
    GtkWidget *name, *department_row;

    /* Built on the first selection. */
    g_assert_true (MR_IS_CONTACT_DETAILS (details));
    name = template_child (details, MR_TYPE_CONTACT_DETAILS, "name_label");
    department_row = template_child (details, MR_TYPE_CONTACT_DETAILS, "department_row");

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (name)), ==, "Grace Hopper");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (department_row)), ==, "Finance");
  }
}

static void
test_duplicate_personnel_id (Fixture *f, gconstpointer user_data)
{
  MrContactEditor *editor = open_editor (f, "contacts.add");
  GtkWidget *row;
  GtkLabel *error_label;
  GtkLabel *email_error;
  g_autofree char *expected = NULL;

  set_field (editor, "first_name", "Charles");
  set_field (editor, "last_name", "Babbage");
  set_field (editor, "email", "not-an-email");

  /* First the email is wrong. */
  g_assert_false (mr_contact_editor_save (editor));
  email_error = mr_contact_editor_get_error_label (editor, "email");
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (email_error)));
  g_assert_true (
    gtk_widget_has_css_class (mr_contact_editor_get_field_row (editor, "email"), "error"));

  /* Then the badge belongs to Ada: the email error goes, this one comes. */
  set_field (editor, "email", "charles@example.org");
  set_field (editor, "personnel_id", "P-0001");
  g_assert_false (mr_contact_editor_save (editor));

  row = mr_contact_editor_get_field_row (editor, "personnel_id");
  error_label = mr_contact_editor_get_error_label (editor, "personnel_id");
  expected = g_strdup_printf (_ ("Duplicate Personnel ID: “%s” is already used by %s. Each badge "
                                 "or card number belongs to one person."),
                              "P-0001", "Ada Lovelace");
  g_assert_cmpstr (gtk_label_get_label (error_label), ==, expected);
  if (!is_french ())
    g_assert_true (g_str_has_prefix (gtk_label_get_label (error_label), "Duplicate Personnel ID"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (error_label)));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (error_label), "error"));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (email_error)));
  g_assert_false (
    gtk_widget_has_css_class (mr_contact_editor_get_field_row (editor, "email"), "error"));

  /* Nothing typed was lost, nothing was saved. */
  g_assert_cmpstr (
    gtk_editable_get_text (GTK_EDITABLE (mr_contact_editor_get_field_row (editor, "first_name"))),
    ==, "Charles");
  g_assert_null (mr_store_find_contact (f->store, "charles@example.org"));
  g_assert_nonnull (mr_contacts_page_get_editor (f->page));

  /* Fixing the field clears its error and saves. */
  set_field (editor, "personnel_id", "P-0200");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_true (mr_contact_editor_save (editor));
  g_assert_true (iterate_until (editor_closed, f->page, 5000));
  g_assert_nonnull (mr_store_find_contact (f->store, "P-0200"));
}

/* Delete and edit, each with Undo */

static void
activate_toast (Fixture *f)
{
  AdwToast *toast = mr_contacts_page_get_last_toast (f->page);

  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.undo");
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window),
                                                     adw_toast_get_action_name (toast),
                                                     adw_toast_get_action_target_value (toast)));
}

static gboolean
ada_selected (gpointer data)
{
  Fixture *f = data;
  MrContact *selected = mr_contacts_page_get_selected (f->page);

  return selected != NULL && g_str_equal (mr_contact_get_id (selected), f->ada_id);
}

static void
test_delete_undo (Fixture *f, gconstpointer user_data)
{
  g_autoptr (MrContact) restored = NULL;
  WaitRows w = { f, N_CONTACTS - 1 };
  AdwToast *toast;
  g_autofree char *title = NULL;

  g_assert_true (mr_contacts_page_select_contact (f->page, f->ada_id));
  g_assert_true (ada_selected (f));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "contacts.delete", NULL));
  g_assert_null (mr_store_get_contact (f->store, f->ada_id));
  g_assert_true (iterate_until (has_n_rows, &w, 5000));
  g_assert_null (mr_contacts_page_get_selected (f->page));

  toast = mr_contacts_page_get_last_toast (f->page);
  g_assert_nonnull (toast);
  title = g_strdup_printf (_ ("“%s” deleted"), "Ada Lovelace");
  g_assert_cmpstr (adw_toast_get_title (toast), ==, title);
  if (!is_french ())
    g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Ada Lovelace” deleted");

  activate_toast (f);
  restored = mr_store_get_contact (f->store, f->ada_id);
  g_assert_nonnull (restored);
  g_assert_cmpstr (mr_contact_get_personnel_id (restored), ==, "P-0001");
  w.n = N_CONTACTS;
  g_assert_true (iterate_until (has_n_rows, &w, 5000));
  g_assert_true (iterate_until (ada_selected, f, 5000));
}

static void
test_edit_undo (Fixture *f, gconstpointer user_data)
{
  MrContactEditor *editor;
  g_autoptr (MrContact) edited = NULL;
  g_autoptr (MrContact) undone = NULL;

  g_assert_true (mr_contacts_page_select_contact (f->page, f->ada_id));
  editor = open_editor (f, "contacts.edit");
  g_assert_cmpstr (
    gtk_editable_get_text (GTK_EDITABLE (mr_contact_editor_get_field_row (editor, "last_name"))),
    ==, "Lovelace");
  set_field (editor, "email", "ada@example.org");
  set_field (editor, "last_name", "King");
  g_assert_true (mr_contact_editor_save (editor));
  g_assert_true (iterate_until (editor_closed, f->page, 5000));

  edited = mr_store_get_contact (f->store, f->ada_id);
  g_assert_cmpstr (mr_contact_get_display_name (edited), ==, "Ada King");
  g_assert_cmpstr (mr_contact_get_email (edited), ==, "ada@example.org");
  g_assert_true (ada_selected (f));

  activate_toast (f);
  undone = mr_store_get_contact (f->store, f->ada_id);
  g_assert_cmpstr (mr_contact_get_display_name (undone), ==, "Ada Lovelace");
  g_assert_null (mr_contact_get_email (undone));
  g_assert_cmpstr (mr_contact_get_department_id (undone), ==, f->department_id);
}

/* The window */

static void
test_window (Fixture *f, gconstpointer user_data)
{
  /* A string the French catalogue already has. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==,
                   is_french () ? "Salle du courrier" : "Mailroom");

  g_assert_cmpstr (mr_window_get_page_name (f->window), ==, "contacts");
  mr_window_set_page_name (f->window, "departments");
  g_assert_cmpstr (mr_window_get_page_name (f->window), ==, "departments");
  mr_window_set_page_name (f->window, "contacts");

  /* Narrow: the leaflet folds, and selecting a contact shows its details. */
  {
    AdwLeaflet *leaflet = ADW_LEAFLET (template_child (f->page, MR_TYPE_CONTACTS_PAGE, "leaflet"));

    gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 640);
    g_assert_true (iterate_until ((Condition) adw_leaflet_get_folded, leaflet, 5000));
    g_assert_true (mr_contacts_page_select_contact (f->page, f->ada_id));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "contacts.back", NULL));
  }
}

/* MrSplitModel: a replacement arrives as a removal, then an addition, and
 * the items read in between are the right ones. */

typedef struct
{
  GString *log;
} SplitLog;

static void
split_changed_cb (GListModel *model, guint position, guint removed, guint added, SplitLog *log)
{
  guint n = g_list_model_get_n_items (model);

  g_string_append_printf (log->log, "(%u,%u,%u n=%u:", position, removed, added, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

      g_string_append (log->log, gtk_string_object_get_string (item));
    }
  g_string_append (log->log, ")");
}

static void
test_split_model (void)
{
  const char *abcde[] = { "a", "b", "c", "d", "e", NULL };
  const char *xy[] = { "x", "y", NULL };
  g_autoptr (GtkStringList) list = gtk_string_list_new (abcde);
  g_autoptr (MrSplitModel) split = mr_split_model_new (G_LIST_MODEL (list));
  SplitLog log = { g_string_new (NULL) };

  g_signal_connect (split, "items-changed", G_CALLBACK (split_changed_cb), &log);

  /* b, c → x, y: removal, then addition. */
  gtk_string_list_splice (list, 1, 2, xy);
  g_assert_cmpstr (log.log->str, ==, "(1,2,0 n=3:ade)(1,0,2 n=5:axyde)");
  g_assert_true (mr_split_model_is_settled (split));

  /* A plain addition passes through as it is. */
  g_string_truncate (log.log, 0);
  gtk_string_list_append (list, "z");
  g_assert_cmpstr (log.log->str, ==, "(5,0,1 n=6:axydez)");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (split)), ==, 6);
  g_string_free (log.log, TRUE);
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
  g_test_add_func ("/split-model/replace", test_split_model);

  if (!mr_test_init_display ())
    {
      g_test_add_func ("/contacts/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/contacts/list", test_list);
  ADD ("/contacts/sort", test_sort);
  ADD ("/contacts/search", test_search);
  ADD ("/contacts/add", test_add);
  ADD ("/contacts/duplicate-personnel-id", test_duplicate_personnel_id);
  ADD ("/contacts/delete-undo", test_delete_undo);
  ADD ("/contacts/edit-undo", test_edit_undo);
  ADD ("/contacts/window", test_window);
#undef ADD

  return g_test_run ();
}
