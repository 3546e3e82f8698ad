/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-import-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-import-problems.h"
#include "mr-import-window-private.h"

/* Importing a CSV file of contacts, places or the organisation, in steps:
 * choose a file → preview and map its columns → check → import → summary.
 *
 * The reading, the check and the import run in a thread (GTask) on the
 * workers' own store connection: SQLite connections belong to one thread at
 * a time, and a 100,000-row file must not freeze the window. The job and that
 * connection are handed to one operation at a time; while it runs, this side
 * only shows its progress and never touches the job. The import writes in
 * one transaction on the workers' connection, so the window's store hears
 * nothing: it is told afterwards (mr_store_notify_changed()) and every list
 * re-reads. */

G_DEFINE_FINAL_TYPE (MrImportWindow, mr_import_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_KIND,
  PROP_STEP,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The separator row's items, in order. */
const char mr_import_window_separators[MR_IMPORT_N_SEPARATORS] = { 0, ',', ';', '\t' };

/* What changes with the kind of import, indexed by MrImportKind */

static const struct
{
  const char *title;
  const char *description;
  const char *template_name;
  const char *modes[3]; /* by MrImportMode */
} kind_texts[] = {
  [MR_IMPORT_CONTACTS] = {
    N_ ("Import Contacts"),
    N_ ("Choose a CSV file of contacts: a spreadsheet, or an export of Outlook, Google Contacts "
        "or Thunderbird. Columns are recognised by their names, in English or French; you can "
        "change what each one fills before anything is imported."),
    /* Translators: the default file name of the contacts import template */
    N_ ("contacts-template.csv"),
    {
      N_ ("Rows whose Personnel ID or email is already in the address book are skipped."),
      N_ ("Contacts found by Personnel ID or email are updated from the file; the other rows "
          "are added."),
      N_ ("The file becomes the whole list: contacts that are not in it are deleted."),
    },
  },
  [MR_IMPORT_PLACES] = {
    N_ ("Import Places"),
    N_ ("Choose a CSV file of delivery places: one row per mail stop, floor, building or site. "
        "Nothing is imported before you have checked the preview."),
    /* Translators: the default file name of the places import template */
    N_ ("places-template.csv"),
    {
      N_ ("Places that already exist are skipped."),
      N_ ("Places that already exist are updated from the file; the others are added."),
      N_ ("The file becomes the whole list: places that are not in it are deleted."),
    },
  },
  [MR_IMPORT_ORG] = {
    N_ ("Import Organisation"),
    N_ ("Choose a CSV file of the organisation: one row per division or location. Nothing is "
        "imported before you have checked the preview."),
    /* Translators: the default file name of the organisation import template */
    N_ ("organisation-template.csv"),
    {
      N_ ("Divisions and locations that already exist are skipped."),
      N_ ("Divisions and locations that already exist are updated from the file; the others "
          "are added."),
      N_ ("The file becomes the whole list: divisions and locations that are not in it are "
          "deleted."),
    },
  },
};

const char *
mr_import_window_kind_title (MrImportKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_texts), NULL);
  return _ (kind_texts[kind].title);
}

static const char *
kind_description (MrImportKind kind)
{
  return _ (kind_texts[kind].description);
}

const char *
mr_import_window_template_name (MrImportKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_texts), NULL);
  return _ (kind_texts[kind].template_name);
}

const char *
mr_import_window_mode_explanation (MrImportKind kind, MrImportMode mode)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_texts), NULL);
  g_return_val_if_fail (mode <= MR_IMPORT_MODE_REPLACE, NULL);
  return _ (kind_texts[kind].modes[mode]);
}

char *
mr_import_window_delete_question (MrImportKind kind, guint n)
{
  if (kind == MR_IMPORT_CONTACTS)
    return g_strdup_printf (ngettext ("Delete %u Contact?", "Delete %u Contacts?", n), n);
  if (kind == MR_IMPORT_PLACES)
    return g_strdup_printf (ngettext ("Delete %u Place?", "Delete %u Places?", n), n);
  return g_strdup_printf (
    ngettext ("Delete %u Division or Location?", "Delete %u Divisions and Locations?", n), n);
}

/* Steps */

void
mr_import_window_set_step (MrImportWindow *self, const char *step)
{
  const char *subtitle = NULL;
  const char *next = NULL;
  gboolean back = FALSE;
  GtkWidget *focus = NULL;

  if (g_strcmp0 (self->step, step) != 0)
    {
      g_free (self->step);
      self->step = g_strdup (step);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
    }

  if (g_str_equal (step, "file"))
    {
      subtitle = _ ("Choose a File");
      next = self->job != NULL ? _ ("_Next") : NULL;
      focus = self->choose_button;
    }
  else if (g_str_equal (step, "mapping"))
    {
      subtitle = _ ("Preview and Columns");
      next = _ ("_Check");
      back = TRUE;
      if (self->dropdowns->len > 0)
        focus = g_ptr_array_index (self->dropdowns, 0);
    }
  else if (g_str_equal (step, "check"))
    {
      subtitle = _ ("Check");
      next = _ ("_Import");
      back = TRUE;
      focus = self->importable ? GTK_WIDGET (self->next_button) : self->back_button;
    }
  else if (g_str_equal (step, "progress"))
    {
      focus = self->cancel_button;
    }
  else if (g_str_equal (step, "summary"))
    {
      subtitle = _ ("Summary");
      next = _ ("_Close");
      focus = GTK_WIDGET (self->next_button);
    }

  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (self->back_button, back);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), next != NULL);
  if (next != NULL)
    gtk_button_set_label (self->next_button, next);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.next",
                                 !g_str_equal (step, "check") || self->importable);
  gtk_stack_set_visible_child_name (self->stack, step);
  if (focus != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (focus);
}

void
mr_import_window_update_actions (MrImportWindow *self)
{
  gboolean idle = self->op == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose-file", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.save-template", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.back", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.create-missing", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", !idle);
  gtk_widget_set_sensitive (self->mapping_box, idle);
  gtk_widget_set_visible (GTK_WIDGET (self->file_spinner),
                          !idle && self->op->kind == MR_IMPORT_OP_LOAD);
  gtk_spinner_set_spinning (self->file_spinner, !idle && self->op->kind == MR_IMPORT_OP_LOAD);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
mr_import_window_show_toast (MrImportWindow *self, const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

void
mr_import_window_show_error (GtkLabel *label, const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* Operations in the thread */

static void
op_clear (gpointer data)
{
  MrImportOp *op = data;

  g_free (op->db_path);
  g_clear_object (&op->file);
  g_clear_object (&op->store);
  if (op->kind == MR_IMPORT_OP_LOAD)
    g_clear_pointer (&op->job, mr_import_job_free);
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->context, g_main_context_unref);
  g_weak_ref_clear (&op->window);
}

static MrImportOp *
op_ref (MrImportOp *op)
{
  return g_atomic_rc_box_acquire (op);
}

static void
op_unref (gpointer op)
{
  g_atomic_rc_box_release_full (op, op_clear);
}

static gboolean
progress_cb (gpointer data)
{
  MrImportOp *op = data;
  g_autoptr (MrImportWindow) self = g_weak_ref_get (&op->window);

  g_atomic_int_set (&op->posted, 0);
  if (self != NULL && self->op == op && !self->disposed)
    gtk_progress_bar_set_fraction (self->progress_bar, g_atomic_int_get (&op->permille) / 1000.0);
  return G_SOURCE_REMOVE;
}

/* In the thread: keep the last value, and have at most one update waiting
 * in the main loop, however fast the job reports. */
static void
op_progress (double fraction, gpointer user_data)
{
  MrImportOp *op = user_data;

  g_atomic_int_set (&op->permille, (int) CLAMP (fraction * 1000.0, 0.0, 1000.0));
  if (g_atomic_int_compare_and_exchange (&op->posted, 0, 1))
    g_main_context_invoke_full (op->context, G_PRIORITY_DEFAULT, progress_cb, op_ref (op),
                                op_unref);
}

static void
op_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  MrImportOp *op = task_data;
  g_autoptr (GError) error = NULL;
  gboolean ok = FALSE;

  if (op->store == NULL)
    {
      op->store = mr_store_open (op->db_path, &error);
      if (op->store == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  switch (op->kind)
    {
    case MR_IMPORT_OP_LOAD:
      {
        g_autoptr (GBytes) bytes = g_file_load_bytes (op->file, cancellable, NULL, &error);
        g_autofree char *name = g_file_get_basename (op->file);
        g_autofree char *display = g_filename_display_name (name);

        if (bytes != NULL)
          op->job = mr_import_job_new_from_bytes (op->store, op->import_kind, display, bytes,
                                                  op->encoding, op->separator, &error);
        ok = op->job != NULL;
      }
      break;
    case MR_IMPORT_OP_CHECK:
      ok = mr_import_job_check (op->job, cancellable, op_progress, op, &error);
      break;
    case MR_IMPORT_OP_RUN:
      ok = mr_import_job_run (op->job, cancellable, op_progress, op, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Operations, on this side */

static void
op_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (source);
  MrImportOp *op = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  gboolean cancelled = error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert (self->op == op);
  if (self->job_store == NULL && op->store != NULL)
    self->job_store = g_steal_pointer (&op->store);
  if (ok && op->kind == MR_IMPORT_OP_RUN)
    {
      /* Written on another connection: the window's lists re-read. */
      static const char *const entities[] = { "org_unit", "place", "department", "contact" };

      for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
        mr_store_notify_changed (self->store, entities[i]);
    }
  if (ok && op->kind == MR_IMPORT_OP_LOAD)
    {
      g_clear_pointer (&self->job, mr_import_job_free);
      self->job = g_steal_pointer (&op->job);
      g_set_object (&self->file, op->file);
    }
  g_clear_pointer (&self->op, op_unref);

  if (self->disposed)
    return;
  mr_import_window_update_actions (self);
  if (self->closing)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  switch (op->kind)
    {
    case MR_IMPORT_OP_LOAD:
      if (ok)
        {
          mr_import_window_fill_mapping_page (self);
          mr_import_window_set_step (self, "mapping");
        }
      else if (!cancelled)
        {
          /* The job's and GIO's messages name the file already. */
          const char *message = error->message;

          if (g_str_equal (self->step, "mapping"))
            mr_import_window_show_error (self->mapping_error, message);
          else
            mr_import_window_show_error (self->file_error, message);
        }
      break;
    case MR_IMPORT_OP_CHECK:
      if (ok)
        {
          mr_import_window_fill_check_page (self);
          mr_import_window_set_step (self, "check");
        }
      else
        {
          mr_import_window_show_error (self->mapping_error, cancelled ? NULL : error->message);
          mr_import_window_set_step (self, "mapping");
        }
      break;
    case MR_IMPORT_OP_RUN:
      mr_import_window_fill_summary_page (self, ok, error);
      mr_import_window_set_step (self, "summary");
      break;
    default:
      g_assert_not_reached ();
    }
}

/* @file: the file to read (MR_IMPORT_OP_LOAD only) */
void
mr_import_window_run_op (MrImportWindow *self, MrImportOpKind kind, GFile *file)
{
  g_autoptr (GTask) task = NULL;
  MrImportOp *op;

  g_return_if_fail (self->op == NULL);
  g_return_if_fail (kind == MR_IMPORT_OP_LOAD ? file != NULL : self->job != NULL);

  op = g_atomic_rc_box_new0 (MrImportOp);
  op->kind = kind;
  op->db_path = g_strdup (mr_store_get_path (self->store));
  op->import_kind = self->kind;
  op->store = self->job_store != NULL ? g_object_ref (self->job_store) : NULL;
  op->job = kind == MR_IMPORT_OP_LOAD ? NULL : self->job;
  if (kind == MR_IMPORT_OP_LOAD)
    {
      op->file = g_object_ref (file);
      op->encoding = (MrCsvEncoding) adw_combo_row_get_selected (self->encoding_row);
      op->separator = mr_import_window_separators[MIN (
        adw_combo_row_get_selected (self->separator_row), MR_IMPORT_N_SEPARATORS - 1)];
    }
  op->cancellable = g_cancellable_new ();
  op->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&op->window, self);
  self->op = op_ref (op);

  task = g_task_new (self, op->cancellable, op_done_cb, NULL);
  g_task_set_source_tag (task, mr_import_window_run_op);
  g_task_set_task_data (task, op, op_unref);
  /* The result is what the thread says: an import that committed just as
   * Cancel was pressed did happen, and must be reported so. */
  g_task_set_check_cancellable (task, FALSE);

  if (kind != MR_IMPORT_OP_LOAD)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      adw_status_page_set_title (self->progress_page, kind == MR_IMPORT_OP_CHECK
                                                        ? _ ("Checking the File…")
                                                        : _ ("Importing…"));
      adw_status_page_set_description (
        self->progress_page, kind == MR_IMPORT_OP_CHECK
                               ? _ ("Every row is checked; nothing is changed yet.")
                               : _ ("Nothing is changed until every row is written: Cancel "
                                    "leaves the address book as it was."));
      adw_window_title_set_subtitle (self->window_title,
                                     kind == MR_IMPORT_OP_CHECK ? _ ("Check") : _ ("Import"));
      mr_import_window_set_step (self, "progress");
    }
  mr_import_window_update_actions (self);
  g_task_run_in_thread (task, op_thread);
}

void
mr_import_window_load (MrImportWindow *self, GFile *file)
{
  if (self->op != NULL)
    return;
  mr_import_window_show_error (self->file_error, NULL);
  mr_import_window_show_error (self->mapping_error, NULL);
  mr_import_window_run_op (self, MR_IMPORT_OP_LOAD, file);
}

static void
reading_changed_cb (MrImportWindow *self)
{
  /* Another encoding or separator: read the file again with it. */
  if (self->updating || self->file == NULL || self->op != NULL)
    return;
  mr_import_window_load (self, self->file);
}

static void
valid_only_changed_cb (MrImportWindow *self)
{
  /* Changed from the check step: the counts change with it. */
  if (self->op != NULL || self->job == NULL || g_strcmp0 (self->step, "check") != 0)
    return;
  mr_import_window_apply_options (self);
  mr_import_window_run_op (self, MR_IMPORT_OP_CHECK, NULL);
}

static void
mode_toggled_cb (MrImportWindow *self)
{
  /* Replace deletes: the row says so while it is chosen. */
  if (gtk_check_button_get_active (self->mode_replace_check))
    gtk_widget_add_css_class (GTK_WIDGET (self->mode_replace_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->mode_replace_row), "error");
}

/* GObject */

static gboolean
mr_import_window_close_request (GtkWindow *window)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (window);

  /* Closing while the thread works: cancel (nothing is changed), and
   * close once it has stopped. */
  if (self->op != NULL)
    {
      self->closing = TRUE;
      mr_import_window_cancel (self);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (mr_import_window_parent_class)->close_request (window);
}

/* A switch takes its accessible name from its row's title. */
static void
label_from_row (gpointer widget, gpointer row)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_auto (GStrv) parts = g_strsplit (title, "_", -1);
  g_autofree char *plain = g_strjoinv ("", parts);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, plain,
                                  -1);
}

static void
mr_import_window_constructed (GObject *object)
{
  MrImportWindow *self = (MrImportWindow *) object;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n_fields;
  const MrImportField *fields;

  G_OBJECT_CLASS (mr_import_window_parent_class)->constructed (object);

  g_assert (MR_IS_STORE (self->store));

  gtk_window_set_title (GTK_WINDOW (self), mr_import_window_kind_title (self->kind));
  adw_window_title_set_title (self->window_title, mr_import_window_kind_title (self->kind));
  adw_status_page_set_title (self->file_page, mr_import_window_kind_title (self->kind));
  adw_status_page_set_description (self->file_page, kind_description (self->kind));

  fields = mr_import_get_fields (self->kind, &n_fields);
  /* Translators: in a column's field chooser: the column is left out */
  gtk_string_list_append (self->field_labels, _ ("Do not import"));
  for (guint i = 0; i < n_fields; i++)
    {
      gtk_string_list_append (self->field_labels, _ (fields[i].label));
      g_ptr_array_add (names, g_strdup (_ (fields[i].label)));
    }
  g_ptr_array_add (names, NULL);
  {
    /* Translators: the separator of a list of column names */
    g_autofree char *list = g_strjoinv (_ (", "), (char **) names->pdata);
    /* Translators: %s is the list of the columns an import reads */
    g_autofree char *text = g_strdup_printf (_ ("Columns it can have: %s."), list);

    gtk_label_set_text (self->fields_label, text);
  }

  adw_action_row_set_subtitle (self->mode_add_row,
                               mr_import_window_mode_explanation (self->kind, MR_IMPORT_MODE_ADD));
  adw_action_row_set_subtitle (
    self->mode_update_row, mr_import_window_mode_explanation (self->kind, MR_IMPORT_MODE_UPDATE));
  adw_action_row_set_subtitle (
    self->mode_replace_row, mr_import_window_mode_explanation (self->kind, MR_IMPORT_MODE_REPLACE));
  gtk_widget_set_visible (GTK_WIDGET (self->create_missing_row), self->kind == MR_IMPORT_CONTACTS);

  label_from_row (self->mode_add_check, self->mode_add_row);
  label_from_row (self->mode_update_check, self->mode_update_row);
  label_from_row (self->mode_replace_check, self->mode_replace_row);
  label_from_row (self->create_missing_switch, self->create_missing_row);
  label_from_row (self->valid_only_switch, self->valid_only_row);
  label_from_row (self->check_valid_only_switch, self->check_valid_only_row);

  mr_import_window_set_step (self, "file");
  mr_import_window_update_actions (self);
}

static void
mr_import_window_dispose (GObject *object)
{
  MrImportWindow *self = (MrImportWindow *) object;

  /* The task keeps this object until the thread is done; cancel it, and
   * let op_done_cb() find the widgets gone. */
  self->disposed = TRUE;
  if (self->op != NULL)
    g_cancellable_cancel (self->op->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_IMPORT_WINDOW);
  G_OBJECT_CLASS (mr_import_window_parent_class)->dispose (object);
}

static void
mr_import_window_finalize (GObject *object)
{
  MrImportWindow *self = (MrImportWindow *) object;

  g_assert (self->op == NULL);
  g_clear_pointer (&self->job, mr_import_job_free);
  g_clear_object (&self->job_store);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_object (&self->field_labels);
  g_clear_pointer (&self->dropdowns, g_ptr_array_unref);
  g_clear_pointer (&self->column_cells, g_ptr_array_unref);
  g_free (self->step);
  G_OBJECT_CLASS (mr_import_window_parent_class)->finalize (object);
}

static void
mr_import_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_STEP:
      g_value_set_string (value, self->step);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->op != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_import_window_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  MrImportWindow *self = MR_IMPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_KIND:
      self->kind = (MrImportKind) g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_import_window_class_init (MrImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mr_import_window_constructed;
  object_class->dispose = mr_import_window_dispose;
  object_class->finalize = mr_import_window_finalize;
  object_class->get_property = mr_import_window_get_property;
  object_class->set_property = mr_import_window_set_property;
  window_class->close_request = mr_import_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * MrImportWindow:kind:
   *
   * What the window imports: an #MrImportKind.
   */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, MR_IMPORT_CONTACTS, MR_IMPORT_ORG, MR_IMPORT_CONTACTS,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * MrImportWindow:step:
   *
   * The step on show: "file", "mapping", "check", "progress" or "summary".
   */
  properties[PROP_STEP] = g_param_spec_string (
    "step", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MrImportWindow:busy:
   *
   * Whether the file is being read, checked or imported.
   */
  properties[PROP_BUSY] = g_param_spec_boolean (
    "busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, file_page);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, template_button);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, file_spinner);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, file_error);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, fields_label);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, mapping_box);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, mapping_error);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, file_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, separator_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, preview_caption);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, mode_add_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, mode_update_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, mode_replace_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, mode_add_check);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, mode_update_check);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, mode_replace_check);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, create_missing_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, create_missing_switch);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, valid_only_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, valid_only_switch);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, check_icon);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, check_title);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, check_description);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, check_options);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, missing_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, check_valid_only_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, check_valid_only_switch);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, check_problems_scroller);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, check_problems_view);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, progress_page);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, summary_title);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, summary_description);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, summary_counts);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, added_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, updated_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, skipped_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, deleted_row);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, added_label);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, updated_label);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, skipped_label);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, deleted_label);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, summary_problems_scroller);
  gtk_widget_class_bind_template_child (widget_class, MrImportWindow, summary_problems_view);
  gtk_widget_class_bind_template_callback (widget_class, reading_changed_cb);

  mr_import_window_class_init_actions (widget_class);
}

static void
mr_import_window_init (MrImportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->field_labels = gtk_string_list_new (NULL);
  self->dropdowns = g_ptr_array_new ();
  self->column_cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  mr_import_problems_view_setup (self->check_problems_view);
  mr_import_problems_view_setup (self->summary_problems_view);

  /* One setting, shown on the mapping and on the check steps. */
  g_object_bind_property (self->valid_only_switch, "active", self->check_valid_only_switch,
                          "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->valid_only_switch, "notify::active",
                           G_CALLBACK (valid_only_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mode_replace_check, "notify::active", G_CALLBACK (mode_toggled_cb),
                           self, G_CONNECT_SWAPPED);
}

/**
 * mr_import_window_new:
 * @store: the store to import into
 * @kind: what to import
 */
GtkWidget *
mr_import_window_new (MrStore *store, MrImportKind kind)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_IMPORT_WINDOW, "store", store, "kind", (int) kind, NULL);
}

MrStore *
mr_import_window_get_store (MrImportWindow *self)
{
  g_return_val_if_fail (MR_IS_IMPORT_WINDOW (self), NULL);
  return self->store;
}

MrImportKind
mr_import_window_get_kind (MrImportWindow *self)
{
  g_return_val_if_fail (MR_IS_IMPORT_WINDOW (self), MR_IMPORT_CONTACTS);
  return self->kind;
}

/**
 * mr_import_window_load_file:
 * @file: a CSV file
 *
 * Reads @file as if it had been chosen in the file chooser: the window
 * shows the preview when it is read, or says why it cannot be.
 */
void
mr_import_window_load_file (MrImportWindow *self, GFile *file)
{
  g_return_if_fail (MR_IS_IMPORT_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->op == NULL);

  self->updating = TRUE;
  adw_combo_row_set_selected (self->encoding_row, 0);
  adw_combo_row_set_selected (self->separator_row, 0);
  self->updating = FALSE;
  mr_import_window_load (self, file);
}

/**
 * mr_import_window_get_step:
 *
 * Returns: the step on show: "file", "mapping", "check", "progress" or
 *   "summary"
 */
const char *
mr_import_window_get_step (MrImportWindow *self)
{
  g_return_val_if_fail (MR_IS_IMPORT_WINDOW (self), NULL);
  return self->step;
}

gboolean
mr_import_window_get_busy (MrImportWindow *self)
{
  g_return_val_if_fail (MR_IS_IMPORT_WINDOW (self), FALSE);
  return self->op != NULL;
}
