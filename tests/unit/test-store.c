/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "mr-contact-list.h"
#include "mr-records.h"
#include "mr-store.h"
#include "mr-text.h"
#include "mr-uuid.h"

typedef struct
{
  char    *dir;
  char    *path;
  MrStore *store;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mr-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
add_contact (MrStore    *store,
             const char *first,
             const char *last,
             const char *email,
             const char *personnel_id,
             GError    **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  char *id = NULL;

  g_variant_dict_insert (&d, "first_name", "s", first);
  g_variant_dict_insert (&d, "last_name", "s", last);
  if (email)
    g_variant_dict_insert (&d, "email", "s", email);
  if (personnel_id)
    g_variant_dict_insert (&d, "personnel_id", "s", personnel_id);
  if (!mr_store_apply (store, "contact.create", g_variant_dict_end (&d), &id, error))
    return NULL;
  return id;
}

static guint
search_count (MrStore    *store,
              const char *q)
{
  g_autoptr (MrContactList) list = mr_contact_list_new (store);

  mr_contact_list_set_search (list, q);
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static void
test_open_pragmas (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpuint (mr_store_get_schema_version (f->store), ==, 1);
  g_assert_true (mr_uuid_is_valid (mr_store_get_workstation_id (f->store)));
  g_assert_true (mr_store_integrity_check (f->store, &error));
  g_assert_no_error (error);

  /* journal mode is persistent, so a second connection sees WAL */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_contact_crud_journal (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr (MrContact) c = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GPtrArray) history = NULL;
  gint64 before = mr_store_count_journal (f->store);

  id = add_contact (f->store, "Hélène", "Dupont", "helene.dupont@example.com", "B-0001", &error);
  g_assert_no_error (error);
  g_assert_true (mr_uuid_is_valid (id));
  g_assert_cmpint (mr_store_count_journal (f->store), ==, before + 1);

  c = mr_store_get_contact (f->store, id);
  g_assert_nonnull (c);
  g_assert_cmpstr (mr_contact_get_display_name (c), ==, "Hélène Dupont");
  g_assert_cmpstr (mr_contact_get_initials (c), ==, "HD");

  g_variant_dict_insert (&d, "id", "s", id);
  g_variant_dict_insert (&d, "phone", "s", "+33 1 23 45 67 89");
  g_assert_true (mr_store_apply (f->store, "contact.set", g_variant_dict_end (&d), NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&c);
  c = mr_store_get_contact (f->store, id);
  g_assert_cmpstr (mr_contact_get_phone (c), ==, "+33 1 23 45 67 89");
  g_assert_cmpstr (mr_contact_get_email (c), ==, "helene.dupont@example.com");

  g_assert_true (mr_store_apply (f->store, "contact.delete",
                                 g_variant_new_parsed ("{'id': <%s>}", id), NULL, &error));
  g_assert_no_error (error);
  g_assert_null (mr_store_get_contact (f->store, id));
  g_assert_cmpuint (search_count (f->store, "dupont"), ==, 0);

  g_assert_true (mr_store_apply (f->store, "contact.restore",
                                 g_variant_new_parsed ("{'id': <%s>}", id), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (f->store, "dupont"), ==, 1);

  history = mr_store_list_history (f->store, id, 10);
  g_assert_cmpuint (history->len, ==, 4);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, before + 4);
}

static void
test_contact_validation (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL;
  char *b;
  gint64 before;

  a = add_contact (f->store, "Jean", "Martin", NULL, "42", &error);
  g_assert_no_error (error);
  before = mr_store_count_journal (f->store);

  b = add_contact (f->store, "Anne", "Moreau", NULL, "42", &error);
  g_assert_null (b);
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_DUPLICATE);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "personnel_id");
  g_assert_nonnull (strstr (error->message, "Jean Martin"));
  g_clear_error (&error);

  b = add_contact (f->store, "Anne", "Moreau", "anne@@example", NULL, &error);
  g_assert_null (b);
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "email");
  g_clear_error (&error);

  b = add_contact (f->store, "", "  ", NULL, NULL, &error);
  g_assert_null (b);
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_REQUIRED);
  g_clear_error (&error);

  /* A failed mutation changes nothing, not even the journal. */
  g_assert_cmpint (mr_store_count_journal (f->store), ==, before);
  g_assert_cmpuint (search_count (f->store, "moreau"), ==, 0);

  g_assert_true (mr_store_apply (f->store, "setting.set",
                                 g_variant_new_parsed ("{'key': <'contacts.require_employee_id'>, "
                                                       "'value': <'true'>}"),
                                 NULL, &error));
  b = add_contact (f->store, "Anne", "Moreau", NULL, NULL, &error);
  g_assert_null (b);
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_REQUIRED);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "employee_id");
}

static void
test_search_accents_prefix (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *names[][2] = {
    { "Hélène", "Lefèvre" }, { "Helene", "Martin" }, { "Zoé", "Dupont" },
    { "Émile", "Zola" },     { "John", "Smith" },    { "Agnès", "Müller" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = add_contact (f->store, names[i][0], names[i][1], NULL, NULL, &error);
      g_assert_no_error (error);
    }

  g_assert_cmpuint (search_count (f->store, "helene"), ==, 2);
  g_assert_cmpuint (search_count (f->store, "HÉLÈNE"), ==, 2);
  g_assert_cmpuint (search_count (f->store, "hel"), ==, 2);
  g_assert_cmpuint (search_count (f->store, "lefevre"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "muller"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "zo"), ==, 2);
  g_assert_cmpuint (search_count (f->store, "hel mar"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "\"*)("), ==, 6); /* no FTS syntax leaks */
  g_assert_cmpuint (search_count (f->store, ""), ==, 6);
}

static void
test_sort_order (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrContactList) list = NULL;
  const char *last[] = { "Zola", "émile", "Dupont", "Ābel", "dupond", "Martin", "Bernard" };
  const char *expect[] = { "Ābel", "Bernard", "dupond", "Dupont", "émile", "Martin", "Zola" };

  for (guint i = 0; i < G_N_ELEMENTS (last); i++)
    {
      g_autofree char *id = add_contact (f->store, "X", last[i], NULL, NULL, &error);
      g_assert_no_error (error);
    }
  list = mr_contact_list_new (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_cmpstr (mr_contact_get_last_name (c), ==, expect[i]);
    }
  mr_contact_list_set_sort (list, MR_CONTACT_SORT_NAME_DESC);
  {
    g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpstr (mr_contact_get_last_name (c), ==, "Zola");
  }
}

/* Many contacts inserted in one order, read back in name order across
 * pages (keyset paging) and through a rank renumbering. */
static void
test_many_pages (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrContactList) list = NULL;
  g_autofree char *prev = NULL;
  guint n = 1000;

  g_assert_true (mr_store_begin_batch (f->store, &error));
  for (guint i = 0; i < n; i++)
    {
      /* Descending names hit the "insert before the first" path. */
      g_autofree char *last = g_strdup_printf ("Name%05u", n - i);
      g_autofree char *id = add_contact (f->store, "A", last, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));

  list = mr_contact_list_new (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *expect = g_strdup_printf ("Name%05u", i + 1);

      g_assert_cmpstr (mr_contact_get_last_name (c), ==, expect);
    }
  mr_contact_list_set_search (list, "name0099");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/open-pragmas", test_open_pragmas);
  ADD ("/store/contact-crud-journal", test_contact_crud_journal);
  ADD ("/store/contact-validation", test_contact_validation);
  ADD ("/store/search-accents-prefix", test_search_accents_prefix);
  ADD ("/store/sort-order", test_sort_order);
  ADD ("/store/many-pages", test_many_pages);
#undef ADD

  return g_test_run ();
}
