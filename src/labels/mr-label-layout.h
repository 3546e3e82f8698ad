/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mr-barcode.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* A label layout ready to draw: the parsed form of a definition (see
 * mr-label-layouts.h in core for the JSON and its rules). */

typedef struct
{
  char *field;
  gboolean is_barcode;
  double size; /* text: font size in points; barcode: its human-readable text */
  gboolean bold;
  gboolean caption; /* "Carrier: UPS" rather than "UPS" */
  gboolean beside;  /* on the row of the element before it, at the right */
  MrBarcodeType symbology;
  double module_mm;
  double height_mm; /* bar height of a linear code */
} MrLabelElement;

typedef struct _MrLabelLayout MrLabelLayout;

struct _MrLabelLayout
{
  char *id; /* NULL for the built-in layout of a kind */
  char *kind;
  char *name;
  char *template_id;
  GPtrArray *elements; /* MrLabelElement */
  /* private */
  gint ref_count;
};

#define MR_TYPE_LABEL_LAYOUT (mr_label_layout_get_type ())
GType mr_label_layout_get_type (void);
MrLabelLayout *mr_label_layout_ref (MrLabelLayout *layout);
void mr_label_layout_unref (MrLabelLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLabelLayout, mr_label_layout_unref)

/* The built-in layout of @kind. */
MrLabelLayout *mr_label_layout_new_builtin (const char *kind);
/* From a definition (checked like the store checks it). */
MrLabelLayout *
mr_label_layout_new_from_definition (const char *kind, const char *definition, GError **error);
/* From a saved layout as mr_store_list_label_layouts() returns it. */
MrLabelLayout *mr_label_layout_new_from_variant (GVariant *saved, GError **error);
/* The layout to print @kind with: the saved one named @id_or_name, else
 * (when @id_or_name is NULL) the kind's default, else the built-in one. */
MrLabelLayout *
mr_label_layout_resolve (MrStore *store, const char *kind, const char *id_or_name, GError **error);
MrLabelLayout *mr_label_layout_copy (const MrLabelLayout *layout);
/* The definition as JSON, to save. */
char *mr_label_layout_to_definition (const MrLabelLayout *layout);

/* A record of made-up but realistic values for previews and tests: each
 * field of @kind has a value; barcodes decode. */
GHashTable *mr_label_sample_record (const char *kind);

G_END_DECLS
