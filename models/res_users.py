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
        # A contact who follows contracts (say, from an email) and is then
        # given portal access must not follow what the portal does not show.
        clients = users.filtered("share").partner_id
        if clients:
            Contract = self.env["contract.contract"]
            Contract._portal_after_people_change(
                {
                    partner: {
                        "company": partner.commercial_partner_id,
                        "user": self.browse(),
                        "visible": Contract.browse(),
                    }
                    for partner in clients
                }
            )
        return users

    def write(self, vals):
        if not PORTAL_ACCESS_FIELDS & set(vals) or self.env.context.get(
            "contract_portal_share_tracking"
        ):
            return super().write(vals)
        Contract = self.env["contract.contract"]
        partners = self.with_context(active_test=False).partner_id
        if "partner_id" in vals:
            partners |= self.env["res.partner"].browse(vals["partner_id"])
        snapshot = Contract._portal_access_snapshot(
            partners.filtered(lambda p: p._is_portal_client())
        )
        res = super(
            ResUsers, self.with_context(contract_portal_share_tracking=True)
        ).write(vals)
        if snapshot:
            Contract._portal_after_people_change(snapshot)
        return res
