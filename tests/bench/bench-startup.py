#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Cold start to first frame: mailroom against an empty AdwApplicationWindow.

Each run spawns a fresh process with MAILROOM_EXIT_AFTER_FIRST_FRAME=1; the
program prints "first-frame" and exits right after its first frame clock
"after-paint", so spawn-to-exit wall time is start-up to first frame (plus
the exit itself, the same for both). The two programs alternate, and the
order flips every round, so drift on the machine hits both alike. Run it
inside one X server and one session bus (run-all.sh uses xvfb-run and
dbus-run-session)."""

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time


def percentile(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    rank = max(1, min(len(s), math.ceil(p / 100 * len(s))))
    return s[rank - 1]


def run_once(cmd, env):
    """Wall ms and CPU ms (user + system, all threads) of one run."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter_ns()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = (time.perf_counter_ns() - t0) / 1e6
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode(errors="replace")
        if proc.returncode != 0 or "first-frame" not in text.split():
            sys.exit(f"{cmd[0]}: exit {proc.returncode}, no first-frame line\n"
                     f"stdout: {text}\nstderr: {err.read().decode(errors='replace')}")
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--schema-dir")
    ap.add_argument("--app", required=True, help="mailroom binary")
    ap.add_argument("--db", required=True)
    ap.add_argument("--contacts", type=int, help="contacts in the database, for the label")
    ap.add_argument("--baseline", required=True, help="empty-window binary")
    ap.add_argument("--target", type=float, default=1.3)
    args = ap.parse_args()

    runtime = tempfile.mkdtemp(prefix="bench-startup-")
    os.chmod(runtime, 0o700)
    env = dict(os.environ)
    env.update({
        "MAILROOM_EXIT_AFTER_FIRST_FRAME": "1",
        "XDG_RUNTIME_DIR": runtime,
        "GSETTINGS_BACKEND": "memory",  # no window state carried between runs
        "GTK_A11Y": "none",
        "LC_ALL": "C.UTF-8",
    })
    if args.schema_dir:
        env["GSETTINGS_SCHEMA_DIR"] = args.schema_dir

    programs = [
        (f"mailroom --db ({args.contacts or '?'} contacts)", [args.app, "--db", args.db]),
        ("empty AdwApplicationWindow", [args.baseline]),
    ]
    times = {name: [] for name, _ in programs}
    cpu = {name: [] for name, _ in programs}

    for _ in range(args.warmup):
        for _, cmd in programs:
            run_once(cmd, env)
    for i in range(args.runs):
        order = programs if i % 2 == 0 else programs[::-1]
        for name, cmd in order:
            wall, cpu_ms = run_once(cmd, env)
            times[name].append(wall)
            cpu[name].append(cpu_ms)
    os.rmdir(runtime)

    print(f"Cold start to first frame: {args.runs} runs each after {args.warmup} warm-ups, "
          "alternating, a fresh process every run")
    print(f"  display {os.environ.get('DISPLAY', '?')} (Xvfb), GTK_A11Y=none, "
          "GSETTINGS_BACKEND=memory, page cache warm")
    print()
    print(f"  {'ms spawn to exit after first frame':<36} {'median':>9} {'p90':>9} "
          f"{'min':>9} {'max':>9}")
    stats = {}
    for name, _ in programs:
        t = times[name]
        stats[name] = (statistics.median(t), percentile(t, 90), min(t), max(t))
        print(f"  {name:<36} " + " ".join(f"{v:9.1f}" for v in stats[name]))
    app, base = (stats[name] for name, _ in programs)
    ratio = [a / b for a, b in zip(app, base)]
    print(f"  {'ratio mailroom / empty window':<36} " + " ".join(f"{v:9.2f}" for v in ratio))
    print()
    met = ratio[0] <= args.target
    print(f"  target: median ratio <= {args.target:.1f}: {'MET' if met else 'MISSED'} "
          f"({ratio[0]:.2f}x, p90 {ratio[1]:.2f}x; mailroom adds {app[0] - base[0]:.1f} ms "
          "at the median)")
    cpu_app, cpu_base = (statistics.median(cpu[name]) for name, _ in programs)
    print(f"  CPU time (user + system, all threads), median: mailroom {cpu_app:.1f} ms, "
          f"empty window {cpu_base:.1f} ms, ratio {cpu_app / cpu_base:.2f}")
    print("  raw ms, mailroom:", " ".join(f"{v:.1f}" for v in times[programs[0][0]]))
    print("  raw ms, empty:   ", " ".join(f"{v:.1f}" for v in times[programs[1][0]]))


if __name__ == "__main__":
    main()
