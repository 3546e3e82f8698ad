/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-labels"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-csv.h"
#include "mr-label-layouts.h"
#include "mr-label-records.h"
#include "mr-label-stock.h"
#include "mr-text.h"

static GHashTable *
record_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gboolean
check_kind (const char *kind, GError **error)
{
  if (mr_label_kind_is_valid (kind))
    return TRUE;
  g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_INVALID,
               _ ("“%s” is not a kind of label. The kinds are: package, asset, locker_door, "
                  "shelf, carrier_qr, pickup_slip."),
               kind ? kind : "");
  return FALSE;
}

GPtrArray *
mr_label_records_from_store (MrStore *store,
                             const char *kind,
                             const char *const *keys,
                             GError **error)
{
  if (!check_kind (kind, error))
    return NULL;
  return mr_store_get_label_records (store, kind, keys, error);
}

GPtrArray *
mr_label_records_received_today (MrStore *store, const char *kind, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight = NULL;
  g_autoptr (GDateTime) tomorrow = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  gint64 from, to;

  if (!check_kind (kind, error))
    return NULL;
  if (strcmp (kind, "package") != 0 && strcmp (kind, "pickup_slip") != 0)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_INVALID,
                   _ ("Only package labels and pickup slips are printed for the packages received "
                      "today."));
      return NULL;
    }
  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  tomorrow = g_date_time_add_days (midnight, 1);
  from = g_date_time_to_unix (midnight) * 1000;
  to = g_date_time_to_unix (tomorrow) * 1000;
  ids = mr_store_list_packages_received (store, from, to);
  g_ptr_array_add (ids, NULL);
  return mr_store_get_label_records (store, kind, (const char *const *) ids->pdata, error);
}

GPtrArray *
mr_label_records_awaiting_pickup (MrStore *store, const char *kind, GError **error)
{
  g_autoptr (GPtrArray) ids = NULL;

  if (!check_kind (kind, error))
    return NULL;
  if (strcmp (kind, "package") != 0 && strcmp (kind, "pickup_slip") != 0)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_INVALID,
                   _ ("Only package labels and pickup slips are printed for the packages awaiting "
                      "pickup."));
      return NULL;
    }
  ids = mr_store_list_packages_awaiting_pickup (store);
  g_ptr_array_add (ids, NULL);
  return mr_store_get_label_records (store, kind, (const char *const *) ids->pdata, error);
}

/* "Tracking number", "tracking_number", "TRACKING-NUMBER" and "Numéro de
 * suivi" (in French) all name the field tracking_number. */
static char *
fold_header (const char *text)
{
  g_autofree char *folded = mr_text_fold (text);

  g_strdelimit (folded, "_-", ' ');
  return g_strdup (g_strstrip (folded));
}

static const char *
match_field (const char *kind, const char *header)
{
  g_autofree char *key = fold_header (header);

  for (const MrLabelField *f = mr_label_kind_get_fields (kind); f->name; f++)
    {
      g_autofree char *name = fold_header (f->name);
      g_autofree char *english = fold_header (f->label);
      g_autofree char *local = fold_header (_ (f->label));

      if (strcmp (key, name) == 0 || strcmp (key, english) == 0 || strcmp (key, local) == 0)
        return f->name;
    }
  return NULL;
}

GPtrArray *
mr_label_records_from_csv (const char *path, const char *kind, GError **error)
{
  g_autoptr (MrCsvReader) reader = NULL;
  g_autoptr (GPtrArray) out = NULL;
  g_autoptr (GPtrArray) columns = g_ptr_array_new (); /* field name or NULL, per column */
  g_autofree char *base = NULL;
  const char *const *fields;
  guint n_fields = 0, n_matched = 0;
  g_autoptr (GError) local = NULL;

  if (!check_kind (kind, error))
    return NULL;
  reader = mr_csv_reader_new_from_file (path, MR_CSV_ENCODING_AUTO, 0, &local);
  if (reader == NULL)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_IO, "%s", local->message);
      return NULL;
    }
  base = g_path_get_basename (path);
  if (!mr_csv_reader_next (reader, &fields, &n_fields, &local))
    {
      if (local != NULL)
        g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_PARSE, "%s: %s", base, local->message);
      else
        g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_PARSE, _ ("%s: the file is empty."),
                     base);
      return NULL;
    }
  for (guint i = 0; i < n_fields; i++)
    {
      const char *field = match_field (kind, fields[i]);

      g_ptr_array_add (columns, (gpointer) field);
      n_matched += field != NULL;
    }
  if (n_matched == 0)
    {
      GString *names = g_string_new (NULL);

      for (const MrLabelField *f = mr_label_kind_get_fields (kind); f->name; f++)
        g_string_append_printf (names, "%s%s", names->len ? ", " : "", f->name);
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_PARSE,
                   _ ("%s: the first line names no field of a %s label. Name the columns %s."),
                   base, mr_label_kind_get_label (kind), names->str);
      g_string_free (names, TRUE);
      return NULL;
    }

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  while (mr_csv_reader_next (reader, &fields, &n_fields, &local))
    {
      GHashTable *r = record_new ();

      /* Translators: names a row of a CSV file in messages: "file.csv, line 4" */
      g_hash_table_insert (
        r, g_strdup ("@origin"),
        g_strdup_printf (_ ("%s, line %u"), base, mr_csv_reader_get_line (reader)));
      for (guint i = 0; i < n_fields && i < columns->len; i++)
        if (columns->pdata[i] != NULL && fields[i][0] != '\0')
          g_hash_table_replace (r, g_strdup (columns->pdata[i]), g_strdup (fields[i]));
      g_ptr_array_add (out, r);
    }
  if (local != NULL)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_PARSE, "%s: %s", base, local->message);
      return NULL;
    }
  if (out->len == 0)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_NOT_FOUND,
                   _ ("%s: there is no row of data under the first line."), base);
      return NULL;
    }
  return g_steal_pointer (&out);
}

GHashTable *
mr_label_record_from_pairs (const char *kind, const char *const *pairs, GError **error)
{
  g_autoptr (GHashTable) r = record_new ();

  if (!check_kind (kind, error))
    return NULL;
  for (guint i = 0; pairs && pairs[i]; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = eq ? g_strndup (pairs[i], eq - pairs[i]) : NULL;
      const char *field = name ? match_field (kind, name) : NULL;

      if (field == NULL)
        {
          g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_INVALID,
                       _ ("“%s”: write FIELD=VALUE with a field of a %s label."), pairs[i],
                       mr_label_kind_get_label (kind));
          return NULL;
        }
      g_hash_table_replace (r, g_strdup (field), g_strdup (eq + 1));
    }
  /* Translators: names the record typed on the command line */
  g_hash_table_replace (r, g_strdup ("@origin"), g_strdup (_ ("the values given")));
  return g_steal_pointer (&r);
}
