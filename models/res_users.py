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
            snapshot = Contract._portal_audience_snapshot(partners=clients)
            # Before this user, they were no portal client.
            snapshot.people = {
                pid: (company, False) for pid, (company, _c) in snapshot.people.items()
            }
            Contract._portal_apply_audience_change(snapshot)
        return users

    def write(self, vals):
        if not PORTAL_ACCESS_FIELDS & set(vals) or self.env.context.get(
            "contract_portal_share_tracking"
        ):
            return super().write(vals)
        partners = self.with_context(active_test=False).partner_id
        if vals.get("partner_id"):
            partners |= self.env["res.partner"].browse(vals["partner_id"])
        tracking = self.with_context(contract_portal_share_tracking=True)
        with self.env["contract.contract"]._portal_audience_change(partners=partners):
            res = super(ResUsers, tracking).write(vals)
        return res
