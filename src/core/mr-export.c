/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mr-contact-list.h"
#include "mr-export.h"
#include "mr-records.h"
#include "mr-store-private.h"

/* CSV exports in the columns the import reads (the header row is the
 * translated field labels, which the import matches in any language),
 * streamed in 64 KiB writes. Place paths are written "Site / Building /
 * Floor / Mail stop", which the import resolves back to the same place. */

#define FLUSH_AT (64 * 1024)

typedef struct
{
  GOutputStream *out;
  GCancellable *cancellable;
  GString *buf;
  gint64 records;
} Writer;

static gboolean
writer_flush (Writer *w, gboolean force, GError **error)
{
  if (w->buf->len == 0 || (!force && w->buf->len < FLUSH_AT))
    return TRUE;
  if (!g_output_stream_write_all (w->out, w->buf->str, w->buf->len, NULL, w->cancellable, error))
    return FALSE;
  g_string_truncate (w->buf, 0);
  return TRUE;
}

static gboolean
writer_record (Writer *w, const char *const *fields, guint n, GError **error)
{
  mr_csv_append_record (w->buf, fields, n, ',');
  return writer_flush (w, FALSE, error);
}

static void
write_header (Writer *w, MrImportKind kind, const char *const *skip)
{
  guint n;
  const MrImportField *fields = mr_import_get_fields (kind, &n);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    if (skip == NULL || !g_strv_contains (skip, fields[i].name))
      g_ptr_array_add (labels, (gpointer) _ (fields[i].label));
  mr_csv_append_record (w->buf, (const char *const *) labels->pdata, labels->len, ',');
}

/* id → "Site / Building / Floor / Mail stop" for every live place. */
static GHashTable *
place_paths (MrStore *store)
{
  g_autoptr (GListModel) list = mr_store_list_places (store);
  GHashTable *paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (MrNode) n = g_list_model_get_item (list, i);
      const char *parent = mr_node_get_parent_id (n);
      const char *up = parent ? g_hash_table_lookup (paths, parent) : NULL;

      /* Parents come before their children in the list. */
      g_hash_table_insert (paths, g_strdup (mr_node_get_id (n)),
                           up ? g_strconcat (up, " / ", mr_node_get_name (n), NULL)
                              : g_strdup (mr_node_get_name (n)));
    }
  return paths;
}

/* Contacts: the columns of mr_import_get_fields() but "full_name". */
static const char *const contact_skip[] = { "full_name", NULL };

static gboolean
write_contact (Writer *w,
               GHashTable *paths,
               const char *first,
               const char *last,
               const char *email,
               const char *phone,
               const char *personnel,
               const char *employee,
               const char *department,
               const char *place_id,
               const char *notes,
               gboolean accessible,
               gboolean is_private,
               GError **error)
{
  const char *fields[11] = {
    first,
    last,
    email,
    phone,
    personnel,
    employee,
    department,
    place_id ? g_hash_table_lookup (paths, place_id) : NULL,
    notes,
    accessible ? _ ("yes") : _ ("no"),
    is_private ? _ ("yes") : _ ("no"),
  };

  w->records++;
  return writer_record (w, fields, G_N_ELEMENTS (fields), error);
}

static gboolean
export_all_contacts (MrStore *store, Writer *w, GHashTable *paths, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (
    store,
    "SELECT c.first_name, c.last_name, c.email, c.phone, c.personnel_id, c.employee_id, "
    "d.name, c.place_id, c.notes, c.needs_accessibility, c.is_private FROM contact c INDEXED BY "
    "contact_sort_key LEFT JOIN department d ON d.id = c.department_id AND d.deleted = 0 "
    "WHERE c.deleted = 0 AND (c.is_private = 0 OR c.owner_user_id IS ?1) ORDER BY c.sort_key",
    error);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, mr_store_get_user_id (store), -1, SQLITE_TRANSIENT);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
#define COL(i) ((const char *) sqlite3_column_text (stmt, i))
      ok = write_contact (w, paths, COL (0), COL (1), COL (2), COL (3), COL (4), COL (5), COL (6),
                          COL (7), COL (8), sqlite3_column_int (stmt, 9),
                          sqlite3_column_int (stmt, 10), error);
#undef COL
      if (ok && (w->records & 1023) == 0 &&
          g_cancellable_set_error_if_cancelled (w->cancellable, error))
        ok = FALSE;
    }
  sqlite3_reset (stmt);
  return ok;
}

static gboolean
export_contact_list (
  MrStore *store, const MrExportFilter *filter, Writer *w, GHashTable *paths, GError **error)
{
  g_autoptr (MrContactList) list = mr_contact_list_new (store);
  guint n;

  mr_contact_list_set_department_id (list, filter->department_id);
  mr_contact_list_set_place_id (list, filter->place_id);
  mr_contact_list_set_search (list, filter->search);
  if (mr_contact_list_get_truncated (list))
    {
      g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID,
                   _ ("The search finds too many contacts to export them as a search result. "
                      "Type more of a name, or clear the search to export every contact."));
      return FALSE;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrContact) c = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (!write_contact (w, paths, mr_contact_get_first_name (c), mr_contact_get_last_name (c),
                          mr_contact_get_email (c), mr_contact_get_phone (c),
                          mr_contact_get_personnel_id (c), mr_contact_get_employee_id (c),
                          mr_contact_get_department_name (c), mr_contact_get_place_id (c),
                          mr_contact_get_notes (c), mr_contact_get_needs_accessibility (c),
                          mr_contact_get_is_private (c), error))
        return FALSE;
    }
  return TRUE;
}

/* Places and organisation: one row per node, its path spread over the
 * level columns, so the import creates the same tree. */
static gboolean
export_tree (MrStore *store, MrImportKind kind, Writer *w, GError **error)
{
  gboolean places = kind == MR_IMPORT_PLACES;
  static const char *const place_levels[] = { "site", "building", "floor", "mail_stop" };
  static const char *const org_levels[] = { "enterprise", "division", "location" };
  const char *const *levels = places ? place_levels : org_levels;
  guint n_levels = places ? 4 : 3;
  g_autoptr (GListModel) list =
    places ? mr_store_list_places (store) : mr_store_list_org_units (store);
  g_autoptr (GHashTable) nodes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) locations =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (places)
    {
      /* A location by its whole path: two divisions may each have a
       * "Paris", and the import must find the same one. */
      g_autoptr (GListModel) org = mr_store_list_org_units (store);
      g_autoptr (GHashTable) org_paths =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      sqlite3_stmt *stmt;

      for (guint i = 0; i < g_list_model_get_n_items (org); i++)
        {
          g_autoptr (MrNode) o = g_list_model_get_item (org, i);
          const char *parent = mr_node_get_parent_id (o);
          const char *up = parent ? g_hash_table_lookup (org_paths, parent) : NULL;

          g_hash_table_insert (org_paths, g_strdup (mr_node_get_id (o)),
                               up ? g_strconcat (up, " / ", mr_node_get_name (o), NULL)
                                  : g_strdup (mr_node_get_name (o)));
        }
      stmt = mr_store_prepare (store,
                               "SELECT id, location_id FROM place WHERE deleted = 0 "
                               "AND location_id IS NOT NULL",
                               error);
      if (stmt == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *path =
            g_hash_table_lookup (org_paths, (const char *) sqlite3_column_text (stmt, 1));

          if (path != NULL)
            g_hash_table_insert (locations, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                                 g_strdup (path));
        }
      sqlite3_reset (stmt);
    }

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      MrNode *n = g_list_model_get_item (list, i);

      g_hash_table_insert (nodes, (gpointer) mr_node_get_id (n), n);
    }

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (MrNode) n = g_list_model_get_item (list, i);
      const char *fields[6] = { NULL };
      gboolean ok;

      for (MrNode *up = n; up != NULL;
           up = mr_node_get_parent_id (up) ? g_hash_table_lookup (nodes, mr_node_get_parent_id (up))
                                           : NULL)
        for (guint l = 0; l < n_levels; l++)
          if (g_strcmp0 (mr_node_get_kind (up), levels[l]) == 0)
            fields[l] = mr_node_get_name (up);
      fields[n_levels] = mr_node_get_code (n);
      if (places)
        fields[n_levels + 1] = g_hash_table_lookup (locations, mr_node_get_id (n));
      w->records++;
      ok = writer_record (w, fields, places ? n_levels + 2 : n_levels + 1, error);
      if (!ok)
        {
          g_hash_table_foreach (nodes, (GHFunc) (void (*) (void)) g_object_unref, NULL);
          return FALSE;
        }
    }
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, nodes);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_object_unref (value);
  }
  return TRUE;
}

gint64
mr_export_csv (MrStore *store,
               MrImportKind kind,
               const MrExportFilter *filter,
               GOutputStream *out,
               GCancellable *cancellable,
               GError **error)
{
  g_autoptr (GString) buf = g_string_sized_new (FLUSH_AT + 4096);
  Writer w = { out, cancellable, buf, 0 };
  gboolean ok;

  g_return_val_if_fail (MR_IS_STORE (store), -1);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), -1);

  if (kind == MR_IMPORT_CONTACTS)
    {
      g_autoptr (GHashTable) paths = place_paths (store);
      gboolean filtered = filter != NULL && ((filter->search && *filter->search) ||
                                             filter->department_id || filter->place_id);

      write_header (&w, kind, contact_skip);
      ok = filtered ? export_contact_list (store, filter, &w, paths, error)
                    : export_all_contacts (store, &w, paths, error);
    }
  else
    {
      write_header (&w, kind, NULL);
      ok = export_tree (store, kind, &w, error);
    }
  if (!ok || !writer_flush (&w, TRUE, error))
    return -1;
  return w.records;
}

gint64
mr_export_departments_csv (MrStore *store,
                           GOutputStream *out,
                           GCancellable *cancellable,
                           GError **error)
{
  g_autoptr (GString) buf = g_string_sized_new (4096);
  g_autoptr (GListModel) list = mr_store_list_departments (store);
  g_autoptr (GHashTable) paths = place_paths (store);
  Writer w = { out, cancellable, buf, 0 };
  const char *header[] = { _ ("Department"), _ ("Key contact"), _ ("Key contact’s email"),
                           _ ("Place"), _ ("Members") };

  g_return_val_if_fail (MR_IS_STORE (store), -1);

  mr_csv_append_record (buf, header, G_N_ELEMENTS (header), ',');
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (MrDepartment) d = g_list_model_get_item (list, i);
      g_autoptr (MrContact) key = NULL;
      g_autofree char *members = g_strdup_printf ("%u", mr_department_get_member_count (d));
      const char *place = mr_department_get_place_id (d);
      const char *fields[5];

      if (mr_department_get_key_contact_id (d) != NULL)
        key = mr_store_get_contact (store, mr_department_get_key_contact_id (d));
      fields[0] = mr_department_get_name (d);
      fields[1] = key ? mr_contact_get_display_name (key) : NULL;
      fields[2] = key ? mr_contact_get_email (key) : NULL;
      fields[3] = place ? g_hash_table_lookup (paths, place) : NULL;
      fields[4] = members;
      w.records++;
      if (!writer_record (&w, fields, G_N_ELEMENTS (fields), error))
        return -1;
    }
  if (!writer_flush (&w, TRUE, error))
    return -1;
  return w.records;
}

gint64
mr_export_csv_to_file (
  MrStore *store, MrImportKind kind, const MrExportFilter *filter, const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileOutputStream) out = NULL;
  gint64 n;

  /* g_file_replace writes aside and renames on close: a failed export
   * leaves the previous file as it was. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (out == NULL)
    return -1;
  n = mr_export_csv (store, kind, filter, G_OUTPUT_STREAM (out), NULL, error);
  if (n < 0)
    {
      g_autoptr (GCancellable) abort = g_cancellable_new ();

      /* Closing after a cancel discards the temporary file. */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (out), abort, NULL);
      return -1;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    return -1;
  return n;
}
