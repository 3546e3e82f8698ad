/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Removes the search index a store keeps next to its database
 * (mr-contact-index.c), for tests that clean up after themselves. */
static inline void
mr_test_unlink_search (const char *db_path)
{
  static const char *const suffixes[] = { "-search", "-search-wal", "-search-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

      g_unlink (path);
    }
}
