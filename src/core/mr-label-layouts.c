/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-label-layouts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "mr-label-layouts.h"
#include "mr-store-private.h"

/* The kinds of label, their fields and built-in layouts, the saved
 * layouts (table label_layout) and their mutations. A layout is data
 * shared by every workstation through sync, so it is validated here, in
 * core, like any other record; src/labels only draws it. */

#define MAX_ELEMENTS 24
#define MAX_NAME 120

typedef struct
{
  const char *kind;
  const char *label; /* N_() */
  const MrLabelField *fields;
  const char *template_id;
  const char *definition;
} KindDef;

static const MrLabelField package_fields[] = {
  { "recipient", N_ ("Recipient") },
  { "department", N_ ("Department") },
  { "place", N_ ("Place / mail stop") },
  { "carrier", N_ ("Carrier") },
  { "tracking_number", N_ ("Tracking number") },
  { "date", N_ ("Date received") },
  { "internal_id", N_ ("Internal ID") },
  { "pieces", N_ ("Pieces") },
  { "locker", N_ ("Locker") },
  { NULL, NULL },
};

static const MrLabelField asset_fields[] = {
  { "tag", N_ ("Asset tag") },        { "name", N_ ("Name") },   { "owner", N_ ("Owner") },
  { "serial", N_ ("Serial number") }, { "place", N_ ("Place") }, { NULL, NULL },
};

static const MrLabelField locker_fields[] = {
  { "bank", N_ ("Locker bank") }, { "number", N_ ("Locker number") }, { "size", N_ ("Size") },
  { "place", N_ ("Place") },      { "code", N_ ("Locker code") },     { NULL, NULL },
};

static const MrLabelField carrier_qr_fields[] = {
  { "carrier", N_ ("Carrier") },  { "bank", N_ ("Locker bank") },
  { "code", N_ ("Access code") }, { "valid_until", N_ ("Valid until") },
  { "place", N_ ("Place") },      { NULL, NULL },
};

static const MrLabelField pickup_slip_fields[] = {
  { "notice", N_ ("Notice") },
  { "recipient", N_ ("Recipient") },
  { "department", N_ ("Department") },
  { "place", N_ ("Place / mail stop") },
  { "carrier", N_ ("Carrier") },
  { "tracking_number", N_ ("Tracking number") },
  { "internal_id", N_ ("Internal ID") },
  { "date", N_ ("Date received") },
  { "locker", N_ ("Locker") },
  { "pickup_code", N_ ("Pickup code") },
  { NULL, NULL },
};

/* The built-in layouts: what prints before anyone designs one. Sizes suit
 * the built-in stock named next to each. */
static const KindDef kinds[] = {
  { "package", N_ ("Package"), package_fields, "Thermal 4x6in",
    "{\"elements\":["
    "{\"type\":\"text\",\"field\":\"recipient\",\"size\":22,\"bold\":true},"
    "{\"type\":\"text\",\"field\":\"department\",\"size\":14},"
    "{\"type\":\"text\",\"field\":\"place\",\"size\":14},"
    "{\"type\":\"barcode\",\"field\":\"tracking_number\",\"symbology\":\"code128\","
    "\"module\":0.33,\"height\":22,\"size\":10},"
    "{\"type\":\"text\",\"field\":\"carrier\",\"size\":12,\"caption\":true},"
    "{\"type\":\"text\",\"field\":\"date\",\"size\":12,\"caption\":true},"
    "{\"type\":\"text\",\"field\":\"pieces\",\"size\":12,\"caption\":true},"
    "{\"type\":\"text\",\"field\":\"internal_id\",\"size\":16,\"bold\":true},"
    "{\"type\":\"barcode\",\"field\":\"internal_id\",\"symbology\":\"qr\",\"module\":0.75,"
    "\"size\":8,\"beside\":true}"
    "]}" },
  { "asset", N_ ("Asset"), asset_fields, "Thermal 2.25x1.25in",
    "{\"elements\":["
    "{\"type\":\"text\",\"field\":\"name\",\"size\":9,\"bold\":true},"
    "{\"type\":\"barcode\",\"field\":\"tag\",\"symbology\":\"code128\",\"module\":0.25,"
    "\"height\":9,\"size\":7},"
    "{\"type\":\"text\",\"field\":\"owner\",\"size\":7}"
    "]}" },
  { "locker_door", N_ ("Locker door"), locker_fields, "Thermal 4x3in",
    "{\"elements\":["
    "{\"type\":\"text\",\"field\":\"number\",\"size\":60,\"bold\":true},"
    "{\"type\":\"barcode\",\"field\":\"code\",\"symbology\":\"datamatrix\",\"module\":0.6,"
    "\"size\":6,\"beside\":true},"
    "{\"type\":\"text\",\"field\":\"bank\",\"size\":16},"
    "{\"type\":\"text\",\"field\":\"size\",\"size\":12,\"caption\":true}"
    "]}" },
  { "shelf", N_ ("Rear-loading shelf"), locker_fields, "Thermal 62x29mm",
    "{\"elements\":["
    "{\"type\":\"text\",\"field\":\"number\",\"size\":20,\"bold\":true},"
    "{\"type\":\"barcode\",\"field\":\"code\",\"symbology\":\"datamatrix\",\"module\":0.4,"
    "\"size\":5,\"beside\":true},"
    "{\"type\":\"text\",\"field\":\"bank\",\"size\":8}"
    "]}" },
  { "carrier_qr", N_ ("Carrier access QR code"), carrier_qr_fields, "Thermal 4x3in",
    "{\"elements\":["
    "{\"type\":\"text\",\"field\":\"carrier\",\"size\":18,\"bold\":true},"
    "{\"type\":\"barcode\",\"field\":\"code\",\"symbology\":\"qr\",\"module\":0.8,\"size\":9,"
    "\"beside\":true},"
    "{\"type\":\"text\",\"field\":\"bank\",\"size\":12},"
    "{\"type\":\"text\",\"field\":\"valid_until\",\"size\":10,\"caption\":true}"
    "]}" },
  { "pickup_slip", N_ ("Pickup notice slip"), pickup_slip_fields, "Thermal 4x6in",
    "{\"elements\":["
    "{\"type\":\"text\",\"field\":\"notice\",\"size\":12},"
    "{\"type\":\"text\",\"field\":\"recipient\",\"size\":20,\"bold\":true},"
    "{\"type\":\"text\",\"field\":\"department\",\"size\":12},"
    "{\"type\":\"text\",\"field\":\"place\",\"size\":12},"
    "{\"type\":\"text\",\"field\":\"date\",\"size\":11,\"caption\":true},"
    "{\"type\":\"text\",\"field\":\"carrier\",\"size\":11,\"caption\":true},"
    "{\"type\":\"text\",\"field\":\"locker\",\"size\":11,\"caption\":true},"
    "{\"type\":\"text\",\"field\":\"internal_id\",\"size\":16,\"bold\":true},"
    "{\"type\":\"barcode\",\"field\":\"internal_id\",\"symbology\":\"qr\",\"module\":0.75,"
    "\"size\":8,\"beside\":true}"
    "]}" },
};

static const char *const kind_names[] = { "package",    "asset",       "locker_door", "shelf",
                                          "carrier_qr", "pickup_slip", NULL };

static const char *const symbologies[] = { "code128", "gs1-128", "qr", "datamatrix", NULL };

static const KindDef *
find_kind (const char *kind)
{
  for (guint i = 0; kind && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].kind, kind) == 0)
      return &kinds[i];
  return NULL;
}

const char *const *
mr_label_kinds (void)
{
  return kind_names;
}

const char *const *
mr_label_symbologies (void)
{
  return symbologies;
}

gboolean
mr_label_kind_is_valid (const char *kind)
{
  return find_kind (kind) != NULL;
}

const char *
mr_label_kind_get_label (const char *kind)
{
  const KindDef *k = find_kind (kind);

  return k ? _ (k->label) : NULL;
}

const MrLabelField *
mr_label_kind_get_fields (const char *kind)
{
  const KindDef *k = find_kind (kind);

  return k ? k->fields : NULL;
}

const char *
mr_label_field_get_label (const char *kind, const char *field)
{
  const MrLabelField *f = mr_label_kind_get_fields (kind);

  for (; f && field && f->name; f++)
    if (strcmp (f->name, field) == 0)
      return _ (f->label);
  return NULL;
}

const char *
mr_label_kind_get_default_definition (const char *kind)
{
  const KindDef *k = find_kind (kind);

  return k ? k->definition : NULL;
}

const char *
mr_label_kind_get_default_template (const char *kind)
{
  const KindDef *k = find_kind (kind);

  return k ? k->template_id : NULL;
}

/* Definitions */

static gboolean G_GNUC_PRINTF (2, 3) definition_fail (GError **error, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  return mr_store_fail (error, MR_STORE_ERROR_INVALID, "definition", "%s", msg);
}

/* A number member within [lo, hi], when present. */
static gboolean
check_number (JsonObject *o, const char *member, double lo, double hi, guint n, GError **error)
{
  JsonNode *node = json_object_get_member (o, member);
  double v;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
                                        json_node_get_value_type (node) != G_TYPE_INT64))
    return definition_fail (error, _ ("Element %u: “%s” must be a number."), n, member);
  v = json_node_get_double (node);
  if (!isfinite (v) || v < lo || v > hi)
    return definition_fail (error, _ ("Element %u: “%s” must be between %g and %g."), n, member, lo,
                            hi);
  return TRUE;
}

static gboolean
check_bool (JsonObject *o, const char *member, guint n, GError **error)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL ||
      (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN))
    return TRUE;
  return definition_fail (error, _ ("Element %u: “%s” must be true or false."), n, member);
}

static const char *
get_string (JsonObject *o, const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
check_element (const char *kind, JsonNode *node, guint n, GError **error)
{
  JsonObject *o;
  const char *type, *field, *symbology;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return definition_fail (error, _ ("Element %u is not an object."), n);
  o = json_node_get_object (node);
  type = get_string (o, "type");
  field = get_string (o, "field");
  if (type == NULL || (strcmp (type, "text") != 0 && strcmp (type, "barcode") != 0))
    return definition_fail (error, _ ("Element %u: the type must be “text” or “barcode”."), n);
  if (field == NULL || mr_label_field_get_label (kind, field) == NULL)
    return definition_fail (error, _ ("Element %u: “%s” is not a field of a %s label."), n,
                            field ? field : "", mr_label_kind_get_label (kind));
  if (!check_number (o, "size", 4, 96, n, error) || !check_bool (o, "bold", n, error) ||
      !check_bool (o, "caption", n, error) || !check_bool (o, "beside", n, error))
    return FALSE;
  if (strcmp (type, "barcode") == 0)
    {
      symbology = get_string (o, "symbology");
      if (symbology == NULL || !g_strv_contains (symbologies, symbology))
        return definition_fail (error,
                                _ ("Element %u: the barcode type must be code128, gs1-128, qr or "
                                   "datamatrix."),
                                n);
      if (!check_number (o, "module", 0.1, 3, n, error) ||
          !check_number (o, "height", 3, 150, n, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mr_label_definition_check (const char *kind, const char *definition, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  JsonNode *root;
  JsonArray *elements;
  JsonNode *node;

  if (!mr_label_kind_is_valid (kind))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("“%s” is not a kind of label. The kinds are: package, asset, "
                             "locker_door, shelf, carrier_qr, pickup_slip."),
                          kind ? kind : "");
  if (definition == NULL || *definition == '\0')
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "definition",
                          _ ("The layout has no definition."));
  if (!json_parser_load_from_data (parser, definition, -1, &local))
    {
      /* json-glib may cut a quoted string of the input mid-character. */
      g_autofree char *why = g_utf8_make_valid (local->message, -1);

      return definition_fail (error, _ ("The layout definition is not valid JSON: %s"), why);
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return definition_fail (error, _ ("The layout definition must be a JSON object."));
  node = json_object_get_member (json_node_get_object (root), "elements");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return definition_fail (error, _ ("The layout definition needs a list of “elements”."));
  elements = json_node_get_array (node);
  if (json_array_get_length (elements) == 0)
    return definition_fail (error, _ ("The layout prints nothing: add at least one field."));
  if (json_array_get_length (elements) > MAX_ELEMENTS)
    return definition_fail (error, _ ("A layout has at most %d elements."), MAX_ELEMENTS);
  for (guint i = 0; i < json_array_get_length (elements); i++)
    if (!check_element (kind, json_array_get_element (elements, i), i + 1, error))
      return FALSE;
  if (json_object_get_boolean_member_with_default (
        json_node_get_object (json_array_get_element (elements, 0)), "beside", FALSE))
    return definition_fail (error, _ ("Element 1 cannot be beside an element before it."));
  return TRUE;
}

/* Mutations */

typedef struct
{
  char *kind;
  char *name;
  gboolean is_default;
} LayoutRow;

static void
layout_row_clear (LayoutRow *r)
{
  g_free (r->kind);
  g_free (r->name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LayoutRow, layout_row_clear)

static gboolean
layout_load (MrStore *store, const char *id, LayoutRow *r)
{
  sqlite3_stmt *stmt = mr_store_prepare (store,
                                         "SELECT kind, name, is_default FROM label_layout "
                                         "WHERE id = ? AND deleted = 0",
                                         NULL);
  gboolean found = FALSE;

  if (stmt == NULL || id == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      r->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      r->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      r->is_default = sqlite3_column_int (stmt, 2);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

static gboolean
check_name (MrMutation *m, const char *id, const char *kind, const char *name, GError **error)
{
  sqlite3_stmt *stmt;

  if (name == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "name",
                          _ ("Enter a name for the layout."));
  if (g_utf8_strlen (name, -1) > MAX_NAME)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "name",
                          _ ("The name is too long (at most %d characters)."), MAX_NAME);
  stmt = mr_store_prepare (m->store,
                           "SELECT name FROM label_layout WHERE deleted = 0 AND kind = ? "
                           "AND id <> ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  if (mr_store_name_taken (stmt, name))
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "name",
                          _ ("A %s layout named “%s” already exists."),
                          mr_label_kind_get_label (kind), name);
  return TRUE;
}

static gboolean
check_template (const char *template_id, GError **error)
{
  if (template_id == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "template_id",
                          _ ("Choose the label stock the layout prints on."));
  if (strlen (template_id) > 200)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "template_id",
                          _ ("The label stock name is too long."));
  return TRUE;
}

/* Clears the default of @kind (a kind has at most one). */
static gboolean
clear_default (MrMutation *m, const char *kind, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "UPDATE label_layout SET is_default = 0, updated_at = ?, "
                                         "workstation_id = ? WHERE kind = ? AND is_default = 1",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->hlc);
  sqlite3_bind_text (stmt, 2, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (m->store, stmt, error);
}

static gboolean
label_layout_create (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_take_or_new_id (m);
  g_autofree char *kind = mr_args_dup_string (m, "kind");
  g_autofree char *name = mr_args_dup_string (m, "name");
  g_autofree char *template_id = mr_args_dup_string (m, "template_id");
  g_autofree char *definition = mr_args_dup_string (m, "definition");
  gboolean is_default = mr_args_get_bool (m, "is_default", FALSE);
  sqlite3_stmt *stmt;

  if (!mr_store_check_new_id (m->store, "label_layout", id, error))
    return FALSE;
  if (!mr_label_kind_is_valid (kind))
    return mr_store_fail (error, kind ? MR_STORE_ERROR_INVALID : MR_STORE_ERROR_REQUIRED, "kind",
                          _ ("“%s” is not a kind of label. The kinds are: package, asset, "
                             "locker_door, shelf, carrier_qr, pickup_slip."),
                          kind ? kind : "");
  if (!check_name (m, id, kind, name, error) || !check_template (template_id, error) ||
      !mr_label_definition_check (kind, definition, error))
    return FALSE;
  if (is_default && !clear_default (m, kind, error))
    return FALSE;

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO label_layout (id, kind, name, template_id, definition, "
                           "is_default, created_at, updated_at, workstation_id) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, template_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, definition, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, is_default);
  sqlite3_bind_int64 (stmt, 7, m->now_ms);
  sqlite3_bind_int64 (stmt, 8, m->hlc);
  sqlite3_bind_text (stmt, 9, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  m->entity = "label_layout";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
label_layout_set (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_auto (LayoutRow) row = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *template_id = NULL;
  g_autofree char *definition = NULL;
  sqlite3_stmt *stmt;

  if (!layout_load (m->store, id, &row))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This label layout does not exist (any more)."));
  name = mr_args_has (m, "name") ? mr_args_dup_string (m, "name") : g_strdup (row.name);
  if (!check_name (m, id, row.kind, name, error))
    return FALSE;
  if (mr_args_has (m, "template_id"))
    {
      template_id = mr_args_dup_string (m, "template_id");
      if (!check_template (template_id, error))
        return FALSE;
    }
  if (mr_args_has (m, "definition"))
    {
      definition = mr_args_dup_string (m, "definition");
      if (!mr_label_definition_check (row.kind, definition, error))
        return FALSE;
    }

  stmt = mr_store_prepare (m->store,
                           "UPDATE label_layout SET name = ?1, "
                           "template_id = coalesce (?2, template_id), "
                           "definition = coalesce (?3, definition), updated_at = ?4, "
                           "workstation_id = ?5 WHERE id = ?6",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, template_id);
  mr_store_bind_text_or_null (stmt, 3, definition);
  sqlite3_bind_int64 (stmt, 4, m->hlc);
  sqlite3_bind_text (stmt, 5, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  m->entity = "label_layout";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
label_layout_delete (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_auto (LayoutRow) row = { 0 };
  sqlite3_stmt *stmt;

  if (!layout_load (m->store, id, &row))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This label layout does not exist (any more)."));
  /* A deleted default hands its kind back to the built-in layout. */
  stmt = mr_store_prepare (m->store,
                           "UPDATE label_layout SET deleted = 1, is_default = 0, updated_at = ?, "
                           "workstation_id = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->hlc);
  sqlite3_bind_text (stmt, 2, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  m->entity = "label_layout";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
label_layout_set_default (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autofree char *kind = mr_args_dup_string (m, "kind");
  g_auto (LayoutRow) row = { 0 };
  sqlite3_stmt *stmt;

  if (id == NULL)
    {
      /* No id: the kind goes back to its built-in layout. */
      if (!mr_label_kind_is_valid (kind))
        return mr_store_fail (error, kind ? MR_STORE_ERROR_INVALID : MR_STORE_ERROR_REQUIRED,
                              "kind",
                              _ ("Choose a layout, or the kind of label whose default "
                                 "goes back to the built-in layout."));
      if (!clear_default (m, kind, error))
        return FALSE;
      m->entity = "label_layout";
      m->entity_id = NULL;
      return TRUE;
    }
  if (!layout_load (m->store, id, &row))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This label layout does not exist (any more)."));
  if (kind != NULL && strcmp (kind, row.kind) != 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("This layout is for %s labels, not for %s labels."),
                          mr_label_kind_get_label (row.kind),
                          mr_label_kind_is_valid (kind) ? mr_label_kind_get_label (kind) : kind);
  if (!clear_default (m, row.kind, error))
    return FALSE;
  stmt = mr_store_prepare (m->store,
                           "UPDATE label_layout SET is_default = 1, updated_at = ?, "
                           "workstation_id = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->hlc);
  sqlite3_bind_text (stmt, 2, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  m->entity = "label_layout";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

const MrMutationDef mr_label_layout_mutations[] = {
  { "label_layout.create", label_layout_create },
  { "label_layout.set", label_layout_set },
  { "label_layout.delete", label_layout_delete },
  { "label_layout.set_default", label_layout_set_default },
  { NULL, NULL },
};

/* Reads */

#define LAYOUT_COLUMNS "id, kind, name, template_id, definition, is_default, updated_at "

static GVariant *
layout_from_stmt (sqlite3_stmt *stmt)
{
  GVariantDict d;

  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "id", "s", sqlite3_column_text (stmt, 0));
  g_variant_dict_insert (&d, "kind", "s", sqlite3_column_text (stmt, 1));
  g_variant_dict_insert (&d, "name", "s", sqlite3_column_text (stmt, 2));
  g_variant_dict_insert (&d, "template_id", "s", sqlite3_column_text (stmt, 3));
  g_variant_dict_insert (&d, "definition", "s", sqlite3_column_text (stmt, 4));
  g_variant_dict_insert (&d, "is_default", "b", (gboolean) sqlite3_column_int (stmt, 5));
  g_variant_dict_insert (&d, "updated_at", "x", sqlite3_column_int64 (stmt, 6));
  return g_variant_ref_sink (g_variant_dict_end (&d));
}

GPtrArray *
mr_store_list_label_layouts (MrStore *store, const char *kind)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), out);

  stmt = mr_store_prepare (store,
                           "SELECT " LAYOUT_COLUMNS "FROM label_layout WHERE deleted = 0 "
                           "AND (?1 IS NULL OR kind = ?1) ORDER BY kind, name COLLATE NOCASE",
                           NULL);
  if (stmt == NULL)
    return out;
  mr_store_bind_text_or_null (stmt, 1, kind);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, layout_from_stmt (stmt));
  sqlite3_reset (stmt);
  return out;
}

GVariant *
mr_store_find_label_layout (MrStore *store, const char *kind, const char *id_or_name)
{
  g_autoptr (GPtrArray) all = NULL;
  g_autofree char *key = NULL;
  GVariant *found = NULL;
  guint n_found = 0;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (id_or_name == NULL)
    return NULL;

  all = mr_store_list_label_layouts (store, kind);
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr (GVariant) id = g_variant_lookup_value (all->pdata[i], "id", NULL);

      if (strcmp (g_variant_get_string (id, NULL), id_or_name) == 0)
        return g_variant_ref (all->pdata[i]);
    }
  /* By name, as people type it: case and accents do not matter. */
  key = g_utf8_casefold (id_or_name, -1);
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr (GVariant) name = g_variant_lookup_value (all->pdata[i], "name", NULL);
      g_autofree char *other = g_utf8_casefold (g_variant_get_string (name, NULL), -1);

      if (g_utf8_collate (other, key) == 0)
        {
          found = all->pdata[i];
          n_found++;
        }
    }
  /* Two kinds may both have a "Standard" layout: then the name alone is
   * not enough. */
  return n_found == 1 ? g_variant_ref (found) : NULL;
}

GVariant *
mr_store_get_default_label_layout (MrStore *store, const char *kind)
{
  sqlite3_stmt *stmt;
  GVariant *v = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  stmt = mr_store_prepare (store,
                           "SELECT " LAYOUT_COLUMNS "FROM label_layout WHERE deleted = 0 "
                           "AND kind = ? AND is_default = 1",
                           NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = layout_from_stmt (stmt);
  sqlite3_reset (stmt);
  return v;
}
