# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # Odoo moves the merged contacts' shares to the surviving contact: they
        # stay only where it is a portal user of the share's client company.
        partners = self.env["res.partner"].browse(partner_ids).exists()
        Contract = self.env["contract.contract"]
        snapshot = Contract._portal_audience_snapshot(partners=partners)
        res = super()._merge(partner_ids, dst_partner, extra_checks)
        survivor = partners.exists()
        if len(partners) > 1 and len(survivor) == 1:
            snapshot.reason = self.env._(
                "%(names)s were merged into %(name)s, not a portal user of the "
                "client company",
                names=", ".join(
                    name for pid, name in snapshot.names.items() if pid != survivor.id
                ),
                name=survivor.name,
            )
            snapshot.recheck_ids = survivor.ids
            snapshot.merged_into = survivor.id
            Contract._portal_apply_audience_change(snapshot)
        return res
