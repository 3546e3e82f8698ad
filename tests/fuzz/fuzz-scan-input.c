/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the scanner burst detector under any key stream. The
 * bytes are a configuration then keys with their gaps; a mirror of the
 * held keys checks, after every call, that no key is lost, duplicated or
 * reordered: released keys are exactly those held, in order, and a scan
 * is exactly the held text with its prefix and suffix cut off. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mr-scan-input.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A small alphabet so that prefixes, suffixes and terminators meet. */
static const gunichar alphabet[] = { 'A', '1', '9', '$', '#', 0x1d, 0xe9, 0x20ac, 0, 0x110000 };

static void
check_released (MrScanInput *input, GArray *mirror)
{
  g_autoptr (GArray) released = mr_scan_input_take_released (input);

  g_assert (released->len == mirror->len);
  for (guint i = 0; i < released->len; i++)
    {
      const MrScanKey *a = &g_array_index (released, MrScanKey, i);
      const MrScanKey *b = &g_array_index (mirror, MrScanKey, i);

      g_assert (a->kind == MR_SCAN_KEY_CHAR);
      g_assert (a->ch == b->ch && a->time_us == b->time_us && a->keyval == b->keyval);
    }
  g_array_set_size (mirror, 0);
}

static void
check_scan (MrScanInput *input, GArray *mirror)
{
  g_autofree char *scan = mr_scan_input_take_scan (input);
  g_autofree char *held = mr_scan_keys_to_text (mirror);
  const char *prefix = mr_scan_input_get_prefix (input);
  const char *suffix = mr_scan_input_get_suffix (input);
  const char *p = held;
  gsize len = strlen (held);

  g_assert (scan != NULL && *scan != '\0');
  g_assert (g_utf8_validate (scan, -1, NULL));
  g_assert (mirror->len >= mr_scan_input_get_min_length (input));
  if (*prefix && g_str_has_prefix (p, prefix))
    {
      p += strlen (prefix);
      len -= strlen (prefix);
    }
  if (*suffix && len >= strlen (suffix) &&
      strncmp (p + len - strlen (suffix), suffix, strlen (suffix)) == 0)
    len -= strlen (suffix);
  g_assert (strlen (scan) == len && strncmp (scan, p, len) == 0);
  g_array_set_size (mirror, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  g_autoptr (GArray) mirror = g_array_new (FALSE, FALSE, sizeof (MrScanKey));
  gint64 t = 0;
  size_t i = 0;

  if (size < 4)
    return 0;
  /* Configuration: prefix, suffix, terminator, gap, minimum length. */
  mr_scan_input_set_prefix (input, (data[0] & 1) ? "$" : (data[0] & 2) ? "$$" : "");
  mr_scan_input_set_suffix (input, (data[0] & 4) ? "#" : "");
  mr_scan_input_set_terminator (input,
                                (data[0] & 8) ? MR_SCAN_TERMINATOR_TAB : MR_SCAN_TERMINATOR_ENTER);
  mr_scan_input_set_max_gap_ms (input, data[1] % 64);
  mr_scan_input_set_min_length (input, data[2] % 8);
  i = 3;

  for (; i + 1 < size; i += 2)
    {
      MrScanKey key = { 0 };
      guint8 op = data[i + 1];
      MrScanAction action;

      /* Gaps mostly short, sometimes long, rarely backwards. */
      if (data[i] == 0xff)
        t -= 5000;
      else
        t += (gint64) data[i] * (data[i] > 0xc0 ? 5000 : 250);
      key.time_us = t;
      key.keyval = (guint32) i;

      if (op < 0xf0)
        {
          key.kind = MR_SCAN_KEY_CHAR;
          key.ch = alphabet[op % G_N_ELEMENTS (alphabet)];
        }
      else if (op == 0xf0)
        key.kind = MR_SCAN_KEY_ENTER;
      else if (op == 0xf1)
        key.kind = MR_SCAN_KEY_TAB;
      else if (op == 0xf2)
        key.kind = MR_SCAN_KEY_OTHER;
      else if (op == 0xf3)
        {
          gint64 deadline = t;
          gboolean held = mr_scan_input_get_deadline (input, &deadline);

          g_assert (held == (mirror->len > 0));
          if (mr_scan_input_timeout (input, deadline) & MR_SCAN_ACTION_RELEASE)
            check_released (input, mirror);
          g_assert (mr_scan_input_get_n_held (input) == mirror->len);
          continue;
        }
      else
        {
          if (mr_scan_input_flush (input) & MR_SCAN_ACTION_RELEASE)
            check_released (input, mirror);
          g_assert (mirror->len == 0);
          continue;
        }

      action = mr_scan_input_feed (input, &key);
      if (action & MR_SCAN_ACTION_RELEASE)
        {
          /* What was held before this key; with HOLD the key itself
           * starts a new run. */
          check_released (input, mirror);
        }
      if (action & MR_SCAN_ACTION_SCAN)
        {
          g_assert (!(action & MR_SCAN_ACTION_HOLD));
          g_assert (key.kind == MR_SCAN_KEY_ENTER || key.kind == MR_SCAN_KEY_TAB);
          check_scan (input, mirror);
        }
      else if (action & MR_SCAN_ACTION_HOLD)
        {
          g_assert (key.kind == MR_SCAN_KEY_CHAR && key.ch != 0 && g_unichar_validate (key.ch));
          g_array_append_val (mirror, key);
        }
      else
        g_assert (mirror->len == 0);
      g_assert (mr_scan_input_get_n_held (input) == mirror->len);
      g_assert (mr_scan_input_take_scan (input) == NULL);
    }
  if (mr_scan_input_flush (input) & MR_SCAN_ACTION_RELEASE)
    check_released (input, mirror);
  g_assert (mirror->len == 0);
  return 0;
}
