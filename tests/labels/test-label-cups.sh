#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Printing end to end through a real CUPS: starts a private cupsd on 127.0.0.1 (its own
# configuration, port, spool and logs under a temporary folder; no system service), adds a
# cups-pdf queue and a raw socket queue, prints a sheet of labels and a ZPL job with
# `mailroom-cli labels print`, waits for the PDF that cups-pdf writes, rasterises it with
# pdftoppm and reads the barcodes back with zbarimg; the raw job must arrive byte for byte.
#
# cups-pdf reads its settings from /etc/cups only. To leave the system's /etc/cups alone, cupsd
# runs in a private mount namespace (unshare -m) where a temporary folder is mounted over
# /etc/cups; where namespaces are not allowed, a per-queue file /etc/cups/cups-pdf-QUEUE.conf
# is written and removed again on exit.
#
# Needs root (cupsd runs the cups-pdf backend as root), cups, printer-driver-cups-pdf,
# poppler-utils and zbar-tools; exits 77 (skipped) without them.
# Environment: MAILROOM_CLI (set by meson), KEEP=1 keeps the folder for a post-mortem.
set -eu

skip() { echo "SKIP: $*"; exit 77; }

[ "$(id -u)" -eq 0 ] || skip "needs root: cupsd runs the cups-pdf backend as root"
for tool in cupsd lpadmin pdftoppm zbarimg python3; do
  command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin"
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is missing (make deps)"
done
[ -x /usr/lib/cups/backend/cups-pdf ] || skip "printer-driver-cups-pdf is not installed"
ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
[ -f "$ppd" ] || skip "$ppd is missing"
cli=${MAILROOM_CLI:?MAILROOM_CLI is not set}

work=$(mktemp -d "${TMPDIR:-/tmp}/mailroom-cups.XXXXXX")
queue="mailroom-test-$$"
fallback_conf=""
cupsd_pid=""
zebra_pid=""

cleanup() {
  status=$?
  if [ -n "$cupsd_pid" ]; then
    kill "$cupsd_pid" 2>/dev/null || true
    # cupsd finishes its jobs' children and exits within a second or two.
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 "$cupsd_pid" 2>/dev/null || break
      sleep 0.3
    done
    kill -9 "$cupsd_pid" 2>/dev/null || true
  fi
  [ -z "$zebra_pid" ] || kill "$zebra_pid" 2>/dev/null || true
  [ -z "$fallback_conf" ] || rm -f "$fallback_conf"
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
    echo "--- cupsd error_log (last lines)"
    tail -n 40 "$work/log/error_log" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/conf" "$work/spool/tmp" "$work/cache" "$work/state" "$work/log" "$work/out" \
  "$work/pdf-spool" "$work/etc-cups" "$work/raw"
# cupsd refuses configuration that others may write, and runs filters as lp.
chmod 755 "$work" "$work/conf" "$work/out"
chmod 755 "$work/raw"
chown root:lp "$work/spool" "$work/spool/tmp" "$work/cache"
chmod 0710 "$work/spool"
chmod 1770 "$work/spool/tmp"
chmod 0770 "$work/cache"

cat > "$work/conf/cupsd.conf" <<EOF
Listen 127.0.0.1:$port
LogLevel debug
Browsing No
WebInterface No
DefaultAuthType None
MaxJobs 50
PreserveJobFiles No
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
cat > "$work/conf/cups-files.conf" <<EOF
ServerRoot $work/conf
RequestRoot $work/spool
TempDir $work/spool/tmp
CacheDir $work/cache
StateDir $work/state
AccessLog $work/log/access_log
ErrorLog $work/log/error_log
PageLog $work/log/page_log
User lp
Group lp
SystemGroup root
FileDevice Yes
Sandboxing Relaxed
EOF
# cups-pdf: its output and spool in our folder.
cat > "$work/etc-cups/cups-pdf.conf" <<EOF
Out $work/out
AnonDirName $work/out
Spool $work/pdf-spool
Label 0
TitlePref 0
UserUMask 0022
Grp root
Log $work/log
LogType 3
EOF
cp "$work/etc-cups/cups-pdf.conf" "$work/etc-cups/cups-pdf-$queue.conf"

if unshare -m true 2>/dev/null; then
  unshare -m sh -c 'mount --bind "$1" /etc/cups && exec cupsd -f -c "$2" -s "$3"' sh \
    "$work/etc-cups" "$work/conf/cupsd.conf" "$work/conf/cups-files.conf" \
    > "$work/log/cupsd.out" 2>&1 &
  cupsd_pid=$!
  echo "cupsd on 127.0.0.1:$port in a private mount namespace"
else
  fallback_conf="/etc/cups/cups-pdf-$queue.conf"
  cp "$work/etc-cups/cups-pdf.conf" "$fallback_conf"
  cupsd -f -c "$work/conf/cupsd.conf" -s "$work/conf/cups-files.conf" \
    > "$work/log/cupsd.out" 2>&1 &
  cupsd_pid=$!
  echo "cupsd on 127.0.0.1:$port (no mount namespace: $fallback_conf until exit)"
fi

export CUPS_SERVER="127.0.0.1:$port"
# Not the user's own client.conf or printers.
export HOME="$work"
unset PRINTER LPDEST

ready=0
for _ in $(seq 1 50); do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
    ready=1
    break
  fi
  kill -0 "$cupsd_pid" 2>/dev/null || { cat "$work/log/cupsd.out"; echo "cupsd exited"; exit 1; }
  sleep 0.2
done
[ "$ready" -eq 1 ] || { echo "cupsd did not listen on $port"; exit 1; }

# A cups-pdf queue, and a raw queue to a stand-in for a Zebra printer: what a networked Zebra
# is to CUPS, a socket (JetDirect, port 9100 on a real one) that takes the bytes and prints
# them. Ours writes them to a file: ZPL must arrive untouched.
zebra_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$zebra_port" "$work/raw/zebra.zpl" > "$work/log/zebra.out" 2>&1 <<'PY' &
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(4)
while True:
    conn, _ = server.accept()
    with conn, open(sys.argv[2], "ab") as out:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            out.write(data)
PY
zebra_pid=$!
lpadmin -h "$CUPS_SERVER" -p "$queue" -E -v cups-pdf:/ -P "$ppd" 2>&1 | grep -v -i deprecat || true
lpadmin -h "$CUPS_SERVER" -p "$queue-zebra" -E -v "socket://127.0.0.1:$zebra_port" 2>&1 \
  | grep -v -i deprecat || true

"$cli" labels print --list-printers > "$work/printers.txt"
grep -qx "$queue" "$work/printers.txt" || { cat "$work/printers.txt"; echo "queue missing"; exit 1; }

# The labels: five asset tags on an Avery 5163 sheet whose first two labels are gone.
cat > "$work/tags.csv" <<EOF
tag,name,owner
A-000101,Laptop 1,Ada Lovelace
A-000102,Laptop 2,Grace Hopper
A-000103,Badge printer,Alan Turing
A-000104,Scanner,Katherine Johnson
A-000105,Monitor,Margaret Hamilton
EOF
"$cli" --db "$work/test.db" labels print --printer "$queue" --kind asset --csv "$work/tags.csv" \
  --template "Avery 5163" --start-position 3 --json > "$work/print.json"
cat "$work/print.json"
python3 - "$work/print.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["labels"] == 5 and r["pages"] == 1 and r["job"] > 0, r
EOF

# cups-pdf writes the PDF when the job is done (through Ghostscript): wait for it.
pdf=""
for _ in $(seq 1 120); do
  pdf=$(find "$work/out" -name '*.pdf' -size +1k 2>/dev/null | head -n 1)
  if [ -n "$pdf" ]; then
    size1=$(stat -c %s "$pdf"); sleep 0.5; size2=$(stat -c %s "$pdf")
    [ "$size1" = "$size2" ] && break
  fi
  sleep 0.5
done
[ -n "$pdf" ] || { ls -la "$work/out" "$work/log"; cat "$work/log"/cups-pdf*_log 2>/dev/null | tail; echo "no PDF from cups-pdf"; exit 1; }
echo "cups-pdf wrote $pdf"

pdftoppm -r 300 -png "$pdf" "$work/page"
zbarimg --nodbus -q "$work"/page*.png | sort > "$work/decoded.txt" || true
printf 'CODE-128:A-%06d\n' 101 102 103 104 105 | sort > "$work/expected.txt"
if ! cmp -s "$work/decoded.txt" "$work/expected.txt"; then
  echo "decoded:"; cat "$work/decoded.txt"; echo "expected:"; cat "$work/expected.txt"
  exit 1
fi
echo "all 5 barcodes decode from the printed PDF"

# ZPL, raw: the bytes the printer gets are the bytes we made.
"$cli" --db "$work/test.db" labels render --kind asset --csv "$work/tags.csv" --format zpl \
  -o "$work/expected.zpl" > /dev/null
"$cli" --db "$work/test.db" labels print --printer "$queue-zebra" --kind asset --csv "$work/tags.csv" \
  --format zpl > /dev/null
for _ in $(seq 1 60); do
  [ -s "$work/raw/zebra.zpl" ] && cmp -s "$work/raw/zebra.zpl" "$work/expected.zpl" && break
  sleep 0.5
done
if ! cmp -s "$work/raw/zebra.zpl" "$work/expected.zpl"; then
  echo "the raw queue received something else:"; head -c 400 "$work/raw/zebra.zpl" 2>/dev/null || true
  exit 1
fi
echo "the ZPL job arrived unchanged ($(wc -c < "$work/expected.zpl") bytes)"
echo "ok"
