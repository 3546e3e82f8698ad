/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV reader and writer over the files people really produce, and the
 * matching of column headers to import fields. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mr-csv.h"
#include "mr-import.h"

/* Reads all of @data and returns its records as "LINE:f1|f2|...", one per
 * line of the result, so a whole parse is compared in one assertion. A
 * line end inside a field shows as "\n" (two characters). */
static char *
dump_reader (MrCsvReader *reader, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *const *fields;
  guint n_fields;
  guint last_line = 0;

  while (mr_csv_reader_next (reader, &fields, &n_fields, error))
    {
      g_assert_cmpuint (mr_csv_reader_get_line (reader), >, last_line);
      last_line = mr_csv_reader_get_line (reader);
      g_assert_nonnull (fields);
      g_assert_null (fields[n_fields]);
      g_assert_cmpuint (mr_csv_reader_get_offset (reader), <=, mr_csv_reader_get_length (reader));
      g_string_append_printf (out, "%u:", last_line);
      for (guint i = 0; i < n_fields; i++)
        {
          g_assert_true (g_utf8_validate (fields[i], -1, NULL));
          if (i > 0)
            g_string_append_c (out, '|');
          for (const char *p = fields[i]; *p; p++)
            {
              g_assert_true (*p != '\r');
              if (*p == '\n')
                g_string_append (out, "\\n");
              else
                g_string_append_c (out, *p);
            }
        }
      g_string_append_c (out, '\n');
    }
  if (error != NULL && *error != NULL)
    return NULL;
  g_assert_cmpuint (mr_csv_reader_get_offset (reader), ==, mr_csv_reader_get_length (reader));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static MrCsvReader *
reader_new (const char *data, gssize len, MrCsvEncoding encoding, char separator, GError **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);

  return mr_csv_reader_new_from_bytes (bytes, encoding, separator, error);
}

/* Parses @data, which must succeed, and checks the dump and the separator. */
static void
assert_parse_full (const char *data,
                   gssize len,
                   MrCsvEncoding encoding,
                   char separator,
                   const char *expected,
                   char expected_separator,
                   MrCsvEncoding expected_encoding)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrCsvReader) reader = reader_new (data, len, encoding, separator, &error);
  g_autofree char *dump = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  dump = dump_reader (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dump, ==, expected);
  g_assert_cmpint (mr_csv_reader_get_separator (reader), ==, expected_separator);
  g_assert_cmpint (mr_csv_reader_get_encoding (reader), ==, expected_encoding);
}

static void
assert_parse (const char *data, const char *expected, char expected_separator)
{
  assert_parse_full (data, -1, MR_CSV_ENCODING_AUTO, 0, expected, expected_separator,
                     MR_CSV_ENCODING_UTF8);
}

/* Creating the reader fails with @code and a message starting "line L:". */
static void
assert_open_error (const char *data, gssize len, MrCsvEncoding encoding, int code, guint line)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrCsvReader) reader = reader_new (data, len, encoding, 0, &error);
  g_autofree char *prefix = g_strdup_printf ("line %u: ", line);

  g_assert_null (reader);
  g_assert_error (error, MR_CSV_ERROR, code);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected “%s…”, got “%s”", prefix, error->message);
}

static void
test_line_ends (void)
{
  const char *expected = "1:a|b\n2:c|d\n";

  assert_parse ("a,b\r\nc,d\r\n", expected, ',');
  assert_parse ("a,b\nc,d\n", expected, ',');
  assert_parse ("a,b\rc,d\r", expected, ',');
  assert_parse ("a,b\r\nc,d\ne,f\rg,h\n", "1:a|b\n2:c|d\n3:e|f\n4:g|h\n", ',');
  /* a CR right before the end, and CR CR (an empty line in between) */
  assert_parse ("a,b\r\rc,d", "1:a|b\n3:c|d\n", ',');
}

static void
test_final_record_without_line_end (void)
{
  assert_parse ("a,b\nc,d", "1:a|b\n2:c|d\n", ',');
  assert_parse ("a,b\nc,", "1:a|b\n2:c|\n", ',');
  assert_parse ("a,b\nc,\"d\"", "1:a|b\n2:c|d\n", ',');
  assert_parse ("only", "1:only\n", ',');
}

static void
test_separators (void)
{
  assert_parse ("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n", ',');
  assert_parse ("Nom;Prénom;Poids\nDupont;Jean;1,5\nMartin;Zoé;2\n",
                "1:Nom|Prénom|Poids\n2:Dupont|Jean|1,5\n3:Martin|Zoé|2\n", ';');
  assert_parse ("a\tb\tc\n1\t2,5\t3\n", "1:a|b|c\n2:1|2,5|3\n", '\t');
  /* a separator inside quotes does not count */
  assert_parse ("\"a;b\",c\n\"d;e\",f\n", "1:a;b|c\n2:d;e|f\n", ',');
  assert_parse ("\"a,b\";c\n\"d,e\";f\n", "1:a,b|c\n2:d,e|f\n", ';');
  /* both consistent: the one giving more fields */
  assert_parse ("a;b,c;d\n", "1:a|b,c|d\n", ';');
  /* a tie: comma */
  assert_parse ("a,b;c\n", "1:a|b;c\n", ',');
  assert_parse ("a\tb,c\nd\te,f\n", "1:a\tb|c\n2:d\te|f\n", ',');
  /* none consistent (trailing separators on some rows): the header decides */
  assert_parse ("a;b;c\n1;2;3;\n4,5;6;7\n", "1:a|b|c\n2:1|2|3|\n3:4,5|6|7\n", ';');
  /* one column */
  assert_parse ("email\nx@example.com\n", "1:email\n2:x@example.com\n", ',');
  /* given, not detected */
  assert_parse_full ("a,b;c\n", -1, MR_CSV_ENCODING_AUTO, ';', "1:a,b|c\n", ';',
                     MR_CSV_ENCODING_UTF8);
  assert_parse_full ("a|b|c\n", -1, MR_CSV_ENCODING_AUTO, '|', "1:a|b|c\n", '|',
                     MR_CSV_ENCODING_UTF8);
}

static void
test_quotes (void)
{
  /* separator, doubled quote, LF, CRLF and CR inside quotes */
  assert_parse ("\"a,b\",\"c\"\"d\",\"e\nf\"\r\n"
                "\"g\r\nh\",\"i\rj\",\"\"\r\n"
                "k,l,m\r\n",
                "1:a,b|c\"d|e\\nf\n3:g\\nh|i\\nj|\n6:k|l|m\n", ',');
  /* a quoted field alone on its line, and only a quote in it */
  assert_parse ("\"\"\"\"\n", "1:\"\n", ',');
  /* empty quoted fields, at the end too */
  assert_parse ("\"\",\"\"\n", "1:|\n", ',');
  /* a quote inside an unquoted field is just a character */
  assert_parse ("a\"b,c\nd,e\"\n", "1:a\"b|c\n2:d|e\"\n", ',');
  /* text after the closing quote is kept, as spreadsheets do */
  assert_parse ("\"a\"b,c\n", "1:ab|c\n", ',');
  /* spaces are data */
  assert_parse (" a , b \n", "1: a | b \n", ',');
  /* a multi-line field: the next record's line counts the line ends */
  assert_parse ("h1,h2\n\"x\ny\nz\",w\nnext,row\n", "1:h1|h2\n2:x\\ny\\nz|w\n5:next|row\n", ',');
}

static void
test_empty_lines (void)
{
  assert_parse ("\n\na,b\n\n\r\n  \n\t\nc,d\n\n", "3:a|b\n8:c|d\n", ',');
  assert_parse ("\r\n\r\na;b\r\n\r\n", "3:a|b\n", ';');
  /* a line of separators is a record of empty fields */
  assert_parse ("a,b\n,\n", "1:a|b\n2:|\n", ',');
}

static void
test_trailing_separators (void)
{
  assert_parse ("a,b,\nc,d,\n", "1:a|b|\n2:c|d|\n", ',');
  assert_parse ("a;b;;\nc;d;;\n", "1:a|b||\n2:c|d||\n", ';');
}

static void
test_varying_field_count (void)
{
  assert_parse ("a,b,c\n1,2\n3,4,5,6\n", "1:a|b|c\n2:1|2\n3:3|4|5|6\n", ',');
}

static void
test_many_fields (void)
{
  g_autoptr (GString) line = g_string_new (NULL);
  g_autoptr (GString) expected = g_string_new ("1:");

  for (guint i = 0; i < 100; i++)
    {
      g_string_append_printf (line, "%s%u", i ? "," : "", i);
      g_string_append_printf (expected, "%s%u", i ? "|" : "", i);
    }
  g_string_append (line, "\n");
  g_string_append (expected, "\n");
  assert_parse (line->str, expected->str, ',');
}

static void
test_utf8_bom (void)
{
  assert_parse ("\xef\xbb\xbfPrénom;Nom\r\nZoé;Ça\r\n", "1:Prénom|Nom\n2:Zoé|Ça\n", ';');
  /* a BOM only is an empty file */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (MrCsvReader) reader = reader_new ("\xef\xbb\xbf\r\n", -1, 0, 0, &error);

    g_assert_null (reader);
    g_assert_error (error, MR_CSV_ERROR, MR_CSV_ERROR_EMPTY);
  }
}

/* @text (UTF-8) as UTF-16 with or without a BOM. */
static GBytes *
utf16 (const char *text, gboolean big_endian, gboolean bom)
{
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  GByteArray *out = g_byte_array_new ();

  if (bom)
    g_byte_array_append (out, (const guint8 *) (big_endian ? "\xfe\xff" : "\xff\xfe"), 2);
  for (glong i = 0; i < n; i++)
    {
      guint8 pair[2] = { units[i] & 0xff, units[i] >> 8 };

      if (big_endian)
        {
          guint8 t = pair[0];
          pair[0] = pair[1];
          pair[1] = t;
        }
      g_byte_array_append (out, pair, 2);
    }
  return g_byte_array_free_to_bytes (out);
}

static void
assert_parse_bytes (GBytes *bytes,
                    MrCsvEncoding encoding,
                    const char *expected,
                    MrCsvEncoding expected_encoding)
{
  assert_parse_full (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), encoding, 0,
                     expected, ';', expected_encoding);
}

static void
test_utf16 (void)
{
  const char *text = "Prénom;Nom\r\nZoé;\"Œuvre\r\n😀\"\r\nÉmile;€\r\n";
  const char *expected = "1:Prénom|Nom\n2:Zoé|Œuvre\\n😀\n4:Émile|€\n";
  g_autoptr (GBytes) le = utf16 (text, FALSE, TRUE);
  g_autoptr (GBytes) be = utf16 (text, TRUE, TRUE);
  g_autoptr (GBytes) le_nobom = utf16 (text, FALSE, FALSE);
  g_autoptr (GBytes) be_nobom = utf16 (text, TRUE, FALSE);

  assert_parse_bytes (le, MR_CSV_ENCODING_AUTO, expected, MR_CSV_ENCODING_UTF16LE);
  assert_parse_bytes (be, MR_CSV_ENCODING_AUTO, expected, MR_CSV_ENCODING_UTF16BE);
  /* chosen, without a BOM */
  assert_parse_bytes (le_nobom, MR_CSV_ENCODING_UTF16LE, expected, MR_CSV_ENCODING_UTF16LE);
  assert_parse_bytes (be_nobom, MR_CSV_ENCODING_UTF16BE, expected, MR_CSV_ENCODING_UTF16BE);
  /* chosen, but the BOM says otherwise: the BOM wins */
  assert_parse_bytes (be, MR_CSV_ENCODING_UTF16LE, expected, MR_CSV_ENCODING_UTF16BE);
}

static void
test_utf16_errors (void)
{
  /* odd length: the last line is named */
  {
    g_autoptr (GBytes) b = utf16 ("a;b\nc;d\n", FALSE, TRUE);
    g_autoptr (GByteArray) odd = g_byte_array_new ();

    g_byte_array_append (odd, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
    g_byte_array_append (odd, (const guint8 *) "x", 1);
    assert_open_error ((const char *) odd->data, odd->len, MR_CSV_ENCODING_AUTO,
                       MR_CSV_ERROR_ENCODING, 3);
  }
  /* a lone high surrogate on line 2, then a lone low one on line 3 */
  {
    const guint8 high[] = { 0xff, 0xfe, 'a', 0,    ';',  0,   'b', 0,    '\n',
                            0,    'c',  0,   0x3d, 0xd8, 'd', 0,   '\n', 0 };
    const guint8 low[] = { 0xfe, 0xff, 0,    'a', 0,   '\r', 0,    '\n', 0,
                           'b',  0,    '\r', 0,   'c', 0xde, 0x00, 0,    '\n' };
    const guint8 high_at_end[] = { 0xff, 0xfe, 'a', 0, 0x3d, 0xd8 };

    assert_open_error ((const char *) high, sizeof high, MR_CSV_ENCODING_AUTO,
                       MR_CSV_ERROR_ENCODING, 2);
    assert_open_error ((const char *) low, sizeof low, MR_CSV_ENCODING_AUTO, MR_CSV_ERROR_ENCODING,
                       3);
    assert_open_error ((const char *) high_at_end, sizeof high_at_end, MR_CSV_ENCODING_AUTO,
                       MR_CSV_ERROR_ENCODING, 1);
  }
  /* U+0000 in UTF-16 is no more text than a NUL byte */
  {
    const guint8 nul[] = { 0xff, 0xfe, 'a', 0, '\n', 0, 0, 0 };

    assert_open_error ((const char *) nul, sizeof nul, MR_CSV_ENCODING_AUTO, MR_CSV_ERROR_ENCODING,
                       2);
  }
}

static void
test_windows_1252 (void)
{
  /* é € œ ’ and, at 0x81, an undefined byte kept as U+0081 */
  const char *data = "Pr\xe9nom;Prix\r\nL\x9cil;3\x80\r\nL\x92"
                     "autre;\x81\r\n";

  assert_parse_full (data, -1, MR_CSV_ENCODING_AUTO, 0,
                     "1:Prénom|Prix\n2:Lœil|3€\n3:L’autre|\xc2\x81\n", ';',
                     MR_CSV_ENCODING_WINDOWS_1252);
  assert_parse_full (data, -1, MR_CSV_ENCODING_WINDOWS_1252, 0,
                     "1:Prénom|Prix\n2:Lœil|3€\n3:L’autre|\xc2\x81\n", ';',
                     MR_CSV_ENCODING_WINDOWS_1252);
  /* every byte 0x80–0xFF maps to something */
  {
    char all[129];
    g_autoptr (GError) error = NULL;
    g_autoptr (MrCsvReader) reader = NULL;
    const char *const *fields;
    guint n;

    for (guint i = 0; i < 128; i++)
      all[i] = (char) (0x80 + i);
    all[128] = '\0';
    reader = reader_new (all, 128, MR_CSV_ENCODING_AUTO, 0, &error);
    g_assert_no_error (error);
    g_assert_true (mr_csv_reader_next (reader, &fields, &n, &error));
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpuint (g_utf8_strlen (fields[0], -1), ==, 128);
    g_assert_true (g_str_has_prefix (fields[0], "€\xc2\x81‚ƒ„…†‡ˆ‰Š‹Œ"));
    g_assert_true (g_str_has_suffix (fields[0], "ùúûüýþÿ"));
  }
}

static void
test_latin1 (void)
{
  /* chosen: 0x80 is U+0080 and 0x9C U+009C, not € and œ */
  assert_parse_full ("Pr\xe9nom;\x80\x9c\n", -1, MR_CSV_ENCODING_LATIN1, 0,
                     "1:Prénom|\xc2\x80\xc2\x9c\n", ';', MR_CSV_ENCODING_LATIN1);
  /* chosen, even when the bytes would be valid UTF-8 */
  assert_parse_full ("\xc3\xa9,x\n", -1, MR_CSV_ENCODING_LATIN1, 0, "1:Ã©|x\n", ',',
                     MR_CSV_ENCODING_LATIN1);
}

static void
test_utf8_errors (void)
{
  /* chosen UTF-8 with a Windows-1252 é on line 3 */
  assert_open_error ("a,b\r\nc,d\r\n\xe9,f\r\n", -1, MR_CSV_ENCODING_UTF8, MR_CSV_ERROR_ENCODING,
                     3);
  /* a BOM declares UTF-8: no silent fallback */
  assert_open_error ("\xef\xbb\xbf"
                     "a\rb\rc\xff\n",
                     -1, MR_CSV_ENCODING_AUTO, MR_CSV_ERROR_ENCODING, 3);
  /* a truncated sequence at the end, an overlong form, a UTF-8 surrogate */
  assert_open_error ("a\nb\xc3", -1, MR_CSV_ENCODING_UTF8, MR_CSV_ERROR_ENCODING, 2);
  assert_open_error ("\xc0\xaf", -1, MR_CSV_ENCODING_UTF8, MR_CSV_ERROR_ENCODING, 1);
  assert_open_error ("x\n\n\xed\xa0\x80", -1, MR_CSV_ENCODING_UTF8, MR_CSV_ERROR_ENCODING, 3);
  /* the same bytes undeclared: Windows-1252, no error */
  assert_parse_full ("x\n\n\xed\xa0\x80", -1, MR_CSV_ENCODING_AUTO, 0, "1:x\n3:í\xc2\xa0€\n", ',',
                     MR_CSV_ENCODING_WINDOWS_1252);
  /* a UTF-8 error far into a long ASCII file (past the fast path's blocks) */
  {
    g_autoptr (GString) s = g_string_new (NULL);

    for (guint i = 0; i < 1000; i++)
      g_string_append (s, "abcdefghijklmnopqrstuvwxyz,0123456789\r\n");
    g_string_append (s, "tail,\xff\r\n");
    assert_open_error (s->str, s->len, MR_CSV_ENCODING_UTF8, MR_CSV_ERROR_ENCODING, 1001);
  }
}

static void
test_binary (void)
{
  static const char data[] = "a,b\nc,\0d\n";

  assert_open_error (data, sizeof data - 1, MR_CSV_ENCODING_AUTO, MR_CSV_ERROR_ENCODING, 2);
  assert_open_error (data, sizeof data - 1, MR_CSV_ENCODING_UTF8, MR_CSV_ERROR_ENCODING, 2);
  assert_open_error (data, sizeof data - 1, MR_CSV_ENCODING_WINDOWS_1252, MR_CSV_ERROR_ENCODING, 2);
  assert_open_error (data, sizeof data - 1, MR_CSV_ENCODING_LATIN1, MR_CSV_ERROR_ENCODING, 2);
  /* A zip (an .xlsx) */
  assert_open_error ("PK\x03\x04\x14\0\0\0", 8, MR_CSV_ENCODING_AUTO, MR_CSV_ERROR_ENCODING, 1);
  /* UTF-16 without a BOM and not chosen looks binary; the message says what to do */
  {
    g_autoptr (GBytes) b = utf16 ("a;b\n", FALSE, FALSE);
    g_autoptr (GError) error = NULL;
    g_autoptr (MrCsvReader) reader = mr_csv_reader_new_from_bytes (b, 0, 0, &error);

    g_assert_error (error, MR_CSV_ERROR, MR_CSV_ERROR_ENCODING);
    g_assert_nonnull (strstr (error->message, "UTF-16"));
  }
}

static void
test_unterminated_quote (void)
{
  const char *cases[][2] = {
    { "a,b\nc,\"d\ne\nf\n", "2" },
    { "a,b\n\"x\ny\",z\n\"open,w\n", "4" },
    { "\"", "1" },
    { "a\r\n\r\n\"b\"\"", "3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MrCsvReader) reader = reader_new (cases[i][0], -1, 0, ',', &error);
      g_autofree char *dump = NULL;
      g_autofree char *prefix = g_strdup_printf ("line %s: ", cases[i][1]);
      const char *const *fields;
      guint n;

      g_assert_no_error (error);
      dump = dump_reader (reader, &error);
      g_assert_null (dump);
      g_assert_error (error, MR_CSV_ERROR, MR_CSV_ERROR_UNTERMINATED_QUOTE);
      if (!g_str_has_prefix (error->message, prefix))
        g_error ("case %u: expected “%s…”, got “%s”", i, prefix, error->message);
      g_clear_error (&error);
      /* and it stays at the end */
      g_assert_false (mr_csv_reader_next (reader, &fields, &n, &error));
      g_assert_no_error (error);
    }
}

static void
test_empty_file (void)
{
  const char *cases[] = { "", "\n", "\r\n\r\n", "  \n\t\r" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MrCsvReader) reader = reader_new (cases[i], -1, 0, 0, &error);

      g_assert_null (reader);
      g_assert_error (error, MR_CSV_ERROR, MR_CSV_ERROR_EMPTY);
    }
  /* but with tab as the separator, a line of tabs is a record of empty fields */
  assert_parse_full ("\t\r\n", -1, MR_CSV_ENCODING_AUTO, '\t', "1:|\n", '\t', MR_CSV_ENCODING_UTF8);
  assert_parse ("\t\"\"\n", "1:|\n", '\t');
}

static void
test_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mr-csv-XXXXXX", &error);
  g_autofree char *utf8_path = g_build_filename (dir, "utf8.csv", NULL);
  g_autofree char *cp_path = g_build_filename (dir, "cp1252.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (utf8_path, "\xef\xbb\xbfNom;Prénom\r\nÉ;Z\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (cp_path, "Nom;Pr\xe9nom\r\n\x80;Z\r\n", -1, NULL));
  {
    g_autoptr (MrCsvReader) reader = mr_csv_reader_new_from_file (utf8_path, 0, 0, &error);
    g_autofree char *dump = NULL;

    g_assert_no_error (error);
    dump = dump_reader (reader, &error);
    g_assert_cmpstr (dump, ==, "1:Nom|Prénom\n2:É|Z\n");
    g_assert_cmpint (mr_csv_reader_get_encoding (reader), ==, MR_CSV_ENCODING_UTF8);
  }
  {
    g_autoptr (MrCsvReader) reader = mr_csv_reader_new_from_file (cp_path, 0, 0, &error);
    g_autofree char *dump = NULL;

    g_assert_no_error (error);
    dump = dump_reader (reader, &error);
    g_assert_cmpstr (dump, ==, "1:Nom|Prénom\n2:€|Z\n");
    g_assert_cmpint (mr_csv_reader_get_encoding (reader), ==, MR_CSV_ENCODING_WINDOWS_1252);
  }
  {
    g_autoptr (MrCsvReader) reader =
      mr_csv_reader_new_from_file (cp_path, MR_CSV_ENCODING_UTF8, 0, &error);

    g_assert_null (reader);
    g_assert_error (error, MR_CSV_ERROR, MR_CSV_ERROR_ENCODING);
    g_clear_error (&error);
  }
  {
    g_autoptr (MrCsvReader) reader = mr_csv_reader_new_from_file (missing, 0, 0, &error);

    g_assert_null (reader);
    g_assert_error (error, MR_CSV_ERROR, MR_CSV_ERROR_IO);
    g_clear_error (&error);
  }
  g_unlink (utf8_path);
  g_unlink (cp_path);
  g_rmdir (dir);
}

static void
test_progress (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrCsvReader) reader = reader_new ("ab,c\ndef,g\n", -1, 0, 0, &error);
  const char *const *fields;
  guint n;

  g_assert_cmpuint (mr_csv_reader_get_length (reader), ==, 11);
  g_assert_cmpuint (mr_csv_reader_get_offset (reader), ==, 0);
  g_assert_true (mr_csv_reader_next (reader, &fields, &n, &error));
  g_assert_cmpuint (mr_csv_reader_get_offset (reader), ==, 5);
  g_assert_true (mr_csv_reader_next (reader, &fields, &n, &error));
  g_assert_cmpuint (mr_csv_reader_get_offset (reader), ==, 11);
  g_assert_false (mr_csv_reader_next (reader, &fields, &n, &error));
  g_assert_no_error (error);
  g_assert_false (mr_csv_reader_next (reader, &fields, &n, &error));
  g_assert_no_error (error);
}

static void
test_encoding_names (void)
{
  const struct
  {
    const char *name;
    MrCsvEncoding encoding;
  } good[] = {
    { "auto", MR_CSV_ENCODING_AUTO },
    { "UTF-8", MR_CSV_ENCODING_UTF8 },
    { "utf8", MR_CSV_ENCODING_UTF8 },
    { "utf-16le", MR_CSV_ENCODING_UTF16LE },
    { "UTF_16LE", MR_CSV_ENCODING_UTF16LE },
    { "utf-16be", MR_CSV_ENCODING_UTF16BE },
    { "windows-1252", MR_CSV_ENCODING_WINDOWS_1252 },
    { "CP1252", MR_CSV_ENCODING_WINDOWS_1252 },
    { "Windows 1252", MR_CSV_ENCODING_WINDOWS_1252 },
    { "latin-1", MR_CSV_ENCODING_LATIN1 },
    { "ISO-8859-1", MR_CSV_ENCODING_LATIN1 },
    { "iso_8859_1", MR_CSV_ENCODING_LATIN1 },
  };
  const char *bad[] = { "",  "utf-32", "iso-8859-15", "ebcdic", "utf-8-but-much-longer-than-any",
                        NULL };
  MrCsvEncoding e;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      e = 99;
      g_assert_true (mr_csv_encoding_from_string (good[i].name, &e));
      g_assert_cmpint (e, ==, good[i].encoding);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (mr_csv_encoding_from_string (bad[i], &e));
  for (e = MR_CSV_ENCODING_AUTO; e <= MR_CSV_ENCODING_LATIN1; e++)
    {
      MrCsvEncoding back = 99;

      g_assert_true (mr_csv_encoding_from_string (mr_csv_encoding_to_string (e), &back));
      g_assert_cmpint (back, ==, e);
    }
  g_assert_cmpstr (mr_csv_encoding_to_string (MR_CSV_ENCODING_WINDOWS_1252), ==, "windows-1252");
}

static void
test_writer (void)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *row[] = { "plain",  "a,b", "say \"hi\"", "two\nlines", " lead",
                        "trail ", NULL,  "",           "é;x",        "cr\rhere" };
  const char *single_empty[] = { "" };
  const char *two_empty[] = { "", NULL };

  mr_csv_append_record (out, row, G_N_ELEMENTS (row), ',');
  g_assert_cmpstr (out->str, ==,
                   "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" lead\",\"trail \",,,é;x,"
                   "\"cr\rhere\"\r\n");
  g_string_truncate (out, 0);
  mr_csv_append_record (out, row, G_N_ELEMENTS (row), ';');
  g_assert_true (g_str_has_prefix (out->str, "plain;a,b;"));
  g_assert_true (g_str_has_suffix (out->str, ";;;\"é;x\";\"cr\rhere\"\r\n"));
  g_string_truncate (out, 0);
  /* a lone empty field must not become an empty line, which is skipped */
  mr_csv_append_record (out, single_empty, 1, ',');
  mr_csv_append_record (out, two_empty, 2, ',');
  g_assert_cmpstr (out->str, ==, "\"\"\r\n,\r\n");
  g_string_truncate (out, 0);
  mr_csv_append_field (out, "x\ty", '\t');
  mr_csv_append_field (out, NULL, '\t');
  g_assert_cmpstr (out->str, ==, "\"x\ty\"");
  g_string_truncate (out, 0);
  /* a leading U+FEFF would be taken for a byte order mark */
  mr_csv_append_field (out, "\xef\xbb\xbfx", ',');
  g_assert_cmpstr (out->str, ==, "\"\xef\xbb\xbfx\"");
}

/* What the writer writes, the reader reads back the same. */
static void
test_round_trip (void)
{
  const char *rows[][4] = {
    { "First name", "Last name", "Notes", "Email" },
    { "Zoé", "O'Brien", "line 1\nline 2", "z@example.com" },
    { "", "\"quoted\"", " spaced ", "" },
    { ";", ",", "\t", "a\"b" },
  };
  const char seps[] = { ',', ';', '\t' };

  for (guint s = 0; s < G_N_ELEMENTS (seps); s++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (MrCsvReader) reader = NULL;
      const char *const *fields;
      guint n;

      for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
        mr_csv_append_record (out, rows[r], 4, seps[s]);
      reader = reader_new (out->str, out->len, 0, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpint (mr_csv_reader_get_separator (reader), ==, seps[s]);
      for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
        {
          g_assert_true (mr_csv_reader_next (reader, &fields, &n, &error));
          g_assert_cmpuint (n, ==, 4);
          for (guint i = 0; i < 4; i++)
            g_assert_cmpstr (fields[i], ==, rows[r][i]);
        }
      g_assert_false (mr_csv_reader_next (reader, &fields, &n, &error));
      g_assert_no_error (error);
    }
}

/* Header matching -------------------------------------------------------- */

typedef struct
{
  const char *header;
  const char *field; /* NULL: must not match */
} HeaderCase;

static void
assert_headers (MrImportKind kind, const HeaderCase *cases, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *got = mr_import_match_header (kind, cases[i].header);

      if (g_strcmp0 (got, cases[i].field) != 0)
        g_error ("%s: “%s” matched %s, expected %s", mr_import_kind_to_string (kind),
                 cases[i].header, got ? got : "nothing",
                 cases[i].field ? cases[i].field : "nothing");
      if (got != NULL)
        g_assert_cmpint (mr_import_header_priority (kind, cases[i].header), <, G_MAXINT);
      else
        g_assert_cmpint (mr_import_header_priority (kind, cases[i].header), ==, G_MAXINT);
    }
}

static void
test_headers_outlook (void)
{
  const HeaderCase en[] = {
    { "Title", NULL },
    { "First Name", "first_name" },
    { "Middle Name", NULL },
    { "Last Name", "last_name" },
    { "Company", NULL },
    { "Department", "department" },
    { "Job Title", NULL },
    { "Business Phone", "phone" },
    { "Business Phone 2", "phone" },
    { "Home Phone", NULL },
    { "Mobile Phone", "phone" },
    { "E-mail Address", "email" },
    { "E-mail Type", NULL },
    { "E-mail Display Name", NULL },
    { "E-mail 2 Address", "email" },
    { "Notes", "notes" },
    { "Office Location", "place" },
    { "Organizational ID Number", "employee_id" },
  };
  const HeaderCase fr[] = {
    { "Prénom", "first_name" },
    { "Deuxième prénom", NULL },
    { "Nom", "last_name" },
    { "Société", NULL },
    { "Service", "department" },
    { "Téléphone (bureau)", "phone" },
    { "Téléphone 2 (bureau)", "phone" },
    { "Tél. mobile", "phone" },
    { "Adresse de messagerie", "email" },
    { "Adresse de messagerie 2", "email" },
    { "Bureau", "place" },
    { "Notes", "notes" },
  };

  assert_headers (MR_IMPORT_CONTACTS, en, G_N_ELEMENTS (en));
  assert_headers (MR_IMPORT_CONTACTS, fr, G_N_ELEMENTS (fr));
}

static void
test_headers_google (void)
{
  const HeaderCase old_layout[] = {
    { "Name", "full_name" },
    { "Given Name", "first_name" },
    { "Additional Name", NULL },
    { "Family Name", "last_name" },
    { "Notes", "notes" },
    { "E-mail 1 - Type", NULL },
    { "E-mail 1 - Value", "email" },
    { "E-mail 2 - Value", "email" },
    { "Phone 1 - Type", NULL },
    { "Phone 1 - Value", "phone" },
    { "Organization 1 - Name", NULL },
    { "Organization 1 - Title", NULL },
    { "Organization 1 - Department", "department" },
    { "Organization 1 - Location", "place" },
  };
  const HeaderCase new_layout[] = {
    { "First Name", "first_name" }, { "Middle Name", NULL },
    { "Last Name", "last_name" },   { "Organization Name", NULL },
    { "Organization Title", NULL }, { "Organization Department", "department" },
    { "E-mail 1 - Label", NULL },   { "E-mail 1 - Value", "email" },
    { "Phone 1 - Label", NULL },    { "Phone 1 - Value", "phone" },
    { "Notes", "notes" },
  };

  assert_headers (MR_IMPORT_CONTACTS, old_layout, G_N_ELEMENTS (old_layout));
  assert_headers (MR_IMPORT_CONTACTS, new_layout, G_N_ELEMENTS (new_layout));
}

static void
test_headers_thunderbird (void)
{
  const HeaderCase en[] = {
    { "First Name", "first_name" }, { "Last Name", "last_name" },   { "Display Name", "full_name" },
    { "Nickname", NULL },           { "Primary Email", "email" },   { "Secondary Email", "email" },
    { "Work Phone", "phone" },      { "Home Phone", NULL },         { "Mobile Number", "phone" },
    { "Job Title", NULL },          { "Department", "department" }, { "Organization", NULL },
    { "Notes", "notes" },
  };
  const HeaderCase fr[] = {
    { "Prénom", "first_name" },
    { "Nom de famille", "last_name" },
    { "Nom à afficher", "full_name" },
    { "Surnom", NULL },
    { "Adresse électronique principale", "email" },
    { "Adresse électronique secondaire", "email" },
    { "Tél. professionnel", "phone" },
    { "Tél. personnel", NULL },
    { "Portable", "phone" },
    { "Service", "department" },
    { "Notes", "notes" },
  };

  assert_headers (MR_IMPORT_CONTACTS, en, G_N_ELEMENTS (en));
  assert_headers (MR_IMPORT_CONTACTS, fr, G_N_ELEMENTS (fr));
}

static void
test_headers_names (void)
{
  const HeaderCase contacts[] = {
    /* English labels, field names, French words */
    { "First name", "first_name" },
    { "first_name", "first_name" },
    { "Full name", "full_name" },
    { "Email", "email" },
    { "Phone", "phone" },
    { "Personnel ID", "personnel_id" },
    { "personnel_id", "personnel_id" },
    { "Employee ID", "employee_id" },
    { "Department", "department" },
    { "Place", "place" },
    { "Notes", "notes" },
    { "Needs accessible lockers", "needs_accessibility" },
    { "needs_accessibility", "needs_accessibility" },
    { "Prénom", "first_name" },
    { "Nom", "last_name" },
    { "Nom de famille", "last_name" },
    { "Courriel", "email" },
    { "Adresse e-mail", "email" },
    { "Adresse électronique", "email" },
    { "Téléphone", "phone" },
    { "Matricule", "employee_id" },
    { "N° d'employé", "employee_id" },
    { "N° d’employé", "employee_id" },
    { "Identifiant personnel", "personnel_id" },
    { "Service", "department" },
    { "Département", "department" },
    { "Lieu", "place" },
    { "Remarques", "notes" },
    { "Accessibilité", "needs_accessibility" },
    /* case, accents, spaces and punctuation do not matter */
    { "  PRENOM ", "first_name" },
    { "prénom:", "first_name" },
    { "FIRSTNAME", "first_name" },
    { "first-name", "first_name" },
    { "E_MAIL", "email" },
    { "e-mail", "email" },
    { "COURRIEL*", "email" },
    { "Telephone", "phone" },
    { "DEPARTEMENT", "department" },
    { "Personnel-ID", "personnel_id" },
    { "n°  d’EMPLOYE", "employee_id" },
    /* what must not match */
    { "", NULL },
    { "  ", NULL },
    { "-", NULL },
    { "Unknown column", NULL },
    { "Building", NULL },
    { "Enterprise", NULL },
    { "First name 2", NULL },
    { "\xff\xfe", NULL },
  };
  const HeaderCase places[] = {
    { "Site", "site" },
    { "Building", "building" },
    { "Bâtiment", "building" },
    { "BATIMENT", "building" },
    { "Floor", "floor" },
    { "Étage", "floor" },
    { "etage", "floor" },
    { "Mail stop", "mail_stop" },
    { "Mailstop", "mail_stop" },
    { "mail_stop", "mail_stop" },
    { "Point de distribution", "mail_stop" },
    { "Code postal interne", "mail_stop" },
    { "Arrêt courrier", "mail_stop" },
    { "Code", "code" },
    { "Location", "location" },
    { "Localisation", "location" },
    { "Implantation", "location" },
    { "First name", NULL },
    { "Division", NULL },
  };
  const HeaderCase org[] = {
    { "Enterprise", "enterprise" },
    { "Entreprise", "enterprise" },
    { "Division", "division" },
    { "Location", "location" },
    { "Localisation", "location" },
    { "Implantation", "location" },
    { "Code", "code" },
    { "Building", NULL },
    { "Email", NULL },
  };

  assert_headers (MR_IMPORT_CONTACTS, contacts, G_N_ELEMENTS (contacts));
  assert_headers (MR_IMPORT_PLACES, places, G_N_ELEMENTS (places));
  assert_headers (MR_IMPORT_ORG, org, G_N_ELEMENTS (org));
  g_assert_null (mr_import_match_header (MR_IMPORT_CONTACTS, NULL));
}

/* Every field matches its own name and its label; the fields are unique. */
static void
test_fields (void)
{
  const guint expected_n[] = { 12, 6, 4 };

  for (MrImportKind kind = MR_IMPORT_CONTACTS; kind <= MR_IMPORT_ORG; kind++)
    {
      guint n = 0;
      const MrImportField *fields = mr_import_get_fields (kind, &n);

      g_assert_cmpuint (n, ==, expected_n[kind]);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpstr (mr_import_match_header (kind, fields[i].name), ==, fields[i].name);
          g_assert_cmpstr (mr_import_match_header (kind, fields[i].label), ==, fields[i].name);
          g_assert_cmpint (mr_import_header_priority (kind, fields[i].label), ==, 0);
          for (guint j = 0; j < i; j++)
            g_assert_cmpstr (fields[i].name, !=, fields[j].name);
        }
    }
}

static void
test_priorities (void)
{
  const char *ranked[][3] = {
    /* best first, for one field */
    { "Phone", "Business Phone", "Business Phone 2" },
    { "Business Phone", "Business Phone 2", "Mobile Phone" },
    { "Work Phone", "Phone 1 - Value", "Mobile Number" },
    { "Téléphone (bureau)", "Téléphone 2 (bureau)", "Tél. mobile" },
    { "Email", "E-mail Address", "E-mail 2 Address" },
    { "Primary Email", "Secondary Email", "E-mail 3 Address" },
    { "Adresse électronique principale", "Adresse électronique secondaire",
      "Adresse de messagerie 3" },
    { "Place", "Office Location", "Location" },
    { "Full name", "Display Name", "Display Name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranked); i++)
    {
      const char *field = mr_import_match_header (MR_IMPORT_CONTACTS, ranked[i][0]);

      g_assert_nonnull (field);
      for (guint j = 1; j < 3; j++)
        {
          g_assert_cmpstr (mr_import_match_header (MR_IMPORT_CONTACTS, ranked[i][j]), ==, field);
          g_assert_cmpint (mr_import_header_priority (MR_IMPORT_CONTACTS, ranked[i][j - 1]), <=,
                           mr_import_header_priority (MR_IMPORT_CONTACTS, ranked[i][j]));
        }
      g_assert_cmpint (mr_import_header_priority (MR_IMPORT_CONTACTS, ranked[i][0]), <,
                       mr_import_header_priority (MR_IMPORT_CONTACTS, ranked[i][2]));
    }
  g_assert_cmpint (mr_import_header_priority (MR_IMPORT_CONTACTS, "Home Phone"), ==, G_MAXINT);
  g_assert_cmpint (mr_import_header_priority (MR_IMPORT_CONTACTS, NULL), ==, G_MAXINT);
}

static void
test_kinds_and_modes (void)
{
  MrImportKind kind;
  MrImportMode mode;

  for (MrImportKind k = MR_IMPORT_CONTACTS; k <= MR_IMPORT_ORG; k++)
    {
      g_assert_true (mr_import_kind_from_string (mr_import_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_cmpstr (mr_import_kind_to_string (MR_IMPORT_CONTACTS), ==, "contacts");
  g_assert_cmpstr (mr_import_kind_to_string (MR_IMPORT_PLACES), ==, "places");
  g_assert_cmpstr (mr_import_kind_to_string (MR_IMPORT_ORG), ==, "org");
  g_assert_true (mr_import_kind_from_string ("Places", &kind));
  g_assert_cmpint (kind, ==, MR_IMPORT_PLACES);
  g_assert_false (mr_import_kind_from_string ("departments", &kind));
  g_assert_false (mr_import_kind_from_string (NULL, &kind));
  g_assert_true (mr_import_mode_from_string ("add", &mode));
  g_assert_cmpint (mode, ==, MR_IMPORT_MODE_ADD);
  g_assert_true (mr_import_mode_from_string ("update", &mode));
  g_assert_cmpint (mode, ==, MR_IMPORT_MODE_UPDATE);
  g_assert_true (mr_import_mode_from_string ("REPLACE", &mode));
  g_assert_cmpint (mode, ==, MR_IMPORT_MODE_REPLACE);
  g_assert_false (mr_import_mode_from_string ("merge", &mode));
  g_assert_false (mr_import_mode_from_string ("", &mode));
}

static void
test_template (void)
{
  const char *expected[] = {
    "First name,Last name,Full name,Email,Phone,Personnel ID,Employee ID,Department,Place,Notes,"
    "Needs accessible lockers,Private\r\n",
    "Site,Building,Floor,Mail stop,Code,Location\r\n",
    "Enterprise,Division,Location,Code\r\n",
  };

  for (MrImportKind kind = MR_IMPORT_CONTACTS; kind <= MR_IMPORT_ORG; kind++)
    {
      g_autofree char *template = mr_import_template (kind);
      g_autoptr (GError) error = NULL;
      g_autoptr (MrCsvReader) reader = NULL;
      const char *const *headers;
      guint n_headers, n_fields;
      const MrImportField *fields = mr_import_get_fields (kind, &n_fields);

      g_assert_cmpstr (template, ==, expected[kind]);
      /* and it imports back: every column to its field, in order */
      reader = reader_new (template, -1, 0, 0, &error);
      g_assert_no_error (error);
      g_assert_true (mr_csv_reader_next (reader, &headers, &n_headers, &error));
      g_assert_cmpuint (n_headers, ==, n_fields);
      for (guint i = 0; i < n_headers; i++)
        g_assert_cmpstr (mr_import_match_header (kind, headers[i]), ==, fields[i].name);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/line-ends", test_line_ends);
  g_test_add_func ("/csv/final-record-without-line-end", test_final_record_without_line_end);
  g_test_add_func ("/csv/separators", test_separators);
  g_test_add_func ("/csv/quotes", test_quotes);
  g_test_add_func ("/csv/empty-lines", test_empty_lines);
  g_test_add_func ("/csv/trailing-separators", test_trailing_separators);
  g_test_add_func ("/csv/varying-field-count", test_varying_field_count);
  g_test_add_func ("/csv/many-fields", test_many_fields);
  g_test_add_func ("/csv/utf8-bom", test_utf8_bom);
  g_test_add_func ("/csv/utf16", test_utf16);
  g_test_add_func ("/csv/utf16-errors", test_utf16_errors);
  g_test_add_func ("/csv/windows-1252", test_windows_1252);
  g_test_add_func ("/csv/latin1", test_latin1);
  g_test_add_func ("/csv/utf8-errors", test_utf8_errors);
  g_test_add_func ("/csv/binary", test_binary);
  g_test_add_func ("/csv/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/csv/empty-file", test_empty_file);
  g_test_add_func ("/csv/file", test_file);
  g_test_add_func ("/csv/progress", test_progress);
  g_test_add_func ("/csv/encoding-names", test_encoding_names);
  g_test_add_func ("/csv/writer", test_writer);
  g_test_add_func ("/csv/round-trip", test_round_trip);
  g_test_add_func ("/import-fields/outlook", test_headers_outlook);
  g_test_add_func ("/import-fields/google", test_headers_google);
  g_test_add_func ("/import-fields/thunderbird", test_headers_thunderbird);
  g_test_add_func ("/import-fields/names", test_headers_names);
  g_test_add_func ("/import-fields/fields", test_fields);
  g_test_add_func ("/import-fields/priorities", test_priorities);
  g_test_add_func ("/import-fields/kinds-and-modes", test_kinds_and_modes);
  g_test_add_func ("/import-fields/template", test_template);

  return g_test_run ();
}
