/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mr-store.h"

/* Applies the mutation @name with the arguments in @d (ended here) and
 * returns the id of the record it touched. A refusal stops the test,
 * naming the mutation, the message and the field. */
static inline char *
mr_test_apply_ok (MrStore *store, const char *name, GVariantDict *d)
{
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  if (!mr_store_apply (store, name, g_variant_dict_end (d), &id, &error))
    g_error ("%s: %s (field %s)", name, error->message, mr_store_error_get_field (error));
  return id;
}
