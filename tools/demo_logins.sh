#!/usr/bin/env bash
# Printed by `make demo` (tools/demo.sh) before the server starts.
port=${1:-8069}
inbox=${2:-}
workers=${3:-0}
mode="threaded"
[ "$workers" -gt 0 ] 2>/dev/null && mode="prefork, $workers workers"
if [ -n "$inbox" ]; then
    mail="Emails           every email Odoo sends lands in MailDev: $inbox
                   (share emails leave within a minute; Settings > Technical >
                   Emails shows the queue)"
else
    mail="Emails           no mail catcher: emails wait in the queue (Settings >
                   Technical > Emails)"
fi
cat <<TXT

  Odoo is starting at http://localhost:$port  ($mode; Ctrl-C stops it; the data stays)

  Back office      admin / admin          Invoicing > Customers > Contracts,
                   sophie / sophie        Contacts > Configuration > Client Portal
                   (Sophie Vendeur, salesperson responsible for the demo contracts)
  $mail
  Client portal    password = login       http://localhost:$port/my/contracts
    Acme Logistics (colleagues see each other's contracts)
      alice   requester of ACME-001 (with bruno as watcher, a PDF shown),
              asked to sign it; and of ACME-003 (not started yet), which
              she signs in the portal as the server starts
      bruno   watcher of ACME-001, French
      carla   requester of ACME-002
    Hôtel Bellevue (colleagues see only what is shared with them)
      denise  requester of BELL-001 and of BELL-002 (finished), French
      emile   nothing shared yet, French: share BELL-003 with him
    Individual client, no company
      franck  requester of PET-001 (all attachments shown)

TXT
