/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-cli-lockers-private.h"
#include "mr-cli-private.h"
#include "mr-locker-layout.h"
#include "mr-lockers.h"

/* mailroom-cli lockers bank …: locker banks built from a layout file
 * (JSON or CSV), their settings, and renumbering. */

#define LAYOUT_HELP                                                                             \
  N_ ("A layout file is JSON or CSV. JSON:\n"                                                   \
      "  {\"base_cm\": 10, \"width_cm\": 45, \"loading\": \"front\",\n"                         \
      "   \"columns\": [{\"doors\": [\"S\", \"M\", {\"height_cm\": 33}, \"XL\"]},\n"            \
      "                {\"width_cm\": 60, \"doors\": [{\"size\": \"L\", \"number\": \"A1\",\n"  \
      "                  \"delivery_only\": true}, {\"panel\": \"Screen\", \"height_cm\": "     \
      "100}]}]}\n"                                                                              \
      "Doors are listed from the top of each column down; sizes are XS (10 cm), S (15), M "     \
      "(25),\n"                                                                                 \
      "L (40), XL (60) or a height in cm; a panel only takes height. CSV, one line per door:\n" \
      "  column,size,height_cm,number,delivery_only,loading,width_cm,base_cm\n"                 \
      "  1,S,,,,,45,10\n"                                                                       \
      "  1,M\n"                                                                                 \
      "  2,panel,100\n"                                                                         \
      "Doors without a number are numbered 1, 2, 3… column by column.")

static gboolean
read_layout (const char *path, char **text, int *status)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLockerLayout) layout = NULL;

  if (!g_file_get_contents (path, text, NULL, &error))
    {
      *status = mr_cli_data_error ("%s", error->message);
      return FALSE;
    }
  /* Checked here too, so the message can name the file. */
  layout = mr_locker_layout_parse (*text, -1, &error);
  if (layout == NULL)
    {
      /* Translators: a file name and what is wrong in it */
      *status = mr_cli_data_error (_ ("%s: %s"), path, error->message);
      g_clear_pointer (text, g_free);
      return FALSE;
    }
  return TRUE;
}

/* Banks: create, edit, show, list, renumber */

typedef struct
{
  char *layout;
  char *name;
  char *place;
  char *controller;
  int expiry_hours;
  int reopen_seconds;
  char *pickup;
  gboolean add_to_existing;
  gboolean no_add_to_existing;
  char *storage;
  int storage_hours;
  int storage_max_hours;
  gboolean contactless;
  gboolean no_contactless;
  char *keep;
} BankOptions;

static void
bank_options_clear (BankOptions *o)
{
  g_free (o->layout);
  g_free (o->name);
  g_free (o->place);
  g_free (o->controller);
  g_free (o->pickup);
  g_free (o->storage);
  g_free (o->keep);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BankOptions, bank_options_clear)

#define N_BANK_ENTRIES 16

static void
bank_entries (BankOptions *o, GOptionEntry entries[N_BANK_ENTRIES])
{
  const GOptionEntry all[N_BANK_ENTRIES] = {
    { "layout", 0, 0, G_OPTION_ARG_FILENAME, &o->layout,
      N_ ("The bank's columns and doors, as JSON or CSV (see above)"), N_ ("FILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name, N_ ("New name of the bank"), N_ ("NAME") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &o->place,
      N_ ("Where the bank stands (place name, path, code or id; empty: none)"), N_ ("PLACE") },
    { "controller", 0, 0, G_OPTION_ARG_STRING, &o->controller,
      N_ ("Address of the bank's door controller"), N_ ("ADDRESS") },
    { "expiry-hours", 0, 0, G_OPTION_ARG_INT, &o->expiry_hours,
      N_ ("Hours a delivery waits before it expires (default 72)"), N_ ("HOURS") },
    { "reopen-seconds", 0, 0, G_OPTION_ARG_INT, &o->reopen_seconds,
      N_ ("Seconds a door can be reopened after closing (default 60)"), N_ ("SECONDS") },
    { "pickup", 0, 0, G_OPTION_ARG_STRING, &o->pickup,
      N_ ("Open a recipient's doors “all” at once or “one” at a time"), N_ ("all|one") },
    { "add-to-existing", 0, 0, G_OPTION_ARG_NONE, &o->add_to_existing,
      N_ ("Add packages to a recipient's occupied locker (default)"), NULL },
    { "no-add-to-existing", 0, 0, G_OPTION_ARG_NONE, &o->no_add_to_existing,
      N_ ("Give every package its own locker"), NULL },
    { "storage", 0, 0, G_OPTION_ARG_STRING, &o->storage,
      N_ ("Personal storage: fixed duration, flexible up to a maximum, or unlimited"),
      N_ ("fixed|flexible|unlimited") },
    { "storage-hours", 0, 0, G_OPTION_ARG_INT, &o->storage_hours,
      N_ ("Hours of storage (fixed), or by default (flexible)"), N_ ("HOURS") },
    { "storage-max-hours", 0, 0, G_OPTION_ARG_INT, &o->storage_max_hours,
      N_ ("Longest flexible storage, in hours"), N_ ("HOURS") },
    { "contactless", 0, 0, G_OPTION_ARG_NONE, &o->contactless,
      N_ ("Recipients sign in at the kiosk without touching it"), NULL },
    { "no-contactless", 0, 0, G_OPTION_ARG_NONE, &o->no_contactless, N_ ("No contactless sign-in"),
      NULL },
    { "keep", 0, 0, G_OPTION_ARG_STRING, &o->keep,
      N_ ("Free doors of each size kept for deliveries, such as “S=2,M=1”"), N_ ("SIZE=N,…") },
    { NULL },
  };

  o->expiry_hours = o->reopen_seconds = o->storage_hours = o->storage_max_hours = G_MININT;
  for (guint i = 0; i < N_BANK_ENTRIES; i++)
    entries[i] = all[i];
}

/* The settings given as options, as mutation arguments. Returns the
 * number of settings, or -1 after printing why (and setting @status). */
static int
bank_options_to_dict (MrCli *cli, const char *command, BankOptions *o, GVariantDict *d, int *status)
{
  int n = 0;

  if ((o->add_to_existing && o->no_add_to_existing) || (o->contactless && o->no_contactless))
    {
      *status = mr_cli_usage_error (command, _ ("Contradictory options: choose one of each pair."));
      return -1;
    }
  *status = MR_CLI_DATA;
#define SET_INT(key, v)                                \
  if ((v) != G_MININT)                                 \
    {                                                  \
      g_variant_dict_insert (d, key, "x", (gint64) v); \
      n++;                                             \
    }
#define SET_STR(key, v)                         \
  if ((v) != NULL)                              \
    {                                           \
      g_variant_dict_insert (d, key, "s", (v)); \
      n++;                                      \
    }
  SET_STR ("name", o->name);
  SET_STR ("controller_address", o->controller);
  SET_INT ("expiry_hours", o->expiry_hours);
  SET_INT ("reopen_seconds", o->reopen_seconds);
  SET_STR ("pickup_mode", o->pickup);
  SET_STR ("storage_mode", o->storage);
  SET_INT ("storage_hours", o->storage_hours);
  SET_INT ("storage_max_hours", o->storage_max_hours);
  SET_STR ("keep_for_delivery", o->keep);
#undef SET_INT
#undef SET_STR
  if (o->add_to_existing || o->no_add_to_existing)
    {
      g_variant_dict_insert (d, "allow_add_to_existing", "b", o->add_to_existing);
      n++;
    }
  if (o->contactless || o->no_contactless)
    {
      g_variant_dict_insert (d, "contactless", "b", o->contactless);
      n++;
    }
  if (o->place != NULL)
    {
      g_autoptr (MrNode) p = NULL;

      if (*o->place != '\0' && !(p = mr_cli_resolve_place (cli, o->place)))
        return -1;
      g_variant_dict_insert (d, "place_id", "s", p ? mr_node_get_id (p) : "");
      n++;
    }
  return n;
}

static int
bank_create (MrCli *cli, int argc, char **argv)
{
  g_auto (BankOptions) o = { 0 };
  GOptionEntry entries[N_BANK_ENTRIES];
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *summary =
    g_strdup_printf ("%s\n\n%s", _ ("Creates a locker bank from a layout file."), _ (LAYOUT_HELP));
  MrCliSpec spec = { _ ("NAME"), summary, entries, 1, 1 };
  g_autofree char *text = NULL;
  int status;

  bank_entries (&o, entries);
  /* "create" takes the name as its argument, not --name. */
  for (guint i = 1; i + 1 < N_BANK_ENTRIES; i++)
    entries[i] = entries[i + 1];
  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (o.layout == NULL)
    return mr_cli_usage_error (argv[0], _ ("Give the bank's layout with --layout FILE."));
  if (!read_layout (o.layout, &text, &status))
    return status;
  if (bank_options_to_dict (cli, argv[0], &o, &d, &status) < 0)
    return status;
  g_variant_dict_insert (&d, "name", "s", argv[1]);
  g_variant_dict_insert (&d, "layout", "s", text);
  return mr_cli_apply_and_print (cli, "locker_bank.create", &d);
}

static int
bank_edit (MrCli *cli, int argc, char **argv)
{
  g_auto (BankOptions) o = { 0 };
  GOptionEntry entries[N_BANK_ENTRIES];
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *summary =
    g_strdup_printf ("%s\n\n%s",
                     _ ("Changes a locker bank's settings or layout. Doors keep their identity "
                        "by position (column, row from the top); a door that disappears or "
                        "changes size must be empty."),
                     _ (LAYOUT_HELP));
  MrCliSpec spec = { _ ("BANK"), summary, entries, 1, 1 };
  g_autoptr (MrLockerBank) bank = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  int status, n;

  bank_entries (&o, entries);
  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(bank = mr_cli_lockers_resolve_bank (cli, argv[1])))
    return MR_CLI_DATA;
  if (o.layout != NULL && !read_layout (o.layout, &text, &status))
    return status;
  n = bank_options_to_dict (cli, argv[0], &o, &d, &status);
  if (n < 0)
    return status;
  if (n == 0 && text == NULL)
    return mr_cli_usage_error (argv[0], _ ("Nothing to change: give --layout or a setting."));

  /* Settings and layout together, or neither. */
  if (!mr_store_begin_batch (cli->store, &error))
    return mr_cli_report_error (error);
  if (n > 0)
    {
      g_variant_dict_insert (&d, "id", "s", bank->id);
      if (!mr_cli_apply (cli, "locker_bank.set", &d, NULL))
        {
          mr_store_end_batch (cli->store, FALSE, NULL);
          return MR_CLI_DATA;
        }
    }
  if (text != NULL)
    {
      g_auto (GVariantDict) l = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&l, "id", "s", bank->id);
      g_variant_dict_insert (&l, "layout", "s", text);
      if (!mr_cli_apply (cli, "locker_bank.set_layout", &l, NULL))
        {
          mr_store_end_batch (cli->store, FALSE, NULL);
          return MR_CLI_DATA;
        }
    }
  if (!mr_store_end_batch (cli->store, TRUE, &error))
    return mr_cli_report_error (error);
  mr_cli_print_id (cli, bank->id);
  return MR_CLI_OK;
}

static void
print_counts_line (const guint counts[MR_LOCKER_N_STATUSES])
{
  GString *out = g_string_new (NULL);

  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    g_string_append_printf (out, "%s%s %u", s ? ", " : "",
                            mr_locker_status_get_label ((MrLockerStatus) s), counts[s]);
  g_print ("%s\n", out->str);
  g_string_free (out, TRUE);
}

static int
bank_show (MrCli *cli, int argc, char **argv)
{
  gboolean layout = FALSE;
  const GOptionEntry entries[] = {
    { "layout", 0, 0, G_OPTION_ARG_NONE, &layout,
      N_ ("Print the bank's layout as JSON, to edit and give back to “bank edit --layout”"), NULL },
    { NULL },
  };
  MrCliSpec spec = { _ ("BANK"), _ ("Shows a locker bank: its settings and every door."), entries,
                     1, 1 };
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (MrLockerMap) map = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(bank = mr_cli_lockers_resolve_bank (cli, argv[1])))
    return MR_CLI_DATA;
  map = mr_locker_map_load (cli->store, bank->id, &error);
  if (map == NULL)
    return mr_cli_report_error (error);

  if (layout)
    {
      g_autoptr (MrLockerLayout) l = mr_locker_layout_from_map (map);
      g_autofree char *json = mr_locker_layout_to_json (l);

      g_print ("%s\n", json);
      return MR_CLI_OK;
    }
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mr_cli_lockers_json_bank (b, map->bank);
      mr_cli_lockers_json_map (b, map);
      mr_cli_lockers_print_json_object_end (b);
      return MR_CLI_OK;
    }

  {
    g_autofree char *expiry = g_strdup_printf (_ ("%d h"), bank->expiry_hours);
    g_autofree char *reopen = g_strdup_printf (_ ("%d s"), bank->reopen_seconds);
    g_autofree char *keep = mr_locker_bank_format_keep (bank);
    g_autofree char *base = g_strdup_printf (_ ("%d cm"), bank->base_cm);
    g_autofree char *storage = strcmp (bank->storage_mode, "unlimited") == 0
                                 ? g_strdup (_ ("no end time"))
                               : strcmp (bank->storage_mode, "fixed") == 0
                                 ? g_strdup_printf (_ ("fixed, %d h"), bank->storage_hours)
                                 : g_strdup_printf (_ ("flexible, %d h, at most %d h"),
                                                    bank->storage_hours, bank->storage_max_hours);
    g_autofree char *size =
      g_strdup_printf (_ ("%u doors, %d × %d cm"), map->doors->len, map->width_cm, map->height_cm);
    const char *fields[] = {
      _ ("Name"),
      bank->name,
      _ ("Place"),
      bank->place_name,
      _ ("Controller"),
      bank->controller_address,
      _ ("Size"),
      size,
      _ ("Base"),
      base,
      _ ("Delivery expires after"),
      expiry,
      _ ("Reopen within"),
      reopen,
      _ ("Pickup"),
      strcmp (bank->pickup_mode, "one") == 0 ? _ ("one door at a time") : _ ("all doors at once"),
      _ ("Add to an occupied locker"),
      bank->allow_add_to_existing ? _ ("yes") : _ ("no"),
      _ ("Storage"),
      storage,
      C_ ("bank setting", "Kept for deliveries"),
      keep,
      _ ("Contactless sign-in"),
      bank->contactless ? _ ("yes") : _ ("no"),
      _ ("ID"),
      bank->id,
      NULL,
    };
    g_autoptr (MrCliTable) table =
      mr_cli_table_new (_ ("Door"), _ ("Column"), _ ("Row"), _ ("Size"), _ ("From"), _ ("To"),
                        _ ("Status"), _ ("For"), _ ("Notes"), NULL);

    mr_cli_print_fields (fields);
    print_counts_line (map->counts);
    g_print ("\n");
    for (guint i = 0; i < map->doors->len; i++)
      {
        const MrLockerDoor *d = &g_array_index (map->doors, MrLockerDoor, i);
        g_autofree char *col = g_strdup_printf ("%u", d->col + 1);
        g_autofree char *row = g_strdup_printf ("%u", d->row + 1);
        g_autofree char *from = g_strdup_printf (_ ("%d cm"), d->bottom_cm);
        g_autofree char *to = g_strdup_printf (_ ("%d cm"), d->top_cm);
        GString *notes = g_string_new (NULL);

        if (d->accessible)
          g_string_append (notes, _ ("accessible"));
        if (d->delivery_only)
          g_string_append_printf (notes, "%s%s", notes->len ? ", " : "", _ ("deliveries only"));
        if (d->rear_loading)
          g_string_append_printf (notes, "%s%s", notes->len ? ", " : "", _ ("rear loading"));
        if (d->dedicated_to)
          {
            g_string_append (notes, notes->len ? ", " : "");
            g_string_append_printf (notes, _ ("dedicated to %s"), d->dedicated_to);
          }
        mr_cli_table_add_row (table, d->number, col, row, mr_locker_size_to_string (d->size), from,
                              to, mr_locker_status_get_label (d->status), d->holder, notes->str);
        g_string_free (notes, TRUE);
      }
    mr_cli_table_print (table);
  }
  return MR_CLI_OK;
}

static int
bank_list (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { "", _ ("Lists the locker banks with the number of doors in each status."),
                     NULL, 0, 0 };
  g_autoptr (GPtrArray) banks = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  banks = mr_store_list_locker_banks (cli->store);
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < banks->len; i++)
        {
          json_builder_begin_object (b);
          mr_cli_lockers_json_bank (b, g_ptr_array_index (banks, i));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else if (banks->len == 0)
    g_print ("%s\n", _ ("No locker banks yet."));
  else
    {
      g_autoptr (MrCliTable) table =
        mr_cli_table_new (_ ("Name"), _ ("Place"), _ ("Doors"), _ ("Available"), _ ("ID"), NULL);

      for (guint i = 0; i < banks->len; i++)
        {
          MrLockerBank *bank = g_ptr_array_index (banks, i);
          g_autofree char *n = g_strdup_printf ("%u", bank->n_doors);
          g_autofree char *a = g_strdup_printf ("%u", bank->counts[MR_LOCKER_AVAILABLE]);

          mr_cli_table_add_row (table, bank->name, bank->place_name, n, a, bank->id);
        }
      mr_cli_table_print (table);
    }
  return MR_CLI_OK;
}

static int
bank_renumber (MrCli *cli, int argc, char **argv)
{
  g_autofree char *order = NULL;
  g_autofree char *prefix = NULL;
  int start = 1;
  const GOptionEntry entries[] = {
    { "order", 0, 0, G_OPTION_ARG_STRING, &order,
      N_ ("“columns” (each from the top, left to right; default) or “rows” (from the top row)"),
      N_ ("columns|rows") },
    { "start", 0, 0, G_OPTION_ARG_INT, &start, N_ ("First number (default 1)"), N_ ("N") },
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &prefix, N_ ("Text before each number, such as “A”"),
      N_ ("TEXT") },
    { NULL },
  };
  MrCliSpec spec = { _ ("BANK"), _ ("Numbers every door of a bank again."), entries, 1, 1 };
  g_autoptr (MrLockerBank) bank = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (!(bank = mr_cli_lockers_resolve_bank (cli, argv[1])))
    return MR_CLI_DATA;
  g_variant_dict_insert (&d, "id", "s", bank->id);
  if (order != NULL)
    g_variant_dict_insert (&d, "order", "s", order);
  if (prefix != NULL)
    g_variant_dict_insert (&d, "prefix", "s", prefix);
  g_variant_dict_insert (&d, "start", "x", (gint64) start);
  return mr_cli_apply_and_print (cli, "locker_bank.renumber", &d);
}

static const MrCliCommand bank_commands[] = {
  { "create", N_ ("Create a bank from a JSON or CSV layout"), bank_create },
  { "edit", N_ ("Change a bank's settings or layout"), bank_edit },
  { "show", N_ ("Show a bank's settings and doors"), bank_show },
  { "list", N_ ("List the banks"), bank_list },
  { "renumber", N_ ("Number the doors again"), bank_renumber },
  { NULL, NULL, NULL },
};

int
mr_cli_lockers_bank (MrCli *cli, int argc, char **argv)
{
  return mr_cli_run_subcommand (cli, bank_commands, argc, argv);
}
