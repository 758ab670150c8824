"""Where a build's time goes: parse, tables, the reading, each extractor and the store, in-process.

The stages are timed by running them one after another on every file, exactly as a one-worker
build does (the same functions, in the same order), with the ruled-table functions of the PDF
parser wrapped so their share is counted apart from the rest of parsing, and spaCy's pipeline
(sentence splitting) wrapped so its share is counted apart from the stage that asked for it.
Shares are of the sum of the stages, so they add up to 1 whatever the machine.
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
    """Compute the parts of a reading every build computes now, so their cost is the reading's,
    not the first extractor's that asks (parts are computed on first use and kept). Sentences
    are not among them: a build splits only the blocks extractors ask for (their cost is counted
    apart, as ``sentences_spacy``, wherever it falls)."""
    for name, value in vars(type(reading)).items():
        if isinstance(value, functools.cached_property):
            getattr(reading, name)


def stage_seconds(files: list[Path]) -> dict[str, float]:
    """Seconds spent in each stage of a one-worker build of ``files`` (failures are skipped).

    Time inside spaCy (tokenizer and sentencizer, whoever calls it) is ``sentences_spacy`` and is
    not counted again in the stage that called it; ruled-table work is ``tables``, not ``parse``.
    """
    import spacy.language

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
    language_call = spacy.language.Language.__call__
    spacy.language.Language.__call__ = _timed(totals, "sentences_spacy", language_call)

    def timed_stage(stage: str, fn, *args, **kwargs):
        spacy_before = totals["sentences_spacy"]
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            inner = totals["sentences_spacy"] - spacy_before
            totals[stage] += time.perf_counter() - start - inner

    registry = extractors.REGISTRY
    versions = extractors.versions()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = store.open_db(Path(tmp) / "stages.db")
            for path in files:
                data = path.read_bytes()
                try:
                    doc = timed_stage("parse", parse_bytes, data, path.name, {})
                except ParseError:
                    continue
                reading = read(doc)
                timed_stage("reading", _force, reading)
                found: dict[str, list] = {}
                for extractor in registry.values():
                    found[extractor.table] = timed_stage(
                        f"extract_{extractor.name}", _listed, extractor.extract, reading
                    )
                meta = found.pop("documents", [])
                fields = {k: getattr(meta[0], k) for k in META_FIELDS} if meta else {}
                timed_stage(
                    "store",
                    store.save_document,
                    db,
                    doc,
                    merge_metadata({}, fields),
                    found,
                    versions,
                    path=str(path),
                )
            db.close()
    finally:
        for name, fn in originals.items():
            setattr(pdf, name, fn)
        spacy.language.Language.__call__ = language_call
    totals["parse"] -= totals["tables"]  # tables run inside parse: count them once
    return dict(totals)


def _listed(fn, *args) -> list:
    return list(fn(*args))


def shares(seconds: dict[str, float]) -> dict[str, float]:
    total = sum(seconds.values()) or 1.0
    return {k: round(v / total, 3) for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])}
