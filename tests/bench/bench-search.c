/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search latency per keystroke, side by side with a naive LIKE scan.
 *
 * Our side is exactly what the contacts page does on each keystroke:
 * mr_contact_list_set_search() (which counts the matches) and then the
 * first screenful of rows from the list model. The reference side runs
 * the same queries as `LIKE '%q%'` over the contact table in one sqlite3
 * CLI process with `.timer on`, so its process start-up is not counted.
 *
 * Queries are keystroke sequences: contacts picked with a seeded PRNG,
 * each one's last name, first name, e-mail local part or personnel ID
 * typed one character at a time, plus two-word ("hel dup") and accented
 * ("hélène", and the same without accents) sequences. Both sides are timed
 * warm: page cache and SQLite's cache filled by untimed queries first. */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mr-contact-list.h"
#include "mr-store.h"
#include "mr-text.h"

#define SCREENFUL 30
#define TARGET_P99_MS 2.0
#define REFERENCE_WARMUP 20

typedef struct
{
  GPtrArray *queries; /* char*, in typing order */
  GArray *starts;     /* gboolean per query: first keystroke of a sequence */
  GPtrArray *targets; /* per query: the contact whose field is typed, or NULL */
  guint n_sequences[4];
} QuerySet;

static const char *kind_names[] = { "name/ID prefixes", "two-word", "accented", "accents dropped" };

static gint64
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gint64
now_ns (void)
{
  return clock_ns (CLOCK_MONOTONIC);
}

/* CPU time of this thread: what the query cost, whatever else the machine
 * was doing meanwhile (wall time is the headline, this explains it). */
static gint64
cpu_ns (void)
{
  return clock_ns (CLOCK_THREAD_CPUTIME_ID);
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* Every prefix of TEXT, one character (not byte) longer each time. */
static void
add_sequence (QuerySet *set, guint kind, const char *text, const char *target)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  gboolean first = TRUE;

  g_strstrip (lower);
  if (*lower == '\0')
    return;
  for (const char *p = g_utf8_next_char (lower);; p = g_utf8_next_char (p))
    {
      g_ptr_array_add (set->queries, g_strndup (lower, p - lower));
      g_ptr_array_add (set->targets, g_strdup (target));
      g_array_append_val (set->starts, first);
      first = FALSE;
      if (*p == '\0')
        break;
    }
  set->n_sequences[kind]++;
}

static char *
utf8_prefix (const char *text, glong n_chars)
{
  glong len = g_utf8_strlen (text, -1);

  return g_utf8_substring (text, 0, MIN (n_chars, len));
}

static void
build_queries (MrStore *store, guint n_contacts, guint seed, QuerySet *set)
{
  g_autoptr (MrContactList) all = mr_contact_list_new (store);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (all));
  guint n_accented = 0, n_two_word = 0;

  set->queries = g_ptr_array_new_with_free_func (g_free);
  set->starts = g_array_new (FALSE, FALSE, sizeof (gboolean));
  set->targets = g_ptr_array_new_with_free_func (g_free);
  if (n == 0)
    return;

  for (guint i = 0; i < n_contacts; i++)
    {
      guint pos = (guint) g_rand_int_range (rand, 0, (gint32) n);
      g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (all), pos);
      const char *first, *last, *email, *pid;
      const char *text = NULL;
      g_autofree char *local = NULL;

      if (c == NULL)
        continue;
      first = mr_contact_get_first_name (c);
      last = mr_contact_get_last_name (c);
      email = mr_contact_get_email (c);
      pid = mr_contact_get_personnel_id (c);

      switch (i % 4)
        {
        case 0:
          text = last;
          break;
        case 1:
          text = first;
          break;
        case 2:
          if (email != NULL && strchr (email, '@') != NULL)
            text = local = g_strndup (email, strchr (email, '@') - email);
          break;
        case 3:
          text = pid;
          break;
        default:
          g_assert_not_reached ();
        }
      if (text == NULL || *text == '\0')
        text = (last != NULL && *last) ? last : first;
      add_sequence (set, 0, text, mr_contact_get_id (c));

      /* Every 15th contact also typed as "first-3 last-3", e.g. "hel dup". */
      if (i % 15 == 7 && first && *first && last && *last && n_two_word < 20)
        {
          g_autofree char *f = utf8_prefix (first, 3);
          g_autofree char *l = utf8_prefix (last, 3);
          g_autofree char *two = g_strdup_printf ("%s %s", f, l);

          add_sequence (set, 1, two, mr_contact_get_id (c));
          n_two_word++;
        }

      /* Accented names, as written and with the accents left out. */
      if (n_accented < 20)
        {
          const char *accented = NULL;

          if (first && !is_ascii (first))
            accented = first;
          else if (last && !is_ascii (last))
            accented = last;
          if (accented)
            {
              g_autofree char *folded = mr_text_fold (accented);

              add_sequence (set, 2, accented, mr_contact_get_id (c));
              if (g_strcmp0 (folded, accented) != 0)
                add_sequence (set, 3, folded, mr_contact_get_id (c));
              n_accented++;
            }
        }
    }
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
cmp_by_time (gconstpointer a, gconstpointer b, gpointer data)
{
  GArray *times = data;
  double x = g_array_index (times, double, *(const guint *) a);
  double y = g_array_index (times, double, *(const guint *) b);

  return (x < y) - (x > y); /* slowest first */
}

/* Nearest-rank percentile of a sorted array. */
static double
percentile (GArray *sorted, double p)
{
  guint rank;

  if (sorted->len == 0)
    return NAN;
  rank = (guint) ceil (p / 100.0 * sorted->len);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

typedef struct
{
  double median, p90, p99, max, mean;
} Stats;

static Stats
stats_of (GArray *values)
{
  g_autoptr (GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (double), values->len);
  Stats s = { NAN, NAN, NAN, NAN, NAN };
  double sum = 0;

  g_array_append_vals (sorted, values->data, values->len);
  g_array_sort (sorted, cmp_double);
  if (sorted->len == 0)
    return s;
  for (guint i = 0; i < sorted->len; i++)
    sum += g_array_index (sorted, double, i);
  s.median = percentile (sorted, 50);
  s.p90 = percentile (sorted, 90);
  s.p99 = percentile (sorted, 99);
  s.max = g_array_index (sorted, double, sorted->len - 1);
  s.mean = sum / sorted->len;
  return s;
}

typedef struct
{
  GArray *total;   /* ms per keystroke */
  GArray *count;   /* ms in set_search (count of matches) */
  GArray *fetch;   /* ms fetching the first screenful */
  GArray *cpu;     /* ms of CPU time for the whole keystroke */
  GArray *results; /* guint matches per query */
  guint n_noop;    /* keystrokes whose FTS query did not change */
  guint n_checked; /* completed sequences whose contact was looked up */
  guint n_missing; /* ... and was not in the results: a search bug */
} OurTimes;

static void
run_ours (MrStore *store, QuerySet *set, gboolean record, OurTimes *out)
{
  g_autoptr (MrContactList) list = mr_contact_list_new (store);

  for (guint i = 0; i < set->queries->len; i++)
    {
      const char *q = g_ptr_array_index (set->queries, i);
      gint64 t0, t1, t2, c0, c1;
      guint n, shown;
      g_autofree char *fts = NULL;
      g_autofree char *prev_fts = NULL;

      /* A new sequence starts from an empty search box (not timed). */
      if (g_array_index (set->starts, gboolean, i))
        mr_contact_list_set_search (list, NULL);
      if (record)
        {
          prev_fts = mr_text_fts_query (mr_contact_list_get_search (list));
          fts = mr_text_fts_query (q);
          if (g_strcmp0 (prev_fts, fts) == 0)
            out->n_noop++;
        }

      c0 = cpu_ns ();
      t0 = now_ns ();
      mr_contact_list_set_search (list, q);
      t1 = now_ns ();
      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      shown = MIN (n, SCREENFUL);
      for (guint pos = 0; pos < shown; pos++)
        {
          MrContact *c = g_list_model_get_item (G_LIST_MODEL (list), pos);

          /* Touch what a row shows, as the row binding would. */
          if (c != NULL)
            {
              (void) mr_contact_get_display_name (c);
              g_object_unref (c);
            }
        }
      t2 = now_ns ();
      c1 = cpu_ns ();

      if (record)
        {
          double total = (t2 - t0) / 1e6, count = (t1 - t0) / 1e6, fetch = (t2 - t1) / 1e6;
          double cpu = (c1 - c0) / 1e6;

          g_array_append_val (out->total, total);
          g_array_append_val (out->count, count);
          g_array_append_val (out->fetch, fetch);
          g_array_append_val (out->cpu, cpu);
          g_array_append_val (out->results, n);

          /* Once the whole field is typed, its contact must be among the
           * matches (untimed; skipped when the list stopped at its cap). */
          if ((i + 1 == set->queries->len || g_array_index (set->starts, gboolean, i + 1)) &&
              g_ptr_array_index (set->targets, i) != NULL && !mr_contact_list_get_truncated (list))
            {
              const char *target = g_ptr_array_index (set->targets, i);

              out->n_checked++;
              if (!mr_contact_list_find (list, target, NULL))
                {
                  if (out->n_missing < 5)
                    g_printerr ("warning: \"%s\" does not find contact %s\n", q, target);
                  out->n_missing++;
                }
            }
        }
    }
}

static void
append_sql_literal (GString *sql, const char *q)
{
  g_string_append (sql, "'%");
  for (const char *p = q; *p; p++)
    {
      if (*p == '\'')
        g_string_append_c (sql, '\'');
      g_string_append_c (sql, *p);
    }
  g_string_append (sql, "%'");
}

static void
append_reference_query (GString *script, const char *q)
{
  static const char *columns[] = { "first_name",   "last_name",   "email", "phone",
                                   "personnel_id", "employee_id", "notes" };

  g_string_append (script, "SELECT id, first_name, last_name, email FROM contact "
                           "WHERE deleted = 0 AND (");
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      if (c > 0)
        g_string_append (script, " OR ");
      g_string_append_printf (script, "%s LIKE ", columns[c]);
      append_sql_literal (script, q);
    }
  g_string_append (script, ") ORDER BY last_name, first_name LIMIT 30;\n");
}

/* Runs the queries in one sqlite3 process after REFERENCE_WARMUP untimed
 * ones and returns their "Run Time: real" values in ms (and user + sys in
 * OUT_CPU). */
static GArray *
run_reference (const char *sqlite3, const char *db, QuerySet *set, GArray **out_cpu, GError **error)
{
  g_autoptr (GString) script = g_string_new (".output /dev/null\n.timer on\n");
  g_autofree char *script_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *timed;
  int fd, status;
  const char *argv[] = { sqlite3, "-batch", "-init", "/dev/null", db, NULL, NULL };
  g_autofree char *read_cmd = NULL;

  /* A scan reads the whole table whatever the query, so a few untimed
   * queries warm it as well as a full pass would, at a fraction of the
   * run time (a full pass of LIKE scans takes minutes). */
  for (guint i = 0; i < REFERENCE_WARMUP; i++)
    append_reference_query (script, g_ptr_array_index (set->queries, i % set->queries->len));
  for (guint i = 0; i < set->queries->len; i++)
    append_reference_query (script, g_ptr_array_index (set->queries, i));

  fd = g_file_open_tmp ("bench-search-XXXXXX.sql", &script_path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  if (!g_file_set_contents (script_path, script->str, script->len, error))
    return NULL;

  read_cmd = g_strdup_printf (".read %s", script_path);
  argv[5] = read_cmd;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, error))
    {
      g_unlink (script_path);
      return NULL;
    }
  g_unlink (script_path);
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s", sqlite3, err ? err : "");
      return NULL;
    }

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *p = strstr (lines[i], "Run Time: real ");
      const char *user, *sys;
      double ms, cpu;

      if (p == NULL)
        continue;
      ms = g_ascii_strtod (p + strlen ("Run Time: real "), NULL) * 1000.0;
      g_array_append_val (times, ms);
      user = strstr (p, " user ");
      sys = strstr (p, " sys ");
      cpu =
        (user ? g_ascii_strtod (user + 6, NULL) : 0) + (sys ? g_ascii_strtod (sys + 5, NULL) : 0);
      cpu *= 1000.0;
      g_array_append_val (cpu_times, cpu);
    }
  if (times->len != REFERENCE_WARMUP + set->queries->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s printed %u timings for %u queries: %s",
                   sqlite3, times->len, REFERENCE_WARMUP + set->queries->len, err ? err : "");
      return NULL;
    }
  timed = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (timed, &g_array_index (times, double, REFERENCE_WARMUP), set->queries->len);
  *out_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (*out_cpu, &g_array_index (cpu_times, double, REFERENCE_WARMUP),
                       set->queries->len);
  return timed;
}

static void
print_row (const char *label, Stats s)
{
  printf ("  %-36s %9.3f %9.3f %9.3f %9.3f %9.3f\n", label, s.median, s.p90, s.p99, s.max, s.mean);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autofree char *db = NULL;
  g_autofree char *sqlite3 = NULL;
  g_autofree char *dump = NULL;
  int n_contacts = 300;
  int seed = 1;
  gboolean no_reference = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Database to search", "FILE" },
    { "contacts", 0, 0, G_OPTION_ARG_INT, &n_contacts, "Contacts to type (300)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed for picking contacts (1)", "N" },
    { "sqlite3", 0, 0, G_OPTION_ARG_FILENAME, &sqlite3, "sqlite3 CLI (sqlite3)", "PATH" },
    { "no-reference", 0, 0, G_OPTION_ARG_NONE, &no_reference, "Skip the LIKE scan", NULL },
    { "dump-queries", 0, 0, G_OPTION_ARG_FILENAME, &dump, "Write the queries here", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (MrStore) store = NULL;
  QuerySet set = { 0 };
  OurTimes ours = { 0 };
  g_autoptr (GArray) reference = NULL;
  g_autoptr (GArray) reference_cpu = NULL;
  guint n_contacts_db, n_empty = 0;
  double load_before = NAN, load_after = NAN;
  Stats st, sr;

  context = g_option_context_new ("- contact search latency");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db == NULL)
    {
      g_printerr ("%s\n", error ? error->message : "--db is required");
      return 2;
    }
  if (sqlite3 == NULL)
    sqlite3 = g_strdup ("sqlite3");

  store = mr_store_open (db, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", db, error->message);
      return 1;
    }
  {
    g_autoptr (MrContactList) all = mr_contact_list_new (store);

    n_contacts_db = g_list_model_get_n_items (G_LIST_MODEL (all));
  }

  build_queries (store, (guint) n_contacts, (guint) seed, &set);
  if (set.queries->len == 0)
    {
      g_printerr ("%s: no contacts to search\n", db);
      return 1;
    }
  if (dump)
    {
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint i = 0; i < set.queries->len; i++)
        g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (set.queries, i));
      if (!g_file_set_contents (dump, text->str, text->len, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  ours.total = g_array_new (FALSE, FALSE, sizeof (double));
  ours.count = g_array_new (FALSE, FALSE, sizeof (double));
  ours.fetch = g_array_new (FALSE, FALSE, sizeof (double));
  ours.cpu = g_array_new (FALSE, FALSE, sizeof (double));
  ours.results = g_array_new (FALSE, FALSE, sizeof (guint));
  getloadavg (&load_before, 1);
  run_ours (store, &set, FALSE, &ours); /* warm-up */
  run_ours (store, &set, TRUE, &ours);
  g_clear_object (&store); /* the CLI gets the file to itself */

  /* Every query is a prefix of a field of an existing contact, so each
   * must find at least that contact; an empty result is a search bug. */
  for (guint i = 0; i < ours.results->len; i++)
    if (g_array_index (ours.results, guint, i) == 0)
      {
        if (n_empty < 5)
          g_printerr ("warning: no result for \"%s\"\n",
                      (char *) g_ptr_array_index (set.queries, i));
        n_empty++;
      }

  if (!no_reference)
    {
      reference = run_reference (sqlite3, db, &set, &reference_cpu, &error);
      if (reference == NULL)
        {
          g_printerr ("reference (sqlite3 CLI): %s\n", error->message);
          return 1;
        }
    }

  getloadavg (&load_after, 1);
  st = stats_of (ours.total);

  printf ("Search latency per keystroke: %u contacts in %s\n", n_contacts_db, db);
  printf ("  %u queries: %u sequences typed one character at a time (", set.queries->len,
          set.n_sequences[0] + set.n_sequences[1] + set.n_sequences[2] + set.n_sequences[3]);
  for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
    printf ("%s%u %s", k ? ", " : "", set.n_sequences[k], kind_names[k]);
  printf (")\n  seed %d, %d contacts picked; %u keystrokes did not change the FTS query\n", seed,
          n_contacts, ours.n_noop);
  printf ("  check: %u queries found nothing; %u of %u fully typed contacts missing from "
          "their results\n",
          n_empty, ours.n_missing, ours.n_checked);
  printf ("  warm caches: mailroom after an untimed pass over all queries, the LIKE scan after"
          " %d untimed queries;\n  ",
          REFERENCE_WARMUP);
  printf ("no other work in the process;"
          " load average %.2f before, %.2f after\n\n",
          load_before, load_after);
  printf ("  %-36s %9s %9s %9s %9s %9s\n", "ms per query", "median", "p90", "p99", "max", "mean");
  print_row ("mailroom: set_search + 30 rows", st);
  print_row ("  of which set_search (count)", stats_of (ours.count));
  print_row ("  of which first screenful", stats_of (ours.fetch));
  print_row ("  CPU time (thread)", stats_of (ours.cpu));
  if (reference)
    {
      sr = stats_of (reference);
      print_row ("sqlite3 CLI LIKE '%q%' scan", sr);
      print_row ("  CPU time (user + sys)", stats_of (reference_cpu));
      printf ("  %-36s %9.4f %9.4f %9.4f %9.4f %9.4f\n", "ratio mailroom / LIKE scan",
              st.median / sr.median, st.p90 / sr.p90, st.p99 / sr.p99, st.max / sr.max,
              st.mean / sr.mean);
      printf ("  (sqlite3 .timer prints real time in whole ms)\n");
    }

  /* Where the tail comes from: short prefixes match the most rows. */
  printf ("\n  mailroom by query length          %9s %9s %9s %9s %9s\n", "queries", "median", "p99",
          "max", "matches");
  for (guint len = 1; len <= 3; len++)
    {
      g_autoptr (GArray) subset = g_array_new (FALSE, FALSE, sizeof (double));
      guint64 matches = 0;
      Stats ss;

      for (guint i = 0; i < set.queries->len; i++)
        {
          glong l = g_utf8_strlen (g_ptr_array_index (set.queries, i), -1);

          if (len < 3 ? l == (glong) len : l >= 3)
            {
              g_array_append_val (subset, g_array_index (ours.total, double, i));
              matches += g_array_index (ours.results, guint, i);
            }
        }
      ss = stats_of (subset);
      printf ("  %-34s %9u %9.3f %9.3f %9.3f %9.0f\n",
              len == 1   ? "1 character"
              : len == 2 ? "2 characters"
                         : "3 or more",
              subset->len, ss.median, ss.p99, ss.max,
              subset->len ? (double) matches / subset->len : 0.0);
    }

  printf ("\n  slowest mailroom queries (ms total = count + screenful; matches)\n");
  {
    g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

    for (guint i = 0; i < ours.total->len; i++)
      g_array_append_val (order, i);
    g_array_sort_with_data (order, cmp_by_time, ours.total);
    for (guint k = 0; k < MIN (8, order->len); k++)
      {
        guint i = g_array_index (order, guint, k);

        const char *q = g_ptr_array_index (set.queries, i);
        /* %-24s pads bytes, not characters: pad "hélène" by hand. */
        int pad = MAX (0, 24 - (int) g_utf8_strlen (q, -1));

        printf ("    %s%*s %8.3f = %8.3f + %7.3f   %6u\n", q, pad, "",
                g_array_index (ours.total, double, i), g_array_index (ours.count, double, i),
                g_array_index (ours.fetch, double, i), g_array_index (ours.results, guint, i));
      }
  }

  printf ("\n  target: mailroom p99 <= %.1f ms: %s (p99 %.3f ms)\n", TARGET_P99_MS,
          st.p99 <= TARGET_P99_MS ? "MET" : "MISSED", st.p99);
  if (st.p99 > TARGET_P99_MS)
    printf ("  missed by %.3f ms (%.1fx the target)\n", st.p99 - TARGET_P99_MS,
            st.p99 / TARGET_P99_MS);

  g_ptr_array_unref (set.queries);
  g_array_unref (set.starts);
  g_ptr_array_unref (set.targets);
  g_array_unref (ours.total);
  g_array_unref (ours.count);
  g_array_unref (ours.fetch);
  g_array_unref (ours.cpu);
  g_array_unref (ours.results);
  return n_empty > 0 || ours.n_missing > 0 ? 3 : 0;
}
