# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib

from odoo import api, models
from odoo.exceptions import UserError

# What makes an attachment the file it is, and where it belongs.
CONTENT_FIELDS = ("raw", "datas", "db_datas")
LINK_FIELDS = ("res_model", "res_id", "res_field", "type", "url")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _portal_evidence(self):
        """These attachments that are a signature's evidence: a signed PDF, a
        signature's image."""
        if not self:
            return self
        documents = (
            self.env["contract.portal.signature"]
            .sudo()
            .with_context(active_test=False)
            .search([("document_id", "in", self.ids)])
            .document_id
        )
        return self.sudo().filtered(
            lambda a: a in documents
            or (a.res_model == "contract.portal.signature" and a.res_field)
        )

    def write(self, vals):
        if set(CONTENT_FIELDS + LINK_FIELDS) & vals.keys():
            for attachment in self._portal_evidence():
                if self._portal_changes(attachment, vals):
                    raise UserError(
                        self.env["contract.portal.signature"]._evidence_refusal()
                    )
        return super().write(vals)

    @api.model
    def _portal_changes(self, attachment, vals):
        """Whether ``vals`` would change the attachment's bytes or owner:
        moving a file between the database and the filestore rewrites the
        same bytes, and stays allowed."""
        for name in CONTENT_FIELDS:
            if name in vals:
                raw = self._portal_raw(name, vals[name])
                if hashlib.sha1(raw).hexdigest() != attachment.checksum:
                    return True
        return any(
            name in vals and (vals[name] or False) != (attachment[name] or False)
            for name in LINK_FIELDS
        )

    @api.model
    def _portal_raw(self, name, value):
        value = value or b""
        if name == "raw":
            return value.encode() if isinstance(value, str) else value
        return base64.b64decode(value)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signature_evidence(self):
        if self._portal_evidence():
            raise UserError(self.env["contract.portal.signature"]._evidence_refusal())
