/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-receiving"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "mr-records.h"
#include "mr-receiving-page-private.h"
#include "mr-scan-code.h"
#include "mr-scan-intake.h"
#include "widgets/mr-gui-utils.h"

/* What a scan does: a badge names the recipient, anything else is a
 * package, received at once. The scan is first saved in the intake log
 * (mr_store_intake_scan(): a commit of a page or two, synchronous=FULL),
 * and the scanner's key handler calls us, so a scan is on disk before the
 * next key is even looked at; it is acknowledged then. The log is then
 * turned into packages (mr_store_intake_flush()), so that the package
 * row exists for the form, the recipient and the duplicate check. When
 * saving the scan fails (the database is locked by another program for
 * longer than the store waits), the scan is kept in a list on screen and
 * tried again, in order, until it is saved. When only the flush fails,
 * the scan is safe in the log: the error is shown and the flush tried
 * again at the next scan or after a while. */

void
mr_receiving_pending_free (MrReceivingPending *pending)
{
  if (pending == NULL)
    return;
  g_free (pending->text);
  g_free (pending->error);
  g_free (pending);
}

/* The number to record for a code that carries none we know (a product's
 * GTIN, a label of a carrier we have no rules for): what was scanned,
 * without the AIM prefix, spaces or control characters. Never refused. */
static char *
fallback_number (const MrScanCode *code)
{
  const char *data = code->gs1_text != NULL ? code->gs1_text : code->data;
  GString *out = g_string_new (NULL);

  for (const char *p = data != NULL ? data : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && !g_unichar_iscntrl (c))
        g_string_append_unichar (out, g_unichar_toupper (c));
    }
  return g_string_free (out, out->len == 0);
}

static guint
count_couriers (GPtrArray *candidates)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      MrCarrierMatch *m = g_ptr_array_index (candidates, i);

      g_hash_table_add (seen, m->courier_name);
    }
  return g_hash_table_size (seen);
}

/* One line per scan, written once its commit in the intake log has
 * returned: the kill test reads it as "what the screen acknowledged".
 * The number as package.receive stores it (no ASCII spaces, upper case). */
static void
ack_log (MrReceivingPage *self, const char *number)
{
  g_autofree char *line = NULL;
  gsize len, done = 0;

  if (self->ack_fd < 0 || number == NULL)
    return;
  {
    GString *s = g_string_new (NULL);

    for (const char *p = number; *p; p++)
      if (!g_ascii_isspace (*p))
        g_string_append_c (s, g_ascii_toupper (*p));
    g_string_append_c (s, '\n');
    line = g_string_free (s, FALSE);
  }
  len = strlen (line);
  while (done < len)
    {
      gssize n = write (self->ack_fd, line + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_warning ("Cannot write to the scan acknowledgement log: %s", g_strerror (errno));
          return;
        }
      done += (gsize) n;
    }
}

static void
announce (MrReceivingPage *self, MrPackage *package, const MrScanCode *code)
{
  const char *number = mr_package_get_tracking_number (package);
  const char *carrier = mr_package_get_carrier (package);
  g_autofree char *text = NULL;
  MrReceivingStatus kind = MR_RECEIVING_STATUS_OK;

  if (number == NULL)
    {
      /* Translators: %s is the internal ID the package was given, "MR-…". */
      text = g_strdup_printf (_ ("Received without a label as %s: print its label"),
                              mr_package_get_internal_id (package));
      kind = MR_RECEIVING_STATUS_WARNING;
    }
  else if (mr_package_get_duplicate_of (package) != NULL)
    {
      g_autofree char *when = mr_format_time_ms (mr_package_get_duplicate_received_at (package));

      /* Translators: %s is a tracking number, then a date and time. */
      text = g_strdup_printf (
        _ ("Received %s again: a package with this number was received on %s"), number, when);
      kind = MR_RECEIVING_STATUS_WARNING;
    }
  else if (carrier == NULL)
    {
      /* Translators: %s is a tracking number. */
      text = g_strdup_printf (_ ("Received %s (unknown carrier)"), number);
      kind = MR_RECEIVING_STATUS_WARNING;
    }
  else if (count_couriers (code != NULL ? code->candidates : NULL) > 1)
    {
      /* Translators: %s is a tracking number. */
      text = g_strdup_printf (_ ("Received %s: choose the carrier"), number);
      kind = MR_RECEIVING_STATUS_WARNING;
    }
  else
    /* Translators: a tracking number, then its carrier: "Received 1Z… (UPS)". */
    text = g_strdup_printf (_ ("Received %s (%s)"), number, carrier);
  mr_receiving_page_set_status (self, kind, text);
}

static gboolean flush_retry_cb (gpointer data);

/* The scans saved earlier that a flush has now made packages: into the
 * list, oldest first, without taking the focus. One that package.receive
 * still refuses stays behind without holding up the others. */
static void
show_unreceived (MrReceivingPage *self, gboolean flushed)
{
  for (guint i = 0; i < self->unreceived->len;)
    {
      const char *id = g_ptr_array_index (self->unreceived, i);
      g_autoptr (MrPackage) package = mr_store_get_package (self->store, id);

      if (package == NULL && !flushed)
        {
          i++; /* still in the log */
          continue;
        }
      /* Made now; or gone at once (sync), or no longer in the log. */
      if (package != NULL)
        {
          if (mr_package_get_tracking_number (package) == NULL)
            ack_log (self, mr_package_get_internal_id (package));
          mr_receiving_page_add_received (self, package, FALSE);
        }
      g_ptr_array_remove_index (self->unreceived, i);
    }
}

static void
show_flush_error (MrReceivingPage *self, const GError *error)
{
  g_autofree char *text = NULL;

  /* Translators: %s says why (a database error, or what was wrong with
   * the scan). The scan is on disk; only its package is not made yet. */
  text = g_strdup_printf (_ ("Scan saved, but not added to the packages yet: %s"), error->message);
  mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_ERROR, text);
}

/* Turns the intake log into packages; gives the error when it fails (the
 * scans are safe in the log meanwhile). A database error (locked by
 * another program) is tried again after a while; a scan package.receive
 * refuses (MR_STORE_ERROR_INVALID and after: the place it was scanned at
 * deleted since) is not made right by waiting, so it is only tried again
 * at the next scan. */
static gboolean
flush_intake (MrReceivingPage *self, GError **error)
{
  g_autoptr (GError) local = NULL;
  gboolean ok = mr_store_intake_flush (self->store, NULL, &local);

  show_unreceived (self, ok);
  if (ok)
    {
      g_clear_handle_id (&self->flush_retry_id, g_source_remove);
      return TRUE;
    }
  if (self->flush_retry_id == 0 &&
      !(local->domain == MR_STORE_ERROR && local->code >= MR_STORE_ERROR_INVALID))
    self->flush_retry_id = g_timeout_add (MR_RECEIVING_RETRY_MS, flush_retry_cb, self);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
flush_retry_cb (gpointer data)
{
  MrReceivingPage *self = data;
  g_autoptr (GError) error = NULL;

  self->flush_retry_id = 0;
  if (mr_store_intake_count_pending (self->store) == 0 && self->unreceived->len == 0)
    return G_SOURCE_REMOVE;
  if (!flush_intake (self, &error))
    show_flush_error (self, error);
  else
    /* The error shown earlier is over. */
    mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_OK,
                                  _ ("The saved scans are now in the packages."));
  return G_SOURCE_REMOVE;
}

/* One attempt; the caller keeps @text when it fails. */
static gboolean
try_receive (
  MrReceivingPage *self, const char *text, gboolean take_focus, char **out_id, GError **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (MrScanCode) code = NULL;
  g_autoptr (MrPackage) package = NULL;
  g_autoptr (GError) flush_error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *id = NULL;

  if (text != NULL)
    {
      code = mr_scan_code_parse (mr_carrier_rules_get_default (), text, -1, NULL);
      number =
        code->tracking_number != NULL ? g_strdup (code->tracking_number) : fallback_number (code);
      if (number == NULL)
        return TRUE; /* nothing but spaces and control characters: nothing to keep */
      g_variant_dict_insert (&d, "tracking_number", "s", number);
    }
  if (self->place_id != NULL)
    g_variant_dict_insert (&d, "place_id", "s", self->place_id);
  if (!mr_store_intake_scan (self->store, g_variant_dict_end (&d), &id, error))
    return FALSE;
  /* On disk: acknowledged. (A package without a label is acknowledged by
   * its internal ID, which it gets as a package.) */
  ack_log (self, number);

  flush_intake (self, &flush_error);
  package = mr_store_get_package (self->store, id);
  if (package == NULL)
    {
      /* Safe in the log, shown once a flush makes it a package; or
       * someone removed it at once (sync). */
      if (flush_error != NULL)
        {
          g_ptr_array_add (self->unreceived, g_strdup (id));
          show_flush_error (self, flush_error);
        }
      return TRUE;
    }
  if (number == NULL)
    ack_log (self, mr_package_get_internal_id (package));
  mr_receiving_page_add_received (self, package, take_focus);
  announce (self, package, code);
  if (code != NULL && code->warning != NULL && mr_package_get_duplicate_of (package) == NULL &&
      mr_package_get_carrier (package) != NULL)
    mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_WARNING, code->warning);
  if (flush_error != NULL)
    show_flush_error (self, flush_error); /* an older scan is still refused */
  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean retry_cb (gpointer data);

/* Each attempt on a locked database blocks for the store's busy timeout,
 * so attempts grow further apart while it stays locked (2 s, 4 s, … 30 s);
 * a new scan, or Retry Now, tries at once. */
static void
schedule_retry (MrReceivingPage *self)
{
  if (self->pending->len == 0)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_delay_ms = MR_RECEIVING_RETRY_MS;
      return;
    }
  if (self->retry_id == 0)
    {
      self->retry_delay_ms =
        CLAMP (self->retry_delay_ms, MR_RECEIVING_RETRY_MS, MR_RECEIVING_RETRY_MAX_MS);
      self->retry_id = g_timeout_add (self->retry_delay_ms, retry_cb, self);
    }
}

/* The waiting scans in order; stops at the first that still fails, so
 * that packages are received in the order they were scanned. */
static char *
flush_pending (MrReceivingPage *self, gboolean take_focus)
{
  char *last_id = NULL;

  while (self->pending->len > 0)
    {
      MrReceivingPending *p = g_ptr_array_index (self->pending, 0);
      g_autoptr (GError) error = NULL;
      char *id = NULL;

      if (!try_receive (self, p->text, take_focus && self->pending->len == 1, &id, &error))
        {
          g_free (p->error);
          p->error = g_strdup (error->message);
          break;
        }
      g_free (last_id);
      last_id = id;
      g_ptr_array_remove_index (self->pending, 0);
    }
  mr_receiving_page_update_pending (self);
  schedule_retry (self);
  return last_id;
}

static gboolean
retry_cb (gpointer data)
{
  MrReceivingPage *self = data;

  self->retry_id = 0;
  self->retry_delay_ms = MIN (self->retry_delay_ms * 2, MR_RECEIVING_RETRY_MAX_MS);
  g_free (flush_pending (self, FALSE));
  return G_SOURCE_REMOVE;
}

gboolean
mr_receiving_page_retry_now (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), FALSE);
  g_free (flush_pending (self, FALSE));
  return self->pending->len == 0;
}

char *
mr_receiving_page_receive (MrReceivingPage *self, const char *text, gboolean take_focus)
{
  MrReceivingPending *p = g_new0 (MrReceivingPending, 1);
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  p->text = g_strdup (text);
  /* Behind scans still waiting, a new one waits its turn. */
  if (self->pending->len > 0)
    {
      g_ptr_array_add (self->pending, p);
      return flush_pending (self, take_focus);
    }
  if (try_receive (self, text, take_focus, &id, &error))
    {
      mr_receiving_pending_free (p);
      return id;
    }
  p->error = g_strdup (error->message);
  g_ptr_array_add (self->pending, p);
  mr_receiving_page_update_pending (self);
  schedule_retry (self);
  return NULL;
}

static void
set_recipient_from_badge (MrReceivingPage *self, MrContact *contact)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *text = NULL;

  g_variant_dict_insert (&d, "recipient_id", "s", mr_contact_get_id (contact));
  if (!mr_receiving_page_set_field (self, g_variant_dict_end (&d)))
    return;
  /* Translators: %s is a person's name, read from their scanned badge. */
  text = g_strdup_printf (_ ("Recipient: %s (badge)"), mr_contact_get_display_name (contact));
  mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_OK, text);
  mr_receiving_page_focus_after_recipient (self);
}

void
mr_receiving_page_handle_scan (MrReceivingPage *self, const char *text)
{
  g_autofree char *key = NULL;
  g_autoptr (MrContact) contact = NULL;
  g_autoptr (MrPackage) current = NULL;

  g_return_if_fail (MR_IS_RECEIVING_PAGE (self));
  g_return_if_fail (text != NULL);

  key = g_strstrip (g_strdup (text));
  /* A badge: a Personnel ID or an email the address book knows. Short
   * lookups by index; a tracking number finds no one. */
  if (key[0] != '\0' && strchr (key, 0x1d) == NULL)
    contact = mr_store_find_contact (self->store, key);
  if (contact != NULL && self->current_id != NULL)
    current = mr_store_get_package (self->store, self->current_id);
  if (contact != NULL && current != NULL && mr_package_get_recipient_id (current) == NULL &&
      !mr_package_status_is_final (mr_package_get_status (current)))
    {
      set_recipient_from_badge (self, contact);
      return;
    }
  if (contact != NULL)
    {
      MrCarrierRules *rules = mr_carrier_rules_get_default ();
      g_autoptr (GPtrArray) matches = rules ? mr_carrier_rules_identify (rules, key) : NULL;

      /* The package already has its recipient, or there is none: a badge
       * that is not also a tracking number starts nothing. */
      if (matches == NULL || matches->len == 0)
        {
          g_autofree char *msg = NULL;

          /* Translators: %s is a person's name. */
          msg = g_strdup_printf (_ ("That is the badge of %s. Scan a package first, or select "
                                    "one without a recipient."),
                                 mr_contact_get_display_name (contact));
          mr_receiving_page_set_status (self, MR_RECEIVING_STATUS_WARNING, msg);
          return;
        }
    }
  g_free (mr_receiving_page_receive (self, text, TRUE));
}

char *
mr_receiving_page_receive_without_label (MrReceivingPage *self)
{
  g_return_val_if_fail (MR_IS_RECEIVING_PAGE (self), NULL);
  return mr_receiving_page_receive (self, NULL, TRUE);
}

void
mr_receiving_page_intake_init (MrReceivingPage *self)
{
  const char *log = g_getenv ("MAILROOM_SCAN_ACK_LOG");

  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_receiving_pending_free);
  self->unreceived = g_ptr_array_new_with_free_func (g_free);
  self->ack_fd = -1;
  if (log != NULL && log[0] != '\0')
    {
      self->ack_fd = open (log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
      if (self->ack_fd < 0)
        g_warning ("Cannot open the scan acknowledgement log %s: %s", log, g_strerror (errno));
    }
}

void
mr_receiving_page_intake_dispose (MrReceivingPage *self)
{
  if (self->pending == NULL)
    return;
  /* The window is closing with scans not saved: one last try, then say
   * which were lost, at least. */
  if (self->pending->len > 0)
    g_free (flush_pending (self, FALSE));
  for (guint i = 0; i < self->pending->len; i++)
    {
      MrReceivingPending *p = g_ptr_array_index (self->pending, i);

      g_warning ("Scan not saved: %s (%s)", p->text ? p->text : "(no label)", p->error);
    }
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->flush_retry_id, g_source_remove);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->unreceived, g_ptr_array_unref);
  if (self->ack_fd >= 0)
    {
      close (self->ack_fd);
      self->ack_fd = -1;
    }
}
