/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-address-book"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-store-private.h"
#include "mr-text.h"
#include "mr-uuid.h"
#include "mr-records.h"

/* Named mutations of the address book: contacts, departments, places and
 * the organisation. Each validates, then writes; mr_store_apply() wraps it
 * in a savepoint and journals it, so an error here changes nothing. */

static gboolean
require_id (MrMutation *m, const char *table, char **out_id, GError **error)
{
  g_autofree char *id = mr_args_dup_string (m, "id");
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE id = ?", table);

  if (id == NULL || mr_store_query_int (m->store, sql, id) == 0)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This record does not exist (any more)."));
  *out_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
set_deleted (MrMutation *m, const char *table, const char *id, gboolean deleted, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted = ?, updated_at = ?, "
                                          "workstation_id = ? WHERE id = ?",
                                          table);
  sqlite3_stmt *stmt = mr_store_prepare (m->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, deleted);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (m->store, stmt, error);
}

/* Contacts */

typedef struct
{
  char *first_name;
  char *last_name;
  char *email;
  char *phone;
  char *department_id;
  char *place_id;
  char *personnel_id;
  char *employee_id;
  char *notes;
  char *owner_user_id;
  gboolean needs_accessibility;
  gboolean is_private;
  gboolean deleted;
} ContactRow;

static void
contact_row_clear (ContactRow *r)
{
  g_free (r->first_name);
  g_free (r->last_name);
  g_free (r->email);
  g_free (r->phone);
  g_free (r->department_id);
  g_free (r->place_id);
  g_free (r->personnel_id);
  g_free (r->employee_id);
  g_free (r->notes);
  g_free (r->owner_user_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ContactRow, contact_row_clear)

static char *
col_dup (sqlite3_stmt *stmt, int i)
{
  const char *s = (const char *) sqlite3_column_text (stmt, i);

  return (s && *s) ? g_strdup (s) : NULL;
}

static gboolean
contact_load (MrStore *store, const char *id, ContactRow *r)
{
  sqlite3_stmt *stmt =
    mr_store_prepare (store,
                      "SELECT first_name, last_name, email, phone, department_id, place_id, "
                      "personnel_id, employee_id, notes, owner_user_id, needs_accessibility, "
                      "is_private, deleted FROM contact WHERE id = ?",
                      NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      r->first_name = col_dup (stmt, 0);
      r->last_name = col_dup (stmt, 1);
      r->email = col_dup (stmt, 2);
      r->phone = col_dup (stmt, 3);
      r->department_id = col_dup (stmt, 4);
      r->place_id = col_dup (stmt, 5);
      r->personnel_id = col_dup (stmt, 6);
      r->employee_id = col_dup (stmt, 7);
      r->notes = col_dup (stmt, 8);
      r->owner_user_id = col_dup (stmt, 9);
      r->needs_accessibility = sqlite3_column_int (stmt, 10);
      r->is_private = sqlite3_column_int (stmt, 11);
      r->deleted = sqlite3_column_int (stmt, 12);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

static void
overlay_string (MrMutation *m, const char *key, char **field)
{
  if (mr_args_has (m, key))
    {
      g_free (*field);
      *field = mr_args_dup_string (m, key);
    }
}

static void
contact_overlay (MrMutation *m, ContactRow *r)
{
  overlay_string (m, "first_name", &r->first_name);
  overlay_string (m, "last_name", &r->last_name);
  overlay_string (m, "email", &r->email);
  overlay_string (m, "phone", &r->phone);
  overlay_string (m, "department_id", &r->department_id);
  overlay_string (m, "place_id", &r->place_id);
  overlay_string (m, "personnel_id", &r->personnel_id);
  overlay_string (m, "employee_id", &r->employee_id);
  overlay_string (m, "notes", &r->notes);
  r->needs_accessibility = mr_args_get_bool (m, "needs_accessibility", r->needs_accessibility);
  r->is_private = mr_args_get_bool (m, "is_private", r->is_private);
}

static char *
contact_display_name (MrStore *store, const char *id)
{
  char *name = mr_store_query_text (store,
                                    "SELECT trim (first_name || ' ' || last_name) FROM contact "
                                    "WHERE id = ?",
                                    id);

  return name ? name : g_strdup ("?");
}

/* Another live contact with @r's Personnel ID: a translated error naming
 * them, FALSE. */
static gboolean
check_personnel_free (MrMutation *m, const char *id, ContactRow *r, GError **error)
{
  g_autofree char *other = NULL;
  sqlite3_stmt *stmt;

  stmt = mr_store_prepare (m->store,
                           "SELECT id FROM contact WHERE personnel_id = ? AND deleted = 0 "
                           "AND id <> ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->personnel_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    other = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (other != NULL)
    {
      g_autofree char *who = contact_display_name (m->store, other);

      return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "personnel_id",
                            _ ("Duplicate Personnel ID: “%s” is already used by %s. Each badge or "
                               "card number belongs to one person."),
                            r->personnel_id, who);
    }
  return TRUE;
}

/* @creating: the Personnel ID is left to the INSERT (contact_write()),
 * which the unique index refuses: a lookup fewer for every new contact,
 * which an import of 100,000 feels. */
static gboolean
contact_validate (MrMutation *m, const char *id, ContactRow *r, gboolean creating, GError **error)
{
  if (r->first_name == NULL && r->last_name == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "last_name",
                          _ ("Enter a first or last name."));
  if (r->email != NULL && !mr_text_is_email (r->email))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "email",
                          _ ("“%s” is not a valid email address. Use the form name@example.com."),
                          r->email);
  if (r->phone != NULL && !mr_text_is_phone (r->phone))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "phone",
                          _ ("“%s” is not a valid phone number. Use digits, spaces, + ( ) - and an "
                             "optional extension such as “x12”."),
                          r->phone);
  if (r->department_id != NULL && !mr_store_live_exists (m->store, "department", r->department_id))
    return mr_store_fail (
      error, MR_STORE_ERROR_NOT_FOUND, "department_id",
      _ ("The chosen department does not exist. Choose another one or create it "
         "first."));
  if (r->place_id != NULL && !mr_store_live_exists (m->store, "place", r->place_id))
    return mr_store_fail (
      error, MR_STORE_ERROR_NOT_FOUND, "place_id",
      _ ("The chosen place does not exist. Choose another one or create it first."));
  if (r->employee_id == NULL &&
      mr_store_get_setting_bool (m->store, "contacts.require_employee_id"))
    return mr_store_fail (
      error, MR_STORE_ERROR_REQUIRED, "employee_id",
      _ ("An employee ID is required: an administrator has made it mandatory."));

  if (r->personnel_id != NULL && !creating)
    return check_personnel_free (m, id, r, error);
  return TRUE;
}

static gboolean
contact_write (MrMutation *m, const char *id, ContactRow *r, gboolean insert, GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *key = NULL;
  gint64 rank = 0;
  int rc;

  if (insert &&
      !mr_contact_index_place_new (m->store, id, r->first_name, r->last_name, &key, &rank, error))
    return FALSE;
  if (insert)
    stmt = mr_store_prepare (m->store,
                             "INSERT INTO contact (first_name, last_name, email, phone, "
                             "department_id, place_id, personnel_id, employee_id, notes, "
                             "needs_accessibility, is_private, owner_user_id, updated_at, "
                             "workstation_id, id, created_at, sort_key, sort_rank) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                             "?15, ?16, ?17, ?18)",
                             error);
  else
    stmt = mr_store_prepare (m->store,
                             "UPDATE contact SET first_name = ?1, last_name = ?2, email = ?3, "
                             "phone = ?4, department_id = ?5, place_id = ?6, personnel_id = ?7, "
                             "employee_id = ?8, notes = ?9, needs_accessibility = ?10, "
                             "is_private = ?11, owner_user_id = ?12, updated_at = ?13, "
                             "workstation_id = ?14 WHERE id = ?15",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->first_name ? r->first_name : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, r->last_name ? r->last_name : "", -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 3, r->email);
  mr_store_bind_text_or_null (stmt, 4, r->phone);
  mr_store_bind_text_or_null (stmt, 5, r->department_id);
  mr_store_bind_text_or_null (stmt, 6, r->place_id);
  mr_store_bind_text_or_null (stmt, 7, r->personnel_id);
  mr_store_bind_text_or_null (stmt, 8, r->employee_id);
  mr_store_bind_text_or_null (stmt, 9, r->notes);
  sqlite3_bind_int (stmt, 10, r->needs_accessibility);
  sqlite3_bind_int (stmt, 11, r->is_private);
  mr_store_bind_text_or_null (stmt, 12, r->owner_user_id);
  sqlite3_bind_int64 (stmt, 13, m->hlc);
  sqlite3_bind_text (stmt, 14, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, id, -1, SQLITE_TRANSIENT);
  if (insert)
    {
      sqlite3_bind_int64 (stmt, 16, m->now_ms);
      sqlite3_bind_text (stmt, 17, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 18, rank);
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      /* A unique index refused the row, nothing is written: if it is the
       * Personnel ID's (a new contact's is not looked up before, see
       * contact_validate()), say whose it is. */
      gboolean personnel =
        rc == SQLITE_CONSTRAINT_UNIQUE && r->personnel_id != NULL &&
        strstr (sqlite3_errmsg (mr_store_get_db (m->store)), "contact.personnel_id") != NULL;
      g_autoptr (GError) sql_error = NULL;

      mr_store_set_sql_error (m->store, &sql_error);
      sqlite3_reset (stmt);
      if (personnel && !check_personnel_free (m, id, r, error))
        return FALSE;
      g_propagate_error (error, g_steal_pointer (&sql_error));
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (insert)
    {
      MrContactIndexFields f = { r->first_name,    r->last_name,    r->email,
                                 r->phone,         r->personnel_id, r->employee_id,
                                 r->department_id, r->place_id,     r->notes };

      mr_contact_index_stream_new (m->store, id, rank, &f);
    }
  return insert || mr_contact_index_update (m->store, id, error);
}

static gboolean
contact_create (MrMutation *m, GError **error)
{
  g_auto (ContactRow) r = { 0 };
  /* An id made here is new (a UUIDv7 of this clock): only one given is
   * looked up. */
  gboolean given = mr_args_has (m, "id");
  g_autofree char *id = mr_args_take_or_new_id (m);

  if (!mr_uuid_is_valid (id))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "id", _ ("“%s” is not a valid record id."),
                          id);
  if (given && mr_store_query_int (m->store, "SELECT count(*) FROM contact WHERE id = ?", id) > 0)
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "id",
                          _ ("A contact with this id already exists."));

  contact_overlay (m, &r);
  if (r.is_private)
    r.owner_user_id = g_strdup (mr_store_get_user_id (m->store));
  if (!contact_validate (m, id, &r, TRUE, error) || !contact_write (m, id, &r, TRUE, error))
    return FALSE;

  m->entity = "contact";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* A key contact who leaves a department (moved elsewhere or removed)
 * stops being its key contact. */
static gboolean
clear_stale_key_contact (MrMutation *m,
                         const char *contact_id,
                         const char *department_id,
                         GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "UPDATE department SET key_contact_id = NULL, "
                                         "updated_at = ?1, workstation_id = ?2 "
                                         "WHERE key_contact_id = ?3 AND id IS NOT ?4",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->hlc);
  sqlite3_bind_text (stmt, 2, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, contact_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 4, department_id);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  if (sqlite3_changes (mr_store_get_db (m->store)) > 0)
    mr_store_emit_changed (m->store, "department", NULL);
  return TRUE;
}

static gboolean
contact_set (MrMutation *m, GError **error)
{
  g_auto (ContactRow) r = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *old_department = NULL;

  if (!require_id (m, "contact", &id, error))
    return FALSE;
  contact_load (m->store, id, &r);
  if (r.deleted)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This contact was deleted. Restore it before editing it."));
  old_department = g_strdup (r.department_id);
  contact_overlay (m, &r);
  if (r.is_private && r.owner_user_id == NULL)
    r.owner_user_id = g_strdup (mr_store_get_user_id (m->store));
  if (!contact_validate (m, id, &r, FALSE, error) || !contact_write (m, id, &r, FALSE, error))
    return FALSE;
  if (g_strcmp0 (old_department, r.department_id) != 0 &&
      !clear_stale_key_contact (m, id, r.department_id, error))
    return FALSE;

  m->entity = "contact";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
contact_set_deleted (MrMutation *m, gboolean deleted, GError **error)
{
  g_auto (ContactRow) r = { 0 };
  g_autofree char *id = NULL;

  if (!require_id (m, "contact", &id, error))
    return FALSE;
  contact_load (m->store, id, &r);
  if (!deleted)
    {
      r.deleted = FALSE;
      /* The badge may have been given to someone else meanwhile. */
      if (!contact_validate (m, id, &r, FALSE, error))
        return FALSE;
    }
  if (!set_deleted (m, "contact", id, deleted, error) ||
      !mr_contact_index_update (m->store, id, error))
    return FALSE;

  m->entity = "contact";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
contact_delete (MrMutation *m, GError **error)
{
  return contact_set_deleted (m, TRUE, error);
}

static gboolean
contact_restore (MrMutation *m, GError **error)
{
  return contact_set_deleted (m, FALSE, error);
}

/* Departments */

static gboolean
department_check_name (
  MrMutation *m, const char *id, const char *name, char **out_key, GError **error)
{
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  gboolean taken;

  if (name == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "name", _ ("Enter a department name."));
  key = mr_text_fold (name);
  stmt = mr_store_prepare (m->store,
                           "SELECT count(*) FROM department WHERE name_key = ? AND deleted = 0 "
                           "AND id <> ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  taken = sqlite3_column_int (stmt, 0) > 0;
  sqlite3_reset (stmt);
  if (taken)
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "name",
                          _ ("A department named “%s” already exists."), name);
  *out_key = g_steal_pointer (&key);
  return TRUE;
}

static gboolean
department_check_key_contact (MrMutation *m, const char *contact_id, GError **error)
{
  if (contact_id != NULL && !mr_store_live_exists (m->store, "contact", contact_id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "key_contact_id",
                          _ ("The chosen key contact does not exist."));
  return TRUE;
}

static gboolean
department_create (MrMutation *m, GError **error)
{
  g_autofree char *id = mr_args_take_or_new_id (m);
  g_autofree char *name = mr_args_dup_string (m, "name");
  g_autofree char *key_contact = mr_args_dup_string (m, "key_contact_id");
  g_autofree char *place = mr_args_dup_string (m, "place_id");
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  if (!department_check_name (m, id, name, &key, error) ||
      !department_check_key_contact (m, key_contact, error))
    return FALSE;
  if (place != NULL && !mr_store_live_exists (m->store, "place", place))
    return mr_store_fail (
      error, MR_STORE_ERROR_NOT_FOUND, "place_id",
      _ ("The chosen place does not exist. Choose another one or create it first."));

  stmt =
    mr_store_prepare (m->store,
                      "INSERT INTO department (id, name, name_key, key_contact_id, place_id, "
                      "created_at, updated_at, workstation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 4, key_contact);
  mr_store_bind_text_or_null (stmt, 5, place);
  sqlite3_bind_int64 (stmt, 6, m->now_ms);
  sqlite3_bind_int64 (stmt, 7, m->hlc);
  sqlite3_bind_text (stmt, 8, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  m->entity = "department";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
department_rename (MrMutation *m, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = mr_args_dup_string (m, "name");
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  if (!require_id (m, "department", &id, error) ||
      !department_check_name (m, id, name, &key, error))
    return FALSE;
  stmt = mr_store_prepare (m->store,
                           "UPDATE department SET name = ?, name_key = ?, updated_at = ?, "
                           "workstation_id = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, m->hlc);
  sqlite3_bind_text (stmt, 4, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error) ||
      !mr_contact_index_rebuild_where (m->store, "department_id", id, error))
    return FALSE;

  m->entity = "department";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
department_set_key_contact (MrMutation *m, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *contact = mr_args_dup_string (m, "key_contact_id");
  sqlite3_stmt *stmt;

  if (!require_id (m, "department", &id, error) ||
      !department_check_key_contact (m, contact, error))
    return FALSE;
  stmt = mr_store_prepare (m->store,
                           "UPDATE department SET key_contact_id = ?, updated_at = ?, "
                           "workstation_id = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  mr_store_bind_text_or_null (stmt, 1, contact);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  m->entity = "department";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
set_contact_department (MrMutation *m,
                        const char *contact_id,
                        const char *department_id,
                        GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (m->store,
                                         "UPDATE contact SET department_id = ?, updated_at = ?, "
                                         "workstation_id = ? WHERE id = ?",
                                         error);

  if (stmt == NULL)
    return FALSE;
  mr_store_bind_text_or_null (stmt, 1, department_id);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, contact_id, -1, SQLITE_TRANSIENT);
  return mr_store_step_done (m->store, stmt, error) &&
         mr_contact_index_update (m->store, contact_id, error);
}

static gboolean
department_member (MrMutation *m, gboolean add, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *contact = mr_args_dup_string (m, "contact_id");

  if (!require_id (m, "department", &id, error))
    return FALSE;
  if (!mr_store_live_exists (m->store, "department", id))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "id",
                          _ ("This department was deleted."));
  if (!mr_store_live_exists (m->store, "contact", contact))
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "contact_id",
                          _ ("The chosen contact does not exist."));
  if (!add)
    {
      g_autofree char *current = mr_store_query_text (m->store,
                                                      "SELECT department_id FROM contact "
                                                      "WHERE id = ?",
                                                      contact);

      if (g_strcmp0 (current, id) != 0)
        return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "contact_id",
                              _ ("This contact is not a member of the department."));
    }
  if (!set_contact_department (m, contact, add ? id : NULL, error) ||
      !clear_stale_key_contact (m, contact, add ? id : NULL, error))
    return FALSE;
  mr_store_emit_changed (m->store, "contact", contact);
  m->entity = "department";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
department_add_member (MrMutation *m, GError **error)
{
  return department_member (m, TRUE, error);
}

static gboolean
department_remove_member (MrMutation *m, GError **error)
{
  return department_member (m, FALSE, error);
}

static gboolean
department_delete (MrMutation *m, GError **error)
{
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (!require_id (m, "department", &id, error))
    return FALSE;
  stmt = mr_store_prepare (m->store,
                           "SELECT id FROM contact WHERE department_id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (members, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  /* Members stay in the address book, detached. Their ids are journaled so
   * that Undo can bring them back into the department. */
  for (guint i = 0; i < members->len; i++)
    if (!set_contact_department (m, g_ptr_array_index (members, i), NULL, error))
      return FALSE;
  g_ptr_array_add (members, NULL);
  mr_args_set_value (m, "detached_members",
                     g_variant_new_strv ((const char *const *) members->pdata, -1));
  if (!set_deleted (m, "department", id, TRUE, error))
    return FALSE;

  mr_store_emit_changed (m->store, "contact", NULL);
  m->entity = "department";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
department_restore (MrMutation *m, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  g_autoptr (GVariant) members = NULL;

  if (!require_id (m, "department", &id, error))
    return FALSE;
  name = mr_store_query_text (m->store, "SELECT name FROM department WHERE id = ?", id);
  if (!department_check_name (m, id, name, &key, error) ||
      !set_deleted (m, "department", id, FALSE, error))
    return FALSE;

  members = g_variant_dict_lookup_value (m->args, "members", G_VARIANT_TYPE_STRING_ARRAY);
  if (members != NULL)
    {
      g_autofree const char **strv = g_variant_get_strv (members, NULL);

      for (guint i = 0; strv[i]; i++)
        if (mr_store_live_exists (m->store, "contact", strv[i]) &&
            !set_contact_department (m, strv[i], id, error))
          return FALSE;
      mr_store_emit_changed (m->store, "contact", NULL);
    }

  m->entity = "department";
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

/* Places and the organisation share one shape: a named node in a tree
 * whose kinds are ordered. */

typedef struct
{
  const char *table;
  const char *entity;
  const char *kinds[5];
  const char *parent_kinds[5][3]; /* allowed parent kinds per kind; NULL = root */
} TreeDef;

static const TreeDef place_def = {
  "place",
  "place",
  { "site", "building", "floor", "mail_stop", NULL },
  { { NULL }, { "site", NULL }, { "building", NULL }, { "floor", "building", NULL } },
};

static const TreeDef org_def = {
  "org_unit",
  "org_unit",
  { "enterprise", "division", "location", NULL },
  { { NULL }, { "enterprise", NULL }, { "division", NULL } },
};

static int
tree_kind_index (const TreeDef *def, const char *kind)
{
  for (int i = 0; kind && def->kinds[i]; i++)
    if (strcmp (def->kinds[i], kind) == 0)
      return i;
  return -1;
}

/* Translated singular name of a place or organisation kind. */
const char *
mr_tree_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "site") == 0)
    return _ ("Site");
  if (g_strcmp0 (kind, "building") == 0)
    return _ ("Building");
  if (g_strcmp0 (kind, "floor") == 0)
    return _ ("Floor");
  if (g_strcmp0 (kind, "mail_stop") == 0)
    return _ ("Mail stop");
  if (g_strcmp0 (kind, "enterprise") == 0)
    return _ ("Enterprise");
  if (g_strcmp0 (kind, "division") == 0)
    return _ ("Division");
  if (g_strcmp0 (kind, "location") == 0)
    return _ ("Location");
  return kind;
}

static gboolean
tree_check_name (MrMutation *m,
                 const TreeDef *def,
                 const char *id,
                 const char *parent_id,
                 const char *name,
                 GError **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (name == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "name", _ ("Enter a name."));
  sql = g_strdup_printf ("SELECT name FROM %s WHERE deleted = 0 AND id <> ?1 AND "
                         "parent_id IS ?2",
                         def->table);
  stmt = mr_store_prepare (m->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, parent_id);
  if (mr_store_name_taken (stmt, name))
    return mr_store_fail (error, MR_STORE_ERROR_DUPLICATE, "name",
                          _ ("“%s” already exists at this level. Choose another name."), name);
  return TRUE;
}

static gboolean
tree_check_parent (
  MrMutation *m, const TreeDef *def, const char *kind, const char *parent_id, GError **error)
{
  int k = tree_kind_index (def, kind);
  g_autofree char *sql = NULL;
  g_autofree char *parent_kind = NULL;
  gboolean ok = FALSE;

  if (k < 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("“%s” is not a valid kind here."), kind ? kind : "");

  if (def->parent_kinds[k][0] == NULL)
    {
      if (parent_id != NULL)
        return mr_store_fail (
          error, MR_STORE_ERROR_INVALID, "parent_id", "%s",
          strcmp (kind, "site") == 0
            ? _ ("A site is at the top level: it cannot be placed inside another place.")
            : _ ("The enterprise is at the top level: it cannot be placed inside "
                 "another unit."));
      return TRUE;
    }

  sql = g_strdup_printf ("SELECT kind FROM %s WHERE id = ? AND deleted = 0", def->table);
  parent_kind = parent_id ? mr_store_query_text (m->store, sql, parent_id) : NULL;
  for (guint i = 0; parent_kind && def->parent_kinds[k][i]; i++)
    ok |= strcmp (def->parent_kinds[k][i], parent_kind) == 0;
  if (!ok)
    {
      const char *msg;

      /* One whole sentence per case, so that translations can agree. */
      if (strcmp (kind, "building") == 0)
        msg = _ ("A building must be placed inside a site. Choose a site first.");
      else if (strcmp (kind, "floor") == 0)
        msg = _ ("A floor must be placed inside a building. Choose a building first.");
      else if (strcmp (kind, "mail_stop") == 0)
        msg = _ ("A mail stop must be placed inside a floor or a building. Choose one first.");
      else if (strcmp (kind, "division") == 0)
        msg = _ ("A division must be placed inside the enterprise.");
      else
        msg = _ ("A location must be placed inside a division. Choose a division first.");
      return mr_store_fail (error, MR_STORE_ERROR_INVALID, "parent_id", "%s", msg);
    }
  return TRUE;
}

static gboolean
tree_create (MrMutation *m, const TreeDef *def, GError **error)
{
  g_autofree char *id = mr_args_take_or_new_id (m);
  g_autofree char *kind = mr_args_dup_string (m, "kind");
  g_autofree char *parent = mr_args_dup_string (m, "parent_id");
  g_autofree char *name = mr_args_dup_string (m, "name");
  g_autofree char *code = mr_args_dup_string (m, "code");
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (!tree_check_parent (m, def, kind, parent, error) ||
      !tree_check_name (m, def, id, parent, name, error))
    return FALSE;
  if (def == &org_def && g_strcmp0 (kind, "enterprise") == 0 &&
      mr_store_query_int (m->store,
                          "SELECT count(*) FROM org_unit WHERE kind = 'enterprise' AND deleted = 0",
                          NULL) > 0)
    return mr_store_fail (
      error, MR_STORE_ERROR_DUPLICATE, "kind",
      _ ("There is already an enterprise. Rename it instead of creating another."));

  sql = g_strdup_printf ("INSERT INTO %s (id, kind, parent_id, name, code, created_at, "
                         "updated_at, workstation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         def->table);
  stmt = mr_store_prepare (m->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 3, parent);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 5, code);
  sqlite3_bind_int64 (stmt, 6, m->now_ms);
  sqlite3_bind_int64 (stmt, 7, m->hlc);
  sqlite3_bind_text (stmt, 8, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;

  /* A place may belong to a location of the organisation. */
  if (def == &place_def && mr_args_has (m, "location_id"))
    {
      g_autofree char *location = mr_args_dup_string (m, "location_id");

      if (location != NULL && *location != '\0')
        {
          g_autofree char *lkind = mr_store_query_text (
            m->store, "SELECT kind FROM org_unit WHERE id = ? AND deleted = 0", location);

          if (g_strcmp0 (lkind, "location") != 0)
            return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "location_id",
                                  _ ("This location of the organisation does not exist. Choose "
                                     "one from the Organisation section."));
          stmt =
            mr_store_prepare (m->store, "UPDATE place SET location_id = ? WHERE id = ?", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, location, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
          if (!mr_store_step_done (m->store, stmt, error))
            return FALSE;
        }
    }

  m->entity = def->entity;
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
tree_rename (MrMutation *m, const TreeDef *def, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = mr_args_dup_string (m, "name");
  g_autofree char *parent = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (!require_id (m, def->table, &id, error))
    return FALSE;
  sql = g_strdup_printf ("SELECT parent_id FROM %s WHERE id = ?", def->table);
  parent = mr_store_query_text (m->store, sql, id);
  if (!tree_check_name (m, def, id, parent, name, error))
    return FALSE;

  g_free (sql);
  sql = g_strdup_printf ("UPDATE %s SET name = ?, updated_at = ?, workstation_id = ? WHERE id = ?",
                         def->table);
  stmt = mr_store_prepare (m->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, m->hlc);
  sqlite3_bind_text (stmt, 3, mr_store_get_workstation_id (m->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  if (!mr_store_step_done (m->store, stmt, error))
    return FALSE;
  if (def == &place_def && !mr_contact_index_rebuild_where (m->store, "place_id", id, error))
    return FALSE;

  m->entity = def->entity;
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

typedef enum
{
  USE_CHILDREN,
  USE_CONTACTS,
  USE_DEPARTMENTS,
  USE_LOCKER_BANKS,
  USE_PACKAGES,
  USE_ASSETS,
  USE_PLACES,
} UseKind;

typedef struct
{
  const char *sql;
  UseKind kind;
} UseCheck;

static char *
use_message (UseKind kind, const char *name, gint64 n)
{
  int c = (int) n;

  /* Each message says what still uses the record and what to do, in one
   * sentence per plural form so that "it" and "them" agree. */
  switch (kind)
    {
    case USE_CHILDREN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s” still contains %d place or unit. Move or delete "
                                           "it first, then try again.",
                                           "“%s” still contains %d places or units. Move or delete "
                                           "them first, then try again.",
                                           c),
                              name, c);
    case USE_CONTACTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s” is still the place of %d contact. Give that "
                                           "contact another place first, then try again.",
                                           "“%s” is still the place of %d contacts. Give them "
                                           "another place first, then try again.",
                                           c),
                              name, c);
    case USE_DEPARTMENTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s” is still the place of %d department. Give that "
                                           "department another place first, then try again.",
                                           "“%s” is still the place of %d departments. Give them "
                                           "another place first, then try again.",
                                           c),
                              name, c);
    case USE_LOCKER_BANKS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s” still has %d locker bank. Move or remove it "
                                           "first, then try again.",
                                           "“%s” still has %d locker banks. Move or remove them "
                                           "first, then try again.",
                                           c),
                              name, c);
    case USE_PACKAGES:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s” still holds %d package that was not handed over. "
                                           "Hand it over or move it first, then try again.",
                                           "“%s” still holds %d packages that were not handed "
                                           "over. Hand them over or move them first, then try "
                                           "again.",
                                           c),
                              name, c);
    case USE_ASSETS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s” still holds %d asset. Move it first, then try "
                                           "again.",
                                           "“%s” still holds %d assets. Move them first, then try "
                                           "again.",
                                           c),
                              name, c);
    case USE_PLACES:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s” is still the location of %d delivery place. "
                                           "Attach that place to another location first, then "
                                           "try again.",
                                           "“%s” is still the location of %d delivery places. "
                                           "Attach them to another location first, then try "
                                           "again.",
                                           c),
                              name, c);
    default:
      g_assert_not_reached ();
    }
}

static const UseCheck place_uses[] = {
  { "SELECT count(*) FROM place WHERE parent_id = ? AND deleted = 0", USE_CHILDREN },
  { "SELECT count(*) FROM contact WHERE place_id = ? AND deleted = 0", USE_CONTACTS },
  { "SELECT count(*) FROM department WHERE place_id = ? AND deleted = 0", USE_DEPARTMENTS },
  { "SELECT count(*) FROM locker_bank WHERE place_id = ? AND deleted = 0", USE_LOCKER_BANKS },
  { "SELECT count(*) FROM package WHERE place_id = ? AND deleted = 0 AND status NOT IN "
    "('picked_up','returned','removed')",
    USE_PACKAGES },
  { "SELECT count(*) FROM asset WHERE place_id = ? AND deleted = 0", USE_ASSETS },
  { NULL, 0 },
};

static const UseCheck org_uses[] = {
  { "SELECT count(*) FROM org_unit WHERE parent_id = ? AND deleted = 0", USE_CHILDREN },
  { "SELECT count(*) FROM place WHERE location_id = ? AND deleted = 0", USE_PLACES },
  { NULL, 0 },
};

static gboolean
tree_set_deleted (MrMutation *m, const TreeDef *def, gboolean deleted, GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  g_autofree char *parent = NULL;

  if (!require_id (m, def->table, &id, error))
    return FALSE;
  sql = g_strdup_printf ("SELECT name FROM %s WHERE id = ?", def->table);
  name = mr_store_query_text (m->store, sql, id);

  if (deleted)
    {
      const UseCheck *uses = def == &place_def ? place_uses : org_uses;

      for (guint i = 0; uses[i].sql; i++)
        {
          gint64 n = mr_store_query_int (m->store, uses[i].sql, id);

          if (n > 0)
            {
              g_autofree char *what = use_message (uses[i].kind, name, n);

              return mr_store_fail (error, MR_STORE_ERROR_IN_USE, NULL, "%s", what);
            }
        }
    }
  else
    {
      g_free (sql);
      sql = g_strdup_printf ("SELECT parent_id FROM %s WHERE id = ?", def->table);
      parent = mr_store_query_text (m->store, sql, id);
      g_free (sql);
      sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE id = ? AND deleted = 0", def->table);
      if (parent != NULL && mr_store_query_int (m->store, sql, parent) == 0)
        return mr_store_fail (
          error, MR_STORE_ERROR_NOT_FOUND, "parent_id",
          _ ("“%s” cannot be restored because the place or unit that contained it "
             "was deleted."),
          name);
      if (!tree_check_name (m, def, id, parent, name, error))
        return FALSE;
    }

  if (!set_deleted (m, def->table, id, deleted, error))
    return FALSE;
  m->entity = def->entity;
  m->entity_id = g_steal_pointer (&id);
  return TRUE;
}

#define TREE_MUTATIONS(prefix, def)                                \
  static gboolean prefix##_create (MrMutation *m, GError **error)  \
  {                                                                \
    return tree_create (m, &def, error);                           \
  }                                                                \
  static gboolean prefix##_rename (MrMutation *m, GError **error)  \
  {                                                                \
    return tree_rename (m, &def, error);                           \
  }                                                                \
  static gboolean prefix##_delete (MrMutation *m, GError **error)  \
  {                                                                \
    return tree_set_deleted (m, &def, TRUE, error);                \
  }                                                                \
  static gboolean prefix##_restore (MrMutation *m, GError **error) \
  {                                                                \
    return tree_set_deleted (m, &def, FALSE, error);               \
  }

TREE_MUTATIONS (place, place_def)
TREE_MUTATIONS (org, org_def)

const MrMutationDef mr_address_book_mutations[] = {
  { "contact.create", contact_create },
  { "contact.set", contact_set },
  { "contact.delete", contact_delete },
  { "contact.restore", contact_restore },
  { "department.create", department_create },
  { "department.rename", department_rename },
  { "department.set_key_contact", department_set_key_contact },
  { "department.add_member", department_add_member },
  { "department.remove_member", department_remove_member },
  { "department.delete", department_delete },
  { "department.restore", department_restore },
  { "place.create", place_create },
  { "place.rename", place_rename },
  { "place.delete", place_delete },
  { "place.restore", place_restore },
  { "org.create", org_create },
  { "org.rename", org_rename },
  { "org.delete", org_delete },
  { "org.restore", org_restore },
  { NULL, NULL },
};
