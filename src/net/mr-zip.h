/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* ZIP archives in memory (libarchive): the contacts export travels to the
 * SFTP server as a ZIP. */

/* A ZIP (deflate) holding the single file @name with @data, dated @mtime
 * (unix seconds). */
GBytes *mr_zip_single_file (const char *name, GBytes *data, gint64 mtime, GError **error);

/* The contents of @name in the ZIP @zip; G_IO_ERROR_NOT_FOUND when the
 * archive has no such file. */
GBytes *mr_zip_read_file (GBytes *zip, const char *name, GError **error);
/* The names of the files in the ZIP @zip, in order. */
char **mr_zip_list (GBytes *zip, GError **error);

G_END_DECLS
