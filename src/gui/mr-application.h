/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-locker-controller.h"
#include "mr-store.h"

G_BEGIN_DECLS

#define MR_TYPE_APPLICATION (mr_application_get_type ())
G_DECLARE_FINAL_TYPE (MrApplication, mr_application, MR, APPLICATION, AdwApplication)

MrApplication *mr_application_new (void);
MrStore *mr_application_get_store (MrApplication *self);
GSettings *mr_application_get_settings (MrApplication *self);
MrLockerController *mr_application_get_locker_controller (MrApplication *self);

G_END_DECLS
