"""Markdown: a ZIP of one `.md` file per article, YAML front matter first (title, url, saved,
published, site, author, tags), then the title and the body converted from the stored HTML,
then the highlights that came with an import as `>` quotes. Obsidian reads the front matter.
"""

import json
from collections.abc import Iterator

import html2text
from django.utils.text import slugify

from articles.exports.formats.zipstream import zip_chunks


def chunks(articles, title: str = "") -> Iterator[bytes]:
    return zip_chunks(_members(articles))


def _members(articles) -> Iterator[tuple[str, str]]:
    used: set[str] = set()
    for article in articles:
        stem = f"{article.created_at:%Y-%m-%d}-{slugify(article.title)[:60] or 'article'}"
        name, n = stem, 2
        while name in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        yield f"{name}.md", document(article)


def document(article) -> str:
    front = {
        "title": article.title,
        "url": article.url or article.given_url,
        "saved": article.created_at.isoformat(),
        "published": article.published_at.isoformat() if article.published_at else None,
        "site": article.site_name or None,
        "author": article.byline or None,
        "tags": article.tag_names,
    }
    # A JSON string or list is also valid YAML (flow style), and escapes everything it must.
    lines = ["---"]
    lines += [f"{key}: {_yaml(value)}" for key, value in front.items() if value is not None]
    lines += ["---", "", f"# {' '.join(article.title.split())}", ""]
    body = to_markdown(article.content_html).strip()
    if body:
        lines += [body, ""]
    if article.highlights:
        lines += ["## Highlights", ""]
        for highlight in article.highlights:
            if highlight.quote:
                lines += ["\n".join(f"> {line}" for line in highlight.quote.split("\n")), ""]
            if highlight.note:
                lines += [highlight.note, ""]
    return "\n".join(lines)


def to_markdown(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.body_width = 0  # no hard wrapping: editors wrap
    converter.unicode_snob = True
    converter.mark_code = False
    return converter.handle(html)


def _yaml(value) -> str:
    return json.dumps(value, ensure_ascii=False)
