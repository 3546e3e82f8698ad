/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* One toast at a time for a page: see mr-toast-slot.c. Embed it in the
 * page's struct, zero-initialised. */
typedef struct
{
  GtkWidget *widget; /* the page; borrowed */
  AdwToast *shown;   /* weak */
  gint64 shown_at;   /* monotonic µs */
  AdwToast *pending; /* owned */
  guint pending_id;
} MrToastSlot;

void mr_toast_slot_show (MrToastSlot *slot, GtkWidget *widget, AdwToast *toast);
void mr_toast_slot_clear (MrToastSlot *slot);

G_END_DECLS
