# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""In-database figures, run inside ``odoo-bin shell`` by tools/bench/run.py:
BENCH_TASK=explain prints the plans of the portal list's count and search as a
portal user; BENCH_TASK=bulk times a share of 500 contracts with 6 people
against ``message_subscribe`` of the same people (and 2,000 contracts once);
BENCH_TASK=access times each access change for a client company of 4 and of
40 portal users with 2,000 shared contracts. Everything is rolled back."""

# pylint: disable=print-used
# ruff: noqa: F821, B023  (env is the shell's; each step runs in its own loop turn)
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

if task == "sign":
    # A signature's time, sealing included: the first of two signers (render
    # the PDF, record the answer: what every signature cost before the seal)
    # against the last (the same, plus the evidence page and the PAdES seal).
    import base64
    import io

    from PIL import Image

    portal = env.ref("base.group_portal")
    company = env["res.partner"].create({"name": "Bench Sign Co", "is_company": True})
    first, last = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench Signer {i}",
                    "login": f"benchsign{i}",
                    "email": f"benchsign{i}@example.com",
                    "parent_id": company.id,
                    "group_ids": [Command.set(portal.ids)],
                }
                for i in range(2)
            ]
        )
        .partner_id
    )
    picture = io.BytesIO()
    Image.new("RGBA", (300, 100), (0, 0, 0, 255)).save(picture, format="PNG")
    image = base64.b64encode(picture.getvalue()).decode()
    env.company._portal_seal_ensure()
    runs = {"first": [], "last": []}
    for _run in range(5):
        cr.execute("SAVEPOINT bench")
        contract = env["contract.contract"].create(
            {"name": "Bench signed", "partner_id": company.id}
        )
        contract._portal_share(first, last, send_email=False)
        contract._portal_request_signature(first | last)
        env.flush_all()
        for signer, times in ((first, runs["first"]), (last, runs["last"])):
            start = time.perf_counter()
            contract._portal_sign(signer, signer.name, image)
            env.flush_all()
            times.append(time.perf_counter() - start)
        cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all()
    out = {
        "first_s": statistics.median(runs["first"]),
        "last_s": statistics.median(runs["last"]),
    }

if task == "access":
    # Each access change at a client company's size: N portal users, 2,000
    # shared contracts (requester and two watchers rotating), colleagues
    # visible; time and queries for 4 and for 40 people.
    from odoo import sql_db

    portal = env.ref("base.group_portal")
    Contract = env["contract.contract"]
    manager = env.ref("base.user_admin")

    def company_of(size, contracts=2000):
        company = env["res.partner"].create(
            {
                "name": f"Bench Access {size}",
                "is_company": True,
                "portal_colleague_visibility": True,
            }
        )
        users = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"Bench Access {size} {i}",
                        "login": f"benchaccess{size}_{i}",
                        "email": f"benchaccess{size}_{i}@example.com",
                        "parent_id": company.id,
                        "group_ids": [Command.set(portal.ids)],
                    }
                    for i in range(size)
                ]
            )
        )
        people = users.partner_id
        records = Contract.create(
            [
                {"name": f"Access {size} {i}", "partner_id": company.id}
                for i in range(contracts)
            ]
        )
        # The same four people are named on the contracts of both companies:
        # the others are colleagues, so only their number differs.
        by_people = {}
        for i, contract in enumerate(records):
            key = (i % 4, (i + 1) % 4, (i + 2) % 4)
            by_people.setdefault(key, Contract)
            by_people[key] |= contract
        for (r, w1, w2), group in by_people.items():
            group._portal_share(people[r], people[w1] | people[w2], send_email=False)
        env.flush_all()
        return company, users, records

    def measure(action):
        env.flush_all()
        env.invalidate_all()
        env.registry.clear_cache()
        start_q, start = sql_db.sql_counter, time.perf_counter()
        action()
        env.flush_all()
        return time.perf_counter() - start, sql_db.sql_counter - start_q

    events = {}
    for size in (4, 40):
        cr.execute("SAVEPOINT bench_access")
        company, users, records = company_of(size)
        other = env["res.partner"].create(
            {"name": f"Bench Elsewhere {size}", "is_company": True}
        )
        staff = Contract.with_user(manager)
        people = users.partner_id
        twin = env["res.partner"].create(
            {"name": f"Bench Twin {size}", "parent_id": other.id}
        )
        steps = [
            (
                "colleague visibility off",
                lambda: company.write({"portal_colleague_visibility": False}),
            ),
            (
                "colleague visibility on",
                lambda: company.write({"portal_colleague_visibility": True}),
            ),
            (
                "a client named on 1,500 contracts moves",
                lambda: people[1].write({"parent_id": other.id}),
            ),
            ("a client comes back", lambda: people[1].write({"parent_id": company.id})),
            ("a portal user is archived", lambda: users[2].write({"active": False})),
            ("a portal user is restored", lambda: users[2].write({"active": True})),
            (
                "portal access revoked",
                lambda: env["portal.wizard"]
                .create({"partner_ids": people[3].ids})
                .user_ids.action_revoke_access(),
            ),
            (
                "portal access granted",
                lambda: env["portal.wizard"]
                .create({"partner_ids": people[3].ids})
                .user_ids.action_grant_access(),
            ),
            (
                "contact merged into another company's",
                lambda: env["base.partner.merge.automatic.wizard"]._merge(
                    [people[2].id, twin.id], twin
                ),
            ),
            (
                "made an internal user",
                lambda: users[0].write(
                    {"group_ids": [Command.set(env.ref("base.group_user").ids)]}
                ),
            ),
            (
                "customers see own: off",
                lambda: env["ir.config_parameter"].set_param(
                    "contract_portal_share.customer_sees_own", "False"
                ),
            ),
            (
                "customers see own: on",
                lambda: env["ir.config_parameter"].set_param(
                    "contract_portal_share.customer_sees_own", "True"
                ),
            ),
            (
                "customer of 150 contracts changes",
                lambda: staff.browse(records[:150].ids).write({"partner_id": other.id}),
            ),
            (
                "150 contracts archived",
                lambda: staff.browse(records[150:300].ids).write({"active": False}),
            ),
            (
                "150 contracts deleted",
                lambda: staff.browse(records[300:450].ids).unlink(),
            ),
        ]
        for name, action in steps:
            events.setdefault(name, {})[size] = measure(action)
        cr.execute("ROLLBACK TO SAVEPOINT bench_access")
        env.invalidate_all()
        env.registry.clear_cache()
        # The daily job, on a company whose 2,000 shares all end today.
        cr.execute("SAVEPOINT bench_access")
        company, users, records = company_of(size)
        records.write({"portal_visible_until": "2000-01-01"})
        events.setdefault("2,000 shares end the same day (cron)", {})[size] = measure(
            Contract._cron_portal_end_shares
        )
        cr.execute("ROLLBACK TO SAVEPOINT bench_access")
        env.invalidate_all()
        env.registry.clear_cache()
    out = {
        "contracts": Contract.search_count([]),
        "events": events,
    }

cr.rollback()
print("BENCH_JSON " + json.dumps(out))
