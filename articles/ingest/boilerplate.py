"""What readers do not want around an article, recognised by general rules.

Nothing here knows a particular site: elements are judged by their tag, role, ARIA state,
class and id words, size and share of link text, the way Readability does. Pruning before
readability-lxml runs also makes it faster, since it walks a smaller tree.
"""

import re

from articles.ingest.clean import is_hidden, normalize_space, text_length, unwrap_noscript_images

# Never article text: code, styling, embedded documents, form controls, menus.
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "template", "link", "meta", "iframe", "frame", "object",
    "embed", "applet", "svg", "canvas", "input", "select", "textarea", "button", "dialog", "nav",
)  # fmt: skip
# Asides (pull quotes, sidebars, insets of other stories) and footers (tags, share, credits)
# go too, as Readability removes them, unless they hold the article.
ASIDE_TAGS = ("aside", "footer")
NON_CONTENT_ROLES = {
    "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
    "search", "banner", "contentinfo",
}  # fmt: skip
# Words in class or id naming boilerplate, with the most text such a block may hold before
# we suspect it is the article itself wearing an unlucky class name (None: any size).
WHOLE_WORD = r"(?:^|[\s_-])(?:{})(?:$|[\s_-])"
BOILERPLATE_PATTERNS = [
    (WHOLE_WORD.format(r"comments?|disqus|respond|replies|comment-list"), None),
    (
        WHOLE_WORD.format(
            r"share|sharing|sharebar|sharedaddy|sharethis|shareaholic|addthis|social"
        ),
        500,
    ),
    (r"newsletter|subscri(?:be|ption)|sign-?up|mailing-?list|opt-?in", 800),
    (r"cookie|gdpr|consent|onetrust", 1500),
    (r"related|recommend|read-?next|more-?stories|outbrain|taboola|trending|most-?popular", 2000),
    (WHOLE_WORD.format(r"ads?|advert\w*|sponsor\w*|promo|adslot|ad-slot"), 500),
    (r"breadcrumbs?|skip-?link|pagination|pager|print-?only", 300),
    (r"visually-?hidden|sr-only|screen-?reader|off-?screen", 300),
    # The reader shows the byline above the article; a byline block often adds a bio.
    (
        WHOLE_WORD.format(
            r"\w*-?byline|author-?(?:bio|info|box|card)|user-?bio|about-?the-?author"
        ),
        600,
    ),
]
# A teaser or card of another story: a short block leading to it through a link.
TEASER = re.compile(
    r"teaser|(?:post|article|story|news)[-_]*card|card[-_]*(?:post|article|story)", re.I
)
MAX_TEASER = 600
# One search rejects the many elements that match none, before finding which one matched.
ANY_BOILERPLATE = re.compile("|".join(words for words, _ in BOILERPLATE_PATTERNS), re.I)
BOILERPLATE_RULES = [(re.compile(words, re.I), most) for words, most in BOILERPLATE_PATTERNS]
# ... unless the class also names the article itself.
ARTICLE_HINT = re.compile(r"article|body|content|main|story|post-?text|entry", re.I)
# "Related article: <link>", "Read more: <link>", "See also <link>" inside the body.
READ_MORE_LABEL = re.compile(
    r"^\W*(?:related(?:\s+(?:articles?|stories|story|posts?|content|reading|coverage|links?))?"
    r"|read\s+(?:more|also|next|this)|more\s+(?:on\s+this|from|about|reading)|see\s+also"
    r"|also\s+read|recommended(?:\s+reading)?|you\s+(?:may|might)\s+(?:also\s+)?like"
    r"|don'?t\s+miss|must\s+read|further\s+reading|lire\s+aussi|à\s+lire\s+aussi"
    r"|lesen\s+sie\s+auch|mehr\s+zum\s+thema|leer\s+más|lea\s+también|leia\s+também"
    # Tag and topic lists: "Tags: <links>", "Filed under <links>".
    r"|tags?|topics?|themen|schlagw(?:ö|oe)rter|stichw(?:ö|oe)rter|categor(?:y|ies)|kategorien?"
    r"|filed\s+under|posted\s+in|latest\s+on|mots[-\s]cl(?:é|e)s|étiquettes|etiquetas)\b\s*[:：»›>|-]?",
    re.I,
)
# The whole text of an element that is a label of the page, not of the article: ads (as
# Readability.js recognises them), loading placeholders, print, share and comment buttons.
FURNITURE_LABEL = re.compile(
    r"^\W*(?:ad|ads|advert|advertisement|advertising|anzeige|werbung|reklame|publicité|pub"
    r"|publicidad|anuncio|pubblicità|sponsored|gesponsert|loading|chargement|cargando"
    r"|print|drucken|imprimer|share|teilen|partager|compartir|condividi|comment|comments"
    r"|kommentieren|kommentare|commenter|commentaires)\W*$",
    re.I,
)
FURNITURE_LABEL_TAGS = ("p", "div", "span", "small", "li", "a", "h2", "h3", "h4", "h5", "h6")
# A heading that announces links to other stories ("Related articles", "Auch interessant").
RELATED_HEADING = re.compile(
    r"^\W*(?:related(?:\s+(?:articles?|stories|posts?|content|reading|coverage|links?))?"
    r"|more\s+(?:on\s+this(?:\s+(?:topic|story))?|stories|articles)"
    r"|(?:you|we\s+think\s+you)\s+(?:may|might|will)\s+(?:also\s+)?(?:like|enjoy)"
    r"|recommended(?:\s+(?:for\s+you|reading|articles|stories))?"
    r"|(?:most\s+)?(?:popular|read|viewed|trending)(?:\s+(?:now|stories|articles))?"
    r"|ähnliche\s+(?:beiträge|artikel|themen)|weitere\s+(?:beiträge|artikel|themen)"
    r"|(?:das|dies)\s+(?:thema\s+)?könnte\s+(?:dich|sie)\s+auch\s+interessieren"
    r"|auch\s+interessant|mehr\s+zum\s+thema|lesen\s+sie\s+auch|meistgelesen"
    r"|(?:à\s+)?lire\s+aussi|sur\s+le\s+même\s+sujet|articles\s+similaires"
    r"|(?:te\s+puede\s+interesar|artículos\s+relacionados|noticias\s+relacionadas))\W*$",
    re.I,
)
# "More about the economy", "More from Example News": related links only when links follow.
MORE_ABOUT_HEADING = re.compile(r"^\W*more\s+(?:from|about|on)\s+.{1,40}$", re.I)
HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
SHORT_ELEMENTS = ".//*[{tags}][string-length(normalize-space()) < {length}]"
FURNITURE_TAGS_XPATH = " or ".join(f"self::{tag}" for tag in FURNITURE_LABEL_TAGS)
HEADINGS_XPATH = " or ".join(f"self::{tag}" for tag in (*HEADING_TAGS, "p"))
# The link closing a teaser of another story: "… Read more", "… Weiterlesen".
CONTINUE_LINK = re.compile(
    r"^\W*(?:read\s+more|continue\s+reading|more|weiterlesen|mehr|mehr\s+lesen|lire\s+la\s+suite"
    r"|en\s+savoir\s+plus|leer\s+más|seguir\s+leyendo|continua\s+a\s+leggere|leggi\s+tutto)\W*$",
    re.I,
)
MAX_TEASER_BLOCK = 500


def link_density(element, length: int | None = None) -> float:
    length = text_length(element) if length is None else length
    links = sum(text_length(a) for a in element.iter("a"))
    return links / max(length, 1)


def _protected(element) -> bool:
    """The article's own containers, which no boilerplate rule may remove."""
    if element.tag in ("html", "body", "article", "main", "figure"):
        return True
    if "articleBody" in (element.get("itemprop") or ""):
        return True
    return element.find(".//article") is not None or element.find(".//main") is not None


def prune_non_content(root, by_class: bool = True) -> None:
    """Remove, in place, what is never part of an article: before readability-lxml runs.

    by_class: also remove blocks whose class or id names boilerplate (share bars, comments...).
    """
    unwrap_noscript_images(root)  # before <noscript> goes: it may hold the only real image
    for element in list(root.iter(*NON_CONTENT_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    # Only elements with one of these attributes can be hidden or have a role: asking libxml2
    # for them is much faster than visiting every element in Python.
    flagged = root.xpath(
        "//*[@hidden or @style or @aria-hidden or @role or @aria-modal] | //aside | //footer"
    )
    for element in flagged:
        if element.tag in ("html", "body") or element.getparent() is None:
            continue
        if _is_invisible(element) or (_is_furniture(element) and not _protected(element)):
            element.drop_tree()
    if by_class:
        remove_boilerplate_blocks(root)


def _is_invisible(element) -> bool:
    if is_hidden(element):
        return True
    # aria-hidden also marks decorative copies; Readability keeps its "fallback-image" class.
    return element.get("aria-hidden") == "true" and "fallback-image" not in (
        element.get("class") or ""
    )


def _is_furniture(element) -> bool:
    """Menus, banners, dialogs, asides and footers: the page around the article."""
    return (
        (element.get("role") or "").strip().lower() in NON_CONTENT_ROLES
        or element.get("aria-modal") == "true"
        or element.tag in ASIDE_TAGS
    )


def remove_boilerplate_blocks(root) -> None:
    """Share bars, comment sections, newsletter and cookie boxes, related links, ads."""
    for element in root.xpath("//*[@class or @id]"):
        if element.getparent() is None:  # already removed with an ancestor
            continue
        hint = f"{element.get('class') or ''} {element.get('id') or ''}".strip()
        if not ANY_BOILERPLATE.search(hint):
            if _is_teaser(element, element.get("class") or "") and not _protected(element):
                element.drop_tree()
            continue
        for pattern, max_length in BOILERPLATE_RULES:
            if not pattern.search(hint):
                continue
            others = " ".join(word for word in hint.split() if not pattern.search(word))
            if ARTICLE_HINT.search(others) or _protected(element):
                break  # "post-content share-enabled": the article, not a share bar
            if max_length is None or text_length(element) <= max_length:
                element.drop_tree()
            break


def _is_teaser(element, hint: str) -> bool:
    """A teaser or card of another story; an article's own lead ("article-teaser") has no link."""
    if not TEASER.search(hint):
        return False
    length = text_length(element)
    return length <= MAX_TEASER and link_density(element, length) >= 0.2


def remove_read_more_lines(article) -> None:
    """Paragraphs that only point elsewhere: "Related article: <link>", "Read more: ..."."""
    # Only blocks holding a link qualify; libxml2 finds those faster than a Python loop.
    blocks = article.xpath(
        ".//*[self::p or self::div or self::li or self::h2 or self::h3 or self::h4 or self::h5"
        " or self::h6 or self::strong or self::b][.//a]"
    )
    for element in blocks:
        if element.getparent() is None:
            continue
        text = normalize_space(element.text_content())
        if (
            0 < len(text) <= 250
            and READ_MORE_LABEL.match(text)
            and link_density(element, len(text)) >= 0.4
        ):
            _drop_with_empty_parents(element)


def remove_furniture_labels(article) -> None:
    """Elements whose whole text is "Advertisement", "Loading…", "Print" or "Share"."""
    # Only short elements qualify; libxml2 finds those faster than a Python loop.
    for element in article.xpath(SHORT_ELEMENTS.format(tags=FURNITURE_TAGS_XPATH, length=40)):
        if element is article or element.getparent() is None:
            continue
        if FURNITURE_LABEL.match(element.text_content()) and element.find(".//img") is None:
            _drop_with_empty_parents(element)


def remove_related_blocks(article) -> None:
    """A "Related articles" heading, and the links to other stories that follow it."""
    for heading in article.xpath(SHORT_ELEMENTS.format(tags=HEADINGS_XPATH, length=80)):
        text = heading.text_content()
        related = RELATED_HEADING.match(text)
        if heading.getparent() is None or not (related or MORE_ABOUT_HEADING.match(text)):
            continue
        links = []
        for sibling in heading.itersiblings():
            if sibling.tag in HEADING_TAGS or link_density(sibling) < 0.5:
                break
            links.append(sibling)
        if related or links:
            for element in (*links, heading):
                _drop_with_empty_parents(element)


def remove_story_teasers(article) -> None:
    """Short blocks ending in a "Read more" link: the start of another story, not this one."""
    for link in article.xpath(SHORT_ELEMENTS.format(tags="self::a", length=40)):
        if link.getparent() is None or not CONTINUE_LINK.match(link.text_content()):
            continue
        block = next(link.iterancestors("p", "div", "li", "section"), None)
        if block is None or block is article or text_length(block) > MAX_TEASER_BLOCK:
            continue
        if normalize_space(block.text_content()).endswith(normalize_space(link.text_content())):
            _drop_with_empty_parents(block)


def _drop_with_empty_parents(element) -> None:
    parent = element.getparent()
    element.drop_tree()
    while parent is not None and parent.getparent() is not None and not _has_content(parent):
        grandparent = parent.getparent()
        parent.drop_tree()
        parent = grandparent


def _has_content(element) -> bool:
    return bool(element.text_content().strip()) or element.find(".//img") is not None
