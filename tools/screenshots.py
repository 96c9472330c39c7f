#!/usr/bin/env python3
# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Screenshots of readme/USAGE.md (README.rst, index.html), taken in
headless Chromium from the demo (`make demo` running, with MailDev).

    make screenshots                       # the demo at http://localhost:8069
    make screenshots HTTP_PORT=8272 MAILDEV_WEB_PORT=1180

Drives Chromium through its DevTools protocol (python3-websocket, Debian), logs
in as the demo users and writes static/description/screenshot_*.png
(1400x900). The emails: the newest French and English share emails found in
MailDev; when there is none, it shares BELL-003 with Émile (French) and adds
Carla (English) to ACME-003 through the share window's model, as a
back-office user would, then waits for Odoo's mail queue (about a minute).
Each screenshot is independent: a failing one is reported, the others are
still taken, and the exit status is 1.
"""

import argparse
import base64
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

import websocket  # python3-websocket

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(HERE, "static", "description")
WIDTH, HEIGHT = 1400, 900


class Browser:
    """Headless Chromium, one page, driven over the DevTools protocol."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="cps-shots-")
        self.proc = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--hide-scrollbars",
                "--lang=en-US",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(p for p in pages if p["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )

    def send(self, method, params=None):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params or {}})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression):
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression, timeout=30, what=None):
        end = time.time() + timeout
        while time.time() < end:
            try:
                # Nodes do not serialize: ask for a boolean.
                if self.js(f"!!({expression})"):
                    return
            except RuntimeError:
                pass
            time.sleep(0.25)
        raise TimeoutError(f"waited {timeout}s for {what or expression}")

    def goto(self, url, ready="document.readyState === 'complete'"):
        self.send("Page.navigate", {"url": url})
        time.sleep(0.5)
        self.wait(ready, what=f"{url} ({ready})")

    def click(self, selector, text=None):
        """Click the first element matching ``selector`` (and containing
        ``text``), waiting for it to appear."""
        find = (
            f"[...document.querySelectorAll({json.dumps(selector)})]"
            f".find(e => e.offsetParent !== null && "
            f"(!{json.dumps(text)} || "
            f"e.textContent.includes({json.dumps(text or '')})))"
        )
        self.wait(find, what=f"{selector} {text or ''}")
        self.js(f"{find}.click()")

    def type_into(self, selector, value):
        self.wait(f"document.querySelector({json.dumps(selector)})", what=selector)
        self.js(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", {"text": value})

    def settle(self, seconds=1.0):
        """Let the web client finish rendering (animations, lazy images)."""
        time.sleep(seconds)
        self.wait(
            "!document.querySelector('.o_loading_indicator, .o-loading')", timeout=20
        )

    def screenshot(self, name):
        data = base64.b64decode(
            self.send("Page.captureScreenshot", {"format": "png"})["data"]
        )
        path = os.path.join(OUT, f"screenshot_{name}.png")
        try:  # PIL comes with Odoo's Debian dependencies (python3-pil)
            from PIL import Image

            image = Image.open(io.BytesIO(data))
            image.save(path, optimize=True)
        except ImportError:
            with open(path, "wb") as file:
                file.write(data)
        print(f"  {os.path.relpath(path, HERE)}  {os.path.getsize(path) // 1024} KB")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(10)
            shutil.rmtree(self.profile, ignore_errors=True)


class Shots:
    def __init__(self, browser, odoo, maildev):
        self.b = browser
        self.odoo = odoo
        self.maildev = maildev
        self.user = None

    def login(self, login):
        if self.user == login:
            return
        self.b.goto(f"{self.odoo}/web/session/logout?redirect=/web/login")
        self.b.goto(
            f"{self.odoo}/web/login", "document.querySelector('input[name=login]')"
        )
        self.b.js(
            f"document.querySelector('input[name=login]').value = {json.dumps(login)};"
            "document.querySelector('input[name=password]').value = "
            f"{json.dumps(login)};"
            "document.querySelector('input[name=login]').form.submit()"
        )
        time.sleep(1)
        self.b.wait(
            "document.readyState === 'complete'"
            " && !location.pathname.startsWith('/web/login')",
            what=f"login as {login}",
        )
        self.user = login

    def backend(self, path, ready=".o_action_manager .o_view_controller"):
        self.b.goto(f"{self.odoo}{path}", f"document.querySelector('{ready}')")
        self.b.settle()

    def rpc(self, model, method, args, kwargs=None):
        """JSON-RPC as the logged-in user, from the page (its session)."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        return self.b.js(
            "fetch('/web/dataset/call_kw', {method: 'POST',"
            " headers: {'Content-Type': 'application/json'},"
            f" body: JSON.stringify({json.dumps(payload)})}})"
            ".then(r => r.json()).then(r => {"
            " if (r.error) throw new Error(JSON.stringify(r.error));"
            " return r.result; })"
        )

    def record_id(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.rpc(
            "ir.model.data",
            "search_read",
            [[["module", "=", module], ["name", "=", name]], ["res_id"]],
        )
        return rows[0]["res_id"]

    # === Back office ===

    def share_window(self):
        self.login("admin")
        contract = self.record_id("contract_portal_share.contract_bellevue_pool_demo")
        # The window of a first share: BELL-003 must not be shown yet.
        self.rpc("contract.contract", "action_portal_unshare", [[contract]])
        self.backend(
            f"/odoo/action-contract.action_customer_contract/{contract}", ".o_form_view"
        )
        self.b.click(".o_cp_action_menus button, .o_control_panel_actions button", "")
        self.b.click(
            ".o-dropdown--menu .dropdown-item, .o_menu_item", "Show in client portal"
        )
        self.b.wait(
            "document.querySelector('.modal .o_form_view')", what="the share window"
        )
        self.b.settle()
        self.b.type_into(".modal div[name=requester_id] input", "Émile")
        self.b.click(
            ".modal .o-autocomplete--dropdown-item a, .modal .dropdown-item", "Émile"
        )
        self.b.settle()
        self.b.type_into(
            ".modal div[name=note] textarea, .modal div[name=note] [contenteditable]",
            "Voici le contrat d'entretien de la piscine.",
        )
        self.b.settle(0.5)
        self.b.screenshot("share_window")
        self.b.click(".modal footer button, .modal .modal-footer button", "Cancel")

    def form_banner(self):
        self.login("admin")
        contract = self.record_id(
            "contract_portal_share.contract_acme_maintenance_demo"
        )
        self.backend(
            f"/odoo/action-contract.action_customer_contract/{contract}", ".o_form_view"
        )
        self.b.screenshot("form_banner")

    def manage_clients(self):
        self.login("admin")
        self.backend(
            "/odoo/action-contract_portal_share.res_partner_action_portal_client"
        )
        self.b.screenshot("manage_clients")

    # === Portal ===

    def portal_list(self):
        self.login("alice")
        self.b.goto(
            f"{self.odoo}/my/contracts",
            "document.querySelector('table, .o_portal_wrap')",
        )
        self.b.settle()
        self.b.screenshot("portal_list")

    def open_contract(self, name, ready, what):
        """Alice's way to a contract: the Contracts page, then its link."""
        self.login("alice")
        self.b.goto(
            f"{self.odoo}/my/contracts",
            "document.querySelector('table, .o_portal_wrap')",
        )
        self.b.click("a", name)
        self.b.wait(ready, what=what)

    def portal_contract(self):
        self.open_contract(
            "Warehouse maintenance",
            "location.pathname.match(/\\/my\\/contracts\\/\\d+/)",
            "the contract page",
        )
        self.b.settle()
        self.b.screenshot("portal_contract")

    def portal_sign(self):
        """The banner of the contract awaiting Alice's signature, and the
        signature dialog she opens from it."""
        self.open_contract(
            "Warehouse maintenance",
            "document.querySelector('.o_contract_sign_request')",
            "the signature banner",
        )
        self.b.settle()
        self.b.screenshot("portal_sign_banner")
        self.b.click(".o_contract_sign_request .o_contract_sign_open")
        self.b.wait(
            "document.querySelector('.modal.show canvas.o_web_sign_signature')",
            what="the signature dialog",
        )
        self.b.settle(2)
        self.b.screenshot("portal_sign_dialog")

    def signed_pdf(self):
        """The first page of the PDF Alice signed (the fleet contract), as
        kept on the contract: fetched through the portal, drawn by pdftoppm."""
        self.open_contract(
            "Fleet leasing",
            "document.querySelector('a.o_contract_signed_pdf')",
            "the signed PDF",
        )
        pdf = base64.b64decode(
            self.b.js(
                "fetch(document.querySelector('a.o_contract_signed_pdf').href)"
                ".then(r => r.arrayBuffer()).then(b => {"
                " let s = ''; new Uint8Array(b).forEach(c => s +="
                " String.fromCharCode(c)); return btoa(s); })"
            )
        )
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, "signed.pdf")
            with open(source, "wb") as file:
                file.write(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    source,
                    os.path.join(tmp, "page"),
                ],
                check=True,
            )
            page = next(f for f in os.listdir(tmp) if f.startswith("page"))
            path = os.path.join(OUT, "screenshot_signed_pdf.png")
            shutil.copyfile(os.path.join(tmp, page), path)
        print(f"  {os.path.relpath(path, HERE)}  {os.path.getsize(path) // 1024} KB")

    # === Emails, from MailDev ===

    def _maildev_emails(self):
        with urllib.request.urlopen(f"{self.maildev}/email", timeout=10) as response:
            return json.load(response)

    def _find_email(self, french):
        marker = "est partagé avec vous" if french else "is shared with you"
        found = [
            m for m in self._maildev_emails() if marker in (m.get("subject") or "")
        ]
        return found[-1] if found else None

    def _share_for_emails(self):
        """Queue one French and one English share email, through the share
        window's model with the context the Action menu gives it."""
        self.login("admin")
        people = {
            key: self.record_id(f"contract_portal_share.res_partner_{key}_demo")
            for key in ("emile", "alice", "carla")
        }
        shares = [
            ("contract_bellevue_pool_demo", people["emile"], []),
            ("contract_acme_fleet_demo", people["alice"], [people["carla"]]),
        ]
        for xmlid, requester, watchers in shares:
            contract = self.record_id(f"contract_portal_share.{xmlid}")
            # Emails go to people newly given access: start from no share.
            self.rpc("contract.contract", "action_portal_unshare", [[contract]])
            context = {"active_model": "contract.contract", "active_ids": [contract]}
            wizard = self.rpc(
                "contract.portal.share",
                "create",
                [{"requester_id": requester, "watcher_ids": [[6, 0, watchers]]}],
                {"context": context},
            )
            self.rpc(
                "contract.portal.share", "action_share", [wizard], {"context": context}
            )

    def emails(self):
        if not (self._find_email(True) and self._find_email(False)):
            print("  no share email in MailDev yet: sharing BELL-003 and ACME-003")
            self._share_for_emails()
            end = time.time() + 180
            while time.time() < end and not (
                self._find_email(True) and self._find_email(False)
            ):
                time.sleep(3)
        for french, name in ((True, "email_fr"), (False, "email_en")):
            message = self._find_email(french)
            if not message:
                raise RuntimeError(
                    f"no {'French' if french else 'English'} share email in MailDev"
                )
            self.b.goto(
                f"{self.maildev}/#/email/{message['id']}",
                "document.querySelector('iframe')",
            )
            self.b.settle(2)
            self.b.screenshot(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--odoo", default="http://localhost:8069")
    parser.add_argument("--maildev", default="http://localhost:1080")
    parser.add_argument(
        "--chromium", default=shutil.which("chromium") or "/usr/bin/chromium"
    )
    parser.add_argument(
        "only", nargs="*", help="names of the screenshots to take (all by default)"
    )
    args = parser.parse_args()

    browser = Browser(args.chromium)
    shots = Shots(browser, args.odoo.rstrip("/"), args.maildev.rstrip("/"))
    steps = [
        ("share_window", shots.share_window),
        ("form_banner", shots.form_banner),
        ("manage_clients", shots.manage_clients),
        ("portal_list", shots.portal_list),
        ("portal_contract", shots.portal_contract),
        ("portal_sign", shots.portal_sign),
        ("signed_pdf", shots.signed_pdf),
        ("emails", shots.emails),
    ]
    failed = []
    try:
        for name, step in steps:
            if args.only and name not in args.only:
                continue
            print(f"[screenshots] {name}")
            try:
                step()
            except Exception:  # noqa: BLE001 - report it, take the others
                traceback.print_exc()
                failed.append(name)
    finally:
        browser.close()
    if failed:
        print(f"[screenshots] FAILED: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
