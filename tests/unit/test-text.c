/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mr-hlc.h"
#include "mr-text.h"
#include "mr-uuid.h"

static void
test_fold (void)
{
  const char *cases[][2] = {
    { "Hélène", "helene" },  { "ÉMILE", "emile" },     { "Zoé", "zoe" }, { "Müller", "muller" },
    { "Straße", "strasse" }, { "Gaëlle", "gaelle" },   { "", "" },       { "ﬁnance", "finance" },
    { "Ñandú", "nandu" },    { "O'Brien", "o'brien" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *f = mr_text_fold (cases[i][0]);
      g_assert_cmpstr (f, ==, cases[i][1]);
    }
  {
    g_autofree char *f = mr_text_fold (NULL);
    g_assert_cmpstr (f, ==, "");
  }
  {
    /* invalid UTF-8 (found by the fuzzer: g_utf8_normalize overran it) */
    g_autofree char *f = mr_text_fold ("Z\xc3o\xff\xfe\xe9");
    g_assert_true (g_utf8_validate (f, -1, NULL));
    g_assert_true (g_str_has_prefix (f, "z"));
    g_assert_false (mr_text_is_phone ("12\xff"
                                      "3"));
    g_assert_false (mr_text_is_blank ("\xff"));
  }
}

static void
test_email (void)
{
  const char *good[] = { "a@b.co", "jean.dupont@example.com", "x+tag@sub.example.org",
                         "o'brien@example.ie", "helene@exemple.fr" };
  const char *bad[] = { "",         "a",         "a@",       "@b.com",   "a@b",
                        "a@b.c",    "a b@c.com", "a@@b.com", "a@b..com", ".a@b.com",
                        "a.@b.com", "a@-b.com",  "a@b.com,", "a@b.com>", "a@.com" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (mr_text_is_email (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      if (mr_text_is_email (bad[i]))
        g_error ("accepted “%s”", bad[i]);
    }
}

static void
test_phone (void)
{
  const char *good[] = { "+33 1 23 45 67 89",
                         "(555) 123-4567",
                         "555.123.4567 x12",
                         "01 23 45 67 89 poste 12",
                         "123",
                         "+44 20 7946 0958 ext. 7" };
  const char *bad[] = { "", "12", "call me", "555-CALL", "a@b.com" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (mr_text_is_phone (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (mr_text_is_phone (bad[i]));
}

static void
test_fts_query (void)
{
  struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "dup", "\"dup\"*" },
    { "  Hélène   Dup ", "\"Hélène\"* \"Dup\"*" },
    { "jean.dupont@ex", "\"jean\"* \"dupont\"* \"ex\"*" },
    { "B-00123", "\"B\"* \"00123\"*" },
    { "\"a\" OR b*", "\"a\"* \"OR\"* \"b\"*" },
    { "", NULL },
    { " -*\"()", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *q = mr_text_fts_query (cases[i].in);
      g_assert_cmpstr (q, ==, cases[i].out);
    }
  {
    /* invalid UTF-8 is treated as nothing to search, not a crash */
    g_autofree char *q = mr_text_fts_query ("\xff\xfe");
    g_assert_null (q);
  }
}

static void
test_uuid_v7 (void)
{
  g_autofree char *prev = NULL;

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *id = mr_uuid_v7_new ();

      g_assert_true (mr_uuid_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_true (strchr ("89ab", id[19]) != NULL);
      /* ids made in order sort in order, even within one millisecond */
      if (prev)
        g_assert_cmpstr (prev, <, id);
      g_free (prev);
      prev = g_steal_pointer (&id);
    }
  g_assert_false (mr_uuid_is_valid ("not-a-uuid"));
  g_assert_false (mr_uuid_is_valid (NULL));
}

static void
test_hlc (void)
{
  MrHlc hlc = { 0 };
  gint64 a, b, c, d;
  g_autofree char *s = NULL;

  a = mr_hlc_now (&hlc, 1000);
  b = mr_hlc_now (&hlc, 1000);
  g_assert_cmpint (b, >, a);
  /* the wall clock going backwards never makes the HLC go backwards */
  c = mr_hlc_now (&hlc, 500);
  g_assert_cmpint (c, >, b);
  g_assert_cmpint (mr_hlc_wall_ms (c), ==, 1000);
  /* a remote stamp from the far future is clamped to now + 60 s */
  mr_hlc_observe (&hlc, (gint64) 10000000 << 16, 2000);
  d = mr_hlc_now (&hlc, 2000);
  g_assert_cmpint (mr_hlc_wall_ms (d), <=, 2000 + 60 * 1000);
  g_assert_cmpint (d, >, c);
  s = mr_hlc_to_string ((gint64) 1718101323120 << 16 | 3);
  g_assert_cmpstr (s, ==, "1718101323120-3");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/email", test_email);
  g_test_add_func ("/text/phone", test_phone);
  g_test_add_func ("/text/fts-query", test_fts_query);
  g_test_add_func ("/uuid/v7", test_uuid_v7);
  g_test_add_func ("/hlc/monotonic", test_hlc);
  return g_test_run ();
}
