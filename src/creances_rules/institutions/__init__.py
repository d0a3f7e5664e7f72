"""Facts and calculators of one legal institution each, registered on import.

Each module declares the facts its rule file reads (`derive.declare_fact`), fills them
(`@derive.provider`) and names its calculators (`@calculators.calculator`). Add the module here.

The machinery the institutions share lives beside them: `derive` (the derived facts and their
providers), `calculators` (the registry of what rules may call), `vocabulary` (what a rule may read,
call, conclude and cite). `default_vocabulary` is that vocabulary once every institution is registered.
"""

from importlib import import_module

from . import calculators, derive
from .vocabulary import Vocabulary, load_citations, load_codes

MODULES: tuple[str, ...] = (
    "compensation",
    "retention",
    "recours",
    "montants_dus",
    "prescription_des_creances",
    # --- decompte ---
    "decompte",
    # --- fin decompte ---
    # --- titres ---
    "delais_paiement",
    "titres",
    "sommes_des_titres",
    # --- fin titres ---
    # --- judiciaire ---
    "contestation",
    # --- fin judiciaire ---
    # --- collective ---
    "procedure_collective",
    # --- fin collective ---
    # --- garanties ---
    "garanties",
    "echeancier",
    # --- fin garanties ---
    # --- execution ---
    "saisies",
    "conditions_des_voies",
    # --- fin execution ---
    # --- juristes ---
    # --- fin juristes ---
    # --- auteurs ---
    # --- fin auteurs ---
    # --- portefeuille ---
    # --- fin portefeuille ---
)

for _name in MODULES:
    import_module(f"{__name__}.{_name}")


def default_vocabulary() -> Vocabulary:
    """Facts derived from the dossier, registered calculators, stable codes and citations."""
    return Vocabulary(
        facts=dict(derive.FACTS),
        calculators=dict(calculators.CALCULATORS),
        codes=load_codes(),
        citations=load_citations(),
    )
