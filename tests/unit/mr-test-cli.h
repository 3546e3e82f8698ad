/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* What the tests of mailroom-cli share: run it as a program (path from
 * $MAILROOM_CLI, set by meson) against a database in a temporary
 * directory, read what it printed, parse its --json. */

typedef struct
{
  char *dir;
  char *db;
} CliFixture;

typedef struct
{
  int status;
  char *out;
  char *err;
} CliRun;

static inline void
cli_run_clear (CliRun *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static inline void
cli_fixture_setup (CliFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mr-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "test.db", NULL);
}

static inline void
cli_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        cli_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
cli_fixture_teardown (CliFixture *f, gconstpointer data)
{
  cli_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* Runs mailroom-cli with the arguments in @ap (NULL-terminated); @env
 * holds "NAME=value" pairs to set ("NAME=" unsets). $MAILROOM_DB is unset. */
static inline void
cli_run_envv (CliRun *r, const char *const *env, const char *first_arg, va_list ap)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  const char *cli = g_getenv ("MAILROOM_CLI");

  if (cli == NULL)
    g_error ("MAILROOM_CLI is not set: run this test through meson");
  g_subprocess_launcher_unsetenv (launcher, "MAILROOM_DB");
  for (guint i = 0; env && env[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (env[i], "=", 2);

      if (kv[1] == NULL || *kv[1] == '\0')
        g_subprocess_launcher_unsetenv (launcher, kv[0]);
      else
        g_subprocess_launcher_setenv (launcher, kv[0], kv[1], TRUE);
    }
  g_ptr_array_add (argv, (gpointer) cli);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
}

/* The same with the arguments listed (NULL-terminated). */
static inline void
cli_run_env (CliRun *r, const char *const *env, const char *first_arg, ...)
{
  va_list ap;

  va_start (ap, first_arg);
  cli_run_envv (r, env, first_arg, ap);
  va_end (ap);
}

#define cli_run(r, ...) cli_run_env ((r), NULL, __VA_ARGS__, NULL)

/* What a successful run printed, as JSON. */
static inline JsonNode *
cli_json_of (CliRun *r)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  if (r->status != 0)
    g_error ("mailroom-cli failed (%d): %s", r->status, r->err);
  json_parser_load_from_data (parser, r->out, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The "id" member of what a successful run printed. */
static inline char *
cli_json_id (CliRun *r)
{
  g_autoptr (JsonNode) node = cli_json_of (r);

  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

/* The run ended with @status, and stderr says @needle (when not NULL). */
static inline void
cli_assert_fails (CliRun *r, int status, const char *needle)
{
  if (r->status != status)
    g_error ("expected exit %d, got %d; stdout: %s; stderr: %s", status, r->status, r->out, r->err);
  if (needle != NULL && strstr (r->err, needle) == NULL)
    g_error ("“%s” not in stderr: %s", needle, r->err);
}

static inline char *
cli_write_file (CliFixture *f, const char *name, const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}
