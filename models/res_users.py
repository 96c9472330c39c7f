# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# Writes that can give or take away portal access.
PORTAL_ACCESS_FIELDS = {"active", "group_ids", "share", "partner_id"}


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        self.env["contract.contract"]._portal_new_clients(
            users.filtered("share").partner_id
        )
        return users

    def write(self, vals):
        if not PORTAL_ACCESS_FIELDS & set(vals):
            return super().write(vals)

        def partners():
            partners = self.with_context(active_test=False).partner_id
            if vals.get("partner_id"):
                partners |= self.env["res.partner"].browse(vals["partner_id"])
            return partners

        with self.env["contract.contract"]._portal_people_change(
            self, partners
        ) as users:
            return super(ResUsers, users).write(vals)
