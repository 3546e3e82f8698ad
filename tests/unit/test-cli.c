/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "mr-contact-list.h"
#include "mr-store.h"
#include "mr-test-cli.h"

/* mailroom-cli as scripts use it: run as a program (its path comes from
 * meson in $MAILROOM_CLI), against a temporary database, reading its
 * exit status, its JSON and its messages. */

/* Asserts a usage or data error whose message (prefixed with the program
 * name) contains @needle. */
static void
assert_fails (CliRun *r, int status, const char *needle)
{
  cli_assert_fails (r, status, needle);
  /* "mailroom-cli: …", or "mailroom-cli : …" with a no-break space in French */
  g_assert_true (g_str_has_prefix (r->err, "mailroom-cli: ") ||
                 g_str_has_prefix (r->err, "mailroom-cli\u00a0: "));
}

static char *
add_contact (CliFixture *f, const char *first, const char *last, const char *personnel_id)
{
  g_auto (CliRun) r = { 0 };

  cli_run (&r, "contacts", "add", "--db", f->db, "--first-name", first, "--last-name", last,
           "--personnel-id", personnel_id, "--json");
  return cli_json_id (&r);
}

static void
test_contacts_crud (CliFixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  JsonObject *o;
  JsonArray *a;

  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "add", "--db", f->db, "--first-name", "Hélène", "--last-name",
             "Dupont", "--email", "helene.dupont@example.com", "--phone", "+33 1 23 45 67 89",
             "--personnel-id", "B-0001", "--employee-id", "E1", "--accessibility", "--notes",
             "Fauteuil");
    g_assert_cmpint (r.status, ==, 0);
    id = g_strstrip (g_strdup (r.out));
    g_assert_cmpuint (strlen (id), ==, 36);
  }
  id2 = add_contact (f, "Zoé", "Lefèvre", "B-0002");

  /* list --json: stable keys, name order */
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "--db", f->db, "contacts", "list", "--json");
    root = cli_json_of (&r);
    a = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (a), ==, 2);
    o = json_array_get_object_element (a, 0);
    g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (o, "first_name"), ==, "Hélène");
    g_assert_cmpstr (json_object_get_string_member (o, "email"), ==, "helene.dupont@example.com");
    g_assert_cmpstr (json_object_get_string_member (o, "personnel_id"), ==, "B-0001");
    g_assert_true (json_object_get_boolean_member (o, "needs_accessibility"));
    g_assert_true (json_object_has_member (o, "department"));
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "department")));
    o = json_array_get_object_element (a, 1);
    g_assert_cmpstr (json_object_get_string_member (o, "last_name"), ==, "Lefèvre");
  }
  /* human list: aligned columns with a header */
  {
    g_auto (CliRun) r = { 0 };
    g_auto (GStrv) lines = NULL;

    cli_run (&r, "contacts", "list", "--db", f->db);
    g_assert_cmpint (r.status, ==, 0);
    lines = g_strsplit (r.out, "\n", -1);
    g_assert_true (g_str_has_prefix (lines[0], "Name "));
    g_assert_true (g_str_has_prefix (lines[1], "Hélène Dupont  "));
    g_assert_true (g_str_has_prefix (lines[2], "Zoé Lefèvre    "));
    g_assert_cmpint (g_utf8_pointer_to_offset (lines[1], strstr (lines[1], "helene")), ==,
                     g_utf8_pointer_to_offset (lines[0], strstr (lines[0], "Email")));
  }
  /* search, accent-insensitive, and --limit */
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "contacts", "search", "zoe lef", "--db", f->db, "--json");
    root = cli_json_of (&r);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "contacts", "list", "--limit", "1", "--db", f->db, "--json");
    root = cli_json_of (&r);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  }

  /* edit by Personnel ID: empty clears, --no-accessibility */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "edit", "B-0001", "--db", f->db, "--email", "", "--no-accessibility",
             "--phone", "+44 20 7946 0000");
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "contacts", "show", "B-0001", "--db", f->db, "--json");
    root = cli_json_of (&r);
    o = json_node_get_object (root);
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "email")));
    g_assert_cmpstr (json_object_get_string_member (o, "phone"), ==, "+44 20 7946 0000");
    g_assert_false (json_object_get_boolean_member (o, "needs_accessibility"));
    a = json_object_get_array_member (o, "history");
    g_assert_cmpuint (json_array_get_length (a), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (a, 0), "name"),
                     ==, "contact.set");
  }
  /* an edit that changes nothing is a usage error */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "edit", "B-0001", "--db", f->db);
    assert_fails (&r, 1, "Nothing to change");
  }

  /* delete, then restore */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "delete", id2, "--db", f->db);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "show", "B-0002", "--db", f->db);
    assert_fails (&r, 2, "B-0002");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "restore", id2, "--db", f->db);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "contacts", "list", "--db", f->db, "--json");
    root = cli_json_of (&r);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  }
}

static void
test_contacts_errors (CliFixture *f, gconstpointer data)
{
  g_free (add_contact (f, "Jean", "Martin", "B-7"));
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "add", "--db", f->db, "--first-name", "Jeanne", "--last-name", "Roux",
             "--personnel-id", "B-7");
    assert_fails (&r, 2, "Duplicate Personnel ID");
    g_assert_nonnull (strstr (r.err, "Jean Martin"));
    g_assert_cmpstr (r.out, ==, "");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "add", "--db", f->db, "--last-name", "Roux", "--email",
             "not-an-email");
    assert_fails (&r, 2, "not a valid email");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "add", "--db", f->db, "--last-name", "Roux", "--department",
             "Nowhere");
    assert_fails (&r, 2, "Nowhere");
  }
  /* usage errors: exit 1, usage on stderr */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "list", "--db", f->db, "--colour");
    assert_fails (&r, 1, "--colour");
    g_assert_nonnull (strstr (r.err, "mailroom-cli contacts list"));
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "show", "--db", f->db);
    assert_fails (&r, 1, "Missing argument");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "frobnicate", "--db", f->db);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "frobnicate"));
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "frobnicate");
    assert_fails (&r, 1, "frobnicate");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "list", "--limit", "many", "--db", f->db);
    assert_fails (&r, 1, NULL);
  }
  /* a database that cannot be opened is a data error */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "list", "--db", "/dev/null/mailroom.db");
    assert_fails (&r, 2, "/dev/null/mailroom.db");
  }
}

static void
test_help_and_version (CliFixture *f, gconstpointer data)
{
  const char *levels[][3] = {
    { "--help", NULL, NULL },      { "contacts", "--help", NULL }, { "contacts", "add", "--help" },
    { "places", "add", "--help" }, { "demo", "--help", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_auto (CliRun) r = { 0 };

      cli_run (&r, levels[i][0], levels[i][1], levels[i][2]);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_str_has_prefix (r.out, "Usage:"));
    }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "contacts", "add", "--help");
    g_assert_nonnull (strstr (r.out, "--personnel-id"));
    g_assert_nonnull (strstr (r.out, "--db"));
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "--version");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "mailroom-cli " PACKAGE_VERSION "\n");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "Usage:"));
  }
}

/* Without --db, $MAILROOM_DB names the database. */
static void
test_default_db (CliFixture *f, gconstpointer data)
{
  g_autofree char *env = g_strconcat ("MAILROOM_DB=", f->db, NULL);
  const char *envs[] = { env, NULL };
  g_auto (CliRun) r = { 0 };
  g_auto (CliRun) r2 = { 0 };
  g_autoptr (JsonNode) root = NULL;

  cli_run_env (&r, envs, "departments", "add", "Finance", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_test (f->db, G_FILE_TEST_EXISTS));
  cli_run (&r2, "departments", "list", "--json", "--db", f->db);
  root = cli_json_of (&r2);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
}

static void
test_departments (CliFixture *f, gconstpointer data)
{
  g_autofree char *alice = add_contact (f, "Alice", "Roux", "P-1");
  g_autofree char *bob = add_contact (f, "Bob", "Smith", "P-2");
  g_autofree char *dept = NULL;
  JsonObject *o;

  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "departments", "add", "Ressources humaines", "--key-contact", "P-1", "--db", f->db,
             "--json");
    dept = cli_json_id (&r);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "departments", "add", "ressources HUMAINES", "--db", f->db);
    assert_fails (&r, 2, "already exists");
  }
  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 };

    cli_run (&r1, "departments", "add-member", "Ressources humaines", "P-1", "--db", f->db);
    cli_run (&r2, "departments", "add-member", dept, bob, "--db", f->db);
    g_assert_cmpint (r1.status, ==, 0);
    g_assert_cmpint (r2.status, ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "departments", "show", "ressources humaines", "--db", f->db, "--json");
    root = cli_json_of (&r);
    o = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (o, "key_contact"), ==, "Alice Roux");
    g_assert_cmpint (json_object_get_int_member (o, "member_count"), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "members")), ==, 2);
  }
  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r1, "departments", "set-key-contact", dept, "P-2", "--db", f->db);
    g_assert_cmpint (r1.status, ==, 0);
    cli_run (&r2, "departments", "remove-member", dept, "P-2", "--db", f->db);
    g_assert_cmpint (r2.status, ==, 0);
    cli_run (&r3, "departments", "list", "--db", f->db, "--json");
    root = cli_json_of (&r3);
    o = json_array_get_object_element (json_node_get_array (root), 0);
    /* a key contact who leaves stops being key contact */
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "key_contact")));
    g_assert_cmpint (json_object_get_int_member (o, "member_count"), ==, 1);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "departments", "set-key-contact", dept, "none", "--db", f->db);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r1, "departments", "rename", dept, "RH", "--db", f->db);
    g_assert_cmpint (r1.status, ==, 0);
    cli_run (&r2, "contacts", "show", alice, "--db", f->db, "--json");
    root = cli_json_of (&r2);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "department"), ==,
                     "RH");
  }
  /* delete detaches the members; restore brings them back */
  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r1, "departments", "delete", "RH", "--db", f->db);
    g_assert_cmpint (r1.status, ==, 0);
    cli_run (&r2, "departments", "show", "RH", "--db", f->db);
    assert_fails (&r2, 2, "RH");
    cli_run (&r3, "departments", "restore", dept, "--db", f->db);
    g_assert_cmpint (r3.status, ==, 0);
    cli_run (&r4, "departments", "show", "RH", "--db", f->db, "--json");
    root = cli_json_of (&r4);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "member_count"), ==,
                     1);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "departments", "add-member", "RH", "P-404", "--db", f->db);
    assert_fails (&r, 2, "P-404");
  }
}

static void
test_places (CliFixture *f, gconstpointer data)
{
  g_autofree char *floor = NULL;
  g_autofree char *stop = NULL;
  JsonArray *a;

  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 };

    cli_run (&r1, "places", "add", "--kind", "site", "HQ Paris", "--code", "PAR", "--db", f->db);
    g_assert_cmpint (r1.status, ==, 0);
    cli_run (&r2, "places", "add", "--kind", "building", "--parent", "PAR", "Bâtiment A", "--db",
             f->db);
    g_assert_cmpint (r2.status, ==, 0);
    cli_run (&r3, "places", "add", "--kind", "floor", "--parent", "hq paris › batiment a",
             "Étage 3", "--db", f->db, "--json");
    floor = cli_json_id (&r3);
    cli_run (&r4, "places", "add", "--kind", "mail-stop", "--parent", floor, "MS-A310", "--db",
             f->db, "--json");
    stop = cli_json_id (&r4);
  }
  {
    g_auto (CliRun) r = { 0 };

    /* a mail stop goes in a floor or a building, not a site */
    cli_run (&r, "places", "add", "--kind", "mail-stop", "--parent", "PAR", "MS-X", "--db", f->db);
    assert_fails (&r, 2, NULL);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "places", "add", "--kind", "castle", "Versailles", "--db", f->db);
    assert_fails (&r, 1, "castle");
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;

    cli_run (&r, "places", "list", "--db", f->db, "--json");
    root = cli_json_of (&r);
    a = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (a), ==, 4);
    o = json_array_get_object_element (a, 3);
    g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "mail_stop");
    g_assert_cmpstr (json_object_get_string_member (o, "path"), ==,
                     "HQ Paris › Bâtiment A › Étage 3 › MS-A310");
    g_assert_cmpint (json_object_get_int_member (o, "depth"), ==, 3);
  }
  {
    g_auto (CliRun) r = { 0 };
    g_auto (GStrv) lines = NULL;

    cli_run (&r, "places", "list", "--db", f->db);
    lines = g_strsplit (r.out, "\n", -1);
    g_assert_true (g_str_has_prefix (lines[1], "HQ Paris "));
    g_assert_true (g_str_has_prefix (lines[4], "      MS-A310 "));
    g_assert_nonnull (strstr (lines[4], "Mail stop"));
  }

  /* in use: refused, clearly; then free, deleted and restored */
  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 };

    cli_run (&r1, "contacts", "add", "--db", f->db, "--last-name", "Durand", "--place", "MS-A310",
             "--personnel-id", "D-1");
    g_assert_cmpint (r1.status, ==, 0);
    cli_run (&r2, "places", "delete", "MS-A310", "--db", f->db);
    assert_fails (&r2, 2, "still the place of 1 contact");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "places", "delete", "Étage 3", "--db", f->db);
    assert_fails (&r, 2, "still contains 1 place");
  }
  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r1, "places", "rename", "MS-A310", "MS-A311", "--db", f->db);
    g_assert_cmpint (r1.status, ==, 0);
    cli_run (&r2, "contacts", "list", "--place", "MS-A311", "--db", f->db, "--json");
    root = cli_json_of (&r2);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
    cli_run (&r3, "places", "delete", "PAR", "--db", f->db);
    assert_fails (&r3, 2, NULL);
  }
  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 }, r5 = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r1, "places", "delete", "MS-A311", "--db", f->db);
    g_assert_cmpint (r1.status, ==, 2);
    /* an empty value clears the contact's place, which frees it */
    cli_run (&r2, "contacts", "edit", "D-1", "--place", "", "--db", f->db);
    g_assert_cmpint (r2.status, ==, 0);
    cli_run (&r3, "places", "delete", "HQ Paris › Bâtiment A › Étage 3 › MS-A311", "--db", f->db);
    g_assert_cmpint (r3.status, ==, 0);
    g_assert_cmpstr (g_strstrip (r3.out), ==, stop);
    cli_run (&r4, "places", "restore", stop, "--db", f->db);
    g_assert_cmpint (r4.status, ==, 0);
    cli_run (&r5, "places", "list", "--db", f->db, "--json");
    root = cli_json_of (&r5);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 4);
  }
}

static void
test_org (CliFixture *f, gconstpointer data)
{
  g_autofree char *division = NULL;

  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 };

    cli_run (&r1, "org", "add", "--kind", "enterprise", "Groupe Méridien", "--db", f->db);
    g_assert_cmpint (r1.status, ==, 0);
    cli_run (&r2, "org", "add", "--kind", "division", "--parent", "groupe meridien", "Opérations",
             "--db", f->db, "--json");
    division = cli_json_id (&r2);
    cli_run (&r3, "org", "add", "--kind", "location", "--parent", "Opérations", "Lyon", "--db",
             f->db);
    g_assert_cmpint (r3.status, ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "org", "add", "--kind", "enterprise", "Other", "--db", f->db);
    assert_fails (&r, 2, "already an enterprise");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "org", "delete", "Opérations", "--db", f->db);
    assert_fails (&r, 2, "still contains 1");
  }
  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r1, "org", "delete", "Lyon", "--db", f->db);
    g_assert_cmpint (r1.status, ==, 0);
    cli_run (&r2, "org", "rename", division, "Operations France", "--db", f->db);
    g_assert_cmpint (r2.status, ==, 0);
    cli_run (&r3, "org", "delete", "Operations France", "--db", f->db);
    g_assert_cmpint (r3.status, ==, 0);
    cli_run (&r4, "org", "list", "--db", f->db, "--json");
    root = cli_json_of (&r4);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  }
  {
    g_auto (CliRun) r1 = { 0 }, r2 = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r1, "org", "restore", division, "--db", f->db);
    g_assert_cmpint (r1.status, ==, 0);
    cli_run (&r2, "org", "list", "--db", f->db, "--json");
    root = cli_json_of (&r2);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  }
}

static void
test_settings_journal_doctor (CliFixture *f, gconstpointer data)
{
  JsonObject *o;

  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "settings", "set", "contacts.require_employee_id", "true", "--db", f->db);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "settings", "get", "contacts.require_employee_id", "--db", f->db);
    g_assert_cmpstr (r.out, ==, "true\n");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "settings", "set", "contacts.require_employee_id", "sometimes", "--db", f->db);
    assert_fails (&r, 2, "“true” or “false”");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "settings", "get", "no.such.key", "--db", f->db);
    assert_fails (&r, 2, "no.such.key");
  }
  {
    g_auto (CliRun) r = { 0 };

    /* the setting now applies */
    cli_run (&r, "contacts", "add", "--last-name", "Roux", "--db", f->db);
    assert_fails (&r, 2, "employee ID is required");
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonArray *a;

    cli_run (&r, "settings", "list", "--db", f->db, "--json");
    root = cli_json_of (&r);
    a = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (a), >=, 2);
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonArray *a;

    cli_run (&r, "journal", "--db", f->db, "--json", "--limit", "1");
    root = cli_json_of (&r);
    a = json_node_get_array (root);
    /* the failed add is not in the journal: the contact needed an employee ID */
    g_assert_cmpuint (json_array_get_length (a), ==, 1);
    o = json_array_get_object_element (a, 0);
    g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "setting.set");
    g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (o, "args"), "value"), ==,
      "true");
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "doctor", "--db", f->db, "--json");
    root = cli_json_of (&r);
    o = json_node_get_object (root);
    g_assert_true (json_object_get_boolean_member (o, "integrity_ok"));
    g_assert_cmpstr (json_object_get_string_member (o, "journal_mode"), ==, "wal");
    g_assert_cmpint (json_object_get_int_member (o, "schema_version"), >=, 1);
    g_assert_cmpint (
      json_object_get_int_member (
        json_object_get_object_member (json_object_get_object_member (o, "tables"), "setting"),
        "rows"),
      ==, 1);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "doctor", "--db", f->db);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Integrity:"));
  }
}

/* A damaged file: doctor (and any command) refuses it with status 2. */
static void
test_doctor_damaged (CliFixture *f, gconstpointer data)
{
  g_auto (CliRun) r = { 0 };

  g_assert_true (g_file_set_contents (f->db, "this is not a database, just text", -1, NULL));
  cli_run (&r, "doctor", "--db", f->db);
  assert_fails (&r, 2, NULL);
}

static void
test_demo (CliFixture *f, gconstpointer data)
{
  g_auto (CliRun) r = { 0 };
  g_auto (CliRun) r2 = { 0 };
  g_auto (CliRun) r3 = { 0 };
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) list = NULL;

  cli_run (&r, "demo", "--db", f->db, "--contacts", "150", "--lockers", "40", "--packages", "60",
           "--seed", "3", "--json");
  root = cli_json_of (&r);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "contacts"), ==, 150);
  cli_run (&r2, "contacts", "list", "--db", f->db, "--json");
  list = cli_json_of (&r2);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 150);
  cli_run (&r3, "demo", "--db", f->db, "--contacts", "10");
  assert_fails (&r3, 2, "already holds data");
}

/* French: only when the translation exists, which the CLI test can tell
 * by asking gettext itself. */
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
  return g_strcmp0 (translated, msgid) != 0;
}

static void
test_french (CliFixture *f, gconstpointer data)
{
  const char *msgid = "Unknown setting “%s”. “mailroom-cli settings list” shows them all.";
  const char *env[] = { "LANGUAGE=fr", "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", NULL };
  g_auto (GStrv) parts = NULL;
  g_auto (CliRun) r = { 0 };
  g_auto (CliRun) help = { 0 };

  if (!french_available (msgid))
    {
      g_test_skip ("po/fr.po has no French for the command line's messages yet, so the French "
                   "output is not checked");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  /* The French text up to the setting's name. */
  parts = g_strsplit (g_dgettext (GETTEXT_PACKAGE, msgid), "%s", 2);
  g_setenv ("LANGUAGE", "en", TRUE);
  cli_run_env (&r, env, "settings", "get", "x.y", "--db", f->db, NULL);
  assert_fails (&r, 2, parts[0]);
  g_assert_nonnull (strstr (r.err, "x.y"));
  cli_run_env (&help, env, "contacts", "add", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_null (strstr (help.out, "Personnel ID (badge or card number, unique)"));
}

/* track identify: candidates as JSON, and an unknown number is no error. */
static void
test_track_identify (CliFixture *f, gconstpointer data)
{
  const char *env[] = { "MAILROOM_CARRIERS_DIR=" BUILD_CARRIERS_DIR, NULL };
  g_auto (CliRun) r = { 0 };
  g_auto (CliRun) text = { 0 };
  g_autoptr (JsonNode) root = NULL;
  JsonArray *numbers, *candidates;
  JsonObject *first;

  cli_run_env (&r, env, "track", "identify", "--json", "1z999aa1 0123456784", "NOPE", NULL);
  root = cli_json_of (&r);
  numbers = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (numbers), ==, 2);
  candidates =
    json_object_get_array_member (json_array_get_object_element (numbers, 0), "candidates");
  g_assert_cmpuint (json_array_get_length (candidates), >=, 1);
  first = json_array_get_object_element (candidates, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "type_id"), ==, "ups");
  g_assert_true (json_object_get_boolean_member (first, "verified"));
  g_assert_cmpstr (
    json_object_get_string_member (json_array_get_object_element (numbers, 0), "number"), ==,
    "1Z999AA10123456784");
  candidates =
    json_object_get_array_member (json_array_get_object_element (numbers, 1), "candidates");
  g_assert_cmpuint (json_array_get_length (candidates), ==, 0);

  cli_run_env (&text, env, "track", "identify", "NOPE", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "unknown carrier"));
}

static void
add_sniff_contact (MrStore *store, const char *first)
{
  g_autoptr (GVariantDict) d = g_variant_dict_new (NULL);
  g_autoptr (GError) error = NULL;

  g_variant_dict_insert (d, "first_name", "s", first);
  g_variant_dict_insert (d, "last_name", "s", "Sniff");
  g_assert_true (mr_store_apply (store, "contact.create", g_variant_dict_end (d), NULL, &error));
  g_assert_no_error (error);
}

/* A GTK file chooser showing the database's folder opens and closes each
 * file to sniff its type, which drops this process's SQLite locks. Another
 * process opening and closing the database then believes it is the last
 * one: the WAL must survive it, or our next commit goes to a deleted
 * file. */
static void
test_wal_survives_lost_locks (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mr-wal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "m.db", NULL);
  const char *suffixes[] = { "", "-wal", "-shm", "-search", "-search-wal", "-search-shm" };
  MrStore *store;
  int status;

  store = mr_store_open (path, NULL);
  g_assert_nonnull (store);
  add_sniff_contact (store, "Before");

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_autoptr (GFile) file = g_file_new_for_path (p);
      g_autoptr (GFileInfo) info =
        g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, 0, NULL, NULL);

      g_assert_nonnull (info);
    }

  /* Another process, alone as far as the locks tell it. */
  {
    const char *argv[] = { g_getenv ("MAILROOM_CLI"), "--db", path, "contacts", "list", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  add_sniff_contact (store, "After");

  /* What the app committed is what another process sees, while the app
   * still runs (and would survive it crashing now). */
  {
    const char *argv[] = { g_getenv ("MAILROOM_CLI"),
                           "--db",
                           path,
                           "contacts",
                           "list",
                           "--search",
                           "sniff",
                           "--json",
                           NULL };
    g_autofree char *out = NULL;
    g_autoptr (JsonParser) parser = json_parser_new ();

    g_assert_true (
      g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))),
                      ==, 2);
  }
  g_object_unref (store);

  store = mr_store_open (path, NULL);
  {
    g_autoptr (MrContactList) list = mr_contact_list_new (store);

    mr_contact_list_set_search (list, "sniff");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  }
  g_object_unref (store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);

      g_unlink (p);
    }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, CliFixture, NULL, cli_fixture_setup, func, cli_fixture_teardown)
  ADD ("/cli/contacts/crud", test_contacts_crud);
  ADD ("/cli/contacts/errors", test_contacts_errors);
  ADD ("/cli/help-and-version", test_help_and_version);
  ADD ("/cli/default-db", test_default_db);
  ADD ("/cli/departments", test_departments);
  ADD ("/cli/places", test_places);
  ADD ("/cli/org", test_org);
  ADD ("/cli/settings-journal-doctor", test_settings_journal_doctor);
  ADD ("/cli/doctor-damaged", test_doctor_damaged);
  ADD ("/cli/demo", test_demo);
  ADD ("/cli/french", test_french);
  ADD ("/cli/track-identify", test_track_identify);
#undef ADD

  g_test_add_func ("/cli/wal-survives-lost-locks", test_wal_survives_lost_locks);
  return g_test_run ();
}
