/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "mr-cli-private.h"
#include "mr-label-job.h"
#include "mr-label-layouts.h"
#include "mr-label-print.h"
#include "mr-label-records.h"
#include "mr-text.h"

/* mailroom-cli labels …: label stock, layouts, and rendering or printing
 * labels in batches, from the database or from a CSV file. */

/* labels templates */

static gboolean
stock_matches (const MrLabelStock *s, const char *folded_search)
{
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;

  if (folded_search == NULL)
    return TRUE;
  text = g_strdup_printf ("%s %s %s", s->id, s->description, s->paper_id);
  folded = mr_text_fold (text);
  return strstr (folded, folded_search) != NULL;
}

static const char *
shape_name (MrLabelShape shape)
{
  switch (shape)
    {
    case MR_LABEL_SHAPE_ROUND:
      return "round";
    case MR_LABEL_SHAPE_ELLIPSE:
      return "ellipse";
    case MR_LABEL_SHAPE_CD:
      return "cd";
    case MR_LABEL_SHAPE_RECTANGLE:
    default:
      return "rectangle";
    }
}

static void
json_mm (JsonBuilder *b, const char *key, double points)
{
  json_builder_set_member_name (b, key);
  json_builder_add_double_value (b, round (points * 25.4 / 72 * 100) / 100);
}

static int
labels_templates (MrCli *cli, int argc, char **argv)
{
  gboolean rolls = FALSE;
  const GOptionEntry entries[] = {
    { "rolls", 0, 0, G_OPTION_ARG_NONE, &rolls,
      N_ ("Only rolls (thermal printers, one label per page)"), NULL },
    { NULL },
  };
  MrCliSpec spec = { _ ("[SEARCH]"),
                     _ ("Lists the label stock: gLabels' catalogue of sheets and rolls (when it is "
                        "installed), the built-in thermal formats, and any custom size written "
                        "custom:WIDTHxHEIGHTmm. SEARCH filters by brand, part, description or "
                        "paper."),
                     entries, 0, G_MAXINT };
  MrLabelCatalog *catalog;
  g_autoptr (GPtrArray) all = NULL;
  g_autofree char *search = NULL;
  g_autoptr (MrCliTable) table = NULL;
  MrCliJsonStream stream;
  int status;

  if (!mr_cli_parse (cli, &spec, &argc, &argv, &status))
    return status;
  if (argc > 1)
    {
      g_autofree char *joined = g_strjoinv (" ", argv + 1);

      search = mr_text_fold (joined);
    }
  catalog = mr_label_catalog_get_default ();
  all = mr_label_catalog_list (catalog);

  if (cli->json)
    mr_cli_json_stream_begin (&stream);
  else
    table = mr_cli_table_new (_ ("Id"), _ ("Description"), _ ("Label size"), _ ("Per page"),
                              _ ("Paper"), NULL);
  for (guint i = 0; i < all->len; i++)
    {
      const MrLabelStock *s = all->pdata[i];
      g_autofree char *size = NULL;
      g_autofree char *per_page = NULL;

      if (!stock_matches (s, search) || (rolls && !s->is_roll))
        continue;
      if (cli->json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          mr_cli_json_string (b, "id", s->id);
          mr_cli_json_string (b, "brand", s->brand);
          mr_cli_json_string (b, "part", s->part);
          mr_cli_json_string (b, "description", s->description);
          mr_cli_json_string (b, "paper", s->paper_id);
          mr_cli_json_string (b, "shape", shape_name (s->shape));
          json_mm (b, "width_mm", s->width);
          json_mm (b, "height_mm", s->height);
          json_mm (b, "page_width_mm", s->page_width);
          json_mm (b, "page_height_mm", s->page_height);
          mr_cli_json_int (b, "labels_per_page", mr_label_stock_get_n_labels (s));
          mr_cli_json_bool (b, "roll", s->is_roll);
          mr_cli_json_bool (b, "built_in", s->built_in);
          json_builder_end_object (b);
          mr_cli_json_stream_add (&stream, b);
          continue;
        }
      size = mr_label_stock_describe_size (s);
      per_page = g_strdup_printf ("%u", mr_label_stock_get_n_labels (s));
      mr_cli_table_add_row (table, s->id, s->description, size, per_page,
                            s->is_roll ? _ ("roll") : s->paper_id);
    }
  if (cli->json)
    mr_cli_json_stream_end (&stream);
  else
    mr_cli_table_print (table);
  return MR_CLI_OK;
}

/* labels layouts */

static int
labels_layouts (MrCli *cli, int argc, char **argv)
{
  g_autofree char *kind = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_ ("Only layouts of this kind of label"),
      N_ ("KIND") },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Lists the label layouts: for each kind of label, the built-in layout and "
                        "the saved ones; the default is marked."),
                     entries, 0, 0 };
  g_autoptr (MrCliTable) table = NULL;
  MrCliJsonStream stream;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (kind != NULL && !mr_label_kind_is_valid (kind))
    return mr_cli_usage_error (argv[0],
                               _ ("“%s” is not a kind of label. The kinds are: package, asset, "
                                  "locker_door, shelf, carrier_qr, pickup_slip."),
                               kind);
  if (cli->json)
    mr_cli_json_stream_begin (&stream);
  else
    table =
      mr_cli_table_new (_ ("Kind"), _ ("Name"), _ ("Label stock"), _ ("Default"), _ ("Id"), NULL);
  for (const char *const *k = mr_label_kinds (); *k; k++)
    {
      g_autoptr (GPtrArray) saved = NULL;
      g_autoptr (GVariant) def = NULL;

      if (kind != NULL && strcmp (kind, *k) != 0)
        continue;
      saved = mr_store_list_label_layouts (cli->store, *k);
      def = mr_store_get_default_label_layout (cli->store, *k);
      if (cli->json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          mr_cli_json_string (b, "kind", *k);
          mr_cli_json_string (b, "id", NULL);
          mr_cli_json_string (b, "name", _ ("Built-in"));
          mr_cli_json_string (b, "template_id", mr_label_kind_get_default_template (*k));
          mr_cli_json_bool (b, "is_default", def == NULL);
          mr_cli_json_args (b, "definition", mr_label_kind_get_default_definition (*k));
          json_builder_end_object (b);
          mr_cli_json_stream_add (&stream, b);
        }
      else
        mr_cli_table_add_row (table, *k, _ ("Built-in"), mr_label_kind_get_default_template (*k),
                              def == NULL ? _ ("yes") : "", "", NULL);
      for (guint i = 0; i < saved->len; i++)
        {
          const char *id, *name, *template_id, *definition;
          gboolean is_default;

          g_variant_lookup (saved->pdata[i], "id", "&s", &id);
          g_variant_lookup (saved->pdata[i], "name", "&s", &name);
          g_variant_lookup (saved->pdata[i], "template_id", "&s", &template_id);
          g_variant_lookup (saved->pdata[i], "definition", "&s", &definition);
          g_variant_lookup (saved->pdata[i], "is_default", "b", &is_default);
          if (cli->json)
            {
              g_autoptr (JsonBuilder) b = json_builder_new ();

              json_builder_begin_object (b);
              mr_cli_json_string (b, "kind", *k);
              mr_cli_json_string (b, "id", id);
              mr_cli_json_string (b, "name", name);
              mr_cli_json_string (b, "template_id", template_id);
              mr_cli_json_bool (b, "is_default", is_default);
              mr_cli_json_args (b, "definition", definition);
              json_builder_end_object (b);
              mr_cli_json_stream_add (&stream, b);
            }
          else
            mr_cli_table_add_row (table, *k, name, template_id, is_default ? _ ("yes") : "", id,
                                  NULL);
        }
    }
  if (cli->json)
    mr_cli_json_stream_end (&stream);
  else
    mr_cli_table_print (table);
  return MR_CLI_OK;
}

/* labels save-layout / delete-layout / default-layout */

static int
labels_save_layout (MrCli *cli, int argc, char **argv)
{
  g_autofree char *kind = NULL;
  g_autofree char *name = NULL;
  g_autofree char *template_id = NULL;
  g_autofree char *definition = NULL;
  g_autofree char *id = NULL;
  gboolean make_default = FALSE;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_ ("Kind of label (for a new layout)"),
      N_ ("KIND") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_ ("Name of the layout"), N_ ("NAME") },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_id, N_ ("Label stock it prints on"),
      N_ ("ID") },
    { "definition", 0, 0, G_OPTION_ARG_STRING, &definition,
      N_ ("The layout as JSON, or @FILE to read it from a file"), N_ ("JSON") },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, N_ ("Change this saved layout instead of adding one"),
      N_ ("ID") },
    { "default", 0, 0, G_OPTION_ARG_NONE, &make_default,
      N_ ("Make it the default layout of its kind"), NULL },
    { NULL },
  };
  MrCliSpec spec = { "",
                     _ ("Saves a label layout: a new one (with --kind, --name, --template and "
                        "--definition) or changes to a saved one (--id with what changes)."),
                     entries, 0, 0 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *out_id = NULL;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (definition != NULL && definition[0] == '@')
    {
      g_autoptr (GError) error = NULL;
      char *text = NULL;

      if (!g_file_get_contents (definition + 1, &text, NULL, &error))
        return mr_cli_report_error (error);
      g_free (definition);
      definition = text;
    }
  if (id == NULL && kind != NULL)
    g_variant_dict_insert (&dict, "kind", "s", kind);
  if (id != NULL)
    {
      g_autoptr (GVariant) saved = mr_store_find_label_layout (cli->store, kind, id);
      const char *saved_id;

      if (saved == NULL)
        return mr_cli_data_error (_ ("No label layout is named “%s”."), id);
      g_variant_lookup (saved, "id", "&s", &saved_id);
      g_variant_dict_insert (&dict, "id", "s", saved_id);
    }
  if (name != NULL)
    g_variant_dict_insert (&dict, "name", "s", name);
  if (template_id != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MrLabelStock) stock =
        mr_label_catalog_lookup (mr_label_catalog_get_default (), template_id, &error);

      if (stock == NULL)
        return mr_cli_report_error (error);
      g_variant_dict_insert (&dict, "template_id", "s", stock->id);
    }
  if (definition != NULL)
    g_variant_dict_insert (&dict, "definition", "s", definition);
  if (id == NULL && make_default)
    g_variant_dict_insert (&dict, "is_default", "b", TRUE);

  if (!mr_cli_apply (cli, id ? "label_layout.set" : "label_layout.create", &dict, &out_id))
    return MR_CLI_DATA;
  if (id != NULL && make_default)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&d, "id", "s", out_id);
      if (!mr_cli_apply (cli, "label_layout.set_default", &d, NULL))
        return MR_CLI_DATA;
    }
  mr_cli_print_id (cli, out_id);
  return MR_CLI_OK;
}

static int
labels_delete_layout (MrCli *cli, int argc, char **argv)
{
  g_autofree char *kind = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_ ("Kind of label, when names repeat"),
      N_ ("KIND") },
    { NULL },
  };
  MrCliSpec spec = { _ ("ID|NAME"),
                     _ ("Deletes a saved label layout. A deleted default gives its kind back to "
                        "the built-in layout."),
                     entries, 1, 1 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GVariant) saved = NULL;
  const char *id;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  saved = mr_store_find_label_layout (cli->store, kind, argv[1]);
  if (saved == NULL)
    return mr_cli_data_error (_ ("No label layout is named “%s”."), argv[1]);
  g_variant_lookup (saved, "id", "&s", &id);
  g_variant_dict_insert (&dict, "id", "s", id);
  return mr_cli_apply_and_print (cli, "label_layout.delete", &dict);
}

static int
labels_default_layout (MrCli *cli, int argc, char **argv)
{
  g_autofree char *kind = NULL;
  gboolean builtin = FALSE;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_ ("Kind of label"), N_ ("KIND") },
    { "built-in", 0, 0, G_OPTION_ARG_NONE, &builtin,
      N_ ("Go back to the built-in layout of --kind"), NULL },
    { NULL },
  };
  MrCliSpec spec = { _ ("[ID|NAME]"),
                     _ ("Chooses the layout a kind of label prints with by default."), entries, 0,
                     1 };
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (builtin == (argc > 1))
    return mr_cli_usage_error (argv[0], _ ("Name a layout, or give --built-in with --kind."));
  if (builtin)
    {
      if (kind == NULL)
        return mr_cli_usage_error (argv[0], _ ("--built-in needs --kind."));
      g_variant_dict_insert (&dict, "kind", "s", kind);
    }
  else
    {
      g_autoptr (GVariant) saved = mr_store_find_label_layout (cli->store, kind, argv[1]);
      const char *id;

      if (saved == NULL)
        return mr_cli_data_error (_ ("No label layout is named “%s”."), argv[1]);
      g_variant_lookup (saved, "id", "&s", &id);
      g_variant_dict_insert (&dict, "id", "s", id);
    }
  if (!mr_cli_apply (cli, "label_layout.set_default", &dict, NULL))
    return MR_CLI_DATA;
  return MR_CLI_OK;
}

/* labels render / print */

typedef struct
{
  char *kind;
  char *layout;
  char *template_id;
  char *format;
  char *output;
  char *csv;
  char **fields;
  char *printer;
  int copies;
  int start;
  int dpi;
  gboolean all_today;
  gboolean sample;
  gboolean outlines;
} RenderOptions;

static void
render_options_clear (RenderOptions *o)
{
  g_free (o->kind);
  g_free (o->layout);
  g_free (o->template_id);
  g_free (o->format);
  g_free (o->output);
  g_free (o->csv);
  g_strfreev (o->fields);
  g_free (o->printer);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RenderOptions, render_options_clear)

#define RENDER_COMMON_ENTRIES(o)                                                                    \
  { "kind",                                                                                         \
    0,                                                                                              \
    0,                                                                                              \
    G_OPTION_ARG_STRING,                                                                            \
    &(o)->kind,                                                                                     \
    N_ ("Kind of label: package (default), asset, locker_door, shelf, carrier_qr, pickup_slip"),    \
    N_ ("KIND") },                                                                                  \
    { "layout",                                                                                     \
      0,                                                                                            \
      0,                                                                                            \
      G_OPTION_ARG_STRING,                                                                          \
      &(o)->layout,                                                                                 \
      N_ ("Saved layout, by name or id (default: the kind's default)"),                             \
      N_ ("LAYOUT") },                                                                              \
    { "template",                                                                                   \
      0,                                                                                            \
      0,                                                                                            \
      G_OPTION_ARG_STRING,                                                                          \
      &(o)->template_id,                                                                            \
      N_ ("Label stock, instead of the layout's (see “labels templates”)"),                         \
      N_ ("ID") },                                                                                  \
    { "copies", 0, 0, G_OPTION_ARG_INT, &(o)->copies, N_ ("Copies of each label (default 1)"),      \
      N_ ("N") },                                                                                   \
    { "start-position", 0,           0,                                                             \
      G_OPTION_ARG_INT, &(o)->start, N_ ("First free label on the first sheet, from 1"),            \
      N_ ("N") },                                                                                   \
    { "dpi",     0,                                                                                 \
      0,         G_OPTION_ARG_INT,                                                                  \
      &(o)->dpi, N_ ("Printer resolution (default 300; 203 for ZPL)"),                              \
      N_ ("DPI") },                                                                                 \
    { "all-today", 0, 0, G_OPTION_ARG_NONE, &(o)->all_today, N_ ("Every package received today"),   \
      NULL },                                                                                       \
    { "csv",      0,                                                                                \
      0,          G_OPTION_ARG_FILENAME,                                                            \
      &(o)->csv,  N_ ("The data of the labels, from a CSV file whose first line names the fields"), \
      N_ ("FILE") },                                                                                \
    { "field",                                                                                      \
      0,                                                                                            \
      0,                                                                                            \
      G_OPTION_ARG_STRING_ARRAY,                                                                    \
      &(o)->fields,                                                                                 \
      N_ ("One label from values given here (repeat: --field code=CQ-1 --field carrier=UPS)"),      \
      N_ ("FIELD=VALUE") },                                                                         \
    { "sample",                                                                                     \
      0,                                                                                            \
      0,                                                                                            \
      G_OPTION_ARG_NONE,                                                                            \
      &(o)->sample,                                                                                 \
      N_ ("One label with sample data, to check a layout or a printer"),                            \
      NULL },                                                                                       \
  {                                                                                                 \
    "outlines", 0, 0, G_OPTION_ARG_NONE, &(o)->outlines,                                            \
      N_ ("Draw the outline of each label, to check a sheet's alignment"), NULL                     \
  }

/* Builds the job from the options: the records, the layout, the stock. */
static MrLabelJob *
build_job (MrCli *cli, RenderOptions *o, int argc, char **argv, int *status)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLabelLayout) layout = NULL;
  g_autoptr (MrLabelStock) stock = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (MrLabelJob) job = NULL;
  guint sources;

  if (o->kind == NULL)
    o->kind = g_strdup ("package");
  if (!mr_label_kind_is_valid (o->kind))
    {
      *status = mr_cli_usage_error (argv[0],
                                    _ ("“%s” is not a kind of label. The kinds are: package, "
                                       "asset, locker_door, shelf, carrier_qr, pickup_slip."),
                                    o->kind);
      return NULL;
    }
  sources = (argc > 1) + o->all_today + (o->csv != NULL) + (o->fields != NULL) + o->sample;
  if (sources != 1)
    {
      *status =
        mr_cli_usage_error (argv[0], _ ("Say what to print, one way: ids, --all-today, --csv FILE, "
                                        "--field FIELD=VALUE or --sample."));
      return NULL;
    }
  if (o->copies < 0 || o->copies > 1000 || o->start < 0 || o->dpi < 0 || o->dpi > 2400)
    {
      *status =
        mr_cli_usage_error (argv[0], _ ("--copies takes 1 to 1000, --start-position a label "
                                        "number from 1, --dpi 72 to 2400."));
      return NULL;
    }

  layout = mr_label_layout_resolve (cli->store, o->kind, o->layout, &error);
  if (layout == NULL)
    goto data_error;
  stock = mr_label_catalog_lookup (mr_label_catalog_get_default (),
                                   o->template_id ? o->template_id : layout->template_id, &error);
  if (stock == NULL)
    goto data_error;
  if (o->start > 0 && !stock->is_roll && (guint) o->start > mr_label_stock_get_n_labels (stock))
    {
      *status = mr_cli_usage_error (argv[0],
                                    _ ("“%s” has %u labels per sheet: --start-position "
                                       "takes 1 to %u."),
                                    stock->id, mr_label_stock_get_n_labels (stock),
                                    mr_label_stock_get_n_labels (stock));
      return NULL;
    }

  if (argc > 1)
    records =
      mr_label_records_from_store (cli->store, o->kind, (const char *const *) argv + 1, &error);
  else if (o->all_today)
    {
      records = mr_label_records_received_today (cli->store, o->kind, &error);
      if (records != NULL && records->len == 0)
        {
          *status = mr_cli_data_error (_ ("No package was received today."));
          return NULL;
        }
    }
  else if (o->csv != NULL)
    records = mr_label_records_from_csv (o->csv, o->kind, &error);
  else
    {
      GHashTable *r =
        o->sample ? mr_label_sample_record (o->kind)
                  : mr_label_record_from_pairs (o->kind, (const char *const *) o->fields, &error);

      if (r != NULL)
        {
          records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
          g_ptr_array_add (records, r);
        }
    }
  if (records == NULL)
    goto data_error;

  job = mr_label_job_new (stock, layout);
  mr_label_job_set_copies (job, o->copies > 0 ? o->copies : 1);
  mr_label_job_set_start_position (job, o->start > 0 ? o->start : 1);
  mr_label_job_set_dpi (job, o->dpi);
  mr_label_job_set_outlines (job, o->outlines);
  for (guint i = 0; i < records->len; i++)
    mr_label_job_add_record (job, records->pdata[i]);
  return g_steal_pointer (&job);

data_error:
  *status = mr_cli_report_error (error);
  return NULL;
}

static gboolean
parse_format (RenderOptions *o, const char *command, MrLabelFormat *format, int *status)
{
  if (o->format != NULL)
    {
      if (!mr_label_format_from_string (o->format, format))
        {
          *status = mr_cli_usage_error (command, _ ("The format is pdf, png or zpl."));
          return FALSE;
        }
    }
  else if (o->output == NULL || !mr_label_format_from_filename (o->output, format))
    *format = MR_LABEL_FORMAT_PDF;
  return TRUE;
}

static void
print_summary (MrCli *cli,
               MrLabelJob *job,
               MrLabelFormat format,
               GPtrArray *files,
               int cups_job,
               const char *printer)
{
  guint n_pages = format == MR_LABEL_FORMAT_ZPL ? 0 : mr_label_job_get_n_pages (job);

  if (cli->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      mr_cli_json_string (b, "format", mr_label_format_to_string (format));
      mr_cli_json_string (b, "template_id", mr_label_job_get_stock (job)->id);
      mr_cli_json_string (b, "layout", mr_label_job_get_layout (job)->name);
      mr_cli_json_int (b, "records", mr_label_job_get_n_records (job));
      mr_cli_json_int (b, "labels", mr_label_job_get_n_labels (job));
      mr_cli_json_int (b, "pages", n_pages);
      json_builder_set_member_name (b, "files");
      json_builder_begin_array (b);
      for (guint i = 0; files && i < files->len; i++)
        json_builder_add_string_value (b, files->pdata[i]);
      json_builder_end_array (b);
      if (printer != NULL)
        {
          mr_cli_json_string (b, "printer", printer);
          mr_cli_json_int (b, "job", cups_job);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      mr_cli_json_print (root);
      return;
    }
  if (printer != NULL)
    /* Translators: "12 labels sent to the printer Zebra (job 42)." */
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u label sent to the printer %s (job %d).\n",
                          "%u labels sent to the printer %s (job %d).\n",
                          mr_label_job_get_n_labels (job)),
             mr_label_job_get_n_labels (job), printer, cups_job);
  else
    for (guint i = 0; i < files->len; i++)
      g_print ("%s\n", (char *) files->pdata[i]);
}

static int
labels_render (MrCli *cli, int argc, char **argv)
{
  g_auto (RenderOptions) o = { 0 };
  const GOptionEntry entries[] = {
    RENDER_COMMON_ENTRIES (&o),
    { "format", 0, 0, G_OPTION_ARG_STRING, &o.format,
      N_ ("pdf, png or zpl (default: from the file name, else pdf)"), N_ ("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, N_ ("The file to write"), N_ ("FILE") },
    { NULL },
  };
  MrCliSpec spec = { _ ("[ID…]"),
                     _ ("Renders labels to a PDF, PNG or ZPL file: of the records named (package "
                        "ids, internal IDs or tracking numbers; asset ids or tags; lockers or "
                        "locker banks), of every package received today, or of the rows of a CSV "
                        "file. A PNG of several pages is written as FILE-1.png, FILE-2.png, …"),
                     entries, 0, G_MAXINT };
  g_autoptr (MrLabelJob) job = NULL;
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  MrLabelFormat format;
  int status;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (o.output == NULL)
    return mr_cli_usage_error (argv[0], _ ("Give the file to write with --output."));
  if (!parse_format (&o, argv[0], &format, &status))
    return status;
  job = build_job (cli, &o, argc, argv, &status);
  if (job == NULL)
    return status;
  if (!mr_label_job_write (job, format, o.output, files, &error))
    return mr_cli_report_error (error);
  print_summary (cli, job, format, files, 0, NULL);
  return MR_CLI_OK;
}

static int
labels_print (MrCli *cli, int argc, char **argv)
{
  g_auto (RenderOptions) o = { 0 };
  gboolean list = FALSE;
  const GOptionEntry entries[] = {
    RENDER_COMMON_ENTRIES (&o),
    { "printer", 'P', 0, G_OPTION_ARG_STRING, &o.printer,
      N_ ("CUPS queue (default: the default printer)"), N_ ("QUEUE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &o.format,
      N_ ("pdf (default) or zpl, sent raw, for Zebra printers"), N_ ("FORMAT") },
    { "list-printers", 0, 0, G_OPTION_ARG_NONE, &list, N_ ("List the CUPS queues and stop"), NULL },
    { NULL },
  };
  MrCliSpec spec = { _ ("[ID…]"),
                     _ ("Prints labels through CUPS (the server in $CUPS_SERVER, else the local "
                        "one): as PDF, or as ZPL sent raw to a Zebra queue. What to print is "
                        "chosen as for “labels render”."),
                     entries, 0, G_MAXINT };
  g_autoptr (MrLabelJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  MrLabelFormat format = MR_LABEL_FORMAT_PDF;
  int status, cups_job;

  if (!mr_cli_start (cli, &spec, &argc, &argv, &status))
    return status;
  if (list)
    {
      g_autoptr (GPtrArray) printers = mr_label_list_printers (&error);

      if (printers == NULL)
        return mr_cli_report_error (error);
      for (guint i = 0; i < printers->len; i++)
        g_print ("%s\n", (char *) printers->pdata[i]);
      return MR_CLI_OK;
    }
  if (!parse_format (&o, argv[0], &format, &status))
    return status;
  if (format == MR_LABEL_FORMAT_PNG)
    return mr_cli_usage_error (argv[0], _ ("Print as pdf or zpl."));
  if (o.printer == NULL)
    {
      g_autoptr (GPtrArray) printers = mr_label_list_printers (&error);

      if (printers == NULL)
        return mr_cli_report_error (error);
      if (printers->len == 0)
        return mr_cli_data_error (_ ("CUPS has no printer. Add one, or name it with --printer."));
      o.printer = g_strdup (printers->pdata[0]);
    }
  job = build_job (cli, &o, argc, argv, &status);
  if (job == NULL)
    return status;

  dir = g_dir_make_tmp ("mailroom-labels-XXXXXX", &error);
  if (dir == NULL)
    return mr_cli_report_error (error);
  path = g_build_filename (dir, format == MR_LABEL_FORMAT_ZPL ? "labels.zpl" : "labels.pdf", NULL);
  title = g_strdup_printf (_ ("%s labels"), mr_label_kind_get_label (o.kind));
  if (!mr_label_job_write (job, format, path, NULL, &error) ||
      !(cups_job =
          mr_label_print_file (o.printer, path, title, format == MR_LABEL_FORMAT_ZPL, &error)))
    status = mr_cli_report_error (error);
  else
    {
      print_summary (cli, job, format, NULL, cups_job, o.printer);
      status = MR_CLI_OK;
    }
  /* CUPS has its own copy once the job is accepted. */
  g_unlink (path);
  g_rmdir (dir);
  return status;
}

const MrCliCommand mr_cli_labels_commands[] = {
  { "templates", N_ ("List the label stock: sheets, rolls, thermal formats"), labels_templates },
  { "layouts", N_ ("List the label layouts of each kind"), labels_layouts },
  { "save-layout", N_ ("Save a label layout, new or changed"), labels_save_layout },
  { "delete-layout", N_ ("Delete a saved label layout"), labels_delete_layout },
  { "default-layout", N_ ("Choose the default layout of a kind of label"), labels_default_layout },
  { "render", N_ ("Render labels to a PDF, PNG or ZPL file"), labels_render },
  { "print", N_ ("Print labels through CUPS"), labels_print },
  { NULL },
};
