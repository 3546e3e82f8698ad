/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "../gui/mr-test-display.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "files/mr-file-exchange-page.h"
#include "files/mr-file-exchange-scheduler.h"
#include "mr-known-hosts.h"
#include "mr-records.h"
#include "mr-test-sshd.h"

/* Preferences › File Exchange and the scheduler behind it, on a real
 * display (build-aux/test-session.sh) against a real sshd: settings are
 * bound, the run log is listed, a server's key is accepted only after the
 * administrator saw its fingerprint, and a run started from the page
 * imports into the window's store. */

static MrTestSshd *server;
static char *server_error;
static char *config_home;

typedef struct
{
  char *dir;
  char *db_path;
  MrStore *store;
  GSettings *settings;
  GtkWindow *window;
  MrFileExchangePage *page;
  MrFileExchangeScheduler *scheduler;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *known = mr_known_hosts_default_path ();

  f->dir = g_dir_make_tmp ("mailroom-fx-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "mailroom.db", NULL);
  f->store = mr_store_open (f->db_path, &error);
  g_assert_no_error (error);
  f->settings = mr_file_exchange_settings_new ();
  g_assert_nonnull (f->settings);
  /* Memory backend: reset what the previous test set. */
  {
    g_autoptr (GSettingsSchema) schema = NULL;
    g_auto (GStrv) keys = NULL;

    g_object_get (f->settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i]; i++)
      g_settings_reset (f->settings, keys[i]);
  }
  g_unlink (known);
}

static void
show_page (Fixture *f)
{
  f->page = MR_FILE_EXCHANGE_PAGE (mr_file_exchange_page_new (f->store, f->settings, f->scheduler));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 600, 900);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->page)))
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  if (f->scheduler != NULL)
    mr_file_exchange_scheduler_stop (f->scheduler);
  g_clear_object (&f->scheduler);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->settings);
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

static gpointer
child (Fixture *f, const char *name)
{
  GObject *o =
    gtk_widget_get_template_child (GTK_WIDGET (f->page), MR_TYPE_FILE_EXCHANGE_PAGE, name);

  g_assert_nonnull (o);
  return o;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkListBoxRow *r = gtk_list_box_get_row_at_index (list, 0); r != NULL;
       r = gtk_list_box_get_row_at_index (list, n))
    n++;
  return n;
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @cond (re-evaluated each time) holds. */
#define WAIT_FOR(cond)                                                         \
  G_STMT_START                                                                 \
  {                                                                            \
    guint _timeout = g_timeout_add_seconds (30, timeout_cb, (gpointer) #cond); \
    while (!(cond))                                                            \
      g_main_context_iteration (NULL, TRUE);                                   \
    g_source_remove (_timeout);                                                \
  }                                                                            \
  G_STMT_END

static void
log_run (MrStore *store, MrFileExchangeResult result, const char *details)
{
  g_autoptr (GError) error = NULL;
  gint64 id = mr_file_exchange_log_begin (store, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, &error);

  g_assert_no_error (error);
  g_assert_true (mr_file_exchange_log_finish (store, id, result, 2, 1, 0, 5, details, &error));
}

static void
test_settings_and_log (Fixture *f, gconstpointer data)
{
  GtkListBox *runs;
  GtkWidget *first;

  log_run (f->store, MR_FILE_EXCHANGE_FAILED, "Cannot reach the SFTP server");
  log_run (f->store, MR_FILE_EXCHANGE_OK, "contacts.csv: 2 added, 1 updated, 0 skipped.");
  show_page (f);

  runs = child (f, "runs_list");
  g_assert_cmpuint (count_rows (runs), ==, 2);
  first = GTK_WIDGET (gtk_list_box_get_row_at_index (runs, 0));
  g_assert_true (ADW_IS_EXPANDER_ROW (first));
  /* Newest first. */
  g_assert_nonnull (
    strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), _ ("Succeeded")));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (first)), "2"));

  /* A run written by another connection appears once the store says so. */
  log_run (f->store, MR_FILE_EXCHANGE_PARTIAL, "contacts.csv, line 3: bad");
  mr_file_exchange_log_notify (f->store, FALSE);
  WAIT_FOR (count_rows (runs) == 3);

  /* Rows write their settings. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "host_row")), "sftp.example.org");
  {
    g_autofree char *host = g_settings_get_string (f->settings, "file-exchange-host");

    g_assert_cmpstr (host, ==, "sftp.example.org");
  }
  adw_combo_row_set_selected (child (f, "auth_row"), 1);
  {
    g_autofree char *auth = g_settings_get_string (f->settings, "file-exchange-auth");

    g_assert_cmpstr (auth, ==, "password");
  }
  g_assert_false (gtk_widget_get_visible (child (f, "key_row")));
  g_assert_cmpstr (adw_preferences_row_get_title (child (f, "secret_row")), ==, _ ("Password"));

  /* The interval shows in hours when it is whole hours. */
  g_settings_set_uint (f->settings, "file-exchange-interval", 120);
  g_assert_cmpuint (gtk_drop_down_get_selected (child (f, "unit_dropdown")), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (f, "interval_spin")), ==, 2);
  gtk_spin_button_set_value (child (f, "interval_spin"), 3);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "file-exchange-interval"), ==, 180);
  gtk_drop_down_set_selected (child (f, "unit_dropdown"), 0);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "file-exchange-interval"), ==, 3);

  /* No key accepted for the host yet. */
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "host_key_row")), ==,
                   _ ("Not accepted yet: check the connection to see the server’s key"));
}

static GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);

      /* The list keeps its own reference. */
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

/* What a click on a response button does: the response, then closing. */
static void
respond (GtkWindow *dialog, const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (dialog);
}

static void
configure_server (Fixture *f)
{
  g_settings_set_string (f->settings, "file-exchange-host", "127.0.0.1");
  g_settings_set_int (f->settings, "file-exchange-port", (int) server->port);
  g_settings_set_string (f->settings, "file-exchange-user", server->user);
  g_settings_set_string (f->settings, "file-exchange-auth", "key");
  g_settings_set_string (f->settings, "file-exchange-key-file", server->user_key);
  g_settings_set_string (f->settings, "file-exchange-remote-dir", server->root);
}

static void
test_trust_on_first_use (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog;
  g_autofree char *known = mr_known_hosts_default_path ();
  AdwActionRow *host_key_row;

  if (server == NULL)
    {
      g_test_skip (server_error ? server_error : mr_test_sshd_unavailable ());
      return;
    }
  configure_server (f);
  show_page (f);
  host_key_row = child (f, "host_key_row");

  /* Checking shows the key's fingerprint and asks; nothing is trusted yet. */
  g_signal_emit_by_name (child (f, "check_button"), "clicked");
  WAIT_FOR ((dialog = find_dialog ()) != NULL);
  g_assert_nonnull (
    strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), server->host_fingerprint));
  g_assert_false (g_file_test (known, G_FILE_TEST_EXISTS));

  /* Cancel: still nothing. */
  respond (dialog, "cancel");
  WAIT_FOR (find_dialog () == NULL);
  g_assert_false (g_file_test (known, G_FILE_TEST_EXISTS));

  /* Trust: the key is recorded, and shown. */
  g_signal_emit_by_name (child (f, "check_button"), "clicked");
  WAIT_FOR ((dialog = find_dialog ()) != NULL);
  respond (dialog, "trust");
  WAIT_FOR (g_strcmp0 (adw_action_row_get_subtitle (host_key_row), server->host_fingerprint) == 0);
  g_assert_true (g_file_test (known, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_get_sensitive (child (f, "check_button")));
  /* No "Connection Failed" either. */
  dialog = find_dialog ();
  if (dialog != NULL)
    g_error ("unexpected dialog: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
}

static void
changed_cb (MrStore *store, const char *entity, const char *id, GHashTable *seen)
{
  g_hash_table_add (seen, g_strdup (entity));
}

static void
finished_cb (MrFileExchangeScheduler *scheduler, MrFileExchangeReport *report, int *result)
{
  *result = report->result;
}

static void
test_scheduler_run (Fixture *f, gconstpointer data)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *csv = NULL;
  g_autofree char *known = mr_known_hosts_default_path ();
  g_autofree char *pub = NULL;
  g_autoptr (GError) error = NULL;
  int result = -1;
  GtkListBox *runs;
  gint64 before;

  if (server == NULL)
    {
      g_test_skip (server_error ? server_error : mr_test_sshd_unavailable ());
      return;
    }
  configure_server (f);
  /* The key was accepted earlier. */
  {
    g_auto (GStrv) fields = g_strsplit (server->host_pub_line, " ", -1);
    gsize len;
    g_autofree guint8 *blob = g_base64_decode (fields[1], &len);

    g_assert_true (mr_known_hosts_set (known, "127.0.0.1", server->port, blob, len, &error));
    g_assert_no_error (error);
  }
  csv = mr_test_sshd_path (server, "contacts.csv");
  g_file_set_contents (csv,
                       "First name,Last name,Email,Personnel ID\n"
                       "Katherine,Johnson,katherine@example.org,P-100\n",
                       -1, &error);
  g_assert_no_error (error);

  f->scheduler = mr_file_exchange_scheduler_new (NULL, f->store, f->settings);
  /* No schedule: nothing planned. */
  g_assert_cmpint (mr_file_exchange_scheduler_get_next_run (f->scheduler), ==, 0);
  g_settings_set_boolean (f->settings, "file-exchange-schedule-enabled", TRUE);
  g_assert_cmpint (mr_file_exchange_scheduler_get_next_run (f->scheduler), >, g_get_real_time ());
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), seen);
  g_signal_connect (f->scheduler, "finished", G_CALLBACK (finished_cb), &result);
  show_page (f);
  runs = child (f, "runs_list");
  g_assert_cmpuint (count_rows (runs), ==, 0);

  /* Run Now: off the main thread, into the window's database. */
  g_signal_emit_by_name (child (f, "run_button"), "clicked");
  g_assert_true (mr_file_exchange_scheduler_get_running (f->scheduler));
  g_assert_false (gtk_widget_get_sensitive (child (f, "run_button")));
  WAIT_FOR (result != -1);
  g_assert_cmpint (result, ==, MR_FILE_EXCHANGE_OK);
  g_assert_true (g_hash_table_contains (seen, "contact"));
  g_assert_true (g_hash_table_contains (seen, "file_exchange_run"));
  {
    g_autoptr (MrContact) k = mr_store_find_contact (f->store, "P-100");

    g_assert_nonnull (k);
  }
  WAIT_FOR (count_rows (runs) == 1);
  g_assert_true (gtk_widget_get_sensitive (child (f, "run_button")));

  /* The timer: nothing before the run is due, a scheduled run when it is. */
  result = -1;
  g_assert_false (mr_file_exchange_scheduler_check_due (
    f->scheduler, mr_file_exchange_scheduler_get_next_run (f->scheduler) - 1));
  g_assert_true (mr_file_exchange_scheduler_check_due (
    f->scheduler, mr_file_exchange_scheduler_get_next_run (f->scheduler)));
  WAIT_FOR (result != -1);
  g_assert_cmpint (result, ==, MR_FILE_EXCHANGE_OK);
  {
    g_autoptr (GPtrArray) logged = mr_file_exchange_log_list (f->store, 1);
    MrFileExchangeRun *last = g_ptr_array_index (logged, 0);

    g_assert_cmpint (last->trigger, ==, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE);
    g_assert_cmpint (last->result, ==, MR_FILE_EXCHANGE_OK);
  }
  /* The next one, an interval (one hour by default) later. */
  g_assert_cmpint (mr_file_exchange_scheduler_get_next_run (f->scheduler), >,
                   g_get_real_time () + (gint64) 59 * 60 * G_USEC_PER_SEC);
  WAIT_FOR (count_rows (runs) == 2);

  /* A failure is retried in a minute. */
  result = -1;
  g_settings_set_string (f->settings, "file-exchange-host", "127.0.0.2");
  g_settings_set_int (f->settings, "file-exchange-port", 1);
  before = g_get_real_time ();
  g_assert_true (
    mr_file_exchange_scheduler_run_now (f->scheduler, MR_FILE_EXCHANGE_TRIGGER_MANUAL));
  WAIT_FOR (result != -1);
  g_assert_cmpint (result, ==, MR_FILE_EXCHANGE_FAILED);
  g_assert_cmpint (mr_file_exchange_scheduler_get_next_run (f->scheduler), >=,
                   before + 60 * G_USEC_PER_SEC);
  g_assert_cmpint (mr_file_exchange_scheduler_get_next_run (f->scheduler), <=,
                   g_get_real_time () + 60 * G_USEC_PER_SEC);
  WAIT_FOR (count_rows (runs) == 3);
  g_unlink (csv);
}

static void
test_no_display (void)
{
  g_test_skip ("no display (run under build-aux/test-session.sh)");
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  /* The app's known_hosts lives in the configuration folder: a fresh one,
   * set before anything reads it. */
  config_home = g_dir_make_tmp ("mailroom-fx-config-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  if (!mr_test_init_display ())
    {
      g_test_add_func ("/file-exchange-page/no-display", test_no_display);
      status = g_test_run ();
      remove_tree (config_home);
      return status;
    }
  adw_init ();

  if (mr_test_sshd_unavailable () == NULL)
    {
      server = mr_test_sshd_start (FALSE, &error);
      if (server == NULL)
        server_error = g_strdup_printf ("cannot start sshd: %s", error->message);
    }

  g_test_add ("/file-exchange-page/settings-and-log", Fixture, NULL, fixture_set_up,
              test_settings_and_log, fixture_tear_down);
  g_test_add ("/file-exchange-page/trust-on-first-use", Fixture, NULL, fixture_set_up,
              test_trust_on_first_use, fixture_tear_down);
  g_test_add ("/file-exchange-page/scheduler-run", Fixture, NULL, fixture_set_up,
              test_scheduler_run, fixture_tear_down);

  status = g_test_run ();
  mr_test_sshd_stop (server);
  remove_tree (config_home);
  g_free (config_home);
  return status;
}
