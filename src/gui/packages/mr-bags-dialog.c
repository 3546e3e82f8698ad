/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-bags-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-bags-dialog.h"
#include "mr-packages-utils.h"
#include "widgets/mr-gui-utils.h"

/* A mailroom has tens of bags open at a time, so the list is read whole
 * and rebuilt after each change; closed bags (years of them) are read
 * only when asked for. Adding or removing several packages is one store
 * batch: a package the core refuses (in a locker, already gone) leaves
 * the bag as it was, with the reason under the list. */

struct _MrBagsDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  AdwEntryRow *label_row;
  AdwActionRow *place_row;
  GtkSwitch *closed_switch;
  GtkListBox *bags_list;
  AdwPreferencesGroup *actions_group;
  AdwActionRow *add_row;
  AdwActionRow *remove_row;
  AdwActionRow *close_row;
  AdwActionRow *reopen_row;
  GtkLabel *status_label;
  GtkLabel *error_label;

  /* built in code */
  GtkDropDown *place_drop_down;

  /* owned */
  MrStore *store;
  GStrv package_ids;
  char *selected_id;
  guint n_bags;
  guint reload_id;
  gboolean loading;

  /* borrowed (weak) */
  AdwMessageDialog *place_dialog;
};

G_DEFINE_FINAL_TYPE (MrBagsDialog, mr_bags_dialog, ADW_TYPE_WINDOW)

enum
{
  SHOW_BAG,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (MrBagsDialog *self, const char *message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_status (MrBagsDialog *self, const char *message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_label_set_text (self->status_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
}

static guint
n_packages (MrBagsDialog *self)
{
  return self->package_ids ? g_strv_length (self->package_ids) : 0;
}

static gboolean
selected_closed (MrBagsDialog *self)
{
  g_autoptr (MrBag) bag =
    self->selected_id ? mr_store_get_bag (self->store, self->selected_id) : NULL;

  return bag != NULL && bag->closed_at > 0;
}

static void
update_actions (MrBagsDialog *self)
{
  gboolean has = self->selected_id != NULL;
  gboolean closed = has && selected_closed (self);
  guint n = n_packages (self);
  g_autofree char *add_subtitle = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->actions_group), has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bags.add", has && !closed && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bags.remove", has && !closed && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bags.close", has && !closed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bags.reopen", has && closed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bags.move", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bags.show", has);
  gtk_widget_set_visible (GTK_WIDGET (self->close_row), !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->reopen_row), closed);

  if (n == 0)
    add_subtitle = g_strdup (_ ("Select packages in the list first"));
  else
    add_subtitle = g_strdup_printf (
      ngettext ("%u package selected in the list", "%u packages selected in the list", n), n);
  adw_action_row_set_subtitle (self->add_row, add_subtitle);
  adw_action_row_set_subtitle (self->remove_row, add_subtitle);
}

static GtkWidget *
bag_row_new (MrBag *bag)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (bag->label, -1);
  g_autofree char *count =
    g_strdup_printf (ngettext ("%u package", "%u packages", bag->n_packages), bag->n_packages);
  g_autofree char *state = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;

  if (bag->closed_at > 0)
    {
      g_autofree char *when = mr_format_time_ms (bag->closed_at);

      /* Translators: a bag's state; %s is a date and time */
      state = g_strdup_printf (_ ("closed %s"), when);
    }
  else
    state = g_strdup (_ ("open"));
  if (bag->place_name != NULL)
    /* Translators: a bag in the list: "3 packages · place · open" */
    subtitle = g_strdup_printf (_ ("%s · %s · %s"), count, bag->place_name, state);
  else
    /* Translators: a bag in the list: "3 packages · open" */
    subtitle = g_strdup_printf (_ ("%s · %s"), count, state);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (
                               bag->closed_at > 0 ? "mail-read-symbolic" : "mail-unread-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "mr-bag-id", g_strdup (bag->id), g_free);
  return row;
}

static void
reload (MrBagsDialog *self)
{
  g_autoptr (GPtrArray) bags = NULL;
  GtkWidget *child;
  GtkListBoxRow *select = NULL;
  gboolean had_focus = mr_widget_has_focus_within (GTK_WIDGET (self->bags_list));

  self->loading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bags_list))) != NULL)
    gtk_list_box_remove (self->bags_list, child);
  bags = mr_store_list_bags (self->store, !gtk_switch_get_active (self->closed_switch));
  /* A closed bag that is selected stays in view. */
  if (self->selected_id != NULL && !gtk_switch_get_active (self->closed_switch))
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < bags->len && !listed; i++)
        listed = g_strcmp0 (((MrBag *) g_ptr_array_index (bags, i))->id, self->selected_id) == 0;
      if (!listed)
        {
          MrBag *bag = mr_store_get_bag (self->store, self->selected_id);

          if (bag != NULL)
            g_ptr_array_insert (bags, 0, bag);
        }
    }
  for (guint i = 0; i < bags->len; i++)
    {
      MrBag *bag = g_ptr_array_index (bags, i);
      GtkWidget *row = bag_row_new (bag);

      gtk_list_box_append (self->bags_list, row);
      if (g_strcmp0 (bag->id, self->selected_id) == 0)
        select = GTK_LIST_BOX_ROW (row);
    }
  self->n_bags = bags->len;
  gtk_list_box_select_row (self->bags_list, select);
  if (select == NULL)
    g_clear_pointer (&self->selected_id, g_free);
  self->loading = FALSE;
  if (had_focus && select != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (select));
  update_actions (self);
}

static gboolean
reload_idle_cb (gpointer data)
{
  MrBagsDialog *self = data;

  self->reload_id = 0;
  if (self->bags_list != NULL)
    reload (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (MrBagsDialog *self, const char *entity)
{
  /* Disposed (closed) but not yet finalized: nothing to show it on. */
  if (self->bags_list == NULL)
    return;
  if (g_strcmp0 (entity, "bag") != 0 && g_strcmp0 (entity, "package") != 0)
    return;
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
bag_selected_cb (MrBagsDialog *self, GtkListBoxRow *row)
{
  if (self->loading)
    return;
  g_free (self->selected_id);
  self->selected_id = row ? g_strdup (g_object_get_data (G_OBJECT (row), "mr-bag-id")) : NULL;
  update_actions (self);
}

static void
closed_switch_cb (MrBagsDialog *self)
{
  reload (self);
}

static void
create_activated_cb (MrBagsDialog *self)
{
  mr_bags_dialog_create_bag (self);
}

/* Runs @mutation on the selected bag for each selected package, all or
 * nothing. */
static gboolean
apply_to_packages (MrBagsDialog *self, const char *mutation, GError **error)
{
  if (!mr_store_begin_batch (self->store, error))
    return FALSE;
  for (guint i = 0; self->package_ids[i] != NULL; i++)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&d, "id", "s", self->selected_id);
      g_variant_dict_insert (&d, "package_id", "s", self->package_ids[i]);
      if (!mr_store_apply (self->store, mutation, g_variant_dict_end (&d), NULL, error))
        {
          g_autoptr (MrPackage) p = mr_store_get_package (self->store, self->package_ids[i]);

          mr_store_end_batch (self->store, FALSE, NULL);
          if (p != NULL && self->package_ids[1] != NULL)
            g_prefix_error (error, _ ("%s: "), mr_packages_title (p));
          return FALSE;
        }
    }
  return mr_store_end_batch (self->store, TRUE, error);
}

static gboolean
apply_to_bag (MrBagsDialog *self, const char *mutation, const char *place_id)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GError) error = NULL;

  if (self->selected_id == NULL)
    return FALSE;
  g_variant_dict_insert (&d, "id", "s", self->selected_id);
  if (place_id != NULL)
    g_variant_dict_insert (&d, "place_id", "s", place_id);
  if (!mr_store_apply (self->store, mutation, g_variant_dict_end (&d), NULL, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  reload (self);
  return TRUE;
}

static void
create_action (GtkWidget *widget, const char *name, GVariant *param)
{
  mr_bags_dialog_create_bag (MR_BAGS_DIALOG (widget));
}

static void
add_action (GtkWidget *widget, const char *name, GVariant *param)
{
  mr_bags_dialog_add_packages (MR_BAGS_DIALOG (widget));
}

static void
remove_action (GtkWidget *widget, const char *name, GVariant *param)
{
  mr_bags_dialog_remove_packages (MR_BAGS_DIALOG (widget));
}

static void
close_action (GtkWidget *widget, const char *name, GVariant *param)
{
  mr_bags_dialog_close_bag (MR_BAGS_DIALOG (widget));
}

static void
reopen_action (GtkWidget *widget, const char *name, GVariant *param)
{
  mr_bags_dialog_reopen_bag (MR_BAGS_DIALOG (widget));
}

static void
place_chosen_cb (const char *place_id, gpointer data)
{
  mr_bags_dialog_move_bag (MR_BAGS_DIALOG (data), place_id);
}

static void
move_action (GtkWidget *widget, const char *name, GVariant *param)
{
  MrBagsDialog *self = MR_BAGS_DIALOG (widget);
  g_autoptr (MrBag) bag = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (self->selected_id == NULL ||
      (bag = mr_store_get_bag (self->store, self->selected_id)) == NULL)
    return;
  /* Translators: a dialog heading; %s is a bag's label */
  heading = g_strdup_printf (_ ("Move Bag %s?"), bag->label);
  dialog = mr_choose_place_dialog_new (
    widget, self->store, heading,
    _ ("The bag and every package in it still in the mailroom move to the place you choose."),
    bag->place_id, place_chosen_cb);
  g_set_weak_pointer (&self->place_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_action (GtkWidget *widget, const char *name, GVariant *param)
{
  MrBagsDialog *self = MR_BAGS_DIALOG (widget);
  g_autofree char *id = g_strdup (self->selected_id);

  if (id == NULL)
    return;
  g_signal_emit (self, signals[SHOW_BAG], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

/* GObject */

static void
mr_bags_dialog_dispose (GObject *object)
{
  MrBagsDialog *self = MR_BAGS_DIALOG (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->place_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->place_dialog));
  g_clear_weak_pointer (&self->place_dialog);
  /* The list drops its rows as it goes, selecting none: not ours to hear. */
  if (self->bags_list != NULL)
    g_signal_handlers_disconnect_by_data (self->bags_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), MR_TYPE_BAGS_DIALOG);
  G_OBJECT_CLASS (mr_bags_dialog_parent_class)->dispose (object);
}

static void
mr_bags_dialog_finalize (GObject *object)
{
  MrBagsDialog *self = MR_BAGS_DIALOG (object);

  g_clear_object (&self->store);
  g_strfreev (self->package_ids);
  g_free (self->selected_id);
  G_OBJECT_CLASS (mr_bags_dialog_parent_class)->finalize (object);
}

static void
mr_bags_dialog_class_init (MrBagsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_bags_dialog_dispose;
  object_class->finalize = mr_bags_dialog_finalize;

  /**
   * MrBagsDialog::show-bag:
   * @bag_id: the bag whose packages the list should show
   */
  signals[SHOW_BAG] = g_signal_new ("show-bag", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-bags-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, place_row);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, closed_switch);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, bags_list);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, actions_group);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, add_row);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, remove_row);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, close_row);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, reopen_row);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, MrBagsDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, bag_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, closed_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_activated_cb);

  gtk_widget_class_install_action (widget_class, "bags.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "bags.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "bags.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "bags.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "bags.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "bags.move", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "bags.show", NULL, show_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_bags_dialog_init (MrBagsDialog *self)
{
  GtkWidget *placeholder = gtk_label_new (_ ("No bags yet"));

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->bags_list, placeholder);
}

MrBagsDialog *
mr_bags_dialog_new (GtkWidget *parent, MrStore *store, const char *const *package_ids)
{
  MrBagsDialog *self;
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  self = g_object_new (MR_TYPE_BAGS_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->package_ids = g_strdupv ((char **) package_ids);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));

  self->place_drop_down = mr_place_drop_down_new (store, _ ("No place"));
  gtk_widget_set_valign (GTK_WIDGET (self->place_drop_down), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->place_drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Place of the new bag"), -1);
  adw_action_row_add_suffix (self->place_row, GTK_WIDGET (self->place_drop_down));
  adw_action_row_set_activatable_widget (self->place_row, GTK_WIDGET (self->place_drop_down));

  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reload (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
  return self;
}

GtkEditable *
mr_bags_dialog_get_label_entry (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), NULL);
  return GTK_EDITABLE (self->label_row);
}

GtkDropDown *
mr_bags_dialog_get_place_drop_down (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), NULL);
  return self->place_drop_down;
}

const char *
mr_bags_dialog_create_bag (MrBagsDialog *self)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *id = NULL;
  g_autofree char *status = NULL;
  const char *place_id;

  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), NULL);

  label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));
  place_id = mr_id_drop_down_get_id (self->place_drop_down);
  if (*label != '\0')
    g_variant_dict_insert (&d, "label", "s", label);
  if (place_id != NULL)
    g_variant_dict_insert (&d, "place_id", "s", place_id);
  if (!mr_store_apply (self->store, "bag.create", g_variant_dict_end (&d), &id, &error))
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
      return NULL;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), "");
  g_free (self->selected_id);
  self->selected_id = g_steal_pointer (&id);
  reload (self);
  {
    g_autoptr (MrBag) bag = mr_store_get_bag (self->store, self->selected_id);

    /* Translators: %s is the new bag's label */
    status = g_strdup_printf (_ ("Bag %s created."), bag ? bag->label : "");
  }
  show_status (self, status);
  return self->selected_id;
}

guint
mr_bags_dialog_get_n_bags (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), 0);
  return self->n_bags;
}

gboolean
mr_bags_dialog_select_bag (MrBagsDialog *self, const char *bag_id)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), FALSE);

  g_free (self->selected_id);
  self->selected_id = g_strdup (bag_id);
  reload (self);
  return self->selected_id != NULL;
}

const char *
mr_bags_dialog_get_selected_bag (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), NULL);
  return self->selected_id;
}

void
mr_bags_dialog_set_show_closed (MrBagsDialog *self, gboolean show_closed)
{
  g_return_if_fail (MR_IS_BAGS_DIALOG (self));
  gtk_switch_set_active (self->closed_switch, show_closed);
}

static gboolean
change_packages (MrBagsDialog *self, const char *mutation)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrBag) bag = NULL;
  g_autofree char *status = NULL;
  guint n = n_packages (self);

  if (self->selected_id == NULL || n == 0)
    return FALSE;
  if (!apply_to_packages (self, mutation, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  reload (self);
  bag = mr_store_get_bag (self->store, self->selected_id);
  if (g_strcmp0 (mutation, "bag.add") == 0)
    /* Translators: %u packages were put in bag %s */
    status =
      g_strdup_printf (ngettext ("%u package added to bag %s.", "%u packages added to bag %s.", n),
                       n, bag ? bag->label : "");
  else
    status = g_strdup_printf (
      ngettext ("%u package taken out of bag %s.", "%u packages taken out of bag %s.", n), n,
      bag ? bag->label : "");
  show_status (self, status);
  return TRUE;
}

gboolean
mr_bags_dialog_add_packages (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), FALSE);
  return change_packages (self, "bag.add");
}

gboolean
mr_bags_dialog_remove_packages (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), FALSE);
  return change_packages (self, "bag.remove");
}

gboolean
mr_bags_dialog_close_bag (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), FALSE);
  if (!apply_to_bag (self, "bag.close", NULL))
    return FALSE;
  show_status (self, _ ("Bag closed."));
  return TRUE;
}

gboolean
mr_bags_dialog_reopen_bag (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), FALSE);
  if (!apply_to_bag (self, "bag.reopen", NULL))
    return FALSE;
  show_status (self, _ ("Bag reopened."));
  return TRUE;
}

gboolean
mr_bags_dialog_move_bag (MrBagsDialog *self, const char *place_id)
{
  g_autoptr (MrBag) bag = NULL;
  g_autofree char *status = NULL;

  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), FALSE);
  g_return_val_if_fail (place_id != NULL, FALSE);

  if (!apply_to_bag (self, "bag.move", place_id))
    return FALSE;
  bag = mr_store_get_bag (self->store, self->selected_id);
  /* Translators: %s are a bag's label and a place */
  status = g_strdup_printf (_ ("Bag %s moved to %s."), bag ? bag->label : "",
                            bag && bag->place_name ? bag->place_name : "");
  show_status (self, status);
  return TRUE;
}

AdwMessageDialog *
mr_bags_dialog_get_place_dialog (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), NULL);
  return self->place_dialog;
}

const char *
mr_bags_dialog_get_error (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

const char *
mr_bags_dialog_get_status (MrBagsDialog *self)
{
  g_return_val_if_fail (MR_IS_BAGS_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return NULL;
  return gtk_label_get_text (self->status_label);
}
