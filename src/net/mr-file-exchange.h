/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mr-file-exchange-log.h"
#include "mr-file-exchange-schedule.h"
#include "mr-sftp.h"
#include "mr-store.h"

G_BEGIN_DECLS

/* Scheduled file exchange with an SFTP server: the address book is
 * imported from CSV files found in a remote folder (organisation, places,
 * then contacts, each in "update" mode, a missing file skipped), and the
 * contacts are exported there as contacts-YYYYMMDD-HHMMSS.zip (UTC) with
 * one contacts.csv inside. Every run is written to the run log. */

typedef struct
{
  MrSftpOptions sftp;
  char *remote_dir;    /* absolute, or relative to the login folder */
  char *contacts_file; /* file names in remote_dir; "" or NULL: not imported */
  char *places_file;
  char *org_file;
  gboolean export_contacts;
  gboolean valid_rows_only; /* import the valid rows of a file with problems */
  guint interval_minutes;   /* the schedule: 0 when off */
} MrFileExchangeConfig;

MrFileExchangeConfig *mr_file_exchange_config_new (void); /* the defaults */
MrFileExchangeConfig *mr_file_exchange_config_copy (const MrFileExchangeConfig *config);
void mr_file_exchange_config_free (MrFileExchangeConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrFileExchangeConfig, mr_file_exchange_config_free)

/* The application's settings (org.gnome.Mailroom), also when it runs from
 * its build directory; NULL when the schema is nowhere to be found. */
GSettings *mr_file_exchange_settings_new (void);
/* Reads the file-exchange-* keys. The password or passphrase is not in
 * GSettings: see mr_file_exchange_config_load_secret(). */
MrFileExchangeConfig *mr_file_exchange_config_new_from_settings (GSettings *settings);
/* Whether enough is set to connect (host, user, key file); else an error
 * that says what is missing. */
gboolean mr_file_exchange_config_check (const MrFileExchangeConfig *config, GError **error);
/* Fills sftp.secret from the keyring when the configuration needs one
 * (a password, or the passphrase of an encrypted key) and it is unset.
 * Blocking. Nothing stored is not an error: connecting will say so. */
gboolean mr_file_exchange_config_load_secret (MrFileExchangeConfig *config,
                                              GCancellable *cancellable,
                                              GError **error);

/* The export's name for a time: "contacts-20250131-235959.zip" (UTC). */
char *mr_file_exchange_export_name (GDateTime *time);

typedef struct
{
  gint64 run_id; /* in the log; 0 if the log could not be written */
  MrFileExchangeResult result;
  guint added;
  guint updated;
  guint skipped;
  guint exported;
  char *details;          /* translated, one line per file and problem */
  GError *error;          /* the first failure, or NULL */
  char *host_fingerprint; /* the server's key, when it was not accepted */
  gboolean data_changed;  /* something was imported */
  char *export_name;      /* the ZIP uploaded, or NULL */
} MrFileExchangeReport;

void mr_file_exchange_report_free (MrFileExchangeReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrFileExchangeReport, mr_file_exchange_report_free)

/* One run, blocking: use a thread, with a store of its own. It never
 * fails as a function: what went wrong is in the report (and the log). */
MrFileExchangeReport *mr_file_exchange_run (MrStore *store,
                                            const MrFileExchangeConfig *config,
                                            MrFileExchangeTrigger trigger,
                                            GCancellable *cancellable);

/* Connects and lists the remote folder, nothing else (Preferences'
 * "Check Connection"). @fingerprint receives the server's key fingerprint
 * whenever the server presented one. */
gboolean mr_file_exchange_check_connection (const MrFileExchangeConfig *config,
                                            char **fingerprint,
                                            GCancellable *cancellable,
                                            GError **error);

G_END_DECLS
