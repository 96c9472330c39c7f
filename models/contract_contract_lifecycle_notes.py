# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What staff are told when people lose access: chatter notes and to-dos."""

from collections import defaultdict

from odoo import api, models

NAMED_ROLES = ("requester", "watcher", "customer")


class ContractContract(models.Model):
    _inherit = "contract.contract"

    def _portal_schedule_share_again(self, contracts):
        self._portal_schedule_todo(
            contracts,
            self.env._("Customer changed: share again"),
            {
                contract.id: self.env._(
                    "The customer of this contract changed to %(customer)s, so "
                    "its client portal share ended. Open Action > Show in "
                    "client portal to share it with the new customer's people.",
                    customer=contract.partner_id.display_name,
                )
                for contract in contracts.sudo()
            },
        )

    def _portal_done_share_again(self):
        """Staff shared these contracts again: the to-dos that asked for it are
        done, in the chatter as Odoo shows any activity marked done."""
        type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "contract_portal_share.mail_activity_type_portal_share_again"
        )
        todos = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", type_id),
                ]
            )
        )
        if todos:
            todos._action_done(
                feedback=self.env._("Shared again in the client portal.")
            )

    def _portal_schedule_todo(self, contracts, summary, notes):
        """One to-do per contract for its responsible, created in one batch;
        sharing the contract again marks it done."""
        todo = self.env.ref(
            "contract_portal_share.mail_activity_type_portal_share_again"
        )
        model = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model,
                    "res_id": contract.id,
                    "activity_type_id": todo.id,
                    "user_id": (
                        contract.user_id
                        or contract.portal_shared_by_id
                        or self.env.user
                    ).id,
                    "summary": summary,
                    "note": notes[contract.id],
                }
                for contract in contracts.sudo()
            ]
        )

    @api.model
    def _portal_log_losses(self, lost, left, reasons, names, notes=None):
        """One note per contract that a named person lost or left, and one per
        client company for those who lost contracts only as colleagues.
        ``notes``: {contract id: [sentence]} said in the contract's note too."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        # Names of people outside the change's scope, read in one query.
        unknown = {pid for _cid, pid in [*lost, *left]} - set(names)
        names = {
            **dict(Partner.browse(unknown).exists().mapped(lambda p: (p.id, p.name))),
            **names,
        }

        def name(pid):
            return names[pid]

        named = defaultdict(dict)
        for (cid, pid), role in left.items():
            named[cid][pid] = (role, (cid, pid) in lost)
        colleagues = defaultdict(lambda: defaultdict(list))
        for (cid, pid), role in lost.items():
            if role in NAMED_ROLES:
                named[cid].setdefault(pid, (role, True))
            elif (cid, pid) not in left:
                colleagues[cid][pid].append(cid)
        contracts = self.sudo().browse(list(named) + list(colleagues))
        # Mid-sentence: "Alice (watcher) no longer sees...".
        labels = named and {
            role: label.lower() for role, label in self._portal_role_labels().items()
        }
        bodies = {}
        for cid, people in named.items():
            lines = [
                self.env._(
                    "%(name)s (%(role)s) no longer sees this contract in the "
                    "portal: %(reason)s.",
                    name=name(pid),
                    role=labels[role],
                    reason=reasons[pid],
                )
                if sees_no_more
                else self.env._(
                    "%(name)s is no longer the %(role)s of this contract: %(reason)s.",
                    name=name(pid),
                    role=labels[role],
                    reason=reasons[pid],
                )
                for pid, (role, sees_no_more) in people.items()
            ]
            bodies[cid] = lines
        for cid, sentences in (notes or {}).items():
            bodies.setdefault(cid, []).extend(sentences)
        self._portal_log_notes(self, bodies)
        # Colleagues: one note on the client company, who and how many.
        by_company = defaultdict(lambda: defaultdict(int))
        for contract in contracts.filtered(lambda c: c.id in colleagues):
            for pid in colleagues[contract.id]:
                company = contract.portal_company_id or contract.partner_id
                by_company[company.commercial_partner_id.id][pid] += 1
        company_bodies = {}
        for company_id, counts in by_company.items():
            lines = [
                self.env._(
                    "%(name)s no longer sees a contract of this client as a "
                    "colleague in the portal: %(reason)s.",
                    name=name(pid),
                    reason=reasons[pid],
                )
                if count == 1
                else self.env._(
                    "%(name)s no longer sees %(count)s contracts of this client "
                    "as a colleague in the portal: %(reason)s.",
                    name=name(pid),
                    count=count,
                    reason=reasons[pid],
                )
                for pid, count in counts.items()
            ]
            company_bodies[company_id] = lines
        self._portal_log_notes(Partner, company_bodies)

    @api.model
    def _portal_schedule_new_requester(self, requesters, reasons):
        """:param dict requesters: {contract id: partner id of who left}"""
        if not requesters:
            return
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        contracts = self.sudo().browse(list(requesters))
        self._portal_schedule_todo(
            contracts,
            self.env._("Choose a new requester"),
            {
                contract.id: self.env._(
                    "%(name)s, the requester of this contract in the client "
                    "portal, left %(company)s (%(reason)s). Open Action > Show in "
                    "client portal to choose a new requester.",
                    name=Partner.browse(requesters[contract.id]).name,
                    company=contract.portal_company_id.display_name,
                    reason=reasons[requesters[contract.id]],
                )
                for contract in contracts
            },
        )

    @api.model
    def _portal_reasons(self, change, before, after_people):
        """{partner id: why they lost access}."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        reasons = {}
        for pid, state in before.people.items():
            after = after_people.get(pid)
            if after == state:
                continue
            partner = Partner.browse(pid)
            if after is None:
                continue  # merged into another contact: the caller says why
            if not partner.active:
                reasons[pid] = self.env._("the contact was archived")
            elif state[1] and not after[1]:
                if partner.user_ids.filtered(lambda u: u.active and not u.share):
                    reasons[pid] = self.env._("they were made an internal user")
                else:
                    reasons[pid] = self.env._(
                        "their portal access was revoked or their user archived"
                    )
            elif after[0] != state[0]:
                reasons[pid] = self.env._(
                    "moved from %(old)s to %(new)s",
                    old=Partner.browse(state[0]).display_name,
                    new=Partner.browse(after[0]).display_name,
                )
        if change.merged_into:
            reasons.setdefault(change.merged_into, change.reason)
        return defaultdict(
            lambda: change.reason or self.env._("their access changed"), reasons
        )
