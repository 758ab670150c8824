"""``scrutiny fetch moderngov|urls``: the click layer over :mod:`pipeline.fetch`.

It turns the library's named exceptions into one-line messages that say what to do, shows a
progress bar per council (``--silent`` turns them off) and ends with a summary: new,
unchanged, failed with reasons, and councils that blocked us.
"""

from __future__ import annotations

import functools
import sys

import click

from pipeline.fetch import moderngov, sites, urls
from pipeline.fetch.corpus import Corpus, CorpusError
from pipeline.fetch.download import Tally
from pipeline.fetch.http import Client, FetchError, Policy, user_agent

MAX_BYTES = 100 * 1024 * 1024


@click.group()
def fetch() -> None:
    """Fetch committee papers from council websites into a corpus folder.

    The corpus folder holds raw/<sha256>.<ext> files and a manifest.jsonl with each paper's
    council, committee, meeting date and URL; `scrutiny build CORPUS` reads it. Fetching is
    polite (robots.txt, a named User-Agent, one request at a time per host with --delay
    between) and incremental: run the same command again to resume or to get what is new.
    """


def http_options(f):
    """The politeness and patience options every fetch command shares."""
    options = [
        click.option(
            "--delay",
            type=float,
            default=1.0,
            show_default=True,
            help="Seconds between requests to one host (robots.txt Crawl-delay can raise it).",
        ),
        click.option(
            "--timeout",
            type=float,
            default=30.0,
            show_default=True,
            help="Seconds to wait for a server before retrying.",
        ),
        click.option(
            "--retries",
            type=int,
            default=3,
            show_default=True,
            help="Retries after a connection error, timeout, truncated body, 429 or 5xx.",
        ),
        click.option(
            "--backoff",
            type=float,
            default=1.0,
            show_default=True,
            help="First retry wait in seconds; doubles each retry (Retry-After wins if longer).",
        ),
        click.option(
            "--max-time",
            type=float,
            default=300.0,
            show_default=True,
            help="Seconds one download may take in all, retries and waits included; then it fails.",
        ),
        click.option(
            "--max-bytes",
            type=int,
            default=MAX_BYTES,
            show_default=True,
            help="Refuse any download larger than this.",
        ),
        click.option(
            "--contact",
            envvar="SCRUTINY_CONTACT",
            help="URL or e-mail for the User-Agent, so site owners can reach you [env SCRUTINY_CONTACT].",
        ),
        click.option("--user-agent", help="Replace the whole User-Agent (it must still say who you are)."),
        click.option(
            "--refresh",
            is_flag=True,
            help="Re-check papers already fetched: conditional requests, else compare hashes.",
        ),
        click.option("--silent", is_flag=True, help="No progress bars."),
    ]
    return functools.reduce(lambda g, opt: opt(g), reversed(options), f)


def make_client(delay, timeout, retries, backoff, max_time, max_bytes, contact, user_agent_text) -> Client:
    if not contact and not user_agent_text:
        click.echo(
            "note: no --contact given; set one (or SCRUTINY_CONTACT) so site owners can reach you", err=True
        )
    policy = Policy(
        user_agent=user_agent_text or user_agent(contact),
        delay=delay,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_bytes=max_bytes,
        max_seconds=max_time,
    )
    return Client(policy)


def report(tallies: list[Tally], corpus: str, client: Client) -> None:
    """Print the end-of-run summary; fail if no council or host gave us anything."""
    for t in tallies:
        click.echo(t.line(), err=True)
        for note in t.notes:
            click.echo(f"  note: {note}", err=True)
        for _url, reason in t.failures:
            click.echo(f"  failed: {reason}", err=True)
    new = sum(t.new for t in tallies)
    unchanged = sum(t.unchanged for t in tallies)
    failed = sum(len(t.failures) for t in tallies)
    blocked = sum(1 for t in tallies if t.blocked)
    click.echo(
        f"{corpus}: {new} new, {unchanged} unchanged, {failed} failed"
        + (f", {blocked} blocked" if blocked else "")
        + f" ({client.requests} requests); next: scrutiny build {corpus} --db scrutiny.db",
        err=True,
    )
    if tallies and blocked == len(tallies):
        raise click.ClickException("every site refused us (see above); nothing was fetched from them")
    if tallies and all(
        t.blocked or (t.failures and not (t.new or t.unchanged or t.settled)) for t in tallies
    ):
        raise click.ClickException("nothing could be fetched (see the failures above)")


def _councils(base_url, council_names, sites_file, name) -> list[tuple[str | None, str]]:
    chosen = [(name, base_url)] if base_url else []
    for council in council_names:
        try:
            row = sites.find(council, sites_file)
        except (sites.UnknownCouncil, OSError) as exc:
            raise click.ClickException(str(exc)) from exc
        if row.platform != moderngov.NAME:
            raise click.ClickException(
                f"{row.council} publishes on {row.platform!r}, not ModernGov; "
                f"use `scrutiny fetch {row.platform}`"
            )
        chosen.append((row.council, row.base_url))
    if not chosen:
        raise click.UsageError("give the council's ModernGov BASE_URL or --council NAME")
    return chosen


@fetch.command("moderngov")
@click.argument("base_url", required=False)
@click.option(
    "--council",
    "council_names",
    multiple=True,
    help="A council in the councils file, instead of BASE_URL (repeatable).",
)
@click.option(
    "--sites",
    "sites_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Councils file (council,base_url,platform) to use instead of the shipped one.",
)
@click.option("--name", help="The council's name for BASE_URL (default: read from the site).")
@click.option(
    "--committee", multiple=True, help="A committee's id or part of its name, any case (repeatable)."
)
@click.option(
    "--list-committees", is_flag=True, help="Print each council's committees (id and name) and stop."
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First meeting date (default 2010-01-01).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last meeting date (default today).")
@click.option("--corpus", type=click.Path(file_okay=False), help="Corpus folder to create or add to.")
@http_options
def moderngov_command(
    base_url,
    council_names,
    sites_file,
    name,
    committee,
    list_committees,
    since,
    until,
    corpus,
    delay,
    timeout,
    retries,
    backoff,
    max_time,
    max_bytes,
    contact,
    user_agent,
    refresh,
    silent,
):
    """Papers of chosen committees from ModernGov sites (web service first, HTML pages if refused).

    \b
    scrutiny fetch moderngov https://democracy.example.gov.uk --committee "Children's Scrutiny" \\
        --since 2013-01-01 --until 2017-12-31 --corpus corpus/example
    """
    councils = _councils(base_url, council_names, sites_file, name)
    client = make_client(delay, timeout, retries, backoff, max_time, max_bytes, contact, user_agent)
    if list_committees:
        _list(councils, client)
        return
    if not corpus or not committee:
        raise click.UsageError("--corpus and at least one --committee are needed (see --list-committees)")
    if since and until and since > until:
        raise click.UsageError(f"--since {since:%Y-%m-%d} is after --until {until:%Y-%m-%d}")
    tallies: list[Tally] = []
    try:
        with Corpus(corpus) as store:
            for council, base in councils:
                try:
                    tallies.append(
                        moderngov.fetch(
                            base,
                            corpus=store,
                            client=client,
                            committee=list(committee),
                            council=council,
                            since=since.date() if since else None,
                            until=until.date() if until else None,
                            refresh=refresh,
                            silent=silent,
                        )
                    )
                except moderngov.NoSuchCommittee as exc:
                    names = "; ".join(f"{c.id} {c.title}" for c in exc.available[:40]) or "none found"
                    failed = Tally(label=council or base, failures=[(base, f"{exc} (committees: {names})")])
                    tallies.append(failed)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("\ninterrupted: what was fetched is kept; run the same command again to resume", err=True)
        sys.exit(130)
    report(tallies, corpus, client)


def _list(councils, client: Client) -> None:
    for council, base in councils:
        try:
            found = moderngov.list_committees(base, client)
        except FetchError as exc:
            click.echo(f"# {council or base}: committees could not be listed ({exc})", err=True)
            continue
        click.echo(f"# {council} ({base})" if council else f"# {base}")
        for c in found:
            click.echo(f"{c.id}\t{c.title}" + ("\t(expired)" if c.expired else ""))


@fetch.command("urls")
@click.argument("list_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--corpus", required=True, type=click.Path(file_okay=False), help="Corpus folder to create or add to."
)
@click.option("--council", help="Council to record for every document in the list.")
@click.option("--committee", "body", help="Committee to record for every document in the list.")
@http_options
def urls_command(
    list_file,
    corpus,
    council,
    body,
    delay,
    timeout,
    retries,
    backoff,
    max_time,
    max_bytes,
    contact,
    user_agent,
    refresh,
    silent,
):
    """Documents from a plain list of URLs (one per line, # for comments)."""
    try:
        listed = urls.read_list(list_file)
    except urls.BadURLList as exc:
        raise click.ClickException(str(exc)) from exc
    client = make_client(delay, timeout, retries, backoff, max_time, max_bytes, contact, user_agent)
    try:
        with Corpus(corpus) as store:
            tallies = urls.fetch(
                listed,
                corpus=store,
                client=client,
                council=council,
                body=body,
                refresh=refresh,
                silent=silent,
            )
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("\ninterrupted: what was fetched is kept; run the same command again to resume", err=True)
        sys.exit(130)
    report(tallies, corpus, client)
