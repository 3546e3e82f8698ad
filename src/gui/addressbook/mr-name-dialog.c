/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-name-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-name-dialog.h"
#include "mr-store.h"

/* The small dialog that names a department, a place or an organisational
 * unit. It does not know what it names: the page that opened it handles
 * ::save by applying a mutation, and reports a refusal back with
 * mr_name_dialog_set_error() so the dialog stays open with the user's text
 * and an inline explanation next to the field at fault. */

struct _MrNameDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkButton *save_button;
  AdwEntryRow *name_row;
  AdwEntryRow *code_row;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (MrNameDialog, mr_name_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_error (MrNameDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->code_row), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->name_row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->code_row), GTK_ACCESSIBLE_STATE_INVALID);
}

static void
entry_changed_cb (MrNameDialog *self)
{
  /* The message described the old text; once the user edits it, it is
   * stale. */
  clear_error (self);
}

static void
entry_activated_cb (MrNameDialog *self)
{
  mr_name_dialog_save (self);
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mr_name_dialog_save (MR_NAME_DIALOG (widget));
}

static void
mr_name_dialog_class_init (MrNameDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * MrNameDialog::save:
   *
   * Emitted when the user saves. The handler applies the change and
   * returns %TRUE to close the dialog, or reports the problem with
   * mr_name_dialog_set_error() and returns %FALSE to keep it open.
   */
  signals[SAVE] = g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-name-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MrNameDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MrNameDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, MrNameDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, MrNameDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, MrNameDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mr_name_dialog_init (MrNameDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* ERROR_MESSAGE takes one reference, not a NULL-terminated list: a NULL
   * here would be read as the next relation and crash GTK under AT-SPI. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->name_row),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->code_row),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label, -1);
}

/**
 * mr_name_dialog_new:
 * @parent: (nullable): a widget of the window the dialog belongs to
 * @title: the dialog's title, e.g. “New Department”
 * @subtitle: (nullable): where the record goes, e.g. a place's path
 * @save_label: the mnemonic label of the save button, e.g. “_Add”
 * @with_code: whether to ask for an optional code as well
 *
 * Returns: (transfer none): a new dialog, not yet presented; it destroys
 *   itself when closed
 */
MrNameDialog *
mr_name_dialog_new (GtkWidget *parent,
                    const char *title,
                    const char *subtitle,
                    const char *save_label,
                    gboolean with_code)
{
  MrNameDialog *self = g_object_new (MR_TYPE_NAME_DIALOG, NULL);
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_button_set_label (self->save_button, save_label);
  gtk_widget_set_visible (GTK_WIDGET (self->code_row), with_code);
  /* Type straight away; Enter saves, Escape cancels. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

const char *
mr_name_dialog_get_name (MrNameDialog *self)
{
  g_return_val_if_fail (MR_IS_NAME_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

void
mr_name_dialog_set_name (MrNameDialog *self, const char *name)
{
  g_return_if_fail (MR_IS_NAME_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  /* Renaming usually means retyping: select it all, like a file manager. */
  gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
}

const char *
mr_name_dialog_get_code (MrNameDialog *self)
{
  g_return_val_if_fail (MR_IS_NAME_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->code_row));
}

void
mr_name_dialog_set_code (MrNameDialog *self, const char *code)
{
  g_return_if_fail (MR_IS_NAME_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code ? code : "");
}

/**
 * mr_name_dialog_get_error:
 *
 * Returns: (nullable): the message shown under the fields, if any
 */
const char *
mr_name_dialog_get_error (MrNameDialog *self)
{
  g_return_val_if_fail (MR_IS_NAME_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

/**
 * mr_name_dialog_set_error:
 * @error: the refusal, usually an #MR_STORE_ERROR naming a field
 *
 * Shows @error's (translated) message under the fields and marks the field
 * it names, then gives that field the focus so the user can correct it.
 */
void
mr_name_dialog_set_error (MrNameDialog *self, const GError *error)
{
  const char *field;
  GtkWidget *row;

  g_return_if_fail (MR_IS_NAME_DIALOG (self));
  g_return_if_fail (error != NULL);

  field = mr_store_error_get_field (error);
  row = g_strcmp0 (field, "code") == 0 ? GTK_WIDGET (self->code_row) : GTK_WIDGET (self->name_row);

  clear_error (self);
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (field != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  gtk_widget_grab_focus (row);
}

/**
 * mr_name_dialog_save:
 *
 * What the save button and Enter do: asks the ::save handler to apply the
 * change, and closes the dialog if it succeeded.
 */
void
mr_name_dialog_save (MrNameDialog *self)
{
  gboolean saved = FALSE;

  g_return_if_fail (MR_IS_NAME_DIALOG (self));

  g_signal_emit (self, signals[SAVE], 0, &saved);
  if (saved)
    gtk_window_destroy (GTK_WINDOW (self));
}
