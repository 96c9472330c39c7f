# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ContractPortalShareSigner(models.TransientModel):
    _name = "contract.portal.share.signer"
    _description = "Signer Asked for in the Share Window"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        comodel_name="contract.portal.share", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Signer",
        required=True,
        domain="[('id', 'in', parent.sign_candidate_ids)]",
    )
