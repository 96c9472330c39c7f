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
        with Contract._portal_people_change(
            self,
            customers,
            reason=self.env._("customers no longer see their own contracts"),
        ) as params:
            return super(IrConfigParameter, params).set_param(key, value)
