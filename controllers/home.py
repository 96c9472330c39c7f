# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request

from odoo.addons.portal.controllers.web import Home


class ContractPortalShareHome(Home):
    def _login_redirect(self, uid, redirect=None):
        """Portal users land in their own language.

        The login page leaves the visitor's browser language in the
        ``frontend_lang`` cookie, which outranks the user's language on every
        portal page; the language selector of the footer still changes it."""
        user = request.env["res.users"].sudo().browse(uid)
        lang = request.env["ir.http"].get_nearest_lang(user.lang)
        if user.share and lang:
            headers = request.future_response.headers
            # A frontend route may already have queued the login page's one.
            cookies = [
                value
                for value in headers.getlist("Set-Cookie")
                if not value.startswith("frontend_lang=")
            ]
            headers.remove("Set-Cookie")
            for value in cookies:
                headers.add("Set-Cookie", value)
            request.future_response.set_cookie("frontend_lang", lang)
        return super()._login_redirect(uid, redirect=redirect)
