/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-carriers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mr-carriers.h"

/* Which carrier issued a tracking number. The rules are data (the public
 * tracking_number_data set): a regular expression per number type, an
 * optional check digit and lookups of what some groups mean. Everything
 * is parsed and compiled once at load; identify() only matches, so it can
 * run on every scan. Formats overlap, so identify() returns every
 * candidate and ranks them rather than guessing one. */

/* Longer input is no tracking number; the cap also bounds regex work. */
#define MAX_NUMBER_LEN 128

GQuark
mr_carriers_error_quark (void)
{
  return g_quark_from_static_string ("mr-carriers-error-quark");
}

typedef enum
{
  CHECK_NONE,
  CHECK_UNKNOWN, /* named in the data but not implemented: never verifies */
  CHECK_MOD10,
  CHECK_MOD7,
  CHECK_LUHN,
  CHECK_S10,
  CHECK_WEIGHTED,
  CHECK_MOD_37_36,
} CheckKind;

typedef struct
{
  GRegex *regex;
  char *name;
} LookupPattern;

typedef struct
{
  char *name;          /* "Service Type", "Courier" */
  char *group;         /* the regex group whose value is looked up */
  GHashTable *exact;   /* "matches" value → entry name */
  GPtrArray *patterns; /* of LookupPattern, for "matches_regex" */
} Lookup;

typedef struct
{
  char *code;
  char *name;
} Courier;

typedef struct
{
  const Courier *courier;
  char *id;
  char *name;
  GRegex *regex;
  char *url;
  CheckKind check;
  gint64 odds_multiplier;
  gint64 evens_multiplier;
  gboolean reverse;
  GArray *weights; /* of gint64 */
  gint64 modulo;
  gint64 modulo1;
  gint64 modulo2;
  char *alphabet;
  GRegex *prepend_regex;
  char *prepend_content;
  GPtrArray *lookups; /* of Lookup */
  GStrv required;     /* lookups that must match (validation.additional.exists) */
  int service_lookup; /* index in lookups of the ServiceType lookup, or -1 */
  guint64 first[4];   /* bytes a matching number may start with, a bit each */
} CarrierType;

struct _MrCarrierRules
{
  gatomicrefcount ref;
  GPtrArray *couriers; /* of Courier */
  GPtrArray *types;    /* of CarrierType, in file order */
};

/* MrCarrierMatch */

MrCarrierMatch *
mr_carrier_match_copy (const MrCarrierMatch *match)
{
  MrCarrierMatch *copy = g_new0 (MrCarrierMatch, 1);

  copy->courier_code = g_strdup (match->courier_code);
  copy->courier_name = g_strdup (match->courier_name);
  copy->type_id = g_strdup (match->type_id);
  copy->type_name = g_strdup (match->type_name);
  copy->number = g_strdup (match->number);
  copy->has_checksum = match->has_checksum;
  copy->checksum_verified = match->checksum_verified;
  copy->service_type = g_strdup (match->service_type);
  copy->tracking_url = g_strdup (match->tracking_url);
  return copy;
}

void
mr_carrier_match_free (MrCarrierMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->courier_code);
  g_free (match->courier_name);
  g_free (match->type_id);
  g_free (match->type_name);
  g_free (match->number);
  g_free (match->service_type);
  g_free (match->tracking_url);
  g_free (match);
}

G_DEFINE_BOXED_TYPE (MrCarrierMatch, mr_carrier_match, mr_carrier_match_copy, mr_carrier_match_free)

/* Freeing */

static void
lookup_pattern_free (LookupPattern *p)
{
  g_clear_pointer (&p->regex, g_regex_unref);
  g_free (p->name);
  g_free (p);
}

static void
lookup_free (Lookup *l)
{
  g_free (l->name);
  g_free (l->group);
  g_clear_pointer (&l->exact, g_hash_table_unref);
  g_clear_pointer (&l->patterns, g_ptr_array_unref);
  g_free (l);
}

static void
courier_free (Courier *c)
{
  g_free (c->code);
  g_free (c->name);
  g_free (c);
}

static void
carrier_type_free (CarrierType *t)
{
  g_free (t->id);
  g_free (t->name);
  g_clear_pointer (&t->regex, g_regex_unref);
  g_free (t->url);
  g_clear_pointer (&t->weights, g_array_unref);
  g_free (t->alphabet);
  g_clear_pointer (&t->prepend_regex, g_regex_unref);
  g_free (t->prepend_content);
  g_clear_pointer (&t->lookups, g_ptr_array_unref);
  g_strfreev (t->required);
  g_free (t);
}

MrCarrierRules *
mr_carrier_rules_ref (MrCarrierRules *rules)
{
  g_atomic_ref_count_inc (&rules->ref);
  return rules;
}

void
mr_carrier_rules_unref (MrCarrierRules *rules)
{
  if (!g_atomic_ref_count_dec (&rules->ref))
    return;
  g_ptr_array_unref (rules->types);
  g_ptr_array_unref (rules->couriers);
  g_free (rules);
}

guint
mr_carrier_rules_get_n_types (MrCarrierRules *rules)
{
  return rules->types->len;
}

const char *
mr_carrier_rules_get_courier_name (MrCarrierRules *rules, const char *code_or_name)
{
  g_return_val_if_fail (rules != NULL, NULL);
  for (guint i = 0; code_or_name && i < rules->couriers->len; i++)
    {
      const Courier *c = g_ptr_array_index (rules->couriers, i);

      if (g_ascii_strcasecmp (c->code, code_or_name) == 0 ||
          g_ascii_strcasecmp (c->name, code_or_name) == 0)
        return c->name;
    }
  return NULL;
}

/* Loading. Errors name the file and the place in it, such as
 * "ups.json: tracking_numbers[1].regex: …", so a bad edit is found fast. */

static gboolean G_GNUC_PRINTF (4, 5)
  fail (GError **error, const char *file, const char *where, const char *format, ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  if (where != NULL && *where != '\0')
    g_set_error (error, MR_CARRIERS_ERROR, MR_CARRIERS_ERROR_INVALID, "%s: %s: %s", file, where,
                 detail);
  else
    g_set_error (error, MR_CARRIERS_ERROR, MR_CARRIERS_ERROR_INVALID, "%s: %s", file, detail);
  return FALSE;
}

/* A member that is absent or null gives NULL; one of another type fails. */
static gboolean
get_string (JsonObject *obj,
            const char *member,
            gboolean required,
            const char **out,
            const char *file,
            const char *where,
            GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, file, where, _ ("“%s” is missing"), member);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, file, where, _ ("“%s” is not a string"), member);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject *obj,
         const char *member,
         gint64 fallback,
         gint64 *out,
         const char *file,
         const char *where,
         GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (error, file, where, _ ("“%s” is not a whole number"), member);
  *out = json_node_get_int (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject *obj,
           const char *member,
           gboolean required,
           const char *file,
           const char *where,
           GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        fail (error, file, where, _ ("“%s” is missing"), member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, file, where, _ ("“%s” is not a list"), member);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
get_object (JsonObject *obj,
            const char *member,
            const char *file,
            const char *where,
            GError **error,
            gboolean *ok)
{
  JsonNode *node = json_object_get_member (obj, member);

  *ok = TRUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *ok = fail (error, file, where, _ ("“%s” is not an object"), member);
      return NULL;
    }
  return json_node_get_object (node);
}

/* The whole normalised number must match, hence the anchors. */
static GRegex *
compile_anchored (const char *pattern, const char *file, const char *where, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *anchored = g_strdup_printf ("^(?:%s)$", pattern);
  GRegex *regex = g_regex_new (anchored, G_REGEX_OPTIMIZE | G_REGEX_DOLLAR_ENDONLY, 0, &local);

  if (regex == NULL)
    fail (error, file, where, _ ("invalid regular expression: %s"), local->message);
  return regex;
}

/* "regex" is a string or a list of strings to join. */
static char *
read_pattern (JsonObject *obj, const char *file, const char *where, GError **error)
{
  JsonNode *node = json_object_get_member (obj, "regex");
  JsonArray *parts;
  GString *out;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      fail (error, file, where, _ ("“%s” is missing"), "regex");
      return NULL;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, file, where, _ ("“%s” is not a string or a list of strings"), "regex");
      return NULL;
    }
  parts = json_node_get_array (node);
  out = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      JsonNode *part = json_array_get_element (parts, i);

      if (!JSON_NODE_HOLDS_VALUE (part) || json_node_get_value_type (part) != G_TYPE_STRING)
        {
          g_string_free (out, TRUE);
          fail (error, file, where, _ ("“%s” is not a string or a list of strings"), "regex");
          return NULL;
        }
      g_string_append (out, json_node_get_string (part));
    }
  return g_string_free (out, FALSE);
}

static Lookup *
read_lookup (JsonNode *node, const char *file, const char *where, GError **error)
{
  g_autoptr (GPtrArray) patterns =
    g_ptr_array_new_with_free_func ((GDestroyNotify) lookup_pattern_free);
  g_autoptr (GHashTable) exact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *obj;
  JsonArray *entries;
  const char *name, *group;
  Lookup *lookup;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, file, where, _ ("not an object"));
      return NULL;
    }
  obj = json_node_get_object (node);
  if (!get_string (obj, "name", TRUE, &name, file, where, error) ||
      !get_string (obj, "regex_group_name", TRUE, &group, file, where, error))
    return NULL;
  entries = get_array (obj, "lookup", TRUE, file, where, error);
  if (entries == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      g_autofree char *entry_where = g_strdup_printf ("%s.lookup[%u]", where, i);
      JsonNode *entry_node = json_array_get_element (entries, i);
      JsonObject *entry;
      const char *matches, *matches_regex, *label, *courier, *country;

      if (!JSON_NODE_HOLDS_OBJECT (entry_node))
        {
          fail (error, file, entry_where, _ ("not an object"));
          return NULL;
        }
      entry = json_node_get_object (entry_node);
      if (!get_string (entry, "matches", FALSE, &matches, file, entry_where, error) ||
          !get_string (entry, "matches_regex", FALSE, &matches_regex, file, entry_where, error) ||
          !get_string (entry, "name", FALSE, &label, file, entry_where, error) ||
          !get_string (entry, "courier", FALSE, &courier, file, entry_where, error) ||
          !get_string (entry, "country", FALSE, &country, file, entry_where, error))
        return NULL;
      /* Postal lookups name the operator or the country, not a "name". */
      if (label == NULL)
        label = courier != NULL ? courier : country;
      if (matches == NULL && matches_regex == NULL)
        {
          fail (error, file, entry_where, _ ("“%s” is missing"), "matches");
          return NULL;
        }
      if (label == NULL)
        label = matches != NULL ? matches : matches_regex;
      if (matches != NULL)
        {
          if (!g_hash_table_contains (exact, matches))
            g_hash_table_insert (exact, g_strdup (matches), g_strdup (label));
        }
      else
        {
          LookupPattern *p = g_new0 (LookupPattern, 1);

          p->regex = compile_anchored (matches_regex, file, entry_where, error);
          if (p->regex == NULL)
            {
              lookup_pattern_free (p);
              return NULL;
            }
          p->name = g_strdup (label);
          g_ptr_array_add (patterns, p);
        }
    }
  lookup = g_new0 (Lookup, 1);
  lookup->name = g_strdup (name);
  lookup->group = g_strdup (group);
  lookup->exact = g_steal_pointer (&exact);
  lookup->patterns = g_steal_pointer (&patterns);
  return lookup;
}

static gboolean
read_weights (
  CarrierType *t, JsonObject *checksum, const char *file, const char *where, GError **error)
{
  JsonArray *weights = get_array (checksum, "weightings", TRUE, file, where, error);

  if (weights == NULL)
    return FALSE;
  t->weights = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < json_array_get_length (weights); i++)
    {
      JsonNode *w = json_array_get_element (weights, i);
      gint64 value;

      if (!JSON_NODE_HOLDS_VALUE (w) || json_node_get_value_type (w) != G_TYPE_INT64)
        return fail (error, file, where, _ ("“%s” is not a list of whole numbers"), "weightings");
      value = json_node_get_int (w);
      g_array_append_val (t->weights, value);
    }
  return TRUE;
}

static gboolean
read_checksum (
  CarrierType *t, JsonObject *checksum, const char *file, const char *where, GError **error)
{
  const char *name;

  if (!get_string (checksum, "name", TRUE, &name, file, where, error))
    return FALSE;
  if (strcmp (name, "mod10") == 0)
    {
      t->check = CHECK_MOD10;
      t->reverse = json_object_get_boolean_member_with_default (checksum, "reverse", FALSE);
      return get_int (checksum, "odds_multiplier", 1, &t->odds_multiplier, file, where, error) &&
             get_int (checksum, "evens_multiplier", 1, &t->evens_multiplier, file, where, error);
    }
  if (strcmp (name, "mod7") == 0)
    t->check = CHECK_MOD7;
  else if (strcmp (name, "luhn") == 0)
    t->check = CHECK_LUHN;
  else if (strcmp (name, "s10") == 0)
    {
      t->check = CHECK_S10;
      return read_weights (t, checksum, file, where, error);
    }
  else if (strcmp (name, "sum_product_with_weightings_and_modulo") == 0)
    {
      t->check = CHECK_WEIGHTED;
      if (!read_weights (t, checksum, file, where, error) ||
          !get_int (checksum, "modulo1", 0, &t->modulo1, file, where, error) ||
          !get_int (checksum, "modulo2", 0, &t->modulo2, file, where, error))
        return FALSE;
      if (t->modulo1 <= 0 || t->modulo2 <= 0)
        return fail (error, file, where, _ ("“%s” needs positive “%s” and “%s”"), name, "modulo1",
                     "modulo2");
    }
  else if (strcmp (name, "mod_37_36") == 0)
    {
      const char *alphabet;

      t->check = CHECK_MOD_37_36;
      if (!get_int (checksum, "modulo", 36, &t->modulo, file, where, error) ||
          !get_string (checksum, "alphabet", TRUE, &alphabet, file, where, error))
        return FALSE;
      if (t->modulo < 2 || strlen (alphabet) < (gsize) t->modulo)
        return fail (error, file, where, _ ("“%s” needs an alphabet of “%s” characters"), name,
                     "modulo");
      t->alphabet = g_strdup (alphabet);
    }
  else
    {
      /* Newer data may name algorithms we do not know yet: the other
       * types stay usable, this one simply never verifies. */
      t->check = CHECK_UNKNOWN;
      g_debug ("%s: %s: unknown checksum “%s”; this type never verifies", file, where, name);
    }
  return TRUE;
}

static gboolean
read_prepend (
  CarrierType *t, JsonObject *format, const char *file, const char *where, GError **error)
{
  JsonObject *prepend;
  const char *pattern, *content;
  gboolean ok;

  prepend = get_object (format, "prepend_if", file, where, error, &ok);
  if (!ok)
    return FALSE;
  if (prepend == NULL)
    return TRUE;
  if (!get_string (prepend, "matches_regex", TRUE, &pattern, file, where, error) ||
      !get_string (prepend, "content", TRUE, &content, file, where, error))
    return FALSE;
  /* Not anchored by us: the data's pattern says where it applies. */
  t->prepend_regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);
  if (t->prepend_regex == NULL)
    return fail (error, file, where, _ ("invalid regular expression: %s"), pattern);
  t->prepend_content = g_strdup (content);
  return TRUE;
}

/* Which first characters the type's numbers can have, found at load by
 * partial matching (a number that starts so could still match): identify()
 * then skips the types a number cannot belong to without running their
 * expression, most of the cost of a scan. Only letters and digits are
 * probed; a number starting with anything else tries every type. */
static void
find_first_characters (CarrierType *t)
{
  for (guint c = 1; c < 256; c++)
    {
      char probe[2] = { (char) c, '\0' };
      g_autoptr (GMatchInfo) info = NULL;

      if (c < 128 && g_ascii_isalnum ((char) c) &&
          !g_regex_match (t->regex, probe, G_REGEX_MATCH_PARTIAL_SOFT, &info) &&
          !g_match_info_is_partial_match (info))
        continue;
      t->first[c / 64] |= G_GUINT64_CONSTANT (1) << (c % 64);
    }
}

static gboolean
may_start_with (const CarrierType *t, guchar c)
{
  return (t->first[c / 64] >> (c % 64)) & 1;
}

static char *
derive_id (const char *name)
{
  char *id = g_ascii_strdown (name, -1);

  for (char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p))
      *p = '_';
  return id;
}

static CarrierType *
read_type (
  JsonNode *node, const Courier *courier, const char *file, const char *where, GError **error)
{
  CarrierType *t = g_new0 (CarrierType, 1);
  g_autofree char *pattern = NULL;
  JsonObject *obj, *validation, *checksum, *format, *additional;
  JsonArray *lookups;
  const char *id, *name, *url;
  gboolean ok;

  t->courier = courier;
  t->service_lookup = -1;
  t->lookups = g_ptr_array_new_with_free_func ((GDestroyNotify) lookup_free);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, file, where, _ ("not an object"));
      goto failed;
    }
  obj = json_node_get_object (node);
  if (!get_string (obj, "name", TRUE, &name, file, where, error) ||
      !get_string (obj, "id", FALSE, &id, file, where, error) ||
      !get_string (obj, "tracking_url", FALSE, &url, file, where, error))
    goto failed;
  t->name = g_strdup (name);
  t->id = id != NULL ? g_strdup (id) : derive_id (name);
  t->url = g_strdup (url);

  pattern = read_pattern (obj, file, where, error);
  if (pattern == NULL)
    goto failed;
  t->regex = compile_anchored (pattern, file, where, error);
  if (t->regex == NULL)
    goto failed;
  find_first_characters (t);

  validation = get_object (obj, "validation", file, where, error, &ok);
  if (!ok)
    goto failed;
  checksum = validation ? get_object (validation, "checksum", file, where, error, &ok) : NULL;
  if (!ok || (checksum != NULL && !read_checksum (t, checksum, file, where, error)))
    goto failed;
  if (t->check != CHECK_NONE && (g_regex_get_string_number (t->regex, "SerialNumber") < 0 ||
                                 g_regex_get_string_number (t->regex, "CheckDigit") < 0))
    {
      fail (error, file, where, _ ("a checksum needs the groups “%s” and “%s”"), "SerialNumber",
            "CheckDigit");
      goto failed;
    }
  /* serial_number_format sits beside validation in older data, inside it in newer. */
  format = get_object (obj, "serial_number_format", file, where, error, &ok);
  if (ok && format == NULL && validation != NULL)
    format = get_object (validation, "serial_number_format", file, where, error, &ok);
  if (!ok || (format != NULL && !read_prepend (t, format, file, where, error)))
    goto failed;

  lookups = get_array (obj, "additional", FALSE, file, where, error);
  if (lookups == NULL && error != NULL && *error != NULL)
    goto failed;
  for (guint i = 0; lookups != NULL && i < json_array_get_length (lookups); i++)
    {
      g_autofree char *lookup_where = g_strdup_printf ("%s.additional[%u]", where, i);
      Lookup *lookup = read_lookup (json_array_get_element (lookups, i), file, lookup_where, error);

      if (lookup == NULL)
        goto failed;
      if (g_regex_get_string_number (t->regex, lookup->group) < 0)
        {
          fail (error, file, lookup_where, _ ("the group “%s” is not in the regular expression"),
                lookup->group);
          lookup_free (lookup);
          goto failed;
        }
      if (t->service_lookup < 0 && strcmp (lookup->group, "ServiceType") == 0)
        t->service_lookup = (int) t->lookups->len;
      g_ptr_array_add (t->lookups, lookup);
    }

  additional = validation ? get_object (validation, "additional", file, where, error, &ok) : NULL;
  if (!ok)
    goto failed;
  if (additional != NULL)
    {
      JsonArray *exists = get_array (additional, "exists", FALSE, file, where, error);
      g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

      if (exists == NULL && error != NULL && *error != NULL)
        goto failed;
      for (guint i = 0; exists != NULL && i < json_array_get_length (exists); i++)
        {
          JsonNode *n = json_array_get_element (exists, i);
          gboolean known = FALSE;

          if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
            {
              fail (error, file, where, _ ("“%s” is not a list of strings"), "exists");
              goto failed;
            }
          for (guint j = 0; j < t->lookups->len; j++)
            if (strcmp (((Lookup *) g_ptr_array_index (t->lookups, j))->name,
                        json_node_get_string (n)) == 0)
              known = TRUE;
          if (!known)
            {
              fail (error, file, where, _ ("no lookup named “%s”"), json_node_get_string (n));
              goto failed;
            }
          g_strv_builder_add (names, json_node_get_string (n));
        }
      t->required = g_strv_builder_end (names);
    }
  return t;

failed:
  carrier_type_free (t);
  return NULL;
}

static gboolean
load_file (MrCarrierRules *rules, const char *dir, const char *file, GError **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  JsonNode *root;
  JsonObject *obj;
  JsonArray *types;
  const char *code, *name;
  Courier *courier;

  if (!json_parser_load_from_file (parser, path, &local))
    {
      g_autofree char *why = g_utf8_make_valid (local->message, -1);

      return fail (error, file, NULL, _ ("not valid JSON: %s"), why);
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, file, NULL, _ ("not an object"));
  obj = json_node_get_object (root);
  if (!get_string (obj, "courier_code", TRUE, &code, file, NULL, error) ||
      !get_string (obj, "name", TRUE, &name, file, NULL, error))
    return FALSE;
  types = get_array (obj, "tracking_numbers", TRUE, file, NULL, error);
  if (types == NULL)
    return FALSE;

  courier = g_new0 (Courier, 1);
  courier->code = g_strdup (code);
  courier->name = g_strdup (name);
  g_ptr_array_add (rules->couriers, courier);
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      g_autofree char *where = g_strdup_printf ("tracking_numbers[%u]", i);
      CarrierType *t = read_type (json_array_get_element (types, i), courier, file, where, error);

      if (t == NULL)
        return FALSE;
      g_ptr_array_add (rules->types, t);
    }
  return TRUE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Loads every *.json file of @dir, in name order (which is also the
 * order of equally ranked candidates). */
MrCarrierRules *
mr_carrier_rules_load (const char *dir, GError **error)
{
  g_autoptr (MrCarrierRules) rules = g_new0 (MrCarrierRules, 1);
  g_autoptr (GDir) d = NULL;
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local = NULL;
  const char *entry;

  g_return_val_if_fail (dir != NULL, NULL);
  g_atomic_ref_count_init (&rules->ref);
  rules->couriers = g_ptr_array_new_with_free_func ((GDestroyNotify) courier_free);
  rules->types = g_ptr_array_new_with_free_func ((GDestroyNotify) carrier_type_free);

  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;
  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (entry, ".json"))
      g_ptr_array_add (files, g_strdup (entry));
  if (files->len == 0)
    {
      fail (error, dir, NULL, _ ("no carrier rules (*.json) found"));
      return NULL;
    }
  g_ptr_array_sort (files, compare_names);
  /* Our own error, so that the loaders can tell "absent" from "failed". */
  for (guint i = 0; i < files->len; i++)
    if (!load_file (rules, dir, g_ptr_array_index (files, i), &local))
      {
        g_propagate_error (error, g_steal_pointer (&local));
        return NULL;
      }
  return g_steal_pointer (&rules);
}

/* $MAILROOM_CARRIERS_DIR, else the installed rules, else the source
 * tree's, so an uninstalled build works. */
const char *
mr_carrier_rules_get_default_dir (void)
{
  const char *env = g_getenv ("MAILROOM_CARRIERS_DIR");

  if (env != NULL && *env != '\0')
    return env;
  if (g_file_test (CARRIERS_DIR, G_FILE_TEST_IS_DIR))
    return CARRIERS_DIR;
  return BUILD_CARRIERS_DIR;
}

/* Loaded once, on first use, and kept; NULL (with a warning) when the
 * rules cannot be loaded. */
MrCarrierRules *
mr_carrier_rules_get_default (void)
{
  static gsize once = 0;
  static MrCarrierRules *rules = NULL;

  if (g_once_init_enter (&once))
    {
      g_autoptr (GError) error = NULL;

      rules = mr_carrier_rules_load (mr_carrier_rules_get_default_dir (), &error);
      if (rules == NULL)
        g_warning ("Cannot load the carrier rules: %s", error->message);
      g_once_init_leave (&once, 1);
    }
  return rules;
}

/* Matching */

/* Spaces out, ASCII letters upper-cased; NULL for text that is not UTF-8. */
char *
mr_carrier_normalize (const char *number)
{
  GString *out;

  if (number == NULL || !g_utf8_validate (number, -1, NULL))
    return NULL;
  out = g_string_sized_new (strlen (number));
  for (const char *p = number; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static int
digit_value (char c)
{
  return g_ascii_isdigit (c) ? c - '0' : -1;
}

/* Letters count as (ASCII code − 3) mod 10, as UPS defines it. Positions
 * are indexes from 0, as in the upstream implementation: "odd" ones are the
 * 2nd, 4th, …; that is what makes the well-known UPS example
 * 1Z999AA10123456784 and the GS1 numbers (weight 3 next to the check
 * digit) come out right. */
static gboolean
check_mod10 (const CarrierType *t, const char *serial, int check)
{
  gsize len = strlen (serial);
  gint64 total = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = t->reverse ? serial[len - 1 - i] : serial[i];
      gint64 x;

      if (g_ascii_isdigit (c))
        x = c - '0';
      else if (g_ascii_isupper (c))
        x = (c - 3) % 10;
      else
        return FALSE;
      total += x * (i % 2 == 0 ? t->evens_multiplier : t->odds_multiplier);
    }
  return ((10 - total % 10) % 10 + 10) % 10 == check;
}

static gboolean
check_mod7 (const char *serial, int check)
{
  int rest = 0;

  for (const char *p = serial; *p; p++)
    {
      if (digit_value (*p) < 0)
        return FALSE;
      rest = (rest * 10 + digit_value (*p)) % 7;
    }
  return rest == check;
}

/* Over serial + check digit: from the right, every second digit doubled. */
static gboolean
check_luhn (const char *serial, int check)
{
  gsize len = strlen (serial);
  int total = check;

  for (gsize i = 0; i < len; i++)
    {
      int x = digit_value (serial[len - 1 - i]);

      if (x < 0)
        return FALSE;
      if (i % 2 == 0)
        x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      total += x;
    }
  return total % 10 == 0;
}

static gboolean
check_s10 (const CarrierType *t, const char *serial, int check)
{
  gint64 total = 0, r;

  if (strlen (serial) != t->weights->len)
    return FALSE;
  for (guint i = 0; i < t->weights->len; i++)
    {
      if (digit_value (serial[i]) < 0)
        return FALSE;
      total += digit_value (serial[i]) * g_array_index (t->weights, gint64, i);
    }
  r = 11 - total % 11;
  if (r == 10)
    r = 0;
  else if (r == 11)
    r = 5;
  return r == check;
}

/* FedEx: Σ digit × weight, aligned from the left, mod modulo1 mod modulo2. */
static gboolean
check_weighted (const CarrierType *t, const char *serial, int check)
{
  gsize len = strlen (serial);
  gint64 total = 0;

  if (len > t->weights->len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (digit_value (serial[i]) < 0)
        return FALSE;
      total += digit_value (serial[i]) * g_array_index (t->weights, gint64, i);
    }
  return ((total % t->modulo1) % t->modulo2 + t->modulo2) % t->modulo2 == check;
}

/* ISO 7064 MOD 37,36 (the hybrid system with M = 36) over the alphabet. */
static gboolean
check_mod_37_36 (const CarrierType *t, const char *serial, const char *check)
{
  gint64 m = t->modulo, p = m;
  const char *found;

  if (strlen (check) != 1)
    return FALSE;
  for (const char *c = serial; *c; c++)
    {
      gint64 s;

      found = strchr (t->alphabet, *c);
      if (found == NULL || (found - t->alphabet) >= m)
        return FALSE;
      s = (p + (found - t->alphabet)) % m;
      if (s == 0)
        s = m;
      p = (2 * s) % (m + 1);
    }
  return t->alphabet[(m + 1 - p) % m] == check[0];
}

static gboolean
verify (const CarrierType *t, GMatchInfo *info)
{
  g_autofree char *serial = g_match_info_fetch_named (info, "SerialNumber");
  g_autofree char *check = g_match_info_fetch_named (info, "CheckDigit");
  int digit;

  if (serial == NULL || check == NULL || *serial == '\0')
    return FALSE;
  if (t->prepend_regex != NULL && g_regex_match (t->prepend_regex, serial, 0, NULL))
    {
      char *longer = g_strconcat (t->prepend_content, serial, NULL);

      g_free (serial);
      serial = longer;
    }
  if (t->check == CHECK_MOD_37_36)
    return check_mod_37_36 (t, serial, check);
  if (strlen (check) != 1 || (digit = digit_value (check[0])) < 0)
    return FALSE;
  switch (t->check)
    {
    case CHECK_MOD10:
      return check_mod10 (t, serial, digit);
    case CHECK_MOD7:
      return check_mod7 (serial, digit);
    case CHECK_LUHN:
      return check_luhn (serial, digit);
    case CHECK_S10:
      return check_s10 (t, serial, digit);
    case CHECK_WEIGHTED:
      return check_weighted (t, serial, digit);
    case CHECK_NONE:
    case CHECK_UNKNOWN:
    case CHECK_MOD_37_36:
    default:
      return FALSE;
    }
}

/* The entry name for the group's value, or NULL. */
static const char *
lookup_value (const Lookup *lookup, GMatchInfo *info)
{
  g_autofree char *value = g_match_info_fetch_named (info, lookup->group);
  const char *name;

  if (value == NULL || *value == '\0')
    return NULL;
  name = g_hash_table_lookup (lookup->exact, value);
  if (name != NULL)
    return name;
  for (guint i = 0; i < lookup->patterns->len; i++)
    {
      LookupPattern *p = g_ptr_array_index (lookup->patterns, i);

      if (g_regex_match (p->regex, value, 0, NULL))
        return p->name;
    }
  return NULL;
}

static gboolean
required_lookups_match (const CarrierType *t, GMatchInfo *info)
{
  for (guint r = 0; t->required != NULL && t->required[r] != NULL; r++)
    for (guint i = 0; i < t->lookups->len; i++)
      {
        Lookup *lookup = g_ptr_array_index (t->lookups, i);

        if (strcmp (lookup->name, t->required[r]) == 0 && lookup_value (lookup, info) == NULL)
          return FALSE;
      }
  return TRUE;
}

static char *
format_url (const char *url, const char *number)
{
  const char *at;

  if (url == NULL)
    return NULL;
  at = strstr (url, "%s");
  if (at == NULL)
    return g_strdup (url);
  return g_strdup_printf ("%.*s%s%s", (int) (at - url), url, number, at + 2);
}

/* Every type @number may be, best first: types whose check digit holds,
 * then types that have none. A type whose check digit fails is no
 * candidate. Returns an array of MrCarrierMatch, empty when nothing fits. */
GPtrArray *
mr_carrier_rules_identify (MrCarrierRules *rules, const char *number)
{
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) mr_carrier_match_free);
  g_autoptr (GPtrArray) unchecked = g_ptr_array_new ();
  g_autofree char *norm = NULL;

  g_return_val_if_fail (rules != NULL, matches);
  norm = mr_carrier_normalize (number);
  if (norm == NULL || *norm == '\0' || strlen (norm) > MAX_NUMBER_LEN)
    return matches;

  for (guint i = 0; i < rules->types->len; i++)
    {
      const CarrierType *t = g_ptr_array_index (rules->types, i);
      g_autoptr (GMatchInfo) info = NULL;
      MrCarrierMatch *m;

      if (!may_start_with (t, (guchar) norm[0]) || !g_regex_match (t->regex, norm, 0, &info))
        continue;
      if (t->check != CHECK_NONE && !verify (t, info))
        continue;
      if (!required_lookups_match (t, info))
        continue;
      m = g_new0 (MrCarrierMatch, 1);
      m->courier_code = g_strdup (t->courier->code);
      m->courier_name = g_strdup (t->courier->name);
      m->type_id = g_strdup (t->id);
      m->type_name = g_strdup (t->name);
      m->number = g_strdup (norm);
      m->has_checksum = t->check != CHECK_NONE;
      m->checksum_verified = m->has_checksum;
      if (t->service_lookup >= 0)
        m->service_type =
          g_strdup (lookup_value (g_ptr_array_index (t->lookups, t->service_lookup), info));
      m->tracking_url = format_url (t->url, norm);
      g_ptr_array_add (m->checksum_verified ? matches : unchecked, m);
    }
  for (guint i = 0; i < unchecked->len; i++)
    g_ptr_array_add (matches, g_ptr_array_index (unchecked, i));
  return matches;
}
