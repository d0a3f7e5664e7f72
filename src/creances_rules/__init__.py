"""creances_rules — le droit français du recouvrement de créances en règles déclaratives.

    >>> from creances_rules import evaluate
    >>> a = evaluate("examples/facture_b2b_impayee.yaml", as_of="2026-11-22")
    >>> a.finding("debiteur_en_demeure")
"""

from .models.assessment import Action, Assessment, Citation, Finding
from ._base.errors import CreancesError, DossierInvalide, RuleConflictError, RuleFileError
from .evaluation.evaluate import default_rulebook, evaluate
from .models.dossier import Dossier
from .models.loading import load_dossier
from .rulebook.book import Rulebook
from .rulebook.build import load_rulebook
from . import presentation as _presentation  # noqa: F401 - registers the renderings and explanations (loaded on first use)
from .models import examples
from ._base.version import __version__

__all__ = [
    "Action", "Assessment", "Citation", "CreancesError", "Dossier", "DossierInvalide", "Finding",
    "RuleConflictError", "RuleFileError", "Rulebook", "default_rulebook", "evaluate", "load_dossier",
    "load_rulebook", "examples", "__version__",
]
