#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures a meson build directory once; reconfigures it when an optional file appears or
# disappears: a test folder's meson.build (tests/meson.build only includes the folders that
# have one) or a screenshot that data/meson.build installs. Meson cannot watch for a file
# that does not exist yet.
# Usage: build-aux/setup.sh BUILDDIR [meson setup options]
set -eu

dir=$1
shift
srcroot=$(cd "$(dirname "$0")/.." && pwd)
meson=${MESON:-meson}

optional=$(cd "$srcroot" && find tests src data/screenshots -maxdepth 2 \( -path "*/*/meson.build" -o -name "*.png" \) 2>/dev/null | LC_ALL=C sort | tr "\n" " ")
stamp="$dir/mailroom-optional-files.stamp"

if [ ! -f "$dir/meson-private/coredata.dat" ]; then
  "$meson" setup "$dir" "$srcroot" "$@"
elif [ "$(cat "$stamp" 2>/dev/null || true)" != "$optional" ]; then
  echo "setup: optional files appeared or went away; reconfiguring $dir"
  "$meson" setup --reconfigure "$dir" "$srcroot" "$@"
fi
printf '%s\n' "$optional" > "$stamp"
