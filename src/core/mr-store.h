/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MR_STORE_ERROR (mr_store_error_quark ())

typedef enum
{
  MR_STORE_ERROR_FAILED,
  MR_STORE_ERROR_OPEN,
  MR_STORE_ERROR_TOO_NEW,
  MR_STORE_ERROR_UNKNOWN_MUTATION,
  MR_STORE_ERROR_INVALID,
  MR_STORE_ERROR_REQUIRED,
  MR_STORE_ERROR_DUPLICATE,
  MR_STORE_ERROR_NOT_FOUND,
  MR_STORE_ERROR_IN_USE,
} MrStoreError;

GQuark mr_store_error_quark (void);
const char *mr_store_error_get_field (const GError *error);
void mr_store_set_error_field (GError **error, const char *field);

#define MR_TYPE_STORE (mr_store_get_type ())
G_DECLARE_FINAL_TYPE (MrStore, mr_store, MR, STORE, GObject)

MrStore *mr_store_open (const char *path, GError **error);
const char *mr_store_get_path (MrStore *self);
const char *mr_store_get_workstation_id (MrStore *self);
const char *mr_store_get_user_id (MrStore *self);
void mr_store_set_user_id (MrStore *self, const char *user_id);
guint mr_store_get_schema_version (MrStore *self);

gboolean
mr_store_apply (MrStore *self, const char *name, GVariant *args, char **out_id, GError **error);
gboolean mr_store_has_mutation (const char *name);

/* Another connection (an import or a file exchange in a thread) changed
 * records of @entity ("contact", "place", ...): listeners re-read. */
void mr_store_notify_changed (MrStore *self, const char *entity);

gboolean mr_store_begin_batch (MrStore *self, GError **error);
gboolean mr_store_end_batch (MrStore *self, gboolean commit, GError **error);

char *mr_store_get_setting (MrStore *self, const char *key);
gboolean mr_store_get_setting_bool (MrStore *self, const char *key);
const char *const *mr_store_list_setting_keys (void);

gint64 mr_store_count_journal (MrStore *self);
GPtrArray *mr_store_list_history (MrStore *self, const char *entity_id, guint limit);
gboolean mr_store_integrity_check (MrStore *self, GError **error);

G_END_DECLS
