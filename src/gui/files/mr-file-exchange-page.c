/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-file-exchange-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mr-file-exchange-page.h"
#include "mr-known-hosts.h"
#include "mr-net-loader.h"
#include "mr-secrets.h"
#include "widgets/mr-gui-utils.h"

#define RECENT_RUNS 20

struct _MrFileExchangePage
{
  AdwPreferencesPage parent_instance;

  /* template widgets */
  AdwEntryRow *host_row;
  GtkSpinButton *port_spin;
  AdwEntryRow *user_row;
  AdwComboRow *auth_row;
  AdwActionRow *key_row;
  AdwEntryRow *secret_row;
  AdwActionRow *secret_status_row;
  GtkButton *forget_button;
  AdwEntryRow *remote_dir_row;
  AdwActionRow *host_key_row;
  GtkSpinner *check_spinner;
  GtkButton *check_button;
  AdwEntryRow *org_file_row;
  AdwEntryRow *places_file_row;
  AdwEntryRow *contacts_file_row;
  GtkSwitch *valid_rows_switch;
  GtkSwitch *export_switch;
  GtkSwitch *schedule_switch;
  AdwActionRow *interval_row;
  GtkSpinButton *interval_spin;
  GtkDropDown *unit_dropdown;
  AdwActionRow *run_row;
  GtkSpinner *run_spinner;
  GtkButton *run_button;
  GtkListBox *runs_list;

  /* owned */
  MrStore *store;
  GSettings *settings;
  MrFileExchangeScheduler *scheduler;
  GCancellable *cancellable;        /* everything asynchronous, until dispose */
  GCancellable *lookup_cancellable; /* the keyring look-up under way */
  char *known_hosts;
  gboolean updating;
  guint refresh_id;
};

G_DEFINE_FINAL_TYPE (MrFileExchangePage, mr_file_exchange_page, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_SCHEDULER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (MrFileExchangePage *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  mr_widget_add_toast (GTK_WIDGET (self), adw_toast_new (escaped));
}

static void
show_message (MrFileExchangePage *self, const char *heading, const char *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog =
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
is_password_auth (MrFileExchangePage *self)
{
  g_autofree char *auth = g_settings_get_string (self->settings, "file-exchange-auth");

  return g_strcmp0 (auth, "password") == 0;
}

/* The keyring entry the current settings use, or FALSE when there is
 * none to use yet (no host or user, or no key file). */
static gboolean
current_secret (MrFileExchangePage *self, MrSecretKind *kind, char **key)
{
  g_autofree char *host = g_settings_get_string (self->settings, "file-exchange-host");
  g_autofree char *user = g_settings_get_string (self->settings, "file-exchange-user");
  g_autofree char *key_file = g_settings_get_string (self->settings, "file-exchange-key-file");

  g_strstrip (host);
  if (is_password_auth (self))
    {
      *kind = MR_SECRET_SFTP_PASSWORD;
      if (host[0] == '\0' || user[0] == '\0')
        return FALSE;
      *key = mr_secret_sftp_password_key (user, host);
      return TRUE;
    }
  *kind = MR_SECRET_SFTP_PASSPHRASE;
  if (key_file[0] == '\0')
    return FALSE;
  *key = g_steal_pointer (&key_file);
  return TRUE;
}

static void
lookup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MrFileExchangePage *self = user_data;
  g_autoptr (GError) error = NULL;
  char *secret = mr_secret_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    adw_action_row_set_subtitle (self->secret_status_row, error->message);
  else if (secret != NULL)
    adw_action_row_set_subtitle (self->secret_status_row,
                                 is_password_auth (self)
                                   ? _ ("The password is saved in the keyring")
                                   : _ ("The passphrase is saved in the keyring"));
  else
    adw_action_row_set_subtitle (self->secret_status_row, is_password_auth (self)
                                                            ? _ ("No password is saved")
                                                            : _ ("No passphrase is saved"));
  gtk_widget_set_visible (GTK_WIDGET (self->forget_button), secret != NULL);
  mr_secret_free (secret);
}

static void
refresh_secret_status (MrFileExchangePage *self)
{
  g_autofree char *key = NULL;
  g_autofree char *key_file = g_settings_get_string (self->settings, "file-exchange-key-file");
  MrSecretKind kind;
  gboolean password = is_password_auth (self);

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->forget_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->key_row), !password);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 password ? _ ("Password") : _ ("Key Passphrase"));
  adw_action_row_set_subtitle (self->key_row,
                               key_file[0] != '\0' ? key_file : _ ("No key file chosen"));

  if (!current_secret (self, &kind, &key))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->secret_row), FALSE);
      adw_action_row_set_subtitle (self->secret_status_row,
                                   password ? _ ("Set the host and user name first")
                                            : _ ("Choose the key file first"));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->secret_row), TRUE);
  self->lookup_cancellable = g_cancellable_new ();
  mr_secret_lookup (kind, key, self->lookup_cancellable, lookup_done_cb, self);
}

static void
store_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MrFileExchangePage *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!mr_secret_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  toast (self, _ ("Saved in the keyring"));
  refresh_secret_status (self);
}

static void
secret_apply_cb (MrFileExchangePage *self)
{
  g_autofree char *key = NULL;
  g_autofree char *secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->secret_row)));
  MrSecretKind kind;

  if (!current_secret (self, &kind, &key))
    return;
  /* Only the keyring keeps it: the entry forgets it at once. */
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  mr_secret_store (kind, key, secret, self->cancellable, store_done_cb, self);
  memset (secret, 0, strlen (secret));
}

static void
clear_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MrFileExchangePage *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!mr_secret_clear_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  refresh_secret_status (self);
}

static void
forget_button_clicked_cb (MrFileExchangePage *self)
{
  g_autofree char *key = NULL;
  MrSecretKind kind;

  if (current_secret (self, &kind, &key))
    mr_secret_clear (kind, key, self->cancellable, clear_done_cb, self);
}

static void
refresh_host_key (MrFileExchangePage *self)
{
  g_autofree char *host = g_settings_get_string (self->settings, "file-exchange-host");
  guint port = (guint) g_settings_get_int (self->settings, "file-exchange-port");
  g_auto (GStrv) fingerprints = NULL;
  g_autoptr (GError) error = NULL;

  g_strstrip (host);
  if (host[0] == '\0')
    {
      adw_action_row_set_subtitle (self->host_key_row, _ ("No server is set"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), FALSE);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), TRUE);
  fingerprints = mr_known_hosts_lookup (self->known_hosts, host, port, &error);
  if (error != NULL)
    adw_action_row_set_subtitle (self->host_key_row, error->message);
  else if (fingerprints[0] == NULL)
    adw_action_row_set_subtitle (self->host_key_row,
                                 _ ("Not accepted yet: check the connection to see the server’s "
                                    "key"));
  else
    {
      g_autofree char *joined = g_strjoinv ("\n", fingerprints);

      adw_action_row_set_subtitle (self->host_key_row, joined);
    }
}

/* Checking the connection, in a thread */

typedef struct
{
  MrFileExchangeConfig *config;
  char *fingerprint;
} CheckData;

static void
check_data_free (CheckData *data)
{
  mr_file_exchange_config_free (data->config);
  g_free (data->fingerprint);
  g_free (data);
}

static void
check_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CheckData *data = task_data;
  GError *error = NULL;
  const MrNetTransport *transport;

  if (!mr_file_exchange_config_load_secret (data->config, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  transport = mr_net_transport_load (&error);
  if (transport == NULL ||
      !transport->check_connection (data->config, &data->fingerprint, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void start_check (MrFileExchangePage *self, const char *accept_fingerprint);

static void
trust_response_cb (AdwMessageDialog *dialog, const char *response, MrFileExchangePage *self)
{
  const char *fingerprint = g_object_get_data (G_OBJECT (dialog), "fingerprint");

  if (g_strcmp0 (response, "trust") == 0)
    /* Connect again, accepting only the key that was shown: if another
     * one turns up meanwhile, it is refused. */
    start_check (self, fingerprint);
}

static void
ask_trust (MrFileExchangePage *self, const GError *error, const char *fingerprint)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean changed = g_error_matches (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_CHANGED);
  g_autofree char *host = g_settings_get_string (self->settings, "file-exchange-host");
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (changed)
    body = g_strdup_printf (_ ("The server %s now presents a host key with the fingerprint\n\n"
                               "%s\n\n"
                               "which is not the key you accepted before. Someone may be "
                               "intercepting the connection. Accept the new key only if the "
                               "server’s administrator confirms this exact fingerprint."),
                            g_strstrip (host), fingerprint);
  else
    body = g_strdup_printf (_ ("The server %s presents a host key with the fingerprint\n\n"
                               "%s\n\n"
                               "Compare it with the fingerprint the server’s administrator "
                               "gives you (for example from “ssh-keygen -lf” on the server). "
                               "Trust it only if they are the same."),
                            g_strstrip (host), fingerprint);
  dialog = adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
    changed ? _ ("The Server’s Key Has Changed") : _ ("Trust This Server?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "trust",
                                    _ ("_Trust This Key"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              changed ? ADW_RESPONSE_DESTRUCTIVE
                                                      : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "fingerprint", g_strdup (fingerprint), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
check_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MrFileExchangePage *self = MR_FILE_EXCHANGE_PAGE (source);
  CheckData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), FALSE);
  gtk_spinner_stop (self->check_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), TRUE);
  refresh_host_key (self);

  if (error == NULL)
    toast (self, _ ("Connected: the server is trusted and the folder can be read"));
  else if ((g_error_matches (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_UNKNOWN) ||
            g_error_matches (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_CHANGED)) &&
           data->fingerprint != NULL)
    ask_trust (self, error, data->fingerprint);
  else
    show_message (self, _ ("Connection Failed"), error->message);
}

static void
start_check (MrFileExchangePage *self, const char *accept_fingerprint)
{
  g_autoptr (GTask) task = NULL;
  CheckData *data = g_new0 (CheckData, 1);

  data->config = mr_file_exchange_config_new_from_settings (self->settings);
  data->config->sftp.known_hosts = g_strdup (self->known_hosts);
  data->config->sftp.accept_fingerprint = g_strdup (accept_fingerprint);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), TRUE);
  gtk_spinner_start (self->check_spinner);

  task = g_task_new (self, self->cancellable, check_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_task_run_in_thread (task, check_thread);
}

static void
check_button_clicked_cb (MrFileExchangePage *self)
{
  start_check (self, NULL);
}

/* The key file */

static void
key_chooser_response_cb (GtkNativeDialog *chooser, int response, MrFileExchangePage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "file-exchange-key-file", path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
key_button_clicked_cb (MrFileExchangePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *ssh_dir = g_build_filename (g_get_home_dir (), ".ssh", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (ssh_dir);

  chooser = gtk_file_chooser_native_new (
    _ ("Choose the Private Key"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
    GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Choose"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (g_file_test (ssh_dir, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_signal_connect_object (chooser, "response", G_CALLBACK (key_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Schedule */

static void
sync_interval (MrFileExchangePage *self)
{
  guint minutes = g_settings_get_uint (self->settings, "file-exchange-interval");
  gboolean hours = minutes % 60 == 0;

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->unit_dropdown, hours ? 1 : 0);
  gtk_spin_button_set_range (self->interval_spin, 1, hours ? 168 : 1440);
  gtk_spin_button_set_value (self->interval_spin, hours ? minutes / 60 : minutes);
  self->updating = FALSE;
}

static void
interval_changed_cb (MrFileExchangePage *self)
{
  gboolean hours;
  guint value;

  if (self->updating || self->settings == NULL)
    return;
  hours = gtk_drop_down_get_selected (self->unit_dropdown) == 1;
  gtk_spin_button_set_range (self->interval_spin, 1, hours ? 168 : 1440);
  value = (guint) gtk_spin_button_get_value_as_int (self->interval_spin);
  g_settings_set_uint (self->settings, "file-exchange-interval", hours ? value * 60 : value);
}

static void
refresh_run_row (MrFileExchangePage *self)
{
  gboolean running = self->scheduler && mr_file_exchange_scheduler_get_running (self->scheduler);
  gint64 next = self->scheduler ? mr_file_exchange_scheduler_get_next_run (self->scheduler) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self->run_spinner), running);
  gtk_spinner_set_spinning (self->run_spinner, running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), self->scheduler && !running);
  if (running)
    adw_action_row_set_subtitle (self->run_row, _ ("Running…"));
  else if (next > 0)
    {
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (next / G_USEC_PER_SEC);
      /* Translators: a date and time, see the strftime manual */
      g_autofree char *text = g_date_time_format (when, _ ("%A %H:%M"));

      adw_action_row_set_subtitle (self->run_row, text);
    }
  else
    adw_action_row_set_subtitle (self->run_row, _ ("Not scheduled"));
}

static void
run_button_clicked_cb (MrFileExchangePage *self)
{
  if (self->scheduler != NULL)
    mr_file_exchange_scheduler_run_now (self->scheduler, MR_FILE_EXCHANGE_TRIGGER_MANUAL);
}

/* Recent runs */

static const char *
result_icon (MrFileExchangeResult result)
{
  switch (result)
    {
    case MR_FILE_EXCHANGE_OK:
      return "emblem-ok-symbolic";
    case MR_FILE_EXCHANGE_PARTIAL:
      return "dialog-warning-symbolic";
    case MR_FILE_EXCHANGE_FAILED:
      return "dialog-error-symbolic";
    case MR_FILE_EXCHANGE_RUNNING:
    default:
      return "content-loading-symbolic";
    }
}

static GtkWidget *
run_row_new (const MrFileExchangeRun *run)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (result_icon (run->result));
  GtkWidget *label;
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (run->started_at / G_USEC_PER_SEC);
  /* Translators: a date and time, see the strftime manual */
  g_autofree char *time = g_date_time_format (when, _ ("%x %H:%M"));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: "<date and time> — Succeeded" */
  title = g_strdup_printf (_ ("%s — %s"), time, mr_file_exchange_result_label (run->result));
  subtitle = g_strdup_printf (
    /* Translators: how a run started, then its counts */
    _ ("%s · %lld added, %lld updated, %lld skipped, %lld exported"),
    mr_file_exchange_trigger_label (run->trigger), (long long) run->added, (long long) run->updated,
    (long long) run->skipped, (long long) run->exported);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  mr_file_exchange_result_label (run->result), -1);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  label = gtk_label_new (run->details && run->details[0] ? run->details : _ ("No details."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "run-id", GINT_TO_POINTER ((int) run->id));
  return row;
}

static void
refresh_runs (MrFileExchangePage *self)
{
  g_autoptr (GPtrArray) runs = mr_file_exchange_log_list (self->store, RECENT_RUNS);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->runs_list))) != NULL)
    gtk_list_box_remove (self->runs_list, child);
  for (guint i = 0; i < runs->len; i++)
    gtk_list_box_append (self->runs_list, run_row_new (g_ptr_array_index (runs, i)));
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  MrFileExchangePage *self = user_data;

  self->refresh_id = 0;
  refresh_runs (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (MrFileExchangePage *self, guint delay_ms)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (delay_ms, refresh_idle_cb, self);
}

static void
store_changed_cb (MrFileExchangePage *self, const char *entity, const char *id)
{
  if (g_strcmp0 (entity, "file_exchange_run") == 0)
    queue_refresh (self, 0);
}

static void
scheduler_notify_cb (MrFileExchangePage *self)
{
  refresh_run_row (self);
  /* The worker writes the run's row right after it starts. */
  if (mr_file_exchange_scheduler_get_running (self->scheduler))
    queue_refresh (self, 500);
}

static void
settings_changed_cb (MrFileExchangePage *self, const char *key)
{
  if (g_strcmp0 (key, "file-exchange-host") == 0 || g_strcmp0 (key, "file-exchange-port") == 0)
    refresh_host_key (self);
  if (g_strcmp0 (key, "file-exchange-host") == 0 || g_strcmp0 (key, "file-exchange-user") == 0 ||
      g_strcmp0 (key, "file-exchange-auth") == 0 || g_strcmp0 (key, "file-exchange-key-file") == 0)
    refresh_secret_status (self);
  if (g_strcmp0 (key, "file-exchange-interval") == 0)
    sync_interval (self);
}

static gboolean
auth_get_mapping (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "password") == 0);
  return TRUE;
}

static GVariant *
auth_set_mapping (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "password" : "key");
}

static void
mr_file_exchange_page_constructed (GObject *object)
{
  MrFileExchangePage *self = (MrFileExchangePage *) object;
  const struct
  {
    const char *key;
    gpointer widget;
    const char *property;
  } bindings[] = {
    { "file-exchange-host", self->host_row, "text" },
    { "file-exchange-port", self->port_spin, "value" },
    { "file-exchange-user", self->user_row, "text" },
    { "file-exchange-remote-dir", self->remote_dir_row, "text" },
    { "file-exchange-org-file", self->org_file_row, "text" },
    { "file-exchange-places-file", self->places_file_row, "text" },
    { "file-exchange-contacts-file", self->contacts_file_row, "text" },
    { "file-exchange-valid-rows-only", self->valid_rows_switch, "active" },
    { "file-exchange-export-contacts", self->export_switch, "active" },
    { "file-exchange-schedule-enabled", self->schedule_switch, "active" },
  };

  G_OBJECT_CLASS (mr_file_exchange_page_parent_class)->constructed (object);

  g_assert (MR_IS_STORE (self->store));
  g_assert (G_IS_SETTINGS (self->settings));

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    g_settings_bind (self->settings, bindings[i].key, bindings[i].widget, bindings[i].property,
                     G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "file-exchange-auth", self->auth_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, auth_get_mapping, auth_set_mapping, NULL,
                                NULL);
  g_settings_bind (self->settings, "file-exchange-schedule-enabled", self->interval_row,
                   "sensitive", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->scheduler != NULL)
    {
      g_signal_connect_object (self->scheduler, "notify::running", G_CALLBACK (scheduler_notify_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->scheduler, "notify::next-run", G_CALLBACK (refresh_run_row),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->run_button), self->scheduler != NULL);

  sync_interval (self);
  refresh_host_key (self);
  refresh_secret_status (self);
  refresh_run_row (self);
  refresh_runs (self);
}

static void
mr_file_exchange_page_dispose (GObject *object)
{
  MrFileExchangePage *self = (MrFileExchangePage *) object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MR_TYPE_FILE_EXCHANGE_PAGE);
  G_OBJECT_CLASS (mr_file_exchange_page_parent_class)->dispose (object);
}

static void
mr_file_exchange_page_finalize (GObject *object)
{
  MrFileExchangePage *self = (MrFileExchangePage *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->scheduler);
  g_free (self->known_hosts);
  G_OBJECT_CLASS (mr_file_exchange_page_parent_class)->finalize (object);
}

static void
mr_file_exchange_page_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  MrFileExchangePage *self = MR_FILE_EXCHANGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_file_exchange_page_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  MrFileExchangePage *self = MR_FILE_EXCHANGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_file_exchange_page_class_init (MrFileExchangePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mr_file_exchange_page_constructed;
  object_class->dispose = mr_file_exchange_page_dispose;
  object_class->finalize = mr_file_exchange_page_finalize;
  object_class->get_property = mr_file_exchange_page_get_property;
  object_class->set_property = mr_file_exchange_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, MR_TYPE_FILE_EXCHANGE_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-file-exchange-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, host_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, user_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, auth_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, key_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, secret_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, secret_status_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, forget_button);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, remote_dir_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, host_key_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, check_button);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, org_file_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, places_file_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, contacts_file_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, valid_rows_switch);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, export_switch);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, schedule_switch);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, interval_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, run_row);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, run_spinner);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, run_button);
  gtk_widget_class_bind_template_child (widget_class, MrFileExchangePage, runs_list);
  gtk_widget_class_bind_template_callback (widget_class, key_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, forget_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, interval_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_button_clicked_cb);
}

static void
mr_file_exchange_page_init (MrFileExchangePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->known_hosts = mr_known_hosts_default_path ();
}

GtkWidget *
mr_file_exchange_page_new (MrStore *store, GSettings *settings, MrFileExchangeScheduler *scheduler)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (scheduler == NULL || MR_IS_FILE_EXCHANGE_SCHEDULER (scheduler), NULL);

  return g_object_new (MR_TYPE_FILE_EXCHANGE_PAGE, "store", store, "settings", settings,
                       "scheduler", scheduler, NULL);
}
