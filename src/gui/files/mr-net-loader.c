/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-net-loader"

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>

#include "mr-net-loader.h"

/* The file exchange's transport (libcurl, libarchive) is a module the app
 * loads the first time it connects to a server, so that start-up does not
 * load and relocate thirty-odd libraries it rarely needs. It is looked for
 * in $MAILROOM_NET_MODULE (a file), then where it is installed, then in the
 * build tree (an uninstalled build, and the tests). */

typedef const MrNetTransport *(*GetFunc) (void);

static char *
module_path (void)
{
  const char *env = g_getenv ("MAILROOM_NET_MODULE");
  g_autofree char *installed = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  installed = g_module_build_path (NET_MODULE_DIR, "mailroom-net-transport");
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&installed);
  return g_module_build_path (BUILD_NET_MODULE_DIR, "mailroom-net-transport");
}

/**
 * mr_net_transport_load:
 *
 * Returns: (transfer none): the transport, loaded once and kept; %NULL
 *   with @error set when the module is missing or does not match
 */
const MrNetTransport *
mr_net_transport_load (GError **error)
{
  static GMutex lock;
  static const MrNetTransport *transport;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autofree char *path = NULL;
  GModule *module;
  GetFunc get = NULL;

  if (transport != NULL)
    return transport;

  path = module_path ();
  /* Every symbol now: a missing one is a clear error here, not a crash
   * in the middle of a run. */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL || !g_module_symbol (module, "mr_net_transport_get", (gpointer *) &get) ||
      get == NULL || get ()->abi != MR_NET_TRANSPORT_ABI)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The file exchange cannot start: its part “%s” is missing or does not "
                      "match this version (%s). Reinstall Mailroom."),
                   path, module ? _ ("wrong version") : g_module_error ());
      if (module != NULL)
        g_module_close (module);
      return NULL;
    }
  /* Kept for the life of the process. */
  g_module_make_resident (module);
  transport = get ();
  return transport;
}
