/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "mr-label-job.h"
#include "mr-label-layout.h"
#include "mr-label-stock.h"
#include "mr-lockers.h"
#include "mr-package-list.h"
#include "mr-packages.h"
#include "mr-store.h"
#include "../mr-test-store.h"

/* Receiving and the chain of custody, each rule with a case that breaks
 * it: the state machine (every status against every kind of event, then
 * through the store), who/when/where/before on every event, carrier
 * recognition, duplicates, internal IDs and the label of a package that
 * came without one, bags, handover rules and proof, and the lazy lists
 * with their filters, paging and query plans. */

#define HOUR_MS ((gint64) 3600 * 1000)
#define DAY_MS (24 * HOUR_MS)

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

  f->dir = g_dir_make_tmp ("mr-packages-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static GError *
apply_error (MrStore *store, const char *name, GVariantDict *d)
{
  GError *error = NULL;

  g_assert_false (mr_store_apply (store, name, g_variant_dict_end (d), NULL, &error));
  g_assert_nonnull (error);
  return error;
}

static void
apply_fails (MrStore *store, const char *name, GVariantDict *d, int code, const char *field)
{
  g_autoptr (GError) error = apply_error (store, name, d);

  g_assert_error (error, MR_STORE_ERROR, code);
  g_assert_cmpstr (mr_store_error_get_field (error), ==, field);
}

static char *
add_contact (Fixture *f, const char *first, const char *last, const char *department)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "first_name", "s", first);
  g_variant_dict_insert (&d, "last_name", "s", last);
  if (department != NULL)
    g_variant_dict_insert (&d, "department_id", "s", department);
  return mr_test_apply_ok (f->store, "contact.create", &d);
}

static char *
add_department (Fixture *f, const char *name, const char *key_contact)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "name", "s", name);
  if (key_contact != NULL)
    g_variant_dict_insert (&d, "key_contact_id", "s", key_contact);
  return mr_test_apply_ok (f->store, "department.create", &d);
}

static void
set_key_contact (Fixture *f, const char *department, const char *contact)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "id", "s", department);
  g_variant_dict_insert (&d, "key_contact_id", "s", contact);
  g_free (mr_test_apply_ok (f->store, "department.set_key_contact", &d));
}

static char *
add_place (Fixture *f, const char *kind, const char *name, const char *parent)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "kind", "s", kind);
  g_variant_dict_insert (&d, "name", "s", name);
  if (parent != NULL)
    g_variant_dict_insert (&d, "parent_id", "s", parent);
  return mr_test_apply_ok (f->store, "place.create", &d);
}

typedef struct
{
  const char *tracking;
  const char *carrier;
  const char *recipient;
  const char *department;
  const char *place;
  gint64 at;
} Receipt;

static char *
receive (Fixture *f, const Receipt *r)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  if (r->tracking != NULL)
    g_variant_dict_insert (&d, "tracking_number", "s", r->tracking);
  if (r->carrier != NULL)
    g_variant_dict_insert (&d, "carrier", "s", r->carrier);
  if (r->recipient != NULL)
    g_variant_dict_insert (&d, "recipient_id", "s", r->recipient);
  if (r->department != NULL)
    g_variant_dict_insert (&d, "department_id", "s", r->department);
  if (r->place != NULL)
    g_variant_dict_insert (&d, "place_id", "s", r->place);
  if (r->at > 0)
    g_variant_dict_insert (&d, "at", "x", r->at);
  return mr_test_apply_ok (f->store, "package.receive", &d);
}

static GVariantDict *
event_args (const char *package, const char *kind)
{
  GVariantDict *d = g_variant_dict_new (NULL);

  g_variant_dict_insert (d, "package_id", "s", package);
  g_variant_dict_insert (d, "kind", "s", kind);
  return d;
}

static gboolean
try_event (Fixture *f,
           const char *package,
           const char *kind,
           const char *place,
           const char *handed_to,
           GError **error)
{
  g_autoptr (GVariantDict) d = event_args (package, kind);

  if (place != NULL)
    g_variant_dict_insert (d, "place_id", "s", place);
  if (handed_to != NULL)
    g_variant_dict_insert (d, "handed_to_id", "s", handed_to);
  return mr_store_apply (f->store, "package.event", g_variant_dict_end (d), NULL, error);
}

static void
event_ok (Fixture *f, const char *package, const char *kind, const char *place)
{
  g_autoptr (GError) error = NULL;

  if (!try_event (f, package, kind, place, NULL, &error))
    g_error ("%s: %s", kind, error->message);
}

static MrPackageStatus
status_of (Fixture *f, const char *id)
{
  g_autoptr (MrPackage) p = mr_store_get_package (f->store, id);

  g_assert_nonnull (p);
  return mr_package_get_status (p);
}

/* The state machine, on its own */

/* What the issue asks, written out independently of the core's table. */
static gboolean
expected_allowed (MrPackageStatus s, gboolean in_locker, const char *kind)
{
  gboolean gone = s == MR_PACKAGE_PICKED_UP || s == MR_PACKAGE_RETURNED || s == MR_PACKAGE_REMOVED;

  if (gone || strcmp (kind, "received") == 0)
    return FALSE;
  if (strcmp (kind, "moved") == 0 || strcmp (kind, "picked_up") == 0 ||
      strcmp (kind, "returned") == 0 || strcmp (kind, "removed") == 0)
    return TRUE;
  if (strcmp (kind, "in_locker") == 0)
    return !in_locker && s != MR_PACKAGE_IN_LOCKER;
  if (strcmp (kind, "notified") == 0)
    return s == MR_PACKAGE_RECEIVED || s == MR_PACKAGE_AT_PLACE || s == MR_PACKAGE_IN_LOCKER;
  if (strcmp (kind, "reminded") == 0)
    return s == MR_PACKAGE_NOTIFIED;
  if (strcmp (kind, "expired") == 0)
    return s != MR_PACKAGE_EXPIRED;
  g_assert_not_reached ();
}

static void
test_state_machine_table (void)
{
  const char *const *kinds = mr_package_event_kinds ();
  guint allowed = 0, refused = 0;

  g_assert_cmpuint (g_strv_length ((GStrv) kinds), ==, 9);
  for (guint s = 0; s < MR_PACKAGE_N_STATUSES; s++)
    for (int in_locker = 0; in_locker < 2; in_locker++)
      for (guint k = 0; kinds[k]; k++)
        {
          g_autoptr (GError) error = NULL;
          gboolean ok = mr_package_check_event ((MrPackageStatus) s, in_locker, kinds[k], &error);
          gboolean expected = expected_allowed ((MrPackageStatus) s, in_locker, kinds[k]);

          if (ok != expected)
            g_error ("%s (%s) → %s: %s, expected %s", mr_package_status_to_string (s),
                     in_locker ? "in a locker" : "not in a locker", kinds[k],
                     ok ? "allowed" : "refused", expected ? "allowed" : "refused");
          if (ok)
            {
              g_assert_no_error (error);
              allowed++;
            }
          else
            {
              /* Every refusal says why, about the kind of event. */
              g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
              g_assert_cmpstr (mr_store_error_get_field (error), ==, "kind");
              g_assert_cmpuint (strlen (error->message), >, 20);
              refused++;
            }
        }
  g_assert_cmpuint (allowed, >, 40);
  g_assert_cmpuint (refused, >, 40);

  /* The messages name the situation. */
  {
    g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;

    g_assert_false (mr_package_check_event (MR_PACKAGE_PICKED_UP, FALSE, "in_locker", &e1));
    g_assert_nonnull (strstr (e1->message, "left the mailroom"));
    g_assert_false (mr_package_check_event (MR_PACKAGE_NOTIFIED, FALSE, "notified", &e2));
    g_assert_nonnull (strstr (e2->message, "reminder"));
    g_assert_false (mr_package_check_event (MR_PACKAGE_NOTIFIED, TRUE, "in_locker", &e3));
    g_assert_nonnull (strstr (e3->message, "already in a locker"));
    g_assert_false (mr_package_check_event (MR_PACKAGE_RECEIVED, FALSE, "lost", &e4));
    g_assert_nonnull (strstr (e4->message, "lost"));
  }

  /* Names and labels round-trip. */
  for (guint s = 0; s < MR_PACKAGE_N_STATUSES; s++)
    {
      MrPackageStatus back;

      g_assert_true (mr_package_status_from_string (mr_package_status_to_string (s), &back));
      g_assert_cmpuint (back, ==, s);
      g_assert_nonnull (mr_package_status_get_label (s));
    }
  for (guint k = 0; kinds[k]; k++)
    g_assert_nonnull (mr_package_event_kind_get_label (kinds[k]));
  g_assert_null (mr_package_event_kind_get_label ("lost"));
}

/* The state machine through the store: a package in each status, then
 * every kind of event on it. */

typedef struct
{
  Fixture *f;
  char *ada;
  char *place;
  char *bank;
} World;

static void
world_init (World *w, Fixture *f)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  w->f = f;
  w->ada = add_contact (f, "Ada", "Lovelace", NULL);
  w->place = add_place (f, "site", "HQ", NULL);
  g_variant_dict_insert (&d, "name", "s", "Hall");
  g_variant_dict_insert (&d, "layout", "s",
                         "{\"columns\": [{\"doors\": [\"M\",\"M\",\"M\",\"M\",\"M\",\"M\"]},"
                         "{\"doors\": [\"M\",\"M\",\"M\",\"M\",\"M\",\"M\"]}]}");
  w->bank = mr_test_apply_ok (f->store, "locker_bank.create", &d);
}

static void
world_clear (World *w)
{
  g_free (w->ada);
  g_free (w->place);
  g_free (w->bank);
}

static gboolean
try_dropoff (World *w, const char *package, GError **error)
{
  g_autoptr (MrLockerDropoff) out = NULL;

  return mr_locker_dropoff (w->f->store, package, w->bank, NULL, &out, error);
}

/* A package brought to a status along a path of events. */
static char *
package_in (World *w, const char *path)
{
  Receipt r = { .recipient = w->ada, .place = w->place };
  g_auto (GStrv) steps = g_strsplit (path, " ", -1);
  char *id = receive (w->f, &r);

  for (guint i = 0; steps[i] && *steps[i]; i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean ok;

      if (strcmp (steps[i], "in_locker") == 0)
        ok = try_dropoff (w, id, &error);
      else
        ok = try_event (w->f, id, steps[i], w->place,
                        strcmp (steps[i], "picked_up") == 0 ? w->ada : NULL, &error);
      if (!ok)
        g_error ("%s: step %s: %s", path, steps[i], error->message);
    }
  return id;
}

static void
test_state_machine_store (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *path;
    MrPackageStatus status;
    gboolean in_locker;
  } starts[] = {
    { "", MR_PACKAGE_RECEIVED, FALSE },
    { "moved", MR_PACKAGE_AT_PLACE, FALSE },
    { "notified", MR_PACKAGE_NOTIFIED, FALSE },
    { "expired", MR_PACKAGE_EXPIRED, FALSE },
    { "in_locker", MR_PACKAGE_IN_LOCKER, TRUE },
    { "in_locker notified", MR_PACKAGE_NOTIFIED, TRUE },
    { "in_locker expired", MR_PACKAGE_EXPIRED, TRUE },
    { "picked_up", MR_PACKAGE_PICKED_UP, FALSE },
    { "returned", MR_PACKAGE_RETURNED, FALSE },
    { "removed", MR_PACKAGE_REMOVED, FALSE },
  };
  const char *const *kinds = mr_package_event_kinds ();
  World w = { 0 };

  world_init (&w, f);
  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    for (guint k = 0; kinds[k]; k++)
      {
        g_autofree char *id = package_in (&w, starts[s].path);
        g_autoptr (GError) error = NULL;
        g_autofree char *before = NULL;
        gboolean expected = expected_allowed (starts[s].status, starts[s].in_locker, kinds[k]);
        gboolean ok;

        g_assert_cmpuint (status_of (f, id), ==, starts[s].status);
        if (strcmp (kinds[k], "in_locker") == 0)
          ok = try_dropoff (&w, id, &error);
        else
          ok = try_event (f, id, kinds[k], w.place,
                          strcmp (kinds[k], "picked_up") == 0 ? w.ada : NULL, &error);
        if (ok != expected)
          g_error ("“%s” then %s: %s, expected %s (%s)", starts[s].path, kinds[k],
                   ok ? "allowed" : "refused", expected ? "allowed" : "refused",
                   error ? error->message : "");
        if (!ok)
          {
            /* Refused: nothing changed. */
            g_assert_cmpuint (status_of (f, id), ==, starts[s].status);
            continue;
          }
        /* Allowed: the new status, and the event remembers the one before. */
        {
          g_autoptr (GPtrArray) events = mr_store_list_package_events (f->store, id);
          MrPackageEvent *last = g_ptr_array_index (events, events->len - 1);
          MrPackageStatus after;

          g_assert_cmpstr (last->kind, ==, kinds[k]);
          g_assert_cmpstr (last->previous_status, ==,
                           mr_package_status_to_string (starts[s].status));
          g_assert_true (mr_package_status_from_string (last->status, &after));
          g_assert_cmpuint (status_of (f, id), ==, after);
        }
      }

  /* The example of the issue: a package picked up cannot go into a
   * locker, by the drop-off or by a bare event. */
  {
    g_autofree char *id = package_in (&w, "picked_up");
    g_autoptr (GError) error = NULL;
    g_autoptr (GVariantDict) d = event_args (id, "in_locker");

    g_assert_false (try_dropoff (&w, id, &error));
    g_assert_nonnull (error);
    apply_fails (f->store, "package.event", d, MR_STORE_ERROR_INVALID, "kind");
    g_assert_cmpuint (status_of (f, id), ==, MR_PACKAGE_PICKED_UP);
  }
  world_clear (&w);
}

/* Every event says who, when, where and what came before. */
static void
test_event_fields (Fixture *f, gconstpointer data)
{
  g_autofree char *ada = add_contact (f, "Ada", "Lovelace", NULL);
  g_autofree char *desk = add_place (f, "site", "Mailroom", NULL);
  g_autofree char *stop = add_place (f, "building", "Annex", desk);
  gint64 t0 = now_ms () - 2 * HOUR_MS;
  Receipt r = {
    .tracking = "ABC 123", .carrier = "Local", .recipient = ada, .place = desk, .at = t0
  };
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) events = NULL;
  MrPackageEvent *e;

  mr_store_set_user_id (f->store, "clerk-1");
  id = receive (f, &r);
  mr_store_set_user_id (f->store, "clerk-2");
  event_ok (f, id, "notified", NULL);
  event_ok (f, id, "moved", stop);
  events = mr_store_list_package_events (f->store, id);
  g_assert_cmpuint (events->len, ==, 3);

  e = g_ptr_array_index (events, 0);
  g_assert_cmpstr (e->kind, ==, "received");
  g_assert_cmpint (e->at, ==, t0);
  g_assert_cmpstr (e->user_id, ==, "clerk-1");
  g_assert_cmpstr (e->workstation_id, ==, mr_store_get_workstation_id (f->store));
  g_assert_cmpstr (e->place_id, ==, desk);
  g_assert_null (e->previous_status);

  /* An event that names no place happened where the package was. */
  e = g_ptr_array_index (events, 1);
  g_assert_cmpstr (e->kind, ==, "notified");
  g_assert_cmpstr (e->user_id, ==, "clerk-2");
  g_assert_cmpstr (e->place_id, ==, desk);
  g_assert_cmpstr (e->place_name, ==, "Mailroom");
  g_assert_cmpstr (e->previous_status, ==, "received");
  g_assert_cmpint (e->at, >=, now_ms () - 60000);

  e = g_ptr_array_index (events, 2);
  g_assert_cmpstr (e->kind, ==, "moved");
  g_assert_cmpstr (e->place_id, ==, stop);
  g_assert_cmpstr (e->previous_status, ==, "notified");
  g_assert_cmpstr (e->status, ==, "at_place");

  /* Not before the receipt, not in the future. */
  {
    g_autoptr (GVariantDict) d = event_args (id, "removed");

    g_variant_dict_insert (d, "at", "x", t0 - 1);
    apply_fails (f->store, "package.event", d, MR_STORE_ERROR_INVALID, "at");
  }
  {
    g_autoptr (GVariantDict) d = event_args (id, "removed");

    g_variant_dict_insert (d, "at", "x", now_ms () + DAY_MS);
    apply_fails (f->store, "package.event", d, MR_STORE_ERROR_INVALID, "at");
  }
}

/* Receiving: carrier recognition, unknown numbers, duplicates, internal IDs */

static char *
journal_arg (Fixture *f, const char *entity_id, const char *key)
{
  g_autoptr (GPtrArray) history = mr_store_list_history (f->store, entity_id, 1);
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *args;
  JsonObject *o;

  g_assert_cmpuint (history->len, ==, 1);
  g_assert_true (g_variant_lookup (g_ptr_array_index (history, 0), "args", "&s", &args));
  g_assert_true (json_parser_load_from_data (parser, args, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  return g_strdup (json_object_get_string_member_with_default (o, key, NULL));
}

static void
test_receive_carrier (Fixture *f, gconstpointer data)
{
  Receipt ups = { .tracking = "1z 999 aa1 01 2345 6784" };
  Receipt chosen = { .tracking = "1Z999AA10123456784", .carrier = "Local courier" };
  Receipt unknown = { .tracking = "HELLO-12345" };
  Receipt corrupt = { .tracking = "1Z999AA10123456785" };
  g_autofree char *a = receive (f, &ups);
  g_autofree char *b = receive (f, &chosen);
  g_autofree char *c = receive (f, &unknown);
  g_autofree char *d = receive (f, &corrupt);
  g_autoptr (MrPackage) pa = mr_store_get_package (f->store, a);
  g_autoptr (MrPackage) pb = mr_store_get_package (f->store, b);
  g_autoptr (MrPackage) pc = mr_store_get_package (f->store, c);
  g_autoptr (MrPackage) pd = mr_store_get_package (f->store, d);
  g_autofree char *journalled = journal_arg (f, a, "carrier");

  /* Recognised from the number, normalised, and journalled for replay. */
  g_assert_cmpstr (mr_package_get_tracking_number (pa), ==, "1Z999AA10123456784");
  g_assert_cmpstr (mr_package_get_carrier (pa), ==, "UPS");
  g_assert_cmpstr (mr_package_get_service (pa), ==, "UPS United States Next Day Air (Red)");
  g_assert_cmpstr (journalled, ==, "UPS");
  /* The clerk's choice wins. */
  g_assert_cmpstr (mr_package_get_carrier (pb), ==, "Local courier");
  /* Unknown, or a check digit that fails: accepted, carrier unknown. */
  g_assert_null (mr_package_get_carrier (pc));
  g_assert_cmpuint (mr_package_get_status (pc), ==, MR_PACKAGE_RECEIVED);
  g_assert_null (mr_package_get_carrier (pd));
}

static void
test_receive_duplicates (Fixture *f, gconstpointer data)
{
  gint64 t = now_ms () - 3 * DAY_MS;
  Receipt r1 = { .tracking = "1Z999AA10123456784", .at = t };
  Receipt r2 = { .tracking = "1z999aa10123456784", .at = t + DAY_MS };
  Receipt r3 = { .tracking = "1Z999AA10123456784", .at = t + 2 * DAY_MS };
  Receipt other = { .tracking = "K1234567895", .at = t };
  g_autofree char *p1 = receive (f, &r1);
  g_autofree char *p2 = receive (f, &r2);
  g_autofree char *p3 = receive (f, &r3);
  g_autofree char *p4 = receive (f, &other);
  g_autoptr (MrPackage) a = mr_store_get_package (f->store, p1);
  g_autoptr (MrPackage) b = mr_store_get_package (f->store, p2);
  g_autoptr (MrPackage) c = mr_store_get_package (f->store, p3);
  g_autoptr (MrPackage) d = mr_store_get_package (f->store, p4);
  g_autofree char *found = NULL;

  /* Never refused, always flagged with the latest earlier one. */
  g_assert_null (mr_package_get_duplicate_of (a));
  g_assert_cmpstr (mr_package_get_duplicate_of (b), ==, p1);
  g_assert_cmpstr (mr_package_get_duplicate_of (c), ==, p2);
  g_assert_cmpstr (mr_package_get_duplicate_internal_id (c), ==, mr_package_get_internal_id (b));
  g_assert_cmpint (mr_package_get_duplicate_received_at (c), ==, t + DAY_MS);
  g_assert_null (mr_package_get_duplicate_of (d));
  /* Looking the number up finds the latest. */
  found = mr_store_find_package (f->store, "1z999 aa1 0123456784");
  g_assert_cmpstr (found, ==, p3);

  /* A corrected number is checked again. */
  {
    g_auto (GVariantDict) v = G_VARIANT_DICT_INIT (NULL);
    g_autoptr (MrPackage) after = NULL;

    g_variant_dict_insert (&v, "id", "s", p4);
    g_variant_dict_insert (&v, "tracking_number", "s", "1Z999AA10123456784");
    g_free (mr_test_apply_ok (f->store, "package.set", &v));
    after = mr_store_get_package (f->store, p4);
    g_assert_nonnull (mr_package_get_duplicate_of (after));
    g_assert_cmpstr (mr_package_get_carrier (after), ==, "UPS");
  }
}

static void
test_receive_label (Fixture *f, gconstpointer data)
{
  g_autofree char *ada = add_contact (f, "Ada", "Lovelace", NULL);
  Receipt bare = { .recipient = ada };
  Receipt labelled = { .tracking = "1Z999AA10123456784", .recipient = ada };
  g_autofree char *id = receive (f, &bare);
  g_autofree char *other = receive (f, &labelled);
  g_autoptr (MrPackage) p = mr_store_get_package (f->store, id);
  g_autoptr (MrPackage) q = mr_store_get_package (f->store, other);
  g_autoptr (GHashTable) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLabelLayout) layout = NULL;
  g_autoptr (MrLabelStock) stock = NULL;
  g_autoptr (MrLabelJob) job = NULL;
  g_autofree char *png = g_build_filename (f->dir, "label.png", NULL);
  g_autofree char *found = NULL;
  const char *iid = mr_package_get_internal_id (p);

  /* An internal ID for every package: "MR-" and 12 characters of
   * Crockford's base32. */
  g_assert_true (g_str_has_prefix (iid, "MR-"));
  g_assert_cmpuint (strlen (iid), ==, 15);
  for (const char *c = iid + 3; *c; c++)
    g_assert_nonnull (strchr ("0123456789ABCDEFGHJKMNPQRSTVWXYZ", *c));
  g_assert_cmpstr (iid, !=, mr_package_get_internal_id (q));
  found = mr_store_find_package (f->store, iid);
  g_assert_cmpstr (found, ==, id);

  /* Without a tracking number it needs a label; the labels code prints
   * it from the package's record, with the internal ID on it. */
  g_assert_true (mr_package_needs_label (p));
  g_assert_false (mr_package_needs_label (q));
  record = mr_store_get_package_label_record (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (record, "internal_id"), ==, iid);
  g_assert_cmpstr (g_hash_table_lookup (record, "recipient"), ==, "Ada Lovelace");

  layout = mr_label_layout_resolve (f->store, "package", NULL, &error);
  g_assert_no_error (error);
  stock = mr_label_catalog_lookup (mr_label_catalog_get_default (), layout->template_id, &error);
  g_assert_no_error (error);
  job = mr_label_job_new (stock, layout);
  mr_label_job_add_record (job, record);
  g_assert_true (mr_label_job_write (job, MR_LABEL_FORMAT_PNG, png, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (mr_label_job_get_n_labels (job), ==, 1);

  {
    g_autoptr (GError) missing = NULL;

    g_assert_null (mr_store_get_package_label_record (f->store, "no-such-package", &missing));
    g_assert_error (missing, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND);
  }
}

/* package.set: what the clerk fills in after the scan */
static void
test_package_set (Fixture *f, gconstpointer data)
{
  g_autofree char *dep = add_department (f, "Finance", NULL);
  g_autofree char *ada = add_contact (f, "Ada", "Lovelace", dep);
  Receipt r = { .tracking = "1Z999AA10123456784" };
  g_autofree char *id = receive (f, &r);
  g_autoptr (MrPackage) p = NULL;

  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", id);
    g_variant_dict_insert (&d, "recipient_id", "s", ada);
    g_variant_dict_insert (&d, "size", "s", "L");
    g_variant_dict_insert (&d, "pieces", "x", (gint64) 3);
    g_free (mr_test_apply_ok (f->store, "package.set", &d));
  }
  p = mr_store_get_package (f->store, id);
  g_assert_cmpstr (mr_package_get_recipient_name (p), ==, "Ada Lovelace");
  /* The department it is for follows the recipient. */
  g_assert_cmpstr (mr_package_get_department_id (p), ==, dep);
  g_assert_cmpstr (mr_package_get_department_name (p), ==, "Finance");
  g_assert_false (mr_package_get_for_department (p));
  g_assert_cmpuint (mr_package_get_pieces (p), ==, 3);
  g_assert_cmpstr (mr_package_get_size (p), ==, "L");
  g_assert_cmpstr (mr_package_get_carrier (p), ==, "UPS");

  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", id);
    g_variant_dict_insert (&d, "pieces", "x", (gint64) 0);
    apply_fails (f->store, "package.set", &d, MR_STORE_ERROR_INVALID, "pieces");
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", id);
    g_variant_dict_insert (&d, "recipient_id", "s", "nobody");
    apply_fails (f->store, "package.set", &d, MR_STORE_ERROR_NOT_FOUND, "recipient_id");
  }
  /* Once it has left, its details are closed. */
  event_ok (f, id, "returned", NULL);
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", id);
    g_variant_dict_insert (&d, "notes", "s", "late");
    apply_fails (f->store, "package.set", &d, MR_STORE_ERROR_INVALID, "id");
  }
}

/* Bags */

static char *
bag_create (Fixture *f, const char *label, const char *place)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  if (label != NULL)
    g_variant_dict_insert (&d, "label", "s", label);
  if (place != NULL)
    g_variant_dict_insert (&d, "place_id", "s", place);
  return mr_test_apply_ok (f->store, "bag.create", &d);
}

static GVariantDict *
bag_args (const char *bag, const char *package)
{
  GVariantDict *d = g_variant_dict_new (NULL);

  g_variant_dict_insert (d, "id", "s", bag);
  if (package != NULL)
    g_variant_dict_insert (d, "package_id", "s", package);
  return d;
}

static void
bag_op (Fixture *f, const char *op, const char *bag, const char *package)
{
  g_autoptr (GVariantDict) d = bag_args (bag, package);

  g_free (mr_test_apply_ok (f->store, op, d));
}

static void
bag_op_fails (Fixture *f, const char *op, const char *bag, const char *package, int code)
{
  g_autoptr (GVariantDict) d = bag_args (bag, package);
  g_autoptr (GError) error = apply_error (f->store, op, d);

  g_assert_error (error, MR_STORE_ERROR, code);
}

static void
test_bags (Fixture *f, gconstpointer data)
{
  World w = { 0 };
  g_autofree char *site = NULL;
  g_autofree char *floor = NULL;
  g_autofree char *bag = NULL;
  g_autofree char *second = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *in_locker = NULL, *gone = NULL;
  g_autoptr (MrBag) info = NULL;
  g_autoptr (GPtrArray) open = NULL;

  world_init (&w, f);
  site = g_strdup (w.place);
  floor = add_place (f, "building", "Building 3", site);
  bag = bag_create (f, NULL, site);
  second = bag_create (f, "Pouch 7", NULL);
  info = mr_store_get_bag (f->store, bag);
  g_assert_true (g_str_has_prefix (info->label, "BAG-"));
  g_clear_pointer (&info, mr_bag_free);
  info = mr_store_get_bag (f->store, "pouch 7");
  g_assert_cmpstr (info->id, ==, second);
  g_clear_pointer (&info, mr_bag_free);
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "label", "s", "POUCH 7");
    apply_fails (f->store, "bag.create", &d, MR_STORE_ERROR_DUPLICATE, "label");
  }

  p1 = package_in (&w, "");
  p2 = package_in (&w, "notified");
  p3 = package_in (&w, "");
  in_locker = package_in (&w, "in_locker");
  gone = package_in (&w, "picked_up");

  bag_op (f, "bag.add", bag, p1);
  bag_op (f, "bag.add", bag, p2);
  bag_op (f, "bag.add", second, p3);
  bag_op_fails (f, "bag.add", bag, p1, MR_STORE_ERROR_DUPLICATE);
  bag_op_fails (f, "bag.add", bag, in_locker, MR_STORE_ERROR_INVALID);
  bag_op_fails (f, "bag.add", bag, gone, MR_STORE_ERROR_INVALID);
  /* From one open bag to another. */
  bag_op (f, "bag.add", bag, p3);
  info = mr_store_get_bag (f->store, bag);
  g_assert_cmpuint (info->n_packages, ==, 3);
  g_clear_pointer (&info, mr_bag_free);
  bag_op (f, "bag.remove", bag, p3);
  bag_op_fails (f, "bag.remove", bag, p3, MR_STORE_ERROR_INVALID);

  /* Closed: sealed both ways. */
  bag_op (f, "bag.close", bag, NULL);
  bag_op_fails (f, "bag.close", bag, NULL, MR_STORE_ERROR_INVALID);
  bag_op_fails (f, "bag.add", bag, p3, MR_STORE_ERROR_INVALID);
  bag_op_fails (f, "bag.remove", bag, p1, MR_STORE_ERROR_INVALID);
  open = mr_store_list_bags (f->store, TRUE);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (((MrBag *) g_ptr_array_index (open, 0))->id, ==, second);

  /* Picked up meanwhile: it stays where it was handed over. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (try_event (f, p2, "picked_up", NULL, w.ada, &error));
  }
  /* Moving the bag moves what is still in the mailroom, with an event each. */
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
    g_autoptr (MrPackage) moved = NULL;
    g_autoptr (MrPackage) stayed = NULL;
    g_autoptr (GPtrArray) events = NULL;
    MrPackageEvent *last;

    g_variant_dict_insert (&d, "id", "s", bag);
    g_variant_dict_insert (&d, "place_id", "s", floor);
    g_free (mr_test_apply_ok (f->store, "bag.move", &d));
    moved = mr_store_get_package (f->store, p1);
    g_assert_cmpuint (mr_package_get_status (moved), ==, MR_PACKAGE_AT_PLACE);
    g_assert_cmpstr (mr_package_get_place_id (moved), ==, floor);
    g_assert_cmpstr (mr_package_get_bag_id (moved), ==, bag);
    events = mr_store_list_package_events (f->store, p1);
    last = g_ptr_array_index (events, events->len - 1);
    g_assert_cmpstr (last->kind, ==, "moved");
    g_assert_cmpstr (last->place_id, ==, floor);
    g_assert_cmpstr (last->bag_id, ==, bag);
    stayed = mr_store_get_package (f->store, p2);
    g_assert_cmpuint (mr_package_get_status (stayed), ==, MR_PACKAGE_PICKED_UP);
    info = mr_store_get_bag (f->store, bag);
    g_assert_cmpstr (info->place_id, ==, floor);
    g_assert_cmpint (info->closed_at, >, 0);
    g_clear_pointer (&info, mr_bag_free);
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "id", "s", bag);
    apply_fails (f->store, "bag.move", &d, MR_STORE_ERROR_REQUIRED, "place_id");
  }
  bag_op (f, "bag.reopen", bag, NULL);
  bag_op (f, "bag.remove", bag, p1);
  world_clear (&w);
}

/* Handover */

static GBytes *
tiny_png (void)
{
  /* A 1×1 PNG. */
  static const guint8 png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x60, 0x60, 0x60, 0xf8, 0x0f, 0x00, 0x01, 0x04, 0x01, 0x00, 0x5f, 0xe5,
    0xc3, 0x4b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  };

  return g_bytes_new_static (png, sizeof png);
}

static void
set_rule (Fixture *f, const char *key, const char *subject, const char *handover)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, key, "s", subject);
  g_variant_dict_insert (&d, "handover", "s", handover);
  g_free (mr_test_apply_ok (f->store, "handover.set", &d));
}

static void
test_handover_rules (Fixture *f, gconstpointer data)
{
  g_autofree char *site = add_place (f, "site", "Campus", NULL);
  g_autofree char *building = add_place (f, "building", "Pharmacy", site);
  g_autofree char *stop = add_place (f, "mail_stop", "MS-9", building);
  g_autofree char *other = add_place (f, "site", "Annex", NULL);
  g_autofree char *ada = add_contact (f, "Ada", "Lovelace", NULL);
  g_autofree char *bob = add_contact (f, "Bob", "Martin", NULL);
  g_autofree char *r = NULL;

  r = mr_store_resolve_handover (f->store, ada, stop);
  g_assert_cmpstr (r, ==, "none");
  g_free (r);

  /* A place's rule reaches the places under it. */
  set_rule (f, "place_id", building, "id_scan");
  r = mr_store_resolve_handover (f->store, ada, stop);
  g_assert_cmpstr (r, ==, "id_scan");
  g_free (r);
  r = mr_store_resolve_handover (f->store, ada, other);
  g_assert_cmpstr (r, ==, "none");
  g_free (r);
  /* A recipient's own rule comes first. */
  set_rule (f, "contact_id", bob, "signature");
  r = mr_store_resolve_handover (f->store, bob, stop);
  g_assert_cmpstr (r, ==, "signature");
  g_free (r);
  /* No rule of its own: the parent's applies again. */
  set_rule (f, "place_id", stop, "none");
  r = mr_store_resolve_handover (f->store, ada, stop);
  g_assert_cmpstr (r, ==, "none");
  g_free (r);
  set_rule (f, "place_id", stop, "");
  r = mr_store_resolve_handover (f->store, ada, stop);
  g_assert_cmpstr (r, ==, "id_scan");
  g_free (r);
  r = mr_store_get_handover_rule (f->store, stop);
  g_assert_null (r);

  /* A package takes the rule when received (and it is journalled). */
  {
    Receipt rc = { .recipient = bob, .place = other };
    g_autofree char *id = receive (f, &rc);
    g_autoptr (MrPackage) p = mr_store_get_package (f->store, id);
    g_autofree char *journalled = journal_arg (f, id, "handover");

    g_assert_cmpstr (mr_package_get_handover (p), ==, "signature");
    g_assert_cmpstr (journalled, ==, "signature");
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "place_id", "s", site);
    g_variant_dict_insert (&d, "handover", "s", "fingerprint");
    apply_fails (f->store, "handover.set", &d, MR_STORE_ERROR_INVALID, "handover");
  }
  {
    g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

    g_variant_dict_insert (&d, "handover", "s", "none");
    apply_fails (f->store, "handover.set", &d, MR_STORE_ERROR_REQUIRED, "place_id");
  }
}

static GVariantDict *
deliver_args (const char *package, const char *to)
{
  GVariantDict *d = g_variant_dict_new (NULL);

  g_variant_dict_insert (d, "package_id", "s", package);
  if (to != NULL)
    g_variant_dict_insert (d, "handed_to_id", "s", to);
  return d;
}

static void
test_handover_deliver (Fixture *f, gconstpointer data)
{
  g_autofree char *ada = add_contact (f, "Ada", "Lovelace", NULL);
  g_autofree char *dep = add_department (f, "Finance", NULL);
  g_autofree char *bob = add_contact (f, "Bob", "Martin", dep);
  g_autofree char *carol = add_contact (f, "Carol", "Key", dep);
  g_autofree char *eve = add_contact (f, "Eve", "Stranger", NULL);
  g_autoptr (GBytes) png = tiny_png ();
  g_autofree char *for_bob = NULL, *for_dep = NULL, *for_ada = NULL;

  set_key_contact (f, dep, carol);
  set_rule (f, "contact_id", bob, "signature");
  set_rule (f, "contact_id", ada, "id_scan");
  {
    Receipt r = { .recipient = bob };

    for_bob = receive (f, &r);
  }
  {
    Receipt r = { .department = dep };

    for_dep = receive (f, &r);
  }
  {
    Receipt r = { .recipient = ada };

    for_ada = receive (f, &r);
  }

  /* Who may take it: the recipient, their department's key contact. */
  {
    g_autoptr (GPtrArray) takers = mr_store_list_package_takers (f->store, for_bob);

    g_assert_cmpuint (takers->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (takers, 0), ==, bob);
    g_assert_cmpstr (g_ptr_array_index (takers, 1), ==, carol);
  }
  {
    g_autoptr (GVariantDict) d = deliver_args (for_bob, eve);
    g_autoptr (GError) error = apply_error (f->store, "package.deliver", d);

    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
    g_assert_cmpstr (mr_store_error_get_field (error), ==, "handed_to_id");
    g_assert_nonnull (strstr (error->message, "Eve Stranger"));
  }
  {
    g_autoptr (GVariantDict) d = deliver_args (for_bob, NULL);

    apply_fails (f->store, "package.deliver", d, MR_STORE_ERROR_REQUIRED, "handed_to_id");
  }
  /* A bare picked_up event obeys the same rule about who. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (try_event (f, for_bob, "picked_up", NULL, eve, &error));
    g_assert_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID);
  }

  /* Signature required: missing, not a PNG, then given and kept. */
  {
    g_autoptr (GVariantDict) d = deliver_args (for_bob, carol);

    apply_fails (f->store, "package.deliver", d, MR_STORE_ERROR_REQUIRED, "signature");
  }
  {
    g_autoptr (GVariantDict) d = deliver_args (for_bob, carol);

    g_variant_dict_insert_value (d, "signature",
                                 g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "GIF89a", 6, 1));
    apply_fails (f->store, "package.deliver", d, MR_STORE_ERROR_INVALID, "signature");
  }
  g_assert_cmpuint (status_of (f, for_bob), ==, MR_PACKAGE_RECEIVED);
  {
    g_autoptr (GVariantDict) d = deliver_args (for_bob, carol);
    g_autoptr (GPtrArray) events = NULL;
    g_autoptr (GBytes) back = NULL;
    g_autofree char *b64 = NULL;
    g_autofree char *journalled = NULL;
    MrPackageEvent *e;

    g_variant_dict_insert_value (d, "signature",
                                 g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, png, TRUE));
    g_free (mr_test_apply_ok (f->store, "package.deliver", d));
    g_assert_cmpuint (status_of (f, for_bob), ==, MR_PACKAGE_PICKED_UP);
    events = mr_store_list_package_events (f->store, for_bob);
    e = g_ptr_array_index (events, events->len - 1);
    g_assert_cmpstr (e->kind, ==, "picked_up");
    g_assert_cmpstr (e->handed_to_id, ==, carol);
    g_assert_cmpstr (e->handed_to_name, ==, "Carol Key");
    g_assert_true (e->has_signature);
    back = mr_store_get_package_signature (f->store, e->id);
    g_assert_nonnull (back);
    g_assert_true (g_bytes_equal (back, png));
    /* The journal carries it (base64) for sync and replay. */
    b64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
    journalled = journal_arg (f, for_bob, "signature");
    g_assert_cmpstr (journalled, ==, b64);
  }
  /* Handed over once: not twice. */
  {
    g_autoptr (GVariantDict) d = deliver_args (for_bob, bob);

    apply_fails (f->store, "package.deliver", d, MR_STORE_ERROR_INVALID, "kind");
  }

  /* ID scan required; kept with the event. */
  {
    g_autoptr (GVariantDict) d = deliver_args (for_ada, ada);

    apply_fails (f->store, "package.deliver", d, MR_STORE_ERROR_REQUIRED, "id_scan");
  }
  {
    g_autoptr (GVariantDict) d = deliver_args (for_ada, ada);
    g_autoptr (GPtrArray) events = NULL;
    MrPackageEvent *e;

    g_variant_dict_insert (d, "id_scan", "s", "ID<FRA<LOVELACE<<ADA");
    g_free (mr_test_apply_ok (f->store, "package.deliver", d));
    events = mr_store_list_package_events (f->store, for_ada);
    e = g_ptr_array_index (events, events->len - 1);
    g_assert_cmpstr (e->id_scan, ==, "ID<FRA<LOVELACE<<ADA");
    g_assert_false (e->has_signature);
  }

  /* A department's package: its key contact takes it, without proof. */
  {
    g_autoptr (GVariantDict) d = deliver_args (for_dep, bob);

    apply_fails (f->store, "package.deliver", d, MR_STORE_ERROR_INVALID, "handed_to_id");
  }
  {
    g_autoptr (GVariantDict) d = deliver_args (for_dep, carol);
    g_autoptr (MrPackage) p = NULL;

    g_free (mr_test_apply_ok (f->store, "package.deliver", d));
    p = mr_store_get_package (f->store, for_dep);
    g_assert_true (mr_package_get_for_department (p));
    g_assert_cmpuint (mr_package_get_status (p), ==, MR_PACKAGE_PICKED_UP);
  }

  /* No recipient yet: choose one first. */
  {
    Receipt r = { .tracking = "X1" };
    g_autofree char *nobody = receive (f, &r);
    g_autoptr (GVariantDict) d = deliver_args (nobody, ada);

    apply_fails (f->store, "package.deliver", d, MR_STORE_ERROR_REQUIRED, "recipient_id");
  }
}

/* Lists */

typedef struct
{
  char *id;
  gint64 at;
  guint recipient;
  guint place;
  guint carrier;
  gboolean awaiting;
} Made;

static const char *const carriers[] = { "UPS", "FedEx", "DHL" };

static void
made_clear (gpointer data)
{
  g_free (((Made *) data)->id);
}

/* 300 packages over the last 10 days, 3 recipients in 2 departments, 2
 * places, 3 carriers; a third picked up. Ties on the same millisecond
 * are there on purpose, across a page boundary. */
static GArray *
make_packages (Fixture *f, char *recipients[3], char *places[2], char *deps[2])
{
  GArray *made = g_array_new (FALSE, TRUE, sizeof (Made));
  gint64 now = now_ms ();
  g_autoptr (GError) error = NULL;

  g_array_set_clear_func (made, made_clear);
  deps[0] = add_department (f, "Finance", NULL);
  deps[1] = add_department (f, "Legal", NULL);
  recipients[0] = add_contact (f, "Ada", "Lovelace", deps[0]);
  recipients[1] = add_contact (f, "Bob", "Martin", deps[0]);
  recipients[2] = add_contact (f, "Chloé", "Durand", deps[1]);
  places[0] = add_place (f, "site", "North", NULL);
  places[1] = add_place (f, "site", "South", NULL);

  g_assert_true (mr_store_begin_batch (f->store, &error));
  for (guint i = 0; i < 300; i++)
    {
      Made m = { 0 };
      Receipt r = { 0 };

      m.recipient = i % 3;
      m.place = (i / 3) % 2;
      m.carrier = (i / 7) % 3;
      /* 70..100 share one millisecond (a tie straddling page 1/2). */
      m.at = now - 10 * DAY_MS + (i >= 70 && i < 100 ? 70 : i) * (10 * DAY_MS / 300) + 1;
      if (i >= 290)
        m.at = now - 1000 + i; /* today */
      r.recipient = recipients[m.recipient];
      r.place = places[m.place];
      r.carrier = carriers[m.carrier];
      r.at = m.at;
      m.id = receive (f, &r);
      m.awaiting = i % 3 != 1;
      if (!m.awaiting)
        {
          g_autoptr (GError) e = NULL;

          if (!try_event (f, m.id, "picked_up", NULL, recipients[m.recipient], &e))
            g_error ("%s", e->message);
        }
      g_array_append_val (made, m);
    }
  g_assert_true (mr_store_end_batch (f->store, TRUE, &error));
  return made;
}

/* Reads the whole list in order, checks its order and returns the ids. */
static GPtrArray *
read_all (MrPackageList *list, gboolean ascending)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  gint64 prev = ascending ? G_MININT64 : G_MAXINT64;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (p);
      if (ascending)
        g_assert_cmpint (mr_package_get_received_at (p), >=, prev);
      else
        g_assert_cmpint (mr_package_get_received_at (p), <=, prev);
      prev = mr_package_get_received_at (p);
      g_assert_true (g_hash_table_add (seen, (gpointer) mr_package_get_id (p)));
      g_ptr_array_add (ids, g_strdup (mr_package_get_id (p)));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));
  return ids;
}

typedef gboolean (*MadeFilter) (const Made *m, gconstpointer data);

static guint
count_made (GArray *made, MadeFilter keep, gconstpointer data)
{
  guint n = 0;

  for (guint i = 0; i < made->len; i++)
    n += keep (&g_array_index (made, Made, i), data);
  return n;
}

static gboolean
keep_awaiting (const Made *m, gconstpointer data)
{
  return m->awaiting;
}

static gboolean
keep_place0_ups (const Made *m, gconstpointer data)
{
  return m->place == 0 && m->carrier == 0;
}

static gboolean
keep_recipient1 (const Made *m, gconstpointer data)
{
  return m->recipient == 1;
}

static gboolean
keep_department0_awaiting (const Made *m, gconstpointer data)
{
  return m->recipient < 2 && m->awaiting;
}

static gboolean
keep_range (const Made *m, gconstpointer data)
{
  const gint64 *range = data;

  return m->at >= range[0] && m->at < range[1];
}

static gboolean
keep_today (const Made *m, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight =
    g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 0, 0, 0);

  return m->at >= g_date_time_to_unix (midnight) * 1000;
}

static void
test_list_filters (Fixture *f, gconstpointer data)
{
  char *recipients[3], *places[2], *deps[2];
  g_autoptr (GArray) made = make_packages (f, recipients, places, deps);
  g_autoptr (MrPackageList) history = mr_package_list_new (f->store, MR_PACKAGE_VIEW_HISTORY);
  g_autoptr (MrPackageList) awaiting = mr_package_list_new (f->store, MR_PACKAGE_VIEW_AWAITING);
  g_autoptr (MrPackageList) today = mr_package_list_new (f->store, MR_PACKAGE_VIEW_TODAY);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) waiting = NULL;
  MrPackageFilter filter = { 0 };
  gint64 range[2];

  /* Everything, newest first, each once, across 5 pages with a tie. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 300);
  all = read_all (history, FALSE);
  g_assert_cmpuint (all->len, ==, 300);
  g_assert_cmpstr (g_ptr_array_index (all, 0), ==, g_array_index (made, Made, 299).id);

  /* Awaiting: oldest first. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (awaiting)), ==,
                    count_made (made, keep_awaiting, NULL));
  waiting = read_all (awaiting, TRUE);
  g_assert_cmpstr (g_ptr_array_index (waiting, 0), ==, g_array_index (made, Made, 0).id);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (today)), ==,
                    count_made (made, keep_today, NULL));

  /* Filters, alone and together. */
  filter.place_id = places[0];
  filter.carrier = "ups"; /* case ignored */
  mr_package_list_set_filter (history, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==,
                    count_made (made, keep_place0_ups, NULL));
  g_ptr_array_unref (read_all (history, FALSE));

  memset (&filter, 0, sizeof filter);
  filter.recipient_id = recipients[1];
  mr_package_list_set_filter (history, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==,
                    count_made (made, keep_recipient1, NULL));

  memset (&filter, 0, sizeof filter);
  filter.department_id = deps[0];
  mr_package_list_set_filter (awaiting, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (awaiting)), ==,
                    count_made (made, keep_department0_awaiting, NULL));

  memset (&filter, 0, sizeof filter);
  filter.status = "picked_up";
  mr_package_list_set_filter (history, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 100);
  filter.status = "picked_up";
  mr_package_list_set_filter (awaiting, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (awaiting)), ==, 0);

  memset (&filter, 0, sizeof filter);
  range[0] = g_array_index (made, Made, 50).at;
  range[1] = g_array_index (made, Made, 150).at;
  filter.from_ms = range[0];
  filter.to_ms = range[1];
  mr_package_list_set_filter (history, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==,
                    count_made (made, keep_range, range));
  g_ptr_array_unref (read_all (history, FALSE));

  /* Nothing matches: an empty list. */
  memset (&filter, 0, sizeof filter);
  filter.carrier = "Pigeon";
  mr_package_list_set_filter (history, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (history), 0));

  for (guint i = 0; i < 3; i++)
    g_free (recipients[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_free (places[i]);
      g_free (deps[i]);
    }
}

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, guint *calls)
{
  (*calls)++;
}

static void
test_list_paging (Fixture *f, gconstpointer data)
{
  char *recipients[3], *places[2], *deps[2];
  g_autoptr (GArray) made = make_packages (f, recipients, places, deps);
  g_autoptr (MrPackageList) list = mr_package_list_new (f->store, MR_PACKAGE_VIEW_HISTORY);
  g_autoptr (MrPackageList) fresh = mr_package_list_new (f->store, MR_PACKAGE_VIEW_HISTORY);
  g_autoptr (GPtrArray) in_order = read_all (fresh, FALSE);
  guint calls = 0;
  guint position = 0;

  /* A jump (OFFSET) gives the same rows as reading in order (keyset). */
  for (guint i = 0; i < 300; i += 37)
    {
      g_autoptr (MrPackageList) jumper = mr_package_list_new (f->store, MR_PACKAGE_VIEW_HISTORY);
      g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (jumper), 299 - i);

      g_assert_cmpstr (mr_package_get_id (p), ==, g_ptr_array_index (in_order, 299 - i));
    }
  {
    g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (list), 200);
    g_autoptr (MrPackage) q = g_list_model_get_item (G_LIST_MODEL (list), 201);

    g_assert_cmpstr (mr_package_get_id (p), ==, g_ptr_array_index (in_order, 200));
    g_assert_cmpstr (mr_package_get_id (q), ==, g_ptr_array_index (in_order, 201));
  }

  /* Jumps counted from the rows already known, forward and back. */
  {
    static const guint visits[][6] = {
      { 0, 250, 130, 200, 70, 299 },
      { 299, 200, 10, 140, 141, 0 },
    };

    for (guint v = 0; v < G_N_ELEMENTS (visits); v++)
      {
        g_autoptr (MrPackageList) wanderer =
          mr_package_list_new (f->store, MR_PACKAGE_VIEW_HISTORY);

        for (guint k = 0; k < G_N_ELEMENTS (visits[v]); k++)
          {
            g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (wanderer), visits[v][k]);

            g_assert_cmpstr (mr_package_get_id (p), ==, g_ptr_array_index (in_order, visits[v][k]));
          }
      }
  }
  /* The same in the awaiting view (its ties are broken by id). */
  {
    g_autoptr (MrPackageList) waiting = mr_package_list_new (f->store, MR_PACKAGE_VIEW_AWAITING);
    g_autoptr (GPtrArray) ids = read_all (waiting, TRUE);
    g_autoptr (MrPackageList) wanderer = mr_package_list_new (f->store, MR_PACKAGE_VIEW_AWAITING);
    const guint visits[] = { ids->len - 1, 70, 130, 5, ids->len / 2 };

    for (guint k = 0; k < G_N_ELEMENTS (visits); k++)
      {
        g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (wanderer), visits[k]);

        g_assert_cmpstr (mr_package_get_id (p), ==, g_ptr_array_index (ids, visits[k]));
      }
  }

  /* Finding a package. */
  g_assert_true (mr_package_list_find (list, g_ptr_array_index (in_order, 133), &position));
  g_assert_cmpuint (position, ==, 133);
  g_assert_false (mr_package_list_find (list, "no-such-id", &position));

  /* A new package: the list follows the store on an idle. */
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &calls);
  {
    Receipt r = { .tracking = "NEW-1", .recipient = recipients[0] };
    g_autofree char *id = receive (f, &r);
    g_autoptr (MrPackage) first = NULL;

    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpuint (calls, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 301);
    first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpstr (mr_package_get_id (first), ==, id);
  }

  for (guint i = 0; i < 3; i++)
    g_free (recipients[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_free (places[i]);
      g_free (deps[i]);
    }
}

/* Every filter reads an index in the list's order: no scan of the table,
 * no sort of the matches, counts from the index alone. What keeps a
 * million packages fast (tests/bench/bench-receiving.c measures it). */
static void
test_list_plans (Fixture *f, gconstpointer data)
{
  const MrPackageFilter filters[] = {
    { 0 },
    { .place_id = "p" },
    { .status = "received" },
    { .carrier = "UPS" },
    { .recipient_id = "r" },
    { .department_id = "d" },
    { .bag_id = "b" },
    { .from_ms = 1, .to_ms = 2 },
    { .place_id = "p", .from_ms = 1 },
    { .carrier = "UPS", .status = "received", .department_id = "d", .to_ms = 2 },
  };
  const MrPackageView views[] = { MR_PACKAGE_VIEW_TODAY, MR_PACKAGE_VIEW_AWAITING,
                                  MR_PACKAGE_VIEW_HISTORY };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
      {
        g_autoptr (MrPackageList) list = mr_package_list_new (f->store, views[v]);
        g_autofree char *plan = NULL;
        g_auto (GStrv) lines = NULL;

        mr_package_list_set_filter (list, &filters[i]);
        plan = mr_package_list_explain (list);
        g_test_message ("view %u, filter %u:\n%s", v, i, plan);
        lines = g_strsplit (plan, "\n", -1);
        /* The count and a jump read the index alone (with one filter: a
         * second one is checked on the rows of the first's index). */
        for (guint l = 0; i < G_N_ELEMENTS (filters) - 1 && lines[l]; l++)
          if (g_str_has_prefix (lines[l], "count:") || g_str_has_prefix (lines[l], "jump:"))
            {
              const char *next = g_strstrip (lines[l + 1]);

              if (!g_str_has_prefix (next, "SEARCH p USING COVERING INDEX") &&
                  !g_str_has_prefix (next, "SCAN p USING COVERING INDEX"))
                g_error ("not from the index alone, view %u, filter %u:\n%s", v, i, plan);
            }
        for (guint l = 0; lines[l]; l++)
          {
            const char *line = g_strstrip (lines[l]);

            /* "SCAN p" alone reads the whole table; "SCAN p USING INDEX"
             * walks an index in order, which is what an unfiltered list
             * does. */
            if (g_str_has_prefix (line, "SCAN p") && strstr (line, "INDEX") == NULL)
              g_error ("table scan in view %u, filter %u:\n%s", v, i, plan);
            /* Sorting the matches is too slow; sorting each run of
             * packages received in the same millisecond ("RIGHT PART",
             * for the tie-breaker) costs nothing. */
            if (strstr (line, "TEMP B-TREE FOR ORDER BY") != NULL)
              g_error ("sort in view %u, filter %u:\n%s", v, i, plan);
            if (v == 1 && strstr (line, "TEMP B-TREE") != NULL)
              g_error ("sort in the awaiting view, filter %u:\n%s", i, plan);
          }
        g_assert_nonnull (strstr (plan, "package_"));
      }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/packages/state-machine/table", test_state_machine_table);
  ADD ("/packages/state-machine/store", test_state_machine_store);
  ADD ("/packages/events/fields", test_event_fields);
  ADD ("/packages/receive/carrier", test_receive_carrier);
  ADD ("/packages/receive/duplicates", test_receive_duplicates);
  ADD ("/packages/receive/label", test_receive_label);
  ADD ("/packages/set", test_package_set);
  ADD ("/packages/bags", test_bags);
  ADD ("/packages/handover/rules", test_handover_rules);
  ADD ("/packages/handover/deliver", test_handover_deliver);
  ADD ("/packages/list/filters", test_list_filters);
  ADD ("/packages/list/paging", test_list_paging);
  ADD ("/packages/list/plans", test_list_plans);
#undef ADD
  return g_test_run ();
}
