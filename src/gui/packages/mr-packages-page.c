/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-packages-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-carriers.h"
#include "mr-package-row.h"
#include "mr-packages-page-private.h"
#include "mr-packages-utils.h"
#include "mr-records.h"
#include "widgets/mr-gui-utils.h"

/* The Packages section: the list beside the selected package's details,
 * folding into one column on narrow windows, with the actions on the
 * selection in a bar under both.
 *
 * The list is an MrPackageList, read from SQLite a page at a time: a
 * million packages cost a count and the rows on screen. Nothing wraps it
 * in a sort or filter model (which would read every item); the view and
 * the filters are the list's own, in SQL, set with one
 * mr_package_list_set_filter() per change. MrSplitModel passes items
 * through and keeps GTK from reading every item after a change.
 *
 * Each store change makes the list re-read with new MrPackage objects, so
 * the selection model loses the selection: the page keeps the selected
 * ids (at most MR_PACKAGES_MAX_SELECTION) and selects them again where
 * the list still has them. */

G_DEFINE_FINAL_TYPE (MrPackagesPage, mr_packages_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The list and its state */

static void
update_state (MrPackagesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->packages));
  MrPackageView view = mr_package_list_get_view (self->packages);
  g_autofree char *count = NULL;

  if (view == MR_PACKAGE_VIEW_AWAITING)
    count = g_strdup_printf (
      ngettext ("%u package awaiting pickup", "%u packages awaiting pickup", n), n);
  else if (view == MR_PACKAGE_VIEW_TODAY)
    count =
      g_strdup_printf (ngettext ("%u package received today", "%u packages received today", n), n);
  else
    count = g_strdup_printf (ngettext ("%u package", "%u packages", n), n);
  gtk_label_set_label (self->count_label, count);

  switch (view)
    {
    case MR_PACKAGE_VIEW_TODAY:
      adw_status_page_set_title (self->empty_page, _ ("No Packages Today"));
      adw_status_page_set_description (self->empty_page,
                                       _ ("Packages received today appear here, newest first."));
      break;
    case MR_PACKAGE_VIEW_AWAITING:
      adw_status_page_set_title (self->empty_page, _ ("Nothing Awaiting Pickup"));
      adw_status_page_set_description (self->empty_page,
                                       _ ("Every package received has left the mailroom."));
      break;
    case MR_PACKAGE_VIEW_HISTORY:
    default:
      adw_status_page_set_title (self->empty_page, _ ("No Packages Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _ ("Packages appear here once they are received."));
      break;
    }

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else
    gtk_stack_set_visible_child_name (self->list_stack,
                                      self->n_filters > 0 ? "no-results" : "empty");
}

/* Reads the selection: the ids (a bounded number), what the actions may
 * do with it, and the details pane. */
static void
read_selection (MrPackagesPage *self)
{
  g_autoptr (GtkBitset) set =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr (MrPackage) first = NULL;
  GtkBitsetIter iter;
  guint position;
  guint64 n = gtk_bitset_get_size (set);
  const char *for_id = NULL;
  g_autofree char *for_first = NULL;

  g_ptr_array_set_size (self->selected_ids, 0);
  self->n_selected = (guint) MIN (n, G_MAXUINT);
  self->selection_final = FALSE;
  self->selection_one_for = TRUE;
  self->selection_in_bag = FALSE;

  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      {
        g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (self->split), position);

        if (p == NULL)
          continue;
        g_ptr_array_add (self->selected_ids, g_strdup (mr_package_get_id (p)));
        self->selection_final |= mr_package_status_is_final (mr_package_get_status (p));
        self->selection_in_bag |= mr_package_get_bag_id (p) != NULL;
        for_id = mr_package_get_recipient_id (p) ? mr_package_get_recipient_id (p)
                                                 : mr_package_get_department_id (p);
        if (first == NULL)
          {
            first = g_object_ref (p);
            for_first = g_strdup (for_id);
          }
        else if (g_strcmp0 (for_first, for_id) != 0)
          self->selection_one_for = FALSE;
      }
    while (self->selected_ids->len < MR_PACKAGES_MAX_SELECTION &&
           gtk_bitset_iter_next (&iter, &position));

  if (self->details != NULL)
    {
      if (n > 1)
        mr_package_details_set_several (self->details, self->n_selected);
      else
        mr_package_details_set_package (self->details, first);
    }

  if (n > 1)
    {
      g_autofree char *text = g_strdup_printf (
        ngettext ("%u selected", "%u selected", self->n_selected), self->n_selected);

      gtk_label_set_text (self->selection_label, text);
    }
  else
    gtk_label_set_text (self->selection_label, "");
  mr_packages_page_update_actions (self);
}

static void
selection_changed_cb (MrPackagesPage *self)
{
  if (self->refreshing)
    return;
  read_selection (self);
}

static void
list_items_changed_before_cb (MrPackagesPage *self)
{
  self->refreshing = TRUE;
}

static void
list_items_changed_after_cb (MrPackagesPage *self)
{
  g_autoptr (GPtrArray) keep = NULL;
  gboolean first = TRUE;

  /* The first half of a split replacement: wait for the second. */
  if (!mr_split_model_is_settled (self->split))
    return;

  keep = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->selected_ids->len; i++)
    g_ptr_array_add (keep, g_strdup (g_ptr_array_index (self->selected_ids, i)));
  for (guint i = 0; i < keep->len; i++)
    {
      guint position;

      if (mr_package_list_find (self->packages, g_ptr_array_index (keep, i), &position))
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, first);
          first = FALSE;
        }
    }
  self->refreshing = FALSE;
  read_selection (self);
  update_state (self);
  if (self->n_selected == 0 && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

/* Rows */

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, MrPackagesPage *self)
{
  gtk_list_item_set_child (item, mr_package_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, MrPackagesPage *self)
{
  mr_package_row_set_package (MR_PACKAGE_ROW (gtk_list_item_get_child (item)),
                              gtk_list_item_get_item (item),
                              mr_package_list_get_view (self->packages), g_get_real_time () / 1000);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, MrPackagesPage *self)
{
  mr_package_row_set_package (MR_PACKAGE_ROW (gtk_list_item_get_child (item)), NULL, 0, 0);
}

static void
list_activate_cb (MrPackagesPage *self, guint position)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->details_bin));
}

/* Views */

static void
view_toggled_cb (MrPackagesPage *self, GtkToggleButton *button)
{
  MrPackageView view;

  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->awaiting_button)
    view = MR_PACKAGE_VIEW_AWAITING;
  else if (button == self->history_button)
    view = MR_PACKAGE_VIEW_HISTORY;
  else
    view = MR_PACKAGE_VIEW_TODAY;
  mr_package_list_set_view (self->packages, view);
  update_state (self);
}

/* Ages in the awaiting view: a package that waited 59 min shows "1 h" a
 * minute later without anyone touching the list. */
static gboolean
age_timer_cb (gpointer data)
{
  MrPackagesPage *self = data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      mr_package_list_get_view (self->packages) == MR_PACKAGE_VIEW_AWAITING)
    mr_package_list_refresh (self->packages);
  return G_SOURCE_CONTINUE;
}

/* Filters */

static GtkWidget *
add_filter_row (MrPackagesPage *self, const char *title, GtkWidget *control)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), control);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (self->filter_box, label);
  gtk_box_append (self->filter_box, control);
  return control;
}

static void
fill_status_filter (MrPackagesPage *self)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (labels, g_strdup (_ ("Any status")));
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; i < MR_PACKAGE_N_STATUSES; i++)
    {
      g_ptr_array_add (labels, g_strdup (mr_package_status_get_label ((MrPackageStatus) i)));
      g_ptr_array_add (ids, g_strdup (mr_package_status_to_string ((MrPackageStatus) i)));
    }
  mr_id_drop_down_set_choices (self->status_filter, labels, ids);
}

static void
fill_department_filter (MrPackagesPage *self)
{
  g_autoptr (GListModel) departments = mr_store_list_departments (self->store);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (departments);

  g_ptr_array_add (labels, g_strdup (_ ("Any department")));
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrDepartment) d = g_list_model_get_item (departments, i);

      g_ptr_array_add (labels, g_strdup (mr_department_get_name (d)));
      g_ptr_array_add (ids, g_strdup (mr_department_get_id (d)));
    }
  mr_id_drop_down_set_choices (self->department_filter, labels, ids);
}

/* The newest bags, open or closed, and the one filtered on. */
#define MAX_BAGS_LISTED 100

static void
fill_bag_filter (MrPackagesPage *self, const char *keep_id)
{
  g_autoptr (GPtrArray) bags = mr_store_list_bags (self->store, FALSE);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (labels, g_strdup (_ ("Any bag")));
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; i < bags->len; i++)
    {
      MrBag *bag = g_ptr_array_index (bags, i);

      if (i >= MAX_BAGS_LISTED && g_strcmp0 (bag->id, keep_id) != 0)
        continue;
      g_ptr_array_add (labels, g_strdup (bag->label));
      g_ptr_array_add (ids, g_strdup (bag->id));
    }
  mr_id_drop_down_set_choices (self->bag_filter, labels, ids);
  if (keep_id != NULL)
    mr_id_drop_down_set_id (self->bag_filter, keep_id);
}

static gboolean
read_day (GtkEditable *entry, gboolean end_of_day, gint64 *ms)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gboolean ok;

  *ms = 0;
  if (*text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      return FALSE;
    }
  ok = mr_parse_day (text, end_of_day, ms);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  return ok;
}

static void
apply_filters (MrPackagesPage *self)
{
  MrPackageFilter filter = { 0 };
  g_autofree char *carrier = NULL;
  g_autofree char *summary = NULL;
  guint n = 0;

  if (self->applying_filters)
    return;

  filter.place_id = mr_id_drop_down_get_id (self->place_filter);
  filter.status = mr_id_drop_down_get_id (self->status_filter);
  carrier = g_strstrip (g_strdup (gtk_editable_get_text (self->carrier_filter)));
  if (*carrier != '\0')
    {
      MrCarrierRules *rules = mr_carrier_rules_get_default ();
      const char *name = rules ? mr_carrier_rules_get_courier_name (rules, carrier) : NULL;

      /* "ups" is stored as "UPS": the rules' name when they know it. */
      filter.carrier = name ? name : carrier;
    }
  filter.recipient_id = mr_contact_picker_get_contact_id (self->recipient_filter);
  filter.department_id = mr_id_drop_down_get_id (self->department_filter);
  filter.bag_id = mr_id_drop_down_get_id (self->bag_filter);
  read_day (self->from_filter, FALSE, &filter.from_ms);
  read_day (self->to_filter, TRUE, &filter.to_ms);

  n += filter.place_id != NULL;
  n += filter.status != NULL;
  n += filter.carrier != NULL;
  n += filter.recipient_id != NULL;
  n += filter.department_id != NULL;
  n += filter.bag_id != NULL;
  n += filter.from_ms > 0 || filter.to_ms > 0;
  self->n_filters = n;

  mr_package_list_set_filter (self->packages, &filter);

  summary = g_strdup_printf (ngettext ("%u filter applied", "%u filters applied", n), n);
  gtk_label_set_text (self->filter_summary, summary);
  gtk_widget_set_visible (self->filter_bar, n > 0);
  if (n > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");
  update_state (self);
}

static void
filter_popover_show_cb (MrPackagesPage *self)
{
  /* Departments and bags come and go: read them when the filters show. */
  self->applying_filters = TRUE;
  fill_department_filter (self);
  fill_bag_filter (self, mr_id_drop_down_get_id (self->bag_filter));
  mr_place_drop_down_fill (self->place_filter, self->store, _ ("Any place"));
  self->applying_filters = FALSE;
  apply_filters (self);
}

static void
build_filters (MrPackagesPage *self)
{
  GtkWidget *heading = gtk_label_new (_ ("Filters"));
  GtkWidget *dates = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *clear;

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_box_append (self->filter_box, heading);

  self->place_filter = mr_place_drop_down_new (self->store, _ ("Any place"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->place_filter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Filter by place"), -1);
  add_filter_row (self, _ ("_Place"), GTK_WIDGET (self->place_filter));

  self->status_filter = mr_id_drop_down_new (_ ("Filter by status"));
  fill_status_filter (self);
  add_filter_row (self, _ ("_Status"), GTK_WIDGET (self->status_filter));

  self->carrier_filter = GTK_EDITABLE (gtk_entry_new ());
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->carrier_filter),
                                  _ ("Any carrier, or UPS, DHL…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->carrier_filter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Filter by carrier"), -1);
  add_filter_row (self, _ ("_Carrier"), GTK_WIDGET (self->carrier_filter));

  self->recipient_filter =
    MR_CONTACT_PICKER (mr_contact_picker_new (self->store, _ ("Any recipient")));
  gtk_accessible_update_property (
    GTK_ACCESSIBLE (mr_contact_picker_get_entry (self->recipient_filter)),
    GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Filter by recipient"), -1);
  add_filter_row (self, _ ("_Recipient"), GTK_WIDGET (self->recipient_filter));

  self->department_filter = mr_id_drop_down_new (_ ("Filter by department"));
  fill_department_filter (self);
  add_filter_row (self, _ ("_Department"), GTK_WIDGET (self->department_filter));

  self->bag_filter = mr_id_drop_down_new (_ ("Filter by bag"));
  fill_bag_filter (self, NULL);
  add_filter_row (self, _ ("_Bag"), GTK_WIDGET (self->bag_filter));

  self->from_filter = GTK_EDITABLE (gtk_entry_new ());
  self->to_filter = GTK_EDITABLE (gtk_entry_new ());
  /* Translators: the format of a date typed in a filter; keep the
   * order year-month-day, translate the letters */
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->from_filter), _ ("YYYY-MM-DD"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->to_filter), _ ("YYYY-MM-DD"));
  gtk_editable_set_width_chars (self->from_filter, 10);
  gtk_editable_set_width_chars (self->to_filter, 10);
  gtk_widget_set_hexpand (GTK_WIDGET (self->from_filter), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->to_filter), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from_filter), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Received on or after (year-month-day)"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->to_filter), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Received on or before (year-month-day)"), -1);
  gtk_box_append (GTK_BOX (dates), GTK_WIDGET (self->from_filter));
  gtk_box_append (GTK_BOX (dates), gtk_label_new (
                                     /* Translators: between the two dates of the "Received
                                 * from … to …" filter */
                                     C_ ("date range", "to")));
  gtk_box_append (GTK_BOX (dates), GTK_WIDGET (self->to_filter));
  add_filter_row (self, _ ("Received _from"), dates);
  gtk_label_set_mnemonic_widget (GTK_LABEL (gtk_widget_get_prev_sibling (dates)),
                                 GTK_WIDGET (self->from_filter));

  clear = gtk_button_new_with_mnemonic (_ ("_Clear Filters"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "packages.clear-filters");
  gtk_widget_set_margin_top (clear, 12);
  gtk_box_append (self->filter_box, clear);

  g_signal_connect_object (self->place_filter, "notify::selected", G_CALLBACK (apply_filters), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_filter, "notify::selected", G_CALLBACK (apply_filters),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->carrier_filter, "changed", G_CALLBACK (apply_filters), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recipient_filter, "notify::contact-id", G_CALLBACK (apply_filters),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->department_filter, "notify::selected", G_CALLBACK (apply_filters),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bag_filter, "notify::selected", G_CALLBACK (apply_filters), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->from_filter, "changed", G_CALLBACK (apply_filters), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_filter, "changed", G_CALLBACK (apply_filters), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_popover, "show", G_CALLBACK (filter_popover_show_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Finding a package by its number */

static void
find_changed_cb (MrPackagesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));

  if (*text != '\0')
    mr_packages_page_find (self, text);
}

static void
find_activate_cb (MrPackagesPage *self)
{
  g_autofree char *text =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->find_entry))));

  if (*text == '\0')
    return;
  if (!mr_packages_page_find (self, text))
    {
      g_autofree char *message =
        g_strdup_printf (_ ("No package has the tracking number or internal ID “%s”."), text);

      mr_packages_page_show_error (self, message);
    }
  /* The next scan replaces this one. */
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
}

static void
find_stop_cb (MrPackagesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), "");
}

/* GObject */

static void
mr_packages_page_map (GtkWidget *widget)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (widget);

  GTK_WIDGET_CLASS (mr_packages_page_parent_class)->map (widget);
  if (self->handover_dialog == NULL && self->bags_dialog == NULL && self->rules_dialog == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
}

static gboolean
mr_packages_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MR_PACKAGES_PAGE (widget)->find_entry));
}

static void
mr_packages_page_constructed (GObject *object)
{
  MrPackagesPage *self = (MrPackagesPage *) object;
  g_autoptr (GtkListItemFactory) factory = NULL;

  G_OBJECT_CLASS (mr_packages_page_parent_class)->constructed (object);
  g_assert (MR_IS_STORE (self->store));

  self->packages = mr_package_list_new (self->store, MR_PACKAGE_VIEW_TODAY);
  /* Around the selection's own handler: see the comment at the top. */
  self->split = mr_split_model_new (G_LIST_MODEL (self->packages));
  g_signal_connect_object (self->split, "items-changed", G_CALLBACK (list_items_changed_before_cb),
                           self, G_CONNECT_SWAPPED);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->split)));
  g_signal_connect_object (self->split, "items-changed", G_CALLBACK (list_items_changed_after_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (list_activate_cb), self,
                           G_CONNECT_SWAPPED);

  self->details = MR_PACKAGE_DETAILS (mr_package_details_new (self->store));
  g_object_bind_property (self->leaflet, "folded", self->details, "show-back-button",
                          G_BINDING_SYNC_CREATE);
  adw_bin_set_child (self->details_bin, GTK_WIDGET (self->details));

  build_filters (self);
  gtk_search_entry_set_key_capture_widget (self->find_entry, GTK_WIDGET (self));
  self->age_timer_id = g_timeout_add_seconds (60, age_timer_cb, self);

  read_selection (self);
  update_state (self);
}

static void
mr_packages_page_dispose (GObject *object)
{
  MrPackagesPage *self = (MrPackagesPage *) object;

  g_clear_handle_id (&self->age_timer_id, g_source_remove);
  if (self->handover_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->handover_dialog));
  if (self->bags_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->bags_dialog));
  if (self->rules_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->rules_dialog));
  if (self->message_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->message_dialog));
  g_clear_weak_pointer (&self->handover_dialog);
  g_clear_weak_pointer (&self->bags_dialog);
  g_clear_weak_pointer (&self->rules_dialog);
  g_clear_weak_pointer (&self->message_dialog);
  g_clear_weak_pointer (&self->last_toast);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  /* The box is both the bin's child and holds template children: let the
   * bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_PACKAGES_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->split);
  g_clear_object (&self->packages);
  G_OBJECT_CLASS (mr_packages_page_parent_class)->dispose (object);
}

static void
mr_packages_page_finalize (GObject *object)
{
  MrPackagesPage *self = (MrPackagesPage *) object;

  g_clear_object (&self->store);
  g_ptr_array_unref (self->selected_ids);
  G_OBJECT_CLASS (mr_packages_page_parent_class)->finalize (object);
}

static void
mr_packages_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_packages_page_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  MrPackagesPage *self = MR_PACKAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_packages_page_class_init (MrPackagesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_packages_page_constructed;
  object_class->dispose = mr_packages_page_dispose;
  object_class->finalize = mr_packages_page_finalize;
  object_class->get_property = mr_packages_page_get_property;
  object_class->set_property = mr_packages_page_set_property;
  widget_class->map = mr_packages_page_map;
  widget_class->grab_focus = mr_packages_page_grab_focus;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-packages-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, find_entry);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, today_button);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, awaiting_button);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, history_button);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, filter_summary);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, details_bin);
  gtk_widget_class_bind_template_child (widget_class, MrPackagesPage, selection_label);
  gtk_widget_class_bind_template_callback (widget_class, view_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_stop_cb);

  mr_packages_page_install_actions (widget_class);
}

static void
mr_packages_page_init (MrPackagesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected_ids = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
mr_packages_page_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_PACKAGES_PAGE, "store", store, NULL);
}

MrPackageList *
mr_packages_page_get_list (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);
  return self->packages;
}

MrPackageView
mr_packages_page_get_view (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), MR_PACKAGE_VIEW_TODAY);
  return mr_package_list_get_view (self->packages);
}

void
mr_packages_page_set_view (MrPackagesPage *self, MrPackageView view)
{
  GtkToggleButton *button;

  g_return_if_fail (MR_IS_PACKAGES_PAGE (self));

  if (view == MR_PACKAGE_VIEW_AWAITING)
    button = self->awaiting_button;
  else if (view == MR_PACKAGE_VIEW_HISTORY)
    button = self->history_button;
  else
    button = self->today_button;
  gtk_toggle_button_set_active (button, TRUE);
}

GtkWidget *
mr_packages_page_get_filter_widget (MrPackagesPage *self, const char *name)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);

  if (g_strcmp0 (name, "place") == 0)
    return GTK_WIDGET (self->place_filter);
  if (g_strcmp0 (name, "status") == 0)
    return GTK_WIDGET (self->status_filter);
  if (g_strcmp0 (name, "carrier") == 0)
    return GTK_WIDGET (self->carrier_filter);
  if (g_strcmp0 (name, "recipient") == 0)
    return GTK_WIDGET (self->recipient_filter);
  if (g_strcmp0 (name, "department") == 0)
    return GTK_WIDGET (self->department_filter);
  if (g_strcmp0 (name, "bag") == 0)
    return GTK_WIDGET (self->bag_filter);
  if (g_strcmp0 (name, "from") == 0)
    return GTK_WIDGET (self->from_filter);
  if (g_strcmp0 (name, "to") == 0)
    return GTK_WIDGET (self->to_filter);
  g_return_val_if_reached (NULL);
}

void
mr_packages_page_show_bag (MrPackagesPage *self, const char *bag_id)
{
  g_return_if_fail (MR_IS_PACKAGES_PAGE (self));

  self->applying_filters = TRUE;
  fill_bag_filter (self, bag_id);
  self->applying_filters = FALSE;
  /* A bag's packages may have left long ago: all of them. */
  mr_packages_page_set_view (self, MR_PACKAGE_VIEW_HISTORY);
  apply_filters (self);
}

void
mr_packages_page_clear_filters (MrPackagesPage *self)
{
  g_return_if_fail (MR_IS_PACKAGES_PAGE (self));

  self->applying_filters = TRUE;
  gtk_drop_down_set_selected (self->place_filter, 0);
  gtk_drop_down_set_selected (self->status_filter, 0);
  gtk_editable_set_text (self->carrier_filter, "");
  mr_contact_picker_set_contact_id (self->recipient_filter, NULL);
  gtk_drop_down_set_selected (self->department_filter, 0);
  gtk_drop_down_set_selected (self->bag_filter, 0);
  gtk_editable_set_text (self->from_filter, "");
  gtk_editable_set_text (self->to_filter, "");
  self->applying_filters = FALSE;
  apply_filters (self);
}

guint
mr_packages_page_get_n_filters (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), 0);
  return self->n_filters;
}

static gboolean
select_in_list (MrPackagesPage *self, const char *package_id, gboolean unselect_rest)
{
  guint position;

  /* A change may be waiting for the idle re-read: positions must be current. */
  mr_package_list_refresh (self->packages);
  if (!mr_package_list_find (self->packages, package_id, &position))
    return FALSE;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, unselect_rest);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

gboolean
mr_packages_page_find (MrPackagesPage *self, const char *text)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), FALSE);

  id = mr_store_find_package (self->store, text);
  if (id == NULL)
    return FALSE;
  if (mr_packages_page_select_package (self, id))
    return TRUE;
  /* Not in this list: every package is in the history, unless a filter
   * hides it. */
  mr_packages_page_set_view (self, MR_PACKAGE_VIEW_HISTORY);
  if (mr_packages_page_select_package (self, id))
    return TRUE;
  mr_packages_page_clear_filters (self);
  return mr_packages_page_select_package (self, id);
}

GtkEditable *
mr_packages_page_get_find_entry (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);
  return GTK_EDITABLE (self->find_entry);
}

gboolean
mr_packages_page_select_package (MrPackagesPage *self, const char *package_id)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), FALSE);
  g_return_val_if_fail (package_id != NULL, FALSE);
  return select_in_list (self, package_id, TRUE);
}

gboolean
mr_packages_page_add_to_selection (MrPackagesPage *self, const char *package_id)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), FALSE);
  g_return_val_if_fail (package_id != NULL, FALSE);
  return select_in_list (self, package_id, FALSE);
}

GPtrArray *
mr_packages_page_get_selected_ids (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);
  return self->selected_ids;
}

GtkWidget *
mr_packages_page_get_details (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);
  return GTK_WIDGET (self->details);
}

GtkWidget *
mr_packages_page_get_handover_dialog (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);
  return self->handover_dialog;
}

GtkWidget *
mr_packages_page_get_bags_dialog (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);
  return self->bags_dialog;
}

GtkWidget *
mr_packages_page_get_rules_dialog (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);
  return self->rules_dialog;
}

AdwMessageDialog *
mr_packages_page_get_message_dialog (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);
  return self->message_dialog;
}

AdwToast *
mr_packages_page_get_last_toast (MrPackagesPage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGES_PAGE (self), NULL);
  return self->last_toast;
}
