from . import test_install
from . import test_share
from . import test_manage_clients
from . import test_portal_access
from . import test_portal_list
from . import test_portal_pages
from . import test_portal_tours
from . import test_tours
