# Copyright 2026 contract_portal_share authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each of the addon's tests runs in one runner. Odoo's runner, which OCA's
CI uses, runs the modules that ``tests/__init__.py`` imports; pytest-odoo runs
the others, which say ``PYTEST_ONLY = True`` and why: they need processes,
connections or databases of their own. ``test_install`` checks that every
module is one or the other.

A pytest plugin (``-p pytest_one_runner``, tools/ on PYTHONPATH), not a
conftest.py: pytest would import a conftest in the addon as a package of its
own, outside ``odoo.addons``, which Odoo refuses."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"


def pytest_collection_modifyitems(config, items):
    kept, odoo_runner = [], []
    for item in items:
        path = Path(str(item.fspath)).resolve()
        module = getattr(item, "module", None)
        if path.parent == TESTS and not getattr(module, "PYTEST_ONLY", None):
            odoo_runner.append(item)
        else:
            kept.append(item)
    if odoo_runner:
        config.hook.pytest_deselected(items=odoo_runner)
        items[:] = kept
