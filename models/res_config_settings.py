# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

COLLEAGUE_VISIBILITY_PARAM = "contract_portal_share.colleague_visibility"
CUSTOMER_SEES_OWN_PARAM = "contract_portal_share.customer_sees_own"
ACTIVITY_RETENTION_PARAM = "contract_portal_share.activity_retention_days"
SIGN_REMINDER_DAYS_PARAM = "contract_portal_share.sign_reminder_days"
SIGN_REMINDER_COUNT_PARAM = "contract_portal_share.sign_reminder_count"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_portal_colleague_visibility = fields.Boolean(
        string="Colleagues see each other's contracts by default",
        config_parameter=COLLEAGUE_VISIBILITY_PARAM,
        help="Default of 'Colleagues can see each other's contracts' for client "
        "companies created from now on.",
    )
    contract_portal_customer_sees_own = fields.Boolean(
        string="Customers see their own contracts",
        help="A portal user who is the customer of a contract (the exact contact, "
        "such as an individual client) sees it in the portal without a share, as "
        "OCA's contract does. It never extends to other contacts of the customer.",
    )

    contract_portal_activity_retention_days = fields.Integer(
        string="Keep portal activity (days)",
        config_parameter=ACTIVITY_RETENTION_PARAM,
        default=365,
        help="Views and downloads of contracts in the portal older than this are "
        "deleted every day.",
    )

    contract_portal_sign_reminder_days = fields.Integer(
        string="Remind signers after (days)",
        config_parameter=SIGN_REMINDER_DAYS_PARAM,
        default=7,
    )
    contract_portal_sign_reminder_count = fields.Integer(
        string="Reminders at most",
        config_parameter=SIGN_REMINDER_COUNT_PARAM,
        default=2,
        help="0: no reminder.",
    )

    # The company's seal of signed PDFs: a self-signed certificate made at
    # install, replaced by one the company buys.
    contract_portal_seal_description = fields.Char(
        string="Seal of signed contracts",
        compute="_compute_contract_portal_seal_description",
    )
    contract_portal_seal_file = fields.Binary(
        string="New seal certificate (PKCS#12)",
        help="A .p12 or .pfx file from a trusted authority, with its private key: "
        "PDF readers then show signed contracts as sealed by a trusted party.",
    )
    contract_portal_seal_filename = fields.Char()
    contract_portal_seal_password = fields.Char(string="Its password")

    @api.depends("company_id")
    def _compute_contract_portal_seal_description(self):
        for settings in self:
            settings.contract_portal_seal_description = (
                settings.company_id._portal_seal_description()
                or self.env._("None yet: made at the first signed contract")
            )

    @api.constrains("contract_portal_activity_retention_days")
    def _check_contract_portal_activity_retention_days(self):
        if any(s.contract_portal_activity_retention_days < 1 for s in self):
            raise ValidationError(
                self.env._("Keep portal activity for at least one day.")
            )

    @api.constrains(
        "contract_portal_sign_reminder_days", "contract_portal_sign_reminder_count"
    )
    def _check_contract_portal_sign_reminders(self):
        if any(s.contract_portal_sign_reminder_days < 1 for s in self):
            raise ValidationError(
                self.env._("Remind signers after one day at the earliest.")
            )
        if any(s.contract_portal_sign_reminder_count < 0 for s in self):
            raise ValidationError(
                self.env._("The number of reminders cannot be negative.")
            )

    def get_values(self):
        values = super().get_values()
        param = self.env["ir.config_parameter"].sudo()
        values["contract_portal_customer_sees_own"] = (
            param.get_param(CUSTOMER_SEES_OWN_PARAM, "True") == "True"
        )
        return values

    def set_values(self):
        if self.contract_portal_seal_file:
            if not self.env.user.has_group("base.group_system"):
                raise UserError(self.env._("Only administrators change the seal."))
            # Raises before anything is saved: the whole Save is one
            # transaction.
            self.company_id._portal_seal_load_pkcs12(
                self.contract_portal_seal_file, self.contract_portal_seal_password
            )
        res = super().set_values()
        # Stored as "True"/"False" so that on by default survives an unset key.
        self.env["ir.config_parameter"].sudo().set_param(
            CUSTOMER_SEES_OWN_PARAM, str(bool(self.contract_portal_customer_sees_own))
        )
        return res
