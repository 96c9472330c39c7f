from . import res_config_settings
from . import mail_mail
from . import res_partner
from . import res_users
from . import contract_contract
from . import contract_portal_activity
