/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-store-private.h"
#include "mr-uuid.h"

/* The arguments of a mutation, as its handler reads and completes them:
 * what the caller gave (an a{sv} or plain MrArgs) and what the handler set
 * since, which is what the journal records. */

/* Whether the handler set @key (mr_args_set_value()): a handful of keys
 * at most, quicker to compare than to look up in m->args. */
static gboolean
was_set (MrMutation *m, const char *key)
{
  for (guint i = 0; i < m->set_keys->len; i++)
    if (strcmp (g_ptr_array_index (m->set_keys, i), key) == 0)
      return TRUE;
  return FALSE;
}

/* A plain argument: what the caller gave as an MrArg, unless the handler
 * has set that key since (set values are in m->args). */
static const MrArg *
field_of (MrMutation *m, const char *key)
{
  if (m->n_fields == 0 || was_set (m, key))
    return NULL;
  for (guint i = 0; i < m->n_fields; i++)
    if (strcmp (m->fields[i].key, key) == 0)
      return &m->fields[i];
  return NULL;
}

static gboolean
parse_bool_text (const char *s)
{
  return g_ascii_strcasecmp (s, "true") == 0 || g_ascii_strcasecmp (s, "yes") == 0 ||
         g_ascii_strcasecmp (s, "oui") == 0 || strcmp (s, "1") == 0;
}

gboolean
mr_args_has (MrMutation *m, const char *key)
{
  /* Given as MrArgs, m->args holds only what the handler set. */
  if (m->given == NULL)
    return was_set (m, key) || field_of (m, key) != NULL;
  return g_variant_dict_contains (m->args, key);
}

static char *
strip_or_null (const char *text)
{
  const char *start = text, *end;

  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  return end > start ? g_strndup (start, (gsize) (end - start)) : NULL;
}

/* Returns the stripped string, or NULL if absent or blank. */
char *
mr_args_dup_string (MrMutation *m, const char *key)
{
  const MrArg *a = field_of (m, key);
  g_autoptr (GVariant) v = NULL;

  if (a != NULL)
    return a->type == MR_ARG_STRING ? strip_or_null (a->s) : NULL;
  v = g_variant_dict_lookup_value (m->args, key, G_VARIANT_TYPE_STRING);
  if (v == NULL)
    return NULL;
  return strip_or_null (g_variant_get_string (v, NULL));
}

gboolean
mr_args_get_bool (MrMutation *m, const char *key, gboolean fallback)
{
  const MrArg *a = field_of (m, key);
  g_autoptr (GVariant) v = NULL;

  if (a != NULL)
    return a->type == MR_ARG_STRING ? parse_bool_text (a->s) : a->i != 0;
  v = g_variant_dict_lookup_value (m->args, key, NULL);
  if (v == NULL)
    return fallback;
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_get_boolean (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    return parse_bool_text (g_variant_get_string (v, NULL));
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT32))
    return g_variant_get_int32 (v) != 0;
  return fallback;
}

gint64
mr_args_get_int (MrMutation *m, const char *key, gint64 fallback)
{
  const MrArg *a = field_of (m, key);
  g_autoptr (GVariant) v = NULL;

  if (a != NULL)
    return a->type == MR_ARG_INT ? a->i : fallback;
  v = g_variant_dict_lookup_value (m->args, key, NULL);
  if (v == NULL)
    return fallback;
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT32))
    return g_variant_get_int32 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT64))
    return g_variant_get_int64 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
    return g_variant_get_uint32 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
    return (gint64) g_variant_get_double (v);
  return fallback;
}

void
mr_args_set_value (MrMutation *m, const char *key, GVariant *value)
{
  g_variant_dict_insert_value (m->args, key, value);
  for (guint i = 0; i < m->set_keys->len; i++)
    if (strcmp (g_ptr_array_index (m->set_keys, i), key) == 0)
      return;
  g_ptr_array_add (m->set_keys, g_strdup (key));
}

/* Creation mutations carry the new record's id so that a replay on the
 * server creates the same record. A caller may pass one; otherwise we make
 * it and write it back into the journaled arguments. */
char *
mr_args_take_or_new_id (MrMutation *m)
{
  char *id = mr_args_dup_string (m, "id");

  if (id == NULL)
    {
      id = mr_uuid_v7_new ();
      mr_args_set_value (m, "id", g_variant_new_string (id));
    }
  return id;
}

/* The journal's copy of the arguments */

static void
append_json_string (GString *out, const char *text)
{
  const guchar *run = (const guchar *) text;
  const guchar *p;

  g_string_append_c (out, '"');
  /* Most values need no escape: copied a run at a time. */
  for (p = run; *p != '\0'; p++)
    {
      if (*p >= 0x20 && *p != '"' && *p != '\\')
        continue;
      g_string_append_len (out, (const char *) run, p - run);
      run = p + 1;
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", *p);
        }
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

/* JSON for the argument types mutations use, as json-glib writes them
 * (the journal is written for every change; json-glib's tree costs more
 * than the change itself in a big import). FALSE for any other type. */
static gboolean
append_json_value (GString *out, GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      append_json_string (out, g_variant_get_string (value, NULL));
      return TRUE;
    case G_VARIANT_CLASS_BOOLEAN:
      g_string_append (out, g_variant_get_boolean (value) ? "true" : "false");
      return TRUE;
    case G_VARIANT_CLASS_BYTE:
      g_string_append_printf (out, "%u", g_variant_get_byte (value));
      return TRUE;
    case G_VARIANT_CLASS_INT16:
      g_string_append_printf (out, "%d", g_variant_get_int16 (value));
      return TRUE;
    case G_VARIANT_CLASS_UINT16:
      g_string_append_printf (out, "%u", g_variant_get_uint16 (value));
      return TRUE;
    case G_VARIANT_CLASS_INT32:
      g_string_append_printf (out, "%d", g_variant_get_int32 (value));
      return TRUE;
    case G_VARIANT_CLASS_UINT32:
      g_string_append_printf (out, "%u", g_variant_get_uint32 (value));
      return TRUE;
    case G_VARIANT_CLASS_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, g_variant_get_int64 (value));
      return TRUE;
    case G_VARIANT_CLASS_UINT64:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_variant_get_uint64 (value));
      return TRUE;
    case G_VARIANT_CLASS_VARIANT:
      {
        g_autoptr (GVariant) inner = g_variant_get_variant (value);

        return append_json_value (out, inner);
      }
    case G_VARIANT_CLASS_ARRAY:
      {
        gboolean dict =
          g_variant_type_is_dict_entry (g_variant_type_element (g_variant_get_type (value)));
        gsize n = g_variant_n_children (value);

        if (dict && !g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
          return FALSE;
        g_string_append_c (out, dict ? '{' : '[');
        for (gsize i = 0; i < n; i++)
          {
            g_autoptr (GVariant) child = g_variant_get_child_value (value, i);

            if (i > 0)
              g_string_append_c (out, ',');
            if (dict)
              {
                g_autoptr (GVariant) key = g_variant_get_child_value (child, 0);
                g_autoptr (GVariant) val = g_variant_get_child_value (child, 1);

                append_json_string (out, g_variant_get_string (key, NULL));
                g_string_append_c (out, ':');
                if (!append_json_value (out, val))
                  return FALSE;
              }
            else if (!append_json_value (out, child))
              return FALSE;
          }
        g_string_append_c (out, dict ? '}' : ']');
        return TRUE;
      }
    case G_VARIANT_CLASS_DOUBLE:
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_MAYBE:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      return FALSE;
    }
}

/* The journalled arguments: what the caller gave, with what the handler
 * set on top. Built without serialising the dictionary again, which costs
 * more than the JSON itself. */
char *
mr_mutation_args_to_json (MrMutation *m)
{
  g_autoptr (GString) out = g_string_sized_new (256);
  GVariantIter iter;
  const char *key;
  GVariant *value;
  gboolean first = TRUE, ok = TRUE;

  g_string_append_c (out, '{');
  for (guint f = 0; f < m->n_fields; f++)
    {
      const MrArg *a = &m->fields[f];

      if (was_set (m, a->key))
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_json_string (out, a->key);
      g_string_append_c (out, ':');
      if (a->type == MR_ARG_STRING)
        append_json_string (out, a->s);
      else if (a->type == MR_ARG_BOOL)
        g_string_append (out, a->i ? "true" : "false");
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, a->i);
    }
  if (m->given != NULL)
    g_variant_iter_init (&iter, m->given);
  while (ok && m->given != NULL && g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (!was_set (m, key))
        {
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          append_json_string (out, key);
          g_string_append_c (out, ':');
          ok = append_json_value (out, value);
        }
      g_variant_unref (value);
    }
  for (guint i = 0; ok && i < m->set_keys->len; i++)
    {
      const char *k = g_ptr_array_index (m->set_keys, i);
      g_autoptr (GVariant) v = g_variant_dict_lookup_value (m->args, k, NULL);

      if (v == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_json_string (out, k);
      g_string_append_c (out, ':');
      ok = append_json_value (out, v);
    }
  g_string_append_c (out, '}');
  if (!ok)
    {
      /* A type of argument the fast path does not know (never with
       * MrArgs: they are strings, booleans and integers). */
      g_autoptr (GVariant) all = g_variant_ref_sink (g_variant_dict_end (m->args));
      g_autoptr (JsonNode) node = json_gvariant_serialize (all);

      return json_to_string (node, FALSE);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
