# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import TourCommon


@tagged("post_install", "-at_install")
class TestPortalActivityTours(TourCommon):
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
