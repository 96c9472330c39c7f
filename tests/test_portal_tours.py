# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.contract_portal_share.controllers.portal import ContractPortal

from .common import RealPdfMixin, TourCommon


@tagged("post_install", "-at_install")
class TestPortalTours(RealPdfMixin, TourCommon):
    """The portal in Chromium: list, contract page and French, as users click."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # More than a portal page (CustomerPortal._items_per_page: 80) once shared.
        cls.bulk = cls.env["contract.contract"].create(
            [
                {
                    "name": f"Bulk contract {n:02d}",
                    "code": f"BLK-{n:02d}",
                    "partner_id": cls.acme.id,
                }
                for n in range(1, 81)
            ]
        )

    def test_portal_requester_downloads_and_adds_watcher(self):
        self.share_with_alice()
        self.start_tour(
            "/my", "contract_portal_share_portal_tour", login=self.alice.login
        )
        self.assertEqual(
            self.contract.portal_watcher_ids, (self.bob | self.carol).partner_id
        )
        self.assertEqual(
            self.queued_mails(self.contract).recipient_ids, self.carol.partner_id
        )

    def test_portal_list_search_filter_sort_pages(self):
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        self.contract_2._portal_share(
            self.carol.partner_id, self.alice.partner_id, send_email=False
        )
        self.bulk._portal_share(self.bob.partner_id, None, send_email=False)
        self.assertEqual(
            self.env["contract.contract"].with_user(self.alice).search_count([]), 82
        )
        self.assertEqual(ContractPortal._items_per_page, 80, "the tour's pages")
        self.start_tour(
            "/my", "contract_portal_share_portal_list_tour", login=self.alice.login
        )

    def test_portal_contract_page(self):
        self.share_with_alice()
        shared_date = self.contract.portal_shared_date
        self.start_tour(
            f"/my/contracts/{self.contract.id}",
            "contract_portal_share_portal_page_tour",
            login=self.alice.login,
        )
        self.assertEqual(self.contract.portal_watcher_ids, self.carol.partner_id)
        self.assertEqual(self.contract.portal_shared_date, shared_date)
        self.assertIn(self.carol.partner_id, self.contract.message_partner_ids)
        self.assertNotIn(self.bob.partner_id, self.contract.message_partner_ids)
        posted = self.contract.message_ids.filtered(
            lambda m: "loading dock" in (m.body or "")
        )
        self.assertEqual(posted.author_id, self.alice.partner_id)
        self.assertEqual(posted.message_type, "comment")

    def test_portal_contract_page_layout(self):
        """Laid out as Odoo's quotation page, on a screen and on a phone."""
        self.share_with_alice()
        self.contract.user_id = self.manager
        self.contract._portal_set_visible_until(date(2099, 12, 31))
        self.env["contract.line"].create(
            [
                {
                    "contract_id": self.contract.id,
                    "display_type": "line_section",
                    "name": "Loading docks",
                },
                {
                    "contract_id": self.contract.id,
                    "name": "Preventive maintenance visit",
                    "quantity": 2,
                    "price_unit": 180,
                    "recurring_rule_type": "monthly",
                    "recurring_interval": 1,
                    "date_start": "2026-01-01",
                },
            ]
        )
        for size in ("1400x900", "390x844"):
            with self.subTest(size=size):
                self.browser_size = size
                self.start_tour(
                    f"/my/contracts/{self.contract.id}",
                    "contract_portal_share_portal_layout_tour",
                    login=self.alice.login,
                )

    def test_watcher_stops_watching(self):
        self.acme.portal_colleague_visibility = False
        self.contract._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        token = self.contract._portal_ensure_token()
        self.start_tour(
            f"/my/contracts/{self.contract.id}",
            "contract_portal_share_portal_leave_tour",
            login=self.bob.login,
        )
        self.assertFalse(self.contract.portal_watcher_ids)
        self.assertEqual(self.contract.portal_requester_id, self.alice.partner_id)
        self.assertNotIn(self.bob.partner_id, self.contract.message_partner_ids)
        self.assertNotEqual(self.contract.access_token, token, "his links die")
        with self.assertRaises(AccessError):
            self.contract.with_user(self.bob).check_access("read")
        self.assertIn(
            "Access withdrawn from: Tour Bob",
            self.chatter_notes(self.contract)[0].body,
        )

    def test_portal_in_french_after_an_english_login_page(self):
        french = self._french_portal_user("cps_francoise", "Françoise Test", self.acme)
        self.contract._portal_share(
            self.alice.partner_id, french.partner_id, send_email=False
        )
        self.contract_2._portal_share(french.partner_id, None, send_email=False)
        # Logged in through the login page by the tour, from a browser whose
        # language is English.
        self.start_tour(
            "/web/login?redirect=/my",
            "contract_portal_share_portal_fr_tour",
            cookies={"frontend_lang": "en_US"},
        )
