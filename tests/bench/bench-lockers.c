/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The locker map's reads over 5,000 doors, side by side with the sqlite3
 * CLI running the bare count query.
 *
 * Builds its own database: 5 banks of 67 columns × 15 doors (5,025
 * doors), 3,000 packages dropped off through mr_locker_dropoff() (the
 * rules, the pickup code and its uniqueness check included; timed too),
 * 2 % of the doors out of service. Then, warm, N times each:
 *   - counts per status of all banks (mr_store_count_locker_statuses), as
 *     the legend bar does, and of one bank;
 *   - the list of banks with their counts;
 *   - the whole map of one bank (1,005 doors) and of every bank, with
 *     holders, since and expiry (mr_locker_map_load), as the map does on
 *     opening;
 *   - one door re-read after a change (mr_locker_map_refresh);
 * and, as the reference, `SELECT status, count(*) FROM locker WHERE
 * deleted = 0 GROUP BY status` N times in one sqlite3 process with
 * `.timer on` (its start-up not counted; its timer counts whole
 * milliseconds, so compare the means).
 * Usage: bench-lockers [--runs N] [--keep DB] */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "mr-lockers.h"
#include "mr-store.h"
#include "../mr-test-files.h"

#define N_BANKS 5
#define N_COLUMNS 67
#define N_PACKAGES 3000

typedef struct
{
  double median, p99, max, mean;
} Stats;

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static Stats
stats_of (GArray *ms)
{
  Stats s = { 0 };
  double *v = (double *) ms->data;

  if (ms->len == 0)
    return s;
  for (guint i = 0; i < ms->len; i++)
    s.mean += v[i] / ms->len;
  qsort (v, ms->len, sizeof (double), compare_doubles);
  s.median = v[ms->len / 2];
  s.p99 = v[MIN (ms->len - 1, (guint) (ms->len * 0.99))];
  s.max = v[ms->len - 1];
  return s;
}

static void
print_row (const char *label, GArray *ms)
{
  Stats s = stats_of (ms);

  printf ("  %-44s %9.3f %9.3f %9.3f %9.3f\n", label, s.median, s.p99, s.max, s.mean);
}

static void
apply_or_die (MrStore *store, const char *name, GVariantDict *d, char **id)
{
  g_autoptr (GError) error = NULL;

  if (!mr_store_apply (store, name, g_variant_dict_end (d), id, &error))
    g_error ("%s: %s", name, error->message);
}

static char *
bank_layout (void)
{
  GString *s = g_string_new ("{\"base_cm\": 10, \"columns\": [");

  /* 8 XS, 4 S, 2 M, 1 L: 230 cm of doors on a 10 cm base. */
  for (guint c = 0; c < N_COLUMNS; c++)
    g_string_append_printf (s,
                            "%s{\"doors\": [\"XS\",\"XS\",\"XS\",\"XS\",\"XS\",\"XS\",\"XS\","
                            "\"XS\",\"S\",\"S\",\"S\",\"S\",\"M\",\"M\",\"L\"]}",
                            c ? "," : "");
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

/* The reference: the same count in the sqlite3 CLI, @runs times in one
 * process, each "Run Time: real" line read back. */
static GArray *
reference_times (const char *db, guint runs)
{
  g_autoptr (GString) script = g_string_new (".timer on\n");
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  GArray *ms = g_array_new (FALSE, FALSE, sizeof (double));

  /* Warm up first, like our side. */
  for (guint i = 0; i < runs + 5; i++)
    g_string_append (script, "SELECT status, count(*) FROM locker WHERE deleted = 0 "
                             "GROUP BY status;\n");
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           "sqlite3", db, NULL);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, script->str, NULL, &out, NULL, &error))
    {
      g_printerr ("reference (sqlite3 CLI): %s\n", error->message);
      return ms;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0, seen = 0; lines[i]; i++)
    {
      const char *p = strstr (lines[i], "Run Time: real ");

      if (p != NULL && seen++ >= 5)
        {
          double v = g_ascii_strtod (p + strlen ("Run Time: real "), NULL) * 1000.0;

          g_array_append_val (ms, v);
        }
    }
  return ms;
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char *argv[])
{
  int runs = 50;
  g_autofree char *keep = NULL;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs of each read (default 50)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the database at this path", "DB" },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("");
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *layout = bank_layout ();
  g_autoptr (GPtrArray) banks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) packages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) drop_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ref = NULL;
  GArray *t[6];
  guint counts[MR_LOCKER_N_STATUSES], n_doors = 0, oos = 0;
  gint64 start;
  double build_ms;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || runs < 1)
    {
      g_printerr ("%s\n", error ? error->message : "--runs must be at least 1");
      return 1;
    }
  dir = g_dir_make_tmp ("bench-lockers-XXXXXX", &error);
  g_assert_no_error (error);
  db = keep ? g_strdup (keep) : g_build_filename (dir, "lockers.db", NULL);
  store = mr_store_open (db, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", db, error->message);
      return 1;
    }

  /* Banks, contacts, packages */
  start = g_get_monotonic_time ();
  g_assert_true (mr_store_begin_batch (store, NULL));
  for (guint b = 0; b < N_BANKS; b++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      g_autofree char *name = g_strdup_printf ("Bank %u", b + 1);
      char *id = NULL;

      g_variant_dict_insert (&d, "name", "s", name);
      g_variant_dict_insert (&d, "layout", "s", layout);
      g_variant_dict_insert (&d, "allow_add_to_existing", "b", b % 2 == 0);
      apply_or_die (store, "locker_bank.create", &d, &id);
      g_ptr_array_add (banks, id);
    }
  g_assert_true (mr_store_end_batch (store, TRUE, NULL));
  build_ms = elapsed_ms (start);

  g_assert_true (mr_store_begin_batch (store, NULL));
  for (guint i = 0; i < N_PACKAGES * 2 / 3; i++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      g_autofree char *first = g_strdup_printf ("Person%u", i);
      char *id = NULL;

      g_variant_dict_insert (&d, "first_name", "s", first);
      g_variant_dict_insert (&d, "last_name", "s", "Bench");
      g_variant_dict_insert (&d, "needs_accessibility", "b", i % 20 == 0);
      apply_or_die (store, "contact.create", &d, &id);
      g_ptr_array_add (contacts, id);
    }
  for (guint i = 0; i < N_PACKAGES; i++)
    {
      static const char *const sizes[] = { "XS", "XS", "S", "S", "M", "L" };
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      char *id = NULL;

      g_variant_dict_insert (&d, "recipient_id", "s",
                             (const char *) g_ptr_array_index (contacts, (i * 7) % contacts->len));
      g_variant_dict_insert (&d, "size", "s", sizes[i % G_N_ELEMENTS (sizes)]);
      apply_or_die (store, "package.receive", &d, &id);
      g_ptr_array_add (packages, id);
    }
  g_assert_true (mr_store_end_batch (store, TRUE, NULL));

  /* Drop-offs, each its own transaction as at the counter. */
  for (guint i = 0; i < packages->len; i++)
    {
      g_autoptr (MrLockerDropoff) out = NULL;
      g_autoptr (GError) drop_error = NULL;
      double ms;

      start = g_get_monotonic_time ();
      if (!mr_locker_dropoff (store, g_ptr_array_index (packages, i),
                              g_ptr_array_index (banks, i % N_BANKS), NULL, &out, &drop_error))
        {
          /* A full bank is a normal outcome. */
          continue;
        }
      ms = elapsed_ms (start);
      g_array_append_val (drop_ms, ms);
    }

  /* 2 % of the doors out of service. */
  {
    g_autoptr (MrLockerMap) map = mr_locker_map_load (store, g_ptr_array_index (banks, 1), NULL);

    g_assert_true (mr_store_begin_batch (store, NULL));
    for (guint i = 0; i < map->doors->len; i += 10)
      {
        g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

        g_variant_dict_insert (&d, "id", "s", g_array_index (map->doors, MrLockerDoor, i).id);
        g_variant_dict_insert (&d, "out_of_service", "b", TRUE);
        apply_or_die (store, "locker.set_out_of_service", &d, NULL);
        oos++;
      }
    g_assert_true (mr_store_end_batch (store, TRUE, NULL));
  }

  mr_store_count_locker_statuses (store, NULL, counts);
  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    n_doors += counts[s];

  for (guint k = 0; k < G_N_ELEMENTS (t); k++)
    t[k] = g_array_new (FALSE, FALSE, sizeof (double));
  for (int r = -5; r < runs; r++)
    {
      guint c[MR_LOCKER_N_STATUSES];
      double ms[6];
      g_autoptr (GPtrArray) list = NULL;
      g_autoptr (MrLockerMap) one = NULL;

      start = g_get_monotonic_time ();
      mr_store_count_locker_statuses (store, NULL, c);
      ms[0] = elapsed_ms (start);

      start = g_get_monotonic_time ();
      mr_store_count_locker_statuses (store, g_ptr_array_index (banks, r & 3), c);
      ms[1] = elapsed_ms (start);

      start = g_get_monotonic_time ();
      list = mr_store_list_locker_banks (store);
      ms[2] = elapsed_ms (start);

      start = g_get_monotonic_time ();
      one = mr_locker_map_load (store, g_ptr_array_index (banks, 0), NULL);
      ms[3] = elapsed_ms (start);

      start = g_get_monotonic_time ();
      for (guint b = 0; b < N_BANKS; b++)
        {
          g_autoptr (MrLockerMap) m =
            mr_locker_map_load (store, g_ptr_array_index (banks, b), NULL);

          g_assert_nonnull (m);
        }
      ms[4] = elapsed_ms (start);

      start = g_get_monotonic_time ();
      g_assert_true (mr_locker_map_refresh (
        one, store,
        g_array_index (one->doors, MrLockerDoor, (guint) (r + 5) % one->doors->len).id));
      ms[5] = elapsed_ms (start);

      if (r >= 0)
        for (guint k = 0; k < G_N_ELEMENTS (t); k++)
          g_array_append_val (t[k], ms[k]);
    }
  ref = reference_times (db, (guint) runs);

  printf ("Locker map reads: %u doors in %u banks (%s)\n", n_doors, N_BANKS, db);
  printf ("  %u available, %u reserved, %u occupied, %u expired, %u out of service; %u drop-offs "
          "placed of %u\n",
          counts[MR_LOCKER_AVAILABLE], counts[MR_LOCKER_RESERVED], counts[MR_LOCKER_OCCUPIED],
          counts[MR_LOCKER_EXPIRED], counts[MR_LOCKER_OUT_OF_SERVICE], drop_ms->len, N_PACKAGES);
  printf ("  banks built from their layouts in %.0f ms; %d timed runs after 5 untimed\n", build_ms,
          runs);
  printf ("  %-44s %9s %9s %9s %9s\n", "ms", "median", "p99", "max", "mean");
  print_row ("counts per status, all banks", t[0]);
  print_row ("counts per status, one bank", t[1]);
  print_row ("list of banks with counts", t[2]);
  print_row ("map of one bank (1,005 doors, contents)", t[3]);
  print_row ("maps of all banks (5,025 doors, contents)", t[4]);
  print_row ("one door re-read after a change", t[5]);
  print_row ("reference: sqlite3 CLI GROUP BY status", ref);
  print_row ("drop-off (rules + code + write), each", drop_ms);

  for (guint k = 0; k < G_N_ELEMENTS (t); k++)
    g_array_unref (t[k]);
  g_clear_object (&store);
  if (keep == NULL)
    {
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      mr_test_unlink_search (db);
    }
  g_rmdir (dir);
  (void) oos;
  return 0;
}
