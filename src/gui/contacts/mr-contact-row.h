/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-records.h"

G_BEGIN_DECLS

#define MR_TYPE_CONTACT_ROW (mr_contact_row_get_type ())
G_DECLARE_FINAL_TYPE (MrContactRow, mr_contact_row, MR, CONTACT_ROW, GtkWidget)

GtkWidget *mr_contact_row_new (void);
MrContact *mr_contact_row_get_contact (MrContactRow *self);
void mr_contact_row_set_contact (MrContactRow *self, MrContact *contact);

G_END_DECLS
