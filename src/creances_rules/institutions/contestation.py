"""Contestation de la créance par le débiteur (« payer ou contester ») : faits lus par les voies de recouvrement.

Ce module ne qualifie rien : il expose le champ ``contestation`` du dossier (SPEC §1) aux règles de
``rules/voies_de_recouvrement.yaml``, qui en tirent les conséquences (référé-provision seulement sans
contestation sérieuse, CPC 835 al. 2 et 873 al. 2 ; assignation au fond préférée ; opposition probable à
une injonction de payer ; procédure des petites créances, qui suppose l'accord du débiteur, écartée).

Une contestation datée après la date d'évaluation n'est pas encore connue : elle est ignorée, comme les
événements postérieurs (même convention que ``derive.py``).

Références : CPC, art. 835, 873 ; CPCE, art. L125-1.
"""

from __future__ import annotations

from datetime import date

from .derive import Derivation, declare_fact, provider
from ..models.dossier import Dossier, ObjetContestation
from .vocabulary import FactType

declare_fact("contestation.presente", FactType.bool,
             "le débiteur conteste la créance (champ contestation, daté au plus tard à la date d'évaluation)")
declare_fact("contestation.serieuse", FactType.bool,
             "la contestation est sérieuse (appréciation du juge des référés ; inconnu si non renseigné)",
             origin="dossier")
declare_fact("contestation.objet", FactType.enum, "objet de la contestation",
             choices=tuple(o.value for o in ObjetContestation), origin="dossier")
declare_fact("contestation.date", FactType.date, "date de la contestation", origin="dossier")
declare_fact("contestation.montant_conteste", FactType.money, "montant contesté, s'il est indiqué", origin="dossier")


@provider("base")
def _faits_contestation(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    c = dossier.contestation
    if c is not None and c.date > as_of:
        c = None
    facts["contestation.presente"] = c is not None
    facts["contestation.serieuse"] = c.serieuse if c else None
    facts["contestation.objet"] = c.objet.value if c else None
    facts["contestation.date"] = c.date if c else None
    facts["contestation.montant_conteste"] = c.montant_conteste if c else None
