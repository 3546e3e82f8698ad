/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gi18n.h>
#include <string.h>

#include "mr-barcode.h"
#include "mr-cli-lockers-private.h"
#include "mr-cli-private.h"
#include "mr-locker-layout.h"
#include "mr-lockers.h"

/* mailroom-cli lockers …: the status of
 * every door, reservations, drop-off with its pickup code, pickup,
 * out of service and expiry. The rules are the core's; this file turns
 * options into mutations and results into text or JSON. */

/* Looking things up */

static MrLockerBank *
resolve_bank (MrCli *cli, const char *key)
{
  MrLockerBank *bank;

  if (key == NULL)
    {
      g_autoptr (GPtrArray) banks = mr_store_list_locker_banks (cli->store);

      /* One bank: no need to name it. */
      if (banks->len == 1)
        return mr_store_get_locker_bank (cli->store,
                                         ((MrLockerBank *) g_ptr_array_index (banks, 0))->id);
      if (banks->len == 0)
        mr_cli_data_error (_ ("There is no locker bank yet. Create one with “%s lockers bank "
                              "create”."),
                           MR_CLI_NAME);
      else
        mr_cli_data_error (_ ("There are %u locker banks: choose one with --bank."), banks->len);
      return NULL;
    }
  bank = mr_store_find_locker_bank (cli->store, key);
  if (bank == NULL)
    mr_cli_data_error (_ ("No locker bank is named “%s” or has this id."), key);
  return bank;
}

/* A door by id, or by number in @bank_key (or the only bank). */
static char *
resolve_door (MrCli *cli, const char *bank_key, const char *door_key)
{
  g_autoptr (MrLockerBank) bank = NULL;
  char *id = mr_store_find_locker_door (cli->store, NULL, door_key);

  if (id != NULL)
    return id;
  bank = resolve_bank (cli, bank_key);
  if (bank == NULL)
    return NULL;
  id = mr_store_find_locker_door (cli->store, bank->id, door_key);
  if (id == NULL)
    mr_cli_data_error (_ ("Locker bank “%s” has no door “%s”."), bank->name, door_key);
  return id;
}

/* Output */

static const char *
status_key (MrLockerStatus s)
{
  return mr_locker_status_to_string (s);
}

static void
json_counts (JsonBuilder *b, const guint counts[MR_LOCKER_N_STATUSES])
{
  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    mr_cli_json_int (b, status_key ((MrLockerStatus) s), counts[s]);
  json_builder_end_object (b);
}

void
mr_cli_lockers_json_bank (JsonBuilder *b, const MrLockerBank *bank)
{
  mr_cli_json_string (b, "id", bank->id);
  mr_cli_json_string (b, "name", bank->name);
  mr_cli_json_string (b, "place_id", bank->place_id);
  mr_cli_json_string (b, "place", bank->place_name);
  mr_cli_json_string (b, "controller_address", bank->controller_address);
  mr_cli_json_int (b, "base_cm", bank->base_cm);
  mr_cli_json_int (b, "expiry_hours", bank->expiry_hours);
  mr_cli_json_int (b, "reopen_seconds", bank->reopen_seconds);
  mr_cli_json_string (b, "pickup_mode", bank->pickup_mode);
  mr_cli_json_bool (b, "allow_add_to_existing", bank->allow_add_to_existing);
  mr_cli_json_string (b, "storage_mode", bank->storage_mode);
  mr_cli_json_int (b, "storage_hours", bank->storage_hours);
  mr_cli_json_int (b, "storage_max_hours", bank->storage_max_hours);
  mr_cli_json_bool (b, "contactless", bank->contactless);
  json_builder_set_member_name (b, "keep_for_delivery");
  json_builder_begin_object (b);
  for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
    if (bank->keep_for_delivery[s] > 0)
      mr_cli_json_int (b, mr_locker_size_to_string ((MrLockerSize) s), bank->keep_for_delivery[s]);
  json_builder_end_object (b);
  mr_cli_json_int (b, "doors", bank->n_doors);
  json_counts (b, bank->counts);
}

static void
json_door (JsonBuilder *b, const MrLockerDoor *d)
{
  g_autofree char *summary = mr_locker_door_describe (d);

  json_builder_begin_object (b);
  mr_cli_json_string (b, "id", d->id);
  mr_cli_json_string (b, "number", d->number);
  mr_cli_json_int (b, "column", d->col);
  mr_cli_json_int (b, "row", d->row);
  mr_cli_json_string (b, "size", mr_locker_size_to_string (d->size));
  mr_cli_json_int (b, "x_cm", d->x_cm);
  mr_cli_json_int (b, "width_cm", d->width_cm);
  mr_cli_json_int (b, "height_cm", d->height_cm);
  mr_cli_json_int (b, "bottom_cm", d->bottom_cm);
  mr_cli_json_int (b, "top_cm", d->top_cm);
  mr_cli_json_string (b, "loading", d->rear_loading ? "rear" : "front");
  mr_cli_json_bool (b, "delivery_only", d->delivery_only);
  mr_cli_json_bool (b, "accessible", d->accessible);
  mr_cli_json_string (b, "status", status_key (d->status));
  mr_cli_json_string (b, "holder", d->holder);
  mr_cli_json_string (b, "dedicated_to", d->dedicated_to);
  mr_cli_json_string (b, "reservation", d->reservation_kind);
  mr_cli_json_int (b, "packages", d->n_packages);
  mr_cli_json_time (b, "since", d->since_ms);
  mr_cli_json_time (b, "expires", d->expires_ms);
  mr_cli_json_string (b, "summary", summary);
  json_builder_end_object (b);
}

void
mr_cli_lockers_json_map (JsonBuilder *b, const MrLockerMap *map)
{
  mr_cli_json_int (b, "width_cm", map->width_cm);
  mr_cli_json_int (b, "height_cm", map->height_cm);
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint c = 0; c < map->columns->len; c++)
    {
      const MrLockerColumn *col = &g_array_index (map->columns, MrLockerColumn, c);

      json_builder_begin_object (b);
      mr_cli_json_int (b, "x_cm", col->x_cm);
      mr_cli_json_int (b, "width_cm", col->width_cm);
      mr_cli_json_int (b, "bottom_cm", col->bottom_cm);
      mr_cli_json_int (b, "top_cm", col->top_cm);
      json_builder_set_member_name (b, "doors");
      json_builder_begin_array (b);
      for (guint i = 0; i < col->n_doors; i++)
        json_door (b, &g_array_index (map->doors, MrLockerDoor, col->first_door + i));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
mr_cli_lockers_print_json_object_end (JsonBuilder *b)
{
  g_autoptr (JsonNode) root = NULL;

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  mr_cli_json_print (root);
}

static char *
format_time_or_empty (gint64 ms)
{
  return ms > 0 ? mr_cli_format_time (ms) : g_strdup ("");
}


/* Status and map */

static int
lockers_status (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("[BANK]"),
                     _ ("Counts the doors in each status: available, reserved, occupied, expired, "
                        "out of service; of every bank, or of one."),
                     NULL, 0, 1 };
  g_autoptr (GPtrArray) banks = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (argc > 1)
    {
      MrLockerBank *bank = resolve_bank (cli, argv[1]);

      if (bank == NULL)
        return MR_CLI_DATA;
      banks = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_locker_bank_free);
      g_ptr_array_add (banks, bank);
    }
  else
    banks = mr_store_list_locker_banks (cli->store);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      if (argc <= 1)
        json_builder_begin_array (b);
      for (guint i = 0; i < banks->len; i++)
        {
          MrLockerBank *bank = g_ptr_array_index (banks, i);

          json_builder_begin_object (b);
          mr_cli_json_string (b, "id", bank->id);
          mr_cli_json_string (b, "name", bank->name);
          mr_cli_json_int (b, "doors", bank->n_doors);
          json_counts (b, bank->counts);
          json_builder_end_object (b);
        }
      if (argc <= 1)
        json_builder_end_array (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
      return MR_CLI_OK;
    }
  {
    g_autoptr (MrCliTable) table =
      mr_cli_table_new (_ ("Bank"), _ ("Doors"), mr_locker_status_get_label (MR_LOCKER_AVAILABLE),
                        mr_locker_status_get_label (MR_LOCKER_RESERVED),
                        mr_locker_status_get_label (MR_LOCKER_OCCUPIED),
                        mr_locker_status_get_label (MR_LOCKER_EXPIRED),
                        mr_locker_status_get_label (MR_LOCKER_OUT_OF_SERVICE), NULL);

    for (guint i = 0; i < banks->len; i++)
      {
        MrLockerBank *bank = g_ptr_array_index (banks, i);
        char cells[MR_LOCKER_N_STATUSES + 1][16];

        g_snprintf (cells[0], sizeof cells[0], "%u", bank->n_doors);
        for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
          g_snprintf (cells[s + 1], sizeof cells[s + 1], "%u", bank->counts[s]);
        mr_cli_table_add_row (table, bank->name, cells[0], cells[1], cells[2], cells[3], cells[4],
                              cells[5]);
      }
    mr_cli_table_print (table);
  }
  return MR_CLI_OK;
}

static int
lockers_map (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("Locker bank (name or id)"), N_ ("BANK") },
    { NULL },
  };
  MrCliSpec spec = { _ ("[BANK]"),
                     _ ("Draws a bank as text: one letter per door, one line per row from the top "
                        "(A available, R reserved, O occupied, E expired, X out of service)."),
                     entries, 0, 1 };
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (MrLockerMap) map = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(bank = resolve_bank (cli, argc > 1 ? argv[1] : bank_key)))
    return MR_CLI_DATA;
  map = mr_locker_map_load (cli->store, bank->id, &error);
  if (map == NULL)
    return mr_cli_report_error (error);
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_lockers_json_bank (b, map->bank);
      mr_cli_lockers_json_map (b, map);
      mr_cli_lockers_print_json_object_end (b);
      return MR_CLI_OK;
    }
  text = mr_locker_map_to_text (map);
  g_print ("%s\n%s\n", bank->name, text);
  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    g_print ("%s%c %s (%u)", s ? "   " : "", mr_locker_status_get_letter ((MrLockerStatus) s),
             mr_locker_status_get_label ((MrLockerStatus) s), map->counts[s]);
  g_print ("\n");
  return MR_CLI_OK;
}

static int
lockers_door (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("The door's bank (name or id)"),
      N_ ("BANK") },
    { NULL },
  };
  MrCliSpec spec = { _ ("DOOR"),
                     _ ("Shows one door: its status, what it holds (with tracking numbers), since "
                        "when and until when."),
                     entries, 1, 1 };
  g_autofree char *id = NULL;
  g_autoptr (MrLockerDoorInfo) info = NULL;
  g_autofree char *summary = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(id = resolve_door (cli, bank_key, argv[1])))
    return MR_CLI_DATA;
  info = mr_store_get_locker_door (cli->store, id);
  if (info == NULL)
    return mr_cli_data_error (_ ("This locker does not exist (any more)."));
  summary = mr_locker_door_describe (&info->door);
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_door (b, &info->door);
      root = json_builder_get_root (b);
      /* The door object, with its bank and packages added. */
      {
        JsonObject *o = json_node_get_object (root);
        JsonArray *packages = json_array_new ();

        json_object_set_string_member (o, "bank_id", info->bank_id);
        json_object_set_string_member (o, "bank", info->bank_name);
        for (guint i = 0; i < info->packages->len; i++)
          {
            MrLockerPackage *p = g_ptr_array_index (info->packages, i);
            JsonObject *po = json_object_new ();

            json_object_set_string_member (po, "id", p->id);
            if (p->tracking_number)
              json_object_set_string_member (po, "tracking_number", p->tracking_number);
            else
              json_object_set_null_member (po, "tracking_number");
            json_object_set_string_member (po, "internal_id", p->internal_id);
            json_object_set_string_member (po, "status", p->status);
            json_object_set_int_member (po, "since", p->since_ms);
            json_array_add_object_element (packages, po);
          }
        json_object_set_array_member (o, "package_list", packages);
      }
      mr_cli_json_print (root);
      return MR_CLI_OK;
    }
  g_print ("%s · %s\n", info->bank_name, summary);
  for (guint i = 0; i < info->packages->len; i++)
    {
      MrLockerPackage *p = g_ptr_array_index (info->packages, i);
      g_autofree char *since = mr_cli_format_time (p->since_ms);

      g_print ("  %s  %s  %s  %s\n", p->tracking_number ? p->tracking_number : p->internal_id,
               p->recipient ? p->recipient : "", p->status, since);
    }
  return MR_CLI_OK;
}

/* Reservations and dedication */

static void
print_reservation (MrCli *cli, const char *id)
{
  g_autoptr (GVariant) r = mr_store_get_locker_reservation (cli->store, id);
  const char *number = "", *kind = "", *state = "";
  gint64 starts = 0, ends = 0, max_ends = 0;

  if (r == NULL)
    return;
  g_variant_lookup (r, "locker_number", "&s", &number);
  g_variant_lookup (r, "kind", "&s", &kind);
  g_variant_lookup (r, "state", "&s", &state);
  g_variant_lookup (r, "starts_at", "x", &starts);
  g_variant_lookup (r, "ends_at", "x", &ends);
  g_variant_lookup (r, "max_ends_at", "x", &max_ends);
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      const char *s;

      json_builder_begin_object (b);
      mr_cli_json_string (b, "id", id);
      mr_cli_json_string (b, "locker_id", g_variant_lookup (r, "locker_id", "&s", &s) ? s : NULL);
      mr_cli_json_string (b, "locker_number", number);
      mr_cli_json_string (b, "kind", kind);
      mr_cli_json_string (b, "state", state);
      mr_cli_json_time (b, "starts_at", starts);
      mr_cli_json_time (b, "ends_at", ends);
      mr_cli_json_time (b, "max_ends_at", max_ends);
      mr_cli_lockers_print_json_object_end (b);
    }
  else
    {
      g_autofree char *until = format_time_or_empty (ends);

      if (ends > 0)
        /* Translators: door number, until a date; then the reservation id */
        g_print (_ ("Door %s reserved until %s (%s)\n"), number, until, id);
      else
        g_print (_ ("Door %s reserved, no end time (%s)\n"), number, id);
    }
}

static int
lockers_reserve (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  g_autofree char *door_key = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *department = NULL;
  g_autofree char *package = NULL;
  g_autofree char *size = NULL;
  int hours = 0;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      N_ ("package, recipient, return, exchange, department_storage or personal_storage"),
      N_ ("KIND") },
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("Locker bank (name or id)"), N_ ("BANK") },
    { "locker", 0, 0, G_OPTION_ARG_STRING, &door_key,
      N_ ("This door (number or id) instead of the one the rules choose"), N_ ("DOOR") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact,
      N_ ("For this person (Personnel ID, email or id)"), N_ ("CONTACT") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_ ("For this department"),
      N_ ("DEPARTMENT") },
    { "package", 0, 0, G_OPTION_ARG_STRING, &package,
      N_ ("For this package (id, internal ID or tracking number)"), N_ ("PACKAGE") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, N_ ("Smallest door size needed"),
      N_ ("XS|S|M|L|XL") },
    { "hours", 0, 0, G_OPTION_ARG_INT, &hours, N_ ("How long, in hours"), N_ ("HOURS") },
    { NULL },
  };
  MrCliSpec spec = { "", _ ("Reserves a locker ahead of time."), entries, 0, 0 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrLockerBank) bank = NULL;
  g_autofree char *id = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (kind == NULL)
    return mr_cli_usage_error (argv[0], _ ("Say what the reservation is for with --kind."));
  g_variant_dict_insert (&d, "kind", "s", kind);
  if (door_key != NULL)
    {
      g_autofree char *door = resolve_door (cli, bank_key, door_key);

      if (door == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "locker_id", "s", door);
    }
  else
    {
      if (!(bank = resolve_bank (cli, bank_key)))
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "bank_id", "s", bank->id);
    }
  if (contact != NULL)
    {
      g_autoptr (MrContact) c = mr_cli_resolve_contact (cli, contact);

      if (c == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "contact_id", "s", mr_contact_get_id (c));
    }
  if (department != NULL)
    {
      g_autoptr (MrDepartment) dep = mr_cli_resolve_department (cli, department);

      if (dep == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "department_id", "s", mr_department_get_id (dep));
    }
  if (package != NULL)
    {
      g_autofree char *p = mr_locker_find_package (cli->store, package);

      if (p == NULL)
        return mr_cli_data_error (_ ("No package has the id, internal ID or tracking number “%s”."),
                                  package);
      g_variant_dict_insert (&d, "package_id", "s", p);
    }
  if (size != NULL)
    g_variant_dict_insert (&d, "size", "s", size);
  if (hours != 0)
    g_variant_dict_insert (&d, "hours", "x", (gint64) hours);
  if (!mr_cli_apply (cli, "locker.reserve", &d, &id))
    return MR_CLI_DATA;
  print_reservation (cli, id);
  return MR_CLI_OK;
}

static int
lockers_extend (MrCli *cli, int argc, char **argv)
{
  int hours = 0;
  const GOptionEntry entries[] = {
    { "hours", 0, 0, G_OPTION_ARG_INT, &hours, N_ ("Hours to add"), N_ ("HOURS") },
    { NULL },
  };
  MrCliSpec spec = { _ ("RESERVATION"),
                     _ ("Extends personal or department storage, up to the bank's maximum."),
                     entries, 1, 1 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (hours <= 0)
    return mr_cli_usage_error (argv[0], _ ("Say how many hours to add with --hours."));
  g_variant_dict_insert (&d, "id", "s", argv[1]);
  g_variant_dict_insert (&d, "hours", "x", (gint64) hours);
  if (!mr_cli_apply (cli, "locker.reservation_extend", &d, NULL))
    return MR_CLI_DATA;
  print_reservation (cli, argv[1]);
  return MR_CLI_OK;
}

static int
lockers_release (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("RESERVATION"), _ ("Ends a reservation: the door is free again."), NULL, 1,
                     1 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  g_variant_dict_insert (&d, "id", "s", argv[1]);
  return mr_cli_apply_and_print (cli, "locker.reservation_end", &d);
}

static int
lockers_dedicate (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *department = NULL;
  gboolean none = FALSE;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("The door's bank (name or id)"),
      N_ ("BANK") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_ ("Dedicate the door to this person"),
      N_ ("CONTACT") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department,
      N_ ("Dedicate the door to this department"), N_ ("DEPARTMENT") },
    { "none", 0, 0, G_OPTION_ARG_NONE, &none, N_ ("The door is no longer dedicated"), NULL },
    { NULL },
  };
  MrCliSpec spec = { _ ("DOOR"), _ ("Dedicates a door to a person or a department."), entries, 1,
                     1 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *id = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((contact != NULL) + (department != NULL) + none != 1)
    return mr_cli_usage_error (argv[0], _ ("Give one of --contact, --department or --none."));
  if (!(id = resolve_door (cli, bank_key, argv[1])))
    return MR_CLI_DATA;
  g_variant_dict_insert (&d, "id", "s", id);
  if (contact != NULL)
    {
      g_autoptr (MrContact) c = mr_cli_resolve_contact (cli, contact);

      if (c == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "contact_id", "s", mr_contact_get_id (c));
    }
  if (department != NULL)
    {
      g_autoptr (MrDepartment) dep = mr_cli_resolve_department (cli, department);

      if (dep == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "department_id", "s", mr_department_get_id (dep));
    }
  return mr_cli_apply_and_print (cli, "locker.dedicate", &d);
}

/* Drop-off and its QR code */

/* The QR code of @payload as SVG: one path of dark squares, with the
 * quiet zone, 4 px per module by default; mail clients show it as is. */
static gboolean
write_qr_svg (const MrBarcode *qr, const char *path, GError **error)
{
  guint q = mr_barcode_get_quiet_zone (qr);
  guint cols = mr_barcode_get_columns (qr), rows = mr_barcode_get_rows (qr);
  guint size = cols + 2 * q;
  g_autoptr (GString) svg = g_string_new (NULL);

  g_string_append_printf (svg,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                          "width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" "
                          "shape-rendering=\"crispEdges\">\n"
                          "<rect width=\"%u\" height=\"%u\" fill=\"#fff\"/>\n<path d=\"",
                          size * 4, (rows + 2 * q) * 4, size, rows + 2 * q, size, rows + 2 * q);
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < cols;)
      {
        guint run = 0;

        while (c + run < cols && mr_barcode_get_module (qr, r, c + run))
          run++;
        if (run > 0)
          {
            g_string_append_printf (svg, "M%u %uh%uv1h-%uz", c + q, r + q, run, run);
            c += run;
          }
        else
          c++;
      }
  g_string_append (svg, "\" fill=\"#000\" stroke=\"none\"/>\n</svg>\n");
  return g_file_set_contents (path, svg->str, (gssize) svg->len, error);
}

static gboolean
write_qr_png (const MrBarcode *qr, const char *path, GError **error)
{
  const double module = 8;
  guint q = mr_barcode_get_quiet_zone (qr);
  int w = (int) ((mr_barcode_get_columns (qr) + 2 * q) * module);
  int h = (int) ((mr_barcode_get_rows (qr) + 2 * q) * module);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t st;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  mr_barcode_draw (qr, cr, q * module, q * module, module, 0);
  cairo_destroy (cr);
  st = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (st != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Cannot write “%s”: %s"), path,
                   cairo_status_to_string (st));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_qr (const char *code, const char *path, GError **error)
{
  g_autofree char *payload = mr_locker_code_qr_payload (code);
  g_autoptr (MrBarcode) qr = mr_barcode_encode (MR_BARCODE_QR, payload, error);

  if (qr == NULL)
    return FALSE;
  if (g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG"))
    return write_qr_svg (qr, path, error);
  return write_qr_png (qr, path, error);
}

static const char *
reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "dedicated") == 0)
    return _ ("the recipient's dedicated locker");
  if (g_strcmp0 (reason, "reserved") == 0)
    return _ ("the locker reserved for it");
  if (g_strcmp0 (reason, "existing") == 0)
    return _ ("with the recipient's other packages");
  if (g_strcmp0 (reason, "free") == 0)
    return _ ("the smallest free door that fits");
  return _ ("the door chosen");
}

static int
lockers_dropoff (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  g_autofree char *door_key = NULL;
  g_autofree char *qr_path = NULL;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("Locker bank (name or id)"), N_ ("BANK") },
    { "locker", 0, 0, G_OPTION_ARG_STRING, &door_key,
      N_ ("Put it in this door (number or id) instead of the one the rules choose"), N_ ("DOOR") },
    { "qr", 0, 0, G_OPTION_ARG_FILENAME, &qr_path,
      N_ ("Write the pickup code's QR code to this .png or .svg file"), N_ ("FILE") },
    { NULL },
  };
  MrCliSpec spec = { _ ("PACKAGE"),
                     _ ("Puts a package in a locker and prints its pickup code (only this once: "
                        "it is stored hashed)."),
                     entries, 1, 1 };
  g_autofree char *package = NULL;
  g_autofree char *door = NULL;
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (MrLockerDropoff) out = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  package = mr_locker_find_package (cli->store, argv[1]);
  if (package == NULL)
    return mr_cli_data_error (_ ("No package has the id, internal ID or tracking number “%s”."),
                              argv[1]);
  if (door_key != NULL && !(door = resolve_door (cli, bank_key, door_key)))
    return MR_CLI_DATA;
  if (door == NULL && !(bank = resolve_bank (cli, bank_key)))
    return MR_CLI_DATA;
  if (!mr_locker_dropoff (cli->store, package, bank ? bank->id : NULL, door, &out, &error))
    return mr_cli_report_error (error);
  if (qr_path != NULL && out->code != NULL && !write_qr (out->code, qr_path, &error))
    {
      /* The package is in; only the picture failed. The code is printed
       * below all the same. */
      mr_cli_report_error (error);
      g_clear_error (&error);
      g_clear_pointer (&qr_path, g_free);
      status = MR_CLI_DATA;
    }
  else
    status = MR_CLI_OK;

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_json_string (b, "package_id", package);
      mr_cli_json_string (b, "bank_id", out->bank_id);
      mr_cli_json_string (b, "locker_id", out->locker_id);
      mr_cli_json_string (b, "locker_number", out->locker_number);
      mr_cli_json_string (b, "delivery_id", out->delivery_id);
      mr_cli_json_string (b, "reason", out->reason);
      mr_cli_json_string (b, "code", out->code);
      mr_cli_json_time (b, "expires_at", out->expires_ms);
      mr_cli_json_string (b, "qr_file", out->code ? qr_path : NULL);
      mr_cli_lockers_print_json_object_end (b);
      return status;
    }
  {
    g_autofree char *expires = format_time_or_empty (out->expires_ms);

    /* Translators: door number, then why this door */
    g_print (_ ("Door %s (%s).\n"), out->locker_number, reason_label (out->reason));
    if (out->code != NULL)
      g_print (_ ("Pickup code: %s (shown only now).\n"), out->code);
    else
      g_print ("%s\n", _ ("Added to the recipient's delivery: their pickup code opens it."));
    if (out->expires_ms > 0)
      g_print (_ ("Expires: %s\n"), expires);
    if (qr_path != NULL && out->code != NULL)
      g_print (_ ("QR code: %s\n"), qr_path);
  }
  return status;
}

static int
lockers_pickup (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  g_autofree char *code = NULL;
  g_autofree char *contact = NULL;
  const GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_ ("The pickup code (or the QR code's text)"),
      N_ ("CODE") },
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("Locker bank (name or id)"), N_ ("BANK") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact,
      N_ ("The person signed in at the kiosk, if any"), N_ ("CONTACT") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Opens the doors a pickup code opens, and hands their packages over. "
                        "Wrong codes count: after 5 the bank refuses codes for 15 minutes."),
                     entries, 0, 0 };
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (MrLockerPickup) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contact_id = NULL;
  g_autoptr (GArray) doors = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (code == NULL)
    return mr_cli_usage_error (argv[0], _ ("Give the pickup code with --code."));
  if (!(bank = resolve_bank (cli, bank_key)))
    return MR_CLI_DATA;
  if (contact != NULL)
    {
      g_autoptr (MrContact) c = mr_cli_resolve_contact (cli, contact);

      if (c == NULL)
        return MR_CLI_DATA;
      contact_id = g_strdup (mr_contact_get_id (c));
    }
  if (!mr_locker_pickup (cli->store, bank->id, code, contact_id, &out, &error))
    return mr_cli_report_error (error);
  /* The doors open through the simulated controller (no hardware here). */
  doors = mr_cli_lockers_open_doors (cli, out->opened);
  status = MR_CLI_OK;

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_json_string (b, "contact_id", out->contact_id);
      json_builder_set_member_name (b, "opened");
      json_builder_begin_array (b);
      for (guint i = 0; i < out->opened->len; i++)
        {
          MrLockerOpened *o = g_ptr_array_index (out->opened, i);

          json_builder_begin_object (b);
          mr_cli_json_string (b, "locker_id", o->locker_id);
          mr_cli_json_string (b, "number", o->number);
          mr_cli_json_int (b, "packages", o->n_packages);
          mr_cli_lockers_json_door_result (b, &g_array_index (doors, MrCliDoorResult, i));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      mr_cli_json_int (b, "remaining", out->remaining);
      mr_cli_lockers_print_json_object_end (b);
      /* A door the controller could not open fails the command, as in
       * text; a bank without a controller address is just not driven. */
      for (guint i = 0; i < doors->len; i++)
        if (g_array_index (doors, MrCliDoorResult, i).state != NULL &&
            g_strcmp0 (g_array_index (doors, MrCliDoorResult, i).state, "open") != 0)
          status = MR_CLI_DATA;
      return status;
    }
  for (guint i = 0; i < out->opened->len; i++)
    {
      MrLockerOpened *o = g_ptr_array_index (out->opened, i);

      g_print (g_dngettext (GETTEXT_PACKAGE, "Door %s opened: %u package.\n",
                            "Door %s opened: %u packages.\n", o->n_packages),
               o->number, o->n_packages);
      if (!mr_cli_lockers_print_door_result (o->number, &g_array_index (doors, MrCliDoorResult, i)))
        status = MR_CLI_DATA;
    }
  if (out->remaining > 0)
    g_print (g_dngettext (
               GETTEXT_PACKAGE, "%u more door: enter the code again once this one is closed.\n",
               "%u more doors: enter the code again once this one is closed.\n", out->remaining),
             out->remaining);
  return status;
}

static int
set_service (MrCli *cli, int argc, char **argv, gboolean out_of_service)
{
  g_autofree char *bank_key = NULL;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("The door's bank (name or id)"),
      N_ ("BANK") },
    { NULL },
  };
  MrCliSpec spec = { _ ("DOOR"),
                     out_of_service
                       ? _ ("Takes a door out of service: nothing is put in it until it is back.")
                       : _ ("Puts a door back into service."),
                     entries, 1, 1 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *id = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(id = resolve_door (cli, bank_key, argv[1])))
    return MR_CLI_DATA;
  g_variant_dict_insert (&d, "id", "s", id);
  g_variant_dict_insert (&d, "out_of_service", "b", out_of_service);
  return mr_cli_apply_and_print (cli, "locker.set_out_of_service", &d);
}

static int
lockers_out_of_service (MrCli *cli, int argc, char **argv)
{
  return set_service (cli, argc, argv, TRUE);
}

static int
lockers_in_service (MrCli *cli, int argc, char **argv)
{
  return set_service (cli, argc, argv, FALSE);
}

static int
lockers_expire (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { "",
                     _ ("Marks the packages left past their bank's period as expired, ends "
                        "reservations past their end. The app does this on its own; this is "
                        "for scripts."),
                     NULL, 0, 0 };
  g_autoptr (GError) error = NULL;
  guint n = 0;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!mr_locker_expire_due (cli->store, &n, &error))
    return mr_cli_report_error (error);
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_json_int (b, "expired", n);
      mr_cli_lockers_print_json_object_end (b);
    }
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u package expired.\n", "%u packages expired.\n", n),
             n);
  return MR_CLI_OK;
}

const MrCliCommand mr_cli_lockers_commands[] = {
  { "bank", N_ ("Locker banks: create, edit, show, list, renumber"), mr_cli_lockers_bank },
  { "status", N_ ("Doors in each status, per bank"), lockers_status },
  { "map", N_ ("A bank drawn as text, one letter per door"), lockers_map },
  { "door", N_ ("One door: status and contents"), lockers_door },
  { "reserve", N_ ("Reserve a locker ahead of time"), lockers_reserve },
  { "extend", N_ ("Extend storage"), lockers_extend },
  { "release", N_ ("End a reservation"), lockers_release },
  { "dedicate", N_ ("Dedicate a door to a person or department"), lockers_dedicate },
  { "dropoff", N_ ("Put a package in a locker; print its pickup code"), lockers_dropoff },
  { "pickup", N_ ("Open the doors of a pickup code"), lockers_pickup },
  { "out-of-service", N_ ("Take a door out of service"), lockers_out_of_service },
  { "in-service", N_ ("Put a door back into service"), lockers_in_service },
  { "expire", N_ ("Expire what is past its time"), lockers_expire },
  { "open", N_ ("Open a door remotely (simulated controller)"), mr_cli_lockers_open },
  { "empty", N_ ("Record that a door was emptied"), mr_cli_lockers_empty },
  { "reopen", N_ ("Reopen a door just after its pickup"), mr_cli_lockers_reopen },
  { "expired", N_ ("List the expired packages to take out"), mr_cli_lockers_expired },
  { "remove-expired", N_ ("Record that the expired packages were taken out"),
    mr_cli_lockers_remove_expired },
  { NULL, NULL, NULL },
};

/* For mr-cli-lockers-doors.c */

MrLockerBank *
mr_cli_lockers_resolve_bank (MrCli *cli, const char *key)
{
  return resolve_bank (cli, key);
}

char *
mr_cli_lockers_resolve_door (MrCli *cli, const char *bank_key, const char *door_key)
{
  return resolve_door (cli, bank_key, door_key);
}
