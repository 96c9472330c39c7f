# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .test_backend_tours import BackendTourCommon


@tagged("post_install", "-at_install")
class TestTours(BackendTourCommon):
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
