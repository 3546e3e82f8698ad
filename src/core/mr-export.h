/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mr-import.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* Exporting to CSV (UTF-8, header row, RFC 4180, CRLF) in the columns
 * the import reads, so that an exported file imports back to the same
 * data. */

typedef struct
{
  const char *search;        /* contacts: the list's search text, or NULL */
  const char *department_id; /* contacts: only this department, or NULL */
  const char *place_id;      /* contacts: only this place, or NULL */
} MrExportFilter;

/* What: MR_IMPORT_CONTACTS, MR_IMPORT_PLACES, MR_IMPORT_ORG, or
 * departments (mr_export_departments). @filter may be NULL. Writes to
 * @out; returns the number of records written, or -1 with @error. */
gint64 mr_export_csv (MrStore *store,
                      MrImportKind kind,
                      const MrExportFilter *filter,
                      GOutputStream *out,
                      GCancellable *cancellable,
                      GError **error);
gint64 mr_export_departments_csv (MrStore *store,
                                  GOutputStream *out,
                                  GCancellable *cancellable,
                                  GError **error);
/* To a file, atomically (written aside, then renamed). */
gint64 mr_export_csv_to_file (MrStore *store,
                              MrImportKind kind,
                              const MrExportFilter *filter,
                              const char *path,
                              GError **error);

G_END_DECLS
