"""The site's Datasette metadata (``datasette-metadata.yml`` in the project root), read in one place.

Its own module because three parts of publishing read it: the site itself (:mod:`site`), and the
answers and facet counts stored when a database is finished (:mod:`summaries`,
:mod:`facet_counts`), which the site's finishing step calls; with the reader in the site module
they imported each other.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
METADATA = ROOT / "datasette-metadata.yml"
#: The name the database is published under, whatever its file is called.
DB_NAME = "scrutiny"


def load_metadata(path: Path = METADATA) -> dict:
    """The Datasette metadata (title, licence, tables, canned queries, dashboards)."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
