from . import contract_portal_share
from . import contract_portal_share_end
from . import contract_portal_share_invite
from . import contract_portal_unshare
from . import base_partner_merge_automatic_wizard
from . import contract_portal_share_sign
from . import contract_portal_share_signer
