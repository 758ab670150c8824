"""Sentence boundaries exactly as spaCy's blank English pipeline with its sentencizer finds them,
without importing spaCy.

Importing spaCy takes most of a second in every process, as long as parsing a hundred pages,
and a build needs only its sentence boundaries. Those come from two rule-based steps, ported
here as they are written in spaCy's ``tokenizer.pyx`` and ``sentencizer.pyx``:

- the tokenizer splits text at white space, then peels prefixes and suffixes off each piece,
  splits the rest at infixes, and keeps special cases ("e.g.", "Dr.", "can't") whole;
- the sentencizer starts a sentence at the first token after a sentence-final punctuation
  mark ("." "!" "?" ...) that is neither punctuation nor such a mark.

The rules themselves (regular expressions, special cases, punctuation marks) are spaCy's own,
read from ``data/sentencizer.json``, which ``python -m extractors.sentencizer`` writes from the
installed spaCy; ``tests/test_sentencizer.py`` checks that file against spaCy and the results
against ``spacy.blank("en")`` with a sentencizer on many texts.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "sentencizer.json"
#: spaCy's ``nlp.max_length`` as the pipeline was configured; longer texts are refused as spaCy did.
MAX_LENGTH = 5_000_000
#: spaCy's tokenizer caches this many pieces' tokens at most (the cache can decide a piece's tokens).
MAX_CACHE = 10_000
_RUNS = re.compile(r"\s+|\S+")


class Sentencizer:
    """spaCy's English tokenizer and rule-based sentencizer over plain data (see module docstring)."""

    def __init__(self, data: dict) -> None:
        self.prefix = re.compile(data["prefix"]).search
        self.suffix = re.compile(data["suffix"]).search
        self.infix = re.compile(data["infix"]).finditer
        self.url = re.compile(data["url"]).match
        self.specials: dict[str, list[str]] = data["specials"]
        self.patterns: dict[str, list[list[str]]] = {}
        for tokens in data["matched"].values():
            self.patterns.setdefault(tokens[0], []).append(tokens)
        self.marks = frozenset(data["punct_chars"])
        self.cache: dict[str, list[str]] = {}

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) offsets of each sentence of ``text``, as ``doc.sents`` gives them."""
        if len(text) > MAX_LENGTH:
            raise ValueError(f"text of length {len(text)} exceeds the sentencizer's maximum of {MAX_LENGTH}")
        tokens = self.tokens(text)
        if not tokens:
            return []
        starts = self._sentence_starts(tokens)
        ends = [*starts[1:], len(tokens)]
        last = [tokens[e - 1] for e in ends]
        return [(tokens[s][0], t[0] + len(t[1])) for s, t in zip(starts, last, strict=True)]

    def tokens(self, text: str) -> list[tuple[int, str]]:
        """``(offset, text)`` of each token (``Tokenizer.__call__``)."""
        tokens: list[tuple[int, str]] = []
        state = {"special": False}  # spaCy's has_special: no caching once a special case is used
        for i, m in enumerate(_RUNS.finditer(text)):
            start, run = m.start(), m.group()
            if i and run[0] == " ":  # one space after a token is that token's trailing space
                start, run = start + 1, run[1:]
            if run:
                self._span(run, start, tokens, state)
        return self._apply_special_cases(text, tokens)

    def _span(self, span: str, offset: int, out: list[tuple[int, str]], state: dict) -> None:
        if span in self.specials:
            state["special"] = True
            pieces = self.specials[span]
        elif span in self.cache:
            pieces = self.cache[span]
        else:
            prefixes: list[str] = []
            suffixes: list[str] = []
            core = self._split_affixes(span, prefixes, suffixes)
            pieces = [*prefixes, *self._attach(core, state), *reversed(suffixes)]
            if not state["special"] and len(self.cache) < MAX_CACHE:
                self.cache[span] = pieces
        for piece in pieces:
            out.append((offset, piece))
            offset += len(piece)

    def _find_prefix(self, string: str) -> int:
        m = self.prefix(string)
        return m.end() - m.start() if m else 0

    def _find_suffix(self, string: str) -> int:
        m = self.suffix(string)
        return m.end() - m.start() if m else 0

    def _split_affixes(self, string: str, prefixes: list[str], suffixes: list[str]) -> str:
        last_size = 0
        while string and len(string) != last_size:
            if string in self.specials:
                break
            last_size = len(string)
            pre_len = self._find_prefix(string)
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and minus_pre in self.specials:
                    prefixes.append(prefix)
                    return minus_pre
            suf_len = self._find_suffix(string[pre_len:])
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and minus_suf in self.specials:
                    suffixes.append(suffix)
                    return minus_suf
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        return string

    def _attach(self, string: str, state: dict) -> list[str]:
        if not string:
            return []
        if string in self.specials:
            state["special"] = True
            return self.specials[string]
        if string in self.cache:
            return self.cache[string]
        if self.url(string):
            return [string]
        pieces, start = [], 0
        for m in self.infix(string):
            if m.start() == 0:
                continue
            if m.start() != start:
                pieces.append(string[start : m.start()])
            if m.start() != m.end():
                pieces.append(m.group())
            start = m.end()
        if string[start:]:
            pieces.append(string[start:])
        return pieces

    def _apply_special_cases(self, text: str, tokens: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Re-join special cases that affix splitting broke apart ("10a.m" "." -> "10a.m.")."""
        matches = []
        for i, (_, piece) in enumerate(tokens):
            for pattern in self.patterns.get(piece, ()):
                n = len(pattern)
                if [t for _, t in tokens[i : i + n]] == pattern:
                    matches.append((i, i + n))
        if not matches:
            return tokens
        kept, seen = [], set()
        for start, end in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):  # longest, then first
            if start not in seen and end - 1 not in seen:
                kept.append((start, end))
            seen.update(range(start, end))
        out, i = [], 0
        for start, end in sorted(kept):
            out += tokens[i:start]
            first, last = tokens[start], tokens[end - 1]
            span = text[first[0] : last[0] + len(last[1])]
            if span in self.specials:
                offset = first[0]
                for piece in self.specials[span]:
                    out.append((offset, piece))
                    offset += len(piece)
            else:
                out += tokens[start:end]
            i = end
        return out + tokens[i:]

    def _sentence_starts(self, tokens: list[tuple[int, str]]) -> list[int]:
        """Token indexes that start a sentence (``Sentencizer.predict``)."""
        starts, seen_mark = [0], False
        for i, (_, piece) in enumerate(tokens):
            mark = piece in self.marks
            if seen_mark and not mark and not _is_punct(piece):
                if i:
                    starts.append(i)
                seen_mark = False
            elif mark:
                seen_mark = True
        return starts


def _is_punct(text: str) -> bool:
    """spaCy's lexical ``is_punct``: every character is Unicode punctuation."""
    return all(unicodedata.category(ch).startswith("P") for ch in text)


@cache
def sentencizer() -> Sentencizer:
    """The shared sentencizer, built once per process from the shipped rules."""
    return Sentencizer(json.loads(DATA.read_text(encoding="utf-8")))


def rules_from_spacy() -> dict:
    """The rules of the installed spaCy's blank English pipeline and sentencizer, as data."""
    import spacy
    from spacy.attrs import ORTH
    from spacy.tokenizer import Tokenizer

    nlp = spacy.blank("en")
    tok = nlp.tokenizer
    bare = Tokenizer(  # the same affix rules without special cases: what spaCy's matcher looks for
        nlp.vocab,
        rules={},
        prefix_search=tok.prefix_search,
        suffix_search=tok.suffix_search,
        infix_finditer=tok.infix_finditer,
        token_match=tok.token_match,
        url_match=tok.url_match,
    )
    specials = {key: [piece[ORTH] for piece in pieces] for key, pieces in sorted(tok.rules.items())}

    def affixed(key: str) -> bool:  # spaCy's condition for a special case its matcher re-joins
        return bool(tok.find_prefix(key) or tok.find_infix(key) or tok.find_suffix(key) or " " in key)

    if tok.token_match is not None or not tok.faster_heuristics:
        raise RuntimeError("this spaCy's English tokenizer has settings the port does not follow")
    return {
        "spacy": spacy.__version__,
        "prefix": tok.prefix_search.__self__.pattern,
        "suffix": tok.suffix_search.__self__.pattern,
        "infix": tok.infix_finditer.__self__.pattern,
        "url": tok.url_match.__self__.pattern,
        "specials": specials,
        "matched": {k: [t.text for t in bare(k)] for k in specials if affixed(k)},
        "punct_chars": sorted(nlp.add_pipe("sentencizer").punct_chars),
    }


if __name__ == "__main__":  # python -m extractors.sentencizer: rewrite the rules from the installed spaCy
    DATA.parent.mkdir(exist_ok=True)
    DATA.write_text(json.dumps(rules_from_spacy(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {DATA}")
