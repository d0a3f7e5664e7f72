"""Public path of the procedural-délai calculator (CPC 640–642): ``creances_rules.delais.fin_de_delai``.

The code lives in `creances_rules.law.delais`; this module only re-exports it.
"""

from .law.delais import *  # noqa: F401,F403
from .law.delais import __all__  # noqa: F401
