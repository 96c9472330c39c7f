from . import contract_contract
from . import res_config_settings
from . import mail_mail
from . import res_partner
