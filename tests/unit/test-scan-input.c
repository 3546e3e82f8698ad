/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scanner bursts versus typing: key streams with synthetic timings, fed
 * to MrScanInput the way the receiving view will (a timer at each
 * deadline). Every test also checks that no key is lost: the characters
 * delivered as typing plus those of the scans (with their prefix, suffix
 * and terminator) are exactly the characters fed, in order. */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>

#include "mr-scan-input.h"

#define MS G_GINT64_CONSTANT (1000)

/* What a caller did with a stream. */
typedef struct
{
  GString *typed;   /* characters delivered as typing; Enter as '\n', Tab as '\t', others as '~' */
  GPtrArray *scans; /* of char * */
  guint n_timeouts_released;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_string_free (o->typed, TRUE);
  g_ptr_array_unref (o->scans);
}

static char
key_char (const MrScanKey *key)
{
  switch (key->kind)
    {
    case MR_SCAN_KEY_ENTER:
      return '\n';
    case MR_SCAN_KEY_TAB:
      return '\t';
    case MR_SCAN_KEY_OTHER:
      return '~';
    case MR_SCAN_KEY_CHAR:
    default:
      g_assert_not_reached ();
    }
}

static void
deliver_released (MrScanInput *input, Outcome *o)
{
  g_autoptr (GArray) keys = mr_scan_input_take_released (input);
  g_autofree char *text = mr_scan_keys_to_text (keys);

  for (guint i = 0; i < keys->len; i++)
    g_assert_cmpint (g_array_index (keys, MrScanKey, i).kind, ==, MR_SCAN_KEY_CHAR);
  g_string_append (o->typed, text);
}

/* Feeds @key, firing the deadline timer first when it would have fired
 * before the key arrived; returns the action of the feed. */
static MrScanAction
step (MrScanInput *input, Outcome *o, const MrScanKey *key)
{
  gint64 deadline;
  MrScanAction action;

  if (mr_scan_input_get_deadline (input, &deadline) && deadline <= key->time_us)
    {
      MrScanAction t = mr_scan_input_timeout (input, deadline);

      g_assert_cmpint (t, ==, MR_SCAN_ACTION_RELEASE);
      g_assert_cmpint (mr_scan_input_get_n_held (input), ==, 0);
      o->n_timeouts_released++;
      deliver_released (input, o);
    }
  action = mr_scan_input_feed (input, key);
  if (action & MR_SCAN_ACTION_RELEASE)
    deliver_released (input, o);
  if (action & MR_SCAN_ACTION_SCAN)
    {
      char *scan = mr_scan_input_take_scan (input);

      g_assert_nonnull (scan);
      g_assert_false (action & MR_SCAN_ACTION_HOLD);
      g_assert_true (key->kind != MR_SCAN_KEY_CHAR);
      g_ptr_array_add (o->scans, scan);
    }
  else if (!(action & MR_SCAN_ACTION_HOLD))
    {
      if (key->kind == MR_SCAN_KEY_CHAR)
        g_string_append_unichar (o->typed, key->ch);
      else
        g_string_append_c (o->typed, key_char (key));
    }
  else
    g_assert_null (mr_scan_input_take_scan (input));
  return action;
}

/* A stream written as text: each character a key ('\n' Enter, '\t' Tab,
 * '~' another key), @gaps_ms[i] before key i (the first gap is from
 * time 0), or @gap_ms for all when @gaps_ms is NULL. Ends with the final
 * deadline so that nothing stays held. */
static Outcome
run (MrScanInput *input, const char *stream, guint gap_ms, const guint *gaps_ms)
{
  Outcome o = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_free), 0 };
  gint64 t = 1000 * MS;
  guint i = 0;

  for (const char *p = stream; *p; p = g_utf8_next_char (p), i++)
    {
      MrScanKey key = { 0 };
      gunichar c = g_utf8_get_char (p);

      t += (gaps_ms ? gaps_ms[i] : gap_ms) * MS;
      key.time_us = t;
      key.keyval = c;
      if (c == '\n')
        key.kind = MR_SCAN_KEY_ENTER;
      else if (c == '\t')
        key.kind = MR_SCAN_KEY_TAB;
      else if (c == '~')
        key.kind = MR_SCAN_KEY_OTHER;
      else
        {
          key.kind = MR_SCAN_KEY_CHAR;
          key.ch = c;
        }
      step (input, &o, &key);
    }
  if (mr_scan_input_get_deadline (input, &t))
    {
      g_assert_cmpint (mr_scan_input_timeout (input, t), ==, MR_SCAN_ACTION_RELEASE);
      o.n_timeouts_released++;
      deliver_released (input, &o);
    }
  g_assert_cmpint (mr_scan_input_get_n_held (input), ==, 0);
  return o;
}

static void
assert_conserved (MrScanInput *input, const char *stream, const Outcome *o)
{
  /* Without prefix/suffix configured, typed text and scans (each with
   * its terminator) interleave back to the stream; checking the
   * multiset of characters is enough here, the order is checked by
   * each test's expected strings. */
  GString *all = g_string_new (o->typed->str);
  const char *term = mr_scan_input_get_terminator (input) == MR_SCAN_TERMINATOR_TAB ? "\t" : "\n";

  for (guint i = 0; i < o->scans->len; i++)
    {
      g_string_append (all, mr_scan_input_get_prefix (input));
      g_string_append (all, g_ptr_array_index (o->scans, i));
      g_string_append (all, mr_scan_input_get_suffix (input));
      g_string_append (all, term);
    }
  g_assert_cmpuint (g_utf8_strlen (all->str, -1), ==, g_utf8_strlen (stream, -1));
  g_string_free (all, TRUE);
}

static void
test_fast_burst_is_scan (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  const char *stream = "1Z999AA10123456784\n";
  Outcome o = run (input, stream, 4, NULL);

  g_assert_cmpuint (o.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==, "1Z999AA10123456784");
  g_assert_cmpstr (o.typed->str, ==, "");
  assert_conserved (input, stream, &o);
  outcome_clear (&o);
}

static void
test_each_key_held (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  MrScanKey key = { MR_SCAN_KEY_CHAR, 'A', 0, 0, 0 };
  gint64 deadline;

  for (int i = 0; i < 5; i++)
    {
      key.time_us = i * 5 * MS;
      g_assert_cmpint (mr_scan_input_feed (input, &key), ==, MR_SCAN_ACTION_HOLD);
      g_assert_cmpuint (mr_scan_input_get_n_held (input), ==, i + 1);
      g_assert_true (mr_scan_input_get_deadline (input, &deadline));
      g_assert_cmpint (deadline, ==, key.time_us + 30 * MS + 1);
    }
  key.kind = MR_SCAN_KEY_ENTER;
  key.time_us += 5 * MS;
  g_assert_cmpint (mr_scan_input_feed (input, &key), ==, MR_SCAN_ACTION_SCAN);
  g_assert_false (mr_scan_input_get_deadline (input, &deadline));
  {
    g_autofree char *scan = mr_scan_input_take_scan (input);
    g_autoptr (GArray) released = mr_scan_input_take_released (input);

    g_assert_cmpstr (scan, ==, "AAAAA");
    g_assert_cmpuint (released->len, ==, 0);
  }
  /* Taken once. */
  g_assert_null (mr_scan_input_take_scan (input));
}

static void
test_slow_typing_is_text (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  const char *stream = "Dupont\n";
  Outcome o = run (input, stream, 120, NULL);

  g_assert_cmpuint (o.scans->len, ==, 0);
  g_assert_cmpstr (o.typed->str, ==, "Dupont\n");
  /* Each character went out at its deadline, before the next key. */
  g_assert_cmpuint (o.n_timeouts_released, ==, 6);
  assert_conserved (input, stream, &o);
  outcome_clear (&o);
}

static void
test_slow_key_releases_without_timer (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  MrScanKey a = { MR_SCAN_KEY_CHAR, 'a', 0, 'a', 0 };
  MrScanKey b = { MR_SCAN_KEY_CHAR, 'b', 200 * MS, 'b', 7 };
  g_autoptr (GArray) released = NULL;

  /* A caller whose timer did not run yet (busy loop): the next key's
   * timestamp alone shows that 'a' was typed. */
  g_assert_cmpint (mr_scan_input_feed (input, &a), ==, MR_SCAN_ACTION_HOLD);
  g_assert_cmpint (mr_scan_input_feed (input, &b), ==,
                   MR_SCAN_ACTION_RELEASE | MR_SCAN_ACTION_HOLD);
  released = mr_scan_input_take_released (input);
  g_assert_cmpuint (released->len, ==, 1);
  g_assert_cmpuint (g_array_index (released, MrScanKey, 0).ch, ==, 'a');
  g_assert_cmpuint (g_array_index (released, MrScanKey, 0).keyval, ==, 'a');
  g_assert_cmpuint (mr_scan_input_get_n_held (input), ==, 1);
}

static void
test_timeout_before_deadline (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  MrScanKey a = { MR_SCAN_KEY_CHAR, 'x', 100 * MS, 0, 0 };
  gint64 deadline;

  g_assert_false (mr_scan_input_get_deadline (input, &deadline));
  g_assert_cmpint (mr_scan_input_timeout (input, 0), ==, 0);
  mr_scan_input_feed (input, &a);
  g_assert_true (mr_scan_input_get_deadline (input, &deadline));
  g_assert_cmpint (deadline, ==, 130 * MS + 1);
  /* A timer that fires early (or a key's time exactly at the limit)
   * keeps the key held: 30 ms is still the same burst. */
  g_assert_cmpint (mr_scan_input_timeout (input, 130 * MS), ==, 0);
  g_assert_cmpuint (mr_scan_input_get_n_held (input), ==, 1);
  g_assert_cmpint (mr_scan_input_timeout (input, deadline), ==, MR_SCAN_ACTION_RELEASE);
  g_assert_cmpuint (mr_scan_input_get_n_held (input), ==, 0);
}

static void
test_burst_interrupted_by_slow_key (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  /* "ABCD" fast, a pause, "EF" fast and Enter: "ABCD" was not ended by
   * Enter in time and "EF" is too short: all of it is typing. */
  const char *stream = "ABCDEF\n";
  const guint gaps[] = { 0, 5, 5, 5, 250, 5, 5 };
  Outcome o = run (input, stream, 0, gaps);

  g_assert_cmpuint (o.scans->len, ==, 0);
  g_assert_cmpstr (o.typed->str, ==, "ABCDEF\n");
  assert_conserved (input, stream, &o);
  outcome_clear (&o);
}

static void
test_burst_then_slow_enter (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  /* A long fast run but the Enter comes late: a person pressed Enter
   * after something pasted or auto-repeated: not a scan. */
  const char *stream = "12345678\n";
  const guint gaps[] = { 0, 3, 3, 3, 3, 3, 3, 3, 400 };
  Outcome o = run (input, stream, 0, gaps);

  g_assert_cmpuint (o.scans->len, ==, 0);
  g_assert_cmpstr (o.typed->str, ==, "12345678\n");
  outcome_clear (&o);
}

static void
test_typing_then_scan (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  /* A clerk types a note, then scans, then types again. */
  const char *stream = "ok 420123459400111899223100012348\nfin";
  guint gaps[64];
  Outcome o;

  for (guint i = 0; i < G_N_ELEMENTS (gaps); i++)
    gaps[i] = (i <= 3 || i >= 34) ? 150 : 8;
  o = run (input, stream, 0, gaps);
  g_assert_cmpuint (o.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==, "420123459400111899223100012348");
  g_assert_cmpstr (o.typed->str, ==, "ok fin");
  assert_conserved (input, stream, &o);
  outcome_clear (&o);
}

static void
test_back_to_back_scans (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  const char *stream = "AAAA1111\nBBBB2222\nCCCC3333\n";
  Outcome o = run (input, stream, 2, NULL);

  g_assert_cmpuint (o.scans->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==, "AAAA1111");
  g_assert_cmpstr (g_ptr_array_index (o.scans, 1), ==, "BBBB2222");
  g_assert_cmpstr (g_ptr_array_index (o.scans, 2), ==, "CCCC3333");
  g_assert_cmpstr (o.typed->str, ==, "");
  outcome_clear (&o);
}

static void
test_human_enter_after_slow_keys (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  /* Even an Enter pressed fast after the last key (rollover) is typing
   * when the keys before it were slow. */
  const char *stream = "abcde\n";
  const guint gaps[] = { 0, 110, 95, 130, 100, 20 };
  Outcome o = run (input, stream, 0, gaps);

  g_assert_cmpuint (o.scans->len, ==, 0);
  g_assert_cmpstr (o.typed->str, ==, "abcde\n");
  outcome_clear (&o);

  /* An Enter on its own passes straight through. */
  {
    MrScanKey enter = { MR_SCAN_KEY_ENTER, 0, 10000 * MS, 0, 0 };

    g_assert_cmpint (mr_scan_input_feed (input, &enter), ==, 0);
  }
}

static void
test_min_length (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  Outcome o = run (input, "abc\n", 3, NULL);

  /* Three fast keys (a rollover "the" ends like this) are not a scan. */
  g_assert_cmpuint (o.scans->len, ==, 0);
  g_assert_cmpstr (o.typed->str, ==, "abc\n");
  outcome_clear (&o);

  mr_scan_input_set_min_length (input, 3);
  g_assert_cmpuint (mr_scan_input_get_min_length (input), ==, 3);
  o = run (input, "abc\n", 3, NULL);
  g_assert_cmpuint (o.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==, "abc");
  outcome_clear (&o);
}

static void
test_prefix_suffix (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  Outcome o;

  mr_scan_input_set_prefix (input, "@@");
  mr_scan_input_set_suffix (input, "#");
  o = run (input, "@@1Z999AA10123456784#\n", 4, NULL);
  g_assert_cmpuint (o.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==, "1Z999AA10123456784");
  outcome_clear (&o);

  /* Stripped only where present; a scan without them is still a scan. */
  o = run (input, "1Z999AA10123456784\n", 4, NULL);
  g_assert_cmpuint (o.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==, "1Z999AA10123456784");
  outcome_clear (&o);

  /* The prefix inside the code is data. */
  o = run (input, "@@AB@@CD#\n", 4, NULL);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==, "AB@@CD");
  outcome_clear (&o);

  /* Nothing left after stripping: not a scan, and nothing lost. */
  o = run (input, "@@#\n", 1, NULL);
  g_assert_cmpuint (o.scans->len, ==, 0);
  g_assert_cmpstr (o.typed->str, ==, "@@#\n");
  outcome_clear (&o);
}

static void
test_tab_terminator (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  Outcome o;

  mr_scan_input_set_terminator (input, MR_SCAN_TERMINATOR_TAB);
  o = run (input, "RB123456785GB\t", 5, NULL);
  g_assert_cmpuint (o.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==, "RB123456785GB");
  assert_conserved (input, "RB123456785GB\t", &o);
  outcome_clear (&o);

  /* With Tab configured, Enter ends no scan: the keys are typing. */
  o = run (input, "RB123456785GB\n", 5, NULL);
  g_assert_cmpuint (o.scans->len, ==, 0);
  g_assert_cmpstr (o.typed->str, ==, "RB123456785GB\n");
  outcome_clear (&o);
}

static void
test_other_key_breaks_burst (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  /* '~' stands for Backspace: no scanner sends one. */
  Outcome o = run (input, "ABCD~EFGH\n", 3, NULL);

  g_assert_cmpuint (o.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==, "EFGH");
  g_assert_cmpstr (o.typed->str, ==, "ABCD~");
  outcome_clear (&o);
}

static void
test_gs_and_unicode (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  Outcome o = run (input,
                   "]C100123456789012345675\x1d"
                   "42012345\n",
                   2, NULL);

  g_assert_cmpuint (o.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o.scans, 0), ==,
                   "]C100123456789012345675\x1d"
                   "42012345");
  outcome_clear (&o);

  o = run (input, "Zoë Ærø\n", 150, NULL);
  g_assert_cmpstr (o.typed->str, ==, "Zoë Ærø\n");
  outcome_clear (&o);
}

static void
test_bad_keys (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  MrScanKey key = { MR_SCAN_KEY_CHAR, 'A', 100 * MS, 0, 0 };
  MrScanKey nul = { MR_SCAN_KEY_CHAR, 0, 101 * MS, 0, 0 };
  MrScanKey bad = { MR_SCAN_KEY_CHAR, 0x110000, 102 * MS, 0, 0 };
  MrScanKey back = { MR_SCAN_KEY_CHAR, 'B', 50 * MS, 0, 0 };
  g_autoptr (GArray) released = NULL;

  mr_scan_input_feed (input, &key);
  /* Not a character: released with what was held, delivered as a key. */
  g_assert_cmpint (mr_scan_input_feed (input, &nul), ==, MR_SCAN_ACTION_RELEASE);
  g_assert_cmpint (mr_scan_input_feed (input, &bad), ==, 0);
  mr_scan_input_feed (input, &key);
  /* A clock that goes back releases too rather than keeping keys. */
  g_assert_cmpint (mr_scan_input_feed (input, &back), ==,
                   MR_SCAN_ACTION_RELEASE | MR_SCAN_ACTION_HOLD);
  released = mr_scan_input_take_released (input);
  g_assert_cmpuint (released->len, ==, 2);
}

static void
test_overflow_released (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  MrScanKey key = { MR_SCAN_KEY_CHAR, '7', 0, 0, 0 };
  MrScanAction action = 0;
  guint n_released = 0;

  for (guint i = 0; i <= MR_SCAN_INPUT_MAX_HELD; i++)
    {
      key.time_us = i * MS;
      action = mr_scan_input_feed (input, &key);
      if (action & MR_SCAN_ACTION_RELEASE)
        {
          g_autoptr (GArray) released = mr_scan_input_take_released (input);

          n_released += released->len;
        }
    }
  g_assert_cmpint (action, ==, MR_SCAN_ACTION_RELEASE | MR_SCAN_ACTION_HOLD);
  g_assert_cmpuint (n_released, ==, MR_SCAN_INPUT_MAX_HELD);
  g_assert_cmpuint (mr_scan_input_get_n_held (input), ==, 1);
  g_assert_cmpint (mr_scan_input_flush (input), ==, MR_SCAN_ACTION_RELEASE);
  g_assert_cmpint (mr_scan_input_flush (input), ==, 0);
}

static void
test_released_accumulate (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  MrScanKey a = { MR_SCAN_KEY_CHAR, 'a', 0, 0, 0 };
  MrScanKey b = { MR_SCAN_KEY_CHAR, 'b', 500 * MS, 0, 0 };
  g_autoptr (GArray) released = NULL;
  g_autofree char *text = NULL;

  /* A caller that did not take the released keys at once loses none. */
  mr_scan_input_feed (input, &a);
  mr_scan_input_feed (input, &b);
  mr_scan_input_flush (input);
  released = mr_scan_input_take_released (input);
  text = mr_scan_keys_to_text (released);
  g_assert_cmpstr (text, ==, "ab");
}

static void
test_max_gap_setting (void)
{
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  Outcome o;

  /* A slow wireless scanner at 45 ms a key: typing at the default… */
  o = run (input, "ABCDEFGH\n", 45, NULL);
  g_assert_cmpuint (o.scans->len, ==, 0);
  outcome_clear (&o);
  /* …a scan once the threshold is raised. */
  mr_scan_input_set_max_gap_ms (input, 60);
  g_assert_cmpuint (mr_scan_input_get_max_gap_ms (input), ==, 60);
  o = run (input, "ABCDEFGH\n", 45, NULL);
  g_assert_cmpuint (o.scans->len, ==, 1);
  outcome_clear (&o);
}

static void
test_settings (void)
{
  g_autoptr (GSettingsSchemaSource) source = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (MrScanInput) input = mr_scan_input_new ();
  g_autoptr (GError) error = NULL;
  MrScanTerminator t;

  source = g_settings_schema_source_new_from_directory (BUILD_SCHEMADIR, NULL, TRUE, &error);
  if (source == NULL)
    {
      g_test_skip (error->message);
      return;
    }
  schema = g_settings_schema_source_lookup (source, "org.gnome.Mailroom", FALSE);
  g_assert_nonnull (schema);
  settings = g_settings_new_full (schema, backend, NULL);

  /* The defaults are the built-in ones. */
  mr_scan_input_load_settings (input, settings);
  g_assert_cmpstr (mr_scan_input_get_prefix (input), ==, "");
  g_assert_cmpstr (mr_scan_input_get_suffix (input), ==, "");
  g_assert_cmpint (mr_scan_input_get_terminator (input), ==, MR_SCAN_TERMINATOR_ENTER);
  g_assert_cmpuint (mr_scan_input_get_max_gap_ms (input), ==, MR_SCAN_INPUT_DEFAULT_MAX_GAP_MS);
  g_assert_cmpuint (mr_scan_input_get_min_length (input), ==, MR_SCAN_INPUT_DEFAULT_MIN_LENGTH);

  g_settings_set_string (settings, "scanner-prefix", "$");
  g_settings_set_string (settings, "scanner-suffix", "%");
  g_settings_set_string (settings, "scanner-terminator", "tab");
  g_settings_set_uint (settings, "scanner-max-gap-ms", 50);
  g_settings_set_uint (settings, "scanner-min-length", 8);
  mr_scan_input_load_settings (input, settings);
  g_assert_cmpstr (mr_scan_input_get_prefix (input), ==, "$");
  g_assert_cmpstr (mr_scan_input_get_suffix (input), ==, "%");
  g_assert_cmpint (mr_scan_input_get_terminator (input), ==, MR_SCAN_TERMINATOR_TAB);
  g_assert_cmpuint (mr_scan_input_get_max_gap_ms (input), ==, 50);
  g_assert_cmpuint (mr_scan_input_get_min_length (input), ==, 8);

  g_assert_true (mr_scan_terminator_from_string ("enter", &t));
  g_assert_cmpint (t, ==, MR_SCAN_TERMINATOR_ENTER);
  g_assert_false (mr_scan_terminator_from_string ("space", &t));
  g_assert_cmpstr (mr_scan_terminator_to_string (MR_SCAN_TERMINATOR_TAB), ==, "tab");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan-input/fast-burst", test_fast_burst_is_scan);
  g_test_add_func ("/scan-input/each-key-held", test_each_key_held);
  g_test_add_func ("/scan-input/slow-typing", test_slow_typing_is_text);
  g_test_add_func ("/scan-input/slow-key-without-timer", test_slow_key_releases_without_timer);
  g_test_add_func ("/scan-input/timeout", test_timeout_before_deadline);
  g_test_add_func ("/scan-input/interrupted-burst", test_burst_interrupted_by_slow_key);
  g_test_add_func ("/scan-input/slow-enter", test_burst_then_slow_enter);
  g_test_add_func ("/scan-input/typing-then-scan", test_typing_then_scan);
  g_test_add_func ("/scan-input/back-to-back", test_back_to_back_scans);
  g_test_add_func ("/scan-input/human-enter", test_human_enter_after_slow_keys);
  g_test_add_func ("/scan-input/min-length", test_min_length);
  g_test_add_func ("/scan-input/prefix-suffix", test_prefix_suffix);
  g_test_add_func ("/scan-input/tab-terminator", test_tab_terminator);
  g_test_add_func ("/scan-input/other-key", test_other_key_breaks_burst);
  g_test_add_func ("/scan-input/gs-unicode", test_gs_and_unicode);
  g_test_add_func ("/scan-input/bad-keys", test_bad_keys);
  g_test_add_func ("/scan-input/overflow", test_overflow_released);
  g_test_add_func ("/scan-input/released-accumulate", test_released_accumulate);
  g_test_add_func ("/scan-input/max-gap", test_max_gap_setting);
  g_test_add_func ("/scan-input/settings", test_settings);
  return g_test_run ();
}
