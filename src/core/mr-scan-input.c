/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-scan-input"

#include "config.h"

#include <string.h>

#include "mr-scan-input.h"

/* The rule: characters are held from the first one; as long as each next
 * key comes within max_gap of the previous one the burst goes on. The
 * configured terminator ends it: a scan when at least min_length
 * characters were held, typing otherwise. A gap longer than max_gap, a
 * key that is neither a character nor the terminator, or too many held
 * keys end it as typing. A person types 5 to 10 keys a second; a scanner
 * sends one every few milliseconds: at the default 30 ms a person would
 * have to press four keys and Enter each within 30 ms of the last. The
 * cost for typing is that a character shows up to max_gap late. */

struct _MrScanInput
{
  char *prefix;
  char *suffix;
  MrScanTerminator terminator;
  gint64 max_gap_us;
  guint min_length;

  GArray *held;     /* of MrScanKey */
  GArray *released; /* of MrScanKey, until taken */
  char *scan;       /* until taken */
  gint64 last_time_us;
};

MrScanInput *
mr_scan_input_new (void)
{
  MrScanInput *self = g_new0 (MrScanInput, 1);

  self->prefix = g_strdup ("");
  self->suffix = g_strdup ("");
  self->terminator = MR_SCAN_TERMINATOR_ENTER;
  self->max_gap_us = MR_SCAN_INPUT_DEFAULT_MAX_GAP_MS * G_GINT64_CONSTANT (1000);
  self->min_length = MR_SCAN_INPUT_DEFAULT_MIN_LENGTH;
  self->held = g_array_new (FALSE, FALSE, sizeof (MrScanKey));
  self->released = g_array_new (FALSE, FALSE, sizeof (MrScanKey));
  return self;
}

void
mr_scan_input_free (MrScanInput *self)
{
  if (self == NULL)
    return;
  g_free (self->prefix);
  g_free (self->suffix);
  g_array_unref (self->held);
  g_array_unref (self->released);
  g_free (self->scan);
  g_free (self);
}

void
mr_scan_input_set_prefix (MrScanInput *self, const char *prefix)
{
  g_return_if_fail (self != NULL);
  g_free (self->prefix);
  self->prefix = g_strdup (prefix != NULL ? prefix : "");
}

void
mr_scan_input_set_suffix (MrScanInput *self, const char *suffix)
{
  g_return_if_fail (self != NULL);
  g_free (self->suffix);
  self->suffix = g_strdup (suffix != NULL ? suffix : "");
}

void
mr_scan_input_set_terminator (MrScanInput *self, MrScanTerminator terminator)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (terminator == MR_SCAN_TERMINATOR_ENTER || terminator == MR_SCAN_TERMINATOR_TAB);
  self->terminator = terminator;
}

void
mr_scan_input_set_max_gap_ms (MrScanInput *self, guint max_gap_ms)
{
  g_return_if_fail (self != NULL);
  self->max_gap_us = MAX (max_gap_ms, 1) * G_GINT64_CONSTANT (1000);
}

void
mr_scan_input_set_min_length (MrScanInput *self, guint min_length)
{
  g_return_if_fail (self != NULL);
  self->min_length = CLAMP (min_length, 1, MR_SCAN_INPUT_MAX_HELD);
}

const char *
mr_scan_input_get_prefix (MrScanInput *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->prefix;
}

const char *
mr_scan_input_get_suffix (MrScanInput *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->suffix;
}

MrScanTerminator
mr_scan_input_get_terminator (MrScanInput *self)
{
  g_return_val_if_fail (self != NULL, MR_SCAN_TERMINATOR_ENTER);
  return self->terminator;
}

guint
mr_scan_input_get_max_gap_ms (MrScanInput *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (guint) (self->max_gap_us / 1000);
}

guint
mr_scan_input_get_min_length (MrScanInput *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->min_length;
}

gboolean
mr_scan_terminator_from_string (const char *name, MrScanTerminator *out)
{
  if (g_strcmp0 (name, "enter") == 0)
    *out = MR_SCAN_TERMINATOR_ENTER;
  else if (g_strcmp0 (name, "tab") == 0)
    *out = MR_SCAN_TERMINATOR_TAB;
  else
    return FALSE;
  return TRUE;
}

const char *
mr_scan_terminator_to_string (MrScanTerminator terminator)
{
  return terminator == MR_SCAN_TERMINATOR_TAB ? "tab" : "enter";
}

void
mr_scan_input_load_settings (MrScanInput *self, GSettings *settings)
{
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *terminator = NULL;
  MrScanTerminator t = MR_SCAN_TERMINATOR_ENTER;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_SETTINGS (settings));

  prefix = g_settings_get_string (settings, "scanner-prefix");
  suffix = g_settings_get_string (settings, "scanner-suffix");
  terminator = g_settings_get_string (settings, "scanner-terminator");
  mr_scan_input_set_prefix (self, prefix);
  mr_scan_input_set_suffix (self, suffix);
  if (mr_scan_terminator_from_string (terminator, &t))
    mr_scan_input_set_terminator (self, t);
  mr_scan_input_set_max_gap_ms (self, g_settings_get_uint (settings, "scanner-max-gap-ms"));
  mr_scan_input_set_min_length (self, g_settings_get_uint (settings, "scanner-min-length"));
}

/* Held keys go to the end of the released list (which the caller may
 * not have taken yet: nothing is dropped). */
static MrScanAction
release_held (MrScanInput *self)
{
  if (self->held->len == 0)
    return 0;
  g_array_append_vals (self->released, self->held->data, self->held->len);
  g_array_set_size (self->held, 0);
  return MR_SCAN_ACTION_RELEASE;
}

static char *
held_text (MrScanInput *self)
{
  GString *text = g_string_sized_new (self->held->len);

  for (guint i = 0; i < self->held->len; i++)
    g_string_append_unichar (text, g_array_index (self->held, MrScanKey, i).ch);
  return g_string_free (text, FALSE);
}

/* The held text with the prefix and the suffix cut off when present;
 * NULL when nothing is left. */
static char *
strip_affixes (MrScanInput *self, const char *text)
{
  const char *start = text;
  gsize len = strlen (text);
  gsize plen = strlen (self->prefix);
  gsize slen = strlen (self->suffix);

  if (plen > 0 && len >= plen && strncmp (start, self->prefix, plen) == 0)
    {
      start += plen;
      len -= plen;
    }
  if (slen > 0 && len >= slen && strncmp (start + len - slen, self->suffix, slen) == 0)
    len -= slen;
  if (len == 0)
    return NULL;
  return g_strndup (start, len);
}

static gboolean
is_terminator (MrScanInput *self, const MrScanKey *key)
{
  return (key->kind == MR_SCAN_KEY_ENTER && self->terminator == MR_SCAN_TERMINATOR_ENTER) ||
         (key->kind == MR_SCAN_KEY_TAB && self->terminator == MR_SCAN_TERMINATOR_TAB);
}

MrScanAction
mr_scan_input_feed (MrScanInput *self, const MrScanKey *key)
{
  MrScanAction action = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL, 0);

  /* Too slow to be the same burst: what is held was typed. A clock
   * that goes back (it should not) counts as slow too, so that nothing
   * stays held on bad timestamps. */
  if (self->held->len > 0 &&
      (key->time_us - self->last_time_us > self->max_gap_us || key->time_us < self->last_time_us))
    action |= release_held (self);
  self->last_time_us = key->time_us;

  switch (key->kind)
    {
    case MR_SCAN_KEY_CHAR:
      /* NUL or no character at all: no scanner sends that, and it could
       * not be part of the text. Delivered as a key of its own. */
      if (key->ch == 0 || !g_unichar_validate (key->ch))
        {
          action |= release_held (self);
          break;
        }
      if (self->held->len >= MR_SCAN_INPUT_MAX_HELD)
        action |= release_held (self);
      g_array_append_val (self->held, *key);
      action |= MR_SCAN_ACTION_HOLD;
      break;

    case MR_SCAN_KEY_ENTER:
    case MR_SCAN_KEY_TAB:
    case MR_SCAN_KEY_OTHER:
    default:
      if (is_terminator (self, key) && self->held->len >= self->min_length)
        {
          g_autofree char *text = held_text (self);
          char *scan = strip_affixes (self, text);

          if (scan != NULL)
            {
              g_free (self->scan);
              self->scan = scan;
              g_array_set_size (self->held, 0);
              action |= MR_SCAN_ACTION_SCAN;
              break;
            }
        }
      /* Not a scan: the held keys come first, then this key, as typed. */
      action |= release_held (self);
      break;
    }
  return action;
}

gboolean
mr_scan_input_get_deadline (MrScanInput *self, gint64 *deadline_us)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (deadline_us != NULL, FALSE);
  if (self->held->len == 0)
    return FALSE;
  *deadline_us = self->last_time_us + self->max_gap_us + 1;
  return TRUE;
}

MrScanAction
mr_scan_input_timeout (MrScanInput *self, gint64 now_us)
{
  g_return_val_if_fail (self != NULL, 0);
  if (self->held->len == 0 || now_us - self->last_time_us <= self->max_gap_us)
    return 0;
  return release_held (self);
}

MrScanAction
mr_scan_input_flush (MrScanInput *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return release_held (self);
}

guint
mr_scan_input_get_n_held (MrScanInput *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->held->len;
}

GArray *
mr_scan_input_take_released (MrScanInput *self)
{
  GArray *out;

  g_return_val_if_fail (self != NULL, NULL);
  out = self->released;
  self->released = g_array_new (FALSE, FALSE, sizeof (MrScanKey));
  return out;
}

char *
mr_scan_input_take_scan (MrScanInput *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_steal_pointer (&self->scan);
}

char *
mr_scan_keys_to_text (GArray *keys)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (keys != NULL, NULL);
  for (guint i = 0; i < keys->len; i++)
    {
      const MrScanKey *k = &g_array_index (keys, MrScanKey, i);

      if (k->kind == MR_SCAN_KEY_CHAR)
        g_string_append_unichar (text, k->ch);
    }
  return g_string_free (text, FALSE);
}
