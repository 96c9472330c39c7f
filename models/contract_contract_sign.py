# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Signing a shared contract in the client portal: the state of a request,
asking and cancelling, signers who lose access. Signing and declining are in
``contract_contract_sign_answer``."""

import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

# What a signature is about: changing any of these after signing marks it.
TERMS_FIELDS = (
    "partner_id",
    "date_start",
    "date_end",
    "line_recurrence",
    "recurring_rule_type",
    "recurring_interval",
    "recurring_invoicing_type",
    "currency_id",
    "payment_term_id",
)
TERMS_LINE_FIELDS = (
    "display_type",
    "product_id",
    "name",
    "quantity",
    "uom_id",
    "price_unit",
    "discount",
    "date_start",
    "date_end",
    "recurring_rule_type",
    "recurring_interval",
    "recurring_invoicing_type",
    "is_canceled",
)
# The contract's signature state: derived from its requests, never written.
SIGN_STATE_OF_REQUEST = {
    "open": "awaiting",
    "signed": "signed",
    "declined": "declined",
    "void": "void",
}
SIGN_STATE_FIELDS = frozenset(
    {
        "portal_sign_request_ids",
        "portal_sign_request_id",
        "portal_signature_ids",
        "portal_sign_state",
        "portal_signer_id",
        "portal_signed_document_id",
    }
)


class ContractContract(models.Model):
    _inherit = "contract.contract"

    portal_sign_request_ids = fields.One2many(
        comodel_name="contract.portal.sign.request",
        inverse_name="contract_id",
        string="Signature Requests",
        readonly=True,
    )
    # The current request, the active one: asking again archives it.
    portal_sign_request_id = fields.Many2one(
        comodel_name="contract.portal.sign.request",
        string="Signature Request",
        compute="_compute_portal_sign_request_id",
        store=True,
    )
    # The current request's signers.
    portal_signature_ids = fields.One2many(
        comodel_name="contract.portal.signature",
        inverse_name="contract_id",
        string="Signatures",
        readonly=True,
    )
    portal_sign_state = fields.Selection(
        selection=[
            ("awaiting", "Awaiting signature"),
            ("signed", "Signed"),
            ("declined", "Declined"),
            ("void", "Void: the contract changed"),
        ],
        string="Signature",
        compute="_compute_portal_sign_state",
        store=True,
        index=True,
    )
    portal_signer_id = fields.Many2one(
        comodel_name="res.partner",
        string="Awaiting the signature of",
        compute="_compute_portal_sign_state",
        store=True,
    )
    portal_signer_name = fields.Char(
        related="portal_signer_id.name", string="Signer's Name", tracking=False
    )
    portal_signed_document_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Signed PDF",
        compute="_compute_portal_sign_state",
        store=True,
    )
    portal_sign_changed = fields.Boolean(
        string="Contract changed after signing",
        compute="_compute_portal_sign_changed",
    )

    @api.depends("portal_sign_request_ids", "portal_sign_request_ids.active")
    def _compute_portal_sign_request_id(self):
        # Whatever the context it is computed in (related fields compute with
        # active_test off): the active request, the newest if ever several.
        for contract in self.with_context(active_test=False):
            contract.portal_sign_request_id = contract.portal_sign_request_ids.filtered(
                "active"
            ).sorted(lambda r: (r.request_date or fields.Datetime.now(), r.id))[-1:]

    @api.depends(
        "portal_sign_request_id.state",
        "portal_sign_request_id.document_id",
        "portal_sign_request_id.signer_ids.state",
    )
    def _compute_portal_sign_state(self):
        for contract in self:
            request = contract.portal_sign_request_id
            contract.portal_sign_state = SIGN_STATE_OF_REQUEST.get(request.state)
            contract.portal_signer_id = request.signer_ids.filtered(
                lambda s: s.state == "pending"
            )[:1].partner_id
            contract.portal_signed_document_id = request.document_id

    def write(self, vals):
        # Computed from the signature lines alone: over JSON-RPC a stored
        # computed field is writable, and "Signed" would be a forgery.
        if SIGN_STATE_FIELDS & vals.keys():
            raise UserError(self.env["contract.portal.signature"]._evidence_refusal())
        res = super().write(vals)
        if set(TERMS_FIELDS) & vals.keys():
            self._portal_void_changed_requests()
        return res

    def _portal_void_changed_requests(self):
        """An open request whose terms changed can no longer be signed as
        asked: it is void at once. The responsible gets a to-do, the signer
        whose turn it was an email, and nobody is reminded."""
        requests = self.sudo().portal_sign_request_id.filtered(
            lambda r: r.state == "open"
            and r.terms_hash != r.contract_id._portal_terms_hash()
        )
        if not requests:
            return
        signers = requests.signer_ids
        pending = signers.filtered(lambda s: s.state == "pending")
        signers.filtered(
            lambda s: s.state in ("pending", "waiting")
        ).state = "cancelled"
        requests.state = "void"
        for contract in requests.contract_id:
            responsible = contract.user_id or contract.portal_shared_by_id
            if responsible:
                contract.activity_schedule(
                    "contract_portal_share.mail_activity_type_portal_signature",
                    user_id=responsible.id,
                    summary=self.env._(
                        "Signature request void: %(contract)s changed",
                        contract=contract.display_name,
                    ),
                )
        self._portal_log_notes(
            requests.contract_id,
            {
                contract.id: [
                    self.env._(
                        "The contract changed while its signature was awaited: the "
                        "request is void. Ask again for a signature on the new terms."
                    )
                ]
                for contract in requests.contract_id
            },
        )
        pending._send_ended(
            "contract_portal_share.mail_template_contract_portal_sign_void"
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signature_evidence(self):
        # The database deletes a contract's signature lines with it, below
        # the ORM: a contract that holds an answer is archived instead.
        answered = (
            self.env["contract.portal.signature"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("contract_id", "in", self.ids),
                    ("state", "in", ("signed", "declined")),
                ],
                limit=1,
            )
        )
        if answered:
            raise UserError(
                self.env._(
                    "A contract that was signed or declined in the client portal "
                    "keeps that evidence: archive it instead of deleting it."
                )
            )

    @api.depends("portal_signature_ids.terms_changed")
    def _compute_portal_sign_changed(self):
        for contract in self:
            contract.portal_sign_changed = any(
                contract.portal_signature_ids.mapped("terms_changed")
            )

    def _portal_terms_hash(self):
        """A digest of what a signature agrees to: the customer, the dates, the
        recurrence and the lines; not what invoicing moves (next dates)."""
        self.ensure_one()

        def values(record, names):
            return [
                record[name].ids
                if isinstance(record[name], models.BaseModel)
                else record[name]
                for name in names
            ]

        terms = {
            "contract": values(self, TERMS_FIELDS),
            "lines": [
                values(line, TERMS_LINE_FIELDS)
                for line in self.contract_line_ids.sorted(lambda c: (c.sequence, c.id))
            ],
        }
        raw = json.dumps(terms, default=str, sort_keys=True).encode()
        return hashlib.sha256(raw).hexdigest()

    # === Ask ===

    def _portal_request_signature(self, signers):
        """Ask ``signers``, in this order, to sign each of these contracts.
        Replaces a request still open; the first signer is emailed now, each
        next one when the one before has signed."""
        Request = self.env["contract.portal.sign.request"]
        Request._check_signers(self, signers)
        self._portal_check_can_share()
        self._portal_lock()
        now = fields.Datetime.now()
        # Requests are written by this code only (see
        # contract.portal.sign.request): staff read them.
        replaced = self.sudo().portal_sign_request_ids
        replaced.signer_ids.filtered(
            lambda s: s.state in ("pending", "waiting")
        ).state = "cancelled"
        replaced.filtered(lambda r: r.state == "open").state = "cancelled"
        replaced.active = False
        requests = Request.sudo().create(
            [
                {
                    "contract_id": contract.id,
                    "requested_by_id": self.env.uid,
                    "request_date": now,
                    "terms_hash": contract._portal_terms_hash(),
                    "signer_ids": [
                        Command.create(
                            {
                                "partner_id": signer.id,
                                "sequence": index,
                                "state": "pending" if index == 1 else "waiting",
                                "turn_date": now if index == 1 else False,
                            }
                        )
                        for index, signer in enumerate(signers, start=1)
                    ],
                }
                for contract in self
            ]
        )
        names = ", ".join(signers.mapped("name"))
        note = (
            self.env._("Signature requested from %(name)s.", name=names)
            if len(signers) == 1
            else self.env._(
                "Signatures requested from, in this order: %(names)s.", names=names
            )
        )
        self._portal_log_notes(self, {contract.id: [note] for contract in self})
        lines = requests.signer_ids
        lines.filtered(lambda s: s.state == "pending")._send_request()
        return lines

    def action_portal_ask_signature(self):
        """A window of its own, with the share window's signers: asking
        writes one note and leaves the share as it is."""
        action = self.action_portal_share_window()
        action.update(
            name=self.env._("Ask for a signature"),
            views=[
                (
                    self.env.ref(
                        "contract_portal_share.contract_portal_share_view_form_sign"
                    ).id,
                    "form",
                )
            ],
            context=dict(action["context"], default_sign_request=True),
        )
        return action

    def action_portal_cancel_signature(self):
        self._portal_check_can_share()
        open_lines = self.sudo().portal_signature_ids.filtered(
            lambda s: s.state in ("pending", "waiting")
        )
        if not open_lines:
            raise UserError(self.env._("No signature request is open."))
        pending = open_lines.filtered(lambda s: s.state == "pending")
        open_lines.state = "cancelled"
        open_lines.request_id.state = "cancelled"
        self._portal_log_notes(
            open_lines.contract_id,
            {
                contract.id: [self.env._("Signature request cancelled.")]
                for contract in open_lines.contract_id
            },
        )
        pending._send_ended(
            "contract_portal_share.mail_template_contract_portal_sign_cancelled"
        )
        return True

    # === Signers who lose access ===

    @api.model
    def _portal_drop_lost_signers(self, contract_ids):
        """Cancel the open requests of signers who no longer see their
        contract: one query when none is open among ``contract_ids``.
        Returns {contract id: [sentence]} for the change's chatter note."""
        if not contract_ids:
            return {}
        Signature = self.env["contract.portal.signature"].sudo()
        open_lines = Signature.search(
            [
                ("contract_id", "in", list(contract_ids)),
                ("state", "in", ("pending", "waiting")),
            ]
        )
        if not open_lines:
            return {}
        seen = self._portal_audience(
            list(set(open_lines.contract_id.ids)), list(set(open_lines.partner_id.ids))
        )
        lost = open_lines.filtered(
            lambda s: (s.contract_id.id, s.partner_id.id) not in seen
        )
        if not lost:
            return {}
        lost.state = "lost"
        # Without them the request cannot complete: staff ask again.
        (open_lines - lost).filtered(
            lambda s: s.request_id in lost.request_id
        ).state = "cancelled"
        lost.request_id.state = "cancelled"
        notes = {}
        for line in lost:
            notes.setdefault(line.contract_id.id, []).append(
                self.env._(
                    "%(name)s no longer sees the contract: the signature request "
                    "is cancelled. Ask again for a signature if needed.",
                    name=line.partner_id.name,
                )
            )
        return notes
