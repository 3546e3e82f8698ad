/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-known-hosts"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-known-hosts.h"

char *
mr_known_hosts_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "mailroom", "known_hosts", NULL);
}

char *
mr_ssh_key_fingerprint (const guint8 *blob, gsize len)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *b64 = NULL;
  gsize n;

  g_return_val_if_fail (blob != NULL, NULL);

  g_checksum_update (sum, blob, len);
  g_checksum_get_digest (sum, digest, &digest_len);
  b64 = g_base64_encode (digest, digest_len);
  /* OpenSSH prints it without the padding. */
  n = strlen (b64);
  while (n > 0 && b64[n - 1] == '=')
    b64[--n] = '\0';
  return g_strconcat ("SHA256:", b64, NULL);
}

char *
mr_ssh_key_type (const guint8 *blob, gsize len)
{
  guint32 n;

  /* An SSH string: a big-endian length, then the bytes. */
  if (blob == NULL || len < 4)
    return NULL;
  n = ((guint32) blob[0] << 24) | ((guint32) blob[1] << 16) | ((guint32) blob[2] << 8) | blob[3];
  if (n == 0 || n > 64 || n > len - 4)
    return NULL;
  for (guint32 i = 0; i < n; i++)
    if (!g_ascii_isgraph (blob[4 + i]))
      return NULL;
  return g_strndup ((const char *) blob + 4, n);
}

char *
mr_known_hosts_host_name (const char *host, guint port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  if (port == 22 || port == 0)
    return g_steal_pointer (&lower);
  return g_strdup_printf ("[%s]:%u", lower, port);
}

/* "|1|salt|hash": HMAC-SHA1 of the name keyed by the salt, both base64. */
static gboolean
hashed_name_matches (const char *pattern, const char *name)
{
  g_auto (GStrv) parts = g_strsplit (pattern, "|", -1);
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *hash = NULL;
  gsize salt_len, hash_len;
  g_autoptr (GHmac) hmac = NULL;
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  if (g_strv_length (parts) != 4 || strcmp (parts[1], "1") != 0)
    return FALSE;
  salt = g_base64_decode (parts[2], &salt_len);
  hash = g_base64_decode (parts[3], &hash_len);
  if (hash_len != sizeof digest)
    return FALSE;
  hmac = g_hmac_new (G_CHECKSUM_SHA1, salt, salt_len);
  g_hmac_update (hmac, (const guchar *) name, strlen (name));
  g_hmac_get_digest (hmac, digest, &digest_len);
  return memcmp (digest, hash, sizeof digest) == 0;
}

static gboolean
hosts_field_matches (const char *field, const char *name)
{
  g_auto (GStrv) patterns = NULL;

  if (g_str_has_prefix (field, "|1|"))
    return hashed_name_matches (field, name);
  patterns = g_strsplit (field, ",", -1);
  /* Exact names only: the file is the app's own; wildcards and negations
   * from a hand-edited file are not trusted to mean what they seem. */
  for (guint i = 0; patterns[i] != NULL; i++)
    if (g_ascii_strcasecmp (patterns[i], name) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  char *line;        /* as read, for rewriting */
  gboolean for_host; /* names the host we look for */
  GBytes *key;       /* decoded, when for_host */
} KnownLine;

static void
known_line_free (KnownLine *l)
{
  g_free (l->line);
  g_clear_pointer (&l->key, g_bytes_unref);
  g_free (l);
}

/* Reads every line, marking those about @name. A missing file is empty. */
static GPtrArray *
read_lines (const char *path, const char *name, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) known_line_free);
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&out);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Cannot read the known hosts file “%s”: %s"), path, local_error->message);
      return NULL;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      KnownLine *l = g_new0 (KnownLine, 1);
      g_autofree char *trimmed = g_strstrip (g_strdup (lines[i]));
      g_auto (GStrv) fields = NULL;

      l->line = g_strdup (lines[i]);
      g_ptr_array_add (out, l);
      if (trimmed[0] == '\0' || trimmed[0] == '#' || trimmed[0] == '@')
        continue;
      fields = g_strsplit_set (trimmed, " \t", -1);
      {
        /* host-pattern, key-type, base64 key, comment… (empty fields
         * come from runs of blanks) */
        const char *f[3] = { NULL, NULL, NULL };
        guint n = 0;

        for (guint j = 0; fields[j] != NULL && n < 3; j++)
          if (fields[j][0] != '\0')
            f[n++] = fields[j];
        if (n == 3 && hosts_field_matches (f[0], name))
          {
            gsize len = 0;
            guint8 *key = g_base64_decode (f[2], &len);

            l->for_host = TRUE;
            l->key = g_bytes_new_take (key, len);
          }
      }
    }
  return g_steal_pointer (&out);
}

MrKnownHostStatus
mr_known_hosts_check (
  const char *path, const char *host, guint port, const guint8 *blob, gsize len, GError **error)
{
  g_autofree char *name = mr_known_hosts_host_name (host, port);
  g_autoptr (GPtrArray) lines = read_lines (path, name, error);
  gboolean any = FALSE;

  if (lines == NULL)
    return MR_KNOWN_HOST_UNKNOWN;
  for (guint i = 0; i < lines->len; i++)
    {
      KnownLine *l = g_ptr_array_index (lines, i);
      gsize key_len;
      const guint8 *key;

      if (!l->for_host)
        continue;
      any = TRUE;
      key = g_bytes_get_data (l->key, &key_len);
      if (key_len == len && memcmp (key, blob, len) == 0)
        return MR_KNOWN_HOST_MATCH;
    }
  /* A host that presents another key than the one recorded, even of
   * another type, is treated as changed: OpenSSH would warn too. */
  return any ? MR_KNOWN_HOST_CHANGED : MR_KNOWN_HOST_UNKNOWN;
}

char **
mr_known_hosts_lookup (const char *path, const char *host, guint port, GError **error)
{
  g_autofree char *name = mr_known_hosts_host_name (host, port);
  g_autoptr (GPtrArray) lines = read_lines (path, name, error);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      KnownLine *l = g_ptr_array_index (lines, i);
      gsize key_len;
      const guint8 *key;

      if (!l->for_host)
        continue;
      key = g_bytes_get_data (l->key, &key_len);
      g_ptr_array_add (out, mr_ssh_key_fingerprint (key, key_len));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static gboolean
write_lines (const char *path, GPtrArray *lines, const char *extra, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) local_error = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      KnownLine *l = g_ptr_array_index (lines, i);

      if (l->for_host || l->line[0] == '\0')
        continue;
      g_string_append (out, l->line);
      g_string_append_c (out, '\n');
    }
  if (extra != NULL)
    {
      g_string_append (out, extra);
      g_string_append_c (out, '\n');
    }
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, out->str, out->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Cannot write the known hosts file “%s”: %s"), path,
                   local_error ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
mr_known_hosts_set (
  const char *path, const char *host, guint port, const guint8 *blob, gsize len, GError **error)
{
  g_autofree char *name = mr_known_hosts_host_name (host, port);
  g_autoptr (GPtrArray) lines = NULL;
  g_autofree char *type = mr_ssh_key_type (blob, len);
  g_autofree char *b64 = NULL;
  g_autofree char *line = NULL;

  if (type == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The server sent a host key that cannot be read."));
      return FALSE;
    }
  lines = read_lines (path, name, error);
  if (lines == NULL)
    return FALSE;
  b64 = g_base64_encode (blob, len);
  line = g_strdup_printf ("%s %s %s", name, type, b64);
  return write_lines (path, lines, line, error);
}

gboolean
mr_known_hosts_remove (const char *path, const char *host, guint port, GError **error)
{
  g_autofree char *name = mr_known_hosts_host_name (host, port);
  g_autoptr (GPtrArray) lines = read_lines (path, name, error);

  if (lines == NULL)
    return FALSE;
  return write_lines (path, lines, NULL, error);
}
