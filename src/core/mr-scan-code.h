/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mr-carriers.h"
#include "mr-gs1.h"

G_BEGIN_DECLS

/* One scanned code, understood: the text a scanner typed (or ZBar read
 * from an image), with its AIM symbology identifier stripped, its GS1
 * elements parsed when it is GS1 data, the tracking number taken from the
 * Application Identifier that carries it on parcel labels, and the
 * carriers that number may belong to (mr-carriers.h).
 *
 * Where the tracking number comes from, in this order:
 *  - (420) ship-to ZIP code followed by a USPS IMpb (Intelligent Mail
 *    package barcode: "92"…"95" then 20, 24, 28 or 32 more digits), with
 *    or without the GS between them;
 *  - (00) SSCC, its check digit verified;
 *  - (401) GINC or (8004) GIAI, the consignment number;
 *  - an internal AI (90 to 99) whose AI and value a carrier recognises
 *    (FedEx Ground's "96…");
 *  - for data that is not GS1: the data itself (spaces removed, upper
 *    case), when it looks like a number (letters and digits, 6 to 40). */

typedef enum
{
  MR_SCAN_SOURCE_NONE,     /* no tracking number in this code (a product GTIN, a URL, …) */
  MR_SCAN_SOURCE_DATA,     /* the whole data */
  MR_SCAN_SOURCE_IMPB,     /* a USPS IMpb, after (420) or as an internal AI 92…95 */
  MR_SCAN_SOURCE_SSCC,     /* (00) */
  MR_SCAN_SOURCE_GINC,     /* (401) */
  MR_SCAN_SOURCE_GIAI,     /* (8004) */
  MR_SCAN_SOURCE_INTERNAL, /* an internal AI 90…99 that a carrier's rules recognise */
} MrScanSource;

typedef struct
{
  char *raw;           /* as given (GS as 0x1D) */
  char *aim_id;        /* "]C1" as sent or as the decoder knew it, or NULL: unknown */
  char *symbology;     /* named by the AIM id ("GS1-128", "QR Code"), or NULL */
  char *data;          /* without the AIM id */
  gboolean gs1;        /* parsed as a GS1 element string */
  GPtrArray *elements; /* of MrGs1Element; empty unless gs1 */
  char *gs1_text;      /* the elements in the bracketed form, or NULL */
  char *warning;       /* translated, or NULL: not valid GS1, a wrong check digit… */
  MrScanSource source;
  char *tracking_number; /* or NULL (source NONE) */
  MrGs1Check check;      /* the SSCC's or the IMpb's check digit */
  char *postal_code;     /* from (420) or (421), or NULL */
  GPtrArray *candidates; /* of MrCarrierMatch, best first; empty for an unknown carrier */
} MrScanCode;

#define MR_TYPE_SCAN_CODE (mr_scan_code_get_type ())
GType mr_scan_code_get_type (void) G_GNUC_CONST;

/* @text: @len bytes (-1: NUL-terminated) as the scanner sent them. A
 * leading AIM identifier in @text names the symbology; else @aim may
 * (an image decoder knows the symbology of what it read: see
 * mr_aim_id_parse() to make one from "]C1"), else it is unknown. @rules
 * may be NULL: no carrier candidates then. Never fails (for any @text,
 * including NULL with @len 0): a code that is not valid GS1 is still
 * returned, with a warning. */
MrScanCode *
mr_scan_code_parse (MrCarrierRules *rules, const char *text, gssize len, const MrAimId *aim);

MrScanCode *mr_scan_code_copy (const MrScanCode *code);
void mr_scan_code_free (MrScanCode *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrScanCode, mr_scan_code_free)

/* "impb", "sscc", … for JSON; NULL for NONE. */
const char *mr_scan_source_to_string (MrScanSource source);

/* @text with "\x1d"-style escapes (and \\, \t, \n, \r) turned into the
 * bytes, for typing GS on a command line. */
char *mr_scan_unescape (const char *text);

/* @text (UTF-8) with control characters made visible: GS as "<GS>", RS as
 * "<RS>", EOT as "<EOT>", others as "<0xNN>". */
char *mr_scan_escape_controls (const char *text);

G_END_DECLS
