# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Evidence written once: a signature request's facts and its signers'
answers. Staff and the access lifecycle may only close what is open; a signer's
own answer, in the portal, is the only code that records one; nobody rewrites
what was written, over any route."""

from odoo import api, models
from odoo.exceptions import UserError

# The signer's answer hands this object to ``write`` in its context. JSON-RPC
# carries only JSON values, so no call from outside Odoo's code can pass it.
SIGNER_ANSWER = object()
ANSWER_CONTEXT_KEY = "contract_portal_signer_answer"


class ContractPortalEvidenceMixin(models.AbstractModel):
    _name = "contract.portal.evidence.mixin"
    _description = "Evidence Written Once, by a Signer's Answer"

    # Written when staff ask, never after.
    _evidence_facts = frozenset()
    # Written by the signer's answer, once.
    _evidence_answers = frozenset()
    # The states a record is created in, the first one by default.
    _evidence_open_states = ()
    # (from, to) states staff and the lifecycle may move a record between,
    # and those a signer's answer may.
    _evidence_close_moves = frozenset()
    _evidence_answer_moves = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            state = vals.get("state", self._evidence_open_states[0])
            given = {name for name, value in vals.items() if value}
            if state not in self._evidence_open_states or (
                self._evidence_answers & given
            ):
                raise UserError(self._evidence_refusal())
        return super().create(vals_list)

    def write(self, vals):
        answering = self.env.context.get(ANSWER_CONTEXT_KEY) is SIGNER_ANSWER
        moves = self._evidence_answer_moves if answering else self._evidence_close_moves
        answers = self._evidence_answers & vals.keys()
        refused = bool(self._evidence_facts & vals.keys()) or (
            not answering and bool(answers)
        )
        for record in self:
            if refused:
                break
            refused = (
                ("state" in vals and vals["state"] != record.state)
                and (record.state, vals["state"]) not in moves
                or (vals.get("active") and not record.active)
                or any(record[name] for name in answers)
            )
        if refused:
            raise UserError(self._evidence_refusal())
        return super().write(vals)

    def _write_answer(self, vals):
        """A signer's own answer: the only write that records one."""
        return self.with_context(**{ANSWER_CONTEXT_KEY: SIGNER_ANSWER}).write(vals)

    @api.model
    def _evidence_refusal(self):
        return self.env._(
            "A signature is evidence: only the signer's own answer in the client "
            "portal records it, and nobody changes or deletes it afterwards. Cancel "
            "an open request and ask again instead."
        )
