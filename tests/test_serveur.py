"""`creances serve`: a real uvicorn on a free local port, spoken to with httpx (issue 24).

Every endpoint; problem details (RFC 9457) naming the field for a misspelt field, a missing field, a bad
date and an oversize body; the bearer token; the same JSON bytes as ``creances evaluate --format json``;
a bounded load that loses nothing; the page in a headless browser (marker « navigateur »).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from click.testing import CliRunner  # noqa: E402

from creances_rules import evaluate, examples  # noqa: E402
from creances_rules.tools.cli import main  # noqa: E402
from creances_rules.tools.serveur import Configuration, create_app  # noqa: E402

from .taux_essai import FICHIER_BCE  # noqa: E402
from creances_rules.tools.serveur.config import verifier  # noqa: E402

# 7 906,45 € (thousands separated by a space of any width: French typography uses a narrow one).
TOTAL = re.compile(r"7\s906,45")
EXEMPLES = [("facture_b2b_impayee", "2025-07-01"), ("consommateur_proche_prescription", "2025-07-01"),
            ("jugement_puis_procedure_collective", "2025-06-15")]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Serveur:
    """uvicorn serving ``create_app(config)`` in a thread, on 127.0.0.1 and a free port."""

    def __init__(self, config: Configuration):
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "_Serveur":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn n'a pas démarré")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def serveur():
    with _Serveur(Configuration(taille_max=200_000)) as s:
        yield s


@pytest.fixture(scope="module")
def client(serveur):
    with httpx.Client(base_url=serveur.url, timeout=60) as c:
        yield c


def _yaml(nom: str) -> bytes:
    return examples.chemin(nom).read_bytes()


def _cli_json(nom: str, as_of: str) -> bytes:
    result = CliRunner().invoke(main, ["evaluate", str(examples.chemin(nom)), "--as-of", as_of, "--format", "json"])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


# ------------------------------------------------------------------------------ the same answers


@pytest.mark.parametrize("nom,as_of", EXEMPLES)
def test_evaluation_is_byte_identical_to_the_command_line(client, nom, as_of):
    rep = client.post("/evaluations", params={"as_of": as_of}, content=_yaml(nom),
                      headers={"Content-Type": "application/yaml"})
    assert rep.status_code == 200 and rep.headers["content-type"] == "application/json"
    assert rep.content == _cli_json(nom, as_of)


def test_a_json_body_gives_the_same_assessment_as_yaml(client):
    from creances_rules.models.loading import load_dossier

    data = load_dossier(examples.chemin("facture_b2b_impayee")).model_dump(mode="json", exclude_none=True)
    rep = client.post("/evaluations", params={"as_of": "2025-07-01"}, json=data)
    assert rep.status_code == 200
    # The packaged example, as_of 01/07/2025: 7 560 € principal + 266,45 € penalties + 80 € indemnities
    # = 7 906,45 € (tests/test_examples.py computes each part by hand).
    assert rep.json()["amounts"]["montant_reclame"] == "7906.45"


def test_html_and_text_formats(client):
    body = _yaml("facture_b2b_impayee")
    html = client.post("/evaluations", params={"as_of": "2025-07-01", "format": "html"}, content=body,
                       headers={"Content-Type": "application/yaml"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<svg" in html.text and TOTAL.search(html.text)
    text = client.post("/evaluations", params={"as_of": "2025-07-01", "format": "text"}, content=body,
                       headers={"Content-Type": "application/yaml"})
    assert text.status_code == 200 and TOTAL.search(text.text)


def test_explanation_of_a_code_on_a_posted_dossier(client):
    rep = client.post("/evaluations/explications/debiteur_en_demeure", params={"as_of": "2025-07-01"},
                      content=_yaml("facture_b2b_impayee"), headers={"Content-Type": "application/yaml"})
    assert rep.status_code == 200
    cli = CliRunner().invoke(main, ["evaluate", str(examples.chemin("facture_b2b_impayee")), "--as-of",
                                    "2025-07-01", "--explain", "debiteur_en_demeure"])
    assert rep.text == cli.output
    inconnu = client.post("/evaluations/explications/debiteur_en_demure", params={"as_of": "2025-07-01"},
                          content=_yaml("facture_b2b_impayee"), headers={"Content-Type": "application/yaml"})
    assert inconnu.status_code == 404
    assert inconnu.headers["content-type"] == "application/problem+json"


def test_letters_in_markdown_and_word(client):
    body, headers = _yaml("facture_b2b_impayee"), {"Content-Type": "application/yaml"}
    md = client.post("/lettres", params={"as_of": "2025-07-01", "format": "md"}, content=body, headers=headers)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "mise en demeure" in md.text.lower() and TOTAL.search(md.text)
    docx = client.post("/lettres", params={"as_of": "2025-07-01", "format": "docx"}, content=body, headers=headers)
    assert docx.status_code == 200
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument")
    document = pytest.importorskip("docx").Document(io.BytesIO(docx.content))
    texts = [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any(TOTAL.search(t) for t in texts)
    unknown = client.post("/lettres", params={"type": "inconnue"}, content=body, headers=headers)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["path"] == "type"


def test_a_letter_the_assessment_forbids_is_refused_as_on_the_command_line(client):
    body, headers = _yaml("facture_b2b_impayee"), {"Content-Type": "application/yaml"}
    # No cautionnement in this dossier: no guarantor to write to (C. civ. 2288) — the CLI exits 1.
    refus = _problem(client.post("/lettres", params={"as_of": "2025-07-01", "type": "caution"}, content=body,
                                 headers=headers), 409)
    assert refus["type"].endswith(":lettre-refusee") and "caution" in refus["detail"]
    # forcer=true drafts it anyway; the reason goes to the notes for the drafter, never into the letter.
    notes = client.post("/lettres", params={"as_of": "2025-07-01", "type": "caution", "forcer": "true",
                                            "document": "notes"}, content=body, headers=headers)
    assert notes.status_code == 200 and "caution" in notes.text.lower()
    notes_docx = client.post("/lettres", params={"as_of": "2025-07-01", "format": "docx", "document": "notes"},
                             content=body, headers=headers)
    assert notes_docx.status_code == 200 and 'notes.docx"' in notes_docx.headers["content-disposition"]


def test_delais_rates_rules_schemas_health_examples(client):
    # CPC 641 al. 1, 642: 8 days from Monday 02/03/2026 → Tuesday 10/03/2026, a working day.
    d = client.get("/delais", params={"depart": "2026-03-02", "jours": 8})
    assert d.status_code == 200 and "10 mars 2026" in d.json()["explication"]
    taux = client.get("/taux").json()
    assert {"interet_legal", "bce", "penalites_l441_10"} <= set(taux) and taux["bce"]["lignes"]
    regles = client.get("/regles").json()
    assert any(r["id"] for f in regles for r in f["rules"])
    for nom in ("dossier", "regles", "tests", "evaluation"):
        schema = client.get(f"/schemas/{nom}")
        assert schema.status_code == 200 and schema.json()["$schema"].startswith("https://json-schema.org/")
    assert client.get("/schemas/autre").status_code == 404
    sante = client.get("/sante").json()
    assert sante["statut"] == "ok" and len(sante["regles"]["empreinte"]) >= 8
    assert {"taux_interet_legal", "taux_bce"} <= set(sante["donnees"])
    assert client.get("/exemples").json() == examples.noms()
    assert client.get("/exemples/facture_b2b_impayee").text == examples.chemin("facture_b2b_impayee").read_text()
    assert client.get("/exemples/..%2F..%2Fetc%2Fpasswd").status_code == 404
    page = client.get("/")
    assert page.status_code == 200 and 'id="dossier"' in page.text


def test_openapi_31_documents_every_field_in_french(client):
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    schemas = doc["components"]["schemas"]
    facture = schemas["Dossier_Facture"]["properties"]["montant_ttc"]
    assert "description" in facture and re.search(r"[éèà]|montant", facture["description"])
    body = doc["paths"]["/evaluations"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "application/yaml"}
    refs = re.findall(r'"\$ref": "([^"]+)"', json.dumps(doc))
    assert refs and all(r.removeprefix("#/components/schemas/") in schemas for r in refs)


# A firm's rates file given at start (a test value, not data): ECB 2.65 % from 04/11/2026 (its 29/10
# decision, not found by the package) — the service evaluates and lists with it, as `--taux` does.
FICHIER_TAUX = FICHIER_BCE


def test_a_rates_file_given_at_start_is_used_and_listed(tmp_path):
    path = tmp_path / "taux_cabinet.yaml"
    path.write_text(FICHIER_TAUX, encoding="utf-8")
    dossier = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel", "commercant": True},
               "contrat": {"date_conclusion": "2025-06-01"},
               "factures": [{"numero": "F1", "montant_ttc": "10000", "date_emission": "2026-11-01",
                             "date_echeance": "2026-11-30"}]}
    with _Serveur(Configuration(taux=str(path))) as s:
        taux = httpx.get(f"{s.url}/taux").json()
        sante = httpx.get(f"{s.url}/sante").json()
        rep = httpx.post(f"{s.url}/evaluations", params={"as_of": "2026-12-06"}, json=dossier, timeout=60)
    assert taux["fichier"]["fournisseur"] == "Cabinet Martin"
    assert any(r["fourni_par"] == "Cabinet Martin" for r in taux["bce"]["lignes"])
    # L441-10 II: a semester's default rate is the MRO in force on its first day + 10 points. The file gives
    # the MRO on 01/01/2027, so 2027-S1 is known: until 30/06/2027 (without it, 31/12/2026).
    assert sante["donnees"]["taux_penalites_l441_10"] == "2027-06-30"
    assert rep.status_code == 200
    # The same as the library given the same file (one rate lookup, lines marked « taux fourni par … »).
    assert rep.text == evaluate(dossier, as_of="2026-12-06", taux=path).to_json() + "\n"


def test_a_bad_rates_file_stops_the_start_in_french(tmp_path):
    path = tmp_path / "mauvais.yaml"
    path.write_text("fournisseur: X\nbce:\n  - du: 2027-01-04\n    au: 2027-01-09\n    valeur: deux\n"
                    "    texte: D\n    source: y\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--port", "1", "--taux", str(path)])
    assert result.exit_code == 2 and f"{path}:5" in result.output


# ------------------------------------------------------------------------------ problems


def _problem(rep, status: int) -> dict:
    assert rep.status_code == status, rep.text
    assert rep.headers["content-type"] == "application/problem+json"
    body = rep.json()
    assert body["status"] == status and body["type"].startswith("urn:creances-rules:probleme:") and body["detail"]
    return body


def test_a_misspelt_field_and_a_missing_field_are_named(client):
    data = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
            "factures": [{"numero": "F1", "montant_tt": "100", "date_emission": "2025-01-01"}]}
    body = _problem(client.post("/evaluations", json=data), 422)
    paths = {e["path"] for e in body["errors"]}
    assert "factures[0].montant_tt" in paths      # unknown key (SPEC §1: typos are errors)
    assert "factures[0].montant_ttc" in paths     # the required field it should have been


def test_a_bad_date_a_bad_body_and_an_unknown_type(client):
    body = _problem(client.post("/evaluations", params={"as_of": "01/07/2025"}, content=_yaml("facture_b2b_impayee"),
                                headers={"Content-Type": "application/yaml"}), 422)
    assert body["errors"][0]["path"] == "as_of"
    _problem(client.post("/evaluations", content=b"{not json", headers={"Content-Type": "application/json"}), 422)
    _problem(client.post("/evaluations", content=b"a=b", headers={"Content-Type": "application/x-www-form-urlencoded"}), 415)


def test_a_path_in_the_body_is_never_opened(client):
    # A dossier is a mapping: a string (even the path of a real file) is refused, never read.
    body = _problem(client.post("/evaluations", json=str(examples.chemin("facture_b2b_impayee"))), 422)
    assert "factures" not in body["detail"]


def test_an_oversize_body_is_refused_with_413(client):
    _problem(client.post("/evaluations", content=b"{" + b" " * 300_000 + b"}",
                         headers={"Content-Type": "application/json"}), 413)


def test_a_slow_evaluation_is_given_up(monkeypatch):
    # An evaluation made slow on purpose (a real one now answers the example in about a millisecond, so a tiny
    # delai_max raced with it): 2 s of work against a limit of 0.2 s.
    from creances_rules.tools.serveur import app as module

    def lente(*args, **kwargs):
        time.sleep(2)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(module, "evaluate", lente)
    with _Serveur(Configuration(delai_max=0.2)) as s:
        rep = httpx.post(f"{s.url}/evaluations", content=_yaml("jugement_puis_procedure_collective"),
                         headers={"Content-Type": "application/yaml"}, timeout=60)
    _problem(rep, 503)


def test_the_bearer_token():
    with _Serveur(Configuration(jeton="s3cret")) as s:
        assert httpx.get(f"{s.url}/sante").status_code == 401
        assert httpx.get(f"{s.url}/sante", headers={"Authorization": "Bearer faux"}).status_code == 401
        assert httpx.get(f"{s.url}/sante", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert httpx.get(f"{s.url}/").status_code == 200  # the page carries no data; it asks for the token


def test_listening_beyond_this_machine_needs_a_token():
    assert verifier("0.0.0.0", Configuration()) and not verifier("0.0.0.0", Configuration(jeton="x"))
    assert not verifier("127.0.0.1", Configuration()) and not verifier("::1", Configuration())
    result = CliRunner().invoke(main, ["serve", "--hote", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2 and "jeton" in result.output


# ------------------------------------------------------------------------------ load


def test_a_bounded_load_loses_nothing_and_answers_as_the_library(serveur):
    """N requests (8 concurrent clients) over the three examples and dates: every answer arrives and
    equals the library's own JSON. CREANCES_CHARGE_N raises N (benchmarks/bench_serveur.py: 2 000)."""
    n = int(os.environ.get("CREANCES_CHARGE_N", "96"))
    cases = [(nom, as_of) for nom, as_of in EXEMPLES]
    expected = {c: evaluate(examples.chemin(c[0]), as_of=c[1]).to_json() + "\n" for c in cases}

    def one(i: int) -> bool:
        nom, as_of = cases[i % len(cases)]
        with httpx.Client(base_url=serveur.url, timeout=120) as c:
            rep = c.post("/evaluations", params={"as_of": as_of}, content=_yaml(nom),
                         headers={"Content-Type": "application/yaml"})
        return rep.status_code == 200 and rep.text == expected[(nom, as_of)]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(n)))
    assert len(results) == n and all(results)


# ------------------------------------------------------------------------------ the page


BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


@pytest.mark.navigateur
@pytest.mark.skipif(BROWSER is None, reason="aucun navigateur sans tête (chromium) installé")
def test_the_page_evaluates_the_packaged_example_in_a_browser(serveur, tmp_path):
    url = f"{serveur.url}/?exemple=facture_b2b_impayee&as_of=2025-07-01"
    dom = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                          "--no-first-run", "--disable-background-networking", "--disable-component-update",
                          "--disable-sync", f"--user-data-dir={tmp_path}", "--virtual-time-budget=15000",
                          "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert re.search(r"Montant réclamé : 7(\s|&nbsp;)906,45(\s|&nbsp;)€", dom), dom[-3000:]
    assert 'class="creances-chronologie' in dom  # the timeline SVG of the assessment
