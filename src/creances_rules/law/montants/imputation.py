"""L'imputation des paiements entre plusieurs dettes, puis, sur chaque dette, aux intérêts avant le principal.

Références : C. civ., art. 1342-10 (choix du débiteur, sinon imputation légale), 1343-1 (intérêts d'abord ;
ancien art. 1254).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from creances_rules.law.taux import EntreeInvalide

from ..._base.formatting import date_courte
from .conventions import CENTIME, ZERO, _ajouter, _citations, _fmt


def _pas_de_float(v: object) -> object:
    if isinstance(v, float):
        raise ValueError("montant en float refusé : utiliser Decimal (ex. Decimal(\"1234.56\"))")
    return v


MontantPositif = Annotated[Decimal, BeforeValidator(_pas_de_float), Field(ge=0)]
MontantStrictementPositif = Annotated[Decimal, BeforeValidator(_pas_de_float), Field(gt=0)]


class Dette(BaseModel):
    """Une dette du débiteur envers le créancier (une facture), pour l'imputation des paiements."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str
    montant: MontantPositif
    date_exigibilite: _dt.date
    # Intérêts (ou pénalités) échus sur cette dette, arrêtés par l'appelant : 1343-1 les paie en premier.
    interets_dus: MontantPositif = ZERO
    # Intérêt du débiteur à acquitter cette dette plutôt qu'une autre (plus haut = payée d'abord), apprécié
    # par l'appelant : taux plus élevé, sûreté, clause pénale… 0 par défaut (intérêt égal).
    rang_interet: int = 0


class Paiement(BaseModel):
    """Un paiement reçu ; ``facture`` : la dette que le débiteur a désignée en payant, s'il l'a fait."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: _dt.date
    montant: MontantStrictementPositif
    facture: str | None = None


class Allocation(BaseModel):
    """La part d'un paiement imputée sur une dette : aux intérêts d'abord, puis au principal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    paiement: int  # rang du paiement dans la liste fournie (0 = premier)
    date: _dt.date
    dette: str
    montant: Decimal
    aux_interets: Decimal
    au_principal: Decimal
    regle: Literal[
        "choix_du_debiteur",
        "plus_grand_interet_du_debiteur",
        "plus_ancienne",
        "proportionnelle",
    ]


class DetteImputee(BaseModel):
    """L'état d'une dette après imputation de tous les paiements."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str
    principal_initial: Decimal
    interets_initiaux: Decimal
    interets_restants: Decimal
    principal_restant: Decimal
    allocations: list[Allocation]


class Imputation(BaseModel):
    """Le résultat de l'imputation : par dette, le reste dû et la trace ; plus l'excédent non imputé."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dettes: list[DetteImputee]
    allocations: list[Allocation]
    non_impute: Decimal
    citations: list[dict[str, str]]
    hypotheses: list[str]
    avertissements: list[str] = Field(default_factory=list)


def imputer_paiements(dettes: Sequence[Dette], paiements: Sequence[Paiement]) -> Imputation:
    """Impute chaque paiement sur les dettes : choix du débiteur, sinon imputation légale ; intérêts avant principal.

    Ordre légal (1342-10 al. 2) : dettes échues au jour du paiement (à défaut, les autres) ; parmi elles,
    celles que le débiteur avait le plus d'intérêt d'acquitter — simplification : ``rang_interet`` fourni
    par l'appelant, égal par défaut ; à égalité, la plus ancienne — simplification : la première exigible ;
    à égalité, proportionnellement au solde. Sur chaque dette, le paiement va d'abord aux intérêts
    (1343-1), même si le débiteur l'a désignée. Un paiement désigné qui dépasse la dette voit son excédent
    imputé selon l'ordre légal. Les paiements sont traités par date (ordre fourni à date égale).

    Références : C. civ., art. 1342-10 et 1343-1 (anciens art. 1253 à 1256).
    """
    for nom, seq, cls in (("dettes", dettes, Dette), ("paiements", paiements, Paiement)):
        if isinstance(seq, str | bytes) or not isinstance(seq, Sequence):
            raise EntreeInvalide(f"{nom} doit être une liste de {cls.__name__}.")
        for x in seq:
            if not isinstance(x, cls):
                raise EntreeInvalide(f"{nom} : élément {x!r} qui n'est pas un {cls.__name__}.")
    refs = [d.ref for d in dettes]
    if len(set(refs)) != len(refs):
        raise EntreeInvalide("dettes : deux dettes portent la même référence (ref).")
    # L'imputation proportionnelle répartit des centimes : des montants plus fins n'auraient pas de sens.
    for nom, seq, champs in (("dettes", dettes, ("montant", "interets_dus")), ("paiements", paiements, ("montant",))):
        for i, x in enumerate(seq):
            for champ in champs:
                if getattr(x, champ) != getattr(x, champ).quantize(CENTIME):
                    raise EntreeInvalide(f"{nom}[{i}].{champ} doit être un montant au centime, pas {getattr(x, champ)}.")
    par_ref = {d.ref: d for d in dettes}
    for i, p in enumerate(paiements):
        if p.facture is not None and p.facture not in par_ref:
            raise EntreeInvalide(f"paiements[{i}].facture : aucune dette de référence {p.facture!r}.")

    interets = {d.ref: Decimal(d.interets_dus) for d in dettes}
    principal = {d.ref: Decimal(d.montant) for d in dettes}
    allocations: list[Allocation] = []
    avertissements: list[str] = []
    non_impute = ZERO

    def solde(ref: str) -> Decimal:
        return interets[ref] + principal[ref]

    def imputer(i: int, p: Paiement, ref: str, somme: Decimal, regle: str) -> None:
        aux_interets = min(somme, interets[ref])
        au_principal = somme - aux_interets
        interets[ref] -= aux_interets
        principal[ref] -= au_principal
        allocations.append(
            Allocation(
                paiement=i,
                date=p.date,
                dette=ref,
                montant=somme,
                aux_interets=aux_interets,
                au_principal=au_principal,
                regle=regle,  # type: ignore[arg-type]
            )
        )

    ordre = sorted(range(len(paiements)), key=lambda i: paiements[i].date)
    for i in ordre:
        p = paiements[i]
        reste = Decimal(p.montant)
        if p.facture is not None and solde(p.facture) > 0:
            part = min(reste, solde(p.facture))
            imputer(i, p, p.facture, part, "choix_du_debiteur")
            reste -= part
            if reste > 0:
                avertissements.append(
                    f"Paiement du {date_courte(p.date)} : {_fmt(reste)} € au-delà du solde de {p.facture} désignée, "
                    "imputés selon l'ordre légal."
                )
        elif p.facture is not None:
            avertissements.append(
                f"Paiement du {date_courte(p.date)} : la dette désignée {p.facture} est déjà soldée ; imputation légale."
            )
        while reste > 0:
            ouvertes = [d for d in dettes if solde(d.ref) > 0]
            if not ouvertes:
                break
            echues = [d for d in ouvertes if d.date_exigibilite <= p.date]
            if not echues:
                _ajouter(
                    avertissements,
                    [f"Paiement du {date_courte(p.date)} : aucune dette échue ; imputé sur des dettes non encore échues."],
                )
            candidates = echues or ouvertes
            rang_max = max(d.rang_interet for d in candidates)
            meilleures = [d for d in candidates if d.rang_interet == rang_max]
            plus_ancienne = min(d.date_exigibilite for d in meilleures)
            groupe = [d for d in meilleures if d.date_exigibilite == plus_ancienne]
            if len(groupe) > 1:
                regle = "proportionnelle"
            elif len(meilleures) < len(candidates):
                regle = "plus_grand_interet_du_debiteur"
            else:
                regle = "plus_ancienne"
            total = sum((solde(d.ref) for d in groupe), ZERO)
            if reste >= total or len(groupe) == 1:
                for d in groupe:
                    part = min(reste, solde(d.ref))
                    imputer(i, p, d.ref, part, regle)
                    reste -= part
                continue
            # Prorata des soldes, arrondi au centime inférieur ; les centimes restants vont aux
            # dettes dans l'ordre des références, pour que la somme imputée soit exacte.
            parts = {d.ref: (reste * solde(d.ref) / total).quantize(CENTIME, rounding=ROUND_DOWN) for d in groupe}
            manque = reste - sum(parts.values(), ZERO)
            for d in sorted(groupe, key=lambda d: d.ref):
                if manque <= 0:
                    break
                supplement = min(manque, solde(d.ref) - parts[d.ref], CENTIME)
                parts[d.ref] += supplement
                manque -= supplement
            for d in groupe:
                if parts[d.ref] > 0:
                    imputer(i, p, d.ref, parts[d.ref], "proportionnelle")
            reste = manque
            break
        if reste > 0:
            non_impute += reste
            avertissements.append(
                f"Paiement du {date_courte(p.date)} : {_fmt(reste)} € excèdent toutes les dettes (trop-perçu), non imputés."
            )
    legales = [a for a in allocations if a.regle != "choix_du_debiteur"]
    if legales:
        avertissements.append(
            "Imputation légale simplifiée (C. civ., art. 1342-10) : le « plus grand intérêt » du débiteur n'est pas "
            "apprécié ici (il dépend des faits : taux, sûretés, clause pénale) ; il n'est pris en compte que par le "
            "rang d'intérêt donné pour chaque facture. « La plus ancienne » est lue comme la première exigible."
        )
    return Imputation(
        dettes=[
            DetteImputee(
                ref=d.ref,
                principal_initial=Decimal(d.montant),
                interets_initiaux=Decimal(d.interets_dus),
                interets_restants=interets[d.ref],
                principal_restant=principal[d.ref],
                allocations=[a for a in allocations if a.dette == d.ref],
            )
            for d in dettes
        ],
        allocations=allocations,
        non_impute=non_impute,
        citations=_citations("c_civ_1342_10", "c_civ_1343_1"),
        hypotheses=[
            "Intérêts dus sur chaque dette arrêtés par l'appelant (interets_dus) ; les intérêts qui courent entre "
            "deux paiements ne sont pas recalculés ici.",
            "Sur chaque dette, le paiement s'impute d'abord sur les intérêts, puis sur le principal (C. civ., "
            "art. 1343-1), y compris quand le débiteur a désigné la dette.",
        ],
        avertissements=avertissements,
    )
