/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever a scanner or a clerk sends as a tracking
 * number must never crash carrier recognition or make it misbehave; every
 * candidate must be well formed. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mr-carriers.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  MrCarrierRules *rules = mr_carrier_rules_get_default ();
  g_autoptr (GPtrArray) matches = NULL;
  gboolean unchecked_seen = FALSE;

  g_assert (rules != NULL);
  matches = mr_carrier_rules_identify (rules, text);
  for (guint i = 0; i < matches->len; i++)
    {
      const MrCarrierMatch *m = g_ptr_array_index (matches, i);

      g_assert (m->courier_code != NULL && m->type_id != NULL && m->number != NULL);
      /* No whitespace and no lower case survive normalisation. */
      for (const char *p = m->number; *p; p++)
        g_assert (!g_ascii_isspace (*p) && !g_ascii_islower (*p));
      /* Ranked: verified check digits first. */
      if (!m->checksum_verified)
        unchecked_seen = TRUE;
      else
        g_assert (!unchecked_seen);
      g_assert (m->checksum_verified == m->has_checksum);
    }
  return 0;
}
