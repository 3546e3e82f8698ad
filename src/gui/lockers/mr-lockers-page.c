/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mr-lockers-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mr-locker-bank-editor.h"
#include "mr-locker-dropoff-dialog.h"
#include "mr-locker-pickup-dialog.h"
#include "mr-locker-reserve-dialog.h"
#include "widgets/mr-gui-utils.h"

#define HOUR_MS ((gint64) 3600 * 1000)


G_DEFINE_FINAL_TYPE (MrLockersPage, mr_lockers_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const MrLockerDoor *
popover_door (MrLockersPage *self)
{
  if (self->map == NULL || self->popover_door < 0 ||
      (guint) self->popover_door >= self->map->doors->len)
    return NULL;
  return &g_array_index (self->map->doors, MrLockerDoor, self->popover_door);
}

/* Which operations the popover's door allows: a delivery into any door
 * in service (the core refuses a wrong one with the reason), a
 * reservation of a free door, ending or extending its reservation. */
static void
update_popover_operations (MrLockersPage *self, const MrLockerDoor *door)
{
  g_autoptr (MrLockerDoorInfo) info = mr_store_get_locker_door (self->store, door->id);
  g_autoptr (GVariant) reservation = NULL;
  const char *kind = NULL;
  gint64 ends = 0;

  g_clear_pointer (&self->popover_reservation, g_free);
  if (info != NULL && info->reservation_id != NULL)
    {
      self->popover_reservation = g_strdup (info->reservation_id);
      reservation = mr_store_get_locker_reservation (self->store, info->reservation_id);
    }
  if (reservation != NULL)
    {
      g_variant_lookup (reservation, "kind", "&s", &kind);
      g_variant_lookup (reservation, "ends_at", "x", &ends);
    }
  gtk_widget_set_visible (self->dropoff_here_button, door->status != MR_LOCKER_OUT_OF_SERVICE &&
                                                       door->status != MR_LOCKER_EXPIRED);
  gtk_widget_set_visible (self->reserve_button,
                          door->status == MR_LOCKER_AVAILABLE && door->dedicated_to == NULL);
  gtk_widget_set_visible (self->end_reservation_button, self->popover_reservation != NULL);
  /* Only storage with an end can last longer. */
  gtk_widget_set_visible (self->extend_button,
                          ends > 0 && kind != NULL && g_str_has_suffix (kind, "_storage"));
  mr_lockers_page_update_door_buttons (self, door);
}

static void
update_popover (MrLockersPage *self)
{
  const MrLockerDoor *door = popover_door (self);
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  gboolean out;

  if (door == NULL)
    {
      gtk_popover_popdown (self->popover);
      return;
    }
  /* Translators: the title of a locker door's popover; %s is its number. */
  title = g_strdup_printf (_ ("Door %s"), door->number);
  summary = mr_locker_door_describe (door);
  gtk_label_set_label (self->popover_title, title);
  gtk_label_set_label (self->popover_summary, summary);
  out = door->status == MR_LOCKER_OUT_OF_SERVICE;
  gtk_button_set_label (self->service_button,
                        out ? _ ("Put _Back in Service") : _ ("Take _Out of Service"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->service_button), "b", !out);
  update_popover_operations (self, door);
}

static void
update_legend (MrLockersPage *self)
{
  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    {
      g_autofree char *count = g_strdup_printf ("%u", self->map ? self->map->counts[s] : 0);

      gtk_label_set_label (self->legend_counts[s], count);
    }
  mr_lockers_page_update_remove_expired (self);
}

static void
map_changed (MrLockersPage *self)
{
  g_autofree char *label = NULL;

  mr_locker_bank_view_set_map (self->view, self->map);
  update_legend (self);
  if (self->map != NULL)
    {
      /* Translators: the accessible name of the locker map; %s is the bank. */
      label = g_strdup_printf (_ ("Locker bank %s"), self->map->bank->name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    update_popover (self);
}

static void
load_map (MrLockersPage *self, const char *bank_id)
{
  g_autoptr (GError) error = NULL;

  /* The popover's door is an index into the old map. */
  gtk_popover_popdown (self->popover);
  self->popover_door = -1;
  /* The view borrows the map: detach it before freeing. */
  mr_locker_bank_view_set_map (self->view, NULL);
  g_clear_pointer (&self->map, mr_locker_map_free);
  if (bank_id != NULL)
    {
      self->map = mr_locker_map_load (self->store, bank_id, &error);
      if (self->map == NULL)
        g_warning ("Could not load the locker bank %s: %s", bank_id, error->message);
    }
  map_changed (self);
}

static void
load_banks (MrLockersPage *self, const char *select_id)
{
  g_autoptr (GPtrArray) banks = mr_store_list_locker_banks (self->store);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  for (guint i = 0; i < banks->len; i++)
    {
      MrLockerBank *bank = g_ptr_array_index (banks, i);

      if (g_strcmp0 (bank->id, select_id) == 0)
        selected = i;
      if (bank->place_name != NULL)
        /* Translators: a locker bank in the chooser: its name and its place. */
        g_ptr_array_add (names, g_strdup_printf (_ ("%s — %s"), bank->name, bank->place_name));
      else
        g_ptr_array_add (names, g_strdup (bank->name));
    }
  g_ptr_array_add (names, NULL);

  self->updating = TRUE;
  g_clear_pointer (&self->banks, g_ptr_array_unref);
  self->banks = g_steal_pointer (&banks);
  gtk_string_list_splice (self->bank_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->bank_names)),
                          (const char *const *) names->pdata);
  if (self->banks->len > 0)
    gtk_drop_down_set_selected (self->bank_chooser, selected);
  self->updating = FALSE;

  gtk_stack_set_visible_child_name (self->stack, self->banks->len > 0 ? "map" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lockers.dropoff", self->banks->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lockers.pickup", self->banks->len > 0);
  load_map (self, self->banks->len > 0
                    ? ((MrLockerBank *) g_ptr_array_index (self->banks, selected))->id
                    : NULL);
}

static void
bank_selected_cb (MrLockersPage *self)
{
  guint i = gtk_drop_down_get_selected (self->bank_chooser);

  if (self->updating || self->banks == NULL || i >= self->banks->len)
    return;
  gtk_popover_popdown (self->popover);
  load_map (self, ((MrLockerBank *) g_ptr_array_index (self->banks, i))->id);
}

/* Live updates: one door re-read when the store names it, the whole map
 * after a batch, the bank list when a bank changes. */
static void
store_changed_cb (MrStore *store, const char *entity, const char *id, MrLockersPage *self)
{
  if (g_strcmp0 (entity, "locker_bank") == 0)
    {
      g_autofree char *current = g_strdup (mr_lockers_page_get_bank_id (self));

      load_banks (self, current);
      return;
    }
  if (g_strcmp0 (entity, "locker") != 0 && g_strcmp0 (entity, "package") != 0)
    return;
  if (self->map == NULL)
    return;
  if (g_strcmp0 (entity, "locker") == 0 && id != NULL &&
      mr_locker_map_find_door (self->map, id) < 0)
    {
      /* Another bank's door: only the counts of other banks changed. */
      return;
    }
  if (!mr_locker_map_refresh (self->map, store, g_strcmp0 (entity, "locker") == 0 ? id : NULL))
    {
      g_autofree char *current = g_strdup (self->map->bank->id);

      load_map (self, current);
      return;
    }
  map_changed (self);
}

static void
legend_toggled_cb (GtkToggleButton *button, MrLockersPage *self)
{
  int status = -1;

  if (self->updating)
    return;
  self->updating = TRUE;
  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    {
      if (self->legend[s] == button)
        {
          if (gtk_toggle_button_get_active (button))
            status = (int) s;
        }
      else
        gtk_toggle_button_set_active (self->legend[s], FALSE);
    }
  self->updating = FALSE;
  mr_locker_bank_view_set_filter (self->view, status);
}

static void
door_activated_cb (MrLockerBankView *view, int index, MrLockersPage *self)
{
  GdkRectangle rect;

  if (!mr_locker_bank_view_get_door_rect (view, index, &rect))
    return;
  self->popover_door = index;
  gtk_label_set_label (self->contents_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->contents_label), FALSE);
  update_popover (self);
  gtk_popover_set_pointing_to (self->popover, &rect);
  gtk_popover_popup (self->popover);
}

static void
set_out_of_service_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  const MrLockerDoor *door = popover_door (self);
  g_autoptr (GError) error = NULL;
  GVariantDict d;

  if (door == NULL)
    return;
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "id", "s", door->id);
  g_variant_dict_insert (&d, "out_of_service", "b", g_variant_get_boolean (param));
  if (!mr_store_apply (self->store, "locker.set_out_of_service", g_variant_dict_end (&d), NULL,
                       &error))
    {
      gtk_label_set_label (self->contents_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->contents_label), TRUE);
    }
}

static void
show_contents_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  const MrLockerDoor *door = popover_door (self);
  g_autoptr (MrLockerDoorInfo) info = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  if (door == NULL)
    return;
  info = mr_store_get_locker_door (self->store, door->id);
  if (info == NULL || info->packages == NULL || info->packages->len == 0)
    g_string_append (text, _ ("This door holds no packages."));
  else
    for (guint i = 0; i < info->packages->len; i++)
      {
        MrLockerPackage *p = g_ptr_array_index (info->packages, i);

        if (text->len > 0)
          g_string_append_c (text, '\n');
        /* Translators: one package in a locker: tracking number or internal
         * ID, carrier, recipient. */
        g_string_append_printf (text, _ ("%s (%s) for %s"),
                                p->tracking_number ? p->tracking_number : p->internal_id,
                                p->carrier ? p->carrier : "—", p->recipient ? p->recipient : "—");
      }
  gtk_label_set_label (self->contents_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->contents_label), TRUE);
}

/* Operations: one dialog at a time over the page */

static void
present_dialog (MrLockersPage *self, GtkWindow *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (dialog);
}

static void
dropoff_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);

  gtk_popover_popdown (self->popover);
  present_dialog (self, GTK_WINDOW (mr_locker_dropoff_dialog_new (
                          widget, self->store, mr_lockers_page_get_bank_id (self), NULL)));
}

/* From the door's popover: that door, chosen by hand. */
static void
dropoff_here_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  const MrLockerDoor *door = popover_door (self);
  g_autofree char *id = NULL;

  if (door == NULL)
    return;
  id = g_strdup (door->id);
  gtk_popover_popdown (self->popover);
  present_dialog (self, GTK_WINDOW (mr_locker_dropoff_dialog_new (
                          widget, self->store, mr_lockers_page_get_bank_id (self), id)));
}

static void
pickup_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  MrLockerPickupDialog *dialog;

  gtk_popover_popdown (self->popover);
  dialog = mr_locker_pickup_dialog_new (widget, self->store, mr_lockers_page_get_bank_id (self));

  mr_locker_pickup_dialog_set_controller (dialog, self->controller);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
open_reserve_dialog (MrLockersPage *self, MrLockerReserveDialogMode mode)
{
  const MrLockerDoor *door = popover_door (self);
  g_autofree char *id = NULL;

  if (door == NULL)
    return;
  id = g_strdup (door->id);
  gtk_popover_popdown (self->popover);
  present_dialog (
    self, GTK_WINDOW (mr_locker_reserve_dialog_new (GTK_WIDGET (self), self->store, mode, id)));
}

static void
reserve_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  open_reserve_dialog (MR_LOCKERS_PAGE (widget), MR_LOCKER_RESERVE_DIALOG_RESERVE);
}

static void
dedicate_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  open_reserve_dialog (MR_LOCKERS_PAGE (widget), MR_LOCKER_RESERVE_DIALOG_DEDICATE);
}

static void
toast (MrLockersPage *self, const char *text)
{
  mr_widget_add_toast (GTK_WIDGET (self), adw_toast_new (text));
}

static void
end_reservation_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  const MrLockerDoor *door = popover_door (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  GVariantDict d;

  if (door == NULL || self->popover_reservation == NULL)
    return;
  number = g_strdup (door->number);
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "id", "s", self->popover_reservation);
  if (!mr_store_apply (self->store, "locker.reservation_end", g_variant_dict_end (&d), NULL,
                       &error))
    {
      gtk_label_set_label (self->contents_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->contents_label), TRUE);
      return;
    }
  gtk_popover_popdown (self->popover);
  /* Translators: a toast; %s is a door number. */
  text = g_strdup_printf (_ ("Reservation of door %s ended"), number);
  toast (self, text);
}

static void
extend_response_cb (AdwMessageDialog *dialog, const char *response, MrLockersPage *self)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (adw_message_dialog_get_extra_child (dialog));
  const char *id = g_object_get_data (G_OBJECT (dialog), "reservation");
  const char *number = g_object_get_data (G_OBJECT (dialog), "number");
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reservation = NULL;
  g_autofree char *text = NULL;
  GVariantDict d;
  gint64 ends = 0;

  if (g_strcmp0 (response, "extend") != 0 || spin == NULL)
    return;
  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "id", "s", id);
  g_variant_dict_insert (&d, "hours", "x", (gint64) gtk_spin_button_get_value_as_int (spin));
  if (!mr_store_apply (self->store, "locker.reservation_extend", g_variant_dict_end (&d), NULL,
                       &error))
    {
      toast (self, error->message);
      return;
    }
  reservation = mr_store_get_locker_reservation (self->store, id);
  if (reservation != NULL)
    g_variant_lookup (reservation, "ends_at", "x", &ends);
  {
    g_autofree char *when = mr_format_time_ms (ends);

    /* Translators: a toast: a door number, then a date and time. */
    text = g_strdup_printf (_ ("Storage in door %s now ends %s"), number, when);
  }
  toast (self, text);
}

/* How many hours to add: the bank's maximum is the limit. */
static void
extend_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  const MrLockerDoor *door = popover_door (self);
  g_autoptr (GVariant) reservation = NULL;
  g_autoptr (MrLockerBank) bank = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *ends_text = NULL;
  GtkWidget *dialog;
  GtkWidget *spin = NULL;
  gint64 ends = 0, max_ends = 0, room_hours;

  if (door == NULL || self->popover_reservation == NULL || self->map == NULL)
    return;
  reservation = mr_store_get_locker_reservation (self->store, self->popover_reservation);
  if (reservation == NULL)
    return;
  g_variant_lookup (reservation, "ends_at", "x", &ends);
  g_variant_lookup (reservation, "max_ends_at", "x", &max_ends);
  bank = mr_store_get_locker_bank (self->store, self->map->bank->id);
  ends_text = mr_format_time_ms (ends);
  room_hours = max_ends > ends ? (max_ends - ends) / HOUR_MS : 0;

  /* Translators: a dialog's heading; %s is a door number. */
  heading = g_strdup_printf (_ ("Extend Storage in Door %s?"), door->number);
  if (bank == NULL || g_strcmp0 (bank->storage_mode, "flexible") != 0)
    body = g_strdup_printf (_ ("Storage in this bank lasts a fixed %d hours and cannot be "
                               "extended. It ends %s."),
                            bank ? bank->storage_hours : 0, ends_text);
  else if (room_hours < 1)
    body = g_strdup_printf (_ ("Storage ends %s, the longest this bank allows (%d hours)."),
                            ends_text, bank->storage_max_hours);
  else
    /* Translators: a date and time, then a number of hours. */
    body = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Storage ends %s. It can be extended by up to %d hour.",
                   "Storage ends %s. It can be extended by up to %d hours.", (gulong) room_hours),
      ends_text, (int) room_hours);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  if (room_hours >= 1 && bank != NULL && g_strcmp0 (bank->storage_mode, "flexible") == 0)
    {
      spin = gtk_spin_button_new_with_range (1, (double) room_hours, 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), MIN (24, room_hours));
      gtk_widget_set_halign (spin, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ ("Hours to add"), -1);
      gtk_widget_set_tooltip_text (spin, _ ("Hours to add"));
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), spin);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"),
                                        "extend", _ ("_Extend"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "extend",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "extend");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    }
  else
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
    }
  g_object_set_data_full (G_OBJECT (dialog), "reservation", g_strdup (self->popover_reservation),
                          g_free);
  g_object_set_data_full (G_OBJECT (dialog), "number", g_strdup (door->number), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (extend_response_cb), self, 0);
  gtk_popover_popdown (self->popover);
  present_dialog (self, GTK_WINDOW (dialog));
  if (spin != NULL)
    gtk_widget_grab_focus (spin);
}

static GtkWidget *
popover_button (const char *mnemonic, const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
build_popover (MrLockersPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *contents;

  self->popover = GTK_POPOVER (gtk_popover_new ());
  self->popover_door = -1;
  self->popover_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->popover_title), "heading");
  gtk_label_set_xalign (self->popover_title, 0);
  self->popover_summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->popover_summary, TRUE);
  gtk_label_set_max_width_chars (self->popover_summary, 40);
  gtk_label_set_xalign (self->popover_summary, 0);
  gtk_label_set_selectable (self->popover_summary, FALSE);
  self->service_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_ ("Take _Out of Service")));
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (self->service_button),
                                           "lockers.set-out-of-service(true)");
  contents = gtk_button_new_with_mnemonic (_ ("Show _Contents"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (contents), "lockers.show-contents");
  self->contents_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->contents_label, TRUE);
  gtk_label_set_xalign (self->contents_label, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->contents_label), FALSE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->popover_title));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->popover_summary));
  self->dropoff_here_button = popover_button (_ ("_Drop Off Here…"), "lockers.dropoff-here");
  self->reserve_button = popover_button (_ ("_Reserve…"), "lockers.reserve");
  self->end_reservation_button = popover_button (_ ("_End Reservation"), "lockers.end-reservation");
  self->extend_button = popover_button (_ ("E_xtend…"), "lockers.extend");
  gtk_box_append (GTK_BOX (box), self->dropoff_here_button);
  gtk_box_append (GTK_BOX (box), self->reserve_button);
  gtk_box_append (GTK_BOX (box), self->end_reservation_button);
  gtk_box_append (GTK_BOX (box), self->extend_button);
  gtk_box_append (GTK_BOX (box), popover_button (_ ("Ded_icate…"), "lockers.dedicate"));
  gtk_box_append (GTK_BOX (box), mr_lockers_page_build_door_buttons (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->service_button));
  gtk_box_append (GTK_BOX (box), contents);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->contents_label));
  gtk_popover_set_child (self->popover, box);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self->view));
}

/* The day's two operations, under the map. */
static GtkWidget *
build_action_bar (MrLockersPage *self)
{
  GtkWidget *bar = gtk_action_bar_new ();
  GtkWidget *dropoff = gtk_button_new_with_mnemonic (_ ("_Drop Off…"));
  GtkWidget *pickup = gtk_button_new_with_mnemonic (_ ("_Pick Up…"));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (dropoff), "lockers.dropoff");
  gtk_widget_add_css_class (dropoff, "suggested-action");
  gtk_widget_set_tooltip_text (dropoff, _ ("Put a package in a locker (Ctrl+D)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (pickup), "lockers.pickup");
  gtk_widget_set_tooltip_text (pickup, _ ("Open the lockers of a pickup code (Ctrl+U)"));
  gtk_action_bar_pack_start (GTK_ACTION_BAR (bar), dropoff);
  gtk_action_bar_pack_start (GTK_ACTION_BAR (bar), pickup);
  gtk_action_bar_pack_end (GTK_ACTION_BAR (bar),
                           mr_lockers_page_build_remove_expired_button (self));
  return bar;
}

/* The bank editor (mr-locker-bank-editor.c): a new or a changed bank, then
 * that bank on the map. */
static void
bank_saved_cb (MrLockersPage *self, const char *bank_id, gboolean created)
{
  load_banks (self, bank_id);
}

static void
open_bank_editor_cb (GSimpleAction *action, GVariant *param, gpointer data)
{
  MrLockersPage *self = data;
  gboolean edit = g_str_equal (g_action_get_name (G_ACTION (action)), "edit");
  MrLockerBankEditor *editor = mr_locker_bank_editor_present (
    GTK_WIDGET (self), self->store, edit ? mr_lockers_page_get_bank_id (self) : NULL);

  g_signal_connect_object (editor, "saved", G_CALLBACK (bank_saved_cb), self, G_CONNECT_SWAPPED);
}

static void
build_ui (MrLockersPage *self)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *legend = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bank_label = gtk_label_new_with_mnemonic (_ ("_Bank"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();

  self->bank_names = gtk_string_list_new (NULL);
  self->bank_chooser =
    GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->bank_names)), NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (bank_label), GTK_WIDGET (self->bank_chooser));
  g_signal_connect_swapped (self->bank_chooser, "notify::selected", G_CALLBACK (bank_selected_cb),
                            self);

  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  gtk_widget_set_margin_top (top, 6);
  gtk_widget_set_margin_bottom (top, 6);
  gtk_box_append (GTK_BOX (top), bank_label);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->bank_chooser));
  {
    const GActionEntry entries[] = { { "new", open_bank_editor_cb, NULL, NULL, NULL, { 0 } },
                                     { "edit", open_bank_editor_cb, NULL, NULL, NULL, { 0 } } };
    g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr (GMenu) menu = g_menu_new ();
    GtkWidget *button = gtk_menu_button_new ();

    g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "bank", G_ACTION_GROUP (group));
    g_menu_append (menu, _ ("_New Bank…"), "bank.new");
    g_menu_append (menu, _ ("_Edit Bank…"), "bank.edit");
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-edit-symbolic");
    gtk_widget_set_tooltip_text (button, _ ("Build a new bank or change this one"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _ ("Bank Layout and Settings"), -1);
    gtk_box_append (GTK_BOX (top), button);
  }

  /* The legend is also the filter: a status toggled on dims the others. */
  gtk_widget_set_hexpand (legend, TRUE);
  gtk_widget_set_halign (legend, GTK_ALIGN_END);
  gtk_accessible_update_property (GTK_ACCESSIBLE (legend), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Doors by status"), -1);
  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *count = gtk_label_new ("0");

      gtk_box_append (GTK_BOX (box), mr_locker_swatch_new (s));
      gtk_box_append (GTK_BOX (box), gtk_label_new (mr_locker_status_get_label (s)));
      gtk_widget_add_css_class (count, "numeric");
      gtk_widget_add_css_class (count, "dim-label");
      gtk_box_append (GTK_BOX (box), count);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _ ("Show only these doors"));
      g_signal_connect (button, "toggled", G_CALLBACK (legend_toggled_cb), self);
      self->legend[s] = GTK_TOGGLE_BUTTON (button);
      self->legend_counts[s] = GTK_LABEL (count);
      gtk_box_append (GTK_BOX (legend), button);
    }
  gtk_box_append (GTK_BOX (top), legend);

  self->view = MR_LOCKER_BANK_VIEW (mr_locker_bank_view_new ());
  g_signal_connect (self->view, "door-activated", G_CALLBACK (door_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scrolled, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "view-grid-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _ ("No Locker Banks"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _ ("Build a bank's front column by column, or import a layout "
                                      "with “mailroom-cli lockers bank create”."));
  {
    GtkWidget *create = gtk_button_new_with_mnemonic (_ ("_Create Bank…"));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (create), "bank.new");
    gtk_widget_set_halign (create, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (create, "pill");
    gtk_widget_add_css_class (create, "suggested-action");
    adw_status_page_set_child (ADW_STATUS_PAGE (empty), create);
  }

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scrolled, "map");
  gtk_stack_add_named (self->stack, empty, "empty");

  gtk_widget_set_parent (top, GTK_WIDGET (self));
  gtk_widget_set_parent (gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
  gtk_widget_set_parent (build_action_bar (self), GTK_WIDGET (self));
  build_popover (self);
}

static void
mr_lockers_page_constructed (GObject *object)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (object);

  G_OBJECT_CLASS (mr_lockers_page_parent_class)->constructed (object);
  g_assert (MR_IS_STORE (self->store));
  build_ui (self);
  self->changed_handler =
    g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  load_banks (self, NULL);
}

static void
mr_lockers_page_dispose (GObject *object)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (object);
  GtkWidget *child;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_weak_pointer (&self->dialog);
  g_clear_pointer (&self->popover_reservation, g_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->map, mr_locker_map_free);
  g_clear_pointer (&self->banks, g_ptr_array_unref);
  g_clear_object (&self->bank_names);
  g_clear_object (&self->store);
  g_clear_object (&self->controller);
  G_OBJECT_CLASS (mr_lockers_page_parent_class)->dispose (object);
}

static void
mr_lockers_page_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CONTROLLER:
      mr_lockers_page_set_controller (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_lockers_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_lockers_page_class_init (MrLockersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_lockers_page_constructed;
  object_class->dispose = mr_lockers_page_dispose;
  object_class->set_property = mr_lockers_page_set_property;
  object_class->get_property = mr_lockers_page_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* What opens the doors: the bank's hardware, or the simulated
   * controller. NULL: operations are recorded, no door is driven. */
  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, MR_TYPE_LOCKER_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* On the door of the popover: TRUE takes it out of service. */
  gtk_widget_class_install_action (widget_class, "lockers.set-out-of-service", "b",
                                   set_out_of_service_activated);
  gtk_widget_class_install_action (widget_class, "lockers.show-contents", NULL,
                                   show_contents_activated);
  gtk_widget_class_install_action (widget_class, "lockers.dropoff", NULL, dropoff_activated);
  gtk_widget_class_install_action (widget_class, "lockers.dropoff-here", NULL,
                                   dropoff_here_activated);
  gtk_widget_class_install_action (widget_class, "lockers.pickup", NULL, pickup_activated);
  gtk_widget_class_install_action (widget_class, "lockers.reserve", NULL, reserve_activated);
  gtk_widget_class_install_action (widget_class, "lockers.end-reservation", NULL,
                                   end_reservation_activated);
  gtk_widget_class_install_action (widget_class, "lockers.extend", NULL, extend_activated);
  gtk_widget_class_install_action (widget_class, "lockers.dedicate", NULL, dedicate_activated);
  mr_lockers_page_install_door_actions (widget_class);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
mr_lockers_page_init (MrLockersPage *self)
{
  GtkEventController *controller;

  gtk_orientable_set_orientation (
    GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);

  /* Managed scope: the window handles them whatever has the focus, but
   * only while the page is mapped, i.e. the visible section. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_d, GDK_CONTROL_MASK),
                      gtk_named_action_new ("lockers.dropoff")));
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_u, GDK_CONTROL_MASK),
                      gtk_named_action_new ("lockers.pickup")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
mr_lockers_page_new (MrStore *store)
{
  return g_object_new (MR_TYPE_LOCKERS_PAGE, "store", store, NULL);
}

gboolean
mr_lockers_page_set_bank (MrLockersPage *self, const char *id)
{
  g_return_val_if_fail (MR_IS_LOCKERS_PAGE (self), FALSE);
  for (guint i = 0; self->banks != NULL && i < self->banks->len; i++)
    if (g_strcmp0 (((MrLockerBank *) g_ptr_array_index (self->banks, i))->id, id) == 0)
      {
        gtk_drop_down_set_selected (self->bank_chooser, i);
        return TRUE;
      }
  return FALSE;
}

const char *
mr_lockers_page_get_bank_id (MrLockersPage *self)
{
  g_return_val_if_fail (MR_IS_LOCKERS_PAGE (self), NULL);
  return self->map != NULL ? self->map->bank->id : NULL;
}

MrLockerBankView *
mr_lockers_page_get_view (MrLockersPage *self)
{
  g_return_val_if_fail (MR_IS_LOCKERS_PAGE (self), NULL);
  return self->view;
}

const MrLockerMap *
mr_lockers_page_get_map (MrLockersPage *self)
{
  g_return_val_if_fail (MR_IS_LOCKERS_PAGE (self), NULL);
  return self->map;
}

GtkToggleButton *
mr_lockers_page_get_legend_button (MrLockersPage *self, MrLockerStatus status)
{
  g_return_val_if_fail (MR_IS_LOCKERS_PAGE (self), NULL);
  g_return_val_if_fail (status < MR_LOCKER_N_STATUSES, NULL);
  return self->legend[status];
}

const char *
mr_lockers_page_get_legend_count (MrLockersPage *self, MrLockerStatus status)
{
  g_return_val_if_fail (MR_IS_LOCKERS_PAGE (self), NULL);
  g_return_val_if_fail (status < MR_LOCKER_N_STATUSES, NULL);
  return gtk_label_get_label (self->legend_counts[status]);
}

GtkPopover *
mr_lockers_page_get_door_popover (MrLockersPage *self)
{
  g_return_val_if_fail (MR_IS_LOCKERS_PAGE (self), NULL);
  return self->popover;
}

/**
 * mr_lockers_page_get_dialog:
 *
 * Returns: (transfer none) (nullable): the operation dialog the page
 *   opened (drop-off, pickup, reserve, dedicate, extend), while it is open
 */
GtkWindow *
mr_lockers_page_get_dialog (MrLockersPage *self)
{
  g_return_val_if_fail (MR_IS_LOCKERS_PAGE (self), NULL);
  return self->dialog;
}

void
mr_lockers_page_set_controller (MrLockersPage *self, MrLockerController *controller)
{
  g_return_if_fail (MR_IS_LOCKERS_PAGE (self));
  g_return_if_fail (controller == NULL || MR_IS_LOCKER_CONTROLLER (controller));
  if (g_set_object (&self->controller, controller))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROLLER]);
}

MrLockerController *
mr_lockers_page_get_controller (MrLockersPage *self)
{
  g_return_val_if_fail (MR_IS_LOCKERS_PAGE (self), NULL);
  return self->controller;
}

const MrLockerDoor *
mr_lockers_page_get_popover_door (MrLockersPage *self)
{
  return popover_door (self);
}

void
mr_lockers_page_toast (MrLockersPage *self, const char *text)
{
  toast (self, text);
}

void
mr_lockers_page_present_dialog (MrLockersPage *self, GtkWindow *dialog)
{
  present_dialog (self, dialog);
}
