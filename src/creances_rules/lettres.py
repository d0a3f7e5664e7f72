"""Public path of the letter drafts: ``creances_rules.lettres.lettre``.

The code lives in `creances_rules.presentation.lettres`; this module only re-exports it.
"""

from .presentation.lettres import TYPES, Lettre, champ, decompte, lettre

__all__ = ["TYPES", "Lettre", "champ", "decompte", "lettre"]
