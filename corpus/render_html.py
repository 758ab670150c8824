"""Web-page renderings of seeds 001 (Durham ModernGov agenda item) and 002 (Devon report page).

001 is what ModernGov's "Agenda item" page (mgAi.aspx) looks like: the minutes inside
``div#modgov`` (Word paragraphs with &nbsp; padding, as ModernGov pastes them), wrapped in the
council site's skip link, cookie banner, header, search, navigation, breadcrumbs and footer.
002 is a report published as an ordinary council web page, in Windows-1252 as older sites
serve them. The chrome is generic: no text of it reaches the parsed document. Used by render.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from render import escape, is_heading

_LABEL = re.compile(r"^(\d{1,2})[.)]\s+")


def _p(text: str) -> str:
    """One Word-style paragraph; runs of spaces kept as &nbsp; as Word exports them."""
    body = escape(text.strip("\n")).replace("\u00a0", "&nbsp;")
    body = re.sub(r" {2,}", lambda m: "&nbsp;" * (len(m.group(0)) - 1) + " ", body)
    body = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", body)
    return "<p>" + body.replace("\n", "<br>\n") + "</p>" if body.strip() else "<p>&nbsp;</p>"


def _chrome(council: str, section: str, title: str, content: str, charset: str) -> str:
    """A council site page around ``content``: the furniture every council site has."""
    nav = "".join(
        f'<li><a href="/{s.lower().replace(" ", "-")}">{s}</a></li>'
        for s in [
            "Advice and benefits",
            "Bins and recycling",
            "Children and families",
            "Council and democracy",
            "Jobs and careers",
            "Roads and transport",
            "Schools and learning",
        ]
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | {council}</title>
<link rel="stylesheet" href="/site.css">
<style>.cookie-banner{{position:fixed;bottom:0}} #modgov p{{margin:0 0 .8em}}</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body>
<a class="skip-link" href="#content">Skip to main content</a>
<div id="cookie-banner" class="cookie-banner" role="region" aria-label="Cookies on our website">
<p>We use some essential cookies to make this website work. We'd like to set additional cookies to
understand how you use the website.</p>
<button type="button">Accept additional cookies</button>
<button type="button">Reject additional cookies</button>
<a href="/cookies">View cookies</a>
</div>
<header class="site-header" role="banner">
<a class="site-header__logo" href="/"><img src="/logo.svg" alt="{council} homepage"></a>
<form class="site-search" action="/search" role="search"><label for="q">Search this site</label>
<input id="q" name="q" type="search"><button type="submit">Search</button></form>
<nav class="main-nav" aria-label="Main menu"><ul>{nav}</ul></nav>
</header>
<div class="breadcrumb"><ol>
<li><a href="/">Home</a></li><li><a href="/council-and-democracy">Council and democracy</a></li>
<li><a href="/meetings">{section}</a></li><li>{escape(title)}</li>
</ol></div>
<main id="content" class="page-content">
{content}
</main>
<aside class="related"><h2>Related pages</h2><ul><li><a href="/meetings">Committee meetings</a></li>
<li><a href="/councillors">Find your councillor</a></li></ul></aside>
<footer class="site-footer" role="contentinfo">
<ul><li><a href="/accessibility">Accessibility statement</a></li>
<li><a href="/privacy">Privacy notice</a></li>
<li><a href="/contact">Contact us</a></li><li><a href="/cookies">Cookies</a></li></ul>
<p>&copy; {council}</p>
</footer>
<script src="/site.js"></script>
</body>
</html>
"""


def render_001(paras: list[str], path: Path) -> None:
    """Durham: ModernGov agenda item page with the item's minutes."""
    title, intro = paras[1], paras[2]
    minutes, end = paras.index("Minutes:"), paras.index("Supporting documents:")
    body = "\n".join(_p(p) for p in paras[minutes + 1 : end])
    content = f"""<div id="modgov">
<div class="mgHeadingContainer"><h1 class="mgMainTitleTxt">{escape(paras[0])}</h1></div>
<div class="mgContent">
<h2 class="mgAiTitleTxt">{escape(title)}</h2>
<div class="mgWordPara">{_p(intro)}</div>
<h3 class="mgSubSubTitleTxt">Minutes:</h3>
<div class="mgWordPara">
{body}
</div>
<h3 class="mgSubSubTitleTxt">Supporting documents:</h3>
</div>
</div>"""
    page = _chrome("Durham County Council", "Committee meetings", f"Agenda item - {title}", content, "utf-8")
    path.write_bytes(page.encode("utf-8"))


_SECTION = re.compile(r"^- \d+\.\d+ ")


def _items(paras: list[str], i: int) -> tuple[str, int]:
    """A run of "- " items from ``paras[i]`` as a list: numbered items as <ol>, others as <ul>."""
    numbered = bool(_LABEL.match(paras[i].strip()[2:]))
    nested = paras[i].startswith(" ")
    items, j = [], i
    while j < len(paras):
        s = paras[j].strip()
        if (
            not s.startswith("- ")
            or _SECTION.match(s)
            or paras[j].startswith(" ") != nested
            or bool(_LABEL.match(s[2:])) != numbered
        ):
            break
        items.append(_LABEL.sub("", s[2:]) if numbered else s[2:])
        j += 1
    tag = "ol" if numbered else "ul"
    lis = "".join(f"<li>{escape(' '.join(t.split()))}</li>\n" for t in items)
    return f"<{tag}>\n{lis}</{tag}>", j


def render_002(paras: list[str], path: Path) -> None:
    """Devon: the report as an article on the council's site, served in Windows-1252."""
    out, i = [], 0
    while i < len(paras):
        s = paras[i].strip()
        if s.startswith("- ") and not _SECTION.match(s):
            html_list, i = _items(paras, i)
            out.append(html_list)
            continue
        if s.startswith("- "):
            out.append(_p(s[2:]))  # "1.2 A decision ..." is a numbered paragraph, not a list item
        elif i == 0:
            out.append(f"<h1>{escape(s)}</h1>")
        elif is_heading(s):
            out.append(f"<h2>{escape(s)}</h2>")
        else:
            out.append(_p(s))
        i += 1
    content = '<article class="report WordSection1">\n' + "\n".join(out) + "\n</article>"
    page = _chrome("Devon County Council", "Children's Scrutiny Committee", paras[0], content, "windows-1252")
    path.write_bytes(page.encode("cp1252", errors="xmlcharrefreplace"))
