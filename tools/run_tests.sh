#!/usr/bin/env bash
# make test: install the addon on a throwaway database with Odoo's own test
# runner (at_install, post_install and browser tours), then run the suite again
# through pytest-odoo, and end with one line "N passed, N failed" that counts
# each test once (tools/test_counts.py); exits non-zero on any failure.
set -uo pipefail

conf=$1 db=$2 module_path=$3
here=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$HOME/.cache/contract_portal_share/venv}
ODOO_SRC=${ODOO_SRC:-/opt/odoo/19.0}
PY=$VENV/bin/python
logs=${BUILD:-$HOME/.cache/contract_portal_share/build}/test-logs
# Reports of an earlier run must never stand in for this one's.
rm -rf "$logs"
mkdir -p "$logs"
export PGPASSWORD=${PGPASSWORD_ODOO:-odoo} PGHOST=localhost PGUSER=${PGROLE:-odoo}

cleanup() { for d in "$db" "${db}_uninstall" "${db}_servers"; do dropdb --if-exists "$d" 2>/dev/null; done; }
trap cleanup EXIT

# Each test runs once: Odoo's runner runs the modules tests/__init__.py
# imports, pytest-odoo the ones marked PYTEST_ONLY (tools/pytest_one_runner.py), which
# commit through cursors or processes of their own: Odoo's runner holds the
# registry while it installs, so those would wait for the install to end,
# which would wait for them.
echo "[test] 1/2 Odoo's runner: install contract_portal_share on $db (demo data) with --test-enable"
"$PY" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i contract_portal_share --with-demo \
    --test-enable --test-tags /contract_portal_share \
    --stop-after-init --log-level=test --http-port=$((${HTTP_PORT:-8069} + 100)) >"$logs/odoo.log" 2>&1
odoo_rc=$?
grep -E "ERROR|FAIL:|odoo.tests.result|odoo.tests.stats" "$logs/odoo.log" | grep -v "^\s" | cut -c1-300
grep -E "INFO .*: skipped [A-Za-z_]+\.test" "$logs/odoo.log" | cut -c1-300
runner_failed=0
if ! grep -qE "odoo.tests.result: .* of [1-9][0-9]* tests" "$logs/odoo.log"; then
    echo "[test] Odoo's runner ran no test (rc=$odoo_rc): see $logs/odoo.log"
    tail -30 "$logs/odoo.log"
    runner_failed=1
elif [ "$odoo_rc" != 0 ] && ! grep -qE "(FAIL|ERROR): " "$logs/odoo.log"; then
    echo "[test] Odoo's runner failed (rc=$odoo_rc) outside the tests: see $logs/odoo.log"
    runner_failed=1
fi

# The uninstall test works on a copy, made while nothing is connected.
createdb -T "$db" "${db}_uninstall"
createdb -T "$db" "${db}_servers"  # the two-servers test's copy
# OCA contract's own suite runs too, with this addon installed: a peer's
# tests are the best check that the addon changes nothing it should not.
oca_tests=$("$PY" -c 'import odoo.addons.contract as m, os; print(os.path.join(m.__path__[0], "tests"))')
echo "[test] 2/2 pytest-odoo on $db: this addon's suite and OCA contract's"
CPS_UNINSTALL_DB="${db}_uninstall" CPS_SERVERS_DB="${db}_servers" CPS_ODOO_CONF="$conf" \
    PYTHONPATH="$here/tools" "$PY" -m pytest -p no:cacheprovider -p pytest_one_runner --odoo-database="$db" --odoo-config="$conf" \
    --odoo-http --junitxml="$logs/pytest.xml" -q "$module_path/tests" "$oca_tests" \
    >"$logs/pytest.log" 2>&1
pytest_rc=$?
tail -40 "$logs/pytest.log"
if [ ! -s "$logs/pytest.xml" ] || [ "$pytest_rc" -gt 1 ]; then
    # 0: all passed; 1: some tests failed (counted below); more: pytest itself
    # failed (interrupted, internal or usage error, no test collected).
    echo "[test] pytest exited with $pytest_rc: see $logs/pytest.log"
    runner_failed=1
fi

# Odoo's own portal tests with this addon's overrides (partners, users,
# settings) active: Odoo's runner runs them while only portal and its
# dependencies are loaded, so pytest-odoo, which loads the whole registry
# first, runs the tests Odoo selects for portal (at_install and post_install).
echo "[test] pytest-odoo on $db: Odoo's portal tests, this addon installed"
if portal_ids=$("$PY" "$here/tools/odoo_test_ids.py" "$conf" portal); then
    mapfile -t portal_ids <<<"$portal_ids"
    "$PY" -m pytest -p no:cacheprovider --odoo-database="$db" --odoo-config="$conf" \
        --odoo-http --junitxml="$logs/portal.xml" -q "${portal_ids[@]}" >"$logs/portal.log" 2>&1
    portal_rc=$?
    tail -1 "$logs/portal.log"
    if [ "$portal_rc" -gt 1 ]; then
        echo "[test] pytest exited with $portal_rc on portal's tests: see $logs/portal.log"
        runner_failed=1
    fi
fi

# One line counting each test once, across the runners.
"$PY" "$here/tools/test_counts.py" \
    --odoo odoo-runner "$logs/odoo.log" --junit pytest "$logs/pytest.xml" \
    --junit odoo-portal "$logs/portal.xml" \
    --failed-outside "$runner_failed"
