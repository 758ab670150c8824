"""The big-database half of the benchmark: a synthetic published database and its query latencies.

Why a synthetic database: the issue asks that a published database of a million recommendations
stays quick, and no corpus of that size exists to build. So this writes one that looks like a real
build to SQLite: the schema, indexes, FTS tables and triggers come from
``pipeline.build.open_database``; rows go
in document by document through the same triggers a build fires; every record's quote is the
document's text at its offsets; documents carry their council (by id, or only by name for the few
councils not on the list), committee, date and full text; and the database is finished with
``pipeline.publish.site.optimise``, as ``scrutiny serve`` does. Words come from a small vocabulary, so
any word
matches a large share of rows: full-text searches here are harder than on real text, not easier.

The latencies are measured through Datasette in-process (``datasette.client``), with the project's
metadata, settings and plugin, so they include everything a request does. Each canned query is
asked in its common forms (a real council name, and empty for "all"), with the kind of value a
person types for each parameter.
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlencode

#: Words of recommendations, most frequent first. Word frequencies follow Zipf's law, as in real
#: text: a few words ("council", "children") are in most recommendations, topical ones
#: ("recruitment") in a few percent, and a long tail of rarer words (stand-ins here) in very few.
WORDS = (
    "council children report social services care committee young people families plan "
    "improvement safeguarding review support workers director progress board partners practice "
    "quality work strategy arrangements performance service staff agency placements update health "
    "early help protection assessment caseloads officers budget education schools looked after "
    "leavers training managers recruitment retention audit thresholds referrals MASH ofsted "
    "inspection action monitoring outcomes data further information members scrutiny panel "
    "corporate parenting sufficiency foster carers residential homes adoption permanence "
    "disabilities mental wellbeing exploitation missing police partnership multi domestic abuse "
    "neglect contacts front door timeliness supervision workforce vacancies turnover learning "
    "development feedback voice participation complaints commissioning contracts costs savings "
    "overspend demand pressures transformation model pilot evaluation targets benchmarking "
    "national regional statistics annual quarterly visits plans meetings independent reviewing "
    "advocacy transitions adult youth justice offending housing accommodation"
).split() + [f"term{i:04d}" for i in range(3000)]
_CUMULATIVE = list(accumulate(1 / (k + 1) for k in range(len(WORDS))))


def _words(rng: random.Random, k: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=_CUMULATIVE, k=k))


FIRST = (
    "Alex Sam Jo Chris Pat Lee Jane Tom Priya Mohammed Sarah David Helen Peter Amina Grace Rachel "
    "James Fiona Ian Claire Mark Ruth Simon Nadia Karen Paul Laura Gareth Anne Steven Louise Martin "
    "Joanne Richard Emma Andrew Julie Neil Susan Kevin Alison Brian Catherine Daniel Yasmin Robert "
    "Hannah Tariq Olivia"
).split()
LAST = (
    "Morgan Patel Evans Wong Kelly Grant Okafor Ashworth Smith Jones Taylor Brown Williams Wilson "
    "Johnson Davies Robinson Wright Thompson White Walker Hughes Green Hall Wood Harris Clarke "
    "Jackson Turner Hill Moore Cooper Ward Morris King Watson Harrison Baker Young Allen "
    "Mitchell Anderson Lewis Bell Shah Khan Ali Hussain Begum Singh Kaur Murphy Walsh Byrne Price "
    "Bennett Griffiths Lloyd Owen Howard Fox Kennedy Reid Ross Fraser Stewart Campbell Scott Murray "
    "Palmer Holmes Mills Hunt Lawson Barker Marshall Dixon Chapman Gibson Ellis Richards Webb "
    "Rogers Graham Pearce Atkinson Booth Hudson Lambert Francis Nolan Quinn Doyle Sutton Nash Adeyemi"
).split()
POSITIONS = [
    "Director of Children's Services",
    "Assistant Director, Safeguarding",
    "Head of Service",
    "Principal Social Worker",
    "Detective Inspector, Public Protection",
    "Designated Nurse",
    "Independent Chair",
    "Cabinet Member for Children",
    "Service Manager",
    None,
]
ORGANISATIONS = [
    None,
    None,
    "Police",
    "NHS Trust",
    "Clinical Commissioning Group",
    "Local Government Association",
    "Safeguarding Children Partnership",
    "Barnardo's",
    "NSPCC",
    "Ofsted",
    "Department for Education",
    "University",
]
COMMITTEES = [
    "Children's Scrutiny Committee",
    "Cabinet",
    "Children and Young People's Overview and Scrutiny Panel",
    "Corporate Parenting Board",
    "Council",
]
ROLES = ["social worker"] * 6 + ["newly qualified social worker", "team manager", "personal adviser"]
KINDS = ["reported"] * 6 + ["maximum", "target", "benchmark"]
AREAS = ["Overall effectiveness"] * 4 + [
    "Children who need help and protection",
    "Children looked after and achieving permanence",
    "Leadership, management and governance",
    "Experiences and progress of care leavers",
    "Adoption performance",
]
JUDGEMENTS = {
    "Outstanding": "outstanding",
    "Good": "good",
    "Requires improvement": "requires improvement to be good",
    "Inadequate": "inadequate",
}
MONTHS = ["January", "March", "June", "September", "November"]
FILLER = (
    "The service continued to focus on the quality of practice and the consistency of management "
    "oversight. Members asked how the improvement plan would be monitored and were told that the board "
    "met monthly. Performance information is reported to the committee each quarter with a commentary "
    "on trends. "
)


def _batches(n: int, size: int):
    for start in range(0, n, size):
        yield range(start, min(n, start + size))


class _Doc:
    """One synthetic document: its text grows as records are placed in it, offsets kept exact."""

    def __init__(self, title: str):
        self.parts = [title, "\n\n", FILLER]
        self.length = len(title) + 2 + len(FILLER)

    def place(self, quote: str) -> tuple[int, int, int]:
        """Append ``quote`` as its own paragraph; (page, char_start, char_end)."""
        self.parts.append("\n\n")
        start = self.length + 2
        self.parts.append(quote)
        self.length = start + len(quote)
        return 1 + start // 3000, start, self.length

    @property
    def text(self) -> str:
        return "".join(self.parts)


def big_database(path: Path, rows: int) -> None:
    """A published database with ``rows`` recommendations, 1/10 as many caseload figures and
    witnesses, 1/20 as many Ofsted judgements, in ``rows // 50`` documents.
    """
    from pipeline.build import open_database
    from pipeline.publish import site as publish

    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    db = open_database(path)
    conn = db.conn
    rng = random.Random(1)
    councils = [
        (cid, name)
        for cid, name in db.execute("select id, name from councils where coalesce(active_to, '') = ''")
    ]
    unknown = [(None, f"{w} Parish Council") for w in ("Ashby", "Brampton", "Coldwater")]
    # Witnesses: a council's officers (some seventy over the years) appear again and again in its
    # own papers; a national pool (inspectors, the LGA, police, health) appears across councils,
    # a few people far more often than the rest (Zipf's law again).
    people = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(people)
    staff = {key: rng.sample(people, 70) for key in [c[0] for c in councils] + [c[1] for c in unknown]}
    pool = people[:1000]
    pool_weights = list(accumulate(1 / (k + 1) for k in range(len(pool))))

    def national(rng: random.Random) -> str:
        return rng.choices(pool, cum_weights=pool_weights)[0]

    docs = max(1, rows // 50)
    shares = {"recommendations": rows, "caseloads": rows // 10, "ofsted_ratings": rows // 20}
    shares["witnesses"] = rows // 10
    columns = {
        "documents": "id filename path url council council_id body title date year format pages bytes "
        "sha256 status source licence extractor_versions built_at text",
        "recommendations": "id document_id number kind text procedural page char_start char_end quote",
        "caseloads": "id document_id low high role kind period page char_start char_end quote",
        "ofsted_ratings": "id document_id subject council_id area judgement judgement_as_printed "
        "inspection_year page char_start char_end quote",
        "witnesses": "id document_id name position organisation page char_start char_end quote",
    }
    # Every record carries its document's council, date and year, as the store writes them.
    context = {t: " date year" if t == "ofsted_ratings" else " council_id date year" for t in columns}
    context["documents"] = ""
    columns = {t: c + context[t] for t, c in columns.items()}
    sql = {
        t: f"insert into [{t}] ({', '.join(c.split())}) values ({', '.join('?' * len(c.split()))})"
        for t, c in columns.items()
    }

    def share(table: str, d: int) -> range:
        n = shares[table]
        return range(d * n // docs, (d + 1) * n // docs)

    def one_document(d: int) -> dict[str, list[tuple]]:
        cid, council = rng.choice(unknown) if rng.random() < 0.02 else rng.choice(councils)
        year = None if rng.random() < 0.01 else rng.randint(2011, 2024)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if year else None
        topic = _words(rng, 3)
        body = rng.choice(COMMITTEES)
        title = f"{topic.capitalize()}: report to the {body}"
        doc_id = f"{d:016x}"
        doc = _Doc(title)
        out: dict[str, list[tuple]] = {t: [] for t in columns}
        for i in share("recommendations", d):
            text = f"That the {rng.choice(['council', 'Cabinet', 'Committee', 'Board'])} {_words(rng, 14)}"
            number = f"{1 + (i % 50) // 9}.{1 + i % 9}" if rng.random() < 0.8 else None
            out["recommendations"].append(
                (
                    f"r{i:015x}",
                    doc_id,
                    number,
                    rng.choice(["recommendation", "recommendation", "resolution"]),
                    text,
                    int(rng.random() < 0.1),
                    *doc.place(text),
                    text,
                )
            )
        for i in share("caseloads", d):
            low = rng.randint(10, 35)
            high = low if rng.random() < 0.8 else low + rng.randint(1, 6)
            period = f"{rng.choice(MONTHS)} {year or 2016}" if rng.random() < 0.7 else None
            quote = f"Average caseloads were {low} cases per worker" + (f" in {period}" if period else "")
            out["caseloads"].append(
                (f"c{i:015x}", doc_id, low, high, rng.choice(ROLES), rng.choice(KINDS), period)
                + doc.place(quote)
                + (quote,)
            )
        for i in share("ofsted_ratings", d):
            judged_id, judged = rng.choice(councils) if rng.random() < 0.3 else (cid, council)
            judgement = rng.choice(list(JUDGEMENTS))
            area = rng.choice(AREAS)
            quote = f"Ofsted judged {area.lower()} in {judged} to be {JUDGEMENTS[judgement]}."
            inspected = None if rng.random() < 0.2 else rng.randint(2009, year or 2024)
            out["ofsted_ratings"].append(
                (f"o{i:015x}", doc_id, judged, judged_id, area, judgement, JUDGEMENTS[judgement], inspected)
                + doc.place(quote)
                + (quote,)
            )
        for i in share("witnesses", d):
            name = rng.choice(staff[cid or council]) if rng.random() < 0.75 else national(rng)
            position, organisation = rng.choice(POSITIONS), rng.choice(ORGANISATIONS)
            quote = ", ".join(x for x in (name, position, organisation) if x)
            out["witnesses"].append(
                (f"w{i:015x}", doc_id, name, position, organisation) + doc.place(quote) + (quote,)
            )
        for table, values in out.items():
            extra = (date, year) if table == "ofsted_ratings" else (cid, date, year)
            out[table] = [v + extra for v in values]
        filename = f"{d:06d}_{body.split()[0].lower()}.pdf"
        out["documents"].append(
            (
                doc_id,
                filename,
                f"/corpus/{filename}",
                f"https://committees.example.org/{cid or 'other'}/{date}/{filename}",
                council,
                cid,
                body,
                title,
                date,
                year,
                "pdf",
                1 + doc.length // 3000,
                doc.length * 2,
                f"{d:064x}",
                "ok",
                "bench",
                "OGL-UK-3.0",
                "recommendations=1;caseloads=1;ofsted_ratings=1;witnesses=1",
                "2025-01-01T00:00:00+00:00",
                doc.text,
            )
        )
        return out

    # Documents arrive as a build writes them: a document, then its records, FTS triggers firing.
    for batch in _batches(docs, 500):
        with conn:
            for d in batch:
                for table, values in one_document(d).items():
                    conn.executemany(sql[table], values)
    db.close()
    publish.optimise(path)


def _parameters(path: Path) -> dict[str, list[dict[str, str]]]:
    """The forms each canned query is asked in, with values a person would type."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        council, area = conn.execute(
            "select c.name, c.area from documents d join councils c on c.id = d.council_id "
            "group by c.id order by count(*) desc limit 1"
        ).fetchone()
        year = conn.execute(
            "select year from recommendations where year is not null "
            "group by year order by count(*) desc limit 1"
        ).fetchone()[0]
        surname = (
            conn.execute("select name from witnesses group by name order by count(*) desc limit 1")
            .fetchone()[0]
            .split()[-1]
        )
    finally:
        conn.close()
    words = [{"words": "recruitment"}, {"words": "agency social workers"}]
    by_council = [{"council": council}, {"council": area}, {"council": ""}]
    return {
        "words": words,
        "council": by_council,
        "kind": [{"kind": "reported", "role": "social worker"}, {"kind": "", "role": ""}],
        "judgement": [{"judgement": "Requires improvement"}, {"judgement": ""}],
        "organisation": [{"organisation": ""}, {"organisation": "Police"}],
        "name": [{"name": surname}],
        "search": [{"_search": "recruitment"}, {"_search": "agency social workers"}],
        "filter": [{"year": str(year)}, {"kind": "resolution"}],
    }


def _search_all(q: str) -> list[str]:
    """What the search-all page asks for (templates/search_all.html): the page, then in parallel
    the search_recommendations query and the witnesses and documents tables' search.
    """
    from pipeline.publish.metadata import DB_NAME

    words = urlencode({"_search": q})
    tables = {
        "witnesses": "name position organisation document_id quote page",
        "documents": "title council body date url",
    }
    return [
        f"/-/search?{urlencode({'q': q})}",
        f"/{DB_NAME}/search_recommendations.json?_shape=objects&{urlencode({'words': q})}",
    ] + [
        f"/{DB_NAME}/{t}.json?_shape=objects&_labels=on&_nofacet=1&_size=10&"
        + "&".join(f"_col={c}" for c in cols.split())
        + f"&{words}"
        for t, cols in tables.items()
    ]


def _urls(path: Path) -> dict[str, list[str]]:
    """Label -> the URLs one request of that kind fetches (several are fetched in parallel)."""
    from pipeline.publish.metadata import DB_NAME, load_metadata

    forms = _parameters(path)
    queries = load_metadata().get("databases", {}).get(DB_NAME, {}).get("queries", {})
    urls = {"table:recommendations": [f"/{DB_NAME}/recommendations.json"]}
    for filters in forms["filter"]:  # a facet value clicked on the table page: a year, a third of the rows
        urls[f"table:recommendations?{urlencode(filters)}"] = [
            f"/{DB_NAME}/recommendations.json?{urlencode(filters)}"
        ]
    for search in forms["search"]:
        for table in ("recommendations", "documents", "witnesses"):
            urls[f"search:{table}?{urlencode(search)}"] = [f"/{DB_NAME}/{table}.json?{urlencode(search)}"]
    q = forms["search"][0]["_search"]
    urls[f"search-all?q={q}"] = _search_all(q)
    for name, query in queries.items():
        params = sorted(set(re.findall(r"(?<![:\w]):(\w+)", query["sql"])))
        key = next((k for k in forms if k in params), None)
        for values in forms[key] if key else [{}]:
            args = urlencode({p: values.get(p, "") for p in params})
            urls[f"query:{name}?{args}"] = [f"/{DB_NAME}/{name}.json?{args}"]
    return urls


def query_latencies(path: Path, runs: int = 20) -> dict:
    """p50/p95 ms (and HTTP status) of every canned query in its common forms, of the table
    pages' full-text search and of the search-all page, through Datasette in-process.
    """
    from pipeline.publish.site import make_datasette, write_inspect

    write_inspect(path)
    ds = make_datasette(path)
    urls = _urls(path)

    async def measure() -> dict:
        out = {}
        for label, (first, *parallel) in urls.items():
            times, statuses = [], set()
            for _ in range(runs):
                start = time.perf_counter()
                responses = [await ds.client.get(first)]
                responses += await asyncio.gather(*(ds.client.get(u) for u in parallel))
                times.append((time.perf_counter() - start) * 1000)
                statuses |= {r.status_code for r in responses}
            times.sort()
            out[label] = {
                "status": max(statuses),  # the worst seen: 400 when SQL hit Datasette's time limit
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            }
        return out

    return asyncio.run(measure())
