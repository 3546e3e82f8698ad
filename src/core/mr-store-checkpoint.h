/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Checkpoints of a WAL database, run by a thread of their own instead of
 * inside the commit that crosses SQLite's threshold (see
 * mr-store-checkpoint.c). */
typedef struct _MrCheckpointer MrCheckpointer;

/* Takes over the checkpoints of @db, the store's connection (borrowed:
 * free the checkpointer before closing it). NULL when @db is not a
 * database file (in memory, temporary): nothing to do. */
MrCheckpointer *mr_checkpointer_new (sqlite3 *db);
/* Stops the thread (after the checkpoint it may be running) and gives
 * @db back SQLite's own checkpoints. */
void mr_checkpointer_free (MrCheckpointer *self);

/* The checkpoints the thread has run, and waiting for the next one
 * (tests). */
guint mr_checkpointer_get_n_runs (MrCheckpointer *self);
gboolean mr_checkpointer_wait (MrCheckpointer *self, guint n_runs, gint64 timeout_ms);

void mr_checkpointer_set_inline (MrCheckpointer *self, gboolean allowed);

G_END_DECLS
