/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-packages.h"

G_BEGIN_DECLS

/* The handover rules: per place (the tree, indented) and per person,
 * None / Signature / ID scan, or Inherited (no rule of its own). Each
 * choice is saved at once (handover.set), with an Undo toast. */
#define MR_TYPE_HANDOVER_RULES_DIALOG (mr_handover_rules_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
  MrHandoverRulesDialog, mr_handover_rules_dialog, MR, HANDOVER_RULES_DIALOG, AdwWindow)

/* The dialog destroys itself when closed; its toasts go to @parent's window. */
MrHandoverRulesDialog *mr_handover_rules_dialog_new (GtkWidget *parent, MrStore *store);

guint mr_handover_rules_dialog_get_n_places (MrHandoverRulesDialog *self);
/* The row of a place, to drive it like the user does (NULL: no such place). */
AdwComboRow *
mr_handover_rules_dialog_get_place_row (MrHandoverRulesDialog *self, const char *place_id);
/* Chooses a person in the finder. */
void mr_handover_rules_dialog_set_contact (MrHandoverRulesDialog *self, const char *contact_id);
AdwComboRow *mr_handover_rules_dialog_get_contact_row (MrHandoverRulesDialog *self);
/* The rule values in the rows' order: "", "none", "signature", "id_scan". */
guint mr_handover_rule_position (const char *handover);
const char *mr_handover_rules_dialog_get_error (MrHandoverRulesDialog *self);

G_END_DECLS
