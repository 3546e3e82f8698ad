/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's bulk path (what a CSV import uses): mutations given plain
 * arguments (mr_store_apply_args()), run without a savepoint inside a
 * batch, their journal entries written by the dozen, the ranks of new
 * contacts found from the last one placed, and the search index written
 * once at the end of the batch. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-contact-list.h"
#include "mr-records.h"
#include "mr-store-private.h"
#include "mr-store.h"
#include "../mr-test-files.h"

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

  f->dir = g_dir_make_tmp ("mr-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
  /* data: every batch, down to a single mutation, writes the search index
   * through a search writer of its own (mr-search-writer.c), as a large
   * import does. */
  if (data != NULL)
    mr_contact_index_set_parallel_min (f->store, 0);
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

static char *
create_variant (
  MrStore *store, const char *first, const char *last, gboolean is_private, GError **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  char *id = NULL;

  g_variant_dict_insert (&d, "first_name", "s", first);
  g_variant_dict_insert (&d, "last_name", "s", last);
  if (is_private)
    g_variant_dict_insert (&d, "is_private", "b", TRUE);
  if (!mr_store_apply (store, "contact.create", g_variant_dict_end (&d), &id, error))
    return NULL;
  return id;
}

static char *
create_args (
  MrStore *store, const char *first, const char *last, gboolean is_private, GError **error)
{
  MrArg args[] = {
    { "first_name", MR_ARG_STRING, first, 0 },
    { "last_name", MR_ARG_STRING, last, 0 },
    { "is_private", MR_ARG_BOOL, NULL, is_private },
  };
  char *id = NULL;

  if (!mr_store_apply_args (store, "contact.create", args, G_N_ELEMENTS (args), &id, error))
    return NULL;
  return id;
}

/* The journal's arguments of the last entry, as a JSON object. */
static JsonObject *
last_journal_args (MrStore *store, const char *entity_id)
{
  g_autoptr (GPtrArray) history = mr_store_list_history (store, entity_id, 1);
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *args = NULL;

  g_assert_cmpuint (history->len, ==, 1);
  g_assert_true (g_variant_lookup (g_ptr_array_index (history, 0), "args", "&s", &args));
  g_assert_true (json_parser_load_from_data (parser, args, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Given plain, the same fields make the same contact and the same journal
 * entry as given in an a{sv}. */
static void
test_args_like_variant (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  MrArg args[] = {
    { "first_name", MR_ARG_STRING, "  Zoé ", 0 },
    { "last_name", MR_ARG_STRING, "Roux", 0 },
    { "email", MR_ARG_STRING, "zoe.roux@example.com", 0 },
    { "phone", MR_ARG_STRING, "", 0 },
    { "personnel_id", MR_ARG_STRING, "0042", 0 },
    { "needs_accessibility", MR_ARG_BOOL, NULL, TRUE },
  };
  g_autofree char *plain = NULL;
  g_autofree char *variant = NULL;
  g_autoptr (MrContact) a = NULL;
  g_autoptr (MrContact) b = NULL;
  g_autoptr (JsonObject) ja = NULL;
  g_autoptr (JsonObject) jb = NULL;
  g_autoptr (GList) members = NULL;

  g_assert_true (
    mr_store_apply_args (f->store, "contact.create", args, G_N_ELEMENTS (args), &plain, &error));
  g_assert_no_error (error);
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "first_name", "s", "  Zoé ");
    g_variant_dict_insert (&d, "last_name", "s", "Roux");
    g_variant_dict_insert (&d, "email", "s", "zoe.roux2@example.com");
    g_variant_dict_insert (&d, "phone", "s", "");
    g_variant_dict_insert (&d, "personnel_id", "s", "0043");
    g_variant_dict_insert (&d, "needs_accessibility", "b", TRUE);
    g_assert_true (
      mr_store_apply (f->store, "contact.create", g_variant_dict_end (&d), &variant, &error));
  }

  a = mr_store_get_contact (f->store, plain);
  b = mr_store_get_contact (f->store, variant);
  g_assert_cmpstr (mr_contact_get_first_name (a), ==, "Zoé");
  g_assert_cmpstr (mr_contact_get_first_name (a), ==, mr_contact_get_first_name (b));
  g_assert_cmpstr (mr_contact_get_last_name (a), ==, mr_contact_get_last_name (b));
  g_assert_null (mr_contact_get_phone (a));
  g_assert_null (mr_contact_get_phone (b));
  g_assert_true (mr_contact_get_needs_accessibility (a));
  g_assert_cmpstr (mr_contact_get_personnel_id (a), ==, "0042");

  /* Same keys and values in the journal, the new id included. */
  ja = last_journal_args (f->store, plain);
  jb = last_journal_args (f->store, variant);
  g_assert_cmpstr (json_object_get_string_member (ja, "id"), ==, plain);
  g_assert_cmpuint (json_object_get_size (ja), ==, json_object_get_size (jb));
  members = json_object_get_members (ja);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *x = json_object_get_member (ja, l->data);
      JsonNode *y = json_object_get_member (jb, l->data);

      g_assert_nonnull (y);
      g_assert_cmpint (json_node_get_value_type (x), ==, json_node_get_value_type (y));
      if (strcmp (l->data, "id") != 0 && strcmp (l->data, "email") != 0 &&
          strcmp (l->data, "personnel_id") != 0)
        g_assert_true (json_node_equal (x, y));
    }
}

/* Only the mutations that read their arguments through mr_args_*(). */
static void
test_args_unknown (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  MrArg args[] = { { "id", MR_ARG_STRING, "x", 0 } };

  g_assert_false (mr_store_apply_args (f->store, "department.delete", args, 1, NULL, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_UNKNOWN_MUTATION);
}

static gint64
journal_count (MrStore *store, const char *name)
{
  return mr_store_query_int (store, "SELECT count(*) FROM journal WHERE name = ?", name);
}

/* In a batch, a refused mutation (refused before it wrote) leaves the
 * others alone, and the batch commits them. */
static void
test_refused_in_batch (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *c = NULL;
  MrArg bad[] = {
    { "last_name", MR_ARG_STRING, "Bad", 0 },
    { "email", MR_ARG_STRING, "bad@", 0 },
  };

  g_assert_true (mr_store_begin_batch (f->store, &error));
  a = create_args (f->store, "Anne", "Moreau", FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (
    mr_store_apply_args (f->store, "contact.create", bad, G_N_ELEMENTS (bad), NULL, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "email");
  g_clear_error (&error);
  /* A private contact needs its owner to exist: the INSERT fails, SQLite
   * takes that statement back, nothing else was written. */
  mr_store_set_user_id (f->store, "no-such-user");
  g_assert_null (create_args (f->store, "Priv", "Ate", TRUE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  mr_store_set_user_id (f->store, NULL);
  c = create_args (f->store, "Luc", "Simon", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (mr_store_query_int (f->store, "SELECT count(*) FROM contact", NULL), ==, 2);
  g_assert_cmpint (journal_count (f->store, "contact.create"), ==, 2);
  g_assert_cmpint (mr_store_query_int (f->store,
                                       "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH ?",
                                       "moreau OR simon"),
                   ==, 2);
}

/* Namesakes of Zola's neighbour fill the gap before her, one rank step at
 * a time, until the next one needs a rebalance. */
static guint
crowd_until_rebalance (MrStore *store, gboolean plain)
{
  g_autoptr (GError) error = NULL;
  guint n = 0;

  for (;;)
    {
      gint64 gap = mr_store_query_int (store,
                                       "SELECT (SELECT sort_rank FROM contact WHERE last_name = "
                                       "'Zola') - (SELECT max (sort_rank) FROM contact WHERE "
                                       "last_name = ?)",
                                       "Same");
      g_autofree char *id = NULL;

      if (n > 0 && gap < 2)
        return n;
      id = plain ? create_args (store, "Sam", "Same", FALSE, &error)
                 : create_variant (store, "Sam", "Same", FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (++n, <, 1000);
    }
}

static void
assert_index_consistent (MrStore *store, guint live)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (mr_store_query_int (store, "SELECT count(*) FROM contact_fts", NULL), ==, live);
  /* Each live contact is in the index at its rank, with its name. */
  g_assert_cmpint (mr_store_query_int (store,
                                       "SELECT count(*) FROM contact c JOIN contact_fts f "
                                       "ON f.rowid = c.sort_rank WHERE c.deleted = 0 "
                                       "AND f.name = c.first_name || ' ' || c.last_name",
                                       NULL),
                   ==, live);
  g_assert_true (mr_store_exec (
    store, "INSERT INTO contact_fts (contact_fts) VALUES ('integrity-check')", &error));
  g_assert_no_error (error);
}

/* A mutation that rebalanced ranks, then failed, is rolled back: the index
 * written at the end of the batch takes the ranks the contacts have, not
 * the ones the rolled-back rebalance gave them (and that the index was
 * told, as hints). */
static void
test_index_after_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *zola = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n;

  g_assert_true (mr_store_begin_batch (f->store, &error));
  zola = create_variant (f->store, "Zoé", "Zola", FALSE, &error);
  n = crowd_until_rebalance (f->store, FALSE);
  before = mr_store_query_text (f->store, "SELECT group_concat (sort_rank) FROM contact", NULL);
  /* Rebalances (writes), then its INSERT fails: the owner does not exist. */
  mr_store_set_user_id (f->store, "no-such-user");
  g_assert_null (create_variant (f->store, "Sam", "Same", TRUE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  mr_store_set_user_id (f->store, NULL);
  after = mr_store_query_text (f->store, "SELECT group_concat (sort_rank) FROM contact", NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_no_error (error);

  assert_index_consistent (f->store, n + 1);
  {
    g_autoptr (MrContactList) list = mr_contact_list_new (f->store);

    mr_contact_list_set_search (list, "same");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  }

  /* The next one rebalances for good. */
  g_free (create_variant (f->store, "Sam", "Same", FALSE, &error));
  g_assert_no_error (error);
  assert_index_consistent (f->store, n + 2);
}

/* A contact written, then taken back with the savepoint around it (as an
 * import takes back a row): its rank is free again and the next contact
 * of the same name takes it. The index holds the two that stay, each
 * once, whether it is written at the end or by a writer that was given
 * the first one already. */
static void
test_savepoint_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *other = NULL;

  g_free (create_args (f->store, "Zoé", "Zola", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (mr_store_begin_batch (f->store, &error));
  g_assert_true (mr_store_exec (f->store, "SAVEPOINT row", &error));
  gone = create_args (f->store, "Ann", "Able", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (mr_store_exec (f->store, "ROLLBACK TO row; RELEASE row", &error));
  kept = create_args (f->store, "Ann", "Able", FALSE, &error);
  g_assert_no_error (error);
  other = create_args (f->store, "Bob", "Baker", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (mr_store_query_int (f->store, "SELECT count(*) FROM contact WHERE id = ?", gone),
                   ==, 0);
  assert_index_consistent (f->store, 3);
  g_assert_cmpint (mr_store_query_int (f->store,
                                       "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH ?",
                                       "able"),
                   ==, 1);
}

/* Without a savepoint, a mutation that fails after writing cannot be taken
 * back alone: the whole batch is, and says so. */
static void
test_broken_batch (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *zola = NULL;

  g_assert_true (mr_store_begin_batch (f->store, &error));
  zola = create_args (f->store, "Zoé", "Zola", FALSE, &error);
  crowd_until_rebalance (f->store, TRUE);
  mr_store_set_user_id (f->store, "no-such-user");
  g_assert_null (create_args (f->store, "Sam", "Same", TRUE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  mr_store_set_user_id (f->store, NULL);
  g_free (create_args (f->store, "Other", "Person", FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpint (mr_store_query_int (f->store, "SELECT count(*) FROM contact", NULL), ==, 0);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, 0);

  /* The next batch starts clean. */
  g_assert_true (mr_store_begin_batch (f->store, &error));
  g_free (create_args (f->store, "Anne", "Moreau", FALSE, &error));
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_no_error (error);
  assert_index_consistent (f->store, 1);
}

/* Ranks follow name order, whatever a batch went through. */
static void
assert_ranks_in_order (MrStore *store)
{
  g_assert_cmpint (mr_store_query_int (store,
                                       "SELECT count(*) FROM (SELECT sort_rank, lag (sort_rank) "
                                       "OVER (ORDER BY sort_key) AS before FROM contact "
                                       "WHERE deleted = 0) WHERE before >= sort_rank",
                                       NULL),
                   ==, 0);
}

/* A new contact that falls just after the last one placed takes its rank
 * from what the index remembers of that gap, without reading it again.
 * A rollback must make it forget: here the rolled-back inserts had spread
 * their neighbours out (a rebalance), then the second was placed in the
 * new order and remembered; after the rollback the neighbours are back
 * where they were. */
static void
test_rank_memo_after_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *zola = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *gone_too = NULL;
  g_autofree char *after = NULL;
  guint n;

  g_assert_true (mr_store_begin_batch (f->store, &error));
  zola = create_args (f->store, "Zoé", "Zola", FALSE, &error);
  n = crowd_until_rebalance (f->store, TRUE);
  g_assert_true (mr_store_exec (f->store, "SAVEPOINT t", &error));
  gone = create_args (f->store, "Sam", "Same", FALSE, &error);
  g_assert_no_error (error);
  gone_too = create_args (f->store, "Sam", "Same", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (mr_store_exec (f->store, "ROLLBACK TO t; RELEASE t", &error));
  after = create_args (f->store, "Sam", "Same", FALSE, &error);
  g_assert_no_error (error);
  assert_ranks_in_order (f->store);
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (mr_store_query_int (f->store, "SELECT count(*) FROM contact WHERE id = ?", gone),
                   ==, 0);
  assert_index_consistent (f->store, n + 2);
  assert_ranks_in_order (f->store);
  {
    g_autoptr (MrContactList) list = mr_contact_list_new (f->store);
    g_autoptr (MrContact) last = NULL;

    /* Every namesake, then Zola. */
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n + 2);
    last = g_list_model_get_item (G_LIST_MODEL (list), n + 1);
    g_assert_cmpstr (mr_contact_get_id (last), ==, zola);
  }
}

/* The ids of the journal's contact entries, in seq order. */
static char *
journal_contacts (MrStore *store)
{
  return mr_store_query_text (store,
                              "SELECT group_concat (entity_id, ' ') FROM (SELECT entity_id "
                              "FROM journal WHERE entity = 'contact' ORDER BY seq)",
                              NULL);
}

/* Entries of plain mutations wait and go in by the dozen: they keep the
 * order of the mutations, with those made with a savepoint (written at
 * once) among them, and a savepoint rolled back takes its own away. */
static void
test_journal_order (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autofree char *rolled_back = NULL;
  g_autofree char *journal = NULL;

  g_assert_true (mr_store_begin_batch (f->store, &error));
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *first = g_strdup_printf ("Given%03u", i);
      g_autofree char *id = NULL;

      if (i == 150)
        {
          /* Its entry, written then taken back, is not in the journal. */
          g_assert_true (mr_store_exec (f->store, "SAVEPOINT t", &error));
          rolled_back = create_args (f->store, "Never", "There", FALSE, &error);
          g_assert_no_error (error);
          g_assert_true (mr_store_exec (f->store, "ROLLBACK TO t; RELEASE t", &error));
        }
      id = i % 70 == 69 ? create_variant (f->store, first, "Order", FALSE, &error)
                        : create_args (f->store, first, "Order", FALSE, &error);
      g_assert_no_error (error);
      g_string_append_printf (expected, "%s%s", expected->len ? " " : "", id);
    }
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_no_error (error);

  journal = journal_contacts (f->store);
  g_assert_cmpstr (journal, ==, expected->str);
  g_assert_null (strstr (journal, rolled_back));
  g_assert_cmpint (journal_count (f->store, "contact.create"), ==, 200);
  g_assert_cmpint (mr_store_query_int (f->store, "SELECT count(*) FROM contact", NULL), ==, 200);
  assert_index_consistent (f->store, 200);
  assert_ranks_in_order (f->store);
}

static void
record_change (MrStore *store, const char *entity, const char *id, gpointer user_data)
{
  g_string_append_printf (user_data, "%s:%s ", entity, id ? id : "*");
}

/* A small batch names each record it changed; a big one tells each kind
 * of record once, in the order they first changed, with no id. */
static void
test_changed_signals (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) heard = g_string_new (NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *expected = NULL;

  g_signal_connect (f->store, "changed", G_CALLBACK (record_change), heard);
  g_assert_true (mr_store_begin_batch (f->store, &error));
  a = create_args (f->store, "Anne", "Moreau", FALSE, &error);
  b = create_variant (f->store, "Luc", "Simon", FALSE, &error);
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf ("contact:%s contact:%s ", a, b);
  g_assert_cmpstr (heard->str, ==, expected);

  g_string_truncate (heard, 0);
  g_assert_true (mr_store_begin_batch (f->store, &error));
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *first = g_strdup_printf ("Given%u", i);

      if (i == 60)
        {
          g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

          g_variant_dict_insert (&d, "name", "s", "Finance");
          g_assert_true (
            mr_store_apply (f->store, "department.create", g_variant_dict_end (&d), NULL, &error));
        }
      g_free (create_args (f->store, first, "Many", FALSE, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpstr (heard->str, ==, "");
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (heard->str, ==, "contact:* department:* ");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store-bulk/args-like-variant", test_args_like_variant);
  ADD ("/store-bulk/args-unknown", test_args_unknown);
  ADD ("/store-bulk/refused-in-batch", test_refused_in_batch);
  ADD ("/store-bulk/index-after-rollback", test_index_after_rollback);
  ADD ("/store-bulk/broken-batch", test_broken_batch);
  ADD ("/store-bulk/rank-memo-after-rollback", test_rank_memo_after_rollback);
  ADD ("/store-bulk/journal-order", test_journal_order);
  ADD ("/store-bulk/changed-signals", test_changed_signals);
  ADD ("/store-bulk/savepoint-rollback", test_savepoint_rollback);
#undef ADD
#define ADD(path, fn) \
  g_test_add ("/store-bulk/parallel" path, Fixture, "parallel", fixture_setup, fn, fixture_teardown)
  ADD ("/refused-in-batch", test_refused_in_batch);
  ADD ("/index-after-rollback", test_index_after_rollback);
  ADD ("/broken-batch", test_broken_batch);
  ADD ("/rank-memo-after-rollback", test_rank_memo_after_rollback);
  ADD ("/journal-order", test_journal_order);
  ADD ("/changed-signals", test_changed_signals);
  ADD ("/savepoint-rollback", test_savepoint_rollback);
#undef ADD

  return g_test_run ();
}
