/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-custom-fields"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mr-custom-fields.h"
#include "mr-store-private.h"

/* Custom fields and their values. A field is configuration shared by every
 * workstation through sync, and a value is a record's data: both are
 * validated here so that a CLI script, an import and the window all get
 * the same rules and the same messages. */

#define MAX_LABEL 60
#define MAX_VALUE 500
#define MAX_CHOICES 50

typedef struct
{
  const char *name;
  const char *label; /* NC_() with the context find_label() is given */
} NameDef;

static const NameDef screen_defs[] = {
  /* The "delivery" screen is the handover of packages to their taker. */
  { "receiving", NC_ ("custom field screen", "Receiving") },
  { "delivery", NC_ ("custom field screen", "Handover") },
  { "package", NC_ ("custom field screen", "Package") },
  { "bag", NC_ ("custom field screen", "Bag") },
  { "contact", NC_ ("custom field screen", "Contact") },
  { "asset", NC_ ("custom field screen", "Asset") },
};
static const char *const screen_names[] = { "receiving", "delivery", "package", "bag",
                                            "contact",   "asset",    NULL };

static const NameDef type_defs[] = {
  { "text", NC_ ("custom field type", "Text") },
  { "number", NC_ ("custom field type", "Number") },
  { "date", NC_ ("custom field type", "Date") },
  { "choice", NC_ ("custom field type", "Choice") },
  { "boolean", NC_ ("custom field type", "Yes/No") },
};
static const char *const type_names[] = { "text", "number", "date", "choice", "boolean", NULL };

static const NameDef visibility_defs[] = {
  { "shown", NC_ ("custom field visibility", "Shown") },
  { "hidden", NC_ ("custom field visibility", "Hidden") },
  { "required", NC_ ("custom field visibility", "Required") },
};
static const char *const visibility_names[] = { "shown", "hidden", "required", NULL };

static const char *
find_label (const NameDef *defs, guint n, const char *context, const char *name)
{
  for (guint i = 0; name && i < n; i++)
    if (strcmp (defs[i].name, name) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, context, defs[i].label);
  return NULL;
}

const char *const *
mr_custom_field_screens (void)
{
  return screen_names;
}

const char *
mr_custom_field_screen_get_label (const char *screen)
{
  return find_label (screen_defs, G_N_ELEMENTS (screen_defs), "custom field screen", screen);
}

const char *const *
mr_custom_field_types (void)
{
  return type_names;
}

const char *
mr_custom_field_type_get_label (const char *type)
{
  return find_label (type_defs, G_N_ELEMENTS (type_defs), "custom field type", type);
}

const char *const *
mr_custom_field_visibilities (void)
{
  return visibility_names;
}

const char *
mr_custom_field_visibility_get_label (const char *visibility)
{
  return find_label (visibility_defs, G_N_ELEMENTS (visibility_defs), "custom field visibility",
                     visibility);
}

/* Values */

static gboolean
parse_number (const char *text, char **out)
{
  g_autofree char *copy = g_strdup (text);
  char *end = NULL;

  /* A French clerk types a decimal comma. */
  g_strdelimit (copy, ",", '.');
  if (*copy == '\0' || strpbrk (copy, " xXpP") != NULL)
    return FALSE;
  g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || g_ascii_isalpha (copy[0]) ||
      g_ascii_isalpha (copy[strlen (copy) - 1]))
    return FALSE;
  *out = g_steal_pointer (&copy);
  return TRUE;
}

static gboolean
parse_date (const char *text, char **out)
{
  int y, mo, d;
  char tail;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3)
    return FALSE;
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || !g_date_valid_dmy (d, mo, y))
    return FALSE;
  *out = g_strdup (text);
  return TRUE;
}

static gboolean
parse_boolean (const char *text, char **out)
{
  static const char *const yes[] = { "true", "yes", "oui", "1", "vrai", NULL };
  static const char *const no[] = { "false", "no", "non", "0", "faux", NULL };

  for (guint i = 0; yes[i]; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      {
        *out = g_strdup ("true");
        return TRUE;
      }
  for (guint i = 0; no[i]; i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *out = g_strdup ("false");
        return TRUE;
      }
  return FALSE;
}

static gboolean
same_text (const char *a, const char *b)
{
  g_autofree char *ka = g_utf8_casefold (a, -1);
  g_autofree char *kb = g_utf8_casefold (b, -1);

  return g_utf8_collate (ka, kb) == 0;
}

char *
mr_custom_value_normalize (const char *label,
                           const char *type,
                           const char *const *choices,
                           const char *value,
                           GError **error)
{
  char *out = NULL;

  g_return_val_if_fail (label != NULL && type != NULL && value != NULL, NULL);

  if (strcmp (type, "number") == 0)
    {
      if (!parse_number (value, &out))
        mr_store_fail (error, MR_STORE_ERROR_INVALID, "value", _ ("“%s” takes a number, not “%s”."),
                       label, value);
    }
  else if (strcmp (type, "date") == 0)
    {
      if (!parse_date (value, &out))
        mr_store_fail (error, MR_STORE_ERROR_INVALID, "value",
                       _ ("“%s” takes a date written YYYY-MM-DD, not “%s”."), label, value);
    }
  else if (strcmp (type, "boolean") == 0)
    {
      if (!parse_boolean (value, &out))
        mr_store_fail (error, MR_STORE_ERROR_INVALID, "value",
                       _ ("“%s” takes “true” or “false”, not “%s”."), label, value);
    }
  else if (strcmp (type, "choice") == 0)
    {
      for (guint i = 0; choices && choices[i] && out == NULL; i++)
        if (same_text (choices[i], value))
          out = g_strdup (choices[i]);
      if (out == NULL)
        {
          g_autofree char *list = choices ? g_strjoinv (", ", (char **) choices) : g_strdup ("");

          mr_store_fail (error, MR_STORE_ERROR_INVALID, "value",
                         _ ("“%s” is not one of the choices of “%s”: %s."), value, label, list);
        }
    }
  else if (g_utf8_strlen (value, -1) > MAX_VALUE)
    mr_store_fail (error, MR_STORE_ERROR_INVALID, "value",
                   _ ("The value of “%s” is too long (at most %d characters)."), label, MAX_VALUE);
  else
    out = g_strdup (value);
  return out;
}

/* Fields */

typedef struct
{
  char *id;
  int position;
  char *label;
  char *type;
  GStrv choices;
} FieldRow;

static void
field_row_clear (FieldRow *row)
{
  g_clear_pointer (&row->id, g_free);
  g_clear_pointer (&row->label, g_free);
  g_clear_pointer (&row->type, g_free);
  g_clear_pointer (&row->choices, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FieldRow, field_row_clear)

static GStrv
choices_from_json (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *a = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          const char *s = json_array_get_string_element (a, i);

          if (s != NULL)
            g_strv_builder_add (b, s);
        }
    }
  return g_strv_builder_end (b);
}

static char *
choices_to_json (const char *const *choices)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; choices && choices[i]; i++)
    json_builder_add_string_value (b, choices[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static gboolean
field_load (MrStore *store, const char *id, FieldRow *row)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (id == NULL)
    return FALSE;
  stmt = mr_store_prepare (store,
                           "SELECT id, position, label, type, choices FROM custom_field "
                           "WHERE id = ? AND deleted = 0",
                           NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      row->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->position = sqlite3_column_int (stmt, 1);
      row->label = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->type = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->choices = choices_from_json ((const char *) sqlite3_column_text (stmt, 4));
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

static gboolean
fail_no_field (GError **error, const char *field)
{
  return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, field,
                        _ ("This custom field does not exist (any more)."));
}

/* The choices given: an array of strings, each stripped, none blank or
 * twice. NULL (with no error) when none were given. */
static GStrv
read_choices (MrMutation *m, gboolean *given, GError **error)
{
  g_autoptr (GVariant) v = g_variant_dict_lookup_value (m->args, "choices", G_VARIANT_TYPE ("as"));
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  GVariantIter iter;
  const char *s;

  *given = v != NULL;
  if (v == NULL)
    {
      if (g_variant_dict_contains (m->args, "choices"))
        mr_store_fail (error, MR_STORE_ERROR_INVALID, "choices",
                       _ ("The choices must be a list of texts."));
      return NULL;
    }
  g_variant_iter_init (&iter, v);
  while (g_variant_iter_next (&iter, "&s", &s))
    {
      g_autofree char *c = g_strstrip (g_strdup (s));

      if (*c == '\0')
        continue;
      for (guint i = 0; i < seen->len; i++)
        if (same_text (seen->pdata[i], c))
          {
            mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "choices",
                           _ ("The choice “%s” is there twice."), c);
            return NULL;
          }
      if (g_utf8_strlen (c, -1) > MAX_LABEL)
        {
          mr_store_fail (error, MR_STORE_ERROR_INVALID, "choices",
                         _ ("The choice “%s” is too long (at most %d characters)."), c, MAX_LABEL);
          return NULL;
        }
      g_strv_builder_add (b, c);
      g_ptr_array_add (seen, g_steal_pointer (&c));
    }
  if (seen->len > MAX_CHOICES)
    {
      mr_store_fail (error, MR_STORE_ERROR_INVALID, "choices",
                     _ ("A field has at most %d choices."), MAX_CHOICES);
      return NULL;
    }
  return g_strv_builder_end (b);
}

/* Values already saved must still fit a field whose type or choices
 * change: otherwise they would be data no screen can show or save. */
static gboolean
check_values_fit (MrMutation *m,
                  const char *id,
                  const char *label,
                  const char *type,
                  const char *const *choices,
                  GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "SELECT value FROM custom_value WHERE field_id = ? "
                                         "AND value IS NOT NULL AND value != ''",
                                         error);
  gboolean ok = TRUE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *norm = mr_custom_value_normalize (label, type, choices, value, NULL);

      if (norm == NULL)
        {
          ok = FALSE;
          mr_store_fail (error, MR_STORE_ERROR_IN_USE,
                         strcmp (type, "choice") == 0 ? "choices" : "type",
                         _ ("“%s” already holds the value “%s”, which would not fit any more. "
                            "Change or clear those values first."),
                         label, value);
        }
    }
  sqlite3_reset (stmt);
  return ok;
}

static gint64
count_live_fields (MrStore *store)
{
  return mr_store_query_int (store, "SELECT count(*) FROM custom_field WHERE deleted = 0", NULL);
}

static gboolean
custom_field_set (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autofree char *label = NULL;
  g_autofree char *type = NULL;
  g_autofree char *choices_json = NULL;
  g_auto (FieldRow) row = { 0 };
  g_auto (GStrv) choices = NULL;
  g_autoptr (GError) local = NULL;
  gboolean creating, choices_given = FALSE;
  gint64 position;
  sqlite3_stmt *stmt;

  creating = !field_load (m->store, id, &row);
  if (creating)
    {
      if (id != NULL && !mr_store_check_new_id (m->store, "custom_field", id, error))
        return FALSE;
      if (count_live_fields (m->store) >= MR_CUSTOM_FIELDS_MAX)
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, "position",
                              _ ("There can be at most %d custom fields. Delete one first."),
                              MR_CUSTOM_FIELDS_MAX);
      g_free (id);
      id = mr_args_take_or_new_id (m);
    }

  label =
    mr_args_has (m, "label") || creating ? mr_args_dup_string (m, "label") : g_strdup (row.label);
  if (label == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "label",
                          _ ("Give the custom field a label."));
  if (g_utf8_strlen (label, -1) > MAX_LABEL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "label",
                          _ ("The label is too long (at most %d characters)."), MAX_LABEL);
  stmt = mr_store_prepare (m->store, "SELECT label FROM custom_field WHERE deleted = 0 AND id != ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  {
    gboolean taken = FALSE;

    while (!taken && sqlite3_step (stmt) == SQLITE_ROW)
      taken = same_text ((const char *) sqlite3_column_text (stmt, 0), label);
    sqlite3_reset (stmt);
    if (taken)
      return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "label",
                            _ ("A custom field labelled “%s” already exists."), label);
  }

  type = mr_args_dup_string (m, "type");
  if (type == NULL)
    type = g_strdup (creating ? "text" : row.type);
  if (!g_strv_contains (type_names, type))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "type",
                          _ ("“%s” is not a type of field. The types are: text, number, date, "
                             "choice, boolean."),
                          type);

  choices = read_choices (m, &choices_given, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!choices_given && !creating)
    choices = g_strdupv (row.choices);
  if (strcmp (type, "choice") == 0)
    {
      if (choices == NULL || choices[0] == NULL)
        return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "choices",
                              _ ("Give “%s” the choices it offers."), label);
      choices_json = choices_to_json ((const char *const *) choices);
    }

  if (mr_args_has (m, "position"))
    {
      position = mr_args_get_int (m, "position", 0);
      if (position < 1 || position > MR_CUSTOM_FIELDS_MAX)
        return mr_store_fail (error, MR_STORE_ERROR_INVALID, "position",
                              _ ("The position of a custom field is from 1 to %d."),
                              MR_CUSTOM_FIELDS_MAX);
    }
  else if (!creating)
    position = row.position;
  else
    {
      position = mr_store_query_int (m->store,
                                     "WITH RECURSIVE p (n) AS (SELECT 1 UNION ALL "
                                     "SELECT n + 1 FROM p WHERE n < 10) SELECT min (n) FROM p "
                                     "WHERE n NOT IN (SELECT position FROM custom_field "
                                     "WHERE deleted = 0 AND id != coalesce (?, ''))",
                                     id);
      mr_args_set_value (m, "position", g_variant_new_int64 (position));
    }
  stmt = mr_store_prepare (m->store,
                           "SELECT label FROM custom_field WHERE deleted = 0 AND id != ? "
                           "AND position = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, position);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *other = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

      sqlite3_reset (stmt);
      return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "position",
                            _ ("Position %d is already taken by “%s”."), (int) position, other);
    }
  sqlite3_reset (stmt);

  if (!creating && !check_values_fit (m, id, label, type, (const char *const *) choices, error))
    return FALSE;

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO custom_field (id, position, label, type, choices, "
                           "created_at, updated_at, workstation_id) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET "
                           "position = ?2, label = ?3, type = ?4, choices = ?5, updated_at = ?7, "
                           "workstation_id = ?8",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, position);
  sqlite3_bind_text (stmt, 3, label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, type, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 5, choices_json);
  sqlite3_bind_int64 (stmt, 6, m->now_ms);
  sqlite3_bind_int64 (stmt, 7, m->hlc);
  sqlite3_bind_text (stmt, 8, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  m->entity = "custom_field";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
custom_field_delete (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_auto (FieldRow) row = { 0 };
  sqlite3_stmt *stmt;

  if (!field_load (m->store, id, &row))
    return fail_no_field (error, "id");
  stmt = mr_store_prepare (m->store,
                           "UPDATE custom_field SET deleted = 1, updated_at = ?, "
                           "workstation_id = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->hlc);
  sqlite3_bind_text (stmt, 2, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  m->entity = "custom_field";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
custom_field_screen (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autofree char *screen = mr_args_dup_string (m, "screen");
  g_autofree char *visibility = mr_args_dup_string (m, "visibility");
  g_auto (FieldRow) row = { 0 };
  sqlite3_stmt *stmt;

  if (!field_load (m->store, id, &row))
    return fail_no_field (error, "id");
  if (screen == NULL || !g_strv_contains (screen_names, screen))
    return mr_store_fail (error, screen ? MR_STORE_ERROR_INVALID : MR_STORE_ERROR_REQUIRED,
                          "screen",
                          _ ("“%s” is not a screen. The screens are: receiving, delivery, "
                             "package, bag, contact, asset."),
                          screen ? screen : "");
  if (visibility == NULL || !g_strv_contains (visibility_names, visibility))
    return mr_store_fail (
      error, visibility ? MR_STORE_ERROR_INVALID : MR_STORE_ERROR_REQUIRED, "visibility",
      _ ("“%s” is not a visibility. Use shown, hidden or required."), visibility ? visibility : "");
  stmt = mr_store_prepare (m->store,
                           "INSERT INTO custom_field_screen (field_id, screen, visibility, "
                           "updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (field_id, screen) "
                           "DO UPDATE SET visibility = ?3, updated_at = ?4",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, screen, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, visibility, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, m->hlc);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  m->entity = "custom_field";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* The records that carry custom values. */
static gboolean
entity_exists (MrStore *store, const char *id)
{
  static const char *const tables[] = { "package", "bag", "contact", "asset" };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (mr_store_live_exists (store, tables[i], id))
      return TRUE;
  return FALSE;
}

static gboolean
custom_set (MrMutation *m, GError **error)
{
  g_autofree char *entity_id = mr_args_dup_string (m, "entity_id");
  g_autofree char *field_id = mr_args_dup_string (m, "field_id");
  g_autofree char *value = mr_args_dup_string (m, "value");
  g_autofree char *stored = NULL;
  g_auto (FieldRow) row = { 0 };
  sqlite3_stmt *stmt;

  if (!field_load (m->store, field_id, &row))
    return fail_no_field (error, "field_id");
  if (entity_id == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "entity_id",
                          _ ("Say which package, bag, contact or asset “%s” is set on."),
                          row.label);
  if (!entity_exists (m->store, entity_id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "entity_id",
                          _ ("There is no package, bag, contact or asset “%s” (any more) to set "
                             "“%s” on."),
                          entity_id, row.label);
  if (value != NULL)
    {
      stored = mr_custom_value_normalize (row.label, row.type, (const char *const *) row.choices,
                                          value, error);
      if (stored == NULL)
        return FALSE;
    }
  /* A cleared value stays as a row with no value, so that sync carries the
   * clearing like any other change. */
  stmt = mr_store_prepare (m->store,
                           "INSERT INTO custom_value (entity_id, field_id, value, updated_at) "
                           "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (entity_id, field_id) DO UPDATE "
                           "SET value = ?3, updated_at = ?4",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, field_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 3, stored);
  sqlite3_bind_int64 (stmt, 4, m->hlc);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  m->entity = "custom_value";
  m->entity_id = g_steal_pointer (&entity_id);
  return TRUE;
}

const MrMutationDef mr_custom_field_mutations[] = {
  { "custom_field.set", custom_field_set },
  { "custom_field.delete", custom_field_delete },
  { "custom_field.screen", custom_field_screen },
  { "custom.set", custom_set },
  { NULL, NULL },
};

/* Reads */

static GVariant *
field_variant (MrStore *store, sqlite3_stmt *stmt, const char *screen, const char **visibility)
{
  const char *id = (const char *) sqlite3_column_text (stmt, 0);
  g_auto (GStrv) choices = choices_from_json ((const char *) sqlite3_column_text (stmt, 4));
  g_autoptr (GHashTable) vis = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GVariantBuilder screens;
  GVariantDict d;
  sqlite3_stmt *s;

  /* A second statement while the list is stepping: prepared apart. */
  s = mr_store_prepare (
    store, "SELECT screen, visibility FROM custom_field_screen WHERE field_id = ?", NULL);
  if (s != NULL)
    {
      sqlite3_bind_text (s, 1, id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (s) == SQLITE_ROW)
        g_hash_table_insert (vis, g_strdup ((const char *) sqlite3_column_text (s, 0)),
                             g_strdup ((const char *) sqlite3_column_text (s, 1)));
      sqlite3_reset (s);
    }
  g_variant_builder_init (&screens, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; screen_names[i]; i++)
    {
      const char *v = g_hash_table_lookup (vis, screen_names[i]);

      g_variant_builder_add (&screens, "{ss}", screen_names[i], v ? v : "shown");
    }

  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "id", "s", id);
  g_variant_dict_insert (&d, "position", "i", sqlite3_column_int (stmt, 1));
  g_variant_dict_insert (&d, "label", "s", sqlite3_column_text (stmt, 2));
  g_variant_dict_insert (&d, "type", "s", sqlite3_column_text (stmt, 3));
  g_variant_dict_insert_value (&d, "choices",
                               g_variant_new_strv ((const char *const *) choices, -1));
  g_variant_dict_insert_value (&d, "screens", g_variant_builder_end (&screens));
  *visibility = "shown";
  if (screen != NULL)
    {
      const char *v = g_hash_table_lookup (vis, screen);

      *visibility = v ? g_intern_string (v) : "shown";
      g_variant_dict_insert (&d, "visibility", "s", *visibility);
    }
  return g_variant_ref_sink (g_variant_dict_end (&d));
}

GPtrArray *
mr_store_list_custom_fields (MrStore *store, const char *screen)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  sqlite3_stmt *stmt;
  sqlite3 *db;

  g_return_val_if_fail (MR_IS_STORE (store), out);

  /* Not the cached statement: field_variant() runs another query for each
   * row, and the cache may hand back the same one. */
  db = mr_store_get_db (store);
  if (sqlite3_prepare_v2 (db,
                          "SELECT id, position, label, type, choices FROM custom_field "
                          "WHERE deleted = 0 ORDER BY position",
                          -1, &stmt, NULL) != SQLITE_OK)
    return out;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *visibility;
      GVariant *v = field_variant (store, stmt, screen, &visibility);

      if (screen != NULL && strcmp (visibility, "hidden") == 0)
        g_variant_unref (v);
      else
        g_ptr_array_add (out, v);
    }
  sqlite3_finalize (stmt);
  return out;
}

GVariant *
mr_store_find_custom_field (MrStore *store, const char *key)
{
  g_autoptr (GPtrArray) all = NULL;
  char *end = NULL;
  gint64 position;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (key == NULL || *key == '\0')
    return NULL;

  all = mr_store_list_custom_fields (store, NULL);
  position = g_ascii_strtoll (key, &end, 10);
  for (guint i = 0; i < all->len; i++)
    {
      const char *id = NULL, *label = NULL;
      gint32 pos = 0;

      g_variant_lookup (all->pdata[i], "id", "&s", &id);
      g_variant_lookup (all->pdata[i], "label", "&s", &label);
      g_variant_lookup (all->pdata[i], "position", "i", &pos);
      if (strcmp (id, key) == 0 || same_text (label, key) || (*end == '\0' && pos == position))
        return g_variant_ref (all->pdata[i]);
    }
  return NULL;
}

GHashTable *
mr_store_get_custom_values (MrStore *store, const char *entity_id)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), out);
  if (entity_id == NULL)
    return out;
  stmt = mr_store_prepare (store,
                           "SELECT v.field_id, v.value FROM custom_value v "
                           "JOIN custom_field f ON f.id = v.field_id AND f.deleted = 0 "
                           "WHERE v.entity_id = ? AND v.value IS NOT NULL AND v.value != ''",
                           NULL);
  if (stmt == NULL)
    return out;
  sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (out, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  return out;
}

GPtrArray *
mr_store_list_missing_custom_fields (MrStore *store, const char *screen, const char *entity_id)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr (GPtrArray) fields = NULL;
  g_autoptr (GHashTable) values = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), out);
  g_return_val_if_fail (screen != NULL, out);

  fields = mr_store_list_custom_fields (store, screen);
  values = mr_store_get_custom_values (store, entity_id);
  for (guint i = 0; i < fields->len; i++)
    {
      const char *id = NULL, *visibility = NULL;

      g_variant_lookup (fields->pdata[i], "id", "&s", &id);
      g_variant_lookup (fields->pdata[i], "visibility", "&s", &visibility);
      if (g_strcmp0 (visibility, "required") == 0 && !g_hash_table_contains (values, id))
        g_ptr_array_add (out, g_variant_ref (fields->pdata[i]));
    }
  return out;
}
