# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

COLLEAGUE_VISIBILITY_PARAM = "contract_portal_share.colleague_visibility"


class ResPartner(models.Model):
    _inherit = "res.partner"

    portal_colleague_visibility = fields.Boolean(
        string="Colleagues can see each other's contracts",
        default=lambda self: self._default_portal_colleague_visibility(),
        help="Client portal users of this company see the contracts shown in the "
        "portal to any of their colleagues.",
    )
    portal_user_id = fields.Many2one(
        comodel_name="res.users",
        compute="_compute_portal_user_id",
    )
    portal_login = fields.Char(compute="_compute_portal_user_id")
    portal_login_date = fields.Datetime(
        string="Last Portal Login", compute="_compute_portal_user_id"
    )

    @api.model
    def _default_portal_colleague_visibility(self):
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(COLLEAGUE_VISIBILITY_PARAM, "False")
            == "True"
        )

    @api.depends("user_ids.share", "user_ids.login")
    def _compute_portal_user_id(self):
        for partner in self:
            user = partner.user_ids.filtered("share")[:1]
            partner.portal_user_id = user
            partner.portal_login = user.login
            partner.portal_login_date = user.login_date
