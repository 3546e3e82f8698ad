/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Builds the contact search index of a large batch on a thread of its
 * own, into the search database file, while the batch writes the contacts
 * into the main one (see mr-contact-index.c). */
typedef struct _MrSearchWriter MrSearchWriter;

#define MR_SEARCH_COLUMNS 6
#define MR_SEARCH_INSERT "INSERT INTO contact_fts (rowid, name, email, phone, ids, org, notes) "

/* FTS5's default 'hashsize', and the one for a batch: FTS5 writes its
 * pending terms out as a segment each time they pass 'hashsize' and merges
 * the segments as they pile up. With 32 MB for a batch, the index of
 * 100,000 contacts builds in two thirds of the time (fewer, bigger
 * segments, less merging), for 60 MB more memory at most; more than that
 * is slower again, the hash outgrowing the CPU caches. */
#define MR_SEARCH_DEFAULT_HASH 1048576
#define MR_SEARCH_BIG_HASH 33554432

MrSearchWriter *mr_search_writer_start (const char *search_path, GError **error);
void mr_search_writer_insert (MrSearchWriter *self,
                              gint64 rowid,
                              const char *const columns[MR_SEARCH_COLUMNS]);
void mr_search_writer_delete (MrSearchWriter *self, gint64 rowid);
gboolean mr_search_writer_drain (MrSearchWriter *self, GError **error);
gboolean
mr_search_writer_finish (MrSearchWriter *self, gboolean commit, gint64 generation, GError **error);

G_END_DECLS
