"""The lawyer's notebook (docs/notebook_juriste.ipynb) runs from top to bottom without an error.

It evaluates the three example dossiers, shows the timeline picture, asks explain and why_not, and
writes a letter; every cell's output is checked for what it must show.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

import creances_rules  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "notebook_juriste.ipynb"


def _outputs(cell) -> str:
    out = []
    for o in cell.get("outputs", []):
        out.append(o.get("text", ""))
        for kind in ("text/html", "image/svg+xml", "text/markdown", "text/plain"):
            data = o.get("data", {}).get(kind)
            if data:
                out.append(data if isinstance(data, str) else "".join(data))
    return "\n".join(out)


def test_notebook_runs_and_shows_what_it_promises(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # "python3" is ipykernel's own kernel: this interpreter, so it sees the package under test
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    # the kernel imports the very package under test (not another copy on the path)
    src = str(Path(creances_rules.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)}
    client.execute(env=env)  # raises CellExecutionError on any error
    text = "\n".join(_outputs(c) for c in nb.cells if c.cell_type == "code")
    assert "<svg" in text  # the timeline picture
    # explain / why_not sentences (see tests/test_explications.py for the hand check)
    assert "le dernier jour utile est le 10/04/2030, après le 01/07/2025" in text
    assert "Vouliez-vous dire" in text
    assert "mettons en demeure" in text
    assert (tmp_path / "mise_en_demeure_EX-2025-017.docx").is_file()
