/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: a locker bank's layout file (JSON or CSV) is outside
 * input. Any bytes must either fail cleanly (an MR_STORE_ERROR_INVALID
 * about "layout" with a message) or give a bank that respects every limit:
 * doors within the height limit and stacked without overlap, unique
 * non-empty numbers; and the normalised JSON must read back the same. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mr-locker-layout.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_error (GError *error)
{
  g_assert (error != NULL);
  g_assert (error->domain == MR_STORE_ERROR);
  g_assert (error->code == MR_STORE_ERROR_INVALID);
  g_assert (g_strcmp0 (mr_store_error_get_field (error), "layout") == 0);
  g_assert (error->message != NULL && *error->message != '\0');
  g_assert (g_utf8_validate (error->message, -1, NULL));
}

static void
check_layout (const MrLockerLayout *layout)
{
  g_autoptr (GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLockerLayout) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  guint n = 0;

  g_assert (layout->columns->len >= 1 && layout->columns->len <= MR_LOCKER_MAX_COLUMNS);
  g_assert (layout->n_doors >= 1 && layout->n_doors <= MR_LOCKER_MAX_DOORS);
  for (guint c = 0; c < layout->columns->len; c++)
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, c);
      int below = G_MAXINT;
      guint row = 0;

      g_assert (col->width_cm >= 10 && col->width_cm <= 300);
      g_assert (col->base_cm >= 0);
      for (guint i = 0; i < col->doors->len; i++)
        {
          const MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);

          g_assert (d->height_cm >= 1);
          g_assert (d->bottom_cm >= col->base_cm);
          g_assert (d->bottom_cm + d->height_cm <= MR_LOCKER_MAX_CM);
          /* From the top down: each entry sits right on the next one. */
          if (below != G_MAXINT)
            g_assert (d->bottom_cm + d->height_cm == below);
          below = d->bottom_cm;
          if (d->panel != NULL)
            continue;
          g_assert (d->size < MR_LOCKER_N_SIZES);
          g_assert (d->row == row++);
          g_assert (d->number != NULL && *d->number != '\0');
          g_assert (g_utf8_validate (d->number, -1, NULL));
          g_assert (g_hash_table_add (numbers, d->number));
          n++;
        }
      g_assert (below == col->base_cm);
    }
  g_assert (n == layout->n_doors);

  json = mr_locker_layout_to_json (layout);
  again = mr_locker_layout_parse_json (json, -1, &error);
  g_assert (again != NULL);
  json2 = mr_locker_layout_to_json (again);
  g_assert (strcmp (json, json2) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  MrLockerLayout *(*parsers[]) (const char *, gssize, GError **) = {
    mr_locker_layout_parse,
    mr_locker_layout_parse_json,
    mr_locker_layout_parse_csv,
  };

  for (guint p = 0; p < G_N_ELEMENTS (parsers); p++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MrLockerLayout) layout = parsers[p](text, (gssize) size, &error);

      if (layout == NULL)
        check_error (error);
      else
        {
          g_assert (error == NULL);
          check_layout (layout);
        }
    }
  return 0;
}
