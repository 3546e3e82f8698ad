/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mr-lockers-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _MrLockersPage
{
  GtkWidget parent_instance;

  MrStore *store;
  gulong changed_handler;
  GPtrArray *banks; /* MrLockerBank, in the chooser's order */
  MrLockerMap *map;
  gboolean updating;

  GtkDropDown *bank_chooser;
  GtkStringList *bank_names;
  GtkToggleButton *legend[MR_LOCKER_N_STATUSES];
  GtkLabel *legend_counts[MR_LOCKER_N_STATUSES];
  GtkStack *stack;
  MrLockerBankView *view;

  /* The door's actions */
  GtkPopover *popover;
  int popover_door;
  GtkLabel *popover_title;
  GtkLabel *popover_summary;
  GtkButton *service_button;
  GtkLabel *contents_label;
};

G_DEFINE_FINAL_TYPE (MrLockersPage, mr_lockers_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STORE,
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
}

static void
update_legend (MrLockersPage *self)
{
  for (guint s = 0; s < MR_LOCKER_N_STATUSES; s++)
    {
      g_autofree char *count = g_strdup_printf ("%u", self->map ? self->map->counts[s] : 0);

      gtk_label_set_label (self->legend_counts[s], count);
    }
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
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->service_button));
  gtk_box_append (GTK_BOX (box), contents);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->contents_label));
  gtk_popover_set_child (self->popover, box);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self->view));
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
                                   _ ("Create a bank with “mailroom-cli lockers bank create”."));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scrolled, "map");
  gtk_stack_add_named (self->stack, empty, "empty");

  gtk_widget_set_parent (top, GTK_WIDGET (self));
  gtk_widget_set_parent (gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
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
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->map, mr_locker_map_free);
  g_clear_pointer (&self->banks, g_ptr_array_unref);
  g_clear_object (&self->bank_names);
  g_clear_object (&self->store);
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* On the door of the popover: TRUE takes it out of service. */
  gtk_widget_class_install_action (widget_class, "lockers.set-out-of-service", "b",
                                   set_out_of_service_activated);
  gtk_widget_class_install_action (widget_class, "lockers.show-contents", NULL,
                                   show_contents_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
mr_lockers_page_init (MrLockersPage *self)
{
  gtk_orientable_set_orientation (
    GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);
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
