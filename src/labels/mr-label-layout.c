/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-labels"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-label-layout.h"
#include "mr-label-layouts.h"
#include "mr-label-stock.h"

G_DEFINE_BOXED_TYPE (MrLabelLayout, mr_label_layout, mr_label_layout_ref, mr_label_layout_unref)

static void
element_free (gpointer data)
{
  MrLabelElement *el = data;

  g_free (el->field);
  g_free (el);
}

static MrLabelLayout *
layout_new (const char *kind)
{
  MrLabelLayout *layout = g_new0 (MrLabelLayout, 1);

  layout->ref_count = 1;
  layout->kind = g_strdup (kind);
  layout->elements = g_ptr_array_new_with_free_func (element_free);
  return layout;
}

MrLabelLayout *
mr_label_layout_ref (MrLabelLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_atomic_int_inc (&layout->ref_count);
  return layout;
}

void
mr_label_layout_unref (MrLabelLayout *layout)
{
  g_return_if_fail (layout != NULL);
  if (!g_atomic_int_dec_and_test (&layout->ref_count))
    return;
  g_free (layout->id);
  g_free (layout->kind);
  g_free (layout->name);
  g_free (layout->template_id);
  g_ptr_array_unref (layout->elements);
  g_free (layout);
}

/* Module sizes that every scanner reads at arm's length and that are
 * whole dots at 203 and 300 dpi once rounded. */
static double
default_module (MrBarcodeType type)
{
  return mr_barcode_type_is_2d (type) ? 0.5 : 0.33;
}

static gboolean
parse_definition (MrLabelLayout *layout, const char *definition, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *elements;

  if (!mr_label_definition_check (layout->kind, definition, error) ||
      !json_parser_load_from_data (parser, definition, -1, error))
    return FALSE;
  elements =
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "elements");
  for (guint i = 0; i < json_array_get_length (elements); i++)
    {
      JsonObject *o = json_array_get_object_element (elements, i);
      MrLabelElement *el = g_new0 (MrLabelElement, 1);

      el->field = g_strdup (json_object_get_string_member (o, "field"));
      el->is_barcode = strcmp (json_object_get_string_member (o, "type"), "barcode") == 0;
      el->bold = json_object_get_boolean_member_with_default (o, "bold", FALSE);
      el->caption = json_object_get_boolean_member_with_default (o, "caption", FALSE);
      el->beside = json_object_get_boolean_member_with_default (o, "beside", FALSE);
      if (el->is_barcode)
        {
          mr_barcode_type_from_string (json_object_get_string_member (o, "symbology"),
                                       &el->symbology);
          el->size = json_object_get_double_member_with_default (o, "size", 8);
          el->module_mm = json_object_get_double_member_with_default (
            o, "module", default_module (el->symbology));
          el->height_mm = json_object_get_double_member_with_default (o, "height", 15);
        }
      else
        el->size = json_object_get_double_member_with_default (o, "size", 12);
      g_ptr_array_add (layout->elements, el);
    }
  return TRUE;
}

MrLabelLayout *
mr_label_layout_new_from_definition (const char *kind, const char *definition, GError **error)
{
  g_autoptr (MrLabelLayout) layout = layout_new (kind);

  if (!parse_definition (layout, definition, error))
    return NULL;
  layout->template_id = g_strdup (mr_label_kind_get_default_template (kind));
  return g_steal_pointer (&layout);
}

MrLabelLayout *
mr_label_layout_new_builtin (const char *kind)
{
  g_autoptr (GError) error = NULL;
  MrLabelLayout *layout;

  g_return_val_if_fail (mr_label_kind_is_valid (kind), NULL);

  layout =
    mr_label_layout_new_from_definition (kind, mr_label_kind_get_default_definition (kind), &error);
  if (layout == NULL)
    g_error ("built-in %s layout: %s", kind, error->message);
  layout->name = g_strdup (_ ("Built-in"));
  return layout;
}

MrLabelLayout *
mr_label_layout_new_from_variant (GVariant *saved, GError **error)
{
  const char *kind = NULL, *definition = NULL, *id = NULL, *name = NULL, *template_id = NULL;
  MrLabelLayout *layout;

  g_return_val_if_fail (saved != NULL, NULL);

  g_variant_lookup (saved, "kind", "&s", &kind);
  g_variant_lookup (saved, "definition", "&s", &definition);
  g_variant_lookup (saved, "id", "&s", &id);
  g_variant_lookup (saved, "name", "&s", &name);
  g_variant_lookup (saved, "template_id", "&s", &template_id);
  layout = mr_label_layout_new_from_definition (kind, definition, error);
  if (layout == NULL)
    return NULL;
  layout->id = g_strdup (id);
  layout->name = g_strdup (name);
  g_free (layout->template_id);
  layout->template_id = g_strdup (template_id);
  return layout;
}

MrLabelLayout *
mr_label_layout_resolve (MrStore *store, const char *kind, const char *id_or_name, GError **error)
{
  g_autoptr (GVariant) saved = NULL;

  if (!mr_label_kind_is_valid (kind))
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_INVALID,
                   _ ("“%s” is not a kind of label. The kinds are: package, asset, locker_door, "
                      "shelf, carrier_qr, pickup_slip."),
                   kind ? kind : "");
      return NULL;
    }
  if (id_or_name != NULL)
    {
      saved = store ? mr_store_find_label_layout (store, kind, id_or_name) : NULL;
      if (saved == NULL)
        {
          g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_NOT_FOUND,
                       _ ("No %s layout is named “%s”."), mr_label_kind_get_label (kind),
                       id_or_name);
          return NULL;
        }
    }
  else if (store != NULL)
    saved = mr_store_get_default_label_layout (store, kind);
  if (saved != NULL)
    return mr_label_layout_new_from_variant (saved, error);
  return mr_label_layout_new_builtin (kind);
}

MrLabelLayout *
mr_label_layout_copy (const MrLabelLayout *layout)
{
  MrLabelLayout *copy = layout_new (layout->kind);

  copy->id = g_strdup (layout->id);
  copy->name = g_strdup (layout->name);
  copy->template_id = g_strdup (layout->template_id);
  for (guint i = 0; i < layout->elements->len; i++)
    {
      MrLabelElement *el = g_memdup2 (layout->elements->pdata[i], sizeof (MrLabelElement));

      el->field = g_strdup (el->field);
      g_ptr_array_add (copy->elements, el);
    }
  return copy;
}

char *
mr_label_layout_to_definition (const MrLabelLayout *layout)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "elements");
  json_builder_begin_array (b);
  for (guint i = 0; i < layout->elements->len; i++)
    {
      const MrLabelElement *el = layout->elements->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, el->is_barcode ? "barcode" : "text");
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, el->field);
      json_builder_set_member_name (b, "size");
      json_builder_add_double_value (b, el->size);
      if (el->bold)
        {
          json_builder_set_member_name (b, "bold");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (el->caption)
        {
          json_builder_set_member_name (b, "caption");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (el->beside && i > 0)
        {
          json_builder_set_member_name (b, "beside");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (el->is_barcode)
        {
          json_builder_set_member_name (b, "symbology");
          json_builder_add_string_value (b, mr_barcode_type_to_string (el->symbology));
          json_builder_set_member_name (b, "module");
          json_builder_add_double_value (b, el->module_mm);
          if (!mr_barcode_type_is_2d (el->symbology))
            {
              json_builder_set_member_name (b, "height");
              json_builder_add_double_value (b, el->height_mm);
            }
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
sample_set (GHashTable *r, const char *field, const char *value)
{
  g_hash_table_replace (r, g_strdup (field), g_strdup (value));
}

GHashTable *
mr_label_sample_record (const char *kind)
{
  GHashTable *r = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (mr_label_kind_is_valid (kind), r);

  /* Translators: names the made-up record of a label preview */
  sample_set (r, "@origin", _ ("sample"));
  if (strcmp (kind, "package") == 0 || strcmp (kind, "pickup_slip") == 0)
    {
      sample_set (r, "recipient", "Ada Lovelace");
      sample_set (r, "department", _ ("Research"));
      /* Translators: the place of the sample package of a label preview */
      sample_set (r, "place", _ ("Building A › Floor 2 › MS 2-14"));
      sample_set (r, "carrier", "UPS");
      sample_set (r, "tracking_number", "1Z999AA10123456784");
      sample_set (r, "date", "2026-11-21 09:30");
      sample_set (r, "internal_id", "MR-0KJ4Z8X2A7QF");
      sample_set (r, "pieces", "1");
      /* Translators: the locker of the sample package: "bank · locker number" */
      sample_set (r, "locker", _ ("Bank A · 12"));
      sample_set (r, "notice",
                  _ ("A package is waiting for you at the mailroom. Bring this slip "
                     "or your badge."));
      sample_set (r, "pickup_code", "482913");
    }
  else if (strcmp (kind, "asset") == 0)
    {
      sample_set (r, "tag", "A-004217");
      sample_set (r, "name", _ ("Laptop ThinkPad T14"));
      sample_set (r, "owner", "Grace Hopper");
      sample_set (r, "serial", "PF3XK2LM");
      /* Translators: the place of the sample asset of a label preview */
      sample_set (r, "place", _ ("Building A › Floor 3"));
    }
  else if (strcmp (kind, "carrier_qr") == 0)
    {
      sample_set (r, "carrier", "UPS");
      /* Translators: the locker bank of a label preview */
      sample_set (r, "bank", _ ("Bank A"));
      sample_set (r, "code", "CQ-7F3K-92MX");
      sample_set (r, "valid_until", "2026-12-31");
      /* Translators: the place of a locker bank in a label preview */
      sample_set (r, "place", _ ("Building A › Lobby"));
    }
  else
    {
      /* Translators: the locker bank of a label preview */
      sample_set (r, "bank", _ ("Bank A"));
      sample_set (r, "number", "12");
      sample_set (r, "size", "M");
      /* Translators: the place of a locker bank in a label preview */
      sample_set (r, "place", _ ("Building A › Lobby"));
      sample_set (r, "code", "0190d7c2-5b1e-7a3c-9f2e-4b8d6a1c3e5f");
    }
  return r;
}
