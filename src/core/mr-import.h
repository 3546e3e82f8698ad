/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mr-csv.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* Importing contacts, places and the organisation from CSV files.
 *
 * A job reads the whole file, matches its columns to fields (by header
 * name in English, French and the usual address-book export layouts),
 * lets the caller change that mapping, checks every row, and writes
 * everything in one transaction — or nothing. */

typedef enum
{
  MR_IMPORT_CONTACTS,
  MR_IMPORT_PLACES,
  MR_IMPORT_ORG,
} MrImportKind;

typedef enum
{
  MR_IMPORT_MODE_ADD,     /* add new records only; existing ones are skipped */
  MR_IMPORT_MODE_UPDATE,  /* add new, update existing (by Personnel ID or email) */
  MR_IMPORT_MODE_REPLACE, /* the file becomes the whole list: others are deleted */
} MrImportMode;

/* "contacts"/"places"/"org", "add"/"update"/"replace" */
gboolean mr_import_kind_from_string (const char *name, MrImportKind *out);
const char *mr_import_kind_to_string (MrImportKind kind);
gboolean mr_import_mode_from_string (const char *name, MrImportMode *out);

/* The fields a kind of import fills. */
typedef struct
{
  const char *name;  /* "first_name", "department", ... (stable, for --mapping) */
  const char *label; /* English column name (gettext N_), also the template's header */
} MrImportField;

const MrImportField *mr_import_get_fields (MrImportKind kind, guint *n_fields);
/* The field a column header names, or NULL: compares case-, accent-,
 * space- and punctuation-insensitively against English and French names
 * and the headers of Outlook, Google Contacts and Thunderbird exports. */
const char *mr_import_match_header (MrImportKind kind, const char *header);
/* When several columns match one field (Business Phone, Mobile Phone),
 * keep the one with the lowest priority: 0 the field's own name, 1 an
 * export layout's main column, 2 a second choice, 3 a last resort;
 * G_MAXINT when @header matches no field. */
int mr_import_header_priority (MrImportKind kind, const char *header);
/* The template: a UTF-8 CSV with the header row (translated labels). */
char *mr_import_template (MrImportKind kind);

typedef struct
{
  guint line;                 /* 1-based line in the file, 0 for the whole file */
  char *column;               /* the header of the column, or NULL */
  char *field;                /* the field name, or NULL */
  char *value;                /* the offending value, or NULL */
  char *message;              /* translated: what is wrong and what to do */
  guint other_line;           /* the other row of a duplicate, or 0 */
  gboolean missing_reference; /* unknown department/place: can be created */
} MrImportProblem;

typedef struct _MrImportJob MrImportJob;

MrImportJob *mr_import_job_new (MrStore *store,
                                MrImportKind kind,
                                const char *path,
                                MrCsvEncoding encoding,
                                char separator,
                                GError **error);
MrImportJob *mr_import_job_new_from_bytes (MrStore *store,
                                           MrImportKind kind,
                                           const char *display_name,
                                           GBytes *data,
                                           MrCsvEncoding encoding,
                                           char separator,
                                           GError **error);
void mr_import_job_free (MrImportJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrImportJob, mr_import_job_free)

MrImportKind mr_import_job_get_kind (MrImportJob *job);
MrCsvEncoding mr_import_job_get_encoding (MrImportJob *job);
char mr_import_job_get_separator (MrImportJob *job);

/* Columns: their headers, and the field each is mapped to (NULL = not
 * imported). */
guint mr_import_job_get_n_columns (MrImportJob *job);
const char *mr_import_job_get_header (MrImportJob *job, guint column);
const char *mr_import_job_get_mapping (MrImportJob *job, guint column);
gboolean
mr_import_job_set_mapping (MrImportJob *job, guint column, const char *field, GError **error);
/* "Header=field,Other header=field,Ignored=" ; headers matched as above. */
gboolean mr_import_job_apply_mapping_spec (MrImportJob *job, const char *spec, GError **error);

/* The data rows (header excluded), raw as decoded. */
guint mr_import_job_get_n_rows (MrImportJob *job);
const char *mr_import_job_get_value (MrImportJob *job, guint row, guint column);
guint mr_import_job_get_row_line (MrImportJob *job, guint row);

void mr_import_job_set_mode (MrImportJob *job, MrImportMode mode);
/* Import the valid rows and skip those with problems. */
void mr_import_job_set_valid_rows_only (MrImportJob *job, gboolean valid_only);
/* Create unknown departments and places instead of reporting them. */
void mr_import_job_set_create_missing (MrImportJob *job, gboolean create_missing);

typedef void (*MrImportProgressFunc) (double fraction, gpointer user_data);

/* Checks every row against the store without writing: fills the
 * problems and the counts it would make. Returns FALSE only when the
 * check could not run (error set). */
gboolean mr_import_job_check (MrImportJob *job,
                              GCancellable *cancellable,
                              MrImportProgressFunc progress,
                              gpointer user_data,
                              GError **error);
/* Checks then writes, in one transaction. Fails (nothing written,
 * MR_STORE_ERROR_INVALID "N problems") when there are problems and
 * valid-rows-only is off; fails with G_IO_ERROR_CANCELLED when
 * cancelled (nothing written). */
gboolean mr_import_job_run (MrImportJob *job,
                            GCancellable *cancellable,
                            MrImportProgressFunc progress,
                            gpointer user_data,
                            GError **error);

const GPtrArray *mr_import_job_get_problems (MrImportJob *job); /* of MrImportProblem* */
guint mr_import_job_get_n_added (MrImportJob *job);
guint mr_import_job_get_n_updated (MrImportJob *job);
guint mr_import_job_get_n_skipped (MrImportJob *job);
guint mr_import_job_get_n_deleted (MrImportJob *job);

G_END_DECLS
