# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

OCA_PORTAL_RULE = "contract.rule_contract_contract_portal"


def post_init_hook(env):
    """Let the share, not following, decide what the portal shows; first show
    every contract portal users already follow, so nobody loses access."""
    rule = env.ref(OCA_PORTAL_RULE, raise_if_not_found=False)
    if rule:
        rule.active = False
    _migrate_followed_contracts(env)
    # Each company seals its signed contracts from the first one on.
    env["res.company"].search([])._portal_seal_ensure()


def uninstall_hook(env):
    rule = env.ref(OCA_PORTAL_RULE, raise_if_not_found=False)
    if rule:
        rule.active = True


def _migrate_followed_contracts(env):
    portal_partners = (
        env["res.users"]
        .search([("share", "=", True)])
        .filtered(lambda user: user._is_portal())
        .partner_id
    )
    contracts = (
        env["contract.contract"]
        .with_context(active_test=False)
        .search(
            [
                ("message_partner_ids", "in", portal_partners.ids),
                ("portal_company_id", "=", False),
            ]
        )
    )
    for contract in contracts:
        company = contract.partner_id.commercial_partner_id
        followers = contract.message_partner_ids & portal_partners
        members = followers.filtered(lambda p, c=company: p.commercial_partner_id == c)
        requester = (
            contract.partner_id if contract.partner_id in members else members[:1]
        )
        # Followers of other companies stay watchers, so that nobody loses
        # access; the back office lists them ("Watchers outside the client
        # company") for review. Without a follower of the customer's company
        # there is no requester, and the contract asks staff for one.
        watchers = followers - requester
        contract.with_context(contract_portal_share_checked=True).write(
            {
                "portal_company_id": company.id,
                "portal_requester_id": requester.id,
                "portal_requester_left": not requester,
                "portal_watcher_ids": [(6, 0, watchers.ids)],
            }
        )
        contract._message_log(
            body=Markup("<p>%s</p>")
            % env._(
                "Shown in the client portal on installing Contracts in the Client "
                "Portal, as these portal users already followed it. Requester: "
                "%(requester)s. Watchers: %(watchers)s.",
                requester=requester.name or env._("none"),
                watchers=", ".join(watchers.mapped("name")) or env._("none"),
            )
        )
