# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .res_config_settings import ACTIVITY_RETENTION_PARAM


class ContractPortalActivity(models.Model):
    _name = "contract.portal.activity"
    _description = "Portal Activity on a Contract"
    _order = "date desc, id desc"
    _log_access = False

    contract_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Portal User", readonly=True
    )
    date = fields.Datetime(required=True, readonly=True, index=True)
    # The day in the database's time zone (UTC): one view row per person,
    # contract and day.
    day = fields.Date(required=True, readonly=True)
    kind = fields.Selection(
        selection=[
            ("view", "Viewed the contract"),
            ("attachment", "Downloaded an attachment"),
            ("pdf_view", "Viewed the PDF"),
            ("pdf", "Downloaded the PDF"),
            ("sign", "Signed the contract"),
            ("decline", "Declined to sign"),
        ],
        string="What",
        required=True,
        readonly=True,
    )
    name = fields.Char(string="File", readonly=True)
    role = fields.Selection(
        selection=lambda self: self.env["contract.contract"]._portal_role_selection(),
        readonly=True,
    )

    # The page inserts with ON CONFLICT DO NOTHING on this index: a second view
    # the same day costs one statement and adds no row.
    _view_once_a_day = models.UniqueIndex(
        "(contract_id, partner_id, day) WHERE kind = 'view'"
    )

    @api.model
    def _record(self, contract, partner, user, kind, name=None):
        """One INSERT, outside the ORM: the portal page must not pay for a
        create() (its access checks, its cache and its flush)."""
        conflict = SQL()
        if kind == "view":
            # A person opens the same contract many times a day: a probe of
            # the index is cheaper than planning the role's query again.
            self.env.cr.execute(
                SQL(
                    "SELECT 1 FROM contract_portal_activity WHERE contract_id = %s"
                    " AND partner_id = %s AND kind = 'view'"
                    " AND day = (now() at time zone 'UTC')::date",
                    contract.id,
                    partner.id,
                )
            )
            if self.env.cr.rowcount:
                return
            conflict = SQL(
                "ON CONFLICT (contract_id, partner_id, day) WHERE kind = 'view'"
                " DO NOTHING"
            )
        contract.flush_recordset(
            ["portal_requester_id", "portal_watcher_ids", "portal_company_id"]
        )
        # The role is computed in the same statement: one query per first view
        # of the day.
        # A page view is not worth waiting for the disk: the transaction of a
        # portal page commits without waiting for its WAL flush (PostgreSQL's
        # synchronous_commit; a crash may lose the last rows, never corrupt).
        self.env.cr.execute(
            SQL(
                """
                SET LOCAL synchronous_commit TO OFF;
                INSERT INTO contract_portal_activity
                       (contract_id, partner_id, user_id, date, day, kind, name, role)
                SELECT c.id, %s, %s, now() at time zone 'UTC',
                       (now() at time zone 'UTC')::date, %s, %s, %s
                  FROM contract_contract c
                 WHERE c.id = %s
                %s
                """,
                partner.id,
                user.id or None,
                kind,
                name,
                contract._portal_role_sql(partner, SQL("c.id")),
                contract.id,
                conflict,
            )
        )

    @api.model
    def _retention_days(self):
        param = self.env["ir.config_parameter"].sudo()
        try:
            return max(int(param.get_param(ACTIVITY_RETENTION_PARAM, 365)), 1)
        except ValueError:
            return 365

    @api.model
    def _cron_delete_old(self):
        limit = fields.Datetime.now() - timedelta(days=self._retention_days())
        self.search([("date", "<", limit)]).unlink()
