/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Receiving, measured against bare references:
 *
 * 1. Scan to durable: a scan saved as the receiving view saves it
 *    (mr_store_intake_scan(): one row in the scan intake log, one WAL
 *    commit with synchronous=FULL, as the store opens it: what the clerk
 *    waits for before the next scan is taken), side by side with a bare
 *    SQLite INSERT + COMMIT of one row into a one-index table in a database
 *    opened the same way (WAL, synchronous=FULL), in the same directory.
 *    A second reference inserts the same package row with plain SQL into a
 *    copy of the real database (same table, same indexes, no event, no
 *    journal, no rules): what the schema costs, apart from the code. The
 *    three alternate, one scan each, so the machine's noise falls on all,
 *    each database warmed first until its log has started over once (as
 *    in a database in use; see bench_scan()). Median and p99. Target: the
 *    scan ≤ 1.5 × the bare commit. Also shown: the whole cost of a scan
 *    in the view, the intake commit plus the flush that makes it a package
 *    (mr_store_intake_flush(): package.receive, carrier recognition,
 *    duplicate check, handover rule, package + event + journal rows, the
 *    intake row deleted, a second commit), and package.receive applied
 *    directly, as the view did before the intake log.
 *
 * 2. Identification: 1,000,000 tracking numbers through
 *    mr_carrier_rules_identify() side by side with the bare GRegex matching
 *    of the same rules: every regular expression of the data set, compiled
 *    as mr-carriers compiles them (anchored, G_REGEX_OPTIMIZE), applied to
 *    every number, no check digits, no lookups. Numbers per second, the
 *    best of --runs runs each. Target: ≤ 1.5 × the bare matching time.
 *
 * 3. Lists over 1,000,000 packages (mr-package-list.c): the count and the
 *    pages of each view and filter, warm. The database is filled once with
 *    plain SQL inserts (a million mutations would take most of an hour on
 *    this machine; how the rows got there does not change how they are
 *    read) and kept next to --dir for the next runs.
 *
 * Usage: bench-receiving [--dir DIR] [--scans N] [--numbers N] [--runs N]
 *                        [--packages N] [--no-lists] [--scan-only]
 * DIR must be on the disk the app uses: fsync on a tmpfs costs nothing. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include <glib/gstdio.h>

#include "mr-carriers.h"
#include "mr-demo-data.h"
#include "mr-package-list.h"
#include "mr-packages.h"
#include "mr-scan-intake.h"
#include "mr-schema.h"
#include "mr-store.h"
#include "mr-uuid.h"
#include "../mr-test-files.h"

#define DAY_MS ((gint64) 24 * 3600 * 1000)
/* Untimed rounds of the three before the timed ones, and untimed bare
 * commits before those: enough for each log to have started over once
 * (see bench_scan()). */
#define WARMUP 100
#define BARE_WARMUP 1200
/* Bump when the filled list database changes shape. */
#define LIST_DB_VERSION 1

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

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
apply_or_die (MrStore *store, const char *name, GVariantDict *d, char **id)
{
  g_autoptr (GError) error = NULL;

  if (!mr_store_apply (store, name, g_variant_dict_end (d), id, &error))
    g_error ("%s: %s", name, error->message);
}

static void
exec_or_die (sqlite3 *db, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

static const char *
fs_type (const char *dir)
{
  struct statfs st;

  if (statfs (dir, &st) != 0)
    return "?";
  switch ((unsigned long) st.f_type)
    {
    case 0xEF53:
      return "ext4";
    case 0x01021994:
      return "tmpfs (fsync is free: not a durable measure)";
    case 0x9123683E:
      return "btrfs";
    case 0x58465342:
      return "xfs";
    case 0x794c7630:
      return "overlayfs";
    default:
      return "other";
    }
}

/* 1. Scan to durable */

static int
bench_scan (const char *dir, guint scans)
{
  g_autofree char *path = g_build_filename (dir, "bench-receiving-scan.db", NULL);
  g_autofree char *bare_path = g_build_filename (dir, "bench-receiving-bare.db", NULL);
  g_autofree char *row_path = g_build_filename (dir, "bench-receiving-row.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = NULL;
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) real = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) same = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) intake = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) whole = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *place = NULL;
  sqlite3 *db = NULL, *rdb = NULL;
  sqlite3_stmt *begin = NULL, *insert = NULL, *commit = NULL;
  sqlite3_stmt *rbegin = NULL, *rinsert = NULL, *rcommit = NULL;
  const char *paths[3] = { path, bare_path, row_path };
  Stats r, b, w, in, wh;

  for (guint k = 0; k < G_N_ELEMENTS (paths); k++)
    {
      const char *p = paths[k];
      g_autofree char *wal = g_strconcat (p, "-wal", NULL);
      g_autofree char *shm = g_strconcat (p, "-shm", NULL);

      g_unlink (p);
      g_unlink (wal);
      g_unlink (shm);
      mr_test_unlink_search (p);
    }

  store = mr_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }
  /* A mailroom that has been running: recipients, a place, packages. */
  g_assert_true (mr_store_begin_batch (store, NULL));
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "kind", "s", "site");
    g_variant_dict_insert (&d, "name", "s", "Mailroom");
    apply_or_die (store, "place.create", &d, &place);
  }
  for (guint i = 0; i < 500; i++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      g_autofree char *first = g_strdup_printf ("Person%u", i);
      char *id = NULL;

      g_variant_dict_insert (&d, "first_name", "s", first);
      g_variant_dict_insert (&d, "last_name", "s", "Bench");
      apply_or_die (store, "contact.create", &d, &id);
      g_ptr_array_add (contacts, id);
    }
  for (guint i = 0; i < 5000; i++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      MrDemoCarrier c = mr_demo_pick_carrier (rand);
      g_autofree char *tracking = mr_demo_tracking_number (c, rand);

      g_variant_dict_insert (&d, "tracking_number", "s", tracking);
      g_variant_dict_insert (&d, "recipient_id", "s", g_ptr_array_index (contacts, i % 500));
      g_variant_dict_insert (&d, "place_id", "s", place);
      apply_or_die (store, "package.receive", &d, NULL);
    }
  g_assert_true (mr_store_end_batch (store, TRUE, NULL));

  /* The second reference starts from a copy of this database (closing
   * the store checkpoints it into the main file). */
  g_clear_object (&store);
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    if (!g_file_get_contents (path, &contents, &len, &error) ||
        !g_file_set_contents (row_path, contents, (gssize) len, &error))
      g_error ("%s", error->message);
  }
  store = mr_store_open (path, &error);
  if (store == NULL)
    g_error ("%s: %s", path, error->message);
  if (sqlite3_open_v2 (row_path, &rdb, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("%s: %s", row_path, sqlite3_errmsg (rdb));
  exec_or_die (rdb, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  sqlite3_prepare_v3 (rdb, "BEGIN IMMEDIATE", -1, SQLITE_PREPARE_PERSISTENT, &rbegin, NULL);
  sqlite3_prepare_v3 (rdb,
                      "INSERT INTO package (id, tracking_number, internal_id, carrier, service, "
                      "recipient_id, for_department_id, place_id, pieces, handover, status, "
                      "received_at, created_at, updated_at, workstation_id) VALUES (?1, ?2, ?3, "
                      "'UPS', 'UPS Standard', ?4, NULL, ?5, 1, 'none', 'received', ?6, ?6, ?6, "
                      "'bench')",
                      -1, SQLITE_PREPARE_PERSISTENT, &rinsert, NULL);
  sqlite3_prepare_v3 (rdb, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &rcommit, NULL);

  /* The reference, opened as the store opens its database. */
  if (sqlite3_open_v2 (bare_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK)
    g_error ("%s: %s", bare_path, sqlite3_errmsg (db));
  exec_or_die (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                   "CREATE TABLE scan (id TEXT PRIMARY KEY NOT NULL, tracking_number TEXT, "
                   "received_at INTEGER NOT NULL)");
  sqlite3_prepare_v3 (db, "BEGIN IMMEDIATE", -1, SQLITE_PREPARE_PERSISTENT, &begin, NULL);
  sqlite3_prepare_v3 (db, "INSERT INTO scan VALUES (?, ?, ?)", -1, SQLITE_PREPARE_PERSISTENT,
                      &insert, NULL);
  sqlite3_prepare_v3 (db, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &commit, NULL);

  /* Each database as it is once in use: its log started over at least
   * once, so that a commit overwrites blocks the log file already has.
   * The first time round, every commit also grows the file, and a sync
   * that must record a new size costs about twice as much on ext4 as one
   * that overwrites: a bare table of two pages a commit takes some 470
   * commits to get there, more than the timed scans, and would be
   * measured at the slow rate throughout. The bare table is warmed on its
   * own (untimed), then all three go WARMUP rounds untimed. */
  for (guint i = 0; i < BARE_WARMUP; i++)
    {
      g_autofree char *id = mr_uuid_v7_new ();

      sqlite3_step (begin);
      sqlite3_reset (begin);
      sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, "WARMUP", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, g_get_real_time () / 1000);
      if (sqlite3_step (insert) != SQLITE_DONE)
        g_error ("bare insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (insert);
      if (sqlite3_step (commit) != SQLITE_DONE)
        g_error ("bare commit: %s", sqlite3_errmsg (db));
      sqlite3_reset (commit);
    }
  for (int i = -WARMUP; i < (int) scans; i++)
    {
      MrDemoCarrier c = mr_demo_pick_carrier (rand);
      g_autofree char *tracking = mr_demo_tracking_number (c, rand);
      g_autofree char *id = mr_uuid_v7_new ();
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      g_autofree char *internal = g_strdup_printf ("BENCH-%d", i + WARMUP);
      double ms_bare, ms_real, ms_row, ms_intake, ms_whole;
      gint64 start;

      /* Bare: one row, one commit. */
      start = g_get_monotonic_time ();
      sqlite3_step (begin);
      sqlite3_reset (begin);
      sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, tracking, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, g_get_real_time () / 1000);
      if (sqlite3_step (insert) != SQLITE_DONE)
        g_error ("bare insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (insert);
      if (sqlite3_step (commit) != SQLITE_DONE)
        g_error ("bare commit: %s", sqlite3_errmsg (db));
      sqlite3_reset (commit);
      ms_bare = elapsed_ms (start);

      /* The same package row, plain SQL, same table and indexes. */
      start = g_get_monotonic_time ();
      sqlite3_step (rbegin);
      sqlite3_reset (rbegin);
      sqlite3_bind_text (rinsert, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (rinsert, 2, tracking, -1, SQLITE_STATIC);
      sqlite3_bind_text (rinsert, 3, internal, -1, SQLITE_STATIC);
      sqlite3_bind_text (rinsert, 4, g_ptr_array_index (contacts, (guint) (i + WARMUP) % 500), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (rinsert, 5, place, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (rinsert, 6, g_get_real_time () / 1000);
      if (sqlite3_step (rinsert) != SQLITE_DONE)
        g_error ("row insert: %s", sqlite3_errmsg (rdb));
      sqlite3_reset (rinsert);
      if (sqlite3_step (rcommit) != SQLITE_DONE)
        g_error ("row commit: %s", sqlite3_errmsg (rdb));
      sqlite3_reset (rcommit);
      ms_row = elapsed_ms (start);

      /* package.receive applied directly: the view before the intake log. */
      start = g_get_monotonic_time ();
      g_variant_dict_insert (&d, "tracking_number", "s", tracking);
      g_variant_dict_insert (&d, "recipient_id", "s",
                             g_ptr_array_index (contacts, (guint) (i + WARMUP) % 500));
      g_variant_dict_insert (&d, "place_id", "s", place);
      apply_or_die (store, "package.receive", &d, NULL);
      ms_real = elapsed_ms (start);

      /* The scan as the receiving view saves it: durable when
       * mr_store_intake_scan() returns (acknowledged), then made a
       * package by the flush, before the next scan. Another number of
       * the same carrier, so the flush's duplicate check finds none. */
      {
        g_autofree char *tracking2 = mr_demo_tracking_number (c, rand);
        g_auto (GVariantDict) d2 = G_VARIANT_DICT_INIT (NULL);
        g_autoptr (GError) e = NULL;
        guint n_done = 0;

        start = g_get_monotonic_time ();
        g_variant_dict_insert (&d2, "tracking_number", "s", tracking2);
        g_variant_dict_insert (&d2, "recipient_id", "s",
                               g_ptr_array_index (contacts, (guint) (i + WARMUP) % 500));
        g_variant_dict_insert (&d2, "place_id", "s", place);
        if (!mr_store_intake_scan (store, g_variant_dict_end (&d2), NULL, &e))
          g_error ("intake: %s", e->message);
        ms_intake = elapsed_ms (start);
        if (!mr_store_intake_flush (store, &n_done, &e) || n_done != 1)
          g_error ("flush: %s", e ? e->message : "no package made");
        ms_whole = elapsed_ms (start);
      }

      if (i >= 0)
        {
          g_array_append_val (bare, ms_bare);
          g_array_append_val (real, ms_real);
          g_array_append_val (same, ms_row);
          g_array_append_val (intake, ms_intake);
          g_array_append_val (whole, ms_whole);
        }
    }
  sqlite3_finalize (begin);
  sqlite3_finalize (insert);
  sqlite3_finalize (commit);
  sqlite3_close (db);
  sqlite3_finalize (rbegin);
  sqlite3_finalize (rinsert);
  sqlite3_finalize (rcommit);
  sqlite3_close (rdb);

  r = stats_of (real);
  b = stats_of (bare);
  w = stats_of (same);
  in = stats_of (intake);
  wh = stats_of (whole);
  printf ("Scan to durable: %u scans, alternating (after %d untimed, and %d untimed bare commits), "
          "in %s (%s)\n",
          scans, WARMUP, BARE_WARMUP, dir, fs_type (dir));
  printf ("  all: WAL, synchronous=FULL, one transaction per scan, SQLite %s\n",
          sqlite3_libversion ());
  printf ("  %-46s %9s %9s %9s %9s\n", "ms", "median", "p99", "max", "mean");
  printf ("  %-46s %9.3f %9.3f %9.3f %9.3f\n", "scan: mr_store_intake_scan (durable, acked)",
          in.median, in.p99, in.max, in.mean);
  printf ("  %-46s %9.3f %9.3f %9.3f %9.3f\n", "scan + flush (the view's whole cost)", wh.median,
          wh.p99, wh.max, wh.mean);
  printf ("  %-46s %9.3f %9.3f %9.3f %9.3f\n", "package.receive (recognition, rows, journal)",
          r.median, r.p99, r.max, r.mean);
  printf ("  %-46s %9.3f %9.3f %9.3f %9.3f\n", "bare INSERT + COMMIT of one row", b.median, b.p99,
          b.max, b.mean);
  printf ("  %-46s %9.3f %9.3f %9.3f %9.3f\n", "same package row, plain SQL, same indexes",
          w.median, w.p99, w.max, w.mean);
  printf ("  scan to durable / bare commit: median %.2f×, p99 %.2f×  (target ≤ 1.5×: %s)\n",
          in.median / b.median, in.p99 / b.p99,
          in.median / b.median <= 1.5 && in.p99 / b.p99 <= 1.5 ? "met" : "MISSED");
  printf ("  scan + flush / bare commit: median %.2f×, p99 %.2f×  (the next scan waits for both)\n",
          wh.median / b.median, wh.p99 / b.p99);
  printf ("  package.receive / bare commit: median %.2f×, p99 %.2f×  (before the intake log)\n",
          r.median / b.median, r.p99 / b.p99);
  printf ("  package.receive / the same row in plain SQL: median %.2f×, p99 %.2f×\n",
          r.median / w.median, r.p99 / w.p99);
  g_clear_object (&store);
  for (guint k = 0; k < G_N_ELEMENTS (paths); k++)
    {
      const char *suffixes[] = { "", "-wal", "-shm", "-search", "-search-wal", "-search-shm" };

      for (guint x = 0; x < G_N_ELEMENTS (suffixes); x++)
        {
          g_autofree char *a = g_strconcat (paths[k], suffixes[x], NULL);

          g_unlink (a);
        }
    }
  return 0;
}

/* 2. Identification */

/* The regular expressions of the data set, compiled as mr-carriers does. */
static GPtrArray *
load_bare_rules (const char *dir)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonArray *types;

      if (!g_str_has_suffix (name, ".json") || !json_parser_load_from_file (parser, path, NULL))
        continue;
      types = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "tracking_numbers");
      for (guint i = 0; i < json_array_get_length (types); i++)
        {
          JsonNode *node =
            json_object_get_member (json_array_get_object_element (types, i), "regex");
          g_autoptr (GString) pattern = g_string_new (NULL);
          g_autofree char *anchored = NULL;
          GRegex *regex;

          if (JSON_NODE_HOLDS_ARRAY (node))
            for (guint k = 0; k < json_array_get_length (json_node_get_array (node)); k++)
              g_string_append (pattern,
                               json_array_get_string_element (json_node_get_array (node), k));
          else
            g_string_append (pattern, json_node_get_string (node));
          anchored = g_strdup_printf ("^(?:%s)$", pattern->str);
          regex = g_regex_new (anchored, G_REGEX_OPTIMIZE | G_REGEX_DOLLAR_ENDONLY, 0, NULL);
          g_assert_nonnull (regex);
          g_ptr_array_add (out, regex);
        }
    }
  return out;
}

/* A receiving desk's day, a million times over: valid numbers of the
 * common carriers (the demo's generator makes them with their check
 * digits), valid numbers of the others, a digit changed, and things that
 * are no tracking number at all. Normalised, as a scanner sends them. */
static GPtrArray *
make_numbers (guint n)
{
  static const char *const others[] = {
    "1234567890123452", "RB123456785GB", "329187312346", "07212345677", "012345678901233",
    "C12345678901236",  "K1234567895",   "986832165410", "1234567891",  "03071790000000000003",
  };
  GPtrArray *out = g_ptr_array_new_full (n, g_free);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < n; i++)
    {
      guint kind = i % 10;
      char *s;

      if (kind < 6)
        s = mr_demo_tracking_number (mr_demo_pick_carrier (rand), rand);
      else if (kind < 7)
        s = g_strdup (others[g_rand_int_range (rand, 0, G_N_ELEMENTS (others))]);
      else if (kind < 9)
        {
          /* A digit misread: most check digits fail. */
          s = mr_demo_tracking_number (mr_demo_pick_carrier (rand), rand);
          for (char *p = s + strlen (s) - 1; p >= s; p--)
            if (g_ascii_isdigit (*p))
              {
                *p = *p == '9' ? '0' : *p + 1;
                break;
              }
        }
      else
        {
          guint len = (guint) g_rand_int_range (rand, 6, 31);

          s = g_malloc (len + 1);
          for (guint j = 0; j < len; j++)
            s[j] = j % 5 == 4 ? 'A' + g_rand_int_range (rand, 0, 26)
                              : '0' + g_rand_int_range (rand, 0, 10);
          s[len] = '\0';
        }
      g_ptr_array_add (out, s);
    }
  return out;
}

static int
bench_identify (guint n, guint runs)
{
  const char *dir = mr_carrier_rules_get_default_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MrCarrierRules) rules = mr_carrier_rules_load (dir, &error);
  g_autoptr (GPtrArray) bare = load_bare_rules (dir);
  g_autoptr (GPtrArray) numbers = make_numbers (n);
  g_autoptr (GArray) real_s = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_s = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 candidates = 0, matches = 0, known = 0;
  Stats r, b;

  if (rules == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_assert_cmpuint (bare->len, ==, mr_carrier_rules_get_n_types (rules));

  for (guint run = 0; run < runs; run++)
    {
      gint64 start;
      double s;

      candidates = matches = known = 0;
      start = g_get_monotonic_time ();
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (GPtrArray) m = mr_carrier_rules_identify (rules, numbers->pdata[i]);

          candidates += m->len;
          known += m->len > 0;
        }
      s = elapsed_ms (start) / 1000.0;
      g_array_append_val (real_s, s);

      start = g_get_monotonic_time ();
      for (guint i = 0; i < n; i++)
        for (guint k = 0; k < bare->len; k++)
          matches += g_regex_match (bare->pdata[k], numbers->pdata[i], 0, NULL);
      s = elapsed_ms (start) / 1000.0;
      g_array_append_val (bare_s, s);
    }
  r = stats_of (real_s);
  b = stats_of (bare_s);
  /* The best run of each: the least disturbed by the other jobs. */
  printf ("Identification: %u numbers, %u rules (%s), %u runs each, alternating\n", n, bare->len,
          dir, runs);
  printf ("  %" G_GUINT64_FORMAT " numbers known (%" G_GUINT64_FORMAT
          " candidates after check digits); bare regex matches: %" G_GUINT64_FORMAT "\n",
          known, candidates, matches);
  printf ("  %-46s %12s %12s\n", "", "best s", "numbers/s");
  printf ("  %-46s %12.3f %12.0f\n", "mr_carrier_rules_identify (check digits, ranks)",
          ((double *) real_s->data)[0], n / ((double *) real_s->data)[0]);
  printf ("  %-46s %12.3f %12.0f\n", "bare GRegex, every rule on every number",
          ((double *) bare_s->data)[0], n / ((double *) bare_s->data)[0]);
  printf ("  ratio: best %.2f×, median %.2f×  (target ≤ 1.5×: %s)\n",
          ((double *) real_s->data)[0] / ((double *) bare_s->data)[0], r.median / b.median,
          ((double *) real_s->data)[0] / ((double *) bare_s->data)[0] <= 1.5 ? "met" : "MISSED");
  return 0;
}

/* 3. Lists */

/* A million packages over three years as plain rows: 20,000 recipients in
 * 50 departments, 40 places, the demo's carriers, 4 % still awaiting
 * pickup (the most recent ones, as in a real mailroom), a few hundred
 * received today. */
static void
fill_list_db (const char *path, guint n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = mr_store_open (path, &error);
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autoptr (GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) places = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) contact_dep = g_array_new (FALSE, FALSE, sizeof (guint));
  static const char *const awaiting[] = { "received", "at_place", "in_locker", "notified",
                                          "expired" };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time () / 1000, start = g_get_monotonic_time ();
  const char *ws;

  if (store == NULL)
    g_error ("%s: %s", path, error->message);
  ws = mr_store_get_workstation_id (store);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  exec_or_die (db, "PRAGMA synchronous = OFF; BEGIN");

  sqlite3_prepare_v2 (db,
                      "INSERT INTO department (id, name, name_key, created_at, updated_at) "
                      "VALUES (?1, ?2, lower (?2), 0, 0)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < 50; i++)
    {
      char *id = mr_uuid_v7_new ();
      g_autofree char *name = g_strdup_printf ("Department %u", i);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
      g_ptr_array_add (deps, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db,
                      "INSERT INTO place (id, kind, name, created_at, updated_at) "
                      "VALUES (?, 'site', ?, 0, 0)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < 40; i++)
    {
      char *id = mr_uuid_v7_new ();
      g_autofree char *name = g_strdup_printf ("Place %u", i);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
      g_ptr_array_add (places, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db,
                      "INSERT INTO contact (id, first_name, last_name, department_id, sort_key, "
                      "created_at, updated_at) VALUES (?, ?, 'Bench', ?, '', 0, 0)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < 20000; i++)
    {
      char *id = mr_uuid_v7_new ();
      g_autofree char *first = g_strdup_printf ("Person%u", i);
      guint dep = (guint) g_rand_int_range (rand, 0, 50);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, g_ptr_array_index (deps, dep), -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
      g_ptr_array_add (contacts, id);
      g_array_append_val (contact_dep, dep);
    }
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (db,
                      "INSERT INTO package (id, tracking_number, internal_id, carrier, service, "
                      "recipient_id, for_department_id, place_id, size, pieces, handover, status, "
                      "received_at, created_at, updated_at, workstation_id) VALUES (?1, ?2, ?3, "
                      "?4, ?5, ?6, ?7, ?8, 'M', 1, 'none', ?9, ?10, ?10, ?10, ?11)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = mr_uuid_v7_new ();
      g_autofree char *internal = g_strdup_printf ("MR-B%011u", i);
      MrDemoCarrier c = mr_demo_pick_carrier (rand);
      g_autofree char *tracking = mr_demo_tracking_number (c, rand);
      guint who = (guint) g_rand_int_range (rand, 0, 20000);
      /* Three years up to now; the last 300 today. */
      gint64 at = i + 300 >= n ? now - (gint64) (n - i) * 1000
                               : now - 3 * 365 * DAY_MS + (gint64) i * (3 * 365 * DAY_MS / n);
      gboolean waiting = i >= n - n / 25 || g_rand_int_range (rand, 0, 1000) == 0;

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, tracking, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, internal, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, mr_demo_carrier_name (c), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, mr_demo_pick_service (c, rand), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, g_ptr_array_index (contacts, who), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, g_ptr_array_index (deps, g_array_index (contact_dep, guint, who)),
                         -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, g_ptr_array_index (places, g_rand_int_range (rand, 0, 40)), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9,
                         waiting ? awaiting[g_rand_int_range (rand, 0, G_N_ELEMENTS (awaiting))]
                                 : (g_rand_int_range (rand, 0, 20) == 0 ? "returned" : "picked_up"),
                         -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 10, at);
      sqlite3_bind_text (stmt, 11, ws, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("package: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  exec_or_die (db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close (db);
  printf ("  filled %s with %u packages in %.0f s\n", path, n, elapsed_ms (start) / 1000.0);
}

typedef struct
{
  const char *label;
  MrPackageView view;
  MrPackageFilter filter;
} ListCase;

static char *
query_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return out;
}

static int
bench_lists (const char *dir, guint n, guint runs)
{
  g_autofree char *path = NULL;
  g_autofree char *stamp_path = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *place = NULL, *recipient = NULL, *department = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = NULL;
  gint64 now = g_get_real_time () / 1000;
  sqlite3 *db = NULL;

  path = g_strdup_printf ("%s/bench-receiving-%u.db", dir, n);
  stamp_path = g_strconcat (path, ".stamp", NULL);
  /* Remade when the filler, the schema or the size changes. */
  {
    GString *schema = g_string_new (NULL);
    g_autofree char *digest = NULL;

    for (guint v = 0; v < mr_schema_get_n_migrations (); v++)
      g_string_append (schema, mr_schema_get_migration (v));
    digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, schema->str, schema->len);
    g_string_free (schema, TRUE);
    wanted = g_strdup_printf ("v%d schema %.12s packages %u", LIST_DB_VERSION, digest, n);
  }
  if (!g_file_get_contents (stamp_path, &stamp, NULL, NULL) || strcmp (stamp, wanted) != 0)
    {
      const char *suffixes[] = { "", "-wal", "-shm", "-search", "-search-wal", "-search-shm" };

      for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
        {
          g_autofree char *p = g_strconcat (path, suffixes[k], NULL);

          g_unlink (p);
        }
      printf ("Lists: making the database (kept for the next runs)\n");
      fill_list_db (path, n);
      g_file_set_contents (stamp_path, wanted, -1, NULL);
    }
  store = mr_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }
  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  place = query_text (db, "SELECT id FROM place LIMIT 1 OFFSET 7");
  recipient = query_text (db, "SELECT recipient_id FROM package WHERE received_at > 0 ORDER BY "
                              "received_at DESC LIMIT 1");
  department = query_text (db, "SELECT id FROM department LIMIT 1 OFFSET 3");

  {
    const ListCase cases[] = {
      { "history, all", MR_PACKAGE_VIEW_HISTORY, { 0 } },
      { "history, one place (of 40)", MR_PACKAGE_VIEW_HISTORY, { .place_id = place } },
      { "history, carrier UPS", MR_PACKAGE_VIEW_HISTORY, { .carrier = "ups" } },
      { "history, one recipient", MR_PACKAGE_VIEW_HISTORY, { .recipient_id = recipient } },
      { "history, one department (of 50)",
        MR_PACKAGE_VIEW_HISTORY,
        { .department_id = department } },
      { "history, status returned", MR_PACKAGE_VIEW_HISTORY, { .status = "returned" } },
      { "history, last 30 days", MR_PACKAGE_VIEW_HISTORY, { .from_ms = now - 30 * DAY_MS } },
      { "history, place + carrier + 1 year",
        MR_PACKAGE_VIEW_HISTORY,
        { .place_id = place, .carrier = "FedEx", .from_ms = now - 365 * DAY_MS } },
      { "awaiting pickup, all", MR_PACKAGE_VIEW_AWAITING, { 0 } },
      { "awaiting pickup, one place", MR_PACKAGE_VIEW_AWAITING, { .place_id = place } },
      { "awaiting pickup, one department",
        MR_PACKAGE_VIEW_AWAITING,
        { .department_id = department } },
      { "awaiting pickup, status notified", MR_PACKAGE_VIEW_AWAITING, { .status = "notified" } },
      { "today's intake", MR_PACKAGE_VIEW_TODAY, { 0 } },
      { "today's intake, carrier DHL", MR_PACKAGE_VIEW_TODAY, { .carrier = "DHL" } },
    };
    double worst_first = 0;

    printf ("Lists over %u packages (%s), warm, median of %u runs, ms\n", n, path, runs);
    printf ("  %-38s %9s %9s %9s %9s %9s\n", "", "items", "count", "1st page", "next page",
            "jump mid");
    for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        g_autoptr (GArray) t_count = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr (GArray) t_first = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr (GArray) t_next = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr (GArray) t_jump = g_array_new (FALSE, FALSE, sizeof (double));
        guint items = 0;

        for (int r = -2; r < (int) runs; r++)
          {
            g_autoptr (MrPackageList) list = mr_package_list_new (store, cases[c].view);
            g_autoptr (MrPackageList) jumper = mr_package_list_new (store, cases[c].view);
            double ms[4] = { 0 };
            gint64 start;

            start = g_get_monotonic_time ();
            mr_package_list_set_filter (list, &cases[c].filter);
            items = g_list_model_get_n_items (G_LIST_MODEL (list));
            ms[0] = elapsed_ms (start);

            /* What a list view asks for first: one screen. */
            start = g_get_monotonic_time ();
            for (guint i = 0; i < MIN (items, 30u); i++)
              g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
            ms[1] = elapsed_ms (start);

            /* Scrolling on: the next page by keyset. */
            start = g_get_monotonic_time ();
            if (items > 64)
              g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), 64));
            ms[2] = elapsed_ms (start);

            /* The scroll bar dragged to the middle: OFFSET. */
            mr_package_list_set_filter (jumper, &cases[c].filter);
            start = g_get_monotonic_time ();
            if (items > 0)
              g_object_unref (g_list_model_get_item (G_LIST_MODEL (jumper), items / 2));
            ms[3] = elapsed_ms (start);

            if (r >= 0)
              {
                g_array_append_val (t_count, ms[0]);
                g_array_append_val (t_first, ms[1]);
                g_array_append_val (t_next, ms[2]);
                g_array_append_val (t_jump, ms[3]);
              }
          }
        printf ("  %-38s %9u %9.2f %9.2f %9.2f %9.2f\n", cases[c].label, items,
                stats_of (t_count).median, stats_of (t_first).median, stats_of (t_next).median,
                stats_of (t_jump).median);
        worst_first = MAX (worst_first, stats_of (t_count).median + stats_of (t_first).median);
      }
    printf ("  worst count + first screen: %.2f ms (one frame is 16 ms)\n", worst_first);
  }
  sqlite3_close (db);
  return 0;
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = NULL;
  int scans = 300, numbers = 1000000, runs = 3, packages = 1000000;
  gboolean no_lists = FALSE, scan_only = FALSE;
  const GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
      "Where the databases go (default: the current directory)", "DIR" },
    { "scans", 0, 0, G_OPTION_ARG_INT, &scans, "Timed scans (default 300)", "N" },
    { "numbers", 0, 0, G_OPTION_ARG_INT, &numbers, "Tracking numbers to identify (default 1e6)",
      "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of identification and lists (default 3)", "N" },
    { "packages", 0, 0, G_OPTION_ARG_INT, &packages, "Packages in the lists (default 1e6)", "N" },
    { "no-lists", 0, 0, G_OPTION_ARG_NONE, &no_lists, "Skip the lists", NULL },
    { "scan-only", 0, 0, G_OPTION_ARG_NONE, &scan_only,
      "Only the scan-to-durable latency (section 1)", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("");
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || scans < 1 || numbers < 1 || runs < 1 ||
      packages < 1000)
    {
      g_printerr ("%s\n", error ? error->message : "invalid counts");
      return 1;
    }
  if (dir == NULL)
    dir = g_get_current_dir ();

  /* Each table as soon as it is done: the lists may first take minutes
   * to fill their database. */
  status |= bench_scan (dir, (guint) scans);
  if (scan_only)
    return status;
  printf ("\n");
  fflush (stdout);
  status |= bench_identify ((guint) numbers, (guint) runs);
  fflush (stdout);
  if (!no_lists)
    {
      printf ("\n");
      status |= bench_lists (dir, (guint) packages, (guint) runs);
    }
  return status;
}
