"""From a page's decoded HTML to the article newsreader stores. No network, no database.

parse -> read the page's metadata -> players become links to their videos -> prune what is
never content -> readability-lxml finds the body -> drop what readers skip (the title
repeated, the byline, labels, related links, "Read more" lines) -> sanitise -> plain text,
word count, reading time. Only when the body comes out weak is the page read again: without
trusting class names, then by a second extractor (trafilatura), the page's largest group of
paragraphs, the text its structured data gives (JSON-LD articleBody: pages whose HTML is filled
in by scripts) and raw readability-lxml, so a page with text is never saved empty. A short text
is checked for a paywall's or a login's prompt: then it is saved as a teaser.
"""

import html as htmllib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import lxml.etree
import lxml.html

from articles.ingest import boilerplate, embeds
from articles.ingest.article_body import find_article_body, readability_body
from articles.ingest.bylines import find_byline_element
from articles.ingest.clean import (
    absolute_url,
    count_words,
    html_to_text,
    parse_html,
    plain_text,
    reading_minutes,
    sanitise_tree,
    text_length,
)
from articles.ingest.errors import NoArticleFound
from articles.ingest.metadata import MAX_EXCERPT, PageMetadata, is_card, read_metadata
from articles.ingest.second_opinion import trafilatura_body
from articles.ingest.titles import text_similarity

NO_ARTICLE = (
    "No readable article was found on this page: it may be behind a paywall or a login, "
    "or built by scripts. Paste the page's HTML instead."
)
MIN_WORDS = 1  # an empty body; short pages are fine, stubs are recognised by what they say
SHORT_BODY = 500  # characters: less suggests the rules took the article for boilerplate
STUB_WORDS = 150  # paywall, login and script-required teasers are shorter than this
MIN_TEASER_WORDS = 5  # a teaser says something besides "subscribe": else there is no article
SECOND_OPINION_GAIN = 1.2  # another extractor's body replaces ours when this much longer
# What a stub says instead of the article: pay, sign in, run scripts, prove you are human.
STUB_PHRASES = re.compile(
    r"subscribe (?:now |today )?to (?:continue|keep) reading"
    r"|to continue reading,? (?:please )?(?:subscribe|log ?in|sign ?in)"
    r"|subscribe (?:now |today )?(?:to|for) (?:read|access|unlock|get full access)"
    r"|(?:for|to) subscribers only|subscribers? only content"
    r"|already a (?:subscriber|member)\?|this (?:article|content|"
    r"story) is (?:only )?(?:available|reserved) (?:only )?(?:to|for) (?:subscribers|members)"
    r"|create a free account to (?:continue|read)|sign in to (?:continue|read)"
    r"|log ?in to (?:continue|read)|you have reached your (?:free )?(?:article )?limit"
    r"|enable javascript|javascript is (?:disabled|required)|requires javascript"
    r"|checking your browser|verify (?:that )?you are (?:a )?human|are you a robot",
    re.I,
)
STUB_TITLE = re.compile(
    r"\b(?:404 not found|403 forbidden|error 40[34]|page not found|not be found"
    r"|no longer available|access denied|just a moment|attention required)",
    re.I,
)
HTML_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.I)  # markup, not "a < b > c"
IMAGE_TAG = re.compile(r'<img [^>]*?src="(https?://[^"]+)"[^>]*>')  # clean() wrote the markup
IMAGE_SIZE = re.compile(r' (?:width|height)="(\d+)"')
MIN_LEAD_IMAGE = 150  # pixels: smaller is an icon, an avatar or a logo
PAGE_TEXT_LENGTH = "string-length(normalize-space(//body))"
VISIBLE_TEXT = (
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)


@dataclass(frozen=True)
class Extracted:
    title: str
    byline: str
    site_name: str
    excerpt: str
    language: str  # BCP 47, like "en" or "fr-CA", or ""
    published_at: datetime | None  # aware if the page gave a zone, else the page's local time
    lead_image_url: str  # absolute http(s), or ""
    content_html: str  # sanitised: clean() has been applied
    content_text: str  # plain text for search, paragraphs separated by blank lines
    word_count: int
    reading_minutes: int
    teaser: bool = False  # only the start of the article: a paywall or a login kept the rest


def extract(html: str, url: str = "") -> Extracted:
    """The article in a page, cleaned and described. Raises NoArticleFound when there is none."""
    root = parse_html(html)
    if root is None:
        raise NoArticleFound(NO_ARTICLE)
    url = document_base_url(root, url)
    byline_element = find_byline_element(root)
    meta = read_metadata(root, url, byline_element)
    content_html, content_text = article_body(html, root, meta, byline_element, url)
    words = count_words(content_text)
    if words < MIN_WORDS or (words < STUB_WORDS and STUB_TITLE.search(meta.title)):
        raise NoArticleFound(NO_ARTICLE)
    teaser = words < STUB_WORDS and is_teaser(html, content_text)
    if teaser and words_beside_prompts(content_text) < MIN_TEASER_WORDS:
        raise NoArticleFound(NO_ARTICLE)  # nothing but "Subscribe to read" or "Enable JavaScript"
    return Extracted(
        title=meta.title,
        byline=meta.byline,
        site_name=meta.site_name,
        excerpt=meta.excerpt or plain_text(first_paragraph(content_text), MAX_EXCERPT),
        language=meta.language,
        published_at=meta.published_at,
        lead_image_url=lead_image(meta.lead_image_url, content_html),
        content_html=content_html,
        content_text=content_text,
        word_count=words,
        reading_minutes=reading_minutes(words),
        teaser=teaser,
    )


def article_body(html: str, root, meta: PageMetadata, byline_element, url: str) -> tuple[str, str]:
    """The article's body, sanitised, and its text: readability-lxml's, or a second opinion.

    Ours is weak when short, or less than half the page's largest group of paragraphs: the
    rules took the article for boilerplate or settled on a fragment. Then trafilatura, that
    group of paragraphs itself, the page's structured data and (when ours found nothing) raw
    readability-lxml are asked in turn; each clearly longer body replaces ours, and the first
    that is no longer short wins.
    """
    title = meta.title
    body = find_body(root, title, byline_element, by_class=True)
    if body is None or text_length(body) < SHORT_BODY:
        # Class names can mislead ("post has-comments" around the article itself): read the
        # page again trusting only tags, roles and visibility, as Readability retries.
        again = parse_html(html)
        retry = find_body(again, title, find_byline_element(again), by_class=False)
        found = text_length(body) if body is not None else 0
        if retry is not None and text_length(retry) > 3 * found:
            body = retry
    content_html = ""
    if body is not None:
        tidy_body(body)
        content_html = sanitise_tree(body, url)
    content_text = html_to_text(content_html)
    length = len(content_text)
    # Half the (pruned) page's text or more: no group of paragraphs can be twice as long.
    if length >= SHORT_BODY and 2 * length >= root.xpath(PAGE_TEXT_LENGTH):
        return content_html, content_text
    main_block, main_length = largest_paragraph_group(root)
    if length >= SHORT_BODY and length >= main_length / 2:
        return content_html, content_text
    opinions = (
        lambda: trafilatura_opinion(html, title, url),
        lambda: paragraphs_opinion(main_block, url),
        lambda: structured_data_opinion(meta.structured_text, title, url),
        lambda: readability_opinion(html, title, url) if not length else "",
    )
    for opinion in opinions:
        other_html = opinion()
        other_text = html_to_text(other_html)
        if len(other_text) > SECOND_OPINION_GAIN * len(content_text):
            content_html, content_text = other_html, other_text
            if len(content_text) >= SHORT_BODY:
                break  # a body now; a still weak one lets the next opinion try
    return content_html, content_text


def trafilatura_opinion(html: str, title: str, url: str) -> str:
    page = parse_html(html)
    if page is None:
        return ""
    boilerplate.prune_non_content(page, by_class=False)  # hidden text is never the article
    return _as_body(trafilatura_body(page, url), title, url)


def structured_data_opinion(text: str, title: str, url: str) -> str:
    """The articleBody of the page's JSON-LD: some pages (scmp.com's) carry their text only
    there and write it into the page with scripts. Given as HTML, or as text with entities
    and a paragraph per line."""
    if not text:
        return ""
    if not HTML_TAG.search(text):
        lines = (htmllib.unescape(line).strip() for line in text.splitlines())
        text = "".join(f"<p>{htmllib.escape(line)}</p>" for line in lines if line)
    try:
        body = lxml.html.fragment_fromstring(text, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    return _as_body(body, title, url)


def readability_opinion(html: str, title: str, url: str) -> str:
    return _as_body(readability_body(parse_html(html)), title, url)


def _as_body(body, title: str, url: str) -> str:
    """Another extractor's body, tidied as ours: without the title the reader shows above it."""
    if body is None:
        return ""
    remove_title_and_byline(body, title, None)
    tidy_body(body)
    return sanitise_tree(body, url)


def largest_paragraph_group(root) -> tuple[Any, int]:
    """The element holding the page's largest group of paragraphs, and their length."""
    by_parent: dict[Any, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        by_parent[parent] = by_parent.get(parent, 0) + text_length(paragraph)
    return max(by_parent.items(), key=lambda item: item[1], default=(None, 0))


def paragraphs_opinion(element, url: str) -> str:
    """The page's largest group of paragraphs, as the body: what readability should have found."""
    if element is None or element.getparent() is None:
        return ""
    tidy_body(element)
    return sanitise_tree(element, url)


def find_body(root, title: str, byline_element, by_class: bool):
    """The article's body element in the parsed page (which this prunes), or None."""
    keep_the_titled_article(root, title)
    remove_title_and_byline(root, title, byline_element)
    embeds.link_players(root)
    boilerplate.prune_non_content(root, by_class=by_class)
    return find_article_body(root)


def is_teaser(html: str, text: str) -> bool:
    """Whether a short text is what a paywall, a login or a script shell lets through.

    The prompts saying so were often pruned with the boilerplate, so the page is read again.
    Only telling when little text came out of it: full articles carry "Sign in" links too.
    """
    if STUB_PHRASES.search(text):
        return True
    root = parse_html(html)
    if root is None:
        return False
    if root.xpath("//input[@type='password']"):
        return True
    if re.search(r'"isAccessibleForFree"\s*:\s*"?false', root.xpath("string(//head)"), re.I):
        return True  # the page's own paywall markup, for search engines
    return bool(STUB_PHRASES.search(" ".join(root.xpath(VISIBLE_TEXT))))


def words_beside_prompts(text: str) -> int:
    """Words of the text outside its sentences asking to subscribe, sign in or run scripts."""
    sentences = re.split(r"\n+|(?<=[.!?])\s+", text)
    return sum(count_words(s) for s in sentences if not STUB_PHRASES.search(s))


def is_real_article(extracted: Extracted, previous_word_count: int = 0) -> bool:
    """Whether this is an article worth keeping, e.g. to replace a stored one on re-fetch.

    Not a teaser, a stub or an error page, and, when the stored version had
    previous_word_count words, not much shorter than it.
    """
    words = extracted.word_count
    if words < MIN_WORDS or extracted.teaser:
        return False
    if words < STUB_WORDS and (
        STUB_PHRASES.search(extracted.content_text) or STUB_TITLE.search(extracted.title)
    ):
        return False
    return words >= previous_word_count / 2


def keep_the_titled_article(root, title: str) -> None:
    """Of several <article>s, keep the one headed by the page's title, when one is.

    Pages that append the next stories as the reader scrolls hold several articles, and
    readability-lxml takes the longest; the page's own title says which one was asked for.
    """
    articles = root.xpath("//article[not(ancestor::article)]")
    if len(articles) < 2 or not title:
        return
    titled = [article for article in articles if _is_headed_by(article, title)]
    if len(titled) != 1 or text_length(titled[0]) < SHORT_BODY:
        return
    for article in articles:
        if article is not titled[0]:
            article.drop_tree()


def _is_headed_by(element, title: str) -> bool:
    return any(
        text_similarity(title, plain_text(heading.text_content())) > 0.75
        for heading in element.iter("h1", "h2")
    )


def remove_title_and_byline(root, title: str, byline_element) -> None:
    """The reader shows the title and byline above the article: drop the page's copies."""
    if byline_element is not None and byline_element.getparent() is not None:
        byline_element.drop_tree()
    if not title:
        return
    for heading in root.iter("h1", "h2"):
        if text_similarity(title, plain_text(heading.text_content())) > 0.75:
            heading.drop_tree()
            return


def tidy_body(body) -> None:
    boilerplate.remove_read_more_lines(body)
    boilerplate.remove_furniture_labels(body)
    boilerplate.remove_related_blocks(body)
    boilerplate.remove_story_teasers(body)
    for heading in body.iter("h1"):
        heading.tag = "h2"  # the reader's own <h1> is the article's title


def document_base_url(root, url: str) -> str:
    """What the page's relative links are relative to: its <base href>, as in a browser."""
    href = root.xpath("string(//head/base/@href)").strip()
    if not href:
        return url
    base = absolute_url(href, url)
    return base if base.startswith(("http://", "https://")) else url


def lead_image(declared: str, content_html: str) -> str:
    """The page's declared image, or the article's first when that is missing or a card."""
    if declared and not is_card(declared):
        return declared
    return first_image(content_html) or declared


def first_image(content_html: str) -> str:
    """The article's first large image (not an icon or an avatar), as a lead image."""
    for tag in IMAGE_TAG.finditer(content_html):
        sizes = [int(size) for size in IMAGE_SIZE.findall(tag.group(0))]
        if all(size >= MIN_LEAD_IMAGE for size in sizes):
            return htmllib.unescape(tag.group(1))
    return ""


def first_paragraph(text: str) -> str:
    return next((p for p in text.split("\n\n") if len(p) > 40), "")
