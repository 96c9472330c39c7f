from . import contract_portal_share
from . import contract_portal_unshare
