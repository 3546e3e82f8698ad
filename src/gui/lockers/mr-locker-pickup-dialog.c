/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-locker-pickup-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-locker-ops-utils.h"
#include "mr-locker-pickup-dialog.h"
#include "mr-locker-controller.h"
#include "mr-lockers.h"

/* The core checks the code, counts wrong ones and locks a recipient out;
 * this dialog shows what it says. When the bank opens one door at a
 * time, the same code opens the next door: the dialog keeps it (wiped
 * once every door is open, on a new code, or when it closes) and clears
 * the field, so the code does not stay on screen. */

struct _MrLockerPickupDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwComboRow *bank_row;
  AdwEntryRow *code_row;
  GtkLabel *error_label;
  AdwPreferencesGroup *opened_group;
  GtkListBox *opened_list;
  GtkWidget *remaining_box;
  GtkLabel *remaining_label;
  GtkButton *next_button;

  /* owned */
  MrStore *store;
  MrLockerController *controller; /* NULL: the doors are not driven */
  GPtrArray *bank_ids;
  GPtrArray *opened; /* door numbers, NULL-terminated */
  char *code;        /* kept for "Open Next Door" */
  char *code_bank_id;
  guint remaining;
  guint n_failed; /* doors of the last code that did not open */
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (MrLockerPickupDialog, mr_locker_pickup_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
forget_code (MrLockerPickupDialog *self)
{
  if (self->code != NULL)
    memset (self->code, 0, strlen (self->code));
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->code_bank_id, g_free);
}

static void
clear_error (MrLockerPickupDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  mr_locker_row_set_invalid (GTK_WIDGET (self->code_row), FALSE);
  mr_locker_row_set_invalid (GTK_WIDGET (self->bank_row), FALSE);
}

static void
show_error (MrLockerPickupDialog *self, const char *message, const char *field)
{
  GtkWidget *row =
    g_strcmp0 (field, "bank_id") == 0 ? GTK_WIDGET (self->bank_row) : GTK_WIDGET (self->code_row);

  clear_error (self);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  mr_locker_row_set_invalid (row, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  /* Selected: the next try replaces it. */
  gtk_editable_select_region (GTK_EDITABLE (self->code_row), 0, -1);
}

static void
clear_opened (MrLockerPickupDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->opened_list))) != NULL)
    gtk_list_box_remove (self->opened_list, child);
  self->n_failed = 0;
  g_ptr_array_set_size (self->opened, 0);
  g_ptr_array_add (self->opened, NULL);
  self->remaining = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->opened_group), FALSE);
  gtk_widget_set_visible (self->remaining_box, FALSE);
}

/* Opens the door through the bank's controller; returns what to say of
 * it when it did not open (jammed, unreachable), else NULL. */
static char *
drive_door (MrLockerPickupDialog *self, const MrLockerOpened *o)
{
  g_autoptr (GError) error = NULL;

  if (self->controller == NULL)
    return NULL;
  if (mr_locker_controller_open (self->controller, self->store, o->locker_id, "pickup", &error))
    return NULL;
  /* A bank without electronic locks: the mailroom hands the packages
   * over, nothing failed. */
  if (g_error_matches (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_NO_ADDRESS))
    return NULL;
  return g_strdup (error->message);
}

static void
add_opened (MrLockerPickupDialog *self, const MrLockerOpened *o)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *failure = drive_door (self, o);

  /* Translators: a door that a pickup code opened. */
  title = g_strdup_printf (_ ("Door %s"), o->number);
  subtitle = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "%u package", "%u packages", o->n_packages), o->n_packages);
  if (failure != NULL)
    {
      g_autofree char *packages = g_steal_pointer (&subtitle);

      /* Translators: a door the pickup code was good for but which did not
       * open: its packages, then the controller's message. */
      subtitle = g_strdup_printf (_ ("%s — %s Ask the mailroom to open it."), packages, failure);
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ ("Did not open"), -1);
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("package-x-generic-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ ("Opened"), -1);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->opened_list, row);
  if (failure != NULL)
    self->n_failed++;

  /* Keep the NULL at the end. */
  g_ptr_array_remove_index (self->opened, self->opened->len - 1);
  g_ptr_array_add (self->opened, g_strdup (o->number));
  g_ptr_array_add (self->opened, NULL);
}

static void
show_pickup (MrLockerPickupDialog *self, const MrLockerPickup *pickup)
{
  for (guint i = 0; i < pickup->opened->len; i++)
    add_opened (self, g_ptr_array_index (pickup->opened, i));
  self->remaining = pickup->remaining;
  gtk_widget_set_visible (GTK_WIDGET (self->opened_group), self->opened->len > 1);
  if (pickup->remaining > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "This bank opens one door at a time: %u more door to open "
                                      "when this one is closed.",
                                      "This bank opens one door at a time: %u more doors to open "
                                      "when this one is closed.",
                                      pickup->remaining),
                         pickup->remaining);

      gtk_label_set_text (self->remaining_label, text);
      gtk_widget_set_visible (self->remaining_box, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
    }
  else
    {
      gtk_widget_set_visible (self->remaining_box, FALSE);
      forget_code (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
    }
}

static const char *
selected_bank (MrLockerPickupDialog *self)
{
  guint i = adw_combo_row_get_selected (self->bank_row);

  if (self->bank_ids == NULL || i >= self->bank_ids->len)
    return NULL;
  return g_ptr_array_index (self->bank_ids, i);
}

static void
bank_selected_cb (MrLockerPickupDialog *self)
{
  if (self->loading)
    return;
  clear_error (self);
  clear_opened (self);
  forget_code (self);
}

static void
code_changed_cb (MrLockerPickupDialog *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (self->code_row))[0] != '\0')
    clear_error (self);
}

static void
code_activated_cb (MrLockerPickupDialog *self)
{
  mr_locker_pickup_dialog_open (self);
}

static void
open_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_pickup_dialog_open (MR_LOCKER_PICKUP_DIALOG (widget));
}

static void
open_next_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_pickup_dialog_open_next (MR_LOCKER_PICKUP_DIALOG (widget));
}

static void
mr_locker_pickup_dialog_constructed (GObject *object)
{
  MrLockerPickupDialog *self = MR_LOCKER_PICKUP_DIALOG (object);

  G_OBJECT_CLASS (mr_locker_pickup_dialog_parent_class)->constructed (object);
  g_assert (MR_IS_STORE (self->store));
  self->loading = TRUE;
  self->bank_ids = mr_locker_bank_row_fill (self->bank_row, self->store, NULL);
  self->loading = FALSE;
}

static void
mr_locker_pickup_dialog_dispose (GObject *object)
{
  MrLockerPickupDialog *self = MR_LOCKER_PICKUP_DIALOG (object);

  forget_code (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), MR_TYPE_LOCKER_PICKUP_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->controller);
  G_OBJECT_CLASS (mr_locker_pickup_dialog_parent_class)->dispose (object);
}

static void
mr_locker_pickup_dialog_finalize (GObject *object)
{
  MrLockerPickupDialog *self = MR_LOCKER_PICKUP_DIALOG (object);

  g_clear_pointer (&self->bank_ids, g_ptr_array_unref);
  g_clear_pointer (&self->opened, g_ptr_array_unref);
  G_OBJECT_CLASS (mr_locker_pickup_dialog_parent_class)->finalize (object);
}

static void
mr_locker_pickup_dialog_set_property (GObject *object,
                                      guint prop_id,
                                      const GValue *value,
                                      GParamSpec *pspec)
{
  MrLockerPickupDialog *self = MR_LOCKER_PICKUP_DIALOG (object);

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
mr_locker_pickup_dialog_get_property (GObject *object,
                                      guint prop_id,
                                      GValue *value,
                                      GParamSpec *pspec)
{
  MrLockerPickupDialog *self = MR_LOCKER_PICKUP_DIALOG (object);

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
mr_locker_pickup_dialog_class_init (MrLockerPickupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_locker_pickup_dialog_constructed;
  object_class->dispose = mr_locker_pickup_dialog_dispose;
  object_class->finalize = mr_locker_pickup_dialog_finalize;
  object_class->set_property = mr_locker_pickup_dialog_set_property;
  object_class->get_property = mr_locker_pickup_dialog_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-locker-pickup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MrLockerPickupDialog, bank_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerPickupDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerPickupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MrLockerPickupDialog, opened_group);
  gtk_widget_class_bind_template_child (widget_class, MrLockerPickupDialog, opened_list);
  gtk_widget_class_bind_template_child (widget_class, MrLockerPickupDialog, remaining_box);
  gtk_widget_class_bind_template_child (widget_class, MrLockerPickupDialog, remaining_label);
  gtk_widget_class_bind_template_child (widget_class, MrLockerPickupDialog, next_button);
  gtk_widget_class_bind_template_callback (widget_class, bank_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);

  gtk_widget_class_install_action (widget_class, "pickup.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "pickup.open-next", NULL, open_next_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_locker_pickup_dialog_init (MrLockerPickupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->opened = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->opened, NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->code_row),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label, -1);
}

MrLockerPickupDialog *
mr_locker_pickup_dialog_new (GtkWidget *parent, MrStore *store, const char *bank_id)
{
  MrLockerPickupDialog *self;
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  self = g_object_new (MR_TYPE_LOCKER_PICKUP_DIALOG, "store", store, NULL);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  if (bank_id != NULL)
    {
      self->loading = TRUE;
      g_clear_pointer (&self->bank_ids, g_ptr_array_unref);
      self->bank_ids = mr_locker_bank_row_fill (self->bank_row, store, bank_id);
      self->loading = FALSE;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  return self;
}

GtkEditable *
mr_locker_pickup_dialog_get_code_entry (MrLockerPickupDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_PICKUP_DIALOG (self), NULL);
  return GTK_EDITABLE (self->code_row);
}

static gboolean
run_pickup (MrLockerPickupDialog *self, const char *bank_id, const char *code)
{
  g_autoptr (MrLockerPickup) pickup = NULL;
  g_autoptr (GError) error = NULL;

  if (!mr_locker_pickup (self->store, bank_id, code, NULL, &pickup, &error))
    {
      show_error (self, error->message, mr_store_error_get_field (error));
      return FALSE;
    }
  clear_error (self);
  show_pickup (self, pickup);
  return TRUE;
}

gboolean
mr_locker_pickup_dialog_open (MrLockerPickupDialog *self)
{
  g_autofree char *typed = NULL;
  const char *bank_id;

  g_return_val_if_fail (MR_IS_LOCKER_PICKUP_DIALOG (self), FALSE);

  typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));
  bank_id = selected_bank (self);
  forget_code (self);
  clear_opened (self);
  if (*typed == '\0')
    {
      show_error (self, _ ("Type the pickup code or scan its QR code."), "code");
      return FALSE;
    }
  if (bank_id == NULL)
    {
      show_error (self, _ ("There is no locker bank to pick packages up from."), "bank_id");
      return FALSE;
    }
  if (!run_pickup (self, bank_id, typed))
    {
      /* Left in the field, selected, to correct a typing mistake. */
      memset (typed, 0, strlen (typed));
      return FALSE;
    }
  /* A good code leaves the screen at once. */
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  if (self->remaining > 0)
    {
      self->code = g_steal_pointer (&typed);
      self->code_bank_id = g_strdup (bank_id);
    }
  else
    memset (typed, 0, strlen (typed));
  return TRUE;
}

gboolean
mr_locker_pickup_dialog_open_next (MrLockerPickupDialog *self)
{
  g_autofree char *bank_id = NULL;
  g_autofree char *code = NULL;
  gboolean ok;

  g_return_val_if_fail (MR_IS_LOCKER_PICKUP_DIALOG (self), FALSE);
  if (self->code == NULL || self->remaining == 0)
    return FALSE;
  /* show_pickup() wipes the kept code after the last door. */
  code = g_strdup (self->code);
  bank_id = g_strdup (self->code_bank_id);
  ok = run_pickup (self, bank_id, code);
  memset (code, 0, strlen (code));
  if (!ok)
    forget_code (self);
  return ok;
}

const char *
mr_locker_pickup_dialog_get_error (MrLockerPickupDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_PICKUP_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

const char *const *
mr_locker_pickup_dialog_get_opened (MrLockerPickupDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_PICKUP_DIALOG (self), NULL);
  return (const char *const *) self->opened->pdata;
}

guint
mr_locker_pickup_dialog_get_remaining (MrLockerPickupDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_PICKUP_DIALOG (self), 0);
  return self->remaining;
}

void
mr_locker_pickup_dialog_set_controller (MrLockerPickupDialog *self, MrLockerController *controller)
{
  g_return_if_fail (MR_IS_LOCKER_PICKUP_DIALOG (self));
  g_return_if_fail (controller == NULL || MR_IS_LOCKER_CONTROLLER (controller));
  g_set_object (&self->controller, controller);
}

guint
mr_locker_pickup_dialog_get_n_failed (MrLockerPickupDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_PICKUP_DIALOG (self), 0);
  return self->n_failed;
}
