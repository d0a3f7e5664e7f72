"""Letter drafts read from an assessment: mise en demeure, agency letter (CPCE R124-4), guarantor letter.

A draft, never a finished act: every figure comes from the assessment (the décompte, the deadlines,
the citations); what the facts do not give is a visible placeholder « [adresse du débiteur] », never
invented. The same `Lettre` is written as Markdown (stdlib) or .docx (optional extra ``lettres``:
python-docx).

Références : C. civ. 1344 (interpellation suffisante) ; pratique de la mise en demeure
(rules/mise_en_demeure_contenu.yaml) ; CPCE R124-4 (mentions de la lettre de l'agence) et L111-8
al. 2 et 3 (reproduits) ; C. civ. 2302, 2303 (information de la caution, rules/cautionnement.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from .._base.formatting import fmt
from ..models.assessment import Assessment, Citation
from ..law.delais import fin_de_delai
from ..models.dossier import Dossier, Mention
from .liens import confiance, lien

TYPES = ("mise_en_demeure", "agence", "caution")
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


def champ(libelle: str) -> str:
    """A placeholder for what the dossier does not say, visible in the draft."""
    return f"« [{libelle}] »"


@dataclass
class Bloc:
    kind: str  # titre | para | liste | tableau | note | citation
    text: str = ""
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Lettre:
    """A letter draft: its blocks, the mentions it carries, its citations, and notes for the lawyer."""

    type: str
    titre: str
    blocs: list[Bloc]
    mentions: set[str]
    citations: list[Citation]
    notes: list[str]
    as_of: date

    def placeholders(self) -> list[str]:
        import re

        text = self.to_markdown()
        return list(dict.fromkeys(re.findall(r"« \[[^\]]+\] »", text)))

    def to_markdown(self) -> str:
        out: list[str] = []
        for b in self.blocs:
            if b.kind == "titre":
                out += [f"## {b.text}", ""]
            elif b.kind == "para":
                out += [b.text, ""]
            elif b.kind == "liste":
                out += [f"- {i}" for i in b.items] + [""]
            elif b.kind == "citation":
                out += [f"> {line}" for line in b.items] + [""]
            elif b.kind == "tableau":
                out.append("| " + " | ".join(b.header) + " |")
                out.append("|" + "|".join("---:" if i else "---" for i in range(len(b.header))) + "|")
                out += ["| " + " | ".join(r) + " |" for r in b.rows]
                out.append("")
        if self.citations:
            out += ["## Fondement", ""]
            for c in self.citations:
                link = lien(c, self.as_of)
                url = f" — <{link.url}>" if link.url else ""
                out.append(f"- {c}{url} (confiance : {confiance(c)})")
            out.append("")
        if self.notes:
            out += ["---", "", "**Notes de rédaction (à retirer avant envoi)**", ""]
            out += [f"- {n}" for n in self.notes] + [""]
        return f"# {self.titre}\n\n" + "\n".join(out).rstrip() + "\n"

    def to_docx(self, path: str | Path) -> Path:
        """Write the draft as a Word document (needs the ``lettres`` extra: python-docx)."""
        try:
            import docx  # type: ignore[import-not-found]
        except ImportError:  # pragma: no cover - depends on the installed extras
            raise RuntimeError("format .docx : installer l'extra « lettres » (pip install 'creances-rules[lettres]')") from None
        doc = docx.Document()
        doc.add_heading(self.titre, level=1)
        for b in self.blocs:
            if b.kind == "titre":
                doc.add_heading(b.text, level=2)
            elif b.kind == "para":
                doc.add_paragraph(b.text)
            elif b.kind == "liste":
                for i in b.items:
                    doc.add_paragraph(i, style="List Bullet")
            elif b.kind == "citation":
                for line in b.items:
                    doc.add_paragraph(line, style="Quote")
            elif b.kind == "tableau":
                table = doc.add_table(rows=1, cols=len(b.header))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, b.header):
                    cell.text = text
                for r in b.rows:
                    cells = table.add_row().cells
                    for cell, text in zip(cells, r):
                        cell.text = text
        if self.citations:
            doc.add_heading("Fondement", level=2)
            for c in self.citations:
                link = lien(c, self.as_of)
                doc.add_paragraph(f"{c}" + (f" — {link.url}" if link.url else "") + f" (confiance : {confiance(c)})",
                                  style="List Bullet")
        if self.notes:
            doc.add_heading("Notes de rédaction (à retirer avant envoi)", level=2)
            for n in self.notes:
                doc.add_paragraph(n, style="List Bullet")
        path = Path(path)
        doc.save(str(path))
        return path

    def write(self, path: str | Path) -> Path:
        """Write to ``path``: .md (Markdown) or .docx."""
        path = Path(path)
        if path.suffix.lower() == ".docx":
            return self.to_docx(path)
        if path.suffix.lower() not in (".md", ".markdown", ".txt"):
            raise ValueError(f"-o : extension « {path.suffix} » non prise en charge (.md ou .docx)")
        path.write_text(self.to_markdown(), encoding="utf-8")
        return path


# ------------------------------------------------------------------------------------ the décompte


def decompte(a: Assessment) -> tuple[list[tuple[str, Decimal]], Decimal]:
    """The claimable amount and its lines, as the assessment computed it (one source of truth): the
    ``decompte_creance`` finding when the rule base draws it, otherwise the ``amounts`` block."""
    f = a.finding("decompte_creance")
    if f is not None and isinstance(f.value, Decimal):
        lines = _lines_of(f.details)
        if lines:
            return lines, f.value
    m = a.amounts
    lines = [("Principal restant dû", m.principal_restant_du)] + [(i.label, i.montant) for i in m.items]
    total = m.total
    if m.compensation is not None and m.total_apres_compensation is not None:
        lines.append(("Compensation légale invoquée (C. civ. 1347)", -m.compensation))
        total = m.total_apres_compensation
    return lines, total


def _lines_of(details: Any) -> list[tuple[str, Decimal]]:
    raw = getattr(details, "lignes", None)
    if raw is None and isinstance(details, dict):
        raw = details.get("lignes")
    out = []
    for line in raw or []:
        get = line.get if isinstance(line, dict) else (lambda k, _l=line: getattr(_l, k, None))
        label = get("libelle") or get("label")
        amount = get("montant")
        if label is not None and isinstance(amount, Decimal):
            out.append((str(label), amount))
    return out


# ------------------------------------------------------------------------------------ letters


def lettre(dossier: Dossier | dict[str, Any] | str | Path | Assessment, as_of: date | str | None = None, *,
           type: str = "mise_en_demeure", delai_jours: int = DELAI_DE_PAIEMENT_JOURS) -> Lettre:
    """A letter draft for ``dossier`` as of ``as_of`` (or for an assessment already made)."""
    if type not in TYPES:
        raise ValueError(f"type de lettre : « {type} » inconnu ({', '.join(TYPES)})")
    if isinstance(dossier, Assessment):
        a = dossier
    else:
        from ..evaluation.evaluate import evaluate

        a = evaluate(dossier, as_of)
    d = a._context.dossier if a._context is not None else None
    if d is None:
        raise ValueError("lettre : l'évaluation ne porte plus son dossier (copie) ; réévaluer avec evaluate()")
    build = {"mise_en_demeure": _mise_en_demeure, "agence": _agence, "caution": _caution}[type]
    return build(a, d, delai_jours)


def _parties(a: Assessment, d: Dossier, destinataire: str, adresse_dest: str) -> list[Bloc]:
    creancier = d.creancier.nom or champ("nom ou dénomination du créancier")
    return [
        Bloc("para", f"{creancier}\n{champ('adresse ou siège social du créancier')}"),
        Bloc("para", f"{destinataire}\n{adresse_dest}"),
        Bloc("para", f"{champ('lieu')}, le {fmt(a.as_of)}"),
    ]


def _factures_table(a: Assessment, d: Dossier) -> Bloc:
    paid: dict[str, Decimal] = {}
    for p in d.paiements:
        if p.facture and p.date <= a.as_of:
            paid[p.facture] = paid.get(p.facture, Decimal("0")) + p.montant
    # the due date the assessment retained (stipulated, or deduced: its timeline says so)
    due = {e.label.split(" ")[1]: e.date for e in a.timeline
           if e.code is None and e.label.startswith("Facture ") and " exigible" in e.label}
    rows = []
    for f in d.factures:
        echeance = f.date_echeance or due.get(f.numero)
        rows.append([f.numero, fmt(f.date_emission), fmt(echeance) if echeance else "non stipulée",
                     fmt(f.montant_ttc), fmt(paid.get(f.numero, Decimal("0.00")))])
    return Bloc("tableau", header=["Facture", "Date", "Échéance", "Montant TTC", "Paiements imputés"], rows=rows)


def _decompte_table(a: Assessment) -> tuple[Bloc, Decimal]:
    lines, total = decompte(a)
    rows = [[label, fmt(amount)] for label, amount in lines] + [["**Total dû**", f"**{fmt(total)}**"]]
    return Bloc("tableau", header=["Décompte au " + fmt(a.as_of), "Montant"], rows=rows), total


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


def _common_notes(a: Assessment) -> list[str]:
    notes = ["Projet établi à partir de l'évaluation du dossier : à relire et compléter par un juriste avant envoi."]
    notes += [f"Avertissement de l'évaluation : {w.message}" for w in a.warnings if w.code == "droit_incertain"][:3]
    return notes


def _mise_en_demeure(a: Assessment, d: Dossier, jours: int) -> Lettre:
    debiteur = d.debiteur.nom or champ("nom ou dénomination du débiteur")
    table, total = _decompte_table(a)
    limite = _deadline_to_pay(a, d, jours)
    accessoires = [f for f in a.findings if f.code in ("penalites_de_retard_dues", "interets_moratoires_dus",
                                                        "indemnite_forfaitaire_due")]
    blocs = _parties(a, d, debiteur, champ("adresse du débiteur"))
    blocs += [
        Bloc("para", "**Lettre recommandée avec demande d'avis de réception**"),
        Bloc("para", "**Objet : mise en demeure de payer**"
             + (f" — dossier {a.reference}" if a.reference else "")),
        Bloc("para", "Madame, Monsieur,"),
        Bloc("para", "Malgré nos précédentes demandes, les factures suivantes restent impayées à ce jour :"),
        _factures_table(a, d),
        Bloc("para", f"Le montant dû s'élève à **{fmt(total)}**, selon le décompte suivant :"),
        table,
    ]
    if accessoires:
        blocs.append(Bloc("liste", items=[
            f"{f.label} : {fmt(f.value)}" + (f" (depuis le {fmt(f.since)})" if f.since else "") for f in accessoires]))
    blocs += [
        Bloc("para", f"Par la présente, nous vous **mettons en demeure** de nous payer la somme de **{fmt(total)}** "
             f"dans un délai de {jours} jours à compter de la réception de cette lettre, soit au plus tard le "
             f"**{fmt(limite)}** pour une réception le lendemain de son envoi, par {champ('modalités de paiement : virement sur l’IBAN …, chèque à l’ordre de …')}."),
        Bloc("para", "À défaut de paiement dans ce délai, nous engagerons sans autre avis une procédure "
             f"judiciaire pour obtenir le paiement de ces sommes{_next_route(a)}."),
        Bloc("para", "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
        Bloc("para", f"{champ('nom et qualité du signataire')}\n{champ('signature')}"),
    ]
    notes = _common_notes(a) + [
        "Envoyer par lettre recommandée avec demande d'avis de réception et conserver l'avis : le créancier doit "
        "prouver la mise en demeure et sa date (point de départ des intérêts, C. civ. 1344-1).",
        f"Délai de paiement de {jours} jours : usage, aucun texte ne le fixe ; le juge apprécie le caractère "
        "suffisant de l'interpellation.",
    ]
    if a.finding("debiteur_en_demeure") is not None:
        notes.append(f"Le débiteur est déjà en demeure depuis le {fmt(a.finding('debiteur_en_demeure').since or a.finding('debiteur_en_demeure').value)} : "
                     "cette lettre le rappelle et actualise le décompte.")
    cites = _cited(a, ("debiteur_en_demeure", "envoyer_mise_en_demeure", "completer_mise_en_demeure",
                       "penalites_de_retard_dues", "interets_moratoires_dus", "indemnite_forfaitaire_due"))
    mentions = {Mention.termes_mise_en_demeure.value, Mention.montant.value, Mention.factures.value,
                Mention.delai_de_paiement.value, Mention.demande_de_paiement.value, Mention.accuse_de_reception.value}
    return Lettre("mise_en_demeure", "Mise en demeure de payer", blocs, mentions, cites, notes, a.as_of)


def _agence(a: Assessment, d: Dossier, jours: int) -> Lettre:
    debiteur = d.debiteur.nom or champ("nom ou dénomination du débiteur")
    creancier = d.creancier.nom or champ("nom ou dénomination du créancier")
    table, total = _decompte_table(a)
    blocs = [
        Bloc("para", f"{champ('dénomination de l’agence de recouvrement')}\n{champ('adresse ou siège social de l’agence')}\n"
             "Société exerçant une activité de recouvrement amiable de créances pour le compte d'autrui."),
        Bloc("para", f"{debiteur}\n{champ('adresse du débiteur')}"),
        Bloc("para", f"{champ('lieu')}, le {fmt(a.as_of)} — référence de la lettre : {champ('référence')}"),
        Bloc("para", "**Objet : demande de paiement amiable pour le compte de " + creancier + "**"),
        Bloc("para", "Madame, Monsieur,"),
        Bloc("para", f"Nous intervenons pour le compte de **{creancier}**, {champ('adresse ou siège social du créancier')}, "
             "qui nous a confié le recouvrement amiable de sa créance sur vous."),
        Bloc("para", "Fondement de la créance : les factures suivantes, restées impayées :"),
        _factures_table(a, d),
        Bloc("para", "Montant de la somme due, en distinguant le principal, les intérêts et les autres accessoires "
             "(hors frais de recouvrement, qui restent à la charge du créancier) :"),
        table,
        Bloc("para", f"Nous vous invitons à payer la somme de **{fmt(total)}** dans un délai de {jours} jours, "
             f"selon les modalités suivantes : {champ('modalités de paiement : IBAN, adresse, moyens acceptés')}."),
        Bloc("para", "Reproduction des deuxième et troisième alinéas de l'article L. 111-8 du code des "
             "procédures civiles d'exécution :"),
        Bloc("citation", items=list(L111_8_AL_2_ET_3)),
        Bloc("para", "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
        Bloc("para", f"{champ('nom et qualité du signataire')}"),
    ]
    notes = _common_notes(a) + [
        "Mentions de l'article R124-4 CPCE : 1° identité, adresse et activité de l'agence ; 2° identité et adresse "
        "du créancier ; 3° fondement et montant (principal, intérêts, accessoires distingués), hors frais laissés à "
        "la charge du créancier par L111-8 ; 4° invitation à payer et modalités ; 5° reproduction de L111-8 al. 2 "
        "et 3. Les références et la date d'envoi de cette lettre sont à rappeler à chaque démarche suivante. "
        "L'omission d'une mention est une contravention de 5e classe (R124-7).",
        "L'indemnité forfaitaire de 40 € (C. com. L441-10) vient de la loi : l'inclure dans les sommes réclamées "
        "par l'agence n'est pas tranché par un texte au regard de L111-8 (voir rules/recouvrement_par_tiers.yaml).",
    ]
    keys = {"cpce_r124_4", "cpce_l111_8", "cpce_r124_7"}
    cites = _catalogue(a, keys) + _cited(a, ("penalites_de_retard_dues", "interets_moratoires_dus"))
    mentions = {Mention.identite_agence.value, Mention.identite_creancier.value,
                Mention.fondement_et_detail_sommes.value, Mention.modalites_de_paiement.value,
                Mention.reproduction_l111_8.value}
    return Lettre("agence", "Lettre de recouvrement amiable (CPCE R124-4)", blocs, mentions, cites, notes, a.as_of)


def _caution(a: Assessment, d: Dossier, jours: int) -> Lettre:
    """Hook on the guarantees concern: reads the dossier's ``garanties`` and the ``informer_caution``
    actions the rule base draws (their purpose, deadline and citations)."""
    cautions = [g for g in d.garanties if g.type.value == "cautionnement"]
    g = cautions[0] if cautions else None
    nom = (g.garant.nom if g and g.garant.nom else None) or champ("nom de la caution")
    debiteur = d.debiteur.nom or champ("nom ou dénomination du débiteur")
    table, total = _decompte_table(a)
    infos = a.actions_of("informer_caution")
    exigible = a.finding("creance_exigible")
    blocs = _parties(a, d, nom, champ("adresse de la caution"))
    blocs += [
        Bloc("para", "**Lettre recommandée avec demande d'avis de réception**"),
        Bloc("para", "**Objet : information de la caution**"),
        Bloc("para", "Madame, Monsieur,"),
        Bloc("para", f"Par acte du {fmt(g.date) if g else champ('date de l’acte de cautionnement')}, vous vous êtes "
             f"porté(e) caution{' solidaire' if g and g.solidaire else ''} des engagements de {debiteur} envers nous"
             + (f", dans la limite de {fmt(g.montant_maximum)}" if g and g.montant_maximum is not None else "")
             + "."),
        Bloc("para", f"Nous vous informons que {debiteur} n'a pas réglé à leur échéance les sommes dues"
             + (f" (exigibles depuis le {fmt(exigible.value)})" if exigible is not None and isinstance(exigible.value, date) else "")
             + f" et qu'au {fmt(a.as_of)}, il reste nous devoir les sommes suivantes :"),
        table,
        Bloc("para", f"Terme de votre engagement : {champ('terme de l’engagement ou faculté de résiliation')}."),
        Bloc("para", "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
        Bloc("para", f"{champ('nom et qualité du signataire')}"),
    ]
    notes = _common_notes(a)
    notes += [f"Obligation d'information : {x.purpose}" + (f" — au plus tard le {fmt(x.deadline)}" if x.deadline else "")
              for x in infos]
    if not cautions:
        notes.append("Le dossier ne décrit aucun cautionnement (garanties[] de type cautionnement) : compléter.")
    if not infos:
        notes.append("L'évaluation ne demande pas d'informer la caution à cette date (action informer_caution "
                     "absente) : vérifier l'obligation d'information (C. civ. 2302, 2303) avant envoi.")
    cites = _cited(a, ("informer_caution", "appeler_caution"))
    return Lettre("caution", "Information de la caution", blocs, {"montant"}, cites, notes, a.as_of)


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


def _next_route(a: Assessment) -> str:
    routes = {"requete_injonction_de_payer": "requête en injonction de payer",
              "procedure_petites_creances": "procédure simplifiée de recouvrement des petites créances",
              "refere_provision": "référé-provision", "assignation_en_paiement": "assignation en paiement"}
    for x in a.actions:
        if x.code in routes:
            return f" ({routes[x.code]})"
    return ""
