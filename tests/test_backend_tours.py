# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import http
from odoo.tests import tagged

from ..models.res_config_settings import (
    COLLEAGUE_VISIBILITY_PARAM,
    CUSTOMER_SEES_OWN_PARAM,
)
from .common import TourCommon

FORM_URL = "/odoo/action-contract.action_customer_contract/%s"
LIST_URL = "/odoo/action-contract.action_customer_contract"


class BackendTourCommon(TourCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_2.name = "Tour cleaning"

    def note_bodies(self, contract):
        return " ".join(self.chatter_notes(contract).mapped("body"))


@tagged("post_install", "-at_install")
class TestBackendTours(BackendTourCommon):
    def test_backend_share_from_action_menu(self):
        self.start_tour(
            f"/odoo/action-contract.action_customer_contract/{self.contract.id}",
            "contract_portal_share_backend_tour",
            login=self.manager.login,
        )
        self.assertEqual(self.contract.portal_requester_id, self.alice.partner_id)
        self.assertEqual(self.contract.portal_watcher_ids, self.bob.partner_id)
        self.assertEqual(self.contract.portal_attachment_mode, "all")
        self.assertEqual(
            self.queued_mails(self.contract).recipient_ids,
            (self.alice | self.bob).partner_id,
        )

    def test_invite_from_the_share_window(self):
        self.start_tour(
            self.form_url(),
            "contract_portal_share_invite_tour",
            login=self.manager.login,
        )
        dora = self.env["res.partner"].search([("email", "=", "tour.dora@example.com")])
        self.assertEqual(dora.parent_id, self.acme)
        self.assertEqual(dora.lang, "fr_FR")
        self.assertTrue(dora.user_ids._is_portal())
        self.assertEqual(self.contract.portal_requester_id, self.alice.partner_id)
        self.assertEqual(self.contract.portal_watcher_ids, dora)

    def test_activity_button_and_last_seen(self):
        self.share_with_alice()
        Activity = self.env["contract.portal.activity"]
        Activity._record(self.contract, self.alice.partner_id, self.alice, "view")
        for _i in range(2):
            Activity._record(
                self.contract,
                self.alice.partner_id,
                self.alice,
                "attachment",
                name="tour-plan.txt",
            )
        self.start_tour(
            self.form_url(),
            "contract_portal_share_activity_tour",
            login=self.manager.login,
        )

    def test_reopen_edit_and_remove_from_banner(self):
        """Finding 1: the window opens on a shared contract, from the Action
        menu and from the banner, with its current people."""
        self.contract.with_user(self.manager)._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        self.start_tour(
            FORM_URL % self.contract.id,
            "contract_portal_share_backend_edit_tour",
            login=self.manager.login,
        )
        self.assertFalse(self.contract.portal_shared)
        notes = self.note_bodies(self.contract)
        self.assertIn("Access given to: Tour Carol", notes)
        self.assertIn("Access withdrawn from: Tour Bob", notes)
        self.assertIn("Removed from the client portal", notes)
        # Carol was emailed once, when she was added.
        mails = self.queued_mails(self.contract)
        self.assertEqual(mails.recipient_ids, self.carol.partner_id)
        self.assertEqual(len(mails), 1)

    def test_remove_from_the_window(self):
        self.contract.with_user(self.manager)._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        token = self.contract._portal_ensure_token()
        self.start_tour(
            FORM_URL % self.contract.id,
            "contract_portal_share_backend_window_remove_tour",
            login=self.manager.login,
        )
        self.assertFalse(self.contract.portal_shared)
        self.assertFalse(self.contract.portal_requester_id)
        self.assertFalse(self.contract.portal_watcher_ids)
        self.assertNotEqual(self.contract.access_token, token)
        self.assertIn("Removed from the client portal", self.note_bodies(self.contract))
        for user in (self.alice, self.bob, self.carol):
            self.assertFalse(
                self.env["contract.contract"].with_user(user).search_count([])
            )

    def test_who_sees_it(self):
        self.contract.with_user(self.manager)._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        self.start_tour(
            FORM_URL % self.contract.id,
            "contract_portal_share_backend_who_sees_it_tour",
            login=self.manager.login,
        )
        self.assertFalse(self.contract.portal_watcher_ids)
        self.assertEqual(self.contract.portal_requester_id, self.alice.partner_id)

    def test_visible_until_then_until_the_contract_ends(self):
        self.contract.write(
            {"date_start": date(2026, 1, 1), "date_end": date(2099, 6, 30)}
        )
        self.start_tour(
            FORM_URL % self.contract.id,
            "contract_portal_share_backend_visible_until_tour",
            login=self.manager.login,
        )
        self.assertEqual(self.contract.portal_requester_id, self.alice.partner_id)
        self.assertTrue(self.contract.portal_until_contract_end)
        self.assertEqual(self.contract.portal_visible_until, date(2099, 6, 30))
        # The end follows the contract's.
        self.contract.date_end = date(2099, 9, 30)
        self.assertEqual(self.contract.portal_visible_until, date(2099, 9, 30))

    def test_share_several_from_list_then_remove(self):
        self.contract.with_user(self.manager)._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        self.start_tour(
            LIST_URL,
            "contract_portal_share_backend_list_tour",
            login=self.manager.login,
        )
        for contract in self.contract | self.contract_2:
            self.assertFalse(contract.portal_shared)
            self.assertIn("Removed from the client portal", self.note_bodies(contract))
        self.assertIn(
            "Access given to: Tour Alice, Tour Bob", self.note_bodies(self.contract_2)
        )
        # The share kept on the first contract gave nobody new access.
        self.assertFalse(self.queued_mails(self.contract))
        self.assertEqual(
            self.queued_mails(self.contract_2).recipient_ids,
            (self.alice | self.bob).partner_id,
        )

    def test_share_several_keeps_the_end(self):
        """Sharing from the list with a contract shown until a date: the
        window starts from that date and warns before changing it."""
        self.contract.with_user(self.manager)._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        self.contract._portal_set_visible_until(date(2099, 12, 31))
        self.start_tour(
            LIST_URL,
            "contract_portal_share_backend_list_visible_until_tour",
            login=self.manager.login,
        )
        for contract in self.contract | self.contract_2:
            self.assertEqual(contract.portal_requester_id, self.alice.partner_id)
            self.assertEqual(contract.portal_visible_until, date(2099, 12, 31))
            self.assertFalse(contract.portal_until_contract_end)

    def test_removal_where_nobody_loses_access_says_so(self):
        """An individual client who sees their own contracts as its customer
        keeps it: the window and the message say nobody loses access."""
        self.env["ir.config_parameter"].set_param(CUSTOMER_SEES_OWN_PARAM, "True")
        ivan = self._portal_user("cps_ivan", "Tour Ivan", None, "en_US")
        contract = self.env["contract.contract"].create(
            {"name": "Tour web shop", "partner_id": ivan.partner_id.id}
        )
        contract.with_user(self.manager)._portal_share(
            ivan.partner_id, None, send_email=False
        )
        self.start_tour(
            LIST_URL,
            "contract_portal_share_backend_nobody_loses_tour",
            login=self.manager.login,
        )
        self.assertFalse(contract.portal_shared)
        contract.with_user(ivan).check_access("read")
        self.assertIn("Access withdrawn from: nobody", self.note_bodies(contract))

    def test_mixed_customers_window_offers_nothing_to_confirm(self):
        self.env["contract.contract"].create(
            {"name": "Tour Globex deal", "partner_id": self.globex.id}
        )
        self.start_tour(
            LIST_URL,
            "contract_portal_share_backend_mixed_customers_tour",
            login=self.manager.login,
        )
        self.assertFalse(self.contract.portal_shared)

    def test_requester_left_window(self):
        self.contract.with_user(self.manager)._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        self.alice.partner_id.parent_id = self.globex
        self.assertTrue(self.contract.portal_requester_left)
        self.start_tour(
            FORM_URL % self.contract.id,
            "contract_portal_share_backend_requester_left_tour",
            login=self.manager.login,
        )
        self.assertEqual(self.contract.portal_requester_id, self.carol.partner_id)
        self.assertEqual(self.contract.portal_watcher_ids, self.bob.partner_id)
        self.assertFalse(self.contract.portal_requester_left)

    def test_outside_watchers_window(self):
        # As the install migration leaves them: a watcher of another company.
        self.contract.with_context(contract_portal_share_checked=True).write(
            {
                "portal_company_id": self.acme.id,
                "portal_requester_id": self.alice.partner_id.id,
                "portal_watcher_ids": [(6, 0, (self.bob | self.gina).partner_id.ids)],
            }
        )
        self.start_tour(
            FORM_URL % self.contract.id,
            "contract_portal_share_backend_outside_watchers_tour",
            login=self.manager.login,
        )
        self.assertEqual(self.contract.portal_watcher_ids, self.bob.partner_id)
        self.assertIn(
            "Access withdrawn from: Tour Gina", self.note_bodies(self.contract)
        )

    def test_portal_watcher_change_keeps_shared_by(self):
        """Finding 6: the requester's changes in the portal leave "Shared by /
        on" to staff."""
        self.contract.with_user(self.manager)._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        # An earlier date, so that a rewrite within the same second shows.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE contract_contract SET portal_shared_date = '2026-01-02 03:04:05' "
            "WHERE id = %s",
            [self.contract.id],
        )
        self.contract.invalidate_recordset(["portal_shared_date"])
        self.authenticate(self.alice.login, self.alice.login)
        page = self.url_open(f"/my/contracts/{self.contract.id}")
        self.assertEqual(page.status_code, 200)
        csrf = http.Request.csrf_token(self)
        base = f"/my/contracts/{self.contract.id}/watchers"
        for action in ("add", "remove"):
            response = self.url_open(
                f"{base}/{action}",
                data={"csrf_token": csrf, "partner_id": self.carol.partner_id.id},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 303, action)
            self.contract.invalidate_recordset()
            self.assertEqual(self.contract.portal_shared_by_id, self.manager)
            self.assertEqual(
                str(self.contract.portal_shared_date), "2026-01-02 03:04:05"
            )
        self.assertEqual(self.contract.portal_watcher_ids, self.bob.partner_id)
        self.assertIn(
            "Access withdrawn from: Tour Carol", self.note_bodies(self.contract)
        )


@tagged("post_install", "-at_install")
class TestBackendToursFrench(BackendTourCommon):
    """Back office in French: Odoo's own terms and the module's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["contract_portal_share"], ["fr_FR"], overwrite=True
        )
        cls.manager.lang = "fr_FR"
        cls.env.ref("base.user_admin").lang = "fr_FR"
        cls.carol.partner_id.write({"name": "Tour Émile", "lang": "fr_FR"})

    def test_manage_clients_change_company_keeps_language(self):
        """Finding 5, in the web client: its onchange of the company must not
        bring the company's language. The tour opens the URL of the share
        window's Manage Clients link."""
        self.globex.lang = "en_US"
        emile = self.carol.partner_id
        self.contract._portal_share(self.alice.partner_id, emile, send_email=False)
        self.start_tour(
            "/odoo/action-contract_portal_share.res_partner_action_portal_client",
            "contract_portal_share_backend_manage_clients_fr_tour",
            login=self.manager.login,
        )
        self.assertEqual(emile.parent_id, self.globex)
        self.assertEqual(emile.lang, "fr_FR")
        # Warned of it, then done on save; the note on the contract is the
        # manager's, who made the change, not Émile's.
        self.assertFalse(self.contract.portal_watcher_ids)
        note = self.chatter_notes(self.contract)[0]
        self.assertIn("Tour Émile", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)

    def test_settings_colleagues_default(self):
        param = self.env["ir.config_parameter"].sudo()
        # Nothing stored yet: what the tour saves is what is read below.
        param.search(
            [("key", "in", (COLLEAGUE_VISIBILITY_PARAM, CUSTOMER_SEES_OWN_PARAM))]
        ).unlink()
        self.start_tour(
            "/odoo/settings",
            "contract_portal_share_backend_settings_fr_tour",
            login="admin",
        )
        self.assertEqual(param.get_param(COLLEAGUE_VISIBILITY_PARAM), "True")
        self.assertEqual(
            param.get_param("contract_portal_share.sign_reminder_days"), "5"
        )
        # Shown on by default and saved as shown.
        self.assertEqual(param.get_param(CUSTOMER_SEES_OWN_PARAM), "True")
        company = self.env["res.partner"].create({"name": "Co C", "is_company": True})
        self.assertTrue(company.portal_colleague_visibility)
