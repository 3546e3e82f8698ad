/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-label-print-window.h"

G_BEGIN_DECLS

/* Shared by mr-label-print-window.c (options, preview, printing) and
 * mr-label-print-window-sources.c (what the labels are printed from). */

struct _MrLabelPrintWindow
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwComboRow *kind_row;
  AdwComboRow *source_row;
  AdwComboRow *bank_row;
  AdwActionRow *csv_row;
  AdwPreferencesGroup *search_group;
  AdwEntryRow *search_row;
  AdwComboRow *layout_row;
  AdwActionRow *stock_row;
  GtkDropDown *stock_dropdown;
  GtkSpinButton *start_spin;
  GtkSpinButton *copies_spin;
  GtkSwitch *outlines_switch;
  GtkLabel *summary_label;
  GtkLabel *error_label;
  GtkDrawingArea *preview;
  GtkLabel *page_label;

  /* owned */
  MrStore *store;
  char *kind;
  /* What the caller passed in: records of given_kind, or ids of records
   * of given_kind (read again from the store, so they are current). */
  char *given_kind;
  GPtrArray *given_records; /* GHashTable, or NULL */
  char **given_ids;         /* or NULL */
  GArray *sources;          /* MrLabelPrintSource offered for the kind, as in source_row */
  MrLabelPrintSource source;
  GPtrArray *banks; /* MrLockerBank, as in bank_row */
  char *bank_id;    /* the bank chosen, kept from one kind to the other */
  char *csv_path;
  GPtrArray *search_ids; /* char *: packages found with search_row, in that order */
  GPtrArray *found_rows; /* GtkWidget: their rows in search_group */
  GPtrArray *records;    /* what is printed now; NULL when it cannot be read */
  gboolean sample;       /* records are a made-up sample */
  char *note;            /* why the preview shows a sample */
  char *source_error;    /* why the records cannot be read */
  GPtrArray *layouts;    /* MrLabelLayout of the kind, the built-in one first */
  GPtrArray *stocks;     /* MrLabelStock, as in the drop-down */
  MrLabelJob *job;
  guint page;
  gboolean updating;
};

/* mr-label-print-window.c */
void mr_label_print_window_rebuild_job (MrLabelPrintWindow *self);
void mr_label_print_window_show_error (MrLabelPrintWindow *self, const char *message);

/* mr-label-print-window-sources.c */
void mr_label_print_window_class_init_sources (GtkWidgetClass *widget_class);
/* The sources the kind offers, in source_row; keeps the one chosen when
 * the kind offers it too. */
void mr_label_print_window_fill_sources (MrLabelPrintWindow *self);
/* Reads the records from the chosen source (and shows its rows). */
void mr_label_print_window_load_records (MrLabelPrintWindow *self);
gboolean
mr_label_print_window_offers (MrLabelPrintWindow *self, MrLabelPrintSource source, guint *position);

G_END_DECLS
