"""ModernGov: find a council's committee papers, through its web service or its HTML pages.

The public web service ``mgWebService.asmx`` is asked first (GetCommittees, GetMeetings for a
committee and date window, GetMeeting for agenda items, minutes and linked documents). When
it is disabled, refuses, is barred by robots.txt or answers with something that is not its
XML, the council's HTML pages are read instead (mgListCommittees, ieListMeetings,
ieListDocuments), and the service is not asked again in this run. Either way each paper is
stored once (the service's ``mgConvert2PDF.aspx?ID=N`` and the pages' ``documents/sN/...`` are
one attachment) with the same committee, date, item number and title.

The service lists only agenda items' papers, so the meeting's page is still read for the
meeting's own papers (printed minutes, agenda reports pack, supplements) when the site lets
us; a firewall that passes only the service is noted once and the service's papers stand.
Packs (``mgChooseDocPack.aspx``) are resolved to the PDF they serve or link. Minutes a page
cuts short are read in full from the item's page (``mgAi.aspx``). Older meetings are reached
through "Earlier meetings" links and then the year picker (a POST form). Parsing lives in
``moderngov_parser`` and ``moderngov_html``; downloading and storing in ``download``.

Re-runs are incremental: a meeting whose papers were all handled is recorded in the corpus
state; it is skipped once it is more than ``SETTLE_DAYS`` old at the time it was finished
(papers and minutes change in the weeks after a meeting, rarely after), and revisited with
conditional requests before that. ``refresh=True`` revisits everything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from core.councils import find_council
from pipeline.fetch import content
from pipeline.fetch import moderngov_html as pages
from pipeline.fetch import moderngov_parser as parser
from pipeline.fetch.corpus import Corpus
from pipeline.fetch.download import Job, Tally
from pipeline.fetch.http import Blocked, Client, FetchError, StatusError, same_site
from pipeline.fetch.moderngov_papers import PLATFORM, pack, papers, targets

NAME = PLATFORM
SETTLE_DAYS = 120
DEFAULT_SINCE = dt.date(2010, 1, 1)
#: "Earlier meetings" pages followed per committee at most (a loop guard; each holds a dozen or so).
MAX_LIST_PAGES = 60


class NoSuchCommittee(Exception):
    """A --committee matched nothing on the council's site; ``available`` lists what there is."""

    def __init__(self, message: str, available: list[parser.Committee]):
        super().__init__(message)
        self.available = available


@dataclass
class Site:
    """One council's ModernGov site for one run: remembers whether its web service works."""

    base: str
    client: Client
    service: bool = True
    #: False once the HTML pages have failed while the service works (a firewall passing only it).
    html: bool = True
    pages: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    off_host: list[str] = field(default_factory=list)

    def url(self, page: str, **params) -> str:
        return self.base + page + ("?" + urlencode(params) if params else "")

    def call(self, operation: str, **params) -> bytes | None:
        """The service's answer, or None once the service has failed (the caller falls back to HTML)."""
        if not self.service:
            return None
        url = self.url(f"mgWebService.asmx/{operation}", **params)
        try:
            body = self.client.get(url, site=self.base, retries=1).body
            if content.sniff(body) == "xml":
                return body
            why = "it answered with a page that is not its XML"
        except FetchError as exc:
            why = str(exc)
        self.service = False
        self.notes.append(f"web service not used ({why}); read the HTML pages instead")
        return None

    def parsed(self, parse, body: bytes | None, *args):
        """``parse(body, *args)``, or None (and the service given up) if the XML is not what we expect."""
        if body is None:
            return None
        try:
            return parse(body, *args)
        except parser.NotServiceXML as exc:
            self.service = False
            self.notes.append(f"web service not used ({exc}); read the HTML pages instead")
            return None

    def page(self, page: str, **params) -> tuple[bytes, str]:
        """An HTML page of the site (cached for the run); raises FetchError."""
        url = self.url(page, **params)
        return self.fetch_page(url), url

    def fetch_page(self, url: str, data: dict[str, str] | None = None) -> bytes:
        """The page at ``url`` (POSTing ``data`` if given), cached for the run; raises FetchError."""
        key = url + ("\0" + urlencode(sorted(data.items())) if data else "")
        if key not in self.pages:
            self.pages[key] = self.client.get(url, site=self.base, data=data).body
        return self.pages[key]

    def html_failed(self, exc: FetchError, what: str) -> None:
        """The service works but a page does not: note it once and stop asking for such pages."""
        if self.html:
            self.html = False
            self.notes.append(
                f"the site's meeting pages could not be read ({exc}); {what} come from the web "
                f"service only: printed minutes and agenda packs, which only the pages link, were not "
                f"fetched (once the pages can be read, --refresh adds them)"
            )


def _norm(text: str) -> str:
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'").replace("&", "and")
    return re.sub(r"\s+", " ", text).strip()


def select(committees: list[parser.Committee], wanted: list[str]) -> list[parser.Committee]:
    """Committees matching any of ``wanted``: an id, or a case-insensitive part of the name."""
    chosen, missing = [], []
    for w in wanted:
        hits = [
            c
            for c in committees
            if (w.strip().isdigit() and c.id == int(w))
            or (not w.strip().isdigit() and _norm(w) in _norm(c.title))
        ]
        if not hits:
            missing.append(w)
        chosen += [c for c in hits if c not in chosen]
    if missing:
        raise NoSuchCommittee(
            f"no committee matches {', '.join(repr(m) for m in missing)}; see --list-committees", committees
        )
    return chosen


def committees(site: Site) -> list[parser.Committee]:
    """Every committee on the site, from the service or else mgListCommittees.aspx."""
    found = site.parsed(parser.parse_committees_xml, site.call("GetCommittees"))
    if not found:
        if found == []:
            site.notes.append("web service listed no committees; read the HTML pages instead")
        site.service = False
        try:
            html, url = site.page("mgListCommittees.aspx")
        except StatusError as exc:
            if exc.status != 404:
                raise
            raise StatusError(
                exc.url,
                f"{exc}: is {site.base} the site's ModernGov folder? Give the address "
                f"its meeting pages live under (often .../moderngov/)",
                404,
            ) from exc
        found = pages.parse_committees_html(html, url)
    return sorted(found, key=lambda c: (c.title.casefold(), c.id))


def council_name(site: Site) -> str:
    """The council's name as its pages print it (footer, header, ...), in the shipped list's spelling.

    Falls back to the site's host name, with a note, when no page names a council. A refused
    page is not a refused site here: some firewalls pass only the web service, which is then
    used; if the service is refused too, reading the committees reports the block.
    """
    try:
        html, _ = site.page("mgListCommittees.aspx")
        name = pages.council_from_page(html)
    except FetchError:
        name = None
    if name:
        known = find_council(name)
        return known.name if known else name
    host = urlsplit(site.base).hostname or site.base
    site.notes.append(f"no page of the site names its council; recorded as {host!r} (give --name)")
    return host


def meetings(site: Site, committee: parser.Committee, since: dt.date, until: dt.date) -> list[parser.Meeting]:
    """The committee's meetings in [since, until], not cancelled, oldest first."""
    body = site.call(
        "GetMeetings",
        lCommitteeId=committee.id,
        sFromDate=since.strftime("%d/%m/%Y"),
        sToDate=until.strftime("%d/%m/%Y"),
    )
    found = site.parsed(parser.parse_meetings_xml, body, committee.id)
    if found is None:
        found = _listed_meetings(site, committee, since, until)
    dateless = sum(1 for m in found if not m.date)
    if dateless:
        site.notes.append(f"{committee.title}: {dateless} meetings without a readable date were skipped")
    inside = [m for m in found if m.date and since <= m.date <= until and not m.cancelled]
    return sorted(inside, key=lambda m: (m.date, m.id))


def _listed_meetings(
    site: Site, committee: parser.Committee, since: dt.date, until: dt.date
) -> list[parser.Meeting]:
    """ieListMeetings.aspx, its "Earlier meetings" links, then its year picker, until ``since`` is reached."""
    found: dict[int, parser.Meeting] = {}

    def read(html: bytes, url: str) -> pages.MeetingsPage:
        page = pages.parse_meetings_page(html, url, committee.id)
        for m in page.meetings:
            found.setdefault(m.id, m)
        return page

    def reached() -> bool:
        dates = [m.date for m in found.values() if m.date]
        return bool(dates) and min(dates) <= since

    html, url = site.page("ieListMeetings.aspx", CId=committee.id)
    first = page = read(html, url)
    visited = {url}
    while page.earlier and page.earlier not in visited and not reached() and len(visited) < MAX_LIST_PAGES:
        visited.add(page.earlier)
        before = len(found)
        page = read(site.fetch_page(page.earlier), page.earlier)
        if len(found) == before:
            break
    if reached():
        return list(found.values())
    last = min([until, *(m.date for m in found.values() if m.date)]).year
    # A year may be the municipal year (May to May), so one year before ``since`` is asked too.
    if first.year_form:
        action, fields, name, years = first.year_form
        for year in (y for y in years if since.year - 1 <= y <= last):
            read(site.fetch_page(action, {**fields, name: str(year)}), action)
    elif not first.earlier:
        # Neither link nor form (older templates): the list page's Year parameter.
        for year in range(since.year - 1, last + 1):
            html, url = site.page("ieListMeetings.aspx", CId=committee.id, Year=year)
            read(html, url)
    return list(found.values())


def plan(done: dict | None, date: dt.date | None, refresh: bool) -> tuple[bool, bool]:
    """(visit the meeting?, re-check papers already fetched?) from its resume state."""
    if refresh:
        return True, True
    if not done:
        return True, False  # new, or interrupted: fetch only what is missing
    finished = parser.parse_uk_date(done.get("done_at"))
    settled = date and finished and (finished - date).days > SETTLE_DAYS
    return (not settled), True


def fetch(
    base: str,
    *,
    corpus: Corpus,
    client: Client,
    committee: list[str],
    council: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    refresh: bool = False,
    silent: bool = True,
    on_document=None,
) -> Tally:
    """Fetch one council's papers for the chosen committees into ``corpus``; returns its tally.

    A block (401/403, a firewall page, robots.txt refused) stops this council and is recorded
    in the tally; :class:`NoSuchCommittee` is raised when a --committee matches nothing.
    """
    site = Site(parser.site_base(base), client)
    since, until = since or DEFAULT_SINCE, until or dt.date.today()
    tally = Tally(label=council or site.base)
    job = Job(client, corpus, site.base, tally, silent=silent, on_document=on_document, key_of=parser.doc_key)
    try:
        council = council or council_name(site)
        tally.label = council
        chosen = select(committees(site), committee)
        todo = [(c, m) for c in chosen for m in meetings(site, c, since, until)]
        job.start(len(todo), "meeting")
        for c, m in todo:
            _meeting(site, job, council, c, m, refresh)
            job.advance()
    except Blocked as exc:
        tally.blocked = str(exc)
    except FetchError as exc:
        tally.failures.append((exc.url, str(exc)))
    finally:
        job.close()
        if site.off_host:
            n = len(site.off_host)
            tally.notes.append(
                f"{n} link{'s' if n != 1 else ''} to other hosts not followed (e.g. {site.off_host[0]})"
            )
        tally.notes += site.notes
        corpus.save_state()
    return tally


def _meeting(
    site: Site, job: Job, council: str, committee: parser.Committee, meeting: parser.Meeting, refresh: bool
) -> None:
    key = f"{site.base}|{committee.id}|{meeting.id}"
    visit, recheck = plan(job.corpus.meeting(key), meeting.date, refresh)
    if not visit:
        job.tally.settled += 1
        return
    open_before = job.open_failures
    try:
        found, via = papers(site, meeting)
    except Blocked:
        raise
    except FetchError as exc:
        job.tally.failures.append((exc.url, str(exc)))
        return
    if found.cancelled:
        site.notes.append(f"{committee.title} {meeting.date}: its page says it was cancelled; skipped")
    for target in [] if found.cancelled else targets(site, council, committee, meeting, found, via):
        if not same_site(site.base, target.url):
            site.off_host.append(target.url)
            continue
        if parser.is_pack_url(target.url) and target.key not in job.seen:
            if recheck or not job.corpus.known(target.url):
                for resolved in pack(site, job, target):
                    job.fetch(resolved, recheck)
                continue
        job.fetch(target, recheck)
    if job.open_failures == open_before:
        job.corpus.finish_meeting(key, meeting.date.isoformat() if meeting.date else None)


def list_committees(base: str, client: Client) -> list[parser.Committee]:
    """The committees of a council's site, for ``--list-committees``."""
    return committees(Site(parser.site_base(base), client))
