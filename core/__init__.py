"""What every stage shares: the parsed document, the councils, and the one reading of a document.

``pipeline`` (fetch, parse, store, publish) and ``extractors`` both import from here and never
from each other's internals: :mod:`core.document` (the parsed text and its pages),
:mod:`core.councils` (the shipped council list), :mod:`core.reading` (lines, sentences,
headings, tables, council, dates and kind, made once per document), with the date vocabulary
(:mod:`core.dates`), the one sentence splitter (:mod:`core.sentences`), the one council
resolver (:mod:`core.council_of`), word lists as data (:mod:`core.vocabulary`) and the
scanning shortcuts every reader uses (:mod:`core.scan`: a pattern tried only where a match can
start, read off the pattern itself).
"""
