/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mr-test-display.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "addressbook/mr-departments-page.h"
#include "addressbook/mr-name-dialog.h"
#include "addressbook/mr-node-tree-page.h"
#include "mr-records.h"
#include "mr-store.h"
#include "../mr-test-files.h"

/* The address book pages driven the way a user drives them: through their
 * actions, their dialogs and the toast's Undo button, against a real
 * store in a temporary directory. Expected texts go through gettext, so the
 * same tests run in English and in French. */

static gboolean have_display;

typedef struct
{
  char *dir;
  char *path;
  MrStore *store;
  GtkWindow *window;
  GtkWidget *overlay;
} Fixture;

/* The window's win.undo as MrWindow implements it: apply the reverting
 * mutation carried by the toast. The page is tested against that
 * contract, not against the window. */
static void
undo_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr (GVariant) args = NULL;
  g_autoptr (GError) error = NULL;
  const char *mutation;

  g_variant_get (param, "(&s@a{sv})", &mutation, &args);
  mr_store_apply (f->store, mutation, args, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSimpleActionGroup) group = NULL;
  static const GActionEntry entries[] = {
    { "undo", undo_cb, "(sa{sv})" },
  };

  if (!have_display)
    return;

  f->dir = g_dir_make_tmp ("mr-gui-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = mr_store_open (f->path, &error);
  g_assert_no_error (error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 700);
  f->overlay = adw_toast_overlay_new ();
  gtk_window_set_child (f->window, f->overlay);
  group = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), f);
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "win", G_ACTION_GROUP (group));
}

static void
destroy_dialogs (void)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (MR_IS_NAME_DIALOG (l->data) || ADW_IS_MESSAGE_DIALOG (l->data))
      gtk_window_destroy (l->data);
  g_list_free (toplevels);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  if (!have_display)
    return;

  destroy_dialogs ();
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->store);
  wal = g_strconcat (f->path, "-wal", NULL);
  shm = g_strconcat (f->path, "-shm", NULL);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  mr_test_unlink_search (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @cond holds or 5 s pass. */
#define WAIT_FOR(cond)                                         \
  G_STMT_START                                                 \
  {                                                            \
    gboolean timed_out_ = FALSE;                               \
    guint id_ = g_timeout_add (5000, timeout_cb, &timed_out_); \
    while (!(cond) && !timed_out_)                             \
      g_main_context_iteration (NULL, TRUE);                   \
    if (!timed_out_)                                           \
      g_source_remove (id_);                                   \
    g_assert_true (cond);                                      \
  }                                                            \
  G_STMT_END

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Lets everything queued run: idle refreshes of the pages and lists
 * (G_PRIORITY_HIGH_IDLE), and the redraws and animations that outrank
 * them. A G_PRIORITY_LOW idle runs only once none of those is ready; it
 * is queued a few times since a refresh may queue another. */
static void
run_pending (void)
{
  for (guint i = 0; i < 3; i++)
    {
      gboolean done = FALSE;

      g_idle_add_full (G_PRIORITY_LOW, timeout_cb, &done, NULL);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
}

static void
show (Fixture *f, GtkWidget *page)
{
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (f->overlay), page);
  gtk_window_present (f->window);
  WAIT_FOR (gtk_widget_get_mapped (page));
}

static MrNameDialog *
find_name_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  MrNameDialog *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (MR_IS_NAME_DIALOG (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

/* Opens the dialog with @action, types @name (and @code) and saves it
 * the way the Save button does. Returns the dialog if it stayed open. */
static MrNameDialog *
fill_dialog (
  GtkWidget *page, const char *action, GVariant *target, const char *name, const char *code)
{
  MrNameDialog *dialog;

  g_assert_null (find_name_dialog ());
  g_assert_true (gtk_widget_activate_action_variant (page, action, target));
  dialog = find_name_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) ==
                 GTK_WINDOW (gtk_widget_get_root (page)));
  mr_name_dialog_set_name (dialog, name);
  if (code != NULL)
    mr_name_dialog_set_code (dialog, code);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL));
  run_pending ();
  return find_name_dialog ();
}

static char *
add_contact (MrStore *store, const char *first, const char *last)
{
  g_autoptr (GError) error = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  char *id = NULL;

  g_variant_dict_insert (&d, "first_name", "s", first);
  g_variant_dict_insert (&d, "last_name", "s", last);
  mr_store_apply (store, "contact.create", g_variant_dict_end (&d), &id, &error);
  g_assert_no_error (error);
  return id;
}

static char *
contact_department (MrStore *store, const char *contact_id)
{
  g_autoptr (MrContact) c = mr_store_get_contact (store, contact_id);

  g_assert_nonnull (c);
  return g_strdup (mr_contact_get_department_id (c));
}

static guint
list_view_count (GtkWidget *page, GType type, const char *name)
{
  GtkListView *view = GTK_LIST_VIEW (gtk_widget_get_template_child (page, type, name));
  GtkSelectionModel *model = gtk_list_view_get_model (view);

  return model ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
}

static const char *
stack_page (GtkWidget *page, GType type, const char *name)
{
  return gtk_stack_get_visible_child_name (
    GTK_STACK (gtk_widget_get_template_child (page, type, name)));
}

static void
find_buttons (GtkWidget *widget, const char *label, GPtrArray *out)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    find_buttons (c, label, out);
}

static GtkWidget *
find_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks the Undo button of the toast titled @toast_title, as a user
 * would. Older toasts may still be on their way out, so the button is the
 * one next to that title. */
static void
click_undo (Fixture *f, const char *toast_title)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *toast;

  WAIT_FOR (find_label (f->overlay, toast_title) != NULL);
  /* As fast as a person, not faster: libadwaita 1.2 crashes when a toast
   * is dismissed during its show animation (see widgets/mr-toast-slot.c). */
  wait_ms (700);
  for (toast = find_label (f->overlay, toast_title); toast != NULL && buttons->len == 0;
       toast = gtk_widget_get_parent (toast))
    find_buttons (toast, _ ("_Undo"), buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  g_signal_emit_by_name (g_ptr_array_index (buttons, 0), "clicked");
  run_pending ();
}

/* Departments */

static void
test_department_create (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  MrNameDialog *dialog;
  g_autoptr (MrDepartment) d = NULL;
  g_autofree char *expected = NULL;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  page = mr_departments_page_new (f->store);
  show (f, page);
  g_assert_cmpstr (stack_page (page, MR_TYPE_DEPARTMENTS_PAGE, "list_stack"), ==, "empty");
  /* Nothing selected: nothing to rename. */
  gtk_widget_activate_action (page, "departments.rename", NULL);
  g_assert_null (find_name_dialog ());

  /* An empty name is refused inline; the dialog stays open. */
  dialog = fill_dialog (page, "departments.add", NULL, "   ", NULL);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (mr_name_dialog_get_error (dialog), ==, _ ("Enter a department name."));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (gtk_widget_get_template_child (
                                             GTK_WIDGET (dialog), MR_TYPE_NAME_DIALOG, "name_row")),
                                           "error"));

  /* Typing clears the stale message; a real name saves and closes. */
  mr_name_dialog_set_name (dialog, "Finance");
  g_assert_null (mr_name_dialog_get_error (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL));
  run_pending ();
  g_assert_null (find_name_dialog ());

  d = mr_store_find_department (f->store, "Finance");
  g_assert_nonnull (d);
  g_assert_cmpstr (mr_departments_page_get_selected_id (MR_DEPARTMENTS_PAGE (page)), ==,
                   mr_department_get_id (d));
  g_assert_cmpstr (stack_page (page, MR_TYPE_DEPARTMENTS_PAGE, "list_stack"), ==, "list");
  g_assert_cmpstr (stack_page (page, MR_TYPE_DEPARTMENTS_PAGE, "details_stack"), ==, "details");
  g_assert_cmpstr (stack_page (page, MR_TYPE_DEPARTMENTS_PAGE, "members_stack"), ==, "empty");

  /* A duplicate (in another case) is refused, naming the problem. */
  dialog = fill_dialog (page, "departments.add", NULL, "FINANCE", NULL);
  g_assert_nonnull (dialog);
  expected = g_strdup_printf (_ ("A department named “%s” already exists."), "FINANCE");
  g_assert_cmpstr (mr_name_dialog_get_error (dialog), ==, expected);
  gtk_window_destroy (GTK_WINDOW (dialog));
  run_pending ();

  /* Rename through the dialog, prefilled with the current name. */
  dialog = NULL;
  g_assert_true (gtk_widget_activate_action (page, "departments.rename", NULL));
  dialog = find_name_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (mr_name_dialog_get_name (dialog), ==, "Finance");
  mr_name_dialog_set_name (dialog, "Accounting");
  mr_name_dialog_save (dialog);
  run_pending ();
  g_assert_null (find_name_dialog ());
  g_clear_object (&d);
  d = mr_store_find_department (f->store, "Accounting");
  g_assert_nonnull (d);
  g_assert_null (mr_store_find_department (f->store, "Finance"));
}

static char *
create_department (MrStore *store, const char *name)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  g_variant_dict_insert (&d, "name", "s", name);
  mr_store_apply (store, "department.create", g_variant_dict_end (&d), &id, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_department_members (Fixture *f, gconstpointer data)
{
  g_autofree char *dept = NULL;
  g_autofree char *other = NULL;
  g_autofree char *ada = NULL;
  g_autofree char *grace = NULL;
  g_autofree char *alan = NULL;
  g_autoptr (MrDepartment) d = NULL;
  GtkWidget *page;
  char *dept_of;
  char *text;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  dept = create_department (f->store, "Research");
  other = create_department (f->store, "Sales");
  ada = add_contact (f->store, "Ada", "Lovelace");
  grace = add_contact (f->store, "Grace", "Hopper");
  alan = add_contact (f->store, "Alan", "Turing");

  page = mr_departments_page_new (f->store);
  show (f, page);
  g_assert_true (mr_departments_page_select (MR_DEPARTMENTS_PAGE (page), dept));
  g_assert_cmpstr (mr_departments_page_get_selected_id (MR_DEPARTMENTS_PAGE (page)), ==, dept);
  g_assert_cmpstr (stack_page (page, MR_TYPE_DEPARTMENTS_PAGE, "members_stack"), ==, "empty");

  g_assert_true (gtk_widget_activate_action (page, "departments.add-member", "s", ada));
  g_assert_true (gtk_widget_activate_action (page, "departments.add-member", "s", grace));
  run_pending ();
  dept_of = contact_department (f->store, ada);
  g_assert_cmpstr (dept_of, ==, dept);
  g_free (dept_of);
  dept_of = contact_department (f->store, alan);
  g_assert_null (dept_of);
  g_assert_cmpuint (list_view_count (page, MR_TYPE_DEPARTMENTS_PAGE, "members_view"), ==, 2);
  g_assert_cmpstr (stack_page (page, MR_TYPE_DEPARTMENTS_PAGE, "members_stack"), ==, "list");
  text = g_strdup_printf (ngettext ("%u Member", "%u Members", 2), 2);
  g_assert_nonnull (find_label (page, text));
  g_free (text);

  /* The key contact is shown prominently. */
  g_assert_true (gtk_widget_activate_action (page, "departments.set-key-contact", "s", grace));
  run_pending ();
  d = mr_store_get_department (f->store, dept);
  g_assert_cmpstr (mr_department_get_key_contact_id (d), ==, grace);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     gtk_widget_get_template_child (page, MR_TYPE_DEPARTMENTS_PAGE, "key_row"))),
                   ==, "Grace Hopper");
  g_assert_nonnull (find_label (page, _ ("Key contact")));

  /* Removing the key contact from the department also clears the key. */
  g_assert_true (gtk_widget_activate_action (page, "departments.remove-member", "s", grace));
  run_pending ();
  g_clear_object (&d);
  d = mr_store_get_department (f->store, dept);
  g_assert_null (mr_department_get_key_contact_id (d));
  dept_of = contact_department (f->store, grace);
  g_assert_null (dept_of);
  g_assert_cmpuint (list_view_count (page, MR_TYPE_DEPARTMENTS_PAGE, "members_view"), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     gtk_widget_get_template_child (page, MR_TYPE_DEPARTMENTS_PAGE, "key_row"))),
                   ==, _ ("No key contact"));

  /* Undo puts Grace back, as the key contact too. */
  text = g_strdup_printf (_ ("%s removed from “%s”"), "Grace Hopper", "Research");
  click_undo (f, text);
  g_free (text);
  g_clear_object (&d);
  d = mr_store_get_department (f->store, dept);
  g_assert_cmpstr (mr_department_get_key_contact_id (d), ==, grace);
  dept_of = contact_department (f->store, grace);
  g_assert_cmpstr (dept_of, ==, dept);
  g_free (dept_of);

  /* Moving Alan from Sales: Undo sends him back to Sales. */
  g_assert_true (mr_departments_page_select (MR_DEPARTMENTS_PAGE (page), other));
  g_assert_true (gtk_widget_activate_action (page, "departments.add-member", "s", alan));
  g_assert_true (mr_departments_page_select (MR_DEPARTMENTS_PAGE (page), dept));
  g_assert_true (gtk_widget_activate_action (page, "departments.add-member", "s", alan));
  run_pending ();
  dept_of = contact_department (f->store, alan);
  g_assert_cmpstr (dept_of, ==, dept);
  g_free (dept_of);
  text = g_strdup_printf (_ ("%s added to “%s”"), "Alan Turing", "Research");
  click_undo (f, text);
  g_free (text);
  dept_of = contact_department (f->store, alan);
  g_assert_cmpstr (dept_of, ==, other);
  g_free (dept_of);

  /* “None” clears the key contact. */
  g_assert_true (gtk_widget_activate_action (page, "departments.set-key-contact", "s", ""));
  run_pending ();
  g_clear_object (&d);
  d = mr_store_get_department (f->store, dept);
  g_assert_null (mr_department_get_key_contact_id (d));
}

static void
test_department_delete_undo (Fixture *f, gconstpointer data)
{
  g_autofree char *dept = NULL;
  g_autofree char *ada = NULL;
  g_autofree char *grace = NULL;
  g_autoptr (MrDepartment) d = NULL;
  GtkWidget *page;
  char *dept_of;
  char *text;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  dept = create_department (f->store, "Legal & Compliance");
  ada = add_contact (f->store, "Ada", "Lovelace");
  grace = add_contact (f->store, "Grace", "Hopper");

  page = mr_departments_page_new (f->store);
  show (f, page);
  g_assert_true (mr_departments_page_select (MR_DEPARTMENTS_PAGE (page), dept));
  g_assert_true (gtk_widget_activate_action (page, "departments.add-member", "s", ada));
  g_assert_true (gtk_widget_activate_action (page, "departments.add-member", "s", grace));
  g_assert_true (gtk_widget_activate_action (page, "departments.set-key-contact", "s", ada));
  run_pending ();

  g_assert_true (gtk_widget_activate_action (page, "departments.delete", NULL));
  run_pending ();
  g_assert_null (mr_store_get_department (f->store, dept));
  dept_of = contact_department (f->store, ada);
  g_assert_null (dept_of);
  dept_of = contact_department (f->store, grace);
  g_assert_null (dept_of);
  /* The members stay in the address book, detached. */
  {
    g_autoptr (MrContact) c = mr_store_get_contact (f->store, ada);

    g_assert_nonnull (c);
  }
  g_assert_null (mr_departments_page_get_selected_id (MR_DEPARTMENTS_PAGE (page)));
  g_assert_cmpstr (stack_page (page, MR_TYPE_DEPARTMENTS_PAGE, "list_stack"), ==, "empty");

  /* The title is markup: the ampersand must have been escaped. */
  text = g_strdup_printf (_ ("Department “%s” deleted"), "Legal & Compliance");
  click_undo (f, text);
  g_free (text);
  d = mr_store_get_department (f->store, dept);
  g_assert_nonnull (d);
  g_assert_cmpuint (mr_department_get_member_count (d), ==, 2);
  g_assert_cmpstr (mr_department_get_key_contact_id (d), ==, ada);
  dept_of = contact_department (f->store, ada);
  g_assert_cmpstr (dept_of, ==, dept);
  g_free (dept_of);
  dept_of = contact_department (f->store, grace);
  g_assert_cmpstr (dept_of, ==, dept);
  g_free (dept_of);
  WAIT_FOR (g_strcmp0 (stack_page (page, MR_TYPE_DEPARTMENTS_PAGE, "list_stack"), "list") == 0);
}

static void
test_department_search (Fixture *f, gconstpointer data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  GtkWidget *page;
  GtkListBox *list;
  GtkEditable *search;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  a = create_department (f->store, "Ressources humaines");
  b = create_department (f->store, "Sécurité");
  page = mr_departments_page_new (f->store);
  show (f, page);
  list = GTK_LIST_BOX (gtk_widget_get_template_child (page, MR_TYPE_DEPARTMENTS_PAGE, "list_box"));
  search =
    GTK_EDITABLE (gtk_widget_get_template_child (page, MR_TYPE_DEPARTMENTS_PAGE, "search_entry"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));

  /* Accent- and case-insensitive. */
  gtk_editable_set_text (search, "secu");
  WAIT_FOR (gtk_list_box_get_row_at_index (list, 1) == NULL);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  gtk_editable_set_text (search, "zzz");
  WAIT_FOR (g_strcmp0 (stack_page (page, MR_TYPE_DEPARTMENTS_PAGE, "list_stack"), "no-results") ==
            0);

  /* A change in the store shows up while the page is open. */
  gtk_editable_set_text (search, "");
  WAIT_FOR (gtk_list_box_get_row_at_index (list, 1) != NULL);
  g_free (create_department (f->store, "Achats"));
  WAIT_FOR (gtk_list_box_get_row_at_index (list, 2) != NULL);
}

/* Places and organisation */

/* The kinds the Add menu offers, in order, sections flattened. */
static GStrv
menu_kinds (GtkWidget *tree_page)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (
    gtk_widget_get_template_child (tree_page, MR_TYPE_NODE_TREE_PAGE, "add_button"));
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autoptr (GVariant) target = g_menu_model_get_item_attribute_value (
            section, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);

          g_strv_builder_add (builder, g_variant_get_string (target, NULL));
        }
    }
  return g_strv_builder_end (builder);
}

static void
assert_menu (GtkWidget *tree_page, const char *expected)
{
  g_auto (GStrv) kinds = menu_kinds (tree_page);
  g_autofree char *joined = g_strjoinv (" ", kinds);

  g_assert_cmpstr (joined, ==, expected);
}

static MrNode *
add_node (GtkWidget *tree_page, const char *kind, const char *name, const char *code)
{
  MrStore *store = mr_node_tree_page_get_store (MR_NODE_TREE_PAGE (tree_page));
  gboolean places =
    g_strcmp0 (mr_node_tree_page_get_tree (MR_NODE_TREE_PAGE (tree_page)), "place") == 0;
  MrNameDialog *dialog =
    fill_dialog (tree_page, "tree.add", g_variant_new_string (kind), name, code);
  MrNode *node;

  if (dialog != NULL)
    g_error ("Adding %s “%s” failed: %s", kind, name, mr_name_dialog_get_error (dialog));
  node = places ? mr_store_find_place (store, name) : mr_store_find_org_unit (store, name);
  g_assert_nonnull (node);
  g_assert_cmpstr (mr_node_get_kind (node), ==, kind);
  /* The new node is selected, ready for its children. */
  g_assert_cmpstr (mr_node_tree_page_get_selected_id (MR_NODE_TREE_PAGE (tree_page)), ==,
                   mr_node_get_id (node));
  return node;
}

static void
test_places (Fixture *f, gconstpointer data)
{
  g_autoptr (MrNode) site = NULL;
  g_autoptr (MrNode) building = NULL;
  g_autoptr (MrNode) floor = NULL;
  g_autoptr (MrNode) stop = NULL;
  g_autoptr (MrNode) floor3 = NULL;
  g_autoptr (MrNode) again = NULL;
  g_autoptr (GListModel) before = NULL;
  g_autoptr (GListModel) after = NULL;
  g_autofree char *ada = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GVariantDict) set = G_VARIANT_DICT_INIT (NULL);
  GtkWidget *page;
  GtkWidget *tree;
  MrNameDialog *dialog;
  AdwMessageDialog *refusal;
  char *text;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  page = mr_node_tree_page_new (f->store, "place");
  show (f, page);
  tree = page;
  g_assert_cmpstr (stack_page (tree, MR_TYPE_NODE_TREE_PAGE, "stack"), ==, "empty");
  assert_menu (tree, "site");

  site = add_node (tree, "site", "HQ", "HQ1");
  g_assert_cmpstr (mr_node_get_code (site), ==, "HQ1");
  g_assert_null (mr_node_get_parent_id (site));
  /* The likeliest kind comes first: a building in a site. */
  assert_menu (tree, "building site");

  building = add_node (tree, "building", "Building A", NULL);
  g_assert_cmpstr (mr_node_get_parent_id (building), ==, mr_node_get_id (site));
  /* A mail stop may go straight into a building. */
  assert_menu (tree, "floor site building mail_stop");

  floor = add_node (tree, "floor", "Floor 2", "F2");
  g_assert_cmpstr (mr_node_get_parent_id (floor), ==, mr_node_get_id (building));
  stop = add_node (tree, "mail_stop", "MS-201", NULL);
  g_assert_cmpstr (mr_node_get_parent_id (stop), ==, mr_node_get_id (floor));
  /* A leaf: another mail stop first. */
  assert_menu (tree, "mail_stop site building floor");
  g_assert_cmpstr (mr_node_get_path (stop), ==, "HQ › Building A › Floor 2 › MS-201");
  g_assert_cmpuint (mr_node_get_depth (stop), ==, 3);

  /* A search keeps the matches' ancestors, and Enter picks the match. */
  {
    GtkListBox *list =
      GTK_LIST_BOX (gtk_widget_get_template_child (tree, MR_TYPE_NODE_TREE_PAGE, "list_box"));
    GtkWidget *search =
      GTK_WIDGET (gtk_widget_get_template_child (tree, MR_TYPE_NODE_TREE_PAGE, "search_entry"));

    gtk_editable_set_text (GTK_EDITABLE (search), "FLOOR 2");
    WAIT_FOR (gtk_list_box_get_row_at_index (list, 3) == NULL);
    g_assert_nonnull (gtk_list_box_get_row_at_index (list, 2));
    g_signal_emit_by_name (search, "activate");
    g_assert_cmpstr (mr_node_tree_page_get_selected_id (MR_NODE_TREE_PAGE (tree)), ==,
                     mr_node_get_id (floor));
    gtk_editable_set_text (GTK_EDITABLE (search), "zzz");
    WAIT_FOR (g_strcmp0 (stack_page (tree, MR_TYPE_NODE_TREE_PAGE, "stack"), "no-results") == 0);
    gtk_editable_set_text (GTK_EDITABLE (search), "");
    WAIT_FOR (gtk_list_box_get_row_at_index (list, 3) != NULL);
    g_assert_true (mr_node_tree_page_select (MR_NODE_TREE_PAGE (tree), mr_node_get_id (stop)));
  }

  /* With the mail stop selected, “Add Floor” goes into its building. */
  floor3 = add_node (tree, "floor", "Floor 3", NULL);
  g_assert_cmpstr (mr_node_get_parent_id (floor3), ==, mr_node_get_id (building));

  /* A sibling's name is refused inline, and nothing is created. */
  g_assert_true (mr_node_tree_page_select (MR_NODE_TREE_PAGE (tree), mr_node_get_id (floor3)));
  dialog = fill_dialog (tree, "tree.add", g_variant_new_string ("floor"), "floor 2", NULL);
  g_assert_nonnull (dialog);
  text = g_strdup_printf (_ ("“%s” already exists at this level. Choose another name."), "floor 2");
  g_assert_cmpstr (mr_name_dialog_get_error (dialog), ==, text);
  g_free (text);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A contact at the mail stop: deleting it is refused, verbatim. */
  ada = add_contact (f->store, "Ada", "Lovelace");
  g_variant_dict_insert (&set, "id", "s", ada);
  g_variant_dict_insert (&set, "place_id", "s", mr_node_get_id (stop));
  mr_store_apply (f->store, "contact.set", g_variant_dict_end (&set), NULL, &error);
  g_assert_no_error (error);

  before = mr_store_list_places (f->store);
  g_assert_true (mr_node_tree_page_select (MR_NODE_TREE_PAGE (tree), mr_node_get_id (stop)));
  g_assert_true (gtk_widget_activate_action (tree, "tree.delete", NULL));
  run_pending ();
  refusal = find_message_dialog ();
  g_assert_nonnull (refusal);
  text = g_strdup_printf (_ ("Cannot Delete “%s”"), "MS-201");
  g_assert_cmpstr (adw_message_dialog_get_heading (refusal), ==, text);
  g_free (text);
  /* The store's refusal, as it words it. */
  text = g_strdup_printf (ngettext ("“%s” is still the place of %d contact. Give that "
                                    "contact another place first, then try again.",
                                    "“%s” is still the place of %d contacts. Give them "
                                    "another place first, then try again.",
                                    1),
                          "MS-201", 1);
  g_assert_cmpstr (adw_message_dialog_get_body (refusal), ==, text);
  g_free (text);
  after = mr_store_list_places (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (before));
  g_assert_cmpstr (mr_node_tree_page_get_selected_id (MR_NODE_TREE_PAGE (tree)), ==,
                   mr_node_get_id (stop));
  gtk_window_destroy (GTK_WINDOW (refusal));

  /* A floor that still contains a mail stop is refused too. */
  g_assert_true (mr_node_tree_page_select (MR_NODE_TREE_PAGE (tree), mr_node_get_id (floor)));
  g_assert_true (gtk_widget_activate_action (tree, "tree.delete", NULL));
  run_pending ();
  refusal = find_message_dialog ();
  g_assert_nonnull (refusal);
  text = g_strdup_printf (ngettext ("“%s” still contains %d place or unit. Move or delete "
                                    "it first, then try again.",
                                    "“%s” still contains %d places or units. Move or delete "
                                    "them first, then try again.",
                                    1),
                          "Floor 2", 1);
  g_assert_cmpstr (adw_message_dialog_get_body (refusal), ==, text);
  g_free (text);
  gtk_window_destroy (GTK_WINDOW (refusal));

  /* Rename keeps the place and its children. */
  g_assert_true (mr_node_tree_page_select (MR_NODE_TREE_PAGE (tree), mr_node_get_id (building)));
  g_assert_true (gtk_widget_activate_action (tree, "tree.rename", NULL));
  dialog = find_name_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (mr_name_dialog_get_name (dialog), ==, "Building A");
  mr_name_dialog_set_name (dialog, "North Wing");
  mr_name_dialog_save (dialog);
  run_pending ();
  g_assert_null (find_name_dialog ());
  g_clear_object (&again);
  again = mr_store_find_place (f->store, "HQ › North Wing › Floor 2 › MS-201");
  g_assert_nonnull (again);
  g_assert_cmpstr (mr_node_tree_page_get_selected_id (MR_NODE_TREE_PAGE (tree)), ==,
                   mr_node_get_id (building));

  /* An unused floor goes, and Undo brings it back. */
  g_assert_true (mr_node_tree_page_select (MR_NODE_TREE_PAGE (tree), mr_node_get_id (floor3)));
  g_assert_true (gtk_widget_activate_action (tree, "tree.delete", NULL));
  run_pending ();
  g_assert_null (find_message_dialog ());
  g_clear_object (&again);
  again = mr_store_find_place (f->store, mr_node_get_id (floor3));
  g_assert_null (again);
  text = g_strdup_printf (_ ("“%s” deleted"), "Floor 3");
  click_undo (f, text);
  g_free (text);
  again = mr_store_find_place (f->store, mr_node_get_id (floor3));
  g_assert_nonnull (again);
  WAIT_FOR (mr_node_tree_page_select (MR_NODE_TREE_PAGE (tree), mr_node_get_id (floor3)));
}

static void
test_org (Fixture *f, gconstpointer data)
{
  g_autoptr (MrNode) enterprise = NULL;
  g_autoptr (MrNode) division = NULL;
  g_autoptr (MrNode) location = NULL;
  g_autoptr (MrNode) still = NULL;
  GtkWidget *page;
  GtkWidget *tree;
  char *text;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  page = mr_node_tree_page_new (f->store, "org");
  show (f, page);
  tree = page;
  g_assert_cmpstr (mr_node_tree_page_get_tree (MR_NODE_TREE_PAGE (tree)), ==, "org");
  g_assert_cmpstr (stack_page (tree, MR_TYPE_NODE_TREE_PAGE, "stack"), ==, "empty");
  assert_menu (tree, "enterprise");

  /* Ctrl+N with a single choice opens its dialog straight away. */
  g_assert_null (fill_dialog (tree, "tree.add-menu", NULL, "Acme", NULL));
  enterprise = mr_store_find_org_unit (f->store, "Acme");
  g_assert_nonnull (enterprise);
  g_assert_cmpstr (mr_node_get_kind (enterprise), ==, "enterprise");
  /* A single enterprise: it is no longer offered. */
  assert_menu (tree, "division");
  division = add_node (tree, "division", "Research", NULL);
  g_assert_cmpstr (mr_node_get_parent_id (division), ==, mr_node_get_id (enterprise));
  assert_menu (tree, "location division");
  location = add_node (tree, "location", "Lyon", NULL);
  g_assert_cmpstr (mr_node_get_parent_id (location), ==, mr_node_get_id (division));
  g_assert_cmpstr (stack_page (tree, MR_TYPE_NODE_TREE_PAGE, "stack"), ==, "list");

  /* A division with a location cannot go. */
  g_assert_true (mr_node_tree_page_select (MR_NODE_TREE_PAGE (tree), mr_node_get_id (division)));
  g_assert_true (gtk_widget_activate_action (tree, "tree.delete", NULL));
  run_pending ();
  g_assert_nonnull (find_message_dialog ());
  g_clear_object (&still);
  still = mr_store_find_org_unit (f->store, mr_node_get_id (division));
  g_assert_nonnull (still);
  destroy_dialogs ();

  /* The location can, with Undo. */
  g_assert_true (mr_node_tree_page_select (MR_NODE_TREE_PAGE (tree), mr_node_get_id (location)));
  g_assert_true (gtk_widget_activate_action (tree, "tree.delete", NULL));
  run_pending ();
  g_clear_object (&still);
  still = mr_store_find_org_unit (f->store, mr_node_get_id (location));
  g_assert_null (still);
  text = g_strdup_printf (_ ("“%s” deleted"), "Lyon");
  click_undo (f, text);
  g_free (text);
  still = mr_store_find_org_unit (f->store, mr_node_get_id (location));
  g_assert_nonnull (still);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  have_display = mr_test_init_display ();
  if (have_display)
    adw_init ();

  g_test_add ("/addressbook/departments/create", Fixture, NULL, fixture_setup,
              test_department_create, fixture_teardown);
  g_test_add ("/addressbook/departments/members", Fixture, NULL, fixture_setup,
              test_department_members, fixture_teardown);
  g_test_add ("/addressbook/departments/delete-undo", Fixture, NULL, fixture_setup,
              test_department_delete_undo, fixture_teardown);
  g_test_add ("/addressbook/departments/search", Fixture, NULL, fixture_setup,
              test_department_search, fixture_teardown);
  g_test_add ("/addressbook/places", Fixture, NULL, fixture_setup, test_places, fixture_teardown);
  g_test_add ("/addressbook/org", Fixture, NULL, fixture_setup, test_org, fixture_teardown);
  return g_test_run ();
}
