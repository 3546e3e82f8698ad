/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "mr-records.h"
#include "mr-test-sshd.h"

/* `mailroom-cli sync-files run|log` as a script uses it, against a real
 * sshd: a fresh database, a fresh configuration folder (so no server is
 * trusted yet), a contacts.csv in the server's folder. */

static MrTestSshd *server;
static char *server_error;

typedef struct
{
  char *dir;
  char *db;
  char *config_home; /* XDG_CONFIG_HOME of the command: its known_hosts */
  char *remote_dir;
  char *port;
} Fixture;

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

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
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("cli-%08x", g_random_int ());
  g_autofree char *csv = NULL;

  if (server == NULL)
    return;
  f->dir = g_dir_make_tmp ("mr-cli-sftp-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "test.db", NULL);
  f->config_home = g_build_filename (f->dir, "config", NULL);
  f->remote_dir = mr_test_sshd_path (server, name);
  f->port = g_strdup_printf ("%u", server->port);
  g_assert_cmpint (g_mkdir (f->remote_dir, 0777), ==, 0);
  csv = g_build_filename (f->remote_dir, "contacts.csv", NULL);
  g_file_set_contents (csv,
                       "Last name;First name;Personnel ID;Email\r\n"
                       "Lovelace;Ada;P-001;ada@example.org\r\n"
                       "Hopper;Grace;P-002;grace@example.org\r\n",
                       -1, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->dir == NULL)
    return;
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->config_home);
  g_free (f->remote_dir);
  g_free (f->port);
}

static gboolean
need_server (Fixture *f)
{
  if (server != NULL)
    return TRUE;
  g_test_skip (server_error ? server_error : mr_test_sshd_unavailable ());
  return FALSE;
}

/* Runs mailroom-cli with @input on its standard input (or none) and the
 * fixture's configuration folder. */
static void
run_cli (Run *r, Fixture *f, const char *input, const char *first_arg, ...)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                               (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : G_SUBPROCESS_FLAGS_NONE));
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  const char *cli = g_getenv ("MAILROOM_CLI");
  va_list ap;

  if (cli == NULL)
    g_error ("MAILROOM_CLI is not set: run this test through meson");
  g_subprocess_launcher_unsetenv (launcher, "MAILROOM_DB");
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->config_home, TRUE);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
  g_test_message ("exit %d\nout: %s\nerr: %s", r->status, r->out, r->err);
}

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_run_and_log (Fixture *f, gconstpointer data)
{
  g_auto (Run) first = { 0 };
  g_auto (Run) accepted = { 0 };
  g_auto (Run) again = { 0 };
  g_auto (Run) log = { 0 };
  g_auto (Run) table = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *known_hosts = NULL;
  JsonObject *o;
  JsonArray *runs;

  if (!need_server (f))
    return;

  /* A server nobody accepted yet: refused, with what to do. */
  run_cli (&first, f, NULL, "sync-files", "run", "--db", f->db, "--host", "127.0.0.1", "--port",
           f->port, "--user", server->user, "--key", server->user_key, "--remote-dir",
           f->remote_dir, NULL);
  g_assert_cmpint (first.status, ==, 2);
  g_assert_nonnull (strstr (first.err, server->host_fingerprint));
  g_assert_nonnull (strstr (first.err, "--accept-host-key"));
  g_assert_nonnull (strstr (first.out, "Failed"));

  /* Accepted by its fingerprint: the run goes through, and the key is
   * remembered where the app reads it. */
  run_cli (&accepted, f, NULL, "sync-files", "run", "--db", f->db, "--json", "--host", "127.0.0.1",
           "--port", f->port, "--user", server->user, "--key", server->user_key, "--remote-dir",
           f->remote_dir, "--accept-host-key", server->host_fingerprint, NULL);
  g_assert_cmpint (accepted.status, ==, 0);
  o = parse_object (parser, accepted.out);
  g_assert_cmpstr (json_object_get_string_member (o, "result"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (o, "trigger"), ==, "cli");
  g_assert_cmpint (json_object_get_int_member (o, "added"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "exported"), ==, 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "export_file"), "contacts-"));
  known_hosts = g_build_filename (f->config_home, "mailroom", "known_hosts", NULL);
  g_assert_true (g_file_test (known_hosts, G_FILE_TEST_EXISTS));
  {
    g_autoptr (MrStore) store = mr_store_open (f->db, &error);
    g_autoptr (MrContact) ada = NULL;

    g_assert_no_error (error);
    ada = mr_store_find_contact (store, "P-001");
    g_assert_nonnull (ada);
    g_assert_cmpstr (mr_contact_get_first_name (ada), ==, "Ada");
  }

  /* From then on the key is known. */
  run_cli (&again, f, NULL, "sync-files", "run", "--db", f->db, "--host", "127.0.0.1", "--port",
           f->port, "--user", server->user, "--key", server->user_key, "--remote-dir",
           f->remote_dir, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "Succeeded"));

  run_cli (&log, f, NULL, "sync-files", "log", "--db", f->db, "--json", NULL);
  g_assert_cmpint (log.status, ==, 0);
  json_parser_load_from_data (parser, log.out, -1, &error);
  g_assert_no_error (error);
  runs = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (runs), ==, 3);
  /* Newest first. */
  g_assert_cmpstr (
    json_object_get_string_member (json_array_get_object_element (runs, 0), "result"), ==, "ok");
  g_assert_cmpstr (
    json_object_get_string_member (json_array_get_object_element (runs, 1), "result"), ==, "ok");
  o = json_array_get_object_element (runs, 2);
  g_assert_cmpstr (json_object_get_string_member (o, "result"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (o, "details"), "not trusted"));
  g_assert_cmpint (json_object_get_int_member (o, "finished_at"), >=,
                   json_object_get_int_member (o, "started_at"));

  run_cli (&table, f, NULL, "sync-files", "log", "--db", f->db, "--details", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "Command line"));
  g_assert_nonnull (strstr (table.out, "contacts.csv: 2 added"));
}

static void
test_password_stdin (Fixture *f, gconstpointer data)
{
  g_auto (Run) wrong = { 0 };
  g_auto (Run) right = { 0 };

  if (!need_server (f))
    return;
  /* --password-stdin with a key: the key's passphrase. */
  run_cli (&wrong, f, "not it\n", "sync-files", "run", "--db", f->db, "--host", "127.0.0.1",
           "--port", f->port, "--user", server->user, "--key", server->user_key_encrypted,
           "--remote-dir", f->remote_dir, "--accept-host-key", server->host_fingerprint,
           "--password-stdin", NULL);
  g_assert_cmpint (wrong.status, ==, 2);
  g_assert_nonnull (strstr (wrong.out, "refused the login"));

  run_cli (&right, f, MR_TEST_PASSPHRASE "\n", "sync-files", "run", "--db", f->db, "--host",
           "127.0.0.1", "--port", f->port, "--user", server->user, "--key",
           server->user_key_encrypted, "--remote-dir", f->remote_dir, "--accept-host-key",
           server->host_fingerprint, "--password-stdin", NULL);
  g_assert_cmpint (right.status, ==, 0);
}

static void
test_unreachable (Fixture *f, gconstpointer data)
{
  g_auto (Run) r = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GSocket) s = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree char *port = NULL;
  JsonObject *o;

  if (!need_server (f))
    return;
  s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (s, addr, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  port = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  run_cli (&r, f, NULL, "sync-files", "run", "--db", f->db, "--json", "--host", "127.0.0.1",
           "--port", port, "--user", server->user, "--key", server->user_key, NULL);
  g_assert_cmpint (r.status, ==, 2);
  o = parse_object (parser, r.out);
  g_assert_cmpstr (json_object_get_string_member (o, "result"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (o, "error"), "Cannot reach"));
}

static void
test_usage (Fixture *f, gconstpointer data)
{
  g_auto (Run) r = { 0 };
  g_auto (Run) empty = { 0 };

  if (!need_server (f))
    return;
  run_cli (&r, f, NULL, "sync-files", "run", "--db", f->db, "--accept-host-key", "d4:1d:8c", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "SHA256:"));

  run_cli (&empty, f, NULL, "sync-files", "log", "--db", f->db, NULL);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_nonnull (strstr (empty.out, "No file exchange has run yet."));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (mr_test_sshd_unavailable () == NULL)
    {
      server = mr_test_sshd_start (FALSE, &error);
      if (server == NULL)
        server_error = g_strdup_printf ("cannot start sshd: %s", error->message);
    }

  g_test_add ("/cli/sync-files/run-and-log", Fixture, NULL, fixture_setup, test_run_and_log,
              fixture_teardown);
  g_test_add ("/cli/sync-files/password-stdin", Fixture, NULL, fixture_setup, test_password_stdin,
              fixture_teardown);
  g_test_add ("/cli/sync-files/unreachable", Fixture, NULL, fixture_setup, test_unreachable,
              fixture_teardown);
  g_test_add ("/cli/sync-files/usage", Fixture, NULL, fixture_setup, test_usage, fixture_teardown);

  status = g_test_run ();
  mr_test_sshd_stop (server);
  g_free (server_error);
  return status;
}
