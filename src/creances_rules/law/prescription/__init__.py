"""Prescription extinctive d'une créance : dernier jour utile pour agir, avec la trace de chaque événement.

Le calcul part d'un régime (durée, prescription ou forclusion), d'un point de départ et d'événements
datés (reconnaissance, demande en justice, médiation, expertise…). Il rend le dernier jour où un acte
interruptif produit encore effet (``date_limite``), et la liste ordonnée des effets appliqués.

Un module par objet, les données allant des premiers aux derniers :

- `regimes` : durée, prescription ou forclusion, délai butoir, durée conventionnelle (art. 2254), régime
  transitoire de la loi de 2008 ;
- `evenements` : ce qui peut arriver au délai, et le résultat avec sa trace ;
- `textes` : avertissements, noms des événements et dates en français ;
- `etat`, `interruption` (art. 2231, 2240 à 2244), `suspension` (art. 2230, 2238, 2239) et `calcul` : le
  déroulé jour par jour et `calculer_prescription`.

Les noms publics de ces modules restent importables d'ici (``from creances_rules.prescription import
calculer_prescription``).

Références (textes lus ; dates de vérification : 22 novembre 2026) :
- C. civ., art. 2224 (5 ans), 2220 (forclusion hors du titre XX), 2222 (loi qui réduit un délai),
  2228-2229 (computation), 2230 (suspension), 2231 (interruption), 2232 (délai butoir de 20 ans et
  ses exclusions), 2233 (créance à terme), 2238 (médiation, conciliation, procédure participative,
  petites créances : reprise pour six mois au moins), 2239 (mesure d'instruction : idem), 2240
  (reconnaissance), 2241 (demande en justice, même en référé ; prescription et forclusion), 2242
  (effet jusqu'à l'extinction de l'instance), 2243 (interruption non avenue), 2244 (mesure
  conservatoire, acte d'exécution forcée ; prescription ou forclusion), 2250-2251 (renonciation),
  2254 (aménagement conventionnel) — textes lus sur https://kohenavocats.fr/2024/12/21/article-2232-du-code-civil,
  .../article-2231-du-code-civil, .../article-2230-du-code-civil, .../article-2241-du-code-civil,
  .../article-2243-du-code-civil, .../article-2250-du-code-civil ;
  https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070721/articles/LEGIARTI000006447478 (2239) ;
  https://french-business-law.com/french-legislation-art/article-2238-of-the-french-civil-code/ (2238) ;
  https://www.codes-et-lois.fr/code-civil/article-2233 (2233) ; https://kohenavocats.fr/?p=69198 (2220) ;
  https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070721/articles/LEGIARTI000006447647 (2254) ;
  https://legal.tricoteuses.fr/articles/LEGIARTI000019017366 (2240).
- C. com., art. L110-4 ; C. conso., art. L218-1, L218-2 et R312-35 ; CPCE, art. L111-4 (10 ans, sans
  délai butoir : https://lappelexpert.editions-legislatives.fr/question-juridique/civil/le-delai-d-execution-d-un-jugement).
- Loi n° 2008-561 du 17 juin 2008, art. 26 II (https://larevue.squirepattonboggs.com/titres-executoires-judiciaires-et-prescription-a-vos-agendas.html) ;
  Cass. 1re civ., 12 déc. 2018, n° 17-25.697 (délai ouvert le 19 juin 2008 expiré le 18 juin 2013 à
  24 h : https://www.courdecassation.fr/publications/bulletin-des-arrets-des-chambres-civiles/numero-12-decembre-2018/prescription-civile).
- Cass. com., 18 mai 2022, n° 20-23.204 (la mise en demeure n'interrompt pas : https://vivaldi-chronos.com/?p=32781) ;
  Cass. 2e civ., 31 janv. 2019, n° 18-10.011 (la suspension de l'art. 2239 ne profite qu'à celui qui a
  demandé la mesure : https://karila.fr/fr/publication/decision/pas-de-suspension-erga-omnes) ;
  Cass. com., 28 mars 2018, n° 16-27.268 (l'art. 2239 ne vaut que pour les décisions postérieures au
  19 juin 2008 : https://karila.fr/fr/publication/decision/larticle-2239-ne-sapplique-quaux-decisions-rendues-apres-son-entree-en-vigueur) ;
  Cass. 2e civ., 3 juil. 2014, n° 13-17.449 et Cass. 1re civ., 25 févr. 2016, n° 15-15.994 (paiement
  partiel = reconnaissance, pour toute la créance : http://lappelexpert.editions-legislatives.fr/question-juridique/civil/effet-sur-la-prescription-de-la-reconnaissance-partielle-d-une-dette-d) ;
  Cass. 3e civ., 5 avr. 2011, n° 10-16.748 (payer sans réserve n'est pas renoncer à une prescription
  acquise : https://anil.org/documentation-experte/analyses-juridiques-jurisprudence/jurisprudence/jurisprudence-2011/renonciation-tacite-a-la-prescription-/-sommes-dues-au-bailleur).

Non modélisé (le calcul le dit dans ``avertissements`` quand la situation se présente) : causes de
suspension des art. 2234 à 2237 (impossibilité d'agir, mineurs, époux, héritier) — l'appelant les
traduit en report du point de départ ; renonciation à une prescription acquise (art. 2250-2251) ;
codébiteurs et cautions (art. 2245-2246) ; causes conventionnelles d'interruption (art. 2254 al. 2) ;
réaménagement d'un crédit à la consommation (R312-35) ; instances introduites avant le 19 juin 2008
(loi 2008-561, art. 26 III).
"""

from __future__ import annotations

from .regimes import (
    _PLAFOND_ANS,
    _PLANCHER_MOIS,
    _REGIMES_LEGAUX,
    _UN_JOUR,
    CODES_REGIME,
    REFORME_2008,
    PrescriptionInvalide,
    Regime,
    _libelle_duree,
    _normaliser_code,
    _terme_tardif,
    duree_contractuelle_valide,
    regime_legal,
    regime_transitoire_2008,
)
from .evenements import (
    _DEMANDES,
    _FAMILLES,
    _FINS_2243,
    _MESURES_2244,
    _RANG_DU_JOUR,
    _RECONNAISSANCES,
    _SUSPENSIONS,
    T,
    EtapePrescription,
    EvenementPrescription,
    NatureEtape,
    ResultatPrescription,
    TypeEvenement,
)
from .textes import (
    _AV_2233,
    _AV_2238,
    _AV_2239,
    _AV_AUTRE,
    _AV_CONTRACTUEL,
    _AV_FIN_INSTANCE,
    _AV_FORCLUSION,
    _AV_INSTANCE_AVANT_2008,
    _AV_INSTANCE_EN_COURS,
    _AV_INTERRUPTION_PENDANT_SUSPENSION,
    _AV_MISE_EN_DEMEURE,
    _AV_PAIEMENT_PARTIEL,
    _AV_PLAFOND_STRICT,
    _AV_RENONCIATION,
    _AV_SUSPENSION_AVANT_2008,
    _AV_SUSPENSION_EN_COURS,
    _AV_TITRE,
    _AV_TRANSITION,
    _AV_TRANSITION_SANS_ANCIENNE,
    _MOIS_FR,
    _fr,
    _libelle,
)
from .etat import _Etat, _Suspension
from .calcul import _Calcul, _verifier_jour, calculer_prescription

__all__ = [
    "CODES_REGIME",
    "REFORME_2008",
    "EtapePrescription",
    "EvenementPrescription",
    "NatureEtape",
    "PrescriptionInvalide",
    "Regime",
    "ResultatPrescription",
    "TypeEvenement",
    "calculer_prescription",
    "duree_contractuelle_valide",
    "regime_legal",
    "regime_transitoire_2008",
]
