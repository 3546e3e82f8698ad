/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-import-private.h"
#include "mr-records.h"
#include "mr-store-private.h"
#include "mr-text.h"

/* The pass over the rows of an import job (mr-import.c holds the job,
 * its file and its mapping): each row resolved against what the store
 * holds and applied through its named mutations, checked or written. */

/* A row being written: the values of each field, by field name. */
typedef struct
{
  MrImportJob *job;
  guint row;
} RowContext;

/* Caches of what the store holds, keyed by folded text. */
typedef struct
{
  GHashTable *departments; /* folded name → id */
  /* Places by folded path, by code and by name → id ("" when ambiguous):
   * apart, so a name never shadows a path. */
  GHashTable *place_paths;
  GHashTable *place_codes;
  GHashTable *place_names;
  GHashTable *tree; /* "parent-id\x1ffolded name" → id (places or org) */
  /* One entry per contact, so their strings live in one chunk that goes
   * at once rather than in 100,000 allocations. */
  GStringChunk *contact_strings;
  GHashTable *by_personnel;
  GHashTable *by_email;       /* lower case */
  GHashTable *seen_personnel; /* personnel id → line, within the file */
  GHashTable *kept;           /* ids present in the file (replace mode) */
  GHashTable *locations;      /* folded name → id of organisation locations */
  /* Department and place cells as written → the id they resolved to: a
   * file names the same few hundred again and again, and folding and
   * splitting each one costs more than the rest of the row's checks. */
  GHashTable *department_cells;
  GHashTable *place_cells;
  char *enterprise_id;
  /* A contact row that creates its department or place opens a savepoint
   * first, so that a refused row takes them back with it. Rows that create
   * nothing need none: the contact's own mutation is all or nothing. */
  gboolean row_savepoints;
  gboolean row_savepoint_open;
} Caches;

static void
caches_clear (Caches *c)
{
  g_clear_pointer (&c->departments, g_hash_table_unref);
  g_clear_pointer (&c->place_paths, g_hash_table_unref);
  g_clear_pointer (&c->place_codes, g_hash_table_unref);
  g_clear_pointer (&c->place_names, g_hash_table_unref);
  g_clear_pointer (&c->tree, g_hash_table_unref);
  g_clear_pointer (&c->by_personnel, g_hash_table_unref);
  g_clear_pointer (&c->by_email, g_hash_table_unref);
  g_clear_pointer (&c->seen_personnel, g_hash_table_unref);
  g_clear_pointer (&c->contact_strings, g_string_chunk_free);
  g_clear_pointer (&c->kept, g_hash_table_unref);
  g_clear_pointer (&c->locations, g_hash_table_unref);
  g_clear_pointer (&c->department_cells, g_hash_table_unref);
  g_clear_pointer (&c->place_cells, g_hash_table_unref);
  g_clear_pointer (&c->enterprise_id, g_free);
}

static GHashTable *
string_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The store names its own fields; the file names ours. */
static const char *
import_field_for_store_field (const char *field)
{
  if (field == NULL)
    return NULL;
  if (strcmp (field, "department_id") == 0)
    return "department";
  if (strcmp (field, "place_id") == 0)
    return "place";
  if (strcmp (field, "first_name") == 0 || strcmp (field, "last_name") == 0)
    return field;
  if (strcmp (field, "name") == 0)
    return NULL;
  return field;
}

/* What the store refuses about a row's values is a problem of the row.
 * Anything else (a database error: disk full, I/O) is no fault of the
 * file: it ends the import, and nothing of it is kept, even when only the
 * valid rows were to be imported. Such an error goes to @fatal (the first
 * one) instead of the list of problems. */
static void
add_store_problem (MrImportJob *job, guint row, const GError *error, GError **fatal)
{
  const char *field;

  if (error->domain != MR_STORE_ERROR || error->code < MR_STORE_ERROR_INVALID)
    {
      if (*fatal == NULL)
        *fatal = g_error_copy (error);
      return;
    }
  field = import_field_for_store_field (mr_store_error_get_field (error));

  /* A name built from "Full name" is reported on that column. */
  if (field != NULL && mr_import_job_column_of (job, field) < 0 &&
      (strcmp (field, "first_name") == 0 || strcmp (field, "last_name") == 0))
    field = "full_name";
  mr_import_job_add_problem (job, row, field, error->message);
}

/* Values */

static const char *
value_of (RowContext *r, const char *field)
{
  int column = mr_import_job_column_of (r->job, field);
  const char *value;

  if (column < 0)
    return NULL;
  value = g_ptr_array_index (r->job->cells, r->row * r->job->headers->len + (guint) column);
  return value;
}

static char *
stripped (RowContext *r, const char *field)
{
  const char *value = value_of (r, field);

  return value ? mr_text_strip_dup (value) : NULL;
}

/* yes/no in the languages files come in; NULL when it is neither. */
static gboolean
parse_bool (const char *text, gboolean *out)
{
  static const char *const yes[] = { "yes", "y", "true", "1", "x", "oui", "o", "vrai", NULL };
  static const char *const no[] = { "no", "n", "false", "0", "non", "faux", "", NULL };
  g_autofree char *folded = NULL;

  /* What a file has in every row, as written: no folding needed. */
  if (text != NULL && (strcmp (text, "no") == 0 || strcmp (text, "yes") == 0))
    {
      *out = *text == 'y';
      return TRUE;
    }
  folded = mr_text_fold (text ? text : "");

  g_strstrip (folded);
  if (g_strv_contains (yes, folded) || g_strcmp0 (folded, _ ("yes")) == 0)
    *out = TRUE;
  else if (g_strv_contains (no, folded) || g_strcmp0 (folded, _ ("no")) == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* The segments of "A / B / C", "A › B › C" or "A > B > C", stripped,
 * empty ones dropped. */
static GStrv
path_split (const char *text)
{
  g_autoptr (GString) unified = g_string_new (text);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) parts = NULL;

  g_string_replace (unified, "›", "/", 0);
  g_string_replace (unified, ">", "/", 0);
  parts = g_strsplit (unified->str, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* A place path or name as a lookup key: folded segments joined by " / ". */
static char *
path_key (const char *text)
{
  g_autofree char *folded = mr_text_fold (text);
  g_auto (GStrv) parts = path_split (folded);

  return g_strjoinv (" / ", parts);
}

static char *
tree_key (const char *parent_id, const char *name)
{
  g_autofree char *folded = mr_text_fold (name);

  g_strstrip (folded);
  return g_strdup_printf ("%s\x1f%s", parent_id ? parent_id : "", folded);
}

/* Caches */

static void
load_departments (Caches *c, MrStore *store)
{
  g_autoptr (GListModel) list = mr_store_list_departments (store);

  c->departments = string_table ();
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (MrDepartment) d = g_list_model_get_item (list, i);
      char *key = mr_text_fold (mr_department_get_name (d));

      g_strstrip (key);
      g_hash_table_insert (c->departments, key, g_strdup (mr_department_get_id (d)));
    }
}

static void
remember_place (GHashTable *table, const char *key, const char *id)
{
  const char *old = g_hash_table_lookup (table, key);

  if (old != NULL && g_strcmp0 (old, id) != 0)
    g_hash_table_replace (table, g_strdup (key), g_strdup ("")); /* ambiguous */
  else if (old == NULL)
    g_hash_table_insert (table, g_strdup (key), g_strdup (id));
}

static void
load_tree (Caches *c, MrStore *store, gboolean places)
{
  g_autoptr (GListModel) list =
    places ? mr_store_list_places (store) : mr_store_list_org_units (store);

  c->tree = string_table ();
  if (places)
    {
      c->place_paths = string_table ();
      c->place_codes = string_table ();
      c->place_names = string_table ();
    }
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (MrNode) n = g_list_model_get_item (list, i);
      const char *id = mr_node_get_id (n);

      g_hash_table_insert (c->tree, tree_key (mr_node_get_parent_id (n), mr_node_get_name (n)),
                           g_strdup (id));
      if (!places)
        {
          if (g_strcmp0 (mr_node_get_kind (n), "enterprise") == 0 && c->enterprise_id == NULL)
            c->enterprise_id = g_strdup (id);
          continue;
        }
      {
        g_autofree char *path = path_key (mr_node_get_path (n));
        g_autofree char *name = path_key (mr_node_get_name (n));

        remember_place (c->place_paths, path, id);
        if (mr_node_get_code (n) != NULL && *mr_node_get_code (n) != '\0')
          {
            g_autofree char *code = path_key (mr_node_get_code (n));

            remember_place (c->place_codes, code, id);
          }
        remember_place (c->place_names, name, id);
      }
    }
}

static void
load_locations (Caches *c, MrStore *store)
{
  g_autoptr (GListModel) list = mr_store_list_org_units (store);

  c->locations = string_table ();
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (MrNode) n = g_list_model_get_item (list, i);
      char *key;

      if (g_strcmp0 (mr_node_get_kind (n), "location") != 0)
        continue;
      /* By name, and by path ("Enterprise / Division / Location"), which
       * the export writes and which two "Paris" do not share. */
      key = path_key (mr_node_get_name (n));
      if (g_hash_table_contains (c->locations, key))
        g_hash_table_replace (c->locations, key, g_strdup ("")); /* ambiguous */
      else
        g_hash_table_insert (c->locations, key, g_strdup (mr_node_get_id (n)));
      g_hash_table_insert (c->locations, path_key (mr_node_get_path (n)),
                           g_strdup (mr_node_get_id (n)));
    }
}

static char *
contact_string (Caches *c, const char *text, gboolean lower)
{
  char *copy = g_string_chunk_insert (c->contact_strings, text);

  if (lower)
    for (char *p = copy; *p != '\0'; p++)
      *p = g_ascii_tolower (*p);
  return copy;
}

static void
load_contacts (Caches *c, MrStore *store)
{
  g_autoptr (GPtrArray) rows = mr_store_list_contact_keys (store);

  c->by_personnel = g_hash_table_new (g_str_hash, g_str_equal);
  c->by_email = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i + 2 < rows->len; i += 3)
    {
      const char *id = g_ptr_array_index (rows, i);
      const char *personnel = g_ptr_array_index (rows, i + 1);
      const char *email = g_ptr_array_index (rows, i + 2);

      if (personnel != NULL)
        g_hash_table_insert (c->by_personnel, contact_string (c, personnel, FALSE),
                             contact_string (c, id, FALSE));
      if (email != NULL)
        g_hash_table_insert (c->by_email, contact_string (c, email, TRUE),
                             contact_string (c, id, FALSE));
    }
}

/* Contacts */

static gboolean
open_row_savepoint (MrImportJob *job, Caches *c, GError **error)
{
  if (!c->row_savepoints || c->row_savepoint_open)
    return TRUE;
  if (!mr_store_exec (job->store, "SAVEPOINT import_row", error))
    return FALSE;
  c->row_savepoint_open = TRUE;
  return TRUE;
}

static const char *
find_department (MrImportJob *job, Caches *c, guint row, const char *name, GError **error)
{
  g_autofree char *key = mr_text_fold (name);
  const char *id;
  g_autoptr (GVariantDict) args = NULL;
  char *new_id = NULL;

  g_strstrip (key);
  id = g_hash_table_lookup (c->departments, key);
  if (id != NULL)
    return id;
  if (!job->create_missing)
    {
      g_autofree char *msg = g_strdup_printf (
        _ ("Unknown department “%s”. Create it first, or choose to create missing departments "
           "and places."),
        name);

      mr_import_job_add_problem (job, row, "department", msg)->missing_reference = TRUE;
      return NULL;
    }
  if (!open_row_savepoint (job, c, error))
    return NULL;
  args = g_variant_dict_new (NULL);
  g_variant_dict_insert (args, "name", "s", name);
  if (!mr_store_apply (job->store, "department.create", g_variant_dict_end (args), &new_id, error))
    return NULL;
  g_hash_table_insert (c->departments, g_strdup (key), new_id);
  return new_id;
}

static const char *const place_kinds[] = { "site", "building", "floor", "mail_stop" };

/* Creates the missing places of a path, each at the kind of its depth. */
static const char *
create_place_path (MrImportJob *job, Caches *c, const char *text, GError **error)
{
  g_autofree char *key = path_key (text);
  g_auto (GStrv) parts = g_strsplit (key, " / ", -1);
  const char *parent = NULL;
  guint n = g_strv_length (parts);

  if (n == 0 || n > G_N_ELEMENTS (place_kinds))
    return NULL;
  {
    /* Names as written, not folded. */
    g_auto (GStrv) names = path_split (text);

    if (g_strv_length (names) != n)
      return NULL;
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *tk = tree_key (parent, names[i]);
        const char *id = g_hash_table_lookup (c->tree, tk);

        if (id == NULL)
          {
            g_autoptr (GVariantDict) args = g_variant_dict_new (NULL);
            char *new_id = NULL;

            if (!open_row_savepoint (job, c, error))
              return NULL;
            /* Depth decides the kind: site, building, floor, mail stop. */
            g_variant_dict_insert (args, "kind", "s", place_kinds[i]);
            if (parent)
              g_variant_dict_insert (args, "parent_id", "s", parent);
            g_variant_dict_insert (args, "name", "s", names[i]);
            if (!mr_store_apply (job->store, "place.create", g_variant_dict_end (args), &new_id,
                                 error))
              return NULL;
            g_hash_table_insert (c->tree, g_steal_pointer (&tk), new_id);
            id = new_id;
          }
        parent = id;
      }
  }
  remember_place (c->place_paths, key, parent);
  return g_hash_table_lookup (c->place_paths, key);
}

static const char *
find_place (MrImportJob *job, Caches *c, guint row, const char *text, GError **error)
{
  g_autofree char *key = path_key (text);
  const char *id = g_hash_table_lookup (c->place_paths, key);

  if (id == NULL || *id == '\0')
    id = g_hash_table_lookup (c->place_codes, key);
  if (id == NULL || *id == '\0')
    id = g_hash_table_lookup (c->place_names, key);
  if (id != NULL && *id != '\0')
    return id;
  if (id != NULL)
    {
      g_autofree char *msg = g_strdup_printf (
        _ ("“%s” names several places. Write the whole path, such as “Site / Building / "
           "Floor / Mail stop”, or the place’s code."),
        text);

      mr_import_job_add_problem (job, row, "place", msg);
      return NULL;
    }
  if (job->create_missing)
    {
      g_autoptr (GError) local = NULL;

      id = create_place_path (job, c, text, &local);
      if (id != NULL)
        return id;
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  {
    g_autofree char *msg = g_strdup_printf (
      _ ("Unknown place “%s”. Write its whole path (“Site / Building / Floor / Mail stop”) or "
         "its code, or choose to create missing departments and places."),
      text);

    mr_import_job_add_problem (job, row, "place", msg)->missing_reference = TRUE;
  }
  return NULL;
}

/* Splits "Last, First" or "First Middle Last". */
static void
split_full_name (const char *full, char **first, char **last)
{
  g_autofree char *text = mr_text_strip_dup (full);
  char *comma = strchr (text, ',');
  char *space;

  if (comma != NULL)
    {
      *comma = '\0';
      *last = mr_text_strip_dup (text);
      *first = mr_text_strip_dup (comma + 1);
      return;
    }
  space = strrchr (text, ' ');
  if (space == NULL)
    {
      *first = g_strdup ("");
      *last = g_strdup (text);
      return;
    }
  *space = '\0';
  *first = mr_text_strip_dup (text);
  *last = mr_text_strip_dup (space + 1);
}

static const char *const contact_bool_fields[] = { "needs_accessibility", "is_private" };

static const char *const contact_text_fields[] = {
  "email", "phone", "personnel_id", "employee_id", "notes",
};

/* The arguments of one contact row, handed to the store as plain values
 * (mr_store_apply_args()): an import of 100,000 rows would otherwise spend
 * more on building and parsing a{sv} dictionaries than on the rows. */
typedef struct
{
  MrArg args[16];
  guint n;
} ContactArgs;

static void
contact_args_add_string (ContactArgs *a, const char *key, const char *value)
{
  g_assert (a->n < G_N_ELEMENTS (a->args));
  a->args[a->n++] = (MrArg){ key, MR_ARG_STRING, value, 0 };
}

static void
contact_args_add_bool (ContactArgs *a, const char *key, gboolean value)
{
  g_assert (a->n < G_N_ELEMENTS (a->args));
  a->args[a->n++] = (MrArg){ key, MR_ARG_BOOL, NULL, value != FALSE };
}

/* Whether the contact already has @arg's value (an empty text equals a
 * missing one), so update mode journals only what changes. */
static gboolean
contact_has_value (MrContact *old, const MrArg *arg)
{
  static const struct
  {
    const char *key;
    const char *(*get) (MrContact *);
  } texts[] = {
    { "first_name", mr_contact_get_first_name },
    { "last_name", mr_contact_get_last_name },
    { "email", mr_contact_get_email },
    { "phone", mr_contact_get_phone },
    { "department_id", mr_contact_get_department_id },
    { "place_id", mr_contact_get_place_id },
    { "personnel_id", mr_contact_get_personnel_id },
    { "employee_id", mr_contact_get_employee_id },
    { "notes", mr_contact_get_notes },
  };

  if (old == NULL)
    return arg->type == MR_ARG_STRING && *arg->s == '\0';
  if (arg->type == MR_ARG_BOOL)
    {
      if (strcmp (arg->key, "needs_accessibility") == 0)
        return mr_contact_get_needs_accessibility (old) == (arg->i != 0);
      if (strcmp (arg->key, "is_private") == 0)
        return mr_contact_get_is_private (old) == (arg->i != 0);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (strcmp (texts[i].key, arg->key) == 0)
      {
        const char *cur = texts[i].get (old);

        return strcmp (cur ? cur : "", arg->s) == 0;
      }
  return *arg->s == '\0';
}

/* One contact row. Returns FALSE only on a database failure (error set);
 * a refused row is a problem. */
static gboolean
import_contact (MrImportJob *job, Caches *c, guint row, GError **error)
{
  RowContext r = { job, row };
  ContactArgs args = { 0 };
  g_autoptr (GError) fatal = NULL;
  g_autofree char *first = stripped (&r, "first_name");
  g_autofree char *last = stripped (&r, "last_name");
  g_autofree char *full = stripped (&r, "full_name");
  g_autofree char *personnel = stripped (&r, "personnel_id");
  g_autofree char *email = stripped (&r, "email");
  g_autofree char *department = stripped (&r, "department");
  g_autofree char *place = stripped (&r, "place");
  char *texts[G_N_ELEMENTS (contact_text_fields)] = { NULL };
  const char *existing = NULL;
  const char *id;
  guint before = job->problems->len;
  g_autoptr (GError) local = NULL;

  if ((first == NULL || *first == '\0') && (last == NULL || *last == '\0') && full != NULL &&
      *full != '\0')
    {
      g_clear_pointer (&first, g_free);
      g_clear_pointer (&last, g_free);
      split_full_name (full, &first, &last);
    }

  if (personnel != NULL && *personnel != '\0')
    {
      gpointer other;

      if (g_hash_table_lookup_extended (c->seen_personnel, personnel, NULL, &other))
        {
          g_autofree char *msg = g_strdup_printf (
            _ ("Duplicate Personnel ID “%s”: line %u has it too. Each person needs their own."),
            personnel, GPOINTER_TO_UINT (other));

          mr_import_job_add_problem (job, row, "personnel_id", msg)->other_line =
            GPOINTER_TO_UINT (other);
          return TRUE;
        }
      g_hash_table_insert (c->seen_personnel, contact_string (c, personnel, FALSE),
                           GUINT_TO_POINTER (mr_import_job_get_row_line (job, row)));
      existing = g_hash_table_lookup (c->by_personnel, personnel);
    }
  if (existing == NULL && email != NULL && *email != '\0')
    {
      g_autofree char *key = g_ascii_strdown (email, -1);

      existing = g_hash_table_lookup (c->by_email, key);
    }
  /* Only replace mode deletes what the file does not name. */
  if (existing != NULL && job->mode == MR_IMPORT_MODE_REPLACE)
    g_hash_table_add (c->kept, g_strdup (existing));
  if (existing != NULL && job->mode == MR_IMPORT_MODE_ADD)
    {
      job->skipped++;
      return TRUE;
    }

  /* The store checks these too; checking them here as well lists every
   * problem of a row at once, not only the first. */
  if (email != NULL && *email != '\0' && !mr_text_is_email (email))
    {
      g_autofree char *msg = g_strdup_printf (
        _ ("“%s” is not a valid email address. Use the form name@example.com."), email);

      mr_import_job_add_problem (job, row, "email", msg);
    }
  for (guint i = 0; i < G_N_ELEMENTS (contact_text_fields); i++)
    texts[i] = stripped (&r, contact_text_fields[i]);
  {
    const char *phone = texts[1];

    g_assert (strcmp (contact_text_fields[1], "phone") == 0);
    if (phone != NULL && *phone != '\0' && !mr_text_is_phone (phone))
      {
        g_autofree char *msg =
          g_strdup_printf (_ ("“%s” is not a valid phone number. Use digits, spaces, + ( ) - and "
                              "an optional extension such as “x12”."),
                           phone);

        mr_import_job_add_problem (job, row, "phone", msg);
      }
  }

  if (first)
    contact_args_add_string (&args, "first_name", first);
  if (last)
    contact_args_add_string (&args, "last_name", last);
  for (guint i = 0; i < G_N_ELEMENTS (contact_text_fields); i++)
    if (texts[i] != NULL && (existing != NULL || *texts[i] != '\0'))
      contact_args_add_string (&args, contact_text_fields[i], texts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (contact_bool_fields); i++)
    {
      const char *text = value_of (&r, contact_bool_fields[i]);
      gboolean b;

      if (text == NULL)
        continue;
      if (!parse_bool (text, &b))
        {
          g_autofree char *msg =
            g_strdup_printf (_ ("“%s” is not yes or no. Write yes (or oui, true, 1) or no."), text);

          mr_import_job_add_problem (job, row, contact_bool_fields[i], msg);
        }
      /* A new contact is "no" unless told otherwise: its journal entry
       * need not say so (a replay makes the same contact). */
      else if (b || existing != NULL)
        contact_args_add_bool (&args, contact_bool_fields[i], b);
    }
  if (department != NULL)
    {
      if (*department == '\0')
        {
          if (existing != NULL)
            contact_args_add_string (&args, "department_id", "");
        }
      else if ((id = g_hash_table_lookup (c->department_cells, department)) != NULL ||
               (id = find_department (job, c, row, department, &local)) != NULL)
        {
          if (!g_hash_table_contains (c->department_cells, department))
            g_hash_table_insert (c->department_cells, g_strdup (department), g_strdup (id));
          contact_args_add_string (&args, "department_id", id);
        }
      else if (local != NULL)
        add_store_problem (job, row, local, &fatal);
    }
  g_clear_error (&local);
  if (place != NULL)
    {
      if (*place == '\0')
        {
          if (existing != NULL)
            contact_args_add_string (&args, "place_id", "");
        }
      else if ((id = g_hash_table_lookup (c->place_cells, place)) != NULL ||
               (id = find_place (job, c, row, place, &local)) != NULL)
        {
          if (!g_hash_table_contains (c->place_cells, place))
            g_hash_table_insert (c->place_cells, g_strdup (place), g_strdup (id));
          contact_args_add_string (&args, "place_id", id);
        }
      else if (local != NULL)
        add_store_problem (job, row, local, &fatal);
    }
  g_clear_error (&local);
  if (fatal != NULL || job->problems->len > before)
    goto out;

  if (existing != NULL)
    {
      g_autoptr (MrContact) old = mr_store_get_contact (job->store, existing);
      ContactArgs changes = { 0 };

      for (guint i = 0; i < args.n; i++)
        if (!contact_has_value (old, &args.args[i]))
          changes.args[changes.n++] = args.args[i];
      if (changes.n == 0)
        {
          job->skipped++;
          goto out;
        }
      contact_args_add_string (&changes, "id", existing);
      if (!mr_store_apply_args (job->store, "contact.set", changes.args, changes.n, NULL, &local))
        add_store_problem (job, row, local, &fatal);
      else
        job->updated++;
      goto out;
    }

  {
    g_autofree char *new_id = NULL;

    if (!mr_store_apply_args (job->store, "contact.create", args.args, args.n, &new_id, &local))
      add_store_problem (job, row, local, &fatal);
    else
      {
        job->added++;
        /* A later row with the same Personnel ID or email is this one. */
        if (personnel != NULL && *personnel != '\0')
          g_hash_table_insert (c->by_personnel, contact_string (c, personnel, FALSE),
                               contact_string (c, new_id, FALSE));
        if (email != NULL && *email != '\0')
          g_hash_table_insert (c->by_email, contact_string (c, email, TRUE),
                               contact_string (c, new_id, FALSE));
        if (job->mode == MR_IMPORT_MODE_REPLACE)
          g_hash_table_add (c->kept, g_steal_pointer (&new_id));
      }
  }
out:
  for (guint i = 0; i < G_N_ELEMENTS (contact_text_fields); i++)
    g_free (texts[i]);
  if (fatal != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&fatal));
      return FALSE;
    }
  return TRUE;
}

/* Places and organisation: each row is a path, one column per level. */

typedef struct
{
  const char *field;
  const char *kind;
} Level;

static const Level place_levels[] = {
  { "site", "site" },
  { "building", "building" },
  { "floor", "floor" },
  { "mail_stop", "mail_stop" },
};

static const Level org_levels[] = {
  { "enterprise", "enterprise" },
  { "division", "division" },
  { "location", "location" },
};

static gboolean
import_tree_row (MrImportJob *job, Caches *c, guint row, GError **error)
{
  RowContext r = { job, row };
  gboolean places = job->kind == MR_IMPORT_PLACES;
  const Level *levels = places ? place_levels : org_levels;
  guint n_levels = places ? G_N_ELEMENTS (place_levels) : G_N_ELEMENTS (org_levels);
  const char *entity = places ? "place" : "org";
  g_autofree char *code = stripped (&r, "code");
  g_autofree char *location = places ? stripped (&r, "location") : NULL;
  const char *location_id = NULL;
  const char *parent = NULL;
  int deepest = -1;
  gboolean created = FALSE;

  for (guint i = 0; i < n_levels; i++)
    {
      g_autofree char *v = stripped (&r, levels[i].field);

      if (v != NULL && *v != '\0')
        deepest = (int) i;
    }
  if (deepest < 0)
    {
      job->skipped++;
      return TRUE;
    }
  if (location != NULL && *location != '\0')
    {
      g_autofree char *key = path_key (location);

      location_id = g_hash_table_lookup (c->locations, key);
      if (location_id == NULL || *location_id == '\0')
        {
          g_autofree char *msg = g_strdup_printf (
            location_id == NULL
              ? _ ("Unknown location “%s”. Add it in the Organisation section first.")
              : _ ("“%s” names several locations of the organisation. Rename one of them."),
            location);

          mr_import_job_add_problem (job, row, "location", msg)->missing_reference =
            location_id == NULL;
          return TRUE;
        }
    }
  /* Divisions hang under the enterprise, named in the file or not. */
  if (!places && value_of (&r, "enterprise") == NULL)
    {
      if (c->enterprise_id == NULL)
        {
          mr_import_job_add_problem (
            job, row, NULL,
            _ ("There is no enterprise yet. Add an Enterprise column, or create the "
               "enterprise in the Organisation section first."));
          return TRUE;
        }
      parent = c->enterprise_id;
    }

  for (guint i = 0; i <= (guint) deepest; i++)
    {
      g_autofree char *name = stripped (&r, levels[i].field);
      g_autofree char *key = NULL;
      const char *id;

      if (name == NULL || *name == '\0')
        continue; /* a mail stop straight in a building */
      key = tree_key (parent, name);
      id = g_hash_table_lookup (c->tree, key);
      if (id == NULL)
        {
          g_autoptr (GVariantDict) args = g_variant_dict_new (NULL);
          g_autofree char *op = g_strconcat (entity, ".create", NULL);
          g_autoptr (GError) local = NULL;
          char *new_id = NULL;

          g_variant_dict_insert (args, "kind", "s", levels[i].kind);
          if (parent != NULL)
            g_variant_dict_insert (args, "parent_id", "s", parent);
          g_variant_dict_insert (args, "name", "s", name);
          if ((int) i == deepest && code != NULL && *code != '\0')
            g_variant_dict_insert (args, "code", "s", code);
          if ((int) i == deepest && location_id != NULL)
            g_variant_dict_insert (args, "location_id", "s", location_id);
          if (!mr_store_apply (job->store, op, g_variant_dict_end (args), &new_id, &local))
            {
              const char *field = mr_store_error_get_field (local);

              /* A database error ends the import (see add_store_problem()). */
              if (local->domain != MR_STORE_ERROR || local->code < MR_STORE_ERROR_INVALID)
                {
                  g_propagate_error (error, g_steal_pointer (&local));
                  return FALSE;
                }
              mr_import_job_add_problem (job, row,
                                         g_strcmp0 (field, "code") == 0 ? "code" : levels[i].field,
                                         local->message);
              return TRUE;
            }
          g_hash_table_insert (c->tree, g_steal_pointer (&key), new_id);
          if (!places && i == 0)
            {
              g_free (c->enterprise_id);
              c->enterprise_id = g_strdup (new_id);
            }
          id = new_id;
          created = TRUE;
        }
      g_hash_table_add (c->kept, g_strdup (id));
      parent = id;
    }
  if (created)
    job->added++;
  else
    job->skipped++;
  return TRUE;
}

/* Replace mode: what the file does not name goes. */
static gboolean
delete_others (MrImportJob *job, Caches *c, GError **error)
{
  if (job->kind == MR_IMPORT_CONTACTS)
    {
      g_autoptr (GPtrArray) rows = mr_store_list_contact_keys (job->store);

      for (guint i = 0; i < rows->len; i += 3)
        {
          const char *id = g_ptr_array_index (rows, i);
          g_autoptr (GVariantDict) args = NULL;
          g_autoptr (GError) local = NULL;

          if (g_hash_table_contains (c->kept, id))
            continue;
          args = g_variant_dict_new (NULL);
          g_variant_dict_insert (args, "id", "s", id);
          if (!mr_store_apply (job->store, "contact.delete", g_variant_dict_end (args), NULL,
                               &local))
            mr_import_job_add_problem (job, G_MAXUINT, NULL, local->message);
          else
            job->deleted++;
        }
      return TRUE;
    }
  else
    {
      gboolean places = job->kind == MR_IMPORT_PLACES;
      g_autoptr (GListModel) list =
        places ? mr_store_list_places (job->store) : mr_store_list_org_units (job->store);
      const char *op = places ? "place.delete" : "org.delete";

      /* Deepest first, so children go before their parents. */
      for (guint i = g_list_model_get_n_items (list); i-- > 0;)
        {
          g_autoptr (MrNode) n = g_list_model_get_item (list, i);
          g_autoptr (GVariantDict) args = NULL;
          g_autoptr (GError) local = NULL;

          if (g_hash_table_contains (c->kept, mr_node_get_id (n)) ||
              g_strcmp0 (mr_node_get_kind (n), "enterprise") == 0)
            continue;
          args = g_variant_dict_new (NULL);
          g_variant_dict_insert (args, "id", "s", mr_node_get_id (n));
          if (!mr_store_apply (job->store, op, g_variant_dict_end (args), NULL, &local))
            {
              g_autofree char *msg =
                g_strdup_printf (_ ("“%s” is not in the file but cannot be deleted: %s"),
                                 mr_node_get_path (n), local->message);

              mr_import_job_add_problem (job, G_MAXUINT, NULL, msg);
            }
          else
            job->deleted++;
        }
    }
  return TRUE;
}

/* Places and organisation rows, shallowest first (stable): a parent's own
 * row, with its code, comes before the rows that only pass through it,
 * whatever the order of the file. */
static GArray *
tree_row_order (MrImportJob *job)
{
  gboolean places = job->kind == MR_IMPORT_PLACES;
  const Level *levels = places ? place_levels : org_levels;
  guint n_levels = places ? G_N_ELEMENTS (place_levels) : G_N_ELEMENTS (org_levels);
  guint n_rows = job->lines->len;
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_rows);

  for (guint depth = 0; depth <= n_levels; depth++)
    for (guint row = 0; row < n_rows; row++)
      {
        RowContext r = { job, row };
        guint deepest = 0;

        for (guint l = 0; l < n_levels; l++)
          {
            const char *v = value_of (&r, levels[l].field);

            if (v != NULL && !mr_text_is_blank (v))
              deepest = l + 1;
          }
        if (deepest == depth)
          g_array_append_val (order, row);
      }
  return order;
}

static gboolean
check_columns (MrImportJob *job)
{
  static const char *const contact_names[] = { "first_name", "last_name", "full_name", NULL };
  static const char *const place_names[] = { "site", "building", "floor", "mail_stop", NULL };
  static const char *const org_names[] = { "enterprise", "division", "location", NULL };
  const char *const *needed = job->kind == MR_IMPORT_CONTACTS ? contact_names
                              : job->kind == MR_IMPORT_PLACES ? place_names
                                                              : org_names;

  for (guint i = 0; needed[i] != NULL; i++)
    if (mr_import_job_column_of (job, needed[i]) >= 0)
      return TRUE;
  mr_import_job_add_problem (
    job, G_MAXUINT, NULL,
    job->kind == MR_IMPORT_CONTACTS
      ? _ ("No column is imported as a name. Map a column to First name, Last name "
           "or Full name.")
    : job->kind == MR_IMPORT_PLACES
      ? _ ("No column is imported as a place. Map a column to Site, Building, Floor "
           "or Mail stop.")
      : _ ("No column is imported as a unit. Map a column to Enterprise, Division "
           "or Location."));
  return FALSE;
}

static void
check_width (MrImportJob *job, guint row)
{
  guint width = g_array_index (job->widths, guint, row);
  g_autofree char *msg = NULL;

  if (width >= G_MAXUINT / 2)
    msg = g_strdup_printf (
      _ ("This line has more fields than the header has columns (%u): check for a separator "
         "inside a value that should be quoted."),
      job->headers->len);
  else if (width < job->headers->len)
    msg = g_strdup_printf (
      _ ("This line has %u fields but the header has %u columns: check for a missing "
         "separator or a line break inside a value that should be quoted."),
      width, job->headers->len);
  if (msg != NULL)
    mr_import_job_add_problem (job, row, NULL, msg);
}

static gboolean
process (MrImportJob *job,
         gboolean write,
         GCancellable *cancellable,
         MrImportProgressFunc progress,
         gpointer user_data,
         GError **error)
{
  Caches c = { 0 };
  guint n_rows = job->lines->len;
  gboolean ok = TRUE;
  double last_fraction = -1;
  GArray *order = NULL;

  g_ptr_array_set_size (job->problems, 0);
  job->added = job->updated = job->skipped = job->deleted = 0;

  if (!check_columns (job))
    {
      if (write)
        {
          g_set_error_literal (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID,
                               ((MrImportProblem *) g_ptr_array_index (job->problems, 0))->message);
          return FALSE;
        }
      return TRUE;
    }

  /* A large import builds the search index on a second core. */
  if (write && job->kind == MR_IMPORT_CONTACTS)
    mr_contact_index_expect_rows (job->store, n_rows);
  if (!mr_store_begin_batch (job->store, error))
    return FALSE;

  c.contact_strings = g_string_chunk_new (64 * 1024);
  c.seen_personnel = g_hash_table_new (g_str_hash, g_str_equal);
  c.kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.department_cells = string_table ();
  c.place_cells = string_table ();
  if (job->kind == MR_IMPORT_CONTACTS)
    {
      load_departments (&c, job->store);
      load_tree (&c, job->store, TRUE);
      load_contacts (&c, job->store);
    }
  else
    load_tree (&c, job->store, job->kind == MR_IMPORT_PLACES);
  if (job->kind == MR_IMPORT_PLACES)
    load_locations (&c, job->store);

  if (job->kind != MR_IMPORT_CONTACTS)
    order = tree_row_order (job);

  for (guint i = 0; ok && i < n_rows; i++)
    {
      guint row = order ? g_array_index (order, guint, i) : i;
      guint before = job->problems->len;

      if ((i & 255) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (progress != NULL && (double) i / n_rows - last_fraction >= 0.01)
            {
              last_fraction = (double) i / n_rows;
              progress (last_fraction * (write ? 0.95 : 1.0), user_data);
            }
        }
      check_width (job, row);
      if (job->problems->len > before)
        continue;
      /* A contact row may create its department and place before the
       * store refuses the contact: then they go too, with the row. */
      c.row_savepoints = job->create_missing && job->kind == MR_IMPORT_CONTACTS;
      c.row_savepoint_open = FALSE;
      if (job->kind == MR_IMPORT_CONTACTS)
        ok = import_contact (job, &c, row, error);
      else
        ok = import_tree_row (job, &c, row, error);
      if (ok && c.row_savepoint_open)
        {
          if (job->problems->len > before)
            {
              ok = mr_store_exec (job->store, "ROLLBACK TO import_row; RELEASE import_row", error);
              /* What the row created is gone: read what stays. */
              g_clear_pointer (&c.departments, g_hash_table_unref);
              g_clear_pointer (&c.tree, g_hash_table_unref);
              g_clear_pointer (&c.place_paths, g_hash_table_unref);
              g_clear_pointer (&c.place_codes, g_hash_table_unref);
              g_clear_pointer (&c.place_names, g_hash_table_unref);
              load_departments (&c, job->store);
              load_tree (&c, job->store, TRUE);
              g_hash_table_remove_all (c.department_cells);
              g_hash_table_remove_all (c.place_cells);
            }
          else
            ok = mr_store_exec (job->store, "RELEASE import_row", error);
        }
    }
  g_clear_pointer (&order, g_array_unref);

  /* A file without rows would delete everything: surely not meant. */
  if (ok && job->mode == MR_IMPORT_MODE_REPLACE && n_rows == 0)
    mr_import_job_add_problem (
      job, G_MAXUINT, NULL,
      _ ("The file has no rows: replacing with it would delete everything. Check "
         "that it is the right file."));
  if (ok && job->mode == MR_IMPORT_MODE_REPLACE)
    {
      /* Replacing from a file with problems would delete people whose
       * row was only misspelt: replace needs a clean file. */
      if (job->problems->len == 0)
        ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
             delete_others (job, &c, error);
    }
  /* A cancel that came after the last row is still a cancel. */
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  caches_clear (&c);

  if (!ok)
    {
      mr_store_end_batch (job->store, FALSE, NULL);
      job->added = job->updated = job->deleted = 0;
      return FALSE;
    }
  if (!write || (job->problems->len > 0 && !job->valid_only))
    {
      mr_store_end_batch (job->store, FALSE, NULL);
      if (write)
        {
          g_set_error (error, MR_STORE_ERROR, MR_STORE_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%s: %u problem, so nothing was imported. Correct the file, "
                                    "or import the valid rows only.",
                                    "%s: %u problems, so nothing was imported. Correct the file, "
                                    "or import the valid rows only.",
                                    job->problems->len),
                       job->display_name, job->problems->len);
          job->added = job->updated = job->deleted = 0;
          return FALSE;
        }
      if (progress != NULL)
        progress (1.0, user_data);
      return TRUE;
    }
  if (!mr_store_end_batch (job->store, TRUE, error))
    {
      job->added = job->updated = job->deleted = 0;
      return FALSE;
    }
  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;
}

gboolean
mr_import_job_check (MrImportJob *job,
                     GCancellable *cancellable,
                     MrImportProgressFunc progress,
                     gpointer user_data,
                     GError **error)
{
  g_return_val_if_fail (job != NULL, FALSE);
  return process (job, FALSE, cancellable, progress, user_data, error);
}

gboolean
mr_import_job_run (MrImportJob *job,
                   GCancellable *cancellable,
                   MrImportProgressFunc progress,
                   gpointer user_data,
                   GError **error)
{
  g_return_val_if_fail (job != NULL, FALSE);
  return process (job, TRUE, cancellable, progress, user_data, error);
}
