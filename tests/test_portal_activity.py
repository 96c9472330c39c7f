# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta
from json import dumps as json_dumps

from odoo import fields, http
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import format_date

from .common import ContractPortalShareCommon

# /my/contracts/<id> for this share (an attachment shown, the people, the
# report buttons), once warm, without recording: 20 queries for the
# requester. Recording adds one statement, whether or not it inserts.
PAGE_QUERIES = 20


@tagged("post_install", "-at_install")
class TestPortalActivity(ContractPortalShareCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.share_with_alice()
        cls.Activity = cls.env["contract.portal.activity"]

    def rows(self, **domain):
        return self.Activity.search(
            [("contract_id", "=", self.contract.id)]
            + [(name, "=", value) for name, value in domain.items()]
        )

    def view(self, user, url=None):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)
        return self.url_open(url or f"/my/contracts/{self.contract.id}")

    def test_view_recorded_once_a_day_with_role(self):
        self.assertEqual(self.view(self.alice).status_code, 200)
        self.view(self.alice)
        self.view(self.bob)
        alice, bob = (
            self.rows(partner_id=self.alice.partner_id.id),
            self.rows(partner_id=self.bob.partner_id.id),
        )
        self.assertEqual(len(alice), 1)
        self.assertEqual(
            (alice.kind, alice.role, alice.user_id, alice.day),
            ("view", "requester", self.alice, fields.Date.today()),
        )
        self.assertEqual((bob.kind, bob.role), ("view", "watcher"))
        # Colleague visibility (Acme allows it): Carol sees it as a colleague.
        self.view(self.carol)
        self.assertEqual(
            self.rows(partner_id=self.carol.partner_id.id).role, "colleague"
        )
        # Another day: another row.
        alice.write({"day": fields.Date.today() - timedelta(days=1)})
        self.view(self.alice)
        self.assertEqual(len(self.rows(partner_id=self.alice.partner_id.id)), 2)

    def test_recording_costs_one_insert_then_one_probe_a_day(self):
        url = f"/my/contracts/{self.contract.id}"
        self.authenticate(self.alice.login, self.alice.login)
        for _warmup in range(2):
            self.url_open(url)
        self.env.cr.execute(
            "DELETE FROM contract_portal_activity WHERE contract_id = %s",
            [self.contract.id],
        )
        # First view of the day: a probe finds no row, one insert adds it.
        with self.assertQueryCount(PAGE_QUERIES + 2), self.sql_statements() as sql:
            self.assertEqual(self.url_open(url).status_code, 200)
        self.assertEqual(len(self.rows()), 1)
        touching = [q for q in sql.output if "contract_portal_activity" in q]
        self.assertEqual(len(touching), 2, touching)
        self.assertIn("INSERT", touching[1])
        # Later views the same day: the probe finds it, nothing is written.
        with self.assertQueryCount(PAGE_QUERIES + 1), self.sql_statements() as sql:
            self.url_open(url)
        self.assertEqual(len(self.rows()), 1)
        touching = [q for q in sql.output if "contract_portal_activity" in q]
        self.assertEqual(len(touching), 1, touching)
        self.assertNotIn("INSERT", touching[0])

    def sql_statements(self):
        """The statements the server runs, as Odoo's SQL logger prints them."""
        logging.getLogger("odoo.sql_db").setLevel(logging.DEBUG)
        self.addCleanup(logging.getLogger("odoo.sql_db").setLevel, logging.INFO)
        return self.assertLogs("odoo.sql_db", level="DEBUG")

    def test_downloads_recorded_each_time(self):
        self.authenticate(self.alice.login, self.alice.login)
        url = (
            f"/my/contracts/{self.contract.id}/attachments/{self.attachment_public.id}"
            f"?access_token={self.contract.access_token}&download=1"
        )
        for _i in range(2):
            self.assertEqual(self.url_open(url).status_code, 200)
        downloads = self.rows(kind="attachment")
        self.assertEqual(len(downloads), 2)
        self.assertEqual(set(downloads.mapped("name")), {"plan.txt"})
        self.assertEqual(set(downloads.mapped("role")), {"requester"})
        # A file the share does not show: refused and not recorded.
        refused = self.url_open(
            f"/my/contracts/{self.contract.id}/attachments/{self.attachment_private.id}"
        )
        self.assertEqual(refused.status_code, 404)
        self.assertEqual(len(self.rows(kind="attachment")), 2)

    def test_pdf_view_and_download_recorded_apart(self):
        session = self.authenticate(self.bob.login, self.bob.login)
        # Odoo's tests answer reports in HTML unless asked for a real PDF.
        session.context["force_report_rendering"] = True
        http.root.session_store.save(session)
        response = self.url_open(
            f"/my/contracts/{self.contract.id}?report_type=pdf",
            timeout=60,  # wkhtmltopdf on a loaded machine
        )
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertFalse(self.rows(kind="pdf"), "viewed, not downloaded")
        viewed = self.rows(kind="pdf_view")
        self.assertEqual((len(viewed), viewed.partner_id), (1, self.bob.partner_id))
        response = self.url_open(
            f"/my/contracts/{self.contract.id}?report_type=pdf&download=true",
            timeout=60,  # wkhtmltopdf on a loaded machine
        )
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        pdf = self.rows(kind="pdf")
        self.assertEqual(
            (len(pdf), pdf.partner_id, pdf.role), (1, self.bob.partner_id, "watcher")
        )
        self.assertEqual(len(self.rows(kind="pdf_view")), 1)

    def test_internal_preview_not_recorded(self):
        self.assertEqual(self.view(self.manager).status_code, 200)
        self.assertFalse(self.rows())

    def test_emailed_link_records_the_named_person_only(self):
        contract = self.contract.sudo()
        token = contract._portal_ensure_token()
        pid = self.bob.partner_id.id
        self.view(None, f"{contract.access_url}?access_token={token}")
        self.assertFalse(self.rows())
        self.view(
            None, f"{contract.access_url}?access_token={token}&pid={pid}&hash=bad"
        )
        self.assertFalse(self.rows())
        signed = contract._sign_token(pid)
        self.view(
            None, f"{contract.access_url}?access_token={token}&pid={pid}&hash={signed}"
        )
        row = self.rows()
        self.assertEqual(
            (row.partner_id, row.user_id, row.role),
            (self.bob.partner_id, self.env["res.users"], "watcher"),
        )

    def test_portal_users_never_read_activity(self):
        self.view(self.alice)
        with self.assertRaises(AccessError):
            self.Activity.with_user(self.alice).search_read([], ["partner_id"])
        with self.assertRaises(AccessError):
            self.contract.with_user(self.alice).read(["portal_activity_count"])

    def test_json_rpc_search_read_refused_to_portal(self):
        self.view(self.alice)
        self.authenticate(self.bob.login, self.bob.login)
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json_dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": "contract.portal.activity",
                        "method": "search_read",
                        "args": [[]],
                        "kwargs": {"fields": ["partner_id", "kind"]},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertNotIn("result", response)
        self.assertEqual(
            response["error"]["data"]["name"], "odoo.exceptions.AccessError"
        )

    def test_back_office_count_last_seen_and_list(self):
        self.view(self.alice)
        self.authenticate(self.alice.login, self.alice.login)
        self.url_open(
            f"/my/contracts/{self.contract.id}/attachments/{self.attachment_public.id}"
        )
        contract = self.contract.with_user(self.manager)
        self.assertEqual(contract.portal_activity_count, 2)
        self.assertIn("Alice Test", contract.portal_last_seen)
        seen = fields.Datetime.context_timestamp(
            contract, self.rows(kind="view").date
        ).date()
        self.assertIn(
            f"last seen {format_date(self.env, seen, date_format='medium')}",
            contract.portal_last_seen,
        )
        self.assertIn("Bob Test", contract.portal_last_seen)
        self.assertIn("not seen yet", contract.portal_last_seen)
        action = contract.action_open_portal_activity()
        self.assertEqual(action["res_model"], "contract.portal.activity")
        self.assertEqual(action["context"]["group_by"], ["partner_id"])
        groups = self.Activity.with_user(self.manager).read_group(
            action["domain"], ["partner_id"], ["partner_id"]
        )
        self.assertEqual(
            [(g["partner_id"][0], g["partner_id_count"]) for g in groups],
            [(self.alice.partner_id.id, 2)],
        )
        # Read only in the back office too.
        with self.assertRaises(AccessError):
            self.Activity.with_user(self.manager).search([]).unlink()

    def test_old_rows_deleted_after_retention(self):
        self.view(self.alice)
        self.view(self.bob)
        old = self.rows(partner_id=self.bob.partner_id.id)
        old.write({"date": fields.Datetime.now() - timedelta(days=31)})
        settings = self.env["res.config.settings"].create(
            {"contract_portal_activity_retention_days": 30}
        )
        settings.execute()
        self.assertEqual(self.Activity._retention_days(), 30)
        cron = self.env.ref(
            "contract_portal_share.ir_cron_contract_portal_activity_cleanup"
        )
        cron.ir_actions_server_id.with_user(cron.user_id).run()
        self.assertFalse(old.exists())
        self.assertEqual(self.rows().partner_id, self.alice.partner_id)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"contract_portal_activity_retention_days": 0}
            )
