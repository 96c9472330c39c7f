# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import TourCommon


@tagged("post_install", "-at_install")
class TestInviteTours(TourCommon):
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
