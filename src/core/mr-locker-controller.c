/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mr-locker-controller.h"
#include "mr-locker-private.h"

/* The controller interface and what joins it to the store: a door record
 * becomes an address and a number for the hardware, and what the hardware
 * reports becomes an event in the door's history through a journalled
 * mutation ("locker.door_state", in mr-locker-doors.c). */

G_DEFINE_QUARK (mr - locker - controller - error - quark, mr_locker_controller_error)

G_DEFINE_ENUM_TYPE (MrLockerDoorState,
                    mr_locker_door_state,
                    G_DEFINE_ENUM_VALUE (MR_LOCKER_DOOR_CLOSED, "closed"),
                    G_DEFINE_ENUM_VALUE (MR_LOCKER_DOOR_OPEN, "open"),
                    G_DEFINE_ENUM_VALUE (MR_LOCKER_DOOR_JAMMED, "jammed"))

G_DEFINE_INTERFACE (MrLockerController, mr_locker_controller, G_TYPE_OBJECT)

enum
{
  DOOR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
mr_locker_door_state_to_string (MrLockerDoorState state)
{
  switch (state)
    {
    case MR_LOCKER_DOOR_CLOSED:
      return "closed";
    case MR_LOCKER_DOOR_OPEN:
      return "open";
    case MR_LOCKER_DOOR_JAMMED:
      return "jammed";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
mr_locker_door_state_get_label (MrLockerDoorState state)
{
  switch (state)
    {
    case MR_LOCKER_DOOR_CLOSED:
      /* Translators: the state of a locker door */
      return C_ ("door", "Closed");
    case MR_LOCKER_DOOR_OPEN:
      /* Translators: the state of a locker door */
      return C_ ("door", "Open");
    case MR_LOCKER_DOOR_JAMMED:
      /* Translators: the state of a locker door that would not open */
      return C_ ("door", "Jammed");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
mr_locker_controller_default_init (MrLockerControllerInterface *iface)
{
  /**
   * MrLockerController::door-changed:
   * @address: the controller address of the door's bank
   * @door_number: the door's number
   * @state: the door's new #MrLockerDoorState
   */
  signals[DOOR_CHANGED] =
    g_signal_new ("door-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, MR_TYPE_LOCKER_DOOR_STATE);
}

gboolean
mr_locker_controller_open_door (MrLockerController *self,
                                const char *address,
                                const char *door_number,
                                GError **error)
{
  MrLockerControllerInterface *iface;

  g_return_val_if_fail (MR_IS_LOCKER_CONTROLLER (self), FALSE);
  g_return_val_if_fail (address != NULL && door_number != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = MR_LOCKER_CONTROLLER_GET_IFACE (self);
  g_return_val_if_fail (iface->open_door != NULL, FALSE);
  return iface->open_door (self, address, door_number, error);
}

MrLockerDoorState
mr_locker_controller_get_door_state (MrLockerController *self,
                                     const char *address,
                                     const char *door_number)
{
  MrLockerControllerInterface *iface;

  g_return_val_if_fail (MR_IS_LOCKER_CONTROLLER (self), MR_LOCKER_DOOR_CLOSED);
  g_return_val_if_fail (address != NULL && door_number != NULL, MR_LOCKER_DOOR_CLOSED);

  iface = MR_LOCKER_CONTROLLER_GET_IFACE (self);
  g_return_val_if_fail (iface->get_door_state != NULL, MR_LOCKER_DOOR_CLOSED);
  return iface->get_door_state (self, address, door_number);
}

void
mr_locker_controller_emit_door_changed (MrLockerController *self,
                                        const char *address,
                                        const char *door_number,
                                        MrLockerDoorState state)
{
  g_return_if_fail (MR_IS_LOCKER_CONTROLLER (self));

  g_signal_emit (self, signals[DOOR_CHANGED], 0, address, door_number, state);
}

/* From the store to the hardware */

gboolean
mr_locker_door_get_address (
  MrStore *store, const char *locker_id, char **address, char **door_number, GError **error)
{
  g_autofree char *addr = NULL;
  g_autofree char *number = NULL;
  g_autofree char *bank_name = NULL;
  gboolean found = FALSE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);

  stmt = mr_store_prepare (store,
                           "SELECT b.controller_address, l.number, b.name FROM locker l JOIN "
                           "locker_bank b ON b.id = l.bank_id WHERE l.id = ? AND l.deleted = 0",
                           error);
  if (stmt == NULL)
    return FALSE;
  if (locker_id != NULL)
    {
      sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          found = TRUE;
          if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
            addr = g_strstrip (g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          bank_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        }
      sqlite3_reset (stmt);
    }
  if (!found)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This locker does not exist (any more)."));
  if (addr == NULL || *addr == '\0')
    {
      g_set_error (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_NO_ADDRESS,
                   _ ("Locker bank “%s” has no controller address, so its doors cannot be opened "
                      "from here. Enter the address in the bank’s settings."),
                   bank_name);
      return FALSE;
    }
  if (address != NULL)
    *address = g_steal_pointer (&addr);
  if (door_number != NULL)
    *door_number = g_steal_pointer (&number);
  return TRUE;
}

static gboolean
record_state (MrStore *store,
              const char *locker_id,
              const char *state,
              const char *reason,
              const char *detail,
              GError **error)
{
  g_auto (GVariantDict) args = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&args, "id", "s", locker_id);
  g_variant_dict_insert (&args, "state", "s", state);
  if (reason != NULL)
    g_variant_dict_insert (&args, "reason", "s", reason);
  if (detail != NULL)
    g_variant_dict_insert (&args, "detail", "s", detail);
  return mr_store_apply (store, "locker.door_state", g_variant_dict_end (&args), NULL, error);
}

gboolean
mr_locker_controller_open (MrLockerController *controller,
                           MrStore *store,
                           const char *locker_id,
                           const char *reason,
                           GError **error)
{
  g_autofree char *address = NULL;
  g_autofree char *number = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (GError) record_error = NULL;
  const char *state;
  gboolean opened;

  g_return_val_if_fail (MR_IS_LOCKER_CONTROLLER (controller), FALSE);
  g_return_val_if_fail (MR_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mr_locker_door_get_address (store, locker_id, &address, &number, error))
    return FALSE;

  opened = mr_locker_controller_open_door (controller, address, number, &local);
  if (opened)
    state = "open";
  else if (g_error_matches (local, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_JAMMED))
    state = "jammed";
  else if (g_error_matches (local, MR_LOCKER_CONTROLLER_ERROR,
                            MR_LOCKER_CONTROLLER_ERROR_UNREACHABLE))
    state = "unreachable";
  else
    state = "failed";
  if (!opened && local == NULL)
    g_set_error (&local, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_FAILED,
                 _ ("Door %s did not open."), number);

  /* The door is open (or stuck) whatever the journal says: a failure to
   * record is reported, but the controller's own error comes first. */
  if (!record_state (store, locker_id, state, reason, local ? local->message : NULL, &record_error))
    {
      if (opened)
        {
          g_propagate_error (error, g_steal_pointer (&record_error));
          return FALSE;
        }
      g_warning ("Could not record the state of door %s: %s", number, record_error->message);
    }
  if (!opened)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

MrLockerDoorState
mr_locker_controller_get_locker_state (MrLockerController *controller,
                                       MrStore *store,
                                       const char *locker_id)
{
  g_autofree char *address = NULL;
  g_autofree char *number = NULL;

  g_return_val_if_fail (MR_IS_LOCKER_CONTROLLER (controller), MR_LOCKER_DOOR_CLOSED);
  g_return_val_if_fail (MR_IS_STORE (store), MR_LOCKER_DOOR_CLOSED);

  if (!mr_locker_door_get_address (store, locker_id, &address, &number, NULL))
    return MR_LOCKER_DOOR_CLOSED;
  return mr_locker_controller_get_door_state (controller, address, number);
}

/* Journalling what the doors report */

struct _MrLockerDoorWatch
{
  MrLockerController *controller;
  MrStore *store;
  GMainContext *context;
  guint left_open_ms;
  gulong handler;
  GHashTable *timers; /* "address\nnumber" → WatchTimer, doors open and watched */
};

typedef struct
{
  MrLockerDoorWatch *watch;
  char *address;
  char *number;
  GSource *source;
} WatchTimer;

static void
watch_timer_free (gpointer data)
{
  WatchTimer *t = data;

  if (t->source != NULL)
    {
      g_source_destroy (t->source);
      g_source_unref (t->source);
    }
  g_free (t->address);
  g_free (t->number);
  g_free (t);
}

/* The live door that @address and @number name, or NULL. */
static char *
locker_at (MrStore *store, const char *address, const char *number)
{
  sqlite3_stmt *stmt = mr_store_prepare (store,
                                         "SELECT l.id FROM locker l JOIN locker_bank b ON "
                                         "b.id = l.bank_id WHERE b.controller_address = ? AND "
                                         "l.number = ? AND l.deleted = 0 AND b.deleted = 0 "
                                         "ORDER BY l.id LIMIT 1",
                                         NULL);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, address, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

static void
watch_record (MrLockerDoorWatch *watch, const char *address, const char *number, const char *state)
{
  g_autofree char *locker_id = locker_at (watch->store, address, number);
  g_autoptr (GError) error = NULL;

  /* A door of another system on the same controller: not ours to record. */
  if (locker_id == NULL)
    {
      g_debug ("door %s at %s is not a known locker", number, address);
      return;
    }
  if (!record_state (watch->store, locker_id, state, NULL, NULL, &error))
    g_warning ("Could not record that door %s is %s: %s", number, state, error->message);
}

static gboolean
left_open_cb (gpointer data)
{
  WatchTimer *t = data;
  MrLockerDoorWatch *watch = t->watch;
  g_autofree char *key = g_strconcat (t->address, "\n", t->number, NULL);

  g_clear_pointer (&t->source, g_source_unref);
  if (mr_locker_controller_get_door_state (watch->controller, t->address, t->number) ==
      MR_LOCKER_DOOR_OPEN)
    watch_record (watch, t->address, t->number, "left_open");
  g_hash_table_remove (watch->timers, key);
  return G_SOURCE_REMOVE;
}

static void
door_changed_cb (MrLockerController *controller,
                 const char *address,
                 const char *number,
                 MrLockerDoorState state,
                 gpointer user_data)
{
  MrLockerDoorWatch *watch = user_data;
  g_autofree char *key = NULL;

  if (address == NULL || number == NULL)
    return;
  key = g_strconcat (address, "\n", number, NULL);
  switch (state)
    {
    case MR_LOCKER_DOOR_OPEN:
      if (watch->left_open_ms > 0)
        {
          WatchTimer *t = g_new0 (WatchTimer, 1);

          t->watch = watch;
          t->address = g_strdup (address);
          t->number = g_strdup (number);
          t->source = g_timeout_source_new (watch->left_open_ms);
          g_source_set_callback (t->source, left_open_cb, t, NULL);
          g_source_attach (t->source, watch->context);
          /* Replaces (and stops) the timer of an earlier opening. */
          g_hash_table_replace (watch->timers, g_steal_pointer (&key), t);
        }
      break;
    case MR_LOCKER_DOOR_CLOSED:
      g_hash_table_remove (watch->timers, key);
      watch_record (watch, address, number, "closed");
      break;
    case MR_LOCKER_DOOR_JAMMED:
    default:
      /* mr_locker_controller_open() asked, and journalled the answer. */
      g_hash_table_remove (watch->timers, key);
      break;
    }
}

MrLockerDoorWatch *
mr_locker_door_watch_new (MrLockerController *controller, MrStore *store, guint left_open_ms)
{
  MrLockerDoorWatch *watch;

  g_return_val_if_fail (MR_IS_LOCKER_CONTROLLER (controller), NULL);
  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  watch = g_new0 (MrLockerDoorWatch, 1);
  watch->controller = g_object_ref (controller);
  watch->store = g_object_ref (store);
  watch->context = g_main_context_ref_thread_default ();
  watch->left_open_ms = left_open_ms;
  watch->timers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, watch_timer_free);
  watch->handler =
    g_signal_connect (controller, "door-changed", G_CALLBACK (door_changed_cb), watch);
  return watch;
}

void
mr_locker_door_watch_free (MrLockerDoorWatch *watch)
{
  if (watch == NULL)
    return;
  g_clear_signal_handler (&watch->handler, watch->controller);
  g_clear_pointer (&watch->timers, g_hash_table_unref);
  g_clear_pointer (&watch->context, g_main_context_unref);
  g_clear_object (&watch->controller);
  g_clear_object (&watch->store);
  g_free (watch);
}
