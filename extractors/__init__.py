"""The extractor registry: one module per record type, all of the same shape.

``REGISTRY`` maps a name to an :class:`extractors.base.Extractor`; ``get(name)`` fails with
the list of valid names, as spaCy's factories do.
"""

from __future__ import annotations

from types import ModuleType

from extractors import caseloads, document_metadata, ofsted_ratings, recommendations, witnesses
from extractors.base import Extractor, Record

__all__ = ["REGISTRY", "RECORD_EXTRACTORS", "Extractor", "Record", "UnknownExtractor", "get", "versions"]


class UnknownExtractor(KeyError):
    """Raised for an extractor name that is not registered."""


def _register(module: ModuleType) -> Extractor:
    return Extractor(
        name=module.NAME,
        version=module.VERSION,
        table=module.TABLE,
        record_type=module.RECORD,
        extract=module.extract,
    )


REGISTRY: dict[str, Extractor] = {
    m.NAME: _register(m) for m in (document_metadata, recommendations, ofsted_ratings, caseloads, witnesses)
}

#: The extractors whose records go to a table of their own (metadata fills ``documents``).
RECORD_EXTRACTORS: list[Extractor] = [e for e in REGISTRY.values() if e.name != document_metadata.NAME]


def get(name: str) -> Extractor:
    try:
        return REGISTRY[name]
    except KeyError:
        valid = ", ".join(sorted(REGISTRY))
        raise UnknownExtractor(f"unknown extractor {name!r}; valid names are: {valid}") from None


def versions() -> str:
    """One string naming every extractor version: a change re-extracts every document."""
    return ";".join(f"{e.name}={e.version}" for e in REGISTRY.values())
