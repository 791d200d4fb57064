"""Extraction quality and speed: newsreader's pipeline beside raw readability-lxml and trafilatura.

    python bench/extract.py [CORPUS]      # default /work/shared/corpus/mozilla, or $EXTRACT_CORPUS

Scores with the shared scorer (/work/shared/tools/extract_bench.py, or $EXTRACT_BENCH) so the
numbers mean what they mean everywhere else. `pipeline` is also usable on its own:
    python extract_bench.py run --corpus CORPUS -e bench/extract.py:pipeline
"""

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.ingest.errors import NoArticleFound  # noqa: E402
from articles.ingest.extract import extract  # noqa: E402

DEFAULT_CORPUS = "/work/shared/corpus/mozilla"
DEFAULT_SCORER = "/work/shared/tools/extract_bench.py"


def pipeline(html: str, url: str) -> dict:
    """The whole pipeline, from decoded HTML to what would be stored."""
    try:
        article = extract(html, url)
    except NoArticleFound:
        return {"text": "", "html": "", "title": None, "byline": None}
    return {
        "text": article.content_text,
        "html": article.content_html,
        "title": article.title,
        "byline": article.byline or None,
        "published": article.published_at.isoformat() if article.published_at else None,
        "site_name": article.site_name,
        "lead_image": article.lead_image_url,
    }


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
    layout, pages = bench.load_corpus(corpus)
    contenders = [
        ("readability-lxml (raw)", bench.readability_lxml),
        ("trafilatura", bench.trafilatura_default),
        ("newsreader", pipeline),
    ]
    summaries = {}
    for name, function in contenders:
        print(f"scoring {name} on {len(pages)} pages...", file=sys.stderr)
        result = bench.run_extractor(name, function, pages, 60.0, True, None, False)
        summaries[name] = result["summary"]
    print(render(summaries, corpus, len(pages)))
    return 0


def render(summaries: dict, corpus: Path, pages: int) -> str:
    baseline = summaries["readability-lxml (raw)"]["median_ms"]
    lines = [
        f"Corpus {corpus} ({pages} pages)",
        "",
        "| extractor | mean F1 | F1 >= 0.9 | title exact | byline exact / lenient "
        "| median ms | x readability-lxml |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in summaries.items():
        title = f"{100 * s['title_exact']:.1f} %" if s.get("title_exact") is not None else "n/a"
        if s.get("byline_pages"):
            byline = f"{100 * s['byline_exact']:.1f} % / {100 * s['byline_lenient']:.1f} %"
        else:
            byline = "n/a"
        lines.append(
            f"| {name} | {s['f1']:.3f} | {100 * s['share_f1_ge_0.9']:.1f} % | {title} | {byline} "
            f"| {s['median_ms']:.1f} | {s['median_ms'] / baseline:.2f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
