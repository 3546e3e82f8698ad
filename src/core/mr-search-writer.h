/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Builds the contact search index of a large batch on a thread of its
 * own, into the search database file, while the batch writes the contacts
 * into the main one (see mr-contact-index.c). */
typedef struct _MrSearchWriter MrSearchWriter;

#define MR_SEARCH_COLUMNS 6

MrSearchWriter *mr_search_writer_start (const char *search_path, GError **error);
void mr_search_writer_insert (MrSearchWriter *self,
                              gint64 rowid,
                              const char *const columns[MR_SEARCH_COLUMNS]);
void mr_search_writer_delete (MrSearchWriter *self, gint64 rowid);
gboolean mr_search_writer_drain (MrSearchWriter *self, GError **error);
gboolean
mr_search_writer_finish (MrSearchWriter *self, gboolean commit, gint64 generation, GError **error);

G_END_DECLS
