"""Facts and calculators of one legal institution each, registered on import.

Each module declares the facts its rule file reads (`derive.declare_fact`), fills them
(`@derive.provider`) and names its calculators (`@calculators.calculator`). Add the module here.
"""

from importlib import import_module

MODULES: tuple[str, ...] = (
    "compensation",
    "retention",
    "recours",
    "montants_dus",
    "prescription",
    # --- decompte ---
    "decompte",
    # --- fin decompte ---
    # --- titres ---
    "delais_paiement",
    "titres",
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
    # --- juristes ---
    # --- fin juristes ---
    # --- auteurs ---
    # --- fin auteurs ---
    # --- portefeuille ---
    # --- fin portefeuille ---
)

for _name in MODULES:
    import_module(f"{__name__}.{_name}")
