# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ..models.contract_contract_lifecycle import AudienceChange


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # Odoo moves the merged contacts' shares to the surviving contact: they
        # stay only where it is a portal user of the share's client company.
        partners = self.env["res.partner"].browse(partner_ids).exists()
        names = dict(zip(partners.ids, partners.mapped("name"), strict=True))
        change = AudienceChange(partner_ids=partners.ids)
        with self.env["contract.contract"]._portal_audience_change(change):
            res = super()._merge(partner_ids, dst_partner, extra_checks)
            survivor = partners.exists()
            if len(partners) > 1 and len(survivor) == 1:
                change.merged_into = survivor.id
                change.reason = self.env._(
                    "%(names)s were merged into %(name)s, not a portal user of "
                    "the client company",
                    names=", ".join(
                        name for pid, name in names.items() if pid != survivor.id
                    ),
                    name=survivor.name,
                )
        return res
