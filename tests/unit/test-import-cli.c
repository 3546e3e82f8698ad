/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mailroom-cli's CSV commands as scripts use them: contacts|places|org
 * import (dry run with JSON, modes, mapping, exit codes), export (with a
 * search and filters), departments export and templates. The program's
 * path comes from meson in $MAILROOM_CLI; each test has its own temporary
 * database. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-test-cli.h"

/* Runs mailroom-cli with the NULL-terminated arguments, in @language
 * ("en" or "fr"). */
static void
run_lang (CliRun *r, const char *language, const char *first_arg, ...)
{
  g_autofree char *lang = g_strconcat ("LANGUAGE=", language, NULL);
  const char *env[] = { lang, "LC_ALL=C.UTF-8", NULL };
  va_list ap;

  va_start (ap, first_arg);
  cli_run_envv (r, env, first_arg, ap);
  va_end (ap);
}

#define run(r, ...) run_lang ((r), "en", __VA_ARGS__, NULL)

static void
assert_status (CliRun *r, int status)
{
  if (r->status != status)
    g_error ("expected exit %d, got %d; stdout: %s; stderr: %s", status, r->status, r->out, r->err);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Writes @len bytes (or a string) to @name in the fixture's directory. */
static char *
write_file (CliFixture *f, const char *name, const char *data, gssize len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static guint
count_contacts (CliFixture *f)
{
  g_auto (CliRun) r = { 0 };
  g_autoptr (JsonNode) root = NULL;

  run (&r, "contacts", "list", "--db", f->db, "--json");
  assert_status (&r, 0);
  root = parse_json (r.out);
  return json_array_get_length (json_node_get_array (root));
}

/* The journal length says whether anything at all was written. */
static gint64
journal_length (CliFixture *f)
{
  g_auto (CliRun) r = { 0 };
  g_autoptr (JsonNode) root = NULL;

  run (&r, "journal", "--db", f->db, "--json", "--limit", "0");
  assert_status (&r, 0);
  root = parse_json (r.out);
  return json_array_get_length (json_node_get_array (root));
}

static void
seed (CliFixture *f)
{
  static const char *const cmds[][8] = {
    { "departments", "add", "Finance" },
    { "places", "add", "--kind", "site", "HQ" },
    { "places", "add", "--kind", "building", "--parent", "HQ", "B1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cmds); i++)
    {
      g_auto (CliRun) r = { 0 };
      g_autoptr (GPtrArray) argv = g_ptr_array_new ();
      g_autoptr (GSubprocess) proc = NULL;
      g_autoptr (GError) error = NULL;

      g_ptr_array_add (argv, (gpointer) g_getenv ("MAILROOM_CLI"));
      for (guint j = 0; j < G_N_ELEMENTS (cmds[i]) && cmds[i][j]; j++)
        g_ptr_array_add (argv, (gpointer) cmds[i][j]);
      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, f->db);
      g_ptr_array_add (argv, NULL);
      proc =
        g_subprocess_newv ((const char *const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (proc, NULL, NULL, &r.out, &r.err, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_exit_status (proc) != 0)
        g_error ("seeding with %s %s failed: %s", cmds[i][0], cmds[i][1], r.err);
    }
}

/* Windows-1252, semicolons (French Excel): a valid row, an invalid email,
 * an unknown department. */
static const char dirty_csv[] = "Pr\xE9nom;Nom;Courriel;Service;Remarques\r\n"
                                "Chlo\xE9;C\x9C"
                                "ur;chloe@example.com;Finance;20 \x80 \x92ok\x92\r\n"
                                "Anne;Martin;anne@@example;Finance;\r\n"
                                "Paul;Roy;paul@example.com;Logistique;\r\n";

static void
test_dry_run_json (CliFixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "dirty.csv", dirty_csv, -1);
  g_auto (CliRun) r = { 0 };
  g_autoptr (JsonNode) root = NULL;
  JsonObject *o;
  JsonArray *records, *problems, *columns;
  gint64 journal;

  seed (f);
  journal = journal_length (f);
  run (&r, "contacts", "import", path, "--dry-run", "--json", "--db", f->db);
  assert_status (&r, 2);
  root = parse_json (r.out);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "contacts");
  g_assert_cmpstr (json_object_get_string_member (o, "encoding"), ==, "windows-1252");
  g_assert_cmpstr (json_object_get_string_member (o, "separator"), ==, "semicolon");
  g_assert_true (json_object_get_boolean_member (o, "dry_run"));
  g_assert_false (json_object_get_boolean_member (o, "imported"));
  g_assert_cmpint (json_object_get_int_member (o, "would_add"), ==, 1);

  columns = json_object_get_array_member (o, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 5);
  g_assert_cmpstr (
    json_object_get_string_member (json_array_get_object_element (columns, 0), "header"), ==,
    "Prénom");
  g_assert_cmpstr (
    json_object_get_string_member (json_array_get_object_element (columns, 0), "field"), ==,
    "first_name");
  g_assert_cmpstr (
    json_object_get_string_member (json_array_get_object_element (columns, 4), "field"), ==,
    "notes");

  /* every record, header → decoded value */
  records = json_object_get_array_member (o, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 3);
  {
    JsonObject *rec = json_array_get_object_element (records, 0);
    JsonObject *values = json_object_get_object_member (rec, "values");

    g_assert_cmpint (json_object_get_int_member (rec, "line"), ==, 2);
    g_assert_cmpuint (json_object_get_size (values), ==, 5);
    g_assert_cmpstr (json_object_get_string_member (values, "Prénom"), ==, "Chloé");
    g_assert_cmpstr (json_object_get_string_member (values, "Nom"), ==, "Cœur");
    g_assert_cmpstr (json_object_get_string_member (values, "Remarques"), ==, "20 € ’ok’");
  }
  {
    JsonObject *rec = json_array_get_object_element (records, 2);
    JsonObject *values = json_object_get_object_member (rec, "values");

    g_assert_cmpint (json_object_get_int_member (rec, "line"), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (values, "Service"), ==, "Logistique");
    g_assert_cmpstr (json_object_get_string_member (values, "Remarques"), ==, "");
  }

  /* every problem, with its line, column, value and message */
  problems = json_object_get_array_member (o, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 2);
  {
    JsonObject *p = json_array_get_object_element (problems, 0);

    g_assert_cmpint (json_object_get_int_member (p, "line"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (p, "column"), ==, "Courriel");
    g_assert_cmpstr (json_object_get_string_member (p, "field"), ==, "email");
    g_assert_cmpstr (json_object_get_string_member (p, "value"), ==, "anne@@example");
    g_assert_nonnull (strstr (json_object_get_string_member (p, "message"), "anne@@example"));
    g_assert_false (json_object_get_boolean_member (p, "missing_reference"));
  }
  {
    JsonObject *p = json_array_get_object_element (problems, 1);

    g_assert_cmpint (json_object_get_int_member (p, "line"), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (p, "column"), ==, "Service");
    g_assert_cmpstr (json_object_get_string_member (p, "value"), ==, "Logistique");
    g_assert_true (json_object_get_boolean_member (p, "missing_reference"));
  }

  /* nothing written */
  g_assert_cmpuint (count_contacts (f), ==, 0);
  g_assert_cmpint (journal_length (f), ==, journal);
}

/* A clean file: the dry run says what would happen (exit 0) and writes
 * nothing; the import does it. */
static void
test_dry_run_then_import (CliFixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "clean.csv",
                                      "First name,Last name,Email,Department,Place\n"
                                      "Jean,Dupont,jean@example.com,Finance,HQ / B1\n"
                                      "Anne,Martin,anne@example.com,,\n",
                                      -1);
  gint64 journal;

  seed (f);
  journal = journal_length (f);
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;

    run (&r, "contacts", "import", path, "--dry-run", "--json", "--db", f->db);
    assert_status (&r, 0);
    root = parse_json (r.out);
    o = json_node_get_object (root);
    g_assert_cmpint (json_object_get_int_member (o, "would_add"), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "problems")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "records")), ==, 2);
  }
  {
    g_auto (CliRun) r = { 0 };

    /* human dry run */
    run (&r, "contacts", "import", path, "-n", "--db", f->db);
    assert_status (&r, 0);
    g_assert_nonnull (strstr (r.out, "2 to add"));
  }
  g_assert_cmpuint (count_contacts (f), ==, 0);
  g_assert_cmpint (journal_length (f), ==, journal);
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;

    run (&r, "contacts", "import", path, "--json", "--db", f->db);
    assert_status (&r, 0);
    root = parse_json (r.out);
    o = json_node_get_object (root);
    g_assert_true (json_object_get_boolean_member (o, "imported"));
    g_assert_cmpint (json_object_get_int_member (o, "added"), ==, 2);
    /* a real import does not list the records */
    g_assert_false (json_object_has_member (o, "records"));
  }
  g_assert_cmpuint (count_contacts (f), ==, 2);
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", path, "--db", f->db);
    assert_status (&r, 0);
    g_assert_nonnull (strstr (r.out, "0 added"));
    g_assert_nonnull (strstr (r.out, "2 unchanged or skipped"));
  }
  g_assert_cmpuint (count_contacts (f), ==, 2);
}

static void
test_exit_codes (CliFixture *f, gconstpointer data)
{
  g_autofree char *dirty = write_file (f, "dirty.csv", dirty_csv, -1);
  g_autofree char *clean =
    write_file (f, "clean.csv", "Last name,Email\nDupont,jean@example.com\n", -1);
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);

  seed (f);
  /* usage errors: 1, nothing done */
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", clean, "--mode", "merge", "--db", f->db);
    assert_status (&r, 1);
    g_assert_nonnull (strstr (r.err, "merge"));
    g_assert_nonnull (strstr (r.err, "--help"));
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", clean, "--encoding", "ebcdic", "--db", f->db);
    assert_status (&r, 1);
    g_assert_nonnull (strstr (r.err, "ebcdic"));
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", clean, "--separator", "pipe", "--db", f->db);
    assert_status (&r, 1);
    g_assert_nonnull (strstr (r.err, "pipe"));
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", "--db", f->db);
    assert_status (&r, 1);
  }
  g_assert_cmpuint (count_contacts (f), ==, 0);

  /* data problems: 2, nothing imported, each problem on stderr with its
   * place in the file */
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", dirty, "--db", f->db);
    assert_status (&r, 2);
    g_assert_nonnull (strstr (r.err, "dirty.csv:3, column “Courriel”, value “anne@@example”"));
    g_assert_nonnull (strstr (r.err, "dirty.csv:4, column “Service”, value “Logistique”"));
    g_assert_nonnull (strstr (r.err, "2 problems"));
  }
  g_assert_cmpuint (count_contacts (f), ==, 0);
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", missing, "--db", f->db);
    assert_status (&r, 2);
    g_assert_nonnull (strstr (r.err, "missing.csv"));
  }
  /* --valid-only imports the valid row, still says there were problems */
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", dirty, "--valid-only", "--db", f->db);
    assert_status (&r, 2);
    g_assert_nonnull (strstr (r.out, "1 added"));
  }
  g_assert_cmpuint (count_contacts (f), ==, 1);
  /* --create-missing solves the unknown department */
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", dirty, "--valid-only", "--create-missing", "--db", f->db);
    assert_status (&r, 2);
    g_assert_nonnull (strstr (r.out, "1 added"));
  }
  g_assert_cmpuint (count_contacts (f), ==, 2);
  /* the explicit encoding and separator are used */
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;

    run (&r, "contacts", "import", dirty, "-n", "--json", "--encoding", "latin-1", "--separator",
         "semicolon", "--db", f->db);
    assert_status (&r, 2);
    root = parse_json (r.out);
    o = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (o, "encoding"), ==, "latin-1");
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", clean, "--mode", "UPDATE", "--db", f->db);
    assert_status (&r, 0);
  }
}

static void
test_mapping (CliFixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (
    f, "odd.csv", "Given,Family,Mail 2,Colour\nJean,Dupont,jean@example.com,blue\n", -1);

  {
    /* unmapped, there is no name column: a problem for the whole file */
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;
    JsonObject *p;

    run (&r, "contacts", "import", path, "-n", "--json", "--db", f->db);
    assert_status (&r, 2);
    root = parse_json (r.out);
    o = json_node_get_object (root);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "problems")), ==, 1);
    p = json_array_get_object_element (json_object_get_array_member (o, "problems"), 0);
    g_assert_cmpint (json_object_get_int_member (p, "line"), ==, 0);
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", path, "--mapping", "Nope=email", "--db", f->db);
    assert_status (&r, 2);
    g_assert_nonnull (strstr (r.err, "Nope"));
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", path, "--mapping", "Given=forename", "--db", f->db);
    assert_status (&r, 2);
    g_assert_nonnull (strstr (r.err, "forename"));
  }
  g_assert_cmpuint (count_contacts (f), ==, 0);
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonArray *columns;

    run (&r, "contacts", "import", path, "--json", "--mapping",
         "given=first_name,FAMILY=last_name,Mail 2=email,Colour=", "--db", f->db);
    assert_status (&r, 0);
    root = parse_json (r.out);
    columns = json_object_get_array_member (json_node_get_object (root), "columns");
    g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (columns, 1), "field"), ==,
      "last_name");
    g_assert_true (JSON_NODE_HOLDS_NULL (
      json_object_get_member (json_array_get_object_element (columns, 3), "field")));
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *o;

    run (&r, "contacts", "show", "jean@example.com", "--json", "--db", f->db);
    assert_status (&r, 0);
    root = parse_json (r.out);
    o = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (o, "first_name"), ==, "Jean");
    g_assert_cmpstr (json_object_get_string_member (o, "last_name"), ==, "Dupont");
  }
}

static void
test_modes (CliFixture *f, gconstpointer data)
{
  g_autofree char *first = write_file (f, "first.csv",
                                       "First name,Last name,Personnel ID,Phone\n"
                                       "Jean,Dupont,P1,01 00 00 00 01\n"
                                       "Anne,Martin,P2,\n"
                                       "Paul,Roy,P3,\n",
                                       -1);
  g_autofree char *second = write_file (f, "second.csv",
                                        "First name,Last name,Personnel ID,Phone\n"
                                        "Jean,Dupont,P1,01 00 00 00 09\n"
                                        "Anne,Martin,P2,\n",
                                        -1);
  g_auto (CliRun) a = { 0 };
  g_auto (CliRun) b = { 0 };
  g_auto (CliRun) c = { 0 };
  g_auto (CliRun) d = { 0 };

  run (&a, "contacts", "import", first, "--db", f->db);
  assert_status (&a, 0);
  run (&b, "contacts", "import", second, "--mode", "add", "--db", f->db);
  assert_status (&b, 0);
  g_assert_nonnull (strstr (b.out, "0 added, 0 updated, 2 unchanged or skipped"));
  run (&c, "contacts", "import", second, "--mode", "update", "--db", f->db);
  assert_status (&c, 0);
  g_assert_nonnull (strstr (c.out, "0 added, 1 updated, 1 unchanged or skipped"));
  g_assert_cmpuint (count_contacts (f), ==, 3);
  run (&d, "contacts", "import", second, "--mode", "replace", "--db", f->db);
  assert_status (&d, 0);
  g_assert_nonnull (strstr (d.out, "1 deleted"));
  g_assert_cmpuint (count_contacts (f), ==, 2);
}

static void
test_templates (CliFixture *f, gconstpointer data)
{
  static const struct
  {
    const char *kind;
    const char *header;
  } cases[] = {
    { "contacts", "First name,Last name,Full name,Email,Phone,Personnel ID,Employee ID,"
                  "Department,Place,Notes,Needs accessible lockers,Private\r\n" },
    { "places", "Site,Building,Floor,Mail stop,Code,Location\r\n" },
    { "org", "Enterprise,Division,Location,Code\r\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliRun) r = { 0 };
      g_auto (CliRun) w = { 0 };
      g_auto (CliRun) dry = { 0 };
      g_autofree char *name = g_strdup_printf ("%s-template.csv", cases[i].kind);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr (JsonNode) root = NULL;
      JsonArray *columns;

      run (&r, "templates", cases[i].kind);
      assert_status (&r, 0);
      g_assert_cmpstr (r.out, ==, cases[i].header);
      run (&w, "templates", cases[i].kind, "--output", path);
      assert_status (&w, 0);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, cases[i].header);

      /* an empty template is no import, but its every column is known;
       * with a row added it dry-runs with each column mapped */
      {
        g_autofree char *with_row = g_strconcat (contents, "x\r\n", NULL);

        g_assert_true (g_file_set_contents (path, with_row, -1, NULL));
      }
      {
        g_autofree char *cmd = g_strdup (cases[i].kind);

        run (&dry, cmd, "import", path, "-n", "--json", "--db", f->db);
      }
      root = parse_json (dry.out);
      columns = json_object_get_array_member (json_node_get_object (root), "columns");
      for (guint c = 0; c < json_array_get_length (columns); c++)
        g_assert_false (JSON_NODE_HOLDS_NULL (
          json_object_get_member (json_array_get_object_element (columns, c), "field")));
    }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "templates", "lockers");
    assert_status (&r, 1);
    g_assert_nonnull (strstr (r.err, "lockers"));
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "templates", "organisation");
    assert_status (&r, 0);
    g_assert_cmpstr (r.out, ==, "Enterprise,Division,Location,Code\r\n");
  }
}

static void
test_export (CliFixture *f, gconstpointer data)
{
  g_autofree char *people = write_file (f, "people.csv",
                                        "First name,Last name,Email,Department,Place\n"
                                        "Jean,Dupont,jean@example.com,Finance,HQ / B1\n"
                                        "Anne,Martin,anne@example.com,Finance,\n"
                                        "Paul,Roy,paul@example.com,,HQ / B1\n"
                                        "Zoé,Durand,zoe@example.com,,\n",
                                        -1);
  static const char header[] = "First name,Last name,Email,Phone,Personnel ID,Employee ID,"
                               "Department,Place,Notes,Needs accessible lockers,Private\r\n";

  seed (f);
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", people, "--db", f->db);
    assert_status (&r, 0);
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "export", "--db", f->db);
    assert_status (&r, 0);
    g_assert_cmpstr (r.out, ==,
                     "First name,Last name,Email,Phone,Personnel ID,Employee ID,Department,Place,"
                     "Notes,Needs accessible lockers,Private\r\n"
                     "Jean,Dupont,jean@example.com,,,,Finance,HQ / B1,,no,no\r\n"
                     "Zoé,Durand,zoe@example.com,,,,,,,no,no\r\n"
                     "Anne,Martin,anne@example.com,,,,Finance,,,no,no\r\n"
                     "Paul,Roy,paul@example.com,,,,,HQ / B1,,no,no\r\n");
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "export", "--search", "zoe", "--db", f->db);
    assert_status (&r, 0);
    g_assert_cmpstr (r.out, ==,
                     "First name,Last name,Email,Phone,Personnel ID,Employee ID,"
                     "Department,Place,Notes,Needs accessible lockers,Private\r\n"
                     "Zoé,Durand,zoe@example.com,,,,,,,no,no\r\n");
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "export", "--department", "finance", "--db", f->db);
    assert_status (&r, 0);
    g_assert_true (g_str_has_prefix (r.out, header));
    g_assert_nonnull (strstr (r.out, "Jean,Dupont"));
    g_assert_nonnull (strstr (r.out, "Anne,Martin"));
    g_assert_null (strstr (r.out, "Roy"));
    g_assert_null (strstr (r.out, "Durand"));
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "export", "--place", "HQ › B1", "--search", "paul", "--db", f->db);
    assert_status (&r, 0);
    g_assert_cmpstr (r.out, ==,
                     "First name,Last name,Email,Phone,Personnel ID,Employee ID,"
                     "Department,Place,Notes,Needs accessible lockers,Private\r\n"
                     "Paul,Roy,paul@example.com,,,,,HQ / B1,,no,no\r\n");
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "export", "--department", "Nowhere", "--db", f->db);
    assert_status (&r, 2);
  }
  {
    g_auto (CliRun) r = { 0 };
    g_autofree char *out = g_build_filename (f->dir, "out.csv", NULL);
    g_autofree char *contents = NULL;

    run (&r, "contacts", "export", "-o", out, "--search", "martin", "--db", f->db);
    assert_status (&r, 0);
    g_assert_cmpstr (r.out, ==, "");
    g_assert_nonnull (strstr (r.err, "1 record"));
    g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==,
                     "First name,Last name,Email,Phone,Personnel ID,Employee ID,"
                     "Department,Place,Notes,Needs accessible lockers,Private\r\n"
                     "Anne,Martin,anne@example.com,,,,Finance,,,no,no\r\n");
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "departments", "export", "--db", f->db);
    assert_status (&r, 0);
    g_assert_cmpstr (r.out, ==,
                     "Department,Key contact,Key contact’s email,Place,Members\r\n"
                     "Finance,,,,2\r\n");
  }
}

static void
test_places_org (CliFixture *f, gconstpointer data)
{
  g_autofree char *org = write_file (f, "org.csv",
                                     "Enterprise,Division,Location\n"
                                     "Acme,,\n"
                                     "Acme,Ops,Paris\n"
                                     "Acme,Ops,Lyon\n",
                                     -1);
  g_autofree char *places = write_file (f, "places.csv",
                                        "Site;Building;Floor;Mail stop;Code;Location\r\n"
                                        "HQ;;;;HQ1;Paris\r\n"
                                        "HQ;B1;F1;MS-1;MS1;\r\n"
                                        "HQ;B1;;Lobby;;\r\n",
                                        -1);

  {
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;

    run (&r, "org", "import", org, "--dry-run", "--json", "--db", f->db);
    assert_status (&r, 0);
    root = parse_json (r.out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "would_add"), ==, 3);
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "org", "export", "--db", f->db);
    assert_status (&r, 0);
    g_assert_cmpstr (r.out, ==, "Enterprise,Division,Location,Code\r\n");
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "org", "import", org, "--db", f->db);
    assert_status (&r, 0);
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "places", "import", places, "--db", f->db);
    assert_status (&r, 0);
    g_assert_nonnull (strstr (r.out, "3 added"));
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "org", "export", "--db", f->db);
    assert_status (&r, 0);
    g_assert_cmpstr (r.out, ==,
                     "Enterprise,Division,Location,Code\r\n"
                     "Acme,,,\r\n"
                     "Acme,Ops,,\r\n"
                     "Acme,Ops,Lyon,\r\n"
                     "Acme,Ops,Paris,\r\n");
  }
  {
    g_auto (CliRun) r = { 0 };

    run (&r, "places", "export", "--db", f->db);
    assert_status (&r, 0);
    g_assert_cmpstr (r.out, ==,
                     "Site,Building,Floor,Mail stop,Code,Location\r\n"
                     "HQ,,,,HQ1,Acme / Ops / Paris\r\n"
                     "HQ,B1,,,,\r\n"
                     "HQ,B1,F1,,,\r\n"
                     "HQ,B1,F1,MS-1,MS1,\r\n"
                     "HQ,B1,,Lobby,,\r\n");
  }
  {
    /* a places problem: a mail stop straight in a site */
    g_autofree char *bad =
      write_file (f, "bad-places.csv", "Site,Building,Floor,Mail stop\nHQ,,,MS-9\n", -1);
    g_auto (CliRun) r = { 0 };
    g_autoptr (JsonNode) root = NULL;
    JsonObject *p;

    run (&r, "places", "import", bad, "--json", "--db", f->db);
    assert_status (&r, 2);
    root = parse_json (r.out);
    p = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (root), "problems"), 0);
    g_assert_cmpint (json_object_get_int_member (p, "line"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (p, "column"), ==, "Mail stop");
    g_assert_cmpstr (json_object_get_string_member (p, "value"), ==, "MS-9");
  }
}

/* A file exported by a French session imports in an English one: every
 * column is recognised. */
static void
test_french_export_english_import (CliFixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "fr.csv", NULL);
  static const char *const kinds[] = { "contacts", "places", "org" };

  seed (f);
  {
    g_autofree char *people = write_file (
      f, "people.csv",
      "Last name,Department,Place,Needs accessible lockers\nDupont,Finance,HQ / B1,yes\n", -1);
    g_auto (CliRun) r = { 0 };

    run (&r, "contacts", "import", people, "--db", f->db);
    assert_status (&r, 0);
  }
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_auto (CliRun) e = { 0 };
      g_auto (CliRun) i = { 0 };
      g_autoptr (JsonNode) root = NULL;
      JsonArray *columns;

      run_lang (&e, "fr", kinds[k], "export", "-o", path, "--db", f->db, NULL);
      assert_status (&e, 0);
      run (&i, kinds[k], "import", path, "-n", "--json", "--db", f->db);
      root = parse_json (i.out);
      columns = json_object_get_array_member (json_node_get_object (root), "columns");
      for (guint c = 0; c < json_array_get_length (columns); c++)
        {
          JsonObject *col = json_array_get_object_element (columns, c);

          if (JSON_NODE_HOLDS_NULL (json_object_get_member (col, "field")))
            g_error ("%s: the French column “%s” is not recognised in English", kinds[k],
                     json_object_get_string_member (col, "header"));
        }
      if (k == 0)
        {
          JsonArray *records =
            json_object_get_array_member (json_node_get_object (root), "records");
          JsonObject *values =
            json_object_get_object_member (json_array_get_object_element (records, 0), "values");
          GList *members = json_object_get_values (values);
          gboolean has_yes = FALSE;

          /* accessible: exported "yes" in the session's language, which
           * imports back in any language */
          for (GList *l = members; l; l = l->next)
            {
              const char *v = json_node_get_string (l->data);

              has_yes |= g_strcmp0 (v, "oui") == 0 || g_strcmp0 (v, "yes") == 0;
            }
          g_list_free (members);
          g_assert_true (has_yes);
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                              json_node_get_object (root), "problems")),
                            ==, 0);
        }
    }
}

/* A dry run lists every column of every record, even when two columns have
 * the same header (Outlook writes "Titre" twice in French). */
static void
test_dry_run_duplicate_headers (CliFixture *f, gconstpointer data)
{
  g_autofree char *path =
    write_file (f, "dup.csv", "Titre,Prénom,Nom,Titre\nMme,Anne,Martin,Directrice\n", -1);
  g_auto (CliRun) r = { 0 };
  g_autoptr (JsonNode) root = NULL;
  JsonObject *values;
  GList *members;
  gboolean has_mme = FALSE, has_directrice = FALSE;

  run (&r, "contacts", "import", path, "-n", "--json", "--db", f->db);
  assert_status (&r, 0);
  root = parse_json (r.out);
  values = json_object_get_object_member (
    json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (root), "records"), 0),
    "values");
  members = json_object_get_values (values);
  for (GList *l = members; l; l = l->next)
    {
      has_mme |= g_strcmp0 (json_node_get_string (l->data), "Mme") == 0;
      has_directrice |= g_strcmp0 (json_node_get_string (l->data), "Directrice") == 0;
    }
  g_list_free (members);
  if (!(has_mme && has_directrice))
    {
      g_test_message ("%s", r.out);
      g_test_fail_printf ("%s",
                          "BUG: in `--dry-run --json`, a record's values are an object keyed by "
                          "header, so of two columns with the same header only the last value "
                          "is printed (mr-cli-import.c print_json_report)");
      return;
    }
}

#define ADD(name, func) \
  g_test_add (name, CliFixture, NULL, cli_fixture_setup, func, cli_fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/import-cli/dry-run-json", test_dry_run_json);
  ADD ("/import-cli/dry-run-then-import", test_dry_run_then_import);
  ADD ("/import-cli/dry-run-duplicate-headers", test_dry_run_duplicate_headers);
  ADD ("/import-cli/exit-codes", test_exit_codes);
  ADD ("/import-cli/mapping", test_mapping);
  ADD ("/import-cli/modes", test_modes);
  ADD ("/import-cli/templates", test_templates);
  ADD ("/import-cli/export", test_export);
  ADD ("/import-cli/places-org", test_places_org);
  ADD ("/import-cli/french-export-english-import", test_french_export_english_import);

  return g_test_run ();
}
