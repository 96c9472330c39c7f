# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An upgrade keeps what 19.0.1.2.0 stored: a database is made with that
version's code (from this repository's history), staff ask and clients sign
there, then the current code upgrades it and each request, answer and signed
PDF is found again, as evidence. pytest-only: it makes and upgrades a database
of its own with odoo-bin, outside Odoo's runner."""

import json
import os
import subprocess
import sys
import tarfile
import tempfile
import uuid
from pathlib import Path

import psycopg2

from odoo.tools import config

# Run by pytest-odoo only (tools/pytest_one_runner.py): makes a database of
# its own with the previous version's code.
PYTEST_ONLY = True

# The last commit of 19.0.1.2.0, whose signature lines carried their request.
PREVIOUS = "4d2a313"
HERE = Path(__file__).resolve().parent.parent

BEFORE = """
import json
from odoo.addons.contract_portal_share.tests.common import signature_png
Partner = env["res.partner"]
company = Partner.create({"name": "Upgrade Co", "is_company": True})
def portal(login):
    user = env["res.users"].create({
        "name": login, "login": login, "email": f"{login}@example.com",
        "parent_id": company.id,
        "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
    })
    return user.partner_id
ann, ben = portal("cps_up_ann"), portal("cps_up_ben")
Contract = env["contract.contract"]
signed, pending, declined = Contract.create([
    {"name": f"Upgrade {n}", "partner_id": company.id}
    for n in ("signed", "pending", "declined")
])
for contract in signed | pending | declined:
    contract._portal_share(ann, ben, send_email=False)
# Asked twice on the signed one: the first request stays, archived.
signed._portal_request_signature(ann)
signed._portal_request_signature(ann | ben)
for who in (ann, ben):
    signed._portal_sign(who, who.name, signature_png(), ip_address="192.0.2.1")
pending._portal_request_signature(ben | ann)
declined._portal_request_signature(ann)
declined._portal_decline(ann, "Not these terms.")
lines = env["contract.portal.signature"].with_context(active_test=False).search(
    [("contract_id", "in", (signed | pending | declined).ids)]
)
print("RESULT", json.dumps({
    "contracts": [signed.id, pending.id, declined.id],
    "states": [c.portal_sign_state for c in (signed, pending, declined)],
    "lines": {l.id: [l.contract_id.id, l.partner_id.id, l.state, l.active,
                     l.signed_name or "", str(l.signed_on or ""),
                     l.document_sha256 or "", l.decline_reason or ""] for l in lines},
    "signed_pdf": signed.portal_signed_document_id.id,
    "signed_pdf_sha": __import__("hashlib").sha256(
        signed.portal_signed_document_id.raw).hexdigest(),
}))
env.cr.commit()
"""

AFTER = """
import hashlib, json
from odoo.exceptions import UserError
lines = env["contract.portal.signature"].with_context(active_test=False).browse(
    [int(i) for i in IDS])
contracts = env["contract.contract"].browse(CONTRACTS)
refused = False
try:
    lines.filtered(lambda l: l.state == "signed")[:1].signed_name = "Forged"
except UserError:
    refused = True
print("RESULT", json.dumps({
    "states": [c.portal_sign_state for c in contracts],
    "lines": {l.id: [l.contract_id.id, l.partner_id.id, l.state, l.active,
                     l.signed_name or "", str(l.answered_on or ""),
                     l.document_sha256 or "", l.decline_reason or ""] for l in lines},
    "requests": [
        [[r.state, r.active, sorted(r.signer_ids.ids)] for r in
         c.with_context(active_test=False).portal_sign_request_ids.sorted("id")]
        for c in contracts
    ],
    "current": [c.portal_sign_request_id.signer_ids.ids for c in contracts],
    "signed_pdf": contracts[0].portal_signed_document_id.id,
    "signed_pdf_sha": hashlib.sha256(
        contracts[0].portal_signed_document_id.raw or b"").hexdigest(),
    "refused": refused,
}))
"""


def _run(args, **kwargs):
    return subprocess.run(
        [sys.executable, os.path.join(os.environ["ODOO_SRC"], "odoo-bin"), *args],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        **kwargs,
    )


def _shell(conf, addons, database, script):
    run = _run(
        [
            "shell",
            "-c",
            conf,
            "--addons-path",
            addons,
            "-d",
            database,
            "--no-http",
            "--log-level=warn",
        ],
        input=script,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"odoo shell printed no result:\n{run.stdout}\n{run.stderr[-3000:]}"
    return json.loads(lines[-1][len("RESULT ") :])


def _previous_addon(folder):
    """This repository's module at PREVIOUS, as a folder named after it."""
    archive = folder / "previous.tar"
    subprocess.run(
        ["git", "-C", HERE, "archive", "-o", archive, PREVIOUS],
        check=True,
        capture_output=True,
    )
    addon = folder / "contract_portal_share"
    addon.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(addon)  # noqa: S202 (this repository's own history)
    return addon.parent


def test_upgrade_keeps_requests_answers_and_signed_pdfs():
    conf = os.environ.get("CPS_ODOO_CONF") or config.rcfile
    odoo_addons = os.path.join(os.environ["ODOO_SRC"], "odoo", "addons")
    database = f"cps_upgrade_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        previous = f"{odoo_addons},{_previous_addon(Path(tmp))}"
        # The configuration's own addons path: this checkout, under the
        # module's name.
        current = ",".join(config["addons_path"])
        try:
            made = _run(
                [
                    "-c",
                    conf,
                    "--addons-path",
                    previous,
                    "-d",
                    database,
                    "-i",
                    "contract_portal_share",
                    "--stop-after-init",
                    "--log-level=warn",
                ]
            )
            assert made.returncode == 0, made.stderr[-3000:]
            before = _shell(conf, previous, database, BEFORE)
            upgraded = _run(
                [
                    "-c",
                    conf,
                    "--addons-path",
                    current,
                    "-d",
                    database,
                    "-u",
                    "contract_portal_share",
                    "--stop-after-init",
                    "--log-level=warn",
                ]
            )
            assert upgraded.returncode == 0, upgraded.stderr[-3000:]
            assert "ERROR" not in upgraded.stderr, upgraded.stderr[-3000:]
            script = AFTER.replace("IDS", json.dumps(list(before["lines"]))).replace(
                "CONTRACTS", json.dumps(before["contracts"])
            )
            after = _shell(conf, current, database, script)
        finally:
            _drop(conf, database)
    assert after["states"] == before["states"] == ["signed", "awaiting", "declined"]
    assert after["lines"] == before["lines"], "every answer kept as it was"
    assert after["signed_pdf"] == before["signed_pdf"]
    assert after["signed_pdf_sha"] == before["signed_pdf_sha"]
    signed, pending, declined = after["requests"]
    assert [state for state, _active, _ids in signed] == ["cancelled", "signed"]
    assert [active for _state, active, _ids in signed] == [False, True]
    assert [len(ids) for _state, _active, ids in signed] == [1, 2]
    assert [state for state, _a, _i in pending] == ["open"]
    assert [state for state, _a, _i in declined] == ["declined"]
    assert len(after["current"][0]) == 2
    assert after["refused"], "the migrated answers are evidence too"


def _drop(conf, database):
    # The database's server is the one this test process runs on.
    connection = psycopg2.connect(
        dbname="postgres",
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}"')
    connection.close()
