"""What a response's bytes are, and the text they hold, whatever the headers claim.

`decode_html` turns bytes into text. Sources are tried in order, and a declared charset that
cannot decode the bytes strictly is skipped rather than trusted: byte order mark, then valid
UTF-8, then the Content-Type charset, then <meta charset> near the top, then detection. Labels
are read as browsers read them (WHATWG Encoding): "gb2312" means gb18030, "iso-8859-1" and
"ascii" mean windows-1252.

`describe_type`, `looks_like_html` and `file_kind` say what a response is, in words, when its
label is missing or wrong.
"""

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Browsers look for <meta charset> in the first 1024 bytes; pages that put it a little later
# (after a long comment or <title>) are common enough to look a bit further.
_META_WINDOW = 4096
_DETECTION_SAMPLE = 256 * 1024

# WHATWG labels whose Python codec of the same name differs from what browsers decode.
_BROWSER_EQUIVALENT = {
    **dict.fromkeys(["gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "gb_2312-80"], "gb18030"),
    **dict.fromkeys(["iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii",
                     "cp819", "ibm819", "iso_8859-1"], "cp1252"),
    **dict.fromkeys(["iso-8859-9", "iso8859-9", "latin5", "l5"], "cp1254"),
    **dict.fromkeys(["tis-620", "iso-8859-11", "windows-874"], "cp874"),
    **dict.fromkeys(["shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j"],
                    "cp932"),
    **dict.fromkeys(["euc-kr", "ks_c_5601-1987", "korean", "windows-949"], "cp949"),
    "big5": "big5hkscs",
}  # fmt: skip
# The encodings of the web platform (as Python codec names); anything else a page declares
# (utf-7, utf-16 without a BOM, Python-only codecs such as rot13) is ignored.
_WEB_ENCODINGS = {
    "utf-8", "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "cp874", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "gb18030",
    "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949",
    *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
}  # fmt: skip

# How an HTML document may begin (the WHATWG MIME sniffing standard's HTML signatures).
_HTML_TAGS = (
    b"<!doctype html", b"<html", b"<head", b"<body", b"<title", b"<script", b"<iframe", b"<h1",
    b"<div", b"<font", b"<table", b"<a", b"<style", b"<b", b"<br", b"<p", b"<!--",
)  # fmt: skip
_FILE_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "an image"),
    (b"GIF8", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a compressed file"),
)

# C0 controls other than tab, line feed and carriage return: PostgreSQL refuses NUL in text and
# HTML has no use for the rest. Form feed is whitespace in HTML, so it becomes a space.
_CONTROLS = {code: None for code in range(0x20) if chr(code) not in "\t\n\r"} | {0x0C: " "}


def decode_html(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Return the page's text and the encoding used to decode it. Never fails on bad bytes."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return _clean(body[len(bom) :].decode(encoding, "replace")), encoding
    header = _HEADER_CHARSET.search(content_type)
    meta = _META_CHARSET.search(body[:_META_WINDOW])
    declared = [
        header and web_encoding(header[1]),
        meta and web_encoding(meta[1].decode("ascii")),
    ]
    # Valid UTF-8 with non-ASCII bytes is, in practice, never legacy text that happens to be
    # valid: it outranks a header or <meta> naming a legacy charset (a common lie). Plain ASCII
    # is UTF-8 too when nothing says otherwise.
    candidates = declared + ["utf-8"] if body.isascii() else ["utf-8", *declared]
    for encoding in filter(None, candidates):
        try:
            return _clean(body.decode(encoding)), encoding
        except UnicodeDecodeError:
            continue
    encoding = _detect(body)
    return _clean(body.decode(encoding, "replace")), encoding


def web_encoding(label: str) -> str | None:
    """The Python codec a browser would use for this charset label, or None if it has none."""
    label = label.strip().lower()
    try:
        encoding = codecs.lookup(_BROWSER_EQUIVALENT.get(label, label)).name
    except LookupError:
        return None
    return encoding if encoding in _WEB_ENCODINGS else None


def _detect(body: bytes) -> str:
    """charset-normalizer's best guess among the web's encodings; windows-1252 wins ties, as in
    browsers (short Western texts often score the same in windows-1250 and windows-1252)."""
    guesses = [
        (guess, encoding)
        for guess in charset_normalizer.from_bytes(body[:_DETECTION_SAMPLE])
        if (encoding := web_encoding(guess.encoding))
    ]
    if not guesses:
        return "cp1252"
    best = guesses[0][0]
    tied = {e for g, e in guesses if (g.chaos, g.coherence) == (best.chaos, best.coherence)}
    return "cp1252" if "cp1252" in tied else guesses[0][1]


def _clean(text: str) -> str:
    return text.translate(_CONTROLS)


def describe_type(media_type: str) -> str:
    """A media type in the words a reader would use."""
    kind = media_type.partition("/")[0]
    words = {
        "application/pdf": "a PDF document",
        "application/octet-stream": "a file to download",
        "application/json": "JSON data",
        "application/rss+xml": "a news feed",
        "application/atom+xml": "a news feed",
        "text/plain": "a plain text file",
        "text/css": "a style sheet",
        "application/zip": "a zip archive",
    }
    kinds = {"image": "an image", "video": "a video", "audio": "an audio file", "font": "a font"}
    return words.get(media_type) or kinds.get(kind) or f"a file of type {media_type}"


def looks_like_html(head: bytes) -> bool:
    """The HTML signatures of the WHATWG MIME sniffing standard, for pages sent without a type."""
    head = head.lstrip(b"\xef\xbb\xbf\t\n\x0c\r ").lower()
    # Each signature must end the tag name: "<a " or "<a>" but not "<abbr".
    return any(re.match(re.escape(tag) + rb"[ >]", head) for tag in _HTML_TAGS)


def file_kind(head: bytes) -> str | None:
    """What a file is by its first bytes (a PDF, an image...), whatever its label says."""
    return next((kind for magic, kind in _FILE_SIGNATURES if head.startswith(magic)), None)
