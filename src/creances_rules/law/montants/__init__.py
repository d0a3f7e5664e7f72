"""Montants dus pour un retard de paiement : pénalités L441-10, intérêts moratoires, indemnité de 40 €, imputation des paiements.

Conventions (``Decimal``, jours comptés du lendemain du départ au dernier jour inclus, base de 365 jours,
arrondi de chaque ligne au centime, intérêts simples) : fixées une fois, dans le module `conventions`.

Un module par objet, chacun ne lisant que les conventions et les tables de taux :

- `conventions` : constantes, arrondi, base de 365 jours, lignes à taux constant, contrôles d'entrée ;
- `penalites` : pénalités de retard entre professionnels (C. com. L441-10 II) ;
- `interets` : intérêts moratoires au taux légal et majoration de L313-3 (C. civ. 1231-6, 1344-1) ;
- `indemnites` : indemnité forfaitaire de 40 € (C. com. L441-10 II, D441-5) ;
- `imputation` : imputation des paiements (C. civ. 1342-10, 1343-1) ;
- `capitalisation` : anatocisme (C. civ. 1343-2) ;
- `gestion` : chiffre d'affaires compensatoire (indicateur sans portée juridique).

Les noms publics de ces modules restent importables d'ici (``from creances_rules.montants import
penalites_retard``).

Références : C. com., art. L441-10 et D441-5 ; C. civ., art. 1231-6, 1344-1 (ancien 1153), 1342-10,
1343-1, 1343-2 ; C. mon. fin., art. L313-2, L313-3.
"""

from __future__ import annotations

from creances_rules.law.taux import EntreeInvalide, RegleNonModelisee, TauxInconnu

from .conventions import (
    _CITATIONS,
    _UN_JOUR,
    BASE_ANNUELLE,
    CENTIME,
    HYPOTHESE_ARRONDI,
    HYPOTHESE_BASE_365,
    HYPOTHESE_SIMPLES,
    HYPOTHESE_TAUX,
    REFORME_OBLIGATIONS,
    ZERO,
    CalculInterets,
    LigneInterets,
    _ajouter,
    _arrondi,
    _citations,
    _date,
    _debuts_de_semestre,
    _decimal,
    _decouper,
    _fmt,
    _interets,
    _ligne,
    _resultat_nul,
)
from .penalites import ENTREE_EN_VIGUEUR_L441_10, penalites_retard
from .interets import MAJORATION_L313_3, date_majoration_L313_3, interets_moratoires
from .indemnites import (
    DEBUT_INDEMNITE_FORFAITAIRE,
    INDEMNITE_FORFAITAIRE,
    FactureIndemnite,
    IndemniteFacture,
    IndemnitesForfaitaires,
    indemnite_forfaitaire,
    indemnites_forfaitaires,
)
from .imputation import (
    Allocation,
    Dette,
    DetteImputee,
    Imputation,
    MontantPositif,
    MontantStrictementPositif,
    Paiement,
    _pas_de_float,
    imputer_paiements,
)
from .capitalisation import Capitalisation, interets_capitalisables
from .gestion import chiffre_affaires_compensatoire

__all__ = [
    "Allocation",
    "BASE_ANNUELLE",
    "CalculInterets",
    "Capitalisation",
    "Dette",
    "DetteImputee",
    "EntreeInvalide",
    "FactureIndemnite",
    "IndemniteFacture",
    "IndemnitesForfaitaires",
    "Imputation",
    "LigneInterets",
    "Paiement",
    "RegleNonModelisee",
    "TauxInconnu",
    "chiffre_affaires_compensatoire",
    "date_majoration_L313_3",
    "imputer_paiements",
    "indemnite_forfaitaire",
    "indemnites_forfaitaires",
    "interets_capitalisables",
    "interets_moratoires",
    "penalites_retard",
]
