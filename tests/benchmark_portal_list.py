# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Figures for /my/contracts as the number of visible contracts grows: SQL
queries and time per request. Prints, asserts nothing; not part of the test
suite (Odoo's runner does not import it, pytest only when named):

    make bench
"""

# Printing the figures is the point of this file.
# pylint: disable=print-used
import statistics
import time

from odoo.tests import HttpCase, tagged

from .common import ContractPortalShareCommon

SIZES = (5, 50, 500, 2000)
RUNS = 7


@tagged("-standard", "benchmark")
class BenchmarkPortalList(ContractPortalShareCommon, HttpCase):
    def measure(self, url):
        self.url_open(url)  # warm the caches
        queries, times = [], []
        for _run in range(RUNS):
            before = self.env.cr.sql_log_count
            start = time.perf_counter()
            response = self.url_open(url)
            times.append(time.perf_counter() - start)
            queries.append(self.env.cr.sql_log_count - before)
            self.assertEqual(response.status_code, 200)
        return max(queries), statistics.median(times) * 1000

    def test_print_figures(self):
        Contract = self.env["contract.contract"]
        shown = Contract
        rows = []
        for size in SIZES:
            new = Contract.create(
                [
                    {"name": f"Bench {i}", "partner_id": self.acme.id}
                    for i in range(len(shown), size)
                ]
            )
            # Half as requester, half as watcher, as a busy client would be.
            new[: len(new) // 2]._portal_share(
                self.alice.partner_id, self.bob.partner_id, send_email=False
            )
            new[len(new) // 2 :]._portal_share(
                self.bob.partner_id, self.alice.partner_id, send_email=False
            )
            shown |= new
            self.authenticate(self.bob.login, self.bob.login)
            list_q, list_ms = self.measure("/my/contracts")
            filter_q, filter_ms = self.measure("/my/contracts?filterby=watcher")
            page_q, page_ms = self.measure(f"/my/contracts/{new[0].id}")
            rows.append((size, list_q, list_ms, filter_q, filter_ms, page_q, page_ms))
        print(f"\n/my/contracts as a portal user (median of {RUNS} requests)")
        print(
            "visible  list: queries   ms   by role: queries   ms   page: queries   ms"
        )
        for row in rows:
            size, list_q, list_ms, filter_q, filter_ms, page_q, page_ms = row
            print(
                f"{size:7d}  {list_q:14d} {list_ms:5.0f}  {filter_q:17d} "
                f"{filter_ms:5.0f}  {page_q:13d} {page_ms:5.0f}"
            )
