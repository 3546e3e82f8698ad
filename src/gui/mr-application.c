/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-application"

#include "config.h"

#include <glib/gi18n.h>

#include "files/mr-file-exchange-page.h"
#include "files/mr-file-exchange-scheduler.h"
#include "labels/mr-label-print-window.h"
#include "lockers/mr-locker-expiry.h"
#include "mr-locker-sim-controller.h"
#include "mr-carriers.h"
#include "mr-application.h"
#include "mr-preferences-window.h"
#include "mr-window.h"
#include "widgets/mr-gui-utils.h"

struct _MrApplication
{
  AdwApplication parent_instance;

  /* owned */
  GSettings *settings;
  MrStore *store;
  GError *open_error;
  MrFileExchangeScheduler *file_exchange;
  MrLockerExpiry *locker_expiry;
  MrLockerController *locker_controller;
  MrLockerDoorWatch *door_watch;
};

/* The simulated controller: a door closes this long after it opened (as
 * if the recipient shut it), and one still open after the second delay
 * is recorded as left open. No locker hardware protocol is supported yet;
 * the simulated controller runs the whole flow without one. */
#define SIM_CLOSE_DELAY_MS 8000
#define LEFT_OPEN_MS (2 * 60 * 1000)

G_DEFINE_FINAL_TYPE (MrApplication, mr_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (MrApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static char *
default_db_path (MrApplication *self)
{
  g_autofree char *configured = g_settings_get_string (self->settings, "database-path");

  if (configured[0] != '\0')
    return g_steal_pointer (&configured);
  return g_build_filename (g_get_user_data_dir (), "mailroom", "mailroom.db", NULL);
}

/* Opens the store once per process; a failure is kept to be shown by
 * activate(), where there is a display to show it on. */
static void
open_store (MrApplication *self, const char *path)
{
  g_autofree char *fallback = NULL;

  if (self->store != NULL || self->open_error != NULL)
    return;
  if (path == NULL)
    path = fallback = default_db_path (self);
  g_debug ("Opening %s", path);
  self->store = mr_store_open (path, &self->open_error);
}

static void
error_response_cb (AdwMessageDialog *dialog, const char *response, MrApplication *self)
{
  g_application_quit (G_APPLICATION (self));
}

static void
show_open_error (MrApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _ ("Cannot Open the Database"), self->open_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _ ("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  g_signal_connect_object (dialog, "response", G_CALLBACK (error_response_cb), self, 0);
  /* The dialog keeps the application running until it is answered. */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mr_application_activate (GApplication *app)
{
  MrApplication *self = MR_APPLICATION (app);
  GtkWindow *window;

  open_store (self, NULL);
  if (self->store == NULL)
    {
      show_open_error (self);
      return;
    }

  if (self->locker_controller == NULL)
    {
      self->locker_controller =
        MR_LOCKER_CONTROLLER (mr_locker_sim_controller_new (SIM_CLOSE_DELAY_MS));
      self->door_watch =
        mr_locker_door_watch_new (self->locker_controller, self->store, LEFT_OPEN_MS);
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (mr_window_new (self, self->store));
  gtk_window_present (window);

  /* The scheduled SFTP file exchange runs while the app does. */
  if (self->file_exchange == NULL && self->settings != NULL)
    self->file_exchange = mr_file_exchange_scheduler_new (app, self->store, self->settings);
  /* Deliveries past their period turn "expired" without anyone asking. */
  if (self->locker_expiry == NULL)
    self->locker_expiry = mr_locker_expiry_new (self->store, MR_LOCKER_EXPIRY_INTERVAL_SECONDS);
}

static int
mr_application_command_line (GApplication *app, GApplicationCommandLine *cmdline)
{
  MrApplication *self = MR_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  const char *arg = NULL;
  g_autofree char *path = NULL;

  if (!g_variant_dict_lookup (options, "db", "^&ay", &arg) || arg[0] == '\0')
    arg = g_application_command_line_getenv (cmdline, "MAILROOM_DB");
  if (arg != NULL && arg[0] != '\0')
    {
      g_autoptr (GFile) file = g_application_command_line_create_file_for_arg (cmdline, arg);

      path = g_file_get_path (file);
    }

  if (self->store != NULL && path != NULL && g_strcmp0 (path, mr_store_get_path (self->store)) != 0)
    /* A running instance serves one database; a second one would need a
     * second process, which D-Bus activation does not give us. */
    g_application_command_line_printerr (cmdline,
                                         _ ("Mailroom is already running with the database "
                                            "“%s”; “%s” was not opened.\n"),
                                         mr_store_get_path (self->store), path);
  else
    open_store (self, path);

  g_application_activate (app);
  return 0;
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = user_data;
  g_autoptr (GList) windows = g_list_copy (gtk_application_get_windows (app));

  if (windows == NULL)
    {
      g_application_quit (G_APPLICATION (app));
      return;
    }
  /* Closing (rather than quitting) lets each window save its size; the
   * application ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  MrApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *prefs;

  if (self->store == NULL)
    return;
  prefs = mr_preferences_window_new (self->store);
  if (self->settings != NULL)
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (prefs),
                                ADW_PREFERENCES_PAGE (mr_file_exchange_page_new (
                                  self->store, self->settings, self->file_exchange)));
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *parent = gtk_application_get_active_window (app);
  static const char *developers[] = { "The Mailroom developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW, "transient-for", parent, "application-name",
                        _ ("Mailroom"), "application-icon", APP_ID, "developer-name",
                        "The Mailroom developers", "developers", developers, "version",
                        PACKAGE_VERSION, "website", "https://mailroom.example.org", "comments",
                        _ ("Receive packages, fill smart lockers and hand mail "
                           "over to the people it is for."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line. */
                        "translator-credits", _ ("translator-credits"), NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* Labels of the packages received today, or of the kind asked for
 * ("package", "asset", …, as the action's optional parameter). */
static void
print_labels_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  MrApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *kind = param ? g_variant_get_string (param, NULL) : "package";
  GtkWidget *window;

  if (self->store == NULL)
    return;
  window = mr_label_print_window_new (self->store, kind, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "print-labels", print_labels_activated },
  { "print-labels-of-kind", print_labels_activated, "s" },
};

static gboolean
set_default_icon_cb (gpointer data)
{
  gtk_window_set_default_icon_name (APP_ID);
  return G_SOURCE_REMOVE;
}

static void
load_carrier_rules_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  mr_carrier_rules_get_default ();
}

/* The carrier rules (a few dozen regular expressions compiled from JSON)
 * are loaded once the window is up, in a thread, so that the first scan
 * does not wait for them (a scan before they are ready waits in
 * mr_carrier_rules_get_default(), never sees half of them). */
static gboolean
preload_carrier_rules_cb (gpointer data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_run_in_thread (task, load_carrier_rules_thread);
  return G_SOURCE_REMOVE;
}

static void
mr_application_startup (GApplication *app)
{
  MrApplication *self = MR_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (mr_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, "/org/gnome/Mailroom/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);

  g_set_application_name (_ ("Mailroom"));
  /* The window icon (X11 only: Wayland takes it from the desktop file) is
   * drawn from the SVG at several sizes; that waits for the first frame. */
  g_idle_add_full (G_PRIORITY_LOW, set_default_icon_cb, NULL, NULL);
  g_idle_add_full (G_PRIORITY_LOW, preload_carrier_rules_cb, NULL, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);

  g_signal_connect_object (self->settings, "changed::color-scheme", G_CALLBACK (apply_color_scheme),
                           self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
mr_application_dispose (GObject *object)
{
  MrApplication *self = (MrApplication *) object;

  if (self->file_exchange != NULL)
    mr_file_exchange_scheduler_stop (self->file_exchange);
  g_clear_object (&self->file_exchange);
  if (self->locker_expiry != NULL)
    mr_locker_expiry_stop (self->locker_expiry);
  g_clear_object (&self->locker_expiry);
  g_clear_pointer (&self->door_watch, mr_locker_door_watch_free);
  g_clear_object (&self->locker_controller);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->open_error);
  G_OBJECT_CLASS (mr_application_parent_class)->dispose (object);
}

static void
mr_application_class_init (MrApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mr_application_dispose;
  app_class->startup = mr_application_startup;
  app_class->activate = mr_application_activate;
  app_class->command_line = mr_application_command_line;
}

static void
mr_application_init (MrApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_ ("Open the database FILE instead of the default one"), N_ ("FILE") },
    { NULL },
  };

  self->settings = mr_settings_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (
    G_APPLICATION (self), _ ("Runs the mailroom: packages, lockers and the address book."));
}

MrApplication *
mr_application_new (void)
{
  /* No resource base path: GtkApplication would add its icons folder to
   * the icon theme, which makes GTK load the whole theme a second time in
   * the first frame, and build the shortcuts window with every window.
   * The stylesheet and the shortcuts window are loaded by hand instead
   * (startup and win.show-help-overlay). */
  return g_object_new (MR_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_COMMAND_LINE, "resource-base-path", NULL, NULL);
}

MrStore *
mr_application_get_store (MrApplication *self)
{
  g_return_val_if_fail (MR_IS_APPLICATION (self), NULL);
  return self->store;
}

GSettings *
mr_application_get_settings (MrApplication *self)
{
  g_return_val_if_fail (MR_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* What opens the locker doors, once the store is open; NULL before. */
MrLockerController *
mr_application_get_locker_controller (MrApplication *self)
{
  g_return_val_if_fail (MR_IS_APPLICATION (self), NULL);
  return self->locker_controller;
}
