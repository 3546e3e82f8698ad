/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mr-store.h"

G_BEGIN_DECLS

/* How often the running app looks for deliveries past their period. */
#define MR_LOCKER_EXPIRY_INTERVAL_SECONDS 60

/* Expiry on its own: while the app runs, mr_locker_expire_due() once the
 * first frame is out, then every @interval_seconds, at low priority on
 * the main store. The locker map follows through the store's ::changed. */
#define MR_TYPE_LOCKER_EXPIRY (mr_locker_expiry_get_type ())
G_DECLARE_FINAL_TYPE (MrLockerExpiry, mr_locker_expiry, MR, LOCKER_EXPIRY, GObject)

MrLockerExpiry *mr_locker_expiry_new (MrStore *store, guint interval_seconds);
/* No more runs (also on dispose). */
void mr_locker_expiry_stop (MrLockerExpiry *self);
/* One pass now, as the timer does; returns the packages that expired. */
guint mr_locker_expiry_run (MrLockerExpiry *self);
/* Passes made so far. */
guint mr_locker_expiry_get_n_runs (MrLockerExpiry *self);

G_END_DECLS
