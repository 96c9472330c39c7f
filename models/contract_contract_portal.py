# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the portal's pages and the portal activity log read of a contract."""

from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import format_date


class ContractContract(models.Model):
    _inherit = "contract.contract"

    # === Portal activity ===

    portal_activity_ids = fields.One2many(
        comodel_name="contract.portal.activity",
        inverse_name="contract_id",
        groups="account.group_account_invoice",
    )
    portal_activity_count = fields.Integer(
        compute="_compute_portal_activity",
        groups="account.group_account_invoice",
    )
    portal_last_seen = fields.Html(
        string="Last seen in the portal",
        compute="_compute_portal_activity",
        sanitize=False,
        groups="account.group_account_invoice",
    )

    # === Portal ===

    def _get_report_base_filename(self):
        # The portal's PDF (_show_report) is named after it; OCA has none.
        self.ensure_one()
        return self.env._("Contract %(reference)s", reference=self.code or self.name)

    def _portal_visible_attachments(self):
        """The attachments the share shows in the portal, and the signed PDF
        once every signer has signed."""
        self.ensure_one()
        signed = self.sudo().portal_signed_document_id
        return (self._portal_shared_attachments() - signed) | signed

    def _portal_attachment_url(self, attachment, download=False):
        """The portal URL of one of the contract's visible attachments: with
        the contract's token, so that an emailed link opens it logged out."""
        self.ensure_one()
        url = (
            f"/my/contracts/{self.id}/attachments/{attachment.id}"
            f"?access_token={self.access_token}"
        )
        return url + "&download=1" if download else url

    def _portal_shared_attachments(self):
        if self.portal_attachment_mode == "selected":
            return self.sudo().portal_attachment_ids
        if self.portal_attachment_mode == "all":
            return (
                self.env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "=", self.id),
                        ("res_field", "=", False),
                    ],
                    order="create_date desc, id desc",
                )
            )
        return self.env["ir.attachment"]

    def _portal_watcher_candidates(self, search=None, limit=None):
        """Portal users of the client company who could be added."""
        self.ensure_one()
        company = self.portal_company_id
        if not company:
            return self.env["res.partner"]
        domain = (
            Domain("commercial_partner_id", "=", company.id)
            & Domain("user_ids.share", "=", True)
            & Domain("id", "not in", self._portal_people().ids)
        )
        if search:
            domain &= (
                Domain("name", "ilike", search)
                | Domain("email", "ilike", search)
                | Domain("user_ids.login", "ilike", search)
            )
        partners = self.env["res.partner"].sudo().search(domain, limit=limit)
        return partners._portal_active_clients()

    def _compute_portal_activity(self):
        Activity = self.env["contract.portal.activity"]
        counts = dict(
            Activity._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        last_views = {
            (contract, partner): date
            for contract, partner, date in Activity._read_group(
                [("contract_id", "in", self.ids), ("kind", "=", "view")],
                ["contract_id", "partner_id"],
                ["date:max"],
            )
        }
        for contract in self:
            contract.portal_activity_count = counts.get(contract, 0)
            items = []
            for partner in contract._portal_people():
                date = last_views.get((contract, partner))
                seen = (
                    self.env._(
                        "last seen %(date)s",
                        # The banner's other dates read "Dec 31, 2026" too.
                        date=format_date(
                            self.env,
                            fields.Datetime.context_timestamp(self, date).date(),
                            date_format="medium",
                        ),
                    )
                    if date
                    else self.env._("not seen yet")
                )
                items.append((partner.name, seen))
            contract.portal_last_seen = (
                self.env["ir.qweb"]._render(
                    "contract_portal_share.contract_portal_last_seen",
                    {"people": items},
                )
                if items
                else False
            )

    def action_open_portal_activity(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "contract_portal_share.contract_portal_activity_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"group_by": ["partner_id"]}
        action["display_name"] = self.env._(
            "Portal activity: %(contract)s", contract=self.display_name
        )
        return action
