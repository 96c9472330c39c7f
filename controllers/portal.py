# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlencode

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import consteq, format_date, str2bool

from odoo.addons.contract.controllers.main import PortalContract
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ContractPortal(PortalContract):
    # === List ===

    def _contract_searchbar_sortings(self):
        return {
            "shared": {
                "label": request.env._("Date shared"),
                "order": "portal_shared_date desc, id desc",
            },
            "code": {"label": request.env._("Reference"), "order": "code, id"},
            "name": {"label": request.env._("Name"), "order": "name, id"},
            "requester": {
                "label": request.env._("Requester"),
                "order": "portal_requester_id, id",
            },
        }

    def _contract_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All")},
            "requester": {"label": request.env._("I am the requester")},
            "watcher": {"label": request.env._("I am a watcher")},
            "colleague": {"label": request.env._("Shared with a colleague")},
            "customer": {"label": request.env._("I am the customer")},
        }

    def _contract_searchbar_inputs(self):
        return {
            "all": {
                "input": "all",
                # Also the search box's placeholder: short enough for it.
                "label": request.env._("Reference or name"),
            },
            "code": {"input": "code", "label": request.env._("Reference")},
            "name": {"input": "name", "label": request.env._("Name")},
        }

    def _contract_search_domain(self, search_in, search):
        if not search:
            return Domain.TRUE
        if search_in == "code":
            return Domain("code", "ilike", search)
        if search_in == "name":
            return Domain("name", "ilike", search)
        return Domain("code", "ilike", search) | Domain("name", "ilike", search)

    def _prepare_contracts_portal_rendering_values(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kw
    ):
        Contract = request.env["contract.contract"]
        partner = request.env.user.partner_id
        sortings = self._contract_searchbar_sortings()
        filters = self._contract_searchbar_filters()
        sortby = sortby if sortby in sortings else "shared"
        filterby = filterby if filterby in filters else "all"
        search_in = (
            search_in if search_in in self._contract_searchbar_inputs() else "all"
        )
        # The record rule already limits what the user sees; this keeps OCA's
        # hook and narrows by role.
        domain = Domain(self._get_filter_domain(kw)) & self._contract_search_domain(
            search_in, search
        )
        if filterby != "all":
            domain &= Contract._portal_audience_domain(partner, filterby)
        order, step = sortings[sortby]["order"], self._items_per_page
        contracts = None
        if str(page) in ("", "1"):
            # Most people see one page of contracts: its length is the count,
            # without a query of its own.
            contracts = Contract.search(domain, order=order, limit=step)
        total = (
            len(contracts)
            if contracts is not None and len(contracts) < step
            else Contract.search_count(domain)
        )
        pager = portal_pager(
            url="/my/contracts",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search_in": search_in,
                "search": search,
            },
            total=total,
            page=page,
            step=step,
        )
        if contracts is None:
            contracts = Contract.search(
                domain, order=order, limit=step, offset=pager["offset"]
            )
        # One query for the page's roles and requesters: read through the
        # portal user's own rules on contacts, each row would cost queries.
        rows = contracts.sudo()._portal_roles(partner)
        return {
            "contracts": contracts,
            "portal_roles": {cid: role for cid, (role, _name) in rows.items()},
            "portal_requesters": {cid: name for cid, (_role, name) in rows.items()},
            # Formatted once per page rather than through a field widget per row.
            "portal_shared_dates": {
                contract.id: format_date(
                    request.env,
                    contract.portal_shared
                    and contract.portal_shared_date
                    and fields.Datetime.context_timestamp(
                        contract, contract.portal_shared_date
                    ),
                )
                for contract in contracts
            },
            "portal_states": dict(
                Contract._fields["portal_state"]._description_selection(request.env)
            ),
            "portal_partner": partner,
            "page_name": "Contracts",
            "pager": pager,
            "default_url": "/my/contracts",
            "searchbar_sortings": sortings,
            "sortby": sortby,
            "searchbar_filters": filters,
            "filterby": filterby,
            "searchbar_inputs": self._contract_searchbar_inputs(),
            "search_in": search_in,
            "search": search,
        }

    @http.route()
    def portal_my_contracts(self, page=1, date_begin=None, date_end=None, **kw):
        if not request.env["contract.contract"].has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(self._prepare_contracts_portal_rendering_values(page, **kw))
        values["unavailable"] = kw.get("unavailable") == "1"
        values["left_contract"] = kw.get("left") == "1"
        request.session["my_contracts_history"] = values["contracts"].ids[:100]
        return request.render("contract.portal_my_contracts", values)

    # === Contract page ===

    def _contract_get_page_view_values(self, contract, access_token, **kwargs):
        values = super()._contract_get_page_view_values(
            contract, access_token, **kwargs
        )
        partner = request.env.user.partner_id
        can_manage = (
            not request.env.user._is_public()
            and contract.portal_requester_id == partner
        )
        people_search = (kwargs.get("people_search") or "").strip()
        people = contract._portal_people()
        values.update(
            portal_attachments=contract._portal_visible_attachments(),
            portal_can_manage_people=can_manage,
            # An individual client has no colleague to add.
            portal_can_add_people=can_manage
            and not contract.sudo().portal_company_id._portal_individual(),
            portal_people_search=people_search,
            portal_candidates=(
                contract._portal_watcher_candidates(people_search, limit=20)
                if can_manage and people_search
                else request.env["res.partner"]
            ),
            # Searching for someone already on the contract says so.
            portal_people_found=(
                people.filtered(
                    lambda p: people_search.casefold()
                    in f"{p.name} {p.email or ''}".casefold()
                )
                if can_manage and people_search
                else request.env["res.partner"]
            ),
            portal_remove_confirm=(
                contract.portal_watcher_ids.filtered(
                    lambda p: str(p.id) == kwargs.get("confirm_remove")
                )
                if can_manage
                else request.env["res.partner"]
            ),
            portal_partner=partner,
            portal_can_leave=partner in contract.portal_watcher_ids,
            portal_leave_confirm=kwargs.get("confirm_leave") == "1",
            portal_people_done=kwargs.get("people_done")
            if kwargs.get("people_done") in ("added", "removed", "left")
            else None,
            portal_people_error=kwargs.get("people_error"),
            **self._contract_sign_values(contract, partner, kwargs),
        )
        self._contract_record_activity(contract.sudo(), "view")
        return values

    def _contract_sign_values(self, contract, partner, kwargs):
        contract_sudo = contract.sudo()
        # Without a request (the stored state says so), no query for it.
        lines = (
            contract_sudo.portal_signature_ids
            if contract_sudo.portal_sign_state
            else request.env["contract.portal.signature"].sudo()
        )
        mine = lines.filtered(lambda s: s.partner_id == partner)
        # The signer opening the emailed link logged out: asked to log in and
        # brought back here, not shown their own request in the third person.
        login_url = None
        if request.env.user._is_public() and lines:
            visitor, _user = self._contract_activity_visitor(contract_sudo)
            if visitor and lines.filtered(
                lambda s: s.partner_id == visitor and s.state == "pending"
            ):
                login_url = "/web/login?" + urlencode(
                    {"redirect": contract_sudo.access_url}
                )
        return {
            "portal_sign_lines": lines,
            "portal_sign_login_url": login_url,
            # The signer whose turn it was, when staff cancelled the request
            # (without a request, no query for it).
            "portal_sign_cancelled": bool(
                contract_sudo.portal_sign_request_id
                and contract_sudo.portal_sign_request_id.state == "cancelled"
                and contract_sudo.portal_sign_request_id.signer_ids.filtered(
                    lambda s: s.partner_id == partner and s.state == "cancelled"
                )
            ),
            # Logged in only: a token or an emailed link does not sign.
            "portal_sign_mine": (
                mine.filtered(lambda s: s.state == "pending")
                if not request.env.user._is_public()
                else lines.browse()
            ),
            "portal_sign_done": kwargs.get("sign_done")
            if kwargs.get("sign_done") in ("signed", "declined")
            else None,
            "portal_sign_error": kwargs.get("sign_error"),
        }

    def _document_check_access(self, model_name, document_id, access_token=None):
        # Odoo compares tokens with consteq, which raises on non-ASCII text: a
        # forged token must get the answer of a wrong token, not an error.
        if (
            model_name == "contract.contract"
            and access_token
            and not access_token.isascii()
        ):
            access_token = "-"
        return super()._document_check_access(model_name, document_id, access_token)

    @http.route()
    def portal_my_contract_detail(
        self,
        contract_contract_id,
        access_token=None,
        report_type=None,
        download=False,
        **kw,
    ):
        if request.env.user._is_public():
            try:
                self._document_check_access(
                    "contract.contract", contract_contract_id, access_token
                )
            except (AccessError, MissingError):
                return self._contract_refused()
        if report_type not in ("html", "pdf", "text"):
            response = super().portal_my_contract_detail(
                contract_contract_id, access_token=access_token, **kw
            )
            # OCA's page sends a refused visitor home without a word; checking
            # access here first would cost the page its queries twice.
            if response.status_code == 303 and response.location == "/my":
                return self._contract_refused()
            # The page's buttons act on the request as it is now: after
            # signing, the browser's back button must ask the server again
            # rather than show the buttons from its cache.
            response.headers["Cache-Control"] = "no-store"
            return response
        try:
            contract_sudo = self._document_check_access(
                "contract.contract", contract_contract_id, access_token
            )
        except (AccessError, MissingError):
            return self._contract_refused()
        return self._show_report(
            model=contract_sudo,
            report_type=report_type,
            report_ref="contract.report_contract",
            download=str2bool(download or "0", default=False),
        )

    def _contract_refused(self):
        """OCA's answer for a refused or missing contract page is the portal's
        home. A visitor who is not logged in is asked to log in first and then
        brought back to the page asked for, as the links of an email listing
        several contracts need: they are plain portal URLs. Every contract id
        gets that same answer, so it tells nothing of which exist; a logged-in
        visitor is told so on the Contracts page."""
        if request.env.user._is_public():
            # Without the refused token: it has no use once logged in.
            args = [
                (key, value)
                for key, value in request.httprequest.args.items(multi=True)
                if key not in ("access_token", "pid", "hash")
            ]
            path = request.httprequest.path + (f"?{urlencode(args)}" if args else "")
            return request.redirect(f"/web/login?{urlencode({'redirect': path})}")
        return request.redirect("/my/contracts?unavailable=1")

    def _contract_check_access(self, contract_id, access_token=None):
        """The contract as sudo, or the same NotFound whether it does not exist
        or is not shared with the visitor."""
        try:
            return self._document_check_access(
                "contract.contract", contract_id, access_token
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error

    @http.route(
        "/my/contracts/<int:contract_id>/attachments/<int:attachment_id>",
        type="http",
        auth="public",
        website=True,
    )
    def portal_contract_attachment(
        self, contract_id, attachment_id, access_token=None, download=None, **kw
    ):
        contract_sudo = self._contract_check_access(contract_id, access_token)
        attachment = contract_sudo._portal_visible_attachments().filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment:
            raise NotFound()
        response = (
            request.env["ir.binary"]
            ._get_stream_from(attachment)
            .get_response(as_attachment=str2bool(download or "0", default=False))
        )
        self._contract_record_activity(contract_sudo, "attachment", attachment.name)
        return response

    # === People, managed by the requester ===

    def _contract_for_requester(self, contract_id):
        self._contract_check_access(contract_id)
        # sudo() keeps the portal user as author of the change and its emails.
        contract_sudo = request.env["contract.contract"].sudo().browse(contract_id)
        if contract_sudo.portal_requester_id != request.env.user.partner_id:
            raise Forbidden()
        return contract_sudo

    def _contract_people_redirect(self, contract_sudo, error=None, done=None):
        args = {"people_error": error} if error else {"people_done": done}
        query = f"?{urlencode(args)}" if error or done else ""
        return request.redirect(f"{contract_sudo.access_url}{query}#contract_people")

    def _contract_posted_partner(self, partner_id):
        try:
            partner_id = int(partner_id or 0)
        except ValueError:
            partner_id = 0
        return request.env["res.partner"].sudo().browse(partner_id)

    @http.route(
        "/my/contracts/<int:contract_id>/watchers/add",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_watcher_add(self, contract_id, partner_id=None, **kw):
        contract_sudo = self._contract_for_requester(contract_id)
        partner = self._contract_posted_partner(partner_id)
        if partner not in contract_sudo._portal_watcher_candidates():
            return self._contract_people_redirect(
                contract_sudo,
                error=request.env._(
                    "Only portal users of your company can be added as watchers."
                ),
            )
        try:
            contract_sudo._portal_set_watchers(
                contract_sudo.portal_watcher_ids | partner
            )
        except ValidationError as error:
            return self._contract_people_redirect(contract_sudo, error=str(error))
        return self._contract_people_redirect(contract_sudo, done="added")

    @http.route(
        "/my/contracts/<int:contract_id>/watchers/remove",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_watcher_remove(self, contract_id, partner_id=None, **kw):
        contract_sudo = self._contract_for_requester(contract_id)
        partner = self._contract_posted_partner(partner_id)
        if partner not in contract_sudo.portal_watcher_ids:
            return self._contract_people_redirect(contract_sudo)
        contract_sudo._portal_set_watchers(contract_sudo.portal_watcher_ids - partner)
        return self._contract_people_redirect(contract_sudo, done="removed")

    @http.route(
        "/my/contracts/<int:contract_id>/watchers/leave",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_watcher_leave(self, contract_id, **kw):
        """A watcher stops watching: they keep the contract only where their
        company lets colleagues see each other's contracts."""
        self._contract_check_access(contract_id)
        contract_sudo = request.env["contract.contract"].sudo().browse(contract_id)
        partner = request.env.user.partner_id
        if partner not in contract_sudo.portal_watcher_ids:
            raise Forbidden()
        contract_sudo._portal_set_watchers(contract_sudo.portal_watcher_ids - partner)
        contract = request.env["contract.contract"].browse(contract_id)
        if contract.has_access("read"):
            return request.redirect(f"{contract.access_url}?people_done=left")
        return request.redirect("/my/contracts?left=1")

    # === Signature, by the signer asked for ===

    def _contract_for_signer(self, contract_id):
        """The contract as sudo when the logged-in visitor sees it, or the
        error to show: a token or an old emailed link is not enough to sign."""
        if request.env.user._is_public():
            return None, request.env._("Log in to the portal to sign this contract.")
        contract = request.env["contract.contract"].browse(contract_id)
        if not contract.exists() or not contract.has_access("read"):
            return None, request.env._("This contract is not available to you.")
        return contract.sudo(), None

    @http.route(
        "/my/contracts/<int:contract_id>/sign",
        type="jsonrpc",
        auth="public",
        website=True,
    )
    def portal_contract_sign(self, contract_id, name=None, signature=None, **kw):
        contract_sudo, error = self._contract_for_signer(contract_id)
        if error:
            return {"error": error}
        try:
            contract_sudo._portal_sign(
                request.env.user.partner_id,
                name if isinstance(name, str) else None,
                signature if isinstance(signature, str) else None,
                ip_address=request.httprequest.remote_addr,
                user_agent=request.httprequest.user_agent.string,
            )
        except UserError as error:
            return {"error": error.args[0]}
        self._contract_record_activity(contract_sudo, "sign")
        return {
            "force_refresh": True,
            "redirect_url": f"{contract_sudo.access_url}?sign_done=signed",
        }

    @http.route(
        "/my/contracts/<int:contract_id>/decline",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_contract_decline(self, contract_id, decline_reason=None, **kw):
        contract_sudo, error = self._contract_for_signer(contract_id)
        if error:
            return self._contract_refused()
        try:
            contract_sudo._portal_decline(request.env.user.partner_id, decline_reason)
        except UserError as error:
            query = urlencode({"sign_error": error.args[0]})
            return request.redirect(f"{contract_sudo.access_url}?{query}#contract_sign")
        self._contract_record_activity(contract_sudo, "decline")
        return request.redirect(f"{contract_sudo.access_url}?sign_done=declined")

    # === Portal activity: recorded next to the routes that serve it ===

    def _contract_activity_visitor(self, contract_sudo):
        """The partner and user to record, or (None, None): internal users
        previewing are not recorded; a visitor without a login counts when the
        emailed link names them (pid with its hash)."""
        user = request.env.user
        if user._is_internal():
            return None, None
        if not user._is_public():
            return user.partner_id, user
        params = request.params
        try:
            pid = int(params.get("pid") or 0)
        except ValueError:
            return None, None
        if pid and consteq(contract_sudo._sign_token(pid), params.get("hash") or ""):
            return request.env["res.partner"].sudo().browse(pid), user.browse()
        return None, None

    def _contract_record_activity(self, contract_sudo, kind, name=None):
        partner, user = self._contract_activity_visitor(contract_sudo)
        if partner:
            request.env["contract.portal.activity"].sudo()._record(
                contract_sudo, partner, user, kind, name=name
            )

    def _show_report(self, model, report_type, report_ref, download=False):
        if model._name == "contract.contract" and report_type == "pdf":
            kind = "pdf" if download else "pdf_view"
            for contract_sudo in model.sudo():
                self._contract_record_activity(contract_sudo, kind)
        return super()._show_report(model, report_type, report_ref, download)
