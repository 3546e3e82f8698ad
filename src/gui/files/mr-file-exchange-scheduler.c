/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-file-exchange-scheduler"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-file-exchange-scheduler.h"
#include "mr-net-loader.h"

/* The wall clock is read every TICK_SECONDS rather than one long timeout
 * set per run: a machine that slept, or a clock that was set, catches up
 * on the next tick. */
#define TICK_SECONDS 30
#define NOTIFICATION_ID "file-exchange"

struct _MrFileExchangeScheduler
{
  GObject parent_instance;

  /* owned */
  MrStore *store;
  GSettings *settings;
  GCancellable *cancellable;
  MrFileExchangeSchedule schedule;
  guint tick_id;
  gboolean running;
  gboolean stopped;

  /* borrowed: the application owns us */
  GApplication *application;
};

G_DEFINE_FINAL_TYPE (MrFileExchangeScheduler, mr_file_exchange_scheduler, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_NEXT_RUN,
  N_PROPS
};

enum
{
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char *db_path;
  MrFileExchangeConfig *config;
  MrFileExchangeTrigger trigger;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->db_path);
  mr_file_exchange_config_free (data->config);
  g_free (data);
}

static guint
interval_minutes (MrFileExchangeScheduler *self)
{
  if (!g_settings_get_boolean (self->settings, "file-exchange-schedule-enabled"))
    return 0;
  return g_settings_get_uint (self->settings, "file-exchange-interval");
}

static void
restart_schedule (MrFileExchangeScheduler *self)
{
  gint64 last = mr_file_exchange_log_get_last_start (self->store);

  mr_file_exchange_schedule_start (&self->schedule, interval_minutes (self), last,
                                   g_get_real_time ());
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RUN]);
}

static void
settings_changed_cb (MrFileExchangeScheduler *self, const char *key)
{
  /* Only what decides when to run; a run reads the rest when it starts. */
  if (g_strcmp0 (key, "file-exchange-schedule-enabled") == 0 ||
      g_strcmp0 (key, "file-exchange-interval") == 0)
    restart_schedule (self);
}

/* In a worker thread: its own connection to the same database (WAL lets
 * the window read while the import writes). */
static void
run_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr (MrStore) store = NULL;
  g_autoptr (GError) error = NULL;
  MrFileExchangeReport *report;
  const MrNetTransport *transport;

  if (!mr_file_exchange_config_load_secret (data->config, cancellable, &error))
    {
      /* The run goes on: it says what is missing in its own words. */
      g_warning ("%s", error->message);
      g_clear_error (&error);
    }
  transport = mr_net_transport_load (&error);
  if (transport != NULL)
    store = mr_store_open (data->db_path, &error);
  if (store == NULL)
    {
      report = g_new0 (MrFileExchangeReport, 1);
      report->result = MR_FILE_EXCHANGE_FAILED;
      report->details = g_strdup (error->message);
      report->error = g_steal_pointer (&error);
      g_task_return_pointer (task, report, (GDestroyNotify) mr_file_exchange_report_free);
      return;
    }
  report = transport->run (store, data->config, data->trigger, cancellable);
  g_task_return_pointer (task, report, (GDestroyNotify) mr_file_exchange_report_free);
}

static void
notify_result (MrFileExchangeScheduler *self, const MrFileExchangeReport *report)
{
  g_autoptr (GNotification) notification = NULL;
  g_autoptr (GString) body = g_string_new (NULL);

  if (self->application == NULL || !g_application_get_is_registered (self->application))
    return;
  if (report->result == MR_FILE_EXCHANGE_OK)
    {
      /* The trouble reported earlier is over. */
      g_application_withdraw_notification (self->application, NOTIFICATION_ID);
      return;
    }
  notification = g_notification_new (report->result == MR_FILE_EXCHANGE_FAILED
                                       ? _ ("File Exchange Failed")
                                       : _ ("File Exchange Partly Failed"));
  if (report->error != NULL)
    g_string_append (body, report->error->message);
  if (self->schedule.next_due > 0)
    {
      g_autoptr (GDateTime) next =
        g_date_time_new_from_unix_local (self->schedule.next_due / G_USEC_PER_SEC);
      g_autofree char *time = g_date_time_format (next, "%H:%M");

      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* Translators: %s is a time such as 14:05 */
      g_string_append_printf (body, _ ("Next attempt at %s."), time);
    }
  g_notification_set_body (notification, body->str);
  g_notification_set_priority (notification, report->result == MR_FILE_EXCHANGE_FAILED
                                               ? G_NOTIFICATION_PRIORITY_HIGH
                                               : G_NOTIFICATION_PRIORITY_NORMAL);
  /* The details and the settings are both in Preferences. */
  g_notification_set_default_action (notification, "app.preferences");
  g_application_send_notification (self->application, NOTIFICATION_ID, notification);
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MrFileExchangeScheduler *self = MR_FILE_EXCHANGE_SCHEDULER (source);
  g_autoptr (MrFileExchangeReport) report = NULL;

  report = g_task_propagate_pointer (G_TASK (result), NULL);
  self->running = FALSE;
  g_clear_object (&self->cancellable);
  if (self->stopped || report == NULL)
    return;

  /* The import wrote through another connection: the window's lists
   * re-read, and the run log shows the run's end. */
  mr_file_exchange_log_notify (self->store, report->data_changed);
  mr_file_exchange_schedule_ran (&self->schedule, report->result, interval_minutes (self),
                                 g_get_real_time ());
  g_debug ("Run %" G_GINT64_FORMAT ": %s; next in %" G_GINT64_FORMAT " s", report->run_id,
           mr_file_exchange_result_to_string (report->result),
           self->schedule.next_due ? (self->schedule.next_due - g_get_real_time ()) / G_USEC_PER_SEC
                                   : -1);
  notify_result (self, report);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RUN]);
  g_signal_emit (self, signals[FINISHED], 0, report);
}

gboolean
mr_file_exchange_scheduler_run_now (MrFileExchangeScheduler *self, MrFileExchangeTrigger trigger)
{
  g_autoptr (GTask) task = NULL;
  RunData *data;

  g_return_val_if_fail (MR_IS_FILE_EXCHANGE_SCHEDULER (self), FALSE);

  if (self->running || self->stopped)
    return FALSE;
  data = g_new0 (RunData, 1);
  data->db_path = g_strdup (mr_store_get_path (self->store));
  data->config = mr_file_exchange_config_new_from_settings (self->settings);
  data->trigger = trigger;

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, mr_file_exchange_scheduler_run_now);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  /* The log shows the run as soon as the thread has written its row; the
   * page asks again when the run ends. */
  return TRUE;
}

gboolean
mr_file_exchange_scheduler_check_due (MrFileExchangeScheduler *self, gint64 now)
{
  g_autoptr (MrFileExchangeConfig) config = NULL;

  g_return_val_if_fail (MR_IS_FILE_EXCHANGE_SCHEDULER (self), FALSE);

  if (self->running || self->schedule.next_due == 0 || now < self->schedule.next_due)
    return FALSE;
  /* Nothing configured yet: nothing to retry, no failure to report. */
  config = mr_file_exchange_config_new_from_settings (self->settings);
  if (!mr_file_exchange_config_check (config, NULL))
    {
      restart_schedule (self);
      return FALSE;
    }
  return mr_file_exchange_scheduler_run_now (self, MR_FILE_EXCHANGE_TRIGGER_SCHEDULE);
}

static gboolean
tick_cb (gpointer user_data)
{
  mr_file_exchange_scheduler_check_due (user_data, g_get_real_time ());
  return G_SOURCE_CONTINUE;
}

gboolean
mr_file_exchange_scheduler_get_running (MrFileExchangeScheduler *self)
{
  g_return_val_if_fail (MR_IS_FILE_EXCHANGE_SCHEDULER (self), FALSE);
  return self->running;
}

gint64
mr_file_exchange_scheduler_get_next_run (MrFileExchangeScheduler *self)
{
  g_return_val_if_fail (MR_IS_FILE_EXCHANGE_SCHEDULER (self), 0);
  return self->schedule.next_due;
}

void
mr_file_exchange_scheduler_stop (MrFileExchangeScheduler *self)
{
  g_return_if_fail (MR_IS_FILE_EXCHANGE_SCHEDULER (self));

  self->stopped = TRUE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
}

static void
mr_file_exchange_scheduler_dispose (GObject *object)
{
  MrFileExchangeScheduler *self = (MrFileExchangeScheduler *) object;

  mr_file_exchange_scheduler_stop (self);
  G_OBJECT_CLASS (mr_file_exchange_scheduler_parent_class)->dispose (object);
}

static void
mr_file_exchange_scheduler_finalize (GObject *object)
{
  MrFileExchangeScheduler *self = (MrFileExchangeScheduler *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mr_file_exchange_scheduler_parent_class)->finalize (object);
}

static void
mr_file_exchange_scheduler_get_property (GObject *object,
                                         guint prop_id,
                                         GValue *value,
                                         GParamSpec *pspec)
{
  MrFileExchangeScheduler *self = MR_FILE_EXCHANGE_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_NEXT_RUN:
      g_value_set_int64 (value, self->schedule.next_due);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_file_exchange_scheduler_class_init (MrFileExchangeSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mr_file_exchange_scheduler_dispose;
  object_class->finalize = mr_file_exchange_scheduler_finalize;
  object_class->get_property = mr_file_exchange_scheduler_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NEXT_RUN] =
    g_param_spec_int64 ("next-run", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MrFileExchangeScheduler::finished:
   * @report: (type gpointer): the MrFileExchangeReport of the run
   *
   * A run ended; the store has been told to re-read.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
mr_file_exchange_scheduler_init (MrFileExchangeScheduler *self)
{
}

MrFileExchangeScheduler *
mr_file_exchange_scheduler_new (GApplication *application, MrStore *store, GSettings *settings)
{
  MrFileExchangeScheduler *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MR_TYPE_FILE_EXCHANGE_SCHEDULER, NULL);
  self->application = application;
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  restart_schedule (self);
  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
  return self;
}
