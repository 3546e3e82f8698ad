/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-cli-lockers-private.h"
#include "mr-locker-sim-controller.h"

/* mailroom-cli lockers open|empty|reopen|expired|remove-expired: what an
 * operator does to a door itself. The command line has no hardware: the
 * doors it opens are driven through the simulated controller, so the
 * history records what a controller reports (open, jammed) exactly as
 * with a real one. */

#define SIMULATED_NOTE                                                                 \
  N_ ("The command line drives doors through the simulated controller (no hardware): " \
      "what it reports is recorded in the door’s history.")

/* The door of a command: --door, or the one argument. */
static char *
door_of (MrCli *cli, int argc, char **argv, const char *bank_key, const char *door_key, int *status)
{
  const char *key = door_key ? door_key : (argc > 1 ? argv[1] : NULL);
  char *id;

  if (door_key != NULL && argc > 1)
    {
      *status = mr_cli_usage_error (argv[0], _ ("Name the door once: with --door or as an "
                                                "argument."));
      return NULL;
    }
  if (key == NULL)
    {
      *status = mr_cli_usage_error (argv[0], _ ("Name the door with --door."));
      return NULL;
    }
  id = mr_cli_lockers_resolve_door (cli, bank_key, key);
  if (id == NULL)
    *status = MR_CLI_DATA;
  return id;
}

/* --to-place: a place's id, or NULL (status set) when it matches none. */
static gboolean
place_of (MrCli *cli, const char *key, char **place_id, int *status)
{
  g_autoptr (MrNode) place = NULL;

  *place_id = NULL;
  if (key == NULL)
    return TRUE;
  place = mr_cli_resolve_place (cli, key);
  if (place == NULL)
    {
      *status = MR_CLI_DATA;
      return FALSE;
    }
  *place_id = g_strdup (mr_node_get_id (place));
  return TRUE;
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);

  mr_cli_json_print (root);
}

/* Driving doors through the simulated controller */

static void
door_result_clear (gpointer data)
{
  MrCliDoorResult *r = data;

  g_free (r->state);
  g_free (r->message);
}

static const char *
state_of_error (const GError *error)
{
  if (error->domain != MR_LOCKER_CONTROLLER_ERROR)
    return NULL;
  switch (error->code)
    {
    case MR_LOCKER_CONTROLLER_ERROR_JAMMED:
      return "jammed";
    case MR_LOCKER_CONTROLLER_ERROR_UNREACHABLE:
      return "unreachable";
    case MR_LOCKER_CONTROLLER_ERROR_NO_ADDRESS:
      return NULL; /* nothing was sent */
    default:
      return "failed";
    }
}

/* Opens @locker_id and says what the controller reported. */
static void
drive_door (MrCli *cli,
            MrLockerSimController *sim,
            const char *locker_id,
            const char *reason,
            MrCliDoorResult *r)
{
  g_autoptr (GError) error = NULL;

  if (mr_locker_controller_open (MR_LOCKER_CONTROLLER (sim), cli->store, locker_id, reason, &error))
    {
      MrLockerDoorState state =
        mr_locker_controller_get_locker_state (MR_LOCKER_CONTROLLER (sim), cli->store, locker_id);

      r->state = g_strdup (mr_locker_door_state_to_string (state));
      return;
    }
  r->state = g_strdup (state_of_error (error));
  r->message = g_strdup (error->message);
}

GArray *
mr_cli_lockers_open_doors (MrCli *cli, GPtrArray *opened)
{
  g_autoptr (MrLockerSimController) sim = mr_locker_sim_controller_new (0);
  GArray *results = g_array_sized_new (FALSE, TRUE, sizeof (MrCliDoorResult), opened->len);
  gboolean no_address = FALSE;

  g_array_set_clear_func (results, door_result_clear);
  g_array_set_size (results, opened->len);
  for (guint i = 0; i < opened->len; i++)
    {
      MrLockerOpened *o = g_ptr_array_index (opened, i);
      MrCliDoorResult *r = &g_array_index (results, MrCliDoorResult, i);

      /* The doors of a pickup are in one bank: without an address, say it
       * once. */
      if (no_address)
        continue;
      drive_door (cli, sim, o->locker_id, "pickup", r);
      no_address = r->state == NULL && r->message != NULL;
    }
  return results;
}

void
mr_cli_lockers_json_door_result (JsonBuilder *b, const MrCliDoorResult *result)
{
  json_builder_set_member_name (b, "door_state");
  if (result->state != NULL)
    json_builder_add_string_value (b, result->state);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "door_error");
  if (result->message != NULL)
    json_builder_add_string_value (b, result->message);
  else
    json_builder_add_null_value (b);
}

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, "open") == 0)
    return mr_locker_door_state_get_label (MR_LOCKER_DOOR_OPEN);
  if (g_strcmp0 (state, "closed") == 0)
    return mr_locker_door_state_get_label (MR_LOCKER_DOOR_CLOSED);
  if (g_strcmp0 (state, "jammed") == 0)
    return mr_locker_door_state_get_label (MR_LOCKER_DOOR_JAMMED);
  /* Translators: the state of a locker door whose controller did not answer */
  if (g_strcmp0 (state, "unreachable") == 0)
    return C_ ("door", "Unreachable");
  /* Translators: the state of a locker door that could not be opened */
  return C_ ("door", "Not opened");
}

gboolean
mr_cli_lockers_print_door_result (const char *number, const MrCliDoorResult *result)
{
  if (g_strcmp0 (result->state, "open") == 0 || g_strcmp0 (result->state, "closed") == 0)
    {
      /* Translators: door number, then its state as the controller reports it */
      g_print (_ ("Door %s: %s (simulated controller).\n"), number, state_label (result->state));
      return TRUE;
    }
  if (result->message != NULL)
    mr_cli_data_error ("%s", result->message);
  return result->state == NULL;
}

/* lockers open */

int
mr_cli_lockers_open (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  g_autofree char *door_key = NULL;
  g_autofree char *reason = NULL;
  gboolean jam = FALSE;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("The door's bank (name or id)"),
      N_ ("BANK") },
    { "door", 0, 0, G_OPTION_ARG_STRING, &door_key, N_ ("The door (number or id)"), N_ ("DOOR") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_ ("Why the door is opened, kept in its history"), N_ ("TEXT") },
    { "simulate-jam", 0, 0, G_OPTION_ARG_NONE, &jam,
      N_ ("Make the simulated door jam, to see what a jammed door does"), NULL },
    { NULL },
  };
  g_autofree char *summary = g_strdup_printf (
    "%s\n\n%s", _ ("Opens a door remotely, for the mailroom."), _ (SIMULATED_NOTE));
  MrCliSpec spec = { _ ("[DOOR]"), summary, entries, 0, 1 };
  g_autoptr (MrLockerSimController) sim = mr_locker_sim_controller_new (0);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *address = NULL;
  g_autofree char *number = NULL;
  MrCliDoorResult r = { 0 };
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(id = door_of (cli, argc, argv, bank_key, door_key, &status)))
    return status;
  /* A door that cannot be driven is refused before anything is recorded. */
  if (!mr_locker_door_get_address (cli->store, id, &address, &number, &error))
    return mr_cli_report_error (error);
  if (jam)
    mr_locker_sim_controller_set_jammed (sim, address, number, TRUE);
  if (!mr_locker_open_remote (cli->store, id, reason, &error))
    return mr_cli_report_error (error);
  drive_door (cli, sim, id, "remote", &r);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_json_string (b, "locker_id", id);
      mr_cli_json_string (b, "number", number);
      mr_cli_json_string (b, "reason", reason);
      mr_cli_lockers_json_door_result (b, &r);
      json_builder_end_object (b);
      print_json (b);
      if (r.message != NULL)
        mr_cli_data_error ("%s", r.message);
    }
  else
    mr_cli_lockers_print_door_result (number, &r);
  status = g_strcmp0 (r.state, "open") == 0 ? MR_CLI_OK : MR_CLI_DATA;
  door_result_clear (&r);
  return status;
}

/* lockers empty */

int
mr_cli_lockers_empty (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  g_autofree char *door_key = NULL;
  g_autofree char *place_key = NULL;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("The door's bank (name or id)"),
      N_ ("BANK") },
    { "door", 0, 0, G_OPTION_ARG_STRING, &door_key, N_ ("The door (number or id)"), N_ ("DOOR") },
    { "to-place", 0, 0, G_OPTION_ARG_STRING, &place_key,
      N_ ("Where the packages go (a place); without it they are recorded as removed"),
      N_ ("PLACE") },
    { NULL },
  };
  MrCliSpec spec = { _ ("[DOOR]"),
                     _ ("Records that everything was taken out of a door: its packages leave it, "
                        "its delivery and any storage in it end, and the door is available again "
                        "(a dedication stays)."),
                     entries, 0, 1 };
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *place_id = NULL;
  g_autofree char *number = NULL;
  guint n = 0;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(id = door_of (cli, argc, argv, bank_key, door_key, &status)) ||
      !place_of (cli, place_key, &place_id, &status))
    return status;
  if (!mr_locker_empty (cli->store, id, place_id, &n, &error))
    return mr_cli_report_error (error);
  {
    g_autoptr (MrLockerDoorInfo) info = mr_store_get_locker_door (cli->store, id);

    number = g_strdup (info ? info->door.number : "?");
  }

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_json_string (b, "locker_id", id);
      mr_cli_json_string (b, "number", number);
      mr_cli_json_int (b, "removed", n);
      mr_cli_json_string (b, "place_id", place_id);
      json_builder_end_object (b);
      print_json (b);
    }
  else if (place_id != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Door %s emptied: %u package moved to %s.\n",
                          "Door %s emptied: %u packages moved to %s.\n", n),
             number, n, place_key);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Door %s emptied: %u package taken out.\n",
                          "Door %s emptied: %u packages taken out.\n", n),
             number, n);
  return MR_CLI_OK;
}

/* lockers reopen */

int
mr_cli_lockers_reopen (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  g_autofree char *door_key = NULL;
  g_autofree char *code = NULL;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("The door's bank (name or id)"),
      N_ ("BANK") },
    { "door", 0, 0, G_OPTION_ARG_STRING, &door_key, N_ ("The door (number or id)"), N_ ("DOOR") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code,
      N_ ("The pickup code that opened it (without: the mailroom reopens it)"), N_ ("CODE") },
    { NULL },
  };
  g_autofree char *summary = g_strdup_printf (
    "%s\n\n%s",
    _ ("Opens again the door of a pickup, within the bank’s reopen time after it (for "
       "something forgotten, or a door closed too early)."),
    _ (SIMULATED_NOTE));
  MrCliSpec spec = { _ ("[DOOR]"), summary, entries, 0, 1 };
  g_autoptr (MrLockerSimController) sim = mr_locker_sim_controller_new (0);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLockerDoorInfo) info = NULL;
  g_autofree char *id = NULL;
  MrCliDoorResult r = { 0 };
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(id = door_of (cli, argc, argv, bank_key, door_key, &status)))
    return status;
  if (!mr_locker_reopen (cli->store, id, code, &error))
    return mr_cli_report_error (error);
  info = mr_store_get_locker_door (cli->store, id);
  drive_door (cli, sim, id, "reopen", &r);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_json_string (b, "locker_id", id);
      mr_cli_json_string (b, "number", info ? info->door.number : NULL);
      mr_cli_lockers_json_door_result (b, &r);
      json_builder_end_object (b);
      print_json (b);
      if (r.message != NULL)
        mr_cli_data_error ("%s", r.message);
    }
  else
    {
      g_print (_ ("Door %s reopened.\n"), info ? info->door.number : "?");
      mr_cli_lockers_print_door_result (info ? info->door.number : "?", &r);
    }
  /* The reopening is recorded; only a door that the controller could not
   * open is a failure (a bank without an address is not driven at all). */
  status = r.state == NULL || g_strcmp0 (r.state, "open") == 0 ? MR_CLI_OK : MR_CLI_DATA;
  door_result_clear (&r);
  return status;
}

/* lockers expired, lockers remove-expired */

int
mr_cli_lockers_expired (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key,
      N_ ("Only this bank (name or id); without it, every bank"), N_ ("BANK") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Lists what to take out of the lockers: every door holding expired "
                        "packages, with their tracking numbers, recipients and since when. Then "
                        "record it with “lockers remove-expired”."),
                     entries, 0, 0 };
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (GPtrArray) doors = NULL;
  guint n_packages = 0;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (bank_key != NULL && !(bank = mr_cli_lockers_resolve_bank (cli, bank_key)))
    return MR_CLI_DATA;
  doors = mr_store_list_expired_doors (cli->store, bank ? bank->id : NULL);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < doors->len; i++)
        {
          MrLockerExpiredDoor *d = g_ptr_array_index (doors, i);

          json_builder_begin_object (b);
          mr_cli_json_string (b, "locker_id", d->locker_id);
          mr_cli_json_string (b, "number", d->number);
          mr_cli_json_string (b, "bank_id", d->bank_id);
          mr_cli_json_string (b, "bank", d->bank_name);
          mr_cli_json_time (b, "expired_at", d->expired_ms);
          json_builder_set_member_name (b, "packages");
          json_builder_begin_array (b);
          for (guint k = 0; k < d->packages->len; k++)
            {
              MrLockerExpiredPackage *p = g_ptr_array_index (d->packages, k);

              json_builder_begin_object (b);
              mr_cli_json_string (b, "id", p->id);
              mr_cli_json_string (b, "tracking_number", p->tracking_number);
              mr_cli_json_string (b, "internal_id", p->internal_id);
              mr_cli_json_string (b, "recipient", p->recipient);
              mr_cli_json_time (b, "expired_at", p->expired_ms);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return MR_CLI_OK;
    }
  if (doors->len == 0)
    {
      g_print ("%s\n", _ ("No expired packages: there is nothing to take out."));
      return MR_CLI_OK;
    }
  {
    g_autoptr (MrCliTable) table = mr_cli_table_new (_ ("Bank"), _ ("Door"), _ ("Package"),
                                                     _ ("Recipient"), _ ("Expired"), NULL);

    for (guint i = 0; i < doors->len; i++)
      {
        MrLockerExpiredDoor *d = g_ptr_array_index (doors, i);

        for (guint k = 0; k < d->packages->len; k++)
          {
            MrLockerExpiredPackage *p = g_ptr_array_index (d->packages, k);
            g_autofree char *since =
              p->expired_ms > 0 ? mr_cli_format_time (p->expired_ms) : g_strdup ("");

            mr_cli_table_add_row (table, d->bank_name, d->number,
                                  p->tracking_number ? p->tracking_number : p->internal_id,
                                  p->recipient ? p->recipient : "", since);
            n_packages++;
          }
      }
    mr_cli_table_print (table);
  }
  g_print (_ ("Doors to open: %u. Packages to take out: %u.\n"), doors->len, n_packages);
  return MR_CLI_OK;
}

int
mr_cli_lockers_remove_expired (MrCli *cli, int argc, char **argv)
{
  g_autofree char *bank_key = NULL;
  g_autofree char *place_key = NULL;
  const GOptionEntry entries[] = {
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank_key, N_ ("Locker bank (name or id)"), N_ ("BANK") },
    { "to-place", 0, 0, G_OPTION_ARG_STRING, &place_key,
      N_ ("Where the packages go (a place); without it they are recorded as removed"),
      N_ ("PLACE") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Records that the expired packages of a bank were taken out (list them "
                        "first with “lockers expired”): each leaves its door, in one step."),
                     entries, 0, 0 };
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *place_id = NULL;
  guint n = 0;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(bank = mr_cli_lockers_resolve_bank (cli, bank_key)) ||
      !place_of (cli, place_key, &place_id, &status))
    return bank == NULL ? MR_CLI_DATA : status;
  if (!mr_locker_remove_expired (cli->store, bank->id, place_id, &n, &error))
    return mr_cli_report_error (error);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_json_string (b, "bank_id", bank->id);
      mr_cli_json_int (b, "removed", n);
      mr_cli_json_string (b, "place_id", place_id);
      json_builder_end_object (b);
      print_json (b);
    }
  else if (n == 0)
    g_print ("%s\n", _ ("No expired packages: there is nothing to take out."));
  else if (place_id != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u expired package moved to %s.\n",
                          "%u expired packages moved to %s.\n", n),
             n, place_key);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u expired package taken out.\n",
                          "%u expired packages taken out.\n", n),
             n);
  return MR_CLI_OK;
}
