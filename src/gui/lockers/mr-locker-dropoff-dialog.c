/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-locker-dropoff-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-barcode.h"
#include "mr-label-layouts.h"
#include "mr-locker-dropoff-dialog.h"
#include "mr-locker-ops-utils.h"
#include "mr-lockers.h"
#include "widgets/mr-gui-utils.h"

/* A scanner types the tracking number and presses Enter: Enter drops the
 * package off at once, in the door the rules choose unless one was
 * picked. The core does the choosing and refuses with a translated
 * reason; the dialog shows it under the fields and changes nothing. The
 * pickup code exists only in this dialog's memory (the store keeps a
 * hash), so it is wiped when the dialog moves on or closes. */

struct _MrLockerDropoffDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  GtkButton *cancel_button;
  GtkButton *another_button;
  GtkButton *dropoff_button;
  GtkButton *done_button;
  GtkStack *stack;
  AdwEntryRow *package_row;
  AdwActionRow *package_info_row;
  AdwComboRow *bank_row;
  AdwComboRow *door_row;
  GtkLabel *error_label;
  GtkLabel *door_label;
  GtkLabel *reason_label;
  GtkWidget *code_box;
  GtkLabel *code_label;
  GtkDrawingArea *qr_area;
  GtkLabel *joined_label;
  GtkLabel *expires_label;

  /* owned */
  MrStore *store;
  GPtrArray *bank_ids; /* in bank_row's order */
  GPtrArray *door_ids; /* in door_row's order; NULL first: automatically */
  GtkStringList *door_names;
  MrBarcode *qr;
  char *door_number;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (MrLockerDropoffDialog, mr_locker_dropoff_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_error (MrLockerDropoffDialog *self)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->package_row), GTK_WIDGET (self->bank_row),
                        GTK_WIDGET (self->door_row) };

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    mr_locker_row_set_invalid (rows[i], FALSE);
}

/* The core's "no locker" refusal starts with the sentence operators know
 * (the same words in every product they use): in bold, before the reason
 * and what to do. */
static void
set_error_text (GtkLabel *label, const char *message)
{
  const char *headline = _ ("No lockers are currently available in selected locker bank");
  g_autofree char *head = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *markup = NULL;

  if (!g_str_has_prefix (message, headline))
    {
      gtk_label_set_text (label, message);
      return;
    }
  head = g_markup_escape_text (headline, -1);
  rest = g_markup_escape_text (message + strlen (headline), -1);
  markup = g_strdup_printf ("<b>%s</b>%s", head, rest);
  gtk_label_set_markup (label, markup);
}

static void
show_error (MrLockerDropoffDialog *self, const char *message, const char *field)
{
  GtkWidget *row = GTK_WIDGET (self->package_row);

  if (g_strcmp0 (field, "locker_id") == 0)
    row = GTK_WIDGET (self->door_row);
  else if (g_strcmp0 (field, "bank_id") == 0)
    row = GTK_WIDGET (self->bank_row);

  clear_error (self);
  set_error_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  mr_locker_row_set_invalid (row, TRUE);
  /* The package field keeps the focus, its text selected: the next scan
   * replaces it. */
  if (row == GTK_WIDGET (self->package_row))
    {
      gtk_widget_grab_focus (row);
      gtk_editable_select_region (GTK_EDITABLE (self->package_row), 0, -1);
    }
  else
    gtk_widget_grab_focus (row);
}

/* Wipes the code from the labels and the QR code. */
static void
forget_code (MrLockerDropoffDialog *self)
{
  gtk_label_set_text (self->code_label, "");
  g_clear_pointer (&self->qr, mr_barcode_free);
  gtk_widget_queue_draw (GTK_WIDGET (self->qr_area));
}

static const char *
selected_bank (MrLockerDropoffDialog *self)
{
  guint i = adw_combo_row_get_selected (self->bank_row);

  if (self->bank_ids == NULL || i >= self->bank_ids->len)
    return NULL;
  return g_ptr_array_index (self->bank_ids, i);
}

static void
load_doors (MrLockerDropoffDialog *self, const char *select_id)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (MrLockerMap) map = NULL;
  const char *bank_id = selected_bank (self);
  guint selected = 0;

  g_clear_pointer (&self->door_ids, g_ptr_array_unref);
  self->door_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->door_ids, NULL);
  g_ptr_array_add (names, g_strdup (_ ("Choose automatically")));
  if (bank_id != NULL)
    map = mr_locker_map_load (self->store, bank_id, NULL);
  for (guint i = 0; map != NULL && i < map->doors->len; i++)
    {
      const MrLockerDoor *door = &g_array_index (map->doors, MrLockerDoor, i);

      /* A door out of service takes nothing; the core refuses the rest
       * (too small, someone else's) with the reason. */
      if (door->status == MR_LOCKER_OUT_OF_SERVICE)
        continue;
      if (g_strcmp0 (door->id, select_id) == 0)
        selected = self->door_ids->len;
      g_ptr_array_add (self->door_ids, g_strdup (door->id));
      /* Translators: a door in the drop-off dialog's list: its number,
       * its size (XS…XL) and its status (Available, Occupied…). */
      g_ptr_array_add (names, g_strdup_printf (_ ("Door %s — %s, %s"), door->number,
                                               mr_locker_size_to_string (door->size),
                                               mr_locker_status_get_label (door->status)));
    }
  g_ptr_array_add (names, NULL);

  self->loading = TRUE;
  gtk_string_list_splice (self->door_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->door_names)),
                          (const char *const *) names->pdata);
  adw_combo_row_set_selected (self->door_row, selected);
  self->loading = FALSE;
}

static void
load_banks (MrLockerDropoffDialog *self, const char *select_id)
{
  self->loading = TRUE;
  g_clear_pointer (&self->bank_ids, g_ptr_array_unref);
  self->bank_ids = mr_locker_bank_row_fill (self->bank_row, self->store, select_id);
  self->loading = FALSE;
}

static void
bank_selected_cb (MrLockerDropoffDialog *self)
{
  if (self->loading)
    return;
  clear_error (self);
  load_doors (self, NULL);
}

static void
door_selected_cb (MrLockerDropoffDialog *self)
{
  if (!self->loading)
    clear_error (self);
}

/* Who the package is for, under the field, once the text names one. */
static void
package_changed_cb (MrLockerDropoffDialog *self)
{
  g_autofree char *text =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->package_row))));
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) records = NULL;
  GHashTable *r;
  const char *keys[2] = { NULL, NULL };
  const char *recipient, *tracking, *carrier, *department;
  g_autofree char *subtitle = NULL;

  clear_error (self);
  id = mr_locker_find_package (self->store, text);
  keys[0] = id;
  if (id != NULL)
    records = mr_store_get_label_records (self->store, "package", keys, NULL);
  if (records == NULL || records->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->package_info_row), FALSE);
      return;
    }
  r = g_ptr_array_index (records, 0);
  recipient = g_hash_table_lookup (r, "recipient");
  department = g_hash_table_lookup (r, "department");
  tracking = g_hash_table_lookup (r, "tracking_number");
  carrier = g_hash_table_lookup (r, "carrier");
  if (recipient == NULL || *recipient == '\0')
    recipient = department;
  if (tracking == NULL || *tracking == '\0')
    tracking = g_hash_table_lookup (r, "internal_id");
  if (carrier != NULL && *carrier != '\0')
    /* Translators: a package under the drop-off field: tracking number
     * (or internal ID) and carrier. */
    subtitle = g_strdup_printf (_ ("%s · %s"), tracking ? tracking : "", carrier);
  else
    subtitle = g_strdup (tracking ? tracking : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->package_info_row),
                                 recipient && *recipient ? recipient : _ ("No recipient"));
  adw_action_row_set_subtitle (self->package_info_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->package_info_row), TRUE);
}

static void
package_activated_cb (MrLockerDropoffDialog *self)
{
  mr_locker_dropoff_dialog_drop_off (self);
}

static void
qr_draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MrLockerDropoffDialog *self = data;
  int total, module, x, y, q;

  if (self->qr == NULL)
    return;
  /* Black on white whatever the style: readers want a light quiet zone. */
  total = (int) mr_barcode_get_total_columns (self->qr);
  /* Whole pixels per module: no blurred edges. */
  module = MAX (1, MIN (width, height) / total);
  q = (int) mr_barcode_get_quiet_zone (self->qr);
  x = (width - total * module) / 2;
  y = (height - total * module) / 2;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, total * module, total * module);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  mr_barcode_draw (self->qr, cr, x + q * module, y + q * module, module, 0);
}

static const char *
reason_text (const char *reason)
{
  if (g_strcmp0 (reason, "dedicated") == 0)
    return _ ("The recipient’s dedicated locker");
  if (g_strcmp0 (reason, "reserved") == 0)
    return _ ("The locker reserved for this delivery");
  if (g_strcmp0 (reason, "existing") == 0)
    return _ ("With the recipient’s other packages");
  if (g_strcmp0 (reason, "free") == 0)
    return _ ("The smallest free door that fits");
  return _ ("The door you chose");
}

/* "12345678" as "1234 5678": easier to read out and copy. */
static char *
format_code (const char *code)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; code[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (s, ' ');
      g_string_append_c (s, code[i]);
    }
  return g_string_free (s, FALSE);
}

static void
show_result (MrLockerDropoffDialog *self, const MrLockerDropoff *out)
{
  g_autofree char *door = NULL;
  g_autofree char *expires = NULL;

  g_free (self->door_number);
  self->door_number = g_strdup (out->locker_number);
  /* Translators: the door a package was just put in, in large type. */
  door = g_strdup_printf (_ ("Door %s"), out->locker_number);
  gtk_label_set_text (self->door_label, door);
  gtk_label_set_text (self->reason_label, reason_text (out->reason));

  forget_code (self);
  if (out->code != NULL)
    {
      g_autofree char *shown = format_code (out->code);
      g_autofree char *payload = mr_locker_code_qr_payload (out->code);
      g_autoptr (GError) error = NULL;

      gtk_label_set_text (self->code_label, shown);
      self->qr = mr_barcode_encode (MR_BARCODE_QR, payload, &error);
      if (self->qr == NULL)
        g_warning ("Could not make the pickup QR code: %s", error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->qr_area), self->qr != NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self->qr_area));
      memset (shown, 0, strlen (shown));
      memset (payload, 0, strlen (payload));
    }
  gtk_widget_set_visible (self->code_box, out->code != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->joined_label), out->code == NULL);

  if (out->expires_ms > 0)
    {
      g_autofree char *when = mr_format_time_ms (out->expires_ms);

      /* Translators: %s is a date and time. */
      expires = g_strdup_printf (_ ("To be picked up by %s"), when);
    }
  gtk_label_set_text (self->expires_label, expires ? expires : "");
  gtk_widget_set_visible (GTK_WIDGET (self->expires_label), expires != NULL);

  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->dropoff_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->another_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
}

static void
dropoff_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_locker_dropoff_dialog_drop_off (MR_LOCKER_DROPOFF_DIALOG (widget));
}

/* Back to the form for the next package, in the same bank. */
static void
another_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockerDropoffDialog *self = MR_LOCKER_DROPOFF_DIALOG (widget);

  forget_code (self);
  g_clear_pointer (&self->door_number, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->package_row), "");
  load_doors (self, NULL);
  clear_error (self);
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_visible (GTK_WIDGET (self->another_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->dropoff_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->package_row));
}

static void
mr_locker_dropoff_dialog_constructed (GObject *object)
{
  MrLockerDropoffDialog *self = MR_LOCKER_DROPOFF_DIALOG (object);

  G_OBJECT_CLASS (mr_locker_dropoff_dialog_parent_class)->constructed (object);
  g_assert (MR_IS_STORE (self->store));
  load_banks (self, NULL);
  load_doors (self, NULL);
}

static void
mr_locker_dropoff_dialog_dispose (GObject *object)
{
  MrLockerDropoffDialog *self = MR_LOCKER_DROPOFF_DIALOG (object);

  if (self->code_label != NULL)
    forget_code (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), MR_TYPE_LOCKER_DROPOFF_DIALOG);
  g_clear_pointer (&self->qr, mr_barcode_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (mr_locker_dropoff_dialog_parent_class)->dispose (object);
}

static void
mr_locker_dropoff_dialog_finalize (GObject *object)
{
  MrLockerDropoffDialog *self = MR_LOCKER_DROPOFF_DIALOG (object);

  g_clear_pointer (&self->bank_ids, g_ptr_array_unref);
  g_clear_pointer (&self->door_ids, g_ptr_array_unref);
  g_clear_object (&self->door_names);
  g_free (self->door_number);
  G_OBJECT_CLASS (mr_locker_dropoff_dialog_parent_class)->finalize (object);
}

static void
mr_locker_dropoff_dialog_set_property (GObject *object,
                                       guint prop_id,
                                       const GValue *value,
                                       GParamSpec *pspec)
{
  MrLockerDropoffDialog *self = MR_LOCKER_DROPOFF_DIALOG (object);

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
mr_locker_dropoff_dialog_get_property (GObject *object,
                                       guint prop_id,
                                       GValue *value,
                                       GParamSpec *pspec)
{
  MrLockerDropoffDialog *self = MR_LOCKER_DROPOFF_DIALOG (object);

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
mr_locker_dropoff_dialog_class_init (MrLockerDropoffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_locker_dropoff_dialog_constructed;
  object_class->dispose = mr_locker_dropoff_dialog_dispose;
  object_class->finalize = mr_locker_dropoff_dialog_finalize;
  object_class->set_property = mr_locker_dropoff_dialog_set_property;
  object_class->get_property = mr_locker_dropoff_dialog_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/gnome/Mailroom/ui/mr-locker-dropoff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, another_button);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, dropoff_button);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, package_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, package_info_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, bank_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, door_row);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, door_label);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, code_box);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, qr_area);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, joined_label);
  gtk_widget_class_bind_template_child (widget_class, MrLockerDropoffDialog, expires_label);
  gtk_widget_class_bind_template_callback (widget_class, package_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, package_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, bank_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, door_selected_cb);

  gtk_widget_class_install_action (widget_class, "dropoff.dropoff", NULL, dropoff_action);
  gtk_widget_class_install_action (widget_class, "dropoff.another", NULL, another_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_locker_dropoff_dialog_init (MrLockerDropoffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->door_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->door_row, G_LIST_MODEL (self->door_names));
  gtk_drawing_area_set_draw_func (self->qr_area, qr_draw_cb, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr_area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("QR code of the pickup code"), -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->package_row),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label, -1);
}

MrLockerDropoffDialog *
mr_locker_dropoff_dialog_new (GtkWidget *parent,
                              MrStore *store,
                              const char *bank_id,
                              const char *locker_id)
{
  MrLockerDropoffDialog *self;
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);

  self = g_object_new (MR_TYPE_LOCKER_DROPOFF_DIALOG, "store", store, NULL);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  if (bank_id != NULL)
    {
      load_banks (self, bank_id);
      load_doors (self, locker_id);
    }
  /* Ready for the scanner. */
  gtk_widget_grab_focus (GTK_WIDGET (self->package_row));
  return self;
}

GtkEditable *
mr_locker_dropoff_dialog_get_package_entry (MrLockerDropoffDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_DROPOFF_DIALOG (self), NULL);
  return GTK_EDITABLE (self->package_row);
}

gboolean
mr_locker_dropoff_dialog_set_locker (MrLockerDropoffDialog *self, const char *locker_id)
{
  g_return_val_if_fail (MR_IS_LOCKER_DROPOFF_DIALOG (self), FALSE);
  for (guint i = 0; i < self->door_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->door_ids, i), locker_id) == 0)
      {
        adw_combo_row_set_selected (self->door_row, i);
        return TRUE;
      }
  return FALSE;
}

const char *
mr_locker_dropoff_dialog_get_locker (MrLockerDropoffDialog *self)
{
  guint i;

  g_return_val_if_fail (MR_IS_LOCKER_DROPOFF_DIALOG (self), NULL);
  i = adw_combo_row_get_selected (self->door_row);
  return i < self->door_ids->len ? g_ptr_array_index (self->door_ids, i) : NULL;
}

gboolean
mr_locker_dropoff_dialog_drop_off (MrLockerDropoffDialog *self)
{
  g_autofree char *key = NULL;
  g_autofree char *package_id = NULL;
  g_autoptr (MrLockerDropoff) out = NULL;
  g_autoptr (GError) error = NULL;
  const char *bank_id;

  g_return_val_if_fail (MR_IS_LOCKER_DROPOFF_DIALOG (self), FALSE);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") != 0)
    return FALSE;
  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->package_row))));
  if (*key == '\0')
    {
      show_error (self, _ ("Scan or type the package’s tracking number or internal ID."),
                  "package_id");
      return FALSE;
    }
  package_id = mr_locker_find_package (self->store, key);
  if (package_id == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_ ("No package has the tracking number or internal ID “%s”. Check it, "
                            "or receive the package first."),
                         key);

      show_error (self, message, "package_id");
      return FALSE;
    }
  bank_id = selected_bank (self);
  if (bank_id == NULL)
    {
      show_error (self, _ ("There is no locker bank to drop the package off in."), "bank_id");
      return FALSE;
    }
  if (!mr_locker_dropoff (self->store, package_id, bank_id,
                          mr_locker_dropoff_dialog_get_locker (self), &out, &error))
    {
      show_error (self, error->message, mr_store_error_get_field (error));
      return FALSE;
    }
  show_result (self, out);
  return TRUE;
}

const char *
mr_locker_dropoff_dialog_get_error (MrLockerDropoffDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_DROPOFF_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

const char *
mr_locker_dropoff_dialog_get_door_number (MrLockerDropoffDialog *self)
{
  g_return_val_if_fail (MR_IS_LOCKER_DROPOFF_DIALOG (self), NULL);
  return self->door_number;
}

const char *
mr_locker_dropoff_dialog_get_code (MrLockerDropoffDialog *self)
{
  const char *text;

  g_return_val_if_fail (MR_IS_LOCKER_DROPOFF_DIALOG (self), NULL);
  text = gtk_label_get_text (self->code_label);
  return text != NULL && *text != '\0' ? text : NULL;
}
