# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ContractPortalShareCommon


@tagged("post_install", "-at_install")
class TestShare(ContractPortalShareCommon):
    def test_share_from_window(self):
        with self.share_form(self.contract) as form:
            form.requester_id = self.alice.partner_id
            form.watcher_ids.add(self.bob.partner_id)
            form.attachment_mode = "selected"
            form.attachment_ids.add(self.attachment_public)
            form.note = "Here is the contract we discussed."
        form.record.action_share()

        contract = self.contract
        self.assertTrue(contract.portal_shared)
        self.assertEqual(contract.portal_requester_id, self.alice.partner_id)
        self.assertEqual(contract.portal_watcher_ids, self.bob.partner_id)
        self.assertEqual(contract.portal_attachment_ids, self.attachment_public)
        self.assertEqual(contract._portal_visible_attachments(), self.attachment_public)
        self.assertEqual(contract.portal_shared_by_id, self.manager)
        self.assertTrue(contract.portal_shared_date)
        self.assertLessEqual(
            (self.alice | self.bob).partner_id, contract.message_partner_ids
        )
        note = self.chatter_notes(contract)[0]
        self.assertIn(
            "Shown in the client portal. Requester: Alice Test. Watchers: Bob Test.",
            note.body,
        )
        self.assertIn("Access given to", note.body)
        self.assertIn("Alice Test", note.body)
        self.assertIn("Bob Test", note.body)
        for user in self.alice | self.bob | self.carol:
            contract.with_user(user).check_access("read")
        with self.assertRaises(AccessError):
            contract.with_user(self.gina).check_access("read")

        mails = self.queued_mails(contract)
        self.assertEqual(mails.recipient_ids, (self.alice | self.bob).partner_id)
        self.assertEqual(len(mails), 2, "one email per recipient")
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "queued")
        mail = mails.filtered(lambda m: m.recipient_ids == self.bob.partner_id)
        self.assertEqual(mail.subject, "Contract Acme maintenance is shared with you")
        self.assertIn("Hello Bob Test", mail.body_html)
        self.assertIn("Here is the contract we discussed.", mail.body_html)
        self.assertIn("/mail/view?model=contract.contract", mail.body_html)
        self.assertIn(f"pid={self.bob.partner_id.id}", mail.body_html)
        self.assertIn("View the contract", mail.body_html)
        # The email has Odoo's layout; the chatter's copy has only the text,
        # which the chatter's width does not cut off.
        self.assertIn('width="590"', mail.body_html)
        self.assertIn("Hello Bob Test", mail.mail_message_id.body)
        self.assertIn("View the contract", mail.mail_message_id.body)
        self.assertNotIn('width="590"', mail.mail_message_id.body)

    def test_email_in_each_recipient_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["contract_portal_share"], ["fr_FR"], overwrite=True
        )
        self.bob.partner_id.lang = "fr_FR"
        self.share(self.contract, self.alice, [self.bob])
        mails = self.queued_mails(self.contract)
        french = mails.filtered(lambda m: m.recipient_ids == self.bob.partner_id)
        english = mails.filtered(lambda m: m.recipient_ids == self.alice.partner_id)
        self.assertEqual(
            french.subject, "Le contrat Acme maintenance est partagé avec vous"
        )
        self.assertIn("Bonjour Bob Test", french.body_html)
        self.assertIn("Voir le contrat", french.body_html)
        self.assertEqual(
            english.subject, "Contract Acme maintenance is shared with you"
        )
        self.assertIn("Hello Alice Test", english.body_html)
        self.assertIn("View the contract", english.body_html)
        # The layout's header reads as a sentence in both languages.
        self.assertIn("Your contract", english.body_html)
        self.assertIn("Votre contrat", french.body_html)
        self.assertNotIn("Votre Contrat", french.body_html)
        # The chatter keeps the text alone: the email's layout is wider
        # than the chatter.
        message = french.mail_message_id
        self.assertIn("Bonjour Bob Test", message.body)
        self.assertNotIn("590px", message.body)
        self.assertIn("590px", french.body_html)

    def test_no_email_when_unticked(self):
        self.share(self.contract, self.alice, [self.bob], send_email=False)
        self.assertTrue(self.contract.portal_shared)
        self.assertFalse(self.queued_mails(self.contract))

    def test_share_several_contracts(self):
        contracts = self.contract | self.contract_2
        self.share(contracts, self.alice, [self.bob])
        for contract in contracts:
            self.assertEqual(contract.portal_requester_id, self.alice.partner_id)
            self.assertEqual(contract.portal_watcher_ids, self.bob.partner_id)
        # One email per person listing both (tests/test_share_bulk.py).
        self.assertEqual(
            self.env["mail.mail"]
            .search([("recipient_ids", "in", (self.alice | self.bob).partner_id.ids)])
            .mapped("subject"),
            ["2 contracts are shared with you"] * 2,
        )
        self.assertEqual(
            self.env["contract.contract"].with_user(self.bob).search([]), contracts
        )

    def test_edit_share(self):
        self.share(self.contract, self.alice, [self.bob])
        token = self.contract._portal_ensure_token()
        self.env["mail.mail"].search([]).unlink()
        form = self.share_form(self.contract)
        self.assertEqual(
            form.requester_id, self.alice.partner_id, "window shows the share"
        )
        self.assertEqual(form.watcher_ids[:], self.bob.partner_id)
        form.watcher_ids.remove(self.bob.partner_id.id)
        form.watcher_ids.add(self.carol.partner_id)
        form.save().action_share()

        self.assertEqual(self.contract.portal_watcher_ids, self.carol.partner_id)
        self.assertEqual(
            self.queued_mails(self.contract).recipient_ids,
            self.carol.partner_id,
            "only the newly added person is emailed",
        )
        self.assertNotIn(self.bob.partner_id, self.contract.message_partner_ids)
        self.acme.portal_colleague_visibility = False
        with self.assertRaises(AccessError):
            self.contract.with_user(self.bob).check_access("read")
        self.assertNotEqual(
            self.contract.access_token, token, "emailed links of removed people die"
        )
        edit_note = self.chatter_notes(self.contract)[0].body
        self.assertIn("Access withdrawn from: Bob Test", edit_note)
        # An edit is not a new share, and says so.
        self.assertIn(
            "Client portal share changed. Requester: Alice Test. Watchers: Carol Test.",
            edit_note,
        )
        self.assertNotIn("Shown in the client portal", edit_note)
        # Bob saw it as a colleague only: said once, on the client company.
        self.assertIn(
            "Bob Test no longer sees a contract of this client as a colleague in "
            "the portal: colleagues of Acme Test no longer see each other's contracts",
            self.chatter_notes(self.acme)[0].body,
        )

    def test_remove_from_portal(self):
        self.share(self.contract, self.alice, [self.bob], attachment_mode="all")
        self.contract.with_user(self.manager).action_portal_unshare()
        self.assertFalse(self.contract.portal_shared)
        self.assertFalse(self.contract.portal_watcher_ids)
        self.assertFalse(self.contract._portal_visible_attachments())
        self.assertFalse(
            self.contract.message_partner_ids & (self.alice | self.bob).partner_id
        )
        for user in self.alice | self.bob | self.carol:
            with self.assertRaises(AccessError):
                self.contract.with_user(user).check_access("read")
        self.assertIn(
            "Removed from the client portal", self.chatter_notes(self.contract)[0].body
        )

    def test_attachments_all(self):
        self.share(self.contract, self.alice, attachment_mode="all")
        self.assertEqual(
            self.contract._portal_visible_attachments(),
            self.attachment_public | self.attachment_private,
        )
        self.share(self.contract, self.alice, attachment_mode="none")
        self.assertFalse(self.contract._portal_visible_attachments())

    def test_people_offered_are_the_customer_portal_users(self):
        form = self.share_form(self.contract)
        form.requester_id = self.alice.partner_id
        form.watcher_ids.add(self.bob.partner_id)
        wizard = form.save()
        self.assertEqual(wizard.customer_id, self.acme)
        context = {
            "customer_id": wizard.customer_id.id,
            "requester_id": wizard.requester_id.id,
        }
        offered = self.env["res.partner"].search(
            safe_eval(wizard._fields["requester_id"].domain, context)
        )
        self.assertEqual(offered, (self.alice | self.bob | self.carol).partner_id)
        offered = self.env["res.partner"].search(
            safe_eval(wizard._fields["watcher_ids"].domain, context)
        )
        self.assertEqual(offered, (self.bob | self.carol).partner_id)
        # Choosing a watcher as requester drops it from the watchers.
        form.requester_id = self.bob.partner_id
        self.assertFalse(form.watcher_ids[:])

    def test_list_filters(self):
        self.share(self.contract, self.alice, [self.bob])
        Contract = self.env["contract.contract"]
        self.assertEqual(
            Contract.search([("portal_shared", "=", True)])
            & (self.contract | self.contract_2),
            self.contract,
        )
        self.assertEqual(
            Contract.search([("portal_watcher_ids", "in", self.bob.partner_id.ids)]),
            self.contract,
        )
        self.assertEqual(
            Contract.search([("portal_requester_id", "=", self.alice.partner_id.id)]),
            self.contract,
        )
        arch = Contract.get_views([(False, "search")])["views"]["search"]["arch"]
        for name in ("portal_shared", "portal_requester_id", "portal_watcher_ids"):
            self.assertIn(f'name="{name}"', arch)


@tagged("post_install", "-at_install")
class TestShareBadInput(ContractPortalShareCommon):
    def try_share(self, requester=None, watchers=None, contracts=None, lang=None):
        # As a forged RPC call would: the window's choice lists offer none of
        # these.
        wizard = (
            self.env["contract.portal.share"]
            .sudo()
            .create(
                {
                    "contract_ids": [(6, 0, (contracts or self.contract).ids)],
                    "requester_id": requester.id if requester else False,
                    "watcher_ids": [(6, 0, watchers.ids if watchers else [])],
                }
            )
        )
        # A request carries the user's language in its context.
        wizard = wizard.with_user(self.manager).with_context(lang=lang or "en_US")
        return wizard.action_share()

    def test_no_requester(self):
        with self.assertRaisesRegex(UserError, "Choose the requester"):
            self.try_share()
        self.assertNotShared(self.contract)

    def test_requester_without_portal_access(self):
        stranger = self.env["res.partner"].create(
            {"name": "No Access", "parent_id": self.acme.id}
        )
        with self.assertRaisesRegex(ValidationError, "No Access has no portal access"):
            self.try_share(stranger)
        self.assertNotShared(self.contract)

    def test_archived_portal_user(self):
        self.bob.active = False
        with self.assertRaisesRegex(
            ValidationError, "Bob Test's portal access is archived"
        ):
            self.try_share(self.bob.partner_id)
        self.assertNotShared(self.contract)
        with self.assertRaisesRegex(
            ValidationError, "Bob Test's portal access is archived"
        ):
            self.try_share(self.alice.partner_id, self.bob.partner_id)
        self.assertNotShared(self.contract)

    def test_watcher_from_another_company(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"portal users of the customer, Acme Test. Not in it: Gina Test",
        ):
            self.try_share(
                self.alice.partner_id, self.bob.partner_id | self.gina.partner_id
            )
        self.assertNotShared(self.contract)

    def test_internal_user_as_watcher(self):
        self.manager.partner_id.parent_id = self.acme
        with self.assertRaisesRegex(
            ValidationError, "Margaux Manager is an internal user"
        ):
            self.try_share(self.alice.partner_id, self.manager.partner_id)
        self.assertNotShared(self.contract)

    def test_requester_as_watcher(self):
        with self.assertRaisesRegex(ValidationError, "cannot be a watcher too"):
            self.try_share(self.alice.partner_id, self.alice.partner_id)
        self.assertNotShared(self.contract)

    def test_contract_of_inaccessible_company(self):
        other_company = self.env["res.company"].create({"name": "Other Company Test"})
        contract = self.env["contract.contract"].create(
            {
                "name": "Other company contract",
                "partner_id": self.acme.id,
                "company_id": other_company.id,
            }
        )
        with self.assertRaisesRegex(
            UserError, "Other Company Test, a company you cannot access"
        ):
            self.try_share(self.alice.partner_id, contracts=contract)
        self.assertNotShared(contract)

    def test_rpc_write_is_checked_too(self):
        with self.assertRaisesRegex(ValidationError, "Show the contract"):
            self.contract.with_user(self.manager).write(
                {"portal_watcher_ids": [(6, 0, self.bob.partner_id.ids)]}
            )
        self.contract._portal_share(self.alice.partner_id, None, send_email=False)
        with self.assertRaisesRegex(ValidationError, "Not in it"):
            self.contract.with_user(self.manager).write(
                {
                    "portal_requester_id": self.alice.partner_id.id,
                    "portal_watcher_ids": [(6, 0, self.gina.partner_id.ids)],
                }
            )

    def test_errors_are_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["contract_portal_share"], ["fr_FR"], overwrite=True
        )
        self.manager.lang = "fr_FR"
        with self.assertRaisesRegex(
            ValidationError,
            r"Les observateurs doivent être des utilisateurs du portail du client, "
            r"Acme Test\. N'en font pas partie : Gina Test\.",
        ):
            self.try_share(self.alice.partner_id, self.gina.partner_id, lang="fr_FR")
