# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import HttpCase, tagged, warmup

from .common import ContractPortalShareCommon

# /my/contracts as a portal user, whatever the number of contracts it lists:
# OCA's own makes 10. One page's length is its count; a longer list counts
# in a query of its own.
LIST_QUERIES = 10


@tagged("post_install", "-at_install")
class TestPortalList(ContractPortalShareCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract.code = "TST-REQ"
        cls.contract._portal_share(
            cls.alice.partner_id, cls.bob.partner_id, send_email=False
        )
        cls.contract_2.write({"code": "TST-COL", "name": "Carol's cleaning"})
        cls.contract_2._portal_share(cls.carol.partner_id, [], send_email=False)
        cls.contract_3 = cls.env["contract.contract"].create(
            {"name": "Bob's fleet", "code": "TST-WAT", "partner_id": cls.acme.id}
        )
        cls.contract_3._portal_share(
            cls.bob.partner_id, cls.alice.partner_id, send_email=False
        )
        cls.globex_contract = cls.env["contract.contract"].create(
            {"name": "Globex deal", "code": "TST-GLX", "partner_id": cls.globex.id}
        )
        cls.globex_contract._portal_share(cls.gina.partner_id, [], send_email=False)

    def rows(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.findall(r"TST-[A-Z0-9]+", response.text), response.text

    def test_roles_and_columns(self):
        self.authenticate(self.alice.login, self.alice.login)
        codes, html = self.rows("/my/contracts")
        self.assertEqual(sorted(set(codes)), ["TST-COL", "TST-REQ", "TST-WAT"])
        for header in (
            "Reference",
            "Name",
            "Requester",
            "My role",
            "Date shared",
            "Status",
        ):
            self.assertRegex(html, rf"<th[^>]*>{header}</th>")
        for label in ("Requester", "Watcher", "Colleague"):
            self.assertIn(f">{label}</span>", html)
        self.assertIn("In progress", html)

    def test_filter_by_role(self):
        self.authenticate(self.alice.login, self.alice.login)
        for filterby, expected in (
            ("requester", ["TST-REQ"]),
            ("watcher", ["TST-WAT"]),
            ("colleague", ["TST-COL"]),
        ):
            codes, _html = self.rows(f"/my/contracts?filterby={filterby}")
            self.assertEqual(sorted(set(codes)), expected, filterby)

    def test_search_and_sort(self):
        self.authenticate(self.alice.login, self.alice.login)
        codes, _html = self.rows("/my/contracts?search=cleaning&search_in=name")
        self.assertEqual(sorted(set(codes)), ["TST-COL"])
        codes, _html = self.rows("/my/contracts?search=TST-WAT&search_in=code")
        self.assertEqual(sorted(set(codes)), ["TST-WAT"])
        codes, _html = self.rows("/my/contracts?search=globex")
        self.assertEqual(codes, [])
        codes, _html = self.rows("/my/contracts?sortby=code")
        self.assertEqual(list(dict.fromkeys(codes)), ["TST-COL", "TST-REQ", "TST-WAT"])

    def test_home_counter(self):
        self.authenticate(self.alice.login, self.alice.login)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["contract_count"]}
        )
        self.assertEqual(counters["contract_count"], 3)

    def test_paging(self):
        many = self.env["contract.contract"].create(
            [{"name": f"Bulk {i}", "partner_id": self.acme.id} for i in range(81)]
        )
        many._portal_share(self.alice.partner_id, [], send_email=False)
        self.authenticate(self.alice.login, self.alice.login)
        first = self.url_open("/my/contracts?sortby=name").text
        second = self.url_open("/my/contracts/page/2?sortby=name").text
        self.assertIn('href="/my/contracts/page/2', first)
        listed = lambda html: set(re.findall(r">(Bulk \d+)</a>", html))  # noqa: E731
        self.assertEqual(len(listed(first)) + len(listed(second)), 81)
        self.assertFalse(listed(first) & listed(second))

    def _share_many(self, count):
        contracts = self.env["contract.contract"].create(
            [{"name": f"Many {i}", "partner_id": self.acme.id} for i in range(count)]
        )
        contracts[: count // 2]._portal_share(
            self.alice.partner_id, self.bob.partner_id, send_email=False
        )
        contracts[count // 2 :]._portal_share(
            self.carol.partner_id, self.bob.partner_id, send_email=False
        )
        return contracts

    def assertListQueries(self, count, queries=LIST_QUERIES):
        contracts = self._share_many(count)
        self.authenticate(self.bob.login, self.bob.login)
        with self.assertQueryCount(queries):
            response = self.url_open("/my/contracts")
        # The page counted is the list Bob sees, not an error page: the new
        # contracts, and TST-REQ, all as watcher, a page of them at most.
        self.assertEqual(response.status_code, 200)
        listed = set(re.findall(r">(Many \d+)</a>", response.text))
        shown = min(count + 1, 80)
        self.assertEqual(len(listed) + ("TST-REQ" in response.text), shown)
        self.assertLessEqual(listed, set(contracts.mapped("name")))
        self.assertEqual(response.text.count(">Watcher</span>"), shown)
        return response

    @warmup
    def test_list_queries_5_contracts(self):
        self.assertListQueries(5)

    @warmup
    def test_list_queries_50_contracts(self):
        self.assertListQueries(50)

    @warmup
    def test_list_queries_more_than_a_page(self):
        """Past a page, the count costs its query and the pager says how many
        pages there are."""
        response = self.assertListQueries(85, queries=LIST_QUERIES + 1)
        self.assertIn("/my/contracts/page/2", response.text)

    def test_every_row_has_a_cell_per_header(self):
        """A contract without requester (its customer sees it, the share was
        removed) still fills every column."""
        self.contract.partner_id = self.alice.partner_id
        self.contract.action_portal_unshare()
        self.authenticate(self.alice.login, self.alice.login)
        _codes, html = self.rows("/my/contracts")
        headers = len(re.findall(r"<th[\s>]", html.split("</thead>")[0]))
        self.assertEqual(headers, 6)
        rows = re.findall(
            r'<tr class="o_contract_portal_row">(.*?)</tr>', html, flags=re.S
        )
        self.assertIn("TST-REQ", " ".join(rows))
        self.assertEqual(len(rows), 3)
        for row in rows:
            self.assertEqual(len(re.findall(r"<td[\s>]", row)), headers, row)
        # No longer shared: no date shared either.
        unshared = next(row for row in rows if "TST-REQ" in row)
        self.assertNotRegex(unshared, r"\d+/\d+/\d{4}")
        self.assertRegex(next(row for row in rows if "TST-COL" in row), r"/\d{4}")
