/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-contact-editor.h"
#include "mr-contact-list.h"
#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_CONTACTS_PAGE (mr_contacts_page_get_type ())
G_DECLARE_FINAL_TYPE (MrContactsPage, mr_contacts_page, MR, CONTACTS_PAGE, AdwBin)

GtkWidget *mr_contacts_page_new (MrStore *store);
MrStore *mr_contacts_page_get_store (MrContactsPage *self);
MrContactList *mr_contacts_page_get_list (MrContactsPage *self);
MrContact *mr_contacts_page_get_selected (MrContactsPage *self);
gboolean mr_contacts_page_select_contact (MrContactsPage *self, const char *contact_id);
MrContactEditor *mr_contacts_page_get_editor (MrContactsPage *self);
AdwToast *mr_contacts_page_get_last_toast (MrContactsPage *self);

G_END_DECLS
