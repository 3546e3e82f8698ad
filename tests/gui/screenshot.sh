#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Screenshot of the Contacts section on a demo database, in a 1280×800 Xvfb screen.
# Usage: tests/gui/screenshot.sh BUILDDIR OUT.png [en|fr]
# MAILROOM_SHOT_WIDTH and MAILROOM_SHOT_HEIGHT size the window (default 1280×800).
# Needs xvfb-run, dbus-run-session, xdotool and ImageMagick's import.
set -eu

[ "$#" -ge 2 ] || { echo "usage: $0 BUILDDIR OUT.png [en|fr]" >&2; exit 2; }
builddir=$(cd "$1" && pwd)
out=$2
lang=${3:-en}
case "$out" in /*) ;; *) out="$(pwd)/$out" ;; esac

for tool in xvfb-run dbus-run-session xdotool import; do
  command -v "$tool" >/dev/null 2>&1 || { echo "screenshot: $tool not found" >&2; exit 1; }
done

db="$builddir/screenshot-demo.db"
if [ ! -f "$db" ]; then
  if [ -x "$builddir/src/cli/mailroom-cli" ]; then
    "$builddir/src/cli/mailroom-cli" demo --db "$db" --contacts 300
  else
    "$builddir/tests/gui/make-demo-db" "$db" 300
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mailroom-shot.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# Settings through a keyfile, so the window size and language are set before the
# app starts, and nothing of the developer's own settings is used.
mkdir -p "$work/config/glib-2.0/settings"
cat > "$work/config/glib-2.0/settings/keyfile" <<KEYFILE
[org/gnome/Mailroom]
window-width=${MAILROOM_SHOT_WIDTH:-1280}
window-height=${MAILROOM_SHOT_HEIGHT:-800}
window-maximized=false
language='$lang'
KEYFILE

cat > "$work/inner.sh" <<'INNER'
set -eu
"$MR_APP" --db "$MR_DB" >"$MR_WORK/app.log" 2>&1 &
pid=$!
wid=$(xdotool search --sync --onlyvisible --pid "$pid" | head -n 1)
sleep 1.5
# Select the third contact: the first rows of the list, under the search bar.
xdotool mousemove --window "$wid" 160 250 click 1
sleep 1.5
import -window root "$MR_OUT"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
INNER

env -u DBUS_SESSION_BUS_ADDRESS \
  HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work" \
  GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$builddir/data" \
  GTK_A11Y=none LANG=C.UTF-8 LC_ALL=C.UTF-8 MAILROOM_PAGE=contacts \
  MR_APP="$builddir/src/gui/mailroom" MR_DB="$db" MR_OUT="$out" MR_WORK="$work" \
  xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- sh "$work/inner.sh"

echo "screenshot: $out ($lang)"
