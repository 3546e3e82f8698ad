/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "mr-hlc.h"

#define COUNTER_BITS 16

gint64
mr_hlc_now (MrHlc *hlc, gint64 wall_ms)
{
  gint64 candidate = wall_ms << COUNTER_BITS;

  /* The clock never goes backwards, even when the wall clock does. */
  hlc->last = MAX (hlc->last + 1, candidate);
  return hlc->last;
}

void
mr_hlc_observe (MrHlc *hlc, gint64 remote, gint64 wall_ms)
{
  /* Remote stamps more than a minute in our future are clamped so a
   * workstation with a wrong clock cannot win every conflict forever. */
  gint64 limit = (wall_ms + 60 * 1000) << COUNTER_BITS;

  remote = MIN (remote, limit);
  hlc->last = MAX (MAX (hlc->last, remote) + 1, wall_ms << COUNTER_BITS);
}

gint64
mr_hlc_wall_ms (gint64 hlc)
{
  return hlc >> COUNTER_BITS;
}

char *
mr_hlc_to_string (gint64 hlc)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "-%d", hlc >> COUNTER_BITS,
                          (int) (hlc & ((1 << COUNTER_BITS) - 1)));
}
