"""Finding the article's body with readability-lxml, on a tree we already parsed and pruned."""

import copy
import logging
import re

from lxml.etree import tounicode
from readability import Document
from readability.readability import Unparseable

from articles.ingest.boilerplate import link_density
from articles.ingest.clean import parse_html, text_length

# readability-lxml logs a full traceback for pages it cannot handle; we report those ourselves.
logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


# readability-lxml runs several regular expressions over each paragraph's text: past this
# much text (a long book chapter, or a pathological page) its time grows out of proportion.
MAX_SCORED_TEXT = 300_000
WIDEN_RATIO = 1.1  # the container must add a tenth more text to be worth its extra parts
# Readability.js's words for class and id values (readability-lxml has older lists).
UNLIKELY = re.compile(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer"
    r"|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social"
    r"|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote",
    re.I,
)
MAYBE_CONTENT = re.compile(r"and|article|body|column|content|main|mathjax|shadow", re.I)
POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", re.I
)
NEGATIVE = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr"
    r"|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper"
    r"|sponsor|shopping|tags|widget",
    re.I,
)
# Class words of an article's lead paragraph, set apart above its body.
STANDFIRST = re.compile(
    r"(?:^|[\s_-])(?:intro|lead|lede|standfirst|chapo|chapeau|summary|deck|dek|abstract|sapo"
    r"|vorspann|teaser-?text|article-?teaser|excerpt)(?:$|[\s_-])",
    re.I,
)
SENTENCE_END = re.compile(r"\.( |$)")
SEMANTIC_CONTAINERS = "//*[contains(@itemprop, 'articleBody')] | //article | //main"


class PrunedDocument(Document):
    """readability-lxml's Document, fed our parsed tree instead of a string.

    The stock _parse re-parses the page, runs lxml's Cleaner and rewrites every link of the
    whole page: a third of its time, all of it redundant here (the tree is pruned already and
    the sanitiser makes the few surviving links absolute). summary() parses again before its
    lenient second attempt, so each parse gets a fresh copy of the pruned tree.
    """

    def _parse(self, input):
        self.encoding = "utf-8"
        return copy.deepcopy(input)

    def get_link_density(self, elem):
        # Same measure as the stock one, without three regular expressions per link.
        total = text_length(elem)
        if not total:
            return 0.0
        return sum(text_length(a) for a in elem.iter("a")) / total

    def remove_unlikely_candidates(self):
        """Readability.js's list of unlikely class and id words, not readability-lxml's.

        readability-lxml's also has "tweet", "twitter" and "foot", which cost embedded tweets
        and footnotes; boilerplate.py already took out what those words were after.
        """
        for elem in self.html.xpath("//*[@class or @id]"):
            hint = f"{elem.get('class', '')} {elem.get('id', '')}"
            if (
                UNLIKELY.search(hint)
                and not MAYBE_CONTENT.search(hint)
                and elem.tag not in ("html", "body", "a")
                and elem.getparent() is not None
                and not elem.xpath("ancestor::table | ancestor::code | ancestor::pre")
                and not elem.xpath(
                    "descendant-or-self::*[self::article or self::main or self::math]"
                )
            ):
                elem.drop_tree()

    def class_weight(self, e):
        # Readability.js's words: readability-lxml's also penalise "tool", "foot" and
        # "footnote", and so drop footnotes and headings with ids like "#toolchains".
        weight = 0
        for feature in (e.get("class"), e.get("id")):
            if feature:
                weight -= 25 if NEGATIVE.search(feature) else 0
                weight += 25 if POSITIVE.search(feature) else 0
        return weight

    def select_best_candidate(self, candidates):
        """readability-lxml's pick, then Readability.js's second look at its ancestors."""
        best = super().select_best_candidate(candidates)
        if best is None:
            return None
        best = self.climb_to_better_parent(best, candidates)
        return self.widen_to_article(best, candidates)

    def climb_to_better_parent(self, best, candidates):
        """An ancestor scoring higher than the one below it holds more of the article.

        Pages split a story into an intro and a "read more" part: the part with most text
        wins, and its parent, which holds both, scores higher than its own parent did.
        """
        last_score = best["content_score"]
        floor = last_score / 3
        for parent in best["elem"].iterancestors():
            if parent.tag == "body":
                break
            if parent not in candidates:
                continue
            score = candidates[parent]["content_score"]
            if score < floor:
                break
            if score > last_score:
                return candidates[parent]
            last_score = score
        return best

    def widen_to_article(self, best, candidates):
        """The page's own <article> or articleBody around the pick, when it holds more.

        readability-lxml scores paragraphs only, so in a post made of lists, captions and
        short paragraphs it settles on a fragment. When the page marks up its article and
        that container holds clearly more text with few links, the container is the body.
        """
        elem = best["elem"]
        self.widened_from = elem
        container = next(
            (
                e
                for e in elem.iterancestors()
                if e.tag in ("article", "main") or "articleBody" in (e.get("itemprop") or "")
            ),
            None,
        )
        if container is None:
            return best
        if text_length(container) < text_length(elem) * WIDEN_RATIO:
            return best
        if self.get_link_density(container) > 0.3:
            return best
        return self._as_candidate(container, best, candidates)

    def _as_candidate(self, elem, best, candidates):
        candidate = candidates.get(elem) or self.score_node(elem)
        candidate["content_score"] = max(candidate["content_score"], best["content_score"])
        candidates[elem] = candidate
        return candidate

    def get_article(self, candidates, best_candidate, html_partial=False):
        """Siblings join the body when they score enough; three more kinds join here.

        A figure has no paragraph to score with, so the photo above a story was lost; a
        sibling wearing the body's own class is another page or part of the same story
        (Readability.js gives it a fifth of the body's score as a bonus); and a sibling
        paragraph is judged on all its text, where readability-lxml reads only the text
        before its first link.
        """
        bonus = best_candidate["content_score"] * 0.2
        threshold = max(10, bonus)
        best = best_candidate["elem"]
        classes = best.get("class")
        for sibling in (*best.itersiblings(preceding=True), *best.itersiblings()):
            if sibling.tag == "figure" and sibling not in candidates:
                candidates[sibling] = {"content_score": threshold, "elem": sibling}
            elif classes and sibling.get("class") == classes and sibling in candidates:
                candidates[sibling]["content_score"] += bonus
            elif sibling.tag == "p" and sibling not in candidates and self.is_prose(sibling):
                candidates[sibling] = {"content_score": threshold, "elem": sibling}
        lede = standfirst_above(best)  # before readability-lxml moves the body elsewhere
        article = super().get_article(candidates, best_candidate, html_partial)
        if lede is not None and lede.getparent() is not None and lede not in article.iter():
            article.insert(0, lede)
        return article

    def is_prose(self, paragraph) -> bool:
        length = text_length(paragraph)
        density = self.get_link_density(paragraph)
        if length > 80:
            return density < 0.25
        return density == 0 and bool(SENTENCE_END.search(paragraph.text_content()))

    def get_preserved_elements(self, node):
        # Its cleaning judges tables like layout: a small table of figures has "too little
        # text" and goes. Readers want data tables, so those are kept whole.
        preserved = super().get_preserved_elements(node)
        preserved.update((table, True) for table in node.iter("table") if is_data_table(table))
        preserved.update((lst, True) for lst in node.iter("ul", "ol") if self.is_prose_list(lst))
        preserved.update(
            (part, True) for part in node.iter("header", "section") if self.class_weight(part) >= 0
        )
        # Widened to the page's <article>: the wrappers between it and the paragraphs that
        # scored best hold the story, whatever their class names say ("widget-area").
        core = getattr(self, "widened_from", None)
        if core is not None:
            preserved.update((wrapper, True) for wrapper in core.iterancestors())
        return preserved

    def is_prose_list(self, element) -> bool:
        """A list inside the body is part of it unless its class says otherwise.

        readability-lxml drops any list with more than a fifth of link text: the bullets of
        release notes, sources, steps. Readability.js keeps lists, and menus never get this
        far (boilerplate.py removed them, and they are rarely inside the body).
        """
        weight = self.class_weight(element)
        if weight < 0 or element.find("li") is None:
            return False
        return weight < 25 or self.get_link_density(element) <= 0.5

    def get_clean_html(self):
        # summary() only needs the length of this; the element itself is read from self.html.
        return tounicode(self.html, method="html")


def standfirst_above(body):
    """The article's standfirst ("intro", "chapo") just above its body but outside it.

    Pages set the lead paragraph apart, beside the title, where readability-lxml's look at
    the body's siblings does not reach.
    """
    element = body
    for _ in range(3):
        for sibling in element.itersiblings(preceding=True):
            length = text_length(sibling)
            if not length or sibling.tag == "figure":
                continue
            hint = f"{sibling.get('class', '')} {sibling.get('id', '')}"
            if sibling.tag in ("p", "div") and STANDFIRST.search(hint) and length <= 800:
                return sibling
            return None  # some other text (the title, a byline): no standfirst here
        element = element.getparent()
        if element is None or element.tag == "body":
            return None
    return None


def wrap_images_in_figures(root) -> None:
    """Give each image a <figure> readability-lxml will not throw away.

    Its cleaning drops every <div> without text, and that is how most pages wrap their
    images (and the inside of their <figure>s). So wrappers inside a figure are unwrapped,
    and the outermost wrapper holding nothing but one image becomes the figure.
    """
    for figure in root.iter("figure"):
        for wrapper in list(figure.iter("div", "span", "picture")):
            if wrapper is not figure:
                wrapper.drop_tag()
    for img in list(root.iter("img")):
        if next(img.iterancestors("figure"), None) is not None:
            continue
        wrapper = None
        for ancestor in img.iterancestors():
            if ancestor.text_content().strip() or len(ancestor.xpath(".//img")) > 1:
                break
            if ancestor.tag in ("div", "span", "picture", "p"):
                wrapper = ancestor
            elif ancestor.tag != "a":  # a linked image is still just an image
                break
        if wrapper is not None:
            wrapper.tag = "figure"


def is_data_table(table) -> bool:
    """A table of data rather than of layout, by Readability's signs."""
    if (table.get("role") or "") == "presentation" or table.find(".//table") is not None:
        return False
    if table.get("summary") or table.find(".//caption") is not None:
        return True
    if table.xpath(".//thead | .//tfoot | .//colgroup | .//col | .//th"):
        return True
    rows = table.xpath(".//tr")
    columns = max((len(row.xpath("./td | ./th")) for row in rows), default=0)
    return len(rows) >= 10 or columns > 4 or len(rows) * columns > 10


def find_article_body(root):
    """The element holding the article's body, or None when readability finds nothing."""
    wrap_images_in_figures(root)
    body = root.find("body")
    if body is not None and text_length(body) > MAX_SCORED_TEXT:
        # So much text is the article, or near enough: the page's own container, pruned.
        return next(iter(root.xpath(SEMANTIC_CONTAINERS)), body)
    document = PrunedDocument(root, min_text_length=25, retry_length=250)
    try:
        document.summary(html_partial=True)
    except Unparseable:
        return None
    body = document.html
    if body is None or not body.text_content().strip():
        return None
    return body


class ParsedDocument(Document):
    """Stock readability-lxml on a tree we parsed (bounded depth, our encoding handling)."""

    def _parse(self, input):
        self.encoding = "utf-8"
        return copy.deepcopy(input)


def readability_body(root):
    """readability-lxml's own pick, unpruned: the last resort when no other rule found text."""
    try:
        summary = ParsedDocument(root).summary(html_partial=True)
    except Unparseable:
        return None
    body = parse_html(summary)
    if body is None or link_density(body) > 0.5:
        return None  # a menu or a list of links, not an article
    return body
