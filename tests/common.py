# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import re

from PIL import Image

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user

from odoo.addons.base.tests.common import BaseCommon

# Users created without a time zone take the server's, or their browser's at
# their first login, while a demo database's superuser lives in Brussels: in
# the hour around midnight, the test, the back office and the portal would not
# agree on today's date. The test world has one zone.
TZ = "UTC"


def new_user(env, **values):
    """``new_test_user`` in the test world's time zone."""
    return new_test_user(env, **dict({"tz": TZ}, **values))


def one_timezone(env):
    """Put ``env``'s user (the superuser who creates the test data, and
    computes its default dates) in the test world's time zone."""
    env.user.tz = TZ


def refusal(response, contract_id):
    """How a contract page refused the visitor, its id left out: a visitor who
    is not logged in is asked to log in and brought back to the page asked
    for, whichever contract it names, existing or not."""
    location = re.sub(
        rf"%2Fmy%2Fcontracts%2F{contract_id}(?=%3F|&|$)",
        "%2Fmy%2Fcontracts%2F<id>",
        response.headers.get("Location") or "",
    )
    return response.status_code, location


def signature_png(color="black"):
    """A signature as Odoo's signature pad sends it: a PNG, base64, no
    data-URI prefix."""
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    for x in range(20, 280):
        image.putpixel((x, 50 + (x % 20) - 10), (0, 0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


class ContractPortalShareCommon(BaseCommon):
    """Two client companies with portal users, an individual client, a
    back-office contract manager and contracts not yet shown in the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        one_timezone(cls.env)
        Partner = cls.env["res.partner"]
        cls.manager = new_user(
            cls.env,
            login="cps_manager",
            name="Margaux Manager",
            email="manager@example.com",
            groups="base.group_user,account.group_account_manager,"
            "base.group_partner_manager",
        )
        cls.acme = Partner.create(
            {
                "name": "Acme Test",
                "is_company": True,
                "portal_colleague_visibility": True,
            }
        )
        cls.globex = Partner.create({"name": "Globex Test", "is_company": True})
        cls.alice = cls._portal_user("cps_alice", "Alice Test", cls.acme, "en_US")
        cls.bob = cls._portal_user("cps_bob", "Bob Test", cls.acme, "en_US")
        cls.carol = cls._portal_user("cps_carol", "Carol Test", cls.acme, "en_US")
        cls.gina = cls._portal_user("cps_gina", "Gina Test", cls.globex, "en_US")
        cls.gus = cls._portal_user("cps_gus", "Gus Test", cls.globex, "en_US")
        cls.contract = cls.env["contract.contract"].create(
            {"name": "Acme maintenance", "code": "TST-001", "partner_id": cls.acme.id}
        )
        cls.contract_2 = cls.env["contract.contract"].create(
            {"name": "Acme cleaning", "code": "TST-002", "partner_id": cls.acme.id}
        )
        cls.attachment_public = cls._attach(cls.contract, "plan.txt", b"The plan")
        cls.attachment_private = cls._attach(
            cls.contract, "margin.txt", b"Internal margin"
        )

    @classmethod
    def _portal_user(cls, login, name, company, lang):
        return new_user(
            cls.env,
            login=login,
            name=name,
            email=f"{login}@example.com",
            groups="base.group_portal",
            parent_id=company.id if company else False,
            lang=lang,
        )

    @classmethod
    def _french_portal_user(cls, login, name, company):
        """A portal user in French, with the module's French terms loaded."""
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["contract_portal_share"], ["fr_FR"], overwrite=True
        )
        return cls._portal_user(login, name, company, "fr_FR")

    @classmethod
    def _attach(cls, record, name, raw):
        return cls.env["ir.attachment"].create(
            {
                "name": name,
                "res_model": record._name,
                "res_id": record.id,
                "datas": base64.b64encode(raw),
                "mimetype": "text/plain",
            }
        )

    @classmethod
    def share_with_alice(cls, watchers=None):
        """The share most tests start from: Alice requester, Bob watcher (or
        ``watchers``), the public attachment shown, no email."""
        return cls.contract._portal_share(
            cls.alice.partner_id,
            watchers or cls.bob.partner_id,
            attachment_mode="selected",
            attachments=cls.attachment_public,
            send_email=False,
        )

    def queued_mails(self, contract):
        return self.env["mail.mail"].search(
            [("model", "=", contract._name), ("res_id", "=", contract.id)]
        )

    def assertNotShared(self, contract):
        """Nothing of a share was saved: fields, followers, emails, access."""
        self.assertFalse(contract.portal_shared)
        self.assertFalse(contract.portal_watcher_ids)
        self.assertFalse(
            contract.message_partner_ids
            & (self.alice | self.bob | self.gina).partner_id
        )
        self.assertFalse(self.queued_mails(contract))
        with self.assertRaises(AccessError):
            contract.with_user(self.alice).check_access("read")

    def chatter_notes(self, record):
        return record.message_ids.filtered(lambda m: m.message_type == "notification")

    def share_form(self, contracts, user=None):
        """The window as opened from the Action menu of ``contracts``."""
        wizard = self.env["contract.portal.share"].with_user(user or self.manager)
        return Form(
            wizard.with_context(
                active_model="contract.contract",
                active_ids=contracts.ids,
                active_id=contracts[:1].id,
            )
        )

    def share(self, contracts, requester, watchers=(), **values):
        with self.share_form(contracts) as form:
            form.requester_id = requester.partner_id
            for watcher in watchers:
                form.watcher_ids.add(watcher.partner_id)
            for name, value in values.items():
                setattr(form, name, value)
        return form.record.action_share()


class RealPdfMixin:
    """For HttpCase: reports answered as PDF files, not Odoo's test-mode HTML."""

    def authenticate(self, user, password, **kwargs):
        session = super().authenticate(user, password, **kwargs)
        # Odoo's tests render reports as HTML unless asked for a real PDF, as
        # its own tests do through this context key.
        session.context["force_report_rendering"] = True
        http.root.session_store.save(session)
        return session


class TourCommon(ContractPortalShareCommon, HttpCase):
    """For Chromium tours: the people, contract and files under the names the
    tours look for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice.name = "Tour Alice"
        cls.bob.name = "Tour Bob"
        cls.carol.name = "Tour Carol"
        cls.gina.name = "Tour Gina"
        cls.contract.name = "Tour maintenance"
        cls.attachment_public.write({"name": "tour-plan.txt", "raw": b"The tour plan"})
        cls.attachment_private.name = "tour-margin.txt"

    def form_url(self, contract=None):
        return (
            "/odoo/action-contract.action_customer_contract/"
            f"{(contract or self.contract).id}"
        )
