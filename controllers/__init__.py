from . import home
from . import portal
from . import verify
