# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ContractModification(models.Model):
    _inherit = "contract.modification"

    def _portal_description(self):
        """The description as the portal shows it. OCA stores its own "Contract
        start" in the language of whoever created the contract: the portal
        reads it in its visitor's."""
        self.ensure_one()
        written_by_oca = {"Contract start"} | {
            self.with_context(lang=code).env._("Contract start")
            for code, _name in self.env["res.lang"].get_installed()
        }
        if self.description in written_by_oca:
            return self.env._("Contract start")
        return self.description
