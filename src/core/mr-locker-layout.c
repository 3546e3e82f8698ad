/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-csv.h"
#include "mr-locker-layout.h"
#include "mr-text.h"

/* Reading a bank's layout from what an administrator wrote. The file is
 * outside input (and fuzzed): every value is checked, every message says
 * where the problem is, nothing is trusted to be in range. */

#define MAX_NUMBER_CHARS 16
#define MAX_BASE_CM 200
#define MIN_WIDTH_CM 10
#define MAX_WIDTH_CM 300

static gboolean layout_fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
layout_fail (GError **error, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID, msg);
  mr_store_set_error_field (error, "layout");
  return FALSE;
}

static void
door_clear (gpointer data)
{
  MrLockerLayoutDoor *d = data;

  g_free (d->number);
  g_free (d->panel);
}

static void
layout_door_clear (MrLockerLayoutDoor *d)
{
  door_clear (d);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MrLockerLayoutDoor, layout_door_clear)

static MrLockerLayoutColumn *
column_new (void)
{
  MrLockerLayoutColumn *c = g_new0 (MrLockerLayoutColumn, 1);

  c->width_cm = -1;
  c->base_cm = -1;
  c->doors = g_array_new (FALSE, TRUE, sizeof (MrLockerLayoutDoor));
  g_array_set_clear_func (c->doors, door_clear);
  return c;
}

static void
column_free (gpointer data)
{
  MrLockerLayoutColumn *c = data;

  g_array_unref (c->doors);
  g_free (c);
}

static MrLockerLayout *
layout_new (void)
{
  MrLockerLayout *layout = g_new0 (MrLockerLayout, 1);

  layout->columns = g_ptr_array_new_with_free_func (column_free);
  return layout;
}

void
mr_locker_layout_free (MrLockerLayout *layout)
{
  if (layout == NULL)
    return;
  g_ptr_array_unref (layout->columns);
  g_free (layout);
}

/* A door number as people write it: trimmed, short, printable. */
static gboolean
check_number (const char *raw, char **out, guint col, guint pos, GError **error)
{
  g_autofree char *number = g_strstrip (g_strdup (raw));

  if (*number == '\0')
    return TRUE;
  if (!g_utf8_validate (number, -1, NULL) || g_utf8_strlen (number, -1) > MAX_NUMBER_CHARS)
    return layout_fail (error, _ ("Column %u, door %u: a door number has at most %d characters."),
                        col, pos, MAX_NUMBER_CHARS);
  for (const char *p = number; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      return layout_fail (error, _ ("Column %u, door %u: the door number has a control character."),
                          col, pos);
  *out = g_steal_pointer (&number);
  return TRUE;
}

/* Heights, numbers and rows from the stacked doors; the checks that need
 * the whole bank. */
static gboolean
layout_finish (MrLockerLayout *layout, GError **error)
{
  g_autoptr (GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  guint next = 1;

  if (layout->columns->len == 0)
    return layout_fail (error, _ ("The layout has no column. Add at least one column of doors."));
  if (layout->columns->len > MR_LOCKER_MAX_COLUMNS)
    return layout_fail (error, _ ("A bank has at most %d columns."), MR_LOCKER_MAX_COLUMNS);

  layout->n_doors = 0;
  for (guint c = 0; c < layout->columns->len; c++)
    {
      MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, c);
      int base = col->base_cm >= 0 ? col->base_cm : layout->base_cm;
      int y = base;
      guint n = 0, row = 0;

      if (col->width_cm < 0)
        col->width_cm = MR_LOCKER_DEFAULT_WIDTH_CM;
      col->base_cm = base;
      for (guint i = 0; i < col->doors->len; i++)
        n += g_array_index (col->doors, MrLockerLayoutDoor, i).panel == NULL;
      if (n == 0)
        return layout_fail (error, _ ("Column %u has no door."), c + 1);
      if (n > MR_LOCKER_MAX_DOORS_PER_COLUMN)
        return layout_fail (error, _ ("Column %u has %u doors; a column has at most %d."), c + 1, n,
                            MR_LOCKER_MAX_DOORS_PER_COLUMN);
      layout->n_doors += n;
      if (layout->n_doors > MR_LOCKER_MAX_DOORS)
        return layout_fail (error, _ ("A bank has at most %d doors."), MR_LOCKER_MAX_DOORS);

      /* Stacked from the bottom: the last entry sits on the base. */
      for (guint i = col->doors->len; i-- > 0;)
        {
          MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);

          d->bottom_cm = y;
          y += d->height_cm;
          if (y > MR_LOCKER_MAX_CM)
            return layout_fail (error,
                                _ ("Column %u is %d cm high or more from the floor; the limit is "
                                   "%d cm. Check the heights and the base."),
                                c + 1, y, MR_LOCKER_MAX_CM);
        }
      for (guint i = 0; i < col->doors->len; i++)
        {
          MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);

          if (d->panel != NULL)
            continue;
          d->row = row++;
          if (d->number == NULL)
            continue;
          if (!g_hash_table_add (numbers, d->number))
            return layout_fail (error,
                                _ ("Column %u, door %u: the number “%s” is used twice. Every "
                                   "door of a bank has its own number."),
                                c + 1, i + 1, d->number);
        }
    }

  /* Doors without a number take the next free one. */
  for (guint c = 0; c < layout->columns->len; c++)
    {
      MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, c);

      for (guint i = 0; i < col->doors->len; i++)
        {
          MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);

          if (d->panel != NULL || d->number != NULL)
            continue;
          do
            {
              g_free (d->number);
              d->number = g_strdup_printf ("%u", next++);
            }
          while (g_hash_table_contains (numbers, d->number));
          g_hash_table_add (numbers, d->number);
        }
    }
  return TRUE;
}

/* Whether a door of @size and @height is coherent, filling in the
 * nominal height. */
static gboolean
door_check_size (MrLockerLayoutDoor *d, gboolean has_size, guint col, guint pos, GError **error)
{
  if (d->panel != NULL)
    {
      if (d->height_cm <= 0)
        return layout_fail (error, _ ("Column %u, entry %u: a panel needs its height in cm."), col,
                            pos);
    }
  else if (!has_size && d->height_cm <= 0)
    return layout_fail (
      error, _ ("Column %u, door %u: give a size (XS, S, M, L, XL) or a height in cm."), col, pos);
  else if (!has_size)
    d->size = MR_LOCKER_SIZE_CUSTOM;
  else if (d->size == MR_LOCKER_SIZE_CUSTOM && d->height_cm <= 0)
    return layout_fail (error, _ ("Column %u, door %u: a custom door needs its height in cm."), col,
                        pos);
  else if (d->height_cm <= 0)
    d->height_cm = mr_locker_size_get_height (d->size);
  if (d->height_cm < 1 || d->height_cm > MR_LOCKER_MAX_CM)
    return layout_fail (error, _ ("Column %u, door %u: the height must be between 1 and %d cm."),
                        col, pos, MR_LOCKER_MAX_CM);
  return TRUE;
}

static gboolean
parse_loading (const char *text, gboolean *rear)
{
  g_autofree char *folded = g_strstrip (mr_text_fold (text));

  if (strcmp (folded, "front") == 0 || strcmp (folded, "avant") == 0 ||
      strcmp (folded, "facade") == 0)
    *rear = FALSE;
  else if (strcmp (folded, "rear") == 0 || strcmp (folded, "back") == 0 ||
           strcmp (folded, "arriere") == 0)
    *rear = TRUE;
  else
    return FALSE;
  return TRUE;
}

/* JSON */

/* A whole number in [lo, hi] from a JSON value (an integer, or a double
 * with nothing after the point). */
static gboolean
json_int (JsonNode *node, int lo, int hi, int *out)
{
  GType type;
  gint64 v;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    v = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* NaN fails every comparison, so it fails here too. */
      if (!(d >= lo && d <= hi) || d != (double) (gint64) d)
        return FALSE;
      v = (gint64) d;
    }
  else
    return FALSE;
  if (v < lo || v > hi)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

static const char *
json_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
json_door (JsonNode *node,
           gboolean default_rear,
           guint col,
           guint pos,
           MrLockerLayoutDoor *d,
           GError **error)
{
  const char *text = json_string (node);
  gboolean has_size = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  d->rear_loading = default_rear;
  d->height_cm = -1;
  if (text != NULL)
    {
      if (!mr_locker_size_from_string (text, &d->size) || d->size == MR_LOCKER_SIZE_CUSTOM)
        return layout_fail (error,
                            _ ("Column %u, door %u: “%s” is not a size. Use XS, S, M, L or XL, "
                               "or give the height in cm."),
                            col, pos, text);
      return door_check_size (d, TRUE, col, pos, error);
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return layout_fail (error,
                        _ ("Column %u, door %u: a door is a size (\"M\") or an object ({\"size\": "
                           "\"M\"})."),
                        col, pos);

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (strcmp (key, "size") == 0)
        {
          const char *s = json_string (value);

          if (s == NULL || !mr_locker_size_from_string (s, &d->size))
            return layout_fail (error,
                                _ ("Column %u, door %u: the size must be XS, S, M, L, XL or "
                                   "custom."),
                                col, pos);
          has_size = TRUE;
        }
      else if (strcmp (key, "height_cm") == 0)
        {
          if (!json_int (value, 1, MR_LOCKER_MAX_CM, &d->height_cm))
            return layout_fail (error,
                                _ ("Column %u, door %u: the height must be between 1 and %d cm."),
                                col, pos, MR_LOCKER_MAX_CM);
        }
      else if (strcmp (key, "number") == 0)
        {
          const char *s = json_string (value);
          int n;
          g_autofree char *digits = NULL;

          if (s == NULL && json_int (value, 0, G_MAXINT, &n))
            s = digits = g_strdup_printf ("%d", n);
          if (s == NULL)
            return layout_fail (error,
                                _ ("Column %u, door %u: the number must be text or a "
                                   "whole number."),
                                col, pos);
          g_clear_pointer (&d->number, g_free);
          if (!check_number (s, &d->number, col, pos, error))
            return FALSE;
        }
      else if (strcmp (key, "delivery_only") == 0)
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
            return layout_fail (error, _ ("Column %u, door %u: “delivery_only” is true or false."),
                                col, pos);
          d->delivery_only = json_node_get_boolean (value);
        }
      else if (strcmp (key, "loading") == 0)
        {
          const char *s = json_string (value);

          if (s == NULL || !parse_loading (s, &d->rear_loading))
            return layout_fail (error, _ ("Column %u, door %u: the loading is “front” or “rear”."),
                                col, pos);
        }
      else if (strcmp (key, "panel") == 0)
        {
          const char *s = json_string (value);

          if (s == NULL && JSON_NODE_HOLDS_VALUE (value) &&
              json_node_get_value_type (value) == G_TYPE_BOOLEAN && json_node_get_boolean (value))
            s = "";
          if (s == NULL || !g_utf8_validate (s, -1, NULL))
            return layout_fail (
              error, _ ("Column %u, entry %u: “panel” is the panel's name, or true."), col, pos);
          g_free (d->panel);
          d->panel = g_utf8_substring (s, 0, MIN (g_utf8_strlen (s, -1), 64));
        }
      else
        return layout_fail (error, _ ("Column %u, door %u: unknown key “%s”."), col, pos, key);
    }
  if (d->panel != NULL && (has_size || d->number != NULL || d->delivery_only))
    return layout_fail (error,
                        _ ("Column %u, entry %u: a panel is not a door; it has a height and a "
                           "name only."),
                        col, pos);
  return door_check_size (d, has_size, col, pos, error);
}

static gboolean
json_column (JsonNode *node,
             int default_width,
             gboolean default_rear,
             guint col,
             MrLockerLayoutColumn *c,
             GError **error)
{
  JsonArray *doors = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  c->width_cm = default_width;
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    doors = json_node_get_array (node);
  else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &key, &value))
        {
          if (strcmp (key, "doors") == 0 && JSON_NODE_HOLDS_ARRAY (value))
            doors = json_node_get_array (value);
          else if (strcmp (key, "width_cm") == 0)
            {
              if (!json_int (value, MIN_WIDTH_CM, MAX_WIDTH_CM, &c->width_cm))
                return layout_fail (error, _ ("Column %u: the width must be between %d and %d cm."),
                                    col, MIN_WIDTH_CM, MAX_WIDTH_CM);
            }
          else if (strcmp (key, "base_cm") == 0)
            {
              if (!json_int (value, 0, MAX_BASE_CM, &c->base_cm))
                return layout_fail (error,
                                    _ ("Column %u: the base must be between 0 and %d cm from the "
                                       "floor."),
                                    col, MAX_BASE_CM);
            }
          else if (strcmp (key, "doors") != 0)
            return layout_fail (error, _ ("Column %u: unknown key “%s”."), col, key);
        }
    }
  if (doors == NULL)
    return layout_fail (error, _ ("Column %u: give its doors as a list, from the top down."), col);
  if (json_array_get_length (doors) > 2 * MR_LOCKER_MAX_DOORS_PER_COLUMN)
    return layout_fail (error, _ ("Column %u has %u doors; a column has at most %d."), col,
                        json_array_get_length (doors), MR_LOCKER_MAX_DOORS_PER_COLUMN);
  for (guint i = 0; i < json_array_get_length (doors); i++)
    {
      MrLockerLayoutDoor d = { 0 };

      if (!json_door (json_array_get_element (doors, i), default_rear, col, i + 1, &d, error))
        {
          door_clear (&d);
          return FALSE;
        }
      g_array_append_val (c->doors, d);
    }
  return TRUE;
}

MrLockerLayout *
mr_locker_layout_parse_json (const char *text, gssize length, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (MrLockerLayout) layout = layout_new ();
  g_autoptr (GError) json_error = NULL;
  JsonNode *root, *columns = NULL;
  int width = MR_LOCKER_DEFAULT_WIDTH_CM;
  gboolean rear = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (text);
  if (!g_utf8_validate (text, length, NULL))
    {
      layout_fail (error, _ ("The layout is not UTF-8 text."));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, length, &json_error))
    {
      /* json-glib may cut a quoted string of the input mid-character. */
      g_autofree char *why = g_utf8_make_valid (json_error->message, -1);

      layout_fail (error, _ ("The layout is not valid JSON: %s"), why);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    columns = root;
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (root));
      while (json_object_iter_next (&iter, &key, &value))
        {
          if (strcmp (key, "columns") == 0)
            columns = value;
          else if (strcmp (key, "base_cm") == 0)
            {
              if (!json_int (value, 0, MAX_BASE_CM, &layout->base_cm))
                {
                  layout_fail (error, _ ("The base must be between 0 and %d cm from the floor."),
                               MAX_BASE_CM);
                  return NULL;
                }
            }
          else if (strcmp (key, "width_cm") == 0)
            {
              if (!json_int (value, MIN_WIDTH_CM, MAX_WIDTH_CM, &width))
                {
                  layout_fail (error, _ ("The column width must be between %d and %d cm."),
                               MIN_WIDTH_CM, MAX_WIDTH_CM);
                  return NULL;
                }
            }
          else if (strcmp (key, "loading") == 0)
            {
              const char *s = json_string (value);

              if (s == NULL || !parse_loading (s, &rear))
                {
                  layout_fail (error, _ ("The loading is “front” or “rear”."));
                  return NULL;
                }
            }
          else
            {
              layout_fail (error, _ ("Unknown key “%s” in the layout."), key);
              return NULL;
            }
        }
    }
  if (columns == NULL || !JSON_NODE_HOLDS_ARRAY (columns))
    {
      layout_fail (error, _ ("The layout needs a list of columns: {\"columns\": [{\"doors\": "
                             "[\"M\", \"L\"]}]}."));
      return NULL;
    }
  if (json_array_get_length (json_node_get_array (columns)) > MR_LOCKER_MAX_COLUMNS)
    {
      layout_fail (error, _ ("A bank has at most %d columns."), MR_LOCKER_MAX_COLUMNS);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (columns)); i++)
    {
      MrLockerLayoutColumn *c = column_new ();

      g_ptr_array_add (layout->columns, c);
      if (!json_column (json_array_get_element (json_node_get_array (columns), i), width, rear,
                        i + 1, c, error))
        return NULL;
    }
  if (!layout_finish (layout, error))
    return NULL;
  return g_steal_pointer (&layout);
}

/* CSV */

typedef enum
{
  CSV_COLUMN,
  CSV_SIZE,
  CSV_HEIGHT,
  CSV_NUMBER,
  CSV_DELIVERY_ONLY,
  CSV_LOADING,
  CSV_WIDTH,
  CSV_BASE,
  CSV_N_FIELDS
} CsvField;

static const struct
{
  const char *name;
  CsvField field;
} csv_headers[] = {
  { "column", CSV_COLUMN },
  { "col", CSV_COLUMN },
  { "colonne", CSV_COLUMN },
  { "size", CSV_SIZE },
  { "taille", CSV_SIZE },
  { "height_cm", CSV_HEIGHT },
  { "height", CSV_HEIGHT },
  { "hauteur_cm", CSV_HEIGHT },
  { "hauteur", CSV_HEIGHT },
  { "number", CSV_NUMBER },
  { "numero", CSV_NUMBER },
  { "door", CSV_NUMBER },
  { "porte", CSV_NUMBER },
  { "delivery_only", CSV_DELIVERY_ONLY },
  { "livraison_seule", CSV_DELIVERY_ONLY },
  { "loading", CSV_LOADING },
  { "chargement", CSV_LOADING },
  { "width_cm", CSV_WIDTH },
  { "width", CSV_WIDTH },
  { "largeur_cm", CSV_WIDTH },
  { "largeur", CSV_WIDTH },
  { "base_cm", CSV_BASE },
  { "base", CSV_BASE },
};

static gboolean
csv_int (const char *raw, int lo, int hi, int *out)
{
  g_autofree char *text = g_strstrip (g_strdup (raw ? raw : ""));
  gint64 v;
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  v = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || v < lo || v > hi)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

static gboolean
csv_bool (const char *text, gboolean *out)
{
  g_autofree char *f = g_strstrip (mr_text_fold (text));

  if (*f == '\0' || strcmp (f, "no") == 0 || strcmp (f, "non") == 0 || strcmp (f, "false") == 0 ||
      strcmp (f, "faux") == 0 || strcmp (f, "0") == 0)
    *out = FALSE;
  else if (strcmp (f, "yes") == 0 || strcmp (f, "oui") == 0 || strcmp (f, "true") == 0 ||
           strcmp (f, "vrai") == 0 || strcmp (f, "1") == 0 || strcmp (f, "x") == 0)
    *out = TRUE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
csv_header (const char *const *fields, guint n, int map[CSV_N_FIELDS], GError **error)
{
  for (guint f = 0; f < CSV_N_FIELDS; f++)
    map[f] = -1;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *folded = mr_text_fold (fields[i]);
      gboolean known = FALSE;

      g_strstrip (folded);
      for (char *p = folded; *p; p++)
        if (*p == ' ' || *p == '-')
          *p = '_';
      if (*folded == '\0')
        continue;
      for (guint h = 0; h < G_N_ELEMENTS (csv_headers) && !known; h++)
        if (strcmp (csv_headers[h].name, folded) == 0)
          {
            if (map[csv_headers[h].field] >= 0)
              return layout_fail (error, _ ("Line 1: the column “%s” appears twice."), fields[i]);
            map[csv_headers[h].field] = (int) i;
            known = TRUE;
          }
      if (!known)
        return layout_fail (error,
                            _ ("Line 1: unknown column “%s”. The columns are column, size, "
                               "height_cm, number, delivery_only, loading, width_cm and base_cm."),
                            fields[i]);
    }
  if (map[CSV_COLUMN] < 0 || (map[CSV_SIZE] < 0 && map[CSV_HEIGHT] < 0))
    return layout_fail (error, _ ("Line 1 must name the columns, at least “column” and “size” or "
                                  "“height_cm”."));
  return TRUE;
}

static const char *
csv_get (const char *const *fields, guint n, const int map[CSV_N_FIELDS], CsvField f)
{
  return map[f] >= 0 && (guint) map[f] < n ? fields[map[f]] : "";
}

/* One line: a door or a panel at the bottom of its column so far. */
static gboolean
csv_row (MrLockerLayout *layout,
         const char *const *fields,
         guint n,
         const int map[CSV_N_FIELDS],
         guint line,
         GError **error)
{
  g_autofree char *size = g_strstrip (g_strdup (csv_get (fields, n, map, CSV_SIZE)));
  const char *height = csv_get (fields, n, map, CSV_HEIGHT);
  const char *loading = csv_get (fields, n, map, CSV_LOADING);
  const char *width = csv_get (fields, n, map, CSV_WIDTH);
  const char *base = csv_get (fields, n, map, CSV_BASE);
  MrLockerLayoutColumn *c;
  g_auto (MrLockerLayoutDoor) d = { 0 };
  gboolean has_size = FALSE;
  int col, value;

  if (!csv_int (csv_get (fields, n, map, CSV_COLUMN), 1, MR_LOCKER_MAX_COLUMNS, &col))
    return layout_fail (error, _ ("Line %u: the column is a number from 1 to %d."), line,
                        MR_LOCKER_MAX_COLUMNS);
  while (layout->columns->len < (guint) col)
    g_ptr_array_add (layout->columns, column_new ());
  c = g_ptr_array_index (layout->columns, col - 1);
  if (c->doors->len >= 2 * MR_LOCKER_MAX_DOORS_PER_COLUMN)
    return layout_fail (error,
                        _ ("Line %u: column %d has too many doors; a column has at most %d."), line,
                        col, MR_LOCKER_MAX_DOORS_PER_COLUMN);

  d.height_cm = -1;
  if (!mr_text_is_blank (height) && !csv_int (height, 1, MR_LOCKER_MAX_CM, &d.height_cm))
    return layout_fail (error, _ ("Line %u: the height must be a whole number of cm from 1 to %d."),
                        line, MR_LOCKER_MAX_CM);
  if (g_ascii_strcasecmp (size, "panel") == 0 || g_ascii_strcasecmp (size, "panneau") == 0)
    d.panel = g_strdup ("");
  else if (*size != '\0')
    {
      if (!mr_locker_size_from_string (size, &d.size))
        return layout_fail (error,
                            _ ("Line %u: “%s” is not a size. Use XS, S, M, L, XL, custom or "
                               "panel."),
                            line, size);
      has_size = TRUE;
    }
  if (!mr_text_is_blank (loading) && !parse_loading (loading, &d.rear_loading))
    return layout_fail (error, _ ("Line %u: the loading is “front” or “rear”."), line);
  if (!csv_bool (csv_get (fields, n, map, CSV_DELIVERY_ONLY), &d.delivery_only))
    return layout_fail (error, _ ("Line %u: delivery_only is yes or no."), line);
  if (!check_number (csv_get (fields, n, map, CSV_NUMBER), &d.number, col, c->doors->len + 1,
                     error))
    {
      g_prefix_error (error, _ ("Line %u: "), line);
      return FALSE;
    }
  if (d.panel != NULL)
    {
      /* A panel's name goes where a door's number would. */
      if (d.number != NULL)
        {
          g_free (d.panel);
          d.panel = g_steal_pointer (&d.number);
        }
      if (d.delivery_only)
        return layout_fail (error,
                            _ ("Line %u: a panel is not a door; it has a height and a "
                               "name only."),
                            line);
    }
  if (!door_check_size (&d, has_size, col, c->doors->len + 1, error))
    {
      g_prefix_error (error, _ ("Line %u: "), line);
      return FALSE;
    }
  g_array_append_val (c->doors, d);
  /* The column owns the door's strings now. */
  memset (&d, 0, sizeof d);

  if (!mr_text_is_blank (width))
    {
      if (!csv_int (width, MIN_WIDTH_CM, MAX_WIDTH_CM, &value))
        return layout_fail (error, _ ("Line %u: the width must be between %d and %d cm."), line,
                            MIN_WIDTH_CM, MAX_WIDTH_CM);
      if (c->width_cm >= 0 && c->width_cm != value)
        return layout_fail (error,
                            _ ("Line %u: column %d already has the width %d cm. Give it once."),
                            line, col, c->width_cm);
      c->width_cm = value;
    }
  if (!mr_text_is_blank (base))
    {
      if (!csv_int (base, 0, MAX_BASE_CM, &value))
        return layout_fail (error,
                            _ ("Line %u: the base must be between 0 and %d cm from the floor."),
                            line, MAX_BASE_CM);
      if (c->base_cm >= 0 && c->base_cm != value)
        return layout_fail (error,
                            _ ("Line %u: column %d already has the base %d cm. Give it once."),
                            line, col, c->base_cm);
      c->base_cm = value;
    }
  return TRUE;
}

MrLockerLayout *
mr_locker_layout_parse_csv (const char *text, gssize length, GError **error)
{
  g_autoptr (MrLockerLayout) layout = layout_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (MrCsvReader) reader = NULL;
  g_autoptr (GError) csv_error = NULL;
  const char *const *fields;
  guint n, rows = 0;
  int map[CSV_N_FIELDS];

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (text);
  bytes = g_bytes_new (text, (gsize) length);
  reader = mr_csv_reader_new_from_bytes (bytes, MR_CSV_ENCODING_AUTO, 0, &csv_error);
  if (reader == NULL || !mr_csv_reader_next (reader, &fields, &n, &csv_error))
    {
      if (csv_error != NULL)
        layout_fail (error, _ ("The layout cannot be read as CSV: %s"), csv_error->message);
      else
        layout_fail (error, _ ("The layout is empty."));
      return NULL;
    }
  if (!csv_header (fields, n, map, error))
    return NULL;

  while (mr_csv_reader_next (reader, &fields, &n, &csv_error))
    {
      guint line = mr_csv_reader_get_line (reader);

      for (guint i = 0; i < n; i++)
        {
          gboolean mapped = FALSE;

          for (guint f = 0; f < CSV_N_FIELDS; f++)
            mapped |= map[f] == (int) i;
          if (!mapped && !mr_text_is_blank (fields[i]))
            {
              layout_fail (error, _ ("Line %u has more values than line 1 has column names."),
                           line);
              return NULL;
            }
        }
      if (!csv_row (layout, fields, n, map, line, error))
        return NULL;
      if (++rows > 2 * MR_LOCKER_MAX_DOORS)
        {
          layout_fail (error, _ ("A bank has at most %d doors."), MR_LOCKER_MAX_DOORS);
          return NULL;
        }
    }
  if (csv_error != NULL)
    {
      layout_fail (error, _ ("The layout cannot be read as CSV: %s"), csv_error->message);
      return NULL;
    }
  /* The bank's own base is its first column's. */
  if (layout->columns->len > 0)
    layout->base_cm = MAX (((MrLockerLayoutColumn *) layout->columns->pdata[0])->base_cm, 0);
  if (!layout_finish (layout, error))
    return NULL;
  return g_steal_pointer (&layout);
}

MrLockerLayout *
mr_locker_layout_parse (const char *text, gssize length, GError **error)
{
  gsize n;

  g_return_val_if_fail (text != NULL, NULL);

  n = length < 0 ? strlen (text) : (gsize) length;
  /* Skip a UTF-8 byte order mark and blanks to see the first character. */
  for (gsize i = 0; i < n; i++)
    {
      guchar ch = (guchar) text[i];

      if (ch == 0xEF && i + 2 < n && (guchar) text[i + 1] == 0xBB && (guchar) text[i + 2] == 0xBF)
        {
          i += 2;
          continue;
        }
      if (g_ascii_isspace (ch))
        continue;
      if (ch == '{' || ch == '[')
        {
          gsize skip = i;

          return mr_locker_layout_parse_json (text + skip, (gssize) (n - skip), error);
        }
      break;
    }
  return mr_locker_layout_parse_csv (text, (gssize) n, error);
}

char *
mr_locker_layout_to_json (const MrLockerLayout *layout)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (layout != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "base_cm");
  json_builder_add_int_value (b, layout->base_cm);
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint c = 0; c < layout->columns->len; c++)
    {
      MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, c);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "width_cm");
      json_builder_add_int_value (b, col->width_cm);
      json_builder_set_member_name (b, "base_cm");
      json_builder_add_int_value (b, col->base_cm);
      json_builder_set_member_name (b, "doors");
      json_builder_begin_array (b);
      for (guint i = 0; i < col->doors->len; i++)
        {
          const MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);

          json_builder_begin_object (b);
          if (d->panel != NULL)
            {
              json_builder_set_member_name (b, "panel");
              json_builder_add_string_value (b, d->panel);
            }
          else
            {
              json_builder_set_member_name (b, "number");
              json_builder_add_string_value (b, d->number);
              json_builder_set_member_name (b, "size");
              json_builder_add_string_value (b, mr_locker_size_to_string (d->size));
              json_builder_set_member_name (b, "delivery_only");
              json_builder_add_boolean_value (b, d->delivery_only);
              json_builder_set_member_name (b, "loading");
              json_builder_add_string_value (b, d->rear_loading ? "rear" : "front");
            }
          json_builder_set_member_name (b, "height_cm");
          json_builder_add_int_value (b, d->height_cm);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

MrLockerLayout *
mr_locker_layout_from_map (const MrLockerMap *map)
{
  MrLockerLayout *layout = layout_new ();

  g_return_val_if_fail (map != NULL, NULL);

  layout->base_cm = map->bank ? map->bank->base_cm : 0;
  for (guint c = 0; c < map->columns->len; c++)
    {
      const MrLockerColumn *mc = &g_array_index (map->columns, MrLockerColumn, c);
      MrLockerLayoutColumn *col = column_new ();

      col->width_cm = mc->width_cm;
      col->base_cm = mc->bottom_cm;
      for (guint i = 0; i < mc->n_doors; i++)
        {
          const MrLockerDoor *door = &g_array_index (map->doors, MrLockerDoor, mc->first_door + i);
          MrLockerLayoutDoor d = { 0 };

          /* A gap above this door (below the previous one) is a panel. */
          if (i > 0)
            {
              const MrLockerDoor *above =
                &g_array_index (map->doors, MrLockerDoor, mc->first_door + i - 1);

              if (above->bottom_cm > door->top_cm)
                {
                  MrLockerLayoutDoor gap = { 0 };

                  gap.panel = g_strdup ("");
                  gap.height_cm = above->bottom_cm - door->top_cm;
                  gap.bottom_cm = door->top_cm;
                  g_array_append_val (col->doors, gap);
                }
            }
          d.number = g_strdup (door->number);
          d.size = door->size;
          d.height_cm = door->height_cm;
          d.bottom_cm = door->bottom_cm;
          d.rear_loading = door->rear_loading;
          d.delivery_only = door->delivery_only;
          d.row = door->row;
          g_array_append_val (col->doors, d);
          layout->n_doors++;
        }
      g_ptr_array_add (layout->columns, col);
    }
  return layout;
}

const MrLockerLayoutDoor *
mr_locker_layout_get_door (const MrLockerLayout *layout, guint i, guint *col)
{
  g_return_val_if_fail (layout != NULL, NULL);

  for (guint c = 0; c < layout->columns->len; c++)
    {
      MrLockerLayoutColumn *column = g_ptr_array_index (layout->columns, c);

      for (guint k = 0; k < column->doors->len; k++)
        {
          const MrLockerLayoutDoor *d = &g_array_index (column->doors, MrLockerLayoutDoor, k);

          if (d->panel != NULL)
            continue;
          if (i-- == 0)
            {
              if (col != NULL)
                *col = c;
              return d;
            }
        }
    }
  return NULL;
}
