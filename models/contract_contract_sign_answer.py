# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The signer's answer in the client portal: sign or decline."""

import base64
import binascii
import io

from PIL import Image

from odoo import api, models
from odoo.exceptions import UserError

# Odoo's signature pad sends a PNG of a few kilobytes; a loaded picture is
# resized by the browser. Anything bigger is not a signature.
SIGNATURE_MAX_BYTES = 512 * 1024
# A reason is a few sentences; the chatter and the evidence show all of it.
DECLINE_REASON_MAX = 2000


class ContractContract(models.Model):
    _inherit = "contract.contract"

    def _portal_sign_turn(self, partner):
        """The request line ``partner`` may answer now, or a clear error.
        Locks the contract: two tabs signing at once are serialized, and the
        second one is told it is signed already."""
        self.ensure_one()
        self._portal_lock()
        lines = self.portal_signature_ids.filtered(lambda s: s.partner_id == partner)
        line = lines.filtered(lambda s: s.state == "pending")
        if not self._portal_readers(partner) or not line:
            states = set(lines.mapped("state"))
            if "signed" in states:
                message = self.env._("You have already signed this contract.")
            elif "declined" in states:
                message = self.env._("You have already declined to sign this contract.")
            elif lines and self.portal_sign_request_id.state == "void":
                message = self._portal_void_message()
            elif "waiting" in states and self._portal_readers(partner):
                message = self.env._(
                    "It is not your turn to sign yet: %(name)s signs first.",
                    name=self.portal_signer_id.name,
                )
            else:
                message = self.env._(
                    "No signature is asked of you on this contract: the request "
                    "was cancelled, or it is for someone else."
                )
            raise UserError(message)
        if line.terms_changed:
            raise UserError(self._portal_void_message())
        return line

    def _portal_void_message(self):
        return self.env._(
            "This contract changed after your signature was asked for: it can no "
            "longer be signed as it is. Your contact will send you a new request."
        )

    @api.model
    def _portal_signature_image(self, signature):
        """The signature's PNG as base64 from the signature pad's data, or a
        clear error."""
        if not signature:
            raise UserError(self.env._("Draw, type or load your signature first."))
        if len(signature) > SIGNATURE_MAX_BYTES * 4 // 3 + 4:
            raise UserError(
                self.env._(
                    "The signature is too large: at most %(size)s KB.",
                    size=SIGNATURE_MAX_BYTES // 1024,
                )
            )
        try:
            raw = base64.b64decode(signature, validate=True)
            with Image.open(io.BytesIO(raw)) as image:
                image.verify()
        except (binascii.Error, ValueError, OSError, Image.DecompressionBombError):
            raise UserError(
                self.env._("The signature is not an image: sign again.")
            ) from None
        return base64.b64encode(raw)

    def _portal_sign(self, partner, name, signature, ip_address=None, user_agent=None):
        """``partner`` signs the contract, if it is their turn."""
        name = (name or "").strip()
        line = self._portal_sign_turn(partner)
        if not name:
            raise UserError(self.env._("Enter your name to sign."))
        return line._portal_sign(
            name, self._portal_signature_image(signature), ip_address, user_agent
        )

    def _portal_decline(self, partner, reason):
        """``partner`` declines to sign the contract, if it is their turn."""
        reason = (reason or "").strip()
        line = self._portal_sign_turn(partner)
        if not reason:
            raise UserError(self.env._("Say why you decline to sign."))
        if len(reason) > DECLINE_REASON_MAX:
            raise UserError(
                self.env._(
                    "Say why you decline in at most %(count)s characters.",
                    count=DECLINE_REASON_MAX,
                )
            )
        return line._portal_decline(reason)

    def _portal_tell_responsible(self, partner, body, summary=None, attachments=None):
        """A note by the signer that emails the contract's responsible, and a
        to-do for them when ``summary`` says the request has ended."""
        self.ensure_one()
        contract = self.sudo()
        responsible = contract.user_id or contract.portal_shared_by_id
        contract.message_post(
            body=body,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=responsible.partner_id.ids,
            attachment_ids=attachments.ids if attachments else [],
        )
        if responsible and summary:
            contract.activity_schedule(
                "contract_portal_share.mail_activity_type_portal_signature",
                user_id=responsible.id,
                summary=summary,
            )
