"""Public path of the letter drafts: ``creances_rules.lettres.lettre``.

The code lives in `creances_rules.presentation.lettres` (the Word rendering in
`creances_rules.presentation.lettres_docx`); this module only re-exports it.
"""

from .presentation.lettres import (TYPES, VOIX, Lettre, champ, cours_journalier, decompte, lettre,
                                   lignes_par_facture)

__all__ = ["TYPES", "VOIX", "Lettre", "champ", "cours_journalier", "decompte", "lettre", "lignes_par_facture"]
