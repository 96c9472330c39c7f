# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The share window: ask the share's people to sign, in order."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command


class ContractPortalShare(models.TransientModel):
    _inherit = "contract.portal.share"

    sign_request = fields.Boolean(
        string="Ask for a signature",
        help="Each signer, in this order, is emailed when their turn comes and "
        "signs on the contract's portal page.",
    )
    signer_line_ids = fields.One2many(
        comodel_name="contract.portal.share.signer",
        inverse_name="wizard_id",
        string="Signers",
    )
    sign_candidate_ids = fields.Many2many(
        comodel_name="res.partner",
        compute="_compute_sign_candidate_ids",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if not values.get("sign_request") or "signer_line_ids" not in fields_list:
            return values
        # Asking again: the same signers, while they are still on the share.
        people = {values.get("requester_id")} | set(
            next(
                (c[2] for c in values.get("watcher_ids") or [] if c[0] == 6),
                [],
            )
        )
        contracts = self.env["contract.contract"].browse(self._default_contract_ids())
        # The last request, current or not.
        previous = contracts[:1].with_context(active_test=False).portal_sign_request_ids
        signers = [
            s.partner_id.id
            for s in previous[:1].signer_ids.sorted("sequence")
            if s.partner_id.id in people
        ] or [values.get("requester_id")]
        values["signer_line_ids"] = [
            Command.create({"sequence": index, "partner_id": pid})
            for index, pid in enumerate(signers, start=1)
            if pid
        ]
        return values

    @api.depends("requester_id", "watcher_ids")
    def _compute_sign_candidate_ids(self):
        for wizard in self:
            wizard.sign_candidate_ids = wizard.requester_id | wizard.watcher_ids

    @api.onchange("sign_request", "requester_id", "watcher_ids")
    def _onchange_sign_request(self):
        if not self.sign_request:
            return
        people = self.requester_id | self.watcher_ids
        kept = self.signer_line_ids.filtered(lambda s: s.partner_id in people)
        if kept != self.signer_line_ids:
            self.signer_line_ids = kept
        if not kept and self.requester_id:
            self.signer_line_ids = [
                Command.create({"sequence": 1, "partner_id": self.requester_id.id})
            ]

    def _sign_signers(self):
        """The signers in their order, or a clear error before anything is
        saved: checked against the people the window is about to save."""
        lines = self.signer_line_ids.sorted(lambda s: (s.sequence, s.id))
        signers = self.env["res.partner"].browse([line.partner_id.id for line in lines])
        self.env["contract.portal.sign.request"]._check_signers(
            self.contract_ids, signers, people=self.requester_id | self.watcher_ids
        )
        limit = self.contract_ids._portal_share_batch_limit()
        if len(self.contract_ids) > limit:
            raise ValidationError(
                self.env._(
                    "Ask for signatures on at most %(limit)s contracts at once.",
                    limit=limit,
                )
            )
        return signers

    def action_share(self):
        signers = self._sign_signers() if self.sign_request else None
        result = super().action_share()
        if signers:
            self.contract_ids._portal_request_signature(signers)
        return result

    def action_ask_signature(self):
        """The banner's window: ask for the signature, and only that."""
        self.contract_ids._portal_request_signature(self._sign_signers())
        return {"type": "ir.actions.act_window_close"}
