"""Evaluate: compare a built database with hand-made gold annotations.

Gold files are JSON, one per document, in the format of ``shared/gold/README.md`` and
``shared/realdocs/README.md``; a gold file is paired with the stored document whose filename has
the same stem. Within one document the records are matched one to one, greedily, in gold order:

- recommendations: text similarity >= 0.80 (difflib ratio on lower-cased words);
- ofsted_ratings: same judgement (any "requires improvement..." counts as one), the same
  inspection year where the gold gives one (a judgement filed under the wrong inspection is
  wrong), and area similarity >= 0.75, with every "overall ..." area counted as the overall
  judgement;
- caseloads: same ``low``; same ``high`` (a single figure may be stored with high null);
- witnesses: name similarity >= 0.85 once titles (Councillor, Dr, ...) are stripped; a group
  ("Social care staff") must also match on organisation or position; a witness known only by
  role matches on position.

Optional gold keys: ``scored`` (the record types annotated for that document; the others are not
scored there), ``partial`` (types whose gold list is not exhaustive: a stored record counts
against precision only when it contradicts a gold one: a rating of the same area and inspection
year with another judgement), ``council_aliases`` and ``date_alternatives`` (other values that
count as right for the document's council and date).

Precision = matched / stored, recall = matched / gold, F1 their harmonic mean, summed over
documents. Field accuracies: on matched pairs, caseload role and kind (exact, case-insensitive),
witness position (similarity >= 0.9), rating inspection year; per document, council (the gold
name or an alias), date (the gold date or an alternative) and body (similarity >= 0.8). These
rules are the same as the independent scorer's (``shared/tools/score.py``), so the two agree on
the same inputs; ``tests/test_evaluate.py`` checks that they do.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

_TITLES = re.compile(r"^(councillor|cllr|professor|prof|dr|mr|mrs|ms|miss|sir|dame)\.?\s+")


def words(s: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (s or "").lower()))


def similarity(a: str | None, b: str | None) -> float:
    a, b = words(a), words(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _name(s: str | None) -> str:
    s, prev = (s or "").strip().lower(), None
    while prev != s:
        prev, s = s, _TITLES.sub("", s)
    return words(s)


def _overall(area: str | None) -> bool:
    a = words(area)
    return a in (
        "",
        "overall",
        "overall effectiveness",
        "overall judgement",
        "overall judgment",
    ) or a.startswith("overall")


def _judgement(j: str | None) -> str:
    j = words(j)
    return "requires improvement" if j.startswith("requires improvement") else j


def _number(x) -> float | None:
    try:
        return None if x is None or x == "" else float(x)
    except (TypeError, ValueError):
        return None


def match_recommendation(g: dict, p: dict) -> bool:
    if g.get("text"):
        return similarity(g.get("text"), p.get("text")) >= 0.80
    key = [w for w in words(g.get("key_phrase")).split() if len(w) > 2]
    have = set(words(p.get("text")).split())
    return bool(key) and sum(w in have for w in key) / len(key) >= 0.6


def _same_year(g: dict, p: dict) -> bool:
    return _number(g.get("inspection_year")) == _number(p.get("inspection_year"))


def _same_area(g: dict, p: dict) -> bool:
    if _overall(g.get("area")) or _overall(p.get("area")):
        return _overall(g.get("area")) and _overall(p.get("area"))
    return similarity(g.get("area"), p.get("area")) >= 0.75


def match_rating(g: dict, p: dict) -> bool:
    if _judgement(g.get("judgement")) != _judgement(p.get("judgement")):
        return False
    if g.get("inspection_year") and not _same_year(g, p):
        return False
    return _same_area(g, p)


def contradicts(gold: list[dict], p: dict) -> bool:
    """True when stored rating ``p`` gives a gold rating's area and inspection year another judgement."""
    return any(
        _same_area(g, p)
        and _same_year(g, p)
        and _judgement(g.get("judgement")) != _judgement(p.get("judgement"))
        for g in gold
    )


def match_caseload(g: dict, p: dict) -> bool:
    gl, gh = _number(g.get("low")), _number(g.get("high"))
    pl, ph = _number(p.get("low")), _number(p.get("high"))
    if gl is None or pl is None or gl != pl:
        return False
    if gh == gl:
        return ph in (None, pl)
    return gh == ph


def match_witness(g: dict, p: dict) -> bool:
    gn, pn = _name(g.get("name")), _name(p.get("name"))
    if not gn:
        return similarity(g.get("position"), p.get("position") or p.get("name")) >= 0.8
    if not pn or SequenceMatcher(None, gn, pn).ratio() < 0.85:
        return False
    if "staff" in gn.split() or "staff" in pn.split():
        return (
            similarity(g.get("organisation"), p.get("organisation")) >= 0.6
            or similarity(g.get("position"), p.get("position")) >= 0.6
        )
    return True


MATCHERS: dict[str, Callable[[dict, dict], bool]] = {
    "recommendations": match_recommendation,
    "ofsted_ratings": match_rating,
    "caseloads": match_caseload,
    "witnesses": match_witness,
}

FIELD_CHECKS: dict[str, tuple[str, Callable[[dict, dict], bool | None]]] = {
    "caseload_role": ("caseloads", lambda g, p: words(g.get("role")) == words(p.get("role"))),
    "caseload_kind": ("caseloads", lambda g, p: words(g.get("kind")) == words(p.get("kind"))),
    "witness_position": (
        "witnesses",
        lambda g, p: similarity(g.get("position"), p.get("position")) >= 0.9 if g.get("position") else None,
    ),
    "rating_year": (
        "ofsted_ratings",
        lambda g, p: _same_year(g, p) if g.get("inspection_year") else None,
    ),
}

#: Document fields: (gold key of other right values, comparison of a gold value with the stored one).
DOC_CHECKS: dict[str, tuple[str | None, Callable[[object, object], bool]]] = {
    "council": ("council_aliases", lambda g, p: words(str(g)) == words(str(p or ""))),
    "date": ("date_alternatives", lambda g, p: str(g) == str(p or "")[:10]),
    "body": (None, lambda g, p: similarity(str(g), str(p or "")) >= 0.8),
}
FIELDS = [*FIELD_CHECKS, *(f"doc_{k}" for k in DOC_CHECKS)]


@dataclass
class Score:
    matched: int = 0
    gold: int = 0
    stored: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.stored if self.stored else (1.0 if self.gold == 0 else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    types: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in MATCHERS})
    fields: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in FIELDS})
    missing: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def worst_f1(self) -> float:
        return min(s.f1 for s in self.types.values())

    def field_accuracy(self, name: str) -> float | None:
        ok, n = self.fields[name]
        return ok / n if n else None

    @property
    def worst_field(self) -> tuple[str, float] | None:
        """The field with the lowest accuracy among those with data, or None."""
        have = [(acc, k) for k in self.fields if (acc := self.field_accuracy(k)) is not None]
        return (min(have)[1], min(have)[0]) if have else None

    def to_dict(self) -> dict:
        return {
            "types": {
                t: {
                    "precision": round(s.precision, 3),
                    "recall": round(s.recall, 3),
                    "f1": round(s.f1, 3),
                    "matched": s.matched,
                    "gold": s.gold,
                    "stored": s.stored,
                }
                for t, s in self.types.items()
            },
            "fields": {
                k: (round(v, 3) if (v := self.field_accuracy(k)) is not None else None) for k in self.fields
            },
            "missing_documents": self.missing,
        }


def greedy(
    gold: list[dict], stored: list[dict], match: Callable[[dict, dict], bool]
) -> list[tuple[dict, dict]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(stored):
            if i not in used and match(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def evaluate(db_path: str | Path, gold_dir: str | Path) -> Report:
    """Score the database at ``db_path`` against every ``*.json`` gold file in ``gold_dir``."""
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise FileNotFoundError(f"{gold_dir}: no gold *.json files found")
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        docs = {Path(r["filename"]).stem: r["id"] for r in conn.execute("select id, filename from documents")}
        report = Report()
        for gf in gold_files:
            gold = json.loads(gf.read_text(encoding="utf-8"))
            doc_id = docs.get(gf.stem)
            if doc_id is None:
                report.missing.append(gf.stem)
            else:
                _document_fields(report, conn, doc_id, gold)
            scored = gold.get("scored", list(MATCHERS))
            for table, match in MATCHERS.items():
                if table in scored:
                    _score_table(report, conn, gf.stem, doc_id, gold, table, match)
        return report
    finally:
        conn.close()


def _score_table(
    report: Report, conn: sqlite3.Connection, stem: str, doc_id: str | None, gold: dict, table: str, match
) -> None:
    g = gold.get(table) or []
    stored = (
        [
            dict(r)
            for r in conn.execute(f"select * from [{table}] where document_id = ? order by rowid", [doc_id])
        ]
        if doc_id
        else []
    )
    pairs = greedy(g, stored, match)
    if table in gold.get("partial", []):  # only contradictions of a non-exhaustive list count against
        paired = {id(p) for _, p in pairs}
        stored = [p for p in stored if id(p) in paired or (table == "ofsted_ratings" and contradicts(g, p))]
    score = report.types[table]
    score.matched += len(pairs)
    score.gold += len(g)
    score.stored += len(stored)
    _note_misses(report, stem, table, g, stored, pairs)
    for name, (t, check) in FIELD_CHECKS.items():
        if t != table:
            continue
        for gg, pp in pairs:
            ok = check(gg, pp)
            if ok is not None:
                report.fields[name][0] += bool(ok)
                report.fields[name][1] += 1


def _document_fields(report: Report, conn: sqlite3.Connection, doc_id: str, gold: dict) -> None:
    row = conn.execute("select * from documents where id = ?", [doc_id]).fetchone()
    for key, (alternatives, same) in DOC_CHECKS.items():
        if not gold.get(key):
            continue
        right = [gold[key], *(gold.get(alternatives) or [] if alternatives else [])]
        ok = any(same(g, row[key]) for g in right)
        report.fields[f"doc_{key}"][0] += ok
        report.fields[f"doc_{key}"][1] += 1
        if not ok:
            report.misses.append(
                f"{Path(str(row['filename'])).stem} document {key}: {row[key]!r}, gold {gold[key]!r}"
            )


def _note_misses(report: Report, stem: str, table: str, gold: list, stored: list, pairs: list) -> None:
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    for g in gold:
        if id(g) not in matched_g:
            report.misses.append(f"{stem} {table} missed: {_brief(g)}")
    for p in stored:
        if id(p) not in matched_p:
            report.misses.append(f"{stem} {table} extra:  {_brief(p)}")


def _brief(r: dict) -> str:
    keys = (
        "number",
        "text",
        "subject",
        "area",
        "judgement",
        "low",
        "high",
        "role",
        "kind",
        "name",
        "position",
        "inspection_year",
    )
    return ", ".join(f"{k}={str(r[k])[:60]!r}" for k in keys if r.get(k) not in (None, ""))


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'type':<16} {'precision':>9} {'recall':>7} {'F1':>6}  matched/gold/stored"]
    for t, s in report.types.items():
        lines.append(
            f"{t:<16} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}  {s.matched}/{s.gold}/{s.stored}"
        )
    for k in report.fields:
        acc = report.field_accuracy(k)
        ok, n = report.fields[k]
        lines.append(f"{k + ' accuracy':<26} " + (f"{acc:.3f} ({ok}/{n})" if acc is not None else "n/a"))
    if report.missing:
        lines.append("gold documents not in the database: " + ", ".join(report.missing))
    if verbose and report.misses:
        lines.append("")
        lines.extend(report.misses)
    lines.append(f"lowest F1: {report.worst_f1:.3f}")
    return "\n".join(lines)
