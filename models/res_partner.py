# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .res_config_settings import COLLEAGUE_VISIBILITY_PARAM

# Writes that can make a portal user leave a client company, or change what
# its colleagues see.
PORTAL_ACCESS_FIELDS = {
    "parent_id",
    "active",
    "is_company",
    "portal_colleague_visibility",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    portal_colleague_visibility = fields.Boolean(
        string="Colleagues can see each other's contracts",
        default=lambda self: self._default_portal_colleague_visibility(),
        help="Client portal users of this company see the contracts shown in the "
        "portal to any of their colleagues.",
    )
    portal_audience_ids = fields.One2many(
        comodel_name="contract.portal.audience",
        inverse_name="partner_id",
        string="Contracts Visible in the Portal",
        groups="account.group_account_invoice",
        help="The contracts this client can see in the portal right now, and as what.",
    )
    portal_contract_count = fields.Integer(
        string="Visible Contracts",
        compute="_compute_portal_contract_count",
        groups="account.group_account_invoice",
        help="How many contracts this client can see in the portal right now.",
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

    def _compute_portal_contract_count(self):
        counts = dict(
            self.env["contract.portal.audience"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.portal_contract_count = counts.get(partner._origin, 0)

    @api.depends("user_ids.share", "user_ids.login")
    def _compute_portal_user_id(self):
        for partner in self:
            user = partner.user_ids.filtered("share")[:1]
            partner.portal_user_id = user
            partner.portal_login = user.login
            partner.portal_login_date = user.login_date

    def _compute_lang(self):
        # Odoo gives a contact its company's language when the company changes;
        # a client's language is their own (their emails and portal use it).
        kept = {
            partner: partner._origin.lang
            for partner in self
            if partner._origin.lang and partner._origin._is_portal_client()
        }
        res = super()._compute_lang()
        for partner, lang in kept.items():
            partner.lang = lang
        return res

    def _is_portal_client(self):
        """Has users, all of them portal (or public) users, archived or not."""
        self.ensure_one()
        users = self.sudo().with_context(active_test=False).user_ids
        return bool(users) and all(users.mapped("share"))

    def _portal_individual(self):
        """An individual client: a person of their own, with no colleague."""
        self.ensure_one()
        return not self.is_company and not self.sudo().child_ids

    def _portal_active_clients(self):
        """These contacts that are active portal clients, as the audience
        decides it (``contract.contract._portal_client_sql``), in one query."""
        state = self.env["contract.contract"]._portal_people_state(self.ids)
        return self.filtered(lambda p: state.get(p.id, (None, False))[1])

    @api.onchange("parent_id")
    def _onchange_parent_id_portal_memberships(self):
        """Before saving, what a client loses by leaving their client company:
        the contracts they are requester or watcher of."""
        partner = self._origin
        if not partner or not partner._is_portal_client():
            return None
        before = partner.commercial_partner_id
        after = self.parent_id.commercial_partner_id or partner
        if after == before:
            return None
        Contract = self.env["contract.contract"]
        contracts = Contract.sudo().search(
            [
                ("portal_company_id", "=", before.id),
                "|",
                ("portal_requester_id", "=", partner.id),
                ("portal_watcher_ids", "in", partner.ids),
            ]
        )
        if not contracts:
            return None
        if Contract.has_access("read"):
            roles = [
                self.env._("%(contract)s (requester)", contract=contract.display_name)
                if contract.portal_requester_id == partner
                else self.env._(
                    "%(contract)s (watcher)", contract=contract.display_name
                )
                for contract in contracts[:10]
            ]
            if len(contracts) > 10:
                roles.append(
                    self.env._("and %(count)s more", count=len(contracts) - 10)
                )
            named = ", ".join(roles)
        elif len(contracts) == 1:
            named = self.env._("a contract")
        else:
            named = self.env._("%(count)s contracts", count=len(contracts))
        return {
            "warning": {
                "title": self.env._("Client portal"),
                "message": self.env._(
                    "%(name)s is named on contracts of %(company)s: %(contracts)s. "
                    "Once saved, the move takes them off these contracts and they "
                    "no longer see them in the portal; a to-do asks to choose a new "
                    "requester where they were one.",
                    name=partner.name,
                    company=before.display_name,
                    contracts=named,
                ),
            }
        }

    def write(self, vals):
        if not PORTAL_ACCESS_FIELDS & set(vals):
            return super().write(vals)
        reason = None
        if set(vals) == {"portal_colleague_visibility"}:
            reason = self.env._(
                "colleagues of %(company)s no longer see each other's contracts",
                company=", ".join(self.mapped("display_name")),
            )
        with self.env["contract.contract"]._portal_people_change(
            self, self._portal_clients_within, reason=reason
        ) as partners:
            return super(ResPartner, partners).write(vals)

    def _portal_clients_within(self):
        """The portal clients among these contacts and their contacts."""
        return (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("share", "=", True), ("partner_id", "child_of", self.ids)])
            .partner_id
        )
