/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "mr-records.h"
#include "mr-store.h"

G_BEGIN_DECLS

#define MR_CLI_NAME "mailroom-cli"

/* Exit statuses, part of the command line's contract with scripts. */
typedef enum
{
  MR_CLI_OK = 0,
  MR_CLI_USAGE = 1, /* unknown command or option, missing argument */
  MR_CLI_DATA = 2,  /* validation error, not found, database cannot be opened */
} MrCliStatus;

typedef struct
{
  char *db_path;  /* --db, global or per command */
  gboolean json;  /* --json */
  MrStore *store; /* opened on first use */
} MrCli;

/* A command's entry point. argv[0] is the command's full name, such as
 * "mailroom-cli contacts add"; its options are not parsed yet. */
typedef int (*MrCliRunFunc) (MrCli *cli, int argc, char **argv);

typedef struct
{
  const char *name;
  const char *summary; /* untranslated: marked with N_ */
  MrCliRunFunc run;
} MrCliCommand;

/* Runs the subcommand argv[1] of @commands (argv[0] is the command so far,
 * "mailroom-cli packages bag"), or prints their list for --help. */
int mr_cli_run_subcommand (MrCli *cli, const MrCliCommand *commands, int argc, char **argv);

extern const MrCliCommand mr_cli_contacts_commands[];
extern const MrCliCommand mr_cli_departments_commands[];
extern const MrCliCommand mr_cli_places_commands[];
extern const MrCliCommand mr_cli_org_commands[];
extern const MrCliCommand mr_cli_settings_commands[];
extern const MrCliCommand mr_cli_track_commands[];
extern const MrCliCommand mr_cli_scan_commands[];
extern const MrCliCommand mr_cli_sync_files_commands[];
extern const MrCliCommand mr_cli_labels_commands[];
extern const MrCliCommand mr_cli_lockers_commands[];
extern const MrCliCommand mr_cli_packages_commands[];
extern const MrCliCommand mr_cli_custom_fields_commands[];

int mr_cli_journal (MrCli *cli, int argc, char **argv);
int mr_cli_import_contacts (MrCli *cli, int argc, char **argv);
int mr_cli_import_places (MrCli *cli, int argc, char **argv);
int mr_cli_import_org (MrCli *cli, int argc, char **argv);
int mr_cli_export_contacts (MrCli *cli, int argc, char **argv);
int mr_cli_export_places (MrCli *cli, int argc, char **argv);
int mr_cli_export_org (MrCli *cli, int argc, char **argv);
int mr_cli_export_departments (MrCli *cli, int argc, char **argv);
int mr_cli_templates (MrCli *cli, int argc, char **argv);
int mr_cli_doctor (MrCli *cli, int argc, char **argv);
int mr_cli_demo (MrCli *cli, int argc, char **argv);

/* Custom field values (mr-cli-custom-fields.c) */

typedef struct _MrCliCustomValues MrCliCustomValues;

/* FIELD=VALUE assignments checked against their fields' types; prints why
 * and returns NULL when one does not fit. */
MrCliCustomValues *mr_cli_custom_values_parse (MrCli *cli, const char *const *assignments);
gboolean mr_cli_custom_values_apply (MrCli *cli, MrCliCustomValues *values, const char *entity_id);
void mr_cli_custom_values_free (MrCliCustomValues *values);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrCliCustomValues, mr_cli_custom_values_free)
/* Warns on stderr about the fields @screen requires that @entity_id has
 * no value for; TRUE when there are some. */
gboolean mr_cli_custom_values_warn_missing (MrCli *cli, const char *screen, const char *entity_id);
void mr_cli_custom_values_print (MrCli *cli, const char *entity_id);
void mr_cli_custom_values_json (JsonBuilder *builder, MrCli *cli, const char *entity_id);
int mr_cli_packages_set_field (MrCli *cli, int argc, char **argv);

/* Options and arguments (mr-cli-common.c) */

typedef struct
{
  const char *params;          /* translated, e.g. "ID|PERSONNEL_ID|EMAIL" */
  const char *summary;         /* translated */
  const GOptionEntry *entries; /* NULL-terminated, may be NULL */
  guint min_args;
  guint max_args;
  gboolean no_json; /* the command has no JSON output */
} MrCliSpec;

gboolean mr_cli_parse (MrCli *cli, const MrCliSpec *spec, int *argc, char ***argv, int *status);
gboolean mr_cli_start (MrCli *cli, const MrCliSpec *spec, int *argc, char ***argv, int *status);
int mr_cli_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);
char *mr_cli_default_db_path (void);
MrStore *mr_cli_open_store (MrCli *cli);
int mr_cli_apply_and_print (MrCli *cli, const char *mutation, GVariantDict *args);
gboolean mr_cli_apply (MrCli *cli, const char *mutation, GVariantDict *args, char **out_id);
int mr_cli_data_error (const char *format, ...) G_GNUC_PRINTF (1, 2);
int mr_cli_report_error (const GError *error);

/* Looking records up the way people name them. Each prints a message and
 * returns NULL when nothing matches. */
MrContact *mr_cli_resolve_contact (MrCli *cli, const char *key);
MrDepartment *mr_cli_resolve_department (MrCli *cli, const char *key);
MrNode *mr_cli_resolve_place (MrCli *cli, const char *key);
MrNode *mr_cli_resolve_org_unit (MrCli *cli, const char *key);

/* Output (mr-cli-output.c) */

typedef struct _MrCliTable MrCliTable;

MrCliTable *mr_cli_table_new (const char *first_header, ...) G_GNUC_NULL_TERMINATED;
void mr_cli_table_add_row (MrCliTable *table, const char *first_cell, ...);
void mr_cli_table_print (MrCliTable *table);
void mr_cli_table_free (MrCliTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrCliTable, mr_cli_table_free)

void mr_cli_print_fields (const char *const *labels_and_values);
char *mr_cli_format_time (gint64 unix_ms);
void mr_cli_print_history (MrCli *cli, const char *entity_id);

void mr_cli_json_print (JsonNode *node);
void mr_cli_json_string (JsonBuilder *builder, const char *key, const char *value);
void mr_cli_json_time (JsonBuilder *builder, const char *key, gint64 ms);
void mr_cli_json_int (JsonBuilder *builder, const char *key, gint64 value);
void mr_cli_json_bool (JsonBuilder *builder, const char *key, gboolean value);
void mr_cli_json_args (JsonBuilder *builder, const char *key, const char *json_text);
void mr_cli_json_history (JsonBuilder *builder, MrCli *cli, const char *entity_id);
void mr_cli_json_contact (JsonBuilder *builder, MrContact *contact);
void mr_cli_json_node (JsonBuilder *builder, MrNode *node);
void mr_cli_print_id (MrCli *cli, const char *id);

/* A JSON array written one element at a time, so a list of 10⁵ records
 * never sits in memory whole. */
typedef struct
{
  guint n;
} MrCliJsonStream;

void mr_cli_json_stream_begin (MrCliJsonStream *stream);
void mr_cli_json_stream_add (MrCliJsonStream *stream, JsonBuilder *element);
void mr_cli_json_stream_end (MrCliJsonStream *stream);

/* Writes the first @n items of @model as a JSON array of objects, each
 * filled in by @members (e.g. mr_cli_json_contact). */
typedef void (*MrCliJsonMembers) (JsonBuilder *builder, gpointer item);
void mr_cli_json_print_model (GListModel *model, guint n, MrCliJsonMembers members);

G_END_DECLS
