/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-locker-bank-editor.h"

G_BEGIN_DECLS

/* What the bank editor's files share: mr-locker-bank-editor.c (the window,
 * its settings, saving), mr-locker-bank-editor-edits.c (changing the
 * layout) and mr-locker-bank-editor-dialogs.c (its three dialogs). */

typedef enum
{
  F_NAME,
  F_PLACE,
  F_CONTROLLER,
  F_BASE,
  F_EXPIRY,
  F_REOPEN,
  F_PICKUP,
  F_ADD_EXISTING,
  F_KEEP,
  F_STORAGE_MODE,
  F_STORAGE_HOURS,
  F_STORAGE_MAX,
  F_CONTACTLESS,
  F_NUMBER,
  N_FIELDS
} FieldIndex;

typedef struct
{
  GtkWidget *row;        /* borrowed */
  GtkWidget *error_row;  /* borrowed: under the row, holding the message */
  GtkLabel *error_label; /* borrowed */
  GObject *source;       /* borrowed: the widget whose changes answer the error */
} Field;

struct _MrLockerBankEditor
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkPaned *paned;
  GtkLabel *layout_error;
  GtkStack *front_stack;
  MrLockerLayoutView *view;
  GtkWidget *legend;
  GtkLabel *general_error;
  AdwPreferencesGroup *door_group;
  AdwPreferencesGroup *column_group;
  AdwEntryRow *number_row;
  AdwComboRow *size_row;
  AdwActionRow *height_row;
  GtkSpinButton *height_spin;
  AdwActionRow *position_row;
  GtkImage *reach_icon;
  AdwComboRow *loading_row;
  AdwActionRow *delivery_only_row;
  GtkSwitch *delivery_only_switch;
  AdwActionRow *width_row;
  GtkSpinButton *width_spin;
  AdwActionRow *base_row;
  GtkSpinButton *base_spin;
  AdwEntryRow *name_row;
  AdwComboRow *place_row;
  AdwEntryRow *controller_row;
  AdwActionRow *expiry_row;
  GtkSpinButton *expiry_spin;
  AdwActionRow *reopen_row;
  GtkSpinButton *reopen_spin;
  AdwComboRow *pickup_row;
  AdwActionRow *add_existing_row;
  GtkSwitch *add_existing_switch;
  AdwExpanderRow *keep_row;
  AdwComboRow *storage_row;
  AdwActionRow *storage_hours_row;
  GtkSpinButton *storage_hours_spin;
  AdwActionRow *storage_max_row;
  GtkSpinButton *storage_max_spin;
  AdwActionRow *contactless_row;
  GtkSwitch *contactless_switch;

  /* built in code */
  GtkSpinButton *keep_spins[MR_LOCKER_SIZE_CUSTOM];

  /* owned */
  MrStore *store;
  char *bank_id;
  MrLockerBank *bank; /* as it was loaded; NULL for a new bank */
  MrLockerLayout *layout;
  char *original_layout; /* JSON of the layout as loaded */
  GHashTable *busy;      /* numbers of the doors in use */
  GPtrArray *place_ids;  /* index in the place combo → id; NULL for none */

  /* borrowed: the dialog on screen, if any */
  AdwMessageDialog *dialog;

  gboolean updating;
  guint orientation_source;
  Field fields[N_FIELDS];
};

const MrLockerLayoutDoor *
mr_locker_bank_editor_selected_door (MrLockerBankEditor *self, guint *column, guint *entry);
/* Shows the selected door's and column's properties. */
void mr_locker_bank_editor_update_selection (MrLockerBankEditor *self);
/* Shows @error next to the field it is about, @fallback (may be NULL)
 * when it names none. */
void mr_locker_bank_editor_show_error (MrLockerBankEditor *self,
                                       const GError *error,
                                       const char *fallback);
/* Shows @error above the drawing. */
void mr_locker_bank_editor_show_layout_error (MrLockerBankEditor *self, const GError *error);
void mr_locker_bank_editor_clear_field_error (MrLockerBankEditor *self, FieldIndex i);
void mr_locker_bank_editor_clear_layout_error (MrLockerBankEditor *self);
/* Connects the door's and column's rows to the layout. */
void mr_locker_bank_editor_connect_edits (MrLockerBankEditor *self);

/* The dialog on screen (NULL: none); the editor closes it with itself. */
void mr_locker_bank_editor_set_dialog (MrLockerBankEditor *self, AdwMessageDialog *dialog);

void mr_locker_bank_editor_open_add_column (MrLockerBankEditor *self);
void mr_locker_bank_editor_open_split (MrLockerBankEditor *self);
void mr_locker_bank_editor_open_renumber (MrLockerBankEditor *self);

G_END_DECLS
