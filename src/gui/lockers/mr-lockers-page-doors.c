/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mr-lockers-page-private.h"

/* What drives the doors from the map: open a door remotely, reopen it
 * within the bank's window after a pickup, empty it, and take the expired
 * packages out. The core records each operation (who, when, which door);
 * the controller then opens the door and records what it reported
 * (open, jammed). Without a controller the buttons that open a door are
 * hidden: recording "opened" for a door nobody opened would be a lie. */

/* Opens @locker_id through the page's controller. Returns the message to
 * show when the door did not open, else NULL. A bank without a controller
 * address has doors opened by hand (with a key): for emptying them that
 * is no failure (@by_hand_ok), for "Open Door" it is. */
static char *
drive_door (MrLockersPage *self, const char *locker_id, const char *reason, gboolean by_hand_ok)
{
  g_autoptr (GError) error = NULL;

  if (self->controller == NULL)
    return NULL;
  if (mr_locker_controller_open (self->controller, self->store, locker_id, reason, &error))
    return NULL;
  if (by_hand_ok &&
      g_error_matches (error, MR_LOCKER_CONTROLLER_ERROR, MR_LOCKER_CONTROLLER_ERROR_NO_ADDRESS))
    return NULL;
  return g_strdup (error->message);
}

static void
toast_failure (MrLockersPage *self, const char *number, const char *failure)
{
  /* Translators: a door that did not open; %s is its number, then the
   * controller's message. */
  g_autofree char *text = g_strdup_printf (_ ("Door %s did not open: %s"), number, failure);

  mr_lockers_page_toast (self, text);
}

static void
open_door_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  const MrLockerDoor *door = mr_lockers_page_get_popover_door (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *failure = NULL;

  if (door == NULL || self->controller == NULL)
    return;
  id = g_strdup (door->id);
  number = g_strdup (door->number);
  gtk_popover_popdown (self->popover);
  if (!mr_locker_open_remote (self->store, id, NULL, &error))
    {
      mr_lockers_page_toast (self, error->message);
      return;
    }
  failure = drive_door (self, id, "remote", FALSE);
  if (failure != NULL)
    toast_failure (self, number, failure);
  else
    {
      /* Translators: %s is a door number. */
      g_autofree char *text = g_strdup_printf (_ ("Door %s is open"), number);

      mr_lockers_page_toast (self, text);
    }
}

static void
reopen_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  const MrLockerDoor *door = mr_lockers_page_get_popover_door (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *failure = NULL;

  if (door == NULL)
    return;
  id = g_strdup (door->id);
  number = g_strdup (door->number);
  gtk_popover_popdown (self->popover);
  if (!mr_locker_reopen (self->store, id, NULL, &error))
    {
      mr_lockers_page_toast (self, error->message);
      return;
    }
  failure = drive_door (self, id, "reopen", TRUE);
  if (failure != NULL)
    toast_failure (self, number, failure);
  else
    {
      /* Translators: %s is a door number. */
      g_autofree char *text = g_strdup_printf (_ ("Door %s is open again"), number);

      mr_lockers_page_toast (self, text);
    }
}

static void
empty_response_cb (AdwMessageDialog *dialog, const char *response, MrLockersPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "locker-id");
  const char *number = g_object_get_data (G_OBJECT (dialog), "locker-number");
  g_autoptr (GError) error = NULL;
  g_autofree char *failure = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  if (g_strcmp0 (response, "empty") != 0)
    return;
  /* The door opens first: the packages must come out before the core
   * says they are out. */
  failure = drive_door (self, id, "empty", TRUE);
  if (failure != NULL)
    {
      toast_failure (self, number, failure);
      return;
    }
  if (!mr_locker_empty (self->store, id, NULL, &n, &error))
    {
      mr_lockers_page_toast (self, error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Door %s emptied: %u package taken out",
                                       "Door %s emptied: %u packages taken out", n),
                          number, n);
  mr_lockers_page_toast (self, text);
}

static void
empty_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  const MrLockerDoor *door = mr_lockers_page_get_popover_door (self);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (door == NULL)
    return;
  /* Translators: %s is a door number. */
  heading = g_strdup_printf (_ ("Empty Door %s?"), door->number);
  body = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE,
                 "The door opens and its package is recorded as taken out of the locker. Take it "
                 "to the mailroom shelf; its pickup code stops working.",
                 "The door opens and its %u packages are recorded as taken out of the locker. Take "
                 "them to the mailroom shelf; their pickup code stops working.",
                 door->n_packages),
    door->n_packages);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "empty",
                                    _ ("_Empty Door"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "empty",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "locker-id", g_strdup (door->id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "locker-number", g_strdup (door->number), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (empty_response_cb), self, 0);
  gtk_popover_popdown (self->popover);
  mr_lockers_page_present_dialog (self, GTK_WINDOW (dialog));
}

/* Expired packages: the list of what to take out, then every door opens
 * and the packages are recorded as taken out. */

static void
remove_expired_response_cb (AdwMessageDialog *dialog, const char *response, MrLockersPage *self)
{
  GPtrArray *doors = g_object_get_data (G_OBJECT (dialog), "doors");
  const char *bank_id = g_object_get_data (G_OBJECT (dialog), "bank-id");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = 0, n_failed = 0;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  for (guint i = 0; i < doors->len; i++)
    {
      MrLockerExpiredDoor *door = g_ptr_array_index (doors, i);
      g_autofree char *failure = drive_door (self, door->locker_id, "remove_expired", TRUE);

      if (failure != NULL)
        n_failed++;
    }
  if (n_failed > 0)
    {
      text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "%u door did not open: nothing was recorded. Open it by hand, then try again.",
                     "%u doors did not open: nothing was recorded. Open them by hand, then try "
                     "again.",
                     n_failed),
        n_failed);
      mr_lockers_page_toast (self, text);
      return;
    }
  if (!mr_locker_remove_expired (self->store, bank_id, NULL, &n, &error))
    {
      mr_lockers_page_toast (self, error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u expired package taken out",
                                       "%u expired packages taken out", n),
                          n);
  mr_lockers_page_toast (self, text);
}

static GtkWidget *
expired_list_new (GPtrArray *doors)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Expired packages to take out"), -1);
  for (guint i = 0; i < doors->len; i++)
    {
      MrLockerExpiredDoor *door = g_ptr_array_index (doors, i);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr (GString) packages = g_string_new (NULL);
      g_autofree char *title = NULL;

      for (guint j = 0; j < door->packages->len; j++)
        {
          MrLockerExpiredPackage *p = g_ptr_array_index (door->packages, j);

          if (packages->len > 0)
            g_string_append_c (packages, '\n');
          /* Translators: an expired package to take out: its tracking number
           * or internal ID, then its recipient. */
          g_string_append_printf (packages, _ ("%s for %s"),
                                  p->tracking_number ? p->tracking_number : p->internal_id,
                                  p->recipient ? p->recipient : "—");
        }
      /* Translators: a door to empty: its number, then its bank. */
      title = g_strdup_printf (_ ("Door %s, %s"), door->number, door->bank_name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), packages->str);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  return scrolled;
}

static void
remove_expired_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrLockersPage *self = MR_LOCKERS_PAGE (widget);
  const char *bank_id = mr_lockers_page_get_bank_id (self);
  g_autoptr (GPtrArray) doors = NULL;
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  guint n = 0;

  if (bank_id == NULL)
    return;
  doors = mr_store_list_expired_doors (self->store, bank_id);
  for (guint i = 0; i < doors->len; i++)
    n += ((MrLockerExpiredDoor *) g_ptr_array_index (doors, i))->packages->len;
  if (n == 0)
    {
      mr_lockers_page_toast (self, _ ("No package in this bank has expired"));
      return;
    }
  body = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE,
                 "Take this package out and bring it back to the mailroom. Its door opens when "
                 "you confirm.",
                 "Take these %u packages out and bring them back to the mailroom. Their doors "
                 "open when you confirm.",
                 n),
    n);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _ ("Remove Expired Packages?"), body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), expired_list_new (doors));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "remove",
                                    _ ("_Open Doors and Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "doors", g_steal_pointer (&doors),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "bank-id", g_strdup (bank_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_expired_response_cb), self, 0);
  gtk_popover_popdown (self->popover);
  mr_lockers_page_present_dialog (self, GTK_WINDOW (dialog));
}

void
mr_lockers_page_install_door_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "lockers.open-door", NULL, open_door_activated);
  gtk_widget_class_install_action (widget_class, "lockers.reopen", NULL, reopen_activated);
  gtk_widget_class_install_action (widget_class, "lockers.empty", NULL, empty_activated);
  gtk_widget_class_install_action (widget_class, "lockers.remove-expired", NULL,
                                   remove_expired_activated);
}

static GtkWidget *
door_button (const char *mnemonic, const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

GtkWidget *
mr_lockers_page_build_door_buttons (MrLockersPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->open_door_button = door_button (_ ("_Open Door"), "lockers.open-door");
  self->reopen_button = door_button (_ ("Re_open for the Recipient"), "lockers.reopen");
  self->empty_button = door_button (_ ("E_mpty Door…"), "lockers.empty");
  gtk_box_append (GTK_BOX (box), self->open_door_button);
  gtk_box_append (GTK_BOX (box), self->reopen_button);
  gtk_box_append (GTK_BOX (box), self->empty_button);
  return box;
}

void
mr_lockers_page_update_door_buttons (MrLockersPage *self, const MrLockerDoor *door)
{
  gint64 deadline = mr_locker_get_reopen_deadline (self->store, door->id);

  const char *address = self->map != NULL ? self->map->bank->controller_address : NULL;

  /* Only doors with a lock the controller drives open from here. */
  gtk_widget_set_visible (self->open_door_button,
                          self->controller != NULL && address != NULL && *address != '\0');
  gtk_widget_set_visible (self->reopen_button, deadline > g_get_real_time () / 1000);
  gtk_widget_set_visible (self->empty_button, door->n_packages > 0);
}

GtkWidget *
mr_lockers_page_build_remove_expired_button (MrLockersPage *self)
{
  self->remove_expired_button = gtk_button_new_with_mnemonic (_ ("_Remove Expired…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove_expired_button),
                                  "lockers.remove-expired");
  gtk_widget_set_tooltip_text (self->remove_expired_button,
                               _ ("Take the expired packages out of this bank"));
  return self->remove_expired_button;
}

void
mr_lockers_page_update_remove_expired (MrLockersPage *self)
{
  guint n = self->map != NULL ? self->map->counts[MR_LOCKER_EXPIRED] : 0;

  if (self->remove_expired_button == NULL)
    return;
  gtk_widget_set_sensitive (self->remove_expired_button, n > 0);
}
