# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from ..hooks import _migrate_followed_contracts
from .common import ContractPortalShareCommon


@tagged("post_install", "-at_install")
class TestAccessFollowsCompany(ContractPortalShareCommon, HttpCase):
    """The four ways contracts reached the wrong people, and the
    lifecycle rules that close them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.globex_contract = cls.env["contract.contract"].create(
            {"name": "Globex audit", "code": "TST-G01", "partner_id": cls.globex.id}
        )

    def sees(self, user, contract):
        Contract = self.env["contract.contract"].with_user(user)
        return contract in Contract.search([("id", "=", contract.id)])

    def page(self, contract, token=None, user=None):
        if user:
            self.authenticate(user.login, user.login)
        elif getattr(self, "session", None):
            self.logout()
        url = contract.access_url + (f"?access_token={token}" if token else "")
        return self.url_open(url, allow_redirects=False)

    # === Scenario 1: a watcher who changes company ===

    def test_watcher_moved_to_another_company_loses_access(self):
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        # The link emailed to the watchers, opened before the move.
        token = self.contract._portal_ensure_token()
        self.assertTrue(token)
        self.assertEqual(self.page(self.contract, token).status_code, 200)
        self.assertTrue(self.sees(self.bob, self.contract))
        self.bob.partner_id.parent_id = self.globex
        self.assertFalse(self.contract.portal_watcher_ids)
        self.assertFalse(self.sees(self.bob, self.contract))
        self.assertNotIn(self.bob.partner_id, self.contract.message_partner_ids)
        self.assertNotEqual(self.contract.access_token, token)
        self.assertEqual(self.page(self.contract, token).status_code, 303)
        note = self.chatter_notes(self.contract)[0].body
        self.assertIn("Bob Test", note)
        self.assertIn("moved from Acme Test to Globex Test", note)
        # The share can still be saved by staff.
        self.contract.with_user(self.manager)._portal_share(
            self.alice.partner_id, self.carol.partner_id, send_email=False
        )
        # Joining Globex gives its shared contracts only where Globex allows.
        self.globex_contract._portal_share(self.gina.partner_id, None, send_email=False)
        self.assertFalse(self.sees(self.bob, self.globex_contract))
        self.globex.portal_colleague_visibility = True
        self.assertTrue(self.sees(self.bob, self.globex_contract))

    # === Scenario 2: a requester who changes company ===

    def test_requester_moved_leaves_the_contract_to_its_company(self):
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        self.globex.portal_colleague_visibility = True
        self.alice.partner_id.parent_id = self.globex
        contract = self.contract
        self.assertEqual(contract.portal_company_id, self.acme)
        self.assertFalse(contract.portal_requester_id)
        self.assertTrue(contract.portal_requester_left)
        self.assertFalse(self.sees(self.alice, contract))
        self.assertFalse(self.sees(self.gina, contract), "Globex colleagues")
        self.assertTrue(self.sees(self.bob, contract), "remaining watcher")
        self.assertTrue(self.sees(self.carol, contract), "Acme colleague")
        self.assertIn(
            contract,
            self.env["contract.contract"].search(
                [("portal_requester_left", "=", True)]
            ),
        )
        activity = contract.activity_ids
        self.assertEqual(activity.summary, "Choose a new requester")
        self.assertEqual(activity.user_id, contract.user_id)
        # The window asks for a new requester, offers Acme's people only.
        form = self.share_form(contract)
        self.assertFalse(form.requester_id)
        self.assertEqual(form.watcher_ids[:], self.bob.partner_id)
        form.requester_id = self.carol.partner_id
        form.save().action_share()
        self.assertEqual(contract.portal_requester_id, self.carol.partner_id)
        self.assertFalse(contract.portal_requester_left)

    def test_new_requester_closes_the_todo_and_is_told(self):
        """Staff pick the remaining watcher as requester: the "Choose a new
        requester" to-do is done, and that watcher gets an email saying they
        are now the requester (the others, who keep their role, get none)."""
        contract = self.contract
        contract._portal_share(
            self.alice.partner_id,
            self.bob.partner_id | self.carol.partner_id,
            send_email=False,
        )
        self.alice.partner_id.parent_id = self.globex
        todo = contract.activity_ids
        self.assertEqual(todo.summary, "Choose a new requester")
        with self.share_form(contract) as form:
            form.requester_id = self.bob.partner_id
        form.record.action_share()
        self.assertEqual(contract.portal_requester_id, self.bob.partner_id)
        self.assertFalse(contract.activity_ids, "the to-do is done")
        done = contract.message_ids.filtered(
            lambda m: m.mail_activity_type_id == todo.activity_type_id
        )
        self.assertEqual(len(done), 1)
        self.assertIn("Shared again in the client portal.", done.body)
        mails = self.queued_mails(contract)
        self.assertEqual(mails.recipient_ids, self.bob.partner_id)
        self.assertIn("made you the requester of the contract", mails.body_html)
        self.assertIn("Acme maintenance", mails.body_html)
        self.assertNotIn("shared the contract", mails.body_html)

    # === Scenario 3: a requester of another customer ===

    def test_requester_must_be_of_the_contract_customer(self):
        form = self.share_form(self.globex_contract)
        form.requester_id = self.alice.partner_id
        with self.assertRaisesRegex(
            ValidationError,
            "Alice Test cannot be the requester of .*Globex audit.*Globex Test",
        ):
            form.save().action_share()
        self.assertNotShared(self.globex_contract)

    def test_several_customers_at_once_are_refused(self):
        both = self.contract | self.globex_contract
        with self.assertRaisesRegex(ValidationError, "Acme Test, Globex Test"):
            both.with_user(self.manager)._portal_share(
                self.alice.partner_id, None, send_email=False
            )
        # The window shows only the error; a window saved over JSON-RPC with a
        # requester anyway is refused by the server too.
        wizard = (
            self.env["contract.portal.share"]
            .with_user(self.manager)
            .with_context(active_model="contract.contract", active_ids=both.ids)
            .create({"requester_id": self.alice.partner_id.id})
        )
        with self.assertRaisesRegex(ValidationError, "Acme Test, Globex Test"):
            wizard.action_share()
        self.assertNotShared(self.contract)
        self.assertNotShared(self.globex_contract)
        wizard = self.env["contract.portal.share"].with_context(
            active_model="contract.contract",
            active_ids=(self.contract | self.globex_contract).ids,
        )
        self.assertIn("several customers", Form(wizard).customer_error)

    def test_rpc_write_of_a_foreign_requester_is_refused(self):
        self.contract._portal_share(self.alice.partner_id, None, send_email=False)
        with self.assertRaises(ValidationError):
            self.contract.with_user(self.manager).write(
                {"portal_requester_id": self.gina.partner_id.id}
            )

    # === Scenario 4: colleague visibility switched off ===

    def test_visibility_off_closes_tokens_and_subscriptions(self):
        self.contract._portal_share(self.alice.partner_id, None, send_email=False)
        self.assertTrue(self.sees(self.carol, self.contract))
        token = self.contract._portal_ensure_token()
        self.assertTrue(token)
        self.assertEqual(self.page(self.contract, token).status_code, 200)
        self.assertEqual(self.page(self.contract, user=self.carol).status_code, 200)
        # Carol posts in the portal chatter, as the page does, and is answered
        # there by staff, who add her as a follower to keep her informed.
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "contract.contract",
                "thread_id": self.contract.id,
                "post_data": {"body": "Hello", "message_type": "comment"},
                # The page's chatter posts with the token it was opened with.
                "token": token,
            },
        )
        posted = self.contract.message_ids.filtered(
            lambda m: m.author_id == self.carol.partner_id
        )
        self.assertEqual(len(posted), 1)
        self.contract.with_user(self.manager).message_subscribe(
            partner_ids=self.carol.partner_id.ids
        )
        self.assertIn(self.carol.partner_id, self.contract.message_partner_ids)
        self.acme.portal_colleague_visibility = False
        self.assertFalse(self.sees(self.carol, self.contract))
        self.assertNotIn(self.carol.partner_id, self.contract.message_partner_ids)
        self.assertEqual(self.page(self.contract, token).status_code, 303)
        self.assertEqual(self.page(self.contract, user=self.carol).status_code, 303)
        self.assertTrue(self.sees(self.alice, self.contract))
        self.acme.portal_colleague_visibility = True
        self.assertTrue(self.sees(self.carol, self.contract))

    # === Leaving in other ways ===

    def test_archived_revoked_or_internal_lose_access(self):
        # (Odoo refuses to archive the contact of an active user.)
        for leave in ("archive_user", "revoke", "internal"):
            with self.subTest(leave=leave):
                self.contract._portal_share(
                    self.alice.partner_id, self.bob.partner_id, send_email=False
                )
                self.assertTrue(self.sees(self.bob, self.contract))
                if leave == "archive_user":
                    self.bob.active = False
                elif leave == "revoke":
                    wizard = self.env["portal.wizard"].create(
                        {"partner_ids": self.bob.partner_id.ids}
                    )
                    wizard.user_ids.action_revoke_access()
                else:
                    self.bob.group_ids = self.env.ref("base.group_user")
                self.assertFalse(self.contract.portal_watcher_ids)
                self.assertNotIn(self.bob.partner_id, self.contract.message_partner_ids)
                self.assertIn(
                    "Bob Test (watcher) no longer sees this contract",
                    self.chatter_notes(self.contract)[0].body,
                )
                self.contract.action_portal_unshare()
                self.bob.write(
                    {
                        "active": True,
                        "group_ids": [(6, 0, self.env.ref("base.group_portal").ids)],
                    }
                )
                self.env.registry.clear_cache()

    def test_followers_are_always_readers(self):
        """A portal user is never subscribed to a contract they may not see,
        and a notification never reaches them."""
        self.contract.message_subscribe(partner_ids=self.gina.partner_id.ids)
        self.assertNotIn(self.gina.partner_id, self.contract.message_partner_ids)
        self.contract._portal_share(self.alice.partner_id, None, send_email=False)
        message = self.contract.message_post(
            body="For Acme only",
            partner_ids=(self.alice | self.gina).partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        notified = message.notification_ids.res_partner_id
        self.assertIn(self.alice.partner_id, notified)
        self.assertNotIn(self.gina.partner_id, notified)
        # A contact who followed by email, then gets portal access, does not
        # keep following a contract the portal does not show.
        dora = self.env["res.partner"].create(
            {
                "name": "Dora Test",
                "email": "dora@example.com",
                "parent_id": self.globex.id,
            }
        )
        self.contract.message_subscribe(partner_ids=dora.ids)
        self.assertIn(dora, self.contract.message_partner_ids)
        wizard = self.env["portal.wizard"].create({"partner_ids": dora.ids})
        wizard.user_ids.action_grant_access()
        self.assertNotIn(dora, self.contract.message_partner_ids)

    # === The customer itself, and the install migration ===

    def test_customer_sees_own_contract_only(self):
        franck = self._portal_user("cps_franck", "Franck Test", None, "en_US")
        own = self.env["contract.contract"].create(
            {"name": "Franck's", "partner_id": franck.partner_id.id}
        )
        self.assertTrue(self.sees(franck, own))
        self.assertFalse(self.sees(self.alice, self.contract))
        self.assertEqual(own._portal_roles(franck.partner_id)[own.id][0], "customer")
        self.env["ir.config_parameter"].set_param(
            "contract_portal_share.customer_sees_own", "False"
        )
        self.assertFalse(self.sees(franck, own))
        # A contract whose customer is Acme never shows to Acme's contacts
        # by this option.
        self.env["ir.config_parameter"].set_param(
            "contract_portal_share.customer_sees_own", "True"
        )
        self.assertFalse(self.sees(self.alice, self.contract))

    def test_migrated_outside_watchers_are_listed_and_dropped(self):
        # Followers from before the install: OCA showed them the contract.
        self.env["mail.followers"]._insert_followers(
            "contract.contract",
            self.contract.ids,
            (self.alice | self.gina).partner_id.ids,
        )
        _migrate_followed_contracts(self.env)
        self.assertEqual(self.contract.portal_watcher_ids, self.gina.partner_id)
        self.assertTrue(self.sees(self.gina, self.contract), "nobody loses access")
        listed = self.env["contract.contract"].search(
            [("portal_outside_watcher_ids", "!=", False)]
        )
        self.assertEqual(listed & (self.contract | self.contract_2), self.contract)
        form = self.share_form(self.contract)
        wizard = form.save()
        self.assertEqual(wizard.outside_watcher_ids, self.gina.partner_id)
        wizard.action_drop_outside_watchers()
        wizard.action_share()
        self.assertFalse(self.contract.portal_watcher_ids)
        self.assertFalse(self.sees(self.gina, self.contract))
        with self.assertRaises(AccessError):
            self.contract.with_user(self.gina).check_access("read")
