/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mr-barcode-decode.h"
#include "mr-carriers.h"
#include "mr-cli-private.h"
#include "mr-scan-code.h"

/* mailroom-cli scan: what the receiving desk reads from barcodes. "parse"
 * takes the text a scanner typed (AIM identifier, GS1 separators and
 * all) and "decode" finds the barcodes in image and PDF files; both show
 * the GS1 elements, the tracking number and its carriers, so that a
 * scanner's setup and a carrier's labels can be checked from a terminal. */

static const char *
check_to_string (MrGs1Check check)
{
  switch (check)
    {
    case MR_GS1_CHECK_VALID:
      return "valid";
    case MR_GS1_CHECK_INVALID:
      return "invalid";
    case MR_GS1_CHECK_NONE:
    default:
      return NULL;
    }
}

static const char *
check_label (MrGs1Check check)
{
  switch (check)
    {
    case MR_GS1_CHECK_VALID:
      return _ ("check digit valid");
    case MR_GS1_CHECK_INVALID:
      return _ ("check digit wrong");
    case MR_GS1_CHECK_NONE:
    default:
      return "";
    }
}

static const char *
source_label (MrScanSource source)
{
  switch (source)
    {
    case MR_SCAN_SOURCE_DATA:
      return _ ("the whole code");
    case MR_SCAN_SOURCE_IMPB:
      return _ ("USPS IMpb");
    case MR_SCAN_SOURCE_SSCC:
      return _ ("(00) SSCC");
    case MR_SCAN_SOURCE_GINC:
      return _ ("(401) consignment");
    case MR_SCAN_SOURCE_GIAI:
      return _ ("(8004) GIAI");
    case MR_SCAN_SOURCE_INTERNAL:
      return _ ("internal AI");
    case MR_SCAN_SOURCE_NONE:
    default:
      return "";
    }
}

/* The members describing @code, into the object being built. */
static void
json_code (JsonBuilder *b, const MrScanCode *code)
{
  mr_cli_json_string (b, "aim_id", code->aim_id);
  mr_cli_json_string (b, "aim_symbology", code->symbology);
  mr_cli_json_string (b, "data", code->data);
  mr_cli_json_bool (b, "gs1", code->gs1);
  mr_cli_json_string (b, "gs1_text", code->gs1_text);
  json_builder_set_member_name (b, "elements");
  json_builder_begin_array (b);
  for (guint i = 0; i < code->elements->len; i++)
    {
      const MrGs1Element *e = g_ptr_array_index (code->elements, i);

      json_builder_begin_object (b);
      mr_cli_json_string (b, "ai", e->ai);
      mr_cli_json_string (b, "title", e->info != NULL ? e->info->title : NULL);
      mr_cli_json_string (b, "value", e->value);
      mr_cli_json_string (b, "check_digit", check_to_string (e->check));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  mr_cli_json_string (b, "tracking_number", code->tracking_number);
  mr_cli_json_string (b, "source", mr_scan_source_to_string (code->source));
  mr_cli_json_string (b, "check_digit", check_to_string (code->check));
  mr_cli_json_string (b, "postal_code", code->postal_code);
  mr_cli_json_string (b, "warning", code->warning);
  json_builder_set_member_name (b, "candidates");
  json_builder_begin_array (b);
  for (guint i = 0; i < code->candidates->len; i++)
    {
      const MrCarrierMatch *m = g_ptr_array_index (code->candidates, i);

      json_builder_begin_object (b);
      mr_cli_json_string (b, "courier_code", m->courier_code);
      mr_cli_json_string (b, "courier_name", m->courier_name);
      mr_cli_json_string (b, "type_id", m->type_id);
      mr_cli_json_string (b, "type_name", m->type_name);
      mr_cli_json_bool (b, "has_checksum", m->has_checksum);
      mr_cli_json_bool (b, "verified", m->checksum_verified);
      mr_cli_json_string (b, "service_type", m->service_type);
      mr_cli_json_string (b, "tracking_url", m->tracking_url);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The readable form, indented by @indent spaces. */
static void
print_code (const MrScanCode *code, guint indent)
{
  g_autofree char *pad = g_strnfill (indent, ' ');

  if (code->gs1)
    {
      g_print ("%s%s %s\n", pad, _ ("GS1:"), code->gs1_text);
      for (guint i = 0; i < code->elements->len; i++)
        {
          const MrGs1Element *e = g_ptr_array_index (code->elements, i);
          g_autofree char *ai = g_strdup_printf ("(%s)", e->ai);

          g_print ("%s  %-6s %-22s %s%s%s\n", pad, ai, e->info != NULL ? e->info->title : "",
                   e->value, e->check != MR_GS1_CHECK_NONE ? "  " : "", check_label (e->check));
        }
    }
  if (code->warning != NULL)
    g_print ("%s%s %s\n", pad, _ ("Warning:"), code->warning);
  if (code->tracking_number == NULL)
    {
      g_print ("%s%s\n", pad, _ ("No tracking number in this code."));
      return;
    }
  if (code->check != MR_GS1_CHECK_NONE)
    g_print ("%s%s %s (%s, %s)\n", pad, _ ("Tracking number:"), code->tracking_number,
             source_label (code->source), check_label (code->check));
  else
    g_print ("%s%s %s (%s)\n", pad, _ ("Tracking number:"), code->tracking_number,
             source_label (code->source));
  if (code->postal_code != NULL)
    g_print ("%s%s %s\n", pad, _ ("Postal code:"), code->postal_code);
  if (code->candidates->len == 0)
    {
      g_print ("%s%s\n", pad, _ ("Carrier: unknown carrier"));
      return;
    }
  {
    g_autofree char *courier_header = g_strconcat (pad, _ ("Courier"), NULL);
    g_autoptr (MrCliTable) table = mr_cli_table_new (courier_header, _ ("Type"), _ ("Verified"),
                                                     _ ("Service type"), _ ("Tracking URL"), NULL);

    for (guint i = 0; i < code->candidates->len; i++)
      {
        const MrCarrierMatch *m = g_ptr_array_index (code->candidates, i);
        g_autofree char *courier = g_strconcat (pad, m->courier_code, NULL);

        mr_cli_table_add_row (
          table, courier, m->type_name, m->checksum_verified ? _ ("yes") : _ ("no"),
          m->service_type ? m->service_type : "", m->tracking_url ? m->tracking_url : "");
      }
    mr_cli_table_print (table);
  }
}

static MrCarrierRules *
load_rules (int *status)
{
  g_autoptr (GError) error = NULL;
  MrCarrierRules *rules = mr_carrier_rules_load (mr_carrier_rules_get_default_dir (), &error);

  if (rules == NULL)
    *status = mr_cli_report_error (error);
  return rules;
}

/* scan parse */

static void
parse_one (MrCli *cli, MrCliJsonStream *stream, MrCarrierRules *rules, const char *input)
{
  g_autofree char *text = mr_scan_unescape (input);
  g_autoptr (MrScanCode) code = mr_scan_code_parse (rules, text, -1, NULL);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_json_string (b, "input", text);
      json_code (b, code);
      json_builder_end_object (b);
      mr_cli_json_stream_add (stream, b);
      return;
    }
  {
    g_autofree char *shown = mr_scan_escape_controls (code->raw);

    g_print ("%s\n", shown);
    if (code->symbology != NULL)
      g_print ("  %s %s (%s)\n", _ ("Symbology:"), code->symbology, code->aim_id);
    print_code (code, 2);
    g_print ("\n");
  }
}

static int
scan_parse (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = {
    _ ("[TEXT…]"),
    _ ("Reads scanned text as a barcode scanner sends it: an AIM symbology identifier such as "
       "]C1 in front, GS1 element strings with the GS character (type it as \\x1d) or in the "
       "bracketed form (00)…(420)…. Prints the GS1 elements, the tracking number taken from "
       "the right Application Identifier ((420) + USPS IMpb, (00) SSCC, (401), (8004)) and the "
       "carriers it may belong to. Without TEXT, reads one code per line from standard input."),
    NULL, 0, G_MAXINT
  };
  g_autoptr (MrCarrierRules) rules = NULL;
  MrCliJsonStream stream;
  int status;

  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  rules = load_rules (&status);
  if (rules == NULL)
    return status;

  if (cli->json)
    mr_cli_json_stream_begin (&stream);
  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        parse_one (cli, &stream, rules, argv[i]);
    }
  else
    {
      g_autofree char *line = NULL;
      size_t size = 0;

      /* getline(): a 2D code can be a few kilobytes on one line. */
      while (getline (&line, &size, stdin) >= 0)
        {
          line[strcspn (line, "\r\n")] = '\0';
          if (*line != '\0')
            parse_one (cli, &stream, rules, line);
        }
    }
  if (cli->json)
    mr_cli_json_stream_end (&stream);
  return MR_CLI_OK;
}

/* scan decode */

static void
json_symbol (JsonBuilder *b, const MrDecodedSymbol *s)
{
  json_builder_begin_object (b);
  mr_cli_json_int (b, "page", s->page);
  mr_cli_json_string (b, "symbology", s->symbology);
  mr_cli_json_string (b, "text", s->text);
  json_builder_set_member_name (b, "box");
  json_builder_begin_object (b);
  mr_cli_json_int (b, "x", s->x);
  mr_cli_json_int (b, "y", s->y);
  mr_cli_json_int (b, "width", s->width);
  mr_cli_json_int (b, "height", s->height);
  json_builder_end_object (b);
  json_code (b, s->code);
  json_builder_end_object (b);
}

static int
scan_decode (MrCli *cli, int argc, char **argv)
{
  int dpi = MR_BARCODE_DECODE_DEFAULT_DPI;
  const GOptionEntry entries[] = {
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi,
      N_ ("Resolution PDF pages are rendered at (default: 300)"), N_ ("DPI") },
    { NULL },
  };
  MrCliSpec spec = {
    _ ("FILE…"),
    _ ("Finds the barcodes in image files (PNG, JPEG, TIFF, …) and on every page of PDF files, "
       "and prints each symbol found: its symbology and text and, for tracking labels, the "
       "tracking number and the carriers it may belong to. Data Matrix codes are not read."),
    entries, 1, G_MAXINT
  };
  g_autoptr (MrCarrierRules) rules = NULL;
  MrCliJsonStream stream;
  int status = MR_CLI_OK;

  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  if (dpi < 36 || dpi > 1200)
    return mr_cli_usage_error (argv[0], _ ("--dpi must be between 36 and 1200."));
  rules = load_rules (&status);
  if (rules == NULL)
    return status;

  if (cli->json)
    mr_cli_json_stream_begin (&stream);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) symbols = mr_barcode_decode_file (argv[i], dpi, rules, NULL, &error);

      if (symbols == NULL)
        status = mr_cli_report_error (error);
      if (cli->json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          mr_cli_json_string (b, "file", argv[i]);
          mr_cli_json_string (b, "error", error != NULL ? error->message : NULL);
          json_builder_set_member_name (b, "symbols");
          json_builder_begin_array (b);
          for (guint j = 0; symbols != NULL && j < symbols->len; j++)
            json_symbol (b, g_ptr_array_index (symbols, j));
          json_builder_end_array (b);
          json_builder_end_object (b);
          mr_cli_json_stream_add (&stream, b);
          continue;
        }
      if (symbols == NULL)
        continue;
      g_print ("%s\n", argv[i]);
      if (symbols->len == 0)
        g_print ("  %s\n", _ ("No barcode found."));
      for (guint j = 0; j < symbols->len; j++)
        {
          const MrDecodedSymbol *s = g_ptr_array_index (symbols, j);
          g_autofree char *shown = mr_scan_escape_controls (s->text);

          g_autofree char *page = g_strdup_printf (_ ("page %u"), s->page);

          g_print ("  %s  %s  %s\n", page, s->symbology, shown);
          print_code (s->code, 4);
        }
      g_print ("\n");
    }
  if (cli->json)
    mr_cli_json_stream_end (&stream);
  return status;
}

const MrCliCommand mr_cli_scan_commands[] = {
  { "parse", N_ ("Understand scanned text: AIM identifier, GS1 elements, tracking number"),
    scan_parse },
  { "decode", N_ ("Read the barcodes in image and PDF files"), scan_decode },
  { NULL },
};
