from . import contract_portal_share
