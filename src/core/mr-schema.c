/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "mr-schema.h"

/* Forward-only migrations. migrations[i] takes a database from
 * user_version i to i + 1. Never edit a migration that has shipped: add one.
 *
 * Every synced record has a UUIDv7 text id, created_at (Unix ms),
 * updated_at (HLC, see mr-hlc.c), a deleted tombstone and the workstation
 * that last changed it. Columns marked "cache" are derived locally and never
 * synced. */
static const char *migrations[] = {
  /* 0 → 1: the whole product */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");"

  "CREATE TABLE setting ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  workstation_id TEXT"
  ");"

  /* Enterprise → divisions → locations */
  "CREATE TABLE org_unit ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('enterprise','division','location')),"
  "  parent_id TEXT REFERENCES org_unit (id),"
  "  name TEXT NOT NULL,"
  "  code TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE INDEX org_unit_parent ON org_unit (parent_id) WHERE deleted = 0;"

  /* Delivery places: site → building → floor → mail stop */
  "CREATE TABLE place ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('site','building','floor','mail_stop')),"
  "  parent_id TEXT REFERENCES place (id),"
  "  name TEXT NOT NULL,"
  "  code TEXT,"
  "  location_id TEXT REFERENCES org_unit (id),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE INDEX place_parent ON place (parent_id) WHERE deleted = 0;"

  "CREATE TABLE role ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  permissions TEXT NOT NULL DEFAULT '[]'," /* JSON array of permission names */
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"

  /* Credentials are never stored here: sign-in goes to the server or to the
   * keyring. */
  "CREATE TABLE user ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  username TEXT NOT NULL,"
  "  display_name TEXT NOT NULL,"
  "  email TEXT,"
  "  role_id TEXT REFERENCES role (id),"
  "  locked INTEGER NOT NULL DEFAULT 0,"
  "  failed_logins INTEGER NOT NULL DEFAULT 0,"
  "  last_login_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE UNIQUE INDEX user_username ON user (username) WHERE deleted = 0;"

  "CREATE TABLE department ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL," /* cache: folded name, for uniqueness */
  "  key_contact_id TEXT REFERENCES contact (id),"
  "  place_id TEXT REFERENCES place (id),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE UNIQUE INDEX department_name ON department (name_key) WHERE deleted = 0;"

  "CREATE TABLE contact ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  first_name TEXT NOT NULL DEFAULT '',"
  "  last_name TEXT NOT NULL DEFAULT '',"
  "  email TEXT,"
  "  phone TEXT,"
  "  department_id TEXT REFERENCES department (id),"
  "  place_id TEXT REFERENCES place (id),"
  "  personnel_id TEXT,"
  "  employee_id TEXT,"
  "  needs_accessibility INTEGER NOT NULL DEFAULT 0,"
  "  notes TEXT,"
  "  is_private INTEGER NOT NULL DEFAULT 0,"
  "  owner_user_id TEXT REFERENCES user (id),"
  "  sort_key TEXT NOT NULL," /* cache: folded "last \1 first \1 id" */
  "  sort_rank INTEGER,"      /* cache: gapped name order, = FTS rowid */
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE UNIQUE INDEX contact_personnel_id ON contact (personnel_id)"
  "  WHERE deleted = 0 AND personnel_id IS NOT NULL;"
  "CREATE INDEX contact_email ON contact (email COLLATE NOCASE) WHERE deleted = 0;"
  "CREATE INDEX contact_sort_key ON contact (sort_key) WHERE deleted = 0;"
  "CREATE UNIQUE INDEX contact_sort_rank ON contact (sort_rank) WHERE sort_rank IS NOT NULL;"
  "CREATE INDEX contact_department ON contact (department_id) WHERE deleted = 0;"
  "CREATE INDEX contact_place ON contact (place_id) WHERE deleted = 0;"
  "CREATE INDEX contact_private ON contact (owner_user_id) WHERE is_private = 1 AND deleted = 0;"

  /* Search over every contact field, accent- and case-insensitive, with
   * prefix indexes so each keystroke is a doclist read. rowid = sort_rank,
   * so a MATCH scanned in rowid order is already in name order. */
  "CREATE VIRTUAL TABLE contact_fts USING fts5 ("
  "  name, email, phone, ids, org, notes,"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '1 2 3 4 5 6'"
  ");"

  /* Up to 10 custom fields, each shown, hidden or required per screen. */
  "CREATE TABLE custom_field ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 10),"
  "  label TEXT NOT NULL,"
  "  type TEXT NOT NULL DEFAULT 'text' CHECK (type IN ('text','number','date','choice','boolean')),"
  "  choices TEXT," /* JSON array for type 'choice' */
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE UNIQUE INDEX custom_field_position ON custom_field (position) WHERE deleted = 0;"
  "CREATE TABLE custom_field_screen ("
  "  field_id TEXT NOT NULL REFERENCES custom_field (id),"
  "  screen TEXT NOT NULL CHECK (screen IN ('receiving','delivery','package','bag','contact','asset')),"
  "  visibility TEXT NOT NULL DEFAULT 'shown' CHECK (visibility IN ('shown','hidden','required')),"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (field_id, screen)"
  ");"
  "CREATE TABLE custom_value ("
  "  entity_id TEXT NOT NULL,"
  "  field_id TEXT NOT NULL REFERENCES custom_field (id),"
  "  value TEXT,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (entity_id, field_id)"
  ");"

  "CREATE TABLE locker_bank ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  place_id TEXT REFERENCES place (id),"
  "  controller_address TEXT,"
  "  expiry_hours INTEGER NOT NULL DEFAULT 72,"
  "  reopen_seconds INTEGER NOT NULL DEFAULT 60,"
  "  pickup_mode TEXT NOT NULL DEFAULT 'all' CHECK (pickup_mode IN ('all','one')),"
  "  allow_add_to_existing INTEGER NOT NULL DEFAULT 1,"
  "  storage_mode TEXT NOT NULL DEFAULT 'fixed' CHECK (storage_mode IN ('fixed','flexible','unlimited')),"
  "  storage_hours INTEGER NOT NULL DEFAULT 24,"
  "  storage_max_hours INTEGER NOT NULL DEFAULT 168,"
  "  contactless INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"

  "CREATE TABLE locker ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  bank_id TEXT NOT NULL REFERENCES locker_bank (id),"
  "  number TEXT NOT NULL,"
  "  col INTEGER NOT NULL,"
  "  row INTEGER NOT NULL," /* 0 = top of the column */
  "  size TEXT NOT NULL CHECK (size IN ('XS','S','M','L','XL','custom')),"
  "  height_cm INTEGER NOT NULL,"
  "  bottom_cm INTEGER NOT NULL," /* door bottom from the floor */
  "  loading TEXT NOT NULL DEFAULT 'front' CHECK (loading IN ('front','rear')),"
  "  delivery_only INTEGER NOT NULL DEFAULT 0,"
  "  out_of_service INTEGER NOT NULL DEFAULT 0,"
  "  dedicated_contact_id TEXT REFERENCES contact (id),"
  "  dedicated_department_id TEXT REFERENCES department (id),"
  "  status TEXT NOT NULL DEFAULT 'available'" /* cache, derived from events */
  "    CHECK (status IN ('available','reserved','occupied','expired','out_of_service')),"
  "  closed_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE UNIQUE INDEX locker_position ON locker (bank_id, col, row) WHERE deleted = 0;"
  "CREATE UNIQUE INDEX locker_number ON locker (bank_id, number) WHERE deleted = 0;"

  "CREATE TABLE reservation ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  locker_id TEXT NOT NULL REFERENCES locker (id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('package','recipient','return','exchange',"
  "    'department_storage','personal_storage','dedicated','delivery')),"
  "  contact_id TEXT REFERENCES contact (id),"
  "  department_id TEXT REFERENCES department (id),"
  "  package_id TEXT REFERENCES package (id),"
  "  asset_id TEXT REFERENCES asset (id),"
  "  starts_at INTEGER NOT NULL,"
  "  ends_at INTEGER," /* NULL = no end time */
  "  max_ends_at INTEGER,"
  "  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active','ended','cancelled')),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE INDEX reservation_locker ON reservation (locker_id) WHERE state = 'active';"

  /* A delivery into a locker: the pickup code is stored hashed only. */
  "CREATE TABLE locker_delivery ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  locker_id TEXT NOT NULL REFERENCES locker (id),"
  "  contact_id TEXT REFERENCES contact (id),"
  "  department_id TEXT REFERENCES department (id),"
  "  code_hash TEXT,"
  "  code_salt TEXT,"
  "  failed_attempts INTEGER NOT NULL DEFAULT 0,"
  "  delivered_at INTEGER NOT NULL,"
  "  expires_at INTEGER,"
  "  picked_up_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"

  "CREATE TABLE locker_event ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  locker_id TEXT NOT NULL REFERENCES locker (id),"
  "  kind TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  user_id TEXT,"
  "  workstation_id TEXT,"
  "  data TEXT" /* JSON */
  ");"
  "CREATE INDEX locker_event_locker ON locker_event (locker_id, at);"

  /* Pouches and bags group packages. */
  "CREATE TABLE bag ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  label TEXT NOT NULL,"
  "  place_id TEXT REFERENCES place (id),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"

  "CREATE TABLE package ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  tracking_number TEXT,"
  "  internal_id TEXT NOT NULL,"
  "  carrier TEXT,"
  "  service TEXT,"
  "  recipient_id TEXT REFERENCES contact (id),"
  "  department_id TEXT REFERENCES department (id),"
  "  place_id TEXT REFERENCES place (id),"
  "  locker_id TEXT REFERENCES locker (id),"
  "  bag_id TEXT REFERENCES bag (id),"
  "  size TEXT,"
  "  pieces INTEGER NOT NULL DEFAULT 1,"
  "  handover TEXT NOT NULL DEFAULT 'none' CHECK (handover IN ('none','signature','id_scan')),"
  "  status TEXT NOT NULL DEFAULT 'received'" /* cache, derived from events */
  "    CHECK (status IN ('received','at_place','in_locker','notified','picked_up',"
  "                      'returned','expired','removed')),"
  "  received_at INTEGER NOT NULL,"
  "  received_by TEXT,"
  "  notes TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE INDEX package_tracking ON package (tracking_number) WHERE deleted = 0;"
  "CREATE UNIQUE INDEX package_internal ON package (internal_id);"
  "CREATE INDEX package_recipient ON package (recipient_id, status) WHERE deleted = 0;"
  "CREATE INDEX package_status ON package (status, received_at) WHERE deleted = 0;"
  "CREATE INDEX package_received ON package (received_at) WHERE deleted = 0;"
  "CREATE INDEX package_locker ON package (locker_id) WHERE locker_id IS NOT NULL;"

  /* Append-only history: state is derived from these. */
  "CREATE TABLE package_event ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  package_id TEXT NOT NULL REFERENCES package (id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('received','moved','in_locker','notified','reminded',"
  "    'picked_up','returned','expired','removed')),"
  "  at INTEGER NOT NULL,"
  "  hlc INTEGER NOT NULL,"
  "  user_id TEXT,"
  "  workstation_id TEXT,"
  "  place_id TEXT REFERENCES place (id),"
  "  locker_id TEXT REFERENCES locker (id),"
  "  previous_status TEXT,"
  "  handed_to_id TEXT REFERENCES contact (id),"
  "  data TEXT" /* JSON: signature image, id scan, notes */
  ");"
  "CREATE INDEX package_event_package ON package_event (package_id, hlc);"

  "CREATE TABLE asset ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  tag TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  kind TEXT,"
  "  serial TEXT,"
  "  assigned_contact_id TEXT REFERENCES contact (id),"
  "  place_id TEXT REFERENCES place (id),"
  "  status TEXT NOT NULL DEFAULT 'in_stock'" /* cache */
  "    CHECK (status IN ('in_stock','assigned','in_locker','in_repair','retired')),"
  "  notes TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE UNIQUE INDEX asset_tag ON asset (tag) WHERE deleted = 0;"

  "CREATE TABLE asset_event ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  asset_id TEXT NOT NULL REFERENCES asset (id),"
  "  kind TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  hlc INTEGER NOT NULL,"
  "  user_id TEXT,"
  "  workstation_id TEXT,"
  "  contact_id TEXT REFERENCES contact (id),"
  "  place_id TEXT REFERENCES place (id),"
  "  locker_id TEXT REFERENCES locker (id),"
  "  data TEXT"
  ");"
  "CREATE INDEX asset_event_asset ON asset_event (asset_id, hlc);"

  /* The journal: every named mutation, in order. It is the audit history
   * and the sync outbox (see sync.md: state pending → sent → applied or
   * rejected). */
  "CREATE TABLE journal ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  args TEXT NOT NULL," /* JSON object */
  "  hlc INTEGER NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  workstation_id TEXT NOT NULL,"
  "  user_id TEXT,"
  "  entity TEXT NOT NULL,"
  "  entity_id TEXT,"
  "  state TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (state IN ('pending','sent','applied','rejected','dead')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT"
  ");"
  "CREATE INDEX journal_entity ON journal (entity_id);"
  "CREATE INDEX journal_pending ON journal (state) WHERE state IN ('pending','sent');"

  "CREATE TABLE sync_state ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");",

  /* v2: label layouts (shared through sync like any record) and the
   * local log of scheduled file exchanges (this workstation only). */
  "CREATE TABLE label_layout ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  kind TEXT NOT NULL," /* package, asset, locker_door, shelf, carrier_qr, pickup_slip */
  "  name TEXT NOT NULL,"
  "  template_id TEXT NOT NULL," /* label stock: gLabels brand+part or a built-in id */
  "  definition TEXT NOT NULL,"  /* JSON: fields, order, sizes, barcode type */
  "  is_default INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  workstation_id TEXT"
  ");"
  "CREATE UNIQUE INDEX label_layout_default ON label_layout (kind)"
  "  WHERE is_default = 1 AND deleted = 0;"

  "CREATE TABLE file_exchange_run ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  started_at INTEGER NOT NULL," /* unix microseconds */
  "  finished_at INTEGER,"
  "  trigger TEXT NOT NULL CHECK (trigger IN ('schedule','manual','cli')),"
  "  result TEXT NOT NULL DEFAULT 'running'"
  "    CHECK (result IN ('running','ok','partial','failed')),"
  "  added INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  skipped INTEGER NOT NULL DEFAULT 0,"
  "  exported INTEGER NOT NULL DEFAULT 0,"
  "  details TEXT" /* translated, human-readable: files, errors */
  ");",

  /* v3: smart lockers. A bank's base height (floor to the bottom of its
   * lowest doors) and the doors of each size it keeps for deliveries
   * (JSON {"S": 2}); each door's width, for drawing the bank to scale;
   * the pickup code attempts that lock a kiosk out after repeated wrong
   * codes; indexes for the map's counts and for drop-off. */
  "ALTER TABLE locker_bank ADD COLUMN base_cm INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE locker_bank ADD COLUMN keep_for_delivery TEXT NOT NULL DEFAULT '{}';"
  "ALTER TABLE locker ADD COLUMN width_cm INTEGER NOT NULL DEFAULT 45;"

  "CREATE TABLE locker_code_attempt ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  bank_id TEXT NOT NULL REFERENCES locker_bank (id),"
  "  contact_id TEXT REFERENCES contact (id)," /* who signed in; NULL = code only */
  "  result TEXT NOT NULL CHECK (result IN ('ok','wrong','locked')),"
  "  locked_until INTEGER," /* set by the failure that starts a lockout */
  "  at INTEGER NOT NULL,"
  "  user_id TEXT,"
  "  workstation_id TEXT"
  ");"
  "CREATE INDEX locker_code_attempt_key ON locker_code_attempt (bank_id, contact_id, at);"

  "CREATE INDEX locker_bank_status ON locker (bank_id, status) WHERE deleted = 0;"
  "CREATE INDEX locker_status ON locker (status) WHERE deleted = 0;"
  "CREATE INDEX locker_dedicated ON locker (dedicated_contact_id) "
  "  WHERE dedicated_contact_id IS NOT NULL;"
  "CREATE INDEX locker_delivery_active ON locker_delivery (locker_id) "
  "  WHERE picked_up_at IS NULL AND deleted = 0;"
  "CREATE INDEX locker_delivery_contact ON locker_delivery (contact_id) "
  "  WHERE picked_up_at IS NULL AND deleted = 0;"
  "CREATE INDEX reservation_contact ON reservation (contact_id) WHERE state = 'active';",

  /* v4: receiving. A package's earlier namesake (same tracking number)
   * and the department it is for (its own, else its recipient's at
   * receipt), both caches, so that lists flag duplicates and filter by
   * department through one index; closed bags; who must prove what at
   * handover, per place or per recipient; the signature drawn at a
   * handover, beside its event; indexes for every filter of the package
   * lists, each with received_at after the filtered column so a filtered
   * page is an index range read in order. */
  "ALTER TABLE package ADD COLUMN duplicate_of TEXT;"      /* cache */
  "ALTER TABLE package ADD COLUMN for_department_id TEXT;" /* cache */
  "UPDATE package SET for_department_id = coalesce (department_id, "
  "  (SELECT c.department_id FROM contact c WHERE c.id = package.recipient_id));"
  "UPDATE package SET duplicate_of = (SELECT o.id FROM package o "
  "  WHERE o.tracking_number = package.tracking_number AND o.deleted = 0 AND o.id <> package.id "
  "  AND (o.received_at < package.received_at OR (o.received_at = package.received_at "
  "  AND o.rowid < package.rowid)) ORDER BY o.received_at DESC LIMIT 1) "
  "  WHERE tracking_number IS NOT NULL AND deleted = 0;"

  "ALTER TABLE bag ADD COLUMN closed_at INTEGER;"
  "CREATE UNIQUE INDEX bag_label ON bag (label) WHERE deleted = 0;"

  /* NULL handover: no rule of its own, the next one applies. */
  "CREATE TABLE handover_rule ("
  "  subject_id TEXT PRIMARY KEY NOT NULL," /* a place or a contact */
  "  subject TEXT NOT NULL CHECK (subject IN ('place','contact')),"
  "  handover TEXT CHECK (handover IN ('none','signature','id_scan')),"
  "  updated_at INTEGER NOT NULL,"
  "  workstation_id TEXT"
  ");"

  "CREATE TABLE package_signature ("
  "  event_id TEXT PRIMARY KEY NOT NULL REFERENCES package_event (id),"
  "  png BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"

  /* Each ends in deleted, which the partial indexes' condition fixes at
   * 0: counting through them never reads the table. (Not first: every
   * query of live packages would then take it for a selective index.)
   * The two of v1 are rebuilt so. */
  "DROP INDEX package_status;"
  "CREATE INDEX package_status ON package (status, received_at, deleted) WHERE deleted = 0;"
  "DROP INDEX package_received;"
  "CREATE INDEX package_received ON package (received_at, deleted) WHERE deleted = 0;"
  "CREATE INDEX package_place_received ON package (place_id, received_at, deleted) "
  "  WHERE deleted = 0;"
  "CREATE INDEX package_carrier_received ON package (carrier COLLATE NOCASE, received_at, "
  "  deleted) WHERE deleted = 0;"
  "CREATE INDEX package_department_received ON package (for_department_id, received_at, "
  "  deleted) WHERE deleted = 0;"
  "CREATE INDEX package_recipient_received ON package (recipient_id, received_at, deleted) "
  "  WHERE deleted = 0;"
  "CREATE INDEX package_bag ON package (bag_id, received_at, deleted) WHERE bag_id IS NOT NULL;"
  /* The tombstones, so that the whole history is counted as every row
   * less these (see mr-package-list.c). */
  "CREATE INDEX package_tombstone ON package (deleted) WHERE deleted <> 0;"
  /* The packages still in the mailroom, a few percent of the history,
   * in the awaiting list's order (received_at, id) and with every column
   * it filters on: its pages and counts read only this index. (No IN
   * list: SQLite builds a table for one at every insert.) */
  "CREATE INDEX package_awaiting ON package (received_at, id, status, place_id, carrier, "
  "  recipient_id, for_department_id, bag_id, deleted) WHERE deleted = 0 AND "
  "  status <> 'picked_up' AND status <> 'returned' AND status <> 'removed';",

  /* v5: drop-off in a few index reads, however big the bank.
   * A door's size class (0 = XS … 4 = XL; a custom door by its height, as
   * mr_locker_door_size_class() says) and whether it is within reach of
   * someone who needs accommodations (bottom ≥ 38 cm, top ≤ 122 cm), as
   * columns computed from the door's own, so that the free doors of a
   * bank are kept in an index in the order drop-off chooses them: the
   * first one that fits is the first entry read, not the best of every
   * door sorted. (Generated columns are never written; nothing keeps
   * them in sync.)
   * A tag of each open delivery's pickup code: 8 bits of an HMAC of the
   * code keyed by the bank (mr_locker_code_tag()), so that making a code
   * unique in its bank checks the few open deliveries with the same tag,
   * not the hash of every one (a bank of a thousand open deliveries has
   * about four per tag). A tag narrows a code down to one of 390,625
   * (10^8 / 256), never to one: the salted hash is still the only thing
   * that says a code. The price, for someone holding a copy of the
   * database: after tagging every code of a bank once (10^8 HMACs),
   * guessing one delivery's code from its hash takes 390,625 tries, not
   * 10^8. Codes expire with their delivery, and the kiosk locks out
   * guesses. Deliveries made before have no tag (NULL): they are checked
   * one by one, as before. */
  "ALTER TABLE locker ADD COLUMN size_class INTEGER GENERATED ALWAYS AS (CASE size "
  "  WHEN 'XS' THEN 0 WHEN 'S' THEN 1 WHEN 'M' THEN 2 WHEN 'L' THEN 3 WHEN 'XL' THEN 4 "
  "  ELSE (CASE WHEN height_cm >= 60 THEN 4 WHEN height_cm >= 40 THEN 3 "
  "  WHEN height_cm >= 25 THEN 2 WHEN height_cm >= 15 THEN 1 ELSE 0 END) END) VIRTUAL;"
  "ALTER TABLE locker ADD COLUMN within_reach INTEGER GENERATED ALWAYS AS "
  "  (bottom_cm >= 38 AND bottom_cm + height_cm <= 122) VIRTUAL;"
  "CREATE INDEX locker_free ON locker (bank_id, size_class, height_cm, within_reach, col, row) "
  "  WHERE deleted = 0 AND out_of_service = 0 AND status = 'available' AND "
  "  dedicated_contact_id IS NULL AND dedicated_department_id IS NULL;"
  "ALTER TABLE locker_delivery ADD COLUMN code_tag INTEGER;"
  "CREATE INDEX locker_delivery_code_tag ON locker_delivery (code_tag) "
  "  WHERE picked_up_at IS NULL AND deleted = 0 AND code_hash IS NOT NULL;"
  /* A recipient's packages are found through package_recipient_received
   * (recipient, received_at), which the lists need anyway: this one was
   * a page more to write at every package received and every change of
   * status, for no query of its own. */
  "DROP INDEX package_recipient;",

  /* v6: the scan intake log (mr-scan-intake.c). A scan is acknowledged
   * once its row here is committed: a rowid table with no other index,
   * so that commit writes a page or two, where package.receive writes the
   * package, its indexes, its event and the journal (some twenty pages,
   * each fsynced). The row is turned into a package right after, and
   * deleted in the same transaction; a row left by a killed process is
   * turned into its package at the next open. args is the a{sv} given to
   * package.receive, as g_variant_print() writes it; user_id is who
   * scanned, the package's received_by. */
  "CREATE TABLE scan_intake (seq INTEGER PRIMARY KEY, package_id TEXT NOT NULL, "
  "  args TEXT NOT NULL, user_id TEXT);",

  /* v7: the contact search index moves to a file of its own, the search
   * database (mr-contact-index.c), built there from the contacts when the
   * database is next opened. */
  "DROP TABLE IF EXISTS contact_fts;",
};

guint
mr_schema_get_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
mr_schema_get_migration (guint from_version)
{
  g_return_val_if_fail (from_version < G_N_ELEMENTS (migrations), NULL);
  return migrations[from_version];
}
