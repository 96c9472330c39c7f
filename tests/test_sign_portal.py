# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Signing and declining over HTTP, as the portal's signature dialog and
decline form send them: who may, what is recorded, what each visitor sees."""

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import signature_png
from .test_sign import SignCommon


@tagged("post_install", "-at_install")
class TestSignPortal(SignCommon, HttpCase):
    def sign_over_http(self, user, **params):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)
        values = {"name": user.name if user else "Someone"}
        values["signature"] = signature_png()
        values.update(params)
        return self.make_jsonrpc_request(
            f"/my/contracts/{self.contract.id}/sign?access_token="
            f"{self.contract.access_token}",
            values,
        )

    def activity(self, kind):
        return self.env["contract.portal.activity"].search(
            [("contract_id", "=", self.contract.id), ("kind", "=", kind)]
        )

    def test_signer_signs_from_the_page_dialog(self):
        self.ask(self.alice)
        self.contract._portal_ensure_token()
        answer = self.sign_over_http(self.alice)
        self.assertTrue(answer["force_refresh"])
        self.assertEqual(
            answer["redirect_url"], f"/my/contracts/{self.contract.id}?sign_done=signed"
        )
        line = self.contract.portal_signature_ids
        self.assertEqual(line.state, "signed")
        self.assertEqual(line.ip_address, "127.0.0.1")
        self.assertTrue(line.user_agent)
        row = self.activity("sign")
        self.assertEqual(row.partner_id, self.alice.partner_id)
        self.assertEqual(row.role, "requester")
        # The second tab, or a second click: one signature.
        again = self.sign_over_http(self.alice)
        self.assertEqual(again["error"], "You have already signed this contract.")
        self.assertEqual(len(self.activity("sign")), 1)
        self.assertEqual(len(line.document_id), 1)

    def test_only_the_logged_in_signer_may_sign(self):
        self.ask(self.alice)
        self.contract._portal_ensure_token()
        refusals = {
            None: "Log in to the portal to sign this contract.",
            self.carol: "No signature is asked of you",
            self.bob: "No signature is asked of you",
            self.gina: "This contract is not available to you.",
        }
        for user, message in refusals.items():
            with self.subTest(user=user and user.name):
                answer = self.sign_over_http(user)
                self.assertIn(message, answer["error"])
        self.assertEqual(self.contract.portal_signature_ids.state, "pending")
        self.assertFalse(self.activity("sign"))

    def test_bad_input_is_answered_in_the_dialog(self):
        self.ask(self.alice)
        self.contract._portal_ensure_token()
        cases = [
            ({"name": ""}, "Enter your name to sign."),
            ({"signature": ""}, "Draw, type or load your signature first."),
            ({"signature": "bm90IGFuIGltYWdl"}, "The signature is not an image"),
            ({"signature": ["a"]}, "Draw, type or load your signature first."),
            ({"signature": "A" * (800 * 1024)}, "at most 512 KB"),
        ]
        for params, message in cases:
            with self.subTest(params=str(params)[:40]):
                answer = self.sign_over_http(self.alice, **params)
                self.assertIn(message, answer["error"])
        self.assertEqual(self.contract.portal_signature_ids.state, "pending")

    def test_french_signer_is_answered_in_french(self):
        denise = self._french_portal_user("cps_denise", "Denise Test", self.acme)
        self.contract._portal_set_watchers(self.bob.partner_id | denise.partner_id)
        self.ask(denise)
        self.contract._portal_ensure_token()
        answer = self.sign_over_http(denise, name="")
        self.assertEqual(answer["error"], "Saisissez votre nom pour signer.")

    def test_decline_with_a_reason(self):
        self.ask(self.alice)
        self.authenticate(self.alice.login, self.alice.login)
        url = f"/my/contracts/{self.contract.id}/decline"
        csrf = http.Request.csrf_token(self)
        empty = self.url_open(
            url, data={"decline_reason": " ", "csrf_token": csrf}, allow_redirects=False
        )
        self.assertIn("sign_error=Say+why", empty.headers["Location"])
        self.assertEqual(self.contract.portal_signature_ids.state, "pending")
        done = self.url_open(
            url,
            data={"decline_reason": "Wrong price.", "csrf_token": csrf},
            allow_redirects=False,
        )
        self.assertTrue(done.headers["Location"].endswith("?sign_done=declined"))
        line = self.contract.portal_signature_ids
        self.assertEqual(line.state, "declined")
        self.assertEqual(line.decline_reason, "Wrong price.")
        self.assertEqual(len(self.activity("decline")), 1)

    def test_page_in_french_for_the_signer_and_a_colleague(self):
        denise = self._french_portal_user("cps_denise", "Denise Test", self.acme)
        bruno = self._french_portal_user("cps_bruno", "Bruno Test", self.acme)
        self.contract._portal_set_watchers(self.bob.partner_id | denise.partner_id)
        self.ask(denise)
        self.authenticate(denise.login, denise.login)
        page = self.url_open(f"/my/contracts/{self.contract.id}").text
        self.assertIn("Votre signature est demandée", page)
        self.assertIn("Accepter et signer", page)
        self.assertIn("Refuser de signer", page)
        self.assertNotIn("Your signature is requested", page)
        # Bruno, a colleague, sees whose signature is awaited, and no button.
        self.authenticate(bruno.login, bruno.login)
        page = self.url_open(f"/my/contracts/{self.contract.id}").text
        self.assertIn("En attente de la signature de", page)
        self.assertIn("Denise Test", page)
        self.assertNotIn("o_contract_sign_open", page)

    def test_page_shows_the_signature_then_the_change_and_the_void_request(self):
        self.ask(self.alice)
        self.sign(self.alice)
        self.authenticate(self.bob.login, self.bob.login)
        url = f"/my/contracts/{self.contract.id}"
        page = self.url_open(url).text
        self.assertIn("o_contract_sign_image", page)
        self.assertIn(
            'text-bg-success align-self-start o_contract_sign_badge">Signed', page
        )
        # The terms change: the sidebar no longer says "Signed" in green.
        self.contract.contract_line_ids.price_unit = 150
        page = self.url_open(url).text
        self.assertIn("Contract changed after signing</span>", page)
        self.assertNotIn("text-bg-success align-self-start o_contract_sign_badge", page)
        # Asked again, then changed while open: the request is void, and the
        # page says so to everyone, with no button for the signer.
        self.ask(self.alice)
        self.contract.contract_line_ids.price_unit = 160
        self.authenticate(self.alice.login, self.alice.login)
        page = " ".join(self.url_open(url).text.split())
        self.assertIn("This signature request is void", page)
        self.assertNotIn("o_contract_sign_open", page)

    def test_the_emailed_link_logged_out_asks_the_signer_to_log_in(self):
        self.ask(self.alice)
        self.contract._portal_ensure_token()
        self.authenticate(None, None)
        url = f"/my/contracts/{self.contract.id}"
        token = {"access_token": self.contract.access_token}
        signer = self.url_open(
            url,
            params={
                **token,
                "pid": self.alice.partner_id.id,
                "hash": self.contract._sign_token(self.alice.partner_id.id),
            },
        ).text
        signer = " ".join(signer.split())
        self.assertIn("Log in to sign", signer)
        self.assertIn(
            f'href="/web/login?redirect=%2Fmy%2Fcontracts%2F{self.contract.id}"',
            signer,
        )
        self.assertNotIn("Awaiting the signature of", signer)
        # Someone else's link, or the token alone: the state, no login prompt.
        for params in (
            token,
            {
                **token,
                "pid": self.bob.partner_id.id,
                "hash": self.contract._sign_token(self.bob.partner_id.id),
            },
        ):
            page = " ".join(self.url_open(url, params=params).text.split())
            self.assertNotIn("Log in to sign", page)
            self.assertIn("Awaiting the signature of <strong>Alice Test</strong>", page)

    def test_the_page_is_not_kept_for_the_back_button(self):
        self.ask(self.alice)
        self.authenticate(self.alice.login, self.alice.login)
        response = self.url_open(f"/my/contracts/{self.contract.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")

    def test_the_signer_of_a_cancelled_request_is_told_on_the_page(self):
        self.ask(self.alice)
        self.contract.with_user(self.manager).action_portal_cancel_signature()
        url = f"/my/contracts/{self.contract.id}"
        self.authenticate(self.alice.login, self.alice.login)
        page = " ".join(self.url_open(url).text.split())
        self.assertIn("The request to sign this contract was cancelled", page)
        self.assertNotIn("o_contract_sign_open", page)
        self.authenticate(self.bob.login, self.bob.login)
        page = self.url_open(url).text
        self.assertNotIn("o_contract_sign_cancelled", page)
