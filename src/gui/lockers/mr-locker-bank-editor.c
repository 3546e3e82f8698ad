/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-locker-bank-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "widgets/mr-gui-utils.h"
#include "mr-locker-bank-editor-private.h"
#include "mr-records.h"

/* The bank editor keeps the layout in memory and changes it one step at a
 * time through the core's layout functions (mr-locker-bank-edit.c). For a
 * bank that exists, every step that moves or resizes doors is also tried
 * against the database with "locker_bank.set_layout" in a transaction
 * that is rolled back: a door that holds packages, a reservation or an
 * open delivery is refused right away with the core's message, and the
 * step is undone. Save writes everything in one transaction. */

/* Wider than the narrowest windows: below it the settings go under the
 * drawing. */
#define SIDE_BY_SIDE_MIN_WIDTH 760
#define SIDE_PANEL_WIDTH 400

/* As the core names them; "number" is the editor's own (a door's number
 * within the layout). */
static const char *field_names[N_FIELDS] = {
  "name",
  "place_id",
  "controller_address",
  "base_cm",
  "expiry_hours",
  "reopen_seconds",
  "pickup_mode",
  "allow_add_to_existing",
  "keep_for_delivery",
  "storage_mode",
  "storage_hours",
  "storage_max_hours",
  "contactless",
  "number",
};

G_DEFINE_FINAL_TYPE (MrLockerBankEditor, mr_locker_bank_editor, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_BANK_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const storage_modes[] = { "fixed", "flexible", "unlimited" };

/* Errors */

void
mr_locker_bank_editor_clear_field_error (MrLockerBankEditor *self, FieldIndex i)
{
  Field *f = &self->fields[i];

  if (f->row == NULL)
    return;
  mr_field_error_clear (f->row, f->error_row, f->error_label);
}

void
mr_locker_bank_editor_clear_layout_error (MrLockerBankEditor *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->layout_error), FALSE);
  gtk_label_set_label (self->layout_error, "");
}

static void
clear_errors (MrLockerBankEditor *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    mr_locker_bank_editor_clear_field_error (self, i);
  mr_locker_bank_editor_clear_layout_error (self);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

void
mr_locker_bank_editor_show_layout_error (MrLockerBankEditor *self, const GError *error)
{
  gtk_label_set_label (self->layout_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->layout_error), TRUE);
}

/* Shows @error next to the field it is about, @fallback (may be NULL)
 * when it names none. */
void
mr_locker_bank_editor_show_error (MrLockerBankEditor *self,
                                  const GError *error,
                                  const char *fallback)
{
  const char *field = mr_store_error_get_field (error);

  if (field == NULL)
    field = fallback;
  if (g_strcmp0 (field, "layout") == 0 || g_strcmp0 (field, "locker_ids") == 0)
    {
      mr_locker_bank_editor_show_layout_error (self, error);
      return;
    }
  for (guint i = 0; field != NULL && i < N_FIELDS; i++)
    {
      Field *f = &self->fields[i];

      if (!g_str_equal (field, field_names[i]))
        continue;
      mr_field_error_show (f->row, f->error_row, f->error_label, error->message);
      if (ADW_IS_EXPANDER_ROW (f->row))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (f->row), TRUE);
      gtk_widget_grab_focus (f->row);
      return;
    }
  /* Not about one field (a deleted bank, a disk error): above the form. */
  gtk_label_set_label (self->general_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
}

static void
field_changed_cb (GObject *source, GParamSpec *pspec, MrLockerBankEditor *self)
{
  /* Changing a field answers its error; the others stay until the next
   * save. */
  if (self->updating)
    return;
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i].source == source)
      mr_locker_bank_editor_clear_field_error (self, i);
}

static void
add_error_row (MrLockerBankEditor *self, FieldIndex i, GtkWidget *row, GObject *source)
{
  Field *f = &self->fields[i];

  f->row = row;
  f->error_row = mr_field_error_row_new (row, &f->error_label);
  f->source = source;

  if (ADW_IS_ENTRY_ROW (source))
    g_signal_connect_object (source, "notify::text", G_CALLBACK (field_changed_cb), self, 0);
  else if (ADW_IS_COMBO_ROW (source))
    g_signal_connect_object (source, "notify::selected", G_CALLBACK (field_changed_cb), self, 0);
  else if (GTK_IS_SPIN_BUTTON (source))
    g_signal_connect_object (source, "notify::value", G_CALLBACK (field_changed_cb), self, 0);
  else if (GTK_IS_SWITCH (source))
    g_signal_connect_object (source, "notify::active", G_CALLBACK (field_changed_cb), self, 0);
}

/* The selected door and its column */

const MrLockerLayoutDoor *
mr_locker_bank_editor_selected_door (MrLockerBankEditor *self, guint *column, guint *entry)
{
  guint c, e;

  if (!mr_locker_layout_view_get_selected (self->view, &c, &e))
    return NULL;
  if (column != NULL)
    *column = c;
  if (entry != NULL)
    *entry = e;
  return &g_array_index (
    ((MrLockerLayoutColumn *) g_ptr_array_index (self->layout->columns, c))->doors,
    MrLockerLayoutDoor, e);
}

static gboolean
has_door_below (MrLockerBankEditor *self)
{
  guint c, e;
  const MrLockerLayoutColumn *col;

  if (mr_locker_bank_editor_selected_door (self, &c, &e) == NULL)
    return FALSE;
  col = g_ptr_array_index (self->layout->columns, c);
  return e + 1 < col->doors->len &&
         g_array_index (col->doors, MrLockerLayoutDoor, e + 1).panel == NULL;
}

static void
update_actions (MrLockerBankEditor *self)
{
  gboolean door = mr_locker_bank_editor_selected_door (self, NULL, NULL) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove-column", door);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.split-door", door);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.merge-door", has_door_below (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.renumber",
                                 self->layout->columns->len > 0);
}

/* Shows the selected door's and column's properties. */
void
mr_locker_bank_editor_update_selection (MrLockerBankEditor *self)
{
  guint c = 0, e = 0;
  const MrLockerLayoutDoor *d = mr_locker_bank_editor_selected_door (self, &c, &e);
  gboolean any = self->layout->columns->len > 0;

  self->updating = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->door_group), any);
  gtk_widget_set_visible (GTK_WIDGET (self->column_group), any);
  gtk_widget_set_sensitive (GTK_WIDGET (self->door_group), d != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->column_group), d != NULL);
  if (d == NULL)
    {
      adw_preferences_group_set_title (self->door_group, _ ("Door"));
      adw_preferences_group_set_description (self->door_group,
                                             _ ("Select a door in the drawing to change it."));
      adw_preferences_group_set_title (self->column_group, _ ("Column"));
    }
  else
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (self->layout->columns, c);
      int top = d->bottom_cm + d->height_cm;
      gboolean reach = mr_locker_is_accessible (d->bottom_cm, top);
      gboolean busy = mr_locker_layout_view_is_busy (self->view, d->number);
      /* Translators: the title of the selected door's group; %s is its number. */
      g_autofree char *title = g_strdup_printf (_ ("Door %s"), d->number);
      /* Translators: a door's bottom and top, in cm from the floor. */
      g_autofree char *span = g_strdup_printf (_ ("%d to %d cm"), d->bottom_cm, top);
      /* Translators: the title of the selected column's group. */
      g_autofree char *col_title =
        g_strdup_printf (_ ("Column %u of %u"), c + 1, self->layout->columns->len);

      adw_preferences_group_set_title (self->door_group, title);
      adw_preferences_group_set_description (
        self->door_group,
        busy ? _ ("Holds packages or is reserved: it cannot be removed or resized.") : NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->number_row), d->number);
      adw_combo_row_set_selected (self->size_row, d->size);
      gtk_spin_button_set_value (self->height_spin, d->height_cm);
      gtk_widget_set_sensitive (GTK_WIDGET (self->height_row), d->size == MR_LOCKER_SIZE_CUSTOM);
      adw_action_row_set_subtitle (self->position_row, span);
      gtk_widget_set_visible (GTK_WIDGET (self->reach_icon), reach);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->position_row),
                                   reach
                                     ? _ ("Within reach for recipients who need accommodations.")
                                     : _ ("Out of reach for recipients who need accommodations."));
      gtk_accessible_update_property (
        GTK_ACCESSIBLE (self->position_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
        reach ? _ ("Within reach for recipients who need accommodations.")
              : _ ("Out of reach for recipients who need accommodations."),
        -1);
      adw_combo_row_set_selected (self->loading_row, d->rear_loading ? 1 : 0);
      gtk_switch_set_active (self->delivery_only_switch, d->delivery_only);
      adw_preferences_group_set_title (self->column_group, col_title);
      gtk_spin_button_set_value (self->width_spin, col->width_cm);
    }
  gtk_spin_button_set_value (self->base_spin, self->layout->base_cm);
  gtk_stack_set_visible_child_name (self->front_stack, any ? "front" : "empty");
  gtk_widget_set_visible (self->legend, any);
  self->updating = FALSE;
  update_actions (self);
}

static void
selection_changed_cb (MrLockerBankEditor *self)
{
  mr_locker_bank_editor_clear_field_error (self, F_NUMBER);
  mr_locker_bank_editor_update_selection (self);
}

/* Saving */

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
selected_place (MrLockerBankEditor *self)
{
  guint i = adw_combo_row_get_selected (self->place_row);
  const char *id;

  if (i == GTK_INVALID_LIST_POSITION || i >= self->place_ids->len)
    return "";
  id = g_ptr_array_index (self->place_ids, i);
  return id ? id : "";
}

static char *
keep_text (MrLockerBankEditor *self, guint keep[MR_LOCKER_N_SIZES])
{
  GString *out = g_string_new (NULL);

  memset (keep, 0, sizeof (guint) * MR_LOCKER_N_SIZES);
  for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
    {
      keep[s] = (guint) gtk_spin_button_get_value_as_int (self->keep_spins[s]);
      if (keep[s] > 0)
        g_string_append_printf (out, "%s%s=%u", out->len ? "," : "",
                                mr_locker_size_to_string ((MrLockerSize) s), keep[s]);
    }
  return g_string_free (out, FALSE);
}

/* The settings as mutation arguments: all of them for a new bank, the
 * ones that changed for a bank that exists. Returns how many. */
static guint
settings_to_dict (MrLockerBankEditor *self, GVariantDict *d)
{
  const MrLockerBank *b = self->bank;
  guint n = 0;
  guint keep[MR_LOCKER_N_SIZES];
  g_autofree char *keep_str = keep_text (self, keep);
  const char *pickup = adw_combo_row_get_selected (self->pickup_row) == 1 ? "one" : "all";
  guint storage = MIN (adw_combo_row_get_selected (self->storage_row), 2);
  gint64 expiry = gtk_spin_button_get_value_as_int (self->expiry_spin);
  gint64 reopen = gtk_spin_button_get_value_as_int (self->reopen_spin);
  gint64 hours = gtk_spin_button_get_value_as_int (self->storage_hours_spin);
  gint64 max_hours = gtk_spin_button_get_value_as_int (self->storage_max_spin);
  gboolean add_existing = gtk_switch_get_active (self->add_existing_switch);
  gboolean contactless = gtk_switch_get_active (self->contactless_switch);

#define PUT(cond, key, fmt, value)                  \
  if (b == NULL || (cond))                          \
    {                                               \
      g_variant_dict_insert (d, key, fmt, (value)); \
      n++;                                          \
    }
  PUT (g_strcmp0 (entry_text (self->name_row), b->name) != 0, "name", "s",
       entry_text (self->name_row));
  PUT (g_strcmp0 (selected_place (self), b->place_id ? b->place_id : "") != 0, "place_id", "s",
       selected_place (self));
  PUT (g_strcmp0 (entry_text (self->controller_row),
                  b->controller_address ? b->controller_address : "") != 0,
       "controller_address", "s", entry_text (self->controller_row));
  PUT (expiry != b->expiry_hours, "expiry_hours", "x", expiry);
  PUT (reopen != b->reopen_seconds, "reopen_seconds", "x", reopen);
  PUT (g_strcmp0 (pickup, b->pickup_mode) != 0, "pickup_mode", "s", pickup);
  PUT (add_existing != b->allow_add_to_existing, "allow_add_to_existing", "b", add_existing);
  PUT (memcmp (keep, b->keep_for_delivery, sizeof keep) != 0, "keep_for_delivery", "s", keep_str);
  PUT (g_strcmp0 (storage_modes[storage], b->storage_mode) != 0, "storage_mode", "s",
       storage_modes[storage]);
  PUT (hours != b->storage_hours, "storage_hours", "x", hours);
  PUT (max_hours != b->storage_max_hours, "storage_max_hours", "x", max_hours);
  PUT (contactless != b->contactless, "contactless", "b", contactless);
#undef PUT
  return n;
}

static gboolean
apply (MrLockerBankEditor *self, const char *name, GVariantDict *d, char **id, GError **error)
{
  return mr_store_apply (self->store, name, g_variant_dict_end (d), id, error);
}

gboolean
mr_locker_bank_editor_save (MrLockerBankEditor *self)
{
  g_auto (GVariantDict) settings = G_VARIANT_DICT_INIT (NULL);
  g_auto (GVariantDict) layout_args = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *layout = NULL;
  g_autofree char *id = NULL;
  gboolean created = self->bank == NULL;
  guint n;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), FALSE);

  clear_errors (self);
  n = settings_to_dict (self, &settings);
  layout = mr_locker_layout_to_edit_json (self->layout);

  if (created)
    {
      /* A bank without columns reaches the core too: its message says
       * what is missing. */
      g_variant_dict_insert (&settings, "layout", "s", layout);
      if (!apply (self, "locker_bank.create", &settings, &id, &error))
        {
          mr_locker_bank_editor_show_error (self, error, NULL);
          return FALSE;
        }
      g_free (self->bank_id);
      self->bank_id = g_strdup (id);
    }
  else
    {
      gboolean layout_changed = g_strcmp0 (layout, self->original_layout) != 0;

      if (n == 0 && !layout_changed)
        {
          /* Nothing changed: nothing to journal. */
          gtk_window_close (GTK_WINDOW (self));
          return TRUE;
        }
      /* Settings and layout together, or neither. */
      if (!mr_store_begin_batch (self->store, &error))
        {
          mr_locker_bank_editor_show_error (self, error, NULL);
          return FALSE;
        }
      g_variant_dict_insert (&settings, "id", "s", self->bank_id);
      g_variant_dict_insert (&layout_args, "id", "s", self->bank_id);
      g_variant_dict_insert (&layout_args, "layout", "s", layout);
      if ((n > 0 && !apply (self, "locker_bank.set", &settings, NULL, &error)) ||
          (layout_changed && !apply (self, "locker_bank.set_layout", &layout_args, NULL, &error)))
        {
          mr_store_end_batch (self->store, FALSE, NULL);
          mr_locker_bank_editor_show_error (self, error, NULL);
          return FALSE;
        }
      if (!mr_store_end_batch (self->store, TRUE, &error))
        {
          mr_locker_bank_editor_show_error (self, error, NULL);
          return FALSE;
        }
    }

  g_signal_emit (self, signals[SAVED], 0, self->bank_id, created);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

/* Loading */

static GListModel *
string_model (const char *const *items, guint n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, items[i]);
  return G_LIST_MODEL (list);
}

static void
fill_combos (MrLockerBankEditor *self)
{
  const char *sizes[MR_LOCKER_N_SIZES];
  const char *loading[] = { _ ("Front"), _ ("Rear") };
  const char *pickup[] = { _ ("All doors at once"), _ ("One door at a time") };
  const char *storage[] = { _ ("Fixed duration"), _ ("Flexible, up to a maximum"),
                            _ ("No end time") };
  g_autoptr (GListModel) places = mr_store_list_places (self->store);
  g_autoptr (GtkStringList) place_names = gtk_string_list_new (NULL);
  g_autoptr (GListModel) m1 = NULL, m2 = NULL, m3 = NULL, m4 = NULL;
  guint selected = 0;

  for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
    sizes[s] = mr_locker_size_to_string ((MrLockerSize) s);
  sizes[MR_LOCKER_SIZE_CUSTOM] = C_ ("door size", "Custom");
  m1 = string_model (sizes, G_N_ELEMENTS (sizes));
  m2 = string_model (loading, G_N_ELEMENTS (loading));
  m3 = string_model (pickup, G_N_ELEMENTS (pickup));
  m4 = string_model (storage, G_N_ELEMENTS (storage));
  adw_combo_row_set_model (self->size_row, m1);
  adw_combo_row_set_model (self->loading_row, m2);
  adw_combo_row_set_model (self->pickup_row, m3);
  adw_combo_row_set_model (self->storage_row, m4);

  gtk_string_list_append (place_names, C_ ("place", "None"));
  g_ptr_array_add (self->place_ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (places); i++)
    {
      g_autoptr (MrNode) node = g_list_model_get_item (places, i);

      gtk_string_list_append (place_names, mr_node_get_path (node));
      g_ptr_array_add (self->place_ids, g_strdup (mr_node_get_id (node)));
      if (self->bank != NULL && g_strcmp0 (self->bank->place_id, mr_node_get_id (node)) == 0)
        selected = i + 1;
    }
  adw_combo_row_set_model (self->place_row, G_LIST_MODEL (place_names));
  adw_combo_row_set_selected (self->place_row, selected);
}

static void
build_keep_rows (MrLockerBankEditor *self)
{
  for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, MR_LOCKER_MAX_DOORS, 1);
      /* Translators: in "Doors kept for deliveries": the doors of a size. */
      g_autofree char *title =
        g_strdup_printf (_ ("Size %s"), mr_locker_size_to_string ((MrLockerSize) s));
      /* Translators: the accessible name of a spin button; %s is a size. */
      g_autofree char *label = g_strdup_printf (_ ("Doors of size %s kept for deliveries"),
                                                mr_locker_size_to_string ((MrLockerSize) s));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      adw_expander_row_add_row (self->keep_row, row);
      self->keep_spins[s] = GTK_SPIN_BUTTON (spin);
    }
}

static void
update_storage_rows (MrLockerBankEditor *self)
{
  guint mode = adw_combo_row_get_selected (self->storage_row);

  gtk_widget_set_visible (GTK_WIDGET (self->storage_hours_row), mode != 2);
  gtk_widget_set_visible (GTK_WIDGET (self->storage_max_row), mode == 1);
  adw_action_row_set_subtitle (self->storage_hours_row,
                               mode == 1 ? _ ("Unless the recipient asks for longer") : NULL);
}

static void
update_keep_subtitle (MrLockerBankEditor *self)
{
  guint keep[MR_LOCKER_N_SIZES];
  g_autofree char *text = keep_text (self, keep);

  adw_expander_row_set_subtitle (
    self->keep_row, *text ? text : _ ("Free doors of each size that storage never takes"));
}

static void
clear_keep_error (MrLockerBankEditor *self)
{
  if (!self->updating)
    mr_locker_bank_editor_clear_field_error (self, F_KEEP);
}

static void
load_settings (MrLockerBankEditor *self)
{
  const MrLockerBank *b = self->bank;

  self->updating = TRUE;
  if (b != NULL)
    {
      guint mode = 0;

      gtk_editable_set_text (GTK_EDITABLE (self->name_row), b->name);
      gtk_editable_set_text (GTK_EDITABLE (self->controller_row),
                             b->controller_address ? b->controller_address : "");
      gtk_spin_button_set_value (self->expiry_spin, b->expiry_hours);
      gtk_spin_button_set_value (self->reopen_spin, b->reopen_seconds);
      adw_combo_row_set_selected (self->pickup_row, g_strcmp0 (b->pickup_mode, "one") == 0);
      gtk_switch_set_active (self->add_existing_switch, b->allow_add_to_existing);
      for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
        gtk_spin_button_set_value (self->keep_spins[s], b->keep_for_delivery[s]);
      for (guint i = 0; i < G_N_ELEMENTS (storage_modes); i++)
        if (g_strcmp0 (b->storage_mode, storage_modes[i]) == 0)
          mode = i;
      adw_combo_row_set_selected (self->storage_row, mode);
      gtk_spin_button_set_value (self->storage_hours_spin, b->storage_hours);
      gtk_spin_button_set_value (self->storage_max_spin, b->storage_max_hours);
      gtk_switch_set_active (self->contactless_switch, b->contactless);
    }
  else
    /* The core's defaults for a new bank, shown as they will be saved. */
    gtk_switch_set_active (self->add_existing_switch, TRUE);
  self->updating = FALSE;
  update_storage_rows (self);
  update_keep_subtitle (self);
}

static gboolean
load_bank (MrLockerBankEditor *self, GError **error)
{
  g_autoptr (MrLockerMap) map = NULL;

  self->bank = mr_store_get_locker_bank (self->store, self->bank_id);
  if (self->bank == NULL)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_NOT_FOUND, "%s",
                   _ ("This locker bank does not exist (any more)."));
      return FALSE;
    }
  map = mr_locker_map_load (self->store, self->bank_id, error);
  if (map == NULL)
    return FALSE;
  self->layout = mr_locker_layout_from_map (map);
  if (self->layout->columns->len > 0 && !mr_locker_layout_update (self->layout, error))
    return FALSE;
  self->layout->base_cm = self->bank->base_cm;
  self->original_layout = mr_locker_layout_to_edit_json (self->layout);

  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < map->doors->len; i++)
    {
      const MrLockerDoor *d = &g_array_index (map->doors, MrLockerDoor, i);

      if (d->n_packages > 0 || d->reservation_kind != NULL || d->status == MR_LOCKER_OCCUPIED ||
          d->status == MR_LOCKER_EXPIRED)
        g_hash_table_add (self->busy, g_strdup (d->number));
    }
  return TRUE;
}

/* Narrow windows: the settings under the drawing. The orientation
 * changes after the allocation that asked for it, never during one. */
static gboolean
update_orientation_idle (gpointer data)
{
  MrLockerBankEditor *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GtkOrientation wanted =
    width < SIDE_BY_SIDE_MIN_WIDTH ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  self->orientation_source = 0;
  if (width <= 0 || gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) == wanted)
    return G_SOURCE_REMOVE;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), wanted);
  gtk_paned_set_position (self->paned, wanted == GTK_ORIENTATION_VERTICAL
                                         ? height * 2 / 5
                                         : MAX (width / 2, width - SIDE_PANEL_WIDTH));
  return G_SOURCE_REMOVE;
}

/* Before the window is first shown, its default size decides: a window
 * that would be too wide for its screen never gets the narrow size. */
static void
default_width_cb (MrLockerBankEditor *self)
{
  int width, height;
  gboolean narrow;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width <= 0 || gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  narrow = width < SIDE_BY_SIDE_MIN_WIDTH;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  /* The settings' rows hold their values without cutting them. */
  if (narrow && height > 0)
    gtk_paned_set_position (self->paned, height * 2 / 5);
  else if (!narrow)
    gtk_paned_set_position (self->paned, MAX (width / 2, width - SIDE_PANEL_WIDTH));
}

static void
mr_locker_bank_editor_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  MrLockerBankEditor *self = MR_LOCKER_BANK_EDITOR (widget);
  GtkOrientation wanted =
    width < SIDE_BY_SIDE_MIN_WIDTH ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  GTK_WIDGET_CLASS (mr_locker_bank_editor_parent_class)
    ->size_allocate (widget, width, height, baseline);
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) != wanted &&
      self->orientation_source == 0)
    self->orientation_source = g_idle_add (update_orientation_idle, self);
}

/* Actions */

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_bank_editor_save (MR_LOCKER_BANK_EDITOR (widget));
}

static void
add_column_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_bank_editor_open_add_column (MR_LOCKER_BANK_EDITOR (widget));
}

static void
remove_column_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_bank_editor_remove_column (MR_LOCKER_BANK_EDITOR (widget));
}

static void
split_door_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_bank_editor_open_split (MR_LOCKER_BANK_EDITOR (widget));
}

static void
merge_door_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_bank_editor_merge_door (MR_LOCKER_BANK_EDITOR (widget));
}

static void
renumber_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_bank_editor_open_renumber (MR_LOCKER_BANK_EDITOR (widget));
}

static void
delete_requested_cb (MrLockerBankEditor *self)
{
  mr_locker_bank_editor_remove_column (self);
}

/* GObject */

static void
mr_locker_bank_editor_constructed (GObject *object)
{
  MrLockerBankEditor *self = MR_LOCKER_BANK_EDITOR (object);
  g_autoptr (GError) error = NULL;
  const char *title;

  G_OBJECT_CLASS (mr_locker_bank_editor_parent_class)->constructed (object);
  g_assert (MR_IS_STORE (self->store));

  if (self->bank_id != NULL && !load_bank (self, &error))
    {
      /* The window still opens, saying why there is nothing to edit. */
      g_clear_pointer (&self->layout, mr_locker_layout_free);
      mr_locker_bank_editor_show_error (self, error, NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
    }
  if (self->layout == NULL)
    self->layout = mr_locker_layout_new_empty (0);

  title = self->bank != NULL ? _ ("Edit Locker Bank") : _ ("New Locker Bank");
  adw_window_title_set_title (self->window_title, title);
  if (self->bank != NULL)
    adw_window_title_set_subtitle (self->window_title, self->bank->name);
  gtk_window_set_title (GTK_WINDOW (self), title);

  build_keep_rows (self);
  fill_combos (self);
  load_settings (self);
  mr_locker_layout_view_set_busy (self->view, self->busy);
  mr_locker_layout_view_set_layout (self->view, self->layout);

  /* Error rows go in after the models are set, so that setting them does
   * not count as answering an error. */
  add_error_row (self, F_NAME, GTK_WIDGET (self->name_row), G_OBJECT (self->name_row));
  add_error_row (self, F_PLACE, GTK_WIDGET (self->place_row), G_OBJECT (self->place_row));
  add_error_row (self, F_CONTROLLER, GTK_WIDGET (self->controller_row),
                 G_OBJECT (self->controller_row));
  add_error_row (self, F_BASE, GTK_WIDGET (self->base_row), G_OBJECT (self->base_spin));
  add_error_row (self, F_EXPIRY, GTK_WIDGET (self->expiry_row), G_OBJECT (self->expiry_spin));
  add_error_row (self, F_REOPEN, GTK_WIDGET (self->reopen_row), G_OBJECT (self->reopen_spin));
  add_error_row (self, F_PICKUP, GTK_WIDGET (self->pickup_row), G_OBJECT (self->pickup_row));
  add_error_row (self, F_ADD_EXISTING, GTK_WIDGET (self->add_existing_row),
                 G_OBJECT (self->add_existing_switch));
  add_error_row (self, F_KEEP, GTK_WIDGET (self->keep_row), NULL);
  add_error_row (self, F_STORAGE_MODE, GTK_WIDGET (self->storage_row),
                 G_OBJECT (self->storage_row));
  add_error_row (self, F_STORAGE_HOURS, GTK_WIDGET (self->storage_hours_row),
                 G_OBJECT (self->storage_hours_spin));
  add_error_row (self, F_STORAGE_MAX, GTK_WIDGET (self->storage_max_row),
                 G_OBJECT (self->storage_max_spin));
  add_error_row (self, F_CONTACTLESS, GTK_WIDGET (self->contactless_row),
                 G_OBJECT (self->contactless_switch));
  add_error_row (self, F_NUMBER, GTK_WIDGET (self->number_row), NULL);
  for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
    {
      g_signal_connect_object (self->keep_spins[s], "value-changed",
                               G_CALLBACK (update_keep_subtitle), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->keep_spins[s], "notify::value", G_CALLBACK (clear_keep_error),
                               self, G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (self->view, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "delete-requested", G_CALLBACK (delete_requested_cb), self,
                           G_CONNECT_SWAPPED);
  mr_locker_bank_editor_connect_edits (self);
  g_signal_connect_object (self->storage_row, "notify::selected", G_CALLBACK (update_storage_rows),
                           self, G_CONNECT_SWAPPED);

  default_width_cb (self);

  /* The first door is selected, so the properties show something. */
  if (self->layout->columns->len > 0)
    mr_locker_layout_view_move_selection (self->view, 0, 0);
  mr_locker_bank_editor_update_selection (self);
  gtk_window_set_focus (GTK_WINDOW (self), self->bank != NULL || self->layout->columns->len > 0
                                             ? GTK_WIDGET (self->view)
                                             : GTK_WIDGET (self->name_row));
}

static void
mr_locker_bank_editor_dispose (GObject *object)
{
  MrLockerBankEditor *self = MR_LOCKER_BANK_EDITOR (object);

  g_clear_handle_id (&self->orientation_source, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  if (self->view != NULL)
    mr_locker_layout_view_set_layout (self->view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_LOCKER_BANK_EDITOR);
  G_OBJECT_CLASS (mr_locker_bank_editor_parent_class)->dispose (object);
}

static void
mr_locker_bank_editor_finalize (GObject *object)
{
  MrLockerBankEditor *self = MR_LOCKER_BANK_EDITOR (object);

  g_clear_object (&self->store);
  g_free (self->bank_id);
  g_clear_pointer (&self->bank, mr_locker_bank_free);
  g_clear_pointer (&self->layout, mr_locker_layout_free);
  g_free (self->original_layout);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_clear_pointer (&self->place_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (mr_locker_bank_editor_parent_class)->finalize (object);
}

static void
mr_locker_bank_editor_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  MrLockerBankEditor *self = MR_LOCKER_BANK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BANK_ID:
      g_value_set_string (value, self->bank_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_locker_bank_editor_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  MrLockerBankEditor *self = MR_LOCKER_BANK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_BANK_ID:
      self->bank_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_locker_bank_editor_class_init (MrLockerBankEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_locker_bank_editor_constructed;
  object_class->dispose = mr_locker_bank_editor_dispose;
  object_class->finalize = mr_locker_bank_editor_finalize;
  object_class->get_property = mr_locker_bank_editor_get_property;
  object_class->set_property = mr_locker_bank_editor_set_property;
  widget_class->size_allocate = mr_locker_bank_editor_size_allocate;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BANK_ID] =
    g_param_spec_string ("bank-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::saved (bank id, TRUE when the bank was created) */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  g_type_ensure (MR_TYPE_LOCKER_LAYOUT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-locker-bank-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MrLockerBankEditor, name)
  BIND (window_title);
  BIND (paned);
  BIND (layout_error);
  BIND (front_stack);
  BIND (view);
  BIND (legend);
  BIND (general_error);
  BIND (door_group);
  BIND (column_group);
  BIND (number_row);
  BIND (size_row);
  BIND (height_row);
  BIND (height_spin);
  BIND (position_row);
  BIND (reach_icon);
  BIND (loading_row);
  BIND (delivery_only_row);
  BIND (delivery_only_switch);
  BIND (width_row);
  BIND (width_spin);
  BIND (base_row);
  BIND (base_spin);
  BIND (name_row);
  BIND (place_row);
  BIND (controller_row);
  BIND (expiry_row);
  BIND (expiry_spin);
  BIND (reopen_row);
  BIND (reopen_spin);
  BIND (pickup_row);
  BIND (add_existing_row);
  BIND (add_existing_switch);
  BIND (keep_row);
  BIND (storage_row);
  BIND (storage_hours_row);
  BIND (storage_hours_spin);
  BIND (storage_max_row);
  BIND (storage_max_spin);
  BIND (contactless_row);
  BIND (contactless_switch);
#undef BIND

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.add-column", NULL, add_column_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-column", NULL,
                                   remove_column_action);
  gtk_widget_class_install_action (widget_class, "editor.split-door", NULL, split_door_action);
  gtk_widget_class_install_action (widget_class, "editor.merge-door", NULL, merge_door_action);
  gtk_widget_class_install_action (widget_class, "editor.renumber", NULL, renumber_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "editor.add-column", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "editor.split-door", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "editor.merge-door", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "editor.renumber",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_locker_bank_editor_init (MrLockerBankEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->place_ids = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (default_width_cb), NULL);
}

MrLockerBankEditor *
mr_locker_bank_editor_new (MrStore *store, const char *bank_id)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  return g_object_new (MR_TYPE_LOCKER_BANK_EDITOR, "store", store, "bank-id", bank_id, NULL);
}

MrLockerBankEditor *
mr_locker_bank_editor_present (GtkWidget *parent, MrStore *store, const char *bank_id)
{
  MrLockerBankEditor *self = mr_locker_bank_editor_new (store, bank_id);
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

const char *
mr_locker_bank_editor_get_bank_id (MrLockerBankEditor *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), NULL);
  return self->bank_id;
}

const MrLockerLayout *
mr_locker_bank_editor_get_layout (MrLockerBankEditor *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), NULL);
  return self->layout;
}

MrLockerLayoutView *
mr_locker_bank_editor_get_view (MrLockerBankEditor *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), NULL);
  return self->view;
}

static Field *
find_field (MrLockerBankEditor *self, const char *field)
{
  for (guint i = 0; field != NULL && i < N_FIELDS; i++)
    if (g_str_equal (field_names[i], field))
      return &self->fields[i];
  return NULL;
}

GtkWidget *
mr_locker_bank_editor_get_field_row (MrLockerBankEditor *self, const char *field)
{
  Field *f;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), NULL);
  f = find_field (self, field);
  if (f != NULL)
    return f->row;
  /* The selected door's and column's rows. */
  if (g_strcmp0 (field, "size") == 0)
    return GTK_WIDGET (self->size_row);
  if (g_strcmp0 (field, "height_cm") == 0)
    return GTK_WIDGET (self->height_row);
  if (g_strcmp0 (field, "loading") == 0)
    return GTK_WIDGET (self->loading_row);
  if (g_strcmp0 (field, "delivery_only") == 0)
    return GTK_WIDGET (self->delivery_only_row);
  if (g_strcmp0 (field, "width_cm") == 0)
    return GTK_WIDGET (self->width_row);
  return NULL;
}

GtkLabel *
mr_locker_bank_editor_get_error_label (MrLockerBankEditor *self, const char *field)
{
  Field *f;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), NULL);
  if (g_strcmp0 (field, "layout") == 0)
    return self->layout_error;
  f = find_field (self, field);
  return f ? f->error_label : NULL;
}

AdwMessageDialog *
mr_locker_bank_editor_get_dialog (MrLockerBankEditor *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), NULL);
  return self->dialog;
}

static void
dialog_destroyed_cb (MrLockerBankEditor *self, GtkWidget *dialog)
{
  if (self->dialog == (AdwMessageDialog *) dialog)
    self->dialog = NULL;
}

void
mr_locker_bank_editor_set_dialog (MrLockerBankEditor *self, AdwMessageDialog *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = dialog;
  if (dialog != NULL)
    g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                             G_CONNECT_SWAPPED);
}
