# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One signer's part of a request to sign a contract in the client portal
(contract.portal.sign.request): their turn, and their answer."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .contract_contract_sign import TERMS_FIELDS, TERMS_LINE_FIELDS
from .res_config_settings import SIGN_REMINDER_COUNT_PARAM, SIGN_REMINDER_DAYS_PARAM

SIGN_STATES = [
    ("waiting", "Waiting for their turn"),
    ("pending", "Awaiting signature"),
    ("signed", "Signed"),
    ("declined", "Declined"),
    ("cancelled", "Cancelled"),
    ("lost", "Lost access"),
]
OPEN_STATES = ("waiting", "pending")

# The request's facts, set when staff ask, and the signer's answer, set when
# they sign or decline: once written, nobody rewrites either.
REQUEST_FIELDS = frozenset({"request_id", "partner_id", "sequence"})
ANSWER_FIELDS = frozenset(
    {
        "signed_name",
        "answered_on",
        "signature",
        "ip_address",
        "user_agent",
        "decline_reason",
        "document_id",
        "document_sha256",
    }
)
# Staff and the access lifecycle may only close an open line; the signer's
# own answer moves the turn on and answers.
CLOSE_MOVES = frozenset(
    (old, new) for old in OPEN_STATES for new in ("cancelled", "lost")
)
ANSWER_MOVES = CLOSE_MOVES | {
    ("pending", "signed"),
    ("pending", "declined"),
    ("waiting", "pending"),
}


class ContractPortalSignature(models.Model):
    _name = "contract.portal.signature"
    _inherit = ["contract.portal.evidence.mixin"]
    _description = "Signature of a Contract in the Client Portal"
    _order = "contract_id, sequence, id"
    _rec_name = "partner_id"
    _evidence_facts = REQUEST_FIELDS
    _evidence_answers = ANSWER_FIELDS
    _evidence_open_states = OPEN_STATES
    _evidence_close_moves = CLOSE_MOVES
    _evidence_answer_moves = ANSWER_MOVES

    request_id = fields.Many2one(
        comodel_name="contract.portal.sign.request",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    # Deleted with its contract as with its request: "set null" here would
    # update the lines that the request's cascade deletes in the same statement.
    contract_id = fields.Many2one(
        related="request_id.contract_id", store=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Signer",
        required=True,
        readonly=True,
        index=True,
        # A signer who signed is evidence: their partner is archived, not
        # deleted.
        ondelete="restrict",
    )
    sequence = fields.Integer(readonly=True, default=1)
    # The contract's current request's lines are active, the earlier ones
    # archived with their request.
    active = fields.Boolean(related="request_id.active", store=True)
    state = fields.Selection(
        selection=SIGN_STATES, required=True, readonly=True, default="waiting"
    )
    requested_by_id = fields.Many2one(related="request_id.requested_by_id")
    request_date = fields.Datetime(related="request_id.request_date")
    # The terms asked to be signed (see contract.contract._portal_terms_hash).
    terms_hash = fields.Char(related="request_id.terms_hash")
    # When the signer's turn came: reminders count the days from it.
    turn_date = fields.Datetime(string="Their turn since", readonly=True)
    reminder_count = fields.Integer(string="Reminders sent", readonly=True)
    terms_changed = fields.Boolean(
        string="Contract changed after signing",
        compute="_compute_terms_changed",
        help="The contract's lines, dates, customer or recurrence changed since "
        "the signature was asked for or given: the signed PDF shows the terms "
        "that were signed. Ask for a new signature.",
    )
    signed_name = fields.Char(string="Name signed", readonly=True)
    answered_on = fields.Datetime(string="Answered on", readonly=True)
    signature = fields.Binary(attachment=True, readonly=True, copy=False)
    ip_address = fields.Char(string="IP address", readonly=True)
    user_agent = fields.Char(string="Browser", readonly=True)
    decline_reason = fields.Text(string="Reason for declining", readonly=True)
    document_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="PDF signed",
        help="The PDF as this signer signed it; the request's signed PDF, once "
        "everyone has signed, adds the evidence page and the company's seal.",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    document_sha256 = fields.Char(string="SHA-256 of the signed PDF", readonly=True)

    @api.depends(
        "request_id.terms_hash",
        "state",
        *(f"contract_id.{name}" for name in TERMS_FIELDS),
        *(f"contract_id.contract_line_ids.{name}" for name in TERMS_LINE_FIELDS),
    )
    def _compute_terms_changed(self):
        current = {
            contract.id: contract._portal_terms_hash() for contract in self.contract_id
        }
        for line in self:
            line.terms_changed = (
                line.state in ("pending", "waiting", "signed")
                and bool(line.terms_hash)
                and line.terms_hash != current[line.contract_id.id]
            )

    # === Evidence: written once, by the signer ===

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        if any(line.state in ("signed", "declined") for line in self):
            raise UserError(self._evidence_refusal())

    # === Reminders ===

    @api.model
    def _reminder_settings(self):
        param = self.env["ir.config_parameter"].sudo()
        return (
            int(param.get_param(SIGN_REMINDER_DAYS_PARAM, 7) or 7),
            int(param.get_param(SIGN_REMINDER_COUNT_PARAM, 2) or 0),
        )

    @api.model
    def _cron_remind(self):
        """Remind each signer who has not answered after N days, at most M
        times, every N days."""
        days, count = self._reminder_settings()
        if count < 1:
            return
        now = fields.Datetime.now()
        due = self.search(
            [
                ("state", "=", "pending"),
                ("reminder_count", "<", count),
                ("turn_date", "<=", fields.Datetime.subtract(now, days=days)),
            ]
        )
        due = due.filtered(
            lambda s: s.turn_date
            <= fields.Datetime.subtract(now, days=days * (s.reminder_count + 1))
        )
        for line in due.sudo():
            line._send_request(reminder=True)
            line.reminder_count += 1

    def _send_request(self, reminder=False):
        """Email each signer, in their language, that their signature is
        requested; a reminder says for how many days."""
        template = self.env.ref(
            "contract_portal_share.mail_template_contract_portal_sign_request"
        )
        today = fields.Date.context_today(self)
        for line in self:
            contract, partner = line.contract_id, line.partner_id
            lang = partner.lang or self.env.lang
            waited = (today - fields.Date.to_date(line.turn_date or today)).days
            contract._portal_queue_template(
                template.with_context(
                    lang=lang,
                    portal_sign_reminder=reminder,
                    portal_sign_days=waited,
                    portal_sign_author_name=line.requested_by_id.name or "",
                    # A later signer is told whose signatures came first.
                    portal_sign_signed_before=", ".join(
                        line.request_id.signer_ids.filtered(
                            lambda s: s.state == "signed"
                        ).partner_id.mapped("name")
                    ),
                    portal_sign_url=contract.get_base_url()
                    + contract._get_share_url(redirect=True, pid=partner.id),
                ),
                line,
                partner,
                lang,
            )
        if self:
            self.env["mail.mail"]._portal_send_soon()

    def _send_ended(self, template_xmlid):
        """Tell each signer whose turn it was that the request ended without
        them: void (the contract changed) or cancelled by staff."""
        template = self.env.ref(template_xmlid)
        for line in self.sudo():
            contract, partner = line.contract_id, line.partner_id
            lang = partner.lang or self.env.lang
            contract._portal_queue_template(
                template.with_context(
                    lang=lang,
                    portal_sign_url=contract.get_base_url()
                    + contract._get_share_url(redirect=True, pid=partner.id),
                ),
                line,
                partner,
                lang,
            )
        if self:
            self.env["mail.mail"]._portal_send_soon()
