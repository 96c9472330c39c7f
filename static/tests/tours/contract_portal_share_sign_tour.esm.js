/* Copyright 2026 contract_portal_share authors
   License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {drawOnPad, openSignDialog} from "./tour_utils.esm";
import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

const openContract = [
    {
        content: "Open the Contracts page",
        trigger: 'a[href="/my/contracts"]',
        run: "click",
        expectUnloadPage: true,
    },
    {
        content: "Open the contract",
        trigger: "tr.o_contract_portal_row a:contains(Tour maintenance)",
        run: "click",
        expectUnloadPage: true,
    },
    {
        // Signing reloads the page: not while the chatter still loads.
        content: "The page's chatter is loaded",
        trigger: "#chatterRoot:shadow .o-mail-Thread",
    },
];

const submitSignature = [
    {
        trigger: ".modal canvas.o_web_sign_signature",
        run: "canvasNotEmpty",
    },
    {
        content: "Sign",
        trigger: ".modal .o_portal_sign_submit:enabled",
        run: "click",
        expectUnloadPage: true,
    },
];

tours.add("contract_portal_share_sign_ask_tour", {
    steps: () => [
        {
            content: "The form's banner offers to ask for a signature",
            trigger: ".o_contract_portal_share .o_contract_portal_ask_signature",
            run: "click",
        },
        {
            content: "A window of its own opens, with the signers only",
            trigger:
                ".modal .o_contract_portal_sign_ask:not(:has(.o_field_widget[name=send_email]))",
        },
        {
            content: "The requester signs first, by default",
            trigger: ".modal .o_contract_portal_signers .o_data_row:contains(Tour Alice)",
        },
        {
            content: "Add a signer",
            trigger: ".modal .o_contract_portal_signers .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Type the watcher's name",
            trigger: ".modal .o_contract_portal_signers .o_selected_row [name=partner_id] input",
            run: "edit Tour Bob",
        },
        {
            content: "Pick the watcher",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Bob)",
            run: "click",
        },
        {
            content: "Ask",
            trigger: ".modal-footer button[name=action_ask_signature]:visible",
            run: "click",
        },
        {
            content: "The banner says whose signature is awaited",
            trigger:
                ".o_contract_portal_sign:contains(Awaiting the signature of Tour Alice)",
        },
        {
            content: "The chatter says who signs, in which order",
            trigger:
                ".o-mail-Message:contains(Signatures requested from, in this order: Tour Alice, Tour Bob.)",
        },
        {
            content: "Cancel the request from the banner",
            trigger: ".o_contract_portal_sign .o_contract_portal_cancel_signature",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains(The signers can no longer sign this contract) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The chatter says it is cancelled",
            trigger: ".o-mail-Message:contains(Signature request cancelled.)",
        },
        {
            content: "The banner offers to ask again, and awaits nobody",
            trigger:
                ".o_contract_portal_sign:not(:contains(Awaiting the signature of)) .o_contract_portal_ask_signature",
        },
    ],
});

tours.add("contract_portal_share_sign_tour", {
    url: "/my",
    steps: () => [
        ...openContract,
        {
            content: "The signer is told their signature is requested",
            trigger: ".o_contract_sign_request:contains(Your signature is requested)",
        },
        openSignDialog(),
        {
            content: "The dialog has the signer's name",
            trigger:
                "body.o_test_sign_dialog_shown .modal .o_web_sign_name_and_signature input:value(Tour Alice)",
        },
        {
            content: "Choose to draw",
            trigger: ".modal .o_web_sign_draw_button",
            run: "click",
        },
        {
            content: "Draw the signature",
            trigger: ".modal .o_web_sign_draw_button.active",
            async run() {
                await drawOnPad(
                    document.querySelector(".modal canvas.o_web_sign_signature")
                );
            },
        },
        ...submitSignature,
        {
            content: "The page thanks the signer",
            trigger: ".o_contract_sign_done:contains(your signature is recorded)",
        },
        {
            content: "and shows the contract signed",
            trigger: ".o_contract_sign_state:contains(Signed by Tour Alice)",
        },
        {
            content: "The signed PDF is offered",
            trigger: "a.o_contract_signed_pdf",
            async run() {
                const response = await fetch(this.anchor.href);
                if (!response.ok) {
                    throw new Error(`Signed PDF: ${response.status}`);
                }
            },
        },
        {
            content: "No button is left to sign",
            trigger: "body:not(:has(.o_contract_sign_open))",
        },
    ],
});

tours.add("contract_portal_share_sign_second_tour", {
    url: "/my",
    steps: () => [
        ...openContract,
        {
            content: "The first signer's signature is shown",
            trigger: ".o_contract_sign_state:contains(Signed by Tour Alice)",
        },
        {
            content: "and it is the second signer's turn",
            trigger: ".o_contract_sign_request:contains(Your signature is requested)",
        },
        {
            content: "Accept & Sign from the sidebar",
            trigger: ".o_contract_sign_sidebar",
            run: "click",
        },
        {
            content: "The typed name makes the signature",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Tour Bob)",
        },
        ...submitSignature,
        {
            content: "Both signatures are shown",
            trigger:
                ".o_contract_sign_state:contains(Signed by Tour Alice):contains(Signed by Tour Bob)",
        },
        {
            content: "The contract is signed",
            trigger: ".o_contract_sign_badge:contains(Signed)",
        },
    ],
});

tours.add("contract_portal_share_sign_decline_tour", {
    url: "/my",
    steps: () => [
        ...openContract,
        {
            content: "Decline",
            trigger: ".o_contract_sign_request .o_contract_decline_open",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal textarea[name=decline_reason]",
            run: "edit The monthly price is not the one agreed.",
        },
        {
            content: "Confirm",
            trigger: ".modal .o_contract_decline_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page says it is declined",
            trigger: ".o_contract_sign_done:contains(You declined to sign)",
        },
        {
            content: "and by whom",
            trigger: ".o_contract_sign_state:contains(Declined by Tour Alice)",
        },
        {
            content: "No button is left to sign",
            trigger: "body:not(:has(.o_contract_sign_open))",
        },
    ],
});

tours.add("contract_portal_share_sign_colleague_tour", {
    url: "/my",
    steps: () => [
        ...openContract,
        {
            content: "A colleague sees whose signature is awaited",
            trigger:
                ".o_contract_sign_state:contains(Awaiting the signature of):contains(Tour Alice)",
        },
        {
            content: "and has no button to sign or decline",
            trigger:
                "body:not(:has(.o_contract_sign_open, .o_contract_decline_open, .o_contract_sign_sidebar))",
        },
    ],
});

// A stranger checks a signed contract on the public verify page: the test
// puts the sealed PDF's SHA-256 and the words expected in the URL's fragment.
const verifyParam = (name) =>
    new URLSearchParams(window.location.hash.slice(1)).get(name);

tours.add("contract_portal_share_verify_tour", {
    steps: () => [
        {
            content: "Paste the signed PDF's SHA-256",
            trigger: "#contract_verify_sha256",
            async run(helpers) {
                await helpers.edit(verifyParam("sha256"));
            },
        },
        {
            content: "Check it",
            trigger: ".o_contract_verify_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page says it is a signed contract, which one and by whom",
            trigger: ".o_contract_verify_found",
            run() {
                const text = this.anchor.textContent;
                for (const expected of [
                    verifyParam("found"),
                    verifyParam("contract"),
                    verifyParam("signer"),
                ]) {
                    if (!text.includes(expected)) {
                        throw new Error(`"${expected}" not in: ${text}`);
                    }
                }
            },
        },
        {
            content: "A SHA-256 nobody signed is not ours",
            trigger: "#contract_verify_sha256",
            run: `edit ${"0".repeat(64)}`,
        },
        {
            trigger: ".o_contract_verify_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page says so",
            trigger: `.o_contract_verify_unknown:contains("${verifyParam("unknown")}")`,
        },
    ],
});

// A refusal in the dialog: the error is shown and the button given back, and
// the signer signs on the second try.
tours.add("contract_portal_share_sign_retry_tour", {
    url: "/my",
    steps: () => [
        ...openContract,
        openSignDialog(),
        {
            content: "Replace the name with spaces",
            trigger:
                "body.o_test_sign_dialog_shown .modal .o_web_sign_name_and_signature input",
            run: "edit    ",
        },
        {
            content: "Choose to draw",
            trigger: ".modal .o_web_sign_draw_button",
            run: "click",
        },
        {
            content: "Draw the signature",
            trigger: ".modal .o_web_sign_draw_button.active",
            async run() {
                await drawOnPad(
                    document.querySelector(".modal canvas.o_web_sign_signature")
                );
            },
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The dialog says why",
            trigger: ".modal .o_portal_sign_error_msg:contains(Enter your name to sign)",
        },
        {
            content: "and gives the button back, not spinning",
            trigger:
                ".modal .o_portal_sign_submit:enabled:not(.o_btn_loading):not(:has(.fa-spin))",
        },
        {
            content: "Type the name",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Tour Alice",
        },
        {
            content: "Sign again",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page thanks the signer",
            trigger: ".o_contract_sign_done:contains(your signature is recorded)",
        },
    ],
});

// An administrator replaces the company's self-signed seal with a PKCS#12
// file and its password: a wrong password is refused and changes nothing.
// The test stores the file, base64, in a system parameter.
async function sealFile() {
    const response = await fetch("/web/dataset/call_kw/ir.config_parameter/get_param", {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({
            jsonrpc: "2.0",
            method: "call",
            params: {
                model: "ir.config_parameter",
                method: "get_param",
                args: ["contract_portal_share.tour_seal_p12"],
                kwargs: {},
            },
        }),
    });
    const data = atob((await response.json()).result);
    const bytes = Uint8Array.from(data, (c) => c.charCodeAt(0));
    return new File([bytes], "bought-seal.p12", {type: "application/x-pkcs12"});
}

tours.add("contract_portal_share_seal_settings_tour", {
    steps: () => [
        {
            content: "Open the Invoicing settings",
            trigger: ".settings_tab .tab[data-key=account]",
            run: "click",
            timeout: 30000,
        },
        {
            content: "The seal is the self-signed one made at install",
            trigger: "#contract_portal_seal .o_contract_portal_seal_description:contains(self-signed)",
        },
        {
            content: "Upload the company's PKCS#12 file",
            trigger: "#contract_portal_seal input.o_input_file:not(:visible)",
            async run() {
                const transfer = new DataTransfer();
                transfer.items.add(await sealFile());
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "Its password is asked for: type a wrong one",
            trigger: "#contract_portal_seal [name=contract_portal_seal_password] input",
            run: "edit wrong",
        },
        {
            content: "Save",
            trigger: ".o_control_panel .o_form_button_save",
            run: "click",
        },
        {
            content: "The wrong password is refused",
            trigger: ".modal:contains(its password is wrong) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Type the right password",
            trigger: "#contract_portal_seal [name=contract_portal_seal_password] input",
            run: "edit s3cret",
        },
        {
            content: "Save (Odoo reloads the page)",
            trigger: ".o_control_panel .o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The seal is the company's, issued by its authority",
            trigger:
                ".o-settings-form-view:not(:has(.o_dirty_warning)) #contract_portal_seal .o_contract_portal_seal_description:contains(Bought Seal):contains(issued by)",
            timeout: 30000,
        },
    ],
});
