# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from ..models.contract_contract_share import PortalShare


class ContractPortalShare(models.TransientModel):
    _name = "contract.portal.share"
    _description = "Show Contracts in the Client Portal"

    contract_ids = fields.Many2many(
        comodel_name="contract.contract",
        string="Contracts",
        required=True,
        default=lambda self: self._default_contract_ids(),
    )
    customer_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_customer_id",
        help="The contracts' customer: the share belongs to it, and only its "
        "portal users can be requester and watchers.",
    )
    customer_error = fields.Char(compute="_compute_customer_id")
    customer_individual = fields.Boolean(
        compute="_compute_customer_id",
        help="An individual customer: a person of their own, with no colleague.",
    )
    requester_id = fields.Many2one(
        comodel_name="res.partner",
        domain="[('user_ids.share', '=', True), "
        "('commercial_partner_id', '=', customer_id)]",
        help="The client portal user who asked for the contract.",
    )
    requester_left = fields.Boolean(compute="_compute_is_edit")
    watcher_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Watchers",
        domain="[('user_ids.share', '=', True), "
        "('commercial_partner_id', '=', customer_id), "
        "('id', '!=', requester_id)]",
        help="Other client portal users of the customer who may view the contract.",
    )
    outside_watcher_ids = fields.Many2many(
        comodel_name="res.partner",
        compute="_compute_outside_watcher_ids",
        string="Watchers outside the client company",
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
    send_email = fields.Boolean(
        string="Email the people given access",
        default=True,
        help="Only people who did not see the contract as requester or watcher "
        "yet are emailed, and a watcher made requester; the others keep their "
        "links.",
    )
    is_edit = fields.Boolean(compute="_compute_is_edit")
    replaced_contract_ids = fields.Many2many(
        comodel_name="contract.contract",
        compute="_compute_replaced_contract_ids",
        string="Already Shown",
        help="Contracts among several selected that are already shown in the "
        "portal: confirming replaces their share.",
    )

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
        # Reopening the window edits the share. With several contracts, the
        # shares already made are prefilled when they all agree, so that
        # confirming as is keeps them; otherwise the window starts empty and
        # its warning lists what confirming replaces.
        shared = contracts.filtered("portal_shared")
        people = {(c.portal_requester_id, c.portal_watcher_ids) for c in shared}
        if len(people) == 1:
            requester, watchers = people.pop()
            # The web client takes x2many defaults as commands only.
            values.update(
                requester_id=requester.id,
                watcher_ids=[Command.set(watchers.ids)],
            )
            modes = set(shared.mapped("portal_attachment_mode"))
            if len(modes) == 1:
                values.update(
                    attachment_mode=modes.pop(),
                    attachment_ids=[Command.set(shared.portal_attachment_ids.ids)],
                )
        # The same for the end: confirming as is must not lengthen a share.
        # Shares that follow their contract's end agree whatever their dates.
        ends = {
            (True, False)
            if c.portal_until_contract_end
            else (False, c.portal_visible_until)
            for c in shared
        }
        if len(ends) == 1:
            until_end, until = ends.pop()
            values.update(until_contract_end=until_end, visible_until=until)
        return values

    @api.depends("contract_ids")
    def _compute_customer_id(self):
        for wizard in self:
            try:
                wizard.customer_id = wizard.contract_ids._portal_client_company()
                wizard.customer_error = False
            except ValidationError as error:
                wizard.customer_id = False
                wizard.customer_error = error.args[0]
            customer = wizard.customer_id
            wizard.customer_individual = (
                bool(customer) and customer._portal_individual()
            )

    @api.depends("watcher_ids", "customer_id")
    def _compute_outside_watcher_ids(self):
        for wizard in self:
            wizard.outside_watcher_ids = wizard.watcher_ids.filtered(
                lambda p, w=wizard: p.commercial_partner_id != w.customer_id
            )

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

    @api.depends("contract_ids.portal_shared", "contract_ids.portal_requester_left")
    def _compute_is_edit(self):
        for wizard in self:
            # Editing: every contract is shown already. Some only: a new
            # share, which the window says replaces theirs.
            wizard.is_edit = bool(wizard.contract_ids) and all(
                wizard.contract_ids.mapped("portal_shared")
            )
            wizard.requester_left = any(
                wizard.contract_ids.mapped("portal_requester_left")
            )

    @api.depends("contract_ids.portal_shared")
    def _compute_replaced_contract_ids(self):
        for wizard in self:
            contracts = wizard.contract_ids
            wizard.replaced_contract_ids = (
                contracts.filtered("portal_shared") if len(contracts) > 1 else False
            )

    @api.onchange("requester_id")
    def _onchange_requester_id(self):
        self.watcher_ids = self.watcher_ids.filtered(
            lambda p: p._origin != self.requester_id._origin
        )

    def action_drop_outside_watchers(self):
        """Staff review of the install migration's watchers of other companies:
        drop them from the window in one step, then confirm."""
        self.ensure_one()
        self.watcher_ids -= self.outside_watcher_ids
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Show in client portal"),
        }

    def action_share(self):
        self.ensure_one()
        # Checked before the share writes anything.
        self.contract_ids._portal_check_can_share()
        self.contract_ids._portal_check_visible_until(
            self.visible_until, self.until_contract_end
        )
        # Before the share, whose emails say until when it is visible.
        self.contract_ids._portal_set_visible_until(
            self.visible_until, self.until_contract_end
        )
        share = PortalShare.of(self)
        contracts = self.contract_ids
        if len(contracts) <= contracts._portal_share_batch_limit():
            contracts._portal_apply_share(share)
            return {"type": "ir.actions.act_window_close"}
        contracts._portal_queue_share(share)
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

    def action_unshare(self):
        self.ensure_one()
        return self.env["contract.portal.unshare"]._unshare(self.contract_ids)
