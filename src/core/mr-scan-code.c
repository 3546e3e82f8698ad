/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-scan-code"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-scan-code.h"

/* From what a scanner typed to a tracking number and its carriers. Many
 * scanners are set up without AIM identifiers, so GS1 data is also
 * recognised by its shape: a GS inside, the bracketed form, or the two
 * label formats that are unambiguous on their own (an SSCC whose check
 * digit holds, a (420) ZIP + IMpb). Everything else is taken as the
 * number itself, which the carrier rules then judge. */

/* Longer data is no tracking number (and bounds the regex work). */
#define MAX_NUMBER_LEN 40
#define MIN_NUMBER_LEN 6

G_DEFINE_BOXED_TYPE (MrScanCode, mr_scan_code, mr_scan_code_copy, mr_scan_code_free)

static GPtrArray *
new_candidates (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) mr_carrier_match_free);
}

static GPtrArray *
new_elements (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) mr_gs1_element_free);
}

void
mr_scan_code_free (MrScanCode *code)
{
  if (code == NULL)
    return;
  g_free (code->raw);
  g_free (code->aim_id);
  g_free (code->symbology);
  g_free (code->data);
  g_clear_pointer (&code->elements, g_ptr_array_unref);
  g_free (code->gs1_text);
  g_free (code->warning);
  g_free (code->tracking_number);
  g_free (code->postal_code);
  g_clear_pointer (&code->candidates, g_ptr_array_unref);
  g_free (code);
}

MrScanCode *
mr_scan_code_copy (const MrScanCode *code)
{
  MrScanCode *copy;

  g_return_val_if_fail (code != NULL, NULL);
  copy = g_new0 (MrScanCode, 1);
  copy->raw = g_strdup (code->raw);
  copy->aim_id = g_strdup (code->aim_id);
  copy->symbology = g_strdup (code->symbology);
  copy->data = g_strdup (code->data);
  copy->gs1 = code->gs1;
  copy->elements = new_elements ();
  for (guint i = 0; i < code->elements->len; i++)
    {
      const MrGs1Element *e = g_ptr_array_index (code->elements, i);
      MrGs1Element *c = g_new0 (MrGs1Element, 1);

      *c = *e;
      c->value = g_strdup (e->value);
      g_ptr_array_add (copy->elements, c);
    }
  copy->gs1_text = g_strdup (code->gs1_text);
  copy->warning = g_strdup (code->warning);
  copy->source = code->source;
  copy->tracking_number = g_strdup (code->tracking_number);
  copy->check = code->check;
  copy->postal_code = g_strdup (code->postal_code);
  copy->candidates = new_candidates ();
  for (guint i = 0; i < code->candidates->len; i++)
    g_ptr_array_add (copy->candidates,
                     mr_carrier_match_copy (g_ptr_array_index (code->candidates, i)));
  return copy;
}

const char *
mr_scan_source_to_string (MrScanSource source)
{
  switch (source)
    {
    case MR_SCAN_SOURCE_DATA:
      return "data";
    case MR_SCAN_SOURCE_IMPB:
      return "impb";
    case MR_SCAN_SOURCE_SSCC:
      return "sscc";
    case MR_SCAN_SOURCE_GINC:
      return "ginc";
    case MR_SCAN_SOURCE_GIAI:
      return "giai";
    case MR_SCAN_SOURCE_INTERNAL:
      return "internal";
    case MR_SCAN_SOURCE_NONE:
    default:
      return NULL;
    }
}

static GPtrArray *
identify (MrCarrierRules *rules, const char *number)
{
  if (rules == NULL)
    return new_candidates ();
  return mr_carrier_rules_identify (rules, number);
}

static void
set_tracking (MrScanCode *code,
              MrCarrierRules *rules,
              MrScanSource source,
              const char *number,
              GPtrArray *candidates)
{
  code->source = source;
  g_free (code->tracking_number);
  code->tracking_number = g_strdup (number);
  g_clear_pointer (&code->candidates, g_ptr_array_unref);
  code->candidates = candidates != NULL ? g_ptr_array_ref (candidates) : identify (rules, number);
}

static void
add_warning (MrScanCode *code, const char *message)
{
  char *joined;

  if (code->warning == NULL)
    {
      code->warning = g_strdup (message);
      return;
    }
  joined = g_strconcat (code->warning, " ", message, NULL);
  g_free (code->warning);
  code->warning = joined;
}

/* The tracking number among GS1 elements, by the order of the header
 * comment. */
static void
track_gs1 (MrScanCode *code, MrCarrierRules *rules)
{
  GPtrArray *elements = code->elements;
  const MrGs1Element *e;

  if ((e = mr_gs1_find (elements, "420")) != NULL)
    code->postal_code = g_strdup (e->value);
  else if ((e = mr_gs1_find (elements, "421")) != NULL)
    code->postal_code = g_strdup (e->value);

  /* An IMpb: AI 92…95 (the IMpb's channel identifier doubles as the AI). */
  for (guint i = 0; i < elements->len; i++)
    {
      g_autofree char *impb = NULL;
      gboolean valid;

      e = g_ptr_array_index (elements, i);
      if (strlen (e->ai) != 2 || e->ai[0] != '9')
        continue;
      impb = g_strconcat (e->ai, e->value, NULL);
      if (!mr_gs1_is_impb (impb, strlen (impb), &valid))
        continue;
      set_tracking (code, rules, MR_SCAN_SOURCE_IMPB, impb, NULL);
      code->check = valid ? MR_GS1_CHECK_VALID : MR_GS1_CHECK_INVALID;
      if (!valid)
        add_warning (code, _ ("The check digit of the USPS tracking number does not match."));
      return;
    }

  if ((e = mr_gs1_find (elements, "00")) != NULL)
    {
      set_tracking (code, rules, MR_SCAN_SOURCE_SSCC, e->value, NULL);
      code->check = e->check;
      if (e->check == MR_GS1_CHECK_INVALID)
        add_warning (code, _ ("The check digit of the SSCC does not match."));
      return;
    }
  if ((e = mr_gs1_find (elements, "401")) != NULL)
    {
      set_tracking (code, rules, MR_SCAN_SOURCE_GINC, e->value, NULL);
      return;
    }
  if ((e = mr_gs1_find (elements, "8004")) != NULL)
    {
      set_tracking (code, rules, MR_SCAN_SOURCE_GIAI, e->value, NULL);
      return;
    }
  for (guint i = 0; i < elements->len; i++)
    {
      g_autofree char *number = NULL;
      g_autoptr (GPtrArray) candidates = NULL;

      e = g_ptr_array_index (elements, i);
      if (strlen (e->ai) != 2 || e->ai[0] != '9')
        continue;
      number = g_strconcat (e->ai, e->value, NULL);
      candidates = identify (rules, number);
      if (candidates->len > 0)
        {
          set_tracking (code, rules, MR_SCAN_SOURCE_INTERNAL, number, candidates);
          return;
        }
    }
}

static gboolean
looks_like_number (const char *norm)
{
  gsize len = strlen (norm);

  if (len < MIN_NUMBER_LEN || len > MAX_NUMBER_LEN)
    return FALSE;
  for (const char *p = norm; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* The data as a number of its own: normalised, kept when a carrier
 * recognises it or when it has the shape of one. */
static void
track_data (MrScanCode *code, MrCarrierRules *rules, const char *data)
{
  g_autofree char *norm = mr_carrier_normalize (data);
  g_autoptr (GPtrArray) candidates = NULL;

  if (norm == NULL || *norm == '\0')
    return;
  candidates = strlen (norm) <= MAX_NUMBER_LEN * 2 ? identify (rules, norm) : new_candidates ();
  if (candidates->len > 0 || looks_like_number (norm))
    set_tracking (code, rules, MR_SCAN_SOURCE_DATA, norm, candidates);
}

static gboolean
all_digits (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Not declared GS1: is @data GS1 on its own showing? */
static gboolean
implied_gs1 (const char *data, gsize len)
{
  if (memchr (data, MR_GS1_GS, len) != NULL)
    return TRUE;
  if (!all_digits (data))
    return FALSE;
  if (len == 20 && g_str_has_prefix (data, "00") && mr_gs1_check_digit_valid (data + 2, 18))
    return TRUE;
  return g_str_has_prefix (data, "420") && len > 3 + 20;
}

static char *
without_gs (const char *data, gsize len)
{
  GString *plain = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    if (data[i] != MR_GS1_GS)
      g_string_append_c (plain, data[i]);
  return g_string_free (plain, FALSE);
}

static void
use_elements (MrScanCode *code, GPtrArray *elements)
{
  g_clear_pointer (&code->elements, g_ptr_array_unref);
  code->elements = elements;
  code->gs1 = TRUE;
  code->gs1_text = mr_gs1_to_bracketed (elements);
}

MrScanCode *
mr_scan_code_parse (MrCarrierRules *rules, const char *text, gssize len, const MrAimId *known)
{
  MrScanCode *code;
  MrAimId aim;
  gsize aim_len;
  const char *data;
  gsize data_len;
  g_autoptr (GError) error = NULL;
  GPtrArray *elements = NULL;
  gboolean declared_gs1, implied;

  g_return_val_if_fail (text != NULL || len <= 0, NULL);

  code = g_new0 (MrScanCode, 1);
  if (len < 0)
    len = text != NULL ? strlen (text) : 0;
  /* Text fields hold no NUL: what follows one is not part of the code. */
  len = text != NULL ? strnlen (text, len) : 0;
  /* Line ends and blanks around a scan come from the scanner's setup. */
  while (len > 0 && (text[len - 1] == '\r' || text[len - 1] == '\n' || text[len - 1] == ' '))
    len--;
  while (len > 0 && (text[0] == '\r' || text[0] == '\n' || text[0] == ' '))
    {
      text++;
      len--;
    }

  code->raw = g_strndup (text, len);
  code->elements = new_elements ();
  code->candidates = new_candidates ();
  code->source = MR_SCAN_SOURCE_NONE;
  if (!g_utf8_validate (code->raw, -1, NULL))
    {
      add_warning (code, _ ("The scanned data is not text."));
      code->data = g_utf8_make_valid (code->raw, -1);
      return code;
    }

  aim_len = mr_aim_id_parse (code->raw, len, &aim);
  data = code->raw + aim_len;
  data_len = len - aim_len;
  code->data = g_strndup (data, data_len);
  if (aim_len == 0 && known != NULL && known->id[0] == ']')
    aim = *known;
  if (aim.id[0] == ']')
    {
      code->aim_id = g_strdup (aim.id);
      code->symbology = g_strdup (aim.symbology);
    }
  declared_gs1 = aim.gs1;

  /* Labels printed without FNC1 (plain Code 128) still carry GS1
   * data, so the shape counts whatever the symbology, EAN/UPC aside. */
  implied = !declared_gs1 && !aim.gtin && implied_gs1 (data, data_len);
  if (declared_gs1 || implied)
    elements = mr_gs1_parse (data, data_len, &error);
  else if (mr_gs1_is_bracketed (code->data))
    elements = mr_gs1_parse_bracketed (code->data, &error);

  if (elements != NULL)
    {
      use_elements (code, elements);
      track_gs1 (code, rules);
      /* A number that merely looked like GS1 and yields nothing a
       * carrier knows may still be a carrier's own number. */
      if (implied && code->candidates->len == 0)
        {
          g_autofree char *plain = without_gs (data, data_len);
          g_autofree char *norm = mr_carrier_normalize (plain);
          g_autoptr (GPtrArray) candidates = identify (rules, norm);

          if (candidates->len > 0)
            {
              g_ptr_array_set_size (code->elements, 0);
              g_clear_pointer (&code->gs1_text, g_free);
              g_clear_pointer (&code->postal_code, g_free);
              g_clear_pointer (&code->warning, g_free);
              code->gs1 = FALSE;
              code->check = MR_GS1_CHECK_NONE;
              set_tracking (code, rules, MR_SCAN_SOURCE_DATA, norm, candidates);
            }
        }
    }
  else
    {
      g_autofree char *plain = without_gs (data, data_len);

      /* Declared GS1 that does not parse: say why, and still try the
       * data as a number (without its separators). */
      if (error != NULL && (declared_gs1 || !implied))
        add_warning (code, error->message);
      if (!aim.gtin)
        track_data (code, rules, plain);
    }
  return code;
}

char *
mr_scan_unescape (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p++)
    {
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'x':
          if (g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]) &&
              (g_ascii_xdigit_value (p[1]) | g_ascii_xdigit_value (p[2])) != 0)
            {
              g_string_append_c (
                out, (char) (g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2])));
              p += 2;
            }
          else
            g_string_append (out, "\\x");
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case '\\':
          g_string_append_c (out, '\\');
          break;
        default:
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

char *
mr_scan_escape_controls (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p++)
    {
      guchar c = *p;

      if (c == MR_GS1_GS)
        g_string_append (out, "<GS>");
      else if (c == 0x1e)
        g_string_append (out, "<RS>");
      else if (c == 0x04)
        g_string_append (out, "<EOT>");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "<0x%02X>", c);
      else
        g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}
