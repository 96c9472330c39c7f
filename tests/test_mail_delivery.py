# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Share emails delivered for real: a real SMTP server (aiosmtpd) on a loopback
port, Odoo's mail queue run in a separate Odoo process. pytest-only: its data
is committed for that process, which Odoo's runner would block while it
installs.

Odoo never opens an SMTP connection inside a test: ``ir.mail_server``'s
``_disable_send()`` is true whenever a test runs (``modules.module.current_test``),
and Odoo's own SMTP tests patch it away. Without patching anything, the queue
runs where Odoo runs it in production, in a process of its own (``odoo-bin
shell``, as a cron worker would), which only sees committed data. So this test
commits its records through a cursor of its own and deletes them at the end:
run it on a database that no Odoo server is serving at the same time (its mail
cron could send these emails first), such as the throwaway one of `make test`.
"""

import email
import html
import json
import os
import re
import socket
import subprocess
import sys
from email import policy
from urllib.parse import urlsplit

import requests
from aiosmtpd.controller import Controller

from odoo import api
from odoo.modules.registry import Registry
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import config

from .common import signature_png

# Run by pytest-odoo only (tools/pytest_one_runner.py): a real SMTP server and Odoo's
# mail queue in a process of its own, on committed data.
PYTEST_ONLY = True

QUEUE_RUN = """
import json
ids = %s
env["mail.mail"].process_email_queue(email_ids=ids)
env.cr.commit()
mails = env["mail.mail"].browse(ids)
alive = mails.exists()
print("RESULT", json.dumps({
    mail.id: [mail.state, mail.failure_reason or ""] if mail in alive
    else ["deleted", ""] for mail in mails
}))
"""


class Inbox:
    """aiosmtpd handler keeping every message received, per recipient."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content, policy=policy.default
        )
        for recipient in envelope.rcpt_tos:
            self.messages.append((recipient, message))
        return "250 Message accepted for delivery"

    def received_by(self, address):
        return [message for recipient, message in self.messages if recipient == address]


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@tagged("post_install", "-at_install")
class TestMailDelivery(TransactionCase):
    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        self.port = _free_port()
        self.inbox = Inbox()
        self.smtpd = None
        self.addCleanup(self._stop_smtpd)
        self.ids = {}
        self.addCleanup(self._delete_records)
        with self._committed_env() as env:
            # Odoo's runner and pytest-odoo load the demo data, which activates
            # French; loaded here too so the test stands on any database.
            env["res.lang"]._activate_lang("fr_FR")
            env["ir.module.module"]._load_module_terms(
                ["contract_portal_share"], ["fr_FR"], overwrite=True
            )
            company = env["res.partner"].create(
                {"name": "Delivery Test Co", "is_company": True}
            )
            english = self._portal_user(
                env, "cps_mail_eve", "Eve Delivery", company, "en_US"
            )
            french = self._portal_user(
                env, "cps_mail_jean", "Jean Livraison", company, "fr_FR"
            )
            server = env["ir.mail_server"].create(
                {
                    "name": "aiosmtpd (contract_portal_share test)",
                    "smtp_host": "127.0.0.1",
                    "smtp_port": self.port,
                    "smtp_encryption": "none",
                    "sequence": 0,
                }
            )
            contracts = env["contract.contract"].create(
                [
                    {"name": "Delivery test one", "partner_id": company.id},
                    {"name": "Delivery test two", "partner_id": company.id},
                ]
            )
            self.ids = {
                "partners": (company | english.partner_id | french.partner_id).ids,
                "users": (english | french).ids,
                "server": server.id,
                "contracts": contracts.ids,
            }
        self.english_address = "cps_mail_eve@example.com"
        self.french_address = "cps_mail_jean@example.com"

    @staticmethod
    def _portal_user(env, login, name, company, lang):
        return new_test_user(
            env,
            login=login,
            name=name,
            email=f"{login}@example.com",
            groups="base.group_portal",
            parent_id=company.id,
            lang=lang,
        )

    def _committed_env(self):
        return _CommittedEnv(self.dbname)

    def _start_smtpd(self):
        self.smtpd = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.smtpd.start()

    def _stop_smtpd(self):
        if self.smtpd:
            self.smtpd.stop()
            self.smtpd = None

    def _delete_records(self):
        if not self.ids:
            return
        with self._committed_env() as env:
            contracts = env["contract.contract"].browse(self.ids["contracts"]).exists()
            # The only way past the evidence guard is below the ORM: a test
            # that commits must leave nothing behind.
            env.cr.execute(
                "DELETE FROM contract_portal_sign_request WHERE contract_id = ANY(%s)",
                [contracts.ids],
            )
            env["ir.attachment"].search(
                [
                    ("res_model", "=", "contract.contract"),
                    ("res_id", "in", contracts.ids),
                ]
            ).unlink()
            env["mail.mail"].search(
                [("model", "=", "contract.contract"), ("res_id", "in", contracts.ids)]
            ).unlink()
            env["mail.message"].search(
                [("model", "=", "contract.contract"), ("res_id", "in", contracts.ids)]
            ).unlink()
            contracts.unlink()
            env["ir.mail_server"].browse(self.ids["server"]).exists().unlink()
            env["res.users"].browse(self.ids["users"]).exists().unlink()
            env["res.partner"].browse(self.ids["partners"]).exists().unlink()

    def _share(self, contract_index):
        """Share one contract with both people as an administrator would, and
        point its emails at the test's SMTP server."""
        with self._committed_env() as env:
            people = env["res.partner"].browse(self.ids["partners"][1:])
            contract = env["contract.contract"].browse(
                self.ids["contracts"][contract_index]
            )
            contract.with_user(env.ref("base.user_admin"))._portal_share(
                people[0], people[1]
            )
            mails = env["mail.mail"].search(
                [("model", "=", "contract.contract"), ("res_id", "=", contract.id)]
            )
            # Another server of the database (MailDev of `make demo`) must
            # not get them.
            mails.mail_server_id = self.ids["server"]
            return contract.id, contract.name, contract.portal_shared, mails.ids

    def _run_queue(self, mail_ids):
        """One run of Odoo's mail queue, in an Odoo process of its own."""
        odoo_bin = os.path.join(
            os.environ.get("ODOO_SRC", "/opt/odoo/19.0"), "odoo-bin"
        )
        run = subprocess.run(
            [
                sys.executable,
                odoo_bin,
                "shell",
                "-c",
                config["config"],
                "-d",
                self.dbname,
                "--no-http",
                "--log-level=warn",
            ],
            input=QUEUE_RUN % json.dumps(mail_ids),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
        self.assertTrue(lines, f"the queue run printed nothing:\n{run.stderr[-3000:]}")
        return {int(k): v for k, v in json.loads(lines[-1][len("RESULT ") :]).items()}

    def _open_link(self, message, contract_id, contract_name):
        """Follow the email's button as an anonymous visitor: it must lead to
        the contract page."""
        body = message.get_body(("html",)).get_content()
        link = html.unescape(
            re.search(r'href="([^"]*/mail/view\?[^"]*)"', body).group(1)
        )
        parts = urlsplit(link)
        # The link carries the database's web.base.url; the test server listens
        # on its own port.
        url = f"http://127.0.0.1:{config['http_port']}{parts.path}?{parts.query}"
        response = requests.get(url, timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            urlsplit(response.url).path.endswith(f"/my/contracts/{contract_id}"),
            response.url,
        )
        self.assertIn(contract_name, response.text)

    def test_share_emails_delivered_once_each_even_after_server_down(self):
        # Server up: one email each, in the recipient's language, with a link
        # to the contract.
        self._start_smtpd()
        contract_id, name, shared, mail_ids = self._share(0)
        self.assertTrue(shared)
        self.assertEqual(len(mail_ids), 2)
        states = self._run_queue(mail_ids)
        self.assertEqual({state for state, _reason in states.values()}, {"sent"})
        english = self.inbox.received_by(self.english_address)
        french = self.inbox.received_by(self.french_address)
        self.assertEqual((len(english), len(french)), (1, 1))
        self.assertEqual(english[0]["Subject"], f"Contract {name} is shared with you")
        self.assertIn(
            "Hello Eve Delivery", english[0].get_body(("html",)).get_content()
        )
        self.assertEqual(
            french[0]["Subject"], f"Le contrat {name} est partagé avec vous"
        )
        self.assertIn(
            "Bonjour Jean Livraison", french[0].get_body(("html",)).get_content()
        )
        self._open_link(english[0], contract_id, name)
        self._open_link(french[0], contract_id, name)

        # Server down: the share still succeeds, its emails wait with the
        # reason.
        self._stop_smtpd()
        contract_id, name, shared, mail_ids = self._share(1)
        self.assertTrue(shared)
        states = self._run_queue(mail_ids)
        self.assertEqual({state for state, _reason in states.values()}, {"exception"})
        for _state, reason in states.values():
            self.assertIn("Connection refused", reason)
        self.assertEqual(len(self.inbox.messages), 2, "nothing more arrived")

        # Server back on the same port: the next queue run delivers each
        # waiting email once, and a further run sends nothing again.
        self._start_smtpd()
        states = self._run_queue(mail_ids)
        self.assertEqual({state for state, _reason in states.values()}, {"sent"})
        self._run_queue(mail_ids)
        for address in (self.english_address, self.french_address):
            subjects = [m["Subject"] for m in self.inbox.received_by(address)]
            self.assertEqual(len(subjects), 2, subjects)
            self.assertEqual(sum(name in subject for subject in subjects), 1, subjects)

    def _queue_every_kind(self):
        """Queue one email of each kind the addon sends, about the second
        contract, while the server is down; {kind: mail ids}."""
        with self._committed_env() as env:
            admin = env.ref("base.user_admin")
            eve, jean = env["res.partner"].browse(self.ids["partners"][1:3])
            contracts = env["contract.contract"].browse(self.ids["contracts"])
            contract = contracts[1].with_user(admin)
            # The responsible reads the signed notice by email.
            rita = new_test_user(
                env,
                login="cps_mail_rita",
                name="Rita Responsible",
                email="cps_mail_rita@example.com",
                groups="base.group_user,account.group_account_manager",
                notification_type="email",
            )
            self.ids["users"].append(rita.id)
            self.ids["partners"].append(rita.partner_id.id)
            contracts.user_id = rita
            before = env["mail.mail"].search([]).ids
            queued = {}

            def mark(kind):
                new = env["mail.mail"].search([("id", "not in", before)])
                queued[kind] = new.ids
                before.extend(new.ids)

            for each in contracts:
                each.with_user(admin)._portal_share(eve, jean, send_email=False)
            mark("nothing")
            contracts.with_user(admin)._portal_send_share_digests(
                {eve: contracts, jean: contracts}
            )
            mark("digest")
            # Jean is asked and reminded, and does not answer.
            (line,) = contract._portal_request_signature(jean)
            mark("signature request")
            line._send_request(reminder=True)
            mark("reminder")
            # Eve is asked and signs the other contract: her request's email
            # is not sent any more, the responsible is told.
            contracts[0].with_user(admin)._portal_request_signature(eve)
            contracts[0].sudo()._portal_sign(eve, "Eve Delivery", signature_png())
            mark("signed notice")
            wizard = (
                env["contract.portal.share"]
                .with_user(admin)
                .with_context(active_model=contract._name, active_ids=contract.ids)
                .create({"requester_id": eve.id})
            )
            invited, _was_invited = wizard._portal_invite(
                "Ivan Invite", "cps_mail_ivan@example.com", "en_US"
            )
            self.ids["partners"].append(invited.id)
            self.ids["users"].extend(invited.user_ids.ids)
            mark("invitation")
            mails = env["mail.mail"].browse(before[-sum(map(len, queued.values())) :])
            mails.mail_server_id = self.ids["server"]
            return queued

    def test_every_kind_of_email_waits_for_the_mail_server(self):
        queued = self._queue_every_kind()
        self.assertEqual(queued.pop("nothing"), [])
        with self._committed_env() as env:
            answered = env["mail.mail"].browse(queued["signed notice"])
            answered = answered.filtered(lambda m: m.state == "cancel")
            self.assertEqual(
                answered.mapped("subject"),
                ["Please review and sign the contract Delivery test one"],
                "Eve's request, queued, does not leave once she signed",
            )
            queued["signed notice"] = [
                i for i in queued["signed notice"] if i not in answered.ids
            ]
        for kind, mail_ids in queued.items():
            self.assertTrue(mail_ids, f"no {kind} email was queued")
        mail_ids = [mail_id for ids in queued.values() for mail_id in ids]
        # Server down: every one fails to connect, nothing arrives.
        states = self._run_queue(mail_ids)
        self.assertEqual({state for state, _reason in states.values()}, {"exception"})
        self.assertFalse(self.inbox.messages)
        # Server back: each arrives once (Odoo deletes its notifications once
        # sent), and a further run sends nothing.
        self._start_smtpd()
        states = self._run_queue(mail_ids)
        self.assertLessEqual(
            {state for state, _reason in states.values()}, {"sent", "deleted"}
        )
        self._run_queue(mail_ids)
        received = {}
        for address, message in self.inbox.messages:
            received.setdefault(address, []).append(message["Subject"])
        name = "Delivery test two"
        self.assertEqual(
            received.pop(self.english_address), ["2 contracts are shared with you"]
        )
        self.assertEqual(
            sorted(received.pop(self.french_address)),
            [
                "2 contrats sont partagés avec vous",
                f"Merci de relire et signer le contrat {name}",
                f"Rappel : merci de relire et signer le contrat {name}",
            ],
        )
        self.assertEqual(len(received.pop("cps_mail_ivan@example.com")), 1)
        # The note that Eve signed, and its to-do.
        self.assertEqual(len(received.pop("cps_mail_rita@example.com")), 2)
        self.assertFalse(received, "nobody else got anything")


class _CommittedEnv:
    """A superuser environment on a cursor of its own, committed on exit."""

    def __init__(self, dbname):
        self.dbname = dbname

    def __enter__(self):
        self.cr = Registry(self.dbname).cursor()
        return api.Environment(self.cr, api.SUPERUSER_ID, {})

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            # The queue runs in another process, which sees committed data
            # only (see the module's docstring); _delete_records undoes it.
            self.cr.commit()  # pylint: disable=invalid-commit
        else:
            self.cr.rollback()
        self.cr.close()
