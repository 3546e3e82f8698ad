/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "mr-uuid.h"

#include <string.h>
#include <sys/random.h>
#include <errno.h>

/* Pickup codes and ids must not be guessable, so we read the kernel CSPRNG
 * rather than GRand. */
gboolean
mr_random_bytes (guint8 *buf, gsize len)
{
  gsize off = 0;

  while (off < len)
    {
      ssize_t n = getrandom (buf + off, len - off, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      off += (gsize) n;
    }
  return TRUE;
}

/* UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Ids sort by
 * creation time, which keeps B-tree inserts local and makes "recent first"
 * an index scan. A monotonic counter in the random part keeps ids created in
 * the same millisecond ordered. */
char *
mr_uuid_v7_new (void)
{
  static GMutex lock;
  static gint64 last_ms;
  static guint16 seq;
  guint8 b[16];
  gint64 ms;

  if (!mr_random_bytes (b, sizeof b))
    g_error ("getrandom failed");

  ms = g_get_real_time () / 1000;

  g_mutex_lock (&lock);
  if (ms <= last_ms)
    {
      ms = last_ms;
      seq++;
    }
  else
    {
      last_ms = ms;
      seq = (guint16) ((b[6] << 8 | b[7]) & 0x07ff);
    }
  b[6] = (guint8) (seq >> 8);
  b[7] = (guint8) seq;
  g_mutex_unlock (&lock);

  b[0] = (guint8) (ms >> 40);
  b[1] = (guint8) (ms >> 32);
  b[2] = (guint8) (ms >> 24);
  b[3] = (guint8) (ms >> 16);
  b[4] = (guint8) (ms >> 8);
  b[5] = (guint8) ms;
  b[6] = (guint8) (0x70 | (b[6] & 0x0f));
  b[8] = (guint8) (0x80 | (b[8] & 0x3f));

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                          b[12], b[13], b[14], b[15]);
}

gboolean
mr_uuid_is_valid (const char *str)
{
  if (str == NULL || strlen (str) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (str[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (str[i]))
        return FALSE;
    }
  return TRUE;
}
