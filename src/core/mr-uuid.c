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
 * the same millisecond ordered. The random bits come from the kernel CSPRNG
 * a few hundred bytes at a time (an import makes two ids per row), and are
 * written out by hand rather than through printf. */
char *
mr_uuid_v7_new (void)
{
  static GMutex lock;
  static gint64 last_ms;
  static guint16 seq;
  static guint8 pool[512];
  static gsize pool_left;
  static const char hex[] = "0123456789abcdef";
  guint8 b[16];
  gint64 ms;
  char *out, *p;

  ms = g_get_real_time () / 1000;

  g_mutex_lock (&lock);
  if (pool_left < sizeof b)
    {
      if (!mr_random_bytes (pool, sizeof pool))
        g_error ("getrandom failed");
      pool_left = sizeof pool;
    }
  memcpy (b, pool + sizeof pool - pool_left, sizeof b);
  /* Used bytes are not kept around. */
  memset (pool + sizeof pool - pool_left, 0, sizeof b);
  pool_left -= sizeof b;
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

  out = p = g_malloc (37);
  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[b[i] >> 4];
      *p++ = hex[b[i] & 0x0f];
    }
  *p = '\0';
  return out;
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
