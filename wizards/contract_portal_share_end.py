# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The share window: until when the contracts are shown."""

from odoo import api, fields, models
from odoo.tools import format_date


class ContractPortalShare(models.TransientModel):
    _inherit = "contract.portal.share"

    until_contract_end = fields.Boolean(
        string="Until the contract ends",
        help="The share ends with the contract, and follows its end date when it "
        "moves.",
    )
    visible_until = fields.Date(
        string="Visible until",
        help="The last day the contracts are shown in the portal. Empty: no end.",
    )
    contract_end_notice = fields.Char(
        string="Ends",
        compute="_compute_contract_end_notice",
        help="When the share ends if it follows the contract's end.",
    )
    end_change_warning = fields.Text(
        string="Ends changed by confirming",
        compute="_compute_end_change_warning",
        help="The contracts already shown whose end confirming changes.",
    )

    @api.depends("contract_ids.date_end")
    def _compute_contract_end_notice(self):
        for wizard in self:
            ends = sorted(
                {
                    wizard._portal_describe_end(True, c.date_end)
                    for c in wizard.contract_ids
                }
            )
            wizard.contract_end_notice = "; ".join(ends)

    @api.depends("contract_ids", "visible_until", "until_contract_end")
    def _compute_end_change_warning(self):
        for wizard in self:
            lines = []
            for contract in wizard.contract_ids.filtered("portal_shared"):
                before = wizard._portal_describe_end(
                    contract.portal_until_contract_end, contract.portal_visible_until
                )
                after = wizard._portal_describe_end(
                    wizard.until_contract_end,
                    contract.date_end
                    if wizard.until_contract_end
                    else wizard.visible_until,
                )
                if before != after:
                    lines.append(
                        self.env._(
                            "%(contract)s: %(before)s → %(after)s",
                            contract=contract.display_name,
                            before=before,
                            after=after,
                        )
                    )
            wizard.end_change_warning = "\n".join(lines)

    def _portal_describe_end(self, until_end, until):
        """How a share ends, in words: compared before and after confirming."""
        if until_end:
            if not until:
                return self.env._("until the contract ends (it has no end date)")
            return self.env._(
                "until the contract ends (%(date)s)",
                date=format_date(self.env, until, date_format="medium"),
            )
        if until:
            return self.env._(
                "until %(date)s",
                date=format_date(self.env, until, date_format="medium"),
            )
        return self.env._("no end")
