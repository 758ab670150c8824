"""Where a build's time goes: parse, tables, the reading, each extractor and the store, in-process.

The stages are timed by running them one after another on every file, exactly as a one-worker
build does (the same functions, in the same order), with the ruled-table functions of the PDF
parser wrapped so their share is counted apart from the rest of parsing. Shares are of the sum of
the stages, so they add up to 1 whatever the machine.
"""

from __future__ import annotations

import functools
import tempfile
import time
from collections import defaultdict
from pathlib import Path

TABLE_FUNCTIONS = ("page_rules", "read_tables", "cell_rows", "replace_tables")


def _timed(totals: dict[str, float], stage: str, fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[stage] += time.perf_counter() - start

    return inner


def _force(reading) -> None:
    """Compute every part of a reading now, so its cost is the reading's, not the first extractor's
    that asks (parts are computed on first use and kept)."""
    for name, value in vars(type(reading)).items():
        if isinstance(value, (functools.cached_property, property)):
            getattr(reading, name)


def stage_seconds(files: list[Path]) -> dict[str, float]:
    """Seconds spent in each stage of a one-worker build of ``files`` (failures are skipped)."""
    import extractors
    import pipeline.parse.pdf as pdf
    from core.reading import read
    from pipeline import store
    from pipeline.build import META_FIELDS, merge_metadata
    from pipeline.parse import ParseError, parse_bytes

    totals: dict[str, float] = defaultdict(float)
    originals = {name: getattr(pdf, name) for name in TABLE_FUNCTIONS}
    for name, fn in originals.items():
        setattr(pdf, name, _timed(totals, "tables", fn))
    registry = extractors.REGISTRY
    versions = extractors.versions()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = store.open_db(Path(tmp) / "stages.db")
            for path in files:
                data = path.read_bytes()
                start = time.perf_counter()
                try:
                    doc = parse_bytes(data, path.name, {})
                except ParseError:
                    continue
                totals["parse"] += time.perf_counter() - start
                start = time.perf_counter()
                reading = read(doc)
                _force(reading)
                totals["reading"] += time.perf_counter() - start
                found: dict[str, list] = {}
                for extractor in registry.values():
                    start = time.perf_counter()
                    found[extractor.table] = list(extractor.extract(reading))
                    totals[f"extract_{extractor.name}"] += time.perf_counter() - start
                meta = found.pop("documents", [])
                fields = {k: getattr(meta[0], k) for k in META_FIELDS} if meta else {}
                start = time.perf_counter()
                store.save_document(db, doc, merge_metadata({}, fields), found, versions, path=str(path))
                totals["store"] += time.perf_counter() - start
            db.close()
    finally:
        for name, fn in originals.items():
            setattr(pdf, name, fn)
    totals["parse"] -= totals["tables"]  # tables run inside parse: count them once
    return dict(totals)


def shares(seconds: dict[str, float]) -> dict[str, float]:
    total = sum(seconds.values()) or 1.0
    return {k: round(v / total, 3) for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])}
