# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .contract_contract_sign import TERMS_LINE_FIELDS


class ContractLine(models.Model):
    _inherit = "contract.line"

    # A line added, changed or removed changes the terms an open signature
    # request asked for (see contract.contract._portal_void_changed_requests).

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.contract_id._portal_void_changed_requests()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if set(TERMS_LINE_FIELDS) & vals.keys():
            self.contract_id._portal_void_changed_requests()
        return res

    def unlink(self):
        contracts = self.contract_id
        res = super().unlink()
        contracts.exists()._portal_void_changed_requests()
        return res
