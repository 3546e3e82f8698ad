/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Packages section from the window, driven in-process on a real
 * display, over a demo database plus a few packages of our own: the three
 * views and the filters (counts checked against the database with SQL of
 * their own), finding a package by its number, the details and chain of
 * custody, handover with a signature drawn through the pad's gestures
 * (and, when xdotool is there, with the real pointer), the wrong taker
 * and the missing proof refused with nothing changed, the ID scan,
 * handover rules, bags, and the events with their undo or confirmation.
 * Screenshots EN/FR. Runs with LANGUAGE=en and fr. */

#include "mr-test-display.h"
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "mr-demo.h"
#include "mr-package-list.h"
#include "mr-records.h"
#include "mr-window.h"
#include "packages/mr-bags-dialog.h"
#include "packages/mr-contact-picker.h"
#include "packages/mr-handover-dialog.h"
#include "packages/mr-handover-rules-dialog.h"
#include "packages/mr-package-details.h"
#include "packages/mr-package-row.h"
#include "packages/mr-packages-page.h"
#include "packages/mr-packages-utils.h"
#include "packages/mr-signature-pad.h"
#include "../mr-test-store.h"

#define TRACKING "1Z999AA10123456784"

/* The X server of the real-pointer test, when it started one. */
/* A private X server for the real pointer (mr_test_start_private_display()):
 * the pointer xdotool moves must not cross other tests' windows. */
static GSubprocess *xvfb;

typedef struct
{
  char *dir;
  char *path;
  MrStore *store;
  sqlite3 *db; /* a connection of the test's own, to count */
  MrWindow *window;
  MrPackagesPage *page;
  char *customs; /* a department: Ann and Bob, Bob its key contact */
  char *ann;
  char *bob;
  char *eve;
  char *p_sig;   /* Ann's, a signature required (her rule) */
  char *p_sig2;  /* Ann's too */
  char *p_label; /* Ann's, no tracking number */
  char *p_eve;   /* Eve's, the same tracking number as p_sig: a duplicate */
} Fixture;

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static char *
add_contact (MrStore *store, const char *first, const char *last, const char *department)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "first_name", "s", first);
  g_variant_dict_insert (&d, "last_name", "s", last);
  if (department != NULL)
    g_variant_dict_insert (&d, "department_id", "s", department);
  return mr_test_apply_ok (store, "contact.create", &d);
}

static char *
receive (MrStore *store, const char *recipient, const char *tracking)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "recipient_id", "s", recipient);
  if (tracking != NULL)
    g_variant_dict_insert (&d, "tracking_number", "s", tracking);
  return mr_test_apply_ok (store, "package.receive", &d);
}

static void
set_rule (MrStore *store, const char *key, const char *subject, const char *handover)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, key, "s", subject);
  g_variant_dict_insert (&d, "handover", "s", handover);
  g_free (mr_test_apply_ok (store, "handover.set", &d));
}

/* Counts with the test's own SQL: one integer, the arguments bound as text. */
static guint
count_sql (Fixture *f, const char *sql, const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  guint n;

  if (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (f->db));
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
text_sql (Fixture *f, const char *sql, const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (f->db));
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static char *
status_of (Fixture *f, const char *package_id)
{
  return text_sql (f, "SELECT status FROM package WHERE id = ?", package_id);
}

static guint
n_events (Fixture *f, const char *package_id)
{
  return count_sql (f, "SELECT count(*) FROM package_event WHERE package_id = ?", package_id);
}

static guint
n_items (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (mr_packages_page_get_list (f->page)));
}

static void
fixture_setup (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  MrDemoOptions opts = { 0 };

  f->dir = g_dir_make_tmp ("mailroom-packages-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);

  /* A month of demo packages: picked up, in lockers, returned… */
  opts.n_contacts = 80;
  opts.n_lockers = 12;
  opts.n_packages = 160;
  opts.seed = 7;
  g_assert_true (mr_demo_generate (f->store, &opts, &error));
  g_assert_no_error (error);

  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "name", "s", "Customs");
    f->customs = mr_test_apply_ok (f->store, "department.create", &d);
  }
  f->ann = add_contact (f->store, "Ann", "Archer", f->customs);
  f->bob = add_contact (f->store, "Bob", "Baker", f->customs);
  f->eve = add_contact (f->store, "Eve", "Stranger", NULL);
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", f->customs);
    g_variant_dict_insert (&d, "key_contact_id", "s", f->bob);
    g_free (mr_test_apply_ok (f->store, "department.set_key_contact", &d));
  }
  set_rule (f->store, "contact_id", f->ann, "signature");
  f->p_sig = receive (f->store, f->ann, TRACKING);
  f->p_sig2 = receive (f->store, f->ann, "K1234567895");
  f->p_label = receive (f->store, f->ann, NULL);
  f->p_eve = receive (f->store, f->eve, TRACKING);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &f->db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  f->window = mr_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  mr_window_set_page_name (f->window, "packages");
  f->page = MR_PACKAGES_PAGE (mr_window_get_page (f->window, "packages"));
  g_assert_true (MR_IS_PACKAGES_PAGE (f->page));
  g_assert_true (mr_test_wait_until (widget_mapped, f->window, 5));
  mr_test_iterate (100);
}

static void
fixture_teardown (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  /* Hidden first, and long enough for a tooltip timer started by the
   * pointer (other tests' windows come and go under it) to run while the
   * window still exists: GTK 4.8 asks a destroyed window where the pointer
   * is otherwise. */
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  mr_test_iterate (700);
  gtk_window_destroy (GTK_WINDOW (f->window));
  mr_test_iterate (50);
  sqlite3_close (f->db);
  g_clear_object (&f->store);
  g_free (f->customs);
  g_free (f->ann);
  g_free (f->bob);
  g_free (f->eve);
  g_free (f->p_sig);
  g_free (f->p_sig2);
  g_free (f->p_label);
  g_free (f->p_eve);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* The rows the list view shows, depth first. */
static void
collect_rows (GtkWidget *widget, GPtrArray *rows)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      if (MR_IS_PACKAGE_ROW (c))
        g_ptr_array_add (rows, c);
      else
        collect_rows (c, rows);
    }
}

static MrPackageRow *
find_row (Fixture *f, const char *title, gboolean duplicate)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (f->page), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      MrPackageRow *row = g_ptr_array_index (rows, i);

      if (gtk_widget_get_child_visible (GTK_WIDGET (row)) &&
          g_strcmp0 (mr_package_row_get_title (row), title) == 0 &&
          (!duplicate || mr_package_row_get_duplicate_shown (row)))
        return row;
    }
  return NULL;
}

static gint64
local_midnight_ms (int days)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight =
    g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr (GDateTime) day = g_date_time_add_days (midnight, days);

  return g_date_time_to_unix (day) * 1000;
}

/* The three views: counts as SQL of our own counts them, order, rows. */
static void
test_views (Fixture *f, gconstpointer data)
{
  g_autofree char *today_sql = g_strdup_printf (
    "SELECT count(*) FROM package WHERE deleted = 0 AND received_at >= %" G_GINT64_FORMAT
    " AND received_at < %" G_GINT64_FORMAT,
    local_midnight_ms (0), local_midnight_ms (1));
  guint n_awaiting;
  MrPackageRow *row;
  g_autoptr (MrPackage) label_pkg = mr_store_get_package (f->store, f->p_label);

  /* Today, the first view: ours and whatever the demo received today. */
  g_assert_cmpint (mr_packages_page_get_view (f->page), ==, MR_PACKAGE_VIEW_TODAY);
  g_assert_cmpuint (n_items (f), ==, count_sql (f, today_sql, NULL));
  g_assert_cmpuint (n_items (f), >=, 4);
  mr_test_save_screenshot (GTK_WIDGET (f->window), "packages-today");

  /* Awaiting pickup, by its shortcut action, longest waiting first. */
  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.view", "s", "awaiting"));
  mr_test_iterate (50);
  g_assert_cmpint (mr_packages_page_get_view (f->page), ==, MR_PACKAGE_VIEW_AWAITING);
  n_awaiting = count_sql (f,
                          "SELECT count(*) FROM package WHERE deleted = 0 AND status NOT IN "
                          "('picked_up', 'returned', 'removed')",
                          NULL);
  g_assert_cmpuint (n_items (f), ==, n_awaiting);
  g_assert_cmpuint (n_awaiting, >, 4);
  {
    GListModel *list = G_LIST_MODEL (mr_packages_page_get_list (f->page));
    gint64 last = 0;

    for (guint i = 0; i < MIN (n_awaiting, 40u); i++)
      {
        g_autoptr (MrPackage) p = g_list_model_get_item (list, i);

        g_assert_cmpint (mr_package_get_received_at (p), >=, last);
        g_assert_false (mr_package_status_is_final (mr_package_get_status (p)));
        last = mr_package_get_received_at (p);
      }
  }
  /* Our unlabelled package, the newest, at the end: scroll there. */
  g_assert_true (mr_packages_page_select_package (f->page, f->p_label));
  mr_test_iterate (200);
  row = find_row (f, mr_package_get_internal_id (label_pkg), FALSE);
  g_assert_nonnull (row);
  g_assert_true (mr_package_row_get_needs_label_shown (row));
  {
    g_autofree char *age =
      mr_package_format_age (mr_package_get_received_at (label_pkg), g_get_real_time () / 1000);

    g_assert_cmpstr (mr_package_row_get_time (row), ==, age);
  }
  g_assert_nonnull (strstr (mr_package_row_get_details (row), "Ann Archer"));
  mr_test_save_screenshot (GTK_WIDGET (f->window), "packages-awaiting");

  /* The duplicate is flagged in its row. */
  g_assert_true (mr_packages_page_select_package (f->page, f->p_eve));
  mr_test_iterate (100);
  g_assert_nonnull (find_row (f, TRACKING, TRUE));

  /* History: every package. */
  mr_packages_page_set_view (f->page, MR_PACKAGE_VIEW_HISTORY);
  mr_test_iterate (50);
  g_assert_cmpuint (n_items (f), ==,
                    count_sql (f, "SELECT count(*) FROM package WHERE deleted = 0", NULL));
  g_assert_cmpuint (n_items (f), >, n_awaiting);
}

static void
set_drop_down (Fixture *f, const char *filter, const char *id)
{
  GtkWidget *w = mr_packages_page_get_filter_widget (f->page, filter);

  g_assert_true (GTK_IS_DROP_DOWN (w));
  g_assert_true (mr_id_drop_down_set_id (GTK_DROP_DOWN (w), id));
  mr_test_iterate (20);
}

static void
set_text (Fixture *f, const char *filter, const char *text)
{
  GtkWidget *w = mr_packages_page_get_filter_widget (f->page, filter);

  gtk_editable_set_text (GTK_EDITABLE (w), text);
  mr_test_iterate (20);
}

/* Each filter from its control, alone and together, against SQL. */
static void
test_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *place = NULL;
  g_autofree char *tomorrow = NULL;
  g_autofree char *today = NULL;
  guint n_all;
  guint n;

  mr_packages_page_set_view (f->page, MR_PACKAGE_VIEW_HISTORY);
  mr_test_iterate (50);
  n_all = n_items (f);
  g_assert_cmpuint (mr_packages_page_get_n_filters (f->page), ==, 0);

  /* The filter popover, as the keyboard opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.filters", NULL));
  mr_test_iterate (200);

  set_drop_down (f, "status", "picked_up");
  n =
    count_sql (f, "SELECT count(*) FROM package WHERE deleted = 0 AND status = 'picked_up'", NULL);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n_items (f), ==, n);
  g_assert_cmpuint (mr_packages_page_get_n_filters (f->page), ==, 1);
  set_drop_down (f, "status", NULL);
  g_assert_cmpuint (n_items (f), ==, n_all);

  /* A carrier as typed, in lower case. */
  set_text (f, "carrier", "ups");
  n = count_sql (f, "SELECT count(*) FROM package WHERE deleted = 0 AND carrier = 'UPS'", NULL);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n_items (f), ==, n);
  set_text (f, "carrier", "");

  /* A recipient chosen by typing in the picker, Enter taking the match. */
  {
    MrContactPicker *picker =
      MR_CONTACT_PICKER (mr_packages_page_get_filter_widget (f->page, "recipient"));

    gtk_editable_set_text (mr_contact_picker_get_entry (picker), "ann arch");
    mr_test_iterate (20);
    g_assert_cmpuint (mr_contact_picker_get_n_matches (picker), ==, 1);
    g_signal_emit_by_name (mr_contact_picker_get_entry (picker), "activate");
    mr_test_iterate (20);
    g_assert_cmpstr (mr_contact_picker_get_contact_id (picker), ==, f->ann);
    g_assert_cmpuint (n_items (f), ==, 3);
    g_assert_cmpuint (n_items (f), ==,
                      count_sql (f, "SELECT count(*) FROM package WHERE recipient_id = ?", f->ann));
    mr_test_save_screenshot (GTK_WIDGET (f->window), "packages-filtered");
    mr_contact_picker_set_contact_id (picker, NULL);
    mr_test_iterate (20);
  }

  set_drop_down (f, "department", f->customs);
  g_assert_cmpuint (
    n_items (f), ==,
    count_sql (f, "SELECT count(*) FROM package WHERE for_department_id = ?", f->customs));
  g_assert_cmpuint (n_items (f), ==, 3);
  set_drop_down (f, "department", NULL);

  /* A place the demo received packages at. */
  place = text_sql (f,
                    "SELECT place_id FROM package WHERE place_id IS NOT NULL GROUP BY place_id "
                    "ORDER BY count(*) DESC LIMIT 1",
                    NULL);
  g_assert_nonnull (place);
  set_drop_down (f, "place", place);
  n = count_sql (f, "SELECT count(*) FROM package WHERE deleted = 0 AND place_id = ?", place);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n_items (f), ==, n);

  /* Together with a status: both apply. */
  set_drop_down (f, "status", "picked_up");
  g_assert_cmpuint (n_items (f), ==,
                    count_sql (f,
                               "SELECT count(*) FROM package WHERE deleted = 0 AND place_id = ? "
                               "AND status = 'picked_up'",
                               place));
  g_assert_cmpuint (mr_packages_page_get_n_filters (f->page), ==, 2);

  /* Dates: from tomorrow, nothing; a day that does not exist is no
   * filter, and is shown as an error. */
  mr_packages_page_clear_filters (f->page);
  mr_test_iterate (20);
  g_assert_cmpuint (n_items (f), ==, n_all);
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autoptr (GDateTime) next = g_date_time_add_days (now, 1);

    tomorrow = g_date_time_format (next, "%Y-%m-%d");
    today = g_date_time_format (now, "%Y-%m-%d");
  }
  set_text (f, "from", tomorrow);
  g_assert_cmpuint (n_items (f), ==, 0);
  set_text (f, "from", "2024-13-45");
  g_assert_true (
    gtk_widget_has_css_class (mr_packages_page_get_filter_widget (f->page, "from"), "error"));
  g_assert_cmpuint (n_items (f), ==, n_all);
  set_text (f, "from", today);
  set_text (f, "to", today);
  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT count(*) FROM package WHERE deleted = 0 AND received_at >= %" G_GINT64_FORMAT
      " AND received_at < %" G_GINT64_FORMAT,
      local_midnight_ms (0), local_midnight_ms (1));

    g_assert_cmpuint (n_items (f), ==, count_sql (f, sql, NULL));
  }
  /* The popover closes when another window takes the focus (tests run
   * side by side on one display): open it again for its picture. */
  {
    GtkWidget *popover =
      GTK_WIDGET (gtk_widget_get_native (mr_packages_page_get_filter_widget (f->page, "place")));

    for (guint attempt = 0; attempt < 5 && !gtk_widget_get_mapped (popover); attempt++)
      {
        gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.filters", NULL);
        mr_test_wait_until (widget_mapped, popover, 5);
      }
    if (gtk_widget_get_mapped (popover))
      mr_test_save_screenshot (popover, "packages-filters");
    else
      g_test_message ("the filter popover did not stay open: no screenshot");
  }

  /* Clear Filters, the action of the bar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.clear-filters", NULL));
  mr_test_iterate (20);
  g_assert_cmpuint (mr_packages_page_get_n_filters (f->page), ==, 0);
  g_assert_cmpuint (n_items (f), ==, n_all);
}

/* Finding by number: selects in the list on show, else in the history. */
static void
test_find (Fixture *f, gconstpointer data)
{
  g_autoptr (MrPackage) label_pkg = mr_store_get_package (f->store, f->p_label);
  g_autofree char *old = NULL;
  g_autofree char *old_tracking = NULL;
  GPtrArray *selected;
  MrPackageDetails *details = MR_PACKAGE_DETAILS (mr_packages_page_get_details (f->page));

  /* Lower case, as typed. */
  {
    g_autofree char *lower = g_ascii_strdown (mr_package_get_internal_id (label_pkg), -1);

    g_assert_true (mr_packages_page_find (f->page, lower));
  }
  mr_test_iterate (50);
  selected = mr_packages_page_get_selected_ids (f->page);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (selected, 0), ==, f->p_label);
  g_assert_cmpint (mr_packages_page_get_view (f->page), ==, MR_PACKAGE_VIEW_TODAY);
  g_assert_cmpstr (mr_package_get_id (mr_package_details_get_package (details)), ==, f->p_label);

  /* A demo package received days ago and handed over: the history. */
  old = text_sql (f,
                  "SELECT id FROM package WHERE status = 'picked_up' AND tracking_number IS NOT "
                  "NULL ORDER BY received_at LIMIT 1",
                  NULL);
  old_tracking = text_sql (f, "SELECT tracking_number FROM package WHERE id = ?", old);
  gtk_editable_set_text (mr_packages_page_get_find_entry (f->page), old_tracking);
  g_signal_emit_by_name (mr_packages_page_get_find_entry (f->page), "activate");
  mr_test_iterate (100);
  g_assert_cmpint (mr_packages_page_get_view (f->page), ==, MR_PACKAGE_VIEW_HISTORY);
  selected = mr_packages_page_get_selected_ids (f->page);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (selected, 0), ==, old);

  /* Nothing has that number: said in a toast, the selection kept. */
  gtk_editable_set_text (mr_packages_page_get_find_entry (f->page), "NO-SUCH-NUMBER-1");
  g_signal_emit_by_name (mr_packages_page_get_find_entry (f->page), "activate");
  mr_test_iterate (50);
  g_assert_nonnull (mr_packages_page_get_last_toast (f->page));
  g_assert_nonnull (
    strstr (adw_toast_get_title (mr_packages_page_get_last_toast (f->page)), "NO-SUCH-NUMBER-1"));
  g_assert_cmpstr (g_ptr_array_index (mr_packages_page_get_selected_ids (f->page), 0), ==, old);
}

/* The details: the fields, the duplicate, the chain of custody. */
static void
test_details (Fixture *f, gconstpointer data)
{
  MrPackageDetails *details = MR_PACKAGE_DETAILS (mr_packages_page_get_details (f->page));
  g_autofree char *moved_id = NULL;
  g_autofree char *text = NULL;

  g_assert_true (mr_packages_page_select_package (f->page, f->p_sig));
  mr_test_iterate (50);
  g_assert_cmpstr (mr_package_details_get_field (details, "tracking_number"), ==, TRACKING);
  g_assert_cmpstr (mr_package_details_get_field (details, "recipient"), ==, "Ann Archer");
  g_assert_cmpstr (mr_package_details_get_field (details, "department"), ==, "Customs");
  g_assert_cmpstr (mr_package_details_get_field (details, "carrier"), ==, "UPS");
  g_assert_cmpstr (mr_package_details_get_field (details, "handover"), ==,
                   mr_package_handover_get_label ("signature"));
  g_assert_cmpstr (mr_package_details_get_field (details, "status"), ==,
                   mr_package_status_get_label (MR_PACKAGE_RECEIVED));
  g_assert_cmpuint (mr_package_details_get_n_events (details), ==, 1);
  text = mr_package_details_dup_event_text (details, 0);
  g_assert_nonnull (strstr (text, mr_package_event_kind_get_label ("received")));

  /* A demo package with a long history: every event listed, in order,
   * each with the status it led from and to. */
  moved_id = text_sql (f,
                       "SELECT package_id FROM package_event GROUP BY package_id ORDER BY "
                       "count(*) DESC LIMIT 1",
                       NULL);
  mr_packages_page_set_view (f->page, MR_PACKAGE_VIEW_HISTORY);
  g_assert_true (mr_packages_page_select_package (f->page, moved_id));
  mr_test_iterate (50);
  g_assert_cmpuint (mr_package_details_get_n_events (details), ==, n_events (f, moved_id));
  g_assert_cmpuint (mr_package_details_get_n_events (details), >=, 3);
  {
    g_autofree char *second = mr_package_details_dup_event_text (details, 1);

    /* "Received → …": the second event's previous status. */
    g_assert_nonnull (strstr (second, mr_package_status_get_label (MR_PACKAGE_RECEIVED)));
    g_assert_nonnull (strstr (second, "→"));
  }
  mr_test_save_screenshot (GTK_WIDGET (f->window), "packages-details");

  /* Several selected: a summary. */
  mr_packages_page_set_view (f->page, MR_PACKAGE_VIEW_TODAY);
  g_assert_true (mr_packages_page_select_package (f->page, f->p_sig));
  g_assert_true (mr_packages_page_add_to_selection (f->page, f->p_sig2));
  mr_test_iterate (50);
  g_assert_cmpuint (mr_packages_page_get_selected_ids (f->page)->len, ==, 2);
  g_assert_null (mr_package_details_get_package (details));

  /* Ann's and Eve's together: not one handover, and the page says why. */
  g_assert_true (mr_packages_page_add_to_selection (f->page, f->p_eve));
  mr_test_iterate (50);
  g_assert_cmpuint (mr_packages_page_get_selected_ids (f->page)->len, ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.hand-over", NULL));
  mr_test_iterate (50);
  g_assert_null (mr_packages_page_get_handover_dialog (f->page));
  g_assert_cmpstr (adw_toast_get_title (mr_packages_page_get_last_toast (f->page)), ==,
                   _ ("Select packages for one recipient to hand them over together."));
}

/* Signing: the drag gesture of the pad, as a mouse or a finger drives it. */
static GtkGesture *
pad_drag_gesture (MrSignaturePad *pad)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (pad));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        return GTK_GESTURE (c);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
sign_with_gesture (MrSignaturePad *pad)
{
  GtkGesture *drag = pad_drag_gesture (pad);
  int w = gtk_widget_get_width (GTK_WIDGET (pad));
  int h = gtk_widget_get_height (GTK_WIDGET (pad));
  double x0 = w * 0.15, y0 = h * 0.6;

  g_assert_cmpint (w, >, 100);
  /* A loop and a tail, like a hurried signature. */
  g_signal_emit_by_name (drag, "drag-begin", x0, y0);
  for (int i = 1; i <= 40; i++)
    {
      double t = i / 40.0;
      double dx = t * w * 0.6;
      double dy = -sin (t * G_PI * 3) * h * 0.25;

      g_signal_emit_by_name (drag, "drag-update", dx, dy);
    }
  g_signal_emit_by_name (drag, "drag-end", w * 0.6, 0.0);
  /* A second stroke: a dot. */
  g_signal_emit_by_name (drag, "drag-begin", w * 0.8, h * 0.3);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
}

/* The stored PNG decodes to the fixed size, with ink on it. */
static void
assert_signature_png (GBytes *png)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int w, h;
  guint dark = 0;

  g_assert_nonnull (png);
  texture = gdk_texture_new_from_bytes (png, &error);
  g_assert_no_error (error);
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  g_assert_cmpint (w, ==, MR_SIGNATURE_WIDTH);
  g_assert_cmpint (h, ==, MR_SIGNATURE_HEIGHT);
  pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  for (int i = 0; i < w * h; i++)
    /* B8G8R8A8 premultiplied: a dark pixel of ink. */
    if (pixels[i * 4] < 80 && pixels[i * 4 + 1] < 80 && pixels[i * 4 + 2] < 80)
      dark++;
  g_assert_cmpuint (dark, >, 200);
}

/* Two of Ann's packages at once: the missing signature and the wrong
 * taker refused with nothing changed, then one signature for both. */
static void
test_handover_signature (Fixture *f, gconstpointer data)
{
  MrHandoverDialog *dialog;
  MrSignaturePad *pad;
  g_autoptr (GPtrArray) events = NULL;
  MrPackageEvent *last;
  g_autoptr (GBytes) png = NULL;
  guint journal_before;
  MrPackageDetails *details = MR_PACKAGE_DETAILS (mr_packages_page_get_details (f->page));

  g_assert_true (mr_packages_page_select_package (f->page, f->p_sig));
  g_assert_true (mr_packages_page_add_to_selection (f->page, f->p_sig2));
  mr_test_iterate (50);
  /* Ctrl+Enter's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.hand-over", NULL));
  dialog = MR_HANDOVER_DIALOG (mr_packages_page_get_handover_dialog (f->page));
  g_assert_nonnull (dialog);
  g_assert_true (mr_test_wait_until (widget_mapped, dialog, 5));
  mr_test_iterate (100);
  g_assert_cmpuint (mr_handover_dialog_get_n_packages (dialog), ==, 2);
  g_assert_true (mr_handover_dialog_get_needs_signature (dialog));
  g_assert_false (mr_handover_dialog_get_needs_id_scan (dialog));
  /* The recipient first, then the key contact of her department. */
  g_assert_cmpuint (mr_handover_dialog_get_n_takers (dialog), ==, 2);
  g_assert_cmpstr (mr_handover_dialog_get_taker_id (dialog, 0), ==, f->ann);
  g_assert_cmpstr (mr_handover_dialog_get_taker_id (dialog, 1), ==, f->bob);
  g_assert_cmpstr (mr_handover_dialog_get_chosen_taker (dialog), ==, f->ann);

  journal_before = count_sql (f, "SELECT count(*) FROM journal", NULL);

  /* No signature: refused in the core's words. */
  g_assert_false (mr_handover_dialog_hand_over (dialog));
  g_assert_nonnull (mr_handover_dialog_get_error (dialog));
  g_assert_nonnull (strstr (mr_handover_dialog_get_error (dialog),
                            _ ("This package is handed over against a signature: have the person "
                               "who takes it sign.")));

  /* Someone else, who is neither: refused by name, nothing changed. */
  pad = mr_handover_dialog_get_signature_pad (dialog);
  sign_with_gesture (pad);
  mr_test_iterate (50);
  g_assert_cmpuint (mr_signature_pad_get_n_strokes (pad), ==, 2);
  g_assert_null (mr_handover_dialog_get_error (dialog));
  mr_handover_dialog_set_taker (dialog, f->eve);
  mr_test_iterate (50);
  g_assert_cmpstr (mr_handover_dialog_get_chosen_taker (dialog), ==, f->eve);
  g_assert_false (mr_handover_dialog_hand_over (dialog));
  g_assert_nonnull (strstr (mr_handover_dialog_get_error (dialog), "Eve Stranger"));
  mr_test_save_screenshot (GTK_WIDGET (dialog), "handover-refused");

  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM journal", NULL), ==, journal_before);
  {
    g_autofree char *s1 = status_of (f, f->p_sig);
    g_autofree char *s2 = status_of (f, f->p_sig2);

    g_assert_cmpstr (s1, ==, "received");
    g_assert_cmpstr (s2, ==, "received");
  }
  g_assert_cmpuint (n_events (f, f->p_sig), ==, 1);
  g_assert_cmpuint (n_events (f, f->p_sig2), ==, 1);

  /* Clear, sign again, the recipient takes them. */
  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (dialog), "handover.clear-signature", NULL));
  g_assert_true (mr_signature_pad_is_empty (pad));
  sign_with_gesture (pad);
  mr_handover_dialog_set_taker (dialog, f->ann);
  mr_test_iterate (50);
  mr_test_save_screenshot (GTK_WIDGET (dialog), "handover-signature");
  g_object_ref (dialog);
  g_assert_true (mr_handover_dialog_hand_over (dialog));
  g_object_unref (dialog);
  mr_test_iterate (100);
  g_assert_null (mr_packages_page_get_handover_dialog (f->page));

  for (guint k = 0; k < 2; k++)
    {
      const char *id = k == 0 ? f->p_sig : f->p_sig2;
      g_autofree char *status = status_of (f, id);

      g_assert_cmpstr (status, ==, "picked_up");
      g_clear_pointer (&events, g_ptr_array_unref);
      events = mr_store_list_package_events (f->store, id);
      g_assert_cmpuint (events->len, ==, 2);
      last = g_ptr_array_index (events, 1);
      g_assert_cmpstr (last->kind, ==, "picked_up");
      g_assert_cmpstr (last->handed_to_id, ==, f->ann);
      g_assert_cmpstr (last->previous_status, ==, "received");
      g_assert_true (last->has_signature);
      g_clear_pointer (&png, g_bytes_unref);
      png = mr_store_get_package_signature (f->store, last->id);
      assert_signature_png (png);
    }
  g_assert_nonnull (mr_packages_page_get_last_toast (f->page));
  g_assert_nonnull (
    strstr (adw_toast_get_title (mr_packages_page_get_last_toast (f->page)), "Ann Archer"));

  /* The details show the handover with its signature. */
  mr_packages_page_set_view (f->page, MR_PACKAGE_VIEW_HISTORY);
  g_assert_true (mr_packages_page_select_package (f->page, f->p_sig));
  mr_test_iterate (100);
  g_assert_cmpuint (mr_package_details_get_n_events (details), ==, 2);
  g_assert_cmpuint (mr_package_details_get_n_signatures (details), ==, 1);
  {
    g_autofree char *text = mr_package_details_dup_event_text (details, 1);

    g_assert_nonnull (strstr (text, "Ann Archer"));
    g_assert_nonnull (strstr (text, mr_package_status_get_label (MR_PACKAGE_PICKED_UP)));
  }
  mr_test_save_screenshot (GTK_WIDGET (f->window), "packages-handed-over");

  /* Gone from the packages awaiting pickup. */
  mr_packages_page_set_view (f->page, MR_PACKAGE_VIEW_AWAITING);
  mr_test_iterate (50);
  g_assert_false (mr_package_list_find (mr_packages_page_get_list (f->page), f->p_sig, NULL));
}

/* Handover rules from their dialog, then an ID scan at the counter. */
static void
test_rules_and_id_scan (Fixture *f, gconstpointer data)
{
  MrHandoverRulesDialog *rules;
  MrHandoverDialog *dialog;
  AdwComboRow *row;
  g_autofree char *place = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *p_new = NULL;
  g_autoptr (GPtrArray) events = NULL;
  MrPackageEvent *last;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.rules", NULL));
  rules = MR_HANDOVER_RULES_DIALOG (mr_packages_page_get_rules_dialog (f->page));
  g_assert_nonnull (rules);
  g_assert_true (mr_test_wait_until (widget_mapped, rules, 5));
  g_assert_cmpuint (mr_handover_rules_dialog_get_n_places (rules), ==,
                    count_sql (f, "SELECT count(*) FROM place WHERE deleted = 0", NULL));
  g_assert_cmpuint (mr_handover_rules_dialog_get_n_places (rules), >, 1);

  /* A place: Signature, then back to Inherited (no rule of its own). */
  place =
    text_sql (f, "SELECT id FROM place WHERE deleted = 0 AND parent_id IS NOT NULL LIMIT 1", NULL);
  row = mr_handover_rules_dialog_get_place_row (rules, place);
  g_assert_nonnull (row);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  adw_combo_row_set_selected (row, mr_handover_rule_position ("signature"));
  mr_test_iterate (20);
  rule = mr_store_get_handover_rule (f->store, place);
  g_assert_cmpstr (rule, ==, "signature");
  g_clear_pointer (&rule, g_free);
  adw_combo_row_set_selected (row, 0);
  mr_test_iterate (20);
  g_assert_null (mr_store_get_handover_rule (f->store, place));

  /* A person: Eve's packages against an ID scan. */
  mr_handover_rules_dialog_set_contact (rules, f->eve);
  mr_test_iterate (20);
  row = mr_handover_rules_dialog_get_contact_row (rules);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (row)));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  adw_combo_row_set_selected (row, mr_handover_rule_position ("id_scan"));
  mr_test_iterate (20);
  rule = mr_store_get_handover_rule (f->store, f->eve);
  g_assert_cmpstr (rule, ==, "id_scan");
  g_assert_null (mr_handover_rules_dialog_get_error (rules));
  mr_test_save_screenshot (GTK_WIDGET (rules), "handover-rules");
  gtk_window_close (GTK_WINDOW (rules));
  mr_test_iterate (50);
  g_assert_null (mr_packages_page_get_rules_dialog (f->page));

  /* A package received now for Eve needs her ID. */
  p_new = receive (f->store, f->eve, "986832165410");
  g_assert_true (mr_packages_page_select_package (f->page, p_new));
  mr_test_iterate (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.hand-over", NULL));
  dialog = MR_HANDOVER_DIALOG (mr_packages_page_get_handover_dialog (f->page));
  g_assert_true (mr_test_wait_until (widget_mapped, dialog, 5));
  g_assert_true (mr_handover_dialog_get_needs_id_scan (dialog));
  g_assert_false (mr_handover_dialog_get_needs_signature (dialog));
  g_assert_cmpstr (mr_handover_dialog_get_chosen_taker (dialog), ==, f->eve);

  g_assert_false (mr_handover_dialog_hand_over (dialog));
  g_assert_nonnull (strstr (mr_handover_dialog_get_error (dialog),
                            _ ("This package is handed over against an ID: scan the ID of the "
                               "person who takes it.")));
  g_assert_cmpuint (n_events (f, p_new), ==, 1);

  /* The scanner types the ID and Enter. */
  gtk_editable_set_text (mr_handover_dialog_get_id_entry (dialog), "IDFRA123456");
  mr_test_save_screenshot (GTK_WIDGET (dialog), "handover-id-scan");
  g_signal_emit_by_name (mr_handover_dialog_get_id_entry (dialog), "entry-activated");
  mr_test_iterate (100);
  g_assert_null (mr_packages_page_get_handover_dialog (f->page));
  events = mr_store_list_package_events (f->store, p_new);
  g_assert_cmpuint (events->len, ==, 2);
  last = g_ptr_array_index (events, 1);
  g_assert_cmpstr (last->kind, ==, "picked_up");
  g_assert_cmpstr (last->id_scan, ==, "IDFRA123456");
  g_assert_cmpstr (last->handed_to_id, ==, f->eve);
  g_assert_false (last->has_signature);
}

/* Bags: create, add the selection, move, close and reopen, show its
 * packages; one package out of its bag from the page, and Undo. */
static void
test_bags (Fixture *f, gconstpointer data)
{
  MrBagsDialog *bags;
  AdwMessageDialog *place_dialog;
  g_autofree char *place = NULL;
  g_autofree char *bag = NULL;
  guint moved_before;
  AdwToast *toast;

  g_assert_true (mr_packages_page_select_package (f->page, f->p_sig));
  g_assert_true (mr_packages_page_add_to_selection (f->page, f->p_label));
  mr_test_iterate (50);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.bags", NULL));
  bags = MR_BAGS_DIALOG (mr_packages_page_get_bags_dialog (f->page));
  g_assert_nonnull (bags);
  g_assert_true (mr_test_wait_until (widget_mapped, bags, 5));
  g_assert_cmpuint (
    mr_bags_dialog_get_n_bags (bags), ==,
    count_sql (f, "SELECT count(*) FROM bag WHERE deleted = 0 AND closed_at IS NULL", NULL));

  gtk_editable_set_text (mr_bags_dialog_get_label_entry (bags), "Pouch 7");
  bag = g_strdup (mr_bags_dialog_create_bag (bags));
  g_assert_nonnull (bag);
  g_assert_cmpstr (mr_bags_dialog_get_selected_bag (bags), ==, bag);
  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM bag WHERE label = 'Pouch 7'", NULL), ==, 1);

  /* The same label again: refused in the core's words. */
  gtk_editable_set_text (mr_bags_dialog_get_label_entry (bags), "Pouch 7");
  g_assert_null (mr_bags_dialog_create_bag (bags));
  g_assert_nonnull (mr_bags_dialog_get_error (bags));
  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM bag WHERE label = 'Pouch 7'", NULL), ==, 1);
  gtk_editable_set_text (mr_bags_dialog_get_label_entry (bags), "");
  g_assert_true (mr_bags_dialog_select_bag (bags, bag));

  g_assert_true (mr_bags_dialog_add_packages (bags));
  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM package WHERE bag_id = ?", bag), ==, 2);
  g_assert_nonnull (mr_bags_dialog_get_status (bags));

  /* Move the bag: through its place chooser. */
  place =
    text_sql (f, "SELECT id FROM place WHERE deleted = 0 AND parent_id IS NOT NULL LIMIT 1", NULL);
  moved_before = count_sql (f, "SELECT count(*) FROM package_event WHERE kind = 'moved'", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bags), "bags.move", NULL));
  place_dialog = mr_bags_dialog_get_place_dialog (bags);
  g_assert_nonnull (place_dialog);
  g_assert_true (mr_test_wait_until (widget_mapped, place_dialog, 5));
  g_assert_true (mr_id_drop_down_set_id (
    GTK_DROP_DOWN (adw_message_dialog_get_extra_child (place_dialog)), place));
  adw_message_dialog_response (place_dialog, "move");
  mr_test_iterate (50);
  g_assert_cmpuint (count_sql (f,
                               "SELECT count(*) FROM package WHERE bag_id = ?1 AND place_id = "
                               "(SELECT place_id FROM bag WHERE id = ?1) AND status = 'at_place'",
                               bag),
                    ==, 2);
  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM package_event WHERE kind = 'moved'", NULL),
                    ==, moved_before + 2);
  mr_test_save_screenshot (GTK_WIDGET (bags), "packages-bags");

  /* Closed, it takes nothing more. */
  g_assert_true (mr_bags_dialog_remove_packages (bags));
  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM package WHERE bag_id = ?", bag), ==, 0);
  g_assert_true (mr_bags_dialog_close_bag (bags));
  g_assert_cmpuint (
    count_sql (f, "SELECT count(*) FROM bag WHERE id = ? AND closed_at IS NOT NULL", bag), ==, 1);
  g_assert_false (mr_bags_dialog_add_packages (bags));
  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM package WHERE bag_id = ?", bag), ==, 0);
  g_assert_true (mr_bags_dialog_reopen_bag (bags));
  g_assert_true (mr_bags_dialog_add_packages (bags));
  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM package WHERE bag_id = ?", bag), ==, 2);

  /* Its packages in the list, filtered by the bag. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bags), "bags.show", NULL));
  mr_test_iterate (100);
  g_assert_null (mr_packages_page_get_bags_dialog (f->page));
  g_assert_cmpint (mr_packages_page_get_view (f->page), ==, MR_PACKAGE_VIEW_HISTORY);
  g_assert_cmpuint (mr_packages_page_get_n_filters (f->page), ==, 1);
  g_assert_cmpuint (n_items (f), ==, 2);

  /* One out of the bag from the page; Undo puts it back. */
  g_assert_true (mr_packages_page_select_package (f->page, f->p_label));
  mr_test_iterate (50);
  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.remove-from-bag", NULL));
  mr_test_iterate (50);
  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM package WHERE bag_id = ?", bag), ==, 1);
  toast = mr_packages_page_get_last_toast (f->page);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.undo");
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), "win.undo",
                                                     adw_toast_get_action_target_value (toast)));
  mr_test_iterate (50);
  g_assert_cmpuint (count_sql (f, "SELECT count(*) FROM package WHERE bag_id = ?", bag), ==, 2);
}

static void
choose_place (Fixture *f, const char *place)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.move", NULL));
  dialog = mr_packages_page_get_message_dialog (f->page);
  g_assert_nonnull (dialog);
  g_assert_true (mr_test_wait_until (widget_mapped, dialog, 5));
  g_assert_true (
    mr_id_drop_down_set_id (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog)), place));
  adw_message_dialog_response (dialog, "move");
  mr_test_iterate (50);
}

static void
confirm (Fixture *f, const char *action, const char *response)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, NULL));
  dialog = mr_packages_page_get_message_dialog (f->page);
  g_assert_nonnull (dialog);
  g_assert_true (mr_test_wait_until (widget_mapped, dialog, 5));
  adw_message_dialog_response (dialog, response);
  mr_test_iterate (50);
}

/* Move (Undo moves back), notified, returned, removed (confirmed). */
static void
test_events (Fixture *f, gconstpointer data)
{
  g_autofree char *place_a = NULL;
  g_autofree char *place_b = NULL;
  g_autofree char *at = NULL;
  g_autofree char *status = NULL;
  AdwToast *toast;

  place_a = text_sql (f,
                      "SELECT id FROM place WHERE deleted = 0 AND parent_id IS NOT NULL "
                      "ORDER BY id LIMIT 1",
                      NULL);
  place_b = text_sql (f,
                      "SELECT id FROM place WHERE deleted = 0 AND parent_id IS NOT NULL "
                      "ORDER BY id DESC LIMIT 1",
                      NULL);
  g_assert_cmpstr (place_a, !=, place_b);

  g_assert_true (mr_packages_page_select_package (f->page, f->p_sig2));
  mr_test_iterate (50);
  choose_place (f, place_a);
  at = text_sql (f, "SELECT place_id FROM package WHERE id = ?", f->p_sig2);
  g_assert_cmpstr (at, ==, place_a);
  g_clear_pointer (&at, g_free);

  /* From a place to another: Undo moves it back. */
  choose_place (f, place_b);
  at = text_sql (f, "SELECT place_id FROM package WHERE id = ?", f->p_sig2);
  g_assert_cmpstr (at, ==, place_b);
  g_clear_pointer (&at, g_free);
  g_assert_cmpuint (n_events (f, f->p_sig2), ==, 3);
  toast = mr_packages_page_get_last_toast (f->page);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.undo");
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), "win.undo",
                                                     adw_toast_get_action_target_value (toast)));
  mr_test_iterate (50);
  at = text_sql (f, "SELECT place_id FROM package WHERE id = ?", f->p_sig2);
  g_assert_cmpstr (at, ==, place_a);
  g_assert_cmpuint (n_events (f, f->p_sig2), ==, 4);

  /* Notified, after asking; a second time the core refuses. */
  confirm (f, "packages.notified", "confirm");
  status = status_of (f, f->p_sig2);
  g_assert_cmpstr (status, ==, "notified");
  g_clear_pointer (&status, g_free);
  confirm (f, "packages.notified", "confirm");
  g_assert_cmpuint (n_events (f, f->p_sig2), ==, 5);
  toast = mr_packages_page_get_last_toast (f->page);
  g_assert_cmpstr (adw_toast_get_title (toast), ==,
                   _ ("The recipient was already notified: send a reminder instead."));

  /* Returned: asked first; Cancel changes nothing. */
  confirm (f, "packages.returned", "cancel");
  status = status_of (f, f->p_sig2);
  g_assert_cmpstr (status, ==, "notified");
  g_clear_pointer (&status, g_free);
  confirm (f, "packages.returned", "confirm");
  status = status_of (f, f->p_sig2);
  g_assert_cmpstr (status, ==, "returned");
  g_clear_pointer (&status, g_free);
  /* Gone: nothing more to do with it. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.hand-over", NULL);
  mr_test_iterate (20);
  g_assert_null (mr_packages_page_get_handover_dialog (f->page));

  /* Two removed at once. */
  g_assert_true (mr_packages_page_select_package (f->page, f->p_eve));
  g_assert_true (mr_packages_page_add_to_selection (f->page, f->p_label));
  mr_test_iterate (50);
  confirm (f, "packages.removed", "confirm");
  status = status_of (f, f->p_eve);
  g_assert_cmpstr (status, ==, "removed");
  g_clear_pointer (&status, g_free);
  status = status_of (f, f->p_label);
  g_assert_cmpstr (status, ==, "removed");
}

/* At 360 px: one column, the list then the details. */
static void
test_narrow (Fixture *f, gconstpointer data)
{
  GtkWidget *details = mr_packages_page_get_details (f->page);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  mr_test_iterate (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 360);
  g_assert_false (gtk_widget_get_child_visible (details) && gtk_widget_get_mapped (details));
  mr_test_save_screenshot (GTK_WIDGET (f->window), "packages-narrow");

  g_assert_true (mr_packages_page_select_package (f->page, f->p_sig));
  mr_test_iterate (50);
  g_signal_emit_by_name (
    gtk_widget_get_ancestor (GTK_WIDGET (find_row (f, TRACKING, FALSE)), GTK_TYPE_LIST_VIEW),
    "activate", 0);
  mr_test_iterate (300);
  g_assert_true (gtk_widget_get_mapped (details));
  mr_test_save_screenshot (GTK_WIDGET (f->window), "packages-narrow-details");
}

/* The pointer, for real: xdotool drags across the pad on the X server
 * (XTest events, as a mouse makes them, through the pad's own gestures). */
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>

/* Runs xdotool with @args (a NULL-terminated list) and waits for it: the
 * events it sends wait in the X connection until the main loop reads
 * them, in order. Returns what it printed. */
static char *
xdotool_run (const char *xdotool, GPtrArray *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) xdotool);
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (args, i));
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  return out;
}

static void add_arg (GPtrArray *args, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_arg (GPtrArray *args, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_ptr_array_add (args, g_strdup_vprintf (format, ap));
  va_end (ap);
}

static void
test_real_pointer (Fixture *f, gconstpointer data)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GBytes) png = NULL;
  MrHandoverDialog *dialog;
  MrSignaturePad *pad;
  graphene_point_t origin;
  double sx, sy;
  int w, h;
  gulong xid;
  gboolean on_top = FALSE;
  GtkEventController *motion;

  /* The real pointer crosses every window on the display: this runs in a
   * test of its own, on an X server of its own (packages-page-pointer). */
  if (g_getenv ("MAILROOM_TEST_REAL_POINTER") == NULL)
    {
      g_test_skip ("runs on a display of its own, as packages-page-pointer");
      return;
    }
  if (xdotool == NULL || xvfb == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool, Xvfb and an X11 display");
      return;
    }
  g_assert_true (mr_packages_page_select_package (f->page, f->p_sig));
  mr_test_iterate (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "packages.hand-over", NULL));
  dialog = MR_HANDOVER_DIALOG (mr_packages_page_get_handover_dialog (f->page));
  g_assert_true (mr_test_wait_until (widget_mapped, dialog, 5));
  mr_test_iterate (300);
  pad = mr_handover_dialog_get_signature_pad (dialog);
  w = gtk_widget_get_width (GTK_WIDGET (pad));
  h = gtk_widget_get_height (GTK_WIDGET (pad));
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (pad), GTK_WIDGET (dialog),
                                           &GRAPHENE_POINT_INIT (0, 0), &origin));
  gtk_native_get_surface_transform (GTK_NATIVE (dialog), &sx, &sy);
  xid = (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (dialog)));

  /* No window manager: raise the dialog, and make sure the pointer is
   * over the pad (as the pad's own motion controller sees it) first. */
  motion = gtk_event_controller_motion_new ();
  gtk_widget_add_controller (GTK_WIDGET (pad), motion);
  for (guint attempt = 0; attempt < 5 && mr_signature_pad_is_empty (pad); attempt++)
    {
      g_autoptr (GPtrArray) check = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GPtrArray) drag = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *moved = NULL;
      g_autofree char *dragged = NULL;

      add_arg (check, "windowraise");
      add_arg (check, "%lu", xid);
      add_arg (check, "mousemove");
      add_arg (check, "--window");
      add_arg (check, "%lu", xid);
      add_arg (check, "%d", (int) (origin.x + sx + w * 0.15));
      add_arg (check, "%d", (int) (origin.y + sy + h * 0.65));
      moved = xdotool_run (xdotool, check);
      mr_test_iterate (200);
      if (!gtk_event_controller_motion_contains_pointer (GTK_EVENT_CONTROLLER_MOTION (motion)))
        {
          g_test_message ("attempt %u: the pointer is not over the pad", attempt);
          continue;
        }
      on_top = TRUE;

      /* Press, a zigzag, release. */
      for (int i = 0; i <= 12; i++)
        {
          add_arg (drag, "mousemove");
          add_arg (drag, "--window");
          add_arg (drag, "%lu", xid);
          add_arg (drag, "%d", (int) (origin.x + sx + w * (0.15 + 0.05 * i)));
          add_arg (drag, "%d", (int) (origin.y + sy + h * (i % 2 ? 0.35 : 0.65)));
          if (i == 0)
            {
              add_arg (drag, "mousedown");
              add_arg (drag, "1");
            }
          add_arg (drag, "sleep");
          add_arg (drag, "0.02");
        }
      add_arg (drag, "mouseup");
      add_arg (drag, "1");
      dragged = xdotool_run (xdotool, drag);
      mr_test_iterate (300);
    }
  g_assert_true (on_top);

  g_assert_cmpuint (mr_signature_pad_get_n_strokes (pad), ==, 1);
  g_assert_true (mr_handover_dialog_hand_over (dialog));
  events = mr_store_list_package_events (f->store, f->p_sig);
  g_assert_cmpuint (events->len, ==, 2);
  png = mr_store_get_package_signature (f->store,
                                        ((MrPackageEvent *) g_ptr_array_index (events, 1))->id);
  assert_signature_png (png);
}
#endif

static void
test_no_display (void)
{
  g_test_skip ("no display");
}

int
main (int argc, char *argv[])
{
  int rc;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("MAILROOM_TEST_REAL_POINTER") != NULL && g_getenv ("DISPLAY") != NULL)
    xvfb = mr_test_start_private_display ();
  if (!mr_test_init_display ())
    {
      g_test_add_func ("/packages-page/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();
  /* The application's style sheet, as MrApplication loads it: the
   * screenshots look like the app. */
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/gnome/Mailroom/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/packages-page/views", test_views);
  ADD ("/packages-page/filters", test_filters);
  ADD ("/packages-page/find", test_find);
  ADD ("/packages-page/details", test_details);
  ADD ("/packages-page/handover-signature", test_handover_signature);
  ADD ("/packages-page/rules-and-id-scan", test_rules_and_id_scan);
  ADD ("/packages-page/bags", test_bags);
  ADD ("/packages-page/events", test_events);
  ADD ("/packages-page/narrow", test_narrow);
#ifdef GDK_WINDOWING_X11
  ADD ("/packages-page/real-pointer", test_real_pointer);
#endif
#undef ADD
  rc = g_test_run ();
  mr_test_stop_private_display (&xvfb);
  return rc;
}
