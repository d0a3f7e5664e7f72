"""What may be claimed now, and from whom: the one reading of an assessment that letters, the CLI and notebooks share.

The décompte (``amounts``) says what is owed; this module says what the creditor may ask for today and of whom,
from the assessment's own findings — never a second computation:

* from the **debtor**: the décompte less the invoices the assessment excludes (``amounts.non_reclamables``:
  prescription acquired, claims stayed by a collective proceeding), i.e. ``amounts.reclamable_maintenant``;
  nothing at all when the claim is time-barred (C. civ. 2219, 2247: the debtor may oppose it), when every
  claim is stayed by a collective proceeding (C. com. L622-7 I, L622-21 I: only a claim born after the opening
  judgment and privileged by L622-17 I may be claimed), or after a closure that does not restore individual
  actions (L643-11);
* from a **guarantor**: only when the dossier describes a cautionnement (C. civ. 2288).

A demand the assessment forbids raises :class:`DemandeInterdite`, whose French message names the finding; the
letter module drafts it anyway only when asked to (``forcer=True``), and says why in the letter's notes.

Références : C. civ. 2219, 2247, 2249 ; C. com. L622-7, L622-17 I, L622-21 I, L622-24, L643-11 ; C. civ. 2288.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from .._base.formatting import euros, fmt
from ..models.assessment import Assessment, LigneDecompte, Warning
from .._base.errors import CreancesError

ZERO = Decimal("0.00")
DESTINATAIRES = ("debiteur", "caution")
Destinataire = Literal["debiteur", "caution"]


@dataclass(frozen=True)
class Obstacle:
    """Why nothing may be asked: the finding (or fact) that forbids it, in French."""

    code: str
    message: str


@dataclass(frozen=True)
class Reclamable:
    """What may be asked of ``destinataire`` now: the amount, the décompte's lines it is made of, the invoices it
    concerns, those left out and why, what forbids the demand (``obstacles``) and the assessment's warnings that
    concern it."""

    destinataire: str
    montant: Decimal
    lignes: list[LigneDecompte]
    factures: tuple[str, ...]
    exclues: dict[str, str]
    obstacles: list[Obstacle]
    avertissements: list[Warning] = field(default_factory=list)

    @property
    def autorise(self) -> bool:
        return not self.obstacles

    def motifs(self) -> str:
        """The obstacles, as one French sentence."""
        return " ; ".join(o.message for o in self.obstacles)

    def explications(self) -> list[str]:
        """In French, the invoices left out of the demand and why."""
        return [f"Facture {n} non réclamée : {motif}." for n, motif in self.exclues.items()]


class DemandeInterdite(CreancesError, ValueError):
    """The assessment forbids asking for payment (or writing to this addressee): ``obstacles`` say why."""

    def __init__(self, reclamable: Reclamable, quoi: str = "Demande de paiement"):
        self.reclamable = reclamable
        self.obstacles = list(reclamable.obstacles)
        super().__init__(f"{quoi} refusée : {reclamable.motifs()}.")


def reclamable(a: Assessment, destinataire: Destinataire = "debiteur", *, dossier: Any = None) -> Reclamable:
    """What may be claimed of ``destinataire`` ("debiteur" or "caution") as of the assessment's date.

    ``dossier``: needed for a guarantor when the assessment no longer carries its dossier (a copy)."""
    if destinataire not in DESTINATAIRES:
        raise ValueError(f"destinataire : « {destinataire} » inconnu ({', '.join(DESTINATAIRES)})")
    m = a.amounts
    exclues = dict(m.non_reclamables)
    lignes = [ligne for ligne in m.lignes if _garder(ligne, exclues)]
    montant = sum((ligne.montant for ligne in lignes), ZERO) if exclues else m.montant_reclame
    factures = tuple(dict.fromkeys(
        n for ligne in lignes for n in ((ligne.facture,) if ligne.facture else ligne.factures_couvertes)))
    obstacles: list[Obstacle] = []
    if destinataire == "caution":
        obstacles += _sans_caution(a, dossier)
        # A guarantor is asked for what the debtor owes (2288): the whole décompte, less what is prescribed
        # (the guarantor may oppose the debtor's exceptions, 2298) — the collective proceeding's stay of the
        # debtor's creditors does not, by itself, protect the guarantor (see the guarantor's own findings).
        exclues = {n: motif for n, motif in exclues.items() if "prescription" in motif}
        lignes = [ligne for ligne in m.lignes if _garder(ligne, exclues)]
        montant = sum((ligne.montant for ligne in lignes), ZERO) if exclues else m.montant_reclame
    else:
        obstacles += _debiteur_protege(a, montant)
    return Reclamable(destinataire=destinataire, montant=montant, lignes=lignes, factures=factures, exclues=exclues,
                      obstacles=obstacles, avertissements=_avertissements(a, destinataire))


def exiger(a: Assessment, destinataire: Destinataire = "debiteur", *, quoi: str = "Demande de paiement",
           dossier: Any = None) -> Reclamable:
    """:func:`reclamable`, raising :class:`DemandeInterdite` when the assessment forbids the demand."""
    r = reclamable(a, destinataire, dossier=dossier)
    if not r.autorise:
        raise DemandeInterdite(r, quoi)
    return r


# ---------------------------------------------------------------------------------------------- internals


def _garder(ligne: LigneDecompte, exclues: dict[str, str]) -> bool:
    if not exclues:
        return True
    if ligne.facture is not None:
        return ligne.facture not in exclues
    # A line for no one invoice (a title's sums, a penalty clause): kept only if every invoice it stands for may
    # still be claimed — and, standing for none, only when nothing is excluded.
    return bool(ligne.factures_couvertes) and not any(n in exclues for n in ligne.factures_couvertes)


def _debiteur_protege(a: Assessment, montant: Decimal) -> list[Obstacle]:
    out = []
    f = a.finding("prescription_acquise")
    if f is not None:
        out.append(Obstacle("prescription_acquise", (
            f"l'évaluation constate la prescription acquise{_depuis(f.since)} (constat « Prescription acquise ») : le "
            "débiteur peut l'opposer à toute demande (C. civ. 2219, 2247) ; un paiement volontaire reste acquis "
            "(2249)")))
    f = a.finding("poursuites_individuelles_non_recouvrees")
    if f is not None:
        out.append(Obstacle("poursuites_individuelles_non_recouvrees", (
            f"la liquidation a été clôturée pour insuffisance d'actif{_depuis(f.since)} (constat : pas de reprise "
            "des poursuites individuelles) : les créanciers ne recouvrent pas l'exercice individuel de "
            "leurs actions (C. com. L643-11)")))
    f = a.finding("poursuites_individuelles_suspendues")
    if f is not None and montant <= 0:
        out.append(Obstacle("poursuites_individuelles_suspendues", (
            f"le débiteur est en procédure collective{_depuis(f.since)} (constat « Poursuites individuelles suspendues ») "
            ": il ne peut payer les créances nées avant le jugement d'ouverture (C. com. L622-7 I) et toute action en "
            "paiement est arrêtée (L622-21 I) ; seule une créance née après le jugement et privilégiée (L622-17 I) "
            "peut lui être réclamée, et le dossier n'en a pas d'impayée — déclarer la créance (L622-24)")))
    if not out and montant <= 0:
        out.append(Obstacle("decompte_creance", (
            "rien n'est réclamable au débiteur à cette date (décompte de la créance à "
            f"{euros(max(montant, ZERO))})")))
    return out


def _sans_caution(a: Assessment, dossier: Any) -> list[Obstacle]:
    d = dossier if dossier is not None else (a._context.dossier if a._context is not None else None)
    if d is None:
        raise ValueError("lettre à la caution : l'évaluation ne porte plus son dossier (copie) ; le passer en dossier=")
    if any(g.type.value == "cautionnement" for g in d.garanties):
        return []
    return [Obstacle("aucune_caution", (
        "le dossier ne décrit aucun cautionnement (aucune garantie de type cautionnement) : il n'y a pas de caution à "
        "qui écrire (C. civ. 2288)"))]


def _avertissements(a: Assessment, destinataire: str) -> list[Warning]:
    """The warnings that concern a demand to this addressee: every warning of the assessment, except, for the
    debtor, those about guarantors only (rules of the cautionnement institution)."""
    if destinataire == "caution":
        return list(a.warnings)
    return [w for w in a.warnings if not (w.rule or "").startswith("cautionnement.")]


def _depuis(when: Any) -> str:
    return f" depuis le {fmt(when)}" if when is not None else ""
