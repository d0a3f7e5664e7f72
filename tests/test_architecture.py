"""The house keeps its architecture (ARCHITECTURE.md): one package per layer, data flowing one way.

Computed from the source with `ast`, every import counted — module level, inside functions (lazy) and
under ``if TYPE_CHECKING`` alike — so that a lower layer never needs a higher one and no two modules
need each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "creances_rules"

# Bottom to top. A module may import its own layer and the layers below it, never one above.
LAYERS = ("_base", "law", "models", "institutions", "rulebook", "evaluation", "presentation", "portfolio", "tools")
# The public paths kept at the top (README, SPEC): each only re-exports a module of its layer.
PUBLIC_REEXPORTS = {"delais": "law", "lettres": "presentation", "dask_portfolio": "portfolio"}
MAX_TOP_ENTRIES = 12  # sub-packages and public re-export modules (issue 18)
MAX_LINES = 800


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(["creances_rules", *parts])] = (path, is_package)
    return out


MODULES = _modules()


def _imports(name: str, path: Path, is_package: bool) -> set[str]:
    """The modules of this package that ``name`` imports, lazy imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from package import module` imports the module; `from module import name` the module.
            targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in MODULES else origin
                       for alias in node.names]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: _imports(name, path, is_package) for name, (path, is_package) in MODULES.items()}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) == 1:
        return None  # the package root: the public API, on top of everything
    top = parts[1]
    return PUBLIC_REEXPORTS.get(top, top)


def test_every_module_belongs_to_a_layer():
    unknown = sorted(m for m in MODULES if m != "creances_rules" and _layer(m) not in LAYERS)
    assert not unknown, f"modules hors couche (ajouter la couche à ARCHITECTURE.md et ici) : {unknown}"


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for module, targets in GRAPH.items():
        layer = _layer(module)
        if layer is None:
            continue
        for target in targets:
            other = _layer(target)
            if other is None:
                upward.append(f"{module} → {target} (la racine du paquet est l'API publique, tout en haut)")
            elif LAYERS.index(other) > LAYERS.index(layer):
                upward.append(f"{module} ({layer}) → {target} ({other})")
    assert not upward, "imports vers une couche supérieure :\n" + "\n".join(sorted(upward))


def test_no_import_circle():
    """Tarjan's strongly connected components over the module graph: every component is one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert not circles, "cercles d'imports : " + " ; ".join(" ↔ ".join(c) for c in circles)


def test_public_reexport_modules_only_reexport():
    for name, layer in PUBLIC_REEXPORTS.items():
        path, _ = MODULES[f"creances_rules.{name}"]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        kinds = {type(node).__name__ for node in tree.body}
        assert kinds <= {"Expr", "ImportFrom", "Assign"}, f"{name}.py doit seulement réexporter ({kinds})"
        assert all(t.startswith(f"creances_rules.{layer}.") for t in GRAPH[f"creances_rules.{name}"])


def test_the_top_of_the_package_reads_as_the_layers():
    entries = sorted(p.name for p in PACKAGE.iterdir()
                     if (p.is_dir() and (p / "__init__.py").is_file())
                     or (p.suffix == ".py" and p.name != "__init__.py"))
    assert len(entries) <= MAX_TOP_ENTRIES, entries
    assert set(entries) == set(LAYERS) | {f"{name}.py" for name in PUBLIC_REEXPORTS}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_800_lines(module):
    path, _ = MODULES[module]
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} : {lines} lignes (découper selon les articles)"


def test_the_checker_catches_an_upward_import(tmp_path):
    """The graph reads lazy imports too (a mutation: the décompte calling back into the evaluation)."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from ..evaluation.evaluate import default_rulebook\n", encoding="utf-8")
    assert _imports("creances_rules.institutions.probe", probe, False) == {"creances_rules.evaluation.evaluate"}
