"""Benchmark: scrutiny build against bare C text extraction, on the same files, in one run.

    python bench/run.py [--docs N] [--rows 1000000] [--skip-big]

Prints one JSON object and appends it to bench/results.jsonl. Every target is a ratio against a
baseline measured in this same run, so results from different machines stay comparable:

- build_vs_pdftotext: build pages/s (1 worker, parse + extract + store) / pdftotext pages/s
- workers_speedup: build pages/s with all cores / with 1 worker
- noop_rebuild_vs_build: seconds of a re-run over the unchanged corpus / seconds of the build
- rss_4n_vs_n: peak RSS of a build of 4N documents / of N documents
- big database: p50/p95 ms of each canned query and a full-text search through Datasette
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from generate import generate  # noqa: E402

WORK = HERE / "work"


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def pdftotext_seconds(pdfs: list[Path]) -> float:
    if not shutil.which("pdftotext"):
        sys.exit("pdftotext not found: install poppler-utils (apt-get install poppler-utils)")
    start = time.perf_counter()
    for pdf in pdfs:
        subprocess.run(["pdftotext", "-q", str(pdf), "-"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def build_cmd(corpus: Path, db: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline.cli",
        "build",
        str(corpus),
        "--db",
        str(db),
        "--silent",
        "--workers",
        str(workers),
    ]


def peak_rss_mb(corpus: Path, db: Path) -> float:
    """Peak RSS of a one-worker build, measured inside a fresh interpreter."""
    code = (
        "import resource, sys; from pipeline.build import build; build([sys.argv[1]], sys.argv[2]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(corpus), str(db)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def fresh(path: Path) -> Path:
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    return path


def big_database(path: Path, rows: int) -> None:
    """A synthetic published database with ``rows`` recommendations (and proportionate others)."""
    import bigdb

    bigdb.big_database(path, rows)


def query_latencies(path: Path, runs: int = 20) -> dict:
    """p50/p95 ms of every canned query in its common forms and of full-text search, through Datasette."""
    import bigdb

    return bigdb.query_latencies(path, runs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=60, help="documents in the N corpus (4N is built too)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="recommendations in the big database")
    parser.add_argument("--skip-big", action="store_true", help="skip the big-database query timings")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    cores = os.cpu_count() or 1

    corpus_n, corpus_4n = WORK / f"corpus_{args.docs}", WORK / f"corpus_{args.docs * 4}"
    if not corpus_n.exists():
        generate(corpus_n, args.docs, seed=1)
    if not corpus_4n.exists():
        generate(corpus_4n, args.docs * 4, seed=2)
    pdf_dir = corpus_n / "pdf"
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    import pypdfium2

    pages = sum(len(pypdfium2.PdfDocument(p)) for p in pdfs)

    baseline = pdftotext_seconds(pdfs)
    one = timed(build_cmd(pdf_dir, fresh(WORK / "one.db"), 1))
    noop = timed(build_cmd(pdf_dir, WORK / "one.db", 1))
    many = timed(build_cmd(pdf_dir, fresh(WORK / "many.db"), cores))
    rss_n = peak_rss_mb(corpus_n, fresh(WORK / "rss_n.db"))
    rss_4n = peak_rss_mb(corpus_4n, fresh(WORK / "rss_4n.db"))

    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": f"{platform.machine()} {cores} cores, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "docs": args.docs,
        "pdfs": len(pdfs),
        "pdf_pages": pages,
        "pdftotext_pages_per_s": round(pages / baseline, 1),
        "build_pages_per_s_1_worker": round(pages / one, 1),
        "build_pages_per_s_all_cores": round(pages / many, 1),
        "noop_rebuild_s": round(noop, 2),
        "peak_rss_mb_n": round(rss_n, 1),
        "peak_rss_mb_4n": round(rss_4n, 1),
        "build_vs_pdftotext": round(baseline / one, 3),
        "workers_speedup": round(one / many, 3),
        "noop_rebuild_vs_build": round(noop / one, 3),
        "rss_4n_vs_n": round(rss_4n / rss_n, 3),
    }
    if not args.skip_big:
        big = WORK / "big.db"
        start = time.perf_counter()
        big_database(big, args.rows)
        result["big_rows"] = args.rows
        result["big_build_s"] = round(time.perf_counter() - start, 1)
        result["big_queries"] = query_latencies(big)
        result["big_p95_ms_max"] = max(q["p95_ms"] for q in result["big_queries"].values())
    print(json.dumps(result, indent=2))
    with (HERE / "results.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
