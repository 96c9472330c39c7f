# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ContractPortalShare(models.TransientModel):
    _name = "contract.portal.share"
    _description = "Show Contracts in the Client Portal"

    contract_ids = fields.Many2many(
        comodel_name="contract.contract",
        string="Contracts",
        required=True,
        default=lambda self: self._default_contract_ids(),
    )
    requester_id = fields.Many2one(
        comodel_name="res.partner",
        domain="[('user_ids.share', '=', True)]",
        help="The client portal user who asked for the contract.",
    )
    requester_company_id = fields.Many2one(
        comodel_name="res.partner",
        related="requester_id.commercial_partner_id",
        string="Client Company",
    )
    watcher_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Watchers",
        domain="[('user_ids.share', '=', True), "
        "('commercial_partner_id', '=', requester_company_id), "
        "('id', '!=', requester_id)]",
        help="Other client portal users of the requester's company who may view "
        "the contract.",
    )
    attachment_mode = fields.Selection(
        selection=[
            ("none", "No attachments"),
            ("all", "All attachments"),
            ("selected", "Only the attachments picked below"),
        ],
        string="Show attachments in the portal",
        default="none",
        required=True,
    )
    available_attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        compute="_compute_available_attachment_ids",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Attachments",
        domain="[('id', 'in', available_attachment_ids)]",
    )
    note = fields.Text(
        string="Message", help="Added to the email sent to the requester and watchers."
    )
    send_email = fields.Boolean(default=True)
    is_edit = fields.Boolean(compute="_compute_is_edit")

    @api.model
    def _default_contract_ids(self):
        context = self.env.context
        if context.get("active_model") != "contract.contract":
            return False
        return context.get("active_ids") or (
            [context["active_id"]] if context.get("active_id") else []
        )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        contracts = self.env["contract.contract"].browse(self._default_contract_ids())
        # Reopening the window on one shared contract edits its share.
        if len(contracts) == 1 and contracts.portal_shared:
            values.update(
                requester_id=contracts.portal_requester_id.id,
                watcher_ids=contracts.portal_watcher_ids.ids,
                attachment_mode=contracts.portal_attachment_mode,
                attachment_ids=contracts.portal_attachment_ids.ids,
            )
        return values

    @api.depends("contract_ids")
    def _compute_available_attachment_ids(self):
        for wizard in self:
            wizard.available_attachment_ids = self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "contract.contract"),
                    ("res_id", "in", wizard.contract_ids.ids),
                    ("res_field", "=", False),
                ]
            )

    @api.depends("contract_ids.portal_shared")
    def _compute_is_edit(self):
        for wizard in self:
            wizard.is_edit = any(wizard.contract_ids.mapped("portal_shared"))

    @api.onchange("requester_id")
    def _onchange_requester_id(self):
        company = self.requester_id.commercial_partner_id
        self.watcher_ids = self.watcher_ids.filtered(
            lambda p: p.commercial_partner_id == company and p != self.requester_id
        )

    def action_share(self):
        self.ensure_one()
        if not self.requester_id:
            raise UserError(
                self.env._(
                    "Choose the requester: the client portal user who asked for "
                    "the contract."
                )
            )
        result = self.contract_ids._portal_share(
            self.requester_id,
            self.watcher_ids,
            attachment_mode=self.attachment_mode,
            attachments=self.attachment_ids,
            note=self.note,
            send_email=self.send_email,
        )
        if result._name == "contract.portal.share.job":
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "sticky": True,
                    "title": self.env._("Share queued"),
                    "message": self.env._(
                        "%(count)s contracts are more than one request handles: "
                        "they will be shown in the client portal in a few minutes, "
                        "and each contract's chatter will say so.",
                        count=len(self.contract_ids),
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return {"type": "ir.actions.act_window_close"}

    def action_unshare(self):
        self.ensure_one()
        self.contract_ids.action_portal_unshare()
        return {"type": "ir.actions.act_window_close"}
