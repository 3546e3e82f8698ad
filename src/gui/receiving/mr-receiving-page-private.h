/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-carriers.h"
#include "mr-contact-list.h"
#include "mr-packages.h"
#include "mr-receiving-page.h"
#include "mr-receiving-scanner.h"

G_BEGIN_DECLS

/* The intake list keeps this many rows; older packages are in the
 * Packages section. A day's receiving fits; a week-long session does not
 * grow without end. */
#define MR_RECEIVING_MAX_ROWS 1000
/* How many contacts the type-ahead offers under the recipient field. */
#define MR_RECEIVING_MAX_SUGGESTIONS 6
/* Scans that could not be saved are tried again after this long, then
 * twice as long each time, up to the maximum. */
#define MR_RECEIVING_RETRY_MS 2000
#define MR_RECEIVING_RETRY_MAX_MS 30000

typedef enum
{
  MR_RECEIVING_STATUS_READY,
  MR_RECEIVING_STATUS_OK,
  MR_RECEIVING_STATUS_WARNING,
  MR_RECEIVING_STATUS_ERROR,
} MrReceivingStatus;

/* A scan (or a receive without label) waiting to be saved. */
typedef struct
{
  char *text; /* as scanned; NULL: a package without a label */
  char *error;
} MrReceivingPending;

struct _MrReceivingPage
{
  AdwBin parent_instance;

  /* template widgets */
  GtkImage *status_icon;
  GtkLabel *status_label;
  GtkRevealer *retry_revealer;
  GtkLabel *retry_label;
  GtkLabel *retry_error_label;
  GtkLabel *retry_list_label;
  GtkStack *content_stack;
  GtkBox *intake_box;
  GtkScrolledWindow *form_scroller;
  GtkWidget *column_separator;
  GtkWidget *list_column;
  GtkLabel *tracking_label;
  GtkLabel *carrier_label;
  GtkLabel *meta_label;
  GtkWidget *print_button;
  GtkWidget *warning_box;
  GtkLabel *warning_label;
  GtkWidget *carrier_box;
  GtkListBox *carrier_list;
  GtkListBox *fields_list;
  AdwEntryRow *recipient_row;
  GtkWidget *suggestion_row;
  GtkListBox *suggestion_list;
  GtkDropDown *size_dropdown;
  GtkSpinButton *pieces_spin;
  GtkDropDown *place_dropdown;
  AdwEntryRow *notes_row;
  GtkLabel *count_label;
  GtkListBox *intake_list;
  GtkWidget *custom_group; /* MrCustomFieldsGroup under fields_list, made in code */

  /* owned */
  MrStore *store;
  GSettings *settings;
  MrReceivingScanner *scanner;
  GListStore *intake;      /* of MrPackage, newest first */
  MrContactList *contacts; /* the type-ahead's search */
  GPtrArray *place_ids;    /* parallel to the place drop-down; [0] is NULL: none */
  GPtrArray *candidates;   /* of MrCarrierMatch: the chooser's, for the current package */
  GPtrArray *pending;      /* of MrReceivingPending, oldest first */
  char *current_id;
  char *place_id; /* where packages are received: the last place chosen */
  char *status;
  guint retry_id;
  guint retry_delay_ms;
  GPtrArray *unreceived; /* ids of scans saved in the intake log that are
                          * not packages yet (the flush failed), oldest first */
  guint flush_retry_id;
  guint layout_idle_id;
  int ack_fd;
  gboolean updating; /* the form is being filled from a package */
  gboolean wide;
  GCancellable *cancellable;
  GtkWindow *dialog;  /* weak */
  GPtrArray *decoded; /* of MrDecodedSymbol, while files are read */
  guint decoding;     /* files still being read */
};

void mr_receiving_page_set_status (MrReceivingPage *self, MrReceivingStatus kind, const char *text);
/* The package was saved: its row goes to the top and is selected. */
void
mr_receiving_page_add_received (MrReceivingPage *self, MrPackage *package, gboolean take_focus);
/* Fills the form from the package (the selected row). */
void mr_receiving_page_show_package (MrReceivingPage *self, const char *id);
/* Moves the focus to where the clerk continues with the current package:
 * the carrier chooser when it is shown, else the recipient. */
void mr_receiving_page_focus_next_field (MrReceivingPage *self);
/* package.set on the current package with @args (a{sv} without "id");
 * the error is shown in a toast. */
gboolean mr_receiving_page_set_field (MrReceivingPage *self, GVariant *args);
void mr_receiving_page_update_pending (MrReceivingPage *self);

/* mr-receiving-page-form.c */
/* The size drop-down's items, as package.set takes them ([0]: none). */
#define MR_RECEIVING_N_SIZES 7
extern const char *const mr_receiving_size_codes[MR_RECEIVING_N_SIZES];
void mr_receiving_page_save_notes (MrReceivingPage *self);
void mr_receiving_page_hide_suggestions (MrReceivingPage *self);
void mr_receiving_page_set_recipient_text (MrReceivingPage *self, const char *text);
void mr_receiving_page_fill_carrier_chooser (MrReceivingPage *self, MrPackage *package);
void mr_receiving_page_choose_carrier (MrReceivingPage *self, guint index);
void mr_receiving_page_focus_after_recipient (MrReceivingPage *self);
guint mr_receiving_page_count_suggestions (MrReceivingPage *self);
guint mr_receiving_page_place_index (MrReceivingPage *self, const char *place_id);
void mr_receiving_page_load_places (MrReceivingPage *self);
/* The custom fields of the 'receiving' screen, under the other fields. */
void mr_receiving_page_custom_fields_init (MrReceivingPage *self);
/* Shows the custom values of @id (NULL: none), saving what was typed for
 * the previous package. */
void mr_receiving_page_show_custom_fields (MrReceivingPage *self, const char *id);
/* Adds a line to @warnings when required custom fields are empty. */
void mr_receiving_page_append_custom_warning (MrReceivingPage *self, GString *warnings);
/* Template and signal callbacks */
void mr_receiving_page_notes_apply_cb (MrReceivingPage *self);
void mr_receiving_page_carrier_row_activated_cb (MrReceivingPage *self, GtkListBoxRow *row);
void mr_receiving_page_recipient_changed_cb (MrReceivingPage *self);
void mr_receiving_page_recipient_activated_cb (MrReceivingPage *self);
void mr_receiving_page_suggestion_activated_cb (MrReceivingPage *self, GtkListBoxRow *row);
gboolean mr_receiving_page_recipient_key_cb (GtkEventControllerKey *controller,
                                             guint keyval,
                                             guint keycode,
                                             GdkModifierType state,
                                             MrReceivingPage *self);
void mr_receiving_page_size_selected_cb (MrReceivingPage *self);
void mr_receiving_page_pieces_changed_cb (MrReceivingPage *self);
void mr_receiving_page_place_selected_cb (MrReceivingPage *self);

/* mr-receiving-page-files.c */
gboolean mr_receiving_page_drop_cb (
  GtkDropTarget *target, const GValue *value, double x, double y, MrReceivingPage *self);
void mr_receiving_page_open_file_activated (GtkWidget *widget, const char *action, GVariant *param);

/* mr-receiving-page-intake.c */
void mr_receiving_page_intake_init (MrReceivingPage *self);
void mr_receiving_page_intake_dispose (MrReceivingPage *self);
/* Receives the package of @text now (or queues it behind the waiting
 * ones); @text NULL: a package without a label. */
char *mr_receiving_page_receive (MrReceivingPage *self, const char *text, gboolean take_focus);
void mr_receiving_pending_free (MrReceivingPending *pending);

/* mr-receiving-decode-dialog.c */
GtkWindow *
mr_receiving_decode_dialog_new (MrReceivingPage *page, GPtrArray *symbols, const char *file_name);

G_END_DECLS
