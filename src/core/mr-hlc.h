/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A hybrid logical clock packed in 64 bits: wall-clock milliseconds in the
 * high 48 bits, a logical counter in the low 16. */
typedef struct
{
  gint64 last;
} MrHlc;

gint64 mr_hlc_now (MrHlc *hlc, gint64 wall_ms);
void mr_hlc_observe (MrHlc *hlc, gint64 remote, gint64 wall_ms);
gint64 mr_hlc_wall_ms (gint64 hlc);
char *mr_hlc_to_string (gint64 hlc);

G_END_DECLS
