"""What a lawyer reads: the text and HTML renderings, the SVG timeline, « pourquoi / pourquoi pas »,
dated Légifrance links, letter drafts. Each reads an assessment and registers itself on it.

The renderings (`render`) and the explanations (`explications`) are imported on first use: importing this
package registers a placeholder for each hook they provide, which imports the module — whose own
registration replaces it — and hands the call on. A cold ``creances evaluate --format json`` neither
renders nor explains, and no longer imports them (issue 23).
"""

from __future__ import annotations

from typing import Any, Callable

from ..models.assessment import _HOOKS, register

_SHOWN_AS_HTML = ("Assessment", "FindingList", "ActionList", "WarningList", "Timeline", "Trace", "Amounts",
                  "Finding", "Action", "Citation")


def _render() -> None:
    from . import render  # noqa: F401 - registers the renderings


def _explications() -> None:
    from . import explications  # noqa: F401 - registers explain, why_not and the check of a code


# (class name, hook) -> what registers it; tests/test_demarrage.py checks that these are all the modules' hooks.
LAZY_HOOKS: dict[tuple[str, str], Callable[[], None]] = {
    **{(kind, "html"): _render for kind in _SHOWN_AS_HTML},
    ("Assessment", "text"): _render,
    **{("Assessment", what): _explications for what in ("explain", "why_not", "code")},
}


def _on_first_use(key: tuple[str, str], load: Callable[[], None]) -> Callable[..., Any]:
    def placeholder(*args: Any, **kwargs: Any) -> Any:
        load()
        hook = _HOOKS[key]
        if hook is placeholder:
            raise RuntimeError(f"{key[0]}.{key[1]} : le module chargé n'a rien enregistré")
        return hook(*args, **kwargs)
    return placeholder


for _key, _load in LAZY_HOOKS.items():
    register(*_key)(_on_first_use(_key, _load))
