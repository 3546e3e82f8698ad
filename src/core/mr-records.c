/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-records"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-records.h"
#include "mr-records-private.h"
#include "mr-store-private.h"
#include "mr-text.h"

/* MrContact: strings are kept in one array indexed like its properties, so
 * the SQL column order, the property list and the getters stay in step. */

struct _MrContact
{
  GObject parent_instance;
  char *str[CONTACT_N_STR];
  gboolean needs_accessibility;
  gboolean is_private;
  gint64 created_at;
};

G_DEFINE_FINAL_TYPE (MrContact, mr_contact, G_TYPE_OBJECT)

enum
{
  CONTACT_PROP_0,
  /* 1 .. CONTACT_N_STR are the strings */
  CONTACT_PROP_NEEDS_ACCESSIBILITY = CONTACT_N_STR + 1,
  CONTACT_PROP_IS_PRIVATE,
  CONTACT_N_PROPS
};

static GParamSpec *contact_props[CONTACT_N_PROPS];

static const char *contact_str_names[CONTACT_N_STR] = {
  "id",         "first-name",   "last-name",     "display-name",    "initials",
  "email",      "phone",        "department-id", "department-name", "place-id",
  "place-name", "personnel-id", "employee-id",   "notes",
};

static void
mr_contact_finalize (GObject *object)
{
  MrContact *self = (MrContact *) object;

  for (guint i = 0; i < CONTACT_N_STR; i++)
    g_free (self->str[i]);
  G_OBJECT_CLASS (mr_contact_parent_class)->finalize (object);
}

static void
mr_contact_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrContact *self = MR_CONTACT (object);

  if (prop_id >= 1 && prop_id <= CONTACT_N_STR)
    g_value_set_string (value, self->str[prop_id - 1] ? self->str[prop_id - 1] : "");
  else if (prop_id == CONTACT_PROP_NEEDS_ACCESSIBILITY)
    g_value_set_boolean (value, self->needs_accessibility);
  else if (prop_id == CONTACT_PROP_IS_PRIVATE)
    g_value_set_boolean (value, self->is_private);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mr_contact_class_init (MrContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mr_contact_finalize;
  object_class->get_property = mr_contact_get_property;

  for (guint i = 0; i < CONTACT_N_STR; i++)
    contact_props[i + 1] = g_param_spec_string (contact_str_names[i], NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  contact_props[CONTACT_PROP_NEEDS_ACCESSIBILITY] = g_param_spec_boolean (
    "needs-accessibility", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  contact_props[CONTACT_PROP_IS_PRIVATE] = g_param_spec_boolean (
    "is-private", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, CONTACT_N_PROPS, contact_props);
}

static void
mr_contact_init (MrContact *self)
{
}

static char *
col_or_null (sqlite3_stmt *stmt, int i)
{
  const char *s = (const char *) sqlite3_column_text (stmt, i);

  return (s && *s) ? g_strdup (s) : NULL;
}

MrContact *
mr_contact_new_from_stmt (sqlite3_stmt *stmt)
{
  MrContact *self = g_object_new (MR_TYPE_CONTACT, NULL);
  const char *first, *last;

  self->str[CONTACT_ID] = col_or_null (stmt, 0);
  self->str[CONTACT_FIRST_NAME] = col_or_null (stmt, 1);
  self->str[CONTACT_LAST_NAME] = col_or_null (stmt, 2);
  self->str[CONTACT_EMAIL] = col_or_null (stmt, 3);
  self->str[CONTACT_PHONE] = col_or_null (stmt, 4);
  self->str[CONTACT_DEPARTMENT_ID] = col_or_null (stmt, 5);
  self->str[CONTACT_DEPARTMENT_NAME] = col_or_null (stmt, 6);
  self->str[CONTACT_PLACE_ID] = col_or_null (stmt, 7);
  self->str[CONTACT_PLACE_NAME] = col_or_null (stmt, 8);
  self->str[CONTACT_PERSONNEL_ID] = col_or_null (stmt, 9);
  self->str[CONTACT_EMPLOYEE_ID] = col_or_null (stmt, 10);
  self->str[CONTACT_NOTES] = col_or_null (stmt, 11);
  self->needs_accessibility = sqlite3_column_int (stmt, 12);
  self->is_private = sqlite3_column_int (stmt, 13);
  self->created_at = sqlite3_column_int64 (stmt, 14);

  first = self->str[CONTACT_FIRST_NAME] ? self->str[CONTACT_FIRST_NAME] : "";
  last = self->str[CONTACT_LAST_NAME] ? self->str[CONTACT_LAST_NAME] : "";
  if (*first && *last)
    self->str[CONTACT_DISPLAY_NAME] = g_strdup_printf ("%s %s", first, last);
  else
    self->str[CONTACT_DISPLAY_NAME] = g_strdup (*first ? first : last);
  self->str[CONTACT_INITIALS] = mr_text_initials (first, last);
  return self;
}

#define CONTACT_GETTER(name, idx)                      \
  const char *mr_contact_get_##name (MrContact *self)  \
  {                                                    \
    g_return_val_if_fail (MR_IS_CONTACT (self), NULL); \
    return self->str[idx];                             \
  }

CONTACT_GETTER (id, CONTACT_ID)
CONTACT_GETTER (first_name, CONTACT_FIRST_NAME)
CONTACT_GETTER (last_name, CONTACT_LAST_NAME)
CONTACT_GETTER (display_name, CONTACT_DISPLAY_NAME)
CONTACT_GETTER (initials, CONTACT_INITIALS)
CONTACT_GETTER (email, CONTACT_EMAIL)
CONTACT_GETTER (phone, CONTACT_PHONE)
CONTACT_GETTER (department_id, CONTACT_DEPARTMENT_ID)
CONTACT_GETTER (department_name, CONTACT_DEPARTMENT_NAME)
CONTACT_GETTER (place_id, CONTACT_PLACE_ID)
CONTACT_GETTER (place_name, CONTACT_PLACE_NAME)
CONTACT_GETTER (personnel_id, CONTACT_PERSONNEL_ID)
CONTACT_GETTER (employee_id, CONTACT_EMPLOYEE_ID)
CONTACT_GETTER (notes, CONTACT_NOTES)

gboolean
mr_contact_get_needs_accessibility (MrContact *self)
{
  g_return_val_if_fail (MR_IS_CONTACT (self), FALSE);
  return self->needs_accessibility;
}

gboolean
mr_contact_get_is_private (MrContact *self)
{
  g_return_val_if_fail (MR_IS_CONTACT (self), FALSE);
  return self->is_private;
}

gint64
mr_contact_get_created_at (MrContact *self)
{
  g_return_val_if_fail (MR_IS_CONTACT (self), 0);
  return self->created_at;
}

/* The contact's fields as mutation arguments: what contact.set needs to
 * put this snapshot back (Undo of an edit). */
GVariant *
mr_contact_to_variant (MrContact *self)
{
  GVariantDict d;
  static const struct
  {
    guint idx;
    const char *key;
  } fields[] = {
    { CONTACT_ID, "id" },
    { CONTACT_FIRST_NAME, "first_name" },
    { CONTACT_LAST_NAME, "last_name" },
    { CONTACT_EMAIL, "email" },
    { CONTACT_PHONE, "phone" },
    { CONTACT_DEPARTMENT_ID, "department_id" },
    { CONTACT_PLACE_ID, "place_id" },
    { CONTACT_PERSONNEL_ID, "personnel_id" },
    { CONTACT_EMPLOYEE_ID, "employee_id" },
    { CONTACT_NOTES, "notes" },
  };

  g_return_val_if_fail (MR_IS_CONTACT (self), NULL);

  g_variant_dict_init (&d, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_variant_dict_insert (&d, fields[i].key, "s",
                           self->str[fields[i].idx] ? self->str[fields[i].idx] : "");
  g_variant_dict_insert (&d, "needs_accessibility", "b", self->needs_accessibility);
  g_variant_dict_insert (&d, "is_private", "b", self->is_private);
  return g_variant_dict_end (&d);
}

static MrContact *
contact_query_one (MrStore *store, const char *sql, const char *arg)
{
  sqlite3_stmt *stmt = mr_store_prepare (store, sql, NULL);
  MrContact *c = NULL;

  if (stmt == NULL || arg == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    c = mr_contact_new_from_stmt (stmt);
  sqlite3_reset (stmt);
  return c;
}

/**
 * mr_store_get_contact:
 *
 * Returns: (transfer full) (nullable): the live contact with this id
 */
MrContact *
mr_store_get_contact (MrStore *store, const char *id)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return contact_query_one (store, MR_CONTACT_SELECT "WHERE c.id = ? AND c.deleted = 0", id);
}

GPtrArray *
mr_store_list_contact_keys (MrStore *store)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  /* Other users' private contacts are not theirs to match or replace. */
  sqlite3_stmt *stmt = mr_store_prepare (store,
                                         "SELECT id, personnel_id, email FROM contact WHERE "
                                         "deleted = 0 AND (is_private = 0 OR owner_user_id IS ?)",
                                         NULL);

  if (stmt == NULL)
    return rows;
  mr_store_bind_text_or_null (stmt, 1, mr_store_get_user_id (store));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < 3; i++)
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, i)));
  sqlite3_reset (stmt);
  return rows;
}

/* Looks a contact up the way people name them at the counter: a scanned
 * badge (Personnel ID), an email, an employee ID or an id. */
MrContact *
mr_store_find_contact (MrStore *store, const char *key)
{
  MrContact *c;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (key == NULL || *key == '\0')
    return NULL;
  if ((c = contact_query_one (store, MR_CONTACT_SELECT "WHERE c.id = ? AND c.deleted = 0", key)))
    return c;
  if ((c = contact_query_one (store, MR_CONTACT_SELECT "WHERE c.personnel_id = ? AND c.deleted = 0",
                              key)))
    return c;
  if ((c = contact_query_one (
         store, MR_CONTACT_SELECT "WHERE c.email = ? COLLATE NOCASE AND c.deleted = 0", key)))
    return c;
  return contact_query_one (store, MR_CONTACT_SELECT "WHERE c.employee_id = ? AND c.deleted = 0",
                            key);
}

/* MrDepartment */

struct _MrDepartment
{
  GObject parent_instance;
  char *id;
  char *name;
  char *key_contact_id;
  char *key_contact_name;
  char *place_id;
  guint member_count;
};

G_DEFINE_FINAL_TYPE (MrDepartment, mr_department, G_TYPE_OBJECT)

enum
{
  DEPT_PROP_0,
  DEPT_PROP_ID,
  DEPT_PROP_NAME,
  DEPT_PROP_KEY_CONTACT_NAME,
  DEPT_PROP_MEMBER_COUNT,
  DEPT_N_PROPS
};

static GParamSpec *dept_props[DEPT_N_PROPS];

static void
mr_department_finalize (GObject *object)
{
  MrDepartment *self = (MrDepartment *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->key_contact_id);
  g_free (self->key_contact_name);
  g_free (self->place_id);
  G_OBJECT_CLASS (mr_department_parent_class)->finalize (object);
}

static void
mr_department_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrDepartment *self = MR_DEPARTMENT (object);

  switch (prop_id)
    {
    case DEPT_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case DEPT_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case DEPT_PROP_KEY_CONTACT_NAME:
      g_value_set_string (value, self->key_contact_name ? self->key_contact_name : "");
      break;
    case DEPT_PROP_MEMBER_COUNT:
      g_value_set_uint (value, self->member_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_department_class_init (MrDepartmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mr_department_finalize;
  object_class->get_property = mr_department_get_property;
  dept_props[DEPT_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  dept_props[DEPT_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  dept_props[DEPT_PROP_KEY_CONTACT_NAME] = g_param_spec_string (
    "key-contact-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  dept_props[DEPT_PROP_MEMBER_COUNT] = g_param_spec_uint (
    "member-count", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, DEPT_N_PROPS, dept_props);
}

static void
mr_department_init (MrDepartment *self)
{
}

#define DEPT_SELECT                                                                  \
  "SELECT d.id, d.name, d.key_contact_id, "                                          \
  "(SELECT trim (k.first_name || ' ' || k.last_name) FROM contact k "                \
  "  WHERE k.id = d.key_contact_id AND k.deleted = 0), d.place_id, "                 \
  "(SELECT count(*) FROM contact m WHERE m.department_id = d.id AND m.deleted = 0) " \
  "FROM department d "

static MrDepartment *
department_from_stmt (sqlite3_stmt *stmt)
{
  MrDepartment *self = g_object_new (MR_TYPE_DEPARTMENT, NULL);

  self->id = col_or_null (stmt, 0);
  self->name = col_or_null (stmt, 1);
  self->key_contact_name = col_or_null (stmt, 3);
  /* A deleted key contact is no key contact. */
  self->key_contact_id = self->key_contact_name ? col_or_null (stmt, 2) : NULL;
  self->place_id = col_or_null (stmt, 4);
  self->member_count = (guint) sqlite3_column_int (stmt, 5);
  return self;
}

const char *
mr_department_get_id (MrDepartment *self)
{
  return self->id;
}

const char *
mr_department_get_name (MrDepartment *self)
{
  return self->name;
}

const char *
mr_department_get_key_contact_id (MrDepartment *self)
{
  return self->key_contact_id;
}

const char *
mr_department_get_key_contact_name (MrDepartment *self)
{
  return self->key_contact_name;
}

const char *
mr_department_get_place_id (MrDepartment *self)
{
  return self->place_id;
}

guint
mr_department_get_member_count (MrDepartment *self)
{
  return self->member_count;
}

/**
 * mr_store_list_departments:
 *
 * Returns: (transfer full): a #GListModel of #MrDepartment, by name. A
 * mailroom has tens to hundreds of departments, so this one is read whole.
 */
GListModel *
mr_store_list_departments (MrStore *store)
{
  GListStore *list = g_list_store_new (MR_TYPE_DEPARTMENT);
  sqlite3_stmt *stmt =
    mr_store_prepare (store, DEPT_SELECT "WHERE d.deleted = 0 ORDER BY d.name_key", NULL);

  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (MrDepartment) d = department_from_stmt (stmt);

      g_list_store_append (list, d);
    }
  if (stmt)
    sqlite3_reset (stmt);
  return G_LIST_MODEL (list);
}

static MrDepartment *
department_query_one (MrStore *store, const char *sql, const char *arg)
{
  sqlite3_stmt *stmt = mr_store_prepare (store, sql, NULL);
  MrDepartment *d = NULL;

  if (stmt == NULL || arg == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    d = department_from_stmt (stmt);
  sqlite3_reset (stmt);
  return d;
}

MrDepartment *
mr_store_get_department (MrStore *store, const char *id)
{
  return department_query_one (store, DEPT_SELECT "WHERE d.id = ? AND d.deleted = 0", id);
}

MrDepartment *
mr_store_find_department (MrStore *store, const char *name_or_id)
{
  g_autofree char *key = NULL;
  MrDepartment *d = mr_store_get_department (store, name_or_id);

  if (d != NULL || name_or_id == NULL)
    return d;
  key = mr_text_fold (name_or_id);
  return department_query_one (store, DEPT_SELECT "WHERE d.name_key = ? AND d.deleted = 0", key);
}

/* MrNode */

struct _MrNode
{
  GObject parent_instance;
  char *id;
  char *kind;
  char *parent_id;
  char *name;
  char *code;
  char *path;
  guint depth;
};

G_DEFINE_FINAL_TYPE (MrNode, mr_node, G_TYPE_OBJECT)

enum
{
  NODE_PROP_0,
  NODE_PROP_ID,
  NODE_PROP_KIND,
  NODE_PROP_KIND_LABEL,
  NODE_PROP_NAME,
  NODE_PROP_PATH,
  NODE_PROP_DEPTH,
  NODE_N_PROPS
};

static GParamSpec *node_props[NODE_N_PROPS];

static void
mr_node_finalize (GObject *object)
{
  MrNode *self = (MrNode *) object;

  g_free (self->id);
  g_free (self->kind);
  g_free (self->parent_id);
  g_free (self->name);
  g_free (self->code);
  g_free (self->path);
  G_OBJECT_CLASS (mr_node_parent_class)->finalize (object);
}

static void
mr_node_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrNode *self = MR_NODE (object);

  switch (prop_id)
    {
    case NODE_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case NODE_PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case NODE_PROP_KIND_LABEL:
      g_value_set_string (value, mr_tree_kind_label (self->kind));
      break;
    case NODE_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case NODE_PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case NODE_PROP_DEPTH:
      g_value_set_uint (value, self->depth);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_node_class_init (MrNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mr_node_finalize;
  object_class->get_property = mr_node_get_property;
  node_props[NODE_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_props[NODE_PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_props[NODE_PROP_KIND_LABEL] =
    g_param_spec_string ("kind-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_props[NODE_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_props[NODE_PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_props[NODE_PROP_DEPTH] =
    g_param_spec_uint ("depth", NULL, NULL, 0, 16, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, NODE_N_PROPS, node_props);
}

static void
mr_node_init (MrNode *self)
{
}

const char *
mr_node_get_id (MrNode *self)
{
  return self->id;
}

const char *
mr_node_get_kind (MrNode *self)
{
  return self->kind;
}

const char *
mr_node_get_kind_label (MrNode *self)
{
  return mr_tree_kind_label (self->kind);
}

const char *
mr_node_get_parent_id (MrNode *self)
{
  return self->parent_id;
}

const char *
mr_node_get_name (MrNode *self)
{
  return self->name;
}

const char *
mr_node_get_code (MrNode *self)
{
  return self->code;
}

const char *
mr_node_get_path (MrNode *self)
{
  return self->path;
}

guint
mr_node_get_depth (MrNode *self)
{
  return self->depth;
}

/* The tree in depth-first order, siblings by name, each node knowing its
 * depth and its full path ("HQ › Building A › Floor 2"). */
static GListModel *
list_tree (MrStore *store, const char *table)
{
  g_autofree char *sql = g_strdup_printf (
    "WITH RECURSIVE t (id, kind, parent_id, name, code, depth, path, ord) AS ("
    " SELECT id, kind, parent_id, name, code, 0, name, name || char (1) FROM %s"
    "  WHERE parent_id IS NULL AND deleted = 0"
    " UNION ALL"
    " SELECT c.id, c.kind, c.parent_id, c.name, c.code, t.depth + 1,"
    "  t.path || ' › ' || c.name, t.ord || c.name || char (1)"
    "  FROM %s c JOIN t ON c.parent_id = t.id WHERE c.deleted = 0)"
    " SELECT id, kind, parent_id, name, code, depth, path FROM t ORDER BY ord COLLATE NOCASE",
    table, table);
  GListStore *list = g_list_store_new (MR_TYPE_NODE);
  sqlite3_stmt *stmt = mr_store_prepare (store, sql, NULL);

  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (MrNode) n = g_object_new (MR_TYPE_NODE, NULL);

      n->id = col_or_null (stmt, 0);
      n->kind = col_or_null (stmt, 1);
      n->parent_id = col_or_null (stmt, 2);
      n->name = col_or_null (stmt, 3);
      n->code = col_or_null (stmt, 4);
      n->depth = (guint) sqlite3_column_int (stmt, 5);
      n->path = col_or_null (stmt, 6);
      g_list_store_append (list, n);
    }
  if (stmt)
    sqlite3_reset (stmt);
  return G_LIST_MODEL (list);
}

GListModel *
mr_store_list_places (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return list_tree (store, "place");
}

GListModel *
mr_store_list_org_units (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return list_tree (store, "org_unit");
}

/* Finds a node by id, by full path, by code or by name (the first one in
 * tree order when a name is used twice). Case- and accent-insensitive. */
static MrNode *
find_node (GListModel *model, const char *key)
{
  g_autofree char *folded = mr_text_fold (key);
  guint n = g_list_model_get_n_items (model);
  MrNode *by_name = NULL;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr (MrNode) node = g_list_model_get_item (model, i);
        g_autofree char *path = mr_text_fold (node->path);
        g_autofree char *name = mr_text_fold (node->name);
        g_autofree char *code = mr_text_fold (node->code);

        if (pass == 0 && (g_strcmp0 (node->id, key) == 0 || strcmp (path, folded) == 0 ||
                          (node->code && strcmp (code, folded) == 0)))
          {
            g_clear_object (&by_name);
            return g_steal_pointer (&node);
          }
        if (pass == 1 && by_name == NULL && strcmp (name, folded) == 0)
          by_name = g_steal_pointer (&node);
      }
  return by_name;
}

MrNode *
mr_store_find_place (MrStore *store, const char *key)
{
  g_autoptr (GListModel) all = mr_store_list_places (store);

  return key ? find_node (all, key) : NULL;
}

MrNode *
mr_store_find_org_unit (MrStore *store, const char *key)
{
  g_autoptr (GListModel) all = mr_store_list_org_units (store);

  return key ? find_node (all, key) : NULL;
}
