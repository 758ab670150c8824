"""The corpus folder: content-addressed raw files, append-only manifest, atomic resume state."""

from __future__ import annotations

import hashlib
import json

import pytest

from pipeline.fetch.corpus import Corpus, CorpusError, safe_name
from pipeline.ingest import read_manifest


def test_store_is_content_addressed_and_idempotent(tmp_path):
    corpus = Corpus(tmp_path)
    path, sha = corpus.store(b"%PDF-1.4 one", ".pdf")
    again, sha2 = corpus.store(b"%PDF-1.4 one", ".pdf")
    assert path == again == f"raw/{hashlib.sha256(b'%PDF-1.4 one').hexdigest()}.pdf" and sha == sha2
    assert (tmp_path / path).read_bytes() == b"%PDF-1.4 one"
    assert len(list((tmp_path / "raw").iterdir())) == 1


@pytest.mark.parametrize("ext", ["/../../x", ".pdf/..", "", ".PDF;rm"])
def test_store_refuses_unsafe_extensions(tmp_path, ext):
    with pytest.raises(ValueError):
        Corpus(tmp_path).store(b"x", ext)


@pytest.mark.parametrize(
    "text, name",
    [
        ("../../etc/passwd", "etc_passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("Report: final?.pdf", "Report_ final_.pdf"),
        ("..", "document"),
        ("", "document"),
    ],
)
def test_safe_name_cannot_leave_the_folder(text, name):
    assert safe_name(text) == name and "/" not in safe_name(text)


def test_manifest_is_append_only_and_readable_by_the_build(tmp_path):
    corpus = Corpus(tmp_path)
    path, sha = corpus.store(b"hello text", ".txt")
    corpus.append({"path": path, "url": "https://x.gov.uk/a", "council": "X", "sha256": sha})
    corpus.append(
        {"path": path, "url": "https://x.gov.uk/a", "council": "X", "title": "later", "sha256": sha}
    )
    lines = (tmp_path / "manifest.jsonl").read_text().splitlines()
    assert len(lines) == 2
    sources = read_manifest(tmp_path / "manifest.jsonl")
    assert len(sources) == 1 and sources[0].meta["title"] == "later"
    assert Corpus(tmp_path).known("https://x.gov.uk/a")["title"] == "later"


def test_known_needs_the_raw_file(tmp_path):
    corpus = Corpus(tmp_path)
    path, sha = corpus.store(b"hello", ".txt")
    corpus.append({"path": path, "url": "https://x.gov.uk/a", "sha256": sha})
    (tmp_path / path).unlink()
    assert Corpus(tmp_path).known("https://x.gov.uk/a") is None


def test_a_torn_last_line_is_dropped_on_open(tmp_path):
    (tmp_path / "manifest.jsonl").write_text('{"path": "raw/a.txt", "url": "u"}\n{"path": "raw/b')
    corpus = Corpus(tmp_path)
    assert (tmp_path / "manifest.jsonl").read_text() == '{"path": "raw/a.txt", "url": "u"}\n'
    assert [e["path"] for e in corpus.entries()] == ["raw/a.txt"]


def test_leftover_temporary_files_are_removed(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / ".abc.tmp").write_bytes(b"half a download")
    Corpus(tmp_path)
    assert not list((tmp_path / "raw").iterdir())


def test_state_survives_and_is_written_atomically(tmp_path):
    with Corpus(tmp_path) as corpus:
        corpus.set_validators("https://x.gov.uk/a", {"etag": '"1"'})
        corpus.finish_meeting("base|1|2", "2014-06-26")
    state = json.loads((tmp_path / ".fetch-state.json").read_text())
    assert state["validators"]["https://x.gov.uk/a"] == {"etag": '"1"'}
    again = Corpus(tmp_path)
    assert again.meeting("base|1|2")["date"] == "2014-06-26"
    assert not list(tmp_path.glob("*.tmp"))


def test_a_corrupt_state_file_starts_afresh(tmp_path):
    (tmp_path / ".fetch-state.json").write_text("{not json")
    assert Corpus(tmp_path).validators("https://x.gov.uk/a") == {}


def test_two_fetches_cannot_write_one_corpus(tmp_path):
    with Corpus(tmp_path), pytest.raises(CorpusError, match="another fetch"):
        with Corpus(tmp_path):
            pass


def test_an_unusable_folder_says_so(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(CorpusError, match="choose a writable --corpus"):
        Corpus(tmp_path / "file" / "corpus")
