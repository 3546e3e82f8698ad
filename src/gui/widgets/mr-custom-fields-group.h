/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-store.h"

G_BEGIN_DECLS

/* The custom fields one screen shows ("receiving", "package", …), as rows
 * that edit the values of one record: each value is saved with
 * custom.set as soon as it is chosen, or when the clerk leaves the row.
 * Hidden when the screen shows no field. Emits ::changed after each save
 * (or refused value), so that a form can say which required fields are
 * still empty. */

#define MR_TYPE_CUSTOM_FIELDS_GROUP (mr_custom_fields_group_get_type ())
G_DECLARE_FINAL_TYPE (
  MrCustomFieldsGroup, mr_custom_fields_group, MR, CUSTOM_FIELDS_GROUP, AdwPreferencesGroup)

GtkWidget *mr_custom_fields_group_new (MrStore *store, const char *screen);
/* Saves what was typed for the previous record, then shows @entity_id's
 * values (NULL: no record, the rows are insensitive). */
void mr_custom_fields_group_set_entity (MrCustomFieldsGroup *self, const char *entity_id);
const char *mr_custom_fields_group_get_entity (MrCustomFieldsGroup *self);
/* Saves the text rows whose text differs from the stored value. FALSE
 * when a value was refused (the row shows why). */
gboolean mr_custom_fields_group_save (MrCustomFieldsGroup *self);
/* The labels of the required fields still empty, joined with ", ", or
 * NULL when none. */
char *mr_custom_fields_group_dup_missing (MrCustomFieldsGroup *self);
guint mr_custom_fields_group_get_n_fields (MrCustomFieldsGroup *self);

/* Deferred: nothing is saved as it is typed; the values go with an
 * operation (a handover), through check() then apply(). The rows are
 * editable without a record. */
void mr_custom_fields_group_set_deferred (MrCustomFieldsGroup *self, gboolean deferred);
/* Checks every row: required ones filled in, values of their type. Shows
 * each problem under its row and focuses the first; FALSE when any. */
gboolean mr_custom_fields_group_check (MrCustomFieldsGroup *self);
/* custom.set of the values on @entity_id (inside the caller's batch): for
 * the record shown, those that changed (an emptied row clears); for
 * another (a new record, several packages), those filled in. */
gboolean
mr_custom_fields_group_apply (MrCustomFieldsGroup *self, const char *entity_id, GError **error);
/* Whether a row differs from what is stored for the record shown. */
gboolean mr_custom_fields_group_is_modified (MrCustomFieldsGroup *self);

G_END_DECLS
