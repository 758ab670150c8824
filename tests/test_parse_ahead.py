"""The head start (pipeline/parse_ahead.py): documents parsed while the build loads its extractors
are extracted exactly as if a worker had parsed them, and whatever it did not finish, could not
parse or crashed on is left to the workers, so a build's outcomes never depend on it."""

from __future__ import annotations

import hashlib
import time

from conftest import CORPUS
from hostile import bomb_pdf, papers, rows

from pipeline import build as build_module
from pipeline import parse_ahead
from pipeline.ingest import discover
from pipeline.parse import MAX_BYTES
from pipeline.workers import Limits


def _corpus(tmp_path):
    """The bundled corpus's documents (PDF, HTML, text), two good papers, a broken one and a bomb."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted((CORPUS / "documents").iterdir()):
        (folder / path.name).write_bytes(path.read_bytes())
    papers(folder, 2)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF")
    (folder / "zz-bomb.pdf").write_bytes(bomb_pdf(2_000_000))  # over 300 MB once pdfium reads it
    return folder, discover([folder])


def _finished(ahead: parse_ahead.Ahead, seconds: float = 120) -> None:
    """Wait until every parser has gone through all its documents (or died)."""
    for process in ahead.processes:
        process.join(seconds)


def test_what_was_parsed_ahead_extracts_to_the_same_outcome(tmp_path):
    _, sources = _corpus(tmp_path)
    known = hashlib.sha256(sources[0].path.read_bytes()).hexdigest()
    ahead = parse_ahead.start(sources, 2, MAX_BYTES, Limits(memory_mb=300), frozenset({known}))
    try:
        _finished(ahead)
        parsed = ahead.stop()
        names = {sources[i].name for i in parsed}
        # Everything that parses, but what the database already has, what is broken and the bomb.
        assert sources[0].name not in names
        assert "broken.pdf" not in names and "zz-bomb.pdf" not in names
        assert len(names) == len(sources) - 3
        for index, path in parsed.items():
            source = sources[index]
            head = build_module._process_in_worker(source, MAX_BYTES, None, path)
            plain = build_module._process_in_worker(source, MAX_BYTES, None)
            assert head.status == plain.status == "new", source.name
            assert head.sha256 == plain.sha256
            assert head.doc.text == plain.doc.text and head.doc.pages == plain.doc.pages
            assert head.metadata == plain.metadata
            assert head.records == plain.records, source.name
    finally:
        ahead.close()
    assert not ahead.folder.exists()


def test_a_parser_stopped_at_any_moment_leaves_only_whole_documents(tmp_path):
    _, sources = _corpus(tmp_path)
    for wait in (0.0, 0.05, 0.2, 0.5):
        ahead = parse_ahead.start(sources, 1, MAX_BYTES, Limits(memory_mb=300), frozenset())
        try:
            time.sleep(wait)
            for path in ahead.stop().values():
                assert parse_ahead.load(path) is not None, path
        finally:
            ahead.close()


def test_a_head_start_that_cannot_be_read_back_is_not_used(tmp_path):
    _, sources = _corpus(tmp_path)
    garbled = tmp_path / "0.parsed"
    garbled.write_bytes(b"not a pickle")
    source = next(s for s in sources if s.name.endswith(".pdf") and s.name != "broken.pdf")
    head = build_module._process_in_worker(source, MAX_BYTES, None, garbled)
    plain = build_module._process_in_worker(source, MAX_BYTES, None)
    assert head.status == "new" and head.records == plain.records


def test_a_build_with_a_head_start_stores_what_one_without_it_stores(tmp_path, monkeypatch):
    """Two workers with a head start that certainly covers documents (the load is made slower),
    against one worker, which never has one: the same documents, records and errors."""
    folder, sources = _corpus(tmp_path)
    one = tmp_path / "one.db"
    build_module.build([folder], one, workers=1, limits=Limits(memory_mb=300))

    used = []
    stop, preload = parse_ahead.Ahead.stop, build_module._preload

    def slow_preload(todo):
        preload(todo)
        time.sleep(3)  # the parser gets through the corpus meanwhile

    def counting_stop(self):
        parsed = stop(self)
        used.append(len(parsed))
        return parsed

    monkeypatch.setattr(build_module, "_spare_cores", lambda workers: 1)
    monkeypatch.setattr(build_module, "_preload", slow_preload)
    monkeypatch.setattr(parse_ahead.Ahead, "stop", counting_stop)
    two = tmp_path / "two.db"
    build_module.build([folder], two, workers=2, limits=Limits(memory_mb=300))
    assert used[0] == len(sources) - 2  # all but the broken one and the bomb

    for sql in (
        "select path, sha256, status, council, date, title, text from documents order by path",
        "select path, error_type from errors order by path",
        "select * from recommendations order by id",
        "select * from ofsted_ratings order by id",
        "select * from caseloads order by id",
        "select * from witnesses order by id",
    ):
        assert rows(one, sql) == rows(two, sql), sql
    assert rows(two, "select path, error_type from errors order by path") == [
        ("corpus/broken.pdf", rows(one, "select error_type from errors where path like '%broken%'")[0][0]),
        ("corpus/zz-bomb.pdf", "crashed"),
    ]


def test_a_build_leaves_the_collector_as_it_found_it(tmp_path):
    """The build freezes what it loaded for its forked workers' sake; a caller that goes on (a
    test run, a library user) gets every object back under the collector afterwards."""
    import gc

    folder, _ = _corpus(tmp_path)
    gc.unfreeze()
    build_module.build([folder], tmp_path / "gc.db", workers=2, limits=Limits(memory_mb=300))
    assert gc.get_freeze_count() == 0
