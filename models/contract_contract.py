# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_date

# Set by the methods that check people themselves before writing (and by the
# install migration), so that the constraint does not check them twice.
CHECKED = "contract_portal_share_checked"


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
        today = fields.Date.context_today(self)
        for contract in self:
            if contract.date_start and contract.date_start > today:
                contract.portal_state = "upcoming"
            elif contract.date_end and contract.date_end < today:
                contract.portal_state = "finished"
            else:
                contract.portal_state = "in_progress"

    # === Followers and notifications follow the rule ===

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Portal users follow only the contracts they may see: a follower
        gets the chatter by email, with links into the contract."""
        if (
            not self
            or not partner_ids
            or self.env.context.get("contract_portal_share_readers")
        ):
            return super()._message_subscribe(partner_ids, subtype_ids, customer_ids)
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        clients = {p.id for p in partners if p._is_portal_client()}
        seen = self._portal_audience(self.ids, list(clients))
        readers_by_contract = defaultdict(list)
        for contract in self:
            reader_ids = tuple(
                p for p in partner_ids if p not in clients or (contract.id, p) in seen
            )
            readers_by_contract[reader_ids].append(contract.id)
        for reader_ids, contract_ids in readers_by_contract.items():
            if reader_ids:
                super(ContractContract, self.browse(contract_ids))._message_subscribe(
                    list(reader_ids),
                    subtype_ids,
                    customer_ids and [pid for pid in customer_ids if pid in reader_ids],
                )
        return True

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        portal_ids = [r["id"] for r in recipients if r.get("type") == "portal"]
        if not self or not portal_ids:
            return recipients
        readers = self._portal_readers(self.env["res.partner"].browse(portal_ids))
        return [
            r for r in recipients if r.get("type") != "portal" or r["id"] in readers.ids
        ]

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
        if not partner._is_portal_client():
            return self.env._(
                "%(name)s is an internal user, not a client portal user.",
                name=partner.name,
            )
        if not partner._portal_active_user():
            return self.env._(
                "%(name)s's portal access is archived.", name=partner.name
            )
        return False

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
        by_staff=True,
    ):
        """Show these contracts to ``requester`` and ``watchers``; also edits an
        existing share. Returns the partners newly given access, or a queued
        ``contract.portal.share.job`` when there are too many contracts for one
        request. ``by_staff`` False is the requester changing watchers from the
        portal: who shared and when stay as staff left them."""
        watchers = watchers or self.env["res.partner"]
        self._portal_check_can_share()
        archived = self.filtered(lambda c: not c.active)
        if archived:
            raise ValidationError(
                self.env._(
                    "Archived contracts are shown to nobody in the portal: restore "
                    "%(contracts)s before showing it in the client portal.",
                    contracts=", ".join(archived.mapped("display_name")),
                )
            )
        company = self._portal_client_company()
        # Checked before any write, so that bad input changes nothing even
        # within the transaction.
        kept = self.portal_outside_watcher_ids & watchers
        self._portal_check_people(requester, watchers, company, watchers_kept=kept)
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
        # A watcher made requester is told so, as a newcomer is.
        promoted = {
            contract.id: requester
            for contract in self
            if contract.portal_requester_id != requester
            and requester in before[contract.id]
        }
        to_share_again = self.filtered(
            lambda c: c.portal_requester_left or c.portal_customer_changed
        )
        edited = set(self.filtered("portal_shared").ids)
        contracts = self.with_context(**{CHECKED: True})
        # One write for all contracts: the share is the same for each of them,
        # only the picked attachments differ.
        values = {
            "portal_company_id": company.id,
            "portal_requester_id": requester.id,
            "portal_requester_left": False,
            "portal_customer_changed": False,
            "portal_watcher_ids": [Command.set(watchers.ids)],
            "portal_attachment_mode": attachment_mode,
        }
        if by_staff:
            values.update(
                portal_shared_by_id=self.env.uid,
                portal_shared_date=fields.Datetime.now(),
            )
        contracts.write(values)
        for contract in contracts:
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
        self._portal_log_share(changes, edited=edited)
        if by_staff and to_share_again:
            to_share_again._portal_done_share_again()
        if send_email:
            self._portal_send_share_emails(
                {
                    cid: added | promoted.get(cid, self.env["res.partner"])
                    for cid, (added, _removed) in changes.items()
                },
                note,
                promoted=set(promoted.items()),
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
        """The requester changing who watches, from the portal."""
        self.ensure_one()
        return self._portal_share(
            self.portal_requester_id,
            watchers,
            attachment_mode=self.portal_attachment_mode,
            attachments=self.portal_attachment_ids,
            by_staff=False,
        )

    def action_portal_share_window(self):
        """The share window on these contracts, titled after what it does."""
        self._portal_check_can_share()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "contract_portal_share.contract_portal_share_action"
        )
        if any(self.mapped("portal_shared")):
            action["name"] = self.env._("Edit the client portal share")
        action["context"] = {
            "active_model": self._name,
            "active_ids": self.ids,
            "active_id": self[:1].id,
        }
        return action

    def action_portal_unshare(self):
        self._portal_check_can_share()
        return self._portal_unshare()

    def _portal_unshare(self, why=None):
        """Remove the shares of ``self``: one note per contract naming who
        lost access (``why`` heads it; default: removed from the portal)."""
        shared = self.filtered("portal_shared")
        if not shared:
            return True
        with self._portal_audience_change(contracts=shared) as change:
            change.log = False
            shared.with_context(**{CHECKED: True}).write(
                self._portal_cleared_share_values()
            )
        # Named people by name; colleagues, who may be dozens on each
        # contract, by their number.
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        named = {
            (cid, pid)
            for (cid, pid), role in change.lost.items()
            if role != "colleague"
        }
        people = Partner.browse({pid for _cid, pid in named})
        names = dict(zip(people.ids, people.mapped("name"), strict=True))
        losing, colleagues = defaultdict(list), defaultdict(int)
        for cid, pid in change.lost:
            if (cid, pid) in named:
                losing[cid].append(names[pid])
            else:
                colleagues[cid] += 1
        why = why or self.env._("Removed from the client portal.")
        shared._message_log_batch(
            bodies={
                contract.id: Markup("<p>%s</p>")
                % " ".join(
                    [
                        why,
                        self._portal_withdrawn_from(
                            sorted(losing[contract.id]), colleagues[contract.id]
                        ),
                    ]
                )
                for contract in shared
            },
            author_id=self.env.user.partner_id.id,
        )
        return True

    @api.model
    def _portal_withdrawn_from(self, names, colleagues):
        if not colleagues:
            return self.env._(
                "Access withdrawn from: %(names)s.",
                names=", ".join(names) or self.env._("nobody"),
            )
        if colleagues == 1:
            others = self.env._("a colleague of the client company")
        else:
            others = self.env._(
                "%(count)s colleagues of the client company", count=colleagues
            )
        if not names:
            return self.env._("Access withdrawn from %(others)s.", others=others)
        return self.env._(
            "Access withdrawn from: %(names)s, and from %(others)s.",
            names=", ".join(names),
            others=others,
        )

    @api.model
    def _portal_cleared_share_values(self):
        return {
            "portal_company_id": False,
            "portal_requester_id": False,
            "portal_requester_left": False,
            "portal_watcher_ids": [Command.clear()],
            "portal_attachment_mode": "none",
            "portal_attachment_ids": [Command.clear()],
        }

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
            # Requesters and watchers read by the rule: no need to ask it.
            self.browse(contract_ids).with_context(
                contract_portal_share_readers=True
            ).message_subscribe(partner_ids=added.ids)
        for removed, contract_ids in by_removed.items():
            self.browse(contract_ids).message_unsubscribe(partner_ids=removed.ids)
        self._portal_renew_tokens({cid for cids in by_removed.values() for cid in cids})

    def _portal_log_share(self, changes, edited=()):
        """One chatter note per contract, written in one batch.

        :param dict changes: {contract id: (added partners, removed partners)}
        :param edited: ids of the contracts that were shared already
        """
        bodies = {}
        for contract in self:
            added, removed = changes.get(contract.id, (None, None))
            values = {
                "requester": contract.portal_requester_id.name,
                "watchers": ", ".join(contract.portal_watcher_ids.mapped("name")),
            }
            if contract.id in edited:
                lines = [
                    self.env._(
                        "Client portal share changed. Requester: %(requester)s. "
                        "Watchers: %(watchers)s.",
                        **values,
                    )
                    if values["watchers"]
                    else self.env._(
                        "Client portal share changed. Requester: %(requester)s. "
                        "No watchers.",
                        **values,
                    )
                ]
            else:
                lines = [
                    self.env._(
                        "Shown in the client portal. Requester: %(requester)s. "
                        "Watchers: %(watchers)s.",
                        **values,
                    )
                    if values["watchers"]
                    else self.env._(
                        "Shown in the client portal. Requester: %(requester)s.",
                        **values,
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

    def _portal_send_share_emails(self, added_by_contract, note=False, promoted=()):
        """One email per person per share action: a person given access to one
        contract gets the contract's email, to several a single email listing
        them.

        :param dict added_by_contract: {contract id: partners given access}
        :param promoted: (contract id, partner) of watchers made requester
        """
        contracts_by_partner = defaultdict(list)
        for contract_id, added in added_by_contract.items():
            for partner in added:
                contracts_by_partner[partner].append(contract_id)
        digests = {}
        for partner, contract_ids in contracts_by_partner.items():
            if len(contract_ids) == 1:
                self.browse(contract_ids)._portal_send_share_email(
                    partner, note, promoted=(contract_ids[0], partner) in promoted
                )
            else:
                digests[partner] = self.browse(contract_ids)
        if digests:
            self._portal_send_share_digests(digests, note)

    def _portal_send_share_email(self, partners, note=False, promoted=False):
        """Queue one email per recipient, in the recipient's language, so a share
        never waits for, nor fails with, the mail server. ``promoted``: the
        recipients saw it as watchers and are now its requester."""
        self.ensure_one()
        template = self.env.ref(
            "contract_portal_share.mail_template_contract_portal_share"
        )
        base_url = self.get_base_url()
        for partner in partners:
            role = "requester" if partner == self.portal_requester_id else "watcher"
            lang = partner.lang or self.env.lang
            ctx_template = template.with_context(
                portal_share_lang=lang,
                portal_share_visible_until=self._portal_visible_until_text(lang),
                portal_share_partner_name=partner.name,
                portal_share_author_name=self.env.user.name,
                portal_share_role=role,
                portal_share_promoted=promoted,
                portal_share_note=note or "",
                portal_share_url=base_url
                + self._get_share_url(redirect=True, pid=partner.id),
            )
            # Sent without a layout, the chatter keeps the text alone: the
            # email's 590-pixel layout is wider than the chatter.
            mail = (
                self.env["mail.mail"]
                .sudo()
                .browse(
                    ctx_template.send_mail(
                        self.id,
                        force_send=False,
                        email_values={"recipient_ids": [Command.set(partner.ids)]},
                    )
                )
            )
            mail.body_html = self._portal_email_layout(
                mail.body_html,
                lang,
                # Odoo's layout says "Your <model>", which French capitalises.
                model_description=self.with_context(lang=lang).env._("contract"),
            )
        if partners:
            # Odoo's queue runs hourly and queueing does not wake it: a share
            # email should leave within a minute, not an hour.
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    def _portal_email_layout(self, body, lang, **add_context):
        """``body`` in Odoo's light email layout, in ``lang``, with the
        contract's company in its header and footer."""
        template = self.env.ref(
            "contract_portal_share.mail_template_contract_portal_share"
        ).with_context(lang=lang)
        return template._render_encapsulate(
            "mail.mail_notification_light",
            body,
            add_context={"company": self.company_id or self.env.company, **add_context},
            context_record=self.with_context(lang=lang) or None,
        )

    def _portal_visible_until_text(self, lang):
        """The shares' common last day, in ``lang``, or "" when they have none
        or differ."""
        ends = set(self.mapped("portal_visible_until"))
        if len(ends) != 1 or not next(iter(ends)):
            return ""
        return format_date(self.with_context(lang=lang).env, ends.pop())

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
        lists = {}
        for partner, contracts in digests.items():
            lang = partner.lang or self.env.lang
            # Links to the portal pages, not tokens: the recipients are portal
            # users, and a token per contract would outlive a later removal.
            # Built once per language and list: a bulk share sends the same
            # hundreds of lines to each of its people.
            key = (lang, tuple(contracts.ids))
            if key not in lists:
                lists[key] = Markup("").join(
                    Markup('<li><a href="%s">%s</a></li>')
                    % (base_url + contract.access_url, contract.name or contract.code)
                    for contract in contracts.with_context(lang=lang)
                )
            is_requester = all(c.portal_requester_id == partner for c in contracts)
            ctx_template = template.with_context(
                lang=lang,
                portal_share_author_name=self.env.user.name,
                portal_share_role="requester" if is_requester else "watcher",
                portal_share_note=note or "",
                portal_share_contracts_html=lists[key],
                portal_share_count=len(contracts),
                portal_share_visible_until=contracts._portal_visible_until_text(lang),
                portal_share_url=base_url + "/my/contracts",
            )
            rendered = {
                name: ctx_template._render_field(name, partner.ids, compute_lang=True)[
                    partner.id
                ]
                for name in ("subject", "body_html", "email_from")
            }
            body = contracts[:1]._portal_email_layout(
                rendered["body_html"],
                lang,
                # The layout says "Your <this>": "Your client portal".
                model_description=self.with_context(lang=lang).env._("client portal"),
                record_name=self.with_context(lang=lang).env._(
                    "%(count)s contracts", count=len(contracts)
                ),
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
        if mail_values:
            # As for a single contract's email: the queue runs hourly.
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
        return self.env["mail.mail"].sudo().create(mail_values)

    # === Portal ===

    def _get_report_base_filename(self):
        # The portal's PDF (_show_report) is named after it; OCA has none.
        self.ensure_one()
        return self.env._("Contract %(reference)s", reference=self.code or self.name)

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
        return partners.filtered(lambda p: not self._portal_user_problem(p))

    # === Shares that end ===

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

    def write(self, vals):
        res = super().write(vals)
        if "date_end" in vals:
            following = self.filtered(
                lambda c: c.portal_until_contract_end and c.portal_shared
            )
            if following:
                following.write({"portal_visible_until": vals["date_end"]})
        return res

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
                items.append(
                    Markup(
                        '<span class="o_contract_portal_last_seen me-3">'
                        "%s <small class='text-muted'>%s</small></span>"
                    )
                    % (partner.name, seen)
                )
            contract.portal_last_seen = Markup("").join(items) or False

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
