"""The Readability.js test pages, unpacked once per test run from tests/fixtures/."""

import atexit
import functools
import shutil
import tarfile
import tempfile
from pathlib import Path

ARCHIVE = Path(__file__).parent / "fixtures" / "mozilla-corpus.tar.xz"
PAGE_URL = "http://fakehost/test/page.html"  # the address Readability.js's own tests use


@functools.cache
def corpus_dir() -> Path:
    target = Path(tempfile.mkdtemp(prefix="mozilla-corpus-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    with tarfile.open(ARCHIVE) as archive:
        archive.extractall(target, filter="data")
    return target / "mozilla"


def page_names() -> list[str]:
    return sorted(p.name for p in corpus_dir().iterdir() if (p / "source.html").exists())


def source(page: str) -> str:
    return (corpus_dir() / page / "source.html").read_text(encoding="utf-8")


@functools.cache
def extracted(page: str):
    """extract() of a corpus page, computed once per run; None when it finds no article."""
    from articles.ingest.errors import NoArticleFound
    from articles.ingest.extract import extract

    try:
        return extract(source(page), PAGE_URL)
    except NoArticleFound:
        return None
