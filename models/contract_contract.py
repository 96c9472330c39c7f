# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL


class ContractContract(models.Model):
    _inherit = "contract.contract"

    portal_requester_id = fields.Many2one(
        comodel_name="res.partner",
        string="Requester",
        copy=False,
        index=True,
        readonly=True,
        help="The client portal user who asked for this contract.",
    )
    portal_watcher_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="contract_contract_portal_watcher_rel",
        column1="contract_id",
        column2="partner_id",
        string="Watchers",
        copy=False,
        readonly=True,
        help="Other client portal users of the requester's company who may view "
        "this contract.",
    )
    # Stored so that the colleague record rule compares one indexed column.
    portal_company_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client Company",
        related="portal_requester_id.commercial_partner_id",
        store=True,
        index=True,
    )
    portal_shared = fields.Boolean(
        string="Shown in Client Portal",
        compute="_compute_portal_shared",
        store=True,
    )
    portal_attachment_mode = fields.Selection(
        selection=[
            ("none", "No attachments"),
            ("all", "All attachments"),
            ("selected", "Selected attachments"),
        ],
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

    @api.depends("portal_requester_id")
    def _compute_portal_shared(self):
        for contract in self:
            contract.portal_shared = bool(contract.portal_requester_id)

    @api.depends("date_start", "date_end")
    def _compute_portal_state(self):
        today = fields.Date.context_today(self)
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
        users = partner.with_context(active_test=False).user_ids
        if not users:
            return self.env._(
                "%(name)s has no portal access. Grant it from Contacts > "
                "Configuration > Client Portal > Manage Clients.",
                name=partner.name,
            )
        if not partner.active or not any(users.mapped("active")):
            return self.env._(
                "%(name)s's portal access is archived.", name=partner.name
            )
        if not any(user.active and user._is_portal() for user in users):
            return self.env._(
                "%(name)s is an internal user, not a client portal user.",
                name=partner.name,
            )
        return False

    @api.constrains("portal_requester_id", "portal_watcher_ids")
    def _check_portal_share(self):
        if self.env.context.get("contract_portal_share_migration"):
            return
        # A bulk share gives every contract the same people: check them once.
        checked = set()
        for contract in self:
            if contract.portal_watcher_ids and not contract.portal_requester_id:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: choose the requester before "
                        "adding watchers.",
                        contract=contract.display_name,
                    )
                )
            people = (contract.portal_requester_id, contract.portal_watcher_ids)
            if contract.portal_requester_id and people not in checked:
                checked.add(people)
                self._portal_check_people(*people)

    @api.model
    def _portal_check_people(self, requester, watchers):
        """Raise if ``requester`` and ``watchers`` cannot share a contract."""
        problems = [
            problem
            for partner in requester | watchers
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
        company = requester.commercial_partner_id
        strangers = watchers.filtered(lambda p: p.commercial_partner_id != company)
        if strangers:
            raise ValidationError(
                self.env._(
                    "Watchers must belong to the requester's company "
                    "(%(company)s). Not in it: %(names)s.",
                    company=company.display_name,
                    names=", ".join(strangers.mapped("name")),
                )
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

    # === Share, edit, remove ===

    def _portal_people(self):
        self.ensure_one()
        return self.portal_requester_id | self.portal_watcher_ids

    def _portal_share(
        self,
        requester,
        watchers,
        attachment_mode="none",
        attachments=None,
        note=False,
        send_email=True,
    ):
        """Show these contracts to ``requester`` and ``watchers``; also edits an
        existing share. Returns the partners newly given access, or a queued
        ``contract.portal.share.job`` when there are too many contracts for one
        request."""
        watchers = watchers or self.env["res.partner"]
        self._portal_check_can_share()
        # Checked before any write, so that bad input changes nothing even
        # within the transaction.
        self._portal_check_people(requester, watchers)
        attachments = attachments or self.env["ir.attachment"]
        if len(self) > self._portal_share_batch_limit() and not self.env.context.get(
            "contract_portal_share_job"
        ):
            return self.env["contract.portal.share.job"]._portal_enqueue(
                self,
                requester,
                watchers,
                attachment_mode,
                attachments,
                note,
                send_email,
            )
        self._portal_lock()
        before = {contract.id: contract._portal_people() for contract in self}
        # One write for all contracts: the share is the same for each of them,
        # only the picked attachments differ.
        self.write(
            {
                "portal_requester_id": requester.id,
                "portal_watcher_ids": [Command.set(watchers.ids)],
                "portal_attachment_mode": attachment_mode,
                "portal_shared_by_id": self.env.uid,
                "portal_shared_date": fields.Datetime.now(),
            }
        )
        for contract in self:
            picked = attachments.filtered(
                lambda a, c=contract: a.res_model == c._name and a.res_id == c.id
            )
            if picked and attachment_mode == "selected":
                contract.portal_attachment_ids = [Command.set(picked.ids)]
            elif contract.portal_attachment_ids:
                contract.portal_attachment_ids = [Command.clear()]
        changes = {
            contract.id: (
                contract._portal_people() - before[contract.id],
                before[contract.id] - contract._portal_people(),
            )
            for contract in self
        }
        self._portal_apply_access_batch(changes)
        self._portal_log_share(changes)
        if send_email:
            self._portal_send_share_emails(
                {cid: added for cid, (added, _removed) in changes.items()}, note
            )
        newcomers = self.env["res.partner"]
        for added, _removed in changes.values():
            newcomers |= added
        return newcomers

    @api.model
    def _portal_share_batch_limit(self):
        """How many contracts one request shares; more are queued for the cron.
        Measured: 2,000 contracts x 6 people take about 6 s here, far within
        Odoo's default 60 s CPU limit per request."""
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("contract_portal_share.share_batch_limit", 2000)
        )

    def _portal_lock(self):
        """Lock the contracts' rows for the rest of the transaction: two managers
        sharing the same contract at once are serialized. The second one waits,
        then fails with a serialization error that Odoo retries (HTTP requests,
        crons), and the retry sees the first share: one email per person."""
        if self:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE",
                    SQL.identifier(self._table),
                    tuple(self.ids),
                )
            )
            self.invalidate_recordset()

    def _portal_set_watchers(self, watchers):
        """Change who watches the share, keeping its requester and attachments."""
        self.ensure_one()
        return self._portal_share(
            self.portal_requester_id,
            watchers,
            attachment_mode=self.portal_attachment_mode,
            attachments=self.portal_attachment_ids,
        )

    def action_portal_unshare(self):
        self._portal_check_can_share()
        for contract in self.filtered("portal_shared"):
            removed = contract._portal_people()
            contract.write(
                {
                    "portal_requester_id": False,
                    "portal_watcher_ids": [Command.clear()],
                    "portal_attachment_mode": "none",
                    "portal_attachment_ids": [Command.clear()],
                }
            )
            contract._portal_apply_access(self.env["res.partner"], removed)
            contract._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Removed from the client portal. Access withdrawn from: %(names)s.",
                    names=", ".join(removed.mapped("name")),
                )
            )
        return True

    def _portal_apply_access(self, added, removed):
        self.ensure_one()
        self._portal_apply_access_batch({self.id: (added, removed)})

    def _portal_apply_access_batch(self, changes):
        """Subscribe and unsubscribe in as few calls as there are distinct
        changes: a bulk share subscribes the same people on every contract.

        :param dict changes: {contract id: (added partners, removed partners)}
        """
        by_added, by_removed = defaultdict(list), defaultdict(list)
        for contract_id, (added, removed) in changes.items():
            if added:
                by_added[added].append(contract_id)
            if removed:
                by_removed[removed].append(contract_id)
        for added, contract_ids in by_added.items():
            self.browse(contract_ids).message_subscribe(partner_ids=added.ids)
        for removed, contract_ids in by_removed.items():
            self.browse(contract_ids).message_unsubscribe(partner_ids=removed.ids)
        # Emailed links carry the access token, which would outlive the
        # share: a new token makes removal take effect at once.
        for contract in self.browse(
            [cid for cids in by_removed.values() for cid in cids]
        ).sudo():
            contract.access_token = str(uuid.uuid4())

    def _portal_log_share(self, changes):
        """One chatter note per contract, written in one batch.

        :param dict changes: {contract id: (added partners, removed partners)}
        """
        bodies = {}
        for contract in self:
            added, removed = changes.get(contract.id, (None, None))
            lines = [
                self.env._(
                    "Shown in the client portal. Requester: %(requester)s. "
                    "Watchers: %(watchers)s.",
                    requester=contract.portal_requester_id.name,
                    watchers=", ".join(contract.portal_watcher_ids.mapped("name"))
                    or self.env._("none"),
                )
            ]
            if added:
                lines.append(
                    self.env._(
                        "Access given to: %(names)s.",
                        names=", ".join(added.mapped("name")),
                    )
                )
            if removed:
                lines.append(
                    self.env._(
                        "Access withdrawn from: %(names)s.",
                        names=", ".join(removed.mapped("name")),
                    )
                )
            bodies[contract.id] = Markup("").join(
                Markup("<p>%s</p>") % line for line in lines
            )
        self._message_log_batch(bodies=bodies)

    def _portal_send_share_emails(self, added_by_contract, note=False):
        """One email per person per share action: a person given access to one
        contract gets the contract's email, to several a single email listing
        them.

        :param dict added_by_contract: {contract id: partners given access}
        """
        contracts_by_partner = defaultdict(list)
        for contract_id, added in added_by_contract.items():
            for partner in added:
                contracts_by_partner[partner].append(contract_id)
        digests = {}
        for partner, contract_ids in contracts_by_partner.items():
            if len(contract_ids) == 1:
                self.browse(contract_ids)._portal_send_share_email(partner, note)
            else:
                digests[partner] = self.browse(contract_ids)
        if digests:
            self._portal_send_share_digests(digests, note)

    def _portal_send_share_email(self, partners, note=False):
        """Queue one email per recipient, in the recipient's language, so a share
        never waits for, nor fails with, the mail server."""
        self.ensure_one()
        template = self.env.ref(
            "contract_portal_share.mail_template_contract_portal_share"
        )
        base_url = self.get_base_url()
        for partner in partners:
            role = "requester" if partner == self.portal_requester_id else "watcher"
            template.with_context(
                portal_share_lang=partner.lang or self.env.lang,
                portal_share_partner_name=partner.name,
                portal_share_author_name=self.env.user.name,
                portal_share_role=role,
                portal_share_note=note or "",
                portal_share_url=base_url
                + self._get_share_url(redirect=True, pid=partner.id),
            ).send_mail(
                self.id,
                force_send=False,
                email_values={"recipient_ids": [Command.set(partner.ids)]},
                email_layout_xmlid="mail.mail_notification_light",
            )

    @api.model
    def _portal_send_share_digests(self, digests, note=False):
        """Queue, for each person, one email listing the contracts shared with
        them, rendered in the person's language.

        :param dict digests: {partner: contracts given to that partner}
        """
        template = self.env.ref(
            "contract_portal_share.mail_template_contract_portal_share_digest"
        )
        base_url = self[:1].get_base_url()
        mail_values = []
        for partner, contracts in digests.items():
            lang = partner.lang or self.env.lang
            # Links to the portal pages, not tokens: the recipients are portal
            # users, and a token per contract would outlive a later removal.
            rows = [
                (contract.name or contract.code or "", base_url + contract.access_url)
                for contract in contracts.with_context(lang=lang)
            ]
            is_requester = all(c.portal_requester_id == partner for c in contracts)
            ctx_template = template.with_context(
                lang=lang,
                portal_share_author_name=self.env.user.name,
                portal_share_role="requester" if is_requester else "watcher",
                portal_share_note=note or "",
                portal_share_contracts=rows,
                portal_share_url=base_url + "/my/contracts",
            )
            rendered = {
                name: ctx_template._render_field(name, partner.ids, compute_lang=True)[
                    partner.id
                ]
                for name in ("subject", "body_html", "email_from")
            }
            company = contracts[:1].company_id or self.env.company
            body = ctx_template.with_context(lang=lang)._render_encapsulate(
                "mail.mail_notification_light",
                rendered["body_html"],
                add_context={
                    "company": company,
                    "model_description": self.with_context(lang=lang).env._(
                        "Contracts"
                    ),
                    "record_name": self.with_context(lang=lang).env._(
                        "%(count)s contracts", count=len(contracts)
                    ),
                },
            )
            mail_values.append(
                {
                    "subject": rendered["subject"],
                    "body_html": body,
                    "email_from": rendered["email_from"]
                    or self.env.user.email_formatted,
                    "recipient_ids": [Command.set(partner.ids)],
                    "auto_delete": template.auto_delete,
                    "is_notification": True,
                }
            )
        return self.env["mail.mail"].sudo().create(mail_values)

    # === Portal ===

    def _portal_visible_attachments(self):
        """The attachments the share shows in the portal."""
        self.ensure_one()
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
        """Portal users of the requester's company who could be added."""
        self.ensure_one()
        company = self.portal_requester_id.commercial_partner_id
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
        return partners.filtered(lambda p: not self._portal_user_problem(p))

    def _portal_role(self, partner):
        """requester, watcher or colleague: how ``partner`` sees the contract."""
        self.ensure_one()
        if partner == self.portal_requester_id:
            return "requester"
        if partner in self.portal_watcher_ids:
            return "watcher"
        return "colleague"

    @api.model
    def _portal_domain_for(self, partner, role=None):
        """The contracts ``partner`` sees in the portal, as the record rule."""
        by_role = {
            "requester": Domain("portal_requester_id", "=", partner.id),
            "watcher": Domain("portal_watcher_ids", "in", partner.ids),
            "colleague": Domain(
                "portal_company_id", "=", partner.commercial_partner_id.id
            )
            & Domain("portal_company_id.portal_colleague_visibility", "=", True)
            & Domain("portal_requester_id", "!=", partner.id)
            & Domain("portal_watcher_ids", "not in", partner.ids),
        }
        if role:
            return by_role[role]
        return Domain.OR(by_role.values())
