"""Print, as pytest node ids, the tests Odoo's runner selects for a module.

Odoo's runner runs a module's at_install tests while only that module and its
dependencies are loaded, so Odoo's own tests of a dependency (``portal``) never
meet this addon's overrides of partners, users and settings. pytest-odoo loads
the whole registry of the database before its first test: given these node ids
it runs the very tests Odoo's runner would (``odoo.tests.loader.make_suite``,
at_install then post_install, as ``--test-tags /MODULE`` selects them) with
every installed module's code active, in Odoo's test transactions, and writes
each one to its JUnit report.

    odoo_test_ids.py CONF MODULE
"""

import inspect
import sys

from odoo.tests import loader
from odoo.tools import config


def node_ids(module):
    for position in ("at_install", "post_install"):
        for test in loader.make_suite([module], position):
            case = type(test)
            path = inspect.getsourcefile(case)
            yield f"{path}::{case.__name__}::{test._testMethodName}"


def main():
    conf, module = sys.argv[1:]
    config.parse_config(["-c", conf], setup_logging=False)
    # What `--test-tags /MODULE` selects (standard tests of MODULE); set after
    # parsing, as Odoo's command line wants a database to go with test tags.
    config["test_tags"] = f"/{module}"
    ids = list(node_ids(module))
    if not ids:
        sys.exit(f"odoo_test_ids.py: Odoo selects no test of {module}")
    print("\n".join(ids))


if __name__ == "__main__":
    main()
