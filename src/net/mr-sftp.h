/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* SFTP transfers through libcurl: whole files to and from memory, an
 * upload that appears on the server only when complete (written under a
 * temporary name, then renamed), and a host key that is always verified
 * against the app's known_hosts file. */

#define MR_SFTP_ERROR (mr_sftp_error_quark ())

typedef enum
{
  MR_SFTP_ERROR_FAILED,
  MR_SFTP_ERROR_CONNECT,          /* no server there: name, refused, timed out */
  MR_SFTP_ERROR_HOST_KEY_UNKNOWN, /* no key recorded for the server */
  MR_SFTP_ERROR_HOST_KEY_CHANGED, /* the server presented another key */
  MR_SFTP_ERROR_AUTH,             /* user, key, password or passphrase refused */
  MR_SFTP_ERROR_KEY_FILE,         /* the private key file cannot be used */
  MR_SFTP_ERROR_NOT_FOUND,        /* no such file or folder on the server */
  MR_SFTP_ERROR_PERMISSION,       /* the server refused access */
  MR_SFTP_ERROR_TOO_LARGE,        /* a download over the size limit */
  MR_SFTP_ERROR_EXISTS,           /* an upload's name is taken */
} MrSftpError;

GQuark mr_sftp_error_quark (void);

typedef enum
{
  MR_SFTP_AUTH_KEY,
  MR_SFTP_AUTH_PASSWORD,
} MrSftpAuth;

/* "key"/"password", as in GSettings */
const char *mr_sftp_auth_to_string (MrSftpAuth auth);
gboolean mr_sftp_auth_from_string (const char *name, MrSftpAuth *out);

typedef struct
{
  char *host;
  guint port; /* 0: 22 */
  char *user;
  MrSftpAuth auth;
  char *key_file; /* the private key, for MR_SFTP_AUTH_KEY */
  char *secret;   /* the password, or the key's passphrase (NULL: none) */
  char *known_hosts;
  /* Accept the server's key if, and only if, its fingerprint is this one
   * ("SHA256:…"), and record it in known_hosts: the administrator has seen
   * and accepted it. NULL: only keys already recorded are accepted. */
  char *accept_fingerprint;
  guint connect_timeout; /* seconds; 0: 20 */
} MrSftpOptions;

MrSftpOptions *mr_sftp_options_copy (const MrSftpOptions *options);
void mr_sftp_options_clear (MrSftpOptions *options);
void mr_sftp_options_free (MrSftpOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrSftpOptions, mr_sftp_options_free)

/* Whether an OpenSSH or PEM private key file is protected by a
 * passphrase (FALSE when it cannot be read: using it will say why). */
gboolean mr_ssh_key_file_is_encrypted (const char *path);

/* A remote path: @dir (absolute, or relative to the login folder; may be
 * empty) joined with @name. */
char *mr_sftp_build_path (const char *dir, const char *name);

/* One connection, reused by every transfer while the client lives.
 * Blocking: use it in a thread. */
typedef struct _MrSftpClient MrSftpClient;

MrSftpClient *mr_sftp_client_new (const MrSftpOptions *options);
void mr_sftp_client_free (MrSftpClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrSftpClient, mr_sftp_client_free)

/* Downloads are refused past this size (default 256 MiB). */
void mr_sftp_client_set_max_download (MrSftpClient *client, gsize max_bytes);

/* Connects and lists @dir: checks host key, login and folder at once. */
gboolean mr_sftp_client_check (MrSftpClient *client,
                               const char *dir,
                               GCancellable *cancellable,
                               GError **error);
/* MR_SFTP_ERROR_NOT_FOUND when @path does not exist. */
GBytes *mr_sftp_client_download (MrSftpClient *client,
                                 const char *path,
                                 GCancellable *cancellable,
                                 GError **error);
/* Whether @path exists on the server (FALSE with @error when that cannot
 * be known). */
gboolean mr_sftp_client_exists (MrSftpClient *client,
                                const char *path,
                                GCancellable *cancellable,
                                GError **error);
/* Writes @data to a temporary name next to @path, then renames it to
 * @path: readers of the folder never see a partial file. An existing
 * @path is never replaced (MR_SFTP_ERROR_EXISTS). */
gboolean mr_sftp_client_upload (
  MrSftpClient *client, const char *path, GBytes *data, GCancellable *cancellable, GError **error);

/* The fingerprint of the key the server presented on the last connection
 * (also when it was refused), or NULL before any. */
const char *mr_sftp_client_get_host_fingerprint (MrSftpClient *client);

G_END_DECLS
