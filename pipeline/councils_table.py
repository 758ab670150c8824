"""The ``councils`` table: the shipped council list (:mod:`core.councils`) written into a build.

Kept out of :mod:`core` because it writes a database: core only reads.
"""

from __future__ import annotations

from core.councils import councils


def load_councils_table(db) -> None:
    """Create and fill the ``councils`` table (sqlite-utils Database)."""
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "gss_code": c.gss_code,
            "dfe_code": c.dfe_code,
            "area": c.area,
            "short_forms": "; ".join(c.short_forms),
            "region": c.region,
            "active_from": c.active_from,
            "active_to": c.active_to,
            "former_gss_codes": "; ".join(c.former_gss_codes) or None,
            "former_names": "; ".join(f"{name} until {until}" for name, until in c.former_names) or None,
        }
        for c in councils()
    ]
    db["councils"].insert_all(rows, pk="id", replace=True)
