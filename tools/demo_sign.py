# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""make demo: once the server answers, Alice signs ACME-003 (Fleet leasing) in
the client portal, as she would from its page, unless it is signed already.

Done over HTTP rather than in the demo data: the signed PDF is rendered by the
running server, with the report's styles and the module's signature block,
which a database being installed does not have yet."""

import base64
import sys
import time

import requests

base, db, picture = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
session = requests.Session()


def rpc(route, params):
    answer = session.post(
        base + route, json={"jsonrpc": "2.0", "params": params}, timeout=120
    ).json()
    if "error" in answer:
        raise RuntimeError(answer["error"])
    return answer["result"]


for _ in range(180):
    try:
        session.get(base + "/web/login", timeout=5)
        break
    except requests.RequestException:
        time.sleep(1)
rpc("/web/session/authenticate", {"db": db, "login": "alice", "password": "alice"})
contracts = rpc(
    "/web/dataset/call_kw",
    {
        "model": "contract.contract",
        "method": "search_read",
        "args": [[["code", "=", "ACME-003"]], ["portal_sign_state"]],
        "kwargs": {},
    },
)
if contracts and contracts[0]["portal_sign_state"] == "awaiting":
    with open(picture, "rb") as file:
        signature = base64.b64encode(file.read()).decode()
    answer = rpc(
        f"/my/contracts/{contracts[0]['id']}/sign",
        {"name": "Alice Martin", "signature": signature},
    )
    print("[demo] Alice signed ACME-003:", answer.get("error") or "done")
