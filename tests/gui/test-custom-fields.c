/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Custom fields from the windows, in-process on a real display: fields
 * defined in the Preferences (add, label, type and choices, visibility per
 * screen, delete with its confirmation), then filled in on the Receiving
 * form after a scan (a required one warns, never blocks) and in the
 * package details (a bad number refused inline with nothing saved). The
 * store is checked after each step. Screenshots EN/FR. */

#include "mr-test-display.h"
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "contacts/mr-contact-editor.h"
#include "mr-custom-fields-page.h"
#include "mr-custom-fields.h"
#include "mr-preferences-window.h"
#include "packages/mr-handover-dialog.h"
#include "packages/mr-package-details.h"
#include "receiving/mr-receiving-page.h"
#include "widgets/mr-custom-fields-group.h"

#define TRACKING "1Z999AA10123456784"

typedef struct
{
  char *dir;
  char *path;
  MrStore *store;
} Fixture;

/* Widgets */

static void
collect (GtkWidget *widget, GType type, GPtrArray *out)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        g_ptr_array_add (out, c);
      collect (c, type, out);
    }
}

static GtkWidget *
find_one (GtkWidget *root, GType type)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();

  collect (root, type, all);
  return all->len > 0 ? all->pdata[0] : NULL;
}

/* The row titled @title inside @root. */
static GtkWidget *
row_titled (GtkWidget *root, GType type, const char *title)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();

  collect (root, type, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (all->pdata[i]), title) == 0)
      return all->pdata[i];
  g_error ("no row titled “%s”", title);
  return NULL;
}

static GtkWidget *
button_with_tooltip (GtkWidget *root, const char *tooltip)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (all->pdata[i]), tooltip) == 0)
      return all->pdata[i];
  g_error ("no button “%s”", tooltip);
  return NULL;
}

static GPtrArray *
expanders (GtkWidget *page)
{
  GPtrArray *all = g_ptr_array_new ();

  collect (page, ADW_TYPE_EXPANDER_ROW, all);
  return all;
}

static void
type_and_apply (GtkWidget *entry_row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry_row), text);
  g_signal_emit_by_name (entry_row, "apply");
  mr_test_iterate (20);
}

/* Store */

static GVariant *
field (Fixture *f, const char *label)
{
  GVariant *v = mr_store_find_custom_field (f->store, label);

  if (v == NULL)
    g_error ("no field “%s” in the store", label);
  return v;
}

static const char *
str (GVariant *v, const char *key)
{
  const char *s = NULL;

  g_variant_lookup (v, key, "&s", &s);
  return s;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("mailroom-custom-fields-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void handover (Fixture *f, const char *cost_id);

/* Preferences: two fields defined from the page, one deleted. */
static void
define_fields (Fixture *f)
{
  GtkWidget *window = mr_preferences_window_new (f->store);
  GtkWidget *page, *add, *exp, *type_row, *choices_row;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GVariant) cost = NULL;
  g_autoptr (GVariant) box = NULL;
  g_autoptr (GVariant) screens = NULL;
  const char *vis = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 900);
  gtk_window_present (GTK_WINDOW (window));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "custom-fields");
  mr_test_iterate (100);
  page = find_one (window, MR_TYPE_CUSTOM_FIELDS_PAGE);
  g_assert_nonnull (page);
  add = button_with_tooltip (page, _ ("Add a custom field"));

  /* Added, opened, renamed. */
  g_signal_emit_by_name (add, "clicked");
  mr_test_iterate (50);
  {
    g_autoptr (GPtrArray) list = mr_store_list_custom_fields (f->store, NULL);

    g_assert_cmpuint (list->len, ==, 1);
  }
  rows = expanders (page);
  g_assert_cmpuint (rows->len, ==, 1);
  exp = rows->pdata[0];
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (exp)));
  type_and_apply (row_titled (exp, ADW_TYPE_ENTRY_ROW, C_ ("custom field", "Label")),
                  "Cost centre");
  cost = field (f, "Cost centre");
  g_assert_cmpstr (str (cost, "type"), ==, "text");
  /* Required on the receiving screen. */
  adw_combo_row_set_selected (
    ADW_COMBO_ROW (
      row_titled (exp, ADW_TYPE_COMBO_ROW, mr_custom_field_screen_get_label ("receiving"))),
    2);
  g_clear_pointer (&cost, g_variant_unref);
  cost = field (f, "Cost centre");
  screens = g_variant_lookup_value (cost, "screens", NULL);
  g_assert_true (g_variant_lookup (screens, "receiving", "&s", &vis));
  g_assert_cmpstr (vis, ==, "required");

  /* A choice field: the type waits for its choices. */
  g_signal_emit_by_name (add, "clicked");
  mr_test_iterate (50);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = expanders (page);
  g_assert_cmpuint (rows->len, ==, 2);
  exp = rows->pdata[1];
  type_and_apply (row_titled (exp, ADW_TYPE_ENTRY_ROW, C_ ("custom field", "Label")), "Box");
  type_row = row_titled (exp, ADW_TYPE_COMBO_ROW, _ ("Type"));
  choices_row = row_titled (exp, ADW_TYPE_ENTRY_ROW, _ ("Choices, Separated by Commas"));
  g_assert_false (gtk_widget_get_visible (choices_row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (type_row), 3);
  mr_test_iterate (20);
  g_assert_true (gtk_widget_get_visible (choices_row));
  box = field (f, "Box");
  g_assert_cmpstr (str (box, "type"), ==, "text");
  type_and_apply (choices_row, "Small, Large");
  g_clear_pointer (&box, g_variant_unref);
  box = field (f, "Box");
  g_assert_cmpstr (str (box, "type"), ==, "choice");
  {
    g_autoptr (GVariant) choices = g_variant_lookup_value (box, "choices", NULL);

    g_assert_cmpuint (g_variant_n_children (choices), ==, 2);
  }
  /* A label already taken is refused and the row goes back. */
  type_and_apply (row_titled (exp, ADW_TYPE_ENTRY_ROW, C_ ("custom field", "Label")),
                  "COST CENTRE");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     row_titled (exp, ADW_TYPE_ENTRY_ROW, C_ ("custom field", "Label")))),
                   ==, "Box");
  mr_test_save_screenshot (window, "custom-fields-preferences");

  /* A third one, deleted after its confirmation. */
  g_signal_emit_by_name (add, "clicked");
  mr_test_iterate (50);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = expanders (page);
  g_assert_cmpuint (rows->len, ==, 3);
  {
    g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
    g_autoptr (GListModel) toplevels = NULL;
    AdwMessageDialog *dialog = NULL;
    GtkWidget *del = NULL;

    collect (rows->pdata[2], GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (gtk_widget_has_css_class (buttons->pdata[i], "destructive-action"))
        del = buttons->pdata[i];
    g_assert_nonnull (del);
    g_signal_emit_by_name (del, "clicked");
    mr_test_iterate (100);
    toplevels = g_object_ref (gtk_window_get_toplevels ());
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (w))
          dialog = ADW_MESSAGE_DIALOG (w);
      }
    g_assert_nonnull (dialog);
    mr_test_save_screenshot (GTK_WIDGET (dialog), "custom-fields-delete");
    adw_message_dialog_response (dialog, "delete");
    gtk_window_destroy (GTK_WINDOW (dialog));
    mr_test_iterate (50);
  }
  {
    g_autoptr (GPtrArray) list = mr_store_list_custom_fields (f->store, NULL);
    g_autoptr (GPtrArray) after = expanders (page);

    g_assert_cmpuint (list->len, ==, 2);
    g_assert_cmpuint (after->len, ==, 2);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  mr_test_iterate (20);
}

static void
test_custom_fields (Fixture *f, gconstpointer data)
{
  g_autoptr (GVariant) cost = NULL;
  g_autoptr (GVariant) box = NULL;
  g_autoptr (GVariant) weight = NULL;
  g_autofree char *pkg = NULL;
  const char *status;

  define_fields (f);
  cost = field (f, "Cost centre");
  box = field (f, "Box");
  /* A number field, from the store: the details refuse a bad value. */
  {
    g_autofree char *id = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_true (mr_store_apply (
      f->store, "custom_field.set",
      g_variant_new_parsed ("{'label': <'Weight'>, 'type': <'number'>}"), &id, &error));
    g_assert_no_error (error);
    g_assert_true (mr_store_apply (
      f->store, "custom_field.screen",
      g_variant_new_parsed ("{'id': <%s>, 'screen': <'receiving'>, 'visibility': <'hidden'>}", id),
      NULL, &error));
    g_assert_no_error (error);
  }
  weight = field (f, "Weight");

  /* Receiving: a scan is saved at once; the required field warns. */
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *overlay = adw_toast_overlay_new ();
    GtkWidget *page = mr_receiving_page_new (f->store);
    MrCustomFieldsGroup *group;
    g_autoptr (GPtrArray) rows = g_ptr_array_new ();
    g_autofree char *expected = NULL;
    g_autoptr (GHashTable) values = NULL;
    GtkWidget *cost_row;

    adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
    gtk_window_set_child (GTK_WINDOW (window), overlay);
    gtk_window_set_default_size (GTK_WINDOW (window), 1100, 900);
    gtk_window_present (GTK_WINDOW (window));
    mr_test_iterate (100);
    group = MR_CUSTOM_FIELDS_GROUP (find_one (page, MR_TYPE_CUSTOM_FIELDS_GROUP));
    g_assert_nonnull (group);
    /* Weight is hidden on this screen. */
    g_assert_cmpuint (mr_custom_fields_group_get_n_fields (group), ==, 2);

    mr_receiving_page_handle_scan (MR_RECEIVING_PAGE (page), TRACKING);
    mr_test_iterate (100);
    pkg = g_strdup (mr_receiving_page_get_current_id (MR_RECEIVING_PAGE (page)));
    g_assert_nonnull (pkg);
    g_assert_cmpstr (mr_custom_fields_group_get_entity (group), ==, pkg);
    expected = mr_custom_fields_group_dup_missing (group);
    g_assert_cmpstr (expected, ==, "Cost centre");

    /* Tab reaches the rows: they are focusable, in the form. */
    {
      g_autofree char *title = g_strdup_printf (_ ("%s (required)"), "Cost centre");

      cost_row = row_titled (GTK_WIDGET (group), ADW_TYPE_ENTRY_ROW, title);
    }
    g_assert_true (gtk_widget_get_sensitive (cost_row));
    {
      GtkWidget *notes = row_titled (page, ADW_TYPE_ENTRY_ROW, _ ("Notes"));
      gboolean reached = FALSE;

      g_assert_true (gtk_widget_grab_focus (notes));
      for (guint i = 0; i < 4 && !reached; i++)
        {
          gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD);
          reached = gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), cost_row);
        }
      g_assert_true (reached);
    }
    mr_test_save_screenshot (window, "custom-fields-receiving");

    /* Choice saved as chosen. */
    collect (GTK_WIDGET (group), ADW_TYPE_COMBO_ROW, rows);
    g_assert_cmpuint (rows->len, ==, 1);
    adw_combo_row_set_selected (ADW_COMBO_ROW (rows->pdata[0]), 2);
    mr_test_iterate (20);
    /* Saved, and the status line says what is still required. */
    {
      g_autofree char *warning =
        g_strdup_printf (_ ("Still empty and required: %s"), "Cost centre");

      g_assert_cmpstr (mr_receiving_page_get_status (MR_RECEIVING_PAGE (page)), ==, warning);
    }
    /* The text when the clerk leaves it: another scan. */
    gtk_editable_set_text (GTK_EDITABLE (cost_row), "CC-42");
    mr_receiving_page_handle_scan (MR_RECEIVING_PAGE (page), "1Z999AA10123456795");
    mr_test_iterate (100);
    g_assert_cmpstr (mr_receiving_page_get_current_id (MR_RECEIVING_PAGE (page)), !=, pkg);
    status = mr_receiving_page_get_status (MR_RECEIVING_PAGE (page));
    g_assert_nonnull (status);

    values = mr_store_get_custom_values (f->store, pkg);
    g_assert_cmpstr (g_hash_table_lookup (values, str (cost, "id")), ==, "CC-42");
    g_assert_cmpstr (g_hash_table_lookup (values, str (box, "id")), ==, "Large");
    gtk_window_destroy (GTK_WINDOW (window));
    mr_test_iterate (20);
  }

  /* Package details: the values shown and editable. */
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *overlay = adw_toast_overlay_new ();
    GtkWidget *details = mr_package_details_new (f->store);
    g_autoptr (MrPackage) package = mr_store_get_package (f->store, pkg);
    g_autoptr (GHashTable) values = NULL;
    MrCustomFieldsGroup *group;
    GtkWidget *weight_row, *cost_row;
    gint64 journal;

    adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), details);
    gtk_window_set_child (GTK_WINDOW (window), overlay);
    gtk_window_set_default_size (GTK_WINDOW (window), 600, 1100);
    gtk_window_present (GTK_WINDOW (window));
    mr_package_details_set_package (MR_PACKAGE_DETAILS (details), package);
    mr_test_iterate (100);
    group =
      MR_CUSTOM_FIELDS_GROUP (mr_package_details_get_custom_fields (MR_PACKAGE_DETAILS (details)));
    g_assert_cmpuint (mr_custom_fields_group_get_n_fields (group), ==, 3);
    cost_row = row_titled (GTK_WIDGET (group), ADW_TYPE_ENTRY_ROW, "Cost centre");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cost_row)), ==, "CC-42");
    weight_row = row_titled (GTK_WIDGET (group), ADW_TYPE_ENTRY_ROW, "Weight");

    /* Refused, shown inline, nothing saved. */
    journal = mr_store_count_journal (f->store);
    gtk_widget_grab_focus (weight_row);
    type_and_apply (weight_row, "heavy");
    g_assert_true (gtk_widget_has_css_class (weight_row, "error"));
    g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (weight_row)), ==, "heavy");
    {
      /* The message under the row in view. */
      GtkWidget *sw = gtk_widget_get_ancestor (weight_row, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));

      mr_test_iterate (50);
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    }
    mr_test_save_screenshot (window, "custom-fields-details-error");

    /* Corrected: saved as stored, with a dot. */
    type_and_apply (weight_row, "2,5");
    g_assert_false (gtk_widget_has_css_class (weight_row, "error"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (weight_row)), ==, "2.5");
    type_and_apply (cost_row, "CC-7");
    values = mr_store_get_custom_values (f->store, pkg);
    g_assert_cmpstr (g_hash_table_lookup (values, str (weight, "id")), ==, "2.5");
    g_assert_cmpstr (g_hash_table_lookup (values, str (cost, "id")), ==, "CC-7");
    mr_test_save_screenshot (window, "custom-fields-details");

    /* A change from elsewhere (the CLI, sync) shows. */
    g_assert_true (mr_store_apply (f->store, "custom.set",
                                   g_variant_new_parsed ("{'entity_id': <%s>, 'field_id': <%s>, "
                                                         "'value': <'CC-9'>}",
                                                         pkg, str (cost, "id")),
                                   NULL, NULL));
    mr_test_iterate (20);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cost_row)), ==, "CC-9");
    gtk_window_destroy (GTK_WINDOW (window));
    mr_test_iterate (20);
  }

  handover (f, str (cost, "id"));
}

/* Handover: the 'delivery' screen's required field blocks the handover
 * with an inline error and nothing changed; filled in, it is saved with
 * the delivery. */
static void
handover (Fixture *f, const char *cost_id)
{
  g_autofree char *ann = NULL;
  g_autofree char *p2 = NULL;
  g_autoptr (MrPackage) package = NULL;
  g_autoptr (GHashTable) values = NULL;
  MrHandoverDialog *dialog;
  MrCustomFieldsGroup *group;
  const char *ids[2] = { NULL, NULL };
  GtkWidget *row;
  gint64 journal;

  g_assert_true (mr_store_apply (
    f->store, "contact.create",
    g_variant_new_parsed ("{'first_name': <'Ann'>, 'last_name': <'Archer'>}"), &ann, NULL));
  g_assert_true (mr_store_apply (
    f->store, "package.receive",
    g_variant_new_parsed ("{'recipient_id': <%s>, 'tracking_number': <'K1234567895'>}", ann), &p2,
    NULL));
  g_assert_true (mr_store_apply (f->store, "custom_field.screen",
                                 g_variant_new_parsed ("{'id': <%s>, 'screen': <'delivery'>, "
                                                       "'visibility': <'required'>}",
                                                       cost_id),
                                 NULL, NULL));
  ids[0] = p2;
  dialog = mr_handover_dialog_new (NULL, f->store, ids);
  gtk_window_present (GTK_WINDOW (dialog));
  mr_test_iterate (100);
  mr_handover_dialog_set_taker (dialog, ann);
  group = MR_CUSTOM_FIELDS_GROUP (mr_handover_dialog_get_custom_fields (dialog));
  g_assert_cmpuint (mr_custom_fields_group_get_n_fields (group), ==, 3);
  {
    g_autofree char *title = g_strdup_printf (_ ("%s (required)"), "Cost centre");

    row = row_titled (GTK_WIDGET (group), ADW_TYPE_ENTRY_ROW, title);
  }

  journal = mr_store_count_journal (f->store);
  g_assert_false (mr_handover_dialog_hand_over (dialog));
  g_assert_nonnull (mr_handover_dialog_get_error (dialog));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
  package = mr_store_get_package (f->store, p2);
  g_assert_cmpint (mr_package_get_status (package), ==, MR_PACKAGE_RECEIVED);
  g_clear_object (&package);
  mr_test_save_screenshot (GTK_WIDGET (dialog), "custom-fields-handover");

  /* Typed, not saved until the handover. */
  gtk_editable_set_text (GTK_EDITABLE (row), "CC-1");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (mr_handover_dialog_hand_over (dialog));
  mr_test_iterate (50);
  values = mr_store_get_custom_values (f->store, p2);
  g_assert_cmpstr (g_hash_table_lookup (values, cost_id), ==, "CC-1");
  package = mr_store_get_package (f->store, p2);
  g_assert_cmpint (mr_package_get_status (package), ==, MR_PACKAGE_PICKED_UP);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  mr_test_iterate (20);

  /* Contact editor: the 'contact' screen, saved with the contact. */
  {
    g_autoptr (GVariant) box = field (f, "Box");
    g_autoptr (MrContact) contact = mr_store_get_contact (f->store, ann);
    g_autoptr (GHashTable) contact_values = NULL;
    MrContactEditor *editor;
    g_autoptr (GPtrArray) combos = g_ptr_array_new ();

    g_assert_true (mr_store_apply (f->store, "custom_field.screen",
                                   g_variant_new_parsed ("{'id': <%s>, 'screen': <'contact'>, "
                                                         "'visibility': <'required'>}",
                                                         str (box, "id")),
                                   NULL, NULL));
    editor = mr_contact_editor_new (f->store, contact);
    gtk_window_present (GTK_WINDOW (editor));
    mr_test_iterate (100);
    group = MR_CUSTOM_FIELDS_GROUP (mr_contact_editor_get_custom_fields (editor));
    g_assert_cmpuint (mr_custom_fields_group_get_n_fields (group), ==, 3);
    collect (GTK_WIDGET (group), ADW_TYPE_COMBO_ROW, combos);
    g_assert_cmpuint (combos->len, ==, 1);

    journal = mr_store_count_journal (f->store);
    g_assert_false (mr_contact_editor_save (editor));
    g_assert_true (gtk_widget_has_css_class (combos->pdata[0], "error"));
    g_assert_cmpint (mr_store_count_journal (f->store), ==, journal);
    mr_test_save_screenshot (GTK_WIDGET (editor), "custom-fields-contact");

    adw_combo_row_set_selected (ADW_COMBO_ROW (combos->pdata[0]), 1);
    g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
    g_assert_true (mr_contact_editor_save (editor));
    mr_test_iterate (50);
    contact_values = mr_store_get_custom_values (f->store, ann);
    g_assert_cmpstr (g_hash_table_lookup (contact_values, str (box, "id")), ==, "Small");
    if (editor != NULL)
      gtk_window_destroy (GTK_WINDOW (editor));
    mr_test_iterate (20);
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
      g_test_add_func ("/custom-fields/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/gnome/Mailroom/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/custom-fields/define-and-fill", Fixture, NULL, fixture_setup, test_custom_fields,
              fixture_teardown);
  return g_test_run ();
}
