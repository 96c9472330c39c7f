# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A request to sign a contract in the client portal: who asked, when, on
which terms, and its signers in order. The contract's current request is the
active one; asking again archives it, and it stays as the record of what was
asked and answered."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

REQUEST_STATES = [
    ("open", "Awaiting signature"),
    ("signed", "Signed"),
    ("declined", "Declined"),
    ("cancelled", "Cancelled"),
    # The terms changed while it was open: it can no longer be signed as asked.
    ("void", "Void: the contract changed"),
]
# Facts of the request, written when staff ask.
REQUEST_FACTS = frozenset(
    {"contract_id", "requested_by_id", "request_date", "terms_hash"}
)
# Staff and the access lifecycle may cancel an open request; only a signer's
# answer ends one signed or declined, with its signed PDF.
CLOSE_MOVES = frozenset({("open", "cancelled"), ("open", "void")})
ANSWER_MOVES = CLOSE_MOVES | {("open", "signed"), ("open", "declined")}


class ContractPortalSignRequest(models.Model):
    _name = "contract.portal.sign.request"
    _inherit = ["contract.portal.evidence.mixin"]
    _description = "Signature Request of a Contract in the Client Portal"
    _order = "contract_id, request_date desc, id desc"
    _rec_name = "contract_id"
    _evidence_facts = REQUEST_FACTS
    # The signed PDF, set with the last signature.
    _evidence_answers = frozenset({"document_id"})
    _evidence_open_states = ("open",)
    _evidence_close_moves = CLOSE_MOVES
    _evidence_answer_moves = ANSWER_MOVES

    contract_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    active = fields.Boolean(default=True, readonly=True)
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested by",
        readonly=True,
        ondelete="restrict",
    )
    request_date = fields.Datetime(string="Requested on", readonly=True)
    # The terms asked to be signed (see contract.contract._portal_terms_hash).
    terms_hash = fields.Char(readonly=True)
    state = fields.Selection(
        selection=REQUEST_STATES, required=True, readonly=True, default="open"
    )
    signer_ids = fields.One2many(
        comodel_name="contract.portal.signature",
        inverse_name="request_id",
        string="Signers",
        readonly=True,
    )
    document_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Signed PDF",
        help="The PDF every signer signed, with its evidence page and the "
        "company's seal.",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )

    @api.model
    def _check_signers(self, contracts, signers, people=None):
        """Who may be asked to sign ``contracts``: at least one person, each
        once, all of them requester or watchers of every contract, or of
        ``people`` when the share window checks them before saving them."""
        if not signers:
            raise ValidationError(
                self.env._("Choose who signs: at least one of the share's people.")
            )
        if len(set(signers.ids)) != len(signers.ids):
            raise ValidationError(self.env._("Each signer may sign only once."))
        for contract in contracts:
            if people is None and not contract.portal_shared:
                raise ValidationError(
                    self.env._(
                        "Show %(contract)s in the client portal before asking for "
                        "a signature.",
                        contract=contract.display_name,
                    )
                )
            strangers = signers - (
                contract._portal_people() if people is None else people
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Signers must be the requester or watchers of "
                        "%(contract)s: %(names)s is not.",
                        contract=contract.display_name,
                        names=", ".join(strangers.mapped("name")),
                    )
                )

    # === Evidence: facts written once, ended by a signer ===

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        signers = self.with_context(active_test=False).signer_ids
        if signers.filtered(lambda s: s.state in ("signed", "declined")):
            raise UserError(self._evidence_refusal())
