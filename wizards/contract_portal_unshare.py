# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ContractPortalUnshare(models.TransientModel):
    _name = "contract.portal.unshare"
    _description = "Remove Contracts from the Client Portal"

    contract_ids = fields.Many2many(
        comodel_name="contract.contract",
        string="Contracts",
        default=lambda self: self.env["contract.portal.share"]._default_contract_ids(),
    )
    shared_contract_ids = fields.Many2many(
        comodel_name="contract.contract",
        compute="_compute_shared_contract_ids",
        string="Contracts Shown in the Portal",
    )
    losing_partner_ids = fields.Many2many(
        comodel_name="res.partner",
        compute="_compute_shared_contract_ids",
        string="Who loses access",
        help="Requesters, watchers and, where their company allows it, their "
        "colleagues. A customer who sees their own contracts keeps them.",
    )

    @api.depends("contract_ids")
    def _compute_shared_contract_ids(self):
        for wizard in self:
            contracts = wizard.contract_ids.filtered("portal_shared")
            wizard.shared_contract_ids = contracts
            wizard.losing_partner_ids = self._losing_partners(contracts)

    @api.model
    def _losing_partners(self, contracts):
        """Who sees ``contracts`` through their share, and so loses them: the
        audience, less those who also see a contract as its customer."""
        rows = self.env["contract.contract"]._portal_audience(
            contract_ids=contracts.filtered("portal_shared").ids, roles="all"
        )
        keeps = {(cid, pid) for cid, pid, role in rows if role == "customer"}
        return self.env["res.partner"].browse(
            sorted({pid for cid, pid, _role in rows if (cid, pid) not in keeps})
        )

    @api.model
    def _unshare(self, contracts):
        """Remove ``contracts`` from the portal and say so: a list action gives
        no other sign that it ran."""
        shared = contracts.filtered("portal_shared")
        losing = self._losing_partners(shared)
        contracts.action_portal_unshare()
        names = ", ".join(shared.mapped("display_name"))
        if not shared:
            message = self.env._("None of these contracts was shown in the portal.")
        elif not losing:
            message = self.env._(
                "Removed from the client portal: %(contracts)s. Nobody lost access.",
                contracts=names,
            )
        else:
            message = self.env._(
                "Removed from the client portal: %(contracts)s. Access withdrawn "
                "from: %(names)s.",
                contracts=names,
                names=", ".join(losing.mapped("name")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if shared else "warning",
                "message": message,
                # Names of contracts and people take longer to read than the
                # few seconds a notification stays.
                "sticky": bool(shared),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_unshare(self):
        self.ensure_one()
        return self._unshare(self.contract_ids)
