/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-store-private.h"

/* Settings: a few keys an administrator sets for the whole database
 * (setting.set, journalled and synced like any change), and the history
 * of changes the journal keeps. */

typedef struct
{
  const char *key;
  const char *fallback;
} SettingDef;

static const SettingDef setting_defs[] = {
  { "contacts.require_employee_id", "false" },
  { "contacts.users_manage_shared", "true" },
  { "contacts.visible_roles", "" },
  { "enterprise.name", "" },
};

const char *const *
mr_store_list_setting_keys (void)
{
  static const char *keys[G_N_ELEMENTS (setting_defs) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (setting_defs); i++)
    keys[i] = setting_defs[i].key;
  return keys;
}

char *
mr_store_get_setting (MrStore *self, const char *key)
{
  char *v;

  g_return_val_if_fail (MR_IS_STORE (self), NULL);

  v = mr_store_query_text (self, "SELECT value FROM setting WHERE key = ?", key);
  if (v != NULL)
    return v;
  for (guint i = 0; i < G_N_ELEMENTS (setting_defs); i++)
    if (strcmp (setting_defs[i].key, key) == 0)
      return g_strdup (setting_defs[i].fallback);
  return NULL;
}

gboolean
mr_store_get_setting_bool (MrStore *self, const char *key)
{
  g_autofree char *v = mr_store_get_setting (self, key);

  return v != NULL && (strcmp (v, "true") == 0 || strcmp (v, "1") == 0);
}

static gboolean
setting_set (MrMutation *m, GError **error)
{
  g_autofree char *key = mr_args_dup_string (m, "key");
  g_autofree char *value = mr_args_dup_string (m, "value");
  gboolean known = FALSE;
  sqlite3_stmt *stmt;

  for (guint i = 0; key && i < G_N_ELEMENTS (setting_defs); i++)
    known |= strcmp (setting_defs[i].key, key) == 0;
  if (!known)
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID, _ ("Unknown setting “%s”."),
                   key ? key : "");
      mr_store_set_error_field (error, "key");
      return FALSE;
    }
  if (g_str_has_prefix (key, "contacts.require") || g_str_has_prefix (key, "contacts.users"))
    {
      if (value == NULL || (strcmp (value, "true") != 0 && strcmp (value, "false") != 0))
        {
          g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID,
                       _ ("The setting “%s” takes “true” or “false”."), key);
          mr_store_set_error_field (error, "value");
          return FALSE;
        }
    }

  stmt = mr_store_prepare (m->store,
                           "INSERT INTO setting (key, value, updated_at, workstation_id) "
                           "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET "
                           "value = ?2, updated_at = ?3, workstation_id = ?4",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value ? value : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, m->hlc);
  sqlite3_bind_text (stmt, 4, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  m->entity = "setting";
  m->entity_id = g_strdup (key);
  return mr_store_step_done (m->store, stmt, error);
}

const MrMutationDef mr_operations_mutations[] = {
  { "setting.set", setting_set },
  { NULL, NULL },
};

/* History */

gint64
mr_store_count_journal (MrStore *self)
{
  return mr_store_query_int (self, "SELECT count(*) FROM journal", NULL);
}

/**
 * mr_store_list_history:
 *
 * Returns: (transfer full) (element-type GVariant): the journal entries
 * about one record, newest first, each an a{sv} with name, at (ms),
 * user_id, workstation_id and args (JSON).
 */
GPtrArray *
mr_store_list_history (MrStore *self, const char *entity_id, guint limit)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  sqlite3_stmt *stmt;

  stmt = mr_store_prepare (self,
                           "SELECT name, at, user_id, workstation_id, args FROM journal "
                           "WHERE entity_id = ? ORDER BY seq DESC LIMIT ?",
                           NULL);
  if (stmt == NULL)
    return out;
  sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GVariantDict d;

      g_variant_dict_init (&d, NULL);
      g_variant_dict_insert (&d, "name", "s", sqlite3_column_text (stmt, 0));
      g_variant_dict_insert (&d, "at", "x", sqlite3_column_int64 (stmt, 1));
      g_variant_dict_insert (
        &d, "user_id", "s",
        sqlite3_column_text (stmt, 2) ? (const char *) sqlite3_column_text (stmt, 2) : "");
      g_variant_dict_insert (&d, "workstation_id", "s", sqlite3_column_text (stmt, 3));
      g_variant_dict_insert (&d, "args", "s", sqlite3_column_text (stmt, 4));
      g_ptr_array_add (out, g_variant_ref_sink (g_variant_dict_end (&d)));
    }
  sqlite3_reset (stmt);
  return out;
}
