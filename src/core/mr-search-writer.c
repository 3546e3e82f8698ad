/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-search"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "mr-search-writer.h"
#include "mr-store.h"

/* Building the search index of 100,000 new contacts is as much work as
 * writing the contacts themselves: FTS5 tokenizes every field and keeps
 * each token under seven keys (the word and its six prefixes). One SQLite
 * connection does one thing at a time, but the index lives in a file of
 * its own (mr-contact-index.c), so a second connection on a second core
 * can write it while the batch writes the contacts.
 *
 * The batch hands each row over as it writes the contact (its rank and
 * the six column texts), in batches of OPS_PER_MESSAGE through a queue.
 * This thread writes them in one transaction of its own, in rowid order:
 * FTS5 writes its pending terms out as a segment whenever a rowid is not
 * above the last one, so rows that come in order are written as they
 * come, and rows out of order wait until CHUNK of them can go in sorted.
 * Before the batch commits, it waits until all is written here
 * (mr_search_writer_drain()): if the index could not be written, the
 * batch rolls back and nothing is saved. This thread commits only when
 * told to, once the batch has committed the contacts
 * (mr_search_writer_finish()): the index is never ahead of the contacts
 * it indexes. */

#define OPS_PER_MESSAGE 512
#define CHUNK 16384

typedef struct
{
  gint64 rowid;
  guint seq;  /* arrival order: ops on one rowid keep theirs */
  char *text; /* the columns one after the other, each ending in NUL; NULL: a delete */
} Op;

typedef struct
{
  GArray *ops;    /* of Op, or NULL */
  gboolean drain; /* write everything, then answer */
  gboolean end;
  gboolean commit;
  gint64 generation;
} Message;

struct _MrSearchWriter
{
  char *path;
  GThread *thread;
  GAsyncQueue *queue;   /* Message */
  GAsyncQueue *answers; /* to drain: 1 written, 2 failed */
  GArray *batch;        /* the caller's ops, not sent yet */
  guint seq;
  GError *error; /* the thread's; read after joining it */
};

static void
op_clear (gpointer data)
{
  g_free (((Op *) data)->text);
}

static GArray *
new_ops (void)
{
  GArray *ops = g_array_sized_new (FALSE, FALSE, sizeof (Op), OPS_PER_MESSAGE);

  g_array_set_clear_func (ops, op_clear);
  return ops;
}

static int
op_compare (gconstpointer a, gconstpointer b)
{
  const Op *x = a, *y = b;

  if (x->rowid != y->rowid)
    return x->rowid < y->rowid ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

typedef struct
{
  MrSearchWriter *self;
  sqlite3 *db;
  sqlite3_stmt *insert;
  sqlite3_stmt *delete;
  GArray *pending; /* of Op, waiting to be written */
  gboolean pending_sorted;
  gboolean any_written;
  gint64 last_written;
} Thread;

static gboolean
fail (Thread *t, const char *what)
{
  if (t->self->error == NULL)
    g_set_error (&t->self->error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED, "Search index: %s: %s",
                 what, t->db ? sqlite3_errmsg (t->db) : "out of memory");
  return FALSE;
}

static gboolean
exec (Thread *t, const char *sql)
{
  return sqlite3_exec (t->db, sql, NULL, NULL, NULL) == SQLITE_OK || fail (t, sql);
}

static gboolean
write_op (Thread *t, const Op *op)
{
  sqlite3_stmt *stmt = op->text ? t->insert : t->delete;
  int rc;

  sqlite3_bind_int64 (stmt, 1, op->rowid);
  if (op->text != NULL)
    {
      const char *p = op->text;

      for (int i = 0; i < MR_SEARCH_COLUMNS; i++)
        {
          size_t len = strlen (p);

          sqlite3_bind_text (stmt, i + 2, p, (int) len, SQLITE_STATIC);
          p += len + 1;
        }
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return fail (t, op->text ? "insert" : "delete");
  t->any_written = TRUE;
  t->last_written = op->rowid;
  return TRUE;
}

/* Writes what waits, sorted by rowid (ops on one rowid in their order). */
static void
write_pending (Thread *t)
{
  if (!t->pending_sorted)
    g_array_sort (t->pending, op_compare);
  for (guint i = 0; t->self->error == NULL && i < t->pending->len; i++)
    write_op (t, &g_array_index (t->pending, Op, i));
  g_array_set_size (t->pending, 0);
  t->pending_sorted = TRUE;
}

static void
take (Thread *t, GArray *ops)
{
  for (guint i = 0; i < ops->len; i++)
    {
      Op *op = &g_array_index (ops, Op, i);

      if (t->pending->len > 0 &&
          g_array_index (t->pending, Op, t->pending->len - 1).rowid > op->rowid)
        t->pending_sorted = FALSE;
      g_array_append_val (t->pending, *op);
      op->text = NULL; /* now pending's */
    }
  /* In order after what is written: write now. Otherwise wait for a
   * chunk worth sorting. */
  if ((t->pending_sorted && (!t->any_written || t->pending->len == 0 ||
                             g_array_index (t->pending, Op, 0).rowid >= t->last_written)) ||
      t->pending->len >= CHUNK)
    write_pending (t);
}

static gboolean
open_db (Thread *t)
{
  int persist = 1;

  if (sqlite3_open_v2 (t->self->path, &t->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK)
    return fail (t, "open");
  /* As every connection to our files (see mr_store_open()). */
  sqlite3_file_control (t->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  sqlite3_busy_timeout (t->db, 5000);
  if (!exec (t, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                "PRAGMA cache_size = -16000; BEGIN IMMEDIATE;"
                "INSERT INTO contact_fts (contact_fts, rank) VALUES ('hashsize', " G_STRINGIFY (
                  MR_SEARCH_BIG_HASH) ")"))
    return FALSE;
  if (sqlite3_prepare_v2 (t->db, MR_SEARCH_INSERT "VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &t->insert,
                          NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (t->db, "DELETE FROM contact_fts WHERE rowid = ?", -1, &t->delete, NULL) !=
        SQLITE_OK)
    return fail (t, "prepare");
  return TRUE;
}

static gboolean
commit (Thread *t, gint64 generation)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!exec (t, "INSERT INTO contact_fts (contact_fts, rank) VALUES ('hashsize', " G_STRINGIFY (
                  MR_SEARCH_DEFAULT_HASH) ")"))
    return FALSE;
  if (sqlite3_prepare_v2 (t->db,
                          "INSERT OR REPLACE INTO search_meta (key, value) "
                          "VALUES ('generation', ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return fail (t, "prepare");
  sqlite3_bind_int64 (stmt, 1, generation);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return fail (t, "generation");
  return exec (t, "COMMIT");
}

static gpointer
writer_thread (gpointer data)
{
  Thread t = { data };
  gboolean opened;

  t.pending = new_ops ();
  t.pending_sorted = TRUE;
  opened = open_db (&t);
  for (;;)
    {
      Message *msg = g_async_queue_pop (t.self->queue);
      gboolean end = msg->end;

      if (msg->ops != NULL)
        {
          if (opened && t.self->error == NULL)
            take (&t, msg->ops);
          g_array_unref (msg->ops);
        }
      if (msg->drain)
        {
          if (opened && t.self->error == NULL)
            write_pending (&t);
          g_async_queue_push (t.self->answers,
                              GINT_TO_POINTER (opened && t.self->error == NULL ? 1 : 2));
        }
      if (end)
        {
          if (opened && t.self->error == NULL)
            write_pending (&t);
          if (opened && msg->commit && t.self->error == NULL)
            commit (&t, msg->generation);
          else if (opened)
            sqlite3_exec (t.db, "ROLLBACK", NULL, NULL, NULL);
        }
      g_free (msg);
      if (end)
        break;
    }
  g_array_unref (t.pending);
  sqlite3_finalize (t.insert);
  sqlite3_finalize (t.delete);
  sqlite3_close (t.db);
  return NULL;
}

/* The search database must exist, with its tables. */
MrSearchWriter *
mr_search_writer_start (const char *search_path, GError **error)
{
  MrSearchWriter *self = g_new0 (MrSearchWriter, 1);

  self->path = g_strdup (search_path);
  self->queue = g_async_queue_new ();
  self->answers = g_async_queue_new ();
  self->batch = new_ops ();
  self->thread = g_thread_try_new ("mr-search-writer", writer_thread, self, error);
  if (self->thread == NULL)
    {
      g_async_queue_unref (self->queue);
      g_async_queue_unref (self->answers);
      g_array_unref (self->batch);
      g_free (self->path);
      g_free (self);
      return NULL;
    }
  return self;
}

static void
send (MrSearchWriter *self, gboolean drain, gboolean end, gboolean commit, gint64 generation)
{
  Message *msg = g_new0 (Message, 1);

  msg->drain = drain;
  if (self->batch->len > 0)
    {
      msg->ops = self->batch;
      self->batch = new_ops ();
    }
  msg->end = end;
  msg->commit = commit;
  msg->generation = generation;
  g_async_queue_push (self->queue, msg);
}

static void
add (MrSearchWriter *self, gint64 rowid, char *text)
{
  Op op = { rowid, self->seq++, text };

  g_array_append_val (self->batch, op);
  if (self->batch->len >= OPS_PER_MESSAGE)
    send (self, FALSE, FALSE, FALSE, 0);
}

void
mr_search_writer_insert (MrSearchWriter *self,
                         gint64 rowid,
                         const char *const columns[MR_SEARCH_COLUMNS])
{
  size_t lens[MR_SEARCH_COLUMNS], total = 0;
  char *text, *p;

  for (int i = 0; i < MR_SEARCH_COLUMNS; i++)
    total += (lens[i] = columns[i] ? strlen (columns[i]) : 0) + 1;
  p = text = g_malloc (total);
  for (int i = 0; i < MR_SEARCH_COLUMNS; i++)
    {
      memcpy (p, columns[i] ? columns[i] : "", lens[i]);
      p[lens[i]] = '\0';
      p += lens[i] + 1;
    }
  add (self, rowid, text);
}

void
mr_search_writer_delete (MrSearchWriter *self, gint64 rowid)
{
  add (self, rowid, NULL);
}

/* Waits until everything given is written, uncommitted: FALSE if any of
 * it could not be (then the batch must not commit either). */
gboolean
mr_search_writer_drain (MrSearchWriter *self, GError **error)
{
  send (self, TRUE, FALSE, FALSE, 0);
  if (GPOINTER_TO_INT (g_async_queue_pop (self->answers)) == 1)
    return TRUE;
  g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED,
                       _ ("The search index could not be written, so nothing was saved."));
  return FALSE;
}

/* Writes what is left and commits, with @generation (see
 * mr-contact-index.c), or rolls back; waits for the thread and frees
 * @self. FALSE (and @error) if the index could not be written: then
 * nothing of it was. */
gboolean
mr_search_writer_finish (MrSearchWriter *self, gboolean commit, gint64 generation, GError **error)
{
  gboolean ok;

  send (self, FALSE, TRUE, commit, generation);
  g_thread_join (self->thread);
  ok = self->error == NULL;
  if (!ok)
    g_propagate_error (error, self->error);
  g_async_queue_unref (self->queue);
  g_async_queue_unref (self->answers);
  g_array_unref (self->batch);
  g_free (self->path);
  g_free (self);
  return ok;
}
