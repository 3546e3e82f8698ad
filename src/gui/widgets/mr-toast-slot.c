/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-toast-slot"

#include "config.h"

#include "mr-toast-slot.h"

/* A window shows one toast at a time: a new one replaces the previous,
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

typedef struct
{
  AdwToastOverlay *overlay; /* borrowed: the slot lives as its data */
  AdwToast *shown;          /* weak */
  gint64 shown_at;          /* monotonic µs */
  AdwToast *pending;        /* owned */
  guint pending_id;
} MrToastSlot;

static void
slot_free (gpointer data)
{
  MrToastSlot *slot = data;

  g_clear_handle_id (&slot->pending_id, g_source_remove);
  g_clear_object (&slot->pending);
  g_clear_weak_pointer (&slot->shown);
  g_free (slot);
}

static void
show_now (MrToastSlot *slot, AdwToast *toast)
{
  if (slot->shown != NULL)
    adw_toast_dismiss (slot->shown);
  g_set_weak_pointer (&slot->shown, toast);
  slot->shown_at = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (slot->overlay, toast);
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
 * mr_toast_slot_add:
 * @overlay: the window's toast overlay
 * @toast: (transfer full): the toast
 */
void
mr_toast_slot_add (AdwToastOverlay *overlay, AdwToast *toast)
{
  MrToastSlot *slot;
  gint64 age;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  slot = g_object_get_data (G_OBJECT (overlay), "mr-toast-slot");
  if (slot == NULL)
    {
      slot = g_new0 (MrToastSlot, 1);
      slot->overlay = overlay;
      g_object_set_data_full (G_OBJECT (overlay), "mr-toast-slot", slot, slot_free);
    }

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
