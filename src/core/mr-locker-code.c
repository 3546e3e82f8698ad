/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <string.h>

#include "mr-locker-private.h"
#include "mr-uuid.h"

/* Pickup codes. A code is what opens a door full of someone's parcels, so
 * it comes from the kernel's CSPRNG (getrandom, through mr_random_bytes),
 * never from GRand, and only its keyed hash is stored: reading the
 * database does not give anyone a code. Eight digits, because kiosks have
 * number pads; guessing is held off by the lockout after wrong codes. */

#define QR_PREFIX "MRPICKUP:"
#define SALT_BYTES 16

char *
mr_locker_code_new (void)
{
  /* The largest multiple of 10^8 below 2^32: values above it would make
   * low codes more likely than high ones, so they are drawn again. */
  const guint32 limit = 4200000000u;
  guint32 v;

  do
    {
      guint8 b[4];

      if (!mr_random_bytes (b, sizeof b))
        g_error ("getrandom failed");
      v = (guint32) b[0] << 24 | (guint32) b[1] << 16 | (guint32) b[2] << 8 | b[3];
    }
  while (v >= limit);
  return g_strdup_printf ("%08u", v % 100000000u);
}

char *
mr_locker_code_salt_new (void)
{
  guint8 b[SALT_BYTES];
  GString *out = g_string_sized_new (2 * SALT_BYTES);

  if (!mr_random_bytes (b, sizeof b))
    g_error ("getrandom failed");
  for (guint i = 0; i < SALT_BYTES; i++)
    g_string_append_printf (out, "%02x", b[i]);
  return g_string_free (out, FALSE);
}

/* HMAC-SHA-256 of the code keyed with the salt: equal codes of two
 * deliveries hash differently, and a table of precomputed hashes is of no
 * use. */
char *
mr_locker_code_hash (const char *salt, const char *code)
{
  g_autoptr (GHmac) hmac = NULL;

  g_return_val_if_fail (salt != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) salt, strlen (salt));
  g_hmac_update (hmac, (const guchar *) code, (gssize) strlen (code));
  return g_strdup (g_hmac_get_string (hmac));
}

/* The tag of @code among the open deliveries of @bank_id, 0 … 255 (see
 * the schema, v5): the first byte of an HMAC-SHA-256 of the code keyed by
 * the bank, so that the same code has unrelated tags in two banks. What
 * it is for is finding, through an index, the few deliveries whose code
 * could be @code; their salted hashes then say whether one is. */
guint
mr_locker_code_tag (const char *bank_id, const char *code)
{
  g_autoptr (GHmac) hmac = NULL;
  g_autofree char *key = NULL;
  guint8 digest[32];
  gsize len = sizeof digest;

  g_return_val_if_fail (bank_id != NULL, 0);
  g_return_val_if_fail (code != NULL, 0);

  key = g_strconcat ("mailroom-code-tag:", bank_id, NULL);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key));
  g_hmac_update (hmac, (const guchar *) code, (gssize) strlen (code));
  g_hmac_get_digest (hmac, digest, &len);
  return digest[0];
}

/* Compares in constant time: how long a comparison takes says nothing
 * about how much of a guess was right. */
gboolean
mr_locker_code_verify (const char *salt, const char *hash, const char *code)
{
  g_autofree char *computed = NULL;
  gsize n;
  guint8 diff = 0;

  if (salt == NULL || hash == NULL || code == NULL)
    return FALSE;
  computed = mr_locker_code_hash (salt, code);
  n = strlen (computed);
  if (strlen (hash) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    diff |= (guint8) (computed[i] ^ hash[i]);
  return diff == 0;
}

char *
mr_locker_code_normalize (const char *input)
{
  GString *digits;
  const char *p;

  if (input == NULL)
    return NULL;
  while (g_ascii_isspace (*input))
    input++;
  if (g_ascii_strncasecmp (input, QR_PREFIX, strlen (QR_PREFIX)) == 0)
    input += strlen (QR_PREFIX);
  digits = g_string_new (NULL);
  for (p = input; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-' && *p != '\t' && *p != '\r' && *p != '\n')
        break;
      if (digits->len > MR_LOCKER_CODE_LENGTH)
        break;
    }
  if (*p != '\0' || digits->len != MR_LOCKER_CODE_LENGTH)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

char *
mr_locker_code_qr_payload (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);
  return g_strconcat (QR_PREFIX, code, NULL);
}
