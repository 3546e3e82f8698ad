/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-labels"

#include "config.h"

#include <cups/cups.h>
#include <glib/gi18n-lib.h>

#include "mr-label-print.h"
#include "mr-label-stock.h"

/* libcups rather than running `lp`: a job id and CUPS's own (translated)
 * error message come back without parsing another program's output, no
 * cups-client package is needed, and it is the library GTK's print
 * dialog already loads, so it adds nothing to a desktop. The blocking
 * calls run where the caller runs them: the CLI, or a GTask thread. */

GPtrArray *
mr_label_list_printers (GError **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  cups_dest_t *dests = NULL;
  int n;

  n = cupsGetDests2 (CUPS_HTTP_DEFAULT, &dests);
  if (n == 0 && cupsLastError () > IPP_STATUS_OK_EVENTS_COMPLETE)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_PRINT, _ ("Cannot list the printers: %s"),
                   cupsLastErrorString ());
      g_ptr_array_unref (out);
      return NULL;
    }
  for (int i = 0; i < n; i++)
    if (dests[i].instance == NULL)
      {
        if (dests[i].is_default)
          g_ptr_array_insert (out, 0, g_strdup (dests[i].name));
        else
          g_ptr_array_add (out, g_strdup (dests[i].name));
      }
  cupsFreeDests (n, dests);
  return out;
}

int
mr_label_print_file (
  const char *printer, const char *path, const char *title, gboolean raw, GError **error)
{
  cups_option_t *options = NULL;
  int n_options = 0;
  int job;

  g_return_val_if_fail (printer != NULL, 0);
  g_return_val_if_fail (path != NULL, 0);

  /* ZPL goes to the printer as it is: a Zebra queue is a raw queue, and
   * "raw" keeps a filter chain from turning it into a page of text. */
  if (raw)
    n_options = cupsAddOption ("raw", "true", n_options, &options);
  job = cupsPrintFile2 (CUPS_HTTP_DEFAULT, printer, path, title ? title : "Mailroom", n_options,
                        options);
  cupsFreeOptions (n_options, options);
  if (job == 0)
    {
      g_set_error (error, MR_LABEL_ERROR, MR_LABEL_ERROR_PRINT,
                   _ ("The printer “%s” did not take the job: %s"), printer,
                   cupsLastErrorString ());
      return 0;
    }
  return job;
}
