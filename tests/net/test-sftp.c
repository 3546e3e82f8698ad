/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "mr-known-hosts.h"
#include "mr-secrets.h"
#include "mr-sftp.h"
#include "mr-test-sshd.h"
#include "mr-zip.h"

/* The SFTP transport against a real OpenSSH server on 127.0.0.1. One
 * server serves every test of this program; the password test starts its
 * own, with password logins on. */

static MrTestSshd *server;
static char *server_error;

static gboolean
need_server (void)
{
  if (server != NULL)
    return TRUE;
  g_test_skip (server_error ? server_error : mr_test_sshd_unavailable ());
  return FALSE;
}

static MrSftpOptions *
key_options (void)
{
  MrSftpOptions *o = g_new0 (MrSftpOptions, 1);

  o->host = g_strdup ("127.0.0.1");
  o->port = server->port;
  o->user = g_strdup (server->user);
  o->auth = MR_SFTP_AUTH_KEY;
  o->key_file = g_strdup (server->user_key);
  o->known_hosts = g_strdup (server->known_hosts);
  o->connect_timeout = 5;
  return o;
}

static char *
read_local (const char *name)
{
  g_autofree char *path = mr_test_sshd_path (server, name);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

/* No temporary ".….part" file is left in @dir. */
static void
assert_no_part_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".part"))
      g_error ("a temporary upload was left behind: %s", name);
}

static GBytes *
public_key_blob (const char *pub_line)
{
  g_auto (GStrv) fields = g_strsplit (pub_line, " ", -1);
  gsize len;
  guint8 *blob = g_base64_decode (fields[1], &len);

  return g_bytes_new_take (blob, len);
}

static void
test_fingerprint (void)
{
  g_autoptr (GBytes) blob = NULL;
  g_autofree char *fp = NULL;
  g_autofree char *type = NULL;
  gsize len;
  const guint8 *data;

  if (!need_server ())
    return;
  blob = public_key_blob (server->host_pub_line);
  data = g_bytes_get_data (blob, &len);
  fp = mr_ssh_key_fingerprint (data, len);
  /* The same as `ssh-keygen -l -E sha256` prints. */
  g_assert_cmpstr (fp, ==, server->host_fingerprint);
  type = mr_ssh_key_type (data, len);
  g_assert_cmpstr (type, ==, "ssh-ed25519");
  g_assert_null (mr_ssh_key_type ((const guint8 *) "\0\0\0\xff", 4));
}

static void
test_key_file_encrypted (void)
{
  g_autofree char *missing = NULL;

  if (!need_server ())
    return;
  g_assert_false (mr_ssh_key_file_is_encrypted (server->user_key));
  g_assert_true (mr_ssh_key_file_is_encrypted (server->user_key_encrypted));
  missing = g_build_filename (server->dir, "no-such-key", NULL);
  g_assert_false (mr_ssh_key_file_is_encrypted (missing));
}

static void
test_known_hosts (void)
{
  g_autoptr (GBytes) blob = NULL;
  g_autoptr (GBytes) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *other_pub = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) fps = NULL;
  const guint8 *k, *o;
  gsize klen, olen;

  if (!need_server ())
    return;
  path = g_build_filename (server->dir, "kh-test", "known_hosts", NULL);
  blob = public_key_blob (server->host_pub_line);
  k = g_bytes_get_data (blob, &klen);

  /* A missing file knows nobody. */
  g_assert_cmpint (mr_known_hosts_check (path, "example.org", 2222, k, klen, &error), ==,
                   MR_KNOWN_HOST_UNKNOWN);
  g_assert_no_error (error);

  g_assert_true (mr_known_hosts_set (path, "Example.org", 2222, k, klen, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "[example.org]:2222 ssh-ed25519 AAAA"));
  g_assert_cmpint (mr_known_hosts_check (path, "example.org", 2222, k, klen, NULL), ==,
                   MR_KNOWN_HOST_MATCH);
  /* Another port is another server. */
  g_assert_cmpint (mr_known_hosts_check (path, "example.org", 22, k, klen, NULL), ==,
                   MR_KNOWN_HOST_UNKNOWN);

  other_key = g_build_filename (server->dir, "kh-test", "other", NULL);
  g_free (
    mr_test_run (&error, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other_key, NULL));
  g_assert_no_error (error);
  other_pub = g_strconcat (other_key, ".pub", NULL);
  {
    g_autofree char *line = NULL;

    g_assert_true (g_file_get_contents (other_pub, &line, NULL, NULL));
    other = public_key_blob (g_strstrip (line));
  }
  o = g_bytes_get_data (other, &olen);
  g_assert_cmpint (mr_known_hosts_check (path, "example.org", 2222, o, olen, NULL), ==,
                   MR_KNOWN_HOST_CHANGED);

  fps = mr_known_hosts_lookup (path, "example.org", 2222, NULL);
  g_assert_cmpuint (g_strv_length (fps), ==, 1);
  g_assert_cmpstr (fps[0], ==, server->host_fingerprint);

  /* Accepting a new key replaces the old one, other hosts stay. */
  g_assert_true (mr_known_hosts_set (path, "other.example.org", 22, k, klen, NULL));
  g_assert_true (mr_known_hosts_set (path, "example.org", 2222, o, olen, NULL));
  g_assert_cmpint (mr_known_hosts_check (path, "example.org", 2222, o, olen, NULL), ==,
                   MR_KNOWN_HOST_MATCH);
  g_assert_cmpint (mr_known_hosts_check (path, "example.org", 2222, k, klen, NULL), ==,
                   MR_KNOWN_HOST_CHANGED);
  g_assert_cmpint (mr_known_hosts_check (path, "other.example.org", 22, k, klen, NULL), ==,
                   MR_KNOWN_HOST_MATCH);

  /* Names hashed by OpenSSH (HashKnownHosts) are understood. */
  out = mr_test_run (&error, "ssh-keygen", "-H", "-f", path, NULL);
  g_assert_no_error (error);
  g_free (contents);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "example.org"));
  g_assert_cmpint (mr_known_hosts_check (path, "example.org", 2222, o, olen, NULL), ==,
                   MR_KNOWN_HOST_MATCH);
  g_assert_cmpint (mr_known_hosts_check (path, "other.example.org", 22, o, olen, NULL), ==,
                   MR_KNOWN_HOST_CHANGED);

  g_assert_true (mr_known_hosts_remove (path, "example.org", 2222, NULL));
  g_assert_cmpint (mr_known_hosts_check (path, "example.org", 2222, o, olen, NULL), ==,
                   MR_KNOWN_HOST_UNKNOWN);
  g_assert_cmpint (mr_known_hosts_check (path, "other.example.org", 22, k, klen, NULL), ==,
                   MR_KNOWN_HOST_MATCH);
}

static void
test_build_path (void)
{
  g_autofree char *a = mr_sftp_build_path ("/srv/hr/", "contacts.csv");
  g_autofree char *b = mr_sftp_build_path ("", "contacts.csv");
  g_autofree char *c = mr_sftp_build_path ("incoming", "contacts.csv");
  g_autofree char *d = mr_sftp_build_path ("/", "x.zip");

  g_assert_cmpstr (a, ==, "/srv/hr/contacts.csv");
  g_assert_cmpstr (b, ==, "contacts.csv");
  g_assert_cmpstr (c, ==, "incoming/contacts.csv");
  g_assert_cmpstr (d, ==, "/x.zip");
}

static void
test_upload_download (void)
{
  g_autoptr (MrSftpOptions) o = NULL;
  g_autoptr (MrSftpClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autoptr (GBytes) back = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *local = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *remote_sub = NULL;
  g_autoptr (GByteArray) big = g_byte_array_new ();

  if (!need_server ())
    return;
  o = key_options ();
  client = mr_sftp_client_new (o);

  g_assert_true (mr_sftp_client_check (client, server->root, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mr_sftp_client_get_host_fingerprint (client), ==, server->host_fingerprint);

  /* Upload: the file is there, whole, under its name only. */
  data = g_bytes_new_static ("Personnel ID,Email\r\nA1,a@example.org\r\n", 38);
  remote = mr_sftp_build_path (server->root, "upload.csv");
  g_assert_true (mr_sftp_client_upload (client, remote, data, NULL, &error));
  g_assert_no_error (error);
  local = read_local ("upload.csv");
  g_assert_cmpstr (local, ==, "Personnel ID,Email\r\nA1,a@example.org\r\n");
  assert_no_part_files (server->root);

  /* Download, over the same connection. */
  back = mr_sftp_client_download (client, remote, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, data));
  g_clear_pointer (&back, g_bytes_unref);

  /* Names that need quoting in URLs and in SFTP commands. */
  sub = mr_test_sshd_path (server, "HR exports");
  g_assert_cmpint (g_mkdir (sub, 0777), ==, 0);
  remote_sub = mr_sftp_build_path (sub, "l'été \"2025\" #1.csv");
  for (guint i = 0; i < 300000; i++)
    g_byte_array_append (big, (const guint8 *) &i, 1);
  g_clear_pointer (&data, g_bytes_unref);
  data = g_byte_array_free_to_bytes (g_steal_pointer (&big));
  g_assert_true (mr_sftp_client_upload (client, remote_sub, data, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;
    gsize len;
    g_autofree char *path = g_build_filename (sub, "l'été \"2025\" #1.csv", NULL);

    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_cmpmem (contents, len, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  }
  assert_no_part_files (sub);
  back = mr_sftp_client_download (client, remote_sub, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, data));

  /* The size limit holds. */
  g_clear_pointer (&back, g_bytes_unref);
  mr_sftp_client_set_max_download (client, 1000);
  back = mr_sftp_client_download (client, remote_sub, NULL, &error);
  g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_TOO_LARGE);
  g_assert_null (back);
}

static void
test_upload_exists (void)
{
  g_autoptr (MrSftpOptions) o = NULL;
  g_autoptr (MrSftpClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) first = g_bytes_new_static ("first", 5);
  g_autoptr (GBytes) second = g_bytes_new_static ("second", 6);
  g_autofree char *remote = NULL;
  g_autofree char *local = NULL;

  if (!need_server ())
    return;
  o = key_options ();
  client = mr_sftp_client_new (o);
  remote = mr_sftp_build_path (server->root, "once.zip");
  g_assert_true (mr_sftp_client_upload (client, remote, first, NULL, &error));
  g_assert_no_error (error);
  /* The rename never replaces a file someone else wrote. */
  g_assert_false (mr_sftp_client_upload (client, remote, second, NULL, &error));
  g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "once.zip"));
  local = read_local ("once.zip");
  g_assert_cmpstr (local, ==, "first");
  assert_no_part_files (server->root);
  g_clear_error (&error);
  g_assert_true (mr_sftp_client_exists (client, remote, NULL, &error));
  g_assert_no_error (error);
  g_free (remote);
  remote = mr_sftp_build_path (server->root, "never.zip");
  g_assert_false (mr_sftp_client_exists (client, remote, NULL, &error));
  g_assert_no_error (error);
}

static void
test_passphrase (void)
{
  g_autoptr (MrSftpOptions) o = NULL;
  g_autoptr (GError) error = NULL;

  if (!need_server ())
    return;
  o = key_options ();
  g_free (o->key_file);
  o->key_file = g_strdup (server->user_key_encrypted);

  /* No passphrase: said before connecting. */
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);

    g_assert_false (mr_sftp_client_check (client, server->root, NULL, &error));
    g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_KEY_FILE);
    g_assert_nonnull (strstr (error->message, "passphrase"));
    g_clear_error (&error);
  }
  /* A wrong one: the login is refused. */
  o->secret = g_strdup ("wrong");
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);

    g_assert_false (mr_sftp_client_check (client, server->root, NULL, &error));
    g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_AUTH);
    g_clear_error (&error);
  }
  g_free (o->secret);
  o->secret = g_strdup (MR_TEST_PASSPHRASE);
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);

    g_assert_true (mr_sftp_client_check (client, server->root, NULL, &error));
    g_assert_no_error (error);
  }
  /* A key the server does not know. */
  {
    g_autofree char *stranger = g_build_filename (server->dir, "stranger", NULL);
    g_autoptr (MrSftpClient) client = NULL;

    g_free (
      mr_test_run (&error, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger, NULL));
    g_assert_no_error (error);
    g_free (o->key_file);
    o->key_file = g_strdup (stranger);
    g_clear_pointer (&o->secret, g_free);
    client = mr_sftp_client_new (o);
    g_assert_false (mr_sftp_client_check (client, server->root, NULL, &error));
    g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_AUTH);
    g_clear_error (&error);
  }
  /* A key file that is not there. */
  {
    g_autoptr (MrSftpClient) client = NULL;

    g_free (o->key_file);
    o->key_file = g_build_filename (server->dir, "nowhere", NULL);
    client = mr_sftp_client_new (o);
    g_assert_false (mr_sftp_client_check (client, server->root, NULL, &error));
    g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_KEY_FILE);
  }
}

/* Password logins need a local account with a password: sshd checks
 * passwords against the system's accounts (UsePAM no: /etc/shadow), and
 * root never gets one. So this test makes a throwaway system user with a
 * random password and deletes it afterwards; it needs root, as CI has. */
static void
test_password (void)
{
  MrTestSshd *pw_server;
  g_autoptr (GError) error = NULL;
  g_autoptr (MrSftpOptions) o = g_new0 (MrSftpOptions, 1);
  g_autoptr (GBytes) data = g_bytes_new_static ("hello", 5);
  g_autofree char *remote = NULL;
  g_autofree char *local_path = NULL;
  g_autofree char *local = NULL;

  if (mr_test_sshd_unavailable () != NULL || mr_test_sshd_password_unavailable () != NULL)
    {
      g_test_skip (mr_test_sshd_unavailable () ? mr_test_sshd_unavailable ()
                                               : mr_test_sshd_password_unavailable ());
      return;
    }
  pw_server = mr_test_sshd_start (TRUE, &error);
  g_assert_no_error (error);

  o->host = g_strdup ("127.0.0.1");
  o->port = pw_server->port;
  o->user = g_strdup (pw_server->password_user);
  o->auth = MR_SFTP_AUTH_PASSWORD;
  o->secret = g_strdup (pw_server->password);
  o->known_hosts = g_strdup (pw_server->known_hosts);
  o->connect_timeout = 5;
  remote = mr_sftp_build_path (pw_server->root, "by-password.txt");
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);
    g_autoptr (GBytes) back = NULL;

    g_assert_true (mr_sftp_client_upload (client, remote, data, NULL, &error));
    g_assert_no_error (error);
    back = mr_sftp_client_download (client, remote, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (back, data));
  }
  local_path = mr_test_sshd_path (pw_server, "by-password.txt");
  g_assert_true (g_file_get_contents (local_path, &local, NULL, NULL));
  g_assert_cmpstr (local, ==, "hello");

  g_free (o->secret);
  o->secret = g_strdup ("not the password");
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);

    g_assert_false (mr_sftp_client_check (client, pw_server->root, NULL, &error));
    g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_AUTH);
    g_assert_nonnull (strstr (error->message, pw_server->password_user));
    g_clear_error (&error);
  }
  /* No password at all: said without connecting. */
  g_clear_pointer (&o->secret, g_free);
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);

    g_assert_false (mr_sftp_client_check (client, pw_server->root, NULL, &error));
    g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_AUTH);
  }
  mr_test_sshd_stop (pw_server);
}

static void
test_host_key_unknown (void)
{
  g_autoptr (MrSftpOptions) o = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *known = NULL;

  if (!need_server ())
    return;
  o = key_options ();
  g_free (o->known_hosts);
  o->known_hosts = g_build_filename (server->dir, "tofu", "known_hosts", NULL);

  /* Unknown: refused, and the message shows the fingerprint to check. */
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);

    g_assert_false (mr_sftp_client_check (client, server->root, NULL, &error));
    g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_UNKNOWN);
    g_assert_nonnull (strstr (error->message, server->host_fingerprint));
    g_assert_cmpstr (mr_sftp_client_get_host_fingerprint (client), ==, server->host_fingerprint);
    g_assert_false (g_file_test (o->known_hosts, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }
  /* Accepting another fingerprint than the server's accepts nothing. */
  o->accept_fingerprint = g_strdup ("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);

    g_assert_false (mr_sftp_client_check (client, server->root, NULL, &error));
    g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_UNKNOWN);
    g_assert_false (g_file_test (o->known_hosts, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }
  /* The administrator accepts the fingerprint they saw: recorded. */
  g_free (o->accept_fingerprint);
  o->accept_fingerprint = g_strdup (server->host_fingerprint);
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);

    g_assert_true (mr_sftp_client_check (client, server->root, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (o->known_hosts, &known, NULL, NULL));
  g_assert_true (g_str_has_prefix (known, "[127.0.0.1]:"));
  /* From then on, without accepting anything. */
  g_clear_pointer (&o->accept_fingerprint, g_free);
  {
    g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);

    g_assert_true (mr_sftp_client_check (client, server->root, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_host_key_changed (void)
{
  g_autoptr (MrSftpOptions) o = NULL;
  g_autoptr (MrSftpClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = g_bytes_new_static ("secret data", 11);
  g_autofree char *impostor = NULL;
  g_autofree char *impostor_pub = NULL;
  g_autofree char *line = NULL;
  g_autofree char *known = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *local = NULL;

  if (!need_server ())
    return;
  /* known_hosts holds another key for this host and port. */
  impostor = g_build_filename (server->dir, "impostor", NULL);
  g_free (
    mr_test_run (&error, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", impostor, NULL));
  g_assert_no_error (error);
  impostor_pub = g_strconcat (impostor, ".pub", NULL);
  g_assert_true (g_file_get_contents (impostor_pub, &line, NULL, NULL));
  known = g_build_filename (server->dir, "known_hosts_changed", NULL);
  {
    g_autofree char *entry = g_strdup_printf ("[127.0.0.1]:%u %s", server->port, line);

    g_assert_true (g_file_set_contents (known, entry, -1, NULL));
  }
  o = key_options ();
  g_free (o->known_hosts);
  o->known_hosts = g_strdup (known);
  client = mr_sftp_client_new (o);

  remote = mr_sftp_build_path (server->root, "must-not-arrive.txt");
  g_assert_false (mr_sftp_client_upload (client, remote, data, NULL, &error));
  g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_CHANGED);
  g_assert_nonnull (strstr (error->message, "intercepting"));
  g_assert_nonnull (strstr (error->message, server->host_fingerprint));
  g_test_message ("%s", error->message);
  local = read_local ("must-not-arrive.txt");
  g_assert_null (local);
  assert_no_part_files (server->root);
  g_clear_error (&error);

  g_assert_null (mr_sftp_client_download (client, remote, NULL, &error));
  g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_CHANGED);
}

static void
test_missing (void)
{
  g_autoptr (MrSftpOptions) o = NULL;
  g_autoptr (MrSftpClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *dir = NULL;
  g_autoptr (GBytes) data = NULL;

  if (!need_server ())
    return;
  o = key_options ();
  client = mr_sftp_client_new (o);
  remote = mr_sftp_build_path (server->root, "places.csv");
  data = mr_sftp_client_download (client, remote, NULL, &error);
  g_assert_null (data);
  g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "places.csv"));
  g_clear_error (&error);

  dir = mr_sftp_build_path (server->root, "no-such-folder");
  g_assert_false (mr_sftp_client_check (client, dir, NULL, &error));
  g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_NOT_FOUND);
}

static void
test_unreachable (void)
{
  g_autoptr (MrSftpOptions) o = NULL;
  g_autoptr (MrSftpClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) s = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  if (!need_server ())
    return;
  /* A port that is bound but not listening refuses connections, and stays
   * so while this test holds it. */
  s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (s, addr, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  o = key_options ();
  o->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  client = mr_sftp_client_new (o);
  g_assert_false (mr_sftp_client_check (client, server->root, NULL, &error));
  g_assert_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

static void
test_cancelled (void)
{
  g_autoptr (MrSftpOptions) o = NULL;
  g_autoptr (MrSftpClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  if (!need_server ())
    return;
  o = key_options ();
  client = mr_sftp_client_new (o);
  g_cancellable_cancel (cancellable);
  g_assert_false (mr_sftp_client_check (client, server->root, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_zip (void)
{
  const char *csv_text = "First name,Last name\r\nRené,Lévesque\r\n";
  g_autoptr (GBytes) csv = g_bytes_new_static (csv_text, strlen (csv_text));
  g_autoptr (GBytes) zip = NULL;
  g_autoptr (GBytes) back = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");

  zip = mr_zip_single_file ("contacts.csv", csv, 1735689600, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (zip, NULL), 2, "PK", 2);
  names = mr_zip_list (zip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "contacts.csv");
  back = mr_zip_read_file (zip, "contacts.csv", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, csv));
  g_clear_pointer (&back, g_bytes_unref);
  back = mr_zip_read_file (zip, "other.csv", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Uploaded, it reads back with another ZIP implementation too. */
  if (server != NULL)
    {
      g_autoptr (MrSftpOptions) o = key_options ();
      g_autoptr (MrSftpClient) client = mr_sftp_client_new (o);
      g_autofree char *remote = mr_sftp_build_path (server->root, "contacts-20250101-000000.zip");
      g_autofree char *local = mr_test_sshd_path (server, "contacts-20250101-000000.zip");

      g_assert_true (mr_sftp_client_upload (client, remote, zip, NULL, &error));
      g_assert_no_error (error);
      if (python != NULL)
        {
          g_autofree char *out = mr_test_run (
            &error, python, "-c",
            "import sys, zipfile\n"
            "z = zipfile.ZipFile(sys.argv[1])\n"
            "assert z.testzip() is None\n"
            "print(z.namelist()[0]); sys.stdout.write(z.read('contacts.csv').decode())",
            local, NULL);

          g_assert_no_error (error);
          g_assert_cmpstr (out, ==, "contacts.csv\nFirst name,Last name\r\nRené,Lévesque\r\n");
        }
    }
}

static void
test_secrets (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key = mr_secret_sftp_password_key ("hr", "sftp.example.org");
  char *found;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus, so no keyring (run under build-aux/test-session.sh)");
      return;
    }
  g_assert_cmpstr (key, ==, "hr@sftp.example.org");
  g_assert_true (mr_secret_store_sync (MR_SECRET_SFTP_PASSWORD, key, "s3cret", NULL, &error));
  g_assert_no_error (error);
  found = mr_secret_lookup_sync (MR_SECRET_SFTP_PASSWORD, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "s3cret");
  mr_secret_free (found);
  /* A passphrase with the same key is another secret. */
  found = mr_secret_lookup_sync (MR_SECRET_SFTP_PASSPHRASE, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  g_assert_true (mr_secret_clear_sync (MR_SECRET_SFTP_PASSWORD, key, NULL, &error));
  g_assert_no_error (error);
  found = mr_secret_lookup_sync (MR_SECRET_SFTP_PASSWORD, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);
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

  g_test_add_func ("/sftp/fingerprint", test_fingerprint);
  g_test_add_func ("/sftp/key-file-encrypted", test_key_file_encrypted);
  g_test_add_func ("/sftp/known-hosts", test_known_hosts);
  g_test_add_func ("/sftp/build-path", test_build_path);
  g_test_add_func ("/sftp/key/upload-download", test_upload_download);
  g_test_add_func ("/sftp/key/upload-never-replaces", test_upload_exists);
  g_test_add_func ("/sftp/key/passphrase", test_passphrase);
  g_test_add_func ("/sftp/password", test_password);
  g_test_add_func ("/sftp/host-key/unknown", test_host_key_unknown);
  g_test_add_func ("/sftp/host-key/changed", test_host_key_changed);
  g_test_add_func ("/sftp/missing", test_missing);
  g_test_add_func ("/sftp/unreachable", test_unreachable);
  g_test_add_func ("/sftp/cancelled", test_cancelled);
  g_test_add_func ("/sftp/zip", test_zip);
  g_test_add_func ("/secrets/sftp-password", test_secrets);

  status = g_test_run ();
  mr_test_sshd_stop (server);
  g_free (server_error);
  return status;
}
