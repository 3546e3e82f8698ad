/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

/* Custom fields: up to 10 fields an administrator adds to packages, bags,
 * contacts and assets, each shown, hidden or required on each screen
 * (tables custom_field, custom_field_screen, custom_value).
 *
 * Mutations (through mr_store_apply):
 *   custom_field.set (id?, position?, label, type?, choices?) — creates the
 *     field when @id names none (or is absent), updates it otherwise.
 *     position 1–10 (the first free one when absent on creation); type
 *     text|number|date|choice|boolean (default text); choices (as) for a
 *     'choice' field. At most 10 live fields; labels unique ignoring case.
 *   custom_field.delete (id) — soft delete; the values stay for history.
 *   custom_field.screen (id, screen, visibility)
 *   custom.set (entity_id, field_id, value) — "" or absent clears. The
 *     value is checked against the field's type and stored in a canonical
 *     form: numbers with a dot, dates YYYY-MM-DD, booleans "true"/"false",
 *     a choice as the field spells it.
 * Changes are announced as ("custom_field", field id) and
 * ("custom_value", entity id). */

#define MR_CUSTOM_FIELDS_MAX 10

/* "receiving", "delivery", "package", "bag", "contact", "asset" */
const char *const *mr_custom_field_screens (void);
/* Translated: "Receiving", "Delivery", … NULL when unknown. */
const char *mr_custom_field_screen_get_label (const char *screen);
/* "text", "number", "date", "choice", "boolean" */
const char *const *mr_custom_field_types (void);
const char *mr_custom_field_type_get_label (const char *type);
/* "shown", "hidden", "required" */
const char *const *mr_custom_field_visibilities (void);
const char *mr_custom_field_visibility_get_label (const char *visibility);

/* The live fields in position order, each an a{sv}: id, position (i),
 * label, type, choices (as), screens (a{ss}: every screen → visibility).
 * With a @screen, the fields hidden there are left out and each also has
 * "visibility" for that screen. (element-type GVariant) */
GPtrArray *mr_store_list_custom_fields (MrStore *store, const char *screen);
/* A live field by id, by label (ignoring case) or by position ("3"). */
GVariant *mr_store_find_custom_field (MrStore *store, const char *key);
/* The values of an entity for live fields: field id → value. */
GHashTable *mr_store_get_custom_values (MrStore *store, const char *entity_id);
/* The fields required on @screen that have no value for @entity_id (which
 * may be NULL: a record not saved yet), in position order. (element-type
 * GVariant, as mr_store_list_custom_fields()) */
GPtrArray *
mr_store_list_missing_custom_fields (MrStore *store, const char *screen, const char *entity_id);

/* Checks @value for a field of @type and returns it in its stored form
 * (a new string), or NULL with MR_STORE_ERROR_INVALID naming @label.
 * @choices is for 'choice' fields. */
char *mr_custom_value_normalize (const char *label,
                                 const char *type,
                                 const char *const *choices,
                                 const char *value,
                                 GError **error);

G_END_DECLS
