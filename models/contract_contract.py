# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The share of a contract in the client portal: its state and its rules.

The rest of ``contract.contract``'s extension, by concern:
``contract_contract_audience`` (who sees it), ``contract_contract_share``
(share, edit, remove), ``contract_contract_mail`` (notes and emails),
``contract_contract_lifecycle`` and ``contract_contract_lifecycle_notes``
(people who leave), ``contract_contract_share_end`` (shares that end),
``contract_contract_portal`` (the portal's pages), ``contract_contract_sign``
and ``contract_contract_sign_answer`` (signatures).
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

# Set by the methods that check people themselves before writing (and by the
# install migration), so that the constraint does not check them twice.
CHECKED = "contract_portal_share_checked"
ATTACHMENT_MODES = [
    ("none", "No attachments"),
    ("all", "All attachments"),
    ("selected", "Selected attachments"),
]


class ContractContract(models.Model):
    _inherit = "contract.contract"

    # Indexed for the "customer" term of the portal rule.
    partner_id = fields.Many2one(index=True)
    portal_company_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client Company",
        copy=False,
        index=True,
        readonly=True,
        help="The client company the share belongs to: the contract's customer "
        "when it was shown in the portal. Its portal users may be requester and "
        "watchers.",
    )
    portal_requester_id = fields.Many2one(
        comodel_name="res.partner",
        string="Requester",
        copy=False,
        index=True,
        readonly=True,
        help="The client portal user who asked for this contract.",
    )
    portal_requester_left = fields.Boolean(
        string="Requester left the client company",
        copy=False,
        readonly=True,
        help="The requester left the client company or lost portal access: "
        "choose a new requester.",
    )
    portal_watcher_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="contract_contract_portal_watcher_rel",
        column1="contract_id",
        column2="partner_id",
        string="Watchers",
        copy=False,
        readonly=True,
        help="Other client portal users of the client company who may view "
        "this contract.",
    )
    portal_outside_watcher_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Watchers outside the client company",
        compute="_compute_portal_outside_watcher_ids",
        search="_search_portal_outside_watcher_ids",
    )
    # The form's banner names people without their company, which its first
    # line names already. Untracked: a related field takes the tracking of
    # res.partner's name, and every write of a contract would read its people.
    portal_requester_name = fields.Char(
        related="portal_requester_id.name", string="Requester's Name", tracking=False
    )
    portal_watcher_names = fields.Char(
        string="Watchers' Names", compute="_compute_portal_watcher_names"
    )
    portal_shared = fields.Boolean(
        string="Shown in Client Portal",
        compute="_compute_portal_shared",
        store=True,
    )
    portal_attachment_mode = fields.Selection(
        selection=ATTACHMENT_MODES,
        string="Attachments in Portal",
        default="none",
        required=True,
        copy=False,
        readonly=True,
    )
    portal_attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="contract_contract_portal_attachment_rel",
        column1="contract_id",
        column2="attachment_id",
        string="Attachments Shown",
        copy=False,
        readonly=True,
    )
    portal_shared_by_id = fields.Many2one(
        comodel_name="res.users", string="Shared by", copy=False, readonly=True
    )
    portal_shared_date = fields.Datetime(string="Shared on", copy=False, readonly=True)
    portal_state = fields.Selection(
        selection=[
            ("upcoming", "Not started"),
            ("in_progress", "In progress"),
            ("finished", "Finished"),
        ],
        string="Status",
        compute="_compute_portal_state",
    )

    @api.depends("portal_company_id")
    def _compute_portal_shared(self):
        for contract in self:
            contract.portal_shared = bool(contract.portal_company_id)

    @api.depends("portal_watcher_ids.commercial_partner_id", "portal_company_id")
    def _compute_portal_outside_watcher_ids(self):
        for contract in self:
            contract.portal_outside_watcher_ids = contract.portal_watcher_ids.filtered(
                lambda p, c=contract: p.commercial_partner_id != c.portal_company_id
            )

    @api.depends("portal_watcher_ids.name")
    def _compute_portal_watcher_names(self):
        for contract in self:
            contract.portal_watcher_names = ", ".join(
                contract.portal_watcher_ids.mapped("name")
            )

    def _search_portal_outside_watcher_ids(self, operator, value):
        if operator not in ("!=", "not in") or value not in (False, [], ()):
            return NotImplemented
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.flush_model(["portal_company_id"])
        self.env.cr.execute(
            """
            SELECT rel.contract_id
              FROM contract_contract_portal_watcher_rel rel
              JOIN contract_contract c ON c.id = rel.contract_id
              JOIN res_partner p ON p.id = rel.partner_id
             WHERE p.commercial_partner_id IS DISTINCT FROM c.portal_company_id
            """
        )
        return Domain("id", "in", [row[0] for row in self.env.cr.fetchall()])

    @api.depends("date_start", "date_end")
    def _compute_portal_state(self):
        # The portal renders as the superuser: a visitor without a time zone
        # gets UTC rather than the superuser's, which would cost two queries.
        today = fields.Date.context_today(
            self.with_context(tz=self.env.context.get("tz") or "UTC")
        )
        for contract in self:
            if contract.date_start and contract.date_start > today:
                contract.portal_state = "upcoming"
            elif contract.date_end and contract.date_end < today:
                contract.portal_state = "finished"
            else:
                contract.portal_state = "in_progress"

    # === Rules of a share ===

    @api.model
    def _portal_user_problem(self, partner):
        """Why ``partner`` cannot be given portal access, or False."""
        if partner._portal_active_clients():
            return False
        users = partner.with_context(active_test=False).user_ids
        if not users:
            return self.env._(
                "%(name)s has no portal access. Grant it from Contacts > "
                "Configuration > Client Portal > Manage Clients.",
                name=partner.name,
            )
        if not partner._is_portal_client():
            return self.env._(
                "%(name)s is an internal user, not a client portal user.",
                name=partner.name,
            )
        return self.env._("%(name)s's portal access is archived.", name=partner.name)

    def _portal_client_company(self):
        """The client company all of ``self`` belong to, or a clear error."""
        companies = self.partner_id.commercial_partner_id
        if len(companies) > 1:
            raise ValidationError(
                self.env._(
                    "A share belongs to one client company, and these contracts "
                    "are of several customers: %(customers)s. Share the contracts "
                    "of each customer separately.",
                    customers=", ".join(companies.mapped("display_name")),
                )
            )
        return companies

    def _portal_check_people(self, requester, watchers, company, watchers_kept=None):
        """Raise unless ``requester`` and ``watchers`` may share ``self``, the
        contracts of client ``company``. ``watchers_kept`` (outside the company
        since the install migration) are tolerated."""
        if not requester:
            raise ValidationError(
                self.env._(
                    "Choose the requester: the client portal user who asked for "
                    "the contract."
                )
            )
        people = requester | watchers
        problems = [
            problem
            for partner in people - people._portal_active_clients()
            if (problem := self._portal_user_problem(partner))
        ]
        if problems:
            raise ValidationError("\n".join(problems))
        if requester in watchers:
            raise ValidationError(
                self.env._(
                    "%(name)s is already the requester and cannot be a watcher too.",
                    name=requester.name,
                )
            )
        if requester.commercial_partner_id != company:
            raise ValidationError(
                self.env._(
                    "%(name)s cannot be the requester of %(contracts)s: the "
                    "requester must be a portal user of the customer, %(customer)s.",
                    name=requester.name,
                    contracts=", ".join(self.mapped("display_name")),
                    customer=company.display_name,
                )
            )
        strangers = watchers.filtered(lambda p: p.commercial_partner_id != company) - (
            watchers_kept or self.env["res.partner"]
        )
        if strangers:
            raise ValidationError(
                self.env._(
                    "Watchers must be portal users of the customer, %(company)s. "
                    "Not in it: %(names)s.",
                    company=company.display_name,
                    names=", ".join(strangers.mapped("name")),
                )
            )

    @api.constrains("portal_requester_id", "portal_watcher_ids", "portal_company_id")
    def _check_portal_share(self):
        """Writes that bypass the share window (JSON-RPC, imports) obey its
        rules too."""
        if self.env.context.get(CHECKED):
            return
        for contract in self.filtered("portal_company_id"):
            if contract.portal_requester_id:
                contract._portal_check_people(
                    contract.portal_requester_id,
                    contract.portal_watcher_ids,
                    contract.portal_company_id,
                )
            elif not contract.portal_requester_left:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: choose the requester.",
                        contract=contract.display_name,
                    )
                )
        if self.filtered(
            lambda c: not c.portal_company_id
            and (c.portal_requester_id or c.portal_watcher_ids)
        ):
            raise ValidationError(
                self.env._("Show the contract in the client portal to add people.")
            )

    def _portal_check_can_share(self):
        if self.env.su:
            return
        for contract in self.sudo():
            if contract.company_id and contract.company_id not in self.env.companies:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s belongs to %(company)s, a company "
                        "you cannot access.",
                        contract=contract.display_name,
                        company=contract.company_id.display_name,
                    )
                )
        try:
            self.check_access("write")
        except AccessError as error:
            raise UserError(
                self.env._("You are not allowed to change these contracts.")
            ) from error

    def _portal_people(self):
        self.ensure_one()
        return self.portal_requester_id | self.portal_watcher_ids
