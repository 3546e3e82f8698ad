/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What makes a drop-off a few index reads (schema v5) must say what the
 * rules say, after every kind of change:
 *   - the index of free doors (locker_free, over the computed columns
 *     size_class and within_reach) holds exactly the doors that are free,
 *     in the order drop-off takes them, through drop-offs, pickups,
 *     reservations and their end, dedications, out of service and back,
 *     emptying and expiry; the door drop-off chooses is the first that
 *     fits in an order computed here from the doors themselves;
 *   - a locker's cached status says "available" exactly when it holds
 *     nothing and nobody holds it (mr_locker_refresh_status() writes only
 *     what changes);
 *   - pickup codes stay unique among a bank's open deliveries: each has
 *     its tag, the check finds a code through its tag, and finds those
 *     without one (deliveries from before v5, or a hash given alone);
 *   - a database of schema v4 becomes v5 and works.
 * PRAGMA integrity_check also compares every index with its table. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "mr-locker-private.h"
#include "mr-schema.h"
#include "mr-uuid.h"
#include "../mr-test-store.h"

#define HOUR_MS ((gint64) 3600 * 1000)

typedef struct
{
  char *dir;
  char *path;
  MrStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mr-locker-index-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  if (data == NULL)
    {
      f->store = mr_store_open (f->path, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-search", "-search-wal", "-search-shm" };

  g_clear_object (&f->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (f->path, suffixes[i], NULL);

      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* A refusal is a normal outcome of a random operation; anything else is
 * not. */
static gboolean
apply_maybe (MrStore *store, const char *name, GVariantDict *d)
{
  g_autoptr (GError) error = NULL;

  if (mr_store_apply (store, name, g_variant_dict_end (d), NULL, &error))
    return TRUE;
  g_assert_true (error->domain == MR_STORE_ERROR);
  g_assert_true (error->code == MR_STORE_ERROR_INVALID || error->code == MR_STORE_ERROR_IN_USE ||
                 error->code == MR_STORE_ERROR_NOT_FOUND);
  return FALSE;
}

static gint64
query_int (MrStore *store, const char *sql, const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (mr_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static char *
query_text (MrStore *store, const char *sql, const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (mr_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

static void
assert_integrity (MrStore *store)
{
  g_autofree char *ok = query_text (store, "PRAGMA integrity_check", NULL);

  g_assert_cmpstr (ok, ==, "ok");
}

static char *
add_contact (MrStore *store, const char *first, gboolean accessibility)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "first_name", "s", first);
  g_variant_dict_insert (&d, "last_name", "s", "Index");
  g_variant_dict_insert (&d, "needs_accessibility", "b", accessibility);
  return mr_test_apply_ok (store, "contact.create", &d);
}

static char *
receive (MrStore *store, const char *recipient, const char *size, gint64 at)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "recipient_id", "s", recipient);
  if (size != NULL)
    g_variant_dict_insert (&d, "size", "s", size);
  if (at > 0)
    g_variant_dict_insert (&d, "at", "x", at);
  return mr_test_apply_ok (store, "package.receive", &d);
}

static char *
make_bank (MrStore *store, const char *name, const char *layout, gint64 expiry_hours)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "name", "s", name);
  g_variant_dict_insert (&d, "layout", "s", layout);
  g_variant_dict_insert (&d, "allow_add_to_existing", "b", TRUE);
  g_variant_dict_insert (&d, "expiry_hours", "i", (gint32) expiry_hours);
  return mr_test_apply_ok (store, "locker_bank.create", &d);
}

/* Doors of every size, custom heights on both sides of each class
 * boundary, doors within reach and out of it, on two column heights. */
static const char *layout =
  "{ \"base_cm\": 10, \"columns\": ["
  "  { \"doors\": [\"XS\", \"XS\", \"S\", {\"height_cm\": 24}, \"M\", \"L\"] },"
  "  { \"doors\": [\"S\", {\"height_cm\": 15}, \"XS\", \"M\", {\"height_cm\": 41}, \"XS\"] },"
  "  { \"base_cm\": 30, \"doors\": [\"XS\", \"XS\", \"XS\", {\"height_cm\": 25}, \"S\", "
  "      \"XL\"] },"
  "  { \"doors\": [{\"height_cm\": 9}, \"S\", \"M\", \"M\", {\"height_cm\": 62}] },"
  "  { \"doors\": [\"XS\", \"S\", \"S\", \"L\", \"XS\", \"XS\", \"XS\"] } ] }";

/* A bank's doors as the rules see them, read from their own columns and
 * from what they hold, not from the cached status nor the computed
 * columns. */
typedef struct
{
  char *id;
  int klass;
  int height;
  gboolean reach;
  int col, row;
  gboolean free;
  gboolean available; /* the cached status */
} Door;

static void
door_clear (gpointer data)
{
  g_free (((Door *) data)->id);
}

static int
compare_doors (gconstpointer a, gconstpointer b)
{
  const Door *x = a, *y = b;

  if (x->klass != y->klass)
    return x->klass < y->klass ? -1 : 1;
  if (x->height != y->height)
    return x->height < y->height ? -1 : 1;
  if (x->reach != y->reach)
    return x->reach < y->reach ? -1 : 1;
  if (x->col != y->col)
    return x->col < y->col ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* The bank's doors in the order the rules take free ones. */
static GArray *
load_doors (MrStore *store, const char *bank)
{
  GArray *doors = g_array_new (FALSE, TRUE, sizeof (Door));
  sqlite3_stmt *stmt = NULL;

  g_array_set_clear_func (doors, door_clear);
  g_assert_cmpint (
    sqlite3_prepare_v2 (
      mr_store_get_db (store),
      "SELECT l.id, l.size, l.height_cm, l.bottom_cm, l.col, l.row, l.out_of_service = 0 AND "
      "l.dedicated_contact_id IS NULL AND l.dedicated_department_id IS NULL AND NOT EXISTS "
      "(SELECT 1 FROM package p WHERE p.locker_id = l.id AND p.deleted = 0) AND NOT EXISTS "
      "(SELECT 1 FROM reservation r WHERE r.locker_id = l.id AND r.state = 'active' AND "
      "r.deleted = 0), l.status = 'available' FROM locker l NOT INDEXED WHERE l.bank_id = ? "
      "AND l.deleted = 0",
      -1, &stmt, NULL),
    ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, bank, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Door d = { 0 };
      MrLockerSize size;
      int bottom;

      g_assert_true (
        mr_locker_size_from_string ((const char *) sqlite3_column_text (stmt, 1), &size));
      d.id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      d.height = sqlite3_column_int (stmt, 2);
      bottom = sqlite3_column_int (stmt, 3);
      d.klass = (int) mr_locker_door_size_class (size, d.height);
      d.reach = mr_locker_is_accessible (bottom, bottom + d.height);
      d.col = sqlite3_column_int (stmt, 4);
      d.row = sqlite3_column_int (stmt, 5);
      d.free = sqlite3_column_int (stmt, 6);
      d.available = sqlite3_column_int (stmt, 7);
      g_array_append_val (doors, d);
    }
  sqlite3_finalize (stmt);
  g_array_sort (doors, compare_doors);
  return doors;
}

/* The door a delivery that takes a free door gets: for someone who needs
 * one within reach, the first within reach. */
static const char *
expected_free_door (GArray *doors, int need, gboolean accessible)
{
  for (guint i = 0; i < doors->len; i++)
    {
      const Door *d = &g_array_index (doors, Door, i);

      if (d->free && d->klass >= need && (!accessible || d->reach))
        return d->id;
    }
  return NULL;
}

/* The index holds the free doors, in the rules' order; the cached status
 * says "available" exactly for them; the computed columns say what the
 * doors' own do. */
static void
check_bank (MrStore *store, const char *bank)
{
  g_autoptr (GArray) doors = load_doors (store, bank);
  g_autoptr (GPtrArray) indexed = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  guint k = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (mr_store_get_db (store),
                                       "SELECT id FROM locker INDEXED BY locker_free WHERE "
                                       "bank_id = ? AND deleted = 0 AND out_of_service = 0 AND "
                                       "status = 'available' AND dedicated_contact_id IS NULL "
                                       "AND dedicated_department_id IS NULL ORDER BY "
                                       "size_class, height_cm, within_reach, col, row",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, bank, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (indexed, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < doors->len; i++)
    {
      const Door *d = &g_array_index (doors, Door, i);

      if (d->free != d->available)
        g_error ("door %s: free %d, cached status available %d", d->id, d->free, d->available);
      if (!d->free)
        continue;
      g_assert_cmpuint (k, <, indexed->len);
      g_assert_cmpstr (g_ptr_array_index (indexed, k), ==, d->id);
      k++;
    }
  g_assert_cmpuint (k, ==, indexed->len);

  g_assert_cmpint (query_int (store,
                              "SELECT count(*) FROM locker WHERE size_class IS NOT (CASE size "
                              "WHEN 'XS' THEN 0 WHEN 'S' THEN 1 WHEN 'M' THEN 2 WHEN 'L' THEN 3 "
                              "WHEN 'XL' THEN 4 ELSE (CASE WHEN height_cm >= 60 THEN 4 WHEN "
                              "height_cm >= 40 THEN 3 WHEN height_cm >= 25 THEN 2 WHEN "
                              "height_cm >= 15 THEN 1 ELSE 0 END) END) OR within_reach IS NOT "
                              "(bottom_cm >= 38 AND bottom_cm + height_cm <= 122)",
                              NULL),
                   ==, 0);
}

typedef struct
{
  char *bank;
  char *code;
} Code;

static void
code_clear (gpointer data)
{
  Code *c = data;

  g_free (c->bank);
  if (c->code != NULL)
    memset (c->code, 0, strlen (c->code));
  g_free (c->code);
}

static const char *const sizes[] = { NULL, "XS", "S", "M", "L", "XL", "custom" };

static void
test_free_doors (Fixture *f, gconstpointer data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240607);
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) accessible = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr (GArray) codes = g_array_new (FALSE, TRUE, sizeof (Code));
  g_autofree char *bank = make_bank (f->store, "Index", layout, 72);
  g_autofree char *other = make_bank (f->store, "Other", layout, 72);
  g_autoptr (GPtrArray) door_ids = g_ptr_array_new_with_free_func (g_free);
  const char *banks[2] = { bank, other };
  guint n_free = 0, n_placed = 0, n_refused = 0, n_expired = 0;

  g_array_set_clear_func (codes, code_clear);
  for (guint i = 0; i < 24; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person%u", i);
      gboolean needs = i % 4 == 0;

      g_ptr_array_add (contacts, add_contact (f->store, name, needs));
      g_array_append_val (accessible, needs);
    }
  {
    g_autoptr (GArray) doors = load_doors (f->store, bank);

    for (guint i = 0; i < doors->len; i++)
      g_ptr_array_add (door_ids, g_strdup (g_array_index (doors, Door, i).id));
  }
  check_bank (f->store, bank);

  for (guint step = 0; step < 400; step++)
    {
      guint op = (guint) g_rand_int_range (rand, 0, 100);
      guint who = (guint) g_rand_int_range (rand, 0, (gint32) contacts->len);
      const char *contact = g_ptr_array_index (contacts, who);
      const char *door =
        g_ptr_array_index (door_ids, (guint) g_rand_int_range (rand, 0, (gint32) door_ids->len));
      const char *in_bank = banks[g_rand_int_range (rand, 0, 4) == 0];

      if (op < 40)
        {
          /* Drop-off, chosen by the rules. */
          const char *size = sizes[g_rand_int_range (rand, 0, (gint32) G_N_ELEMENTS (sizes))];
          g_autofree char *package = receive (f->store, contact, size, 0);
          g_autoptr (GArray) doors = load_doors (f->store, in_bank);
          g_autoptr (MrLockerDropoff) out = NULL;
          g_autoptr (GError) error = NULL;
          MrLockerSize s = MR_LOCKER_SIZE_XS;
          int need;

          if (size != NULL)
            g_assert_true (mr_locker_size_from_string (size, &s));
          need = s == MR_LOCKER_SIZE_CUSTOM ? MR_LOCKER_SIZE_XL : (int) s;
          if (mr_locker_dropoff (f->store, package, in_bank, NULL, &out, &error))
            {
              n_placed++;
              if (g_strcmp0 (out->reason, "free") == 0)
                {
                  n_free++;
                  g_assert_cmpstr (
                    out->locker_id, ==,
                    expected_free_door (doors, need, g_array_index (accessible, gboolean, who)));
                }
              if (out->code != NULL)
                {
                  Code c = { g_strdup (in_bank), g_strdup (out->code) };

                  g_array_append_val (codes, c);
                }
            }
          else
            {
              g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_IN_USE);
              n_refused++;
            }
        }
      else if (op < 48)
        {
          /* Out of service, or back. */
          g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

          g_variant_dict_insert (&d, "id", "s", door);
          g_variant_dict_insert (&d, "out_of_service", "b", g_rand_boolean (rand));
          apply_maybe (f->store, "locker.set_out_of_service", &d);
        }
      else if (op < 56)
        {
          /* A reservation, on a door the rules choose or on one named. */
          g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
          gboolean storage = g_rand_boolean (rand);

          g_variant_dict_insert (&d, "kind", "s", storage ? "personal_storage" : "recipient");
          g_variant_dict_insert (&d, "contact_id", "s", contact);
          if (g_rand_boolean (rand))
            g_variant_dict_insert (&d, "locker_id", "s", door);
          else
            g_variant_dict_insert (&d, "bank_id", "s", bank);
          apply_maybe (f->store, "locker.reserve", &d);
        }
      else if (op < 62)
        {
          /* A reservation ends. */
          g_autofree char *res = query_text (f->store,
                                             "SELECT id FROM reservation WHERE state = 'active' "
                                             "ORDER BY random () LIMIT 1",
                                             NULL);

          if (res != NULL)
            {
              g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

              g_variant_dict_insert (&d, "id", "s", res);
              mr_test_apply_ok (f->store, "locker.reservation_end", &d);
            }
        }
      else if (op < 68)
        {
          /* Dedicated to someone, or to nobody any more. */
          g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

          g_variant_dict_insert (&d, "id", "s", door);
          if (g_rand_boolean (rand))
            g_variant_dict_insert (&d, "contact_id", "s", contact);
          apply_maybe (f->store, "locker.dedicate", &d);
        }
      else if (op < 78)
        {
          /* Emptied. */
          g_autofree char *full = query_text (f->store,
                                              "SELECT DISTINCT locker_id FROM package WHERE "
                                              "locker_id IS NOT NULL ORDER BY random () LIMIT 1",
                                              NULL);
          g_autoptr (GError) error = NULL;

          if (full != NULL)
            {
              g_assert_true (mr_locker_empty (f->store, full, NULL, NULL, &error));
              g_assert_no_error (error);
            }
        }
      else if (op < 90)
        {
          /* Picked up with a code. */
          if (codes->len > 0)
            {
              guint i = (guint) g_rand_int_range (rand, 0, (gint32) codes->len);
              Code *c = &g_array_index (codes, Code, i);
              g_autoptr (MrLockerPickup) out = NULL;
              g_autoptr (GError) error = NULL;

              /* Kept past its period, or its door emptied: refused (and
               * after enough of those, codes typed alone are locked out
               * for a while). */
              if (!mr_locker_pickup (f->store, c->bank, c->code, NULL, &out, &error))
                g_assert_true (g_error_matches (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID) ||
                               g_error_matches (error, MR_STORE_ERROR, MR_STORE_ERROR_IN_USE));
              g_array_remove_index_fast (codes, i);
            }
        }
      else
        {
          /* A drop-off long ago, past the bank's period, for someone
           * with no other: it expires. */
          gint64 now = g_get_real_time () / 1000;
          g_autofree char *name = g_strdup_printf ("Late%u", step);
          g_autofree char *late = add_contact (f->store, name, FALSE);
          g_autofree char *package = receive (f->store, late, "XS", now - 100 * HOUR_MS);
          g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
          g_autoptr (GError) error = NULL;
          guint n = 0;

          g_variant_dict_insert (&d, "package_id", "s", package);
          g_variant_dict_insert (&d, "bank_id", "s", bank);
          g_variant_dict_insert (&d, "at", "x", now - 99 * HOUR_MS);
          if (apply_maybe (f->store, "locker.dropoff", &d))
            {
              g_assert_true (mr_locker_expire_due (f->store, &n, &error));
              g_assert_no_error (error);
              g_assert_cmpuint (n, >=, 1);
              n_expired += n;
            }
        }
      check_bank (f->store, bank);
      check_bank (f->store, other);
      if (step % 100 == 99)
        assert_integrity (f->store);
    }
  g_test_message ("%u placed (%u in a free door), %u refused, %u expired", n_placed, n_free,
                  n_refused, n_expired);
  /* Every path was taken. */
  g_assert_cmpuint (n_free, >, 20);
  g_assert_cmpuint (n_refused, >, 0);
  g_assert_cmpuint (n_expired, >, 0);
  g_assert_cmpint (
    query_int (f->store, "SELECT count(*) FROM locker WHERE status = 'out_of_service'", NULL), >,
    0);
  assert_integrity (f->store);
}

/* The plan of the choice reads the index, and does not sort. */
static void
test_free_door_plan (Fixture *f, gconstpointer data)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GString) plan = g_string_new (NULL);

  g_assert_cmpint (
    sqlite3_prepare_v2 (
      mr_store_get_db (f->store),
      "EXPLAIN QUERY PLAN SELECT l.id, l.size FROM locker l WHERE l.bank_id = ?1 AND "
      "l.deleted = 0 AND l.out_of_service = 0 AND l.status = 'available' AND "
      "l.dedicated_contact_id IS NULL AND l.dedicated_department_id IS NULL AND "
      "l.size_class >= ?2 AND (?3 = 0 OR l.within_reach = 1) AND (?4 = 0 OR "
      "l.delivery_only = 0) ORDER BY l.size_class, l.height_cm, l.within_reach, l.col, l.row "
      "LIMIT ?5 OFFSET ?6",
      -1, &stmt, NULL),
    ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, "USING INDEX locker_free (bank_id=? AND size_class>?)"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

static MrLockerDropoff *
dropoff_ok (MrStore *store, const char *package, const char *bank)
{
  g_autoptr (GError) error = NULL;
  MrLockerDropoff *out = NULL;

  if (!mr_locker_dropoff (store, package, bank, NULL, &out, &error))
    g_error ("dropoff: %s", error->message);
  return out;
}

static void
test_codes_unique (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_bank (f->store, "A", layout, 72);
  g_autofree char *b = make_bank (f->store, "B", layout, 72);
  g_autoptr (GPtrArray) drops =
    g_ptr_array_new_with_free_func ((GDestroyNotify) mr_locker_dropoff_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = NULL;

  /* A bank full of open deliveries, one each. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Code%u", i);
      g_autofree char *who = add_contact (f->store, name, FALSE);
      g_autofree char *package = receive (f->store, who, "XS", 0);
      MrLockerDropoff *out = dropoff_ok (f->store, package, a);

      g_assert_nonnull (out->code);
      g_assert_true (g_hash_table_add (seen, out->code));
      g_ptr_array_add (drops, out);
    }

  /* Each stored with its tag; each found through it, in its bank only;
   * a code nobody has is free. */
  g_assert_cmpint (sqlite3_prepare_v2 (mr_store_get_db (f->store),
                                       "SELECT code_tag, code_salt, code_hash FROM "
                                       "locker_delivery WHERE id = ?",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < drops->len; i++)
    {
      MrLockerDropoff *out = g_ptr_array_index (drops, i);

      sqlite3_bind_text (stmt, 1, out->delivery_id, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_type (stmt, 0), ==, SQLITE_INTEGER);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, mr_locker_code_tag (a, out->code));
      g_assert_true (mr_locker_code_verify ((const char *) sqlite3_column_text (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2),
                                            out->code));
      sqlite3_reset (stmt);
      g_assert_true (mr_locker_code_in_use (f->store, a, out->code));
      g_assert_false (mr_locker_code_in_use (f->store, b, out->code));
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *code = mr_locker_code_new ();

      if (!g_hash_table_contains (seen, code))
        g_assert_false (mr_locker_code_in_use (f->store, a, code));
    }
  /* Tags of one code differ between banks, and spread. */
  {
    guint same = 0;
    g_autoptr (GHashTable) tags = g_hash_table_new (NULL, NULL);

    for (guint i = 0; i < 200; i++)
      {
        g_autofree char *code = mr_locker_code_new ();
        guint tag = mr_locker_code_tag (a, code);

        g_assert_cmpuint (tag, <=, MR_LOCKER_CODE_TAG_MAX);
        same += tag == mr_locker_code_tag (b, code);
        g_hash_table_add (tags, GUINT_TO_POINTER (tag + 1));
      }
    g_assert_cmpuint (same, <, 20);
    g_assert_cmpuint (g_hash_table_size (tags), >, 100);
  }

  /* A delivery from before tags (none) is still checked. */
  {
    MrLockerDropoff *out = g_ptr_array_index (drops, 0);
    char *msg = NULL;
    g_autofree char *sql = g_strdup_printf (
      "UPDATE locker_delivery SET code_tag = NULL WHERE id = '%s'", out->delivery_id);

    g_assert_cmpint (sqlite3_exec (mr_store_get_db (f->store), sql, NULL, NULL, &msg), ==,
                     SQLITE_OK);
    g_assert_true (mr_locker_code_in_use (f->store, a, out->code));
    g_assert_false (mr_locker_code_in_use (f->store, b, out->code));
  }

  /* Picked up: the code is free again. */
  {
    MrLockerDropoff *out = g_ptr_array_index (drops, 1);
    g_autoptr (MrLockerPickup) picked = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_true (mr_locker_pickup (f->store, a, out->code, NULL, &picked, &error));
    g_assert_no_error (error);
    g_assert_false (mr_locker_code_in_use (f->store, a, out->code));
  }

  /* A hash given alone (no tag) is stored without one, and found. */
  {
    g_autofree char *who = add_contact (f->store, "Given", FALSE);
    g_autofree char *package = receive (f->store, who, "XS", 0);
    g_autofree char *code = mr_locker_code_new ();
    g_autofree char *salt = mr_locker_code_salt_new ();
    g_autofree char *hash = mr_locker_code_hash (salt, code);
    g_autofree char *locker = NULL;
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "package_id", "s", package);
    g_variant_dict_insert (&d, "bank_id", "s", b);
    g_variant_dict_insert (&d, "code_hash", "s", hash);
    g_variant_dict_insert (&d, "code_salt", "s", salt);
    locker = mr_test_apply_ok (f->store, "locker.dropoff", &d);
    g_assert_cmpint (query_int (f->store,
                                "SELECT count(*) FROM locker_delivery WHERE locker_id = ? AND "
                                "code_tag IS NULL AND picked_up_at IS NULL",
                                locker),
                     ==, 1);
    g_assert_true (mr_locker_code_in_use (f->store, b, code));
  }

  /* A tag out of range, or without a code, is refused. */
  {
    g_autofree char *who = add_contact (f->store, "Tagged", FALSE);
    g_autofree char *package = receive (f->store, who, "XS", 0);
    g_autofree char *salt = mr_locker_code_salt_new ();
    g_autofree char *hash = mr_locker_code_hash (salt, "12345678");
    gint32 bad[] = { -1, MR_LOCKER_CODE_TAG_MAX + 1 };

    for (guint i = 0; i < G_N_ELEMENTS (bad) + 1; i++)
      {
        g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
        g_autoptr (GError) error = NULL;

        g_variant_dict_insert (&d, "package_id", "s", package);
        g_variant_dict_insert (&d, "bank_id", "s", b);
        if (i < G_N_ELEMENTS (bad))
          {
            g_variant_dict_insert (&d, "code_hash", "s", hash);
            g_variant_dict_insert (&d, "code_salt", "s", salt);
            g_variant_dict_insert (&d, "code_tag", "i", bad[i]);
          }
        else
          g_variant_dict_insert (&d, "code_tag", "i", 7);
        g_assert_false (
          mr_store_apply (f->store, "locker.dropoff", g_variant_dict_end (&d), NULL, &error));
        g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
        g_assert_cmpstr (mr_store_error_get_field (error), ==, "code_tag");
      }
  }
  assert_integrity (f->store);
}

/* A database of schema v4, made by its own migrations, with a bank, a
 * door holding a package and an open delivery whose code is hashed the
 * v4 way (no tag): opened, it becomes v5 and works. */
static void
exec_ok (sqlite3 *db, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

static void
test_migration_v4 (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *code = mr_locker_code_new ();
  g_autofree char *salt = mr_locker_code_salt_new ();
  g_autofree char *hash = mr_locker_code_hash (salt, code);
  g_autofree char *carol = NULL;
  g_autofree char *dan = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpuint (mr_schema_get_n_migrations (), >=, 5);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  exec_ok (db, "PRAGMA journal_mode = WAL");
  for (guint v = 0; v < 4; v++)
    exec_ok (db, mr_schema_get_migration (v));
  exec_ok (db, "PRAGMA user_version = 4");
  /* Doors from the bottom up: XS at 10 cm (out of reach), custom 30 cm
   * at 20 cm (an M, out of reach), custom 30 cm at 50 cm (an M, within
   * reach), S at 80 cm (within reach), holding the old delivery. */
  exec_ok (db, "INSERT INTO locker_bank (id, name, expiry_hours, created_at, updated_at) VALUES "
               "('bank-4', 'Old bank', 72, 0, 0);"
               "INSERT INTO locker (id, bank_id, number, col, row, size, height_cm, bottom_cm, "
               "status, created_at, updated_at) VALUES "
               "('door-xs', 'bank-4', '1', 0, 3, 'XS', 10, 10, 'available', 0, 0),"
               "('door-m-low', 'bank-4', '2', 0, 2, 'custom', 30, 20, 'available', 0, 0),"
               "('door-m-reach', 'bank-4', '3', 0, 1, 'custom', 30, 50, 'available', 0, 0),"
               "('door-s', 'bank-4', '4', 0, 0, 'S', 15, 80, 'occupied', 0, 0);"
               "INSERT INTO package (id, internal_id, locker_id, status, size, received_at, "
               "created_at, updated_at) VALUES ('old-package', 'MR-OLD', 'door-s', 'in_locker', "
               "'S', 1, 1, 1);");
  {
    g_autofree char *sql =
      g_strdup_printf ("INSERT INTO locker_delivery (id, locker_id, code_hash, code_salt, "
                       "delivered_at, expires_at, created_at, updated_at) VALUES "
                       "('old-delivery', 'door-s', '%s', '%s', 1, 9999999999999, 1, 1)",
                       hash, salt);

    exec_ok (db, sql);
  }
  sqlite3_close (db);

  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mr_store_get_schema_version (f->store), ==, mr_schema_get_n_migrations ());
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name "
                              "IN ('locker_free', 'locker_delivery_code_tag')",
                              NULL),
                   ==, 2);
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM sqlite_schema WHERE name = "
                              "'package_recipient'",
                              NULL),
                   ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT size_class FROM locker WHERE id = ?", "door-m-low"),
                   ==, 2);
  g_assert_cmpint (
    query_int (f->store, "SELECT within_reach FROM locker WHERE id = ?", "door-m-reach"), ==, 1);
  g_assert_cmpint (
    query_int (f->store, "SELECT within_reach FROM locker WHERE id = ?", "door-m-low"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT code_tag IS NULL FROM locker_delivery WHERE id = ?",
                              "old-delivery"),
                   ==, 1);
  check_bank (f->store, "bank-4");
  assert_integrity (f->store);

  /* The old code still counts: no new one may equal it. */
  g_assert_true (mr_locker_code_in_use (f->store, "bank-4", code));

  /* Drop-offs choose by the index: an M for someone who needs a door
   * within reach takes the door at 50 cm; for someone else, the M door
   * lower down (same height, out of reach first), then the one left. */
  carol = add_contact (f->store, "Carol", TRUE);
  dan = add_contact (f->store, "Dan", FALSE);
  {
    g_autofree char *p = receive (f->store, carol, "M", 0);
    g_autoptr (MrLockerDropoff) out = dropoff_ok (f->store, p, "bank-4");

    g_assert_cmpstr (out->locker_id, ==, "door-m-reach");
    g_assert_cmpstr (out->reason, ==, "free");
    g_assert_nonnull (out->code);
    g_assert_cmpstr (out->code, !=, code);
    g_assert_cmpint (query_int (f->store,
                                "SELECT code_tag FROM locker_delivery WHERE locker_id = ? AND "
                                "picked_up_at IS NULL",
                                "door-m-reach"),
                     ==, mr_locker_code_tag ("bank-4", out->code));
  }
  {
    g_autofree char *p = receive (f->store, dan, "S", 0);
    g_autoptr (MrLockerDropoff) out = dropoff_ok (f->store, p, "bank-4");

    g_assert_cmpstr (out->locker_id, ==, "door-m-low");
  }
  check_bank (f->store, "bank-4");
  /* The old delivery opens with its code, as before. */
  {
    g_autoptr (MrLockerPickup) picked = NULL;

    g_assert_true (mr_locker_pickup (f->store, "bank-4", code, NULL, &picked, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (picked->opened->len, ==, 1);
    g_assert_false (mr_locker_code_in_use (f->store, "bank-4", code));
  }
  check_bank (f->store, "bank-4");
  assert_integrity (f->store);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/locker-index/free-doors", Fixture, NULL, fixture_setup, test_free_doors,
              fixture_teardown);
  g_test_add ("/locker-index/free-door-plan", Fixture, NULL, fixture_setup, test_free_door_plan,
              fixture_teardown);
  g_test_add ("/locker-index/codes-unique", Fixture, NULL, fixture_setup, test_codes_unique,
              fixture_teardown);
  g_test_add ("/locker-index/migration-v4", Fixture, "no store", fixture_setup, test_migration_v4,
              fixture_teardown);
  return g_test_run ();
}
