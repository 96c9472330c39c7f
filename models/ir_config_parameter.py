# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .res_config_settings import CUSTOMER_SEES_OWN_PARAM


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.model
    def set_param(self, key, value):
        if key != CUSTOMER_SEES_OWN_PARAM:
            return super().set_param(key, value)
        # Customers who stop seeing their own contracts lose them as anyone
        # who loses access does: tokens renewed, subscriptions ended.
        Contract = self.env["contract.contract"]
        customers = (
            Contract.sudo()
            .search([("partner_id.user_ids.share", "=", True)])
            .partner_id
        )
        snapshot = Contract._portal_access_snapshot(customers)
        old = super().set_param(key, value)
        Contract._portal_after_people_change(
            snapshot, reason=self.env._("customers no longer see their own contracts")
        )
        return old
