/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-lockers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-locker-private.h"

/* Choosing a door for a drop-off or a reservation (mr-locker-ops.c): the
 * recipient's dedicated or reserved door, a door already holding their
 * packages, else the smallest free door that fits, within reach for those
 * who need it, never one kept for deliveries when storing; and, when none
 * is free, why, in words an operator can act on. */

MrLockerSize
mr_locker_package_size_class (const char *size)
{
  MrLockerSize s;

  if (size == NULL || !mr_locker_size_from_string (size, &s))
    return MR_LOCKER_SIZE_XS;
  /* A custom parcel has no size class of its own: the biggest door. */
  return s == MR_LOCKER_SIZE_CUSTOM ? MR_LOCKER_SIZE_XL : s;
}

gboolean
mr_locker_contact_needs_accessibility (MrStore *store, const char *contact_id)
{
  return contact_id != NULL &&
         mr_store_query_int (store,
                             "SELECT needs_accessibility FROM contact WHERE id = ? AND deleted = 0",
                             contact_id) != 0;
}

/* Nothing in the door but, when allowed, packages of @contact. ?1 is the
 * contact, ?2 whether adding is allowed. */
#define HOLDS_NOTHING_ELSE_SQL                                                               \
  "(NOT EXISTS (SELECT 1 FROM package p WHERE p.locker_id = l.id AND p.deleted = 0) OR "     \
  "(?2 AND ?1 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM package p WHERE p.locker_id = l.id " \
  "AND p.deleted = 0 AND (p.recipient_id IS NOT ?1 OR p.status = 'expired'))))"

#define DOOR_FITS_SQL                                                                  \
  "l.bank_id = ?3 AND l.deleted = 0 AND l.out_of_service = 0 AND " MR_LOCKER_CLASS_SQL \
  " >= ?4 AND (?5 = 0 OR " MR_LOCKER_ACCESSIBLE_SQL ")"

static void
bind_want (sqlite3_stmt *stmt, const MrLockerWant *w)
{
  mr_store_bind_text_or_null (stmt, 1, w->contact_id);
  sqlite3_bind_int (stmt, 2, w->bank->allow_add_to_existing);
  sqlite3_bind_text (stmt, 3, w->bank->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, w->need);
  sqlite3_bind_int (stmt, 5, w->accessible);
}

char *
mr_locker_first_id (sqlite3_stmt *stmt)
{
  char *id = NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

/* The door dedicated to the recipient (through the index of dedicated
 * doors), or to the department a delivery without a recipient is for
 * (rarer, and not indexed: the bank's doors are read). */
char *
mr_locker_choose_dedicated (MrStore *store, const MrLockerWant *w)
{
  sqlite3_stmt *stmt;

  if (w->contact_id != NULL)
    stmt = mr_store_prepare (store,
                             "SELECT l.id FROM locker l WHERE l.dedicated_contact_id = ?1 AND "
                             "" DOOR_FITS_SQL " AND " HOLDS_NOTHING_ELSE_SQL
                             " ORDER BY " MR_LOCKER_CLASS_SQL ", l.col, l.row LIMIT 1",
                             NULL);
  else if (w->department_id != NULL)
    stmt = mr_store_prepare (store,
                             "SELECT l.id FROM locker l WHERE " DOOR_FITS_SQL
                             " AND l.dedicated_department_id = ?6 AND " HOLDS_NOTHING_ELSE_SQL
                             " ORDER BY " MR_LOCKER_CLASS_SQL ", l.col, l.row LIMIT 1",
                             NULL);
  else
    return NULL;
  if (stmt == NULL)
    return NULL;
  bind_want (stmt, w);
  if (w->contact_id == NULL)
    sqlite3_bind_text (stmt, 6, w->department_id, -1, SQLITE_TRANSIENT);
  return mr_locker_first_id (stmt);
}

/* A door reserved for the package or for the recipient. CROSS JOIN: from
 * the active reservations (few, and indexed) to their doors, not from
 * every door of the bank to its reservations. */
char *
mr_locker_choose_reserved (MrStore *store, const MrLockerWant *w)
{
  sqlite3_stmt *stmt = mr_store_prepare (
    store,
    "SELECT l.id FROM reservation r CROSS JOIN locker l ON l.id = r.locker_id WHERE "
    "r.state = 'active' AND r.deleted = 0 AND ((r.kind = 'package' AND r.package_id = ?6) "
    "OR (r.kind = 'recipient' AND ?1 IS NOT NULL AND r.contact_id = ?1)) AND " DOOR_FITS_SQL
    " AND " HOLDS_NOTHING_ELSE_SQL " ORDER BY r.kind = 'package' DESC, r.starts_at LIMIT 1",
    NULL);

  if (stmt == NULL)
    return NULL;
  bind_want (stmt, w);
  mr_store_bind_text_or_null (stmt, 6, w->package_id);
  return mr_locker_first_id (stmt);
}

/* A door that already holds the recipient's packages: from the
 * recipient's packages (indexed) to their doors. */
char *
mr_locker_choose_existing (MrStore *store, const MrLockerWant *w)
{
  sqlite3_stmt *stmt;

  if (!w->bank->allow_add_to_existing || w->contact_id == NULL)
    return NULL;
  stmt = mr_store_prepare (
    store,
    "SELECT l.id FROM package p0 CROSS JOIN locker l ON l.id = p0.locker_id WHERE "
    "p0.recipient_id = ?1 AND p0.deleted = 0 AND " DOOR_FITS_SQL " AND " HOLDS_NOTHING_ELSE_SQL
    " AND NOT EXISTS (SELECT 1 FROM reservation r WHERE r.locker_id = l.id AND r.deleted = 0 AND "
    "r.state = 'active' AND r.contact_id IS NOT ?1) AND (l.dedicated_contact_id IS NULL OR "
    "l.dedicated_contact_id = ?1) AND l.dedicated_department_id IS NULL "
    "ORDER BY " MR_LOCKER_CLASS_SQL ", l.col, l.row LIMIT 1",
    NULL);
  if (stmt == NULL)
    return NULL;
  bind_want (stmt, w);
  return mr_locker_first_id (stmt);
}

/* A door that holds nothing and nobody holds: free. */
#define DOOR_FREE_SQL                                                                        \
  "l.status = 'available' AND l.dedicated_contact_id IS NULL AND "                           \
  "l.dedicated_department_id IS NULL AND NOT EXISTS (SELECT 1 FROM package p WHERE "         \
  "p.locker_id = l.id AND p.deleted = 0) AND NOT EXISTS (SELECT 1 FROM reservation r WHERE " \
  "r.locker_id = l.id AND r.state = 'active' AND r.deleted = 0)"

/* Whether the door @locker_id holds no package and no active
 * reservation: the part of DOOR_FREE_SQL its status does not say. */
static gboolean
door_holds_nothing (MrStore *store, const char *locker_id)
{
  return mr_store_query_int (store,
                             "SELECT NOT EXISTS (SELECT 1 FROM package p WHERE p.locker_id = ?1 "
                             "AND p.deleted = 0) AND NOT EXISTS (SELECT 1 FROM reservation r "
                             "WHERE r.locker_id = ?1 AND r.state = 'active' AND r.deleted = 0)",
                             locker_id) != 0;
}

/* Candidates of choose_free() read at a time: nearly always the first
 * one is taken. */
#define FREE_PAGE 8

/* The smallest free door that fits. Among doors of one size, those within
 * reach come last for people who do not need them, so they stay free for
 * those who do. Storage never takes a door kept for deliveries, nor the
 * last free doors of a size the bank keeps for deliveries. The doors are
 * read a few at a time from the index of free doors (locker_free, schema
 * v5), which holds them in this very order (size class, height, within
 * reach, column, row: total, as col and row are unique in a bank): the
 * first entries are the answer, whatever the size of the bank. Only the
 * candidates are checked for contents, not every available door. */
char *
mr_locker_choose_free (MrStore *store, const MrLockerWant *w)
{
  guint free_by_size[MR_LOCKER_N_SIZES] = { 0 };
  sqlite3_stmt *stmt;
  char *found = NULL;
  gboolean more = TRUE;
  guint n_rows;

  if (w->storage)
    {
      stmt = mr_store_prepare (store,
                               "SELECT l.size, count(*) FROM locker l WHERE l.bank_id = ?1 AND "
                               "l.deleted = 0 AND l.out_of_service = 0 AND " DOOR_FREE_SQL
                               " GROUP BY l.size",
                               NULL);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, w->bank->id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          MrLockerSize s;

          if (mr_locker_size_from_string ((const char *) sqlite3_column_text (stmt, 0), &s))
            free_by_size[s] = (guint) sqlite3_column_int (stmt, 1);
        }
      sqlite3_reset (stmt);
    }

  for (gint64 offset = 0; found == NULL && more; offset += FREE_PAGE)
    {
      g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_free);

      /* For someone who needs a door within reach, only those: the
       * within_reach column of the order is then the same for all. The
       * conditions on deleted … dedicated_department_id are the index's
       * own, word for word, so that SQLite takes it. */
      stmt = mr_store_prepare (
        store,
        "SELECT l.id, l.size FROM locker l WHERE l.bank_id = ?1 AND l.deleted = 0 AND "
        "l.out_of_service = 0 AND l.status = 'available' AND l.dedicated_contact_id IS NULL AND "
        "l.dedicated_department_id IS NULL AND l.size_class >= ?2 AND (?3 = 0 OR "
        "l.within_reach = 1) AND (?4 = 0 OR l.delivery_only = 0) ORDER BY l.size_class, "
        "l.height_cm, l.within_reach, l.col, l.row LIMIT ?5 OFFSET ?6",
        NULL);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, w->bank->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, w->need);
      sqlite3_bind_int (stmt, 3, w->accessible);
      sqlite3_bind_int (stmt, 4, w->storage);
      sqlite3_bind_int (stmt, 5, FREE_PAGE);
      sqlite3_bind_int64 (stmt, 6, offset);
      n_rows = 0;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          MrLockerSize s;

          n_rows++;
          if (w->storage &&
              mr_locker_size_from_string ((const char *) sqlite3_column_text (stmt, 1), &s) &&
              free_by_size[s] <= w->bank->keep_for_delivery[s])
            continue;
          g_ptr_array_add (page, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        }
      sqlite3_reset (stmt);
      more = n_rows == FREE_PAGE;
      for (guint i = 0; found == NULL && i < page->len; i++)
        if (door_holds_nothing (store, g_ptr_array_index (page, i)))
          found = g_strdup (g_ptr_array_index (page, i));
    }
  return found;
}

/* Whether taking the free door @locker_id for storage leaves the bank
 * the free doors of its size it keeps for deliveries. */
gboolean
mr_locker_leaves_enough_for_delivery (MrStore *store,
                                      const MrLockerBank *bank,
                                      const char *locker_id)
{
  g_autofree char *size_name =
    mr_store_query_text (store, "SELECT size FROM locker WHERE id = ?", locker_id);
  sqlite3_stmt *stmt;
  MrLockerSize size;
  gint64 free_doors = 0;

  if (!mr_locker_size_from_string (size_name, &size) || bank->keep_for_delivery[size] == 0)
    return TRUE;
  stmt = mr_store_prepare (store,
                           "SELECT count(*) FROM locker l WHERE l.bank_id = ?1 AND l.size = ?2 "
                           "AND l.deleted = 0 AND l.out_of_service = 0 AND " DOOR_FREE_SQL,
                           NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, bank->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, size_name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    free_doors = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return free_doors > bank->keep_for_delivery[size];
}

/* Why no door is free, in words an operator can act on. */
gboolean
mr_locker_fail_no_locker (MrStore *store, const MrLockerWant *w, GError **error)
{
  const char *headline = _ ("No lockers are currently available in selected locker bank");
  g_autofree char *reason = NULL;
  const char *advice;
  sqlite3_stmt *stmt;
  gint64 fitting = 0;

  stmt = mr_store_prepare (store,
                           "SELECT count(*) FROM locker l WHERE l.bank_id = ?1 AND "
                           "l.deleted = 0 AND " MR_LOCKER_CLASS_SQL
                           " >= ?2 AND (?3 = 0 OR " MR_LOCKER_ACCESSIBLE_SQL
                           ") AND (?4 = 0 OR l.delivery_only = 0)",
                           NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, w->bank->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, w->need);
      sqlite3_bind_int (stmt, 3, w->accessible);
      sqlite3_bind_int (stmt, 4, w->storage);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        fitting = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (w->accessible)
    {
      if (fitting == 0)
        reason = g_strdup_printf (_ ("This bank has no door between %d cm and %d cm from the floor "
                                     "that is big enough, and the recipient needs one."),
                                  MR_LOCKER_ACCESSIBLE_BOTTOM_CM, MR_LOCKER_ACCESSIBLE_TOP_CM);
      else
        reason = g_strdup_printf (_ ("The recipient needs a door between %d cm and %d cm from the "
                                     "floor, and all such doors that are big enough are taken or "
                                     "out of service."),
                                  MR_LOCKER_ACCESSIBLE_BOTTOM_CM, MR_LOCKER_ACCESSIBLE_TOP_CM);
      advice = _ ("Choose another locker bank, free an accessible door, or keep the package at the "
                  "mailroom and tell the recipient.");
    }
  else
    {
      if (fitting == 0)
        reason = g_strdup_printf (_ ("No door of this bank is big enough for size %s."),
                                  mr_locker_size_to_string (w->need));
      else if (w->storage)
        reason = g_strdup (_ ("Every door big enough is taken, out of service or kept for "
                              "deliveries."));
      else
        reason = g_strdup (_ ("Every door big enough is taken or out of service."));
      advice = _ ("Choose another locker bank, or keep the package at the mailroom and tell the "
                  "recipient.");
    }
  /* Translators: the headline, why, and what to do */
  return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "bank_id", _ ("%s. %s %s"), headline, reason,
                        advice);
}

/* Whether the door @locker_id suits @w. @free: it must hold nothing and
 * be held by nobody (a reservation); else it must not hold anyone else's
 * packages or belong to someone else. */
gboolean
mr_locker_check_door (
  MrStore *store, const MrLockerWant *w, const char *locker_id, gboolean free, GError **error)
{
  sqlite3_stmt *stmt = mr_store_prepare (
    store,
    "SELECT l.number, l.bank_id, l.out_of_service, " MR_LOCKER_CLASS_SQL ", l.size, "
    "l.bottom_cm, l.bottom_cm + l.height_cm, l.delivery_only, l.dedicated_contact_id, "
    "l.dedicated_department_id, EXISTS (SELECT 1 FROM package p WHERE p.locker_id = l.id AND "
    "p.deleted = 0), EXISTS (SELECT 1 FROM reservation r WHERE r.locker_id = l.id AND "
    "r.state = 'active' AND r.deleted = 0 AND NOT ((r.kind = 'package' AND r.package_id IS ?2) OR "
    "(r.kind = 'recipient' AND ?3 IS NOT NULL AND r.contact_id IS ?3))) "
    "FROM locker l WHERE l.id = ?1 AND l.deleted = 0",
    error);
  g_autofree char *number = NULL;
  g_autofree char *bank = NULL;
  g_autofree char *dedicated_contact = NULL;
  g_autofree char *dedicated_department = NULL;
  gboolean oos = FALSE, delivery_only = FALSE, holds = FALSE, reserved = FALSE;
  int klass = 0, bottom = 0, top = 0;
  g_autofree char *size = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, locker_id, -1, SQLITE_TRANSIENT);
  mr_store_bind_text_or_null (stmt, 2, w->package_id);
  mr_store_bind_text_or_null (stmt, 3, w->contact_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      number = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      bank = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      oos = sqlite3_column_int (stmt, 2);
      klass = sqlite3_column_int (stmt, 3);
      size = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      bottom = sqlite3_column_int (stmt, 5);
      top = sqlite3_column_int (stmt, 6);
      delivery_only = sqlite3_column_int (stmt, 7);
      if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
        dedicated_contact = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
        dedicated_department = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      holds = sqlite3_column_int (stmt, 10);
      reserved = sqlite3_column_int (stmt, 11);
    }
  sqlite3_reset (stmt);

  if (number == NULL || g_strcmp0 (bank, w->bank->id) != 0)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "locker_id",
                          _ ("This locker is not in the chosen locker bank."));
  if (oos)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                          _ ("Locker %s is out of service. Choose another locker."), number);
  if (klass < (int) w->need)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "locker_id",
                          _ ("Locker %s (size %s) is too small for size %s. Choose a bigger one."),
                          number, size, mr_locker_size_to_string (w->need));
  if (w->accessible && !mr_locker_is_accessible (bottom, top))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "locker_id",
                          _ ("Locker %s is out of reach for this recipient: its door is between "
                             "%d cm and %d cm from the floor, and they need one between %d cm and "
                             "%d cm."),
                          number, bottom, top, MR_LOCKER_ACCESSIBLE_BOTTOM_CM,
                          MR_LOCKER_ACCESSIBLE_TOP_CM);
  if (w->storage && delivery_only)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                          _ ("Locker %s is kept for deliveries only. Choose another locker."),
                          number);
  if ((dedicated_contact != NULL && g_strcmp0 (dedicated_contact, w->contact_id) != 0) ||
      (dedicated_department != NULL && g_strcmp0 (dedicated_department, w->department_id) != 0))
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                          _ ("Locker %s is dedicated to someone else. Choose another locker."),
                          number);
  if (free && (holds || reserved || dedicated_contact != NULL || dedicated_department != NULL))
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                          _ ("Locker %s is not free. Choose another locker."), number);
  if (!free && reserved)
    return mr_store_fail (error, MR_STORE_ERROR_IN_USE, "locker_id",
                          _ ("Locker %s is reserved for someone else. Choose another locker."),
                          number);
  return TRUE;
}
