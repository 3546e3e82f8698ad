/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-store.h"

G_BEGIN_DECLS

typedef enum
{
  MR_DEMO_STAGE_ORGANISATION,
  MR_DEMO_STAGE_CONTACTS,
  MR_DEMO_STAGE_LOCKERS,
  MR_DEMO_STAGE_PACKAGES,
} MrDemoStage;

typedef void (*MrDemoProgressFunc) (MrDemoStage stage, guint done, guint total, gpointer user_data);

typedef struct
{
  guint n_contacts;
  guint n_lockers;
  guint n_packages;
  guint32 seed;
  MrDemoProgressFunc progress; /* optional */
  gpointer user_data;
} MrDemoOptions;

gboolean mr_demo_generate (MrStore *store, const MrDemoOptions *opts, GError **error);

G_END_DECLS
