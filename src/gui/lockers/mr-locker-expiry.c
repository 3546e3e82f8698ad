/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-locker-expiry"

#include "config.h"

#include "mr-locker-expiry.h"
#include "mr-lockers.h"

/* A pass is one indexed query when nothing is due, and one journalled
 * mutation when something is: cheap enough for the main loop, at low
 * priority so it never delays a frame or a scan. */

struct _MrLockerExpiry
{
  GObject parent_instance;

  MrStore *store;
  guint interval_seconds;
  guint source_id;
  guint n_runs;
  char *last_error; /* not repeated every minute */
};

G_DEFINE_FINAL_TYPE (MrLockerExpiry, mr_locker_expiry, G_TYPE_OBJECT)

static gboolean
tick_cb (gpointer data)
{
  mr_locker_expiry_run (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
first_run_cb (gpointer data)
{
  MrLockerExpiry *self = data;

  mr_locker_expiry_run (self);
  self->source_id =
    g_timeout_add_seconds_full (G_PRIORITY_LOW, self->interval_seconds, tick_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

static void
mr_locker_expiry_dispose (GObject *object)
{
  MrLockerExpiry *self = MR_LOCKER_EXPIRY (object);

  mr_locker_expiry_stop (self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (mr_locker_expiry_parent_class)->dispose (object);
}

static void
mr_locker_expiry_finalize (GObject *object)
{
  g_free (MR_LOCKER_EXPIRY (object)->last_error);
  G_OBJECT_CLASS (mr_locker_expiry_parent_class)->finalize (object);
}

static void
mr_locker_expiry_class_init (MrLockerExpiryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mr_locker_expiry_dispose;
  object_class->finalize = mr_locker_expiry_finalize;
}

static void
mr_locker_expiry_init (MrLockerExpiry *self)
{
}

MrLockerExpiry *
mr_locker_expiry_new (MrStore *store, guint interval_seconds)
{
  MrLockerExpiry *self;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (interval_seconds > 0, NULL);

  self = g_object_new (MR_TYPE_LOCKER_EXPIRY, NULL);
  self->store = g_object_ref (store);
  self->interval_seconds = interval_seconds;
  /* An idle at low priority runs once start-up is drawn. */
  self->source_id = g_idle_add_full (G_PRIORITY_LOW, first_run_cb, self, NULL);
  return self;
}

void
mr_locker_expiry_stop (MrLockerExpiry *self)
{
  g_return_if_fail (MR_IS_LOCKER_EXPIRY (self));
  g_clear_handle_id (&self->source_id, g_source_remove);
}

guint
mr_locker_expiry_run (MrLockerExpiry *self)
{
  g_autoptr (GError) error = NULL;
  guint n = 0;

  g_return_val_if_fail (MR_IS_LOCKER_EXPIRY (self), 0);

  self->n_runs++;
  if (!mr_locker_expire_due (self->store, &n, &error))
    {
      if (g_strcmp0 (self->last_error, error->message) != 0)
        g_warning ("Locker expiry failed: %s", error->message);
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      return 0;
    }
  g_clear_pointer (&self->last_error, g_free);
  if (n > 0)
    g_debug ("%u packages expired", n);
  return n;
}

guint
mr_locker_expiry_get_n_runs (MrLockerExpiry *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_EXPIRY (self), 0);
  return self->n_runs;
}
