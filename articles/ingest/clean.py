"""The one sanitiser. Every piece of stored or shown article HTML went through clean().

Readability output is not safe (it keeps iframes, forms, event handlers), and a page saved on
our origin that runs script takes over accounts. So the final HTML is rebuilt from an
allow-list by nh3 (ammonia), after an lxml pass that does what an allow-list cannot: promote
lazy-loaded images, make URLs absolute, drop what the browser would not have shown.
"""

import html as htmllib
import math
import re
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import nh3

from articles.ingest.addresses import may_embed

# What a reader wants from an article, nothing that can run, load or restyle the app.
ALLOWED_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "var", "wbr",
}  # fmt: skip
# Tags whose content goes with them: code, styling, embedded documents, form controls, and
# the fallback text of media we do not keep ("Your browser does not support video").
DROPPED_WITH_CONTENT = {
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "noframes",
    "object", "embed", "applet", "svg", "canvas", "audio", "video", "select",
    "textarea", "button", "option", "optgroup", "datalist", "title", "xmp", "noembed",
    "head", "map", "dialog", "portal", "input", "meter", "progress", "output",
}  # fmt: skip
# No class, id, style, data-* or hx-*: they could hook the app's CSS or htmx.
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "srcset", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# C0 controls (but tab, newline, carriage return), DEL, and lone surrogates: PostgreSQL
# rejects NUL, and browsers treat the others inconsistently (a way to hide "javascript:").
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Lazy loaders keep the real image in one of these until script swaps it in.
LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url",
                  "data-hi-res-src", "data-echo", "data-orig-file", "data-large-file")  # fmt: skip
LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "data-original-set")
IMAGE_URL = re.compile(r"^\s*\S+\.(?:jpe?g|png|gif|webp|avif)(?:[?#]\S*)?\s*$", re.I)
IMAGE_SRCSET = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:[?#]\S*)?\s+\d", re.I)
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)\b", re.I)
COMMON_IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.I)

MAX_SETTLING_ROUNDS = 4
PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
)


def normalize_space(text: str) -> str:
    # split() and join() are C loops: several times faster than a regular expression on the
    # multi-megabyte text nodes of pathological pages.
    return " ".join(text.split())


def text_length(element) -> int:
    """Length of an element's text as a reader sees it, runs of whitespace counting as one."""
    return len(normalize_space(element.text_content()))


def strip_control_chars(text: str) -> str:
    return CONTROL_CHARS.sub("", text)


def plain_text(value: str | None, max_length: int | None = None) -> str:
    """A metadata string as stored: one line, no controls or entities, capped in length."""
    if not value:
        return ""
    if max_length:  # collapsing whitespace only shortens: no need to read megabytes first
        value = value[: 4 * max_length]
    value = strip_control_chars(value)
    if "&" in value:  # some pages encode their metadata twice ("&amp;amp;")
        value = htmllib.unescape(value)
    value = normalize_space(value)
    if max_length and len(value) > max_length:
        value = value[: max_length - 1].rstrip() + "…"
    return value


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """Parse a page or fragment into a document, or None when there is nothing to parse.

    Bytes through an explicit UTF-8 parser: lxml refuses str input carrying an encoding
    declaration. libxml2 also caps nesting at 256 levels, which bounds every later pass.
    """
    html = strip_control_chars(html or "")
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None


def absolute_url(value: str | None, base_url: str = "") -> str:
    """An absolute http(s) or mailto URL, or "" when the value is none of those.

    urlsplit drops the tabs, newlines and leading spaces browsers ignore, so an obfuscated
    "java\\tscript:" is seen for what it is.
    """
    value = strip_control_chars(value or "").strip()
    if not value or len(value) > 2048:
        return ""
    try:
        scheme = urlsplit(value).scheme.lower()
        if not scheme and base_url:
            value = urljoin(base_url, value)
            scheme = urlsplit(value).scheme.lower()
    except ValueError:  # e.g. "http://[broken"
        return ""
    return value if scheme in URL_SCHEMES and len(value) <= 2048 else ""


def image_url(value: str | None, base_url: str = "") -> str:
    """An absolute http(s) URL that the reader's browser may load, or ""."""
    url = absolute_url(value, base_url)
    return url if url.startswith(("http://", "https://")) and may_embed(url) else ""


def absolute_srcset(value: str | None, base_url: str = "") -> str:
    candidates = []
    for part in (value or "").split(","):
        url, _, descriptor = part.strip().partition(" ")
        url = image_url(url, base_url)
        if url:
            candidates.append(f"{url} {descriptor.strip()}".strip())
    return ", ".join(candidates)


def is_hidden(element) -> bool:
    return element.get("hidden") is not None or bool(
        HIDDEN_STYLE.search(element.get("style") or "")
    )


def _is_placeholder_src(src: str) -> bool:
    # Tiny inline GIFs and SVGs stand in for the real image until a script loads it.
    return not src.strip() or src.lstrip().lower().startswith("data:")


def promote_lazy_image(img) -> None:
    """Give <img> the real source a lazy loader kept in a data-* attribute."""
    if _is_placeholder_src(img.get("src") or ""):
        real = next((img.get(a) for a in LAZY_SRC_ATTRS if img.get(a)), None)
        if real is None:  # a loader we do not know by name: any attribute holding an image URL
            real = next((v for v in img.attrib.values() if IMAGE_URL.match(v)), None)
        if real:
            img.set("src", real.strip())
    if not img.get("srcset"):
        srcset = next((img.get(a) for a in LAZY_SRCSET_ATTRS if img.get(a)), None)
        if srcset is None:
            srcset = next((v for v in img.attrib.values() if IMAGE_SRCSET.search(v)), None)
        if srcset:
            img.set("srcset", srcset)
    picture = next(img.iterancestors("picture"), None)  # libxml2 nests <img> in <source>
    if not img.get("srcset") and picture is not None:
        # <picture> goes (the allow-list has no <source>): its first source every browser can
        # show becomes the image's srcset. A typed one (AVIF...) might not display.
        source = next(
            (
                s
                for s in picture.iter("source")
                if s.get("srcset") and (s.get("type") or "image/jpeg") in COMMON_IMAGE_TYPES
            ),
            None,
        )
        if source is not None:
            img.set("srcset", source.get("srcset"))


def unwrap_noscript_images(root) -> None:
    """Use the <noscript> copy of an image: it is the real one a lazy loader would swap in.

    As Readability does: images without any source go first (script placeholders), then a
    <noscript> holding one image takes the place of the lone image just before it.
    """
    for img in list(root.iter("img")):
        if not any(_may_be_image_source(name, value) for name, value in img.attrib.items()):
            img.drop_tree()
    for noscript in list(root.iter("noscript")):
        if not _is_single_image(noscript):
            continue
        previous = noscript.getprevious()
        if previous is not None and _is_single_image(previous):
            previous.drop_tree()
        noscript.drop_tag()


def _may_be_image_source(name: str, value: str) -> bool:
    return name in ("src", "srcset", "data-src", "data-srcset") or bool(IMAGE_FILE.search(value))


def _is_single_image(element) -> bool:
    """An <img>, or an element wrapping exactly one, with no text around it."""
    while element.tag != "img":
        children = [c for c in element if isinstance(c.tag, str)]
        if len(children) != 1 or (element.text or "").strip() or (children[0].tail or "").strip():
            return False
        element = children[0]
    return True


def prepare_tree(root, base_url: str = "") -> None:
    """The lxml part of sanitising, done in place; nh3 does the allow-list afterwards."""
    for element in root.xpath(".//*[@hidden or @style]"):
        if element.getparent() is not None and is_hidden(element):
            element.drop_tree()
    unwrap_noscript_images(root)
    for formula in list(root.iter("math")):
        for element in list(formula.iter()):  # nh3 drops MathML whole; its text still reads
            element.drop_tag()
    for img in list(root.iter("img")):
        promote_lazy_image(img)
        src = image_url(img.get("src"), base_url)
        srcset = absolute_srcset(img.get("srcset"), base_url)
        if not src and srcset:  # a srcset alone still shows an image; give it a src
            src = srcset.split(" ", 1)[0]
        if not src or _is_tracking_pixel(img):
            img.drop_tree()
            continue
        img.set("src", src)
        if srcset:
            img.set("srcset", srcset)
        elif "srcset" in img.attrib:
            del img.attrib["srcset"]
    for link in list(root.iter("a")):
        href = absolute_url(link.get("href"), base_url)
        if href:
            link.set("href", href)
        else:  # an anchor, or a script's link: its text stays, the link goes
            link.drop_tag()


def _is_tracking_pixel(img) -> bool:
    # Both sides tiny: a lazy image may say height="0" until a script sizes it.
    return all(img.get(side, "").strip() in ("0", "1") for side in ("width", "height"))


def inner_html(element) -> str:
    """The HTML inside an element, serialised in one call (not one per child)."""
    element.attrib.clear()  # so the opening tag is exactly <tag>
    element.tail = None
    html = lxml.html.tostring(element, encoding="unicode")
    return html[len(element.tag) + 2 : -(len(element.tag) + 3)]


def _keep_safe_srcset(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "srcset":
        return absolute_srcset(value) or None
    return value


SANITISER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_keep_safe_srcset,  # ammonia checks href and src, not srcset
    url_schemes=URL_SCHEMES,
    url_relative="deny",  # relative URLs would point at newsreader itself
    link_rel="noopener noreferrer",
    strip_comments=True,
)


class SanitisedHTML(str):
    """HTML as clean() made it. Article.content_html stores it as it is and sanitises any other
    string (articles/fields.py), so no door (admin, import, API) can store HTML unsanitised."""


def sanitise_tree(root, base_url: str = "") -> SanitisedHTML:
    """The sanitised HTML of a parsed document's body (or of the element given, in place)."""
    return SanitisedHTML(settle(_sanitise_once(root, base_url), base_url))


def _sanitise_once(root, base_url: str) -> str:
    prepare_tree(root, base_url)
    body = root.find("body") if root.tag == "html" else root
    if body is None:
        return ""
    return strip_control_chars(SANITISER.clean(inner_html(body))).strip()


def settle(html: str, base_url: str = "") -> str:
    """Sanitise again until nothing changes, so that clean(clean(x)) == clean(x).

    lxml (libxml2) and nh3 (html5ever) repair invalid nesting differently: "<table><li>"
    comes out of nh3 as "<li></li><table></table>", which lxml then reads as a table inside
    the item. A round or two settles it; markup that never settles is kept as plain
    paragraphs, which both parsers read the same way.
    """
    for _ in range(MAX_SETTLING_ROUNDS):
        root = parse_html(html)
        again = _sanitise_once(root, base_url) if root is not None else ""
        if again == html:
            return html
        html = again
    paragraphs = html_to_text(html).split("\n\n")
    return SANITISER.clean("".join(f"<p>{htmllib.escape(p)}</p>" for p in paragraphs if p))


def clean(html: str, base_url: str = "") -> SanitisedHTML:
    """Safe HTML to store and show: the allow-list applied, URLs absolute, lazy images real,
    no image on an address the fetcher refuses.

    Idempotent: clean(clean(x)) == clean(x).
    """
    root = parse_html(html)
    return sanitise_tree(root, base_url) if root is not None else SanitisedHTML("")


# -- plain text, words and reading time -------------------------------------------------

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div",
    "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
}  # fmt: skip
SKIPPED_TAGS = {"script", "style", "template", "head", "title", "noscript"}
WORDS_PER_MINUTE = 230
# Chinese, Japanese and Korean need no spaces between words: each character counts as one.
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
SOFT_HYPHEN = "\xad"
BR = "\x00"  # control characters never reach the text, so NUL can mark a <br>
BR_PARAGRAPH_BREAK = re.compile(r"\x00\s*\x00[\s\x00]*")


def html_to_text(html: str) -> str:
    """Plain text for search and counting: paragraphs separated by blank lines."""
    root = parse_html(html)
    if root is None:
        return ""
    blocks: list[str] = []
    current: list[str] = []

    def flush():
        # A <br> is a line break, two in a row end a paragraph (pages built from <br>s only).
        text = "".join(current)
        current.clear()
        if BR not in text:
            text = normalize_space(text)
            if text:
                blocks.append(text)
            return
        for paragraph in BR_PARAGRAPH_BREAK.split(text):
            lines = (normalize_space(line) for line in paragraph.split(BR))
            paragraph = "\n".join(line for line in lines if line)
            if paragraph:
                blocks.append(paragraph)

    def walk(element):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIPPED_TAGS:
            pass
        elif tag == "br":
            current.append(BR)
        else:
            block = tag in BLOCK_TAGS
            if block:
                flush()
            elif tag in ("td", "th"):
                current.append(" ")
            if element.text:
                current.append(element.text)
            for child in element:
                walk(child)
            if block:
                flush()
        if element.tail:
            current.append(element.tail)

    walk(root)
    flush()
    # Soft hyphens only suggest where a word may break: in the text they would split it.
    return "\n\n".join(blocks).replace(SOFT_HYPHEN, "")


def count_words(text: str) -> int:
    """Words separated by spaces, plus one per Chinese, Japanese or Korean character."""
    cjk = len(CJK_CHAR.findall(text))
    if cjk:
        text = CJK_CHAR.sub(" ", text)
    return cjk + len(text.split())


def reading_minutes(word_count: int) -> int:
    """About 230 words a minute, rounded, and at least a minute for any text at all."""
    return max(1, math.floor(word_count / WORDS_PER_MINUTE + 0.5)) if word_count else 0
