/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-contact-list"

#include "config.h"

#include <string.h>

#include "mr-contact-list.h"
#include "mr-records-private.h"
#include "mr-store-private.h"
#include "mr-text.h"

/* A GListModel over the contacts that match a search and filters, read
 * from SQLite a page at a time and never loaded whole: a list of a million
 * contacts costs a count and the few pages on screen.
 *
 * Name order is the FTS rowid order (see mr-contact-index.c), so pages are
 * fetched by keyset ("the 64 after rank R") when the previous page is
 * known, and by OFFSET only on a jump. */

#define PAGE_SIZE 64
#define MAX_CACHED_PAGES 48

/* A search is a way to find someone, not to browse: past this many
 * matches the list stops and says to keep typing, so that counting the
 * matches of a one-letter query stays within a keystroke's budget. The
 * unfiltered list is always complete. */
#define SEARCH_LIMIT 10000

struct _MrContactList
{
  GObject parent_instance;

  MrStore *store;
  char *search;
  char *fts_query;
  char *department_id;
  char *place_id;
  MrContactSort sort;

  guint n_items;
  gboolean truncated;
  GHashTable *pages;     /* page index → GPtrArray of MrContact */
  GQueue page_lru;       /* page indexes, most recent first */
  GHashTable *page_last; /* page index → gint64* rank of its last row */
  guint refresh_id;
};

static void mr_contact_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MrContactList,
                               mr_contact_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mr_contact_list_model_init))

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SEARCH,
  PROP_N_ITEMS,
  PROP_TRUNCATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
has_hidden_private (MrContactList *self)
{
  sqlite3_stmt *stmt = mr_store_prepare (self->store,
                                         "SELECT EXISTS (SELECT 1 FROM contact "
                                         "INDEXED BY contact_private WHERE "
                                         "is_private = 1 AND deleted = 0 AND "
                                         "owner_user_id IS NOT ?)",
                                         NULL);
  gboolean hidden = FALSE;

  if (stmt == NULL)
    return FALSE;
  mr_store_bind_text_or_null (stmt, 1, mr_store_get_user_id (self->store));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hidden = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return hidden;
}

/* Parameters: ?1 FTS query, ?2 keyset rank, ?3 user, ?4 department,
 * ?5 place, ?6 offset. */
static void
append_filters (MrContactList *self, GString *sql)
{
  g_string_append (sql, " AND (c.is_private = 0 OR c.owner_user_id IS ?3)");
  if (self->department_id)
    g_string_append (sql, " AND c.department_id = ?4");
  if (self->place_id)
    g_string_append (sql, " AND c.place_id = ?5");
}

static void
bind_params (MrContactList *self, sqlite3_stmt *stmt, gint64 keyset, gint64 offset)
{
  int n = sqlite3_bind_parameter_count (stmt);

  if (n >= 1 && self->fts_query)
    sqlite3_bind_text (stmt, 1, self->fts_query, -1, SQLITE_TRANSIENT);
  if (n >= 2)
    sqlite3_bind_int64 (stmt, 2, keyset);
  if (n >= 3)
    mr_store_bind_text_or_null (stmt, 3, mr_store_get_user_id (self->store));
  if (n >= 4 && self->department_id)
    sqlite3_bind_text (stmt, 4, self->department_id, -1, SQLITE_TRANSIENT);
  if (n >= 5 && self->place_id)
    sqlite3_bind_text (stmt, 5, self->place_id, -1, SQLITE_TRANSIENT);
  if (n >= 6)
    sqlite3_bind_int64 (stmt, 6, offset);
}

static guint
count_items (MrContactList *self)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  gboolean plain = self->department_id == NULL && self->place_id == NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  if (plain && !has_hidden_private (self))
    {
      if (self->fts_query)
        /* The hot path, every keystroke: a doclist count, no join. */
        g_string_append (sql,
                         "SELECT count(*) FROM (SELECT 1 FROM contact_fts "
                         "WHERE contact_fts MATCH ?1 LIMIT " G_STRINGIFY (SEARCH_LIMIT) " + 1)");
      else
        /* Live contacts are exactly those with a rank; that index holds
         * 8-byte integers, a quarter of the sort-key index to read. */
        g_string_append (sql, "SELECT count(*) FROM contact INDEXED BY contact_sort_rank "
                              "WHERE sort_rank IS NOT NULL");
    }
  else
    {
      if (self->fts_query)
        g_string_append (sql, "SELECT count(*) FROM (SELECT 1 FROM contact_fts f JOIN contact c "
                              "ON c.sort_rank = f.rowid WHERE contact_fts MATCH ?1");
      else
        g_string_append (sql, "SELECT count(*) FROM contact c WHERE c.deleted = 0");
      append_filters (self, sql);
      if (self->fts_query)
        g_string_append (sql, " LIMIT " G_STRINGIFY (SEARCH_LIMIT) " + 1)");
    }

  stmt = mr_store_prepare (self->store, sql->str, NULL);
  if (stmt == NULL)
    return 0;
  bind_params (self, stmt, 0, 0);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  self->truncated = self->fts_query != NULL && n > SEARCH_LIMIT;
  return self->truncated ? SEARCH_LIMIT : n;
}

static GPtrArray *
fetch_page (MrContactList *self, guint page)
{
  g_autoptr (GString) sql = g_string_new ("SELECT " MR_CONTACT_COLUMNS ", c.sort_rank ");
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean desc = self->sort == MR_CONTACT_SORT_NAME_DESC;
  gboolean by_rank = self->sort != MR_CONTACT_SORT_RECENT;
  gint64 *prev_last =
    page > 0 ? g_hash_table_lookup (self->page_last, GUINT_TO_POINTER (page - 1)) : NULL;
  gboolean keyset = by_rank && prev_last != NULL;
  sqlite3_stmt *stmt;
  gint64 last_rank = 0;

  if (self->fts_query)
    g_string_append (sql,
                     "FROM contact_fts f JOIN contact c ON c.sort_rank = f.rowid " MR_CONTACT_JOINS
                     "WHERE contact_fts MATCH ?1");
  else
    g_string_append (sql, "FROM contact c " MR_CONTACT_JOINS
                          "WHERE c.deleted = 0 AND c.sort_rank IS NOT NULL");
  append_filters (self, sql);
  if (keyset)
    g_string_append_printf (sql, " AND %s %s ?2", self->fts_query ? "f.rowid" : "c.sort_rank",
                            desc ? "<" : ">");
  if (by_rank)
    g_string_append_printf (sql, " ORDER BY %s%s", self->fts_query ? "f.rowid" : "c.sort_rank",
                            desc ? " DESC" : "");
  else
    g_string_append (sql, " ORDER BY c.created_at DESC, c.id DESC");
  g_string_append_printf (sql, " LIMIT %d", PAGE_SIZE);
  if (!keyset)
    g_string_append (sql, " OFFSET ?6");

  stmt = mr_store_prepare (self->store, sql->str, NULL);
  if (stmt == NULL)
    return items;
  bind_params (self, stmt, keyset ? *prev_last : 0, (gint64) page * PAGE_SIZE);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (items, mr_contact_new_from_stmt (stmt));
      last_rank = sqlite3_column_int64 (stmt, 15);
    }
  sqlite3_reset (stmt);

  if (items->len > 0 && by_rank)
    g_hash_table_insert (self->page_last, GUINT_TO_POINTER (page),
                         g_memdup2 (&last_rank, sizeof last_rank));
  return items;
}

static GType
mr_contact_list_get_item_type (GListModel *model)
{
  return MR_TYPE_CONTACT;
}

static guint
mr_contact_list_get_n_items (GListModel *model)
{
  return MR_CONTACT_LIST (model)->n_items;
}

static gpointer
mr_contact_list_get_item (GListModel *model, guint position)
{
  MrContactList *self = MR_CONTACT_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    {
      items = fetch_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
      g_queue_push_head (&self->page_lru, GUINT_TO_POINTER (page));
      while (self->page_lru.length > MAX_CACHED_PAGES)
        {
          gpointer old = g_queue_pop_tail (&self->page_lru);

          g_hash_table_remove (self->pages, old);
        }
    }
  else if (self->page_lru.head->data != GUINT_TO_POINTER (page))
    {
      g_queue_remove (&self->page_lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->page_lru, GUINT_TO_POINTER (page));
    }

  if (position % PAGE_SIZE >= items->len)
    return NULL; /* the database changed under us; a refresh is queued */
  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
mr_contact_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mr_contact_list_get_item_type;
  iface->get_n_items = mr_contact_list_get_n_items;
  iface->get_item = mr_contact_list_get_item;
}

static void
drop_cache (MrContactList *self)
{
  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->page_last);
  g_queue_clear (&self->page_lru);
}

void
mr_contact_list_refresh (MrContactList *self)
{
  gboolean was_truncated;
  guint old;

  g_return_if_fail (MR_IS_CONTACT_LIST (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  old = self->n_items;
  was_truncated = self->truncated;
  drop_cache (self);
  self->n_items = count_items (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  if (old != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (was_truncated != self->truncated)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUNCATED]);
}

/* TRUE when a search matched more contacts than the list shows: the view
 * should ask for more letters. */
gboolean
mr_contact_list_get_truncated (MrContactList *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_LIST (self), FALSE);
  return self->truncated;
}

static gboolean
refresh_idle_cb (gpointer data)
{
  MrContactList *self = data;

  self->refresh_id = 0;
  mr_contact_list_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (MrContactList *self, const char *entity, const char *id)
{
  if (g_strcmp0 (entity, "contact") != 0 && g_strcmp0 (entity, "department") != 0 &&
      g_strcmp0 (entity, "place") != 0)
    return;
  /* Coalesce: an import changes thousands of rows, we re-read once. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

static void
mr_contact_list_dispose (GObject *object)
{
  MrContactList *self = (MrContactList *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  G_OBJECT_CLASS (mr_contact_list_parent_class)->dispose (object);
}

static void
mr_contact_list_finalize (GObject *object)
{
  MrContactList *self = (MrContactList *) object;

  drop_cache (self);
  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->page_last);
  g_clear_object (&self->store);
  g_free (self->search);
  g_free (self->fts_query);
  g_free (self->department_id);
  g_free (self->place_id);
  G_OBJECT_CLASS (mr_contact_list_parent_class)->finalize (object);
}

static void
mr_contact_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrContactList *self = MR_CONTACT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_TRUNCATED:
      g_value_set_boolean (value, self->truncated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_contact_list_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  MrContactList *self = MR_CONTACT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      break;
    case PROP_SEARCH:
      mr_contact_list_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_contact_list_constructed (GObject *object)
{
  MrContactList *self = (MrContactList *) object;

  G_OBJECT_CLASS (mr_contact_list_parent_class)->constructed (object);
  self->n_items = count_items (self);
}

static void
mr_contact_list_class_init (MrContactListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mr_contact_list_dispose;
  object_class->finalize = mr_contact_list_finalize;
  object_class->get_property = mr_contact_list_get_property;
  object_class->set_property = mr_contact_list_set_property;
  object_class->constructed = mr_contact_list_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUNCATED] = g_param_spec_boolean ("truncated", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mr_contact_list_init (MrContactList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->page_last = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_queue_init (&self->page_lru);
}

MrContactList *
mr_contact_list_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_CONTACT_LIST, "store", store, NULL);
}

MrStore *
mr_contact_list_get_store (MrContactList *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_LIST (self), NULL);
  return self->store;
}

const char *
mr_contact_list_get_search (MrContactList *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_LIST (self), NULL);
  return self->search;
}

void
mr_contact_list_set_search (MrContactList *self, const char *search)
{
  g_autofree char *query = NULL;

  g_return_if_fail (MR_IS_CONTACT_LIST (self));

  if (g_strcmp0 (self->search, search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (search);
  query = mr_text_fts_query (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
  if (g_strcmp0 (query, self->fts_query) == 0)
    return; /* "Dupont " and "Dupont" search the same */
  g_free (self->fts_query);
  self->fts_query = g_steal_pointer (&query);
  mr_contact_list_refresh (self);
}

static void
set_filter (MrContactList *self, char **field, const char *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  mr_contact_list_refresh (self);
}

void
mr_contact_list_set_department_id (MrContactList *self, const char *department_id)
{
  g_return_if_fail (MR_IS_CONTACT_LIST (self));
  set_filter (self, &self->department_id, department_id);
}

void
mr_contact_list_set_place_id (MrContactList *self, const char *place_id)
{
  g_return_if_fail (MR_IS_CONTACT_LIST (self));
  set_filter (self, &self->place_id, place_id);
}

MrContactSort
mr_contact_list_get_sort (MrContactList *self)
{
  g_return_val_if_fail (MR_IS_CONTACT_LIST (self), MR_CONTACT_SORT_NAME);
  return self->sort;
}

void
mr_contact_list_set_sort (MrContactList *self, MrContactSort sort)
{
  g_return_if_fail (MR_IS_CONTACT_LIST (self));
  if (self->sort == sort)
    return;
  self->sort = sort;
  mr_contact_list_refresh (self);
}

/* Where a contact sits in the current list, so a view can select a record
 * it has just added or edited. */
gboolean
mr_contact_list_find (MrContactList *self, const char *contact_id, guint *position)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gint64 rank;
  gint64 created;
  gboolean found = FALSE;

  g_return_val_if_fail (MR_IS_CONTACT_LIST (self), FALSE);

  stmt = mr_store_prepare (self->store,
                           "SELECT sort_rank, created_at FROM contact WHERE id = ? "
                           "AND sort_rank IS NOT NULL",
                           NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, contact_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  rank = sqlite3_column_int64 (stmt, 0);
  created = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  /* First: is it in the list at all? */
  if (self->fts_query)
    g_string_append (sql, "SELECT count(*) FROM contact_fts f JOIN contact c "
                          "ON c.sort_rank = f.rowid WHERE contact_fts MATCH ?1");
  else
    g_string_append (sql, "SELECT count(*) FROM contact c WHERE c.deleted = 0 "
                          "AND c.sort_rank IS NOT NULL");
  append_filters (self, sql);
  g_string_append (sql, " AND c.sort_rank = ?2");
  stmt = mr_store_prepare (self->store, sql->str, NULL);
  if (stmt == NULL)
    return FALSE;
  bind_params (self, stmt, rank, 0);
  found = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
  sqlite3_reset (stmt);
  if (!found)
    return FALSE;

  /* Then: how many come before it. */
  g_string_truncate (sql, strlen (sql->str) - strlen (" AND c.sort_rank = ?2"));
  switch (self->sort)
    {
    case MR_CONTACT_SORT_NAME:
      g_string_append (sql, " AND c.sort_rank < ?2");
      break;
    case MR_CONTACT_SORT_NAME_DESC:
      g_string_append (sql, " AND c.sort_rank > ?2");
      break;
    case MR_CONTACT_SORT_RECENT:
      g_string_append (sql, " AND (c.created_at > ?6 OR (c.created_at = ?6 AND c.id > ?7))");
      break;
    default:
      g_assert_not_reached ();
    }
  stmt = mr_store_prepare (self->store, sql->str, NULL);
  if (stmt == NULL)
    return FALSE;
  bind_params (self, stmt, rank, created);
  if (self->sort == MR_CONTACT_SORT_RECENT)
    sqlite3_bind_text (stmt, 7, contact_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && position)
    *position = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}
