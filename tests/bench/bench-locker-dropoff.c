/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Auto-assignment of 10,000 drop-offs, side by side with the bare SQLite
 * writes they need.
 *
 * Builds one database through the core API (banks of 67 columns × 15
 * doors, 1,005 doors each, one bank per 750 drop-offs, so the banks end
 * about 75 % full and nobody is refused for lack of a door within reach;
 * contacts, 5 % of them needing an accessible door, a
 * tenth of them with two packages; one package per drop-off, sizes in the
 * proportions of the doors), closes it and copies the file, so both
 * sides start from the same bytes. Then, drop-off after drop-off, in the
 * same run:
 *   - real: mr_locker_dropoff() on the copy the store opened, as the
 *     counter does: the door chosen by the rules (dedicated, reserved,
 *     joining the recipient's door, smallest free door that fits), a
 *     pickup code unique among the bank's open deliveries, its salted
 *     HMAC, the "locker.dropoff" mutation with its checks and its journal
 *     entry; one transaction;
 *   - bare: on the other copy, through a plain sqlite3 connection with
 *     prepared statements, the rows that drop-off wrote and nothing else,
 *     with the door the real side chose: UPDATE package (status, locker),
 *     INSERT package_event, INSERT locker_event ("in_locker"), INSERT
 *     locker_delivery (unless the package joined the recipient's open
 *     delivery), INSERT locker_event ("dropoff"), UPDATE locker (status
 *     cache), INSERT journal; one transaction, BEGIN IMMEDIATE … COMMIT,
 *     as the store does.
 * Both connections run the store's settings: journal_mode WAL,
 * synchronous FULL (an fsync of the WAL at every commit), foreign_keys
 * ON, temp_store MEMORY, cache_size -16000; both files in one directory
 * (--dir; a tmpfs such as /dev/shm makes the fsync free and leaves the
 * CPU cost alone).
 * Per drop-off: median, p99, max, mean, the mean of the last 1,000 (the
 * banks fuller) and the total, in wall time; and the CPU time of the
 * thread over the run, which neither the wait for the disk nor the other
 * processes of a busy machine add to. real_dropoff() and bare_dropoff()
 * are not inlined, for callgrind's inclusive instruction counts.
 * Usage: bench-locker-dropoff [--dropoffs N] [--dir DIR] [--keep] */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "mr-lockers.h"
#include "mr-store.h"
#include "mr-uuid.h"

#define N_COLUMNS 67
#define DOORS_PER_BANK (N_COLUMNS * 15)
#define DROPOFFS_PER_BANK 750

/* Sizes in the proportions of a column's doors: 8 XS, 4 S, 2 M, 1 L. */
static const char *const package_sizes[15] = {
  "XS", "S", "XS", "M", "XS", "S", "XS", "L", "XS", "S", "XS", "M", "XS", "S", "XS",
};

typedef struct
{
  double median, p99, max, mean, total;
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
  g_autofree double *v = g_memdup2 (ms->data, ms->len * sizeof (double));

  if (ms->len == 0)
    return s;
  for (guint i = 0; i < ms->len; i++)
    s.total += v[i];
  s.mean = s.total / ms->len;
  qsort (v, ms->len, sizeof (double), compare_doubles);
  s.median = v[ms->len / 2];
  s.p99 = v[MIN (ms->len - 1, (guint) (ms->len * 0.99))];
  s.max = v[ms->len - 1];
  return s;
}

static void
print_row (const char *label, const Stats *s, double last_mean)
{
  printf ("  %-36s %8.3f %8.3f %8.3f %8.3f %8.3f %9.2f\n", label, s->median, s->p99, s->max,
          s->mean, last_mean, s->total / 1000.0);
}

static double
mean_of_last (GArray *ms, guint n)
{
  double sum = 0;

  n = MIN (n, ms->len);
  for (guint i = ms->len - n; i < ms->len; i++)
    sum += g_array_index (ms, double, i);
  return n ? sum / n : 0;
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

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The CPU time of this thread, in ms: what other processes on a busy
 * machine and the wait for the disk do not add to. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The bare side */

typedef struct
{
  sqlite3 *db;
  const char *workstation_id;
  sqlite3_stmt *begin, *commit, *package, *package_event, *locker_event, *delivery, *locker,
    *journal;
} Bare;

static sqlite3_stmt *
bare_prepare (Bare *b, const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (b->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    g_error ("bare: cannot prepare %s: %s", sql, sqlite3_errmsg (b->db));
  return stmt;
}

static void
bare_exec (Bare *b, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (b->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("bare: %s: %s", sql, msg);
}

static void
bare_open (Bare *b, const char *path, const char *workstation_id)
{
  if (sqlite3_open_v2 (path, &b->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("bare: cannot open %s", path);
  /* The store's settings (mr_store_open). */
  bare_exec (b, "PRAGMA journal_mode = WAL");
  bare_exec (b, "PRAGMA synchronous = FULL;"
                "PRAGMA foreign_keys = ON;"
                "PRAGMA temp_store = MEMORY;"
                "PRAGMA cache_size = -16000;");
  b->workstation_id = workstation_id;
  b->begin = bare_prepare (b, "BEGIN IMMEDIATE");
  b->commit = bare_prepare (b, "COMMIT");
  b->package = bare_prepare (b, "UPDATE package SET status = 'in_locker', locker_id = ?1, "
                                "place_id = coalesce (?2, place_id), updated_at = ?3, "
                                "workstation_id = ?4 WHERE id = ?5");
  b->package_event =
    bare_prepare (b, "INSERT INTO package_event (id, package_id, kind, at, hlc, user_id, "
                     "workstation_id, place_id, locker_id, previous_status, handed_to_id) "
                     "VALUES (?, ?, 'in_locker', ?, ?, NULL, ?, ?, ?, 'received', NULL)");
  b->locker_event = bare_prepare (b, "INSERT INTO locker_event (id, locker_id, kind, at, user_id, "
                                     "workstation_id, data) VALUES (?, ?, ?, ?, NULL, ?, ?)");
  b->delivery = bare_prepare (b, "INSERT INTO locker_delivery (id, locker_id, contact_id, "
                                 "department_id, code_hash, code_salt, delivered_at, expires_at, "
                                 "created_at, updated_at, workstation_id, code_tag) "
                                 "VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)");
  b->locker = bare_prepare (b, "UPDATE locker SET status = 'occupied' WHERE id = ?");
  b->journal = bare_prepare (b, "INSERT INTO journal (uuid, name, args, hlc, at, workstation_id, "
                                "user_id, entity, entity_id) VALUES (?, 'locker.dropoff', ?, ?, "
                                "?, ?, NULL, 'locker', ?)");
}

static void
bare_close (Bare *b)
{
  sqlite3_stmt *all[] = { b->begin,        b->commit,   b->package, b->package_event,
                          b->locker_event, b->delivery, b->locker,  b->journal };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    sqlite3_finalize (all[i]);
  sqlite3_close (b->db);
}

static void
bare_step (Bare *b, sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    g_error ("bare: %s: %s", sqlite3_sql (stmt), sqlite3_errmsg (b->db));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
bind_text (sqlite3_stmt *stmt, int i, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

/* What the real drop-off decided, for the bare side to write. */
typedef struct
{
  char *package_id;
  char *contact_id;
  char *locker_id;
  char *place_id;
  gboolean new_delivery;
} Decision;

/* The rows a drop-off writes: the values are made (ids, times, the
 * journal's JSON), nothing is read or checked. Not inlined, so callgrind
 * shows its inclusive cost next to mr_locker_dropoff's. */
static G_GNUC_NO_INLINE void
bare_dropoff (Bare *b, const Decision *d, int expiry_hours)
{
  /* A salted HMAC-SHA-256 is 64 hex digits, its salt 32. */
  static const char hash[] = "4f2d0c5e8a7b6d9c1e3f5a7b9c0d2e4f6a8b0c1d3e5f7a9b1c2d4e6f8a0b1c3d";
  static const char salt[] = "0123456789abcdef0123456789abcdef";
  g_autofree char *event_id = mr_uuid_v7_new ();
  g_autofree char *in_id = mr_uuid_v7_new ();
  g_autofree char *delivery_id = mr_uuid_v7_new ();
  g_autofree char *dropoff_id = mr_uuid_v7_new ();
  g_autofree char *journal_id = mr_uuid_v7_new ();
  g_autofree char *in_data = NULL;
  g_autofree char *dropoff_data = NULL;
  g_autofree char *args = NULL;
  gint64 now = g_get_real_time () / 1000;
  gint64 hlc = now << 16;

  bare_step (b, b->begin);

  sqlite3_bind_text (b->package, 1, d->locker_id, -1, SQLITE_TRANSIENT);
  bind_text (b->package, 2, d->place_id);
  sqlite3_bind_int64 (b->package, 3, hlc);
  sqlite3_bind_text (b->package, 4, b->workstation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (b->package, 5, d->package_id, -1, SQLITE_TRANSIENT);
  bare_step (b, b->package);

  sqlite3_bind_text (b->package_event, 1, event_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (b->package_event, 2, d->package_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (b->package_event, 3, now);
  sqlite3_bind_int64 (b->package_event, 4, hlc);
  sqlite3_bind_text (b->package_event, 5, b->workstation_id, -1, SQLITE_STATIC);
  bind_text (b->package_event, 6, d->place_id);
  sqlite3_bind_text (b->package_event, 7, d->locker_id, -1, SQLITE_TRANSIENT);
  bare_step (b, b->package_event);

  in_data = g_strdup_printf ("{\"package_id\":\"%s\"}", d->package_id);
  sqlite3_bind_text (b->locker_event, 1, in_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (b->locker_event, 2, d->locker_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (b->locker_event, 3, "in_locker", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (b->locker_event, 4, now);
  sqlite3_bind_text (b->locker_event, 5, b->workstation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (b->locker_event, 6, in_data, -1, SQLITE_TRANSIENT);
  bare_step (b, b->locker_event);

  if (d->new_delivery)
    {
      sqlite3_bind_text (b->delivery, 1, delivery_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (b->delivery, 2, d->locker_id, -1, SQLITE_TRANSIENT);
      bind_text (b->delivery, 3, d->contact_id);
      sqlite3_bind_text (b->delivery, 4, hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (b->delivery, 5, salt, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (b->delivery, 6, now);
      sqlite3_bind_int64 (b->delivery, 7, now + (gint64) expiry_hours * 3600 * 1000);
      sqlite3_bind_int64 (b->delivery, 8, now);
      sqlite3_bind_int64 (b->delivery, 9, hlc);
      sqlite3_bind_text (b->delivery, 10, b->workstation_id, -1, SQLITE_STATIC);
      /* The code's tag (schema v5): any of the 256, as a real one. */
      sqlite3_bind_int (b->delivery, 11, (int) (g_str_hash (delivery_id) & 0xff));
      bare_step (b, b->delivery);
    }

  dropoff_data = g_strdup_printf ("{\"delivery_id\":\"%s\"}", delivery_id);
  sqlite3_bind_text (b->locker_event, 1, dropoff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (b->locker_event, 2, d->locker_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (b->locker_event, 3, "dropoff", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (b->locker_event, 4, now);
  sqlite3_bind_text (b->locker_event, 5, b->workstation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (b->locker_event, 6, dropoff_data, -1, SQLITE_TRANSIENT);
  bare_step (b, b->locker_event);

  sqlite3_bind_text (b->locker, 1, d->locker_id, -1, SQLITE_TRANSIENT);
  bare_step (b, b->locker);

  args = g_strdup_printf ("{\"package_id\":\"%s\",\"locker_id\":\"%s\",\"code_hash\":\"%s\","
                          "\"code_salt\":\"%s\",\"code_tag\":%u,\"at\":%" G_GINT64_FORMAT
                          ",\"event_id\":\"%s\",\"delivery_id\":\"%s\"}",
                          d->package_id, d->locker_id, hash, salt, g_str_hash (delivery_id) & 0xff,
                          now, event_id, delivery_id);
  sqlite3_bind_text (b->journal, 1, journal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (b->journal, 2, args, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (b->journal, 3, hlc);
  sqlite3_bind_int64 (b->journal, 4, now);
  sqlite3_bind_text (b->journal, 5, b->workstation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (b->journal, 6, d->locker_id, -1, SQLITE_TRANSIENT);
  bare_step (b, b->journal);

  bare_step (b, b->commit);
}

static char *first_refusal;

/* The real side, not inlined for the same reason. */
static G_GNUC_NO_INLINE gboolean
real_dropoff (MrStore *store, const char *package_id, const char *bank_id, MrLockerDropoff **out)
{
  g_autoptr (GError) error = NULL;

  if (mr_locker_dropoff (store, package_id, bank_id, NULL, out, &error))
    return TRUE;
  /* A full bank is a normal outcome, but not one this bench expects:
   * counted, and the first one told. */
  if (first_refusal == NULL)
    first_refusal = g_strdup (error->message);
  return FALSE;
}

int
main (int argc, char *argv[])
{
  int n_dropoffs = 10000;
  gboolean keep = FALSE;
  g_autofree char *parent = NULL;
  const GOptionEntry entries[] = {
    { "dropoffs", 0, 0, G_OPTION_ARG_INT, &n_dropoffs, "Drop-offs (default 10000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &parent, "Where the databases go (default: TMPDIR)",
      "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the databases", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("");
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *real_db = NULL;
  g_autofree char *bare_db = NULL;
  g_autofree char *layout = bank_layout ();
  g_autofree char *workstation_id = NULL;
  g_autoptr (GPtrArray) banks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bank_places = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) packages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) recipients = g_ptr_array_new ();
  g_autoptr (GArray) real_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_banks, n_contacts, joined = 0, failed = 0;
  int expiry_hours = 72;
  Bare bare = { 0 };
  Stats rs, bs;
  gint64 start;
  double setup_ms, real_cpu = 0, bare_cpu = 0, cpu;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || n_dropoffs < 1)
    {
      g_printerr ("%s\n", error ? error->message : "--dropoffs must be at least 1");
      return 1;
    }
  n_banks = ((guint) n_dropoffs + DROPOFFS_PER_BANK - 1) / DROPOFFS_PER_BANK;
  /* A tenth of the recipients get two packages: some join their door. */
  n_contacts = MAX (1, (guint) n_dropoffs * 9 / 10);
  /* A multiple of the banks, so the second package goes to the same bank. */
  if (n_contacts > n_banks)
    n_contacts -= n_contacts % n_banks;

  {
    g_autofree char *tmpl =
      g_build_filename (parent ? parent : g_get_tmp_dir (), "bench-locker-dropoff-XXXXXX", NULL);

    dir = g_mkdtemp (tmpl) ? g_steal_pointer (&tmpl) : NULL;
  }
  if (dir == NULL)
    {
      g_printerr ("cannot make a directory in %s\n", parent ? parent : g_get_tmp_dir ());
      return 1;
    }
  real_db = g_build_filename (dir, "real.db", NULL);
  bare_db = g_build_filename (dir, "bare.db", NULL);

  /* The database, through the core API */
  start = g_get_monotonic_time ();
  store = mr_store_open (real_db, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", real_db, error->message);
      return 1;
    }
  g_assert_true (mr_store_begin_batch (store, NULL));
  for (guint b = 0; b < n_banks; b++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      g_autofree char *name = g_strdup_printf ("Bank %u", b + 1);
      char *id = NULL;

      g_variant_dict_insert (&d, "name", "s", name);
      g_variant_dict_insert (&d, "layout", "s", layout);
      g_variant_dict_insert (&d, "allow_add_to_existing", "b", TRUE);
      g_variant_dict_insert (&d, "expiry_hours", "i", expiry_hours);
      apply_or_die (store, "locker_bank.create", &d, &id);
      g_ptr_array_add (banks, id);
    }
  for (guint i = 0; i < n_contacts; i++)
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
  for (guint i = 0; i < (guint) n_dropoffs; i++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      const char *recipient = g_ptr_array_index (contacts, i % n_contacts);
      const char *size = package_sizes[(i / n_banks) % 15];
      char *id = NULL;

      /* Each bank gets every size in turn; a recipient who needs a door
       * within reach gets parcels that fit one (no L door is). */
      if ((i % n_contacts) % 20 == 0 && strcmp (size, "L") == 0)
        size = "M";
      g_variant_dict_insert (&d, "recipient_id", "s", recipient);
      g_variant_dict_insert (&d, "size", "s", size);
      apply_or_die (store, "package.receive", &d, &id);
      g_ptr_array_add (packages, id);
      g_ptr_array_add (recipients, (gpointer) recipient);
    }
  g_assert_true (mr_store_end_batch (store, TRUE, NULL));
  for (guint b = 0; b < n_banks; b++)
    {
      g_autoptr (MrLockerBank) bank = mr_store_get_locker_bank (store, banks->pdata[b]);

      g_ptr_array_add (bank_places, g_strdup (bank->place_id));
    }
  workstation_id = g_strdup (mr_store_get_workstation_id (store));
  /* Closing checkpoints the WAL into the file: the copy is complete. */
  g_clear_object (&store);
  {
    g_autofree char *bytes = NULL;
    gsize len;

    if (!g_file_get_contents (real_db, &bytes, &len, &error) ||
        !g_file_set_contents (bare_db, bytes, (gssize) len, &error))
      {
        g_printerr ("copying the database: %s\n", error->message);
        return 1;
      }
  }
  store = mr_store_open (real_db, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", real_db, error->message);
      return 1;
    }
  bare_open (&bare, bare_db, workstation_id);
  setup_ms = elapsed_ms (start);

  /* Drop-off after drop-off: the real one, then the same rows bare. */
  for (guint i = 0; i < (guint) n_dropoffs; i++)
    {
      g_autoptr (MrLockerDropoff) out = NULL;
      const char *bank_id = g_ptr_array_index (banks, i % n_banks);
      Decision d = { 0 };
      double ms;
      gboolean ok;

      cpu = cpu_ms ();
      start = g_get_monotonic_time ();
      ok = real_dropoff (store, g_ptr_array_index (packages, i), bank_id, &out);
      ms = elapsed_ms (start);
      cpu = cpu_ms () - cpu;
      if (!ok)
        {
          failed++;
          continue;
        }
      g_array_append_val (real_ms, ms);
      real_cpu += cpu;

      d.package_id = g_ptr_array_index (packages, i);
      d.contact_id = g_ptr_array_index (recipients, i);
      d.locker_id = out->locker_id;
      d.place_id = g_ptr_array_index (bank_places, i % n_banks);
      /* No code: the package joined the recipient's open delivery. */
      d.new_delivery = out->code != NULL;
      joined += !d.new_delivery;

      cpu = cpu_ms ();
      start = g_get_monotonic_time ();
      bare_dropoff (&bare, &d, expiry_hours);
      ms = elapsed_ms (start);
      bare_cpu += cpu_ms () - cpu;
      g_array_append_val (bare_ms, ms);
    }

  rs = stats_of (real_ms);
  bs = stats_of (bare_ms);
  printf ("Locker drop-offs: %d auto-assigned in %u banks of %d doors, against the bare writes\n",
          n_dropoffs, n_banks, DOORS_PER_BANK);
  printf ("  %u placed (%u joined the recipient's door), %u refused; %u contacts (5 %% need an "
          "accessible door); databases built in %.1f s in %s\n",
          real_ms->len, joined, failed, n_contacts, setup_ms / 1000.0, dir);
  printf ("  both: journal_mode WAL, synchronous FULL, one transaction per drop-off, same run, "
          "alternating\n");
  printf ("  %-36s %8s %8s %8s %8s %8s %9s\n", "ms per drop-off", "median", "p99", "max", "mean",
          "last 1k", "total s");
  print_row ("mr_locker_dropoff (rules+code+journal)", &rs, mean_of_last (real_ms, 1000));
  print_row ("bare writes (7 rows, prepared)", &bs, mean_of_last (bare_ms, 1000));
  printf ("  CPU time of the thread (no disk wait, no other process): real %.2f s, bare %.2f s, "
          "%.2f×\n",
          real_cpu / 1000.0, bare_cpu / 1000.0, bare_cpu > 0 ? real_cpu / bare_cpu : 0);
  printf ("  ratio real/bare, wall: total %.2f×, median %.2f×\n",
          bs.total > 0 ? rs.total / bs.total : 0, bs.median > 0 ? rs.median / bs.median : 0);
  /* Both: a disk slowed by other processes lengthens the bare commits
   * (their fsync) more than it does the real ones, in proportion. */
  printf ("  target: assignment at most 2× the bare writes, in wall time and in CPU time: %s\n",
          bs.total > 0 && rs.total <= 2 * bs.total && real_cpu <= 2 * bare_cpu ? "MET" : "NOT MET");

  if (first_refusal != NULL)
    printf ("  first refusal: %s\n", first_refusal);

  bare_close (&bare);
  g_clear_object (&store);
  if (!keep)
    {
      const char *names[] = { "real.db", "real.db-wal", "real.db-shm",
                              "bare.db", "bare.db-wal", "bare.db-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *path = g_build_filename (dir, names[i], NULL);

          g_unlink (path);
        }
      g_rmdir (dir);
    }
  return failed == 0 ? 0 : 2;
}
