/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-import-private.h"
#include "mr-records.h"
#include "mr-store-private.h"
#include "mr-text.h"

/* An import job: the decoded file, its column mapping, and one pass that
 * checks and writes every row through the store's named mutations, in a
 * single transaction.
 *
 * Each row is applied with mr_store_apply(), so an imported contact is
 * validated, journalled and synced exactly like one typed in the window.
 * A row the store refuses is rolled back alone (its savepoint) and becomes
 * a problem; at the end the whole transaction is committed only when there
 * are no problems, or the user asked for the valid rows only. A check (dry
 * run) is the same pass, always rolled back, so what it reports is exactly
 * what an import would do. */

static void
problem_free (gpointer data)
{
  MrImportProblem *p = data;

  g_free (p->column);
  g_free (p->field);
  g_free (p->value);
  g_free (p->message);
  g_free (p);
}

/* Reading */

static gboolean
load (MrImportJob *job, MrCsvReader *reader, GError **error)
{
  const char *const *fields;
  guint n_fields;
  g_autoptr (GError) local = NULL;

  job->encoding = mr_csv_reader_get_encoding (reader);
  job->separator = mr_csv_reader_get_separator (reader);

  if (!mr_csv_reader_next (reader, &fields, &n_fields, &local))
    {
      if (local != NULL)
        g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", job->display_name);
      else
        g_set_error (error, MR_CSV_ERROR, MR_CSV_ERROR_EMPTY,
                     _ ("%s: the file is empty. Choose a CSV file with a header row and at "
                        "least one record."),
                     job->display_name);
      return FALSE;
    }
  for (guint i = 0; i < n_fields; i++)
    g_ptr_array_add (job->headers, g_strstrip (g_strdup (fields[i])));
  /* A trailing separator on the header makes a nameless last column. */
  while (job->headers->len > 1 &&
         *(const char *) g_ptr_array_index (job->headers, job->headers->len - 1) == '\0')
    g_ptr_array_set_size (job->headers, job->headers->len - 1);

  while (mr_csv_reader_next (reader, &fields, &n_fields, &local))
    {
      guint line = mr_csv_reader_get_line (reader);
      gboolean blank = TRUE;

      for (guint i = 0; blank && i < n_fields; i++)
        blank = mr_text_is_blank (fields[i]);
      if (blank)
        continue; /* a line of separators only */

      g_array_append_val (job->lines, line);
      g_array_append_val (job->widths, n_fields);
      for (guint i = 0; i < job->headers->len; i++)
        g_ptr_array_add (job->cells,
                         i < n_fields ? g_string_chunk_insert (job->chunk, fields[i]) : NULL);
      /* Extra fields are kept only to be reported (wrong field count). */
      for (guint i = job->headers->len; i < n_fields; i++)
        if (!mr_text_is_blank (fields[i]))
          {
            g_array_index (job->widths, guint, job->widths->len - 1) = G_MAXUINT - i;
            break;
          }
    }
  if (local != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", job->display_name);
      return FALSE;
    }
  return TRUE;
}

/* Each field goes to the best column naming it; the others are left for
 * the user to map. */
static void
auto_map (MrImportJob *job)
{
  g_autoptr (GHashTable) best = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < job->headers->len; i++)
    {
      const char *header = g_ptr_array_index (job->headers, i);
      const char *field = mr_import_match_header (job->kind, header);
      int priority = mr_import_header_priority (job->kind, header);
      gpointer other;

      g_ptr_array_add (job->mapping, NULL);
      if (field == NULL)
        continue;
      if (g_hash_table_lookup_extended (best, field, NULL, &other))
        {
          guint j = GPOINTER_TO_UINT (other);

          if (mr_import_header_priority (job->kind, g_ptr_array_index (job->headers, j)) <=
              priority)
            continue;
          g_ptr_array_index (job->mapping, j) = NULL;
        }
      g_ptr_array_index (job->mapping, i) = (gpointer) field;
      g_hash_table_insert (best, (gpointer) field, GUINT_TO_POINTER (i));
    }
}

static MrImportJob *
job_new (MrStore *store, MrImportKind kind, const char *display_name)
{
  MrImportJob *job = g_new0 (MrImportJob, 1);

  job->store = g_object_ref (store);
  job->kind = kind;
  job->display_name = g_strdup (display_name);
  job->headers = g_ptr_array_new_with_free_func (g_free);
  job->mapping = g_ptr_array_new ();
  job->chunk = g_string_chunk_new (64 * 1024);
  job->cells = g_ptr_array_new ();
  job->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  job->widths = g_array_new (FALSE, FALSE, sizeof (guint));
  job->problems = g_ptr_array_new_with_free_func (problem_free);
  job->mode = MR_IMPORT_MODE_ADD;
  return job;
}

MrImportJob *
mr_import_job_new_from_bytes (MrStore *store,
                              MrImportKind kind,
                              const char *display_name,
                              GBytes *data,
                              MrCsvEncoding encoding,
                              char separator,
                              GError **error)
{
  g_autoptr (MrImportJob) job = NULL;
  g_autoptr (MrCsvReader) reader = NULL;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  job = job_new (store, kind, display_name ? display_name : "CSV");
  reader = mr_csv_reader_new_from_bytes (data, encoding, separator, &local);
  if (reader == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", job->display_name);
      return NULL;
    }
  if (!load (job, reader, error))
    return NULL;
  auto_map (job);
  return g_steal_pointer (&job);
}

MrImportJob *
mr_import_job_new (MrStore *store,
                   MrImportKind kind,
                   const char *path,
                   MrCsvEncoding encoding,
                   char separator,
                   GError **error)
{
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_filename_display_basename (path);
  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    {
      g_set_error (error, MR_CSV_ERROR, MR_CSV_ERROR_IO,
                   _ ("%s: cannot read the file (%s). Check that it exists and that you may "
                      "read it."),
                   name, local->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (file);
  return mr_import_job_new_from_bytes (store, kind, name, bytes, encoding, separator, error);
}

void
mr_import_job_free (MrImportJob *job)
{
  if (job == NULL)
    return;
  g_object_unref (job->store);
  g_free (job->display_name);
  g_ptr_array_unref (job->headers);
  g_ptr_array_unref (job->mapping);
  g_string_chunk_free (job->chunk);
  g_ptr_array_unref (job->cells);
  g_array_unref (job->lines);
  g_array_unref (job->widths);
  g_ptr_array_unref (job->problems);
  g_free (job);
}

MrImportKind
mr_import_job_get_kind (MrImportJob *job)
{
  return job->kind;
}

MrCsvEncoding
mr_import_job_get_encoding (MrImportJob *job)
{
  return job->encoding;
}

char
mr_import_job_get_separator (MrImportJob *job)
{
  return job->separator;
}

guint
mr_import_job_get_n_columns (MrImportJob *job)
{
  return job->headers->len;
}

const char *
mr_import_job_get_header (MrImportJob *job, guint column)
{
  g_return_val_if_fail (column < job->headers->len, NULL);
  return g_ptr_array_index (job->headers, column);
}

const char *
mr_import_job_get_mapping (MrImportJob *job, guint column)
{
  g_return_val_if_fail (column < job->mapping->len, NULL);
  return g_ptr_array_index (job->mapping, column);
}

static const char *
known_field (MrImportKind kind, const char *field)
{
  guint n;
  const MrImportField *fields = mr_import_get_fields (kind, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (fields[i].name, field) == 0)
      return fields[i].name;
  return NULL;
}

gboolean
mr_import_job_set_mapping (MrImportJob *job, guint column, const char *field, GError **error)
{
  const char *known = NULL;

  g_return_val_if_fail (column < job->mapping->len, FALSE);

  if (field != NULL && *field != '\0')
    {
      known = known_field (job->kind, field);
      if (known == NULL)
        {
          g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID,
                       _ ("“%s” is not a field of this import."), field);
          return FALSE;
        }
      /* One column per field: the previous one lets go. */
      for (guint i = 0; i < job->mapping->len; i++)
        if (i != column && g_ptr_array_index (job->mapping, i) == known)
          g_ptr_array_index (job->mapping, i) = NULL;
    }
  g_ptr_array_index (job->mapping, column) = (gpointer) known;
  return TRUE;
}

gboolean
mr_import_job_apply_mapping_spec (MrImportJob *job, const char *spec, GError **error)
{
  g_auto (GStrv) items = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);

  items = g_strsplit (spec, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *eq = strrchr (items[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *folded = NULL;
      gboolean found = FALSE;

      if (mr_text_is_blank (items[i]))
        continue;
      if (eq == NULL)
        {
          g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID,
                       _ ("“%s” in the mapping is not “Column=field”."), items[i]);
          return FALSE;
        }
      *eq = '\0';
      key = mr_text_strip_dup (items[i]);
      folded = mr_text_fold (key);
      for (guint c = 0; c < job->headers->len; c++)
        {
          g_autofree char *header = mr_text_fold (g_ptr_array_index (job->headers, c));

          if (strcmp (header, folded) == 0)
            {
              g_autofree char *field = mr_text_strip_dup (eq + 1);

              if (!mr_import_job_set_mapping (job, c, field, error))
                return FALSE;
              found = TRUE;
              break;
            }
        }
      if (!found)
        {
          g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND,
                       _ ("The mapping names a column “%s” that the file does not have."), key);
          return FALSE;
        }
    }
  return TRUE;
}

guint
mr_import_job_get_n_rows (MrImportJob *job)
{
  return job->lines->len;
}

const char *
mr_import_job_get_value (MrImportJob *job, guint row, guint column)
{
  const char *value;

  g_return_val_if_fail (row < job->lines->len && column < job->headers->len, NULL);
  value = g_ptr_array_index (job->cells, row * job->headers->len + column);
  return value ? value : "";
}

guint
mr_import_job_get_row_line (MrImportJob *job, guint row)
{
  g_return_val_if_fail (row < job->lines->len, 0);
  return g_array_index (job->lines, guint, row);
}

void
mr_import_job_set_mode (MrImportJob *job, MrImportMode mode)
{
  job->mode = mode;
}

void
mr_import_job_set_valid_rows_only (MrImportJob *job, gboolean valid_only)
{
  job->valid_only = valid_only;
}

void
mr_import_job_set_create_missing (MrImportJob *job, gboolean create_missing)
{
  job->create_missing = create_missing;
}

const GPtrArray *
mr_import_job_get_problems (MrImportJob *job)
{
  return job->problems;
}

guint
mr_import_job_get_n_added (MrImportJob *job)
{
  return job->added;
}

guint
mr_import_job_get_n_updated (MrImportJob *job)
{
  return job->updated;
}

guint
mr_import_job_get_n_skipped (MrImportJob *job)
{
  return job->skipped;
}

guint
mr_import_job_get_n_deleted (MrImportJob *job)
{
  return job->deleted;
}

/* Problems */

int
mr_import_job_column_of (MrImportJob *job, const char *field)
{
  for (guint i = 0; i < job->mapping->len; i++)
    if (g_strcmp0 (g_ptr_array_index (job->mapping, i), field) == 0)
      return (int) i;
  return -1;
}

MrImportProblem *
mr_import_job_add_problem (MrImportJob *job, guint row, const char *field, const char *message)
{
  MrImportProblem *p = g_new0 (MrImportProblem, 1);
  int column = field ? mr_import_job_column_of (job, field) : -1;

  p->line = row == G_MAXUINT ? 0 : mr_import_job_get_row_line (job, row);
  p->field = g_strdup (field);
  p->message = g_strdup (message);
  if (column >= 0)
    {
      p->column = g_strdup (g_ptr_array_index (job->headers, column));
      if (row != G_MAXUINT)
        p->value = g_strdup (mr_import_job_get_value (job, row, (guint) column));
    }
  g_ptr_array_add (job->problems, p);
  return p;
}
