/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever a user types or a scanner sends into a search
 * field must never reach FTS5 as syntax, crash, or make a query fail; the
 * text helpers must accept any bytes. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mr-contact-list.h"
#include "mr-records.h"
#include "mr-store.h"
#include "mr-text.h"

static MrStore *store;
static MrContactList *list;

static void
setup (void)
{
  const char *names[][2] = { { "Hélène", "Dupont" }, { "Zoé", "O'Brien" }, { "Émile", "Müller" } };

  store = mr_store_open (":memory:", NULL);
  g_assert (store != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GVariantDict d;

      g_variant_dict_init (&d, NULL);
      g_variant_dict_insert (&d, "first_name", "s", names[i][0]);
      g_variant_dict_insert (&d, "last_name", "s", names[i][1]);
      g_assert (mr_store_apply (store, "contact.create", g_variant_dict_end (&d), NULL, NULL));
    }
  list = mr_contact_list_new (store);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *folded = NULL;
  g_autofree char *query = NULL;
  guint n;

  if (store == NULL)
    setup ();

  folded = mr_text_fold (text);
  query = mr_text_fts_query (text);
  (void) mr_text_is_email (text);
  (void) mr_text_is_phone (text);

  mr_contact_list_set_search (list, text);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert (n <= 3);
  for (guint i = 0; i < n; i++)
    {
      MrContact *c = g_list_model_get_item (G_LIST_MODEL (list), i);

      /* every counted match can be read: count and pages agree */
      g_assert (c != NULL);
      g_object_unref (c);
    }
  mr_contact_list_set_search (list, NULL);
  g_assert (g_list_model_get_n_items (G_LIST_MODEL (list)) == 3);
  return 0;
}
