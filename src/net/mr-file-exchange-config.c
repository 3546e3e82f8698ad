/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File exchange settings and reports: what the app needs without the
 * transport (libcurl, libarchive), which mr-file-exchange.c holds. */
#define G_LOG_DOMAIN "mr-file-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-file-exchange.h"
#include "mr-known-hosts.h"
#include "mr-secrets.h"

MrFileExchangeConfig *
mr_file_exchange_config_new (void)
{
  MrFileExchangeConfig *config = g_new0 (MrFileExchangeConfig, 1);

  config->sftp.port = 22;
  config->sftp.auth = MR_SFTP_AUTH_KEY;
  config->remote_dir = g_strdup ("");
  config->contacts_file = g_strdup ("contacts.csv");
  config->places_file = g_strdup ("places.csv");
  config->org_file = g_strdup ("org.csv");
  config->export_contacts = TRUE;
  return config;
}

MrFileExchangeConfig *
mr_file_exchange_config_copy (const MrFileExchangeConfig *config)
{
  MrFileExchangeConfig *copy = g_new0 (MrFileExchangeConfig, 1);
  g_autoptr (MrSftpOptions) sftp = mr_sftp_options_copy (&config->sftp);

  *copy = *config;
  copy->sftp = *sftp;
  g_free (g_steal_pointer (&sftp)); /* its strings now belong to copy->sftp */
  copy->remote_dir = g_strdup (config->remote_dir);
  copy->contacts_file = g_strdup (config->contacts_file);
  copy->places_file = g_strdup (config->places_file);
  copy->org_file = g_strdup (config->org_file);
  return copy;
}

void
mr_file_exchange_config_free (MrFileExchangeConfig *config)
{
  if (config == NULL)
    return;
  mr_sftp_options_clear (&config->sftp);
  g_free (config->remote_dir);
  g_free (config->contacts_file);
  g_free (config->places_file);
  g_free (config->org_file);
  g_free (config);
}

/* The same lookup as the application's: the installed schema, else the
 * one compiled in the build tree, so that an uninstalled mailroom-cli reads
 * the same settings as an uninstalled app. */
GSettings *
mr_file_exchange_settings_new (void)
{
  static GSettingsSchemaSource *build_source;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      if (build_source == NULL &&
          g_file_test (BUILD_SCHEMADIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
        build_source =
          g_settings_schema_source_new_from_directory (BUILD_SCHEMADIR, source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, TRUE);
    }
  /* An older schema without the file exchange keys is as good as none. */
  if (schema == NULL || !g_settings_schema_has_key (schema, "file-exchange-host"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

MrFileExchangeConfig *
mr_file_exchange_config_new_from_settings (GSettings *settings)
{
  MrFileExchangeConfig *config = mr_file_exchange_config_new ();
  g_autofree char *auth = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), config);

  host = g_settings_get_string (settings, "file-exchange-host");
  config->sftp.host = g_strdup (g_strstrip (host));
  config->sftp.port = (guint) g_settings_get_int (settings, "file-exchange-port");
  config->sftp.user = g_settings_get_string (settings, "file-exchange-user");
  auth = g_settings_get_string (settings, "file-exchange-auth");
  if (!mr_sftp_auth_from_string (auth, &config->sftp.auth))
    config->sftp.auth = MR_SFTP_AUTH_KEY;
  config->sftp.key_file = g_settings_get_string (settings, "file-exchange-key-file");
  g_free (config->remote_dir);
  config->remote_dir = g_settings_get_string (settings, "file-exchange-remote-dir");
  g_free (config->contacts_file);
  config->contacts_file = g_settings_get_string (settings, "file-exchange-contacts-file");
  g_free (config->places_file);
  config->places_file = g_settings_get_string (settings, "file-exchange-places-file");
  g_free (config->org_file);
  config->org_file = g_settings_get_string (settings, "file-exchange-org-file");
  config->export_contacts = g_settings_get_boolean (settings, "file-exchange-export-contacts");
  config->valid_rows_only = g_settings_get_boolean (settings, "file-exchange-valid-rows-only");
  if (g_settings_get_boolean (settings, "file-exchange-schedule-enabled"))
    config->interval_minutes = g_settings_get_uint (settings, "file-exchange-interval");
  return config;
}

gboolean
mr_file_exchange_config_check (const MrFileExchangeConfig *config, GError **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (config->sftp.host == NULL || config->sftp.host[0] == '\0')
    {
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_FAILED,
                   _ ("No SFTP server is set. Set one in Preferences, under File Exchange."));
      return FALSE;
    }
  if (config->sftp.user == NULL || config->sftp.user[0] == '\0')
    {
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_AUTH,
                   _ ("No user name is set for the SFTP server."));
      return FALSE;
    }
  if (config->sftp.auth == MR_SFTP_AUTH_KEY &&
      (config->sftp.key_file == NULL || config->sftp.key_file[0] == '\0'))
    {
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_KEY_FILE,
                   _ ("No private key file is set for the SFTP server."));
      return FALSE;
    }
  return TRUE;
}

gboolean
mr_file_exchange_config_load_secret (MrFileExchangeConfig *config,
                                     GCancellable *cancellable,
                                     GError **error)
{
  g_autofree char *key = NULL;
  MrSecretKind kind;

  g_return_val_if_fail (config != NULL, FALSE);

  if (config->sftp.secret != NULL)
    return TRUE;
  if (config->sftp.auth == MR_SFTP_AUTH_PASSWORD)
    {
      kind = MR_SECRET_SFTP_PASSWORD;
      key = mr_secret_sftp_password_key (config->sftp.user, config->sftp.host);
    }
  else
    {
      /* An unencrypted key needs nothing: no keyring is asked (the command
       * line may well run with none). */
      if (!mr_ssh_key_file_is_encrypted (config->sftp.key_file))
        return TRUE;
      kind = MR_SECRET_SFTP_PASSPHRASE;
      key = g_strdup (config->sftp.key_file);
    }
  config->sftp.secret = mr_secret_lookup_sync (kind, key, cancellable, error);
  return error == NULL || *error == NULL;
}

char *
mr_file_exchange_export_name (GDateTime *time)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "contacts-%Y%m%d-%H%M%S.zip");
}

void
mr_file_exchange_report_free (MrFileExchangeReport *report)
{
  if (report == NULL)
    return;
  g_free (report->details);
  g_clear_error (&report->error);
  g_free (report->host_fingerprint);
  g_free (report->export_name);
  g_free (report);
}
