/* Copyright 2026 contract_portal_share authors
   License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";
import {searchColleague} from "./tour_utils.esm";

const ROWS = "table tbody tr.o_contract_portal_row";

/** A trigger that holds when the list shows exactly ``count`` rows. */
function rowCount(count) {
    return `table tbody:has(tr.o_contract_portal_row:nth-child(${count})):not(:has(tr.o_contract_portal_row:nth-child(${count + 1})))`;
}

/** Fetch a link of the page and check what the browser would receive. */
async function checkFile(anchor, {disposition, type, starts}) {
    const response = await fetch(anchor.href);
    const header = response.headers.get("Content-Disposition") || "";
    const bytes = new Uint8Array(await response.arrayBuffer());
    const head = String.fromCharCode(...bytes.slice(0, starts.length));
    if (!response.ok || !header.startsWith(disposition) || head !== starts) {
        throw new Error(
            `${anchor.href}: ${response.status} "${header}" starts with "${head}"`
        );
    }
    if (type && !(response.headers.get("Content-Type") || "").startsWith(type)) {
        throw new Error(`${anchor.href}: ${response.headers.get("Content-Type")}`);
    }
}

function sortBy(label) {
    return [
        {
            content: "Open the sort menu",
            trigger: "#portal_searchbar_sortby",
            run: "click",
        },
        {
            content: `Sort by ${label}`,
            trigger: `[aria-labelledby=portal_searchbar_sortby] a:contains(${label})`,
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

function filterBy(label) {
    return [
        {
            content: "Open the role filter",
            trigger: "#portal_searchbar_filters",
            run: "click",
        },
        {
            content: `Filter: ${label}`,
            trigger: `[aria-labelledby=portal_searchbar_filters] a:contains(${label})`,
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

function search(text) {
    return [
        {
            content: `Type "${text}" in the search box`,
            trigger: "form.o_portal_search_panel input[name=search]",
            run: `edit ${text}`,
        },
        {
            content: "Run the search",
            trigger: "form.o_portal_search_panel button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

registry.category("web_tour.tours").add("contract_portal_share_portal_list_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The Contracts card of /my shows how many contracts are shown",
            trigger:
                ".o_portal_index_card:not(.d-none) [data-placeholder_count=contract_count]:contains(82)",
        },
        {
            content: "Open the Contracts page",
            trigger: '.o_portal_index_card a[href="/my/contracts"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The first page holds 80 contracts (a portal page) and a pager",
            trigger: rowCount(80),
        },
        {trigger: ".o_portal_pager .page-item.active a:contains(1)"},
        ...sortBy("Name"),
        {
            content: "Sorted by name, the colleague's Acme cleaning comes first",
            trigger: `${ROWS}:first-child:contains(Acme cleaning):contains(Watcher)`,
        },
        {trigger: `${ROWS}:nth-child(2):contains(Bulk contract 01):contains(Colleague)`},
        ...sortBy("Reference"),
        {
            content: "Sorted by reference, BLK-01 comes first",
            trigger: `${ROWS}:first-child:contains(BLK-01)`,
        },
        {
            content: "Go to the second page",
            trigger: ".o_portal_pager a.page-link:contains(2)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The second page holds the last two, still by reference",
            trigger: rowCount(2),
        },
        {trigger: `${ROWS}:nth-child(1):contains(TST-001):contains(Requester)`},
        {trigger: `${ROWS}:nth-child(2):contains(TST-002):contains(Watcher)`},
        {trigger: ".o_portal_pager .page-item.active a:contains(2)"},
        ...filterBy("I am a watcher"),
        {
            content: "Only the contract Alice watches is listed, with its badge",
            trigger: `${rowCount(1)}`,
        },
        {
            trigger: `${ROWS}:contains(Acme cleaning) .badge:contains(Watcher)`,
        },
        ...filterBy("I am the requester"),
        {trigger: rowCount(1)},
        {
            content: "Only the contract Alice requested, with its requester",
            trigger: `${ROWS}:contains(Tour maintenance):contains(Tour Alice) .badge:contains(Requester)`,
        },
        ...filterBy("All"),
        ...search("Bulk contract 2"),
        {
            content: "The search keeps Bulk contract 20 to 29",
            trigger: rowCount(10),
        },
        {trigger: `${ROWS}:contains(Bulk contract 29)`},
        {trigger: `table:not(:contains(Tour maintenance))`},
        ...search("nothing like this"),
        {
            content: "A search without result says so",
            trigger: ".o_contract_portal_no_match:contains(No contract matches your search.)",
        },
        {trigger: "body:not(:has(.o_contract_portal_empty))"},
        {trigger: "body:not(:has(table tbody))"},
        {
            content: "Clear the search",
            trigger: ".o_contract_portal_no_match a.o_contract_portal_clear_search",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "All the contracts are back",
            trigger: rowCount(80),
        },
        {trigger: "form.o_portal_search_panel input[name=search]:not([value*=nothing])"},
    ],
});

registry.category("web_tour.tours").add("contract_portal_share_portal_page_tour", {
    steps: () => [
        {
            content: "The page names the requester and the watcher",
            trigger: "#contract_people .o_contract_requester:contains(Tour Alice)",
        },
        {trigger: "#contract_people .o_contract_watcher:contains(Tour Bob)"},
        ...searchColleague("Carol"),
        {
            content: "The search finds Carol, not Gina of another company",
            trigger: ".o_contract_candidate:contains(Tour Carol)",
        },
        {trigger: "body:not(:has(.o_contract_candidate:contains(Tour Gina)))"},
        {
            content: "Add Carol as watcher",
            trigger: ".o_contract_candidate:contains(Tour Carol) button.o_contract_watcher_add",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Carol is now listed as watcher, next to Bob",
            trigger: "#contract_people .o_contract_watcher:contains(Tour Carol)",
        },
        {
            content: "and the page says she was added and emailed",
            trigger: "#contract_people .o_contract_people_done:contains(Watcher added)",
        },
        {trigger: "#contract_people .o_contract_watcher:contains(Tour Bob)"},
        ...[
            {
                content: "Search for Bob, already a watcher",
                trigger: "input[name=people_search]",
                run: "edit Tour Bob",
            },
            {
                content: "Run the search",
                trigger: "button.o_contract_people_search",
                run: "click",
                expectUnloadPage: true,
            },
        ],
        {
            content: "The page says Bob is already on the contract",
            trigger: "#contract_people .o_contract_people_found:contains(Already on this contract):contains(Tour Bob)",
        },
        {
            content: "Remove Bob",
            trigger: "#contract_people .o_contract_watcher:contains(Tour Bob) .o_contract_watcher_remove",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page asks first, naming Bob; nothing is removed yet",
            trigger: "#contract_people .o_contract_remove_confirm:contains(Tour Bob):contains(no longer see this contract)",
        },
        {trigger: "#contract_people .o_contract_watcher:contains(Tour Bob)"},
        {
            content: "Confirm",
            trigger: "#contract_people .o_contract_watcher_remove_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Bob is gone, Carol stays, and the page says so",
            trigger: "#contract_people:not(:has(.o_contract_watcher:contains(Tour Bob))) .o_contract_people_done:contains(Watcher removed)",
        },
        {trigger: "#contract_people .o_contract_watcher:contains(Tour Carol)"},
        {
            content: "Preview the attachment: the browser shows it",
            trigger: ".o_contract_attachment:contains(tour-plan.txt) a.o_contract_attachment_preview",
            async run() {
                await checkFile(this.anchor, {
                    disposition: "inline",
                    type: "text/plain",
                    starts: "The tour plan",
                });
            },
        },
        {
            content: "Download the attachment: the browser saves it",
            trigger: ".o_contract_attachment:contains(tour-plan.txt) a.o_contract_attachment_download",
            async run() {
                await checkFile(this.anchor, {
                    disposition: "attachment",
                    starts: "The tour plan",
                });
            },
        },
        {
            content: "View PDF opens the contract's PDF in the browser",
            trigger: "a.o_contract_report_view:contains(View PDF)",
            async run() {
                await checkFile(this.anchor, {
                    disposition: "inline",
                    type: "application/pdf",
                    starts: "%PDF",
                });
            },
        },
        {
            content: "Download saves the contract's PDF",
            trigger: "a.o_contract_report_download:contains(Download)",
            async run() {
                await checkFile(this.anchor, {
                    disposition: "attachment",
                    type: "application/pdf",
                    starts: "%PDF",
                });
            },
        },
        {
            content: "Write in the chatter",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Could you add the loading dock?",
        },
        {
            content: "Send the message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is shown under Alice's name",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains(Could you add the loading dock?):contains(Tour Alice)",
        },
    ],
});

registry.category("web_tour.tours").add("contract_portal_share_portal_fr_tour", {
    steps: () => [
        {
            content: "The login page is in English, as the browser",
            trigger: "form.oe_login_form input[name=login]",
            run: "edit cps_francoise",
        },
        {
            trigger: "form.oe_login_form input[name=password]",
            run: "edit cps_francoise",
        },
        {
            content: "Log in",
            trigger: "form.oe_login_form button[type=submit]:not([name])",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "After login, the portal follows the user's language",
            trigger: ".o_portal_my_home",
            run() {
                if (!window.location.pathname.startsWith("/fr/")) {
                    throw new Error(`Not the French portal: ${window.location.href}`);
                }
            },
        },
        {
            content: "The /my card, in French",
            trigger: ".o_portal_index_card:contains(Suivez les contrats partagés avec vous)",
        },
        {
            content: "The /my card shows the count",
            trigger:
                ".o_portal_index_card:not(.d-none) [data-placeholder_count=contract_count]:contains(2)",
        },
        {
            content: "Open the contracts",
            trigger: '.o_portal_index_card a[href$="/my/contracts"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The search box's placeholder is not cut",
            trigger: ".o_portal_search_panel input[name=search][placeholder*=Référence]",
            run() {
                const input = this.anchor;
                const style = getComputedStyle(input);
                const context = document.createElement("canvas").getContext("2d");
                context.font = `${style.fontSize} ${style.fontFamily}`;
                const text = context.measureText(input.placeholder).width;
                const room =
                    input.clientWidth -
                    parseFloat(style.paddingLeft) -
                    parseFloat(style.paddingRight);
                if (text > room) {
                    throw new Error(`"${input.placeholder}" needs ${text} px, has ${room}`);
                }
            },
        },
        {
            content: "The list speaks French: columns and roles",
            trigger: "table thead:contains(Mon rôle):contains(Statut)",
        },
        {trigger: `${ROWS}:contains(Tour maintenance) .badge:contains(Observateur)`},
        {trigger: `${ROWS}:contains(Acme cleaning) .badge:contains(Demandeur)`},
        ...filterBy("Je suis observateur"),
        {trigger: rowCount(1)},
        {trigger: `${ROWS}:contains(Tour maintenance)`},
        ...search("rien de tel"),
        {
            content: "No result, in French",
            trigger: ".o_contract_portal_no_match:contains(Aucun contrat ne correspond à votre recherche.)",
        },
        {
            content: "Show all contracts again",
            trigger: "a.o_contract_portal_clear_search:contains(Afficher tous les contrats)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content:
                "Open the watched contract's French page, the browser's language cookie saying English (as after an English page)",
            trigger: `${ROWS} a:contains(Tour maintenance)`,
            run() {
                document.cookie = "frontend_lang=en_US; path=/";
                window.location.href = `/fr${new URL(this.anchor.href).pathname}`;
            },
            expectUnloadPage: true,
        },
        {
            content: "The page speaks French; a watcher cannot change people",
            trigger: "#contract_people h3:contains(Personnes)",
        },
        {trigger: "#contract_people .o_contract_requester .badge:contains(Demandeur)"},
        {
            trigger:
                "#contract_people .o_contract_watcher:contains(Françoise Test) .badge:contains(Observateur)",
        },
        {trigger: "#contract_people:not(:has(.o_contract_watcher_remove, input[name=people_search]))"},
        {trigger: "a.o_contract_report_download:contains(Télécharger)"},
        {
            content: "OCA's label, in correct French",
            trigger: ".o_contract_reference_label:contains(Référence)",
        },
        {
            content: "The responsible is the sidebar's contact, with a small picture, as on Odoo's pages",
            trigger: "#sidebar_content .o_portal_contact_details img.o_avatar",
            run() {
                const width = this.anchor.getBoundingClientRect().width;
                if (width > 64) {
                    throw new Error(`The contact's picture is ${width} px wide`);
                }
            },
        },
        {trigger: "body:not(:has(img.o_portal_contact_img))"},
        {
            content: "The history has a title",
            trigger: "h3.o_contract_history_title:contains(Historique)",
        },
        {
            content: "The start OCA wrote in English reads in French",
            trigger: ".s_timeline:contains(Début du contrat):not(:contains(Contract start))",
        },
        {
            content: "Odoo's empty chatter, in French",
            trigger: "#chatterRoot:shadow .o-mail-Thread:contains(La conversation est vide.)",
        },
    ],
});

// A watcher stops watching: asked first, then told, on the page when a
// colleague still sees it, else on the Contracts page.
registry.category("web_tour.tours").add("contract_portal_share_portal_leave_tour", {
    steps: () => [
        {
            content: "Bob is listed as watcher, with Stop watching next to his name",
            trigger: "#contract_people .o_contract_watcher:contains(Tour Bob) .o_contract_watcher_leave",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page asks first",
            trigger: "#contract_people .o_contract_leave_confirm:contains(Stop watching this contract?)",
        },
        {
            content: "Confirm",
            trigger: "#contract_people .o_contract_watcher_leave_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Bob no longer sees it (no colleague visibility): the Contracts page says so",
            trigger: ".o_contract_portal_left:contains(You no longer watch that contract)",
        },
        {
            content: "and does not list it",
            trigger: "body:not(:has(a.tr_contract_link:contains(Tour maintenance)))",
        },
    ],
});

// The page laid out as Odoo's quotation page, at the width the test sets:
// what the contract is and its documents in a sidebar, beside the contract
// on a screen, above it on a phone.
registry.category("web_tour.tours").add("contract_portal_share_portal_layout_tour", {
    steps: () => [
        {
            content: "The sidebar's title: the contract, its status and until when it is shown",
            trigger: "#sidebar_content .o_contract_sidebar_name:contains(Tour maintenance):contains(TST-001)",
        },
        {trigger: "#sidebar_content .o_contract_page_state.badge:contains(In progress)"},
        {trigger: "#sidebar_content .o_contract_visible_until:contains(Shown to you until)"},
        {
            content: "The contract's PDF, to view or download, from the sidebar",
            trigger: "#sidebar_content a.o_contract_report_view:contains(View PDF)",
        },
        {trigger: "#sidebar_content a.o_contract_report_download:contains(Download)"},
        {
            content: "The responsible is the sidebar's contact",
            trigger: "#sidebar_content .o_portal_contact_details:contains(Margaux Manager):contains(Send message)",
        },
        {
            content: "No big picture of the customer or the responsible is left",
            trigger: "#contract_content #general_information:contains(Acme Test):not(:has(img))",
        },
        {trigger: "body:not(:has(img.o_portal_contact_img))"},
        {
            content: "With nothing to sign, the signature shows nothing, in the sidebar or the contract",
            trigger: "#contract_content > #contract_sign_banner:first-child:not(:visible)",
            run() {
                if (this.anchor.offsetHeight) {
                    throw new Error("#contract_sign_banner shows something");
                }
                if (document.getElementById("contract_sign_sidebar")) {
                    throw new Error("#contract_sign_sidebar is there");
                }
                // Nor a gap above the PDF buttons, first in the sidebar.
                const column = document
                    .getElementById("contract_sidebar_buttons")
                    .getBoundingClientRect().top;
                const pdf = document.querySelector(".o_print_btn");
                if (pdf.getBoundingClientRect().top !== column) {
                    throw new Error("Something pushes the PDF buttons down");
                }
            },
        },
        {
            content: "The contract, then its people, attachments, history and messages",
            trigger: "#contract_content #contract_communication",
            run() {
                const ids = [
                    "introduction",
                    "general_information",
                    "contract_people",
                    "contract_attachments",
                    "contract_communication",
                ];
                const tops = ids.map(
                    (id) => document.getElementById(id).getBoundingClientRect().top
                );
                const history = document.querySelector(".o_contract_history_title");
                tops.splice(4, 0, history.getBoundingClientRect().top);
                if (tops.some((top, index) => index && top <= tops[index - 1])) {
                    throw new Error(`Sections out of order: ${tops}`);
                }
            },
        },
        {
            content: "The history is a list: each date before its entry, which fills the column",
            trigger: ".o_contract_history .s_timeline_card",
            run() {
                const column = document
                    .getElementById("contract_content")
                    .getBoundingClientRect();
                const date = document
                    .querySelector(".o_contract_history .s_timeline_date b")
                    .getBoundingClientRect();
                const card = document
                    .querySelector(".o_contract_history .s_timeline_card")
                    .getBoundingClientRect();
                const before =
                    window.innerWidth < 768
                        ? date.bottom <= card.top
                        : date.right <= card.left;
                if (!before || card.right < column.right - 30) {
                    throw new Error(
                        `At ${window.innerWidth} px, the date ${JSON.stringify(date)}, its entry ${JSON.stringify(card)}, the column ${JSON.stringify(column)}`
                    );
                }
            },
        },
        {
            content: "Amounts, recurrence and dates line up on the right, as on a quotation",
            trigger: "#sales_order_table td[name=td_price_subtotal] span",
            run() {
                const names = ["quantity", "price_unit", "price_subtotal", "recurring_next_date"];
                for (const name of names) {
                    for (const cell of document.querySelectorAll(
                        `#sales_order_table [name=th_${name}], #sales_order_table [name=td_${name}]`
                    )) {
                        const range = document.createRange();
                        range.selectNodeContents(cell);
                        const gap =
                            cell.getBoundingClientRect().right -
                            range.getBoundingClientRect().right;
                        if (gap > 12) {
                            throw new Error(`${cell.getAttribute("name")} ends ${gap} px before its cell's right edge`);
                        }
                    }
                }
                const section = document.querySelector("#sales_order_table tr.o_line_section");
                if (Number(getComputedStyle(section).fontWeight) < 600) {
                    throw new Error("A section of the contract's lines is not bold");
                }
            },
        },
        {
            content: "Beside the contract on a screen, above it on a phone; the page no wider than the window",
            trigger: "#contract_content .table-responsive #sales_order_table",
            run() {
                const sidebar = document
                    .getElementById("sidebar_content")
                    .getBoundingClientRect();
                const content = document
                    .getElementById("contract_content")
                    .getBoundingClientRect();
                const phone = window.innerWidth < 992;
                if (
                    phone ? sidebar.bottom > content.top : sidebar.right > content.left
                ) {
                    throw new Error(
                        `At ${window.innerWidth} px, the sidebar ${JSON.stringify(sidebar)} and the contract ${JSON.stringify(content)}`
                    );
                }
                const page = document.documentElement;
                if (page.scrollWidth > page.clientWidth) {
                    throw new Error(
                        `At ${window.innerWidth} px, the page is ${page.scrollWidth} px wide`
                    );
                }
            },
        },
    ],
});
