/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint mr_schema_get_n_migrations (void);
const char *mr_schema_get_migration (guint from_version);

G_END_DECLS
