/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-import.h"

G_BEGIN_DECLS

/* Shared by mr-import.c (the job: file, columns, mapping) and
 * mr-import-rows.c (the pass that checks and writes the rows). */

struct _MrImportJob
{
  MrStore *store;
  MrImportKind kind;
  char *display_name;
  MrCsvEncoding encoding;
  char separator;

  GPtrArray *headers; /* char* */
  GPtrArray *mapping; /* const char* (static field names) or NULL, per column */
  GStringChunk *chunk;
  GPtrArray *cells; /* const char*, n_rows × n_columns; NULL past a short row */
  GArray *lines;    /* guint, per row */
  GArray *widths;   /* guint: the fields the row had */

  MrImportMode mode;
  gboolean valid_only;
  gboolean create_missing;

  GPtrArray *problems;
  guint added, updated, skipped, deleted;
};

int mr_import_job_column_of (MrImportJob *job, const char *field);
MrImportProblem *
mr_import_job_add_problem (MrImportJob *job, guint row, const char *field, const char *message);

G_END_DECLS
