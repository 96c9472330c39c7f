# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The signed contract's last page and seal: when the last signer signs, the
PDF gets an evidence page (who signed, when, from where, the hashes) and the
company's PAdES seal, so that anyone can check it outside Odoo."""

from odoo import models
from odoo.tools.pdf import merge_pdf

# The public page where anyone checks a signed contract's PDF.
VERIFY_ROUTE = "/contract/verify"


def format_utc(value):
    """A date and time with its zone, as evidence must say it."""
    return f"{value:%Y-%m-%d %H:%M:%S} UTC" if value else ""


class ContractContract(models.Model):
    _inherit = "contract.contract"

    def _portal_evidence_values(self, content_sha256):
        """What the evidence page prints: plain text only, so that the page
        says exactly what the request's and answers' records say."""
        self.ensure_one()
        lines = (
            self.sudo()
            .portal_signature_ids.filtered(lambda s: s.state == "signed")
            .sorted("sequence")
        )
        first = lines[:1]
        return {
            "requested_by": first.requested_by_id.name or "",
            "requested_on": format_utc(first.request_date),
            "terms_sha256": first.terms_hash or "",
            "content_sha256": content_sha256,
            "verify_url": self.get_base_url() + VERIFY_ROUTE,
            "signers": [
                {
                    "name": line.signed_name or "",
                    "partner": line.partner_id.name or "",
                    "email": line.partner_id.email or "",
                    "login": line.partner_id.user_ids[:1].login or "",
                    "signed_on": format_utc(line.answered_on),
                    "ip_address": line.ip_address or "",
                    "user_agent": line.user_agent or "",
                    # The last signer signed the content itself.
                    "document_sha256": line.document_sha256 or content_sha256,
                }
                for line in lines
            ],
        }

    def _portal_seal_signed_pdf(self, pdf, content_sha256):
        """``pdf`` with its evidence page, sealed by the contract's company."""
        self.ensure_one()
        evidence, _type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "contract_portal_share.action_report_contract_signature_evidence",
                self.ids,
                data=self._portal_evidence_values(content_sha256),
            )
        )
        company = self.company_id or self.env.company
        return company._portal_seal_pdf(
            merge_pdf([pdf, evidence]),
            reason=self.env._(
                "Signed in the client portal: %(contract)s",
                contract=self.display_name,
            ),
        )
