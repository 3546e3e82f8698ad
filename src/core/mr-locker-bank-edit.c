/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-locker-layout.h"
#include "mr-text.h"

/* A bank's layout changed in memory, one step at a time, by the bank
 * editor. Every step works on a copy that is written out and read back by
 * the layout parser: the parser is the one place that computes heights
 * from the floor, rows and numbers and knows the limits, so an edited
 * layout is exactly what "locker_bank.create" or ".set_layout" will read,
 * and a step that would break a rule changes nothing and says why. */

#define MAX_PREFIX_CHARS 8
#define MAX_START 1000000

static void
edit_door_clear (gpointer data)
{
  MrLockerLayoutDoor *d = data;

  g_free (d->number);
  g_free (d->panel);
}

static void
edit_column_free (gpointer data)
{
  MrLockerLayoutColumn *c = data;

  g_array_unref (c->doors);
  g_free (c);
}

static MrLockerLayoutColumn *
edit_column_new (int width_cm, int base_cm)
{
  MrLockerLayoutColumn *c = g_new0 (MrLockerLayoutColumn, 1);

  c->width_cm = width_cm;
  c->base_cm = base_cm;
  c->doors = g_array_new (FALSE, TRUE, sizeof (MrLockerLayoutDoor));
  g_array_set_clear_func (c->doors, edit_door_clear);
  return c;
}

static gboolean edit_fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
edit_fail (GError **error, const char *format, ...)
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

MrLockerLayout *
mr_locker_layout_new_empty (int base_cm)
{
  MrLockerLayout *layout = g_new0 (MrLockerLayout, 1);

  layout->base_cm = CLAMP (base_cm, 0, 200);
  layout->columns = g_ptr_array_new_with_free_func (edit_column_free);
  return layout;
}

/* The layout as JSON the parser reads back the same, except that doors
 * without a number stay without one (the parser gives them the next
 * free number). */
static char *
edit_to_json (const MrLockerLayout *layout)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "base_cm");
  json_builder_add_int_value (b, layout->base_cm);
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint c = 0; c < layout->columns->len; c++)
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, c);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "width_cm");
      json_builder_add_int_value (b, col->width_cm);
      json_builder_set_member_name (b, "base_cm");
      json_builder_add_int_value (b, col->base_cm >= 0 ? col->base_cm : layout->base_cm);
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
              if (d->number != NULL)
                {
                  json_builder_set_member_name (b, "number");
                  json_builder_add_string_value (b, d->number);
                }
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
  return json_generator_to_data (gen, NULL);
}

/* Moves what @from holds into @to, leaving @from empty. */
static void
layout_take (MrLockerLayout *to, MrLockerLayout *from)
{
  GPtrArray *old = to->columns;

  to->base_cm = from->base_cm;
  to->n_doors = from->n_doors;
  to->columns = from->columns;
  from->columns = old;
  from->n_doors = 0;
}

gboolean
mr_locker_layout_update (MrLockerLayout *layout, GError **error)
{
  g_autofree char *json = NULL;
  g_autoptr (MrLockerLayout) fresh = NULL;

  g_return_val_if_fail (layout != NULL, FALSE);

  json = edit_to_json (layout);
  fresh = mr_locker_layout_parse_json (json, -1, error);
  if (fresh == NULL)
    return FALSE;
  layout_take (layout, fresh);
  return TRUE;
}

MrLockerLayout *
mr_locker_layout_copy (const MrLockerLayout *layout)
{
  MrLockerLayout *copy;

  g_return_val_if_fail (layout != NULL, NULL);

  copy = mr_locker_layout_new_empty (layout->base_cm);
  copy->n_doors = layout->n_doors;
  for (guint c = 0; c < layout->columns->len; c++)
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, c);
      MrLockerLayoutColumn *dup = edit_column_new (col->width_cm, col->base_cm);

      for (guint i = 0; i < col->doors->len; i++)
        {
          MrLockerLayoutDoor d = g_array_index (col->doors, MrLockerLayoutDoor, i);

          d.number = g_strdup (d.number);
          d.panel = g_strdup (d.panel);
          g_array_append_val (dup->doors, d);
        }
      g_ptr_array_add (copy->columns, dup);
    }
  return copy;
}

/* Runs the parser over an edited copy and, when it accepts it, puts the
 * result in place of @layout. */
static gboolean
commit (MrLockerLayout *layout, MrLockerLayout *edited, GError **error)
{
  if (!mr_locker_layout_update (edited, error))
    return FALSE;
  layout_take (layout, edited);
  return TRUE;
}

static MrLockerLayoutDoor *
edit_get_door (MrLockerLayout *layout, guint column, guint entry, GError **error)
{
  MrLockerLayoutColumn *col;
  MrLockerLayoutDoor *d;

  if (column >= layout->columns->len)
    {
      edit_fail (error, _ ("There is no column %u."), column + 1);
      return NULL;
    }
  col = g_ptr_array_index (layout->columns, column);
  if (entry >= col->doors->len)
    {
      edit_fail (error, _ ("Column %u has no door %u."), column + 1, entry + 1);
      return NULL;
    }
  d = &g_array_index (col->doors, MrLockerLayoutDoor, entry);
  if (d->panel != NULL)
    {
      edit_fail (error, _ ("This is a panel, not a door."));
      return NULL;
    }
  return d;
}

/* One door of a size, or of a custom height when @size is custom. */
static gboolean
check_size (MrLockerSize size, int height_cm, GError **error)
{
  if (size >= MR_LOCKER_N_SIZES)
    return edit_fail (error, _ ("The locker size must be XS, S, M, L, XL or custom."));
  if (size == MR_LOCKER_SIZE_CUSTOM && (height_cm < 1 || height_cm > MR_LOCKER_MAX_CM))
    return edit_fail (error, _ ("A custom door is between 1 and %d cm high."), MR_LOCKER_MAX_CM);
  return TRUE;
}

static int
size_height (MrLockerSize size, int height_cm)
{
  return size == MR_LOCKER_SIZE_CUSTOM ? height_cm : mr_locker_size_get_height (size);
}

/* A door list as people type it: sizes and heights in cm, from the top,
 * separated by commas, semicolons or spaces; "3×M" or "3*M" repeats ("x"
 * is not taken for "times": "2XS" would be ambiguous). */
static gboolean
parse_door_list (const char *text, MrLockerLayoutColumn *col, gboolean rear, GError **error)
{
  g_autofree char *copy = g_strdup (text ? text : "");
  g_auto (GStrv) parts = NULL;

  g_strdelimit (copy, ",;\t\n", ' ');
  parts = g_strsplit (copy, " ", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *token = g_strstrip (g_strdup (parts[i]));
      const char *what = token;
      gint64 repeat = 1;
      char *times;
      MrLockerLayoutDoor d = { 0 };

      if (*token == '\0')
        continue;
      times = strstr (token, "×");
      if (times == NULL)
        times = strchr (token, '*');
      if (times != NULL && times > token && g_ascii_isdigit (token[0]))
        {
          char *end = NULL;

          repeat = g_ascii_strtoll (token, &end, 10);
          if (end != times || repeat < 1 || repeat > MR_LOCKER_MAX_DOORS_PER_COLUMN)
            return edit_fail (error,
                              _ ("“%s” is not a door. Give sizes (XS, S, M, L, XL) or heights in "
                                 "cm, from the top, such as “S, S, M, 3×L”."),
                              token);
          what = times + (g_str_has_prefix (times, "×") ? strlen ("×") : 1);
        }
      d.rear_loading = rear;
      if (mr_locker_size_from_string (what, &d.size) && d.size != MR_LOCKER_SIZE_CUSTOM)
        d.height_cm = mr_locker_size_get_height (d.size);
      else
        {
          char *end = NULL;
          gint64 cm = g_ascii_strtoll (what, &end, 10);

          if (end == what || (*end != '\0' && g_ascii_strcasecmp (end, "cm") != 0) || cm < 1 ||
              cm > MR_LOCKER_MAX_CM)
            return edit_fail (error,
                              _ ("“%s” is not a door. Give sizes (XS, S, M, L, XL) or heights in "
                                 "cm, from the top, such as “S, S, M, 3×L”."),
                              token);
          d.size = MR_LOCKER_SIZE_CUSTOM;
          d.height_cm = (int) cm;
        }
      if (col->doors->len + repeat > MR_LOCKER_MAX_DOORS_PER_COLUMN)
        return edit_fail (error, _ ("A column has at most %d doors."),
                          MR_LOCKER_MAX_DOORS_PER_COLUMN);
      for (gint64 r = 0; r < repeat; r++)
        g_array_append_val (col->doors, d);
    }
  if (col->doors->len == 0)
    return edit_fail (error, _ ("Give the doors of the column, from the top, such as “S, S, M, "
                                "L”."));
  return TRUE;
}

gboolean
mr_locker_layout_add_column (
  MrLockerLayout *layout, int width_cm, const char *doors, gboolean rear_loading, GError **error)
{
  g_autoptr (MrLockerLayout) edited = NULL;
  MrLockerLayoutColumn *col;

  g_return_val_if_fail (layout != NULL, FALSE);

  edited = mr_locker_layout_copy (layout);
  col = edit_column_new (width_cm, layout->base_cm);
  g_ptr_array_add (edited->columns, col);
  if (!parse_door_list (doors, col, rear_loading, error))
    return FALSE;
  return commit (layout, edited, error);
}

gboolean
mr_locker_layout_remove_column (MrLockerLayout *layout, guint column, GError **error)
{
  g_autoptr (MrLockerLayout) edited = NULL;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (column >= layout->columns->len)
    return edit_fail (error, _ ("There is no column %u."), column + 1);
  edited = mr_locker_layout_copy (layout);
  g_ptr_array_remove_index (edited->columns, column);
  /* A bank without columns is where a new bank starts; the parser would
   * refuse it, so it is kept as it is. */
  if (edited->columns->len == 0)
    {
      layout_take (layout, edited);
      layout->n_doors = 0;
      return TRUE;
    }
  return commit (layout, edited, error);
}

gboolean
mr_locker_layout_set_column_width (MrLockerLayout *layout,
                                   guint column,
                                   int width_cm,
                                   GError **error)
{
  g_autoptr (MrLockerLayout) edited = NULL;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (column >= layout->columns->len)
    return edit_fail (error, _ ("There is no column %u."), column + 1);
  edited = mr_locker_layout_copy (layout);
  ((MrLockerLayoutColumn *) g_ptr_array_index (edited->columns, column))->width_cm = width_cm;
  return commit (layout, edited, error);
}

gboolean
mr_locker_layout_set_base (MrLockerLayout *layout, int base_cm, GError **error)
{
  g_autoptr (MrLockerLayout) edited = NULL;

  g_return_val_if_fail (layout != NULL, FALSE);

  edited = mr_locker_layout_copy (layout);
  /* Columns standing on the bank's base move with it; a column raised on
   * its own keeps its height. */
  for (guint c = 0; c < edited->columns->len; c++)
    {
      MrLockerLayoutColumn *col = g_ptr_array_index (edited->columns, c);

      if (col->base_cm == layout->base_cm)
        col->base_cm = base_cm;
    }
  edited->base_cm = base_cm;
  if (edited->columns->len == 0)
    {
      if (base_cm < 0 || base_cm > 200)
        return edit_fail (error, _ ("The base must be between 0 and %d cm from the floor."), 200);
      layout_take (layout, edited);
      return TRUE;
    }
  return commit (layout, edited, error);
}

gboolean
mr_locker_layout_set_door_size (MrLockerLayout *layout,
                                guint column,
                                guint entry,
                                MrLockerSize size,
                                int height_cm,
                                GError **error)
{
  g_autoptr (MrLockerLayout) edited = NULL;
  MrLockerLayoutDoor *d;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (!check_size (size, height_cm, error))
    return FALSE;
  edited = mr_locker_layout_copy (layout);
  d = edit_get_door (edited, column, entry, error);
  if (d == NULL)
    return FALSE;
  d->size = size;
  d->height_cm = size_height (size, height_cm);
  return commit (layout, edited, error);
}

gboolean
mr_locker_layout_split_door (MrLockerLayout *layout,
                             guint column,
                             guint entry,
                             MrLockerSize top_size,
                             int top_height_cm,
                             MrLockerSize bottom_size,
                             int bottom_height_cm,
                             GError **error)
{
  g_autoptr (MrLockerLayout) edited = NULL;
  MrLockerLayoutColumn *col;
  MrLockerLayoutDoor *d, bottom;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (!check_size (top_size, top_height_cm, error) ||
      !check_size (bottom_size, bottom_height_cm, error))
    return FALSE;
  edited = mr_locker_layout_copy (layout);
  d = edit_get_door (edited, column, entry, error);
  if (d == NULL)
    return FALSE;
  col = g_ptr_array_index (edited->columns, column);
  if (col->doors->len >= MR_LOCKER_MAX_DOORS_PER_COLUMN)
    return edit_fail (error, _ ("A column has at most %d doors."), MR_LOCKER_MAX_DOORS_PER_COLUMN);

  /* The top part keeps the door's number; the new one below takes the
   * next free number. */
  bottom = *d;
  bottom.number = NULL;
  bottom.panel = NULL;
  bottom.size = bottom_size;
  bottom.height_cm = size_height (bottom_size, bottom_height_cm);
  d->size = top_size;
  d->height_cm = size_height (top_size, top_height_cm);
  g_array_insert_val (col->doors, entry + 1, bottom);
  return commit (layout, edited, error);
}

/* The standard size of exactly @height_cm, or custom. */
static MrLockerSize
size_of_height (int height_cm)
{
  for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
    if (mr_locker_size_get_height ((MrLockerSize) s) == height_cm)
      return (MrLockerSize) s;
  return MR_LOCKER_SIZE_CUSTOM;
}

gboolean
mr_locker_layout_merge_door (MrLockerLayout *layout, guint column, guint entry, GError **error)
{
  g_autoptr (MrLockerLayout) edited = NULL;
  MrLockerLayoutColumn *col;
  MrLockerLayoutDoor *d, *below;

  g_return_val_if_fail (layout != NULL, FALSE);

  edited = mr_locker_layout_copy (layout);
  d = edit_get_door (edited, column, entry, error);
  if (d == NULL)
    return FALSE;
  col = g_ptr_array_index (edited->columns, column);
  if (entry + 1 >= col->doors->len ||
      g_array_index (col->doors, MrLockerLayoutDoor, entry + 1).panel != NULL)
    return edit_fail (error, _ ("Door %s has no door right below it to merge with."), d->number);
  below = &g_array_index (col->doors, MrLockerLayoutDoor, entry + 1);
  d->height_cm += below->height_cm;
  d->size = size_of_height (d->height_cm);
  d->delivery_only = d->delivery_only && below->delivery_only;
  g_array_remove_index (col->doors, entry + 1);
  return commit (layout, edited, error);
}

gboolean
mr_locker_layout_set_door_number (
  MrLockerLayout *layout, guint column, guint entry, const char *number, GError **error)
{
  g_autoptr (MrLockerLayout) edited = NULL;
  MrLockerLayoutDoor *d;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (number == NULL || mr_text_is_blank (number))
    return edit_fail (error, _ ("Enter a locker number."));
  edited = mr_locker_layout_copy (layout);
  d = edit_get_door (edited, column, entry, error);
  if (d == NULL)
    return FALSE;
  g_free (d->number);
  d->number = g_strstrip (g_strdup (number));
  return commit (layout, edited, error);
}

gboolean
mr_locker_layout_set_door_options (MrLockerLayout *layout,
                                   guint column,
                                   guint entry,
                                   gboolean rear_loading,
                                   gboolean delivery_only,
                                   GError **error)
{
  MrLockerLayoutDoor *d;

  g_return_val_if_fail (layout != NULL, FALSE);

  /* Neither moves a door nor changes a number: nothing to recompute. */
  d = edit_get_door (layout, column, entry, error);
  if (d == NULL)
    return FALSE;
  d->rear_loading = rear_loading;
  d->delivery_only = delivery_only;
  return TRUE;
}

typedef struct
{
  MrLockerLayoutDoor *door;
  guint col;
  guint row;
  int top;
} Numbered;

static int
compare_by_columns (gconstpointer a, gconstpointer b)
{
  const Numbered *x = a, *y = b;

  if (x->col != y->col)
    return x->col < y->col ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* The same order as "locker_bank.renumber": the highest doors first, left
 * to right. */
static int
compare_by_rows (gconstpointer a, gconstpointer b)
{
  const Numbered *x = a, *y = b;

  if (x->top != y->top)
    return x->top > y->top ? -1 : 1;
  return compare_by_columns (a, b);
}

gboolean
mr_locker_layout_renumber (
  MrLockerLayout *layout, const char *order, int start, const char *prefix, GError **error)
{
  g_autoptr (MrLockerLayout) edited = NULL;
  g_autoptr (GArray) doors = NULL;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (order != NULL && strcmp (order, "columns") != 0 && strcmp (order, "rows") != 0)
    return edit_fail (error, _ ("Number the doors by “columns” (each from the top) or by “rows” "
                                "(left to right, from the top)."));
  if (start < 0 || start > MAX_START)
    return edit_fail (error, _ ("The first number must be between 0 and 1,000,000."));
  if (prefix != NULL &&
      (!g_utf8_validate (prefix, -1, NULL) || g_utf8_strlen (prefix, -1) > MAX_PREFIX_CHARS))
    return edit_fail (error, _ ("A prefix has at most 8 characters."));

  edited = mr_locker_layout_copy (layout);
  doors = g_array_new (FALSE, FALSE, sizeof (Numbered));
  for (guint c = 0; c < edited->columns->len; c++)
    {
      MrLockerLayoutColumn *col = g_ptr_array_index (edited->columns, c);

      for (guint i = 0; i < col->doors->len; i++)
        {
          MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);
          Numbered n = { d, c, d->row, d->bottom_cm + d->height_cm };

          if (d->panel == NULL)
            g_array_append_val (doors, n);
        }
    }
  g_array_sort (doors, g_strcmp0 (order, "rows") == 0 ? compare_by_rows : compare_by_columns);
  for (guint i = 0; i < doors->len; i++)
    {
      MrLockerLayoutDoor *d = g_array_index (doors, Numbered, i).door;

      g_free (d->number);
      d->number = g_strdup_printf ("%s%d", prefix ? prefix : "", start + (int) i);
    }
  if (edited->columns->len == 0)
    return TRUE;
  return commit (layout, edited, error);
}

gboolean
mr_locker_layout_find_door (const MrLockerLayout *layout,
                            const char *number,
                            guint *column,
                            guint *entry)
{
  g_return_val_if_fail (layout != NULL, FALSE);

  for (guint c = 0; number != NULL && c < layout->columns->len; c++)
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, c);

      for (guint i = 0; i < col->doors->len; i++)
        {
          const MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);

          if (d->panel == NULL && g_strcmp0 (d->number, number) == 0)
            {
              if (column != NULL)
                *column = c;
              if (entry != NULL)
                *entry = i;
              return TRUE;
            }
        }
    }
  return FALSE;
}

gboolean
mr_locker_bank_check_layout (MrStore *store,
                             const char *bank_id,
                             const MrLockerLayout *layout,
                             GError **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *json = NULL;
  gboolean ok;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);
  g_return_val_if_fail (bank_id != NULL, FALSE);
  g_return_val_if_fail (layout != NULL, FALSE);

  /* The mutation itself, in a transaction that is rolled back: its rules
   * (doors in use, matching by position) have one home, and nothing is
   * written or announced. */
  json = edit_to_json (layout);
  g_variant_dict_insert (&d, "id", "s", bank_id);
  g_variant_dict_insert (&d, "layout", "s", json);
  if (!mr_store_begin_batch (store, error))
    return FALSE;
  ok = mr_store_apply (store, "locker_bank.set_layout", g_variant_dict_end (&d), NULL, error);
  mr_store_end_batch (store, FALSE, NULL);
  return ok;
}

char *
mr_locker_layout_to_edit_json (const MrLockerLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);
  return edit_to_json (layout);
}
