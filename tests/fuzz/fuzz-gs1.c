/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: whatever a scanner types, the AIM/GS1 parser and the
 * scan interpreter must not crash, and what they return must hold
 * together: parsed elements have a 2–4 digit AI and a value, re-encoding
 * them (with GS separators, and in brackets) parses back to the same
 * elements, and a tracking number comes with its source. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mr-gs1.h"
#include "mr-scan-code.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
assert_same (GPtrArray *a, GPtrArray *b)
{
  g_assert (b != NULL);
  g_assert (a->len == b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const MrGs1Element *x = g_ptr_array_index (a, i);
      const MrGs1Element *y = g_ptr_array_index (b, i);

      g_assert (strcmp (x->ai, y->ai) == 0);
      g_assert (strcmp (x->value, y->value) == 0);
      g_assert (x->check == y->check);
    }
}

static void
check_elements (GPtrArray *elements)
{
  g_autoptr (GString) with_gs = g_string_new (NULL);
  g_autofree char *bracketed = NULL;
  gboolean brackets_in_values = FALSE;

  g_assert (elements->len > 0);
  for (guint i = 0; i < elements->len; i++)
    {
      const MrGs1Element *e = g_ptr_array_index (elements, i);
      gsize ai_len = strlen (e->ai);

      g_assert (ai_len >= 2 && ai_len <= 4);
      g_assert (mr_gs1_ai_length (e->ai) == ai_len);
      g_assert (e->value != NULL && *e->value != '\0');
      for (const char *p = e->value; *p; p++)
        g_assert ((guchar) *p > 0x20 && (guchar) *p < 0x7f);
      if (strchr (e->value, '(') != NULL)
        brackets_in_values = TRUE;
      g_string_append (with_gs, e->ai);
      g_string_append (with_gs, e->value);
      g_string_append_c (with_gs, MR_GS1_GS);
    }
  {
    g_autoptr (GPtrArray) again = mr_gs1_parse (with_gs->str, with_gs->len, NULL);

    assert_same (elements, again);
  }
  bracketed = mr_gs1_to_bracketed (elements);
  if (!brackets_in_values)
    {
      g_autoptr (GPtrArray) again = mr_gs1_parse_bracketed (bracketed, NULL);

      assert_same (elements, again);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  MrCarrierRules *rules = mr_carrier_rules_get_default ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) elements = NULL;
  g_autoptr (MrScanCode) code = NULL;
  MrAimId aim;

  g_assert (rules != NULL);
  elements = mr_gs1_parse ((const char *) data, size, &error);
  g_assert ((elements == NULL) == (error != NULL));
  if (elements != NULL)
    check_elements (elements);
  g_clear_error (&error);
  g_clear_pointer (&elements, g_ptr_array_unref);

  elements = mr_gs1_parse_bracketed (text, &error);
  g_assert ((elements == NULL) == (error != NULL));
  if (elements != NULL)
    check_elements (elements);

  if (mr_aim_id_parse ((const char *) data, size, &aim) > 0)
    g_assert (aim.symbology != NULL && aim.id[0] == ']');

  code = mr_scan_code_parse (rules, (const char *) data, size, NULL);
  g_assert (code->raw != NULL && code->data != NULL);
  g_assert (g_utf8_validate (code->data, -1, NULL));
  g_assert ((code->tracking_number == NULL) == (code->source == MR_SCAN_SOURCE_NONE));
  g_assert (code->candidates != NULL && code->elements != NULL);
  g_assert (code->gs1 == (code->elements->len > 0));
  g_assert (code->gs1 == (code->gs1_text != NULL));
  if (code->tracking_number != NULL)
    g_assert (*code->tracking_number != '\0');
  {
    g_autoptr (MrScanCode) copy = mr_scan_code_copy (code);

    g_assert (g_strcmp0 (copy->tracking_number, code->tracking_number) == 0);
    g_assert (copy->candidates->len == code->candidates->len);
  }
  {
    g_autofree char *unescaped = mr_scan_unescape (text);
    g_autofree char *shown = mr_scan_escape_controls (text);

    g_assert (strlen (unescaped) <= strlen (text));
    g_assert (strlen (shown) >= strlen (text));
  }
  return 0;
}
