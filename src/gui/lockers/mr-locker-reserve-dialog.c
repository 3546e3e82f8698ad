/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-locker-reserve-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-contact-list.h"
#include "mr-locker-ops-utils.h"
#include "mr-locker-reserve-dialog.h"
#include "mr-lockers.h"
#include "mr-records.h"
#include "widgets/mr-gui-utils.h"

/* One form for the two ways of keeping a door for someone: a reservation
 * (with what it is for and how long) and a dedication. The rules (which
 * kind needs whom, how long storage may last in this bank, doors kept for
 * deliveries) are the core's: the form only shows the fields that apply
 * and the core's refusal next to the field it names. */

typedef struct
{
  const char *name;
  const char *context_label; /* msgctxt "reservation kind" */
  gboolean person;
  gboolean department;
  gboolean package;
} Kind;

static const Kind reserve_kinds[] = {
  { "package", NC_ ("reservation kind", "Package"), FALSE, FALSE, TRUE },
  { "recipient", NC_ ("reservation kind", "Recipient"), TRUE, FALSE, FALSE },
  { "return", NC_ ("reservation kind", "Return"), TRUE, FALSE, FALSE },
  { "exchange", NC_ ("reservation kind", "Exchange"), TRUE, FALSE, FALSE },
  { "department_storage", NC_ ("reservation kind", "Department storage"), FALSE, TRUE, FALSE },
  { "personal_storage", NC_ ("reservation kind", "Personal storage"), TRUE, FALSE, FALSE },
};

static const Kind dedicate_kinds[] = {
  { "contact", NC_ ("dedicated to", "A person"), TRUE, FALSE, FALSE },
  { "department", NC_ ("dedicated to", "A department"), FALSE, TRUE, FALSE },
  { "none", NC_ ("dedicated to", "Nobody"), FALSE, FALSE, FALSE },
};

struct _MrLockerReserveDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkButton *apply_button;
  AdwComboRow *kind_row;
  AdwEntryRow *package_row;
  AdwComboRow *department_row;
  GtkWidget *person_box;
  GtkSearchEntry *person_search;
  GtkStack *person_stack;
  GtkListView *person_list;
  AdwPreferencesGroup *duration_group;
  AdwActionRow *hours_row;
  GtkSpinButton *hours_spin;
  GtkLabel *error_label;

  /* owned */
  MrStore *store;
  MrLockerReserveDialogMode mode;
  char *locker_id;
  char *door_number;
  MrLockerBank *bank;
  MrContactList *contacts;
  GtkSingleSelection *contact_selection;
  GListModel *departments;

  /* borrowed (weak): where the toast goes */
  GtkWidget *parent;
};

G_DEFINE_FINAL_TYPE (MrLockerReserveDialog, mr_locker_reserve_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const Kind *
kinds (MrLockerReserveDialog *self, guint *n)
{
  if (self->mode == MR_LOCKER_RESERVE_DIALOG_DEDICATE)
    {
      *n = G_N_ELEMENTS (dedicate_kinds);
      return dedicate_kinds;
    }
  *n = G_N_ELEMENTS (reserve_kinds);
  return reserve_kinds;
}

static const Kind *
selected_kind (MrLockerReserveDialog *self)
{
  guint n;
  const Kind *k = kinds (self, &n);
  guint i = adw_combo_row_get_selected (self->kind_row);

  return i < n ? &k[i] : &k[0];
}

static gboolean
is_storage (const Kind *kind)
{
  return g_str_has_suffix (kind->name, "_storage");
}

static void
clear_error (MrLockerReserveDialog *self)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->kind_row), GTK_WIDGET (self->package_row),
                        GTK_WIDGET (self->department_row), GTK_WIDGET (self->person_search),
                        GTK_WIDGET (self->hours_row) };

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    mr_locker_row_set_invalid (rows[i], FALSE);
}

static void
show_error (MrLockerReserveDialog *self, const char *message, const char *field)
{
  GtkWidget *row = GTK_WIDGET (self->kind_row);

  if (g_strcmp0 (field, "package_id") == 0)
    row = GTK_WIDGET (self->package_row);
  else if (g_strcmp0 (field, "contact_id") == 0)
    row = GTK_WIDGET (self->person_search);
  else if (g_strcmp0 (field, "department_id") == 0)
    row = GTK_WIDGET (self->department_row);
  else if (g_strcmp0 (field, "hours") == 0 || g_strcmp0 (field, "ends_at") == 0)
    row = GTK_WIDGET (self->hours_row);

  clear_error (self);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  mr_locker_row_set_invalid (row, TRUE);
  if (gtk_widget_get_visible (row))
    gtk_widget_grab_focus (row);
}

/* How long, as this bank allows for the chosen kind. */
static void
update_duration (MrLockerReserveDialog *self)
{
  const Kind *kind = selected_kind (self);
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (self->hours_spin);
  g_autofree char *subtitle = NULL;
  const char *mode = self->bank ? self->bank->storage_mode : "unlimited";

  gtk_widget_set_visible (GTK_WIDGET (self->duration_group),
                          self->mode == MR_LOCKER_RESERVE_DIALOG_RESERVE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hours_spin), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->hours_row), TRUE);
  adw_preferences_group_set_description (self->duration_group, NULL);
  if (!is_storage (kind))
    {
      gtk_adjustment_configure (adj, 0, 0, 24 * 366, 1, 24, 0);
      subtitle = g_strdup (_ ("0: until it is used or ended"));
    }
  else if (g_strcmp0 (mode, "flexible") == 0)
    {
      gtk_adjustment_configure (adj, self->bank->storage_hours, 1, self->bank->storage_max_hours, 1,
                                24, 0);
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At most %d hour in this bank",
                                               "At most %d hours in this bank",
                                               (gulong) self->bank->storage_max_hours),
                                  self->bank->storage_max_hours);
    }
  else if (g_strcmp0 (mode, "fixed") == 0)
    {
      gtk_adjustment_configure (adj, self->bank->storage_hours, self->bank->storage_hours,
                                self->bank->storage_hours, 1, 24, 0);
      gtk_widget_set_sensitive (GTK_WIDGET (self->hours_spin), FALSE);
      subtitle = g_strdup (_ ("Fixed by this bank"));
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->hours_row), FALSE);
      adw_preferences_group_set_description (self->duration_group,
                                             _ ("Storage in this bank has no end time."));
    }
  adw_action_row_set_subtitle (self->hours_row, subtitle ? subtitle : "");
}

static void
update_fields (MrLockerReserveDialog *self)
{
  const Kind *kind = selected_kind (self);

  gtk_widget_set_visible (GTK_WIDGET (self->package_row), kind->package);
  gtk_widget_set_visible (GTK_WIDGET (self->department_row), kind->department);
  gtk_widget_set_visible (self->person_box, kind->person);
  update_duration (self);
}

static void
kind_selected_cb (MrLockerReserveDialog *self)
{
  clear_error (self);
  update_fields (self);
}

static void
field_changed_cb (MrLockerReserveDialog *self)
{
  clear_error (self);
}

static void
entry_activated_cb (MrLockerReserveDialog *self)
{
  mr_locker_reserve_dialog_apply (self);
}

static void
person_search_changed_cb (MrLockerReserveDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->person_search));
  guint n;

  clear_error (self);
  mr_contact_list_set_search (self->contacts, text);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->contacts));
  gtk_stack_set_visible_child_name (self->person_stack, n > 0 ? "list" : "empty");
  /* The best match is the one Enter takes; nobody before a search. */
  gtk_single_selection_set_selected (self->contact_selection,
                                     n > 0 && *text != '\0' ? 0 : GTK_INVALID_LIST_POSITION);
}

static void
person_activated_cb (MrLockerReserveDialog *self, guint position)
{
  gtk_single_selection_set_selected (self->contact_selection, position);
  clear_error (self);
}

static void
person_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "detail", detail);
  gtk_list_item_set_child (item, box);
}

static void
person_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  MrContact *contact = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *detail = g_object_get_data (G_OBJECT (box), "detail");
  const char *text;

  if (contact == NULL)
    return;
  text = mr_contact_get_email (contact);
  if (text == NULL || *text == '\0')
    text = mr_contact_get_department_name (contact);
  if (text == NULL || *text == '\0')
    text = mr_contact_get_personnel_id (contact);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "name"),
                      mr_contact_get_display_name (contact));
  gtk_label_set_text (GTK_LABEL (detail), text ? text : "");
  gtk_widget_set_visible (detail, text != NULL && *text != '\0');
}

static MrContact *
selected_contact (MrLockerReserveDialog *self)
{
  return gtk_single_selection_get_selected_item (self->contact_selection);
}

static MrDepartment *
selected_department (MrLockerReserveDialog *self)
{
  return adw_combo_row_get_selected_item (self->department_row);
}

static void
apply_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_reserve_dialog_apply (MR_LOCKER_RESERVE_DIALOG (widget));
}

static void
setup (MrLockerReserveDialog *self)
{
  g_autoptr (MrLockerDoorInfo) info = mr_store_get_locker_door (self->store, self->locker_id);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *title = NULL;
  const gboolean dedicate = self->mode == MR_LOCKER_RESERVE_DIALOG_DEDICATE;
  guint n;
  const Kind *k = kinds (self, &n);

  if (info != NULL)
    {
      self->door_number = g_strdup (info->door.number);
      self->bank = mr_store_get_locker_bank (self->store, info->bank_id);
      adw_window_title_set_subtitle (self->window_title, info->bank_name);
    }
  title = dedicate
            /* Translators: a dialog's title; %s is a door number. */
            ? g_strdup_printf (_ ("Dedicate Door %s"), self->door_number ? self->door_number : "")
            /* Translators: a dialog's title; %s is a door number. */
            : g_strdup_printf (_ ("Reserve Door %s"), self->door_number ? self->door_number : "");
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_button_set_label (self->apply_button, dedicate ? _ ("_Dedicate") : _ ("_Reserve"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row),
                                 dedicate ? _ ("Dedicated to") : _ ("Reservation for"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (names, g_dpgettext2 (GETTEXT_PACKAGE,
                                                 dedicate ? "dedicated to" : "reservation kind",
                                                 k[i].context_label));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->kind_row, 0);

  self->departments = mr_store_list_departments (self->store);
  adw_combo_row_set_model (self->department_row, self->departments);

  self->contacts = mr_contact_list_new (self->store);
  self->contact_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->contacts)));
  gtk_single_selection_set_autoselect (self->contact_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->contact_selection, TRUE);
  gtk_single_selection_set_selected (self->contact_selection, GTK_INVALID_LIST_POSITION);
  mr_contact_list_set_search (self->contacts, "");
  g_signal_connect_object (self->contact_selection, "selection-changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->person_list, GTK_SELECTION_MODEL (self->contact_selection));
  update_fields (self);
}

static void
mr_locker_reserve_dialog_dispose (GObject *object)
{
  MrLockerReserveDialog *self = MR_LOCKER_RESERVE_DIALOG (object);

  if (self->person_list != NULL)
    gtk_list_view_set_model (self->person_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), MR_TYPE_LOCKER_RESERVE_DIALOG);
  g_clear_object (&self->contact_selection);
  g_clear_object (&self->contacts);
  g_clear_object (&self->departments);
  g_clear_object (&self->store);
  g_clear_weak_pointer (&self->parent);
  G_OBJECT_CLASS (mr_locker_reserve_dialog_parent_class)->dispose (object);
}

static void
mr_locker_reserve_dialog_finalize (GObject *object)
{
  MrLockerReserveDialog *self = MR_LOCKER_RESERVE_DIALOG (object);

  g_free (self->locker_id);
  g_free (self->door_number);
  g_clear_pointer (&self->bank, mr_locker_bank_free);
  G_OBJECT_CLASS (mr_locker_reserve_dialog_parent_class)->finalize (object);
}

static void
mr_locker_reserve_dialog_set_property (GObject *object,
                                       guint prop_id,
                                       const GValue *value,
                                       GParamSpec *pspec)
{
  MrLockerReserveDialog *self = MR_LOCKER_RESERVE_DIALOG (object);

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
mr_locker_reserve_dialog_get_property (GObject *object,
                                       guint prop_id,
                                       GValue *value,
                                       GParamSpec *pspec)
{
  MrLockerReserveDialog *self = MR_LOCKER_RESERVE_DIALOG (object);

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
mr_locker_reserve_dialog_class_init (MrLockerReserveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_locker_reserve_dialog_dispose;
  object_class->finalize = mr_locker_reserve_dialog_finalize;
  object_class->set_property = mr_locker_reserve_dialog_set_property;
  object_class->get_property = mr_locker_reserve_dialog_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/gnome/Mailroom/ui/mr-locker-reserve-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, package_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, department_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, person_box);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, person_search);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, person_stack);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, person_list);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, duration_group);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, hours_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, hours_spin);
  gtk_widget_class_bind_template_child (widget_class, MrLockerReserveDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_activated_cb);

  gtk_widget_class_install_action (widget_class, "reserve.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_locker_reserve_dialog_init (MrLockerReserveDialog *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (person_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (person_bind_cb), self);
  gtk_list_view_set_factory (self->person_list, factory);
  adw_combo_row_set_expression (self->department_row,
                                gtk_property_expression_new (MR_TYPE_DEPARTMENT, NULL, "name"));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->kind_row),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label, -1);
}

MrLockerReserveDialog *
mr_locker_reserve_dialog_new (GtkWidget *parent,
                              MrStore *store,
                              MrLockerReserveDialogMode mode,
                              const char *locker_id)
{
  MrLockerReserveDialog *self;
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (locker_id != NULL, NULL);

  self = g_object_new (MR_TYPE_LOCKER_RESERVE_DIALOG, "store", store, NULL);
  self->mode = mode;
  self->locker_id = g_strdup (locker_id);
  g_set_weak_pointer (&self->parent, parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  setup (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->kind_row));
  return self;
}

gboolean
mr_locker_reserve_dialog_set_kind (MrLockerReserveDialog *self, const char *kind)
{
  guint n;
  const Kind *k;

  g_return_val_if_fail (MR_IS_LOCKER_RESERVE_DIALOG (self), FALSE);
  k = kinds (self, &n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (k[i].name, kind) == 0)
      {
        adw_combo_row_set_selected (self->kind_row, i);
        return TRUE;
      }
  return FALSE;
}

const char *
mr_locker_reserve_dialog_get_kind (MrLockerReserveDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_RESERVE_DIALOG (self), NULL);
  return selected_kind (self)->name;
}

GtkEditable *
mr_locker_reserve_dialog_get_package_entry (MrLockerReserveDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_RESERVE_DIALOG (self), NULL);
  return GTK_EDITABLE (self->package_row);
}

GtkEditable *
mr_locker_reserve_dialog_get_search_entry (MrLockerReserveDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_RESERVE_DIALOG (self), NULL);
  return GTK_EDITABLE (self->person_search);
}

const char *
mr_locker_reserve_dialog_get_contact_id (MrLockerReserveDialog *self)
{
  MrContact *contact;

  g_return_val_if_fail (MR_IS_LOCKER_RESERVE_DIALOG (self), NULL);
  contact = selected_contact (self);
  return contact ? mr_contact_get_id (contact) : NULL;
}

gboolean
mr_locker_reserve_dialog_set_department (MrLockerReserveDialog *self, const char *id)
{
  guint n;

  g_return_val_if_fail (MR_IS_LOCKER_RESERVE_DIALOG (self), FALSE);
  n = g_list_model_get_n_items (self->departments);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrDepartment) d = g_list_model_get_item (self->departments, i);

      if (g_strcmp0 (mr_department_get_id (d), id) == 0)
        {
          adw_combo_row_set_selected (self->department_row, i);
          return TRUE;
        }
    }
  return FALSE;
}

void
mr_locker_reserve_dialog_set_hours (MrLockerReserveDialog *self, int hours)
{
  g_return_if_fail (MR_IS_LOCKER_RESERVE_DIALOG (self));
  gtk_spin_button_set_value (self->hours_spin, hours);
}

static gboolean
reserve (MrLockerReserveDialog *self, const Kind *kind, char **toast, GError **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  const char *mode = self->bank ? self->bank->storage_mode : "unlimited";
  int hours;

  g_variant_dict_insert (&d, "kind", "s", kind->name);
  g_variant_dict_insert (&d, "locker_id", "s", self->locker_id);
  if (kind->package)
    {
      g_autofree char *key =
        g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->package_row))));
      g_autofree char *package_id = *key ? mr_locker_find_package (self->store, key) : NULL;

      if (*key != '\0' && package_id == NULL)
        {
          g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND,
                       _ ("No package has the tracking number or internal ID “%s”. Check it, or "
                          "receive the package first."),
                       key);
          mr_store_set_error_field (error, "package_id");
          return FALSE;
        }
      if (package_id != NULL)
        g_variant_dict_insert (&d, "package_id", "s", package_id);
    }
  if (kind->person && selected_contact (self) != NULL)
    g_variant_dict_insert (&d, "contact_id", "s", mr_contact_get_id (selected_contact (self)));
  if (kind->department && selected_department (self) != NULL)
    g_variant_dict_insert (&d, "department_id", "s",
                           mr_department_get_id (selected_department (self)));
  /* Storage of fixed or no length: the bank decides, nothing to send. */
  hours = gtk_spin_button_get_value_as_int (self->hours_spin);
  if (hours > 0 && (!is_storage (kind) || g_strcmp0 (mode, "flexible") == 0))
    g_variant_dict_insert (&d, "hours", "x", (gint64) hours);
  if (!mr_store_apply (self->store, "locker.reserve", g_variant_dict_end (&d), NULL, error))
    return FALSE;
  /* Translators: a toast; %s is a door number. */
  *toast = g_strdup_printf (_ ("Door %s reserved"), self->door_number);
  return TRUE;
}

static gboolean
dedicate (MrLockerReserveDialog *self, const Kind *kind, char **toast, GError **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  const char *whom = NULL;

  g_variant_dict_insert (&d, "id", "s", self->locker_id);
  if (kind->person)
    {
      MrContact *contact = selected_contact (self);

      if (contact == NULL)
        {
          g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_REQUIRED,
                               _ ("Search for the person and choose them in the list."));
          mr_store_set_error_field (error, "contact_id");
          return FALSE;
        }
      g_variant_dict_insert (&d, "contact_id", "s", mr_contact_get_id (contact));
      whom = mr_contact_get_display_name (contact);
    }
  else if (kind->department)
    {
      MrDepartment *department = selected_department (self);

      if (department == NULL)
        {
          g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_REQUIRED,
                               _ ("There is no department yet. Create one in Departments first."));
          mr_store_set_error_field (error, "department_id");
          return FALSE;
        }
      g_variant_dict_insert (&d, "department_id", "s", mr_department_get_id (department));
      whom = mr_department_get_name (department);
    }
  if (!mr_store_apply (self->store, "locker.dedicate", g_variant_dict_end (&d), NULL, error))
    return FALSE;
  if (whom != NULL)
    /* Translators: a toast: a door number, then a person or department. */
    *toast = g_strdup_printf (_ ("Door %s dedicated to %s"), self->door_number, whom);
  else
    /* Translators: a toast; %s is a door number. */
    *toast = g_strdup_printf (_ ("Door %s is no longer dedicated"), self->door_number);
  return TRUE;
}

gboolean
mr_locker_reserve_dialog_apply (MrLockerReserveDialog *self)
{
  const Kind *kind;
  g_autoptr (GError) error = NULL;
  g_autofree char *toast = NULL;
  gboolean ok;

  g_return_val_if_fail (MR_IS_LOCKER_RESERVE_DIALOG (self), FALSE);

  kind = selected_kind (self);
  /* The search may not have run yet for the last keys typed. */
  if (kind->person && g_strcmp0 (mr_contact_list_get_search (self->contacts),
                                 gtk_editable_get_text (GTK_EDITABLE (self->person_search))) != 0)
    person_search_changed_cb (self);
  if (self->mode == MR_LOCKER_RESERVE_DIALOG_DEDICATE)
    ok = dedicate (self, kind, &toast, &error);
  else
    ok = reserve (self, kind, &toast, &error);
  if (!ok)
    {
      show_error (self, error->message, mr_store_error_get_field (error));
      return FALSE;
    }
  if (self->parent != NULL)
    mr_widget_add_toast (self->parent, adw_toast_new (toast));
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

const char *
mr_locker_reserve_dialog_get_error (MrLockerReserveDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_RESERVE_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
