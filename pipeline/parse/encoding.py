"""Bytes to text: find the real encoding, and undo mojibake that was baked into the bytes.

Council files come in UTF-8, in Windows-1252 with or without a declaration, and sometimes as
UTF-8 that was once read as Windows-1252 and saved again ("â€™" for "’"). The order is:
byte-order mark, then UTF-16 without one (every other byte zero), then UTF-8 if the bytes are
valid UTF-8 (a wrong label is more common than bytes that are accidentally valid UTF-8), then a
declared charset, then Windows-1252 when it fits (the usual legacy encoding of English documents),
then charset-normalizer's detection.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Bytes that Windows-1252 leaves undefined: their presence rules that encoding out.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
# Labels that browsers (WHATWG) read as Windows-1252, because that is what such pages really are.
_AS_CP1252 = {
    "latin-1",
    "latin1",
    "iso-8859-1",
    "iso8859-1",
    "l1",
    "ascii",
    "us-ascii",
    "cp819",
    "windows-1252",
}
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-z0-9_.\-]+)""",
    re.I,
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def utf16_encoding(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text without a byte-order mark, else None.

    Windows tools write such files; read as bytes they look binary (every other byte is zero).
    English text in UTF-16 has a zero high byte in nearly every character, and no zero low byte.
    """
    head = data[:8192]
    if len(head) < 8:
        return None
    head = head[: len(head) - len(head) % 2]
    even, odd = head[0::2], head[1::2]
    even_zero, odd_zero = even.count(0) / len(even), odd.count(0) / len(odd)
    for encoding, zero, other in (("utf-16-le", odd_zero, even_zero), ("utf-16-be", even_zero, odd_zero)):
        if zero > 0.6 and other < 0.02:
            try:
                text = head.decode(encoding)
            except UnicodeDecodeError:
                return None
            readable = sum(ch.isprintable() or ch.isspace() for ch in text)
            return encoding if readable >= 0.95 * len(text) else None  # else binary with zeros
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares (``<meta charset>``, http-equiv, ``<?xml encoding>``)."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii", "ignore").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` to text (see the module docstring for the order), mojibake repaired."""
    bom = bom_encoding(data)
    utf16 = None if bom else utf16_encoding(data)
    if bom:
        text = data[bom[1] :].decode(bom[0], errors="replace")
    elif utf16:
        text = data.decode(utf16, errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, declared)
    return fix_mojibake(text)


def _decode_legacy(data: bytes, declared: str | None) -> str:
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode("cp1252" if declared in _AS_CP1252 else declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if not _CP1252_HOLES.intersection(data):
        return data.decode("cp1252")
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # an undefined byte read as Latin-1 becomes a C1 control character


# Each byte 0x80-0xFF as it appears after a wrong Windows-1252 (or Latin-1) decode.
_AS_SHOWN = {byte: _cp1252_char(byte) for byte in range(0x80, 0x100)}
_BYTE_OF = {ch: byte for byte, ch in _AS_SHOWN.items()} | {chr(b): b for b in range(0x80, 0xA0)}
_CONT = "[" + re.escape("".join(ch for ch, b in _BYTE_OF.items() if 0x80 <= b <= 0xBF)) + "]"
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")
_LEAD = re.compile("[\u00c2-\u00f4]")
# Characters a repaired sequence may plausibly be in English text: Latin letters, punctuation,
# currency and letterlike symbols. Anything else means the "mojibake" was real text.
_PLAUSIBLE = re.compile("[\u0080-\u024f\u2000-\u206f\u20a0-\u20cf\u2100-\u215f\u2190-\u21ff\u25a0-\u25ff]+")


def _repair(m: re.Match) -> str:
    seq = m.group(0)
    try:
        fixed = bytes(_BYTE_OF[ch] for ch in seq).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return seq
    return fixed if _PLAUSIBLE.fullmatch(fixed) else seq


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252 ("â€™" becomes "’"), even when mixed with good text.

    Runs up to three times, so text that went through the mistake twice is repaired too.
    """
    for _ in range(3):
        if not _LEAD.search(text):
            return text
        fixed = _MOJIBAKE.sub(_repair, text)
        if fixed == text:
            return text
        text = fixed
    return text
