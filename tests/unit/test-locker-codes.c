/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The check a drop-off makes that its new pickup code is no open
 * delivery's: mr_locker_code_matches(), which keeps the HMAC keyed by each
 * salt on the store, must say what mr_locker_code_verify() says, first
 * time and from what it kept, and after it has emptied what it kept. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mr-locker-private.h"

typedef struct
{
  char *dir;
  MrStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("mailroom-codes-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  const char *names[] = { "test.db",        "test.db-wal",        "test.db-shm",
                          "test.db-search", "test.db-search-wal", "test.db-search-shm" };

  g_clear_object (&f->store);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Codes and salts as a drop-off makes them. */
static void
test_same_answer (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *code = mr_locker_code_new ();
      g_autofree char *other = mr_locker_code_new ();
      g_autofree char *salt = mr_locker_code_salt_new ();
      g_autofree char *hash = mr_locker_code_hash (salt, code);
      g_autofree char *other_hash = mr_locker_code_hash (salt, other);

      /* First from the salt, then from the kept keyed state. */
      for (guint pass = 0; pass < 2; pass++)
        {
          g_assert_true (mr_locker_code_matches (f->store, salt, hash, code));
          g_assert_cmpint (mr_locker_code_matches (f->store, salt, hash, other), ==,
                           strcmp (code, other) == 0);
          g_assert_cmpint (mr_locker_code_matches (f->store, salt, other_hash, code), ==,
                           strcmp (code, other) == 0);
        }
    }
  /* A delivery without a code, a hash of another length. */
  g_assert_false (mr_locker_code_matches (f->store, NULL, NULL, "12345678"));
  g_assert_false (mr_locker_code_matches (f->store, "0123456789abcdef", "00", "12345678"));
}

/* A fixed salt and code: the HMAC-SHA-256 any implementation gives
 * (Python's hmac module here), and the kept state is keyed by this salt
 * and no other. */
static void
test_known_value (Fixture *f, gconstpointer data)
{
  const char *salt = "0123456789abcdef0123456789abcdef";
  const char *hash = "e0fad1db20029f564f053b4733d9f19bf430b3c13d9464406bee396fb42fa3b4";
  g_autofree char *made = mr_locker_code_hash (salt, "12345678");
  g_autofree char *hash2 = mr_locker_code_hash ("fedcba9876543210fedcba9876543210", "12345678");

  g_assert_cmpstr (made, ==, hash);
  g_assert_true (mr_locker_code_matches (f->store, salt, hash, "12345678"));
  /* The same code under another salt hashes otherwise. */
  g_assert_false (mr_locker_code_matches (f->store, salt, hash2, "12345678"));
  g_assert_true (
    mr_locker_code_matches (f->store, "fedcba9876543210fedcba9876543210", hash2, "12345678"));
  g_assert_false (mr_locker_code_matches (f->store, salt, hash, "12345679"));
}

/* More salts than are kept: what was emptied is keyed again. */
static void
test_many_salts (Fixture *f, gconstpointer data)
{
  g_autofree char *first_salt = mr_locker_code_salt_new ();
  g_autofree char *first_hash = mr_locker_code_hash (first_salt, "87654321");

  g_assert_true (mr_locker_code_matches (f->store, first_salt, first_hash, "87654321"));
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *salt = g_strdup_printf ("%032u", i);

      g_assert_false (mr_locker_code_matches (f->store, salt, first_hash, "87654321"));
    }
  g_assert_true (mr_locker_code_matches (f->store, first_salt, first_hash, "87654321"));
  g_assert_false (mr_locker_code_matches (f->store, first_salt, first_hash, "87654320"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/locker-codes/same-answer", Fixture, NULL, fixture_setup, test_same_answer,
              fixture_teardown);
  g_test_add ("/locker-codes/known-value", Fixture, NULL, fixture_setup, test_known_value,
              fixture_teardown);
  g_test_add ("/locker-codes/many-salts", Fixture, NULL, fixture_setup, test_many_salts,
              fixture_teardown);
  return g_test_run ();
}
