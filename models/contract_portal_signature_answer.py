# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The signer's answer: sign or decline, the only code that records one
(contract.contract._portal_sign_turn checks it is their turn first)."""

import hashlib

from markupsafe import Markup

from odoo import fields, models


class ContractPortalSignature(models.Model):
    _inherit = "contract.portal.signature"

    def _portal_sign(self, name, image, ip_address=None, user_agent=None):
        """Record the signature, render the PDF as signed (sealed with its
        evidence page when this is the last signer), and pass the turn."""
        self.ensure_one()
        line, request, partner = self.sudo(), self.sudo().request_id, self.partner_id
        contract = request.contract_id.with_context(lang=partner.lang or self.env.lang)
        line._write_answer(
            {
                "state": "signed",
                "signed_name": name[:256],
                "answered_on": fields.Datetime.now(),
                "signature": image,
                "ip_address": (ip_address or "")[:64],
                "user_agent": (user_agent or "")[:512],
            }
        )
        self.env.flush_all()
        following = request.signer_ids.filtered(lambda s: s.state == "waiting")[:1]
        pdf, _type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(lang=contract.env.lang)
            ._render_qweb_pdf("contract.report_contract", contract.ids)
        )
        digest = hashlib.sha256(pdf).hexdigest()
        # Odoo's test mode renders reports as HTML unless a test asks for a
        # PDF (force_report_rendering): there is no PDF to seal then.
        if not following and pdf.startswith(b"%PDF"):
            pdf = contract._portal_seal_signed_pdf(pdf, digest)
            digest = hashlib.sha256(pdf).hexdigest()
        document = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "%(contract)s - signed by %(name)s.pdf",
                        contract=contract.code or contract.name,
                        name=name,
                    ),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": contract._name,
                    "res_id": contract.id,
                }
            )
        )
        line._write_answer({"document_id": document.id, "document_sha256": digest})
        line._portal_drop_queued_requests()
        if following:
            following._write_answer(
                {"state": "pending", "turn_date": fields.Datetime.now()}
            )
            following._send_request()
        else:
            request._write_answer({"state": "signed", "document_id": document.id})
        signer = (
            partner.name
            if name.casefold() == (partner.name or "").casefold()
            else self.env._("%(name)s (%(signer)s)", name=name, signer=partner.name)
        )
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._(
                "Signed in the client portal by %(signer)s, from %(ip)s.",
                signer=signer,
                ip=line.ip_address or "-",
            ),
            self.env._("SHA-256 of the signed PDF: %(digest)s", digest=digest),
        )
        if request.state == "signed":
            body += Markup("<p>%s</p>") % self.env._("Every signer has signed.")
        # One to-do per request, when it ends: each signature is a note.
        contract._portal_tell_responsible(
            partner,
            body,
            self.env._(
                "Signed by everyone: %(contract)s", contract=contract.display_name
            )
            if request.state == "signed"
            else None,
            attachments=document,
        )
        return self

    def _portal_decline(self, reason):
        """Record the refusal: the request ends, later signers are not asked."""
        self.ensure_one()
        line, request, partner = self.sudo(), self.sudo().request_id, self.partner_id
        line._write_answer(
            {
                "state": "declined",
                "answered_on": fields.Datetime.now(),
                "decline_reason": reason[:2000],
            }
        )
        line._portal_drop_queued_requests()
        request.signer_ids.filtered(lambda s: s.state == "waiting").state = "cancelled"
        request._write_answer({"state": "declined"})
        request.contract_id._portal_tell_responsible(
            partner,
            # The reason as typed, its lines kept, long words wrapped.
            Markup(
                "<p>%s</p>"
                '<p style="white-space: pre-wrap; overflow-wrap: anywhere;">%s</p>'
            )
            % (
                self.env._(
                    "%(name)s declined to sign in the client portal.",
                    name=partner.name,
                ),
                reason,
            ),
            self.env._("Signature declined by %(name)s", name=partner.name),
        )
        return self

    def _portal_drop_queued_requests(self):
        """A signer who answered is not asked again by an email still waiting
        in the queue (the mail server was down, or the queue is slow)."""
        self.env["mail.mail"].sudo().search(
            [
                ("model", "=", self._name),
                ("res_id", "in", self.ids),
                ("state", "in", ("outgoing", "exception")),
            ]
        ).write({"state": "cancel"})
