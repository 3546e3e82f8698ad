/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Label layouts in the store: the four mutations, their validation
 * (errors name the field and the element), the default per kind with the
 * built-in one behind it, the journal; and the records labels are printed
 * from (packages, lockers of a bank, rear-loading shelves). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mr-label-layout.h"
#include "mr-label-layouts.h"
#include "mr-label-records.h"
#include "mr-label-stock.h"
#include "../mr-test-files.h"

static const char *good_definition =
  "{\"elements\":[{\"type\":\"text\",\"field\":\"recipient\",\"size\":14,\"bold\":true},"
  "{\"type\":\"barcode\",\"field\":\"tracking_number\",\"symbology\":\"code128\","
  "\"module\":0.3,\"height\":10}]}";

typedef struct
{
  char *dir;
  MrStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("mailroom-layouts-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "test.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  mr_test_unlink_search (db);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
apply (Fixture *f, const char *mutation, GVariantDict *dict, GError **error)
{
  char *id = NULL;

  if (!mr_store_apply (f->store, mutation, g_variant_dict_end (dict), &id, error))
    return NULL;
  return id;
}

static char *
create_layout (Fixture *f,
               const char *kind,
               const char *name,
               const char *definition,
               gboolean is_default,
               GError **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "kind", "s", kind);
  g_variant_dict_insert (&d, "name", "s", name);
  g_variant_dict_insert (&d, "template_id", "s", "Avery 5163");
  g_variant_dict_insert (&d, "definition", "s", definition);
  if (is_default)
    g_variant_dict_insert (&d, "is_default", "b", TRUE);
  return apply (f, "label_layout.create", &d, error);
}

static const char *
lookup_s (GVariant *v, const char *key)
{
  const char *s = NULL;

  g_assert_true (g_variant_lookup (v, key, "&s", &s));
  return s;
}

static void
test_create_and_default (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr (GVariant) def = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (MrLabelLayout) resolved = NULL;
  gint64 journal = mr_store_count_journal (f->store);

  /* No saved layout: the built-in one prints. */
  g_assert_null (mr_store_get_default_label_layout (f->store, "package"));
  resolved = mr_label_layout_resolve (f->store, "package", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (resolved->id);
  g_assert_cmpstr (resolved->template_id, ==, "Thermal 4x6in");
  g_clear_pointer (&resolved, mr_label_layout_unref);

  a = create_layout (f, "package", "Small", good_definition, TRUE, &error);
  g_assert_no_error (error);
  b = create_layout (f, "package", "Large", good_definition, FALSE, &error);
  g_assert_no_error (error);
  /* Every change is journaled. */
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal + 2);

  def = mr_store_get_default_label_layout (f->store, "package");
  g_assert_cmpstr (lookup_s (def, "id"), ==, a);
  resolved = mr_label_layout_resolve (f->store, "package", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved->id, ==, a);
  g_assert_cmpstr (resolved->template_id, ==, "Avery 5163");
  g_assert_cmpuint (resolved->elements->len, ==, 2);
  g_clear_pointer (&resolved, mr_label_layout_unref);
  /* By name, as typed. */
  resolved = mr_label_layout_resolve (f->store, "package", "LARGE", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved->id, ==, b);
  g_clear_pointer (&resolved, mr_label_layout_unref);

  /* A new default replaces the old one: one per kind. */
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
    g_autofree char *id = NULL;

    g_variant_dict_insert (&d, "id", "s", b);
    id = apply (f, "label_layout.set_default", &d, &error);
    g_assert_no_error (error);
  }
  g_clear_pointer (&def, g_variant_unref);
  def = mr_store_get_default_label_layout (f->store, "package");
  g_assert_cmpstr (lookup_s (def, "id"), ==, b);
  list = mr_store_list_label_layouts (f->store, "package");
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    {
      gboolean is_default;

      g_variant_lookup (list->pdata[i], "is_default", "b", &is_default);
      g_assert_true (is_default == (strcmp (lookup_s (list->pdata[i], "id"), b) == 0));
    }

  /* Back to the built-in one. */
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "kind", "s", "package");
    g_assert_true (
      mr_store_apply (f->store, "label_layout.set_default", g_variant_dict_end (&d), NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_null (mr_store_get_default_label_layout (f->store, "package"));
}

static void
test_set_and_delete (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = create_layout (f, "asset", "Tags", good_definition, TRUE, &error);
  g_autoptr (GVariant) saved = NULL;

  /* The definition names fields of packages: not an asset's. */
  g_assert_null (a);
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "definition");
  g_clear_error (&error);

  a = create_layout (f, "asset", "Tags",
                     "{\"elements\":[{\"type\":\"barcode\",\"field\":\"tag\",\"symbology\":"
                     "\"datamatrix\",\"module\":0.5}]}",
                     TRUE, &error);
  g_assert_no_error (error);
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
    g_autofree char *id = NULL;

    g_variant_dict_insert (&d, "id", "s", a);
    g_variant_dict_insert (&d, "name", "s", "Asset tags");
    g_variant_dict_insert (&d, "template_id", "s", "Thermal 62x29mm");
    id = apply (f, "label_layout.set", &d, &error);
    g_assert_no_error (error);
  }
  saved = mr_store_find_label_layout (f->store, "asset", "asset tags");
  g_assert_nonnull (saved);
  g_assert_cmpstr (lookup_s (saved, "template_id"), ==, "Thermal 62x29mm");
  /* The definition was not named: unchanged. */
  g_assert_nonnull (strstr (lookup_s (saved, "definition"), "datamatrix"));
  g_assert_cmpuint (mr_store_list_history (f->store, a, 10)->len, ==, 2);

  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
    g_autofree char *id = NULL;

    g_variant_dict_insert (&d, "id", "s", a);
    id = apply (f, "label_layout.delete", &d, &error);
    g_assert_no_error (error);
  }
  /* Gone, and its kind is back on the built-in layout. */
  g_assert_null (mr_store_find_label_layout (f->store, "asset", a));
  g_assert_null (mr_store_get_default_label_layout (f->store, "asset"));
  g_assert_cmpuint (mr_store_list_label_layouts (f->store, NULL)->len, ==, 0);
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", a);
    g_assert_null (apply (f, "label_layout.delete", &d, &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  }
}

typedef struct
{
  const char *kind;
  const char *name;
  const char *definition;
  MrStoreError code;
  const char *field;
  const char *needle;
} Invalid;

static void
test_validation (Fixture *f, gconstpointer data)
{
  static const Invalid cases[] = {
    { "parcel", "A", "{\"elements\":[]}", MR_STORE_ERROR_INVALID, "kind", "parcel" },
    { "package", "", "{}", MR_STORE_ERROR_REQUIRED, "name", NULL },
    { "package", "A", "{\"elements\":", MR_STORE_ERROR_INVALID, "definition", "JSON" },
    { "package", "A", "[1,2]", MR_STORE_ERROR_INVALID, "definition", "object" },
    { "package", "A", "{\"elements\":[]}", MR_STORE_ERROR_INVALID, "definition", NULL },
    { "package", "A", "{\"elements\":[{\"type\":\"text\",\"field\":\"colour\"}]}",
      MR_STORE_ERROR_INVALID, "definition", "colour" },
    { "package", "A",
      "{\"elements\":[{\"type\":\"text\",\"field\":\"recipient\"},{\"type\":\"barcode\","
      "\"field\":\"tracking_number\",\"symbology\":\"pdf417\"}]}",
      MR_STORE_ERROR_INVALID, "definition", "Element 2" },
    { "package", "A", "{\"elements\":[{\"type\":\"text\",\"field\":\"recipient\",\"size\":400}]}",
      MR_STORE_ERROR_INVALID, "definition", "size" },
    { "package", "A",
      "{\"elements\":[{\"type\":\"barcode\",\"field\":\"tracking_number\",\"symbology\":"
      "\"qr\",\"module\":0.01}]}",
      MR_STORE_ERROR_INVALID, "definition", "module" },
    { "package", "A",
      "{\"elements\":[{\"type\":\"text\",\"field\":\"recipient\",\"beside\":true}]}",
      MR_STORE_ERROR_INVALID, "definition", "beside" },
    { "package", "A", "{\"elements\":[{\"type\":\"text\",\"field\":\"recipient\",\"bold\":1}]}",
      MR_STORE_ERROR_INVALID, "definition", "bold" },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *first = create_layout (f, "package", "Standard", good_definition, FALSE, &error);
  gint64 journal;

  g_assert_no_error (error);
  journal = mr_store_count_journal (f->store);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id =
        create_layout (f, cases[i].kind, cases[i].name, cases[i].definition, FALSE, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (id);
      g_assert_error (error, MR_STORE_ERROR, cases[i].code);
      g_assert_cmpstr (mr_store_error_get_field (error), ==, cases[i].field);
      if (cases[i].needle)
        g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_clear_error (&error);
    }
  /* The same name in another case or with accents is the same name… */
  g_assert_null (create_layout (f, "package", "STANDARD", good_definition, FALSE, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_DUPLICATE);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "name");
  g_clear_error (&error);
  /* …but another kind may use it. */
  {
    g_autofree char *other =
      create_layout (f, "pickup_slip", "Standard",
                     "{\"elements\":[{\"type\":\"text\",\"field\":\"recipient\"}]}", FALSE, &error);

    g_assert_no_error (error);
  }
  /* Refused mutations leave no trace. */
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal + 1);
  /* Two kinds with the same name: the name alone is ambiguous. */
  g_assert_null (mr_store_find_label_layout (f->store, NULL, "Standard"));
  g_assert_nonnull (mr_store_find_label_layout (f->store, "package", "Standard"));
}

/* Every built-in layout is valid and survives a round trip through
 * its JSON. */
static void
test_builtin_round_trip (Fixture *f, gconstpointer data)
{
  for (const char *const *k = mr_label_kinds (); *k; k++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MrLabelLayout) layout = mr_label_layout_new_builtin (*k);
      g_autofree char *json = mr_label_layout_to_definition (layout);
      g_autoptr (MrLabelLayout) again = mr_label_layout_new_from_definition (*k, json, &error);
      g_autofree char *json2 = NULL;

      g_assert_no_error (error);
      g_assert_true (mr_label_definition_check (*k, json, NULL));
      json2 = mr_label_layout_to_definition (again);
      g_assert_cmpstr (json, ==, json2);
      g_assert_nonnull (mr_label_kind_get_label (*k));
      for (guint i = 0; i < layout->elements->len; i++)
        g_assert_nonnull (
          mr_label_field_get_label (*k, ((MrLabelElement *) layout->elements->pdata[i])->field));
    }
}

/* Records from the store */

static char *
apply_ok (Fixture *f, const char *mutation, GVariantDict *d)
{
  g_autoptr (GError) error = NULL;
  char *id = apply (f, mutation, d, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_package_records (Fixture *f, gconstpointer data)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *site = NULL, *building = NULL, *floor = NULL, *stop = NULL;
  g_autofree char *dept = NULL, *contact = NULL, *package = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) today = NULL;
  const char *keys[4] = { NULL };
  GHashTable *r;
  const char *internal_id;

  g_variant_dict_insert (&d, "kind", "s", "site");
  g_variant_dict_insert (&d, "name", "s", "HQ");
  site = apply_ok (f, "place.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "kind", "s", "building");
  g_variant_dict_insert (&d, "parent_id", "s", site);
  g_variant_dict_insert (&d, "name", "s", "Building A");
  building = apply_ok (f, "place.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "kind", "s", "floor");
  g_variant_dict_insert (&d, "parent_id", "s", building);
  g_variant_dict_insert (&d, "name", "s", "Floor 2");
  floor = apply_ok (f, "place.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "kind", "s", "mail_stop");
  g_variant_dict_insert (&d, "parent_id", "s", floor);
  g_variant_dict_insert (&d, "name", "s", "Mail stop 14");
  g_variant_dict_insert (&d, "code", "s", "MS-2-14");
  stop = apply_ok (f, "place.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "name", "s", "Research");
  dept = apply_ok (f, "department.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "first_name", "s", "Ada");
  g_variant_dict_insert (&d, "last_name", "s", "Lovelace");
  g_variant_dict_insert (&d, "department_id", "s", dept);
  g_variant_dict_insert (&d, "place_id", "s", stop);
  contact = apply_ok (f, "contact.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "tracking_number", "s", "1Z999AA10123456784");
  g_variant_dict_insert (&d, "carrier", "s", "UPS");
  g_variant_dict_insert (&d, "recipient_id", "s", contact);
  g_variant_dict_insert (&d, "pieces", "x", (gint64) 3);
  package = apply_ok (f, "package.receive", &d);

  keys[0] = package;
  records = mr_label_records_from_store (f->store, "package", keys, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  r = records->pdata[0];
  g_assert_cmpstr (g_hash_table_lookup (r, "recipient"), ==, "Ada Lovelace");
  g_assert_cmpstr (g_hash_table_lookup (r, "department"), ==, "Research");
  /* The last three levels of the recipient's mail stop. */
  g_assert_cmpstr (g_hash_table_lookup (r, "place"), ==,
                   "Building A › Floor 2 › Mail stop 14 (MS-2-14)");
  g_assert_cmpstr (g_hash_table_lookup (r, "tracking_number"), ==, "1Z999AA10123456784");
  g_assert_cmpstr (g_hash_table_lookup (r, "carrier"), ==, "UPS");
  g_assert_cmpstr (g_hash_table_lookup (r, "pieces"), ==, "3");
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$",
                                       g_hash_table_lookup (r, "date"), 0, 0));
  internal_id = g_hash_table_lookup (r, "internal_id");
  g_assert_true (g_str_has_prefix (internal_id, "MR-"));
  g_assert_nonnull (strstr (g_hash_table_lookup (r, "@origin"), internal_id));
  g_assert_null (g_hash_table_lookup (r, "locker"));

  /* The same package by internal ID (any case) and by tracking number
   * typed with spaces. */
  {
    g_autofree char *lower = g_ascii_strdown (internal_id, -1);
    g_autoptr (GPtrArray) again = NULL;

    keys[0] = lower;
    keys[1] = "1z999 aa1 0123456784";
    keys[2] = NULL;
    again = mr_label_records_from_store (f->store, "pickup_slip", keys, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (again->len, ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        g_assert_cmpstr (g_hash_table_lookup (again->pdata[i], "@id"), ==, package);
        /* A pickup slip has its notice. */
        g_assert_nonnull (g_hash_table_lookup (again->pdata[i], "notice"));
      }
  }

  keys[0] = "MR-NOPE";
  keys[1] = NULL;
  g_assert_null (mr_label_records_from_store (f->store, "package", keys, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "MR-NOPE"));
  g_clear_error (&error);

  /* Received just now: today's batch has it. */
  today = mr_label_records_received_today (f->store, "package", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (today->len, ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (today->pdata[0], "@id"), ==, package);

  /* Carrier access codes are not in the database. */
  keys[0] = "x";
  g_assert_null (mr_label_records_from_store (f->store, "carrier_qr", keys, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
}

static char *
add_locker (Fixture *f, const char *bank, const char *number, int col, int row, const char *loading)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "bank_id", "s", bank);
  g_variant_dict_insert (&d, "number", "s", number);
  g_variant_dict_insert (&d, "col", "x", (gint64) col);
  g_variant_dict_insert (&d, "row", "x", (gint64) row);
  g_variant_dict_insert (&d, "size", "s", "M");
  g_variant_dict_insert (&d, "height_cm", "x", (gint64) 30);
  g_variant_dict_insert (&d, "bottom_cm", "x", (gint64) (100 - 30 * row));
  g_variant_dict_insert (&d, "loading", "s", loading);
  return apply_ok (f, "locker.create", &d);
}

static void
test_locker_records (Fixture *f, gconstpointer data)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *bank = NULL, *l1 = NULL, *l2 = NULL, *l3 = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) doors = NULL;
  g_autoptr (GPtrArray) shelves = NULL;
  g_autoptr (GPtrArray) one = NULL;
  const char *keys[2] = { NULL };

  g_variant_dict_insert (&d, "name", "s", "Lobby bank");
  bank = apply_ok (f, "locker_bank.create", &d);
  l1 = add_locker (f, bank, "1", 0, 0, "front");
  l2 = add_locker (f, bank, "2", 0, 1, "rear");
  l3 = add_locker (f, bank, "3", 1, 0, "rear");

  /* A bank by name: every door; its shelves: the rear-loading ones. */
  keys[0] = "lobby BANK";
  doors = mr_label_records_from_store (f->store, "locker_door", keys, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (doors->len, ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (doors->pdata[0], "number"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (doors->pdata[0], "bank"), ==, "Lobby bank");
  g_assert_cmpstr (g_hash_table_lookup (doors->pdata[0], "code"), ==, l1);
  shelves = mr_label_records_from_store (f->store, "shelf", keys, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shelves->len, ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (shelves->pdata[0], "code"), ==, l2);
  g_assert_cmpstr (g_hash_table_lookup (shelves->pdata[1], "code"), ==, l3);
  /* One locker by id. */
  keys[0] = l3;
  one = mr_label_records_from_store (f->store, "locker_door", keys, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (one->pdata[0], "size"), ==, "M");
  keys[0] = "Nowhere";
  g_assert_null (mr_label_records_from_store (f->store, "shelf", keys, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
}

static void
test_csv_records (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "codes.csv", NULL);
  g_autoptr (GPtrArray) records = NULL;

  /* Headers by field name, by English label, with a column we ignore;
   * a quoted field with a comma; a semicolon-free file. */
  g_file_set_contents (path,
                       "Carrier,code,Valid until,Remarks\r\n"
                       "UPS,CQ-1,2026-12-31,x\r\n"
                       "\"DHL, Express\",CQ-2,,\r\n",
                       -1, &error);
  g_assert_no_error (error);
  records = mr_label_records_from_csv (path, "carrier_qr", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (records->pdata[0], "carrier"), ==, "UPS");
  g_assert_cmpstr (g_hash_table_lookup (records->pdata[0], "valid_until"), ==, "2026-12-31");
  g_assert_cmpstr (g_hash_table_lookup (records->pdata[1], "carrier"), ==, "DHL, Express");
  g_assert_null (g_hash_table_lookup (records->pdata[1], "valid_until"));
  g_assert_cmpstr (g_hash_table_lookup (records->pdata[1], "@origin"), ==, "codes.csv, line 3");
  g_clear_pointer (&records, g_ptr_array_unref);

  /* A header that names nothing we know says which names would do. */
  g_file_set_contents (path, "a,b\n1,2\n", -1, &error);
  g_assert_null (mr_label_records_from_csv (path, "carrier_qr", &error));
  g_assert_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "codes.csv"));
  g_assert_nonnull (strstr (error->message, "valid_until"));
  g_clear_error (&error);
  g_unlink (path);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/labels/layouts/create-and-default", test_create_and_default);
  ADD ("/labels/layouts/set-and-delete", test_set_and_delete);
  ADD ("/labels/layouts/validation", test_validation);
  ADD ("/labels/layouts/builtin-round-trip", test_builtin_round_trip);
  ADD ("/labels/records/packages", test_package_records);
  ADD ("/labels/records/lockers", test_locker_records);
  ADD ("/labels/records/csv", test_csv_records);
#undef ADD
  return g_test_run ();
}
