#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every C source and header under src/ and tests/ must match .clang-format.
# Usage: tests/check-format.sh [SRCROOT]           check (exit 77 = skipped, no clang-format)
#        tests/check-format.sh --fix [SRCROOT]     reformat in place (make format)
set -eu

fix=0
if [ "${1:-}" = --fix ]; then
  fix=1
  shift
fi
srcroot=${1:-$(dirname "$0")/..}
cd "$srcroot"

clang_format=${CLANG_FORMAT:-clang-format}
if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "check-format: $clang_format not found (apt-get install clang-format); skipping"
  [ "$fix" -eq 1 ] && exit 1
  exit 77
fi

list=$(mktemp)
trap 'rm -f "$list"' EXIT

# Files git knows about (tracked, or new and not ignored); a plain find outside a git checkout.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files --cached --others --exclude-standard -- 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h'
else
  find src tests -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null
fi | LC_ALL=C sort -u | while IFS= read -r f; do
  [ -f "$f" ] && printf '%s\n' "$f"
done > "$list"

n=$(wc -l < "$list")
if [ "$n" -eq 0 ]; then
  echo "check-format: no C file under src/ or tests/ yet; skipping"
  [ "$fix" -eq 1 ] && exit 0
  exit 77
fi

if [ "$fix" -eq 1 ]; then
  tr '\n' '\0' < "$list" | xargs -0 "$clang_format" -i --style=file
  echo "check-format: formatted $n files"
  exit 0
fi

bad=0
while IFS= read -r f; do
  if ! "$clang_format" --dry-run --Werror --style=file "$f" >/dev/null 2>&1; then
    echo "not formatted: $f"
    bad=$((bad + 1))
  fi
done < "$list"

if [ "$bad" -ne 0 ]; then
  echo "check-format: $bad of $n files need formatting; run 'make format' (clang-format -i)"
  exit 1
fi
echo "check-format: $n files formatted"
