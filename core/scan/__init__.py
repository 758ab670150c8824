"""Scanning a text for a pattern only where a match can be: one home for every such shortcut.

Why: Python's regex engine tries a pattern at every position of a text, and each branch of an
alternation in turn, unless the pattern opens with a literal: a case-insensitive pattern or one
opening with ``\\b`` costs 50 to 400 ns a character, and a build reads millions of characters
that hold nothing. Most of that text cannot hold a match, and the pattern itself says where one
can be: the words every match opens with or holds, the characters it starts with or is made of.
So the shortcuts here read that off the compiled pattern's parse tree (never a hand-kept list: a
word added to a pattern or a vocabulary file is looked for at once), find those places cheaply
(``str.find``, a one-character class, a lower-cased copy of the text), and try the pattern there
only, with the same ``pos``/``endpos``: the matches are exactly those of the plain scan, which
is what runs whenever a shortcut cannot be read (and on a Python without ``re._parser``).

- :mod:`core.scan.parse_tree`: reading a pattern's parse tree (opening keys, required
  literals, first characters, run characters); the one import of the regex parser.
- :mod:`core.scan.alternations`: building alternations the engine rejects cheaply (a trie of
  words, branches grouped by first letter).
- :mod:`core.scan.folding`: the lower-cased copy of a text and the case-sensitive twin of a
  case-insensitive pattern that searches it.
- :mod:`core.scan.places`: where literals stand (``str.find``) and the runs of text around them.
- :mod:`core.scan.scanners`: the scanners that try a pattern only at candidate places, and
  which one to use when.

``tests/test_scan_shortcuts.py`` and ``tests/test_scan_keyed.py`` check every shortcut against
the plain pattern on generated texts and the real documents (``tests/test_council_scan.py``
the councils' own scans built on them).
"""
