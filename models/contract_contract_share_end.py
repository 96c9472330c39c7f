# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shares that end: on their date, when the contract's customer changes, when
the contract is archived."""

from collections import defaultdict
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .contract_contract_lifecycle import AudienceChange


class ContractContract(models.Model):
    _inherit = "contract.contract"

    portal_visible_until = fields.Date(
        string="Visible until",
        copy=False,
        readonly=True,
        index=True,
        help="The last day the share shows the contract in the portal; empty: no "
        "end. The next day, a daily job withdraws access as removal does.",
    )
    portal_until_contract_end = fields.Boolean(
        string="Until the contract ends",
        copy=False,
        readonly=True,
        help="'Visible until' follows the contract's end date when it moves.",
    )
    portal_share_ended_on = fields.Date(
        string="Share ended on",
        copy=False,
        readonly=True,
        help="The day the share ended because its 'Visible until' date had "
        "passed. Sharing again clears it.",
    )
    portal_customer_changed = fields.Boolean(
        string="Customer changed: share again",
        copy=False,
        readonly=True,
        help="The contract's customer changed after it was shown in the client "
        "portal: the share, which belonged to the former customer, ended. Show it "
        "in the portal again to share it with the new customer.",
    )

    def write(self, vals):
        if not {"partner_id", "active"} & set(vals) or not self:
            res = super().write(vals)
        else:
            with self._portal_ending_shares(vals):
                res = super().write(vals)
        if "date_end" in vals:
            # "Until the contract ends" follows the contract's end date.
            following = self.filtered(
                lambda c: c.portal_until_contract_end and c.portal_shared
            )
            if following:
                following.write({"portal_visible_until": vals["date_end"]})
        return res

    @contextmanager
    def _portal_ending_shares(self, vals):
        """Around a change of customer or an archiving: whoever saw the
        contracts through the share, or as customer, loses them."""
        Partner = self.env["res.partner"]
        if "partner_id" in vals:
            reason = self.env._(
                "the contract's customer changed to %(customer)s",
                customer=Partner.browse(vals["partner_id"]).display_name,
            )
        else:
            reason = self.env._("the contract was archived")
        change = AudienceChange(contract_ids=self.ids, reason=reason)
        with self._portal_audience_change(change):
            yield
            # The share belongs to the former customer's company: it ends.
            moved = self.filtered(
                lambda c: c.portal_company_id
                and c.partner_id.commercial_partner_id != c.portal_company_id
            )
            if moved:
                moved.write(
                    dict(
                        self._portal_cleared_share_values(),
                        portal_customer_changed=True,
                    )
                )
        if moved:
            self._portal_schedule_share_again(moved)

    def _portal_check_visible_until(self, date, until_end):
        """Raise unless the share can end as asked: a date already passed would
        withdraw access as soon as it is given."""
        today = fields.Date.context_today(self)
        if until_end:
            ended = self.filtered(lambda c: c.date_end and c.date_end < today)
            if ended:
                raise ValidationError(
                    self.env._(
                        "These contracts have already ended, so 'until the "
                        "contract ends' would withdraw access at once: "
                        "%(contracts)s. Untick it or set a date.",
                        contracts=", ".join(ended.mapped("display_name")),
                    )
                )
        elif date and fields.Date.to_date(date) < today:
            raise ValidationError(
                self.env._(
                    "'Visible until' is in the past (%(date)s): choose today or a "
                    "later day, or leave it empty.",
                    date=format_date(self.env, date, date_format="medium"),
                )
            )

    def _portal_set_visible_until(self, date, until_end=False):
        """The end of the share, written with ``_portal_share``. Sharing again clears
        the ended state."""
        if not until_end:
            self.write(
                {
                    "portal_visible_until": date or False,
                    "portal_until_contract_end": False,
                    "portal_share_ended_on": False,
                }
            )
            return
        for contract in self:
            contract.write(
                {
                    "portal_visible_until": contract.date_end,
                    "portal_until_contract_end": True,
                    "portal_share_ended_on": False,
                }
            )

    @api.model
    def _cron_portal_end_shares(self):
        """Daily: shares whose 'Visible until' has passed end as removal does
        (note, token renewed, followers removed)."""
        today = fields.Date.context_today(self)
        # Archived contracts too: restoring one must not bring back a share
        # whose time has passed.
        expired = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("portal_shared", "=", True),
                    ("portal_visible_until", "!=", False),
                    ("portal_visible_until", "<", today),
                ]
            )
        )
        # One pass per last day: shares ending together end together.
        by_date = defaultdict(lambda: self.browse())
        for contract in expired:
            by_date[contract.portal_visible_until] |= contract
        for date, contracts in by_date.items():
            contracts._portal_unshare(
                why=self.env._(
                    "The share ended: it was visible in the client portal until "
                    "%(date)s.",
                    date=format_date(self.env, date),
                )
            )
        expired.write({"portal_share_ended_on": today})
        return expired
