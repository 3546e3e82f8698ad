/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: gLabels template files are outside input (a user's
 * own templates, a damaged package). Whatever they hold, the parser must
 * not crash, must either fail with an error naming the file and a line or
 * add only stock that can be printed on: a positive size, labels that
 * exist, finite positions. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The parser is GLib-only; build it into the target rather than linking
 * the whole label library with cairo, zint and CUPS. */
#include "../../src/labels/mr-label-stock.c"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  MrLabelCatalog *catalog = mr_label_catalog_new ();
  guint before = mr_label_catalog_get_n_stocks (catalog);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = NULL;

  if (!mr_label_catalog_parse (catalog, "fuzz.xml", (const char *) data, (gssize) size, &error))
    {
      g_assert (error != NULL);
      g_assert (error->domain == MR_LABEL_ERROR);
      g_assert (g_str_has_prefix (error->message, "fuzz.xml:"));
      g_assert (mr_label_catalog_get_n_stocks (catalog) == before);
      mr_label_catalog_unref (catalog);
      return 0;
    }
  g_assert_no_error (error);
  all = mr_label_catalog_list (catalog);
  for (guint i = 0; i < all->len; i++)
    {
      MrLabelStock *s = all->pdata[i];
      g_autoptr (MrLabelStock) again = mr_label_catalog_lookup (catalog, s->id, NULL);

      g_assert (again != NULL);
      g_assert (s->width > 0 && s->height > 0 && isfinite (s->width) && isfinite (s->height));
      g_assert (s->page_width > 0 && s->page_height > 0);
      g_assert (mr_label_stock_get_n_labels (s) >= 1);
      g_assert (mr_label_stock_get_n_labels (s) <= MAX_LABELS);
      for (guint k = 0; k < mr_label_stock_get_n_labels (s); k++)
        {
          double x, y;

          mr_label_stock_get_origin (s, k, &x, &y);
          g_assert (isfinite (x) && isfinite (y));
        }
    }
  mr_label_catalog_unref (catalog);
  return 0;
}
