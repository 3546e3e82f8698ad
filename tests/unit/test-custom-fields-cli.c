/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "mr-custom-fields.h"
#include "mr-store.h"
#include "mr-test-cli.h"

/* mailroom-cli custom-fields … and the custom values of "packages
 * receive", "show" and "set-field", run as a program; what they wrote is
 * read back through the core. */

static char *
add_field (CliFixture *f, const char *first, ...)
{
  g_auto (CliRun) r = { 0 };
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (gpointer) "custom-fields");
  g_ptr_array_add (args, (gpointer) "set");
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, f->db);
  g_ptr_array_add (args, (gpointer) "--json");
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  /* cli_run_env takes a list; the arguments here are at most 12. */
  g_assert_cmpuint (args->len, <=, 13);
#define A(i) (i < args->len ? (const char *) args->pdata[i] : NULL)
  cli_run_env (&r, NULL, A (0), A (1), A (2), A (3), A (4), A (5), A (6), A (7), A (8), A (9),
               A (10), A (11), NULL);
#undef A
  return cli_json_id (&r);
}

static JsonArray *
list_fields (CliFixture *f, const char *screen, JsonNode **keep)
{
  g_auto (CliRun) r = { 0 };

  if (screen != NULL)
    cli_run (&r, "custom-fields", "list", "--db", f->db, "--screen", screen, "--json");
  else
    cli_run (&r, "custom-fields", "list", "--db", f->db, "--json");
  *keep = cli_json_of (&r);
  return json_node_get_array (*keep);
}

static void
test_fields (CliFixture *f, gconstpointer data)
{
  g_autofree char *cost = add_field (f, "--label", "Cost centre", NULL);
  g_autofree char *box =
    add_field (f, "--label", "Box", "--type", "choice", "--choices", "Small, Large", NULL);
  g_autofree char *fragile =
    add_field (f, "--label", "Fragile", "--type", "boolean", "--position", "5", NULL);
  g_autoptr (JsonNode) keep = NULL;
  JsonArray *a;
  JsonObject *o;

  a = list_fields (f, NULL, &keep);
  g_assert_cmpuint (json_array_get_length (a), ==, 3);
  o = json_array_get_object_element (a, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "label"), ==, "Box");
  g_assert_cmpint (json_object_get_int_member (o, "position"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "choices")), ==, 2);
  o = json_array_get_object_element (a, 2);
  g_assert_cmpint (json_object_get_int_member (o, "position"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "boolean");

  /* Visibility per screen; a field is found by label or position. */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "screen", "--db", f->db, "fragile", "receiving", "required");
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "screen", "--db", f->db, "1", "receiving", "hidden");
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "screen", "--db", f->db, "1", "kiosk", "hidden");
    cli_assert_fails (&r, 2, "not a screen");
  }
  g_clear_pointer (&keep, json_node_unref);
  a = list_fields (f, "receiving", &keep);
  g_assert_cmpuint (json_array_get_length (a), ==, 2);
  o = json_array_get_object_element (a, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "visibility"), ==, "required");

  /* Rules come from the core, with exit status 2. */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "set", "--db", f->db, "--label", "BOX");
    cli_assert_fails (&r, 2, "already exists");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "set", "--db", f->db, "--label", "X", "--type", "colour");
    cli_assert_fails (&r, 2, "not a type");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "set", "--db", f->db, "--id", "Nothing", "--label", "X");
    cli_assert_fails (&r, 2, "No custom field");
  }
  /* Rename by label; then delete. */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "set", "--db", f->db, "--id", "Cost centre", "--label",
             "Cost center", "--json");
    g_assert_cmpstr (cli_json_id (&r), ==, cost);
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "delete", "--db", f->db, "Cost center");
    g_assert_cmpint (r.status, ==, 0);
  }
  g_clear_pointer (&keep, json_node_unref);
  a = list_fields (f, NULL, &keep);
  g_assert_cmpuint (json_array_get_length (a), ==, 2);
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "list", "--db", f->db);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Fragile"));
    g_assert_nonnull (strstr (r.out, "Required"));
    g_assert_null (strstr (r.out, "Cost"));
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "list", "--db", f->db, "--screen", "lobby");
    cli_assert_fails (&r, 1, "not a screen");
  }
}

static void
test_package_values (CliFixture *f, gconstpointer data)
{
  g_autofree char *box =
    add_field (f, "--label", "Box", "--type", "choice", "--choices", "Small,Large", NULL);
  g_autofree char *fragile = add_field (f, "--label", "Fragile", "--type", "boolean", NULL);
  g_autofree char *pkg = NULL;

  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "custom-fields", "screen", "--db", f->db, "Fragile", "receiving", "required");
    g_assert_cmpint (r.status, ==, 0);
  }
  /* A value that does not fit receives nothing. */
  {
    g_auto (CliRun) r = { 0 };
    g_auto (CliRun) l = { 0 };

    cli_run (&r, "packages", "receive", "--db", f->db, "1Z999AA10123456784", "--field",
             "Box=medium");
    cli_assert_fails (&r, 2, "not one of the choices of “Box”");
    cli_run (&l, "packages", "list", "--db", f->db, "--history", "--json");
    g_assert_cmpint (l.status, ==, 0);
    g_assert_null (strstr (l.out, "1Z999AA10123456784"));
  }
  /* Received with a value; the required field left empty is a warning. */
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o, *custom;

    cli_run (&r, "packages", "receive", "--db", f->db, "1Z999AA10123456784", "--field", "box=large",
             "--json");
    root = cli_json_of (&r);
    o = json_node_get_object (root);
    pkg = g_strdup (json_object_get_string_member (o, "id"));
    custom = json_object_get_object_member (o, "custom_fields");
    g_assert_cmpstr (json_object_get_string_member (custom, "Box"), ==, "Large");
    g_assert_false (json_object_has_member (custom, "Fragile"));
    g_assert_nonnull (strstr (r.err, "Fragile"));
    g_assert_nonnull (strstr (r.out, "custom_field_required"));
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "set-field", "--db", f->db, "1Z999AA10123456784", "Fragile", "maybe");
    cli_assert_fails (&r, 2, "“Fragile” takes “true” or “false”");
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    cli_run (&r, "packages", "set-field", "--db", f->db, "1Z999AA10123456784", "Fragile", "yes",
             "--json");
    root = cli_json_of (&r);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "value"), ==,
                     "true");
  }
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "show", "--db", f->db, "1Z999AA10123456784");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Box:"));
    g_assert_nonnull (strstr (r.out, "Large"));
    g_assert_nonnull (strstr (r.out, "Fragile:"));
  }
  /* An empty value clears. */
  {
    g_auto (CliRun) r = { 0 };

    cli_run (&r, "packages", "set-field", "--db", f->db, "1Z999AA10123456784", "Box", "");
    g_assert_cmpint (r.status, ==, 0);
  }

  /* What the core reads back. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (MrStore) store = mr_store_open (f->db, &error);
    g_autoptr (GHashTable) values = NULL;

    g_assert_no_error (error);
    values = mr_store_get_custom_values (store, pkg);
    g_assert_cmpuint (g_hash_table_size (values), ==, 1);
    g_assert_cmpstr (g_hash_table_lookup (values, fragile), ==, "true");
    g_assert_null (g_hash_table_lookup (values, box));
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/custom-fields-cli/fields", CliFixture, NULL, cli_fixture_setup, test_fields,
              cli_fixture_teardown);
  g_test_add ("/custom-fields-cli/package-values", CliFixture, NULL, cli_fixture_setup,
              test_package_values, cli_fixture_teardown);
  return g_test_run ();
}
