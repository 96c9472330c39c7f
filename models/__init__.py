from . import contract_contract
from . import res_config_settings
from . import res_partner
from . import contract_portal_share_job
