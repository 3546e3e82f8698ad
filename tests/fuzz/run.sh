#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# a while. Usage: run.sh SOURCE_ROOT BUILD_ROOT [SECONDS]
# In `make check` it runs briefly; run it longer by hand:
#   sh tests/fuzz/run.sh . build 600
set -eu
src=$(cd "$1" && pwd)
out="$2/fuzz"
secs="${3:-20}"

if ! command -v clang >/dev/null 2>&1; then
  echo "clang not installed: skipping fuzzing"
  exit 77
fi
mkdir -p "$out"
core_srcs=$(ls "$src"/src/core/*.c)
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE -DGETTEXT_PACKAGE=\"mailroom\" -I$src/src/core -I$2"
pkgs="glib-2.0 gio-2.0 gobject-2.0 json-glib-1.0 sqlite3"

for target in "$src"/tests/fuzz/fuzz-*.c; do
  name=$(basename "$target" .c)
  corpus_src="$src/tests/fuzz/corpus/${name#fuzz-}"
  corpus="$out/corpus-${name#fuzz-}"
  mkdir -p "$corpus"
  [ -d "$corpus_src" ] && cp -n "$corpus_src"/* "$corpus"/ 2>/dev/null || true
  # shellcheck disable=SC2086
  clang $flags -o "$out/$name" "$target" $core_srcs $(pkg-config --cflags --libs $pkgs) -lm
  echo "== $name for ${secs}s"
  ASAN_OPTIONS=detect_leaks=0 "$out/$name" -max_total_time="$secs" -max_len=512 \
    -artifact_prefix="$out/$name-" \
    -print_final_stats=1 "$corpus" >"$out/$name.log" 2>&1 || {
      tail -n 60 "$out/$name.log"; exit 1; }
  tail -n 3 "$out/$name.log"
done
