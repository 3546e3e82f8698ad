/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

/* Read-only views of the database for administrators: the whole journal
 * and the health report behind `mailroom-cli doctor`. */

typedef struct
{
  char *table;
  gint64 rows;    /* every row, tombstones included */
  gint64 deleted; /* tombstones, or -1 when the table has none */
} MrTableCount;

GPtrArray *mr_store_list_journal (MrStore *store, guint limit);
char *mr_store_get_journal_mode (MrStore *store);
gint64 mr_store_get_size (MrStore *store);
gint64 mr_store_count_unsynced (MrStore *store);
GArray *mr_store_count_rows (MrStore *store);

G_END_DECLS
