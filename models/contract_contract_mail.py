# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a share writes in the chatter and sends by email."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, models
from odoo.fields import Command
from odoo.tools import format_date

from .mail_mail import RETRY_CONTEXT_KEY


class ContractContract(models.Model):
    _inherit = "contract.contract"

    @api.model
    def _portal_log_notes(self, records, lines):
        """One chatter note per record, written in one batch, by whoever made
        the change (not by the person it is about).

        :param records: contracts or client companies
        :param dict lines: {record id: [sentence, ...]}, a paragraph each
        """
        bodies = {
            rid: Markup("").join(Markup("<p>%s</p>") % line for line in sentences)
            for rid, sentences in lines.items()
            if sentences
        }
        if bodies:
            records.sudo().browse(list(bodies))._message_log_batch(
                bodies=bodies, author_id=self.env.user.partner_id.id
            )

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

    def _portal_log_share(self, added, removed, edited=(), notes=None):
        """One chatter note per contract, written in one batch.

        :param dict added: {contract id: partners given access}
        :param dict removed: {contract id: partners no longer requester nor
            watcher}
        :param edited: ids of the contracts that were shared already
        :param dict notes: {contract id: [sentence]} said in the note too
        """
        bodies = {}
        for contract in self:
            given, withdrawn = added.get(contract.id), removed.get(contract.id)
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
            if given:
                lines.append(
                    self.env._(
                        "Access given to: %(names)s.",
                        names=", ".join(given.mapped("name")),
                    )
                )
            if withdrawn:
                lines.append(
                    self.env._(
                        "Access withdrawn from: %(names)s.",
                        names=", ".join(withdrawn.mapped("name")),
                    )
                )
            bodies[contract.id] = lines + (notes or {}).get(contract.id, [])
        self._portal_log_notes(self, bodies)

    def _portal_send_share_emails(self, added_by_contract, note=False, promoted=()):
        """One email per person per share action: a person given access to one
        contract gets the contract's email, to several a single email listing
        them.

        :param dict added_by_contract: {contract id: partners given access}
        :param promoted: (contract id, partner id) of watchers made requester
        """
        contracts_by_partner = defaultdict(list)
        for contract_id, added in added_by_contract.items():
            for partner in added:
                contracts_by_partner[partner].append(contract_id)
        digests = {}
        for partner, contract_ids in contracts_by_partner.items():
            if len(contract_ids) == 1:
                self.browse(contract_ids)._portal_send_share_email(
                    partner, note, promoted=(contract_ids[0], partner.id) in promoted
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
            self._portal_queue_template(ctx_template, self, partner, lang)
        if partners:
            self.env["mail.mail"]._portal_send_soon()

    def _portal_queue_template(self, template, record, partner, lang):
        """Queue ``template`` rendered on ``record`` for ``partner`` in
        ``lang``, in Odoo's light layout about this contract."""
        self.ensure_one()
        # Sent without a layout, the chatter keeps the text alone: the
        # email's 590-pixel layout is wider than the chatter.
        mail = (
            self.env["mail.mail"]
            .sudo()
            .browse(
                template.with_context(**{RETRY_CONTEXT_KEY: True}).send_mail(
                    record.id,
                    force_send=False,
                    email_values={"recipient_ids": [Command.set(partner.ids)]},
                )
            )
        )
        mail.body_html = self._portal_email_layout(
            mail.body_html,
            lang,
            self.company_id,
            # Odoo's layout says "Your <model>", which French capitalises.
            model_description=self.with_context(lang=lang).env._("contract"),
        )
        return mail

    def _portal_email_layout(self, body, lang, company, **add_context):
        """``body`` in Odoo's light email layout, in ``lang``, with
        ``company`` in its header and footer; about this contract when ``self``
        is one, about several when it is empty."""
        return (
            self.env["mail.template"]
            .with_context(lang=lang)
            ._render_encapsulate(
                "mail.mail_notification_light",
                body,
                add_context={"company": company or self.env.company, **add_context},
                context_record=self.with_context(lang=lang) if self else None,
            )
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
            body = self.browse()._portal_email_layout(
                rendered["body_html"],
                lang,
                contracts[:1].company_id,
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
            self.env["mail.mail"]._portal_send_soon()
        return (
            self.env["mail.mail"]
            .sudo()
            .with_context(**{RETRY_CONTEXT_KEY: True})
            .create(mail_values)
        )
