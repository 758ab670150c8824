"""The ``scrutiny`` command: a thin click layer over the library.

The library raises named exceptions; this module turns them into one-line messages that say
what to do, and shows progress that ``--silent`` turns off.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs.

    Every command imports its library inside its body, so ``scrutiny --help`` and a re-run of
    ``scrutiny build`` with nothing to do start in a few tens of milliseconds. ``LAZY`` lists the
    subcommands defined in other modules, with the one-line help ``scrutiny --help`` shows.
    """

    LAZY = {
        # `scrutiny fetch moderngov|urls`: council websites into a corpus folder (see pipeline/fetch/).
        "fetch": (
            "pipeline.fetch.cli:fetch",
            "Fetch committee papers from council websites into a corpus folder.",
        )
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.LAZY:
            return super().get_command(ctx, name)
        module, attr = self.LAZY[name][0].split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's command list, with the lazy subcommands' help taken from ``LAZY``, not imported."""
        commands = [
            (name, click.Command(name, help=self.LAZY[name][1]) if name in self.LAZY else self.commands[name])
            for name in self.list_commands(ctx)
        ]
        commands = [(name, cmd) for name, cmd in commands if not cmd.hidden]
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        with formatter.section("Commands"):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])


@click.group(cls=LazyGroup)
@click.version_option(package_name="scrutiny-miner")
def cli() -> None:
    """scrutiny-miner: councils' children's safeguarding papers into a citable database."""


def _progress(silent: bool):
    if silent:
        return None, None
    bar = click.progressbar(length=1, label="Building", show_pos=True, file=sys.stderr)

    def update(outcome, done, total):
        bar.length = total
        bar.update(done - bar.pos)

    return bar, update


def run_build(
    paths,
    db,
    workers=1,
    dask_scheduler=None,
    prune=False,
    silent=False,
    strict=False,
    max_bytes=None,
    doc_timeout=None,
    max_memory=None,
    follow_links=False,
) -> None:
    """Build and print the end-of-run summary; exit non-zero on --strict failures or no input."""
    from pipeline import build as build_mod
    from pipeline.ingest import IngestError
    from pipeline.lock import BuildLocked

    bar, update = _progress(silent)
    limits = _limits(max_memory, doc_timeout)
    kwargs = {
        "workers": workers,
        "dask_scheduler": dask_scheduler,
        "prune": prune,
        "progress": update,
        "limits": limits,
        "follow_links": follow_links,
    }
    if max_bytes:
        kwargs["max_bytes"] = max_bytes
    try:
        if bar:
            with bar:
                summary = build_mod.build(list(paths), db, **kwargs)
        else:
            summary = build_mod.build(list(paths), db, **kwargs)
    except (IngestError, BuildLocked) as exc:
        raise click.ClickException(str(exc)) from exc
    records = ", ".join(f"{n} {t}" for t, n in sorted(summary.records.items())) or "no new records"
    click.echo(
        f"{db}: {summary.total} documents: {summary.new} new, {summary.unchanged} unchanged, "
        f"{summary.failed} failed" + (f", {summary.pruned} pruned" if prune else "") + f"; {records}.",
        err=True,
    )
    from pipeline.ingest import safe_text

    for failure in summary.failures:  # escaped: a file name must not write to the terminal
        click.echo(f"  failed: {safe_text(failure)}", err=True)
    if summary.failed:
        click.echo(f"  (see the errors table: sqlite-utils {db} 'select * from errors')", err=True)
    if summary.total and summary.failed == summary.total:
        raise click.ClickException("no document could be read")
    if strict and summary.failed:
        raise click.ClickException(f"{summary.failed} document(s) failed and --strict is set")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--db",
    default="scrutiny.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite database to create or update.",
)
@click.option("--workers", default=1, show_default=True, help="Worker processes for parse and extract.")
@click.option(
    "--dask-scheduler",
    default=None,
    metavar="ADDRESS",
    help="Run parse and extract on a Dask cluster (e.g. tcp://host:8786); this process writes.",
)
@click.option("--prune", is_flag=True, help="Remove documents no longer present in PATHS.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any document fails.")
@click.option(
    "--max-bytes", type=int, default=None, help="Refuse source files larger than this [default: 100 MB]."
)
@click.option(
    "--doc-timeout",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Give up on a document after this long (0: no limit) [default: 300].",
)
@click.option(
    "--max-memory",
    type=int,
    default=None,
    metavar="MB",
    help="Memory one worker may use for a document (0: no limit) [default: 2048].",
)
@click.option("--follow-links", is_flag=True, help="Read symbolic links that lead out of a folder.")
@click.option("--silent", is_flag=True, help="No progress bar.")
def build(
    paths,
    db,
    workers,
    dask_scheduler,
    prune,
    strict,
    max_bytes,
    doc_timeout,
    max_memory,
    follow_links,
    silent,
):
    """Build or update a database from files, folders and corpus manifests.

    PATHS may mix .pdf, .html/.htm and .txt files, folders of them, and folders holding a
    manifest.jsonl (whose council, committee, date and URL are kept with each document).
    """
    run_build(
        paths,
        db,
        workers=workers,
        dask_scheduler=dask_scheduler,
        prune=prune,
        silent=silent,
        strict=strict,
        max_bytes=max_bytes,
        doc_timeout=doc_timeout,
        max_memory=max_memory,
        follow_links=follow_links,
    )


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--only", multiple=True, help="Only these extractors (repeatable).")
@click.option(
    "--doc-timeout", type=float, default=None, metavar="SECONDS", help="As for build [default: 300]."
)
@click.option("--max-memory", type=int, default=None, metavar="MB", help="As for build [default: 2048].")
def extract(path, only, doc_timeout, max_memory):
    """Print the records found in one document, as JSON lines (nothing is stored).

    The document is read in a worker process under the build's limits, so a hostile file ends
    with a message, not a crash or a hang."""
    import extractors
    from pipeline import workers as pool
    from pipeline.process import extract_file

    try:
        chosen = [extractors.get(name) for name in only] if only else list(extractors.REGISTRY.values())
    except extractors.UnknownExtractor as exc:
        raise click.ClickException(exc.args[0]) from exc
    task = (str(path), tuple(ex.name for ex in chosen))
    ((_, result),) = pool.run([task], extract_file, 1, _limits(max_memory, doc_timeout))
    if isinstance(result, pool.Lost):
        raise click.ClickException(f"{path}: {result.detail}")
    if isinstance(result, str):
        raise click.ClickException(result)
    for row in result:
        click.echo(json.dumps(row, ensure_ascii=False))


def _limits(max_memory: int | None, doc_timeout: float | None):
    """The limits per document given on the command line (None: the default; 0: none)."""
    from pipeline import workers as pool

    return pool.Limits(
        memory_mb=pool.DEFAULT_MEMORY_MB if max_memory is None else (max_memory or None),
        seconds=pool.DEFAULT_SECONDS if doc_timeout is None else (doc_timeout or None),
    )


@cli.command()
@click.option("--db", default="scrutiny.db", show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (local only by default)."
)
@click.option("--port", default=8001, show_default=True)
def serve(db, host, port):
    """Serve a database read-only with Datasette and the project's metadata.

    What is served is a snapshot taken at start (the database file itself is never written, and a
    build may go on writing it); restart serve to show a later build.
    """
    import tempfile

    from pipeline.publish import site as publish

    with tempfile.TemporaryDirectory(prefix="scrutiny-serve-") as folder:
        try:
            copy = publish.snapshot(db, Path(folder))
        except publish.PublishError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Serving a snapshot of {db} at http://{host}:{port}/scrutiny (Ctrl+C to stop)", err=True)
        publish.serve(copy, host=host, port=port)


@cli.command()
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--db", default="scrutiny.db", show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace OUT if it already holds files.")
def publish(out, db, force):
    """Write a deployable Datasette folder OUT: optimised database, metadata, plugins.

    Serve it with 'datasette serve OUT' (read-only, 127.0.0.1); OUT/README.md says how to deploy.
    """
    from pipeline.publish import site as publish_mod

    try:
        folder = publish_mod.bundle(db, out, force=force)
    except publish_mod.PublishError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Published {db} to {folder}/; serve it with: datasette serve {folder}", err=True)


@cli.command()
@click.option("--db", default="scrutiny.db", show_default=True, type=click.Path(dir_okay=False))
@click.option("--port", default=8001, show_default=True)
@click.option("--no-serve", is_flag=True, help="Build the database only.")
def demo(db, port, no_serve):
    """Build the bundled sample corpus into a database and serve it."""
    run_build([str(CORPUS)], db)
    if not no_serve:
        serve.callback(db=db, host="127.0.0.1", port=port)


@cli.command()
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of gold JSON files (one per document, named after the document).",
)
@click.option("--db", default="scrutiny.db", show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--min-f1", type=float, default=None, help="Exit non-zero if any record type's F1 is below this."
)
@click.option(
    "--min-fields",
    type=float,
    default=None,
    help="Exit non-zero if any field accuracy with data (caseload role/kind, witness position, "
    "rating year, document council/date/body) is below this.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List every missed and extra record.")
def evaluate(gold_dir, db, min_f1, min_fields, as_json, verbose):
    """Score a built database against gold annotations: precision, recall, F1 per record type."""
    from pipeline import evaluate as ev

    try:
        report = ev.evaluate(db, gold_dir)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else ev.format_report(report, verbose))
    if report.missing:
        raise click.ClickException(f"{len(report.missing)} gold document(s) are not in {db}")
    if min_f1 is not None and report.worst_f1 < min_f1:
        raise click.ClickException(f"lowest F1 {report.worst_f1:.3f} is below --min-f1 {min_f1}")
    worst = report.worst_field
    if min_fields is not None and worst and worst[1] < min_fields:
        raise click.ClickException(
            f"{worst[0]} accuracy {worst[1]:.3f} is below --min-fields {min_fields} (-v lists the misses)"
        )


@cli.group()
def reference() -> None:
    """Official reference data shipped with the package (DfE workforce, Ofsted ILACS, ONS lookup).

    Every build loads it into official_workforce, official_inspections and ons_authorities, and
    the caseload_checks, rating_checks and council_timeline views compare it with the papers.
    """


@reference.command("refresh")
@click.option(
    "--workforce",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Newer DfE csww_indicators CSV (same columns as the shipped workforce.csv).",
)
@click.option(
    "--inspections",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Newer Ofsted ILACS inspection history CSV (same columns as inspections.csv).",
)
@click.option(
    "--lookup",
    type=click.Path(exists=True, dir_okay=False),
    help="Newer ONS LTLA-UTLA lookup CSV (optional).",
)
@click.option(
    "--dest",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of the copies to replace [default: the package's pipeline/data/reference].",
)
def reference_refresh(workforce, inspections, lookup, dest):
    """Validate newer official files and replace the shipped copies with them."""
    from pipeline import reference as ref

    try:
        summary = ref.refresh(workforce, inspections, lookup, dest=dest or ref.REFERENCE_DIR)
    except ref.ReferenceDataError as exc:
        raise click.ClickException(f"{exc}; nothing was replaced") from exc
    for line in summary.values():
        click.echo(f"replaced {line}", err=True)
    click.echo("Load them with 'scrutiny reference load --db FILE' or a new build.", err=True)


@reference.command("load")
@click.option("--db", default="scrutiny.db", show_default=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--dir",
    "directory",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Folder holding workforce.csv, inspections.csv and lookup.csv [default: the shipped copies].",
)
def reference_load(db, directory):
    """(Re)load the reference tables and comparison views into an existing database.

    It takes the database's build lock, as a build does: a reload during a build would interleave
    its writes with the build's and leave the stored answers' fingerprint out of step."""
    import sqlite_utils

    from pipeline import reference as ref
    from pipeline.lock import BuildLocked, build_lock

    try:
        with build_lock(db):
            database = sqlite_utils.Database(db)
            if "documents" not in database.table_names():
                raise click.ClickException(
                    f"{db}: not a scrutiny database; run 'scrutiny build PATH --db {db}' first"
                )
            counts = ref.load_reference(database, directory or ref.REFERENCE_DIR)
    except (ref.ReferenceDataError, BuildLocked) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{db}: " + ", ".join(f"{n} {t}" for t, n in counts.items()) + ".", err=True)


if __name__ == "__main__":
    cli()
