# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    # The request's facts now live on the request.
    cr.execute(
        "ALTER TABLE contract_portal_signature DROP COLUMN IF EXISTS requested_by_id, "
        "DROP COLUMN IF EXISTS request_date, DROP COLUMN IF EXISTS terms_hash"
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    contracts = (
        env["contract.portal.sign.request"]
        .with_context(active_test=False)
        .search([])
        .contract_id
    )
    for name in (
        "portal_sign_request_id",
        "portal_sign_state",
        "portal_signer_id",
        "portal_signed_document_id",
    ):
        env.add_to_compute(contracts._fields[name], contracts)
    env.flush_all()
    # Each company seals its signed contracts from now on.
    env["res.company"].search([])._portal_seal_ensure()
