# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ContractPortalShareCommon


@tagged("post_install", "-at_install")
class TestManageClients(ContractPortalShareCommon):
    def test_manage_clients_lists_portal_contacts(self):
        action = self.env.ref("contract_portal_share.res_partner_action_portal_client")
        menu = self.env.ref("contract_portal_share.res_partner_menu_portal_client")
        self.assertEqual(menu.action, action)
        self.assertEqual(
            menu.parent_id.parent_id, self.env.ref("contacts.res_partner_menu_config")
        )
        self.assertEqual(safe_eval(action.context), {"search_default_portal_client": 1})
        search_arch = self.env["res.partner"].get_views([(False, "search")])["views"][
            "search"
        ]["arch"]
        # What the menu lists: the action's domain and its default filter,
        # read from the action and the search view as the web client does.
        domain = safe_eval(action.domain or "[]")
        filters = etree.fromstring(search_arch).xpath("//filter[@name='portal_client']")
        self.assertEqual(len(filters), 1)
        domain += safe_eval(filters[0].get("domain"))
        shown = self.env["res.partner"].with_user(self.manager).search(domain)
        self.assertLessEqual((self.alice | self.bob | self.gina).partner_id, shown)
        self.assertNotIn(self.manager.partner_id, shown)
        self.assertNotIn(self.acme, shown)
        alice = shown.filtered(lambda p: p == self.alice.partner_id)
        self.assertEqual(alice.portal_login, "cps_alice")
        # Odoo's own Grant portal access stays one click away on contacts.
        grant = self.env.ref("portal.partner_wizard_action_create_and_open")
        self.assertEqual(grant.binding_model_id.model, "res.partner")

    def test_company_edited_in_place(self):
        view = self.env.ref("contract_portal_share.res_partner_view_list_portal_client")
        arch = self.env["res.partner"].get_views([(view.id, "list")])["views"]["list"]
        self.assertIn('editable="bottom"', arch["arch"])
        self.assertRegex(arch["arch"], r'<field name="parent_id"(?![^>]*readonly)')
        # What the list saves when the company cell is edited.
        self.gina.partner_id.with_user(self.manager).web_save(
            {"parent_id": self.acme.id}, {"commercial_partner_id": {}}
        )
        self.assertEqual(self.gina.partner_id.commercial_partner_id, self.acme)
        # Now a colleague of Alice, Gina can be her watcher.
        self.share(self.contract, self.alice, [self.gina])
        self.assertEqual(self.contract.portal_watcher_ids, self.gina.partner_id)

    def test_colleague_visibility_defaults_from_settings(self):
        self.assertFalse(
            self.env["res.partner"]
            .create({"name": "Co A", "is_company": True})
            .portal_colleague_visibility
        )
        settings = Form(self.env["res.config.settings"])
        settings.contract_portal_colleague_visibility = True
        settings.save().execute()
        company = self.env["res.partner"].create({"name": "Co B", "is_company": True})
        self.assertTrue(company.portal_colleague_visibility)
        self.assertFalse(self.globex.portal_colleague_visibility, "existing kept")
