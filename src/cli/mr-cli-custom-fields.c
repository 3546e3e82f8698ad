/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-cli-packages-private.h"
#include "mr-custom-fields.h"

/* mailroom-cli custom-fields …: the administrator's up to ten extra fields
 * and where they appear; and the helpers "packages receive", "show" and
 * "set-field" use for the values. The rules are the core's. */

/* A field by id, label or position; prints why and returns NULL when none. */
static GVariant *
resolve_field (MrCli *cli, const char *key)
{
  GVariant *field = mr_store_find_custom_field (cli->store, key);

  if (field == NULL)
    mr_cli_data_error (_ ("No custom field has the id, label or position “%s”."), key);
  return field;
}

static const char *
lookup_string (GVariant *dict, const char *key)
{
  const char *s = NULL;

  g_variant_lookup (dict, key, "&s", &s);
  return s;
}

static char *
choices_text (GVariant *field)
{
  g_autoptr (GVariant) choices = g_variant_lookup_value (field, "choices", G_VARIANT_TYPE ("as"));
  g_autofree const char **strv = choices ? g_variant_get_strv (choices, NULL) : NULL;

  return strv ? g_strjoinv (", ", (char **) strv) : g_strdup ("");
}

/* list */

static int
custom_fields_list (MrCli *cli, int argc, char **argv)
{
  g_autofree char *screen = NULL;
  const GOptionEntry entries[] = {
    { "screen", 0, 0, G_OPTION_ARG_STRING, &screen,
      N_ ("Only the fields this screen shows: receiving, delivery, package, bag, contact, asset"),
      N_ ("SCREEN") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Lists the custom fields in their order, with their type, their "
                        "choices and whether each screen shows, hides or requires them."),
                     entries, 0, 0 };
  g_autoptr (GPtrArray) fields = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (screen != NULL && !g_strv_contains (mr_custom_field_screens (), screen))
    return mr_cli_usage_error (argv[0],
                               _ ("“%s” is not a screen. The screens are: receiving, delivery, "
                                  "package, bag, contact, asset."),
                               screen);
  fields = mr_store_list_custom_fields (cli->store, screen);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < fields->len; i++)
        json_builder_add_value (b, json_gvariant_serialize (fields->pdata[i]));
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
      return MR_CLI_OK;
    }

  if (screen != NULL)
    {
      g_autoptr (MrCliTable) table =
        mr_cli_table_new (_ ("Position"), C_ ("custom field", "Label"), _ ("Type"), _ ("Choices"),
                          _ ("Visibility"), _ ("ID"), NULL);

      for (guint i = 0; i < fields->len; i++)
        {
          GVariant *f = fields->pdata[i];
          g_autofree char *pos = NULL;
          g_autofree char *choices = choices_text (f);
          gint32 n = 0;

          g_variant_lookup (f, "position", "i", &n);
          pos = g_strdup_printf ("%d", n);
          mr_cli_table_add_row (
            table, pos, lookup_string (f, "label"),
            mr_custom_field_type_get_label (lookup_string (f, "type")), choices,
            mr_custom_field_visibility_get_label (lookup_string (f, "visibility")),
            lookup_string (f, "id"));
        }
      mr_cli_table_print (table);
    }
  else
    {
      g_autoptr (MrCliTable) table = mr_cli_table_new (
        _ ("Position"), C_ ("custom field", "Label"), _ ("Type"), _ ("Choices"),
        mr_custom_field_screen_get_label ("receiving"),
        mr_custom_field_screen_get_label ("delivery"), mr_custom_field_screen_get_label ("package"),
        mr_custom_field_screen_get_label ("bag"), mr_custom_field_screen_get_label ("contact"),
        mr_custom_field_screen_get_label ("asset"), _ ("ID"), NULL);

      for (guint i = 0; i < fields->len; i++)
        {
          GVariant *f = fields->pdata[i];
          g_autoptr (GVariant) screens = g_variant_lookup_value (f, "screens", NULL);
          g_autofree char *pos = NULL;
          g_autofree char *choices = choices_text (f);
          const char *vis[6] = { NULL };
          gint32 n = 0;

          g_variant_lookup (f, "position", "i", &n);
          pos = g_strdup_printf ("%d", n);
          for (guint s = 0; s < G_N_ELEMENTS (vis); s++)
            {
              const char *v = "shown";

              g_variant_lookup (screens, mr_custom_field_screens ()[s], "&s", &v);
              vis[s] = mr_custom_field_visibility_get_label (v);
            }
          mr_cli_table_add_row (table, pos, lookup_string (f, "label"),
                                mr_custom_field_type_get_label (lookup_string (f, "type")), choices,
                                vis[0], vis[1], vis[2], vis[3], vis[4], vis[5],
                                lookup_string (f, "id"));
        }
      mr_cli_table_print (table);
    }
  if (fields->len == 0 && !cli->json)
    g_print (_ ("No custom fields yet: add one with “%s custom-fields set --label LABEL”.\n"),
             MR_CLI_NAME);
  return MR_CLI_OK;
}

/* set */

static int
custom_fields_set (MrCli *cli, int argc, char **argv)
{
  g_autofree char *key = NULL;
  g_autofree char *label = NULL;
  g_autofree char *type = NULL;
  g_autofree char *choices = NULL;
  int position = 0;
  const GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_STRING, &key,
      N_ ("The field to change (id, label or position); without it a field is added"),
      N_ ("FIELD") },
    { "position", 0, 0, G_OPTION_ARG_INT, &position,
      N_ ("Its place in forms, 1 to 10 (default: the first free one)"), N_ ("N") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_ ("What forms call it"), N_ ("LABEL") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type,
      N_ ("text (default), number, date, choice or boolean"), N_ ("TYPE") },
    { "choices", 0, 0, G_OPTION_ARG_STRING, &choices,
      N_ ("The choices of a choice field, separated by commas"), N_ ("A,B,…") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Adds a custom field, or changes one with --id. There are at most 10; "
                        "labels are unique. New fields are shown on every screen: use "
                        "“custom-fields screen” to hide or require them."),
                     entries, 0, 0 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (position < 0)
    return mr_cli_usage_error (argv[0], _ ("--position takes a number from 1 to 10."));
  if (key != NULL)
    {
      g_autoptr (GVariant) field = resolve_field (cli, key);

      if (field == NULL)
        return MR_CLI_DATA;
      g_variant_dict_insert (&d, "id", "s", lookup_string (field, "id"));
    }
  if (label != NULL)
    g_variant_dict_insert (&d, "label", "s", label);
  if (type != NULL)
    g_variant_dict_insert (&d, "type", "s", type);
  if (position > 0)
    g_variant_dict_insert (&d, "position", "i", position);
  if (choices != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (choices, ",", -1);

      g_variant_dict_insert_value (&d, "choices",
                                   g_variant_new_strv ((const char *const *) parts, -1));
    }
  return mr_cli_apply_and_print (cli, "custom_field.set", &d);
}

/* delete */

static int
custom_fields_delete (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("FIELD"),
                     _ ("Deletes a custom field (by id, label or position). The values already "
                        "saved are kept in the history but no screen shows them any more."),
                     NULL, 1, 1 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GVariant) field = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((field = resolve_field (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  g_variant_dict_insert (&d, "id", "s", lookup_string (field, "id"));
  return mr_cli_apply_and_print (cli, "custom_field.delete", &d);
}

/* screen */

static int
custom_fields_screen (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("FIELD SCREEN shown|hidden|required"),
                     _ ("Chooses whether a screen (receiving, delivery, package, bag, contact, "
                        "asset) shows a custom field, hides it or requires it."),
                     NULL, 3, 3 };
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GVariant) field = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((field = resolve_field (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  g_variant_dict_insert (&d, "id", "s", lookup_string (field, "id"));
  g_variant_dict_insert (&d, "screen", "s", argv[2]);
  g_variant_dict_insert (&d, "visibility", "s", argv[3]);
  return mr_cli_apply_and_print (cli, "custom_field.screen", &d);
}

const MrCliCommand mr_cli_custom_fields_commands[] = {
  { "list", N_ ("The custom fields and where they appear"), custom_fields_list },
  { "set", N_ ("Add a custom field, or change one"), custom_fields_set },
  { "delete", N_ ("Delete a custom field"), custom_fields_delete },
  { "screen", N_ ("Show, hide or require a field on a screen"), custom_fields_screen },
  { NULL, NULL, NULL },
};

/* Values, for the packages commands */

struct _MrCliCustomValues
{
  GPtrArray *field_ids; /* owned strings */
  GPtrArray *values;    /* owned strings, "" clears */
};

void
mr_cli_custom_values_free (MrCliCustomValues *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->field_ids);
  g_ptr_array_unref (self->values);
  g_free (self);
}

static gboolean
check_value (GVariant *field, const char *value)
{
  g_autoptr (GVariant) choices = g_variant_lookup_value (field, "choices", G_VARIANT_TYPE ("as"));
  g_autofree const char **strv = choices ? g_variant_get_strv (choices, NULL) : NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *norm = NULL;

  if (*value == '\0')
    return TRUE;
  norm = mr_custom_value_normalize (lookup_string (field, "label"), lookup_string (field, "type"),
                                    (const char *const *) strv, value, &error);
  if (norm == NULL)
    mr_cli_report_error (error);
  return norm != NULL;
}

MrCliCustomValues *
mr_cli_custom_values_parse (MrCli *cli, const char *const *assignments)
{
  MrCliCustomValues *self = g_new0 (MrCliCustomValues, 1);

  self->field_ids = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; assignments && assignments[i]; i++)
    {
      const char *eq = strchr (assignments[i], '=');
      g_autofree char *key = NULL;
      g_autoptr (GVariant) field = NULL;

      if (eq == NULL)
        {
          mr_cli_data_error (_ ("--field takes FIELD=VALUE, not “%s”."), assignments[i]);
          mr_cli_custom_values_free (self);
          return NULL;
        }
      key = g_strstrip (g_strndup (assignments[i], (gsize) (eq - assignments[i])));
      field = resolve_field (cli, key);
      if (field == NULL || !check_value (field, eq + 1))
        {
          mr_cli_custom_values_free (self);
          return NULL;
        }
      g_ptr_array_add (self->field_ids, g_strdup (lookup_string (field, "id")));
      g_ptr_array_add (self->values, g_strdup (eq + 1));
    }
  return self;
}

gboolean
mr_cli_custom_values_apply (MrCli *cli, MrCliCustomValues *self, const char *entity_id)
{
  for (guint i = 0; i < self->field_ids->len; i++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&d, "entity_id", "s", entity_id);
      g_variant_dict_insert (&d, "field_id", "s", self->field_ids->pdata[i]);
      g_variant_dict_insert (&d, "value", "s", self->values->pdata[i]);
      if (!mr_cli_apply (cli, "custom.set", &d, NULL))
        return FALSE;
    }
  return TRUE;
}

gboolean
mr_cli_custom_values_warn_missing (MrCli *cli, const char *screen, const char *entity_id)
{
  g_autoptr (GPtrArray) missing =
    mr_store_list_missing_custom_fields (cli->store, screen, entity_id);
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_auto (GStrv) labels = NULL;
  g_autofree char *list = NULL;

  if (missing->len == 0)
    return FALSE;
  for (guint i = 0; i < missing->len; i++)
    g_strv_builder_add (b, lookup_string (missing->pdata[i], "label"));
  labels = g_strv_builder_end (b);
  list = g_strjoinv (", ", labels);
  g_printerr (g_dngettext (GETTEXT_PACKAGE,
                           "%s: warning: the required field %s is still empty: set it with "
                           "“%s packages set-field”.\n",
                           "%s: warning: the required fields %s are still empty: set them with "
                           "“%s packages set-field”.\n",
                           missing->len),
              MR_CLI_NAME, list, MR_CLI_NAME);
  return TRUE;
}

void
mr_cli_custom_values_print (MrCli *cli, const char *entity_id)
{
  g_autoptr (GPtrArray) fields = mr_store_list_custom_fields (cli->store, NULL);
  g_autoptr (GHashTable) values = mr_store_get_custom_values (cli->store, entity_id);
  g_autoptr (GPtrArray) pairs = g_ptr_array_new ();

  for (guint i = 0; i < fields->len; i++)
    {
      const char *value = g_hash_table_lookup (values, lookup_string (fields->pdata[i], "id"));

      if (value == NULL)
        continue;
      if (g_strcmp0 (lookup_string (fields->pdata[i], "type"), "boolean") == 0)
        value = strcmp (value, "true") == 0 ? _ ("yes") : _ ("no");
      g_ptr_array_add (pairs, (gpointer) lookup_string (fields->pdata[i], "label"));
      g_ptr_array_add (pairs, (gpointer) value);
    }
  g_ptr_array_add (pairs, NULL);
  if (pairs->len > 1)
    mr_cli_print_fields ((const char *const *) pairs->pdata);
}

void
mr_cli_custom_values_json (JsonBuilder *builder, MrCli *cli, const char *entity_id)
{
  g_autoptr (GPtrArray) fields = mr_store_list_custom_fields (cli->store, NULL);
  g_autoptr (GHashTable) values = mr_store_get_custom_values (cli->store, entity_id);

  /* Keyed by label, as people read and script them; the ids are in
   * "custom-fields list --json". */
  json_builder_set_member_name (builder, "custom_fields");
  json_builder_begin_object (builder);
  for (guint i = 0; i < fields->len; i++)
    {
      const char *value = g_hash_table_lookup (values, lookup_string (fields->pdata[i], "id"));

      if (value != NULL)
        mr_cli_json_string (builder, lookup_string (fields->pdata[i], "label"), value);
    }
  json_builder_end_object (builder);
}

/* packages set-field */

int
mr_cli_packages_set_field (MrCli *cli, int argc, char **argv)
{
  MrCliSpec spec = { _ ("PACKAGE FIELD VALUE"),
                     _ ("Sets a custom field of a package (by id, internal ID or tracking "
                        "number); the field by label, id or position. An empty VALUE clears it."),
                     NULL, 3, 3 };
  g_autofree char *id = NULL;
  g_autoptr (GVariant) field = NULL;
  g_autoptr (GHashTable) values = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  const char *value;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if ((id = mr_cli_packages_resolve_package (cli, argv[1])) == NULL)
    return MR_CLI_DATA;
  if ((field = resolve_field (cli, argv[2])) == NULL)
    return MR_CLI_DATA;
  g_variant_dict_insert (&d, "entity_id", "s", id);
  g_variant_dict_insert (&d, "field_id", "s", lookup_string (field, "id"));
  g_variant_dict_insert (&d, "value", "s", argv[3]);
  if (!mr_cli_apply (cli, "custom.set", &d, NULL))
    return MR_CLI_DATA;

  values = mr_store_get_custom_values (cli->store, id);
  value = g_hash_table_lookup (values, lookup_string (field, "id"));
  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      mr_cli_json_string (b, "package_id", id);
      mr_cli_json_string (b, "field_id", lookup_string (field, "id"));
      mr_cli_json_string (b, "label", lookup_string (field, "label"));
      json_builder_set_member_name (b, "value");
      if (value != NULL)
        json_builder_add_string_value (b, value);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
    }
  else
    {
      const char *fields[] = { lookup_string (field, "label"), value ? value : "", NULL };

      if (value != NULL)
        mr_cli_print_fields (fields);
      else
        /* Translators: %s is a custom field's label */
        g_print (_ ("%s cleared.\n"), lookup_string (field, "label"));
    }
  return MR_CLI_OK;
}
