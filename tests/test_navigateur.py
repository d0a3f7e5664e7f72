"""The HTML page in a real headless browser (Debian ``chromium``): it renders, its timeline labels do
not overlap with the browser's own font metrics, and it prints to PDF. Skipped where no browser is
installed (``.ci/run`` installs one when it can)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from creances_rules import examples

from creances_rules import evaluate
from creances_rules.presentation.render import render_page

pytestmark = pytest.mark.navigateur

BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--window-size=1100,900"]

# Measures, in the browser, the boxes of the labels of each lane and counts those that intersect.
PROBE = """<script>
addEventListener("load", () => {
  let overlaps = 0;
  for (const lane of document.querySelectorAll("svg .couloir")) {
    const boxes = [...lane.querySelectorAll("text[text-anchor]")].map(t => t.getBoundingClientRect());
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps++;
    }
  }
  // the evaluation line is never drawn over a text of the picture
  const line = document.querySelector("svg .date-evaluation line").getBoundingClientRect();
  let crossed = 0;
  for (const t of document.querySelectorAll("svg.creances-chronologie text")) {
    const b = t.getBoundingClientRect();
    if (b.left < line.left && line.left < b.right && b.top < line.bottom && line.top < b.bottom) crossed++;
  }
  document.body.setAttribute("data-crossed", crossed);
  const svg = document.querySelector("svg.creances-chronologie").getBoundingClientRect();
  document.body.setAttribute("data-overlaps", overlaps);
  document.body.setAttribute("data-svg-width", Math.round(svg.width));
});
</script>"""

if BROWSER is None:
    pytest.skip("aucun navigateur sans tête (chromium) installé", allow_module_level=True)


@pytest.mark.parametrize("name,as_of", [("facture_b2b_impayee", "2025-07-01"),
                                        ("jugement_puis_procedure_collective", "2025-06-15")])
def test_page_renders_without_overlapping_labels(tmp_path, name, as_of):
    page = render_page(evaluate(examples.chemin(name), as_of=as_of, engine="python"))
    path = tmp_path / "page.html"
    path.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = subprocess.run([BROWSER, *FLAGS, "--virtual-time-budget=3000", "--dump-dom", path.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:500]
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))
    assert attrs.get("data-overlaps") == "0", attrs
    assert attrs.get("data-crossed") == "0", attrs
    assert int(attrs["data-svg-width"]) > 900
    assert "Décompte" in dom and "Actions recommandées" in dom


def test_page_prints_to_pdf(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(render_page(evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01",
                                         engine="python")), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    subprocess.run([BROWSER, *FLAGS, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", path.as_uri()],
                   capture_output=True, timeout=120)
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):  # on paper, the timeline's labels are all there, in full (issue 22)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Dernier jour pour interrompre la prescription" in text
        assert "Facture 2025-047 exigible (délai supplétif de 30 jours après livraison/exécution)" in text
