# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two Odoo servers on one database: a change made through server A shows on
server B at B's next portal request.

The rule domains are cached per user in each process (``ir.rule``'s
ormcache). A process that changes what a rule gives clears its own cache, and
the others learn of it only from the signal written when that request ends
(``registry.signal_changes()``) and read when theirs begin. In one process
(HttpCase, Odoo's runner) a missing signal never shows, so this test starts
two real ``odoo-bin`` servers on a committed copy of the test database, warms
B's cache with the very requests it then repeats, and checks each change there.

pytest collects this module; Odoo's runner, which only runs test classes, does
not. ``make test`` makes the copy and names it in ``CPS_SERVERS_DB``."""

import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from urllib.parse import urlparse

import psycopg2
import pytest
import requests

from odoo.fields import Command
from odoo.tests.common import get_db_name
from odoo.tools import config

# Run by pytest-odoo only (tools/pytest_one_runner.py): two odoo-bin servers
# on a committed copy of the database.
PYTEST_ONLY = True


_logger = logging.getLogger(__name__)

# Two ports of their own; CPS_SERVERS_PORTS="A B" when these are taken.
PORTS = os.environ.get("CPS_SERVERS_PORTS", "8413 8414").split()
START_TIMEOUT = 120
REQUEST_TIMEOUT = 30
MODULE = "contract_portal_share"


class Server:
    """One threaded ``odoo-bin`` serving ``database`` on ``port``, its log in
    ``log_dir``."""

    def __init__(self, name, port, conf, database, log_dir):
        self.name = name
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = os.path.join(log_dir, f"odoo-{name}.log")
        # Another server already there would answer in this one's place.
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", int(port))) == 0:
                pytest.fail(f"port {port} for server {name} is already in use")
        odoo_bin = os.path.join(
            os.environ.get("ODOO_SRC", "/opt/odoo/19.0"), "odoo-bin"
        )
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    odoo_bin,
                    "server",
                    "-c",
                    conf,
                    "-d",
                    database,
                    "--http-port",
                    str(port),
                    "--http-interface",
                    "127.0.0.1",
                    "--no-database-list",
                    "--workers=0",
                    "--max-cron-threads=0",
                    "--log-level=info",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log_tail(self, lines=30):
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            return f"--- server {self.name} log ---\n" + "".join(
                log.readlines()[-lines:]
            )

    def signaling(self):
        """What the server logged of cache signals sent and received."""
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            lines = [line for line in log if "signaling" in line]
        return f"--- server {self.name}, signaling ---\n" + "".join(lines)

    def wait_ready(self, deadline):
        """Until the login page answers: the registry is loaded then."""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"server {self.name} exited with {self.process.returncode}\n"
                    + self.log_tail()
                )
            try:
                # The first request waits for the registry to load.
                response = requests.get(
                    f"{self.url}/web/login",
                    timeout=max(1, deadline - time.monotonic()),
                )
            except (requests.ConnectionError, requests.Timeout):
                response = None
            if response is not None and response.status_code == 200:
                return
            time.sleep(0.3)
        pytest.fail(f"server {self.name} did not answer in time\n" + self.log_tail())

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


def _jsonrpc(session, url, params):
    response = session.post(
        url,
        json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
        timeout=REQUEST_TIMEOUT,
    )
    response.raise_for_status()
    body = response.json()
    if "error" in body:
        data = body["error"].get("data") or {}
        raise AssertionError(
            f"{url}: {data.get('name')}: {data.get('message') or body['error']}"
        )
    return body["result"]


def _login(server, database, login):
    session = requests.Session()
    _jsonrpc(
        session,
        f"{server.url}/web/session/authenticate",
        {"db": database, "login": login, "password": login},
    )
    return session


class Manager:
    """A back-office user working through server A over JSON-RPC."""

    def __init__(self, server, database, login):
        self.server = server
        self.session = _login(server, database, login)

    def call(self, model, method, *args, **kwargs):
        return _jsonrpc(
            self.session,
            f"{self.server.url}/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def ref(self, name):
        rows = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", MODULE), ("name", "=", name)],
            fields=["res_id"],
        )
        assert rows, f"demo record {MODULE}.{name} is missing"
        return rows[0]["res_id"]

    def token(self, contract_id):
        token = self.call("contract.contract", "read", [contract_id], ["access_token"])
        token = token[0]["access_token"]
        assert token, f"contract {contract_id} has no access token to try"
        return token


class PortalUser:
    """A portal user browsing server B."""

    def __init__(self, server, database, login):
        self.server = server
        self.login = login
        self.session = _login(server, database, login)

    def _get(self, path):
        response = self.session.get(f"{self.server.url}{path}", timeout=REQUEST_TIMEOUT)
        # French users are sent to /fr/...; the path is what counts.
        return response, re.sub(
            r"^/(?!my/)[a-z]{2}(_[A-Z]{2})?(?=/)", "", urlparse(response.url).path
        )

    def sees(self, contract_id):
        """Whether the contract is in the list and its page opens."""
        listing, path = self._get("/my/contracts")
        assert listing.status_code == 200 and path == "/my/contracts", (
            f"{self.login}: the portal list answered {listing.status_code} at {path}"
        )
        in_list = bool(
            re.search(rf"/my/contracts/{contract_id}(?![0-9])", listing.text)
        )
        page, path = self._get(f"/my/contracts/{contract_id}")
        opens = page.status_code == 200 and path == f"/my/contracts/{contract_id}"
        return in_list, opens


def _link_opens(server, contract_id, token):
    """The emailed link, opened without a session."""
    response = requests.get(
        f"{server.url}/my/contracts/{contract_id}?access_token={token}",
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    return response.status_code == 200


def _copy_filestore(database):
    """``createdb -T`` copies the rows, not the files they point to (pictures
    the portal pages show); removed again at the end."""
    source = config.filestore(get_db_name())
    target = config.filestore(database)
    if os.path.isdir(source) and not os.path.exists(target):
        shutil.copytree(source, target)
        return target
    return None


def _set_colleague_visibility_in_sql(database, company_id, value):
    """A change no Odoo process hears of."""
    connection = psycopg2.connect(
        dbname=database,
        host=config["db_host"],
        port=config["db_port"],
        user=config["db_user"],
        password=config["db_password"],
    )
    try:
        with connection, connection.cursor() as cr:
            cr.execute(
                "UPDATE res_partner SET portal_colleague_visibility = %s WHERE id = %s",
                (value, company_id),
            )
    finally:
        connection.close()


class Run:
    """The steps of the test, their timings and what went wrong."""

    def __init__(self, manager, server_b, database):
        self.manager = manager
        self.server_b = server_b
        self.database = database
        self.users = {}
        self.timings = []
        self.problems = []

    def user(self, login):
        if login not in self.users:
            self.users[login] = PortalUser(self.server_b, self.database, login)
        return self.users[login]

    def timed(self, label, func, *args):
        start = time.monotonic()
        result = func(*args)
        self.timings.append((label, time.monotonic() - start))
        return result

    def state(self, pairs, contract_id, token):
        """What each (login, contract) pair sees on B, and the old link."""
        seen = {(login, cid): self.user(login).sees(cid) for login, cid in pairs}
        return seen, _link_opens(self.server_b, contract_id, token)

    def step(self, name, write, contract_id, losing, keeping=()):
        """Warm B with the very requests checked after ``write`` (model, ids,
        values) is made on A: the (login, contract) pairs of ``losing`` and
        ``keeping`` see the contract (in the list, and its page opens) before;
        after, ``losing`` see nothing of it and ``keeping`` still see it. The
        link with the token of ``contract_id`` read before the change opens
        before, not after."""
        token = self.manager.token(contract_id)
        pairs = [*losing, *keeping]
        seen, link = self.timed(
            f"{name}: warm B", self.state, pairs, contract_id, token
        )
        assert all(got == (True, True) for got in seen.values()) and link, (
            f"{name}, before the change: (in list, page opens) should be all true: "
            f"{seen}, old link opens: {link}"
        )
        self.timed(
            f"{name}: change on A", self.manager.call, write[0], "write", *write[1:]
        )
        seen, link = self.timed(
            f"{name}: check B", self.state, pairs, contract_id, token
        )
        for (login, cid), got in seen.items():
            expected = (True, True) if (login, cid) in keeping else (False, False)
            if got != expected:
                self.problems.append(
                    f"{name}: on B, {login} and contract {cid}: (in list, page "
                    f"opens) = {got}, expected {expected}"
                )
        if link:
            self.problems.append(
                f"{name}: the old link to contract {contract_id} still opens on B"
            )

    def report(self):
        return "timings: " + ", ".join(
            f"{label} {sec:.2f}s" for label, sec in self.timings
        )


def test_two_servers_see_changes_at_once(record_property):
    database = os.environ.get("CPS_SERVERS_DB")
    if not database:
        pytest.fail(
            "CPS_SERVERS_DB names the committed copy of the test database the two "
            "Odoo servers of this test run on; `make test` makes it."
        )
    conf = os.environ.get("CPS_ODOO_CONF") or config.rcfile
    with ExitStack() as stack:
        log_dir = stack.enter_context(
            tempfile.TemporaryDirectory(prefix="cps-servers-")
        )
        filestore = _copy_filestore(database)
        if filestore:
            stack.callback(shutil.rmtree, filestore, ignore_errors=True)
        start = time.monotonic()
        servers = []
        for name, port in zip("AB", PORTS, strict=True):
            server = Server(name, port, conf, database, log_dir)
            stack.callback(server.stop)
            servers.append(server)
        server_a, server_b = servers
        for server in servers:
            server.wait_ready(start + START_TIMEOUT)
        started = time.monotonic() - start

        manager = Manager(server_a, database, "admin")
        run = Run(manager, server_b, database)
        run.timings.append(("servers start", started))
        acme = manager.ref("res_partner_acme_demo")
        bellevue = manager.ref("res_partner_bellevue_demo")
        bruno = manager.ref("res_partner_bruno_demo")
        maintenance = manager.ref("contract_acme_maintenance_demo")  # Alice, Bruno
        cleaning = manager.ref("contract_acme_cleaning_demo")  # Carla
        fleet = manager.ref("contract_acme_fleet_demo")  # Alice

        # Control: the rule reads the audience at query time, so B sees even
        # a change no Odoo process was told about (made in SQL) at once; the
        # checks below hold whatever B's caches keep.
        run.timed("control: warm B", run.user("carla").sees, maintenance)
        _set_colleague_visibility_in_sql(database, acme, False)
        fresh = run.timed("control: check B", run.user("carla").sees, maintenance)
        _set_colleague_visibility_in_sql(database, acme, True)
        assert fresh == (False, False), (
            "B kept showing ACME-001 to Carla after Acme's colleague visibility "
            f"was switched off in the database: {fresh}"
        )

        # (a) A colleague, neither requester nor watcher, loses the contract.
        run.step(
            "(a) colleague visibility off",
            ("res.partner", [acme], {"portal_colleague_visibility": False}),
            maintenance,
            losing=[("carla", maintenance)],
            keeping=[("carla", cleaning)],
        )
        # Back on: Carla sees it again at once (and B caches her domain with
        # the company's visibility on, which a stale cache would keep below).
        run.timed(
            "(a) visibility back on",
            manager.call,
            "res.partner",
            "write",
            [acme],
            {"portal_colleague_visibility": True},
        )
        back = run.timed("(a) check B", run.user("carla").sees, maintenance)
        if back != (True, True):
            run.problems.append(
                f"(a) visibility back on: Carla does not see {maintenance} on B: {back}"
            )

        # (b) A watcher moved to another company loses the contract, and the
        # colleagues' contracts of the company they left.
        run.step(
            "(b) watcher moved",
            ("res.partner", [bruno], {"parent_id": bellevue}),
            maintenance,
            losing=[("bruno", maintenance), ("bruno", cleaning)],
        )

        # (c) The contract's customer changes: the old customer's requester
        # and watcher lose it.
        share = manager.call(
            "contract.portal.share",
            "create",
            {
                "contract_ids": [Command.set([fleet])],
                "requester_id": manager.ref("res_partner_alice_demo"),
                "watcher_ids": [Command.set([manager.ref("res_partner_carla_demo")])],
                "send_email": False,
            },
        )
        manager.call("contract.portal.share", "action_share", [share])
        # Carla sees it as a watcher, not as a colleague.
        manager.call(
            "res.partner", "write", [acme], {"portal_colleague_visibility": False}
        )
        run.step(
            "(c) customer changed",
            ("contract.contract", [fleet], {"partner_id": bellevue}),
            fleet,
            losing=[("alice", fleet), ("carla", fleet)],
            keeping=[("alice", maintenance)],
        )

        run.timings.append(("total", time.monotonic() - start))
        summary = run.report()
        _logger.info("Two servers: %s", summary)
        record_property("timings", summary)
        logs = [server.signaling() for server in servers] if run.problems else []
        assert not run.problems, "\n".join([*run.problems, summary, *logs])
