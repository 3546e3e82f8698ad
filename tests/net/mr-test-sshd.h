/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real OpenSSH sshd for the tests, on 127.0.0.1 and a free port, with
 * a temporary host key, temporary user keys, its own sshd_config and
 * nothing outside its temporary folder (but /run/sshd, which sshd needs,
 * and, for password logins, a throwaway local user). */

#define MR_TEST_PASSPHRASE "correct horse battery"

typedef struct
{
  char *dir;  /* everything of this server */
  char *root; /* the folder the tests read and write (absolute) */
  guint port;
  GSubprocess *process;
  char *host_fingerprint;   /* as `ssh-keygen -lf` prints it */
  char *host_pub_line;      /* "ssh-ed25519 AAAA… comment" */
  char *known_hosts;        /* the server's key, as the app records it */
  char *user;               /* who logs in with the keys (the current user) */
  char *user_key;           /* private key, no passphrase */
  char *user_key_encrypted; /* private key, MR_TEST_PASSPHRASE */
  char *password_user;      /* the throwaway user, or NULL */
  char *password;
  char *log; /* sshd's own log */
} MrTestSshd;

/* Why a server cannot run here (no sshd, …), or NULL: the tests skip
 * themselves with this message rather than fail. */
const char *mr_test_sshd_unavailable (void);
/* Whether the throwaway password user can be made (needs root). */
const char *mr_test_sshd_password_unavailable (void);

/* @with_password: also allow password logins of a throwaway user. */
MrTestSshd *mr_test_sshd_start (gboolean with_password, GError **error);
void mr_test_sshd_stop (MrTestSshd *sshd);

/* A path in the served folder. */
char *mr_test_sshd_path (MrTestSshd *sshd, const char *name);

/* Runs a command; its standard output, or NULL with @error. */
char *mr_test_run (GError **error, const char *first_arg, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
