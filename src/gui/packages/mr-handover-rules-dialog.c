/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-handover-rules-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-contact-picker.h"
#include "mr-handover-rules-dialog.h"
#include "mr-records.h"
#include "widgets/mr-gui-utils.h"

/* One combo row per place, indented by its depth in the tree (a mailroom
 * has tens to hundreds of places, read whole like the Places page does),
 * and one for the person found in the finder. A choice is applied when
 * made; a refusal puts the row back and says why. */

#define INDENT_PX 18
#define PREFIX_SPACING 12

static const char *const rule_values[] = { "", "none", "signature", "id_scan", NULL };

struct _MrHandoverRulesDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  GtkBox *picker_box;
  AdwComboRow *contact_rule_row;
  AdwPreferencesGroup *places_group;
  GtkLabel *error_label;

  /* built in code */
  MrContactPicker *picker;

  /* owned */
  MrStore *store;
  GtkStringList *rule_names;
  GHashTable *place_rows; /* place id → AdwComboRow (borrowed) */
  guint n_places;
  gboolean loading;

  /* borrowed (weak) */
  GtkWidget *parent;
};

G_DEFINE_FINAL_TYPE (MrHandoverRulesDialog, mr_handover_rules_dialog, ADW_TYPE_WINDOW)

guint
mr_handover_rule_position (const char *handover)
{
  for (guint i = 1; rule_values[i] != NULL; i++)
    if (g_strcmp0 (rule_values[i], handover) == 0)
      return i;
  return 0;
}

static void
show_error (MrHandoverRulesDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const char *
rule_label (const char *handover)
{
  if (handover == NULL || *handover == '\0')
    return C_ ("handover rule", "Inherited");
  return mr_package_handover_get_label (handover);
}

/* Saves @subject's rule; on a refusal, the row goes back to @old. */
static gboolean
apply_rule (MrHandoverRulesDialog *self,
            AdwComboRow *row,
            const char *key,
            const char *subject_id,
            const char *subject_name)
{
  guint i = adw_combo_row_get_selected (row);
  const char *value = i < G_N_ELEMENTS (rule_values) - 1 ? rule_values[i] : "";
  g_autofree char *old = mr_store_get_handover_rule (self->store, subject_id);
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_auto (GVariantDict) undo = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;

  if (g_strcmp0 (old ? old : "", value) == 0)
    return TRUE;
  g_variant_dict_insert (&d, key, "s", subject_id);
  g_variant_dict_insert (&d, "handover", "s", value);
  if (!mr_store_apply (self->store, "handover.set", g_variant_dict_end (&d), NULL, &error))
    {
      self->loading = TRUE;
      adw_combo_row_set_selected (row, mr_handover_rule_position (old));
      self->loading = FALSE;
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  g_variant_dict_insert (&undo, key, "s", subject_id);
  g_variant_dict_insert (&undo, "handover", "s", old ? old : "");
  /* Translators: a toast: "Handover rule of Building A: Signature" */
  title = g_strdup_printf (_ ("Handover rule of %s: %s"), subject_name, rule_label (value));
  if (self->parent != NULL)
    mr_widget_add_toast (self->parent,
                         mr_undo_toast_new (title, "handover.set", g_variant_dict_end (&undo)));
  return TRUE;
}

static void
place_rule_cb (AdwComboRow *row, GParamSpec *pspec, MrHandoverRulesDialog *self)
{
  if (self->loading)
    return;
  apply_rule (self, row, "place_id", g_object_get_data (G_OBJECT (row), "mr-place-id"),
              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static void
contact_rule_cb (MrHandoverRulesDialog *self)
{
  const char *contact_id;
  g_autoptr (MrContact) contact = NULL;

  if (self->loading || self->picker == NULL)
    return;
  contact_id = mr_contact_picker_get_contact_id (self->picker);
  if (contact_id == NULL)
    return;
  contact = mr_store_get_contact (self->store, contact_id);
  apply_rule (self, self->contact_rule_row, "contact_id", contact_id,
              contact ? mr_contact_get_display_name (contact) : contact_id);
}

static void
contact_chosen_cb (MrHandoverRulesDialog *self)
{
  const char *contact_id = mr_contact_picker_get_contact_id (self->picker);
  g_autofree char *rule = contact_id ? mr_store_get_handover_rule (self->store, contact_id) : NULL;

  self->loading = TRUE;
  adw_combo_row_set_selected (self->contact_rule_row, mr_handover_rule_position (rule));
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->contact_rule_row), contact_id != NULL);
  show_error (self, NULL);
}

static void
load_places (MrHandoverRulesDialog *self)
{
  g_autoptr (GListModel) places = mr_store_list_places (self->store);
  guint n = g_list_model_get_n_items (places);

  self->loading = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrNode) node = g_list_model_get_item (places, i);
      g_autofree char *rule = mr_store_get_handover_rule (self->store, mr_node_get_id (node));
      g_autofree char *title = g_markup_escape_text (mr_node_get_name (node), -1);
      GtkWidget *row = adw_combo_row_new ();
      g_autofree char *accessible = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (mr_node_get_kind_label (node) != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), mr_node_get_kind_label (node));
      if (mr_node_get_depth (node) > 0)
        {
          GtkWidget *indent = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

          /* The row puts its own spacing after a prefix. */
          gtk_widget_set_size_request (
            indent, MAX ((int) mr_node_get_depth (node) * INDENT_PX - PREFIX_SPACING, 0), -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), indent);
        }
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (self->rule_names));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), mr_handover_rule_position (rule));
      /* Translators: the accessible name of a place's rule: its full path */
      accessible = g_strdup_printf (_ ("Handover rule of %s"), mr_node_get_path (node));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      g_object_set_data_full (G_OBJECT (row), "mr-place-id", g_strdup (mr_node_get_id (node)),
                              g_free);
      g_signal_connect (row, "notify::selected", G_CALLBACK (place_rule_cb), self);
      adw_preferences_group_add (self->places_group, row);
      g_hash_table_insert (self->place_rows, g_strdup (mr_node_get_id (node)), row);
    }
  self->n_places = n;
  if (n == 0)
    adw_preferences_group_set_description (self->places_group,
                                           _ ("There are no places yet: add them in Places."));
  self->loading = FALSE;
}

static void
mr_handover_rules_dialog_dispose (GObject *object)
{
  MrHandoverRulesDialog *self = MR_HANDOVER_RULES_DIALOG (object);

  g_clear_weak_pointer (&self->parent);
  gtk_widget_dispose_template (GTK_WIDGET (object), MR_TYPE_HANDOVER_RULES_DIALOG);
  G_OBJECT_CLASS (mr_handover_rules_dialog_parent_class)->dispose (object);
}

static void
mr_handover_rules_dialog_finalize (GObject *object)
{
  MrHandoverRulesDialog *self = MR_HANDOVER_RULES_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->rule_names);
  g_hash_table_unref (self->place_rows);
  G_OBJECT_CLASS (mr_handover_rules_dialog_parent_class)->finalize (object);
}

static void
mr_handover_rules_dialog_class_init (MrHandoverRulesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_handover_rules_dialog_dispose;
  object_class->finalize = mr_handover_rules_dialog_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/gnome/Mailroom/ui/mr-handover-rules-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MrHandoverRulesDialog, picker_box);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverRulesDialog, contact_rule_row);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverRulesDialog, places_group);
  gtk_widget_class_bind_template_child (widget_class, MrHandoverRulesDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, contact_rule_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_handover_rules_dialog_init (MrHandoverRulesDialog *self)
{
  const char *labels[G_N_ELEMENTS (rule_values)];

  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; rule_values[i] != NULL; i++)
    labels[i] = rule_label (rule_values[i]);
  labels[G_N_ELEMENTS (rule_values) - 1] = NULL;
  self->rule_names = gtk_string_list_new (labels);
  adw_combo_row_set_model (self->contact_rule_row, G_LIST_MODEL (self->rule_names));
  self->place_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->loading = FALSE;
}

MrHandoverRulesDialog *
mr_handover_rules_dialog_new (GtkWidget *parent, MrStore *store)
{
  MrHandoverRulesDialog *self;
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  self = g_object_new (MR_TYPE_HANDOVER_RULES_DIALOG, NULL);
  self->store = g_object_ref (store);
  g_set_weak_pointer (&self->parent, parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));

  self->picker = MR_CONTACT_PICKER (mr_contact_picker_new (store, _ ("Find a person")));
  g_signal_connect_object (self->picker, "notify::contact-id", G_CALLBACK (contact_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->picker_box, GTK_WIDGET (self->picker));
  load_places (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->picker));
  return self;
}

guint
mr_handover_rules_dialog_get_n_places (MrHandoverRulesDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_RULES_DIALOG (self), 0);
  return self->n_places;
}

AdwComboRow *
mr_handover_rules_dialog_get_place_row (MrHandoverRulesDialog *self, const char *place_id)
{
  g_return_val_if_fail (MR_IS_HANDOVER_RULES_DIALOG (self), NULL);
  return place_id ? g_hash_table_lookup (self->place_rows, place_id) : NULL;
}

void
mr_handover_rules_dialog_set_contact (MrHandoverRulesDialog *self, const char *contact_id)
{
  g_return_if_fail (MR_IS_HANDOVER_RULES_DIALOG (self));
  mr_contact_picker_set_contact_id (self->picker, contact_id);
}

AdwComboRow *
mr_handover_rules_dialog_get_contact_row (MrHandoverRulesDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_RULES_DIALOG (self), NULL);
  return self->contact_rule_row;
}

const char *
mr_handover_rules_dialog_get_error (MrHandoverRulesDialog *self)
{
  g_return_val_if_fail (MR_IS_HANDOVER_RULES_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
