/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Creates a demo database for screenshot.sh when mailroom-cli is not built:
 * the same generator as `mailroom-cli demo`, contacts and organisation only.
 * Usage: make-demo-db FILE [N_CONTACTS] */

#include "config.h"

#include <stdlib.h>

#include "mr-demo.h"
#include "mr-store.h"

int
main (int argc, char *argv[])
{
  g_autoptr (MrStore) store = NULL;
  g_autoptr (GError) error = NULL;
  MrDemoOptions opts = { 0 };

  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE [N_CONTACTS]\n", argv[0]);
      return 2;
    }
  opts.n_contacts = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 300;
  opts.seed = 1;

  store = mr_store_open (argv[1], &error);
  if (store == NULL || !mr_demo_generate (store, &opts, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}
