#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command the way every Mailroom test expects to run: a throwaway HOME and
# XDG_RUNTIME_DIR, an Xvfb display, a private D-Bus session (so AT-SPI and the secret
# service are reachable and nothing outlives the command) and an unlocked gnome-keyring.
# Usage: build-aux/test-session.sh COMMAND [ARG]...
set -eu

[ "$#" -gt 0 ] || { echo "usage: $0 COMMAND [ARG]..." >&2; exit 2; }

for tool in xvfb-run dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test-session: $tool not found (make deps)" >&2; exit 1; }
done

session_home=$(mktemp -d "${TMPDIR:-/tmp}/mailroom-test-home.XXXXXX")
chmod 700 "$session_home"
trap 'rm -rf "$session_home"' EXIT INT TERM

export HOME="$session_home"
export XDG_RUNTIME_DIR="$session_home"
# Everything else derives from HOME; a developer's own settings must not leak in.
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME
unset WAYLAND_DISPLAY DISPLAY DBUS_SESSION_BUS_ADDRESS GDK_BACKEND

rc=0
# An empty keyring password does not create the login keyring: use a non-empty one.
xvfb-run -a -s '-screen 0 1280x800x24' \
  dbus-run-session -- \
  sh -c 'printf mailroom-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' \
  test-session "$@" || rc=$?
exit "$rc"
