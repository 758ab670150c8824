"""The ported table finder finds the tables pdfplumber's finds, from the same ruled lines."""

from __future__ import annotations

import random

import pdfplumber
import pytest
from pdfplumber.table import TableFinder
from reportlab.pdfgen.canvas import Canvas

from pipeline.parse.pdf_cells import find_tables


def _edges(horizontal, vertical):
    """Rules as pdfplumber edges: horizontal (x0, x1, top), vertical (x, top, bottom)."""
    h = [
        {"orientation": "h", "x0": x0, "x1": x1, "width": x1 - x0, "top": y, "bottom": y, "height": 0.0}
        for x0, x1, y in horizontal
    ]
    v = [
        {"orientation": "v", "x0": x, "x1": x, "width": 0.0, "top": t, "bottom": b, "height": b - t}
        for x, t, b in vertical
    ]
    return h, v


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("cells") / "blank.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 72, "A page for pdfplumber's table finder to belong to.")
    canvas.save()
    with pdfplumber.open(path) as pdf:
        yield pdf.pages[0]


def _pdfplumber(page, h, v):
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [{**e, "object_type": "line_edge"} for e in v],
        "explicit_horizontal_lines": [{**e, "object_type": "line_edge"} for e in h],
    }
    return [(t.bbox, [r.cells for r in t.rows]) for t in TableFinder(page, settings).tables]


def _ported(h, v):
    return [(t.bbox, t.rows) for t in find_tables(h, v)]


def _grid(rng: random.Random):
    """A ruled grid with jitter, gaps, overlaps and stray rules: what real PDFs draw."""
    xs = sorted(rng.sample(range(50, 550), rng.randint(2, 6)))
    ys = sorted(rng.sample(range(50, 800), rng.randint(2, 8)))
    jitter = lambda: rng.choice([0, 0, 0, 0.4, -0.7, 1.5, 2.9, 3.2, 0.25])  # noqa: E731
    horizontal, vertical = [], []
    for y in ys:
        if rng.random() < 0.85:
            x0, x1 = xs[0] + jitter(), xs[-1] + jitter()
            if rng.random() < 0.2:  # drawn in two pieces
                mid = rng.uniform(x0, x1)
                horizontal += [(x0, mid + jitter(), y + jitter()), (mid + jitter(), x1, y + jitter())]
            else:
                horizontal.append((x0, x1, y + jitter()))
    for x in xs:
        if rng.random() < 0.85:
            vertical.append((x + jitter(), ys[0] + jitter(), ys[-1] + jitter()))
    strays = rng.randint(0, 3)
    while strays > 0 or len(horizontal) < 3 or len(vertical) < 2:  # a ruled page: 3 across, 2 down
        strays -= 1
        if len(horizontal) < 3 or (len(vertical) >= 2 and rng.random() < 0.5):
            a = rng.uniform(0, 500)
            horizontal.append((a, a + rng.uniform(1, 200), rng.uniform(0, 800)))
        else:
            a = rng.uniform(0, 700)
            vertical.append((rng.uniform(0, 550), a, a + rng.uniform(1, 200)))
    return _edges(horizontal, vertical)


def test_random_grids(page):
    tables = 0
    for seed in range(400):
        h, v = _grid(random.Random(seed))
        found = _ported(h, v)
        assert found == _pdfplumber(page, h, v), f"seed {seed}"
        tables += len(found)
    assert tables > 200  # the grids do make tables


def test_two_tables_and_a_merged_cell(page):
    h, v = _edges(
        [(100, 300, 100), (100, 300, 120), (100, 300, 140), (100, 200, 160), (100, 300, 180)]
        + [(100, 400, 400), (100, 400, 420), (100, 400, 440)],
        [(100, 100, 180), (200, 100, 180), (300, 100, 180)]
        + [(100, 400, 440), (250, 400, 440), (400, 400, 440)],
    )
    found = _ported(h, v)
    assert len(found) == 2 and found == _pdfplumber(page, h, v)
