/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "mr-records.h"

G_BEGIN_DECLS

enum
{
  CONTACT_ID,
  CONTACT_FIRST_NAME,
  CONTACT_LAST_NAME,
  CONTACT_DISPLAY_NAME,
  CONTACT_INITIALS,
  CONTACT_EMAIL,
  CONTACT_PHONE,
  CONTACT_DEPARTMENT_ID,
  CONTACT_DEPARTMENT_NAME,
  CONTACT_PLACE_ID,
  CONTACT_PLACE_NAME,
  CONTACT_PERSONNEL_ID,
  CONTACT_EMPLOYEE_ID,
  CONTACT_NOTES,
  CONTACT_N_STR
};

/* The columns mr_contact_new_from_stmt() reads, in order. */
#define MR_CONTACT_COLUMNS                                                       \
  "c.id, c.first_name, c.last_name, c.email, c.phone, c.department_id, d.name, " \
  "c.place_id, p.name, c.personnel_id, c.employee_id, c.notes, "                 \
  "c.needs_accessibility, c.is_private, c.created_at "

#define MR_CONTACT_JOINS                                                \
  "LEFT JOIN department d ON d.id = c.department_id AND d.deleted = 0 " \
  "LEFT JOIN place p ON p.id = c.place_id AND p.deleted = 0 "

#define MR_CONTACT_SELECT "SELECT " MR_CONTACT_COLUMNS "FROM contact c " MR_CONTACT_JOINS

MrContact *mr_contact_new_from_stmt (sqlite3_stmt *stmt);

G_END_DECLS
