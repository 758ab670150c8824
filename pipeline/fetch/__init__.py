"""Fetch: council websites in, a corpus folder (raw documents + manifest.jsonl) out.

One module per committee-system platform, all over one polite HTTP layer (``http``) and one
corpus writer (``corpus`` and ``download``). Councils are data (``pipeline/data/
council_sites.csv``), never code. Adding a platform means adding ``<platform>.py`` with a
``NAME`` and a ``fetch(...)`` function, and one line in :data:`PLATFORMS`.
"""

from __future__ import annotations

from types import ModuleType

from pipeline.fetch import moderngov, urls

PLATFORMS: dict[str, ModuleType] = {moderngov.NAME: moderngov, urls.NAME: urls}


class UnknownPlatform(KeyError):
    """A platform name that has no fetcher; the message lists the ones that exist."""


def get(name: str) -> ModuleType:
    """The fetcher module for ``name`` ("moderngov", "urls")."""
    try:
        return PLATFORMS[name.strip().lower()]
    except KeyError:
        raise UnknownPlatform(
            f"no fetcher for platform {name!r}; valid platforms: {', '.join(sorted(PLATFORMS))}"
        ) from None
