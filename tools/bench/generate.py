# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark data, run inside ``odoo-bin shell`` (``env`` is given) by
tools/bench/run.py. BENCH_PHASE=people fills a template database (300 client
companies, 5 portal users each); BENCH_PHASE=contracts adds BENCH_CONTRACTS
contracts with SQL. The same code and seed make both flavours: OCA ``contract``
alone (the people who see a contract follow it) and this addon (the same
people in the share fields, as requester and watchers, followers too)."""

# pylint: disable=print-used
# ruff: noqa: F821
import json
import os

from psycopg2.extras import execute_values

from odoo.fields import Command

VERSION = "bench-generator-1"
COMPANIES, USERS_PER_COMPANY = 300, 5
TARGETS = (20, 200, 2000)  # shared contracts of companies 0, 1, 2
phase = os.environ["BENCH_PHASE"]
addon = os.environ["BENCH_FLAVOUR"] == "addon"
cr = env.cr


def people():
    companies = env["res.partner"].create(
        [
            {
                "name": f"Bench Client {k:03d}",
                "is_company": True,
                # A third of the companies let colleagues see each other's.
                **({"portal_colleague_visibility": k % 3 == 1} if addon else {}),
            }
            for k in range(COMPANIES)
        ]
    )
    portal = env.ref("base.group_portal")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nolog=True)
        .create(
            [
                {
                    "name": f"Bench User {k:03d}-{j}",
                    "login": f"bench{k:03d}u{j}",
                    "email": f"bench{k:03d}u{j}@example.com",
                    "parent_id": company.id,
                    "group_ids": [Command.set(portal.ids)],
                }
                for k, company in enumerate(companies)
                for j in range(USERS_PER_COMPANY)
            ]
        )
    )
    # Only the measured users log in: hashing 1,500 passwords takes minutes.
    for k in range(len(TARGETS)):
        user = users.filtered(lambda u, k=k: u.login == f"bench{k:03d}u0")
        user.password = user.login


def plan(count):
    """[(company index, requester index or None, watcher indexes)] per contract."""
    shared = count // 3
    rows = []
    for k, size in enumerate(TARGETS):
        for i in range(size):
            if k == 1:  # colleague visibility on: the target sees them all
                rows.append((k, 1 + i % 4, [1 + (i + 1) % 4] if i % 2 else []))
            elif i % 2:
                rows.append((k, 1, [0, 2]))
            else:
                rows.append((k, 0, [1]))
    others = list(range(len(TARGETS), COMPANIES))
    for i in range(shared - len(rows)):
        rows.append((others[i % len(others)], i % 5, [(i + 1) % 5] if i % 2 else []))
    for i in range(count - len(rows)):
        rows.append((i % COMPANIES, None, []))
    return rows


def contracts(count):
    cr.execute(
        "SELECT p.id, p.parent_id FROM res_partner p JOIN res_users u"
        " ON u.partner_id = p.id WHERE u.login LIKE 'bench%%' ORDER BY u.login"
    )
    user_partners = [pid for pid, _parent in cr.fetchall()]
    cr.execute(
        "SELECT id FROM res_partner WHERE name LIKE 'Bench Client %%'"
        " AND is_company ORDER BY name"
    )
    company_ids = [row[0] for row in cr.fetchall()]
    visible = [k % 3 == 1 for k in range(COMPANIES)]
    rows = plan(count)
    cr.execute("SELECT id FROM res_company ORDER BY id LIMIT 1")
    company = cr.fetchone()[0]
    columns = (
        "name, code, partner_id, commercial_partner_id, company_id, date,"
        " date_start, contract_type, active, recurring_interval,"
        " recurring_rule_type, recurring_invoicing_type, line_recurrence,"
        " generation_type, create_uid, write_uid, create_date, write_date"
        + (
            ", portal_attachment_mode, portal_requester_id, portal_company_id,"
            " portal_shared, portal_shared_by_id, portal_shared_date"
            if addon
            else ""
        )
    )
    values = []
    for n, (k, requester, _watchers) in enumerate(rows):
        row = [
            f"Bench contract {n:06d}",
            f"BENCH-{n:06d}",
            company_ids[k],
            company_ids[k],
            company,
            "2026-01-01",
            "2026-01-01",
            "sale",
            True,
            1,
            "monthly",
            "pre-paid",
            False,
            "invoice",
            1,
            1,
            "2026-01-01",
            "2026-01-01",
        ]
        if addon:
            shared = requester is not None
            row += [
                "none",
                user_partners[k * 5 + requester] if shared else None,
                company_ids[k] if shared else None,
                shared,
                2 if shared else None,
                "2026-01-01" if shared else None,
            ]
        values.append(tuple(row))
    ids = []
    for start in range(0, len(values), 5000):
        ids += [
            row[0]
            for row in execute_values(
                cr._obj,
                f"INSERT INTO contract_contract ({columns}) VALUES %s RETURNING id",
                values[start : start + 5000],
                page_size=5000,
                fetch=True,
            )
        ]
    followers, watcher_rows = [], []
    for contract_id, (k, requester, watchers) in zip(ids, rows, strict=True):
        if requester is None:
            continue
        people = {requester, *watchers}
        partner_ids = [user_partners[k * 5 + j] for j in sorted(people)]
        if addon:
            watcher_rows += [(contract_id, user_partners[k * 5 + j]) for j in watchers]
        elif visible[k]:
            # OCA shows what the user follows: everyone the addon shows it to.
            partner_ids = user_partners[k * 5 : k * 5 + 5]
        followers += [("contract.contract", contract_id, pid) for pid in partner_ids]
    execute_values(
        cr._obj,
        "INSERT INTO mail_followers (res_model, res_id, partner_id) VALUES %s",
        followers,
        page_size=10000,
    )
    if watcher_rows:
        execute_values(
            cr._obj,
            "INSERT INTO contract_contract_portal_watcher_rel (contract_id, partner_id)"
            " VALUES %s",
            watcher_rows,
            page_size=10000,
        )
    env["ir.config_parameter"].set_param(
        "contract_portal_share.bench_generator", f"{VERSION}:{count}"
    )


if phase == "people":
    people()
    env["ir.config_parameter"].set_param(
        "contract_portal_share.bench_generator", f"{VERSION}:people"
    )
else:
    contracts(int(os.environ["BENCH_CONTRACTS"]))
cr.commit()  # pylint: disable=invalid-commit  # a script that builds a database
cr.execute("ANALYZE")
print("BENCH_JSON " + json.dumps({"done": phase}))
