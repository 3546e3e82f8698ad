/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-locker-bank-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-locker-bank-editor-private.h"

/* The bank editor's three questions: the doors of a new column, the two
 * doors that replace one, and how to number the doors. Each is a message
 * dialog with a small form; what it would do is tried on a copy of the
 * layout while the form is filled, so the main button is only offered
 * when the core's layout rules accept it, with their message otherwise. */

#define DEFAULT_DOORS "S, S, M, M, L, XL"

static const MrLockerLayoutDoor *
selected_door (MrLockerBankEditor *self, guint *column, guint *entry)
{
  const MrLockerLayout *layout = mr_locker_bank_editor_get_layout (self);
  guint c, e;

  if (!mr_locker_layout_view_get_selected (mr_locker_bank_editor_get_view (self), &c, &e))
    return NULL;
  if (column != NULL)
    *column = c;
  if (entry != NULL)
    *entry = e;
  return &g_array_index (((MrLockerLayoutColumn *) g_ptr_array_index (layout->columns, c))->doors,
                         MrLockerLayoutDoor, e);
}

static AdwMessageDialog *
dialog_new (MrLockerBankEditor *self, const char *heading, const char *body)
{
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_response (dialog, "cancel", _ ("_Cancel"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  mr_locker_bank_editor_set_dialog (self, dialog);
  return dialog;
}

/* A boxed list for the dialog's form, and the message under it. */
static GtkWidget *
form_new (GtkWidget **list, GtkLabel **message)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (NULL);

  *list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (*list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (*list, "boxed-list");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (box), *list);
  gtk_box_append (GTK_BOX (box), label);
  *message = GTK_LABEL (label);
  return box;
}

static void
set_message (GtkLabel *label, const char *text, gboolean error)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
}

/* A row with a spin button and its unit. */
static GtkSpinButton *
spin_row_new (GtkWidget *list,
              const char *title,
              const char *accessible,
              const char *unit,
              double lower,
              double upper,
              double value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  if (unit != NULL)
    {
      GtkWidget *label = gtk_label_new (unit);

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return GTK_SPIN_BUTTON (spin);
}

static AdwComboRow *
size_row_new (GtkWidget *list, const char *title, MrLockerSize selected)
{
  g_autoptr (GtkStringList) sizes = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint s = 0; s < MR_LOCKER_SIZE_CUSTOM; s++)
    gtk_string_list_append (sizes, mr_locker_size_to_string ((MrLockerSize) s));
  gtk_string_list_append (sizes, C_ ("door size", "Custom"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (sizes));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return ADW_COMBO_ROW (row);
}

/* Add a column */

static char *
column_doors_text (const MrLockerLayout *layout, guint column)
{
  const MrLockerLayoutColumn *col = g_ptr_array_index (layout->columns, column);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < col->doors->len; i++)
    {
      const MrLockerLayoutDoor *d = &g_array_index (col->doors, MrLockerLayoutDoor, i);

      if (d->panel != NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      if (d->size == MR_LOCKER_SIZE_CUSTOM)
        g_string_append_printf (out, "%d", d->height_cm);
      else
        g_string_append (out, mr_locker_size_to_string (d->size));
    }
  return g_string_free (out, FALSE);
}

static void
add_column_check (AdwMessageDialog *dialog)
{
  MrLockerBankEditor *self = g_object_get_data (G_OBJECT (dialog), "editor");
  AdwEntryRow *doors = g_object_get_data (G_OBJECT (dialog), "doors-row");
  GtkSpinButton *width = g_object_get_data (G_OBJECT (dialog), "width-spin");
  GtkLabel *message = g_object_get_data (G_OBJECT (dialog), "message");
  g_autoptr (MrLockerLayout) copy = mr_locker_layout_copy (mr_locker_bank_editor_get_layout (self));
  g_autoptr (GError) error = NULL;
  gboolean ok =
    mr_locker_layout_add_column (copy, gtk_spin_button_get_value_as_int (width),
                                 gtk_editable_get_text (GTK_EDITABLE (doors)), FALSE, &error);

  if (ok)
    {
      const MrLockerLayoutColumn *col = g_ptr_array_index (copy->columns, copy->columns->len - 1);
      const MrLockerLayoutDoor *top = &g_array_index (col->doors, MrLockerLayoutDoor, 0);
      g_autofree char *text = NULL;
      guint n = 0;

      for (guint i = 0; i < col->doors->len; i++)
        n += g_array_index (col->doors, MrLockerLayoutDoor, i).panel == NULL;
      /* Translators: what the new column will be; the top is in cm from
       * the floor. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u door, up to %d cm from the floor.",
                                           "%u doors, up to %d cm from the floor.", n),
                              n, top->bottom_cm + top->height_cm);
      set_message (message, text, FALSE);
    }
  else
    set_message (message, error->message, TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (doors), GTK_ACCESSIBLE_STATE_INVALID,
                               ok ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE, -1);
  adw_message_dialog_set_response_enabled (dialog, "add", ok);
}

static void
add_column_response_cb (AdwMessageDialog *dialog, const char *response, MrLockerBankEditor *self)
{
  AdwEntryRow *doors = g_object_get_data (G_OBJECT (dialog), "doors-row");
  GtkSpinButton *width = g_object_get_data (G_OBJECT (dialog), "width-spin");

  if (g_strcmp0 (response, "add") == 0)
    mr_locker_bank_editor_add_column (self, gtk_spin_button_get_value_as_int (width),
                                      gtk_editable_get_text (GTK_EDITABLE (doors)));
}

void
mr_locker_bank_editor_open_add_column (MrLockerBankEditor *self)
{
  const MrLockerLayout *layout = mr_locker_bank_editor_get_layout (self);
  AdwMessageDialog *dialog =
    dialog_new (self, _ ("Add a Column"),
                _ ("Give its doors from the top: sizes XS, S, M, L and XL, or heights in cm. "
                   "“3*M” stands for three M doors."));
  GtkWidget *list, *doors;
  GtkLabel *message;
  GtkSpinButton *width;
  g_autofree char *text = NULL;
  int width_cm = MR_LOCKER_DEFAULT_WIDTH_CM;

  /* Banks are mostly alike columns: the new one starts as the last. */
  if (layout->columns->len > 0)
    {
      text = column_doors_text (layout, layout->columns->len - 1);
      width_cm =
        ((MrLockerLayoutColumn *) g_ptr_array_index (layout->columns, layout->columns->len - 1))
          ->width_cm;
    }
  else
    text = g_strdup (DEFAULT_DOORS);

  adw_message_dialog_set_extra_child (dialog, form_new (&list, &message));
  doors = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (doors), _ ("Doors, from the top"));
  gtk_editable_set_text (GTK_EDITABLE (doors), text);
  adw_entry_row_set_input_hints (ADW_ENTRY_ROW (doors), GTK_INPUT_HINT_NO_SPELLCHECK);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (doors), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), doors);
  width = spin_row_new (list, _ ("Width"), _ ("Column width in centimetres"), C_ ("unit", "cm"), 10,
                        300, width_cm);

  adw_message_dialog_add_response (dialog, "add", _ ("_Add"));
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  g_object_set_data (G_OBJECT (dialog), "editor", self);
  g_object_set_data (G_OBJECT (dialog), "doors-row", doors);
  g_object_set_data (G_OBJECT (dialog), "width-spin", width);
  g_object_set_data (G_OBJECT (dialog), "message", message);
  g_signal_connect_swapped (doors, "changed", G_CALLBACK (add_column_check), dialog);
  g_signal_connect_swapped (width, "value-changed", G_CALLBACK (add_column_check), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_column_response_cb), self, 0);
  add_column_check (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (doors);
}

/* Split a door */

/* Two doors that fill @height: twice one size, else two standard sizes,
 * else two custom halves. */
static void
choose_split (int height, MrLockerSize *top, int *top_cm, MrLockerSize *bottom, int *bottom_cm)
{
  for (int s = MR_LOCKER_SIZE_XL; s >= MR_LOCKER_SIZE_XS; s--)
    if (2 * mr_locker_size_get_height (s) == height)
      {
        *top = *bottom = (MrLockerSize) s;
        *top_cm = *bottom_cm = mr_locker_size_get_height (s);
        return;
      }
  for (int a = MR_LOCKER_SIZE_XS; a <= MR_LOCKER_SIZE_XL; a++)
    for (int b = a; b <= MR_LOCKER_SIZE_XL; b++)
      if (mr_locker_size_get_height (a) + mr_locker_size_get_height (b) == height)
        {
          /* The smaller door on top, within reach of more people. */
          *top = (MrLockerSize) a;
          *bottom = (MrLockerSize) b;
          *top_cm = mr_locker_size_get_height (a);
          *bottom_cm = mr_locker_size_get_height (b);
          return;
        }
  *top = *bottom = MR_LOCKER_SIZE_CUSTOM;
  *top_cm = MAX (1, height / 2);
  *bottom_cm = MAX (1, height - height / 2);
}

static int
split_part_height (AdwComboRow *size, GtkSpinButton *spin)
{
  guint s = adw_combo_row_get_selected (size);

  if (s < MR_LOCKER_SIZE_CUSTOM)
    return mr_locker_size_get_height ((MrLockerSize) s);
  return gtk_spin_button_get_value_as_int (spin);
}

static void
split_check (AdwMessageDialog *dialog)
{
  AdwComboRow *top = g_object_get_data (G_OBJECT (dialog), "top-size");
  AdwComboRow *bottom = g_object_get_data (G_OBJECT (dialog), "bottom-size");
  GtkSpinButton *top_spin = g_object_get_data (G_OBJECT (dialog), "top-height");
  GtkSpinButton *bottom_spin = g_object_get_data (G_OBJECT (dialog), "bottom-height");
  GtkLabel *message = g_object_get_data (G_OBJECT (dialog), "message");
  int height = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "height"));
  int together = split_part_height (top, top_spin) + split_part_height (bottom, bottom_spin);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (top_spin), ADW_TYPE_ACTION_ROW),
                          adw_combo_row_get_selected (top) == MR_LOCKER_SIZE_CUSTOM);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (bottom_spin), ADW_TYPE_ACTION_ROW),
                          adw_combo_row_get_selected (bottom) == MR_LOCKER_SIZE_CUSTOM);
  if (together == height)
    /* Translators: the two doors of a split fill the old door exactly. */
    text = g_strdup_printf (_ ("Together %d cm high, like the door they replace."), together);
  else
    /* Translators: the two doors of a split; the doors above move. */
    text = g_strdup_printf (_ ("Together %d cm high, the door is %d cm: the doors above it move "
                               "by the difference."),
                            together, height);
  set_message (message, text, FALSE);
}

static void
split_response_cb (AdwMessageDialog *dialog, const char *response, MrLockerBankEditor *self)
{
  AdwComboRow *top = g_object_get_data (G_OBJECT (dialog), "top-size");
  AdwComboRow *bottom = g_object_get_data (G_OBJECT (dialog), "bottom-size");
  GtkSpinButton *top_spin = g_object_get_data (G_OBJECT (dialog), "top-height");
  GtkSpinButton *bottom_spin = g_object_get_data (G_OBJECT (dialog), "bottom-height");

  if (g_strcmp0 (response, "split") == 0)
    mr_locker_bank_editor_split_door (self, (MrLockerSize) adw_combo_row_get_selected (top),
                                      gtk_spin_button_get_value_as_int (top_spin),
                                      (MrLockerSize) adw_combo_row_get_selected (bottom),
                                      gtk_spin_button_get_value_as_int (bottom_spin));
}

void
mr_locker_bank_editor_open_split (MrLockerBankEditor *self)
{
  const MrLockerLayoutDoor *d = selected_door (self, NULL, NULL);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL, *body = NULL;
  GtkWidget *list;
  GtkLabel *message;
  AdwComboRow *top, *bottom;
  GtkSpinButton *top_spin, *bottom_spin;
  MrLockerSize top_size, bottom_size;
  int top_cm, bottom_cm;

  if (d == NULL)
    return;
  /* Translators: the title of the split dialog; %s is a door number. */
  heading = g_strdup_printf (_ ("Split Door %s"), d->number);
  /* Translators: %s is a door number, %d its height. */
  body = g_strdup_printf (_ ("Door %s is %d cm high. Choose the two doors that take its place, "
                             "from the top; the upper one keeps its number."),
                          d->number, d->height_cm);
  dialog = dialog_new (self, heading, body);
  choose_split (d->height_cm, &top_size, &top_cm, &bottom_size, &bottom_cm);

  adw_message_dialog_set_extra_child (dialog, form_new (&list, &message));
  top = size_row_new (list, _ ("Upper door"), top_size);
  top_spin = spin_row_new (list, _ ("Upper door height"), _ ("Upper door height in centimetres"),
                           C_ ("unit", "cm"), 1, MR_LOCKER_MAX_CM, top_cm);
  bottom = size_row_new (list, _ ("Lower door"), bottom_size);
  bottom_spin = spin_row_new (list, _ ("Lower door height"), _ ("Lower door height in centimetres"),
                              C_ ("unit", "cm"), 1, MR_LOCKER_MAX_CM, bottom_cm);

  adw_message_dialog_add_response (dialog, "split", _ ("_Split"));
  adw_message_dialog_set_response_appearance (dialog, "split", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "split");
  g_object_set_data (G_OBJECT (dialog), "top-size", top);
  g_object_set_data (G_OBJECT (dialog), "bottom-size", bottom);
  g_object_set_data (G_OBJECT (dialog), "top-height", top_spin);
  g_object_set_data (G_OBJECT (dialog), "bottom-height", bottom_spin);
  g_object_set_data (G_OBJECT (dialog), "message", message);
  g_object_set_data (G_OBJECT (dialog), "height", GINT_TO_POINTER (d->height_cm));
  g_signal_connect_swapped (top, "notify::selected", G_CALLBACK (split_check), dialog);
  g_signal_connect_swapped (bottom, "notify::selected", G_CALLBACK (split_check), dialog);
  g_signal_connect_swapped (top_spin, "value-changed", G_CALLBACK (split_check), dialog);
  g_signal_connect_swapped (bottom_spin, "value-changed", G_CALLBACK (split_check), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (split_response_cb), self, 0);
  split_check (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Renumber */

static void
renumber_response_cb (AdwMessageDialog *dialog, const char *response, MrLockerBankEditor *self)
{
  AdwComboRow *order = g_object_get_data (G_OBJECT (dialog), "order");
  GtkSpinButton *start = g_object_get_data (G_OBJECT (dialog), "start");
  AdwEntryRow *prefix = g_object_get_data (G_OBJECT (dialog), "prefix");

  if (g_strcmp0 (response, "renumber") == 0)
    mr_locker_bank_editor_renumber (
      self, adw_combo_row_get_selected (order) == 1 ? "rows" : "columns",
      gtk_spin_button_get_value_as_int (start), gtk_editable_get_text (GTK_EDITABLE (prefix)));
}

static void
renumber_check (AdwMessageDialog *dialog)
{
  MrLockerBankEditor *self = g_object_get_data (G_OBJECT (dialog), "editor");
  AdwComboRow *order = g_object_get_data (G_OBJECT (dialog), "order");
  GtkSpinButton *start = g_object_get_data (G_OBJECT (dialog), "start");
  AdwEntryRow *prefix = g_object_get_data (G_OBJECT (dialog), "prefix");
  GtkLabel *message = g_object_get_data (G_OBJECT (dialog), "message");
  g_autoptr (MrLockerLayout) copy = mr_locker_layout_copy (mr_locker_bank_editor_get_layout (self));
  g_autoptr (GError) error = NULL;
  gboolean ok =
    mr_locker_layout_renumber (copy, adw_combo_row_get_selected (order) == 1 ? "rows" : "columns",
                               gtk_spin_button_get_value_as_int (start),
                               gtk_editable_get_text (GTK_EDITABLE (prefix)), &error);

  if (ok && copy->n_doors > 0)
    {
      const char *p = gtk_editable_get_text (GTK_EDITABLE (prefix));
      int first = gtk_spin_button_get_value_as_int (start);
      g_autofree char *a = g_strdup_printf ("%s%d", p, first);
      g_autofree char *b = g_strdup_printf ("%s%d", p, first + (int) copy->n_doors - 1);
      /* Translators: the door numbers after renumbering: the first and
       * the last. */
      g_autofree char *text = g_strdup_printf (_ ("Doors numbered %s to %s."), a, b);

      set_message (message, text, FALSE);
    }
  else
    set_message (message, ok ? NULL : error->message, !ok);
  adw_message_dialog_set_response_enabled (dialog, "renumber", ok);
}

void
mr_locker_bank_editor_open_renumber (MrLockerBankEditor *self)
{
  AdwMessageDialog *dialog =
    dialog_new (self, _ ("Renumber Doors"),
                _ ("Every door of the bank gets a new number, in the order you choose. Numbers "
                   "you gave by hand are replaced."));
  g_autoptr (GtkStringList) orders = gtk_string_list_new (NULL);
  GtkWidget *list, *order, *prefix;
  GtkLabel *message;
  GtkSpinButton *start;

  adw_message_dialog_set_extra_child (dialog, form_new (&list, &message));
  gtk_string_list_append (orders, _ ("Column by column, each from the top"));
  gtk_string_list_append (orders, _ ("Row by row, from the top"));
  order = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (order), _ ("Order"));
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (order), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (order), G_LIST_MODEL (orders));
  gtk_list_box_append (GTK_LIST_BOX (list), order);
  start = spin_row_new (list, _ ("First number"), _ ("First number"), NULL, 0, 1000000, 1);
  prefix = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (prefix), _ ("Prefix, such as “A”"));
  adw_entry_row_set_input_hints (ADW_ENTRY_ROW (prefix), GTK_INPUT_HINT_NO_SPELLCHECK);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (prefix), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), prefix);

  adw_message_dialog_add_response (dialog, "renumber", _ ("_Renumber"));
  adw_message_dialog_set_response_appearance (dialog, "renumber", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "renumber");
  g_object_set_data (G_OBJECT (dialog), "editor", self);
  g_object_set_data (G_OBJECT (dialog), "order", order);
  g_object_set_data (G_OBJECT (dialog), "start", start);
  g_object_set_data (G_OBJECT (dialog), "prefix", prefix);
  g_object_set_data (G_OBJECT (dialog), "message", message);
  g_signal_connect_swapped (order, "notify::selected", G_CALLBACK (renumber_check), dialog);
  g_signal_connect_swapped (start, "value-changed", G_CALLBACK (renumber_check), dialog);
  g_signal_connect_swapped (prefix, "changed", G_CALLBACK (renumber_check), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (renumber_response_cb), self, 0);
  renumber_check (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}
