/* Copyright 2026 contract_portal_share authors
   License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {
    confirmShare,
    listActionMenu,
    openShareWindowFromActionMenu,
    openShareWindowFromList,
    pick,
    shareBanner as banner,
    shareModal as modal,
} from "./tour_utils.esm";
import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");
// Share from the form.
tours.add("contract_portal_share_backend_tour", {
    steps: () => [
        ...openShareWindowFromActionMenu(),
        {
            content: "The window links to Manage Clients, in a new tab",
            trigger: ".modal a.o_contract_portal_manage_clients[target=_blank]:contains(Manage Clients)",
        },
        {
            content: "A single contract not shown yet: no warning of a replaced share",
            trigger: ".modal:not(:has(.o_contract_portal_replaced))",
        },
        {
            content: "A new share: the window and its button say Show in client portal",
            trigger: `${modal} .modal-title:contains(Show in client portal)`,
        },
        {
            content: "Its button shows the contract",
            trigger: `${modal} .modal-footer button[name=action_share]:contains(Show in client portal)`,
        },
        ...pick("requester_id", "Tour Alice"),
        {
            content: "A field shows its input line before the mouse is over it",
            trigger: `${modal} .o_field_widget[name=visible_until] input:not(:focus)`,
            run() {
                const color = getComputedStyle(this.anchor).borderBottomColor;
                if (color === "transparent" || color === "rgba(0, 0, 0, 0)") {
                    throw new Error(`'Visible until' shows no input line (${color})`);
                }
            },
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
        confirmShare(),
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
            content: "the requester, named without the company named above",
            trigger:
                ".o_form_view .o_contract_portal_requester:contains(Tour Alice):not(:contains(Acme Test))",
        },
        {
            content: "the watchers, named the same way",
            trigger:
                ".o_form_view .o_contract_portal_watchers:contains(Tour Bob):not(:contains(Acme Test))",
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

// Reopen an existing share (Action menu, then the banner's Edit), change
// watchers and attachments, then remove it from the banner.
tours.add("contract_portal_share_backend_edit_tour", {
    steps: () => [
        {
            content: "The banner shows the share",
            trigger: `${banner}:contains(Tour Alice):contains(Tour Bob):contains(No attachments)`,
        },
        ...openShareWindowFromActionMenu(),
        {
            content: "The window opens on the current requester",
            trigger: `${modal} .o_field_widget[name=requester_id] input:value(Tour Alice)`,
        },
        {
            content: "It says it edits the share, and saves changes",
            trigger: `${modal} .modal-title:contains(Edit the client portal share)`,
        },
        {
            content: "Its button saves changes",
            trigger: `${modal} .modal-footer:not(:contains(Show in client portal)) button[name=action_share]:contains(Save changes)`,
        },
        {
            content: "and the current watchers: drop Tour Bob",
            trigger: `${modal} .o_field_widget[name=watcher_ids] .o_tag:contains(Tour Bob) .o_delete`,
            run: "click",
        },
        {
            content: "Tour Bob is no longer a watcher in the window",
            trigger: `${modal} .o_field_widget[name=watcher_ids]:not(:has(.o_tag:contains(Tour Bob)))`,
        },
        ...pick("watcher_ids", "Tour Carol"),
        {
            content: "Show only attachments picked",
            trigger: `${modal} .o_field_widget[name=attachment_mode] input[data-value=selected]`,
            run: "click",
        },
        ...pick("attachment_ids", "tour-plan.txt"),
        confirmShare(),
        {
            content: "The banner shows the new watcher and attachments",
            trigger: `${banner}:contains(Tour Carol):not(:contains(Tour Bob)):contains(Selected attachments)`,
        },
        {
            content: "The chatter notes who lost access",
            trigger: ".o-mail-Message:contains(Access withdrawn from: Tour Bob)",
        },
        {
            content: "Reopen from the banner's Edit",
            trigger: `${banner} button:contains(Edit)`,
            run: "click",
        },
        {
            content: "The window shows the current people",
            trigger: `${modal} .o_field_widget[name=watcher_ids] .o_tag:contains(Tour Carol)`,
        },
        {
            content: "and the attachment picked",
            trigger: `${modal} .o_field_widget[name=attachment_ids] .o_tag:contains(tour-plan.txt)`,
        },
        {
            content: "Show all attachments",
            trigger: `${modal} .o_field_widget[name=attachment_mode] input[data-value=all]`,
            run: "click",
        },
        confirmShare(),
        {
            content: "The banner shows all attachments",
            trigger: `${banner}:contains(All attachments):contains(Tour Carol)`,
        },
        {
            content: "Remove from the banner",
            trigger: `${banner} button[name=action_portal_unshare]`,
            run: "click",
        },
        {
            content: "A confirmation is asked",
            trigger: ".modal:contains(Everyone loses access to this contract) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The banner is gone",
            trigger: ".o_form_view:not(:has(div[name=portal_share]))",
        },
        {
            content: "The chatter notes the removal",
            trigger: ".o-mail-Message:contains(Removed from the client portal)",
        },
    ],
});

// Several contracts from the list, one already shown; then removal from the
// list with its confirmation.
tours.add("contract_portal_share_backend_list_tour", {
    steps: () => [
        // The shown contract and one not shown.
        ...openShareWindowFromList(["Tour maintenance", "Tour cleaning"]),
        {
            content: "The window warns which share is replaced, and by whom it is held",
            trigger: `${modal} .o_contract_portal_replaced:contains(confirming replaces) .o_data_row:contains(Tour maintenance):contains(Tour Alice):contains(Tour Bob)`,
        },
        {
            content: "The contract not shown is not in the warning",
            trigger: `${modal} .o_contract_portal_replaced:not(:contains(Tour cleaning))`,
        },
        {
            content: "The existing share is prefilled: requester",
            trigger: `${modal} .o_field_widget[name=requester_id] input:value(Tour Alice)`,
        },
        {
            content: "and watchers",
            trigger: `${modal} .o_field_widget[name=watcher_ids] .o_tag:contains(Tour Bob)`,
        },
        confirmShare(),
        {
            content: "Both rows show the requester",
            trigger: ".o_data_row:contains(Tour cleaning) td[name=portal_requester_id]:contains(Tour Alice)",
        },
        {
            content: "Both rows show the requester",
            trigger: ".o_data_row:contains(Tour maintenance) td[name=portal_requester_id]:contains(Tour Alice)",
        },
        ...["Tour maintenance", "Tour cleaning"].map((name) => ({
            content: `Select ${name} (the list may have kept the selection)`,
            trigger: `.o_data_row:contains(${name}) .o_list_record_selector input`,
            run() {
                if (!this.anchor.checked) {
                    this.anchor.click();
                }
            },
        })),
        ...listActionMenu("Remove from client portal"),
        {
            content: "The confirmation lists the contracts",
            trigger: ".modal .o_field_widget[name=shared_contract_ids] .o_data_row:contains(Tour cleaning)",
        },
        {
            content: "and who loses access, colleagues included",
            trigger: ".modal .o_field_widget[name=losing_partner_ids]:contains(Tour Alice):contains(Tour Bob):contains(Tour Carol)",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button[name=action_unshare]",
            run: "click",
        },
        {
            content: "A message says what was done",
            trigger: ".o_notification:contains(Removed from the client portal):contains(Tour Carol)",
        },
        {
            content: "The rows no longer show a requester",
            trigger: ".o_data_row:contains(Tour maintenance) td[name=portal_requester_id]:not(:contains(Tour Alice))",
        },
        {
            content: "Neither does the other",
            trigger: ".o_data_row:contains(Tour cleaning) td[name=portal_requester_id]:not(:contains(Tour Alice))",
        },
    ],
});

// The requester left: the window asks for a new one. Its link to Manage
// Clients opens a new tab, so the window and what was typed stay.
tours.add("contract_portal_share_backend_requester_left_tour", {
    steps: () => [
        {
            content: "The banner says the requester left",
            trigger: `${banner} .o_contract_portal_requester_left:contains(Requester left the client company)`,
        },
        {
            content: "and shows no requester",
            trigger: `${banner}:not(:has(.o_contract_portal_requester))`,
        },
        {
            content: "Open the window from the banner",
            trigger: `${banner} button:contains(Edit)`,
            run: "click",
        },
        {
            content: "The window asks for a new requester",
            trigger: `${modal} .o_contract_portal_requester_left:contains(choose a new requester)`,
        },
        {
            content: "The requester is empty",
            trigger: `${modal} .o_field_widget[name=requester_id] input:value(/^$/)`,
        },
        {
            content: "Manage Clients opens in a new tab, the window stays",
            trigger: `${modal} a.o_contract_portal_manage_clients[target=_blank][href="/odoo/action-contract_portal_share.res_partner_action_portal_client"]`,
        },
        ...pick("requester_id", "Tour Carol"),
        confirmShare(),
        {
            content: "The banner shows the new requester, the warning is gone",
            trigger: `${banner}:not(:has(.o_contract_portal_requester_left)) .o_contract_portal_requester:contains(Tour Carol)`,
        },
    ],
});

tours.add("contract_portal_share_backend_outside_watchers_tour", {
    steps: () => [
        {
            content: "Open the window from the banner",
            trigger: `${banner} button:contains(Edit)`,
            run: "click",
        },
        {
            content: "The window names the watcher of another company",
            trigger: `${modal} .o_contract_portal_outside_watchers:contains(Tour Gina)`,
        },
        {
            content: "Remove them from the watchers",
            trigger: `${modal} .o_contract_portal_outside_watchers button[name=action_drop_outside_watchers]`,
            run: "click",
        },
        {
            content: "The warning is gone",
            trigger: `${modal}:not(:has(.o_contract_portal_outside_watchers))`,
        },
        {
            content: "Tour Gina is no longer a watcher, Tour Bob is",
            trigger: `${modal} .o_field_widget[name=watcher_ids]:not(:contains(Tour Gina)):contains(Tour Bob)`,
        },
        confirmShare(),
        {
            content: "The banner lists Tour Bob only",
            trigger: `${banner} .o_contract_portal_watchers:contains(Tour Bob):not(:contains(Tour Gina))`,
        },
    ],
});

// French: Manage Clients keeps a client's language when their company
// changes; the default filter is "With portal access".
tours.add("contract_portal_share_backend_manage_clients_fr_tour", {
    steps: () => [
        {
            content: "The default filter is Avec accès au portail",
            trigger: ".o_searchview .o_facet_value:contains(Avec accès au portail)",
        },
        {
            content: "Contacts without portal access are not listed",
            trigger: ".o_list_view:has(.o_data_row):not(:has(.o_data_row:contains(Margaux Manager)))",
        },
        {
            content: "The French client is listed in French",
            trigger: ".o_data_row:contains(Tour Émile) td[name=lang]:contains(Français)",
        },
        {
            content: "Edit the company cell",
            trigger: ".o_data_row:contains(Tour Émile) td[name=parent_id]",
            run: "click",
        },
        ...pick("parent_id", "Globex Test", ".o_data_row.o_selected_row"),
        {
            content: "Before saving, a warning says which contracts Émile leaves, in French",
            trigger: ".modal:contains(Tour Émile figure sur des contrats de Acme Test):contains(observateur)",
        },
        {
            content: "Close the warning",
            trigger: ".modal .modal-footer button",
            run: "click",
        },
        {
            content: "Save the row",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Saved: the new company is shown",
            trigger: ".o_list_view:not(:has(.o_selected_row)) .o_data_row:contains(Tour Émile) td[name=parent_id]:contains(Globex Test)",
        },
        {
            content: "The language is still French",
            trigger: ".o_data_row:contains(Tour Émile) td[name=lang]:contains(Français)",
        },
    ],
});

tours.add("contract_portal_share_backend_settings_fr_tour", {
    steps: () => [
        {
            content: "Open the Invoicing settings",
            trigger: ".settings_tab .tab[data-key=account]",
            run: "click",
            // The settings page is the heaviest of the back office to load.
            timeout: 30000,
        },
        {
            content: "The Client Portal block is in French",
            trigger: "#contract_portal_colleague_visibility:contains(les collègues voient les contrats des uns et des autres)",
        },
        {
            content: "Customers see their own contracts: on by default",
            trigger: "#contract_portal_customer_sees_own input[type=checkbox]:checked",
        },
        {
            content: "Portal activity is kept 365 days, the unit shown next to the number",
            trigger: "#contract_portal_activity_retention_days .o_field_widget[name=contract_portal_activity_retention_days]:has(input:value(365))",
            run() {
                const unit = this.anchor.nextElementSibling;
                if (!unit || unit.textContent.trim() !== "jours") {
                    throw new Error(`No unit next to the number: ${unit && unit.outerHTML}`);
                }
            },
        },
        {
            content: "Signers are reminded every 7 days, at most twice, in French",
            trigger:
                "#contract_portal_sign_reminders .o_contract_portal_sign_reminders:contains(Tous les):contains(jours, au plus):contains(fois):has([name=contract_portal_sign_reminder_days] input:value(7)):has([name=contract_portal_sign_reminder_count] input:value(2))",
        },
        {
            content: "Remind after 5 days instead",
            trigger: "#contract_portal_sign_reminders [name=contract_portal_sign_reminder_days] input",
            run: "edit 5",
        },
        {
            content: "Switch the colleagues default on",
            trigger: "#contract_portal_colleague_visibility input[type=checkbox]:not(:checked)",
            run: "click",
        },
        {
            content: "Save (Odoo reloads the page)",
            trigger: ".o_control_panel .o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Saved and reloaded: the default is on",
            trigger: ".o-settings-form-view:not(:has(.o_dirty_warning)) #contract_portal_colleague_visibility input[type=checkbox]:checked",
        },
        {
            content: "Gérer les clients opens the list of clients",
            trigger: "#contract_portal_colleague_visibility button:contains(Gérer les clients)",
            run: "click",
        },
        {
            content: "Manage Clients is open, with its default filter",
            trigger: ".o_list_view .o_searchview .o_facet_value:contains(Avec accès au portail)",
        },
        {
            content: "listing the clients",
            trigger: ".o_list_view .o_data_row:contains(Tour Émile)",
        },
    ],
});

// The window's own "Remove from client portal", with its confirmation.
tours.add("contract_portal_share_backend_window_remove_tour", {
    steps: () => [
        {
            content: "Open the window from the banner",
            trigger: `${banner} button:contains(Edit)`,
            run: "click",
        },
        {
            content: "Remove from client portal",
            trigger: `${modal} .modal-footer button[name=action_unshare]`,
            run: "click",
        },
        {
            content: "A confirmation is asked",
            trigger: ".modal:contains(Everyone loses access to these contracts) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The window is closed and the banner is gone",
            trigger: ".o_form_view:not(:has(div[name=portal_share])):not(:has(.modal))",
        },
        {
            content: "The chatter notes the removal",
            trigger: ".o-mail-Message:contains(Removed from the client portal)",
        },
    ],
});

// Visible until a date, then until the contract ends.
tours.add("contract_portal_share_backend_visible_until_tour", {
    steps: () => [
        ...openShareWindowFromActionMenu(),
        ...pick("requester_id", "Tour Alice"),
        {
            content: "Open the date picker",
            trigger: `${modal} .o_field_widget[name=visible_until] input`,
            run: "click",
        },
        {
            content: "Go to last month",
            trigger: ".o_datetime_picker .o_previous",
            run: "click",
        },
        {
            content: "Its days cannot be picked: they are past",
            trigger: ".o_datetime_picker .o_date_item_cell:not(.o_out_of_range)[disabled]",
        },
        {
            content: "Type a last day",
            trigger: `${modal} .o_field_widget[name=visible_until] input`,
            run: "edit 12/31/2099",
        },
        confirmShare(),
        {
            content: "The banner shows the last day",
            trigger: `${banner} .o_contract_portal_visible_until:contains(Dec 31, 2099)`,
        },
        {
            content: "Reopen from the banner",
            trigger: `${banner} button:contains(Edit)`,
            run: "click",
        },
        {
            content: "The window shows the last day",
            trigger: `${modal} .o_field_widget[name=visible_until]`,
            run() {
                const input = this.anchor.querySelector("input");
                const shown = input ? input.value : this.anchor.textContent;
                if (!shown.includes("2099")) {
                    throw new Error(`Visible until shows "${shown}"`);
                }
            },
        },
        {
            content: "Tick Until the contract ends",
            trigger: `${modal} .o_field_widget[name=until_contract_end] input[type=checkbox]`,
            run: "click",
        },
        {
            content: "The date field is hidden",
            trigger: `${modal}:not(:has(.o_field_widget[name=visible_until]))`,
        },
        {
            content: "The window says when that is",
            trigger: `${modal} .o_field_widget[name=contract_end_notice]:contains(until the contract ends (Jun 30, 2099))`,
        },
        confirmShare(),
        {
            content: "The banner shows the contract's end",
            trigger: `${banner} .o_contract_portal_visible_until:contains(Jun 30, 2099):contains(the contract's end)`,
        },
    ],
});

// Who sees it: every portal user who sees the contract, and as what; a
// watcher removed from there.
tours.add("contract_portal_share_backend_who_sees_it_tour", {
    steps: () => [
        {
            content: "Open the Who Sees It tab",
            trigger: ".o_notebook .nav-link:contains(Who Sees It)",
            run: "click",
        },
        {
            content: "The requester is listed as such",
            trigger: ".o_contract_portal_audience .o_data_row:contains(Tour Alice):contains(Requester)",
        },
        {
            content: "Each row names the person, not their company first",
            trigger: ".o_contract_portal_audience .o_data_row td.o_data_cell:first-child:contains(Tour Alice):not(:contains(Acme Test))",
        },
        {
            content: "the colleague too",
            trigger: ".o_contract_portal_audience .o_data_row:contains(Tour Carol):contains(Colleague)",
        },
        {
            content: "Remove the watcher",
            trigger: ".o_contract_portal_audience .o_data_row:contains(Tour Bob):contains(Watcher) button[name=action_remove_watcher]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains(This watcher loses access) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Tour Bob now sees it as a colleague only",
            trigger: ".o_contract_portal_audience .o_data_row:contains(Tour Bob):contains(Colleague)",
        },
        {
            content: "and is no longer a watcher in the banner",
            trigger: `${banner}:not(:has(.o_contract_portal_watchers:contains(Tour Bob)))`,
        },
    ],
});

// Several contracts from the list, one already shown until a date: the
// window starts from that end, shows it among the shares replaced, and says
// when confirming would change it.
tours.add("contract_portal_share_backend_list_visible_until_tour", {
    steps: () => [
        ...openShareWindowFromList(["Tour maintenance", "Tour cleaning"]),
        {
            content: "The shares replaced show their Visible until",
            trigger: `${modal} .o_contract_portal_replaced th:contains(Visible until)`,
        },
        {
            content: "with the shown contract's last day",
            trigger: `${modal} .o_contract_portal_replaced .o_data_row:contains(Tour maintenance):contains(Dec 31, 2099)`,
        },
        {
            content: "The window starts from that last day",
            trigger: `${modal} .o_field_widget[name=visible_until] .o_input:value(12/31/2099)`,
        },
        {
            content: "Confirming as is changes no end: no warning",
            trigger: `${modal}:not(:has(.o_contract_portal_end_change))`,
        },
        {
            content: "Open Visible until",
            trigger: `${modal} .o_field_widget[name=visible_until] .o_input`,
            run: "click",
        },
        {
            content: "Empty it",
            trigger: `${modal} .o_field_widget[name=visible_until] input`,
            run: "clear",
        },
        {
            content: "and leave it",
            trigger: `${modal} .o_field_widget[name=visible_until] input`,
            run: "press Enter",
        },
        {
            content: "The window warns that the shown contract would lose its end",
            trigger: `${modal} .o_contract_portal_end_change:contains(Tour maintenance):contains(Dec 31, 2099):contains(no end)`,
        },
        {
            content: "Type the last day again",
            trigger: `${modal} .o_field_widget[name=visible_until] input`,
            run: "edit 12/31/2099",
        },
        {
            content: "and leave it",
            trigger: `${modal} .o_field_widget[name=visible_until] input`,
            run: "press Enter",
        },
        {
            content: "The warning is gone",
            trigger: `${modal}:not(:has(.o_contract_portal_end_change))`,
        },
        confirmShare(),
        {
            content: "The window is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Both rows show the requester",
            trigger: ".o_data_row:contains(Tour cleaning) td[name=portal_requester_id]:contains(Tour Alice)",
        },
    ],
});

// Contracts of two customers: the window says why it cannot share them and
// offers nothing to fill in nor to confirm.
tours.add("contract_portal_share_backend_mixed_customers_tour", {
    steps: () => [
        ...openShareWindowFromList(["Tour maintenance", "Tour Globex deal"]),
        {
            content: "The window names the customers mixed",
            trigger: ".modal .alert-danger:contains(several customers)",
        },
        {
            content: "No requester, watchers, attachments nor email to fill in",
            trigger:
                ".modal:not(:has(.o_field_widget[name=requester_id])):not(:has(.o_field_widget[name=watcher_ids])):not(:has(.o_field_widget[name=attachment_mode])):not(:has(.o_field_widget[name=send_email])):not(:has(.o_field_widget[name=visible_until]))",
        },
        {
            content: "and no button to confirm",
            trigger: ".modal .modal-footer:not(:has(button[name=action_share]))",
        },
        {
            content: "Cancel closes the window",
            trigger: ".modal .modal-footer button:contains(Cancel)",
            run: "click",
        },
        {
            content: "The window is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// Removing a share nobody sees through: the window and its message say so.
tours.add("contract_portal_share_backend_nobody_loses_tour", {
    steps: () => [
        {
            content: "Select the individual client's contract",
            trigger: ".o_data_row:contains(Tour web shop) .o_list_record_selector input",
            run: "click",
        },
        ...listActionMenu("Remove from client portal"),
        {
            content: "The window says nobody loses access, and lists nobody",
            trigger: ".modal:has(.o_contract_portal_nobody_loses:contains(Nobody loses access)):not(:has(.o_field_widget[name=losing_partner_ids]))",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button[name=action_unshare]",
            run: "click",
        },
        {
            content: "The message says nobody lost access, and stays",
            trigger: ".o_notification:contains(Removed from the client portal):contains(Nobody lost access)",
        },
        {
            content: "The row no longer shows a requester",
            trigger: ".o_data_row:contains(Tour web shop) td[name=portal_requester_id]:not(:contains(Tour Ivan))",
        },
    ],
});
