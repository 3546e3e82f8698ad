/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "mr-store.h"
#include "mr-test-cli.h"

/* mailroom-cli packages … as scripts use it: run as a program (path from
 * $MAILROOM_CLI) against a temporary database. The first tests set
 * handover rules through the core; "packages handover-rule" and
 * "packages bag" are tested at the end (with mr-test-cli.h). */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mr-packages-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "test.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static void
run_argv (Run *r, const char *first_arg, ...)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  const char *cli = g_getenv ("MAILROOM_CLI");
  va_list ap;

  if (cli == NULL)
    g_error ("MAILROOM_CLI is not set: run this test through meson");
  g_subprocess_launcher_unsetenv (launcher, "MAILROOM_DB");
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
}

#define run(r, ...) run_argv ((r), __VA_ARGS__, NULL)

static JsonNode *
json_of (Run *r)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  if (r->status != 0)
    g_error ("mailroom-cli failed (%d): %s", r->status, r->err);
  json_parser_load_from_data (parser, r->out, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_fails (Run *r, int status, const char *needle)
{
  if (r->status != status)
    g_error ("expected exit %d, got %d; stdout: %s; stderr: %s", status, r->status, r->out, r->err);
  if (needle != NULL && strstr (r->err, needle) == NULL)
    g_error ("“%s” not in stderr: %s", needle, r->err);
}

static char *
add_contact (Fixture *f, const char *first, const char *last, const char *personnel_id)
{
  g_auto (Run) r = { 0 };
  g_autoptr (JsonNode) root = NULL;

  run (&r, "contacts", "add", "--db", f->db, "--first-name", first, "--last-name", last,
       "--personnel-id", personnel_id, "--json");
  root = json_of (&r);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "id"));
}

/* receive: the carrier from the number, the internal ID, warnings */
static void
test_receive (Fixture *f, gconstpointer data)
{
  g_autofree char *ada = add_contact (f, "Ada", "Lovelace", "P100");
  g_auto (Run) r1 = { 0 };
  g_auto (Run) r2 = { 0 };
  g_auto (Run) r3 = { 0 };
  g_auto (Run) r4 = { 0 };
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (JsonNode) unknown = NULL;
  JsonObject *o;
  JsonArray *warnings;

  run (&r1, "packages", "receive", "--db", f->db, "1Z 999 AA1 01 2345 6784", "--recipient",
       "Ada Lovelace", "--size", "M", "--pieces", "2", "--json");
  first = json_of (&r1);
  o = json_node_get_object (first);
  g_assert_cmpstr (json_object_get_string_member (o, "tracking_number"), ==, "1Z999AA10123456784");
  g_assert_cmpstr (json_object_get_string_member (o, "carrier"), ==, "UPS");
  g_assert_cmpstr (json_object_get_string_member (o, "recipient_id"), ==, ada);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "received");
  g_assert_cmpint (json_object_get_int_member (o, "pieces"), ==, 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "internal_id"), "MR-"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "warnings")), ==, 0);

  /* The same number again: received, flagged, with a warning. */
  run (&r2, "packages", "receive", "--db", f->db, "1Z999AA10123456784", "--recipient", "P100",
       "--json");
  again = json_of (&r2);
  o = json_node_get_object (again);
  g_assert_cmpstr (json_object_get_string_member (o, "duplicate_of"), ==,
                   json_object_get_string_member (json_node_get_object (first), "id"));
  warnings = json_object_get_array_member (o, "warnings");
  g_assert_cmpstr (json_array_get_string_element (warnings, 0), ==, "duplicate");
  g_assert_nonnull (strstr (r2.err, "already received"));

  /* A number no rule knows: received as unknown carrier, never refused. */
  run (&r3, "packages", "receive", "--db", f->db, "NOT-A-NUMBER-42", "--json");
  unknown = json_of (&r3);
  o = json_node_get_object (unknown);
  g_assert_true (json_object_get_null_member (o, "carrier"));
  warnings = json_object_get_array_member (o, "warnings");
  g_assert_cmpstr (json_array_get_string_element (warnings, 0), ==, "unknown_carrier");
  g_assert_nonnull (strstr (r3.err, "unknown carrier"));

  /* Text output, a chosen carrier, and refusals. */
  run (&r4, "packages", "receive", "--db", f->db, "ABC", "--carrier", "fedex");
  g_assert_cmpint (r4.status, ==, 0);
  g_assert_nonnull (strstr (r4.out, "FedEx"));
  g_assert_nonnull (strstr (r4.out, "Internal ID:"));
  {
    g_auto (Run) bad = { 0 };

    run (&bad, "packages", "receive", "--db", f->db, "X1", "--recipient", "Nobody At All");
    assert_fails (&bad, 2, "Nobody At All");
  }
  {
    g_auto (Run) bad = { 0 };

    run (&bad, "packages", "receive", "--db", f->db, "X1", "--size", "XXL");
    assert_fails (&bad, 2, "size");
  }
  {
    g_auto (Run) bad = { 0 };

    run (&bad, "packages", "receive", "--db", f->db, "X1", "X2");
    assert_fails (&bad, 1, NULL);
  }
}

/* No tracking number: an internal ID and the advice to label it. */
static void
test_receive_unlabelled (Fixture *f, gconstpointer data)
{
  g_auto (Run) r = { 0 };
  g_auto (Run) show = { 0 };
  g_autoptr (JsonNode) root = NULL;
  const char *iid;

  run (&r, "packages", "receive", "--db", f->db, "--json");
  root = json_of (&r);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "needs_label"));
  iid = json_object_get_string_member (json_node_get_object (root), "internal_id");
  run (&show, "packages", "show", "--db", f->db, iid);
  g_assert_cmpint (show.status, ==, 0);
  g_assert_nonnull (strstr (show.out, iid));
}

static guint
json_length (Run *r)
{
  g_autoptr (JsonNode) root = json_of (r);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_get_length (json_node_get_array (root));
}

static char *
receive_json (Fixture *f, const char *tracking, const char *recipient, const char *key)
{
  g_auto (Run) r = { 0 };
  g_autoptr (JsonNode) root = NULL;

  if (recipient != NULL)
    run (&r, "packages", "receive", "--db", f->db, tracking, "--recipient", recipient, "--json");
  else
    run (&r, "packages", "receive", "--db", f->db, tracking, "--json");
  root = json_of (&r);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), key));
}

/* list: the three views and the filters */
static void
test_list (Fixture *f, gconstpointer data)
{
  g_autofree char *ada = add_contact (f, "Ada", "Lovelace", "P1");
  g_autofree char *bob = add_contact (f, "Bob", "Martin", "P2");
  g_autofree char *p1 = receive_json (f, "1Z999AA10123456784", "P1", "internal_id");
  g_autofree char *p2 = receive_json (f, "986832165410", "P2", "internal_id");
  g_autofree char *p3 = receive_json (f, "K1234567895", "P1", "internal_id");
  g_autofree char *tomorrow = NULL;

  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autoptr (GDateTime) next = g_date_time_add_days (now, 1);

    tomorrow = g_date_time_format (next, "%Y-%m-%d");
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "list", "--db", f->db, "--today", "--json");
    g_assert_cmpuint (json_length (&r), ==, 3);
  }
  {
    g_auto (Run) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonArray *a;

    run (&r, "packages", "list", "--db", f->db, "--history", "--carrier", "ups", "--json");
    root = json_of (&r);
    a = json_node_get_array (root);
    /* Both UPS numbers (1Z… and the waybill), newest first. */
    g_assert_cmpuint (json_array_get_length (a), ==, 2);
    g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (a, 0), "internal_id"), ==, p3);
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "list", "--db", f->db, "--history", "--recipient", "Ada Lovelace",
         "--json");
    g_assert_cmpuint (json_length (&r), ==, 2);
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "list", "--db", f->db, "--history", "--limit", "1", "--json");
    g_assert_cmpuint (json_length (&r), ==, 1);
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "list", "--db", f->db, "--history", "--from", tomorrow, "--json");
    g_assert_cmpuint (json_length (&r), ==, 0);
  }

  /* Handed over: out of the awaiting list, in the history. */
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "deliver", "--db", f->db, p2, "--to", "P2");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Bob Martin"));
  }
  {
    g_auto (Run) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonArray *a;

    run (&r, "packages", "list", "--db", f->db, "--awaiting", "--json");
    root = json_of (&r);
    a = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (a), ==, 2);
    /* Longest waiting first, with how long. */
    g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (a, 0), "internal_id"), ==, p1);
    g_assert_cmpint (
      json_object_get_int_member (json_array_get_object_element (a, 0), "waiting_ms"), >, 0);
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "list", "--db", f->db, "--history", "--status", "picked_up", "--json");
    g_assert_cmpuint (json_length (&r), ==, 1);
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "list", "--db", f->db, "--awaiting");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Waiting"));
    g_assert_nonnull (strstr (r.out, p1));
    g_assert_null (strstr (r.out, p2));
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "list", "--db", f->db, "--status", "lost");
    assert_fails (&r, 1, "lost");
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "list", "--db", f->db, "--today", "--awaiting");
    assert_fails (&r, 1, NULL);
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "list", "--db", f->db, "--from", "yesterday");
    assert_fails (&r, 1, "yesterday");
  }
  (void) ada;
  (void) bob;
}

static void
set_rule (Fixture *f, const char *contact, const char *handover)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = mr_store_open (f->db, &error);
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_assert_no_error (error);
  g_variant_dict_insert (&d, "contact_id", "s", contact);
  g_variant_dict_insert (&d, "handover", "s", handover);
  g_assert_true (mr_store_apply (store, "handover.set", g_variant_dict_end (&d), NULL, &error));
  g_assert_no_error (error);
}

/* deliver: who may take it, and the proof */
static void
test_deliver (Fixture *f, gconstpointer data)
{
  static const guint8 png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x60, 0x60, 0x60, 0xf8, 0x0f, 0x00, 0x01, 0x04, 0x01, 0x00, 0x5f, 0xe5,
    0xc3, 0x4b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  };
  g_autofree char *ada = add_contact (f, "Ada", "Lovelace", "P1");
  g_autofree char *eve = add_contact (f, "Eve", "Stranger", "P9");
  g_autofree char *sig = g_build_filename (f->dir, "signature.png", NULL);
  g_autofree char *txt = g_build_filename (f->dir, "signature.txt", NULL);
  g_autofree char *signed_pkg = NULL;
  g_autofree char *scanned_pkg = NULL;

  set_rule (f, ada, "signature");
  signed_pkg = receive_json (f, "1Z999AA10123456784", "P1", "internal_id");
  g_assert_true (g_file_set_contents (sig, (const char *) png, sizeof png, NULL));
  g_assert_true (g_file_set_contents (txt, "not a picture", -1, NULL));

  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "deliver", "--db", f->db, signed_pkg, "--to", "Eve Stranger");
    assert_fails (&r, 2, "Eve Stranger is neither the recipient");
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "deliver", "--db", f->db, signed_pkg, "--to", "P1");
    assert_fails (&r, 2, "signature");
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "deliver", "--db", f->db, signed_pkg, "--to", "P1", "--signature", txt);
    assert_fails (&r, 2, "PNG");
  }
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "deliver", "--db", f->db, signed_pkg);
    assert_fails (&r, 1, "--to");
  }
  {
    g_auto (Run) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;
    JsonArray *events;
    JsonObject *last;

    run (&r, "packages", "deliver", "--db", f->db, "1Z 999 AA1 0123456784", "--to", "P1",
         "--signature", sig, "--json");
    root = json_of (&r);
    o = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "picked_up");
    events = json_object_get_array_member (o, "events");
    last = json_array_get_object_element (events, json_array_get_length (events) - 1);
    g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "picked_up");
    g_assert_cmpstr (json_object_get_string_member (last, "handed_to_id"), ==, ada);
    g_assert_true (json_object_get_boolean_member (last, "signature"));
    g_assert_cmpstr (json_object_get_string_member (last, "previous_status"), ==, "received");
  }
  /* Not twice. */
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "deliver", "--db", f->db, signed_pkg, "--to", "P1", "--signature", sig);
    assert_fails (&r, 2, "already left the mailroom");
  }

  /* An ID scan, shown in the history. */
  set_rule (f, ada, "id_scan");
  scanned_pkg = receive_json (f, "K1234567895", "P1", "internal_id");
  {
    g_auto (Run) r = { 0 };

    run (&r, "packages", "deliver", "--db", f->db, scanned_pkg, "--to", "P1");
    assert_fails (&r, 2, "ID");
  }
  {
    g_auto (Run) r = { 0 };
    g_auto (Run) h = { 0 };

    run (&r, "packages", "deliver", "--db", f->db, scanned_pkg, "--to", "Ada Lovelace", "--id-scan",
         "IDFRA123456");
    g_assert_cmpint (r.status, ==, 0);
    run (&h, "packages", "history", "--db", f->db, scanned_pkg);
    g_assert_cmpint (h.status, ==, 0);
    g_assert_nonnull (strstr (h.out, "Picked up"));
    g_assert_nonnull (strstr (h.out, "IDFRA123456"));
    g_assert_nonnull (strstr (h.out, "Ada Lovelace"));
  }
  (void) eve;
}

/* show and history: the package and its chain of custody */
static void
test_show_history (Fixture *f, gconstpointer data)
{
  g_autofree char *ada = add_contact (f, "Ada", "Lovelace", "P1");
  g_autofree char *id = receive_json (f, "1Z999AA10123456784", "P1", "id");
  g_auto (Run) show = { 0 };
  g_auto (Run) text = { 0 };
  g_auto (Run) hist = { 0 };
  g_auto (Run) missing = { 0 };
  g_autoptr (JsonNode) root = NULL;
  JsonArray *events;
  JsonObject *first;

  run (&show, "packages", "show", "--db", f->db, id, "--json");
  root = json_of (&show);
  events = json_object_get_array_member (json_node_get_object (root), "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  first = json_array_get_object_element (events, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "received");
  g_assert_false (json_object_get_null_member (first, "workstation_id"));
  g_assert_cmpint (json_object_get_int_member (first, "at"), >, 0);

  run (&text, "packages", "show", "--db", f->db, "1z999aa10123456784");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Ada Lovelace"));
  g_assert_nonnull (strstr (text.out, "UPS"));
  g_assert_nonnull (strstr (text.out, "Received"));

  run (&hist, "packages", "history", "--db", f->db, id, "--json");
  root = json_of (&hist);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "id"), ==, id);

  run (&missing, "packages", "show", "--db", f->db, "MR-NOPE");
  assert_fails (&missing, 2, "MR-NOPE");
  (void) ada;
}


/* The tests of "packages bag" and "packages handover-rule": a demo
 * address book (places, contacts) and packages of our own. */

static char *
cli_object_string (CliRun *r, const char *member)
{
  g_autoptr (JsonNode) root = cli_json_of (r);

  return g_strdup (json_object_get_string_member (json_node_get_object (root), member));
}

static void
cli_demo (CliFixture *f)
{
  g_auto (CliRun) r = { 0 };

  cli_run (&r, "demo", "--db", f->db, "--contacts", "20", "--lockers", "0", "--packages", "0",
           "--seed", "1");
  g_assert_cmpint (r.status, ==, 0);
}

static char *
cli_add_person (CliFixture *f, const char *first, const char *last, const char *pid)
{
  g_auto (CliRun) r = { 0 };

  cli_run (&r, "contacts", "add", "--db", f->db, "--first-name", first, "--last-name", last,
           "--personnel-id", pid, "--json");
  return cli_object_string (&r, "id");
}

static char *
cli_receive (CliFixture *f, const char *tracking, const char *recipient)
{
  g_auto (CliRun) r = { 0 };

  cli_run (&r, "packages", "receive", "--db", f->db, tracking, "--recipient", recipient, "--json");
  return cli_object_string (&r, "internal_id");
}

static JsonObject *
object_of (JsonNode *root)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

/* The number of packages "packages list --history --bag" shows. */
static guint
cli_bag_count (CliFixture *f, const char *bag)
{
  g_auto (CliRun) r = { 0 };
  g_autoptr (JsonNode) root = NULL;

  cli_run (&r, "packages", "list", "--db", f->db, "--history", "--bag", bag, "--json");
  root = cli_json_of (&r);
  return json_array_get_length (json_node_get_array (root));
}

static void
test_bag (CliFixture *f, gconstpointer data)
{
  g_autofree char *ada = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *p3 = NULL;
  g_autofree char *p4 = NULL;
  g_autofree char *bag_id = NULL;

  cli_demo (f);
  ada = cli_add_person (f, "Ada", "Lovelace", "P1");
  p1 = cli_receive (f, "1Z999AA10123456784", "P1");
  p2 = cli_receive (f, "K1234567895", "P1");
  p3 = cli_receive (f, "986832165410", "P1");
  p4 = cli_receive (f, "NOT-A-NUMBER-7", "P1");

  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;

    cli_run (&r, "packages", "bag", "create", "--db", f->db, "Pouch 9", "--place", "MS-A010",
             "--json");
    root = cli_json_of (&r);
    o = object_of (root);
    g_assert_cmpstr (json_object_get_string_member (o, "label"), ==, "Pouch 9");
    g_assert_cmpstr (json_object_get_string_member (o, "place"), ==, "MS-A010");
    g_assert_true (json_object_get_boolean_member (o, "open"));
    g_assert_cmpint (json_object_get_int_member (o, "packages"), ==, 0);
    bag_id = g_strdup (json_object_get_string_member (o, "id"));
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autofree char *label = NULL;

    /* Without a label, one is made. */
    cli_run (&r, "packages", "bag", "create", "--db", f->db, "--json");
    label = cli_object_string (&r, "label");
    g_assert_true (g_str_has_prefix (label, "BAG-"));
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "create", "--db", f->db, "Pouch 9");
    cli_assert_fails (&r, 2, "Pouch 9");
  }

  /* Two packages in, by internal ID and by tracking number. */
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;

    cli_run (&r, "packages", "bag", "add", "--db", f->db, "pouch 9", p1, "K 1234567895", "--json");
    root = cli_json_of (&r);
    o = object_of (root);
    g_assert_cmpint (json_object_get_int_member (o, "packages"), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "package_list")), ==,
                      2);
  }
  g_assert_cmpuint (cli_bag_count (f, "Pouch 9"), ==, 2);

  /* All or nothing: p4 is fine, p3 has left the mailroom; neither goes in. */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "deliver", "--db", f->db, p3, "--to", "P1");
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "add", "--db", f->db, "Pouch 9", p4, p3);
    cli_assert_fails (&r, 2, p3);
  }
  g_assert_cmpuint (cli_bag_count (f, "Pouch 9"), ==, 2);
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "add", "--db", f->db, "Pouch 9", "MR-NOPE");
    cli_assert_fails (&r, 2, "MR-NOPE");
  }

  /* Moved with its packages: each at the new place, with a moved event. */
  {
    g_auto (CliRun) r = { 0 };
    g_auto (CliRun) h = { 0 };
    g_autoptr (JsonNode) root = NULL;
    g_autoptr (JsonNode) hist = NULL;
    JsonArray *packages;
    JsonArray *events;

    cli_run (&r, "packages", "bag", "move", "--db", f->db, "Pouch 9", "MS-A020", "--json");
    root = cli_json_of (&r);
    g_assert_cmpstr (json_object_get_string_member (object_of (root), "place"), ==, "MS-A020");
    packages = json_object_get_array_member (object_of (root), "package_list");
    for (guint i = 0; i < json_array_get_length (packages); i++)
      {
        JsonObject *p = json_array_get_object_element (packages, i);

        g_assert_cmpstr (json_object_get_string_member (p, "place"), ==, "MS-A020");
        g_assert_cmpstr (json_object_get_string_member (p, "status"), ==, "at_place");
      }
    cli_run (&h, "packages", "history", "--db", f->db, p1, "--json");
    hist = cli_json_of (&h);
    events = json_object_get_array_member (object_of (hist), "events");
    g_assert_cmpstr (
      json_object_get_string_member (
        json_array_get_object_element (events, json_array_get_length (events) - 1), "kind"),
      ==, "moved");
  }

  /* Closed: out of the default list, refuses packages; reopened. */
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "packages", "bag", "close", "--db", f->db, "Pouch 9", "--json");
    root = cli_json_of (&r);
    g_assert_false (json_object_get_boolean_member (object_of (root), "open"));
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "add", "--db", f->db, "Pouch 9", p4);
    cli_assert_fails (&r, 2, "closed");
  }
  {
    g_auto (CliRun) r = { 0 };
    g_auto (CliRun) all = { 0 };
    g_autoptr (JsonNode) open_bags = NULL;
    g_autoptr (JsonNode) all_bags = NULL;

    cli_run (&r, "packages", "bag", "list", "--db", f->db, "--json");
    open_bags = cli_json_of (&r);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (open_bags)), ==, 1);
    cli_run (&all, "packages", "bag", "list", "--db", f->db, "--all", "--json");
    all_bags = cli_json_of (&all);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (all_bags)), ==, 2);
  }
  {
    g_auto (CliRun) r = { 0 };
    g_auto (CliRun) rm = { 0 };

    cli_run (&r, "packages", "bag", "reopen", "--db", f->db, bag_id);
    g_assert_cmpint (r.status, ==, 0);
    cli_run (&rm, "packages", "bag", "remove", "--db", f->db, "Pouch 9", p2);
    g_assert_cmpint (rm.status, ==, 0);
    g_assert_nonnull (strstr (rm.out, "Pouch 9"));
  }
  g_assert_cmpuint (cli_bag_count (f, "Pouch 9"), ==, 1);

  /* Text output. */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "show", "--db", f->db, "Pouch 9");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Pouch 9"));
    g_assert_nonnull (strstr (r.out, p1));
    g_assert_null (strstr (r.out, p2));
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "list", "--db", f->db);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Pouch 9"));
  }

  /* Usage and data errors. */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "show", "--db", f->db, "No Such Bag");
    cli_assert_fails (&r, 2, "No Such Bag");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "--db", f->db);
    cli_assert_fails (&r, 1, NULL);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "fold", "--db", f->db);
    cli_assert_fails (&r, 1, "fold");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "add", "--db", f->db, "Pouch 9");
    cli_assert_fails (&r, 1, NULL);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "bag", "move", "--db", f->db, "Pouch 9", "Nowhere At All");
    cli_assert_fails (&r, 2, "Nowhere At All");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "list", "--db", f->db, "--bag", "No Such Bag");
    cli_assert_fails (&r, 2, "No Such Bag");
  }
  (void) ada;
}

static void
test_handover_rule (CliFixture *f, gconstpointer data)
{
  g_autofree char *ada = NULL;
  g_autofree char *bob = NULL;

  cli_demo (f);
  ada = cli_add_person (f, "Ada", "Lovelace", "P1");
  bob = cli_add_person (f, "Bob", "Martin", "P2");

  /* A person's rule: their next package needs a signature. */
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;

    cli_run (&r, "packages", "handover-rule", "set", "--db", f->db, "--contact", "Ada Lovelace",
             "signature", "--json");
    root = cli_json_of (&r);
    o = object_of (root);
    g_assert_cmpstr (json_object_get_string_member (o, "subject"), ==, "contact");
    g_assert_cmpstr (json_object_get_string_member (o, "subject_id"), ==, ada);
    g_assert_cmpstr (json_object_get_string_member (o, "rule"), ==, "signature");
    g_assert_cmpstr (json_object_get_string_member (o, "effective"), ==, "signature");
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "packages", "receive", "--db", f->db, "1Z999AA10123456784", "--recipient", "P1",
             "--json");
    root = cli_json_of (&r);
    g_assert_cmpstr (json_object_get_string_member (object_of (root), "handover"), ==, "signature");
  }

  /* A building's rule reaches the places in it. */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "handover-rule", "set", "--db", f->db, "--place",
             "HQ Paris › Bâtiment A", "id_scan");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Bâtiment A"));
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonArray *places;
    gboolean seen_building = FALSE, seen_child = FALSE, seen_other = FALSE;

    cli_run (&r, "packages", "handover-rule", "show", "--db", f->db, "--json");
    root = cli_json_of (&r);
    places = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (places), >, 3);
    for (guint i = 0; i < json_array_get_length (places); i++)
      {
        JsonObject *o = json_array_get_object_element (places, i);
        const char *name = json_object_get_string_member (o, "name");
        const char *effective = json_object_get_string_member (o, "effective");

        if (g_strcmp0 (name, "HQ Paris › Bâtiment A") == 0)
          {
            seen_building = TRUE;
            g_assert_cmpstr (json_object_get_string_member (o, "rule"), ==, "id_scan");
          }
        else if (g_str_has_prefix (name, "HQ Paris › Bâtiment A ›"))
          {
            seen_child = TRUE;
            g_assert_true (json_object_get_null_member (o, "rule"));
            g_assert_cmpstr (effective, ==, "id_scan");
          }
        else if (g_str_has_prefix (name, "HQ Paris › Bâtiment B"))
          {
            seen_other = TRUE;
            g_assert_cmpstr (effective, ==, "none");
          }
      }
    g_assert_true (seen_building && seen_child && seen_other);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "handover-rule", "show", "--db", f->db);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "  Bâtiment A"));
    g_assert_nonnull (strstr (r.out, "ID scan"));
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "packages", "handover-rule", "show", "--db", f->db, "--place", "MS-A010",
             "--json");
    root = cli_json_of (&r);
    g_assert_true (json_object_get_null_member (object_of (root), "rule"));
    g_assert_cmpstr (json_object_get_string_member (object_of (root), "effective"), ==, "id_scan");
  }

  /* inherit: no rule of its own again. */
  {
    g_auto (CliRun) r = { 0 };
    g_auto (CliRun) show = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "packages", "handover-rule", "set", "--db", f->db, "--place",
             "HQ Paris › Bâtiment A", "inherit");
    g_assert_cmpint (r.status, ==, 0);
    cli_run (&show, "packages", "handover-rule", "show", "--db", f->db, "--place", "MS-A010",
             "--json");
    root = cli_json_of (&show);
    g_assert_cmpstr (json_object_get_string_member (object_of (root), "effective"), ==, "none");
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "packages", "handover-rule", "show", "--db", f->db, "--contact", "P2", "--json");
    root = cli_json_of (&r);
    g_assert_true (json_object_get_null_member (object_of (root), "rule"));
    g_assert_cmpstr (json_object_get_string_member (object_of (root), "subject_id"), ==, bob);
  }

  /* Usage errors (1) and data errors (2). */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "handover-rule", "set", "--db", f->db, "--contact", "P1",
             "fingerprint");
    cli_assert_fails (&r, 1, "fingerprint");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "handover-rule", "set", "--db", f->db, "signature");
    cli_assert_fails (&r, 1, "--place");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "handover-rule", "set", "--db", f->db, "--place", "MS-A010",
             "--contact", "P1", "none");
    cli_assert_fails (&r, 1, NULL);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "handover-rule", "set", "--db", f->db, "--place", "Atlantis", "none");
    cli_assert_fails (&r, 2, "Atlantis");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "handover-rule", "set", "--db", f->db, "--contact", "Nobody At All",
             "none");
    cli_assert_fails (&r, 2, "Nobody At All");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "handover-rule", "explain", "--db", f->db);
    cli_assert_fails (&r, 1, "explain");
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/packages-cli/receive", test_receive);
  ADD ("/packages-cli/receive-unlabelled", test_receive_unlabelled);
  ADD ("/packages-cli/list", test_list);
  ADD ("/packages-cli/deliver", test_deliver);
  ADD ("/packages-cli/show-history", test_show_history);
#undef ADD
  g_test_add ("/packages-cli/bag", CliFixture, NULL, cli_fixture_setup, test_bag,
              cli_fixture_teardown);
  g_test_add ("/packages-cli/handover-rule", CliFixture, NULL, cli_fixture_setup,
              test_handover_rule, cli_fixture_teardown);
  return g_test_run ();
}
