/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "mr-locker-controller.h"
#include "mr-locker-sim-controller.h"
#include "mr-lockers.h"
#include "mr-store.h"
#include "../mr-test-files.h"
#include "../mr-test-store.h"

/* Doors themselves: the simulated controller (opens, closes by itself,
 * left open, jams, unreachable) under a real main loop; what reaches the
 * door's history through the controller; empty, reopen within the window
 * (inside, at and after its edge), the expired packages to take out; and
 * that a package only enters a locker through the drop-off's rules. */

#define HOUR_MS ((gint64) 3600 * 1000)
#define MINUTE_MS ((gint64) 60 * 1000)
#define ADDRESS "sim://hall"
#define LAYOUT "{\"base_cm\": 50, \"columns\": [{\"doors\": [\"S\", \"S\", \"M\", \"L\"]}]}"

typedef struct
{
  char *dir;
  char *path;
  MrStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mr-locker-doors-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
  mr_store_set_user_id (f->store, "operator-1");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  mr_test_unlink_search (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* Expects a validation error about @field, with nothing journalled. */
static void
apply_fails (MrStore *store, const char *name, GVariantDict *d, int code, const char *field)
{
  g_autoptr (GError) error = NULL;
  gint64 before = mr_store_count_journal (store);

  g_assert_false (mr_store_apply (store, name, g_variant_dict_end (d), NULL, &error));
  g_assert_error (error, MR_STORE_ERROR, code);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, field);
  g_assert_cmpint (mr_store_count_journal (store), ==, before);
}

static char *
add_contact (MrStore *store, const char *first)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "first_name", "s", first);
  g_variant_dict_insert (&d, "last_name", "s", "Test");
  return mr_test_apply_ok (store, "contact.create", &d);
}

static char *
add_place (MrStore *store, const char *name)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "kind", "s", "site");
  g_variant_dict_insert (&d, "name", "s", name);
  return mr_test_apply_ok (store, "place.create", &d);
}

static char *
receive (MrStore *store, const char *recipient, const char *tracking, gint64 at)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "recipient_id", "s", recipient);
  g_variant_dict_insert (&d, "size", "s", "S");
  if (tracking != NULL)
    g_variant_dict_insert (&d, "tracking_number", "s", tracking);
  if (at > 0)
    g_variant_dict_insert (&d, "at", "x", at);
  return mr_test_apply_ok (store, "package.receive", &d);
}

/* A bank of four doors (1, 2: S; 3: M; 4: L). @address may be NULL. */
static char *
make_bank (MrStore *store, const char *name, const char *address, int reopen_seconds)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "name", "s", name);
  g_variant_dict_insert (&d, "layout", "s", LAYOUT);
  g_variant_dict_insert (&d, "expiry_hours", "x", (gint64) 1);
  g_variant_dict_insert (&d, "reopen_seconds", "x", (gint64) reopen_seconds);
  if (address != NULL)
    g_variant_dict_insert (&d, "controller_address", "s", address);
  return mr_test_apply_ok (store, "locker_bank.create", &d);
}

static char *
door (MrStore *store, const char *bank, const char *number)
{
  char *id = mr_store_find_locker_door (store, bank, number);

  g_assert_nonnull (id);
  return id;
}

static MrLockerStatus
door_status (MrStore *store, const char *locker_id)
{
  g_autoptr (MrLockerDoorInfo) info = mr_store_get_locker_door (store, locker_id);

  g_assert_nonnull (info);
  return info->door.status;
}

/* One text (NULL for SQL NULL) or integer from the database, through a
 * read-only connection of its own. */
static char *
query_text (MrStore *store, const char *sql, const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  g_assert_cmpint (sqlite3_open_v2 (mr_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static gint64
query_int (MrStore *store, const char *sql, const char *arg)
{
  g_autofree char *text = query_text (store, sql, arg);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* The kinds of a door's events, oldest first, comma-separated. */
static char *
event_kinds (MrStore *store, const char *locker_id)
{
  g_autoptr (GPtrArray) events = mr_store_list_locker_events (store, locker_id, 0);
  GString *s = g_string_new (NULL);

  for (guint i = events->len; i-- > 0;)
    {
      MrLockerEvent *e = g_ptr_array_index (events, i);

      g_string_append_printf (s, "%s%s", s->len ? "," : "", e->kind);
    }
  return g_string_free (s, FALSE);
}

static MrLockerEvent *
last_event (MrStore *store, const char *locker_id)
{
  g_autoptr (GPtrArray) events = mr_store_list_locker_events (store, locker_id, 1);

  g_assert_cmpuint (events->len, ==, 1);
  return g_ptr_array_steal_index (events, 0);
}

static MrLockerDropoff *
dropoff_ok (MrStore *store, const char *package, const char *bank, const char *locker)
{
  g_autoptr (GError) error = NULL;
  MrLockerDropoff *out = NULL;

  if (!mr_locker_dropoff (store, package, bank, locker, &out, &error))
    g_error ("dropoff: %s", error->message);
  return out;
}

/* A drop-off dated @at (the mutation, without a pickup code). */
static void
dropoff_at (MrStore *store, const char *package, const char *locker, gint64 at)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "package_id", "s", package);
  g_variant_dict_insert (&d, "locker_id", "s", locker);
  g_variant_dict_insert (&d, "at", "x", at);
  g_free (mr_test_apply_ok (store, "locker.dropoff", &d));
}

/* The simulated controller, under a main loop */

typedef struct
{
  GArray *states; /* MrLockerDoorState, as signalled */
  GMainLoop *loop;
  guint wanted; /* quit the loop once this many signals came */
} Recorder;

static void
door_changed_cb (MrLockerController *controller,
                 const char *address,
                 const char *number,
                 MrLockerDoorState state,
                 Recorder *r)
{
  g_assert_cmpstr (address, ==, ADDRESS);
  g_assert_cmpstr (number, ==, "7");
  g_array_append_val (r->states, state);
  if (r->loop != NULL && r->states->len >= r->wanted)
    g_main_loop_quit (r->loop);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @r has @wanted signals, or @ms passed. */
static void
run_loop (Recorder *r, guint wanted, guint ms)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint timeout = g_timeout_add (ms, quit_cb, loop);

  r->loop = loop;
  r->wanted = wanted;
  if (r->states->len < wanted)
    g_main_loop_run (loop);
  r->loop = NULL;
  if (g_main_context_find_source_by_id (NULL, timeout) != NULL)
    g_source_remove (timeout);
}

static MrLockerDoorState
state_at (Recorder *r, guint i)
{
  g_assert_cmpuint (i, <, r->states->len);
  return g_array_index (r->states, MrLockerDoorState, i);
}

static void
test_sim_open_close (void)
{
  g_autoptr (MrLockerSimController) sim = mr_locker_sim_controller_new (30);
  MrLockerController *c = MR_LOCKER_CONTROLLER (sim);
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (MrLockerDoorState));
  g_autoptr (GError) error = NULL;
  Recorder r = { states, NULL, 0 };
  gint64 start;

  g_signal_connect (sim, "door-changed", G_CALLBACK (door_changed_cb), &r);
  g_assert_cmpint (mr_locker_controller_get_door_state (c, ADDRESS, "7"), ==,
                   MR_LOCKER_DOOR_CLOSED);

  /* Opens at once, closes by itself after the delay (not before). */
  start = g_get_monotonic_time ();
  g_assert_true (mr_locker_controller_open_door (c, ADDRESS, "7", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mr_locker_controller_get_door_state (c, ADDRESS, "7"), ==, MR_LOCKER_DOOR_OPEN);
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpint (state_at (&r, 0), ==, MR_LOCKER_DOOR_OPEN);
  run_loop (&r, 2, 5000);
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (state_at (&r, 1), ==, MR_LOCKER_DOOR_CLOSED);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);
  g_assert_cmpint (mr_locker_controller_get_door_state (c, ADDRESS, "7"), ==,
                   MR_LOCKER_DOOR_CLOSED);
  g_assert_cmpuint (mr_locker_sim_controller_get_n_opened (sim), ==, 1);

  /* Delay 0: the door stays open until told. */
  mr_locker_sim_controller_set_close_delay (sim, 0);
  g_assert_true (mr_locker_controller_open_door (c, ADDRESS, "7", NULL));
  run_loop (&r, 4, 100);
  g_assert_cmpuint (states->len, ==, 3);
  g_assert_cmpint (mr_locker_controller_get_door_state (c, ADDRESS, "7"), ==, MR_LOCKER_DOOR_OPEN);
  g_assert_true (mr_locker_sim_controller_close_door (sim, ADDRESS, "7"));
  g_assert_false (mr_locker_sim_controller_close_door (sim, ADDRESS, "7"));
  g_assert_cmpuint (states->len, ==, 4);
  g_assert_cmpint (state_at (&r, 3), ==, MR_LOCKER_DOOR_CLOSED);
  /* Other doors were never touched. */
  g_assert_cmpint (mr_locker_controller_get_door_state (c, ADDRESS, "8"), ==,
                   MR_LOCKER_DOOR_CLOSED);
}

static void
test_sim_left_open (void)
{
  g_autoptr (MrLockerSimController) sim = mr_locker_sim_controller_new (20);
  MrLockerController *c = MR_LOCKER_CONTROLLER (sim);
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (MrLockerDoorState));
  Recorder r = { states, NULL, 0 };

  g_signal_connect (sim, "door-changed", G_CALLBACK (door_changed_cb), &r);
  mr_locker_sim_controller_set_left_open (sim, ADDRESS, "7", TRUE);
  g_assert_true (mr_locker_controller_open_door (c, ADDRESS, "7", NULL));
  /* Well past the delay, it is still open. */
  run_loop (&r, 2, 150);
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpint (mr_locker_controller_get_door_state (c, ADDRESS, "7"), ==, MR_LOCKER_DOOR_OPEN);

  /* No longer left open: it closes after the delay. */
  mr_locker_sim_controller_set_left_open (sim, ADDRESS, "7", FALSE);
  run_loop (&r, 2, 5000);
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (state_at (&r, 1), ==, MR_LOCKER_DOOR_CLOSED);
}

static void
test_sim_jammed (void)
{
  g_autoptr (MrLockerSimController) sim = mr_locker_sim_controller_new (0);
  MrLockerController *c = MR_LOCKER_CONTROLLER (sim);
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (MrLockerDoorState));
  g_autoptr (GError) error = NULL;
  Recorder r = { states, NULL, 0 };

  g_signal_connect (sim, "door-changed", G_CALLBACK (door_changed_cb), &r);
  mr_locker_sim_controller_set_jammed (sim, ADDRESS, "7", TRUE);
  g_assert_false (mr_locker_controller_open_door (c, ADDRESS, "7", &error));
  g_assert_error (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_JAMMED);
  g_assert_nonnull (strstr (error->message, "Door 7"));
  g_clear_error (&error);
  g_assert_cmpint (mr_locker_controller_get_door_state (c, ADDRESS, "7"), ==,
                   MR_LOCKER_DOOR_JAMMED);
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpint (state_at (&r, 0), ==, MR_LOCKER_DOOR_JAMMED);

  /* Fixed: closed, and it opens again. */
  mr_locker_sim_controller_set_jammed (sim, ADDRESS, "7", FALSE);
  g_assert_cmpint (state_at (&r, 1), ==, MR_LOCKER_DOOR_CLOSED);
  g_assert_true (mr_locker_controller_open_door (c, ADDRESS, "7", NULL));
  g_assert_cmpint (state_at (&r, 2), ==, MR_LOCKER_DOOR_OPEN);
  g_assert_true (mr_locker_sim_controller_close_door (sim, ADDRESS, "7"));

  /* A controller that does not answer changes nothing. */
  mr_locker_sim_controller_set_unreachable (sim, ADDRESS, TRUE);
  g_assert_false (mr_locker_controller_open_door (c, ADDRESS, "7", &error));
  g_assert_error (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_UNREACHABLE);
  g_assert_cmpuint (states->len, ==, 4);
  g_assert_cmpint (mr_locker_controller_get_door_state (c, ADDRESS, "7"), ==,
                   MR_LOCKER_DOOR_CLOSED);
  mr_locker_sim_controller_set_unreachable (sim, ADDRESS, FALSE);
  g_assert_true (mr_locker_controller_open_door (c, ADDRESS, "7", NULL));
}

/* The controller and the store */

static void
test_controller_records (Fixture *f, gconstpointer data)
{
  g_autoptr (MrLockerSimController) sim = mr_locker_sim_controller_new (0);
  MrLockerController *c = MR_LOCKER_CONTROLLER (sim);
  g_autofree char *bank = make_bank (f->store, "Hall", ADDRESS, 60);
  g_autofree char *bare = make_bank (f->store, "Bare", NULL, 60);
  g_autofree char *d1 = door (f->store, bank, "1");
  g_autofree char *d2 = door (f->store, bank, "2");
  g_autofree char *b1 = door (f->store, bare, "1");
  g_autofree char *kinds = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLockerEvent) e = NULL;
  gint64 journal, before = now_ms ();

  /* Opened: one event with who, when, which door and why, through the
   * journal; the status does not change. */
  journal = mr_store_count_journal (f->store);
  g_assert_true (mr_locker_controller_open (c, f->store, d1, "pickup", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mr_locker_controller_get_locker_state (c, f->store, d1), ==,
                   MR_LOCKER_DOOR_OPEN);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal + 1);
  e = last_event (f->store, d1);
  g_assert_cmpstr (e->kind, ==, "door_open");
  g_assert_cmpstr (e->locker_id, ==, d1);
  g_assert_cmpstr (e->user_id, ==, "operator-1");
  g_assert_cmpstr (e->workstation_id, ==, mr_store_get_workstation_id (f->store));
  g_assert_cmpint (e->at, >=, before);
  g_assert_nonnull (strstr (e->data, "\"reason\":\"pickup\""));
  g_clear_pointer (&e, mr_locker_event_free);
  g_assert_cmpint (door_status (f->store, d1), ==, MR_LOCKER_AVAILABLE);

  /* Jammed: the controller's error, and the failure is journalled too. */
  mr_locker_sim_controller_set_jammed (sim, ADDRESS, "2", TRUE);
  g_assert_false (mr_locker_controller_open (c, f->store, d2, "remote", &error));
  g_assert_error (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_JAMMED);
  g_clear_error (&error);
  e = last_event (f->store, d2);
  g_assert_cmpstr (e->kind, ==, "door_jammed");
  g_assert_nonnull (strstr (e->data, "jammed"));
  g_clear_pointer (&e, mr_locker_event_free);

  /* Unreachable, too. */
  mr_locker_sim_controller_set_unreachable (sim, ADDRESS, TRUE);
  g_assert_false (mr_locker_controller_open (c, f->store, d1, NULL, &error));
  g_assert_error (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_UNREACHABLE);
  g_clear_error (&error);
  kinds = event_kinds (f->store, d1);
  g_assert_cmpstr (kinds, ==, "door_open,door_unreachable");
  mr_locker_sim_controller_set_unreachable (sim, ADDRESS, FALSE);

  /* No address, no such door: nothing is sent, nothing is recorded. */
  journal = mr_store_count_journal (f->store);
  g_assert_false (mr_locker_controller_open (c, f->store, b1, NULL, &error));
  g_assert_error (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_NO_ADDRESS);
  g_assert_nonnull (strstr (error->message, "Bare"));
  g_clear_error (&error);
  g_assert_false (mr_locker_controller_open (c, f->store, "no-such-door", NULL, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
  g_assert_cmpuint (mr_locker_sim_controller_get_n_opened (sim), ==, 2);

  /* The operator's remote opening: its own event, with the reason. */
  g_assert_true (mr_locker_open_remote (f->store, b1, "Forgotten keys", &error));
  g_assert_no_error (error);
  e = last_event (f->store, b1);
  g_assert_cmpstr (e->kind, ==, "remote_open");
  g_assert_nonnull (strstr (e->data, "Forgotten keys"));
  g_assert_cmpint (door_status (f->store, b1), ==, MR_LOCKER_AVAILABLE);
  g_assert_false (mr_locker_open_remote (f->store, "no-such-door", NULL, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (
    query_int (f->store, "SELECT count(*) FROM journal WHERE name = 'locker.open'", NULL), ==, 1);
}

static gboolean
has_event (gpointer data)
{
  gpointer *args = data;
  g_autofree char *kinds = event_kinds (args[0], args[1]);

  return strstr (kinds, args[2]) != NULL;
}

/* Runs the main loop until the door @locker_id has an event @kind. */
static gboolean
wait_for_event (MrStore *store, const char *locker_id, const char *kind, guint ms)
{
  gpointer args[] = { store, (gpointer) locker_id, (gpointer) kind };
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!has_event (args))
    {
      g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);

      if (g_get_monotonic_time () > end)
        return FALSE;
      g_timeout_add (5, quit_cb, loop);
      g_main_loop_run (loop);
    }
  return TRUE;
}

static void
test_controller_watch (Fixture *f, gconstpointer data)
{
  g_autoptr (MrLockerSimController) sim = mr_locker_sim_controller_new (20);
  MrLockerController *c = MR_LOCKER_CONTROLLER (sim);
  g_autofree char *bank = make_bank (f->store, "Hall", ADDRESS, 60);
  g_autofree char *d1 = door (f->store, bank, "1");
  g_autofree char *d2 = door (f->store, bank, "2");
  g_autofree char *kinds = NULL;
  g_autoptr (MrLockerDoorWatch) watch = mr_locker_door_watch_new (c, f->store, 200);

  /* Closes by itself: the close is journalled. */
  g_assert_true (mr_locker_controller_open (c, f->store, d1, "pickup", NULL));
  g_assert_true (wait_for_event (f->store, d1, "door_closed", 5000));
  kinds = event_kinds (f->store, d1);
  g_assert_cmpstr (kinds, ==, "door_open,door_closed");
  g_clear_pointer (&kinds, g_free);

  /* Left open: journalled once the watch's time has passed, and its
   * close later too. */
  mr_locker_sim_controller_set_left_open (sim, ADDRESS, "2", TRUE);
  g_assert_true (mr_locker_controller_open (c, f->store, d2, "pickup", NULL));
  g_assert_true (wait_for_event (f->store, d2, "door_left_open", 5000));
  g_assert_true (mr_locker_sim_controller_close_door (sim, ADDRESS, "2"));
  kinds = event_kinds (f->store, d2);
  g_assert_cmpstr (kinds, ==, "door_open,door_left_open,door_closed");
  g_clear_pointer (&kinds, g_free);

  /* A door that closes in time is not "left open". */
  mr_locker_sim_controller_set_left_open (sim, ADDRESS, "2", FALSE);
  g_assert_true (mr_locker_controller_open (c, f->store, d2, NULL, NULL));
  g_assert_true (mr_locker_sim_controller_close_door (sim, ADDRESS, "2"));
  {
    g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);

    g_timeout_add (300, quit_cb, loop);
    g_main_loop_run (loop);
  }
  kinds = event_kinds (f->store, d2);
  g_assert_cmpstr (kinds, ==, "door_open,door_left_open,door_closed,door_open,door_closed");
  g_clear_pointer (&kinds, g_free);

  /* Once freed, nothing more is journalled. */
  g_clear_pointer (&watch, mr_locker_door_watch_free);
  g_assert_true (mr_locker_controller_open (c, f->store, d1, NULL, NULL));
  g_assert_true (mr_locker_sim_controller_close_door (sim, ADDRESS, "1"));
  kinds = event_kinds (f->store, d1);
  g_assert_cmpstr (kinds, ==, "door_open,door_closed,door_open");
}

/* Empty */

static void
test_empty (Fixture *f, gconstpointer data)
{
  g_autofree char *bank = make_bank (f->store, "Hall", ADDRESS, 60);
  g_autofree char *d1 = door (f->store, bank, "1");
  g_autofree char *d2 = door (f->store, bank, "2");
  g_autofree char *d3 = door (f->store, bank, "3");
  g_autofree char *ann = add_contact (f->store, "Ann");
  g_autofree char *bob = add_contact (f->store, "Bob");
  g_autofree char *shelf = add_place (f->store, "Mailroom shelf");
  g_autofree char *p1 = receive (f->store, ann, NULL, 0);
  g_autofree char *p2 = receive (f->store, ann, NULL, 0);
  g_autofree char *p3 = receive (f->store, bob, NULL, 0);
  g_autofree char *p4 = receive (f->store, bob, NULL, 0);
  g_autofree char *text = NULL;
  g_autofree char *reservation = NULL;
  g_autoptr (MrLockerDropoff) o1 = dropoff_ok (f->store, p1, NULL, d1);
  g_autoptr (MrLockerDropoff) o2 = dropoff_ok (f->store, p2, NULL, d1);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLockerEvent) e = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  gint64 journal;
  guint n = 99;

  g_assert_cmpint (door_status (f->store, d1), ==, MR_LOCKER_OCCUPIED);
  /* A reservation ahead for Bob's second package, on door 3. */
  g_variant_dict_insert (&d, "kind", "s", "package");
  g_variant_dict_insert (&d, "package_id", "s", p4);
  g_variant_dict_insert (&d, "locker_id", "s", d3);
  reservation = mr_test_apply_ok (f->store, "locker.reserve", &d);

  /* Errors change nothing: an unknown place, an empty door, no door. */
  journal = mr_store_count_journal (f->store);
  g_assert_false (mr_locker_empty (f->store, d1, "no-such-place", &n, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "place_id");
  g_clear_error (&error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (mr_locker_empty (f->store, d2, NULL, &n, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Locker 2 is already empty"));
  g_clear_error (&error);
  g_assert_false (mr_locker_empty (f->store, "no-such-door", NULL, &n, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
  g_assert_cmpint (door_status (f->store, d1), ==, MR_LOCKER_OCCUPIED);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM package WHERE locker_id = ?", d1), ==,
                   2);

  /* Emptied: both packages leave (removed), the delivery closes, the door
   * is available again; one event per package and one for the door. */
  g_assert_true (mr_locker_empty (f->store, d1, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (door_status (f->store, d1), ==, MR_LOCKER_AVAILABLE);
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM package WHERE status = 'removed' AND "
                              "locker_id IS NULL AND recipient_id = ?",
                              ann),
                   ==, 2);
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM locker_delivery WHERE locker_id = ? AND "
                              "picked_up_at IS NULL",
                              d1),
                   ==, 0);
  text = event_kinds (f->store, d1);
  g_assert_cmpstr (text, ==, "in_locker,dropoff,in_locker,dropoff,removed,removed,emptied");
  g_clear_pointer (&text, g_free);
  e = last_event (f->store, d1);
  g_assert_nonnull (strstr (e->data, "\"packages\":2"));
  g_assert_cmpstr (e->user_id, ==, "operator-1");
  g_clear_pointer (&e, mr_locker_event_free);
  g_assert_false (mr_locker_empty (f->store, d1, NULL, NULL, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Moved to a place: at the place; a dedication stays; the reservation
   * for Bob's other package (not in this door) stays. */
  {
    g_auto (GVariantDict) ded = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&ded, "id", "s", d2);
    g_variant_dict_insert (&ded, "contact_id", "s", bob);
    g_free (mr_test_apply_ok (f->store, "locker.dedicate", &ded));
  }
  {
    g_autoptr (MrLockerDropoff) o3 = dropoff_ok (f->store, p3, NULL, d2);
  }
  g_assert_true (mr_locker_empty (f->store, d2, shelf, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  text =
    query_text (f->store, "SELECT place_id FROM package WHERE id = ? AND status = 'at_place'", p3);
  g_assert_cmpstr (text, ==, shelf);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (door_status (f->store, d2), ==, MR_LOCKER_RESERVED);
  text = query_text (f->store, "SELECT dedicated_contact_id FROM locker WHERE id = ?", d2);
  g_assert_cmpstr (text, ==, bob);
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT state FROM reservation WHERE id = ?", reservation);
  g_assert_cmpstr (text, ==, "active");
  g_clear_pointer (&text, g_free);

  /* Personal storage is what a door holds too: emptying it ends it. */
  {
    g_auto (GVariantDict) st = G_VARIANT_DICT_INIT (NULL);
    g_autofree char *storage = NULL;

    g_variant_dict_insert (&st, "kind", "s", "personal_storage");
    g_variant_dict_insert (&st, "contact_id", "s", ann);
    g_variant_dict_insert (&st, "locker_id", "s", d1);
    storage = mr_test_apply_ok (f->store, "locker.reserve", &st);
    g_assert_cmpint (door_status (f->store, d1), ==, MR_LOCKER_RESERVED);
    g_assert_true (mr_locker_empty (f->store, d1, NULL, &n, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 0);
    text = query_text (f->store, "SELECT state FROM reservation WHERE id = ?", storage);
    g_assert_cmpstr (text, ==, "ended");
    g_clear_pointer (&text, g_free);
    g_assert_cmpint (door_status (f->store, d1), ==, MR_LOCKER_AVAILABLE);
  }
  g_assert_cmpint (
    query_int (f->store, "SELECT count(*) FROM journal WHERE name = 'locker.empty'", NULL), ==, 3);
}

/* A package reserved for, but gone from the mailroom: its reservation ends. */
static void
test_empty_ends_reservation (Fixture *f, gconstpointer data)
{
  g_autofree char *bank = make_bank (f->store, "Hall", ADDRESS, 60);
  g_autofree char *d1 = door (f->store, bank, "1");
  g_autofree char *d3 = door (f->store, bank, "3");
  g_autofree char *ann = add_contact (f->store, "Ann");
  g_autofree char *p1 = receive (f->store, ann, NULL, 0);
  g_autofree char *reservation = NULL;
  g_autofree char *text = NULL;
  g_autoptr (MrLockerDropoff) o1 = dropoff_ok (f->store, p1, NULL, d1);
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GError) error = NULL;

  /* Door 3 reserved to move the package there later. */
  g_variant_dict_insert (&d, "kind", "s", "package");
  g_variant_dict_insert (&d, "package_id", "s", p1);
  g_variant_dict_insert (&d, "locker_id", "s", d3);
  reservation = mr_test_apply_ok (f->store, "locker.reserve", &d);
  g_assert_cmpint (door_status (f->store, d3), ==, MR_LOCKER_RESERVED);

  g_assert_true (mr_locker_empty (f->store, d1, NULL, NULL, &error));
  g_assert_no_error (error);
  text = query_text (f->store, "SELECT state FROM reservation WHERE id = ?", reservation);
  g_assert_cmpstr (text, ==, "ended");
  g_assert_cmpint (door_status (f->store, d3), ==, MR_LOCKER_AVAILABLE);
}

/* Reopen within the window */

static char *
pickup_at (MrStore *store, const char *bank, const char *delivery, gint64 at)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  const char *ids[] = { delivery, NULL };

  g_variant_dict_insert (&d, "bank_id", "s", bank);
  g_variant_dict_insert_value (&d, "delivery_ids", g_variant_new_strv (ids, -1));
  g_variant_dict_insert (&d, "via", "s", "operator");
  g_variant_dict_insert (&d, "at", "x", at);
  return mr_test_apply_ok (store, "locker.pickup", &d);
}

static void
reopen_at (MrStore *store, const char *locker, const char *via, gint64 at, GError **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "id", "s", locker);
  g_variant_dict_insert (&d, "via", "s", via);
  g_variant_dict_insert (&d, "at", "x", at);
  mr_store_apply (store, "locker.reopen", g_variant_dict_end (&d), NULL, error);
}

static void
test_reopen (Fixture *f, gconstpointer data)
{
  g_autofree char *bank = make_bank (f->store, "Hall", ADDRESS, 60);
  g_autofree char *d1 = door (f->store, bank, "1");
  g_autofree char *d2 = door (f->store, bank, "2");
  g_autofree char *d3 = door (f->store, bank, "3");
  g_autofree char *ann = add_contact (f->store, "Ann");
  g_autofree char *p1 = receive (f->store, ann, NULL, 0);
  g_autofree char *p3 = receive (f->store, ann, NULL, 0);
  g_autofree char *text = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr (MrLockerDropoff) o1 = dropoff_ok (f->store, p1, NULL, d1);
  g_autoptr (MrLockerPickup) picked = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLockerEvent) e = NULL;
  gint64 deadline, journal;

  /* Nothing picked up yet: nothing to reopen. */
  g_assert_cmpint (mr_locker_get_reopen_deadline (f->store, d1), ==, 0);
  g_assert_false (mr_locker_reopen (f->store, d1, o1->code, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nothing to reopen"));
  g_clear_error (&error);

  /* Just picked up: the code reopens the door, and so may the mailroom. */
  g_assert_true (mr_locker_pickup (f->store, bank, o1->code, NULL, &picked, &error));
  g_assert_no_error (error);
  deadline = mr_locker_get_reopen_deadline (f->store, d1);
  g_assert_cmpint (deadline, >, now_ms ());
  g_assert_cmpint (deadline, <=, now_ms () + 60 * 1000);
  g_assert_true (mr_locker_reopen (f->store, d1, o1->code, &error));
  g_assert_no_error (error);
  e = last_event (f->store, d1);
  g_assert_cmpstr (e->kind, ==, "reopened");
  g_assert_nonnull (strstr (e->data, "\"via\":\"code\""));
  g_assert_nonnull (strstr (e->data, o1->delivery_id));
  g_assert_cmpstr (e->user_id, ==, "operator-1");
  g_clear_pointer (&e, mr_locker_event_free);
  g_assert_true (mr_locker_reopen (f->store, d1, NULL, &error));
  g_assert_no_error (error);

  /* A wrong code is refused and counts as a wrong attempt. */
  wrong = g_strdup (strcmp (o1->code, "11111111") == 0 ? "22222222" : "11111111");
  journal = mr_store_count_journal (f->store);
  g_assert_false (mr_locker_reopen (f->store, d1, wrong, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, "code");
  g_clear_error (&error);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal + 1);
  g_assert_cmpint (
    query_int (f->store, "SELECT count(*) FROM locker_code_attempt WHERE result = 'wrong'", NULL),
    ==, 1);

  /* Used again since the pickup: refused. */
  {
    g_autoptr (MrLockerDropoff) again = dropoff_ok (f->store, p3, NULL, d1);

    g_assert_cmpint (mr_locker_get_reopen_deadline (f->store, d1), ==, 0);
    g_assert_false (mr_locker_reopen (f->store, d1, NULL, &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_IN_USE);
    g_assert_nonnull (strstr (error->message, "used again"));
    g_clear_error (&error);
  }

  /* The window's edge, with a pickup ten minutes ago: inside and at the
   * edge (60 s) it reopens; one millisecond later it does not, and says
   * what to do. */
  {
    g_autofree char *ben = add_contact (f->store, "Ben");
    g_autofree char *p2 = receive (f->store, ben, NULL, now_ms () - HOUR_MS);
    g_autofree char *delivery = NULL;
    gint64 t0 = now_ms () - 10 * MINUTE_MS;

    dropoff_at (f->store, p2, d2, t0 - MINUTE_MS);
    delivery = query_text (f->store, "SELECT id FROM locker_delivery WHERE locker_id = ?", d2);
    g_free (pickup_at (f->store, bank, delivery, t0));

    reopen_at (f->store, d2, "code", t0 + 30 * 1000, &error);
    g_assert_no_error (error);
    reopen_at (f->store, d2, "code", t0 + 60 * 1000, &error);
    g_assert_no_error (error);
    journal = mr_store_count_journal (f->store);
    reopen_at (f->store, d2, "code", t0 + 60 * 1000 + 1, &error);
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "has passed"));
    g_assert_nonnull (strstr (error->message, "60 seconds"));
    g_assert_nonnull (strstr (error->message, "Ask the mailroom"));
    g_clear_error (&error);
    reopen_at (f->store, d2, "operator", t0 + 60 * 1000 + 1, &error);
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "remotely"));
    g_clear_error (&error);
    g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
    /* Now (ten minutes on) too late as well, and the deadline says so. */
    g_assert_false (mr_locker_reopen (f->store, d2, NULL, &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (mr_locker_get_reopen_deadline (f->store, d2), ==, 0);
    text = event_kinds (f->store, d2);
    g_assert_cmpstr (text, ==, "in_locker,dropoff,picked_up,opened,reopened,reopened");
    g_clear_pointer (&text, g_free);

    /* A close reported after the pickup starts the window there. */
    {
      g_auto (GVariantDict) closed = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&closed, "id", "s", d2);
      g_variant_dict_insert (&closed, "state", "s", "closed");
      g_variant_dict_insert (&closed, "at", "x", t0 + 5 * MINUTE_MS);
      g_free (mr_test_apply_ok (f->store, "locker.door_state", &closed));
    }
    reopen_at (f->store, d2, "code", t0 + 5 * MINUTE_MS + 60 * 1000, &error);
    g_assert_no_error (error);
    reopen_at (f->store, d2, "code", t0 + 5 * MINUTE_MS + 60 * 1000 + 1, &error);
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
    g_clear_error (&error);
    /* Not before the pickup. */
    reopen_at (f->store, d2, "code", t0 - 1, &error);
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Out of service: refused. */
  {
    g_auto (GVariantDict) oos = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&oos, "id", "s", d2);
    g_variant_dict_insert (&oos, "out_of_service", "b", TRUE);
    g_free (mr_test_apply_ok (f->store, "locker.set_out_of_service", &oos));
    reopen_at (f->store, d2, "operator", now_ms (), &error);
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_IN_USE);
    g_clear_error (&error);
  }

  /* A bank that allows no reopening. */
  {
    g_autofree char *strict = make_bank (f->store, "Strict", "sim://strict", 0);
    g_autofree char *s1 = door (f->store, strict, "1");
    g_autofree char *p4 = receive (f->store, ann, NULL, 0);
    g_autoptr (MrLockerDropoff) o4 = dropoff_ok (f->store, p4, NULL, s1);
    g_autoptr (MrLockerPickup) picked4 = NULL;

    g_assert_true (mr_locker_pickup (f->store, strict, o4->code, NULL, &picked4, &error));
    g_assert_no_error (error);
    g_assert_false (mr_locker_reopen (f->store, s1, o4->code, &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "does not allow reopening"));
    g_clear_error (&error);
  }
  /* Door 3 was never used. */
  g_assert_cmpint (mr_locker_get_reopen_deadline (f->store, d3), ==, 0);
}

/* Expired packages: what to take out, then taking it out */

static void
test_expired (Fixture *f, gconstpointer data)
{
  g_autofree char *bank = make_bank (f->store, "Hall", ADDRESS, 60);
  g_autofree char *other = make_bank (f->store, "Annex", "sim://annex", 60);
  g_autofree char *d1 = door (f->store, bank, "1");
  g_autofree char *d2 = door (f->store, bank, "2");
  g_autofree char *d3 = door (f->store, bank, "3");
  g_autofree char *ann = add_contact (f->store, "Ann");
  g_autofree char *bob = add_contact (f->store, "Bob");
  g_autofree char *cat = add_contact (f->store, "Cat");
  gint64 t = now_ms () - 3 * HOUR_MS;
  g_autofree char *p1 = receive (f->store, ann, "1Z999AA10123456784", t);
  g_autofree char *p2 = receive (f->store, ann, NULL, t);
  g_autofree char *p3 = receive (f->store, bob, NULL, t);
  g_autofree char *p4 = receive (f->store, cat, NULL, 0);
  g_autofree char *shelf = add_place (f->store, "Mailroom shelf");
  g_autoptr (GPtrArray) doors = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  MrLockerExpiredDoor *door1;
  MrLockerExpiredPackage *pkg;
  guint n = 99;
  gint64 journal;

  /* Ann's two and Bob's one were put in two hours ago (the bank keeps
   * them one hour); Cat's just now. */
  dropoff_at (f->store, p1, d1, t + HOUR_MS);
  dropoff_at (f->store, p2, d1, t + HOUR_MS);
  dropoff_at (f->store, p3, d2, t + HOUR_MS);
  {
    g_autoptr (MrLockerDropoff) o4 = dropoff_ok (f->store, p4, NULL, d3);
  }
  doors = mr_store_list_expired_doors (f->store, NULL);
  g_assert_cmpuint (doors->len, ==, 0);
  g_clear_pointer (&doors, g_ptr_array_unref);
  g_assert_true (mr_locker_expire_due (f->store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  doors = mr_store_list_expired_doors (f->store, NULL);
  g_assert_cmpuint (doors->len, ==, 2);
  door1 = g_ptr_array_index (doors, 0);
  g_assert_cmpstr (door1->number, ==, "1");
  g_assert_cmpstr (door1->locker_id, ==, d1);
  g_assert_cmpstr (door1->bank_id, ==, bank);
  g_assert_cmpstr (door1->bank_name, ==, "Hall");
  g_assert_cmpuint (door1->packages->len, ==, 2);
  g_assert_cmpint (door1->expired_ms, >, t);
  pkg = g_ptr_array_index (door1->packages, 0);
  g_assert_cmpstr (pkg->tracking_number, ==, "1Z999AA10123456784");
  g_assert_cmpstr (pkg->recipient, ==, "Ann Test");
  g_assert_nonnull (pkg->internal_id);
  g_assert_cmpint (pkg->expired_ms, >, t);
  pkg = g_ptr_array_index (door1->packages, 1);
  g_assert_null (pkg->tracking_number);
  g_assert_cmpstr (((MrLockerExpiredDoor *) g_ptr_array_index (doors, 1))->number, ==, "2");
  g_clear_pointer (&doors, g_ptr_array_unref);
  doors = mr_store_list_expired_doors (f->store, other);
  g_assert_cmpuint (doors->len, ==, 0);
  g_clear_pointer (&doors, g_ptr_array_unref);

  /* Errors change nothing. */
  journal = mr_store_count_journal (f->store);
  g_assert_false (mr_locker_remove_expired (f->store, "no-such-bank", NULL, &n, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mr_locker_remove_expired (f->store, bank, "no-such-place", &n, &error));
  g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
    const char *stale[] = { p1, p4, NULL };

    g_variant_dict_insert_value (&d, "package_ids", g_variant_new_strv (stale, -1));
    apply_fails (f->store, "locker.remove_expired", &d, MR_STORE_ERROR_INVALID, "package_ids");
  }
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
  g_assert_cmpint (door_status (f->store, d1), ==, MR_LOCKER_EXPIRED);

  /* Another bank: nothing there, nothing journalled. */
  g_assert_true (mr_locker_remove_expired (f->store, other, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);

  /* Taken out to the shelf, in one step: Cat's stays. */
  g_assert_true (mr_locker_remove_expired (f->store, bank, shelf, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal + 1);
  g_assert_cmpint (door_status (f->store, d1), ==, MR_LOCKER_AVAILABLE);
  g_assert_cmpint (door_status (f->store, d2), ==, MR_LOCKER_AVAILABLE);
  g_assert_cmpint (door_status (f->store, d3), ==, MR_LOCKER_OCCUPIED);
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM package WHERE status = 'at_place' AND "
                              "locker_id IS NULL AND place_id = ?",
                              shelf),
                   ==, 3);
  text = event_kinds (f->store, d1);
  g_assert_true (g_str_has_suffix (text, "moved,moved,expired_removed"));
  g_clear_pointer (&text, g_free);
  {
    g_autoptr (MrLockerEvent) e = last_event (f->store, d2);

    g_assert_cmpstr (e->kind, ==, "expired_removed");
    g_assert_nonnull (strstr (e->data, "\"packages\":1"));
  }
  doors = mr_store_list_expired_doors (f->store, NULL);
  g_assert_cmpuint (doors->len, ==, 0);
  g_assert_true (mr_locker_remove_expired (f->store, NULL, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal + 1);
}

/* A package enters a locker only through the drop-off */

static void
test_in_locker_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *bank = make_bank (f->store, "Hall", ADDRESS, 60);
  g_autofree char *d1 = door (f->store, bank, "1");
  g_autofree char *d2 = door (f->store, bank, "2");
  g_autofree char *ann = add_contact (f->store, "Ann");
  g_autofree char *bob = add_contact (f->store, "Bob");
  g_autofree char *p1 = receive (f->store, ann, NULL, 0);
  g_autofree char *p2 = receive (f->store, bob, NULL, 0);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  /* Straight into a free door, or an out-of-service one: refused alike,
   * pointing to the drop-off. */
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "package_id", "s", p1);
    g_variant_dict_insert (&d, "kind", "s", "in_locker");
    g_variant_dict_insert (&d, "locker_id", "s", d1);
    g_assert_false (
      mr_store_apply (f->store, "package.event", g_variant_dict_end (&d), NULL, &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
    g_assert_cmpstr (mr_store_error_get_field (error), ==, "kind");
    g_assert_nonnull (strstr (error->message, "drop-off"));
    g_clear_error (&error);
  }
  {
    g_auto (GVariantDict) oos = G_VARIANT_DICT_INIT (NULL);
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&oos, "id", "s", d2);
    g_variant_dict_insert (&oos, "out_of_service", "b", TRUE);
    g_free (mr_test_apply_ok (f->store, "locker.set_out_of_service", &oos));
    g_variant_dict_insert (&d, "package_id", "s", p1);
    g_variant_dict_insert (&d, "kind", "s", "in_locker");
    g_variant_dict_insert (&d, "locker_id", "s", d2);
    apply_fails (f->store, "package.event", &d, MR_STORE_ERROR_INVALID, "kind");
  }
  text = query_text (f->store, "SELECT status FROM package WHERE id = ?", p1);
  g_assert_cmpstr (text, ==, "received");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (door_status (f->store, d1), ==, MR_LOCKER_AVAILABLE);

  /* The drop-off still works, and still refuses double booking and a
   * door out of service. */
  {
    g_autoptr (MrLockerDropoff) o1 = dropoff_ok (f->store, p1, NULL, d1);
    g_autoptr (MrLockerDropoff) o2 = NULL;

    g_assert_false (mr_locker_dropoff (f->store, p2, NULL, d1, &o2, &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_IN_USE);
    g_assert_cmpstr (mr_store_error_get_field (error), ==, "locker_id");
    g_clear_error (&error);
    g_assert_false (mr_locker_dropoff (f->store, p2, NULL, d2, &o2, &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_IN_USE);
    g_assert_nonnull (strstr (error->message, "out of service"));
    g_clear_error (&error);
  }
  text = query_text (f->store,
                     "SELECT locker_id FROM package WHERE id = ? AND status = 'in_locker'", p1);
  g_assert_cmpstr (text, ==, d1);
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT status FROM package WHERE id = ?", p2);
  g_assert_cmpstr (text, ==, "received");
  /* Other events still go through package.event. */
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "package_id", "s", p1);
    g_variant_dict_insert (&d, "kind", "s", "notified");
    g_free (mr_test_apply_ok (f->store, "package.event", &d));
  }
}

/* The door state mutation refuses what it does not know. */
static void
test_door_state_args (Fixture *f, gconstpointer data)
{
  g_autofree char *bank = make_bank (f->store, "Hall", ADDRESS, 60);
  g_autofree char *d1 = door (f->store, bank, "1");
  g_autofree char *long_reason = g_strnfill (501, 'x');
  g_auto (GVariantDict) a = G_VARIANT_DICT_INIT (NULL);
  g_auto (GVariantDict) b = G_VARIANT_DICT_INIT (NULL);
  g_auto (GVariantDict) c = G_VARIANT_DICT_INIT (NULL);
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&a, "id", "s", d1);
  g_variant_dict_insert (&a, "state", "s", "ajar");
  apply_fails (f->store, "locker.door_state", &a, MR_STORE_ERROR_INVALID, "state");
  g_variant_dict_insert (&b, "id", "s", d1);
  apply_fails (f->store, "locker.door_state", &b, MR_STORE_ERROR_REQUIRED, "state");
  g_variant_dict_insert (&c, "id", "s", d1);
  g_variant_dict_insert (&c, "reason", "s", long_reason);
  apply_fails (f->store, "locker.open", &c, MR_STORE_ERROR_INVALID, "reason");
  g_variant_dict_insert (&d, "id", "s", d1);
  g_variant_dict_insert (&d, "at", "x", now_ms () + 24 * HOUR_MS);
  apply_fails (f->store, "locker.open", &d, MR_STORE_ERROR_INVALID, "at");
  g_assert_cmpint (
    query_int (f->store, "SELECT count(*) FROM locker_event WHERE locker_id = ?", d1), ==, 0);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/locker-doors/sim/open-close", test_sim_open_close);
  g_test_add_func ("/locker-doors/sim/left-open", test_sim_left_open);
  g_test_add_func ("/locker-doors/sim/jammed", test_sim_jammed);
  ADD ("/locker-doors/controller/records", test_controller_records);
  ADD ("/locker-doors/controller/watch", test_controller_watch);
  ADD ("/locker-doors/empty", test_empty);
  ADD ("/locker-doors/empty-ends-reservation", test_empty_ends_reservation);
  ADD ("/locker-doors/reopen", test_reopen);
  ADD ("/locker-doors/expired", test_expired);
  ADD ("/locker-doors/in-locker-refused", test_in_locker_refused);
  ADD ("/locker-doors/door-state-args", test_door_state_args);
#undef ADD

  return g_test_run ();
}
