"""L'interruption de la prescription : reconnaissance, demande en justice et sa fin, mesures d'exécution.

Méthodes de `calcul._Calcul`, qui les reçoit par héritage ; elles s'appuient sur ses outils (``etape``,
``sans_effet``, ``avertir``, ``nouveau_delai``, ``plafonner``, ``hors_plafond``, ``nom_delai``) et sur
``solder_suspension`` (`suspension`).

Références : C. civ., art. 2220, 2231, 2232 al. 2, 2240, 2241, 2242, 2243, 2244 ; loi n° 2008-561, art. 26 ;
Cass. 1re civ., 25 févr. 2016, n° 15-15.994 (paiement partiel).
"""

from __future__ import annotations

import datetime as dt

from .etat import _Etat
from .evenements import _DEMANDES, _FINS_2243, T, EvenementPrescription, NatureEtape
from .regimes import REFORME_2008, PrescriptionInvalide
from .textes import (
    _AV_FIN_INSTANCE,
    _AV_INSTANCE_AVANT_2008,
    _AV_INTERRUPTION_PENDANT_SUSPENSION,
    _AV_PAIEMENT_PARTIEL,
    _fr,
    _libelle,
)


class _Interruptions:
    """Ce que fait au délai un acte qui l'interrompt (art. 2231, 2240 à 2244)."""

    # -- rattachements ------------------------------------------------------------------------

    def rattacher_demandes(self) -> dict[int, tuple[str, int | None]]:
        """Rôle de chaque demande et de chaque fin d'instance retenues : qui clôt quoi (art. 2242-2243).

        Rend {index: (rôle, index lié)} ; rôles des demandes : « active », « non_avenue »,
        « avant_depart » ; rôles des fins : « fin », « fin_2243 », « orpheline », « doublon »,
        « avant_depart ».
        """
        toutes = [(i, e) for i, e in self.ordre if e.type in _DEMANDES]
        par_reference: dict[str, int] = {}
        for i, e in toutes:
            if e.reference is not None:
                if e.reference in par_reference:
                    raise PrescriptionInvalide(
                        f"evenements[{i}] : la référence « {e.reference} » est déjà portée par "
                        f"evenements[{par_reference[e.reference]}] ; une référence désigne une seule "
                        "demande.",
                        "reference",
                    )
                par_reference[e.reference] = i
        date_de = {i: e.date for i, e in toutes}
        for i, e in self.ordre:
            if e.reference is None or not (e.type in _FINS_2243 or e.type is T.fin_instance):
                continue
            cible = par_reference.get(e.reference)
            if cible is None:
                raise PrescriptionInvalide(
                    f"evenements[{i}] ({e.type.value} du {e.date.isoformat()}) : aucune demande en justice "
                    f"ne porte la référence « {e.reference} ».",
                    "reference",
                )
            if date_de[cible] > e.date:
                raise PrescriptionInvalide(
                    f"evenements[{i}] ({e.type.value} du {e.date.isoformat()}) : antérieur à la demande "
                    f"qu'il clôt (evenements[{cible}], du {date_de[cible].isoformat()}).",
                    "date",
                )

        roles: dict[int, tuple[str, int | None]] = {}
        demandes = [(i, e) for i, e in self.retenus if e.type in _DEMANDES]
        fins = [(i, e) for i, e in self.retenus if e.type in _FINS_2243 or e.type is T.fin_instance]
        close: dict[int, int] = {}  # demande -> événement qui la clôt
        # Les fins de l'art. 2243 d'abord : elles l'emportent sur une extinction ordinaire.
        for passe in (_FINS_2243, frozenset({T.fin_instance})):
            for i, e in fins:
                if e.type not in passe:
                    continue
                if e.reference is not None:
                    cible = par_reference[e.reference]
                    if cible in close:
                        roles[i] = ("doublon", cible)
                        continue
                else:
                    candidates = [d for d, _ in demandes if d not in close and date_de[d] <= e.date]
                    if not candidates:
                        roles[i] = ("orpheline", None)
                        continue
                    if len(candidates) > 1:
                        self.avertir(
                            f"Événement « {_libelle(e)} » du {_fr(e.date)} sans référence : rattaché à la plus ancienne "
                            "demande en justice encore ouverte ; préciser « reference » pour lever le doute."
                        )
                    cible = candidates[0]
                close[cible] = i
                roles[i] = ("fin_2243" if e.type in _FINS_2243 else "fin", cible)
        for d, e in demandes:
            if e.date < self.depart:
                roles[d] = ("avant_depart", close.get(d))
                if d in close:
                    roles[close[d]] = ("avant_depart", d)
            elif d in self.demandes_ecartees or (d in close and roles[close[d]][0] == "fin_2243"):
                roles[d] = ("non_avenue", close.get(d))
            else:
                roles[d] = ("active", close.get(d))
        return roles

    # -- interruption -------------------------------------------------------------------------

    def avant_depart(self, etat: _Etat, i: int, e: EvenementPrescription) -> bool:
        if e.date >= self.depart:
            return False
        self.sans_effet(
            etat, i, e,
            f"sans effet — antérieur au point de départ ({_fr(self.depart)}) : la prescription ne courait "
            "pas encore, il n'y avait rien à interrompre",
            [],
        )
        self.avertir(
            "Acte interruptif antérieur au point de départ : sans effet (la prescription ne court qu'à "
            "compter du point de départ, et un délai complet court de toute façon à partir de lui). S'il "
            "révèle que le créancier connaissait les faits plus tôt, c'est le point de départ qui est à "
            "revoir."
        )
        return True

    def interrompre(self, etat: _Etat, jour: dt.date, candidat: dt.date, hors_plafond: bool) -> None:
        """Nouveau délai ouvert le jour ``jour`` (art. 2231), y compris pendant une suspension."""
        if etat.suspensions:
            # Le temps déjà suspendu est d'abord porté au délai en cours, pour que l'interruption ne
            # puisse jamais donner un terme plus proche que sans elle.
            self.solder_suspension(etat, jour)
            self.avertir(_AV_INTERRUPTION_PENDANT_SUSPENSION)
        etat.echeance = (self.hors_plafond if hors_plafond else self.plafonner)(etat, candidat)
        etat.debut_periode = jour
        if etat.suspensions:
            etat.arret_depuis = jour

    def libelle_nouveau_delai(self, jour: dt.date, candidat: dt.date, etat: _Etat) -> str:
        if self.ancienne is not None and jour < REFORME_2008:
            texte = (f"nouveau délai de l'ancien droit ({self.ancienne} ans) à compter du {_fr(jour)}, "
                     "réduit par la loi n° 2008-561 (art. 26 II)")
        else:
            texte = f"nouveau délai de {self.regime.libelle_duree} à compter du {_fr(jour)} (art. 2231)"
        if etat.suspensions:
            return texte + " ; il ne court qu'à la fin de la suspension en cours"
        if etat.instances:
            return texte
        if etat.echeance < candidat:
            return texte + f" — plafond de 20 ans (art. 2232) atteint : dernier jour le {_fr(etat.echeance)}"
        return texte + f" ; dernier jour le {_fr(etat.echeance)}"

    def appliquer_reconnaissance(self, etat: _Etat, i: int, e: EvenementPrescription) -> None:
        if self.regime.forclusion:
            self.sans_effet(etat, i, e, "sans effet — la reconnaissance n'interrompt pas un délai de "
                            "forclusion (art. 2220 ; l'art. 2240 ne vise que la prescription)",
                            ["c_civ_2220", "c_civ_2240"])
            return
        if self.avant_depart(etat, i, e):
            return
        if e.type is T.paiement_partiel:
            self.avertir(_AV_PAIEMENT_PARTIEL)
        if etat.instances:
            self.sans_effet(etat, i, e, "sans effet propre — une instance est en cours : la prescription est "
                            "déjà interrompue jusqu'à son extinction (art. 2242)", ["c_civ_2242"])
            return
        candidat = self.nouveau_delai(e.date)
        self.interrompre(etat, e.date, candidat, hors_plafond=False)
        quoi = ("paiement partiel, tenu pour une reconnaissance de dette (art. 2240, jurisprudence)"
                if e.type is T.paiement_partiel else "reconnaissance du droit du créancier (art. 2240)")
        plafonne = etat.echeance < candidat and not etat.suspensions
        self.etape(e.date, NatureEtape.interruption,
                   f"interruption : {quoi} ; {self.libelle_nouveau_delai(e.date, candidat, etat)}",
                   ["c_civ_2240", "c_civ_2231", *(["c_civ_2232"] if plafonne else [])], etat, e, i)

    def appliquer_mesure(self, etat: _Etat, i: int, e: EvenementPrescription) -> None:
        if self.avant_depart(etat, i, e):
            return
        if etat.instances:
            self.sans_effet(etat, i, e, "sans effet propre — une instance est en cours : la prescription est "
                            "déjà interrompue jusqu'à son extinction (art. 2242)", ["c_civ_2242"])
            return
        candidat = self.nouveau_delai(e.date)
        self.interrompre(etat, e.date, candidat, hors_plafond=True)
        quoi = "mesure conservatoire" if e.type is T.mesure_conservatoire else "acte d'exécution forcée"
        butoir = "" if self.plafond is None else " ; délai butoir de 20 ans écarté (art. 2232 al. 2)"
        suite = self.libelle_nouveau_delai(e.date, candidat, etat)
        self.etape(e.date, NatureEtape.interruption,
                   f"interruption : {quoi} (art. 2244) ; {suite}{butoir}",
                   ["c_civ_2244", "c_civ_2231", *(["c_civ_2232"] if butoir else [])], etat, e, i)

    def appliquer_demande(self, etat: _Etat, i: int, e: EvenementPrescription,
                          roles: dict[int, tuple[str, int | None]]) -> None:
        if roles[i][0] == "avant_depart":
            self.avant_depart(etat, i, e)
            return
        if e.date < REFORME_2008:
            self.avertir(_AV_INSTANCE_AVANT_2008)
        if etat.suspensions:
            self.solder_suspension(etat, e.date)
        etat.instances[i] = e
        quoi = "référé" if e.type is T.refere else "demande en justice"
        alinea = ("juge incompétent ou acte de saisine annulé, art. 2241 al. 2"
                  if e.juridiction_incompetente_ou_acte_annule else "art. 2241")
        self.etape(e.date, NatureEtape.instance_ouverte,
                   f"interruption : {quoi} ({alinea}) ; la {self.nom_delai()} ne court pas tant que "
                   "l'instance n'est pas éteinte (art. 2242)",
                   ["c_civ_2241", "c_civ_2242"], etat, e, i)

    def appliquer_fin_instance(self, etat: _Etat, i: int, e: EvenementPrescription,
                               roles: dict[int, tuple[str, int | None]]) -> None:
        role, cible = roles.get(i, ("orpheline", None))
        if role == "avant_depart":
            self.sans_effet(etat, i, e, "sans effet — l'instance qu'elle clôt avait été introduite avant le "
                            "point de départ", [])
            return
        if role in ("orpheline", "doublon") or cible not in etat.instances:
            raison = ("aucune demande en justice ouverte à laquelle la rattacher" if role == "orpheline"
                      else "l'instance visée est déjà close")
            self.avertir(f"fin_instance du {_fr(e.date)} : {raison} ; vérifier les événements saisis.")
            self.sans_effet(etat, i, e, f"sans effet — {raison}", ["c_civ_2242"])
            return
        demande = etat.instances.pop(cible)  # type: ignore[arg-type]
        candidat = self.nouveau_delai(e.date)
        if demande.juridiction_incompetente_ou_acte_annule:
            etat.echeance = self.plafonner(etat, candidat)
        else:
            etat.echeance = self.hors_plafond(etat, candidat)
        etat.debut_periode = e.date
        if etat.suspensions:
            etat.arret_depuis = e.date
        self.avertir(_AV_FIN_INSTANCE)
        if etat.instances:
            effet = (f"extinction de l'instance ouverte le {_fr(demande.date)} ; une autre instance reste en "
                     f"cours, la {self.nom_delai()} ne court toujours pas (art. 2242)")
        else:
            effet = (f"extinction de l'instance ouverte le {_fr(demande.date)} (art. 2242) : "
                     f"{self.libelle_nouveau_delai(e.date, candidat, etat)}")
        self.etape(e.date, NatureEtape.instance_eteinte, effet, ["c_civ_2242", "c_civ_2231"], etat, e, i)

    def appliquer_2243(self, i: int, e: EvenementPrescription,
                       roles: dict[int, tuple[str, int | None]], etat: _Etat) -> None:
        _, lien = roles[i]
        evenements = dict(self.ordre)
        if e.type in _DEMANDES:
            if lien is None:  # écartée par hypothèse, pour date_limite_sans_instance
                effet = f"{_libelle(e)} : interruption supposée non avenue (hypothèse de calcul, art. 2243)"
            else:
                fin = evenements[lien]
                effet = (f"{_libelle(e)} : interruption non avenue ({_libelle(fin)} du {_fr(fin.date)}, "
                         "art. 2243) — le calcul l'ignore")
        else:
            demande = evenements[lien]  # type: ignore[index]
            motif = {T.desistement: "désistement", T.peremption: "péremption de l'instance",
                     T.rejet_definitif: "rejet définitif de la demande"}[e.type]
            effet = (f"{motif} : l'interruption résultant de la demande du {_fr(demande.date)} est non "
                     "avenue (art. 2243) ; la prescription est calculée comme si cette demande n'avait pas "
                     "existé")
        self.etape(e.date, NatureEtape.non_avenue, effet, ["c_civ_2243"], etat, e, i)
