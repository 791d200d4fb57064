"""SECURITY.md is the project's own, and every citation of it names a section it has."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITATION = re.compile(r"SECURITY\.md,?\s+(?:section\s+)?[“\"]([^”\"]+)[”\"]")


def sections() -> set[str]:
    text = (ROOT / "SECURITY.md").read_text()
    return {line[3:].strip() for line in text.splitlines() if line.startswith("## ")}


def citing_files():
    for folder in ("articles", "newsreader", "tests", "deploy", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html", ".sh") and "SECURITY.md" in path.read_text():
                yield path


def test_every_citation_names_a_section_of_security_md():
    cited = {}
    for path in citing_files():
        text = path.read_text()
        assert not re.search(r"SECURITY\.md section \d", text), f"{path}: cite the section by name"
        for name in CITATION.findall(text):
            cited.setdefault(" ".join(name.split()), path)
    missing = {name: str(path) for name, path in cited.items() if name not in sections()}
    assert not missing
    assert len(cited) >= 6  # the code and the tests do cite it


def test_it_covers_what_a_deployer_needs_to_know():
    for section in (
        "Reporting a vulnerability",
        "Who can do what",
        "What the fetcher refuses",
        "The sanitiser",
        "Content Security Policy",
        "Limits and user input",
    ):
        assert section in sections()
