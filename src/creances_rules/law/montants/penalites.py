"""Les pénalités de retard de paiement entre professionnels : taux convenu (jamais sous le plancher) ou taux BCE + 10 points.

Références : C. com., art. L441-10 II (ex-L441-6) ; C. mon. fin., art. L313-2 ; ordonnance n° 2019-359
(L441-6 devient L441-10) ; CJUE, 20 oct. 2022, C-585/20 (base TTC).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from creances_rules.law.taux import (
    EntreeInvalide,
    TauxApplicable,
    plancher_penalites,
    taux_penalites_defaut,
)

from ..._base.formatting import date_courte
from .conventions import (
    _UN_JOUR,
    HYPOTHESE_ARRONDI,
    HYPOTHESE_BASE_365,
    HYPOTHESE_SIMPLES,
    HYPOTHESE_TAUX,
    ZERO,
    CalculInterets,
    _ajouter,
    _citations,
    _date,
    _debuts_de_semestre,
    _decimal,
    _decouper,
    _fmt,
    _ligne,
    _resultat_nul,
    taux_memorise,
)


# Ordonnance n° 2019-359 : L441-6 devient L441-10 le 26 avril 2019.
ENTREE_EN_VIGUEUR_L441_10 = _dt.date(2019, 4, 26)


def penalites_retard(
    montant: Decimal,
    date_echeance: _dt.date,
    jusqu_au: _dt.date,
    *,
    taux_contractuel: Decimal | None = None,
    taux_bce_fournis: Mapping[_dt.date, Decimal] | None = None,
    taux_legal_fournis: Mapping[_dt.date, Decimal] | None = None,
    sanction_taux_insuffisant: Literal["plancher", "taux_defaut"] = "plancher",
) -> CalculInterets:
    """Les pénalités de retard de paiement entre professionnels, du lendemain de l'échéance au ``jusqu_au`` inclus.

    ``montant`` : somme restée impayée (TTC pour une facture). ``jusqu_au`` : date du paiement ou date
    d'arrêté du décompte. Taux : ``taux_contractuel`` (pourcentage annuel) s'il est stipulé, mais jamais
    moins de trois fois le taux légal « autres cas » du semestre ; sans taux convenu, le taux BCE en
    vigueur au 1er janvier / 1er juillet majoré de 10 points. Le calcul est coupé à chaque 1er janvier
    et 1er juillet. ``taux_bce_fournis`` / ``taux_legal_fournis`` : taux des semestres hors table, indexés
    par le 1er janvier / 1er juillet. ``sanction_taux_insuffisant`` : ``"plancher"`` (le taux trop bas est
    porté au plancher, lecture par défaut) ou ``"taux_defaut"`` (la clause est écartée et le taux BCE + 10
    s'applique) — les textes lus ne tranchent pas.

    Références : C. com., art. L441-10 II (ex-L441-6) ; C. mon. fin., art. L313-2.
    """
    base = _decimal(montant, "montant")
    _date(date_echeance, "date_echeance")
    _date(jusqu_au, "jusqu_au")
    if taux_contractuel is not None:
        taux_contractuel = _decimal(taux_contractuel, "taux_contractuel")
    if sanction_taux_insuffisant not in ("plancher", "taux_defaut"):
        raise EntreeInvalide(
            f"sanction_taux_insuffisant doit valoir \"plancher\" ou \"taux_defaut\", pas {sanction_taux_insuffisant!r}."
        )

    hypotheses = [
        f"Jours de retard comptés du lendemain de l'échéance ({date_courte(date_echeance + _UN_JOUR)}) au "
        f"{date_courte(jusqu_au)} inclus : C. com., art. L441-10 II (pénalités « exigibles le jour suivant la date "
        "de règlement figurant sur la facture »).",
        HYPOTHESE_BASE_365,
        HYPOTHESE_ARRONDI,
        HYPOTHESE_SIMPLES,
        HYPOTHESE_TAUX,
        "Base des pénalités : le montant fourni, inchangé sur la période (TTC pour une facture : CJUE, 20 oct. "
        "2022, C-585/20). En cas de paiements partiels, calculer chaque tranche séparément.",
    ]
    citations = _citations("c_com_l441_10")
    if jusqu_au <= date_echeance:
        return _resultat_nul(
            hypotheses, citations, "Aucun retard : paiement ou arrêté du compte au plus tard le jour de l'échéance."
        )
    debut = date_echeance + _UN_JOUR
    if debut < ENTREE_EN_VIGUEUR_L441_10:
        citations = _citations("c_com_l441_10", "c_com_l441_6_ancien")

    avertissements: list[str] = []
    constats: list[str] = []
    lignes: list[LigneInterets] = []
    plancher_applique = False
    for a, b in _decouper(debut, jusqu_au, _debuts_de_semestre(debut, jusqu_au)):
        taux: TauxApplicable
        source = texte = None  # a contractual rate has its own; otherwise the rate table's
        if taux_contractuel is None:
            taux = taux_memorise(taux_penalites_defaut, a, fournis=taux_bce_fournis)
            valeur, nature = taux.valeur, "taux_bce_plus_10_points"
        else:
            plancher = taux_memorise(plancher_penalites, a, fournis=taux_legal_fournis)
            _ajouter(avertissements, plancher.avertissements)
            if taux_contractuel >= plancher.valeur:
                taux, valeur, nature = plancher, taux_contractuel, "taux_contractuel"
                source = "taux convenu entre les parties (conditions de règlement)"
                texte = (f"Taux contractuel de {_fmt(valeur)} %, au moins égal au plancher de {_fmt(plancher.valeur)} % "
                         "(C. com., art. L441-10 II)")
            else:
                if "taux_penalites_inferieur_au_minimum" not in constats:
                    constats.append("taux_penalites_inferieur_au_minimum")
                if sanction_taux_insuffisant == "plancher":
                    taux, valeur, nature = plancher, plancher.valeur, "plancher_3_fois_taux_legal"
                    plancher_applique = True
                    _ajouter(
                        avertissements,
                        [
                            f"Taux contractuel de {_fmt(taux_contractuel)} % inférieur au minimum légal de "
                            f"{_fmt(plancher.valeur)} % (3 × taux légal) du {date_courte(plancher.du)} au "
                            f"{date_courte(plancher.au)} : le plancher est appliqué. Autre lecture possible, non "
                            "tranchée par les textes lus : la clause serait écartée au profit du taux BCE + 10 points "
                            "(option du calcul « sanction du taux insuffisant » réglée sur « taux par défaut »). "
                            "Une telle clause expose aussi à "
                            "l'amende administrative de C. com., art. L441-16."
                        ],
                    )
                else:
                    taux = taux_memorise(taux_penalites_defaut, a, fournis=taux_bce_fournis)
                    valeur, nature = taux.valeur, "taux_bce_plus_10_points"
                    _ajouter(
                        avertissements,
                        [
                            f"Taux contractuel de {_fmt(taux_contractuel)} % inférieur au minimum légal de "
                            f"{_fmt(plancher.valeur)} % du {date_courte(plancher.du)} au {date_courte(plancher.au)} : "
                            "la clause est écartée et le taux légal par défaut (BCE + 10 points) s'applique. Autre "
                            "lecture possible : le taux serait seulement porté au plancher."
                        ],
                    )
        _ajouter(avertissements, taux.avertissements)
        lignes.append(_ligne(a, b, base, valeur, nature, source or taux.source, texte or taux.texte, taux.fourni))
    if plancher_applique:
        citations = [*citations, *_citations("cmf_l313_2")]
    return CalculInterets(
        montant=sum((ligne.montant for ligne in lignes), ZERO),
        jours=(jusqu_au - date_echeance).days,
        lignes=lignes,
        citations=citations,
        hypotheses=hypotheses,
        avertissements=avertissements,
        constats=constats,
        plancher_applique=plancher_applique,
        taux_fournis_utilises=any(ligne.taux_fourni for ligne in lignes),
    )
