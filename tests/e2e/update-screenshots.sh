#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Refreshes the screenshots the metainfo points to (data/screenshots/
# address-book-en.png and address-book-fr.png): runs the end-to-end address
# book scenario in English and in French, each in its own Xvfb and D-Bus session,
# and copies the screenshot of its last step, but only from a run that passed.
# Usage: tests/e2e/update-screenshots.sh BUILDDIR
# Needs Xvfb, dbus-run-session, xdotool, ImageMagick's import and Debian's
# python3 with pyatspi (make deps installs them).
set -eu

[ "$#" -eq 1 ] || { echo "usage: $0 BUILDDIR" >&2; exit 2; }
builddir=$(cd "$1" && pwd)
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
python=/usr/bin/python3

for f in "$builddir/src/gui/mailroom" "$builddir/src/cli/mailroom-cli"; do
  [ -x "$f" ] || { echo "update-screenshots: $f not built (meson compile -C $1)" >&2; exit 1; }
done

mkdir -p "$builddir/tests/e2e" "$srcdir/data/screenshots"
rc=0
for lang in en fr; do
  shot="$builddir/tests/e2e/address-book-$lang.png"
  log="$builddir/tests/e2e/update-screenshots-$lang.log"
  rm -f "$shot"
  echo "update-screenshots: $lang scenario…"
  "$python" "$srcdir/tests/e2e/test_addressbook.py" --lang "$lang" \
    --app "$builddir/src/gui/mailroom" --cli "$builddir/src/cli/mailroom-cli" \
    --schema-dir "$builddir/data" --locale-dir "$builddir/po" \
    --screenshot "$shot" >"$log" 2>&1 || true
  if grep -q '^not ok' "$log" || ! grep -q '^1\.\.[1-9]' "$log" || [ ! -s "$shot" ]; then
    echo "update-screenshots: the $lang run failed; data/screenshots/ left as it was:" >&2
    grep -E '^(not ok|# )' "$log" >&2 || cat "$log" >&2
    rc=1
    continue
  fi
  cp "$shot" "$srcdir/data/screenshots/address-book-$lang.png"
  echo "update-screenshots: data/screenshots/address-book-$lang.png"
done
exit "$rc"
