/* SPDX-License-Identifier: GPL-3.0-or-later */
/* AIM symbology identifiers, GS1 element strings (FNC1 sent as GS, the
 * bracketed human form, predefined and variable lengths, check digits)
 * and the tracking number a scanned label yields, with its carriers. The
 * check digits below were worked out by hand (weights 3-1 from the
 * right); the SSCC examples are those of the GS1 General Specifications. */
#include "config.h"

#include <string.h>

#include "mr-gs1.h"
#include "mr-scan-code.h"

#define GS "\x1d"

static MrCarrierRules *rules;

static void
test_aim (void)
{
  static const struct
  {
    const char *text;
    const char *symbology; /* NULL: no AIM identifier */
    gboolean gs1;
    gboolean gtin;
  } cases[] = {
    { "]C1420", "GS1-128", TRUE, FALSE },
    { "]C0ABC", "Code 128", FALSE, FALSE },
    { "]d2010", "GS1 DataMatrix", TRUE, FALSE },
    { "]d1abc", "Data Matrix", FALSE, FALSE },
    { "]Q3000", "GS1 QR Code", TRUE, FALSE },
    { "]Q1http", "QR Code", FALSE, FALSE },
    { "]E04006381333931", "EAN/UPC", FALSE, TRUE },
    { "]E4", "EAN/UPC", FALSE, TRUE },
    { "]e0010", "GS1 DataBar", TRUE, FALSE },
    { "]I0123", "Interleaved 2 of 5", FALSE, FALSE },
    { "]A0ABC", "Code 39", FALSE, FALSE },
    { "]z1abc", "GS1 Aztec Code", TRUE, FALSE },
    { "]L2abc", "PDF417", FALSE, FALSE },
    { "]U0abc", "MaxiCode", FALSE, FALSE },
    /* Not identifiers: unknown symbology letter, bad modifier, too short. */
    { "]W1abc", NULL, FALSE, FALSE },
    { "]C*abc", NULL, FALSE, FALSE },
    { "]C", NULL, FALSE, FALSE },
    { "C1420", NULL, FALSE, FALSE },
    { "", NULL, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MrAimId aim;
      gsize n = mr_aim_id_parse (cases[i].text, strlen (cases[i].text), &aim);

      g_test_message ("%s", cases[i].text);
      if (cases[i].symbology == NULL)
        {
          g_assert_cmpuint (n, ==, 0);
          g_assert_cmpstr (aim.id, ==, "");
          continue;
        }
      g_assert_cmpuint (n, ==, 3);
      g_assert_cmpint (strncmp (aim.id, cases[i].text, 3), ==, 0);
      g_assert_cmpstr (aim.symbology, ==, cases[i].symbology);
      g_assert_cmpint (aim.gs1, ==, cases[i].gs1);
      g_assert_cmpint (aim.gtin, ==, cases[i].gtin);
    }
}

static void
test_ai_table (void)
{
  static const struct
  {
    const char *ai;
    guint min, max;
    guint flags;
  } expected[] = {
    { "00", 18, 18, MR_GS1_AI_NUMERIC | MR_GS1_AI_CHECK },
    { "01", 14, 14, MR_GS1_AI_NUMERIC | MR_GS1_AI_CHECK },
    { "02", 14, 14, MR_GS1_AI_NUMERIC | MR_GS1_AI_CHECK },
    { "10", 1, 20, 0 },
    { "11", 6, 6, MR_GS1_AI_NUMERIC | MR_GS1_AI_DATE },
    { "15", 6, 6, MR_GS1_AI_NUMERIC | MR_GS1_AI_DATE },
    { "17", 6, 6, MR_GS1_AI_NUMERIC | MR_GS1_AI_DATE },
    { "21", 1, 20, 0 },
    { "37", 1, 8, MR_GS1_AI_NUMERIC },
    { "400", 1, 30, 0 },
    { "401", 1, 30, 0 },
    { "410", 13, 13, MR_GS1_AI_NUMERIC | MR_GS1_AI_CHECK },
    { "411", 13, 13, MR_GS1_AI_NUMERIC | MR_GS1_AI_CHECK },
    { "412", 13, 13, MR_GS1_AI_NUMERIC | MR_GS1_AI_CHECK },
    { "413", 13, 13, MR_GS1_AI_NUMERIC | MR_GS1_AI_CHECK },
    { "414", 13, 13, MR_GS1_AI_NUMERIC | MR_GS1_AI_CHECK },
    { "415", 13, 13, MR_GS1_AI_NUMERIC | MR_GS1_AI_CHECK },
    { "420", 1, 20, 0 },
    { "421", 4, 12, MR_GS1_AI_COUNTRY },
    { "8004", 1, 30, 0 },
    { "90", 1, 30, 0 },
    { "91", 1, 90, 0 },
    { "99", 1, 90, 0 },
    { "3103", 6, 6, MR_GS1_AI_NUMERIC },
    { "3305", 6, 6, MR_GS1_AI_NUMERIC },
  };
  const MrGs1Ai *ai;

  g_assert_cmpuint (mr_gs1_ai_length ("00"), ==, 2);
  g_assert_cmpuint (mr_gs1_ai_length ("4201"), ==, 3);
  g_assert_cmpuint (mr_gs1_ai_length ("8004"), ==, 4);
  g_assert_cmpuint (mr_gs1_ai_length ("3103"), ==, 4);
  g_assert_cmpuint (mr_gs1_ai_length ("92"), ==, 2);
  g_assert_cmpuint (mr_gs1_ai_length ("05"), ==, 0);
  g_assert_cmpuint (mr_gs1_ai_length ("5"), ==, 0);
  g_assert_cmpuint (mr_gs1_ai_length ("A0"), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("AI %s", expected[i].ai);
      ai = mr_gs1_ai_lookup (expected[i].ai);
      g_assert_nonnull (ai);
      g_assert_cmpuint (ai->min_len, ==, expected[i].min);
      g_assert_cmpuint (ai->max_len, ==, expected[i].max);
      g_assert_cmpuint (ai->flags, ==, expected[i].flags);
      g_assert_nonnull (ai->title);
    }
  g_assert_cmpstr (mr_gs1_ai_lookup ("00")->title, ==, "SSCC");
  g_assert_cmpstr (mr_gs1_ai_lookup ("420")->title, ==, "SHIP TO POST");
  g_assert_null (mr_gs1_ai_lookup ("05"));
  g_assert_null (mr_gs1_ai_lookup ("4200")); /* 420 is a 3-digit AI */
  g_assert_null (mr_gs1_ai_lookup ("42"));
  g_assert_null (mr_gs1_ai_lookup ("4309")); /* assigned range, not in our table */
}

static void
test_check_digits (void)
{
  g_assert_cmpint (mr_gs1_check_digit ("10614141234567890", 17), ==, 8);
  g_assert_cmpint (mr_gs1_check_digit ("00614141123456789", 17), ==, 0);
  g_assert_cmpint (mr_gs1_check_digit ("0950110102091", 13), ==, 7);
  g_assert_cmpint (mr_gs1_check_digit ("12a", 3), ==, -1);
  g_assert_true (mr_gs1_check_digit_valid ("106141412345678908", 18));
  g_assert_false (mr_gs1_check_digit_valid ("106141412345678907", 18));
  /* Swapping two neighbouring digits is caught. */
  g_assert_false (mr_gs1_check_digit_valid ("016141412345678908", 18));
  g_assert_false (mr_gs1_check_digit_valid ("8", 1));
}

/* "ai=value|ai=value" for comparisons. */
static char *
describe (GPtrArray *elements)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < elements->len; i++)
    {
      const MrGs1Element *e = g_ptr_array_index (elements, i);

      g_string_append_printf (out, "%s%s=%s", i ? "|" : "", e->ai, e->value);
    }
  return g_string_free (out, FALSE);
}

static void
assert_parses (const char *data, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) elements = mr_gs1_parse (data, strlen (data), &error);
  g_autofree char *got = NULL;
  g_autofree char *shown = g_strescape (data, NULL);

  g_test_message ("%s", shown);
  g_assert_no_error (error);
  g_assert_nonnull (elements);
  got = describe (elements);
  g_assert_cmpstr (got, ==, expected);
}

static void
assert_fails (const char *data, MrGs1Error code, const char *in_message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) elements = mr_gs1_parse (data, strlen (data), &error);

  g_autofree char *shown = g_strescape (data, NULL);

  g_test_message ("%s → %s", shown, error ? error->message : "(no error)");
  g_assert_null (elements);
  g_assert_error (error, MR_GS1_ERROR, code);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_parse_fnc1 (void)
{
  /* Predefined lengths need no separator: (01) (17) (10). */
  assert_parses ("01095011010209171719050810ABCD1234", "01=09501101020917|17=190508|10=ABCD1234");
  /* A variable-length value ends at GS. */
  assert_parses ("10ABC" GS "21XYZ", "10=ABC|21=XYZ");
  assert_parses ("00106141412345678908"
                 "10ABC" GS "420"
                 "12345",
                 "00=106141412345678908|10=ABC|420=12345");
  /* A leading GS (FNC1 in first position), a GS after a fixed value,
   * doubled separators: accepted. */
  assert_parses (GS "00106141412345678908" GS "42012345", "00=106141412345678908|420=12345");
  assert_parses ("10A" GS GS "21B", "10=A|21=B");
  /* Measures: a 4-digit AI whose last digit is the decimal point. */
  assert_parses ("3103001234"
                 "37"
                 "12",
                 "3103=001234|37=12");
  /* An AI in an assigned range that is not in our table: cut at the
   * separator, still parsed, no title. */
  {
    const char *data = "4309XYZ" GS "00106141412345678908";
    g_autoptr (GPtrArray) e = mr_gs1_parse (data, strlen (data), NULL);

    g_assert_nonnull (e);
    g_assert_cmpuint (e->len, ==, 2);
    g_assert_null (((MrGs1Element *) g_ptr_array_index (e, 0))->info);
  }
  /* AIs we have no entry for in groups with a predefined length (14…,
   * 41…) are cut at that length, with no separator needed. */
  assert_parses ("14123456"
                 "10AB",
                 "14=123456|10=AB");
  assert_parses ("4181234567890123"
                 "10AB",
                 "418=1234567890123|10=AB");
  /* Consignment and asset numbers. */
  assert_parses ("4010614141ABC123" GS "8004061414112345", "401=0614141ABC123|8004=061414112345");
}

static void
test_parse_errors (void)
{
  assert_fails ("", MR_GS1_ERROR_SYNTAX, NULL);
  assert_fails (GS, MR_GS1_ERROR_SYNTAX, NULL);
  assert_fails ("05123", MR_GS1_ERROR_UNKNOWN_AI, "“05”");
  assert_fails ("AB123", MR_GS1_ERROR_SYNTAX, "position 1");
  assert_fails ("0", MR_GS1_ERROR_SYNTAX, NULL);
  /* Too long for its AI: (10) takes at most 20. */
  assert_fails ("10ABCDEFGHIJKLMNOPQRSTU", MR_GS1_ERROR_LENGTH, "(10)");
  /* A fixed-length value cut short by a GS or the end. */
  assert_fails ("0010614141234567890", MR_GS1_ERROR_LENGTH, "18");
  assert_fails ("01123" GS "10A", MR_GS1_ERROR_LENGTH, "(01)");
  /* A letter in a numeric AI, a control character. */
  assert_fails ("0010614141234567890A", MR_GS1_ERROR_CHARSET, "position 20");
  assert_fails ("10AB\tC", MR_GS1_ERROR_CHARSET, "position 5");
  assert_fails ("421X501234", MR_GS1_ERROR_CHARSET, "(421)");
  /* An AI with nothing after it. */
  assert_fails ("10" GS "21A", MR_GS1_ERROR_LENGTH, "no value");
  assert_fails ("42", MR_GS1_ERROR_SYNTAX, NULL);
}

static void
test_parse_bracketed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) e = NULL;
  g_autofree char *got = NULL;
  g_autofree char *back = NULL;

  g_assert_true (mr_gs1_is_bracketed ("(00)1"));
  g_assert_true (mr_gs1_is_bracketed ("(8004)1"));
  g_assert_false (mr_gs1_is_bracketed ("(0)1"));
  g_assert_false (mr_gs1_is_bracketed ("(12345)1"));
  g_assert_false (mr_gs1_is_bracketed ("00"));

  e = mr_gs1_parse_bracketed ("(01)09501101020917(17)190508(10)ABCD1234", &error);
  g_assert_no_error (error);
  got = describe (e);
  g_assert_cmpstr (got, ==, "01=09501101020917|17=190508|10=ABCD1234");
  back = mr_gs1_to_bracketed (e);
  g_assert_cmpstr (back, ==, "(01)09501101020917(17)190508(10)ABCD1234");
  g_clear_pointer (&e, g_ptr_array_unref);
  g_clear_pointer (&got, g_free);

  /* As printed under a label: spaces everywhere. */
  e = mr_gs1_parse_bracketed (" (00) 1 0614141 234567890 8 (420) 12345", &error);
  g_assert_no_error (error);
  got = describe (e);
  g_assert_cmpstr (got, ==, "00=106141412345678908|420=12345");
  g_assert_cmpint (((MrGs1Element *) g_ptr_array_index (e, 0))->check, ==, MR_GS1_CHECK_VALID);
  g_clear_pointer (&e, g_ptr_array_unref);

  /* Variable-length values need no separator here; lengths still hold. */
  e = mr_gs1_parse_bracketed ("(00)1234", &error);
  g_assert_error (error, MR_GS1_ERROR, MR_GS1_ERROR_LENGTH);
  g_clear_error (&error);
  e = mr_gs1_parse_bracketed ("(05)1234", &error);
  g_assert_error (error, MR_GS1_ERROR, MR_GS1_ERROR_UNKNOWN_AI);
  g_clear_error (&error);
  e = mr_gs1_parse_bracketed ("(4200)1234", &error);
  g_assert_error (error, MR_GS1_ERROR, MR_GS1_ERROR_UNKNOWN_AI);
  g_clear_error (&error);
  e = mr_gs1_parse_bracketed ("00(420)1234", &error);
  g_assert_error (error, MR_GS1_ERROR, MR_GS1_ERROR_SYNTAX);
  g_clear_error (&error);
  e = mr_gs1_parse_bracketed ("(420)", &error);
  g_assert_error (error, MR_GS1_ERROR, MR_GS1_ERROR_LENGTH);
}

static void
test_sscc_check (void)
{
  g_autoptr (GPtrArray) good = mr_gs1_parse ("00106141412345678908", 20, NULL);
  g_autoptr (GPtrArray) bad = mr_gs1_parse ("00106141412345678907", 20, NULL);
  g_autoptr (GPtrArray) gln = mr_gs1_parse ("4100614141000418", 16, NULL);
  g_autoptr (GPtrArray) lot = mr_gs1_parse ("10123", 5, NULL);

  /* A wrong check digit is reported, not refused: the label is there. */
  g_assert_nonnull (bad);
  g_assert_cmpint (((MrGs1Element *) g_ptr_array_index (good, 0))->check, ==, MR_GS1_CHECK_VALID);
  g_assert_cmpint (((MrGs1Element *) g_ptr_array_index (bad, 0))->check, ==, MR_GS1_CHECK_INVALID);
  g_assert_cmpint (((MrGs1Element *) g_ptr_array_index (gln, 0))->check, ==, MR_GS1_CHECK_VALID);
  g_assert_cmpint (((MrGs1Element *) g_ptr_array_index (lot, 0))->check, ==, MR_GS1_CHECK_NONE);
}

/* USPS IMpb: "9400111899223100012348" (22, check 8 from the reversed
 * mod-10) and "92612903098765432101234564" (26). */
#define IMPB22 "9400111899223100012348"
#define IMPB26 "92612903098765432101234564"

static void
test_impb (void)
{
  gboolean valid;

  g_assert_true (mr_gs1_is_impb (IMPB22, 22, &valid));
  g_assert_true (valid);
  g_assert_true (mr_gs1_is_impb (IMPB26, 26, &valid));
  g_assert_true (valid);
  g_assert_true (mr_gs1_is_impb ("9400111899223100012349", 22, &valid));
  g_assert_false (valid);
  g_assert_false (mr_gs1_is_impb ("9100111899223100012348", 22, NULL)); /* channel 91 */
  g_assert_false (mr_gs1_is_impb ("940011189922310001234", 21, NULL));

  /* With the FNC1 after the ZIP, ZIP5 and ZIP9. */
  assert_parses ("42012345" GS IMPB22, "420=12345|94=00111899223100012348");
  assert_parses ("420123456789" GS IMPB26, "420=123456789|92=612903098765432101234564");
  /* Without it (keyboard-wedge scanners drop FNC1): the IMpb tells. */
  assert_parses ("42012345" IMPB22, "420=12345|94=00111899223100012348");
  assert_parses ("420123456789" IMPB22, "420=123456789|94=00111899223100012348");
  assert_parses ("42012345" IMPB26, "420=12345|92=612903098765432101234564");
  assert_parses ("420123456789" IMPB26, "420=123456789|92=612903098765432101234564");
  /* Both readings hold: "12345" + 26-digit "9201" IMPB22, or ZIP+4
   * "123459201" + IMPB22. The 9-digit ZIP with the far more common
   * 22-digit IMpb wins. */
  g_assert_true (mr_gs1_is_impb ("9201" IMPB22, 26, &valid));
  g_assert_true (valid);
  assert_parses ("420123459201" IMPB22, "420=123459201|94=00111899223100012348");
  /* Something else run on after a ZIP is still too long. */
  assert_fails ("42012345123456789012345678", MR_GS1_ERROR_LENGTH, "(420)");
}

static const MrCarrierMatch *
find_courier (GPtrArray *candidates, const char *courier)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      const MrCarrierMatch *m = g_ptr_array_index (candidates, i);

      if (strcmp (m->courier_code, courier) == 0)
        return m;
    }
  return NULL;
}

static MrScanCode *
parse (const char *text)
{
  g_autofree char *shown = g_strescape (text, NULL);

  g_test_message ("scan: %s", shown);
  return mr_scan_code_parse (rules, text, -1, NULL);
}

static void
test_code_impb (void)
{
  static const char *inputs[] = {
    "]C142012345" GS IMPB22,     /* GS1-128, as a good scanner sends it */
    "]C142012345" IMPB22,        /* FNC1 lost */
    "]C1420123456789" GS IMPB22, /* ZIP+4 */
    "42012345" GS IMPB22,        /* no AIM identifier */
    "42012345" IMPB22,           /* neither: the bare digits under the barcode */
    "(420)12345(94)00111899223100012348",
    "]d242012345" GS IMPB22, /* GS1 DataMatrix */
    "]Q342012345" GS IMPB22, /* GS1 QR Code */
    "]C0"
    "42012345" IMPB22, /* printed as plain Code 128 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (MrScanCode) code = parse (inputs[i]);
      const MrCarrierMatch *usps;

      g_assert_true (code->gs1);
      g_assert_cmpint (code->source, ==, MR_SCAN_SOURCE_IMPB);
      g_assert_cmpstr (code->tracking_number, ==, IMPB22);
      g_assert_cmpint (code->check, ==, MR_GS1_CHECK_VALID);
      g_assert_true (g_str_has_prefix (code->postal_code, "12345"));
      g_assert_null (code->warning);
      usps = find_courier (code->candidates, "usps");
      g_assert_nonnull (usps);
      g_assert_true (usps->checksum_verified);
      g_assert_cmpstr (usps->number, ==, IMPB22);
      g_assert_nonnull (strstr (usps->tracking_url, IMPB22));
    }

  {
    g_autoptr (MrScanCode) code = parse ("]C1420123456789" GS IMPB26);

    g_assert_cmpstr (code->tracking_number, ==, IMPB26);
    g_assert_cmpstr (code->postal_code, ==, "123456789");
    g_assert_cmpstr (code->symbology, ==, "GS1-128");
    g_assert_cmpstr (code->aim_id, ==, "]C1");
    g_assert_cmpstr (code->gs1_text, ==, "(420)123456789(92)612903098765432101234564");
  }
  {
    /* A misprinted IMpb: still the tracking number, flagged, and no
     * carrier vouches for it. */
    g_autoptr (MrScanCode) code = parse ("]C142012345" GS "9400111899223100012349");

    g_assert_cmpstr (code->tracking_number, ==, "9400111899223100012349");
    g_assert_cmpint (code->check, ==, MR_GS1_CHECK_INVALID);
    g_assert_nonnull (code->warning);
    g_assert_null (find_courier (code->candidates, "usps"));
  }
  {
    /* (420) alone is the routing barcode: a postal code, no number. */
    g_autoptr (MrScanCode) code = parse ("]C142012345");

    g_assert_true (code->gs1);
    g_assert_cmpstr (code->postal_code, ==, "12345");
    g_assert_cmpint (code->source, ==, MR_SCAN_SOURCE_NONE);
    g_assert_null (code->tracking_number);
    g_assert_cmpuint (code->candidates->len, ==, 0);
  }
}

static void
test_code_sscc (void)
{
  {
    g_autoptr (MrScanCode) code = parse ("]C100106141412345678908" GS "42012345");

    g_assert_cmpint (code->source, ==, MR_SCAN_SOURCE_SSCC);
    g_assert_cmpstr (code->tracking_number, ==, "106141412345678908");
    g_assert_cmpint (code->check, ==, MR_GS1_CHECK_VALID);
    g_assert_cmpstr (code->postal_code, ==, "12345");
    g_assert_null (code->warning);
  }
  {
    g_autoptr (MrScanCode) code = parse ("]C100106141412345678907");

    g_assert_cmpint (code->source, ==, MR_SCAN_SOURCE_SSCC);
    g_assert_cmpint (code->check, ==, MR_GS1_CHECK_INVALID);
    g_assert_nonnull (strstr (code->warning, "SSCC"));
  }
  {
    /* No AIM identifier: an SSCC whose check digit holds is recognised
     * by its shape. FedEx Ground's SSCC-18 rule recognises this one. */
    g_autoptr (MrScanCode) code = parse ("00006141411234567890");

    g_assert_true (code->gs1);
    g_assert_cmpint (code->source, ==, MR_SCAN_SOURCE_SSCC);
    g_assert_cmpstr (code->tracking_number, ==, "006141411234567890");
    g_assert_nonnull (find_courier (code->candidates, "fedex"));
  }
  {
    /* Consignment numbers. */
    g_autoptr (MrScanCode) ginc = parse ("]C14010614141ABC123");
    g_autoptr (MrScanCode) giai = parse ("]d28004061414112345");

    g_assert_cmpint (ginc->source, ==, MR_SCAN_SOURCE_GINC);
    g_assert_cmpstr (ginc->tracking_number, ==, "0614141ABC123");
    g_assert_cmpint (giai->source, ==, MR_SCAN_SOURCE_GIAI);
    g_assert_cmpstr (giai->tracking_number, ==, "061414112345");
  }
  {
    /* The SSCC wins over a consignment number on the same label. */
    g_autoptr (MrScanCode) code = parse ("(401)0614141ABC(00)106141412345678908");

    g_assert_cmpint (code->source, ==, MR_SCAN_SOURCE_SSCC);
  }
}

static void
test_code_plain (void)
{
  {
    g_autoptr (MrScanCode) code = parse ("]C01Z999AA10123456784");
    const MrCarrierMatch *ups;

    g_assert_false (code->gs1);
    g_assert_cmpstr (code->symbology, ==, "Code 128");
    g_assert_cmpstr (code->data, ==, "1Z999AA10123456784");
    g_assert_cmpint (code->source, ==, MR_SCAN_SOURCE_DATA);
    g_assert_cmpstr (code->tracking_number, ==, "1Z999AA10123456784");
    ups = find_courier (code->candidates, "ups");
    g_assert_nonnull (ups);
    g_assert_true (ups->checksum_verified);
  }
  {
    /* No identifier, spaces and lower case as a person would type. */
    g_autoptr (MrScanCode) code = parse ("  rb 123 456 785 gb\r\n");

    g_assert_null (code->aim_id);
    g_assert_cmpstr (code->tracking_number, ==, "RB123456785GB");
    g_assert_nonnull (find_courier (code->candidates, "s10"));
  }
  {
    /* Unknown carrier: kept as a number with no candidate. */
    g_autoptr (MrScanCode) code = parse ("INT-000123");

    g_assert_cmpint (code->source, ==, MR_SCAN_SOURCE_DATA);
    g_assert_cmpstr (code->tracking_number, ==, "INT-000123");
    g_assert_cmpuint (code->candidates->len, ==, 0);
  }
  {
    /* Not a number: a URL in a QR Code, a product's EAN. */
    g_autoptr (MrScanCode) url = parse ("]Q1https://example.com/p?id=1");
    g_autoptr (MrScanCode) ean = parse ("]E04006381333931");

    g_assert_cmpint (url->source, ==, MR_SCAN_SOURCE_NONE);
    g_assert_null (url->tracking_number);
    g_assert_cmpint (ean->source, ==, MR_SCAN_SOURCE_NONE);
  }
  {
    /* Declared GS1 that does not parse: a warning, and the data is still
     * tried as a number. */
    g_autoptr (MrScanCode) code = parse ("]C11Z999AA10123456784");

    g_assert_false (code->gs1);
    g_assert_nonnull (code->warning);
    g_assert_cmpstr (code->tracking_number, ==, "1Z999AA10123456784");
    g_assert_nonnull (find_courier (code->candidates, "ups"));
  }
  {
    /* A 20-digit USPS number that is not an SSCC stays a USPS number. */
    g_autoptr (MrScanCode) code = parse ("03071790000000000003");

    g_assert_false (code->gs1);
    g_assert_nonnull (find_courier (code->candidates, "usps"));
  }
  {
    /* An image decoder passes the symbology it read. */
    MrAimId aim;
    g_autoptr (MrScanCode) code = NULL;

    g_assert_cmpuint (mr_aim_id_parse ("]C1", 3, &aim), ==, 3);
    code = mr_scan_code_parse (rules, "00106141412345678908", -1, &aim);
    g_assert_cmpstr (code->aim_id, ==, "]C1");
    g_assert_cmpint (code->source, ==, MR_SCAN_SOURCE_SSCC);
    g_assert_cmpstr (code->raw, ==, "00106141412345678908");
  }
  {
    /* Not text at all. */
    g_autoptr (MrScanCode) code = parse ("\xff\xfe"
                                         "abc");

    g_assert_nonnull (code->warning);
    g_assert_null (code->tracking_number);
  }
  {
    /* No rules: everything but the candidates. */
    g_autoptr (MrScanCode) code = mr_scan_code_parse (NULL, "]C142012345" GS IMPB22, -1, NULL);
    g_autoptr (MrScanCode) copy = mr_scan_code_copy (code);

    g_assert_cmpstr (code->tracking_number, ==, IMPB22);
    g_assert_cmpuint (code->candidates->len, ==, 0);
    g_assert_cmpstr (copy->tracking_number, ==, IMPB22);
    g_assert_cmpuint (copy->elements->len, ==, 2);
  }
}

static void
test_escapes (void)
{
  g_autofree char *a = mr_scan_unescape ("]C1420\\x1d94\\\\x\\t\\q\\x0g\\x00");
  g_autofree char *b = mr_scan_escape_controls ("A\x1d"
                                                "B\x1e"
                                                "C\x04"
                                                "D\x01");

  g_assert_cmpstr (a, ==,
                   "]C1420\x1d"
                   "94\\x\t\\q\\x0g\\x00");
  g_assert_cmpstr (b, ==, "A<GS>B<RS>C<EOT>D<0x01>");
  g_assert_cmpstr (mr_scan_source_to_string (MR_SCAN_SOURCE_SSCC), ==, "sscc");
  g_assert_null (mr_scan_source_to_string (MR_SCAN_SOURCE_NONE));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  rules = mr_carrier_rules_load (BUILD_CARRIERS_DIR, &error);
  g_assert_no_error (error);

  g_test_add_func ("/gs1/aim", test_aim);
  g_test_add_func ("/gs1/ai-table", test_ai_table);
  g_test_add_func ("/gs1/check-digits", test_check_digits);
  g_test_add_func ("/gs1/parse-fnc1", test_parse_fnc1);
  g_test_add_func ("/gs1/parse-errors", test_parse_errors);
  g_test_add_func ("/gs1/parse-bracketed", test_parse_bracketed);
  g_test_add_func ("/gs1/sscc-check", test_sscc_check);
  g_test_add_func ("/gs1/impb", test_impb);
  g_test_add_func ("/scan-code/impb", test_code_impb);
  g_test_add_func ("/scan-code/sscc", test_code_sscc);
  g_test_add_func ("/scan-code/plain", test_code_plain);
  g_test_add_func ("/scan-code/escapes", test_escapes);
  status = g_test_run ();
  mr_carrier_rules_unref (rules);
  return status;
}
