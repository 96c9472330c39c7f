# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every change of who sees contracts, applied as the difference between the
audience before and after it, for all the contracts it touches at once.

People move, are archived, lose or gain portal access, are made internal or
merged; companies switch colleague visibility; Settings switch whether
customers see their own contracts; contracts change customer, are archived,
or their share is removed or ends. Each is written inside
``_portal_audience_change(AudienceChange(...))`` (``_portal_people_change``
for writes of people), which then, in a fixed number of queries
whatever the number of people:

- ends the memberships (requester, watcher) of people who left the client
  company, and flags contracts whose requester left;
- renews the access token of every contract someone lost, or stopped being
  requester or watcher of, in one statement;
- removes, in one statement, the follower subscriptions of portal clients who
  no longer see the contract;
- writes one chatter note per contract where a named person (requester,
  watcher, customer) lost access, and one note per client company for people
  who lost contracts only as colleagues;
- schedules "Choose a new requester" where a requester left.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from odoo import api, models
from odoo.tools import SQL

# In the context of the writes a change of people makes, so that the writes
# these make in turn (a user's contact, a contact's users) belong to it.
IN_PEOPLE_CHANGE = "contract_portal_share_in_people_change"


# The roles a share names people in; the others come from the company.
MEMBER_ROLES = ("requester", "watcher")


@dataclass
class AudienceChange:
    """What goes in: the scope of a change of who sees contracts, given by
    whoever makes it. It may be completed inside the change's block: a merge
    knows which contact survives only once it is done."""

    # People whose own access may change, and contracts whose audience may.
    partner_ids: list = field(default_factory=list)
    contract_ids: list = field(default_factory=list)
    # Why people lose access when their own state did not change
    # (visibility, setting, customer changed, share ended).
    reason: str = None
    # The contact that merged contacts became: what they saw, it sees, and
    # its memberships are checked against the client company.
    merged_into: int = None
    # False: the caller writes the chatter note itself, from the outcome.
    log: bool = True
    # The people were no portal clients before (users just created).
    new_clients: bool = False


@dataclass
class AudienceOutcome:
    """What comes out, filled in when the change's block ends."""

    # {(contract id, partner id): role}: who no longer sees the contract.
    lost: dict = field(default_factory=dict)
    # {(contract id, partner id): role}: memberships of people who left the
    # client company.
    left: dict = field(default_factory=dict)
    # {(contract id, partner id): (role before, role after)}: requesters and
    # watchers who became, stopped being or changed which of the two; None
    # for no named role.
    members: dict = field(default_factory=dict)
    # {contract id: [sentence]}: what else the change did (signature
    # requests it cancelled), said in the same note.
    notes: dict = field(default_factory=dict)

    def members_added(self):
        """{contract id: {partner id}}: newly requester or watcher."""
        return self._by_contract(lambda old, new: new and not old)

    def members_removed(self):
        """{contract id: {partner id}}: no longer requester nor watcher."""
        return self._by_contract(lambda old, new: old and not new)

    def promoted(self):
        """{(contract id, partner id)}: watchers made requester."""
        return {
            key
            for key, (old, new) in self.members.items()
            if (old, new) == ("watcher", "requester")
        }

    def _by_contract(self, test):
        result = defaultdict(set)
        for (cid, pid), (old, new) in self.members.items():
            if test(old, new):
                result[cid].add(pid)
        return result


@dataclass(frozen=True)
class _Before:
    """The audience of a change's scope, read before the change."""

    # {(contract id, partner id): role}
    audience: dict
    # {partner id: (commercial partner id, is an active portal client)}
    people: dict
    # {partner id: name}: a merged contact is gone afterwards.
    names: dict


class ContractContract(models.Model):
    _inherit = "contract.contract"

    @api.model
    @contextmanager
    def _portal_audience_change(self, change):
        """Around a change that may change who sees contracts, given as an
        :class:`AudienceChange`. Yields the :class:`AudienceOutcome`, filled in
        when the block ends."""
        before = self._portal_audience_before(change)
        outcome = AudienceOutcome()
        yield outcome
        self._portal_apply_audience_change(change, before, outcome)

    @api.model
    @contextmanager
    def _portal_people_change(self, records, partners, reason=None):
        """How contacts, users and the Settings write a change of people.
        Yields ``records`` to write with; afterwards, whoever lost access loses
        it everywhere. ``partners``: whose access may change, or a function
        returning them, called only when this change is not part of an outer
        one."""
        if self.env.context.get(IN_PEOPLE_CHANGE):
            yield records
            return
        partners = partners() if callable(partners) else partners
        if not partners:
            yield records
            return
        change = AudienceChange(partner_ids=partners.ids, reason=reason)
        with self._portal_audience_change(change):
            yield records.with_context(**{IN_PEOPLE_CHANGE: True})

    @api.model
    def _portal_new_clients(self, partners):
        """Contacts just given portal access: a contact who followed contracts
        (say, from an email) stops following those the portal does not show."""
        if self.env.context.get(IN_PEOPLE_CHANGE) or not partners:
            return
        change = AudienceChange(partner_ids=partners.ids, new_clients=True)
        before = self._portal_audience_before(change)
        self._portal_apply_audience_change(change, before, AudienceOutcome())

    @api.model
    def _portal_audience_before(self, change):
        people = self._portal_people_state(change.partner_ids, names=True)
        return _Before(
            audience=self._portal_scope_audience(
                change.partner_ids, change.contract_ids
            ),
            people={
                pid: (company, client and not change.new_clients)
                for pid, (company, client, _name) in people.items()
            },
            names={pid: name for pid, (*_state, name) in people.items()},
        )

    @api.model
    def _portal_scope_audience(self, partner_ids, contract_ids):
        audience = {}
        if partner_ids:
            audience.update(self._portal_audience(partner_ids=partner_ids))
        if contract_ids:
            audience.update(self._portal_audience(contract_ids=contract_ids))
        return audience

    @api.model
    def _portal_people_state(self, partner_ids, names=False):
        """{partner id: (commercial partner id, is an active portal client)},
        with their name last when ``names``."""
        if not partner_ids:
            return {}
        self._portal_flush_audience()
        self.env["res.partner"].flush_model(["name"])
        self.env.cr.execute(
            SQL(
                "SELECT p.id, p.commercial_partner_id, %s, p.name FROM res_partner p"
                " WHERE p.id = ANY(%s)",
                self._portal_client_sql("p"),
                partner_ids,
            )
        )
        return {
            pid: (company, client, name) if names else (company, client)
            for pid, company, client, name in self.env.cr.fetchall()
        }

    @api.model
    def _portal_apply_audience_change(self, change, before, outcome):
        after_people = self._portal_people_state(change.partner_ids)
        left = self._portal_end_memberships(change, before, after_people)
        after = self._portal_scope_audience(change.partner_ids, change.contract_ids)
        lost = {
            (cid, pid): role
            for (cid, pid), role in before.audience.items()
            if (cid, pid) not in after and (cid, change.merged_into) not in after
        }
        outcome.lost, outcome.left = lost, left
        outcome.members = {
            key: (old, new)
            for key in before.audience.keys() | after.keys()
            if (old := self._portal_member_role(before.audience, key))
            != (new := self._portal_member_role(after, key))
        }
        # The links emailed to a requester or watcher die with their role,
        # even where they still see the contract as a colleague.
        self._portal_renew_tokens(
            {cid for cid, _pid in lost} | set(outcome.members_removed())
        )
        self._portal_drop_stale_followers(change, before, after, after_people)
        outcome.notes = self._portal_drop_lost_signers({cid for cid, _pid in lost})
        if not lost and not left:
            return
        reasons = self._portal_reasons(change, before, after_people)
        if change.log:
            self._portal_log_losses(lost, left, reasons, before.names, outcome.notes)
        self._portal_schedule_new_requester(
            {cid: pid for (cid, pid), role in left.items() if role == "requester"},
            reasons,
        )

    @api.model
    def _portal_member_role(self, audience, key):
        role = audience.get(key)
        return role if role in MEMBER_ROLES else None

    @api.model
    def _portal_end_memberships(self, change, before, after_people):
        """End the memberships of people who no longer belong to the share's
        client company. Returns {(contract id, partner id): role}."""
        moved = [
            pid
            for pid, state in before.people.items()
            if after_people.get(pid) != state
        ] + ([change.merged_into] if change.merged_into else [])
        if not moved:
            return {}
        self.flush_model(["portal_requester_id", "portal_requester_left"])
        # The client company allows requester and watchers (watchers of another
        # company are the install migration's, kept until they change).
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                UPDATE contract_contract c
                   SET portal_requester_id = NULL, portal_requester_left = TRUE,
                       write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                  FROM res_partner p
                 WHERE p.id = c.portal_requester_id
                   AND c.portal_requester_id = ANY(%(moved)s)
                   AND NOT (%(client)s
                            AND p.commercial_partner_id = c.portal_company_id)
             RETURNING c.id, p.id
                """,
                uid=self.env.uid,
                moved=moved,
                client=self._portal_client_sql("p"),
            )
        )
        left = {(cid, pid): "requester" for cid, pid in cr.fetchall()}
        cr.execute(
            SQL(
                """
                DELETE FROM contract_contract_portal_watcher_rel w
                 USING contract_contract c, res_partner p
                 WHERE c.id = w.contract_id AND p.id = w.partner_id
                   AND w.partner_id = ANY(%(moved)s)
                   AND NOT (%(client)s
                            AND p.commercial_partner_id = c.portal_company_id)
             RETURNING w.contract_id, w.partner_id
                """,
                moved=moved,
                client=self._portal_client_sql("p"),
            )
        )
        left.update({(cid, pid): "watcher" for cid, pid in cr.fetchall()})
        if left:
            self.invalidate_model(
                ["portal_requester_id", "portal_requester_left", "portal_watcher_ids"]
            )
        return left

    @api.model
    def _portal_renew_tokens(self, contract_ids):
        """Emailed links and pages seen carry the access token, which would
        outlive the access: a new token makes a loss of access take effect at
        once. People who still have access open the contract from the portal."""
        if not contract_ids:
            return
        self.flush_model(["access_token"])
        self.env.cr.execute(
            SQL(
                "UPDATE contract_contract SET access_token = gen_random_uuid()::text"
                " WHERE id = ANY(%s)",
                list(contract_ids),
            )
        )
        self.invalidate_model(["access_token"])

    @api.model
    def _portal_drop_stale_followers(self, change, before, after, after_people):
        """Portal clients follow only what they see: a follower gets the
        chatter by email, with links into the contract. Who stopped being a
        portal client (archived, revoked, made internal) stops following what
        the portal showed them."""
        demoted = [
            pid
            for pid, (_company, client) in before.people.items()
            if client and not after_people.get(pid, (None, False))[1]
        ]
        # A change of contracts where nobody lost access leaves every
        # follower someone who still sees the contract.
        if (
            not change.partner_ids
            and not demoted
            and before.audience.keys() <= after.keys()
        ):
            return
        self.env["mail.followers"].flush_model()
        kept = list(after)
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM mail_followers f
                 WHERE f.res_model = %(model)s
                   AND (f.partner_id = ANY(%(partners)s)
                        OR f.res_id = ANY(%(contracts)s))
                   AND (f.partner_id = ANY(%(demoted)s) OR (
                        EXISTS (SELECT 1 FROM res_users u
                                 WHERE u.partner_id = f.partner_id AND u.share)
                        AND NOT EXISTS (SELECT 1 FROM res_users u
                                         WHERE u.partner_id = f.partner_id
                                           AND NOT u.share)))
                   AND (f.res_id, f.partner_id) NOT IN (
                       SELECT * FROM unnest(%(kept_contracts)s::int[],
                                            %(kept_partners)s::int[]))
             RETURNING f.id
                """,
                model=self._name,
                demoted=demoted,
                partners=change.partner_ids,
                contracts=change.contract_ids,
                kept_contracts=[cid for cid, _pid in kept],
                kept_partners=[pid for _cid, pid in kept],
            )
        )
        if self.env.cr.fetchall():
            self.env["mail.followers"].invalidate_model()
            self.invalidate_model(["message_follower_ids", "message_partner_ids"])
