"""Committee-paper layout read as a list of units: one unit per line or table cell.

Why lines and not paragraphs: the text renderings of council papers break the same list in
many ways (one item a line, a blank line between hard-wrapped halves of one sentence, tables
flattened with "|"), so the only reliable grain is the line. Each unit knows its printed
list label ("1.", "(ii)", "10.1", "R1", a bullet), the marker's style, and its text without
bullets or label. The recommendations extractor then reads structure from these units.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.text import collapse, lines

# Bullets seen in PDF and Word exports: dashes, dots, "Ø", "o", private-use Symbol-font glyphs.
_BULLETS = "-–—•·▪◦●○■□➢►*Øo\uf0b7\uf0a7\uf0d8\uf076\uf0fc"
_BULLET_RUN = re.compile(rf"(?:[{re.escape(_BULLETS)}](?:\s+|$))+")
_LABEL = re.compile(
    r"""(?P<label>
        \(\s*(?:\d{1,2}|[ivx]{1,6}|[a-z])\s*\)     # (1) (ii) (a)
      | \d{1,2}(?:\.\d{1,2}){1,2}\.?(?![\d%])      # 10.1  2.1.3
      | \d{1,2}[.)](?![\d%])                       # 1.  1)
      | [ivx]{1,6}[.)]                             # ii.  iv)
      | [a-z][.)]                                  # a.  b)
      | R\d{1,2}[.:)]?                             # R1
    )(?:\s+|$)""",
    re.I | re.X,
)
_ROMAN = re.compile(r"^\(?[ivx]+[.)]?$", re.I)
_ITEM_NUMBER = re.compile(r"\d{1,2}")


@dataclass
class Unit:
    """One line (or table cell) of the document, its list label split off.

    ``start``/``end`` span the whole unit including any bullet or label; ``body_start`` is
    where the text after the label begins. ``style`` is None for an unlabelled unit.
    """

    start: int
    end: int
    body_start: int
    label: str | None
    style: str | None
    text: str
    raw: str
    cell: int = 0  # position in a "|" table row (0 outside tables and for a row's first cell)


def units(text: str) -> Iterator[Unit]:
    """Every non-blank line of ``text`` as units; a line with "|" gives one unit per cell."""
    for start, end in lines(text):
        yield from line_units(text, start, end)


def line_units(text: str, start: int, end: int) -> Iterator[Unit]:
    """The units of the line ``text[start:end]``: itself, or each of its "|" table cells."""
    if "|" not in text[start:end]:
        yield labelled(text, start, end)
        return
    edges = [start - 1, *(start + m.start() for m in re.finditer(r"\|", text[start:end])), end]
    cells = [span for a, b in zip(edges, edges[1:], strict=False) for span in lines(text, a + 1, b)]
    for index, (a, b) in enumerate(cells):
        unit = labelled(text, a, b)
        unit.cell = index
        yield unit


def labelled(text: str, start: int, end: int) -> Unit:
    """Split the bullets and the list label off ``text[start:end]``."""
    raw = text[start:end]
    if _ITEM_NUMBER.fullmatch(raw):  # a number alone: a table's item column (or a page number)
        return Unit(start, end, end, raw, "arabic.", "", raw)
    body = start
    bullets = _BULLET_RUN.match(raw)
    if bullets and not re.match(r"o\s+[a-z]", raw):  # "o" followed by a lowercase word is prose
        body = start + bullets.end()
    label = style = None
    m = _LABEL.match(text, body, end)
    if m:
        label = m.group("label")
        style = label_style(label)
        body = m.end()
    elif body > start:
        style = "bullet"
    return Unit(start, end, body, label, style, collapse(text[body:end]), raw)


def label_style(label: str, previous: str | None = None) -> str:
    """The numbering scheme of a label: "(roman)", "arabic.", "decimal", "R", ...

    "(i)" is roman unless it continues a lettered list ("(h)" before it).
    """
    core = label.strip()
    if core.upper().startswith("R") and core[1:2].isdigit():
        return "R"
    if re.match(r"^\d+(?:\.\d+)+\.?$", core):
        return "decimal"
    wrap = "()" if core.startswith("(") else core[-1] if core[-1] in ".):" else "."
    inner = core.strip("().:")
    if inner.isdigit():
        kind = "arabic"
    elif _ROMAN.match(core) and not (previous and previous.startswith("alpha") and inner.lower() == "i"):
        kind = "roman"
    else:
        kind = "alpha"
    return f"{kind}{wrap}"


def label_number(label: str | None) -> str | None:
    """The label as printed, without a trailing "." or an unmatched ")" ("1." -> "1")."""
    if not label:
        return None
    core = label.strip().rstrip(".:")
    if core.endswith(")") and not core.startswith("("):
        core = core[:-1]
    return re.sub(r"\s+", "", core)


def split_inline(unit: Unit, text: str) -> list[Unit]:
    """Split "(i) That A. (ii) That B." printed on one line into one unit per item.

    Only parenthesised labels in sequence are split, so "(see appendix)" in prose stays put.
    """
    first = re.search(r"(?:^|\s)\((i|a|1)\)\s", text[unit.start : unit.end])
    if unit.label and unit.label.strip("() ").lower() in ("i", "a", "1"):
        seq_start = unit.label.strip("() ").lower()
        cuts = [unit.start]
    elif first:
        seq_start = first.group(1).lower()
        cuts = [unit.start, unit.start + first.start(1) - 1]
    else:
        return [unit]
    labels = _sequence(seq_start)
    pos = cuts[-1] + 1
    for want in labels[1:]:
        m = re.compile(rf"\s\(\s*{want}\s*\)\s", re.I).search(text, pos, unit.end)
        if not m:
            break
        cuts.append(m.start() + 1)
        pos = m.end()
    if len(cuts) < 3 and not (unit.label and len(cuts) == 2):
        return [unit]
    bounds = zip(cuts, cuts[1:] + [unit.end], strict=True)
    return [labelled(text, a, b) for s, e in bounds for a, b in lines(text, s, e)]


def _sequence(first: str) -> list[str]:
    if first == "a":
        return list("abcdefghijklmnopqrstuvwxyz")
    if first == "1":
        return [str(i) for i in range(1, 30)]
    return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
