"""Letter drafts read from an assessment: mise en demeure, agency letter (CPCE R124-4), guarantor letter.

A draft, never a finished act: every figure comes from the assessment (the décompte, the deadlines,
the citations); what the facts do not give is a visible placeholder « [adresse du débiteur] », never
invented. One `Lettre` holds the letter's parts (parties, object, paragraphs with their bold words,
the décompte by invoice and period, enclosures, signature) and, apart, the « notes pour le
rédacteur » (legal basis, uncertain points): those never appear in the letter itself.

Written as Word (`.docx`, extra ``lettres``: docxtpl fills the firm's own template or the one shipped,
see `lettres_docx`) or as Markdown for a preview (stdlib). Voices: ``creancier`` (the creditor
writes), ``avocat`` (the creditor's lawyer: « mon client »), ``agence`` (an amicable-collection
agency, with the mentions of CPCE R124-4).

Références : C. civ. 1344 (interpellation suffisante) ; pratique de la mise en demeure
(rules/mise_en_demeure_contenu.yaml) ; CPCE R124-4 (mentions de la lettre de l'agence) et L111-8
al. 2 et 3 (reproduits) ; C. civ. 2302, 2303 (information de la caution, rules/cautionnement.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from .._base.escaping import terminal_safe
from .._base.formatting import date_longue, euros, fmt, pourcent
from ..models.assessment import Assessment, Citation
from ..law.delais import fin_de_delai
from ..evaluation.reclamable import DemandeInterdite, Reclamable, reclamable
from ..models.dossier import Dossier, Mention
from .liens import confiance, lien

TYPES = ("mise_en_demeure", "agence", "caution")
VOIX = ("creancier", "avocat", "agence")
DELAI_DE_PAIEMENT_JOURS = 8  # usual in practice; no text fixes it (the judge weighs the interpellation)

# CPCE L111-8, al. 2 et 3, in the version in force since 19 March 2014 (loi n° 2014-344, art. 12),
# read in three concordant reproductions (Doctrine, ANCR, CERCLAB — see citations.yaml cpce_l111_8);
# R124-4 5° requires the agency's letter to reproduce them.
L111_8_AL_2_ET_3 = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, sauf s'ils "
    "concernent un acte dont l'accomplissement est prescrit par la loi au créancier. Toute stipulation contraire "
    "est réputée non écrite, sauf disposition législative contraire.",
    "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour recouvrer sa "
    "créance peut demander au juge de l'exécution de laisser tout ou partie des frais ainsi exposés à la charge "
    "du débiteur de mauvaise foi.",
)
_NATURES = {
    "principal": "Principal restant dû",
    "penalites_l441_10": "Pénalités de retard",
    "interets_moratoires": "Intérêts au taux légal",
    "indemnite_forfaitaire": "Indemnité forfaitaire de recouvrement",
    "clause_penale": "Clause pénale",
    "accessoires_payes": "Accessoires déjà réglés (imputation des paiements)",
    "compensation": "Compensation légale invoquée (C. civ. 1347)",
}


def champ(libelle: str) -> str:
    """A placeholder for what the dossier does not say, visible in the draft."""
    return f"« [{libelle}] »"


Segment = tuple[str, bool]  # (text, bold)


@dataclass
class Ligne:
    """One line of the letter's décompte table (one per invoice and period)."""

    facture: str
    designation: str
    periode: str
    base: str
    taux: str
    montant: Decimal


@dataclass
class Lettre:
    """A letter draft: its parts, the mentions it carries, and — apart — the notes for the drafter."""

    type: str
    voix: str
    titre: str
    as_of: date
    expediteur: str
    expediteur_adresse: str
    expediteur_mention: str
    destinataire: str
    destinataire_adresse: str
    lieu: str
    objet: str
    references: list[str]
    appel: str
    avant: list[list[Segment]]
    lignes: list[Ligne]
    total_libelle: str
    total: Decimal
    apres: list[list[Segment]]
    formule: str
    signataire: str
    signataire_qualite: str
    lrar: bool = True
    citation: list[str] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    mentions: set[str] = field(default_factory=set)
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    incertitudes: list[str] = field(default_factory=list)

    # ----------------------------------------------------------------- what the drafter must complete
    def placeholders(self) -> list[str]:
        return list(dict.fromkeys(re.findall(r"« \[[^\]]+\] »", self.to_markdown())))

    # ----------------------------------------------------------------- Markdown (preview)
    def to_markdown(self) -> str:
        """The letter as Markdown, for a preview. The notes for the drafter are apart (`notes_markdown`)."""
        out = [f"# {md(self.titre)}", ""]
        out += [f"**{md(self.expediteur)}**  "] + [f"{md(x)}  " for x in self.expediteur_adresse.split("\n")]
        if self.expediteur_mention:
            out.append(md(self.expediteur_mention))
        out += ["", f"**{md(self.destinataire)}**  "] + [f"{md(x)}  " for x in self.destinataire_adresse.split("\n")]
        out += ["", f"{md(self.lieu)}, le {date_longue(self.as_of)}", ""]
        if self.lrar:
            out += ["**Lettre recommandée avec demande d'avis de réception**", ""]
        out += [f"**Objet : {md(self.objet)}**  "] + [f"{md(r)}  " for r in self.references] + [""]
        out += [md(self.appel), ""]
        for p in self.avant:
            out += [_segments_md(p), ""]
        out += ["| Facture | Désignation | Période | Base | Taux | Montant |", "|---|---|---|---:|---:|---:|"]
        out += [f"| {md(x.facture)} | {md(x.designation)} | {x.periode} | {x.base} | {x.taux} | {euros(x.montant)} |"
                for x in self.lignes]
        out += [f"| **{md(self.total_libelle)}** | | | | | **{euros(self.total)}** |", ""]
        for p in self.apres:
            out += [_segments_md(p), ""]
        for line in self.citation:
            out += [f"> « {md(line)} »", ""]
        out += [md(self.formule), "", f"**{md(self.signataire)}**  ", md(self.signataire_qualite), ""]
        if self.pieces:
            out += ["**Pièces jointes :**", ""] + [f"- {md(p)}" for p in self.pieces] + [""]
        return "\n".join(out).rstrip() + "\n"

    def notes_markdown(self) -> str:
        """The « notes pour le rédacteur »: legal basis with dated links, uncertain points, what to check."""
        out = [f"# Notes pour le rédacteur — {md(self.titre)}", "",
               "Document de travail : ne pas joindre à la lettre.", ""]
        if self.notes:
            out += ["## À vérifier avant l'envoi", ""] + [f"- {md(n)}" for n in self.notes] + [""]
        if self.incertitudes:
            out += ["## Points incertains", ""] + [f"- {md(n)}" for n in self.incertitudes] + [""]
        if self.citations:
            out += ["## Fondement", ""]
            for c in self.citations:
                link = lien(c, self.as_of)
                url = f" — <{link.url}>" if link.url else ""
                out.append(f"- {md(str(c))}{url} ({link.libelle} ; confiance : {confiance(c)})")
            out.append("")
        return "\n".join(out).rstrip() + "\n"

    # ----------------------------------------------------------------- files
    def to_docx(self, path: str | Path, modele: str | Path | None = None) -> Path:
        """Write the letter as Word from ``modele`` (the firm's .docx template; default: the one shipped)."""
        from .lettres_docx import ecrire_lettre

        return ecrire_lettre(self, Path(path), modele)

    def notes_path(self, path: str | Path) -> Path:
        path = Path(path)
        return path.with_name(f"{path.stem}.notes{path.suffix}")

    def write(self, path: str | Path, modele: str | Path | None = None) -> Path:
        """Write to ``path`` (.docx or .md) and the notes for the drafter beside it (``NOM.notes.docx``)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".docx":
            from .lettres_docx import ecrire_notes

            self.to_docx(path, modele)
            ecrire_notes(self, self.notes_path(path))
            return path
        if suffix not in (".md", ".markdown", ".txt"):
            raise ValueError(f"-o : extension « {path.suffix} » non prise en charge (.md ou .docx)")
        if modele is not None:
            raise ValueError("--modele : un modèle Word ne s'applique qu'à une sortie .docx")
        path.write_text(self.to_markdown(), encoding="utf-8")
        self.notes_path(path).write_text(self.notes_markdown(), encoding="utf-8")
        return path


def md(text: str) -> str:
    """Dossier text inside Markdown: the characters that would make markup are escaped."""
    text = terminal_safe(str(text))  # a control or escape character is shown (\x1b), never kept
    return re.sub(r"([\\`*_<>#|])", r"\\\1", text).replace("](", "]\\(")


def _segments_md(p: list[Segment]) -> str:
    return "".join(f"**{md(t)}**" if bold else md(t) for t, bold in p)


# ------------------------------------------------------------------------------------ the décompte


def decompte(a: Assessment) -> tuple[list[tuple[str, Decimal]], Decimal]:
    """The claimable amount and its lines, as the assessment computed it (one source of truth): the
    ``decompte_creance`` finding when the rule base draws it, otherwise the ``amounts`` block."""
    m = a.amounts
    if m.lignes:
        return [(x.libelle, x.montant) for x in m.lignes], m.montant_reclame
    lines = [("Principal restant dû", m.principal_restant_du)] + [(i.label, i.montant) for i in m.items]
    total = m.total
    if m.compensation is not None and m.total_apres_compensation is not None:
        lines.append(("Compensation légale invoquée (C. civ. 1347)", -m.compensation))
        total = m.total_apres_compensation
    return lines, total


def lignes_par_facture(a: Assessment, d: Dossier, lignes: list[Any] | None = None) -> list[Ligne]:
    """The décompte's lines grouped under their invoice: principal, each period of accessories, the
    indemnity; then the lines tied to no single invoice (a title's sums, set-off). ``lignes``: a part of
    the décompte's lines (what may be claimed now, `evaluation.reclamable`), default all."""
    m = a.amounts
    source = m.lignes if lignes is None else lignes
    ttc = {f.numero: f.montant_ttc for f in d.factures}
    rows: list[Ligne] = []
    order = list(dict.fromkeys([x.facture for x in source if x.facture] + list(ttc)))
    for numero in order:
        for x in (x for x in source if x.facture == numero):
            rows.append(_ligne(x, numero, ttc.get(numero)))
    rows += [_ligne(x, "", None) for x in source if not x.facture]
    if not m.lignes:  # a rule base without the décompte finding: the amounts block, one line per item
        rows.append(Ligne("", "Principal restant dû", "", "", "", m.principal_restant_du))
        rows += [Ligne("", i.label, "", "", "", i.montant) for i in m.items]
    return rows


def _ligne(x: Any, numero: str, ttc: Decimal | None) -> Ligne:
    designation = _NATURES.get(x.nature, x.libelle)
    if x.nature == "principal" and ttc is not None and ttc != x.montant:
        designation = f"Principal restant dû (facture de {euros(ttc)})"
    periode = ""
    if x.du is not None and x.au is not None:
        periode = f"du {fmt(x.du)} au {fmt(x.au)}" + (f" ({x.jours} j)" if x.jours else "")
    taux = pourcent(x.taux) if x.taux is not None else ""
    base = euros(x.base) if x.base is not None else ""
    return Ligne(numero, designation, periode, base, taux, x.montant)


def cours_journalier(a: Assessment) -> Decimal | None:
    """What the accessories still running add each day after the letter, as the décompte computed it
    (``amounts.interets_journaliers``: one source for the figure); None when nothing runs any more."""
    per_day = a.amounts.interets_journaliers
    return per_day if per_day > 0 else None


# ------------------------------------------------------------------------------------ letters


class LettreRefusee(DemandeInterdite):
    """The assessment forbids this letter (claim time-barred, debtor protected, no guarantor): ``obstacles``."""


def lettre(dossier: Dossier | dict[str, Any] | str | Path | Assessment, as_of: date | str | None = None, *,
           type: str = "mise_en_demeure", voix: str | None = None,
           delai_jours: int = DELAI_DE_PAIEMENT_JOURS, forcer: bool = False, taux: Any = None) -> Lettre:
    """A letter draft for ``dossier`` as of ``as_of`` (or for an assessment already made).

    ``type``: mise_en_demeure | caution (| agence, the same as ``voix="agence"``); ``voix``: who
    writes — creancier (default), avocat (« mon client »), agence (CPCE R124-4). ``taux``: a rates file (as
    for ``evaluate``), active for the evaluation and for every figure the letter computes.

    Asks only for what the assessment says may be claimed now, and of whom (`evaluation.reclamable`): a
    letter it forbids raises :class:`LettreRefusee` naming the finding, unless ``forcer`` — the draft then
    says why in its notes."""
    if type not in TYPES:
        raise ValueError(f"type de lettre : « {type} » inconnu ({', '.join(TYPES)})")
    if type == "agence":
        type, voix = "mise_en_demeure", "agence"
    voix = voix or "creancier"
    if voix not in VOIX:
        raise ValueError(f"voix : « {voix} » inconnue ({', '.join(VOIX)})")
    if type == "caution" and voix == "agence":
        raise ValueError("voix « agence » : seule la lettre de recouvrement amiable au débiteur est prévue "
                         "(CPCE R124-4), pas l'information de la caution")
    from ..law.taux import taux_actifs, taux_fichier_actif
    from ..models.fichier_taux import charger_fichier_taux

    fichier = charger_fichier_taux(taux) if taux is not None else taux_fichier_actif()
    with taux_actifs(fichier):
        return _lettre(dossier, as_of, type, voix, delai_jours, forcer)


def _lettre(dossier: Any, as_of: date | str | None, type: str, voix: str, delai_jours: int, forcer: bool) -> Lettre:
    if isinstance(dossier, Assessment):
        a = dossier
    else:
        from ..evaluation.evaluate import evaluate

        a = evaluate(dossier, as_of)
    d = a._context.dossier if a._context is not None else None
    if d is None:
        raise ValueError("lettre : l'évaluation ne porte plus son dossier (copie) ; réévaluer avec evaluate()")
    r = reclamable(a, "caution" if type == "caution" else "debiteur", dossier=d)
    if not r.autorise and not forcer:
        raise LettreRefusee(r, "Lettre " + {"mise_en_demeure": "de mise en demeure", "caution": "à la caution"}[type]
                            if voix != "agence" else "Lettre de l'agence de recouvrement")
    if voix == "agence":
        letter = _agence(a, d, delai_jours, r)
    elif type == "caution":
        letter = _caution(a, d, voix, r)
    else:
        letter = _mise_en_demeure(a, d, voix, delai_jours, r)
    if not r.autorise:
        letter.notes.insert(1, f"Lettre rédigée malgré l'évaluation (option forcer) : {r.motifs()}.")
    return letter


def _partie(a: Assessment, r: Reclamable) -> tuple[list[Any] | None, Decimal, dict[str, str]]:
    """The décompte lines, total and left-out invoices a letter asks for: the part that may be claimed now when
    the assessment leaves invoices out; the whole décompte otherwise (or when drafting a forbidden letter)."""
    if r.autorise and r.exclues:
        return r.lignes, r.montant, r.exclues
    return None, a.amounts.montant_reclame if a.amounts.lignes else decompte(a)[1], {}


# ---------------------------------------------------------------------------- parts shared by letters


def _creancier(d: Dossier) -> str:
    return d.creancier.nom or champ("nom ou dénomination du créancier")


def _debiteur(d: Dossier) -> str:
    return d.debiteur.nom or champ("nom ou dénomination du débiteur")


def _de(nom: str) -> str:
    """« de X » / « d'Atelier » (elision before a vowel or a mute h)."""
    return f"d'{nom}" if re.match(r"[aeiouyàâéèêëîïôûüh]", nom, re.I) else f"de {nom}"


def _expediteur(d: Dossier, voix: str) -> tuple[str, str, str]:
    if voix == "avocat":
        return (champ("nom de l'avocat"), champ("adresse du cabinet"),
                f"Avocat au barreau de {champ('barreau')}")
    if voix == "agence":
        return (champ("dénomination de l'agence de recouvrement"), champ("adresse ou siège social de l'agence"),
                "Société exerçant une activité de recouvrement amiable de créances pour le compte d'autrui.")
    return _creancier(d), champ("adresse ou siège social du créancier"), ""


def _signataire(voix: str) -> tuple[str, str]:
    if voix == "avocat":
        return champ("nom de l'avocat"), "Avocat"
    return champ("nom du signataire"), champ("qualité du signataire")


def _references(a: Assessment, d: Dossier, voix: str, exclues: dict[str, str] | None = None) -> list[str]:
    refs = []
    if voix == "avocat":
        refs.append(f"Affaire : {_creancier(d)} c/ {_debiteur(d)}")
    refs.append(f"Nos réf. : {a.reference}" if a.reference else f"Nos réf. : {champ('référence du dossier')}")
    factures = [f.numero for f in d.factures if f.numero not in (exclues or {})]
    if factures:
        refs.append(("Facture" if len(factures) == 1 else "Factures") + " n° " + ", ".join(factures))
    return refs


def _pieces(a: Assessment, d: Dossier, exclues: dict[str, str] | None = None) -> list[str]:
    """What the letter encloses: the invoices, the contract, earlier letters the dossier names."""
    out = [f"Copie de la facture n° {f.numero} du {date_longue(f.date_emission)}" for f in d.factures
           if f.numero not in (exclues or {})]
    if d.contrat is not None and d.contrat.date_conclusion is not None:
        out.append(f"Copie du contrat du {date_longue(d.contrat.date_conclusion)}")
    for e in d.evenements:
        if e.date <= a.as_of and e.type.value in ("relance", "mise_en_demeure", "sommation"):
            out.append(f"Copie de la {_EVENEMENTS[e.type.value]} du {date_longue(e.date)}")
    if len(a.amounts.lignes) > 1:
        out.append(f"Relevé de compte et décompte détaillé au {date_longue(a.as_of)}")
    return out


_EVENEMENTS = {"relance": "relance", "mise_en_demeure": "mise en demeure", "sommation": "sommation"}


def _deadline_to_pay(a: Assessment, d: Dossier, jours: int) -> date:
    # A délai counted in days from the letter's receipt; assuming receipt the day after sending (as_of),
    # CPC 640-642 give its last day (the day of departure does not count; weekend/holiday pushed).
    return fin_de_delai(a.as_of + timedelta(days=1), jours=jours, departement=d.debiteur.departement).date


def _cited(a: Assessment, codes: Iterable[str], extra: Iterable[Citation] = ()) -> list[Citation]:
    out: list[Citation] = []
    for f in a.findings:
        if f.code in codes:
            out += f.citations
    for x in a.actions:
        if x.code in codes:
            out += x.citations
    out += list(extra)
    seen: dict[str, Citation] = {}
    for c in out:
        seen.setdefault(c.key, c)
    return list(seen.values())


def _common_notes(a: Assessment, r: Reclamable) -> tuple[list[str], list[str]]:
    notes = ["Projet établi à partir de l'évaluation du dossier : à relire et compléter par un juriste avant envoi.",
             "Compléter les champs entre « [ ] » (adresses, signataire, modalités de paiement)."]
    notes += r.explications()  # the invoices left out of the demand, and why (issue 20)
    # Every warning that concerns the letter's addressee (`reclamable`): uncertain law apart, the others as notes.
    incertains = list(dict.fromkeys(w.message for w in r.avertissements if w.code == "droit_incertain"))
    notes += list(dict.fromkeys(f"Avertissement de l'évaluation : {w.message}" for w in r.avertissements
                                if w.code != "droit_incertain"))
    return notes, incertains


def _accessoires_sans_mise_en_demeure(d: Dossier) -> bool:
    """Do the late-payment accessories run without a notice (C. civ. 1344 clause; B2B L441-10 II)?"""
    b2b = d.creancier.qualite.value == "professionnel" and d.debiteur.qualite.value == "professionnel"
    return bool(d.contrat.clause_demeure_par_exigibilite) or b2b


def _accrual(a: Assessment) -> list[Segment] | None:
    per_day = cours_journalier(a)
    if per_day is None:
        return None
    return [("Les pénalités et intérêts de retard continuent de courir jusqu'à parfait paiement, soit ", False),
            (f"{euros(per_day)} par jour", True), (" à la date de la présente lettre.", False)]


def _next_route(a: Assessment) -> str:
    routes = {"requete_injonction_de_payer": "requête en injonction de payer",
              "procedure_petites_creances": "procédure simplifiée de recouvrement des petites créances",
              "refere_provision": "référé-provision", "assignation_en_paiement": "assignation en paiement"}
    for x in a.actions:
        if x.code in routes:
            return f" ({routes[x.code]})"
    return ""


def _catalogue(a: Assessment, keys: set[str]) -> list[Citation]:
    ctx = a._context
    book = ctx.book if ctx is not None else None
    out = []
    for key in sorted(keys):
        rec = book.citations.get(key) if book is not None else None
        if rec is None:
            continue
        out.append(Citation(key=key, code=rec["code"], article=str(rec["article"]), intitule=rec.get("intitule"),
                            version_du=rec.get("en_vigueur_du"), version_au=rec.get("en_vigueur_au"),
                            url=rec.get("url"), legifrance_id=rec.get("legifrance_id"),
                            verified_on=rec.get("verified_on"), confiance=rec.get("confiance")))
    return out


# ---------------------------------------------------------------------------------- the three letters


def _mise_en_demeure(a: Assessment, d: Dossier, voix: str, jours: int, r: Reclamable) -> Lettre:
    creancier, debiteur = _creancier(d), _debiteur(d)
    lignes, total, exclues = _partie(a, r)
    limite = _deadline_to_pay(a, d, jours)
    relances = any(e.type.value in ("relance", "relance_telephonique", "mise_en_demeure") and e.date <= a.as_of
                   for e in d.evenements)
    paiement = champ("modalités de paiement : virement sur l'IBAN …, chèque à l'ordre de …")
    if voix == "avocat":
        avant = [
            [(f"Je vous écris en qualité de conseil {_de(creancier)} (ci-après « mon client »).", False)],
            [("Mon client m'indique que, " + ("malgré ses relances, " if relances else "sauf erreur de sa part, ")
              + "les sommes ci-dessous restent impayées à ce jour, pour un montant total de ", False),
             (euros(total), True), (", selon le décompte suivant :", False)],
        ]
        demande = [("En conséquence, je vous ", False), ("mets en demeure", True),
                   (", au nom et pour le compte de mon client, de lui régler la somme de ", False),
                   (euros(total), True), (f" dans un délai de {jours} jours à compter de la réception de la "
                                          "présente, soit au plus tard le ", False),
                   (date_longue(limite), True), (f", par {paiement}.", False)]
        suite = [(f"À défaut de règlement dans ce délai, j'ai d'ores et déjà reçu instruction de saisir la "
                  f"juridiction compétente{_next_route(a)}, sans autre avis, afin d'obtenir le paiement de ces "
                  "sommes, outre les frais de la procédure.", False)]
        formule = "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées."
    else:
        avant = [
            [(("Malgré nos précédentes relances, " if relances else "Sauf erreur de notre part, ")
              + "les sommes ci-dessous restent impayées à ce jour, pour un montant total de ", False),
             (euros(total), True), (", selon le décompte suivant :", False)],
        ]
        demande = [("Par la présente, nous vous ", False), ("mettons en demeure", True),
                   (" de nous régler la somme de ", False), (euros(total), True),
                   (f" dans un délai de {jours} jours à compter de la réception de cette lettre, soit au plus tard "
                    "le ", False), (date_longue(limite), True), (f", par {paiement}.", False)]
        suite = [(f"À défaut de paiement dans ce délai, nous saisirons sans autre avis la juridiction "
                  f"compétente{_next_route(a)} afin d'obtenir le paiement de ces sommes.", False)]
        formule = "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées."
    apres = [demande]
    accrual = _accrual(a)
    if accrual:
        apres.append(accrual)
    apres.append(suite)
    notes, incertains = _common_notes(a, r)
    notes += [
        "Envoyer par lettre recommandée avec demande d'avis de réception et conserver l'avis : le créancier doit "
        "prouver la mise en demeure et sa date" + (
            " (les accessoires courent déjà : clause de demeure par l'exigibilité, C. civ. 1344, ou pénalités entre "
            "professionnels, C. com. L441-10 II)." if _accessoires_sans_mise_en_demeure(d) else
            " (point de départ des intérêts, C. civ. 1344-1)."),
        f"Délai de paiement de {jours} jours : usage, aucun texte ne le fixe ; le juge apprécie le caractère "
        f"suffisant de l'interpellation. Date limite calculée pour une réception le {date_longue(a.as_of + timedelta(days=1))} "
        "(CPC 640 à 642).",
    ]
    demeure = a.finding("debiteur_en_demeure")
    if demeure is not None:
        since = demeure.since or demeure.value
        if isinstance(since, date):
            notes.append(f"Le débiteur est déjà en demeure depuis le {date_longue(since)} : cette lettre le rappelle "
                         "et actualise le décompte.")
    if voix == "avocat":
        notes.append("Voix de l'avocat : vérifier le mandat reçu du client et, si le débiteur a lui-même un avocat, "
                     "écrire à ce confrère plutôt qu'au débiteur.")
    cites = _cited(a, ("debiteur_en_demeure", "envoyer_mise_en_demeure", "completer_mise_en_demeure",
                       "penalites_de_retard_dues", "interets_moratoires_dus", "indemnite_forfaitaire_due"))
    exp, exp_adresse, exp_mention = _expediteur(d, voix)
    sig, qualite = _signataire(voix)
    mentions = {Mention.termes_mise_en_demeure.value, Mention.montant.value, Mention.factures.value,
                Mention.delai_de_paiement.value, Mention.demande_de_paiement.value, Mention.accuse_de_reception.value}
    return Lettre(
        type="mise_en_demeure", voix=voix, titre="Mise en demeure de payer", as_of=a.as_of,
        expediteur=exp, expediteur_adresse=exp_adresse, expediteur_mention=exp_mention,
        destinataire=debiteur, destinataire_adresse=champ("adresse du débiteur"), lieu=champ("lieu"),
        objet="mise en demeure de payer", references=_references(a, d, voix, exclues), appel="Madame, Monsieur,",
        avant=avant, lignes=lignes_par_facture(a, d, lignes), total_libelle=f"Total dû au {date_longue(a.as_of)}",
        total=total, apres=apres, formule=formule, signataire=sig, signataire_qualite=qualite,
        pieces=_pieces(a, d, exclues), mentions=mentions, citations=cites, notes=notes, incertitudes=incertains)


def _agence(a: Assessment, d: Dossier, jours: int, r: Reclamable) -> Lettre:
    creancier, debiteur = _creancier(d), _debiteur(d)
    lignes, total, exclues = _partie(a, r)
    avant = [
        [("Nous intervenons pour le compte ", False), (_de(creancier), True),
         (f", {champ('adresse ou siège social du créancier')}, qui nous a confié le recouvrement amiable de sa "
          "créance sur vous.", False)],
        [("Cette créance a pour fondement les factures impayées détaillées ci-dessous. Son montant, en distinguant "
          "le principal, les intérêts et les autres accessoires (hors frais de recouvrement, qui restent à la "
          "charge du créancier), s'établit ainsi :", False)],
    ]
    apres = [
        [("Nous vous invitons à payer la somme de ", False), (euros(total), True),
         (f" dans un délai de {jours} jours, selon les modalités suivantes : "
          f"{champ('modalités de paiement : IBAN, adresse, moyens acceptés')}.", False)],
    ]
    accrual = _accrual(a)
    if accrual:
        apres.append(accrual)
    apres.append([("Reproduction des deuxième et troisième alinéas de l'article L. 111-8 du code des procédures "
                   "civiles d'exécution :", False)])
    notes, incertains = _common_notes(a, r)
    notes += [
        "Mentions de l'article R124-4 CPCE : 1° identité, adresse et activité de l'agence ; 2° identité et adresse "
        "du créancier ; 3° fondement et montant (principal, intérêts, accessoires distingués), hors frais laissés à "
        "la charge du créancier par L111-8 ; 4° invitation à payer et modalités ; 5° reproduction de L111-8 al. 2 "
        "et 3. Les références et la date d'envoi de cette lettre sont à rappeler à chaque démarche suivante. "
        "L'omission d'une mention est une contravention de 5e classe (R124-7).",
    ]
    incertains.append("L'indemnité forfaitaire de 40 € (C. com. L441-10) vient de la loi : l'inclure dans les sommes "
                      "réclamées par l'agence n'est pas tranché par un texte au regard de L111-8 (règles du "
                      "recouvrement par un tiers).")
    cites = _catalogue(a, {"cpce_r124_4", "cpce_l111_8", "cpce_r124_7"}) + _cited(
        a, ("penalites_de_retard_dues", "interets_moratoires_dus"))
    exp, exp_adresse, exp_mention = _expediteur(d, "agence")
    sig, qualite = _signataire("agence")
    refs = [f"Référence de la lettre : {champ('référence')}"] + _references(a, d, "agence", exclues)[1:]
    mentions = {Mention.identite_agence.value, Mention.identite_creancier.value,
                Mention.fondement_et_detail_sommes.value, Mention.modalites_de_paiement.value,
                Mention.reproduction_l111_8.value}
    return Lettre(
        type="agence", voix="agence", titre="Lettre de recouvrement amiable", as_of=a.as_of,
        expediteur=exp, expediteur_adresse=exp_adresse, expediteur_mention=exp_mention,
        destinataire=debiteur, destinataire_adresse=champ("adresse du débiteur"), lieu=champ("lieu"),
        objet=f"demande de paiement amiable pour le compte {_de(creancier)}", references=refs,
        appel="Madame, Monsieur,", avant=avant, lignes=lignes_par_facture(a, d, lignes),
        total_libelle=f"Total dû au {date_longue(a.as_of)}", total=total, apres=apres,
        citation=list(L111_8_AL_2_ET_3),
        formule="Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        signataire=sig, signataire_qualite=qualite, lrar=False, pieces=_pieces(a, d, exclues), mentions=mentions,
        citations=cites, notes=notes, incertitudes=incertains)


def _caution(a: Assessment, d: Dossier, voix: str, r: Reclamable) -> Lettre:
    """Hook on the guarantees concern: reads the dossier's ``garanties`` and the ``informer_caution``
    actions the rule base draws (their purpose, deadline and citations)."""
    cautions = [g for g in d.garanties if g.type.value == "cautionnement"]
    g = cautions[0] if cautions else None
    nom = (g.garant.nom if g and g.garant.nom else None) or champ("nom de la caution")
    creancier, debiteur = _creancier(d), _debiteur(d)
    lignes, total, exclues = _partie(a, r)
    infos = a.actions_of("informer_caution")
    exigible = a.finding("creance_exigible")
    acte = date_longue(g.date) if g else champ("date de l'acte de cautionnement")
    doit = "doit à mon client" if voix == "avocat" else "nous doit"
    envers = f"envers {creancier} (« mon client »)" if voix == "avocat" else "envers nous"
    avant = [
        [(f"Par acte du {acte}, vous vous êtes porté(e) caution{' solidaire' if g and g.solidaire else ''} des "
          f"engagements de {debiteur} {envers}"
          + (f", dans la limite de {euros(g.montant_maximum)}" if g and g.montant_maximum is not None else "")
          + ".", False)],
        [(f"{'Je vous informe' if voix == 'avocat' else 'Nous vous informons'} que {debiteur} n'a pas réglé à leur "
          "échéance les sommes dues"
          + (f" (exigibles depuis le {date_longue(exigible.value)})"
             if exigible is not None and isinstance(exigible.value, date) else "")
          + f" et qu'au {date_longue(a.as_of)}, {debiteur} {doit} encore les sommes suivantes, soit ", False),
         (euros(total), True), (" :", False)],
    ]
    apres = [[(f"Terme de votre engagement : {champ('terme de l’engagement ou faculté de résiliation')}.", False)]]
    notes, incertains = _common_notes(a, r)
    notes += [f"Obligation d'information : {x.purpose}" + (f" — au plus tard le {date_longue(x.deadline)}"
                                                            if x.deadline else "") for x in infos]
    if not cautions:
        notes.append("Le dossier ne décrit aucun cautionnement (garanties de type cautionnement) : compléter.")
    if not infos:
        notes.append("L'évaluation ne demande pas d'informer la caution à cette date : vérifier l'obligation "
                     "d'information (C. civ. 2302, 2303) avant envoi.")
    cites = _cited(a, ("informer_caution", "appeler_caution"))
    exp, exp_adresse, exp_mention = _expediteur(d, voix)
    sig, qualite = _signataire(voix)
    formule = ("Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées."
               if voix == "avocat" else "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.")
    return Lettre(
        type="caution", voix=voix, titre="Information de la caution", as_of=a.as_of,
        expediteur=exp, expediteur_adresse=exp_adresse, expediteur_mention=exp_mention,
        destinataire=nom, destinataire_adresse=champ("adresse de la caution"), lieu=champ("lieu"),
        objet="information de la caution", references=_references(a, d, voix, exclues), appel="Madame, Monsieur,",
        avant=avant, lignes=lignes_par_facture(a, d, lignes), total_libelle=f"Total dû au {date_longue(a.as_of)}",
        total=total, apres=apres, formule=formule, signataire=sig, signataire_qualite=qualite,
        pieces=_pieces(a, d, exclues), mentions={"montant"}, citations=cites, notes=notes, incertitudes=incertains)
