"""Loading a rule base: read the files, assemble the book, check it (the one entry point)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .._base.errors import Probleme, RuleFileError
from ..institutions import default_vocabulary
from ..institutions.vocabulary import Vocabulary
from .book import Rulebook, _assemble
from .checker import check
from .loader import builtin_rules_dir, load_rule_file, rule_files
from .schema import RuleFile


def load_rulebook(
    directories: Iterable[str | Path] = (),
    *,
    include_builtin: bool = True,
    vocabulary: Vocabulary | None = None,
) -> Rulebook:
    """Load the built-in rules and the user's directories on top; raise `RuleFileError` on any problem."""
    vocabulary = vocabulary or default_vocabulary()
    dirs = ([builtin_rules_dir()] if include_builtin else []) + [Path(d) for d in directories]
    # The same directory named twice (a test file's ``rules:`` and ``--rules``, a symlink, « ./regles »
    # and « regles/ »), or the built-in rules named again, is loaded once: not « déjà défini ».
    seen: set[Path] = set()
    unique = []
    for directory in dirs:
        key = directory.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(directory)
    dirs = unique
    problems: list[Probleme] = []
    files: list[tuple[Path, RuleFile, Any]] = []
    for directory in dirs:
        try:
            paths = rule_files(directory)
        except RuleFileError as exc:
            problems.extend(exc.problemes)
            continue
        for path in paths:
            try:
                model, raw = load_rule_file(path)
            except RuleFileError as exc:
                problems.extend(exc.problemes)
                continue
            files.append((path, model, raw))
    if problems:
        raise RuleFileError(problems)
    book, problems = _assemble(files, vocabulary)
    problems += check(book, {path: raw for path, _, raw in files})
    if problems:
        raise RuleFileError(problems)
    return book
