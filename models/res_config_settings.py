# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .res_partner import COLLEAGUE_VISIBILITY_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_portal_colleague_visibility = fields.Boolean(
        string="Colleagues see each other's contracts by default",
        config_parameter=COLLEAGUE_VISIBILITY_PARAM,
        help="Default of 'Colleagues can see each other's contracts' for client "
        "companies created from now on.",
    )
