/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "mr-cli-private.h"
#include "mr-export.h"
#include "mr-import.h"

/* contacts|places|org import and export, departments export, and the
 * CSV templates. */

static char *opt_mapping;
static char *opt_mode;
static char *opt_encoding;
static char *opt_separator;
static gboolean opt_dry_run;
static gboolean opt_valid_only;
static gboolean opt_create_missing;

static const GOptionEntry import_entries[] = {
  { "mapping", 0, 0, G_OPTION_ARG_STRING, &opt_mapping,
    N_ ("Map columns to fields: \"Column=field,Other=field,Ignored=\""), N_ ("SPEC") },
  { "mode", 0, 0, G_OPTION_ARG_STRING, &opt_mode,
    N_ ("add (new records only, the default), update (also change existing ones, found by "
        "Personnel ID or email) or replace (the file becomes the whole list)"),
    N_ ("MODE") },
  { "encoding", 0, 0, G_OPTION_ARG_STRING, &opt_encoding,
    N_ ("The file's encoding: auto (the default), utf-8, utf-16le, utf-16be, windows-1252 or "
        "latin-1"),
    N_ ("ENCODING") },
  { "separator", 0, 0, G_OPTION_ARG_STRING, &opt_separator,
    N_ ("The field separator: comma, semicolon or tab (detected by default)"), N_ ("SEPARATOR") },
  { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &opt_dry_run,
    N_ ("Check the file and show what would be imported, without writing anything"), NULL },
  { "valid-only", 0, 0, G_OPTION_ARG_NONE, &opt_valid_only,
    N_ ("Import the valid rows and skip those with problems"), NULL },
  { "create-missing", 0, 0, G_OPTION_ARG_NONE, &opt_create_missing,
    N_ ("Create the departments and places the file names that do not exist yet"), NULL },
  { NULL },
};

static gboolean
parse_separator (const char *text, char *out)
{
  if (text == NULL)
    *out = 0;
  else if (g_ascii_strcasecmp (text, "comma") == 0 || g_strcmp0 (text, ",") == 0)
    *out = ',';
  else if (g_ascii_strcasecmp (text, "semicolon") == 0 || g_strcmp0 (text, ";") == 0)
    *out = ';';
  else if (g_ascii_strcasecmp (text, "tab") == 0 || g_strcmp0 (text, "\t") == 0)
    *out = '\t';
  else
    return FALSE;
  return TRUE;
}

static const char *
separator_name (char sep)
{
  return sep == ';' ? "semicolon" : sep == '\t' ? "tab" : "comma";
}

static void
print_problem (const char *file, const MrImportProblem *p)
{
  g_autoptr (GString) where = g_string_new (file);

  if (p->line > 0)
    g_string_append_printf (where, ":%u", p->line);
  if (p->column != NULL)
    {
      /* TRANSLATORS: where a problem is, e.g. contacts.csv:12, column “Email” */
      g_string_append_printf (where, _ (", column “%s”"), p->column);
      if (p->value != NULL && *p->value != '\0')
        g_string_append_printf (where, _ (", value “%s”"), p->value);
    }
  g_printerr ("%s: %s\n", where->str, p->message);
}

static JsonNode *
problem_to_json (const MrImportProblem *p)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "line");
  json_builder_add_int_value (b, p->line);
  json_builder_set_member_name (b, "column");
  p->column ? json_builder_add_string_value (b, p->column) : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "field");
  p->field ? json_builder_add_string_value (b, p->field) : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "value");
  p->value ? json_builder_add_string_value (b, p->value) : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, p->message);
  if (p->other_line > 0)
    {
      json_builder_set_member_name (b, "other_line");
      json_builder_add_int_value (b, p->other_line);
    }
  json_builder_set_member_name (b, "missing_reference");
  json_builder_add_boolean_value (b, p->missing_reference);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_json_report (MrImportJob *job, const char *file, gboolean dry_run, gboolean done)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const GPtrArray *problems = mr_import_job_get_problems (job);
  guint n_columns = mr_import_job_get_n_columns (job);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, file);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, mr_import_kind_to_string (mr_import_job_get_kind (job)));
  json_builder_set_member_name (b, "encoding");
  json_builder_add_string_value (b, mr_csv_encoding_to_string (mr_import_job_get_encoding (job)));
  json_builder_set_member_name (b, "separator");
  json_builder_add_string_value (b, separator_name (mr_import_job_get_separator (job)));
  json_builder_set_member_name (b, "dry_run");
  json_builder_add_boolean_value (b, dry_run);
  json_builder_set_member_name (b, "imported");
  json_builder_add_boolean_value (b, done && !dry_run);

  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint c = 0; c < n_columns; c++)
    {
      const char *field = mr_import_job_get_mapping (job, c);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "header");
      json_builder_add_string_value (b, mr_import_job_get_header (job, c));
      json_builder_set_member_name (b, "field");
      field ? json_builder_add_string_value (b, field) : json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (dry_run)
    {
      /* Keys are the headers; a header the file repeats (Outlook's two
       * "Titre") gets its column number, so no value is hidden. */
      g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GHashTable) count = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *h = mr_import_job_get_header (job, c);

          g_hash_table_insert (
            count, (gpointer) h,
            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (count, h)) + 1));
        }
      for (guint c = 0; c < n_columns; c++)
        {
          const char *h = mr_import_job_get_header (job, c);

          g_ptr_array_add (keys, GPOINTER_TO_UINT (g_hash_table_lookup (count, h)) > 1
                                   ? g_strdup_printf ("%s (%u)", h, c + 1)
                                   : g_strdup (h));
        }
      json_builder_set_member_name (b, "records");
      json_builder_begin_array (b);
      for (guint r = 0; r < mr_import_job_get_n_rows (job); r++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "line");
          json_builder_add_int_value (b, mr_import_job_get_row_line (job, r));
          json_builder_set_member_name (b, "values");
          json_builder_begin_object (b);
          for (guint c = 0; c < n_columns; c++)
            {
              json_builder_set_member_name (b, g_ptr_array_index (keys, c));
              json_builder_add_string_value (b, mr_import_job_get_value (job, r, c));
            }
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }

  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; i < problems->len; i++)
    json_builder_add_value (b, problem_to_json (g_ptr_array_index (problems, i)));
  json_builder_end_array (b);

  json_builder_set_member_name (b, dry_run ? "would_add" : "added");
  json_builder_add_int_value (b, mr_import_job_get_n_added (job));
  json_builder_set_member_name (b, dry_run ? "would_update" : "updated");
  json_builder_add_int_value (b, mr_import_job_get_n_updated (job));
  json_builder_set_member_name (b, "skipped");
  json_builder_add_int_value (b, mr_import_job_get_n_skipped (job));
  json_builder_set_member_name (b, dry_run ? "would_delete" : "deleted");
  json_builder_add_int_value (b, mr_import_job_get_n_deleted (job));
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

static int
run_import (MrCli *cli, MrImportKind kind, int argc, char **argv)
{
  MrCliSpec spec = { _ ("FILE"),
                     kind == MR_IMPORT_CONTACTS
                       ? _ ("Imports contacts from a CSV file. Columns are matched by their "
                            "header (English, French, Outlook, Google, Thunderbird); "
                            "“mailroom-cli templates contacts” prints the expected header. "
                            "With problems, nothing is imported unless --valid-only is given.")
                     : kind == MR_IMPORT_PLACES
                       ? _ ("Imports places from a CSV file with the columns Site, Building, "
                            "Floor, Mail stop and Code: each row is a path, missing levels "
                            "are created.")
                       : _ ("Imports the organisation from a CSV file with the columns "
                            "Enterprise, Division, Location and Code."),
                     import_entries, 1, 1 };
  g_autoptr (MrImportJob) job = NULL;
  g_autoptr (GError) error = NULL;
  MrCsvEncoding encoding = MR_CSV_ENCODING_AUTO;
  MrImportMode mode = MR_IMPORT_MODE_ADD;
  const GPtrArray *problems;
  char separator = 0;
  gboolean ok;
  int status;

  opt_mapping = opt_mode = opt_encoding = opt_separator = NULL;
  opt_dry_run = opt_valid_only = opt_create_missing = FALSE;
  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (opt_mode != NULL && !mr_import_mode_from_string (opt_mode, &mode))
    return mr_cli_usage_error (argv[0], _ ("Unknown mode “%s”: use add, update or replace."),
                               opt_mode);
  if (opt_encoding != NULL && !mr_csv_encoding_from_string (opt_encoding, &encoding))
    return mr_cli_usage_error (argv[0],
                               _ ("Unknown encoding “%s”: use auto, utf-8, utf-16le, utf-16be, "
                                  "windows-1252 or latin-1."),
                               opt_encoding);
  if (!parse_separator (opt_separator, &separator))
    return mr_cli_usage_error (argv[0], _ ("Unknown separator “%s”: use comma, semicolon or tab."),
                               opt_separator);

  job = mr_import_job_new (cli->store, kind, argv[1], encoding, separator, &error);
  if (job == NULL)
    return mr_cli_report_error (error);
  if (opt_mapping != NULL && !mr_import_job_apply_mapping_spec (job, opt_mapping, &error))
    return mr_cli_report_error (error);
  mr_import_job_set_mode (job, mode);
  mr_import_job_set_valid_rows_only (job, opt_valid_only);
  mr_import_job_set_create_missing (job, opt_create_missing);

  if (opt_dry_run)
    ok = mr_import_job_check (job, NULL, NULL, NULL, &error);
  else
    ok = mr_import_job_run (job, NULL, NULL, NULL, &error);
  problems = mr_import_job_get_problems (job);

  if (cli->json)
    print_json_report (job, argv[1], opt_dry_run, ok);
  else
    {
      g_autofree char *name = g_filename_display_basename (argv[1]);

      for (guint i = 0; i < problems->len; i++)
        print_problem (name, g_ptr_array_index (problems, i));
      if (ok)
        {
          if (opt_dry_run)
            g_print (_ ("Dry run, nothing written: %u to add, %u to update, %u unchanged or "
                        "skipped, %u to delete, %u problems.\n"),
                     mr_import_job_get_n_added (job), mr_import_job_get_n_updated (job),
                     mr_import_job_get_n_skipped (job), mr_import_job_get_n_deleted (job),
                     problems->len);
          else
            g_print (_ ("Imported: %u added, %u updated, %u unchanged or skipped, %u deleted.\n"),
                     mr_import_job_get_n_added (job), mr_import_job_get_n_updated (job),
                     mr_import_job_get_n_skipped (job), mr_import_job_get_n_deleted (job));
        }
    }
  if (!ok)
    {
      if (!cli->json || problems->len == 0)
        g_printerr ("%s\n", error->message);
      return MR_CLI_DATA;
    }
  return problems->len > 0 ? MR_CLI_DATA : MR_CLI_OK;
}

int
mr_cli_import_contacts (MrCli *cli, int argc, char **argv)
{
  return run_import (cli, MR_IMPORT_CONTACTS, argc, argv);
}

int
mr_cli_import_places (MrCli *cli, int argc, char **argv)
{
  return run_import (cli, MR_IMPORT_PLACES, argc, argv);
}

int
mr_cli_import_org (MrCli *cli, int argc, char **argv)
{
  return run_import (cli, MR_IMPORT_ORG, argc, argv);
}

/* Export */

static char *opt_output;
static char *opt_search;
static char *opt_department;
static char *opt_place;

static const GOptionEntry export_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_ ("Write to FILE instead of the standard output"), N_ ("FILE") },
  { NULL },
};

static const GOptionEntry export_contact_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_ ("Write to FILE instead of the standard output"), N_ ("FILE") },
  { "search", 's', 0, G_OPTION_ARG_STRING, &opt_search, N_ ("Only the contacts this search finds"),
    N_ ("TEXT") },
  { "department", 0, 0, G_OPTION_ARG_STRING, &opt_department,
    N_ ("Only the members of this department"), N_ ("DEPARTMENT") },
  { "place", 0, 0, G_OPTION_ARG_STRING, &opt_place, N_ ("Only the contacts at this place"),
    N_ ("PLACE") },
  { NULL },
};

static int
run_export (MrCli *cli, int kind, int argc, char **argv)
{
  MrCliSpec spec = { NULL,
                     _ ("Writes a CSV file (UTF-8, header row) that imports back to the same "
                        "data."),
                     kind == MR_IMPORT_CONTACTS ? export_contact_entries : export_entries,
                     0,
                     0,
                     TRUE };
  g_autoptr (GError) error = NULL;
  g_autoptr (MrDepartment) department = NULL;
  g_autoptr (MrNode) place = NULL;
  MrExportFilter filter = { 0 };
  gint64 n;
  int status;

  opt_output = opt_search = opt_department = opt_place = NULL;
  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (opt_department != NULL)
    {
      department = mr_cli_resolve_department (cli, opt_department);
      if (department == NULL)
        return MR_CLI_DATA;
      filter.department_id = mr_department_get_id (department);
    }
  if (opt_place != NULL)
    {
      place = mr_cli_resolve_place (cli, opt_place);
      if (place == NULL)
        return MR_CLI_DATA;
      filter.place_id = mr_node_get_id (place);
    }
  filter.search = opt_search;

  if (opt_output != NULL)
    n = kind < 0 ? -1 : mr_export_csv_to_file (cli->store, kind, &filter, opt_output, &error);
  else
    {
      g_autoptr (GOutputStream) out = g_unix_output_stream_new (1, FALSE);
      g_autoptr (GOutputStream) buffered = g_buffered_output_stream_new_sized (out, 1 << 16);

      if (kind < 0)
        n = mr_export_departments_csv (cli->store, buffered, NULL, &error);
      else
        n = mr_export_csv (cli->store, kind, &filter, buffered, NULL, &error);
      if (n >= 0 && !g_output_stream_close (buffered, NULL, &error))
        n = -1;
    }
  if (kind < 0 && opt_output != NULL)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (opt_output);
      g_autoptr (GFileOutputStream) out =
        g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);

      n = out ? mr_export_departments_csv (cli->store, G_OUTPUT_STREAM (out), NULL, &error) : -1;
      if (n >= 0 && !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error))
        n = -1;
    }
  if (n < 0)
    return mr_cli_report_error (error);
  if (opt_output != NULL)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%lld record written to %s\n",
                             "%lld records written to %s\n", (gulong) n),
                (long long) n, opt_output);
  return MR_CLI_OK;
}

int
mr_cli_export_contacts (MrCli *cli, int argc, char **argv)
{
  return run_export (cli, MR_IMPORT_CONTACTS, argc, argv);
}

int
mr_cli_export_places (MrCli *cli, int argc, char **argv)
{
  return run_export (cli, MR_IMPORT_PLACES, argc, argv);
}

int
mr_cli_export_org (MrCli *cli, int argc, char **argv)
{
  return run_export (cli, MR_IMPORT_ORG, argc, argv);
}

int
mr_cli_export_departments (MrCli *cli, int argc, char **argv)
{
  return run_export (cli, -1, argc, argv);
}

/* Templates */

int
mr_cli_templates (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("contacts|places|org"),
                     _ ("Prints the header row a CSV import expects (or writes it to --output)."),
                     export_entries,
                     1,
                     1,
                     TRUE };
  g_autofree char *text = NULL;
  MrImportKind kind;
  int status;

  opt_output = NULL;
  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  if (!mr_import_kind_from_string (argv[1], &kind))
    return mr_cli_usage_error (argv[0], _ ("Unknown template “%s”: use contacts, places or org."),
                               argv[1]);
  text = mr_import_template (kind);
  if (opt_output != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!g_file_set_contents (opt_output, text, -1, &error))
        return mr_cli_data_error ("%s", error->message);
      return MR_CLI_OK;
    }
  fputs (text, stdout);
  return MR_CLI_OK;
}
