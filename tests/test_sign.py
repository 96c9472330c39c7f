# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Asking for, giving and declining a signature, and what stays true of a
request while the contract and its people change."""

import base64
import hashlib
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import ContractPortalShareCommon, new_user, signature_png


class SignCommon(ContractPortalShareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract.user_id = cls.manager
        cls.env["contract.line"].create(
            {
                "contract_id": cls.contract.id,
                "name": "Monthly maintenance",
                "quantity": 1,
                "price_unit": 100,
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "date_start": "2026-01-01",
            }
        )
        cls.share_with_alice()
        cls.contract = cls.contract.with_context(force_report_rendering=True)

    def ask(self, *users, contract=None):
        contract = contract or self.contract
        return contract.with_user(self.manager)._portal_request_signature(
            self.env["res.partner"].browse([u.partner_id.id for u in users])
        )

    def sign(self, user, name=None, signature=None, contract=None):
        contract = (contract or self.contract).sudo()
        return contract._portal_sign(
            user.partner_id,
            user.name if name is None else name,
            signature_png() if signature is None else signature,
            ip_address="198.51.100.7",
            user_agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/126",
        )

    def sign_mails(self, user):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "contract.portal.signature"),
                ("recipient_ids", "in", user.partner_id.ids),
            ]
        )


# HTTP cases after install: wkhtmltopdf fetches the report's styles from the
# HTTP server, which must answer on the test's own cursor.
@tagged("post_install", "-at_install")
class TestSign(SignCommon, HttpCase):
    def test_window_asks_the_requester_by_default(self):
        with self.share_form(self.contract) as form:
            self.assertEqual(form.requester_id, self.alice.partner_id)
            form.sign_request = True
            self.assertEqual(len(form.signer_line_ids), 1)
        form.record.action_share()
        line = self.contract.portal_signature_ids
        self.assertEqual(line.partner_id, self.alice.partner_id)
        self.assertEqual(line.state, "pending")
        self.assertEqual(self.contract.portal_sign_state, "awaiting")
        self.assertEqual(self.contract.portal_signer_id, self.alice.partner_id)
        mail = self.sign_mails(self.alice)
        self.assertEqual(len(mail), 1)
        self.assertIn("Please review and sign", mail.subject)
        self.assertIn("Review and sign", mail.body_html)
        self.assertIn(f"pid={self.alice.partner_id.id}", mail.body_html)
        self.assertFalse(self.sign_mails(self.bob))
        self.assertIn(
            "Signature requested from Alice Test.",
            self.chatter_notes(self.contract)[0].body,
        )

    def test_request_and_reminder_in_the_signer_language(self):
        denise = self._french_portal_user("cps_denise", "Denise Test", self.acme)
        self.contract._portal_set_watchers(self.bob.partner_id | denise.partner_id)
        line = self.ask(denise)
        line.turn_date = fields.Datetime.now() - timedelta(days=8)
        self.env["contract.portal.signature"]._cron_remind()
        request, reminder = self.sign_mails(denise).sorted("id")
        self.assertEqual(
            request.subject, "Merci de relire et signer le contrat Acme maintenance"
        )
        self.assertIn("vous demande de relire et signer le contrat", request.body_html)
        self.assertIn("Votre contrat", request.body_html)
        self.assertNotIn("relance", request.body_html)
        self.assertIn(
            "la demande attend votre réponse depuis 8 jours", reminder.body_html
        )

    def test_window_refuses_a_signer_outside_the_share(self):
        self.contract.portal_watcher_ids = self.bob.partner_id
        with self.share_form(self.contract) as form:
            form.sign_request = True
            with form.signer_line_ids.new() as line:
                line.partner_id = self.carol.partner_id
        with self.assertRaisesRegex(ValidationError, "Carol Test is not"):
            form.record.action_share()
        self.assertFalse(self.contract.portal_signature_ids)

    def test_window_refuses_no_signer_and_saves_nothing(self):
        contract = self.contract_2
        with self.share_form(contract) as form:
            form.requester_id = self.alice.partner_id
            form.sign_request = True
            form.signer_line_ids.remove(0)
        with self.assertRaisesRegex(ValidationError, "Choose who signs"):
            form.record.action_share()
        self.assertNotShared(contract)

    def test_signers_sign_in_order(self):
        self.ask(self.bob, self.alice)
        self.assertEqual(self.contract.portal_signer_id, self.bob.partner_id)
        self.assertTrue(self.sign_mails(self.bob))
        self.assertFalse(self.sign_mails(self.alice))
        with self.assertRaisesRegex(UserError, "not your turn.*Bob Test"):
            self.sign(self.alice)
        self.assertNotIn("signed first", self.sign_mails(self.bob).body_html)
        self.sign(self.bob)
        self.assertEqual(self.contract.portal_sign_state, "awaiting")
        self.assertEqual(self.contract.portal_signer_id, self.alice.partner_id)
        # Alice is told she is next, after whom.
        self.assertIn(
            "Bob Test signed first: it is your turn now.",
            self.sign_mails(self.alice).body_html,
        )
        self.assertFalse(self.contract.portal_signed_document_id)
        self.sign(self.alice)
        self.assertEqual(self.contract.portal_sign_state, "signed")
        self.assertFalse(self.contract.portal_signer_id)
        self.assertIn(
            self.contract.portal_signed_document_id,
            self.contract._portal_visible_attachments(),
        )

    def test_signature_records_who_what_when_and_the_pdf(self):
        self.ask(self.alice)
        before = fields.Datetime.now()
        line = self.sign(self.alice, name="  Alice T.  ")
        self.assertEqual(line.signed_name, "Alice T.")
        self.assertGreaterEqual(line.answered_on, before.replace(microsecond=0))
        self.assertEqual(line.ip_address, "198.51.100.7")
        self.assertIn("Chrome/126", line.user_agent)
        self.assertEqual(base64.b64decode(line.signature)[:4], b"\x89PNG")
        document = line.document_id
        self.assertEqual(document.res_model, "contract.contract")
        self.assertEqual(document.res_id, self.contract.id)
        self.assertEqual(document.raw[:5], b"%PDF-")
        self.assertEqual(hashlib.sha256(document.raw).hexdigest(), line.document_sha256)
        note = self.contract.message_ids.filtered(
            lambda m: line.document_sha256 in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.alice.partner_id)
        self.assertIn(document, note.attachment_ids)
        self.assertIn(self.manager.partner_id, note.partner_ids)
        # The responsible is emailed (and a to-do below).
        emailed = note.notification_ids.filtered(
            lambda n: n.res_partner_id == self.manager.partner_id
        )
        self.assertEqual(emailed.notification_type, "email")
        self.assertTrue(emailed.mail_mail_id or emailed.notification_status == "sent")
        activity = self.contract.activity_ids.filtered(
            lambda a: a.summary == "Signed by everyone: Acme maintenance"
        )
        self.assertEqual(activity.user_id, self.manager)
        # The typed name differs from the partner's: both are said, once.
        self.assertIn(
            "Signed in the client portal by Alice T. (Alice Test), from", note.body
        )

    def test_one_to_do_per_request_and_each_name_said_once(self):
        self.ask(self.bob, self.alice)
        self.sign(self.bob)
        self.assertFalse(self.contract.activity_ids, "a signature is a note")
        self.sign(self.alice)
        self.assertEqual(
            self.contract.activity_ids.mapped("summary"),
            ["Signed by everyone: Acme maintenance"],
        )
        notes = self.contract.message_ids.filtered(
            lambda m: "Signed in the client portal" in (m.body or "")
        )
        self.assertIn("by Alice Test, from 198.51.100.7.", notes[0].body)
        self.assertNotIn("(Alice Test)", notes[0].body)

    def test_a_cancelled_request_tells_the_signer(self):
        self.ask(self.bob, self.alice)
        self.contract.with_user(self.manager).action_portal_cancel_signature()
        (told,) = self.sign_mails(self.bob).filtered(lambda m: "cancelled" in m.subject)
        self.assertEqual(
            told.subject, "The signature request for Acme maintenance is cancelled"
        )
        self.assertFalse(
            self.sign_mails(self.alice), "Alice's turn had not come: nothing to tell"
        )
        self.assertEqual(self.contract.portal_sign_request_id.state, "cancelled")

    def test_a_queued_request_email_does_not_leave_once_answered(self):
        self.ask(self.alice)
        (queued,) = self.sign_mails(self.alice)
        self.assertEqual(queued.state, "outgoing")
        self.sign(self.alice)
        self.assertEqual(queued.state, "cancel")

    def test_a_long_decline_reason_is_refused_not_cut(self):
        self.ask(self.alice)
        with self.assertRaisesRegex(UserError, "at most 2000 characters"):
            self.contract.sudo()._portal_decline(self.alice.partner_id, "x" * 2001)
        self.assertEqual(self.contract.portal_signature_ids.state, "pending")

    def test_bad_signatures_are_refused_and_change_nothing(self):
        self.ask(self.alice)
        not_png = base64.b64encode(b"<svg>not a picture</svg>").decode()
        oversized = base64.b64encode(b"\x89PNG" + b"0" * (600 * 1024)).decode()
        cases = [
            ({"name": ""}, "Enter your name"),
            ({"name": "   "}, "Enter your name"),
            ({"signature": ""}, "Draw, type or load your signature"),
            ({"signature": not_png}, "not an image"),
            ({"signature": "%%%not base64%%%"}, "not an image"),
            ({"signature": oversized}, "at most 512 KB"),
        ]
        attachments = self.env["ir.attachment"].search_count([])
        for values, message in cases:
            with (
                self.subTest(values=list(values)),
                self.assertRaisesRegex(UserError, message),
            ):
                self.sign(self.alice, **values)
        line = self.contract.portal_signature_ids
        self.assertEqual(line.state, "pending")
        self.assertFalse(line.signature)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_signing_twice_is_refused(self):
        self.ask(self.alice)
        self.sign(self.alice)
        with self.assertRaisesRegex(UserError, "already signed"):
            self.sign(self.alice)
        self.assertEqual(
            len(self.contract.portal_signature_ids.filtered("document_id")), 1
        )

    def test_cancelled_request_cannot_be_signed(self):
        self.ask(self.alice)
        self.contract.with_user(self.manager).action_portal_cancel_signature()
        self.assertFalse(self.contract.portal_sign_state)
        with self.assertRaisesRegex(UserError, "request was cancelled"):
            self.sign(self.alice)

    def test_colleague_and_watcher_cannot_sign_for_the_signer(self):
        self.ask(self.alice)
        for user in (self.carol, self.bob, self.gina):
            with (
                self.subTest(user=user.name),
                self.assertRaisesRegex(UserError, "No signature is asked of you"),
            ):
                self.sign(user)
        self.assertEqual(self.contract.portal_signature_ids.state, "pending")

    def test_changed_terms_void_the_open_request(self):
        self.ask(self.bob, self.alice)
        line = self.sign(self.bob)
        pdf = line.document_id.raw
        alice_line = self.contract.portal_signature_ids - line
        self.assertEqual(alice_line.state, "pending")
        self.contract.contract_line_ids.price_unit = 120
        self.assertTrue(line.terms_changed)
        self.assertTrue(self.contract.portal_sign_changed)
        # Void at once: nobody can sign it, the signer and the responsible
        # are told, no reminder follows.
        request = self.contract.portal_sign_request_id
        self.assertEqual(request.state, "void")
        self.assertEqual(self.contract.portal_sign_state, "void")
        self.assertEqual(alice_line.state, "cancelled")
        self.assertEqual(
            self.contract.activity_ids.mapped("summary"),
            ["Signature request void: Acme maintenance changed"],
        )
        void_mail = self.sign_mails(self.alice).filtered(
            lambda m: "is void" in m.subject
        )
        self.assertEqual(
            void_mail.subject, "The signature request for Acme maintenance is void"
        )
        self.assertIn("request is void", self.chatter_notes(self.contract)[0].body)
        alice_line.turn_date = fields.Datetime.now() - timedelta(days=30)
        before = self.sign_mails(self.alice)
        self.env["contract.portal.signature"]._cron_remind()
        self.assertEqual(self.sign_mails(self.alice), before)
        with self.assertRaisesRegex(UserError, "changed after your signature"):
            self.sign(self.alice)
        self.assertEqual(line.document_id.raw, pdf)
        self.assertEqual(hashlib.sha256(pdf).hexdigest(), line.document_sha256)
        # Staff ask again: a new request, the former one kept, archived.
        self.ask(self.alice)
        self.assertFalse(self.contract.portal_sign_changed)
        self.sign(self.alice)
        self.assertEqual(self.contract.portal_sign_state, "signed")
        self.assertFalse(line.active)

    def test_invoicing_does_not_mark_the_signature(self):
        self.ask(self.alice)
        self.sign(self.alice)
        self.contract.contract_line_ids.recurring_next_date = "2026-03-01"
        self.assertFalse(self.contract.portal_sign_changed)

    def test_decline_needs_a_reason_and_ends_the_request(self):
        self.ask(self.alice, self.bob)
        contract = self.contract.sudo()
        with self.assertRaisesRegex(UserError, "Say why"):
            contract._portal_decline(self.alice.partner_id, "  ")
        self.assertEqual(self.contract.portal_sign_state, "awaiting")
        contract._portal_decline(self.alice.partner_id, "The price is wrong.")
        self.assertEqual(self.contract.portal_sign_state, "declined")
        self.assertEqual(
            self.contract.portal_signature_ids.mapped("state"),
            ["declined", "cancelled"],
        )
        self.assertFalse(self.sign_mails(self.bob))
        activity = self.contract.activity_ids.filtered(
            lambda a: a.summary == "Signature declined by Alice Test"
        )
        self.assertEqual(activity.user_id, self.manager)
        with self.assertRaisesRegex(UserError, "already declined"):
            self.sign(self.alice)

    def test_signatures_readable_by_staff_of_the_contract_company_only(self):
        line = self.ask(self.alice)
        Signature = self.env["contract.portal.signature"]
        self.assertIn(line, Signature.with_user(self.manager).search([]))
        other = self.env["res.company"].create({"name": "Other company"})
        elsewhere = new_user(
            self.env,
            login="cps_elsewhere",
            groups="base.group_user,account.group_account_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertNotIn(line.id, Signature.with_user(elsewhere).search([]).ids)
        with self.assertRaises(AccessError):
            Signature.with_user(self.alice).search_read([], ["signed_name"])


@tagged("post_install", "-at_install")
class TestSignLifecycle(SignCommon, HttpCase):
    def assertLost(self, who, change_said):
        """``who`` lost the request, said in the very note of the change
        (``change_said``): one note per contract."""
        line = self.contract.portal_signature_ids.filtered(
            lambda s: s.partner_id == who.partner_id
        )
        self.assertEqual(line.state, "lost")
        self.assertFalse(self.contract.portal_sign_state)
        note = self.chatter_notes(self.contract)[0]
        self.assertIn(f"{who.name} no longer sees the contract", note.body)
        self.assertIn(change_said, note.body)
        with self.assertRaises(UserError):
            self.sign(who)

    def test_watcher_removed_loses_the_request(self):
        self.acme.portal_colleague_visibility = False
        self.ask(self.bob)
        self.contract._portal_set_watchers(self.env["res.partner"])
        self.assertLost(self.bob, "Access withdrawn from: Bob Test.")

    def test_signer_who_still_sees_it_as_a_colleague_keeps_it(self):
        self.ask(self.bob)
        self.contract._portal_set_watchers(self.env["res.partner"])
        self.assertEqual(self.contract.portal_signature_ids.state, "pending")

    def test_signer_moved_to_another_company_loses_the_request(self):
        self.ask(self.alice, self.bob)
        self.bob.partner_id.parent_id = self.globex
        self.assertLost(self.bob, "Bob Test (watcher) no longer sees this contract")
        self.assertEqual(
            self.contract.portal_signature_ids.mapped("state"), ["cancelled", "lost"]
        )

    def test_archived_signer_loses_the_request(self):
        self.ask(self.alice)
        self.alice.active = False
        self.assertLost(self.alice, "Alice Test (requester) no longer sees this")

    def test_share_removed_or_ended_loses_the_request(self):
        self.ask(self.alice)
        self.contract._portal_unshare()
        self.assertLost(self.alice, "Removed from the client portal.")


@tagged("post_install", "-at_install")
class TestSignReminders(SignCommon, HttpCase):
    def test_reminders_after_n_days_at_most_m_times(self):
        self.env["ir.config_parameter"].set_param(
            "contract_portal_share.sign_reminder_days", 5
        )
        self.env["ir.config_parameter"].set_param(
            "contract_portal_share.sign_reminder_count", 2
        )
        line = self.ask(self.alice)
        Signature = self.env["contract.portal.signature"]
        first = len(self.sign_mails(self.alice))
        now = fields.Datetime.now()
        for days, expected in ((4, 0), (5, 1), (6, 1), (10, 2), (30, 2)):
            line.turn_date = now - timedelta(days=days)
            Signature._cron_remind()
            with self.subTest(days=days):
                self.assertEqual(line.reminder_count, expected)
        mails = self.sign_mails(self.alice).sorted("id")
        self.assertEqual(len(mails) - first, 2)
        self.assertIn("waited 5 days", mails[-2].body_html)
        self.assertIn("waited 10 days", mails[-1].body_html)

    def test_no_reminder_once_signed(self):
        line = self.ask(self.alice)
        self.sign(self.alice)
        line.turn_date = fields.Datetime.now() - timedelta(days=30)
        count = len(self.sign_mails(self.alice))
        self.env["contract.portal.signature"]._cron_remind()
        self.assertEqual(len(self.sign_mails(self.alice)), count)
