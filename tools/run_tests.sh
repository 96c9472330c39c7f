#!/usr/bin/env bash
# make test: install the addon on a throwaway database with Odoo's own test
# runner (at_install, post_install and browser tours), then run the suite again
# through pytest-odoo, and end with one line "N passed, N failed".
set -uo pipefail

conf=$1 db=$2 module_path=$3
here=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$HOME/.cache/contract_portal_share/venv}
ODOO_SRC=${ODOO_SRC:-/opt/odoo/19.0}
PY=$VENV/bin/python
logs=${BUILD:-$HOME/.cache/contract_portal_share/build}/test-logs
mkdir -p "$logs"
export PGPASSWORD=${PGPASSWORD_ODOO:-odoo} PGHOST=localhost PGUSER=${PGROLE:-odoo}

cleanup() { for d in "$db" "${db}_uninstall"; do dropdb --if-exists "$d" 2>/dev/null; done; }
trap cleanup EXIT

# TestMailDelivery and TestShareConcurrency run in step 2 only: they commit
# through cursors of their own, from other threads or processes (HTTP requests,
# a second manager), and Odoo's runner holds the registry while it installs,
# so those wait for the install to end, which waits for them.
echo "[test] 1/2 Odoo's runner: install contract_portal_share on $db (demo data) with --test-enable"
"$PY" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i contract_portal_share --with-demo \
    --test-enable --test-tags "/contract_portal_share,-/contract_portal_share:TestMailDelivery,-/contract_portal_share:TestShareConcurrency" \
    --stop-after-init --log-level=test --http-port=8169 >"$logs/odoo.log" 2>&1
odoo_rc=$?
grep -E "ERROR|FAIL:|odoo.tests.result|odoo.tests.stats" "$logs/odoo.log" | grep -v "^\s" | cut -c1-300
result=$(grep -o "[0-9]* failed, [0-9]* error(s) of [0-9]* tests" "$logs/odoo.log" | tail -1)
read -r odoo_failed odoo_errors odoo_total < <(sed -E 's/([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests/\1 \2 \3/' <<<"${result:-0 0 0}")
# Odoo's summary leaves skipped tests out; here a skipped test is a failure.
odoo_skipped=$(grep -cE "INFO .*: skipped [A-Za-z_]+\.test" "$logs/odoo.log")
grep -E "INFO .*: skipped [A-Za-z_]+\.test" "$logs/odoo.log" | cut -c1-300
odoo_bad=$((odoo_failed + odoo_errors + odoo_skipped))
if [ "$odoo_total" = 0 ]; then
    echo "[test] Odoo's runner ran no test (rc=$odoo_rc): see $logs/odoo.log"
    tail -30 "$logs/odoo.log"
    odoo_bad=1
elif [ "$odoo_rc" != 0 ] && [ "$odoo_bad" = 0 ]; then
    echo "[test] Odoo's runner failed (rc=$odoo_rc) outside the tests: see $logs/odoo.log"
    odoo_bad=1
fi
echo "odoo-runner: $((odoo_total - odoo_bad)) passed, $odoo_bad failed"

# The uninstall test works on a copy, made while nothing is connected.
createdb -T "$db" "${db}_uninstall"
# OCA contract's own suite runs too, with this addon installed: a peer's
# tests are the best check that the addon changes nothing it should not.
oca_tests=$("$PY" -c 'import odoo.addons.contract as m, os; print(os.path.join(m.__path__[0], "tests"))')
echo "[test] 2/2 pytest-odoo on $db: this addon's suite and OCA contract's"
CPS_UNINSTALL_DB="${db}_uninstall" CPS_ODOO_CONF="$conf" \
    "$PY" -m pytest -p no:cacheprovider --odoo-database="$db" --odoo-config="$conf" \
    --odoo-http --junitxml="$logs/pytest.xml" -q "$module_path/tests" "$oca_tests" 2>&1 | tail -40
read -r py_passed py_failed < <("$PY" "$here/tools/junit_counts.py" "$logs/pytest.xml")
echo "pytest: $py_passed passed, $py_failed failed"
passed=$((odoo_total - odoo_bad + py_passed)) failed=$((odoo_bad + py_failed))
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
