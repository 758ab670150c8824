"""The extractor registry: one module per record type, all of the same shape.

``REGISTRY`` maps a name to an :class:`extractors.base.Extractor`; ``get(name)`` fails with
the list of valid names, as spaCy's factories do.

The extractor modules are imported on first use of ``REGISTRY``, not with this package: they
compile a few hundred regular expressions (about a tenth of a second), and a re-run of an
unchanged corpus only needs their versions, which :func:`versions` reads without importing them.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from types import ModuleType
from typing import TYPE_CHECKING

from extractors.base import Extractor, Record

if TYPE_CHECKING:  # REGISTRY and RECORD_EXTRACTORS are built on first use (see __getattr__)
    REGISTRY: dict[str, Extractor]
    RECORD_EXTRACTORS: list[Extractor]

__all__ = [
    "REGISTRY",
    "RECORD_EXTRACTORS",
    "Extractor",
    "Record",
    "UnknownExtractor",
    "get",
    "tables",
    "versions",
]

#: Every extractor module, in registry order (the order of :func:`versions` and of a build's work).
NAMES = ("document_metadata", "recommendations", "ofsted_ratings", "caseloads", "witnesses")
#: The extractor whose one record fills ``documents`` rather than a table of its own.
METADATA = "document_metadata"


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


def _registry() -> dict[str, Extractor]:
    if "REGISTRY" not in globals():
        modules = [importlib.import_module(f"extractors.{n}") for n in NAMES]
        registry = {m.NAME: _register(m) for m in modules}
        globals()["RECORD_EXTRACTORS"] = [e for e in registry.values() if e.name != METADATA]
        globals()["REGISTRY"] = registry
    return globals()["REGISTRY"]


def __getattr__(name: str):
    """Build ``REGISTRY`` and ``RECORD_EXTRACTORS`` the first time either is asked for."""
    if name in ("REGISTRY", "RECORD_EXTRACTORS"):
        _registry()
        return globals()[name]
    raise AttributeError(f"module 'extractors' has no attribute {name!r}")


def get(name: str) -> Extractor:
    try:
        return _registry()[name]
    except KeyError:
        valid = ", ".join(sorted(NAMES))
        raise UnknownExtractor(f"unknown extractor {name!r}; valid names are: {valid}") from None


def versions() -> str:
    """One string naming every extractor version and the reading's (:mod:`core.reading`, which
    every extractor reads): a change of any re-extracts every document."""
    found = [f"{name}={_version(f'extractors.{name}')}" for name in NAMES]
    return ";".join([*found, f"reading={_version('core.reading')}"])


def tables() -> tuple[str, ...]:
    """The record tables, one per record extractor, read without importing the extractors (a
    re-run of an unchanged corpus checks the database has them all)."""
    return tuple(_constant(f"extractors.{name}", "TABLE") for name in NAMES if name != METADATA)


def _version(module: str) -> str:
    return _constant(module, "VERSION")


def _constant(module: str, constant: str) -> str:
    """The module's ``VERSION`` or ``TABLE``: read from its source when it is not imported yet (a
    plain ``VERSION = "..."`` line, as every extractor declares it), else imported and asked."""
    if module not in sys.modules:
        spec = importlib.util.find_spec(module)
        if spec and spec.origin and spec.origin.endswith(".py"):
            with open(spec.origin, encoding="utf-8") as f:
                found = re.findall(rf'^{constant}\s*=\s*"([^"\\]*)"\s*$', f.read(), re.MULTILINE)
            if len(found) == 1:
                return found[0]
    return getattr(importlib.import_module(module), constant)
