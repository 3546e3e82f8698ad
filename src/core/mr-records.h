/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

/* Read-only snapshots of records, for lists and forms. To change a record,
 * apply a mutation; the store's ::changed signal tells when to re-read. */

#define MR_TYPE_CONTACT (mr_contact_get_type ())
G_DECLARE_FINAL_TYPE (MrContact, mr_contact, MR, CONTACT, GObject)

const char *mr_contact_get_id (MrContact *self);
const char *mr_contact_get_first_name (MrContact *self);
const char *mr_contact_get_last_name (MrContact *self);
const char *mr_contact_get_display_name (MrContact *self);
const char *mr_contact_get_initials (MrContact *self);
const char *mr_contact_get_email (MrContact *self);
const char *mr_contact_get_phone (MrContact *self);
const char *mr_contact_get_department_id (MrContact *self);
const char *mr_contact_get_department_name (MrContact *self);
const char *mr_contact_get_place_id (MrContact *self);
const char *mr_contact_get_place_name (MrContact *self);
const char *mr_contact_get_personnel_id (MrContact *self);
const char *mr_contact_get_employee_id (MrContact *self);
const char *mr_contact_get_notes (MrContact *self);
gboolean mr_contact_get_needs_accessibility (MrContact *self);
gboolean mr_contact_get_is_private (MrContact *self);
gint64 mr_contact_get_created_at (MrContact *self);
GVariant *mr_contact_to_variant (MrContact *self);

MrContact *mr_store_get_contact (MrStore *store, const char *id);
MrContact *mr_store_find_contact (MrStore *store, const char *personnel_id_email_or_id);
/* Every live contact this user sees (shared ones and their own private
 * ones) as (id, personnel_id or NULL, email or NULL) triples, flat: what
 * an import matches rows against and may replace. */
GPtrArray *mr_store_list_contact_keys (MrStore *store);

#define MR_TYPE_DEPARTMENT (mr_department_get_type ())
G_DECLARE_FINAL_TYPE (MrDepartment, mr_department, MR, DEPARTMENT, GObject)

const char *mr_department_get_id (MrDepartment *self);
const char *mr_department_get_name (MrDepartment *self);
const char *mr_department_get_key_contact_id (MrDepartment *self);
const char *mr_department_get_key_contact_name (MrDepartment *self);
const char *mr_department_get_place_id (MrDepartment *self);
guint mr_department_get_member_count (MrDepartment *self);

GListModel *mr_store_list_departments (MrStore *store);
MrDepartment *mr_store_get_department (MrStore *store, const char *id);
MrDepartment *mr_store_find_department (MrStore *store, const char *name_or_id);

/* A node of the places tree (site → building → floor → mail stop) or of
 * the organisation (enterprise → division → location). */
#define MR_TYPE_NODE (mr_node_get_type ())
G_DECLARE_FINAL_TYPE (MrNode, mr_node, MR, NODE, GObject)

const char *mr_node_get_id (MrNode *self);
const char *mr_node_get_kind (MrNode *self);
const char *mr_node_get_kind_label (MrNode *self);
const char *mr_node_get_parent_id (MrNode *self);
const char *mr_node_get_name (MrNode *self);
const char *mr_node_get_code (MrNode *self);
const char *mr_node_get_path (MrNode *self);
guint mr_node_get_depth (MrNode *self);

GListModel *mr_store_list_places (MrStore *store);
GListModel *mr_store_list_org_units (MrStore *store);
MrNode *mr_store_find_place (MrStore *store, const char *name_path_or_id);
MrNode *mr_store_find_org_unit (MrStore *store, const char *name_path_or_id);

const char *mr_tree_kind_label (const char *kind);

G_END_DECLS
