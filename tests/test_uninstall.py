# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uninstall on a copy of the test database, in a separate Odoo process: an
uninstall reloads the registry, which no test transaction survives. pytest
collects this module; Odoo's runner, which only runs test classes, does not."""

import json
import os
import subprocess
import sys

import pytest

from odoo.tools import config

# Run by pytest-odoo only (tools/pytest_one_runner.py): uninstalls the addon on a
# copy of the database.
PYTEST_ONLY = True

BEFORE = """
import json
Contract = env["contract.contract"].with_context(active_test=False)
# A contract as a user makes it, shown in the portal: the module's own demo
# contracts go with the module, users' contracts must stay.
alice = env.ref("contract_portal_share.res_partner_alice_demo")
mine = Contract.create({"name": "Made by a user", "partner_id": alice.parent_id.id})
mine._portal_share(alice, env["res.partner"], send_email=False)
owned = env["ir.model.data"].search(
    [("module", "=", "contract_portal_share"), ("model", "=", "contract.contract")]
).mapped("res_id")
print("RESULT", json.dumps({
    "contracts": sorted(set(Contract.search([]).ids) - set(owned)),
    "shared": Contract.search_count([("portal_shared", "=", True)]),
    "mine": mine.id,
}))
env["ir.module.module"].search(
    [("name", "=", "contract_portal_share")]
).button_immediate_uninstall()
"""

AFTER = """
import json
Contract = env["contract.contract"].with_context(active_test=False)
env.cr.execute(
    "SELECT count(*) FROM information_schema.columns"
    " WHERE table_name = 'contract_contract' AND column_name LIKE 'portal_%%'"
)
portal_columns = env.cr.fetchone()[0]
print("RESULT", json.dumps({
    "contracts": sorted(Contract.search([]).ids),
    "state": env["ir.module.module"].search(
        [("name", "=", "contract_portal_share")]
    ).state,
    "oca_rule_active": env.ref("contract.rule_contract_contract_portal").active,
    "portal_columns": portal_columns,
    "our_rules": env["ir.rule"].search_count(
        [("name", "like", "shown to the portal user")]
    ),
    "template": bool(env.ref(
        "contract_portal_share.mail_template_contract_portal_share",
        raise_if_not_found=False,
    )),
}))
"""


def _odoo_shell(database, script):
    conf = os.environ.get("CPS_ODOO_CONF") or config.rcfile
    odoo_bin = os.path.join(os.environ.get("ODOO_SRC", "/opt/odoo/19.0"), "odoo-bin")
    run = subprocess.run(
        [
            sys.executable,
            odoo_bin,
            "shell",
            "-c",
            conf,
            "-d",
            database,
            "--no-http",
            "--log-level=warn",
        ],
        input=script,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"odoo shell printed no result:\n{run.stdout}\n{run.stderr[-3000:]}"
    return json.loads(lines[-1][len("RESULT ") :])


def test_uninstall_keeps_contracts():
    database = os.environ.get("CPS_UNINSTALL_DB")
    if not database:
        pytest.fail(
            "CPS_UNINSTALL_DB names the copy of the test database to uninstall "
            "from; `make test` makes it."
        )
    before = _odoo_shell(database, BEFORE)
    after = _odoo_shell(database, AFTER)
    assert before["shared"] > 0, "the demo data shows contracts in the portal"
    assert after["state"] == "uninstalled"
    assert after["contracts"] == before["contracts"], "users' contracts stay"
    assert before["mine"] in after["contracts"], "the one shared just before too"
    assert after["oca_rule_active"] is True, "OCA's follower rule is back"
    assert after["portal_columns"] == 0
    assert after["our_rules"] == 0
    assert after["template"] is False
