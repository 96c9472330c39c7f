# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from html import unescape
from urllib.parse import urlsplit

import lxml.html

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tests.common import HOST

from .common import ContractPortalShareCommon, RealPdfMixin, refusal


@tagged("post_install", "-at_install")
class TestPortalPages(RealPdfMixin, ContractPortalShareCommon, HttpCase):
    """What the contract pages show: the contract report, the /my card, the
    list when nothing matches, pictures and the language after login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract._portal_share(
            cls.alice.partner_id, cls.bob.partner_id, send_email=False
        )
        cls.token = cls.contract._portal_ensure_token()
        cls.missing_id = (
            cls.env["contract.contract"].search([], order="id desc")[:1].id + 1000
        )

    def login(self, user):
        self.authenticate(user.login if user else None, user.login if user else None)

    def report(self, contract_id, report_type="pdf", token=None, download=False):
        query = f"report_type={report_type}"
        if token:
            query += f"&access_token={token}"
        if download:
            query += "&download=true"
        # wkhtmltopdf may take longer than Odoo's default 12 s on a loaded
        # machine; a request cut short would keep the test cursor busy and
        # break the next test.
        return self.url_open(
            f"/my/contracts/{contract_id}?{query}", allow_redirects=False, timeout=60
        )

    def assertSameAsMissing(self, response, **kw):
        missing = self.report(self.missing_id, **kw)
        contract_id = re.search(r"/my/contracts/(\d+)", response.request.url)[1]
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            refusal(response, contract_id), refusal(missing, self.missing_id)
        )
        self.assertNotIn(b"%PDF", response.content)

    # --- The contract report ------------------------------------------------

    def test_report_pdf_for_allowed_visitors(self):
        for user in (self.alice, self.bob, self.carol):
            with self.subTest(user=user.login):
                self.login(user)
                response = self.report(self.contract.id)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers["Content-Type"], "application/pdf")
                self.assertTrue(response.content.startswith(b"%PDF"))
                self.assertIn("inline", response.headers["Content-Disposition"])
        download = self.report(self.contract.id, download=True)
        self.assertTrue(download.content.startswith(b"%PDF"))
        disposition = download.headers["Content-Disposition"]
        self.assertIn("attachment", disposition)
        self.assertIn("Contract_TST_001.pdf", disposition)
        # A visitor from an emailed link, with the contract's token.
        self.login(None)
        response = self.report(self.contract.id, token=self.token)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_report_html_is_the_contract_report(self):
        self.login(self.alice)
        response = self.report(self.contract.id, report_type="html")
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/html", response.headers["Content-Type"])
        self.assertIn("TST-001", response.text)
        self.assertIn("Acme Test", response.text)
        self.assertIn("Recurring Items", response.text)
        # Not the portal page again.
        self.assertNotIn("contract_people", response.text)

    def test_report_refused_as_missing(self):
        self.login(self.gina)  # other company
        self.assertSameAsMissing(self.report(self.contract.id))
        self.assertSameAsMissing(
            self.report(self.contract.id, download=True), download=True
        )
        self.login(self.alice)  # not shared with anyone
        self.assertSameAsMissing(self.report(self.contract_2.id))
        self.login(None)
        self.assertSameAsMissing(self.report(self.contract.id))
        self.assertSameAsMissing(
            self.report(self.contract.id, token="not-the-token"),
            token="not-the-token",
        )
        # The token of a contract opens that contract only.
        self.assertSameAsMissing(
            self.report(self.contract_2.id, token=self.token), token=self.token
        )

    def test_report_after_unshare_with_old_token(self):
        self.contract.with_user(self.manager).action_portal_unshare()
        self.login(None)
        self.assertSameAsMissing(self.report(self.contract.id, token=self.token))

    def test_page_buttons_link_to_the_report_with_token(self):
        self.login(None)
        response = self.url_open(
            f"/my/contracts/{self.contract.id}?access_token={self.token}"
        )
        self.assertEqual(response.status_code, 200)
        base = f"/my/contracts/{self.contract.id}?access_token={self.token}"
        self.assertIn(f'href="{base}&amp;report_type=pdf"', response.text)
        self.assertIn(
            f'href="{base}&amp;report_type=pdf&amp;download=true"', response.text
        )

    # --- /my, the list, the page ----------------------------------------------

    def test_home_card_shows_the_count(self):
        self.login(self.alice)
        page = self.url_open("/my").text
        card = re.search(
            r'<span class="([^"]*)" data-placeholder_count="contract_count"', page
        )
        self.assertTrue(card, "The Contracts card has no count placeholder")
        self.assertNotIn("d-none", card.group(1))
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["contract_count"]}
        )
        self.assertEqual(counters["contract_count"], 1)
        # Seen again (the counter is then remembered in the session), the
        # card keeps its count.
        page = self.url_open("/my").text
        self.assertIn('data-placeholder_count="contract_count"', page)

    def test_search_without_result(self):
        self.login(self.alice)
        page = self.url_open("/my/contracts?search=nothing-like-this").text
        self.assertIn("No contract matches your search.", page)
        self.assertNotIn("No contract is shown to you here yet", page)
        self.assertIn('href="/my/contracts?sortby=shared"', page)
        self.assertIn("Acme maintenance", self.url_open("/my/contracts").text)
        page = self.url_open("/my/contracts?filterby=watcher").text
        self.assertIn("No contract matches this filter.", page)
        self.assertNotIn("your search", page)
        self.login(self.carol)
        self.contract.with_user(self.manager).action_portal_unshare()
        page = self.url_open("/my/contracts").text
        self.assertIn("No contract is shown to you here yet", page)
        self.assertNotIn("No contract matches your search.", page)

    def test_page_sidebar_and_lines_table(self):
        """Laid out as Odoo's quotation page: the status, the PDF and the
        responsible in a sidebar, no big picture of anyone."""
        self.contract.user_id = self.manager
        self.login(self.alice)
        page = self.url_open(f"/my/contracts/{self.contract.id}").text
        self.assertNotIn("o_portal_contact_img", page)
        self.assertNotIn("user_menu_avatar.png", page)
        tree = lxml.html.fromstring(page)
        sidebar = tree.get_element_by_id("sidebar_content")
        state = sidebar.find_class("o_contract_page_state")
        self.assertEqual([s.text_content().strip() for s in state], ["In progress"])
        self.assertTrue(sidebar.find_class("o_contract_report_view"))
        self.assertTrue(sidebar.find_class("o_contract_report_download"))
        # Nothing to sign: no place for it in the sidebar.
        self.assertFalse(sidebar.xpath(".//*[@id='contract_sign_sidebar']"))
        (contact,) = sidebar.find_class("o_portal_contact_details")
        self.assertIn("Margaux Manager", contact.text_content())
        self.assertIn("manager@example.com", contact.text_content())
        self.assertTrue(contact.find(".//img").get("src").startswith("data:image/"))
        content = tree.get_element_by_id("contract_content")
        self.assertEqual(content[0].get("id"), "contract_sign_banner")
        self.assertEqual(content[0].text_content().strip(), "")
        self.assertIn(
            "Acme Test",
            content.get_element_by_id("general_information").text_content(),
        )
        self.assertNotIn("Margaux Manager", content.text_content())
        for section in ("contract_people", "contract_communication"):
            self.assertIsNotNone(content.get_element_by_id(section, None), section)
        self.assertRegex(
            page,
            r'<div class="table-responsive">\s*'
            r'<table class="table table-sm" id="sales_order_table"',
        )

    def test_list_keeps_status_column_on_phones(self):
        self.login(self.alice)
        page = self.url_open("/my/contracts").text
        head = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
        cells = re.findall(r"<th([^>]*)>\s*([^<]*?)\s*</th>", head)
        hidden_on_phones = {label for attrs, label in cells if "d-none" in attrs}
        self.assertEqual(hidden_on_phones, {"Reference", "Requester", "Date shared"})
        self.assertEqual(
            [label for attrs, label in cells if "d-none" not in attrs],
            ["Name", "My role", "Status"],
        )

    # --- People managed by the requester --------------------------------------

    def test_requester_watchers_keep_date_shared(self):
        shared_by = self.contract.portal_shared_by_id
        shared_date = self.contract.portal_shared_date
        self.assertTrue(shared_date)
        self.login(self.alice)
        for action, partner in (("add", self.carol), ("remove", self.bob)):
            response = self.url_open(
                f"/my/contracts/{self.contract.id}/watchers/{action}",
                data={
                    "partner_id": partner.partner_id.id,
                    "csrf_token": http.Request.csrf_token(self),
                },
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 303)
        self.contract.invalidate_recordset()
        self.assertEqual(self.contract.portal_watcher_ids, self.carol.partner_id)
        self.assertEqual(self.contract.portal_shared_by_id, shared_by)
        self.assertEqual(self.contract.portal_shared_date, shared_date)

    # --- Language ---------------------------------------------------------------

    def login_from_page(self, user, cookie_lang):
        """Log in through the login page, as a browser whose language is
        ``cookie_lang``; returns the login's answer."""
        self.authenticate(None, None)
        self.opener.cookies.set("frontend_lang", cookie_lang, domain=HOST)
        login_page = self.url_open("/web/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
        return self.url_open(
            "/web/login",
            data={"login": user.login, "password": user.login, "csrf_token": csrf},
            allow_redirects=False,
        )

    def frontend_lang(self):
        return self.opener.cookies.get("frontend_lang", domain=HOST)

    def test_portal_in_the_users_language_after_login(self):
        french = self._french_portal_user("cps_francoise", "Françoise Test", self.acme)
        self.contract._portal_share(
            self.alice.partner_id,
            self.bob.partner_id | french.partner_id,
            send_email=False,
        )
        # The login page in English, as a visitor whose browser is English.
        response = self.login_from_page(french, "en_US")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.frontend_lang(), "fr_FR")
        response = self.url_open("/my/contracts")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/fr/my/contracts"), response.url)
        self.assertIn("Mon rôle", response.text)
        self.assertIn("Observateur", response.text)
        self.assertNotIn("My role", response.text)
        # The footer's language selector still wins afterwards.
        response = self.url_open("/en/my/contracts")
        self.assertIn("My role", response.text)
        self.assertEqual(self.frontend_lang(), "en_US")

    def test_contract_page_scripts_speak_the_pages_language(self):
        """The chatter's words come from the translations the page's scripts
        ask for, in the language the page declares, whatever the language
        cookie says."""
        self.env["ir.module.module"]._load_module_terms(["mail"], ["fr_FR"])
        french = self._french_portal_user("cps_francoise", "Françoise Test", self.acme)
        self.contract._portal_share(french.partner_id, None, send_email=False)
        self.authenticate(french.login, french.login)
        self.opener.cookies["frontend_lang"] = "en_US"
        page = self.url_open(f"/fr/my/contracts/{self.contract.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Personnes", page.text)
        declared = re.search(r"<html[^>]* lang=\"([^\"]+)\"", page.text)
        self.assertTrue(declared, "the page declares its language")
        # As Odoo's localization service: the page's language, as Python's.
        lang = declared.group(1).replace("-", "_")
        translations = self.url_open(f"/website/translations?hash=&lang={lang}").json()
        messages = {
            m["id"]: m["string"] for m in translations["modules"]["mail"]["messages"]
        }
        self.assertEqual(
            messages.get("The conversation is empty."), "La conversation est vide."
        )

    def test_individual_requester_is_offered_no_colleague_search(self):
        franck = self._portal_user("cps_franck", "Franck Test", None, "en_US")
        own = self.env["contract.contract"].create(
            {
                "name": "Franck's pool",
                "code": "TST-F01",
                "partner_id": franck.partner_id.id,
            }
        )
        own._portal_share(franck.partner_id, None, send_email=False)
        self.contract._portal_share(self.alice.partner_id, None, send_email=False)
        self.authenticate(franck.login, franck.login)
        page = self.url_open(f"/my/contracts/{own.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Franck Test", page.text)
        self.assertNotIn("Find a colleague", page.text)
        self.authenticate(self.alice.login, self.alice.login)
        page = self.url_open(f"/my/contracts/{self.contract.id}")
        self.assertIn("Find a colleague", page.text)

    def test_english_user_keeps_english_after_login(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.login_from_page(self.alice, "fr_FR")
        self.assertEqual(self.frontend_lang(), "en_US")
        response = self.url_open("/my/contracts")
        self.assertFalse(response.url.endswith("/fr/my/contracts"), response.url)
        self.assertIn("My role", response.text)

    def test_digest_links_lead_to_the_contract_after_login(self):
        """Each link of an email listing several contracts opens its contract
        once the person has logged in, not the portal's home page."""
        self.share(self.contract | self.contract_2, self.carol, [self.alice])
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.carol.partner_id.ids)]
        )
        self.assertEqual(len(mail), 1, "one email listing both contracts")
        links = {
            int(cid): unescape(url)
            for url, cid in re.findall(
                r'href="([^"]*/my/contracts/(\d+)[^"]*)"', mail.body_html
            )
        }
        self.assertEqual(set(links), set((self.contract | self.contract_2).ids))
        for contract in self.contract | self.contract_2:
            self.authenticate(None, None)
            link = urlsplit(links[contract.id])
            login_page = self.url_open(f"{link.path}?{link.query}")
            self.assertEqual(urlsplit(login_page.url).path, "/web/login")
            form = dict(
                re.findall(
                    r'<input type="hidden" name="(csrf_token|redirect)"'
                    r' value="([^"]*)"',
                    login_page.text,
                )
            )
            response = self.url_open(
                "/web/login",
                data={
                    "login": self.carol.login,
                    "password": self.carol.login,
                    "csrf_token": form["csrf_token"],
                    "redirect": unescape(form.get("redirect", "")),
                },
            )
            self.assertEqual(response.status_code, 200)
            self.assertEqual(
                urlsplit(response.url).path, f"/my/contracts/{contract.id}"
            )
            self.assertIn(contract.name, response.text)
