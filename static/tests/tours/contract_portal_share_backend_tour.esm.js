/* Copyright 2026 contract_portal_share authors
   License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("contract_portal_share_backend_tour", {
    steps: () => [
        {
            content: "Open the Action (gear) menu of the contract",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        {
            content: "Choose Show in client portal",
            trigger: ".dropdown-menu .o_menu_item:contains(Show in client portal)",
            run: "click",
        },
        {
            content: "The window links to Manage Clients",
            trigger: ".modal button:contains(Manage Clients)",
        },
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
            content: "Type a watcher",
            trigger: ".modal .o_field_widget[name=watcher_ids] input",
            run: "edit Tour Bob",
        },
        {
            content: "Only colleagues of the requester are offered",
            trigger: ".o-autocomplete--dropdown-menu:not(:contains(Tour Gina))",
        },
        {
            content: "Pick the watcher",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Bob)",
            run: "click",
        },
        {
            content: "Show all the attachments",
            trigger: ".modal .o_field_widget[name=attachment_mode] input[data-value=all]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button:contains(Show in client portal)",
            run: "click",
        },
        {
            content: "The form shows the portal state",
            trigger:
                ".o_form_view div[name=portal_share]:contains(Shown in client portal):contains(Tour Alice):contains(Tour Bob)",
        },
    ],
});
