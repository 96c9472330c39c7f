# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The share window: invite a colleague of the client company to the portal."""

import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import clean_context, email_normalize

from ..models.mail_mail import RETRY_CONTEXT_KEY

# Labels of letters, digits and inner hyphens, at least two of them, the last
# one letters only (or an internationalized "xn--" one).
EMAIL_DOMAIN = re.compile(
    r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})"
)


class ContractPortalShare(models.TransientModel):
    _inherit = "contract.portal.share"

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
        invited = not contact._portal_active_clients()
        if invited:
            # Odoo's wizard reads the contacts from active_ids, which are the
            # contracts here.
            Wizard = self.env["portal.wizard"].with_context(
                clean_context(self.env.context),
                active_ids=None,
                active_id=None,
                active_model=None,
                **{RETRY_CONTEXT_KEY: True},
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
