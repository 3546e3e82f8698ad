#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print one closing line, "N passed, N failed, N skipped", summed over meson testlog.json files.

Usage: tests/summary.py [--failed-step NAME]... TESTLOG.json...
A --failed-step (e.g. a build that failed before any test ran) counts as one failure.
A missing testlog.json is reported and counts as nothing. Exit status: 1 if anything failed.
"""
import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
FAILED = {"FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS"}
SKIPPED = {"SKIP"}


def main(argv):
    passed = failed = skipped = 0
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--failed-step":
            step = args.pop(0)
            print(f"summary: step failed before its tests ran: {step}")
            failed += 1
            continue
        try:
            with open(arg, encoding="utf-8") as log:
                lines = [line for line in log if line.strip()]
        except FileNotFoundError:
            print(f"summary: no test log at {arg}")
            continue
        for line in lines:
            result = json.loads(line).get("result")
            if result in PASSED:
                passed += 1
            elif result in FAILED:
                failed += 1
            elif result in SKIPPED:
                skipped += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
