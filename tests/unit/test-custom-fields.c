/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mr-custom-fields.h"
#include "mr-store.h"
#include "../mr-test-files.h"

typedef struct
{
  char *dir;
  char *path;
  MrStore *store;
  GPtrArray *changes; /* "entity:id" */
} Fixture;

static void
on_changed (MrStore *store, const char *entity, const char *id, Fixture *f)
{
  g_ptr_array_add (f->changes, g_strdup_printf ("%s:%s", entity, id ? id : ""));
}

static void
open_store (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), f);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mr-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->changes = g_ptr_array_new_with_free_func (g_free);
  open_store (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  mr_test_unlink_search (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_ptr_array_unref (f->changes);
}

static char *
apply_ok (MrStore *store, const char *name, GVariantDict *d)
{
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  g_assert_true (mr_store_apply (store, name, g_variant_dict_end (d), &id, &error));
  g_assert_no_error (error);
  return id;
}

/* Applies a mutation that must fail with @code about @field, and checks
 * that the journal did not grow. Returns the message. */
static char *
apply_fails (
  MrStore *store, const char *name, GVariantDict *d, MrStoreError code, const char *field)
{
  g_autoptr (GError) error = NULL;
  gint64 before = mr_store_count_journal (store);

  g_assert_false (mr_store_apply (store, name, g_variant_dict_end (d), NULL, &error));
  g_assert_error (error, MR_STORE_ERROR, code);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, field);
  g_assert_cmpint (mr_store_count_journal (store), ==, before);
  return g_strdup (error->message);
}

static char *
add_field (MrStore *store, const char *label, const char *type, const char *const *choices)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "label", "s", label);
  if (type != NULL)
    g_variant_dict_insert (&d, "type", "s", type);
  if (choices != NULL)
    g_variant_dict_insert_value (&d, "choices", g_variant_new_strv (choices, -1));
  return apply_ok (store, "custom_field.set", &d);
}

static char *
add_package (MrStore *store, const char *tracking)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "tracking_number", "s", tracking);
  return apply_ok (store, "package.receive", &d);
}

static gboolean
set_value (MrStore *store, const char *entity, const char *field, const char *value, GError **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "entity_id", "s", entity);
  g_variant_dict_insert (&d, "field_id", "s", field);
  if (value != NULL)
    g_variant_dict_insert (&d, "value", "s", value);
  return mr_store_apply (store, "custom.set", g_variant_dict_end (&d), NULL, error);
}

static const char *
value_of (GHashTable *values, const char *field)
{
  return g_hash_table_lookup (values, field);
}

static void
test_fields_create_update (Fixture *f, gconstpointer data)
{
  static const char *const sizes[] = { "Small", "Large", NULL };
  g_autofree char *a = add_field (f->store, "Cost centre", NULL, NULL);
  g_autofree char *b = add_field (f->store, "Box size", "choice", sizes);
  g_autoptr (GPtrArray) all = mr_store_list_custom_fields (f->store, NULL);
  g_autoptr (GVariant) found = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *same = NULL;
  const char *s;
  gint32 pos;

  g_assert_cmpuint (all->len, ==, 2);
  /* Positions are given in order when not chosen. */
  g_assert_true (g_variant_lookup (all->pdata[0], "position", "i", &pos));
  g_assert_cmpint (pos, ==, 1);
  g_assert_true (g_variant_lookup (all->pdata[0], "type", "&s", &s));
  g_assert_cmpstr (s, ==, "text");
  g_assert_true (g_variant_lookup (all->pdata[1], "position", "i", &pos));
  g_assert_cmpint (pos, ==, 2);

  found = mr_store_find_custom_field (f->store, "box SIZE");
  g_assert_nonnull (found);
  g_assert_true (g_variant_lookup (found, "id", "&s", &s));
  g_assert_cmpstr (s, ==, b);
  g_clear_pointer (&found, g_variant_unref);
  found = mr_store_find_custom_field (f->store, "1");
  g_assert_true (g_variant_lookup (found, "id", "&s", &s));
  g_assert_cmpstr (s, ==, a);
  g_assert_null (mr_store_find_custom_field (f->store, "Nothing"));

  /* Update by id: the label and position change, the id stays. */
  g_variant_dict_insert (&d, "id", "s", a);
  g_variant_dict_insert (&d, "label", "s", "Cost center");
  g_variant_dict_insert (&d, "position", "i", 5);
  same = apply_ok (f->store, "custom_field.set", &d);
  g_assert_cmpstr (same, ==, a);
  g_clear_pointer (&found, g_variant_unref);
  found = mr_store_find_custom_field (f->store, a);
  g_assert_true (g_variant_lookup (found, "label", "&s", &s));
  g_assert_cmpstr (s, ==, "Cost center");
  g_assert_true (g_variant_lookup (found, "position", "i", &pos));
  g_assert_cmpint (pos, ==, 5);
  {
    g_autofree char *expected = g_strdup_printf ("custom_field:%s", a);
    gboolean seen = FALSE;

    for (guint i = 0; i < f->changes->len; i++)
      seen |= strcmp (f->changes->pdata[i], expected) == 0;
    g_assert_true (seen);
  }
}

static void
test_fields_rules (Fixture *f, gconstpointer data)
{
  g_autofree char *a = add_field (f->store, "Cost centre", NULL, NULL);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *msg = NULL;
  g_autoptr (GPtrArray) all = NULL;

  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "label", "s", "COST CENTRE");
    msg = apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_DUPLICATE, "label");
    g_assert_nonnull (strstr (msg, "COST CENTRE"));
    g_clear_pointer (&msg, g_free);
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "label", "s", "   ");
    g_free (apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_REQUIRED, "label"));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "label", "s", "Colour");
    g_variant_dict_insert (&d, "type", "s", "colour");
    g_free (apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_INVALID, "type"));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "label", "s", "Colour");
    g_variant_dict_insert (&d, "type", "s", "choice");
    g_free (apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_REQUIRED, "choices"));
  }
  {
    static const char *const twice[] = { "Red", "red", NULL };
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "label", "s", "Colour");
    g_variant_dict_insert (&d, "type", "s", "choice");
    g_variant_dict_insert_value (&d, "choices", g_variant_new_strv (twice, -1));
    g_free (apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_DUPLICATE, "choices"));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "label", "s", "Colour");
    g_variant_dict_insert (&d, "position", "i", 11);
    g_free (apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_INVALID, "position"));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "label", "s", "Colour");
    g_variant_dict_insert (&d, "position", "i", 1);
    g_free (apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_DUPLICATE, "position"));
  }

  /* Ten at most; a deleted one frees its place and its position. */
  for (int i = 2; i <= 10; i++)
    {
      g_autofree char *label = g_strdup_printf ("Field %d", i);

      g_ptr_array_add (ids, add_field (f->store, label, NULL, NULL));
    }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "label", "s", "Eleventh");
    msg = apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_INVALID, "position");
    g_assert_nonnull (strstr (msg, "10"));
  }
  all = mr_store_list_custom_fields (f->store, NULL);
  g_assert_cmpuint (all->len, ==, 10);
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", ids->pdata[3]);
    g_free (apply_ok (f->store, "custom_field.delete", &d));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", ids->pdata[3]);
    g_free (apply_fails (f->store, "custom_field.delete", &d, MR_STORE_ERROR_NOT_FOUND, "id"));
  }
  g_free (add_field (f->store, "Eleventh", NULL, NULL));
  g_clear_pointer (&all, g_ptr_array_unref);
  all = mr_store_list_custom_fields (f->store, NULL);
  g_assert_cmpuint (all->len, ==, 10);
  /* The deleted field's label may be used again. */
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", ids->pdata[0]);
    g_free (apply_ok (f->store, "custom_field.delete", &d));
  }
  g_free (add_field (f->store, "Field 5", NULL, NULL));
}

static void
test_screens (Fixture *f, gconstpointer data)
{
  g_autofree char *a = add_field (f->store, "Cost centre", NULL, NULL);
  g_autofree char *b = add_field (f->store, "Fragile", "boolean", NULL);
  g_autofree char *pkg = add_package (f->store, "1Z999AA10123456784");
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GPtrArray) missing = NULL;
  const char *s;

  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", a);
    g_variant_dict_insert (&d, "screen", "s", "receiving");
    g_variant_dict_insert (&d, "visibility", "s", "hidden");
    g_free (apply_ok (f->store, "custom_field.screen", &d));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", b);
    g_variant_dict_insert (&d, "screen", "s", "receiving");
    g_variant_dict_insert (&d, "visibility", "s", "required");
    g_free (apply_ok (f->store, "custom_field.screen", &d));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", b);
    g_variant_dict_insert (&d, "screen", "s", "kiosk");
    g_variant_dict_insert (&d, "visibility", "s", "required");
    g_free (apply_fails (f->store, "custom_field.screen", &d, MR_STORE_ERROR_INVALID, "screen"));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", b);
    g_variant_dict_insert (&d, "screen", "s", "asset");
    g_variant_dict_insert (&d, "visibility", "s", "mandatory");
    g_free (
      apply_fails (f->store, "custom_field.screen", &d, MR_STORE_ERROR_INVALID, "visibility"));
  }

  list = mr_store_list_custom_fields (f->store, "receiving");
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (g_variant_lookup (list->pdata[0], "id", "&s", &s));
  g_assert_cmpstr (s, ==, b);
  g_assert_true (g_variant_lookup (list->pdata[0], "visibility", "&s", &s));
  g_assert_cmpstr (s, ==, "required");
  g_clear_pointer (&list, g_ptr_array_unref);
  /* Other screens: shown until an admin says otherwise. */
  list = mr_store_list_custom_fields (f->store, "package");
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_true (g_variant_lookup (list->pdata[0], "visibility", "&s", &s));
  g_assert_cmpstr (s, ==, "shown");
  {
    g_autoptr (GVariant) screens = g_variant_lookup_value (list->pdata[0], "screens", NULL);

    g_assert_true (g_variant_lookup (screens, "receiving", "&s", &s));
    g_assert_cmpstr (s, ==, "hidden");
  }

  missing = mr_store_list_missing_custom_fields (f->store, "receiving", pkg);
  g_assert_cmpuint (missing->len, ==, 1);
  g_clear_pointer (&missing, g_ptr_array_unref);
  g_assert_true (set_value (f->store, pkg, b, "no", NULL));
  missing = mr_store_list_missing_custom_fields (f->store, "receiving", pkg);
  g_assert_cmpuint (missing->len, ==, 0);
  g_clear_pointer (&missing, g_ptr_array_unref);
  g_assert_true (set_value (f->store, pkg, b, "", NULL));
  missing = mr_store_list_missing_custom_fields (f->store, "receiving", pkg);
  g_assert_cmpuint (missing->len, ==, 1);
}

static void
test_values (Fixture *f, gconstpointer data)
{
  static const char *const sizes[] = { "Small", "Large", NULL };
  g_autofree char *text = add_field (f->store, "Cost centre", NULL, NULL);
  g_autofree char *num = add_field (f->store, "Weight", "number", NULL);
  g_autofree char *date = add_field (f->store, "Due", "date", NULL);
  g_autofree char *choice = add_field (f->store, "Box size", "choice", sizes);
  g_autofree char *flag = add_field (f->store, "Fragile", "boolean", NULL);
  g_autofree char *pkg = add_package (f->store, "1Z999AA10123456784");
  g_autoptr (GHashTable) values = NULL;
  static const struct
  {
    int field;
    const char *value;
  } bad[] = {
    { 1, "heavy" },  { 1, "12kg" },       { 1, "1 2" },    { 2, "2024-02-30" },
    { 2, "24-1-5" }, { 2, "2024-13-01" }, { 3, "Medium" }, { 4, "maybe" },
  };
  const char *fields[] = { text, num, date, choice, flag };

  g_assert_true (set_value (f->store, pkg, text, "  CC-42  ", NULL));
  g_assert_true (set_value (f->store, pkg, num, "2,5", NULL));
  g_assert_true (set_value (f->store, pkg, date, "2024-02-29", NULL));
  g_assert_true (set_value (f->store, pkg, choice, "large", NULL));
  g_assert_true (set_value (f->store, pkg, flag, "yes", NULL));
  {
    g_autofree char *expected = g_strdup_printf ("custom_value:%s", pkg);

    g_assert_cmpstr (f->changes->pdata[f->changes->len - 1], ==, expected);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 before = mr_store_count_journal (f->store);

      g_assert_false (set_value (f->store, pkg, fields[bad[i].field], bad[i].value, &error));
      g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
      g_assert_cmpstr (mr_store_error_get_field (error), ==, "value");
      /* The message names the field. */
      g_assert_nonnull (strstr (error->message, bad[i].field == 1   ? "Weight"
                                                : bad[i].field == 2 ? "Due"
                                                : bad[i].field == 3 ? "Box size"
                                                                    : "Fragile"));
      g_assert_cmpint (mr_store_count_journal (f->store), ==, before);
    }

  values = mr_store_get_custom_values (f->store, pkg);
  g_assert_cmpuint (g_hash_table_size (values), ==, 5);
  g_assert_cmpstr (value_of (values, text), ==, "CC-42");
  g_assert_cmpstr (value_of (values, num), ==, "2.5");
  g_assert_cmpstr (value_of (values, date), ==, "2024-02-29");
  g_assert_cmpstr (value_of (values, choice), ==, "Large");
  g_assert_cmpstr (value_of (values, flag), ==, "true");

  /* Unknown records and fields are refused. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (set_value (f->store, "nope", text, "x", &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (set_value (f->store, pkg, "nope", "x", &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  }

  /* A type or choice change that would strand saved values is refused. */
  {
    static const char *const fewer[] = { "Small", NULL };
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", choice);
    g_variant_dict_insert_value (&d, "choices", g_variant_new_strv (fewer, -1));
    g_free (apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_IN_USE, "choices"));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", text);
    g_variant_dict_insert (&d, "type", "s", "number");
    g_free (apply_fails (f->store, "custom_field.set", &d, MR_STORE_ERROR_IN_USE, "type"));
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    /* A number is also text: that change is fine. */
    g_variant_dict_insert (&d, "id", "s", num);
    g_variant_dict_insert (&d, "type", "s", "text");
    g_free (apply_ok (f->store, "custom_field.set", &d));
  }

  /* Clearing removes the value; a deleted field's values are not read. */
  g_assert_true (set_value (f->store, pkg, text, NULL, NULL));
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", flag);
    g_free (apply_ok (f->store, "custom_field.delete", &d));
  }
  g_clear_pointer (&values, g_hash_table_unref);
  values = mr_store_get_custom_values (f->store, pkg);
  g_assert_cmpuint (g_hash_table_size (values), ==, 3);
  g_assert_null (value_of (values, text));
  g_assert_null (value_of (values, flag));
}

static void
test_reopen (Fixture *f, gconstpointer data)
{
  g_autofree char *a = add_field (f->store, "Cost centre", NULL, NULL);
  g_autofree char *pkg = add_package (f->store, "1Z999AA10123456784");
  g_autoptr (GHashTable) values = NULL;
  g_autoptr (GPtrArray) list = NULL;
  const char *s;

  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", a);
    g_variant_dict_insert (&d, "screen", "s", "delivery");
    g_variant_dict_insert (&d, "visibility", "s", "required");
    g_free (apply_ok (f->store, "custom_field.screen", &d));
  }
  g_assert_true (set_value (f->store, pkg, a, "CC-7", NULL));
  g_clear_object (&f->store);
  open_store (f);

  values = mr_store_get_custom_values (f->store, pkg);
  g_assert_cmpstr (value_of (values, a), ==, "CC-7");
  list = mr_store_list_custom_fields (f->store, "delivery");
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (g_variant_lookup (list->pdata[0], "visibility", "&s", &s));
  g_assert_cmpstr (s, ==, "required");
  g_assert_true (g_variant_lookup (list->pdata[0], "label", "&s", &s));
  g_assert_cmpstr (s, ==, "Cost centre");
}

static void
test_normalize (void)
{
  static const char *const c[] = { "Oui", "Non", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *v = NULL;

  v = mr_custom_value_normalize ("X", "number", NULL, "-3.25", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v, ==, "-3.25");
  g_clear_pointer (&v, g_free);
  v = mr_custom_value_normalize ("X", "boolean", NULL, "FAUX", &error);
  g_assert_cmpstr (v, ==, "false");
  g_clear_pointer (&v, g_free);
  v = mr_custom_value_normalize ("X", "choice", c, "non", &error);
  g_assert_cmpstr (v, ==, "Non");
  g_clear_pointer (&v, g_free);
  v = mr_custom_value_normalize ("X", "number", NULL, "nan", &error);
  g_assert_null (v);
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/custom-fields/create-update", test_fields_create_update);
  ADD ("/custom-fields/rules", test_fields_rules);
  ADD ("/custom-fields/screens", test_screens);
  ADD ("/custom-fields/values", test_values);
  ADD ("/custom-fields/reopen", test_reopen);
  g_test_add_func ("/custom-fields/normalize", test_normalize);
  return g_test_run ();
}
