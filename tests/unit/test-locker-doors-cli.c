/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "mr-lockers.h"
#include "mr-store.h"
#include "mr-test-cli.h"

/* mailroom-cli lockers open|empty|reopen|expired|remove-expired, and the
 * doors a pickup opens, as scripts use them: the doors are driven through
 * the simulated controller, and what it reported is in the door's
 * history. Packages are received through the core (receiving has no
 * command yet). */

#define HOUR_MS ((gint64) 3600 * 1000)

static const char *layout_json = "{\"base_cm\": 50, \"columns\": [{\"doors\": "
                                 "[\"S\", \"S\", \"M\", \"L\"]}]}";

static const char *
member (JsonNode *node, const char *key)
{
  return json_object_get_string_member (json_node_get_object (node), key);
}

static void
make_bank (CliFixture *f, const char *name, const char *controller)
{
  g_autofree char *layout = cli_write_file (f, "bank.json", layout_json);
  g_auto (CliRun) r = { 0 };

  if (controller != NULL)
    cli_run (&r, "lockers", "bank", "create", name, "--db", f->db, "--layout", layout,
             "--controller", controller, "--reopen-seconds", "120", "--expiry-hours", "1");
  else
    cli_run (&r, "lockers", "bank", "create", name, "--db", f->db, "--layout", layout);
  g_assert_cmpint (r.status, ==, 0);
}

static char *
add_contact (CliFixture *f, const char *first, const char *personnel_id)
{
  g_auto (CliRun) r = { 0 };
  g_autoptr (JsonNode) root = NULL;

  cli_run (&r, "contacts", "add", "--db", f->db, "--first-name", first, "--last-name", "Test",
           "--personnel-id", personnel_id, "--json");
  root = cli_json_of (&r);
  return g_strdup (member (root, "id"));
}

static MrStore *
open_store (CliFixture *f)
{
  g_autoptr (GError) error = NULL;
  MrStore *store = mr_store_open (f->db, &error);

  g_assert_no_error (error);
  return store;
}

/* A package for @recipient received at @at (0: now); its id, and its
 * internal ID (what people type) in @internal_id. */
static char *
receive (CliFixture *f, const char *recipient, gint64 at, char **internal_id)
{
  g_autoptr (MrStore) store = open_store (f);
  g_autoptr (GError) error = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  char *id = NULL;

  g_variant_dict_insert (&d, "recipient_id", "s", recipient);
  g_variant_dict_insert (&d, "size", "s", "S");
  if (at > 0)
    g_variant_dict_insert (&d, "at", "x", at);
  g_assert_true (mr_store_apply (store, "package.receive", g_variant_dict_end (&d), &id, &error));
  g_assert_no_error (error);
  if (internal_id != NULL)
    {
      g_autoptr (GPtrArray) history = mr_store_list_history (store, id, 1);
      g_autoptr (JsonParser) parser = json_parser_new ();
      const char *args;

      g_assert_cmpuint (history->len, ==, 1);
      g_assert_true (g_variant_lookup (g_ptr_array_index (history, 0), "args", "&s", &args));
      g_assert_true (json_parser_load_from_data (parser, args, -1, NULL));
      *internal_id = g_strdup (json_object_get_string_member (
        json_node_get_object (json_parser_get_root (parser)), "internal_id"));
    }
  return id;
}

/* The kinds of the events of door @number of @bank, oldest first. */
static char *
door_events (CliFixture *f, const char *bank, const char *number)
{
  g_autoptr (MrStore) store = open_store (f);
  g_autoptr (MrLockerBank) b = mr_store_find_locker_bank (store, bank);
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) events = NULL;
  GString *s = g_string_new (NULL);

  g_assert_nonnull (b);
  id = mr_store_find_locker_door (store, b->id, number);
  g_assert_nonnull (id);
  events = mr_store_list_locker_events (store, id, 0);
  for (guint i = events->len; i-- > 0;)
    g_string_append_printf (s, "%s%s", s->len ? "," : "",
                            ((MrLockerEvent *) g_ptr_array_index (events, i))->kind);
  return g_string_free (s, FALSE);
}

static void
test_open (CliFixture *f, gconstpointer data)
{
  g_auto (CliRun) open1 = { 0 };
  g_auto (CliRun) open2 = { 0 };
  g_auto (CliRun) jam = { 0 };
  g_auto (CliRun) bare = { 0 };
  g_auto (CliRun) none = { 0 };
  g_auto (CliRun) twice = { 0 };
  g_auto (CliRun) unknown = { 0 };
  g_auto (CliRun) help = { 0 };
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) jammed = NULL;
  g_autofree char *events = NULL;

  make_bank (f, "Hall", "sim://hall");
  make_bank (f, "Bare", NULL);

  cli_run (&open1, "lockers", "open", "--db", f->db, "--bank", "Hall", "--door", "1", "--reason",
           "Check the latch", "--json");
  root = cli_json_of (&open1);
  g_assert_cmpstr (member (root, "number"), ==, "1");
  g_assert_cmpstr (member (root, "door_state"), ==, "open");
  g_assert_cmpstr (member (root, "reason"), ==, "Check the latch");
  g_assert_true (json_object_get_null_member (json_node_get_object (root), "door_error"));
  events = door_events (f, "Hall", "1");
  g_assert_cmpstr (events, ==, "remote_open,door_open");
  g_clear_pointer (&events, g_free);

  /* The door as an argument, text output. */
  cli_run (&open2, "lockers", "open", "2", "--db", f->db, "--bank", "Hall");
  g_assert_cmpint (open2.status, ==, 0);
  g_assert_nonnull (strstr (open2.out, "Door 2: Open (simulated controller)."));

  /* A jam: reported, recorded, and the command fails. */
  cli_run (&jam, "lockers", "open", "--db", f->db, "--bank", "Hall", "--door", "3",
           "--simulate-jam", "--json");
  cli_assert_fails (&jam, 2, "jammed");
  {
    g_autoptr (JsonParser) parser = json_parser_new ();

    g_assert_true (json_parser_load_from_data (parser, jam.out, -1, NULL));
    jammed = json_node_copy (json_parser_get_root (parser));
  }
  g_assert_cmpstr (member (jammed, "door_state"), ==, "jammed");
  events = door_events (f, "Hall", "3");
  g_assert_cmpstr (events, ==, "remote_open,door_jammed");
  g_clear_pointer (&events, g_free);

  /* A bank without a controller address: refused, nothing recorded. */
  cli_run (&bare, "lockers", "open", "--db", f->db, "--bank", "Bare", "--door", "1");
  cli_assert_fails (&bare, 2, "no controller address");
  events = door_events (f, "Bare", "1");
  g_assert_cmpstr (events, ==, "");

  cli_run (&none, "lockers", "open", "--db", f->db, "--bank", "Hall");
  cli_assert_fails (&none, 1, "--door");
  cli_run (&twice, "lockers", "open", "1", "--db", f->db, "--bank", "Hall", "--door", "1");
  cli_assert_fails (&twice, 1, NULL);
  cli_run (&unknown, "lockers", "open", "--db", f->db, "--bank", "Hall", "--door", "99");
  cli_assert_fails (&unknown, 2, "no door “99”");
  cli_run (&help, "lockers", "open", "--help");
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "simulated controller"));
}

static void
test_pickup_reopen_empty (CliFixture *f, gconstpointer data)
{
  g_autofree char *ann = NULL;
  g_autofree char *bob = NULL;
  g_autofree char *i1 = NULL;
  g_autofree char *i2 = NULL;
  g_autofree char *i3 = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *p3 = NULL;
  g_autofree char *code1 = NULL;
  g_autofree char *door1 = NULL;
  g_autofree char *events = NULL;
  g_auto (CliRun) drop1 = { 0 };
  g_auto (CliRun) drop2 = { 0 };
  g_auto (CliRun) drop3 = { 0 };
  g_auto (CliRun) pick1 = { 0 };
  g_auto (CliRun) pick2 = { 0 };
  g_auto (CliRun) reopen = { 0 };
  g_auto (CliRun) wrong = { 0 };
  g_auto (CliRun) unused = { 0 };
  g_auto (CliRun) empty = { 0 };
  g_auto (CliRun) again = { 0 };
  g_auto (CliRun) bad_place = { 0 };
  g_autoptr (JsonNode) dropped = NULL;
  g_autoptr (JsonNode) picked = NULL;
  g_autoptr (JsonNode) reopened = NULL;
  g_autoptr (JsonNode) emptied = NULL;
  JsonObject *opened;

  make_bank (f, "Hall", "sim://hall");
  ann = add_contact (f, "Ann", "P-1");
  bob = add_contact (f, "Bob", "P-2");
  p1 = receive (f, ann, 0, &i1);
  p2 = receive (f, bob, 0, &i2);
  p3 = receive (f, bob, 0, &i3);

  /* Pickup opens the door through the controller. */
  cli_run (&drop1, "lockers", "dropoff", i1, "--db", f->db, "--json");
  dropped = cli_json_of (&drop1);
  code1 = g_strdup (member (dropped, "code"));
  door1 = g_strdup (member (dropped, "locker_number"));
  cli_run (&pick1, "lockers", "pickup", "--db", f->db, "--code", code1, "--json");
  picked = cli_json_of (&pick1);
  opened = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (picked), "opened"), 0);
  g_assert_cmpstr (json_object_get_string_member (opened, "number"), ==, door1);
  g_assert_cmpstr (json_object_get_string_member (opened, "door_state"), ==, "open");
  events = door_events (f, "Hall", door1);
  g_assert_true (g_str_has_suffix (events, "opened,door_open"));
  g_clear_pointer (&events, g_free);

  /* Reopen with the code, within the bank's two minutes. */
  cli_run (&reopen, "lockers", "reopen", "--db", f->db, "--door", door1, "--code", code1, "--json");
  reopened = cli_json_of (&reopen);
  g_assert_cmpstr (member (reopened, "door_state"), ==, "open");
  events = door_events (f, "Hall", door1);
  g_assert_true (g_str_has_suffix (events, "opened,door_open,reopened,door_open"));
  g_clear_pointer (&events, g_free);

  cli_run (&drop2, "lockers", "dropoff", i2, "--db", f->db);
  g_assert_cmpint (drop2.status, ==, 0);
  {
    const char *start = strstr (drop2.out, "Pickup code: ");
    g_autofree char *code2 = NULL;

    g_assert_nonnull (start);
    code2 = g_strndup (start + strlen ("Pickup code: "), 8);
    cli_run (&pick2, "lockers", "pickup", "--db", f->db, "--code", code2);
  }
  g_assert_cmpint (pick2.status, ==, 0);
  g_assert_nonnull (strstr (pick2.out, ": Open (simulated controller)."));

  /* Door 1 took Bob's package since, and he collected it: Ann's code no
   * longer reopens it. */
  {
    g_autofree char *line = g_strdup_printf ("Door %s opened: 1 package.", door1);

    g_assert_nonnull (strstr (pick2.out, line));
  }
  cli_run (&wrong, "lockers", "reopen", "--db", f->db, "--door", door1, "--code", code1);
  cli_assert_fails (&wrong, 2, "Wrong code");
  cli_run (&unused, "lockers", "reopen", "--db", f->db, "--door", "4");
  cli_assert_fails (&unused, 2, "nothing to reopen");

  /* Empty a door: the package leaves, the door is free; twice is refused. */
  cli_run (&drop3, "lockers", "dropoff", i3, "--db", f->db, "--locker", "4");
  g_assert_cmpint (drop3.status, ==, 0);
  cli_run (&bad_place, "lockers", "empty", "--db", f->db, "--door", "4", "--to-place", "Nowhere");
  cli_assert_fails (&bad_place, 2, "Nowhere");
  cli_run (&empty, "lockers", "empty", "--db", f->db, "--door", "4", "--json");
  emptied = cli_json_of (&empty);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (emptied), "removed"), ==, 1);
  g_assert_cmpstr (member (emptied, "number"), ==, "4");
  events = door_events (f, "Hall", "4");
  g_assert_true (g_str_has_suffix (events, "removed,emptied"));
  cli_run (&again, "lockers", "empty", "--db", f->db, "--door", "4");
  cli_assert_fails (&again, 2, "already empty");
  {
    g_autoptr (MrStore) store = open_store (f);
    g_autoptr (MrLockerBank) bank = mr_store_find_locker_bank (store, "Hall");
    g_autofree char *id = mr_store_find_locker_door (store, bank->id, "4");
    g_autoptr (MrLockerDoorInfo) info = mr_store_get_locker_door (store, id);

    g_assert_nonnull (info);
    g_assert_cmpint (info->door.status, ==, MR_LOCKER_AVAILABLE);
  }
}

static void
test_expired (CliFixture *f, gconstpointer data)
{
  g_autofree char *ann = NULL;
  g_autofree char *i1 = NULL;
  g_autofree char *i2 = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_auto (CliRun) none = { 0 };
  g_auto (CliRun) list = { 0 };
  g_auto (CliRun) json = { 0 };
  g_auto (CliRun) removed = { 0 };
  g_auto (CliRun) after = { 0 };
  g_auto (CliRun) again = { 0 };
  g_autoptr (JsonNode) doors = NULL;
  g_autoptr (JsonNode) done = NULL;
  JsonObject *door;
  gint64 t = g_get_real_time () / 1000 - 3 * HOUR_MS;

  make_bank (f, "Hall", "sim://hall");
  cli_run (&none, "lockers", "expired", "--db", f->db);
  g_assert_cmpint (none.status, ==, 0);
  g_assert_nonnull (strstr (none.out, "nothing to take out"));

  /* Two of Ann's packages put in door 2 two hours ago; the bank keeps
   * them one hour. */
  ann = add_contact (f, "Ann", "P-1");
  p1 = receive (f, ann, t, &i1);
  p2 = receive (f, ann, t, &i2);
  {
    g_autoptr (MrStore) store = open_store (f);
    g_autoptr (MrLockerBank) bank = mr_store_find_locker_bank (store, "Hall");
    g_autofree char *door2 = mr_store_find_locker_door (store, bank->id, "2");
    g_autoptr (GError) error = NULL;
    guint n = 0;

    for (guint i = 0; i < 2; i++)
      {
        g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

        g_variant_dict_insert (&d, "package_id", "s", i == 0 ? p1 : p2);
        g_variant_dict_insert (&d, "locker_id", "s", door2);
        g_variant_dict_insert (&d, "at", "x", t + HOUR_MS);
        g_assert_true (
          mr_store_apply (store, "locker.dropoff", g_variant_dict_end (&d), NULL, &error));
        g_assert_no_error (error);
      }
    g_assert_true (mr_locker_expire_due (store, &n, &error));
    g_assert_cmpuint (n, ==, 2);
  }

  cli_run (&list, "lockers", "expired", "--db", f->db, "--bank", "Hall");
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, i1));
  g_assert_nonnull (strstr (list.out, i2));
  g_assert_nonnull (strstr (list.out, "Ann Test"));
  g_assert_nonnull (strstr (list.out, "Doors to open: 1. Packages to take out: 2."));

  cli_run (&json, "lockers", "expired", "--db", f->db, "--json");
  doors = cli_json_of (&json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (doors)), ==, 1);
  door = json_array_get_object_element (json_node_get_array (doors), 0);
  g_assert_cmpstr (json_object_get_string_member (door, "number"), ==, "2");
  g_assert_cmpstr (json_object_get_string_member (door, "bank"), ==, "Hall");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (door, "packages")), ==, 2);
  g_assert_cmpint (json_object_get_int_member (door, "expired_at"), >, t);

  cli_run (&removed, "lockers", "remove-expired", "--db", f->db, "--bank", "Hall", "--json");
  done = cli_json_of (&removed);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (done), "removed"), ==, 2);
  cli_run (&after, "lockers", "expired", "--db", f->db);
  g_assert_nonnull (strstr (after.out, "nothing to take out"));
  cli_run (&again, "lockers", "remove-expired", "--db", f->db);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "nothing to take out"));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, CliFixture, NULL, cli_fixture_setup, func, cli_fixture_teardown)
  ADD ("/locker-doors-cli/open", test_open);
  ADD ("/locker-doors-cli/pickup-reopen-empty", test_pickup_reopen_empty);
  ADD ("/locker-doors-cli/expired", test_expired);
#undef ADD

  return g_test_run ();
}
