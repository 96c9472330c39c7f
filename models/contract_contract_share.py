# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Share, edit, remove and end the shares of contracts."""

from collections import defaultdict
from dataclasses import dataclass, replace

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import SQL

from .contract_contract import CHECKED
from .contract_contract_audience import READERS_CHECKED
from .contract_contract_lifecycle import AudienceChange


@dataclass(frozen=True)
class PortalShare:
    """What staff, or a requester in the portal, ask of a share: the same for
    every contract it is applied to."""

    requester: models.BaseModel
    watchers: models.BaseModel = None
    # One of the contract's ``portal_attachment_mode``.
    attachment_mode: str = "none"
    # Picked attachments, of any of the contracts: each contract shows its own.
    attachments: models.BaseModel = None
    note: str = False
    send_email: bool = True
    # False: the requester changes watchers from the portal; who shared and
    # when stay as staff left them.
    by_staff: bool = True

    @classmethod
    def of(cls, record):
        """The share a record asks for: the share window, or a queued job."""
        return cls(
            record.requester_id,
            record.watcher_ids,
            attachment_mode=record.attachment_mode,
            attachments=record.attachment_ids,
            note=record.note,
            send_email=record.send_email,
        )

    def normalized(self, env):
        return replace(
            self,
            watchers=self.watchers or env["res.partner"],
            attachments=self.attachments or env["ir.attachment"],
        )


class ContractContract(models.Model):
    _inherit = "contract.contract"

    def _portal_share(self, requester, watchers, **options):
        """Show these contracts to ``requester`` and ``watchers`` now; also
        edits an existing share. ``options`` are those of :class:`PortalShare`.
        Returns the partners newly given access."""
        return self._portal_apply_share(PortalShare(requester, watchers, **options))

    def _portal_queue_share(self, share):
        """Check ``share`` now and apply it later, in the cron: for more
        contracts than one request handles. Returns the queued job."""
        share, _company = self._portal_check_share(share)
        return self.env["contract.portal.share.job"]._portal_enqueue(self, share)

    def _portal_check_share(self, share):
        """Raise unless ``share`` can be applied to these contracts, before
        anything is written: bad input changes nothing, even within the
        transaction. Returns it, with its empty values as empty recordsets, and
        the client company it belongs to."""
        share = share.normalized(self.env)
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
        kept = self.portal_outside_watcher_ids & share.watchers
        self._portal_check_people(
            share.requester, share.watchers, company, watchers_kept=kept
        )
        return share, company

    def _portal_apply_share(self, share):
        """Apply ``share`` to these contracts. Returns the partners newly given
        access."""
        share, company = self._portal_check_share(share)
        self._portal_lock()
        to_share_again = self.filtered(
            lambda c: c.portal_requester_left or c.portal_customer_changed
        )
        edited = set(self.filtered("portal_shared").ids)
        # Only a share of picked attachments holds some to clear.
        picked_before = set(
            self.filtered(lambda c: c.portal_attachment_mode == "selected").ids
        )
        contracts = self.with_context(**{CHECKED: True})
        # One write for all contracts: the share is the same for each of them,
        # only the picked attachments differ.
        values = {
            "portal_company_id": company.id,
            "portal_requester_id": share.requester.id,
            "portal_requester_left": False,
            "portal_customer_changed": False,
            "portal_watcher_ids": [Command.set(share.watchers.ids)],
            "portal_attachment_mode": share.attachment_mode,
        }
        if share.by_staff:
            values.update(
                portal_shared_by_id=self.env.uid,
                portal_shared_date=fields.Datetime.now(),
            )
        change = AudienceChange(contract_ids=self.ids, log=False)
        with self._portal_audience_change(change) as outcome:
            contracts.write(values)
            # Flushed with what it changes (whether they are shared) in one
            # UPDATE, before the audience's flush takes the people alone.
            contracts.flush_recordset()
            contracts._portal_pick_attachments(share, picked_before)
        Partner = self.env["res.partner"]
        added = {
            cid: Partner.browse(pids) for cid, pids in outcome.members_added().items()
        }
        removed = {
            cid: Partner.browse(pids) for cid, pids in outcome.members_removed().items()
        }
        self._portal_follow(added, removed, outcome)
        self._portal_log_share(added, removed, edited=edited, notes=outcome.notes)
        if share.by_staff and to_share_again:
            to_share_again._portal_done_share_again()
        promoted = outcome.promoted()
        if share.send_email:
            self._portal_send_share_emails(
                {
                    contract.id: added.get(contract.id, Partner)
                    | Partner.browse(
                        [pid for cid, pid in promoted if cid == contract.id]
                    )
                    for contract in self
                },
                share.note,
                promoted=promoted,
            )
        return Partner.union(*added.values())

    def _portal_pick_attachments(self, share, picked_before):
        """Each contract shows its own picked attachments; ``picked_before``:
        ids of the contracts whose share showed picked ones."""
        for contract in self:
            picked = share.attachments.filtered(
                lambda a, c=contract: a.res_model == c._name and a.res_id == c.id
            )
            if picked and share.attachment_mode == "selected":
                contract.portal_attachment_ids = [Command.set(picked.ids)]
            elif contract.id in picked_before:
                contract.portal_attachment_ids = [Command.clear()]

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
        if all(self.mapped("portal_shared")):
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
        change = AudienceChange(contract_ids=shared.ids, log=False)
        with self._portal_audience_change(change) as outcome:
            shared.with_context(**{CHECKED: True}).write(
                self._portal_cleared_share_values()
            )
        # Named people by name; colleagues, who may be dozens on each
        # contract, by their number.
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        named = {
            (cid, pid)
            for (cid, pid), role in outcome.lost.items()
            if role != "colleague"
        }
        people = Partner.browse({pid for _cid, pid in named})
        names = dict(zip(people.ids, people.mapped("name"), strict=True))
        losing, colleagues = defaultdict(list), defaultdict(int)
        for cid, pid in outcome.lost:
            if (cid, pid) in named:
                losing[cid].append(names[pid])
            else:
                colleagues[cid] += 1
        why = why or self.env._("Removed from the client portal.")
        self._portal_log_notes(
            shared,
            {
                contract.id: [
                    " ".join(
                        [
                            why,
                            self._portal_withdrawn_from(
                                sorted(losing[contract.id]), colleagues[contract.id]
                            ),
                        ]
                    )
                ]
                + outcome.notes.get(contract.id, [])
                for contract in shared
            },
        )
        return True

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

    def _portal_follow(self, added, removed, outcome):
        """Requesters and watchers follow the contract, in as few calls as
        there are distinct changes: a bulk share subscribes the same people on
        every contract. Who lost access no longer follows already; who was
        removed but still sees it as a colleague stops following too.

        :param dict added: {contract id: partners newly requester or watcher}
        :param dict removed: {contract id: partners no longer either}
        """
        by_added, by_removed = defaultdict(list), defaultdict(list)
        for contract_id, partners in added.items():
            by_added[partners].append(contract_id)
        for contract_id, partners in removed.items():
            still = partners.filtered(
                lambda p, c=contract_id: (c, p.id) not in outcome.lost
            )
            if still:
                by_removed[still].append(contract_id)
        for partners, contract_ids in by_added.items():
            # Requesters and watchers read by the rule: no need to ask it.
            self.browse(contract_ids).with_context(
                **{READERS_CHECKED: True}
            ).message_subscribe(partner_ids=partners.ids)
        for partners, contract_ids in by_removed.items():
            self.browse(contract_ids).message_unsubscribe(partner_ids=partners.ids)
