"""La suspension de la prescription : médiation, conciliation, procédure participative, petites créances, mesure d'instruction.

Méthodes de `calcul._Calcul`, qui les reçoit par héritage ; elles s'appuient sur ses outils (``etape``,
``sans_effet``, ``avertir``, ``plafonner``, ``terme``).

Références : C. civ., art. 2220, 2230, 2232, 2238, 2239 ; Cass. com., 28 mars 2018, n° 16-27.268.
"""

from __future__ import annotations

import datetime as dt

from .etat import _Etat, _Suspension
from .evenements import _FAMILLES, EvenementPrescription, NatureEtape
from .regimes import _PLANCHER_MOIS, REFORME_2008
from .textes import _AV_2238, _AV_2239, _AV_SUSPENSION_AVANT_2008, _fr, _libelle


class _Suspensions:
    """Ce que fait au délai une cause qui le suspend (art. 2230, 2238, 2239)."""

    def solder_suspension(self, etat: _Etat, jour: dt.date) -> int:
        """Ajoute au délai les jours suspendus jusqu'à ``jour`` (art. 2230) ; rend leur nombre."""
        if etat.arret_depuis is None or jour <= etat.arret_depuis:
            return 0
        jours = (jour - etat.arret_depuis).days
        etat.echeance = self.plafonner(etat, etat.echeance + dt.timedelta(days=jours))
        etat.arret_depuis = jour
        return jours

    def ouvrir_suspension(self, etat: _Etat, i: int, e: EvenementPrescription, famille: str) -> None:
        nom, cle = _FAMILLES[famille]
        if self.regime.forclusion:
            self.sans_effet(etat, i, e, "sans effet — un délai de forclusion n'est pas suspendu (art. 2220)",
                            ["c_civ_2220", cle])
            return
        if e.date < REFORME_2008:
            self.avertir(_AV_SUSPENSION_AVANT_2008)
            arret = ["cass_com_2018_03_28_16_27268"] if famille == "mesure_instruction" else []
            self.sans_effet(etat, i, e, "sans effet — suspension créée par la loi n° 2008-561, en vigueur "
                            "le 19 juin 2008", [cle, *arret])
            return
        self.avertir(_AV_2239 if famille == "mesure_instruction" else _AV_2238)
        if not etat.suspensions:
            etat.arret_depuis = max(e.date, etat.debut_periode)
        etat.suspensions.append(_Suspension(famille, e.date, e.reference, i))
        quand = "" if e.date >= self.depart else f" (effet à compter du point de départ, {_fr(self.depart)})"
        self.etape(e.date, NatureEtape.suspension_ouverte,
                   f"{_libelle(e)} : suspension, le délai cesse de courir à compter de ce jour{quand} "
                   f"(art. {cle[-4:]} et 2230)",
                   [cle, "c_civ_2230"], etat, e, i)

    def clore_suspension(self, etat: _Etat, i: int, e: EvenementPrescription, famille: str) -> None:
        nom, cle = _FAMILLES[famille]
        if self.regime.forclusion:
            self.sans_effet(etat, i, e, "sans effet — un délai de forclusion n'est pas suspendu (art. 2220)",
                            ["c_civ_2220", cle])
            return
        ouvertes = [s for s in etat.suspensions if s.famille == famille]
        # Une fin avec référence clôt le début de même référence ; sans référence, le plus ancien début.
        if e.reference is not None:
            candidates = [s for s in ouvertes if s.reference == e.reference]
        else:
            candidates = [s for s in ouvertes if s.reference is None] or ouvertes
        if not candidates:
            if e.date >= REFORME_2008:
                self.avertir(
                    f"Événement « {_libelle(e)} » du {_fr(e.date)} : aucun début correspondant n'est ouvert ; sans début, "
                    "il n'y a pas de suspension."
                )
            self.sans_effet(etat, i, e, "sans effet — aucune suspension de cette nature en cours", [cle])
            return
        close = candidates[0]
        etat.suspensions.remove(close)
        if etat.instances:
            if not etat.suspensions:
                etat.arret_depuis = None
            self.sans_effet(etat, i, e, f"sans effet propre — fin de {nom} pendant une instance, qui "
                            "interrompt déjà la prescription (art. 2242)", ["c_civ_2242"])
            return
        if etat.suspensions:
            self.etape(e.date, NatureEtape.suspension_close,
                       f"fin de {nom} ; une autre suspension reste en cours, le délai ne court toujours pas",
                       [cle, "c_civ_2230"], etat, e, i)
            return
        debut = etat.arret_depuis if etat.arret_depuis is not None else e.date
        jours = max(0, (e.date - debut).days)
        allonge = etat.echeance + dt.timedelta(days=jours)
        plancher = self.terme(e.date, mois=_PLANCHER_MOIS)
        voulu = max(allonge, plancher)
        etat.arret_depuis = None
        etat.echeance = self.plafonner(etat, voulu)
        arret = min(debut, e.date)
        if arret == close.debut:
            texte = f"fin de {nom} : suspension du {_fr(arret)} au {_fr(e.date)} (art. 2230), "
        else:
            # Ouverte avant le point de départ ou avant un nouveau délai : seul compte l'arrêt effectif.
            texte = (f"fin de {nom} ouverte le {_fr(close.debut)} : délai arrêté du {_fr(arret)} au "
                     f"{_fr(e.date)} (art. 2230), ")
        texte += f"{jours} jour{'s' if jours > 1 else ''} ajouté{'s' if jours > 1 else ''}"
        citations = [cle, "c_civ_2230"]
        if plancher > allonge:
            texte += f" ; le délai reprend pour six mois au moins (art. {cle[-4:]} al. 2)"
        if etat.echeance < voulu:
            texte += f" — plafond de 20 ans (art. 2232) atteint : dernier jour le {_fr(etat.echeance)}"
            citations.append("c_civ_2232")
        else:
            texte += f" ; dernier jour le {_fr(etat.echeance)}"
        self.etape(e.date, NatureEtape.suspension_close, texte, citations, etat, e, i)
