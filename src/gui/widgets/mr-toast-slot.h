/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Every toast of a window goes through one slot attached to its
 * AdwToastOverlay: see mr-toast-slot.c. Use mr_widget_add_toast(). */
void mr_toast_slot_add (AdwToastOverlay *overlay, AdwToast *toast);

G_END_DECLS
