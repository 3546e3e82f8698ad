/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *mr_uuid_v7_new (void);
gboolean mr_uuid_is_valid (const char *str);
gboolean mr_random_bytes (guint8 *buf, gsize len);

G_END_DECLS
