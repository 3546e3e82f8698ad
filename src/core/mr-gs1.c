/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-gs1"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-gs1.h"

/* GS1 element strings as package labels carry them. The reference is the
 * GS1 General Specifications: an AI's length follows from its first two
 * digits (§3.2), the values of some AIs have a predefined length and need
 * no separator after them (Figure 7.8.5-2), the others end at FNC1 (sent
 * as GS) or at the end of the data. The table below has the AIs a
 * mailroom meets; an AI in an assigned range that is not in it is still
 * parsed (as free text up to the separator) so that one unusual element
 * does not hide the SSCC next to it. */

GQuark
mr_gs1_error_quark (void)
{
  return g_quark_from_static_string ("mr-gs1-error-quark");
}

/* AIM symbology identifiers (ISO/IEC 15424) */

typedef struct
{
  char code;
  const char *name;
  const char *gs1_modifiers; /* the modifier characters that mean FNC1 in first position */
  const char *gs1_name;      /* the symbology's name when GS1 */
} AimSymbology;

static const AimSymbology aim_symbologies[] = {
  { 'A', "Code 39", "", NULL },
  { 'B', "Telepen", "", NULL },
  { 'C', "Code 128", "1", "GS1-128" },
  { 'D', "Code One", "", NULL },
  { 'E', "EAN/UPC", "", NULL },
  { 'F', "Codabar", "", NULL },
  { 'G', "Code 93", "", NULL },
  { 'H', "Code 11", "", NULL },
  { 'I', "Interleaved 2 of 5", "", NULL },
  { 'J', "DotCode", "1", "GS1 DotCode" },
  { 'K', "Code 16K", "1", "GS1 Code 16K" },
  { 'L', "PDF417", "", NULL },
  { 'M', "MSI", "", NULL },
  { 'N', "Anker", "", NULL },
  { 'O', "Codablock", "", NULL },
  { 'P', "Plessey", "", NULL },
  { 'Q', "QR Code", "35", "GS1 QR Code" },
  { 'R', "Straight 2 of 5 (2 bar)", "", NULL },
  { 'S', "Straight 2 of 5 (3 bar)", "", NULL },
  { 'T', "Code 49", "", NULL },
  { 'U', "MaxiCode", "", NULL },
  { 'X', "Other", "", NULL },
  { 'c', "Channel Code", "", NULL },
  { 'd', "Data Matrix", "25", "GS1 DataMatrix" },
  { 'e', "GS1 DataBar", "0", "GS1 DataBar" },
  { 'g', "Grid Matrix", "", NULL },
  { 'h', "Han Xin Code", "", NULL },
  { 'z', "Aztec Code", "14", "GS1 Aztec Code" },
};

gsize
mr_aim_id_parse (const char *text, gsize len, MrAimId *out)
{
  g_return_val_if_fail (text != NULL || len == 0, 0);
  g_return_val_if_fail (out != NULL, 0);

  memset (out, 0, sizeof *out);
  if (len < 3 || text[0] != ']' || !g_ascii_isalnum (text[2]))
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (aim_symbologies); i++)
    {
      const AimSymbology *s = &aim_symbologies[i];

      if (s->code != text[1])
        continue;
      memcpy (out->id, text, 3);
      out->gs1 = strchr (s->gs1_modifiers, text[2]) != NULL;
      out->symbology = out->gs1 ? s->gs1_name : s->name;
      out->gtin = s->code == 'E';
      return 3;
    }
  return 0;
}

/* Application Identifiers */

#define N MR_GS1_AI_NUMERIC
#define C MR_GS1_AI_CHECK
#define D MR_GS1_AI_DATE
#define K MR_GS1_AI_COUNTRY

/* Sorted by AI (strcmp) for bsearch. */
static const MrGs1Ai ai_table[] = {
  { "00", "SSCC", 18, 18, N | C },
  { "01", "GTIN", 14, 14, N | C },
  { "02", "CONTENT", 14, 14, N | C },
  { "10", "BATCH/LOT", 1, 20, 0 },
  { "11", "PROD DATE", 6, 6, N | D },
  { "12", "DUE DATE", 6, 6, N | D },
  { "13", "PACK DATE", 6, 6, N | D },
  { "15", "BEST BEFORE or BEST BY", 6, 6, N | D },
  { "16", "SELL BY", 6, 6, N | D },
  { "17", "USE BY OR EXPIRY", 6, 6, N | D },
  { "20", "VARIANT", 2, 2, N },
  { "21", "SERIAL", 1, 20, 0 },
  { "22", "CPV", 1, 20, 0 },
  { "235", "TPX", 1, 28, 0 },
  { "240", "ADDITIONAL ID", 1, 30, 0 },
  { "241", "CUST. PART No.", 1, 30, 0 },
  { "242", "MTO VARIANT", 1, 6, N },
  { "243", "PCN", 1, 20, 0 },
  { "250", "SECONDARY SERIAL", 1, 30, 0 },
  { "251", "REF. TO SOURCE", 1, 30, 0 },
  { "30", "VAR. COUNT", 1, 8, N },
  { "310", "NET WEIGHT (kg)", 6, 6, N },
  { "311", "LENGTH (m)", 6, 6, N },
  { "312", "WIDTH (m)", 6, 6, N },
  { "313", "HEIGHT (m)", 6, 6, N },
  { "315", "NET VOLUME (l)", 6, 6, N },
  { "316", "NET VOLUME (m3)", 6, 6, N },
  { "320", "NET WEIGHT (lb)", 6, 6, N },
  { "330", "GROSS WEIGHT (kg)", 6, 6, N },
  { "331", "LENGTH (m), log", 6, 6, N },
  { "332", "WIDTH (m), log", 6, 6, N },
  { "333", "HEIGHT (m), log", 6, 6, N },
  { "336", "VOLUME (m3), log", 6, 6, N },
  { "340", "GROSS WEIGHT (lb)", 6, 6, N },
  { "37", "COUNT", 1, 8, N },
  { "390", "AMOUNT", 1, 15, N },
  { "391", "AMOUNT", 4, 18, N | K },
  { "392", "PRICE", 1, 15, N },
  { "393", "PRICE", 4, 18, N | K },
  { "400", "ORDER NUMBER", 1, 30, 0 },
  { "401", "GINC", 1, 30, 0 },
  { "402", "GSIN", 17, 17, N | C },
  { "403", "ROUTE", 1, 30, 0 },
  { "410", "SHIP TO LOC", 13, 13, N | C },
  { "411", "BILL TO", 13, 13, N | C },
  { "412", "PURCHASE FROM", 13, 13, N | C },
  { "413", "SHIP FOR LOC", 13, 13, N | C },
  { "414", "LOC No.", 13, 13, N | C },
  { "415", "PAY TO", 13, 13, N | C },
  { "416", "PROD/SERV LOC", 13, 13, N | C },
  { "417", "PARTY", 13, 13, N | C },
  { "420", "SHIP TO POST", 1, 20, 0 },
  { "421", "SHIP TO POST", 4, 12, K },
  { "422", "ORIGIN", 3, 3, N },
  { "423", "COUNTRY - INITIAL PROCESS.", 3, 15, N },
  { "424", "COUNTRY - PROCESS.", 3, 3, N },
  { "425", "COUNTRY - DISASSEMBLY", 3, 15, N },
  { "426", "COUNTRY - FULL PROCESS", 3, 3, N },
  { "427", "ORIGIN SUBDIVISION", 1, 3, 0 },
  { "7003", "EXPIRY TIME", 10, 10, N },
  { "8003", "GRAI", 14, 30, 0 },
  { "8004", "GIAI", 1, 30, 0 },
  { "8005", "PRICE PER UNIT", 6, 6, N },
  { "8006", "ITIP", 18, 18, N },
  { "8017", "GSRN - PROVIDER", 18, 18, N | C },
  { "8018", "GSRN - RECIPIENT", 18, 18, N | C },
  { "8020", "REF No.", 1, 25, 0 },
  { "90", "INTERNAL", 1, 30, 0 },
  { "91", "INTERNAL", 1, 90, 0 },
  { "92", "INTERNAL", 1, 90, 0 },
  { "93", "INTERNAL", 1, 90, 0 },
  { "94", "INTERNAL", 1, 90, 0 },
  { "95", "INTERNAL", 1, 90, 0 },
  { "96", "INTERNAL", 1, 90, 0 },
  { "97", "INTERNAL", 1, 90, 0 },
  { "98", "INTERNAL", 1, 90, 0 },
  { "99", "INTERNAL", 1, 90, 0 },
};

#undef N
#undef C
#undef D
#undef K

/* The longest value any AI has (the 9x internal ones). */
#define MAX_VALUE_LEN 90

static int
two_digits (const char *s)
{
  if (!g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]))
    return -1;
  return (s[0] - '0') * 10 + (s[1] - '0');
}

guint
mr_gs1_ai_length (const char *digits)
{
  int two;

  g_return_val_if_fail (digits != NULL, 0);
  if (digits[0] == '\0' || (two = two_digits (digits)) < 0)
    return 0;
  if (two <= 4 || (two >= 10 && two <= 22) || two == 30 || two == 37 || two >= 90)
    return 2;
  if ((two >= 23 && two <= 25) || (two >= 40 && two <= 42) || two == 71)
    return 3;
  if ((two >= 31 && two <= 36) || two == 39 || two == 43 || two == 70 || two == 72 ||
      (two >= 80 && two <= 82))
    return 4;
  return 0;
}

/* The value length the first two digits predefine (no FNC1 after it), or
 * 0: the table every GS1 reader carries, so that even an AI we do not
 * know by name in these groups is cut at the right place. */
static guint
predefined_length (int two)
{
  switch (two)
    {
    case 0:
      return 18;
    case 1:
    case 2:
    case 3:
      return 14;
    case 4:
      return 16;
    case 20:
      return 2;
    case 41:
      return 13;
    default:
      if (two >= 11 && two <= 19)
        return 6;
      if (two >= 31 && two <= 36)
        return 6;
      return 0;
    }
}

static int
compare_ai (const void *key, const void *entry)
{
  return strcmp (key, ((const MrGs1Ai *) entry)->ai);
}

const MrGs1Ai *
mr_gs1_ai_lookup (const char *ai)
{
  char key[5] = { 0 };
  gsize len;
  int two;

  g_return_val_if_fail (ai != NULL, NULL);
  len = strlen (ai);
  if (len < 2 || len > 4 || (two = two_digits (ai)) < 0 || mr_gs1_ai_length (ai) != len)
    return NULL;
  for (gsize i = 2; i < len; i++)
    if (!g_ascii_isdigit (ai[i]))
      return NULL;
  memcpy (key, ai, len);
  /* Measures and amounts: the fourth digit is the position of the
   * decimal point, not part of what the AI means. */
  if (len == 4 && ((two >= 31 && two <= 36) || two == 39))
    key[3] = '\0';
  return bsearch (key, ai_table, G_N_ELEMENTS (ai_table), sizeof ai_table[0], compare_ai);
}

/* Check digits */

int
mr_gs1_check_digit (const char *digits, gsize len)
{
  int sum = 0;

  g_return_val_if_fail (digits != NULL || len == 0, -1);
  for (gsize i = 0; i < len; i++)
    {
      char c = digits[len - 1 - i];

      if (!g_ascii_isdigit (c))
        return -1;
      sum += (c - '0') * (i % 2 == 0 ? 3 : 1);
    }
  return (10 - sum % 10) % 10;
}

gboolean
mr_gs1_check_digit_valid (const char *digits, gsize len)
{
  int check;

  if (digits == NULL || len < 2 || !g_ascii_isdigit (digits[len - 1]))
    return FALSE;
  check = mr_gs1_check_digit (digits, len - 1);
  return check >= 0 && check == digits[len - 1] - '0';
}

/* USPS Intelligent Mail package barcode */

static gboolean
all_digits (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

gboolean
mr_gs1_is_impb (const char *digits, gsize len, gboolean *check_valid)
{
  g_return_val_if_fail (digits != NULL || len == 0, FALSE);
  if (check_valid != NULL)
    *check_valid = FALSE;
  if ((len != 22 && len != 26 && len != 30 && len != 34) || !all_digits (digits, len) ||
      digits[0] != '9' || digits[1] < '2' || digits[1] > '5')
    return FALSE;
  if (check_valid != NULL)
    *check_valid = mr_gs1_check_digit_valid (digits, len);
  return TRUE;
}

/* When @value (the digits after "420") is a 5- or 9-digit ZIP code run
 * together with an IMpb, the ZIP's length; else 0. A check digit that
 * holds decides between the two readings; when both hold, the 9-digit ZIP
 * with the (far more common) shorter IMpb wins. */
static gsize
impb_split (const char *value, gsize len)
{
  static const gsize zips[] = { 9, 5 };
  gsize fallback = 0;

  if (!all_digits (value, len))
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (zips); i++)
    {
      gboolean valid;

      if (len <= zips[i] || !mr_gs1_is_impb (value + zips[i], len - zips[i], &valid))
        continue;
      if (valid)
        return zips[i];
      if (fallback == 0)
        fallback = zips[i];
    }
  return fallback;
}

/* Elements */

void
mr_gs1_element_free (MrGs1Element *element)
{
  if (element == NULL)
    return;
  g_free (element->value);
  g_free (element);
}

static GPtrArray *
new_elements (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) mr_gs1_element_free);
}

/* Checks @value against what @ai allows and makes an element of it.
 * @position (1-based) is where the value starts, for messages. */
static MrGs1Element *
make_element (const char *ai, const char *value, gsize len, gsize position, GError **error)
{
  const MrGs1Ai *info = mr_gs1_ai_lookup (ai);
  guint min = info != NULL ? info->min_len : 1;
  guint max = info != NULL ? info->max_len : MAX_VALUE_LEN;
  guint numeric = info != NULL ? info->flags & MR_GS1_AI_NUMERIC : 0;
  MrGs1Element *element;

  if (info == NULL && predefined_length (two_digits (ai)) > 0)
    min = max = predefined_length (two_digits (ai));
  if (len == 0)
    {
      g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_LENGTH,
                   /* Translators: (%s) is a GS1 Application Identifier such as (00). */
                   _ ("AI (%s) at position %u has no value."), ai, (guint) position);
      return NULL;
    }
  if (len < min || len > max)
    {
      if (min == max)
        g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_LENGTH,
                     _ ("AI (%s) at position %u takes %u characters, not %u."), ai,
                     (guint) position, min, (guint) len);
      else if (len < min)
        g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_LENGTH,
                     _ ("AI (%s) at position %u takes at least %u characters, not %u."), ai,
                     (guint) position, min, (guint) len);
      else
        g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_LENGTH,
                     _ ("AI (%s) at position %u takes at most %u characters, not %u."), ai,
                     (guint) position, max, (guint) len);
      return NULL;
    }
  for (gsize i = 0; i < len; i++)
    {
      guchar c = value[i];
      gboolean digit_needed =
        numeric || (info != NULL && (info->flags & MR_GS1_AI_COUNTRY) && i < 3);

      if (c < 0x21 || c > 0x7e)
        {
          g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_CHARSET,
                       _ ("AI (%s): a character at position %u cannot be in GS1 data."), ai,
                       (guint) (position + i));
          return NULL;
        }
      if (digit_needed && !g_ascii_isdigit (c))
        {
          g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_CHARSET,
                       _ ("AI (%s): “%c” at position %u is not a digit."), ai, c,
                       (guint) (position + i));
          return NULL;
        }
    }

  element = g_new0 (MrGs1Element, 1);
  g_strlcpy (element->ai, ai, sizeof element->ai);
  element->value = g_strndup (value, len);
  element->info = info;
  if (info != NULL && (info->flags & MR_GS1_AI_CHECK))
    element->check =
      mr_gs1_check_digit_valid (value, len) ? MR_GS1_CHECK_VALID : MR_GS1_CHECK_INVALID;
  return element;
}

/* Reads the AI at @data[@pos] into @ai; its length, or 0 with @error. */
static guint
read_ai (const char *data, gsize len, gsize pos, char ai[5], GError **error)
{
  char head[3] = { 0 };
  guint ai_len = 0;

  if (pos + 2 <= len)
    {
      head[0] = data[pos];
      head[1] = data[pos + 1];
      ai_len = mr_gs1_ai_length (head);
    }
  if (ai_len == 0 || pos + ai_len > len)
    {
      if (ai_len == 0 && pos + 2 <= len && two_digits (head) >= 0)
        g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_UNKNOWN_AI,
                     _ ("No GS1 Application Identifier starts with “%s” (position %u)."), head,
                     (guint) pos + 1);
      else
        g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_SYNTAX,
                     _ ("A GS1 Application Identifier was expected at position %u."),
                     (guint) pos + 1);
      return 0;
    }
  for (guint i = 0; i < ai_len; i++)
    {
      if (!g_ascii_isdigit (data[pos + i]))
        {
          g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_SYNTAX,
                       _ ("A GS1 Application Identifier was expected at position %u."),
                       (guint) pos + 1);
          return 0;
        }
      ai[i] = data[pos + i];
    }
  ai[ai_len] = '\0';
  return ai_len;
}

/* The value length when it is fixed (by the table, or predefined by the
 * first two digits), else 0. */
static guint
fixed_length (const char *ai)
{
  const MrGs1Ai *info = mr_gs1_ai_lookup (ai);

  if (info != NULL)
    return info->min_len == info->max_len ? info->min_len : 0;
  return predefined_length (two_digits (ai));
}

GPtrArray *
mr_gs1_parse (const char *data, gsize len, GError **error)
{
  g_autoptr (GPtrArray) elements = new_elements ();
  gsize pos = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  while (pos < len)
    {
      char ai[5];
      guint ai_len, fixed;
      gsize start, end;
      MrGs1Element *element;

      /* A leading GS is the FNC1 in first position; two in a row are
       * an encoder's slip that costs nothing to forgive. */
      if (data[pos] == MR_GS1_GS)
        {
          pos++;
          continue;
        }
      ai_len = read_ai (data, len, pos, ai, error);
      if (ai_len == 0)
        return NULL;
      start = pos + ai_len;
      fixed = fixed_length (ai);
      if (fixed > 0)
        {
          end = start;
          while (end < len && end - start < fixed && data[end] != MR_GS1_GS)
            end++;
        }
      else
        {
          const char *gs = memchr (data + start, MR_GS1_GS, len - start);
          gsize zip_len;

          end = gs != NULL ? (gsize) (gs - data) : len;
          /* USPS labels are (420) ZIP, FNC1, IMpb; keyboard-wedge
           * scanners that drop the FNC1 are common. The IMpb's own
           * length, prefix and check digit show where the ZIP ends. */
          if (strcmp (ai, "420") == 0 && end - start > 20 &&
              (zip_len = impb_split (data + start, end - start)) > 0)
            end = start + zip_len;
        }
      element = make_element (ai, data + start, end - start, start + 1, error);
      if (element == NULL)
        return NULL;
      g_ptr_array_add (elements, element);
      pos = end;
    }
  if (elements->len == 0)
    {
      g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_SYNTAX, _ ("The GS1 data is empty."));
      return NULL;
    }
  return g_steal_pointer (&elements);
}

/* The length of "(" digits ")" at @s (4 to 6), or 0. */
static gsize
bracketed_ai_at (const char *s)
{
  gsize n = 0;

  if (s[0] != '(')
    return 0;
  while (n < 4 && g_ascii_isdigit (s[1 + n]))
    n++;
  if (n < 2 || s[1 + n] != ')')
    return 0;
  return n + 2;
}

gboolean
mr_gs1_is_bracketed (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);
  return bracketed_ai_at (text) > 0;
}

GPtrArray *
mr_gs1_parse_bracketed (const char *text, GError **error)
{
  g_autoptr (GPtrArray) elements = new_elements ();
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p = text;
  while (*p == ' ')
    p++;
  while (*p != '\0')
    {
      gsize ai_len = bracketed_ai_at (p);
      g_autoptr (GString) value = g_string_new (NULL);
      char ai[5] = { 0 };
      gsize position;
      MrGs1Element *element;

      if (ai_len == 0)
        {
          g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_SYNTAX,
                       _ ("A GS1 Application Identifier in brackets was expected at position "
                          "%u."),
                       (guint) (p - text) + 1);
          return NULL;
        }
      memcpy (ai, p + 1, ai_len - 2);
      if (mr_gs1_ai_length (ai) != ai_len - 2)
        {
          g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_UNKNOWN_AI,
                       _ ("(%s) at position %u is not a GS1 Application Identifier."), ai,
                       (guint) (p - text) + 1);
          return NULL;
        }
      p += ai_len;
      position = (p - text) + 1;
      for (; *p != '\0' && bracketed_ai_at (p) == 0; p++)
        if (*p != ' ')
          g_string_append_c (value, *p);
      element = make_element (ai, value->str, value->len, position, error);
      if (element == NULL)
        return NULL;
      g_ptr_array_add (elements, element);
    }
  if (elements->len == 0)
    {
      g_set_error (error, MR_GS1_ERROR, MR_GS1_ERROR_SYNTAX, _ ("The GS1 data is empty."));
      return NULL;
    }
  return g_steal_pointer (&elements);
}

char *
mr_gs1_to_bracketed (GPtrArray *elements)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (elements != NULL, NULL);
  for (guint i = 0; i < elements->len; i++)
    {
      const MrGs1Element *e = g_ptr_array_index (elements, i);

      g_string_append_printf (out, "(%s)%s", e->ai, e->value);
    }
  return g_string_free (out, FALSE);
}

const MrGs1Element *
mr_gs1_find (GPtrArray *elements, const char *ai)
{
  g_return_val_if_fail (elements != NULL, NULL);
  g_return_val_if_fail (ai != NULL, NULL);
  for (guint i = 0; i < elements->len; i++)
    {
      const MrGs1Element *e = g_ptr_array_index (elements, i);

      if (strcmp (e->ai, ai) == 0)
        return e;
    }
  return NULL;
}
