/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-package-list"

#include "config.h"

#include <string.h>

#include "mr-package-list.h"
#include "mr-package-private.h"

/* A GListModel over packages, read from SQLite a page at a time and never
 * loaded whole (the house pattern of mr-contact-list.c).
 *
 * Every list is ordered by receipt time, ties broken by rowid, and every
 * filter has an index that ends in received_at (schema v4), so a page is
 * an index range read in order: pages are fetched by keyset ("the 64
 * received before this one") when the previous page is known, and by
 * OFFSET only on a jump. The awaiting view reads only the partial index
 * of the packages still in the mailroom (a few percent of the history),
 * which holds every filtered column and breaks ties by id: filtering it
 * never touches the table, and a filter's own index, read from the oldest
 * package, would wade through years of packages handed over. */

#define PAGE_SIZE 64
#define MAX_CACHED_PAGES 48

/* A package still in the mailroom or a locker: not picked up, returned or
 * removed. The terms must stay those of the partial index
 * package_awaiting, which SQLite only uses for a query that repeats them. */
#define AWAITING_SQL \
  " AND p.status <> 'picked_up' AND p.status <> 'returned' AND p.status <> 'removed'"

enum
{
  F_STATUS,
  F_PLACE,
  F_CARRIER,
  F_RECIPIENT,
  F_DEPARTMENT,
  F_BAG,
  N_FILTERS
};

/* The last row of a page: its time and tie-breaker (the rowid, or the
 * id in the awaiting view). */
typedef struct
{
  gint64 received_at;
  gint64 rowid;
  char id[40];
} Key;

struct _MrPackageList
{
  GObject parent_instance;

  MrStore *store;
  MrPackageView view;
  char *filter[N_FILTERS];
  gint64 filter_from;
  gint64 filter_to;
  gint64 from; /* the effective range, with the view's */
  gint64 to;

  guint n_items;
  GHashTable *pages;     /* page index → GPtrArray of MrPackage */
  GQueue page_lru;       /* page indexes, most recent first */
  GHashTable *page_last; /* page index → Key of its last row */
  guint refresh_id;
};

static void mr_package_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MrPackageList,
                               mr_package_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mr_package_list_model_init))

enum
{
  PROP_0,
  PROP_STORE,
  PROP_VIEW,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
ascending (MrPackageList *self)
{
  return self->view == MR_PACKAGE_VIEW_AWAITING;
}

/* The tie-breaker after received_at: what the view's indexes end with. */
static const char *
tie_column (MrPackageList *self)
{
  return self->view == MR_PACKAGE_VIEW_AWAITING ? "p.id" : "p.rowid";
}

/* Parameters: ?1 status, ?2 place, ?3 carrier, ?4 recipient, ?5
 * department, ?6 bag, ?7 from, ?8 to, ?9 and ?10 the keyset, ?11 the
 * offset. Unused ones are left unbound. */
/* Which bound of the date range a query leaves out: with a keyset, the
 * one on the side the scan moves to (the keyset is within it, and SQLite
 * seeks on one bound only). */
typedef enum
{
  KEEP_BOTH,
  DROP_LOWER,
  DROP_UPPER,
} RangeBounds;

static void
append_where (MrPackageList *self, GString *sql, RangeBounds bounds)
{
  g_string_append (sql, " WHERE p.deleted = 0");
  if (self->view == MR_PACKAGE_VIEW_AWAITING)
    g_string_append (sql, AWAITING_SQL);
  if (self->filter[F_STATUS])
    g_string_append (sql, " AND p.status = ?1");
  if (self->filter[F_PLACE])
    g_string_append (sql, " AND p.place_id = ?2");
  if (self->filter[F_CARRIER])
    g_string_append (sql, " AND p.carrier = ?3 COLLATE NOCASE");
  if (self->filter[F_RECIPIENT])
    g_string_append (sql, " AND p.recipient_id = ?4");
  if (self->filter[F_DEPARTMENT])
    g_string_append (sql, " AND p.for_department_id = ?5");
  if (self->filter[F_BAG])
    g_string_append (sql, " AND p.bag_id = ?6");
  if (self->from > 0 && bounds != DROP_LOWER)
    g_string_append (sql, " AND p.received_at >= ?7");
  if (self->to > 0 && bounds != DROP_UPPER)
    g_string_append (sql, " AND p.received_at < ?8");
}

/* @oldest_first: the scan's direction in time, the list's own or the
 * reverse (a jump counting back from a later row). */
static void
append_order (MrPackageList *self, GString *sql, gboolean oldest_first)
{
  /* The indexes end in deleted (always 0 here) then the rowid: SQLite
   * sorts each run of equal times, never the whole list. The awaiting
   * index is in this order outright. */
  if (oldest_first)
    g_string_append_printf (sql, " ORDER BY p.received_at, %s", tie_column (self));
  else
    g_string_append_printf (sql, " ORDER BY p.received_at DESC, %s DESC", tie_column (self));
}

static void
bind_params (MrPackageList *self, sqlite3_stmt *stmt, const Key *key, gint64 offset)
{
  int n = sqlite3_bind_parameter_count (stmt);

  for (int i = 0; i < N_FILTERS && i < n; i++)
    if (self->filter[i] != NULL)
      sqlite3_bind_text (stmt, i + 1, self->filter[i], -1, SQLITE_TRANSIENT);
  if (n >= 7)
    sqlite3_bind_int64 (stmt, 7, self->from);
  if (n >= 8)
    sqlite3_bind_int64 (stmt, 8, self->to);
  if (n >= 10 && key != NULL)
    {
      sqlite3_bind_int64 (stmt, 9, key->received_at);
      if (self->view == MR_PACKAGE_VIEW_AWAITING)
        sqlite3_bind_text (stmt, 10, key->id, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, 10, key->rowid);
    }
  if (n >= 11)
    sqlite3_bind_int64 (stmt, 11, offset);
}

static gboolean
has_filter (MrPackageList *self)
{
  for (guint i = 0; i < N_FILTERS; i++)
    if (self->filter[i] != NULL)
      return TRUE;
  return FALSE;
}

/* The index a list reads. The awaiting view has its own: left to itself,
 * the planner prefers the status index and sorts. Elsewhere, with two
 * filters or more, the planner (without statistics) may pick the broader
 * one and check the other on every row of it, a quarter of a million
 * table reads for a carrier: the filter that is usually the narrowest
 * chooses instead. One filter or none: the planner's choice is right. */
static const char *
table_sql (MrPackageList *self)
{
  static const struct
  {
    guint filter;
    const char *table;
  } narrowest_first[] = {
    { F_RECIPIENT, "package p INDEXED BY package_recipient_received" },
    { F_BAG, "package p INDEXED BY package_bag" },
    { F_PLACE, "package p INDEXED BY package_place_received" },
    { F_DEPARTMENT, "package p INDEXED BY package_department_received" },
    { F_STATUS, "package p INDEXED BY package_status" },
    { F_CARRIER, "package p INDEXED BY package_carrier_received" },
  };
  guint n = (self->from > 0 || self->to > 0) ? 1 : 0;

  if (self->view == MR_PACKAGE_VIEW_AWAITING)
    return "package p INDEXED BY package_awaiting";
  for (guint i = 0; i < N_FILTERS; i++)
    n += self->filter[i] != NULL;
  if (n < 2)
    return "package p";
  for (guint i = 0; i < G_N_ELEMENTS (narrowest_first); i++)
    if (self->filter[narrowest_first[i].filter] != NULL)
      return narrowest_first[i].table;
  return "package p";
}

static char *
count_sql (MrPackageList *self)
{
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "SELECT count(*) FROM %s", table_sql (self));

  append_where (self, sql, KEEP_BOTH);
  return g_string_free (sql, FALSE);
}

typedef enum
{
  FROM_START, /* the first page */
  AFTER_KEY,  /* the page after a known row */
  FROM_KEY,   /* the page starting at a known row */
} PageStart;

static char *
page_sql (MrPackageList *self, PageStart start)
{
  GString *sql = g_string_new (NULL);
  const char *op[2][2] = { { "<", "<=" }, { ">", ">=" } };

  g_string_append_printf (sql, "SELECT " MR_PACKAGE_COLUMNS "FROM %s " MR_PACKAGE_JOINS,
                          table_sql (self));
  append_where (self, sql,
                start == FROM_START ? KEEP_BOTH
                : ascending (self)  ? DROP_LOWER
                                    : DROP_UPPER);
  if (start != FROM_START)
    g_string_append_printf (sql, " AND (p.received_at, %s) %s (?9, ?10)", tie_column (self),
                            op[ascending (self)][start == FROM_KEY]);
  append_order (self, sql, ascending (self));
  g_string_append_printf (sql, " LIMIT %d", PAGE_SIZE);
  return g_string_free (sql, FALSE);
}

/* The row @offset rows past @anchor (or past the start of the scan), in
 * the list's order (@forward) or the reverse, for a jump: an OFFSET over
 * an index alone, where one over the page query would join every row it
 * skips. */
static gboolean
key_from (MrPackageList *self, const Key *anchor, gboolean forward, gint64 offset, Key *key)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  gboolean oldest_first = ascending (self) == forward;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  /* Only what the index holds: received_at and the tie-breaker. */
  g_string_append_printf (sql, "SELECT p.received_at, %s FROM %s", tie_column (self),
                          table_sql (self));
  append_where (self, sql, anchor == NULL ? KEEP_BOTH : oldest_first ? DROP_LOWER : DROP_UPPER);
  if (anchor != NULL)
    g_string_append_printf (sql, " AND (p.received_at, %s) %s (?9, ?10)", tie_column (self),
                            oldest_first ? ">" : "<");
  append_order (self, sql, oldest_first);
  g_string_append (sql, " LIMIT 1 OFFSET ?11");
  stmt = mr_store_prepare (self->store, sql->str, NULL);
  if (stmt == NULL)
    return FALSE;
  bind_params (self, stmt, anchor, offset);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      key->received_at = sqlite3_column_int64 (stmt, 0);
      if (self->view == MR_PACKAGE_VIEW_AWAITING)
        g_strlcpy (key->id, (const char *) sqlite3_column_text (stmt, 1), sizeof key->id);
      else
        key->rowid = sqlite3_column_int64 (stmt, 1);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* The row at @position, counted from the nearest row known: the start,
 * the end, or the last row of a cached page. A scroll bar dragged through
 * the list asks for positions near the last one; only a jump far from
 * everything reads far. */
static gboolean
key_at (MrPackageList *self, guint position, Key *key)
{
  const Key *anchor = NULL;
  gboolean forward = TRUE;
  gint64 offset = position;
  GHashTableIter iter;
  gpointer page_ptr, last_ptr;

  if (self->n_items > position && self->n_items - 1 - position < position)
    {
      forward = FALSE;
      offset = self->n_items - 1 - position;
    }
  g_hash_table_iter_init (&iter, self->page_last);
  while (g_hash_table_iter_next (&iter, &page_ptr, &last_ptr))
    {
      guint page = GPOINTER_TO_UINT (page_ptr);
      GPtrArray *items = g_hash_table_lookup (self->pages, page_ptr);
      gint64 at;

      if (items == NULL || items->len == 0)
        continue;
      at = (gint64) page * PAGE_SIZE + items->len - 1;
      if (at < position && position - at - 1 < offset)
        {
          anchor = last_ptr;
          forward = TRUE;
          offset = position - at - 1;
        }
      else if (at > position && at - position - 1 < offset)
        {
          anchor = last_ptr;
          forward = FALSE;
          offset = at - position - 1;
        }
    }
  if (key_from (self, anchor, forward, offset, key))
    return TRUE;
  /* The count was stale: from the start, then. */
  return key_from (self, NULL, TRUE, position, key);
}

/* The view's range (today: local midnight to midnight) within the filter's. */
static void
update_range (MrPackageList *self)
{
  self->from = self->filter_from;
  self->to = self->filter_to;
  if (self->view == MR_PACKAGE_VIEW_TODAY)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autoptr (GDateTime) midnight =
        g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                               g_date_time_get_day_of_month (now), 0, 0, 0);
      g_autoptr (GDateTime) tomorrow = g_date_time_add_days (midnight, 1);
      gint64 day_from = g_date_time_to_unix (midnight) * 1000;
      gint64 day_to = g_date_time_to_unix (tomorrow) * 1000;

      self->from = MAX (self->from, day_from);
      self->to = self->to > 0 ? MIN (self->to, day_to) : day_to;
    }
}

static guint
count_items (MrPackageList *self)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  update_range (self);
  if (self->to > 0 && self->from >= self->to)
    return 0;
  /* The whole history: every row less the tombstones. SQLite counts a
   * table without a WHERE from its smallest index's pages, not row by
   * row: a millisecond or two for a million packages, not a hundred. */
  if (self->view == MR_PACKAGE_VIEW_HISTORY && !has_filter (self) && self->from == 0 &&
      self->to == 0)
    return (guint) (mr_store_query_int (self->store, "SELECT count(*) FROM package", NULL) -
                    mr_store_query_int (self->store,
                                        "SELECT count(*) FROM package WHERE deleted <> 0", NULL));
  sql = count_sql (self);
  stmt = mr_store_prepare (self->store, sql, NULL);
  if (stmt == NULL)
    return 0;
  bind_params (self, stmt, NULL, 0);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static GPtrArray *
fetch_page (MrPackageList *self, guint page)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  Key *prev = page > 0 ? g_hash_table_lookup (self->page_last, GUINT_TO_POINTER (page - 1)) : NULL;
  PageStart start = page == 0 ? FROM_START : prev != NULL ? AFTER_KEY : FROM_KEY;
  g_autofree char *sql = page_sql (self, start);
  sqlite3_stmt *stmt;
  Key first = { 0 };
  Key last = { 0 };

  if (start == FROM_KEY && !key_at (self, page * PAGE_SIZE, &first))
    return items; /* the database changed under us; a refresh is queued */
  stmt = mr_store_prepare (self->store, sql, NULL);
  if (stmt == NULL)
    return items;
  bind_params (self, stmt, start == FROM_KEY ? &first : prev, 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MrPackage *pkg = mr_package_new_from_stmt (stmt);

      last.received_at = mr_package_get_received_at (pkg);
      last.rowid = sqlite3_column_int64 (stmt, MR_PACKAGE_COLUMN_ROWID);
      g_strlcpy (last.id, mr_package_get_id (pkg), sizeof last.id);
      g_ptr_array_add (items, pkg);
    }
  sqlite3_reset (stmt);
  if (items->len > 0)
    g_hash_table_insert (self->page_last, GUINT_TO_POINTER (page), g_memdup2 (&last, sizeof last));
  return items;
}

static GType
mr_package_list_get_item_type (GListModel *model)
{
  return MR_TYPE_PACKAGE;
}

static guint
mr_package_list_get_n_items (GListModel *model)
{
  return MR_PACKAGE_LIST (model)->n_items;
}

static gpointer
mr_package_list_get_item (GListModel *model, guint position)
{
  MrPackageList *self = MR_PACKAGE_LIST (model);
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
mr_package_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mr_package_list_get_item_type;
  iface->get_n_items = mr_package_list_get_n_items;
  iface->get_item = mr_package_list_get_item;
}

static void
drop_cache (MrPackageList *self)
{
  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->page_last);
  g_queue_clear (&self->page_lru);
}

void
mr_package_list_refresh (MrPackageList *self)
{
  guint old;

  g_return_if_fail (MR_IS_PACKAGE_LIST (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  old = self->n_items;
  drop_cache (self);
  self->n_items = count_items (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  if (old != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  MrPackageList *self = data;

  self->refresh_id = 0;
  mr_package_list_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (MrPackageList *self, const char *entity, const char *id)
{
  static const char *const watched[] = { "package", "bag",    "contact", "department",
                                         "place",   "locker", NULL };

  if (entity == NULL || !g_strv_contains (watched, entity))
    return;
  /* Coalesce: a batch changes many packages, we re-read once. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

static void
mr_package_list_dispose (GObject *object)
{
  MrPackageList *self = (MrPackageList *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  G_OBJECT_CLASS (mr_package_list_parent_class)->dispose (object);
}

static void
mr_package_list_finalize (GObject *object)
{
  MrPackageList *self = (MrPackageList *) object;

  drop_cache (self);
  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->page_last);
  g_clear_object (&self->store);
  for (guint i = 0; i < N_FILTERS; i++)
    g_free (self->filter[i]);
  G_OBJECT_CLASS (mr_package_list_parent_class)->finalize (object);
}

static void
mr_package_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrPackageList *self = MR_PACKAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_VIEW:
      g_value_set_int (value, self->view);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_package_list_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  MrPackageList *self = MR_PACKAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      break;
    case PROP_VIEW:
      self->view = (MrPackageView) g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_package_list_constructed (GObject *object)
{
  MrPackageList *self = (MrPackageList *) object;

  G_OBJECT_CLASS (mr_package_list_parent_class)->constructed (object);
  self->n_items = count_items (self);
}

static void
mr_package_list_class_init (MrPackageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mr_package_list_dispose;
  object_class->finalize = mr_package_list_finalize;
  object_class->get_property = mr_package_list_get_property;
  object_class->set_property = mr_package_list_set_property;
  object_class->constructed = mr_package_list_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] = g_param_spec_int (
    "view", NULL, NULL, MR_PACKAGE_VIEW_TODAY, MR_PACKAGE_VIEW_HISTORY, MR_PACKAGE_VIEW_TODAY,
    G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mr_package_list_init (MrPackageList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->page_last = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_queue_init (&self->page_lru);
}

MrPackageList *
mr_package_list_new (MrStore *store, MrPackageView view)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_PACKAGE_LIST, "store", store, "view", (int) view, NULL);
}

MrStore *
mr_package_list_get_store (MrPackageList *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_LIST (self), NULL);
  return self->store;
}

MrPackageView
mr_package_list_get_view (MrPackageList *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE_LIST (self), MR_PACKAGE_VIEW_TODAY);
  return self->view;
}

void
mr_package_list_set_view (MrPackageList *self, MrPackageView view)
{
  g_return_if_fail (MR_IS_PACKAGE_LIST (self));
  g_return_if_fail (view <= MR_PACKAGE_VIEW_HISTORY);
  if (self->view == view)
    return;
  self->view = view;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  mr_package_list_refresh (self);
}

static void
set_text (char **field, const char *value)
{
  g_free (*field);
  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

void
mr_package_list_set_filter (MrPackageList *self, const MrPackageFilter *filter)
{
  MrPackageFilter none = { 0 };

  g_return_if_fail (MR_IS_PACKAGE_LIST (self));
  if (filter == NULL)
    filter = &none;
  set_text (&self->filter[F_STATUS], filter->status);
  set_text (&self->filter[F_PLACE], filter->place_id);
  set_text (&self->filter[F_CARRIER], filter->carrier);
  set_text (&self->filter[F_RECIPIENT], filter->recipient_id);
  set_text (&self->filter[F_DEPARTMENT], filter->department_id);
  set_text (&self->filter[F_BAG], filter->bag_id);
  self->filter_from = MAX (filter->from_ms, 0);
  self->filter_to = MAX (filter->to_ms, 0);
  mr_package_list_refresh (self);
}

/* Where a package sits: whether it passes the filters, then how many
 * come before it in the list's order. */
gboolean
mr_package_list_find (MrPackageList *self, const char *package_id, guint *position)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  Key key;
  gboolean found;

  g_return_val_if_fail (MR_IS_PACKAGE_LIST (self), FALSE);
  if (package_id == NULL)
    return FALSE;

  /* By its primary key, whatever the view's index. */
  g_string_append (sql, "SELECT p.received_at, p.rowid, p.id FROM package p");
  append_where (self, sql, KEEP_BOTH);
  g_string_append (sql, " AND p.id = ?12");
  stmt = mr_store_prepare (self->store, sql->str, NULL);
  if (stmt == NULL)
    return FALSE;
  bind_params (self, stmt, NULL, 0);
  sqlite3_bind_text (stmt, 12, package_id, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      key.received_at = sqlite3_column_int64 (stmt, 0);
      key.rowid = sqlite3_column_int64 (stmt, 1);
      g_strlcpy (key.id, (const char *) sqlite3_column_text (stmt, 2), sizeof key.id);
    }
  sqlite3_reset (stmt);
  if (!found)
    return FALSE;

  g_string_truncate (sql, 0);
  g_string_append_printf (sql, "SELECT count(*) FROM %s", table_sql (self));
  append_where (self, sql, KEEP_BOTH);
  g_string_append_printf (sql, " AND (p.received_at, %s) %s (?9, ?10)", tie_column (self),
                          ascending (self) ? "<" : ">");
  stmt = mr_store_prepare (self->store, sql->str, NULL);
  if (stmt == NULL)
    return FALSE;
  bind_params (self, stmt, &key, 0);
  if (sqlite3_step (stmt) == SQLITE_ROW && position != NULL)
    *position = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static void
append_plan (MrPackageList *self, GString *out, const char *title, const char *sql)
{
  g_autofree char *explain = g_strdup_printf ("EXPLAIN QUERY PLAN %s", sql);
  sqlite3_stmt *stmt = NULL;
  Key key = { 0 };

  g_string_append_printf (out, "%s:\n", title);
  if (sqlite3_prepare_v2 (mr_store_get_db (self->store), explain, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_string_append_printf (out, "  (%s)\n", sqlite3_errmsg (mr_store_get_db (self->store)));
      return;
    }
  bind_params (self, stmt, &key, 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "  %s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
}

char *
mr_package_list_explain (MrPackageList *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *count = NULL;
  g_autofree char *first = NULL;
  g_autofree char *next = NULL;

  g_return_val_if_fail (MR_IS_PACKAGE_LIST (self), NULL);
  update_range (self);
  count = count_sql (self);
  first = page_sql (self, FROM_START);
  next = page_sql (self, AFTER_KEY);
  append_plan (self, out, "count", count);
  append_plan (self, out, "page", first);
  append_plan (self, out, "next page", next);
  {
    g_autoptr (GString) key = g_string_new (NULL);

    g_string_append_printf (key, "SELECT p.received_at, %s FROM %s", tie_column (self),
                            table_sql (self));
    append_where (self, key, KEEP_BOTH);
    append_order (self, key, ascending (self));
    g_string_append (key, " LIMIT 1 OFFSET ?11");
    append_plan (self, out, "jump", key->str);
  }
  return g_string_free (out, FALSE);
}
