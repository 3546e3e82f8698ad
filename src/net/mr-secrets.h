/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every credential Mailroom keeps lives in the user's keyring (the
 * freedesktop Secret Service, through libsecret): never in the database,
 * never in GSettings. */

typedef enum
{
  MR_SECRET_SFTP_PASSWORD,   /* key: "user@host" */
  MR_SECRET_SFTP_PASSPHRASE, /* key: the private key file's path */
} MrSecretKind;

/* The key of an SFTP password: "user@host". */
char *mr_secret_sftp_password_key (const char *user, const char *host);

/* Blocking (threads, the command line). lookup returns NULL with no error
 * when nothing is stored. */
gboolean mr_secret_store_sync (MrSecretKind kind,
                               const char *key,
                               const char *secret,
                               GCancellable *cancellable,
                               GError **error);
char *mr_secret_lookup_sync (MrSecretKind kind,
                             const char *key,
                             GCancellable *cancellable,
                             GError **error);
gboolean mr_secret_clear_sync (MrSecretKind kind,
                               const char *key,
                               GCancellable *cancellable,
                               GError **error);

/* Asynchronous, for the interface. */
void mr_secret_store (MrSecretKind kind,
                      const char *key,
                      const char *secret,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data);
gboolean mr_secret_store_finish (GAsyncResult *result, GError **error);
void mr_secret_lookup (MrSecretKind kind,
                       const char *key,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data);
char *mr_secret_lookup_finish (GAsyncResult *result, GError **error);
void mr_secret_clear (MrSecretKind kind,
                      const char *key,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data);
gboolean mr_secret_clear_finish (GAsyncResult *result, GError **error);

/* Frees a secret after overwriting it. */
void mr_secret_free (char *secret);

G_END_DECLS
