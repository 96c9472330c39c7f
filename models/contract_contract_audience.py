# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who sees a contract in the client portal: the one definition.

A portal user sees an active contract as

- its **requester**, while a portal user of the share's client company;
- one of its **watchers**;
- a **colleague**: a portal user of the share's client company, while that
  company lets colleagues see each other's contracts;
- its **customer**: the exact contact that is the contract's partner, while
  Settings let customers see their own contracts;

and only while they are an active portal client: an active contact with an
active portal user and no internal user. ``_portal_audience_sql`` states this
in SQL for any set of contracts or people, answered from indexes. The record
rules, the portal list's roles and filter, the removal window, followers and
notifications, "Who sees it" and the lifecycle of people all read it.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .res_config_settings import CUSTOMER_SEES_OWN_PARAM

# Set by who subscribes people the audience already lets see the contracts.
READERS_CHECKED = "contract_portal_share_readers_checked"
# By precedence: a person who is both requester and colleague is the requester.
ROLES = ("requester", "watcher", "colleague", "customer")
# What the audience reads, flushed before it runs.
AUDIENCE_FIELDS = {
    "contract.contract": [
        "active",
        "partner_id",
        "portal_company_id",
        "portal_requester_id",
        "portal_watcher_ids",
    ],
    "res.partner": [
        "active",
        "commercial_partner_id",
        "portal_colleague_visibility",
    ],
    "res.users": ["active", "share", "partner_id", "group_ids"],
    "ir.config_parameter": ["key", "value"],
}


class ContractContract(models.Model):
    _inherit = "contract.contract"

    portal_audience_ids = fields.One2many(
        comodel_name="contract.portal.audience",
        inverse_name="contract_id",
        string="Who Sees It",
        groups="account.group_account_invoice",
        help="Every portal user who can see this contract right now, and as what.",
    )

    @api.model
    def _portal_client_sql(self, partner):
        """SQL: the contact ``partner`` (an alias of res_partner) is an active
        portal client."""
        return SQL(
            """%(p)s.active
               AND EXISTS (SELECT 1 FROM res_users u
                             JOIN res_groups_users_rel g
                               ON g.uid = u.id AND g.gid = %(portal)s
                            WHERE u.partner_id = %(p)s.id AND u.active)
               AND NOT EXISTS (SELECT 1 FROM res_users u
                                WHERE u.partner_id = %(p)s.id AND NOT u.share)""",
            p=SQL.identifier(partner),
            # ormcached: no query, unlike env.ref() and its exists() check.
            portal=self.env["ir.model.data"]._xmlid_to_res_id("base.group_portal"),
        )

    @api.model
    def _portal_audience_sql(self, contract_ids=None, partner_ids=None, roles=True):
        """SQL of the audience: rows ``(contract_id, partner_id, role)``, one
        per person and contract with their first role in ``ROLES`` order, or
        every role when ``roles`` is ``"all"``, or ``(contract_id)`` rows only
        when ``roles`` is False. ``contract_ids`` and ``partner_ids`` restrict
        it (None: all)."""

        ids = list(contract_ids) if contract_ids is not None else None
        if partner_ids is not None:
            who = SQL("p.id = ANY(%s)", list(partner_ids))
        elif ids is not None:
            # Only people these contracts could show to.
            who = SQL(
                """(p.id IN (SELECT portal_requester_id FROM contract_contract
                              WHERE id = ANY(%(ids)s))
                    OR p.id IN (SELECT partner_id FROM contract_contract
                                 WHERE id = ANY(%(ids)s))
                    OR p.id IN (SELECT partner_id
                                  FROM contract_contract_portal_watcher_rel
                                 WHERE contract_id = ANY(%(ids)s))
                    OR p.commercial_partner_id IN (
                        SELECT portal_company_id FROM contract_contract
                         WHERE id = ANY(%(ids)s)))""",
                ids=ids,
            )
        else:
            who = SQL("TRUE")
        within = SQL("c.active")
        if ids is not None:
            within = SQL("c.active AND c.id = ANY(%s)", ids)
        customers_see_own = SQL(
            "COALESCE((SELECT value FROM ir_config_parameter WHERE key = %s),"
            " 'True') = 'True'",
            CUSTOMER_SEES_OWN_PARAM,
        )
        # Who is an active portal client is decided once per person (the CTE,
        # materialized), then each role is an indexed join on the contracts.
        branches = SQL(
            """
            WITH people AS MATERIALIZED (
                SELECT p.id, p.commercial_partner_id
                  FROM res_partner p
                 WHERE %(who)s AND %(client)s
            )
            SELECT c.id AS contract_id, p.id AS partner_id, 1 AS rank
              FROM people p
              JOIN contract_contract c ON c.portal_requester_id = p.id
                                      AND c.portal_company_id = p.commercial_partner_id
             WHERE %(within)s
            UNION ALL
            SELECT c.id, p.id, 2
              FROM people p
              JOIN contract_contract_portal_watcher_rel w ON w.partner_id = p.id
              JOIN contract_contract c ON c.id = w.contract_id
                                      AND c.portal_company_id IS NOT NULL
             WHERE %(within)s
            UNION ALL
            SELECT c.id, p.id, 3
              FROM people p
              JOIN res_partner co ON co.id = p.commercial_partner_id
                                 AND co.portal_colleague_visibility
              JOIN contract_contract c ON c.portal_company_id = co.id
             WHERE %(within)s
            UNION ALL
            SELECT c.id, p.id, 4
              FROM people p
              JOIN contract_contract c ON c.partner_id = p.id
             WHERE %(customers_see_own)s AND %(within)s
            """,
            who=who,
            client=self._portal_client_sql("p"),
            within=within,
            customers_see_own=customers_see_own,
        )
        if not roles:
            return SQL("SELECT contract_id FROM (%s) audience", branches)
        role = SQL("(%s)[rank]", SQL("ARRAY[%s]", SQL(", ").join(ROLES)))
        if roles == "all":
            return SQL(
                "SELECT contract_id, partner_id, %s AS role FROM (%s) audience",
                role,
                branches,
            )
        return SQL(
            """SELECT DISTINCT ON (contract_id, partner_id)
                      contract_id, partner_id, %s AS role
                 FROM (%s) audience
             ORDER BY contract_id, partner_id, rank""",
            role,
            branches,
        )

    @api.model
    def _portal_audience(self, contract_ids=None, partner_ids=None, roles=True):
        """The audience as ``{(contract id, partner id): role}`` (with
        ``roles="all"``: a set of ``(contract id, partner id, role)``)."""
        if (contract_ids is not None and not contract_ids) or (
            partner_ids is not None and not partner_ids
        ):
            return set() if roles == "all" else {}
        self._portal_flush_audience()
        self.env.cr.execute(
            self._portal_audience_sql(contract_ids, partner_ids, roles=roles or True)
        )
        if roles == "all":
            return set(self.env.cr.fetchall())
        return {(cid, pid): role for cid, pid, role in self.env.cr.fetchall()}

    @api.model
    def _portal_role_selection(self):
        """The roles and their labels, in the user's language: the selection
        of every field holding a role."""
        labels = {
            "requester": self.env._("Requester"),
            "watcher": self.env._("Watcher"),
            "colleague": self.env._("Colleague"),
            "customer": self.env._("Customer"),
        }
        return [(role, labels[role]) for role in ROLES]

    @api.model
    def _portal_role_labels(self):
        """{role: its label, in the user's language}."""
        return dict(self._portal_role_selection())

    @api.model
    def _portal_flush_audience(self):
        for model, fnames in AUDIENCE_FIELDS.items():
            self.env[model].flush_model(fnames)

    # === What reads it ===

    @api.model
    def _portal_audience_domain(self, partner, role=None):
        """Contracts ``partner`` sees (as ``role`` only, if given): the record
        rules on contracts, lines and modifications, and the portal list's
        filters. PostgreSQL reads the partner's audience first (an InitPlan,
        from indexes), then the contracts by id; everything is read at query
        time, so a change made by another server process shows at once,
        whatever its caches hold."""
        partner_id = partner.id or 0

        def to_sql(model, alias, query):
            model._portal_flush_audience()
            if role:
                audience = SQL(
                    "SELECT contract_id FROM (%s) a WHERE role = %s",
                    model._portal_audience_sql(partner_ids=[partner_id]),
                    role,
                )
            else:
                audience = model._portal_audience_sql(
                    partner_ids=[partner_id], roles=False
                )
            return SQL("%s = ANY(ARRAY(%s))", SQL.identifier(alias, "id"), audience)

        # No Python predicate: Odoo then checks a whole recordset in one query.
        return Domain.custom(to_sql=to_sql)

    def _portal_roles(self, partner):
        """{contract id: (role, requester name)}: how ``partner`` sees each of
        ``self``. One query for a whole page of the portal list."""
        if not self:
            return {}
        self._portal_flush_audience()
        self.env["res.partner"].flush_model(["name"])
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, requester.name, a.role
                  FROM contract_contract c
             LEFT JOIN res_partner requester ON requester.id = c.portal_requester_id
             LEFT JOIN (%s) a ON a.contract_id = c.id
                 WHERE c.id = ANY(%s)
                """,
                self._portal_audience_sql(self.ids, [partner.id or 0]),
                self.ids,
            )
        )
        return {cid: (role, name) for cid, name, role in self.env.cr.fetchall()}

    @api.model
    def _portal_role_sql(self, partner, contract):
        """SQL: the role of ``partner`` on the contract whose id is the SQL
        ``contract``, or NULL."""
        return SQL(
            "(SELECT role FROM (%s) a WHERE a.contract_id = %s)",
            self._portal_audience_sql(partner_ids=[partner.id or 0]),
            contract,
        )

    def _portal_readers(self, partners):
        """The partners among ``partners`` who see every contract of ``self``
        in the portal."""
        if not self or not partners:
            return partners.browse()
        seen = self._portal_audience(self.ids, partners.ids)
        return partners.filtered(lambda p: all((c, p.id) in seen for c in self.ids))

    # === Followers and notifications follow the rule ===

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Portal users follow only the contracts they may see: a follower
        gets the chatter by email, with links into the contract."""
        if not self or not partner_ids or self.env.context.get(READERS_CHECKED):
            return super()._message_subscribe(partner_ids, subtype_ids, customer_ids)
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        clients = {p.id for p in partners if p._is_portal_client()}
        seen = self._portal_audience(self.ids, list(clients))
        readers_by_contract = defaultdict(list)
        for contract in self:
            reader_ids = tuple(
                p for p in partner_ids if p not in clients or (contract.id, p) in seen
            )
            readers_by_contract[reader_ids].append(contract.id)
        for reader_ids, contract_ids in readers_by_contract.items():
            if reader_ids:
                super(ContractContract, self.browse(contract_ids))._message_subscribe(
                    list(reader_ids),
                    subtype_ids,
                    customer_ids and [pid for pid in customer_ids if pid in reader_ids],
                )
        return True

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        portal_ids = [r["id"] for r in recipients if r.get("type") == "portal"]
        if not self or not portal_ids:
            return recipients
        readers = self._portal_readers(self.env["res.partner"].browse(portal_ids))
        return [
            r for r in recipients if r.get("type") != "portal" or r["id"] in readers.ids
        ]
