/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mr-export.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* Exporting a list to a CSV file from the window: a save dialog with a
 * default name, the writing in a thread on its own store connection, then a
 * toast ("Exported 12 contacts") or a message saying what went wrong. */

typedef enum
{
  MR_EXPORT_WHAT_CONTACTS,
  MR_EXPORT_WHAT_DEPARTMENTS,
  MR_EXPORT_WHAT_PLACES,
  MR_EXPORT_WHAT_ORG,
} MrExportWhat;

void mr_export_task_choose_file (GtkWidget *anchor,
                                 MrStore *store,
                                 MrExportWhat what,
                                 const MrExportFilter *filter);
void mr_export_task_run (GtkWidget *anchor,
                         MrStore *store,
                         MrExportWhat what,
                         const MrExportFilter *filter,
                         GFile *file,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data);
gint64 mr_export_task_finish (GAsyncResult *result, GError **error);

G_END_DECLS
