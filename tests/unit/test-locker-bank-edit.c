/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "mr-locker-layout.h"
#include "mr-lockers.h"
#include "mr-store.h"
#include "../mr-test-files.h"
#include "../mr-test-store.h"

/* Editing a bank's layout in memory (mr-locker-bank-edit.c), the bank
 * editor's model: each step recomputes heights and numbers like the
 * parser, a step that breaks a rule changes nothing, renumbering matches
 * "locker_bank.renumber", and the dry run refuses what the mutation
 * refuses without writing anything. */

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

  f->dir = g_dir_make_tmp ("mr-bank-edit-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
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
}

static const MrLockerLayoutDoor *
entry (const MrLockerLayout *layout, guint c, guint i)
{
  const MrLockerLayoutColumn *col;

  g_assert_cmpuint (c, <, layout->columns->len);
  col = g_ptr_array_index (layout->columns, c);
  g_assert_cmpuint (i, <, col->doors->len);
  return &g_array_index (col->doors, MrLockerLayoutDoor, i);
}

static guint
n_entries (const MrLockerLayout *layout, guint c)
{
  return ((MrLockerLayoutColumn *) g_ptr_array_index (layout->columns, c))->doors->len;
}

static void
test_build (Fixture *f, gconstpointer data)
{
  g_autoptr (MrLockerLayout) layout = mr_locker_layout_new_empty (10);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;

  g_assert_cmpuint (layout->columns->len, ==, 0);
  g_assert_true (mr_locker_layout_add_column (layout, 50, "S, S, M, 2*L", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (mr_locker_layout_add_column (layout, 60, "XL 33cm", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (layout->columns->len, ==, 2);
  g_assert_cmpuint (layout->n_doors, ==, 7);

  /* Stacked from the base: L at 10, L at 50, M at 90, S at 115, S at 130. */
  g_assert_cmpint (entry (layout, 0, 4)->bottom_cm, ==, 10);
  g_assert_cmpint (entry (layout, 0, 3)->bottom_cm, ==, 50);
  g_assert_cmpint (entry (layout, 0, 2)->bottom_cm, ==, 90);
  g_assert_cmpint (entry (layout, 0, 0)->bottom_cm, ==, 130);
  g_assert_cmpstr (entry (layout, 0, 0)->number, ==, "1");
  g_assert_cmpstr (entry (layout, 1, 1)->number, ==, "7");
  g_assert_cmpint (entry (layout, 1, 1)->size, ==, MR_LOCKER_SIZE_CUSTOM);
  g_assert_cmpint (entry (layout, 1, 1)->height_cm, ==, 33);
  g_assert_true (entry (layout, 1, 0)->rear_loading);
  g_assert_cmpint (((MrLockerLayoutColumn *) g_ptr_array_index (layout->columns, 1))->width_cm, ==,
                   60);

  /* Split the M (door 3) into S over XS: the S keeps the number, the XS
   * takes the next free one, everything above moves down by 0. */
  g_assert_true (
    mr_locker_layout_split_door (layout, 0, 2, MR_LOCKER_SIZE_S, 0, MR_LOCKER_SIZE_XS, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_entries (layout, 0), ==, 6);
  g_assert_cmpstr (entry (layout, 0, 2)->number, ==, "3");
  g_assert_cmpint (entry (layout, 0, 2)->size, ==, MR_LOCKER_SIZE_S);
  g_assert_cmpstr (entry (layout, 0, 3)->number, ==, "8");
  g_assert_cmpint (entry (layout, 0, 3)->size, ==, MR_LOCKER_SIZE_XS);
  g_assert_cmpint (entry (layout, 0, 3)->bottom_cm, ==, 90);
  g_assert_cmpint (entry (layout, 0, 2)->bottom_cm, ==, 100);
  g_assert_cmpint (entry (layout, 0, 0)->bottom_cm, ==, 130);

  /* Merge them back: one door of 25 cm is an M again. */
  g_assert_true (mr_locker_layout_merge_door (layout, 0, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (entry (layout, 0, 2)->size, ==, MR_LOCKER_SIZE_M);
  g_assert_cmpuint (layout->n_doors, ==, 7);
  /* The bottom door has nothing below it. */
  g_assert_false (mr_locker_layout_merge_door (layout, 0, 4, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "layout");
  g_clear_error (&error);

  /* Resizing to a custom height moves the doors above it. */
  g_assert_true (mr_locker_layout_set_door_size (layout, 0, 4, MR_LOCKER_SIZE_CUSTOM, 30, &error));
  g_assert_no_error (error);
  g_assert_cmpint (entry (layout, 0, 3)->bottom_cm, ==, 40);

  /* Base: the columns standing on it move. */
  g_assert_true (mr_locker_layout_set_base (layout, 20, &error));
  g_assert_no_error (error);
  g_assert_cmpint (entry (layout, 0, 4)->bottom_cm, ==, 20);
  g_assert_cmpint (entry (layout, 1, 1)->bottom_cm, ==, 20);

  /* A step that breaks a rule changes nothing. */
  before = mr_locker_layout_to_edit_json (layout);
  g_assert_false (
    mr_locker_layout_set_door_size (layout, 0, 0, MR_LOCKER_SIZE_CUSTOM, 200, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "250 cm"));
  g_clear_error (&error);
  g_assert_false (mr_locker_layout_set_door_number (layout, 0, 0, "7", &error));
  g_assert_nonnull (strstr (error->message, "“7”"));
  g_clear_error (&error);
  g_assert_false (mr_locker_layout_add_column (layout, 45, "S, XXL", FALSE, &error));
  g_assert_nonnull (strstr (error->message, "XXL"));
  g_clear_error (&error);
  g_assert_false (mr_locker_layout_add_column (layout, 5, "S", FALSE, &error));
  g_clear_error (&error);
  g_assert_false (mr_locker_layout_set_column_width (layout, 0, 301, &error));
  g_clear_error (&error);
  after = mr_locker_layout_to_edit_json (layout);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (mr_locker_layout_remove_column (layout, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (layout->n_doors, ==, 5);
  g_assert_true (mr_locker_layout_remove_column (layout, 0, &error));
  g_assert_cmpuint (layout->columns->len, ==, 0);
  g_assert_cmpuint (layout->n_doors, ==, 0);
}

/* The editor's renumbering gives the numbers the mutation gives. */
static void
test_renumber_like_core (Fixture *f, gconstpointer data)
{
  const char *json = "{ \"base_cm\": 5, \"columns\": ["
                     "{ \"doors\": [\"S\", \"M\", \"L\"] },"
                     "{ \"doors\": [\"XL\", \"S\"] },"
                     "{ \"base_cm\": 40, \"doors\": [\"M\", \"M\"] } ] }";
  const char *orders[] = { "rows", "columns" };

  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MrLockerLayout) layout = mr_locker_layout_parse (json, -1, &error);
      g_autoptr (MrLockerLayout) stored = NULL;
      g_autoptr (MrLockerMap) map = NULL;
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      g_autofree char *name = g_strdup_printf ("Bank %u", o);
      g_autofree char *bank = NULL;
      g_autofree char *a = NULL, *b = NULL;

      g_assert_no_error (error);
      g_variant_dict_insert (&d, "name", "s", name);
      g_variant_dict_insert (&d, "layout", "s", json);
      bank = mr_test_apply_ok (f->store, "locker_bank.create", &d);
      g_variant_dict_init (&d, NULL);
      g_variant_dict_insert (&d, "id", "s", bank);
      g_variant_dict_insert (&d, "order", "s", orders[o]);
      g_variant_dict_insert (&d, "start", "x", (gint64) 100);
      g_variant_dict_insert (&d, "prefix", "s", "B");
      g_free (mr_test_apply_ok (f->store, "locker_bank.renumber", &d));

      g_assert_true (mr_locker_layout_renumber (layout, orders[o], 100, "B", &error));
      g_assert_no_error (error);
      map = mr_locker_map_load (f->store, bank, &error);
      g_assert_no_error (error);
      stored = mr_locker_layout_from_map (map);
      for (guint i = 0; i < layout->n_doors; i++)
        g_assert_cmpstr (mr_locker_layout_get_door (layout, i, NULL)->number, ==,
                         mr_locker_layout_get_door (stored, i, NULL)->number);
      g_assert_cmpstr (mr_locker_layout_get_door (layout, 0, NULL)->number, ==,
                       o == 0 ? "B101" : "B100");
      a = mr_locker_layout_to_edit_json (layout);
      g_assert_nonnull (strstr (a, "\"B106\""));

      g_assert_false (mr_locker_layout_renumber (layout, "diagonal", 1, NULL, &error));
      g_clear_error (&error);
      g_assert_false (mr_locker_layout_renumber (layout, "rows", 1, "TOOLONGPREFIX", &error));
      g_clear_error (&error);
      b = mr_locker_layout_to_edit_json (layout);
      g_assert_cmpstr (a, ==, b);
    }
}

static void
count_change_cb (MrStore *store, const char *entity, const char *id, int *changes)
{
  (*changes)++;
}

/* The dry run refuses a door in use like the mutation, and writes
 * nothing: no journal entry, no change announced. */
static void
test_check_in_use (Fixture *f, gconstpointer data)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *bank = NULL, *contact = NULL, *package = NULL;
  g_autoptr (MrLockerDropoff) drop = NULL;
  g_autoptr (MrLockerMap) map = NULL;
  g_autoptr (MrLockerLayout) layout = NULL;
  g_autoptr (GError) error = NULL;
  gint64 journal;
  guint c, e;
  int changes = 0;

  g_variant_dict_insert (&d, "name", "s", "Hall");
  g_variant_dict_insert (&d, "layout", "s",
                         "{\"columns\": [{\"doors\": [\"M\", \"M\"]}, {\"doors\": [\"L\"]}]}");
  bank = mr_test_apply_ok (f->store, "locker_bank.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "first_name", "s", "Ann");
  g_variant_dict_insert (&d, "last_name", "s", "Archer");
  contact = mr_test_apply_ok (f->store, "contact.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "recipient_id", "s", contact);
  g_variant_dict_insert (&d, "size", "s", "L");
  package = mr_test_apply_ok (f->store, "package.receive", &d);
  g_assert_true (mr_locker_dropoff (f->store, package, bank, NULL, &drop, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (drop->locker_number, ==, "3");

  map = mr_locker_map_load (f->store, bank, &error);
  g_assert_no_error (error);
  layout = mr_locker_layout_from_map (map);
  g_assert_true (mr_locker_layout_update (layout, &error));
  g_assert_no_error (error);
  journal = mr_store_count_journal (f->store);
  g_signal_connect (f->store, "changed", G_CALLBACK (count_change_cb), &changes);

  /* As it is, and with a door added: accepted. */
  g_assert_true (mr_locker_bank_check_layout (f->store, bank, layout, &error));
  g_assert_no_error (error);
  g_assert_true (mr_locker_layout_add_column (layout, 45, "S", FALSE, &error));
  g_assert_true (mr_locker_bank_check_layout (f->store, bank, layout, &error));
  g_assert_no_error (error);

  /* The occupied door resized, or its column removed: refused. */
  g_assert_true (mr_locker_layout_find_door (layout, "3", &c, &e));
  g_assert_true (mr_locker_layout_set_door_size (layout, c, e, MR_LOCKER_SIZE_XL, 0, &error));
  g_assert_false (mr_locker_bank_check_layout (f->store, bank, layout, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_IN_USE);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "layout");
  g_assert_nonnull (strstr (error->message, "Door 3"));
  g_clear_error (&error);
  g_assert_true (mr_locker_layout_set_door_size (layout, c, e, MR_LOCKER_SIZE_L, 0, &error));
  g_assert_true (mr_locker_layout_remove_column (layout, c, &error));
  g_assert_false (mr_locker_bank_check_layout (f->store, bank, layout, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_IN_USE);
  g_clear_error (&error);

  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
  g_assert_cmpint (changes, ==, 0);
  g_clear_pointer (&map, mr_locker_map_free);
  map = mr_locker_map_load (f->store, bank, &error);
  g_assert_cmpuint (map->doors->len, ==, 3);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lockers/bank-edit/build", test_build);
  ADD ("/lockers/bank-edit/renumber-like-core", test_renumber_like_core);
  ADD ("/lockers/bank-edit/check-in-use", test_check_in_use);
  return g_test_run ();
}
