"""Cells and tables from a page's ruled lines: pdfplumber's table finder, without pdfplumber.

pdfplumber needs the whole document opened by pdfminer (ten milliseconds or more a document)
before its table finder runs, though that finder only joins rules: snap rules that nearly line
up, join collinear pieces, find where rules cross, and take the smallest rectangles whose sides
are drawn. This module is that algorithm (``TableFinder`` with explicit lines and its default
tolerances of 3 points, pdfplumber 0.11) ported step for step, so tables come out as pdfplumber
found them. ``tests/test_pdf_cells.py`` compares the two on many rulings.

Coordinates are pdfplumber's: x to the right, ``top`` and ``bottom`` measured downwards.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from operator import itemgetter

SNAP = 3  # points: rules this close are moved onto their average line
JOIN = 3  # points: collinear pieces this close are one rule
MIN_LENGTH = 3  # points: shorter rules are dropped
CROSS = 3  # points: rules this close to touching cross

Edge = dict  # x0, x1, top, bottom, width (horizontal) or height (vertical), orientation "h" | "v"
Cell = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class Table:
    """A table: its cells in the order found; ``rows`` puts them in a grid (None where merged)."""

    cells: list[Cell]

    @property
    def bbox(self) -> Cell:
        c = self.cells
        return (min(x[0] for x in c), min(x[1] for x in c), max(x[2] for x in c), max(x[3] for x in c))

    @property
    def rows(self) -> list[list[Cell | None]]:
        xs = sorted({cell[0] for cell in self.cells})
        ordered = sorted(self.cells, key=itemgetter(1, 0))
        by_x0 = [{c[0]: c for c in row} for _, row in itertools.groupby(ordered, itemgetter(1))]
        return [[row.get(x) for x in xs] for row in by_x0]


def find_tables(horizontal: list[Edge], vertical: list[Edge]) -> list[Table]:
    """The tables the rules make, top to bottom; a table has two cells at least."""
    edges = _merge(vertical + horizontal)
    edges = [e for e in edges if e["height" if e["orientation"] == "v" else "width"] >= MIN_LENGTH]
    cells = _cells(_intersections(edges))
    return [Table(cells) for cells in _tables(cells)]


def _cluster(objs: list[Edge], attr: str) -> list[list[Edge]]:
    """Edges grouped by ``attr`` values chained within SNAP of each other (pdfplumber's cluster_objects)."""
    values = sorted(set(o[attr] for o in objs))
    index: dict[float, int] = {}
    group, last = 0, None
    for v in values:
        if last is not None and v > last + SNAP:
            group += 1
        index[v] = group
        last = v
    ordered = sorted(objs, key=lambda o: index[o[attr]])
    return [list(g) for _, g in itertools.groupby(ordered, key=lambda o: index[o[attr]])]


def _snap(objs: list[Edge], attr: str) -> list[Edge]:
    """Move each cluster of edges onto its average ``attr`` (x0 of vertical, top of horizontal)."""
    out = []
    for cluster in _cluster(objs, attr):
        avg = sum(o[attr] for o in cluster) / len(cluster)
        for o in cluster:
            value = avg - o[attr]
            a, b = ("x0", "x1") if attr == "x0" else ("top", "bottom")
            out.append({**o, a: o[a] + value, b: o[b] + value})
    return out


def _join(edges: list[Edge], orientation: str) -> list[Edge]:
    """Join the pieces of one line that overlap or nearly touch into one edge."""
    low, high, size = ("x0", "x1", "width") if orientation == "h" else ("top", "bottom", "height")
    ordered = sorted(edges, key=itemgetter(low))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[low] <= last[high] + JOIN:
            if e[high] > last[high]:
                grown = e[high] - last[low] if size == "width" else last[size] + (e[high] - last[high])
                joined[-1] = {**last, high: e[high], size: grown}
        else:
            joined.append(e)
    return joined


def _merge(edges: list[Edge]) -> list[Edge]:
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    edges = _snap(vertical, "x0") + _snap(horizontal, "top")

    def group(e: Edge) -> tuple[str, float]:
        return ("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"])

    groups = itertools.groupby(sorted(edges, key=group), key=group)
    return [e for key, items in groups for e in _join(list(items), key[0])]


def _intersections(edges: list[Edge]) -> dict[tuple[float, float], dict[str, list[Edge]]]:
    found: dict[tuple[float, float], dict[str, list[Edge]]] = {}
    vertical = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    horizontal = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    for v in vertical:
        for h in horizontal:
            if (
                v["top"] <= h["top"] + CROSS
                and v["bottom"] >= h["top"] - CROSS
                and v["x0"] >= h["x0"] - CROSS
                and v["x0"] <= h["x1"] + CROSS
            ):
                vertex = found.setdefault((v["x0"], h["top"]), {"v": [], "h": []})
                vertex["v"].append(v)
                vertex["h"].append(h)
    return found


def _cells(crossings: dict[tuple[float, float], dict[str, list[Edge]]]) -> list[Cell]:
    """The smallest drawn rectangle with each crossing as its top-left corner."""
    box = itemgetter("x0", "top", "x1", "bottom")

    def connected(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        for kind, axis in (("v", 0), ("h", 1)):
            if p1[axis] == p2[axis]:
                if {box(e) for e in crossings[p1][kind]} & {box(e) for e in crossings[p2][kind]}:
                    return True
        return False

    points = sorted(crossings)
    cells = []
    for i, pt in enumerate(points[:-1]):
        rest = points[i + 1 :]
        below = [p for p in rest if p[0] == pt[0]]
        right = [p for p in rest if p[1] == pt[1]]
        cell = next(
            (
                (pt[0], pt[1], r[0], b[1])
                for b in below
                if connected(pt, b)
                for r in right
                if connected(pt, r)
                and (r[0], b[1]) in crossings
                and connected((r[0], b[1]), r)
                and connected((r[0], b[1]), b)
            ),
            None,
        )
        if cell:
            cells.append(cell)
    return cells


def _tables(cells: list[Cell]) -> list[list[Cell]]:
    """Cells grouped into tables by shared corners, top to bottom; lone cells are no table."""

    def corners(c: Cell) -> set[tuple[float, float]]:
        return {(c[0], c[1]), (c[0], c[3]), (c[2], c[1]), (c[2], c[3])}

    remaining = list(cells)
    current_corners: set[tuple[float, float]] = set()
    current: list[Cell] = []
    tables = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            if not current or corners(cell) & current_corners:
                current_corners |= corners(cell)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            current_corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    return [t for t in sorted(tables, key=lambda t: min((c[1], c[0]) for c in t)) if len(t) > 1]
