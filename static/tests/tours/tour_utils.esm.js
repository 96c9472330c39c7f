/* Copyright 2026 contract_portal_share authors
   License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
// Steps the tours share: the share window, the signature dialog and the
// portal's people search, each written once.

export const shareBanner = ".o_form_view div[name=portal_share]";
export const shareModal = ".modal:has(.o_field_widget[name=requester_id])";

function chooseShowInClientPortal() {
    return {
        content: "Choose Show in client portal",
        trigger: ".dropdown-menu .o_menu_item:contains(Show in client portal)",
        run: "click",
    };
}

export function openShareWindowFromActionMenu() {
    return [
        {
            content: "Open the Action (gear) menu of the contract",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        chooseShowInClientPortal(),
    ];
}

// From the list: the Action menu's entry named ``item``.
export function listActionMenu(item) {
    return [
        {
            content: "Open the Action menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(i.fa-cog)",
            run: "click",
        },
        {
            content: `Choose ${item}`,
            trigger: `.dropdown-menu .o_menu_item:contains(${item})`,
            run: "click",
        },
    ];
}

// From the list: select the rows named, then Show in client portal.
export function openShareWindowFromList(names) {
    return [
        ...names.map((name) => ({
            content: `Select ${name}`,
            trigger: `.o_data_row:contains(${name}) .o_list_record_selector input`,
            run: "click",
        })),
        ...listActionMenu("Show in client portal"),
    ];
}

export function confirmShare() {
    return {
        content: "Confirm the share",
        trigger: `${shareModal} .modal-footer button[name=action_share]`,
        run: "click",
    };
}

export function pick(field, name, scope = shareModal) {
    return [
        {
            content: `Type ${name} in ${field}`,
            trigger: `${scope} .o_field_widget[name=${field}] input`,
            run: `edit ${name}`,
        },
        {
            content: `Pick ${name}`,
            trigger: `.o-autocomplete--dropdown-item:contains(${name})`,
            run: "click",
        },
    ];
}

// Accept & Sign; the dialog clears its pad once shown, so the steps after
// this one wait for body.o_test_sign_dialog_shown before drawing.
export function openSignDialog() {
    return {
        content: "Accept & Sign",
        trigger: ".o_contract_sign_request .o_contract_sign_open",
        run() {
            document
                .getElementById("contract_modal_sign")
                .addEventListener(
                    "shown.bs.modal",
                    () => document.body.classList.add("o_test_sign_dialog_shown"),
                    {once: true}
                );
            this.anchor.click();
        },
    };
}

// Draws a stroke on the signature pad as a hand would: pointer down, moves
// a frame apart (the pad throttles them), up, at the canvas' coordinates.
export async function drawOnPad(canvas) {
    const box = canvas.getBoundingClientRect();
    const event = (type, x, y) =>
        new PointerEvent(type, {
            bubbles: true,
            cancelable: true,
            clientX: box.left + x,
            clientY: box.top + y,
            pointerId: 1,
            pointerType: "mouse",
            isPrimary: true,
            button: 0,
            buttons: type === "pointerup" ? 0 : 1,
            pressure: type === "pointerup" ? 0 : 0.5,
        });
    canvas.dispatchEvent(event("pointerdown", 20, 40));
    for (let step = 1; step <= 30; step++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        canvas.dispatchEvent(
            event("pointermove", 20 + step * 8, 40 + Math.sin(step / 2) * 20)
        );
    }
    canvas.dispatchEvent(event("pointerup", 260, 40));
}

// On the contract page: search the client company's people.
export function searchColleague(text) {
    return [
        {
            content: "Search a colleague",
            trigger: "input[name=people_search]",
            run: `edit ${text}`,
        },
        {
            content: "Run the search",
            trigger: "button.o_contract_people_search",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}
