/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The entry points of mailroom-net-transport, the shared module that holds
 * everything of the file exchange that needs libcurl and libarchive.
 *
 * The app loads it with GModule the first time it connects to a server:
 * linking libcurl and libarchive into the app itself costs every start-up
 * some 10 ms of loading and relocating their thirty-odd libraries, for a
 * feature that runs a few times a day. mailroom-cli and the tests link the
 * same code statically. */
#include "config.h"

#include <gmodule.h>

#include "mr-net-module.h"

G_MODULE_EXPORT const MrNetTransport *mr_net_transport_get (void);

const MrNetTransport *
mr_net_transport_get (void)
{
  static const MrNetTransport transport = {
    MR_NET_TRANSPORT_ABI,
    mr_file_exchange_run,
    mr_file_exchange_check_connection,
  };

  return &transport;
}
