# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Anyone checks a signed contract's PDF: is it one this database sealed,
signed by whom and when, and is its seal intact. A stranger learns nothing
else about the contract."""

import hashlib
import re

from odoo import http
from odoo.http import request

from ..models.contract_contract_seal import VERIFY_ROUTE, format_utc

# A signed contract is a few hundred kilobytes; anything past this is not one.
VERIFY_MAX_BYTES = 20 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ContractVerify(http.Controller):
    @http.route(
        VERIFY_ROUTE,
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def contract_verify(self, pdf=None, sha256=None, **kw):
        values = {"sha256": sha256 if isinstance(sha256, str) else ""}
        if request.httprequest.method == "POST":
            values.update(self._verify_answer(pdf, values["sha256"]))
        return request.render("contract_portal_share.contract_verify_page", values)

    def _verify_answer(self, pdf, sha256):
        env = request.env
        if request.httprequest.content_length and (
            request.httprequest.content_length > VERIFY_MAX_BYTES + 64 * 1024
        ):
            return {"verify_error": self._verify_too_large()}
        seal = None
        if pdf and hasattr(pdf, "read"):
            raw = pdf.read(VERIFY_MAX_BYTES + 1)
            if len(raw) > VERIFY_MAX_BYTES:
                return {"verify_error": self._verify_too_large()}
            if not raw.startswith(b"%PDF"):
                return {
                    "verify_error": env._(
                        "This file is not a PDF: upload the signed contract's PDF."
                    )
                }
            digest = hashlib.sha256(raw).hexdigest()
            seal = env["res.company"]._portal_seal_check(raw)
        else:
            digest = (sha256 or "").strip().lower()
            if not SHA256.match(digest):
                return {
                    "verify_error": env._(
                        "Upload the PDF, or paste its SHA-256: 64 characters, "
                        "digits and letters a to f."
                    )
                }
        line = (
            env["contract.portal.signature"]
            .sudo()
            .with_context(active_test=False)
            .search([("document_sha256", "=", digest)], limit=1)
        )
        return {
            "verify_done": True,
            "verify_digest": digest,
            "verify_line": line,
            "verify_signers": [
                (signer.signed_name, format_utc(signer.answered_on))
                for signer in line.request_id.with_context(active_test=False)
                .signer_ids.filtered(lambda s: s.state == "signed")
                .sorted("sequence")
            ],
            "verify_seal": seal,
            "verify_uploaded": seal is not None or bool(pdf),
        }

    def _verify_too_large(self):
        return request.env._(
            "This file is larger than %(size)s MB: it is not a signed contract of "
            "ours.",
            size=VERIFY_MAX_BYTES // (1024 * 1024),
        )
