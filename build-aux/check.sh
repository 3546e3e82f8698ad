#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make check: build, run every test in a test session, then the unit suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer, and close with one line
# "N passed, N failed, N skipped" summed over both runs. Exits 1 if anything failed.
# Usage: build-aux/check.sh BUILDDIR ASANDIR          (MESON_TEST_ARGS adds meson test options)
set -eu

builddir=${1:-build}
asandir=${2:-build-asan}
srcroot=$(cd "$(dirname "$0")/.." && pwd)
cd "$srcroot"

session=build-aux/test-session.sh
# Debian's python3 (meson's own); a pyenv or venv python3 earlier in PATH would also do.
python=/usr/bin/python3
[ -x "$python" ] || python=python3
failed_steps=""
logs=""
rc=0

step() { printf '\n==> %s\n' "$*"; }

configure() { # DIR [meson setup options]
  sh build-aux/setup.sh "$@"
}

# 1. Everything, in the normal build.
log="$builddir/meson-logs/testlog.json"
step "build ($builddir)"
if configure "$builddir" && meson compile -C "$builddir"; then
  rm -f "$log"
  step "meson test -C $builddir (all suites)"
  # shellcheck disable=SC2086 # MESON_TEST_ARGS is a list of options
  "$session" meson test -C "$builddir" --print-errorlogs ${MESON_TEST_ARGS:-} || rc=1
  if [ -f "$log" ]; then logs="$logs $log"; else failed_steps="$failed_steps tests($builddir)"; fi
else
  rc=1
  failed_steps="$failed_steps build($builddir)"
fi

# 2. The unit suite under ASan + UBSan. Leak reports are off: GLib and GTK keep
# intentional one-time allocations that LeakSanitizer would report as noise.
alog="$asandir/meson-logs/testlog.json"
step "sanitizer build ($asandir)"
if configure "$asandir" -Db_sanitize=address,undefined -Db_lundef=false; then
  rm -f "$alog"
  if meson introspect --tests "$asandir" | "$python" -c 'import json,sys; sys.exit(0 if any("unit" in t["suite"] or any(s.endswith(":unit") for s in t["suite"]) for t in json.load(sys.stdin)) else 1)'; then
    step "meson test -C $asandir --suite unit (ASan + UBSan)"
    ASAN_OPTIONS=detect_leaks=0 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$session" meson test -C "$asandir" --suite unit --print-errorlogs || rc=1
    if [ -f "$alog" ]; then logs="$logs $alog"; else failed_steps="$failed_steps tests($asandir)"; fi
  else
    echo "no test in suite 'unit' yet; nothing to run under the sanitizers"
  fi
else
  rc=1
  failed_steps="$failed_steps setup($asandir)"
fi

# 3. One closing line over both runs (the style suite ran with everything in step 1).
# Paths come from make variables and contain no spaces.
step "summary"
set --
for s in $failed_steps; do
  set -- "$@" --failed-step "$s"
done
# shellcheck disable=SC2086 # one word per log
"$python" tests/summary.py "$@" $logs || rc=1
exit "$rc"
