/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reading CSV files as people really produce them (RFC 4180 quoting,
 * any line end, comma/semicolon/tab, UTF-8 with or without BOM, UTF-16
 * with BOM, Windows-1252 and Latin-1), and writing RFC 4180. */

#define MR_CSV_ERROR (mr_csv_error_quark ())

typedef enum
{
  MR_CSV_ERROR_IO,                 /* the file cannot be read */
  MR_CSV_ERROR_ENCODING,           /* bytes that are not text in the encoding */
  MR_CSV_ERROR_UNTERMINATED_QUOTE, /* a quoted field runs to the end of the file */
  MR_CSV_ERROR_EMPTY,              /* no record at all */
} MrCsvError;

GQuark mr_csv_error_quark (void);

typedef enum
{
  MR_CSV_ENCODING_AUTO = 0, /* BOM, else valid UTF-8, else Windows-1252 */
  MR_CSV_ENCODING_UTF8,
  MR_CSV_ENCODING_UTF16LE,
  MR_CSV_ENCODING_UTF16BE,
  MR_CSV_ENCODING_WINDOWS_1252,
  MR_CSV_ENCODING_LATIN1,
} MrCsvEncoding;

/* "utf-8", "utf-16le", "utf-16be", "windows-1252", "latin-1" (and
 * "auto"); parse accepts these case-insensitively plus the usual
 * aliases ("utf8", "cp1252", "iso-8859-1", ...). */
const char *mr_csv_encoding_to_string (MrCsvEncoding encoding);
gboolean mr_csv_encoding_from_string (const char *name, MrCsvEncoding *out);

typedef struct _MrCsvReader MrCsvReader;

/* The whole input is decoded to UTF-8 up front (so an encoding error is
 * reported before anything is imported, with its line), then the
 * separator is detected from the first lines when @separator is 0.
 * Errors: MR_CSV_ERROR_ENCODING ("line L: ..."), MR_CSV_ERROR_EMPTY. */
MrCsvReader *
mr_csv_reader_new_from_bytes (GBytes *data, MrCsvEncoding encoding, char separator, GError **error);
MrCsvReader *mr_csv_reader_new_from_file (const char *path,
                                          MrCsvEncoding encoding,
                                          char separator,
                                          GError **error);
void mr_csv_reader_free (MrCsvReader *reader);

/* What was used: the detected (or given) encoding and separator. */
MrCsvEncoding mr_csv_reader_get_encoding (MrCsvReader *reader);
char mr_csv_reader_get_separator (MrCsvReader *reader);

/* The next record. Returns FALSE at the end (with @error unset) or on an
 * error (MR_CSV_ERROR_UNTERMINATED_QUOTE, naming the line where the
 * quote opened). Empty lines are skipped, not returned. @fields are
 * UTF-8, NUL-terminated, owned by the reader and valid until the next
 * call; quotes are removed and "" unescaped; line ends inside quoted
 * fields are kept as "\n". */
gboolean mr_csv_reader_next (MrCsvReader *reader,
                             const char *const **fields,
                             guint *n_fields,
                             GError **error);

/* The 1-based line (in the file, counting line ends inside quoted
 * fields) where the record last returned starts. */
guint mr_csv_reader_get_line (MrCsvReader *reader);

/* Progress: decoded bytes consumed so far, and in all. */
gsize mr_csv_reader_get_offset (MrCsvReader *reader);
gsize mr_csv_reader_get_length (MrCsvReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrCsvReader, mr_csv_reader_free)

/* Writing: RFC 4180, fields quoted only when needed (separator, quote,
 * CR or LF inside, leading/trailing space or tab, or a leading U+FEFF),
 * records end with CRLF. NULL is written as an empty field; a record of
 * one empty field as "" (an empty line would be skipped on reading). */
void mr_csv_append_field (GString *out, const char *value, char separator);
void mr_csv_append_record (GString *out, const char *const *fields, guint n_fields, char separator);

G_END_DECLS
