#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the message template extracted from every file in po/POTFILES.in.
# Usage: build-aux/gen-pot.sh SRCROOT OUTPUT.pot
# The keywords match meson's i18n 'glib' preset, so this agrees with `meson compile mailroom-pot`.
set -eu

srcroot=$1
out=$2

command -v xgettext >/dev/null 2>&1 || { echo "gen-pot: xgettext not found (apt-get install gettext)" >&2; exit 1; }

files=$(mktemp)
trap 'rm -f "$files"' EXIT
# Blank lines and comments are not file names.
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$srcroot/po/POTFILES.in" > "$files" || true

version=$(sed -n "s/^[[:space:]]*version:[[:space:]]*'\([^']*\)'.*/\1/p" "$srcroot/meson.build" | head -n 1)

xgettext \
  --directory="$srcroot" \
  --files-from="$files" \
  --output="$out" \
  --from-code=UTF-8 \
  --add-comments \
  --package-name=mailroom \
  --package-version="${version:-0}" \
  --msgid-bugs-address=https://mailroom.example.org \
  --keyword=_ \
  --keyword=N_ \
  --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 \
  --keyword=g_dpgettext2:2c,3 \
  --keyword=ngettext:1,2 \
  --flag=N_:1:pass-c-format \
  --flag=C_:2:pass-c-format \
  --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format \
  --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format \
  --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format \
  --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format \
  --flag=g_log:3:c-format \
  --flag=g_print:1:c-format \
  --flag=g_printerr:1:c-format \
  --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format \
  --flag=g_sprintf:2:c-format \
  --flag=g_snprintf:3:c-format

# xgettext writes nothing when there is no message at all; callers expect a file.
if [ ! -f "$out" ]; then
  printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' > "$out"
fi
