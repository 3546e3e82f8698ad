/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mr-file-exchange-scheduler.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* Preferences › File Exchange: the SFTP server, its credentials (in the
 * keyring), its host key, the files, the schedule and the recent runs. */

#define MR_TYPE_FILE_EXCHANGE_PAGE (mr_file_exchange_page_get_type ())
G_DECLARE_FINAL_TYPE (
  MrFileExchangePage, mr_file_exchange_page, MR, FILE_EXCHANGE_PAGE, AdwPreferencesPage)

/* @scheduler: (nullable): without one, runs cannot be started here */
GtkWidget *
mr_file_exchange_page_new (MrStore *store, GSettings *settings, MrFileExchangeScheduler *scheduler);

G_END_DECLS
