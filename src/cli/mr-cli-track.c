/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mr-carriers.h"
#include "mr-cli-private.h"

/* mailroom-cli track: what the receiving desk does with a tracking
 * number. "identify" names the carriers a number may belong to, so that
 * scanners and scripts can be checked against the rules. */

static void
print_candidates (MrCli *cli, MrCliJsonStream *stream, const char *input, GPtrArray *matches)
{
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autofree char *norm = mr_carrier_normalize (input);

      json_builder_begin_object (b);
      mr_cli_json_string (b, "input", input);
      mr_cli_json_string (b, "number", norm);
      json_builder_set_member_name (b, "candidates");
      json_builder_begin_array (b);
      for (guint i = 0; i < matches->len; i++)
        {
          MrCarrierMatch *m = g_ptr_array_index (matches, i);

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
      json_builder_end_object (b);
      mr_cli_json_stream_add (stream, b);
      return;
    }

  g_print ("%s\n", input);
  if (matches->len == 0)
    {
      g_print ("  %s\n\n", _ ("unknown carrier"));
      return;
    }
  {
    g_autoptr (MrCliTable) table = mr_cli_table_new (_ ("Courier"), _ ("Type"), _ ("Verified"),
                                                     _ ("Service type"), _ ("Tracking URL"), NULL);

    for (guint i = 0; i < matches->len; i++)
      {
        MrCarrierMatch *m = g_ptr_array_index (matches, i);

        mr_cli_table_add_row (
          table, m->courier_code, m->type_name, m->checksum_verified ? _ ("yes") : _ ("no"),
          m->service_type ? m->service_type : "", m->tracking_url ? m->tracking_url : "");
      }
    mr_cli_table_print (table);
  }
  g_print ("\n");
}

static void
identify_one (MrCli *cli, MrCliJsonStream *stream, MrCarrierRules *rules, const char *input)
{
  g_autoptr (GPtrArray) matches = mr_carrier_rules_identify (rules, input);

  print_candidates (cli, stream, input, matches);
}

static int
track_identify (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("[NUMBER…]"),
                     _ ("Names the carriers a tracking number may belong to, best first: those "
                        "whose check digit holds, then those without one. Without NUMBER, reads "
                        "one number per line from standard input."),
                     NULL, 0, G_MAXINT };
  g_autoptr (MrCarrierRules) rules = NULL;
  g_autoptr (GError) error = NULL;
  MrCliJsonStream stream;
  int status;

  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  rules = mr_carrier_rules_load (mr_carrier_rules_get_default_dir (), &error);
  if (rules == NULL)
    return mr_cli_report_error (error);

  if (cli->json)
    mr_cli_json_stream_begin (&stream);
  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        identify_one (cli, &stream, rules, argv[i]);
    }
  else
    {
      char line[1024];

      while (fgets (line, sizeof line, stdin) != NULL)
        {
          g_strstrip (line);
          if (*line != '\0')
            identify_one (cli, &stream, rules, line);
        }
    }
  if (cli->json)
    mr_cli_json_stream_end (&stream);
  return MR_CLI_OK;
}

const MrCliCommand mr_cli_track_commands[] = {
  { "identify", N_ ("Name the carriers a tracking number may belong to"), track_identify },
  { NULL },
};
