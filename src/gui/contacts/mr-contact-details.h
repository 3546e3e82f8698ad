/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-records.h"

G_BEGIN_DECLS

#define MR_TYPE_CONTACT_DETAILS (mr_contact_details_get_type ())
G_DECLARE_FINAL_TYPE (MrContactDetails, mr_contact_details, MR, CONTACT_DETAILS, AdwBin)

MrContact *mr_contact_details_get_contact (MrContactDetails *self);
void mr_contact_details_set_contact (MrContactDetails *self, MrContact *contact);

G_END_DECLS
