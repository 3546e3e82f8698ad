#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the benchmarks and writes the tables to BUILDDIR/bench-results.txt.
#   1. search latency per keystroke over 100,000 contacts, against a LIKE scan
#   2. cold start to first frame, against an empty AdwApplicationWindow (needs xvfb-run)
#   4. 1,000 package labels to one PDF, against glabels-3-batch and the zint CLI
#   5. locker map reads over 5,000 doors, against the sqlite3 CLI count query
#   6. receiving: scan-to-durable latency against a bare INSERT+COMMIT, carrier identification
#      of 1,000,000 numbers against bare GRegex matching, lists over 1,000,000 packages
#   7. 10,000 locker drop-offs auto-assigned, against the bare SQLite writes they need
#   8. the locker map's frame for 5,000 doors, against an empty frame (needs xvfb-run)
# Usage: tests/bench/run-all.sh BUILDDIR   (what `make bench` runs after `make build`)
# Environment: BENCH_CONTACTS (100000 in the database), BENCH_TYPED (300 contacts typed
# for the search queries), BENCH_RUNS (15 start-ups each), BENCH_WARMUP (2), BENCH_DROPOFFS
# (10000), BENCH_DROPOFF_DIR (where the drop-off databases go: TMPDIR, a disk, by default; a
# tmpfs leaves the CPU alone), BENCH_MAP_FRAMES (300 of each kind).
# Takes about 10 minutes on 2 cores, most of it in the LIKE scans of the reference.
set -euo pipefail

builddir=$(cd "${1:-${BUILDDIR:-build}}" && pwd)
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
benchdir=$builddir/tests/bench
contacts=${BENCH_CONTACTS:-100000}
typed=${BENCH_TYPED:-300}
runs=${BENCH_RUNS:-15}
warmup=${BENCH_WARMUP:-2}
results=$builddir/bench-results.txt
db=$builddir/bench-$contacts.db
cli=$builddir/src/cli/mailroom-cli
app=$builddir/src/gui/mailroom
status=0

for prog in bench-search bench-fill empty-window; do
  if [ ! -x "$benchdir/$prog" ]; then
    echo "run-all.sh: $benchdir/$prog is missing; run 'make build' first" >&2
    exit 1
  fi
done

# Prefer the generator users get (`mailroom-cli demo`); bench-fill is the
# fallback for a tree whose CLI has no demo command. The stamp records the
# generator and a digest of the sources that shape the file (schema, index,
# generators), so the cached database is remade when any of them changes
# and reused otherwise.
if [ -x "$cli" ] && "$cli" demo --help >/dev/null 2>&1; then
  source="mailroom-cli demo --contacts $contacts --lockers 200 --packages 2000 --seed 1"
else
  source="bench-fill $contacts 1 (mailroom-cli demo not available)"
fi
digest=$(cd "$srcdir" && { cat src/core/mr-schema.c src/core/mr-contact-index.c src/core/mr-demo*.c \
  tests/bench/bench-fill.c 2>/dev/null || true; } | sha1sum | cut -c1-12)
source="$source [sources $digest]"
if [ ! -f "$db" ] || [ "$(cat "$db.source" 2>/dev/null || true)" != "$source" ]; then
  echo "Making $db with $source (cached for the next runs)"
  rm -f "$db" "$db-wal" "$db-shm" "$db-search" "$db-search-wal" "$db-search-shm" "$db.source"
  start=$(date +%s)
  case $source in
    mailroom-cli\ *)
      "$cli" demo --db "$db" --contacts "$contacts" --lockers 200 --packages 2000 --seed 1 \
        >/dev/null ;;
    *)
      "$benchdir/bench-fill" "$db" "$contacts" 1 ;;
  esac
  echo "  took $(($(date +%s) - start)) s"
  printf '%s\n' "$source" > "$db.source"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

{
  echo "Mailroom benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "  tree:     $srcdir ($(git -C "$srcdir" rev-parse --short HEAD 2>/dev/null || echo '?')$(
    [ -n "$(git -C "$srcdir" status --porcelain 2>/dev/null | head -1)" ] && echo ', modified'))"
  echo "  build:    $builddir (buildtype $(python3 -c 'import json, sys
print(next(o["value"] for o in json.load(open(sys.argv[1])) if o["name"] == "buildtype"))' \
    "$builddir/meson-info/intro-buildoptions.json" 2>/dev/null || echo '?'))"
  echo "  machine:  $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
  echo "  sqlite3:  CLI $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
  echo "  database: $db ($source)"
  echo
} > "$tmp/header.txt"
cat "$tmp/header.txt"

# 1. Search latency
if "$benchdir/bench-search" --db "$db" --contacts "$typed" > "$tmp/search.txt" 2> "$tmp/search.err"; then
  :
else
  rc=$?
  echo "bench-search failed (exit $rc):" >> "$tmp/search.txt"
  status=1
fi
cat "$tmp/search.err" >> "$tmp/search.txt"
cat "$tmp/search.txt"
echo

# 2. Cold start to first frame
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "Cold start to first frame: SKIPPED (needs xvfb-run and dbus-run-session;" \
    "apt-get install xvfb dbus)" > "$tmp/startup.txt"
elif [ ! -x "$app" ]; then
  echo "Cold start to first frame: SKIPPED ($app is not built)" > "$tmp/startup.txt"
elif xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
  python3 "$srcdir/tests/bench/bench-startup.py" --runs "$runs" --warmup "$warmup" \
  --schema-dir "$builddir/data" --app "$app" --db "$db" --contacts "$contacts" --baseline "$benchdir/empty-window" \
  > "$tmp/startup.txt" 2> "$tmp/startup.err"; then
  :
else
  rc=$?
  {
    echo "Cold start to first frame: FAILED (exit $rc)"
    grep -v 'Failed to set fd limit' "$tmp/startup.err" | tail -20
  } >> "$tmp/startup.txt"
  status=1
fi
cat "$tmp/startup.txt"

# 3. CSV import and export
if command -v sqlite3 >/dev/null 2>&1 && \
  python3 "$srcdir/tests/bench/bench-csv.py" --cli "$cli" --db "$db" > "$tmp/csv.txt" 2> "$tmp/csv.err"; then
  :
else
  { echo "CSV import/export: FAILED"; tail -20 "$tmp/csv.err" 2>/dev/null; } >> "$tmp/csv.txt"
  status=1
fi
cat "$tmp/csv.txt"

# 4. Batch labels: 1,000 package labels to one PDF, against glabels-3-batch and the zint CLI
if "$benchdir/bench-labels" --cli "$cli" --runs "${BENCH_LABEL_RUNS:-3}" > "$tmp/labels.txt" 2> "$tmp/labels.err"; then
  :
else
  { echo "Batch labels: FAILED (exit $?)"; grep -v "not read" "$tmp/labels.err" | tail -20; } >> "$tmp/labels.txt"
  status=1
fi
cat "$tmp/labels.txt"

# 5. Locker map reads over 5,000 doors, against the sqlite3 CLI's count query (~20 s)
if "$benchdir/bench-lockers" --runs "${BENCH_LOCKER_RUNS:-50}" > "$tmp/lockers.txt" 2> "$tmp/lockers.err"; then
  :
else
  { echo "Locker map reads: FAILED (exit $?)"; tail -20 "$tmp/lockers.err"; } >> "$tmp/lockers.txt"
  status=1
fi
cat "$tmp/lockers.txt"

# 6. Receiving (the 1,000,000-package database is made once, ~10 min, then kept in $builddir)
echo
if "$benchdir/bench-receiving" --dir "$builddir" --scans "${BENCH_SCANS:-300}" \
  --packages "${BENCH_PACKAGES:-1000000}" > "$tmp/receiving.txt" 2> "$tmp/receiving.err"; then
  :
else
  { echo "Receiving: FAILED (exit $?)"; tail -20 "$tmp/receiving.err"; } >> "$tmp/receiving.txt"
  status=1
fi
cat "$tmp/receiving.txt"
echo

# 7. Locker drop-offs: 10,000 auto-assigned (rules, code, journal) against the bare writes (~3 min)
dropoff_args=(--dropoffs "${BENCH_DROPOFFS:-10000}")
[ -n "${BENCH_DROPOFF_DIR:-}" ] && dropoff_args+=(--dir "$BENCH_DROPOFF_DIR")
if [ ! -x "$benchdir/bench-locker-dropoff" ]; then
  echo "Locker drop-offs: SKIPPED ($benchdir/bench-locker-dropoff is not built)" > "$tmp/dropoff.txt"
elif "$benchdir/bench-locker-dropoff" "${dropoff_args[@]}" > "$tmp/dropoff.txt" 2> "$tmp/dropoff.err"; then
  :
else
  { echo "Locker drop-offs: FAILED (exit $?)"; tail -20 "$tmp/dropoff.err"; } >> "$tmp/dropoff.txt"
  status=1
fi
cat "$tmp/dropoff.txt"
echo

# 8. The locker map's frame for 5,000 doors against an empty frame of the same widget (~1 min)
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "Locker map frames: SKIPPED (needs xvfb-run and dbus-run-session;" \
    "apt-get install xvfb dbus)" > "$tmp/map.txt"
elif [ ! -x "$benchdir/bench-locker-map" ]; then
  echo "Locker map frames: SKIPPED ($benchdir/bench-locker-map is not built)" > "$tmp/map.txt"
elif xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
  env GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory \
  "$benchdir/bench-locker-map" --frames "${BENCH_MAP_FRAMES:-300}" \
  > "$tmp/map.txt" 2> "$tmp/map.err"; then
  :
else
  rc=$?
  {
    echo "Locker map frames: FAILED (exit $rc)"
    grep -v 'Failed to set fd limit' "$tmp/map.err" | tail -20
  } >> "$tmp/map.txt"
  status=1
fi
cat "$tmp/map.txt"

cat "$tmp/header.txt" "$tmp/search.txt" > "$results"
echo >> "$results"
cat "$tmp/startup.txt" >> "$results"
echo >> "$results"
cat "$tmp/csv.txt" >> "$results"
echo >> "$results"
cat "$tmp/labels.txt" >> "$results"
echo >> "$results"
cat "$tmp/lockers.txt" >> "$results"
echo >> "$results"
cat "$tmp/receiving.txt" >> "$results"
echo >> "$results"
cat "$tmp/dropoff.txt" >> "$results"
echo >> "$results"
cat "$tmp/map.txt" >> "$results"
echo
echo "Written to $results"
exit $status
