/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-packages.h"
#include "mr-store-private.h"

G_BEGIN_DECLS

/* What the package modules share: mr-packages.c (receive, events),
 * mr-package-ops.c (edit, handover, bags), mr-package-query.c (reading)
 * and mr-package-list.c (the lazy lists). */

/* The columns mr_package_new_from_stmt() reads, in order, for the package
 * aliased p, and the joins they need. */
#define MR_PACKAGE_COLUMNS                                                              \
  "p.id, p.tracking_number, p.internal_id, p.carrier, p.service, p.recipient_id, "      \
  "c.first_name, c.last_name, p.for_department_id, fd.name, p.place_id, pl.name, "      \
  "p.locker_id, lb.name, l.number, p.bag_id, b.label, p.size, p.pieces, p.handover, "   \
  "p.status, p.received_at, p.received_by, u.display_name, p.workstation_id, p.notes, " \
  "p.duplicate_of, dp.internal_id, dp.received_at, p.department_id IS NOT NULL AND "    \
  "p.recipient_id IS NULL, p.rowid "

#define MR_PACKAGE_JOINS                                    \
  "LEFT JOIN contact c ON c.id = p.recipient_id "           \
  "LEFT JOIN department fd ON fd.id = p.for_department_id " \
  "LEFT JOIN place pl ON pl.id = p.place_id "               \
  "LEFT JOIN locker l ON l.id = p.locker_id "               \
  "LEFT JOIN locker_bank lb ON lb.id = l.bank_id "          \
  "LEFT JOIN bag b ON b.id = p.bag_id "                     \
  "LEFT JOIN user u ON u.id = p.received_by "               \
  "LEFT JOIN package dp ON dp.id = p.duplicate_of "

/* The column of MR_PACKAGE_COLUMNS holding the rowid (the lists' keyset). */
#define MR_PACKAGE_COLUMN_ROWID 30

MrPackage *mr_package_new_from_stmt (sqlite3_stmt *stmt);

/* "Hall A · 12", or NULL without a number. */
char *mr_package_format_locker (const char *bank, const char *number);

/* package.receive and package.set: the carrier from the tracking number
 * (written back as "carrier" and "service" when not given), the proof at
 * handover (written back as "handover" when not given), the department
 * the package is for and the earlier package with the same number. */
gboolean mr_package_complete_carrier (MrMutation *m, const char *tracking, GError **error);
gboolean mr_package_complete_handover (MrMutation *m,
                                       const char *recipient_id,
                                       const char *place_id,
                                       GError **error);
char *
mr_package_for_department (MrStore *store, const char *recipient_id, const char *department_id);
char *mr_package_find_duplicate (MrStore *store, const char *package_id, const char *tracking);

/* Checks an event of @kind on @package_id against the state machine;
 * a picked_up event naming @handed_to_id against the takers. */
gboolean mr_package_check_event_in (MrMutation *m,
                                    const char *package_id,
                                    const char *status,
                                    const char *locker_id,
                                    const char *kind,
                                    const char *handed_to_id,
                                    GError **error);

/* Mutations of mr-package-ops.c, listed in mr_package_mutations. */
gboolean mr_package_set_mutation (MrMutation *m, GError **error);
gboolean mr_package_deliver_mutation (MrMutation *m, GError **error);
gboolean mr_handover_set_mutation (MrMutation *m, GError **error);
gboolean mr_bag_create_mutation (MrMutation *m, GError **error);
gboolean mr_bag_add_mutation (MrMutation *m, GError **error);
gboolean mr_bag_remove_mutation (MrMutation *m, GError **error);
gboolean mr_bag_close_mutation (MrMutation *m, GError **error);
gboolean mr_bag_reopen_mutation (MrMutation *m, GError **error);
gboolean mr_bag_move_mutation (MrMutation *m, GError **error);

G_END_DECLS
