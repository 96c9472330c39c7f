# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from pathlib import Path

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, tagged

from ..hooks import _migrate_followed_contracts
from .common import ContractPortalShareCommon


@tagged("post_install", "-at_install")
class TestInstall(ContractPortalShareCommon):
    def test_following_alone_shows_nothing(self):
        self.assertFalse(self.env.ref("contract.rule_contract_contract_portal").active)
        self.contract.message_subscribe(partner_ids=self.alice.partner_id.ids)
        with self.assertRaises(AccessError):
            self.contract.with_user(self.alice).check_access("read")
        self.assertFalse(
            self.env["contract.contract"].with_user(self.alice).search([]),
            "a follower sees no contract in the portal until it is shared",
        )

    def test_install_shows_what_portal_users_followed(self):
        self.contract.partner_id = self.alice.partner_id
        # Followers from before the install: OCA showed them the contract.
        self.env["mail.followers"]._insert_followers(
            "contract.contract",
            self.contract.ids,
            (self.gina | self.alice | self.manager).partner_id.ids,
        )
        _migrate_followed_contracts(self.env)
        self.assertEqual(self.contract.portal_requester_id, self.alice.partner_id)
        # Nobody loses access, even across companies.
        self.assertEqual(self.contract.portal_watcher_ids, self.gina.partner_id)
        self.assertFalse(self.contract_2.portal_shared)
        self.assertIn(
            "already followed it",
            self.chatter_notes(self.contract)[0].body,
        )
        for user in self.alice | self.gina:
            self.contract.with_user(user).check_access("read")

    def test_install_requester_is_first_follower_when_partner_is_not(self):
        self.env["mail.followers"]._insert_followers(
            "contract.contract", self.contract.ids, self.bob.partner_id.ids
        )
        _migrate_followed_contracts(self.env)
        self.assertEqual(self.contract.portal_requester_id, self.bob.partner_id)
        self.assertFalse(self.contract.portal_watcher_ids)


@tagged("post_install", "-at_install")
class TestDemoPortal(HttpCase):
    def test_demo_portal_user_sees_contracts_entry(self):
        alice = self.env.ref("contract_portal_share.res_users_alice_demo")
        self.authenticate(alice.login, alice.login)
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/contracts"', home.text)
        page = self.url_open("/my/contracts")
        self.assertEqual(page.status_code, 200)
        # Alice requested ACME-001; ACME-002 is Carla's, shown to Alice as
        # Acme lets colleagues see each other's contracts.
        self.assertIn("ACME-001", page.text)
        self.assertIn("ACME-002", page.text)
        self.assertNotIn("BELL-001", page.text)


@tagged("post_install", "-at_install")
class TestSuiteLayout(TransactionCase):
    def test_every_test_module_runs_in_exactly_one_runner(self):
        """A module neither imported by tests/__init__.py nor PYTEST_ONLY
        would run nowhere; one that is both, twice (tools/pytest_one_runner.py)."""
        folder = Path(__file__).resolve().parent
        init = (folder / "__init__.py").read_text()
        imported = set(re.findall(r"^from \. import (test_\w+)$", init, re.M))
        for path in sorted(folder.glob("test_*.py")):
            pytest_only = re.search(r"^PYTEST_ONLY = True$", path.read_text(), re.M)
            with self.subTest(module=path.stem):
                self.assertNotEqual(
                    path.stem in imported,
                    bool(pytest_only),
                    f"{path.name}: import it in tests/__init__.py (Odoo's runner) "
                    "or mark it PYTEST_ONLY = True, with why (pytest-odoo), not both",
                )
