/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mr-application.h"
#include "widgets/mr-gui-utils.h"

/* The installed catalogues when there are any, else the ones meson builds,
 * so that an uninstalled build speaks French too. */
static const char *
pick_locale_dir (void)
{
  const char *env = g_getenv ("MAILROOM_LOCALEDIR");
  g_autofree char *installed_mo = NULL;

  if (env != NULL && env[0] != '\0')
    return env;
  installed_mo = g_build_filename (LOCALEDIR, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (g_file_test (installed_mo, G_FILE_TEST_EXISTS))
    return LOCALEDIR;
  return BUILD_LOCALEDIR;
}

/* The language chosen in Preferences wins over the system's. It must be set
 * before the first string is translated, hence here and not in the
 * application: it applies from the next start. */
static void
apply_language (GSettings *settings)
{
  g_autofree char *language = g_settings_get_string (settings, "language");
  const char *messages;

  if (language[0] == '\0')
    return;
  g_setenv ("LANGUAGE", language, TRUE);
  /* gettext ignores LANGUAGE under the plain C locale, and could not convert
   * “é” to its ASCII; C.UTF-8 has the same rules and neither problem. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    {
      /* Through the environment: gtk_init() calls setlocale() again. */
      g_unsetenv ("LC_ALL");
      g_setenv ("LC_MESSAGES", "C.UTF-8", TRUE);
      g_setenv ("LC_CTYPE", "C.UTF-8", TRUE);
      setlocale (LC_ALL, "");
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr (MrApplication) app = NULL;
  g_autoptr (GSettings) settings = NULL;

  setlocale (LC_ALL, "");

  /* Before textdomain(): GLib decides once, at its first translation, whether
   * to translate at all, and reading the settings may already translate an
   * error message. With the default domain still set, it decides yes. */
  settings = mr_settings_new ();
  if (settings != NULL)
    apply_language (settings);

  bindtextdomain (GETTEXT_PACKAGE, pick_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (settings == NULL)
    {
      g_printerr (_ ("Mailroom is not installed correctly: the settings schema “%s” is missing. "
                     "Run it from its build directory or install it.\n"),
                  APP_ID);
      return 1;
    }

  app = mr_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
