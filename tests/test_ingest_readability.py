"""article_body.PrunedDocument overrides readability-lxml's Document, private _parse included.
pyproject.toml pins readability-lxml to one minor version; these tests say so when an upgrade
changes what the overrides replace, so nobody learns it from pages that come back empty."""

import hashlib
import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from readability import Document

from articles.ingest.article_body import PrunedDocument

# The stock methods as PrunedDocument's overrides were written against (readability-lxml 0.9):
# a digest of each one's source. If an upgrade changes one, read the new code, bring the
# override in line, and update the digest.
STOCK_METHODS = {
    "_parse": "934b18d54cdab3ad",
    "get_link_density": "d34f6db113b91f9c",
    "remove_unlikely_candidates": "ad62d2637793aee7",
    "class_weight": "73202731c374cd79",
    "select_best_candidate": "94b46046aa39c59a",
    "get_article": "044e22f820fa9a42",
    "get_preserved_elements": "9879ecac4966e63d",
    "get_clean_html": "c1de7b39bfa29de8",
}
OVERRIDES = [
    name for name in vars(PrunedDocument) if not name.startswith("__") and hasattr(Document, name)
]


def digest(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def test_the_installed_readability_is_the_pinned_minor_version():
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    pin = next(d for d in pyproject["project"]["dependencies"] if d.startswith("readability"))
    low, high = re.fullmatch(r"readability-lxml>=([\d.]+),<([\d.]+)", pin).groups()
    minor = ".".join(version("readability-lxml").split(".")[:2])
    assert minor == ".".join(low.split(".")[:2]), f"{pin}, but {version('readability-lxml')}"


def test_every_override_is_known():
    assert sorted(OVERRIDES) == sorted(STOCK_METHODS)


@pytest.mark.parametrize("name", STOCK_METHODS)
def test_the_stock_method_an_override_replaces_is_unchanged(name):
    assert digest(getattr(Document, name)) == STOCK_METHODS[name], (
        f"readability-lxml {version('readability-lxml')} changed Document.{name}: "
        f"check PrunedDocument.{name} against it, then update its digest here."
    )


@pytest.mark.parametrize("name", STOCK_METHODS)
def test_each_override_takes_what_the_stock_method_takes_and_is_still_called(name):
    ours, stock = getattr(PrunedDocument, name), getattr(Document, name)
    assert list(inspect.signature(ours).parameters) == list(inspect.signature(stock).parameters)
    callers = [
        other
        for other, method in vars(Document).items()
        if callable(method) and f"self.{name}(" in inspect.getsource(method)
    ]
    assert callers, f"Document no longer calls {name}(): PrunedDocument's override is dead"
