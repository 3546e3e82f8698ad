/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "mr-text.h"

#include <string.h>

/* Case- and accent-insensitive key: "Hélène" and "HELENE" fold alike. Used
 * for sorting and for duplicate checks, where FTS5's own folding is not
 * available. */
char *
mr_text_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfd = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  /* Plain ASCII (most names, every email and phone number) folds to its
   * lower case: NFKD and case folding change nothing else there. */
  {
    const guchar *p = (const guchar *) text;

    while (*p != '\0' && *p < 0x80)
      p++;
    if (*p == '\0')
      return g_ascii_strdown (text, -1);
  }

  /* GLib's Unicode functions need valid UTF-8; text from a file, a scanner
   * or a terminal may not be. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (nfd == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (nfd, -1);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      if (c == 0x00df) /* ß */
        {
          g_string_append (out, "ss");
          continue;
        }
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
mr_text_strip_dup (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_strstrip (g_strdup (text));
}

gboolean
mr_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Deliberately pragmatic: one @, a non-empty local part without spaces, and
 * a domain made of dot-separated labels with a final label of two letters or
 * more. It refuses the typos people make, not exotic RFC 5322 forms. */
gboolean
mr_text_is_email (const char *text)
{
  const char *at;
  const char *last_dot;
  g_auto (GStrv) labels = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>' || *p == '"')
      return FALSE;
  if (text[0] == '.' || at[-1] == '.' || strstr (text, "..") != NULL)
    return FALSE;
  last_dot = strrchr (at + 1, '.');
  if (last_dot == NULL || strlen (last_dot + 1) < 2)
    return FALSE;
  labels = g_strsplit (at + 1, ".", -1);
  for (guint i = 0; labels[i]; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0 || labels[i][0] == '-' || labels[i][len - 1] == '-')
        return FALSE;
    }
  return TRUE;
}

/* Phone numbers as people write them: digits with spaces, dots, dashes,
 * parentheses, a leading +, and an optional extension ("x12", "ext. 12",
 * "poste 12"). At least three digits. */
gboolean
mr_text_is_phone (const char *text)
{
  g_autofree char *folded = mr_text_fold (text);
  guint digits = 0;
  const char *p = folded;

  while (*p)
    {
      if (g_ascii_isdigit (*p))
        digits++, p++;
      else if (strchr (" .-()/+", *p) != NULL)
        p++;
      else if (g_str_has_prefix (p, "ext"))
        p += 3;
      else if (g_str_has_prefix (p, "poste"))
        p += 5;
      else if (*p == 'x')
        p++;
      else
        return FALSE;
    }
  return digits >= 3;
}

/* Turns what the user typed into an FTS5 query: every word becomes a
 * quoted prefix term, all terms must match. Quoting means no user input is
 * ever parsed as FTS5 syntax. Returns NULL when nothing searchable is left. */
char *
mr_text_fts_query (const char *user_text)
{
  GString *q = g_string_new (NULL);
  GString *tok = g_string_new (NULL);
  const char *p;

  if (user_text == NULL || !g_utf8_validate (user_text, -1, NULL))
    user_text = "";

  for (p = user_text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (tok, c);
          continue;
        }
      if (tok->len > 0)
        {
          if (q->len > 0)
            g_string_append_c (q, ' ');
          g_string_append_printf (q, "\"%s\"*", tok->str);
          g_string_truncate (tok, 0);
        }
      if (c == 0)
        break;
    }
  g_string_free (tok, TRUE);
  if (q->len == 0)
    {
      g_string_free (q, TRUE);
      return NULL;
    }
  return g_string_free (q, FALSE);
}

char *
mr_text_initials (const char *first, const char *last)
{
  GString *s = g_string_new (NULL);

  if (first && !g_utf8_validate (first, -1, NULL))
    first = NULL;
  if (last && !g_utf8_validate (last, -1, NULL))
    last = NULL;
  if (first && *first)
    g_string_append_unichar (s, g_unichar_toupper (g_utf8_get_char (first)));
  if (last && *last)
    g_string_append_unichar (s, g_unichar_toupper (g_utf8_get_char (last)));
  return g_string_free (s, FALSE);
}
