"""Fuzzing rule files: whatever a rule directory holds, loading it gives a rule base or a `RuleFileError`
(French, naming the file) — never another exception, a hang, or code run; what loads, both engines run alike."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from creances_rules import load_rulebook

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules._base.errors import CreancesError, RuleFileError

BASE = {
    "institution": "essai",
    "title": "Essai",
    "summary": "Fichier d'essai.",
    "rules": [{
        "id": "essai.regle",
        "title": "Règle",
        "citations": ["c_civ_1344"],
        "when": {"all": [{"fact": "montant_restant_du", "gt": 0}, {"fact": "nombre_factures", "in": [1, 2]}]},
        "then": {"actions": [{"code": "envoyer_relance", "purpose": "essai", "priority": 1,
                              "deadline": {"calculator": "fin_de_delai", "args": {"depart": {"fact": "as_of"}, "jours": 8}},
                              "amount": {"calculator": "montant_restant_du"}}]},
    }],
}
DOSSIER = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
           "factures": [{"numero": "F1", "montant_ttc": 100, "date_emission": "2024-01-01", "date_echeance": "2024-01-31"}]}

KEYS = ["fact", "all", "any", "not", "established", "eq", "lt", "ge", "in", "present", "calculator", "args",
        "code", "id", "when", "then", "findings", "actions", "warnings", "set", "exception_to", "citations",
        "period", "by", "from", "depart", "jours", "value", "since", "essai.regle", "montant_restant_du", "x"]
leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False),
                 st.text(max_size=12), st.sampled_from(KEYS), st.dates().map(str))
values = st.recursive(leaf, lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(st.sampled_from(KEYS), c, max_size=4)),
                      max_leaves=12)
HOSTILE = ["a: &x [1]\nb: *x\n", "summary: !!python/object/apply:os.system ['true']\n", "x: !include /etc/passwd\n",
           "[" * 300, "institution: a\ninstitution: b\n", "\ufeffinstitution: x\n", "rules: {{{", "\x00\x01", ""]


def mutate(doc, path, value):
    node = doc
    for part in path[:-1]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return doc
    last = path[-1]
    if isinstance(node, dict):
        node[last] = value
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = value
    return doc


paths = st.lists(st.one_of(st.sampled_from(KEYS + ["rules", "when", "then", "all", "actions", "deadline"]),
                           st.integers(0, 2)), min_size=1, max_size=6)
documents = st.one_of(
    st.builds(lambda mods: json.dumps([mutate(json.loads(json.dumps(BASE)), p, v) for p, v in mods][-1]
                                      if mods else BASE, default=str),
              st.lists(st.tuples(paths, values), min_size=1, max_size=3)),
    st.sampled_from(HOSTILE),
    st.text(max_size=200),
    values.map(lambda v: json.dumps(v, default=str)),
)


@settings(max_examples=40, deadline=None)
@given(text=documents, suffix=st.sampled_from([".yaml", ".yml"]))
def test_any_rule_file_loads_or_fails_cleanly(text, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"essai{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass") if "\ud800" not in text else path.write_bytes(b"\xff")
        try:
            book = load_rulebook([tmp], include_builtin=False)
        except RuleFileError as exc:
            assert str(exc).startswith("Fichier de règles invalide") and exc.errors()
            return
        engines = ["python"] + (["durable"] if durable_engine.available() else [])
        answers = []
        for engine in engines:
            try:
                a = evaluate(DOSSIER, "2024-06-01", rules=book, engine=engine, trace=False)
            except CreancesError as exc:  # e.g. two rules concluding the same code without an exception
                answers.append(("erreur", type(exc).__name__))
                continue
            answers.append(sorted((x.code, str(x.deadline), str(x.amount)) for x in a.actions))
        assert all(x == answers[0] for x in answers), answers
