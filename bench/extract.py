"""Extraction quality and speed on three corpora, beside raw readability-lxml and trafilatura.

    python bench/extract.py [mozilla] [snippets] [metadata]     # all three by default

Each set is scored by the team's shared scorers, in one run on this machine, with the peers
measured in the same run:
- mozilla (../shared/corpus/mozilla): Readability.js's expected text, token F1;
- snippets (../shared/corpus/snippets): passages that must and must not be in the text;
- metadata (../shared/corpus/metadata-dev): title, byline, published date, lead image.
A missing corpus or scorer is skipped with a message. `pipeline` is also usable alone:
    python ../shared/tools/extract_bench.py run --corpus CORPUS -e bench/extract.py:pipeline
    python ../shared/tools/meta_bench.py --corpus CORPUS --extractor bench/extract.py:pipeline

Mozilla's expected titles are Readability.js's, which keep the site's name ("Article |
Site"); newsreader removes it on purpose, so that table also scores the title as the page
states it. A page with no article is not saved; its metadata is still scored, as metadata.
"""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.ingest.clean import parse_html  # noqa: E402
from articles.ingest.errors import NoArticleFound  # noqa: E402
from articles.ingest.extract import extract  # noqa: E402
from articles.ingest.metadata import json_ld_article, meta_tags, read_metadata  # noqa: E402
from articles.ingest.titles import stated_title  # noqa: E402

SHARED = ROOT / ".." / "shared"
CORPORA = {
    "mozilla": SHARED / "corpus" / "mozilla",
    "snippets": SHARED / "corpus" / "snippets",
    "metadata": SHARED / "corpus" / "metadata-dev",
}
TEXT_SCORER = SHARED / "tools" / "extract_bench.py"
META_SCORER = SHARED / "tools" / "meta_bench.py"
META_PEERS = SHARED / "tools" / "meta_adapters.py"
RAW, TRAFILATURA, NEWSREADER = "readability-lxml (raw)", "trafilatura", "newsreader"


def pipeline(html: str, url: str) -> dict:
    """The whole pipeline, from decoded HTML to what would be stored."""
    try:
        article = extract(html, url)
    except NoArticleFound:
        return {"text": "", "html": "", **metadata_only(html, url)}
    return {
        "text": article.content_text,
        "html": article.content_html,
        "title": article.title,
        "byline": article.byline or None,
        "published": article.published_at.isoformat() if article.published_at else None,
        "site_name": article.site_name,
        "lead_image": article.lead_image_url,
    }


def metadata_only(html: str, url: str) -> dict:
    root = parse_html(html)
    if root is None:
        return {"title": None, "byline": None}
    meta = read_metadata(root, url)
    return {
        "title": meta.title,
        "byline": meta.byline or None,
        "published": meta.published_at.isoformat() if meta.published_at else None,
        "site_name": meta.site_name,
        "lead_image": meta.lead_image_url,
    }


def title_as_stated(html: str, url: str) -> dict:
    """Only the title the page states, before newsreader removes the site's name from it."""
    root = parse_html(html)
    title = stated_title(root, meta_tags(root), json_ld_article(root)) if root is not None else ""
    return {"text": "", "title": title}


def load_module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _pct(value) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def _relative(path: Path) -> str:
    return str(Path("..") / path.resolve().relative_to(SHARED.resolve().parent))


# -- text: Mozilla and snippets --------------------------------------------------------------


def score_text(scorer, corpus: Path) -> tuple[dict, list]:
    _, pages = scorer.load_corpus(corpus)
    runs = {}
    for name, function in (
        (RAW, scorer.readability_lxml),
        (TRAFILATURA, scorer.trafilatura_default),
        (NEWSREADER, pipeline),
    ):
        print(f"scoring {name} on {len(pages)} pages of {corpus.name}...", file=sys.stderr)
        runs[name] = scorer.run_extractor(name, function, pages, 60.0, True, None, False)
    return runs, pages


def table(heading: str, columns: list[str], rows: list[list]) -> list[str]:
    """A markdown table under its heading, one row per extractor."""
    lines = [f"### {heading}", "", f"| {' | '.join(columns)} |", "|---" * len(columns) + "|"]
    return lines + [f"| {' | '.join(map(str, row))} |" for row in rows]


def mozilla_table(scorer, corpus: Path) -> str:
    runs, pages = score_text(scorer, corpus)
    stated = scorer.run_extractor("stated titles", title_as_stated, pages, 60.0, True, None, False)
    baseline = runs[RAW]["summary"]["median_ms"]
    rows = []
    for name, run in runs.items():
        s = run["summary"]
        rows.append([
            name, f"{s['f1']:.3f}", _pct(s["share_f1_ge_0.9"]), _pct(s.get("title_exact")),
            f"{_pct(s['byline_exact'])} / {_pct(s['byline_lenient'])}", f"{s['median_ms']:.1f}",
            f"{s['median_ms'] / baseline:.2f}",
        ])  # fmt: skip
    columns = ["extractor", "mean F1", "F1 >= 0.9", "title exact", "byline exact / lenient"]
    lines = table(
        f"Mozilla ({_relative(corpus)}, {len(pages)} pages)",
        [*columns, "median ms", "time / readability-lxml"],
        rows,
    )
    lines += [
        "",
        f"newsreader's titles before it removes the site's name: "
        f"{_pct(stated['summary']['title_exact'])} exact (the expected titles keep it).",
    ]
    return "\n".join(lines)


def snippets_table(scorer, corpus: Path) -> str:
    runs, pages = score_text(scorer, corpus)
    raw_pages = {p["page"]: p for p in runs[RAW]["pages"]}
    baseline = runs[RAW]["summary"]["median_ms"]
    rows = []
    for name, run in runs.items():
        s = run["summary"]
        lost = sum(p["empty"] and not raw_pages[p["page"]]["empty"] for p in run["pages"])
        rows.append([
            name, f"{s['snip_score']:.3f}", _pct(s["share_all_with"]),
            _pct(s["share_no_without"]), s["empty"], lost, f"{s['median_ms']:.1f}",
            f"{s['median_ms'] / baseline:.2f}",
        ])  # fmt: skip
    columns = ["extractor", "page score", "all 'with' found", "no 'without' found"]
    columns += ["empty pages", "empty where readability-lxml has text"]
    heading = f"Snippets ({_relative(corpus)}, {len(pages)} pages)"
    return "\n".join(table(heading, [*columns, "median ms", "time / readability-lxml"], rows))


# -- metadata ----------------------------------------------------------------------------------


def metadata_table(scorer, corpus: Path) -> str:
    _, pages = scorer.load_corpus(corpus)
    peers = load_module("meta_adapters", META_PEERS)
    runs = {}
    for name, function in (
        (f"{RAW} (title only)", peers.readability_title),
        (TRAFILATURA, peers.trafilatura_metadata),
        (NEWSREADER, pipeline),
    ):
        print(f"scoring {name} on {len(pages)} pages of {corpus.name}...", file=sys.stderr)
        runs[name] = scorer.run_extractor(name, function, pages, 60.0, False)
    n = {field: s["n"] for field, s in runs[NEWSREADER]["summary"].items()}
    columns = [
        "extractor", f"title exact (n={n['title']})", f"byline lenient (n={n['byline']})",
        f"date exact (n={n['published']})", f"image lenient (n={n['lead_image']})",
        f"site name exact (n={n['site_name']})", "median ms",
    ]  # fmt: skip
    rows = []
    for name, run in runs.items():
        s = run["summary"]
        rows.append([
            name, _pct(s["title"]["exact_rate"]), _pct(s["byline"]["lenient_rate"]),
            _pct(s["published"]["exact_rate"]), _pct(s["lead_image"]["lenient_rate"]),
            _pct(s["site_name"]["exact_rate"]), f"{run['ms_median']:.1f}",
        ])  # fmt: skip
    heading = f"Metadata ({_relative(corpus)}, {len(pages)} pages)"
    return "\n".join(table(heading, columns, rows))


def main() -> int:
    wanted = sys.argv[1:] or list(CORPORA)
    unknown = [name for name in wanted if name not in CORPORA]
    if unknown:
        print(f"Unknown set {unknown[0]!r}: choose among {', '.join(CORPORA)}.", file=sys.stderr)
        return 2
    tables = []
    for name in wanted:
        corpus = CORPORA[name]
        scorer_path = META_SCORER if name == "metadata" else TEXT_SCORER
        if not corpus.is_dir() or not scorer_path.is_file():
            print(f"Skipping {name}: needs {corpus} and {scorer_path}.", file=sys.stderr)
            continue
        if name == "metadata":
            tables.append(metadata_table(load_module("meta_bench", META_SCORER), corpus))
        else:
            scorer = load_module("extract_bench", TEXT_SCORER)
            table = mozilla_table if name == "mozilla" else snippets_table
            tables.append(table(scorer, corpus))
    print("\n\n".join(tables))
    return 0


if __name__ == "__main__":
    sys.exit(main())
