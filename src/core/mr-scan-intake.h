/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

/* The scan intake log: a scan is durable as soon as one small row is
 * committed, and becomes a package (package.receive) right after, or at
 * the next open of the database if the process died in between. */

gboolean mr_store_intake_scan (MrStore *store,
                               GVariant *receive_args,
                               char **out_package_id,
                               GError **error);
gboolean mr_store_intake_flush (MrStore *store, guint *n_done, GError **error);
gint64 mr_store_intake_count_pending (MrStore *store);

G_END_DECLS
