/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-receiving"

#include "config.h"

#include <glib/gi18n.h>

#include "labels/mr-label-print-window.h"
#include "mr-barcode-decode.h"
#include "mr-receiving-page-private.h"
#include "mr-records.h"
#include "widgets/mr-gui-utils.h"

/* The form follows the selected row of the intake list: scanning selects
 * the new package, and the clerk fills it in with the keyboard, field
 * after field (Tab), or goes back to an earlier one (the list). Every
 * field is saved as soon as it is chosen (package.set), so there is no
 * "Save" to forget before the next scan. */

G_DEFINE_FINAL_TYPE (MrReceivingPage, mr_receiving_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Wider than this, the form sits beside the list. */
#define WIDE_LAYOUT_PX 860


/* Status line */

void
mr_receiving_page_set_status (MrReceivingPage *self, MrReceivingStatus kind, const char *text)
{
  static const char *const icons[] = { "input-keyboard-symbolic", "emblem-ok-symbolic",
                                       "dialog-warning-symbolic", "dialog-error-symbolic" };
  static const char *const classes[] = { "dim-label", "success", "warning", "error" };
  GtkWidget *icon = GTK_WIDGET (self->status_icon);

  g_free (self->status);
  self->status = g_strdup (text);
  gtk_label_set_text (self->status_label, text);
  gtk_image_set_from_icon_name (self->status_icon, icons[kind]);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (icon, classes[i]);
  gtk_widget_add_css_class (icon, classes[kind]);
}

/* The retry list */

void
mr_receiving_page_update_pending (MrReceivingPage *self)
{
  GString *list;
  g_autofree char *title = NULL;
  MrReceivingPending *last;

  if (self->pending == NULL || self->pending->len == 0)
    {
      gtk_revealer_set_reveal_child (self->retry_revealer, FALSE);
      return;
    }
  last = g_ptr_array_index (self->pending, 0);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u scan is not saved yet. It is kept here and tried "
                                        "again until it is saved.",
                                        "%u scans are not saved yet. They are kept here and "
                                        "tried again until they are saved.",
                                        self->pending->len),
                           self->pending->len);
  gtk_label_set_text (self->retry_label, title);
  list = g_string_new (NULL);
  for (guint i = 0; i < self->pending->len; i++)
    {
      MrReceivingPending *p = g_ptr_array_index (self->pending, i);
      g_autofree char *shown = p->text ? mr_scan_escape_controls (p->text) : NULL;

      if (i > 0)
        g_string_append (list, "\n");
      g_string_append (list, shown ? shown : _ ("(package without a label)"));
    }
  gtk_label_set_text (self->retry_error_label, last->error ? last->error : "");
  gtk_label_set_text (self->retry_list_label, list->str);
  g_string_free (list, TRUE);
  gtk_revealer_set_reveal_child (self->retry_revealer, TRUE);
  mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_ERROR, title);
}

/* The intake list */

static char *
format_clock (gint64 unix_ms)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (unix_ms / 1000);

  if (dt == NULL)
    return g_strdup ("");
  /* Translators: the time a package was received, in strftime() format. */
  return g_date_time_format (dt, _ ("%H:%M"));
}

static const char *
carrier_text (MrPackage *package)
{
  const char *carrier = mr_package_get_carrier (package);

  if (carrier != NULL)
    return carrier;
  return mr_package_needs_label (package) ? _ ("No label") : _ ("Unknown carrier");
}

/* Who received it: the signed-in user, or this workstation. */
static const char *
operator_text (MrReceivingPage *self, MrPackage *package)
{
  const char *name = mr_package_get_received_by_name (package);

  if (name != NULL)
    return name;
  if (g_strcmp0 (mr_package_get_workstation_id (package),
                 mr_store_get_workstation_id (self->store)) == 0)
    return _ ("this workstation");
  return NULL;
}

static GtkWidget *
create_intake_row (gpointer item, gpointer user_data)
{
  MrReceivingPage *self = user_data;
  MrPackage *package = item;
  const char *number = mr_package_get_tracking_number (package);
  const char *recipient = mr_package_get_recipient_name (package);
  const char *op = operator_text (self, package);
  g_autofree char *clock = format_clock (mr_package_get_received_at (package));
  g_autofree char *meta = NULL;
  g_autofree char *a11y = NULL;
  GtkWidget *row, *box, *icon, *labels, *title, *subtitle, *who;
  const char *icon_name = "package-x-generic-symbolic";

  if (mr_package_needs_label (package))
    icon_name = "printer-symbolic";
  else if (mr_package_get_duplicate_of (package) != NULL ||
           mr_package_get_carrier (package) == NULL)
    icon_name = "dialog-warning-symbolic";

  row = gtk_list_box_row_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  if (g_str_equal (icon_name, "dialog-warning-symbolic"))
    gtk_widget_add_css_class (icon, "warning");
  gtk_box_append (GTK_BOX (box), icon);

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (labels, TRUE);
  title = gtk_label_new (number != NULL ? number : mr_package_get_internal_id (package));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (title, "monospace");
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (labels), title);

  if (op != NULL)
    /* Translators: carrier · time · who received it, in a list row. */
    meta = g_strdup_printf (C_ ("intake row", "%s · %s · %s"), carrier_text (package), clock, op);
  else
    /* Translators: carrier · time, in a list row. */
    meta = g_strdup_printf (C_ ("intake row", "%s · %s"), carrier_text (package), clock);
  subtitle = gtk_label_new (meta);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (labels), subtitle);

  who = gtk_label_new (recipient != NULL ? recipient : _ ("No recipient yet"));
  gtk_label_set_xalign (GTK_LABEL (who), 0);
  gtk_label_set_ellipsize (GTK_LABEL (who), PANGO_ELLIPSIZE_END);
  if (recipient == NULL)
    gtk_widget_add_css_class (who, "dim-label");
  gtk_box_append (GTK_BOX (labels), who);
  gtk_box_append (GTK_BOX (box), labels);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "mr-package-id", g_strdup (mr_package_get_id (package)),
                          g_free);
  /* Translators: how a screen reader reads a row of the intake list:
   * tracking number, carrier and time, then the recipient. */
  a11y = g_strdup_printf (C_ ("intake row", "%s, %s, %s"), gtk_label_get_text (GTK_LABEL (title)),
                          meta, gtk_label_get_text (GTK_LABEL (who)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return row;
}

static void
update_count (MrReceivingPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->intake));
  g_autofree char *text = NULL;

  text = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "%u package received here", "%u packages received here", n), n);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "intake" : "empty");
  /* With nothing received yet, the view itself takes the focus (not the
   * buttons of the empty state, which a stray Enter would press): keys
   * must reach it for scans to be seen. */
  gtk_widget_set_focusable (GTK_WIDGET (self), n == 0);
}

static gboolean
find_in_intake (MrReceivingPage *self, const char *id, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->intake));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrPackage) p = g_list_model_get_item (G_LIST_MODEL (self->intake), i);

      if (g_strcmp0 (mr_package_get_id (p), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
mr_receiving_page_add_received (MrReceivingPage *self, MrPackage *package, gboolean take_focus)
{
  guint n;
  GtkListBoxRow *row;

  g_list_store_insert (self->intake, 0, package);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->intake));
  if (n > MR_RECEIVING_MAX_ROWS)
    g_list_store_splice (self->intake, MR_RECEIVING_MAX_ROWS, n - MR_RECEIVING_MAX_ROWS, NULL, 0);
  update_count (self);
  /* A package saved by a retry does not take the form from under the
   * clerk's hands, unless nothing is being filled in. */
  if (!take_focus && self->current_id != NULL)
    return;
  row = gtk_list_box_get_row_at_index (self->intake_list, 0);
  gtk_list_box_select_row (self->intake_list, row);
  if (take_focus)
    mr_receiving_page_focus_next_field (self);
}

gboolean
mr_receiving_page_select (MrReceivingPage *self, const char *package_id)
{
  guint position;

  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), FALSE);
  if (!find_in_intake (self, package_id, &position))
    return FALSE;
  gtk_list_box_select_row (self->intake_list,
                           gtk_list_box_get_row_at_index (self->intake_list, (int) position));
  return TRUE;
}

/* Another window, a sync or our own package.set changed a package of the
 * list: its row is rebuilt, keeping the selection (and the focus). */
static void
refresh_package (MrReceivingPage *self, const char *id)
{
  g_autoptr (MrPackage) package = NULL;
  GtkListBoxRow *row;
  gboolean selected, had_focus;
  guint position;

  if (!find_in_intake (self, id, &position))
    return;
  package = mr_store_get_package (self->store, id);
  if (package == NULL)
    return;
  row = gtk_list_box_get_row_at_index (self->intake_list, (int) position);
  selected = row != NULL && gtk_list_box_row_is_selected (row);
  had_focus = row != NULL && mr_widget_has_focus_within (GTK_WIDGET (row));
  self->updating = TRUE;
  g_list_store_splice (self->intake, position, 1, (gpointer *) &package, 1);
  row = gtk_list_box_get_row_at_index (self->intake_list, (int) position);
  if (selected)
    gtk_list_box_select_row (self->intake_list, row);
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  self->updating = FALSE;
  if (g_strcmp0 (id, self->current_id) == 0)
    mr_receiving_page_show_package (self, id);
}

/* A key typed while the focus is not in a field: in the chooser, a digit
 * picks that carrier. */
static gboolean
scanner_typed_cb (MrReceivingScanner *scanner, guint ch, GtkWidget *focus, MrReceivingPage *self)
{
  GtkWidget *list = GTK_WIDGET (self->carrier_list);

  if (focus == NULL || self->candidates == NULL || !gtk_widget_get_visible (self->carrier_box))
    return FALSE;
  if (focus != list && !gtk_widget_is_ancestor (focus, list))
    return FALSE;
  if (ch >= '1' && ch <= '9')
    {
      mr_receiving_page_choose_carrier (self, ch - '1');
      return TRUE;
    }
  return FALSE;
}

static void
scanner_scan_cb (MrReceivingScanner *scanner, const char *text, MrReceivingPage *self)
{
  mr_receiving_page_handle_scan (self, text);
}

/* Filling the form */

guint
mr_receiving_page_place_index (MrReceivingPage *self, const char *place_id)
{
  for (guint i = 1; place_id != NULL && i < self->place_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->place_ids, i), place_id) == 0)
      return i;
  return 0;
}

void
mr_receiving_page_show_package (MrReceivingPage *self, const char *id)
{
  g_autoptr (MrPackage) package = id ? mr_store_get_package (self->store, id) : NULL;
  const char *number, *service, *size, *op;
  g_autofree char *clock = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *carrier = NULL;
  GString *warnings;
  gboolean was = self->updating;
  gboolean switched = g_strcmp0 (id, self->current_id) != 0;
  guint size_index = 0;

  if (switched)
    {
      mr_receiving_page_save_notes (self);
      g_free (self->current_id);
      self->current_id = g_strdup (id);
    }
  mr_receiving_page_show_custom_fields (self, package != NULL ? id : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fields_list), package != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "receiving.print-label", package != NULL);
  if (package == NULL)
    {
      gtk_label_set_text (self->tracking_label, "");
      gtk_label_set_text (self->carrier_label, "");
      gtk_label_set_text (self->meta_label, "");
      gtk_widget_set_visible (self->warning_box, FALSE);
      gtk_widget_set_visible (self->carrier_box, FALSE);
      gtk_widget_set_visible (self->print_button, FALSE);
      return;
    }

  number = mr_package_get_tracking_number (package);
  gtk_label_set_text (self->tracking_label,
                      number != NULL ? number : mr_package_get_internal_id (package));
  service = mr_package_get_service (package);
  if (service != NULL && service[0] != '\0' &&
      g_strcmp0 (service, mr_package_get_carrier (package)) != 0)
    /* Translators: a carrier and its service, "UPS — UPS Ground". */
    carrier = g_strdup_printf (_ ("%s — %s"), carrier_text (package), service);
  else
    carrier = g_strdup (carrier_text (package));
  gtk_label_set_text (self->carrier_label, carrier);

  clock = format_clock (mr_package_get_received_at (package));
  op = operator_text (self, package);
  if (op != NULL)
    /* Translators: the time a package was received, who received it, and
     * the internal ID it was given ("MR-…"). */
    meta = g_strdup_printf (_ ("Received at %s by %s\nInternal ID: %s"), clock, op,
                            mr_package_get_internal_id (package));
  else
    /* Translators: the time a package was received and its internal ID. */
    meta = g_strdup_printf (_ ("Received at %s\nInternal ID: %s"), clock,
                            mr_package_get_internal_id (package));
  gtk_label_set_text (self->meta_label, meta);

  warnings = g_string_new (NULL);
  if (mr_package_get_duplicate_of (package) != NULL)
    {
      g_autofree char *when = mr_format_time_ms (mr_package_get_duplicate_received_at (package));

      /* Translators: a date and time, then an internal ID ("MR-…"). */
      g_string_append_printf (warnings,
                              _ ("Duplicate: a package with this tracking number was received on "
                                 "%s (%s). Check that it is not the same package scanned twice."),
                              when, mr_package_get_duplicate_internal_id (package));
    }
  if (number != NULL && mr_package_get_carrier (package) == NULL)
    {
      if (warnings->len > 0)
        g_string_append_c (warnings, '\n');
      g_string_append (warnings, _ ("Unknown carrier: no carrier’s rules know this number. It "
                                    "was received as scanned; check the label."));
    }
  if (mr_package_needs_label (package))
    {
      if (warnings->len > 0)
        g_string_append_c (warnings, '\n');
      g_string_append (warnings, _ ("No label: print one with the internal ID and stick it on "
                                    "the package."));
    }
  mr_receiving_page_append_custom_warning (self, warnings);
  gtk_label_set_text (self->warning_label, warnings->str);
  gtk_widget_set_visible (self->warning_box, warnings->len > 0);
  g_string_free (warnings, TRUE);
  gtk_widget_set_visible (self->print_button, mr_package_needs_label (package));

  mr_receiving_page_fill_carrier_chooser (self, package);

  self->updating = TRUE;
  /* What the clerk is typing stays, unless another package was chosen. */
  if (switched || !mr_widget_has_focus_within (GTK_WIDGET (self->recipient_row)) ||
      mr_package_get_recipient_id (package) != NULL)
    mr_receiving_page_set_recipient_text (self, mr_package_get_recipient_name (package));
  size = mr_package_get_size (package);
  for (guint i = 1; size != NULL && i < MR_RECEIVING_N_SIZES; i++)
    if (g_strcmp0 (size, mr_receiving_size_codes[i]) == 0)
      size_index = i;
  gtk_drop_down_set_selected (self->size_dropdown, size_index);
  gtk_spin_button_set_value (self->pieces_spin, MAX (mr_package_get_pieces (package), 1));
  gtk_drop_down_set_selected (
    self->place_dropdown, mr_receiving_page_place_index (self, mr_package_get_place_id (package)));
  if (switched || !mr_widget_has_focus_within (GTK_WIDGET (self->notes_row)))
    gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                           mr_package_get_notes (package) ? mr_package_get_notes (package) : "");
  self->updating = was;
}

static void
intake_row_selected_cb (MrReceivingPage *self, GtkListBoxRow *row)
{
  if (self->updating)
    return;
  mr_receiving_page_show_package (
    self, row != NULL ? g_object_get_data (G_OBJECT (row), "mr-package-id") : NULL);
}

void
mr_receiving_page_focus_next_field (MrReceivingPage *self)
{
  if (self->candidates != NULL && gtk_widget_get_visible (self->carrier_box))
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->carrier_list, 0);

      if (first != NULL && gtk_widget_grab_focus (GTK_WIDGET (first)))
        return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->recipient_row));
}

static void
store_changed_cb (MrReceivingPage *self, const char *entity, const char *id)
{
  if (g_strcmp0 (entity, "package") == 0 && id != NULL)
    refresh_package (self, id);
  else if (g_strcmp0 (entity, "place") == 0)
    mr_receiving_page_load_places (self);
  else if (g_strcmp0 (entity, "contact") == 0 && self->contacts != NULL)
    mr_contact_list_refresh (self->contacts);
}

static void
receive_without_label_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  g_free (mr_receiving_page_receive_without_label (MR_RECEIVING_PAGE (widget)));
}

static void
print_label_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  MrReceivingPage *self = MR_RECEIVING_PAGE (widget);
  const char *ids[] = { self->current_id, NULL };
  GtkWidget *window;

  if (self->current_id == NULL)
    return;
  window = mr_label_print_window_new_for_ids (self->store, "package", ids);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (window));
}

static void
retry_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  mr_receiving_page_retry_now (MR_RECEIVING_PAGE (widget));
}

/* Layout: one column when narrow (down to 360 px), the form beside the
 * list when wide. GTK 4.8 has no breakpoints: the orientation changes
 * after an allocation, never during one. */

static void
apply_layout (MrReceivingPage *self)
{
  GtkOrientation orientation = self->wide ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->intake_box), orientation);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->column_separator),
                                  self->wide ? GTK_ORIENTATION_VERTICAL
                                             : GTK_ORIENTATION_HORIZONTAL);
  gtk_scrolled_window_set_propagate_natural_height (self->form_scroller, !self->wide);
  gtk_scrolled_window_set_max_content_height (self->form_scroller, self->wide ? -1 : 480);
  gtk_widget_set_vexpand (GTK_WIDGET (self->form_scroller), self->wide);
  gtk_widget_set_size_request (GTK_WIDGET (self->form_scroller), self->wide ? 440 : -1, -1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->form_scroller), FALSE);
}

static gboolean
layout_idle_cb (gpointer data)
{
  MrReceivingPage *self = data;

  self->layout_idle_id = 0;
  apply_layout (self);
  return G_SOURCE_REMOVE;
}

static GtkSizeRequestMode
mr_receiving_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
mr_receiving_page_measure (GtkWidget *widget,
                           GtkOrientation orientation,
                           int for_size,
                           int *minimum,
                           int *natural,
                           int *minimum_baseline,
                           int *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
}

static void
mr_receiving_page_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  MrReceivingPage *self = MR_RECEIVING_PAGE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  gboolean wide = width >= WIDE_LAYOUT_PX;

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
  if (wide != self->wide)
    {
      self->wide = wide;
      if (self->layout_idle_id == 0)
        self->layout_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, layout_idle_cb, self, NULL);
    }
}

static gboolean
mr_receiving_page_grab_focus (GtkWidget *widget)
{
  MrReceivingPage *self = MR_RECEIVING_PAGE (widget);

  if (self->current_id != NULL)
    {
      mr_receiving_page_focus_next_field (self);
      if (mr_widget_has_focus_within (widget))
        return TRUE;
    }
  return GTK_WIDGET_CLASS (mr_receiving_page_parent_class)->grab_focus (widget);
}

static void
mr_receiving_page_constructed (GObject *object)
{
  MrReceivingPage *self = (MrReceivingPage *) object;
  g_autoptr (GtkStringList) sizes = NULL;
  GtkDropTarget *drop;
  GtkEventController *keys;
  g_autoptr (GtkExpression) expression = NULL;

  G_OBJECT_CLASS (mr_receiving_page_parent_class)->constructed (object);
  g_assert (MR_IS_STORE (self->store));

  self->scanner = mr_receiving_scanner_new (GTK_WIDGET (self), self->settings);
  g_signal_connect_object (self->scanner, "scan", G_CALLBACK (scanner_scan_cb), self, 0);
  g_signal_connect_object (self->scanner, "typed", G_CALLBACK (scanner_typed_cb), self, 0);

  self->intake = g_list_store_new (MR_TYPE_PACKAGE);
  gtk_list_box_bind_model (self->intake_list, G_LIST_MODEL (self->intake), create_intake_row, self,
                           NULL);
  self->contacts = mr_contact_list_new (self->store);

  sizes = gtk_string_list_new (NULL);
  /* Translators: no size given, in the size drop-down. */
  gtk_string_list_append (sizes, C_ ("size", "None"));
  for (guint i = 1; i < MR_RECEIVING_N_SIZES; i++)
    /* The sizes are codes people know as such; "custom" is a word. */
    gtk_string_list_append (sizes, g_str_equal (mr_receiving_size_codes[i], "custom")
                                     ? C_ ("size", "Custom")
                                     : mr_receiving_size_codes[i]);
  gtk_drop_down_set_model (self->size_dropdown, G_LIST_MODEL (sizes));
  g_signal_connect_object (self->size_dropdown, "notify::selected",
                           G_CALLBACK (mr_receiving_page_size_selected_cb), self,
                           G_CONNECT_SWAPPED);

  self->place_ids = g_ptr_array_new_with_free_func (g_free);
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->place_dropdown, expression);
  mr_receiving_page_load_places (self);
  mr_receiving_page_custom_fields_init (self);
  g_signal_connect_object (self->place_dropdown, "notify::selected",
                           G_CALLBACK (mr_receiving_page_place_selected_cb), self,
                           G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (mr_receiving_page_recipient_key_cb),
                           self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->recipient_row), keys);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (mr_receiving_page_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);

  mr_receiving_page_intake_init (self);
  mr_receiving_page_set_status (
    self, MR_RECEIVING_STATUS_READY,
    _ ("Ready: scan a package anywhere in this view, or a badge to name its recipient"));
  mr_receiving_page_show_package (self, NULL);
  update_count (self);
  apply_layout (self);
}

static void
mr_receiving_page_dispose (GObject *object)
{
  MrReceivingPage *self = (MrReceivingPage *) object;

  /* Notes typed and not applied yet are kept; then nothing the widgets
   * do while they go away (a row unselected) reaches the store. */
  if (self->notes_row != NULL)
    mr_receiving_page_save_notes (self);
  mr_receiving_page_intake_dispose (self);
  self->updating = TRUE;
  if (self->intake_list != NULL)
    gtk_list_box_bind_model (self->intake_list, NULL, NULL, NULL, NULL);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->layout_idle_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_object (&self->scanner);
  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_RECEIVING_PAGE);
  G_OBJECT_CLASS (mr_receiving_page_parent_class)->dispose (object);
}

static void
mr_receiving_page_finalize (GObject *object)
{
  MrReceivingPage *self = (MrReceivingPage *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->intake);
  g_clear_object (&self->contacts);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->place_ids, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->decoded, g_ptr_array_unref);
  g_free (self->current_id);
  g_free (self->place_id);
  g_free (self->status);
  G_OBJECT_CLASS (mr_receiving_page_parent_class)->finalize (object);
}

static void
mr_receiving_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrReceivingPage *self = MR_RECEIVING_PAGE (object);

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
mr_receiving_page_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  MrReceivingPage *self = MR_RECEIVING_PAGE (object);

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
mr_receiving_page_class_init (MrReceivingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_receiving_page_constructed;
  object_class->dispose = mr_receiving_page_dispose;
  object_class->finalize = mr_receiving_page_finalize;
  object_class->get_property = mr_receiving_page_get_property;
  object_class->set_property = mr_receiving_page_set_property;
  widget_class->get_request_mode = mr_receiving_page_get_request_mode;
  widget_class->measure = mr_receiving_page_measure;
  widget_class->size_allocate = mr_receiving_page_size_allocate;
  widget_class->grab_focus = mr_receiving_page_grab_focus;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-receiving-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, retry_revealer);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, retry_label);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, retry_error_label);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, retry_list_label);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, intake_box);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, form_scroller);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, column_separator);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, list_column);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, tracking_label);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, carrier_label);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, warning_box);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, carrier_box);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, carrier_list);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, fields_list);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, suggestion_row);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, suggestion_list);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, pieces_spin);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, place_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, notes_row);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, MrReceivingPage, intake_list);
  gtk_widget_class_bind_template_callback_full (
    widget_class, "carrier_row_activated_cb",
    G_CALLBACK (mr_receiving_page_carrier_row_activated_cb));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "recipient_changed_cb", G_CALLBACK (mr_receiving_page_recipient_changed_cb));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "recipient_activated_cb", G_CALLBACK (mr_receiving_page_recipient_activated_cb));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "suggestion_activated_cb",
    G_CALLBACK (mr_receiving_page_suggestion_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "pieces_changed_cb",
                                                G_CALLBACK (mr_receiving_page_pieces_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "notes_apply_cb",
                                                G_CALLBACK (mr_receiving_page_notes_apply_cb));
  gtk_widget_class_bind_template_callback (widget_class, intake_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "receiving.open-file", NULL,
                                   mr_receiving_page_open_file_activated);
  gtk_widget_class_install_action (widget_class, "receiving.receive-without-label", NULL,
                                   receive_without_label_activated);
  gtk_widget_class_install_action (widget_class, "receiving.print-label", NULL,
                                   print_label_activated);
  gtk_widget_class_install_action (widget_class, "receiving.retry", NULL, retry_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "receiving.open-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "receiving.receive-without-label", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "receiving.print-label", NULL);
}

static void
mr_receiving_page_init (MrReceivingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwBin lays its child out with a GtkBinLayout, which would never
   * call size_allocate: this page does it, to see its width. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  self->settings = mr_settings_new ();
  self->cancellable = g_cancellable_new ();
  self->decoded = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_decoded_symbol_free);
  self->ack_fd = -1;
}

GtkWidget *
mr_receiving_page_new (MrStore *store)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_RECEIVING_PAGE, "store", store, NULL);
}

GListModel *
mr_receiving_page_get_intake (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), NULL);
  return G_LIST_MODEL (self->intake);
}

const char *
mr_receiving_page_get_current_id (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), NULL);
  return self->current_id;
}

const char *
mr_receiving_page_get_status (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), NULL);
  return self->status;
}

guint
mr_receiving_page_get_n_pending (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), 0);
  return self->pending != NULL ? self->pending->len : 0;
}

const char *
mr_receiving_page_get_pending (MrReceivingPage *self, guint index)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), NULL);
  if (self->pending == NULL || index >= self->pending->len)
    return NULL;
  return ((MrReceivingPending *) g_ptr_array_index (self->pending, index))->text;
}

guint
mr_receiving_page_get_n_carrier_choices (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), 0);
  if (self->candidates == NULL || !gtk_widget_get_visible (self->carrier_box))
    return 0;
  return self->candidates->len;
}

GtkWidget *
mr_receiving_page_get_recipient_row (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), NULL);
  return GTK_WIDGET (self->recipient_row);
}

GtkWidget *
mr_receiving_page_get_carrier_list (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), NULL);
  return GTK_WIDGET (self->carrier_list);
}

guint
mr_receiving_page_get_n_suggestions (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), 0);
  return gtk_widget_get_visible (self->suggestion_row) ? mr_receiving_page_count_suggestions (self)
                                                       : 0;
}

int
mr_receiving_page_get_suggestion_index (MrReceivingPage *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), -1);
  row = gtk_list_box_get_selected_row (self->suggestion_list);
  return row != NULL ? gtk_list_box_row_get_index (row) : -1;
}

GtkWindow *
mr_receiving_page_get_dialog (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), NULL);
  return self->dialog;
}
