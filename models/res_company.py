# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The company's seal: the certificate and key that seal a signed contract's
PDF (PAdES), so that anyone can check it was not changed since."""

import base64
import binascii
import datetime
import io

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import (
    load_certs_from_pemder_data,
    load_private_key_from_pemder_data,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields as sign_fields
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from odoo import api, fields, models
from odoo.exceptions import UserError

# A self-signed seal until the company installs one from a trusted authority.
SELF_SIGNED_YEARS = 10


class ResCompany(models.Model):
    _inherit = "res.company"

    portal_seal_certificate = fields.Text(
        string="Seal certificate (PEM)",
        groups="base.group_system",
        copy=False,
    )
    portal_seal_key = fields.Text(
        string="Seal private key (PEM)",
        groups="base.group_system",
        copy=False,
    )
    portal_seal_chain = fields.Text(
        string="Seal certificate chain (PEM)",
        groups="base.group_system",
        copy=False,
    )

    def _portal_seal_ensure(self):
        """A seal for each of these companies: a self-signed one where there
        is none yet."""
        for company in self.sudo():
            if not company.portal_seal_certificate:
                company._portal_seal_generate()

    def _portal_seal_generate(self):
        self.ensure_one()
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, f"{self.name} - contract seal"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.name),
            ]
        )
        now = datetime.datetime.now(datetime.UTC)
        usage = x509.KeyUsage(
            digital_signature=True,
            content_commitment=True,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=True,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        )
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365 * SELF_SIGNED_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(usage, critical=True)
            .sign(key, hashes.SHA256())
        )
        self._portal_seal_store(key, certificate, [])

    def _portal_seal_store(self, key, certificate, chain):
        self.ensure_one()
        self.sudo().write(
            {
                "portal_seal_key": key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ).decode(),
                "portal_seal_certificate": certificate.public_bytes(
                    serialization.Encoding.PEM
                ).decode(),
                "portal_seal_chain": "".join(
                    c.public_bytes(serialization.Encoding.PEM).decode() for c in chain
                ),
            }
        )

    def _portal_seal_load_pkcs12(self, data, password):
        """Replace the seal with a PKCS#12 file (base64) and its password, or
        a clear error that changes nothing."""
        self.ensure_one()
        try:
            raw = base64.b64decode(data, validate=True)
            key, certificate, chain = pkcs12.load_key_and_certificates(
                raw, (password or "").encode() or None
            )
        except (binascii.Error, ValueError, TypeError):
            raise UserError(
                self.env._(
                    "This file is not a PKCS#12 certificate (.p12, .pfx), or its "
                    "password is wrong: the seal is unchanged."
                )
            ) from None
        if not key or not certificate:
            raise UserError(
                self.env._(
                    "This PKCS#12 file holds no private key and certificate: the "
                    "seal is unchanged."
                )
            )
        if not isinstance(key, rsa.RSAPrivateKey):
            raise UserError(
                self.env._(
                    "The seal needs an RSA key; this file holds another kind: the "
                    "seal is unchanged."
                )
            )
        self._portal_seal_store(key, certificate, chain or [])

    @api.model
    def _portal_seal_x509(self, pem):
        return x509.load_pem_x509_certificate(pem.encode())

    def _portal_seal_description(self):
        """Who the seal names and until when, for the settings."""
        self.ensure_one()
        pem = self.sudo().portal_seal_certificate
        if not pem:
            return ""
        certificate = self._portal_seal_x509(pem)
        subject = certificate.subject.rfc4514_string()
        until = fields.Date.to_string(certificate.not_valid_after.date())
        if certificate.issuer == certificate.subject:
            return self.env._(
                "%(subject)s, self-signed, valid until %(until)s",
                subject=subject,
                until=until,
            )
        return self.env._(
            "%(subject)s, issued by %(issuer)s, valid until %(until)s",
            subject=subject,
            issuer=certificate.issuer.rfc4514_string(),
            until=until,
        )

    # === Sealing and checking ===

    def _portal_seal_signer(self):
        self.ensure_one()
        company = self.sudo()
        company._portal_seal_ensure()
        (certificate,) = load_certs_from_pemder_data(
            company.portal_seal_certificate.encode()
        )
        chain = (
            list(load_certs_from_pemder_data(company.portal_seal_chain.encode()))
            if company.portal_seal_chain
            else []
        )
        return signers.SimpleSigner(
            signing_cert=certificate,
            signing_key=load_private_key_from_pemder_data(
                company.portal_seal_key.encode(), passphrase=None
            ),
            cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]),
        )

    def _portal_seal_pdf(self, pdf, reason):
        """``pdf`` sealed (PAdES) with the company's seal: any later change
        to its bytes shows in every PDF reader's signature panel."""
        self.ensure_one()
        metadata = signers.PdfSignatureMetadata(
            field_name="ContractSeal",
            reason=reason,
            name=self.name,
            md_algorithm="sha256",
            subfilter=sign_fields.SigSeedSubFilter.PADES,
        )
        return signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            metadata,
            signer=self._portal_seal_signer(),
        ).getvalue()

    @api.model
    def _portal_seal_check(self, pdf):
        """What the seal of ``pdf`` says: None when there is none (or it is no
        PDF), else {"intact": the bytes are those sealed, "whole": nothing
        was added after sealing, "company": the company whose seal it is, or
        an empty record}."""
        try:
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            seals = reader.embedded_signatures
        except Exception:  # pylint: disable=broad-except
            # Whatever a stranger uploads: a broken file has no seal to check.
            return None
        if not seals:
            return None
        seal = seals[-1]
        signer = seal.signer_cert.dump() if seal.signer_cert else b""
        company, roots = self.browse(), []
        for candidate in self.sudo().search([("portal_seal_certificate", "!=", False)]):
            (certificate,) = load_certs_from_pemder_data(
                candidate.portal_seal_certificate.encode()
            )
            if certificate.dump() == signer:
                company, roots = candidate.sudo(False), [certificate]
                break
        try:
            # Trusting the company's own certificate: the question here is
            # whether this company sealed these bytes, not whether a PDF
            # reader trusts the company.
            status = validate_pdf_signature(seal, ValidationContext(trust_roots=roots))
            intact, coverage = status.intact and status.valid, status.coverage
        except Exception:  # pylint: disable=broad-except
            intact, coverage = False, None
        return {
            "intact": intact,
            "whole": coverage == SignatureCoverageLevel.ENTIRE_FILE,
            "company": company,
        }
