"""Les intérêts moratoires au taux légal, et la majoration de cinq points deux mois après une décision exécutoire.

Références : C. civ., art. 1231-6 et 1344-1 (ancien art. 1153) ; C. mon. fin., art. L313-2, L313-3 ;
CPC, art. 503, 641.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from creances_rules.law.taux import (
    CATEGORIES,
    Categorie,
    EntreeInvalide,
    periode_taux_legal,
    taux_interet_legal,
)

from ..._base.formatting import date_courte
from .conventions import (
    _UN_JOUR,
    HYPOTHESE_ARRONDI,
    HYPOTHESE_BASE_365,
    HYPOTHESE_SIMPLES,
    HYPOTHESE_TAUX,
    REFORME_OBLIGATIONS,
    ZERO,
    CalculInterets,
    _ajouter,
    _citations,
    _date,
    _decimal,
    _decouper,
    _fmt,
    _ligne,
    _resultat_nul,
    taux_memorise,
)


MAJORATION_L313_3 = Decimal("5")


def date_majoration_L313_3(date_signification: _dt.date) -> _dt.date:
    """Le premier jour au taux légal majoré de 5 points : lendemain de l'expiration de deux mois après que la décision est devenue exécutoire.

    ``date_signification`` : jour où la décision de condamnation est devenue exécutoire, en pratique sa
    signification (CPC, art. 503). Les deux mois expirent le jour du deuxième mois qui porte le même
    quantième, ou le dernier jour de ce mois s'il n'en a pas (comme CPC, art. 641 al. 2 ; 31 décembre →
    28 ou 29 février) ; la majoration court le lendemain. Exemple de service-public.fr (F20688) :
    exécutoire le 17 septembre 2015 → taux simple jusqu'au 17 novembre, majoré à partir du 18 novembre.
    Pas de report au jour ouvrable suivant (CPC 642) : ce n'est pas un délai pour agir.

    Références : C. mon. fin., art. L313-3 (le juge de l'exécution peut supprimer ou réduire la majoration).
    """
    _date(date_signification, "date_signification")
    return date_signification + relativedelta(months=2) + _UN_JOUR


def interets_moratoires(
    montant: Decimal,
    depuis: _dt.date,
    jusqu_au: _dt.date,
    *,
    categorie_creancier: Categorie,
    date_majoration: _dt.date | None = None,
    taux_fournis: Mapping[_dt.date, Decimal] | None = None,
    date_contrat: _dt.date | None = None,
) -> CalculInterets:
    """Les intérêts moratoires au taux légal, du lendemain de ``depuis`` (mise en demeure) au ``jusqu_au`` inclus.

    Le taux est celui de la catégorie du créancier (``"creancier_particulier"`` : personne physique
    n'agissant pas pour des besoins professionnels ; sinon ``"autres_cas"``), période par période :
    semestre depuis 2015, année avant. À partir de ``date_majoration`` (premier jour majoré, voir
    :func:`date_majoration_L313_3`) le taux est majoré de 5 points. ``taux_fournis`` : taux légaux des
    périodes hors table, indexés par leur premier jour. ``date_contrat`` : si le contrat est antérieur
    au 1er octobre 2016, l'ancien article 1153 est cité au lieu de 1231-6 et 1344-1.

    Références : C. civ., art. 1231-6 et 1344-1 (ancien art. 1153) ; C. mon. fin., art. L313-2, L313-3.
    """
    base = _decimal(montant, "montant")
    _date(depuis, "depuis")
    _date(jusqu_au, "jusqu_au")
    if categorie_creancier not in CATEGORIES:
        raise EntreeInvalide(
            f"categorie_creancier doit valoir {' ou '.join(CATEGORIES)}, pas {categorie_creancier!r}."
        )
    if date_majoration is not None:
        _date(date_majoration, "date_majoration")
    if date_contrat is not None:
        _date(date_contrat, "date_contrat")

    if date_contrat is not None and date_contrat < REFORME_OBLIGATIONS:
        citations = _citations("c_civ_1153_ancien", "cmf_l313_2")
    else:
        citations = _citations("c_civ_1231_6", "c_civ_1344_1", "cmf_l313_2")
    hypotheses = [
        f"Intérêts comptés du lendemain de la mise en demeure ({date_courte(depuis + _UN_JOUR)}) au "
        f"{date_courte(jusqu_au)} inclus (nombre de jours = {date_courte(jusqu_au)} − {date_courte(depuis)}). "
        "Aucun texte lu ne fixe ce décompte ; certains calculateurs comptent aussi le jour de la mise en demeure "
        "(un jour de plus).",
        HYPOTHESE_BASE_365,
        HYPOTHESE_ARRONDI,
        HYPOTHESE_SIMPLES,
        HYPOTHESE_TAUX,
        f"Taux légal de la catégorie « {categorie_creancier} » (C. mon. fin., art. L313-2 : selon que le créancier "
        "est ou non une personne physique n'agissant pas pour des besoins professionnels).",
    ]
    if date_contrat is None:
        hypotheses.append(
            "Date du contrat non fournie : articles cités dans leur rédaction issue de l'ordonnance n° 2016-131 "
            "(contrats conclus à compter du 1er octobre 2016 ; avant, ancien art. 1153)."
        )
    if jusqu_au <= depuis:
        return _resultat_nul(hypotheses, citations, "Aucun jour d'intérêts : jusqu_au n'est pas postérieur à depuis.")
    debut = depuis + _UN_JOUR
    coupures: list[_dt.date] = []
    d = debut
    while True:
        d = periode_taux_legal(d)[1] + _UN_JOUR
        if d > jusqu_au:
            break
        coupures.append(d)
    avertissements: list[str] = []
    if date_majoration is not None and date_majoration <= jusqu_au:
        coupures.append(date_majoration)
        citations = [*citations, *_citations("cmf_l313_3")]
        avertissements.append(
            f"Majoration de 5 points à partir du {date_courte(date_majoration)} (C. mon. fin., art. L313-3) : le juge "
            "de l'exécution peut la supprimer ou en réduire le montant."
        )
    lignes: list[LigneInterets] = []
    for a, b in _decouper(debut, jusqu_au, coupures):
        til = taux_memorise(taux_interet_legal, a, categorie_creancier, fournis=taux_fournis)
        _ajouter(avertissements, til.avertissements)
        majore = date_majoration is not None and a >= date_majoration
        valeur = til.valeur + MAJORATION_L313_3 if majore else til.valeur
        texte = (f"{til.texte} : {_fmt(til.valeur)} % majoré de 5 points (C. mon. fin., art. L313-3)" if majore
                 else f"{til.texte} : {_fmt(til.valeur)} %")
        lignes.append(_ligne(a, b, base, valeur, "taux_legal_majore_5_points" if majore else "taux_legal",
                             til.source, texte, til.fourni))
    return CalculInterets(
        montant=sum((ligne.montant for ligne in lignes), ZERO),
        jours=(jusqu_au - depuis).days,
        lignes=lignes,
        citations=citations,
        hypotheses=hypotheses,
        avertissements=avertissements,
        taux_fournis_utilises=any(ligne.taux_fourni for ligne in lignes),
    )
