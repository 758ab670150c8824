"""Publishing: what turns a built database into a site people read.

- :mod:`pipeline.publish.site`: Datasette over the database, the optimised copy, the bundle.
- :mod:`pipeline.publish.summaries`: stored answers of canned queries too costly to compute live.
- :mod:`pipeline.publish.facet_counts`: stored default facet counts of whole tables.

Publishing calls into storage (:mod:`pipeline.store`), never the reverse. This package's
``__init__`` imports nothing, so a build that only needs the summary table's declaration does
not load Datasette.
"""
