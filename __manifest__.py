# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Contracts in the Client Portal",
    "summary": "Show contracts to client portal users: requester, watchers, "
    "colleagues, attachments, emails",
    "version": "19.0.1.3.0",
    "category": "Contract Management",
    "license": "AGPL-3",
    "author": "contract_portal_share authors",
    "website": "https://github.com/contract-portal-share/contract_portal_share",
    "depends": ["contract", "portal", "mail", "contacts"],
    "external_dependencies": {"python": ["pyhanko"]},
    "data": [
        "security/contract_portal_share_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/contract_portal_share_views.xml",
        "wizards/contract_portal_unshare_views.xml",
        "views/contract_contract_views.xml",
        "views/contract_portal_activity_views.xml",
        "views/contract_portal_share_portal_templates.xml",
        "views/contract_portal_sign_templates.xml",
        "report/report_contract.xml",
    ],
    "demo": ["demo/contract_portal_share_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "contract_portal_share/static/src/js/*.esm.js",
        ],
        "web.assets_tests": [
            "contract_portal_share/static/tests/tours/*.esm.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
