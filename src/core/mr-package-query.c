/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-packages"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-label-layouts.h"
#include "mr-package-private.h"

/* Reading packages: statuses and the state machine, the MrPackage
 * snapshot, the chain of custody, handover rules and bags. */

/* Statuses */

static const char *const status_names[MR_PACKAGE_N_STATUSES] = {
  "received", "at_place", "in_locker", "notified", "picked_up", "returned", "expired", "removed",
};

const char *
mr_package_status_to_string (MrPackageStatus status)
{
  g_return_val_if_fail (status < MR_PACKAGE_N_STATUSES, NULL);
  return status_names[status];
}

gboolean
mr_package_status_from_string (const char *text, MrPackageStatus *status)
{
  for (guint i = 0; text && i < MR_PACKAGE_N_STATUSES; i++)
    if (strcmp (status_names[i], text) == 0)
      {
        if (status)
          *status = (MrPackageStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mr_package_status_get_label (MrPackageStatus status)
{
  switch (status)
    {
    case MR_PACKAGE_RECEIVED:
      return C_ ("package status", "Received");
    case MR_PACKAGE_AT_PLACE:
      return C_ ("package status", "At a place");
    case MR_PACKAGE_IN_LOCKER:
      return C_ ("package status", "In a locker");
    case MR_PACKAGE_NOTIFIED:
      return C_ ("package status", "Recipient notified");
    case MR_PACKAGE_PICKED_UP:
      return C_ ("package status", "Picked up");
    case MR_PACKAGE_RETURNED:
      return C_ ("package status", "Returned to sender");
    case MR_PACKAGE_EXPIRED:
      return C_ ("package status", "Expired");
    case MR_PACKAGE_REMOVED:
      return C_ ("package status", "Removed");
    case MR_PACKAGE_N_STATUSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
mr_package_status_is_final (MrPackageStatus status)
{
  return status == MR_PACKAGE_PICKED_UP || status == MR_PACKAGE_RETURNED ||
         status == MR_PACKAGE_REMOVED;
}

/* The state machine. Each kind of event lists the statuses it may follow;
 * what it leads to is in mr-packages.c. */

#define S(x) (1u << MR_PACKAGE_##x)
#define IN_MAILROOM (S (RECEIVED) | S (AT_PLACE) | S (IN_LOCKER) | S (NOTIFIED) | S (EXPIRED))

typedef struct
{
  const char *kind;
  guint from;
} Transition;

static const Transition transitions[] = {
  /* Only package.receive makes a package. */
  { "received", 0 },
  { "moved", IN_MAILROOM },
  /* Not from a locker into another: it comes out (moved) first. */
  { "in_locker", S (RECEIVED) | S (AT_PLACE) | S (NOTIFIED) | S (EXPIRED) },
  { "notified", S (RECEIVED) | S (AT_PLACE) | S (IN_LOCKER) },
  { "reminded", S (NOTIFIED) },
  { "picked_up", IN_MAILROOM },
  { "returned", IN_MAILROOM },
  { "expired", S (RECEIVED) | S (AT_PLACE) | S (IN_LOCKER) | S (NOTIFIED) },
  { "removed", IN_MAILROOM },
};

#undef S
#undef IN_MAILROOM

const char *const *
mr_package_event_kinds (void)
{
  static const char *const kinds[] = { "received",  "moved",    "in_locker", "notified", "reminded",
                                       "picked_up", "returned", "expired",   "removed",  NULL };

  return kinds;
}

const char *
mr_package_event_kind_get_label (const char *kind)
{
  static const struct
  {
    const char *kind;
    const char *label;
  } labels[] = {
    { "received", NC_ ("package event", "Received") },
    { "moved", NC_ ("package event", "Moved") },
    { "in_locker", NC_ ("package event", "Put in a locker") },
    { "notified", NC_ ("package event", "Recipient notified") },
    { "reminded", NC_ ("package event", "Reminder sent") },
    { "picked_up", NC_ ("package event", "Picked up") },
    { "returned", NC_ ("package event", "Returned to sender") },
    { "expired", NC_ ("package event", "Expired") },
    { "removed", NC_ ("package event", "Removed") },
  };

  for (guint i = 0; kind && i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].kind, kind) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "package event", labels[i].label);
  return NULL;
}

gboolean
mr_package_check_event (MrPackageStatus status,
                        gboolean in_locker,
                        const char *kind,
                        GError **error)
{
  const Transition *t = NULL;

  for (guint i = 0; kind && i < G_N_ELEMENTS (transitions); i++)
    if (strcmp (transitions[i].kind, kind) == 0)
      t = &transitions[i];
  if (t == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("“%s” is not a kind of package event."), kind ? kind : "");
  if (mr_package_status_is_final (status))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("This package has already left the mailroom (picked up, returned or "
                             "removed); its history is closed."));
  if (strcmp (kind, "received") == 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("A package is received once, when it is scanned in: it cannot be "
                             "received again. Receive a new package instead."));
  if (strcmp (kind, "in_locker") == 0 && (in_locker || status == MR_PACKAGE_IN_LOCKER))
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("This package is already in a locker. Take it out (move it to a "
                             "place) first."));
  if ((t->from & (1u << status)) != 0)
    return TRUE;
  if (strcmp (kind, "reminded") == 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("A reminder follows a notification: notify the recipient first."));
  if (strcmp (kind, "notified") == 0 && status == MR_PACKAGE_NOTIFIED)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("The recipient was already notified: send a reminder instead."));
  if (strcmp (kind, "notified") == 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("This package has expired: move it, return it to the sender or hand "
                             "it over instead of notifying the recipient again."));
  if (strcmp (kind, "expired") == 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                          _ ("This package has already expired."));
  /* Every refusal is named above; this is a table that went out of step. */
  g_return_val_if_reached (mr_store_fail (error, MR_STORE_ERROR_INVALID, "kind",
                                          _ ("This event cannot follow the package's status.")));
}

/* Handover */

static const char *const handovers[] = { "none", "signature", "id_scan", NULL };

gboolean
mr_package_handover_is_valid (const char *handover)
{
  return handover != NULL && g_strv_contains (handovers, handover);
}

const char *
mr_package_handover_get_label (const char *handover)
{
  if (g_strcmp0 (handover, "signature") == 0)
    return C_ ("handover proof", "Signature");
  if (g_strcmp0 (handover, "id_scan") == 0)
    return C_ ("handover proof", "ID scan");
  return C_ ("handover proof", "None");
}

char *
mr_package_format_age (gint64 since_ms, gint64 now_ms)
{
  gint64 minutes = MAX (now_ms - since_ms, 0) / 60000;

  if (minutes < 60)
    /* Translators: how long a package has waited, in minutes */
    return g_strdup_printf (_ ("%d min"), (int) minutes);
  if (minutes < 24 * 60)
    /* Translators: how long a package has waited, in hours */
    return g_strdup_printf (_ ("%d h"), (int) (minutes / 60));
  /* Translators: how long a package has waited, in days and hours */
  return g_strdup_printf (_ ("%d d %d h"), (int) (minutes / (24 * 60)), (int) (minutes / 60 % 24));
}

/* MrPackage: strings in one array indexed like its string properties. */

enum
{
  PKG_ID,
  PKG_TRACKING_NUMBER,
  PKG_INTERNAL_ID,
  PKG_CARRIER,
  PKG_SERVICE,
  PKG_RECIPIENT_ID,
  PKG_RECIPIENT_NAME,
  PKG_DEPARTMENT_ID,
  PKG_DEPARTMENT_NAME,
  PKG_PLACE_ID,
  PKG_PLACE_NAME,
  PKG_LOCKER_ID,
  PKG_LOCKER_NAME,
  PKG_BAG_ID,
  PKG_BAG_LABEL,
  PKG_SIZE,
  PKG_HANDOVER,
  PKG_STATUS_NAME,
  PKG_RECEIVED_BY,
  PKG_RECEIVED_BY_NAME,
  PKG_WORKSTATION_ID,
  PKG_NOTES,
  PKG_DUPLICATE_OF,
  PKG_DUPLICATE_INTERNAL_ID,
  PKG_N_STR
};

static const char *pkg_str_names[PKG_N_STR] = {
  "id",
  "tracking-number",
  "internal-id",
  "carrier",
  "service",
  "recipient-id",
  "recipient-name",
  "department-id",
  "department-name",
  "place-id",
  "place-name",
  "locker-id",
  "locker-name",
  "bag-id",
  "bag-label",
  "size",
  "handover",
  "status-name",
  "received-by",
  "received-by-name",
  "workstation-id",
  "notes",
  "duplicate-of",
  "duplicate-internal-id",
};

struct _MrPackage
{
  GObject parent_instance;
  char *str[PKG_N_STR];
  MrPackageStatus status;
  guint pieces;
  gint64 received_at;
  gint64 duplicate_received_at;
  gboolean for_department;
};

G_DEFINE_FINAL_TYPE (MrPackage, mr_package, G_TYPE_OBJECT)

enum
{
  PKG_PROP_0,
  /* 1 .. PKG_N_STR are the strings */
  PKG_PROP_STATUS = PKG_N_STR + 1,
  PKG_PROP_STATUS_LABEL,
  PKG_PROP_PIECES,
  PKG_PROP_RECEIVED_AT,
  PKG_PROP_NEEDS_LABEL,
  PKG_PROP_FOR_DEPARTMENT,
  PKG_N_PROPS
};

static GParamSpec *pkg_props[PKG_N_PROPS];

static void
mr_package_finalize (GObject *object)
{
  MrPackage *self = (MrPackage *) object;

  for (guint i = 0; i < PKG_N_STR; i++)
    g_free (self->str[i]);
  G_OBJECT_CLASS (mr_package_parent_class)->finalize (object);
}

static void
mr_package_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrPackage *self = MR_PACKAGE (object);

  if (prop_id >= 1 && prop_id <= PKG_N_STR)
    g_value_set_string (value, self->str[prop_id - 1] ? self->str[prop_id - 1] : "");
  else
    switch (prop_id)
      {
      case PKG_PROP_STATUS:
        g_value_set_uint (value, self->status);
        break;
      case PKG_PROP_STATUS_LABEL:
        g_value_set_string (value, mr_package_status_get_label (self->status));
        break;
      case PKG_PROP_PIECES:
        g_value_set_uint (value, self->pieces);
        break;
      case PKG_PROP_RECEIVED_AT:
        g_value_set_int64 (value, self->received_at);
        break;
      case PKG_PROP_NEEDS_LABEL:
        g_value_set_boolean (value, mr_package_needs_label (self));
        break;
      case PKG_PROP_FOR_DEPARTMENT:
        g_value_set_boolean (value, self->for_department);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      }
}

static void
mr_package_class_init (MrPackageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mr_package_finalize;
  object_class->get_property = mr_package_get_property;

  for (guint i = 0; i < PKG_N_STR; i++)
    pkg_props[i + 1] = g_param_spec_string (pkg_str_names[i], NULL, NULL, NULL,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  pkg_props[PKG_PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL, 0, MR_PACKAGE_N_STATUSES - 1, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  pkg_props[PKG_PROP_STATUS_LABEL] = g_param_spec_string (
    "status-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  pkg_props[PKG_PROP_PIECES] = g_param_spec_uint ("pieces", NULL, NULL, 0, G_MAXUINT, 1,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  pkg_props[PKG_PROP_RECEIVED_AT] = g_param_spec_int64 ("received-at", NULL, NULL, 0, G_MAXINT64, 0,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  pkg_props[PKG_PROP_NEEDS_LABEL] = g_param_spec_boolean (
    "needs-label", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  pkg_props[PKG_PROP_FOR_DEPARTMENT] = g_param_spec_boolean (
    "for-department", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PKG_N_PROPS, pkg_props);
}

static void
mr_package_init (MrPackage *self)
{
}

static char *
col_dup (sqlite3_stmt *stmt, int i)
{
  const char *s = (const char *) sqlite3_column_text (stmt, i);

  return (s && *s) ? g_strdup (s) : NULL;
}

char *
mr_package_format_locker (const char *bank, const char *number)
{
  if (number == NULL || *number == '\0')
    return NULL;
  if (bank == NULL || *bank == '\0')
    return g_strdup (number);
  /* Translators: a locker: "bank name · locker number" */
  return g_strdup_printf (_ ("%s · %s"), bank, number);
}

static char *
person_name (const char *first, const char *last)
{
  g_autofree char *name = NULL;

  if (first == NULL && last == NULL)
    return NULL;
  name = g_strdup_printf ("%s %s", first ? first : "", last ? last : "");
  g_strstrip (name);
  return *name ? g_steal_pointer (&name) : NULL;
}

MrPackage *
mr_package_new_from_stmt (sqlite3_stmt *stmt)
{
  MrPackage *self = g_object_new (MR_TYPE_PACKAGE, NULL);
  g_autofree char *first = col_dup (stmt, 6);
  g_autofree char *last = col_dup (stmt, 7);
  g_autofree char *bank = col_dup (stmt, 13);
  g_autofree char *number = col_dup (stmt, 14);
  g_autofree char *status = col_dup (stmt, 20);

  self->str[PKG_ID] = col_dup (stmt, 0);
  self->str[PKG_TRACKING_NUMBER] = col_dup (stmt, 1);
  self->str[PKG_INTERNAL_ID] = col_dup (stmt, 2);
  self->str[PKG_CARRIER] = col_dup (stmt, 3);
  self->str[PKG_SERVICE] = col_dup (stmt, 4);
  self->str[PKG_RECIPIENT_ID] = col_dup (stmt, 5);
  self->str[PKG_RECIPIENT_NAME] = person_name (first, last);
  self->str[PKG_DEPARTMENT_ID] = col_dup (stmt, 8);
  self->str[PKG_DEPARTMENT_NAME] = col_dup (stmt, 9);
  self->str[PKG_PLACE_ID] = col_dup (stmt, 10);
  self->str[PKG_PLACE_NAME] = col_dup (stmt, 11);
  self->str[PKG_LOCKER_ID] = col_dup (stmt, 12);
  self->str[PKG_LOCKER_NAME] = mr_package_format_locker (bank, number);
  self->str[PKG_BAG_ID] = col_dup (stmt, 15);
  self->str[PKG_BAG_LABEL] = col_dup (stmt, 16);
  self->str[PKG_SIZE] = col_dup (stmt, 17);
  self->pieces = (guint) sqlite3_column_int (stmt, 18);
  self->str[PKG_HANDOVER] = col_dup (stmt, 19);
  if (!mr_package_status_from_string (status, &self->status))
    self->status = MR_PACKAGE_RECEIVED;
  self->str[PKG_STATUS_NAME] = g_strdup (mr_package_status_to_string (self->status));
  self->received_at = sqlite3_column_int64 (stmt, 21);
  self->str[PKG_RECEIVED_BY] = col_dup (stmt, 22);
  self->str[PKG_RECEIVED_BY_NAME] = col_dup (stmt, 23);
  self->str[PKG_WORKSTATION_ID] = col_dup (stmt, 24);
  self->str[PKG_NOTES] = col_dup (stmt, 25);
  self->str[PKG_DUPLICATE_OF] = col_dup (stmt, 26);
  self->str[PKG_DUPLICATE_INTERNAL_ID] = col_dup (stmt, 27);
  self->duplicate_received_at = sqlite3_column_int64 (stmt, 28);
  self->for_department = sqlite3_column_int (stmt, 29);
  if (self->str[PKG_HANDOVER] == NULL)
    self->str[PKG_HANDOVER] = g_strdup ("none");
  return self;
}

#define PACKAGE_GETTER(name, idx)                      \
  const char *mr_package_get_##name (MrPackage *self)  \
  {                                                    \
    g_return_val_if_fail (MR_IS_PACKAGE (self), NULL); \
    return self->str[idx];                             \
  }

PACKAGE_GETTER (id, PKG_ID)
PACKAGE_GETTER (tracking_number, PKG_TRACKING_NUMBER)
PACKAGE_GETTER (internal_id, PKG_INTERNAL_ID)
PACKAGE_GETTER (carrier, PKG_CARRIER)
PACKAGE_GETTER (service, PKG_SERVICE)
PACKAGE_GETTER (recipient_id, PKG_RECIPIENT_ID)
PACKAGE_GETTER (recipient_name, PKG_RECIPIENT_NAME)
PACKAGE_GETTER (department_id, PKG_DEPARTMENT_ID)
PACKAGE_GETTER (department_name, PKG_DEPARTMENT_NAME)
PACKAGE_GETTER (place_id, PKG_PLACE_ID)
PACKAGE_GETTER (place_name, PKG_PLACE_NAME)
PACKAGE_GETTER (locker_id, PKG_LOCKER_ID)
PACKAGE_GETTER (locker_name, PKG_LOCKER_NAME)
PACKAGE_GETTER (bag_id, PKG_BAG_ID)
PACKAGE_GETTER (bag_label, PKG_BAG_LABEL)
PACKAGE_GETTER (size, PKG_SIZE)
PACKAGE_GETTER (handover, PKG_HANDOVER)
PACKAGE_GETTER (received_by, PKG_RECEIVED_BY)
PACKAGE_GETTER (received_by_name, PKG_RECEIVED_BY_NAME)
PACKAGE_GETTER (workstation_id, PKG_WORKSTATION_ID)
PACKAGE_GETTER (notes, PKG_NOTES)
PACKAGE_GETTER (duplicate_of, PKG_DUPLICATE_OF)
PACKAGE_GETTER (duplicate_internal_id, PKG_DUPLICATE_INTERNAL_ID)

gboolean
mr_package_get_for_department (MrPackage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE (self), FALSE);
  return self->for_department;
}

guint
mr_package_get_pieces (MrPackage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE (self), 0);
  return self->pieces;
}

MrPackageStatus
mr_package_get_status (MrPackage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE (self), MR_PACKAGE_RECEIVED);
  return self->status;
}

gint64
mr_package_get_received_at (MrPackage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE (self), 0);
  return self->received_at;
}

gint64
mr_package_get_duplicate_received_at (MrPackage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE (self), 0);
  return self->duplicate_received_at;
}

gboolean
mr_package_needs_label (MrPackage *self)
{
  g_return_val_if_fail (MR_IS_PACKAGE (self), FALSE);
  return self->str[PKG_TRACKING_NUMBER] == NULL;
}

/* Looking packages up */

MrPackage *
mr_store_get_package (MrStore *store, const char *id)
{
  sqlite3_stmt *stmt;
  MrPackage *pkg = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (id == NULL)
    return NULL;
  stmt = mr_store_prepare (store,
                           "SELECT " MR_PACKAGE_COLUMNS "FROM package p " MR_PACKAGE_JOINS
                           "WHERE p.id = ? AND p.deleted = 0",
                           NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pkg = mr_package_new_from_stmt (stmt);
  sqlite3_reset (stmt);
  return pkg;
}

char *
mr_store_find_package (MrStore *store, const char *key)
{
  g_autofree char *compact = NULL;
  char *id;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (key == NULL || *key == '\0')
    return NULL;
  id = mr_store_query_text (store, "SELECT id FROM package WHERE id = ? AND deleted = 0", key);
  if (id != NULL)
    return id;
  {
    GString *s = g_string_new (NULL);

    for (const char *p = key; *p; p++)
      if (!g_ascii_isspace (*p))
        g_string_append_c (s, g_ascii_toupper (*p));
    compact = g_string_free (s, FALSE);
  }
  id = mr_store_query_text (store, "SELECT id FROM package WHERE internal_id = ? AND deleted = 0",
                            compact);
  if (id != NULL)
    return id;
  return mr_store_query_text (store,
                              "SELECT id FROM package WHERE tracking_number = ? AND deleted = 0 "
                              "ORDER BY received_at DESC, rowid DESC LIMIT 1",
                              compact);
}

GHashTable *
mr_store_get_package_label_record (MrStore *store, const char *id, GError **error)
{
  const char *keys[] = { id, NULL };
  g_autoptr (GPtrArray) records = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  records = mr_store_get_label_records (store, "package", keys, error);
  if (records == NULL || records->len == 0)
    return NULL;
  return g_hash_table_ref (g_ptr_array_index (records, 0));
}

/* The chain of custody */

void
mr_package_event_free (MrPackageEvent *e)
{
  if (e == NULL)
    return;
  g_free (e->id);
  g_free (e->kind);
  g_free (e->user_id);
  g_free (e->user_name);
  g_free (e->workstation_id);
  g_free (e->place_id);
  g_free (e->place_name);
  g_free (e->locker_id);
  g_free (e->locker_name);
  g_free (e->previous_status);
  g_free (e->status);
  g_free (e->handed_to_id);
  g_free (e->handed_to_name);
  g_free (e->id_scan);
  g_free (e->bag_id);
  g_free (e);
}

/* What each kind of event leaves the package in (a reminder is a second
 * notification). */
static const char *
status_after (const char *kind)
{
  if (g_strcmp0 (kind, "moved") == 0)
    return "at_place";
  if (g_strcmp0 (kind, "reminded") == 0)
    return "notified";
  return kind;
}

static void
read_event_data (MrPackageEvent *e, const char *data)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *o;

  if (data == NULL || *data == '\0')
    return;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  o = json_node_get_object (root);
  e->id_scan = g_strdup (json_object_get_string_member_with_default (o, "id_scan", NULL));
  e->bag_id = g_strdup (json_object_get_string_member_with_default (o, "bag_id", NULL));
}

GPtrArray *
mr_store_list_package_events (MrStore *store, const char *package_id)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_package_event_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), out);
  stmt = mr_store_prepare (
    store,
    "SELECT e.id, e.kind, e.at, e.user_id, u.display_name, e.workstation_id, e.place_id, "
    "pl.name, e.locker_id, lb.name, l.number, e.previous_status, e.handed_to_id, "
    "c.first_name, c.last_name, e.data, EXISTS (SELECT 1 FROM package_signature s "
    "WHERE s.event_id = e.id) FROM package_event e "
    "LEFT JOIN user u ON u.id = e.user_id LEFT JOIN place pl ON pl.id = e.place_id "
    "LEFT JOIN locker l ON l.id = e.locker_id LEFT JOIN locker_bank lb ON lb.id = l.bank_id "
    "LEFT JOIN contact c ON c.id = e.handed_to_id "
    "WHERE e.package_id = ? ORDER BY e.hlc, e.rowid",
    NULL);
  if (stmt == NULL || package_id == NULL)
    return out;
  sqlite3_bind_text (stmt, 1, package_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MrPackageEvent *e = g_new0 (MrPackageEvent, 1);
      g_autofree char *bank = col_dup (stmt, 9);
      g_autofree char *number = col_dup (stmt, 10);
      g_autofree char *first = col_dup (stmt, 13);
      g_autofree char *last = col_dup (stmt, 14);

      e->id = col_dup (stmt, 0);
      e->kind = col_dup (stmt, 1);
      e->at = sqlite3_column_int64 (stmt, 2);
      e->user_id = col_dup (stmt, 3);
      e->user_name = col_dup (stmt, 4);
      e->workstation_id = col_dup (stmt, 5);
      e->place_id = col_dup (stmt, 6);
      e->place_name = col_dup (stmt, 7);
      e->locker_id = col_dup (stmt, 8);
      e->locker_name = mr_package_format_locker (bank, number);
      e->previous_status = col_dup (stmt, 11);
      e->status = g_strdup (status_after (e->kind));
      e->handed_to_id = col_dup (stmt, 12);
      e->handed_to_name = person_name (first, last);
      read_event_data (e, (const char *) sqlite3_column_text (stmt, 15));
      e->has_signature = sqlite3_column_int (stmt, 16);
      g_ptr_array_add (out, e);
    }
  sqlite3_reset (stmt);
  return out;
}

GBytes *
mr_store_get_package_signature (MrStore *store, const char *event_id)
{
  sqlite3_stmt *stmt;
  GBytes *png = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  stmt = mr_store_prepare (store, "SELECT png FROM package_signature WHERE event_id = ?", NULL);
  if (stmt == NULL || event_id == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, event_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    png = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return png;
}

/* Handover */

char *
mr_store_get_handover_rule (MrStore *store, const char *subject_id)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  if (subject_id == NULL)
    return NULL;
  return mr_store_query_text (store,
                              "SELECT handover FROM handover_rule WHERE subject_id = ? AND "
                              "handover IS NOT NULL",
                              subject_id);
}

/* The rule of @place_id or of its nearest parent with one. Trees are a
 * few levels deep; the bound guards against a cycle. */
static char *
place_rule (MrStore *store, const char *place_id)
{
  g_autofree char *current = g_strdup (place_id);

  for (guint depth = 0; current != NULL && depth < 32; depth++)
    {
      char *rule = mr_store_get_handover_rule (store, current);
      char *parent;

      if (rule != NULL)
        return rule;
      parent = mr_store_query_text (store, "SELECT parent_id FROM place WHERE id = ?", current);
      g_free (current);
      current = parent;
    }
  return NULL;
}

char *
mr_store_resolve_handover (MrStore *store, const char *recipient_id, const char *place_id)
{
  char *rule;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  /* Fast path: most mailrooms set no rule at all. */
  if (mr_store_query_int (
        store, "SELECT EXISTS (SELECT 1 FROM handover_rule WHERE handover IS NOT NULL)", NULL) == 0)
    return g_strdup ("none");
  if ((rule = mr_store_get_handover_rule (store, recipient_id)) != NULL)
    return rule;
  if ((rule = place_rule (store, place_id)) != NULL)
    return rule;
  if (recipient_id != NULL)
    {
      g_autofree char *home =
        mr_store_query_text (store, "SELECT place_id FROM contact WHERE id = ?", recipient_id);

      if ((rule = place_rule (store, home)) != NULL)
        return rule;
    }
  return g_strdup ("none");
}

GPtrArray *
mr_store_list_package_takers (MrStore *store, const char *package_id)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), out);
  stmt = mr_store_prepare (store,
                           "SELECT p.recipient_id, rd.key_contact_id, pd.key_contact_id "
                           "FROM package p LEFT JOIN contact c ON c.id = p.recipient_id "
                           "LEFT JOIN department rd ON rd.id = c.department_id AND rd.deleted = 0 "
                           "LEFT JOIN department pd ON pd.id = p.department_id AND pd.deleted = 0 "
                           "WHERE p.id = ? AND p.deleted = 0",
                           NULL);
  if (stmt == NULL || package_id == NULL)
    return out;
  sqlite3_bind_text (stmt, 1, package_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < 3; i++)
      {
        const char *id = (const char *) sqlite3_column_text (stmt, i);
        gboolean seen = FALSE;

        for (guint k = 0; id && k < out->len; k++)
          seen |= strcmp (g_ptr_array_index (out, k), id) == 0;
        if (id != NULL && *id != '\0' && !seen)
          g_ptr_array_add (out, g_strdup (id));
      }
  sqlite3_reset (stmt);
  return out;
}

gboolean
mr_store_check_package_taker (MrStore *store,
                              const char *package_id,
                              const char *contact_id,
                              GError **error)
{
  g_autoptr (GPtrArray) takers = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);
  if (contact_id == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "handed_to_id",
                          _ ("Choose who takes the package."));
  takers = mr_store_list_package_takers (store, package_id);
  for (guint i = 0; i < takers->len; i++)
    if (strcmp (g_ptr_array_index (takers, i), contact_id) == 0)
      return TRUE;
  if (takers->len == 0)
    return mr_store_fail (error, MR_STORE_ERROR_REQUIRED, "recipient_id",
                          _ ("This package has no recipient yet: choose its recipient before "
                             "handing it over."));
  first = mr_store_query_text (store, "SELECT first_name FROM contact WHERE id = ?", contact_id);
  last = mr_store_query_text (store, "SELECT last_name FROM contact WHERE id = ?", contact_id);
  name = person_name (first, last);
  if (name == NULL)
    return mr_store_fail (error, MR_STORE_ERROR_NOT_FOUND, "handed_to_id",
                          _ ("The chosen contact does not exist."));
  return mr_store_fail (error, MR_STORE_ERROR_INVALID, "handed_to_id",
                        _ ("%s is neither the recipient of this package nor the key contact of "
                           "their department: the package cannot be handed to them."),
                        name);
}

/* Bags */

void
mr_bag_free (MrBag *bag)
{
  if (bag == NULL)
    return;
  g_free (bag->id);
  g_free (bag->label);
  g_free (bag->place_id);
  g_free (bag->place_name);
  g_free (bag);
}

#define BAG_SELECT                                                                       \
  "SELECT b.id, b.label, b.place_id, pl.name, b.created_at, coalesce (b.closed_at, 0), " \
  "(SELECT count(*) FROM package p WHERE p.bag_id = b.id AND p.deleted = 0) FROM bag b " \
  "LEFT JOIN place pl ON pl.id = b.place_id "

static MrBag *
bag_from_stmt (sqlite3_stmt *stmt)
{
  MrBag *bag = g_new0 (MrBag, 1);

  bag->id = col_dup (stmt, 0);
  bag->label = col_dup (stmt, 1);
  bag->place_id = col_dup (stmt, 2);
  bag->place_name = col_dup (stmt, 3);
  bag->created_at = sqlite3_column_int64 (stmt, 4);
  bag->closed_at = sqlite3_column_int64 (stmt, 5);
  bag->n_packages = (guint) sqlite3_column_int (stmt, 6);
  return bag;
}

MrBag *
mr_store_get_bag (MrStore *store, const char *id_or_label)
{
  sqlite3_stmt *stmt;
  MrBag *bag = NULL;

  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  stmt = mr_store_prepare (store,
                           BAG_SELECT "WHERE b.deleted = 0 AND (b.id = ?1 OR b.label = ?1 "
                                      "COLLATE NOCASE) ORDER BY b.id = ?1 DESC LIMIT 1",
                           NULL);
  if (stmt == NULL || id_or_label == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id_or_label, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    bag = bag_from_stmt (stmt);
  sqlite3_reset (stmt);
  return bag;
}

GPtrArray *
mr_store_list_bags (MrStore *store, gboolean open_only)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_bag_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MR_IS_STORE (store), out);
  stmt = mr_store_prepare (store,
                           BAG_SELECT "WHERE b.deleted = 0 AND (?1 = 0 OR b.closed_at IS NULL) "
                                      "ORDER BY b.created_at DESC, b.rowid DESC",
                           NULL);
  if (stmt == NULL)
    return out;
  sqlite3_bind_int (stmt, 1, open_only);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, bag_from_stmt (stmt));
  sqlite3_reset (stmt);
  return out;
}
