# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import ContractPortalShareCommon, new_user


def queries(env, function):
    """How many SQL queries ``function`` runs, from a cold cache (what is
    cached depends on how the test built its world, not on the change)."""
    env.flush_all()
    env.invalidate_all()
    env.registry.clear_cache()
    before = sql_db.sql_counter
    function()
    env.flush_all()
    return sql_db.sql_counter - before


@tagged("post_install", "-at_install")
class TestAccessChangesAtCompanySize(ContractPortalShareCommon):
    """An access change costs one pass over the contracts it touches: the same
    number of queries for 3 and for 30 colleagues, and at most one chatter note
    per contract, signature requests it cancels included."""

    def client_company(self, size, contracts=12):
        """A client company of ``size`` portal users, colleagues visible, and
        ``contracts`` shared contracts: requester and two watchers rotating."""
        tag = f"{size}x{contracts}"
        company = self.env["res.partner"].create(
            {
                "name": f"Client {tag}",
                "is_company": True,
                "portal_colleague_visibility": True,
            }
        )
        users = self.env["res.users"]
        for i in range(size):
            users |= new_user(
                self.env,
                login=f"cps_{tag}_{i}",
                groups="base.group_portal",
                parent_id=company.id,
            )
        people = users.partner_id
        records = self.env["contract.contract"].create(
            [{"name": f"{tag} {i}", "partner_id": company.id} for i in range(contracts)]
        )
        for i, contract in enumerate(records):
            n = len(people)
            contract._portal_share(
                people[i % n],
                people[(i + 1) % n] | people[(i + 2) % n],
                send_email=False,
            )
        for i, contract in enumerate(records):
            contract._portal_ensure_token()
            # Each requester is asked to sign.
            contract._portal_request_signature(people[i % len(people)])
        return company, users, records

    def seen_by(self, user):
        Contract = self.env["contract.contract"].with_user(user)
        return Contract.search([("partner_id", "!=", False)])

    def measure(self, size):
        company, users, contracts = self.client_company(size)
        counts = {}
        notes = {}

        def contract_notes():
            return {
                c.id: len(self.chatter_notes(c)) for c in contracts.with_env(self.env)
            }

        start = contract_notes()
        counts["visibility off"] = queries(
            self.env, lambda: company.write({"portal_colleague_visibility": False})
        )
        notes["visibility off"] = contract_notes()
        counts["visibility on"] = queries(
            self.env, lambda: company.write({"portal_colleague_visibility": True})
        )
        other = self.env["res.partner"].create(
            {"name": f"Elsewhere {size}", "is_company": True}
        )
        mover = users[3 % size].partner_id
        notes["mover named on"] = {
            c.id for c in contracts if mover in c._portal_people()
        }
        counts["move"] = queries(self.env, lambda: mover.write({"parent_id": other.id}))
        notes["move"] = contract_notes()
        counts["archive"] = queries(
            self.env, lambda: users[4 % size].write({"active": False})
        )
        return company, users, contracts, counts, notes, start

    def test_same_queries_for_3_and_30_colleagues(self):
        # Each contract names 3 people; the others of the company are colleagues.
        small = self.measure(3 + 3)[3]
        large = self.measure(3 + 30)[3]
        self.assertEqual(small, large)

    def test_visibility_off_writes_one_note_on_the_company(self):
        company, users, contracts, _counts, notes, start = self.measure(33)
        self.assertEqual(notes["visibility off"], start, "no note on any contract")
        company_notes = self.chatter_notes(company)
        # Visibility off, then the move and the archive (colleagues again).
        off = company_notes.filtered(
            lambda m: "no longer see each other's contracts" in m.body
        )
        self.assertEqual(len(off), 1)
        # Each of the 33 lost the contracts they saw only as colleagues.
        self.assertEqual(str(off.body).count("as a colleague"), 33)
        self.assertIn("no longer sees 9 contracts of this client", off.body)
        # Visibility is back on: everyone still in the company sees them all.
        for user in users[:3] | users[5:]:
            self.assertEqual(self.seen_by(user) & contracts, contracts, user.name)

    def test_move_notes_only_where_named(self):
        _company, users, contracts, _counts, notes, start = self.measure(33)
        mover = users[3].partner_id
        changed = {cid for cid, n in notes["move"].items() if n != start[cid]}
        # Requester or watcher of 3 of the 12 contracts (the rotation).
        self.assertEqual(len(notes["mover named on"]), 3)
        self.assertEqual(changed, notes["mover named on"])
        for contract in contracts.browse(sorted(changed)):
            self.assertEqual(notes["move"][contract.id], start[contract.id] + 1)
            bodies = " ".join(self.chatter_notes(contract).mapped("body"))
            self.assertIn(f"{mover.name} (", bodies)
        self.assertFalse(self.seen_by(users[3]))
        # The request the mover had to sign went with them, said in that note.
        (asked,) = contracts.filtered(
            lambda c: mover in c.portal_signature_ids.partner_id
        )
        self.assertEqual(asked.portal_signature_ids.state, "lost")
        (note,) = self.chatter_notes(asked).filtered(
            lambda m: f"{mover.name} no longer sees the contract: the signature"
            in m.body
        )
        self.assertIn(f"{mover.name} (requester) no longer sees this", note.body)
        others = contracts - asked
        self.assertIn("awaiting", others.mapped("portal_sign_state"))


@tagged("post_install", "-at_install")
class TestCustomerChange(ContractPortalShareCommon, HttpCase):
    def page(self, contract, token):
        if getattr(self, "session", None):
            self.logout()
        url = f"{contract.access_url}?access_token={token}"
        return self.url_open(url, allow_redirects=False).status_code

    def test_share_ends_when_the_customer_changes(self):
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        token = self.contract._portal_ensure_token()
        self.assertEqual(self.page(self.contract, token), 200)
        self.contract.with_user(self.manager).partner_id = self.globex
        for user in (self.alice, self.bob, self.carol):
            with self.assertRaises(AccessError):
                self.contract.with_user(user).check_access("read")
        self.assertEqual(self.page(self.contract, token), 303)
        self.assertFalse(self.contract.portal_shared)
        self.assertTrue(self.contract.portal_customer_changed)
        self.assertFalse(
            self.contract.message_partner_ids & (self.alice | self.bob).partner_id
        )
        note = self.chatter_notes(self.contract)[0]
        self.assertIn("Alice Test (requester) no longer sees", note.body)
        self.assertIn("Bob Test (watcher) no longer sees", note.body)
        self.assertIn("customer changed to Globex Test", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        self.assertIn(
            "Customer changed: share again",
            self.contract.activity_ids.mapped("summary"),
        )
        listed = self.env["contract.contract"].search(
            [("portal_customer_changed", "=", True)]
        )
        self.assertIn(self.contract, listed)
        # Shared again with the new customer's people: the flag goes.
        self.contract._portal_share(self.gina.partner_id, None, send_email=False)
        self.assertFalse(self.contract.portal_customer_changed)
        self.assertFalse(self.contract.activity_ids, "the to-do is done")
        self.contract.with_user(self.gina).check_access("read")

    def test_customer_who_saw_it_as_customer_loses_it(self):
        franck = self._portal_user("cps_franck", "Franck Test", None, "en_US")
        own = self.env["contract.contract"].create(
            {"name": "Franck's own", "partner_id": franck.partner_id.id}
        )
        token = own._portal_ensure_token()
        own.with_user(franck).check_access("read")
        self.assertEqual(self.page(own, token), 200)
        own.partner_id = self.acme
        with self.assertRaises(AccessError):
            own.with_user(franck).check_access("read")
        self.assertEqual(self.page(own, token), 303)
        self.assertIn(
            "Franck Test (customer) no longer sees",
            self.chatter_notes(own)[0].body,
        )

    def test_archived_contract_is_seen_by_nobody(self):
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        token = self.contract._portal_ensure_token()
        self.contract.active = False
        for user in (self.alice, self.bob, self.carol):
            with self.assertRaises(AccessError):
                self.contract.with_user(user).check_access("read")
        self.assertEqual(self.page(self.contract, token), 303)
        self.assertIn(
            "the contract was archived", self.chatter_notes(self.contract)[0].body
        )
        # Sharing it again while archived is refused, and changes nothing.
        with self.assertRaisesRegex(ValidationError, "restore .*Acme maintenance"):
            self.contract._portal_share(self.alice.partner_id, None, send_email=False)
        self.assertEqual(self.contract.portal_requester_id, self.alice.partner_id)


@tagged("post_install", "-at_install")
class TestMergeAndCompanies(ContractPortalShareCommon):
    def merge(self, partners, dst):
        wizard = self.env["base.partner.merge.automatic.wizard"]
        wizard._merge(partners.ids, dst, extra_checks=False)

    def test_merge_into_a_contact_of_the_same_company_keeps_the_share(self):
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        twin = self.env["res.partner"].create(
            {"name": "Bob Twin", "parent_id": self.acme.id, "email": "b@example.com"}
        )
        self.merge(twin | self.bob.partner_id, self.bob.partner_id)
        self.assertEqual(self.contract.portal_watcher_ids, self.bob.partner_id)
        self.contract.with_user(self.bob).check_access("read")

    def test_merge_into_another_company_ends_the_share(self):
        contact = self.env["res.partner"].create(
            {"name": "Alice at Globex", "parent_id": self.globex.id}
        )
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        token = self.contract._portal_ensure_token()
        self.merge(contact | self.alice.partner_id, contact)
        self.assertFalse(self.contract.portal_requester_id)
        self.assertTrue(self.contract.portal_requester_left)
        self.assertNotEqual(self.contract.access_token, token)
        with self.assertRaises(AccessError):
            self.contract.with_user(self.alice).check_access("read")
        self.assertIn(
            "merged into Alice at Globex", self.chatter_notes(self.contract)[0].body
        )

    def test_several_companies_active(self):
        """Granting and revoking portal access, moving, archiving and sharing
        with two companies active, for contacts of either."""
        second = self.env["res.company"].create({"name": "Second Co"})
        self.manager.write({"company_ids": [Command.link(second.id)]})
        env = self.env(
            user=self.manager,
            context={"allowed_company_ids": [self.env.company.id, second.id]},
        )
        client = env["res.partner"].create(
            {
                "name": "Second Client",
                "is_company": True,
                "company_id": second.id,
            }
        )
        dana = env["res.partner"].create(
            {
                "name": "Dana Second",
                "email": "dana@example.com",
                "parent_id": client.id,
                "company_id": second.id,
            }
        )
        wizard = env["portal.wizard"].create({"partner_ids": dana.ids})
        wizard.user_ids.action_grant_access()
        user = dana.user_ids
        self.assertTrue(user._is_portal())
        contract = env["contract.contract"].create(
            {"name": "Second deal", "partner_id": client.id, "company_id": second.id}
        )
        contract._portal_share(dana, None, send_email=False)
        contract.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids
        ).check_access("read")
        dana.write({"parent_id": self.acme.id})
        self.assertTrue(contract.portal_requester_left)
        dana.write({"parent_id": client.id})
        contract._portal_share(dana, None, send_email=False)
        wizard = env["portal.wizard"].create({"partner_ids": dana.ids})
        wizard.user_ids.action_revoke_access()
        self.assertTrue(contract.portal_requester_left)
        self.assertFalse(user.active)


@tagged("post_install", "-at_install")
class TestWhoSeesIt(ContractPortalShareCommon):
    def rows(self, contract):
        contract.invalidate_recordset(["portal_audience_ids"])
        self.env["contract.portal.audience"].invalidate_model()
        return {(r.partner_id, r.role) for r in contract.portal_audience_ids}

    def test_who_sees_it_on_the_contract_and_the_client(self):
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        self.assertEqual(
            self.rows(self.contract),
            {
                (self.alice.partner_id, "requester"),
                (self.bob.partner_id, "watcher"),
                (self.carol.partner_id, "colleague"),
            },
        )
        # Exactly the portal users the record rules let read it.
        for user in (self.alice, self.bob, self.carol, self.gina, self.gus):
            reads = bool(
                self.env["contract.contract"]
                .with_user(user)
                .search_count([("id", "=", self.contract.id)])
            )
            listed = user.partner_id in self.contract.portal_audience_ids.partner_id
            self.assertEqual(reads, listed, user.name)
        # Last seen comes from the portal activity log.
        self.env["contract.portal.activity"]._record(
            self.contract, self.bob.partner_id, self.bob, "view"
        )
        self.env["contract.portal.audience"].invalidate_model()
        seen = self.contract.portal_audience_ids.filtered(
            lambda r: r.partner_id == self.bob.partner_id
        )
        self.assertTrue(seen.last_seen)
        self.assertEqual(seen.since, self.contract.portal_shared_date)
        # On the client: the contracts they see, and as what.
        alice = self.alice.partner_id.with_user(self.manager)
        self.assertEqual(alice.portal_audience_ids.contract_id, self.contract)
        self.assertEqual(alice.portal_audience_ids.role, "requester")
        self.assertEqual(alice.portal_contract_count, 1)

    def test_remove_a_watcher_from_who_sees_it(self):
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        rows = self.contract.with_user(self.manager).portal_audience_ids
        rows.filtered(lambda r: r.role == "watcher").action_remove_watcher()
        self.assertFalse(self.contract.portal_watcher_ids)
        # Bob still sees it, as a colleague: Acme shows colleagues.
        self.assertIn((self.bob.partner_id, "colleague"), self.rows(self.contract))
        requester = self.contract.with_user(self.manager).portal_audience_ids.filtered(
            lambda r: r.role == "requester"
        )
        with self.assertRaisesRegex(UserError, "not as a watcher"):
            requester.action_remove_watcher()
        self.assertEqual(self.contract.portal_requester_id, self.alice.partner_id)
