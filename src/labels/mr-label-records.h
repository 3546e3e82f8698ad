/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mr-store.h"

G_BEGIN_DECLS

/* Where the data of labels comes from: the database (records named by
 * what people type, or every package received today) or a CSV file whose
 * header names the fields. Each record is a GHashTable of field → text
 * with "@origin" naming it in messages. (element-type GHashTable) */

GPtrArray *mr_label_records_from_store (MrStore *store,
                                        const char *kind,
                                        const char *const *keys,
                                        GError **error);
/* Packages (or their pickup slips) received today, local time. */
GPtrArray *mr_label_records_received_today (MrStore *store, const char *kind, GError **error);
/* Packages (or their pickup slips) awaiting pickup. */
GPtrArray *mr_label_records_awaiting_pickup (MrStore *store, const char *kind, GError **error);
/* A CSV file: its first row names the fields, by name ("tracking_number")
 * or by label in English or in the user's language ("Tracking number").
 * Columns that name no field are ignored. */
GPtrArray *mr_label_records_from_csv (const char *path, const char *kind, GError **error);
/* "field=value" pairs typed on a command line: one record. */
GHashTable *mr_label_record_from_pairs (const char *kind, const char *const *pairs, GError **error);

G_END_DECLS
