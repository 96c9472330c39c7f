# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The signed contract's last page and seal: when the last signer signs, the
PDF gets an evidence page (who signed, when, from where, the hashes) and the
company's PAdES seal, so that anyone can check it outside Odoo."""

import io
import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from odoo import models
from odoo.tools.pdf import merge_pdf

# The public page where anyone checks a signed contract's PDF.
VERIFY_ROUTE = "/contract/verify"
# A font with every letter a name may have; reportlab's own know Latin-1 only.
FONT_FILES = {
    "ContractEvidence": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "ContractEvidence-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}


def format_utc(value):
    """A date and time with its zone, as evidence must say it."""
    return f"{value:%Y-%m-%d %H:%M:%S} UTC" if value else ""


def _fonts():
    """The evidence page's regular and bold fonts."""
    if all(os.path.exists(path) for path in FONT_FILES.values()):
        for name, path in FONT_FILES.items():
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, path))
        return "ContractEvidence", "ContractEvidence-Bold"
    return "Helvetica", "Helvetica-Bold"


class ContractContract(models.Model):
    _inherit = "contract.contract"

    def _portal_evidence_values(self, content_sha256):
        """What the evidence page prints: plain text only, so that the page
        says exactly what the request's and answers' records say."""
        self.ensure_one()
        request = self.sudo().portal_sign_request_id
        lines = request.signer_ids.filtered(lambda s: s.state == "signed").sorted(
            "sequence"
        )
        return {
            "requested_by": request.requested_by_id.name or "",
            "requested_on": format_utc(request.request_date),
            "terms_sha256": request.terms_hash or "",
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

    def _portal_evidence_pdf(self, values):
        """The evidence page, drawn in Python: a second wkhtmltopdf run would
        double a signature's time for one page of text."""
        self.ensure_one()
        regular, bold = _fonts()
        styles = getSampleStyleSheet()
        text = styles["Normal"].clone("evidence", fontName=regular, fontSize=9)
        # Hashes and browsers are long words: they wrap anywhere.
        long = text.clone("evidence_long", wordWrap="CJK")
        label = text.clone("evidence_label", fontName=bold)
        title = styles["Heading2"].clone("evidence_title", fontName=bold)
        heading = styles["Heading4"].clone("evidence_heading", fontName=bold)
        company = (self.company_id or self.env.company).sudo()

        def table(rows):
            grid = Table(
                [
                    [Paragraph(escape(key), label), Paragraph(escape(value), long)]
                    for key, value in rows
                ],
                colWidths=[5 * cm, 12 * cm],
            )
            grid.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ]
                )
            )
            return grid

        story = [
            Paragraph(escape(company.name or ""), heading),
            Paragraph(escape(self.env._("Signature evidence")), title),
            Paragraph(
                escape(
                    self.env._(
                        "Contract %(contract)s, signed in the client portal of "
                        "%(company)s.",
                        contract=self.display_name,
                        company=company.name,
                    )
                ),
                text,
            ),
            Spacer(0, 0.3 * cm),
            table(
                [
                    (self.env._("Requested by"), values["requested_by"]),
                    (self.env._("Requested on"), values["requested_on"]),
                    (self.env._("Terms (SHA-256)"), values["terms_sha256"]),
                    (self.env._("Signed content (SHA-256)"), values["content_sha256"]),
                ]
            ),
        ]
        for number, signer in enumerate(values["signers"], start=1):
            story += [
                Paragraph(
                    escape(
                        self.env._(
                            "Signer %(number)s: %(name)s",
                            number=number,
                            name=signer["partner"],
                        )
                    ),
                    heading,
                ),
                table(
                    [
                        (self.env._("Name as typed"), signer["name"]),
                        (self.env._("Email"), signer["email"]),
                        (self.env._("Login"), signer["login"]),
                        (self.env._("Signed on"), signer["signed_on"]),
                        (self.env._("IP address"), signer["ip_address"]),
                        (self.env._("Browser"), signer["user_agent"]),
                        (self.env._("PDF signed (SHA-256)"), signer["document_sha256"]),
                    ]
                ),
            ]
        story += [
            Spacer(0, 0.5 * cm),
            Paragraph(
                escape(
                    self.env._(
                        "This document is sealed by %(company)s: any change to it "
                        "breaks the seal, which PDF readers show in their signature "
                        "panel. Check it at %(url)s.",
                        company=company.name,
                        url=values["verify_url"],
                    )
                ),
                long,
            ),
        ]
        buffer = io.BytesIO()
        SimpleDocTemplate(
            buffer,
            pagesize=A4,
            title=self.env._("Signature evidence"),
            leftMargin=2 * cm,
            rightMargin=2 * cm,
            topMargin=2 * cm,
            bottomMargin=2 * cm,
        ).build(story)
        return buffer.getvalue()

    def _portal_seal_signed_pdf(self, pdf, content_sha256):
        """``pdf`` with its evidence page, sealed by the contract's company."""
        self.ensure_one()
        evidence = self._portal_evidence_pdf(
            self._portal_evidence_values(content_sha256)
        )
        company = self.company_id or self.env.company
        return company._portal_seal_pdf(
            merge_pdf([pdf, evidence]),
            reason=self.env._(
                "Signed in the client portal: %(contract)s",
                contract=self.display_name,
            ),
        )
