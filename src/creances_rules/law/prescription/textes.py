"""Les textes en français du calcul de prescription : avertissements, noms des événements, dates.

Chaque avertissement cite ce qui le fonde (arrêts et articles : voir `creances_rules.prescription`).

Références : C. civ., art. 2220, 2232, 2233, 2238, 2239, 2240, 2242, 2243, 2250-2251, 2254 ; C. conso.,
art. L218-1 ; CPCE, art. L111-3, L111-4 ; loi n° 2008-561, art. 26.
"""

from __future__ import annotations

import datetime as dt

from .evenements import T, EvenementPrescription


_AV_MISE_EN_DEMEURE = (
    "Une mise en demeure, même par lettre recommandée avec avis de réception, n'interrompt pas la "
    "prescription : la liste des causes d'interruption est limitative (Cass. com., 18 mai 2022, "
    "n° 20-23.204 ; Cass. 2e civ., 24 mars 2022, n° 20-20.255). Seule une clause du contrat peut lui "
    "donner cet effet (C. civ., art. 2254 al. 2), jamais dans un contrat avec un consommateur "
    "(C. conso., art. L218-1) ; une telle clause n'est pas prise en compte ici."
)
_AV_PAIEMENT_PARTIEL = (
    "Paiement partiel traité comme une reconnaissance de dette (C. civ., art. 2240) : c'est la "
    "jurisprudence (Cass. 1re civ., 25 févr. 2016, n° 15-15.994), et l'interruption vaut pour toute la "
    "créance (Cass. 2e civ., 3 juil. 2014, n° 13-17.449) ; le créancier doit prouver que le paiement "
    "s'impute sur cette créance et que le débiteur n'a pas fait de réserve."
)
_AV_RENONCIATION = (
    "Une reconnaissance ou un paiement postérieur à l'acquisition de la prescription ne l'interrompt "
    "pas ; il ne vaut renonciation que s'il établit sans équivoque la volonté de ne pas s'en prévaloir "
    "(C. civ., art. 2250 et 2251 ; payer sans réserve ne suffit pas : Cass. 3e civ., 5 avr. 2011, "
    "n° 10-16.748). La renonciation n'est pas modélisée : à apprécier par un juriste."
)
_AV_2239 = (
    "La suspension de l'art. 2239 ne profite qu'à la partie qui a demandé la mesure d'instruction "
    "(Cass. 2e civ., 31 janv. 2019, n° 18-10.011) ; elle ne vaut que pour une mesure ordonnée avant "
    "tout procès. La demande en référé-expertise elle-même interrompt (art. 2241) : la saisir comme "
    "« refere » suivie de « fin_instance » à la date de l'ordonnance."
)
_AV_2238 = (
    "La suspension de l'art. 2238 court de l'accord écrit des parties de recourir à la médiation ou à "
    "la conciliation (à défaut, de la première réunion), de la conclusion de la convention de "
    "procédure participative, ou de l'accord du débiteur constaté par le commissaire de justice "
    "(petites créances). La date retenue doit être prouvée."
)
_AV_FIN_INSTANCE = (
    "Nouveau délai de même durée à compter de l'extinction de l'instance (art. 2242 et 2231). Si la "
    "décision a condamné le débiteur, son exécution relève d'un autre délai : 10 ans à compter du "
    "jour où elle constitue un titre exécutoire, en principe sa signification (CPCE, art. L111-4 ; Cass. "
    "2e civ., 5 oct. 2023, n° 20-23.523) — à calculer avec le régime « cpce_l111_4 »."
)
_AV_INSTANCE_EN_COURS = (
    "Instance en cours : la prescription ne court pas tant qu'elle n'est pas éteinte (art. 2242) ; "
    "pas de date limite pendant l'instance. En cas de désistement, de péremption ou de rejet "
    "définitif, l'interruption sera non avenue (art. 2243) et la prescription jugée comme si la "
    "demande n'avait pas existé."
)
_AV_SUSPENSION_EN_COURS = (
    "Suspension en cours : le délai ne court pas ; il reprendra à la fin de la suspension, pour six "
    "mois au moins (art. 2238 al. 2 ou 2239 al. 2). date_limite_provisoire donne le dernier jour si la "
    "suspension prenait fin à la date d'évaluation."
)
_AV_INTERRUPTION_PENDANT_SUSPENSION = (
    "Interruption survenue pendant une suspension : on retient que le nouveau délai (art. 2231) ne "
    "court qu'à la fin de la suspension, et jamais moins loin que sans l'interruption ; point non "
    "tranché par les textes ni, à notre connaissance, par la jurisprudence."
)
_AV_FORCLUSION = (
    "Délai de forclusion (C. conso., art. R312-35) : le titre XX du livre III du Code civil ne le régit "
    "pas, sauf texte contraire (art. 2220). Seules la demande en justice (art. 2241, qui vise la "
    "forclusion, avec ses suites des art. 2242 et 2243) et la mesure conservatoire ou l'acte "
    "d'exécution forcée (art. 2244) l'interrompent ; la reconnaissance, la médiation et la mesure "
    "d'instruction sont sans effet. Après interruption, on retient un nouveau délai de même durée "
    "(art. 2231 appliqué par analogie, non vérifié). Le report du point de départ après un "
    "réaménagement ou un rééchelonnement n'est pas modélisé."
)
_AV_2233 = (
    "Créance à terme (art. 2233) : l'art. 2232 al. 2 écarte le délai butoir dans ce cas. On retient "
    "la lecture prudente — les 20 ans courent de l'arrivée du terme (le point de départ) et plafonnent "
    "encore les suspensions et les reconnaissances ; une lecture littérale écarterait tout plafond."
)
_AV_PLAFOND_STRICT = (
    "Délai butoir (art. 2232) : les interruptions par demande en justice (art. 2241 al. 1) et par "
    "mesure conservatoire ou d'exécution (art. 2244) y échappent ; les suspensions et reconnaissances "
    "survenues ensuite restent plafonnées à 20 ans du jour de la naissance du droit (lecture prudente)."
)
_AV_TRANSITION_SANS_ANCIENNE = (
    "Point de départ antérieur au 19 juin 2008 : le régime transitoire de la loi n° 2008-561 (art. 26 "
    "II) peut s'appliquer ; indiquer ancienne_duree_ans (10 ans en matière commerciale, 30 ans en "
    "matière civile). Sans elle, le calcul applique la durée actuelle depuis le point de départ."
)
_AV_TRANSITION = (
    "Délai ouvert avant le 19 juin 2008 : nouveau délai à compter du 19 juin 2008 sans dépasser "
    "l'ancien (loi n° 2008-561, art. 26 II) ; le délai de 5 ans a expiré au plus tard le 18 juin 2013 à "
    "24 heures (Cass. 1re civ., 12 déc. 2018, n° 17-25.697). Les actes antérieurs au 19 juin 2008 sont "
    "traités comme des causes d'interruption de l'ancien droit (anciens art. 2244 et 2248) : à vérifier."
)
_AV_SUSPENSION_AVANT_2008 = (
    "Les suspensions des art. 2238 et 2239 datent de la loi n° 2008-561 (en vigueur le 19 juin 2008) "
    "et ne valent que pour les faits postérieurs (pour l'art. 2239 : Cass. com., 28 mars 2018, "
    "n° 16-27.268)."
)
_AV_INSTANCE_AVANT_2008 = (
    "Instance introduite avant le 19 juin 2008 : elle se poursuit selon l'ancien droit (loi "
    "n° 2008-561, art. 26 III — texte non relu) ; le nouveau délai après son extinction est calculé "
    "ici selon la loi nouvelle."
)
_AV_CONTRACTUEL = (
    "Durée conventionnelle (C. civ., art. 2254) : vérifier que la clause est valable — interdite dans un "
    "contrat entre professionnel et consommateur (C. conso., art. L218-1) et pour les paiements "
    "périodiques (art. 2254 al. 3). Les causes d'interruption ajoutées par le contrat ne sont pas "
    "prises en compte."
)
_AV_AUTRE = (
    "Régime « autre » : la durée et l'application du délai butoir ont été fournies par l'appelant, "
    "sans vérification."
)
_AV_TITRE = (
    "Titre exécutoire (CPCE, art. L111-4) : 10 ans à compter du jour où la décision constitue un titre "
    "exécutoire, en principe sa signification (Cass. 2e civ., 5 oct. 2023, n° 20-23.523), sauf si "
    "l'action en recouvrement de la créance se prescrit par un délai plus long ; délai butoir de "
    "l'art. 2232 écarté (L111-4 al. 2). Les titres autres que ceux du 1° au 3° de L111-3 ne sont pas "
    "visés."
)


# ---------------------------------------------------------------------------------------------
# Dates et noms
# ---------------------------------------------------------------------------------------------


_MOIS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _fr(jour: dt.date) -> str:
    """« 1er mars 2025 », « 14 janvier 2030 »."""
    return f"{'1er' if jour.day == 1 else jour.day} {_MOIS_FR[jour.month - 1]} {jour.year}"


def _libelle(e: EvenementPrescription) -> str:
    noms = {
        T.reconnaissance: "reconnaissance de dette", T.paiement_partiel: "paiement partiel",
        T.demande_en_justice: "demande en justice", T.refere: "référé", T.fin_instance: "fin d'instance",
        T.desistement: "désistement", T.peremption: "péremption", T.rejet_definitif: "rejet définitif",
        T.mesure_conservatoire: "mesure conservatoire", T.acte_execution: "acte d'exécution forcée",
        T.mediation_debut: "début de médiation", T.mediation_fin: "fin de médiation",
        T.conciliation_debut: "début de conciliation", T.conciliation_fin: "fin de conciliation",
        T.procedure_participative_debut: "convention de procédure participative",
        T.procedure_participative_fin: "terme de la procédure participative",
        T.accord_petites_creances: "accord du débiteur (petites créances)",
        T.refus_petites_creances: "refus du débiteur (petites créances)",
        T.mesure_instruction_ordonnee: "mesure d'instruction ordonnée",
        T.mesure_instruction_executee: "mesure d'instruction exécutée",
        T.mise_en_demeure: "mise en demeure",
    }
    nom = noms[e.type]
    return f"{nom} ({e.libelle})" if e.libelle else nom
