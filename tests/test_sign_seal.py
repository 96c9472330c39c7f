# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The signed PDF stands on its own: its last page says who signed, when and
from where, the company's seal shows any later change to a PDF validator, and
anyone checks a PDF on the public verify page."""

import base64
import hashlib
import io

from cryptography import x509
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    load_pem_private_key,
    pkcs12,
)
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from PyPDF2 import PdfReader

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import new_user, signature_png
from .test_sign import SignCommon


def validate(pdf, trust=None):
    """pyHanko's verdict on the PDF's last signature, as `pyhanko sign
    validate` gives it."""
    (seal,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    roots = list(load_certs_from_pemder_data(trust.encode())) if trust else []
    return validate_pdf_signature(seal, ValidationContext(trust_roots=roots))


@tagged("post_install", "-at_install")
class TestSignSeal(SignCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.contract.company_id or cls.env.company
        cls.admin = new_user(
            cls.env, login="cps_seal_admin", groups="base.group_system"
        )

    def setUp(self):
        # In a test, not its class: only a test's own requests reach the HTTP
        # server, which wkhtmltopdf asks for the PDF's styles.
        super().setUp()
        self.contract.with_user(self.manager)._portal_request_signature(
            (self.alice | self.bob).partner_id
        )
        for user in (self.alice, self.bob):
            self.contract.sudo()._portal_sign(
                user.partner_id,
                f"{user.name} typed",
                signature_png(),
                ip_address="198.51.100.7",
                user_agent="Chrome/126 (test)",
            )
        self.sealed = self.contract.portal_signed_document_id.raw

    def test_the_last_signature_seals_the_pdf_with_an_evidence_page(self):
        self.assertEqual(self.contract.portal_sign_state, "signed")
        self.assertTrue(self.sealed.startswith(b"%PDF"))
        first, last = self.contract.portal_signature_ids.sorted("sequence")
        self.assertEqual(last.document_sha256, hashlib.sha256(self.sealed).hexdigest())
        evidence = PdfReader(io.BytesIO(self.sealed)).pages[-1].extract_text()
        evidence = " ".join(evidence.split())
        # Long hashes wrap in their table cell.
        flat = evidence.replace(" ", "")
        for digest in (first.terms_hash, first.document_sha256):
            self.assertIn(digest, flat)
        for text in (
            "Signature evidence",
            "Alice Test typed",
            "Bob Test typed",
            "cps_alice@example.com",
            "cps_bob",
            "198.51.100.7",
            "Chrome/126 (test)",
            " UTC",
            "Margaux Manager",
            "/contract/verify",
        ):
            self.assertIn(text, evidence)
        self.assertIn(self.company.name, evidence)
        # The contract's own pages have the company's header and footer,
        # which only a wkhtmltopdf with patched Qt prints (the body of OCA's
        # contract report names neither the company nor the page).
        first_page = PdfReader(io.BytesIO(self.sealed)).pages[0].extract_text()
        self.assertIn(self.company.name, first_page)
        self.assertIn("Page", first_page)

    def test_the_seal_validates_and_one_changed_byte_breaks_it(self):
        company = self.company.sudo()
        status = validate(self.sealed, trust=company.portal_seal_certificate)
        self.assertTrue(status.intact and status.valid and status.trusted)
        self.assertEqual(status.coverage, SignatureCoverageLevel.ENTIRE_FILE)
        # Without the company's certificate installed as trusted: intact, but
        # a reader says it does not know who sealed it.
        untrusted = validate(self.sealed)
        self.assertTrue(untrusted.intact)
        self.assertFalse(untrusted.trusted)
        changed = bytearray(self.sealed)
        at = self.sealed.index(b"/MediaBox")
        changed[at + 11] = ord("7") if changed[at + 11] != ord("7") else ord("8")
        broken = validate(bytes(changed), trust=company.portal_seal_certificate)
        self.assertFalse(broken.intact)

    def test_only_administrators_read_the_seal_key(self):
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).read(["portal_seal_key"])
        self.assertIn(
            "PRIVATE KEY", self.company.with_user(self.admin).portal_seal_key or ""
        )

    def p12(self, password=b"s3cret"):
        """A PKCS#12 file as an authority would sell it: the company's
        current key and certificate, under a new name."""
        company = self.company.sudo()
        key = load_pem_private_key(company.portal_seal_key.encode(), None)
        certificate = x509.load_pem_x509_certificate(
            company.portal_seal_certificate.encode()
        )
        return base64.b64encode(
            pkcs12.serialize_key_and_certificates(
                b"bought", key, certificate, None, BestAvailableEncryption(password)
            )
        )

    def settings(self, **values):
        return self.env["res.config.settings"].with_user(self.admin).create(values)

    def test_settings_replace_the_seal_with_a_pkcs12_file(self):
        company = self.company.sudo()
        before = company.portal_seal_certificate
        bought = self.p12()
        for data, password, message in (
            (base64.b64encode(b"not a certificate"), "s3cret", "not a PKCS#12"),
            (bought, "wrong", "password is wrong"),
            (b"@@@", "s3cret", "not a PKCS#12"),
        ):
            settings = self.settings(
                contract_portal_seal_file=data, contract_portal_seal_password=password
            )
            with self.assertRaisesRegex(UserError, message):
                settings.execute()
            self.assertEqual(company.portal_seal_certificate, before)
        company.portal_seal_certificate = False
        self.settings(
            contract_portal_seal_file=bought, contract_portal_seal_password="s3cret"
        ).execute()
        self.assertEqual(company.portal_seal_certificate, before)
        self.assertIn("self-signed", self.settings().contract_portal_seal_description)

    # === The verify page ===

    def verify(self, **data):
        files = data.pop("files", None)
        data["csrf_token"] = http.Request.csrf_token(self)
        response = self.url_open("/contract/verify", data=data, files=files)
        self.assertEqual(response.status_code, 200)
        return " ".join(response.text.split())

    def test_verify_page_finds_the_sealed_pdf_and_shows_nothing_else(self):
        self.authenticate(None, None)
        page = self.verify(files={"pdf": ("contract.pdf", self.sealed)})
        self.assertIn("This is a signed contract of ours", page)
        self.assertIn("Acme maintenance", page)
        self.assertIn("Alice Test typed", page)
        self.assertIn("Bob Test typed", page)
        self.assertIn("Its seal is intact", page)
        for secret in ("Acme Test", "Monthly maintenance", "198.51.100.7", "cps_"):
            self.assertNotIn(secret, page)
        page = self.verify(sha256=hashlib.sha256(self.sealed).hexdigest().upper())
        self.assertIn("This is a signed contract of ours", page)
        self.assertIn("Upload the PDF itself to check its seal", page)

    def test_verify_page_answers_every_other_file_clearly(self):
        self.authenticate(None, None)
        changed = self.sealed.replace(b"/MediaBox", b"/MediaBox ", 1)
        page = self.verify(files={"pdf": ("changed.pdf", changed)})
        self.assertIn("This PDF was changed after it was sealed", page)
        other = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("contract.report_contract", self.contract_2.ids)[0]
        )
        for name, data, answer in (
            ("other.pdf", b"%PDF-1.4\n%%EOF", "Not a signed contract of ours"),
            ("note.txt", b"hello", "This file is not a PDF"),
            ("big.pdf", b"%PDF" + b"0" * (21 * 1024 * 1024), "larger than 20 MB"),
            ("contract_2.pdf", other, "Not a signed contract of ours"),
        ):
            page = self.verify(files={"pdf": (name, data)})
            self.assertIn(answer, page, name)
        for text in ("", "abc", "z" * 64):
            self.assertIn("paste its SHA-256: 64 characters", self.verify(sha256=text))
        self.assertIn("Not a signed contract of ours", self.verify(sha256="0" * 64))
