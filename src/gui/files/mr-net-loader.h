/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-net-module.h"

G_BEGIN_DECLS

const MrNetTransport *mr_net_transport_load (GError **error);

G_END_DECLS
