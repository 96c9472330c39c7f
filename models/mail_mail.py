# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

# How long an email about a contract keeps waiting for the mail server.
RETRY_DAYS = 7
# Emails queued under this context key are the addon's own (shares, digests,
# signature requests and reminders, invitations), whatever record they are
# about: they wait for the mail server like the contract's chatter emails.
RETRY_CONTEXT_KEY = "contract_portal_retry"


class MailMail(models.Model):
    _inherit = "mail.mail"

    contract_portal_retry = fields.Boolean(
        string="Retried by the client portal",
        help="Sent again for some days when the mail server could not be reached.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get(RETRY_CONTEXT_KEY):
            for vals in vals_list:
                vals.setdefault("contract_portal_retry", True)
        return super().create(vals_list)

    @api.model
    def _portal_send_soon(self):
        """Odoo's queue runs hourly and queueing does not wake it: an email
        the addon queued should leave within a minute, not an hour."""
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    @api.model
    def process_email_queue(self, email_ids=(), batch_size=1000):
        self._contract_requeue_unsent(email_ids)
        return super().process_email_queue(email_ids=email_ids, batch_size=batch_size)

    @api.model
    def _contract_requeue_unsent(self, email_ids=()):
        """Odoo's queue sends only 'outgoing' emails and never retries failed
        ones, so a share made while the mail server was down would never reach
        anyone. Only an email that failed to connect (Odoo leaves its
        failure_type empty, every other failure sets it) surely never left:
        put the addon's and those about contracts back in the queue, for
        RETRY_DAYS days."""
        domain = Domain(
            [
                ("state", "=", "exception"),
                ("failure_type", "=", False),
                "|",
                ("model", "=", "contract.contract"),
                ("contract_portal_retry", "=", True),
                (
                    "create_date",
                    ">=",
                    fields.Datetime.now() - timedelta(days=RETRY_DAYS),
                ),
            ]
        )
        if email_ids:
            domain &= Domain("id", "in", list(email_ids))
        self.sudo().search(domain).mark_outgoing()
