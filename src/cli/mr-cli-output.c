/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mr-cli-private.h"

/* Human output is aligned columns; JSON output has stable keys, every key
 * present (null when empty), so scripts need no special cases. */

struct _MrCliTable
{
  GPtrArray *rows; /* GStrv; the first is the header */
  guint n_columns;
};

static GStrv
collect_cells (const char *first, va_list args, guint n)
{
  GStrvBuilder *b = g_strv_builder_new ();
  const char *cell = first;
  GStrv cells;

  for (guint i = 0; n == 0 ? cell != NULL : i < n; i++)
    {
      g_strv_builder_add (b, cell ? cell : "");
      cell = va_arg (args, const char *);
    }
  cells = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return cells;
}

MrCliTable *
mr_cli_table_new (const char *first_header, ...)
{
  MrCliTable *table = g_new0 (MrCliTable, 1);
  va_list args;
  GStrv header;

  va_start (args, first_header);
  header = collect_cells (first_header, args, 0);
  va_end (args);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->n_columns = g_strv_length (header);
  g_ptr_array_add (table->rows, header);
  return table;
}

/* Takes exactly as many cells as the table has columns; NULL cells are
 * printed empty. */
void
mr_cli_table_add_row (MrCliTable *table, const char *first_cell, ...)
{
  va_list args;

  va_start (args, first_cell);
  g_ptr_array_add (table->rows, collect_cells (first_cell, args, table->n_columns));
  va_end (args);
}

void
mr_cli_table_free (MrCliTable *table)
{
  g_ptr_array_unref (table->rows);
  g_free (table);
}

/* Terminal columns taken by @s: combining marks take none, wide (CJK)
 * characters two. */
static guint
display_width (const char *s)
{
  guint w = 0;

  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      w += g_unichar_iswide (c) ? 2 : 1;
    }
  return w;
}

void
mr_cli_table_print (MrCliTable *table)
{
  g_autofree guint *widths = g_new0 (guint, MAX (table->n_columns, 1));
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], display_width (cells[c]));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (table->rows, r);
      guint last = table->n_columns;

      /* No trailing blanks: stop after the last non-empty cell. */
      while (last > 0 && *cells[last - 1] == '\0')
        last--;
      for (guint c = 0; c < last; c++)
        {
          g_string_append (out, cells[c]);
          if (c + 1 < last)
            for (guint pad = display_width (cells[c]); pad < widths[c] + 2; pad++)
              g_string_append_c (out, ' ');
        }
      g_string_append_c (out, '\n');
      if (out->len > 64 * 1024)
        {
          fwrite (out->str, 1, out->len, stdout);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, stdout);
}

/* Prints "Label:  value" lines, aligned. @labels_and_values alternates
 * labels and values and ends with NULL; empty values are left out. */
void
mr_cli_print_fields (const char *const *labels_and_values)
{
  guint width = 0;

  for (guint i = 0; labels_and_values[i]; i += 2)
    width = MAX (width, display_width (labels_and_values[i]));
  for (guint i = 0; labels_and_values[i]; i += 2)
    {
      const char *value = labels_and_values[i + 1];

      if (value == NULL || *value == '\0')
        continue;
      /* Translators: a label and its value in "mailroom-cli … show", as
       * "Email: x@example.com". Keep the colon form of your language. */
      g_print (_ ("%s:"), labels_and_values[i]);
      for (guint pad = display_width (labels_and_values[i]); pad < width + 2; pad++)
        g_print (" ");
      g_print ("%s\n", value);
    }
}

char *
mr_cli_format_time (gint64 unix_ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_ms / 1000);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/* The keys of a journal entry's arguments, for a one-line summary of what
 * an edit changed. */
static char *
args_summary (const char *json_text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GString) out = g_string_new (NULL);
  JsonObject *object;
  GList *members;

  if (!json_parser_load_from_data (parser, json_text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup ("");
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l; l = l->next)
    {
      if (strcmp (l->data, "id") == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, l->data);
    }
  g_list_free (members);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
mr_cli_print_history (MrCli *cli, const char *entity_id)
{
  g_autoptr (GPtrArray) history = mr_store_list_history (cli->store, entity_id, 100);
  g_autoptr (MrCliTable) table = NULL;

  if (history->len == 0)
    return;
  g_print ("\n%s\n", _ ("History (newest first)"));
  table = mr_cli_table_new (_ ("Time"), _ ("Operation"), _ ("Fields"), NULL);
  for (guint i = 0; i < history->len; i++)
    {
      g_autoptr (GVariantDict) d = g_variant_dict_new (g_ptr_array_index (history, i));
      const char *name = NULL, *args = NULL;
      gint64 at = 0;
      g_autofree char *when = NULL;
      g_autofree char *fields = NULL;

      g_variant_dict_lookup (d, "name", "&s", &name);
      g_variant_dict_lookup (d, "args", "&s", &args);
      g_variant_dict_lookup (d, "at", "x", &at);
      when = mr_cli_format_time (at);
      fields = args_summary (args ? args : "{}");
      mr_cli_table_add_row (table, when, name, fields);
    }
  mr_cli_table_print (table);
}

/* JSON */

void
mr_cli_json_print (JsonNode *node)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

void
mr_cli_json_string (JsonBuilder *builder, const char *key, const char *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL && *value != '\0')
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
mr_cli_json_int (JsonBuilder *builder, const char *key, gint64 value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

/* A time in ms since the epoch, or null when there is none (0). */
void
mr_cli_json_time (JsonBuilder *builder, const char *key, gint64 ms)
{
  json_builder_set_member_name (builder, key);
  if (ms > 0)
    json_builder_add_int_value (builder, ms);
  else
    json_builder_add_null_value (builder);
}

void
mr_cli_json_bool (JsonBuilder *builder, const char *key, gboolean value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_boolean_value (builder, value);
}

/* Embeds a journal entry's JSON arguments as an object, not a string. */
void
mr_cli_json_args (JsonBuilder *builder, const char *key, const char *json_text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  json_builder_set_member_name (builder, key);
  if (json_text != NULL && json_parser_load_from_data (parser, json_text, -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
}

void
mr_cli_json_history (JsonBuilder *builder, MrCli *cli, const char *entity_id)
{
  g_autoptr (GPtrArray) history = mr_store_list_history (cli->store, entity_id, 100);

  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; i < history->len; i++)
    {
      g_autoptr (GVariantDict) d = g_variant_dict_new (g_ptr_array_index (history, i));
      const char *name = NULL, *args = NULL, *user = NULL, *workstation = NULL;
      gint64 at = 0;

      g_variant_dict_lookup (d, "name", "&s", &name);
      g_variant_dict_lookup (d, "args", "&s", &args);
      g_variant_dict_lookup (d, "user_id", "&s", &user);
      g_variant_dict_lookup (d, "workstation_id", "&s", &workstation);
      g_variant_dict_lookup (d, "at", "x", &at);
      json_builder_begin_object (builder);
      mr_cli_json_string (builder, "name", name);
      mr_cli_json_int (builder, "at", at);
      mr_cli_json_string (builder, "user_id", user);
      mr_cli_json_string (builder, "workstation_id", workstation);
      mr_cli_json_args (builder, "args", args);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The members of a contact object; the caller opens and closes it. */
void
mr_cli_json_contact (JsonBuilder *builder, MrContact *c)
{
  mr_cli_json_string (builder, "id", mr_contact_get_id (c));
  mr_cli_json_string (builder, "first_name", mr_contact_get_first_name (c));
  mr_cli_json_string (builder, "last_name", mr_contact_get_last_name (c));
  mr_cli_json_string (builder, "display_name", mr_contact_get_display_name (c));
  mr_cli_json_string (builder, "email", mr_contact_get_email (c));
  mr_cli_json_string (builder, "phone", mr_contact_get_phone (c));
  mr_cli_json_string (builder, "department_id", mr_contact_get_department_id (c));
  mr_cli_json_string (builder, "department", mr_contact_get_department_name (c));
  mr_cli_json_string (builder, "place_id", mr_contact_get_place_id (c));
  mr_cli_json_string (builder, "place", mr_contact_get_place_name (c));
  mr_cli_json_string (builder, "personnel_id", mr_contact_get_personnel_id (c));
  mr_cli_json_string (builder, "employee_id", mr_contact_get_employee_id (c));
  mr_cli_json_bool (builder, "needs_accessibility", mr_contact_get_needs_accessibility (c));
  mr_cli_json_bool (builder, "is_private", mr_contact_get_is_private (c));
  mr_cli_json_string (builder, "notes", mr_contact_get_notes (c));
  mr_cli_json_int (builder, "created_at", mr_contact_get_created_at (c));
}

/* The members of a place or organisation unit object. */
void
mr_cli_json_node (JsonBuilder *builder, MrNode *node)
{
  mr_cli_json_string (builder, "id", mr_node_get_id (node));
  mr_cli_json_string (builder, "kind", mr_node_get_kind (node));
  mr_cli_json_string (builder, "parent_id", mr_node_get_parent_id (node));
  mr_cli_json_string (builder, "name", mr_node_get_name (node));
  mr_cli_json_string (builder, "code", mr_node_get_code (node));
  mr_cli_json_string (builder, "path", mr_node_get_path (node));
  mr_cli_json_int (builder, "depth", mr_node_get_depth (node));
}

/* What a command that changed one record prints: its id, alone on a line
 * (easy to capture in a shell), or {"id": …}. */
void
mr_cli_print_id (MrCli *cli, const char *id)
{
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      mr_cli_json_string (b, "id", id);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else
    g_print ("%s\n", id);
}

void
mr_cli_json_stream_begin (MrCliJsonStream *stream)
{
  stream->n = 0;
  fputs ("[", stdout);
}

void
mr_cli_json_stream_add (MrCliJsonStream *stream, JsonBuilder *element)
{
  g_autoptr (JsonNode) root = json_builder_get_root (element);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  fputs (stream->n++ == 0 ? "\n  " : ",\n  ", stdout);
  fputs (text, stdout);
}

void
mr_cli_json_stream_end (MrCliJsonStream *stream)
{
  fputs (stream->n > 0 ? "\n]\n" : "]\n", stdout);
}

void
mr_cli_json_print_model (GListModel *model, guint n, MrCliJsonMembers members)
{
  MrCliJsonStream stream;

  mr_cli_json_stream_begin (&stream);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (model, i);
      g_autoptr (JsonBuilder) b = json_builder_new ();

      /* A lazy model may be shorter than announced if the database
       * changed meanwhile. */
      if (item == NULL)
        break;
      json_builder_begin_object (b);
      members (b, item);
      json_builder_end_object (b);
      mr_cli_json_stream_add (&stream, b);
    }
  mr_cli_json_stream_end (&stream);
}
