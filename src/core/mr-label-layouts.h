/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

/* Label layouts: which fields a kind of label prints, in which order, at
 * which size, and as which barcode. The rendering is in src/labels; what
 * core knows is the data: the kinds of label, the fields each kind can
 * print, the saved layouts (table label_layout) and the records a label is
 * printed from.
 *
 * A layout's definition is JSON:
 *   { "elements": [
 *       { "type": "text", "field": "recipient", "size": 18, "bold": true,
 *         "caption": false },
 *       { "type": "barcode", "field": "tracking_number", "symbology": "code128",
 *         "module": 0.33, "height": 15, "size": 8, "beside": false } ] }
 * Sizes: "size" is a font size in points (4–96); "module" the narrowest
 * bar or the side of a square module in mm (0.1–3); "height" the bar
 * height of a linear code in mm (3–150). "beside" puts the element on the
 * same row as the one before it, at the right. Symbologies: code128,
 * gs1-128, qr, datamatrix. The human-readable text is always printed under
 * a barcode.
 *
 * Mutations (through mr_store_apply):
 *   label_layout.create (id?, kind, name, template_id, definition, is_default?)
 *   label_layout.set (id, name?, template_id?, definition?)
 *   label_layout.delete (id)
 *   label_layout.set_default (id) — or (kind) alone to go back to the built-in one
 */

typedef struct
{
  const char *name;
  const char *label; /* untranslated: translate at use */
} MrLabelField;

/* "package", "asset", "locker_door", "shelf", "carrier_qr", "pickup_slip" */
const char *const *mr_label_kinds (void);
gboolean mr_label_kind_is_valid (const char *kind);
/* Translated: "Package", "Asset", … */
const char *mr_label_kind_get_label (const char *kind);
/* The fields a kind of label can print, NULL-name terminated. */
const MrLabelField *mr_label_kind_get_fields (const char *kind);
/* Translated name of a field, or NULL when @kind has no such field. */
const char *mr_label_field_get_label (const char *kind, const char *field);
/* The built-in layout of a kind: its definition and label stock. */
const char *mr_label_kind_get_default_definition (const char *kind);
const char *mr_label_kind_get_default_template (const char *kind);
const char *const *mr_label_symbologies (void);

/* Checks a definition: JSON as above, fields of @kind, sizes in range.
 * Errors are MR_STORE_ERROR_INVALID about the field "definition", with a
 * message that names the element. */
gboolean mr_label_definition_check (const char *kind, const char *definition, GError **error);

/* Saved layouts, each an a{sv}: id, kind, name, template_id, definition,
 * is_default (b), updated_at (x). Sorted by kind and name. @kind may be
 * NULL for all. (element-type GVariant) */
GPtrArray *mr_store_list_label_layouts (MrStore *store, const char *kind);
/* A saved layout by id, or by name within @kind (which may be NULL when
 * the name is unique). NULL when none. */
GVariant *mr_store_find_label_layout (MrStore *store, const char *kind, const char *id_or_name);
/* The layout chosen as default for @kind, or NULL: then the built-in one
 * applies. */
GVariant *mr_store_get_default_label_layout (MrStore *store, const char *kind);

/* The records labels are printed from. Each is a GHashTable of field name
 * → text, with "@origin" naming the record for messages ("package
 * MR-0ABC1234WXYZ"), "@id" its id. @keys are what people type:
 *   package, pickup_slip: id, internal ID or tracking number
 *   asset: id or tag
 *   locker_door, shelf: a locker id, or a locker bank (id or name) for
 *     all its lockers (for shelves: its rear-loading ones)
 * MR_STORE_ERROR_NOT_FOUND names the first key that matches nothing.
 * (element-type GHashTable) */
GPtrArray *mr_store_get_label_records (MrStore *store,
                                       const char *kind,
                                       const char *const *keys,
                                       GError **error);
/* Ids of the live packages received from @from_ms to before @to_ms, in
 * the order they were received. (element-type utf8) */
GPtrArray *mr_store_list_packages_received (MrStore *store, gint64 from_ms, gint64 to_ms);
/* Ids of the live packages awaiting pickup (not picked up, returned or
 * removed), in the order they were received. (element-type utf8) */
GPtrArray *mr_store_list_packages_awaiting_pickup (MrStore *store);

G_END_DECLS
