/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The locker bank editor, driven in-process on a real display: a bank
 * built from nothing (columns, a split door, every setting) and saved,
 * then read back through the core; an existing bank changed (a column
 * added, renumbered) with its doors keeping their identity; the doors in
 * use that the core refuses to change, with the message shown and nothing
 * changed, also when the refusal comes at save time; field errors under
 * their field; the Lockers page's buttons; screenshots. Runs with
 * LANGUAGE=en and LANGUAGE=fr. */

#include "mr-test-display.h"
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "lockers/mr-locker-bank-editor.h"
#include "lockers/mr-lockers-page.h"
#include "mr-locker-layout.h"
#include "mr-lockers.h"
#include "mr-window.h"
#include "../mr-test-store.h"

typedef struct
{
  char *dir;
  MrStore *store;
  MrLockerBankEditor *editor;
  char *saved_id;
  gboolean saved_created;
  guint n_saved;
} Fixture;

static void
wait_mapped (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (widget));
  mr_test_iterate (50);
}

static char *
make_bank (MrStore *store, const char *name, const char *layout)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "name", "s", name);
  g_variant_dict_insert (&d, "layout", "s", layout);
  return mr_test_apply_ok (store, "locker_bank.create", &d);
}

/* A package for a new contact, dropped into door @number of @bank. */
static void
fill_door (MrStore *store, const char *bank, const char *number)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *contact = NULL, *package = NULL, *door = NULL;
  g_autoptr (MrLockerDropoff) drop = NULL;
  g_autoptr (GError) error = NULL;

  g_variant_dict_insert (&d, "first_name", "s", "Ann");
  g_variant_dict_insert (&d, "last_name", "s", number);
  contact = mr_test_apply_ok (store, "contact.create", &d);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "recipient_id", "s", contact);
  g_variant_dict_insert (&d, "size", "s", "XS");
  package = mr_test_apply_ok (store, "package.receive", &d);
  door = mr_store_find_locker_door (store, bank, number);
  g_assert_nonnull (door);
  g_assert_true (mr_locker_dropoff (store, package, bank, door, &drop, &error));
  g_assert_no_error (error);
}

static void
saved_cb (MrLockerBankEditor *editor, const char *id, gboolean created, Fixture *f)
{
  g_free (f->saved_id);
  f->saved_id = g_strdup (id);
  f->saved_created = created;
  f->n_saved++;
}

static void
open_editor (Fixture *f, const char *bank_id, int width, int height)
{
  f->editor = mr_locker_bank_editor_new (f->store, bank_id);
  g_object_ref_sink (f->editor);
  g_signal_connect (f->editor, "saved", G_CALLBACK (saved_cb), f);
  gtk_window_set_default_size (GTK_WINDOW (f->editor), width, height);
  gtk_window_present (GTK_WINDOW (f->editor));
  wait_mapped (GTK_WIDGET (f->editor));
}

static void
fixture_setup (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("mailroom-gui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (f->editor != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->editor));
      g_clear_object (&f->editor);
    }
  mr_test_iterate (50);
  g_clear_object (&f->store);
  g_free (f->saved_id);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static const MrLockerLayoutDoor *
layout_entry (const MrLockerLayout *layout, guint c, guint i)
{
  const MrLockerLayoutColumn *col;

  g_assert_cmpuint (c, <, layout->columns->len);
  col = g_ptr_array_index (layout->columns, c);
  g_assert_cmpuint (i, <, col->doors->len);
  return &g_array_index (col->doors, MrLockerLayoutDoor, i);
}

static const MrLockerDoor *
map_door (const MrLockerMap *map, guint col, guint row)
{
  for (guint i = 0; i < map->doors->len; i++)
    {
      const MrLockerDoor *d = &g_array_index (map->doors, MrLockerDoor, i);

      if (d->col == col && d->row == row)
        return d;
    }
  g_error ("no door at column %u, row %u", col, row);
  return NULL;
}

/* The @n-th spin button inside @root, depth first. */
static GtkSpinButton *
find_spin (GtkWidget *root, guint *n)
{
  if (GTK_IS_SPIN_BUTTON (root))
    {
      if ((*n)-- == 0)
        return GTK_SPIN_BUTTON (root);
      return NULL;
    }
  for (GtkWidget *w = gtk_widget_get_first_child (root); w; w = gtk_widget_get_next_sibling (w))
    {
      GtkSpinButton *spin = find_spin (w, n);

      if (spin != NULL)
        return spin;
    }
  return NULL;
}

static GtkSpinButton *
nth_spin (GtkWidget *root, guint n)
{
  GtkSpinButton *spin;

  g_assert_nonnull (root);
  spin = find_spin (root, &n);
  g_assert_nonnull (spin);
  return spin;
}

static GtkSpinButton *
row_spin (MrLockerBankEditor *editor, const char *field)
{
  return nth_spin (mr_locker_bank_editor_get_field_row (editor, field), 0);
}

static GtkSwitch *
row_switch (MrLockerBankEditor *editor, const char *field)
{
  GtkWidget *row = mr_locker_bank_editor_get_field_row (editor, field);
  GtkWidget *w = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

  g_assert_true (GTK_IS_SWITCH (w));
  return GTK_SWITCH (w);
}

static void
set_spin (GtkSpinButton *spin, double value)
{
  gtk_spin_button_set_value (spin, value);
  gtk_spin_button_update (spin);
}

/* The visible error under @field, or NULL when there is none. */
static const char *
field_error (MrLockerBankEditor *editor, const char *field)
{
  GtkLabel *label = mr_locker_bank_editor_get_error_label (editor, field);

  g_assert_nonnull (label);
  if (!gtk_widget_get_visible (GTK_WIDGET (label)) ||
      (GTK_WIDGET (label) != gtk_widget_get_parent (GTK_WIDGET (label)) &&
       !gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (label))) &&
       g_strcmp0 (field, "layout") != 0))
    return NULL;
  return gtk_label_get_label (label);
}

/* What a click on the dialog's button does: the response, then the
 * dialog closes. */
static void
respond (AdwMessageDialog *dialog, const char *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  mr_test_iterate (50);
}

static void
select_number (MrLockerBankEditor *editor, const char *number)
{
  guint c, e;

  g_assert_true (
    mr_locker_layout_find_door (mr_locker_bank_editor_get_layout (editor), number, &c, &e));
  mr_locker_layout_view_select (mr_locker_bank_editor_get_view (editor), (int) c, (int) e);
}

static char *
place_create (MrStore *store, const char *name)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "kind", "s", "site");
  g_variant_dict_insert (&d, "name", "s", name);
  return mr_test_apply_ok (store, "place.create", &d);
}

/* A new bank: two columns (one from the dialog), a door split from the
 * dialog, every setting, saved, then read back through the core. */
static void
test_create (Fixture *f, gconstpointer data)
{
  g_autofree char *place = place_create (f->store, "North Campus");
  MrLockerBankEditor *editor;
  MrLockerLayoutView *view;
  AdwMessageDialog *dialog;
  const MrLockerLayout *layout;
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (MrLockerMap) map = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *row;
  GListModel *places;
  guint c, e;
  gint64 journal;

  open_editor (f, NULL, 1100, 760);
  editor = f->editor;
  view = mr_locker_bank_editor_get_view (editor);
  layout = mr_locker_bank_editor_get_layout (editor);
  g_assert_cmpuint (layout->columns->len, ==, 0);
  g_assert_false (mr_locker_layout_view_get_selected (view, NULL, NULL));

  /* The first column from the dialog, as the shortcut opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-column", NULL));
  dialog = mr_locker_bank_editor_get_dialog (editor);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "doors-row")),
                         "S, XXL");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_nonnull (
    strstr (gtk_label_get_label (g_object_get_data (G_OBJECT (dialog), "message")), "XXL"));
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "doors-row")),
                         "S, M, L");
  set_spin (g_object_get_data (G_OBJECT (dialog), "width-spin"), 50);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  respond (dialog, "add");
  g_assert_null (mr_locker_bank_editor_get_dialog (editor));
  layout = mr_locker_bank_editor_get_layout (editor);
  g_assert_cmpuint (layout->columns->len, ==, 1);
  g_assert_cmpuint (layout->n_doors, ==, 3);
  /* The new column's top door is selected. */
  g_assert_true (mr_locker_layout_view_get_selected (view, &c, &e));
  g_assert_cmpuint (c, ==, 0);
  g_assert_cmpuint (e, ==, 0);

  /* The second column through the API. */
  g_assert_true (mr_locker_bank_editor_add_column (editor, 60, "XL, XL"));
  layout = mr_locker_bank_editor_get_layout (editor);
  g_assert_cmpuint (layout->columns->len, ==, 2);

  /* Keyboard: from the top of column 2 left to column 1, down to the L. */
  g_assert_true (mr_locker_layout_view_get_selected (view, &c, &e));
  g_assert_cmpuint (c, ==, 1);
  g_assert_true (mr_locker_layout_view_move_selection (view, -1, 0));
  g_assert_true (mr_locker_layout_view_move_selection (view, 0, 1));
  g_assert_true (mr_locker_layout_view_move_selection (view, 0, 1));
  g_assert_false (mr_locker_layout_view_move_selection (view, 0, 1));
  g_assert_true (mr_locker_layout_view_get_selected (view, &c, &e));
  g_assert_cmpuint (c, ==, 0);
  g_assert_cmpuint (e, ==, 2);
  g_assert_cmpstr (layout_entry (layout, 0, 2)->number, ==, "3");

  /* Split the L (40 cm) from its dialog: S over M by default. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.split-door", NULL));
  dialog = mr_locker_bank_editor_get_dialog (editor);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (adw_combo_row_get_selected (g_object_get_data (G_OBJECT (dialog), "top-size")),
                    ==, MR_LOCKER_SIZE_S);
  g_assert_cmpuint (
    adw_combo_row_get_selected (g_object_get_data (G_OBJECT (dialog), "bottom-size")), ==,
    MR_LOCKER_SIZE_M);
  respond (dialog, "split");
  layout = mr_locker_bank_editor_get_layout (editor);
  g_assert_cmpuint (layout->n_doors, ==, 6);
  g_assert_cmpint (layout_entry (layout, 0, 2)->size, ==, MR_LOCKER_SIZE_S);
  g_assert_cmpstr (layout_entry (layout, 0, 2)->number, ==, "3");
  g_assert_cmpint (layout_entry (layout, 0, 3)->size, ==, MR_LOCKER_SIZE_M);
  g_assert_cmpstr (layout_entry (layout, 0, 3)->number, ==, "6");

  /* The lower half kept for deliveries and loaded from the rear, from the
   * door's rows. */
  g_assert_true (mr_locker_layout_view_move_selection (view, 0, 1));
  gtk_switch_set_active (row_switch (editor, "delivery_only"), TRUE);
  adw_combo_row_set_selected (
    ADW_COMBO_ROW (mr_locker_bank_editor_get_field_row (editor, "loading")), 1);
  g_assert_true (layout_entry (mr_locker_bank_editor_get_layout (editor), 0, 3)->delivery_only);
  g_assert_true (layout_entry (mr_locker_bank_editor_get_layout (editor), 0, 3)->rear_loading);

  /* Settings, through their widgets. */
  gtk_editable_set_text (GTK_EDITABLE (mr_locker_bank_editor_get_field_row (editor, "name")),
                         "North lobby");
  row = mr_locker_bank_editor_get_field_row (editor, "place_id");
  places = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  g_assert_cmpuint (g_list_model_get_n_items (places), ==, 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  gtk_editable_set_text (
    GTK_EDITABLE (mr_locker_bank_editor_get_field_row (editor, "controller_address")),
    "10.0.0.7:502");
  set_spin (row_spin (editor, "base_cm"), 30);
  set_spin (row_spin (editor, "expiry_hours"), 48);
  set_spin (row_spin (editor, "reopen_seconds"), 120);
  adw_combo_row_set_selected (
    ADW_COMBO_ROW (mr_locker_bank_editor_get_field_row (editor, "pickup_mode")), 1);
  gtk_switch_set_active (row_switch (editor, "allow_add_to_existing"), FALSE);
  adw_combo_row_set_selected (
    ADW_COMBO_ROW (mr_locker_bank_editor_get_field_row (editor, "storage_mode")), 1);
  set_spin (row_spin (editor, "storage_hours"), 24);
  set_spin (row_spin (editor, "storage_max_hours"), 72);
  gtk_switch_set_active (row_switch (editor, "contactless"), TRUE);
  set_spin (
    nth_spin (mr_locker_bank_editor_get_field_row (editor, "keep_for_delivery"), MR_LOCKER_SIZE_S),
    1);

  journal = mr_store_count_journal (f->store);
  g_assert_true (mr_locker_bank_editor_save (editor));
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal + 1);
  g_assert_cmpuint (f->n_saved, ==, 1);
  g_assert_true (f->saved_created);
  g_assert_cmpstr (f->saved_id, ==, mr_locker_bank_editor_get_bank_id (editor));

  bank = mr_store_get_locker_bank (f->store, f->saved_id);
  g_assert_nonnull (bank);
  g_assert_cmpstr (bank->name, ==, "North lobby");
  g_assert_cmpstr (bank->place_id, ==, place);
  g_assert_cmpstr (bank->controller_address, ==, "10.0.0.7:502");
  g_assert_cmpint (bank->base_cm, ==, 30);
  g_assert_cmpint (bank->expiry_hours, ==, 48);
  g_assert_cmpint (bank->reopen_seconds, ==, 120);
  g_assert_cmpstr (bank->pickup_mode, ==, "one");
  g_assert_false (bank->allow_add_to_existing);
  g_assert_cmpstr (bank->storage_mode, ==, "flexible");
  g_assert_cmpint (bank->storage_hours, ==, 24);
  g_assert_cmpint (bank->storage_max_hours, ==, 72);
  g_assert_true (bank->contactless);
  g_assert_cmpuint (bank->keep_for_delivery[MR_LOCKER_SIZE_S], ==, 1);
  g_assert_cmpuint (bank->keep_for_delivery[MR_LOCKER_SIZE_M], ==, 0);
  g_assert_cmpuint (bank->n_doors, ==, 6);

  map = mr_locker_map_load (f->store, f->saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (map->columns->len, ==, 2);
  /* Column 1 from the top: S 1, M 2, S 3, M 6, on a base of 30 cm. */
  g_assert_cmpstr (map_door (map, 0, 0)->number, ==, "1");
  g_assert_cmpstr (map_door (map, 0, 2)->number, ==, "3");
  g_assert_cmpstr (map_door (map, 0, 3)->number, ==, "6");
  g_assert_cmpint (map_door (map, 0, 3)->size, ==, MR_LOCKER_SIZE_M);
  g_assert_cmpint (map_door (map, 0, 3)->bottom_cm, ==, 30);
  g_assert_true (map_door (map, 0, 3)->delivery_only);
  g_assert_true (map_door (map, 0, 3)->rear_loading);
  g_assert_false (map_door (map, 0, 2)->delivery_only);
  g_assert_false (map_door (map, 0, 2)->rear_loading);
  g_assert_cmpint (map_door (map, 0, 2)->bottom_cm, ==, 55);
  g_assert_cmpint (map_door (map, 0, 0)->bottom_cm, ==, 95);
  g_assert_cmpint (map_door (map, 0, 0)->width_cm, ==, 50);
  g_assert_true (map_door (map, 0, 3)->accessible == FALSE);
  g_assert_true (map_door (map, 0, 2)->accessible);
  g_assert_cmpstr (map_door (map, 1, 0)->number, ==, "4");
  g_assert_cmpint (map_door (map, 1, 0)->width_cm, ==, 60);
  g_assert_cmpint (map_door (map, 1, 1)->bottom_cm, ==, 30);
}

/* An existing bank: a column added from the dialog (like the last one),
 * renumbered by rows with a prefix, renamed; doors keep their ids. */
static void
test_edit (Fixture *f, gconstpointer data)
{
  g_autofree char *bank_id =
    make_bank (f->store, "Hall",
               "{ \"base_cm\": 10, \"width_cm\": 50, \"columns\": ["
               "{ \"doors\": [\"S\", \"M\", \"L\"] }, { \"doors\": [\"M\", \"M\"] } ] }");
  g_autoptr (MrLockerMap) before = NULL, after = NULL;
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (GError) error = NULL;
  MrLockerBankEditor *editor;
  AdwMessageDialog *dialog;
  const MrLockerLayout *layout;
  GtkWidget *number_row;
  const char *expected[3][3] = { { "A1", "A2", "A5" }, { "A3", "A6", NULL }, { "A4", "A7", NULL } };
  gint64 journal;
  guint c, e;

  before = mr_locker_map_load (f->store, bank_id, &error);
  g_assert_no_error (error);
  open_editor (f, bank_id, 1100, 760);
  editor = f->editor;
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, _ ("Edit Locker Bank"));
  g_assert_cmpstr (
    gtk_editable_get_text (GTK_EDITABLE (mr_locker_bank_editor_get_field_row (editor, "name"))), ==,
    "Hall");
  layout = mr_locker_bank_editor_get_layout (editor);
  g_assert_cmpuint (layout->columns->len, ==, 2);
  g_assert_cmpuint (layout->n_doors, ==, 5);
  g_assert_cmpint (layout->base_cm, ==, 10);
  g_assert_true (
    mr_locker_layout_view_get_selected (mr_locker_bank_editor_get_view (editor), &c, &e));
  g_assert_cmpuint (c, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-column", NULL));
  dialog = mr_locker_bank_editor_get_dialog (editor);
  g_assert_cmpstr (
    gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "doors-row"))), ==,
    "M, M");
  g_assert_cmpint (
    gtk_spin_button_get_value_as_int (g_object_get_data (G_OBJECT (dialog), "width-spin")), ==, 50);
  respond (dialog, "add");
  layout = mr_locker_bank_editor_get_layout (editor);
  g_assert_cmpuint (layout->columns->len, ==, 3);
  g_assert_cmpstr (layout_entry (layout, 2, 1)->number, ==, "7");

  /* A door's own number: a number taken is refused under the field. */
  select_number (editor, "1");
  number_row = mr_locker_bank_editor_get_field_row (editor, "number");
  gtk_editable_set_text (GTK_EDITABLE (number_row), "5");
  g_signal_emit_by_name (number_row, "apply");
  g_assert_nonnull (field_error (editor, "number"));
  g_assert_nonnull (strstr (field_error (editor, "number"), "5"));
  g_assert_cmpstr (layout_entry (mr_locker_bank_editor_get_layout (editor), 0, 0)->number, ==, "1");
  gtk_editable_set_text (GTK_EDITABLE (number_row), "1A");
  g_signal_emit_by_name (number_row, "apply");
  g_assert_null (field_error (editor, "number"));
  g_assert_cmpstr (layout_entry (mr_locker_bank_editor_get_layout (editor), 0, 0)->number, ==,
                   "1A");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.renumber", NULL));
  dialog = mr_locker_bank_editor_get_dialog (editor);
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (g_object_get_data (G_OBJECT (dialog), "order"), 1);
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "prefix")),
                         "TOOLONGPREFIX");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "renumber"));
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "prefix")), "A");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "renumber"));
  respond (dialog, "renumber");
  layout = mr_locker_bank_editor_get_layout (editor);
  for (guint col = 0; col < 3; col++)
    for (guint row = 0; row < 3 && expected[col][row]; row++)
      g_assert_cmpstr (layout_entry (layout, col, row)->number, ==, expected[col][row]);

  gtk_editable_set_text (GTK_EDITABLE (mr_locker_bank_editor_get_field_row (editor, "name")),
                         "Hall East");
  journal = mr_store_count_journal (f->store);
  g_assert_true (mr_locker_bank_editor_save (editor));
  /* The settings and the layout, in one transaction. */
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal + 2);
  g_assert_cmpuint (f->n_saved, ==, 1);
  g_assert_false (f->saved_created);
  g_assert_cmpstr (f->saved_id, ==, bank_id);

  bank = mr_store_get_locker_bank (f->store, bank_id);
  g_assert_cmpstr (bank->name, ==, "Hall East");
  after = mr_locker_map_load (f->store, bank_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->doors->len, ==, 7);
  for (guint col = 0; col < 3; col++)
    for (guint row = 0; row < 3 && expected[col][row]; row++)
      g_assert_cmpstr (map_door (after, col, row)->number, ==, expected[col][row]);
  /* Doors that were there are the same records. */
  g_assert_cmpstr (map_door (after, 0, 0)->id, ==, map_door (before, 0, 0)->id);
  g_assert_cmpstr (map_door (after, 1, 1)->id, ==, map_door (before, 1, 1)->id);
  g_assert_cmpint (map_door (after, 2, 1)->bottom_cm, ==, 10);
}

static gboolean
layout_error_shown (MrLockerBankEditor *editor, const char *fragment)
{
  const char *text = field_error (editor, "layout");

  if (text == NULL || strstr (text, fragment) == NULL)
    {
      g_test_message ("layout error: %s", text ? text : "(none)");
      return FALSE;
    }
  return TRUE;
}

/* Doors in use: the core refuses to resize, merge or remove them, the
 * message shows above the drawing, the layout stays as it was; a refusal
 * at save time changes nothing in the database either. Field errors go
 * under their field. */
static void
test_in_use (Fixture *f, gconstpointer data)
{
  g_autofree char *bank_id =
    make_bank (f->store, "Busy",
               "{ \"columns\": [{ \"doors\": [\"M\", \"M\"] }, { \"doors\": [\"L\", \"S\"] }] }");
  g_autofree char *other = make_bank (f->store, "Other", "[{ \"doors\": [\"S\"] }]");
  g_autofree char *json = NULL, *json_after = NULL;
  g_autoptr (MrLockerBank) bank = NULL;
  g_autoptr (MrLockerMap) map = NULL;
  g_autoptr (GError) error = NULL;
  MrLockerBankEditor *editor;
  MrLockerLayoutView *view;
  AdwComboRow *size_row;
  const MrLockerLayout *layout;
  gint64 journal;

  fill_door (f->store, bank_id, "2");
  open_editor (f, bank_id, 1100, 760);
  editor = f->editor;
  view = mr_locker_bank_editor_get_view (editor);
  size_row = ADW_COMBO_ROW (mr_locker_bank_editor_get_field_row (editor, "size"));
  g_assert_true (mr_locker_layout_view_is_busy (view, "2"));
  g_assert_false (mr_locker_layout_view_is_busy (view, "1"));
  json = mr_locker_layout_to_edit_json (mr_locker_bank_editor_get_layout (editor));
  journal = mr_store_count_journal (f->store);

  /* Resize the occupied door: refused, shown, nothing changed. */
  select_number (editor, "2");
  g_assert_null (field_error (editor, "layout"));
  g_assert_false (mr_locker_bank_editor_set_door_size (editor, MR_LOCKER_SIZE_XL, 0));
  g_assert_true (layout_error_shown (editor, "2"));
  /* The same through its row: the row shows the size it still has. */
  adw_combo_row_set_selected (size_row, MR_LOCKER_SIZE_L);
  g_assert_cmpuint (adw_combo_row_get_selected (size_row), ==, MR_LOCKER_SIZE_M);
  g_assert_true (layout_error_shown (editor, "2"));
  /* Its column removed with Delete, or the door above merged into it. */
  g_signal_emit_by_name (view, "delete-requested");
  g_assert_true (layout_error_shown (editor, "2"));
  select_number (editor, "1");
  g_assert_false (mr_locker_bank_editor_merge_door (editor));
  g_assert_true (layout_error_shown (editor, "2"));
  json_after = mr_locker_layout_to_edit_json (mr_locker_bank_editor_get_layout (editor));
  g_assert_cmpstr (json, ==, json_after);
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);

  /* The door above it can grow: the occupied door does not move. */
  g_assert_true (mr_locker_bank_editor_set_door_size (editor, MR_LOCKER_SIZE_L, 0));
  g_assert_null (field_error (editor, "layout"));

  /* Refused at save time: door 3 is resized while empty, then someone
   * drops a package into it before Save. Nothing is written. */
  gtk_editable_set_text (GTK_EDITABLE (mr_locker_bank_editor_get_field_row (editor, "name")),
                         "Busy 2");
  select_number (editor, "3");
  g_assert_true (mr_locker_bank_editor_set_door_size (editor, MR_LOCKER_SIZE_XL, 0));
  fill_door (f->store, bank_id, "3");
  journal = mr_store_count_journal (f->store);
  g_assert_false (mr_locker_bank_editor_save (editor));
  g_assert_true (layout_error_shown (editor, "3"));
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
  g_assert_cmpuint (f->n_saved, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  bank = mr_store_get_locker_bank (f->store, bank_id);
  g_assert_cmpstr (bank->name, ==, "Busy");
  map = mr_locker_map_load (f->store, bank_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (map_door (map, 1, 0)->size, ==, MR_LOCKER_SIZE_L);
  g_assert_cmpint (map_door (map, 0, 0)->size, ==, MR_LOCKER_SIZE_M);

  /* Door 3 back to its size; a name taken, then an expiry out of range:
   * each under its own field, nothing written. */
  g_assert_true (mr_locker_bank_editor_set_door_size (editor, MR_LOCKER_SIZE_L, 0));
  gtk_editable_set_text (GTK_EDITABLE (mr_locker_bank_editor_get_field_row (editor, "name")),
                         "other");
  g_assert_false (mr_locker_bank_editor_save (editor));
  g_assert_nonnull (field_error (editor, "name"));
  g_assert_nonnull (strstr (field_error (editor, "name"), "other"));
  g_assert_null (field_error (editor, "layout"));
  g_assert_null (field_error (editor, "expiry_hours"));
  gtk_editable_set_text (GTK_EDITABLE (mr_locker_bank_editor_get_field_row (editor, "name")),
                         "Busy 2");
  /* Typing in the field answers its error. */
  g_assert_null (field_error (editor, "name"));
  set_spin (row_spin (editor, "expiry_hours"), 0);
  g_assert_false (mr_locker_bank_editor_save (editor));
  g_assert_nonnull (field_error (editor, "expiry_hours"));
  g_assert_null (field_error (editor, "name"));
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);

  set_spin (row_spin (editor, "expiry_hours"), 24);
  g_assert_true (mr_locker_bank_editor_save (editor));
  g_assert_cmpuint (f->n_saved, ==, 1);
  g_clear_pointer (&bank, mr_locker_bank_free);
  bank = mr_store_get_locker_bank (f->store, bank_id);
  g_assert_cmpstr (bank->name, ==, "Busy 2");
  g_assert_cmpint (bank->expiry_hours, ==, 24);
  g_clear_pointer (&map, mr_locker_map_free);
  map = mr_locker_map_load (f->store, bank_id, &error);
  g_assert_cmpint (map_door (map, 0, 0)->size, ==, MR_LOCKER_SIZE_L);
  g_assert_cmpint (map_door (map, 0, 1)->size, ==, MR_LOCKER_SIZE_M);
  g_assert_cmpuint (map_door (map, 0, 1)->n_packages, ==, 1);
  (void) other;
  (void) layout;
}

static MrLockerBankEditor *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (MR_IS_LOCKER_BANK_EDITOR (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return MR_LOCKER_BANK_EDITOR (window);
    }
  return NULL;
}

/* The Lockers page opens the editor for a new bank (from its empty state)
 * and for the bank on the map, and shows a saved bank. */
static void
test_page_buttons (Fixture *f, gconstpointer data)
{
  MrWindow *window = mr_window_new (NULL, f->store);
  MrLockersPage *page;
  MrLockerBankEditor *editor;
  g_autofree char *id = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  mr_window_set_page_name (window, "lockers");
  page = MR_LOCKERS_PAGE (mr_window_get_page (window, "lockers"));
  wait_mapped (GTK_WIDGET (window));
  g_assert_null (mr_lockers_page_get_bank_id (page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "bank.new", NULL));
  mr_test_iterate (100);
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_null (mr_locker_bank_editor_get_bank_id (editor));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  g_assert_true (mr_locker_bank_editor_add_column (editor, 45, "S, M, L"));
  gtk_editable_set_text (GTK_EDITABLE (mr_locker_bank_editor_get_field_row (editor, "name")),
                         "Lobby");
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), f);
  g_assert_true (mr_locker_bank_editor_save (editor));
  id = g_strdup (f->saved_id);
  mr_test_iterate (100);
  g_assert_nonnull (id);
  g_assert_cmpstr (mr_lockers_page_get_bank_id (page), ==, id);
  g_assert_cmpuint (mr_lockers_page_get_map (page)->doors->len, ==, 3);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "bank.edit", NULL));
  mr_test_iterate (100);
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_cmpstr (mr_locker_bank_editor_get_bank_id (editor), ==, id);
  /* Escape closes it without saving. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL));
  mr_test_iterate (100);
  g_assert_null (find_editor ());

  gtk_window_destroy (GTK_WINDOW (window));
  mr_test_iterate (50);
}

/* A bank of four columns with panels, a door in use, a door selected. */
static void
test_screenshot (Fixture *f, gconstpointer data)
{
  g_autofree char *place = place_create (f->store, "HQ Paris");
  g_autofree char *bank_id = make_bank (
    f->store, "Main hall",
    "{ \"base_cm\": 10, \"width_cm\": 45, \"columns\": ["
    "{ \"doors\": [\"S\", \"S\", \"M\", \"M\", \"L\", \"L\"] },"
    "{ \"doors\": [\"M\", \"M\", {\"panel\": \"Screen\", \"height_cm\": 40}, \"M\", \"L\"] },"
    "{ \"doors\": [\"XL\", \"L\", \"XL\"] },"
    "{ \"width_cm\": 60, \"doors\": [\"S\", \"S\", \"M\", {\"height_cm\": 33}, \"XL\"] } ] }");
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&d, "id", "s", bank_id);
  g_variant_dict_insert (&d, "place_id", "s", place);
  g_variant_dict_insert (&d, "controller_address", "s", "10.0.4.20:502");
  g_variant_dict_insert (&d, "keep_for_delivery", "s", "S=2,M=1");
  g_free (mr_test_apply_ok (f->store, "locker_bank.set", &d));
  fill_door (f->store, bank_id, "4");

  open_editor (f, bank_id, 1100, 760);
  select_number (f->editor, "9");
  gtk_widget_grab_focus (GTK_WIDGET (mr_locker_bank_editor_get_view (f->editor)));
  mr_test_save_screenshot (GTK_WIDGET (f->editor), "locker-editor");

  /* The dialogs, to check their text fits. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.split-door", NULL));
  wait_mapped (GTK_WIDGET (mr_locker_bank_editor_get_dialog (f->editor)));
  mr_test_save_screenshot (GTK_WIDGET (mr_locker_bank_editor_get_dialog (f->editor)),
                           "locker-editor-split");
  respond (mr_locker_bank_editor_get_dialog (f->editor), "cancel");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.add-column", NULL));
  wait_mapped (GTK_WIDGET (mr_locker_bank_editor_get_dialog (f->editor)));
  mr_test_save_screenshot (GTK_WIDGET (mr_locker_bank_editor_get_dialog (f->editor)),
                           "locker-editor-add-column");
  respond (mr_locker_bank_editor_get_dialog (f->editor), "cancel");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.renumber", NULL));
  wait_mapped (GTK_WIDGET (mr_locker_bank_editor_get_dialog (f->editor)));
  mr_test_save_screenshot (GTK_WIDGET (mr_locker_bank_editor_get_dialog (f->editor)),
                           "locker-editor-renumber");
  respond (mr_locker_bank_editor_get_dialog (f->editor), "cancel");
  /* Cancelling changed nothing. */
  g_assert_cmpuint (mr_locker_bank_editor_get_layout (f->editor)->n_doors, ==, 18);

  /* A phone-sized window: the settings go under the drawing. */
  gtk_window_destroy (GTK_WINDOW (f->editor));
  g_clear_object (&f->editor);
  open_editor (f, bank_id, 360, 720);
  select_number (f->editor, "9");
  mr_test_iterate (200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->editor)), <=, 400);
  mr_test_save_screenshot (GTK_WIDGET (f->editor), "locker-editor-narrow");

  /* A new bank: nothing yet but its settings. */
  gtk_window_destroy (GTK_WINDOW (f->editor));
  g_clear_object (&f->editor);
  open_editor (f, NULL, 1100, 760);
  mr_test_save_screenshot (GTK_WIDGET (f->editor), "locker-editor-new");
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
      g_test_add_func ("/locker-editor/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/locker-editor/create", test_create);
  ADD ("/locker-editor/edit", test_edit);
  ADD ("/locker-editor/in-use", test_in_use);
  ADD ("/locker-editor/page-buttons", test_page_buttons);
  ADD ("/locker-editor/screenshot", test_screenshot);
  return g_test_run ();
}
