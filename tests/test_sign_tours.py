# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Asking for a signature in the back office, and signing, declining and
seeing the state on the contract's portal page, in Chromium."""

import base64
import datetime
import hashlib
from urllib.parse import urlencode

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    pkcs12,
)
from cryptography.x509.oid import NameOID

from odoo.tests import tagged

from .common import RealPdfMixin, TourCommon, signature_png


@tagged("post_install", "-at_install")
class TestSignTours(RealPdfMixin, TourCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract.user_id = cls.manager
        cls.share_with_alice()

    def ask(self, *users):
        return self.contract.with_user(self.manager)._portal_request_signature(
            self.env["res.partner"].browse([u.partner_id.id for u in users])
        )

    def test_staff_ask_for_signatures_in_order_then_cancel(self):
        self.start_tour(
            self.form_url(),
            "contract_portal_share_sign_ask_tour",
            login=self.manager.login,
        )
        lines = self.contract.portal_signature_ids
        self.assertEqual(lines.mapped("partner_id"), (self.alice | self.bob).partner_id)
        self.assertEqual(lines.mapped("state"), ["cancelled", "cancelled"])
        self.assertFalse(self.contract.portal_sign_state)
        # Asking wrote its note and no share change: two notes, ask and cancel.
        self.assertEqual(
            [m.body for m in self.chatter_notes(self.contract)[:2]],
            [
                "<p>Signature request cancelled.</p>",
                "<p>Signatures requested from, in this order: Tour Alice, "
                "Tour Bob.</p>",
            ],
        )
        self.assertFalse(
            self.contract.message_ids.filtered(lambda m: "changed" in (m.body or "")),
            "no share change was noted",
        )

    def test_signer_draws_signs_and_sees_it_signed(self):
        self.ask(self.alice)
        self.start_tour(
            "/my", "contract_portal_share_sign_tour", login=self.alice.login
        )
        line = self.contract.portal_signature_ids
        self.assertEqual(line.state, "signed")
        self.assertEqual(line.signed_name, "Tour Alice")
        self.assertEqual(self.contract.portal_sign_state, "signed")
        self.assertEqual(line.document_id.raw[:5], b"%PDF-")

    def test_a_refusal_in_the_dialog_lets_the_signer_try_again(self):
        self.ask(self.alice)
        self.start_tour(
            "/my", "contract_portal_share_sign_retry_tour", login=self.alice.login
        )
        line = self.contract.portal_signature_ids
        self.assertEqual(line.state, "signed")
        self.assertEqual(line.signed_name, "Tour Alice")

    def test_second_signer_signs_after_the_first(self):
        self.ask(self.alice, self.bob)
        self.contract.sudo()._portal_sign(
            self.alice.partner_id, "Tour Alice", signature_png()
        )
        self.start_tour(
            "/my", "contract_portal_share_sign_second_tour", login=self.bob.login
        )
        self.assertEqual(
            self.contract.portal_signature_ids.mapped("state"), ["signed", "signed"]
        )

    def test_signer_declines_with_a_reason(self):
        self.ask(self.alice)
        self.start_tour(
            "/my", "contract_portal_share_sign_decline_tour", login=self.alice.login
        )
        line = self.contract.portal_signature_ids
        self.assertEqual(line.state, "declined")
        self.assertEqual(
            line.decline_reason, "The monthly price is not the one agreed."
        )

    def test_colleague_sees_the_state_and_no_button(self):
        self.ask(self.alice)
        self.start_tour(
            "/my", "contract_portal_share_sign_colleague_tour", login=self.carol.login
        )
        self.assertEqual(self.contract.portal_signature_ids.state, "pending")

    def test_a_stranger_checks_the_signed_pdf_in_english_and_french(self):
        self.ask(self.alice)
        self.contract.sudo()._portal_sign(
            self.alice.partner_id, "Alice Signer", signature_png()
        )
        sealed = self.contract.portal_signed_document_id.raw
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["contract_portal_share"], ["fr_FR"], overwrite=True
        )
        for prefix, found, unknown in (
            ("", "This is a signed contract of ours", "Not a signed contract"),
            ("/fr", "C'est un contrat signé chez nous", "Pas un contrat signé"),
        ):
            fragment = urlencode(
                {
                    "sha256": hashlib.sha256(sealed).hexdigest(),
                    "found": found,
                    "contract": self.contract.name,
                    "signer": "Alice Signer",
                    "unknown": unknown,
                }
            )
            self.start_tour(
                f"{prefix}/contract/verify#{fragment}",
                "contract_portal_share_verify_tour",
            )

    def test_an_administrator_installs_the_company_seal(self):
        def name(common):
            return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

        now = datetime.datetime.now(datetime.UTC)
        authority = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name("Bought Seal"))
            .issuer_name(name("Tour Trust Authority"))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .sign(authority, hashes.SHA256())
        )
        bought = pkcs12.serialize_key_and_certificates(
            b"bought", key, certificate, None, BestAvailableEncryption(b"s3cret")
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "contract_portal_share.tour_seal_p12", base64.b64encode(bought).decode()
        )
        company = self.env.company.sudo()
        company._portal_seal_ensure()
        self.start_tour(
            "/odoo/settings", "contract_portal_share_seal_settings_tour", login="admin"
        )
        self.assertIn("CN=Bought Seal", company._portal_seal_description())
        # The next signed PDF carries it.
        self.ask(self.alice)
        self.contract.with_context(force_report_rendering=True).sudo()._portal_sign(
            self.alice.partner_id, "Alice Signer", signature_png()
        )
        status = self.env["res.company"]._portal_seal_check(
            self.contract.portal_signed_document_id.raw
        )
        self.assertEqual(status["company"], self.env.company)
        self.assertTrue(status["intact"])
