"""creances_rules — le droit français du recouvrement de créances en règles déclaratives.

    >>> from creances_rules import evaluate
    >>> a = evaluate("examples/facture_b2b_impayee.yaml", as_of="2026-11-22")
    >>> a.finding("debiteur_en_demeure")
"""

from .assessment import Action, Assessment, Citation, Finding
from .errors import CreancesError, DossierInvalide, RuleConflictError, RuleFileError
from .evaluate import default_rulebook, evaluate
from .facts import Dossier
from .loading import load_dossier
from .rulebook.book import Rulebook, load_rulebook
from . import explications as _explications  # noqa: F401,E402 - registers explain / why_not
from . import render as _render  # noqa: F401,E402 - registers the renderings of an assessment

__version__ = "0.1.0"
__all__ = [
    "Action", "Assessment", "Citation", "CreancesError", "Dossier", "DossierInvalide", "Finding",
    "RuleConflictError", "RuleFileError", "Rulebook", "default_rulebook", "evaluate", "load_dossier",
    "load_rulebook",
]
