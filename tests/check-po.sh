#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every language in po/LINGUAS must be 100 % translated against the CURRENT sources: the
# template is regenerated from po/POTFILES.in, each .po is merged against it in a temporary
# directory, and any untranslated or fuzzy message fails. French msgstrs must also follow
# French typography (no-break space before : ; ? ! and inside « »).
# Usage: tests/check-po.sh [SRCROOT]      To fix: make po-update, then translate po/LL.po.
set -eu

srcroot=$(cd "${1:-$(dirname "$0")/..}" && pwd)
export LC_ALL=C.UTF-8

for tool in xgettext msgmerge msgfmt msgattrib; do
  command -v "$tool" >/dev/null 2>&1 || { echo "check-po: $tool not found (apt-get install gettext)"; exit 77; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$srcroot/build-aux/gen-pot.sh" "$srcroot" "$tmp/mailroom.pot"

status=0
langs=$(sed -e 's/#.*//' "$srcroot/po/LINGUAS" | tr -s ' \t' '\n' | grep -v '^$' || true)
[ -n "$langs" ] || { echo "check-po: po/LINGUAS lists no language"; exit 1; }

for lang in $langs; do
  po="$srcroot/po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "po/$lang.po is missing (listed in po/LINGUAS)"
    status=1
    continue
  fi

  # The committed file must itself be valid (format strings, header, plural forms).
  if ! msgfmt --check -o /dev/null "$po"; then
    echo "po/$lang.po: msgfmt --check failed"
    status=1
    continue
  fi

  msgmerge --quiet --no-wrap -o "$tmp/$lang.po" "$po" "$tmp/mailroom.pot"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "po/$lang.po against the current sources: $stats"
  case "$stats" in
    *untranslated* | *fuzzy*)
      status=1
      echo "  untranslated or fuzzy in $lang (run 'make po-update' and translate po/$lang.po):"
      msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" \
        | sed -n 's/^msgid "\(..*\)"$/    untranslated: "\1"/p'
      msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$lang.po" \
        | sed -n 's/^msgid "\(..*\)"$/    fuzzy: "\1"/p'
      ;;
    *) ;;
  esac

  if [ "$lang" = fr ]; then
    # Lines of msgstr text (continuation lines included, header excluded) with an ordinary
    # space before : ; ? ! » or after «.
    bad=$(awk '
      /^msgid / { n++; header = (n == 1 && $0 == "msgid \"\"") }
      /^msgstr/ { in_str = 1 }
      /^msgid/ || /^#/ || /^$/ { if ($0 !~ /^msgstr/) in_str = 0 }
      in_str && !header && ($0 ~ / (:|;|[?]|!|»)/ || $0 ~ /« /) { print NR ": " $0 }
    ' "$tmp/$lang.po")
    if [ -n "$bad" ]; then
      status=1
      echo "  po/fr.po: use a no-break space (U+00A0 or U+202F) before : ; ? ! » and after «:"
      echo "$bad" | sed 's/^/    /'
    fi
  fi
done

exit "$status"
