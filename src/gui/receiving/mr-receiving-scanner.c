/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-receiving"

#include "config.h"

#include <string.h>

#include "mr-receiving-scanner.h"

/* Why a capture-phase controller on the whole view rather than an entry
 * with an "activate" handler: the clerk's focus is wherever the last
 * field was (the recipient, the size, the list), and a scan must start
 * the next package from any of them without first clicking somewhere.
 *
 * Why the events' timestamps: when the main loop was busy (a commit that
 * waits for the disk), the keys of a burst queue up and are all delivered
 * at once afterwards. Their processing times would then look like one
 * instant; the X server's timestamps keep the gaps the scanner sent them
 * with, which is what tells a scanner from a person. */

struct _MrReceivingScanner
{
  GObject parent_instance;

  /* borrowed */
  GtkWidget *widget; /* weak */
  GtkWidget *target; /* weak: the focus when the held keys started */

  /* owned */
  MrScanInput *input;
  GSettings *settings;
  guint timer_id;
  /* The last key fed: its event time, and when we processed it
   * (monotonic), to tell the deadline in the events' time base. */
  gint64 last_event_us;
  gint64 last_mono_us;
  /* Characters still to pass straight through after a dead key or the
   * Compose key: the input method composes them, we must not hold them. */
  guint compose_pending;
};

G_DEFINE_FINAL_TYPE (MrReceivingScanner, mr_receiving_scanner, G_TYPE_OBJECT)

enum
{
  SIGNAL_SCAN,
  SIGNAL_TYPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
current_focus (MrReceivingScanner *self)
{
  GtkRoot *root;

  if (self->widget == NULL || (root = gtk_widget_get_root (self->widget)) == NULL)
    return NULL;
  return gtk_root_get_focus (root);
}

static void
insert_into_editable (GtkEditable *editable, const char *text)
{
  int start, end, pos;

  if (!gtk_editable_get_editable (editable))
    return;
  if (gtk_editable_get_selection_bounds (editable, &start, &end))
    {
      gtk_editable_delete_text (editable, start, end);
      pos = start;
    }
  else
    pos = gtk_editable_get_position (editable);
  gtk_editable_insert_text (editable, text, -1, &pos);
  gtk_editable_set_position (editable, pos);
}

/* The keys held back turned out to be typing: they go where they would
 * have gone, in order. GTK 4 cannot re-inject a key event, so the text is
 * inserted as the widget would have inserted it; elsewhere, the view
 * decides (::typed), and Space still activates a button. */
static void
replay_released (MrReceivingScanner *self)
{
  g_autoptr (GArray) keys = mr_scan_input_take_released (self->input);
  g_autoptr (GtkWidget) target = NULL;

  if (keys->len == 0)
    return;
  g_debug ("%u key(s) given back as typing", keys->len);
  target = self->target != NULL ? g_object_ref (self->target) : NULL;
  g_clear_weak_pointer (&self->target);
  if (target == NULL || !gtk_widget_get_mapped (target))
    {
      GtkWidget *focus = current_focus (self);

      g_clear_object (&target);
      target = focus != NULL ? g_object_ref (focus) : NULL;
    }

  if (target != NULL && GTK_IS_EDITABLE (target))
    {
      g_autofree char *text = mr_scan_keys_to_text (keys);

      insert_into_editable (GTK_EDITABLE (target), text);
      return;
    }
  if (target != NULL && GTK_IS_TEXT_VIEW (target))
    {
      g_autofree char *text = mr_scan_keys_to_text (keys);
      GtkTextView *view = GTK_TEXT_VIEW (target);

      gtk_text_buffer_insert_interactive_at_cursor (gtk_text_view_get_buffer (view), text, -1,
                                                    gtk_text_view_get_editable (view));
      return;
    }
  for (guint i = 0; i < keys->len; i++)
    {
      const MrScanKey *key = &g_array_index (keys, MrScanKey, i);
      gboolean handled = FALSE;

      g_signal_emit (self, signals[SIGNAL_TYPED], 0, (guint) key->ch, target, &handled);
      if (!handled && key->ch == ' ' && target != NULL)
        gtk_widget_activate (target);
    }
}

static gint64
now_in_event_time (MrReceivingScanner *self)
{
  /* Never ahead of the true time: a key is processed after it was sent,
   * so the deadline can only be met late, never early. */
  return self->last_event_us + (g_get_monotonic_time () - self->last_mono_us);
}

static gboolean timeout_cb (gpointer data);

static void
update_timer (MrReceivingScanner *self)
{
  gint64 deadline, delay_ms;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!mr_scan_input_get_deadline (self->input, &deadline))
    return;
  delay_ms = (deadline - now_in_event_time (self) + 999) / 1000;
  /* Low priority: keys that queued up while the loop was busy are fed
   * (and may continue the burst) before the deadline is looked at. */
  self->timer_id =
    g_timeout_add_full (G_PRIORITY_LOW, (guint) CLAMP (delay_ms, 1, 10000), timeout_cb, self, NULL);
}

static gboolean
timeout_cb (gpointer data)
{
  MrReceivingScanner *self = data;

  self->timer_id = 0;
  g_object_ref (self);
  if (mr_scan_input_timeout (self->input, now_in_event_time (self)) & MR_SCAN_ACTION_RELEASE)
    {
      g_debug ("no key for %" G_GINT64_FORMAT " ms: typing",
               (g_get_monotonic_time () - self->last_mono_us) / 1000);
      replay_released (self);
    }
  update_timer (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static gboolean
is_compose_key (guint keyval)
{
  return keyval == GDK_KEY_Multi_key ||
         (keyval >= GDK_KEY_dead_grave && keyval <= GDK_KEY_dead_greek);
}

/* What MrScanInput sees of a GDK key press; FALSE: not for it at all. */
static gboolean
classify (MrReceivingScanner *self, guint keyval, GdkModifierType state, MrScanKey *key)
{
  GdkModifierType mods =
    state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_HYPER_MASK | GDK_META_MASK);
  gunichar ch;

  /* Keyboard-wedge scanners type the GS1 separator (FNC1) as Ctrl+]. */
  if (mods == GDK_CONTROL_MASK && keyval == GDK_KEY_bracketright)
    {
      key->kind = MR_SCAN_KEY_CHAR;
      key->ch = 0x1d;
      return TRUE;
    }
  if (mods != 0)
    {
      key->kind = MR_SCAN_KEY_OTHER;
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    /* Some scanners (and xdotool for "\n") end a code with a line feed. */
    case GDK_KEY_Linefeed:
      key->kind = MR_SCAN_KEY_ENTER;
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
      key->kind = (state & GDK_SHIFT_MASK) ? MR_SCAN_KEY_OTHER : MR_SCAN_KEY_TAB;
      return TRUE;
    default:
      break;
    }
  if (is_compose_key (keyval))
    {
      self->compose_pending = keyval == GDK_KEY_Multi_key ? 2 : 1;
      key->kind = MR_SCAN_KEY_OTHER;
      return TRUE;
    }
  ch = gdk_keyval_to_unicode (keyval);
  /* BackSpace, Escape, Delete have "characters" too: they are keys. The
   * group separator itself, from a keymap that has it, is data. */
  if (ch == 0 || (g_unichar_iscntrl (ch) && ch != 0x1d))
    {
      key->kind = MR_SCAN_KEY_OTHER;
      return TRUE;
    }
  if (self->compose_pending > 0)
    {
      self->compose_pending--;
      return FALSE;
    }
  key->kind = MR_SCAN_KEY_CHAR;
  key->ch = ch;
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                MrReceivingScanner *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  MrScanKey key = { 0 };
  MrScanAction action;
  guint32 time_ms;
  gint64 previous_us;
  gboolean was_holding = mr_scan_input_get_n_held (self->input) > 0;

  /* Scanners press Shift around capitals: it must not break a burst. */
  if (event == NULL || gdk_key_event_is_modifier (event))
    return FALSE;
  if (!classify (self, keyval, state, &key))
    return FALSE;
  time_ms = gdk_event_get_time (event);
  /* An event without a time (GDK_CURRENT_TIME) gets the time it is
   * processed: at worst a burst is taken for typing, never the reverse. */
  key.time_us = time_ms != GDK_CURRENT_TIME ? (gint64) time_ms * 1000 : g_get_monotonic_time ();
  key.keyval = keyval;
  key.state = state;
  previous_us = self->last_event_us;
  self->last_event_us = key.time_us;
  self->last_mono_us = g_get_monotonic_time ();

  g_object_ref (self);
  action = mr_scan_input_feed (self->input, &key);
  if (action & MR_SCAN_ACTION_RELEASE)
    {
      g_debug ("key %u (kind %d) after %" G_GINT64_FORMAT " ms: what was held is typing", keyval,
               key.kind, (key.time_us - previous_us) / 1000);
      /* The key that continues after them keeps their target only if
       * it is held too; note it after the replay took theirs. */
      replay_released (self);
      was_holding = FALSE;
    }
  if ((action & MR_SCAN_ACTION_HOLD) && !was_holding)
    g_set_weak_pointer (&self->target, current_focus (self));
  if (action & MR_SCAN_ACTION_SCAN)
    {
      g_autofree char *text = mr_scan_input_take_scan (self->input);

      g_clear_weak_pointer (&self->target);
      g_debug ("scan of %u byte(s)", text != NULL ? (guint) strlen (text) : 0);
      if (text != NULL)
        g_signal_emit (self, signals[SIGNAL_SCAN], 0, text);
    }
  update_timer (self);
  g_object_unref (self);
  return (action & (MR_SCAN_ACTION_HOLD | MR_SCAN_ACTION_SCAN)) != 0;
}

static void
focus_leave_cb (MrReceivingScanner *self)
{
  g_debug ("the focus left the view");
  mr_receiving_scanner_flush (self);
}

static void
settings_changed_cb (MrReceivingScanner *self, const char *key)
{
  if (g_str_has_prefix (key, "scanner-"))
    mr_receiving_scanner_reload_settings (self);
}

static void
mr_receiving_scanner_dispose (GObject *object)
{
  MrReceivingScanner *self = MR_RECEIVING_SCANNER (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_weak_pointer (&self->widget);
  g_clear_weak_pointer (&self->target);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mr_receiving_scanner_parent_class)->dispose (object);
}

static void
mr_receiving_scanner_finalize (GObject *object)
{
  MrReceivingScanner *self = MR_RECEIVING_SCANNER (object);

  mr_scan_input_free (self->input);
  G_OBJECT_CLASS (mr_receiving_scanner_parent_class)->finalize (object);
}

static void
mr_receiving_scanner_class_init (MrReceivingScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mr_receiving_scanner_dispose;
  object_class->finalize = mr_receiving_scanner_finalize;

  /**
   * MrReceivingScanner::scan:
   * @text: the scanned text, prefix and suffix stripped
   *
   * Emitted from the handler of the scan's last key: whatever it does
   * (a commit) is done before the next key is looked at.
   */
  signals[SIGNAL_SCAN] = g_signal_new ("scan", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MrReceivingScanner::typed:
   * @ch: the character typed
   * @focus: (nullable): the widget that had the focus
   *
   * A character that was held back and turned out to be typing, when the
   * focus is not in an editable. Return %TRUE when handled.
   */
  signals[SIGNAL_TYPED] = g_signal_new ("typed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        g_signal_accumulator_true_handled, NULL, NULL,
                                        G_TYPE_BOOLEAN, 2, G_TYPE_UINT, GTK_TYPE_WIDGET);
}

static void
mr_receiving_scanner_init (MrReceivingScanner *self)
{
  self->input = mr_scan_input_new ();
}

MrReceivingScanner *
mr_receiving_scanner_new (GtkWidget *widget, GSettings *settings)
{
  MrReceivingScanner *self;
  GtkEventController *keys, *focus;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MR_TYPE_RECEIVING_SCANNER, NULL);
  g_set_weak_pointer (&self->widget, widget);
  /* Without the schema (a broken install) the defaults apply. */
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      mr_scan_input_load_settings (self->input, settings);
      g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "mr-receiving-scanner");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, 0);
  gtk_widget_add_controller (widget, keys);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, focus);
  g_signal_connect_object (widget, "unmap", G_CALLBACK (mr_receiving_scanner_flush), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
mr_receiving_scanner_flush (MrReceivingScanner *self)
{
  g_return_if_fail (MR_IS_RECEIVING_SCANNER (self));

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (mr_scan_input_flush (self->input) & MR_SCAN_ACTION_RELEASE)
    replay_released (self);
}

guint
mr_receiving_scanner_get_n_held (MrReceivingScanner *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_SCANNER (self), 0);
  return mr_scan_input_get_n_held (self->input);
}

void
mr_receiving_scanner_reload_settings (MrReceivingScanner *self)
{
  g_return_if_fail (MR_IS_RECEIVING_SCANNER (self));

  mr_receiving_scanner_flush (self);
  if (self->settings != NULL)
    mr_scan_input_load_settings (self->input, self->settings);
}
