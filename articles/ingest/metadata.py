"""What a page says about itself: title, byline, site, date, image, language, excerpt.

Sources, most specific first: JSON-LD describing the article, then <meta> tags (Dublin Core,
Open Graph, Twitter cards, plain names), then microdata and the markup itself (<time>,
rel=author, bylines, <title>, <html lang>).
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from articles.ingest.bylines import byline_text, clean_byline, find_byline_element
from articles.ingest.clean import image_url, is_hidden, plain_text
from articles.ingest.dates import parse_date, published_date
from articles.ingest.titles import host_label, page_title, squash, text_similarity

# schema.org types of an article (and their subtypes), as JSON-LD "@type" names them.
ARTICLE_TYPE = re.compile(r"Article$|Posting$|^Report$|^APIReference$|^WebPage$|Page$", re.I)
SPECIFIC_ARTICLE_TYPE = re.compile(r"Article$|Posting$|^Report$|^APIReference$", re.I)
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$", re.I)

AUTHOR_KEYS = {"author", "dc:creator", "dcterm:creator", "article:author", "parsely-author"}
MAX_SITE_NAME, MAX_LANGUAGE, MAX_URL = 200, 35, 2048  # the Article fields' max_length
MAX_EXCERPT = 1000
# Path words of images made for previews, not for the article: thumbnails, social cards.
CARD_IMAGE = re.compile(
    r"thumb|(?:^|[/_.-])(?:og|ogp|og[-_]?image|social|share|sharing|facebook|twitter)(?:[/_.-]|$)",
    re.I,
)


@dataclass(frozen=True)
class PageMetadata:
    title: str = ""
    byline: str = ""
    site_name: str = ""
    excerpt: str = ""
    language: str = ""
    published_at: datetime | None = None
    lead_image_url: str = ""
    structured_text: str = ""  # JSON-LD's articleBody, as the page gives it (text or HTML)


def read_metadata(root, url: str = "", byline_element=...) -> PageMetadata:
    """Everything the page states about the article, cleaned to plain, capped strings.

    byline_element: find_byline_element(root) (None when there is none), when the caller
    has it already.
    """
    meta = meta_tags(root)
    ld = json_ld_article(root)
    site_name = first(
        ld.get("site_name"), meta.get("og:site_name"), ld.get("website_name"),
        meta.get("application-name"),
    )  # fmt: skip
    if re.match(r"^https?://", site_name.strip(), re.I):  # some pages give their address
        site_name = urlsplit(site_name.strip()).hostname or ""
    site_name = plain_text(site_name, MAX_SITE_NAME)
    if byline_element is ...:
        byline_element = find_byline_element(root)
    stated_bylines = (
        ld.get("author"), meta.get("dc:creator"), meta.get("dcterm:creator"), meta.get("author"),
        meta.get("parsely-author"), meta.get("article:author"), microdata_authors(root),
        byline_text(byline_element), meta.get("byl"),
    )  # fmt: skip
    # A person named anywhere beats the site, its publisher or "Staff" named as the author;
    # those stand only when the page names no one.
    not_names = [site_name, ld.get("site_name"), ld.get("website_name"), host_label(url)]
    byline = first(*(clean_byline(b, not_names) for b in stated_bylines)) or first(
        *(clean_byline(b, strict=False) for b in stated_bylines)
    )
    excerpt = first(
        ld.get("description"), meta.get("dc:description"), meta.get("dcterm:description"),
        meta.get("og:description"), meta.get("description"), meta.get("twitter:description"),
    )  # fmt: skip
    return PageMetadata(
        title=page_title(root, meta, ld, [site_name, host_label(url), byline]),
        byline=byline,
        site_name=site_name,
        excerpt=plain_text(excerpt, MAX_EXCERPT),
        language=page_language(root, meta, ld),
        published_at=published_date(stated_dates(root, meta, ld), root, url),
        lead_image_url=lead_image(root, meta, ld, url),
        structured_text=ld.get("body", ""),
    )


def first(*values):
    return next((v for v in values if v and str(v).strip()), "")


# -- sources -----------------------------------------------------------------------------


def meta_tags(root) -> dict[str, str]:
    """<meta> values by lower-cased key (property, name or itemprop), first one wins.

    A key set by a property attribute (RDFa, Open Graph) beats the same key set by a name.
    One tag may name several keys ("og:title twitter:title"); "dc.title" means "dc:title".
    """
    by_property: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for tag in root.iter("meta"):
        content = tag.get("content") or tag.get("value") or ""
        if not content.strip():
            continue
        for values, names in (
            (by_property, tag.get("property")),
            (by_name, f"{tag.get('name') or ''} {tag.get('itemprop') or ''}"),
        ):
            for key in (names or "").lower().split():
                key = re.sub(r"^(dc|dcterms?|og|twitter|article)[.:]", r"\1:", key)
                key = key.replace("dcterms:", "dcterm:").replace("og:article:", "article:")
                if key in AUTHOR_KEYS and key in values and content not in values[key]:
                    values[key] += f", {content}"  # one tag per author
                values.setdefault(key, content)
        http_equiv = (tag.get("http-equiv") or "").lower()
        if http_equiv:
            by_name.setdefault(f"http-equiv:{http_equiv}", content)
    return by_name | by_property


def json_ld_article(root) -> dict[str, str]:
    """The fields newsreader uses from the JSON-LD object describing the article."""
    items = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        text = re.sub(r"^(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>$", "", text).strip()
        try:
            items.extend(_flatten_json_ld(json.loads(text)))
        except (ValueError, RecursionError):
            continue
    article = _best_article(items)
    result: dict[str, str] = {}
    website = next((i for i in items if "WebSite" in _types(i)), None)
    if website:
        result["website_name"] = _text(website.get("name"))
    if article is None:
        return result
    result["title"] = _json_ld_title(article, root)
    result["author"] = _names(article.get("author") or article.get("creator"))
    result["site_name"] = _names(article.get("publisher"))
    result["published"] = _text(article.get("datePublished") or article.get("dateCreated"))
    result["description"] = _text(article.get("description"))
    result["image"] = _image_url(article.get("image") or article.get("thumbnailUrl"))
    result["language"] = _text(article.get("inLanguage"))
    result["body"] = _text(article.get("articleBody"))
    return result


def _json_ld_title(article, root) -> str:
    """headline or name: sites put their own name or a description in one of them."""
    headline, name = _text(article.get("headline")), _text(article.get("name"))
    if headline and name and headline != name:
        if squash(name) == squash(_names(article.get("publisher"))):
            return headline  # the site's name, not the article's
        document_title = plain_text(root.findtext(".//title"))
        if text_similarity(name, document_title) > 0.75:
            return name
        if text_similarity(headline, document_title) > 0.75:
            return headline
        return name
    return headline or name


def _flatten_json_ld(data, depth=0):
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten_json_ld(item, depth + 1)
    elif isinstance(data, dict):
        if isinstance(data.get("@graph"), list):
            yield from _flatten_json_ld(data["@graph"], depth + 1)
        if "@type" in data:
            yield data


def _types(item) -> list[str]:
    types = item.get("@type")
    return [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]


def _best_article(items):
    # A specific article type beats a generic WebPage, which only helps when nothing else is there.
    for pattern in (SPECIFIC_ARTICLE_TYPE, ARTICLE_TYPE):
        for item in items:
            if any(pattern.search(t) for t in _types(item)):
                return item
    return None


def _text(value) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return value.strip() if isinstance(value, str) else ""


def _names(value) -> str:
    """A person or organisation, its {"name": ...} object, or a list of them, as "A, B"."""
    people = value if isinstance(value, list) else [value]
    names = []
    for person in people:
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, list):
            name = next((n for n in name if isinstance(n, str)), "")
        if isinstance(name, str) and name.strip() and name.strip() not in names:
            names.append(name.strip())
    return ", ".join(names)


def _image_url(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or ""
    return value if isinstance(value, str) else ""


def microdata_text(root, prop: str) -> str:
    """The value of the first itemprop=prop in the page (its name if it is a Person)."""
    return next(microdata_texts(root, prop), "")


def microdata_authors(root) -> str:
    """The authors of the page's first item with any: not those of the stories listed beside it."""
    authors = root.xpath("//*[contains(concat(' ', @itemprop, ' '), ' author ')]")
    if not authors:
        return ""
    ancestors = authors[0].iterancestors()
    item = next((a for a in ancestors if a.get("itemscope") is not None), authors[0].getparent())
    return ", ".join(microdata_texts(item, "author"))


def microdata_texts(root, prop: str):
    """The values of every itemprop=prop in the page (their names if they are Persons)."""
    for element in root.xpath(".//*[@itemprop]"):
        if prop not in element.get("itemprop").split() or element.tag == "meta":
            continue
        if is_hidden(element):
            continue
        named = element.xpath(".//*[@itemprop='name']")
        source = named[0] if named else element
        value = (
            source.get("content") or source.get("datetime") or source.text_content() or ""
        ).strip()
        if value:
            yield value


# -- language, date, image ---------------------------------------------------------------


def page_language(root, meta: dict, ld: dict) -> str:
    html = root if root.tag == "html" else root.getroottree().getroot()
    for value in (
        html.get("lang"), html.get("xml:lang"), meta.get("http-equiv:content-language"),
        meta.get("og:locale"), ld.get("language"), meta.get("dc:language"),
        meta.get("inlanguage"), meta.get("language"),
    ):  # fmt: skip
        tag = normalise_language(value)
        if tag:
            return tag
    return ""


def normalise_language(value: str | None) -> str:
    """A BCP 47 tag in its usual case ("en_us" -> "en-US", "zh-hant-tw" -> "zh-Hant-TW")."""
    value = (value or "").split(",")[0].strip().replace("_", "-")
    if not LANGUAGE_TAG.match(value) or len(value) > MAX_LANGUAGE:
        return ""
    parts = value.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha() or part.isdigit():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def stated_dates(root, meta: dict, ld: dict) -> list[datetime]:
    """The publication dates the page's structured data states, most specific source first."""
    candidates = [
        ld.get("published"), meta.get("article:published_time"), meta.get("parsely-pub-date"),
        meta.get("datepublished"), meta.get("og:published_time"), meta.get("dc:date"),
        meta.get("dcterm:created"), meta.get("dcterm:issued"), meta.get("pubdate"),
        meta.get("publishdate"), meta.get("date"), meta.get("sailthru.date"),
        microdata_text(root, "datePublished"),
    ]  # fmt: skip
    for element in root.xpath("//time[@datetime][@pubdate or @itemprop='datePublished']"):
        candidates.append(element.get("datetime"))
    candidates.extend(t.get("datetime") for t in root.xpath("//article//time[@datetime]")[:1])
    return [when for when in map(parse_date, candidates) if when]


def lead_image(root, meta: dict, ld: dict, url: str) -> str:
    """The image the page declares for the article, absolute: a photo rather than a card.

    The article's JSON-LD image first (its own picture), then Open Graph's and Twitter's
    (chosen for sharing: sometimes a branded card or a thumbnail, passed over when the page
    declares another image).
    """
    link = root.xpath("//link[@rel='image_src']/@href")
    declared = [
        image_url(value, url)
        for value in (
            ld.get("image"),
            meta.get("og:image:secure_url"),
            meta.get("og:image:url"),
            meta.get("og:image"),
            meta.get("twitter:image"),
            meta.get("twitter:image:src"),
            meta.get("image"),
            meta.get("thumbnail"),
            link[0] if link else "",
        )  # fmt: skip
    ]
    declared = [i for i in declared if i and len(i) <= MAX_URL]  # loadable by the reader's browser
    return next((i for i in declared if not is_card(i)), declared[0] if declared else "")


def is_card(image_url: str) -> bool:
    """Whether an image's address names a thumbnail or a social card ("/og/", "thumbs/")."""
    path = urlsplit(image_url).path
    return bool(CARD_IMAGE.search(path))
