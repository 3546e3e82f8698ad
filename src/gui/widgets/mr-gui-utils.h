/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GSettings *mr_settings_new (void);

void mr_widget_add_toast (GtkWidget *widget, AdwToast *toast);
void mr_menu_button_set_menu_model_lazily (GtkMenuButton *button, GMenuModel *model);
AdwToast *mr_undo_toast_new (const char *title, const char *undo_mutation, GVariant *undo_args);

/* Whether the keyboard focus is @ancestor or inside it. */
gboolean mr_widget_has_focus_within (GtkWidget *ancestor);
/* Selects the row whose object data @key is @id; TRUE when found. */
gboolean mr_list_box_select_by_data (GtkListBox *list_box,
                                     const char *key,
                                     const char *id,
                                     gboolean grab_focus);
/* After rebuilding the rows of @list_box, which destroyed the focused
 * one: when it @had_focus, give the focus to the first row. */
void mr_list_box_restore_focus (GtkListBox *list_box, gboolean had_focus);

/* Inline field errors of the editors: a hidden row under @row, in the same
 * AdwPreferencesGroup list, holding the message (@label). The message is
 * linked to @row as its accessible error message. Returns the new row. */
GtkWidget *mr_field_error_row_new (GtkWidget *row, GtkLabel **label);
/* Shows @message under @row and marks @row invalid. */
void
mr_field_error_show (GtkWidget *row, GtkWidget *error_row, GtkLabel *label, const char *message);
void mr_field_error_clear (GtkWidget *row, GtkWidget *error_row, GtkLabel *label);

char *mr_format_time_ms (gint64 unix_ms);
const char *mr_mutation_label (const char *mutation);
const char *mr_field_label (const char *field);

G_END_DECLS
