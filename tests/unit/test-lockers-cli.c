/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "mr-store.h"
#include "mr-test-cli.h"

/* mailroom-cli lockers … as scripts use it: run as a program (path from
 * $MAILROOM_CLI) against a temporary database; packages are received
 * through the core. */

#define NO_LOCKER "No lockers are currently available in selected locker bank"

static char *
add_contact (CliFixture *f, const char *first, const char *personnel_id, gboolean accessibility)
{
  g_auto (CliRun) r = { 0 };
  g_autoptr (JsonNode) root = NULL;

  if (accessibility)
    cli_run (&r, "contacts", "add", "--db", f->db, "--first-name", first, "--last-name", "Test",
             "--personnel-id", personnel_id, "--accessibility", "--json");
  else
    cli_run (&r, "contacts", "add", "--db", f->db, "--first-name", first, "--last-name", "Test",
             "--personnel-id", personnel_id, "--json");
  root = cli_json_of (&r);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "id"));
}

/* A package for @recipient; returns its internal ID (what people type). */
static char *
receive (CliFixture *f, const char *recipient, const char *size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = mr_store_open (f->db, &error);
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *args;

  g_assert_no_error (error);
  g_variant_dict_insert (&d, "recipient_id", "s", recipient);
  g_variant_dict_insert (&d, "size", "s", size);
  g_assert_true (mr_store_apply (store, "package.receive", g_variant_dict_end (&d), &id, &error));
  g_assert_no_error (error);
  /* The internal ID the store made is in the journalled arguments. */
  history = mr_store_list_history (store, id, 1);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_true (g_variant_lookup (g_ptr_array_index (history, 0), "args", "&s", &args));
  g_assert_true (json_parser_load_from_data (parser, args, -1, NULL));
  return g_strdup (json_object_get_string_member (
    json_node_get_object (json_parser_get_root (parser)), "internal_id"));
}

static const char *layout_json = "{\"base_cm\": 10, \"columns\": ["
                                 " {\"doors\": [\"S\", \"S\", \"M\", \"L\"]},"
                                 " {\"width_cm\": 60, \"doors\": [\"M\", "
                                 "   {\"panel\": \"Screen\", \"height_cm\": 60}, \"XL\"]}]}";

static JsonObject *
find_door (JsonObject *bank, const char *number)
{
  JsonArray *columns = json_object_get_array_member (bank, "columns");

  for (guint c = 0; c < json_array_get_length (columns); c++)
    {
      JsonArray *doors =
        json_object_get_array_member (json_array_get_object_element (columns, c), "doors");

      for (guint i = 0; i < json_array_get_length (doors); i++)
        {
          JsonObject *d = json_array_get_object_element (doors, i);

          if (g_strcmp0 (json_object_get_string_member (d, "number"), number) == 0)
            return d;
        }
    }
  return NULL;
}

static void
test_bank_commands (CliFixture *f, gconstpointer data)
{
  g_autofree char *json = cli_write_file (f, "bank.json", layout_json);
  g_autofree char *csv =
    cli_write_file (f, "bank.csv", "column,size,height_cm,number\n1,S\n1,S\n1,M\n1,L\n");
  g_autofree char *exported = g_build_filename (f->dir, "exported.json", NULL);
  g_auto (CliRun) create = { 0 };
  g_auto (CliRun) create2 = { 0 };
  g_auto (CliRun) list = { 0 };
  g_auto (CliRun) show = { 0 };
  g_auto (CliRun) layout = { 0 };
  g_auto (CliRun) edit = { 0 };
  g_auto (CliRun) status = { 0 };
  g_auto (CliRun) text = { 0 };
  g_autoptr (JsonNode) banks = NULL;
  g_autoptr (JsonNode) bank = NULL;
  g_autoptr (JsonNode) counts = NULL;
  JsonObject *door;

  cli_run (&create, "lockers", "bank", "create", "Hall", "--db", f->db, "--layout", json,
           "--expiry-hours", "48", "--pickup", "one", "--keep", "S=1", "--json");
  g_assert_cmpint (create.status, ==, 0);
  cli_run (&create2, "lockers", "bank", "create", "Annex", "--db", f->db, "--layout", csv,
           "--storage", "flexible", "--storage-hours", "4", "--storage-max-hours", "8");
  g_assert_cmpint (create2.status, ==, 0);

  cli_run (&list, "lockers", "bank", "list", "--db", f->db, "--json");
  banks = cli_json_of (&list);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (banks)), ==, 2);

  cli_run (&show, "lockers", "bank", "show", "hall", "--db", f->db, "--json");
  bank = cli_json_of (&show);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (bank), "expiry_hours"), ==,
                   48);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (bank), "pickup_mode"), ==,
                   "one");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (bank), "doors"), ==, 6);
  /* Door 4 (L) at the bottom of column 1: 10..50 cm; door 1 (S) on top:
   * 10 + 40 + 25 + 15 = 90..105. */
  door = find_door (json_node_get_object (bank), "4");
  g_assert_cmpint (json_object_get_int_member (door, "bottom_cm"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (door, "top_cm"), ==, 50);
  door = find_door (json_node_get_object (bank), "1");
  g_assert_cmpint (json_object_get_int_member (door, "bottom_cm"), ==, 90);
  g_assert_true (json_object_get_boolean_member (door, "accessible"));
  door = find_door (json_node_get_object (bank), "5");
  g_assert_cmpint (json_object_get_int_member (door, "x_cm"), ==, 45);
  g_assert_cmpint (json_object_get_int_member (door, "bottom_cm"), ==, 130);
  g_assert_cmpstr (json_object_get_string_member (door, "status"), ==, "available");

  /* The layout as it is, given back: nothing changes. */
  cli_run (&layout, "lockers", "bank", "show", "Hall", "--db", f->db, "--layout");
  g_assert_cmpint (layout.status, ==, 0);
  g_assert_true (g_file_set_contents (exported, layout.out, -1, NULL));
  cli_run (&edit, "lockers", "bank", "edit", "Hall", "--db", f->db, "--layout", exported,
           "--expiry-hours", "24");
  g_assert_cmpint (edit.status, ==, 0);

  cli_run (&status, "lockers", "status", "Hall", "--db", f->db, "--json");
  counts = cli_json_of (&status);
  g_assert_cmpint (
    json_object_get_int_member (
      json_object_get_object_member (json_node_get_object (counts), "counts"), "available"),
    ==, 6);

  cli_run (&text, "lockers", "map", "Annex", "--db", f->db);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "A\nA\nA\nA\n"));
}

static void
test_bank_errors (CliFixture *f, gconstpointer data)
{
  g_autofree char *bad =
    cli_write_file (f, "bad.json", "{\"columns\": [{\"doors\": [\"S\", \"XXL\"]}]}");
  g_autofree char *bad_csv = cli_write_file (f, "bad.csv", "column,size\n1,S\n1,Q\n");
  g_autofree char *good = cli_write_file (f, "good.json", layout_json);
  g_auto (CliRun) r1 = { 0 };
  g_auto (CliRun) r2 = { 0 };
  g_auto (CliRun) r3 = { 0 };
  g_auto (CliRun) r4 = { 0 };
  g_auto (CliRun) r5 = { 0 };
  g_auto (CliRun) r6 = { 0 };
  g_auto (CliRun) r7 = { 0 };

  cli_run (&r1, "lockers", "bank", "create", "Bad", "--db", f->db, "--layout", bad);
  cli_assert_fails (&r1, 2, "Column 1, door 2");
  g_assert_nonnull (strstr (r1.err, "bad.json"));
  cli_run (&r2, "lockers", "bank", "create", "Bad", "--db", f->db, "--layout", bad_csv);
  cli_assert_fails (&r2, 2, "Line 3");
  cli_run (&r3, "lockers", "bank", "create", "NoLayout", "--db", f->db);
  cli_assert_fails (&r3, 1, "--layout");
  cli_run (&r4, "lockers", "bank", "create", "Bad", "--db", f->db, "--layout", good, "--pickup",
           "sometimes");
  cli_assert_fails (&r4, 2, "pickup mode");
  cli_run (&r5, "lockers", "bank", "frobnicate", "--db", f->db);
  cli_assert_fails (&r5, 1, "frobnicate");
  cli_run (&r6, "lockers", "status", "Nowhere", "--db", f->db);
  cli_assert_fails (&r6, 2, "Nowhere");
  cli_run (&r7, "lockers", "bank", "create", "Bad", "--db", f->db, "--layout", good,
           "--contactless", "--no-contactless");
  cli_assert_fails (&r7, 1, "Contradictory");
}

static void
test_dropoff_pickup (CliFixture *f, gconstpointer data)
{
  g_autofree char *json = cli_write_file (f, "bank.json", layout_json);
  g_autofree char *qr = g_build_filename (f->dir, "code.svg", NULL);
  g_autofree char *png = g_build_filename (f->dir, "code.png", NULL);
  g_autofree char *ann = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *svg = NULL;
  g_auto (CliRun) create = { 0 };
  g_auto (CliRun) drop = { 0 };
  g_auto (CliRun) drop2 = { 0 };
  g_auto (CliRun) wrong = { 0 };
  g_auto (CliRun) pick = { 0 };
  g_auto (CliRun) door = { 0 };
  g_autoptr (JsonNode) dropped = NULL;
  g_autoptr (JsonNode) picked = NULL;
  const char *code;

  cli_run (&create, "lockers", "bank", "create", "Hall", "--db", f->db, "--layout", json);
  g_assert_cmpint (create.status, ==, 0);
  ann = add_contact (f, "Ann", "P-1", FALSE);
  p1 = receive (f, ann, "S");
  p2 = receive (f, ann, "XL");

  cli_run (&drop, "lockers", "dropoff", p1, "--db", f->db, "--qr", qr, "--json");
  dropped = cli_json_of (&drop);
  code = json_object_get_string_member (json_node_get_object (dropped), "code");
  g_assert_cmpuint (strlen (code), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (dropped), "reason"), ==,
                   "free");
  /* The smallest door that fits an S: door 1 or 2. */
  g_assert_true (
    g_strcmp0 (json_object_get_string_member (json_node_get_object (dropped), "locker_number"),
               "1") == 0);
  g_assert_true (g_file_get_contents (qr, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_null (strstr (svg, code));

  cli_run (&drop2, "lockers", "dropoff", p2, "--db", f->db, "--qr", png);
  g_assert_cmpint (drop2.status, ==, 0);
  g_assert_nonnull (strstr (drop2.out, "Pickup code: "));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  cli_run (&door, "lockers", "door", "1", "--db", f->db);
  g_assert_cmpint (door.status, ==, 0);
  g_assert_nonnull (strstr (door.out, "Occupied"));
  g_assert_nonnull (strstr (door.out, p1));

  cli_run (&wrong, "lockers", "pickup", "--db", f->db, "--code", "1234");
  cli_assert_fails (&wrong, 2, "Wrong code");

  cli_run (&pick, "lockers", "pickup", "--db", f->db, "--code", code, "--json");
  picked = cli_json_of (&pick);
  g_assert_cmpuint (
    json_array_get_length (json_object_get_array_member (json_node_get_object (picked), "opened")),
    ==, 2);
}

static void
test_no_locker_message (CliFixture *f, gconstpointer data)
{
  g_autofree char *json = cli_write_file (f, "high.json",
                                          "{\"base_cm\": 20, \"columns\": [{\"doors\": "
                                          "[\"S\", \"S\", \"S\"]}]}");
  g_autofree char *wendy = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_auto (CliRun) create = { 0 };
  g_auto (CliRun) r1 = { 0 };
  g_auto (CliRun) r2 = { 0 };
  g_auto (CliRun) oos = { 0 };
  g_auto (CliRun) status = { 0 };

  /* Doors at 20..35 (out of reach), 35..50 (out: bottom < 38), 50..65. */
  cli_run (&create, "lockers", "bank", "create", "Low", "--db", f->db, "--layout", json,
           "--no-add-to-existing");
  g_assert_cmpint (create.status, ==, 0);
  wendy = add_contact (f, "Wendy", "P-2", TRUE);
  p1 = receive (f, wendy, "S");
  p2 = receive (f, wendy, "S");
  cli_run (&r1, "lockers", "dropoff", p1, "--db", f->db);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_nonnull (strstr (r1.out, "Door 1 "));
  cli_run (&r2, "lockers", "dropoff", p2, "--db", f->db);
  cli_assert_fails (&r2, 2, "mailroom-cli: " NO_LOCKER ". ");
  g_assert_nonnull (strstr (r2.err, "between 38 cm and 122 cm"));

  cli_run (&oos, "lockers", "out-of-service", "3", "--db", f->db);
  g_assert_cmpint (oos.status, ==, 0);
  cli_run (&status, "lockers", "map", "--db", f->db);
  g_assert_nonnull (strstr (status.out, "O\nA\nX\n"));
}

static void
test_reserve_expire (CliFixture *f, gconstpointer data)
{
  g_autofree char *json = cli_write_file (f, "bank.json", layout_json);
  g_autofree char *ann = NULL;
  g_autofree char *rid = NULL;
  g_auto (CliRun) create = { 0 };
  g_auto (CliRun) reserve = { 0 };
  g_auto (CliRun) extend = { 0 };
  g_auto (CliRun) release = { 0 };
  g_auto (CliRun) expire = { 0 };
  g_auto (CliRun) fixed = { 0 };
  g_autoptr (JsonNode) res = NULL;
  g_autoptr (JsonNode) exp = NULL;

  cli_run (&create, "lockers", "bank", "create", "Hall", "--db", f->db, "--layout", json,
           "--storage", "flexible", "--storage-hours", "2", "--storage-max-hours", "5");
  g_assert_cmpint (create.status, ==, 0);
  ann = add_contact (f, "Ann", "P-3", FALSE);

  cli_run (&reserve, "lockers", "reserve", "--db", f->db, "--kind", "personal_storage", "--contact",
           "P-3", "--size", "M", "--json");
  res = cli_json_of (&reserve);
  rid = g_strdup (json_object_get_string_member (json_node_get_object (res), "id"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (res), "state"), ==,
                   "active");
  cli_run (&extend, "lockers", "extend", rid, "--db", f->db, "--hours", "4");
  cli_assert_fails (&extend, 2, "at most 5 hours");
  cli_run (&fixed, "lockers", "extend", rid, "--db", f->db);
  cli_assert_fails (&fixed, 1, "--hours");
  cli_run (&release, "lockers", "release", rid, "--db", f->db);
  g_assert_cmpint (release.status, ==, 0);

  cli_run (&expire, "lockers", "expire", "--db", f->db, "--json");
  exp = cli_json_of (&expire);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (exp), "expired"), ==, 0);
}

/* French, when po/fr.po has it: gettext itself tells. */
static gboolean
french_available (const char *msgid)
{
  const char *dir = g_getenv ("MAILROOM_LOCALEDIR");
  const char *translated;

  g_setenv ("LANGUAGE", "fr", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir ? dir : BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  translated = g_dgettext (GETTEXT_PACKAGE, msgid);
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "");
  return g_strcmp0 (translated, msgid) != 0;
}

static void
test_french (CliFixture *f, gconstpointer data)
{
  const char *env[] = { "LANGUAGE=fr", "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", NULL };
  g_autofree char *json = cli_write_file (f, "one.json", "{\"columns\": [{\"doors\": [\"S\"]}]}");
  g_autofree char *french = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *bob = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_auto (CliRun) create = { 0 };
  g_auto (CliRun) r1 = { 0 };
  g_auto (CliRun) r2 = { 0 };

  if (!french_available (NO_LOCKER))
    {
      g_test_skip ("po/fr.po has no French for the locker messages yet");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  setlocale (LC_ALL, "");
  french = g_strdup (g_dgettext (GETTEXT_PACKAGE, NO_LOCKER));
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "");

  cli_run (&create, "lockers", "bank", "create", "Un", "--db", f->db, "--layout", json);
  g_assert_cmpint (create.status, ==, 0);
  ann = add_contact (f, "Ann", "P-4", FALSE);
  bob = add_contact (f, "Bob", "P-5", FALSE);
  p1 = receive (f, ann, "S");
  p2 = receive (f, bob, "S");
  cli_run (&r1, "lockers", "dropoff", p1, "--db", f->db);
  g_assert_cmpint (r1.status, ==, 0);
  cli_run_env (&r2, env, "lockers", "dropoff", p2, "--db", f->db, NULL);
  cli_assert_fails (&r2, 2, french);
  g_assert_null (strstr (r2.err, NO_LOCKER));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, CliFixture, NULL, cli_fixture_setup, func, cli_fixture_teardown)
  ADD ("/lockers-cli/bank", test_bank_commands);
  ADD ("/lockers-cli/bank-errors", test_bank_errors);
  ADD ("/lockers-cli/dropoff-pickup", test_dropoff_pickup);
  ADD ("/lockers-cli/no-locker", test_no_locker_message);
  ADD ("/lockers-cli/reserve-expire", test_reserve_expire);
  ADD ("/lockers-cli/french", test_french);
  return g_test_run ();
}
