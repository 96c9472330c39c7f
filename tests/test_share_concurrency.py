# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two managers, or a signer's two tabs, at the same moment, each on a
connection of its own. pytest-only: it commits from threads, which Odoo's
runner would block while it installs."""

import threading
import time
import uuid

from odoo import api
from odoo.fields import Command
from odoo.service.model import retrying
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged

from .common import signature_png

# Run by pytest-odoo only (tools/pytest_one_runner.py): two managers on connections
# of their own, committing.
PYTEST_ONLY = True


@tagged("post_install", "-at_install")
class TestShareConcurrency(TransactionCase):
    """Two managers share the same contract at the same moment, each on a
    connection of its own (the test cursor cannot show concurrency). Their
    data is committed, so the test removes it at the end."""

    def env_on(self, cr):
        # Not self.env.ref() here: the threads must not share the test's
        # own cursor.
        return api.Environment(cr, self.admin_id, {})

    def setUp(self):
        super().setUp()
        self.admin_id = self.env.ref("base.user_admin").id
        self.db = db_connect(self.env.cr.dbname)
        tag = uuid.uuid4().hex[:8]
        with self.db.cursor() as cr:
            env = self.env_on(cr)
            company = env["res.partner"].create(
                {"name": f"Concurrent {tag}", "is_company": True}
            )
            users = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    [
                        {
                            "name": f"{name} {tag}",
                            "login": f"{name}_{tag}",
                            "email": f"{name}_{tag}@example.com",
                            "parent_id": company.id,
                            "group_ids": [
                                Command.set(env.ref("base.group_portal").ids)
                            ],
                        }
                        for name in ("alice", "bob", "carol")
                    ]
                )
            )
            contract = env["contract.contract"].create(
                {"name": f"Concurrent {tag}", "partner_id": company.id}
            )
            self.ids = {
                "company": company.id,
                "users": users.ids,
                "people": users.partner_id.ids,
                "contract": contract.id,
            }
        self.addCleanup(self.remove_data)

    def remove_data(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            people = env["res.partner"].browse(self.ids["people"])
            env["mail.mail"].search([("recipient_ids", "in", people.ids)]).unlink()
            # Signed evidence is refused deletion by the ORM: a test that
            # commits leaves nothing behind, from below it.
            env.cr.execute(
                "DELETE FROM contract_portal_sign_request WHERE contract_id = %s",
                [self.ids["contract"]],
            )
            env["ir.attachment"].search(
                [
                    ("res_model", "=", "contract.contract"),
                    ("res_id", "=", self.ids["contract"]),
                ]
            ).unlink()
            env["contract.contract"].browse(self.ids["contract"]).unlink()
            env["res.users"].browse(self.ids["users"]).unlink()
            (people | env["res.partner"].browse(self.ids["company"])).unlink()

    def waits_on_a_lock(self, pid):
        """Whether the backend ``pid`` is blocked on a lock, from PostgreSQL."""
        with self.db.cursor() as cr:
            cr.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
            )
            row = cr.fetchone()
        return bool(row) and row[0] == "Lock"

    def race(self, work):
        """Run ``work(name, env)`` for "first" and "second", each on a cursor
        of its own and as Odoo runs a request (retried on serialization
        errors): the first holds the contract's lock until PostgreSQL shows
        the second blocked on it, then commits. Returns the attempts of each
        and the errors raised."""
        first_locked, second_started = threading.Event(), threading.Event()
        attempts, errors, second_pid = {"first": 0, "second": 0}, [], []

        def hold_the_lock():
            first_locked.set()
            if not second_started.wait(30):
                raise AssertionError("the second one never started")
            deadline = time.monotonic() + 30
            while not self.waits_on_a_lock(second_pid[0]):
                if time.monotonic() > deadline:
                    raise AssertionError("the second one never waited on the lock")
                time.sleep(0.05)

        def start_second(cr):
            if not second_pid:
                if not first_locked.wait(30):
                    raise AssertionError("the first one never took the lock")
                cr.execute("SELECT pg_backend_pid()")
                second_pid.append(cr.fetchone()[0])
                second_started.set()

        def run(name):
            try:
                with self.db.cursor() as cr:
                    env = self.env_on(cr)

                    def attempt():
                        attempts[name] += 1
                        if name == "second":
                            start_second(cr)
                        work(name, env)
                        if name == "first":
                            hold_the_lock()

                    # What Odoo does around every HTTP request and cron.
                    retrying(attempt, env)
            except Exception as error:  # noqa: BLE001 - reported to the test
                errors.append((name, error))

        threads = [threading.Thread(target=run, args=(n,)) for n in attempts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        self.assertFalse(any(t.is_alive() for t in threads), "both ended")
        self.assertEqual(attempts["first"], 1, errors)
        self.assertGreaterEqual(
            attempts["second"], 2, "the second waited, failed to serialize, retried"
        )
        return errors

    def test_two_managers_share_the_same_contract_at_once(self):
        alice, bob, carol = self.ids["people"]

        def share(name, env):
            contract = env["contract.contract"].browse(self.ids["contract"])
            people = env["res.partner"].browse
            contract._portal_share(
                people(alice), people(bob if name == "first" else carol)
            )

        errors = self.race(share)
        self.assertFalse(errors, "no error for either manager")
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            contract = env["contract.contract"].browse(self.ids["contract"])
            # The second share, made on top of the first: Bob replaced by Carol.
            self.assertEqual(contract.portal_requester_id.id, alice)
            self.assertEqual(contract.portal_watcher_ids.ids, [carol])
            followers = set(contract.message_partner_ids.ids)
            self.assertIn(alice, followers)
            self.assertIn(carol, followers)
            self.assertNotIn(bob, followers)
            mails = env["mail.mail"].search(
                [("model", "=", contract._name), ("res_id", "=", contract.id)]
            )
            self.assertEqual(
                sorted(mails.recipient_ids.ids), sorted([alice, bob, carol])
            )
            self.assertEqual(len(mails), 3, "one email per person added, once")

    def test_two_tabs_sign_at_once(self):
        """The signer's two tabs send their signature at the same moment: one
        signature is recorded, the other tab is told it is signed already."""
        alice, bob, _carol = self.ids["people"]
        with self.db.cursor() as cr:
            env = self.env_on(cr)
            contract = env["contract.contract"].browse(self.ids["contract"])
            people = env["res.partner"].browse
            contract._portal_share(people(alice), people(bob), send_email=False)
            contract._portal_request_signature(people(alice))

        def sign(_name, env):
            contract = env["contract.contract"].browse(self.ids["contract"])
            contract.sudo()._portal_sign(
                env["res.partner"].browse(alice), "Alice", signature_png()
            )

        errors = self.race(sign)
        self.assertEqual([name for name, _error in errors], ["second"])
        self.assertEqual(str(errors[0][1]), "You have already signed this contract.")
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            lines = env["contract.portal.signature"].search(
                [("contract_id", "=", self.ids["contract"])]
            )
            self.assertEqual(lines.mapped("state"), ["signed"])
            self.assertEqual(len(lines.document_id), 1)
            documents = env["ir.attachment"].search_count(
                [
                    ("res_model", "=", "contract.contract"),
                    ("res_id", "=", self.ids["contract"]),
                ]
            )
            self.assertEqual(documents, 1, "one signed PDF")
