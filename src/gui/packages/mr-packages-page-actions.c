/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-packages-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-bags-dialog.h"
#include "mr-handover-dialog.h"
#include "mr-handover-rules-dialog.h"
#include "mr-packages-page-private.h"
#include "mr-packages-utils.h"
#include "mr-records.h"
#include "widgets/mr-gui-utils.h"

/* The actions of the Packages section on the selected packages.
 *
 * Events are append-only: none can be taken back by the core. A move can
 * be answered by a move back (the Undo of its toast records one, in the
 * chain of custody like any move), and a package taken out of a bag can
 * be put back; returning to the sender, removing and marking notified
 * cannot be undone, so they ask first. Several packages are changed in
 * one store batch: all of them, or none with the reason. */

void
mr_packages_page_show_toast (MrPackagesPage *self, AdwToast *toast)
{
  g_set_weak_pointer (&self->last_toast, toast);
  mr_widget_add_toast (GTK_WIDGET (self), toast);
}

void
mr_packages_page_show_error (MrPackagesPage *self, const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 10);
  mr_packages_page_show_toast (self, toast);
}

void
mr_packages_page_update_actions (MrPackagesPage *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  guint n = self->n_selected;
  gboolean some = n > 0 && n <= MR_PACKAGES_MAX_SELECTION;
  gboolean open = some && !self->selection_final;

  /* Packages for several people stay enabled: the action says why they
   * cannot go together, rather than a button that does nothing. */
  gtk_widget_action_set_enabled (w, "packages.hand-over", open);
  gtk_widget_action_set_enabled (w, "packages.move", open);
  gtk_widget_action_set_enabled (w, "packages.notified", open);
  gtk_widget_action_set_enabled (w, "packages.returned", open);
  gtk_widget_action_set_enabled (w, "packages.removed", open);
  gtk_widget_action_set_enabled (w, "packages.remove-from-bag", some && self->selection_in_bag);
  gtk_widget_action_set_enabled (w, "packages.clear-filters", self->n_filters > 0);
}

/* The selected ids, NULL-terminated, for a dialog to copy. */
static GStrv
dup_selected_ids (MrPackagesPage *self)
{
  GStrv ids = g_new0 (char *, self->selected_ids->len + 1);

  for (guint i = 0; i < self->selected_ids->len; i++)
    ids[i] = g_strdup (g_ptr_array_index (self->selected_ids, i));
  return ids;
}

/* Runs package.event @kind (with @place_id) on each selected package, in
 * one batch. */
static gboolean
apply_events (MrPackagesPage *self, const char *kind, const char *place_id, GError **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->selected_ids->len; i++)
    g_ptr_array_add (ids, g_strdup (g_ptr_array_index (self->selected_ids, i)));
  if (!mr_store_begin_batch (self->store, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&d, "package_id", "s", g_ptr_array_index (ids, i));
      g_variant_dict_insert (&d, "kind", "s", kind);
      if (place_id != NULL)
        g_variant_dict_insert (&d, "place_id", "s", place_id);
      if (!mr_store_apply (self->store, "package.event", g_variant_dict_end (&d), NULL, error))
        {
          g_autoptr (MrPackage) p = mr_store_get_package (self->store, g_ptr_array_index (ids, i));

          mr_store_end_batch (self->store, FALSE, NULL);
          if (p != NULL && ids->len > 1)
            /* Translators: before the reason a package was refused, in a
             * change of several: "tracking number: reason" */
            g_prefix_error (error, _ ("%s: "), mr_packages_title (p));
          return FALSE;
        }
    }
  return mr_store_end_batch (self->store, TRUE, error);
}

/* Hand over */

static void
handed_over_cb (MrHandoverDialog *dialog, guint n, const char *taker, MrPackagesPage *self)
{
  g_autofree char *title = g_strdup_printf (
    ngettext ("%u package handed over to %s", "%u packages handed over to %s", n), n, taker);

  mr_packages_page_show_toast (self, adw_toast_new (title));
}

static void
hand_over_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (widget);
  g_auto (GStrv) ids = NULL;
  MrHandoverDialog *dialog;

  if (self->handover_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->handover_dialog));
      return;
    }
  if (self->n_selected == 0)
    return;
  if (!self->selection_one_for)
    {
      mr_packages_page_show_error (
        self, _ ("Select packages for one recipient to hand them over together."));
      return;
    }
  ids = dup_selected_ids (self);
  dialog = mr_handover_dialog_new (widget, self->store, (const char *const *) ids);
  g_signal_connect_object (dialog, "handed-over", G_CALLBACK (handed_over_cb), self, 0);
  g_set_weak_pointer (&self->handover_dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Move */

static void
place_chosen_cb (const char *place_id, gpointer data)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (data);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrPackage) before = NULL;
  g_autofree char *title = NULL;
  g_autoptr (MrNode) place = mr_store_find_place (self->store, place_id);
  const char *place_name = place ? mr_node_get_name (place) : "";
  guint n = self->selected_ids->len;

  if (n == 1)
    before = mr_store_get_package (self->store, g_ptr_array_index (self->selected_ids, 0));
  if (!apply_events (self, "moved", place_id, &error))
    {
      mr_packages_page_show_error (self, error->message);
      return;
    }
  if (before != NULL)
    {
      /* Translators: a toast: "1Z999AA10123456784 moved to Hall B" */
      title = g_strdup_printf (_ ("%s moved to %s"), mr_packages_title (before), place_name);
      /* Back where it was: a move there, when it was at a place and not
       * in a locker (a locker door is only filled through a drop-off). */
      if (mr_package_get_place_id (before) != NULL && mr_package_get_locker_id (before) == NULL &&
          g_strcmp0 (mr_package_get_place_id (before), place_id) != 0)
        {
          g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

          g_variant_dict_insert (&d, "package_id", "s", mr_package_get_id (before));
          g_variant_dict_insert (&d, "kind", "s", "moved");
          g_variant_dict_insert (&d, "place_id", "s", mr_package_get_place_id (before));
          mr_packages_page_show_toast (
            self, mr_undo_toast_new (title, "package.event", g_variant_dict_end (&d)));
          return;
        }
      mr_packages_page_show_toast (self, adw_toast_new (title));
      return;
    }
  title = g_strdup_printf (ngettext ("%u package moved to %s", "%u packages moved to %s", n), n,
                           place_name);
  mr_packages_page_show_toast (self, adw_toast_new (title));
}

static void
move_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (widget);
  g_autofree char *heading = NULL;
  g_autoptr (MrPackage) single = NULL;
  AdwMessageDialog *dialog;
  guint n = self->selected_ids->len;

  if (n == 0)
    return;
  /* One package: the chooser starts at its place. */
  if (n == 1)
    single = mr_store_get_package (self->store, g_ptr_array_index (self->selected_ids, 0));
  heading = g_strdup_printf (ngettext ("Move %u Package?", "Move %u Packages?", n), n);
  dialog = mr_choose_place_dialog_new (
    widget, self->store, heading,
    ngettext ("Choose the place where the package now is. The move is recorded in its chain of "
              "custody.",
              "Choose the place where the packages now are. Each move is recorded in their chain "
              "of custody.",
              n),
    single ? mr_package_get_place_id (single) : NULL, place_chosen_cb);
  g_set_weak_pointer (&self->message_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Events that ask first */

static void
confirm_response_cb (AdwMessageDialog *dialog, const char *response, MrPackagesPage *self)
{
  const char *kind = g_object_get_data (G_OBJECT (dialog), "mr-kind");
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  guint n = self->selected_ids->len;

  if (g_strcmp0 (response, "confirm") != 0)
    return;
  if (!apply_events (self, kind, NULL, &error))
    {
      mr_packages_page_show_error (self, error->message);
      return;
    }
  if (g_strcmp0 (kind, "returned") == 0)
    title = g_strdup_printf (
      ngettext ("%u package returned to sender", "%u packages returned to sender", n), n);
  else if (g_strcmp0 (kind, "removed") == 0)
    title =
      g_strdup_printf (ngettext ("%u package marked removed", "%u packages marked removed", n), n);
  else
    title = g_strdup_printf (
      ngettext ("%u package marked notified", "%u packages marked notified", n), n);
  mr_packages_page_show_toast (self, adw_toast_new (title));
}

static void
confirm_event (MrPackagesPage *self, const char *kind)
{
  g_autofree char *heading = NULL;
  const char *body;
  const char *verb;
  gboolean destructive = TRUE;
  guint n = self->selected_ids->len;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (n == 0)
    return;
  if (g_strcmp0 (kind, "returned") == 0)
    {
      heading = g_strdup_printf (
        ngettext ("Return %u Package to Sender?", "Return %u Packages to Sender?", n), n);
      body =
        ngettext ("It leaves the mailroom and its history is closed. This cannot be undone.",
                  "They leave the mailroom and their history is closed. This cannot be undone.", n);
      verb = _ ("_Return to Sender");
    }
  else if (g_strcmp0 (kind, "removed") == 0)
    {
      heading =
        g_strdup_printf (ngettext ("Mark %u Package Removed?", "Mark %u Packages Removed?", n), n);
      body = ngettext ("Record that it was taken out of the mailroom for good (lost, destroyed, "
                       "disposed of). Its history is closed. This cannot be undone.",
                       "Record that they were taken out of the mailroom for good (lost, destroyed, "
                       "disposed of). Their history is closed. This cannot be undone.",
                       n);
      verb = _ ("Mark _Removed");
    }
  else
    {
      heading = g_strdup_printf (
        ngettext ("Mark %u Package Notified?", "Mark %u Packages Notified?", n), n);
      body = ngettext ("Record that the recipient was told the package is here. This cannot be "
                       "undone; a later notice is a reminder.",
                       "Record that the recipients were told their packages are here. This cannot "
                       "be undone; a later notice is a reminder.",
                       n);
      verb = _ ("Mark _Notified");
      destructive = FALSE;
    }

  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body));
  adw_message_dialog_add_response (dialog, "cancel", _ ("_Cancel"));
  adw_message_dialog_add_response (dialog, "confirm", verb);
  adw_message_dialog_set_response_appearance (
    dialog, "confirm", destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, destructive ? "cancel" : "confirm");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "mr-kind", g_strdup (kind), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  g_set_weak_pointer (&self->message_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
notified_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  confirm_event (MR_PACKAGES_PAGE (widget), "notified");
}

static void
returned_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  confirm_event (MR_PACKAGES_PAGE (widget), "returned");
}

static void
removed_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  confirm_event (MR_PACKAGES_PAGE (widget), "removed");
}

/* Bags */

static void
remove_from_bag_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (widget);
  g_autoptr (GPtrArray) packages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; i < self->selected_ids->len; i++)
    {
      MrPackage *p = mr_store_get_package (self->store, g_ptr_array_index (self->selected_ids, i));

      if (p != NULL && mr_package_get_bag_id (p) != NULL)
        g_ptr_array_add (packages, p);
      else if (p != NULL)
        g_object_unref (p);
    }
  if (packages->len == 0 || !mr_store_begin_batch (self->store, &error))
    {
      if (error != NULL)
        mr_packages_page_show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < packages->len && ok; i++)
    {
      MrPackage *p = g_ptr_array_index (packages, i);
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&d, "id", "s", mr_package_get_bag_id (p));
      g_variant_dict_insert (&d, "package_id", "s", mr_package_get_id (p));
      ok = mr_store_apply (self->store, "bag.remove", g_variant_dict_end (&d), NULL, &error);
      if (!ok && packages->len > 1)
        g_prefix_error (&error, _ ("%s: "), mr_packages_title (p));
    }
  if (!mr_store_end_batch (self->store, ok, ok ? &error : NULL) || !ok)
    {
      mr_packages_page_show_error (self, error->message);
      return;
    }
  if (packages->len == 1)
    {
      MrPackage *p = g_ptr_array_index (packages, 0);
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      /* Translators: a toast: "1Z999AA10123456784 taken out of bag BAG-0012" */
      title = g_strdup_printf (_ ("%s taken out of bag %s"), mr_packages_title (p),
                               mr_package_get_bag_label (p));
      g_variant_dict_insert (&d, "id", "s", mr_package_get_bag_id (p));
      g_variant_dict_insert (&d, "package_id", "s", mr_package_get_id (p));
      mr_packages_page_show_toast (self,
                                   mr_undo_toast_new (title, "bag.add", g_variant_dict_end (&d)));
      return;
    }
  title = g_strdup_printf (ngettext ("%u package taken out of its bag",
                                     "%u packages taken out of their bags", packages->len),
                           packages->len);
  mr_packages_page_show_toast (self, adw_toast_new (title));
}

static void
show_bag_cb (MrBagsDialog *dialog, const char *bag_id, MrPackagesPage *self)
{
  mr_packages_page_show_bag (self, bag_id);
}

static void
bags_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (widget);
  g_auto (GStrv) ids = NULL;
  MrBagsDialog *dialog;

  if (self->bags_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->bags_dialog));
      return;
    }
  ids = dup_selected_ids (self);
  dialog = mr_bags_dialog_new (widget, self->store, (const char *const *) ids);
  g_signal_connect_object (dialog, "show-bag", G_CALLBACK (show_bag_cb), self, 0);
  g_set_weak_pointer (&self->bags_dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rules_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (widget);
  MrHandoverRulesDialog *dialog;

  if (self->rules_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->rules_dialog));
      return;
    }
  dialog = mr_handover_rules_dialog_new (widget, self->store);
  g_set_weak_pointer (&self->rules_dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Navigation */

static void
view_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  const char *name = g_variant_get_string (param, NULL);
  MrPackageView view = MR_PACKAGE_VIEW_TODAY;

  if (g_strcmp0 (name, "awaiting") == 0)
    view = MR_PACKAGE_VIEW_AWAITING;
  else if (g_strcmp0 (name, "history") == 0)
    view = MR_PACKAGE_VIEW_HISTORY;
  mr_packages_page_set_view (MR_PACKAGES_PAGE (widget), view);
}

static void
find_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
}

static void
filters_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_menu_button_popup (self->filter_button);
}

static void
clear_filters_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_packages_page_clear_filters (MR_PACKAGES_PAGE (widget));
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

void
mr_packages_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "packages.hand-over", NULL, hand_over_action);
  gtk_widget_class_install_action (widget_class, "packages.move", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "packages.notified", NULL, notified_action);
  gtk_widget_class_install_action (widget_class, "packages.returned", NULL, returned_action);
  gtk_widget_class_install_action (widget_class, "packages.removed", NULL, removed_action);
  gtk_widget_class_install_action (widget_class, "packages.remove-from-bag", NULL,
                                   remove_from_bag_action);
  gtk_widget_class_install_action (widget_class, "packages.bags", NULL, bags_action);
  gtk_widget_class_install_action (widget_class, "packages.rules", NULL, rules_action);
  gtk_widget_class_install_action (widget_class, "packages.view", "s", view_action);
  gtk_widget_class_install_action (widget_class, "packages.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "packages.filters", NULL, filters_action);
  gtk_widget_class_install_action (widget_class, "packages.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "packages.back", NULL, back_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "packages.hand-over", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "packages.hand-over", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "packages.move",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "packages.bags",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "packages.find",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "packages.filters", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "packages.view",
                                       "s", "today");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "packages.view",
                                       "s", "awaiting");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "packages.view",
                                       "s", "history");
}
