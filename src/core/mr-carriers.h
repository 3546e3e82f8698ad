/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Recognising a carrier from a tracking number, with the public
 * tracking_number_data rules (data/carriers/couriers/\*.json) loaded at
 * run time. */

#define MR_CARRIERS_ERROR (mr_carriers_error_quark ())

typedef enum
{
  MR_CARRIERS_ERROR_INVALID, /* a rules file is not what we expect */
} MrCarriersError;

GQuark mr_carriers_error_quark (void);

/* One carrier a number may belong to. Strings are never NULL except
 * service_type and tracking_url. */
typedef struct
{
  char *courier_code;    /* "ups" */
  char *courier_name;    /* "UPS" */
  char *type_id;         /* "ups", or derived from the name when the data has none */
  char *type_name;       /* "UPS Waybill" */
  char *number;          /* normalised: no spaces, upper case */
  gboolean has_checksum; /* the type defines a check digit */
  gboolean checksum_verified;
  char *service_type; /* from the type's "Service Type" lookup, or NULL */
  char *tracking_url; /* with the number in it, or NULL */
} MrCarrierMatch;

#define MR_TYPE_CARRIER_MATCH (mr_carrier_match_get_type ())
GType mr_carrier_match_get_type (void) G_GNUC_CONST;
MrCarrierMatch *mr_carrier_match_copy (const MrCarrierMatch *match);
void mr_carrier_match_free (MrCarrierMatch *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrCarrierMatch, mr_carrier_match_free)

typedef struct _MrCarrierRules MrCarrierRules;

MrCarrierRules *mr_carrier_rules_load (const char *dir, GError **error);
MrCarrierRules *mr_carrier_rules_ref (MrCarrierRules *rules);
void mr_carrier_rules_unref (MrCarrierRules *rules);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrCarrierRules, mr_carrier_rules_unref)

MrCarrierRules *mr_carrier_rules_get_default (void);
const char *mr_carrier_rules_get_default_dir (void);
guint mr_carrier_rules_get_n_types (MrCarrierRules *rules);
/* The name of the courier whose code or name is @code_or_name (case
 * ignored), as recognition stores it ("ups" → "UPS"), or NULL. */
const char *mr_carrier_rules_get_courier_name (MrCarrierRules *rules, const char *code_or_name);

char *mr_carrier_normalize (const char *number);
GPtrArray *mr_carrier_rules_identify (MrCarrierRules *rules, const char *number);

G_END_DECLS
