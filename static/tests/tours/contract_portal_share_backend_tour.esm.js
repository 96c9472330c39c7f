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
            content: "The window links to Manage Clients, in a new tab",
            trigger: '.modal a.o_contract_portal_manage_clients[target=_blank]:contains(Manage Clients)',
        },
        {
            content: "A single contract not shown yet: no warning of a replaced share",
            trigger: ".modal:not(:has(.o_contract_portal_replaced))",
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
            content: "The banner shows the share",
            trigger:
                ".o_form_view div[name=portal_share]:contains(Shown in client portal):contains(All attachments)",
        },
        {
            content: "with the client company",
            trigger: ".o_form_view .o_contract_portal_company:contains(Acme Test)",
        },
        {
            content: "the requester",
            trigger: ".o_form_view .o_contract_portal_requester:contains(Tour Alice)",
        },
        {
            content: "the watchers",
            trigger: ".o_form_view .o_contract_portal_watchers:contains(Tour Bob)",
        },
        {
            content: "and who shared it",
            trigger: ".o_form_view .o_contract_portal_shared_by:contains(Margaux Manager)",
        },
        {
            content: "The chatter notes who was given access",
            trigger: ".o-mail-Message:contains(Access given to: Tour Alice, Tour Bob)",
        },
    ],
});
