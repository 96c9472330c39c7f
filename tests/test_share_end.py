# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import html
from datetime import timedelta
from urllib.parse import urlsplit

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import format_date

from .common import ContractPortalShareCommon


class ShareEndCommon(ContractPortalShareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["contract.contract"])
        cls.contract.write(
            {
                "date_start": cls.today - timedelta(days=30),
                "date_end": cls.today + timedelta(days=60),
            }
        )
        cls.contract_2.date_start = cls.today - timedelta(days=30)

    def end_yesterday(self, contract):
        """The share's last day was yesterday, as the cron finds it the next
        morning."""
        contract.sudo().portal_visible_until = self.today - timedelta(days=1)

    def run_cron(self):
        cron = self.env.ref("contract_portal_share.ir_cron_contract_portal_end_shares")
        # As the scheduler runs it: its user and its code.
        cron.ir_actions_server_id.with_user(cron.user_id).run()


class TestShareEnd(ShareEndCommon):
    def test_visible_until_empty_by_default(self):
        self.share(self.contract, self.alice)
        self.assertFalse(self.contract.portal_visible_until)
        self.assertFalse(self.contract.portal_until_contract_end)

    def test_date_per_share_and_window_reopens_with_it(self):
        until = self.today + timedelta(days=10)
        self.share(self.contract, self.alice, visible_until=until)
        self.assertEqual(self.contract.portal_visible_until, until)
        form = self.share_form(self.contract)
        self.assertEqual(form.visible_until, until)
        self.assertFalse(form.until_contract_end)

    def test_emails_say_until_when_in_the_reader_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["contract_portal_share"], ["fr_FR"], overwrite=True
        )
        self.bob.partner_id.lang = "fr_FR"
        until = self.today + timedelta(days=10)
        english = format_date(self.env(context={"lang": "en_US"}), until)
        french = format_date(self.env(context={"lang": "fr_FR"}), until)
        self.share(self.contract, self.alice, [self.bob], visible_until=until)
        mails = self.queued_mails(self.contract)
        self.assertIn(
            f"It is visible in the portal until {english}.",
            mails.filtered(
                lambda m: m.recipient_ids == self.alice.partner_id
            ).body_html,
        )
        self.assertIn(
            f"Il est visible dans le portail jusqu'au {french}.",
            html.unescape(
                mails.filtered(
                    lambda m: m.recipient_ids == self.bob.partner_id
                ).body_html
            ),
        )
        # Several at once: one email listing them, with their common end.
        before = self.env["mail.mail"].search([])
        self.share(self.contract | self.contract_2, self.carol, visible_until=until)
        digest = (self.env["mail.mail"].search([]) - before).filtered(
            lambda m: m.recipient_ids == self.carol.partner_id
        )
        self.assertEqual(len(digest), 1)
        self.assertIn(
            f"They are visible in the portal until {english}.", digest.body_html
        )
        # Without an end, no such line.
        self.share(self.contract_2, self.alice, visible_until=False)
        self.assertNotIn(
            "visible in the portal until",
            self.queued_mails(self.contract_2)
            .filtered(lambda m: m.recipient_ids == self.alice.partner_id)
            .body_html,
        )

    def test_until_contract_end_follows_the_end_date(self):
        self.share(self.contract, self.alice, until_contract_end=True)
        self.share(
            self.contract_2, self.bob, visible_until=self.today + timedelta(days=5)
        )
        self.assertEqual(self.contract.portal_visible_until, self.contract.date_end)
        self.assertTrue(self.share_form(self.contract).until_contract_end)
        moved = self.today + timedelta(days=90)
        (self.contract | self.contract_2).with_user(self.manager).write(
            {"date_end": moved}
        )
        self.assertEqual(self.contract.portal_visible_until, moved)
        # A share with its own date keeps it.
        self.assertEqual(
            self.contract_2.portal_visible_until, self.today + timedelta(days=5)
        )
        self.contract.date_end = False
        self.assertFalse(self.contract.portal_visible_until)

    def test_several_start_from_the_end_their_shares_agree_on(self):
        contract_3 = self.contract_2.copy({"name": "Acme fleet", "code": "TST-003"})
        until = self.today + timedelta(days=10)
        self.share(self.contract, self.alice, visible_until=until)
        self.share(contract_3, self.alice, visible_until=until)
        form = self.share_form(self.contract | self.contract_2 | contract_3)
        self.assertEqual(form.visible_until, until)
        self.assertFalse(form.until_contract_end)
        self.assertFalse(form.end_change_warning)
        form.visible_until = False
        self.assertIn("Acme maintenance", form.end_change_warning)
        self.assertIn("Acme fleet", form.end_change_warning)
        self.assertIn("no end", form.end_change_warning)
        # Both until the contract ends agree too, whatever their dates.
        self.share(self.contract, self.alice, until_contract_end=True)
        self.share(contract_3, self.alice, until_contract_end=True)
        form = self.share_form(self.contract | self.contract_2 | contract_3)
        self.assertTrue(form.until_contract_end)
        self.assertFalse(form.end_change_warning)

    def test_several_with_different_ends_start_empty_and_warn(self):
        until = self.today + timedelta(days=10)
        self.share(self.contract, self.alice, visible_until=until)
        self.share(self.contract_2, self.alice, until_contract_end=True)
        form = self.share_form(self.contract | self.contract_2)
        self.assertFalse(form.visible_until)
        self.assertFalse(form.until_contract_end)
        warning = form.end_change_warning
        self.assertIn("Acme maintenance", warning)
        self.assertIn("Acme cleaning", warning)
        self.assertIn("until the contract ends", warning)
        form.visible_until = until
        self.assertNotIn("Acme maintenance", form.end_change_warning)
        self.assertIn("Acme cleaning", form.end_change_warning)
        form.requester_id = self.alice.partner_id
        form.save()
        form.record.action_share()
        self.assertEqual(self.contract_2.portal_visible_until, until)
        self.assertFalse(self.contract_2.portal_until_contract_end)

    def test_past_date_is_refused_and_nothing_saved(self):
        with self.assertRaises(ValidationError) as caught:
            self.share(
                self.contract, self.alice, visible_until=self.today - timedelta(days=1)
            )
        yesterday = format_date(
            self.env, self.today - timedelta(days=1), date_format="medium"
        )
        # The date as the window and the banner write it, not ISO.
        self.assertIn(f"in the past ({yesterday})", str(caught.exception))
        self.assertNotShared(self.contract)

    def test_until_end_of_a_finished_contract_is_refused(self):
        self.contract.write(
            {
                "date_start": self.today - timedelta(days=60),
                "date_end": self.today - timedelta(days=2),
            }
        )
        with self.assertRaises(ValidationError) as caught:
            self.share(self.contract, self.alice, until_contract_end=True)
        self.assertIn("already ended", str(caught.exception))
        self.assertNotShared(self.contract)

    def test_cron_ends_passed_shares_as_removal_does(self):
        self.share(self.contract, self.alice, [self.bob], until_contract_end=True)
        self.share(self.contract_2, self.alice, visible_until=self.today)
        token = self.contract.access_token
        self.run_cron()
        # Today is still visible.
        self.assertTrue(self.contract.portal_shared)
        self.assertTrue(self.contract_2.portal_shared)
        self.end_yesterday(self.contract)
        self.run_cron()
        self.assertFalse(self.contract.portal_shared)
        self.assertEqual(self.contract.portal_share_ended_on, self.today)
        self.assertNotEqual(self.contract.access_token, token)
        self.assertFalse(
            self.contract.message_partner_ids & (self.alice | self.bob).partner_id
        )
        # One note says both why and who.
        note = str(self.chatter_notes(self.contract)[0].body)
        self.assertIn("The share ended", note)
        # Carol saw it as a colleague: counted, not named.
        self.assertIn(
            "Access withdrawn from: Alice Test, Bob Test, and from a colleague of "
            "the client company.",
            note,
        )
        for user in (self.alice, self.bob):
            with self.assertRaises(AccessError):
                self.contract.with_user(user).check_access("read")
        # The other share goes on.
        self.assertTrue(self.contract_2.portal_shared)
        self.assertFalse(self.contract_2.portal_share_ended_on)
        ended = (
            self.env["contract.contract"]
            .with_user(self.manager)
            .search(
                [("code", "like", "TST-")]
                + [
                    ("portal_share_ended_on", "!=", False),
                    ("portal_shared", "=", False),
                ]
            )
        )
        self.assertEqual(ended, self.contract)

    def test_ended_shares_filter(self):
        self.share(self.contract, self.alice)
        self.end_yesterday(self.contract)
        self.run_cron()
        view = self.env.ref("contract_portal_share.contract_contract_view_search")
        self.assertIn('name="portal_share_ended"', view.arch)
        domain = [("portal_share_ended_on", "!=", False), ("portal_shared", "=", False)]
        self.assertIn(self.contract, self.env["contract.contract"].search(domain))

    def test_sharing_again_clears_the_ended_state(self):
        self.share(self.contract, self.alice)
        self.end_yesterday(self.contract)
        self.run_cron()
        self.share(self.contract, self.alice)
        self.assertTrue(self.contract.portal_shared)
        self.assertFalse(self.contract.portal_share_ended_on)
        self.assertFalse(self.contract.portal_visible_until)
        self.contract.with_user(self.alice).check_access("read")


@tagged("post_install", "-at_install")
class TestShareEndPortal(ShareEndCommon, HttpCase):
    def test_portal_row_shows_until_date(self):
        until = self.today + timedelta(days=10)
        self.share(self.contract, self.alice, visible_until=until)
        self.share(self.contract_2, self.alice)
        self.authenticate(self.alice.login, self.alice.login)
        page = self.url_open("/my/contracts").text
        self.assertEqual(page.count("o_contract_visible_until"), 1)
        self.assertIn("until", page.split("o_contract_visible_until")[1][:400])

    def test_ended_share_answers_like_a_missing_contract(self):
        self.share(self.contract, self.alice)
        token = self.contract.access_token
        self.end_yesterday(self.contract)
        self.run_cron()
        self.authenticate(self.alice.login, self.alice.login)
        missing_id = (
            self.env["contract.contract"].search([], order="id desc", limit=1).id + 1000
        )
        missing = self.url_open(f"/my/contracts/{missing_id}", allow_redirects=False)
        ended = self.url_open(
            f"/my/contracts/{self.contract.id}", allow_redirects=False
        )
        self.assertEqual(missing.status_code, 303)
        self.assertEqual(
            (ended.status_code, ended.headers["Location"]),
            (missing.status_code, missing.headers["Location"]),
        )
        # Alice is told, on her Contracts page, rather than sent home silently.
        page = self.url_open(f"/my/contracts/{self.contract.id}")
        self.assertEqual(urlsplit(page.url).path, "/my/contracts")
        self.assertIn("This contract is not available to you", page.text)
        self.assertNotIn(f"/my/contracts/{self.contract.id}", page.text)
        listing = self.url_open("/my/contracts")
        self.assertNotIn("This contract is not available to you", listing.text)
        # The link emailed before the end (with its token) stops working too.
        self.authenticate(None, None)
        old_link = self.url_open(
            f"/my/contracts/{self.contract.id}?access_token={token}",
            allow_redirects=False,
        )
        self.assertEqual(old_link.status_code, 303)
        self.assertNotIn("/my/contracts/", old_link.headers["Location"])
