# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import ContractPortalShareCommon


@tagged("post_install", "-at_install")
class TestExtrasTours(ContractPortalShareCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice.name = "Tour Alice"
        cls.bob.name = "Tour Bob"
        cls.contract.name = "Tour maintenance"
        cls.attachment_public.write({"name": "tour-plan.txt", "raw": b"The tour plan"})

    def form_url(self):
        return f"/odoo/action-contract.action_customer_contract/{self.contract.id}"

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
        self.contract._portal_share(
            self.alice.partner_id,
            self.bob.partner_id,
            attachment_mode="selected",
            attachments=self.attachment_public,
            send_email=False,
        )
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
