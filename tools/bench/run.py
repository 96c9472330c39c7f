# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""make bench: OCA contract alone vs this addon, side by side, on the same
generated data. Builds the databases once (cached by a marker parameter),
serves each with its own Odoo, requests the portal pages interleaved, reads
each request's query count from Odoo's own request log line, and prints one
table, the plans of the list's count, the bulk share figures and the summary
line. Usage: python tools/bench/run.py CONF (env: BENCH_SIZES, BENCH_PREFIX,
BENCH_PORT, ODOO_SRC, PGHOST, PGUSER, PGPASSWORD)."""

# pylint: disable=print-used
import json
import os
import re
import statistics
import subprocess
import sys
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = sys.argv[1]
BIN = [sys.executable, os.path.join(os.environ["ODOO_SRC"], "odoo-bin")]
ODOO = [*BIN, "-c", CONF]
PREFIX = os.environ.get("BENCH_PREFIX", "cps_bench_")
PORT = int(os.environ.get("BENCH_PORT", "8274"))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000 100000").split()]
USERS = {20: "bench000u0", 200: "bench001u0", 2000: "bench002u0"}
WARMUP = 3
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "0"))
PG = [
    "-h",
    os.environ.get("PGHOST", "localhost"),
    "-U",
    os.environ.get("PGUSER", "odoo"),
]
MARK = "contract_portal_share.bench_generator"
VERSION = "bench-generator-1"
LOG_LINE = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d+) - (\d+) ')


def psql(db, sql):
    result = subprocess.run(
        ["psql", *PG, "-d", db, "-tAc", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def shell(db, script, **env):
    result = subprocess.run(
        [*BIN, "shell", "-c", CONF, "-d", db, "--log-level=warn", "--no-http"],
        stdin=open(os.path.join(HERE, script), encoding="utf-8"),
        capture_output=True,
        text=True,
        env={**os.environ, **{k: str(v) for k, v in env.items()}},
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON ") :])
    sys.exit(
        f"{script} on {db} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )


def marker(db):
    return psql(db, f"SELECT value FROM ir_config_parameter WHERE key = '{MARK}'")


def build(flavour, size):
    """The database of ``size`` contracts for ``flavour``; seconds spent."""
    db = f"{PREFIX}{flavour}_{size // 1000}k"
    if marker(db) == f"{VERSION}:{size}":
        return db, None
    start = time.monotonic()
    template = f"{PREFIX}tpl_{flavour}"
    if marker(template) != f"{VERSION}:people":
        subprocess.run(["dropdb", *PG, "--if-exists", template], check=True)
        module = "contract_portal_share" if flavour == "addon" else "contract"
        subprocess.run(
            [
                *ODOO,
                "-d",
                template,
                "-i",
                module,
                "--stop-after-init",
                "--log-level=warn",
            ],
            check=True,
        )
        shell(template, "generate.py", BENCH_PHASE="people", BENCH_FLAVOUR=flavour)
    subprocess.run(["dropdb", *PG, "--if-exists", db], check=True)
    subprocess.run(["createdb", *PG, "-T", template, db], check=True)
    shell(
        db,
        "generate.py",
        BENCH_PHASE="contracts",
        BENCH_FLAVOUR=flavour,
        BENCH_CONTRACTS=size,
    )
    return db, time.monotonic() - start


class Server:
    def __init__(self, db, port):
        self.db, self.port = db, port
        self.log = f"/tmp/{db}.log"
        self.proc = subprocess.Popen(
            [
                *ODOO,
                "-d",
                db,
                f"--db-filter=^{db}$",
                f"--http-port={port}",
                # BENCH_WORKERS=2 measures prefork servers, as make demo
                # WORKERS=2 runs them.
                f"--workers={WORKERS}",
                f"--gevent-port={port + 1000}",
                "--max-cron-threads=0",
                "--log-level=info",
                f"--logfile={self.log}",
            ],
        )
        self.url = f"http://127.0.0.1:{port}"
        for _try in range(240):
            try:
                requests.get(self.url + "/web/login", timeout=30)
                break
            except requests.RequestException:
                time.sleep(0.5)
        self.sessions = {}

    def session(self, login):
        if login not in self.sessions:
            session = requests.Session()
            response = session.post(
                self.url + "/web/session/authenticate",
                json={"params": {"db": self.db, "login": login, "password": login}},
                timeout=60,
            )
            assert response.json().get("result"), response.text[:300]
            self.sessions[login] = session
        return self.sessions[login]

    def get(self, login, path):
        start = time.perf_counter()
        response = self.session(login).get(
            self.url + path, timeout=120, allow_redirects=False
        )
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (self.db, path, response.status_code)
        return elapsed

    def queries(self, tag):
        """Query counts of the requests whose URL carries ``tag``, from the
        werkzeug line Odoo logs for each request (count, SQL time, rest)."""
        with open(self.log, encoding="utf-8") as log:
            return [int(m[3]) for m in LOG_LINE.finditer(log.read()) if tag in m[1]]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def first_visible(oca_db, db, login):
    """The id in ``db`` of the first contract the user follows in the OCA
    database: both flavours show the same contracts to the same people."""
    name = psql(
        oca_db,
        f"""
        SELECT c.name FROM contract_contract c
        JOIN mail_followers f ON f.res_model = 'contract.contract' AND f.res_id = c.id
        JOIN res_users u ON u.partner_id = f.partner_id
        WHERE u.login = '{login}' ORDER BY c.id LIMIT 1""",
    )
    return int(psql(db, f"SELECT id FROM contract_contract WHERE name = '{name}'"))


def p90(values):
    return statistics.quantiles(values, n=10)[-1]


def main():
    rows, builds, plans, worst = [], [], {}, {}
    for size in SIZES:
        dbs = {}
        for flavour in ("oca", "addon"):
            dbs[flavour], seconds = build(flavour, size)
            builds.append((dbs[flavour], seconds))
        # The addon database runs the checkout's code: update its module.
        subprocess.run(
            [
                *ODOO,
                "-d",
                dbs["addon"],
                "-u",
                "contract_portal_share",
                "--stop-after-init",
                "--log-level=warn",
            ],
            check=True,
        )
        servers = {}
        try:
            for i, (flavour, db) in enumerate(dbs.items()):
                servers[flavour] = Server(db, PORT + i)
            for seen, login in USERS.items():
                for page in ("list", "page"):
                    paths = {}
                    for flavour, server in servers.items():
                        tag = f"bench{size}{seen}{page}"
                        if page == "list":
                            paths[flavour] = f"/my/contracts?{tag}=1"
                        else:
                            contract = first_visible(dbs["oca"], server.db, login)
                            paths[flavour] = f"/my/contracts/{contract}?{tag}=1"
                        for _run in range(WARMUP):
                            server.get(login, paths[flavour])
                    times = {"oca": [], "addon": []}
                    for _run in range(RUNS):
                        for flavour in ("oca", "addon"):
                            times[flavour].append(
                                servers[flavour].get(login, paths[flavour])
                            )
                    tag = f"bench{size}{seen}{page}"
                    # The measured requests only, not the warm-up ones.
                    q = {
                        f: statistics.median(s.queries(tag)[-RUNS:])
                        for f, s in servers.items()
                    }
                    med = {f: statistics.median(t) for f, t in times.items()}
                    ratio = med["addon"] / med["oca"]
                    rows.append(
                        (
                            size,
                            seen,
                            page,
                            q,
                            med,
                            {f: p90(t) for f, t in times.items()},
                            ratio,
                        )
                    )
                    if page == "list":
                        worst[size] = max(worst.get(size, 0), ratio)
        finally:
            for server in servers.values():
                server.stop()
        for flavour, db in dbs.items():
            plans[(size, flavour)] = shell(
                db, "measure.py", BENCH_TASK="explain", BENCH_LOGIN=USERS[2000]
            )
    bulk = shell(f"{PREFIX}addon_{SIZES[0] // 1000}k", "measure.py", BENCH_TASK="bulk")
    report(builds, rows, plans, bulk, worst)
    access = {
        size: shell(f"{PREFIX}addon_{size // 1000}k", "measure.py", BENCH_TASK="access")
        for size in SIZES
    }
    report_access(access)
    sign = shell(f"{PREFIX}addon_{SIZES[0] // 1000}k", "measure.py", BENCH_TASK="sign")
    print(
        "\nsignature, sealing included (median of 5): first of two signers "
        f"{sign['first_s']:.2f} s (as before the seal), last signer "
        f"{sign['last_s']:.2f} s with the evidence page and the seal: "
        f"{sign['last_s'] / sign['first_s']:.2f}x"
    )


def report_access(access):
    """Each access change for a client company of 4 and of 40 portal users
    with 2,000 shared contracts, in databases of each size."""
    print("\n## Access changes (2,000 shared contracts, colleagues visible)\n")
    print("| event | contracts in db | 4 people: s, queries | 40 people: s, queries |")
    print("|---|---|---|---|")
    for figures in access.values():
        for name, by_people in figures["events"].items():
            cells = [
                f"{by_people[str(n)][0]:.2f} s, {by_people[str(n)][1]}" for n in (4, 40)
            ]
            print(f"| {name} | {figures['contracts']:,} | {cells[0]} | {cells[1]} |")


def report(builds, rows, plans, bulk, worst):
    print("\nBuilding the databases (cached when already built):")
    for db, seconds in builds:
        print(f"  {db}: " + (f"built in {seconds:.0f} s" if seconds else "cached"))
    print(
        f"\nPortal pages, OCA contract alone vs this addon ({WARMUP} warm-up, "
        f"{RUNS} interleaved requests each, client round trip)"
    )
    print(
        "| contracts | user sees | page | OCA queries | addon queries "
        "| OCA median / p90 ms"
        " | addon median / p90 ms | addon / OCA |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size, seen, page, q, med, p9, ratio in rows:
        print(
            f"| {size:,} | {seen:,} | {page} | {q['oca']:.0f} | {q['addon']:.0f} | "
            f"{med['oca']:.1f} / {p9['oca']:.1f} | "
            f"{med['addon']:.1f} / {p9['addon']:.1f}"
            f" | {ratio:.2f} |"
        )
    for (size, flavour), plan in plans.items():
        print(
            f"\nEXPLAIN (ANALYZE, BUFFERS) of the list as the 2,000-contract user,"
            f" {size:,} contracts, {flavour}:"
        )
        for name, info in plan.items():
            timing = [line for line in info["plan"] if "Execution Time" in line]
            print(
                f"  {name}: seq scan of contract_contract: "
                f"{'YES' if info['seq_scan'] else 'no'}; {info['buffers']}; "
                f"{timing[0].strip() if timing else ''}"
            )
            for line in info["plan"][:8]:
                print("      " + line)
    ratio = bulk["share_s"] / bulk["subscribe_s"]
    print(
        "\nBulk share, 500 contracts x 6 people, emails on "
        "(median of 3, fresh contracts):"
        f"\n  message_subscribe: {bulk['subscribe_s']:.2f} s, "
        f"{bulk['subscribe_q']} queries"
        f"\n  _portal_share:     {bulk['share_s']:.2f} s, {bulk['share_q']} queries"
        f"\n  2,000 contracts:   {bulk['share_2000_s']:.2f} s, "
        f"{bulk['share_2000_q']} queries"
        f" (queued past {bulk['limit']:,} contracts)"
    )
    parts = ", ".join(f"{worst[s]:.2f} at {s // 1000}k" for s in SIZES)
    print(f"\nworst list ratio: {parts}; bulk share ratio: {ratio:.1f}")


if __name__ == "__main__":
    main()
