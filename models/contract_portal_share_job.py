# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.fields import Command

from .contract_contract import ATTACHMENT_MODES
from .contract_contract_share import PortalShare

_logger = logging.getLogger(__name__)


class ContractPortalShareJob(models.Model):
    """A share of more contracts than one request should handle, waiting for
    the cron. It is done in one transaction, as the manager who asked for it,
    so that each person still gets one email for the whole share."""

    _name = "contract.portal.share.job"
    _description = "Queued Share of Contracts in the Client Portal"
    _order = "id"

    user_id = fields.Many2one(
        comodel_name="res.users", string="Asked by", required=True, readonly=True
    )
    contract_ids = fields.Many2many(
        comodel_name="contract.contract", string="Contracts", readonly=True
    )
    requester_id = fields.Many2one(
        comodel_name="res.partner", required=True, readonly=True
    )
    watcher_ids = fields.Many2many(comodel_name="res.partner", readonly=True)
    attachment_mode = fields.Selection(
        selection=ATTACHMENT_MODES, required=True, readonly=True
    )
    attachment_ids = fields.Many2many(comodel_name="ir.attachment", readonly=True)
    note = fields.Text(readonly=True)
    send_email = fields.Boolean(readonly=True)
    state = fields.Selection(
        selection=[("pending", "Pending"), ("done", "Done"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
    )
    error = fields.Text(readonly=True)

    @api.model
    def _portal_enqueue(self, contracts, share):
        job = self.sudo().create(
            {
                "user_id": self.env.uid,
                "contract_ids": [Command.set(contracts.ids)],
                "requester_id": share.requester.id,
                "watcher_ids": [Command.set(share.watchers.ids)],
                "attachment_mode": share.attachment_mode,
                "attachment_ids": [Command.set(share.attachments.ids)],
                "note": share.note or False,
                "send_email": share.send_email,
            }
        )
        self.env.ref(
            "contract_portal_share.ir_cron_contract_portal_share_job"
        )._trigger()
        return job

    @api.model
    def _cron_process(self):
        cron = self.env["ir.cron"]
        jobs = self.search([("state", "=", "pending")])
        for done, job in enumerate(jobs):
            job._process()
            cron._commit_progress(processed=1, remaining=len(jobs) - done - 1)

    def _process(self):
        self.ensure_one()
        contracts = self.contract_ids.with_user(self.user_id)
        try:
            # A savepoint, so that a failed share saves nothing of itself and
            # the job still records why.
            with self.env.cr.savepoint():
                contracts._portal_apply_share(PortalShare.of(self))
        except Exception as error:  # pylint: disable=broad-except
            _logger.warning("Queued portal share %s failed: %s", self.id, error)
            self.write({"state": "failed", "error": str(error)})
            return
        self.state = "done"
