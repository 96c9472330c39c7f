/* Copyright 2026 contract_portal_share authors
   License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("contract_portal_share_activity_tour", {
    steps: () => [
        {
            content: "The banner says when each person last looked",
            trigger:
                ".o_form_view .o_contract_portal_last_seen_list:contains(Tour Alice):contains(last seen):contains(Tour Bob):contains(not seen yet)",
        },
        {
            content: "Open the Portal activity smart button",
            trigger: ".o_form_view .o_contract_portal_activity_button:contains(Portal activity):contains(3)",
            run: "click",
        },
        {
            content: "The list is grouped by person",
            trigger: ".o_list_view .o_group_header:contains(Tour Alice)",
            run: "click",
        },
        {
            content: "Alice's view and download are listed",
            trigger:
                ".o_list_view .o_data_row:contains(Viewed the contract) ~ .o_data_row:contains(tour-plan.txt), .o_list_view .o_data_row:contains(tour-plan.txt) ~ .o_data_row:contains(Viewed the contract)",
        },
    ],
});
