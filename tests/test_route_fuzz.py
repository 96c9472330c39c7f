# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Random requests on every route the addon adds or changes, as each kind of
visitor, derandomized (``random.Random(SEED)``).

Routes: /my, /my/contracts, /my/contracts/page/<n>, /my/contracts/<id> (with
access_token, report_type, download, people_search), its attachments (with
download), /my/contracts/<id>/watchers/add, /remove and /leave (POST),
/my/contracts/<id>/sign (JSON-RPC) and /decline (POST), /contract/verify
(GET and POST, a SHA-256 or a file), the portal
chatter /mail/message/post on contract.contract, /web/dataset/call_kw on
contract.contract, contract.line and contract.modification, /web/content/<id>.

Visitors, and what each may read (``VISITORS``, written from the spec, not
from the addon's code): the requester, a watcher and a colleague of the
shared contract; another company's requester; the customer of an unshared
contract (an individual client, the exact partner: "Customers see their own
contracts" is on by default); a former watcher who opened the shared contract
and then moved to another company, holding the token of that visit;
anonymous; an internal user without contract rights; an employee with OCA's
contract manager rights. Anyone may read a contract with its current access
token; a token from before a move opens nothing.

Expected: no 5xx answer (nor an unexpected Python error inside a JSON-RPC
answer); no database change from a refused request; a refused contract gives
the missing contract's answer on the portal routes; nothing shown that the
spec does not allow. And the allowed answers are right: a contract page
(with or without its token) answers 200 with the contract's reference, an
allowed file download gives the file, a JSON-RPC read or search gives exactly
the rows the visitor may read. The employee with contract rights gets what
Odoo gives internal users on the portal routes: only "no 5xx" is checked
there. Each request runs in a savepoint rolled back afterwards, so the world
stays as set up.

Left out: NUL bytes in the URL path. Odoo core answers 500 to ``%00`` in the
path of every portal route (``/my/invoices/%00`` too), not the addon's. Also
non-ASCII tokens and hashes on /mail/message/post: core's ``consteq``
(portal/utils.py) raises TypeError on them for every model; same for any
token on a record without one and for thread_id 0 (KeyError in
_get_thread_with_access_for_post): the post fuzz uses ASCII tokens and
hashes, the world's contracts (all with a token) and missing, negative and
huge ids. The same ``consteq`` answers 500 on /web/content/<id> of any
attachment (``verify_limited_field_access_token``), which gets ASCII tokens
too. Non-ASCII tokens are kept on the contract page and its attachments:
``_document_check_access`` has the same ``consteq`` (500 instead of the
missing contract's answer), which the addon's routes can guard.

CPS_FUZZ_REQUESTS (default 1000) sets the number of requests, CPS_FUZZ_SEED
the seed.
"""

import json
import logging
import os
import random
import re
import time
import uuid
from collections import Counter
from typing import NamedTuple

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ContractPortalShareCommon, new_user, refusal, signature_png

_logger = logging.getLogger(__name__)

REQUESTS = int(os.environ.get("CPS_FUZZ_REQUESTS", "1000"))
SEED = int(os.environ.get("CPS_FUZZ_SEED", "20261128"))
MISSING_ID = 999999999
MODELS = ("contract.contract", "contract.line", "contract.modification")

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
ASCII_STRINGS = tuple(text for text in STRINGS if text.isascii())
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


class Visitor(NamedTuple):
    """One kind of visitor and what the spec lets them read."""

    user: object
    # Contracts they may read without a token, on the portal and over
    # JSON-RPC; an access token adds its own contract.
    reads: object
    # Back office with contract rights: reads and writes every contract of
    # their companies over JSON-RPC; the portal routes give them what Odoo
    # gives internal users, which the spec leaves to Odoo.
    backoffice: bool = False


@tagged("post_install", "-at_install")
class TestRouteFuzz(ContractPortalShareCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Contract = cls.env["contract.contract"]
        cls.employee = new_user(
            cls.env, login="cps_fz_employee", groups="base.group_user"
        )
        cls.fred = cls._portal_user("cps_fz_fred", "Fred Former", cls.acme, "en_US")
        # An individual client: the contract's partner is the person.
        cls.ivan = cls._portal_user("cps_fz_ivan", "Ivan Individual", None, "en_US")
        # Stated, not inherited from the default: Fred, once at Globex, must
        # not see Gina's contract as her colleague.
        cls.globex.portal_colleague_visibility = False
        cls.share_with_alice(cls.bob.partner_id | cls.fred.partner_id)
        cls.globex_contract = Contract.create(
            {"name": "Globex hosting", "code": "TST-G01", "partner_id": cls.globex.id}
        )
        cls.globex_contract._portal_share(
            cls.gina.partner_id, cls.env["res.partner"], send_email=False
        )
        cls.attachment_globex = cls._attach(cls.globex_contract, "g.txt", b"Globex")
        cls.ivan_contract = Contract.create(
            {
                "name": "Ivan web shop",
                "code": "TST-I01",
                "partner_id": cls.ivan.partner_id.id,
            }
        )
        cls.attachment_ivan = cls._attach(cls.ivan_contract, "i.txt", b"Ivan notes")
        cls.all_contracts = (
            cls.contract | cls.contract_2 | cls.globex_contract | cls.ivan_contract
        )
        cls.env["contract.line"].create(
            [
                {
                    "contract_id": contract.id,
                    "name": f"Service of {contract.code}",
                    "quantity": 1,
                    "price_unit": 10,
                    "date_start": "2026-01-01",
                    "recurring_next_date": "2026-02-01",
                }
                for contract in cls.all_contracts
            ]
        )
        cls.env["contract.modification"].create(
            [
                {
                    "contract_id": contract.id,
                    "date": "2026-01-01",
                    "description": f"Plan of {contract.code} upgraded",
                }
                for contract in cls.all_contracts
            ]
        )
        for contract in cls.all_contracts:
            contract._portal_ensure_token()
        # Bob, the watcher, is asked to sign the shared contract: only he may
        # sign or decline it, with a name and a picture.
        cls.contract._portal_request_signature(cls.bob.partner_id)
        cls.signature = signature_png()
        cls.files = {
            cls.attachment_public.id: b"The plan",
            cls.attachment_private.id: b"Internal margin",
            cls.attachment_globex.id: b"Globex",
            cls.attachment_ivan.id: b"Ivan notes",
        }
        # The files the share shows: only the one selected for the contract.
        cls.visible_files = {(cls.contract.id, cls.attachment_public.id)}
        no_contract = Contract.browse()
        # Who may read what, from the spec: Alice requester, Bob watcher, Carol
        # colleague (Acme shows colleagues), Gina requester at Globex, Ivan the
        # customer of his own contract (never shared), Fred a former watcher
        # now at Globex, the manager every contract of his companies.
        cls.visitors = {
            "requester": Visitor(cls.alice, cls.contract),
            "watcher": Visitor(cls.bob, cls.contract),
            "colleague": Visitor(cls.carol, cls.contract),
            "other_company": Visitor(cls.gina, cls.globex_contract),
            "customer": Visitor(cls.ivan, cls.ivan_contract),
            "former_member": Visitor(cls.fred, no_contract),
            "anonymous": Visitor(None, no_contract),
            "employee": Visitor(cls.employee, no_contract),
            "contract_manager": Visitor(
                cls.manager,
                Contract.with_context(active_test=False).search(
                    [("company_id", "in", cls.manager.company_ids.ids)]
                ),
                backoffice=True,
            ),
        }
        # Rows each visitor may read over JSON-RPC, per model: those of the
        # contracts they read.
        cls.readable = {
            name: {model: set(cls._rows_of(model, visitor.reads)) for model in MODELS}
            for name, visitor in cls.visitors.items()
        }
        cls.own_ids = {
            model: cls._rows_of(model, cls.all_contracts) for model in MODELS
        }
        cls.own_ids["attachment"] = list(cls.files)
        cls.own_ids["partner"] = (
            cls.alice | cls.bob | cls.carol | cls.gina | cls.ivan | cls.fred
        ).partner_id.ids + [cls.employee.partner_id.id, cls.acme.id, cls.globex.id]

    @classmethod
    def _rows_of(cls, model, contracts):
        """Ids of the ``model`` rows of ``contracts``, archived ones too."""
        field = "id" if model == "contract.contract" else "contract_id"
        Model = cls.env[model].with_context(active_test=False)
        return Model.search([(field, "in", contracts.ids)]).ids

    def leave_with_old_link(self):
        """Fred opens the shared contract as its watcher, which hands him its
        token, then moves to Globex: the token he saw is his old link."""
        self.authenticate(self.fred.login, self.fred.login)
        page = self.send("GET", self.contract.access_url)
        self.assertEqual(page.status_code, 200)
        self.old_token = self.contract.access_token
        self.assertIn(self.old_token, page.text)
        self.fred.partner_id.parent_id = self.globex
        self.env.flush_all()
        self.env.invalidate_all()

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
        "signatures": "SELECT md5(string_agg(s::text, ',' ORDER BY s.id)) "
        "FROM contract_portal_signature s",
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
        user = self.visitors[visitor].user
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

    def any_id(self, rng, kind="contract.contract", mine=()):
        """An id of the world's records of ``kind``, often one of ``mine`` (what
        the visitor may read, so that allowed answers get checked too), or a
        missing, odd or unrelated one."""
        return rng.choice(
            [rng.choice(self.own_ids[kind])] * 4
            + ([rng.choice(mine)] * 2 if mine else [])
            + [MISSING_ID, rng.choice(NUMBERS), rng.randint(1, 5000)]
        )

    def mine(self, visitor, model="contract.contract"):
        return sorted(self.readable[visitor][model] & set(self.own_ids[model]))

    def any_token(self, rng, ascii_only=False):
        strings = ASCII_STRINGS if ascii_only else STRINGS
        return rng.choice(
            [
                None,
                rng.choice(self.all_contracts).access_token,
                self.contract.access_token,
                self.old_token,
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

    # --- the spec ------------------------------------------------------------

    def may_read(self, visitor, contract_id, token=None):
        """Whether the spec lets ``visitor`` read the contract ``contract_id``,
        given the access token sent with the request (if any)."""
        if contract_id in self.visitors[visitor].reads.ids:
            return True
        # The current token opens its contract to anyone; a token seen before
        # a loss of access opens nothing, even if it were still current.
        return bool(
            token
            and token != self.old_token
            and any(
                contract.id == contract_id and token == contract.access_token
                for contract in self.all_contracts
            )
        )

    def expected_rows(self, visitor, model, domain):
        """The rows a search by ``visitor`` must give: what the domain finds
        among the rows they may read. None where the domain's ids do not fit
        PostgreSQL's integer columns (the search is then refused)."""
        ids = [v for term in domain if isinstance(term[2], list) for v in term[2]]
        if not all(-(2**31) <= value < 2**31 for value in ids):
            return None
        found = set(self.env[model].sudo().search(domain).ids)
        return found & self.readable[visitor][model]

    def allowed(self, stats, problems, ok, message):
        """An answer the spec allows, checked: counted, and a problem if it is
        not the allowed answer."""
        stats["allowed"] += 1
        stats[f"allowed {self.current_kind}"] += 1
        if not ok:
            problems.append(message)

    # --- one request -----------------------------------------------------------

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
            filterby=rng.choice(
                ["all", "requester", "watcher", "colleague", "customer", "zzz"]
            ),
            search_in=rng.choice(["all", "code", "name", "nope"]),
            search=rng.choice(STRINGS),
            date_begin=rng.choice(STRINGS),
        )
        response = self.send("GET", url, params=params)
        if self.visitors[visitor].backoffice:
            # Odoo's list links carry access tokens, which it creates for the
            # contracts that have none yet (portal.mixin.get_portal_url).
            return response, True, problems
        shown = {
            contract
            for contract in self.all_contracts
            if response.status_code == 200
            and (
                f"/my/contracts/{contract.id}?" in response.text
                or f'href="/my/contracts/{contract.id}"' in response.text
            )
        }
        for contract in shown:
            if not self.may_read(visitor, contract.id):
                problems.append(f"list shows {contract.code} to {visitor}")
        # The first page of the whole list shows every contract they read.
        whole = (
            page in (None, 1)
            and params.get("filterby", "all") in ("all", "zzz")
            and not params.get("search")
        )
        reads = set(self.visitors[visitor].reads & self.all_contracts)
        if whole and reads:
            self.allowed(
                stats,
                problems,
                response.status_code == 200 and reads <= shown,
                f"list {response.status_code} shows {sorted(c.code for c in shown)}"
                f" to {visitor}, who reads {sorted(c.code for c in reads)}",
            )
        return response, may_change, problems

    def fuzz_page(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        contract_id = self.any_id(rng, mine=self.mine(visitor))
        token = self.any_token(rng)
        params = self.query(
            rng,
            access_token=token,
            report_type=rng.choice(["html", "pdf", "text", "xlsx", None]),
            download=rng.choice(["1", "true", "0", None]),
            people_search=rng.choice(STRINGS),
            people_error=rng.choice(STRINGS),
            people_done=rng.choice(["added", "removed", "left", *STRINGS]),
            confirm_remove=rng.choice([self.any_id(rng, "partner"), *STRINGS]),
            confirm_leave=rng.choice(["1", "0", *STRINGS]),
        )
        response = self.send("GET", f"/my/contracts/{contract_id}", params=params)
        token = params.get("access_token")
        if self.visitors[visitor].backoffice:
            # Odoo lets internal users with contract rights open any contract
            # page; a visit may be recorded.
            return response, True, problems
        allowed = 0 < contract_id < 2**31 and self.may_read(visitor, contract_id, token)
        # An allowed visit is recorded in the portal activity log.
        may_change = allowed
        if allowed:
            contract = self.all_contracts.browse(contract_id)
            report_type = params.get("report_type")
            if response.status_code != 200:
                ok = False
            elif report_type == "pdf":
                # The body is HTML in test mode; the file name carries the code.
                ok = re.sub(r"\W+", "_", contract.code) in response.headers.get(
                    "Content-Disposition", ""
                )
            elif report_type in ("html", "text"):
                ok = contract.code in response.text
            else:
                ok = contract.code in response.text and contract.name in response.text
            self.allowed(
                stats,
                problems,
                ok,
                f"allowed contract {contract.code} answers {response.status_code}"
                f" {response.headers.get('Location')}, not 200 with its reference",
            )
        elif 0 < contract_id < 2**31:
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
        contract_id = self.any_id(rng, mine=self.mine(visitor))
        attachment_id = self.any_id(
            rng, "attachment", mine=[file_id for _cid, file_id in self.visible_files]
        )
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
        if self.visitors[visitor].backoffice:
            return response, True, problems
        allowed = (contract_id, attachment_id) in self.visible_files and self.may_read(
            visitor, contract_id, params.get("access_token")
        )
        # An allowed download is recorded in the portal activity log.
        may_change = allowed
        if allowed:
            self.allowed(
                stats,
                problems,
                response.status_code == 200
                and response.content == self.files[attachment_id],
                f"allowed attachment {attachment_id} of {contract_id} answers "
                f"{response.status_code} {response.content[:60]!r}",
            )
        elif response.status_code == 200:
            problems.append(
                f"attachment {attachment_id} of {contract_id} served to {visitor}"
            )
        return response, may_change, problems

    def fuzz_watcher(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        contract_id = self.any_id(rng)
        action = rng.choice(["add", "remove", "leave"])
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
        # The requester adds and removes watchers; a watcher may leave.
        may_change = (
            visitor == ("watcher" if action == "leave" else "requester")
            and contract_id == self.contract.id
            and data.get("csrf_token") == csrf
        )
        return response, may_change, problems

    def fuzz_sign(self, rng, visitor, csrf, stats):
        problems = []
        # Half of them well formed, so that the signer's own are checked too.
        well_formed = rng.random() < 0.5
        contract_id = self.contract.id if well_formed else self.any_id(rng)
        mine = visitor == "watcher" and contract_id == self.contract.id
        if rng.random() < 0.5:
            if well_formed:
                params = {"name": self.bob.name, "signature": self.signature}
            else:
                params = self.query(
                    rng,
                    name=rng.choice([self.bob.name, self.any_value(rng)]),
                    signature=rng.choice(
                        [self.signature, self.signature[:-8], self.any_value(rng)]
                    ),
                )
            response, error = self.rpc(f"/my/contracts/{contract_id}/sign", params)
            name, signature = params.get("name"), params.get("signature")
            may_change = (
                mine
                and isinstance(name, str)
                and name.strip()
                and signature == self.signature
            )
            answer = response.json().get("result") if not error else None
            if error and not error.startswith(REFUSALS):
                problems.append(f"sign raised {error}: {self.last_rpc_message}")
            elif may_change:
                self.allowed(
                    stats,
                    problems,
                    isinstance(answer, dict) and answer.get("force_refresh"),
                    f"the signer's signature answers {answer!r:.200}",
                )
            elif isinstance(answer, dict) and not answer.get("error"):
                problems.append(f"sign accepted for {visitor}: {params!r:.200}")
            return response, may_change, problems
        data = self.query(
            rng,
            decline_reason=rng.choice(["Too expensive.", *STRINGS]),
            csrf_token=rng.choice([csrf, csrf, "bad", ""]),
        )
        response = self.send("POST", f"/my/contracts/{contract_id}/decline", data=data)
        may_change = (
            mine
            and data.get("csrf_token") == csrf
            and bool((data.get("decline_reason") or "").strip())
        )
        return response, may_change, problems

    def fuzz_post(self, rng, visitor, csrf, stats):
        problems = []
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
                hash=rng.choice([None, "abc", rng.choice(ASCII_STRINGS)]),
            ),
        }
        response, error = self.rpc("/mail/message/post", params)
        stats[f"rpc {error or 'ok'}"] += 1
        may_change = self.may_read(visitor, thread_id, params.get("token"))
        if error and not error.startswith(REFUSALS):
            problems.append(
                f"/mail/message/post answered {error}: {self.last_rpc_message}"
                f" (params {json.dumps(params)[:400]})"
            )
        return response, may_change, problems

    def fuzz_call_kw(self, rng, visitor, csrf, stats):
        problems = []
        model = rng.choice(MODELS)
        method = rng.choice(["search_read", "read", "write", "search_count"])
        mine = self.mine(visitor, model)
        ids = [self.any_id(rng, model, mine) for _ in range(rng.randint(1, 3))]
        field = "id" if model == "contract.contract" else "contract_id"
        text = "description" if model == "contract.modification" else "name"
        fields = ["id", text]
        domain = rng.choice(
            [
                [],
                [(field, "in", [self.any_id(rng) for _ in ids])],
                [(text, "ilike", rng.choice(STRINGS))],
            ]
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
        out_of_range = error and "NumericValueOutOfRange" in error
        if error and not error.startswith(REFUSALS) and not out_of_range:
            problems.append(
                f"call_kw {model}.{method} answered {error}: {self.last_rpc_message}"
                f" (args {json.dumps(args)[:300]})"
            )
        readable = self.readable[visitor][model]
        # Writes are the back office's: OCA's contract manager may change
        # contracts, lines and modifications.
        may_change = method == "write" and self.visitors[visitor].backoffice
        if method == "search_count":
            expected = self.expected_rows(visitor, model, domain)
            if expected:
                count = None if error else response.json().get("result")
                self.allowed(
                    stats,
                    problems,
                    count == len(expected),
                    f"{model}.search_count {domain!r} gives {visitor} {count}"
                    f" ({error}), {len(expected)} readable",
                )
        if method not in ("search_read", "read"):
            return response, may_change, problems
        rows = [] if error else response.json().get("result") or []
        # Odoo reads id 0 as an empty row ({"id": 0, "name": False}) on every
        # model: no record, nothing to leak while it stays empty.
        seen = {row["id"] for row in rows if row["id"]}
        if seen - readable or any(
            value for row in rows if not row["id"] for value in row.values()
        ):
            problems.append(f"{model}.{method} gives {visitor} rows {rows!r:.300}")
        if method == "read":
            asked = set(ids) - {0}
            expected = asked if asked <= readable else set()
        else:
            expected = self.expected_rows(visitor, model, domain)
        if expected:
            self.allowed(
                stats,
                problems,
                not error and seen == expected,
                f"{model}.{method} {json.dumps(args)[:200]} gives {visitor} rows "
                f"{sorted(seen)} ({error}), expected {sorted(expected)}",
            )
        return response, may_change, problems

    def fuzz_content(self, rng, visitor, csrf, stats):
        problems, may_change = [], False
        attachment_id = self.any_id(rng, "attachment")
        params = self.query(
            rng,
            download=rng.choice(["true", "1"]),
            access_token=self.any_token(rng, ascii_only=True),
        )
        response = self.send("GET", f"/web/content/{attachment_id}", params=params)
        content = self.files.get(attachment_id)
        if content is None:
            return response, may_change, problems
        if self.visitors[visitor].backoffice and "access_token" not in params:
            # Odoo's own download: attachments of contracts they read. (Odoo
            # refuses a wrong token for the file even to those who may read it.)
            self.allowed(
                stats,
                problems,
                response.status_code == 200 and response.content == content,
                f"/web/content/{attachment_id} answers {response.status_code}"
                f" to {visitor}",
            )
        elif response.status_code == 200 and response.content == content:
            # Portal users get files through the contract's own route only.
            problems.append(f"/web/content served file {attachment_id} to {visitor}")
        return response, may_change, problems

    def fuzz_verify(self, rng, visitor, csrf, stats):
        """The public verify page: whatever is sent, a page, and nothing of a
        contract unless a signed PDF's SHA-256 was given (none is here)."""
        problems = []
        data = {"csrf_token": rng.choice([csrf, csrf, "bad", None])}
        files = None
        if rng.random() < 0.5:
            data["sha256"] = rng.choice([*STRINGS, "0" * 64, "F" * 64, " " * 64])
        else:
            noise = bytes(rng.randrange(256) for _ in range(rng.randrange(400)))
            files = {
                "pdf": (
                    rng.choice(["a.pdf", "", "../x.pdf"]),
                    rng.choice([b"", noise, b"%PDF-1.4\n" + noise, b"%PDF"]),
                )
            }
        if rng.random() < 0.2:
            response = self.send("GET", "/contract/verify", params=data)
        else:
            data = {k: v for k, v in data.items() if v is not None}
            response = self.send("POST", "/contract/verify", data=data, files=files)
        stats[f"verify {response.status_code}"] += 1
        for secret in (self.contract.name, self.acme.name, "o_contract_verify_found"):
            if response.status_code == 200 and secret in response.text:
                problems.append(f"the verify page showed {secret!r}")
        return response, False, problems

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
                "sign",
                "sign",
                "verify",
                "wrong_method",
            ]
        )
        csrf = http.Request.csrf_token(self) if visitor != "anonymous" else None
        self.current_kind = kind
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
        self.leave_with_old_link()
        started = time.monotonic()
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

        def by_prefix(prefix):
            return {
                k[len(prefix) :]: v
                for k, v in sorted(stats.items())
                if k.startswith(prefix)
            }

        summary = (
            f"route fuzz: {stats['requests']} requests (seed {SEED}) in "
            f"{time.monotonic() - started:.0f} s; status codes "
            f"{dict(sorted(statuses.items()))}; allowed: {stats['allowed']} checked "
            f"{by_prefix('allowed ')}; JSON-RPC outcomes {by_prefix('rpc ')}"
        )
        _logger.info(summary)
        self.assertFalse(failures, "\n".join([summary, *failures]))
        self.assertGreaterEqual(stats["requests"], REQUESTS)
        self.assertTrue(stats["allowed"], "no allowed answer was checked")
