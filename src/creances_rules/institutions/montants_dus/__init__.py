"""Montants dus pour un retard, facture par facture : pénalités L441-10, intérêts moratoires, indemnité de 40 €.

Ce paquet relie le dossier aux calculateurs de `creances_rules.montants` ; il ne qualifie rien. Les
règles (rules/penalites_l441_10.yaml, interets_moratoires.yaml, clause_penale.yaml, capitalisation.yaml)
disent quand un montant est dû et à quel taux ; ce paquet compte. Un module par objet, les données allant
des premiers aux derniers :

- `factures` : l'état de chaque facture après imputation sur le principal (C. civ. 1342-10), les paiements,
  les taux fournis et les limites des tables, l'arrêt des accessoires d'une facture remplacée ;
- `accessoires` : le décompte chronologique des accessoires, paiements imputés au fil du temps (C. civ.
  1342-10, 1343-1, ancien 1254 ; compensation, 1347-4) ;
- `penalites` : pénalités de retard, indemnité de 40 €, plancher du taux convenu, délai de paiement (C. com.
  L441-10, D441-5, L441-16) ;
- `interets` : intérêts moratoires au taux légal (C. civ. 1231-6, 1344-1 ; C. mon. fin. L313-2, L313-3) et
  leur capitalisation (C. civ. 1343-2) ;
- `divers` : clause pénale stipulée (C. civ. 1231-5), chiffre d'affaires compensatoire, somme de montants ;
- `faits` : les faits que lisent les règles, et les fournisseurs qui les remplissent.

Les noms publics de ces modules restent importables d'ici (``from creances_rules.institutions.montants_dus
import penalites_factures``).

Références : C. com., art. L441-10 II, D441-5, L441-16 ; C. civ., art. 1231-5, 1231-6, 1344-1 (ancien
1153), 1342-10, 1343-1 (ancien 1254), 1343-2 ; C. mon. fin., art. L313-2, L313-3 ; Cass. com., 24 avr.
2024, n° 22-24.275 (pénalités et intérêts légaux ne se cumulent pas ; les pénalités sont des intérêts
moratoires).
"""

from __future__ import annotations

# Import order is registration order: calculators (penalties, interest, others), then the facts and providers.
from .factures import (
    ARRETS_PAR_FACTURE,
    NATURES_HORS_L441_10,
    PRESCRIPTION_ANALYSEE,
    designation,
    hors_l441_10,
    ZERO,
    EtatFacture,
    TauxFournis,
    _CACHE,
    _UN_JOUR,
    _etats,
    _fins,
    _memo,
    _paiements,
    arret_des_accessoires_par_facture,
    cle_des_arrets,
    compensations_en_paiements,
    etats_factures,
    lecture_imputation,
    limite_taux_legal,
    limite_taux_penalites,
    taux_fournis,
)
from .accessoires import (
    HYPOTHESE_ACCORD_CREANCIER,
    HYPOTHESE_IMPUTATION,
    HYPOTHESE_INDEMNITE_NON_IMPUTEE,
    HYPOTHESE_PERIODE_INCONNUE,
    HYPOTHESE_PRINCIPAL_D_ABORD,
    INTERETS_D_ABORD,
    PRINCIPAL_D_ABORD,
    Decompte,
    DetailMontant,
    _ajouter,
    _basis_imputation,
    _Compte,
    _computed,
    _decompte,
    _imputer_du_jour,
    _manques_message,
    _Periode,
    principal_du_dossier,
)
from .penalites import (
    CITATIONS_PENALITES_INTERETS,
    _jours_a_verifier,
    _motif_limite_penalites,
    _retards,
    avertissement_penalites_1343_1,
    debut_plancher_non_respecte,
    delai_paiement_excessif,
    fmt_taux,
    indemnite_forfaitaire_factures,
    indemnites_du_dossier,
    penalites_du_dossier,
    penalites_factures,
    penalites_l441_10_factures,
    periodes_sous_plancher,
    plancher_penalites_non_respecte,
)
from .interets import (
    _ACTES_DE_DEMEURE,
    _CATEGORIES,
    _actes,
    _interets_du_dossier,
    departs_interets,
    interets_capitalisables_factures,
    interets_du_dossier,
    interets_factures,
    interets_moratoires_factures,
    taux_conventionnel_de_retard,
)
from .divers import chiffre_affaires_compensatoire, clause_penale_stipulee, somme_des_montants
from .faits import _faits_de_base, _faits_de_retard
