/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "mr-hlc.h"
#include "mr-store.h"

G_BEGIN_DECLS

typedef struct _MrMutation MrMutation;

/* An argument given without a GVariant (mr_store_apply_args()). */
typedef enum
{
  MR_ARG_STRING,
  MR_ARG_BOOL,
  MR_ARG_INT,
} MrArgType;

typedef struct
{
  const char *key;
  MrArgType type;
  const char *s; /* MR_ARG_STRING */
  gint64 i;      /* MR_ARG_BOOL, MR_ARG_INT */
} MrArg;

struct _MrMutation
{
  MrStore *store;
  const char *name;
  GVariantDict *args;
  GVariant *given;     /* the a{sv} the caller passed */
  GPtrArray *set_keys; /* keys the handler set with mr_args_set_value() */
  const MrArg *fields; /* what the caller gave, when given as MrArgs: then
                        * given is NULL and args holds only what was set */
  guint n_fields;
  gint64 hlc;
  gint64 now_ms;
  const char *entity; /* set by the handler */
  char *entity_id;    /* set by the handler */
  MrMutation *parent; /* the mutation this one runs inside, or NULL (see
                       * mr_locker_run_package_event()) */
};

typedef gboolean (*MrMutationFunc) (MrMutation *m, GError **error);

typedef struct
{
  const char *name;
  MrMutationFunc func;
} MrMutationDef;

/* Each domain module exports its table, terminated by { NULL, NULL }. */
extern const MrMutationDef mr_address_book_mutations[];
extern const MrMutationDef mr_operations_mutations[];
extern const MrMutationDef mr_locker_mutations[];
extern const MrMutationDef mr_package_mutations[];
extern const MrMutationDef mr_label_layout_mutations[];
extern const MrMutationDef mr_custom_field_mutations[];

/* mr_store_apply() for callers in core that hold plain values (a bulk
 * import): the same handler, savepoint, journal entry and signal, without
 * building and parsing an a{sv}. Only for the mutations whose handlers read
 * their arguments through mr_args_*(); others fail with UNKNOWN_MUTATION. */
gboolean mr_store_apply_args (
  MrStore *self, const char *name, const MrArg *args, guint n_args, char **out_id, GError **error);

/* Whether a batch (mr_store_begin_batch()) is open on this connection. */
gboolean mr_store_in_batch (MrStore *self);

sqlite3 *mr_store_get_db (MrStore *self);
sqlite3_stmt *mr_store_prepare (MrStore *self, const char *sql, GError **error);
gboolean mr_store_exec (MrStore *self, const char *sql, GError **error);
gboolean mr_store_step_done (MrStore *self, sqlite3_stmt *stmt, GError **error);
void mr_store_set_sql_error (MrStore *self, GError **error);
void mr_store_emit_changed (MrStore *self, const char *entity, const char *id);
void mr_store_bind_text_or_null (sqlite3_stmt *stmt, int idx, const char *text);
gint64 mr_store_query_int (MrStore *self, const char *sql, const char *arg);
char *mr_store_query_text (MrStore *self, const char *sql, const char *arg);

/* Validation helpers shared by the mutation modules */
gboolean
mr_store_fail (GError **error, MrStoreError code, const char *field, const char *format, ...)
  G_GNUC_PRINTF (4, 5);
gboolean mr_store_live_exists (MrStore *self, const char *table, const char *id);
gboolean mr_store_check_new_id (MrStore *self, const char *table, const char *id, GError **error);

/* Lockers (mr-lockers.c): the cached status and the append-only history */
gboolean mr_locker_refresh_status (MrMutation *m, const char *locker_id, GError **error);
gboolean mr_locker_append_event (MrMutation *m,
                                 const char *locker_id,
                                 const char *kind,
                                 gint64 at,
                                 const char *package_id,
                                 GError **error);

gboolean mr_store_name_taken (sqlite3_stmt *stmt, const char *name);

/* Arguments of a mutation */
/* The arguments as the journal records them (JSON): what the caller gave,
 * with what the handler set on top (mr-store-args.c). */
char *mr_mutation_args_to_json (MrMutation *m);
gboolean mr_args_has (MrMutation *m, const char *key);
/* Sets an argument for the journal (an id the handler chose, a time, what
 * a delete detached): replay must see exactly what happened. Handlers set
 * arguments only through this. @value is floating or owned. */
void mr_args_set_value (MrMutation *m, const char *key, GVariant *value);
char *mr_args_dup_string (MrMutation *m, const char *key);
gboolean mr_args_get_bool (MrMutation *m, const char *key, gboolean fallback);
gint64 mr_args_get_int (MrMutation *m, const char *key, gint64 fallback);
char *mr_args_take_or_new_id (MrMutation *m);

/* Changes whenever what this connection has read may be out of date
 * without its knowing: at the start of each transaction (another
 * connection may have written before it) and at each rollback, of a
 * transaction or a savepoint (what was written may be gone). What a
 * caller remembers of the rows is good while it stays the same, provided
 * every change of those rows goes through the caller. */
guint mr_store_get_write_epoch (MrStore *self);

/* Contact search index, maintained in C because its rowid is the name rank. */
GHashTable *mr_store_get_fts_dirty (MrStore *self);
gboolean mr_contact_index_flush (MrStore *self, GError **error);
gboolean mr_contact_index_place_new (MrStore *store,
                                     const char *contact_id,
                                     const char *first,
                                     const char *last,
                                     char **out_key,
                                     gint64 *out_rank,
                                     GError **error);
gboolean mr_contact_index_update (MrStore *self, const char *contact_id, GError **error);
gboolean mr_contact_index_rebuild_where (MrStore *self,
                                         const char *column,
                                         const char *value,
                                         GError **error);

/* A new contact's fields, as the search index shows them. */
typedef struct
{
  const char *first_name;
  const char *last_name;
  const char *email;
  const char *phone;
  const char *personnel_id;
  const char *employee_id;
  const char *department_id;
  const char *place_id;
  const char *notes;
} MrContactIndexFields;

void mr_contact_index_stream_new (MrStore *store,
                                  const char *contact_id,
                                  gint64 rank,
                                  const MrContactIndexFields *fields);

/* The search database ("<db>-search", attached as "search"). */
char *mr_contact_index_search_path (const char *db_path);
gboolean mr_contact_index_attach (MrStore *store, GError **error);
void mr_contact_index_expect_rows (MrStore *store, guint n_rows);
void mr_contact_index_set_parallel_min (MrStore *store, guint n_rows);
gboolean mr_contact_index_has_writer (MrStore *store);
guint mr_contact_index_get_n_parallel (MrStore *store);
void mr_contact_index_begin_batch (MrStore *store);
void mr_contact_index_rolled_back (MrStore *store);
void mr_contact_index_end_batch (MrStore *store, gboolean committed);

G_END_DECLS
