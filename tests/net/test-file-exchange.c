/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "mr-file-exchange.h"
#include "mr-import.h"
#include "mr-records.h"
#include "mr-secrets.h"
#include "mr-test-sshd.h"
#include "mr-zip.h"
#include "../mr-test-files.h"

/* A whole file exchange run against a real OpenSSH server on 127.0.0.1:
 * CSV files placed in the server's folder are imported into a fresh
 * database, the contacts go back as a ZIP, and every run is logged. */

static MrTestSshd *server;
static char *server_error;

typedef struct
{
  char *dir;
  char *db_path;
  MrStore *store;
  char *remote_dir; /* absolute, in the server's folder */
  MrFileExchangeConfig *config;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  if (server == NULL)
    return;
  f->dir = g_dir_make_tmp ("mailroom-fx-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "mailroom.db", NULL);
  f->store = mr_store_open (f->db_path, &error);
  g_assert_no_error (error);

  /* Each test has a folder of its own on the server. */
  name = g_strdup_printf ("exchange-%08x", g_random_int ());
  f->remote_dir = mr_test_sshd_path (server, name);
  g_assert_cmpint (g_mkdir (f->remote_dir, 0777), ==, 0);
  g_chmod (f->remote_dir, 0777);

  f->config = mr_file_exchange_config_new ();
  f->config->sftp.host = g_strdup ("127.0.0.1");
  f->config->sftp.port = server->port;
  f->config->sftp.user = g_strdup (server->user);
  f->config->sftp.key_file = g_strdup (server->user_key);
  f->config->sftp.known_hosts = g_strdup (server->known_hosts);
  f->config->sftp.connect_timeout = 5;
  g_free (f->config->remote_dir);
  f->config->remote_dir = g_strdup (f->remote_dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  if (f->dir == NULL)
    return;
  wal = g_strconcat (f->db_path, "-wal", NULL);
  shm = g_strconcat (f->db_path, "-shm", NULL);
  g_clear_object (&f->store);
  g_unlink (f->db_path);
  g_unlink (wal);
  g_unlink (shm);
  mr_test_unlink_search (f->db_path);
  g_rmdir (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
  g_free (f->remote_dir);
  mr_file_exchange_config_free (f->config);
}

static gboolean
need_server (Fixture *f)
{
  if (server != NULL)
    return TRUE;
  g_test_skip (server_error ? server_error : mr_test_sshd_unavailable ());
  return FALSE;
}

static void
put_remote (Fixture *f, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (f->remote_dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* The export ZIPs in the remote folder, sorted. */
static GPtrArray *
list_zips (Fixture *f)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = g_dir_open (f->remote_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_suffix (name, ".part"));
      if (g_str_has_prefix (name, "contacts-") && g_str_has_suffix (name, ".zip"))
        g_ptr_array_add (out, g_strdup (name));
    }
  g_ptr_array_sort (out, (GCompareFunc) g_strcmp0);
  return out;
}

static guint
count_contacts (MrStore *store, const char *const *personnel_ids)
{
  guint n = 0;

  for (guint i = 0; personnel_ids[i] != NULL; i++)
    {
      g_autoptr (MrContact) c = mr_store_find_contact (store, personnel_ids[i]);

      n += c != NULL;
    }
  return n;
}

static const char contacts_csv[] = "First name,Last name,Email,Personnel ID\r\n"
                                   "Ada,Lovelace,ada@example.org,P-001\r\n"
                                   "Grace,Hopper,grace@example.org,P-002\r\n"
                                   "René,Lévesque,rene@example.org,P-003\r\n";
static const char *const contact_ids[] = { "P-001", "P-002", "P-003", NULL };

static void
test_import_and_export (Fixture *f, gconstpointer data)
{
  g_autoptr (MrFileExchangeReport) report = NULL;
  g_autoptr (MrFileExchangeReport) again = NULL;
  g_autoptr (MrFileExchangeRun) run = NULL;
  g_autoptr (GPtrArray) zips = NULL;
  g_autoptr (GBytes) zip = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *zip_path = NULL;
  g_autofree char *zip_data = NULL;
  gsize zip_len;

  if (!need_server (f))
    return;
  put_remote (f, "contacts.csv", contacts_csv);

  report = mr_file_exchange_run (f->store, f->config, MR_FILE_EXCHANGE_TRIGGER_MANUAL, NULL);
  g_test_message ("%s", report->details);
  g_assert_no_error (report->error);
  g_assert_cmpint (report->result, ==, MR_FILE_EXCHANGE_OK);
  g_assert_cmpuint (report->added, ==, 3);
  g_assert_cmpuint (report->exported, ==, 3);
  g_assert_true (report->data_changed);
  g_assert_cmpuint (count_contacts (f->store, contact_ids), ==, 3);
  /* Missing files are skipped, not errors. */
  g_assert_nonnull (strstr (report->details, "places.csv: not on the server, skipped."));
  g_assert_nonnull (strstr (report->details, "org.csv: not on the server, skipped."));
  g_assert_nonnull (strstr (report->details, server->host_fingerprint));

  /* Logged. */
  run = mr_file_exchange_log_get (f->store, report->run_id);
  g_assert_nonnull (run);
  g_assert_cmpint (run->result, ==, MR_FILE_EXCHANGE_OK);
  g_assert_cmpint (run->trigger, ==, MR_FILE_EXCHANGE_TRIGGER_MANUAL);
  g_assert_cmpint (run->added, ==, 3);
  g_assert_cmpint (run->exported, ==, 3);
  g_assert_cmpstr (run->details, ==, report->details);

  /* The ZIP on the server holds a contacts.csv that imports back. */
  zips = list_zips (f);
  g_assert_cmpuint (zips->len, ==, 1);
  g_assert_cmpstr (zips->pdata[0], ==, report->export_name);
  g_assert_true (g_regex_match_simple ("^contacts-[0-9]{8}-[0-9]{6}\\.zip$", zips->pdata[0], 0, 0));
  zip_path = g_build_filename (f->remote_dir, zips->pdata[0], NULL);
  g_assert_true (g_file_get_contents (zip_path, &zip_data, &zip_len, NULL));
  zip = g_bytes_new_take (g_steal_pointer (&zip_data), zip_len);
  csv = mr_zip_read_file (zip, "contacts.csv", &error);
  g_assert_no_error (error);
  {
    g_autofree char *dir = g_dir_make_tmp ("mailroom-fx-back-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "back.db", NULL);
    g_autoptr (MrStore) back = mr_store_open (path, &error);
    g_autoptr (MrImportJob) job = NULL;
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_no_error (error);
    job = mr_import_job_new_from_bytes (back, MR_IMPORT_CONTACTS, "contacts.csv", csv,
                                        MR_CSV_ENCODING_AUTO, 0, &error);
    g_assert_no_error (error);
    g_assert_true (mr_import_job_run (job, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (mr_import_job_get_n_added (job), ==, 3);
    g_assert_cmpuint (count_contacts (back, contact_ids), ==, 3);
    {
      g_autoptr (MrContact) rene = mr_store_find_contact (back, "P-003");

      g_assert_cmpstr (mr_contact_get_last_name (rene), ==, "Lévesque");
      g_assert_cmpstr (mr_contact_get_email (rene), ==, "rene@example.org");
    }
    g_clear_object (&back);
    g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
  }

  /* Again, at once: nothing new, and a second ZIP beside the first. */
  again = mr_file_exchange_run (f->store, f->config, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, NULL);
  g_test_message ("%s", again->details);
  g_assert_cmpint (again->result, ==, MR_FILE_EXCHANGE_OK);
  g_assert_cmpuint (again->added, ==, 0);
  g_assert_cmpuint (count_contacts (f->store, contact_ids), ==, 3);
  g_clear_pointer (&zips, g_ptr_array_unref);
  zips = list_zips (f);
  g_assert_cmpuint (zips->len, ==, 2);
  {
    g_autoptr (GPtrArray) runs = mr_file_exchange_log_list (f->store, 0);

    g_assert_cmpuint (runs->len, ==, 2);
  }
}

/* The organisation and the places come in too, before the contacts. */
static void
test_all_three (Fixture *f, gconstpointer data)
{
  g_autoptr (MrFileExchangeReport) report = NULL;
  const char *org, *places, *contacts;

  if (!need_server (f))
    return;
  put_remote (f, "org.csv",
              "Enterprise,Division,Location\r\n"
              "Acme,Sales,Paris\r\n"
              "Acme,Research,Lyon\r\n");
  put_remote (f, "places.csv",
              "Site,Building,Floor,Mail stop,Code\r\n"
              "HQ,Building A,Floor 3,MS-310,MS310\r\n");
  put_remote (f, "contacts.csv", contacts_csv);

  report = mr_file_exchange_run (f->store, f->config, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, NULL);
  g_test_message ("%s", report->details);
  g_assert_no_error (report->error);
  g_assert_cmpint (report->result, ==, MR_FILE_EXCHANGE_OK);
  g_assert_cmpuint (report->added, ==, 2 + 1 + 3);
  org = strstr (report->details, "org.csv: 2 added");
  places = strstr (report->details, "places.csv: 1 added");
  contacts = strstr (report->details, "contacts.csv: 3 added");
  g_assert_nonnull (org);
  g_assert_nonnull (places);
  g_assert_nonnull (contacts);
  g_assert_true (org < places && places < contacts);
  {
    g_autoptr (MrNode) stop = mr_store_find_place (f->store, "MS310");
    g_autoptr (MrNode) sales = mr_store_find_org_unit (f->store, "Sales");

    g_assert_nonnull (stop);
    g_assert_cmpstr (mr_node_get_name (stop), ==, "MS-310");
    g_assert_nonnull (sales);
  }
}

static void
test_problems (Fixture *f, gconstpointer data)
{
  g_autoptr (MrFileExchangeReport) report = NULL;
  g_autoptr (MrFileExchangeReport) valid_only = NULL;
  g_autoptr (MrFileExchangeRun) run = NULL;

  if (!need_server (f))
    return;
  put_remote (f, "contacts.csv",
              "First name,Last name,Email,Personnel ID\n"
              "Ada,Lovelace,ada@example.org,P-001\n"
              "Grace,Hopper,not an email,P-002\n");

  /* One bad row: the file imports nothing, and the log says where. */
  report = mr_file_exchange_run (f->store, f->config, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, NULL);
  g_test_message ("%s", report->details);
  g_assert_cmpint (report->result, ==, MR_FILE_EXCHANGE_PARTIAL);
  g_assert_nonnull (report->error);
  g_assert_cmpuint (report->added, ==, 0);
  g_assert_nonnull (strstr (report->details, "contacts.csv, line 3, column “Email”: "));
  run = mr_file_exchange_log_get (f->store, report->run_id);
  g_assert_cmpint (run->result, ==, MR_FILE_EXCHANGE_PARTIAL);
  g_assert_nonnull (strstr (run->details, "contacts.csv, line 3"));
  {
    g_autoptr (MrContact) ada = mr_store_find_contact (f->store, "P-001");

    g_assert_null (ada);
  }
  /* The export still went. */
  g_assert_nonnull (report->export_name);

  /* Valid rows only: Ada comes in; the run still says a row failed. */
  f->config->valid_rows_only = TRUE;
  valid_only = mr_file_exchange_run (f->store, f->config, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, NULL);
  g_test_message ("%s", valid_only->details);
  g_assert_cmpint (valid_only->result, ==, MR_FILE_EXCHANGE_PARTIAL);
  g_assert_cmpuint (valid_only->added, ==, 1);
  g_assert_nonnull (strstr (valid_only->details, "contacts.csv, line 3, column “Email”: "));
  {
    g_autoptr (MrContact) ada = mr_store_find_contact (f->store, "P-001");
    g_autoptr (MrContact) grace = mr_store_find_contact (f->store, "P-002");

    g_assert_nonnull (ada);
    g_assert_null (grace);
  }
}

static void
test_unreachable (Fixture *f, gconstpointer data)
{
  g_autoptr (MrFileExchangeReport) report = NULL;
  g_autoptr (MrFileExchangeRun) run = NULL;
  g_autoptr (GSocket) s = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  MrFileExchangeSchedule schedule = { 0 };
  gint64 now = g_get_real_time ();

  if (!need_server (f))
    return;
  /* Bound, never listening: connections are refused. */
  s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (s, addr, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  f->config->sftp.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  put_remote (f, "contacts.csv", contacts_csv);

  report = mr_file_exchange_run (f->store, f->config, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, NULL);
  g_test_message ("%s", report->details);
  g_assert_cmpint (report->result, ==, MR_FILE_EXCHANGE_FAILED);
  g_assert_error (report->error, MR_SFTP_ERROR, MR_SFTP_ERROR_CONNECT);
  g_assert_false (report->data_changed);
  run = mr_file_exchange_log_get (f->store, report->run_id);
  g_assert_cmpint (run->result, ==, MR_FILE_EXCHANGE_FAILED);
  g_assert_nonnull (strstr (run->details, "Cannot reach the SFTP server 127.0.0.1"));
  g_assert_cmpuint (count_contacts (f->store, contact_ids), ==, 0);

  /* What the app's scheduler does with it: retry in a minute. */
  mr_file_exchange_schedule_ran (&schedule, report->result, 60, now);
  g_assert_cmpint (schedule.next_due, ==, now + 60 * G_USEC_PER_SEC);
}

static void
test_host_key_unknown (Fixture *f, gconstpointer data)
{
  g_autoptr (MrFileExchangeReport) report = NULL;
  g_autoptr (GPtrArray) zips = NULL;

  if (!need_server (f))
    return;
  g_free (f->config->sftp.known_hosts);
  f->config->sftp.known_hosts = g_build_filename (f->dir, "known_hosts", NULL);
  put_remote (f, "contacts.csv", contacts_csv);

  report = mr_file_exchange_run (f->store, f->config, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE, NULL);
  g_assert_cmpint (report->result, ==, MR_FILE_EXCHANGE_FAILED);
  g_assert_error (report->error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_UNKNOWN);
  g_assert_cmpstr (report->host_fingerprint, ==, server->host_fingerprint);
  g_assert_nonnull (strstr (report->details, server->host_fingerprint));
  /* Nothing came in, nothing went out. */
  g_assert_cmpuint (count_contacts (f->store, contact_ids), ==, 0);
  zips = list_zips (f);
  g_assert_cmpuint (zips->len, ==, 0);
}

static void
test_not_configured (Fixture *f, gconstpointer data)
{
  g_autoptr (MrFileExchangeReport) report = NULL;

  if (!need_server (f))
    return;
  g_clear_pointer (&f->config->sftp.host, g_free);
  report = mr_file_exchange_run (f->store, f->config, MR_FILE_EXCHANGE_TRIGGER_CLI, NULL);
  g_assert_cmpint (report->result, ==, MR_FILE_EXCHANGE_FAILED);
  g_assert_nonnull (strstr (report->details, "No SFTP server is set"));
  g_assert_cmpint (report->run_id, >, 0);
}

static void
test_passphrase_from_keyring (Fixture *f, gconstpointer data)
{
  g_autoptr (MrFileExchangeReport) report = NULL;
  g_autoptr (GError) error = NULL;

  if (!need_server (f))
    return;
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus, so no keyring (run under build-aux/test-session.sh)");
      return;
    }
  g_free (f->config->sftp.key_file);
  f->config->sftp.key_file = g_strdup (server->user_key_encrypted);
  g_assert_true (mr_secret_store_sync (MR_SECRET_SFTP_PASSPHRASE, server->user_key_encrypted,
                                       MR_TEST_PASSPHRASE, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (f->config->sftp.secret);
  g_assert_true (mr_file_exchange_config_load_secret (f->config, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (f->config->sftp.secret, ==, MR_TEST_PASSPHRASE);
  put_remote (f, "contacts.csv", contacts_csv);
  report = mr_file_exchange_run (f->store, f->config, MR_FILE_EXCHANGE_TRIGGER_MANUAL, NULL);
  g_test_message ("%s", report->details);
  g_assert_cmpint (report->result, ==, MR_FILE_EXCHANGE_OK);
  g_assert_cmpuint (report->added, ==, 3);
  mr_secret_clear_sync (MR_SECRET_SFTP_PASSPHRASE, server->user_key_encrypted, NULL, NULL);
}

static void
test_settings (void)
{
  g_autoptr (GSettings) settings = mr_file_exchange_settings_new ();
  g_autoptr (MrFileExchangeConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GDateTime) t = g_date_time_new_utc (2025, 1, 31, 23, 59, 58);

  name = mr_file_exchange_export_name (t);
  g_assert_cmpstr (name, ==, "contacts-20250131-235958.zip");

  if (settings == NULL)
    {
      g_test_skip ("the settings schema is not compiled (meson compile data)");
      return;
    }
  config = mr_file_exchange_config_new_from_settings (settings);
  /* The defaults: files named as the documentation says, no schedule. */
  g_assert_cmpstr (config->contacts_file, ==, "contacts.csv");
  g_assert_cmpstr (config->places_file, ==, "places.csv");
  g_assert_cmpstr (config->org_file, ==, "org.csv");
  g_assert_true (config->export_contacts);
  g_assert_cmpuint (config->interval_minutes, ==, 0);
  g_assert_cmpuint (config->sftp.port, ==, 22);
  g_assert_false (mr_file_exchange_config_check (config, &error));
  g_assert_nonnull (strstr (error->message, "No SFTP server"));
  g_clear_pointer (&config, mr_file_exchange_config_free);
  g_clear_error (&error);

  g_settings_set_string (settings, "file-exchange-host", " sftp.example.org ");
  g_settings_set_int (settings, "file-exchange-port", 2222);
  g_settings_set_string (settings, "file-exchange-user", "hr");
  g_settings_set_string (settings, "file-exchange-auth", "password");
  g_settings_set_boolean (settings, "file-exchange-schedule-enabled", TRUE);
  g_settings_set_uint (settings, "file-exchange-interval", 120);
  config = mr_file_exchange_config_new_from_settings (settings);
  g_assert_cmpstr (config->sftp.host, ==, "sftp.example.org");
  g_assert_cmpuint (config->sftp.port, ==, 2222);
  g_assert_cmpint (config->sftp.auth, ==, MR_SFTP_AUTH_PASSWORD);
  g_assert_cmpuint (config->interval_minutes, ==, 120);
  /* A password is never in the settings. */
  g_assert_null (config->sftp.secret);
  g_assert_true (mr_file_exchange_config_check (config, &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (mr_test_sshd_unavailable () == NULL)
    {
      server = mr_test_sshd_start (FALSE, &error);
      if (server == NULL)
        server_error = g_strdup_printf ("cannot start sshd: %s", error->message);
    }

  g_test_add_func ("/file-exchange/settings", test_settings);
  g_test_add ("/file-exchange/import-and-export", Fixture, NULL, fixture_set_up,
              test_import_and_export, fixture_tear_down);
  g_test_add ("/file-exchange/all-three", Fixture, NULL, fixture_set_up, test_all_three,
              fixture_tear_down);
  g_test_add ("/file-exchange/problems", Fixture, NULL, fixture_set_up, test_problems,
              fixture_tear_down);
  g_test_add ("/file-exchange/unreachable", Fixture, NULL, fixture_set_up, test_unreachable,
              fixture_tear_down);
  g_test_add ("/file-exchange/host-key-unknown", Fixture, NULL, fixture_set_up,
              test_host_key_unknown, fixture_tear_down);
  g_test_add ("/file-exchange/not-configured", Fixture, NULL, fixture_set_up, test_not_configured,
              fixture_tear_down);
  g_test_add ("/file-exchange/passphrase-from-keyring", Fixture, NULL, fixture_set_up,
              test_passphrase_from_keyring, fixture_tear_down);

  status = g_test_run ();
  mr_test_sshd_stop (server);
  g_free (server_error);
  return status;
}
