/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: any bytes given as a CSV file, in every encoding mode,
 * must either fail cleanly (a CSV error whose message names the line) or
 * give records of valid UTF-8; what the writer writes from them must read
 * back the same; and every field, as a column header, must match a field
 * of the import kind or nothing. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mr-csv.h"
#include "mr-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_header (const char *header)
{
  for (MrImportKind kind = MR_IMPORT_CONTACTS; kind <= MR_IMPORT_ORG; kind++)
    {
      const char *field = mr_import_match_header (kind, header);
      int priority = mr_import_header_priority (kind, header);
      guint n_fields;
      const MrImportField *fields = mr_import_get_fields (kind, &n_fields);
      gboolean known = FALSE;

      if (field == NULL)
        {
          g_assert (priority == G_MAXINT);
          continue;
        }
      g_assert (priority >= 0 && priority <= 3);
      for (guint i = 0; i < n_fields; i++)
        known |= strcmp (fields[i].name, field) == 0;
      g_assert (known);
    }
}

static void
check_error (const GError *error, int expected_code)
{
  g_assert (error != NULL);
  g_assert (error->domain == MR_CSV_ERROR);
  g_assert (error->code == expected_code);
  g_assert (g_str_has_prefix (error->message, "line "));
}

/* Reads everything, checking each record; returns the records (as GStrv)
 * when asked, or NULL when reading stopped on an error. */
static GPtrArray *
read_all (MrCsvReader *reader, gboolean keep, gboolean match_headers)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GError) error = NULL;
  const char *const *fields;
  guint n_fields;
  guint last_line = 0;
  gsize last_offset = 0;

  while (mr_csv_reader_next (reader, &fields, &n_fields, &error))
    {
      guint line = mr_csv_reader_get_line (reader);
      gsize offset = mr_csv_reader_get_offset (reader);

      g_assert (line > last_line);
      g_assert (offset > last_offset && offset <= mr_csv_reader_get_length (reader));
      last_line = line;
      last_offset = offset;
      g_assert (n_fields >= 1 && fields[n_fields] == NULL);
      for (guint i = 0; i < n_fields; i++)
        {
          g_assert (g_utf8_validate (fields[i], -1, NULL));
          g_assert (strchr (fields[i], '\r') == NULL);
          if (match_headers && records->len == 0)
            check_header (fields[i]);
        }
      if (keep)
        g_ptr_array_add (records, g_strdupv ((char **) fields));
    }
  if (error != NULL)
    {
      check_error (error, MR_CSV_ERROR_UNTERMINATED_QUOTE);
      return NULL;
    }
  g_assert (mr_csv_reader_get_offset (reader) == mr_csv_reader_get_length (reader));
  return keep ? g_steal_pointer (&records) : NULL;
}

/* The writer's output of @records reads back as @records. */
static void
check_round_trip (GPtrArray *records, char separator)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MrCsvReader) reader = NULL;
  g_autoptr (GPtrArray) back = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      char **fields = g_ptr_array_index (records, i);

      mr_csv_append_record (out, (const char *const *) fields, g_strv_length (fields), separator);
    }
  bytes = g_bytes_new (out->str, out->len);
  reader = mr_csv_reader_new_from_bytes (bytes, MR_CSV_ENCODING_UTF8, separator, &error);
  g_assert (error == NULL && reader != NULL);
  back = read_all (reader, TRUE, FALSE);
  g_assert (back != NULL && back->len == records->len);
  for (guint i = 0; i < records->len; i++)
    {
      char **a = g_ptr_array_index (records, i);
      char **b = g_ptr_array_index (back, i);

      g_assert (g_strv_equal ((const char *const *) a, (const char *const *) b));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char separators[] = { 0, ',', ';', '\t' };
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);

  for (MrCsvEncoding encoding = MR_CSV_ENCODING_AUTO; encoding <= MR_CSV_ENCODING_LATIN1;
       encoding++)
    for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
      {
        g_autoptr (GError) error = NULL;
        g_autoptr (MrCsvReader) reader =
          mr_csv_reader_new_from_bytes (bytes, encoding, separators[s], &error);
        g_autoptr (GPtrArray) records = NULL;
        char separator;
        gboolean first = s == 0;

        if (reader == NULL)
          {
            g_assert (error != NULL && error->domain == MR_CSV_ERROR);
            if (error->code == MR_CSV_ERROR_ENCODING)
              check_error (error, MR_CSV_ERROR_ENCODING);
            else
              g_assert (error->code == MR_CSV_ERROR_EMPTY);
            continue;
          }
        g_assert (mr_csv_reader_get_encoding (reader) != MR_CSV_ENCODING_AUTO);
        if (encoding != MR_CSV_ENCODING_AUTO && encoding != MR_CSV_ENCODING_UTF16LE &&
            encoding != MR_CSV_ENCODING_UTF16BE)
          g_assert (mr_csv_reader_get_encoding (reader) == encoding);
        separator = mr_csv_reader_get_separator (reader);
        if (separators[s] == 0)
          g_assert (separator == ',' || separator == ';' || separator == '\t');
        else
          g_assert (separator == separators[s]);
        records = read_all (reader, first, first);
        if (records != NULL)
          check_round_trip (records, separator);
      }

  /* The whole input as one header, too (any bytes, not only CSV fields). */
  {
    g_autofree char *text = g_strndup ((const char *) data, size);

    check_header (text);
  }
  return 0;
}
