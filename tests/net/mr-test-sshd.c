/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "mr-test-sshd.h"

#define SSHD "/usr/sbin/sshd"
/* One fixed name, so that a run killed before it could clean up leaves
 * one user that the next run reuses and deletes, not a new one each time. */
#define PASSWORD_USER "mailroom-sftp-test"

const char *
mr_test_sshd_unavailable (void)
{
  g_autofree char *keygen = g_find_program_in_path ("ssh-keygen");

  if (!g_file_test (SSHD, G_FILE_TEST_IS_EXECUTABLE))
    return "no " SSHD " (apt-get install openssh-server, or make deps)";
  if (keygen == NULL)
    return "no ssh-keygen (apt-get install openssh-client)";
  return NULL;
}

const char *
mr_test_sshd_password_unavailable (void)
{
  g_autofree char *useradd = g_find_program_in_path ("useradd");

  if (geteuid () != 0)
    return "password logins need a local user: only root can make the throwaway one";
  if (useradd == NULL || !g_file_test ("/usr/sbin/userdel", G_FILE_TEST_IS_EXECUTABLE))
    return "no useradd/userdel";
  return NULL;
}

static char *
run_argv (const char *const *argv, const char *input, GError **error)
{
  g_autoptr (GSubprocess) p = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  p = g_subprocess_newv (argv,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                           (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0),
                         error);
  if (p == NULL)
    return NULL;
  if (!g_subprocess_communicate_utf8 (p, input, NULL, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_successful (p))
    {
      g_autofree char *cmd = g_strjoinv (" ", (char **) argv);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "“%s” failed: %s", cmd, err ? err : "");
      return NULL;
    }
  return g_steal_pointer (&out);
}

char *
mr_test_run (GError **error, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return run_argv ((const char *const *) argv->pdata, NULL, error);
}

static gboolean
keygen (const char *path, const char *passphrase, GError **error)
{
  g_autofree char *out = mr_test_run (error, "ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase,
                                      "-C", "mailroom-test", "-f", path, NULL);

  return out != NULL;
}

static guint
free_port (void)
{
  g_autoptr (GSocket) s =
    g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  if (s == NULL || !g_socket_bind (s, any, FALSE, NULL))
    return 0;
  bound = g_socket_get_local_address (s, NULL);
  return bound ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 0;
}

/* Ready when it answers with its "SSH-2.0-…" banner. Plain sockets: a
 * GSocketClient would look up proxy settings, in GSettings. */
static gboolean
wait_ready (guint port)
{
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, port);

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr (GSocket) s =
        g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);

      g_socket_set_timeout (s, 2);
      if (g_socket_connect (s, addr, NULL, NULL))
        {
          char banner[5] = { 0 };
          gsize got = 0;

          while (got < 4)
            {
              gssize n = g_socket_receive (s, banner + got, 4 - got, NULL, NULL);

              if (n <= 0)
                break;
              got += n;
            }
          if (got == 4 && strcmp (banner, "SSH-") == 0)
            return TRUE;
        }
      g_usleep (25 * 1000);
    }
  return FALSE;
}

static void
child_setup (gpointer data)
{
#ifdef __linux__
  /* A test that dies (a failed assertion aborts) takes its server along. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static gboolean
make_password_user (MrTestSshd *sshd, GError **error)
{
  g_autofree char *input = NULL;
  g_autofree char *out = NULL;
  const char *chpasswd[] = { "chpasswd", NULL };
  GError *ignored = NULL;

  out = mr_test_run (&ignored, "id", "-u", PASSWORD_USER, NULL);
  g_clear_error (&ignored);
  if (out == NULL)
    out = mr_test_run (error, "useradd", "--system", "--no-create-home", "--home-dir", sshd->root,
                       "--shell", "/usr/sbin/nologin", PASSWORD_USER, NULL);
  else
    {
      g_free (out);
      out = mr_test_run (error, "usermod", "--home", sshd->root, PASSWORD_USER, NULL);
    }
  if (out == NULL)
    return FALSE;
  sshd->password_user = g_strdup (PASSWORD_USER);
  sshd->password = g_strdup_printf ("pw-%08x-%08x", g_random_int (), g_random_int ());
  input = g_strdup_printf ("%s:%s\n", PASSWORD_USER, sshd->password);
  g_free (out);
  out = run_argv (chpasswd, input, error);
  return out != NULL;
}

static gboolean
write_config (MrTestSshd *sshd, gboolean with_password, GError **error)
{
  g_autofree char *path = g_build_filename (sshd->dir, "sshd_config", NULL);
  g_autofree char *config =
    g_strdup_printf ("Port %u\n"
                     "ListenAddress 127.0.0.1\n"
                     "HostKey %s/host_key\n"
                     "PidFile %s/sshd.pid\n"
                     "AuthorizedKeysFile %s/authorized_keys\n"
                     "StrictModes no\n"
                     "UsePAM no\n"
                     "UseDNS no\n"
                     "PubkeyAuthentication yes\n"
                     "PasswordAuthentication %s\n"
                     "KbdInteractiveAuthentication no\n"
                     "PermitRootLogin prohibit-password\n"
                     "Subsystem sftp internal-sftp\n"
                     "MaxStartups 100\n"
                     "LogLevel VERBOSE\n",
                     sshd->port, sshd->dir, sshd->dir, sshd->dir, with_password ? "yes" : "no");

  return g_file_set_contents (path, config, -1, error);
}

static void remove_tree (const char *path);

/* A test that failed an assertion aborted before it could clean up: its
 * server died with it (PR_SET_PDEATHSIG), its folder stayed. The next run
 * removes the folders whose server is gone. */
static void
remove_stale_folders (void)
{
  g_autoptr (GDir) tmp = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;

  while (tmp != NULL && (name = g_dir_read_name (tmp)) != NULL)
    {
      g_autofree char *dir = NULL;
      g_autofree char *pid_file = NULL;
      g_autofree char *pid_text = NULL;
      GStatBuf st;
      gint64 pid;

      if (!g_str_has_prefix (name, "mailroom-sshd-"))
        continue;
      dir = g_build_filename (g_get_tmp_dir (), name, NULL);
      pid_file = g_build_filename (dir, "sshd.pid", NULL);
      if (g_file_get_contents (pid_file, &pid_text, NULL, NULL))
        {
          pid = g_ascii_strtoll (pid_text, NULL, 10);
          if (pid > 0 && (kill ((pid_t) pid, 0) == 0 || errno != ESRCH))
            continue; /* its server still runs: another test's */
        }
      /* No server yet: maybe one starting right now, unless it is old. */
      else if (g_stat (dir, &st) != 0 || st.st_mtime > time (NULL) - 600)
        continue;
      remove_tree (dir);
    }
}

MrTestSshd *
mr_test_sshd_start (gboolean with_password, GError **error)
{
  MrTestSshd *sshd = g_new0 (MrTestSshd, 1);
  g_autofree char *host_key = NULL;
  g_autofree char *host_pub = NULL;
  g_autofree char *user_pub = NULL;
  g_autofree char *user_enc_pub = NULL;
  g_autofree char *authorized = NULL;
  g_autofree char *fp_out = NULL;
  g_autofree char *config = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_auto (GStrv) fp_fields = NULL;

  remove_stale_folders ();
  sshd->dir = g_dir_make_tmp ("mailroom-sshd-XXXXXX", error);
  if (sshd->dir == NULL)
    goto fail;
  /* The throwaway user must reach the served folder. */
  g_chmod (sshd->dir, 0755);
  sshd->root = g_build_filename (sshd->dir, "files", NULL);
  g_mkdir (sshd->root, 0777);
  g_chmod (sshd->root, 0777);
  sshd->log = g_build_filename (sshd->dir, "sshd.log", NULL);
  sshd->user = g_strdup (g_get_user_name ());

  host_key = g_build_filename (sshd->dir, "host_key", NULL);
  sshd->user_key = g_build_filename (sshd->dir, "user_key", NULL);
  sshd->user_key_encrypted = g_build_filename (sshd->dir, "user_key_encrypted", NULL);
  if (!keygen (host_key, "", error) || !keygen (sshd->user_key, "", error) ||
      !keygen (sshd->user_key_encrypted, MR_TEST_PASSPHRASE, error))
    goto fail;

  host_pub = g_strconcat (host_key, ".pub", NULL);
  user_pub = g_strconcat (sshd->user_key, ".pub", NULL);
  user_enc_pub = g_strconcat (sshd->user_key_encrypted, ".pub", NULL);
  if (!g_file_get_contents (host_pub, &sshd->host_pub_line, NULL, error) ||
      !g_file_get_contents (user_pub, &a, NULL, error) ||
      !g_file_get_contents (user_enc_pub, &b, NULL, error))
    goto fail;
  g_strstrip (sshd->host_pub_line);
  authorized = g_build_filename (sshd->dir, "authorized_keys", NULL);
  {
    g_autofree char *both = g_strconcat (a, b, NULL);

    if (!g_file_set_contents (authorized, both, -1, error))
      goto fail;
  }

  /* The fingerprint as OpenSSH computes it: what an administrator
   * compares the app's with. */
  fp_out = mr_test_run (error, "ssh-keygen", "-l", "-E", "sha256", "-f", host_pub, NULL);
  if (fp_out == NULL)
    goto fail;
  fp_fields = g_strsplit (fp_out, " ", -1);
  if (g_strv_length (fp_fields) < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "ssh-keygen -l printed “%s”", fp_out);
      goto fail;
    }
  sshd->host_fingerprint = g_strdup (fp_fields[1]);

  if (with_password && !make_password_user (sshd, error))
    goto fail;

  /* sshd refuses to start without its privilege separation folder, which
   * only the service's start-up script makes (and nothing ran it). */
  if (geteuid () == 0 && !g_file_test ("/run/sshd", G_FILE_TEST_IS_DIR))
    g_mkdir_with_parents ("/run/sshd", 0755);

  /* A free port can be taken between our look and sshd's bind: retry. */
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr (GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
      g_autofree char *config_path = g_build_filename (sshd->dir, "sshd_config", NULL);

      sshd->port = free_port ();
      if (sshd->port == 0 || !write_config (sshd, with_password, error))
        goto fail;
      g_subprocess_launcher_set_stderr_file_path (launcher, sshd->log);
      g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
      sshd->process =
        g_subprocess_launcher_spawn (launcher, error, SSHD, "-D", "-e", "-f", config_path, NULL);
      if (sshd->process == NULL)
        goto fail;
      if (wait_ready (sshd->port))
        break;
      g_subprocess_force_exit (sshd->process);
      g_subprocess_wait (sshd->process, NULL, NULL);
      g_clear_object (&sshd->process);
    }
  if (sshd->process == NULL)
    {
      g_autofree char *log = NULL;

      g_file_get_contents (sshd->log, &log, NULL, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sshd did not start: %s",
                   log ? log : "(no log)");
      goto fail;
    }

  {
    g_autofree char *line =
      g_strdup_printf ("[127.0.0.1]:%u %s\n", sshd->port, sshd->host_pub_line);

    sshd->known_hosts = g_build_filename (sshd->dir, "known_hosts", NULL);
    if (!g_file_set_contents (sshd->known_hosts, line, -1, error))
      goto fail;
  }
  return sshd;

fail:
  mr_test_sshd_stop (sshd);
  return NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
mr_test_sshd_stop (MrTestSshd *sshd)
{
  if (sshd == NULL)
    return;
  if (sshd->process != NULL)
    {
      g_subprocess_send_signal (sshd->process, SIGTERM);
      g_subprocess_wait (sshd->process, NULL, NULL);
      g_clear_object (&sshd->process);
    }
  if (sshd->password_user != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *out = mr_test_run (&error, "userdel", sshd->password_user, NULL);

      if (out == NULL)
        g_printerr ("# cannot delete the user %s: %s\n", sshd->password_user, error->message);
    }
  if (sshd->dir != NULL)
    remove_tree (sshd->dir);
  g_free (sshd->dir);
  g_free (sshd->root);
  g_free (sshd->host_fingerprint);
  g_free (sshd->host_pub_line);
  g_free (sshd->known_hosts);
  g_free (sshd->user);
  g_free (sshd->user_key);
  g_free (sshd->user_key_encrypted);
  g_free (sshd->password_user);
  g_free (sshd->password);
  g_free (sshd->log);
  g_free (sshd);
}

char *
mr_test_sshd_path (MrTestSshd *sshd, const char *name)
{
  return g_build_filename (sshd->root, name, NULL);
}
