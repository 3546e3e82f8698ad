/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-import-window.h"

G_BEGIN_DECLS

/* Shared by mr-import-window.c (the object, its steps and its thread),
 * mr-import-window-pages.c (what the steps show) and
 * mr-import-window-actions.c (what the buttons do). */

#define MR_IMPORT_PREVIEW_ROWS 20

typedef enum
{
  MR_IMPORT_OP_LOAD,
  MR_IMPORT_OP_CHECK,
  MR_IMPORT_OP_RUN,
} MrImportOpKind;

/* One operation in the thread. Reference-counted: the task, the window and
 * each pending progress update hold one. */
typedef struct
{
  MrImportOpKind kind;
  char *db_path;
  MrImportKind import_kind;
  GFile *file;
  MrCsvEncoding encoding;
  char separator;
  MrStore *store;   /* the workers' store; opened by the thread if NULL */
  MrImportJob *job; /* check, run: the window's (lent); load: the new one */
  GCancellable *cancellable;
  GMainContext *context;
  GWeakRef window;
  int permille; /* atomic: the last progress */
  int posted;   /* atomic: a progress update is on its way */
} MrImportOp;

struct _MrImportWindow
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *back_button;
  GtkButton *next_button;
  GtkStack *stack;
  AdwStatusPage *file_page;
  GtkWidget *choose_button;
  GtkWidget *template_button;
  GtkSpinner *file_spinner;
  GtkLabel *file_error;
  GtkLabel *fields_label;
  GtkWidget *mapping_box;
  GtkLabel *mapping_error;
  AdwActionRow *file_row;
  AdwComboRow *encoding_row;
  AdwComboRow *separator_row;
  GtkGrid *preview_grid;
  GtkLabel *preview_caption;
  AdwActionRow *mode_add_row;
  AdwActionRow *mode_update_row;
  AdwActionRow *mode_replace_row;
  GtkCheckButton *mode_add_check;
  GtkCheckButton *mode_update_check;
  GtkCheckButton *mode_replace_check;
  AdwActionRow *create_missing_row;
  GtkSwitch *create_missing_switch;
  AdwActionRow *valid_only_row;
  GtkSwitch *valid_only_switch;
  GtkImage *check_icon;
  GtkLabel *check_title;
  GtkLabel *check_description;
  GtkWidget *check_options;
  GtkWidget *missing_row;
  AdwActionRow *check_valid_only_row;
  GtkSwitch *check_valid_only_switch;
  GtkWidget *check_problems_scroller;
  GtkColumnView *check_problems_view;
  AdwStatusPage *progress_page;
  GtkProgressBar *progress_bar;
  GtkWidget *cancel_button;
  GtkImage *summary_icon;
  GtkLabel *summary_title;
  GtkLabel *summary_description;
  GtkWidget *summary_counts;
  GtkWidget *added_row;
  GtkWidget *updated_row;
  GtkWidget *skipped_row;
  GtkWidget *deleted_row;
  GtkLabel *added_label;
  GtkLabel *updated_label;
  GtkLabel *skipped_label;
  GtkLabel *deleted_label;
  GtkWidget *summary_problems_scroller;
  GtkColumnView *summary_problems_view;

  /* owned */
  MrStore *store;
  MrImportKind kind;
  MrStore *job_store;
  MrImportJob *job;
  GFile *file;
  MrImportOp *op;
  GtkStringList *field_labels; /* "Do not import", then each field */
  GPtrArray *dropdowns;        /* one per column of the file */
  GPtrArray *column_cells;     /* per column: a GPtrArray of its value labels */
  GtkNativeDialog *chooser;
  char *step;
  gboolean updating;
  gboolean closing;
  gboolean disposed;
  gboolean importable;
  guint n_would_delete;
};

/* mr-import-window.c */
#define MR_IMPORT_N_SEPARATORS 4
extern const char mr_import_window_separators[MR_IMPORT_N_SEPARATORS];
const char *mr_import_window_kind_title (MrImportKind kind);
const char *mr_import_window_template_name (MrImportKind kind);
const char *mr_import_window_mode_explanation (MrImportKind kind, MrImportMode mode);
char *mr_import_window_delete_question (MrImportKind kind, guint n);
void mr_import_window_set_step (MrImportWindow *self, const char *step);
void mr_import_window_update_actions (MrImportWindow *self);
void mr_import_window_show_toast (MrImportWindow *self, const char *message);
void mr_import_window_show_error (GtkLabel *label, const char *message);
void mr_import_window_run_op (MrImportWindow *self, MrImportOpKind kind, GFile *file);
void mr_import_window_load (MrImportWindow *self, GFile *file);
void mr_import_window_cancel (MrImportWindow *self);

/* mr-import-window-pages.c */
void mr_import_window_fill_mapping_page (MrImportWindow *self);
void mr_import_window_apply_options (MrImportWindow *self);
void mr_import_window_fill_check_page (MrImportWindow *self);
void mr_import_window_fill_summary_page (MrImportWindow *self, gboolean ok, const GError *error);

/* mr-import-window-actions.c */
void mr_import_window_class_init_actions (GtkWidgetClass *widget_class);

G_END_DECLS
