/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a barcode on a parcel label says, before any carrier is named:
 * the AIM symbology identifier a scanner may put in front ("]C1" for
 * GS1-128, "]Q3" for a GS1 QR Code, …, ISO/IEC 15424) and GS1 element
 * strings, the "(00) SSCC (420) ship-to postal code" data of GS1-128 and
 * GS1 DataMatrix package labels. Scanners send FNC1 as the GS control
 * character (0x1D); people write the same data with the Application
 * Identifiers in brackets. */

#define MR_GS1_ERROR (mr_gs1_error_quark ())

typedef enum
{
  MR_GS1_ERROR_SYNTAX,     /* not an element string: no AI where one should be */
  MR_GS1_ERROR_UNKNOWN_AI, /* an AI whose length and format we cannot know */
  MR_GS1_ERROR_LENGTH,     /* a value too short or too long for its AI */
  MR_GS1_ERROR_CHARSET,    /* a letter in a numeric AI, a control character */
} MrGs1Error;

GQuark mr_gs1_error_quark (void);

/* The group separator, which stands for FNC1 in transmitted data. */
#define MR_GS1_GS '\x1d'

/* AIM symbology identifiers */

typedef struct
{
  char id[4];            /* "]C1", NUL-terminated */
  const char *symbology; /* "GS1-128", "Code 128", "QR Code", … (not translated: names) */
  gboolean gs1;          /* the data is a GS1 element string (FNC1 in first position) */
  gboolean gtin;         /* EAN/UPC: the data is a GTIN, not an element string */
} MrAimId;

/* When @text starts with an AIM identifier (']' + a symbology code we
 * know + a modifier character), fills @out and returns its length (3);
 * else returns 0. */
gsize mr_aim_id_parse (const char *text, gsize len, MrAimId *out);

/* Application Identifiers */

typedef enum
{
  MR_GS1_AI_NUMERIC = 1 << 0, /* digits only */
  MR_GS1_AI_CHECK = 1 << 1,   /* the last digit is a GS1 mod-10 check digit */
  MR_GS1_AI_DATE = 1 << 2,    /* YYMMDD */
  MR_GS1_AI_COUNTRY = 1 << 3, /* starts with a 3-digit ISO 3166 country code */
} MrGs1AiFlags;

typedef struct
{
  const char *ai;    /* "00"; for the measures "310" stands for 3100…3109 */
  const char *title; /* the GS1 data title, "SSCC", "SHIP TO POST" (not translated) */
  guint8 min_len;    /* of the value */
  guint8 max_len;    /* of the value; min_len == max_len: fixed length */
  guint8 flags;      /* MrGs1AiFlags */
} MrGs1Ai;

/* The number of digits of the AI that @digits starts with (2, 3 or 4),
 * from its first two digits as GS1 assigns them; 0 when they are not
 * digits or start no AI. */
guint mr_gs1_ai_length (const char *digits);

/* The table entry of @ai ("00", "420", "3103"), or NULL when unknown. */
const MrGs1Ai *mr_gs1_ai_lookup (const char *ai);

typedef enum
{
  MR_GS1_CHECK_NONE,    /* the AI has no check digit */
  MR_GS1_CHECK_VALID,   /* it holds */
  MR_GS1_CHECK_INVALID, /* it does not: a misread or a wrongly printed label */
} MrGs1Check;

typedef struct
{
  char ai[5];
  char *value;
  const MrGs1Ai *info; /* NULL for an AI in an assigned range that we have no entry for */
  MrGs1Check check;
} MrGs1Element;

void mr_gs1_element_free (MrGs1Element *element);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrGs1Element, mr_gs1_element_free)

/* Parses a GS1 element string as transmitted: AI, value, AI, value, …
 * with a GS after every value of variable length that is not the last
 * (a GS after a fixed-length value, and a leading GS standing for the
 * FNC1 in first position, are accepted too). Returns an array of
 * MrGs1Element, or NULL with @error set (MR_GS1_ERROR, translated, naming
 * the AI and the position). A check digit that does not hold is no error:
 * it is reported in the element's check field. */
GPtrArray *mr_gs1_parse (const char *data, gsize len, GError **error);

/* The same for the human form, "(00) 3 0614141 123456789 0 (420) 12345":
 * AIs in brackets, spaces inside values ignored. */
GPtrArray *mr_gs1_parse_bracketed (const char *text, GError **error);

/* TRUE when @text starts like the bracketed form: "(" 2 to 4 digits ")". */
gboolean mr_gs1_is_bracketed (const char *text);

/* "(00)306141411234567890(420)12345". */
char *mr_gs1_to_bracketed (GPtrArray *elements);

/* The first element with @ai, or NULL. */
const MrGs1Element *mr_gs1_find (GPtrArray *elements, const char *ai);

/* GS1 mod-10 check digits (weights 3, 1, 3, … from the right): the check
 * digit of @len digits, -1 if one is not a digit; and whether the last of
 * @len digits is the check digit of the others. */
int mr_gs1_check_digit (const char *digits, gsize len);
gboolean mr_gs1_check_digit_valid (const char *digits, gsize len);

/* A USPS IMpb (Intelligent Mail package barcode) tracking number: 22,
 * 26, 30 or 34 digits starting with a channel identifier 92 to 95; when
 * @check_valid is given it tells whether its mod-10 check digit holds.
 * mr_gs1_parse() uses it to find the end of a (420) ZIP code that a
 * scanner sent without the FNC1 before the IMpb. */
gboolean mr_gs1_is_impb (const char *digits, gsize len, gboolean *check_valid);

G_END_DECLS
