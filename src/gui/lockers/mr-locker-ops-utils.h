/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-store.h"

G_BEGIN_DECLS

/* What the locker operation dialogs share. */

/* Fills @row with the locker banks by name and selects @select_id (else
 * the first). Returns the banks' ids in the row's order. */
GPtrArray *mr_locker_bank_row_fill (AdwComboRow *row, MrStore *store, const char *select_id);

/* Marks @row as the field at fault (or clears it, @invalid FALSE), for
 * the eye and for screen readers. */
void mr_locker_row_set_invalid (GtkWidget *row, gboolean invalid);

G_END_DECLS
