/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *mr_text_fold (const char *text);
char *mr_text_strip_dup (const char *text);
gboolean mr_text_is_blank (const char *text);
gboolean mr_text_is_email (const char *text);
gboolean mr_text_is_phone (const char *text);
char *mr_text_fts_query (const char *user_text);
char *mr_text_initials (const char *first, const char *last);

G_END_DECLS
