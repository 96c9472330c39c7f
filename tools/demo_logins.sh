#!/usr/bin/env bash
# Printed by `make demo` before the server starts.
port=${1:-8069}
cat <<TXT

  Odoo is starting at http://localhost:$port  (Ctrl-C stops it; the data stays)

  Back office      admin / admin          Invoicing > Customers > Contracts,
                                          Contacts > Configuration > Client Portal
  Client portal    password = login       http://localhost:$port/my/contracts
    Acme Logistics (colleagues see each other's contracts)
      alice   requester of ACME-001 (with bruno as watcher, one attachment shown)
      bruno   watcher of ACME-001, French
      carla   requester of ACME-002
    Hôtel Bellevue (colleagues see only what is shared with them)
      denise  requester of BELL-001, French
      emile   nothing shared yet, French
    Individual client, no company
      franck  requester of PET-001 (all attachments shown)

TXT
