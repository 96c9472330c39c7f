# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from .contract_contract_audience import AUDIENCE_FIELDS, ROLES


class ContractPortalAudience(models.Model):
    """Who sees a contract in the client portal right now: a view of the one
    definition (contract.contract._portal_audience_sql), for the back office."""

    _name = "contract.portal.audience"
    _description = "Who Sees a Contract in the Client Portal"
    _auto = False
    _order = "contract_id, role_rank, partner_id"
    # Flushed before the view is read.
    _depends = {
        **AUDIENCE_FIELDS,
        "contract.contract": [
            *AUDIENCE_FIELDS["contract.contract"],
            "create_date",
            "portal_shared_date",
        ],
        "contract.portal.activity": ["contract_id", "partner_id", "date"],
    }

    contract_id = fields.Many2one(comodel_name="contract.contract", readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Portal User", readonly=True
    )
    # The person's own name: a contact's display name starts with its company,
    # the same on every row of a contract.
    partner_name = fields.Char(related="partner_id.name", string="Name")
    role = fields.Selection(
        selection=lambda self: self.env["contract.contract"]._portal_role_selection(),
        readonly=True,
    )
    role_rank = fields.Integer(readonly=True)
    since = fields.Datetime(
        readonly=True,
        help="When the contract was shown in the portal (for its customer: when "
        "the contract was created).",
    )
    last_seen = fields.Datetime(
        readonly=True, help="Their last visit of the contract's portal page."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        audience = self.env["contract.contract"]._portal_audience_sql()
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS
                SELECT a.contract_id::bigint * 2147483648 + a.partner_id AS id,
                       a.contract_id, a.partner_id, a.role,
                       array_position(%(roles)s, a.role) AS role_rank,
                       CASE WHEN a.role = 'customer' THEN c.create_date
                            ELSE c.portal_shared_date END AS since,
                       (SELECT max(v.date) FROM contract_portal_activity v
                         WHERE v.contract_id = a.contract_id
                           AND v.partner_id = a.partner_id) AS last_seen
                  FROM (%(audience)s) a
                  JOIN contract_contract c ON c.id = a.contract_id
                """,
                table=SQL.identifier(self._table),
                roles=list(ROLES),
                audience=audience,
            )
        )

    def action_remove_watcher(self):
        """Remove a watcher from the share (requesters, colleagues and
        customers are changed through the share or the company)."""
        for row in self:
            if row.role != "watcher":
                raise UserError(
                    self.env._(
                        "%(name)s sees %(contract)s as %(role)s, not as a watcher: "
                        "change the share or the client company instead.",
                        name=row.partner_id.name,
                        contract=row.contract_id.display_name,
                        role=row.contract_id._portal_role_labels()[row.role],
                    )
                )
            contract = row.contract_id
            contract._portal_check_can_share()
            contract._portal_share(
                contract.portal_requester_id,
                contract.portal_watcher_ids - row.partner_id,
                attachment_mode=contract.portal_attachment_mode,
                attachments=contract.portal_attachment_ids,
                send_email=False,
            )
        return True
