# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # The contract page's chatter is mail's: without the website app
        # (whose website_mail adds it) it spoke English to everyone.
        return super()._get_translation_frontend_modules_name() + ["mail"]
