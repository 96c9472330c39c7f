/* Copyright 2026 contract_portal_share authors
   License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";
import {searchColleague} from "./tour_utils.esm";

registry.category("web_tour.tours").add("contract_portal_share_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the Contracts page",
            trigger: 'a[href="/my/contracts"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the shared contract",
            trigger: "tr.o_contract_portal_row a:contains(Tour maintenance)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The People section names the requester",
            trigger: "#contract_people .o_contract_requester:contains(Tour Alice)",
        },
        {
            content: "Download the attachment the share shows",
            trigger: ".o_contract_attachment:contains(tour-plan.txt) a.o_contract_attachment_download",
            async run() {
                const response = await fetch(this.anchor.href);
                const text = await response.text();
                if (!response.ok || text !== "The tour plan") {
                    throw new Error(`Download failed: ${response.status} ${text}`);
                }
                const disposition = response.headers.get("Content-Disposition") || "";
                if (!disposition.includes("attachment")) {
                    throw new Error(`Not a download: ${disposition}`);
                }
            },
        },
        {
            content: "The attachment the share hides is not listed",
            trigger: "#contract_attachments:not(:contains(tour-margin.txt))",
        },
        ...searchColleague("Carol"),
        {
            content: "Add the colleague as watcher",
            trigger: ".o_contract_candidate:contains(Tour Carol) button.o_contract_watcher_add",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The colleague is now a watcher",
            trigger: "#contract_people .o_contract_watcher:contains(Tour Carol)",
        },
    ],
});
