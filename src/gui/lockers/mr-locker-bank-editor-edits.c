/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-locker-bank-editor"

#include "config.h"

#include "mr-locker-bank-editor-private.h"

/* The bank editor's steps on the layout: each works on a copy through the
 * core's layout functions (mr-locker-bank-edit.c); for a bank that
 * exists, the copy is also tried against the database with
 * "locker_bank.set_layout" in a transaction that is rolled back. Only a
 * copy that both accept replaces the layout; otherwise the message shows
 * above the drawing and the rows show the layout as it still is. */

/* Changing the layout */

static gboolean
check_layout (MrLockerBankEditor *self, const MrLockerLayout *layout, GError **error)
{
  if (self->bank_id == NULL || self->bank == NULL)
    return TRUE;
  return mr_locker_bank_check_layout (self->store, self->bank_id, layout, error);
}

/* Puts @edited in place and selects (@column, @entry), or the nearest
 * door. */
static void
take_layout (MrLockerBankEditor *self, MrLockerLayout *edited, int column, int entry)
{
  MrLockerLayout *old = self->layout;

  self->layout = edited;
  /* The view borrows the layout: give it the new one before freeing. */
  mr_locker_layout_view_set_layout (self->view, self->layout);
  mr_locker_layout_free (old);
  mr_locker_bank_editor_clear_layout_error (self);

  if (column >= (int) self->layout->columns->len)
    column = (int) self->layout->columns->len - 1;
  if (column >= 0)
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (self->layout->columns, column);

      entry = CLAMP (entry, 0, (int) col->doors->len - 1);
      /* A panel: the nearest door below it, else above. */
      while (entry < (int) col->doors->len - 1 &&
             g_array_index (col->doors, MrLockerLayoutDoor, entry).panel != NULL)
        entry++;
      while (entry > 0 && g_array_index (col->doors, MrLockerLayoutDoor, entry).panel != NULL)
        entry--;
    }
  mr_locker_layout_view_select (self->view, column, entry);
  mr_locker_bank_editor_update_selection (self);
}

/* The end of every step: @edited was changed by @ok; the database has
 * the last word for a bank that exists. */
static gboolean
finish_edit (MrLockerBankEditor *self,
             MrLockerLayout *edited,
             gboolean ok,
             GError *error,
             int column,
             int entry)
{
  g_autoptr (GError) check_error = NULL;

  if (ok && !check_layout (self, edited, &check_error))
    {
      ok = FALSE;
      error = check_error;
    }
  if (!ok)
    {
      mr_locker_layout_free (edited);
      /* The widgets that asked show the layout as it still is. */
      mr_locker_bank_editor_update_selection (self);
      mr_locker_bank_editor_show_layout_error (self, error);
      return FALSE;
    }
  take_layout (self, edited, column, entry);
  return TRUE;
}

gboolean
mr_locker_bank_editor_add_column (MrLockerBankEditor *self, int width_cm, const char *doors)
{
  MrLockerLayout *edited;
  g_autoptr (GError) error = NULL;
  gboolean rear = FALSE, ok;
  const MrLockerLayoutDoor *d;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), FALSE);

  /* New doors are loaded like the selected one. */
  d = mr_locker_bank_editor_selected_door (self, NULL, NULL);
  if (d != NULL)
    rear = d->rear_loading;
  edited = mr_locker_layout_copy (self->layout);
  ok = mr_locker_layout_add_column (edited, width_cm, doors, rear, &error);
  return finish_edit (self, edited, ok, error, (int) self->layout->columns->len, 0);
}

gboolean
mr_locker_bank_editor_remove_column (MrLockerBankEditor *self)
{
  MrLockerLayout *edited;
  g_autoptr (GError) error = NULL;
  guint c, e;
  gboolean ok;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), FALSE);

  if (mr_locker_bank_editor_selected_door (self, &c, &e) == NULL)
    return FALSE;
  edited = mr_locker_layout_copy (self->layout);
  ok = mr_locker_layout_remove_column (edited, c, &error);
  return finish_edit (self, edited, ok, error, (int) c, (int) e);
}

gboolean
mr_locker_bank_editor_split_door (MrLockerBankEditor *self,
                                  MrLockerSize top_size,
                                  int top_height_cm,
                                  MrLockerSize bottom_size,
                                  int bottom_height_cm)
{
  MrLockerLayout *edited;
  g_autoptr (GError) error = NULL;
  guint c, e;
  gboolean ok;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), FALSE);

  if (mr_locker_bank_editor_selected_door (self, &c, &e) == NULL)
    return FALSE;
  edited = mr_locker_layout_copy (self->layout);
  ok = mr_locker_layout_split_door (edited, c, e, top_size, top_height_cm, bottom_size,
                                    bottom_height_cm, &error);
  return finish_edit (self, edited, ok, error, (int) c, (int) e);
}

gboolean
mr_locker_bank_editor_merge_door (MrLockerBankEditor *self)
{
  MrLockerLayout *edited;
  g_autoptr (GError) error = NULL;
  guint c, e;
  gboolean ok;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), FALSE);

  if (mr_locker_bank_editor_selected_door (self, &c, &e) == NULL)
    return FALSE;
  edited = mr_locker_layout_copy (self->layout);
  ok = mr_locker_layout_merge_door (edited, c, e, &error);
  return finish_edit (self, edited, ok, error, (int) c, (int) e);
}

gboolean
mr_locker_bank_editor_set_door_size (MrLockerBankEditor *self, MrLockerSize size, int height_cm)
{
  MrLockerLayout *edited;
  g_autoptr (GError) error = NULL;
  guint c, e;
  gboolean ok;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), FALSE);

  if (mr_locker_bank_editor_selected_door (self, &c, &e) == NULL)
    return FALSE;
  edited = mr_locker_layout_copy (self->layout);
  ok = mr_locker_layout_set_door_size (edited, c, e, size, height_cm, &error);
  return finish_edit (self, edited, ok, error, (int) c, (int) e);
}

gboolean
mr_locker_bank_editor_renumber (MrLockerBankEditor *self,
                                const char *order,
                                int start,
                                const char *prefix)
{
  MrLockerLayout *edited;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) busy = NULL;
  guint c = 0, e = 0;
  gboolean selected, ok;

  g_return_val_if_fail (MR_IS_LOCKER_BANK_EDITOR (self), FALSE);

  selected = mr_locker_bank_editor_selected_door (self, &c, &e) != NULL;
  edited = mr_locker_layout_copy (self->layout);
  ok = mr_locker_layout_renumber (edited, order, start, prefix, &error);
  if (ok && self->busy != NULL)
    {
      /* Doors keep their place: the marks follow them to their new
       * numbers. */
      GHashTableIter iter;
      const char *number;

      busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, self->busy);
      while (g_hash_table_iter_next (&iter, (gpointer *) &number, NULL))
        {
          guint bc, be;

          if (mr_locker_layout_find_door (self->layout, number, &bc, &be))
            g_hash_table_add (
              busy,
              g_strdup (g_array_index (
                          ((MrLockerLayoutColumn *) g_ptr_array_index (edited->columns, bc))->doors,
                          MrLockerLayoutDoor, be)
                          .number));
        }
    }
  if (!finish_edit (self, edited, ok, error, selected ? (int) c : -1, selected ? (int) e : -1))
    return FALSE;
  if (busy != NULL)
    {
      g_clear_pointer (&self->busy, g_hash_table_unref);
      self->busy = g_steal_pointer (&busy);
      mr_locker_layout_view_set_busy (self->view, self->busy);
    }
  return TRUE;
}

static void
number_applied_cb (MrLockerBankEditor *self)
{
  MrLockerLayout *edited;
  g_autoptr (GError) error = NULL;
  guint c, e;

  if (self->updating || mr_locker_bank_editor_selected_door (self, &c, &e) == NULL)
    return;
  mr_locker_bank_editor_clear_field_error (self, F_NUMBER);
  edited = mr_locker_layout_copy (self->layout);
  if (!mr_locker_layout_set_door_number (
        edited, c, e, gtk_editable_get_text (GTK_EDITABLE (self->number_row)), &error))
    {
      mr_locker_layout_free (edited);
      /* Under the number, not above the drawing: it is about what was
       * typed there. */
      mr_store_set_error_field (&error, "number");
      mr_locker_bank_editor_show_error (self, error, NULL);
      return;
    }
  take_layout (self, edited, (int) c, (int) e);
}

static void
size_selected_cb (MrLockerBankEditor *self)
{
  const MrLockerLayoutDoor *d;
  guint size = adw_combo_row_get_selected (self->size_row);

  if (self->updating || (d = mr_locker_bank_editor_selected_door (self, NULL, NULL)) == NULL ||
      size >= MR_LOCKER_N_SIZES)
    return;
  if ((MrLockerSize) size == d->size)
    return;
  /* A door turning custom keeps its height until it is changed. */
  mr_locker_bank_editor_set_door_size (self, (MrLockerSize) size, d->height_cm);
}

static void
height_changed_cb (MrLockerBankEditor *self)
{
  const MrLockerLayoutDoor *d;
  int height = gtk_spin_button_get_value_as_int (self->height_spin);

  if (self->updating || (d = mr_locker_bank_editor_selected_door (self, NULL, NULL)) == NULL ||
      d->size != MR_LOCKER_SIZE_CUSTOM || d->height_cm == height)
    return;
  mr_locker_bank_editor_set_door_size (self, MR_LOCKER_SIZE_CUSTOM, height);
}

static void
door_options_changed_cb (MrLockerBankEditor *self)
{
  g_autoptr (GError) error = NULL;
  guint c, e;

  if (self->updating || mr_locker_bank_editor_selected_door (self, &c, &e) == NULL)
    return;
  /* Loading and delivery-only move no door: nothing for the core to
   * refuse before saving. */
  if (!mr_locker_layout_set_door_options (
        self->layout, c, e, adw_combo_row_get_selected (self->loading_row) == 1,
        gtk_switch_get_active (self->delivery_only_switch), &error))
    mr_locker_bank_editor_show_layout_error (self, error);
  mr_locker_layout_view_set_layout (self->view, self->layout);
}

static void
width_changed_cb (MrLockerBankEditor *self)
{
  MrLockerLayout *edited;
  g_autoptr (GError) error = NULL;
  guint c, e;
  gboolean ok;

  if (self->updating || mr_locker_bank_editor_selected_door (self, &c, &e) == NULL)
    return;
  edited = mr_locker_layout_copy (self->layout);
  ok = mr_locker_layout_set_column_width (
    edited, c, gtk_spin_button_get_value_as_int (self->width_spin), &error);
  finish_edit (self, edited, ok, error, (int) c, (int) e);
}

static void
base_changed_cb (MrLockerBankEditor *self)
{
  MrLockerLayout *edited;
  g_autoptr (GError) error = NULL;
  guint c = 0, e = 0;
  gboolean selected, ok;

  if (self->updating)
    return;
  mr_locker_bank_editor_clear_field_error (self, F_BASE);
  selected = mr_locker_bank_editor_selected_door (self, &c, &e) != NULL;
  edited = mr_locker_layout_copy (self->layout);
  ok =
    mr_locker_layout_set_base (edited, gtk_spin_button_get_value_as_int (self->base_spin), &error);
  finish_edit (self, edited, ok, error, selected ? (int) c : -1, selected ? (int) e : -1);
}

void
mr_locker_bank_editor_connect_edits (MrLockerBankEditor *self)
{
  g_signal_connect_object (self->number_row, "apply", G_CALLBACK (number_applied_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->size_row, "notify::selected", G_CALLBACK (size_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->height_spin, "value-changed", G_CALLBACK (height_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loading_row, "notify::selected",
                           G_CALLBACK (door_options_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->delivery_only_switch, "notify::active",
                           G_CALLBACK (door_options_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->width_spin, "value-changed", G_CALLBACK (width_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->base_spin, "value-changed", G_CALLBACK (base_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
