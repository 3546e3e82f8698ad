/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-toast-slot"

#include "config.h"

#include "mr-toast-slot.h"
#include "widgets/mr-gui-utils.h"

/* A page shows one Undo toast at a time: a new one replaces the previous,
 * since Undo is only ever about the last change.
 *
 * Replacing is less simple than it looks with libadwaita 1.2 (Debian 12):
 * - stacking high-priority toasts postpones the older ones, and one that
 *   comes back before its hide animation ended fails an assertion in
 *   AdwToastOverlay (show_toast: !info->widget) and aborts;
 * - dismissing a toast during its show animation (300 ms, 500 ms when it
 *   replaces another) frees it while that animation still runs, and the
 *   animation's end then writes to freed memory.
 * So the previous toast is dismissed first, never stacked, and only once
 * its show animation is over; a toast that arrives sooner waits that long
 * (a newer one replaces it while it waits). */

#define SETTLE_US (600 * G_TIME_SPAN_MILLISECOND)

static void
show_now (MrToastSlot *slot, AdwToast *toast)
{
  if (slot->shown != NULL)
    adw_toast_dismiss (slot->shown);
  g_set_weak_pointer (&slot->shown, toast);
  slot->shown_at = g_get_monotonic_time ();
  mr_widget_add_toast (slot->widget, toast);
}

static gboolean
pending_cb (gpointer data)
{
  MrToastSlot *slot = data;

  slot->pending_id = 0;
  show_now (slot, g_steal_pointer (&slot->pending));
  return G_SOURCE_REMOVE;
}

/**
 * mr_toast_slot_show:
 * @widget: the page, inside the window's toast overlay
 * @toast: (transfer full): the toast
 */
void
mr_toast_slot_show (MrToastSlot *slot, GtkWidget *widget, AdwToast *toast)
{
  gint64 age;

  g_return_if_fail (slot != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  slot->widget = widget;
  age = g_get_monotonic_time () - slot->shown_at;
  if (slot->pending != NULL)
    {
      /* Still waiting: the newer toast takes the older one's turn. */
      g_clear_object (&slot->pending);
      slot->pending = toast;
      return;
    }
  if (slot->shown == NULL || age >= SETTLE_US)
    {
      show_now (slot, toast);
      return;
    }
  slot->pending = toast;
  slot->pending_id =
    g_timeout_add ((guint) ((SETTLE_US - age) / G_TIME_SPAN_MILLISECOND) + 1, pending_cb, slot);
}

/* For the page's dispose: drops a waiting toast and forgets the shown one. */
void
mr_toast_slot_clear (MrToastSlot *slot)
{
  g_return_if_fail (slot != NULL);

  g_clear_handle_id (&slot->pending_id, g_source_remove);
  g_clear_object (&slot->pending);
  g_clear_weak_pointer (&slot->shown);
  slot->widget = NULL;
}
