/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-receiving"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-receiving-page-private.h"
#include "mr-records.h"
#include "widgets/mr-custom-fields-group.h"
#include "widgets/mr-gui-utils.h"

/* The fields of the package being filled in: the carrier chooser, the
 * recipient's type-ahead, size, pieces, place and notes. Each is saved
 * as soon as it is chosen. */

const char *const mr_receiving_size_codes[MR_RECEIVING_N_SIZES] = { NULL, "XS", "S",     "M",
                                                                    "L",  "XL", "custom" };

void
mr_receiving_page_save_notes (MrReceivingPage *self)
{
  g_autoptr (MrPackage) package = NULL;
  const char *text;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  if (self->current_id == NULL || self->updating)
    return;
  package = mr_store_get_package (self->store, self->current_id);
  text = gtk_editable_get_text (GTK_EDITABLE (self->notes_row));
  if (package == NULL ||
      g_strcmp0 (text, mr_package_get_notes (package) ? mr_package_get_notes (package) : "") == 0)
    return;
  g_variant_dict_insert (&d, "notes", "s", text);
  mr_receiving_page_set_field (self, g_variant_dict_end (&d));
}

void
mr_receiving_page_notes_apply_cb (MrReceivingPage *self)
{
  mr_receiving_page_save_notes (self);
}

gboolean
mr_receiving_page_set_field (MrReceivingPage *self, GVariant *args)
{
  g_autoptr (GVariant) owned = g_variant_ref_sink (args);
  g_autoptr (GError) error = NULL;
  GVariantDict d;

  if (self->current_id == NULL)
    return FALSE;
  g_variant_dict_init (&d, owned);
  g_variant_dict_insert (&d, "id", "s", self->current_id);
  if (!mr_store_apply (self->store, "package.set", g_variant_dict_end (&d), NULL, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      mr_widget_add_toast (GTK_WIDGET (self), adw_toast_new (escaped));
      mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_ERROR, error->message);
      return FALSE;
    }
  return TRUE;
}

void
mr_receiving_page_hide_suggestions (MrReceivingPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_list))) != NULL)
    gtk_list_box_remove (self->suggestion_list, child);
  gtk_widget_set_visible (self->suggestion_row, FALSE);
}

void
mr_receiving_page_set_recipient_text (MrReceivingPage *self, const char *text)
{
  gboolean was = self->updating;

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->recipient_row), text ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->recipient_row), -1);
  self->updating = was;
  mr_receiving_page_hide_suggestions (self);
}

/* The carrier chooser */

static guint
distinct_couriers (GPtrArray *candidates)
{
  guint n = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      MrCarrierMatch *m = g_ptr_array_index (candidates, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = g_str_equal (((MrCarrierMatch *) g_ptr_array_index (candidates, j))->courier_name,
                            m->courier_name);
      n += !seen;
    }
  return n;
}

void
mr_receiving_page_fill_carrier_chooser (MrReceivingPage *self, MrPackage *package)
{
  MrCarrierRules *rules = mr_carrier_rules_get_default ();
  const char *number = mr_package_get_tracking_number (package);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->carrier_list))) != NULL)
    gtk_list_box_remove (self->carrier_list, child);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  if (number != NULL && rules != NULL)
    self->candidates = mr_carrier_rules_identify (rules, number);
  /* One key per choice: nine at most (the rules never give more). */
  if (self->candidates != NULL && self->candidates->len > 9)
    g_ptr_array_set_size (self->candidates, 9);
  if (self->candidates == NULL || distinct_couriers (self->candidates) < 2)
    {
      g_clear_pointer (&self->candidates, g_ptr_array_unref);
      gtk_widget_set_visible (self->carrier_box, FALSE);
      return;
    }
  for (guint i = 0; i < self->candidates->len; i++)
    {
      MrCarrierMatch *m = g_ptr_array_index (self->candidates, i);
      const char *service = m->service_type ? m->service_type : m->type_name;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *key = gtk_label_new (NULL);
      g_autofree char *digit = g_strdup_printf ("%u", i + 1);
      g_autofree char *subtitle = NULL;
      g_autofree char *a11y = NULL;
      gboolean chosen = g_strcmp0 (mr_package_get_carrier (package), m->courier_name) == 0 &&
                        g_strcmp0 (mr_package_get_service (package), service) == 0;

      gtk_label_set_text (GTK_LABEL (key), digit);
      gtk_widget_add_css_class (key, "mr-badge");
      gtk_widget_add_css_class (key, "numeric");
      gtk_widget_set_valign (key, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), key);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), m->courier_name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      subtitle = m->checksum_verified ? g_strdup_printf (_ ("%s · check digit verified"), service)
                                      : g_strdup (service);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (chosen)
        {
          GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _ ("Chosen"), -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
        }
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "mr-index", GUINT_TO_POINTER (i));
      /* Translators: a carrier choice for a screen reader: its key, the
       * carrier, the service; e.g. "1: FedEx, FedEx Express (12)". */
      a11y = g_strdup_printf (_ ("%s: %s, %s"), digit, m->courier_name, subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                      -1);
      gtk_list_box_append (self->carrier_list, row);
    }
  gtk_widget_set_visible (self->carrier_box, TRUE);
}

void
mr_receiving_page_choose_carrier (MrReceivingPage *self, guint index)
{
  g_autoptr (MrCarrierMatch) m = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *text = NULL;

  if (self->candidates == NULL || index >= self->candidates->len)
    return;
  /* A copy: saving refreshes the form, and the chooser with it. */
  m = mr_carrier_match_copy (g_ptr_array_index (self->candidates, index));
  g_variant_dict_insert (&d, "carrier", "s", m->courier_name);
  g_variant_dict_insert (&d, "service", "s", m->service_type ? m->service_type : m->type_name);
  if (!mr_receiving_page_set_field (self, g_variant_dict_end (&d)))
    return;
  /* Translators: %s is a carrier's name. */
  text = g_strdup_printf (_ ("Carrier: %s"), m->courier_name);
  mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_OK, text);
  gtk_widget_grab_focus (GTK_WIDGET (self->recipient_row));
}

void
mr_receiving_page_carrier_row_activated_cb (MrReceivingPage *self, GtkListBoxRow *row)
{
  mr_receiving_page_choose_carrier (
    self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "mr-index")));
}

/* The recipient: type-ahead over the address book */

static GtkWidget *
create_suggestion_row (MrContact *contact)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (mr_contact_get_display_name (contact));
  GtkWidget *details;
  GPtrArray *parts = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *a11y = NULL;

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (box), name);
  if (mr_contact_get_department_name (contact) != NULL)
    g_ptr_array_add (parts, (gpointer) mr_contact_get_department_name (contact));
  if (mr_contact_get_personnel_id (contact) != NULL)
    g_ptr_array_add (parts, (gpointer) mr_contact_get_personnel_id (contact));
  if (mr_contact_get_email (contact) != NULL)
    g_ptr_array_add (parts, (gpointer) mr_contact_get_email (contact));
  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (" · ", (char **) parts->pdata);
  g_ptr_array_unref (parts);
  details = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* The keys stay in the field: Up and Down move the highlight. */
  gtk_widget_set_focusable (row, FALSE);
  g_object_set_data_full (G_OBJECT (row), "mr-contact-id", g_strdup (mr_contact_get_id (contact)),
                          g_free);
  g_object_set_data_full (G_OBJECT (row), "mr-contact-name",
                          g_strdup (mr_contact_get_display_name (contact)), g_free);
  a11y = text[0] ? g_strdup_printf ("%s, %s", mr_contact_get_display_name (contact), text)
                 : g_strdup (mr_contact_get_display_name (contact));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return row;
}

void
mr_receiving_page_recipient_changed_cb (MrReceivingPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->recipient_row));
  GListModel *model = G_LIST_MODEL (self->contacts);
  guint n;

  if (self->updating)
    return;
  mr_receiving_page_hide_suggestions (self);
  if (text[0] == '\0')
    return;
  mr_contact_list_set_search (self->contacts, text);
  n = MIN (g_list_model_get_n_items (model), MR_RECEIVING_MAX_SUGGESTIONS);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrContact) contact = g_list_model_get_item (model, i);

      gtk_list_box_append (self->suggestion_list, create_suggestion_row (contact));
    }
  if (n == 0)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (_ ("No contact matches"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_append (self->suggestion_list, row);
    }
  gtk_widget_set_visible (self->suggestion_row, TRUE);
}

guint
mr_receiving_page_count_suggestions (MrReceivingPage *self)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_BOX_ROW (c) && g_object_get_data (G_OBJECT (c), "mr-contact-id") != NULL)
      n++;
  return n;
}

static void
pick_recipient (MrReceivingPage *self, GtkListBoxRow *row)
{
  const char *contact_id = g_object_get_data (G_OBJECT (row), "mr-contact-id");
  const char *name = g_object_get_data (G_OBJECT (row), "mr-contact-name");
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *text = NULL;
  g_autofree char *name_copy = g_strdup (name);

  if (contact_id == NULL)
    return;
  g_variant_dict_insert (&d, "recipient_id", "s", contact_id);
  if (!mr_receiving_page_set_field (self, g_variant_dict_end (&d)))
    return;
  mr_receiving_page_set_recipient_text (self, name_copy);
  /* Translators: %s is the name of the person a package is for. */
  text = g_strdup_printf (_ ("Recipient: %s"), name_copy);
  mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_OK, text);
  mr_receiving_page_focus_after_recipient (self);
}

void
mr_receiving_page_suggestion_activated_cb (MrReceivingPage *self, GtkListBoxRow *row)
{
  pick_recipient (self, row);
}

void
mr_receiving_page_recipient_activated_cb (MrReceivingPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->recipient_row));
  GtkListBoxRow *row;

  if (gtk_widget_get_visible (self->suggestion_row) &&
      mr_receiving_page_count_suggestions (self) > 0)
    {
      row = gtk_list_box_get_selected_row (self->suggestion_list);
      if (row == NULL)
        row = gtk_list_box_get_row_at_index (self->suggestion_list, 0);
      pick_recipient (self, row);
      return;
    }
  if (text[0] == '\0' && self->current_id != NULL)
    {
      g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      /* An emptied field and Enter: the package has no recipient any more. */
      g_variant_dict_insert (&d, "recipient_id", "s", "");
      if (mr_receiving_page_set_field (self, g_variant_dict_end (&d)))
        mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_READY, _ ("Recipient removed"));
    }
}

static void
move_suggestion (MrReceivingPage *self, int delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->suggestion_list);
  int n = (int) mr_receiving_page_count_suggestions (self);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + delta : (delta > 0 ? 0 : n - 1);

  if (n == 0)
    return;
  index = CLAMP (index, 0, n - 1);
  row = gtk_list_box_get_row_at_index (self->suggestion_list, index);
  gtk_list_box_select_row (self->suggestion_list, row);
}

gboolean
mr_receiving_page_recipient_key_cb (GtkEventControllerKey *controller,
                                    guint keyval,
                                    guint keycode,
                                    GdkModifierType state,
                                    MrReceivingPage *self)
{
  gboolean shown = gtk_widget_get_visible (self->suggestion_row);

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (!shown)
        return FALSE;
      move_suggestion (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (!shown)
        return FALSE;
      move_suggestion (self, -1);
      return TRUE;
    case GDK_KEY_Escape:
      if (!shown)
        return FALSE;
      {
        g_autoptr (MrPackage) package =
          self->current_id ? mr_store_get_package (self->store, self->current_id) : NULL;

        mr_receiving_page_set_recipient_text (
          self, package ? mr_package_get_recipient_name (package) : NULL);
      }
      return TRUE;
    default:
      return FALSE;
    }
}

/* Size, pieces, place */

void
mr_receiving_page_size_selected_cb (MrReceivingPage *self)
{
  guint i = gtk_drop_down_get_selected (self->size_dropdown);
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  if (self->updating || self->current_id == NULL || i >= MR_RECEIVING_N_SIZES)
    return;
  g_variant_dict_insert (&d, "size", "s",
                         mr_receiving_size_codes[i] ? mr_receiving_size_codes[i] : "");
  mr_receiving_page_set_field (self, g_variant_dict_end (&d));
}

void
mr_receiving_page_pieces_changed_cb (MrReceivingPage *self)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

  if (self->updating || self->current_id == NULL)
    return;
  g_variant_dict_insert (&d, "pieces", "x",
                         (gint64) gtk_spin_button_get_value_as_int (self->pieces_spin));
  mr_receiving_page_set_field (self, g_variant_dict_end (&d));
}

/* The place: kept for the packages that follow, and the current one is
 * moved there (a "moved" event in its history). */
void
mr_receiving_page_place_selected_cb (MrReceivingPage *self)
{
  guint i = gtk_drop_down_get_selected (self->place_dropdown);
  const char *place_id;
  g_autoptr (MrPackage) package = NULL;
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GError) error = NULL;

  if (self->updating || i >= self->place_ids->len)
    return;
  place_id = g_ptr_array_index (self->place_ids, i);
  g_free (self->place_id);
  self->place_id = g_strdup (place_id);
  if (place_id == NULL || self->current_id == NULL)
    return;
  package = mr_store_get_package (self->store, self->current_id);
  if (package == NULL || g_strcmp0 (mr_package_get_place_id (package), place_id) == 0)
    return;
  g_variant_dict_insert (&d, "package_id", "s", self->current_id);
  g_variant_dict_insert (&d, "kind", "s", "moved");
  g_variant_dict_insert (&d, "place_id", "s", place_id);
  if (!mr_store_apply (self->store, "package.event", g_variant_dict_end (&d), NULL, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      mr_widget_add_toast (GTK_WIDGET (self), adw_toast_new (escaped));
    }
}

void
mr_receiving_page_load_places (MrReceivingPage *self)
{
  g_autoptr (GListModel) places = mr_store_list_places (self->store);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (places);
  gboolean was = self->updating;

  g_ptr_array_set_size (self->place_ids, 0);
  g_ptr_array_add (self->place_ids, NULL);
  /* Translators: no place chosen, in the place drop-down. */
  gtk_string_list_append (names, C_ ("place", "None"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrNode) node = g_list_model_get_item (places, i);

      g_ptr_array_add (self->place_ids, g_strdup (mr_node_get_id (node)));
      gtk_string_list_append (names, mr_node_get_path (node) ? mr_node_get_path (node)
                                                             : mr_node_get_name (node));
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->place_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->place_dropdown,
                              mr_receiving_page_place_index (self, self->place_id));
  self->updating = was;
}

/* The recipient is set: on to the size (Tab goes on from there). The
 * next scan starts the next package from wherever the focus is. */
void
mr_receiving_page_focus_after_recipient (MrReceivingPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->size_dropdown));
}

/* Custom fields: those the administrator shows or requires on the
 * receiving screen, saved as the clerk leaves each one. A required one
 * left empty is a warning, never a reason to refuse the next scan: the
 * scan was saved the moment it was read. */

static void
custom_fields_changed_cb (MrReceivingPage *self)
{
  g_autofree char *missing = NULL;
  g_autofree char *text = NULL;

  if (self->current_id == NULL || self->updating)
    return;
  /* The warnings under the package follow. */
  mr_receiving_page_show_package (self, self->current_id);
  missing = mr_custom_fields_group_dup_missing (MR_CUSTOM_FIELDS_GROUP (self->custom_group));
  if (missing != NULL)
    {
      /* Translators: %s is one or more custom field labels, "Cost centre, Floor" */
      text = g_strdup_printf (_ ("Still empty and required: %s"), missing);
      mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_WARNING, text);
    }
}

void
mr_receiving_page_custom_fields_init (MrReceivingPage *self)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->fields_list));

  self->custom_group = mr_custom_fields_group_new (self->store, "receiving");
  if (GTK_IS_BOX (box))
    gtk_box_insert_child_after (GTK_BOX (box), self->custom_group, GTK_WIDGET (self->fields_list));
  g_signal_connect_object (self->custom_group, "changed", G_CALLBACK (custom_fields_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

void
mr_receiving_page_show_custom_fields (MrReceivingPage *self, const char *id)
{
  if (self->custom_group != NULL)
    mr_custom_fields_group_set_entity (MR_CUSTOM_FIELDS_GROUP (self->custom_group), id);
}

void
mr_receiving_page_append_custom_warning (MrReceivingPage *self, GString *warnings)
{
  g_autofree char *missing = NULL;

  if (self->custom_group == NULL)
    return;
  missing = mr_custom_fields_group_dup_missing (MR_CUSTOM_FIELDS_GROUP (self->custom_group));
  if (missing == NULL)
    return;
  if (warnings->len > 0)
    g_string_append_c (warnings, '\n');
  /* Translators: %s is one or more custom field labels, "Cost centre, Floor" */
  g_string_append_printf (warnings, _ ("Required: fill in %s."), missing);
}
