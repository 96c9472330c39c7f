# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""In-database figures, run inside ``odoo-bin shell`` by tools/bench/run.py:
BENCH_TASK=explain prints the plans of the portal list's count and search as a
portal user; BENCH_TASK=bulk times a share of 500 contracts with 6 people
against ``message_subscribe`` of the same people (and 2,000 contracts once).
Everything is rolled back."""

# pylint: disable=print-used
# ruff: noqa: F821
import json
import os
import statistics
import time

from odoo.fields import Command

task = os.environ["BENCH_TASK"]
cr = env.cr
out = {}


from odoo.tools import SQL  # noqa: E402


def explain(sql):
    cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", sql))
    return [line for (line,) in cr.fetchall()]


if task == "explain":
    user = env["res.users"].search([("login", "=", os.environ["BENCH_LOGIN"])])
    Contract = env["contract.contract"].with_user(user)
    query = Contract._search([])
    for name, sql in (
        ("count", query.select(SQL("COUNT(*)"))),
        (
            "search",
            Contract._search([], limit=80, order="date_start desc, id desc").select(),
        ),
    ):
        lines = explain(sql)
        out[name] = {
            "plan": lines,
            "seq_scan": any("Seq Scan on contract_contract " in line for line in lines),
            "buffers": next((line.strip() for line in lines if "Buffers" in line), ""),
        }

if task == "bulk":
    portal = env.ref("base.group_portal")
    company = env["res.partner"].create({"name": "Bench Bulk Co", "is_company": True})
    people = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench Bulk {i}",
                    "login": f"benchbulk{i}",
                    "email": f"benchbulk{i}@example.com",
                    "parent_id": company.id,
                    "group_ids": [Command.set(portal.ids)],
                }
                for i in range(6)
            ]
        )
        .partner_id
    )
    manager = env.ref("base.user_admin")

    def fresh(count):
        return (
            env["contract.contract"]
            .with_user(manager)
            .create(
                [{"name": f"Bulk {i}", "partner_id": company.id} for i in range(count)]
            )
        )

    def timed(count, action):
        cr.execute("SAVEPOINT bench")
        records = fresh(count)
        env.flush_all()
        queries, start = cr.sql_log_count, time.perf_counter()
        action(records)
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - queries
        cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all()
        return elapsed, queries

    odoo_subscribe = type(env["mail.thread"])._message_subscribe
    subscribe, share = [], []
    for _run in range(3):  # interleaved, each on fresh contracts
        subscribe.append(
            # Odoo's own subscription, as OCA contract alone runs it: the
            # addon's override would rightly drop people who cannot see the
            # contracts yet, which would make the baseline do nothing.
            timed(500, lambda r: odoo_subscribe(r, partner_ids=people.ids))
        )
        share.append(timed(500, lambda r: r._portal_share(people[0], people[1:])))
    big = timed(2000, lambda r: r._portal_share(people[0], people[1:]))
    out = {
        "subscribe_s": statistics.median(t for t, _q in subscribe),
        "subscribe_q": max(q for _t, q in subscribe),
        "share_s": statistics.median(t for t, _q in share),
        "share_q": max(q for _t, q in share),
        "share_2000_s": big[0],
        "share_2000_q": big[1],
        "limit": env["contract.contract"]._portal_share_batch_limit(),
    }

cr.rollback()
print("BENCH_JSON " + json.dumps(out))
