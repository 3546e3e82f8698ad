/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mr-locker-sim-controller.h"

/* Doors in memory, keyed by address and number. A door only gets an
 * entry once something happens to it; an unknown door is closed. */

typedef struct
{
  MrLockerSimController *self;
  char *address;
  char *number;
  MrLockerDoorState state;
  gboolean left_open;
  gboolean jammed;
  GSource *close_source; /* pending close after the delay */
} SimDoor;

struct _MrLockerSimController
{
  GObject parent_instance;

  /* owned */
  GHashTable *doors;       /* "address\nnumber" → SimDoor */
  GHashTable *unreachable; /* addresses */
  GMainContext *context;
  guint close_delay_ms;
  guint n_opened;
};

static void controller_iface_init (MrLockerControllerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MrLockerSimController,
                               mr_locker_sim_controller,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MR_TYPE_LOCKER_CONTROLLER,
                                                      controller_iface_init))

enum
{
  PROP_0,
  PROP_CLOSE_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cancel_close (SimDoor *door)
{
  if (door->close_source == NULL)
    return;
  g_source_destroy (door->close_source);
  g_clear_pointer (&door->close_source, g_source_unref);
}

static void
sim_door_free (gpointer data)
{
  SimDoor *door = data;

  cancel_close (door);
  g_free (door->address);
  g_free (door->number);
  g_free (door);
}

static SimDoor *
lookup_door (MrLockerSimController *self, const char *address, const char *number, gboolean create)
{
  g_autofree char *key = g_strconcat (address, "\n", number, NULL);
  SimDoor *door = g_hash_table_lookup (self->doors, key);

  if (door == NULL && create)
    {
      door = g_new0 (SimDoor, 1);
      door->self = self;
      door->address = g_strdup (address);
      door->number = g_strdup (number);
      door->state = MR_LOCKER_DOOR_CLOSED;
      g_hash_table_insert (self->doors, g_steal_pointer (&key), door);
    }
  return door;
}

/* Sets the state and tells listeners, only when it changes. The signal
 * may run code that drops the last reference to nothing here: the door
 * is looked up again by callers that need it afterwards. */
static void
set_state (SimDoor *door, MrLockerDoorState state)
{
  g_autofree char *address = NULL;
  g_autofree char *number = NULL;
  MrLockerSimController *self = door->self;

  if (door->state == state)
    return;
  door->state = state;
  address = g_strdup (door->address);
  number = g_strdup (door->number);
  mr_locker_controller_emit_door_changed (MR_LOCKER_CONTROLLER (self), address, number, state);
}

static gboolean
close_cb (gpointer data)
{
  SimDoor *door = data;
  g_autoptr (MrLockerSimController) self = g_object_ref (door->self);

  g_clear_pointer (&door->close_source, g_source_unref);
  set_state (door, MR_LOCKER_DOOR_CLOSED);
  return G_SOURCE_REMOVE;
}

static void
schedule_close (SimDoor *door)
{
  MrLockerSimController *self = door->self;

  cancel_close (door);
  if (self->close_delay_ms == 0 || door->left_open)
    return;
  door->close_source = g_timeout_source_new (self->close_delay_ms);
  g_source_set_callback (door->close_source, close_cb, door, NULL);
  g_source_attach (door->close_source, self->context);
}

static gboolean
sim_open_door (MrLockerController *controller,
               const char *address,
               const char *door_number,
               GError **error)
{
  MrLockerSimController *self = MR_LOCKER_SIM_CONTROLLER (controller);
  g_autoptr (MrLockerSimController) keep = g_object_ref (self);
  SimDoor *door;

  if (g_hash_table_contains (self->unreachable, address))
    {
      g_set_error (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_UNREACHABLE,
                   _ ("The locker controller at “%s” does not answer: door %s was not opened. "
                      "Check that the controller is on and connected, then try again."),
                   address, door_number);
      return FALSE;
    }
  door = lookup_door (self, address, door_number, TRUE);
  self->n_opened++;
  if (door->jammed)
    {
      set_state (door, MR_LOCKER_DOOR_JAMMED);
      g_set_error (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_JAMMED,
                   _ ("Door %s is jammed and did not open. Check the door, or take the locker out "
                      "of service."),
                   door_number);
      return FALSE;
    }
  set_state (door, MR_LOCKER_DOOR_OPEN);
  door = lookup_door (self, address, door_number, FALSE);
  if (door != NULL && door->state == MR_LOCKER_DOOR_OPEN)
    schedule_close (door);
  return TRUE;
}

static MrLockerDoorState
sim_get_door_state (MrLockerController *controller, const char *address, const char *door_number)
{
  MrLockerSimController *self = MR_LOCKER_SIM_CONTROLLER (controller);
  SimDoor *door = lookup_door (self, address, door_number, FALSE);

  return door ? door->state : MR_LOCKER_DOOR_CLOSED;
}

static void
controller_iface_init (MrLockerControllerInterface *iface)
{
  iface->open_door = sim_open_door;
  iface->get_door_state = sim_get_door_state;
}

static void
mr_locker_sim_controller_finalize (GObject *object)
{
  MrLockerSimController *self = MR_LOCKER_SIM_CONTROLLER (object);

  g_clear_pointer (&self->doors, g_hash_table_unref);
  g_clear_pointer (&self->unreachable, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (mr_locker_sim_controller_parent_class)->finalize (object);
}

static void
mr_locker_sim_controller_get_property (GObject *object,
                                       guint prop_id,
                                       GValue *value,
                                       GParamSpec *pspec)
{
  MrLockerSimController *self = MR_LOCKER_SIM_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CLOSE_DELAY:
      g_value_set_uint (value, self->close_delay_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_locker_sim_controller_set_property (GObject *object,
                                       guint prop_id,
                                       const GValue *value,
                                       GParamSpec *pspec)
{
  MrLockerSimController *self = MR_LOCKER_SIM_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CLOSE_DELAY:
      mr_locker_sim_controller_set_close_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_locker_sim_controller_class_init (MrLockerSimControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mr_locker_sim_controller_finalize;
  object_class->get_property = mr_locker_sim_controller_get_property;
  object_class->set_property = mr_locker_sim_controller_set_property;

  /**
   * MrLockerSimController:close-delay:
   *
   * Milliseconds after which an opened door closes by itself; 0: it
   * stays open until closed with mr_locker_sim_controller_close_door().
   */
  properties[PROP_CLOSE_DELAY] =
    g_param_spec_uint ("close-delay", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mr_locker_sim_controller_init (MrLockerSimController *self)
{
  self->doors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sim_door_free);
  self->unreachable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->context = g_main_context_ref_thread_default ();
}

MrLockerSimController *
mr_locker_sim_controller_new (guint close_delay_ms)
{
  return g_object_new (MR_TYPE_LOCKER_SIM_CONTROLLER, "close-delay", close_delay_ms, NULL);
}

guint
mr_locker_sim_controller_get_close_delay (MrLockerSimController *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_SIM_CONTROLLER (self), 0);
  return self->close_delay_ms;
}

/* Doors already open keep the delay they were opened with. */
void
mr_locker_sim_controller_set_close_delay (MrLockerSimController *self, guint close_delay_ms)
{
  g_return_if_fail (MR_IS_LOCKER_SIM_CONTROLLER (self));

  if (self->close_delay_ms == close_delay_ms)
    return;
  self->close_delay_ms = close_delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSE_DELAY]);
}

gboolean
mr_locker_sim_controller_close_door (MrLockerSimController *self,
                                     const char *address,
                                     const char *door_number)
{
  SimDoor *door;

  g_return_val_if_fail (MR_IS_LOCKER_SIM_CONTROLLER (self), FALSE);
  g_return_val_if_fail (address != NULL && door_number != NULL, FALSE);

  door = lookup_door (self, address, door_number, FALSE);
  if (door == NULL || door->state != MR_LOCKER_DOOR_OPEN)
    return FALSE;
  cancel_close (door);
  set_state (door, MR_LOCKER_DOOR_CLOSED);
  return TRUE;
}

void
mr_locker_sim_controller_set_left_open (MrLockerSimController *self,
                                        const char *address,
                                        const char *door_number,
                                        gboolean left_open)
{
  SimDoor *door;

  g_return_if_fail (MR_IS_LOCKER_SIM_CONTROLLER (self));
  g_return_if_fail (address != NULL && door_number != NULL);

  door = lookup_door (self, address, door_number, TRUE);
  door->left_open = left_open;
  /* Left open now: the pending close no longer happens; no longer left
   * open: an open door closes after the delay, as if just opened. */
  if (left_open)
    cancel_close (door);
  else if (door->state == MR_LOCKER_DOOR_OPEN && door->close_source == NULL)
    schedule_close (door);
}

void
mr_locker_sim_controller_set_jammed (MrLockerSimController *self,
                                     const char *address,
                                     const char *door_number,
                                     gboolean jammed)
{
  SimDoor *door;

  g_return_if_fail (MR_IS_LOCKER_SIM_CONTROLLER (self));
  g_return_if_fail (address != NULL && door_number != NULL);

  door = lookup_door (self, address, door_number, TRUE);
  door->jammed = jammed;
  if (!jammed && door->state == MR_LOCKER_DOOR_JAMMED)
    set_state (door, MR_LOCKER_DOOR_CLOSED);
}

void
mr_locker_sim_controller_set_unreachable (MrLockerSimController *self,
                                          const char *address,
                                          gboolean unreachable)
{
  g_return_if_fail (MR_IS_LOCKER_SIM_CONTROLLER (self));
  g_return_if_fail (address != NULL);

  if (unreachable)
    g_hash_table_add (self->unreachable, g_strdup (address));
  else
    g_hash_table_remove (self->unreachable, address);
}

guint
mr_locker_sim_controller_get_n_opened (MrLockerSimController *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_SIM_CONTROLLER (self), 0);
  return self->n_opened;
}
