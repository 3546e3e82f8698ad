/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "mr-secrets.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "org.gnome.Mailroom.Secret",
    SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
  };

  return &schema;
}

static const char *
kind_name (MrSecretKind kind)
{
  switch (kind)
    {
    case MR_SECRET_SFTP_PASSWORD:
      return "sftp-password";
    case MR_SECRET_SFTP_PASSPHRASE:
      return "sftp-key-passphrase";
    default:
      g_return_val_if_reached ("");
    }
}

/* What the keyring shows the user ("Passwords and Keys"). */
static char *
make_label (MrSecretKind kind, const char *key)
{
  switch (kind)
    {
    case MR_SECRET_SFTP_PASSWORD:
      /* Translators: an entry of the user's keyring; %s is user@host */
      return g_strdup_printf (_ ("Mailroom SFTP password for %s"), key);
    case MR_SECRET_SFTP_PASSPHRASE:
      /* Translators: an entry of the user's keyring; %s is a file path */
      return g_strdup_printf (_ ("Mailroom passphrase of the SSH key %s"), key);
    default:
      g_return_val_if_reached (g_strdup (key));
    }
}

char *
mr_secret_sftp_password_key (const char *user, const char *host)
{
  return g_strdup_printf ("%s@%s", user ? user : "", host ? host : "");
}

static gboolean
keyring_error (GError *error, GError **out)
{
  if (error == NULL)
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (out, error);
  else
    {
      g_set_error (out, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("The keyring cannot be used: %s"),
                   error->message);
      g_error_free (error);
    }
  return FALSE;
}

gboolean
mr_secret_store_sync (
  MrSecretKind kind, const char *key, const char *secret, GCancellable *cancellable, GError **error)
{
  g_autofree char *label = make_label (kind, key);
  GError *local_error = NULL;

  g_return_val_if_fail (key != NULL && secret != NULL, FALSE);

  secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                              &local_error, "kind", kind_name (kind), "key", key, NULL);
  return keyring_error (local_error, error);
}

char *
mr_secret_lookup_sync (MrSecretKind kind,
                       const char *key,
                       GCancellable *cancellable,
                       GError **error)
{
  GError *local_error = NULL;
  char *found;
  char *copy;

  g_return_val_if_fail (key != NULL, NULL);

  found = secret_password_lookup_sync (get_schema (), cancellable, &local_error, "kind",
                                       kind_name (kind), "key", key, NULL);
  if (!keyring_error (local_error, error))
    return NULL;
  copy = g_strdup (found);
  secret_password_free (found);
  return copy;
}

gboolean
mr_secret_clear_sync (MrSecretKind kind, const char *key, GCancellable *cancellable, GError **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (key != NULL, FALSE);

  secret_password_clear_sync (get_schema (), cancellable, &local_error, "kind", kind_name (kind),
                              "key", key, NULL);
  return keyring_error (local_error, error);
}

void
mr_secret_store (MrSecretKind kind,
                 const char *key,
                 const char *secret,
                 GCancellable *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer user_data)
{
  g_autofree char *label = make_label (kind, key);

  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         callback, user_data, "kind", kind_name (kind), "key", key, NULL);
}

gboolean
mr_secret_store_finish (GAsyncResult *result, GError **error)
{
  GError *local_error = NULL;

  secret_password_store_finish (result, &local_error);
  return keyring_error (local_error, error);
}

void
mr_secret_lookup (MrSecretKind kind,
                  const char *key,
                  GCancellable *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer user_data)
{
  secret_password_lookup (get_schema (), cancellable, callback, user_data, "kind", kind_name (kind),
                          "key", key, NULL);
}

char *
mr_secret_lookup_finish (GAsyncResult *result, GError **error)
{
  GError *local_error = NULL;
  char *found = secret_password_lookup_finish (result, &local_error);
  char *copy;

  if (!keyring_error (local_error, error))
    return NULL;
  copy = g_strdup (found);
  secret_password_free (found);
  return copy;
}

void
mr_secret_clear (MrSecretKind kind,
                 const char *key,
                 GCancellable *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer user_data)
{
  secret_password_clear (get_schema (), cancellable, callback, user_data, "kind", kind_name (kind),
                         "key", key, NULL);
}

gboolean
mr_secret_clear_finish (GAsyncResult *result, GError **error)
{
  GError *local_error = NULL;

  secret_password_clear_finish (result, &local_error);
  return keyring_error (local_error, error);
}

void
mr_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}
