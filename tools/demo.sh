#!/usr/bin/env bash
# make demo, once the database is ready: start MailDev, point Odoo's outgoing
# mail server at it, print the logins, serve Odoo. Ctrl-C stops both.
set -uo pipefail

conf=$1 db=$2
here=$(cd "$(dirname "$0")/.." && pwd)
PY=${VENV:-$HOME/.cache/contract_portal_share/venv}/bin/python
ODOO_SRC=${ODOO_SRC:-/opt/odoo/19.0}
HTTP_PORT=${HTTP_PORT:-8069}
SMTP_PORT=${MAILDEV_SMTP_PORT:-1025}
WEB_PORT=${MAILDEV_WEB_PORT:-1080}
WORKERS=${WORKERS:-0}
GEVENT_PORT=${GEVENT_PORT:-8072}
maildev=${MAILDEV_DIR:-$HOME/.cache/contract_portal_share/maildev}/node_modules/.bin/maildev
log=${BUILD:-/tmp}/maildev.log

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

maildev_pid=
stop() {
    [ -n "$maildev_pid" ] && kill "$maildev_pid" 2>/dev/null && wait "$maildev_pid" 2>/dev/null
    return 0
}
trap stop EXIT
trap 'exit 130' INT TERM

catcher=none
if listening "$SMTP_PORT"; then
    # Most likely the MailDev of an earlier `make demo` still running.
    echo "[demo] something already listens on 127.0.0.1:$SMTP_PORT: Odoo sends its emails there"
    catcher=running
elif [ -x "$maildev" ]; then
    "$maildev" --smtp "$SMTP_PORT" --web "$WEB_PORT" --ip 127.0.0.1 --web-ip 127.0.0.1 \
        >"$log" 2>&1 &
    maildev_pid=$!
    for _ in $(seq 50); do
        listening "$SMTP_PORT" && listening "$WEB_PORT" && break
        sleep 0.2
    done
    if listening "$SMTP_PORT"; then
        catcher=started
    else
        echo "[demo] MailDev did not start (see $log): emails will wait in the queue"
        stop
        maildev_pid=
    fi
else
    echo "[demo] MailDev is not installed (make setup installs it): emails will wait in the queue"
fi

# A real outgoing mail server record, so the back office shows where emails
# go (Settings > Technical > Outgoing Mail Servers); archived without MailDev.
# web.base.url follows the port, so that emailed links open this server.
"$PY" "$ODOO_SRC/odoo-bin" shell -c "$conf" -d "$db" --no-http --log-level=warn \
    >/dev/null <<PY
server = env["ir.mail_server"].with_context(active_test=False).search(
    [("name", "=", "MailDev (demo)")], limit=1
) or env["ir.mail_server"].create(
    {"name": "MailDev (demo)", "smtp_host": "127.0.0.1", "smtp_port": $SMTP_PORT}
)
server.write({
    "smtp_host": "127.0.0.1",
    "smtp_port": $SMTP_PORT,
    "smtp_encryption": "none",
    "smtp_user": False,
    "smtp_pass": False,
    "from_filter": False,
    "sequence": 1,
    "active": "$catcher" != "none",
})
env["ir.config_parameter"].set_param("web.base.url", "http://localhost:$HTTP_PORT")
env.cr.commit()
PY

inbox=
[ "$catcher" != none ] && inbox="http://localhost:$WEB_PORT"
bash "$here/tools/demo_logins.sh" "$HTTP_PORT" "$inbox" "$WORKERS"

# Alice signs ACME-003 through the portal once the server is up.
"$PY" "$here/tools/demo_sign.py" "http://localhost:$HTTP_PORT" "$db" \
    "$here/demo/signature_alice_demo.png" &

server_mode=(--workers=0)
if [ "$WORKERS" -gt 0 ]; then
    # Prefork: the mail queue runs in the cron workers (--max-cron-threads,
    # 2 by default), the live chat and bus in the gevent worker.
    server_mode=(--workers="$WORKERS" --gevent-port="$GEVENT_PORT")
fi
"$PY" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" --db-filter="^$db\$" --log-level=warn \
    --http-port="$HTTP_PORT" "${server_mode[@]}"
