#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""CSV import and export of 100,000 contacts against the sqlite3 CLI.

Import: `mailroom-cli contacts import` into a database that already has
the places and organisation, against the sqlite3 CLI's `.import` of the same
file into an equivalent table (the same columns, every one of the file's so
that .import reads each field rather than warning on every row about the
last one; the same kinds of indexes: unique Personnel ID, email, name order,
department, place) followed by the rebuild of an FTS5 index with the same
tokenizer and prefixes as ours.
Mailroom does more per row (validation, a UUIDv7, the journal entry each
change writes for sync and history, department and place resolved to their
records), all in one transaction that commits with synchronous=FULL, as the
reference does. Its search index lives in a file of its own (<db>-search)
and, for an import this large, is written by a second thread on the second
core while the contacts go into the main file; so its CPU time is above its
wall time, and the CPU ratio is shown too.

Every timed run starts with the disks synced (os.sync()), so that no run
pays for writing back what the one before left in the page cache.

Export: `mailroom-cli contacts export` to a file against the sqlite3 CLI's
`.mode csv` output of the same columns, both in name order.

Each side runs --runs times alternately; the table shows the best and median
wall times, CPU time, and the ratios."""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REF_SCHEMA = """
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE contact (first_name TEXT, last_name TEXT, email TEXT, phone TEXT,
  personnel_id TEXT, employee_id TEXT, department TEXT, place TEXT, notes TEXT,
  needs_accessibility TEXT, is_private TEXT);
CREATE UNIQUE INDEX contact_personnel_id ON contact (personnel_id);
CREATE INDEX contact_email ON contact (email COLLATE NOCASE);
CREATE INDEX contact_name ON contact (last_name, first_name);
CREATE INDEX contact_department ON contact (department);
CREATE INDEX contact_place ON contact (place);
CREATE VIRTUAL TABLE contact_fts USING fts5 (name, email, phone, ids, org, notes,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6');
"""

REF_IMPORT = """
.mode csv
.import --skip 1 {csv} contact
INSERT INTO contact_fts (rowid, name, email, phone, ids, org, notes)
  SELECT rowid, first_name || ' ' || last_name, email, phone,
         personnel_id || ' ' || employee_id, department || ' ' || place, notes
  FROM contact;
"""

REF_EXPORT = ("SELECT c.first_name, c.last_name, c.email, c.phone, c.personnel_id, "
              "c.employee_id, d.name, c.place_id, c.notes, c.needs_accessibility "
              "FROM contact c LEFT JOIN department d ON d.id = c.department_id "
              "WHERE c.deleted = 0 ORDER BY c.sort_key")


def timed(cmd, stdin=None, stdout=subprocess.DEVNULL):
    """Wall and CPU seconds of one command; exits on failure."""
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def rm_db(path):
    for suffix in ("", "-wal", "-shm", "-search", "-search-wal", "-search-shm"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--db", required=True, help="a database of 100,000 demo contacts")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not shutil.which("sqlite3"):
        sys.exit("bench-csv: needs the sqlite3 CLI (apt-get install sqlite3)")

    tmp = tempfile.mkdtemp(prefix="bench-csv-")
    csv = os.path.join(tmp, "contacts.csv")
    places = os.path.join(tmp, "places.csv")
    org = os.path.join(tmp, "org.csv")
    cli = args.cli
    subprocess.run([cli, "--db", args.db, "contacts", "export", "-o", csv], check=True,
                   stderr=subprocess.DEVNULL)
    subprocess.run([cli, "--db", args.db, "places", "export", "-o", places], check=True,
                   stderr=subprocess.DEVNULL)
    subprocess.run([cli, "--db", args.db, "org", "export", "-o", org], check=True,
                   stderr=subprocess.DEVNULL)
    with open(csv, encoding="utf-8") as f:
        n = sum(1 for _ in f) - 1
    size = os.path.getsize(csv)

    ours_db = os.path.join(tmp, "ours.db")
    ref_db = os.path.join(tmp, "ref.db")
    imports = {"mailroom-cli contacts import": [], "sqlite3 .import + FTS rebuild": []}
    exports = {"mailroom-cli contacts export": [], "sqlite3 .mode csv": []}

    for i in range(args.runs):
        # Import, fresh databases each run.
        rm_db(ours_db)
        subprocess.run([cli, "--db", ours_db, "org", "import", org], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([cli, "--db", ours_db, "places", "import", places], check=True,
                       stdout=subprocess.DEVNULL)
        rm_db(ref_db)
        subprocess.run(["sqlite3", ref_db], input=REF_SCHEMA.encode(), check=True,
                       stdout=subprocess.DEVNULL)
        script = os.path.join(tmp, "import.sql")
        with open(script, "w") as f:
            f.write(REF_IMPORT.format(csv=csv))
        order = [0, 1] if i % 2 == 0 else [1, 0]
        for which in order:
            if which == 0:
                imports["mailroom-cli contacts import"].append(
                    timed([cli, "--db", ours_db, "contacts", "import", csv, "--create-missing"]))
            else:
                with open(script) as f:
                    imports["sqlite3 .import + FTS rebuild"].append(timed(["sqlite3", ref_db],
                                                                          stdin=f))
        # Export from the demo database, to a file each.
        for which in order:
            out = os.path.join(tmp, f"out{which}.csv")
            with open(out, "w") as f:
                if which == 0:
                    exports["mailroom-cli contacts export"].append(
                        timed([cli, "--db", args.db, "contacts", "export"], stdout=f))
                else:
                    exports["sqlite3 .mode csv"].append(
                        timed(["sqlite3", "-csv", args.db, REF_EXPORT], stdout=f))

    # The import must have brought every row in.
    count = int(subprocess.run(["sqlite3", ours_db,
                                "SELECT count(*) FROM contact WHERE deleted = 0"],
                               capture_output=True, text=True, check=True).stdout)
    if count != n:
        sys.exit(f"bench-csv: the import holds {count} contacts, the file {n}")
    print(f"CSV import and export: {n:,} contacts, {size / 1e6:.1f} MB, {args.runs} runs each, "
          "alternating")
    print()

    def table(title, results, target):
        print(f"  {title:<34} {'best s':>8} {'median s':>9} {'CPU s':>7}")
        stats = {}
        for name, runs in results.items():
            walls = [w for w, _ in runs]
            cpus = [c for _, c in runs]
            stats[name] = (min(walls), statistics.median(walls), statistics.median(cpus))
            print(f"  {name:<34} {stats[name][0]:8.2f} {stats[name][1]:9.2f} "
                  f"{stats[name][2]:7.2f}")
        ours, ref = (stats[k] for k in results)
        ratio = [a / b for a, b in zip(ours, ref)]
        print(f"  {'ratio mailroom / sqlite3':<34} {ratio[0]:8.2f} {ratio[1]:9.2f} "
              f"{ratio[2]:7.2f}")
        met = ratio[1] <= target
        print(f"  target: median ratio <= {target:.1f}: {'MET' if met else 'MISSED'} "
              f"({ratio[1]:.2f}x; {n / ours[1]:,.0f} contacts/s)")
        print()

    table("import", imports, 1.0)
    table("export", exports, 1.2)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
