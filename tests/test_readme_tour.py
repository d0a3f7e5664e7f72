"""The README's tour runs as written (issue 22): its Python block, verbatim, in a fresh interpreter started
from another directory, with the package found as an installed one would be (here: on PYTHONPATH)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import creances_rules

RACINE = Path(__file__).resolve().parents[1]


def _tour() -> str:
    readme = (RACINE / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Visite rapide", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_tour_runs_verbatim_elsewhere(tmp_path):
    pytest.importorskip("docxtpl")  # the tour's last line writes a Word letter (extra « lettres »)
    code = _tour()
    assert "lettre(" in code and 'examples.chemin("facture_b2b_impayee")' in code
    # every line an interactive session would echo: show its repr, as the REPL would
    probe = code + "\nprint(repr(a)); print(repr(a.trace)); print(repr(a.actions))\n"
    env = dict(os.environ, PYTHONPATH=str(Path(creances_rules.__file__).resolve().parents[1]))
    r = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "mise_en_demeure.docx").is_file() and (tmp_path / "mise_en_demeure.notes.docx").is_file()
    # what the README promises: a short repr, and print(a) gives the French report
    assert "<Évaluation EX-2025-017 au 01/07/2025 : 5 actions, 7\u202f906,45 €>" in r.stdout
    assert "CONSTATS" in r.stdout and "DÉCOMPTE" in r.stdout
    assert len(r.stdout) < 40_000, len(r.stdout)  # not the 100–220 k characters of the models' repr


def test_unknown_codes_raise_with_a_suggestion():
    from creances_rules import evaluate, examples

    a = evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01", engine="python")
    with pytest.raises(ValueError, match="debiteur_en_demeure"):
        a.finding("debiteur_en_demeur")  # typo: raises, naming the code meant
    with pytest.raises(ValueError, match="envoyer_mise_en_demeure"):
        a.action("envoyer_mise_en_demeur")
    assert a.finding("prescription_acquise") is None  # a known code not drawn: None, as before
    assert a.action("reclamer_penalites_et_indemnite").code == "reclamer_penalites_et_indemnite"
    assert repr(a) == "<Évaluation EX-2025-017 au 01/07/2025 : 5 actions, 7\u202f906,45 €>"
    assert str(a) == a.to_text()
    assert len(repr(a.trace)) < 2_000 and repr(a.trace).startswith("<") and "règles examinées" in repr(a.trace)
