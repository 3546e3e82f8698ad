/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "mr-demo.h"
#include "mr-records.h"
#include "mr-store.h"

/* The demo generator (deterministic, consistent) and the locker and
 * package mutations it is built on. Checks read the database with plain
 * SQL on purpose: they must not trust the code under test. */

typedef struct
{
  char *dir;
  char *path;
  MrStore *store;
} Db;

static void
db_open (Db *db, const char *name)
{
  g_autoptr (GError) error = NULL;

  db->dir = g_dir_make_tmp ("mr-demo-XXXXXX", &error);
  g_assert_no_error (error);
  db->path = g_build_filename (db->dir, name, NULL);
  db->store = mr_store_open (db->path, &error);
  g_assert_no_error (error);
}

static void
db_close (Db *db)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-search", "-search-wal", "-search-shm" };

  g_clear_object (&db->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *f = g_strconcat (db->path, suffixes[i], NULL);

      g_unlink (f);
    }
  g_rmdir (db->dir);
  g_clear_pointer (&db->path, g_free);
  g_clear_pointer (&db->dir, g_free);
}

/* A read-only connection of its own. */
static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return raw;
}

static gint64
raw_int (sqlite3 *raw, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  if (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (raw));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* Every row of @sql, columns joined by "|", rows by "\n". */
static char *
raw_dump (sqlite3 *raw, const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (raw));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *v = (const char *) sqlite3_column_text (stmt, c);

          g_string_append_printf (out, "%s%s", c ? "|" : "", v ? v : "∅");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
generate (Db *db, guint contacts, guint lockers, guint packages, guint32 seed)
{
  g_autoptr (GError) error = NULL;
  MrDemoOptions opts = { contacts, lockers, packages, seed, NULL, NULL };

  g_assert_true (mr_demo_generate (db->store, &opts, &error));
  g_assert_no_error (error);
}

/* What ends up in the database, in creation order (the journal's), minus
 * ids and times. */
#define CONTACTS_IN_ORDER                                                               \
  "SELECT c.first_name, c.last_name, c.email, c.phone, c.personnel_id, c.employee_id, " \
  "c.needs_accessibility, c.is_private, coalesce (c.notes, ''), d.name, p.name "        \
  "FROM journal j JOIN contact c ON c.id = j.entity_id "                                \
  "LEFT JOIN department d ON d.id = c.department_id "                                   \
  "LEFT JOIN place p ON p.id = c.place_id WHERE j.name = 'contact.create' ORDER BY j.seq"

#define PACKAGES_IN_ORDER                                                                    \
  "SELECT pk.tracking_number, pk.carrier, pk.service, pk.size, pk.pieces, pk.status, "       \
  "c.personnel_id, (SELECT group_concat (kind, ',') FROM (SELECT kind FROM package_event e " \
  "WHERE e.package_id = pk.id ORDER BY e.hlc)) "                                             \
  "FROM journal j JOIN package pk ON pk.id = j.entity_id "                                   \
  "LEFT JOIN contact c ON c.id = pk.recipient_id "                                           \
  "WHERE j.name = 'package.receive' ORDER BY j.seq"

#define LOCKERS_IN_ORDER                                                                            \
  "SELECT b.name, l.number, l.col, l.row, l.size, l.height_cm, l.bottom_cm, l.loading, "            \
  "l.delivery_only, l.out_of_service, l.status FROM journal j JOIN locker l ON l.id = j.entity_id " \
  "JOIN locker_bank b ON b.id = l.bank_id WHERE j.name = 'locker.create' ORDER BY j.seq"

static void
test_deterministic (void)
{
  Db a = { 0 }, b = { 0 }, c = { 0 };
  sqlite3 *ra, *rb, *rc;
  const char *queries[] = {
    CONTACTS_IN_ORDER,
    PACKAGES_IN_ORDER,
    LOCKERS_IN_ORDER,
    "SELECT name FROM journal ORDER BY seq",
    "SELECT kind, name, code FROM place ORDER BY created_at, rowid",
    "SELECT d.name, k.personnel_id FROM department d LEFT JOIN contact k ON "
    "k.id = d.key_contact_id ORDER BY d.name",
  };

  db_open (&a, "a.db");
  db_open (&b, "b.db");
  db_open (&c, "c.db");
  generate (&a, 400, 130, 600, 1234);
  generate (&b, 400, 130, 600, 1234);
  generate (&c, 400, 130, 600, 4321);
  ra = raw_open (a.path);
  rb = raw_open (b.path);
  rc = raw_open (c.path);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *da = raw_dump (ra, queries[i]);
      g_autofree char *db = raw_dump (rb, queries[i]);

      g_assert_cmpuint (strlen (da), >, 0);
      g_assert_cmpstr (da, ==, db);
    }

  /* The seed matters. */
  {
    g_autofree char *da = raw_dump (ra, CONTACTS_IN_ORDER);
    g_autofree char *dc = raw_dump (rc, CONTACTS_IN_ORDER);

    g_assert_cmpstr (da, !=, dc);
  }
  /* Ids are fresh UUIDs in each database. */
  {
    g_autofree char *ia = raw_dump (ra, "SELECT id FROM contact ORDER BY id LIMIT 5");
    g_autofree char *ib = raw_dump (rb, "SELECT id FROM contact ORDER BY id LIMIT 5");

    g_assert_cmpstr (ia, !=, ib);
  }

  sqlite3_close (ra);
  sqlite3_close (rb);
  sqlite3_close (rc);
  db_close (&a);
  db_close (&b);
  db_close (&c);
}

/* The status each event kind leaves a package in. */
static const char *
status_after (const char *kind)
{
  static const char *const map[][2] = {
    { "received", "received" }, { "moved", "at_place" },    { "in_locker", "in_locker" },
    { "notified", "notified" }, { "reminded", "notified" }, { "picked_up", "picked_up" },
    { "returned", "returned" }, { "expired", "expired" },   { "removed", "removed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (map[i][0], kind) == 0)
      return map[i][1];
  g_assert_not_reached ();
}

static void
test_consistent (void)
{
  g_autoptr (GError) error = NULL;
  Db db = { 0 };
  sqlite3 *raw;
  sqlite3_stmt *stmt = NULL;
  guint n_packages = 0;
  gint64 accessible;

  db_open (&db, "demo.db");
  generate (&db, 2000, 250, 1500, 99);
  g_assert_true (mr_store_integrity_check (db.store, &error));
  g_assert_no_error (error);
  raw = raw_open (db.path);

  /* Counts are what was asked for. */
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM contact WHERE deleted = 0"), ==, 2000);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM locker WHERE deleted = 0"), ==, 250);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM package WHERE deleted = 0"), ==, 1500);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM department"), ==, 12);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM org_unit WHERE kind = 'enterprise'"), ==, 1);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM place WHERE kind = 'site'"), ==, 2);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM place WHERE kind = 'mail_stop'"), >=, 16);

  /* Everything went through the journal. */
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM journal WHERE name = 'contact.create'"), ==,
                   2000);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM journal WHERE name = 'package.receive'"), ==,
                   1500);

  /* Contacts: unique emails and badges, about 3 % needing accessible
   * lockers, a few private ones, accents present. */
  g_assert_cmpint (raw_int (raw, "SELECT count(DISTINCT lower (email)) FROM contact"), ==, 2000);
  g_assert_cmpint (raw_int (raw, "SELECT count(DISTINCT personnel_id) FROM contact"), ==, 2000);
  g_assert_cmpint (raw_int (raw, "SELECT count(DISTINCT employee_id) FROM contact"), ==, 2000);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM contact WHERE email GLOB '*[^a-z0-9.@-]*'"),
                   ==, 0);
  accessible = raw_int (raw, "SELECT count(*) FROM contact WHERE needs_accessibility");
  g_assert_cmpint (accessible, >=, 20);
  g_assert_cmpint (accessible, <=, 120);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM contact WHERE is_private"), >=, 1);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM contact WHERE first_name GLOB '*[éèëïç]*' "
                                 "OR last_name GLOB '*[éèüö]*'"),
                   >, 50);
  /* Every department has a key contact who is one of its members. */
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM department d JOIN contact k ON "
                                 "k.id = d.key_contact_id AND k.department_id = d.id"),
                   ==, 12);

  /* Lockers: banks of 24 to 60, no two doors at one position or
   * overlapping in a column, rows counted from the top. */
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM (SELECT count(*) n FROM locker "
                                 "GROUP BY bank_id HAVING n < 24 OR n > 60)"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw,
                            "SELECT count(*) FROM (SELECT 1 FROM locker GROUP BY bank_id, col, "
                            "row HAVING count(*) > 1)"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM locker a JOIN locker b ON "
                                 "a.bank_id = b.bank_id AND a.col = b.col AND a.id <> b.id "
                                 "AND a.bottom_cm < b.bottom_cm + b.height_cm "
                                 "AND b.bottom_cm < a.bottom_cm + a.height_cm"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM locker a JOIN locker b ON "
                                 "a.bank_id = b.bank_id AND a.col = b.col AND a.row < b.row "
                                 "AND a.bottom_cm < b.bottom_cm"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT min (bottom_cm) FROM locker"), >=, 5);
  g_assert_cmpint (raw_int (raw, "SELECT max (bottom_cm + height_cm) FROM locker"), <=, 195);
  g_assert_cmpint (raw_int (raw, "SELECT count(DISTINCT size) FROM locker"), ==, 4);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM locker WHERE out_of_service"), ==,
                   raw_int (raw, "SELECT count(*) FROM locker WHERE status = 'out_of_service'"));

  /* Packages: each status is what its last event implies, events are in
   * time order and not in the future. */
  sqlite3_prepare_v2 (raw,
                      "SELECT p.status, (SELECT kind FROM package_event e WHERE "
                      "e.package_id = p.id ORDER BY e.hlc DESC LIMIT 1) FROM package p",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 0);
      const char *last = (const char *) sqlite3_column_text (stmt, 1);

      g_assert_cmpstr (status, ==, status_after (last));
      n_packages++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_packages, ==, 1500);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM package_event e JOIN package_event f ON "
                                 "e.package_id = f.package_id AND e.hlc < f.hlc AND e.at > f.at"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM package_event WHERE "
                                 "at > CAST (strftime ('%s', 'now') AS INTEGER) * 1000 + 60000"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM package WHERE received_at < "
                                 "(CAST (strftime ('%s', 'now') AS INTEGER) - 31 * 86400) * 1000"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(DISTINCT status) FROM package"), >=, 4);
  g_assert_cmpint (raw_int (raw, "SELECT count(DISTINCT carrier) FROM package"), ==, 5);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM package WHERE tracking_number GLOB '1Z*' "
                                 "AND length (tracking_number) = 18 AND carrier = 'UPS'"),
                   ==, raw_int (raw, "SELECT count(*) FROM package WHERE carrier = 'UPS'"));

  /* Lockers and packages agree: a package in a locker makes it occupied
   * (or expired), one recipient per locker, accessible doors for those who
   * need them. */
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM package WHERE locker_id IS NOT NULL AND "
                                 "status NOT IN ('in_locker','notified','expired')"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM package WHERE locker_id IS NULL AND "
                                 "status IN ('in_locker')"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM locker l WHERE NOT out_of_service AND "
                                 "(status IN ('occupied','expired')) <> EXISTS (SELECT 1 FROM "
                                 "package p WHERE p.locker_id = l.id)"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM (SELECT 1 FROM package WHERE locker_id IS "
                                 "NOT NULL GROUP BY locker_id HAVING count(DISTINCT "
                                 "coalesce (recipient_id, department_id)) > 1)"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM package_event e JOIN package p ON "
                                 "p.id = e.package_id JOIN contact c ON c.id = p.recipient_id "
                                 "JOIN locker l ON l.id = e.locker_id WHERE e.kind = 'in_locker' "
                                 "AND c.needs_accessibility AND (l.bottom_cm < 38 OR "
                                 "l.bottom_cm + l.height_cm > 122)"),
                   ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM package_event WHERE kind = 'in_locker'"), >,
                   100);

  sqlite3_close (raw);
  db_close (&db);
}

static void
test_refuses_non_empty (void)
{
  g_autoptr (GError) error = NULL;
  Db db = { 0 };
  MrDemoOptions opts = { 10, 0, 0, 1, NULL, NULL };

  db_open (&db, "full.db");
  generate (&db, 10, 0, 0, 1);
  g_assert_false (mr_demo_generate (db.store, &opts, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  db_close (&db);
}

/* Locker and package mutations */

static char *
apply_ok (MrStore *store, const char *name, GVariant *args)
{
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  if (!mr_store_apply (store, name, args, &id, &error))
    g_error ("%s: %s", name, error->message);
  return id;
}

static void
apply_fails (MrStore *store, const char *name, GVariant *args, MrStoreError code, const char *field)
{
  g_autoptr (GError) error = NULL;
  gint64 before = mr_store_count_journal (store);

  g_assert_false (mr_store_apply (store, name, args, NULL, &error));
  g_assert_error (error, MR_STORE_ERROR, (gint) code);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, field);
  g_assert_cmpint (mr_store_count_journal (store), ==, before);
}

static GVariant *
locker_args (const char *bank,
             const char *number,
             gint64 col,
             gint64 row,
             const char *size,
             gint64 height,
             gint64 bottom)
{
  GVariantDict d;

  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "bank_id", "s", bank);
  g_variant_dict_insert (&d, "number", "s", number);
  g_variant_dict_insert (&d, "col", "x", col);
  g_variant_dict_insert (&d, "row", "x", row);
  g_variant_dict_insert (&d, "size", "s", size);
  g_variant_dict_insert (&d, "height_cm", "x", height);
  g_variant_dict_insert (&d, "bottom_cm", "x", bottom);
  return g_variant_dict_end (&d);
}

static char *
query_text (const char *path, const char *sql)
{
  sqlite3 *raw = raw_open (path);
  g_autofree char *out = raw_dump (raw, sql);

  sqlite3_close (raw);
  g_strchomp (out);
  return g_steal_pointer (&out);
}

static void
test_lockers (void)
{
  Db db = { 0 };
  g_autofree char *bank = NULL;
  g_autofree char *low = NULL;
  g_autofree char *status = NULL;

  db_open (&db, "lockers.db");
  bank = apply_ok (db.store, "locker_bank.create", g_variant_new_parsed ("{'name': <'Hall A'>}"));
  apply_fails (db.store, "locker_bank.create", g_variant_new_parsed ("{'name': <'hall a'>}"),
               MR_STORE_ERROR_DUPLICATE, "name");
  apply_fails (db.store, "locker_bank.create",
               g_variant_new_parsed ("{'name': <'B'>, 'place_id': <'nowhere'>}"),
               MR_STORE_ERROR_NOT_FOUND, "place_id");

  /* A column: row 0 at the top. */
  g_free (apply_ok (db.store, "locker.create", locker_args (bank, "1", 0, 0, "S", 15, 170)));
  low = apply_ok (db.store, "locker.create", locker_args (bank, "2", 0, 2, "L", 40, 5));
  apply_fails (db.store, "locker.create", locker_args (bank, "2", 1, 0, "S", 15, 5),
               MR_STORE_ERROR_DUPLICATE, "number");
  apply_fails (db.store, "locker.create", locker_args (bank, "3", 0, 2, "S", 15, 100),
               MR_STORE_ERROR_DUPLICATE, "row");
  apply_fails (db.store, "locker.create", locker_args (bank, "3", 0, 1, "M", 25, 30),
               MR_STORE_ERROR_INVALID, "bottom_cm");
  apply_fails (db.store, "locker.create", locker_args (bank, "3", 0, 3, "M", 25, 100),
               MR_STORE_ERROR_INVALID, "row");
  apply_fails (db.store, "locker.create", locker_args (bank, "3", 1, 0, "XXL", 25, 100),
               MR_STORE_ERROR_INVALID, "size");
  apply_fails (db.store, "locker.create", locker_args (bank, "3", 1, 0, "M", 0, 100),
               MR_STORE_ERROR_INVALID, "height_cm");
  apply_fails (db.store, "locker.create", locker_args ("nope", "3", 1, 0, "M", 25, 100),
               MR_STORE_ERROR_NOT_FOUND, "bank_id");
  g_free (apply_ok (db.store, "locker.create", locker_args (bank, "3", 0, 1, "M", 25, 100)));

  g_free (apply_ok (db.store, "locker.set_out_of_service",
                    g_variant_new_parsed ("{'id': <%s>, 'out_of_service': <true>}", low)));
  status = query_text (db.path, "SELECT status FROM locker WHERE number = '2'");
  g_assert_cmpstr (status, ==, "out_of_service");
  g_free (status);
  g_free (apply_ok (db.store, "locker.set_out_of_service",
                    g_variant_new_parsed ("{'id': <%s>, 'out_of_service': <false>}", low)));
  status = query_text (db.path, "SELECT status FROM locker WHERE number = '2'");
  g_assert_cmpstr (status, ==, "available");
  g_free (status);
  status = query_text (db.path, "SELECT group_concat (kind) FROM locker_event");
  g_assert_cmpstr (status, ==, "out_of_service,in_service");
  db_close (&db);
}

static void
test_packages (void)
{
  Db db = { 0 };
  g_autofree char *bank = NULL;
  g_autofree char *locker = NULL;
  g_autofree char *alice = NULL;
  g_autofree char *bob = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *text = NULL;
  gint64 now = g_get_real_time () / 1000;

  db_open (&db, "packages.db");
  bank = apply_ok (db.store, "locker_bank.create", g_variant_new_parsed ("{'name': <'Hall A'>}"));
  locker = apply_ok (db.store, "locker.create", locker_args (bank, "1", 0, 0, "M", 25, 60));
  alice = apply_ok (db.store, "contact.create",
                    g_variant_new_parsed ("{'first_name': <'Alice'>, 'last_name': <'Roux'>}"));
  bob = apply_ok (db.store, "contact.create",
                  g_variant_new_parsed ("{'first_name': <'Bob'>, 'last_name': <'Smith'>}"));

  p1 = apply_ok (db.store, "package.receive",
                 g_variant_new_parsed ("{'tracking_number': <'1z 999 aa1 01 2345 6784'>, "
                                       "'carrier': <'UPS'>, 'recipient_id': <%s>, 'at': <%x>}",
                                       alice, now - 3600000));
  text =
    query_text (db.path, "SELECT tracking_number, status, internal_id GLOB 'MR-*' FROM package");
  g_assert_cmpstr (text, ==, "1Z999AA10123456784|received|1");
  g_free (text);
  apply_fails (db.store, "package.receive", g_variant_new_parsed ("{'recipient_id': <'nobody'>}"),
               MR_STORE_ERROR_NOT_FOUND, "recipient_id");
  apply_fails (db.store, "package.receive", g_variant_new_parsed ("{'pieces': <int64 0>}"),
               MR_STORE_ERROR_INVALID, "pieces");
  apply_fails (db.store, "package.receive",
               g_variant_new_parsed ("{'at': <%x>}", now + 24 * 3600000), MR_STORE_ERROR_INVALID,
               "at");

  /* Into the locker (through the drop-off: a bare package event would
   * skip the locker's rules), notified; a package for someone else cannot
   * share it. */
  apply_fails (db.store, "package.event",
               g_variant_new_parsed ("{'package_id': <%s>, 'kind': <'in_locker'>, "
                                     "'locker_id': <%s>}",
                                     p1, locker),
               MR_STORE_ERROR_INVALID, "kind");
  g_free (apply_ok (db.store, "locker.dropoff",
                    g_variant_new_parsed ("{'package_id': <%s>, 'locker_id': <%s>}", p1, locker)));
  text = query_text (db.path, "SELECT p.status, l.status FROM package p JOIN locker l ON "
                              "l.id = p.locker_id");
  g_assert_cmpstr (text, ==, "in_locker|occupied");
  g_free (text);
  g_free (apply_ok (db.store, "package.event",
                    g_variant_new_parsed ("{'package_id': <%s>, 'kind': <'notified'>}", p1)));
  p2 = apply_ok (db.store, "package.receive", g_variant_new_parsed ("{'recipient_id': <%s>}", bob));
  apply_fails (db.store, "locker.dropoff",
               g_variant_new_parsed ("{'package_id': <%s>, 'locker_id': <%s>}", p2, locker),
               MR_STORE_ERROR_IN_USE, "locker_id");
  apply_fails (db.store, "package.event",
               g_variant_new_parsed ("{'package_id': <%s>, 'kind': <'moved'>}", p2),
               MR_STORE_ERROR_REQUIRED, "place_id");
  apply_fails (db.store, "package.event",
               g_variant_new_parsed ("{'package_id': <%s>, 'kind': <'lost'>}", p2),
               MR_STORE_ERROR_INVALID, "kind");
  apply_fails (db.store, "package.event",
               g_variant_new_parsed ("{'package_id': <%s>, 'kind': <'notified'>, 'at': <%x>}", p1,
                                     now - 2 * 3600000),
               MR_STORE_ERROR_INVALID, "at");

  /* Picked up: the locker is free again, the history is closed. */
  g_free (apply_ok (db.store, "package.event",
                    g_variant_new_parsed ("{'package_id': <%s>, 'kind': <'picked_up'>, "
                                          "'handed_to_id': <%s>}",
                                          p1, alice)));
  text = query_text (db.path, "SELECT p.status, p.locker_id IS NULL, l.status FROM package p, "
                              "locker l WHERE p.tracking_number LIKE '1Z%'");
  g_assert_cmpstr (text, ==, "picked_up|1|available");
  g_free (text);
  apply_fails (db.store, "package.event",
               g_variant_new_parsed ("{'package_id': <%s>, 'kind': <'notified'>}", p1),
               MR_STORE_ERROR_INVALID, "kind");
  text = query_text (db.path, "SELECT group_concat (kind || ':' || coalesce (previous_status, '-') "
                              "|| ':' || (locker_id IS NOT NULL), ' ') FROM (SELECT * FROM "
                              "package_event WHERE package_id IN (SELECT id FROM package WHERE "
                              "tracking_number IS NOT NULL) ORDER BY hlc)");
  g_assert_cmpstr (text, ==,
                   "received:-:0 in_locker:received:1 notified:in_locker:1 picked_up:notified:1");
  g_free (text);
  text = query_text (db.path, "SELECT group_concat (kind) FROM locker_event");
  g_assert_cmpstr (text, ==, "in_locker,dropoff,picked_up");
  g_free (text);

  /* Now Bob's package fits, and every change was journaled. */
  g_free (apply_ok (db.store, "locker.dropoff",
                    g_variant_new_parsed ("{'package_id': <%s>, 'locker_id': <%s>}", p2, locker)));
  text = query_text (db.path, "SELECT count(*) FROM journal WHERE name LIKE 'package.%'");
  g_assert_cmpstr (text, ==, "4");
  g_free (text);
  text = query_text (db.path, "SELECT count(*) FROM journal WHERE name = 'locker.dropoff'");
  g_assert_cmpstr (text, ==, "2");
  db_close (&db);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/consistent", test_consistent);
  g_test_add_func ("/demo/refuses-non-empty", test_refuses_non_empty);
  g_test_add_func ("/demo/lockers", test_lockers);
  g_test_add_func ("/demo/packages", test_packages);

  return g_test_run ();
}
