# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import clean_context, email_normalize, format_date

from ..models.contract_contract_share import PortalShare

# Labels of letters, digits and inner hyphens, at least two of them, the last
# one letters only (or an internationalized "xn--" one).
EMAIL_DOMAIN = re.compile(
    r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})"
)


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
    # Shares that end
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
    # Invite a colleague
    invite_name = fields.Char(string="Name")
    invite_email = fields.Char(string="Email")
    invite_lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(),
        string="Language",
        default=lambda self: self._default_invite_lang(),
    )
    invited_partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="contract_portal_share_invited_rel",
        string="Invited",
    )
    already_portal_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="contract_portal_share_already_portal_rel",
        string="Added without invitation",
        help="People the invite found with portal access already: added to the "
        "window, no email sent.",
    )
    invited_shown_ids = fields.Many2many(
        comodel_name="res.partner",
        compute="_compute_invite_notices",
        string="Invited to the portal",
    )
    already_portal_notice = fields.Text(
        string="Already with portal access", compute="_compute_invite_notices"
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

    # === Shares that end ===

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

    # === Invite a colleague ===

    @api.depends(
        "invited_partner_ids", "already_portal_ids", "requester_id", "watcher_ids"
    )
    def _compute_invite_notices(self):
        """Only the people still in the window: someone invited then removed
        from it is not shown the contract."""
        for wizard in self:
            people = wizard.requester_id | wizard.watcher_ids
            wizard.invited_shown_ids = wizard.invited_partner_ids & people
            lines = []
            for partner in wizard.already_portal_ids & people:
                if partner == wizard.requester_id:
                    text = self.env._(
                        "%(name)s already has portal access: chosen as the "
                        "requester, no invitation sent.",
                        name=partner.name,
                    )
                else:
                    text = self.env._(
                        "%(name)s already has portal access: added as a watcher, "
                        "no invitation sent.",
                        name=partner.name,
                    )
                lines.append(text)
            wizard.already_portal_notice = "\n".join(lines)

    @api.model
    def _default_invite_lang(self):
        contracts = self.env["contract.contract"].browse(self._default_contract_ids())
        lang = contracts.partner_id.commercial_partner_id[:1].lang
        installed = dict(self.env["res.lang"].get_installed())
        return lang if lang in installed else self.env.lang

    def action_invite(self):
        """Invite a person of the client company to the portal and add them to
        the window: as requester when there is none yet, else as a watcher."""
        self.ensure_one()
        partner, invited = self._portal_invite(
            self.invite_name, self.invite_email, self.invite_lang
        )
        listed = "invited_partner_ids" if invited else "already_portal_ids"
        values = {
            "invite_name": False,
            "invite_email": False,
            listed: [Command.link(partner.id)],
        }
        if not self.requester_id:
            values["requester_id"] = partner.id
        elif partner != self.requester_id:
            values["watcher_ids"] = [Command.link(partner.id)]
        self.write(values)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Show in client portal"),
        }

    def _portal_invite_check(self, name, email):
        """The normalized email and the contact to reuse (or an empty record),
        or a clear error. Runs before anything is written."""
        self.ensure_one()
        company = self.customer_id
        if not company:
            raise UserError(
                self.customer_error
                or self.env._("Choose the contracts of one customer first.")
            )
        if self.customer_individual:
            raise UserError(
                self.env._(
                    "%(customer)s is an individual customer, with no colleague to "
                    "invite: the contract can be shown to them only.",
                    customer=company.display_name,
                )
            )
        if not self.env["portal.wizard"].has_access("create"):
            raise UserError(
                self.env._(
                    "Only users who may grant portal access (Contacts: Contact "
                    "Creation) can invite a colleague."
                )
            )
        if not (name or "").strip():
            raise UserError(self.env._("Enter the name of the person to invite."))
        normalized = email_normalize(email or "")
        if not normalized:
            raise UserError(
                self.env._(
                    "%(email)s is not a valid email address.",
                    email=email or self.env._("(empty)"),
                )
            )
        if not EMAIL_DOMAIN.fullmatch(normalized.rpartition("@")[2]):
            # Odoo accepts "name@acme", which no mail server delivers.
            raise UserError(
                self.env._(
                    "%(email)s has no valid domain: an email address ends with "
                    "a domain such as @example.com.",
                    email=normalized,
                )
            )
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("login", "=ilike", normalized),
                    ("partner_id.email_normalized", "=", normalized),
                ]
            )
        )
        for user in users:
            if not user.share:
                raise UserError(
                    self.env._(
                        "%(email)s is already the email of an internal user: "
                        "internal users cannot be invited to the client portal.",
                        email=normalized,
                    )
                )
            other = user.partner_id.commercial_partner_id
            if other != company:
                raise UserError(
                    self.env._(
                        "%(email)s is already used by a portal user of another "
                        "company, %(company)s: a person is a portal user of one "
                        "company only.",
                        email=normalized,
                        company=other.display_name,
                    )
                )
        contacts = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", company.id),
                    ("email_normalized", "=", normalized),
                ]
            )
        )
        contact = users.partner_id[:1] or contacts.filtered("user_ids")[:1]
        return normalized, contact or contacts[:1]

    def _portal_invite(self, name, email, lang):
        """The contact of the client company with this email, created if need
        be, with portal access granted through Odoo's own portal wizard (its
        email lets them choose a password), and whether it was invited: a
        portal user already is not."""
        normalized, contact = self._portal_invite_check(name, email)
        if not contact:
            contact = self.env["res.partner"].create(
                {
                    "name": name.strip(),
                    "email": normalized,
                    "lang": lang or self.env.lang,
                    "parent_id": self.customer_id.id,
                    "type": "contact",
                }
            )
        elif lang and not contact.user_ids:
            contact.lang = lang
        invited = not contact._portal_active_user()
        if invited:
            # Odoo's wizard reads the contacts from active_ids, which are the
            # contracts here.
            Wizard = self.env["portal.wizard"].with_context(
                clean_context(self.env.context),
                active_ids=None,
                active_id=None,
                active_model=None,
            )
            wizard = Wizard.create(
                {
                    "partner_ids": [Command.set(contact.ids)],
                    "welcome_message": self._portal_invite_message(contact),
                }
            )
            wizard.user_ids.filtered(
                lambda u: u.partner_id == contact
            ).action_grant_access()
        return contact, invited

    def _portal_invite_message(self, contact):
        """Odoo's invitation says why they are invited and that the contract's
        own email follows."""
        contracts = self.contract_ids
        # Odoo's email shows its button before this paragraph.
        env = self.with_context(lang=contact.lang or self.env.lang).env
        values = {
            "user": self.env.user.name,
            "company": self.customer_id.display_name,
            "contracts": ", ".join(contracts.mapped("display_name")),
        }
        if len(contracts) > 1:
            return env._(
                "%(user)s invites you to the client portal of the company "
                "%(company)s to follow the contracts %(contracts)s. Choose your "
                "password with the button of this email; a second email gives you "
                "the links to the contracts.",
                **values,
            )
        return env._(
            "%(user)s invites you to the client portal of the company "
            "%(company)s to follow the contract %(contracts)s. Choose your "
            "password with the button of this email; a second email gives you "
            "the link to the contract.",
            **values,
        )
