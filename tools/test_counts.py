"""Count the tests of `make test` once each, across its runners.

Odoo's runner and pytest-odoo both run the addon's own tests, so a sum of
their counts would count those tests twice. Each test is named
``test_module.Class.method`` from Odoo's log (``Starting ...``, ``FAIL:``,
``ERROR:``, ``skipped ...`` lines) and from pytest's JUnit XML; a test passes
when it passed in every runner that ran it. A skipped test counts as failed.

    test_counts.py --odoo NAME LOG [--odoo NAME LOG ...] --junit NAME XML [...]

prints one line per runner ("NAME: N passed, M failed") and last the line
"N passed, M failed" over the distinct tests, where a missing or empty report
and each runner failed outside its tests (--failed-outside) count as one
failure. Exits 1 on any failure.
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET

LOGGER = r"(?P<logger>[\w.]+): "
STARTED = re.compile(LOGGER + r"Starting (?:Subtest )?(?P<test>\w+\.\w+)")
FAILED = re.compile(LOGGER + r"(?:FAIL|ERROR): (?:Subtest )?(?P<test>\w+\.\w+)")
# An error outside a test method: "ERROR: setUpClass (odoo.addons.x.tests.y.Cls)"
HOLDER = re.compile(r"(?:FAIL|ERROR): (?P<where>\w+) \((?P<path>[\w.]+)\)")
SKIPPED = re.compile(LOGGER + r"skipped (?P<test>\w+\.\w+)")


def test_key(dotted, test=None):
    """test_module[.Class].method from a dotted module or class path: Odoo's
    logger says ``odoo.addons.<addon>.tests.test_x``, pytest's JUnit XML
    ``tests.test_x.Class`` (test module names differ between the addons run)."""
    parts = dotted.split(".")
    if "tests" in parts:
        parts = parts[len(parts) - parts[::-1].index("tests") :]
    return ".".join(parts + ([test] if test else []))


def from_odoo_log(path):
    outcomes = {}
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if m := STARTED.search(line):
                outcomes.setdefault(test_key(m["logger"], m["test"]), True)
            elif m := FAILED.search(line):
                outcomes[test_key(m["logger"], m["test"])] = False
            elif m := HOLDER.search(line):
                outcomes[f"{test_key(m['path'])}.{m['where']}"] = False
            elif m := SKIPPED.search(line):
                outcomes[test_key(m["logger"], m["test"])] = False
    return outcomes


def from_junit(path):
    outcomes = {}
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        key = test_key(case.get("classname", ""), case.get("name"))
        bad = any(case.find(tag) is not None for tag in ("failure", "error", "skipped"))
        outcomes[key] = outcomes.get(key, True) and not bad
    return outcomes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--odoo", nargs=2, action="append", default=[])
    parser.add_argument("--junit", nargs=2, action="append", default=[])
    parser.add_argument(
        "--failed-outside",
        type=int,
        default=0,
        help="runners that failed outside any test (crashed, wrote no report)",
    )
    args = parser.parse_args()
    union, runs, missing = {}, {}, []
    sources = [(n, p, from_odoo_log) for n, p in args.odoo]
    sources += [(n, p, from_junit) for n, p in args.junit]
    for name, path, read in sources:
        try:
            outcomes = read(path)
        except (OSError, ET.ParseError) as error:
            outcomes = {}
            print(f"{name}: no report ({error})")
        if not outcomes:
            missing.append(name)
        passed = sum(outcomes.values())
        print(f"{name}: {passed} passed, {len(outcomes) - passed} failed")
        for key, ok in outcomes.items():
            union[key] = union.get(key, True) and ok
            runs[key] = runs.get(key, 0) + 1
            if not ok:
                print(f"  failed: {key}")
    passed = sum(union.values())
    failed = len(union) - passed + len(missing) + args.failed_outside
    several = sum(1 for n in runs.values() if n > 1)
    print(f"distinct tests: {len(union)} ({several} run by more than one runner)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
