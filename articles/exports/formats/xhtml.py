"""Sanitised article HTML made into XHTML that an EPUB validator accepts.

Pages on the web break HTML's content rules all the time (a list inside a paragraph, a `<dd>`
without its `<dt>`, text straight inside a table) and browsers shrug; EPUBCheck does not. Each
break is mended the plainest way, keeping the text: an element that may hold only text but holds
blocks becomes a `<div>`; a list's stray children go into items; a description list or table
built wrongly becomes plain blocks. Then images become links to them (remote images are not
allowed in an EPUB), and attribute values a validator would refuse go.
"""

from html import escape

import lxml.etree
import lxml.html

PHRASING = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins",
    "kbd", "mark", "q", "ruby", "rp", "rt", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "u", "var", "wbr",
}  # fmt: skip
TRANSPARENT = {"a", "del", "ins"}  # phrasing only when their parent is
# Elements whose content must be phrasing (text and inline elements) only.
TEXT_ONLY = (PHRASING - TRANSPARENT) | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
TABLE_PARTS = {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"}
_NUMBER_ATTRIBUTES = {"colspan", "rowspan", "span", "start", "value"}
_DROPPED_ATTRIBUTES = {"datetime", "lang", "type", "scope", "open", "reversed"}


def to_xhtml(html: str) -> str:
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for img in list(root.iter("img")):
        _image_to_link(img)
    for element in list(root.iter("a")):
        if any(parent.tag == "a" for parent in element.iterancestors()):
            element.drop_tag()
    # libxml2 does not know <wbr> is empty and puts what follows inside it; a word-break hint
    # is not worth that.
    for element in list(root.iter("wbr")):
        element.drop_tag()
    for element in reversed(list(root.iter())):
        if isinstance(element.tag, str) and element is not root:
            _mend(element)
    for element in root.iter():
        if isinstance(element.tag, str):
            for name, value in list(element.attrib.items()):
                if _invalid_attribute(name, value):
                    del element.attrib[name]
    parts = [escape(root.text or "")]
    parts += [lxml.etree.tostring(child, method="xml", encoding="unicode") for child in root]
    return "".join(parts)


def _mend(element) -> None:
    """Children are mended before their parents, so a parent sees its children's final tags."""
    tag, parent = element.tag, element.getparent()
    if tag == "strike":
        element.tag = tag = "s"
    if tag in TEXT_ONLY and any(_is_block(child) for child in element):
        element.tag = "div"
    elif tag in ("ul", "ol"):
        _wrap_strays_in_items(element)
    elif tag == "li" and parent.tag not in ("ul", "ol"):
        element.tag = "div"
    elif tag == "dl" and not _proper_description_list(element):
        _flatten(element, {"dl": "div", "dt": "p", "dd": "div"})
    elif tag in ("dt", "dd") and parent.tag != "dl":
        element.tag = "p" if tag == "dt" else "div"
    elif (tag == "figcaption" and not _first_or_last_in(element, "figure")) or (
        tag == "summary" and not (parent.tag == "details" and parent.index(element) == 0)
    ):
        element.tag = "p"
    elif tag in ("rt", "rp") and parent.tag != "ruby":
        element.tag = "span"
    elif tag == "table" and not _proper_table(element):
        _flatten(element, {t: "div" for t in TABLE_PARTS} | {"caption": "p"})
    elif tag in TABLE_PARTS - {"table"} and not _inside_table(element):
        element.tag = "div"


def _is_block(element) -> bool:
    if not isinstance(element.tag, str):
        return False
    if element.tag in TRANSPARENT:
        return any(_is_block(child) for child in element)
    return element.tag not in PHRASING


def _wrap_strays_in_items(element) -> None:
    """Items stay; each run of anything else (text included) between them becomes an item."""
    pieces = [element.text] if (element.text or "").strip() else []
    element.text = None
    for child in list(element):
        tail, child.tail = child.tail, None
        element.remove(child)
        pieces.append(child)
        if (tail or "").strip():
            pieces.append(tail)
    item = None
    for piece in pieces:
        if not isinstance(piece, str) and piece.tag == "li":
            element.append(piece)
            item = None
            continue
        if item is None:
            item = lxml.html.Element("li")
            element.append(item)
        if not isinstance(piece, str):
            item.append(piece)
        elif len(item):
            item[-1].tail = (item[-1].tail or "") + piece
        else:
            item.text = (item.text or "") + piece


def _proper_description_list(element) -> bool:
    """dt+ dd+ groups, and nothing else but whitespace."""
    tags = [c.tag for c in element]
    if (element.text or "").strip() or any((c.tail or "").strip() for c in element):
        return False
    return bool(tags) and tags[0] == "dt" and tags[-1] == "dd" and set(tags) <= {"dt", "dd"}


def _proper_table(table) -> bool:
    allowed = {
        "table": {"caption", "colgroup", "thead", "tbody", "tfoot", "tr"},
        "thead": {"tr"}, "tbody": {"tr"}, "tfoot": {"tr"}, "tr": {"td", "th"},
        "colgroup": {"col"},
    }  # fmt: skip
    for part in [table, *table.iterdescendants(*allowed)]:
        if part is not table and not _inside_table(part):
            continue
        if (part.text or "").strip() or any((c.tail or "").strip() for c in part):
            return False
        if any(not isinstance(c.tag, str) or c.tag not in allowed[part.tag] for c in part):
            return False
    captions = table.findall("caption")
    return not captions or (len(captions) == 1 and table.index(captions[0]) == 0)


def _inside_table(element) -> bool:
    parent = element.getparent()
    expected = {
        "caption": {"table"}, "colgroup": {"table"}, "col": {"colgroup"}, "thead": {"table"},
        "tbody": {"table"}, "tfoot": {"table"}, "tr": {"table", "thead", "tbody", "tfoot"},
        "td": {"tr"}, "th": {"tr"}, "table": None,
    }[element.tag]  # fmt: skip
    return expected is None or (parent is not None and parent.tag in expected)


def _flatten(element, renames: dict[str, str]) -> None:
    for part in [element, *element.iterdescendants(*renames)]:
        if part.tag == "col" or part.tag == "colgroup":
            part.drop_tree()
        else:
            part.tag = renames[part.tag]


def _first_or_last_in(element, parent_tag: str) -> bool:
    parent = element.getparent()
    if parent is None or parent.tag != parent_tag:
        return False
    children = [c for c in parent if isinstance(c.tag, str)]
    return element is children[0] or element is children[-1]


def _image_to_link(img) -> None:
    src = img.get("src", "")
    in_link = any(parent.tag == "a" for parent in img.iterancestors())
    if src.startswith(("http://", "https://")) and not in_link:
        replacement = lxml.html.Element("a", href=src)
    else:
        replacement = lxml.html.Element("span")
    replacement.text = f"[{img.get('alt', '').strip() or 'image'}]"
    replacement.tail = img.tail
    img.getparent().replace(img, replacement)


def _invalid_attribute(name: str, value: str) -> bool:
    if name == "href":
        return value.startswith("#") or not value.strip() or " " in value.strip()
    if name in _NUMBER_ATTRIBUTES:
        return not value.strip().isdigit() or (int(value) == 0 and name != "start")
    if name == "dir":
        return value not in ("ltr", "rtl", "auto")
    if name == "title":
        return not value.strip()
    # A date that is not one (datetime="yesterday") or a language tag that is not one fails
    # validation, and the text around them says it all.
    return name in _DROPPED_ATTRIBUTES
