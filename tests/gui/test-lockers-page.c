/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Lockers section, driven in-process on a real display: the legend's
 * counts and filter, keyboard moves between doors, a door taken out of
 * service from its popover and seen live, screenshots, and the time to
 * draw a bank of 5,000 doors. Runs with LANGUAGE=en and LANGUAGE=fr. */

#include "mr-test-display.h"
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "lockers/mr-locker-bank-view.h"
#include "lockers/mr-lockers-page.h"
#include "mr-lockers.h"
#include "mr-window.h"
#include "../mr-test-store.h"

#define HOUR_MS ((gint64) 3600 * 1000)

typedef struct
{
  char *dir;
  MrStore *store;
  MrWindow *window;
  MrLockersPage *page;
  char *bank_id;
} Fixture;

static char *
receive (MrStore *store, const char *recipient, gint64 at)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "recipient_id", "s", recipient);
  g_variant_dict_insert (&d, "at", "x", at);
  g_variant_dict_insert (&d, "size", "s", "S");
  return mr_test_apply_ok (store, "package.receive", &d);
}

static char *
door_id (Fixture *f, const char *number)
{
  char *id = mr_store_find_locker_door (f->store, f->bank_id, number);

  g_assert_nonnull (id);
  return id;
}

static void
set_out_of_service (MrStore *store, const char *id, gboolean out)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "id", "s", id);
  g_variant_dict_insert (&d, "out_of_service", "b", out);
  g_free (mr_test_apply_ok (store, "locker.set_out_of_service", &d));
}

/* A bank of three columns, ten doors, one in each status but available:
 * occupied, expired, reserved and out of service. */
static void
make_demo_bank (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrLockerDropoff) drop = NULL;
  g_autofree char *ann = NULL, *bob = NULL, *p1 = NULL, *p2 = NULL, *oos = NULL;
  g_autofree char *salt = mr_locker_code_salt_new ();
  g_autofree char *hash = mr_locker_code_hash (salt, "12345678");
  g_autofree char *expired_door = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "name", "s", "Main hall");
  g_variant_dict_insert (&d, "expiry_hours", "x", (gint64) 1);
  g_variant_dict_insert (&d, "layout", "s",
                         "{ \"base_cm\": 10, \"width_cm\": 50, \"columns\": ["
                         "  { \"doors\": [\"S\", \"S\", \"M\", \"L\", \"L\"] },"
                         "  { \"doors\": [\"M\", \"M\", \"M\", \"XL\"] },"
                         "  { \"width_cm\": 60, \"doors\": [\"XL\", \"S\", \"S\", \"L\"] } ] }");
  f->bank_id = mr_test_apply_ok (f->store, "locker_bank.create", &d);

  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "first_name", "s", "Ann");
  g_variant_dict_insert (&d, "last_name", "s", "Archer");
  ann = mr_test_apply_ok (f->store, "contact.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "first_name", "s", "Bob");
  g_variant_dict_insert (&d, "last_name", "s", "Baker");
  bob = mr_test_apply_ok (f->store, "contact.create", &d);

  /* Occupied */
  p1 = receive (f->store, ann, g_get_real_time () / 1000 - HOUR_MS);
  g_assert_true (mr_locker_dropoff (f->store, p1, f->bank_id, NULL, &drop, &error));
  g_assert_no_error (error);

  /* Expired: in two hours ago, for one hour. */
  p2 = receive (f->store, bob, g_get_real_time () / 1000 - 3 * HOUR_MS);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "package_id", "s", p2);
  g_variant_dict_insert (&d, "bank_id", "s", f->bank_id);
  g_variant_dict_insert (&d, "at", "x", g_get_real_time () / 1000 - 2 * HOUR_MS);
  g_variant_dict_insert (&d, "code_hash", "s", hash);
  g_variant_dict_insert (&d, "code_salt", "s", salt);
  expired_door = mr_test_apply_ok (f->store, "locker.dropoff", &d);
  g_assert_true (mr_locker_expire_due (f->store, NULL, &error));
  g_assert_no_error (error);

  /* Reserved */
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "kind", "s", "personal_storage");
  g_variant_dict_insert (&d, "bank_id", "s", f->bank_id);
  g_variant_dict_insert (&d, "contact_id", "s", ann);
  g_variant_dict_insert (&d, "size", "s", "XL");
  g_free (mr_test_apply_ok (f->store, "locker.reserve", &d));

  /* Out of service: the bottom door of the first column. */
  oos = door_id (f, "5");
  set_out_of_service (f->store, oos, TRUE);
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
fixture_setup (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 end;

  f->dir = g_dir_make_tmp ("mailroom-gui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (path, &error);
  g_assert_no_error (error);
  make_demo_bank (f);

  f->window = mr_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  mr_window_set_page_name (f->window, "lockers");
  f->page = MR_LOCKERS_PAGE (mr_window_get_page (f->window, "lockers"));
  g_assert_true (MR_IS_LOCKERS_PAGE (f->page));
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!window_mapped (f->window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (window_mapped (f->window));
  mr_test_iterate (100);
}

static void
fixture_teardown (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  mr_test_iterate (50);
  g_clear_object (&f->store);
  g_free (f->bank_id);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
assert_legend (
  Fixture *f, guint available, guint reserved, guint occupied, guint expired, guint oos)
{
  const guint want[MR_LOCKER_N_STATUSES] = { available, reserved, occupied, expired, oos };
  guint counts[MR_LOCKER_N_STATUSES];

  mr_store_count_locker_statuses (f->store, f->bank_id, counts);
  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    {
      g_autofree char *text = g_strdup_printf ("%u", want[s]);

      g_assert_cmpuint (counts[s], ==, want[s]);
      g_assert_cmpstr (mr_lockers_page_get_legend_count (f->page, s), ==, text);
    }
}

/* The legend counts each status; a status toggled on dims the others. */
static void
test_legend (Fixture *f, gconstpointer data)
{
  MrLockerBankView *view = mr_lockers_page_get_view (f->page);
  GtkToggleButton *occupied = mr_lockers_page_get_legend_button (f->page, MR_LOCKER_OCCUPIED);
  GtkToggleButton *expired = mr_lockers_page_get_legend_button (f->page, MR_LOCKER_EXPIRED);

  g_assert_cmpstr (mr_lockers_page_get_bank_id (f->page), ==, f->bank_id);
  g_assert_cmpuint (mr_lockers_page_get_map (f->page)->doors->len, ==, 13);
  assert_legend (f, 9, 1, 1, 1, 1);

  g_assert_cmpint (mr_locker_bank_view_get_filter (view), ==, -1);
  gtk_toggle_button_set_active (occupied, TRUE);
  g_assert_cmpint (mr_locker_bank_view_get_filter (view), ==, MR_LOCKER_OCCUPIED);
  /* Another status replaces it; toggling it off shows everything again. */
  gtk_toggle_button_set_active (expired, TRUE);
  g_assert_false (gtk_toggle_button_get_active (occupied));
  g_assert_cmpint (mr_locker_bank_view_get_filter (view), ==, MR_LOCKER_EXPIRED);
  gtk_toggle_button_set_active (expired, FALSE);
  g_assert_cmpint (mr_locker_bank_view_get_filter (view), ==, -1);
}

static const MrLockerDoor *
focused_door (Fixture *f)
{
  const MrLockerMap *map = mr_lockers_page_get_map (f->page);
  int i = mr_locker_bank_view_get_focus_door (mr_lockers_page_get_view (f->page));

  g_assert_cmpint (i, >=, 0);
  return &g_array_index (map->doors, MrLockerDoor, i);
}

static void
press (GtkWidget *widget, guint keyval)
{
  /* The arrow keys' own handler, as the key controller calls it. */
  GtkEventController *key = NULL;
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        key = GTK_EVENT_CONTROLLER (c);
    }
  g_assert_nonnull (key);
  g_signal_emit_by_name (key, "key-pressed", keyval, 0, 0, &handled);
  g_assert_true (handled);
}

/* Up and down within a column, left and right to the door at the same
 * height in the next column. */
static void
test_keyboard (Fixture *f, gconstpointer data)
{
  MrLockerBankView *view = mr_lockers_page_get_view (f->page);
  const MrLockerDoor *door;

  gtk_widget_grab_focus (GTK_WIDGET (view));
  mr_test_iterate (50);
  /* is_focus, not has_focus: with several tests sharing one X server,
   * this window is not always the active one, and an inactive window
   * gets no focus events (the first door is focused on entering). */
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (view)));
  press (GTK_WIDGET (view), GDK_KEY_Home);
  door = focused_door (f);
  g_assert_cmpuint (door->col, ==, 0);
  g_assert_cmpuint (door->row, ==, 0);

  press (GTK_WIDGET (view), GDK_KEY_Down);
  press (GTK_WIDGET (view), GDK_KEY_Down);
  door = focused_door (f);
  g_assert_cmpuint (door->col, ==, 0);
  g_assert_cmpuint (door->row, ==, 2);

  /* Right goes to the door of column 1 whose middle is nearest. */
  {
    const MrLockerMap *map = mr_lockers_page_get_map (f->page);
    const MrLockerColumn *col = &g_array_index (map->columns, MrLockerColumn, 1);
    double middle = (door->top_cm + door->bottom_cm) / 2.0, best = G_MAXDOUBLE;
    int expected = -1;

    for (guint i = col->first_door; i < col->first_door + col->n_doors; i++)
      {
        const MrLockerDoor *o = &g_array_index (map->doors, MrLockerDoor, i);
        double dist = fabs ((o->top_cm + o->bottom_cm) / 2.0 - middle);

        if (dist < best)
          {
            best = dist;
            expected = (int) i;
          }
      }
    press (GTK_WIDGET (view), GDK_KEY_Right);
    g_assert_cmpint (mr_locker_bank_view_get_focus_door (view), ==, expected);
    g_assert_cmpuint (focused_door (f)->col, ==, 1);
    g_assert_cmpuint (focused_door (f)->row, >, 0);
  }
  press (GTK_WIDGET (view), GDK_KEY_Right);
  g_assert_cmpuint (focused_door (f)->col, ==, 2);
  /* Past the last column, nothing moves. */
  g_assert_false (mr_locker_bank_view_move_focus (view, 1, 0));
  g_assert_cmpuint (focused_door (f)->col, ==, 2);
  press (GTK_WIDGET (view), GDK_KEY_Home);
  g_assert_cmpint (mr_locker_bank_view_get_focus_door (view), ==, 0);
  g_assert_false (mr_locker_bank_view_move_focus (view, 0, -1));
  press (GTK_WIDGET (view), GDK_KEY_Left);
  g_assert_cmpint (mr_locker_bank_view_get_focus_door (view), ==, 0);
}

static gboolean
popover_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* Enter opens the door's popover; its action takes the door out of
 * service, and the map and legend follow the store. */
static void
test_out_of_service (Fixture *f, gconstpointer data)
{
  MrLockerBankView *view = mr_lockers_page_get_view (f->page);
  GtkPopover *popover = mr_lockers_page_get_door_popover (f->page);
  const MrLockerMap *map = mr_lockers_page_get_map (f->page);
  g_autofree char *id = NULL;
  int index = -1;
  gint64 end;

  /* The first available door. */
  for (guint i = 0; i < map->doors->len && index < 0; i++)
    if (g_array_index (map->doors, MrLockerDoor, i).status == MR_LOCKER_AVAILABLE)
      index = (int) i;
  g_assert_cmpint (index, >=, 0);
  id = g_strdup (g_array_index (map->doors, MrLockerDoor, index).id);

  gtk_widget_grab_focus (GTK_WIDGET (view));
  mr_locker_bank_view_set_focus_door (view, index);
  press (GTK_WIDGET (view), GDK_KEY_Return);
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!popover_visible (popover) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));

  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (f->page), "lockers.set-out-of-service", "b", TRUE));
  mr_test_iterate (50);
  map = mr_lockers_page_get_map (f->page);
  index = mr_locker_map_find_door (map, id);
  g_assert_cmpint (g_array_index (map->doors, MrLockerDoor, index).status, ==,
                   MR_LOCKER_OUT_OF_SERVICE);
  assert_legend (f, 8, 1, 1, 1, 2);

  /* Another window (or the CLI) puts it back: the map follows. */
  set_out_of_service (f->store, id, FALSE);
  mr_test_iterate (50);
  map = mr_lockers_page_get_map (f->page);
  g_assert_cmpint (
    g_array_index (map->doors, MrLockerDoor, mr_locker_map_find_door (map, id)).status, ==,
    MR_LOCKER_AVAILABLE);
  assert_legend (f, 9, 1, 1, 1, 1);
  gtk_popover_popdown (popover);
}

/* The last label of the popover: where "Show Contents" lists the packages. */
static const char *
popover_contents (GtkPopover *popover)
{
  GtkWidget *box = gtk_popover_get_child (popover);
  GtkWidget *last = gtk_widget_get_last_child (box);

  g_assert_true (GTK_IS_LABEL (last));
  return gtk_widget_get_visible (last) ? gtk_label_get_label (GTK_LABEL (last)) : NULL;
}

/* "Show Contents" on the occupied door lists its package, on an empty
 * door says there is none. */
static void
test_contents (Fixture *f, gconstpointer data)
{
  MrLockerBankView *view = mr_lockers_page_get_view (f->page);
  GtkPopover *popover = mr_lockers_page_get_door_popover (f->page);
  const MrLockerMap *map = mr_lockers_page_get_map (f->page);
  int occupied = -1, available = -1;
  g_autoptr (MrLockerDoorInfo) info = NULL;
  MrLockerPackage *package;

  for (guint i = 0; i < map->doors->len; i++)
    {
      MrLockerStatus status = g_array_index (map->doors, MrLockerDoor, i).status;

      if (status == MR_LOCKER_OCCUPIED && occupied < 0)
        occupied = (int) i;
      if (status == MR_LOCKER_AVAILABLE && available < 0)
        available = (int) i;
    }
  g_assert_cmpint (occupied, >=, 0);
  g_assert_cmpint (available, >=, 0);
  info = mr_store_get_locker_door (f->store, g_array_index (map->doors, MrLockerDoor, occupied).id);
  g_assert_nonnull (info);
  g_assert_cmpuint (info->packages->len, ==, 1);
  package = g_ptr_array_index (info->packages, 0);

  g_signal_emit_by_name (view, "door-activated", occupied);
  g_assert_null (popover_contents (popover));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "lockers.show-contents", NULL));
  g_assert_nonnull (popover_contents (popover));
  g_assert_nonnull (strstr (popover_contents (popover), package->tracking_number
                                                          ? package->tracking_number
                                                          : package->internal_id));
  gtk_popover_popdown (popover);

  g_signal_emit_by_name (view, "door-activated", available);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "lockers.show-contents", NULL));
  g_assert_cmpstr (popover_contents (popover), ==, _ ("This door holds no packages."));
  gtk_popover_popdown (popover);
}

static void
test_screenshot (Fixture *f, gconstpointer data)
{
  MrLockerBankView *view = mr_lockers_page_get_view (f->page);

  gtk_window_present (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (GTK_WIDGET (view));
  mr_test_iterate (100);
  mr_locker_bank_view_set_focus_door (view, 6);
  mr_test_save_screenshot (GTK_WIDGET (f->window), "lockers");

  /* The dark style's palette. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  mr_test_save_screenshot (GTK_WIDGET (f->window), "lockers-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The view's own drawing: its snapshot vfunc, straight (GTK would reuse
 * the last render node of a widget not queued for drawing). */
static double
snapshot_ms (GtkWidget *widget)
{
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  gint64 start = g_get_monotonic_time ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static char *
make_big_bank (MrStore *store, const char *name, guint n_columns, guint n_rows)
{
  g_autoptr (GString) layout = g_string_new ("{ \"width_cm\": 40, \"columns\": [");
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      g_string_append (layout, c ? ", {\"doors\": [" : "{\"doors\": [");
      for (guint r = 0; r < n_rows; r++)
        g_string_append (layout, r ? ", \"XS\"" : "\"XS\"");
      g_string_append (layout, "]}");
    }
  g_string_append (layout, "] }");
  g_variant_dict_insert (&d, "name", "s", name);
  g_variant_dict_insert (&d, "layout", "s", layout->str);
  return mr_test_apply_ok (store, "locker_bank.create", &d);
}

/* 5,000 doors in two banks of 2,500 (125 columns of 20: the core allows
 * 200 columns and 250 cm per bank). Loading a bank's map, then the view's
 * render nodes (the snapshot, without rasterising), frame after frame. */
static void
test_many_doors (Fixture *f, gconstpointer data)
{
  g_autofree char *first_bank = NULL, *bank = NULL;
  MrLockerBankView *view = mr_lockers_page_get_view (f->page);
  double frames[30], first;
  gint64 start;

  start = g_get_monotonic_time ();
  first_bank = make_big_bank (f->store, "Big 1", 125, 20);
  bank = make_big_bank (f->store, "Big 2", 125, 20);
  g_test_message ("created 5,000 doors in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  mr_test_iterate (50);

  start = g_get_monotonic_time ();
  g_assert_true (mr_lockers_page_set_bank (f->page, bank));
  g_assert_cmpuint (mr_lockers_page_get_map (f->page)->doors->len, ==, 2500);
  g_test_message ("loaded a 2,500-door map in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  /* Allocation first, so the snapshot draws what a frame would. */
  mr_test_iterate (200);
  first = snapshot_ms (GTK_WIDGET (view));
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    frames[i] = snapshot_ms (GTK_WIDGET (view));
  qsort (frames, G_N_ELEMENTS (frames), sizeof (double), compare_doubles);
  g_test_message ("2,500 doors (view %dx%d px, on screen %dx%d): first snapshot %.2f ms, "
                  "median %.2f ms, max %.2f ms",
                  gtk_widget_get_width (GTK_WIDGET (view)),
                  gtk_widget_get_height (GTK_WIDGET (view)),
                  gtk_widget_get_width (gtk_widget_get_parent (GTK_WIDGET (view))),
                  gtk_widget_get_height (gtk_widget_get_parent (GTK_WIDGET (view))), first,
                  frames[G_N_ELEMENTS (frames) / 2], frames[G_N_ELEMENTS (frames) - 1]);
  /* Generous: the shared test machine is slow; a widget per door would be
   * far over it. */
  g_assert_cmpfloat (frames[G_N_ELEMENTS (frames) / 2], <, 100.0);

  /* Every door on screen: a view outside a scrolled window draws them all. */
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *whole = mr_locker_bank_view_new ();

    mr_locker_bank_view_set_map (MR_LOCKER_BANK_VIEW (whole), mr_lockers_page_get_map (f->page));
    gtk_window_set_child (GTK_WINDOW (window), whole);
    gtk_window_present (GTK_WINDOW (window));
    start = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (gtk_widget_get_width (whole) == 0 && g_get_monotonic_time () < start)
      g_main_context_iteration (NULL, FALSE);
    mr_test_iterate (100);
    first = snapshot_ms (whole);
    for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
      frames[i] = snapshot_ms (whole);
    qsort (frames, G_N_ELEMENTS (frames), sizeof (double), compare_doubles);
    g_test_message ("2,500 doors all drawn (%dx%d px): first snapshot %.2f ms, median %.2f ms, "
                    "max %.2f ms",
                    gtk_widget_get_width (whole), gtk_widget_get_height (whole), first,
                    frames[G_N_ELEMENTS (frames) / 2], frames[G_N_ELEMENTS (frames) - 1]);
    g_assert_cmpfloat (frames[G_N_ELEMENTS (frames) / 2], <, 200.0);
    gtk_window_destroy (GTK_WINDOW (window));
    mr_test_iterate (50);
  }
}

static void
test_no_display (void)
{
  g_test_skip ("no display");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  if (!mr_test_init_display ())
    {
      g_test_add_func ("/lockers/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lockers/legend", test_legend);
  ADD ("/lockers/keyboard", test_keyboard);
  ADD ("/lockers/out-of-service", test_out_of_service);
  ADD ("/lockers/contents", test_contents);
  ADD ("/lockers/screenshot", test_screenshot);
  ADD ("/lockers/many-doors", test_many_doors);
  return g_test_run ();
}
