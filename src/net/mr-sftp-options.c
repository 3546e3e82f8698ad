/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parts of the SFTP client that need no libcurl: options, errors,
 * key files and paths. The app links these; the transfers live in
 * mr-sftp.c, in the transport module (see mr-net-module.c). */
#define G_LOG_DOMAIN "mr-sftp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-sftp.h"

G_DEFINE_QUARK (mr - sftp - error - quark, mr_sftp_error)

const char *
mr_sftp_auth_to_string (MrSftpAuth auth)
{
  return auth == MR_SFTP_AUTH_PASSWORD ? "password" : "key";
}

gboolean
mr_sftp_auth_from_string (const char *name, MrSftpAuth *out)
{
  if (g_strcmp0 (name, "key") == 0)
    *out = MR_SFTP_AUTH_KEY;
  else if (g_strcmp0 (name, "password") == 0)
    *out = MR_SFTP_AUTH_PASSWORD;
  else
    return FALSE;
  return TRUE;
}

MrSftpOptions *
mr_sftp_options_copy (const MrSftpOptions *options)
{
  MrSftpOptions *copy = g_new0 (MrSftpOptions, 1);

  *copy = *options;
  copy->host = g_strdup (options->host);
  copy->user = g_strdup (options->user);
  copy->key_file = g_strdup (options->key_file);
  copy->secret = g_strdup (options->secret);
  copy->known_hosts = g_strdup (options->known_hosts);
  copy->accept_fingerprint = g_strdup (options->accept_fingerprint);
  return copy;
}

void
mr_sftp_options_clear (MrSftpOptions *options)
{
  g_clear_pointer (&options->host, g_free);
  g_clear_pointer (&options->user, g_free);
  g_clear_pointer (&options->key_file, g_free);
  /* A secret does not linger in freed memory. */
  if (options->secret != NULL)
    memset (options->secret, 0, strlen (options->secret));
  g_clear_pointer (&options->secret, g_free);
  g_clear_pointer (&options->known_hosts, g_free);
  g_clear_pointer (&options->accept_fingerprint, g_free);
}

void
mr_sftp_options_free (MrSftpOptions *options)
{
  if (options == NULL)
    return;
  mr_sftp_options_clear (options);
  g_free (options);
}

gboolean
mr_ssh_key_file_is_encrypted (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (path == NULL || !g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  /* PEM (RSA, EC, DSA, PKCS#8) says so in its headers. */
  if (strstr (contents, "Proc-Type: 4,ENCRYPTED") != NULL ||
      strstr (contents, "BEGIN ENCRYPTED PRIVATE KEY") != NULL)
    return TRUE;
  /* OpenSSH's own format: "openssh-key-v1\0", then the cipher name as an
   * SSH string, "none" when the key is not encrypted. */
  {
    const char *begin = strstr (contents, "-----BEGIN OPENSSH PRIVATE KEY-----");
    const char *end;
    g_autofree char *b64 = NULL;
    g_autofree guint8 *raw = NULL;
    gsize raw_len = 0;
    static const char magic[] = "openssh-key-v1";
    guint32 n;

    if (begin == NULL)
      return FALSE;
    begin += strlen ("-----BEGIN OPENSSH PRIVATE KEY-----");
    end = strstr (begin, "-----END");
    if (end == NULL)
      return FALSE;
    b64 = g_strndup (begin, end - begin);
    raw = g_base64_decode (g_strstrip (b64), &raw_len);
    if (raw_len < sizeof magic + 4 || memcmp (raw, magic, sizeof magic) != 0)
      return FALSE;
    n = ((guint32) raw[sizeof magic] << 24) | ((guint32) raw[sizeof magic + 1] << 16) |
        ((guint32) raw[sizeof magic + 2] << 8) | raw[sizeof magic + 3];
    if (n > raw_len - sizeof magic - 4)
      return FALSE;
    return !(n == 4 && memcmp (raw + sizeof magic + 4, "none", 4) == 0);
  }
}

char *
mr_sftp_build_path (const char *dir, const char *name)
{
  g_autofree char *trimmed = g_strdup (dir ? dir : "");
  gsize n = strlen (trimmed);

  while (n > 1 && trimmed[n - 1] == '/')
    trimmed[--n] = '\0';
  if (n == 0 || strcmp (trimmed, ".") == 0)
    return g_strdup (name);
  if (strcmp (trimmed, "/") == 0)
    return g_strconcat ("/", name, NULL);
  return g_strconcat (trimmed, "/", name, NULL);
}
