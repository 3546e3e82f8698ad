/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: any bytes as a CSV import of any kind, in any encoding
 * mode, with a column mapping taken from the input, checked against a real
 * store (opened once, with a few records so that lookups, updates and
 * deletions have something to find). The job must either refuse the file
 * cleanly or check it; every problem must point into the file; a check,
 * in any mode, must never write; a cancelled run must not either.
 *
 * Input: byte 0 chooses the kind, mode and flags, byte 1 the encoding and
 * separator; the rest up to the first NUL is the file, and what follows
 * that NUL, when there is one, is a --mapping spec. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mr-csv.h"
#include "mr-import.h"
#include "mr-records.h"
#include "mr-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Rows beyond this are not checked, so each input stays fast. */
#define MAX_ROWS 64

static MrStore *store;
static char *store_dir;

static char *
apply (const char *op, GVariant *args)
{
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  if (!mr_store_apply (store, op, args, &id, &error))
    g_error ("seeding the fuzz store: %s: %s", op, error->message);
  return id;
}

static void
remove_store (void)
{
  static const char *const suffixes[] = { "",        "-wal",        "-shm",       "-journal",
                                          "-search", "-search-wal", "-search-shm" };

  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (store_dir, "/fuzz.db", suffixes[i], NULL);

      g_unlink (path);
    }
  g_rmdir (store_dir);
}

static void
open_store (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ent = NULL, *div = NULL, *loc = NULL;
  g_autofree char *site = NULL, *building = NULL, *floor = NULL, *ms = NULL;
  g_autofree char *dept = NULL;

  store_dir = g_dir_make_tmp ("mr-fuzz-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (store_dir, "fuzz.db", NULL);
  store = mr_store_open (path, &error);
  g_assert_no_error (error);
  atexit (remove_store);

  ent = apply ("org.create", g_variant_new_parsed ("{'kind': <'enterprise'>, 'name': <'Acme'>}"));
  div = apply ("org.create", g_variant_new_parsed (
                               "{'kind': <'division'>, 'parent_id': <%s>, 'name': <'Ops'>}", ent));
  loc = apply (
    "org.create",
    g_variant_new_parsed ("{'kind': <'location'>, 'parent_id': <%s>, 'name': <'Paris'>}", div));
  site = apply ("place.create",
                g_variant_new_parsed ("{'kind': <'site'>, 'name': <'HQ'>, 'code': <'HQ1'>}"));
  building = apply (
    "place.create",
    g_variant_new_parsed ("{'kind': <'building'>, 'parent_id': <%s>, 'name': <'B1'>}", site));
  floor = apply ("place.create",
                 g_variant_new_parsed ("{'kind': <'floor'>, 'parent_id': <%s>, 'name': <'F2'>, "
                                       "'location_id': <%s>}",
                                       building, loc));
  ms = apply ("place.create", g_variant_new_parsed ("{'kind': <'mail_stop'>, 'parent_id': <%s>, "
                                                    "'name': <'MS-201'>, 'code': <'MS201'>}",
                                                    floor));
  dept = apply ("department.create", g_variant_new_parsed ("{'name': <'Finance'>}"));
  g_free (apply ("contact.create",
                 g_variant_new_parsed ("{'first_name': <'Jean'>, 'last_name': <'Dupont'>, "
                                       "'personnel_id': <'P1'>, 'email': <'jean@example.com'>, "
                                       "'department_id': <%s>, 'place_id': <%s>}",
                                       dept, ms)));
  g_free (apply ("contact.create",
                 g_variant_new_parsed ("{'first_name': <'Anne'>, 'last_name': <'Martin'>, "
                                       "'email': <'anne@example.com'>}")));
  g_free (apply ("contact.create", g_variant_new_parsed ("{'last_name': <'Roy'>, "
                                                         "'personnel_id': <'P3'>}")));
}

static void
check_mapping (MrImportJob *job, MrImportKind kind)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_fields;
  const MrImportField *fields = mr_import_get_fields (kind, &n_fields);

  for (guint c = 0; c < mr_import_job_get_n_columns (job); c++)
    {
      const char *field = mr_import_job_get_mapping (job, c);
      gboolean known = FALSE;

      g_assert (g_utf8_validate (mr_import_job_get_header (job, c), -1, NULL));
      if (field == NULL)
        continue;
      for (guint i = 0; i < n_fields; i++)
        known |= strcmp (fields[i].name, field) == 0;
      g_assert (known);
      /* one column per field */
      g_assert (g_hash_table_add (seen, (gpointer) field));
    }
}

static void
check_problems (MrImportJob *job)
{
  const GPtrArray *problems = mr_import_job_get_problems (job);
  guint n_rows = mr_import_job_get_n_rows (job);

  for (guint i = 0; i < problems->len; i++)
    {
      const MrImportProblem *p = g_ptr_array_index (problems, i);
      gboolean on_a_row = p->line == 0;

      g_assert (p->message != NULL && *p->message != '\0');
      g_assert (g_utf8_validate (p->message, -1, NULL));
      for (guint r = 0; !on_a_row && r < n_rows; r++)
        on_a_row = mr_import_job_get_row_line (job, r) == p->line;
      g_assert (on_a_row);
      if (p->other_line != 0)
        g_assert (p->other_line < p->line);
      if (p->column != NULL)
        {
          gboolean is_header = FALSE;

          for (guint c = 0; c < mr_import_job_get_n_columns (job); c++)
            is_header |= strcmp (mr_import_job_get_header (job, c), p->column) == 0;
          g_assert (is_header);
        }
      if (p->value != NULL)
        g_assert (g_utf8_validate (p->value, -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char separators[] = { 0, ',', ';', '\t' };
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (MrImportJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *spec = NULL;
  MrImportKind kind;
  MrImportMode mode;
  MrCsvEncoding encoding;
  const uint8_t *end;
  gsize csv_len;
  gint64 journal;
  guint n_rows;

  if (size < 2)
    return 0;
  if (store == NULL)
    open_store ();

  kind = (MrImportKind) (data[0] % 3);
  mode = (MrImportMode) ((data[0] / 3) % 3);
  encoding = (MrCsvEncoding) (data[1] % 6);
  end = memchr (data + 2, 0, size - 2);
  csv_len = end ? (gsize) (end - (data + 2)) : size - 2;
  if (end != NULL)
    spec = g_strndup ((const char *) end + 1, size - (gsize) (end + 1 - data));

  bytes = g_bytes_new (data + 2, csv_len);
  job = mr_import_job_new_from_bytes (store, kind, "fuzz.csv", bytes, encoding,
                                      separators[(data[1] / 6) % 4], &error);
  if (job == NULL)
    {
      g_assert (error != NULL && error->domain == MR_CSV_ERROR);
      g_assert (g_str_has_prefix (error->message, "fuzz.csv: "));
      return 0;
    }
  g_assert (error == NULL);
  g_assert (mr_import_job_get_kind (job) == kind);
  g_assert (mr_import_job_get_n_columns (job) >= 1);
  check_mapping (job, kind);

  n_rows = mr_import_job_get_n_rows (job);
  for (guint r = 0; r < n_rows; r++)
    {
      g_assert (r == 0 ||
                mr_import_job_get_row_line (job, r) > mr_import_job_get_row_line (job, r - 1));
      for (guint c = 0; c < mr_import_job_get_n_columns (job); c++)
        g_assert (g_utf8_validate (mr_import_job_get_value (job, r, c), -1, NULL));
    }

  if (spec != NULL && g_utf8_validate (spec, -1, NULL))
    {
      if (!mr_import_job_apply_mapping_spec (job, spec, &error))
        {
          g_assert (error != NULL && error->domain == MR_STORE_ERROR);
          g_assert (error->message != NULL && *error->message != '\0');
          g_clear_error (&error);
        }
      check_mapping (job, kind);
    }

  if (n_rows > MAX_ROWS)
    return 0;

  mr_import_job_set_mode (job, mode);
  mr_import_job_set_valid_rows_only (job, (data[0] / 9) & 1);
  mr_import_job_set_create_missing (job, (data[0] / 18) & 1);
  journal = mr_store_count_journal (store);

  if (!mr_import_job_check (job, NULL, NULL, NULL, &error))
    g_error ("the check could not run: %s", error->message);
  check_problems (job);
  g_assert (mr_import_job_get_n_added (job) + mr_import_job_get_n_updated (job) +
              mr_import_job_get_n_skipped (job) <=
            n_rows);
  if (mode != MR_IMPORT_MODE_REPLACE)
    g_assert (mr_import_job_get_n_deleted (job) == 0);
  if (mode == MR_IMPORT_MODE_ADD)
    g_assert (mr_import_job_get_n_updated (job) == 0);
  /* a check never writes */
  g_assert (mr_store_count_journal (store) == journal);

  /* A cancelled run writes nothing either: it stops at the first row, or
   * before, when no column is a name. (Not with no rows at all: the job
   * only looks at the cancellable in its row loop, so a cancelled replace
   * of a header-only file empties the store — a known bug, see
   * /import/atomic/cancelled-empty-replace — and would wreck the store
   * every later input is checked against.) */
  if (n_rows > 0)
    {
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();

      g_cancellable_cancel (cancellable);
      g_assert (!mr_import_job_run (job, cancellable, NULL, NULL, &error));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          const GPtrArray *problems = mr_import_job_get_problems (job);

          g_assert (g_error_matches (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID));
          g_assert (problems->len == 1);
          g_assert (((const MrImportProblem *) g_ptr_array_index (problems, 0))->line == 0);
        }
      g_assert (mr_store_count_journal (store) == journal);
    }
  return 0;
}
