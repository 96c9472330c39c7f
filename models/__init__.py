from . import res_config_settings
from . import mail_mail
from . import res_partner
from . import res_users
from . import ir_config_parameter
from . import contract_contract
from . import contract_portal_share_job
from . import contract_portal_activity
