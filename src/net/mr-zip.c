/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-zip"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-zip.h"

/* libarchive writes through callbacks; a GByteArray grows as it goes, so
 * there is no buffer size to guess. */
static la_ssize_t
write_cb (struct archive *a, void *data, const void *buffer, size_t length)
{
  g_byte_array_append (data, buffer, length);
  return (la_ssize_t) length;
}

static int
close_cb (struct archive *a, void *data)
{
  return ARCHIVE_OK;
}

static gboolean
zip_failed (struct archive *a, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Cannot write the ZIP archive: %s"),
               archive_error_string (a) ? archive_error_string (a) : "?");
  return FALSE;
}

GBytes *
mr_zip_single_file (const char *name, GBytes *data, gint64 mtime, GError **error)
{
  struct archive *a = archive_write_new ();
  struct archive_entry *entry = NULL;
  g_autoptr (GByteArray) out = g_byte_array_new ();
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  gboolean ok = FALSE;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (archive_write_set_format_zip (a) != ARCHIVE_OK ||
      archive_write_zip_set_compression_deflate (a) != ARCHIVE_OK ||
      /* Unblocked: a ZIP padded with zeros to 10 KiB blocks confuses
       * strict readers. */
      archive_write_set_bytes_per_block (a, 0) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block (a, 1) != ARCHIVE_OK ||
      archive_write_open2 (a, out, NULL, write_cb, close_cb, NULL) != ARCHIVE_OK)
    {
      zip_failed (a, error);
      goto out;
    }
  entry = archive_entry_new ();
  archive_entry_set_pathname_utf8 (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) len);
  archive_entry_set_mtime (entry, (time_t) mtime, 0);
  if (archive_write_header (a, entry) != ARCHIVE_OK)
    {
      zip_failed (a, error);
      goto out;
    }
  if (len > 0 && archive_write_data (a, bytes, len) != (la_ssize_t) len)
    {
      zip_failed (a, error);
      goto out;
    }
  if (archive_write_finish_entry (a) != ARCHIVE_OK || archive_write_close (a) != ARCHIVE_OK)
    {
      zip_failed (a, error);
      goto out;
    }
  ok = TRUE;

out:
  if (entry != NULL)
    archive_entry_free (entry);
  archive_write_free (a);
  return ok ? g_byte_array_free_to_bytes (g_steal_pointer (&out)) : NULL;
}

static struct archive *
open_reader (GBytes *zip, GError **error)
{
  struct archive *a = archive_read_new ();
  gsize len;
  const void *bytes = g_bytes_get_data (zip, &len);

  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, bytes, len) != ARCHIVE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("Cannot read the ZIP archive: %s"),
                   archive_error_string (a) ? archive_error_string (a) : "?");
      archive_read_free (a);
      return NULL;
    }
  return a;
}

GBytes *
mr_zip_read_file (GBytes *zip, const char *name, GError **error)
{
  struct archive *a;
  struct archive_entry *entry;
  int rc;

  g_return_val_if_fail (zip != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  a = open_reader (zip, error);
  if (a == NULL)
    return NULL;
  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      g_autoptr (GByteArray) out = NULL;
      char buffer[16384];
      la_ssize_t n;
      const char *path = archive_entry_pathname_utf8 (entry);

      if (g_strcmp0 (path, name) != 0)
        continue;
      out = g_byte_array_new ();
      while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
        g_byte_array_append (out, (const guint8 *) buffer, n);
      if (n < 0)
        break;
      archive_read_free (a);
      return g_byte_array_free_to_bytes (g_steal_pointer (&out));
    }
  if (rc == ARCHIVE_EOF)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("The ZIP archive has no “%s”."), name);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _ ("Cannot read the ZIP archive: %s"),
                 archive_error_string (a) ? archive_error_string (a) : "?");
  archive_read_free (a);
  return NULL;
}

char **
mr_zip_list (GBytes *zip, GError **error)
{
  struct archive *a;
  struct archive_entry *entry;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (zip != NULL, NULL);

  a = open_reader (zip, error);
  if (a == NULL)
    return NULL;
  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    g_ptr_array_add (names, g_strdup (archive_entry_pathname_utf8 (entry)));
  if (rc != ARCHIVE_EOF)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("Cannot read the ZIP archive: %s"),
                   archive_error_string (a) ? archive_error_string (a) : "?");
      archive_read_free (a);
      return NULL;
    }
  archive_read_free (a);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}
