# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A signature is evidence: billing staff, an administrator or code running
as the superuser tries to make, change or delete one over every route, and
the contract still reads what the signers did."""

import base64

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import RealPdfMixin, new_user, signature_png
from .test_sign import SignCommon

REFUSED = "A signature is evidence"


@tagged("post_install", "-at_install")
class TestSignEvidence(RealPdfMixin, SignCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_user(
            cls.env,
            login="cps_clerk",
            name="Clark Clerk",
            groups="base.group_user,account.group_account_invoice",
        )
        cls.admin = new_user(
            cls.env,
            login="cps_admin",
            name="Ada Admin",
            groups="base.group_system,account.group_account_manager",
        )
        cls.contract.user_id = cls.clerk
        cls.contract_2._portal_share(
            cls.alice.partner_id, cls.bob.partner_id, send_email=False
        )
        # Billing (reads contracts), Billing Administrator (edits them), and
        # Settings.
        cls.staff = (cls.clerk, cls.manager, cls.admin)

    def setUp(self):
        # In a test, not its class: only a test's own requests reach the HTTP
        # server, which wkhtmltopdf asks for the PDF's styles.
        super().setUp()
        # Alice signed, Bob's turn; on the second contract Alice's turn with
        # Bob waiting.
        lines = self.contract.with_user(self.manager)._portal_request_signature(
            (self.alice | self.bob).partner_id
        )
        self.signed, self.pending = lines
        self.contract._portal_sign(
            self.alice.partner_id,
            "Alice Test",
            signature_png(),
            ip_address="198.51.100.7",
            user_agent="Chrome/126",
        )
        self.document = self.signed.document_id
        self.document_bytes = self.document.raw
        self.first, self.waiting = self.contract_2.with_user(
            self.manager
        )._portal_request_signature((self.alice | self.bob).partner_id)
        self.evidence = self._evidence()
        self.signed_values = self.signed.read()

    def _evidence(self):
        lines = (
            self.contract.portal_signature_ids | self.contract_2.portal_signature_ids
        )
        return {
            "lines": lines.read(
                [
                    "state",
                    "signed_name",
                    "answered_on",
                    "ip_address",
                    "document_id",
                    "document_sha256",
                    "partner_id",
                    "active",
                ]
            ),
            "states": (
                self.contract.portal_sign_state,
                self.contract_2.portal_sign_state,
            ),
            "document": self.document.raw,
        }

    def call(self, user, model, method, *args, **kwargs):
        """``method`` over JSON-RPC as ``user``, as the web client and any
        script with their session send it; the error's name, or None."""
        self.authenticate(user.login, user.login)
        try:
            self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": kwargs,
                },
            )
        except JsonRpcException as error:
            return error.args[0] if error.args else str(error)
        return None

    def assertEvidenceIntact(self):
        self.env.invalidate_all()
        self.assertEqual(self._evidence(), self.evidence)

    def assertRefused(self, user, model, method, *args, **kwargs):
        error = self.call(user, model, method, *args, **kwargs)
        self.assertIn(
            error,
            ("odoo.exceptions.UserError", "odoo.exceptions.AccessError"),
            f"{user.login} {model}.{method}{args} was not refused",
        )
        self.assertEvidenceIntact()

    def test_the_world_is_what_the_tests_assume(self):
        self.assertEqual(self.signed.state, "signed")
        self.assertEqual(self.pending.state, "pending")
        self.assertEqual(self.waiting.state, "waiting")
        self.assertEqual(self.contract.portal_sign_state, "awaiting")
        self.assertTrue(self.document)
        # The clerk reads what he may not change.
        self.assertIsNone(
            self.call(
                self.clerk,
                "contract.portal.signature",
                "read",
                self.signed.ids,
                ["state"],
            )
        )

    def test_nobody_marks_a_pending_or_waiting_line_signed(self):
        forged = {"state": "signed", "signed_name": "Forged"}
        for user in self.staff:
            for line in (self.pending, self.waiting, self.first):
                self.assertRefused(user, line._name, "write", line.ids, forged)
                self.assertRefused(
                    user, line._name, "web_save", line.ids, forged, specification={}
                )
                self.assertRefused(
                    user, line._name, "write", line.ids, {"state": "declined"}
                )

    def test_nobody_creates_a_signed_line(self):
        values = {
            "contract_id": self.contract_2.id,
            "partner_id": self.carol.partner_id.id,
            "state": "signed",
            "signed_name": "Carol Test",
        }
        for user in self.staff:
            self.assertRefused(user, "contract.portal.signature", "create", [values])
            self.assertRefused(
                user,
                "contract.contract",
                "write",
                self.contract_2.ids,
                {"portal_signature_ids": [Command.create(values)]},
            )

    def test_nobody_rewrites_a_signed_line(self):
        rewrites = (
            {"signed_name": "Someone else"},
            {"document_sha256": "0" * 64},
            {"document_id": False},
            {"answered_on": "2020-01-01 00:00:00"},
            {"ip_address": "203.0.113.9"},
            {"state": "cancelled"},
            {"partner_id": self.carol.partner_id.id},
            {"active": False},
        )
        for user in self.staff:
            for values in rewrites:
                self.assertRefused(
                    user, "contract.portal.signature", "write", self.signed.ids, values
                )
            self.assertRefused(
                user, "contract.portal.signature", "unlink", self.signed.ids
            )

    def test_nobody_writes_the_contract_signed(self):
        for user in self.staff:
            for values in (
                {"portal_sign_state": "signed"},
                {"portal_signed_document_id": self.document.id},
                {"portal_signer_id": False},
                {
                    "portal_signature_ids": [
                        Command.update(self.pending.id, {"state": "signed"})
                    ]
                },
                {"portal_signature_ids": [Command.delete(self.signed.id)]},
                {"portal_signature_ids": [Command.unlink(self.signed.id)]},
            ):
                self.assertRefused(
                    user, "contract.contract", "write", self.contract.ids, values
                )

    def test_nobody_deletes_or_replaces_the_signed_pdf(self):
        other = base64.b64encode(b"%PDF-1.4 forged").decode()
        for user in self.staff:
            self.assertRefused(user, "ir.attachment", "unlink", self.document.ids)
            self.assertRefused(
                user, "ir.attachment", "write", self.document.ids, {"datas": other}
            )
            self.assertRefused(
                user,
                "ir.attachment",
                "write",
                self.document.ids,
                {"res_id": self.contract_2.id},
            )
            # The chatter's attachment box sends this.
            self.authenticate(user.login, user.login)
            with self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/mail/attachment/delete", {"attachment_id": self.document.id}
                )
            self.assertEvidenceIntact()
            # The contract goes with its evidence; it is archived instead.
            self.assertRefused(user, "contract.contract", "unlink", self.contract.ids)
        self.contract.with_user(self.manager).action_archive()
        self.assertFalse(self.contract.active)
        # Bob's open turn ends with the share; what Alice signed stays.
        self.assertEqual(self.pending.state, "lost")
        self.assertEqual(self.signed.read(), self.signed_values)
        self.assertEqual(self.document.raw, self.document_bytes)

    def test_the_superuser_is_refused_too(self):
        signed = self.signed.sudo()
        for values in (
            {"signed_name": "Someone else"},
            {"document_sha256": "0" * 64},
            {"state": "cancelled"},
        ):
            with self.assertRaisesRegex(UserError, REFUSED):
                signed.write(values)
        with self.assertRaisesRegex(UserError, REFUSED):
            self.pending.sudo().write({"state": "signed"})
        with self.assertRaisesRegex(UserError, REFUSED):
            signed.unlink()
        with self.assertRaisesRegex(UserError, REFUSED):
            self.document.sudo().unlink()
        with self.assertRaisesRegex(UserError, REFUSED):
            self.document.sudo().raw = b"%PDF-1.4 forged"
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.contract.sudo().unlink()
        self.assertEvidenceIntact()
        # Moving the file between the database and the filestore rewrites the
        # same bytes: allowed.
        self.document.sudo().write({"raw": self.document_bytes})
        self.assertEvidenceIntact()

    def test_staff_may_still_cancel_an_open_request(self):
        self.contract_2.with_user(self.manager).action_portal_cancel_signature()
        self.assertEqual(
            (self.first | self.waiting).mapped("state"), ["cancelled", "cancelled"]
        )
        self.assertIn(
            "Signature request cancelled.",
            self.chatter_notes(self.contract_2)[0].body,
        )
