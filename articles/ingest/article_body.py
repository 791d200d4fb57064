"""Finding the article's body with readability-lxml, on a tree we already parsed and pruned."""

import copy
import logging

from lxml.etree import tounicode
from readability import Document
from readability.readability import Unparseable

from articles.ingest.boilerplate import SPACES

# readability-lxml logs a full traceback for pages it cannot handle; we report those ourselves.
logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


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
        total = _text_length(elem)
        if not total:
            return 0.0
        return sum(_text_length(a) for a in elem.iter("a")) / total

    def select_best_candidate(self, candidates):
        """readability's pick, widened to the page's own <article> or articleBody around it.

        readability-lxml scores paragraphs only, so in a post made of lists, captions and
        short paragraphs it settles on a fragment. When the page marks up its article and
        that container holds clearly more text with few links, the container is the body.
        """
        best = super().select_best_candidate(candidates)
        if best is None:
            return None
        elem = best["elem"]
        container = next(
            (
                e
                for e in elem.iterancestors()
                if e.tag == "article" or "articleBody" in (e.get("itemprop") or "")
            ),
            None,
        )
        if container is None:
            return best
        if _text_length(container) < _text_length(elem) * 1.1:
            return best
        if self.get_link_density(container) > 0.25:
            return best
        candidate = candidates.get(container) or self.score_node(container)
        candidate["content_score"] = max(candidate["content_score"], best["content_score"])
        candidates[container] = candidate
        return candidate

    def get_clean_html(self):
        # summary() only needs the length of this; the element itself is read from self.html.
        return tounicode(self.html, method="html")


def _text_length(element) -> int:
    return len(SPACES.sub(" ", element.text_content()).strip())


def find_article_body(root):
    """The element holding the article's body, or None when readability finds nothing."""
    document = PrunedDocument(root, min_text_length=25, retry_length=250)
    try:
        document.summary(html_partial=True)
    except Unparseable:
        return None
    body = document.html
    if body is None or not SPACES.sub("", body.text_content()):
        return None
    return body
