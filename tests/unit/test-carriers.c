/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Carrier recognition: each check-digit algorithm with a number worked
 * out by hand from the rules, the same number with one digit changed
 * (which must then fail), ranking of overlapping formats, normalisation,
 * and rules files that are broken. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mr-carriers.h"

static MrCarrierRules *rules;

static const MrCarrierMatch *
find_type (GPtrArray *matches, const char *type_id)
{
  for (guint i = 0; i < matches->len; i++)
    {
      const MrCarrierMatch *m = g_ptr_array_index (matches, i);

      if (strcmp (m->type_id, type_id) == 0)
        return m;
    }
  return NULL;
}

typedef struct
{
  const char *valid;
  const char *corrupt; /* one digit changed */
  const char *type_id;
  const char *service_type;
} Case;

/* Worked out by hand from data/carriers/README.md: */
static const Case cases[] = {
  /* mod10 with letters, odds ×2: the well-known UPS example. */
  { "1Z999AA10123456784", "1Z999AA10123456785", "ups", "UPS United States Next Day Air (Red)" },
  /* K + 123456789: 1+3+5+7+9 + 2×(2+4+6+8) = 65 → 5 */
  { "K1234567895", "K1234567885", "ups_waybill", "UPS Ground" },
  /* mod10, evens ×3 (GS1): 3×(0+0+1+9) + (3+7+7) = 47 → 3 */
  { "03071790000000000003", "03071790000000000004", "usps_20", "Delivery Confirmation" },
  /* mod10 reversed (IMpb) */
  { "9400111899223100012348", "9400111899223100012349", "usps_impb_n", NULL },
  /* sum_product_with_weightings_and_modulo: Σ = 175, mod 11 = 10, mod 10 = 0 */
  { "986832165410", "986832165411", "fedex_12", NULL },
  /* mod10, odds ×3 */
  { "012345678901231", "012345678901232", "fedex_ground", NULL },
  /* mod10, evens ×3 */
  { "1234567890123452", "1234567890123453", "canada_post", NULL },
  /* mod7: 123456789 mod 7 = 1 */
  { "1234567891", "1234567892", "dhl_express", NULL },
  /* s10: 8+12+12+8+15+30+63+56 = 204, 11 − 204 mod 11 = 5 */
  { "RB123456785GB", "RB123456784GB", "s10", "Letter Post Registered" },
  /* luhn */
  { "329187312346", "329187312347", "purolator_numeric", NULL },
  { "07212345677", "07212345678", "old_dominion", NULL },
  /* ISO 7064 MOD 37,36 */
  { "012345678901233", "012345678901234", "dpd_14", NULL },
  /* prepend_if: the check is over 4 + serial (7 without the prefix) */
  { "C12345678901236", "C12345678901237", "ontrac_c", NULL },
};

static void
test_checksums (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) good = mr_carrier_rules_identify (rules, cases[i].valid);
      g_autoptr (GPtrArray) bad = mr_carrier_rules_identify (rules, cases[i].corrupt);
      const MrCarrierMatch *m = find_type (good, cases[i].type_id);

      g_test_message ("%s (%s)", cases[i].valid, cases[i].type_id);
      g_assert_nonnull (m);
      g_assert_true (m->has_checksum);
      g_assert_true (m->checksum_verified);
      g_assert_cmpstr (m->number, ==, cases[i].valid);
      g_assert_cmpstr (m->service_type, ==, cases[i].service_type);
      /* Verified types rank first. */
      g_assert_true (((MrCarrierMatch *) g_ptr_array_index (good, 0))->checksum_verified);
      g_assert_null (find_type (bad, cases[i].type_id));
    }
}

static void
test_details (void)
{
  g_autoptr (GPtrArray) ups = mr_carrier_rules_identify (rules, "1Z999AA10123456784");
  g_autoptr (GPtrArray) s10 = mr_carrier_rules_identify (rules, "RB123456785XX");
  const MrCarrierMatch *m = find_type (ups, "ups");
  g_autoptr (MrCarrierMatch) copy = mr_carrier_match_copy (m);

  g_assert_cmpstr (m->courier_code, ==, "ups");
  g_assert_cmpstr (m->courier_name, ==, "UPS");
  g_assert_cmpstr (m->type_name, ==, "UPS");
  g_assert_cmpstr (m->tracking_url, ==,
                   "https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums="
                   "1Z999AA10123456784");
  g_assert_cmpstr (copy->tracking_url, ==, m->tracking_url);
  /* S10 needs a country its lookup lists. */
  g_assert_null (find_type (s10, "s10"));
}

static void
test_overlap (void)
{
  g_autoptr (GPtrArray) both = mr_carrier_rules_identify (rules, "100000000000023");
  g_autoptr (GPtrArray) ranked = mr_carrier_rules_identify (rules, "RX123456785GB");
  const MrCarrierMatch *first;

  /* Both check digits hold: FedEx Ground (mod10) and DPD (MOD 37,36). */
  g_assert_nonnull (find_type (both, "fedex_ground"));
  g_assert_nonnull (find_type (both, "dpd_14"));

  /* S10 with a verified check digit, DHL eCommerce with none: in that order. */
  g_assert_cmpuint (ranked->len, >=, 2);
  first = g_ptr_array_index (ranked, 0);
  g_assert_cmpstr (first->type_id, ==, "s10");
  g_assert_nonnull (find_type (ranked, "dhl_ecommerce"));
  g_assert_false (find_type (ranked, "dhl_ecommerce")->has_checksum);
  g_assert_false (find_type (ranked, "dhl_ecommerce")->checksum_verified);
  for (guint i = 1; i < ranked->len; i++)
    if (((MrCarrierMatch *) g_ptr_array_index (ranked, i))->checksum_verified)
      g_assert_true (((MrCarrierMatch *) g_ptr_array_index (ranked, i - 1))->checksum_verified);
}

static void
test_normalise (void)
{
  g_autoptr (GPtrArray) matches = mr_carrier_rules_identify (rules, " 1z 999 aa1\t0123 4567 84\n");
  g_autofree char *norm = mr_carrier_normalize ("rb 1234 5678 5gb");
  const MrCarrierMatch *m = find_type (matches, "ups");

  g_assert_nonnull (m);
  g_assert_cmpstr (m->number, ==, "1Z999AA10123456784");
  g_assert_cmpstr (norm, ==, "RB123456785GB");
}

static void
test_unknown (void)
{
  const char *inputs[] = { "HELLO", "", "   ", "\xff\xfe", "1Z", "12" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (GPtrArray) matches = mr_carrier_rules_identify (rules, inputs[i]);

      g_assert_cmpuint (matches->len, ==, 0);
    }
}

static char *
rules_dir_with (const char *file, const char *contents)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("mr-carriers-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, file, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir, const char *file)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_unlink (path);
  g_rmdir (dir);
}

static void
assert_load_fails (const char *file, const char *contents, const char *expected)
{
  g_autofree char *dir = rules_dir_with (file, contents);
  g_autoptr (GError) error = NULL;
  g_autoptr (MrCarrierRules) bad = mr_carrier_rules_load (dir, &error);

  g_assert_null (bad);
  g_assert_error (error, MR_CARRIERS_ERROR, MR_CARRIERS_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, file));
  g_assert_nonnull (strstr (error->message, expected));
  remove_dir (dir, file);
}

static void
test_malformed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrCarrierRules) none = mr_carrier_rules_load ("/nonexistent/carriers", &error);

  g_assert_null (none);
  g_assert_nonnull (error);

  assert_load_fails ("bad.json", "{ \"name\": ", "JSON");
  assert_load_fails ("list.json", "[]", "object");
  assert_load_fails ("nocode.json", "{\"name\": \"X\", \"tracking_numbers\": []}", "courier_code");
  assert_load_fails ("regex.json",
                     "{\"name\": \"X\", \"courier_code\": \"x\", \"tracking_numbers\": "
                     "[{\"name\": \"T\", \"regex\": \"((\"}]}",
                     "tracking_numbers[0]");
  assert_load_fails ("groups.json",
                     "{\"name\": \"X\", \"courier_code\": \"x\", \"tracking_numbers\": "
                     "[{\"name\": \"T\", \"regex\": \"[0-9]+\", "
                     "\"validation\": {\"checksum\": {\"name\": \"luhn\"}}}]}",
                     "CheckDigit");
}

static void
test_unknown_algorithm (void)
{
  g_autofree char *dir =
    rules_dir_with ("x.json", "{\"name\": \"X\", \"courier_code\": \"x\", \"tracking_numbers\": ["
                              "{\"name\": \"New\", \"regex\": [\"(?<SerialNumber>[0-9]{5})\", "
                              "\"(?<CheckDigit>[0-9])\"], "
                              "\"validation\": {\"checksum\": {\"name\": \"mod99\"}}},"
                              "{\"name\": \"Plain\", \"regex\": \"Q[0-9]{3}\", "
                              "\"tracking_url\": \"https://example.com/?n=%s&x=1\"}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (MrCarrierRules) own = mr_carrier_rules_load (dir, &error);
  g_autoptr (GPtrArray) never = NULL;
  g_autoptr (GPtrArray) plain = NULL;
  g_autoptr (GPtrArray) partial = NULL;
  const MrCarrierMatch *m;

  g_assert_no_error (error);
  g_assert_cmpuint (mr_carrier_rules_get_n_types (own), ==, 2);
  never = mr_carrier_rules_identify (own, "123456");
  g_assert_cmpuint (never->len, ==, 0);
  plain = mr_carrier_rules_identify (own, "q123");
  g_assert_cmpuint (plain->len, ==, 1);
  m = g_ptr_array_index (plain, 0);
  g_assert_cmpstr (m->type_id, ==, "plain");
  g_assert_false (m->has_checksum);
  g_assert_cmpstr (m->tracking_url, ==, "https://example.com/?n=Q123&x=1");
  /* Anchored: the whole number must match. */
  partial = mr_carrier_rules_identify (own, "Q1234");
  g_assert_cmpuint (partial->len, ==, 0);
  remove_dir (dir, "x.json");
}

static gpointer
get_default_thread (gpointer data)
{
  return mr_carrier_rules_get_default ();
}

static void
test_default (void)
{
  GThread *threads[4];
  MrCarrierRules *seen[4];

  g_setenv ("MAILROOM_CARRIERS_DIR", BUILD_CARRIERS_DIR, TRUE);
  g_assert_cmpstr (mr_carrier_rules_get_default_dir (), ==, BUILD_CARRIERS_DIR);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("carriers", get_default_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    seen[i] = g_thread_join (threads[i]);
  g_assert_nonnull (seen[0]);
  for (guint i = 1; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (seen[i] == seen[0]);
  g_assert_true (mr_carrier_rules_get_default () == seen[0]);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  rules = mr_carrier_rules_load (BUILD_CARRIERS_DIR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mr_carrier_rules_get_n_types (rules), >, 30);

  g_test_add_func ("/carriers/checksums", test_checksums);
  g_test_add_func ("/carriers/details", test_details);
  g_test_add_func ("/carriers/overlap", test_overlap);
  g_test_add_func ("/carriers/normalise", test_normalise);
  g_test_add_func ("/carriers/unknown", test_unknown);
  g_test_add_func ("/carriers/malformed", test_malformed);
  g_test_add_func ("/carriers/unknown-algorithm", test_unknown_algorithm);
  g_test_add_func ("/carriers/default", test_default);
  status = g_test_run ();
  mr_carrier_rules_unref (rules);
  return status;
}
