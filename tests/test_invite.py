# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import UserError
from odoo.tests import Form

from .common import ContractPortalShareCommon, new_user


class TestInvite(ContractPortalShareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo deletes the invitation once sent; keep it to read it.
        cls.env.ref("auth_signup.portal_set_password_email").auto_delete = False

    def window(self, requester=None, contracts=None, **invite):
        with self.share_form(contracts or self.contract) as form:
            if requester:
                form.requester_id = requester.partner_id
            for name, value in invite.items():
                setattr(form, name, value)
        return form.record

    def invite(self, wizard, name="Dora Test", email="dora@example.com", lang="fr_FR"):
        wizard.write({"invite_name": name, "invite_email": email, "invite_lang": lang})
        return wizard.action_invite()

    def invitations(self, partner):
        """Odoo's invitations to ``partner``, whatever their language."""
        return self.env["mail.mail"].search(
            [
                ("model", "=", "res.users"),
                ("res_id", "in", partner.with_context(active_test=False).user_ids.ids),
            ]
        )

    def assertSignupLinkFor(self, body, partner):
        """The email holds a link to this database's signup page whose token
        Odoo resolves to this person (the token is signed with a timestamp, so
        it is checked, not compared with one made later)."""
        links = re.findall(r'href="([^"]*(?:\?|&amp;)token=[^"]*)"', body)
        self.assertTrue(links, "the invitation has a link with a signup token")
        url = urlsplit(unescape(links[0]))
        self.assertEqual(
            f"{url.scheme}://{url.netloc}", partner.get_base_url(), "this server"
        )
        self.assertIn(url.path, ("/web/signup", "/web/login", "/web/reset_password"))
        query = parse_qs(url.query)
        self.assertEqual(query["db"], [self.env.cr.dbname])
        Partner = self.env["res.partner"].sudo()
        self.assertEqual(Partner._get_partner_from_token(query["token"][0]), partner)

    def snapshot(self):
        Partner = self.env["res.partner"].with_context(active_test=False)
        Users = self.env["res.users"].with_context(active_test=False)
        return Partner.search_count([]), Users.search_count([])

    def test_invite_creates_contact_portal_user_and_watcher(self):
        wizard = self.window(requester=self.alice)
        action = self.invite(wizard)
        dora = wizard.invited_partner_ids
        self.assertEqual(dora.name, "Dora Test")
        self.assertEqual(dora.email, "dora@example.com")
        self.assertEqual(dora.lang, "fr_FR")
        self.assertEqual(dora.parent_id, self.acme)
        user = dora.user_ids
        self.assertTrue(user.active)
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "dora@example.com")
        # Odoo's invitation, with its link to choose a password, in French, and
        # saying why and that the contract's email follows.
        invitation = self.invitations(dora)
        self.assertEqual(len(invitation), 1)
        self.assertEqual(invitation.recipient_ids | invitation.partner_ids, dora)
        self.assertSignupLinkFor(invitation.body_html, dora)
        self.assertIn("Margaux Manager", invitation.body_html)
        self.assertIn("Acme maintenance", invitation.body_html)
        self.assertIn("un second e-mail", invitation.body_html)
        # The window is reopened on itself, with Dora as a watcher.
        self.assertEqual(
            (action["res_model"], action["res_id"]), (wizard._name, wizard.id)
        )
        self.assertEqual(wizard.watcher_ids, dora)
        self.assertEqual(wizard.requester_id, self.alice.partner_id)
        self.assertFalse(wizard.invite_email)
        wizard.action_share()
        self.assertEqual(self.contract.portal_watcher_ids, dora)
        self.assertIn(dora, self.queued_mails(self.contract).recipient_ids)
        self.contract.with_user(user).check_access("read")

    def test_invite_without_requester_makes_them_requester(self):
        # The window lets the invite go without a requester.
        wizard = self.window(
            invite_name="Dora Test",
            invite_email="dora@example.com",
            invite_lang="en_US",
        )
        wizard.action_invite()
        dora = wizard.invited_partner_ids
        self.assertEqual(wizard.requester_id, dora)
        self.assertFalse(wizard.watcher_ids)
        self.assertEqual(dora.lang, "en_US")
        wizard.action_share()
        self.assertEqual(self.contract.portal_requester_id, dora)

    def test_existing_contact_of_the_company_is_reused(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Eve Existing",
                "email": "Eve <EVE@example.com>",
                "parent_id": self.acme.id,
            }
        )
        wizard = self.window(requester=self.alice)
        before = self.snapshot()
        self.invite(wizard, name="Eve", email="eve@example.com")
        self.assertEqual(wizard.invited_partner_ids, contact)
        self.assertEqual(wizard.watcher_ids, contact)
        self.assertEqual(self.snapshot(), (before[0], before[1] + 1))
        self.assertTrue(contact.user_ids._is_portal())
        self.assertEqual(contact.name, "Eve Existing")

    def test_portal_user_of_the_company_is_added_without_invitation(self):
        wizard = self.window(requester=self.alice)
        before = self.snapshot()
        self.invite(wizard, name="Bob", email="CPS_BOB@example.com")
        self.assertEqual(wizard.watcher_ids, self.bob.partner_id)
        self.assertEqual(self.snapshot(), before)
        self.assertFalse(self.invitations(self.bob.partner_id))
        # The window says so, and does not call it an invitation.
        self.assertFalse(wizard.invited_shown_ids)
        self.assertEqual(
            wizard.already_portal_notice,
            "Bob Test already has portal access: added as a watcher, no "
            "invitation sent.",
        )
        # Without requester, the person becomes the requester.
        wizard = self.window(invite_name="Bob", invite_email="cps_bob@example.com")
        wizard.action_invite()
        self.assertEqual(wizard.requester_id, self.bob.partner_id)
        self.assertIn("chosen as the requester", wizard.already_portal_notice)

    def test_window_stops_listing_people_removed(self):
        wizard = self.window(requester=self.alice)
        self.invite(wizard)
        self.invite(wizard, name="Bob", email="cps_bob@example.com")
        dora = wizard.invited_partner_ids
        self.assertEqual(wizard.invited_shown_ids, dora)
        self.assertIn("Bob Test", wizard.already_portal_notice)
        with Form(wizard) as form:
            form.watcher_ids.remove(dora.id)
            self.assertFalse(form.invited_shown_ids)
            self.assertIn("Bob Test", form.already_portal_notice)
            form.watcher_ids.remove(self.bob.partner_id.id)
            self.assertFalse(form.already_portal_notice)

    def assertRefused(self, message, forbidden=None, **invite):
        wizard = self.window(requester=self.alice)
        before = self.snapshot()
        with self.assertRaises(UserError) as caught:
            self.invite(wizard, **invite)
        self.assertIn(message, str(caught.exception))
        if forbidden:
            self.assertNotIn(forbidden, str(caught.exception))
        self.assertEqual(self.snapshot(), before)
        self.assertFalse(wizard.watcher_ids)
        self.assertFalse(wizard.invited_partner_ids)
        return caught.exception

    def test_invalid_email_is_refused(self):
        self.assertRefused(
            "not-an-email is not a valid email address", email="not-an-email"
        )
        self.assertRefused("not a valid email address", email="")

    def test_email_without_domain_is_refused(self):
        for email in ("daniel@acme", "daniel@acme.", "daniel@.com", "daniel@acme.c0m"):
            exception = self.assertRefused(f"{email} has no valid domain", email=email)
            self.assertIn("@example.com", str(exception))
        # Real addresses still go through, internationalized domains included.
        wizard = self.window(requester=self.alice)
        self.invite(wizard, name="Zoé", email="zoe@café.example.fr")
        self.assertEqual(wizard.invited_partner_ids.email, "zoe@café.example.fr")

    def test_email_of_another_company_user_is_refused_naming_the_company(self):
        self.assertRefused(
            "portal user of another company, Globex Test",
            forbidden="Gina",
            email="cps_gina@example.com",
        )

    def test_email_of_an_internal_user_is_refused(self):
        self.assertRefused("an internal user", email="manager@example.com")

    def test_name_is_required(self):
        self.assertRefused("Enter the name", name=" ")

    def test_staff_who_cannot_grant_portal_access_are_refused(self):
        billing = new_user(
            self.env,
            login="cps_billing",
            groups="base.group_user,account.group_account_invoice",
        )
        self.assertFalse(billing.has_group("base.group_partner_manager"))
        wizard = self.window(requester=self.alice).with_user(billing)
        before = self.snapshot()
        with self.assertRaises(UserError) as caught:
            self.invite(wizard)
        self.assertIn("Contact Creation", str(caught.exception))
        self.assertEqual(self.snapshot(), before)

    def test_individual_customer_has_no_colleague_to_invite(self):
        ivan = new_user(
            self.env,
            login="cps_ivan",
            name="Ivan Test",
            email="ivan@example.com",
            groups="base.group_portal",
        )
        contract = self.env["contract.contract"].create(
            {"name": "Ivan web shop", "partner_id": ivan.partner_id.id}
        )
        wizard = self.window(requester=ivan, contracts=contract)
        # The window hides the invite then; the server refuses it too.
        self.assertTrue(wizard.customer_individual)
        self.assertFalse(self.window(requester=self.alice).customer_individual)
        before = self.snapshot()
        with self.assertRaises(UserError) as caught:
            self.invite(wizard)
        self.assertIn("Ivan Test is an individual customer", str(caught.exception))
        self.assertEqual(self.snapshot(), before)
        self.assertFalse(wizard.watcher_ids)

    def test_contracts_of_several_customers_cannot_invite(self):
        other = self.env["contract.contract"].create(
            {"name": "Globex", "partner_id": self.globex.id}
        )
        # The window hides the invite then; the server refuses it too.
        contracts = self.contract | other
        wizard = (
            self.env["contract.portal.share"]
            .with_user(self.manager)
            .with_context(active_model="contract.contract", active_ids=contracts.ids)
            .create({})
        )
        before = self.snapshot()
        with self.assertRaises(UserError) as caught:
            self.invite(wizard)
        self.assertIn("several customers", str(caught.exception))
        self.assertEqual(self.snapshot(), before)


class TestDemoInvitation(ContractPortalShareCommon):
    """On the demo database, as `make demo` leaves it: French is loaded there
    by the demo data, not by the test."""

    def test_french_invitation_is_french(self):
        contract = self.env.ref("contract_portal_share.contract_bellevue_laundry_demo")
        with self.share_form(contract) as form:
            form.invite_name = "Gaëlle Test"
            form.invite_email = "gaelle@example.com"
            form.invite_lang = "fr_FR"
        wizard = form.record
        wizard.action_invite()
        gaelle = wizard.invited_partner_ids
        invitation = self.env["mail.mail"].search(
            [("model", "=", "res.users"), ("res_id", "in", gaelle.user_ids.ids)]
        )
        self.assertEqual(len(invitation), 1)
        company = gaelle.user_ids.company_id.name
        self.assertEqual(invitation.subject, f"Votre compte chez {company}")
        body = invitation.body_html
        for french in ("Bonjour Gaëlle Test", "Activer le compte", "Margaux Manager"):
            self.assertIn(french, body)
        self.assertNotIn("Welcome", body)
        # The addon's paragraph: no elision to get wrong, and no button said
        # to be below it (it comes after Odoo's button).
        self.assertIn("de la société Hôtel Bellevue", body)
        self.assertNotIn("ci-dessous", body.split("Margaux Manager")[1])
