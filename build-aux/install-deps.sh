#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs, on Debian 12, only the packages and locales Mailroom needs that are missing.
# As root it runs apt-get; otherwise it prints what to install and fails.
set -eu

PACKAGES="build-essential meson ninja-build pkg-config gettext
libgtk-4-dev libadwaita-1-dev libsqlite3-dev libcurl4-openssl-dev libsecret-1-dev
libpoppler-glib-dev libqrencode-dev libzbar-dev libzint-dev libjson-glib-dev
libsoup-3.0-dev libpq-dev libarchive-dev openssh-client openssh-server
xvfb xauth dbus-x11 gnome-keyring zbar-tools desktop-file-utils appstream-util appstream
libsecret-tools poppler-utils imagemagick sqlite3 libgtk-4-bin xdotool python3-dogtail
at-spi2-core clang-format clang libclang-rt-14-dev hyperfine locales
libcups2-dev glabels-data glabels zint dmtx-utils cups printer-driver-cups-pdf qrencode"

LOCALES="fr_FR.UTF-8 en_US.UTF-8"

is_root() { [ "$(id -u)" -eq 0 ]; }

missing=""
for p in $PACKAGES; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing="$missing $p"
done
missing=${missing# }

if [ -n "$missing" ]; then
  if ! is_root; then
    echo "Missing packages: $missing" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y $missing" >&2
    exit 1
  fi
  echo "Installing: $missing"
  apt-get update -q
  # Recommends stay on (apt's default): this is the combination that was verified.
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
fi

# Locales: "fr_FR.UTF-8" is listed by `locale -a` as "fr_FR.utf8".
missing_locales=""
for l in $LOCALES; do
  short=$(printf '%s' "$l" | sed 's/\.UTF-8$/.utf8/')
  locale -a 2>/dev/null | grep -qix -e "$l" -e "$short" || missing_locales="$missing_locales $l"
done
missing_locales=${missing_locales# }

if [ -n "$missing_locales" ]; then
  if ! is_root; then
    echo "Missing locales: $missing_locales" >&2
    echo "Generate them with: sudo localedef -i fr_FR -f UTF-8 fr_FR.UTF-8 (and the same for en_US)" >&2
    exit 1
  fi
  echo "Generating locales: $missing_locales"
  for l in $missing_locales; do
    # Enable the locale in /etc/locale.gen so that a later locale-gen keeps it.
    if [ -f /etc/locale.gen ] && grep -q "^# *$l UTF-8" /etc/locale.gen; then
      sed -i "s/^# *\($l UTF-8\)/\1/" /etc/locale.gen
    elif ! grep -q "^$l UTF-8" /etc/locale.gen 2>/dev/null; then
      echo "$l UTF-8" >> /etc/locale.gen
    fi
  done
  if command -v locale-gen >/dev/null 2>&1; then
    locale-gen
  else
    for l in $missing_locales; do
      localedef -i "${l%%.*}" -f UTF-8 "$l"
    done
  fi
fi

echo "deps: all $(echo "$PACKAGES" | wc -w) packages and locales ($LOCALES) are present"
