/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-scan-intake.h"
#include "mr-schema.h"
#include "mr-store-checkpoint.h"
#include "mr-store-private.h"
#include "mr-text.h"
#include "mr-uuid.h"

/* A journal entry of a mutation run without a savepoint, waiting to be
 * written with others (see append_journal()). */
typedef struct
{
  const char *uuid;
  const char *name;
  const char *args;
  const char *user_id;
  const char *entity;
  const char *entity_id;
  gint64 hlc;
  gint64 at;
} JournalRow;

static gboolean flush_journal (MrStore *self, GError **error);
static void drop_journal (MrStore *self);

/* A batch of up to this many changes names each record it changed. */
#define PENDING_NAMED 16

struct _MrStore
{
  GObject parent_instance;

  sqlite3 *db;
  char *path;
  char *workstation_id;
  char *user_id;
  GHashTable *stmts;            /* sql → sqlite3_stmt */
  GHashTable *stmts_by_address; /* sql (the caller's pointer) → sqlite3_stmt */
  GHashTable *live_sql;         /* table → "is there a live record" query */
  GHashTable *live_known;       /* "d" or "p" + id: a live department or place, see
                                 * mr_store_live_exists() */
  guint live_known_epoch;
  MrHlc hlc;
  guint batch_depth;
  gboolean batch_broken;         /* a mutation failed halfway without a savepoint */
  GPtrArray *pending_changes;    /* "entity\0id" pairs emitted at commit */
  GHashTable *fts_dirty;         /* contact id → what the search index must learn, see
                               * mr-contact-index.c */
  GArray *journal_rows;          /* JournalRow: bulk entries not written yet */
  GStringChunk *journal_strings; /* their strings */
  char *journal_insert_many;     /* the INSERT of JOURNAL_ROWS_PER_INSERT entries */
  guint write_epoch;             /* see mr_store_get_write_epoch() */
  MrCheckpointer *checkpointer;  /* checkpoints off the commits (NULL in memory) */
};

G_DEFINE_FINAL_TYPE (MrStore, mr_store, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *field;
} MrStoreErrorPrivate;

static void
mr_store_error_private_init (MrStoreErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
mr_store_error_private_copy (const MrStoreErrorPrivate *src, MrStoreErrorPrivate *dest)
{
  dest->field = g_strdup (src->field);
}

static void
mr_store_error_private_clear (MrStoreErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (MrStoreError, mr_store_error)

/* The field a validation error is about, so a form can show the message
 * inline next to it. NULL when the error is not about one field. */
const char *
mr_store_error_get_field (const GError *error)
{
  MrStoreErrorPrivate *priv;

  if (error == NULL || error->domain != MR_STORE_ERROR)
    return NULL;
  priv = mr_store_error_get_private (error);
  return priv ? priv->field : NULL;
}

void
mr_store_set_error_field (GError **error, const char *field)
{
  MrStoreErrorPrivate *priv;

  if (error == NULL || *error == NULL || (*error)->domain != MR_STORE_ERROR)
    return;
  priv = mr_store_error_get_private (*error);
  g_free (priv->field);
  priv->field = g_strdup (field);
}

static GHashTable *
get_mutation_table (void)
{
  static GHashTable *table;
  static gsize inited;

  if (g_once_init_enter (&inited))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);
      const MrMutationDef *defs[] = { mr_address_book_mutations, mr_operations_mutations,
                                      mr_locker_mutations,       mr_package_mutations,
                                      mr_label_layout_mutations, mr_custom_field_mutations };

      for (guint i = 0; i < G_N_ELEMENTS (defs); i++)
        for (const MrMutationDef *d = defs[i]; d->name; d++)
          g_hash_table_insert (t, (gpointer) d->name, (gpointer) d->func);
      table = t;
      g_once_init_leave (&inited, 1);
    }
  return table;
}

gboolean
mr_store_has_mutation (const char *name)
{
  return g_hash_table_contains (get_mutation_table (), name);
}

static void
stmt_finalize (gpointer data)
{
  sqlite3_finalize (data);
}

static void
mr_store_finalize (GObject *object)
{
  MrStore *self = (MrStore *) object;

  g_clear_pointer (&self->stmts_by_address, g_hash_table_unref);
  g_clear_pointer (&self->live_sql, g_hash_table_unref);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->checkpointer, mr_checkpointer_free);
  if (self->db)
    {
      /* Leave a clean WAL behind so a copied .db file is complete. */
      sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close (self->db);
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->workstation_id, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->pending_changes, g_ptr_array_unref);
  g_clear_pointer (&self->fts_dirty, g_hash_table_unref);
  g_clear_pointer (&self->live_known, g_hash_table_unref);
  g_clear_pointer (&self->journal_rows, g_array_unref);
  g_clear_pointer (&self->journal_strings, g_string_chunk_free);
  g_clear_pointer (&self->journal_insert_many, g_free);

  G_OBJECT_CLASS (mr_store_parent_class)->finalize (object);
}

static void
mr_store_class_init (MrStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mr_store_finalize;

  /**
   * MrStore::changed:
   * @entity: "contact", "department", "place", "org_unit", "setting", …
   * @id: (nullable): the record's id
   *
   * Emitted after a mutation commits.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
mr_store_init (MrStore *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_finalize);
  self->stmts_by_address = g_hash_table_new (NULL, NULL);
  self->live_sql = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending_changes = g_ptr_array_new_with_free_func (g_free);
  self->fts_dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->live_known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->journal_rows = g_array_new (FALSE, FALSE, sizeof (JournalRow));
  self->journal_strings = g_string_chunk_new (16 * 1024);
}

GHashTable *
mr_store_get_fts_dirty (MrStore *self)
{
  return self->fts_dirty;
}

guint
mr_store_get_write_epoch (MrStore *self)
{
  return self->write_epoch;
}

sqlite3 *
mr_store_get_db (MrStore *self)
{
  return self->db;
}

void
mr_store_set_sql_error (MrStore *self, GError **error)
{
  int code = sqlite3_extended_errcode (self->db);

  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED,
                 _ ("The database is busy. Try again in a moment."));
  else if ((code & 0xff) == SQLITE_FULL)
    g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED,
                 _ ("The disk is full. Free some space and try again."));
  else
    g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED, _ ("Database error: %s"),
                 sqlite3_errmsg (self->db));
}

gboolean
mr_store_exec (MrStore *self, const char *sql, GError **error)
{
  char *msg = NULL;
  gboolean ok;

  /* Whatever the SQL (a savepoint, its rollback), the journal entries of
   * the mutations before it are in the table first (append_journal()). */
  if (!flush_journal (self, error))
    return FALSE;
  if (strstr (sql, "ROLLBACK") != NULL)
    self->write_epoch++;
  ok = sqlite3_exec (self->db, sql, NULL, NULL, &msg) == SQLITE_OK;
  if (!ok)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED, _ ("Database error: %s"),
                   msg ? msg : "?");
      sqlite3_free (msg);
    }
  /* Contacts written since the savepoint may be gone. */
  if (strstr (sql, "ROLLBACK TO") != NULL)
    mr_contact_index_rolled_back (self);
  return ok;
}

/* Statements are prepared once per connection and reset before reuse.
 * Most SQL is a literal, passed at the same address every time: looking
 * that address up first, and checking the text is the same, costs less
 * than hashing a long statement (an import prepares a dozen per row). */
sqlite3_stmt *
mr_store_prepare (MrStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts_by_address, sql);

  if (stmt == NULL || strcmp (sqlite3_sql (stmt), sql) != 0)
    {
      stmt = g_hash_table_lookup (self->stmts, sql);
      /* Built strings come at ever new addresses: forget them now and then. */
      if (g_hash_table_size (self->stmts_by_address) > 4096)
        g_hash_table_remove_all (self->stmts_by_address);
      if (stmt != NULL)
        g_hash_table_insert (self->stmts_by_address, (gpointer) sql, stmt);
    }
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      mr_store_set_sql_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
  g_hash_table_insert (self->stmts_by_address, (gpointer) sql, stmt);
  return stmt;
}

gboolean
mr_store_step_done (MrStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      mr_store_set_sql_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

void
mr_store_bind_text_or_null (sqlite3_stmt *stmt, int idx, const char *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
}

gint64
mr_store_query_int (MrStore *self, const char *sql, const char *arg)
{
  sqlite3_stmt *stmt = mr_store_prepare (self, sql, NULL);
  gint64 v = 0;

  if (stmt == NULL)
    return 0;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return v;
}

char *
mr_store_query_text (MrStore *self, const char *sql, const char *arg)
{
  sqlite3_stmt *stmt = mr_store_prepare (self, sql, NULL);
  char *v = NULL;

  if (stmt == NULL)
    return NULL;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return v;
}

static gboolean
migrate (MrStore *self, GError **error)
{
  guint version = (guint) mr_store_query_int (self, "PRAGMA user_version", NULL);
  guint target = mr_schema_get_n_migrations ();

  if (version > target)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_TOO_NEW,
                   _ ("This database was written by a newer version of Mailroom (schema %u, "
                      "this version knows %u). Update Mailroom to open it."),
                   version, target);
      return FALSE;
    }

  for (; version < target; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", version + 1);

      /* Each step is atomic: a crash mid-migration leaves the old version. */
      if (!mr_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!mr_store_exec (self, mr_schema_get_migration (version), error) ||
          !mr_store_exec (self, bump, error))
        {
          mr_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!mr_store_exec (self, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_identity (MrStore *self, GError **error)
{
  sqlite3_stmt *stmt;

  self->workstation_id =
    mr_store_query_text (self, "SELECT value FROM meta WHERE key = 'workstation_id'", NULL);
  if (self->workstation_id == NULL)
    {
      self->workstation_id = mr_uuid_v7_new ();
      stmt = mr_store_prepare (self, "INSERT INTO meta (key, value) VALUES ('workstation_id', ?)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, self->workstation_id, -1, SQLITE_TRANSIENT);
      if (!mr_store_step_done (self, stmt, error))
        return FALSE;
    }

  /* The clock resumes past anything this database has already stamped.
   * Journal entries are stamped in order, so the last one has the highest
   * stamp: a rowid lookup, not a scan of the whole journal. */
  self->hlc.last = mr_store_query_int (self,
                                       "SELECT coalesce ((SELECT hlc FROM journal "
                                       "ORDER BY seq DESC LIMIT 1), 0)",
                                       NULL);
  return TRUE;
}

MrStore *
mr_store_open (const char *path, GError **error)
{
  g_autoptr (MrStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (sqlite3_threadsafe () == 0)
    g_error ("SQLite was built without thread safety");
  /* SQLite counts every allocation it makes under a global mutex, for
   * sqlite3_memory_used(), which nothing here reads: without the count, a
   * bulk import (millions of small allocations) takes a tenth less time.
   * Only possible before SQLite is first used in the process; later, it
   * fails and changes nothing. */
  {
    static gsize configured;

    if (g_once_init_enter (&configured))
      {
        sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
        g_once_init_leave (&configured, 1);
      }
  }

  self = g_object_new (MR_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (strcmp (path, ":memory:") != 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_mkdir_with_parents (dir, 0700);
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_OPEN,
                   _ ("Cannot open the database “%s”: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* Keep the -wal and -shm files when the last connection closes. SQLite
   * tells "last connection" by POSIX locks, and a process loses all its
   * locks on a file whenever it closes any descriptor of it: a GTK file
   * chooser showing the database's folder opens and closes every file
   * to sniff its type. Another process (mailroom-cli) would then believe
   * it is alone and delete the WAL under the app, and the app's next
   * commits would go to an unlinked file. With persistent WAL nobody
   * deletes it. */
  {
    int persist = 1;

    sqlite3_file_control (self->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  }

  /* WAL + FULL: an acknowledged scan survives a power cut. */
  if (!mr_store_exec (self, "PRAGMA journal_mode = WAL", NULL) ||
      !mr_store_exec (self,
                      "PRAGMA synchronous = FULL;"
                      "PRAGMA foreign_keys = ON;"
                      "PRAGMA temp_store = MEMORY;"
                      "PRAGMA cache_size = -16000;",
                      NULL))
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_OPEN,
                   _ ("“%s” is not a Mailroom database or is damaged: %s"), path,
                   sqlite3_errmsg (self->db));
      return NULL;
    }

  if (!migrate (self, error))
    {
      if (error && *error && (*error)->code == MR_STORE_ERROR_FAILED)
        {
          g_autofree char *msg = g_strdup ((*error)->message);

          g_clear_error (error);
          g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_OPEN,
                       _ ("“%s” is not a Mailroom database or is damaged: %s"), path, msg);
        }
      return NULL;
    }
  if (!load_identity (self, error) || !mr_contact_index_attach (self, error))
    return NULL;
  /* Not in the commit that fills the log (mr-store-checkpoint.c). */
  self->checkpointer = mr_checkpointer_new (self->db);

  /* Scans a killed process acknowledged and never turned into packages
   * (mr-scan-intake.c) become packages now, so that whoever opens the
   * database next (the app again, mailroom-cli) sees them. A failure
   * leaves them in the log for the next open or flush: the database is
   * usable all the same. */
  {
    g_autoptr (GError) local = NULL;

    if (!mr_store_intake_flush (self, NULL, &local))
      g_message ("Some scans could not be received yet: %s", local->message);
  }

  return g_steal_pointer (&self);
}

const char *
mr_store_get_path (MrStore *self)
{
  g_return_val_if_fail (MR_IS_STORE (self), NULL);
  return self->path;
}

const char *
mr_store_get_workstation_id (MrStore *self)
{
  g_return_val_if_fail (MR_IS_STORE (self), NULL);
  return self->workstation_id;
}

const char *
mr_store_get_user_id (MrStore *self)
{
  g_return_val_if_fail (MR_IS_STORE (self), NULL);
  return self->user_id;
}

void
mr_store_set_user_id (MrStore *self, const char *user_id)
{
  g_return_if_fail (MR_IS_STORE (self));
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
}

guint
mr_store_get_schema_version (MrStore *self)
{
  g_return_val_if_fail (MR_IS_STORE (self), 0);
  return (guint) mr_store_query_int (self, "PRAGMA user_version", NULL);
}

void
mr_store_emit_changed (MrStore *self, const char *entity, const char *id)
{
  if (strcmp (entity, "department") == 0 || strcmp (entity, "place") == 0)
    g_hash_table_remove_all (self->live_known);
  if (self->batch_depth > 0)
    {
      /* Past PENDING_NAMED changes, the commit tells listeners once per
       * entity kind (flush_changes()): a kind already listed since need
       * not be kept again, which a bulk import would do 100,000 times. */
      if (self->pending_changes->len >= 2 * PENDING_NAMED)
        {
          for (guint i = 2 * PENDING_NAMED; i < self->pending_changes->len; i += 2)
            if (strcmp (g_ptr_array_index (self->pending_changes, i), entity) == 0)
              return;
          id = NULL;
        }
      g_ptr_array_add (self->pending_changes, g_strdup (entity));
      g_ptr_array_add (self->pending_changes, g_strdup (id));
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0, entity, id);
}

void
mr_store_notify_changed (MrStore *self, const char *entity)
{
  g_return_if_fail (MR_IS_STORE (self));
  g_return_if_fail (entity != NULL);

  mr_store_emit_changed (self, entity, NULL);
}

static void
flush_changes (MrStore *self)
{
  g_autoptr (GPtrArray) changes = g_steal_pointer (&self->pending_changes);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  self->pending_changes = g_ptr_array_new_with_free_func (g_free);

  /* A single mutation names the record it changed; a batch may touch
   * thousands of records, so it tells listeners once per entity kind, with
   * no id ("re-read everything of this kind"). */
  if (changes->len <= 2 * PENDING_NAMED)
    {
      g_autoptr (GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i + 1 < changes->len; i += 2)
        {
          g_autofree char *key =
            g_strdup_printf ("%s\x1f%s", (char *) g_ptr_array_index (changes, i),
                             (char *) g_ptr_array_index (changes, i + 1)
                               ? (char *) g_ptr_array_index (changes, i + 1)
                               : "");

          if (g_hash_table_add (named, g_steal_pointer (&key)))
            g_signal_emit (self, signals[CHANGED], 0, g_ptr_array_index (changes, i),
                           g_ptr_array_index (changes, i + 1));
        }
      return;
    }
  for (guint i = 0; i + 1 < changes->len; i += 2)
    {
      const char *entity = g_ptr_array_index (changes, i);

      if (g_hash_table_add (seen, (gpointer) entity))
        g_signal_emit (self, signals[CHANGED], 0, entity, NULL);
    }
}

gboolean
mr_store_in_batch (MrStore *self)
{
  g_return_val_if_fail (MR_IS_STORE (self), FALSE);
  return self->batch_depth > 0;
}

gboolean
mr_store_begin_batch (MrStore *self, GError **error)
{
  g_return_val_if_fail (MR_IS_STORE (self), FALSE);

  if (self->batch_depth == 0)
    mr_contact_index_begin_batch (self);
  if (self->batch_depth == 0 && !mr_store_exec (self, "BEGIN IMMEDIATE", error))
    {
      mr_contact_index_end_batch (self, FALSE);
      return FALSE;
    }
  if (self->batch_depth == 0)
    {
      self->batch_broken = FALSE;
      self->write_epoch++;
    }
  self->batch_depth++;
  return TRUE;
}

gboolean
mr_store_end_batch (MrStore *self, gboolean commit, GError **error)
{
  g_return_val_if_fail (MR_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->batch_depth > 0, FALSE);

  if (--self->batch_depth > 0)
    return TRUE;
  if (commit && self->batch_broken)
    {
      g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED,
                           _ ("A change failed halfway through, so nothing was saved."));
      drop_journal (self);
      mr_store_exec (self, "ROLLBACK", NULL);
      g_ptr_array_set_size (self->pending_changes, 0);
      g_hash_table_remove_all (self->fts_dirty);
      mr_contact_index_end_batch (self, FALSE);
      return FALSE;
    }
  if (commit)
    {
      gboolean parallel = mr_contact_index_has_writer (self) && self->checkpointer != NULL;

      if (parallel)
        mr_checkpointer_set_inline (self->checkpointer, FALSE);
      if (!flush_journal (self, error) || !mr_contact_index_flush (self, error) ||
          !mr_store_exec (self, "COMMIT", error))
        {
          if (parallel)
            mr_checkpointer_set_inline (self->checkpointer, TRUE);
          drop_journal (self);
          mr_store_exec (self, "ROLLBACK", NULL);
          g_ptr_array_set_size (self->pending_changes, 0);
          g_hash_table_remove_all (self->fts_dirty);
          mr_contact_index_end_batch (self, FALSE);
          return FALSE;
        }
      mr_contact_index_end_batch (self, TRUE);
      if (parallel)
        mr_checkpointer_set_inline (self->checkpointer, TRUE);
      flush_changes (self);
      return TRUE;
    }
  drop_journal (self);
  mr_store_exec (self, "ROLLBACK", NULL);
  g_ptr_array_set_size (self->pending_changes, 0);
  g_hash_table_remove_all (self->fts_dirty);
  mr_contact_index_end_batch (self, FALSE);
  /* The clock may have advanced for rolled-back work; that is harmless. */
  return TRUE;
}

/* A statement without parameters, kept prepared. */
static gboolean
run_cached (MrStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (self, sql, error);

  return stmt != NULL && mr_store_step_done (self, stmt, error);
}

/* Journal entries of the mutations run without a savepoint (a bulk
 * import, mr_store_apply_args()) are written JOURNAL_ROWS_PER_INSERT at a
 * time, by one INSERT of that many rows: each statement pays for opening
 * the journal and its indexes and for its AUTOINCREMENT counter, which
 * cost more than the entry itself. The entries wait in memory, in order,
 * and reach the table before anything else can come between them and
 * their mutation: before any mr_store_exec() (a savepoint, its rollback,
 * the commit) and before a mutation with a savepoint. So the order of
 * seq is the order of the mutations, and a rolled-back savepoint takes its
 * entries with it. (A query of the journal inside a batch may miss the
 * last few entries, as it would miss any uncommitted change elsewhere;
 * nothing reads the journal there.) OR FAIL, not the default ABORT: a
 * statement of many rows that may abort keeps a copy of every page it
 * touches (SQLite's statement journal), to take back its first rows; a
 * refused entry breaks the batch anyway (flush_journal()), which rolls
 * back all of it. */
#define JOURNAL_ROWS_PER_INSERT 64
#define JOURNAL_INSERT                                                                        \
  "INSERT OR FAIL INTO journal (uuid, name, args, hlc, at, workstation_id, user_id, entity, " \
  "entity_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define JOURNAL_COLUMNS 9

static void
drop_journal (MrStore *self)
{
  g_array_set_size (self->journal_rows, 0);
  g_string_chunk_clear (self->journal_strings);
}

static void
bind_journal_row (MrStore *self, sqlite3_stmt *stmt, int first, const JournalRow *r)
{
  sqlite3_bind_text (stmt, first + 1, r->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 2, r->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 3, r->args, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 4, r->hlc);
  sqlite3_bind_int64 (stmt, first + 5, r->at);
  sqlite3_bind_text (stmt, first + 6, self->workstation_id, -1, SQLITE_STATIC);
  if (r->user_id != NULL)
    sqlite3_bind_text (stmt, first + 7, r->user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 8, r->entity, -1, SQLITE_STATIC);
  if (r->entity_id != NULL)
    sqlite3_bind_text (stmt, first + 9, r->entity_id, -1, SQLITE_STATIC);
}

/* Writes the waiting entries, in order; forgets them either way. */
static gboolean
flush_journal (MrStore *self, GError **error)
{
  guint n = self->journal_rows->len;
  gboolean ok = TRUE;

  if (n == 0)
    return TRUE;
  if (self->journal_insert_many == NULL)
    {
      GString *sql = g_string_new (JOURNAL_INSERT);

      for (guint i = 1; i < JOURNAL_ROWS_PER_INSERT; i++)
        g_string_append (sql, ", (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      self->journal_insert_many = g_string_free (sql, FALSE);
    }
  for (guint i = 0; ok && i < n;)
    {
      /* Full statements, then the rest one by one. */
      guint k = n - i >= JOURNAL_ROWS_PER_INSERT ? JOURNAL_ROWS_PER_INSERT : 1;
      sqlite3_stmt *stmt =
        mr_store_prepare (self, k > 1 ? self->journal_insert_many : JOURNAL_INSERT, error);

      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      /* Bindings are cleared by mr_store_prepare(): NULL where none. */
      for (guint j = 0; j < k; j++)
        bind_journal_row (self, stmt, (int) (j * JOURNAL_COLUMNS),
                          &g_array_index (self->journal_rows, JournalRow, i + j));
      ok = mr_store_step_done (self, stmt, error);
      i += k;
    }
  drop_journal (self);
  /* Some entries may be in and not others: this batch cannot commit. */
  if (!ok)
    self->batch_broken = TRUE;
  return ok;
}

/* Appends @m's entry; with @wait, it may stay in memory for a while (see
 * above), otherwise it is written now, after any that waited. */
static gboolean
append_journal (MrStore *self, MrMutation *m, gboolean wait, GError **error)
{
  g_autofree char *json = mr_mutation_args_to_json (m);
  g_autofree char *uuid = mr_uuid_v7_new ();
  GStringChunk *strings = self->journal_strings;
  JournalRow r = {
    g_string_chunk_insert (strings, uuid),
    g_string_chunk_insert_const (strings, m->name),
    g_string_chunk_insert (strings, json),
    self->user_id ? g_string_chunk_insert_const (strings, self->user_id) : NULL,
    g_string_chunk_insert_const (strings, m->entity ? m->entity : ""),
    m->entity_id ? g_string_chunk_insert (strings, m->entity_id) : NULL,
    m->hlc,
    m->now_ms,
  };

  g_array_append_val (self->journal_rows, r);
  if (wait && self->journal_rows->len < JOURNAL_ROWS_PER_INSERT)
    return TRUE;
  return flush_journal (self, error);
}

/* Runs @m (its arguments set) through @func: savepoint, handler, journal
 * entry, then the "changed" signal once the savepoint is released.
 *
 * Without @savepoint (a mutation on its own, whose transaction is all
 * there is to take back; mr_store_apply_args() inside a batch), a handler
 * that fails before writing anything has changed nothing, which is how
 * the handlers work: they check, then write. One that fails after a write
 * (a database error) cannot be taken back alone, so the whole batch is
 * rolled back at its end. A savepoint costs a copy of every page the
 * mutation touches (SQLite's statement journal): as much again as the
 * contact itself in a bulk import, where rows are refused before they
 * write. */
static gboolean
run_mutation (MrStore *self,
              MrMutationFunc func,
              MrMutation *m,
              gboolean savepoint,
              char **out_id,
              GError **error)
{
  sqlite3_int64 changes = 0;
  gboolean ok;

  m->store = self;
  m->now_ms = g_get_real_time () / 1000;
  m->hlc = mr_hlc_now (&self->hlc, m->now_ms);

  /* Nested savepoints may share a name: RELEASE and ROLLBACK TO take
   * the innermost, and the statements stay prepared. */
  if (!mr_store_begin_batch (self, error))
    return FALSE;
  /* The entries waiting are older than this savepoint: not rolled back
   * with it. */
  if (savepoint && !flush_journal (self, error))
    {
      mr_store_end_batch (self, FALSE, NULL);
      return FALSE;
    }
  if (savepoint && !run_cached (self, "SAVEPOINT m", error))
    {
      mr_store_end_batch (self, FALSE, NULL);
      return FALSE;
    }
  if (!savepoint)
    changes = sqlite3_total_changes64 (self->db);

  ok = func (m, error);
  if (ok)
    ok = append_journal (self, m, !savepoint, error);

  if (!ok)
    {
      /* Nothing changed, so nobody hears about it: changes are only
       * announced after the savepoint is released. */
      if (savepoint)
        {
          run_cached (self, "ROLLBACK TO m", NULL);
          run_cached (self, "RELEASE m", NULL);
          self->write_epoch++;
          mr_contact_index_rolled_back (self);
        }
      else if (sqlite3_total_changes64 (self->db) != changes)
        {
          g_debug ("%s failed after writing: the batch will be rolled back", m->name);
          self->batch_broken = TRUE;
        }
      mr_store_end_batch (self, FALSE, NULL);
      g_free (m->entity_id);
      return FALSE;
    }

  ok = !savepoint || run_cached (self, "RELEASE m", error);
  if (ok)
    mr_store_emit_changed (self, m->entity ? m->entity : "", m->entity_id);
  ok = mr_store_end_batch (self, ok, ok ? error : NULL) && ok;

  if (ok && out_id != NULL)
    *out_id = g_steal_pointer (&m->entity_id);
  g_free (m->entity_id);
  return ok;
}

static MrMutationFunc
lookup_mutation (const char *name, GError **error)
{
  MrMutationFunc func = g_hash_table_lookup (get_mutation_table (), name);

  if (func == NULL)
    g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_UNKNOWN_MUTATION,
                 _ ("Unknown operation “%s”."), name);
  return func;
}

/**
 * mr_store_apply:
 * @name: a named mutation such as "contact.create"
 * @args: (transfer floating): an a{sv} dictionary of arguments
 * @out_id: (out) (optional): the id of the record the mutation touched
 *
 * The one way to change the database: validates the business rules,
 * applies the change and appends it to the journal, all in one
 * transaction. On error nothing has changed.
 */
gboolean
mr_store_apply (MrStore *self, const char *name, GVariant *args, char **out_id, GError **error)
{
  g_autoptr (GVariant) args_ref = NULL;
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GPtrArray) set_keys = g_ptr_array_new_with_free_func (g_free);
  MrMutationFunc func;
  MrMutation m = { 0 };

  g_return_val_if_fail (MR_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (args == NULL)
    args = g_variant_new ("a{sv}", NULL);
  args_ref = g_variant_ref_sink (args);
  g_return_val_if_fail (g_variant_is_of_type (args_ref, G_VARIANT_TYPE_VARDICT), FALSE);

  func = lookup_mutation (name, error);
  if (func == NULL)
    return FALSE;

  g_variant_dict_init (&dict, args_ref);
  m.name = name;
  m.args = &dict;
  m.given = args_ref;
  m.set_keys = set_keys;
  /* On its own, a mutation is its own transaction, and rolling that back
   * takes back all it did: a savepoint would only copy every page it
   * touches. Inside a batch, the savepoint keeps a failure from taking
   * back the batch's earlier work. */
  return run_mutation (self, func, &m, self->batch_depth > 0, out_id, error);
}

/* The mutations whose handlers read every argument through mr_args_*(),
 * never m->args itself: those mr_store_apply_args() may run. */
static const char *const args_mutations[] = {
  "contact.create", "contact.set", "department.create", "place.create", "org.create",
};

gboolean
mr_store_apply_args (
  MrStore *self, const char *name, const MrArg *args, guint n_args, char **out_id, GError **error)
{
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GPtrArray) set_keys = g_ptr_array_new_with_free_func (g_free);
  MrMutationFunc func = NULL;
  MrMutation m = { 0 };

  g_return_val_if_fail (MR_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (args != NULL || n_args == 0, FALSE);

  for (guint i = 0; func == NULL && i < G_N_ELEMENTS (args_mutations); i++)
    if (strcmp (args_mutations[i], name) == 0)
      func = lookup_mutation (name, error);
  if (func == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_UNKNOWN_MUTATION,
                     _ ("Unknown operation “%s”."), name);
      return FALSE;
    }

  m.name = name;
  m.args = &dict;
  m.fields = args;
  m.n_fields = n_args;
  m.set_keys = set_keys;
  /* On its own, a mutation is its own transaction: nothing to take back
   * but the transaction. In a batch, see run_mutation(). */
  return run_mutation (self, func, &m, FALSE, out_id, error);
}

/* Validation helpers */

/* Sets a validation error about @field (may be NULL) and returns FALSE, so
 * a check reads "return mr_store_fail (…)". */
gboolean
mr_store_fail (GError **error, MrStoreError code, const char *field, const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MR_STORE_ERROR, code, msg);
  mr_store_set_error_field (error, field);
  return FALSE;
}

/* Steps through @stmt (prepared and bound, selecting names in column 0) and
 * tells whether one of them is @name, ignoring case and accents: names a
 * person would confuse count as the same. Resets @stmt. */
gboolean
mr_store_name_taken (sqlite3_stmt *stmt, const char *name)
{
  g_autofree char *key = mr_text_fold (name);
  gboolean taken = FALSE;

  while (!taken && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *other = mr_text_fold ((const char *) sqlite3_column_text (stmt, 0));

      taken = strcmp (other, key) == 0;
    }
  sqlite3_reset (stmt);
  return taken;
}

/* @table is one of our own table names, never user input. */
gboolean
mr_store_live_exists (MrStore *self, const char *table, const char *id)
{
  const char *sql;
  g_autofree char *known = NULL;
  gboolean exists;

  if (id == NULL)
    return FALSE;
  /* Departments and places are checked for every contact written, and
   * an import names the same few thousands of times: one that was found
   * live stays known while nothing could have changed it without this
   * connection seeing it (mr_store_get_write_epoch()) and no department
   * or place changed here (mr_store_emit_changed()). */
  if (strcmp (table, "department") == 0 || strcmp (table, "place") == 0)
    {
      if (self->live_known_epoch != self->write_epoch)
        {
          g_hash_table_remove_all (self->live_known);
          self->live_known_epoch = self->write_epoch;
        }
      known = g_strdup_printf ("%c%s", table[0], id);
      if (g_hash_table_contains (self->live_known, known))
        return TRUE;
    }
  /* The query text is kept, so it is prepared and found like a literal. */
  sql = g_hash_table_lookup (self->live_sql, table);
  if (sql == NULL)
    {
      char *text = g_strdup_printf ("SELECT count(*) FROM %s WHERE id = ? AND deleted = 0", table);

      g_hash_table_insert (self->live_sql, g_strdup (table), text);
      sql = text;
    }
  exists = mr_store_query_int (self, sql, id) > 0;
  if (exists && known != NULL)
    g_hash_table_add (self->live_known, g_steal_pointer (&known));
  return exists;
}

/* The id a creation mutation is about to use: well-formed and not taken
 * (by a live or a deleted record). */
gboolean
mr_store_check_new_id (MrStore *self, const char *table, const char *id, GError **error)
{
  g_autofree char *sql = NULL;

  if (!mr_uuid_is_valid (id))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id", _ ("“%s” is not a valid record id."),
                          id ? id : "");
  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE id = ?", table);
  if (mr_store_query_int (self, sql, id) > 0)
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "id",
                          _ ("A record with this id already exists."));
  return TRUE;
}

gboolean
mr_store_integrity_check (MrStore *self, GError **error)
{
  g_autofree char *result = mr_store_query_text (self, "PRAGMA integrity_check", NULL);

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED,
                   _ ("The database failed its integrity check: %s"), result ? result : "?");
      return FALSE;
    }
  if (mr_store_query_int (self, "SELECT count(*) FROM pragma_foreign_key_check", NULL) != 0)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED,
                   _ ("The database has broken references between records."));
      return FALSE;
    }
  return TRUE;
}
