/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-csv.h"

/* The reader decodes the whole file to UTF-8 once, into one buffer it
 * owns, and then parses that buffer in place: a field is a pointer into
 * the buffer, terminated by overwriting its separator (or line end) with
 * a NUL; a quoted field is compacted over its own bytes as "" and CRLF
 * shrink. So a record costs no allocation at all, which matters because
 * the importer is measured against sqlite3's own CSV import.
 *
 * The decoded text never contains a NUL (a NUL byte makes the file
 * "binary" and is refused), and the buffer always ends with one: the
 * unquoted-field loop can then stop on a lookup table without testing the
 * end of the buffer. */

/* How much of the start of the file the separator detection looks at. */
#define DETECT_MAX_RECORDS 20
#define DETECT_MAX_BYTES 65536

struct _MrCsvReader
{
  char *buf;  /* owned allocation */
  char *text; /* decoded UTF-8 inside buf (after a BOM), text[len] == '\0' */
  gsize len;
  gsize pos;
  guint line;        /* line of text[pos], 1-based */
  guint record_line; /* line where the last record returned starts */
  MrCsvEncoding encoding;
  char separator;
  gboolean done;
  char **fields;
  guint n_fields_alloc;
  guint8 stop[256];        /* ends an unquoted field: separator, CR, LF, NUL */
  guint8 quoted_stop[256]; /* interrupts a quoted field: quote, CR, LF, NUL */
};

GQuark
mr_csv_error_quark (void)
{
  return g_quark_from_static_string ("mr-csv-error-quark");
}

const char *
mr_csv_encoding_to_string (MrCsvEncoding encoding)
{
  switch (encoding)
    {
    case MR_CSV_ENCODING_AUTO:
      return "auto";
    case MR_CSV_ENCODING_UTF8:
      return "utf-8";
    case MR_CSV_ENCODING_UTF16LE:
      return "utf-16le";
    case MR_CSV_ENCODING_UTF16BE:
      return "utf-16be";
    case MR_CSV_ENCODING_WINDOWS_1252:
      return "windows-1252";
    case MR_CSV_ENCODING_LATIN1:
      return "latin-1";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
mr_csv_encoding_from_string (const char *name, MrCsvEncoding *out)
{
  /* Compared without case, '-', '_', ' ' or '.': "UTF-8", "utf8",
   * "ISO_8859-1", "Windows 1252" all work. "utf-16" and "unicode" (what
   * Windows calls UTF-16) mean little-endian, the Windows default; a BOM
   * in the file overrides the byte order anyway. */
  static const struct
  {
    const char *alias;
    MrCsvEncoding encoding;
  } aliases[] = {
    { "auto", MR_CSV_ENCODING_AUTO },
    { "utf8", MR_CSV_ENCODING_UTF8 },
    { "utf8bom", MR_CSV_ENCODING_UTF8 },
    { "utf16le", MR_CSV_ENCODING_UTF16LE },
    { "utf16", MR_CSV_ENCODING_UTF16LE },
    { "ucs2", MR_CSV_ENCODING_UTF16LE },
    { "ucs2le", MR_CSV_ENCODING_UTF16LE },
    { "unicode", MR_CSV_ENCODING_UTF16LE },
    { "utf16be", MR_CSV_ENCODING_UTF16BE },
    { "ucs2be", MR_CSV_ENCODING_UTF16BE },
    { "windows1252", MR_CSV_ENCODING_WINDOWS_1252 },
    { "cp1252", MR_CSV_ENCODING_WINDOWS_1252 },
    { "win1252", MR_CSV_ENCODING_WINDOWS_1252 },
    { "ms1252", MR_CSV_ENCODING_WINDOWS_1252 },
    { "ansi", MR_CSV_ENCODING_WINDOWS_1252 },
    { "latin1", MR_CSV_ENCODING_LATIN1 },
    { "iso88591", MR_CSV_ENCODING_LATIN1 },
    { "l1", MR_CSV_ENCODING_LATIN1 },
  };
  char key[32];
  gsize n = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (const char *p = name; *p; p++)
    {
      if (*p == '-' || *p == '_' || *p == ' ' || *p == '.')
        continue;
      if (n + 1 >= sizeof key)
        return FALSE;
      key[n++] = g_ascii_tolower (*p);
    }
  key[n] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (key, aliases[i].alias) == 0)
      {
        *out = aliases[i].encoding;
        return TRUE;
      }
  return FALSE;
}

/* Decoding ---------------------------------------------------------------- */

/* Windows-1252 0x80–0x9F. The five undefined bytes (0x81, 0x8D, 0x8F,
 * 0x90, 0x9D) map to the C1 control of the same value, as the WHATWG
 * encoding standard (and so every browser) does: nothing is lost. */
static const guint16 cp1252_high[32] = {
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
  0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
  0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

/* The 1-based line of byte @offset of an ASCII-compatible text: CRLF, LF
 * and a lone CR each end a line, as in the parser. Error paths only. */
static guint
line_at_offset (const guint8 *s, gsize offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (s[i] == '\n')
        line++;
      else if (s[i] == '\r' && (i + 1 >= offset || s[i + 1] != '\n'))
        line++;
    }
  return line;
}

static inline guint
utf16_unit (const guint8 *p, gboolean big_endian)
{
  return big_endian ? (guint) p[0] << 8 | p[1] : (guint) p[1] << 8 | p[0];
}

/* The same for UTF-16 code unit @index. */
static guint
line_at_unit (const guint8 *s, gsize index, gboolean big_endian)
{
  guint line = 1;

  for (gsize i = 0; i < index; i++)
    {
      guint u = utf16_unit (s + 2 * i, big_endian);

      if (u == '\n')
        line++;
      else if (u == '\r' && (i + 1 >= index || utf16_unit (s + 2 * i + 2, big_endian) != '\n'))
        line++;
    }
  return line;
}

static void
set_binary_error (GError **error, guint line)
{
  g_set_error (error, MR_CSV_ERROR, MR_CSV_ERROR_ENCODING,
               _ ("line %u: the file contains NUL bytes, so it looks like a binary file (a "
                  "spreadsheet, a document), not CSV. Save it as CSV from the program that made "
                  "it and import that file; if it is UTF-16 text without a byte order mark, "
                  "choose UTF-16 as the encoding."),
               line);
}

/* Offset of the first byte that is not valid UTF-8, or @len. The text is
 * nearly all ASCII, so 16 bytes at a time are checked for a high bit and
 * only sequences that have one are decoded. */
static gsize
utf8_invalid_offset (const guint8 *s, gsize len)
{
  gsize i = 0;

  while (i < len)
    {
      while (i + 16 <= len)
        {
          guint64 a, b;

          memcpy (&a, s + i, 8);
          memcpy (&b, s + i + 8, 8);
          if ((a | b) & G_GUINT64_CONSTANT (0x8080808080808080))
            break;
          i += 16;
        }
      for (gsize end = MIN (i + 16, len); i < end; i++)
        {
          if (s[i] >= 0x80)
            {
              gunichar c = g_utf8_get_char_validated ((const char *) s + i, len - i);

              if (c == (gunichar) -1 || c == (gunichar) -2)
                return i;
              /* The loop's i++ moves past the first byte. */
              i += g_utf8_skip[s[i]] - 1;
            }
        }
    }
  return len;
}

static char *
decode_single_byte (const guint8 *s, gsize len, gboolean windows_1252, gsize *out_len)
{
  gsize size = 0;
  char *out, *o;

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] < 0x80)
        size += 1;
      else if (s[i] >= 0xa0 || !windows_1252)
        size += 2;
      else
        size += g_unichar_to_utf8 (cp1252_high[s[i] - 0x80], NULL);
    }
  o = out = g_malloc (size + 1);
  for (gsize i = 0; i < len; i++)
    {
      guint8 b = s[i];

      if (b < 0x80)
        *o++ = (char) b;
      else if (b >= 0xa0 || !windows_1252)
        {
          *o++ = (char) (0xc0 | b >> 6);
          *o++ = (char) (0x80 | (b & 0x3f));
        }
      else
        o += g_unichar_to_utf8 (cp1252_high[b - 0x80], o);
    }
  *o = '\0';
  *out_len = size;
  return out;
}

static char *
decode_utf16 (const guint8 *s, gsize len, gboolean big_endian, gsize *out_len, GError **error)
{
  gsize n_units = len / 2;
  char *out, *o;

  if (len % 2 != 0)
    {
      g_set_error (error, MR_CSV_ERROR, MR_CSV_ERROR_ENCODING,
                   _ ("line %u: the file ends in the middle of a UTF-16 character, so it is "
                      "truncated or not UTF-16. Check that the whole file was copied, or choose "
                      "another encoding."),
                   line_at_unit (s, n_units, big_endian));
      return NULL;
    }
  /* A unit gives at most 3 bytes of UTF-8 (a surrogate pair 4 for 2). */
  o = out = g_malloc (n_units * 3 + 1);
  for (gsize i = 0; i < n_units; i++)
    {
      guint u = utf16_unit (s + 2 * i, big_endian);

      if (u < 0x80)
        {
          if (G_UNLIKELY (u == 0))
            {
              set_binary_error (error, line_at_unit (s, i, big_endian));
              g_free (out);
              return NULL;
            }
          *o++ = (char) u;
        }
      else if (u < 0x800)
        {
          *o++ = (char) (0xc0 | u >> 6);
          *o++ = (char) (0x80 | (u & 0x3f));
        }
      else if (u < 0xd800 || u > 0xdfff)
        {
          *o++ = (char) (0xe0 | u >> 12);
          *o++ = (char) (0x80 | ((u >> 6) & 0x3f));
          *o++ = (char) (0x80 | (u & 0x3f));
        }
      else
        {
          guint low = i + 1 < n_units ? utf16_unit (s + 2 * i + 2, big_endian) : 0;

          if (u > 0xdbff || low < 0xdc00 || low > 0xdfff)
            {
              g_set_error (error, MR_CSV_ERROR, MR_CSV_ERROR_ENCODING,
                           _ ("line %u: this is not valid UTF-16 text (a surrogate character is "
                              "not paired). Check the file, or choose another encoding."),
                           line_at_unit (s, i, big_endian));
              g_free (out);
              return NULL;
            }
          o += g_unichar_to_utf8 (0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00), o);
          i++;
        }
    }
  *o = '\0';
  *out_len = (gsize) (o - out);
  return g_realloc (out, *out_len + 1);
}

/* Fills reader->buf/text/len/encoding from the raw bytes. @owned, when not
 * NULL, is a writable copy of @data (with a NUL after it) that the reader
 * may keep as its buffer, sparing a copy of a file that is already UTF-8;
 * the caller frees it unless it became reader->buf. */
static gboolean
decode (MrCsvReader *self,
        const guint8 *data,
        gsize len,
        char *owned,
        MrCsvEncoding requested,
        GError **error)
{
  MrCsvEncoding bom = MR_CSV_ENCODING_AUTO;
  MrCsvEncoding encoding = requested;
  gsize skip = 0;

  if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    bom = MR_CSV_ENCODING_UTF8, skip = 3;
  else if (len >= 2 && data[0] == 0xff && data[1] == 0xfe)
    bom = MR_CSV_ENCODING_UTF16LE, skip = 2;
  else if (len >= 2 && data[0] == 0xfe && data[1] == 0xff)
    bom = MR_CSV_ENCODING_UTF16BE, skip = 2;

  switch (requested)
    {
    case MR_CSV_ENCODING_AUTO:
      encoding = bom != MR_CSV_ENCODING_AUTO ? bom : MR_CSV_ENCODING_UTF8;
      break;
    case MR_CSV_ENCODING_UTF8:
      if (bom != MR_CSV_ENCODING_UTF8)
        skip = 0;
      break;
    case MR_CSV_ENCODING_UTF16LE:
    case MR_CSV_ENCODING_UTF16BE:
      /* The byte order mark is authoritative about the byte order. */
      if (bom == MR_CSV_ENCODING_UTF16LE || bom == MR_CSV_ENCODING_UTF16BE)
        encoding = bom;
      else
        skip = 0;
      break;
    case MR_CSV_ENCODING_WINDOWS_1252:
    case MR_CSV_ENCODING_LATIN1:
      /* Chosen by the user: taken literally, a BOM included. */
      skip = 0;
      break;
    default:
      g_assert_not_reached ();
    }
  data += skip;
  len -= skip;

  if (encoding == MR_CSV_ENCODING_UTF16LE || encoding == MR_CSV_ENCODING_UTF16BE)
    {
      self->buf = decode_utf16 (data, len, encoding == MR_CSV_ENCODING_UTF16BE, &self->len, error);
      if (self->buf == NULL)
        return FALSE;
      self->text = self->buf;
      self->encoding = encoding;
      return TRUE;
    }

  {
    const guint8 *nul = memchr (data, '\0', len);

    if (nul != NULL)
      {
        set_binary_error (error, line_at_offset (data, (gsize) (nul - data)));
        return FALSE;
      }
  }

  if (encoding == MR_CSV_ENCODING_UTF8)
    {
      gsize bad = utf8_invalid_offset (data, len);

      if (bad < len)
        {
          /* Undeclared and not UTF-8: Windows-1252 is what Excel and most
           * Windows programs write, and a superset of Latin-1's letters. */
          if (requested == MR_CSV_ENCODING_AUTO && bom == MR_CSV_ENCODING_AUTO)
            encoding = MR_CSV_ENCODING_WINDOWS_1252;
          else
            {
              g_set_error (error, MR_CSV_ERROR, MR_CSV_ERROR_ENCODING,
                           _ ("line %u: this is not valid UTF-8 text. Choose the file’s encoding "
                              "(for example Windows-1252 or Latin-1), or save the file as "
                              "UTF-8, then import it again."),
                           line_at_offset (data, bad));
              return FALSE;
            }
        }
      else
        {
          if (owned != NULL)
            {
              self->buf = owned;
              self->text = owned + skip;
            }
          else
            {
              self->buf = self->text = g_malloc (len + 1);
              memcpy (self->buf, data, len);
              self->buf[len] = '\0';
            }
          self->len = len;
          self->encoding = MR_CSV_ENCODING_UTF8;
          return TRUE;
        }
    }

  self->buf = decode_single_byte (data, len, encoding == MR_CSV_ENCODING_WINDOWS_1252, &self->len);
  self->text = self->buf;
  self->encoding = encoding;
  return TRUE;
}

/* Parsing ----------------------------------------------------------------- */

static inline gboolean
is_blank (char c, char separator)
{
  return c == ' ' || (c == '\t' && separator != '\t');
}

/* Skips lines that are empty or only spaces: they are no record (a line
 * of separators is, with empty fields). Returns the offset of the next
 * record, or @len. */
static gsize
skip_blank_lines (const char *text, gsize len, gsize pos, char separator, guint *line)
{
  for (;;)
    {
      gsize q = pos;

      while (q < len && is_blank (text[q], separator))
        q++;
      if (q == len)
        return len;
      if (text[q] == '\n')
        pos = q + 1;
      else if (text[q] == '\r')
        pos = (q + 1 < len && text[q + 1] == '\n') ? q + 2 : q + 1;
      else
        return pos;
      if (line != NULL)
        (*line)++;
    }
}

/* The number of fields of the record at *@pos with @separator, moving
 * *@pos past it; nothing is modified. 0 when no record is left or when a
 * quote is never closed. */
static guint
peek_record (const char *text, gsize len, gsize *pos, char separator)
{
  /* Lines of only spaces and tabs say nothing about the separator. */
  gsize p = skip_blank_lines (text, len, *pos, 0, NULL);
  gboolean field_start = TRUE;
  guint n = 1;

  if (p == len)
    {
      *pos = len;
      return 0;
    }
  while (p < len)
    {
      char c = text[p];

      if (field_start && c == '"')
        {
          for (p++;;)
            {
              const char *q = memchr (text + p, '"', len - p);

              if (q == NULL)
                {
                  *pos = len;
                  return 0;
                }
              p = (gsize) (q - text) + 1;
              if (p < len && text[p] == '"')
                p++;
              else
                break;
            }
          field_start = FALSE;
          continue;
        }
      field_start = FALSE;
      p++;
      if (c == separator)
        {
          n++;
          field_start = TRUE;
        }
      else if (c == '\r')
        {
          if (p < len && text[p] == '\n')
            p++;
          break;
        }
      else if (c == '\n')
        break;
    }
  *pos = p;
  return n;
}

/* The separator is the candidate that splits the first records into the
 * same number of fields, more than one; when several do, the one giving
 * the most fields, then comma, semicolon, tab in that order. When none is
 * consistent (ragged rows, trailing separators on some lines), the one
 * that splits the header into the most fields; comma for a single column. */
static char
detect_separator (const char *text, gsize len)
{
  static const char candidates[] = { ',', ';', '\t' };
  char best_consistent = 0, best_first = ',';
  guint best_consistent_n = 1, best_first_n = 1;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      char sep = candidates[i];
      gsize pos = 0;
      guint n_records = 0, first = 0;
      gboolean consistent = TRUE;

      while (n_records < DETECT_MAX_RECORDS && pos < len &&
             (n_records == 0 || pos < DETECT_MAX_BYTES))
        {
          guint n = peek_record (text, len, &pos, sep);

          if (n == 0)
            break;
          if (n_records == 0)
            first = n;
          else if (n != first)
            consistent = FALSE;
          n_records++;
        }
      if (consistent && first > best_consistent_n)
        {
          best_consistent = sep;
          best_consistent_n = first;
        }
      if (first > best_first_n)
        {
          best_first = sep;
          best_first_n = first;
        }
    }
  return best_consistent != 0 ? best_consistent : best_first;
}

/* Takes @owned (see decode()) over, whatever happens. */
static MrCsvReader *
reader_new (const guint8 *data,
            gsize len,
            char *owned,
            MrCsvEncoding encoding,
            char separator,
            GError **error)
{
  g_autoptr (MrCsvReader) self = g_new0 (MrCsvReader, 1);
  gboolean ok;

  ok = decode (self, data, len, owned, encoding, error);
  if (owned != NULL && self->buf != owned)
    g_free (owned);
  if (!ok)
    return NULL;

  self->separator = separator != 0 ? separator : detect_separator (self->text, self->len);
  /* Empty as next() sees it: a tab-separated line of tabs is a record. */
  if (skip_blank_lines (self->text, self->len, 0, self->separator, NULL) == self->len)
    {
      g_set_error_literal (error, MR_CSV_ERROR, MR_CSV_ERROR_EMPTY,
                           _ ("The file is empty: it has no line with data. Choose another "
                              "file, or download the template and fill it in."));
      return NULL;
    }

  self->line = 1;
  self->stop[(guchar) self->separator] = 1;
  self->stop['\r'] = self->stop['\n'] = self->stop['\0'] = 1;
  self->quoted_stop['"'] = 1;
  self->quoted_stop['\r'] = self->quoted_stop['\n'] = self->quoted_stop['\0'] = 1;
  self->n_fields_alloc = 16;
  self->fields = g_new (char *, self->n_fields_alloc + 1);
  return g_steal_pointer (&self);
}

static gboolean
valid_separator (char separator)
{
  return separator != '"' && separator != '\r' && separator != '\n' && separator != ' ';
}

MrCsvReader *
mr_csv_reader_new_from_bytes (GBytes *data, MrCsvEncoding encoding, char separator, GError **error)
{
  gsize len;
  const guint8 *bytes;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (encoding <= MR_CSV_ENCODING_LATIN1, NULL);
  g_return_val_if_fail (valid_separator (separator), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_bytes_get_data (data, &len);
  if (bytes == NULL) /* an empty GBytes may have no data at all */
    bytes = (const guint8 *) "";
  return reader_new (bytes, len, NULL, encoding, separator, error);
}

MrCsvReader *
mr_csv_reader_new_from_file (const char *path,
                             MrCsvEncoding encoding,
                             char separator,
                             GError **error)
{
  g_autoptr (GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (encoding <= MR_CSV_ENCODING_LATIN1, NULL);
  g_return_val_if_fail (valid_separator (separator), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, MR_CSV_ERROR, MR_CSV_ERROR_IO, _ ("Cannot read the file: %s"),
                   local_error->message);
      return NULL;
    }
  /* Owned by the reader from here: its buffer when already UTF-8. */
  return reader_new ((const guint8 *) contents, len, contents, encoding, separator, error);
}

void
mr_csv_reader_free (MrCsvReader *reader)
{
  if (reader == NULL)
    return;
  g_free (reader->buf);
  g_free (reader->fields);
  g_free (reader);
}

MrCsvEncoding
mr_csv_reader_get_encoding (MrCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, MR_CSV_ENCODING_AUTO);
  return reader->encoding;
}

char
mr_csv_reader_get_separator (MrCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, ',');
  return reader->separator;
}

guint
mr_csv_reader_get_line (MrCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->record_line;
}

gsize
mr_csv_reader_get_offset (MrCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->pos;
}

gsize
mr_csv_reader_get_length (MrCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->len;
}

gboolean
mr_csv_reader_next (MrCsvReader *reader,
                    const char *const **fields,
                    guint *n_fields,
                    GError **error)
{
  char *text, *end, *p;
  const guint8 *stop, *quoted_stop;
  guint n = 0;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (fields != NULL && n_fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *fields = NULL;
  *n_fields = 0;
  if (reader->done)
    return FALSE;

  text = reader->text;
  end = text + reader->len;
  reader->pos = skip_blank_lines (text, reader->len, reader->pos, reader->separator, &reader->line);
  if (reader->pos == reader->len)
    {
      reader->done = TRUE;
      return FALSE;
    }
  reader->record_line = reader->line;
  stop = reader->stop;
  quoted_stop = reader->quoted_stop;
  p = text + reader->pos;

  for (;;)
    {
      char term;

      if (G_UNLIKELY (n == reader->n_fields_alloc))
        {
          reader->n_fields_alloc *= 2;
          reader->fields = g_renew (char *, reader->fields, reader->n_fields_alloc + 1);
        }

      if (*p == '"')
        {
          /* Compacted in place: w trails r by the quotes and CRs removed. */
          guint quote_line = reader->line;
          char *w = p, *r = p + 1;

          reader->fields[n++] = w;
          for (;;)
            {
              while (!quoted_stop[(guchar) *r])
                *w++ = *r++;
              if (r == end)
                {
                  reader->done = TRUE;
                  reader->pos = reader->len;
                  g_set_error (error, MR_CSV_ERROR, MR_CSV_ERROR_UNTERMINATED_QUOTE,
                               _ ("line %u: a quoted field starts here but its closing quote "
                                  "(\") is missing, so the rest of the file would be one "
                                  "value. Add the closing quote, or double every quote that "
                                  "is part of the value (\"\")."),
                               quote_line);
                  return FALSE;
                }
              if (*r == '"')
                {
                  if (r[1] != '"')
                    {
                      r++;
                      break;
                    }
                  *w++ = '"';
                  r += 2;
                }
              else if (*r == '\r')
                {
                  *w++ = '\n';
                  r += r[1] == '\n' ? 2 : 1;
                  reader->line++;
                }
              else /* '\n' */
                {
                  *w++ = '\n';
                  r++;
                  reader->line++;
                }
            }
          /* Text after the closing quote ("a"b) is not RFC 4180; keep it,
           * as spreadsheets do, rather than lose it. */
          while (!stop[(guchar) *r])
            *w++ = *r++;
          term = *r;
          *w = '\0';
          p = r;
        }
      else
        {
          char *q = p;

          reader->fields[n++] = p;
          while (!stop[(guchar) *q])
            q++;
          term = *q;
          *q = '\0';
          p = q;
        }

      if (term == '\0')
        break;
      p++;
      if (term == '\r')
        {
          if (*p == '\n')
            p++;
          reader->line++;
          break;
        }
      if (term == '\n')
        {
          reader->line++;
          break;
        }
      /* the separator: another field follows, if only an empty one */
    }

  reader->pos = (gsize) (p - text);
  reader->fields[n] = NULL;
  *fields = (const char *const *) reader->fields;
  *n_fields = n;
  return TRUE;
}

/* Writing ----------------------------------------------------------------- */

void
mr_csv_append_field (GString *out, const char *value, char separator)
{
  const char *p;
  gboolean quote;

  g_return_if_fail (out != NULL);

  if (value == NULL || value[0] == '\0')
    return;
  /* Also a leading U+FEFF: at the start of a file it would be read as a
   * byte order mark and dropped. */
  quote = value[0] == ' ' || value[0] == '\t' || g_str_has_prefix (value, "\xef\xbb\xbf");
  for (p = value; *p; p++)
    {
      char c = *p;

      if (c == separator || c == '"' || c == '\n' || c == '\r')
        {
          quote = TRUE;
          break;
        }
    }
  if (!quote)
    {
      gsize len = (gsize) (p - value);

      /* Trailing space would be lost by readers that trim. */
      if (value[len - 1] != ' ' && value[len - 1] != '\t')
        {
          g_string_append_len (out, value, (gssize) len);
          return;
        }
    }
  g_string_append_c (out, '"');
  for (p = value;;)
    {
      const char *q = strchr (p, '"');

      if (q == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, q - p + 1);
      g_string_append_c (out, '"');
      p = q + 1;
    }
  g_string_append_c (out, '"');
}

void
mr_csv_append_record (GString *out, const char *const *fields, guint n_fields, char separator)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  if (separator == 0)
    separator = ',';
  /* A single empty field would make an empty line, which readers skip. */
  if (n_fields == 1 && (fields[0] == NULL || fields[0][0] == '\0'))
    g_string_append (out, "\"\"");
  else
    for (guint i = 0; i < n_fields; i++)
      {
        if (i > 0)
          g_string_append_c (out, separator);
        mr_csv_append_field (out, fields[i], separator);
      }
  g_string_append (out, "\r\n");
}
