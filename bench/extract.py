"""Extraction quality and speed: newsreader's pipeline beside raw readability-lxml and trafilatura.

    python bench/extract.py [CORPUS]      # default /work/shared/corpus/mozilla, or $EXTRACT_CORPUS

Scores with the shared scorer (/work/shared/tools/extract_bench.py, or $EXTRACT_BENCH) so the
numbers mean what they mean everywhere else. `pipeline` is also usable on its own:
    python extract_bench.py run --corpus CORPUS -e bench/extract.py:pipeline

The corpus's expected titles are Readability.js's, which keep the site's name ("Article |
Site"); newsreader removes it on purpose. So the table also scores the title as the page
states it, before that removal: the two columns together show what the removal costs.
"""

import importlib.util
import os
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

DEFAULT_CORPUS = "/work/shared/corpus/mozilla"
DEFAULT_SCORER = "/work/shared/tools/extract_bench.py"
RAW = "readability-lxml (raw)"


def pipeline(html: str, url: str) -> dict:
    """The whole pipeline, from decoded HTML to what would be stored."""
    try:
        article = extract(html, url)
    except NoArticleFound:
        # Nothing is saved; the metadata is still scored, as metadata reading.
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


def load_scorer(path: str):
    spec = importlib.util.spec_from_file_location("extract_bench", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_bench"] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    corpus = Path(
        sys.argv[1] if len(sys.argv) > 1 else os.environ.get("EXTRACT_CORPUS", DEFAULT_CORPUS)
    )
    scorer_path = os.environ.get("EXTRACT_BENCH", DEFAULT_SCORER)
    if not corpus.is_dir() or not Path(scorer_path).is_file():
        print(f"Needs the corpus ({corpus}) and the scorer ({scorer_path}).", file=sys.stderr)
        return 2
    bench = load_scorer(scorer_path)
    _, pages = bench.load_corpus(corpus)

    def score(name, function):
        print(f"scoring {name} on {len(pages)} pages...", file=sys.stderr)
        return bench.run_extractor(name, function, pages, 60.0, True, None, False)["summary"]

    summaries = {
        RAW: score(RAW, bench.readability_lxml),
        "trafilatura": score("trafilatura", bench.trafilatura_default),
        "newsreader": score("newsreader", pipeline),
    }
    stated = score("newsreader's stated titles", title_as_stated)
    print(render(summaries, stated, corpus, len(pages)))
    return 0


def _pct(value) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def render(summaries: dict, stated: dict, corpus: Path, pages: int) -> str:
    baseline = summaries[RAW]["median_ms"]
    lines = [
        f"Corpus {corpus} ({pages} pages; titles scored on {stated['title_pages']}, "
        f"bylines on {summaries[RAW]['byline_pages']})",
        "",
        "| extractor | mean F1 | F1 >= 0.9 | title exact | byline exact / lenient "
        "| median ms | time / readability-lxml |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in summaries.items():
        title, byline = _pct(s.get("title_exact")), _pct(s["byline_exact"])
        lines.append(
            f"| {name} | {s['f1']:.3f} | {_pct(s['share_f1_ge_0.9'])} | {title}"
            f" | {byline} / {_pct(s['byline_lenient'])} | {s['median_ms']:.1f}"
            f" | {s['median_ms'] / baseline:.2f} |"
        )
    lines += [
        "",
        f"newsreader's titles before it removes the site's name: {_pct(stated['title_exact'])}"
        " exact (the expected titles are Readability.js's, which keep it).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
