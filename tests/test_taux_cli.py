"""``creances taux`` and ``--taux FICHIER`` end to end: CLI (evaluate, batch, lettre, taux), Python API.

Figures (C. com. L441-10 II): invoice of 10 000 € due 30/11/2026, evaluated 31/03/2027.
- 2026-S2: ECB 2.40 % on 1 July 2026 + 10 = 12.40 %; 01/12 → 31/12/2026 = 31 days:
  10 000 × 12.40 × 31 / 36 500 = 105.3151 → 105.32.
- 2027-S1 with the firm's ECB rate 2.65 % (test value) + 10 = 12.65 %; 01/01 → 31/03/2027 = 90 days:
  10 000 × 12.65 × 90 / 36 500 = 311.9178 → 311.92. Total 417.24; + 40 € indemnity (D441-5) = 457.24 of accessories.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from creances_rules import evaluate
from creances_rules.tools.cli import main

from .taux_essai import FICHIER_BCE

DOSSIER = {"reference": "T-1", "creancier": {"qualite": "professionnel", "nom": "Fournisseur SAS"},
           "debiteur": {"qualite": "professionnel", "nom": "Client SAS"},
           "contrat": {"date_conclusion": "2024-01-10"},
           "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2026-11-01",
                         "date_echeance": "2026-11-30"}]}
FICHIER = FICHIER_BCE
MAUVAIS = """\
fournisseur: Cabinet Martin
bce:
  - du: 2027-01-04
    au: 2027-01-01
    valeur: "2.65"
    texte: Décision
    source: https://www.ecb.europa.eu/essai
"""


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def fichiers(tmp_path):
    (tmp_path / "dossier.json").write_text(json.dumps(DOSSIER), encoding="utf-8")
    (tmp_path / "cabinet.yaml").write_text(FICHIER, encoding="utf-8")
    (tmp_path / "mauvais.yaml").write_text(MAUVAIS, encoding="utf-8")
    return tmp_path


def test_creances_taux_text_and_json():
    r = run("taux", "--depuis", "2026-01-01")
    assert r.exit_code == 0, r.output
    assert "connu jusqu'au 03/11/2026" in r.output and "29 octobre 2026 non trouvée" in r.output
    assert "du 01/07/2026 au 31/12/2026   taux par défaut 12,40 %   plancher 8,25 %" in r.output
    assert "du 01/01/2026 au 30/06/2026   taux par défaut 12,15 %   plancher 7,86 %" in r.output
    assert "créancier particulier : Arrêté du 26 juin 2026" in r.output and "confiance : incertain" in r.output
    data = json.loads(run("taux", "--format", "json", "--depuis", "2026-07-01").output)
    assert data["bce"]["connu_jusqu_au"] == "2026-11-03"
    assert data["interet_legal"]["lignes"][0]["categories"]["autres_cas"]["valeur"] == "2.75"


def test_creances_taux_with_a_firm_file(fichiers):
    r = run("taux", "--taux", fichiers / "cabinet.yaml", "--depuis", "2026-07-01")
    assert r.exit_code == 0, r.output
    assert "Fichier de taux : Cabinet Martin" in r.output
    assert "du 01/01/2027 au 30/06/2027   taux par défaut 12,65 %" in r.output
    assert "taux fourni par Cabinet Martin" in r.output


@pytest.mark.parametrize("commande", [["taux"], ["evaluate", "{d}"], ["lettre", "{d}", "-o", "{o}"],
                                      ["batch", "{j}", "-o", "{o2}", "--no-progress"]])
def test_a_bad_rates_file_exits_2_with_file_and_line(fichiers, commande):
    (fichiers / "p.jsonl").write_text(json.dumps(DOSSIER) + "\n", encoding="utf-8")
    args = [a.format(d=fichiers / "dossier.json", o=fichiers / "l.md", j=fichiers / "p.jsonl",
                     o2=fichiers / "out.jsonl") for a in commande]
    r = CliRunner().invoke(main, [*args, "--taux", str(fichiers / "mauvais.yaml")])
    assert r.exit_code == 2
    assert f"{fichiers / 'mauvais.yaml'}:3 (bce[0]) : au : 2027-01-01 précède du (2027-01-04)" in r.output
    assert not (fichiers / "out.jsonl").exists()


def test_evaluate_with_rates_file_cli_and_api(fichiers):
    r = run("evaluate", fichiers / "dossier.json", "--as-of", "2027-03-31", "--format", "json",
            "--taux", fichiers / "cabinet.yaml")
    assert r.exit_code == 0, r.output
    a = json.loads(r.output)
    (p,) = [f for f in a["findings"] if f["code"] == "penalites_de_retard_dues"]
    assert Decimal(str(p["value"])) == Decimal("417.24")
    assert any("taux fourni par Cabinet Martin" in x["source"] for x in p["details"]["lignes"])
    assert not [w for w in a["warnings"] if w["code"] in ("taux_inconnu", "donnees_perimees")]
    # Without the file: 105.32 only, 2027 named as not computed.
    r = run("evaluate", fichiers / "dossier.json", "--as-of", "2027-03-31", "--resume")
    assert "ATTENTION" in r.output and "non calculé du 01/01/2027 au 31/03/2027" in r.output
    # API: a dict is as good as a file.
    from ruamel.yaml import YAML

    api = evaluate(DOSSIER, "2027-03-31", taux=YAML(typ="safe", pure=True).load(FICHIER))
    assert api.finding("penalites_de_retard_dues").value == Decimal("417.24")


def test_batch_and_lettre_with_rates_file(fichiers):
    src = fichiers / "p.jsonl"
    src.write_text(json.dumps(DOSSIER) + "\n", encoding="utf-8")
    out = fichiers / "out.jsonl"
    r = run("batch", src, "-o", out, "--as-of", "2027-03-31", "--no-progress", "--taux", fichiers / "cabinet.yaml")
    assert r.exit_code == 0, r.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (p,) = [f for f in record["assessment"]["findings"] if f["code"] == "penalites_de_retard_dues"]
    assert Decimal(str(p["value"])) == Decimal("417.24")
    lettre = fichiers / "lettre.md"
    r = run("lettre", fichiers / "dossier.json", "--as-of", "2027-03-31", "-o", lettre,
            "--taux", fichiers / "cabinet.yaml")
    assert r.exit_code == 0, r.output
    texte = lettre.read_text(encoding="utf-8")
    # Principal 10 000 + penalties 417.24 + indemnity 40 = 10 457.24 claimed.
    assert "10 457,24" in texte.replace("\u202f", " ").replace("\xa0", " ")
