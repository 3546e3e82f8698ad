/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-file-exchange.h"

G_BEGIN_DECLS

/* Bumped when the table changes, so an old module is refused. */
#define MR_NET_TRANSPORT_ABI 1

typedef struct
{
  guint abi;
  MrFileExchangeReport *(*run) (MrStore *store,
                                const MrFileExchangeConfig *config,
                                MrFileExchangeTrigger trigger,
                                GCancellable *cancellable);
  gboolean (*check_connection) (const MrFileExchangeConfig *config,
                                char **fingerprint,
                                GCancellable *cancellable,
                                GError **error);
} MrNetTransport;

G_END_DECLS
