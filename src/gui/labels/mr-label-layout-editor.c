/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-label-layout-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-label-job.h"
#include "mr-label-layout-editor.h"
#include "mr-label-layouts.h"

/* The layout editor: which fields a label prints, in which order, at
 * which size, and which are barcodes of which type. Each element is an
 * expander row; the preview prints sample data with the layout as it is
 * edited, so a layout that does not fit says so before it is saved. */

#define PREVIEW_MARGIN 16

struct _MrLabelLayoutEditor
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwEntryRow *name_row;
  GtkSwitch *default_switch;
  GtkMenuButton *add_button;
  GtkListBox *element_list;
  GtkLabel *error_label;
  GtkDrawingArea *preview;

  /* owned */
  MrStore *store;
  MrLabelLayout *layout;
  MrLabelStock *stock; /* one label of the stock, for the preview */
  char *template_id;
  MrLabelJob *job;
  gboolean was_default;
};

G_DEFINE_FINAL_TYPE (MrLabelLayoutEditor, mr_label_layout_editor, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What an element is printed as: text, or one of the barcodes. */
static const char *const printed_as[] = { N_ ("Text"),    N_ ("Code 128"),    N_ ("GS1-128"),
                                          N_ ("QR code"), N_ ("Data Matrix"), NULL };

static guint
printed_as_index (const MrLabelElement *el)
{
  return el->is_barcode ? 1 + el->symbology : 0;
}

static void rebuild_rows (MrLabelLayoutEditor *self);

static void
show_error (MrLabelLayoutEditor *self, const char *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The preview: sample data with the layout as it is now. */
static void
update_preview (MrLabelLayoutEditor *self)
{
  g_autoptr (GHashTable) sample = mr_label_sample_record (self->layout->kind);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->job, mr_label_job_free);
  self->job = mr_label_job_new (self->stock, self->layout);
  mr_label_job_add_record (self->job, sample);
  mr_label_job_set_outlines (self->job, TRUE);
  if (!mr_label_job_prepare (self->job, MR_LABEL_FORMAT_PDF, &error))
    {
      g_clear_pointer (&self->job, mr_label_job_free);
      show_error (self, error->message);
    }
  else
    show_error (self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static void
draw_preview (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  MrLabelLayoutEditor *self = user_data;
  double w = self->stock->page_width, h = self->stock->page_height;
  double scale = MIN ((width - 2.0 * PREVIEW_MARGIN) / w, (height - 2.0 * PREVIEW_MARGIN) / h);

  if (scale <= 0)
    return;
  cairo_translate (cr, (width - w * scale) / 2, (height - h * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);
  if (self->job != NULL)
    mr_label_job_draw_page (self->job, cr, 0);
}

/* Element rows */

static char *
element_summary (const MrLabelLayoutEditor *self, const MrLabelElement *el)
{
  GString *s = g_string_new (_ (printed_as[printed_as_index (el)]));

  if (el->is_barcode)
    {
      g_autofree char *module = mr_label_format_decimal (el->module_mm, 2);

      /* Translators: the module size of a barcode: ", modules of 0,33 mm" */
      g_string_append_printf (s, _ (", modules of %s mm"), module);
    }
  else
    {
      /* Translators: a font size in points */
      g_string_append_printf (s, _ (", %.0f pt"), el->size);
      if (el->bold)
        g_string_append (s, _ (", bold"));
      if (el->caption)
        g_string_append (s, _ (", with its name"));
    }
  if (el->beside)
    g_string_append (s, _ (", beside the one above"));
  return g_string_free (s, FALSE);
}

static MrLabelElement *
row_element (MrLabelLayoutEditor *self, GtkWidget *widget)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "element"));

  return i < self->layout->elements->len ? self->layout->elements->pdata[i] : NULL;
}

static void
refresh_expander (MrLabelLayoutEditor *self, GtkWidget *expander)
{
  MrLabelElement *el = row_element (self, expander);
  g_autofree char *summary = NULL;
  GtkWidget *row;

  if (el == NULL)
    return;
  summary = element_summary (self, el);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                 mr_label_field_get_label (self->layout->kind, el->field));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
  /* Rows that mean something for what the element is printed as */
  row = g_object_get_data (G_OBJECT (expander), "bold-row");
  gtk_widget_set_visible (row, !el->is_barcode);
  row = g_object_get_data (G_OBJECT (expander), "caption-row");
  gtk_widget_set_visible (row, !el->is_barcode);
  row = g_object_get_data (G_OBJECT (expander), "module-row");
  gtk_widget_set_visible (row, el->is_barcode);
  row = g_object_get_data (G_OBJECT (expander), "height-row");
  gtk_widget_set_visible (row, el->is_barcode && !mr_barcode_type_is_2d (el->symbology));
  row = g_object_get_data (G_OBJECT (expander), "size-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), el->is_barcode
                                                              ? _ ("Size of the text under it (pt)")
                                                              : _ ("Text size (pt)"));
}

static void
element_changed (MrLabelLayoutEditor *self, GtkWidget *expander)
{
  refresh_expander (self, expander);
  update_preview (self);
}

static void
field_selected_cb (AdwComboRow *row, GParamSpec *pspec, MrLabelLayoutEditor *self)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (row), "expander");
  MrLabelElement *el = row_element (self, expander);
  const MrLabelField *fields = mr_label_kind_get_fields (self->layout->kind);
  guint i = adw_combo_row_get_selected (row);

  if (el == NULL || fields[i].name == NULL)
    return;
  g_free (el->field);
  el->field = g_strdup (fields[i].name);
  element_changed (self, expander);
}

static void
type_selected_cb (AdwComboRow *row, GParamSpec *pspec, MrLabelLayoutEditor *self)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (row), "expander");
  MrLabelElement *el = row_element (self, expander);
  guint i = adw_combo_row_get_selected (row);
  gboolean was_barcode;

  if (el == NULL || i >= G_N_ELEMENTS (printed_as) - 1)
    return;
  was_barcode = el->is_barcode;
  el->is_barcode = i > 0;
  if (el->is_barcode)
    {
      el->symbology = i - 1;
      /* Sizes that suit the new kind of code */
      if (!was_barcode)
        {
          el->size = 8;
          el->height_mm = 15;
        }
      el->module_mm = mr_barcode_type_is_2d (el->symbology) ? 0.5 : 0.33;
      gtk_spin_button_set_value (g_object_get_data (G_OBJECT (expander), "module-spin"),
                                 el->module_mm);
    }
  else if (was_barcode)
    el->size = 12;
  gtk_spin_button_set_value (g_object_get_data (G_OBJECT (expander), "size-spin"), el->size);
  element_changed (self, expander);
}

static void
spin_changed_cb (GtkSpinButton *spin, MrLabelLayoutEditor *self)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (spin), "expander");
  const char *what = g_object_get_data (G_OBJECT (spin), "what");
  MrLabelElement *el = row_element (self, expander);
  double v = gtk_spin_button_get_value (spin);

  if (el == NULL)
    return;
  if (g_str_equal (what, "size"))
    el->size = v;
  else if (g_str_equal (what, "module"))
    el->module_mm = v;
  else
    el->height_mm = v;
  element_changed (self, expander);
}

static void
switch_changed_cb (GtkSwitch *sw, GParamSpec *pspec, MrLabelLayoutEditor *self)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (sw), "expander");
  const char *what = g_object_get_data (G_OBJECT (sw), "what");
  MrLabelElement *el = row_element (self, expander);
  gboolean v = gtk_switch_get_active (sw);

  if (el == NULL)
    return;
  if (g_str_equal (what, "bold"))
    el->bold = v;
  else if (g_str_equal (what, "caption"))
    el->caption = v;
  else
    el->beside = v;
  element_changed (self, expander);
}

/* Up (-1), down (+1) or remove (0) an element. */
static void
move_clicked_cb (GtkButton *button, MrLabelLayoutEditor *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "element"));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));
  GPtrArray *elements = self->layout->elements;
  guint j = i + delta;
  gpointer tmp;

  if (delta == 0)
    {
      g_ptr_array_remove_index (elements, i);
      if (elements->len > 0)
        ((MrLabelElement *) elements->pdata[0])->beside = FALSE;
    }
  else if (j < elements->len)
    {
      tmp = elements->pdata[i];
      elements->pdata[i] = elements->pdata[j];
      elements->pdata[j] = tmp;
      /* The first element has nothing to be beside. */
      ((MrLabelElement *) elements->pdata[0])->beside = FALSE;
    }
  rebuild_rows (self);
  update_preview (self);
}

/* "size" → "size-spin": where an expander row keeps each spin button. */
static const char *
spin_key (const char *what)
{
  g_autofree char *key = g_strconcat (what, "-spin", NULL);

  return g_intern_string (key);
}

/* Decimals written the user's way, like every size in these windows
 * ("0,33" in French); typed either way. */
static gboolean
spin_output_cb (GtkSpinButton *spin, gpointer data)
{
  g_autofree char *text =
    mr_label_format_decimal (gtk_spin_button_get_value (spin), gtk_spin_button_get_digits (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
spin_input_cb (GtkSpinButton *spin, double *new_value, gpointer data)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin)));
  char *end = NULL;

  g_strstrip (g_strdelimit (text, ",", '.'));
  *new_value = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == NULL || *end != '\0')
    return GTK_INPUT_ERROR;
  return TRUE;
}

static GtkWidget *
spin_row (MrLabelLayoutEditor *self,
          GtkWidget *expander,
          const char *title,
          const char *what,
          double lo,
          double hi,
          double step,
          guint digits,
          double value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lo, hi, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  if (digits > 0)
    {
      /* A numeric spin button takes only the C locale's decimal point. */
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), FALSE);
      g_signal_connect (spin, "output", G_CALLBACK (spin_output_cb), NULL);
      g_signal_connect (spin, "input", G_CALLBACK (spin_input_cb), NULL);
    }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_name (spin, what);
  g_object_set_data (G_OBJECT (spin), "expander", expander);
  g_object_set_data (G_OBJECT (spin), "what", (gpointer) what);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (spin_changed_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_object_set_data (G_OBJECT (expander), spin_key (what), spin);
  return row;
}

static GtkWidget *
switch_row (MrLabelLayoutEditor *self,
            GtkWidget *expander,
            const char *title,
            const char *what,
            gboolean value,
            gboolean sensitive)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_switch_set_active (GTK_SWITCH (sw), value);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_name (sw, what);
  g_object_set_data (G_OBJECT (sw), "expander", expander);
  g_object_set_data (G_OBJECT (sw), "what", (gpointer) what);
  g_signal_connect_object (sw, "notify::active", G_CALLBACK (switch_changed_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  gtk_widget_set_sensitive (row, sensitive);
  return row;
}

static GtkWidget *
icon_button (
  MrLabelLayoutEditor *self, const char *label, guint element, int delta, gboolean sensitive)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, sensitive);
  if (delta == 0)
    gtk_widget_add_css_class (button, "destructive-action");
  g_object_set_data (G_OBJECT (button), "element", GUINT_TO_POINTER (element));
  g_object_set_data (G_OBJECT (button), "delta", GINT_TO_POINTER (delta));
  g_signal_connect_object (button, "clicked", G_CALLBACK (move_clicked_cb), self, 0);
  return button;
}

static GtkWidget *
element_row (MrLabelLayoutEditor *self, guint index)
{
  MrLabelElement *el = self->layout->elements->pdata[index];
  guint n = self->layout->elements->len;
  GtkWidget *expander = adw_expander_row_new ();
  g_autoptr (GtkStringList) field_names = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) type_names = gtk_string_list_new (NULL);
  const MrLabelField *fields = mr_label_kind_get_fields (self->layout->kind);
  GtkWidget *field_row = adw_combo_row_new ();
  GtkWidget *type_row = adw_combo_row_new ();
  guint field_index = 0;
  GtkWidget *row;

  g_object_set_data (G_OBJECT (expander), "element", GUINT_TO_POINTER (index));
  {
    g_autofree char *name = g_strdup_printf ("element-%u", index);

    gtk_widget_set_name (expander, name);
  }
  for (guint i = 0; fields[i].name; i++)
    {
      gtk_string_list_append (field_names, _ (fields[i].label));
      if (g_str_equal (fields[i].name, el->field))
        field_index = i;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field_row), _ ("Field"));
  adw_combo_row_set_model (ADW_COMBO_ROW (field_row), G_LIST_MODEL (field_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (field_row), field_index);
  gtk_widget_set_name (field_row, "field");
  g_object_set_data (G_OBJECT (field_row), "expander", expander);
  g_signal_connect_object (field_row, "notify::selected", G_CALLBACK (field_selected_cb), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), field_row);

  for (guint i = 0; printed_as[i]; i++)
    gtk_string_list_append (type_names, _ (printed_as[i]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (type_row), _ ("Printed as"));
  adw_combo_row_set_model (ADW_COMBO_ROW (type_row), G_LIST_MODEL (type_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (type_row), printed_as_index (el));
  gtk_widget_set_name (type_row, "type");
  g_object_set_data (G_OBJECT (type_row), "expander", expander);
  g_signal_connect_object (type_row, "notify::selected", G_CALLBACK (type_selected_cb), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), type_row);

  row = spin_row (self, expander, _ ("Text size (pt)"), "size", 4, 96, 1, 0, el->size);
  g_object_set_data (G_OBJECT (expander), "size-row", row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  row = switch_row (self, expander, _ ("Bold"), "bold", el->bold, TRUE);
  g_object_set_data (G_OBJECT (expander), "bold-row", row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  row = switch_row (self, expander, _ ("With the field's name before it"), "caption", el->caption,
                    TRUE);
  g_object_set_data (G_OBJECT (expander), "caption-row", row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  row = spin_row (self, expander, _ ("Module, the narrowest bar (mm)"), "module", 0.1, 3, 0.01, 2,
                  el->is_barcode ? el->module_mm : 0.33);
  g_object_set_data (G_OBJECT (expander), "module-row", row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  row = spin_row (self, expander, _ ("Bar height (mm)"), "height", 3, 150, 1, 0,
                  el->is_barcode ? el->height_mm : 15);
  g_object_set_data (G_OBJECT (expander), "height-row", row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  row = switch_row (self, expander, _ ("Beside the one above, at the right"), "beside", el->beside,
                    index > 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  /* Moving and removing, inside the row: next to the expander's own
   * arrow, arrow buttons would read as one more. */
  {
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    row = adw_action_row_new ();
    gtk_box_append (GTK_BOX (buttons), icon_button (self, _ ("Move _Up"), index, -1, index > 0));
    gtk_box_append (GTK_BOX (buttons),
                    icon_button (self, _ ("Move _Down"), index, 1, index + 1 < n));
    gtk_box_append (GTK_BOX (buttons), icon_button (self, _ ("_Remove"), index, 0, n > 1));
    gtk_widget_set_margin_top (buttons, 6);
    gtk_widget_set_margin_bottom (buttons, 6);
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), buttons);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  }

  refresh_expander (self, expander);
  return expander;
}

static void
rebuild_rows (MrLabelLayoutEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->element_list))) != NULL)
    gtk_list_box_remove (self->element_list, child);
  for (guint i = 0; i < self->layout->elements->len; i++)
    gtk_list_box_append (self->element_list, element_row (self, i));
}

/* Actions */

static void
add_action (GtkWidget *widget, const char *action, GVariant *param)
{
  MrLabelLayoutEditor *self = MR_LABEL_LAYOUT_EDITOR (widget);
  MrLabelElement *el = g_new0 (MrLabelElement, 1);

  el->field = g_variant_dup_string (param, NULL);
  el->size = 12;
  el->module_mm = 0.33;
  el->height_mm = 15;
  g_ptr_array_add (self->layout->elements, el);
  rebuild_rows (self);
  update_preview (self);
}

gboolean
mr_label_layout_editor_save (MrLabelLayoutEditor *self, GError **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *definition = mr_label_layout_to_definition (self->layout);
  g_autofree char *id = NULL;
  gboolean make_default = gtk_switch_get_active (self->default_switch);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (self->layout->id != NULL)
    g_variant_dict_insert (&d, "id", "s", self->layout->id);
  else
    {
      g_variant_dict_insert (&d, "kind", "s", self->layout->kind);
      g_variant_dict_insert (&d, "is_default", "b", make_default);
    }
  g_variant_dict_insert (&d, "name", "s", name);
  g_variant_dict_insert (&d, "template_id", "s", self->template_id);
  g_variant_dict_insert (&d, "definition", "s", definition);
  if (!mr_store_apply (self->store, self->layout->id ? "label_layout.set" : "label_layout.create",
                       g_variant_dict_end (&d), &id, error))
    return FALSE;
  if (self->layout->id != NULL && make_default != self->was_default)
    {
      g_auto (GVariantDict) def = G_VARIANT_DICT_INIT (NULL);

      /* On: this one is the default; off: back to the built-in layout. */
      if (make_default)
        g_variant_dict_insert (&def, "id", "s", id);
      else
        g_variant_dict_insert (&def, "kind", "s", self->layout->kind);
      if (!mr_store_apply (self->store, "label_layout.set_default", g_variant_dict_end (&def), NULL,
                           error))
        return FALSE;
    }
  g_free (self->layout->id);
  self->layout->id = g_strdup (id);
  g_signal_emit (self, signals[SAVED], 0, id);
  return TRUE;
}

static void
save_action (GtkWidget *widget, const char *action, GVariant *param)
{
  MrLabelLayoutEditor *self = MR_LABEL_LAYOUT_EDITOR (widget);
  g_autoptr (GError) error = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  if (mr_label_layout_editor_save (self, &error))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (g_strcmp0 (mr_store_error_get_field (error), "name") == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
  show_error (self, error->message);
}

static void
name_changed_cb (MrLabelLayoutEditor *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
}

MrLabelLayout *
mr_label_layout_editor_get_layout (MrLabelLayoutEditor *self)
{
  g_return_val_if_fail (MR_IS_LABEL_LAYOUT_EDITOR (self), NULL);
  return self->layout;
}

/* GObject */

static void
mr_label_layout_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MR_TYPE_LABEL_LAYOUT_EDITOR);
  G_OBJECT_CLASS (mr_label_layout_editor_parent_class)->dispose (object);
}

static void
mr_label_layout_editor_finalize (GObject *object)
{
  MrLabelLayoutEditor *self = MR_LABEL_LAYOUT_EDITOR (object);

  g_clear_pointer (&self->job, mr_label_job_free);
  g_clear_pointer (&self->layout, mr_label_layout_unref);
  g_clear_pointer (&self->stock, mr_label_stock_unref);
  g_clear_object (&self->store);
  g_free (self->template_id);
  G_OBJECT_CLASS (mr_label_layout_editor_parent_class)->finalize (object);
}

static void
mr_label_layout_editor_class_init (MrLabelLayoutEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mr_label_layout_editor_dispose;
  object_class->finalize = mr_label_layout_editor_finalize;

  /**
   * MrLabelLayoutEditor::saved:
   * @id: the saved layout's id
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-label-layout-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MrLabelLayoutEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, MrLabelLayoutEditor, default_switch);
  gtk_widget_class_bind_template_child (widget_class, MrLabelLayoutEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, MrLabelLayoutEditor, element_list);
  gtk_widget_class_bind_template_child (widget_class, MrLabelLayoutEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, MrLabelLayoutEditor, preview);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.add", "s", add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_label_layout_editor_init (MrLabelLayoutEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
}

GtkWidget *
mr_label_layout_editor_new (MrStore *store, const MrLabelLayout *layout, MrLabelStock *stock)
{
  MrLabelLayoutEditor *self;
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GVariant) saved_default = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (layout != NULL && stock != NULL, NULL);

  self = g_object_new (MR_TYPE_LABEL_LAYOUT_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->layout = mr_label_layout_copy (layout);
  self->stock = mr_label_stock_new_single (stock);
  self->template_id = g_strdup (stock->id);

  if (self->layout->id != NULL)
    {
      saved_default = mr_store_get_default_label_layout (store, self->layout->kind);
      if (saved_default != NULL)
        {
          const char *id = NULL;

          g_variant_lookup (saved_default, "id", "&s", &id);
          self->was_default = g_strcmp0 (id, self->layout->id) == 0;
        }
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->layout->name);
    }
  else
    {
      /* The built-in layout stays; this makes a new one from it. */
      g_autofree char *name =
        /* Translators: the name offered for a new layout, %s is the kind of label */
        g_strdup_printf (_ ("My %s layout"), mr_label_kind_get_label (self->layout->kind));

      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
      self->was_default = FALSE;
    }
  gtk_switch_set_active (self->default_switch, self->was_default || self->layout->id == NULL);

  for (const MrLabelField *f = mr_label_kind_get_fields (self->layout->kind); f->name; f++)
    {
      g_autofree char *detailed = g_strdup_printf ("editor.add::%s", f->name);

      g_menu_append (menu, _ (f->label), detailed);
    }
  gtk_menu_button_set_menu_model (self->add_button, G_MENU_MODEL (menu));

  rebuild_rows (self);
  update_preview (self);
  return GTK_WIDGET (self);
}
