/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-records.h"

G_BEGIN_DECLS

typedef enum
{
  MR_CONTACT_SORT_NAME,
  MR_CONTACT_SORT_NAME_DESC,
  MR_CONTACT_SORT_RECENT,
} MrContactSort;

#define MR_TYPE_CONTACT_LIST (mr_contact_list_get_type ())
G_DECLARE_FINAL_TYPE (MrContactList, mr_contact_list, MR, CONTACT_LIST, GObject)

MrContactList *mr_contact_list_new (MrStore *store);
MrStore *mr_contact_list_get_store (MrContactList *self);
const char *mr_contact_list_get_search (MrContactList *self);
void mr_contact_list_set_search (MrContactList *self, const char *search);
void mr_contact_list_set_department_id (MrContactList *self, const char *department_id);
void mr_contact_list_set_place_id (MrContactList *self, const char *place_id);
MrContactSort mr_contact_list_get_sort (MrContactList *self);
void mr_contact_list_set_sort (MrContactList *self, MrContactSort sort);
gboolean mr_contact_list_find (MrContactList *self, const char *contact_id, guint *position);
void mr_contact_list_refresh (MrContactList *self);
gboolean mr_contact_list_get_truncated (MrContactList *self);

G_END_DECLS
