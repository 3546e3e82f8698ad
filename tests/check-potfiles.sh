#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# po/POTFILES.in must list every file with translatable strings under src/, resources/ and
# data/, list only files that exist, and be sorted (LC_ALL=C); no image under data/ may look
# like one.
# Usage: tests/check-potfiles.sh [SRCROOT]
set -eu

srcroot=${1:-$(dirname "$0")/..}
cd "$srcroot"
export LC_ALL=C

potfiles=po/POTFILES.in
[ -f "$potfiles" ] || { echo "check-potfiles: $potfiles is missing" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$potfiles" | sed 's/[[:space:]]*$//' > "$tmp/listed"

status=0

# 1. Every entry exists.
while IFS= read -r f; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in lists a file that does not exist: $f"
    status=1
  fi
done < "$tmp/listed"

# 2. Sorted, without duplicates.
if ! sort -u -c "$tmp/listed" 2>/dev/null; then
  echo "po/POTFILES.in is not sorted (LC_ALL=C sort -u); expected order:"
  sort -u "$tmp/listed" | sed 's/^/  /'
  status=1
fi

# 3. Every file with a translatable string is listed. Only files xgettext reads are looked at
# (C sources and headers, GtkBuilder .ui, XML and .in templates).
for d in src resources data; do
  [ -d "$d" ] || continue
  find "$d" -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' -o -name '*.xml' -o -name '*.in' \) -print
done | sort > "$tmp/candidates"

: > "$tmp/translatable"
while IFS= read -r f; do
  if grep -q -E '(^|[^A-Za-z0-9_])(_|N_|C_|NC_)[[:space:]]*\(|translatable="yes"' "$f"; then
    echo "$f" >> "$tmp/translatable"
  fi
done < "$tmp/candidates"

missing=$(sort -u "$tmp/listed" | comm -23 "$tmp/translatable" -)
if [ -n "$missing" ]; then
  echo "These files have translatable strings but are missing from po/POTFILES.in:"
  echo "$missing" | sed 's/^/  /'
  status=1
fi

# 4. No image under data/ holds bytes a gettext scanner reads as a call ("_(" in compressed
# pixels): scanners that look at every file would ask for it in POTFILES.in. Re-encoding the
# PNG losslessly with other zlib settings changes the bytes, not the pixels, e.g.
#   convert F -define png:compression-level=9 -define png:compression-filter=N F
find data -type f -name '*.png' 2>/dev/null | sort > "$tmp/images"
while IFS= read -r f; do
  if grep -a -q -E '(^|[^A-Za-z0-9_])(_|N_|C_|NC_)[[:space:]]*\(' "$f"; then
    echo "$f: its bytes look like a gettext call to a scanner; re-encode it losslessly (tests/check-potfiles.sh says how)"
    status=1
  fi
done < "$tmp/images"

if [ "$status" -eq 0 ]; then
  echo "po/POTFILES.in: $(wc -l < "$tmp/listed") files, complete and sorted"
fi
exit "$status"
