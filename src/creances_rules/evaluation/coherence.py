"""Input that validates but says something odd: answered, never silently (issue 14).

Two cases the model cannot refuse because they happen in real books, but that a silent answer would
turn into nonsense:

- a payment dated before the invoice it pays (or before every invoice): a payment extinguishes an
  existing debt; before the invoice there is no debt yet, only an advance (acompte) — common when
  a deposit is paid at order. We do not refuse it: the décompte counts it as paid on the invoice
  from its emission, and the answer says so, since a date typo is as likely as a deposit;
- payments exceeding the invoices: what is due is never negative (the principal stops at zero) and
  the excess is a sum the creditor may have to give back — not modelled here, but said.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .._base.formatting import euros, fmt
from ..models.assessment import Warning
from ..models.dossier import Dossier


def warnings_for(dossier: Dossier, as_of: date) -> list[Warning]:
    out: list[Warning] = []
    emitted = {f.numero: f.date_emission for f in dossier.factures}
    first = min(emitted.values())
    for i, p in enumerate(dossier.paiements):
        if p.date > as_of:
            continue
        target = emitted.get(p.facture) if p.facture is not None else first
        if target is not None and p.date < target:
            which = f"la facture {p.facture}" if p.facture is not None else "la première facture"
            out.append(Warning(
                code="paiement_anterieur_a_la_facture",
                message=(f"Paiement n° {i + 1} du {fmt(p.date)} ({euros(p.montant)}) antérieur à "
                         f"l'émission de {which} ({fmt(target)}) ; compté comme un acompte sur la dette "
                         "dès sa naissance — vérifier qu'il ne s'agit pas d'une erreur de date."),
            ))
    invoiced = sum((f.montant_ttc for f in dossier.factures), Decimal("0"))
    paid = sum((p.montant for p in dossier.paiements if p.date <= as_of), Decimal("0"))
    if paid > invoiced:
        out.append(Warning(
            code="paiement_excedentaire",
            message=(f"paiements ({euros(paid)}) supérieurs aux factures ({euros(invoiced)}) : le principal dû "
                     f"est compté à zéro, jamais négatif ; l'excédent ({euros(paid - invoiced)}) est un trop-perçu "
                     "que le créancier peut devoir restituer (non modélisé)."),
        ))
    return out
