"""Le calcul d'une prescription : dernier jour utile pour agir, événement après événement, avec sa trace.

`calculer_prescription` vérifie les données puis déroule le délai : point de départ, événements dans l'ordre
des dates (interruption : `interruption` ; suspension : `suspension`), délai butoir, acquisition, et ce qui
reste en cours à la date d'évaluation.

Références : C. civ., art. 2222, 2224, 2228 à 2244 ; loi n° 2008-561, art. 26 ; Cass. com., 18 mai 2022,
n° 20-23.204 ; Cass. 1re civ., 12 déc. 2018, n° 17-25.697.
"""

from __future__ import annotations

import datetime as dt

from creances_rules.law.delais import AVERTISSEMENT_TERME_PRESCRIPTION

from .etat import _Etat
from .evenements import (
    _DEMANDES,
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
)
from .interruption import _Interruptions
from .regimes import (
    _PLAFOND_ANS,
    _PLANCHER_MOIS,
    _UN_JOUR,
    REFORME_2008,
    PrescriptionInvalide,
    Regime,
    _terme_prudent,
    _terme_tardif,
    regime_transitoire_2008,
)
from .suspension import _Suspensions
from .textes import (
    _AV_2233,
    _AV_AUTRE,
    _AV_CONTRACTUEL,
    _AV_FORCLUSION,
    _AV_INSTANCE_EN_COURS,
    _AV_MISE_EN_DEMEURE,
    _AV_PLAFOND_STRICT,
    _AV_RENONCIATION,
    _AV_SUSPENSION_EN_COURS,
    _AV_TITRE,
    _AV_TRANSITION,
    _AV_TRANSITION_SANS_ANCIENNE,
    _fr,
    _libelle,
)


class _Calcul(_Interruptions, _Suspensions):
    """Un calcul : régime, dates et événements triés ; ``executer`` rend le résultat."""

    def __init__(
        self,
        regime: Regime,
        depart: dt.date,
        evenements: list[EvenementPrescription],
        *,
        naissance: dt.date,
        as_of: dt.date,
        ancienne_duree_ans: int | None,
        report_2233: bool,
        tardive: bool = False,
        demandes_ecartees: frozenset[int] = frozenset(),
    ) -> None:
        self.parametres = dict(naissance=naissance, as_of=as_of, ancienne_duree_ans=ancienne_duree_ans,
                               report_2233=report_2233, tardive=tardive)
        self.tardive = tardive
        self.terme = _terme_tardif if tardive else _terme_prudent
        self.evenements = evenements
        self.regime = regime
        self.depart = depart
        self.as_of = as_of
        self.ancienne = ancienne_duree_ans
        self.demandes_ecartees = demandes_ecartees
        self.trace: list[EtapePrescription] = []
        self.avertissements: list[str] = []
        self.plafond: dt.date | None = None
        if regime.plafond_20_ans and not regime.forclusion:
            self.plafond = self.terme(depart if report_2233 else naissance, ans=_PLAFOND_ANS)
        # Tri canonique : le résultat ne dépend pas de l'ordre de saisie.
        indexes = sorted(
            range(len(evenements)),
            key=lambda i: (
                evenements[i].date,
                _RANG_DU_JOUR[evenements[i].type],
                evenements[i].type.value,
                evenements[i].reference or "",
                evenements[i].juridiction_incompetente_ou_acte_annule,
                evenements[i].libelle or "",
            ),
        )
        self.ordre = [(i, evenements[i]) for i in indexes]
        self.retenus = [(i, e) for i, e in self.ordre if e.date <= as_of]
        self.ignores = [(i, e) for i, e in self.ordre if e.date > as_of]

    # -- outils -------------------------------------------------------------------------------

    def avertir(self, texte: str) -> None:
        if texte not in self.avertissements:
            self.avertissements.append(texte)

    def etape(
        self,
        jour: dt.date,
        nature: NatureEtape,
        effet: str,
        citations: list[str],
        etat: _Etat | None,
        evenement: EvenementPrescription | None = None,
        index: int | None = None,
    ) -> None:
        connue = etat is not None and (etat.acquise or (not etat.instances and not etat.suspensions))
        self.trace.append(
            EtapePrescription(
                date=jour,
                nature=nature,
                evenement=evenement.type if evenement else None,
                index=index,
                effet=effet,
                citations=[c for c in citations if c],
                date_limite=etat.echeance if connue else None,  # type: ignore[union-attr]
            )
        )

    def nouveau_delai(self, jour: dt.date) -> dt.date:
        """Dernier jour d'un délai du régime ouvert le jour ``jour`` (art. 2231 ; loi 2008-561 art. 26)."""
        if self.ancienne is not None and jour < REFORME_2008:
            return regime_transitoire_2008(jour, self.ancienne, self.regime.duree_ans, tardive=self.tardive)
        return self.terme(jour, ans=self.regime.duree_ans, mois=self.regime.duree_mois)

    def plafonner(self, etat: _Etat, candidat: dt.date) -> dt.date:
        """Effet d'une cause soumise à l'art. 2232 : pas au-delà du plafond, pas en deçà de l'existant."""
        if self.plafond is not None and candidat > self.plafond:
            if self.plafond >= etat.echeance:
                etat.plafonne = True
                return self.plafond
            # Déjà au-delà du plafond par une cause qui y échappe : cette cause-ci n'allonge rien.
            return etat.echeance
        if candidat > etat.echeance:
            etat.plafonne = False
            return candidat
        return etat.echeance

    def hors_plafond(self, etat: _Etat, candidat: dt.date) -> dt.date:
        """Effet d'une cause exclue du plafond (art. 2232 al. 2 : 2241 al. 1, 2244)."""
        if candidat >= etat.echeance:
            etat.plafonne = False
            return candidat
        return etat.echeance

    def nom_delai(self) -> str:
        return "forclusion" if self.regime.forclusion else "prescription"

    # -- déroulé ------------------------------------------------------------------------------

    def executer(self) -> ResultatPrescription:
        regime = self.regime
        self.avertir(AVERTISSEMENT_TERME_PRESCRIPTION)
        if regime.forclusion:
            self.avertir(_AV_FORCLUSION)
        if regime.code == "contractuel_2254":
            self.avertir(_AV_CONTRACTUEL)
        elif regime.code == "autre":
            self.avertir(_AV_AUTRE)
        elif regime.code == "cpce_l111_4":
            self.avertir(_AV_TITRE)

        roles = self.rattacher_demandes()
        etat = self.demarrer()
        for i, e in self.retenus:
            self.appliquer(etat, i, e, roles)
        provisoire, sans_instance = self.finir(etat)
        for i, e in self.ignores:
            self.etape(
                e.date, NatureEtape.ignore,
                f"{_libelle(e)} : postérieur à la date d'évaluation ({_fr(self.as_of)}), non pris en compte",
                [], None, e, i,
            )
        if self.ignores:
            self.avertir(
                "Des événements postérieurs à la date d'évaluation ont été ignorés (voir la trace) : "
                "relancer le calcul à une date ultérieure pour en tenir compte."
            )
        date_limite = etat.echeance if (etat.acquise or not (etat.instances or etat.suspensions)) else None
        return ResultatPrescription(
            regime=regime,
            depart=self.depart,
            as_of=self.as_of,
            date_limite=date_limite,
            acquise=etat.acquise,
            acquise_le=date_limite + _UN_JOUR if date_limite is not None else None,
            instance_en_cours=bool(etat.instances) and not etat.acquise,
            suspension_en_cours=bool(etat.suspensions) and not etat.acquise,
            date_limite_provisoire=provisoire,
            date_limite_sans_instance=sans_instance,
            plafond_2232=self.plafond,
            plafond_atteint=etat.plafonne and date_limite is not None and date_limite == self.plafond,
            # Tri stable par date : les actes antérieurs au point de départ viennent en tête.
            trace=sorted(self.trace, key=lambda t: t.date),
            avertissements=self.avertissements,
        )

    def demarrer(self) -> _Etat:
        regime, depart = self.regime, self.depart
        if depart < REFORME_2008 and self.ancienne is not None:
            echeance = regime_transitoire_2008(depart, self.ancienne, regime.duree_ans, tardive=self.tardive)
            self.avertir(_AV_TRANSITION)
            effet = (
                f"point de départ (ancien délai de {self.ancienne} ans) : régime transitoire de la loi "
                f"n° 2008-561 — nouveau délai de {regime.libelle_duree} à compter du 19 juin 2008, sans "
                f"dépasser l'ancien ; dernier jour le {_fr(echeance)}"
            )
            citations = ["loi_2008_561_art_26", "c_civ_2222", "cass_civ1_2018_12_12_17_25697",
                         regime.citation]
        else:
            if depart < REFORME_2008:
                self.avertir(_AV_TRANSITION_SANS_ANCIENNE)
            echeance = self.nouveau_delai(depart)
            effet = (
                f"point de départ : délai de {self.nom_delai()} de {regime.libelle_duree} ; dernier jour le "
                f"{_fr(echeance)} à 24 heures (art. 2228 et 2229)"
            )
            citations = [regime.citation, "c_civ_2228", "c_civ_2229"]
        etat = _Etat(echeance=echeance, debut_periode=depart)
        self.etape(depart, NatureEtape.depart, effet, [c for c in citations if c], etat)
        if self.plafond is not None and echeance > self.plafond:
            # Point de départ reporté trop loin de la naissance du droit (art. 2232 al. 1).
            etat.echeance = self.plafond
            etat.plafonne = True
            self.etape(
                depart, NatureEtape.plafond,
                f"plafond de 20 ans (art. 2232) atteint : dernier jour ramené au {_fr(self.plafond)}",
                ["c_civ_2232"], etat,
            )
        return etat

    def verifier_acquisition(self, etat: _Etat, jour: dt.date) -> None:
        if etat.acquise or etat.instances or etat.suspensions or jour <= etat.echeance:
            return
        etat.acquise = True
        self.etape(
            etat.echeance + _UN_JOUR, NatureEtape.acquisition,
            f"{self.nom_delai()} acquise : le délai a expiré le {_fr(etat.echeance)} à 24 heures (art. 2229)",
            ["c_civ_2229"], etat,
        )

    def sans_effet(self, etat: _Etat, i: int, e: EvenementPrescription, raison: str,
                   citations: list[str]) -> None:
        self.etape(e.date, NatureEtape.sans_effet, f"{_libelle(e)} : {raison}", citations, etat, e, i)

    def appliquer(self, etat: _Etat, i: int, e: EvenementPrescription,
                  roles: dict[int, tuple[str, int | None]]) -> None:
        self.verifier_acquisition(etat, e.date)
        role = roles.get(i, ("", None))[0]
        if e.type is T.mise_en_demeure:
            self.avertir(_AV_MISE_EN_DEMEURE)
            self.sans_effet(
                etat, i, e,
                "sans effet sur la prescription (Cass. com., 18 mai 2022, n° 20-23.204 : la liste des "
                "causes d'interruption est limitative)",
                ["cass_com_2022_05_18_20_23204"],
            )
        elif role == "fin_2243" or (e.type in _DEMANDES and role == "non_avenue"):
            self.appliquer_2243(i, e, roles, etat)
        elif etat.acquise:
            if e.type in _RECONNAISSANCES:
                self.avertir(_AV_RENONCIATION)
            self.sans_effet(
                etat, i, e,
                f"sans effet — la {self.nom_delai()} était acquise depuis le {_fr(etat.echeance + _UN_JOUR)}",
                ["c_civ_2229", *(["c_civ_2250", "c_civ_2251"] if e.type in _RECONNAISSANCES else [])],
            )
        elif e.type in _RECONNAISSANCES:
            self.appliquer_reconnaissance(etat, i, e)
        elif e.type in _DEMANDES:
            self.appliquer_demande(etat, i, e, roles)
        elif e.type is T.fin_instance:
            self.appliquer_fin_instance(etat, i, e, roles)
        elif e.type in _FINS_2243:
            raison = {"orpheline": "aucune demande en justice ouverte à laquelle le rattacher",
                      "doublon": "la demande visée est déjà close",
                      "avant_depart": "la demande visée était antérieure au point de départ"}[role]
            if role != "avant_depart":
                self.avertir(f"Événement « {_libelle(e)} » du {_fr(e.date)} : {raison} ; vérifier les événements saisis.")
            self.sans_effet(etat, i, e, f"sans effet — {raison}", ["c_civ_2243"])
        elif e.type in _MESURES_2244:
            self.appliquer_mesure(etat, i, e)
        else:
            famille, ouvre = _SUSPENSIONS[e.type]
            if ouvre:
                self.ouvrir_suspension(etat, i, e, famille)
            else:
                self.clore_suspension(etat, i, e, famille)

    # -- conclusion ---------------------------------------------------------------------------

    def finir(self, etat: _Etat) -> tuple[dt.date | None, dt.date | None]:
        """Étapes de clôture à ``as_of`` ; rend (date_limite_provisoire, date_limite_sans_instance)."""
        self.verifier_acquisition(etat, self.as_of)
        provisoire = sans_instance = None
        if etat.acquise:
            pass
        elif etat.instances:
            self.avertir(_AV_INSTANCE_EN_COURS)
            if not self.demandes_ecartees:
                sans_instance = _Calcul(
                    self.regime, self.depart, self.evenements, **self.parametres,  # type: ignore[arg-type]
                    demandes_ecartees=frozenset(etat.instances),
                ).executer().date_limite
            self.etape(self.as_of, NatureEtape.instance_ouverte,
                       "instance en cours à la date d'évaluation : pas de date limite tant qu'elle n'est pas "
                       "éteinte (art. 2242)", ["c_civ_2242"], etat)
        elif etat.suspensions:
            self.avertir(_AV_SUSPENSION_EN_COURS)
            copie = _Etat(echeance=etat.echeance, debut_periode=etat.debut_periode,
                          arret_depuis=etat.arret_depuis, plafonne=etat.plafonne)
            self.solder_suspension(copie, self.as_of)
            provisoire = self.plafonner(copie, self.terme(self.as_of, mois=_PLANCHER_MOIS))
            self.etape(self.as_of, NatureEtape.suspension_ouverte,
                       "suspension en cours à la date d'évaluation : le délai ne court pas ; si elle prenait "
                       f"fin ce jour, dernier jour le {_fr(provisoire)}",
                       ["c_civ_2230"], etat)
        if (etat.plafonne and self.plafond is not None and etat.echeance == self.plafond
                and any(t.evenement in _DEMANDES | _MESURES_2244 for t in self.trace
                        if t.nature in (NatureEtape.interruption, NatureEtape.instance_eteinte))):
            self.avertir(_AV_PLAFOND_STRICT)
        return provisoire, sans_instance


def _verifier_jour(valeur: object, champ: str) -> dt.date:
    if isinstance(valeur, dt.datetime) or not isinstance(valeur, dt.date):
        raise PrescriptionInvalide(
            f"{champ} : attendu une date (datetime.date), reçu {valeur!r} de type "
            f"{type(valeur).__name__}.",
            champ,
        )
    return valeur


def calculer_prescription(
    regime: Regime,
    depart: dt.date,
    evenements: list[EvenementPrescription],
    *,
    as_of: dt.date,
    date_naissance_droit: dt.date | None = None,
    ancienne_duree_ans: int | None = None,
    report_2233: bool = False,
    lecture: str = "prudente",
) -> ResultatPrescription:
    """Dernier jour où un acte interruptif produit encore effet, avec la trace de chaque événement.

    ``depart`` : premier jour du délai (jour où le créancier a connu ou dû connaître les faits, art.
    2224 ; pour une facture, l'exigibilité). Les événements sont appliqués dans l'ordre des dates,
    quel que soit l'ordre de la liste ; ceux postérieurs à ``as_of`` sont ignorés (et tracés).
    Interruption (art. 2240, 2244) : nouveau délai de même durée à compter de l'acte (art. 2231) ;
    demande en justice (art. 2241) : le délai ne court pas pendant l'instance, le nouveau part de son
    extinction (art. 2242), sauf désistement, péremption ou rejet définitif qui la rendent non avenue
    (art. 2243). Suspension (art. 2230) : les jours suspendus s'ajoutent ; après une médiation,
    conciliation, procédure participative, procédure de petites créances (art. 2238) ou mesure
    d'instruction (art. 2239), le délai reprend pour six mois au moins. Délai butoir (art. 2232) :
    jamais plus de 20 ans après ``date_naissance_droit`` (par défaut ``depart``), sauf pour les effets
    d'une demande en justice (2241 al. 1) ou d'une mesure conservatoire ou d'exécution (2244).
    ``report_2233`` : le point de départ est reporté par un terme ou une condition (art. 2233, exclu
    du butoir) ; les 20 ans courent alors de ``depart``. ``ancienne_duree_ans`` : pour un délai ouvert
    avant le 19 juin 2008, durée de l'ancien droit (loi 2008-561, art. 26 II).
    ``lecture`` : « prudente » (défaut) compte le jour du départ — chaque terme tombe la veille de
    l'anniversaire (Cass. 1re civ., 12 déc. 2018, n° 17-25.697) ; « tardive » ne le compte pas (C. civ.
    2228 lu comme « dies a quo non computatur ») — chaque terme tombe un jour plus tard. Le créancier agit
    avant le terme de la lecture prudente ; la prescription n'est tenue pour certaine qu'une fois acquise
    selon la lecture tardive aussi (un acte accompli le jour incertain n'interrompt que dans celle-ci).

    Références : C. civ., art. 2222, 2224, 2228 à 2244 ; loi n° 2008-561, art. 26 ; Cass. com.,
    18 mai 2022, n° 20-23.204 ; Cass. 1re civ., 12 déc. 2018, n° 17-25.697.
    """
    if not isinstance(regime, Regime):
        raise PrescriptionInvalide(f"regime : attendu un Regime, reçu {type(regime).__name__}.", "regime")
    depart = _verifier_jour(depart, "depart")
    as_of = _verifier_jour(as_of, "as_of")
    naissance = (depart if date_naissance_droit is None
                 else _verifier_jour(date_naissance_droit, "date_naissance_droit"))
    if naissance > depart:
        raise PrescriptionInvalide(
            f"date_naissance_droit : postérieure au point de départ ({naissance.isoformat()} > "
            f"{depart.isoformat()}) ; la prescription ne peut courir avant la naissance du droit.",
            "date_naissance_droit",
        )
    if lecture not in ("prudente", "tardive"):
        raise PrescriptionInvalide(
            f"lecture : valeur inconnue {lecture!r} ; attendu « prudente » ou « tardive ».", "lecture")
    if isinstance(evenements, (str, bytes)) or not hasattr(evenements, "__iter__"):
        raise PrescriptionInvalide("evenements : attendu une liste d'EvenementPrescription.", "evenements")
    liste = list(evenements)
    for n, e in enumerate(liste):
        if not isinstance(e, EvenementPrescription):
            raise PrescriptionInvalide(
                f"evenements[{n}] : attendu un EvenementPrescription, reçu {type(e).__name__}.", "evenements"
            )
    if ancienne_duree_ans is not None:
        if (isinstance(ancienne_duree_ans, bool) or not isinstance(ancienne_duree_ans, int)
                or ancienne_duree_ans <= 0):
            raise PrescriptionInvalide(
                f"ancienne_duree_ans : attendu un nombre d'années entier > 0, reçu {ancienne_duree_ans!r}.",
                "ancienne_duree_ans",
            )
        if regime.duree_mois:
            raise PrescriptionInvalide(
                "ancienne_duree_ans : le régime transitoire suppose une durée nouvelle en années entières.",
                "ancienne_duree_ans",
            )
    calcul = _Calcul(
        regime, depart, liste, naissance=naissance, as_of=as_of,
        ancienne_duree_ans=ancienne_duree_ans if depart < REFORME_2008 else None,
        report_2233=report_2233, tardive=lecture == "tardive",
    )
    if ancienne_duree_ans is not None and depart >= REFORME_2008:
        calcul.avertir("ancienne_duree_ans ignoré : le délai a commencé à courir après le 18 juin 2008.")
    if report_2233 and calcul.plafond is not None:
        calcul.avertir(_AV_2233)
    if calcul.plafond is not None and naissance < REFORME_2008:
        calcul.avertir(
            "Droit né avant le 19 juin 2008 : l'application du délai butoir de l'art. 2232 (créé par la loi "
            "n° 2008-561) à ce droit n'est pas vérifiée."
        )
    return calcul.executer()
