"""Droit de rétention: the things of the debtor the creditor holds, as facts, and their list.

The rule file ``rules/droit_de_retention.yaml`` states the law; this module only counts the
``biens_detenus`` by the flags the law turns on: handed over until payment (C. civ. 2286 1°), claim
connected to the thing (2286 2° and 3°, and the seller's and depositary's cases, 1612 and 1948), and
voluntary dispossession, which ends the right (2286, last paragraph).

Références : C. civ., art. 2286 (ord. n° 2006-346, rédaction de la loi n° 2008-776), 1612, 1948 ;
C. com., art. L622-7 II. Texte lu : https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070721/articles/LEGIARTI000006448059
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .._base.formatting import euros
from .calculators import Computed, Context, calculator
from .derive import Derivation, declare_fact, provider
from ..models.dossier import BienDetenu, Dossier
from .vocabulary import FactType

declare_fact("retention.nombre_biens_detenus", FactType.int,
             "biens du débiteur que le créancier détient encore (sans dessaisissement)")
declare_fact("retention.nombre_biens_remis_jusqu_au_paiement", FactType.int,
             "biens détenus remis au créancier jusqu'au paiement de sa créance")
declare_fact("retention.nombre_biens_connexes", FactType.int,
             "biens détenus auxquels la créance est liée (contrat qui oblige à les livrer, ou née de leur détention)")
declare_fact("retention.nombre_biens_sans_lien", FactType.int,
             "biens détenus ni remis jusqu'au paiement ni liés à la créance")
declare_fact("retention.nombre_biens_dessaisis", FactType.int,
             "biens dont le créancier s'est volontairement dessaisi")


def _held(b: BienDetenu) -> bool:
    return not b.dessaisissement


def _linked(b: BienDetenu) -> bool:
    return _held(b) and (b.remis_jusqu_au_paiement or b.connexe)


@provider("base")
def _faits_retention(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    biens = dossier.biens_detenus
    facts = derivation.facts
    facts["retention.nombre_biens_detenus"] = sum(1 for b in biens if _held(b))
    facts["retention.nombre_biens_remis_jusqu_au_paiement"] = sum(
        1 for b in biens if _held(b) and b.remis_jusqu_au_paiement)
    facts["retention.nombre_biens_connexes"] = sum(1 for b in biens if _held(b) and b.connexe)
    facts["retention.nombre_biens_sans_lien"] = sum(1 for b in biens if _held(b) and not _linked(b))
    facts["retention.nombre_biens_dessaisis"] = sum(1 for b in biens if b.dessaisissement)


def _fondement(b: BienDetenu) -> str:
    grounds = []
    if b.remis_jusqu_au_paiement:
        grounds.append("chose remise jusqu'au paiement de la créance (art. 2286 1°)")
    if b.connexe:
        grounds.append("créance née du contrat qui oblige à livrer la chose ou à l'occasion de sa détention "
                       "(art. 2286 2° et 3° ; vendeur, art. 1612 ; dépositaire, art. 1948)")
    return " ; ".join(grounds)


@calculator("biens_retenus")
def biens_retenus(ctx: Context) -> Computed:
    """The things the creditor may keep until paid in full, each with its ground (C. civ. 2286)."""
    kept = [(i, b) for i, b in enumerate(ctx.dossier.biens_detenus) if _linked(b)]
    if not kept:
        return Computed(None)
    details = [{"bien": f"biens_detenus[{i}]", "description": b.description, "valeur": b.valeur,
                "fondement": _fondement(b)} for i, b in kept]
    known = [b.valeur for _, b in kept if b.valeur is not None]
    total = sum(known, Decimal("0"))
    basis = f"{len(kept)} bien(s) retenu(s) : " + ", ".join(b.description for _, b in kept)
    if known:
        basis += f" ; valeur déclarée {euros(total)}" + ("" if len(known) == len(kept) else " (valeur de certains biens inconnue)")
    assumptions = ["Le droit de rétention garantit toute la créance restant due, quelle que soit la valeur du bien "
                   "(il est indivisible) ; il ne permet ni d'user de la chose ni de se l'approprier."]
    return Computed(len(kept), basis=basis + ".", details=details, assumptions=assumptions)
