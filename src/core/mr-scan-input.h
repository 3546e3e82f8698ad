/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Telling a barcode scanner from a person at the keyboard.
 *
 * A USB handheld scanner types like a keyboard, only much faster: it
 * sends the whole code as a burst of key presses a few milliseconds apart
 * and ends it with Enter (or Tab). MrScanInput is the state machine that
 * watches the key stream of a view and decides, key by key, whether the
 * key may be the start of a scan (hold it back), turned out to be typing
 * (give the held keys back, in order) or completed a scan (hand over the
 * text; the held keys and the terminator are consumed). It knows nothing
 * about GTK: the caller turns its key events into MrScanKey values and
 * replays released keys the way its toolkit needs. No key is ever dropped:
 * every key fed is either released, passed, or part of exactly one scan.
 *
 * Times are the key events' own timestamps (microseconds, any origin),
 * not the time they are processed: keys that queued up while the main
 * loop was busy keep the gaps the scanner sent them with. */

typedef enum
{
  /* A character, control characters included: keyboard-wedge scanners
   * type the GS1 separator GS (U+001D) as Ctrl+], which the caller maps
   * to U+001D (GDK gives no Unicode value for it). */
  MR_SCAN_KEY_CHAR,
  MR_SCAN_KEY_ENTER, /* Return, KP_Enter */
  MR_SCAN_KEY_TAB,   /* Tab */
  MR_SCAN_KEY_OTHER, /* anything else that is not a bare modifier: arrows, Backspace, Escape, … */
} MrScanKeyKind;

typedef struct
{
  MrScanKeyKind kind;
  gunichar ch;    /* for MR_SCAN_KEY_CHAR */
  gint64 time_us; /* the event's timestamp */
  /* Carried along untouched so that the caller can replay a released
   * key exactly (e.g. a GDK keyval and modifier state). */
  guint32 keyval;
  guint32 state;
} MrScanKey;

typedef enum
{
  MR_SCAN_TERMINATOR_ENTER,
  MR_SCAN_TERMINATOR_TAB,
} MrScanTerminator;

/* What the caller does with the key it just fed, and with the keys held
 * before it. Flags; 0 means "nothing held, deliver this key as usual". */
typedef enum
{
  /* The key is held back: it may be part of a scan. Do not deliver it. */
  MR_SCAN_ACTION_HOLD = 1 << 0,
  /* Keys held earlier turned out to be typing: deliver
   * mr_scan_input_take_released() first, in order. Then the current key
   * is delivered as usual unless HOLD is also set. */
  MR_SCAN_ACTION_RELEASE = 1 << 1,
  /* A scan is complete: take it with mr_scan_input_take_scan(). The
   * current key (the terminator) is consumed. */
  MR_SCAN_ACTION_SCAN = 1 << 2,
} MrScanAction;

#define MR_SCAN_INPUT_DEFAULT_MAX_GAP_MS 30
#define MR_SCAN_INPUT_DEFAULT_MIN_LENGTH 4
/* Longer than any barcode a handheld scanner reads (a full QR code is
 * 2,953 bytes); past it the held keys are released as typing. */
#define MR_SCAN_INPUT_MAX_HELD 4096

typedef struct _MrScanInput MrScanInput;

MrScanInput *mr_scan_input_new (void);
void mr_scan_input_free (MrScanInput *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrScanInput, mr_scan_input_free)

/* Configuration. A change takes effect from the next key; call
 * mr_scan_input_flush() first if keys are held. @prefix and @suffix are
 * stripped from a scan when it starts / ends with them (NULL or "" for
 * none). @max_gap_ms: the longest gap between two keys of one burst.
 * @min_length: the fewest characters (before stripping) a scan has. */
void mr_scan_input_set_prefix (MrScanInput *self, const char *prefix);
void mr_scan_input_set_suffix (MrScanInput *self, const char *suffix);
void mr_scan_input_set_terminator (MrScanInput *self, MrScanTerminator terminator);
void mr_scan_input_set_max_gap_ms (MrScanInput *self, guint max_gap_ms);
void mr_scan_input_set_min_length (MrScanInput *self, guint min_length);
const char *mr_scan_input_get_prefix (MrScanInput *self);
const char *mr_scan_input_get_suffix (MrScanInput *self);
MrScanTerminator mr_scan_input_get_terminator (MrScanInput *self);
guint mr_scan_input_get_max_gap_ms (MrScanInput *self);
guint mr_scan_input_get_min_length (MrScanInput *self);

/* Reads the scanner-prefix, scanner-suffix, scanner-terminator,
 * scanner-max-gap-ms and scanner-min-length keys of the
 * org.gnome.Mailroom schema. */
void mr_scan_input_load_settings (MrScanInput *self, GSettings *settings);

/* "enter" / "tab", as in the settings; FALSE for anything else. */
gboolean mr_scan_terminator_from_string (const char *name, MrScanTerminator *out);
const char *mr_scan_terminator_to_string (MrScanTerminator terminator);

/* Feeds one key press (not releases, not bare modifiers such as Shift,
 * which scanners send around capitals and which must not break a burst).
 * Keys must come in order, with non-decreasing times. */
MrScanAction mr_scan_input_feed (MrScanInput *self, const MrScanKey *key);

/* When keys are held: sets @deadline_us to the time (in the keys' time
 * base) after which they can no longer be part of a scan and returns
 * TRUE; returns FALSE when nothing is held. The caller arms a timer for
 * the deadline and then calls mr_scan_input_timeout(). Run that timer at
 * a lower priority than input events (G_PRIORITY_LOW in GLib), so that
 * keys which queued up while the loop was busy are fed before it fires. */
gboolean mr_scan_input_get_deadline (MrScanInput *self, gint64 *deadline_us);

/* Releases the held keys when @now_us is past the deadline: returns
 * MR_SCAN_ACTION_RELEASE then, 0 otherwise. */
MrScanAction mr_scan_input_timeout (MrScanInput *self, gint64 now_us);

/* Releases whatever is held, now (focus left the view, settings changed).
 * Returns MR_SCAN_ACTION_RELEASE when something was held, else 0. */
MrScanAction mr_scan_input_flush (MrScanInput *self);

/* How many keys are held. */
guint mr_scan_input_get_n_held (MrScanInput *self);

/* The keys released by the last call that returned
 * MR_SCAN_ACTION_RELEASE, in the order they were typed: an array of
 * MrScanKey (all MR_SCAN_KEY_CHAR). Never NULL; the caller owns it. */
GArray *mr_scan_input_take_released (MrScanInput *self);

/* The text of the last scan, prefix and suffix stripped (UTF-8), or NULL
 * when there is none. The caller owns it. */
char *mr_scan_input_take_scan (MrScanInput *self);

/* The characters of @keys as UTF-8 text (the MR_SCAN_KEY_CHAR ones). */
char *mr_scan_keys_to_text (GArray *keys);

G_END_DECLS
