/* Copyright 2026 contract_portal_share authors
   License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {openShareWindowFromActionMenu} from "./tour_utils.esm";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("contract_portal_share_invite_tour", {
    steps: () => [
        ...openShareWindowFromActionMenu(),
        {
            content: "Type the requester",
            trigger: ".modal .o_field_widget[name=requester_id] input",
            run: "edit Tour Alice",
        },
        {
            content: "Pick the requester",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Alice)",
            run: "click",
        },
        {
            content: "Open Invite a colleague",
            trigger: ".modal .o_contract_portal_invite summary",
            run: "click",
        },
        {
            content: "Name",
            trigger: ".modal .o_field_widget[name=invite_name] input",
            run: "edit Tour Dora",
        },
        {
            content: "Email",
            trigger: ".modal .o_field_widget[name=invite_email] input",
            run: "edit tour.dora@example.com",
        },
        {
            content: "Open the languages",
            trigger: ".modal .o_field_widget[name=invite_lang] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "French",
            trigger: ".o_select_menu_item:contains(Fran)",
            run: "click",
        },
        {
            content: "Invite",
            trigger: ".modal .o_contract_portal_invite_button",
            run: "click",
        },
        {
            content: "The window is back with Dora invited and as a watcher",
            trigger:
                ".modal .o_contract_portal_invited:contains(Tour Dora)",
        },
        {
            content: "Dora is a watcher in the window",
            trigger: ".modal .o_field_widget[name=watcher_ids] .o_tag:contains(Tour Dora)",
        },
        {
            content: "Open Invite a colleague again",
            trigger: ".modal .o_contract_portal_invite summary",
            run: "click",
        },
        {
            content: "Invite Tour Bob, who already has portal access: name",
            trigger: ".modal .o_field_widget[name=invite_name] input",
            run: "edit Tour Bob",
        },
        {
            content: "Bob's email",
            trigger: ".modal .o_field_widget[name=invite_email] input",
            run: "edit cps_bob@example.com",
        },
        {
            content: "Invite",
            trigger: ".modal .o_contract_portal_invite_button",
            run: "click",
        },
        {
            content: "The window says Bob already had access and was only added",
            trigger:
                ".modal .o_contract_portal_already_portal:contains(Tour Bob already has portal access: added as a watcher)",
        },
        {
            content: "Bob is not said to be invited",
            trigger: ".modal .o_contract_portal_invited:contains(Tour Dora):not(:contains(Tour Bob))",
        },
        {
            content: "Remove Bob from the watchers",
            trigger: ".modal .o_field_widget[name=watcher_ids] .o_tag:contains(Tour Bob) .o_delete",
            run: "click",
        },
        {
            content: "The window no longer lists Bob",
            trigger: ".modal:not(:has(.o_contract_portal_already_portal))",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button[name=action_share]",
            run: "click",
        },
        {
            content: "The form shows Dora among the watchers",
            trigger: ".o_form_view div[name=portal_share]:contains(Tour Alice):contains(Tour Dora)",
        },
    ],
});
