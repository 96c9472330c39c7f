# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import ContractPortalShareCommon, new_user, refusal

ALLOW, DENY = True, False


@tagged("post_install", "-at_install")
class TestPortalAccess(ContractPortalShareCommon, HttpCase):
    """Who may do what on a contract shown to Alice (requester) with Bob
    (watcher), Carol being their colleague at Acme and Gina at Globex."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stranger = cls._portal_user("cps_dave", "Dave Test", cls.acme, "en_US")
        cls.employee = new_user(cls.env, login="cps_employee", groups="base.group_user")
        cls.share_with_alice()
        cls.token = cls.contract._portal_ensure_token()

    def login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def csrf(self):
        return http.Request.csrf_token(self)

    # --- the cells -------------------------------------------------------

    def can_list(self):
        response = self.url_open("/my/contracts", allow_redirects=False)
        return response.status_code == 200 and "TST-001" in response.text

    def can_page(self):
        response = self.url_open(
            f"/my/contracts/{self.contract.id}", allow_redirects=False
        )
        if response.status_code == 200:
            self.assertIn("Acme maintenance", response.text)
            return True
        # The same answer as for a contract that does not exist.
        missing = self.url_open("/my/contracts/999999999", allow_redirects=False)
        self.assertEqual(
            refusal(response, self.contract.id), refusal(missing, 999999999)
        )
        return False

    def can_download(self):
        url = (
            f"/my/contracts/{self.contract.id}/attachments/{self.attachment_public.id}"
            "?download=1"
        )
        response = self.url_open(url, allow_redirects=False)
        if response.status_code == 200:
            self.assertEqual(response.content, b"The plan")
            return True
        self.assertEqual(response.status_code, 404)
        return False

    def post_watcher(self, action, partner):
        """POST a people change as the page's form does; True if it took."""
        response = self.url_open(
            f"/my/contracts/{self.contract.id}/watchers/{action}",
            data={"partner_id": partner.id, "csrf_token": self.csrf()},
            allow_redirects=False,
        )
        done = (partner in self.contract.portal_watcher_ids) == (action == "add")
        self.assertIn(response.status_code, (302, 303) if done else (303, 403, 404))
        return done

    def can_add_watcher(self):
        return self.post_watcher("add", self.carol.partner_id)

    def can_remove_watcher(self):
        return self.post_watcher("remove", self.bob.partner_id)

    def can_post(self, token=None):
        before = len(self.contract.message_ids)
        try:
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "contract.contract",
                    "thread_id": self.contract.id,
                    "post_data": {"body": "Hello from the portal"},
                    "token": token,
                },
            )
        except JsonRpcException as error:
            self.assertIn("NotFound", str(error.args))
            return False
        return len(self.contract.message_ids) == before + 1

    def call_kw(self, method, args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "contract.contract",
                "method": method,
                "args": args,
                "kwargs": kwargs,
            },
        )

    def can_rpc(self):
        try:
            found = [
                row["id"] for row in self.call_kw("search_read", [], fields=["name"])
            ]
        except JsonRpcException:
            found = []
        try:
            read = self.call_kw("read", [[self.contract.id], ["name", "code"]])
        except JsonRpcException:
            read = None
        self.assertEqual(self.contract.id in found, bool(read))
        if read:
            self.assertEqual(read[0]["code"], "TST-001")
        return bool(read)

    # --- the matrix ------------------------------------------------------

    CELLS = (
        "list",
        "page",
        "download",
        "post",
        "rpc",
        "add_watcher",
        "remove_watcher",
    )

    def assertCells(self, user, expected):
        """Each cell in its own transaction, so that allowed changes do not
        leak into the next cell."""
        for cell, allowed in zip(self.CELLS, expected, strict=True):
            with self.subTest(user=user.login if user else "anonymous", cell=cell):
                self.login(user)
                savepoint = self.env.cr.savepoint()
                try:
                    if cell == "post":
                        # What the page gives them: the token in the chatter.
                        page = self.url_open(f"/my/contracts/{self.contract.id}")
                        token = self.token if self.token in page.text else None
                        got = self.can_post(token)
                    else:
                        got = getattr(self, f"can_{cell}")()
                    self.assertEqual(got, allowed)
                finally:
                    savepoint.rollback()
                    savepoint.close()
                    self.env.invalidate_all()

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_requester(self):
        self.assertCells(self.alice, (ALLOW,) * 7)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_watcher(self):
        self.assertCells(self.bob, (ALLOW,) * 5 + (DENY, DENY))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_colleague_with_company_visibility(self):
        self.assertCells(self.carol, (ALLOW,) * 5 + (DENY, DENY))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_colleague_without_company_visibility(self):
        self.acme.portal_colleague_visibility = False
        self.assertCells(self.carol, (DENY,) * 7)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_portal_user_of_another_company(self):
        self.assertCells(self.gina, (DENY,) * 7)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_anonymous_visitor(self):
        self.assertCells(None, (DENY,) * 7)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_internal_user_without_contract_rights(self):
        self.assertCells(self.employee, (DENY,) * 7)

    # --- beyond the matrix ----------------------------------------------

    def test_email_link_token_opens_the_page(self):
        """An emailed link works as Odoo's portal links do, even logged out,
        until the person is removed."""
        self.authenticate(None, None)
        url = f"/my/contracts/{self.contract.id}?access_token={self.token}"
        self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 200)
        self.contract._portal_share(
            self.alice.partner_id, self.env["res.partner"], send_email=False
        )
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303, "a removed watcher's link dies")

    def test_hidden_attachment_is_not_served(self):
        self.authenticate(self.alice.login, self.alice.login)
        for attachment_id in (self.attachment_private.id, 999999999):
            response = self.url_open(
                f"/my/contracts/{self.contract.id}/attachments/{attachment_id}"
            )
            self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/web/content/{self.attachment_private.id}")
        self.assertEqual(response.status_code, 404)

    @mute_logger("odoo.http")
    def test_forged_watcher_of_another_company(self):
        self.authenticate(self.alice.login, self.alice.login)
        before = self.contract.portal_watcher_ids
        response = self.url_open(
            f"/my/contracts/{self.contract.id}/watchers/add",
            data={"partner_id": self.gina.partner_id.id, "csrf_token": self.csrf()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Only portal users of your company can be added as watchers",
            response.text,
        )
        self.env.invalidate_all()
        self.assertEqual(self.contract.portal_watcher_ids, before)
        self.assertNotIn(self.gina.partner_id, self.contract.message_partner_ids)

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_is_refused(self):
        self.authenticate(self.alice.login, self.alice.login)
        for action, partner in (("add", self.carol), ("remove", self.bob)):
            response = self.url_open(
                f"/my/contracts/{self.contract.id}/watchers/{action}",
                data={"partner_id": partner.partner_id.id},
            )
            self.assertEqual(response.status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(self.contract.portal_watcher_ids, self.bob.partner_id)

    def test_added_watcher_is_emailed(self):
        self.authenticate(self.alice.login, self.alice.login)
        self.url_open(
            f"/my/contracts/{self.contract.id}/watchers/add",
            data={"partner_id": self.carol.partner_id.id, "csrf_token": self.csrf()},
        )
        self.assertEqual(
            self.queued_mails(self.contract).recipient_ids, self.carol.partner_id
        )
        self.assertIn(
            "Alice Test shared the contract", self.queued_mails(self.contract).body_html
        )

    def test_people_search_offers_colleagues_only(self):
        self.stranger.partner_id.email = "dave@acme.example.com"
        self.authenticate(self.alice.login, self.alice.login)
        page = self.url_open(f"/my/contracts/{self.contract.id}?people_search=test")
        self.assertIn("Carol Test", page.text)
        self.assertIn("Dave Test", page.text)
        self.assertNotIn("Gina Test", page.text)
        for search in ("dave@acme", "cps_dave"):
            page = self.url_open(
                f"/my/contracts/{self.contract.id}?people_search={search}"
            )
            self.assertIn("Dave Test", page.text)
            self.assertNotIn("Carol Test", page.text)
        # Watchers and colleagues get no people management.
        self.authenticate(self.bob.login, self.bob.login)
        page = self.url_open(f"/my/contracts/{self.contract.id}?people_search=test")
        self.assertIn("Bob Test", page.text)
        self.assertNotIn("o_contract_watcher_add", page.text)
        self.assertNotIn("o_contract_watcher_remove", page.text)
