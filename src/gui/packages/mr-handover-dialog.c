/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-handover-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-contact-picker.h"
#include "mr-handover-dialog.h"
#include "mr-packages-utils.h"
#include "widgets/mr-custom-fields-group.h"

/* The proof asked for is the strictest of the packages': one needing a
 * signature makes the pad appear, one needing an ID the ID field; proof
 * given where none was needed is kept too (the core records it).
 *
 * "Handed to" offers only the people the core accepts for every package
 * (the recipient first, then the key contacts), and "Someone else…" for
 * the rare person the clerk must name: the core decides, and its refusal
 * (with the person's name) is what the clerk reads.
 *
 * Several packages are delivered in one store batch: if the core refuses
 * any, the batch is rolled back and nothing was handed over. */

struct _MrHandoverDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkButton *hand_over_button;
  AdwPreferencesGroup *packages_group;
  AdwComboRow *taker_row;
  GtkBox *other_box;
  AdwPreferencesGroup *signature_group;
  GtkFrame *pad_frame;
  MrSignaturePad *signature_pad;
  AdwPreferencesGroup *id_group;
  AdwEntryRow *id_row;
  GtkLabel *no_proof_label;
  GtkLabel *error_label;

  /* built in code */
  MrContactPicker *other_picker;
  GtkWidget *custom_group; /* the 'delivery' screen's custom fields */

  /* owned */
  MrStore *store;
  GPtrArray *packages; /* of MrPackage */
  GPtrArray *takers;   /* of contact ids, in taker_row's order */
  GtkStringList *taker_names;
  gboolean needs_signature;
  gboolean needs_id_scan;
};

G_DEFINE_FINAL_TYPE (MrHandoverDialog, mr_handover_dialog, ADW_TYPE_WINDOW)

enum
{
  HANDED_OVER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_error (MrHandoverDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->taker_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->id_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->pad_frame), "error");
}

static void
show_error (MrHandoverDialog *self, const char *message, const char *field)
{
  clear_error (self);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (g_strcmp0 (field, "id_scan") == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->id_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->id_row));
    }
  else if (g_strcmp0 (field, "signature") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->pad_frame), "error");
  else if (g_strcmp0 (field, "handed_to_id") == 0 || g_strcmp0 (field, "recipient_id") == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->taker_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->taker_row));
    }
}

static gboolean
choosing_someone_else (MrHandoverDialog *self)
{
  return self->takers != NULL && adw_combo_row_get_selected (self->taker_row) == self->takers->len;
}

static void
taker_selected_cb (MrHandoverDialog *self)
{
  gboolean other = choosing_someone_else (self);

  clear_error (self);
  gtk_widget_set_visible (GTK_WIDGET (self->other_box), other);
  if (other && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->other_picker));
}

static void
signature_changed_cb (MrHandoverDialog *self)
{
  clear_error (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.clear-signature",
                                 !mr_signature_pad_is_empty (self->signature_pad));
}

static void
id_changed_cb (MrHandoverDialog *self)
{
  clear_error (self);
}

static void
id_activated_cb (MrHandoverDialog *self)
{
  mr_handover_dialog_hand_over (self);
}

static void
hand_over_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_handover_dialog_hand_over (MR_HANDOVER_DIALOG (widget));
}

static void
clear_signature_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrHandoverDialog *self = MR_HANDOVER_DIALOG (widget);

  mr_signature_pad_clear (self->signature_pad);
}

/* Loading */

static void
add_package_row (MrHandoverDialog *self, MrPackage *package)
{
  GtkWidget *row = adw_action_row_new ();
  const char *who = mr_packages_for_name (package);
  const char *carrier = mr_package_get_carrier (package);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = g_markup_escape_text (mr_packages_title (package), -1);

  /* Translators: a package in the handover dialog: "recipient · carrier" */
  subtitle = g_strdup_printf (_ ("%s · %s"), who ? who : _ ("No recipient"),
                              carrier ? carrier : _ ("Unknown carrier"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("package-x-generic-symbolic"));
  adw_preferences_group_add (self->packages_group, row);
}

/* The people every package accepts, in the first package's order. */
static void
load_takers (MrHandoverDialog *self)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  MrPackage *first = self->packages->len > 0 ? g_ptr_array_index (self->packages, 0) : NULL;

  g_clear_pointer (&self->takers, g_ptr_array_unref);
  self->takers = first ? mr_store_list_package_takers (self->store, mr_package_get_id (first))
                       : g_ptr_array_new_with_free_func (g_free);
  for (guint k = 1; k < self->packages->len; k++)
    {
      MrPackage *p = g_ptr_array_index (self->packages, k);
      g_autoptr (GPtrArray) others =
        mr_store_list_package_takers (self->store, mr_package_get_id (p));

      for (guint i = self->takers->len; i > 0; i--)
        {
          gboolean found = FALSE;

          for (guint j = 0; j < others->len && !found; j++)
            found = g_strcmp0 (g_ptr_array_index (others, j),
                               g_ptr_array_index (self->takers, i - 1)) == 0;
          if (!found)
            g_ptr_array_remove_index (self->takers, i - 1);
        }
    }

  for (guint i = 0; i < self->takers->len; i++)
    {
      const char *id = g_ptr_array_index (self->takers, i);
      g_autofree char *name = mr_packages_contact_name (self->store, id);

      if (first != NULL && g_strcmp0 (id, mr_package_get_recipient_id (first)) == 0)
        /* Translators: in "Handed to": the package's recipient */
        g_ptr_array_add (labels, g_strdup_printf (_ ("%s (recipient)"), name));
      else
        /* Translators: in "Handed to": the key contact of the recipient's department */
        g_ptr_array_add (labels, g_strdup_printf (_ ("%s (key contact)"), name));
    }
  g_ptr_array_add (labels, g_strdup (_ ("Someone else…")));
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->taker_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->taker_names)),
                          (const char *const *) labels->pdata);
  adw_combo_row_set_selected (self->taker_row, 0);
  taker_selected_cb (self);
}

static void
load (MrHandoverDialog *self, const char *const *package_ids)
{
  g_autofree char *subtitle = NULL;

  for (guint i = 0; package_ids && package_ids[i]; i++)
    {
      MrPackage *p = mr_store_get_package (self->store, package_ids[i]);
      const char *handover;

      if (p == NULL)
        continue;
      g_ptr_array_add (self->packages, p);
      add_package_row (self, p);
      handover = mr_package_get_handover (p);
      self->needs_signature |= g_strcmp0 (handover, "signature") == 0;
      self->needs_id_scan |= g_strcmp0 (handover, "id_scan") == 0;
    }
  subtitle = g_strdup_printf (ngettext ("%u package", "%u packages", self->packages->len),
                              self->packages->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->signature_group), self->needs_signature);
  gtk_widget_set_visible (GTK_WIDGET (self->id_group), self->needs_id_scan);
  gtk_widget_set_visible (GTK_WIDGET (self->no_proof_label),
                          !self->needs_signature && !self->needs_id_scan);
  load_takers (self);
}

/* GObject */

static void
mr_handover_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MR_TYPE_HANDOVER_DIALOG);
  G_OBJECT_CLASS (mr_handover_dialog_parent_class)->dispose (object);
}

static void
mr_handover_dialog_finalize (GObject *object)
{
  MrHandoverDialog *self = MR_HANDOVER_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->packages, g_ptr_array_unref);
  g_clear_pointer (&self->takers, g_ptr_array_unref);
  g_clear_object (&self->taker_names);
  G_OBJECT_CLASS (mr_handover_dialog_parent_class)->finalize (object);
}

static void
mr_handover_dialog_class_init (MrHandoverDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_handover_dialog_dispose;
  object_class->finalize = mr_handover_dialog_finalize;

  /**
   * MrHandoverDialog::handed-over:
   * @n_packages: how many packages were handed over
   * @taker_name: who took them
   */
  signals[HANDED_OVER] =
    g_signal_new ("handed-over", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  g_type_ensure (MR_TYPE_SIGNATURE_PAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-handover-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, hand_over_button);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, packages_group);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, taker_row);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, other_box);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, signature_group);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, pad_frame);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, signature_pad);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, id_group);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, id_row);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, no_proof_label);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, taker_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, signature_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, id_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, id_activated_cb);

  gtk_widget_class_install_action (widget_class, "handover.hand-over", NULL, hand_over_action);
  gtk_widget_class_install_action (widget_class, "handover.clear-signature", NULL,
                                   clear_signature_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "handover.hand-over", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "handover.hand-over", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_handover_dialog_init (MrHandoverDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->packages = g_ptr_array_new_with_free_func (g_object_unref);
  self->takers = g_ptr_array_new_with_free_func (g_free);
  self->taker_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->taker_row, G_LIST_MODEL (self->taker_names));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.clear-signature", FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->taker_row),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->id_row),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label, -1);
}

MrHandoverDialog *
mr_handover_dialog_new (GtkWidget *parent, MrStore *store, const char *const *package_ids)
{
  MrHandoverDialog *self;
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;
  GtkWidget *label;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  self = g_object_new (MR_TYPE_HANDOVER_DIALOG, NULL);
  self->store = g_object_ref (store);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));

  label = gtk_label_new (_ ("Who takes the packages"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (self->other_box, label);
  self->other_picker =
    MR_CONTACT_PICKER (mr_contact_picker_new (store, _ ("Name, email or Personnel ID")));
  g_signal_connect_object (self->other_picker, "notify::contact-id", G_CALLBACK (clear_error), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->other_box, GTK_WIDGET (self->other_picker));

  load (self, package_ids);
  {
    GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->id_group));

    /* Saved with the handover, not as typed: a handover refused leaves
     * nothing behind. One package shows its values already saved. */
    self->custom_group = mr_custom_fields_group_new (store, "delivery");
    mr_custom_fields_group_set_deferred (MR_CUSTOM_FIELDS_GROUP (self->custom_group), TRUE);
    if (self->packages->len == 1)
      mr_custom_fields_group_set_entity (MR_CUSTOM_FIELDS_GROUP (self->custom_group),
                                         mr_package_get_id (g_ptr_array_index (self->packages, 0)));
    if (GTK_IS_BOX (box))
      gtk_box_insert_child_after (GTK_BOX (box), self->custom_group, GTK_WIDGET (self->id_group));
  }
  if (self->needs_id_scan && !self->needs_signature)
    gtk_widget_grab_focus (GTK_WIDGET (self->id_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->taker_row));
  return self;
}

guint
mr_handover_dialog_get_n_packages (MrHandoverDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), 0);
  return self->packages->len;
}

guint
mr_handover_dialog_get_n_takers (MrHandoverDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), 0);
  return self->takers->len;
}

const char *
mr_handover_dialog_get_taker_id (MrHandoverDialog *self, guint i)
{
  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), NULL);
  return i < self->takers->len ? g_ptr_array_index (self->takers, i) : NULL;
}

void
mr_handover_dialog_set_taker (MrHandoverDialog *self, const char *contact_id)
{
  g_return_if_fail (MR_IS_HANDOVER_DIALOG (self));

  for (guint i = 0; i < self->takers->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->takers, i), contact_id) == 0)
      {
        adw_combo_row_set_selected (self->taker_row, i);
        return;
      }
  adw_combo_row_set_selected (self->taker_row, self->takers->len);
  mr_contact_picker_set_contact_id (self->other_picker, contact_id);
}

const char *
mr_handover_dialog_get_chosen_taker (MrHandoverDialog *self)
{
  guint i;

  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), NULL);
  if (choosing_someone_else (self))
    return mr_contact_picker_get_contact_id (self->other_picker);
  i = adw_combo_row_get_selected (self->taker_row);
  return i < self->takers->len ? g_ptr_array_index (self->takers, i) : NULL;
}

gboolean
mr_handover_dialog_get_needs_signature (MrHandoverDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), FALSE);
  return self->needs_signature;
}

gboolean
mr_handover_dialog_get_needs_id_scan (MrHandoverDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), FALSE);
  return self->needs_id_scan;
}

MrSignaturePad *
mr_handover_dialog_get_signature_pad (MrHandoverDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), NULL);
  return self->signature_pad;
}

GtkEditable *
mr_handover_dialog_get_id_entry (MrHandoverDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), NULL);
  return GTK_EDITABLE (self->id_row);
}

gboolean
mr_handover_dialog_hand_over (MrHandoverDialog *self)
{
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id_scan = NULL;
  g_autofree char *taker_name = NULL;
  const char *taker;
  MrPackage *failed = NULL;

  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), FALSE);

  if (self->packages->len == 0)
    {
      show_error (self, _ ("There is no package to hand over."), NULL);
      return FALSE;
    }
  taker = mr_handover_dialog_get_chosen_taker (self);
  if (taker == NULL)
    {
      show_error (self,
                  choosing_someone_else (self)
                    ? _ ("Type the name of the person who takes the packages, and choose them.")
                    : _ ("Choose who takes the packages."),
                  "handed_to_id");
      if (choosing_someone_else (self))
        gtk_widget_grab_focus (GTK_WIDGET (self->other_picker));
      return FALSE;
    }
  if (self->custom_group != NULL &&
      !mr_custom_fields_group_check (MR_CUSTOM_FIELDS_GROUP (self->custom_group)))
    {
      show_error (self, _ ("Fill in the fields marked above, then hand over again."), NULL);
      return FALSE;
    }
  if (!mr_signature_pad_is_empty (self->signature_pad))
    png = mr_signature_pad_to_png (self->signature_pad);
  id_scan = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->id_row))));

  /* All or nothing: one batch, rolled back on the first refusal. */
  if (!mr_store_begin_batch (self->store, &error))
    {
      show_error (self, error->message, NULL);
      return FALSE;
    }
  for (guint i = 0; i < self->packages->len && failed == NULL; i++)
    {
      MrPackage *p = g_ptr_array_index (self->packages, i);
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&d, "package_id", "s", mr_package_get_id (p));
      g_variant_dict_insert (&d, "handed_to_id", "s", taker);
      if (png != NULL)
        g_variant_dict_insert_value (
          &d, "signature", g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, png, TRUE));
      if (*id_scan != '\0')
        g_variant_dict_insert (&d, "id_scan", "s", id_scan);
      if (!mr_store_apply (self->store, "package.deliver", g_variant_dict_end (&d), NULL, &error))
        failed = p;
      else if (self->custom_group != NULL &&
               !mr_custom_fields_group_apply (MR_CUSTOM_FIELDS_GROUP (self->custom_group),
                                              mr_package_get_id (p), &error))
        failed = p;
    }
  if (failed != NULL)
    {
      const char *field = mr_store_error_get_field (error);
      g_autofree char *message = NULL;

      mr_store_end_batch (self->store, FALSE, NULL);
      if (self->packages->len > 1)
        /* Translators: a refusal in the handover of several packages:
         * "package (tracking number): the reason" */
        message = g_strdup_printf (_ ("%s: %s"), mr_packages_title (failed), error->message);
      else
        message = g_strdup (error->message);
      show_error (self, message, field);
      return FALSE;
    }
  if (!mr_store_end_batch (self->store, TRUE, &error))
    {
      show_error (self, error->message, NULL);
      return FALSE;
    }

  taker_name = mr_packages_contact_name (self->store, taker);
  g_signal_emit (self, signals[HANDED_OVER], 0, self->packages->len, taker_name);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

const char *
mr_handover_dialog_get_error (MrHandoverDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

GtkWidget *
mr_handover_dialog_get_custom_fields (MrHandoverDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_DIALOG (self), NULL);
  return self->custom_group;
}
