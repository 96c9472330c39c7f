# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Random requests on every route the addon adds or changes, as each kind of
visitor, derandomized (``random.Random(SEED)``).

Routes: /my, /my/contracts, /my/contracts/page/<n>, /my/contracts/<id> (with
access_token, report_type, download, people_search), its attachments (with
download), /my/contracts/<id>/watchers/add and /remove (POST), the portal
chatter /mail/message/post on contract.contract, /web/dataset/call_kw on
contract.contract, contract.line and contract.modification, /web/content/<id>.
Visitors: requester, watcher, colleague, another company's user, anonymous,
an internal user without contract rights.

Expected: no 5xx answer (nor an unexpected Python error inside a JSON-RPC
answer); no database change from a refused request; a refused contract gives
the missing contract's answer on the portal routes. Each request runs in a
savepoint rolled back afterwards, so the world stays as set up.

Left out: NUL bytes in the URL path. Odoo core answers 500 to ``%00`` in the
path of every portal route (``/my/invoices/%00`` too), not the addon's. Also
non-ASCII tokens on /mail/message/post: core's ``consteq`` (portal/utils.py)
raises TypeError on them for every model; same for any token on a record
without one and for thread_id 0 (KeyError in _get_thread_with_access_for_post):
the post fuzz uses ASCII tokens, the world's contracts (all with a token) and
missing, negative and huge ids. Non-ASCII tokens are kept on the contract page and its
attachments: ``_document_check_access`` has the same ``consteq`` (500 instead
of the missing contract's answer), which the addon's routes can guard.

CPS_FUZZ_REQUESTS (default 1000) sets the number of requests, CPS_FUZZ_SEED
the seed.
"""

import json
import logging
import os
import random
import uuid
from collections import Counter

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ContractPortalShareCommon, refusal

_logger = logging.getLogger(__name__)

REQUESTS = int(os.environ.get("CPS_FUZZ_REQUESTS", "1000"))
SEED = int(os.environ.get("CPS_FUZZ_SEED", "20261128"))
MISSING_ID = 999999999

STRINGS = (
    "",
    "test",
    "Acme",
    "Tëst ünïcödé 漢字 🙂",
    "x" * 5000,
    "' OR 1=1 --",
    "'); DROP TABLE contract_contract; --",
    "%",
    "_",
    "\\",
    '"><script>alert(1)</script>',
    "../../etc/passwd",
    "null",
    "-1",
    "1e309",
    "\u202e\u200b",
)
NUMBERS = (0, 1, -1, 2, 20, 2**31 - 1, 2**31, 2**63, 10**30, -(2**31))
# Odoo's own answers to malformed input, not 5xx: an exception name inside a
# JSON-RPC error that is one of these is a refusal.
REFUSALS = (
    "odoo.exceptions.",
    "werkzeug.exceptions.NotFound",
    "werkzeug.exceptions.Forbidden",
    "werkzeug.exceptions.BadRequest",
    "odoo.http.SessionExpiredException",
)


@tagged("post_install", "-at_install")
class TestRouteFuzz(ContractPortalShareCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(
            cls.env, login="cps_fz_employee", groups="base.group_user"
        )
        cls.contract._portal_share(
            cls.alice.partner_id,
            cls.bob.partner_id,
            attachment_mode="selected",
            attachments=cls.attachment_public,
            send_email=False,
        )
        cls.globex_contract = cls.env["contract.contract"].create(
            {"name": "Globex hosting", "code": "TST-G01", "partner_id": cls.globex.id}
        )
        cls.globex_contract._portal_share(
            cls.gina.partner_id, cls.env["res.partner"], send_email=False
        )
        cls.attachment_globex = cls._attach(cls.globex_contract, "g.txt", b"Globex")
        for contract in cls.contract | cls.contract_2 | cls.globex_contract:
            contract._portal_ensure_token()
        cls.all_contracts = cls.contract | cls.contract_2 | cls.globex_contract
        # Who may read what, from the spec: Alice requester, Bob watcher, Carol
        # colleague (Acme shows colleagues), Gina requester at Globex.
        cls.visitors = {
            "requester": (cls.alice, cls.contract),
            "watcher": (cls.bob, cls.contract),
            "colleague": (cls.carol, cls.contract),
            "other_company": (cls.gina, cls.globex_contract),
            "anonymous": (None, cls.env["contract.contract"]),
            "employee": (cls.employee, cls.env["contract.contract"]),
        }

    # --- plumbing ----------------------------------------------------------

    # What a refused request must not change, read in SQL, by name. Left out
    # on purpose, because Odoo writes them by itself on any request, refused
    # or not: asset bundles compiled on a first render (ir.attachment rows
    # under /web/assets/), session devices (res_device*) and users' presence.
    SNAPSHOT = {
        "contracts": "SELECT md5(string_agg(c::text, ',' ORDER BY c.id)) "
        "FROM contract_contract c",
        "contract lines": "SELECT md5(string_agg(l::text, ',' ORDER BY l.id)) "
        "FROM contract_line l",
        "modifications": "SELECT md5(string_agg(m::text, ',' ORDER BY m.id)) "
        "FROM contract_modification m",
        "watchers": "SELECT md5(string_agg(contract_id || ':' || partner_id, ','"
        " ORDER BY contract_id, partner_id)) FROM contract_contract_portal_watcher_rel",
        "followers": "SELECT md5(string_agg(res_model || res_id || ':' || partner_id,"
        " ',' ORDER BY id)) FROM mail_followers",
        "messages": "SELECT count(*), max(id) FROM mail_message",
        "emails": "SELECT count(*), max(id) FROM mail_mail",
        "activities": "SELECT count(*), max(id) FROM mail_activity",
        "portal activity": "SELECT md5(string_agg(a::text, ',' ORDER BY a.id)) "
        "FROM contract_portal_activity a",
        "attachments": "SELECT md5(string_agg(a.id || ':' || coalesce(a.res_model, '')"
        " || coalesce(a.res_id, 0) || a.name || coalesce(a.checksum, '')"
        " || coalesce(a.access_token, '') || a.public, ',' ORDER BY a.id))"
        " FROM ir_attachment a WHERE a.url IS NULL OR a.url NOT LIKE '/web/assets/%%'",
        "partners": "SELECT md5(string_agg(p.id || p.name || coalesce(p.parent_id, 0)"
        " || p.active || coalesce(p.email, ''), ',' ORDER BY p.id)) FROM res_partner p",
        "users": "SELECT md5(string_agg(u.id || u.login || u.active || u.partner_id"
        " || u.share, ',' ORDER BY u.id)) FROM res_users u",
        "groups": "SELECT md5(string_agg(gid || ':' || uid, ',' ORDER BY gid, uid))"
        " FROM res_groups_users_rel",
    }

    def snapshot(self):
        self.env.flush_all()
        result = {}
        for name, query in self.SNAPSHOT.items():
            self.env.cr.execute(query)
            result[name] = self.env.cr.fetchall()
        return result

    def login(self, visitor):
        user = self.visitors[visitor][0]
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def send(self, method, url, **kwargs):
        self.env.flush_all()
        response = self.url_open(
            url, method=method, allow_redirects=False, timeout=60, **kwargs
        )
        self.env.invalidate_all()
        return response

    def rpc(self, route, params):
        response = self.send("POST", route, json=self.build_rpc_payload(params))
        error = None
        if response.status_code == 200:
            body = response.json()
            if "error" in body:
                data = body["error"].get("data", {})
                error = data.get("name", "?")
                self.last_rpc_message = str(data.get("message"))[:300]
        return response, error

    # --- random input --------------------------------------------------------

    def any_id(self, rng, kind="contract"):
        own = {
            "contract": self.all_contracts.ids,
            "attachment": [
                self.attachment_public.id,
                self.attachment_private.id,
                self.attachment_globex.id,
            ],
            "partner": (
                self.alice | self.bob | self.carol | self.gina | self.employee
            ).partner_id.ids
            + [self.acme.id, self.globex.id],
        }[kind]
        return rng.choice(
            [rng.choice(own)] * 4
            + [MISSING_ID, rng.choice(NUMBERS), rng.randint(1, 5000)]
        )

    def any_token(self, rng, ascii_only=False):
        strings = [t for t in STRINGS if t.isascii()] if ascii_only else STRINGS
        return rng.choice(
            [
                None,
                self.contract.access_token,
                self.globex_contract.access_token,
                str(uuid.UUID(int=rng.getrandbits(128))),
                rng.choice(strings),
            ]
        )

    def any_value(self, rng):
        return rng.choice(
            [rng.choice(STRINGS), rng.choice(NUMBERS), None, True, [1, 2], {"a": 1}]
        )

    def query(self, rng, **params):
        return {k: v for k, v in params.items() if v is not None and rng.random() < 0.7}

    # --- one request -----------------------------------------------------------

    def may_read(self, visitor, contract_id, token=None):
        contract = self.visitors[visitor][1]
        if (
            token
            and contract_id == self.contract.id
            and token == self.contract.access_token
        ):
            return True
        if (
            token
            and contract_id == self.globex_contract.id
            and (token == self.globex_contract.access_token)
        ):
            return True
        return contract_id in contract.ids

    def fuzz_home(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        url = rng.choice(["/my", "/my/home", "/my/contracts?filterby=requester"])
        response = self.send("GET", url)
        return response, may_change, problems

    def fuzz_list(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        page = rng.choice([None, *NUMBERS[:6]])
        url = f"/my/contracts/page/{page}" if page is not None else "/my/contracts"
        params = self.query(
            rng,
            sortby=rng.choice(
                ["shared", "code", "name", "requester", "date", "x", None]
            ),
            filterby=rng.choice(["all", "requester", "watcher", "colleague", "zzz"]),
            search_in=rng.choice(["all", "code", "name", "nope"]),
            search=rng.choice(STRINGS),
            date_begin=rng.choice(STRINGS),
        )
        response = self.send("GET", url, params=params)
        if response.status_code == 200:
            for contract in self.all_contracts:
                shown = f"/my/contracts/{contract.id}?" in response.text or (
                    f'href="/my/contracts/{contract.id}"' in response.text
                )
                if shown and not self.may_read(visitor, contract.id):
                    problems.append(f"list shows {contract.code} to {visitor}")
        return response, may_change, problems

    def fuzz_page(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        contract_id = self.any_id(rng)
        token = self.any_token(rng)
        params = self.query(
            rng,
            access_token=token,
            report_type=rng.choice(["html", "pdf", "text", "xlsx", None]),
            download=rng.choice(["1", "true", "0", None]),
            people_search=rng.choice(STRINGS),
            people_error=rng.choice(STRINGS),
        )
        response = self.send("GET", f"/my/contracts/{contract_id}", params=params)
        token = params.get("access_token")
        # An allowed visit is recorded in the portal activity log.
        may_change = 0 < contract_id < 2**31 and self.may_read(
            visitor, contract_id, token
        )
        if (
            contract_id > 0
            and contract_id < 2**31
            and not self.may_read(visitor, contract_id, token)
        ):
            missing = self.send("GET", f"/my/contracts/{MISSING_ID}", params=params)
            stats["requests"] += 1
            if refusal(response, contract_id) != refusal(missing, MISSING_ID):
                problems.append(
                    f"refused contract {contract_id} answers {response.status_code}"
                    f" {response.headers.get('Location')}, a missing one "
                    f"{missing.status_code} {missing.headers.get('Location')}"
                )
        return response, may_change, problems

    def fuzz_attachment(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        contract_id = self.any_id(rng)
        attachment_id = self.any_id(rng, "attachment")
        params = self.query(
            rng,
            download=rng.choice(["1", "0", "x"]),
            access_token=self.any_token(rng),
        )
        response = self.send(
            "GET",
            f"/my/contracts/{contract_id}/attachments/{attachment_id}",
            params=params,
        )
        allowed = (
            attachment_id == self.attachment_public.id
            and contract_id == self.contract.id
            and self.may_read(visitor, contract_id, params.get("access_token"))
        )
        # An allowed download is recorded in the portal activity log.
        may_change = allowed
        if response.status_code == 200:
            if not allowed:
                problems.append(
                    f"attachment {attachment_id} of {contract_id} served to {visitor}"
                )
        return response, may_change, problems

    def fuzz_watcher(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        contract_id = self.any_id(rng)
        action = rng.choice(["add", "remove"])
        data = self.query(
            rng,
            partner_id=rng.choice([self.any_id(rng, "partner"), self.any_value(rng)]),
            csrf_token=rng.choice([csrf, csrf, "bad", ""]),
        )
        data = {
            k: json.dumps(v) if isinstance(v, dict | list) else v
            for k, v in data.items()
        }
        response = self.send(
            "POST", f"/my/contracts/{contract_id}/watchers/{action}", data=data
        )
        may_change = (
            visitor == "requester"
            and contract_id == self.contract.id
            and data.get("csrf_token") == csrf
        )
        return response, may_change, problems

    def fuzz_post(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        # Not 0 nor other records: see the module docstring.
        thread_id = rng.choice([*self.all_contracts.ids, MISSING_ID, -1, 2**31, 10**30])
        token = self.any_token(rng, ascii_only=True)
        params = {
            "thread_model": "contract.contract",
            "thread_id": thread_id,
            "post_data": {
                "body": rng.choice(STRINGS),
                "message_type": rng.choice(["comment", "notification"]),
                "partner_ids": [self.any_id(rng, "partner")],
                "subtype_xmlid": rng.choice(["mail.mt_comment", "mail.mt_note", None]),
            },
            **self.query(
                rng,
                token=token,
                pid=rng.choice([self.any_id(rng, "partner"), None]),
                hash=rng.choice([None, "abc", rng.choice(STRINGS)]),
            ),
        }
        response, error = self.rpc("/mail/message/post", params)
        stats[f"rpc {error or 'ok'}"] += 1
        may_change = (
            params.get("thread_model") == "contract.contract"
            and isinstance(thread_id, int)
            and self.may_read(visitor, thread_id, params.get("token"))
        )
        if error and not error.startswith(REFUSALS):
            problems.append(
                f"/mail/message/post answered {error}: {self.last_rpc_message}"
                f" (params {json.dumps(params)[:400]})"
            )
        return response, may_change, problems

    def fuzz_call_kw(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        model = rng.choice(
            ["contract.contract", "contract.line", "contract.modification"]
        )
        method = rng.choice(["search_read", "read", "write", "search_count"])
        ids = [self.any_id(rng) for _ in range(rng.randint(1, 3))]
        field = "id" if model == "contract.contract" else "contract_id"
        text = "description" if model == "contract.modification" else "name"
        fields = ["id", text]
        domain = rng.choice(
            [[], [(field, "in", ids)], [(text, "ilike", rng.choice(STRINGS))]]
        )
        args, kwargs = {
            "search_read": ([domain], {"fields": fields}),
            "search_count": ([domain], {}),
            "read": ([ids, fields], {}),
            "write": ([ids, {text: rng.choice(STRINGS)}], {}),
        }[method]
        response, error = self.rpc(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )
        stats[f"rpc {error or 'ok'}"] += 1
        if (
            error
            and not error.startswith(REFUSALS)
            and "NumericValueOutOfRange" not in error
        ):
            problems.append(
                f"call_kw {model}.{method} answered {error}: {self.last_rpc_message}"
                f" (args {json.dumps(args)[:300]})"
            )
        if not error and method in ("search_read", "read"):
            rows = response.json().get("result") or []
            if model == "contract.contract":
                seen = {row["id"] for row in rows}
            else:
                seen = set(
                    self.env[model]
                    .sudo()
                    .browse([r["id"] for r in rows])
                    .contract_id.ids
                )
            leaked = seen - set(self.visitors[visitor][1].ids)
            if leaked & set(self.all_contracts.ids):
                problems.append(f"{model}.{method} gives {visitor} contracts {leaked}")
        return response, may_change, problems

    def fuzz_content(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        attachment_id = self.any_id(rng, "attachment")
        params = self.query(
            rng,
            download=rng.choice(["true", "1"]),
            access_token=self.any_token(rng),
        )
        response = self.send("GET", f"/web/content/{attachment_id}", params=params)
        if response.status_code == 200 and b"Internal margin" in response.content:
            problems.append(f"/web/content served the private attachment to {visitor}")
        return response, may_change, problems

    def fuzz_wrong_method(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        method, url = rng.choice(
            [
                ("GET", f"/my/contracts/{self.contract.id}/watchers/add"),
                ("PUT", f"/my/contracts/{self.contract.id}/watchers/remove"),
                ("DELETE", f"/my/contracts/{self.contract.id}"),
                ("POST", f"/my/contracts/{self.contract.id}"),
                ("POST", "/my/contracts"),
                ("GET", "/mail/message/post"),
                ("PATCH", f"/my/contracts/{self.contract.id}/attachments/1"),
            ]
        )
        response = self.send(method, url, data={"partner_id": self.carol.partner_id.id})
        return response, may_change, problems

    def fuzz_one(self, rng, visitor, stats):
        """Send one random request; return (description, response summary,
        whether it may change the database, problems)."""
        kind = rng.choice(
            [
                "home",
                "list",
                "page",
                "page",
                "page",
                "attachment",
                "attachment",
                "watcher",
                "watcher",
                "post",
                "post",
                "call_kw",
                "call_kw",
                "content",
                "wrong_method",
            ]
        )
        csrf = http.Request.csrf_token(self) if visitor != "anonymous" else None
        response, may_change, problems = getattr(self, f"fuzz_{kind}")(
            rng, visitor, csrf, stats
        )
        if response.status_code >= 500:
            problems.append(f"answered {response.status_code}")
        return (
            f"{kind} {response.request.method} {response.request.url}",
            response,
            may_change,
            problems,
        )

    @mute_logger(
        "odoo.http",
        "odoo.addons.base.models.ir_rule",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.mail.controllers.thread",
        "odoo.addons.mail.models.mail_thread",
        "odoo.sql_db",
        "werkzeug",
    )
    def test_route_fuzz(self):
        rng = random.Random(SEED)
        stats = Counter()
        statuses = Counter()
        failures = []
        visitors = list(self.visitors)
        while stats["requests"] < REQUESTS and len(failures) < 20:
            visitor = rng.choice(visitors)
            self.login(visitor)
            for _ in range(rng.randint(5, 25)):
                before = self.snapshot()
                savepoint = self.env.cr.savepoint()
                try:
                    label, response, may_change, problems = self.fuzz_one(
                        rng, visitor, stats
                    )
                    stats["requests"] += 1
                    statuses[response.status_code] += 1
                    after = self.snapshot()
                    changed = [name for name in after if after[name] != before[name]]
                    if not may_change and changed:
                        problems.append(
                            "a refused request changed the database: "
                            + ", ".join(changed)
                        )
                finally:
                    savepoint.rollback()
                    savepoint.close()
                    self.env.invalidate_all()
                failures += [f"{visitor}: {label}: {p}" for p in problems]
        summary = (
            f"route fuzz: {stats['requests']} requests (seed {SEED}); status codes "
            f"{dict(sorted(statuses.items()))}; JSON-RPC outcomes "
            f"{ {k[4:]: v for k, v in sorted(stats.items()) if k.startswith('rpc ')} }"
        )
        _logger.info(summary)
        self.assertFalse(failures, "\n".join([summary, *failures]))
        self.assertGreaterEqual(stats["requests"], REQUESTS)
