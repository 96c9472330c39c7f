# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import ContractPortalShareCommon

CRON = "contract_portal_share.ir_cron_contract_portal_share_job"


@tagged("post_install", "-at_install")
class TestShareBulk(ContractPortalShareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_3 = cls.env["contract.contract"].create(
            {"name": "Acme audit", "code": "TST-003", "partner_id": cls.acme.id}
        )
        cls.three = cls.contract | cls.contract_2 | cls.contract_3

    def mails_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def test_one_email_per_person_listing_the_contracts(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["contract_portal_share"], ["fr_FR"], overwrite=True
        )
        self.bob.partner_id.lang = "fr_FR"
        before = self.env["mail.mail"].search([])
        self.share(self.three, self.alice, [self.bob], note="Les trois contrats.")

        mails = self.env["mail.mail"].search([]) - before
        self.assertEqual(len(mails), 2, "one email per person, not per contract")
        english, french = (
            self.mails_to(self.alice.partner_id),
            self.mails_to(self.bob.partner_id),
        )
        self.assertEqual(mails, english | french)
        self.assertEqual(english.subject, "3 contracts are shared with you")
        self.assertIn("Hello Alice Test", english.body_html)
        self.assertIn("You are their requester", english.body_html)
        self.assertEqual(french.subject, "3 contrats sont partagés avec vous")
        self.assertIn("Bonjour Bob Test", french.body_html)
        self.assertIn("Vous pouvez les suivre en tant qu'observateur", french.body_html)
        self.assertIn("Les trois contrats.", french.body_html)
        self.assertIn("Voir mes contrats", french.body_html)
        # The layout's header: "Your client portal", not "Your Contracts"
        # (which French cannot say with Odoo's "Votre").
        self.assertIn("Your client portal", english.body_html)
        self.assertIn("Votre portail client", french.body_html)
        for mail in mails:
            self.assertEqual(mail.state, "outgoing", "queued, not sent in the request")
            for contract in self.three:
                self.assertIn(contract.name, mail.body_html)
                self.assertIn(f"/my/contracts/{contract.id}", mail.body_html)
        # Everything else of the share still happens on each contract.
        for contract in self.three:
            self.assertEqual(contract.portal_requester_id, self.alice.partner_id)
            self.assertEqual(contract.portal_watcher_ids, self.bob.partner_id)
            self.assertLessEqual(
                (self.alice | self.bob).partner_id, contract.message_partner_ids
            )
            self.assertIn("Access given to", self.chatter_notes(contract)[0].body)

    def test_emails_listing_contracts_wake_the_mail_queue(self):
        """As the email of a single contract does: Odoo's queue runs hourly."""
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search([("cron_id", "=", queue.id)])
        self.share(self.three, self.alice, [self.bob])
        self.assertEqual(len(self.mails_to(self.alice.partner_id)), 1)
        self.assertTrue(Trigger.search([("cron_id", "=", queue.id)]) - before)

    def test_only_newcomers_are_emailed(self):
        self.share(self.contract, self.alice, send_email=False)
        before = self.env["mail.mail"].search([])
        self.share(self.three, self.alice, [self.bob])
        mails = self.env["mail.mail"].search([]) - before
        # Alice already had the first contract: she gets one email listing the
        # other two; Bob one listing all three.
        self.assertEqual(len(mails), 2)
        alice_mail = mails.filtered(lambda m: m.recipient_ids == self.alice.partner_id)
        self.assertEqual(alice_mail.subject, "2 contracts are shared with you")
        self.assertNotIn(f'/my/contracts/{self.contract.id}"', alice_mail.body_html)
        bob_mail = mails.filtered(lambda m: m.recipient_ids == self.bob.partner_id)
        self.assertEqual(bob_mail.subject, "3 contracts are shared with you")

    def run_cron(self):
        """Run the cron as the scheduler does, on a cursor of this test."""
        self.registry_enter_test_mode()
        self.assertIs(self.env.ref(CRON).method_direct_trigger(), True)
        self.env.invalidate_all()

    def test_large_share_is_queued_then_done_by_the_cron(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "contract_portal_share.share_batch_limit", "2"
        )
        cron = self.env.ref(CRON)
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        before = self.env["mail.mail"].search([])
        action = self.share(self.three, self.alice, [self.bob])

        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("3 contracts", action["params"]["message"])
        self.assertFalse(any(self.three.mapped("portal_shared")), "not yet")
        job = self.env["contract.portal.share.job"].search([], order="id desc", limit=1)
        self.assertEqual(job.state, "pending")
        self.assertEqual(job.contract_ids, self.three)
        self.assertEqual(job.user_id, self.manager)
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers,
            "the cron is woken up",
        )

        self.run_cron()

        self.assertEqual(job.state, "done")
        for contract in self.three:
            self.assertEqual(contract.portal_requester_id, self.alice.partner_id)
            self.assertEqual(contract.portal_watcher_ids, self.bob.partner_id)
            self.assertEqual(contract.portal_shared_by_id, self.manager)
        mails = self.env["mail.mail"].search([]) - before
        self.assertEqual(len(mails), 2, "still one email per person")

    def test_queued_share_that_became_invalid_saves_nothing(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "contract_portal_share.share_batch_limit", "2"
        )
        self.share(self.three, self.alice, [self.bob])
        job = self.env["contract.portal.share.job"].search([], order="id desc", limit=1)
        self.bob.active = False  # Bob's portal access is archived meanwhile
        self.run_cron()
        self.assertEqual(job.state, "failed")
        self.assertIn("Bob Test", job.error)
        for contract in self.three:
            self.assertFalse(contract.portal_shared)
