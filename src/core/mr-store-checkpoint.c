/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-store"

#include "config.h"

#include "mr-store-checkpoint.h"

#include <string.h>

/* In WAL mode SQLite copies the log back into the database (a
 * checkpoint) inside the commit that takes the log past 1,000 pages: that
 * commit writes and syncs the database file as well as its own pages,
 * and takes several times as long as the others. A package received is
 * about 23 pages, so every fortieth scan paid for it, and the slowest
 * scans were all checkpoints.
 *
 * Here the commit that crosses the threshold only wakes a thread, which
 * runs a PASSIVE checkpoint on a connection of its own: it copies what no
 * reader still needs, never blocks a writer, and the commits go on
 * meanwhile. The threshold stays SQLite's: once a checkpoint has copied
 * everything, the next commit starts the log over, and its pages
 * overwrite blocks the log file already has, which the file system syncs
 * faster than blocks it must add to the file (about a third less for a
 * scan, here).
 *
 * Durability does not change: a commit is on disk when its frames of the
 * log are synced, as before (synchronous=FULL); the checkpoint only moves
 * them, and syncs the log before and the database after, as SQLite's own
 * does. Should the thread fall far behind (or not start), the commit
 * checkpoints itself, as SQLite would. */

/* SQLite's own threshold. */
#define WAKE_FRAMES 1000
/* Past a checkpoint that could not copy everything (the writer went on),
 * the next one is asked for after this many more frames, not at every
 * commit: each one syncs the database file. */
#define AGAIN_FRAMES 250
/* About 80 MB of log: the thread is not keeping up (or a reader holds
 * an old snapshot, which stops any checkpoint short anyway). */
#define INLINE_FRAMES 20000

struct _MrCheckpointer
{
  sqlite3 *db; /* borrowed: the store's connection */
  char *path;
  int next_frames; /* the writer's thread only */
  GMutex lock;
  GCond cond;
  GThread *thread;
  gboolean wanted;
  gboolean stopping;
  gboolean failed;       /* no thread: the commits checkpoint */
  gboolean never_inline; /* the writer's thread only */
  guint n_runs;
};

static gpointer
checkpoint_thread (gpointer data)
{
  MrCheckpointer *self = data;
  sqlite3 *db = NULL;
  int persist = 1;

  if (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK ||
      /* As the store's connection, and for the same reason (see
       * mr_store_open()): the log is never deleted. */
      sqlite3_file_control (db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist) != SQLITE_OK ||
      sqlite3_exec (db,
                    "PRAGMA synchronous = FULL;"
                    /* Reading once opens the log. */
                    "SELECT count(*) FROM sqlite_schema",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      g_warning ("Background checkpoints of %s are off: %s", self->path,
                 db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      g_mutex_lock (&self->lock);
      self->failed = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  sqlite3_busy_timeout (db, 0);

  g_mutex_lock (&self->lock);
  for (;;)
    {
      int rc;

      while (!self->wanted && !self->stopping)
        g_cond_wait (&self->cond, &self->lock);
      if (self->stopping)
        break;
      self->wanted = FALSE;
      g_mutex_unlock (&self->lock);

      rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      /* BUSY: another connection is checkpointing; it does the work. */
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        g_debug ("checkpoint of %s: %s", self->path, sqlite3_errmsg (db));

      g_mutex_lock (&self->lock);
      self->n_runs++;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
  sqlite3_close (db);
  return NULL;
}

/* After each commit, on the committing thread, its locks released.
 * @n_frames: the pages now in the log. */
static int
wal_hook (void *data, sqlite3 *db, const char *name, int n_frames)
{
  MrCheckpointer *self = data;
  gboolean inline_checkpoint;

  /* The search database (mr-contact-index.c): derived, written little by
   * the commits here (a batch's writer checkpoints its own), and checkpointed
   * as SQLite would. */
  if (strcmp (name, "main") != 0)
    {
      if (n_frames >= WAKE_FRAMES)
        sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      return SQLITE_OK;
    }
  if (n_frames < WAKE_FRAMES)
    {
      /* The log started over: the last checkpoint copied it all. */
      self->next_frames = WAKE_FRAMES;
      return SQLITE_OK;
    }
  if (n_frames < self->next_frames)
    return SQLITE_OK;

  g_mutex_lock (&self->lock);
  if (!self->failed && self->thread == NULL)
    {
      g_autoptr (GError) error = NULL;

      self->thread = g_thread_try_new ("mr-checkpoint", checkpoint_thread, self, &error);
      if (self->thread == NULL)
        {
          g_warning ("Background checkpoints of %s are off: %s", self->path, error->message);
          self->failed = TRUE;
        }
    }
  inline_checkpoint = self->failed || (n_frames >= INLINE_FRAMES && !self->never_inline);
  if (!inline_checkpoint)
    {
      self->wanted = TRUE;
      self->next_frames = n_frames + AGAIN_FRAMES;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);

  if (inline_checkpoint)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return SQLITE_OK;
}

MrCheckpointer *
mr_checkpointer_new (sqlite3 *db)
{
  MrCheckpointer *self;
  const char *path;

  g_return_val_if_fail (db != NULL, NULL);

  /* The file's absolute name; "" for a database in memory or a
   * temporary one, which have no log. */
  path = sqlite3_db_filename (db, "main");
  if (path == NULL || *path == '\0')
    return NULL;

  self = g_new0 (MrCheckpointer, 1);
  self->db = db;
  self->path = g_strdup (path);
  self->next_frames = WAKE_FRAMES;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  /* Replaces SQLite's automatic checkpoint, which is itself a WAL hook. */
  sqlite3_wal_hook (db, wal_hook, self);
  return self;
}

void
mr_checkpointer_free (MrCheckpointer *self)
{
  GThread *thread;

  if (self == NULL)
    return;
  sqlite3_wal_autocheckpoint (self->db, 1000);

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  thread = g_steal_pointer (&self->thread);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  if (thread != NULL)
    g_thread_join (thread);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}

guint
mr_checkpointer_get_n_runs (MrCheckpointer *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_mutex_lock (&self->lock);
  n = self->n_runs;
  g_mutex_unlock (&self->lock);
  return n;
}

/* Whether @n_runs checkpoints have run within @timeout_ms. */
gboolean
mr_checkpointer_wait (MrCheckpointer *self, guint n_runs, gint64 timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;
  gboolean done;

  g_return_val_if_fail (self != NULL, FALSE);
  g_mutex_lock (&self->lock);
  while (self->n_runs < n_runs && !self->failed)
    if (!g_cond_wait_until (&self->cond, &self->lock, end))
      break;
  done = self->n_runs >= n_runs;
  g_mutex_unlock (&self->lock);
  return done;
}

/* Whether a commit that finds the thread far behind may checkpoint
 * itself. A batch that has more to do after its commit (a search writer
 * to commit, see mr-contact-index.c) leaves it to the thread meanwhile. */
void
mr_checkpointer_set_inline (MrCheckpointer *self, gboolean allowed)
{
  g_return_if_fail (self != NULL);
  self->never_inline = !allowed;
}
