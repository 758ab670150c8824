"""HTML: the page's content as clean text lines (navigation, headers and footers removed)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from pipeline.document import Page
from pipeline.parse.common import clean_text
from pipeline.parse.text import decode

_DROP = ["script", "style", "nav", "header", "footer", "noscript", "form"]


def parse_html(data: bytes, name: str) -> tuple[str, list[Page]]:
    soup = BeautifulSoup(decode(data, name), "lxml")
    for tag in soup(_DROP):
        tag.decompose()
    root = soup.find(id="modgov") or soup.find("main") or soup.body or soup
    text = clean_text(root.get_text("\n"))
    lines = [line.strip() for line in text.split("\n")]
    text = "\n\n".join(line for line in lines if line)
    return text, [Page(1, 0, len(text))]
