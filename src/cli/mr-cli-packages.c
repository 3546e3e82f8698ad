/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mr-carriers.h"
#include "mr-cli-packages-private.h"
#include "mr-contact-list.h"
#include "mr-package-list.h"
#include "mr-packages.h"
#include "mr-text.h"

/* mailroom-cli packages …: the receiving desk from a terminal. Receive a
 * scan, list today's intake, what awaits pickup or the history, show a
 * package with its chain of custody, hand it over; bags and handover
 * rules are in mr-cli-bags.c. The rules are the core's; this file turns
 * options into mutations and packages into text or JSON. */

/* Looking things up */

/* A recipient by id, Personnel ID, email or employee ID, else by name:
 * the one contact whose name matches, or the one whose full name is
 * exactly the text among several. */
static MrContact *
resolve_person (MrCli *cli, const char *key)
{
  g_autoptr (MrContactList) list = NULL;
  g_autofree char *folded = NULL;
  MrContact *found = mr_store_find_contact (cli->store, key);
  guint n;

  if (found != NULL)
    return found;
  list = mr_contact_list_new (cli->store);
  mr_contact_list_set_search (list, key);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (n == 1)
    return g_list_model_get_item (G_LIST_MODEL (list), 0);
  if (n == 0)
    {
      mr_cli_data_error (_ ("No contact has the name, id, Personnel ID, email or employee ID "
                            "“%s”."),
                         key);
      return NULL;
    }

  folded = mr_text_fold (key);
  for (guint i = 0; i < MIN (n, 50u); i++)
    {
      g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *name = c ? mr_text_fold (mr_contact_get_display_name (c)) : NULL;

      if (name != NULL && strcmp (name, folded) == 0)
        {
          if (found != NULL)
            {
              g_clear_object (&found);
              break; /* namesakes: only an id tells them apart */
            }
          found = g_object_ref (c);
        }
    }
  if (found != NULL)
    return found;

  {
    GString *names = g_string_new (NULL);

    for (guint i = 0; i < MIN (n, 5u); i++)
      {
        g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (list), i);
        const char *pid = c ? mr_contact_get_personnel_id (c) : NULL;

        if (c == NULL)
          break;
        /* Translators: one contact in a list of candidates: "name (id)" */
        g_string_append_printf (names, _ ("\n  %s (%s)"), mr_contact_get_display_name (c),
                                pid ? pid : mr_contact_get_id (c));
      }
    mr_cli_data_error (g_dngettext (GETTEXT_PACKAGE,
                                    "%u contact matches “%s”: give their Personnel ID, email or "
                                    "id.%s",
                                    "%u contacts match “%s”: give their Personnel ID, email or "
                                    "id.%s",
                                    n),
                       n, key, names->str);
    g_string_free (names, TRUE);
  }
  return NULL;
}

static char *
resolve_package (MrCli *cli, const char *key)
{
  char *id = mr_store_find_package (cli->store, key);

  if (id == NULL)
    mr_cli_data_error (_ ("No package has the id, internal ID or tracking number “%s”."), key);
  return id;
}

/* A carrier as stored: a courier code of the rules ("ups") becomes its
 * name ("UPS"); anything else is kept as typed. */
static const char *
carrier_name (const char *text)
{
  MrCarrierRules *rules = mr_carrier_rules_get_default ();
  const char *name = rules ? mr_carrier_rules_get_courier_name (rules, text) : NULL;

  return name ? name : text;
}

/* "2024-05-01" (local midnight) or an ISO 8601 date and time; with
 * @end_of_day, a bare date means the midnight after it. */
static gboolean
parse_date (const char *text, gboolean end_of_day, gint64 *ms)
{
  g_autoptr (GDateTime) dt = NULL;
  int y, mo, d;
  char tail;

  if (sscanf (text, "%d-%d-%d%c", &y, &mo, &d, &tail) == 3)
    {
      g_autoptr (GDateTime) day = g_date_time_new_local (y, mo, d, 0, 0, 0);

      if (day == NULL)
        return FALSE;
      dt = end_of_day ? g_date_time_add_days (day, 1) : g_date_time_ref (day);
    }
  else
    {
      g_autoptr (GTimeZone) local = g_time_zone_new_local ();

      dt = g_date_time_new_from_iso8601 (text, local);
    }
  if (dt == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

/* Output */

static void
json_package_members (JsonBuilder *b, MrPackage *p)
{
  MrPackageStatus status = mr_package_get_status (p);
  gint64 now = g_get_real_time () / 1000;

  mr_cli_json_string (b, "id", mr_package_get_id (p));
  mr_cli_json_string (b, "internal_id", mr_package_get_internal_id (p));
  mr_cli_json_string (b, "tracking_number", mr_package_get_tracking_number (p));
  mr_cli_json_string (b, "carrier", mr_package_get_carrier (p));
  mr_cli_json_string (b, "service", mr_package_get_service (p));
  mr_cli_json_string (b, "recipient_id", mr_package_get_recipient_id (p));
  mr_cli_json_string (b, "recipient", mr_package_get_recipient_name (p));
  mr_cli_json_string (b, "department_id", mr_package_get_department_id (p));
  mr_cli_json_string (b, "department", mr_package_get_department_name (p));
  mr_cli_json_bool (b, "for_department", mr_package_get_for_department (p));
  mr_cli_json_string (b, "place_id", mr_package_get_place_id (p));
  mr_cli_json_string (b, "place", mr_package_get_place_name (p));
  mr_cli_json_string (b, "locker_id", mr_package_get_locker_id (p));
  mr_cli_json_string (b, "locker", mr_package_get_locker_name (p));
  mr_cli_json_string (b, "bag_id", mr_package_get_bag_id (p));
  mr_cli_json_string (b, "bag", mr_package_get_bag_label (p));
  mr_cli_json_string (b, "size", mr_package_get_size (p));
  mr_cli_json_int (b, "pieces", mr_package_get_pieces (p));
  mr_cli_json_string (b, "handover", mr_package_get_handover (p));
  mr_cli_json_string (b, "status", mr_package_status_to_string (status));
  mr_cli_json_string (b, "status_label", mr_package_status_get_label (status));
  mr_cli_json_time (b, "received_at", mr_package_get_received_at (p));
  mr_cli_json_string (b, "received_by", mr_package_get_received_by (p));
  mr_cli_json_string (b, "workstation_id", mr_package_get_workstation_id (p));
  mr_cli_json_time (b, "waiting_ms",
                    mr_package_status_is_final (status)
                      ? 0
                      : MAX (now - mr_package_get_received_at (p), (gint64) 1));
  mr_cli_json_string (b, "notes", mr_package_get_notes (p));
  mr_cli_json_string (b, "duplicate_of", mr_package_get_duplicate_of (p));
  mr_cli_json_string (b, "duplicate_internal_id", mr_package_get_duplicate_internal_id (p));
  mr_cli_json_bool (b, "needs_label", mr_package_needs_label (p));
}

static void
json_events (JsonBuilder *b, GPtrArray *events)
{
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < events->len; i++)
    {
      MrPackageEvent *e = g_ptr_array_index (events, i);

      json_builder_begin_object (b);
      mr_cli_json_string (b, "id", e->id);
      mr_cli_json_string (b, "kind", e->kind);
      mr_cli_json_string (b, "kind_label", mr_package_event_kind_get_label (e->kind));
      mr_cli_json_time (b, "at", e->at);
      mr_cli_json_string (b, "previous_status", e->previous_status);
      mr_cli_json_string (b, "status", e->status);
      mr_cli_json_string (b, "user_id", e->user_id);
      mr_cli_json_string (b, "user", e->user_name);
      mr_cli_json_string (b, "workstation_id", e->workstation_id);
      mr_cli_json_string (b, "place_id", e->place_id);
      mr_cli_json_string (b, "place", e->place_name);
      mr_cli_json_string (b, "locker_id", e->locker_id);
      mr_cli_json_string (b, "locker", e->locker_name);
      mr_cli_json_string (b, "bag_id", e->bag_id);
      mr_cli_json_string (b, "handed_to_id", e->handed_to_id);
      mr_cli_json_string (b, "handed_to", e->handed_to_name);
      mr_cli_json_string (b, "id_scan", e->id_scan);
      mr_cli_json_bool (b, "signature", e->has_signature);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
print_json_package (MrCli *cli, MrPackage *p, gboolean with_events, const char *const *warnings)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_package_members (b, p);
  if (warnings != NULL)
    {
      json_builder_set_member_name (b, "warnings");
      json_builder_begin_array (b);
      for (guint i = 0; warnings[i]; i++)
        json_builder_add_string_value (b, warnings[i]);
      json_builder_end_array (b);
    }
  if (with_events)
    {
      g_autoptr (GPtrArray) events =
        mr_store_list_package_events (cli->store, mr_package_get_id (p));

      json_events (b, events);
    }
  mr_cli_custom_values_json (b, cli, mr_package_get_id (p));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  mr_cli_json_print (root);
}

static const char *
or_unknown_carrier (const char *carrier)
{
  return carrier ? carrier : _ ("unknown carrier");
}

static void
print_package_fields (MrPackage *p)
{
  g_autofree char *received = mr_cli_format_time (mr_package_get_received_at (p));
  g_autofree char *pieces = g_strdup_printf ("%u", mr_package_get_pieces (p));
  g_autofree char *waiting = NULL;
  g_autofree char *duplicate = NULL;
  MrPackageStatus status = mr_package_get_status (p);

  if (!mr_package_status_is_final (status))
    waiting = mr_package_format_age (mr_package_get_received_at (p), g_get_real_time () / 1000);
  if (mr_package_get_duplicate_of (p) != NULL)
    {
      g_autofree char *when = mr_cli_format_time (mr_package_get_duplicate_received_at (p));

      /* Translators: an earlier package with the same tracking number:
       * "MR-0ABC1234WXYZ, received 2024-05-01 10:12" */
      duplicate =
        g_strdup_printf (_ ("%s, received %s"), mr_package_get_duplicate_internal_id (p), when);
    }
  {
    const char *fields[] = {
      _ ("Internal ID"),
      mr_package_get_internal_id (p),
      _ ("Tracking number"),
      mr_package_get_tracking_number (p),
      _ ("Carrier"),
      or_unknown_carrier (mr_package_get_carrier (p)),
      _ ("Service"),
      mr_package_get_service (p),
      _ ("Recipient"),
      mr_package_get_recipient_name (p),
      _ ("Department"),
      mr_package_get_department_name (p),
      _ ("Place"),
      mr_package_get_place_name (p),
      _ ("Locker"),
      mr_package_get_locker_name (p),
      _ ("Bag"),
      mr_package_get_bag_label (p),
      _ ("Size"),
      mr_package_get_size (p),
      _ ("Pieces"),
      pieces,
      _ ("Status"),
      mr_package_status_get_label (status),
      _ ("Received"),
      received,
      _ ("Waiting for"),
      waiting,
      _ ("Proof at handover"),
      mr_package_handover_get_label (mr_package_get_handover (p)),
      _ ("Same tracking number as"),
      duplicate,
      _ ("Notes"),
      mr_package_get_notes (p),
      _ ("ID"),
      mr_package_get_id (p),
      NULL,
    };

    mr_cli_print_fields (fields);
  }
}

static void
print_events (GPtrArray *events)
{
  g_autoptr (MrCliTable) table =
    mr_cli_table_new (_ ("When"), _ ("Event"), _ ("Before"), _ ("Where"), _ ("By"), _ ("Handed to"),
                      _ ("Proof"), NULL);

  for (guint i = 0; i < events->len; i++)
    {
      MrPackageEvent *e = g_ptr_array_index (events, i);
      g_autofree char *when = mr_cli_format_time (e->at);
      g_autofree char *where = NULL;
      g_autofree char *who = NULL;
      g_autofree char *proof = NULL;
      MrPackageStatus before;

      if (e->locker_name != NULL && e->place_name != NULL)
        /* Translators: where an event happened: "place, locker" */
        where = g_strdup_printf (_ ("%s, %s"), e->place_name, e->locker_name);
      else
        where = g_strdup (e->locker_name ? e->locker_name : e->place_name);
      if (e->user_name != NULL)
        who = g_strdup (e->user_name);
      else
        /* Translators: an event recorded with nobody signed in, on this
         * workstation (its id, shortened) */
        who = g_strdup_printf (_ ("workstation %.8s"), e->workstation_id ? e->workstation_id : "?");
      if (e->has_signature && e->id_scan != NULL)
        /* Translators: both proofs of a handover; %s is the ID scanned */
        proof = g_strdup_printf (_ ("signature, ID %s"), e->id_scan);
      else if (e->has_signature)
        proof = g_strdup (_ ("signature"));
      else if (e->id_scan != NULL)
        /* Translators: the proof of a handover; %s is the ID scanned */
        proof = g_strdup_printf (_ ("ID %s"), e->id_scan);
      mr_cli_table_add_row (table, when, mr_package_event_kind_get_label (e->kind),
                            mr_package_status_from_string (e->previous_status, &before)
                              ? mr_package_status_get_label (before)
                              : "",
                            where, who, e->handed_to_name, proof);
    }
  mr_cli_table_print (table);
}

/* receive */

static int
packages_receive (MrCli *cli, int argc, char **argv)
{
  g_autofree char *recipient = NULL;
  g_autofree char *department = NULL;
  g_autofree char *place = NULL;
  g_autofree char *size = NULL;
  g_autofree char *carrier = NULL;
  g_autofree char *notes = NULL;
  g_auto (GStrv) custom = NULL;
  g_autoptr (MrCliCustomValues) custom_values = NULL;
  int pieces = 0;
  const GOptionEntry entries[] = {
    { "recipient", 0, 0, G_OPTION_ARG_STRING, &recipient,
      N_ ("Who the package is for: name, Personnel ID, email or id"), N_ ("NAME_OR_ID") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department,
      N_ ("A package for a department rather than a person (name or id)"), N_ ("DEPARTMENT") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place,
      N_ ("Where it is received (place name, path, code or id)"), N_ ("PLACE") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, N_ ("XS, S, M, L, XL or custom"), N_ ("SIZE") },
    { "pieces", 0, 0, G_OPTION_ARG_INT, &pieces, N_ ("Number of pieces (default 1)"), N_ ("N") },
    { "carrier", 0, 0, G_OPTION_ARG_STRING, &carrier,
      N_ ("The carrier, when it is not to be recognised from the number"), N_ ("CARRIER") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_ ("Notes about the package"), N_ ("TEXT") },
    { "field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &custom,
      N_ ("A custom field (label, id or position) and its value; repeat for several"),
      N_ ("FIELD=VALUE") },
    { NULL },
  };
  MrCliSpec spec = { _ ("[TRACKING]"),
                     _ ("Receives a package: records it at once, with its carrier recognised "
                        "from the tracking number, and prints it with its internal ID. A number "
                        "no carrier's rules know is received as “unknown carrier”; a number "
                        "already received is received again and flagged. Without TRACKING the "
                        "package only has its internal ID: print it a label."),
                     entries, 0, 1 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrPackage) pkg = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new ();
  g_autofree char *id = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (pieces < 0)
    return mr_cli_usage_error (argv[0], _ ("--pieces takes a positive number."));
  if (argc > 1)
    g_variant_dict_insert (&d, "tracking_number", "s", argv[1]);
  if (recipient != NULL)
    {
      g_autoptr (MrContact) c = resolve_person (cli, recipient);

      if (c == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "recipient_id", "s", mr_contact_get_id (c));
    }
  if (department != NULL)
    {
      g_autoptr (MrDepartment) dep = mr_cli_resolve_department (cli, department);

      if (dep == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "department_id", "s", mr_department_get_id (dep));
    }
  if (place != NULL)
    {
      g_autoptr (MrNode) node = mr_cli_resolve_place (cli, place);

      if (node == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "place_id", "s", mr_node_get_id (node));
    }
  if (size != NULL)
    g_variant_dict_insert (&d, "size", "s", size);
  if (pieces > 0)
    g_variant_dict_insert (&d, "pieces", "x", (gint64) pieces);
  if (carrier != NULL)
    g_variant_dict_insert (&d, "carrier", "s", carrier_name (carrier));
  if (notes != NULL)
    g_variant_dict_insert (&d, "notes", "s", notes);
  /* Checked before anything is written, and written with the package in
   * one transaction: a value that does not fit receives nothing. */
  custom_values = mr_cli_custom_values_parse (cli, (const char *const *) custom);
  if (custom_values == NULL)
    return MR_CLI_DATA;

  if (!mr_store_begin_batch (cli->store, NULL))
    return mr_cli_data_error (_ ("The database cannot be written."));
  if (!mr_cli_apply (cli, "package.receive", &d, &id) ||
      !mr_cli_custom_values_apply (cli, custom_values, id))
    {
      mr_store_end_batch (cli->store, FALSE, NULL);
      return MR_CLI_DATA;
    }
  if (!mr_store_end_batch (cli->store, TRUE, NULL))
    return mr_cli_data_error (_ ("The database cannot be written."));
  pkg = mr_store_get_package (cli->store, id);
  if (pkg == NULL)
    return mr_cli_data_error (_ ("The package was received but cannot be read back."));

  if (mr_package_get_tracking_number (pkg) != NULL && mr_package_get_carrier (pkg) == NULL)
    {
      g_ptr_array_add (warnings, (gpointer) "unknown_carrier");
      g_printerr (_ ("%s: warning: no carrier's rules know the number %s: received as “unknown "
                     "carrier”.\n"),
                  MR_CLI_NAME, mr_package_get_tracking_number (pkg));
    }
  if (mr_package_get_duplicate_of (pkg) != NULL)
    {
      g_autofree char *when = mr_cli_format_time (mr_package_get_duplicate_received_at (pkg));

      g_ptr_array_add (warnings, (gpointer) "duplicate");
      g_printerr (_ ("%s: warning: the tracking number %s was already received on %s (package "
                     "%s).\n"),
                  MR_CLI_NAME, mr_package_get_tracking_number (pkg), when,
                  mr_package_get_duplicate_internal_id (pkg));
    }
  if (mr_package_needs_label (pkg))
    g_ptr_array_add (warnings, (gpointer) "needs_label");
  if (mr_cli_custom_values_warn_missing (cli, "receiving", id))
    g_ptr_array_add (warnings, (gpointer) "custom_field_required");
  g_ptr_array_add (warnings, NULL);

  if (cli->json)
    print_json_package (cli, pkg, FALSE, (const char *const *) warnings->pdata);
  else
    {
      print_package_fields (pkg);
      mr_cli_custom_values_print (cli, id);
      if (mr_package_needs_label (pkg))
        {
          g_print ("\n");
          g_print (_ ("This package came without a tracking number: label it with its internal "
                      "ID (“%s labels print %s” or “%s labels render %s --output FILE”).\n"),
                   MR_CLI_NAME, mr_package_get_internal_id (pkg), MR_CLI_NAME,
                   mr_package_get_internal_id (pkg));
        }
    }
  return MR_CLI_OK;
}

/* list */

static int
packages_list (MrCli *cli, int argc, char **argv)
{
  gboolean today = FALSE, awaiting = FALSE, history = FALSE;
  g_autofree char *place = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *carrier = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *department = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *bag_key = NULL;
  int limit = 0;
  const GOptionEntry entries[] = {
    { "today", 0, 0, G_OPTION_ARG_NONE, &today, N_ ("Today's intake, newest first (default)"),
      NULL },
    { "awaiting", 0, 0, G_OPTION_ARG_NONE, &awaiting,
      N_ ("Packages awaiting pickup, longest waiting first"), NULL },
    { "history", 0, 0, G_OPTION_ARG_NONE, &history, N_ ("Every package, newest first"), NULL },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_ ("Only at this place"), N_ ("PLACE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_text,
      N_ ("Only in this status: received, at_place, in_locker, notified, picked_up, returned, "
          "expired, removed"),
      N_ ("STATUS") },
    { "carrier", 0, 0, G_OPTION_ARG_STRING, &carrier, N_ ("Only from this carrier"),
      N_ ("CARRIER") },
    { "recipient", 0, 0, G_OPTION_ARG_STRING, &recipient, N_ ("Only for this person"),
      N_ ("NAME_OR_ID") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_ ("Only for this department"),
      N_ ("DEPARTMENT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_ ("Received on or after this date (YYYY-MM-DD or ISO 8601)"), N_ ("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("Received on or before this date"), N_ ("DATE") },
    { "bag", 0, 0, G_OPTION_ARG_STRING, &bag_key, N_ ("Only in this bag (label or id)"),
      N_ ("BAG") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_ ("Show at most N packages (default: all)"),
      N_ ("N") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Lists packages: today's intake, those awaiting pickup (with how "
                        "long they have waited) or the whole history, filtered."),
                     entries, 0, 0 };
  g_autoptr (MrPackageList) list = NULL;
  g_autoptr (MrContact) person = NULL;
  g_autoptr (MrDepartment) dep = NULL;
  g_autoptr (MrNode) node = NULL;
  g_autoptr (MrBag) bag = NULL;
  MrPackageFilter filter = { 0 };
  MrPackageView view = MR_PACKAGE_VIEW_TODAY;
  gint64 now = g_get_real_time () / 1000;
  int status;
  guint n;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (today + awaiting + history > 1)
    return mr_cli_usage_error (argv[0], _ ("Choose one of --today, --awaiting and --history."));
  if (limit < 0)
    return mr_cli_usage_error (argv[0], _ ("--limit takes a positive number."));
  if (awaiting)
    view = MR_PACKAGE_VIEW_AWAITING;
  else if (history)
    view = MR_PACKAGE_VIEW_HISTORY;
  if (status_text != NULL && !mr_package_status_from_string (status_text, NULL))
    return mr_cli_usage_error (argv[0],
                               _ ("“%s” is not a package status. The statuses are: received, "
                                  "at_place, in_locker, notified, picked_up, returned, expired, "
                                  "removed."),
                               status_text);
  if (from != NULL && !parse_date (from, FALSE, &filter.from_ms))
    return mr_cli_usage_error (argv[0], _ ("“%s” is not a date (YYYY-MM-DD)."), from);
  if (to != NULL && !parse_date (to, TRUE, &filter.to_ms))
    return mr_cli_usage_error (argv[0], _ ("“%s” is not a date (YYYY-MM-DD)."), to);
  if (place != NULL && (node = mr_cli_resolve_place (cli, place)) == NULL)
    return MR_CLI_DATA;
  if (recipient != NULL && (person = resolve_person (cli, recipient)) == NULL)
    return MR_CLI_DATA;
  if (department != NULL && (dep = mr_cli_resolve_department (cli, department)) == NULL)
    return MR_CLI_DATA;
  if (bag_key != NULL && (bag = mr_cli_packages_resolve_bag (cli, bag_key)) == NULL)
    return MR_CLI_DATA;

  filter.status = status_text;
  filter.place_id = node ? mr_node_get_id (node) : NULL;
  filter.carrier = carrier ? carrier_name (carrier) : NULL;
  filter.recipient_id = person ? mr_contact_get_id (person) : NULL;
  filter.department_id = dep ? mr_department_get_id (dep) : NULL;
  filter.bag_id = bag ? bag->id : NULL;
  list = mr_package_list_new (cli->store, view);
  mr_package_list_set_filter (list, &filter);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (limit > 0)
    n = MIN (n, (guint) limit);

  if (cli->json)
    mr_cli_json_print_model (G_LIST_MODEL (list), n, (MrCliJsonMembers) json_package_members);
  else if (n == 0)
    g_print ("%s\n", _ ("No packages match."));
  else
    {
      g_autoptr (MrCliTable) table =
        view == MR_PACKAGE_VIEW_AWAITING
          ? mr_cli_table_new (_ ("Received"), _ ("Waiting"), _ ("Internal ID"),
                              _ ("Tracking number"), _ ("Carrier"), _ ("Recipient"), _ ("Status"),
                              _ ("Where"), NULL)
          : mr_cli_table_new (_ ("Received"), _ ("Internal ID"), _ ("Tracking number"),
                              _ ("Carrier"), _ ("Recipient"), _ ("Status"), _ ("Where"), NULL);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (list), i);
          g_autofree char *when = NULL;
          g_autofree char *age = NULL;
          const char *who, *where;

          if (p == NULL)
            break;
          when = mr_cli_format_time (mr_package_get_received_at (p));
          who = mr_package_get_recipient_name (p) ? mr_package_get_recipient_name (p)
                                                  : mr_package_get_department_name (p);
          where = mr_package_get_locker_name (p) ? mr_package_get_locker_name (p)
                                                 : mr_package_get_place_name (p);
          if (view == MR_PACKAGE_VIEW_AWAITING)
            {
              age = mr_package_format_age (mr_package_get_received_at (p), now);
              mr_cli_table_add_row (table, when, age, mr_package_get_internal_id (p),
                                    mr_package_get_tracking_number (p),
                                    or_unknown_carrier (mr_package_get_carrier (p)), who,
                                    mr_package_status_get_label (mr_package_get_status (p)), where);
            }
          else
            mr_cli_table_add_row (table, when, mr_package_get_internal_id (p),
                                  mr_package_get_tracking_number (p),
                                  or_unknown_carrier (mr_package_get_carrier (p)), who,
                                  mr_package_status_get_label (mr_package_get_status (p)), where);
        }
      mr_cli_table_print (table);
    }
  return MR_CLI_OK;
}

/* show, history */

static int
packages_show (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("ID_OR_TRACKING"),
                     _ ("Shows a package and its chain of custody. A tracking number received "
                        "more than once shows the latest package."),
                     NULL, 1, 1 };
  g_autofree char *id = NULL;
  g_autoptr (MrPackage) pkg = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((id = resolve_package (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  pkg = mr_store_get_package (cli->store, id);
  if (pkg == NULL)
    return mr_cli_data_error (_ ("No package has the id, internal ID or tracking number “%s”."),
                              argv[1]);
  if (cli->json)
    print_json_package (cli, pkg, TRUE, NULL);
  else
    {
      g_autoptr (GPtrArray) events = mr_store_list_package_events (cli->store, id);

      print_package_fields (pkg);
      mr_cli_custom_values_print (cli, id);
      g_print ("\n");
      print_events (events);
    }
  return MR_CLI_OK;
}

static int
packages_history (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("ID_OR_TRACKING"),
                     _ ("Prints a package's chain of custody: every event with when, where, who "
                        "recorded it, the status before it, and at handover who took the package "
                        "and the proof."),
                     NULL, 1, 1 };
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) events = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((id = resolve_package (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  events = mr_store_list_package_events (cli->store, id);
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      mr_cli_json_string (b, "id", id);
      json_events (b, events);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else
    print_events (events);
  return MR_CLI_OK;
}

/* deliver */

static int
packages_deliver (MrCli *cli, int argc, char **argv)
{
  g_autofree char *to = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *id_scan = NULL;
  g_autofree char *place = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_ ("Who takes the package: the recipient or their department's key contact"),
      N_ ("NAME_OR_ID") },
    { "signature", 0, 0, G_OPTION_ARG_FILENAME, &signature,
      N_ ("The signature of the person who takes it, as a PNG image"), N_ ("PNG") },
    { "id-scan", 0, 0, G_OPTION_ARG_STRING, &id_scan, N_ ("The text of their scanned ID card"),
      N_ ("TEXT") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_ ("Where it is handed over"), N_ ("PLACE") },
    { NULL },
  };
  MrCliSpec spec = { _ ("ID_OR_TRACKING"),
                     _ ("Hands a package over to its recipient or to the key contact of their "
                        "department, with the proof the package requires (a signature, an ID "
                        "scan, or none)."),
                     entries, 1, 1 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrContact) taker = NULL;
  g_autoptr (MrPackage) pkg = NULL;
  g_autofree char *id = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (to == NULL)
    return mr_cli_usage_error (argv[0], _ ("Say who takes the package with --to."));
  if ((id = resolve_package (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  if ((taker = resolve_person (cli, to)) == NULL)
    return MR_CLI_DATA;
  g_variant_dict_insert (&d, "package_id", "s", id);
  g_variant_dict_insert (&d, "handed_to_id", "s", mr_contact_get_id (taker));
  if (signature != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) png = NULL;
      char *data = NULL;
      gsize len = 0;

      if (!g_file_get_contents (signature, &data, &len, &error))
        return mr_cli_report_error (error);
      png = g_bytes_new_take (data, len);
      g_variant_dict_insert_value (&d, "signature",
                                   g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, png, TRUE));
    }
  if (id_scan != NULL)
    g_variant_dict_insert (&d, "id_scan", "s", id_scan);
  if (place != NULL)
    {
      g_autoptr (MrNode) node = mr_cli_resolve_place (cli, place);

      if (node == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "place_id", "s", mr_node_get_id (node));
    }
  if (!mr_cli_apply (cli, "package.deliver", &d, NULL))
    return MR_CLI_DATA;
  pkg = mr_store_get_package (cli->store, id);
  if (cli->json && pkg != NULL)
    print_json_package (cli, pkg, TRUE, NULL);
  else if (pkg != NULL)
    /* Translators: "Package MR-0ABC1234WXYZ handed over to Ada Lovelace." */
    g_print (_ ("Package %s handed over to %s.\n"), mr_package_get_internal_id (pkg),
             mr_contact_get_display_name (taker));
  return MR_CLI_OK;
}

const MrCliCommand mr_cli_packages_commands[] = {
  { "receive", N_ ("Receive a package from its tracking number"), packages_receive },
  { "list", N_ ("Today's intake, packages awaiting pickup, or the history"), packages_list },
  { "show", N_ ("Show a package and its events"), packages_show },
  { "deliver", N_ ("Hand a package over, with its proof"), packages_deliver },
  { "history", N_ ("A package's chain of custody"), packages_history },
  { "set-field", N_ ("Set a custom field of a package"), mr_cli_packages_set_field },
  { "bag", N_ ("Bags: create, add, remove, close, reopen, move, list, show"), mr_cli_packages_bag },
  { "handover-rule", N_ ("The proof places and people require at handover: set, show"),
    mr_cli_packages_handover_rule },
  { NULL, NULL, NULL },
};

/* For mr-cli-bags.c */

MrContact *
mr_cli_packages_resolve_person (MrCli *cli, const char *key)
{
  return resolve_person (cli, key);
}

char *
mr_cli_packages_resolve_package (MrCli *cli, const char *key)
{
  return resolve_package (cli, key);
}

MrBag *
mr_cli_packages_resolve_bag (MrCli *cli, const char *key)
{
  MrBag *bag = mr_store_get_bag (cli->store, key);

  if (bag == NULL)
    mr_cli_data_error (_ ("No bag has the label or id “%s”."), key);
  return bag;
}

void
mr_cli_packages_json_members (JsonBuilder *builder, gpointer package)
{
  json_package_members (builder, package);
}
