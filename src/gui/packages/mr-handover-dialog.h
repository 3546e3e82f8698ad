/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-packages.h"
#include "mr-signature-pad.h"

G_BEGIN_DECLS

/* Handing packages over at the counter: who takes them (the recipient
 * or a key contact of their department), and the proof they require — a
 * signature on a pad, an ID scan, or none. Several packages for the same
 * recipient go at once, with one signature applied to each, all or
 * nothing. A refusal is shown under the fields, in the core's words. */
#define MR_TYPE_HANDOVER_DIALOG (mr_handover_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MrHandoverDialog, mr_handover_dialog, MR, HANDOVER_DIALOG, AdwWindow)

/* @package_ids: NULL-terminated. The dialog destroys itself when closed. */
MrHandoverDialog *
mr_handover_dialog_new (GtkWidget *parent, MrStore *store, const char *const *package_ids);

guint mr_handover_dialog_get_n_packages (MrHandoverDialog *self);
/* The people offered in "Handed to", the recipient first ("Someone
 * else…" comes after them). */
guint mr_handover_dialog_get_n_takers (MrHandoverDialog *self);
const char *mr_handover_dialog_get_taker_id (MrHandoverDialog *self, guint i);
/* Chooses who takes the packages: one of the takers, or anyone else
 * through "Someone else…" (whom the core then refuses). */
void mr_handover_dialog_set_taker (MrHandoverDialog *self, const char *contact_id);
const char *mr_handover_dialog_get_chosen_taker (MrHandoverDialog *self);

gboolean mr_handover_dialog_get_needs_signature (MrHandoverDialog *self);
gboolean mr_handover_dialog_get_needs_id_scan (MrHandoverDialog *self);
MrSignaturePad *mr_handover_dialog_get_signature_pad (MrHandoverDialog *self);
GtkEditable *mr_handover_dialog_get_id_entry (MrHandoverDialog *self);

/* What the Hand Over button and Ctrl+Enter do. TRUE when every package
 * was handed over; FALSE, with nothing changed, and the reason shown. */
gboolean mr_handover_dialog_hand_over (MrHandoverDialog *self);
/* The refusal shown under the fields, or NULL. */
const char *mr_handover_dialog_get_error (MrHandoverDialog *self);
/* The MrCustomFieldsGroup of the 'delivery' screen's custom fields. */
GtkWidget *mr_handover_dialog_get_custom_fields (MrHandoverDialog *self);

G_END_DECLS
